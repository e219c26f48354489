"""calc.engine.reevaluate and evaluate_one: incremental evaluation equals evaluating afresh."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import PRESETS
from hypothesis import given
from hypothesis import strategies as st

from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import evaluate, evaluate_one, reevaluate
from calc.errors import ChangeError
from calc.files.presets import load_preset

PRESET = PRESETS / "test-2025.toml"


@pytest.fixture(scope="module")
def base():
    return load_preset(PRESET)


def test_an_edit_reevaluates_only_the_edited_member(base):
    before = evaluate(base)
    after_preset = apply_changes(base, [Change("set", "DEU", "core_share", Decimal("0.03"))])
    after = reevaluate(before, after_preset)
    assert after == evaluate(after_preset)
    for old, new in zip(before.members, after.members):
        assert (old is new) == (new.code != "DEU")
    assert after.member("DEU").core_share == Decimal("0.03")


def test_groups_without_the_edited_member_are_reused(base):
    before = evaluate(base)
    after = reevaluate(before, apply_changes(base, [Change("add", "USA", "core", Decimal("10"))]))
    assert after.group("eu") is before.group("eu")
    assert after.group("europe-canada") is before.group("europe-canada")
    assert after.group("nato") is not before.group("nato")
    assert after.group("nato").core == before.group("nato").core + 10


def test_an_unchanged_preset_reuses_everything(base):
    before = evaluate(base)
    same = reevaluate(before, base)
    assert same.members == before.members
    assert all(a is b for a, b in zip(same.members, before.members))
    assert same.groups is before.groups


def test_a_target_change_evaluates_everything_afresh(base):
    before = evaluate(base)
    p = apply_changes(base, [Change("target", field="core", value=Decimal("0.03"))])
    after = reevaluate(before, p)
    assert after == evaluate(p)
    assert after.group("nato").meeting_core != before.group("nato").meeting_core


def test_excluding_a_member_changes_its_groups(base):
    before = evaluate(base)
    p = apply_changes(base, [Change("exclude", "USA")])
    after = reevaluate(before, p)
    assert after == evaluate(p)
    assert "USA" not in after.group("nato").codes
    assert after.group("eu") is before.group("eu")


def test_a_different_member_list_is_evaluated_afresh(base):
    before = evaluate(base)
    fewer = base.with_members(base.members[:-1])
    assert reevaluate(before, fewer) == evaluate(fewer)
    swapped = base.with_members((base.members[1], base.members[0], *base.members[2:]))
    assert reevaluate(before, swapped) == evaluate(swapped)


def test_evaluate_one_equals_the_member_of_a_full_evaluation(base):
    full = evaluate(base)
    for m in base.members:
        assert evaluate_one(base, m.code) == full.member(m.code)
    with pytest.raises(KeyError):
        evaluate_one(base, "XYZ")


CODES = ["USA", "CAN", "DEU", "FRA", "POL", "ISL", "GBR", "NOR", "*"]
VALUES = st.decimals(min_value="0", max_value="200", places=2, allow_nan=False, allow_infinity=False)
SHARES = st.decimals(min_value="0", max_value="0.1", places=4, allow_nan=False, allow_infinity=False)
# Wrapped by hand, kept as written: ruff's layout takes 14 more lines.
CHANGE = st.one_of(
    st.builds(Change, st.just("set"), st.sampled_from(CODES), st.sampled_from(["core", "related"]), VALUES),
    st.builds(Change, st.just("set"), st.sampled_from(CODES), st.sampled_from(["core_share", "related_share"]), SHARES),
    st.builds(Change, st.just("scale"), st.sampled_from(CODES), st.just("gdp"), st.decimals("0.5", "2", places=2)),
    st.builds(Change, st.sampled_from(["exclude", "include", "reset"]), st.sampled_from(CODES[:-1])),
    st.builds(Change, st.just("target"), st.just(None), st.sampled_from(["guideline", "core", "total", "related_cap"]), SHARES),
)  # fmt: skip


@given(st.lists(CHANGE, max_size=12))
def test_reevaluating_step_by_step_equals_evaluating_afresh(base, changes):
    check_step_by_step(base, changes)


def check_step_by_step(base, changes) -> None:
    """Apply ``changes`` one by one, re-evaluating each time: always equal to a fresh evaluation."""
    preset = base
    result = evaluate(base)
    for ch in changes:
        try:
            preset = apply_changes(preset, [ch], original=base)
        except ChangeError:
            continue
        result = reevaluate(result, preset)
        assert result == evaluate(preset)


def test_a_group_is_adjusted_by_the_edit_not_added_up_again(base, monkeypatch):
    import importlib

    engine = importlib.import_module("calc.engine.evaluate")  # the package's `evaluate` is the function

    before = evaluate(base)
    calls = []
    real = engine.aggregate
    monkeypatch.setattr(engine, "aggregate", lambda *a: calls.append(a[0]) or real(*a))
    after_preset = apply_changes(base, [Change("set", "DEU", "core", Decimal("95.5"))])
    after = reevaluate(before, after_preset)
    assert calls == []  # nato, europe-canada and eu adjusted by DEU's difference
    assert after == evaluate(after_preset)
    assert after.group("eu").core == before.group("eu").core - before.member("DEU").core + Decimal("95.5")


def test_adjusting_falls_back_to_adding_up_when_a_sum_would_round(base):
    from calc.engine.evaluate import adjust

    before = evaluate(base)
    huge = Decimal("1." + "2" * 49)  # 50 significant digits: with GDPs in the thousands, 54
    after_preset = apply_changes(base, [Change("set", "DEU", "gdp", huge)])
    after = evaluate(after_preset)
    pairs = [(before.member("DEU"), after.member("DEU"))]
    assert adjust(before.group("nato"), pairs, after_preset.targets) is None
    assert reevaluate(before, after_preset) == after


def test_adjusting_gives_up_when_a_member_stops_being_assessed(base):
    from dataclasses import replace

    from calc.domain.dataset import NOT_APPLICABLE
    from calc.engine.evaluate import adjust

    before = evaluate(base)
    deu = base.member("DEU")
    members = tuple(
        replace(m, core=replace(m.core, status=NOT_APPLICABLE)) if m is deu else m for m in base.members
    )
    after_preset = base.with_members(members)
    after = reevaluate(before, after_preset)
    assert after == evaluate(after_preset)
    assert "DEU" in after.group("nato").not_assessed
    pairs = [(before.member("DEU"), after.member("DEU"))]
    assert adjust(before.group("nato"), pairs, base.targets) is None


def _as_published(preset):
    """``preset`` with NATO's published share on every other member (money ÷ GDP rounded to
    two decimals of a percent, off by 0.3 points on one, as the Netherlands' is) and equipment
    shares on most, so both follow edits and the group sums are adjusted."""
    from dataclasses import replace

    from calc.domain.dataset import Figure
    from calc.engine.evaluate import CONTEXT

    out = []
    for i, m in enumerate(preset.members):
        share = CONTEXT.divide(m.core.amount(m.gdp.value), m.gdp.value).quantize(Decimal("0.0001"))
        published = share + Decimal("0.003") if m.code == "DEU" else share
        out.append(
            replace(
                m,
                published_share=published if i % 2 == 0 else None,
                equipment=Figure(Decimal("0.1") + Decimal(i) / 50) if i % 3 else None,
            )
        )
    return preset.with_members(tuple(out))


EQUIPMENT = st.builds(
    Change, st.just("target"), st.just(None), st.just("equipment"), SHARES.map(lambda s: s * 5)
)


@given(st.lists(st.one_of(CHANGE, EQUIPMENT), max_size=12))
def test_reevaluating_members_judged_on_published_shares_with_equipment_equals_evaluating_afresh(
    base, changes
):
    check_step_by_step(_as_published(base), changes)


def test_the_published_preset_of_the_property_test_has_members_judged_both_ways(base):
    r = evaluate(_as_published(base))
    deu = r.member("DEU")
    assert deu.core_share == deu.core_share_from_money.quantize(Decimal("0.0001")) + Decimal("0.003")
    assert any(m.core_share == m.core_share_from_money for m in r.members)
    assert r.group("nato").equipment_share is not None


# --- Ukraine aid and the switch that counts it (issue 13) -----------------------------------


def _with_aid(preset):
    """``_as_published(preset)`` with Ukraine aid on most members: an amount, a share of GDP or
    a partial year (never counted), so the switch moves published and money-judged members."""
    from dataclasses import replace

    from calc.domain.dataset import Figure

    out = []
    for i, m in enumerate(_as_published(preset).members):
        aid = (
            None,
            Figure(Decimal("1.5") + Decimal(i) / 7),  # a 28-digit quotient: sums may round
            Figure(Decimal("0.002"), share=True),
            Figure(Decimal("0.4"), status="partial"),
        )[i % 4]
        out.append(replace(m, ukraine_aid=aid))
    return preset.with_members(tuple(out))


SWITCH = st.sampled_from([Change("count-ukraine", field="on"), Change("count-ukraine", field="off")])
AID = st.one_of(
    st.builds(Change, st.just("set"), st.sampled_from(CODES), st.just("ukraine_aid"), VALUES),
    st.builds(Change, st.just("set"), st.sampled_from(CODES), st.just("ukraine_aid_share"), SHARES),
    st.builds(Change, st.just("set"), st.sampled_from(CODES), st.just("ukraine_aid"), st.none()),
)


@given(st.lists(st.one_of(CHANGE, EQUIPMENT, SWITCH, SWITCH, AID), max_size=12))
def test_reevaluating_with_ukraine_aid_counted_and_uncounted_equals_evaluating_afresh(base, changes):
    check_step_by_step(_with_aid(base), changes)


def test_the_switch_reevaluates_only_the_members_with_an_aid_figure(base):
    from calc.engine.changes import count_ukraine

    p = _with_aid(base)
    before = evaluate(p)
    after_preset = apply_changes(p, [count_ukraine()])
    after = reevaluate(before, after_preset)
    assert after == evaluate(after_preset)
    for m, old, new in zip(p.members, before.members, after.members):
        assert (old is new) == (m.ukraine_aid is None), m.code
    assert after.group("nato").core > before.group("nato").core


def test_an_edit_reuses_the_groups_members_and_an_exclusion_works_them_out_again(base, monkeypatch):
    """A figure edit keeps every member's inclusion: the groups' members are the previous
    result's, not worked out again over all members; excluding a member changes them."""
    import importlib

    engine = importlib.import_module("calc.engine.evaluate")  # the package's `evaluate` is the function

    before = evaluate(base)
    calls = []
    real = engine.group_definitions
    monkeypatch.setattr(engine, "group_definitions", lambda p: calls.append(p) or real(p))
    edited = apply_changes(base, [Change("set", "POL", "core_share", Decimal("0.05"))])
    after = reevaluate(before, edited)
    assert calls == []
    assert after == evaluate(edited)
    excluded = apply_changes(edited, [Change("exclude", "POL")])
    calls.clear()
    again = reevaluate(after, excluded)
    assert len(calls) == 1
    assert again == evaluate(excluded)
    assert "POL" not in again.group("nato").codes
