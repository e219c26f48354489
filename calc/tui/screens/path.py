"""PathScreen: the yearly path to the targets for an ally or a group, with a chart.

Every figure is :func:`calc.output.path.plan` of the session's preset (edits included), laid out with
the same rows as ``nato-calc path`` prints (:func:`calc.output.path.year_rows`,
:func:`calc.output.path.member_rows`). Growth, shape and target year are the path's assumptions, as
``--growth``, ``--shape`` and ``--target-year`` are for the command: they change the view, not
the what-if. The chart (textual-plotext) is imported when the view first opens.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from ...domain.assumptions import MAX_RATE, MIN_RATE
from ...errors import CalcError
from ...output.fmt import gdp_share, money, pct, pct_short
from ...output.path import DEFAULT_GROWTH, SHAPE_FORMULAS, SHAPES, SpendingPath, member_rows, plan, year_rows
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:  # pragma: no cover
    from textual_plotext import PlotextPlot

    from ...engine.plans import Series
    from ..app import CalcApp

#: Screen width from which the chart sits beside the yearly table.
CHART_BESIDE = 130
#: Screen height from which a group's member breakdown shows under the yearly table.
MEMBERS_BELOW = 40
#: Columns of :func:`calc.output.path.year_rows` shown, by header; "Total" only when wide.
YEAR_COLUMNS = ("Year", "GDP", "Core %", "Core", "Rel %", "Total %", "Total", "Increase", "Extra")
YEAR_TITLES = {
    "GDP": "GDP $bn",
    "Core": "Core $bn",
    "Total": "Total $bn",
    "Increase": "Increase",
    "Extra": "Extra vs today",
}
GROWTH_STEP = Decimal("0.005")
#: What the narrow view shows, in the order ``v`` cycles through.
PANES = ("table", "chart", "members")


def step_ally(app: CalcApp, current: str | None, step: int, usable) -> str | None:
    """The next (``step`` 1) or previous (-1) ally after ``current`` (else the table's cursor) in
    the table's order for which ``usable(member_result)``; the table's cursor goes there too.
    None when there is none."""
    main = app.main_screen
    order = main.table.order if main is not None else list(app.session.preset.codes)
    if not order:
        return None
    start = current if current in order else (main.table.cursor_keys()[0] if main is not None else None)
    i = order.index(start) if start in order else -step
    for _ in range(len(order)):
        i = (i + step) % len(order)
        m = app.session.result.member(order[i])
        if m is not None and usable(m):
            if main is not None:
                main.table.cursor_to(m.code)
            return m.code
    return None


def growth_text(g: Decimal) -> str:
    """``Decimal("0.03")`` -> ``3%`` (as the user would type it)."""
    from ...output.fmt import plain

    return f"{plain(g * 100)}%"


class PathScreen(Screen):
    """The path view (see the module docstring)."""

    CSS_PATH = "../path.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back", id="path-back"),
        Binding("plus,equals_sign", "growth(1)", "Growth", id="path-growth-up", key_display="+-"),
        Binding("minus", "growth(-1)", "Growth −0.5 pp", id="path-growth-down", key_display="-", show=False),
        Binding("s", "next_shape", "Shape", id="path-shape"),
        Binding("greater_than_sign,full_stop", "year(1)", "Year", id="path-year-up", key_display="<>"),
        Binding(
            "less_than_sign,comma", "year(-1)", "Year −1", id="path-year-down", key_display="<", show=False
        ),
        Binding("g", "toggle_scope", "Group", id="path-scope"),
        Binding(
            "right_square_bracket", "step_member(1)", "Next ally", id="path-next", key_display="]", show=False
        ),
        Binding(
            "left_square_bracket",
            "step_member(-1)",
            "Previous ally",
            id="path-prev",
            key_display="[",
            show=False,
        ),
        Binding("v", "next_pane", "View", id="path-view"),
        Binding("ctrl+e", "export", "Export", id="path-export", show=False),
        Binding("L", "plans", "Plans", id="path-plans", show=False),
        Binding("y", "copy_command", "Copy command", id="path-copy-command", show=False),
        Binding("ctrl+z", "undo", "Undo", id="path-undo", show=False),
        Binding("ctrl+y", "redo", "Redo", id="path-redo", show=False),
        Binding("question_mark", "app.help", "Help", id="path-help", key_display="?"),
    ]

    def __init__(self, member: str | None, group: str) -> None:
        super().__init__()
        self.member = member
        """The ally whose path is shown, or None for the group."""
        self.group = group
        """The group shown when :attr:`member` is None (and what ``g`` switches to)."""
        self.spending_path: SpendingPath | None = None
        """The plan on screen (None while the assumptions do not give one)."""
        self.error: str = ""
        """Why there is no plan ("" when there is one)."""
        self.pane = "table"
        """What the narrow layout shows: ``table``, ``chart`` or ``members``."""
        self._chart: PlotextPlot | None = None
        self.declared: Series | None = None
        """The ally's declared plan drawn over its path (:func:`calc.engine.plans.overlay`),
        None for a group or when it has none; :attr:`declared_note` says which."""
        self.declared_note = ""

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

    @property
    def settings(self) -> dict:
        return self.calc.path_settings

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="path-title")
        with Horizontal(id="path-controls"):
            yield Label("growth", classes="path-label")
            yield Input(id="path-growth", compact=True, select_on_focus=True)
            yield Static(id="path-shapes")
            yield Label("target year", classes="path-label")
            yield Input(id="path-year", compact=True, select_on_focus=True, type="integer", max_length=4)
            yield Static(id="path-message")
        with Horizontal(id="path-body"):
            with Vertical(id="path-left"):
                yield DataTable(id="path-years", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="path-members", cursor_type="row", zebra_stripes=True)
            yield Vertical(id="path-chart-box")
        yield Static(id="path-info")
        yield Static(id="path-command")
        yield KeyBar()

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        self._chart = PlotextPlot(id="path-chart")
        self.query_one("#path-chart-box").mount(self._chart)
        self.query_one("#path-chart-box").border_title = "Share of GDP"
        self._apply_size(self.app.size.width, self.app.size.height)
        self._fill_inputs()
        self.replan()
        self.query_one("#path-years", DataTable).focus()

    def on_resize(self, event: Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        beside = width >= CHART_BESIDE
        self.set_class(not beside, "-narrow")
        self.set_class(height >= MEMBERS_BELOW, "-tall")
        self._show_panes()

    def _show_panes(self) -> None:
        narrow = self.has_class("-narrow")
        group = self.spending_path is not None and self.spending_path.kind == "group"
        pane = self.pane if (self.pane != "members" or group) else "table"
        years = self.query_one("#path-years")
        members = self.query_one("#path-members")
        chart = self.query_one("#path-chart-box")
        if narrow:
            years.display = pane == "table"
            members.display = pane == "members"
            chart.display = pane == "chart"
            self.query_one("#path-left").display = pane != "chart"
        else:
            self.query_one("#path-left").display = True
            years.display = True
            members.display = group and (self.has_class("-tall") or pane == "members")
            chart.display = True

    # -- the plan -------------------------------------------------------------------------------

    def _fill_inputs(self) -> None:
        s = self.settings
        preset = self.calc.session.preset
        g = s["growth"]
        if g is None:
            g = preset.growth.default if preset.growth.default is not None else DEFAULT_GROWTH
        with self.prevent(Input.Changed):
            self.query_one("#path-growth", Input).value = growth_text(g)
            year = s["target_year"] or preset.targets.deadline
            self.query_one("#path-year", Input).value = str(year)

    def replan(self) -> None:
        """Plan again with the session and the assumptions in force, and show it."""
        app = self.calc
        s = self.settings
        member = self.member
        if member is not None:
            m = app.session.result.member(member)
            if m is None or not m.included or not m.assessed:
                member = None  # excluded or not assessed now: the group instead
        try:
            p = plan(
                app.session.preset,
                member=member,
                group=None if member else self.group,
                target_year=s["target_year"],
                growth=s["growth"],
                shape=s["shape"],
                result=app.session.result,
            )
        except CalcError as e:
            self.spending_path = None
            self.error = e.msg
            self._say(e.msg, error=True)
            self._show_title()
            return
        self.error = ""
        self.spending_path = p
        self._find_declared(p)
        self._say("")
        self._show_title()
        self._show_shapes()
        self._show_years(p)
        self._show_members(p)
        self._show_chart(p)
        self._show_info(p)
        self._show_panes()

    def _find_declared(self, p: SpendingPath) -> None:
        """The ally's declared national plan, aligned with the path's years (a group: none)."""
        from ...engine.plans import overlay

        self.declared, self.declared_note = None, ""
        if p.kind != "member":
            return
        s = self.settings
        try:
            a = self.calc.session.plans(p.id, growth=s["growth"], shape=s["shape"]).allies[0]
        except CalcError as e:
            self.declared_note = f"declared plans: {e.msg}"
            return
        self.declared = overlay(a)
        if self.declared is None:
            self.declared_note = "no declared plan found" + (
                " comparable with the targets" if a.series else ""
            )
            return
        d = self.declared
        statuses = "/".join(dict.fromkeys(f.status for f in d.figures if f.year > p.base_year)) or "–"
        what = (
            "a NATO total share, against the total path" if d.basis == "nato-total" else "a NATO core share"
        )
        if d.basis == "national-budget":
            what = "a budget line of NATO's scope"
        self.declared_note = f"declared plan: {what} ({statuses}; L: its flags and sources)"

    def _declared_cell(self, year: int) -> Text:
        d = self.declared
        y = next((y for y in d.years if y.year == year), None) if d is not None else None
        if y is None or y.level is None:
            return Text("", justify="right")
        if y.declared is not None and y.declared_share is not None:
            return Text(f"{pct(y.declared_share)} {y.declared.status[:3]}", "bold", justify="right")
        return Text(pct(y.level), "dim", justify="right")

    def session_changed(self) -> None:
        """The what-if changed (undo, redo): plan again."""
        if self.is_attached:
            self.replan()

    def _say(self, message: str, error: bool = False) -> None:
        msg = self.query_one("#path-message", Static)
        msg.update(Text(message))
        msg.set_class(error, "-error")

    def _show_title(self) -> None:
        app = self.calc
        p = self.spending_path
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" nato-calc ", "bold reverse")
        if p is None:
            t.append("  Path: no plan for these assumptions")
        else:
            scope = f"{p.name} ({p.id})" if p.kind == "member" else f"{p.name} ({len(p.members)} allies)"
            t.append(f"  Path to {p.target_year}: ", "")
            t.append(scope, "bold")
            t.append(f"  {app.session.session_label()}", "dim")
        self.query_one("#path-title", Static).update(t)

    def _show_shapes(self) -> None:
        from textual.content import Content

        shape = self.settings["shape"]
        parts = ["[$text-muted]shape[/] "]
        for name in SHAPES:
            mark = "◉" if name == shape else "○"
            style = "bold" if name == shape else ""
            parts.append(
                f"[@click=screen.set_shape('{name}')][{style}]{mark} {name}[/][/]  "
                if style
                else f"[@click=screen.set_shape('{name}')]{mark} {name}[/]  "
            )
        self.query_one("#path-shapes", Static).update(Content.from_markup("".join(parts)))

    def _show_years(self, p: SpendingPath) -> None:
        table = self.query_one("#path-years", DataTable)
        header, rows = year_rows(p)
        wide = not self.has_class("-narrow") or self.app.size.width >= 100
        keep = [h for h in YEAR_COLUMNS if h != "Total" or wide]
        idx = [header.index(h) for h in keep]
        row = table.cursor_row
        table.clear(columns=True)
        d = self.declared
        plan_at = keep.index("Core %") + 1 if d is not None else None
        for k, h in enumerate(keep):
            if k == plan_at and d is not None:
                table.add_column("Plan %" if d.basis != "nato-total" else "Plan tot %", key="plan")
            table.add_column(YEAR_TITLES.get(h, h), key=h)
        for r in rows:
            cells = [Text(r[i], justify="left" if i == 0 else "right") for i in idx]
            if plan_at is not None:
                cells.insert(plan_at, self._declared_cell(int(r[0].rstrip("*"))))
            table.add_row(*cells, key=r[0])
        table.move_cursor(row=min(row, len(rows) - 1), animate=False)
        places = 1 if max(y.total for y in p.years) >= 100 else 2
        table.border_title = (
            f"Cumulative extra {p.base_year + 1}–{p.target_year}: ${money(p.cumulative_extra, places)} bn"
        )
        # the declared plan's basis (or that there is none) where the narrow screen shows it
        table.border_subtitle = self.declared_note or "extra: over today's shares at that year's GDP"

    def _show_members(self, p: SpendingPath) -> None:
        table = self.query_one("#path-members", DataTable)
        table.clear(columns=True)
        if p.kind != "group":
            return
        header, rows = member_rows(p)
        for h in header:
            table.add_column(h, key=h)
        for r in rows:
            table.add_row(
                *(Text(c, justify="left" if i == 0 else "right") for i, c in enumerate(r)), key=r[0]
            )
        table.border_title = f"By ally ({len(rows)})"
        if p.left_out:
            table.border_subtitle = "left out: " + ", ".join(x.code for x in p.left_out)

    def _show_chart(self, p: SpendingPath) -> None:
        """Core and total shares of GDP by year, against the core and total targets."""
        chart = self._chart
        if chart is None:
            return
        plt = chart.plt
        plt.clear_figure()
        years = [y.year for y in p.years]
        core = [float(y.core_share * 100) for y in p.years]
        total = [float(y.total_share * 100) for y in p.years]
        t = p.targets
        top = max(max(total), float(t.total * 100)) * 1.1
        plt.horizontal_line(float(t.total * 100), color="gray")
        plt.horizontal_line(float(t.core * 100), color="gray")
        plt.plot(
            years, total, marker="braille", color="orange", label=f"total % (target {pct_short(t.total)})"
        )
        plt.plot(years, core, marker="braille", color="cyan", label=f"core % (target {pct_short(t.core)})")
        d = self.declared
        if d is not None:
            points = [
                (y.year, float(y.level * 100)) for y in d.years if y.level is not None and y.year in years
            ]
            if points:
                on_total = d.basis == "nato-total"
                plt.plot(
                    [y for y, _ in points],
                    [v for _, v in points],
                    marker="braille",
                    color="magenta",
                    label=f"declared plan ({'NATO total' if on_total else 'core'})",
                )
                top = max(top, max(v for _, v in points) * 1.1)
        plt.ylim(0, top)
        step = max(1, -(-len(years) // 6))  # at most 6 labels: more collide, and plotext drops one unevenly
        ticks = years[::step] if years[-1] in years[::step] else [*years[::step], years[-1]]
        plt.xticks(ticks, [str(y) for y in ticks])  # type: ignore[arg-type]  # plotext takes ints (its stub says float)
        if top <= 7:  # the targets as ticks; fewer when the chart is short
            marks = [0, 1, 2, 3, 3.5, 4, 5] if self.app.size.height >= 40 else [0, 2, 3.5, 5]
            plt.yticks([m for m in marks if m <= top])
        plt.xlim(years[0], years[-1])
        chart.refresh()

    def _show_info(self, p: SpendingPath) -> None:
        first, last = p.years[0], p.years[-1]
        t = Text(no_wrap=False)
        t.append(
            f"{gdp_share(first.core_share, p.targets)} core + {pct(first.related_share)} related = "
            f"{gdp_share(first.total_share, p.targets)} in {first.year} → "
        )
        t.append(f"{gdp_share(last.total_share, p.targets)} in {last.year}", "bold")
        t.append(f" · shape {p.shape}: {SHAPE_FORMULAS[p.shape].split(': ', 1)[1]}", "dim")
        rates = {m.growth for m in p.members}
        sources = {m.growth_source for m in p.members}
        if len(rates) == 1:
            (rate,) = rates
            growth = f"GDP {pct(rate)}/yr"
            if rate == 0:
                growth += ": held at today's level"
        else:
            growth = f"GDP {pct(min(rates))} to {pct(max(rates))}/yr by ally"
        if "scenario-member" in sources:
            growth += ", per-ally rates from the scenario"
        t.append(f" · {growth}", "dim")
        unknown = [m.code for m in p.members if not m.related_known]
        if unknown:
            who = (
                "related unknown today"
                if p.kind == "member"
                else (f"related unknown for {len(unknown)}/{len(p.members)}")
            )
            t.append(f" · {who}: counted as 0", "dim")
        places = 1 if max(y.total for y in p.years) >= 100 else 2
        t.append(
            f" · to the {pct_short(p.targets.core)} core target alone: "
            f"${money(p.cumulative_extra_core, places)} bn cumulative"
        )
        self.query_one("#path-info", Static).update(t)
        self.query_one("#path-chart-box").border_subtitle = self.declared_note
        # the command on a line of its own, never cut short (a cut command gives other figures)
        self.query_one("#path-command", Static).update(Text(self.same_as(), "dim italic"))

    def cli_args(self) -> str:
        """The ``nato-calc path`` arguments giving exactly the plan on screen (the session's
        preset or scenario file, every change in force and the assumptions), shell-quoted;
        or, when no command gives these figures, a sentence saying so."""
        from ..reproduce import CANNOT, command_text, path_command

        p = self.spending_path
        if p is None:
            return ""
        s = self.settings
        args = path_command(
            self.calc.session.cli_source(), self.calc.session.changes, kind=p.kind, ident=p.id,
            growth=s["growth"], shape=p.shape, target_year=s["target_year"], shown=p,
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
        if args is None:
            return CANNOT
        return command_text("nato-calc path", args).removeprefix("nato-calc path ")

    def same_as(self) -> str:
        """``same as: nato-calc path ...``, or why no command reproduces the view."""
        from ..reproduce import CANNOT

        args = self.cli_args()
        return args if args == CANNOT else f"same as: nato-calc path {args}"

    # -- assumptions ------------------------------------------------------------------------------

    def set_growth(self, growth: Decimal | None) -> None:
        self.settings["growth"] = growth
        self._fill_inputs()
        self.replan()

    def set_year(self, year: int | None) -> None:
        self.settings["target_year"] = year
        self._fill_inputs()
        self.replan()

    def action_set_shape(self, shape: str) -> None:
        if shape in SHAPES:
            self.settings["shape"] = shape
            self.replan()

    def action_next_shape(self) -> None:
        i = SHAPES.index(self.settings["shape"])
        self.action_set_shape(SHAPES[(i + 1) % len(SHAPES)])

    def current_growth(self) -> Decimal:
        g = self.settings["growth"]
        if g is not None:
            return g
        default = self.calc.session.preset.growth.default
        return default if default is not None else DEFAULT_GROWTH

    def action_growth(self, step: int) -> None:
        g = self.current_growth() + step * GROWTH_STEP
        self.set_growth(max(MIN_RATE, min(MAX_RATE, g)))

    def action_year(self, step: int) -> None:
        p = self.spending_path
        year = (
            p.target_year
            if p is not None
            else (self.settings["target_year"] or self.calc.session.preset.targets.deadline)
        )
        new = year + step
        if new <= self.calc.session.preset.year:
            self.calc.notify(
                f"The target year must be after {self.calc.session.preset.year}.", severity="warning"
            )
            return
        self.set_year(new)

    @on(Input.Submitted, "#path-growth")
    @on(Input.Changed, "#path-growth")
    def _growth_typed(self, event) -> None:
        from ...engine.changes import parse_growth_input
        from ...errors import ChangeError

        text = event.value.strip()
        if not text:
            return
        try:
            g = parse_growth_input(text)
        except ChangeError as e:
            self._say(f"growth: {e.msg}", error=True)
            return
        if g != self.settings["growth"]:
            self.settings["growth"] = g
            self.replan()
        if isinstance(event, Input.Submitted):
            self.query_one("#path-years").focus()

    @on(Input.Submitted, "#path-year")
    @on(Input.Changed, "#path-year")
    def _year_typed(self, event) -> None:
        text = event.value.strip()
        if len(text) != 4 or not text.isdigit():
            if isinstance(event, Input.Submitted):
                self._say("target year: type a year such as 2035", error=True)
            return
        year = int(text)
        if year != (self.spending_path.target_year if self.spending_path else None) or self.error:
            self.settings["target_year"] = None if year == self.calc.session.preset.targets.deadline else year
            self.replan()
        if isinstance(event, Input.Submitted) and not self.error:
            self.query_one("#path-years").focus()

    # -- scope and navigation ---------------------------------------------------------------------

    def action_toggle_scope(self) -> None:
        if self.spending_path is not None and self.spending_path.kind == "member":
            self.member = None
        else:
            code = self._cursor_member()
            if code is None:
                self.calc.notify(
                    "No ally to show: pick one in the table ([ and ] step through).", severity="warning"
                )
                return
            self.member = code
        self.replan()

    def _cursor_member(self) -> str | None:
        main = self.calc.main_screen
        code = self.member
        if code is None and main is not None:
            code, _ = main.table.cursor_keys()
        return code

    def action_step_member(self, step: int) -> None:
        """The path of the next (previous) ally in the table's order, skipping those without a
        path (excluded, not assessed)."""
        code = step_ally(self.calc, self.member, step, lambda m: m.included and m.assessed)
        if code is not None:
            self.member = code
            self.replan()

    def action_next_pane(self) -> None:
        group = self.spending_path is not None and self.spending_path.kind == "group"
        panes = [p for p in PANES if p != "members" or group]
        if not self.has_class("-narrow"):
            if group:  # wide: the chart is always there; v shows or hides the breakdown
                self.pane = "members" if self.pane != "members" else "table"
            else:
                self.calc.notify("The table and the chart are both on screen at this width.")
        else:
            self.pane = panes[(panes.index(self.pane) + 1) % len(panes)] if self.pane in panes else "table"
        self._show_panes()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#path-years").focus()
            return
        self.dismiss()

    def action_plans(self) -> None:
        """The declared plan of the ally shown (its detail), or the group's plans."""
        p = self.spending_path
        if p is not None and p.kind == "member":
            self.calc.open_plans(p.id, detail=True)
        else:
            self.calc.open_plans(None, group=p.id if p is not None else None)

    def action_export(self) -> None:
        self.calc.export_path(self)

    def action_copy_command(self) -> None:
        """Copy the ``nato-calc path`` command that reproduces the view (or say why none does)."""
        from ..clipboard import clipboard_caveat
        from ..reproduce import CANNOT

        args = self.cli_args()
        if args in ("", CANNOT):
            self.calc.notify(CANNOT if args else "No path on screen: nothing to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(f"nato-calc path {args}\n")
        self.calc.notify(f"Copied the command that prints this path. {clipboard_caveat(os.environ)}")

    def action_undo(self) -> None:
        self.calc.undo()

    def action_redo(self) -> None:
        self.calc.redo()
