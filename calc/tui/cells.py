"""What each column of the member table shows, and how a member's results become cells.

Display only: every number comes from a :class:`~calc.engine.MemberResult` and is formatted
with :mod:`calc.output.fmt`. A cell is first described as a small tuple (a :data:`CellSpec`), so that
an edit can compare old and new specs and touch only the cells whose text or style changed.
Styles are *roles* (``ok``, ``fail``, ...) that the table maps to theme-aware styles defined in
``app.tcss``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..domain import registry
from ..domain.dataset import Targets
from ..engine.evaluate import MemberResult
from ..output.fmt import gdp_thresholds, member_share, money, pct, pct_tight
from ..output.fmt import points as pp_points
from ..output.markers import MARKERS, NA, NO, STATUS_MARK, STATUS_WORDS, UNMARKED, YES  # noqa: F401 (re-exported)
from ..output.markers import figure_status as _figure_status
from ..output.markers import row_marker as _row_marker

#: ``(text, role, mark, mark_role)``: the value, its style role, a one-character marker after it
#: (always present, a space when there is nothing to mark, so numbers stay aligned) and the
#: marker's role. A cell made of several parts (the status column) is a tuple of such tuples.
CellSpec = tuple

#: Columns sorted A-Z by default (as :data:`calc.output.report.TEXT_COLUMNS`).
TEXT_COLUMNS = registry.TEXT_KEYS

#: Markers, their meanings and the status words: one definition for the CLI and the TUI.
_ROLE_OF = {"edited": "edited", "placeholder": "warn"}  # the rest are muted
MARK_ROLE = {m.symbol: _ROLE_OF.get(m.status, "muted") for m in MARKERS}
#: What each marker means (help screen, legend, cell information).
LEGEND = tuple((m.symbol, m.meaning) for m in MARKERS)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the member table."""

    key: str
    """Column key in the table (and the :data:`calc.output.report.SORT_COLUMNS` name when sortable)."""
    title: Callable[[Targets], str]
    describe: str
    """What the column holds, for the help screen and the cell information line."""
    field: str
    """The member figure an edit started on this column changes: gdp, core or related."""
    sortable: bool = True
    left: bool = False
    tier: int = 0
    """0: always shown; 1: not in the narrow layout; 2: only on very wide tables."""


def _title(f: registry.MemberFigure) -> Callable[[Targets], str]:
    """The column title of ``f``: ``To {target}`` gets the target's value (``To 3.5%``)."""
    title, target = f.title or "", f.target
    if target is None or "{target}" not in title:
        return lambda t: title
    return lambda t: title.format(target=pct_tight(t.share(target)))


#: The member table's columns: one per registry figure with a title, in display order.
COLUMNS: tuple[Column, ...] = tuple(
    Column(f.key, _title(f), f.describe, f.edits, left=f.left, tier=f.tier) for f in registry.TABLE_FIGURES
)
COLUMN = {c.key: c for c in COLUMNS}
#: The narrow layout (when the usual columns do not fit): most telling columns first.
# Wrapped by hand, kept as written: ruff's layout takes 8 more lines.
NARROW_ORDER = (
    "code", "core_share", "core", "gap_guideline", "gap_core", "gap_total", "status",
    "gdp", "related", "total_share",
)  # fmt: skip
#: The column sets, widest first: every column; the usual ones; the narrow layout.
LAYOUTS: tuple[tuple[Column, ...], ...] = (
    COLUMNS,
    tuple(c for c in COLUMNS if c.tier < 2),
    tuple(COLUMN[k] for k in NARROW_ORDER),
)


def figure_status(m: MemberResult, name: str) -> str | None:
    """The status of one figure of ``m`` (gdp, core or related) from the engine's flags."""
    return _figure_status(m.flags, name)


def _mark(m: MemberResult, name: str) -> str:
    return STATUS_MARK.get(figure_status(m, name) or "", " ")


def row_marker(m: MemberResult) -> str:
    """The one marker shown next to the code: edited wins, then placeholder, later vintage."""
    return _row_marker(m.flags, m.assessed)


def _money_text(v: Decimal) -> str:
    return money(v, 2)


def _points_text(v: Decimal) -> str:
    """A gap in points of GDP without its unit (the header says pp): ``0.81``."""
    return pp_points(v).removesuffix(" pp")


def _gap(v: Decimal | None, excluded: bool, shown: Callable[[Decimal], str] = _money_text) -> CellSpec:
    """A gap cell: ``n/a`` when not assessed, ``·`` when met, else the gap as ``shown`` writes it
    (USD bn by default, or points of GDP)."""
    if v is None:
        return ("n/a", "muted", " ", None)
    if v == 0:
        return ("·", "muted" if excluded else "ok", " ", None)
    return (shown(v), "excluded" if excluded else "gap", " ", None)


def _tick(v: bool | None) -> tuple[str, str]:
    if v is None:
        return NA, "muted"
    return (YES, "ok") if v else (NO, "fail")


def cell_spec(m: MemberResult, key: str, targets: Targets | None = None) -> CellSpec:
    """The cell of column ``key`` for member ``m``; its shares are never rounded across
    ``targets`` (without them, across the targets its gaps reveal: see
    :func:`calc.output.fmt.share_limits`)."""
    ex = not m.included
    base = "excluded" if ex else None
    if key == "code":
        mk = row_marker(m)
        return (m.code, "excluded" if ex else "code", mk, MARK_ROLE.get(mk))
    if key == "name":
        return (m.name, base, " ", None)
    if key == "gdp":
        mk = _mark(m, "gdp")
        return (money(m.gdp, 1), base, mk, MARK_ROLE.get(mk))
    if key == "core":
        mk = _mark(m, "core")
        return (money(m.core, 2), base, mk, MARK_ROLE.get(mk))
    if key == "core_share":
        mk = _mark(m, "core")
        return (member_share(m, "core", targets), base, mk, MARK_ROLE.get(mk))
    if key == "related":
        if m.related is None:
            return ("?", "muted", " ", None)
        mk = _mark(m, "related")
        return (money(m.related, 2), base, mk, MARK_ROLE.get(mk))
    if key == "related_share":
        if m.related_share is None:
            return ("?", "muted", " ", None)
        mk = _mark(m, "related")
        return (pct(m.related_share), base, mk, MARK_ROLE.get(mk))
    kind = _KIND.get(key)
    if kind == "gap":
        return _gap(getattr(m, key), ex)
    if kind == "gap_share":
        return _gap(getattr(m, key), ex, _points_text)
    if kind == "surplus":
        v = getattr(m, key)
        if v is None:
            return ("n/a", "muted", " ", None)
        if v == 0:
            return ("·", "muted", " ", None)
        return (money(v, 2), "excluded" if ex else "ok", " ", None)
    if key == "total_share":  # an unknown related figure shows as "?" in the Rel column
        return (member_share(m, "total", targets), base, " ", None)
    if key == "status":
        if ex:
            return (("excl.", "excluded", "", None),)
        parts = []
        for i, v in enumerate((m.meets_guideline, m.meets_core, m.meets_total)):
            sym, role = _tick(v)
            parts.append((sym, role, " " if i < 2 else "", None))
        return tuple(parts)
    if key == "ukraine_aid":  # – unknown (a part-year figure is never counted: the cell line says)
        if m.ukraine_aid is None:
            return ("–", "muted", " ", None)
        mk = _mark(m, "ukraine_aid")
        return (money(m.ukraine_aid, 2), base, mk, MARK_ROLE.get(mk))
    # any other figure of the registry reads by its unit: – when unknown
    v = getattr(m, key)
    if v is None:
        return ("–", "muted", " ", None)
    unit = _UNIT[key]
    if unit == registry.MONEY:
        return (money(v, 2), base, " ", None)
    if unit == registry.BOOL:
        sym, role = _tick(v)
        return (sym, "excluded" if ex else role, " ", None)
    if unit == registry.SHARE:
        return (
            pct(v, thresholds=gdp_thresholds(targets)) if targets is not None else pct(v),
            base,
            " ",
            None,
        )
    # a share of core spending (equipment): never rounded across the guideline it is judged on
    guard = tuple(targets.share(k) for k in _OF_CORE_TARGETS) if targets is not None else ()
    return (pct(v, thresholds=guard), base, " ", None)


#: How a column reads, by registry kind (a gap's "·" when met, a surplus, ...) and unit.
_KIND = {f.key: f.kind for f in registry.TABLE_FIGURES if f.key != "status"}
_UNIT = {f.key: f.unit for f in registry.MEMBER_FIGURES}
_OF_CORE_TARGETS = tuple(t.key for t in registry.TARGETS if t.judged and t.unit == registry.SHARE_OF_CORE)


def row_specs(m: MemberResult, keys: tuple[str, ...]) -> tuple[CellSpec, ...]:
    """A row's cells without the targets (shares guarded by what the gaps reveal)."""
    return tuple(cell_spec(m, k) for k in keys)


@lru_cache(maxsize=8)
def member_specs(targets: Targets) -> Callable[[MemberResult, tuple[str, ...]], tuple[CellSpec, ...]]:
    """The row-spec function of the member table for a preset with ``targets``: every share is
    judged against them, so a total share of 4.999 % reads ``4.999 %``, never ``5.00 %``, even
    where its gaps cannot tell the total target (the same function for equal targets, so the
    table's measurements stay cached)."""

    def specs(m: MemberResult, keys: tuple[str, ...]) -> tuple[CellSpec, ...]:
        return tuple(cell_spec(m, k, targets) for k in keys)

    return specs


# --------------------------------------------------------------------------------------------
# Order and filter (display only: the engine's sort, plus the status column)
# --------------------------------------------------------------------------------------------


#: Default direction per column: numbers largest first, text A-Z, "meets" most targets first.
def default_descending(key: str) -> bool:
    return key not in TEXT_COLUMNS


def ordered(members: list[MemberResult], sort: tuple[str, bool] | None) -> list[MemberResult]:
    """``members`` in the order of ``sort`` (column key, descending), or as given."""
    if sort is None:
        return list(members)
    from ..output.report import sort_members  # the report's order, so exports match the table

    return sort_members(members, *sort)


def matches(m: MemberResult, needle: str) -> bool:
    """True when the filter text is part of the member's code or name, or one of its aliases
    ("uk" finds the United Kingdom, "ger" Germany)."""
    from ..domain.countries import member_matches

    return member_matches(needle, m.code, m.name)
