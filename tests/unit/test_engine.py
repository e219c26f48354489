"""Exact engine tests on a tiny synthetic preset, every expectation computed by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from calc.domain.dataset import Figure, Member, Preset, Targets
from calc.domain.flags import EXCLUDED, NOT_ASSESSED, Flag
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import CONTEXT, evaluate, evaluate_member
from calc.files.presets import load_preset


@pytest.fixture
def tiny(data_dir) -> Preset:
    return load_preset(data_dir / "tiny.toml")


@pytest.fixture
def result(tiny):
    return evaluate(tiny)


def test_a_member_above_the_core_target_has_no_core_gap_but_a_total_gap(result):
    pol = result.member("POL")
    # G=100, C=4, related unknown -> counted 0
    assert (pol.gdp, pol.core, pol.related, pol.related_counted) == (D(100), D(4), None, D(0))
    assert pol.core_share == D("0.04")
    assert pol.total_share == D("0.04")
    assert (pol.gap_guideline, pol.gap_core) == (D(0), D(0))
    # gap_total = 0 + max(0, 5 - max(4, 3.5) - 0) = 1
    assert pol.gap_total == D(1)
    assert (pol.surplus_guideline, pol.surplus_core) == (D(2), D("0.5"))
    assert (pol.meets_guideline, pol.meets_core, pol.meets_total) == (True, True, False)
    assert Flag("related", "unknown") in pol.flags


def test_a_member_exactly_at_the_guideline_meets_it_and_related_is_capped(result):
    deu = result.member("DEU")
    # core_share input 0.02 of G=200 -> C=4; related 5 capped at 1.5 % of 200 = 3
    assert deu.core == D(4)
    assert deu.related == D(5)
    assert deu.related_counted == D(3)
    assert deu.meets_guideline is True
    assert deu.gap_guideline == D(0)
    assert deu.gap_core == D(3)  # 7 - 4
    # gap_total = 3 + max(0, 10 - max(4, 7) - 3) = 3
    assert deu.gap_total == D(3)
    assert deu.total_share == D("0.035")  # (4 + 3) / 200
    assert Flag("core", "estimate") in deu.flags
    assert Flag("related", "unknown") not in deu.flags


def test_a_member_below_every_target_with_related_as_a_share(result):
    fra = result.member("FRA")
    # G=50, C=0.5, R=0.01*50=0.5 (under the cap of 0.75)
    assert (fra.core, fra.related, fra.related_counted) == (D("0.5"), D("0.50"), D("0.50"))
    assert fra.core_share == D("0.01")
    assert fra.gap_guideline == D("0.5")  # 1 - 0.5
    assert fra.gap_core == D("1.25")  # 1.75 - 0.5
    assert fra.gap_total == D("1.5")  # 1.25 + (2.5 - 1.75 - 0.5)
    assert (fra.meets_guideline, fra.meets_core, fra.meets_total) == (False, False, False)


def test_a_member_exactly_at_every_threshold_meets_all_with_zero_gaps(result):
    nor = result.member("NOR")
    assert (nor.gap_guideline, nor.gap_core, nor.gap_total) == (D(0), D(0), D(0))
    assert (nor.meets_guideline, nor.meets_core, nor.meets_total) == (True, True, True)
    assert nor.total_share == D("0.05")


def test_the_largest_member_gaps(result):
    usa = result.member("USA")
    assert usa.core == D(30)
    assert usa.gap_core == D(5)
    assert usa.gap_total == D(20)  # 5 + (50 - 35 - 0)


def test_a_not_applicable_member_is_shown_but_not_assessed(result):
    isl = result.member("ISL")
    assert isl.assessed is False
    assert isl.core == D(0)
    assert (isl.gap_guideline, isl.gap_core, isl.gap_total) == (None, None, None)
    assert (isl.meets_guideline, isl.meets_core, isl.meets_total) == (None, None, None)
    assert NOT_ASSESSED in isl.flags


def test_nato_group_sums_member_gaps_and_computes_the_collective_gap(result):
    nato = result.group("nato")
    assert nato.codes == ("POL", "DEU", "FRA", "NOR", "USA", "ISL")
    assert nato.not_assessed == ("ISL",)
    assert nato.assessed == 5
    assert (nato.gdp, nato.core, nato.related) == (D(1450), D(42), D(5))
    assert nato.core_share == CONTEXT.divide(D(42), D(1450))  # 50 significant digits
    assert (nato.gap_guideline, nato.gap_core, nato.gap_total) == (D("0.5"), D("9.25"), D("25.5"))
    # collective: core 50.75 - 42; total 8.75 + (72.5 - 50.75 - 5)
    assert nato.collective_gap_guideline == D(0)
    assert nato.collective_gap_core == D("8.75")
    assert nato.collective_gap_total == D("25.5")
    assert (nato.meeting_guideline, nato.meeting_core, nato.meeting_total) == (4, 2, 1)


def test_surpluses_do_not_offset_shortfalls_in_the_sum_of_gaps(result):
    eu = result.group("eu")  # POL (surplus), DEU, FRA
    assert eu.codes == ("POL", "DEU", "FRA")
    assert eu.gap_core == D("4.25")  # 0 + 3 + 1.25
    assert eu.collective_gap_core == D("3.75")  # 12.25 - 8.5: POL's surplus offsets here


def test_europe_canada_leaves_out_the_united_states(result):
    ec = result.group("europe-canada")
    assert "USA" not in ec.codes
    assert ec.gdp == D(450)
    assert ec.collective_gap_total == D("5.5")


def test_user_groups_are_reported_with_their_label(result):
    north = result.group("north")
    assert north.name == "The north"
    assert north.codes == ("NOR", "ISL", "POL")
    assert north.assessed == 2


def test_excluding_a_member_drops_it_from_every_group(tiny):
    r = evaluate(apply_changes(tiny, [Change("exclude", "USA")]))
    assert "USA" not in r.group("nato").codes
    assert r.group("nato").gdp == D(450)
    assert r.member("USA").included is False
    assert EXCLUDED in r.member("USA").flags


def test_a_group_left_without_members_is_not_reported(tiny):
    r = evaluate(apply_changes(tiny, [Change("exclude", c) for c in ("NOR", "ISL", "POL")]))
    assert r.group("north") is None


def test_changing_a_target_changes_every_gap(tiny):
    r = evaluate(apply_changes(tiny, [Change("target", field="core", value=D("0.03"))]))
    assert r.member("USA").gap_core == D(0)
    assert r.member("USA").meets_core is True
    assert r.targets.core == D("0.03")


def test_gdp_edits_keep_each_spending_figure_on_its_basis(tiny):
    p = apply_changes(tiny, [Change("set", "DEU", "gdp", D(400)), Change("set", "POL", "gdp", D(200))])
    r = evaluate(p)
    # DEU core was given as a share: the amount follows GDP
    assert r.member("DEU").core == D(8)
    assert r.member("DEU").core_share == D("0.02")
    # POL core was given in USD: the amount stays, the share falls
    assert r.member("POL").core == D(4)
    assert r.member("POL").core_share == D("0.02")


def test_custom_targets_and_a_hand_built_member():
    t = Targets(guideline=D("0.02"), core=D("0.03"), related_cap=D("0.01"), total=D("0.04"))
    m = Member("AAA", "Alpha", Figure(D(10)), Figure(D("0.25")), Figure(D(1)))
    r = evaluate_member(m, t)
    # C=0.25, cap 0.1 -> Rc=0.1; gap_core 0.05; total 0.05 + max(0, 0.4-0.3-0.1)=0.05
    assert r.related_counted == D("0.1")
    assert (r.gap_guideline, r.gap_core, r.gap_total) == (D(0), D("0.05"), D("0.05"))


def test_evaluation_does_not_round_exact_shares():
    m = Member("AAA", "Alpha", Figure(D("1039.619")), Figure(D("0.0448"), share=True))
    r = evaluate_member(m, Targets())
    assert r.core == D("46.5749312")
    assert r.core_share == D("0.0448")


def test_flags_are_structures_and_the_json_spells_them_as_before(tiny):
    from calc.output.markers import flag_text, flag_texts
    from calc.output.report import member_dict

    p = apply_changes(tiny, [Change("set", "DEU", "core", D(5)), Change("exclude", "USA")])
    r = evaluate(p)
    deu = r.member("DEU")
    assert all(isinstance(f, Flag) for f in deu.flags)
    assert Flag("core", "edited") in deu.flags
    assert (flag_text(Flag("core", "edited")), flag_text(EXCLUDED)) == ("core:edited", "excluded")
    assert flag_text(NOT_ASSESSED) == "not-assessed"
    assert member_dict(deu)["flags"] == list(flag_texts(deu.flags))
    assert "core:edited" in member_dict(deu)["flags"]
    assert member_dict(r.member("USA"))["flags"][-1] == "excluded"
