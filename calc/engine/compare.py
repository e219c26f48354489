"""Comparing two evaluated presets (vintages, scenarios, what-ifs): member by member and group by group.

:func:`compare` is pure: it takes two :class:`~calc.engine.Result` objects (A, the reference,
and B) and returns a frozen :class:`Comparison`. Every delta is **B minus A**, computed exactly
(``Decimal``), and is None where one side has no value (a member on one side only, unknown
related spending, gaps of a member the targets do not apply to). Share deltas are fractions of
GDP: ``Decimal("0.005")`` is +0.5 percentage points.

**What moved the share.** For every member and group on both sides the change in the share of
money, core spending ``C`` over GDP ``G``, is split in two (:func:`share_change_parts`)::

    C_B / G_B - C_A / G_A  =  (C_B - C_A) / G_B  +  C_A * (1 / G_B - 1 / G_A)
                              from spending        from GDP

``core_share_from_spending`` and ``core_share_from_gdp`` sum *exactly* to the delta of that
share: a member's ``core_share_from_money`` (core spending ÷ GDP, whatever NATO publishes), a
group's ``core_share`` (always its money ÷ GDP). For a member judged on NATO's published share
on a side, ``core_share`` may move by another amount than money ÷ GDP; the parts explain the
latter (the renderers say where the two differ).

Members are matched by code. A member present (and included) on one side only is listed with a
note, never dropped; a member excluded on one side counts as absent on that side (it is in no
group there). Members come in A's order, then those only in B in B's order. Groups are matched
by id, in the same way.

Models and numbers only: a status change is data (the target, met on each side, the target's
value on each side); :mod:`calc.output.compare` words it and renders the comparison (JSON
``nato-calc.compare/1``, CSV, Markdown, an 80-column text table), so the TUI can show exactly
what the CLI prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, make_dataclass, replace
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, localcontext
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..domain import registry
from ..domain.dataset import Targets
from ..errors import UsageError, did_you_mean
from .evaluate import CONTEXT, GroupResult, MemberResult, Result
from .select import parse_sort as _parse_sort

#: The targets a status can change against, in display order.
TARGETS = registry.JUDGED


# --------------------------------------------------------------------------------------------
# The comparison (pure data)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A target a member (or a group, collectively) now meets or no longer meets.

    Data, not text: :func:`calc.output.compare.status_text` words it ("now meets 3.5 % core",
    "no longer meets the 2 % guideline collectively", "now meets 3 % core (3.5 % in A)").
    """

    target: str
    """``guideline``, ``core``, ``total``, or ``assessed`` (the targets now/no longer apply)."""
    a: bool | None
    b: bool | None
    """Met (assessed) in A and in B."""
    a_target: Decimal | None = None
    """The target's value in A and in B (fractions of GDP); None for ``assessed``."""
    b_target: Decimal | None = None
    group: bool = False
    """A group's collective status (worded "collectively")."""


def _delta_class(name: str, doc: str, figures: Iterable[Any]) -> type:
    """A frozen dataclass with one field per figure of ``figures`` whose change a comparison
    carries (:data:`calc.domain.registry.DELTA_FIGURES`): B minus A, None where not comparable;
    then the two parts of the change in core share (:data:`calc.domain.registry.SHARE_CHANGE_KEYS`)."""
    keys = [f.key for f in figures] + list(registry.SHARE_CHANGE_KEYS)
    fields = [(k, Decimal | None, field(default=None)) for k in keys]
    cls = make_dataclass(name, fields, frozen=True, slots=True)
    cls.__module__ = __name__
    cls.__doc__ = doc
    return cls


if TYPE_CHECKING:  # what a type checker sees: a Decimal (or None) for each registry figure

    class MemberDelta:
        def __init__(self, **deltas: Decimal | None) -> None: ...
        def __getattr__(self, key: str) -> Decimal | None: ...

    class GroupDelta(MemberDelta): ...

else:
    MemberDelta = _delta_class(
        "MemberDelta",
        "B minus A for one member (USD bn; shares as fractions of GDP: 0.005 is +0.5 points). "
        "None: not comparable (unknown related spending, the targets do not apply on a side).",
        registry.DELTA_FIGURES,
    )
    GroupDelta = _delta_class(
        "GroupDelta",
        "B minus A for one group's aggregates (counts as whole numbers; a collective gap's share "
        "None when a side has no GDP).",
        registry.GROUP_DELTA_FIGURES,
    )


def _presence(a: object, b: object) -> str:
    """``both``, ``a-only`` or ``b-only``: which sides a member or group is on."""
    return "both" if a and b else ("a-only" if a else "b-only")


@dataclass(frozen=True, slots=True)
class MemberComparison:
    """One member on both sides, or on one side only (``a`` or ``b`` is None)."""

    code: str
    name: str
    a: MemberResult | None
    b: MemberResult | None
    delta: MemberDelta | None
    status_changes: tuple[StatusChange, ...]
    note: str | None = None
    """Why a side is missing ("only in A", "excluded in B"), or None."""

    presence = property(lambda self: _presence(self.a, self.b), doc="``both``, ``a-only`` or ``b-only``.")


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """One group on both sides, or on one side only."""

    id: str
    name: str
    a: GroupResult | None
    b: GroupResult | None
    delta: GroupDelta | None
    status_changes: tuple[StatusChange, ...]
    joined: tuple[str, ...] = ()
    """Members in the group in B but not in A."""
    left: tuple[str, ...] = ()
    """Members in the group in A but not in B."""
    note: str | None = None

    presence = property(lambda self: _presence(self.a, self.b), doc="``both``, ``a-only`` or ``b-only``.")


@dataclass(frozen=True, slots=True)
class TargetChange:
    """A target that differs between A and B (e.g. ``--target core=0.03`` on B)."""

    name: str
    a: Decimal | int
    b: Decimal | int


@dataclass(frozen=True, slots=True)
class Comparison:
    """A against B: every member and every group, with deltas (B minus A)."""

    a: Result
    b: Result
    members: tuple[MemberComparison, ...]
    groups: tuple[GroupComparison, ...]
    targets_changed: tuple[TargetChange, ...]
    a_ref: str | None = None
    """How A was named (preset id or file), for headers."""
    b_ref: str | None = None

    def member(self, code: str) -> MemberComparison | None:
        return next((m for m in self.members if m.code == code), None)

    def group(self, group_id: str) -> GroupComparison | None:
        return next((g for g in self.groups if g.id == group_id), None)


# --------------------------------------------------------------------------------------------
# Computing it
# --------------------------------------------------------------------------------------------


def _sub(b: Decimal | None, a: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else b - a


def _status_changes(
    a_meets: Sequence[bool | None],
    b_meets: Sequence[bool | None],
    ta: Targets,
    tb: Targets,
    group: bool = False,
    names: Sequence[str] = TARGETS,
) -> list[StatusChange]:
    return [
        StatusChange(name, ma, mb, ta.share(name), tb.share(name), group)
        for name, ma, mb in zip(names, a_meets, b_meets)
        if ma is not None and mb is not None and ma != mb
    ]


#: The ``meets_*`` of a member for each target it is judged against: those of GDP and the
#: equipment guideline (a member's status change only: groups have no collective figure for it).
_MEMBER_MEETS = tuple(attrgetter(registry.figure_key(t, "meets")) for t in registry.ASSESSED)
#: (key, getter) of each figure with a delta, worked out once.
_MEMBER_DELTAS = tuple((f.key, attrgetter(f.key)) for f in registry.DELTA_FIGURES)
_GROUP_DELTAS = tuple((f.key, attrgetter(f.key)) for f in registry.GROUP_DELTA_FIGURES)


#: Exact addition and subtraction: the precision is never reached by two 50-digit numbers.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def share_change_parts(
    core_a: Decimal, gdp_a: Decimal, core_b: Decimal, gdp_b: Decimal, change: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """``(from_spending, from_gdp)``: the parts of ``change`` (the change in core spending ÷
    GDP from A to B, as computed) due to spending and due to GDP (see the module).

    ``from_spending = (C_B - C_A) / G_B`` (to the engine's 50 digits); ``from_gdp = change -
    from_spending``, computed exactly, which is ``C_A * (1 / G_B - 1 / G_A)`` to 50 digits: the
    two always sum exactly to ``change``. ``(None, None)`` without a change or a GDP on a side.
    Call inside ``localcontext(CONTEXT)``.
    """
    if change is None or not gdp_a or not gdp_b:
        return None, None
    from_spending = (core_b - core_a) / gdp_b
    return from_spending, _EXACT.subtract(change, from_spending)


def _parts(deltas: dict[str, Decimal | None], a: Any, b: Any, change_key: str) -> dict[str, Decimal | None]:
    """``deltas`` with the two parts of its ``change_key`` (the share of money) added."""
    spending, gdp = share_change_parts(a.core, a.gdp, b.core, b.gdp, deltas[change_key])
    deltas["core_share_from_spending"], deltas["core_share_from_gdp"] = spending, gdp
    return deltas


def member_delta(a: MemberResult, b: MemberResult) -> MemberDelta:
    """B minus A for a member present on both sides. Call inside ``localcontext(CONTEXT)``."""
    deltas = {key: _sub(get(b), get(a)) for key, get in _MEMBER_DELTAS}
    return MemberDelta(**_parts(deltas, a, b, "core_share_from_money"))


def _compare_member(
    code: str, a: MemberResult | None, b: MemberResult | None, ra: Result, rb: Result
) -> MemberComparison:
    shown = b or a
    assert shown is not None, "a compared row is on one side at least"
    name = shown.name
    a_in = a if a is not None and a.included else None
    b_in = b if b is not None and b.included else None
    if a_in is None or b_in is None:
        if a is None:
            note = "only in B"
        elif b is None:
            note = "only in A"
        elif a_in is None and b_in is None:
            note = "excluded in A and B"
        elif a_in is None:
            note = "excluded in A"
        else:
            note = "excluded in B"
        return MemberComparison(code, name, a_in, b_in, None, (), note)
    changes = _status_changes(
        [meets(a_in) for meets in _MEMBER_MEETS],
        [meets(b_in) for meets in _MEMBER_MEETS],
        ra.targets,
        rb.targets,
        names=registry.ASSESSED,
    )
    if a_in.assessed != b_in.assessed:
        changes.append(StatusChange("assessed", a_in.assessed, b_in.assessed))
    return MemberComparison(code, name, a_in, b_in, member_delta(a_in, b_in), tuple(changes))


def group_delta(a: GroupResult, b: GroupResult) -> GroupDelta:
    """B minus A for a group present on both sides. Call inside ``localcontext(CONTEXT)``."""
    deltas = {key: _sub(get(b), get(a)) for key, get in _GROUP_DELTAS}
    return GroupDelta(**_parts(deltas, a, b, "core_share"))  # a group's share is money ÷ GDP


def _collective_meets(g: GroupResult) -> tuple[bool | None, bool | None, bool | None]:
    if not g.assessed:
        return (None, None, None)
    return tuple(getattr(g, f"collective_gap_{t}") == 0 for t in TARGETS)


def _compare_group(
    gid: str, a: GroupResult | None, b: GroupResult | None, ra: Result, rb: Result
) -> GroupComparison:
    shown = b or a
    assert shown is not None, "a compared row is on one side at least"
    name = shown.name
    if a is None or b is None:
        note = "no members in A" if a is None else "no members in B"
        return GroupComparison(gid, name, a, b, None, (), note=note)
    changes = _status_changes(_collective_meets(a), _collective_meets(b), ra.targets, rb.targets, group=True)
    a_codes, b_codes = set(a.codes), set(b.codes)
    joined = tuple(c for c in b.codes if c not in a_codes)
    left = tuple(c for c in a.codes if c not in b_codes)
    return GroupComparison(gid, name, a, b, group_delta(a, b), tuple(changes), joined, left)


def compare(a: Result, b: Result, *, a_ref: str | None = None, b_ref: str | None = None) -> Comparison:
    """Compare two evaluated presets: every member and group of either side, B minus A.

    Args:
        a: the reference (e.g. ``evaluate(load_by_id("nato-2024"))``).
        b: the other side (a later vintage, a scenario, a what-if).
        a_ref, b_ref: how the two sides were named, kept for headers.

    Returns:
        A frozen :class:`Comparison`; nothing in ``a`` or ``b`` is modified.
    """
    ta, tb = a.targets, b.targets
    targets_changed = tuple(
        TargetChange(n, ta.get(n), tb.get(n)) for n in registry.TARGET_KEYS if ta.get(n) != tb.get(n)
    )
    return _compare(a, b, targets_changed, a_ref, b_ref)


def recompare(previous: Comparison, b: Result, *, b_ref: str | None = None) -> Comparison:
    """``compare(previous.a, b)``, reusing every member comparison whose B side did not change.

    For a what-if session (B re-evaluated after each edit): :func:`calc.engine.reevaluate`
    keeps the result object of every member an edit did not touch, so only the members whose
    result is a new object are compared again; groups always are. The result is equal to
    ``compare(previous.a, b, a_ref=previous.a_ref, b_ref=b_ref)``.
    """
    a = previous.a
    if previous.b.targets != b.targets:
        return compare(a, b, a_ref=previous.a_ref, b_ref=b_ref)
    old_b = {m.code: m for m in previous.b.members}
    kept = {m.code: m for m in previous.members}
    return _compare(a, b, previous.targets_changed, previous.a_ref, b_ref, old_b, kept)


def _compare(
    a: Result,
    b: Result,
    targets_changed: tuple[TargetChange, ...],
    a_ref: str | None,
    b_ref: str | None,
    old_b: dict[str, MemberResult] | None = None,
    kept: dict[str, MemberComparison] | None = None,
) -> Comparison:
    """:func:`compare`, reusing the comparison in ``kept`` of each member whose B side is the
    same object as in ``old_b`` (:func:`recompare`)."""
    a_members = {m.code: m for m in a.members}
    b_members = {m.code: m for m in b.members}
    codes = list(a_members) + [c for c in b_members if c not in a_members]
    a_groups = {g.id: g for g in a.groups}
    b_groups = {g.id: g for g in b.groups}
    gids = list(a_groups) + [g for g in b_groups if g not in a_groups]
    old_b, kept = old_b or {}, kept or {}
    with localcontext(CONTEXT):
        members = []
        for c in codes:
            mb = b_members.get(c)
            if c in kept and mb is not None and old_b.get(c) is mb:
                members.append(kept[c])
                continue
            mc = _compare_member(c, a_members.get(c), mb, a, b)
            if mc.a is None and mc.b is None:
                continue  # excluded on both sides: as in the report, not listed
            members.append(mc)
        groups = tuple(_compare_group(g, a_groups.get(g), b_groups.get(g), a, b) for g in gids)
    return Comparison(a, b, tuple(members), groups, targets_changed, a_ref, b_ref)


# --------------------------------------------------------------------------------------------
# Selection and order (for the CLI's --group / --sort and the TUI)
# --------------------------------------------------------------------------------------------

#: Columns ``compare --sort`` accepts: the change (B minus A) in that figure, largest first;
#: and the two parts of the change in core share.
SORT_COLUMNS = registry.SORT_DELTA_KEYS + registry.SHARE_CHANGE_KEYS


def select_comparison(
    cmp: Comparison, group: str | None = None, sort: tuple[str, bool] | None = None
) -> Comparison:
    """Only the members of ``group`` (on either side) and that group; optionally sorted.

    ``sort`` is ``(column, descending)``: members are ordered by the *delta* of that column
    (text columns by name); members without a delta (one side only) always come last.
    """
    members = list(cmp.members)
    groups = list(cmp.groups)
    if group is not None:
        g = cmp.group(group)
        if g is None:
            ids = [x.id for x in cmp.groups]
            raise UsageError(
                f"--group '{group}': no such group{did_you_mean(group, ids)}; groups: {', '.join(ids)}"
            )
        wanted = set(g.a.codes if g.a else ()) | set(g.b.codes if g.b else ())
        members = [m for m in members if m.code in wanted]
        groups = [g]
    if sort is not None:
        col, descending = sort
        if col in registry.TEXT_KEYS:
            members.sort(key=lambda m: getattr(m, col).lower(), reverse=descending)
        else:
            known = [m for m in members if m.delta and getattr(m.delta, col) is not None]
            rest = [m for m in members if m not in known]
            known.sort(key=lambda m: getattr(m.delta, col), reverse=descending)
            members = known + rest
    return replace(cmp, members=tuple(members), groups=tuple(groups))


def parse_sort(spec: str | None) -> tuple[str, bool] | None:
    """``gap_core`` (largest change first), ``gap_core:asc``, ``name`` (A-Z), ``name:desc``."""
    return _parse_sort(spec, SORT_COLUMNS)


__all__ = [
    "Comparison",
    "GroupComparison",
    "GroupDelta",
    "MemberComparison",
    "MemberDelta",
    "StatusChange",
    "TargetChange",
    "compare",
    "group_delta",
    "member_delta",
    "parse_sort",
    "recompare",
    "select_comparison",
    "share_change_parts",
]
