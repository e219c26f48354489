"""The gap engine: pure, exact, deterministic.

For a member with GDP ``G``, core spending ``C`` and defence-related spending ``R`` (unknown
counts as 0 and is flagged), with targets ``guideline``, ``core``, ``related_cap``, ``total``:

* ``core_share = C / G``; counted related ``Rc = min(R, related_cap * G)``;
  ``total_share = (C + Rc) / G``
* ``gap_guideline = max(0, guideline*G - C)``; ``gap_core = max(0, core*G - C)``
* ``gap_total = gap_core + max(0, total*G - max(C, core*G) - Rc)``: the least extra spending
  that meets the whole framework (core first, then core or related up to the total)
* ``meets_guideline = C >= guideline*G``; ``meets_core = C >= core*G``;
  ``meets_total = meets_core and C + Rc >= total*G``
* ``gap_guideline_share``, ``gap_core_share``, ``gap_total_share``: each gap divided by ``G``
  (fractions of GDP like ``core_share``; 0 when the target is met)
* ``surplus_guideline = max(0, C - guideline*G)``; ``surplus_core = max(0, C - core*G)``;
  ``surplus_total = C + Rc - total*G`` for a member that meets the total target (0 otherwise):
  the counted spending above it, all of which could go without missing either Hague target

**Ukraine aid.** With ``preset.counts_ukraine_aid`` on, an assessed member's military aid to
Ukraine ``A`` (``Member.ukraine_aid``; unknown and ``partial`` figures count nothing) is counted toward
core spending: ``C`` above is then ``core + A`` everywhere (shares, gaps, surpluses, target
checks, group sums); a member judged on NATO's published share ``P`` (below) is then judged on
``P + A / G``, so that counting the aid never lowers a share. ``ukraine_aid`` is ``A`` whether counted or not;
``ukraine_aid_counted`` is what was added (0 when nothing was). A group's equipment share stays
weighted by core spending without the aid.

A member is not assessed when its core status is ``not-applicable`` (Iceland) or when it is no
ally in the preset's year (``Member.ally`` false: it joined later, flag ``not-yet-ally``).

**NATO's published share.** A member with a ``published_share`` ``P`` whose core spending and
GDP are as published (neither edited) is judged on it: ``core_share = P``, ``total_share = P +
Rc / G`` and each ``meets_*`` compares ``P`` (``P*G`` in place of ``C``) with the target. Gaps
stay money: a target ``P`` meets has no gap; one it misses keeps ``max(0, target*G - C)``, or,
when that is 0 (money ÷ GDP reaches what NATO's rounding of ``P`` does not), the gap on ``P``:
``(target - P) * G`` (and likewise for the total). Surpluses are 0 for a target ``P`` misses.
``core_share_from_money`` is always ``C / G``. An edit of core or GDP drops back to ``C / G``.

**Equipment.** ``equipment_share`` is the member's major-equipment share of core spending (a
fraction of core, not of GDP); ``meets_equipment = equipment_share >= equipment`` (None when
unknown or not assessed). Not part of any gap.

Groups sum G, C and Rc over their assessed members; their gaps are the **sum of member gaps**
(a surplus in one ally does not offset another's shortfall) and, separately, the
``collective_gap_*`` computed with the same formulas on the sums; a group's ``gap_*_share``
are its collective gaps divided by its GDP. A group's ``equipment_share`` is weighted by core
spending over the members that have one (None when none has), ``meeting_equipment`` counts
the members that meet the equipment guideline.

Comparisons are made with multiplications only, so they are exact; the shares are divisions
carried out to 50 significant digits and rounded only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter
from typing import NamedTuple, Protocol, cast

from ..domain.countries import BUILTIN_GROUPS, builtin_group_codes
from ..domain.dataset import EDITED, NOT_APPLICABLE, PARTIAL, ZERO, Member, Preset, Targets
from ..domain.flags import EXCLUDED, NOT_ASSESSED, NOT_YET_ALLY, RELATED_UNKNOWN, Flag

#: Arithmetic context of the engine: far more digits than any input carries, so sums and
#: products are exact and quotients are correct to 50 significant digits.
CONTEXT = Context(prec=50)


def _share_of(gap: Decimal | None, gdp: Decimal) -> Decimal | None:
    """``gap / gdp`` in the engine's context (a met target is exactly 0; no GDP: None)."""
    if gap is None or not gdp:
        return None
    return CONTEXT.divide(gap, gdp) if gap else ZERO


def _gap_share(field: str, what: str) -> property:
    """A read-only ``field / gdp``: a gap as a fraction of GDP, like ``core_share``."""
    get = attrgetter(field)
    return property(
        lambda self: _share_of(get(self), self.gdp),
        doc=f"``{field} / gdp``: {what} as a fraction of GDP (0 when met).",
    )


class _Assessed(Protocol):
    """What the sums read of an assessed member's result: its gaps and ``meets_*`` are set
    (the loops skip the others first). For the type checker only: a cast of the list, once,
    rather than a check per member."""

    code: str
    assessed: bool
    flags: tuple[Flag, ...]
    gdp: Decimal
    core: Decimal
    related: Decimal | None
    related_counted: Decimal
    gap_guideline: Decimal
    gap_core: Decimal
    gap_total: Decimal
    meets_guideline: bool
    meets_core: bool
    meets_total: bool
    equipment_share: Decimal | None
    meets_equipment: bool  # set whenever equipment_share is (the loops check that first)
    ukraine_aid_counted: Decimal


class MemberResult(NamedTuple):
    """Every figure the engine derives for one member. Money in USD bn, shares as fractions.

    For a member the targets do not apply to (``assessed`` false), the gaps, surpluses and
    ``meets_*`` are None. A NamedTuple rather than a frozen dataclass: it is built for every
    member on every what-if, and a tuple is five times cheaper to construct.
    """

    code: str
    name: str
    gdp: Decimal
    core: Decimal
    related: Decimal | None
    related_counted: Decimal
    core_share: Decimal
    related_share: Decimal | None
    total_share: Decimal
    gap_guideline: Decimal | None
    gap_core: Decimal | None
    gap_total: Decimal | None
    surplus_guideline: Decimal | None
    surplus_core: Decimal | None
    meets_guideline: bool | None
    meets_core: bool | None
    meets_total: bool | None
    flags: tuple[Flag, ...]
    assessed: bool = True
    included: bool = True
    surplus_total: Decimal | None = None
    """Core plus counted related spending above the total target (0 unless it is met)."""
    core_share_from_money: Decimal | None = None
    """``core / gdp`` always (``core_share`` is NATO's published share while it applies)."""
    equipment_share: Decimal | None = None
    """Major equipment as a fraction of core spending (None: not published)."""
    meets_equipment: bool | None = None
    """``equipment_share >= equipment`` target (None when unknown or not assessed)."""
    ukraine_aid: Decimal | None = None
    """Military aid to Ukraine, USD bn (None: unknown), whether counted or not."""
    ukraine_aid_counted: Decimal = ZERO
    """The part of ``core`` that is Ukraine aid: the aid when counted, else 0."""

    @property
    def related_known(self) -> bool:
        return self.related is not None

    # The gaps in points of GDP: derived on demand (one division each, none when a target is
    # met), so evaluating and re-evaluating stay as cheap as before and the figures can never
    # disagree with the money gaps they come from.
    gap_guideline_share = _gap_share("gap_guideline", "the guideline gap")  # type: ignore[misc]  # a property, not a field
    gap_core_share = _gap_share("gap_core", "the core gap")  # type: ignore[misc]  # a property, not a field
    gap_total_share = _gap_share("gap_total", "the total gap")  # type: ignore[misc]  # a property, not a field


class GroupResult(NamedTuple):
    """Aggregates of a group's assessed, included members."""

    id: str
    name: str
    codes: tuple[str, ...]  # included members of the group, in preset order (assessed or not)
    not_assessed: tuple[str, ...]
    gdp: Decimal
    core: Decimal
    related: Decimal  # sum of counted related spending (each capped at related_cap of its GDP)
    related_known: int
    core_share: Decimal | None
    total_share: Decimal | None
    gap_guideline: Decimal
    gap_core: Decimal
    gap_total: Decimal
    collective_gap_guideline: Decimal
    collective_gap_core: Decimal
    collective_gap_total: Decimal
    meeting_guideline: int
    meeting_core: int
    meeting_total: int
    assessed: int  # members the counts are out of (``not-applicable`` core left out)
    meeting_equipment: int = 0
    equipment_core: Decimal = ZERO  # core spending of the members with an equipment share
    equipment_spending: Decimal = ZERO  # their equipment spending: sum of share × core
    not_yet: tuple[str, ...] = ()  # of ``not_assessed``, those not yet allies in the preset's year

    @property
    def equipment_share(self) -> Decimal | None:
        """Equipment share of core spending, weighted by core (None when no member has one)."""
        if not self.equipment_core:
            return None
        return CONTEXT.divide(self.equipment_spending, self.equipment_core)

    @property
    def size(self) -> int:
        """How many members the group has in the preset's year: its included members less those
        not yet allies then (listed in ``codes``, but counted nowhere, as in NATO's totals)."""
        return len(self.codes) - len(self.not_yet)

    # Collective gaps in points of the group's GDP (None without GDP, as the shares).
    gap_guideline_share = _gap_share("collective_gap_guideline", "the collective guideline gap")  # type: ignore[misc]  # a property, not a field
    gap_core_share = _gap_share("collective_gap_core", "the collective core gap")  # type: ignore[misc]  # a property, not a field
    gap_total_share = _gap_share("collective_gap_total", "the collective total gap")  # type: ignore[misc]  # a property, not a field


@dataclass(frozen=True, slots=True)
class Result:
    """The evaluation of a preset: one result per member (preset order) and per group."""

    preset: Preset
    members: tuple[MemberResult, ...]
    groups: tuple[GroupResult, ...]
    currency: str = "usd"
    """What the money is in: ``usd`` as evaluated, or ``eur`` / ``national`` after
    :func:`calc.engine.currency.convert` (groups stay in USD in ``national``)."""

    @property
    def targets(self) -> Targets:
        return self.preset.targets

    def member(self, code: str) -> MemberResult | None:
        for m in self.members:
            if m.code == code:
                return m
        return None

    def group(self, group_id: str) -> GroupResult | None:
        for g in self.groups:
            if g.id == group_id:
                return g
        return None


def gaps(
    gdp: Decimal, core: Decimal, related: Decimal, t: Targets
) -> tuple[Decimal, Decimal, Decimal, bool, bool, bool]:
    """Gaps and target checks for one set of G, C, Rc (a member or a group's sums).

    ``related`` is the *counted* related spending. Returns ``(gap_guideline, gap_core,
    gap_total, meets_guideline, meets_core, meets_total)``. Call inside the engine context.
    """
    need_guideline = t.guideline * gdp
    need_core = t.core * gdp
    need_total = t.total * gdp
    gap_guideline = need_guideline - core if core < need_guideline else ZERO
    gap_core = need_core - core if core < need_core else ZERO
    rest = need_total - (core if core > need_core else need_core) - related
    gap_total = gap_core + rest if rest > 0 else gap_core
    meets_core = core >= need_core
    return (
        gap_guideline,
        gap_core,
        gap_total,
        core >= need_guideline,
        meets_core,
        meets_core and core + related >= need_total,
    )


@lru_cache(maxsize=1024)
def _flags(
    gdp_status: str | None,
    core_status: str | None,
    related_status: str | None,
    edited: frozenset[str],
    related_unknown: bool,
    included: bool,
    assessed: bool,
    ally: bool = True,
    aid_status: str | None = None,
) -> tuple[Flag, ...]:
    """The flags of a member: a handful of distinct combinations, so they are cached."""
    flags = [
        Flag(name, status)
        for name, status in (
            ("gdp", gdp_status), ("core", core_status), ("related", related_status), ("ukraine_aid", aid_status)
        )
        if status
    ]  # fmt: skip  # one figure a line
    flags.extend(Flag(name, EDITED) for name in sorted(edited) if Flag(name, EDITED) not in flags)
    if related_unknown:
        flags.append(RELATED_UNKNOWN)
    if not included:
        flags.append(EXCLUDED)
    if not assessed:
        flags.append(NOT_ASSESSED)
    if not ally:
        flags.append(NOT_YET_ALLY)
    return tuple(flags)


def evaluate_member(m: Member, t: Targets, counts_aid: bool = False) -> MemberResult:
    """Evaluate one member (``counts_aid``: its Ukraine aid counted toward core spending, see
    the module's docstring). Call inside ``localcontext(CONTEXT)``.

    Written out long-hand (no helper calls, each product computed once): this is the hot loop
    of every what-if, run for every member on every edit.
    """
    g = m.gdp.value
    core_fig = m.core
    c = core_fig.value * g if core_fig.share else core_fig.value
    rel_fig = m.related
    ally = m.ally
    # not assessed: an ally the targets do not apply to, or not an ally in the preset's year
    assessed = ally and core_fig.status != NOT_APPLICABLE
    aid_fig = m.ukraine_aid
    aid = None if aid_fig is None else (aid_fig.value * g if aid_fig.share else aid_fig.value)
    # counted toward core for the targets: so only where they apply, and for a whole year
    counted = aid if counts_aid and assessed and aid is not None and aid_fig.status != PARTIAL else ZERO  # type: ignore[union-attr]  # aid_fig is set when aid is
    if counted:
        c += counted
    flags = _flags(
        m.gdp.status,
        core_fig.status,
        rel_fig.status if rel_fig is not None else None,
        m.edited,
        rel_fig is None,
        m.included,
        assessed,
        ally,
        aid_fig.status if aid_fig is not None else None,
    )
    if rel_fig is None:
        r = None
        rc = ZERO
        related_share = None
        total_share = core_share = c / g
    else:
        r = rel_fig.value * g if rel_fig.share else rel_fig.value
        cap = t.related_cap * g
        rc = r if r < cap else cap
        related_share = r / g
        core_share = c / g
        total_share = (c + rc) / g
    eq = m.equipment.value if m.equipment is not None else None
    if not assessed:
        # Kept as written: the fields in the result's order, a group of them a line.
        return MemberResult(  # type: ignore[call-arg]  # the gap-share properties are no fields
            m.code, m.name, g, c, r, rc, core_share, related_share, total_share,
            None, None, None, None, None, None, None, None, flags, False, m.included,
            None, core_share, eq, None, aid, counted,
        )  # fmt: skip
    meets_e = None if eq is None else eq >= t.equipment
    pub = m.published_share
    if pub is not None and not (m.edited and ("core" in m.edited or "gdp" in m.edited)):
        if counted:  # NATO's share plus the aid as a share of GDP: counting never lowers it
            pub = pub + counted / g
        return _on_published(
            m, t, g, c, r, rc, core_share, related_share, pub, flags, eq, meets_e, aid, counted
        )
    need_g = t.guideline * g
    need_c = t.core * g
    meets_g = c >= need_g
    meets_c = c >= need_c
    gap_c = ZERO if meets_c else need_c - c
    rest = t.total * g - (need_c if c < need_c else c) - rc
    # Kept as written: the fields in the result's order, a group of them a line.
    return MemberResult(  # type: ignore[call-arg]  # the gap-share properties are no fields
        m.code, m.name, g, c, r, rc, core_share, related_share, total_share,
        ZERO if meets_g else need_g - c,
        gap_c,
        gap_c + rest if rest > 0 else gap_c,
        c - need_g if c > need_g else ZERO,
        c - need_c if c > need_c else ZERO,
        meets_g, meets_c, meets_c and rest <= 0, flags, True, m.included,
        -rest if meets_c and rest < 0 else ZERO, core_share, eq, meets_e, aid, counted,
    )  # fmt: skip


def _on_published(
    m: Member, t: Targets, g: Decimal, c: Decimal, r: Decimal | None, rc: Decimal,
    from_money: Decimal, related_share: Decimal | None, pub: Decimal, flags: tuple[Flag, ...],
    eq: Decimal | None, meets_e: bool | None, aid: Decimal | None, counted: Decimal = ZERO,
) -> MemberResult:  # fmt: skip  # one group of parameters a line
    """A member judged on NATO's published share ``pub`` (see the module's docstring): each
    target is met or missed on ``pub * g``; a missed one keeps its money gap unless that is 0,
    then the gap on ``pub``. Call inside ``localcontext(CONTEXT)``."""
    c_pub = pub * g
    money_gaps = gaps(g, c, rc, t)
    pub_gaps = gaps(g, c_pub, rc, t)
    meets = pub_gaps[3:]
    gap_g, gap_c, gap_t = (
        ZERO if met else (money if money > 0 else on_pub)
        for met, money, on_pub in zip(meets, money_gaps[:3], pub_gaps[:3])
    )
    need_g, need_c, need_t = t.guideline * g, t.core * g, t.total * g
    meets_g, meets_c, meets_t = meets
    return MemberResult(  # type: ignore[call-arg]  # the gap-share properties are no fields
        m.code, m.name, g, c, r, rc, pub, related_share,
        pub if r is None else pub + rc / g,
        gap_g, gap_c, gap_t,
        c - need_g if meets_g and c > need_g else ZERO,
        c - need_c if meets_c and c > need_c else ZERO,
        meets_g, meets_c, meets_t, flags, True, m.included,
        c + rc - need_t if meets_t and c + rc > need_t else ZERO, from_money, eq, meets_e, aid,
        counted,
    )  # fmt: skip  # the fields in the result's order


def group_definitions(preset: Preset) -> list[tuple[str, str, tuple[str, ...]]]:
    """(id, name, codes) of the built-in and user groups, over the *included* members."""
    members = preset.members
    included = tuple(compress(map(_CODE, members), map(_INCLUDED, members)))
    out = []
    for gid, name in BUILTIN_GROUPS:
        out.append((gid, name, builtin_group_codes(gid, included)))
    names = dict(preset.group_names)
    inc = set(included)
    for gid, codes in preset.groups:
        out.append((gid, names.get(gid, gid), tuple(c for c in codes if c in inc)))
    return out


def aggregate(group_id: str, name: str, results: list[MemberResult], t: Targets) -> GroupResult:
    """Aggregate member results into a group. Call inside ``localcontext(CONTEXT)``.

    One pass over the results (a plain loop: faster than one C-level ``sum`` per field, and a
    group of 100,000 members is read from memory once, not once per field).
    """
    sg = sc = sr = ZERO
    gap_g = gap_c = gap_t = ZERO
    n_g = n_c = n_t = n_assessed = n_known = n_e = 0
    e_core = e_spend = ZERO
    not_assessed = []
    not_yet = []
    for r in cast("list[_Assessed]", results):
        if not r.assessed:
            not_assessed.append(r.code)
            if NOT_YET_ALLY in r.flags:
                not_yet.append(r.code)
            continue
        if r.equipment_share is not None:
            nato_core = r.core - r.ukraine_aid_counted  # the core spending the share is of
            e_core += nato_core
            e_spend += r.equipment_share * nato_core
            n_e += r.meets_equipment
        n_assessed += 1
        sg += r.gdp
        sc += r.core
        sr += r.related_counted
        gap_g += r.gap_guideline
        gap_c += r.gap_core
        gap_t += r.gap_total
        n_g += r.meets_guideline
        n_c += r.meets_core
        n_t += r.meets_total
        n_known += r.related is not None
    cg, cc, ct, core_share, total_share = _from_sums(sg, sc, sr, t)
    # Kept as written: the fields in the result's order, a group of them a line.
    return GroupResult(  # type: ignore[call-arg]  # the gap-share properties are no fields
        group_id, name, tuple(map(_CODE, results)), tuple(not_assessed),
        sg, sc, sr, n_known, core_share, total_share,
        gap_g, gap_c, gap_t, cg, cc, ct, n_g, n_c, n_t, n_assessed, n_e, e_core, e_spend,
        tuple(not_yet),
    )  # fmt: skip


_CODE = attrgetter("code")
_INCLUDED = attrgetter("included")


def _from_sums(
    sg: Decimal, sc: Decimal, sr: Decimal, t: Targets
) -> tuple[Decimal, Decimal, Decimal, Decimal | None, Decimal | None]:
    """A group's collective gaps and shares from its sums of GDP, core and counted related
    (no GDP: no gap, no share). Call inside ``localcontext(CONTEXT)``."""
    if not sg:
        return ZERO, ZERO, ZERO, None, None
    cg, cc, ct, _, _, _ = gaps(sg, sc, sr, t)
    return cg, cc, ct, sc / sg, (sc + sr) / sg


def evaluate(preset: Preset) -> Result:
    """Evaluate every member and every group of ``preset``.

    Excluded members are evaluated (so a UI can still show them) but belong to no group.
    Groups without any included member are left out.

    The cyclic garbage collector is the caller's: the results hold no reference cycles, and with
    100,000 members its repeated scans of the growing heap would make the evaluation grow faster
    than linearly, so the command line pauses it for a headless command (``calc.cli.main``) and
    the TUI for its start (``calc.tui.paint.gcpolicy``); the engine itself makes no such call.
    """
    t = preset.targets
    with localcontext(CONTEXT):
        counts = preset.counts_ukraine_aid
        members = tuple(evaluate_member(m, t, counts) for m in preset.members)
        by_code = {r.code: r for r in members}
        groups = tuple(
            aggregate(gid, name, _pick(by_code, codes), t)
            for gid, name, codes in group_definitions(preset)
            if codes
        )
    return Result(preset, members, groups)


def reevaluate(previous: Result, preset: Preset) -> Result:
    """The evaluation of ``preset``, reusing ``previous`` wherever nothing changed.

    Equal to ``evaluate(preset)`` in every case (tests hold it to that). When the targets and
    the member list (codes, in order) are those of ``previous.preset``, only members that
    differ are evaluated again and only groups touching them are aggregated again, so one edit
    in a large preset costs one member evaluation plus the group sums. The sums of a group
    whose members are unchanged but for a few are adjusted by the differences (see
    :func:`adjust`) rather than added up again. Otherwise everything is evaluated afresh.
    """
    before = previous.preset
    if (
        previous.currency != "usd"  # a converted result's money is not the engine's
        or preset.targets != before.targets
        or preset.groups != before.groups
        or preset.group_names != before.group_names
        or len(preset.members) != len(before.members)
    ):
        return evaluate(preset)
    t = preset.targets
    counts = preset.counts_ukraine_aid
    # the switch moves only the members with an aid figure: those are evaluated again
    flipped = counts != before.counts_ukraine_aid
    changed: dict[str, tuple[MemberResult, MemberResult]] = {}  # code -> (old, new) result
    regrouped = False  # a member was included or excluded: the groups' members change
    out: list[MemberResult] = []
    with localcontext(CONTEXT):
        for old_m, new_m, old_r in zip(before.members, preset.members, previous.members):
            if old_m.code != new_m.code:
                return evaluate(preset)
            if (old_m is new_m or old_m == new_m) and not (flipped and new_m.ukraine_aid is not None):
                out.append(old_r)
            else:
                new_r = evaluate_member(new_m, t, counts)
                out.append(new_r)
                changed[new_m.code] = (old_r, new_r)
                regrouped = regrouped or old_m.included != new_m.included
        members = tuple(out)
        if not changed:
            return Result(preset, members, previous.groups)
        # With the same included members (and, checked above, the same groups and names) the
        # groups are those of ``previous``, with the same codes in the same order: what
        # group_definitions(preset) would give, without going through every member again.
        if regrouped:
            definitions = group_definitions(preset)
        else:
            definitions = [(g.id, g.name, g.codes) for g in previous.groups]
        adjustable = len(changed) <= ADJUST_MAX
        old_groups = {g.id: g for g in previous.groups}
        by_code: dict[str, MemberResult] | None = None  # built only if a group is added up again
        groups = []
        for gid, name, codes in definitions:
            if not codes:
                continue
            old = old_groups.get(gid)
            if old is not None and old.codes == codes:
                if changed.keys().isdisjoint(codes):
                    groups.append(old)
                    continue
                if adjustable:
                    pairs = [changed[c] for c in codes if c in changed]
                    adjusted = adjust(old, pairs, t)
                    if adjusted is not None:
                        groups.append(adjusted)
                        continue
            if by_code is None:
                by_code = {r.code: r for r in members}
            groups.append(aggregate(gid, name, _pick(by_code, codes), t))
    return Result(preset, members, tuple(groups))


def _pick(by_code: dict[str, MemberResult], codes: tuple[str, ...]) -> list[MemberResult]:
    """The results of ``codes``, in order (looked up in C: groups can hold every member)."""
    if len(codes) == 1:
        return [by_code[codes[0]]]
    return list(itemgetter(*codes)(by_code))


#: Changed members up to which a group's sums are adjusted rather than added up again.
ADJUST_MAX = 8


def adjust(
    old: GroupResult, pairs: list[tuple[MemberResult, MemberResult]], t: Targets
) -> GroupResult | None:
    """``old`` with some of its members' results replaced: ``pairs`` of (old, new) results.

    Each sum becomes ``sum - old + new``. Decimal addition is exact unless a result needs
    more than the context's 50 digits, so the adjusted sums are the very numbers adding up
    all members would give; if any operation had to round, None is returned and the caller
    adds the group up again. Also None when a member's ``assessed`` changed (the list of
    members not assessed would change). Counts are adjusted the same way; shares and the
    collective gaps are worked out from the sums exactly as :func:`aggregate` does.
    """
    with localcontext(CONTEXT) as ctx:  # a copy of CONTEXT: its own flags
        ctx.clear_flags()
        sg, sc, sr = old.gdp, old.core, old.related
        gap_g, gap_c, gap_t = old.gap_guideline, old.gap_core, old.gap_total
        n_g, n_c, n_t, n_known = old.meeting_guideline, old.meeting_core, old.meeting_total, old.related_known
        n_e, e_core, e_spend = old.meeting_equipment, old.equipment_core, old.equipment_spending
        for o, n in cast("list[tuple[_Assessed, _Assessed]]", pairs):
            if o.assessed != n.assessed:
                return None
            if not n.assessed:
                continue
            if o.equipment_share is not None:
                o_core = o.core - o.ukraine_aid_counted
                e_core -= o_core
                e_spend -= o.equipment_share * o_core
                n_e -= o.meets_equipment
            if n.equipment_share is not None:
                n_core = n.core - n.ukraine_aid_counted
                e_core += n_core
                e_spend += n.equipment_share * n_core
                n_e += n.meets_equipment
            sg = sg - o.gdp + n.gdp
            sc = sc - o.core + n.core
            sr = sr - o.related_counted + n.related_counted
            gap_g = gap_g - o.gap_guideline + n.gap_guideline
            gap_c = gap_c - o.gap_core + n.gap_core
            gap_t = gap_t - o.gap_total + n.gap_total
            n_g += n.meets_guideline - o.meets_guideline
            n_c += n.meets_core - o.meets_core
            n_t += n.meets_total - o.meets_total
            n_known += (n.related is not None) - (o.related is not None)
        if ctx.flags[Rounded] or ctx.flags[Inexact]:
            return None
        cg, cc, ct, core_share, total_share = _from_sums(sg, sc, sr, t)
    # Kept as written: the fields in the result's order, a group of them a line.
    return old._replace(
        gdp=sg, core=sc, related=sr, related_known=n_known, core_share=core_share,
        total_share=total_share, gap_guideline=gap_g, gap_core=gap_c, gap_total=gap_t,
        collective_gap_guideline=cg, collective_gap_core=cc, collective_gap_total=ct,
        meeting_guideline=n_g, meeting_core=n_c, meeting_total=n_t,
        meeting_equipment=n_e, equipment_core=e_core, equipment_spending=e_spend,
    )  # fmt: skip


def evaluate_one(preset: Preset, code: str) -> MemberResult:
    """Evaluate a single member of ``preset`` (e.g. to preview an edit).

    Raises:
        KeyError: if ``preset`` has no member ``code``.
    """
    m = preset.member(code)
    if m is None:
        raise KeyError(code)
    with localcontext(CONTEXT):
        return evaluate_member(m, preset.targets, preset.counts_ukraine_aid)
