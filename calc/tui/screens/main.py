"""MainScreen: the member table, the aggregates of the selected group and the targets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from ...domain import registry
from ...engine.evaluate import MemberResult, Result
from ...output.fmt import pct, pct_short
from ...output.markers import MARKERS, NO, NO_GAP, YES
from ..cells import Column
from ..money import prefix, tag
from ..paint.grid import GridColumn, TextGrid
from ..paint.line_panel import LinePanel
from ..paint.member_table import MemberTable
from ..views import TableView, view_for
from ..widgets.cell_info import CellInfo
from ..widgets.group_summary import SIDE_BY_SIDE, GroupSummary
from ..widgets.key_bar import KeyBar
from ..widgets.session_bar import SessionBar, SessionInfo
from ..widgets.targets_panel import TargetsPanel

if TYPE_CHECKING:  # pragma: no cover
    from textual.widgets import Input

    from ..app import CalcApp
    from ..session import Changed

#: Screen width from which the targets panel sits beside the table.
SIDE_MIN = 150
#: Width of that side column (as in app.tcss).
SIDE_WIDTH = 32
#: Screen height from which the side column also lists every group.
GROUPS_MIN_HEIGHT = 40

#: The markers, briefly (the help screen has the long version): from :mod:`calc.output.markers`.
SHORT_LEGEND = tuple((m.symbol, m.short) for m in MARKERS)

#: Columns of the groups list: name (cut at 13 cells), core %, meeting counts.
_GROUP_COLUMNS = (GridColumn(max_width=13), GridColumn("right"), GridColumn("right"))

#: The session bar's words while Ukraine aid is counted toward core spending (U switches).
UKRAINE_TAG = "Ukraine aid counted"
#: What the session bar calls each sort column ("gap to core ▼").
_SORT_NAMES = {f.key: f.short for f in registry.TABLE_FIGURES}


class MainScreen(Screen):
    """The what-if session: table, aggregates, targets."""

    AUTO_FOCUS = "#members"

    BINDINGS = [
        Binding("e", "edit", "Edit", id="edit-cell", tooltip="Edit the figure under the cursor (also Enter)"),
        Binding("x", "toggle_exclude", "Excl/incl", id="toggle-exclude"),
        Binding(
            "c",
            "compare",
            "Compare",
            id="compare",
            tooltip="Compare with the preset, last year or a scenario",
        ),
        Binding(
            "P", "path", "Path", id="path", tooltip="The yearly path to the targets for the ally (or group)"
        ),
        Binding(
            "a", "chart", "Chart", id="chart", tooltip="Every ally's core share as a bar against the targets"
        ),
        Binding("left_square_bracket", "step_year(-1)", "Year", id="year-back", key_display="[]"),
        Binding(
            "right_square_bracket", "step_year(1)", "Next year", id="year-on", key_display="]", show=False
        ),
        Binding("dollar_sign,m", "cycle_currency", "Currency", id="currency", key_display="$", show=False),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding(
            "H",
            "history",
            "History",
            id="history",
            tooltip="The ally's core share over every year of the release",
        ),
        Binding(
            "B",
            "burden",
            "Burden",
            id="burden",
            tooltip="Shares of the group's GDP against shares of its spending",
        ),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False),  # (undo shows; the help lists both)
        Binding("L", "plans", "Plans", id="plans", show=False),
        Binding(
            "s",
            "sort",
            "Sort",
            id="sort",
            tooltip="Sort by the column under the cursor (again: reverse, again: off)",
        ),
        Binding("slash", "filter", "Filter", id="filter", key_display="/"),
        Binding("colon", "command_bar", "Command bar", id="command-bar", key_display=":", show=False),
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
        Binding("i", "sources", "Sources", show=False, id="sources"),
        Binding("ctrl+o", "open_scenario", "Open scenario", show=False, id="open-scenario"),
        Binding("ctrl+e", "export", "Export", show=False, id="export"),
        Binding("y", "copy_summary", "Copy summary", show=False, id="copy-summary"),
        Binding("u", "undo", "Undo", show=False, id="undo-u"),
        Binding("U", "toggle_ukraine", "Ukraine aid", show=False, id="count-ukraine"),
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
        self._view: TableView | None = None
        self._ready = False
        """False until mounted: the first refresh_view shows whatever the session is then."""
        # Layout classes from the start: changing a class on a mounted screen restyles it all.
        size = self.app.size
        self._apply_size(size.width, size.height)

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

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
        """The widest column layout that shows every member without scrolling sideways
        (the view measures the whole preset, so that typing a filter never changes the
        columns); the narrow layout scrolls sideways with the code column fixed."""
        return self.view.choose(self.table, self._table_width)

    def _apply_size(self, width: int, height: int) -> None:
        """Set the layout classes and the width the table gets."""
        self._size_seen = Size(width, height)
        wanted = {"-narrow": width < SIDE_MIN, "-short": height < 30, "-tall": height >= GROUPS_MIN_HEIGHT}
        if any(self.has_class(c) != on for c, on in wanted.items()):
            classes = (set(self.classes) - set(wanted)) | {c for c, on in wanted.items() if on}
            self.set_classes(" ".join(sorted(classes)))  # one restyle, not three
        self._table_width = width if width < SIDE_MIN else width - SIDE_WIDTH

    # -- showing the session ------------------------------------------------------------------

    @property
    def view(self) -> TableView:
        """What the table shows in the mode the session is in (chosen once per mode)."""
        view = self._view
        if view is None or view.comparing != self.calc.session.comparing:
            view = self._view = view_for(self.calc.session)
        return view

    def view_members(self, result: Result | None = None) -> list[MemberResult]:
        """Members of the selected group that pass the filter, in display order."""
        return self.calc.session.view_members(result)

    def view_rows(self) -> list:
        """Compare mode: the member comparisons shown, in display order."""
        return self.calc.session.compare_rows()

    @property
    def column(self) -> dict[str, Column]:
        """Column key -> column, for the mode the table is in."""
        return self.view.column

    def react(self, changed: Changed) -> None:
        """Repaint what ``changed`` says changed (see :class:`~calc.tui.session.Changed`)."""
        if not self._ready or changed.nothing:
            return
        if changed.mode:
            self.table.set_sort_indicator(self.calc.session.sort)
        if changed.columns or changed.rows:
            self.refresh_view(recolumn=changed.columns)
        elif changed.old is not None:
            self.show_result(changed.old, self.calc.session.result)
        elif changed.order:
            self.table.set_sort_indicator(self.calc.session.sort)
            self.view.reorder(self.table)
            self.refresh_chrome()
        elif changed.chrome:
            self.refresh_chrome()

    def refresh_view(self, recolumn: bool = False) -> None:
        """Rebuild the table for the current group, filter and sort, and every panel.

        ``recolumn``: choose the columns again (the size, the preset or the targets changed).
        """
        if not self._ready:
            return
        view = self.view
        if recolumn or self._columns is None or view.comparing != self.has_class("-compare"):
            self.set_class(view.comparing, "-compare")
            self._columns = self.choose_columns()
        view.show(self.table, self._columns)
        self.refresh_chrome()

    def show_result(self, old: Result, new: Result) -> None:
        """Bring the screen up to date after the figures changed (an edit, undo, redo...).

        Only cells whose value changed are redrawn, unless the targets (column titles) or the
        members changed, which needs a rebuild.
        """
        if not self._ready:  # not mounted yet: on_mount shows the session as it is then
            return
        if old.targets != new.targets or old.preset.codes != new.preset.codes:
            self.refresh_view(recolumn=True)
            return
        if not self.view.update(self.table):
            self.refresh_view()
            return
        self.refresh_chrome()

    def refresh_chrome(self) -> None:
        """Everything but the table: bar, aggregates, targets, groups, cell information."""
        if not self._ready:
            return
        app = self.calc
        result = app.session.shown  # the money in the currency shown (app.result: in USD)
        preset = app.session.preset
        sort = app.session.sort
        group = result.group(app.session.group)
        sort_text = None
        if sort is not None:
            sort_text = f"{_SORT_NAMES.get(sort[0], sort[0])} {'▼' if sort[1] else '▲'}"
        view = self.view
        compare, compare_b = view.sides()
        self.query_one(SessionBar).show(
            SessionInfo(
                preset_id=preset.id,
                preset_label=preset.label,
                scenario=app.session.scenario_name(),
                changes=len(app.session.changes),
                unsaved=app.session.dirty,
                group=app.session.group_name(),
                group_size=group.size if group is not None else 0,
                group_all=app.session.group_size_all(),
                sort=sort_text,
                filter=app.session.filter,
                compare=compare,
                compare_b=compare_b,
                year=app.session.year_status(),
                currency=" · ".join(filter(None, (tag(result), UKRAINE_TAG * preset.counts_ukraine_aid))),
            )
        )
        excluded = [
            m.code for m in preset.members if not m.included and m.code in set(app.session.group_codes())
        ]
        from ...output.benchmarks import compare_benchmarks

        benchmarks = compare_benchmarks(result, [app.session.group]) if result.preset.benchmarks else ()
        self.query_one(GroupSummary).show(
            group, result.targets, name=app.session.group_name(), excluded=excluded, benchmarks=benchmarks,
            width=self.size.width or self.app.size.width, money_prefix=prefix(result), **view.summary_extra(),
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        self.query_one(TargetsPanel).show(result.targets, app.session.base.targets)
        if self.has_class("-tall") and not self.narrow:
            self._show_groups(result)
        self.update_cell_info()

    def _show_groups(self, result: Result) -> None:
        """Bring the groups list up to date; nothing is drawn when what it shows is unchanged
        (an edit of a small ally often moves no group's share at two decimals)."""
        t = result.targets
        rows = tuple(
            (g.name, pct(g.core_share), f"{g.meeting_guideline}·{g.meeting_core}·{g.meeting_total}/{g.assessed}", g.id == self.calc.session.group)
            for g in result.groups
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
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

    def update_cell_info(self) -> None:
        info = self.query_one(CellInfo)
        code, key = self.table.cursor_keys()
        app = self.calc
        if code is None:
            if app.session.filter:
                info.update(
                    Text(
                        f"No ally in {app.session.group_name()} matches “{app.session.filter}” (esc clears the filter).",
                        "italic",
                    )
                )
            else:
                info.update("")
            return
        info.update(self.describe_cell(code, key or "code"))

    def describe_cell(self, code: str, key: str) -> Text:
        """One or two lines on the figure under the cursor (the view's say)."""
        return self.view.describe(code, key)

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
        return cast("Input", found.first()) if found else None  # the filter box is an Input

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
        self.react(self.calc.session.set_filter(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        if not event.value:
            event.input.remove_class("-active")
        self.table.focus()

    def clear_filter(self) -> None:
        box = self._filter_box()
        if box is not None:
            with self.prevent(type(box).Changed):
                box.value = ""
            box.remove_class("-active")
        self.react(self.calc.session.set_filter(""))
        self.table.focus()

    def action_escape(self) -> None:
        box = self._filter_box()
        if (box is not None and self.focused is box) or self.calc.session.filter:
            self.clear_filter()
        elif self.focused is not self.table:
            self.table.focus()
        elif self.calc.session.comparing:
            self.calc.stop_compare()

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # undo and redo always run (to say "nothing to undo"); the key bar dims them (dim_action)
        if action in ("edit", "toggle_exclude", "reset_member"):
            return True if self.table.row_count else None
        return True

    def dim_action(self, action: str) -> bool:
        """True for a key the key bar shows dimmed although it runs (to say why nothing happens)."""
        history = self.calc.session.history
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
        if app.session.preset.member(code) is None:
            app.notify(f"{code} is not in your session (only in A): nothing to edit.", severity="warning")
            return

        def done(change) -> None:
            if change is not None and app.commit(change):
                app.notify(f"Changed: {change.describe()}")

        app.push_screen(MemberEditDialog(app.session.preset, app.session.base, code, field), done)

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
                self.targets_dialog(name)

        app.push_screen(
            TargetEditDialog(app.session.preset, name, app.session.group, app.session.base.targets), done
        )

    def action_toggle_exclude(self) -> None:
        code = self.current_code()
        if code is not None:
            self.toggle_exclude(code)

    def toggle_exclude(self, code: str) -> None:
        self.calc.perform(self.calc.session.toggle_exclude, code)

    def action_toggle_ukraine(self) -> None:
        """Count the allies' military aid to Ukraine toward core spending, or stop (undoable)."""
        self.calc.perform(self.calc.session.toggle_ukraine)

    def action_reset_member(self) -> None:
        code = self.current_code()
        if code is not None:
            self.reset_member(code)

    def reset_member(self, code: str) -> None:
        self.calc.perform(self.calc.session.reset_member, code)

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
        self.react(self.calc.session.cycle_sort(key))

    def set_sort(self, sort: tuple[str, bool] | None) -> None:
        self.react(self.calc.session.set_sort(sort))

    def action_next_group(self) -> None:
        self.calc.cycle_group(1)

    def action_previous_group(self) -> None:
        self.calc.cycle_group(-1)

    def action_targets(self, current: str | None = None) -> None:
        if self.narrow:
            self.targets_dialog(current)
        else:
            self.query_one(TargetsPanel).focus()

    def targets_dialog(self, current: str | None = None) -> None:
        """The targets in a dialog; each one edited brings it back (on that row)."""
        from .dialogs import TargetsDialog

        app = self.calc

        def chosen(name: str | None) -> None:
            if name is not None:
                self.edit_target(name, reopen=True)

        app.push_screen(TargetsDialog(app.session.result.targets, app.session.base.targets, current), chosen)

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

    def action_command_bar(self) -> None:
        """The command bar (:mod:`calc.tui.screens.command_bar`): one line of the meeting grammar."""
        self.calc.action_command_bar()

    def action_copy_summary(self) -> None:
        self.calc.copy_summary()

    def action_compare(self) -> None:
        self.calc.action_compare()

    def action_toggle_benchmarks(self) -> None:
        summary = self.query_one(GroupSummary)
        if not self.calc.session.result.preset.benchmarks:
            self.calc.notify("This preset has no reference benchmarks.", severity="warning")
            return
        summary.view = "benchmarks" if summary.view == "aggregates" else "aggregates"
        if (self.size.width or self.app.size.width) >= SIDE_BY_SIDE:
            self.calc.notify("The benchmarks are beside the aggregates at this width.")
        self.refresh_chrome()

    def action_step_year(self, step: int) -> None:
        self.calc.step_year(step)

    def action_sources(self) -> None:
        """Where the figures come from: the release block and the sources of the preset."""
        from .sources import SourcesDialog

        s = self.calc.session
        self.app.push_screen(SourcesDialog(s.sources_lines, s.edition_notice()))

    def action_history(self) -> None:
        """The core share of the ally under the cursor (the group: g in the view) over the years."""
        self.calc.open_history(self.table.cursor_keys()[0])

    def action_cycle_currency(self) -> None:
        self.calc.cycle_currency()

    def action_chart(self) -> None:
        """Every ally's core share as a bar (the cursor's ally highlighted)."""
        from .glance import ChartScreen

        self.app.push_screen(ChartScreen(self.table.cursor_keys()[0]))

    def action_burden(self) -> None:
        """Each ally's share of the group's GDP against its share of the spending."""
        from .glance import BurdenScreen

        self.app.push_screen(BurdenScreen(self.table.cursor_keys()[0]))

    def action_plans(self) -> None:
        """The allies' declared national plans against the targets' path (the cursor's ally
        highlighted)."""
        self.calc.open_plans(self.table.cursor_keys()[0])

    def action_path(self) -> None:
        """Open the path view for the ally under the cursor (the group when there is none or
        the targets do not apply to it)."""
        code, _ = self.table.cursor_keys()
        self.calc.open_path(code)
