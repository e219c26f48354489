"""Yearly spending paths from the preset's year to the deadline, for a member or a group.

Semantics (pure, exact ``Decimal`` arithmetic in the engine's 50-digit context):

* **Years** run from the preset's year ``y0`` (today, the starting point) to the target year
  ``Y`` (default: the preset's deadline, 2035), both included.
* **GDP** grows at a constant nominal rate: ``G_y = G_0 * (1 + g) ** (y - y0)``. The rate for a
  member is, first found: the scenario's rate for that member (``op = "growth"`` with a
  member), the ``growth`` argument (``--growth``), the scenario's alliance-wide rate, and
  otherwise :data:`DEFAULT_GROWTH` = 0 (GDP held at today's level, so every figure is in
  today's dollars and the path shows the effort from shares alone).
* **Real growth and inflation.** ``real_growth`` (``--real-growth``) gives the caller's rate
  as real growth instead: the nominal rate is ``(1 + real_growth) * (1 + inflation) - 1``
  (exact: real 1 % and inflation 2 % make 3.02 %), and it takes the place of ``growth`` (not
  both). ``inflation`` is one assumption: the yearly inflation after the base year, which
  makes the nominal rate from the real one and deflates money to 2021 prices (below). Scenario
  rates (and the config's ``path_growth``) are always nominal.
* **Shares.** Core share moves from today's ``s0`` to ``s1 = max(s0, core, total -
  related_cap)``; counted related share (defence-related spending counted up to
  ``related_cap`` of GDP; unknown counts as 0) moves from today's ``r0`` to ``r1 = max(r0,
  min(related_cap, total - s1))``. So the plan reaches ``core`` and then ``total`` with the
  least spending, exactly as the report's ``gap_total`` counts it: at zero growth the
  final year's extra spending equals the member's ``gap_total``. A member above a target
  keeps its share: a path never plans a cut, and a member already meeting everything stays
  flat. Related spending above the cap is not counted and not planned.
* **Shapes.** With ``t = (y - y0) / (Y - y0)`` the share covers the fraction ``p(t)`` of the
  way: ``linear`` ``p = t`` (equal steps); ``front`` ``p = 1 - (1 - t)^2`` (large steps
  early, smaller later: half the time covers three quarters of the way); ``back`` ``p = t^2``
  (small steps early, large later: half the time covers a quarter). Every shape starts at
  today's shares and reaches ``s1``/``r1`` exactly in the target year.
* **Each year:** ``gdp``; ``core_share`` and ``core = core_share * gdp``; ``related_share``
  and ``related``; ``total_share = core_share + related_share`` and ``total = core +
  related``; ``increase`` = total minus the previous year's total (None for ``y0``);
  ``extra_vs_today`` = total minus what today's shares would cost at that year's GDP.
  ``cumulative_extra`` is the sum of ``extra_vs_today`` over all the years.
* **The core target alone.** ``cumulative_extra_core`` is what reaching the core target alone
  costs over the same years: core share moving (same shape) from today's ``s0`` to ``max(s0,
  core)``, summed as core spending over today's core share at each year's GDP. At zero growth
  its final year equals the member's ``gap_core``.
* **Constant prices** (``prices="constant"``): each member's money is converted to USD at
  2021 prices with its base year's price ratio ``core_constant / core`` (NATO's Table 2 at
  2021 and at current prices) and, for later years, an assumed inflation of
  :data:`DEFAULT_INFLATION` a year (``--inflation``): ``factor_y = ratio / (1 + i) ** (y - y0)``.
  Shares are the planned ones (a group's too: its members' weights are those at current
  prices). ``cumulative_extra_constant`` (and ``_core_constant``) give the
  cumulative extras at 2021 prices whenever the preset has the ratios, whatever the prices shown.
* **The record** (a preset with a timeline): the scope's record from the release's first year
  to the base year (:func:`calc.engine.timeline.record_until`), next to the yearly change of
  core share the plan needs (:attr:`SpendingPath.needed_average`, :attr:`needed_largest`).
* **Groups** sum their members' paths year by year (GDP, spending, increase, extra); a group's
  shares are the sums divided by the summed GDP. Members the targets do not apply to
  (Iceland) are left out and listed in ``left_out``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from ..domain.assumptions import DEFAULT_GROWTH as DEFAULT_GROWTH  # re-exported, as the two below
from ..domain.assumptions import DEFAULT_INFLATION as DEFAULT_INFLATION
from ..domain.assumptions import RATE_BOUNDS, rate_in_bounds
from ..domain.assumptions import SHAPES as SHAPES
from ..domain.dataset import ZERO, Preset, Targets
from ..domain.flags import NOT_YET_ALLY, Flag
from ..errors import PathError, did_you_mean
from .evaluate import CONTEXT, MemberResult, Result, evaluate
from .timeline import Record, YearChange, record_until

#: What each shape does, for help texts and the JSON assumptions.
SHAPE_FORMULAS = {
    "linear": "p(t) = t: equal steps each year",
    "front": "p(t) = 1 - (1 - t)^2: large steps early, smaller later",
    "back": "p(t) = t^2: small steps early, larger later",
}
GROWTH_RULE = (
    "per member: the scenario's rate for that member, else --growth, else the scenario's "
    "alliance-wide rate, else 0 (GDP held at today's level)"
)
MAX_YEAR = 2100
PRICES = ("current", "constant")
_TIE = Decimal("1e-20")


@dataclass(frozen=True, slots=True)
class PathYear:
    """One year of a path. Money in USD bn (current prices), shares as fractions of GDP."""

    year: int
    gdp: Decimal
    core_share: Decimal
    core: Decimal
    related_share: Decimal
    related: Decimal
    """Counted defence-related spending (at most ``related_cap`` of GDP)."""
    total_share: Decimal
    total: Decimal
    increase: Decimal | None
    """Total minus the previous year's total; None for the first year."""
    extra_vs_today: Decimal
    """Total minus (today's core + counted related share) x this year's GDP."""
    extra_core_vs_today: Decimal = ZERO
    """Core spending over today's core share on the way to the core target alone."""


@dataclass(frozen=True, slots=True)
class MemberPath:
    """One member's path and the assumptions behind it."""

    code: str
    name: str
    growth: Decimal
    growth_source: str
    """``scenario-member``, ``override`` (--growth), ``scenario`` or ``default``."""
    related_known: bool
    start_core_share: Decimal
    start_related_share: Decimal
    end_core_share: Decimal
    end_related_share: Decimal
    years: tuple[PathYear, ...]
    cumulative_extra: Decimal
    cumulative_extra_core: Decimal
    """The cumulative extra core spending to reach the core target alone (see the module)."""
    flags: tuple[Flag, ...] = ()
    """The member's flags in the preset (``Flag("core", "placeholder")``, ...; the JSON spells them
    ``core:placeholder``)."""

    @property
    def final(self) -> PathYear:
        return self.years[-1]


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A member of the scope that has no path, and why."""

    code: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class SpendingPath:
    """The yearly path of a member or a group (the sum of its members' paths)."""

    preset: Preset
    kind: str
    """``member`` or ``group``."""
    id: str
    """The member code or the group id."""
    name: str
    base_year: int
    target_year: int
    shape: str
    growth_override: Decimal | None
    members: tuple[MemberPath, ...]
    left_out: tuple[LeftOut, ...]
    years: tuple[PathYear, ...]
    cumulative_extra: Decimal
    cumulative_extra_core: Decimal
    """The cumulative extra core spending to reach the core target alone (sum over members)."""
    prices: str = "current"
    """``current``, or ``constant``: every money figure in USD at 2021 prices (see the module)."""
    inflation: Decimal = DEFAULT_INFLATION
    """Inflation a year assumed after the base year: for the conversion to 2021 prices and, with
    ``real_growth``, for the nominal growth."""
    cumulative_extra_constant: Decimal | None = None
    """``cumulative_extra`` at 2021 prices (None when the preset has no constant prices)."""
    cumulative_extra_core_constant: Decimal | None = None
    record: Record | None = None
    """The scope's record from the release's first year to the base year (None without one)."""
    currency: str = "usd"
    """What the money is in: the currency of the result planned from (``usd``, ``eur``, or
    ``national``: a member's path in its own currency; see :mod:`calc.engine.currency`)."""
    real_growth: Decimal | None = None
    """The real GDP growth a year the caller gave (``--real-growth``), or None; then
    ``growth_override`` is its nominal rate, ``(1 + real_growth) * (1 + inflation) - 1``."""

    @property
    def inflation_used(self) -> bool:
        """Whether the inflation assumed changes anything: a conversion to 2021 prices (the
        preset has the ratios) or a nominal rate made from ``real_growth``."""
        return self.cumulative_extra_constant is not None or self.real_growth is not None

    @property
    def targets(self) -> Targets:
        return self.preset.targets

    @property
    def needed_average(self) -> Decimal:
        """The yearly change of core share the plan needs on average (a fraction of GDP)."""
        with localcontext(CONTEXT):
            return (self.years[-1].core_share - self.years[0].core_share) / (
                self.target_year - self.base_year
            )

    @property
    def needed_largest(self) -> YearChange:
        """The plan's largest yearly change of core share and the year it falls in."""
        with localcontext(CONTEXT):
            steps = [
                YearChange(b.year, b.core_share - a.core_share) for a, b in zip(self.years, self.years[1:])
            ]
        # equal steps (a linear path) differ in the 50th digit: the first of the largest wins
        return max(steps, key=lambda c: c.change.quantize(_TIE))

    @property
    def within_record(self) -> bool | None:
        """True when the plan's largest yearly step is no larger than the largest rise on
        record; None without a record."""
        r = self.record
        if r is None or r.largest_increase is None:
            return None
        return self.needed_largest.change <= r.largest_increase.change

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(m.code for m in self.members)


# --------------------------------------------------------------------------------------------
# Arithmetic
# --------------------------------------------------------------------------------------------


def progress(shape: str, k: int, n: int) -> tuple[int, int]:
    """The fraction of the way covered after ``k`` of ``n`` years, as (numerator, denominator).

    Integers, so that every share is computed with a single division.
    """
    if shape == "linear":
        return k, n
    if shape == "front":
        return k * (2 * n - k), n * n
    if shape == "back":
        return k * k, n * n
    raise PathError(f"unknown shape '{shape}'{did_you_mean(shape, SHAPES)}; shapes: {', '.join(SHAPES)}")


def end_shares(core_share: Decimal, related_share: Decimal, t: Targets) -> tuple[Decimal, Decimal]:
    """The core and counted related shares a member plans to reach (never below today's)."""
    s1 = max(core_share, t.core, t.total - t.related_cap)
    r1 = max(related_share, min(t.related_cap, t.total - s1))
    return s1, r1


def nominal_growth(real: Decimal, inflation: Decimal) -> Decimal:
    """The nominal growth a year of ``real`` growth at ``inflation``: ``(1 + real) * (1 +
    inflation) - 1``, exact (``nominal_growth(0.01, 0.02) == 0.0302``)."""
    with localcontext(CONTEXT):
        return (1 + real) * (1 + inflation) - 1


def _rate_between(name: str, rate: Decimal) -> None:
    """Refuse a yearly rate outside -50 % to 100 %."""
    if not rate_in_bounds(rate):
        raise PathError(f"{name} must be {RATE_BOUNDS}")


def growth_for(code: str, preset: Preset, override: Decimal | None) -> tuple[Decimal, str]:
    """The growth rate used for a member and where it comes from (see :data:`GROWTH_RULE`)."""
    for c, g in preset.growth.members:
        if c == code:
            return g, "scenario-member"
    if override is not None:
        return override, "override"
    if preset.growth.default is not None:
        return preset.growth.default, "scenario"
    return DEFAULT_GROWTH, "default"


def member_path(
    m: MemberResult,
    t: Targets,
    base_year: int,
    target_year: int,
    shape: str,
    growth: Decimal,
    growth_source: str = "default",
) -> MemberPath:
    """The path of one assessed member. Pure; exact to the engine's 50 digits."""
    n = target_year - base_year
    if n <= 0:
        raise PathError(f"the target year ({target_year}) must be after {base_year}")
    with localcontext(CONTEXT):
        g0 = m.gdp
        s0 = m.core / g0
        r0 = m.related_counted / g0
        s1, r1 = end_shares(s0, r0, t)
        ds, dr = s1 - s0, r1 - r0
        dc = t.core - s0 if s0 < t.core else ZERO  # the core target alone
        cumulative_core = ZERO
        factor = 1 + growth
        years: list[PathYear] = []
        prev_total: Decimal | None = None
        cumulative = ZERO
        for k in range(n + 1):
            gdp = g0 * factor**k
            num, den = progress(shape, k, n)
            cs = s0 + ds * num / den if num else s0
            rs = r0 + dr * num / den if num else r0
            if num == den:  # the target year: exactly the end shares
                cs, rs = s1, r1
            core = cs * gdp
            related = rs * gdp
            total = core + related
            extra = total - (s0 + r0) * gdp
            cumulative += extra
            extra_core = (dc if num == den else dc * num / den) * gdp if dc and num else ZERO
            cumulative_core += extra_core
            years.append(
                PathYear(
                    base_year + k,
                    gdp,
                    cs,
                    core,
                    rs,
                    related,
                    cs + rs,
                    total,
                    None if prev_total is None else total - prev_total,
                    extra,
                    extra_core,
                )
            )
            prev_total = total
    # Wrapped by hand, kept as written: ruff's layout takes 11 more lines.
    return MemberPath(
        m.code, m.name, growth, growth_source, m.related_known, s0, r0, s1, r1,
        tuple(years), cumulative, cumulative_core, m.flags,
    )  # fmt: skip


def sum_paths(paths: Sequence[MemberPath]) -> tuple[tuple[PathYear, ...], Decimal]:
    """Year-by-year sums of member paths (shares = sums / summed GDP) and the cumulative extra."""
    with localcontext(CONTEXT):
        out = []
        for i in range(len(paths[0].years)):
            ys = [p.years[i] for p in paths]
            gdp = sum((y.gdp for y in ys), ZERO)
            core = sum((y.core for y in ys), ZERO)
            related = sum((y.related for y in ys), ZERO)
            total = sum((y.total for y in ys), ZERO)
            inc = None if ys[0].increase is None else sum((y.increase for y in ys), ZERO)  # type: ignore[type-var]  # set in every year when in the first
            extra = sum((y.extra_vs_today for y in ys), ZERO)
            extra_core = sum((y.extra_core_vs_today for y in ys), ZERO)
            out.append(
                PathYear(
                    ys[0].year,
                    gdp,
                    core / gdp,
                    core,
                    related / gdp,
                    related,
                    total / gdp,
                    total,
                    inc,
                    extra,
                    extra_core,
                )
            )
        cumulative = sum((p.cumulative_extra for p in paths), ZERO)
    return tuple(out), cumulative


def _not_assessed(preset: Preset, m: MemberResult, otherwise: str) -> str:
    """Why member ``m`` has no path: not yet an ally in the preset's year, or ``otherwise``
    (the targets do not apply to it)."""
    if NOT_YET_ALLY in m.flags:
        member = preset.member(m.code)
        joined = f" (joined {member.joined})" if member is not None and member.joined else ""
        return f"not yet an ally in {preset.year}{joined}"
    return otherwise


def price_ratio(preset: Preset, code: str, year: int) -> Decimal | None:
    """USD at 2021 prices per USD at current prices for a member in ``year``: NATO's
    ``core_constant / core`` from the timeline (the published figures, whatever a what-if
    changed), else from the member's own figures while its core is as published."""
    with localcontext(CONTEXT):
        if preset.timeline is not None:
            for f in preset.timeline.series(code):
                if f.year == year and f.core and f.core_constant is not None:
                    return f.core_constant / f.core
        m = preset.member(code)
        if m is None or m.core_constant is None or "core" in m.edited or m.core.share or not m.core.value:
            return None
        return m.core_constant / m.core.value


def _result_ratio(preset: Preset, m: MemberResult, year: int) -> Decimal | None:
    """USD at 2021 prices per unit of the result's money for a member: :func:`price_ratio`
    times the result's conversion back to US dollars (its GDP in the preset, USD bn, over its
    GDP in the result), so a result converted to euros or the ally's currency (``--currency``)
    still gives US dollars at 2021 prices."""
    ratio = price_ratio(preset, m.code, year)
    pm = preset.member(m.code)
    if ratio is None or pm is None or pm.gdp.share or not m.gdp or pm.gdp.value == m.gdp:
        return ratio
    with localcontext(CONTEXT):
        return ratio * pm.gdp.value / m.gdp


def _deflated(p: MemberPath, ratio: Decimal, inflation: Decimal) -> MemberPath:
    """The member's path with every money figure at 2021 prices (shares unchanged)."""
    years = []
    with localcontext(CONTEXT):
        base = 1 + inflation
        for k, y in enumerate(p.years):
            f = ratio / base**k
            years.append(
                PathYear(
                    y.year,
                    y.gdp * f,
                    y.core_share,
                    y.core * f,
                    y.related_share,
                    y.related * f,
                    y.total_share,
                    y.total * f,
                    None,
                    y.extra_vs_today * f,
                    y.extra_core_vs_today * f,
                )
            )
        cumulative = sum((y.extra_vs_today for y in years), ZERO)
        cumulative_core = sum((y.extra_core_vs_today for y in years), ZERO)
    return replace(p, years=tuple(years), cumulative_extra=cumulative, cumulative_extra_core=cumulative_core)


def _shares_of(y: PathYear, planned: PathYear) -> PathYear:
    """``y`` with the shares of ``planned`` (the same year at current prices)."""
    return replace(
        y,
        core_share=planned.core_share,
        related_share=planned.related_share,
        total_share=planned.total_share,
    )


def _increases(years: tuple[PathYear, ...]) -> tuple[PathYear, ...]:
    """Increases over the year before's total, at the years' own prices (constant prices:
    the converted totals' difference, not a converted difference)."""
    out = []
    prev = None
    with localcontext(CONTEXT):
        for y in years:
            out.append(replace(y, increase=None if prev is None else y.total - prev.total))
            prev = y
    return tuple(out)


def plan(
    preset: Preset,
    *,
    member: str | None = None,
    group: str | None = None,
    target_year: int | None = None,
    growth: Decimal | None = None,
    shape: str = "linear",
    result: Result | None = None,
    prices: str = "current",
    inflation: Decimal | None = None,
    real_growth: Decimal | None = None,
) -> SpendingPath:
    """Plan the yearly path of a member, or of a group (default: the whole of ``nato``).

    Args:
        preset: the preset, with any scenario or what-if already applied (its growth
            assumptions are used, see :data:`GROWTH_RULE`).
        member: a member code; or ``group``: a group id (not both).
        target_year: the year the targets are reached (default: the preset's deadline).
        growth: nominal GDP growth per year for members without a scenario rate of their own.
        shape: ``linear``, ``front`` or ``back``.
        result: ``evaluate(preset)`` if the caller already has it.
        prices: ``current`` (USD at current prices) or ``constant`` (USD at 2021 prices).
        inflation: inflation a year after the base year (default :data:`DEFAULT_INFLATION`):
            for 2021 prices and, with ``real_growth``, for the nominal growth.
        real_growth: real GDP growth a year in place of ``growth`` (not both): the nominal
            rate is ``(1 + real_growth) * (1 + inflation) - 1``.

    Raises:
        PathError: an unknown member or group (with a did-you-mean), a member the targets do
            not apply to or that is excluded, a target year not after the preset's year,
            both ``growth`` and ``real_growth``, an inflation that would change nothing.
    """
    if member is not None and group is not None:
        raise PathError("give a member or a group, not both")
    if growth is not None and real_growth is not None:
        raise PathError("give the nominal growth or the real growth, not both")
    if shape not in SHAPES:
        progress(shape, 0, 1)  # raises with a did-you-mean
    base_year = preset.year
    year = preset.targets.deadline if target_year is None else target_year
    if year <= base_year:
        raise PathError(
            f"the target year ({year}) must be after the preset's year ({base_year})"
            + (" (the preset's deadline has passed; give a target year)" if target_year is None else "")
        )
    if year > MAX_YEAR:
        raise PathError(f"the target year ({year}) must be {MAX_YEAR} or earlier")
    if growth is not None:
        _rate_between("growth", growth)
    yearly = DEFAULT_INFLATION if inflation is None else inflation
    _rate_between("inflation", yearly)
    if real_growth is not None:
        _rate_between("real growth", real_growth)
        growth = nominal_growth(real_growth, yearly)
        _rate_between("the nominal growth, (1 + real growth) x (1 + inflation) - 1,", growth)
    result = result or evaluate(preset)
    t = preset.targets
    if result.currency == "national" and member is None:  # see calc.engine.currency
        raise PathError(
            "a group's path stays in USD (its members' currencies differ): plan it from the USD result"
        )

    if member is not None:
        code = member.upper()
        m = result.member(code)
        if m is None:
            raise PathError(f"unknown member '{member}'{did_you_mean(code, preset.codes)}")
        if not m.included:
            raise PathError(f"{code} ({m.name}) is excluded in this scenario; no path to plan")
        if not m.assessed:
            why = _not_assessed(preset, m, "the targets do not apply (not assessed)")
            raise PathError(f"{code} ({m.name}): {why}; no path to plan")
        members = [m]
        kind, sid, name = "member", code, m.name
        left: list[LeftOut] = []
    else:
        gid = group or "nato"
        g = result.group(gid)
        if g is None:
            ids = [x.id for x in result.groups]
            raise PathError(
                f"unknown group '{gid}'{did_you_mean(gid, ids)}; "
                + (f"groups: {', '.join(ids)}" if ids else "every member is excluded")
            )
        members = [m for c in g.codes if (m := result.member(c)) is not None]
        left = [
            LeftOut(m.code, m.name, _not_assessed(preset, m, "targets do not apply (not assessed)"))
            for m in members
            if not m.assessed
        ]
        members = [m for m in members if m.assessed]
        if not members:
            raise PathError(f"group '{gid}' has no member the targets apply to; no path to plan")
        kind, sid, name = "group", g.id, g.name
    paths = []
    for m in members:
        rate, source = growth_for(m.code, preset, growth)
        paths.append(member_path(m, t, base_year, year, shape, rate, source))
    if prices not in PRICES:
        raise PathError(
            f"unknown prices '{prices}'{did_you_mean(prices, PRICES)}; prices: {', '.join(PRICES)}"
        )
    found = {m.code: _result_ratio(preset, m, base_year) for m in members}
    ratios = {c: r for c, r in found.items() if r is not None}
    lacking = [c for c in found if c not in ratios]
    constant = None if lacking else [_deflated(p, ratios[p.code], yearly) for p in paths]
    if prices == "constant":
        if constant is None:
            raise PathError(
                f"{preset.id} has no constant 2021 prices for {', '.join(lacking[:5])}"
                + (f" and {len(lacking) - 5} more" if len(lacking) > 5 else "")
                + "; use a NATO release with a time axis (nato-2026)"
            )
    if inflation is not None and constant is None and real_growth is None:
        raise PathError(
            f"the inflation assumed (--inflation) changes nothing here: {preset.id} has no 2021 "
            "prices and no real growth is given (--real-growth)"
        )
    planned, _ = sum_paths(paths)  # the shares as planned, at current prices
    if prices == "constant" and constant is not None:
        paths = constant
    years, cumulative = sum_paths(paths)
    with localcontext(CONTEXT):
        cumulative_core = sum((m.cumulative_extra_core for m in paths), ZERO)
        extra_constant = core_constant = None
        if constant is not None:
            extra_constant = sum((m.cumulative_extra for m in constant), ZERO)
            core_constant = sum((m.cumulative_extra_core for m in constant), ZERO)
    if prices == "constant":  # shares as planned (a group's weights do not move with prices)
        years = _increases(tuple(_shares_of(y, s) for y, s in zip(years, planned)))
        paths = [replace(p, years=_increases(p.years)) for p in paths]
    record = record_until(preset, kind, sid, base_year)
    # Wrapped by hand, kept as written: ruff's layout takes 11 more lines.
    return SpendingPath(
        preset, kind, sid, name, base_year, year, shape, growth, tuple(paths), tuple(left),
        years, cumulative, cumulative_core, prices, yearly, extra_constant, core_constant, record,
        "usd" if prices == "constant" else result.currency, real_growth,
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------
