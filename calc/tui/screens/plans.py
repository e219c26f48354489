"""PlansScreen: the allies' declared national plans against the path the targets need.

The overview (one row an ally of the group) answers "which allies' plans reach 3.5 % by 2035,
and which are back-loaded?" at one look; Enter shows an ally's year-by-year detail (needed and
declared shares, the 2029 review marked, each flag in a sentence, each figure's status and
source). The model is :meth:`calc.tui.session.Session.plans` with the path view's growth and
shape (``app.path_settings``), laid out by :mod:`calc.tui.plans_view` (no Textual); the what-if
in force is the data the needed path starts from, so the view follows every edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...errors import CalcError
from ...output.links import links, wrap_text
from .. import plans_view
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.plans import AllyComparison, PlansComparison
    from ..app import CalcApp

#: Screen height from which every line of the answer shows above the table (below: the two
#: the question asks, reach and back-loaded).
ALL_LINES_HEIGHT = 36
#: Screen width below which the overview drops the ally's name and basis (the code stays).
COMPACT_BELOW = 110


class PlansScreen(Screen):
    """The plans view (see the module docstring)."""

    CSS_PATH = "../plans.tcss"
    COMPONENT_CLASSES = {"plans--reach", "plans--short", "plans--none"}

    BINDINGS = [
        Binding("escape", "back", "Back", id="plans-back"),
        Binding("enter", "detail", "Detail", id="plans-detail"),
        Binding("right_square_bracket", "step_ally(1)", "Next ally", id="plans-next", key_display="]"),
        Binding(
            "left_square_bracket",
            "step_ally(-1)",
            "Previous ally",
            id="plans-prev",
            key_display="[",
            show=False,
        ),
        Binding("b", "next_basis", "Basis", id="plans-basis"),
        Binding("g", "next_group", "Group", id="plans-group"),
        Binding("P", "path", "Path", id="plans-path"),
        Binding("n", "notes", "Notes", id="plans-notes"),
        Binding("y", "copy_links", "Copy links", id="plans-copy-links", show=False),
        Binding("question_mark", "app.help", "Help", id="plans-help", key_display="?"),
    ]

    def __init__(self, group: str, member: str | None = None, detail: bool = False) -> None:
        super().__init__()
        self.group = group
        """The group whose allies the overview lists."""
        self.member = member
        """The ally highlighted (and shown in the detail)."""
        self.showing_detail = detail
        self.basis = 0
        """Which of the ally's series the detail's table shows."""
        self.comparison: PlansComparison | None = None
        self.error = ""
        self._laid_out = 0
        """The width the detail's notes were laid out for."""
        self._notes: list[str] = []
        """The detail's notes as written (unwrapped: each link whole), for ``y``."""

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

    def compose(self) -> ComposeResult:
        yield Static(id="plans-title")
        yield Static(id="plans-headline")
        yield DataTable(id="plans-allies", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="plans-years", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="plans-notes"):  # the sources and statements: n scrolls them
            yield Static(id="plans-detail")
        yield Static(id="plans-info")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < ALL_LINES_HEIGHT, "-short")
        self.set_class(self.app.size.width < COMPACT_BELOW, "-compact")
        self.show_plans()

    def on_resize(self, event: Resize) -> None:
        short = event.size.height < ALL_LINES_HEIGHT
        compact = event.size.width < COMPACT_BELOW
        if short != self.has_class("-short") or compact != self.has_class("-compact"):
            self.set_class(short, "-short")
            self.set_class(compact, "-compact")
            self.show_plans()
        elif self.showing_detail and self._notes_width() != self._laid_out:
            self._show_detail()  # the notes are laid out for the width

    def _notes_width(self) -> int:
        """The notes' text width: the screen less the box's padding and scroll bar."""
        return max(20, self.app.size.width - 4)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The notes' keys only where there are notes: in an ally's detail."""
        if action in ("notes", "copy_links"):
            return self.showing_detail
        if action == "detail":  # Enter on an ally's row: not again from its detail
            return not self.showing_detail
        return True

    # -- the model ------------------------------------------------------------------------------

    def show_plans(self) -> None:
        """Compare the plans with the session as it is now, and show the overview or the detail."""
        s = self.calc.path_settings
        try:
            self.comparison = self.calc.session.plans(group=self.group, growth=s["growth"], shape=s["shape"])
            self.error = ""
        except CalcError as e:
            self.comparison = None
            self.error = e.msg
        if self.member is not None and self._ally(self.member) is None:
            self.showing_detail = False
        self._show_title()
        self._show_overview()
        self._show_detail()
        self._show_info()
        allies = self.query_one("#plans-allies", DataTable)
        years = self.query_one("#plans-years", DataTable)
        allies.display = not self.showing_detail
        years.display = self.showing_detail
        self.query_one("#plans-notes").display = self.showing_detail
        (years if self.showing_detail else allies).focus()

    def session_changed(self) -> None:
        """The what-if changed (an edit, undo, another year): compare again."""
        if self.is_attached:
            self.show_plans()

    def _ally(self, code: str) -> AllyComparison | None:
        c = self.comparison
        return next((a for a in c.allies if a.code == code), None) if c is not None else None

    # -- painting -------------------------------------------------------------------------------

    def _show_title(self) -> None:
        c = self.comparison
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" nato-calc ", "bold reverse")
        if c is None:
            t.append("  Plans: none to compare")
        else:
            a = self._ally(self.member) if self.showing_detail and self.member else None
            t.append(f"  Plans against the path to {c.deadline}: ")
            t.append(f"{a.name} ({a.code})" if a else f"{c.name} ({len(c.allies)} allies)", "bold")
            t.append(f"  {self.calc.session.session_label()}", "dim")
        self.query_one("#plans-title", Static).update(t)

    def _show_overview(self) -> None:
        c = self.comparison
        head = self.query_one("#plans-headline", Static)
        table = self.query_one("#plans-allies", DataTable)
        table.clear(columns=True)
        if c is None:
            head.update(Text(self.error, "bold"))
            return
        if not self.showing_detail:
            lines = plans_view.headline(c)
            if self.has_class("-short"):
                lines = lines[:2]
            out = Text(no_wrap=False)
            for i, line in enumerate(lines):
                label, _, codes = line.partition(": ")
                out.append(f"{label}: ", "bold" if i < 2 else "")
                out.append(codes + ("\n" if i < len(lines) - 1 else ""))
            head.update(out)
        compact = self.has_class("-compact")
        header = plans_view.overview_header(c, compact)
        for i, h in enumerate(header):
            table.add_column(h, key=str(i))
        rows = plans_view.overview(c, compact)
        numbers = {header.index("Today"), header.index("2029*"), header.index(str(c.deadline))}
        verdict = header.index("Reaches")
        for r in rows:
            cells = [Text(x, justify="right" if i in numbers else "left") for i, x in enumerate(r.cells)]
            role = "none" if r.reaches is None else "reach" if r.reaches else "short"
            cells[verdict].stylize(self.get_component_rich_style(f"plans--{role}", partial=True))
            if "back-loaded" in r.flags:
                cells[-1].stylize("bold")
            table.add_row(*cells, key=r.code)
        order = [r.code for r in rows]
        if self.member is not None and self.member in order:
            table.move_cursor(row=order.index(self.member), animate=False)
        table.border_title = f"Declared plans · {c.name}: Enter for an ally's years, flags and sources"
        table.border_subtitle = "basis: the series compared (core share, or NATO total against 5 %)"

    def _show_detail(self) -> None:
        c = self.comparison
        table = self.query_one("#plans-years", DataTable)
        box = self.query_one("#plans-detail", Static)
        table.clear(columns=True)
        if c is None or not self.showing_detail or self.member is None:
            return
        a = self._ally(self.member)
        if a is None:
            return
        d = plans_view.detail(a)
        head = Text(no_wrap=False)
        head.append(d.title, "bold")
        for line in d.flags:
            head.append("\n" + line)
        if not d.series:
            head.append("\nNo declared figure in the plans file." if not d.flags else "")
        self.query_one("#plans-headline", Static).update(head)
        notes: list[tuple[str, str]] = []  # (line, style): the flags, then the sources and statements
        if d.series:
            self.basis %= len(d.series)
            sd = d.series[self.basis]
            for i, h in enumerate(sd.header):
                table.add_column(h, key=str(i))
            for k, r in enumerate(sd.rows):
                style = "bold" if k == sd.review_row else ""
                table.add_row(
                    *(Text(x, style, justify="left" if i in (0, 3) else "right") for i, x in enumerate(r)),
                    key=str(k),
                )
            more = f" · b: basis {self.basis + 1}/{len(d.series)}" if len(d.series) > 1 else ""
            table.border_title = sd.title.split(": ", 1)[0] + more
            table.border_subtitle = f"{plans_view.REVIEW_YEAR}*: the review · {sd.title.split(': ', 1)[1]}"
            notes += [(line, "bold") for line in sd.flags]
            notes += [(line, "dim") for line in sd.sources]
        notes += [(line, "dim") for line in d.statements]
        self._notes = [line for line, _ in notes]
        width = self._laid_out = self._notes_width()
        info = Text(no_wrap=True, overflow="ellipsis")  # laid out here: a link folds after a /
        for line, style in notes:
            for part in wrap_text(line, width, "  "):
                info.append(part + "\n", style)
        box.update(info)
        self.query_one("#plans-notes").scroll_home(animate=False)

    def _show_info(self) -> None:
        c = self.comparison
        info = Text(no_wrap=False)
        if c is not None:
            info.append(plans_view.totals_line(c))
            if not self.has_class("-short"):
                info.append("\n" + plans_view.assumptions_line(c), "dim")
        self.query_one("#plans-info", Static).update(info)

    # -- keys -------------------------------------------------------------------------------------

    def _cursor_code(self) -> str | None:
        table = self.query_one("#plans-allies", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on an ally's row: its detail."""
        if event.data_table.id == "plans-allies":
            event.stop()
            self.action_detail()

    def action_detail(self) -> None:
        if self.showing_detail:
            return
        code = self._cursor_code()
        if code is not None:
            self.member = code
            self.showing_detail = True
            self.basis = 0
            self.show_plans()

    def action_back(self) -> None:
        if self.showing_detail:
            self.showing_detail = False
            self.show_plans()
        else:
            self.dismiss()

    def action_step_ally(self, step: int) -> None:
        c = self.comparison
        if c is None or not c.allies:
            return
        codes = [a.code for a in c.allies]
        current = self.member if self.showing_detail else self._cursor_code()
        i = codes.index(current) if current in codes else -step
        self.member = codes[(i + step) % len(codes)]
        self.basis = 0
        self.show_plans()

    def action_next_basis(self) -> None:
        self.basis += 1
        self.show_plans()

    def action_next_group(self) -> None:
        ids = [g for g in self.calc.session.group_ids() if self.calc.session.result.group(g) is not None]
        self.group = ids[(ids.index(self.group) + 1) % len(ids)] if self.group in ids else "nato"
        self.show_plans()

    def action_path(self) -> None:
        code = self.member if self.showing_detail else self._cursor_code()
        self.calc.open_path(code)

    def action_notes(self) -> None:
        """Between the years and the notes under them (which ↑↓ then scroll)."""
        notes = self.query_one("#plans-notes")
        years = self.query_one("#plans-years", DataTable)
        (years if notes.has_focus else notes).focus()

    def action_copy_links(self) -> None:
        """Every link of the ally's sources and statements, one a line."""
        from ..clipboard import copy_links

        copy_links(self.app, links(self._notes), "No links in this ally's sources.")
