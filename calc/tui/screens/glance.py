"""The alliance at a glance: the share chart (``a``) and the burden-sharing view (``B``).

What each shows is :mod:`calc.tui.glance` (no Textual): this module only draws it, as lines of
Rich text with bars made of eighth-cell blocks (no chart library: each row is an ally, the
target lines are drawn through the bars, and the view scrolls with the highlighted ally). Both
follow the what-if at once: an edit, undo or exclusion made here or anywhere redraws them
(:meth:`GlanceScreen.session_changed`), and ``e``, ``x``, ``t``, ``g`` and undo work here too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Click
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static

from ...output.fmt import money, pct, pct_short, pp
from ...output.markers import NO, YES
from ..glance import (
    BURDEN_SORT_NAMES,
    BURDEN_SORTS,
    Burden,
    BurdenRow,
    ShareChart,
    axis_column,
    bar_eighths,
    over_scale,
)
from ..money import prefix
from ..paint.line_panel import LinePanel
from ..widgets.key_bar import KeyBar

if TYPE_CHECKING:  # pragma: no cover
    from ..app import CalcApp

#: A cell's left part filled to n eighths (index 0: empty).
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
LINE = "│"
CUT = "»"
MARK = "▶"


def _name_width(width: int, names: list[str]) -> int:
    longest = max((len(n) for n in names), default=4)
    return max(4, min(longest, 15 if width >= 96 else 11))


def _cut(name: str, width: int) -> str:
    """``name`` in ``width`` cells: cut with an ellipsis, padded."""
    return (name if len(name) <= width else name[: width - 1] + "…").ljust(width)


class GlancePanel(LinePanel):
    """Lines drawn by the screen for a width (see :meth:`GlanceScreen.draw`), in the theme's
    colours (the component classes below, styled in ``glance.tcss``)."""

    COMPONENT_CLASSES = {
        "glance--core",
        "glance--guideline",
        "glance--below",
        "glance--excluded",
        "glance--line",
        "glance--group",
        "glance--gdp",
        "glance--spending",
        "glance--highlight",
        "glance--muted",
        "glance--more",
        "glance--less",
    }

    def __init__(self, part: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.part = part
        """Which part of the screen's drawing this panel shows: ``head``, ``body`` or ``foot``."""

    def parts_at(self, width: int) -> tuple:
        screen = self.screen
        if not isinstance(screen, GlanceScreen) or not width:
            return ()
        return screen.draw(self.part, width)

    def colour(self, role: str) -> Style:
        return self.get_component_rich_style(f"glance--{role}", partial=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None  # the colours are in the lines: lay them out again

    def on_click(self, event: Click) -> None:
        screen = self.screen
        if self.part == "body" and isinstance(screen, GlanceScreen):
            screen.click_row(event.y)


class _Rows(VerticalScroll, can_focus=False):
    """The rows, scrolled with the highlight (the keys are the screen's: ↑ ↓ move it)."""


class GlanceScreen(Screen):
    """The parts both views share: keys, the highlighted ally, following the what-if."""

    CSS_PATH = "../glance.tcss"

    #: The view's name in the title.
    TITLE_TEXT = ""

    BINDINGS = [
        Binding("escape", "back", "Back", id="glance-back"),
        Binding("up,k", "move(-1)", "Up", show=False, id="glance-up"),
        Binding("down,j", "move(1)", "Down", show=False, id="glance-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="glance-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="glance-page-down"),
        Binding("home", "edge(-1)", "First", show=False, id="glance-first"),
        Binding("end", "edge(1)", "Last", show=False, id="glance-last"),
        Binding("enter", "show_in_table", "In table", show=False, id="glance-in-table"),
        Binding("e", "edit", "Edit", id="glance-edit"),
        Binding("x", "toggle_exclude", "Excl/incl", id="glance-exclude"),
        Binding("t", "targets", "Targets", id="glance-targets"),
        Binding("g", "group(1)", "Group", id="glance-group"),
        Binding("G", "group(-1)", "Previous group", show=False, id="glance-previous-group"),
        Binding("s", "sort", "Sort", id="glance-sort"),
        Binding("a", "chart", "Chart", id="glance-chart"),
        Binding("B", "burden", "Burden", id="glance-burden"),
        Binding("P", "path", "Path", show=False, id="glance-path"),
        Binding("H", "history", "History", show=False, id="glance-history"),
        Binding("left_square_bracket", "step_year(-1)", "Year", id="glance-year-back", key_display="[]"),
        Binding("right_square_bracket", "step_year(1)", "Next year", show=False, id="glance-year-on"),
        Binding(
            "dollar_sign,m", "cycle_currency", "Currency", show=False, id="glance-currency", key_display="$"
        ),
        Binding("ctrl+z,u", "undo", "Undo", id="glance-undo"),
        Binding("ctrl+y,ctrl+r", "redo", "Redo", show=False, id="glance-redo"),
        Binding("question_mark", "app.help", "Help", id="glance-help", key_display="?"),
    ]

    def __init__(self, highlight: str | None = None) -> None:
        super().__init__()
        self.highlight = highlight
        """The ally highlighted (the table's cursor when the view opened)."""

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

    def compose(self) -> ComposeResult:
        self.model = self.make_model()
        yield Static(id="glance-title")
        yield GlancePanel("head", id="glance-head")
        with _Rows(id="glance-scroll"):
            yield GlancePanel("body", id="glance-body")
        yield GlancePanel("foot", id="glance-foot")
        yield KeyBar()

    def on_mount(self) -> None:
        self.rebuild()
        self.call_after_refresh(self.scroll_to_highlight)

    # -- the model --------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the model again from the session and redraw."""
        self.model = self.make_model()
        self._show_title()
        for panel in self.query(GlancePanel):
            panel.update_lines()

    def title_text(self) -> str:
        return self.TITLE_TEXT

    def make_model(self):  # pragma: no cover - every view has its own
        raise NotImplementedError

    def codes(self) -> list[str]:
        """The rows' allies, in order (what up and down step through)."""
        raise NotImplementedError  # pragma: no cover

    def session_changed(self) -> None:
        """The what-if changed (an edit, undo, an exclusion): draw it again."""
        if self.is_attached:
            self.rebuild()

    def _show_title(self) -> None:
        app = self.calc
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" nato-calc ", "bold reverse")
        t.append(f"  {self.title_text()}: ", "")
        t.append(self.model.group_name, "bold")
        t.append(f"  {app.session.preset.label} [{app.session.session_label()}]", "dim")
        self.query_one("#glance-title", Static).update(t)

    # -- drawing ------------------------------------------------------------------------------------

    def draw(self, part: str, width: int) -> tuple:
        raise NotImplementedError  # pragma: no cover

    def colour(self, role: str) -> Style:
        return self.query_one("#glance-body", GlancePanel).colour(role)

    # -- moving -------------------------------------------------------------------------------------

    def highlight_row(self) -> int | None:
        return self.model.index(self.highlight)

    def set_highlight(self, code: str | None) -> None:
        if code == self.highlight:
            return
        self.highlight = code
        main = self.calc.main_screen
        if code is not None and main is not None:
            main.table.cursor_to(code)
        self.rebuild()
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        row = self.highlight_row()
        if row is None:
            return
        scroll = self.query_one("#glance-scroll", VerticalScroll)
        y = row + self.body_offset()
        scroll.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True)

    def body_offset(self) -> int:
        """Lines of the body above its first ally."""
        return 0

    def action_move(self, step: int) -> None:
        codes = self.codes()
        if not codes:
            return
        i = codes.index(self.highlight) if self.highlight in codes else (-1 if step > 0 else len(codes))
        self.set_highlight(codes[max(0, min(len(codes) - 1, i + step))])

    def action_page(self, step: int) -> None:
        room = max(1, self.query_one("#glance-scroll").size.height - 1)
        self.action_move(step * room)

    def action_edge(self, step: int) -> None:
        codes = self.codes()
        if codes:
            self.set_highlight(codes[0] if step < 0 else codes[-1])

    def click_row(self, y: int) -> None:
        codes = self.codes()
        i = y - self.body_offset()
        if 0 <= i < len(codes):
            self.set_highlight(codes[i])

    # -- actions --------------------------------------------------------------------------------------

    #: The action that opens this view (not listed while it is on screen).
    OWN_ACTION = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != self.OWN_ACTION

    def _ally(self) -> str | None:
        if self.highlight is None or self.calc.session.preset.member(self.highlight) is None:
            self.calc.notify("No ally highlighted: ↑ ↓ pick one.", severity="warning")
            return None
        return self.highlight

    def action_back(self) -> None:
        self.dismiss()

    def action_show_in_table(self) -> None:
        main = self.calc.main_screen
        if main is not None and self.highlight is not None:
            main.table.cursor_to(self.highlight)
        self.dismiss()

    def action_edit(self) -> None:
        code = self._ally()
        main = self.calc.main_screen
        if code is not None and main is not None:
            main.edit_member(code, "core")

    def action_toggle_exclude(self) -> None:
        code = self._ally()
        if code is not None:
            self.calc.perform(self.calc.session.toggle_exclude, code)

    def action_targets(self) -> None:
        main = self.calc.main_screen
        if main is not None:
            main.targets_dialog()

    def action_group(self, step: int) -> None:
        self.calc.cycle_group(step)
        self.rebuild()
        self.scroll_to_highlight()

    def action_chart(self) -> None:
        if not isinstance(self, ChartScreen):
            self.app.switch_screen(ChartScreen(self.highlight))

    def action_burden(self) -> None:
        if not isinstance(self, BurdenScreen):
            self.app.switch_screen(BurdenScreen(self.highlight))

    def action_path(self) -> None:
        self.calc.open_path(self.highlight)

    def action_history(self) -> None:
        self.calc.open_history(self.highlight)

    def action_step_year(self, step: int) -> None:
        self.calc.step_year(step)

    def action_cycle_currency(self) -> None:
        self.calc.cycle_currency()
        self.rebuild()

    def action_undo(self) -> None:
        self.calc.undo()

    def action_redo(self) -> None:
        self.calc.redo()


def _line_of(text: str, style: Style | str = "") -> Text:
    return Text(text, style, no_wrap=True, overflow="crop")


class ChartScreen(GlanceScreen):
    """Every ally's core share of GDP as a bar, sorted, against the target lines in force."""

    TITLE_TEXT = "Core share of GDP"
    OWN_ACTION = "chart"

    BINDINGS = [Binding("v", "measure", "Equip/core", id="glance-measure")]

    def __init__(self, highlight: str | None = None) -> None:
        super().__init__(highlight)
        self.descending = True
        self.measure = "core"
        """``core`` (a share of GDP) or ``equipment`` (a share of core spending): ``v`` switches."""

    def make_model(self) -> ShareChart:
        return self.calc.session.share_chart(self.highlight, descending=self.descending, measure=self.measure)

    def title_text(self) -> str:
        return "Equipment share of core spending" if self.measure == "equipment" else self.TITLE_TEXT

    def action_measure(self) -> None:
        self.measure = "core" if self.measure == "equipment" else "equipment"
        self.rebuild()
        self.scroll_to_highlight()
        if self.measure == "equipment":
            line = self.model.targets[0]
            self.calc.notify(
                f"Major equipment (incl. R&D) as a share of core spending, against the "
                f"{pct_short(line.value)} guideline (v: core share of GDP)."
            )

    def codes(self) -> list[str]:
        return [b.code for b in self.model.bars]

    def action_sort(self) -> None:
        self.descending = not self.descending
        self.rebuild()
        self.scroll_to_highlight()
        self.calc.notify("Sorted " + ("highest share first." if self.descending else "lowest share first."))

    # -- drawing ----------------------------------------------------------------------------

    def _layout(self, width: int) -> tuple[int, int]:
        """(name width, bar width): ``▶ DEU Germany     2.69 % ███…███ ✔✔✗``."""
        name_w = _name_width(width, [b.name for b in self.model.bars])
        return name_w, max(8, width - (1 + 1 + 3 + 1 + name_w + 1 + 8 + 1 + 1 + 4))

    def draw(self, part: str, width: int) -> tuple:
        m: ShareChart = self.model
        name_w, bar_w = self._layout(width)
        lead = 1 + 1 + 3 + 1 + name_w + 1 + 8 + 1
        if part == "head":
            return (self._axis(lead, bar_w),)
        if part == "body":
            if not m.bars:
                return (Text(f"No ally in {m.group_name}.", "italic"),)
            return tuple(self._bar_line(b, name_w, bar_w) for b in m.bars)
        return self._foot(name_w, bar_w, width)

    def _axis(self, lead: int, bar_w: int) -> Text:
        """The target lines' labels above their lines, and the scale's end."""
        m: ShareChart = self.model
        cells = [" "] * bar_w
        taken = [False] * bar_w
        marks = [(line.value, pct_short(line.value)) for line in m.targets]
        marks.append((m.scale, pct_short(m.scale)))
        for value, label in marks:
            col = axis_column(value, m.scale, bar_w)
            if col is None:
                continue
            start = max(0, min(bar_w - len(label), col - len(label) // 2))
            span = range(max(0, start - 1), min(bar_w, start + len(label) + 1))
            if any(taken[i] for i in span):
                continue  # targets edited close together: the first label only
            for i, ch in enumerate(label):
                cells[start + i] = ch
            for i in span:
                taken[i] = True
        out = Text(" " * lead, no_wrap=True, overflow="crop")
        out.append("".join(cells), self.colour("muted"))
        return out

    def _bar_style(self, b) -> Style:
        if not b.included:
            return self.colour("excluded")
        if len(b.meets) == 1:  # the equipment guideline
            return self.colour("core" if b.meets[0] else "below")
        g, c, _ = b.meets
        return self.colour("core" if c else "guideline" if g else "below")

    def _bar_cells(self, text: Text, share: Decimal | None, style: Style, bar_w: int) -> None:
        """The bar for ``share`` with the target lines through it (drawn over the bar where it
        reaches them)."""
        m: ShareChart = self.model
        n = bar_eighths(share, m.scale, bar_w)
        lines = {}
        for line in m.targets:
            col = axis_column(line.value, m.scale, bar_w)
            if col is not None:
                lines[col] = line
        line_style = self.colour("line")
        on_bar = Style(color=line_style.color, bgcolor=style.color, bold=True)
        cut = over_scale(share, m.scale)
        for i in range(bar_w):
            full = n >= (i + 1) * 8
            if i in lines:
                reached = share is not None and share >= lines[i].value
                text.append(LINE, on_bar if reached else line_style)
            elif cut and i == bar_w - 1:
                text.append(CUT, Style(color=line_style.color, bgcolor=style.color, bold=True))
            elif full:
                text.append(FULL, style)
            elif n // 8 == i and n % 8:
                text.append(EIGHTHS[n % 8], style)
            else:
                text.append(" ")

    def _bar_line(self, b, name_w: int, bar_w: int) -> Text:
        m: ShareChart = self.model
        thresholds = tuple(line.value for line in m.targets)
        base = self.colour("highlight") if b.highlighted else Style()
        t = Text(no_wrap=True, overflow="crop", style=base)
        t.append(MARK if b.highlighted else " ", "bold")
        t.append(" ")
        t.append(b.code, "bold" if b.included else self.colour("muted"))
        t.append(" ")
        t.append(_cut(b.name, name_w), "" if b.included else self.colour("muted"))
        t.append(" ")
        if not b.assessed:
            t.append(" " * 8 + " ")
            why = {
                "not assessed": "not assessed: the targets do not apply",
                "not yet an ally": f"not yet an ally in {self.calc.session.preset.year}",
                "no equipment share": "no equipment share published",
            }.get(b.note, b.note)
            t.append(why[:bar_w], self.colour("muted"))
            return t
        t.append(pct(b.share, thresholds=thresholds).rjust(8), "" if b.included else self.colour("muted"))
        t.append(" ")
        self._bar_cells(t, b.share, self._bar_style(b), bar_w)
        t.append(" ")
        if not b.included:
            t.append("excl", self.colour("muted"))
        else:
            for met in b.meets:
                t.append(YES if met else NO, self.colour("core") if met else self.colour("below"))
        return t

    def _foot(self, name_w: int, bar_w: int, width: int) -> tuple:
        m: ShareChart = self.model
        t = Text(no_wrap=True, overflow="crop")
        t.append("  ")
        label = f"{m.group_name}"
        t.append(_cut(label, 4 + name_w), "bold")
        t.append(" ")
        share = pct(m.group_share) if m.group_share is not None else "n/a"
        t.append(share.rjust(8), "bold")
        t.append(" ")
        self._bar_cells(t, m.group_share, self.colour("group"), bar_w)
        wide = width >= 110
        counts = Text(no_wrap=False)
        counts.append("meeting ")
        for i, line in enumerate(m.targets):
            if i:
                counts.append(" · ")
            name = f" {line.name}" if wide else ""
            counts.append(f"{pct_short(line.value)}{name} {line.meeting}/{m.assessed}", "bold")
        if m.measure == "equipment":
            counts.append(
                "   (major equipment incl. R&D, NATO Table 8a; the group's share weighted by core)"
                if wide
                else "  (weighted by core)",
                self.colour("muted"),
            )
            words: tuple[tuple[str, str, str], ...] = (
                ("core", "meets the equipment guideline", "meets"),
                ("below", "below it", "below"),
            )
        else:
            counts.append(
                "   (✔✔✗: guideline, core, total; the total counts related spending up to its cap)"
                if wide
                else "  ✔✔✗: guideline, core, total",
                self.colour("muted"),
            )
            words = (
                ("core", "meets the core target", "≥ core"),
                ("guideline", "the guideline only", "≥ guideline"),
                ("below", "below the guideline", "below"),
            )
        legend = Text(no_wrap=False)
        for role, long, short in words:
            legend.append(FULL * 2, self.colour(role))
            legend.append(f" {long if wide else short}  ")
        legend.append(LINE, self.colour("line"))
        legend.append(" targets (t edits)  " if wide else " targets  ")
        legend.append("s ", "bold")
        legend.append(
            ("sorted " if wide else "") + ("high to low" if m.descending else "low to high"),
            self.colour("muted"),
        )
        return (t, counts, legend)


class BurdenScreen(GlanceScreen):
    """Each ally's share of the group's GDP against its share of the group's core spending;
    the US against Europe & Canada."""

    TITLE_TEXT = "Burden sharing"
    OWN_ACTION = "burden"

    def __init__(self, highlight: str | None = None) -> None:
        super().__init__(highlight)
        self.sort = "gdp"

    def make_model(self) -> Burden:
        return self.calc.session.burden(self.highlight, sort=self.sort)

    def codes(self) -> list[str]:
        return [r.code for r in self.model.rows]

    def body_offset(self) -> int:
        return 0

    def action_sort(self) -> None:
        self.sort = BURDEN_SORTS[(BURDEN_SORTS.index(self.sort) + 1) % len(BURDEN_SORTS)]
        self.rebuild()
        self.scroll_to_highlight()
        self.calc.notify(f"Sorted by {BURDEN_SORT_NAMES[self.sort]}, largest first.")

    # -- drawing -------------------------------------------------------------------------------

    def _layout(self, width: int) -> tuple[int, int]:
        """(name width, width of each bar): ``▶ DEU Germany  14.20 % ███  8.10 % ██  -6.10 pp``."""
        names = [r.name for r in self.model.rows]
        name_w = max(_name_width(width, names), 11)
        rest = width - (1 + 1 + 3 + 1 + name_w + 1 + 7 + 1 + 1 + 7 + 1 + 1 + 10)
        return name_w, max(4, rest // 2)

    def draw(self, part: str, width: int) -> tuple:
        m: Burden = self.model
        name_w, bar_w = self._layout(width)
        if part == "head":
            return self._head(name_w, bar_w)
        if part == "body":
            if not m.rows:
                return (Text(f"No included ally in {m.group_name}.", "italic"),)
            return tuple(self._row_line(r, name_w, bar_w) for r in m.rows)
        return self._foot(width)

    def _head(self, name_w: int, bar_w: int) -> tuple:
        m: Burden = self.model
        lines = []
        if m.sides:
            lines.append(_line_of("  NATO, United States against Europe & Canada", "bold"))
            for r in m.sides:
                lines.append(self._row_line(r, name_w, bar_w, side=True))
        if m.sides_note:
            lines.append(_line_of(f"  ({m.sides_note})", self.colour("muted")))
        lines.append(Text(""))
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(f"  {m.group_name}: ", "bold")
        shown = self.calc.session.shown  # the amounts in the currency shown (the parts: shares)
        g = shown.group(m.group_id)
        if g is not None:
            cur = prefix(shown)
            title.append(f"GDP {cur}{money(g.gdp, 1)} bn · core spending {cur}{money(g.core, 1)} bn", "")
        lines.append(title)
        head = Text(no_wrap=True, overflow="crop")
        head.append(" " * (1 + 1 + 3 + 1 + name_w + 1))
        sorted_by = {"gdp": 0, "core": 1, "difference": 2}[m.sort]
        cols = (("share of GDP", 7 + 1 + bar_w), ("share of core", 7 + 1 + bar_w), ("difference", 10))
        for i, (label, w) in enumerate(cols):
            if i:
                head.append(" ")
            mark = " ▼" if i == sorted_by else ""
            label = (label + mark)[:w]
            head.append(label.rjust(w) if i == 2 else label.ljust(w), "bold underline" if mark else "bold")
        lines.append(head)
        return tuple(lines)

    def _row_line(self, r: BurdenRow, name_w: int, bar_w: int, side: bool = False) -> Text:
        scale = self.model.scale
        base = self.colour("highlight") if r.highlighted else Style()
        t = Text(no_wrap=True, overflow="crop", style=base)
        t.append(MARK if r.highlighted else " ", "bold")
        t.append(" ")
        if side:
            t.append(_cut(r.name, 4 + name_w), "bold")
        else:
            t.append(r.code, "bold")
            t.append(" ")
            t.append(_cut(r.name, name_w))
        t.append(" ")
        for part, role in ((r.gdp_part, "gdp"), (r.core_part, "spending")):
            t.append(pct(part).rjust(7))
            t.append(" ")
            n = bar_eighths(part, scale, bar_w)
            style = self.colour(role)
            bar = FULL * (n // 8) + (EIGHTHS[n % 8] if n % 8 else "")
            t.append(bar.ljust(bar_w), style)
            t.append(" ")
        diff = r.difference
        t.append(pp(diff).rjust(10), self.colour("more" if diff > 0 else "less" if diff < 0 else "muted"))
        return t

    def _foot(self, width: int) -> tuple:
        m: Burden = self.model
        wide = width >= 120
        legend = Text(no_wrap=False)
        legend.append(FULL * 2, self.colour("gdp"))
        legend.append(" share of GDP  ")
        legend.append(FULL * 2, self.colour("spending"))
        legend.append(" share of core spending  ")
        legend.append("difference: ", "bold")
        legend.append(
            "spending share − GDP share in points; above 0, more than its weight in the economy"
            if wide
            else "spending − GDP share",
            self.colour("muted"),
        )
        out = [legend]
        if m.left_out:
            why: dict[str, list[str]] = {}
            for code, reason in m.left_out:
                why.setdefault(reason, []).append(code)
            words = {
                "excluded": "excluded (x includes)",
                "not assessed": "not assessed",
                "not yet an ally": f"not yet allies in {self.calc.session.preset.year}",
            }
            text = " · ".join(f"{', '.join(codes)} {words[reason]}" for reason, codes in why.items())
            out.append(
                Text(f"Not in the sums: {text}", self.colour("muted"), no_wrap=True, overflow="ellipsis")
            )
        sort = Text(no_wrap=True, overflow="ellipsis")
        sort.append("s ", "bold")
        sort.append(f"sort: by {BURDEN_SORT_NAMES[m.sort]}, largest first", self.colour("muted"))
        if wide:
            sort.append(" · shares of the group's sums (the same in any currency)", self.colour("muted"))
        out.append(sort)
        return tuple(out)
