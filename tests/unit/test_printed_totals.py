"""NATO's printed totals beside the members' sum (nato-2026): NATO prints its core share at 2021
prices and its GDP total includes Iceland's, so its 2026 total reads 2.86 % where the sum of the
allies reads 2.87 %. Where the group is one NATO totals and the figures are as published, every
output shows NATO's printed figure next to ours, so a reader comparing with NATO's release is
never left with a silent mismatch. Values from ``presets/sources/nato_2026_totals.csv``."""

from __future__ import annotations

import json
from decimal import Decimal as D
from decimal import localcontext

import pytest

from calc.cli import main
from calc.engine.changes import Change, apply_changes
from calc.engine.currency import convert
from calc.engine.evaluate import CONTEXT, evaluate
from calc.engine.timeline import PrintedTotal, as_published, printed_total
from calc.files.presets import load_by_id
from calc.output.report import group_summary_lines, printed_text, render_markdown, render_table

#: NATO's printed rows: US$ m / 1000 and % / 100, as in the totals file.
NATO_2026 = PrintedTotal("nato", 2026, True, D("1809.915"), D("63182.981"), D("0.0286"))
EUROPE_CANADA_2026 = PrintedTotal("europe-canada", 2026, True, D("777.066"), D("30635.357"), D("0.0253"))
NATO_2019 = PrintedTotal("nato", 2019, False, D("1052.542"), D("41536.022"), D("0.0251"))


@pytest.fixture(scope="module")
def preset():
    return load_by_id("nato-2026")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def test_the_printed_totals_of_nato_and_europe_and_canada_are_natos_rows_for_the_year(preset):
    r = evaluate(preset)
    assert printed_total(r, "nato") == NATO_2026
    assert printed_total(r, "europe-canada") == EUROPE_CANADA_2026
    assert printed_total(evaluate(load_by_id("nato-2026@2019")), "nato") == NATO_2019


def test_the_sum_and_natos_print_differ_as_the_release_explains(preset):
    """Ours: 1,809.9 ÷ 63,139.9 = 2.87 %; NATO's 2.86 % (GDP at 2021 prices, Iceland in)."""
    g = evaluate(preset).group("nato")
    assert g.core_share.quantize(D("0.0001")) == D("0.0287")
    assert NATO_2026.gdp - g.gdp == D("43.087")  # Iceland's GDP, derived as the README says


def test_no_printed_total_for_a_group_nato_does_not_total_or_a_preset_without_a_timeline(preset):
    assert printed_total(evaluate(preset), "eu") is None
    assert printed_total(evaluate(preset), "eu-uk") is None
    assert printed_total(evaluate(load_by_id("nato-2025")), "nato") is None


@pytest.mark.parametrize(
    "change",
    [
        Change("set", "DEU", "core_share", D("0.035")),
        Change("set", "ISL", "gdp", D("40")),
        Change("add", "*", "core", D("1")),
        Change("exclude", "USA"),
    ],
    ids=["an-edit", "iceland-gdp", "every-member", "an-exclusion"],
)
def test_a_what_if_on_any_member_withdraws_the_printed_total(preset, change):
    changed = apply_changes(preset, [change])
    assert not as_published(changed)
    assert printed_total(evaluate(changed), "nato") is None
    assert printed_total(evaluate(changed), "europe-canada") is None


def test_a_target_or_growth_change_keeps_it_and_a_reset_brings_it_back(preset):
    kept = apply_changes(
        preset, [Change("target", None, "core", D("0.03")), Change("growth", None, None, D("0.02"))]
    )
    assert printed_total(evaluate(kept), "nato") == NATO_2026
    edited = apply_changes(preset, [Change("set", "DEU", "core_share", D("0.035"))])
    back = apply_changes(edited, [Change("reset", "DEU")], original=preset)
    assert back.modified  # the changes are still listed, but every figure is NATO's again
    assert printed_total(evaluate(back), "nato") == NATO_2026


def test_in_euros_the_printed_money_is_converted_like_the_groups_and_the_share_is_not(preset):
    r = convert(evaluate(preset), "eur")
    pt = printed_total(r, "nato")
    rate = preset.eur_rate
    with localcontext(CONTEXT):  # exact: the engine's 50 digits
        assert (pt.core, pt.gdp, pt.core_share) == (D("1809.915") * rate, D("63182.981") * rate, D("0.0286"))
    # national: the groups stay in USD, and so does NATO's total
    assert printed_total(convert(evaluate(preset), "national"), "nato") == NATO_2026


def test_the_text_report_sets_natos_printed_total_under_the_sum_with_the_reason(preset):
    lines = group_summary_lines(evaluate(preset).group("nato"), preset.targets, printed=(NATO_2026, "USD"))
    assert lines[1] == "  GDP 63,139.9 · core 1,809.9 = 2.87 % of GDP · total 2.87 %"
    assert lines[2] == "  NATO's printed total: USD 1,809.9 bn = 2.86 % of GDP · GDP USD 63,183.0 bn"
    assert lines[3] == "    (its share is of GDP at 2021 prices; its GDP includes Iceland's)"
    assert max(map(len, lines[:4])) <= 80
    table = render_table(evaluate(preset))
    assert table.count("NATO's printed total:") == 2  # NATO, and Europe & Canada
    assert "NATO's printed total: USD 777.1 bn = 2.53 % of GDP · GDP USD 30,635.4 bn" in table


def test_the_text_report_says_nothing_of_it_once_a_what_if_changed_a_figure(preset):
    changed = apply_changes(preset, [Change("set", "DEU", "core_share", D("0.035"))])
    assert "printed total" not in render_table(evaluate(changed))
    assert "printed total" not in render_markdown(evaluate(changed))


def test_in_euros_the_lines_name_euros(preset):
    r = convert(evaluate(preset), "eur")
    pt = printed_total(r, "nato")
    assert printed_text(pt, "EUR").startswith(
        "NATO's printed total: EUR 1,534.8 bn = 2.86 % of GDP · GDP EUR 53,580.2"
    )
    assert printed_text(pt, "EUR") in render_table(r)


def test_markdown_lists_each_printed_total_under_the_groups_table(preset):
    md = render_markdown(evaluate(preset))
    assert (
        "- NATO: NATO's printed total: USD 1,809.9 bn = 2.86 % of GDP · GDP USD 63,183.0 bn "
        "(its share is of GDP at 2021 prices; its GDP includes Iceland's)."
    ) in md
    assert "- Europe & Canada: NATO's printed total: USD 777.1 bn = 2.53 % of GDP" in md


def test_the_json_group_carries_published_or_null(capsys):
    code, out = run(capsys, "report", "--preset", "nato-2026", "--format", "json")
    assert code == 0
    groups = {g["id"]: g for g in json.loads(out)["groups"]}
    assert groups["nato"]["published"] == {"core": 1809.915, "gdp": 63182.981, "core_share": 0.0286}
    assert groups["europe-canada"]["published"] == {"core": 777.066, "gdp": 30635.357, "core_share": 0.0253}
    assert groups["eu"]["published"] is None
    code, out = run(capsys, "report", "--preset", "nato-2026", "--format", "json", "--set", "DEU.core=150")
    assert all(g["published"] is None for g in json.loads(out)["groups"])
    code, out = run(capsys, "report", "--preset", "nato-2025", "--format", "json")
    assert all(g["published"] is None for g in json.loads(out)["groups"])


def test_the_json_published_money_follows_the_currency(capsys, preset):
    nato = ("report", "--preset", "nato-2026", "--format", "json", "--group", "nato")
    code, out = run(capsys, *nato, "--currency", "eur")
    published = json.loads(out)["groups"][0]["published"]
    # (the money is rounded to 6 decimals in JSON, as every figure)
    assert D(str(published["core"])) == (D("1809.915") * preset.eur_rate).quantize(D("0.000001"))
    code, out = run(capsys, *nato, "--currency", "national")
    group = json.loads(out)["groups"][0]
    assert (group["published"]["core"], group["currency"]) == (1809.915, "USD")


def test_each_side_of_a_comparison_carries_its_years_printed_total(capsys):
    code, out = run(capsys, "compare", "nato-2026@2019", "nato-2026", "--format", "json")
    assert code == 0
    nato = next(g for g in json.loads(out)["groups"] if g["id"] == "nato")
    assert nato["a"]["published"] == {"core": 1052.542, "gdp": 41536.022, "core_share": 0.0251}
    assert nato["b"]["published"] == {"core": 1809.915, "gdp": 63182.981, "core_share": 0.0286}
