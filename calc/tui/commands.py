"""Command palette entries (ctrl+p): every action, plus one entry per group, sort column,
target, preset and ally, so that "exclude united states" or "group eu" is a few keystrokes.

Titles read ``area: action``. Entries that would do nothing now (undo with nothing to undo) are
left out; the long per-ally lists only show up when searched for.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from ..domain import registry
from ..output.fmt import pct_short
from .cells import COLUMNS
from .widgets.targets_panel import TARGET_LABELS, target_text

if TYPE_CHECKING:  # pragma: no cover
    from .app import CalcApp
    from .screens.main import MainScreen

#: The palette's name of each sort column ("Sort by: gap to the core target").
_SORT_TITLES = {f.key: f.label for f in registry.TABLE_FIGURES}


#: The member figures the palette offers to edit, core spending first (the usual what-if).
_EDIT_FIGURES = sorted(registry.FIGURE_LABELS.items(), key=lambda item: item[0] != "core")

#: Up to this many presets get palette entries of their own (beyond it, "Switch preset…" and
#: "Compare with…" list them).
PALETTE_PRESETS = 200


def session_commands(app: CalcApp, screen: MainScreen) -> Iterator[SystemCommand]:
    h = app.session.history
    code, _ = screen.table.cursor_keys()
    here = app.session.preset.member(code) if code else None
    if here is not None:
        yield _command(
            f"Edit: {here.name} core spending",
            "Type e.g. 3% or +10%",
            partial(screen.edit_member, here.code, "core"),
        )
        verb = "Include" if not here.included else "Exclude"
        yield _command(
            f"{verb}: {here.name} ({here.code})", "Toggle with x", partial(screen.toggle_exclude, here.code)
        )
    if (undo := h.undo_step) is not None:
        yield _command(f"Undo: {undo.describe()}", "ctrl+z", app.undo)
    if (redo := h.redo_step) is not None:
        yield _command(f"Redo: {redo.describe()}", "ctrl+y", app.redo)
    counted = app.session.preset.counts_ukraine_aid
    yield _command(
        "Ukraine aid: stop counting it toward core spending"
        if counted
        else "Ukraine aid: count it toward core spending",
        "U: each ally's military aid to Ukraine in its core spending and shares (undoable)",
        screen.action_toggle_ukraine,
    )
    if h.changes:
        yield _command(
            "Reset everything", "Back to the preset's figures and targets (undoable)", app.reset_all
        )
    yield _command(
        "Compare with…",
        "c: the preset as published, last year, another preset or a scenario file",
        app.action_compare,
    )
    if (side := app.session.compare_side) is not None:
        yield _command("Compare: stop", f"Leave compare mode (A is {side.label})", app.stop_compare)
    base = app.session.history.base
    yield _command(
        f"Compare: {base.id} as published → this what-if",
        "A = the preset, B = your session with its changes",
        partial(_compare, app, "base", base.id),
    )
    yield _command(
        "View: chart of every ally's core share", "a: bars against the target lines", screen.action_chart
    )
    yield _command(
        f"View: national plans of {app.session.group_name()}",
        "L: which allies' declared plans reach the targets, which are back-loaded",
        partial(app.open_plans, here.code if here is not None else None),
    )
    yield _command(
        "View: burden sharing",
        "B: shares of the group's GDP against shares of its spending",
        screen.action_burden,
    )
    if here is not None:
        yield _command(
            f"Path: {here.name} to {app.session.result.targets.deadline}",
            "P: the yearly path to the targets",
            partial(app.open_path, here.code),
        )
    yield _command(
        f"Path: {app.session.group_name()} to {app.session.result.targets.deadline}",
        "The group's yearly path (the sum of its allies')",
        partial(app.open_path, None),
    )
    if app.session.result.preset.benchmarks:
        yield _command(
            "Benchmarks: show / hide",
            "b: the group against each reference benchmark (Russia…)",
            screen.action_toggle_benchmarks,
        )
    yield _command("Save scenario", "ctrl+s: the base preset plus your changes, as TOML", app.action_save)
    yield _command("Save scenario as…", "Save to another file", partial(app.action_save, save_as=True))
    yield _command("Open scenario…", "ctrl+o: a scenario file saved earlier", app.action_open_scenario)
    yield _command("Switch preset…", "p: another data vintage", app.action_pick_preset)
    for fmt, name in (("csv", "CSV"), ("markdown", "Markdown"), ("json", "JSON"), ("xlsx", "Excel workbook")):
        yield _command(
            f"Export: {name}…",
            "ctrl+e: the current group, in the table's order",
            partial(app.action_export, fmt),
        )
    yield _command(
        "Copy summary", "y: a few lines for meeting notes (the full table: export)", app.copy_summary
    )
    yield _command("Command bar…", ":  type DEU core 3%, without USA, year 2024…", screen.action_command_bar)
    yield _command("Filter rows…", "/: by name or code", screen.action_filter)
    if app.session.filter:
        yield _command("Filter: clear", f"Now “{app.session.filter}”", screen.clear_filter)
    yield _command("Help: keys and conventions", "? or F1", app.action_help)
    for gid, name in app.session.group_choices():
        if gid != app.session.group:
            yield _command(
                f"Group: {name}", f"Show {name} in the table and the aggregates", partial(app.set_group, gid)
            )
    t = app.session.result.targets
    for name, label in TARGET_LABELS.items():
        yield _command(
            f"Target: {label} (now {target_text(t, name)})",
            "Edit it: a what-if like any other",
            partial(screen.edit_target, name),
        )
    for col in COLUMNS:
        yield _command(
            f"Sort by: {_SORT_TITLES[col.key]}",
            "s on a column, or click its header",
            partial(screen.set_sort, (col.key, registry.FIGURE[col.key].descending)),
            discover=False,
        )
    if app.session.sort is not None:
        yield _command("Sort: preset order", "Undo the sort", partial(screen.set_sort, None))
    ids = _preset_ids(app)
    if len(ids) > PALETTE_PRESETS:  # thousands: searching 2 entries each froze the palette
        ids = [i for i in ids if i == app.session.base.id]
    for ref_id in ids:
        if ref_id != app.session.base.id:
            yield _command(
                f"Preset: {ref_id}",
                "Switch to this preset",
                partial(app.switch_preset, ref_id),
                discover=False,
            )
        yield _command(
            f"Compare: with {ref_id}",
            f"A = {ref_id}, B = your session",
            partial(_compare, app, "preset", ref_id),
            discover=False,
        )
    for m in app.session.preset.members:
        yield _command(
            f"Go to: {m.name} ({m.code})",
            "Move the cursor to this ally",
            partial(_go_to, app, screen, m.code),
            discover=False,
        )
        verb = "Include" if not m.included else "Exclude"
        yield _command(
            f"{verb}: {m.name} ({m.code})",
            "Leave this ally out of every group" if m.included else "Count this ally again",
            partial(screen.toggle_exclude, m.code),
            discover=False,
        )
        for field, what in _EDIT_FIGURES:
            yield _command(
                f"Edit: {m.name} {what}",
                f"{m.code} · e.g. {pct_short(t.core) if field != 'gdp' else '+2%'}",
                partial(screen.edit_member, m.code, field),
                discover=False,
            )
        if app.session.preset.member(m.code) != app.session.base.member(m.code):
            yield _command(
                f"Reset: {m.name} ({m.code})",
                "Back to the preset's figures",
                partial(screen.reset_member, m.code),
                discover=False,
            )


def _command(title: str, help: str, callback, discover: bool = True) -> SystemCommand:
    """A palette entry whose title and help are shown as written: the palette reads them as
    Textual markup, and names, labels and ids are the user's (``[/]`` in a name crashed it)."""
    return SystemCommand(escape(title), escape(help), callback, discover)


def _preset_ids(app: CalcApp) -> list[str]:
    from ..errors import CalcError
    from ..files.presets import find_presets

    try:
        return [r.id for r in find_presets(app.session.presets_dirs)]
    except CalcError:
        return []


def _compare(app: CalcApp, kind: str, ref: str) -> None:
    side = app.compare_side_for(kind, ref)
    if side is not None:
        app.compare_with(side)


def _go_to(app: CalcApp, screen: MainScreen, code: str) -> None:
    """Move the cursor to ``code``, widening the view (filter, group) if it is hidden."""
    if code not in screen.table.order:
        if app.session.filter:
            screen.clear_filter()
        if code not in screen.table.order:
            app.set_group("nato")
    screen.table.cursor_to(code)
    screen.table.focus()
