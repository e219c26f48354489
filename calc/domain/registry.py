"""One registry of the member fields, the figures derived from them, the group figures and the
targets: what each is called, its unit, its JSON/CSV key, whether it sorts, edits or has a
delta, its bounds, and the target it belongs to.

Everything that lists fields or targets (the report's and the comparison's JSON, CSV and
workbook columns, the sort names, the TUI's columns, palette and editors, the change
descriptions, the scenario checks) iterates these tables instead of restating names, so that
adding a figure is one entry here and its computation in :mod:`calc.engine`.

Pure data: no formatting, no I/O. Titles that name a target's value hold a ``{target}``
placeholder that the renderer fills with the value in its own style (``To 3.5%``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

# --------------------------------------------------------------------------------------------
# Units and bounds
# --------------------------------------------------------------------------------------------

MONEY = "money"
"""USD bn at current prices."""
SHARE = "share"
"""A fraction of GDP (0.035 is 3.5 %)."""
SHARE_OF_CORE = "share_of_core"
"""A fraction of core spending (0.2 is 20 %): the equipment share."""
BOOL = "bool"
TEXT = "text"
LIST = "list"
"""A list of strings (a member's flags, a group's codes)."""
COUNT = "count"
"""A whole number of members."""
YEAR = "year"

#: Units whose values are numbers a comparison can subtract (B minus A).
NUMERIC = frozenset({MONEY, SHARE, SHARE_OF_CORE, COUNT})
#: Units written as fractions (JSON to 10 decimal places, percentages on screen).
FRACTIONS = frozenset({SHARE, SHARE_OF_CORE})

#: Upper bound on any money figure (USD bn): ten million times world GDP, far beyond any real
#: figure, so that arithmetic and display can never overflow.
MAX_MONEY = Decimal(10) ** 12
#: Lower bound on GDP (USD bn): USD 1,000. Keeps every share finite and displayable.
MIN_GDP = Decimal("0.000001")
#: Smallest size of any other non-zero figure or share: keeps every product and quotient far
#: inside the engine's exponent range (nothing underflows to 0) and every number printable.
MIN_NONZERO = Decimal("1e-18")


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """One threshold of the framework (a field of :class:`calc.domain.dataset.Targets`)."""

    key: str
    """Attribute of ``Targets``, JSON key, ``--target`` and scenario ``field`` name."""
    label: str
    """In change descriptions and messages: "core target"."""
    title: str
    """In the targets panel and the palette: "Core target"."""
    help: str
    """One line on what it is and where it comes from."""
    unit: str
    default: Decimal | int
    minimum: Decimal | int
    maximum: Decimal | int
    word: str = ""
    """After the value in running text: "3.5 % core" (empty: not judged against)."""
    article: str = ""
    """Before the value in a status change: "the 2 % guideline"."""
    generic: str = ""
    """The target without its value (two sides of a comparison differ): "core target"."""

    @property
    def judged(self) -> bool:
        """Whether members are judged against it (a ``meets_*``): not the cap or deadline."""
        return bool(self.word)

    @property
    def of_gdp(self) -> bool:
        """A share of GDP with a money gap (guideline, core, total); not the equipment share."""
        return self.judged and self.unit == SHARE


# A table, kept as written: one row a line.
TARGETS: tuple[Target, ...] = (
    Target("guideline", "guideline target", "Guideline (core)",
           "Wales 2014 guideline: core defence spending of at least this share of GDP",
           SHARE, Decimal("0.02"), Decimal(0), Decimal(1), "guideline", "the ", "guideline"),
    Target("core", "core target", "Core target",
           "The Hague 2025: core defence (NATO definition) of at least this share of GDP",
           SHARE, Decimal("0.035"), Decimal(0), Decimal(1), "core", "", "core target"),
    Target("related_cap", "related cap", "Related counted ≤",
           "The Hague 2025: defence-related spending counts up to this share of GDP",
           SHARE, Decimal("0.015"), Decimal(0), Decimal(1)),
    Target("total", "total target", "Total target",
           "The Hague 2025: core plus counted related spending",
           SHARE, Decimal("0.05"), Decimal(0), Decimal(1), "total", "", "total target"),
    Target("deadline", "deadline", "Deadline",
           "the year by which the Hague targets are to be met",
           YEAR, 2035, 2000, 2100),
    # added later (compatible: after the original ones in JSON and the targets panel)
    Target("equipment", "equipment guideline", "Equipment ≥",
           "NATO guideline: major equipment (incl. R&D) of at least this share of core spending",
           SHARE_OF_CORE, Decimal("0.20"), Decimal(0), Decimal(1), "equipment guideline", "the ",
           "equipment guideline"),
)  # fmt: skip
TARGET = {t.key: t for t in TARGETS}
TARGET_KEYS = tuple(t.key for t in TARGETS)
#: The targets of GDP members are judged against with a gap, in display order (guideline,
#: core, total).
JUDGED = tuple(t.key for t in TARGETS if t.of_gdp)
#: Every target a member is judged against (a ``meets_*``): those and the equipment guideline.
ASSESSED = tuple(t.key for t in TARGETS if t.judged)
#: Key of the TUI's status column target: every judged target at once.
ALL_TARGETS = "all"


# --------------------------------------------------------------------------------------------
# Member fields: the inputs a what-if can change
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberField:
    """One member field a preset gives and a what-if can change (``--set CODE.FIELD=...``)."""

    key: str
    """Scenario ``field`` and ``--set`` name; also the JSON key of the figure it writes."""
    label: str
    """In change descriptions, messages and editor titles: "core spending"."""
    unit: str
    figure: str
    """The member figure an edit of this field changes: gdp, core or related."""
    minimum: Decimal
    """Least value (GDP: at least :data:`MIN_GDP`, others 0)."""
    maximum: Decimal
    may_be_unknown: bool = False
    """Whether ``set`` may mark it unknown (related spending, Ukraine aid)."""

    @property
    def share(self) -> bool:
        return self.unit == SHARE


FIELDS: tuple[MemberField, ...] = (
    MemberField("gdp", "GDP", MONEY, "gdp", MIN_GDP, MAX_MONEY),
    MemberField("core", "core spending", MONEY, "core", Decimal(0), MAX_MONEY),
    MemberField("core_share", "core share", SHARE, "core", Decimal(0), Decimal(1)),
    MemberField("related", "related spending", MONEY, "related", Decimal(0), MAX_MONEY, True),
    MemberField("related_share", "related share", SHARE, "related", Decimal(0), Decimal(1), True),
    MemberField("ukraine_aid", "Ukraine aid", MONEY, "ukraine_aid", Decimal(0), MAX_MONEY, True),
    MemberField("ukraine_aid_share", "Ukraine aid share", SHARE, "ukraine_aid", Decimal(0), Decimal(1), True),
)
FIELD = {f.key: f for f in FIELDS}
FIELD_KEYS = tuple(f.key for f in FIELDS)
SHARE_FIELD_KEYS = frozenset(f.key for f in FIELDS if f.share)
#: The member figures edits change, and what each is called ("core spending").
FIGURE_LABELS = {f.figure: f.label for f in FIELDS if not f.share}


# --------------------------------------------------------------------------------------------
# Member figures: every figure of a member result, in the order of the JSON contract
# --------------------------------------------------------------------------------------------

HEAD, TAIL = "head", "tail"


@dataclass(frozen=True, slots=True)
class MemberFigure:
    """One figure of :class:`calc.engine.MemberResult` (an input or a derived figure)."""

    key: str
    """Attribute of ``MemberResult``, JSON key and CSV column."""
    label: str
    """What it is, in a palette entry or a list: "gap to the core target"."""
    unit: str
    kind: str = ""
    """How it reads: ``gap`` (· when met), ``gap_share``, ``surplus``, ``meets``, or ""."""
    target: str | None = None
    """The target it measures against (a key of :data:`TARGET`)."""
    json: bool = True
    """In the member object of the JSON documents (in this order; new ones go last)."""
    csv: str | None = None
    """In the report's CSV: with the first columns (``head``) or after the group columns
    (``tail``); None: JSON only."""
    delta: bool = False
    """A comparison carries its change, B minus A (``delta`` object, ``delta_*`` columns)."""
    sort: bool = False
    """``report --sort`` accepts it."""
    sort_delta: bool = False
    """``compare --sort`` accepts it (by its change)."""
    descending: bool = True
    """Default sort direction: numbers largest first, text A-Z."""
    short: str = ""
    """Short name, e.g. in the session bar's "sorted by": "gap to core"."""
    title: str | None = None
    """TUI column title (``{target}``: the target's value); None: no column."""
    describe: str = ""
    """What the TUI column holds, for the help screen and the cell information line."""
    edits: str = "core"
    """The member figure an edit started on its TUI column changes: gdp, core or related."""
    tier: int = 0
    """0: always shown; 1: not in the narrow layout; 2: only on very wide tables."""
    left: bool = False
    sheet: str | None = None
    """Workbook column title (``{target}``: the target with its value); None: not there."""


_GAP = "extra core spending to reach the {}, {} (· = met)"
_TOTAL = "least extra spending to reach the total target, {} (· = met)"

# A table, kept as written: one row a line.
MEMBER_FIGURES: tuple[MemberFigure, ...] = (
    MemberFigure("code", "code", TEXT, csv=HEAD, sort=True, sort_delta=True, descending=False,
           short="code", title="Code", left=True, sheet="Code",
           describe="ISO code (and a marker when a figure is edited or uncertain)"),
    MemberFigure("name", "name", TEXT, csv=HEAD, sort=True, sort_delta=True, descending=False,
           short="name", title="Ally", describe="name", tier=1, left=True, sheet="Name"),
    MemberFigure("gdp", "GDP", MONEY, csv=HEAD, delta=True, sort=True, sort_delta=True, short="GDP",
           title="GDP $bn", describe="GDP, USD bn at current prices", edits="gdp", sheet="GDP"),
    MemberFigure("core", "core spending $", MONEY, csv=HEAD, delta=True, sort=True, sort_delta=True,
           short="core $", title="Core $bn", describe="core defence spending, USD bn",
           sheet="Core spending"),
    MemberFigure("related", "related spending", MONEY, csv=HEAD, delta=True, sort=True,
           short="related $", title="Rel $bn", edits="related", sheet="Related spending",
           describe="defence-related spending, USD bn (? = unknown)"),
    MemberFigure("related_known", "related spending known", BOOL, csv=HEAD, sheet="Related known"),
    MemberFigure("core_share", "core % of GDP", SHARE, csv=HEAD, delta=True, sort=True,
           sort_delta=True, short="core %", title="Core %", sheet="Core share of GDP",
           describe="core defence spending, % of GDP"),
    MemberFigure("total_share", "total % of GDP", SHARE, csv=HEAD, delta=True, sort=True,
           sort_delta=True, short="total %", title="Total %", edits="related",
           sheet="Total share of GDP", describe="core + counted related spending, % of GDP"),
    MemberFigure("gap_guideline", "gap to the guideline", MONEY, "gap", "guideline", csv=HEAD,
           delta=True, sort=True, sort_delta=True, short="gap to guideline", title="To {target}",
           describe=_GAP.format("guideline", "USD bn"), sheet="Gap to {target}"),
    MemberFigure("gap_core", "gap to the core target", MONEY, "gap", "core", csv=HEAD, delta=True,
           sort=True, sort_delta=True, short="gap to core", title="To {target}",
           describe=_GAP.format("core target", "USD bn"), sheet="Gap to {target}"),
    MemberFigure("gap_total", "gap to the total target", MONEY, "gap", "total", csv=HEAD, delta=True,
           sort=True, sort_delta=True, short="gap to total", title="To {target}",
           describe=_TOTAL.format("USD bn"), sheet="Gap to {target}"),
    MemberFigure("surplus_core", "spending above the core target", MONEY, "surplus", "core",
           csv=HEAD, delta=True, sort=True, short="above core target", title="Above {target}",
           describe="core spending above the core target, USD bn", tier=2,
           sheet="Surplus over {target}"),
    MemberFigure("meets_guideline", "meets the guideline", BOOL, "meets", "guideline", csv=HEAD,
           sheet="Meets {target}"),
    MemberFigure("meets_core", "meets the core target", BOOL, "meets", "core", csv=HEAD,
           sheet="Meets {target}"),
    MemberFigure("meets_total", "meets the total target", BOOL, "meets", "total", csv=HEAD,
           sheet="Meets {target}"),
    MemberFigure("flags", "flags", LIST, csv=HEAD, sheet="Flags"),
    # extensions of the original contract (compatible additions, in the order they came)
    MemberFigure("related_counted", "related spending counted", MONEY, delta=True,
           sheet="Related counted"),
    MemberFigure("related_share", "related % of GDP", SHARE, delta=True, sort=True, short="related %",
           title="Rel %", describe="defence-related spending, % of GDP", edits="related",
           tier=2, sheet="Related share of GDP (counted)"),
    MemberFigure("surplus_guideline", "spending above the guideline", MONEY, "surplus", "guideline",
           delta=True, sheet="Surplus over {target}"),
    MemberFigure("assessed", "assessed", BOOL, csv=TAIL, sheet="Assessed"),
    MemberFigure("gap_guideline_share", "gap to the guideline, points of GDP", SHARE, "gap_share",
           "guideline", csv=TAIL, delta=True, sort=True, sort_delta=True,
           short="gap to guideline, pp", title="{target} pp", tier=2,
           describe=_GAP.format("guideline", "points of GDP"), sheet="Gap to {target} (of GDP)"),
    MemberFigure("gap_core_share", "gap to the core target, points of GDP", SHARE, "gap_share", "core",
           csv=TAIL, delta=True, sort=True, sort_delta=True, short="gap to core, pp",
           title="{target} pp", tier=2, describe=_GAP.format("core target", "points of GDP"),
           sheet="Gap to {target} (of GDP)"),
    MemberFigure("gap_total_share", "gap to the total target, points of GDP", SHARE, "gap_share",
           "total", csv=TAIL, delta=True, sort=True, sort_delta=True, short="gap to total, pp",
           title="{target} pp", tier=2, describe=_TOTAL.format("points of GDP"),
           sheet="Gap to {target} (of GDP)"),
    MemberFigure("surplus_total", "spending above the total target", MONEY, "surplus", "total",
           csv=TAIL, delta=True, sort=True, short="above total target", title="Above {target}",
           describe="core + counted related spending above the total target, USD bn", tier=2,
           sheet="Surplus over {target}"),
    MemberFigure("core_share_from_money", "core spending ÷ GDP", SHARE, csv=TAIL, delta=True,
           sheet="Core spending ÷ GDP",
           describe="core spending ÷ GDP, % (differs from the core share where NATO publishes another)"),
    MemberFigure("equipment_share", "equipment % of core", SHARE_OF_CORE, csv=TAIL, delta=True,
           sort=True, sort_delta=True, short="equipment %", title="Equip %", tier=2,
           describe="major equipment incl. R&D, % of core spending (– = not published)",
           sheet="Equipment share of core"),
    MemberFigure("meets_equipment", "meets the equipment guideline", BOOL, "meets", "equipment",
           csv=TAIL, sheet="Meets {target}"),
    MemberFigure("ukraine_aid", "Ukraine aid", MONEY, csv=TAIL, edits="ukraine_aid", sort=True,
           short="Ukraine aid", title="Aid $bn", tier=2, sheet="Ukraine aid",
           describe="military aid to Ukraine, USD bn (Kiel allocations in nato-2026; – = unknown)"),
    MemberFigure("ukraine_aid_counted", "Ukraine aid counted toward core", MONEY, csv=TAIL,
           edits="ukraine_aid", sheet="Ukraine aid counted toward core",
           describe="the part of core spending that is Ukraine aid (0 unless counted)"),
    # a view of the TUI only: the three meets_* at once
    MemberFigure("status", "targets met", BOOL, "meets", ALL_TARGETS, json=False, sort=True, short="targets met",
           title="Meets", describe="targets met: guideline, core, total (✔ yes ✗ no – n/a)"),
)  # fmt: skip
FIGURE = {f.key: f for f in MEMBER_FIGURES}

#: The TUI's column order (a figure with a title not listed here comes after these, in
#: registry order: a new figure needs no entry here).
# A table, kept as written: one row a line.
_TABLE_ORDER = (
    "code", "name", "gdp", "core", "core_share", "related", "related_share", "total_share",
    "gap_guideline", "gap_core", "gap_total",
    "gap_guideline_share", "gap_core_share", "gap_total_share", "status", "surplus_core",
)  # fmt: skip
#: The workbook's member column order (the same rule).
# A table, kept as written: one row a line.
_SHEET_ORDER = (
    "code", "name", "gdp", "core", "core_share", "related", "related_known", "related_counted",
    "related_share", "total_share", "gap_guideline", "gap_core", "gap_total",
    "gap_guideline_share", "gap_core_share", "gap_total_share", "surplus_guideline",
    "surplus_core", "meets_guideline", "meets_core", "meets_total", "assessed", "flags",
)  # fmt: skip


_F = TypeVar("_F", "MemberFigure", "GroupFigure")


def _in_order(order: tuple[str, ...], figures: Sequence[_F], every: Sequence[_F]) -> tuple[_F, ...]:
    """``figures`` in ``order``, then those ``order`` does not name, in registry order."""
    missing = [k for k in order if k not in {f.key for f in every}]
    if missing:  # a stale order entry: fail at import, not in a renderer
        raise AssertionError(f"registry order names unknown figures: {missing}")
    by_key = {f.key: f for f in figures}
    return tuple(by_key[k] for k in order if k in by_key) + tuple(f for f in figures if f.key not in order)


#: Figures of the member JSON object, in contract order.
JSON_FIGURES = tuple(f for f in MEMBER_FIGURES if f.json)
#: Figures whose change a comparison carries, in JSON order.
DELTA_FIGURES = tuple(f for f in MEMBER_FIGURES if f.delta)
#: ``report --sort`` columns, in the TUI's column order.
SORT_KEYS = tuple(
    f.key for f in _in_order(_TABLE_ORDER, [f for f in MEMBER_FIGURES if f.sort], MEMBER_FIGURES)
)
#: ``compare --sort`` columns, in the same order.
SORT_DELTA_KEYS = tuple(k for k in SORT_KEYS if FIGURE[k].sort_delta)
#: Columns of the TUI's member table, in display order.
TABLE_FIGURES = _in_order(_TABLE_ORDER, [f for f in MEMBER_FIGURES if f.title], MEMBER_FIGURES)
#: Member columns of the workbooks, in display order.
SHEET_FIGURES = _in_order(_SHEET_ORDER, [f for f in MEMBER_FIGURES if f.sheet], MEMBER_FIGURES)
#: Text figures (sorted A-Z by default).
TEXT_KEYS = frozenset(f.key for f in MEMBER_FIGURES if f.unit == TEXT)


def figures_of(target: str, kind: str | None = None) -> tuple[MemberFigure, ...]:
    """The member figures a target drives (optionally of one ``kind``: gap, surplus, ...)."""
    return tuple(f for f in MEMBER_FIGURES if f.target == target and f.json and kind in (None, f.kind))


def figure_of(target: str, kind: str) -> MemberFigure | None:
    """The one member figure of ``kind`` for ``target`` (``figure_of("core", "gap")``), or None."""
    found = figures_of(target, kind)
    return found[0] if found else None


def figure_key(target: str, kind: str) -> str:
    """The key of :func:`figure_of` for a pair the registry must have (every judged target has
    its ``gap``, ``meets`` and ``share`` figures); a missing one is a registry error."""
    found = figure_of(target, kind)
    if found is None:
        raise KeyError(f"the registry has no {kind!r} member figure for the {target!r} target")
    return found.key


#: The two parts a comparison splits the change in core share into (``delta`` keys and
#: ``delta_*`` CSV columns of members and groups, after every other delta): the share of
#: *money* (core spending ÷ GDP; a member's ``core_share_from_money``, a group's
#: ``core_share``), ``C_B / G_B - C_A / G_A = (C_B - C_A) / G_B + C_A * (1 / G_B - 1 / G_A)``.
#: (key, label, short label, what it is).
# A table, kept as written: one row a line.
SHARE_CHANGE_PARTS: tuple[tuple[str, str, str, str], ...] = (
    ("core_share_from_spending", "change in core share from spending", "from spending",
     "the change in core spending over B's GDP, (C_B - C_A) / G_B, points of GDP"),
    ("core_share_from_gdp", "change in core share from GDP", "from GDP",
     "A's core spending over the change in GDP, C_A * (1 / G_B - 1 / G_A), points of GDP"),
)  # fmt: skip
SHARE_CHANGE_KEYS = tuple(k for k, *_ in SHARE_CHANGE_PARTS)


# --------------------------------------------------------------------------------------------
# Group figures: where a group differs from a member
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupFigure:
    """One figure of :class:`calc.engine.GroupResult`, in the order of the JSON contract."""

    key: str
    unit: str
    kind: str = ""
    """``gap`` (the sum of member gaps), ``collective``, ``gap_share`` (collective, of GDP),
    ``meeting`` (how many members meet the target), or ""."""
    target: str | None = None
    json: bool = True
    delta: bool = False
    csv: bool = False
    """A column of its own in the CSV (those sharing a member column's name fill that)."""
    sheet: str | None = None


# A table, kept as written: one row a line.
GROUP_FIGURES: tuple[GroupFigure, ...] = (
    GroupFigure("id", TEXT, sheet="Group"),
    GroupFigure("name", TEXT, sheet="Name"),
    GroupFigure("codes", LIST, sheet="Member codes"),
    GroupFigure("gdp", MONEY, delta=True, sheet="GDP"),
    GroupFigure("core", MONEY, delta=True, sheet="Core spending"),
    GroupFigure("related", MONEY, delta=True, sheet="Related spending (counted)"),
    GroupFigure("core_share", SHARE, delta=True, sheet="Core share of GDP"),
    GroupFigure("gap_guideline", MONEY, "gap", "guideline", delta=True, sheet="Sum of members' gaps to {target}"),
    GroupFigure("gap_core", MONEY, "gap", "core", delta=True, sheet="Sum of members' gaps to {target}"),
    GroupFigure("gap_total", MONEY, "gap", "total", delta=True, sheet="Sum of members' gaps to {target}"),
    GroupFigure("collective_gap_guideline", MONEY, "collective", "guideline", delta=True, csv=True, sheet="Collective gap to {target}"),
    GroupFigure("collective_gap_core", MONEY, "collective", "core", delta=True, csv=True, sheet="Collective gap to {target}"),
    GroupFigure("collective_gap_total", MONEY, "collective", "total", delta=True, csv=True, sheet="Collective gap to {target}"),
    GroupFigure("meeting_guideline", COUNT, "meeting", "guideline", delta=True, csv=True, sheet="Members meeting {target}"),
    GroupFigure("meeting_core", COUNT, "meeting", "core", delta=True, csv=True, sheet="Members meeting {target}"),
    GroupFigure("meeting_total", COUNT, "meeting", "total", delta=True, csv=True, sheet="Members meeting {target}"),
    GroupFigure("total_share", SHARE, delta=True, sheet="Total share of GDP"),
    GroupFigure("assessed", COUNT, delta=True, sheet="Assessed members"),
    GroupFigure("size", COUNT, json=False, delta=True, sheet="Members"),
    GroupFigure("not_assessed", LIST, sheet="Not assessed"),
    GroupFigure("related_known", COUNT, sheet="Members with related known"),
    GroupFigure("gap_guideline_share", SHARE, "gap_share", "guideline", delta=True, sheet="Collective gap to {target} (of GDP)"),
    GroupFigure("gap_core_share", SHARE, "gap_share", "core", delta=True, sheet="Collective gap to {target} (of GDP)"),
    GroupFigure("gap_total_share", SHARE, "gap_share", "total", delta=True, sheet="Collective gap to {target} (of GDP)"),
    GroupFigure("equipment_share", SHARE_OF_CORE, delta=True, sheet="Equipment share of core (core-weighted)"),
    GroupFigure("meeting_equipment", COUNT, "meeting", "equipment", delta=True, sheet="Members meeting {target}"),
    # the sums the equipment share comes from (kept so that an edit adjusts them): core
    # spending of the members with an equipment share, and their equipment spending
    GroupFigure("equipment_core", MONEY, json=False),
    GroupFigure("equipment_spending", MONEY, json=False),
    # the members listed but not yet allies in the preset's year (``size`` leaves them out)
    GroupFigure("not_yet", LIST, json=False),
)  # fmt: skip
GROUP_FIGURE = {g.key: g for g in GROUP_FIGURES}
GROUP_JSON_FIGURES = tuple(g for g in GROUP_FIGURES if g.json)
GROUP_DELTA_FIGURES = tuple(g for g in GROUP_FIGURES if g.delta)
#: The CSV columns only groups fill, in order.
GROUP_CSV_KEYS = tuple(g.key for g in GROUP_FIGURES if g.csv)
# A table, kept as written: one row a line.
_GROUP_SHEET_ORDER = (
    "id", "name", "size", "assessed", "gdp", "core", "core_share", "related", "related_known",
    "total_share", "collective_gap_guideline", "collective_gap_core", "collective_gap_total",
    "gap_guideline_share", "gap_core_share", "gap_total_share",
    "gap_guideline", "gap_core", "gap_total",
    "meeting_guideline", "meeting_core", "meeting_total", "not_assessed", "codes",
)  # fmt: skip
GROUP_SHEET_FIGURES = _in_order(_GROUP_SHEET_ORDER, [g for g in GROUP_FIGURES if g.sheet], GROUP_FIGURES)


# --------------------------------------------------------------------------------------------
# CSV column lists (the report's and the comparison's), from the tables above
# --------------------------------------------------------------------------------------------

#: The report's CSV: kind, the first member columns, the group columns, the later ones.
REPORT_CSV_COLUMNS = (
    ("kind",)
    + tuple(f.key for f in MEMBER_FIGURES if f.csv == HEAD)
    + GROUP_CSV_KEYS
    + tuple(f.key for f in MEMBER_FIGURES if f.csv == TAIL)
)
#: The comparison's CSV: a_/b_/delta_ for each of these (member figures, then group ones) ...
COMPARE_CSV_DELTAS = tuple(f.key for f in DELTA_FIGURES if f.csv == HEAD) + GROUP_CSV_KEYS
#: ... a_/b_ for each target check ...
COMPARE_CSV_MEETS = tuple(f.key for f in MEMBER_FIGURES if f.csv == HEAD and f.kind == "meets")
#: ... and, after status_changes and note, a_/b_/delta_ for the figures added later (every
#: delta figure not in the original contract's CSV: a new figure lands here, at the end).
COMPARE_CSV_LATER = tuple(f.key for f in DELTA_FIGURES if f.csv == TAIL)
