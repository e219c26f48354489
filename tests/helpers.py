"""What several test folders share: where the test data lives, and the TUI app as the tests
build it. A real module (``from helpers import ...``; ``tests/`` is on the path through
pyproject's ``pythonpath``), never ``from conftest import``."""

from __future__ import annotations

from pathlib import Path

#: The repository, ``tests/``, its synthetic presets and scenarios, and the expected CLI output.
ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
#: The TUI tests' fixed small presets (``test-2025`` ...) and scenarios.
PRESETS = TESTS / "tui" / "data" / "presets"
SCENARIOS = TESTS / "tui" / "data" / "scenarios"
THEME = "textual-dark"


def check_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``tests/golden/NAME`` (written instead with
    ``NATO_CALC_UPDATE_GOLDEN=1``)."""
    import os

    path = GOLDEN / name
    if os.environ.get("NATO_CALC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run with NATO_CALC_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"


def spy(monkeypatch, owner, name: str) -> list[tuple[tuple, object]]:
    """Record every call of ``owner.name`` as (arguments, result) while it still runs; ``owner``
    a class (the arguments then begin with the instance) or one object. The widgets keep no
    counters for the tests: a test counts the calls it cares about (rebuilds, rows drawn)."""
    original = getattr(owner, name)
    calls: list[tuple[tuple, object]] = []

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        calls.append((args, result))
        return result

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def build_app(**kwargs):
    """The app as ``nato-calc`` builds it, on the test presets, with a fixed theme and no blink."""
    from calc.tui import make_app

    kwargs.setdefault("presets_dirs", [PRESETS])
    if "file" not in kwargs and "scenario" not in kwargs and "data" not in kwargs:
        kwargs.setdefault("preset", "test-2025")
    kwargs.setdefault("theme", THEME)
    kwargs.setdefault("cursor_blink", False)
    return make_app(**kwargs)


def synthetic_preset(n: int):
    """A preset of ``n`` members with varied figures, built in code (latency tests)."""
    from decimal import Decimal

    from calc.domain.dataset import Figure, Member, Preset

    members = []
    for i in range(n):
        code = chr(65 + i // 676 % 26) + chr(65 + i // 26 % 26) + chr(65 + i % 26)
        gdp = Decimal(20 + (i * 7919) % 25000) + Decimal(i % 1000) / 1000
        share = Decimal(100 + (i * 37) % 400) / 10000
        related = None if i % 3 == 0 else Figure(Decimal((i * 13) % 150) / 10000, share=True)
        members.append(
            Member(
                code,
                f"Member {i}",
                Figure(gdp, status="projection"),
                Figure(share, share=True, status="estimate"),
                related,
            )  # fmt: skip  # one member per line reads as a row
        )
    return Preset("synthetic", f"Synthetic, {n} members", 2025, tuple(members))


async def palette(pilot, query: str) -> None:
    """Run the command palette entry that ``query`` finds first (ctrl+p, type, enter)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``nato-calc ARGV`` in-process: (exit code, stdout, stderr)."""
    from calc.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_nobody(fn) -> object:
    """``fn()`` run in a forked child that dropped root for ``nobody``; its JSON-able result."""
    import json
    import os
    import pwd

    nobody = pwd.getpwnam("nobody")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            with os.fdopen(w, "w") as f:
                json.dump(fn(), f)
            status = 0
        finally:
            os._exit(status)
    os.close(w)
    with os.fdopen(r) as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the unprivileged child failed"
    return json.loads(data)


def summary_text(app, width: int = 200) -> str:
    """The aggregates panel of a running app as plain text: its title, then its body."""
    from rich.console import Console

    from calc.tui.widgets.group_summary import GroupSummary

    w = app.main_screen.query_one(GroupSummary)
    console = Console(width=width, record=True, color_system=None)
    console.print(w.content)
    return f"{w.border_title}\n{console.export_text()}"
