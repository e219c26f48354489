"""Allies that joined after the first year of a release (nato-2026: Montenegro 2017, North
Macedonia 2020, Finland 2023, Sweden 2024): in a year before they joined they are listed with
NATO's figures but are no allies that year, so no group sums them and no target count counts
them, exactly as NATO's printed totals leave them out."""

from __future__ import annotations

import csv
import json
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.cli import main
from calc.domain.dataset import ally_in
from calc.domain.flags import NOT_ASSESSED, NOT_YET_ALLY
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import CONTEXT, evaluate, reevaluate
from calc.files.presets import load_by_id, preset_for_year
from calc.output import markers
from calc.output.report import render_table

SOURCES = ROOT / "presets" / "sources"
#: The years the allies joined NATO (as the release file records them).
JOINED = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}
YEARS = range(2014, 2027)


def printed(code: str, year: int) -> dict:
    """NATO's printed aggregate row (``NATO``, ``NATO_EUR_CAN``) for ``year``."""
    with (SOURCES / "nato_2026_totals.csv").open(newline="", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["code"] == code and int(r["year"]) == year)


def allies(year: int) -> set[str]:
    """The 32 allies of 2024 less those that joined after ``year`` (the rule written out)."""
    every = {c for c, _ in load_by_id("nato-2026").timeline.members}
    return {c for c in every if JOINED.get(c, 0) <= year}


@pytest.fixture(scope="module")
def results():
    return {year: evaluate(load_by_id(f"nato-2026@{year}")) for year in YEARS}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_release_records_the_year_each_late_ally_joined_and_the_rule_reads_it():
    p = load_by_id("nato-2026")
    assert {m.code: m.joined for m in p.members if m.joined is not None} == JOINED
    fin = p.member("FIN")
    assert [y for y in YEARS if fin.ally_in(y)] == list(range(2023, 2027))
    assert ally_in(None, 2014) and ally_in(2023, 2023) and not ally_in(2023, 2022)


@pytest.mark.parametrize("year", YEARS)
def test_the_nato_group_sums_the_allies_of_the_year_to_nato_s_printed_totals(results, year):
    r = results[year]
    nato, row = r.group("nato"), printed("NATO", year)
    not_yet = {m.code for m in r.members if NOT_YET_ALLY in m.flags}
    assert not_yet == {c for c, y in JOINED.items() if year < y}
    assert set(nato.codes) - not_yet == allies(year)
    assert set(nato.not_assessed) == not_yet | {"ISL"}
    assert nato.assessed == len(allies(year)) - 1  # Iceland: the targets do not apply
    # NATO's GDP total includes Iceland's, whose GDP the preset derives as total minus the others
    assert nato.gdp + r.member("ISL").gdp == D(row["gdp_usd_current_m"]) / 1000
    # NATO rounds every row to US$ 1 m: 2 m at most, but 3 m for 2015
    limit = D("0.003") if year == 2015 else D("0.002")
    assert abs(nato.core - D(row["defence_usd_current_m"]) / 1000) <= limit
    europe = r.group("europe-canada")
    assert europe.assessed == nato.assessed - 1
    assert abs(europe.core - D(printed("NATO_EUR_CAN", year)["defence_usd_current_m"]) / 1000) <= limit


#: year -> (allies with data, at or above 2 %, 3.5 %, 5 %), counted by hand from NATO's
#: published shares (pct_gdp) in presets/sources/nato_2026_release.csv over the allies of the
#: year (Iceland has no data). The targets are judged on the published share (issue 12,
#: decision 2); related spending is unknown, so the 5 % total needs a 5 % core share.
#: /work/shared/data/2026/nato_2026_counts_derived.csv has the same numerators but counted all
#: 31 allies with data every year (no ally outside NATO reached 2 % in a year before joining).
COUNTS = {
    2014: (27, 3, 1, 0),  # GRC, GBR, USA; USA 3.5 %
    2015: (27, 4, 1, 0),
    2016: (27, 4, 0, 0),
    2017: (28, 3, 0, 0),  # MNE counted from 2017
    2018: (28, 5, 0, 0),  # 4 on money / GDP: judged on the published share
    2019: (28, 6, 0, 0),  # BGR 3.15, EST 2.00, GRC 2.42, LVA 2.09, GBR 2.06, USA 3.49
    2020: (29, 8, 1, 0),  # MKD counted from 2020
    2021: (29, 6, 1, 0),
    2022: (29, 7, 1, 0),  # EST, GRC, LVA, LTU, POL, GBR, USA; GRC 3.89
    2023: (30, 10, 0, 0),  # FIN counted from 2023
    2024: (31, 17, 1, 0),  # SWE counted from 2024: every ally
    2025: (31, 28, 4, 0),
    2026: (31, 30, 5, 2),
}


@pytest.mark.parametrize("year", sorted(COUNTS))
def test_the_target_counts_are_out_of_the_allies_of_the_year(results, year):
    nato = results[year].group("nato")
    assert (nato.assessed, nato.meeting_guideline, nato.meeting_core, nato.meeting_total) == COUNTS[year]


def test_2019_has_29_allies_28_assessed_and_six_at_two_percent(results):
    r = results[2019]
    nato = r.group("nato")
    assert len(nato.codes) - 3 == 29 and nato.assessed == 28
    met = [m.code for m in r.members if m.meets_guideline]
    assert met == ["BGR", "EST", "GRC", "LVA", "GBR", "USA"]
    for code in ("MKD", "FIN", "SWE"):
        m = r.member(code)
        assert not m.assessed and m.meets_guideline is None and m.gap_core is None
        assert m.flags[-2:] == (NOT_ASSESSED, NOT_YET_ALLY)
    assert r.member("MNE").assessed and NOT_YET_ALLY not in r.member("MNE").flags


def test_the_newest_year_is_unchanged_every_ally_has_joined(results):
    r = results[2026]
    assert all(NOT_YET_ALLY not in m.flags for m in r.members)
    assert r.group("nato").not_assessed == ("ISL",) and r.group("nato").assessed == 31
    assert all(m.ally for m in load_by_id("nato-2026").members)


def test_report_json_flags_finland_in_2022_as_not_yet_an_ally(capsys):
    code, out, err = run(capsys, "report", "--preset", "nato-2026@2022", "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    fin = next(m for m in doc["members"] if m["code"] == "FIN")
    assert fin["assessed"] is False and fin["meets_guideline"] is None and fin["gap_core"] is None
    assert fin["flags"] == ["gdp:final", "core:final", "related:unknown", "not-assessed", "not-yet-ally"]
    assert fin["core_share"] is not None  # NATO's figures are still given
    nato = next(g for g in doc["groups"] if g["id"] == "nato")
    assert nato["not_assessed"] == ["FIN", "ISL", "SWE"] and nato["assessed"] == 29
    code, out, _ = run(capsys, "report", "--preset", "nato-2026@2023", "--format", "json")
    fin = next(m for m in json.loads(out)["members"] if m["code"] == "FIN")
    assert fin["assessed"] is True and "not-yet-ally" not in fin["flags"]


def test_the_text_table_marks_and_explains_a_member_not_yet_an_ally(results):
    table = render_table(results[2019])
    assert any(line.startswith("FIN» ") for line in table.splitlines())
    assert "» not yet an ally that year (joined later; not assessed)" in table
    assert "NATO (29 members; ISL not assessed; not yet allies: FIN, MKD, SWE)" in table
    assert "EU members (21 members; not yet allies: FIN, SWE)" in table


def test_the_words_for_a_member_not_yet_an_ally_name_the_year_it_joined(results):
    fin, isl = results[2019].member("FIN"), results[2019].member("ISL")
    assert markers.not_assessed_words(fin.flags, 2023) == "not yet an ally (joined 2023)"
    assert markers.not_assessed_words(isl.flags) == "not assessed: the targets do not apply"
    assert markers.row_marker(fin.flags, fin.assessed) == "»"
    assert markers.row_marker(isl.flags, isl.assessed) == "–"
    assert markers.flag_texts(fin.flags)[-1] == "not-yet-ally"


def test_a_what_if_on_a_member_not_yet_an_ally_changes_its_figures_not_the_alliance(results):
    base = load_by_id("nato-2026@2019")
    changed = apply_changes(base, [Change("set", "FIN", "core_share", D("0.03"))])
    r = evaluate(changed)
    fin = r.member("FIN")
    assert fin.core_share == D("0.03") and fin.core == D("0.03") * D("267.044")
    assert not fin.assessed and NOT_YET_ALLY in fin.flags and markers.row_marker(fin.flags, False) == "✎"
    assert r.group("nato") == results[2019].group("nato")
    assert reevaluate(results[2019], changed) == r
    gone = evaluate(apply_changes(base, [Change("exclude", "FIN")]))
    assert "FIN" not in gone.group("nato").codes and gone.group("nato").assessed == 28


def test_moving_a_year_of_the_release_to_another_reads_the_membership_again():
    p2019 = load_by_id("nato-2026@2019")
    p2024 = preset_for_year(p2019, 2024)
    fin = p2024.member("FIN")
    assert fin.ally and fin.assessed and fin.core.value == D("6.302")
    assert p2024.members == load_by_id("nato-2026@2024").members
    assert not preset_for_year(p2024, 2022).member("FIN").ally


def test_a_path_for_a_member_not_yet_an_ally_is_refused_with_the_year_it_joined(capsys):
    code, out, err = run(capsys, "path", "--member", "FIN", "--year", "2019")
    assert (code, out) == (2, "")
    assert err == "nato-calc: FIN (Finland): not yet an ally in 2019 (joined 2023); no path to plan\n"
    code, out, err = run(capsys, "path", "--year", "2019")
    assert code == 0, err
    assert "FIN: not yet an ally in 2019 (joined 2023)" in " ".join(out.split())


def test_the_tui_cell_information_says_finland_was_not_yet_an_ally():
    from calc.tui.session import Session
    from calc.tui.views import NormalView

    s = Session([])
    s.start(load_by_id("nato-2026@2022"))
    info = NormalView(s).describe("FIN", "code").plain
    assert "FIN Finland" in info and "not yet an ally (joined 2023)" in info
    assert "the targets do not apply" in NormalView(s).describe("ISL", "code").plain


@given(
    year=st.sampled_from(list(YEARS)),
    code=st.sampled_from(sorted(JOINED)),
    share=st.decimals(min_value=D("0.001"), max_value=D("0.2"), places=4),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_edit_of_a_late_ally_moves_the_nato_group_only_in_years_it_was_an_ally(results, year, code, share):
    base = load_by_id(f"nato-2026@{year}")
    before = results[year].group("nato")
    after = evaluate(apply_changes(base, [Change("set", code, "core_share", share)]))
    member = after.member(code)
    assert member.core_share == share
    assert member.assessed is (year >= JOINED[code])
    if year < JOINED[code]:
        assert after.group("nato") == before
    else:
        assert after.group("nato").core == before.core - results[year].member(code).core + member.core


def _csv_rows(year: int) -> dict[str, dict]:
    with (SOURCES / "nato_2026_release.csv").open(newline="", encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f) if int(r["year"]) == year}


def test_a_summed_group_history_sums_the_allies_of_each_year_as_the_engine_does(results):
    from calc.domain.countries import EU_MEMBER_STATES
    from calc.engine.timeline import group_history

    h = group_history(load_by_id("nato-2026"), "eu", 2021, 2024)
    by_year = {y.year: y for y in h.years}
    for year in (2021, 2022, 2023, 2024):
        rows = _csv_rows(year)
        eu = [c for c in rows if c in EU_MEMBER_STATES and JOINED.get(c, 0) <= year]
        assert by_year[year].core == sum(D(rows[c]["defence_usd_current_m"]) for c in eu) / 1000
        # the engine's EU group for that year sums the very same allies
        assert by_year[year].core == results[year].group("eu").core
        assert by_year[year].gdp == results[year].group("eu").gdp
    # 2023, Finland's first year: real change over the same members both years (with Finland)
    now, before = _csv_rows(2023), _csv_rows(2022)
    same = [c for c in now if c in EU_MEMBER_STATES and JOINED.get(c, 0) <= 2023]
    assert "FIN" in same and "SWE" not in same
    c23 = sum(D(now[c]["defence_usd_2021_m"]) for c in same)
    c22 = sum(D(before[c]["defence_usd_2021_m"]) for c in same)
    with localcontext(CONTEXT):
        assert by_year[2023].real_change == c23 / c22 - 1  # 276,052 / 257,810 - 1: +7.1 %


def test_history_says_who_was_counted_from_which_year(capsys):
    code, out, err = run(capsys, "history", "--group", "nato")
    assert (code, err) == (0, "")
    assert "Counted from the year they joined: MNE 2017, MKD 2020, FIN 2023, SWE 2024" in " ".join(
        out.split()
    )
    code, out, _ = run(capsys, "history", "--member", "FIN")
    text = " ".join(out.split())  # the header wraps at 80 columns
    assert "Joined NATO in 2023: not yet an ally the years before (NATO publishes its figures)" in text
    code, out, _ = run(capsys, "history", "--member", "FIN", "--from", "2023")
    assert "Joined NATO" not in out
    code, out, _ = run(capsys, "history", "--group", "eu", "--from", "2024")
    assert "Counted from" not in out


def test_compare_says_an_ally_joined_between_the_two_years(capsys):
    code, out, err = run(capsys, "compare", "nato-2026@2022", "nato-2026@2023")
    assert (code, err) == (0, "")
    assert "  FIN  now an ally (not yet in A), assessed against the targets" in out
    code, out, _ = run(capsys, "compare", "nato-2026@2023", "nato-2026@2022", "-f", "json")
    fin = next(m for m in json.loads(out)["members"] if m["code"] == "FIN")
    assert fin["status_changes"] == [
        {"target": "assessed", "a": True, "b": False, "text": "not yet an ally in B (not assessed)"}
    ]
