"""National plans against the targets' path (calc/engine/plans.py), the plans file
(calc/files/plans.py), its build (scripts/build_plans.py --check) and ``nato-calc plans``.

Hand-computed on nato-2026 (GDP held flat: growth 0, the path's default):
* Germany: core 147.002 of GDP 5,455.98 today (2.694 %), declared 3.5 % (NATO quota) for 2029:
  it needs (3.5 % - 2.694 %) / 3 = 0.269 pp a year, within its record (+0.47 pp in 2026); nothing
  after 2030, so not back-loaded; 3.5 % at the deadline, not short.
* United Kingdom: 110.274 of 4,300.972 today (2.564 %); declared 2.6 % (2027), 3.0 % (2034),
  3.5 % (2035). Its level in 2030 is 2.6 + 0.4 x 3/7 = 2.7714 %; of the rise 3.5 - 2.564 = 0.936 pp,
  3.5 - 2.7714 = 0.7286 pp comes after 2030: back-loaded. Its steepest step 2034-2035 is 0.5 pp a
  year, above its record (+0.27 pp in 2020): faster than its record.
* Belgium: 2 % to 2033, 2.5 % in 2034, held to 2035: 1.0 pp short of 3.5 %, which is
  0.01 x 782.936 = USD 7.82936 bn a year.
* Sweden: 3.5 % by 2030 (PM) and by 2032 at the latest (all-party agreement): the 2030 figure is
  set aside (superseded, with its reason), the series is 2.6 % (2026) and 3.5 % (2032).
* The United States: only national budget requests (USD bn): no plan on NATO's basis.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.cli import main
from calc.engine.evaluate import CONTEXT
from calc.engine.plans import FLAGS, ShortOfTarget, plan_for, plans_for
from calc.files.plans import PlansError, load_plans, parse_plans
from calc.files.presets import load_by_id
from calc.output.plans import flag_text


@pytest.fixture(scope="module")
def preset():
    return load_by_id("nato-2026")


@pytest.fixture(scope="module")
def plans():
    return load_plans()


def _series(a, basis):
    return next(s for s in a.series if s.basis == basis)


def _keys(s):
    return [f.key for f in s.flags]


def test_germany_reaches_3_5_in_2029_within_its_record_and_is_not_back_loaded(preset, plans):
    a = plan_for(preset, "DEU", plans)
    s = _series(a, "nato-core")
    with localcontext(CONTEXT):
        today = D("147.002") / D("5455.98")
        assert s.today == today
        assert s.needed_step == (D("0.035") - today) / 3
    assert s.needed_step_years == (2026, 2029)
    assert s.record_step == D("0.0047") and s.record_year == 2026
    assert s.level_at_deadline == D("0.035")
    assert _keys(s) == []
    assert s.late_share == 0
    # the Einzelplan 14 amounts are a national budget line: shown, not compared
    budget = _series(a, "national-budget")
    assert not budget.compared and "Einzelplan 14" in budget.reason


def test_the_united_kingdom_is_back_loaded_and_faster_than_its_record(preset, plans):
    a = plan_for(preset, "GBR", plans)
    s = _series(a, "nato-core")
    with localcontext(CONTEXT):
        today = D("110.274") / D("4300.972")
        at_2030 = D("0.026") + D("0.004") * 3 / 7
        assert s.rise == D("0.035") - today
        assert s.late_share == D("0.035") - at_2030
    assert _keys(s) == ["back-loaded", "faster-than-record"]
    assert s.needed_step == D("0.005") and s.needed_step_years == (2034, 2035)
    assert "0.73 pp of 0.94 pp comes after 2030" in flag_text(s.flags[0])
    assert "0.50 pp a year (2034–2035)" in flag_text(s.flags[1]) and "0.27 pp (2020)" in flag_text(s.flags[1])
    # the 4.1 % of 2027 is a NATO total: a series of its own, against 5 %, never joined with core
    total = _series(a, "nato-total")
    assert [f.year for f in total.figures] == [2027]
    assert total.target == D("0.05") and "short-of-target" in _keys(total)


def test_belgium_is_one_point_short_of_3_5_in_2035(preset, plans):
    s = _series(plan_for(preset, "BEL", plans), "nato-core")
    assert s.level_at_deadline == D("0.025")
    assert s.shortfall_share == D("0.010")
    assert s.shortfall_money == D("0.010") * D("782.936")
    assert "1.00 pp short of the 3.50 % core target: USD 7.8 bn a year" in flag_text(s.flags[0])
    assert "its 2034 figure held" in flag_text(s.flags[0])


def test_a_flag_is_its_figures_and_the_output_words_it(preset, plans):
    (flag,) = _series(plan_for(preset, "BEL", plans), "nato-core").flags[:1]
    assert flag == ShortOfTarget(
        2035, D("0.025"), D("0.010"), D("0.035"), False, D("0.010") * D("782.936"), "usd", "held", 2034, None
    )
    assert flag_text(flag) == (
        "at 2035 the plan reaches 2.50 % (its 2034 figure held), 1.00 pp short of the 3.50 % core "
        "target: USD 7.8 bn a year at the projected GDP"
    )


def test_a_small_allys_shortfall_is_worded_in_money_that_is_not_zero(plans):
    # Montenegro (nato-2025): 3 % declared for 2026, held: 0.5 pp of a GDP of USD 9.353 bn
    s = _series(plan_for(load_by_id("nato-2025"), "MNE", plans), "nato-core")
    assert s.shortfall_money == D("0.005") * D("9.353")
    assert "0.50 pp short of the 3.50 % core target: USD 0.047 bn a year" in flag_text(s.flags[0])


def test_belgiums_shortfall_in_money_grows_with_the_projected_gdp(preset, plans):
    s = _series(plan_for(preset, "BEL", plans, growth=D("0.03")), "nato-core")
    with localcontext(CONTEXT):
        assert s.shortfall_money == D("0.010") * D("782.936") * D("1.03") ** 9


def test_swedens_two_conflicting_plans_keep_the_later_and_set_the_earlier_aside(preset, plans):
    s = _series(plan_for(preset, "SWE", plans), "nato-core")
    assert [(f.year, f.share_pct) for f in s.figures] == [(2026, D("2.6")), (2032, D("3.5"))]
    assert [(f.year, f.announced) for f in s.set_aside] == [(2030, "2025-03-26")]
    assert "by 2032 at the latest" in s.set_aside[0].superseded_reason
    with localcontext(CONTEXT):
        today = D("24.186") / D("750.944")
        # level(2030) = today + (3.5 % - today) x 4/6, so 1/3 of the rise comes later (to 49 digits)
        assert abs(s.late_share - (D("0.035") - today) * 2 / 6) < D("1e-48")
    assert "back-loaded" not in _keys(s)


def test_the_united_states_has_no_plan_on_natos_basis(preset, plans):
    a = plan_for(preset, "USA", plans)
    assert a.all_flags == ("no-plan",)
    assert "national defense (request)" in flag_text(a.flags[0])
    (s,) = a.series
    assert s.basis == "national-budget" and not s.compared
    assert [f.amount_bn for f in s.figures] == [D("1010"), D("1500")]


def test_latvias_budget_line_falling_from_5_to_4_87_is_not_incremental(preset, plans):
    s = _series(plan_for(preset, "LVA", plans), "national-budget")
    assert "the plan declares 4.87 % for 2028, below the 5.00 % it declares for 2027" in [
        flag_text(f) for f in s.flags
    ]


PLAN_FILE = """\
format = "nato-calc.plans/1"
kind = "plans"
id = "mine"
title = "My plans"

[allies.DEU]
name = "Germany"

[[allies.DEU.figures]]
year = 2027
share_pct = 3.0
currency = "EUR"
basis = "nato-core"
basis_text = "NATO core"
status = "announced"
announced = "2026-01"
source_url = "https://example.org/a"

[[allies.DEU.figures]]
year = 2028
share_pct = {second}
currency = "EUR"
basis = "nato-core"
basis_text = "NATO core"
status = "announced"
announced = "2026-01"
source_url = "https://example.org/a"
"""


def test_a_planned_year_below_the_one_before_is_not_incremental(preset, tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text(PLAN_FILE.format(second="2.8"), encoding="utf-8")
    s = _series(plan_for(preset, "DEU", load_plans(p)), "nato-core")
    assert _keys(s)[0] == "not-incremental"
    assert flag_text(s.flags[0]) == "the plan declares 2.80 % for 2028, below the 3.00 % it declares for 2027"
    # held at 2.8 % to 2035: 0.7 pp short, at Germany's GDP
    assert s.shortfall_share == D("0.007") and s.shortfall_money == D("0.007") * D("5455.98")


def test_a_share_written_as_a_fraction_is_refused_with_its_readings(tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text(PLAN_FILE.format(second="0.035"), encoding="utf-8")
    with pytest.raises(PlansError) as e:
        load_plans(p)
    assert e.value.msg.endswith(
        "mine.toml: line 19, allies.DEU.figures[2].share_pct: 0.035 % of GDP is implausible for a defence plan: "
        "share_pct is in percent (3.5 for 3.5 %); if 0.035 is a fraction of GDP, write 3.5"
    )


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (('basis = "nato-core"\nbasis_text = "NATO core"\nstatus', 'basis = "core"\nbasis_text = "NATO core"\nstatus'), "allies.DEU.figures[1].basis"),
        (("share_pct = 3.0\n", ""), "allies.DEU.figures[1]: needs share_pct or amount_bn"),
        (('announced = "2026-01"', 'announced = "Jan 2026"'), "allies.DEU.figures[1].announced"),
        (('source_url = "https://example.org/a"\n\n', 'source_url = "https://example.org/a"\nsuperseded = true\n\n'), "superseded_reason"),
    ],
)  # fmt: skip  # a table: one case a line
def test_a_bad_plan_file_is_refused_with_the_place_of_the_problem(change, where):
    text = PLAN_FILE.format(second="3.2").replace(change[0], change[1], 1)
    with pytest.raises(PlansError) as e:
        parse_plans(text.encode(), ROOT / "mine.toml")
    assert where in e.value.msg


def test_the_group_totals_say_how_much_of_the_gap_the_plans_close(preset, plans):
    c = plans_for(preset, plans)
    t = c.totals
    assessed = [a for a in c.allies if a.assessed]
    with localcontext(CONTEXT):
        assert t.gap_core == sum(a.gap_core for a in assessed)
        assert t.closed_core == sum(a.closed_core for a in assessed)
    assert 0 < t.closed_core < t.gap_core
    assert all(a.closed_core <= a.gap_core for a in assessed)
    assert "USA" in t.without_core_plan and "DEU" in t.with_core_plan
    assert t.not_assessed == ("ISL",)


def test_the_shipped_plans_file_rebuilds_byte_for_byte():
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_plans.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr


def test_the_copied_plans_csv_is_the_original_its_readme_names():
    import hashlib
    import re

    folder = ROOT / "presets" / "sources" / "plans"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    (digest,) = re.findall(r"^    ([0-9a-f]{64})  national_plans.csv", readme, re.M)
    data = (folder / "national_plans.csv").read_bytes()
    assert b"\r" not in data
    assert hashlib.sha256(data.replace(b"\n", b"\r\n")).hexdigest() == digest


def test_the_build_marks_superseded_rows_and_keeps_them(plans):
    cze = plans.ally("CZE")
    old = [f for f in cze.figures if f.superseded]
    assert [(f.year, f.share_pct) for f in old] == [(2026, D("2.2")), (2030, D("3.0"))]
    fra = [f for f in plans.ally("FRA").figures if f.superseded]
    assert [(f.year, f.amount_bn) for f in fra] == [(2026, D("53")), (2027, D("56"))]
    deu = plans.ally("DEU").figures
    split = [f for f in deu if f.year == 2029]
    assert [(f.basis, f.share_pct, f.amount_bn) for f in split] == [
        ("nato-core", D("3.5"), None),
        ("national-budget", None, D("152.8")),
    ]


def test_nato_calc_plans_writes_json_with_its_format(tmp_path, capsys):
    out = tmp_path / "plans.json"
    assert main(["plans", "--member", "Germany", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["schema"] == "nato-calc.plans/1"
    (deu,) = doc["allies"]
    assert deu["code"] == "DEU" and deu["flags"] == []
    core = deu["series"][0]
    assert core["basis"] == "nato-core" and core["years"][3]["year"] == 2029
    assert core["years"][3]["review"] is True and core["years"][3]["declared_share"] == 0.035


def test_nato_calc_plans_refuses_a_bad_plans_file_in_one_line(tmp_path, capsys):
    p = tmp_path / "bad.toml"
    p.write_text(PLAN_FILE.format(second="0.035"), encoding="utf-8")
    assert main(["plans", "--plans", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "share_pct" in err


def test_validate_recognises_a_plans_file(capsys):
    assert main(["validate", str(ROOT / "presets" / "plans" / "nato-plans-2026.toml")]) == 0
    assert "plans nato-plans-2026, 32 allies" in capsys.readouterr().out


def test_nato_calc_plans_never_imports_textual():
    code = "import sys; from calc.cli import main; main(['plans', '-f', 'csv', '-o', '/dev/null']); print('textual' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip().endswith("False"), r.stderr


def test_the_path_views_overlay_is_the_compared_core_series_aligned_with_the_path(preset, plans):
    from calc.engine.plans import overlay

    a = plan_for(preset, "GBR", plans)
    s = overlay(a)
    assert s is not None and s.basis == "nato-core"
    assert [y.year for y in s.years] == [y.year for y in a.path.years] == list(range(2026, 2036))
    assert [y.year for y in s.years if y.declared_share is not None] == [2027, 2034, 2035]
    assert overlay(plan_for(preset, "USA", plans)) is None


def test_which_plans_reach_3_5_by_2035_and_which_are_back_loaded(preset, plans):
    sm = plans_for(preset, plans).summary
    assert sm.reach_core == ("BGR", "CAN", "DNK", "DEU", "ITA", "LTU", "NLD", "MKD", "PRT", "SWE", "GBR")
    assert sm.having("back-loaded") == ("BEL", "CAN", "ITA", "NLD", "MKD", "PRT", "ROU", "TUR", "GBR")


def test_the_markdown_and_csv_name_their_units_and_mark_the_review(tmp_path):
    md = tmp_path / "plans.md"
    assert main(["plans", "--group", "europe-canada", "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# National plans against the path to 2035: Europe")
    assert "USD bn at current prices" in text and "| 2029* |" in text
    csv_out = tmp_path / "plans.csv"
    assert main(["plans", "--member", "BEL", "-o", str(csv_out)]) == 0
    rows = csv_out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("code,name,basis,compared,year,review,needed_share,declared_share")
    # needed in 2034: 3.5 % - (3.5 % - 15.678 / 782.936) / 9 = 0.0333360695 (10 places)
    assert rows[-2].startswith("BEL,Belgium,nato-core,true,2034,false,0.0333360695,0.025,,EUR,announced,")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    growth=st.decimals(min_value="-0.02", max_value="0.08", places=3),
    code=st.sampled_from(["BEL", "DEU", "GBR", "SWE", "NOR", "ROU", "USA"]),
)
def test_a_plan_closes_between_nothing_and_its_whole_gap_at_any_growth(preset, plans, growth, code):
    a = plan_for(preset, code, plans, growth=growth)
    assert 0 <= a.closed_core <= a.gap_core
    assert 0 <= a.closed_total <= a.gap_total
    assert set(a.all_flags) <= set(FLAGS)
    for s in a.series:
        # a shortfall in points is the same at any growth; in money it is the points x the deadline's GDP
        if s.shortfall_share is not None and s.shortfall_share > 0:
            with localcontext(CONTEXT):
                assert s.shortfall_money == s.shortfall_share * a.path.years[-1].gdp


def test_plans_for_an_ally_the_preset_does_not_have_are_left_out_with_a_notice(tmp_path, capsys):
    p = tmp_path / "mine.toml"
    p.write_text(
        PLAN_FILE.format(second="3.2")
        .replace("[allies.DEU]", "[allies.XXX]")
        .replace("allies.DEU.", "allies.XXX."),
        encoding="utf-8",
    )
    assert main(["plans", "--member", "DEU", "--plans", str(p), "-f", "json"]) == 0
    captured = capsys.readouterr()
    assert "plans for XXX: not members of nato-2026, left out" in captured.err
    assert json.loads(captured.out)["allies"][0]["flags"] == ["no-plan"]
