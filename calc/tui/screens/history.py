"""HistoryScreen: an ally's (or the group's) core share over every year of the release, as a chart
against the 2 %, 3.5 % and 5 % lines in force, and the yearly table under it.

The model is :meth:`calc.tui.session.Session.series` (:func:`calc.engine.timeline.member_history`
or ``group_history``: NATO's published figures), the rows are those ``nato-calc history`` prints
(:func:`calc.output.history.year_rows`). The what-if changes the year shown only: when it moves
the share, the chart marks that point and the information line says so. The chart
(textual-plotext) is imported when the view first opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...domain import registry
from ...errors import CalcError
from ...output.fmt import pct, pct_short
from ..money import sign
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.timeline import History
    from ..app import CalcApp

#: Screen height from which the chart and the table are both on screen (below it, v switches).
BOTH_MIN_HEIGHT = 40
#: One entry of the chart's legend, under it (Textual markup: the line's colour as plotext draws it,
#: cyan 6, orange 3 and magenta 5 of the theme's ANSI colours, then its words).
LEGEND_ITEM = "[{color}]{mark}[/] {label}"


class HistoryScreen(Screen):
    """The history view (see the module docstring)."""

    CSS_PATH = "../history.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back", id="history-back"),
        Binding("g", "toggle_scope", "Group", id="history-scope"),
        Binding("right_square_bracket", "step_member(1)", "Next ally", id="history-next", key_display="]"),
        Binding(
            "left_square_bracket",
            "step_member(-1)",
            "Previous ally",
            id="history-prev",
            key_display="[",
            show=False,
        ),
        Binding("v", "next_pane", "Chart/table", id="history-view"),
        Binding("P", "path", "Path", id="history-path"),
        Binding(
            "dollar_sign,m", "cycle_currency", "Currency", show=False, id="history-currency", key_display="$"
        ),
        Binding("question_mark", "app.help", "Help", id="history-help", key_display="?"),
    ]

    def __init__(self, member: str | None) -> None:
        super().__init__()
        self.member = member
        """The ally shown, or None for the selected group."""
        self.series: History | None = None
        self.error = ""
        self.pane = "chart"
        """What a short screen shows: ``chart`` or ``table``."""
        self._chart: Any = None
        """The chart (textual-plotext's, imported when the view opens)."""

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        with Vertical(id="history-body"):
            yield Vertical(id="history-chart-box")
            yield DataTable(id="history-years", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-info")
        yield KeyBar()

    def on_mount(self) -> None:
        from textual_plotext import PlotextPlot

        self._chart = PlotextPlot(id="history-chart")
        self.query_one("#history-chart-box").mount(self._chart)
        self._apply_size(self.app.size.height)
        self.show_series()
        self.query_one("#history-years", DataTable).focus()

    def on_resize(self, event: Resize) -> None:
        self._apply_size(event.size.height)

    def _apply_size(self, height: int) -> None:
        both = height >= BOTH_MIN_HEIGHT
        self.set_class(not both, "-short")
        self.query_one("#history-chart-box").display = both or self.pane == "chart"
        self.query_one("#history-years").display = both or self.pane == "table"

    # -- the series -----------------------------------------------------------------------------

    def show_series(self) -> None:
        """Show the series of the ally (or group) with the session as it is now."""
        session = self.calc.session
        try:
            self.series = session.series(self.member)
            self.error = ""
        except CalcError as e:
            self.series = None
            self.error = e.msg
        self._show_title()
        self._show_table()
        self._show_chart()
        self._show_info()

    def session_changed(self) -> None:
        """The what-if changed (an edit, undo, another year): show the series again."""
        if self.is_attached:
            self.show_series()

    def _show_title(self) -> None:
        h = self.series
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" nato-calc ", "bold reverse")
        if h is None:
            t.append("  History: none for this preset or ally")
        else:
            scope = f"{h.name} ({h.id})" if h.kind == "member" else f"{h.name} ({len(h.codes)} allies)"
            t.append(f"  History {h.first_year}–{h.last_year}: ")
            t.append(scope, "bold")
            label = f" · {h.preset.label} [{h.preset.id}]"
            if h.shown_code == "USD":
                t.append(f"  core share of GDP{label}", "dim")
            else:  # the money before the label, which a narrow screen cuts
                t.append("  core share of GDP", "dim")
                t.append(f" · money in {h.shown_code}", "bold")
                t.append(label, "dim")
        self.query_one("#history-title", Static).update(t)

    def _show_table(self) -> None:
        from ...output.history import money_unit, year_rows

        table = self.query_one("#history-years", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        h = self.series
        if h is None:
            return
        header, rows = year_rows(h, "current")
        unit = f"{sign(h.shown_code)}bn"  # $bn, €bn, PLN bn
        titles = {"Core": f"Core {unit}", "GDP": f"GDP {unit}", "Change": "Change pp", "Real": "Real"}
        for name in header:
            table.add_column(titles.get(name, name), key=name)
        shown = self.calc.session.preset.year
        for r in rows:
            cells = [Text(c, justify="left" if i == 0 else "right") for i, c in enumerate(r)]
            if r[0].rstrip("e") == str(shown):
                cells = [Text(c.plain, "bold", justify=c.justify) for c in cells]
            table.add_row(*cells, key=r[0])
        table.move_cursor(row=min(row, len(rows) - 1) if row else self._shown_row(rows), animate=False)
        money = money_unit(h, "current").replace(" bn, ", " bn at ")
        if h.shown_code != "USD":  # each year at its own rate, as nato-calc history --currency
            money += ", each year at its rate from NATO's tables"
        elif h.shown == "national":
            money += " (a group's money stays in US dollars)"
        table.border_title = f"{h.name}: NATO's figures, e = estimate · {money}"
        table.border_subtitle = "Change: points of GDP on the year before · Real: at 2021 prices"

    def _shown_row(self, rows) -> int:
        shown = str(self.calc.session.preset.year)
        for i, r in enumerate(rows):
            if r[0].rstrip("e") == shown:
                return i
        return 0

    def _show_chart(self) -> None:
        """The core share by year (estimates in their own colour), the targets in force as lines,
        the what-if's point for the year shown."""
        chart = self._chart
        if chart is None:
            return
        plt = chart.plt
        plt.clear_figure()
        box = self.query_one("#history-chart-box")
        h = self.series
        if h is None:
            box.border_title = "Core share of GDP"
            chart.refresh()
            return
        t = self.calc.session.result.targets
        known = [(y.year, float(y.core_share * 100), y.estimate) for y in h.years if y.core_share is not None]
        years = [y for y, _, _ in known]
        final = [(y, v) for y, v, e in known if not e]
        estimate = [(y, v) for y, v, e in known if e]
        if final and estimate:  # the estimate line starts where the final figures end
            estimate.insert(0, final[-1])
        for key in registry.JUDGED:  # the 2 %, 3.5 % and 5 % lines
            plt.horizontal_line(float(t.share(key) * 100), color="gray")
        # the legend goes under the chart (the box's subtitle): plotext's own sits top left,
        # over the 5 % line and the highest shares
        legend = []
        if final:
            plt.plot([y for y, _ in final], [v for _, v in final], marker="braille", color="cyan")
            legend.append(LEGEND_ITEM.format(color="ansi_cyan", mark="━━", label="core % of GDP"))
        if estimate:
            plt.plot([y for y, _ in estimate], [v for _, v in estimate], marker="braille", color="orange")
            legend.append(LEGEND_ITEM.format(color="ansi_yellow", mark="━━", label="NATO estimate"))
        point = self.calc.session.what_if_point(self.member)
        top = max([v for _, v, _ in known] + [float(t.total * 100)])
        if point is not None:
            value = float(point * 100)
            top = max(top, value)
            plt.scatter([self.calc.session.preset.year], [value], marker="●", color="magenta")
            legend.append(LEGEND_ITEM.format(color="ansi_magenta", mark="●", label="your what-if"))
        plt.ylim(0, top * 1.1)
        if years:
            step = max(1, len(years) // 7)
            ticks = years[::step] if years[-1] in years[::step] else [*years[::step], years[-1]]
            plt.xticks(ticks, [str(y) for y in ticks])
            plt.xlim(years[0], years[-1])
        if top * 1.1 <= 8:
            plt.yticks([m for m in (0, 1, 2, 3, 3.5, 4, 5, 6, 7) if m <= top * 1.1])
        box.border_title = f"Core share of GDP against {pct_short(t.guideline)}, {pct_short(t.core)} and {pct_short(t.total)}"
        box.border_subtitle = "  ".join(legend)
        chart.refresh()

    def _show_info(self) -> None:
        from ...output.history import record_lines

        info = Text(no_wrap=False)
        h = self.series
        if h is None:
            info.append(self.error or "No history.", "bold")
            if self.calc.session.preset.timeline is None:
                info.append(" · a release such as nato-2026 holds 2014–2026 (p switches preset)", "dim")
            self.query_one("#history-info", Static).update(info)
            return
        for line in record_lines(h.record):
            info.append(line + "\n")
        point = self.calc.session.what_if_point(self.member)
        year = self.calc.session.preset.year
        if point is not None:
            published = next((y.core_share for y in h.years if y.year == year), None)
            info.append(f"Your what-if: {pct(point)} in {year}", "bold")
            info.append(f" (NATO: {pct(published)}); the rest is NATO's published series.", "dim")
        elif h.kind == "group" and any(not m.included for m in self.calc.session.preset.members):
            info.append("NATO's published series: your exclusions change the year shown only.", "dim")
        extra = []
        if h.left_out:
            extra.append("left out (no figures): " + ", ".join(h.left_out))
        if h.derived:
            extra.append("equipment share derived (core-weighted)")
        if extra:
            info.append(
                (" · " if info.plain and not info.plain.endswith("\n") else "") + " · ".join(extra), "dim"
            )
        self.query_one("#history-info", Static).update(info)

    # -- keys -------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_scope(self) -> None:
        if self.member is not None:
            self.member = None
        else:
            main = self.calc.main_screen
            code = main.table.cursor_keys()[0] if main is not None else None
            if code is None:
                self.calc.notify(
                    "No ally to show: pick one in the table ([ and ] step through).", severity="warning"
                )
                return
            self.member = code
        self.show_series()

    def action_step_member(self, step: int) -> None:
        """The next (previous) ally in the table's order that the release gives figures for."""
        from .path import step_ally

        code = step_ally(self.calc, self.member, step, lambda m: m.assessed)
        if code is not None:
            self.member = code
            self.show_series()

    def action_next_pane(self) -> None:
        if not self.has_class("-short"):
            self.calc.notify("The chart and the table are both on screen at this height.")
            return
        self.pane = "table" if self.pane == "chart" else "chart"
        self._apply_size(self.app.size.height)

    def action_path(self) -> None:
        self.calc.open_path(self.member)

    def action_cycle_currency(self) -> None:
        """US dollars → euros → each ally's own currency, here and in the table."""
        self.calc.cycle_currency()
        self.show_series()
