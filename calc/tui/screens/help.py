"""HelpScreen: every key (taken from the bindings themselves), how to type values, the markers."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..cells import COLUMNS, LEGEND, UNMARKED

#: Keys handled by widgets rather than bindings of the main screen.
EXTRA_KEYS = {
    "Move": [
        ("↑ ↓ ← →  /  h j k l", "move the cursor"),
        ("PgUp PgDn", "page up / down"),
        ("Home End", "first / last column"),
        ("ctrl+Home ctrl+End", "first / last row"),
        ("mouse", "click a cell to move there, click it again to edit"),
    ],
    "What-ifs": [("Enter", "edit the figure under the cursor (as e)")],
    "View": [("click a header", "sort by that column (again: reverse, again: off)")],
    "App": [
        ("ctrl+p", "command palette: every action, group, preset, target and ally"),
        ("ctrl+q", "quit (asks first when the what-if is not saved)"),
        ("F1", "this help"),
    ],
}
#: Section of each main-screen binding, by binding id.
SECTIONS = {
    "edit-cell": "What-ifs", "toggle-exclude": "What-ifs", "reset-member": "What-ifs",
    "reset-all": "What-ifs", "undo": "What-ifs", "undo-u": "What-ifs", "redo": "What-ifs",
    "redo-ctrl-r": "What-ifs", "targets": "What-ifs", "count-ukraine": "What-ifs",
    "sort": "View", "filter": "View", "next-group": "View", "previous-group": "View",
    "escape": "View", "toggle-benchmarks": "View", "year-back": "View", "year-on": "View",
    "currency": "View",
    "compare": "Compare and path", "path": "Compare and path", "chart": "Compare and path",
    "burden": "Compare and path", "history": "Compare and path", "plans": "Compare and path",
    "pick-preset": "Files", "open-scenario": "Files", "save": "Files", "export": "Files",
    "copy-summary": "Files", "sources": "Files",
    "help": "App", "quit": "App", "command-bar": "App",
}  # fmt: skip  # a table: one row a line
DESCRIPTIONS = {
    "edit-cell": "edit the figure under the cursor: GDP, core or related spending",
    "toggle-exclude": 'exclude the ally from every group ("without the US"), or include it again',
    "reset-member": "reset the ally to the preset's figures",
    "reset-all": "reset everything to the preset (undoable)",
    "undo": "undo the last change (no limit)",
    "undo-u": "undo",
    "redo": "redo",
    "redo-ctrl-r": "redo",
    "count-ukraine": "count each ally's military aid to Ukraine toward core spending, or stop (the bar says when it counts)",
    "targets": "edit the targets (2 %, 3.5 % core, 1.5 % related cap, 5 %, deadline)",
    "sort": "sort by the column under the cursor (again: reverse, again: off)",
    "filter": "filter rows by name or code as you type",
    "next-group": "next group: NATO, Europe & Canada, EU, your groups",
    "previous-group": "previous group",
    "escape": "clear the filter / back to the table / leave compare mode",
    "toggle-benchmarks": "aggregates or benchmarks in the bottom panel (both side by side when wide)",
    "year-back": "the previous year of the release (2014–2026 in nato-2026); your changes apply to its figures",
    "year-on": "the next year of the release",
    "currency": "money in US dollars, euros (NATO's rate), each ally's own currency (m too); shares unchanged",
    "compare": "compare with the preset as published, another preset (last year) or a scenario file",
    "path": "the yearly path to the targets for the ally under the cursor (its group: g in the view)",
    "chart": "chart: every ally's core share as a bar against the target lines, sorted",
    "history": "history: the ally's (or group's) core share over every year of the release, chart and table",
    "plans": "plans: the allies' declared national plans against the path the targets need, flags explained",
    "burden": "burden sharing: each ally's share of the group's GDP against its share of the spending",
    "pick-preset": "switch preset (your changes can come along)",
    "open-scenario": "open a scenario file",
    "save": "save the what-if as a scenario file (TOML: base preset + changes)",
    "export": "export the current view as CSV, Markdown or JSON",
    "copy-summary": "copy a short summary to the clipboard (meeting notes; the full table: export)",
    "sources": "where the figures come from: the release (NATO's edition, dates, tables) and the sources",
    "help": "this help",
    "command-bar": "command bar: type a what-if or a move in words (see Command bar below)",
    "quit": "quit (asks first when the what-if is not saved)",
}
ORDER = ("Move", "What-ifs", "View", "Compare and path", "Files", "App")

#: The path view's keys (its own screen), by binding id.
PATH_DESCRIPTIONS = {
    "path-back": "back to the table (from a box: back to the yearly table)",
    "path-growth-up": "GDP growth +0.5 percentage point a year (- lowers it); or type it in the box",
    "path-shape": "shape: linear (equal steps), front (early), back (late); or click one",
    "path-year-up": "target year +1 (< one earlier); or type it in the box",
    "path-scope": "the ally or its group",
    "path-next": "next ally in the table ([ previous)",
    "path-view": "narrow: table, chart or members in turn; wide: a group's members",
    "path-export": "export the path as CSV, Markdown or JSON (what nato-calc path prints)",
    "path-undo": "undo the last change (the path follows)",
    "path-redo": "redo",
    "path-plans": "the ally's declared national plan (drawn over its path): its years, flags and sources",
    "path-copy-command": "copy the nato-calc path command that prints this view",
    "path-help": "this help",
}

#: The chart and burden-sharing views' keys (their own screens), by binding id.
GLANCE_DESCRIPTIONS = {
    "glance-back": "back to the table",
    "glance-down": "highlight the next ally (↑ the previous; PgUp PgDn Home End, or click a row)",
    "glance-in-table": "back to the table with the cursor on the highlighted ally",
    "glance-edit": "edit the highlighted ally's core spending (the bars follow at once)",
    "glance-exclude": "exclude the highlighted ally from the sums, or include it again",
    "glance-targets": "edit the targets: the lines move",
    "glance-group": "next group (G previous)",
    "glance-sort": "chart: highest or lowest share first; burden: by share of GDP, of spending, by difference",
    "glance-chart": "the chart view",
    "glance-measure": "chart: the core share of GDP, or major equipment as a share of core spending (20 % guideline)",
    "glance-burden": "the burden-sharing view",
    "glance-path": "the path of the highlighted ally (H its history)",
    "glance-undo": "undo (ctrl+y redo)",
    "glance-year-back": "the previous year of the release (] the next)",
    "glance-currency": "money in US dollars, euros or each ally's own currency (m too)",
}
GLANCE_TEXT = (
    "The chart: each ally's core spending as a share of GDP, a bar against the guideline, core and "
    "total target lines in force (✔✔✗: met or not; the total counts related spending up to its "
    "cap), the group's own share under them. Burden sharing: each ally's part of the group's GDP "
    "and of its core spending, and the difference in points; at the top the United States against "
    "Europe & Canada, as parts of NATO. Both follow every what-if at once."
)

#: The history view's keys, by binding id.
HISTORY_DESCRIPTIONS = {
    "history-back": "back to the table",
    "history-scope": "the ally or its group",
    "history-next": "next ally in the table's order ([ previous)",
    "history-view": "on a short screen: the chart or the table",
    "history-path": "the path to the targets from the year shown",
    "history-currency": "money in US dollars, euros or the ally's own currency (as in the table)",
    "history-help": "this help",
}
HISTORY_TEXT = (
    "NATO's published core share for every year of the release (e: estimate), with the target "
    "lines in force; the table is what nato-calc history prints. Your what-if changes the year "
    "shown only: its point is marked. The record: the largest and average yearly change since "
    "the first year, for is-this-plan-credible next to the path."
)

#: The plans view's keys, by binding id.
PLANS_DESCRIPTIONS = {
    "plans-back": "back to the overview (from an ally's detail), then to the table",
    "plans-detail": "the highlighted ally's years: needed and declared, flags in sentences, sources",
    "plans-next": "next ally ([ previous)",
    "plans-basis": "in the detail: the ally's next series (NATO core, NATO total, a budget line; never joined)",
    "plans-group": "next group",
    "plans-path": "the path view of the ally, with its declared plan drawn over it",
    "plans-notes": "in the detail: to the notes under the years (sources, statements), ↑↓ scroll, n back",
    "plans-copy-links": "in the detail: copy the links of the ally's sources, one a line",
    "plans-help": "this help",
}
PLANS_TEXT = (
    "Each ally's declared plan (legislated, budget or announced, with its source) against the "
    "path the targets need from your what-if (the path view's planner, growth and shape), year "
    "by year to the deadline, 2029* the review. Reaches: the plan's level at the deadline against "
    "3.5 % core (5 % for a plan on NATO's total). Flags: not incremental (a year below the one "
    "before), back-loaded (more than half the rise after 2030), short of the target, faster than "
    "its record (since 2014), no plan found. The last line: how much of the group's gap the "
    "declared plans close. The same as nato-calc plans."
)

COMPARE_TEXT = (
    "c picks A, the reference: the preset as published (your what-if is B), another preset (last "
    "year is marked) or a scenario file. B is your session and follows every edit. Columns: core % "
    "in A and B, the change in percentage points, the gap to the core target in A and B, and what "
    "changed (now ✔ / now ✗ a target; allies on one side only say so). The bottom panel shows both "
    "sides and the change. Esc (or c, Stop comparing) leaves."
)
PATH_TEXT = (
    "From the preset's year to the target year, GDP grows at the growth rate (0: held at today's "
    "level) and the core share rises to the core target, counted related spending to its cap, so "
    "that the total reaches the total target; an ally above a target keeps its share. Extra: over "
    "holding today's shares. The same as nato-calc path."
)

#: The command bar's grammar, in short (docs/commands.md has it all).
COMMAND_EXAMPLES = (
    ("DEU core 3%", "Germany's core spending to 3 % of GDP (also +0.5pp, +10%, 160 for USD bn)"),
    ("DEU FRA core 3%", "several allies at once; a group: europe-canada core >= 3.5% (those above stay)"),
    ("DEU gdp +2%", "GDP ×1.02; DEU related 0.4%: related spending (? unknown)"),
    ("without USA", "leave an ally out of the sums; with USA counts it again"),
    ("target core 3%", "a target (guideline, core, related_cap, total, equipment); deadline 2032"),
    ("ukraine on", "count the military aid to Ukraine toward core spending (ukraine off: stop)"),
    ("group eu", "show a group; year 2024, currency eur: another year, another currency"),
    ("compare nato-2025", "compare mode against a preset, base or a scenario file; compare off leaves"),
    ("path CAN growth 2%", "the path view of an ally or a group (growth optional)"),
    ("plans DEU", "the declared national plans: of an ally, a group (plans eu) or the group shown"),
    ("reset DEU", "the ally back to the preset's figures; reset all: everything; undo, redo"),
    ("save FILE", "save the scenario; export md FILE: the view (md, csv, json, table); copy: a summary"),
)
COMMAND_TEXT = (
    "The line under the bar says what Enter will do, or why the command is refused (nothing "
    "changes). Enter runs it as one undoable step and closes the bar; a refusal stays with its "
    "reason; a figure that looks like a slip applies on a second Enter. ↑ ↓ earlier commands, Tab "
    "completes codes, names, fields, groups and presets (again: the next), Esc closes. Case does "
    "not matter; codes, names and aliases all work. The full grammar: docs/commands.md."
)


def key_rows() -> dict[str, list[tuple[str, str]]]:
    """Section -> (keys, what they do), from the main screen's bindings plus :data:`EXTRA_KEYS`."""
    from .main import MainScreen

    rows: dict[str, list[tuple[str, str]]] = {s: list(EXTRA_KEYS.get(s, [])) for s in ORDER}
    for b in MainScreen.BINDINGS:
        assert isinstance(b, Binding)
        section = SECTIONS.get(b.id or "", "App")
        key = b.key_display or b.key
        key = {"colon": ":", "slash": "/", "question_mark": "?", "escape": "Esc"}.get(key, key)
        rows[section].append((key, DESCRIPTIONS.get(b.id or "", b.description)))
    return rows


def help_text() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    rows = key_rows()
    for section in ORDER:
        grid.add_row(Text(section, "bold underline"), "")
        for key, what in rows[section]:
            grid.add_row(key, what)
        grid.add_row("", "")
    grid.add_row(Text("Compare mode", "bold underline"), "")
    grid.add_row("", COMPARE_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("Path view (P)", "bold underline"), "")
    from .path import PathScreen

    for b in PathScreen.BINDINGS:
        assert isinstance(b, Binding)
        if b.id in PATH_DESCRIPTIONS:
            key = b.key_display or b.key
            grid.add_row(key, PATH_DESCRIPTIONS[b.id])
    grid.add_row("", PATH_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("History (H)", "bold underline"), "")
    from .history import HistoryScreen

    for b in HistoryScreen.BINDINGS:
        assert isinstance(b, Binding)
        if b.id in HISTORY_DESCRIPTIONS:
            grid.add_row(b.key_display or b.key, HISTORY_DESCRIPTIONS[b.id])
    grid.add_row("", HISTORY_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("Plans (L)", "bold underline"), "")
    from .plans import PlansScreen

    for b in PlansScreen.BINDINGS:
        assert isinstance(b, Binding)
        if b.id in PLANS_DESCRIPTIONS:
            grid.add_row(
                {"escape": "Esc", "enter": "Enter", "question_mark": "?"}.get(b.key, b.key_display or b.key),
                PLANS_DESCRIPTIONS[b.id],
            )
    grid.add_row("", PLANS_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("Charts (a, B)", "bold underline"), "")
    from .glance import ChartScreen, GlanceScreen

    for b in (*GlanceScreen.BINDINGS, *ChartScreen.BINDINGS):
        assert isinstance(b, Binding)
        if b.id in GLANCE_DESCRIPTIONS:
            key = {
                "up,k": "↑ ↓ j k",
                "down,j": "↑ ↓ j k",
                "ctrl+z,u": "ctrl+z u",
                "question_mark": "?",
                "escape": "Esc",
                "enter": "Enter",
                "left_square_bracket": "[ ]",
                "dollar_sign,m": "$ m",
            }.get(b.key, b.key)
            grid.add_row(key, GLANCE_DESCRIPTIONS[b.id])
    grid.add_row("", GLANCE_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("Command bar (:)", "bold underline"), "")
    for example, meaning in COMMAND_EXAMPLES:
        grid.add_row(example, meaning)
    grid.add_row("", COMMAND_TEXT)
    grid.add_row("", "")
    grid.add_row(Text("Typing values", "bold underline"), "")
    for example, meaning in (
        ("45.3  or  $45.3 bn", "set to USD 45.3 bn"),
        ("2.4%", "set to 2.4 % of GDP (spending; keeps following GDP)"),
        ("+10%  -10%", "relative change"),
        ("+5  -5", "add / subtract USD 5 bn"),
        ("x1.1", "multiply"),
        ("+0.5pp", "add half a percentage point of GDP"),
        ("?", "related spending unknown"),
        ("3%", "a target, with its % (a bare 0.03 is refused); the deadline is a year (2032)"),
    ):
        grid.add_row(example, meaning)
    grid.add_row("", "")
    grid.add_row(Text("Markers", "bold underline"), "")
    for sym, meaning in LEGEND:
        grid.add_row(sym, meaning)
    grid.add_row("", UNMARKED)
    grid.add_row("✔ ✗ –", "Meets column: guideline, core and total target met / not met / not assessed")
    grid.add_row("·", "no gap: the target is met")
    grid.add_row("(was …)", "in the aggregates: the preset's value before your changes")
    grid.add_row("A → B (Δ)", "compare mode: the reference, your session and the change")
    grid.add_row(
        "ratio ×",
        "benchmarks: the group's core spending ÷ the benchmark; * PPP (purchasing-"
        "power parity) set against nominal allied figures mixes two bases; MER: market exchange rates",
    )
    grid.add_row("", "")
    grid.add_row(Text("Columns", "bold underline"), "")
    for col in COLUMNS:
        grid.add_row(col.key.replace("_", " "), col.describe)
    grid.add_row("", "")
    grid.add_row(
        Text("Money", "bold underline"),
        "USD bn at current prices; shares of GDP. Groups add up assessed, included allies; the sum "
        "of member gaps does not let one ally's surplus offset another's shortfall, the collective "
        "gap does.",
    )
    return grid


class HelpScreen(ModalScreen[None]):
    """Every key, the input grammar and the markers. Any of esc, q, ?, F1 closes it."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Static(help_text(), id="help-text")

    def on_mount(self) -> None:
        box = self.query_one("#help")
        box.border_title = "nato-calc · keys and conventions"
        box.border_subtitle = "esc close · ↑↓ scroll"
        box.focus()

    def action_close(self) -> None:
        self.dismiss(None)
