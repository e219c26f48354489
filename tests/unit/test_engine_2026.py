"""The 2026 release's figures in the engine, every expectation computed by hand: members judged
on NATO's published share while core and GDP are as published (issue 12, decision 2), and the
equipment guideline (decision 6)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from calc.domain import registry
from calc.domain.dataset import NOT_APPLICABLE, Figure, Member, Preset, Targets
from calc.engine.changes import Change, apply_changes, parse_target_input
from calc.engine.evaluate import evaluate, reevaluate
from calc.errors import ChangeError
from calc.output.report import member_dict


def member(code="NLD", gdp="1000", core="22.9", published=None, related=None, equipment=None, **kw):
    return Member(
        code, code.title(), Figure(D(gdp)), Figure(D(core), status=kw.pop("status", None)),
        related=None if related is None else Figure(D(related)),
        published_share=None if published is None else D(published),
        equipment=None if equipment is None else Figure(D(equipment)), **kw,
    )  # fmt: skip  # wrapped by hand, shorter


def preset(*members: Member, **targets) -> Preset:
    return Preset("t-2026", "Test 2026", 2026, members, targets=Targets(**targets))


def one(m: Member, **targets):
    return evaluate(preset(m, **targets)).members[0]


# --- judged on NATO's published share -------------------------------------------------------


def test_the_published_share_is_the_core_share_and_decides_the_guideline_while_the_core_gap_stays_money():
    r = one(member(published="0.0258"))  # the Netherlands 2026: 2.58 % published, 22.9 / 1000 = 2.29 %
    assert r.core_share == D("0.0258")
    assert r.core_share_from_money == D("0.0229")
    assert r.total_share == D("0.0258")
    assert (r.meets_guideline, r.meets_core, r.meets_total) == (True, False, False)
    assert r.gap_guideline == 0
    assert r.gap_core == D("12.1")  # 35 - 22.9
    assert r.gap_total == D("27.1")  # 12.1 + (50 - 35)
    assert r.surplus_guideline == D("2.9")  # 22.9 - 20, money


def test_a_target_the_published_share_meets_has_no_gap_though_money_falls_short():
    r = one(member(published="0.0258"), guideline=D("0.025"))
    assert r.meets_guideline is True
    assert r.gap_guideline == 0  # money would say 25 - 22.9 = 2.1
    assert r.surplus_guideline == 0  # 22.9 < 25: no money above it


def test_a_target_the_published_share_misses_where_money_reaches_it_gets_the_gap_on_the_published_share():
    r = one(member(core="20.4", published="0.0199"))  # 2.04 % in money, 1.99 % published
    assert r.meets_guideline is False
    assert r.gap_guideline == D("0.1")  # (0.02 - 0.0199) * 1000
    assert r.surplus_guideline == 0


def test_the_total_target_is_judged_on_the_published_share_plus_counted_related():
    # P = 3.51 % meets 3.5 %; counted related min(20, 15) = 15; 35.1 + 15 >= 50
    r = one(member(core="34", published="0.0351", related="20"))
    assert r.total_share == D("0.0501")
    assert (r.meets_core, r.meets_total) == (True, True)
    assert (r.gap_core, r.gap_total) == (0, 0)  # money: 1 and 1
    assert (r.surplus_core, r.surplus_total) == (0, 0)  # 34 < 35; 34 + 15 < 50


@pytest.mark.parametrize("field", ["core", "gdp"])
def test_an_edit_of_core_or_gdp_drops_back_to_money_over_gdp(field):
    value = D("22.9") if field == "core" else D("1000")  # the same value, but edited
    p = apply_changes(preset(member(published="0.0258")), [Change("set", "NLD", field, value)])
    r = evaluate(p).members[0]
    assert r.core_share == r.core_share_from_money == D("0.0229")
    assert r.meets_guideline is True  # 22.9 >= 20
    assert r.surplus_guideline == D("2.9")


def test_an_edit_of_related_spending_keeps_the_published_share():
    p = apply_changes(preset(member(published="0.0258")), [Change("set", "NLD", "related", D("5"))])
    r = evaluate(p).members[0]
    assert r.core_share == D("0.0258")
    assert r.total_share == D("0.0308")  # 0.0258 + 5 / 1000


def test_resetting_an_edited_member_returns_to_the_published_share():
    base = preset(member(published="0.0258"))
    edited = apply_changes(base, [Change("set", "NLD", "core", D("30"))])
    back = apply_changes(edited, [Change("reset", "NLD")], original=base)
    assert evaluate(back).members[0].core_share == D("0.0258")


def test_groups_keep_money_over_gdp_and_count_members_judged_on_the_published_share():
    g = evaluate(preset(member(published="0.0258"), member("DEU", "2000", "30"))).group("nato")
    assert (g.core, g.gdp) == (D("52.9"), D("3000"))  # core share 52.9 / 3000 = 1.76 %, money
    assert g.core_share < D("0.0177")
    assert g.meeting_guideline == 1  # NLD on 2.58 %; DEU 1.5 %
    assert g.gap_guideline == D("10")  # NLD 0 + DEU 40 - 30


def test_the_member_json_keeps_both_shares():
    d = member_dict(one(member(published="0.0258")))
    assert (d["core_share"], d["core_share_from_money"]) == (D("0.0258"), D("0.0229"))


def test_a_member_the_targets_do_not_apply_to_is_not_judged_on_its_published_share():
    r = one(member("ISL", "30", "0", published="0", status=NOT_APPLICABLE, equipment="0.5"))
    assert (r.meets_guideline, r.gap_guideline, r.meets_equipment) == (None, None, None)
    assert r.equipment_share == D("0.5")


# --- the equipment guideline ----------------------------------------------------------------


def test_equipment_is_judged_against_twenty_percent_of_core_by_default():
    assert Targets().equipment == D("0.20") == registry.TARGET["equipment"].default
    assert one(member(equipment="0.31")).meets_equipment is True
    assert one(member(equipment="0.2")).meets_equipment is True  # exactly at it
    assert one(member(equipment="0.1999")).meets_equipment is False
    r = one(member())
    assert (r.equipment_share, r.meets_equipment) == (None, None)


def test_a_group_equipment_share_is_weighted_by_core_over_the_members_that_have_one():
    p = preset(
        member("AAA", core="30", equipment="0.30"),  # 9 of equipment
        member("BBB", core="10", equipment="0.10"),  # 1
        member("CCC", core="50"),  # not published: left out of the share
    )
    g = evaluate(p).group("nato")
    assert g.equipment_share == D("0.25")  # (9 + 1) / (30 + 10)
    assert g.meeting_equipment == 1
    assert evaluate(preset(member())).group("nato").equipment_share is None


def test_the_equipment_target_is_edited_like_the_others():
    ch = parse_target_input("equipment", "25%")
    assert ch == Change("target", field="equipment", value=D("0.25"))
    p = preset(member("AAA", core="30", equipment="0.30"), member("BBB", core="10", equipment="0.24"))
    after = apply_changes(p, [ch])
    assert after.targets.equipment == D("0.25")
    r = evaluate(after)
    assert [m.meets_equipment for m in r.members] == [True, False]
    assert r.group("nato").meeting_equipment == 1
    assert (
        evaluate(apply_changes(p, [parse_target_input("equipment", "10%")])).group("nato").meeting_equipment
        == 2
    )
    with pytest.raises(ChangeError, match="between 0 % and 100 %"):
        apply_changes(p, [Change("target", field="equipment", value=D("1.5"))])


def test_equipment_is_not_part_of_any_gap():
    a, b = one(member(equipment="0.05")), one(member(equipment="0.5"))
    assert (a.gap_guideline, a.gap_core, a.gap_total) == (b.gap_guideline, b.gap_core, b.gap_total)


def test_an_edit_keeps_the_equipment_share_and_reevaluating_adjusts_the_group_exactly():
    p = preset(member("AAA", core="30", equipment="0.30"), member("BBB", core="10", equipment="0.10"))
    before = evaluate(p)
    after_p = apply_changes(p, [Change("set", "BBB", "core", D("20"))])
    after = reevaluate(before, after_p)
    assert after == evaluate(after_p)
    assert after.group("nato").equipment_share == D("0.22")  # (9 + 2) / 50
    assert after_p.members[1].equipment == Figure(D("0.10"))


def test_the_report_says_where_the_published_share_differs_from_money_over_gdp_by_more_than_005_pp():
    from calc.output.report import published_share_note, render_markdown, render_table

    r = evaluate(preset(member(published="0.0258"), member("DEU", "1000", "22.9", published="0.0233")))
    assert published_share_note(r.member("NLD")) == (
        "core share 2.58 % is NATO's published share; core ÷ GDP gives 2.29 %"
    )
    assert published_share_note(r.member("DEU")) is None  # 0.04 pp apart: rounding
    assert "NLD: core share 2.58 % is NATO's published share; core ÷ GDP gives 2.29 %" in render_table(r)
    assert "- NLD: core share 2.58 % is NATO's published share; core ÷ GDP gives 2.29 %" in render_markdown(r)
    assert "DEU:" not in render_table(r)
