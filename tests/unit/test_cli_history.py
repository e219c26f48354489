"""``nato-calc history`` and the path's record and 2021 prices, end to end on ``nato-2026``
(NATO's 2026 release, /work/shared/data/2026): golden files, the figures the issue names, the
errors. Expected values are NATO's printed figures (Tables 2, 3, 5, 8a) or computed from them
by hand in the comments.

Golden files: ``NATO_CALC_UPDATE_GOLDEN=1 pytest tests/unit/test_cli_history.py``, then read
``git diff tests/golden``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import check_golden, run

from calc.engine.evaluate import CONTEXT

GOLDEN_CASES = {
    "history-pol.txt": ["history", "--member", "Poland"],
    "history-pol.csv": ["history", "--member", "POL", "--format", "csv"],
    "history-pol.json": ["history", "--member", "POL", "--format", "json"],
    "history-nato.md": ["history", "--group", "nato", "--format", "md"],
    "history-eu-constant.txt": ["history", "--group", "eu", "--prices", "constant", "--from", "2020"],
}


def doc(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out, parse_float=D)


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_history_output_matches_its_golden_file(capsys, monkeypatch, name):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run(capsys, *GOLDEN_CASES[name], "--preset", "nato-2026")
    assert code == 0, err
    check_golden(name, out)


def test_how_poland_got_to_4_7_percent(capsys):
    d = doc(capsys, "history", "--member", "POL", "--preset", "nato-2026")
    years = d["years"]
    assert [y["year"] for y in years] == list(range(2014, 2027))
    assert (years[0]["core_share"], years[-1]["core_share"]) == (D("0.0186"), D("0.0468"))
    assert years[-1]["core"] == D("53.08") and years[-1]["gdp"] == D("1134.841")
    assert years[-1]["equipment_share"] == D("0.5591") and years[-1]["estimate"] is True
    assert [y["estimate"] for y in years].count(True) == 2  # 2025e, 2026e
    r = d["record"]
    assert r["largest_increase"] == {"year": 2023, "change": D("0.0105")}  # 2.21 -> 3.26 %
    assert r["largest_decrease"] == {"year": 2016, "change": D("-0.0022")}  # 2.21 -> 1.99 %
    assert r["average_change"] == D("0.00235")  # (4.68 - 1.86) / 12 points
    assert (r["increases"], r["changes"]) == (8, 12)
    with localcontext(CONTEXT):
        assert years[-1]["real_change"] == round(D(37515) / D(33084) - 1, 10)
        growth = (D(37515) / D(9769)) ** (D(1) / 12) - 1
    assert abs(r["average_real_growth"] - growth) < D("1e-10")
    assert d["member"] == {"code": "POL", "name": "Poland", "currency": "PLN"}


def test_germany_in_euros_is_natos_table_1(capsys):
    d = doc(capsys, "history", "--member", "DEU", "--preset", "nato-2026", "--currency", "eur")
    last = d["years"][-1]
    assert d["currency"] == "EUR"
    assert last["core"] == D("124.66")  # Table 1: EUR 124,660 m
    assert last["core_share"] == D("0.0269")
    usd = doc(capsys, "history", "--member", "DEU", "--preset", "nato-2026", "--year", "2026")
    assert [y["core"] for y in usd["years"]] == [D("147.002")]  # Table 2: USD 147,002 m
    assert usd["record"]["changes"] == 0


def test_the_nato_total_is_natos_printed_one(capsys):
    d = doc(capsys, "history", "--preset", "nato-2026")
    assert d["group"]["id"] == "nato" and d["group"]["basis"] == "aggregate"
    last = d["years"][-1]
    assert (last["year"], last["core_share"], last["core"]) == (2026, D("0.0286"), D("1809.915"))
    assert last["real_change"] == D("0.0564") and last["gdp"] == D("63182.981")
    assert d["real_change_basis"].startswith("NATO's own")


def test_constant_prices_are_natos_2021_prices(capsys):
    d = doc(capsys, "history", "--member", "POL", "--preset", "nato-2026", "--prices", "constant")
    last = d["years"][-1]
    assert (last["core"], last["gdp"], last["core_current"]) == (D("37.515"), None, D("53.08"))
    assert d["units"]["money"] == "USD bn, constant 2021 prices"


def test_the_path_shows_polands_record_and_its_extra_at_2021_prices(capsys):
    d = doc(capsys, "path", "--member", "POL", "--preset", "nato-2026")
    assert d["record"]["largest_increase"] == {"year": 2023, "change": D("0.0105")}
    assert (d["record"]["from"], d["record"]["to"]) == (2014, 2026)
    assert d["prices"] == "current" and d["inflation"] == D("0.02")
    assert d["cumulative_extra_constant"] < d["cumulative_extra"]
    code, out, _ = run(capsys, "path", "--member", "DEU", "--preset", "nato-2026")
    flat = " ".join(out.split())
    assert "record 2014–2026: largest rise +0.47 pp (2026)" in flat  # 2.22 -> 2.69 %
    assert "USD bn at 2021 prices (2.00 % inflation a year assumed after 2026)" in flat


def test_path_at_constant_prices_uses_the_base_years_ratio(capsys):
    d = doc(
        capsys, "path", "--member", "POL", "--preset", "nato-2026", "--prices", "constant", "--inflation", "0"
    )
    first = d["years"][0]
    assert first["core"] == D("37.515")  # 2026 core at 2021 prices, as NATO prints it
    assert d["cumulative_extra"] == d["cumulative_extra_constant"]


@pytest.mark.parametrize(
    "argv,message",
    [
        (
            ["history", "--preset", "nato-2025", "--member", "POL"],
            "nato-calc: preset 'nato-2025' holds one year (2025) only; a history needs a release with "
            "a time axis; presets with one: nato-2026 (give --preset nato-2026)",
        ),
        (
            ["history", "--preset", "nato-2026", "--from", "2010"],
            "nato-calc: --from 2010: the release holds the years 2014–2026",
        ),
        (
            ["history", "--preset", "nato-2026", "--year", "2030"],
            "nato-calc: --year 2030: the release holds the years 2014–2026",
        ),
        (
            ["history", "--preset", "nato-2026", "--year", "2020", "--to", "2021"],
            "nato-calc: history: give --year, or --from/--to, not both",
        ),
        (
            ["history", "--preset", "nato-2026", "--group", "nat"],
            "nato-calc: unknown group 'nat' (did you mean 'nato'?); groups: nato, europe-canada, eu, eu-uk",
        ),
        (
            ["history", "--preset", "nato-2026", "--member", "ISL"],
            "nato-calc: ISL (Iceland): the release gives no figures for 2014–2026 (the targets do not apply)",
        ),
        (
            ["path", "--preset", "nato-2025", "--member", "POL", "--prices", "constant"],
            "nato-calc: nato-2025 has no constant 2021 prices for POL; use a NATO release with a time "
            "axis (nato-2026)",
        ),
        (
            ["path", "--preset", "nato-2026", "--member", "POL", "--inflation", "3%"],
            "nato-calc: path: --inflation applies to --prices constant; add --prices constant",
        ),
        (["history", "--preset", "nato-2026", "-o", "x.xlsx"], None),
    ],
)
def test_history_errors_are_one_line(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    if message is not None:
        assert err.strip() == message


def test_history_writes_o_atomically_in_the_format_of_its_suffix(capsys, tmp_path):
    target = tmp_path / "pol.json"
    code, _, err = run(capsys, "history", "--member", "POL", "--preset", "nato-2026", "-o", str(target))
    assert code == 0 and "wrote" in err
    assert json.loads(target.read_text())["schema"] == "nato-calc.history/1"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_history_never_imports_textual():
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from calc.cli import main; "
            "main(['history', '--member', 'POL', '--preset', 'nato-2026', '-o', '/dev/null']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
