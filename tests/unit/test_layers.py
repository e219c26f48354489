"""The import rules of ARCHITECTURE.md, held over every module's imports (read with ast).

Every import counts: at the top, inside functions (the lazy ones) and under TYPE_CHECKING. A known
debt is listed in KNOWN with a one-line reason; a listed exception that no longer happens fails
too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import calc

PKG = Path(calc.__file__).resolve().parent

#: Which layers each layer may import (besides itself). ``errors`` is the shared error types.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "domain": {"errors"},
    "engine": {"domain", "errors"},
    "files": {"domain", "engine", "errors"},
    "output": {"domain", "engine", "files", "errors"},
    "tui": {"domain", "engine", "files", "output", "errors", "top"},
    "cli": {"domain", "engine", "files", "output", "errors", "top", "tui"},
    "top": set(),  # calc/__init__.py: the version and a docstring
    "main": {"cli"},  # calc/__main__.py
}

#: Third-party packages only the TUI's screen side may import.
SCREEN_ONLY = ("textual", "rich", "textual_serve")
#: The session model and the models and cell texts it and the screens share: no Textual, no Rich
#: (calc/tui/views.py, the screen side, makes Rich text), so they are tested without an app.
SESSION_MODEL = {
    "calc.tui.session",  # the what-if, its view, files and exports
    "calc.tui.session_commands",  # the command bar's model
    "calc.tui.plans_view",  # the plans view's rows
    "calc.tui.glance",  # the charts' and burden-sharing models
    "calc.tui.summary",  # the clipboard summary
    "calc.tui.reproduce",  # the printed command that reproduces the screen
    "calc.tui.cells",  # the member table's cell specs
    "calc.tui.compare_cells",  # compare mode's cell specs
    "calc.tui.money",  # the money shown, in the currency shown
    "calc.tui.recovery",  # the recovery file
}

#: (importer, imported module) pairs that break a rule today, each with its reason (none left: the
#: last three, calc.engine.changes -> calc.output.fmt and calc.output.describe and calc.serve ->
#: calc.cli, were paid off; a new one needs a reason here and in ARCHITECTURE.md).
KNOWN: dict[tuple[str, str], str] = {}


def layer(module: str) -> str:
    parts = module.split(".")
    if parts == ["calc"]:
        return "top"
    second = parts[1]
    if second in ("domain", "engine", "files", "output", "tui", "errors"):
        return second
    if second == "__main__":
        return "main"
    if second in ("cli", "cliargs", "serve"):
        return "cli"
    raise AssertionError(f"{module}: no layer (add it to ARCHITECTURE.md and this test)")


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = ("calc", *p.relative_to(PKG).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (``from pkg import mod`` counts as ``pkg.mod`` when a module)."""
    known = modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = ".".join(base[: len(base) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known)
    return found


def violations() -> set[tuple[str, str]]:
    bad = set()
    for name, path in modules().items():
        mine = layer(name)
        for target in imports(name, path):
            top = target.split(".")[0]
            if top in SCREEN_ONLY:
                if mine != "tui" or name in SESSION_MODEL:
                    bad.add((name, target))
                continue
            if top != "calc":
                continue
            theirs = layer(target)
            if theirs == "cli" and target == "calc.cli" and name != "calc.__main__":
                bad.add((name, target))
            elif theirs != mine and theirs not in ALLOWED[mine]:
                bad.add((name, target))
    return bad


def test_every_module_has_a_layer():
    for name in modules():
        assert layer(name)


def test_no_module_imports_upward_or_sideways_beyond_the_listed_debts():
    unexpected = sorted(violations() - set(KNOWN))
    assert unexpected == [], "imports ARCHITECTURE.md forbids:\n" + "\n".join(
        f"{a} -> {b}" for a, b in unexpected
    )


def test_every_listed_debt_still_exists_so_the_list_only_shrinks():
    gone = sorted(set(KNOWN) - violations())
    assert gone == [], f"fixed: remove from KNOWN: {gone}"


def test_the_rules_catch_a_domain_module_importing_the_engine(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..engine.evaluate import evaluate\n")
    assert "calc.engine.evaluate" in imports("calc.domain.bad", bad)
    assert "engine" not in ALLOWED[layer("calc.domain.bad")]


def test_only_the_tui_screen_side_may_import_textual_or_rich():
    for name, path in modules().items():
        tops = {t.split(".")[0] for t in imports(name, path)}
        if tops & set(SCREEN_ONLY):
            assert name.startswith("calc.tui.") and name not in SESSION_MODEL, name


def test_the_engine_formats_nothing_and_serve_does_not_import_the_cli():
    """The three debts paid off stay paid: no module of the engine imports calc.output (its
    messages use the exact number text of calc.domain.numtext), and serve shares the source
    arguments through calc.cliargs."""
    found = violations()
    for name, path in modules().items():
        if layer(name) == "engine":
            assert not any(t.startswith("calc.output") for t in imports(name, path)), name
    assert "calc.cli" not in imports("calc.serve", modules()["calc.serve"])
    assert found == set()


#: Standard-library modules the pure layers (domain, engine) may not import: files, processes,
#: the terminal, the clock's side effects and the garbage collector belong to the callers.
IMPURE = ("gc", "os", "io", "sys", "pathlib", "shutil", "subprocess", "tempfile", "socket", "signal", "time")


def test_the_domain_and_the_engine_do_no_io_and_leave_the_garbage_collector_alone():
    """ARCHITECTURE.md: domain and engine are pure. The evaluation once paused the cyclic
    collector itself; the command line and the TUI pause it now (calc.cli.main,
    calc.tui.paint.gcpolicy)."""
    for name, path in modules().items():
        if layer(name) in ("domain", "engine"):
            tops = {t.split(".")[0] for t in imports(name, path)}
            assert not tops & set(IMPURE), (name, sorted(tops & set(IMPURE)))


def test_the_purity_rule_catches_an_engine_module_that_pauses_the_collector(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import gc\n\ndef f():\n    import os\n")
    assert {"gc", "os"} <= set(imports("calc.engine.bad", bad))


def test_the_markers_are_spelled_only_in_calc_output_markers():
    """One vocabulary of markers (ARCHITECTURE.md): a met target's ✔ and the what-if's ✎, †, ‡
    are never written as a string of their own outside calc/output/markers.py (the readers take
    ``YES``, ``STATUS_MARK``... from there). ✗ is left out: it also heads error messages."""
    from calc.output.markers import MARKERS, YES

    policed = {YES} | {
        m.symbol for m in MARKERS if m.status in ("edited", "later-vintage", "earlier-vintage")
    }
    found = []
    for name, path in modules().items():
        if name == "calc.output.markers":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.strip() in policed
            ):
                found.append(f"{name}:{node.lineno} {node.value!r}")
    assert found == []
