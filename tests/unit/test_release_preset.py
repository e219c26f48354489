"""The 2026 release (nato-2026, schema 2): every shipped figure equals NATO's tables as copied
into presets/sources, the sums equal NATO's printed totals, years load and are refused, and
schema-2 files get located errors."""

from __future__ import annotations

import csv
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import ROOT

from calc.cli import main
from calc.errors import PresetError, UnknownPresetError, UsageError
from calc.files.presets import load_by_id, load_preset, split_ref

SOURCES = ROOT / "presets" / "sources"
RELEASE = ROOT / "presets" / "nato-2026.toml"
#: The allies that joined after 2014: NATO's totals leave them out of the years before.
JOINED = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}
#: (column of nato_2026_release.csv, divisor, YearFigures field)
MEASURES = [
    ("pct_gdp", 100, "core_share"),
    ("defence_nac_current_m", 1000, "core_national"),
    ("defence_usd_current_m", 1000, "core"),
    ("defence_usd_2021_m", 1000, "core_constant"),
    ("gdp_usd_current_m", 1000, "gdp"),
    ("equipment_pct", 100, "equipment_share"),
]


def rows(name: str) -> list[dict]:
    with (SOURCES / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def release():
    return load_preset(RELEASE, shipped=True, use_cache=False)


def test_every_shipped_ally_year_measure_equals_the_input_table(release):
    timeline = release.timeline
    checked = 0
    for r in rows("nato_2026_release.csv"):
        if r["code"] == "ISL":
            continue
        fig = next(f for f in timeline.series(r["code"]) if f.year == int(r["year"]))
        assert fig.estimate is (r["estimate"] == "true"), (r["code"], r["year"])
        for column, divisor, field in MEASURES:
            assert getattr(fig, field) == D(r[column]) / divisor, (r["code"], r["year"], field)
            checked += 1
    assert checked == 31 * 13 * 6
    assert dict(timeline.currencies)["BGR"] == "EUR" and dict(timeline.currencies)["POL"] == "PLN"


def test_every_printed_aggregate_equals_the_totals_table(release):
    names = {"NATO": "nato", "NATO_EUR_CAN": "europe-canada"}
    for r in rows("nato_2026_totals.csv"):
        if r["code"] not in names:
            continue
        fig = next(f for f in release.timeline.aggregate(names[r["code"]]) if f.year == int(r["year"]))
        assert fig.core_share == D(r["pct_gdp"]) / 100
        assert fig.core == D(r["defence_usd_current_m"]) / 1000
        assert fig.core_constant == D(r["defence_usd_2021_m"]) / 1000
        assert fig.gdp == D(r["gdp_usd_current_m"]) / 1000
        assert fig.real_change == D(r["real_change_pct"]) / 100


def test_the_membership_rule_is_the_product_s_and_reads_the_years_allies_joined(release):
    assert {m.code: m.joined for m in release.members if m.joined} == JOINED
    assert [c for c in JOINED if release.member(c).ally_in(2019)] == ["MNE"]


@pytest.mark.parametrize("year", range(2014, 2027))
def test_the_allies_sums_equal_nato_s_printed_totals_to_two_million_dollars(release, year):
    # the product's own membership rule (Member.ally_in): its groups sum the same allies
    members = [
        (c, f)
        for c, s in release.timeline.members
        for f in s
        if f.year == year and release.member(c).ally_in(year)
    ]
    nato = next(f for f in release.timeline.aggregate("nato") if f.year == year)
    europe = next(f for f in release.timeline.aggregate("europe-canada") if f.year == year)
    assessed = [f for c, f in members if c != "ISL"]
    for field in ("core", "core_constant"):
        # NATO rounds every row to US$ 1 m: 2 m at most, but 3 m for 2015 at current prices
        limit = D("0.003") if (year, field) == (2015, "core") else D("0.002")
        total = sum(getattr(f, field) for f in assessed)
        assert abs(total - getattr(nato, field)) <= limit, field
        eu_can = sum(getattr(f, field) for c, f in members if c not in ("ISL", "USA"))
        assert abs(eu_can - getattr(europe, field)) <= limit, field
    # GDP: NATO's total includes Iceland's, whose GDP is derived as total minus the others
    assert sum(f.gdp for _, f in members) == nato.gdp


def test_germany_2026_and_the_nato_total_are_nato_s_headline_figures(release):
    deu = release.member("DEU")
    assert release.year == 2026 and release.years == tuple(range(2014, 2027))
    assert deu.published_share == D("0.0269") and deu.core.value == D("147.002")
    assert f"{deu.core.value:.1f}" == "147.0" and deu.core.status == "estimate"
    assert deu.currency == "EUR" and deu.usd_rate == D("124.66") / D("147.002")
    assert release.eur_rate == deu.usd_rate
    assert deu.equipment.value == D("0.3211") and not deu.equipment.share
    assert deu.core_constant == D("119.159") and deu.core_national == D("124.66")
    nato = release.timeline.aggregate("nato")[-1]
    assert (nato.year, nato.core, f"{nato.core:,.1f}") == (2026, D("1809.915"), "1,809.9")
    assert release.release.credit == "Source: NATO" and release.release.publisher == "NATO"
    assert dict(release.release.tables)["core_share"].startswith("Table 3")
    assert str(release.release.next_expected) == "2027-07-31"


def test_iceland_is_kept_not_assessed_with_a_derived_gdp(release):
    isl = release.member("ISL")
    assert isl.core.status == "not-applicable" and not isl.assessed
    assert isl.gdp.value == D("43.087") and "DERIVED" in isl.gdp.note
    assert isl.published_share is None and isl.usd_rate is None


def test_a_year_of_the_release_has_that_year_s_figures_and_status(release):
    p = load_by_id("nato-2026@2019")
    deu = p.member("DEU")
    assert (p.year, p.years[-1]) == (2019, 2026)
    assert deu.core.value == D("52.549") and deu.core.status == "final"
    assert deu.published_share == D("0.0132") and deu.gdp.value == D("3967.28")
    assert p.eur_rate == D("46.936") / D("52.549")
    assert p.label.endswith(": 2019") and load_by_id("nato-2026").label.endswith(": 2026 estimates")
    assert p.timeline == release.timeline
    assert load_by_id("nato-2026", year=2019) == p


def test_split_ref_reads_an_id_and_a_year():
    assert split_ref("nato-2026@2025") == ("nato-2026", 2025)
    assert split_ref("nato-2026") == ("nato-2026", None)
    for bad in ("nato-2026@", "nato-2026@25", "@2025", "nato-2026@20x5"):
        with pytest.raises(UsageError):
            split_ref(bad)


def test_a_year_the_preset_does_not_hold_is_refused_with_its_years():
    with pytest.raises(UnknownPresetError) as e:
        load_by_id("nato-2026@2013")
    assert e.value.msg == "preset 'nato-2026' has no year 2013; it holds 2014-2026"
    assert load_by_id("nato-2025@2025").year == 2025
    with pytest.raises(UnknownPresetError) as e:
        load_by_id("nato-2025@2024")
    assert e.value.msg == "preset 'nato-2025' has no year 2024; it holds 2025"


def test_compare_shows_nato_s_restatement_of_2025(capsys):
    code, out, err = run(capsys, "compare", "nato-2025", "nato-2026@2025")
    assert (code, err) == (0, "")
    for code_, a, b in (("DEU", "2.00", "2.22"), ("POL", "4.48", "4.25")):
        line = next(x for x in out.splitlines() if x.startswith(code_))
        cells = line.split()
        assert cells[6:8] == [a, b], line


def test_year_flags_on_the_commands(capsys):
    code, out, _ = run(capsys, "report", "--year", "2019", "-f", "json")
    doc = json.loads(out)
    assert (code, doc["preset"]["id"], doc["preset"]["year"]) == (0, "nato-2026", 2019)
    code, out, err = run(capsys, "report", "--preset", "nato-2026@2025", "--year", "2024")
    assert (code, out) == (
        2,
        "",
    ) and err == "nato-calc: --preset nato-2026@2025 names 2025, --year 2024: give one year\n"
    code, out, err = run(capsys, "report", "--year", "2013")
    assert (code, out) == (
        2,
        "",
    ) and err == "nato-calc: preset 'nato-2026' has no year 2013; it holds 2014-2026\n"
    code, out, err = run(capsys, "path", "--member", "POL", "--year", "2024", "-f", "json")
    assert code == 0, err
    code, out, err = run(capsys, "compare", "nato-2026", "nato-2026@2024", "--year", "2025", "-f", "json")
    doc = json.loads(out)
    assert code == 0, err
    assert json.dumps(doc).count('"year": 2025') >= 1 and json.dumps(doc).count('"year": 2024') >= 1


def test_a_scenario_base_may_name_a_year(tmp_path, capsys):
    s = tmp_path / "s.toml"
    s.write_text('schema_version = 1\nkind = "scenario"\nbase = "nato-2026@2024"\n')
    code, out, err = run(capsys, "report", "--scenario", str(s), "-f", "json")
    assert (code, err) == (0, "") and json.loads(out)["preset"]["year"] == 2024


# -- schema 2 files: located errors ---------------------------------------------------------


def _small(tmp_path: Path, text: str, name: str = "rel") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


SMALL = """schema_version = 2
id = "rel"
label = "Test release"

[release]
publisher = "NATO"
title = "Test (2025-2026)"
credit = "Source: NATO"

[[sources]]
id = "src"
title = "Test tables"

[members.DEU]
name = "Germany"
currency = "EUR"
source = "src"
years = [
  { year = 2025, estimate = true, core_share = 0.0222, core_national = 99.298, core = 112.141, gdp = 5056.631 },
  { year = 2026, estimate = true, core_share = 0.0269, core_national = 124.66, core = 147.002, gdp = 5455.98 },
]
"""


def test_a_small_release_loads_at_its_newest_year(tmp_path):
    p = load_preset(_small(tmp_path, SMALL), use_cache=False)
    assert (p.year, p.years) == (2026, (2025, 2026))
    assert p.member("DEU").core.value == D("147.002")
    assert load_preset(_small(tmp_path, SMALL), use_cache=False, year=2025).member("DEU").core.value == D(
        "112.141"
    )


def test_a_bad_year_row_names_the_file_its_line_and_the_field(tmp_path):
    text = SMALL.replace("gdp = 5455.98", "gdp = -5")
    with pytest.raises(PresetError) as e:
        load_preset(_small(tmp_path, text), use_cache=False)
    line = text.splitlines().index(next(x for x in text.splitlines() if "gdp = -5" in x)) + 1
    assert e.value.msg.endswith(f"rel.toml: line {line}, members.DEU.years[2].gdp: must be greater than 0")


def test_a_missing_figure_and_a_year_out_of_order_are_located(tmp_path):
    text = SMALL.replace("core = 112.141, ", "").replace("year = 2026", "year = 2024")
    with pytest.raises(PresetError) as e:
        load_preset(_small(tmp_path, text), use_cache=False)
    assert "rel.toml: members.DEU.years: years must be listed once each, in increasing order" in e.value.msg
    text = SMALL.replace("core = 112.141, ", "")
    with pytest.raises(PresetError) as e:
        load_preset(_small(tmp_path, text), use_cache=False)
    assert e.value.msg.endswith("rel.toml: line 19, members.DEU.years[1].core: required for 2025")


def test_a_release_gets_the_same_file_wide_checks_as_a_single_year_preset(tmp_path):
    # a duplicate source id located, a group listing a member twice, an unknown source with
    # its did-you-mean: the checks both schemas share
    text = (
        SMALL.replace('[[sources]]\nid = "src"\ntitle = "Test tables"\n',
                      '[[sources]]\nid = "src"\ntitle = "Test tables"\n\n[[sources]]\nid = "src"\ntitle = "Again"\n')
        .replace('source = "src"', 'source = "scr"')
        + '\n[groups]\nde = ["DEU", "DEU"]\n'
    )  # fmt: skip  # the replaced texts one a line
    with pytest.raises(PresetError) as e:
        load_preset(_small(tmp_path, text), use_cache=False)
    assert "rel.toml: sources[2].id: duplicate source id 'src'" in e.value.msg
    assert "rel.toml: members.DEU.source: unknown source id 'scr' (did you mean 'src'?)" in e.value.msg
    assert "rel.toml: groups.de: lists a member more than once" in e.value.msg


def test_an_unknown_key_in_a_row_is_refused_with_a_did_you_mean(tmp_path):
    text = SMALL.replace("core_share = 0.0269", "core_shar = 0.0269")
    with pytest.raises(PresetError) as e:
        load_preset(_small(tmp_path, text), use_cache=False)
    assert (
        "rel.toml: line 20, members.DEU.years[2].core_shar: unknown key 'core_shar' (did you mean 'core_share'?)"
        in e.value.msg
    )


def test_v1_presets_still_load_unchanged():
    p = load_by_id("nato-2025")
    assert (p.year, p.years, p.release, p.timeline) == (2025, (), None, None)
    assert p.member("POL").core.share and p.member("POL").core.value == D("0.0448")


def test_the_russia_benchmark_of_the_2026_release_is_sipri_s_exact_figure(release):
    b = next(b for b in release.benchmarks if b.id == "russia-2025-sipri-exact")
    assert (b.value, b.share_of_gdp, b.year) == (D("190.4166"), D("0.075"), 2025)
    assert release.source(b.source).publisher == "Stockholm International Peace Research Institute"
    old = {b.id: b for b in load_by_id("nato-2025").benchmarks}
    assert old["russia-2025-sipri"].value == D("190") and "russia-2025-sipri-exact" not in old


def test_presets_lists_the_years_each_preset_holds(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "presets", "--format", "json")
    ids = {p["id"]: p for p in json.loads(out)["presets"]}
    assert code == 0 and ids["nato-2026"]["years"] == list(range(2014, 2027))
    assert ids["nato-2025"]["years"] == [2025] and ids["nato-2026"]["default"] is True
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "nato-calc").mkdir()
    (tmp_path / "nato-calc" / "config.toml").write_text('preset = "nato-2026@2024"\n')
    code, out, _ = run(capsys, "presets", "--format", "json")
    assert [p["id"] for p in json.loads(out)["presets"] if p["default"]] == ["nato-2026"]
