"""bench/ drives the app the way the tests do, but nothing runs it in the suite: hold what it
reads off the app to the app's real API, so that a refactor (the session's names no longer
forwarded by the app) cannot leave the benchmarks broken until someone measures."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _app_attributes(path: Path) -> set[tuple[int, str]]:
    """Every ``app.NAME`` read in ``path`` (NAME right after a variable called ``app``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "app":
            found.add((node.lineno, node.attr))
    return found


def test_the_benchmarks_read_only_what_the_app_has():
    from textual.app import App

    from calc.tui.app import CalcApp

    has = set(dir(CalcApp)) | set(vars(App()))  # the class's, and what Textual's App sets up
    missing = [
        f"{p.name}:{line} app.{name}"
        for p in sorted(BENCH.glob("*.py"))
        for line, name in sorted(_app_attributes(p))
        if name != "session" and name not in has
    ]
    assert missing == [], "bench/ reads names CalcApp does not have (app.session.X?): " + ", ".join(missing)


def test_the_check_finds_a_name_the_app_does_not_have(tmp_path):
    bad = tmp_path / "b.py"
    bad.write_text("def f(app):\n    return app.result.group(app.group)\n")
    assert {name for _, name in _app_attributes(bad)} == {"result", "group"}
