"""A member's or a group's published record over the years of a release (pure, exact).

Semantics (exact ``Decimal`` arithmetic in the engine's 50-digit context):

* **A member's series** is its :class:`~calc.domain.dataset.YearFigures`, one row per year:
  ``core_share`` is NATO's published share (Table 3), ``core`` USD bn at current prices,
  ``core_constant`` USD bn at 2021 prices, ``gdp`` USD bn (Table 5), ``equipment_share`` a
  fraction of core spending. Its **real change** is *derived* from NATO's constant prices:
  ``core_constant_t / core_constant_{t-1} - 1`` (NATO prints real change for its aggregates
  only). The first year shown has its real change on the year before it, when the release
  holds that year.
* **NATO's aggregates** (``nato``, ``europe-canada``): NATO's printed totals, exactly as printed
  (share, current and constant money, GDP, real change). NATO prints no equipment share for
  them: it is the allies' core-weighted one (derived, flagged in :attr:`History.derived`).
* **Every other group** (``eu``, a preset's own) sums its members' money and GDP year by year,
  each year over the members that were allies that year (an ally counts from the year it
  joined, :func:`~calc.domain.dataset.ally_in`, as in NATO's totals and the engine's groups):
  ``core_share = Σcore / ΣGDP``; ``equipment_share = Σ(equipment × core) / Σcore`` (None when a
  summed member has none); real change from the summed constant-price spending, over the same
  members both years (in the year an ally joined, the year before is summed without it). A member without figures in a year is left out of that year (listed in
  the row's ``missing``); a member without figures in any year (Iceland) is left out
  (:attr:`History.left_out`).
* **The record** over the rows shown: the yearly changes of core share in points of GDP
  (``core_share_t - core_share_{t-1}``, fractions of GDP), the largest increase and the largest
  decrease with the year each happened in (the later year of the two), the average yearly
  change ``(s_last - s_first) / (last - first)``, and the average real growth of core spending
  ``(core_constant_last / core_constant_first) ** (1 / (last - first)) - 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from ..domain.dataset import ZERO, Preset, Timeline, YearFigures, ally_in
from ..errors import HistoryError, did_you_mean
from .evaluate import CONTEXT, group_definitions
from .printed import PRINTED_AGGREGATES, PrintedTotal, as_published, printed_total  # noqa: F401  (re-exported)

PRICES = ("current", "constant")
#: How a real change was obtained.
REAL_DERIVED = "derived from NATO's 2021-price spending (this year's ÷ the year before's − 1)"
REAL_PUBLISHED = "NATO's own, printed with its totals"
REAL_SUMMED = "derived from the members' summed 2021-price spending"


@dataclass(frozen=True, slots=True)
class HistoryYear:
    """One year of a series. Money in USD bn; shares as fractions (of GDP, equipment of core)."""

    year: int
    estimate: bool
    core_share: Decimal | None
    core: Decimal | None
    """Current prices."""
    core_constant: Decimal | None
    """At 2021 prices."""
    gdp: Decimal | None
    """Current prices."""
    equipment_share: Decimal | None
    real_change: Decimal | None
    """On the year before, as a fraction; None for the first year shown or without data."""
    share_change: Decimal | None = None
    """``core_share`` minus the year before's, in points of GDP (a fraction of GDP)."""
    missing: tuple[str, ...] = ()
    """Members of a summed group without figures this year (left out of its sums)."""
    rate: Decimal | None = None
    """Units of the currency shown per US dollar this year (None in US dollars)."""


@dataclass(frozen=True, slots=True)
class YearChange:
    """A yearly change of core share (a fraction of GDP) and the year it happened in."""

    year: int
    change: Decimal


@dataclass(frozen=True, slots=True)
class Record:
    """What a series shows a member (or group) has done, over ``first_year``..``last_year``."""

    first_year: int
    last_year: int
    largest_increase: YearChange | None
    """The largest yearly change of core share (None with fewer than two years)."""
    largest_decrease: YearChange | None
    """The smallest yearly change (the largest fall when negative)."""
    average_change: Decimal | None
    """``(s_last - s_first) / (last - first)``: points of GDP a year."""
    average_real_growth: Decimal | None
    """Compound average real growth of core spending a year, from constant 2021 prices."""
    increases: int = 0
    """How many of the yearly changes were rises."""
    changes: int = 0
    """How many yearly changes there are."""


@dataclass(frozen=True, slots=True)
class History:
    """The series of a member or a group and its record."""

    preset: Preset
    kind: str
    """``member`` or ``group``."""
    id: str
    name: str
    basis: str
    """``member``, ``aggregate`` (the publisher's printed totals) or ``sum`` (of the members)."""
    codes: tuple[str, ...]
    """The member, or the group's members with figures."""
    left_out: tuple[str, ...]
    years: tuple[HistoryYear, ...]
    record: Record
    real_change_basis: str
    derived: tuple[str, ...] = ()
    """Figures of this series that are derived rather than printed (``equipment_share``)."""
    currency: str | None = None
    """The member's own currency (ISO 4217), when known."""
    shown: str = "usd"
    """The currency the money is in: ``usd``, ``eur`` or ``national`` (see :func:`convert`)."""
    shown_code: str = "USD"
    """Its ISO 4217 code (a group asked for ``national`` stays in ``USD``)."""
    constant_rate_year: int | None = None
    """The year whose exchange rate converts the 2021-price money (2021), outside US dollars."""

    @property
    def first_year(self) -> int:
        return self.years[0].year

    @property
    def last_year(self) -> int:
        return self.years[-1].year


# --------------------------------------------------------------------------------------------
# Building the series
# --------------------------------------------------------------------------------------------


def timeline_of(preset: Preset) -> Timeline:
    """The preset's timeline, or a :class:`HistoryError` saying it holds one year only."""
    if preset.timeline is None or not preset.timeline.years:
        raise HistoryError(
            f"preset '{preset.id}' holds one year ({preset.year}) only; a history needs a "
            "release with a time axis"
        )
    return preset.timeline


def check_range(timeline: Timeline, start: int | None, end: int | None) -> tuple[int, int]:
    """The first and last year to show (default: all the timeline holds); a year it does not
    hold, or a range the wrong way round, is a :class:`HistoryError` naming the years it has."""
    years = timeline.years
    have = f"{years[0]}–{years[-1]}"
    lo = years[0] if start is None else start
    hi = years[-1] if end is None else end
    for label, y in (("from", start), ("to", end)):
        if y is not None and y not in years:
            raise HistoryError(f"--{label} {y}: the release holds the years {have}")
    if lo > hi:
        raise HistoryError(f"--from {lo} is after --to {hi}")
    return lo, hi


def _rows(figures: Sequence[YearFigures], lo: int, hi: int) -> list[YearFigures]:
    return [f for f in figures if lo <= f.year <= hi]


def _ratio_change(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or not before:
        return None
    return now / before - 1


def _with_changes(rows: list[HistoryYear]) -> tuple[HistoryYear, ...]:
    """The rows with ``share_change`` set (the first row's is None)."""
    out = []
    prev: HistoryYear | None = None
    for r in rows:
        change = None
        if prev is not None and r.core_share is not None and prev.core_share is not None:
            change = r.core_share - prev.core_share
        out.append(replace(r, share_change=change))
        prev = r
    return tuple(out)


def record_of(years: Sequence[HistoryYear]) -> Record:
    """The record of a series' rows (see the module). Pure; exact to 50 digits."""
    with localcontext(CONTEXT):
        changes = [YearChange(y.year, y.share_change) for y in years if y.share_change is not None]
        up = max(changes, key=lambda c: c.change, default=None)
        down = min(changes, key=lambda c: c.change, default=None)
        shares = [(y.year, y.core_share) for y in years if y.core_share is not None]
        average = None
        if len(shares) >= 2:
            (y0, s0), (y1, s1) = shares[0], shares[-1]
            average = (s1 - s0) / (y1 - y0)
        real = [(y.year, y.core_constant) for y in years if y.core_constant]
        growth = None
        if len(real) >= 2:
            (y0, c0), (y1, c1) = real[0], real[-1]
            growth = (c1 / c0) ** (Decimal(1) / (y1 - y0)) - 1
    return Record(
        years[0].year,
        years[-1].year,
        up,
        down,
        average,
        growth,
        sum(c.change > 0 for c in changes),
        len(changes),
    )


def member_history(preset: Preset, code: str, start: int | None = None, end: int | None = None) -> History:
    """The series of the member ``code`` (an ISO3 code of the preset) from ``start`` to ``end``.

    Raises:
        HistoryError: a preset without a timeline, an unknown member (with a did-you-mean), a
            member the publisher gives no figures for (Iceland), a year the release does not hold.
    """
    timeline = timeline_of(preset)
    lo, hi = check_range(timeline, start, end)
    m = preset.member(code)
    series = timeline.series(code)
    if m is None and not series:
        known = tuple(c for c, _ in timeline.members)
        raise HistoryError(f"unknown member '{code}'{did_you_mean(code, known)}")
    name = m.name if m is not None else code
    rows = _rows(series, lo, hi)
    if not any(f.core_share is not None or f.core is not None for f in rows):
        why = " (the targets do not apply)" if m is not None and not m.assessed else ""
        raise HistoryError(f"{code} ({name}): the release gives no figures for {lo}–{hi}{why}")
    with localcontext(CONTEXT):
        out = []
        prev: YearFigures | None = None
        for f in series:  # the real change of the first year shown is on the year before it
            real = None
            if prev is not None and prev.year == f.year - 1:
                real = _ratio_change(f.core_constant, prev.core_constant)
            if lo <= f.year <= hi:
                out.append(_row(f, f.equipment_share, real))
            prev = f
    years = _with_changes(out)
    currency = dict(timeline.currencies).get(code) or (m.currency if m is not None else None)
    return History(
        preset,
        "member",
        code,
        name,
        "member",
        (code,),
        (),
        years,
        record_of(years),
        REAL_DERIVED,
        (),
        currency,
    )


def _group(preset: Preset, group_id: str) -> tuple[str, str, tuple[str, ...]]:
    defs = group_definitions(preset)
    for gid, name, codes in defs:
        if gid == group_id:
            return gid, name, codes
    ids = [g for g, _, _ in defs]
    raise HistoryError(f"unknown group '{group_id}'{did_you_mean(group_id, ids)}; groups: {', '.join(ids)}")


def _row(
    f: YearFigures, equipment: Decimal | None, real: Decimal | None, missing: tuple[str, ...] = ()
) -> HistoryYear:
    """A row of a member's or a printed total's figures, with its equipment share and real change."""
    return HistoryYear(
        f.year, f.estimate, f.core_share, f.core, f.core_constant, f.gdp, equipment, real, None, missing
    )


def _has_figures(figures: YearFigures | None) -> bool:
    return figures is not None and figures.core is not None and figures.gdp is not None


def sum_year(year: int, members: Sequence[tuple[str, YearFigures | None]]) -> HistoryYear:
    """One year of a summed group: members with core and GDP that year (the others are
    ``missing``). ``real_change`` is left for :func:`group_history`. Call in ``CONTEXT``."""
    core = gdp = ZERO
    constant: Decimal | None = ZERO
    weighted: Decimal | None = ZERO
    estimate = False
    missing = []
    for code, f in members:
        if not _has_figures(f):
            missing.append(code)
            continue
        assert f is not None and f.core is not None and f.gdp is not None
        core += f.core
        gdp += f.gdp
        estimate = estimate or f.estimate
        constant = None if constant is None or f.core_constant is None else constant + f.core_constant
        if weighted is not None:
            weighted = None if f.equipment_share is None else weighted + f.equipment_share * f.core
    if len(missing) == len(members):
        return HistoryYear(year, False, None, None, None, None, None, None, None, tuple(missing))
    share = core / gdp if gdp else None
    equipment = weighted / core if weighted is not None and core else None
    return HistoryYear(year, estimate, share, core, constant, gdp, equipment, None, None, tuple(missing))


def group_history(preset: Preset, group_id: str, start: int | None = None, end: int | None = None) -> History:
    """The series of a group: NATO's printed totals for ``nato`` and ``europe-canada`` (when
    the timeline has them), otherwise the sums of its members (see the module).

    Raises:
        HistoryError: a preset without a timeline, an unknown group (with a did-you-mean), a
            group whose members have no figures, a year the release does not hold.
    """
    timeline = timeline_of(preset)
    lo, hi = check_range(timeline, start, end)
    gid, name, codes = _group(preset, group_id)
    series = {c: {f.year: f for f in timeline.series(c)} for c in codes}
    left_out = tuple(c for c in codes if not any(map(_has_figures, series[c].values())))
    summed = tuple(c for c in codes if c not in left_out)
    if not summed:
        raise HistoryError(f"group '{gid}' has no member with figures in the release")
    printed = {f.year: f for f in timeline.aggregate(gid)} if gid in PRINTED_AGGREGATES else {}
    joined = {c: m.joined for c in summed if (m := preset.member(c)) is not None}

    def year_of(y: int, codes: Sequence[str]) -> HistoryYear:
        """The sums of ``year`` over those of ``codes`` that are allies that year (the
        engine's membership rule, :func:`~calc.domain.dataset.ally_in`: as NATO's totals)."""
        return sum_year(y, [(c, series[c].get(y)) for c in codes if ally_in(joined.get(c), y)])

    with localcontext(CONTEXT):
        # every year summed: the real change of the first year shown is on the year before it
        every = [year_of(y, summed) for y in timeline.years]
        out: list[HistoryYear] = []
        derived: list[str] = []
        sums = [y for y in every if lo <= y.year <= hi]
        if printed:
            for s in sums:
                f = printed.get(s.year)
                if f is None:
                    raise HistoryError(f"the release prints no {name} total for {s.year}")
                equipment = f.equipment_share
                if equipment is None and s.equipment_share is not None:
                    equipment = s.equipment_share
                    if "equipment_share" not in derived:
                        derived.append("equipment_share")
                out.append(_row(f, equipment, f.real_change, s.missing))
            basis, real_basis = "aggregate", REAL_PUBLISHED
        else:
            before = {y.year: y for y in every}
            for s in sums:
                real = None
                prev = before.get(s.year - 1)
                if prev is not None and prev.missing == s.missing:
                    # over the same members both years: an ally that joined this year is
                    # left out of the year before's side too (its spending is no growth)
                    now = [c for c in summed if ally_in(joined.get(c), s.year) and c not in s.missing]
                    if all(ally_in(joined.get(c), s.year - 1) for c in now):
                        real = _ratio_change(s.core_constant, prev.core_constant)
                    else:
                        same = sum_year(s.year - 1, [(c, series[c].get(s.year - 1)) for c in now])
                        real = None if same.missing else _ratio_change(s.core_constant, same.core_constant)
                out.append(replace(s, real_change=real))
            basis, real_basis = "sum", REAL_SUMMED
    rows = _with_changes(out)
    return History(
        preset,
        "group",
        gid,
        name,
        basis,
        summed,
        left_out,
        rows,
        record_of(rows),
        real_basis,
        tuple(derived),
    )


CURRENCIES = ("usd", "eur", "national")
#: The year of NATO's constant prices: constant USD = national money at 2021 prices converted
#: at 2021 exchange rates, so 2021's rate converts it back.
PRICE_BASE_YEAR = 2021
#: The ally whose national figures give the euro rate (as ``Preset.eur_rate`` does).
EURO_RATE_FROM = "DEU"


def rates(timeline: Timeline, code: str) -> dict[int, Decimal]:
    """Units of ``code``'s currency per US dollar each year, as NATO's own tables imply them
    (Table 1 ÷ Table 2: national over USD spending at current prices). Call in ``CONTEXT``."""
    return {
        f.year: f.core_national / f.core
        for f in timeline.series(code)
        if f.core_national is not None and f.core
    }


def convert(h: History, currency: str) -> History:
    """``h`` with its money in ``currency``: ``usd`` as it is; ``eur`` at each year's euro rate
    (Germany's Table 1 ÷ Table 2, the same for every euro-area ally); ``national`` in the
    member's own currency at its own rate (a group stays in US dollars). Money at 2021 prices
    is converted at the 2021 rate, as NATO converts it. Shares, real change and the record
    do not change.

    Raises:
        HistoryError: an unknown currency, or a year without a rate.
    """
    if currency not in CURRENCIES:
        raise HistoryError(f"unknown currency '{currency}'{did_you_mean(currency, CURRENCIES)}")
    if currency == "usd" or (currency == "national" and h.kind == "group"):
        return replace(h, shown=currency)
    timeline = timeline_of(h.preset)
    code = EURO_RATE_FROM if currency == "eur" else h.id
    iso = "EUR" if currency == "eur" else h.currency or code
    with localcontext(CONTEXT):
        by_year = rates(timeline, code)
        base = by_year.get(PRICE_BASE_YEAR)
        rows = []
        for y in h.years:
            r = by_year.get(y.year)
            if r is None and (y.core is not None or y.gdp is not None):
                raise HistoryError(
                    f"no {iso} rate for {y.year} in the release (from {code}'s national figures)"
                )

            def times(v: Decimal | None, k: Decimal | None = r) -> Decimal | None:
                return None if v is None or k is None else v * k

            rows.append(
                replace(
                    y,
                    core=times(y.core),
                    core_constant=times(y.core_constant, base),
                    gdp=times(y.gdp),
                    rate=r,
                )
            )
    return replace(
        h,
        years=tuple(rows),
        shown=currency,
        shown_code=iso,
        constant_rate_year=PRICE_BASE_YEAR if base is not None else None,
    )


def group_ids(preset: Preset) -> tuple[str, ...]:
    """The groups a history can be made for: the built-in ones and the preset's own."""
    return tuple(g for g, _, _ in group_definitions(preset))


def record_until(preset: Preset, kind: str, scope: str, year: int) -> Record | None:
    """The record of a member or group from the timeline's first year to ``year`` (a path's
    base year), or None when the preset has no timeline or the scope no figures."""
    timeline = preset.timeline
    if timeline is None or not timeline.years or year < timeline.years[0]:
        return None
    end = max((y for y in timeline.years if y <= year), default=None)
    if end is None or end == timeline.years[0]:
        return None
    try:
        if kind == "member":
            return member_history(preset, scope, None, end).record
        return group_history(preset, scope, None, end).record
    except HistoryError:
        return None


__all__ = [
    "CURRENCIES",
    "PRICES",
    "PRINTED_AGGREGATES",
    "History",
    "HistoryYear",
    "PrintedTotal",
    "Record",
    "YearChange",
    "as_published",
    "convert",
    "group_history",
    "group_ids",
    "member_history",
    "printed_total",
    "record_of",
    "record_until",
]
