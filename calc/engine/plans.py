"""National plans held against the path the targets need (pure, exact ``Decimal``).

The data: :class:`Plans` (built by :mod:`calc.files.plans` from a ``nato-calc.plans/1`` file),
per ally its declared :class:`DeclaredFigure` s, each on one **basis**:

* ``nato-core``: NATO's core defence expenditure as a share of GDP (the 3.5 % guideline);
* ``nato-total``: NATO's total, core plus related spending (the 5 %);
* ``national-budget``: a national budget line (its label in ``basis_text``), comparable with
  NATO's core figure only when ``same_scope`` (the basis says it has NATO's scope);
* ``other``: e.g. a share of GNI: shown, never compared.

Semantics of :func:`plan_for` (one ally) and :func:`plans_for` (a member or a group):

* **Series.** Per basis one series, never joined with another basis: the figures not
  ``superseded``; for a year with several, the one announced last. A share is the figure's
  ``share_pct / 100``; an amount without a share, on a comparable basis and in the ally's own
  currency, becomes a share of the projected GDP in that currency (``amount / (GDP x rate)``,
  for the years of the path); otherwise its share is unknown.
* **Needed.** The path planner's path (:func:`calc.engine.path.plan`, linear unless told, the
  same growth rule as ``path``) from the preset's year to the deadline: its core share for a
  ``nato-core`` series (and a same-scope budget line), core + counted related for ``nato-total``.
* **The plan's level in a year** (for the rules): today's share (NATO's figure in the preset's
  year) at the preset's year, the declared shares of later years, a straight line between two
  of them, the last declared share held after it. Declared figures for the preset's year or
  earlier are shown, not used for the level (today's figure is NATO's).
* **Flags** (structures: the flag's kind and the figures its sentence states, worded by
  :func:`calc.output.plans.flag_text`):
  ``not-incremental`` a declared figure below the one declared for the year before it (in the
  series, by share, or by amount for an amount-only series); ``back-loaded`` more than half of
  the rise from today to the last planned year comes after 2030 (level(L) - level(2030) >
  (level(L) - today) / 2, L > 2030); ``short-of-target`` the level at the deadline is below the
  target (3.5 % core for ``nato-core``, 5 % for ``nato-total``): by how many points and by how
  much money at the projected GDP; ``faster-than-record`` the steepest yearly rise the plan
  needs (the largest slope between today and its declared points) is above the ally's
  largest yearly rise of core share since the release's first year (the timeline's record);
  ``no-plan`` no series comparable with the targets.
* **Group totals.** The group's 2035 gap to the core target (sum of the members' core gaps at
  the deadline, at projected GDP) and how much of it the comparable core plans close
  (``min(gap, max(0, level - today) x GDP)`` per ally); allies without a comparable core plan
  close nothing and are listed. The same for the total target with ``nato-total`` plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import ClassVar

from ..domain.dataset import ZERO, Preset
from ..errors import PathError, did_you_mean
from .evaluate import CONTEXT, Result, evaluate
from .path import MemberPath, SpendingPath, plan

BASES = ("nato-core", "nato-total", "national-budget", "other")
STATUSES = ("legislated", "budget", "announced")
FORMAT = "nato-calc.plans/1"
REVIEW_YEAR = 2029
#: The year after which a rise counts as late (back-loaded).
LATE_AFTER = 2030
FLAGS = ("not-incremental", "back-loaded", "short-of-target", "faster-than-record", "no-plan")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class DeclaredFigure:
    """One declared figure of a national plan, as the file gives it."""

    year: int
    share_pct: Decimal | None
    """Percent of GDP as declared (3.5 = 3.5 %)."""
    amount_bn: Decimal | None
    """bn of ``currency``."""
    currency: str
    basis: str
    basis_text: str
    status: str
    announced: str
    source_url: str
    note: str = ""
    basis_assumed: bool = False
    same_scope: bool = False
    superseded: bool = False
    superseded_reason: str = ""

    @property
    def share(self) -> Decimal | None:
        if self.share_pct is None:
            return None
        with localcontext(CONTEXT):
            return self.share_pct / HUNDRED


@dataclass(frozen=True, slots=True)
class Statement:
    """A plan statement without a number (e.g. "the 2026 budget will not exceed 2025's")."""

    year: int
    basis_text: str
    status: str
    announced: str
    source_url: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class AllyPlans:
    code: str
    name: str
    figures: tuple[DeclaredFigure, ...]
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True)
class Plans:
    """A plans file: every ally's declared figures."""

    id: str
    title: str
    allies: tuple[AllyPlans, ...]
    path: str | None = None
    note: str = ""

    def ally(self, code: str) -> AllyPlans | None:
        return next((a for a in self.allies if a.code == code), None)


@dataclass(frozen=True, slots=True)
class SeriesYear:
    """One year of the comparison (the path's years)."""

    year: int
    needed: Decimal | None
    """The share the targets' path needs this year (None when the series is not compared)."""
    declared: DeclaredFigure | None
    declared_share: Decimal | None
    """The declared share (or the amount over projected GDP); None when not declared or unknown."""
    level: Decimal | None
    """The plan's level for the rules (see the module); None when not compared."""
    difference: Decimal | None
    """``declared_share - needed`` in a declared year of a compared series."""
    review: bool


@dataclass(frozen=True, slots=True)
class NotIncremental:
    """A declared figure below the one declared for the year before it: by share (``currency``
    None, fractions of GDP) or, for an amount-only series, by amount (bn of ``currency``)."""

    year: int
    value: Decimal
    before_year: int
    before_value: Decimal
    currency: str | None = None
    key: ClassVar[str] = "not-incremental"


@dataclass(frozen=True, slots=True)
class BackLoaded:
    """More than half of the rise from ``today`` to ``end`` (the level in ``last_year``) comes
    after ``after``: ``late`` of ``rise`` (fractions of GDP)."""

    today: Decimal
    end: Decimal
    last_year: int
    late: Decimal
    rise: Decimal
    after: int
    straight_line: bool
    """Only one year declared after today: the level is read as a straight line from today."""
    key: ClassVar[str] = "back-loaded"


@dataclass(frozen=True, slots=True)
class ShortOfTarget:
    """The level at the deadline below the target: by ``shortfall`` (fraction of GDP) and
    ``money`` (bn of ``currency`` a year at the projected GDP).

    How the level is read (``reading``): ``declared`` (a figure for the deadline), ``between``
    (a straight line between ``reading_from``, None for today, and ``reading_to``, a later
    declared year) or ``held`` (the ``reading_from`` figure held; the preset's year when
    nothing later is declared)."""

    deadline: int
    level: Decimal
    shortfall: Decimal
    target: Decimal
    total: bool
    """The total target (a NATO-total series), else core."""
    money: Decimal
    currency: str
    reading: str
    reading_from: int | None
    reading_to: int | None
    key: ClassVar[str] = "short-of-target"


@dataclass(frozen=True, slots=True)
class FasterThanRecord:
    """The steepest yearly rise the plan needs (``step``, fraction of GDP a year, between the
    ``years``) above the ally's largest yearly rise of core share since ``first_year``."""

    step: Decimal
    years: tuple[int, int]
    code: str
    first_year: int
    record_step: Decimal
    record_year: int
    key: ClassVar[str] = "faster-than-record"


@dataclass(frozen=True, slots=True)
class NoPlan:
    """No series comparable with the targets. ``found``: ``nothing`` (no figure, no statement in
    the plans file), ``not-compared`` (``shown``: the series found, basis and basis text, none
    compared) or ``statements`` (``statements``: year and status of each statement without a
    number)."""

    found: str
    shown: tuple[tuple[str, str], ...] = ()
    statements: tuple[tuple[int, str], ...] = ()
    key: ClassVar[str] = "no-plan"


#: A flag: its ``key`` (one of :data:`FLAGS`) and the figures its sentence states; worded by
#: :func:`calc.output.plans.flag_text`.
Flag = NotIncremental | BackLoaded | ShortOfTarget | FasterThanRecord | NoPlan


@dataclass(frozen=True, slots=True)
class Series:
    """One basis of one ally's plan, next to the needed path."""

    basis: str
    basis_text: str
    """The basis texts of its figures, joined (a budget line's label)."""
    compared: bool
    reason: str
    """Why it is or is not compared."""
    figures: tuple[DeclaredFigure, ...]
    """The figures used, in year order."""
    set_aside: tuple[DeclaredFigure, ...]
    """Superseded figures, and figures replaced by a later announcement for the same year."""
    years: tuple[SeriesYear, ...]
    today: Decimal | None
    target: Decimal | None
    last_year: int | None
    """The last declared year (None when nothing after today is declared)."""
    level_at_deadline: Decimal | None
    shortfall_share: Decimal | None
    """Target minus the level at the deadline (positive: short), points as a fraction of GDP."""
    shortfall_money: Decimal | None
    """``shortfall_share`` x the projected GDP at the deadline (the path's money)."""
    late_share: Decimal | None
    """The part of the rise from today to the last planned year after 2030."""
    rise: Decimal | None
    needed_step: Decimal | None
    """The steepest yearly rise the plan needs (fraction of GDP a year)."""
    needed_step_years: tuple[int, int] | None
    record_step: Decimal | None
    record_year: int | None
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class AllyComparison:
    code: str
    name: str
    assessed: bool
    reason: str
    """Why the targets' path is missing (not assessed, excluded), else empty."""
    series: tuple[Series, ...]
    statements: tuple[Statement, ...]
    flags: tuple[Flag, ...]
    """The ally's own flags (``no-plan``); each series has its own."""
    path: MemberPath | None
    gap_core: Decimal
    """Core gap at the deadline at projected GDP (money); 0 when met or not assessed."""
    closed_core: Decimal
    gap_total: Decimal
    closed_total: Decimal
    core_plan: bool
    """A comparable core series closes part of the core gap."""
    total_plan: bool

    @property
    def all_flags(self) -> tuple[str, ...]:
        keys = [f.key for f in self.flags] + [f.key for s in self.series for f in s.flags]
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class GroupTotals:
    gap_core: Decimal
    closed_core: Decimal
    gap_total: Decimal
    closed_total: Decimal
    with_core_plan: tuple[str, ...]
    without_core_plan: tuple[str, ...]
    with_total_plan: tuple[str, ...]
    not_assessed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """Who is where: the answer to "which allies' plans reach 3.5 % by 2035, and which are
    back-loaded?" (codes in the scope's order)."""

    reach_core: tuple[str, ...]
    """A compared core series at or above the core target at the deadline."""
    reach_total: tuple[str, ...]
    """A compared NATO-total series at or above the total target at the deadline."""
    flagged: tuple[tuple[str, tuple[str, ...]], ...]
    """Per flag (in :data:`FLAGS` order), the allies with it in any series."""

    def having(self, flag: str) -> tuple[str, ...]:
        return next((codes for f, codes in self.flagged if f == flag), ())


@dataclass(frozen=True, slots=True)
class PlansComparison:
    preset: Preset
    plans: Plans
    kind: str
    id: str
    name: str
    base_year: int
    deadline: int
    growth: Decimal | None
    shape: str
    currency: str
    allies: tuple[AllyComparison, ...]
    totals: GroupTotals

    @property
    def summary(self) -> Summary:
        def reach(a: AllyComparison, total: bool) -> bool:
            return any(
                s.compared
                and (s.basis == "nato-total") == total
                and s.level_at_deadline is not None
                and s.target is not None
                and s.level_at_deadline >= s.target
                for s in a.series
            )

        return Summary(
            tuple(a.code for a in self.allies if reach(a, False)),
            tuple(a.code for a in self.allies if reach(a, True)),
            tuple((f, tuple(a.code for a in self.allies if f in a.all_flags)) for f in FLAGS),
        )


# --------------------------------------------------------------------------------------------


def select(
    figures: Sequence[DeclaredFigure], basis: str
) -> tuple[list[DeclaredFigure], list[DeclaredFigure]]:
    """The series of one basis: per year the last-announced figure not superseded; the rest set aside."""
    used: dict[int, DeclaredFigure] = {}
    aside: list[DeclaredFigure] = []
    for f in sorted((f for f in figures if f.basis == basis), key=lambda f: (f.year, f.announced)):
        if f.superseded:
            aside.append(f)
            continue
        prev = used.get(f.year)
        if prev is not None:
            # a share beats an amount for the same year; else the later announcement wins
            if prev.share_pct is not None and f.share_pct is None:
                aside.append(f)
                continue
            aside.append(prev)
        used[f.year] = f
    return [used[y] for y in sorted(used)], aside


def _comparable(basis: str, figs: Sequence[DeclaredFigure]) -> tuple[bool, str]:
    if basis == "nato-core":
        assumed = [f.year for f in figs if f.basis_assumed]
        extra = (
            f" (basis not stated by the source for {', '.join(map(str, assumed))}: read as NATO core)"
            if assumed
            else ""
        )
        return True, "a NATO core share, compared with the core share the targets need" + extra
    if basis == "nato-total":
        return True, "a NATO total (core + related), compared with core + counted related the targets need"
    if basis == "national-budget":
        if figs and all(f.same_scope for f in figs):
            return True, "a national budget line that states NATO's scope, compared with the core share"
        labels = "; ".join(dict.fromkeys(f.basis_text for f in figs))
        return False, f"a national budget line ({labels}), not NATO's definition: shown, not compared"
    labels = "; ".join(dict.fromkeys(f.basis_text for f in figs))
    return False, f"another measure ({labels}): shown, not compared"


def _level(points: Sequence[tuple[int, Decimal]], year: int) -> Decimal:
    """The plan's level in ``year``: straight lines between the points, the last held after."""
    with localcontext(CONTEXT):
        if year <= points[0][0]:
            return points[0][1]
        for (y0, v0), (y1, v1) in zip(points, points[1:]):
            if y0 <= year <= y1:
                return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        return points[-1][1]


def _series(
    preset: Preset,
    code: str,
    basis: str,
    figs: list[DeclaredFigure],
    aside: list[DeclaredFigure],
    mp: MemberPath | None,
    sp: SpendingPath | None,
    currency: str,
) -> Series:
    compared, reason = _comparable(basis, figs)
    if mp is None:
        compared = False
        reason = "no path the targets need for this ally: shown, not compared"
    t = preset.targets
    base_year = preset.year
    member = preset.member(code)
    rate = member.usd_rate if member is not None else None
    national = member.currency if member is not None else None
    flags: list[Flag] = []
    with localcontext(CONTEXT):
        by_year = {f.year: f for f in figs}
        path_years = {y.year: y for y in mp.years} if mp is not None else {}

        def share_of(f: DeclaredFigure) -> Decimal | None:
            if f.share is not None:
                return f.share
            py = path_years.get(f.year)
            if (
                compared
                and f.amount_bn is not None
                and py is not None
                and rate is not None
                and national is not None
                and f.currency.upper() == national.upper()
                and currency == "usd"
            ):
                return f.amount_bn / (py.gdp * rate)
            return None

        # not incremental: a declared figure below the one declared before it
        prev: DeclaredFigure | None = None
        for f in figs:
            if prev is not None:
                a, b = share_of(prev), share_of(f)
                if a is not None and b is not None and b < a:
                    flags.append(NotIncremental(f.year, b, prev.year, a))
                elif (a is None or b is None) and prev.amount_bn is not None and f.amount_bn is not None:
                    if prev.currency == f.currency and f.amount_bn < prev.amount_bn:
                        flags.append(
                            NotIncremental(f.year, f.amount_bn, prev.year, prev.amount_bn, f.currency)
                        )
            prev = f

        today = target = level_end = short = short_money = late = rise = step = None
        step_years: tuple[int, int] | None = None
        last_year: int | None = None
        record_step = None
        record_year = None
        years: list[SeriesYear] = []
        points: list[tuple[int, Decimal]] = []
        deadline = mp.years[-1].year if mp is not None else t.deadline
        if compared and mp is not None:
            if basis == "nato-total":
                today = mp.start_core_share + mp.start_related_share
                target = t.total
            else:
                today = mp.start_core_share
                target = t.core
            later = [(f.year, s) for f in figs if f.year > base_year for s in [share_of(f)] if s is not None]
            points = [(base_year, today), *later]
            last_year = later[-1][0] if later else None
            now = share_of(by_year[base_year]) if base_year in by_year else None
            if not later and now is not None:  # only today's figure declared: held from next year
                points = [(base_year, today), (base_year + 1, now)]
            if not later and now is None:
                compared = False
                reason = f"declared only for years before {base_year}: shown, not compared"
                today = target = None
        if compared and mp is not None and points and today is not None and target is not None:
            level_end = _level(points, deadline)
            short = target - level_end
            short_money = short * mp.years[-1].gdp if short > 0 else ZERO
            if short > 0:
                reading_from: int | None
                reading_to: int | None = None
                if deadline in by_year and deadline > base_year:
                    reading, reading_from = "declared", deadline
                elif last_year is not None and last_year > deadline:
                    before = max((y for y, _ in points if y < deadline), default=base_year)
                    reading, reading_to = "between", last_year
                    reading_from = None if before == base_year else before
                else:
                    reading = "held"
                    reading_from = last_year if last_year is not None else base_year
                flags.append(
                    ShortOfTarget(
                        deadline,
                        level_end,
                        short,
                        target,
                        basis == "nato-total",
                        short_money,
                        currency,
                        reading,
                        reading_from,
                        reading_to,
                    )  # fmt: skip  # one field a column, as the dataclass
                )
            if last_year is not None:
                end = _level(points, last_year)
                rise = end - today
                late = end - _level(points, LATE_AFTER) if last_year > LATE_AFTER else ZERO
                if rise > 0 and late * 2 > rise:
                    flags.append(BackLoaded(today, end, last_year, late, rise, LATE_AFTER, len(later) == 1))
                slopes = [((v1 - v0) / (y1 - y0), (y0, y1)) for (y0, v0), (y1, v1) in zip(points, points[1:])]
                step, step_years = max(slopes, key=lambda s: s[0])
                rec = sp.record if sp is not None else None
                if basis != "nato-total" and rec is not None and rec.largest_increase is not None:
                    record_step = rec.largest_increase.change
                    record_year = rec.largest_increase.year
                    if step > record_step:
                        flags.append(
                            FasterThanRecord(step, step_years, code, rec.first_year, record_step, record_year)
                        )
            for py in mp.years:
                need = py.total_share if basis == "nato-total" else py.core_share
                fy = by_year.get(py.year)
                ds = share_of(fy) if fy is not None else None
                years.append(
                    SeriesYear(
                        py.year,
                        need,
                        fy,
                        ds,
                        _level(points, py.year),
                        None if ds is None else ds - need,
                        py.year == REVIEW_YEAR,
                    )
                )
        else:
            span = range(base_year, deadline + 1)
            for y in span:
                fy = by_year.get(y)
                years.append(
                    SeriesYear(
                        y, None, fy, share_of(fy) if fy is not None else None, None, None, y == REVIEW_YEAR
                    )
                )
    label = "; ".join(dict.fromkeys(f.basis_text for f in figs))
    return Series(
        basis, label, compared, reason, tuple(figs), tuple(aside), tuple(years), today, target,
        last_year, level_end, short, short_money, late, rise, step, step_years, record_step,
        record_year, tuple(flags),
    )  # fmt: skip  # one field a column, as the dataclass


def _no_plan(ally: AllyPlans | None, series: Sequence[Series]) -> NoPlan:
    if ally is None or (not ally.figures and not ally.statements):
        return NoPlan("nothing")
    shown = [s for s in series if s.figures]
    if shown:
        return NoPlan("not-compared", shown=tuple((s.basis, s.basis_text) for s in shown))
    return NoPlan("statements", statements=tuple((s.year, s.status) for s in ally.statements))


def plan_for(
    preset: Preset,
    code: str,
    plans: Plans,
    *,
    growth: Decimal | None = None,
    shape: str = "linear",
    result: Result | None = None,
) -> AllyComparison:
    """One ally's declared plan next to the path the targets need (the TUI's plans view and
    the path view's overlay call this)."""
    result = result or evaluate(preset)
    m = result.member(code)
    if m is None:
        raise PathError(f"unknown member '{code}'{did_you_mean(code, preset.codes)}")
    mp: MemberPath | None = None
    sp: SpendingPath | None = None
    reason = ""
    try:
        sp = plan(preset, member=code, growth=growth, shape=shape, result=result)
        mp = sp.members[0]
    except PathError as e:
        reason = e.msg
    ally = plans.ally(code)
    figures = ally.figures if ally is not None else ()
    series = []
    for basis in BASES:
        used, aside = select(figures, basis)
        if used or aside:
            series.append(_series(preset, code, basis, used, aside, mp, sp, result.currency))
    flags: list[Flag] = []
    comparable = [s for s in series if s.compared and s.figures]
    if mp is not None and not comparable:
        flags.append(_no_plan(ally, series))
    with localcontext(CONTEXT):
        gap_core = closed_core = gap_total = closed_total = ZERO
        core_plan = total_plan = False
        if mp is not None:
            final = mp.years[-1]
            gap_core = final.extra_core_vs_today
            gap_total = final.extra_vs_today
            core = next((s for s in comparable if s.basis != "nato-total"), None)
            if core is not None and core.level_at_deadline is not None and core.today is not None:
                core_plan = True
                closed_core = min(gap_core, max(ZERO, (core.level_at_deadline - core.today) * final.gdp))
            total = next((s for s in comparable if s.basis == "nato-total"), None)
            if total is not None and total.level_at_deadline is not None and total.today is not None:
                total_plan = True
                closed_total = min(gap_total, max(ZERO, (total.level_at_deadline - total.today) * final.gdp))
    return AllyComparison(
        code, m.name, mp is not None, reason, tuple(series), ally.statements if ally else (), tuple(flags),
        mp, gap_core, closed_core, gap_total, closed_total, core_plan, total_plan,
    )  # fmt: skip  # one field a column, as the dataclass


def overlay(a: AllyComparison) -> Series | None:
    """The series the path view draws over the required path: the compared core series (a NATO
    core share or a same-scope budget line), else the compared NATO-total series, else None.
    Its ``years`` align with the path's years (``needed``, ``declared_share``, ``level``)."""
    compared = [s for s in a.series if s.compared and s.years]
    return next((s for s in compared if s.basis != "nato-total"), None) or next(iter(compared), None)


def plans_for(
    preset: Preset,
    plans: Plans,
    *,
    member: str | None = None,
    group: str | None = None,
    growth: Decimal | None = None,
    shape: str = "linear",
    result: Result | None = None,
) -> PlansComparison:
    """Every ally of a group (default ``nato``), or one member, against the targets' path."""
    if member is not None and group is not None:
        raise PathError("give a member or a group, not both")
    result = result or evaluate(preset)
    if member is not None:
        code = member.upper()
        m = result.member(code)
        if m is None:
            raise PathError(f"unknown member '{member}'{did_you_mean(code, preset.codes)}")
        codes: tuple[str, ...] = (code,)
        kind, sid, name = "member", code, m.name
    else:
        gid = group or "nato"
        g = result.group(gid)
        if g is None:
            ids = [x.id for x in result.groups]
            raise PathError(f"unknown group '{gid}'{did_you_mean(gid, ids)}; groups: {', '.join(ids)}")
        codes = g.codes
        kind, sid, name = "group", g.id, g.name
    allies = tuple(plan_for(preset, c, plans, growth=growth, shape=shape, result=result) for c in codes)
    with localcontext(CONTEXT):
        assessed = [a for a in allies if a.assessed]
        totals = GroupTotals(
            sum((a.gap_core for a in assessed), ZERO),
            sum((a.closed_core for a in assessed), ZERO),
            sum((a.gap_total for a in assessed), ZERO),
            sum((a.closed_total for a in assessed), ZERO),
            tuple(a.code for a in assessed if a.core_plan),
            tuple(a.code for a in assessed if not a.core_plan),
            tuple(a.code for a in assessed if a.total_plan),
            tuple(a.code for a in allies if not a.assessed),
        )
    return PlansComparison(
        preset, plans, kind, sid, name, preset.year, preset.targets.deadline, growth, shape,
        result.currency, allies, totals,
    )  # fmt: skip  # one field a column, as the dataclass


__all__ = [
    "BASES",
    "FLAGS",
    "FORMAT",
    "REVIEW_YEAR",
    "STATUSES",
    "AllyComparison",
    "AllyPlans",
    "BackLoaded",
    "FasterThanRecord",
    "DeclaredFigure",
    "Flag",
    "GroupTotals",
    "NoPlan",
    "NotIncremental",
    "Plans",
    "PlansComparison",
    "Series",
    "ShortOfTarget",
    "SeriesYear",
    "Statement",
    "Summary",
    "overlay",
    "plan_for",
    "plans_for",
    "select",
]
