"""The alliance at a glance: what the chart view and the burden-sharing view show, without the
screen (no Textual, no Rich; tested directly in ``tests/tui/test_glance.py``).

* :func:`share_chart`: every ally of the selected group with its core share of GDP as a bar,
  sorted by share, against the targets in force (guideline, core, total), the cursor's ally
  highlighted, and the group's own share.
* :func:`burden`: each ally's share of the group's GDP against its share of the group's core
  spending, and the difference; and the United States against Europe & Canada within NATO.

Both are functions of a :class:`~calc.engine.evaluate.Result`, so they follow every what-if
(edits, exclusions, targets) as soon as the session's result changes. Shares stay exact
``Decimal`` fractions; the screen rounds them for display. :func:`bar_eighths` and
:func:`axis_column` are the little arithmetic the screens draw bars with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal

from ..domain import registry
from ..engine.evaluate import CONTEXT, GroupResult, MemberResult, Result
from ..engine.select import MEETS

#: The targets a share chart draws as lines, in order: (Targets field, name), the judged
#: targets of the registry (guideline, core, total).
TARGET_LINES = tuple((k, registry.TARGET[k].word) for k in registry.JUDGED)
#: The scale of a chart ends at a multiple of this (a fraction of GDP: 0.5 %).
SCALE_STEP = Decimal("0.005")
#: A chart's scale never goes beyond this many times its highest target (an ally edited to
#: 40 % would flatten every other bar): longer bars are cut and say so.
SCALE_CAP = 3
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class TargetLine:
    key: str
    """``guideline``, ``core`` or ``total``."""
    name: str
    value: Decimal
    """A fraction of GDP (0.035)."""
    meeting: int
    """Allies of the group meeting it (of :attr:`ShareChart.assessed`)."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One ally of a share chart."""

    code: str
    name: str
    share: Decimal | None
    """Core spending as a fraction of GDP (None: not assessed, no bar)."""
    meets: tuple[bool | None, ...]
    """Guideline, core and total target met (the equipment chart: the equipment guideline);
    None: not assessed, or not known."""
    included: bool
    assessed: bool
    highlighted: bool
    note: str = ""
    """Why there is no bar: ``not assessed``, ``not yet an ally``, ``no equipment share``."""


@dataclass(frozen=True, slots=True)
class ShareChart:
    group_id: str
    group_name: str
    group_share: Decimal | None
    """The group's core share (its included, assessed allies; None when it has none)."""
    assessed: int
    targets: tuple[TargetLine, ...]
    bars: tuple[Bar, ...]
    """Sorted by share (descending unless asked otherwise); not assessed allies last."""
    scale: Decimal
    """The share at the right end of the bars (a multiple of :data:`SCALE_STEP`)."""
    descending: bool = True
    measure: str = "core"
    """``core`` (core spending, a share of GDP) or ``equipment`` (a share of core spending)."""

    @property
    def highlighted(self) -> str | None:
        for b in self.bars:
            if b.highlighted:
                return b.code
        return None

    def index(self, code: str | None) -> int | None:
        for i, b in enumerate(self.bars):
            if b.code == code:
                return i
        return None


def _scale(values: Sequence[Decimal], floor: Decimal, step: Decimal = SCALE_STEP) -> Decimal:
    """The right end of the bars: the highest of ``values`` and ``floor`` (the highest target;
    cut at :data:`SCALE_CAP` times it) with at least half a ``step`` of room beyond it, rounded
    up to a multiple of ``step``."""
    top = min(max([floor, *values]), floor * SCALE_CAP)
    steps = ((top + step / 2) / step).to_integral_value(ROUND_CEILING)
    return steps * step


def _meets(r: MemberResult) -> tuple[bool | None, ...]:
    return tuple(meets(r) for meets in MEETS)


def _why_not(r: MemberResult) -> str:
    """Why ``r`` is not assessed: not yet an ally that year (Finland before 2023), or the
    targets do not apply (Iceland)."""
    from ..output.markers import not_yet_ally

    return "not yet an ally" if not_yet_ally(r.flags) else "not assessed"


#: What a share chart can show: core spending as a share of GDP, or major equipment as a share
#: of core spending (NATO's 20 % guideline).
MEASURES = ("core", "equipment")
#: The scale step of the equipment chart (a share of core spending: 5 %).
EQUIPMENT_STEP = Decimal("0.05")


def _equipment_chart(
    result: Result,
    group_id: str,
    rows: list[MemberResult],
    highlight: str | None,
    descending: bool,
    group_name: str | None,
) -> ShareChart:
    """Each ally's major-equipment share of its core spending against the equipment guideline;
    allies the release gives no share for (or not assessed) come last, without a bar."""
    t = result.targets
    target = t.equipment
    share = {r.code: r.equipment_share if r.assessed else None for r in rows}
    known = [r for r in rows if r.assessed and r.equipment_share is not None]
    rest = [r for r in rows if share[r.code] is None]
    known.sort(key=lambda r: r.name)
    known.sort(key=lambda r: r.equipment_share or ZERO, reverse=descending)
    rest.sort(key=lambda r: r.name)
    bars = tuple(
        Bar(
            r.code,
            r.name,
            share[r.code],
            (r.meets_equipment,),
            r.included,
            share[r.code] is not None,
            r.code == highlight,
            "" if share[r.code] is not None else (_why_not(r) if not r.assessed else "no equipment share"),
        )
        for r in (*known, *rest)
    )
    g = result.group(group_id)
    meeting = g.meeting_equipment if g is not None else 0
    counted = sum(1 for r in known if r.included)
    return ShareChart(
        group_id,
        group_name or (g.name if g is not None else group_id),
        g.equipment_share if g is not None else None,
        counted,
        (TargetLine("equipment", "equipment", target, meeting),),
        bars,
        _scale([r.equipment_share or ZERO for r in known], target, EQUIPMENT_STEP),
        descending,
        "equipment",
    )


def share_chart(
    result: Result,
    group_id: str,
    codes: Sequence[str],
    highlight: str | None = None,
    *,
    descending: bool = True,
    group_name: str | None = None,
    measure: str = "core",
) -> ShareChart:
    """Every member of ``codes`` (the group's members, excluded ones too) as a bar.

    Excluded allies keep their bar (their share is theirs; only the group's sums leave them
    out) and say so; an ally the targets do not apply to has no bar and comes last.
    ``measure`` ``equipment``: the major-equipment share of core spending against its guideline."""
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r}: one of {', '.join(MEASURES)}")
    t = result.targets
    wanted = set(codes)
    rows = [r for r in result.members if r.code in wanted]
    if measure == "equipment":
        return _equipment_chart(result, group_id, rows, highlight, descending, group_name)
    assessed = [r for r in rows if r.assessed]
    rest = [r for r in rows if not r.assessed]
    assessed.sort(key=lambda r: r.name)  # ties by name, whatever the direction
    assessed.sort(key=lambda r: r.core_share, reverse=descending)
    rest.sort(key=lambda r: r.name)
    bars = tuple(
        Bar(
            r.code,
            r.name,
            r.core_share if r.assessed else None,
            _meets(r),
            r.included,
            r.assessed,
            r.code == highlight,
            "" if r.assessed else _why_not(r),
        )
        for r in (*assessed, *rest)
    )
    g = result.group(group_id)
    lines = tuple(
        TargetLine(key, name, getattr(t, key), getattr(g, f"meeting_{key}") if g is not None else 0)
        for key, name in TARGET_LINES
    )
    highest = max(line.value for line in lines)
    return ShareChart(
        group_id,
        group_name or (g.name if g is not None else group_id),
        g.core_share if g is not None else None,
        g.assessed if g is not None else 0,
        lines,
        bars,
        _scale([r.core_share for r in assessed], highest),
        descending,
    )


# -- burden sharing --------------------------------------------------------------------------

#: How a burden-sharing table can be sorted, in the order ``s`` steps through.
BURDEN_SORTS = ("gdp", "core", "difference")
BURDEN_SORT_NAMES = {
    "gdp": "share of GDP",
    "core": "share of core spending",
    "difference": "difference",
}


@dataclass(frozen=True, slots=True)
class BurdenRow:
    """One ally (or a side: the US, Europe & Canada) against the whole it is part of."""

    code: str
    name: str
    gdp: Decimal
    """USD bn."""
    core: Decimal
    """USD bn."""
    gdp_part: Decimal
    """Its GDP as a fraction of the whole's GDP."""
    core_part: Decimal
    """Its core spending as a fraction of the whole's core spending."""
    highlighted: bool = False

    @property
    def difference(self) -> Decimal:
        """Share of spending minus share of GDP (a fraction: 0.012 is +1.2 points): above 0, it
        carries more of the spending than its weight in the economy."""
        return self.core_part - self.gdp_part


@dataclass(frozen=True, slots=True)
class Burden:
    group_id: str
    group_name: str
    gdp: Decimal
    """The group's GDP (USD bn: its included, assessed allies)."""
    core: Decimal
    rows: tuple[BurdenRow, ...]
    sides: tuple[BurdenRow, ...]
    """The United States and Europe & Canada as parts of NATO (empty when NATO has no
    included ally); a side that has no included ally is left out and said in :attr:`sides_note`."""
    sides_note: str
    left_out: tuple[tuple[str, str], ...]
    """Members of the group not in the sums: (code, why)."""
    sort: str = "gdp"

    @property
    def scale(self) -> Decimal:
        """The largest part shown (rows and sides): both columns of bars end there."""
        parts = [x for r in (*self.rows, *self.sides) for x in (r.gdp_part, r.core_part)]
        return max(parts, default=ZERO)

    def index(self, code: str | None) -> int | None:
        for i, r in enumerate(self.rows):
            if r.code == code:
                return i
        return None


def _part(x: Decimal, whole: Decimal) -> Decimal:
    return CONTEXT.divide(x, whole) if whole else ZERO


def _row(code: str, name: str, gdp: Decimal, core: Decimal, whole: GroupResult, hl: bool) -> BurdenRow:
    return BurdenRow(code, name, gdp, core, _part(gdp, whole.gdp), _part(core, whole.core), hl)


def _burden_key(sort: str):
    if sort == "core":
        return lambda r: r.core_part
    if sort == "difference":
        return lambda r: r.difference
    return lambda r: r.gdp_part


def burden(
    result: Result,
    group_id: str,
    codes: Sequence[str],
    highlight: str | None = None,
    *,
    sort: str = "gdp",
    group_name: str | None = None,
) -> Burden:
    """Each included, assessed member of ``codes`` as a part of the group (largest first by
    ``sort``: one of :data:`BURDEN_SORTS`), and the US against Europe & Canada in NATO."""
    if sort not in BURDEN_SORTS:
        raise ValueError(f"sort {sort!r}: one of {', '.join(BURDEN_SORTS)}")
    g = result.group(group_id)
    wanted = set(codes)
    members = [r for r in result.members if r.code in wanted]
    left_out = tuple(
        (r.code, "excluded" if not r.included else _why_not(r))
        for r in members
        if not r.included or not r.assessed
    )
    rows: list[BurdenRow] = []
    if g is not None:
        rows = [
            _row(r.code, r.name, r.gdp, r.core, g, r.code == highlight)
            for r in members
            if r.included and r.assessed
        ]
    rows.sort(key=lambda r: r.name)
    rows.sort(key=_burden_key(sort), reverse=True)
    sides, note = _sides(result)
    return Burden(
        group_id,
        group_name or (g.name if g is not None else group_id),
        g.gdp if g is not None else ZERO,
        g.core if g is not None else ZERO,
        tuple(rows),
        sides,
        note,
        left_out,
        sort,
    )


def _sides(result: Result) -> tuple[tuple[BurdenRow, ...], str]:
    """The US and Europe & Canada as parts of NATO's GDP and core spending."""
    nato = result.group("nato")
    if nato is None or not nato.gdp:
        return (), "NATO has no included ally"
    out = []
    usa = result.member("USA")
    notes = []
    if usa is not None and usa.included and usa.assessed:
        out.append(_row("USA", usa.name, usa.gdp, usa.core, nato, False))
    else:
        notes.append(
            "the United States is excluded" if usa is not None else "no United States in this preset"
        )
    ec = result.group("europe-canada")
    if ec is not None and ec.gdp:
        out.append(_row("europe-canada", ec.name, ec.gdp, ec.core, nato, False))
    else:
        notes.append("Europe & Canada has no included ally")
    return tuple(out), "; ".join(notes)


# -- drawing arithmetic ------------------------------------------------------------------------


def bar_eighths(value: Decimal | None, scale: Decimal, width: int) -> int:
    """The length of a bar for ``value`` on ``width`` cells ending at ``scale``, in eighths of
    a cell (rounded half to even; never more than the width; a value above 0 is at least one
    eighth, so that it shows)."""
    if value is None or value <= 0 or scale <= 0 or width <= 0:
        return 0
    full = width * 8
    n = int((value * full / scale).to_integral_value(ROUND_HALF_EVEN))
    return max(1, min(n, full))


def axis_column(value: Decimal, scale: Decimal, width: int) -> int | None:
    """The cell (0 .. width-1) a line at ``value`` is drawn in: the cell the value falls in, so
    that a bar reaching the value covers its line's cell past the middle; None when beyond the
    scale."""
    if scale <= 0 or width <= 0 or value < 0 or value > scale:
        return None
    x = value * width / scale
    col = int(x.to_integral_value(ROUND_CEILING)) - 1
    return max(0, min(col, width - 1))


def over_scale(value: Decimal | None, scale: Decimal) -> bool:
    """True when a bar is cut at the scale's end (see :data:`SCALE_CAP`)."""
    return value is not None and value > scale
