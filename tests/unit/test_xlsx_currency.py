"""Workbooks in every currency (issue 12: ``--currency usd|eur|national`` on every command) and
with the Ukraine aid of issue 13, read back with openpyxl.

Figures of presets/nato-2026.toml: Germany 2026 core USD 147.002 bn; NATO's euro rate for
2026, EUR 0.8480156732561461748819743949 per USD (Germany's Table 1 / Table 2), makes it
EUR 147.002 × 0.84801567... = 124.660000 bn (NATO's Table 1 prints 124.66) and NATO's core
USD 1,809.913 bn EUR 1,534.834591 bn; in national currencies Poland's core is PLN 193.789 bn
(Table 1) and the groups stay in USD. Germany's 2025 aid to Ukraine, Kiel's EUR allocations
at NATO's 2025 rate: USD 10.179288 bn, which counted lifts its core from 112.141 to
122.320288.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT

from calc.cli import main
from calc.domain import registry
from calc.files.tomlio import display_path

D = Decimal
RATE_2026 = "0.8480156732561461748819743949"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NATO_CALC_CURRENCY", raising=False)


def workbook(argv: list[str], tmp_path: Path, capsys) -> openpyxl.Workbook:
    out = tmp_path / "w.xlsx"
    code = main([*argv, "-o", str(out)])
    _, err = capsys.readouterr()
    assert (code, err) == (0, f"wrote {display_path(out)}\n")
    return openpyxl.load_workbook(out)


def json_of(argv: list[str], capsys) -> dict:
    code = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out, parse_float=Decimal)


def rows(ws) -> dict[str, dict[str, object]]:
    """The data rows (below the header in row 2) by their first cell: {header: value}."""
    headers = [c.value for c in ws[2]]
    return {r[0]: dict(zip(headers, r)) for r in ws.iter_rows(min_row=3, values_only=True)}


def assumptions(wb) -> dict[str, tuple[object, object]]:
    return {k: (v["Value"], v["Note"]) for k, v in rows(wb["Assumptions"]).items()}


class TestEuros:
    def test_the_members_and_groups_are_in_euros_at_natos_rate_and_the_workbook_says_so(
        self, tmp_path, capsys
    ):
        wb = workbook(["report", "--currency", "eur"], tmp_path, capsys)
        assert wb["Members"]["A1"].value.endswith(
            "· members · EUR bn, current prices; shares of GDP as percent"
        )
        deu = rows(wb["Members"])["DEU"]
        assert deu["Core spending (EUR bn)"] == 124.66  # 147.002 × 0.84801567...
        assert deu["Core share of GDP"] == 0.0269  # shares are the same in any currency
        assert "Core spending (USD bn)" not in deu
        nato = rows(wb["Groups"])["nato"]
        assert nato["Core spending (EUR bn)"] == 1534.834591
        info = assumptions(wb)
        assert info["Currency"][0] == "EUR bn, current prices"
        assert info["EUR per USD"][0] == float(D(RATE_2026))
        assert info["EUR per USD"][1] == (
            f"implied by NATO's own tables for 2026, the same for every ally (exactly {RATE_2026})"
        )
        assert (
            wb["Assumptions"].cell(row=[*info].index("EUR per USD") + 3, column=2).number_format == "0.0000"
        )

    def test_every_money_cell_is_the_jsons_number_in_euros(self, tmp_path, capsys):
        argv = ["report", "--currency", "eur"]
        doc = json_of(argv, capsys)
        found = rows(workbook(argv, tmp_path, capsys)["Members"])
        checked = 0
        for m in doc["members"]:
            for f in registry.SHEET_FIGURES:
                if f.unit == registry.MONEY:
                    header = f.sheet.format(target=_target(doc, f.target)) + " (EUR bn)"
                    want = m[f.key]
                    assert found[m["code"]][header] == (None if want is None else float(want)), header
                    checked += 1
        assert checked == 32 * 12  # 32 allies (Iceland too) × 12 money columns

    def test_a_comparison_of_two_years_states_each_years_rate(self, tmp_path, capsys):
        wb = workbook(["compare", "nato-2026@2025", "nato-2026", "--currency", "eur"], tmp_path, capsys)
        info = {k: (v["A"], v["B"]) for k, v in rows(wb["Assumptions"]).items()}
        assert info["EUR per USD"] == (0.885474536520987, float(D(RATE_2026)))
        deu = rows(wb["Members"])["DEU"]
        assert deu["Core spending, B (EUR bn)"] == 124.66
        # the rate is Germany's own EUR / USD, so its euros are NATO's Table 1: 99.298 in 2025
        assert deu["Core spending, A (EUR bn)"] == 99.298
        assert deu["Core spending, Δ B − A (EUR bn)"] == 25.362  # 124.66 − 99.298


class TestNationalCurrencies:
    def test_each_member_is_in_its_own_currency_named_per_row_and_the_groups_in_dollars(
        self, tmp_path, capsys
    ):
        wb = workbook(["report", "--currency", "national"], tmp_path, capsys)
        members = rows(wb["Members"])
        headers = [c.value for c in wb["Members"][2]]
        assert headers[:4] == ["Code", "Name", "Currency", "GDP (national bn)"]
        assert (members["POL"]["Currency"], members["POL"]["Core spending (national bn)"]) == ("PLN", 193.789)
        assert (members["DEU"]["Currency"], members["DEU"]["Core spending (national bn)"]) == ("EUR", 124.66)
        assert members["USA"]["Currency"] == "USD"
        assert wb["Members"].freeze_panes == "D3"  # code, name and currency stay in view
        assert "each member's own currency (its ISO code in column Currency)" in wb["Members"]["A1"].value
        nato = rows(wb["Groups"])["nato"]
        assert nato["Core spending (USD bn)"] == 1809.913
        assert wb["Groups"]["A1"].value.endswith(
            "· groups · USD bn, current prices; shares of GDP as percent"
        )
        value, note = assumptions(wb)["Currency"]
        assert value.startswith("national bn: each member's own currency") and value.endswith(
            "; groups USD bn"
        )
        assert "the groups' money in USD" in note
        assert "EUR per USD" not in assumptions(wb)

    def test_a_members_path_is_in_its_own_currency(self, tmp_path, capsys):
        wb = workbook(["path", "--member", "POL", "--currency", "national"], tmp_path, capsys)
        headers = [c.value for c in wb["Path years"][2]]
        assert "Core spending (PLN bn)" in headers
        assert rows(wb["Path years"])[2026]["Core spending (PLN bn)"] == 193.789
        assert assumptions(wb)["Currency"][0] == "PLN bn, current prices"

    def test_a_comparison_names_the_currency_of_each_side(self, tmp_path, capsys):
        wb = workbook(["compare", "nato-2026@2025", "nato-2026", "--currency", "national"], tmp_path, capsys)
        pol = rows(wb["Members"])["POL"]
        assert (pol["Currency, A"], pol["Currency, B"]) == ("PLN", "PLN")
        assert pol["Core spending, B (national bn)"] == 193.789
        assert rows(wb["Groups"])["nato"]["Core spending, B (USD bn)"] == 1809.913


class TestUkraineAid:
    def test_the_members_sheet_has_the_aid_and_what_is_counted(self, tmp_path, capsys):
        wb = workbook(["report", "--year", "2025", "--count-ukraine"], tmp_path, capsys)
        deu = rows(wb["Members"])["DEU"]
        assert deu["Ukraine aid (USD bn)"] == 10.179288
        assert deu["Ukraine aid counted toward core (USD bn)"] == 10.179288
        assert deu["Core spending (USD bn)"] == 122.320288  # 112.141 + 10.179288
        assert rows(wb["Members"])["HUN"]["Ukraine aid (USD bn)"] is None  # none recorded: empty
        assert assumptions(wb)["Ukraine aid counted"] == (
            True,
            "Ukraine aid counted toward core spending (core and its shares include it)",
        )

    def test_without_the_switch_the_aid_is_shown_and_not_counted(self, tmp_path, capsys):
        wb = workbook(["report", "--year", "2025", "--currency", "eur"], tmp_path, capsys)
        deu = rows(wb["Members"])["DEU"]
        assert deu["Ukraine aid counted toward core (EUR bn)"] == 0
        assert assumptions(wb)["Ukraine aid counted"] == (
            False,
            "Ukraine aid not counted toward core spending",
        )

    def test_the_figure_sources_give_each_aid_figures_source(self, tmp_path, capsys):
        wb = workbook(["report", "--year", "2025"], tmp_path, capsys)
        ws = wb["Figure sources"]
        headers = [c.value for c in ws[2]]
        aid = [
            dict(zip(headers, r)) for r in ws.iter_rows(min_row=3, values_only=True) if r[2] == "Ukraine aid"
        ]
        deu = next(r for r in aid if r["Code"] == "DEU")
        assert deu["Value (USD bn)"] == 10.179288 and deu["Status"] == "kiel-allocated"
        assert len(aid) == 32

    def test_a_preset_without_aid_says_there_is_nothing_to_count(self, tmp_path, capsys):
        wb = workbook(["report", "--preset", "nato-2025"], tmp_path, capsys)
        assert assumptions(wb)["Ukraine aid counted"] == (
            False,
            "the preset gives no aid figure: nothing to count",
        )
        fields = {r[2] for r in wb["Figure sources"].iter_rows(min_row=3, values_only=True)}
        assert fields == {"GDP", "core spending", "related spending"}


def test_the_assumptions_list_every_target_of_the_registry_with_its_value(tmp_path, capsys):
    wb = workbook(["report", "--target", "core=3%"], tmp_path, capsys)
    info = assumptions(wb)
    for t in registry.TARGETS:
        assert info[t.title][1] == t.help, t.key
    assert info["Core target"][0] == 0.03 and info["Equipment ≥"][0] == 0.2 and info["Deadline"][0] == 2035


def test_the_configs_currency_applies_to_a_workbook_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NATO_CALC_CURRENCY", "eur")
    wb = workbook(["report"], tmp_path, capsys)
    assert rows(wb["Members"])["DEU"]["Core spending (EUR bn)"] == 124.66


def _target(doc: dict, key: str | None) -> str:
    from calc.output.fmt import pct_short

    return "" if key is None else f"{pct_short(doc['targets'][key])} {registry.TARGET[key].word}"
