"""What keeps the headless commands quick to start (bench/run.py measures the time; no test here
carries a wall-clock limit): the modules a command loads, and the collector left as found."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

#: Modules no `report` (or `history`) of a preset from a warm cache needs: the path engine and
#: its output, the what-if engine (no what-ifs given), the web server's networking, TOML parsing
#: (the cache holds the validated preset; no config file here), pydantic, OpenSSL's hashlib and textual.
NOT_NEEDED = (
    "calc.engine.timeline",  # (history needs it; a report reads the printed totals only)
    "calc.engine.path",
    "calc.output.path",
    "calc.engine.changes",
    "socket",
    "tomllib",
    "tempfile",
    "difflib",
    "pydantic",
    "_hashlib",
    "textual",
)


def _loaded(tmp_path, *argv: str) -> set[str]:
    code = (
        "import sys, io, contextlib\n"
        "from calc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({list(argv)!r}) == 0\n"
        f"print(' '.join(m for m in {NOT_NEEDED!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "NATO_CALC_CACHE_DIR": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("NATO_CALC_NO_CACHE", None)
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)  # fills the cache
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    ("argv", "needed"),
    [
        (("report", "--format", "json"), set()),
        (("report", "--preset", "nato-2026@2025", "--format", "json"), set()),
        (("history", "--member", "POL", "--format", "json"), {"calc.engine.timeline"}),
        # a name is resolved as the what-ifs' members are (a code, a name or an alias)
        (
            ("history", "--member", "Poland", "--format", "json"),
            {"calc.engine.timeline", "calc.engine.changes"},
        ),
    ],
)
def test_a_report_or_history_from_a_warm_cache_loads_none_of_what_it_does_not_need(tmp_path, argv, needed):
    assert _loaded(tmp_path, *argv) == needed


def test_a_headless_command_leaves_the_cyclic_collector_as_it_found_it(capsys):
    from calc.cli import main

    assert gc.isenabled()
    assert main(["report", "--preset", "nato-2025", "--format", "json"]) == 0
    assert gc.isenabled()
    assert main(["report", "--preset", "no-such-preset"]) == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["report", "--preset", "nato-2025", "--format", "csv"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
    capsys.readouterr()
