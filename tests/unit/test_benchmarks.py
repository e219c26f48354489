"""Reference benchmarks: group core spending against outside figures, with their caveats.

toy-2025 (tests/data/toy): NATO core (assessed members) = 30 + 8 + 4.5 + 1.5 = 44; East flank
(DEU, POL) = 12.5. Benchmarks: rival-mer = 100 (2024, market exchange rates, 6 % of GDP);
rival-ppp = 40 (2025, PPP), set by its publisher against 12 for the East flank.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from helpers import DATA

from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import evaluate
from calc.files.presets import load_by_id, load_preset
from calc.output.benchmarks import DEFINITION_CAVEAT, PPP_CAVEAT, compare_benchmarks
from calc.output.report import render, report_dict

TOY = DATA / "toy"
P25 = load_preset(TOY / "toy-2025.toml")


@pytest.fixture(scope="module")
def bench():
    return {b.benchmark.id: b for b in compare_benchmarks(evaluate(P25))}


def test_ratios_are_group_core_over_the_benchmark(bench):
    mer = bench["rival-mer"]
    got = {r.group: (r.core, r.ratio, r.difference) for r in mer.groups}
    assert got == {
        "nato": (D(44), D("0.44"), D(-56)),
        "europe-canada": (D(14), D("0.14"), D(-86)),
        "eu": (D("12.5"), D("0.125"), D("-87.5")),
        "east": (D("12.5"), D("0.125"), D("-87.5")),
    }


def test_the_ppp_caveat_is_given_wherever_a_ppp_figure_is_compared(bench):
    assert bench["rival-ppp"].is_ppp and PPP_CAVEAT in bench["rival-ppp"].caveats
    assert PPP_CAVEAT not in bench["rival-mer"].caveats


def test_a_benchmark_for_another_year_says_so(bench):
    assert bench["rival-mer"].year_differs
    assert "the benchmark is for 2024; the allied figures are for 2025" in bench["rival-mer"].caveats
    assert not bench["rival-ppp"].year_differs


def test_every_benchmark_carries_the_definition_caveat(bench):
    assert all(DEFINITION_CAVEAT in b.caveats for b in bench.values())


def test_the_publishers_comparator_is_shown_next_to_ours(bench):
    c = bench["rival-ppp"].comparator
    assert (c.group, c.name, c.size) == ("east", "East flank", 2)
    assert (c.theirs, c.theirs_ratio) == (D(12), D("0.3"))
    assert (c.ours, c.ours_ratio, c.difference) == (D("12.5"), D("0.3125"), D("0.5"))
    assert c.label == "East flank, publisher's own figure"
    assert bench["rival-mer"].comparator is None


def test_a_missing_comparator_group_is_a_caveat_not_an_error():
    p = replace(P25, groups=(), group_names=())
    [_, ppp] = compare_benchmarks(evaluate(p))
    assert ppp.comparator.ours is None and ppp.comparator.theirs == 12
    assert "this preset has no group 'east' to set against it" in ppp.caveats


def test_only_the_selected_groups_but_always_the_comparator():
    [mer, ppp] = compare_benchmarks(evaluate(P25), ["nato"])
    assert [r.group for r in mer.groups] == ["nato"]
    assert ppp.comparator.ours == D("12.5")


def test_what_ifs_move_the_ratios():
    p = apply_changes(P25, [Change("set", "DEU", "core", D(20))])
    [mer, _] = compare_benchmarks(evaluate(p), ["east"])
    assert mer.groups[0].ratio == D("0.245")


def test_a_preset_without_benchmarks_has_none():
    assert compare_benchmarks(evaluate(load_preset(TOY / "toy-2024.toml"))) == ()


class TestReport:
    def test_report_json_has_a_benchmarks_list_per_group(self):
        doc = report_dict(evaluate(P25), group="east")
        [mer, ppp] = doc["benchmarks"]
        assert mer["id"] == "rival-mer" and mer["basis"] == "market-exchange-rates"
        assert mer["groups"] == [
            {"id": "east", "name": "East flank", "core": D("12.5"), "core_share": D("0.025"),
             "ratio": D("0.125"), "difference": D("-87.5")}
        ]  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
        assert mer["source"]["id"] == "toy-source"
        assert ppp["comparator"]["theirs"] == D(12) and ppp["comparator"]["ours_ratio"] == D("0.3125")
        assert PPP_CAVEAT in ppp["caveats"]

    def test_report_json_keeps_the_contract_fields(self):
        doc = report_dict(evaluate(P25))
        assert list(doc)[:5] == ["schema", "preset", "targets", "units", "members"]
        assert doc["schema"] == "nato-calc.report/1"

    def test_the_table_shows_the_ratios_and_the_ppp_caveat(self):
        text = render(evaluate(P25), "table")
        assert "rival-ppp *" in text and "0.31×" in text
        assert "* PPP (purchasing-power parity)" in text
        flat = " ".join(text.split())  # prose is wrapped at 80 columns
        assert "12.0 (0.30×)" in flat and "12.5 (0.31×; +0.5 vs theirs)" in flat
        assert "Other year than the allied figures (2025): rival-mer." in flat
        assert max(len(line) for line in text.splitlines()) <= 80

    def test_markdown_shows_the_ratios_and_the_caveats(self):
        text = render(evaluate(P25), "markdown")
        assert "### Reference benchmarks" in text
        assert "PPP (purchasing-power parity)" in text
        assert "the benchmark is for 2024" in text

    def test_no_benchmarks_no_section(self):
        text = render(evaluate(load_preset(TOY / "toy-2024.toml")), "table")
        assert "benchmark" not in text.lower()


class TestShippedPresets:
    """The headline comparison of the debate, checked on the shipped data."""

    def test_iiss_ppp_against_european_spending_in_2024(self):
        [b] = [
            b
            for b in compare_benchmarks(evaluate(load_by_id("nato-2024")))
            if b.benchmark.id == "russia-2024-iiss-ppp"
        ]
        assert b.benchmark.value == D("461.6") and b.is_ppp
        assert b.comparator.theirs == D(457) and b.comparator.group == "eu-uk"
        assert b.comparator.ours is not None and b.comparator.size == 24
        assert PPP_CAVEAT in b.caveats

    @pytest.mark.parametrize("preset", ["nato-2024", "nato-2024-revised", "nato-2025"])
    def test_every_shipped_benchmark_resolves_its_source_and_groups(self, preset):
        for b in compare_benchmarks(evaluate(load_by_id(preset))):
            assert b.source is not None and b.source.publisher
            assert {r.group for r in b.groups} >= {"nato", "europe-canada", "eu", "eu-uk"}
            assert all(r.ratio > 0 for r in b.groups)
