"""Ukraine aid as a member figure and the switch that counts it toward core spending (issue 13,
"What counts toward the targets"), and the aid and related-spending data shipped in nato-2026.

Every expectation is computed by hand: an ally with GDP 500 and core 10 is at 10 / 500 = 2.0 %;
with aid 1 counted, (10 + 1) / 500 = 2.2 %.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal as D

import pytest
from helpers import ROOT, run

from calc.domain.dataset import Figure, Member, Preset, Targets
from calc.engine.changes import Change, apply_changes, changes_from_cli, count_ukraine, describe
from calc.engine.currency import convert
from calc.engine.evaluate import CONTEXT, evaluate, reevaluate
from calc.errors import ChangeError
from calc.files.presets import load_by_id
from calc.output.report import member_dict, report_dict

SOURCES = ROOT / "presets" / "sources"


def ally(code="AAA", gdp="500", core="10", aid=None, status=None, published=None, equipment=None) -> Member:
    return Member(
        code, code.title(), Figure(D(gdp)), Figure(D(core)),
        ukraine_aid=None if aid is None else Figure(D(aid), status=status),
        published_share=None if published is None else D(published),
        equipment=None if equipment is None else Figure(D(equipment)),
    )  # fmt: skip  # wrapped by hand, shorter


def preset(*members: Member, counts=False) -> Preset:
    return Preset("t", "Test", 2025, members, targets=Targets(), counts_ukraine_aid=counts)


def one(m: Member, counts: bool):
    return evaluate(preset(m, counts=counts)).members[0]


# --- the engine ------------------------------------------------------------------------------


def test_counted_aid_is_added_to_core_for_the_share_the_gaps_and_the_checks():
    off, on = one(ally(aid="1"), False), one(ally(aid="1"), True)
    off_figures = (off.core, off.core_share, off.ukraine_aid, off.ukraine_aid_counted)
    assert off_figures == (D(10), D("0.02"), D(1), D(0))
    assert (on.core, on.core_share, on.ukraine_aid, on.ukraine_aid_counted) == (D(11), D("0.022"), D(1), D(1))
    assert off.meets_guideline and on.meets_guideline  # 2.0 % and 2.2 % both meet 2 %
    assert off.gap_core == D("7.5") and on.gap_core == D("6.5")  # 0.035 × 500 = 17.5, less 10 / 11
    assert off.surplus_guideline == 0 and on.surplus_guideline == D(1)
    assert on.core_share_from_money == D("0.022")


def test_counted_aid_lifts_an_ally_over_the_guideline():
    off, on = one(ally(core="9.5", aid="1"), False), one(ally(core="9.5", aid="1"), True)
    assert (off.core_share, off.meets_guideline, off.gap_guideline) == (D("0.019"), False, D("0.5"))
    assert (on.core_share, on.meets_guideline, on.gap_guideline) == (D("0.021"), True, D(0))


def test_with_aid_counted_the_published_share_rises_by_the_aid_as_a_share_of_gdp():
    m = ally(aid="1", published="0.03")
    assert one(m, False).core_share == D("0.03")  # judged on NATO's published share
    assert one(m, True).core_share == D("0.032")  # 3 % + 1 / 500: counting never lowers a share
    assert one(m, True).core_share_from_money == D("0.022")  # (10 + 1) / 500
    # a published share above money ÷ GDP (the Netherlands) keeps its lead: 2.58 % + aid
    nl = ally(aid="1", published="0.0258")
    assert one(nl, True).core_share == D("0.0278") and one(nl, True).meets_guideline
    # an aid of 0 changes no money: the published share still applies
    assert one(ally(aid="0", published="0.03"), True).core_share == D("0.03")


def test_a_partial_year_or_an_unknown_aid_counts_nothing_until_edited():
    partial = ally(aid="4.2", status="partial")
    r = one(partial, True)
    assert (r.core, r.ukraine_aid, r.ukraine_aid_counted) == (D(10), D("4.2"), D(0))
    assert "ukraine_aid:partial" in member_dict(r)["flags"]
    assert one(ally(), True).core == D(10) and one(ally(), True).ukraine_aid is None
    edited = apply_changes(preset(partial, counts=True), [Change("set", "AAA", "ukraine_aid", D("12"))])
    assert evaluate(edited).members[0].core == D(22)  # an estimate for the year counts


def test_aid_is_not_counted_for_a_member_the_targets_do_not_apply_to():
    iceland = Member(
        "ISL", "Iceland", Figure(D(40)), Figure(D(0), status="not-applicable"), ukraine_aid=Figure(D(1))
    )
    r = one(iceland, True)
    assert (r.core, r.ukraine_aid, r.ukraine_aid_counted, r.assessed) == (D(0), D(1), D(0), False)


def test_a_groups_equipment_share_stays_weighted_by_core_without_the_aid():
    members = (ally("AAA", core="10", aid="10", equipment="0.3"), ally("BBB", core="30", equipment="0.1"))
    off, on = evaluate(preset(*members)), evaluate(preset(*members, counts=True))
    # (0.3 × 10 + 0.1 × 30) / 40 = 0.15 either way; core sums 40 and 50
    g_off, g_on = off.groups[-1], on.groups[-1]
    assert (g_off.equipment_share, g_on.equipment_share) == (D("0.15"), D("0.15"))
    assert (g_off.core, g_on.core) == (D(40), D(50))


# --- the change: count-ukraine on|off, --set ...ukraine_aid ---------------------------------


def test_the_switch_is_one_change_with_a_description_and_undoes_with_off():
    p = preset(ally(aid="1"))
    on = apply_changes(p, [count_ukraine()])
    assert on.counts_ukraine_aid and on.modified == ("Ukraine aid counted toward core spending",)
    off = apply_changes(on, [count_ukraine(False)])
    assert not off.counts_ukraine_aid and describe(count_ukraine(False)) == "Ukraine aid not counted"
    assert count_ukraine().to_dict() == {"op": "count-ukraine", "field": "on"}


@pytest.mark.parametrize("bad, said", [
    (Change("count-ukraine"), "field: 'count-ukraine' needs field = \"on\" or \"off\""),
    (Change("count-ukraine", field="yes"), "field: 'count-ukraine' needs field = \"on\" or \"off\""),
    (Change("count-ukraine", "AAA", "on"), "member: 'count-ukraine' takes no member"),
    (Change("count-ukraine", None, "on", D(1)), "value: 'count-ukraine' takes no value"),
])  # fmt: skip  # one case a line
def test_the_switch_takes_on_or_off_and_nothing_else(bad, said):
    """The words of the scenario-file check (one table of rules, engine.changes.OP_RULES)."""
    key, message = said.split(": ", 1)
    with pytest.raises(ChangeError) as e:
        apply_changes(preset(ally()), [bad])
    assert e.value.key == key and e.value.detail == message


def test_the_aid_is_edited_like_any_figure_from_the_command_line():
    p = preset(ally(aid="1"))
    set_usd, set_share, unknown = (
        apply_changes(p, changes_from_cli([f"AAA.ukraine_aid={v}"])).members[0] for v in ("3", "0.2%", "?")
    )
    assert set_usd.ukraine_aid == Figure(D(3), status="edited") and "ukraine_aid" in set_usd.edited
    assert set_share.ukraine_aid == Figure(D("0.002"), share=True, status="edited")
    assert unknown.ukraine_aid is None
    assert one(set_share, True).ukraine_aid == D(1)  # 0.2 % of 500
    assert describe(changes_from_cli(["AAA.ukraine_aid=3"])[0]).endswith("Ukraine aid → $3 bn")


def test_a_scenario_file_records_the_switch_and_reads_it_back(tmp_path):
    from calc.files.scenario_file import load_scenario, save_scenario

    path = tmp_path / "aid.toml"
    save_scenario(path, "nato-2026@2025", [count_ukraine(), Change("set", "POL", "ukraine_aid", D(3))])
    text = path.read_text()
    assert 'op = "count-ukraine"' in text and 'field = "on"' in text
    p = load_scenario(path).apply()
    assert p.counts_ukraine_aid and p.member("POL").ukraine_aid.value == D(3)


def test_a_scenario_file_with_a_bad_switch_is_refused_where_it_is(tmp_path):
    from calc.errors import ScenarioError
    from calc.files.scenario_file import load_scenario

    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "nato-2026"\n'
        '[[changes]]\nop = "count-ukraine"\nfield = "yes"\nvalue = 1\n'
    )
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert 'changes[1].field: \'count-ukraine\' needs field = "on" or "off"' in e.value.msg
    assert "changes[1].value: 'count-ukraine' takes no value" in e.value.msg


def test_reevaluating_after_the_switch_equals_evaluating_afresh_and_touches_only_allies_with_aid():
    p = preset(ally("AAA", aid="1"), ally("BBB"), ally("CCC", aid="2", status="partial"))
    before = evaluate(p)
    on = apply_changes(p, [count_ukraine()])
    after = reevaluate(before, on)
    assert after == evaluate(on)
    assert after.members[1] is before.members[1]  # no aid: not evaluated again
    assert after.groups[-1].core == D(31)


# --- outputs ---------------------------------------------------------------------------------


def test_the_json_says_whether_aid_is_counted_and_gives_each_allys_aid():
    p = preset(ally(aid="1"), ally("BBB"))
    off, on = report_dict(evaluate(p)), report_dict(evaluate(apply_changes(p, [count_ukraine()])))
    assert (off["counts_ukraine_aid"], on["counts_ukraine_aid"]) == (False, True)
    assert off["preset"]["counts_ukraine_aid"] is False and on["preset"]["counts_ukraine_aid"] is True
    assert [(m["ukraine_aid"], m["ukraine_aid_counted"], m["core"]) for m in on["members"]] == [
        (1, 1, 11), (None, 0, 10),
    ]  # fmt: skip  # one member a line


def test_the_aid_in_euros_is_kiels_figure_again():
    p = load_by_id("nato-2026@2025")
    deu = convert(evaluate(p), "eur").member("DEU")
    assert round(deu.ukraine_aid, 12) == D("9.0135")  # EUR 9,013.5 m, there and back at one rate


def test_the_cli_switch_counts_aid_and_every_format_says_so(capsys):
    code, out, _ = run(capsys, "report", "--year", "2025", "--count-ukraine", "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["counts_ukraine_aid"] is True
    deu = next(m for m in doc["members"] if m["code"] == "DEU")
    assert deu["ukraine_aid_counted"] == deu["ukraine_aid"] > 10
    table = run(capsys, "report", "--year", "2025")[1]
    assert "Ukraine aid not counted toward core spending" in table
    md = run(capsys, "report", "--year", "2025", "--count-ukraine", "-f", "markdown")[1]
    assert "Ukraine aid counted toward core spending" in md
    path = json.loads(
        run(capsys, "path", "--member", "DEU", "--year", "2025", "--count-ukraine", "-f", "json")[1]
    )
    assert path["counts_ukraine_aid"] is True


def test_compare_without_b_sets_a_without_against_b_with_the_aid(capsys):
    doc = json.loads(run(capsys, "compare", "nato-2026@2025", "--count-ukraine", "-f", "json")[1])
    assert (doc["a"]["counts_ukraine_aid"], doc["b"]["counts_ukraine_aid"], doc["counts_ukraine_aid"]) == (
        False, True, None,
    )  # fmt: skip  # wrapped by hand, shorter
    both = json.loads(
        run(capsys, "compare", "nato-2026@2024", "nato-2026@2025", "--count-ukraine", "-f", "json")[1]
    )
    assert both["counts_ukraine_aid"] is True


# --- nato-2026: what counting changes --------------------------------------------------------


def _counted(year: int):
    p = load_by_id("nato-2026", year=year)
    return evaluate(p), evaluate(apply_changes(p, [count_ukraine()]))


def _flips(off, on, target: str) -> list[str]:
    key = f"meets_{target}"
    return [
        a.code for a, b in zip(off.members, on.members) if a.assessed and getattr(a, key) != getattr(b, key)
    ]


def test_counting_aid_in_2025_lifts_denmark_and_norway_over_3_5_percent_and_nobody_over_2_percent():
    off, on = _counted(2025)
    assert _flips(off, on, "guideline") == []
    assert _flips(off, on, "core") == ["DNK", "NOR"]
    assert (off.group("nato").meeting_core, on.group("nato").meeting_core) == (4, 6)
    assert (off.group("nato").meeting_guideline, on.group("nato").meeting_guideline) == (28, 28)
    # Denmark: NATO's published 3.27 % + 2.87 / 462.5 (its aid as a share of GDP) ≈ 3.89 %
    dnk = on.member("DNK")
    assert dnk.core == CONTEXT.add(off.member("DNK").core, dnk.ukraine_aid)  # to the engine's 50 digits
    assert dnk.core_share == CONTEXT.add(
        off.member("DNK").core_share, CONTEXT.divide(dnk.ukraine_aid, dnk.gdp)
    )
    # the Netherlands: counting its aid raises NATO's share, never lowers it to money ÷ GDP
    assert on.member("NLD").core_share > off.member("NLD").core_share


def test_counting_aid_in_2024_lifts_czechia_over_2_percent_and_latvia_over_3_5_percent():
    off, on = _counted(2024)
    assert _flips(off, on, "guideline") == ["CZE"]
    assert _flips(off, on, "core") == ["LVA"]
    assert (off.group("nato").meeting_guideline, on.group("nato").meeting_guideline) == (17, 18)


def test_counting_aid_in_2026_changes_nothing_kiel_has_january_to_april_only():
    off, on = _counted(2026)
    assert [a.core for a in off.members] == [b.core for b in on.members]
    assert {m.ukraine_aid is not None for m in on.members} == {True, False}


# --- the shipped data ------------------------------------------------------------------------


def _kiel_rows():
    with (SOURCES / "ukraine_aid.csv").open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["source"].startswith("Kiel") and r["military_aid_eur_m"]]


def test_every_shipped_aid_figure_is_kiels_euros_at_natos_implied_rate_for_the_year():
    rows = _kiel_rows()
    assert len(rows) == 66  # 2024: 24, 2025: 25, 2026 January-April: 17 (the data README)
    for year in (2024, 2025, 2026):
        p = load_by_id("nato-2026", year=year)
        deu = p.member("DEU")
        shipped = {m.code: m.ukraine_aid for m in p.members if m.ukraine_aid is not None}
        expected = {}
        for r in (r for r in rows if int(r["year"]) == year):
            eur_bn = D(r["military_aid_eur_m"]) / 1000
            expected[r["code"]] = CONTEXT.divide(CONTEXT.multiply(eur_bn, deu.core.value), deu.core_national)
        assert {c: f.value for c, f in shipped.items()} == expected, year
        statuses = {f.status for f in shipped.values()}
        assert statuses == ({"partial"} if year == 2026 else {"kiel-allocated"}), year
        assert {f.source for f in shipped.values()} == {"kiel-ust-r29"}


def test_germanys_2025_aid_is_hand_checked():
    deu = load_by_id("nato-2026@2025").member("DEU")
    # EUR 9,013.5 m × (USD 112.141 bn / EUR 99.298 bn) = USD 10.1793 bn (Kiel's CSV: 10,179.0 m at 0.8855)
    assert round(deu.ukraine_aid.value, 4) == D("10.1793")


def test_no_aid_before_2024_and_none_where_kiel_records_none():
    p = load_by_id("nato-2026@2023")
    assert all(m.ukraine_aid is None for m in p.members)
    p25 = load_by_id("nato-2026@2025")
    assert [c for c in ("HUN", "TUR", "SVK", "ALB", "MNE", "MKD", "BGR") if p25.member(c).ukraine_aid is None] == [
        "HUN", "TUR", "SVK", "ALB", "MNE", "MKD", "BGR",
    ]  # fmt: skip  # wrapped by hand, shorter


def test_canadas_2025_related_claim_is_shipped_and_counted_in_related_known():
    p = load_by_id("nato-2026@2025")
    can = p.member("CAN").related
    assert (can.value, can.share, can.status, can.source) == (
        D("0.015"), True, "national-claim", "can-budget-2025-related",
    )  # fmt: skip  # wrapped by hand, shorter
    assert p.source("can-budget-2025-related") is not None
    r = evaluate(p)
    assert r.group("nato").related_known == 1 and r.member("CAN").related_counted == r.member("CAN").gdp * D(
        "0.015"
    )
    assert "related:national-claim" in member_dict(r.member("CAN"))["flags"]


def test_no_other_related_figure_is_shipped_turkiye_and_the_2035_statements_are_not_spending():
    for year in range(2014, 2027):
        p = load_by_id("nato-2026", year=year)
        known = [m.code for m in p.members if m.related is not None]
        assert known == (["CAN"] if year == 2025 else []), year


def test_a_wide_table_shows_the_aid_with_partial_years_marked_and_drops_it_before_overflowing(
    capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "120")
    wide = run(capsys, "report")[1].splitlines()
    head = next(line for line in wide if line.startswith("Code"))
    deu = next(line for line in wide if line.startswith("DEU"))
    assert head.endswith("Aid") and deu.endswith("4.95½")  # EUR 4.2 bn, January-April 2026
    assert any("½ part of the year only, never counted" in line for line in wide)
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run(capsys, "report")[1].splitlines()
    assert all(len(line) <= 80 for line in narrow) and not any("Aid" in line for line in narrow)


def test_counting_where_no_ally_has_a_full_years_aid_says_nothing_is_added(capsys):
    code, _, err = run(capsys, "report", "--count-ukraine", "-f", "json")
    assert code == 0
    assert err == (
        "nato-calc: notice: Ukraine aid counted, but no ally has a full-year aid figure for 2026 "
        "(the figures there cover part of the year only): nothing is added\n"
    )
    assert run(capsys, "report", "--count-ukraine", "--year", "2025", "-f", "json")[2] == ""
