"""Every shipped preset: valid under the strict rules, sane, and traceable to its sources."""

from __future__ import annotations

from decimal import Decimal as D

import pycountry
import pytest
from helpers import ROOT

from calc.domain.countries import EU_MEMBER_STATES
from calc.engine.evaluate import evaluate
from calc.files.presets import find_presets, load_preset

SHIPPED = [r for r in find_presets() if r.shipped]
#: The 32 allies since Sweden joined in March 2024.
ALLIES = {
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
}  # fmt: skip  # a table: one row a line


def test_there_are_shipped_presets():
    assert {r.id for r in SHIPPED} >= {"nato-2024", "nato-2024-revised", "nato-2025"}


@pytest.fixture(params=SHIPPED, ids=[r.id for r in SHIPPED])
def preset(request):
    return load_preset(request.param.path, shipped=True, use_cache=False)


def test_a_shipped_preset_has_all_32_allies_with_real_codes_and_names(preset):
    assert {m.code for m in preset.members} == ALLIES
    for m in preset.members:
        country = pycountry.countries.get(alpha_3=m.code)
        assert country is not None, m.code
        assert m.name, m.code


def test_a_shipped_preset_stays_within_sanity_bounds(preset):
    for m in preset.members:
        assert m.gdp.value > 0
        if preset.release is not None:  # a release: NATO's money, and its published share
            assert not m.core.share, f"{m.code}: a release's core figures are NATO's USD amounts"
            share = m.core.value / m.gdp.value
            assert m.code == "ISL" or abs(share - m.published_share) < D("0.004"), m.code
        else:
            assert m.core.share, f"{m.code}: shipped core figures are NATO shares of GDP"
            share = m.core.value
        assert D(0) <= share <= D("0.1"), m.code
        if m.code == "ISL":
            assert m.core.status == "not-applicable"
        else:
            assert share >= D("0.01"), m.code


def test_every_figure_traces_to_a_declared_source(preset):
    declared = {s.id for s in preset.sources}
    for m in preset.members:
        for fig in (m.gdp, m.core, m.related):
            if fig is not None:
                assert fig.source in declared, (m.code, fig)
    for b in preset.benchmarks:
        assert b.source in declared
    for s in preset.sources:
        assert s.title and s.url, s.id


def test_placeholders_and_later_vintages_say_so(preset):
    for m in preset.members:
        if m.core.status in ("placeholder", "later-vintage", "not-applicable"):
            assert m.note, f"{m.code}: a {m.core.status} figure explains itself in a note"


def test_the_2025_preset_matches_the_published_headline_figures():
    p = load_preset(next(r.path for r in SHIPPED if r.id == "nato-2025"), shipped=True)
    r = evaluate(p)
    usa = r.member("USA")
    # NATO: about USD 980 bn for the US in 2025 at current prices; 3.22 % x IMF GDP = 985.8
    assert usa.core_share == D("0.0322")
    assert abs(usa.core - D(986)) < 1
    nato = r.group("nato")
    assert D(1550) < nato.core < D(1700)  # NATO reported about USD 1.5-1.6 trn
    # NATO: every ally with armed forces at or above 2 % in 2025
    assert nato.meeting_guideline == nato.assessed == 31
    assert nato.not_assessed == ("ISL",)
    deu = p.member("DEU")
    assert deu.core.status == "placeholder" and "2.4" in deu.note
    assert r.group("eu").codes == tuple(m.code for m in p.members if m.code in EU_MEMBER_STATES)


def test_the_revision_between_2024_vintages_is_visible():
    by_id = {r.id: load_preset(r.path, shipped=True) for r in SHIPPED}
    old, new = by_id["nato-2024"], by_id["nato-2024-revised"]
    assert old.member("USA").core.value == D("0.0338")
    assert new.member("USA").core.value == D("0.0319")
    assert old.member("USA").gdp == new.member("USA").gdp  # same GDP, only the shares differ


@pytest.mark.parametrize("preset_id", ["nato-2024", "nato-2024-revised"])
def test_the_united_kingdoms_2024_gdp_is_actual_data_not_a_projection(preset_id):
    """Was: flagged a projection, because the build script matched "projection" anywhere in
    the IMF note, here in its remark on the population figure."""
    from calc.files.presets import load_by_id

    assert load_by_id(preset_id).member("GBR").gdp.status is None
    assert load_by_id("nato-2025").member("GBR").gdp.status == "projection"


def test_the_build_script_reads_the_gdp_status_from_the_gdp_clause_only():
    import importlib.util

    path = ROOT / "scripts" / "build_presets.py"
    spec = importlib.util.spec_from_file_location("build_presets", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    status = build.gdp_status_of
    assert (
        status(
            "GDP: IMF actual/estimate (latest actual annual data 2024); population: IMF projection/estimate (latest actual 2023)"
        )
        is None
    )
    assert (
        status("GDP: IMF projection (latest actual annual data 2024); population: IMF projection/estimate")
        == "projection"
    )
    assert status("population: IMF projection") is None
