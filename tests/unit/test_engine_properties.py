"""Hypothesis properties of the engine and of applying changes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import Figure, Member, Preset, Targets
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import CONTEXT, evaluate, evaluate_member

gdp_st = st.decimals(min_value="0.001", max_value="40000", places=3, allow_nan=False, allow_infinity=False)
share_st = st.decimals(min_value="0", max_value="0.1", places=4, allow_nan=False, allow_infinity=False)
target_share_st = st.decimals(min_value="0", max_value="0.1", places=3)
factor_st = st.decimals(min_value="0.01", max_value="1000", places=2)


@st.composite
def members(draw, code: str = "AAA") -> Member:
    g = draw(gdp_st)
    core_is_share = draw(st.booleans())
    cs = draw(share_st)
    core = Figure(cs, share=True) if core_is_share else Figure(CONTEXT.multiply(cs, g))
    rel = draw(st.one_of(st.none(), share_st))
    related = None if rel is None else Figure(rel, share=draw(st.booleans()))
    if related is not None and not related.share:
        related = Figure(CONTEXT.multiply(rel, g))
    return Member(code, code, Figure(g), core, related)


@st.composite
def targets(draw) -> Targets:
    guideline = draw(target_share_st)
    core = draw(target_share_st)
    cap = draw(target_share_st)
    return Targets(guideline, core, cap, core + cap, 2035)


@st.composite
def presets(draw) -> Preset:
    n = draw(st.integers(min_value=1, max_value=8))
    codes = [f"A{chr(65 + i)}{chr(65 + i)}" for i in range(n)]
    ms = tuple(draw(members(c)) for c in codes)
    return Preset("p", "p", 2025, ms, targets=draw(targets()))


@given(members(), targets(), factor_st)
def test_scaling_gdp_and_spending_together_leaves_shares_unchanged(m, t, k):
    scaled = Member(
        m.code,
        m.name,
        Figure(m.gdp.value * k),
        m.core if m.core.share else Figure(m.core.value * k),
        None if m.related is None else (m.related if m.related.share else Figure(m.related.value * k)),
    )
    a, b = evaluate_member(m, t), evaluate_member(scaled, t)
    assert a.core_share == b.core_share
    assert a.total_share == b.total_share
    assert (a.meets_guideline, a.meets_core, a.meets_total) == (
        b.meets_guideline,
        b.meets_core,
        b.meets_total,
    )
    for f in ("gap_guideline", "gap_core", "gap_total"):
        assert getattr(b, f) == CONTEXT.multiply(getattr(a, f), k)


@given(members(), targets())
def test_a_gap_is_zero_exactly_when_its_target_is_met(m, t):
    r = evaluate_member(m, t)
    assert (r.gap_guideline == 0) == r.meets_guideline
    assert (r.gap_core == 0) == r.meets_core
    assert (r.gap_total == 0) == r.meets_total
    assert r.gap_guideline >= 0 and r.gap_core >= 0 and r.gap_total >= r.gap_core


@given(members(), targets())
def test_the_total_gap_is_the_least_extra_core_spending_that_meets_the_framework(m, t):
    r = evaluate_member(m, t)

    def with_core(amount):
        return evaluate_member(replace(m, core=Figure(amount)), t)

    assert with_core(r.core + r.gap_total).meets_total
    if r.gap_total > 0:
        assert not with_core(r.core + r.gap_total - D("1e-9")).meets_total


@given(members(), targets(), st.decimals(min_value="0", max_value="100", places=2))
def test_more_core_spending_never_raises_a_gap_or_lowers_a_share(m, t, extra):
    a = evaluate_member(m, t)
    b = evaluate_member(replace(m, core=Figure(a.core + extra)), t)
    assert b.core_share >= a.core_share
    assert b.total_share >= a.total_share
    for f in ("gap_guideline", "gap_core", "gap_total"):
        assert getattr(b, f) <= getattr(a, f)


@given(presets())
def test_a_group_share_lies_between_its_members_extremes(p):
    r = evaluate(p)
    nato = r.group("nato")
    shares = [m.core_share for m in r.members]
    assert min(shares) <= nato.core_share <= max(shares)
    assert nato.core == sum((m.core for m in r.members), D(0))
    assert nato.gap_core >= nato.collective_gap_core
    assert nato.gap_total >= nato.collective_gap_total
    assert nato.meeting_core <= nato.meeting_guideline or p.targets.core < p.targets.guideline


@given(presets())
def test_no_changes_is_the_identity_and_inputs_are_never_mutated(p):
    assert apply_changes(p, []) is p
    before = repr(p)
    code = p.members[0].code
    q = apply_changes(p, [Change("set", code, "core_share", D("0.05")), Change("exclude", code)])
    assert repr(p) == before
    assert q is not p and q.member(code).included is False


@given(presets(), share_st, share_st)
def test_the_last_of_two_sets_wins(p, first, second):
    code = p.members[-1].code
    both = apply_changes(
        p, [Change("set", code, "core_share", first), Change("set", code, "core_share", second)]
    )
    only = apply_changes(p, [Change("set", code, "core_share", second)])
    assert evaluate(both).member(code) == evaluate(only).member(code)


@given(presets(), st.lists(st.sampled_from(["exclude", "include", "reset"]), max_size=6))
def test_stacking_change_lists_equals_applying_them_at_once(p, ops):
    code = p.members[0].code
    s1 = [Change("set", code, "gdp", D(123))]
    s2 = [Change(op, code) for op in ops]
    assert apply_changes(apply_changes(p, s1), s2, original=p) == apply_changes(p, s1 + s2)


@given(presets())
def test_evaluation_is_deterministic(p):
    assert evaluate(p) == evaluate(p)


def test_a_preset_with_one_member_at_the_threshold_counts_it():
    m = Member("AAA", "A", Figure(D(100)), Figure(D(2)))
    r = evaluate(Preset("p", "p", 2025, (m,)))
    assert r.group("nato").meeting_guideline == 1
