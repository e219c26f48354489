"""Money in euros and in each ally's own currency (issue 12, decision 5): the pure conversion of
an evaluated result, its rendering, and ``--currency`` on the CLI. Every value by hand, on a
preset built in code (rates as NATO's tables imply them: EUR 0.9 and PLN 3.8 per USD)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal as D

import pytest

from calc.cli import main
from calc.domain.dataset import Benchmark, Figure, Member, Preset
from calc.engine.currency import CurrencyError, convert, member_currency
from calc.engine.evaluate import evaluate, reevaluate
from calc.engine.path import plan
from calc.output import report
from calc.output.path import path_dict


def preset() -> Preset:
    deu = Member("DEU", "Germany", Figure(D("5000")), Figure(D("147")), related=Figure(D("10")),
                 equipment=Figure(D("0.25")), currency="EUR", usd_rate=D("0.9"))  # fmt: skip  # wrapped by hand, shorter
    pol = Member("POL", "Poland", Figure(D("1000")), Figure(D("47")), currency="PLN", usd_rate=D("3.8"))
    rus = Benchmark("russia", "Russia", D("190"), year=2025, compare_group="nato")
    return Preset("t-2026", "Test 2026", 2026, (deu, pol), eur_rate=D("0.9"), benchmarks=(rus,))


@pytest.fixture
def result():
    return evaluate(preset())


def test_usd_is_the_result_itself(result):
    assert convert(result, "usd") is result
    assert convert(result, "USD") is result


def test_euros_scale_every_money_figure_of_members_and_groups_by_the_presets_rate(result):
    eur = convert(result, "eur")
    deu = eur.member("DEU")
    assert (deu.gdp, deu.core, deu.related) == (D("4500"), D("132.3"), D("9"))  # × 0.9
    assert deu.gap_core == D("25.2")  # (175 - 147) × 0.9
    assert deu.gap_total == D("83.7")  # (28 + (250 - 175 - 10)) = 93, × 0.9
    assert deu.core_share == result.member("DEU").core_share == D("0.0294")  # shares unchanged
    assert deu.gap_core_share == result.member("DEU").gap_core_share
    nato = eur.group("nato")
    assert (nato.gdp, nato.core) == (D("5400"), D("174.6"))  # 6000 and 194 × 0.9
    assert nato.collective_gap_core == D("14.4")  # (0.035 × 6000 - 194 = 16) × 0.9
    assert nato.equipment_share == D("0.25")
    assert eur.preset.benchmarks[0].value == D("171")  # Russia's USD 190 bn in euros
    assert eur.currency == "eur"


def test_national_currencies_scale_each_member_by_its_own_rate_and_leave_groups_in_usd(result):
    nat = convert(result, "national")
    assert nat.member("POL").core == D("178.6")  # 47 × 3.8
    assert nat.member("POL").gdp == D("3800")
    assert nat.member("DEU").core == D("132.3")
    assert nat.groups is result.groups
    assert nat.preset is result.preset  # the benchmarks stay in USD with the groups
    assert [member_currency(nat, c) for c in ("DEU", "POL")] == ["EUR", "PLN"]


def test_a_member_without_a_rate_stays_in_usd_in_national():
    p = preset()
    p = p.with_members((p.members[0], replace(p.members[1], usd_rate=None)))
    nat = convert(evaluate(p), "national")
    assert nat.member("POL").core == D("47")
    assert member_currency(nat, "POL") == "USD"


def test_a_preset_without_rates_refuses_euros_and_national_currencies_naming_one_that_has_them():
    p = replace(preset(), id="nato-2025", eur_rate=None)
    p = p.with_members(tuple(replace(m, usd_rate=None) for m in p.members))
    r = evaluate(p)
    with pytest.raises(CurrencyError) as e:
        convert(r, "eur")
    assert str(e.value) == (
        "--currency eur: preset 'nato-2025' gives no euro rate (money is in USD only); "
        "use a preset that does, e.g. nato-2026"
    )
    with pytest.raises(CurrencyError, match="national-currency rates"):
        convert(r, "national")
    assert convert(r, "usd") is r


def test_an_unknown_currency_and_a_converted_result_are_refused(result):
    with pytest.raises(CurrencyError, match="currencies: usd, eur, national"):
        convert(result, "yen")
    with pytest.raises(CurrencyError, match="convert the USD one"):
        convert(convert(result, "eur"), "national")
    eur = convert(result, "eur")
    assert convert(eur, "eur") is eur


def test_reevaluating_from_a_converted_result_evaluates_afresh_in_usd(result):
    p = preset()
    assert reevaluate(convert(result, "eur"), p) == evaluate(p)


def test_the_json_report_states_the_currency_and_the_exact_rate(result):
    usd = report.report_dict(result)
    assert (usd["currency"], usd["eur_per_usd"]) == ("USD", None)
    assert "currency" not in usd["members"][0]
    eur = json.loads(report.render_json(convert(result, "eur")), parse_float=D)
    assert (eur["currency"], eur["eur_per_usd"]) == ("EUR", "0.9")
    assert eur["units"]["money"] == "EUR bn, current prices"
    assert eur["members"][0]["core"] == D("132.3")
    nat = json.loads(report.render_json(convert(result, "national")), parse_float=D)
    assert nat["currency"] == "national"
    assert [m["currency"] for m in nat["members"]] == ["EUR", "PLN"]
    assert {g["currency"] for g in nat["groups"]} == {"USD"}
    assert nat["members"][1]["core"] == D("178.6")


def test_the_csv_names_each_rows_currency_in_its_last_column(result):
    lines = report.render_csv(convert(result, "national")).splitlines()
    assert lines[0].endswith(",currency")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["EUR", "PLN", "USD", "USD", "USD"]
    assert report.render_csv(convert(result, "eur")).splitlines()[1].endswith(",EUR")


def test_the_table_and_markdown_state_the_unit_and_national_lists_each_allys_currency(result):
    eur = report.render_table(convert(result, "eur"), width=160)
    assert "EUR bn at current prices (EUR 0.9000 per USD, from NATO's tables for 2026); shares of GDP" in eur
    nat = report.render_table(convert(result, "national"), width=160)
    assert "national bn at current prices (each ally's own currency: column Cur); groups in USD bn" in nat
    header = next(line for line in nat.splitlines() if line.startswith("Code"))
    assert header.split()[:3] == ["Code", "Ally", "Cur"]
    pol = next(line for line in nat.splitlines() if line.startswith("POL"))
    assert pol.split()[2:4] == ["PLN", "3,800.0"]
    md = report.render_markdown(convert(result, "eur"))
    assert (
        "\nEUR bn at current prices (EUR 0.9000 per USD, from NATO's tables for 2026); shares of GDP. "
        "Made with nato-calc.\n" in md
    )
    assert "| Code | Ally | GDP |" in md
    assert "| Code | Ally | Cur | GDP |" in report.render_markdown(convert(result, "national"))


def test_a_members_path_in_national_is_in_its_own_currency():
    p = preset()
    nat = convert(evaluate(p), "national")
    path = plan(p, member="POL", target_year=2027, growth=D(0), result=nat)
    usd = plan(p, member="POL", target_year=2027, growth=D(0))
    # Poland at 4.7 % already meets 3.5 % core; at the total target of 5 %: 50 bn, × 3.8 = 190
    assert usd.years[-1].total == D("50")
    assert path.years[-1].total == D("190")
    doc = path_dict(path)
    assert doc["units"]["money"] == "PLN bn, current prices"
    assert doc["currency"] == "national"


# --- the CLI ---------------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [["report", "--preset", "nato-2025"], ["compare", "nato-2025", "nato-2024"],
     ["path", "--preset", "nato-2025", "--member", "DEU"]],
)  # fmt: skip  # wrapped by hand, shorter
def test_a_v1_preset_refuses_euros_with_one_line(capsys, argv):
    code, out, err = run(capsys, *argv, "--currency", "eur")
    assert (code, out) == (2, "")
    assert err == (
        "nato-calc: --currency eur: preset 'nato-2025' gives no euro rate (money is in USD only); "
        "use a preset that does, e.g. nato-2026\n"
    )


def test_usd_on_the_cli_is_the_output_without_the_flag(capsys):
    _, plain, _ = run(capsys, "report", "--preset", "nato-2025", "-f", "json")
    _, usd, _ = run(capsys, "report", "--preset", "nato-2025", "-f", "json", "--currency", "USD")
    assert plain == usd


def test_a_comparison_in_euros_converts_each_side_at_its_own_rate_and_says_when_equipment_changes():
    from calc.output.compare import compare, comparison_dict, header_lines, status_text

    a = preset()
    b = replace(a, eur_rate=D("0.8"), year=2027)
    b = b.with_members((replace(b.members[0], equipment=Figure(D("0.15"))), b.members[1]))
    cmp = compare(convert(evaluate(a), "eur"), convert(evaluate(b), "eur"))
    deu = cmp.member("DEU")
    assert deu.delta.core == D("-14.7")  # 147 × 0.8 - 147 × 0.9
    assert deu.delta.equipment_share == D("-0.10")
    assert [status_text(s) for s in deu.status_changes] == ["no longer meets the 20 % equipment guideline"]
    doc = comparison_dict(cmp)
    assert (doc["a"]["eur_per_usd"], doc["b"]["eur_per_usd"], doc["currency"]) == ("0.9", "0.8", "EUR")
    assert header_lines(cmp)[-1].startswith(
        "A: EUR bn at current prices (EUR 0.9000 per USD, from NATO's tables for 2026); "
        "B: EUR bn at current prices (EUR 0.8000 per USD, from NATO's tables for 2027)"
    )


# --- end to end on nato-2026 (NATO's July 2026 tables) --------------------------------------


def report_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "report", "--preset", "nato-2026", "-f", "json", *argv)
    assert code == 0, err
    return json.loads(out, parse_float=D)


def member_of(doc: dict, code: str) -> dict:
    return next(m for m in doc["members"] if m["code"] == code)


def test_germany_2026_in_euros_is_its_usd_amount_at_natos_rate(capsys):
    doc = report_json(capsys, "--currency", "eur")
    # Table 2: USD 147,002 m; the rate: Germany's Table 1 ÷ Table 2 = 124,660 / 147,002 EUR per USD
    rate = D("0.8480156732561461748819743949")
    assert (doc["currency"], doc["eur_per_usd"]) == ("EUR", str(rate))
    deu = member_of(doc, "DEU")
    assert deu["core"] == D("124.66")  # 147.002 × rate: Table 1's EUR 124,660 m
    assert deu["gdp"] == (D("5455.98") * rate).quantize(D("0.000001"))
    assert deu["core_share"] == D("0.0269")  # shares do not change
    nato = next(g for g in doc["groups"] if g["id"] == "nato")
    usd = report_json(capsys)
    nato_usd = next(g for g in usd["groups"] if g["id"] == "nato")
    assert nato["core"] == (nato_usd["core"] * rate).quantize(D("0.000001"))


def test_poland_2026_in_its_own_currency_is_table_1_and_groups_stay_in_usd(capsys):
    doc = report_json(capsys, "--currency", "national")
    pol = member_of(doc, "POL")
    assert (pol["currency"], pol["core"]) == ("PLN", D("193.789"))  # Table 1: PLN 193,789 m
    assert member_of(doc, "USA")["currency"] == "USD"
    nato = next(g for g in doc["groups"] if g["id"] == "nato")
    assert nato["currency"] == "USD"
    assert nato["core"] == next(g for g in report_json(capsys)["groups"] if g["id"] == "nato")["core"]


def test_the_netherlands_2026_is_judged_on_natos_published_share(capsys):
    nld = member_of(report_json(capsys), "NLD")
    assert nld["core_share"] == D("0.0258")  # Table 3
    assert nld["core_share_from_money"] == (D("32.9") / D("1436.621")).quantize(D("1e-10"))  # 2.29 %
    assert nld["meets_guideline"] is True
    assert nld["gap_core"] == (D("0.035") * D("1436.621") - D("32.9")).quantize(D("0.000001"))


def test_norway_2026_is_below_the_equipment_guideline_until_it_is_lowered(capsys):
    nor = member_of(report_json(capsys), "NOR")
    assert (nor["equipment_share"], nor["meets_equipment"]) == (D("0.1795"), False)  # Table 8a: 17.95 %
    nor = member_of(report_json(capsys, "--target", "equipment=17%"), "NOR")
    assert nor["meets_equipment"] is True


def test_a_comparison_of_two_years_in_euros_gives_each_year_its_own_rate(capsys):
    code, out, err = run(capsys, "compare", "nato-2026@2025", "nato-2026", "--currency", "eur", "-f", "json")
    assert code == 0, err
    doc = json.loads(out, parse_float=D)
    assert doc["a"]["eur_per_usd"] != doc["b"]["eur_per_usd"]
    assert doc["b"]["eur_per_usd"] == "0.8480156732561461748819743949"
    assert doc["currency"] == "EUR"


def test_a_workbook_in_euros_is_written_in_euros(capsys, tmp_path):
    out = tmp_path / "r.xlsx"
    code, _, err = run(capsys, "report", "--preset", "nato-2026", "--currency", "eur", "-o", str(out))
    assert code == 0 and out.exists(), err  # tests/unit/test_xlsx_currency.py reads it back


def test_the_configs_currency_applies_to_the_text_formats_and_a_workbook_alike(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("NATO_CALC_CURRENCY", "eur")
    doc = report_json(capsys)
    assert doc["currency"] == "EUR"
    out = tmp_path / "r.xlsx"
    code, _, err = run(capsys, "report", "--preset", "nato-2026", "-o", str(out))
    assert code == 0 and out.exists()
    assert "the workbook is in USD" not in err
