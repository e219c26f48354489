"""MainScreen: the member table, the aggregates of the selected group and the targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from ... import registry
from ...engine import MemberResult, Result
from ...fmt import money, pct, pct_short, points, pp
from ...markers import MARKERS, NO, NO_GAP, YES
from ..cells import COLUMN, LAYOUTS, STATUS_WORDS, Column, default_descending, figure_status, matches, ordered
from ..compare_cells import (
    COMPARE_COLUMN, COMPARE_LAYOUTS, SideTargets, compare_ordered, compare_specs, gap_change_text,
)
from ..grid import GridColumn, TextGrid
from ..widgets.cell_info import CellInfo
from ..widgets.group_summary import SIDE_BY_SIDE, GroupSummary
from ..widgets.key_bar import KeyBar
from ..widgets.line_panel import LinePanel
from ..widgets.member_table import MemberTable
from ..widgets.session_bar import SessionBar, SessionInfo
from ..widgets.targets_panel import TargetsPanel

if TYPE_CHECKING:  # pragma: no cover
    from textual.widgets import Input

    from ..app import CalcApp

#: Screen width from which the targets panel sits beside the table.
SIDE_MIN = 150
#: Width of that side column (as in app.tcss).
SIDE_WIDTH = 32
#: Screen height from which the side column also lists every group.
GROUPS_MIN_HEIGHT = 40

#: The markers, briefly (the help screen has the long version): from :mod:`calc.markers`.
SHORT_LEGEND = tuple((m.symbol, m.short) for m in MARKERS)

#: Columns of the groups list: name (cut at 13 cells), core %, meeting counts.
_GROUP_COLUMNS = (GridColumn(max_width=13), GridColumn("right"), GridColumn("right"))

#: The target a column is about (gap columns and the Meets column).
#: The target each column of the table measures against ("all" for the Meets column).
_TARGET_OF = {f.key: f.target for f in registry.TABLE_FIGURES if f.target}
#: What the session bar calls each sort column ("gap to core ▼").
_SORT_NAMES = {f.key: f.short for f in registry.TABLE_FIGURES}


def _matches_row(mc, needle: str) -> bool:
    """The filter, for a member comparison (code, name or alias: "uk" finds GBR)."""
    from ...countries import member_matches

    return member_matches(needle, mc.code, mc.name)


class MainScreen(Screen):
    """The what-if session: table, aggregates, targets."""

    AUTO_FOCUS = "#members"

    BINDINGS = [
        Binding("e", "edit", "Edit", id="edit-cell", tooltip="Edit the figure under the cursor (also Enter)"),
        Binding("x", "toggle_exclude", "Excl/incl", id="toggle-exclude"),
        Binding("c", "compare", "Compare", id="compare", tooltip="Compare with the preset, last year or a scenario"),
        Binding("P", "path", "Path", id="path", tooltip="The yearly path to the targets for the ally (or group)"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Sort by the column under the cursor (again: reverse, again: off)"),
        Binding("slash", "filter", "Filter", id="filter", key_display="/"),
        Binding("g", "next_group", "Group", id="next-group"),
        Binding("t", "targets", "Targets", id="targets"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("q", "quit", "Quit", id="quit"),
        # not in the footer (see the help screen)
        Binding("r", "reset_member", "Reset ally", show=False, id="reset-member"),
        Binding("R", "reset_all", "Reset everything", show=False, id="reset-all"),
        Binding("G", "previous_group", "Previous group", show=False, id="previous-group"),
        Binding("p", "pick_preset", "Switch preset", show=False, id="pick-preset"),
        Binding("b", "toggle_benchmarks", "Benchmarks", show=False, id="toggle-benchmarks"),
        Binding("ctrl+o", "open_scenario", "Open scenario", show=False, id="open-scenario"),
        Binding("ctrl+e", "export", "Export", show=False, id="export"),
        Binding("y", "copy_summary", "Copy summary", show=False, id="copy-summary"),
        Binding("u", "undo", "Undo", show=False, id="undo-u"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="redo-ctrl-r"),
        Binding("escape", "escape", "Back", show=False, id="escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._columns: tuple[Column, ...] | None = None
        """Columns shown: the widest layout that fits (see :meth:`choose_columns`)."""
        self._table_width = 0
        self._groups_shown: tuple | None = None
        """What the groups list shows (see :meth:`_show_groups`)."""
        self._ready = False
        """False until mounted: the first refresh_view shows whatever the session is then."""
        # Layout classes from the start: changing a class on a mounted screen restyles it all.
        size = self.app.size
        self._apply_size(size.width, size.height)

    @property
    def calc(self) -> CalcApp:
        return self.app  # type: ignore[return-value]

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SessionBar(id="session-bar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                # the filter box is mounted on first use (see action_filter)
                yield MemberTable(id="members")
                yield CellInfo(id="cell-info")
            with Vertical(id="side"):
                yield TargetsPanel(id="targets")
                yield LinePanel(id="groups")
                yield Static(self._legend(), id="legend")
        yield GroupSummary(id="summary")
        yield KeyBar()

    @staticmethod
    def _legend() -> Text:
        t = Text()
        for sym, text in SHORT_LEGEND:
            t.append(f"{sym} ", "bold")
            t.append(text + "\n")
        t.append(f"{YES} met {NO} not met {NO_GAP} no gap\n", "")
        t.append("estimates are not marked", "italic")
        return t

    @property
    def table(self) -> MemberTable:
        return self.query_one("#members", MemberTable)

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def on_mount(self) -> None:
        self.query_one("#side").border_title = "Targets"
        self._apply_size(self.size.width or self.app.size.width, self.size.height or self.app.size.height)
        self._ready = True
        self.refresh_view()

    def on_resize(self, event: Resize) -> None:
        if event.size == self._size_seen:
            return
        self._apply_size(event.size.width, event.size.height)
        if self.choose_columns() != self._columns:
            self.refresh_view(recolumn=True)
        else:
            self.refresh_chrome()

    def choose_columns(self) -> tuple[Column, ...]:
        """The widest column layout that shows every member without scrolling sideways.

        Measured on the whole preset (not the filtered rows), so that typing a filter never
        changes the columns; the narrow layout scrolls sideways with the code column fixed.
        """
        app = self.calc
        if app.comparison is not None:
            targets = app.result.targets
            layouts = COMPARE_LAYOUTS
            needed = self.table.needed_widths(
                app.comparison.members, layouts[:-1], self._side_targets(), compare_specs(targets)
            )
        else:
            layouts = LAYOUTS
            needed = self.table.needed_widths(app.result.members, layouts[:-1], app.result.targets)
        for layout, width in zip(layouts, needed):
            if width <= self._table_width:
                return layout
        return layouts[-1]

    def _apply_size(self, width: int, height: int) -> None:
        """Set the layout classes and the width the table gets."""
        self._size_seen = Size(width, height)
        wanted = {"-narrow": width < SIDE_MIN, "-short": height < 30, "-tall": height >= GROUPS_MIN_HEIGHT}
        if any(self.has_class(c) != on for c, on in wanted.items()):
            classes = (set(self.classes) - set(wanted)) | {c for c, on in wanted.items() if on}
            self.set_classes(" ".join(sorted(classes)))  # one restyle, not three
        self._table_width = width if width < SIDE_MIN else width - SIDE_WIDTH

    # -- showing the session ------------------------------------------------------------------

    def _side_targets(self):
        cmp = self.calc.comparison
        return SideTargets(cmp.a.targets, cmp.b.targets)

    def view_members(self, result: Result | None = None) -> list[MemberResult]:
        """Members of the selected group that pass the filter, in display order."""
        app = self.calc
        result = result or app.result
        codes = set(app.group_codes())
        shown = [r for r in result.members if r.code in codes and matches(r, app.filter)]
        return ordered(shown, app.sort)

    def view_rows(self) -> list:
        """Compare mode: the member comparisons of the selected group (on either side) that
        pass the filter, in display order."""
        app = self.calc
        cmp = app.comparison
        codes = set(app.group_codes())
        g = cmp.group(app.group)
        if g is not None and g.a is not None:
            codes |= set(g.a.codes)
        needle = app.filter
        rows = [m for m in cmp.members if m.code in codes and _matches_row(m, needle)]
        return compare_ordered(rows, app.sort)

    @property
    def column(self) -> dict[str, Column]:
        """Column key -> column, for the mode the table is in."""
        return COMPARE_COLUMN if self.calc.comparison is not None else COLUMN

    def refresh_view(self, recolumn: bool = False) -> None:
        """Rebuild the table for the current group, filter and sort, and every panel.

        ``recolumn``: choose the columns again (the size, the preset or the targets changed).
        """
        if not self._ready:
            return
        app = self.calc
        comparing = app.comparison is not None
        if recolumn or self._columns is None or comparing != self.has_class("-compare"):
            self.set_class(comparing, "-compare")
            self._columns = self.choose_columns()
        targets = app.result.targets
        if comparing:
            self.table.show(self.view_rows(), self._columns, self._side_targets(), app.sort, compare_specs(targets))
        else:
            self.table.show(self.view_members(), self._columns, targets, app.sort)
        self.refresh_chrome()

    def show_result(self, old: Result, new: Result) -> None:
        """Bring the screen up to date after the session changed (an edit, undo, redo...).

        Only cells whose value changed are redrawn, unless the targets (column titles) or the
        members changed, which needs a rebuild.
        """
        if not self._ready:  # not mounted yet: on_mount shows the session as it is then
            return
        if old.targets != new.targets or old.preset.codes != new.preset.codes:
            self.refresh_view(recolumn=True)
            return
        if self.calc.comparison is not None:
            rows = self.view_rows()
            if {r.code for r in rows} != set(self.table.order):
                self.refresh_view()
                return
            self.table.update_results(rows, [r.code for r in rows])
            self.refresh_chrome()
            return
        order = None
        if self.calc.sort is not None:
            shown = set(self.table.order)
            order = [r.code for r in ordered([r for r in new.members if r.code in shown], self.calc.sort)]
        self.table.update_results(new.members, order)
        self.refresh_chrome()

    def refresh_chrome(self) -> None:
        """Everything but the table: bar, aggregates, targets, groups, cell information."""
        if not self._ready:
            return
        app = self.calc
        result = app.result
        preset = app.preset
        sort = app.sort
        group = result.group(app.group)
        sort_text = None
        if sort is not None:
            sort_text = f"{_SORT_NAMES.get(sort[0], sort[0])} {'▼' if sort[1] else '▲'}"
        cmp = app.comparison
        self.query_one(SessionBar).show(
            SessionInfo(
                preset_id=preset.id,
                preset_label=preset.label,
                scenario=app.scenario_label or (app.scenario_path.name if app.scenario_path else None),
                changes=len(app.changes),
                unsaved=app.dirty,
                group=app.group_name(),
                group_size=group.size if group is not None else 0,
                group_all=len(app.group_codes()),
                sort=sort_text,
                filter=app.filter,
                compare=app.compare_side.label if app.compare_side is not None else None,
                compare_b=app.session_label() if app.compare_side is not None else "",
            )
        )
        base = app.base_result.group(app.group) if app.changes else None
        excluded = [m.code for m in preset.members if not m.included and m.code in set(app.group_codes())]
        from ...benchmarks import compare_benchmarks

        summary = self.query_one(GroupSummary)
        benchmarks = compare_benchmarks(result, [app.group]) if result.preset.benchmarks else ()
        if cmp is not None:
            gc = cmp.group(app.group)
            a_bench = compare_benchmarks(cmp.a, [app.group]) if cmp.a.preset.benchmarks else ()
            summary.show(
                group, result.targets, name=app.group_name(), excluded=excluded,
                benchmarks=benchmarks, benchmarks_a=a_bench if gc is not None else None,
                comparison=gc, targets_a=cmp.a.targets,
                sides=(app.compare_side.label, app.session_label()),  # type: ignore[union-attr]
                width=self.size.width or self.app.size.width,
            )  # fmt: skip
        else:
            summary.show(
                group, result.targets, name=app.group_name(), base=base, excluded=excluded,
                benchmarks=benchmarks, width=self.size.width or self.app.size.width,
            )  # fmt: skip
        self.query_one(TargetsPanel).show(result.targets, app.base.targets)
        if self.has_class("-tall") and not self.narrow:
            self._show_groups(result)
        self.update_cell_info()

    def _show_groups(self, result: Result) -> None:
        """Bring the groups list up to date; nothing is drawn when what it shows is unchanged
        (an edit of a small ally often moves no group's share at two decimals)."""
        t = result.targets
        rows = tuple(
            (g.name, pct(g.core_share), f"{g.meeting_guideline}·{g.meeting_core}·{g.meeting_total}/{g.assessed}", g.id == self.calc.group)
            for g in result.groups
        )  # fmt: skip
        key = (rows, f"{pct_short(t.guideline)}·{pct_short(t.core)}·{pct_short(t.total)}".replace(" %", ""))
        if key == self._groups_shown:
            return
        self._groups_shown = key
        self.query_one("#groups", LinePanel).show_lines(self._groups_text(*key))

    @staticmethod
    def _groups_text(rows: tuple[tuple[str, str, str, bool], ...], targets: str) -> TextGrid:
        """Every group at a glance: core share and how many meet each target."""
        grid = TextGrid(_GROUP_COLUMNS, gap=1)
        grid.add_row(Text("Group", "bold"), Text("core %", "bold"), Text("meeting", "bold"))
        for name, share, meeting, selected in rows:
            style = "bold reverse" if selected else ""
            grid.add_row(Text(name, style), Text(share, style), Text(meeting, style))
        grid.add_row("", "", Text(targets, "dim"))
        return grid

    def _target_status(self, r: MemberResult, key: str) -> Text:
        """Where a member stands against one target (a gap column) or all three (Meets)."""
        t = self.calc.result.targets
        out = Text()
        names = (
            ("guideline", f"{pct_short(t.guideline)} guideline", r.meets_guideline, r.gap_guideline, r.surplus_guideline, r.gap_guideline_share),
            ("core", f"{pct_short(t.core)} core", r.meets_core, r.gap_core, r.surplus_core, r.gap_core_share),
            ("total", f"{pct_short(t.total)} total", r.meets_total, r.gap_total, r.surplus_total, r.gap_total_share),
        )  # fmt: skip
        for name, label, meets, gap, surplus, gap_share in names:
            if key != "status" and _TARGET_OF[key] != name:
                continue
            out.append(" · ")
            if meets:
                out.append(f"✔ {label} met", "bold")
                if surplus:
                    out.append(f" (${money(surplus, 2)} bn above)")
            else:
                out.append(f"✗ {label}: ${money(gap, 2)} bn short ({points(gap_share)} of GDP)", "bold")
        if key == "gap_total" and r.related is None:
            out.append(" · related spending unknown, counted as 0", "dim")
        return out

    def update_cell_info(self) -> None:
        info = self.query_one(CellInfo)
        code, key = self.table.cursor_keys()
        app = self.calc
        if code is None:
            if app.filter:
                info.update(Text(f"No ally in {app.group_name()} matches “{app.filter}” (esc clears the filter).", "italic"))
            else:
                info.update("")
            return
        info.update(self.describe_cell(code, key or "code"))

    def describe_compare(self, code: str, key: str) -> Text:
        """Compare mode: the member on both sides and what changed."""
        app = self.calc
        cmp = app.comparison
        mc = cmp.member(code)
        out = Text(no_wrap=False)
        if mc is None:
            return out
        side = app.compare_side
        out.append(f"{mc.code} {mc.name}", "bold")
        if mc.note:
            out.append(f" · {mc.note}: A is {side.label}, B is {app.session_label()}", "italic")
            present = mc.a or mc.b
            if present is not None:
                out.append(f" · core {pct(present.core_share)} of GDP in {'A' if mc.a else 'B'}")
            return out
        a, b, d = mc.a, mc.b, mc.delta
        out.append(f" · core {pct(a.core_share)} → {pct(b.core_share)} of GDP ({pp(d.core_share)})")
        out.append(f" · ${money(a.core, 2)} → ${money(b.core, 2)} bn")
        ta, tb = cmp.a.targets, cmp.b.targets  # each side's gap to its own target
        if d.gap_core is not None:
            out.append(" · " + gap_change_text(ta, tb, "core", a.gap_core, b.gap_core))
        if key in ("gap_total_a", "gap_total_b") and d.gap_total is not None:
            out.append(" · " + gap_change_text(ta, tb, "total", a.gap_total, b.gap_total))
        if key == "gdp_change":
            out.append(f" · GDP ${money(a.gdp, 1)} → ${money(b.gdp, 1)} bn")
        if mc.status_changes:
            out.append(" · " + "; ".join(sc.text for sc in mc.status_changes), "bold")
        if key.endswith("_a"):
            out.append(f" · A: {side.label}", "dim")
        elif key.endswith("_b"):
            out.append(f" · B: {app.session_label()}", "dim")
        return out

    def describe_cell(self, code: str, key: str) -> Text:
        """One or two lines on the figure under the cursor: value, status, source, note."""
        app = self.calc
        if app.comparison is not None:
            return self.describe_compare(code, key)
        r = app.result.member(code)
        m = app.preset.member(code)
        if r is None or m is None:
            return Text("")
        col = COLUMN[key]
        field = col.field if key not in ("code", "name", "status") else None
        out = Text(no_wrap=False)
        out.append(f"{r.code} {r.name}", "bold")
        if not r.included:
            out.append(" · excluded (x includes it again)", "italic")
        if key in _TARGET_OF and r.assessed:
            out.append_text(self._target_status(r, key))
            out.append(" · e edits core spending", "dim")
            return out
        if field is None:
            out.append(
                f" · GDP ${money(r.gdp, 1)} bn · core {pct(r.core_share)} of GDP"
                f" (${money(r.core, 2)} bn) · related "
                + (f"${money(r.related, 2)} bn" if r.related is not None else "unknown")
            )
            if not r.assessed:
                out.append(" · not assessed: the targets do not apply")
            mine = [c.describe() for c in app.changes if c.member in (code, "*")]
            if mine:
                out.append(" · changed: " + "; ".join(mine), "bold")
            elif m.note:
                out.append(f" · {m.note}", "dim")
            return out
        fig = getattr(m, field)
        label = {"gdp": "GDP", "core": "core spending", "related": "related spending"}[field]
        if field == "related" and r.related is None:
            out.append(f" · {label} unknown (counted as 0; type a value to set it)")
            return out
        amount = {"gdp": r.gdp, "core": r.core, "related": r.related}[field]
        out.append(f" · {label} ${money(amount, 2)} bn")
        if field != "gdp":
            share = r.core_share if field == "core" else r.related_share
            out.append(f" = {pct(share)} of GDP")
        status = figure_status(r, field)
        if status:
            out.append(f" · {STATUS_WORDS.get(status, status)}", "bold" if status in ("edited", "placeholder") else "")
        if status == "edited":
            last = [c for c in app.changes if c.member in (code, "*") and (c.field or "").startswith(field)]
            if last:
                out.append(f" ({last[-1].describe()})")
        elif fig is not None and fig.source:
            src = app.preset.source(fig.source)
            if src is not None:
                out.append(" · source: ", "dim")
                out.append(src.title + (f" ({src.publisher})" if src.publisher else ""), "dim")
        note = fig.note if fig is not None and fig.note else m.note
        if note and status != "edited":
            out.append(f" · {note}", "dim")
        return out

    # -- table events ---------------------------------------------------------------------------

    @on(MemberTable.CellHighlighted)
    def _cell_highlighted(self, event: MemberTable.CellHighlighted) -> None:
        self.update_cell_info()

    @on(MemberTable.CellSelected)
    def _cell_selected(self, event: MemberTable.CellSelected) -> None:
        event.stop()
        self.action_edit()

    @on(MemberTable.HeaderSelected)
    def _header_selected(self, event: MemberTable.HeaderSelected) -> None:
        event.stop()
        self.cycle_sort(event.key)

    @on(MemberTable.Rebuilt)
    def _rebuilt(self) -> None:
        self.update_cell_info()

    @on(TargetsPanel.EditRequested)
    def _edit_target(self, event: TargetsPanel.EditRequested) -> None:
        event.stop()
        self.edit_target(event.name)

    # -- filter ---------------------------------------------------------------------------------

    def _filter_box(self) -> Input | None:
        found = self.query("#filter")
        return found.first() if found else None  # type: ignore[return-value]

    async def action_filter(self) -> None:
        self._filter_pending = True  # until it has focus, the keys typed after / are its own
        box = self._filter_box()
        if box is None:
            from textual.widgets import Input

            box = Input(
                placeholder="filter by name or code   ⏎ keep · esc clear",
                id="filter",
                select_on_focus=False,
            )
            await self.query_one("#main").mount(box, before=self.table)
        box.add_class("-active")
        box.focus()

    _filter_pending = False

    def typeahead_target(self) -> Input | None:
        """The filter box while it is about to have focus (keys typed after / are its own)."""
        if not self._filter_pending:
            return None
        box = self._filter_box()
        if box is None or box.has_focus:
            self._filter_pending = False
            return None
        return box

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        self.calc.filter = event.value
        self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        if not event.value:
            event.input.remove_class("-active")
        self.table.focus()

    def clear_filter(self) -> None:
        box = self._filter_box()
        had = bool(self.calc.filter)
        if box is not None:
            with self.prevent(type(box).Changed):
                box.value = ""
            box.remove_class("-active")
        self.calc.filter = ""
        if had:
            self.refresh_view()
        self.table.focus()

    def action_escape(self) -> None:
        box = self._filter_box()
        if (box is not None and self.focused is box) or self.calc.filter:
            self.clear_filter()
        elif self.focused is not self.table:
            self.table.focus()
        elif self.calc.comparing:
            self.calc.stop_compare()

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # undo and redo always run (to say "nothing to undo"); the key bar dims them (dim_action)
        if action in ("edit", "toggle_exclude", "reset_member"):
            return True if self.table.row_count else None
        return True

    def dim_action(self, action: str) -> bool:
        """True for a key the key bar shows dimmed although it runs (to say why nothing happens)."""
        history = self.calc.history
        return (action == "undo" and not history.can_undo) or (action == "redo" and not history.can_redo)

    def current_code(self) -> str | None:
        code, _ = self.table.cursor_keys()
        if code is None:
            self.calc.notify("No ally selected (the filter shows none; esc clears it).", severity="warning")
        return code

    def action_edit(self) -> None:
        code, key = self.table.cursor_keys()
        if code is None:
            self.current_code()
            return
        self.edit_member(code, self.column[key or "code"].field)

    def edit_member(self, code: str, field: str) -> None:
        from .edit import MemberEditDialog

        app = self.calc
        if app.preset.member(code) is None:
            app.notify(f"{code} is not in your session (only in A): nothing to edit.", severity="warning")
            return

        def done(change) -> None:
            if change is not None and app.commit(change):
                app.notify(f"Changed: {change.describe()}")

        app.push_screen(MemberEditDialog(app.preset, app.base, code, field), done)

    def edit_target(self, name: str, reopen: bool = False) -> None:
        """Edit target ``name``; ``reopen``: show the targets dialog again afterwards."""
        from .edit import TargetEditDialog

        app = self.calc

        def done(change) -> None:
            # focus stays where the person was working: the targets panel (wide) keeps it as
            # the dialog closes; on a narrow screen the targets dialog comes back on that row
            if change is not None and app.commit(change):
                app.notify(f"Changed: {change.describe()}")
            if reopen:
                self.action_targets(name)

        app.push_screen(TargetEditDialog(app.preset, name, app.group, app.base.targets), done)

    def action_toggle_exclude(self) -> None:
        code = self.current_code()
        if code is not None:
            self.toggle_exclude(code)

    def toggle_exclude(self, code: str) -> None:
        from ...scenario import Change

        app = self.calc
        m = app.preset.member(code)
        if m is None:
            app.notify(f"{code} is not in your session (only in A).", severity="warning")
            return
        op = "include" if not m.included else "exclude"
        if app.commit(Change(op, member=code)):
            verb = "Excluded" if op == "exclude" else "Included"
            again = " (x again includes it)" if op == "exclude" else ""
            app.notify(f"{verb} {m.name} ({code}){again}")

    def action_reset_member(self) -> None:
        code = self.current_code()
        if code is not None:
            self.reset_member(code)

    def reset_member(self, code: str) -> None:
        from ...scenario import Change

        app = self.calc
        if app.preset.member(code) == app.base.member(code):
            app.notify(f"{code} already has the preset's figures.", severity="warning")
            return
        if app.commit(Change("reset", member=code)):
            app.notify(f"Reset {code} to the preset's figures (ctrl+z undoes).")

    def action_reset_all(self) -> None:
        self.calc.reset_all()

    def action_undo(self) -> None:
        self.calc.undo()

    def action_redo(self) -> None:
        self.calc.redo()

    def action_sort(self) -> None:
        _, key = self.table.cursor_keys()
        self.cycle_sort(key or "code")

    def cycle_sort(self, key: str) -> None:
        """Sort by ``key``: first its natural direction, then reversed, then preset order."""
        natural = default_descending(key)
        cur = self.calc.sort
        if cur is None or cur[0] != key:
            new = (key, natural)
        elif cur[1] == natural:
            new = (key, not natural)
        else:
            new = None
        self.set_sort(new)

    def set_sort(self, sort: tuple[str, bool] | None) -> None:
        app = self.calc
        app.sort = sort
        self.table.set_sort_indicator(sort)
        shown = set(self.table.order)
        if app.comparison is not None:
            rows = [m for m in app.comparison.members if m.code in shown]
            self.table.reorder([r.code for r in compare_ordered(rows, sort)])
        else:
            self.table.reorder([r.code for r in ordered([r for r in app.result.members if r.code in shown], sort)])
        self.refresh_chrome()

    def action_next_group(self) -> None:
        self.calc.cycle_group(1)

    def action_previous_group(self) -> None:
        self.calc.cycle_group(-1)

    def action_targets(self, current: str | None = None) -> None:
        if self.narrow:
            from .dialogs import TargetsDialog

            app = self.calc

            def chosen(name: str | None) -> None:
                if name is not None:
                    self.edit_target(name, reopen=True)

            app.push_screen(TargetsDialog(app.result.targets, app.base.targets, current), chosen)
        else:
            self.query_one(TargetsPanel).focus()

    def action_save(self) -> None:
        self.calc.action_save()

    def action_help(self) -> None:
        self.calc.action_help()

    async def action_quit(self) -> None:
        await self.calc.action_quit()

    def action_pick_preset(self) -> None:
        self.calc.action_pick_preset()

    def action_open_scenario(self) -> None:
        self.calc.action_open_scenario()

    def action_export(self) -> None:
        self.calc.action_export()

    def action_copy_summary(self) -> None:
        self.calc.copy_summary()

    def action_compare(self) -> None:
        self.calc.action_compare()

    def action_toggle_benchmarks(self) -> None:
        summary = self.query_one(GroupSummary)
        if not self.calc.result.preset.benchmarks:
            self.calc.notify("This preset has no reference benchmarks.", severity="warning")
            return
        summary.view = "benchmarks" if summary.view == "aggregates" else "aggregates"
        if (self.size.width or self.app.size.width) >= SIDE_BY_SIDE:
            self.calc.notify("The benchmarks are beside the aggregates at this width.")
        self.refresh_chrome()

    def action_path(self) -> None:
        """Open the path view for the ally under the cursor (the group when there is none or
        the targets do not apply to it)."""
        code, _ = self.table.cursor_keys()
        self.calc.open_path(code)
