"""path: real growth and inflation (issue 13), every expectation by hand.

``--real-growth r --inflation i`` makes the nominal growth ``(1 + r)(1 + i) - 1``: real 1 % at
2 % inflation is 3.02 % exactly. The inflation is one assumption: it deflates to 2021 prices and
makes the nominal growth; ``--growth`` stays the nominal shortcut and is refused with either.
Germany in toy-2025: GDP 400 (tests/data/toy), no 2021 prices.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import DATA, run
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import Growth
from calc.engine.evaluate import CONTEXT
from calc.engine.path import nominal_growth, plan
from calc.errors import PathError
from calc.files.presets import load_preset
from calc.output.path import path_dict, render

P25 = load_preset(DATA / "toy" / "toy-2025.toml")


def test_one_percent_real_at_two_percent_inflation_is_three_point_oh_two_nominal():
    assert nominal_growth(D("0.01"), D("0.02")) == D("0.0302")  # 1.01 x 1.02 = 1.0302
    assert nominal_growth(D("-0.01"), D("0.03")) == D("0.0197")  # 0.99 x 1.03 = 1.0197
    assert nominal_growth(D(0), D("0.02")) == D("0.02")


@given(
    st.decimals(min_value=D("-0.3"), max_value=D("0.3"), places=4),
    st.decimals(min_value=D("-0.1"), max_value=D("0.3"), places=4),
)
def test_the_nominal_growth_compounds_real_growth_and_inflation_exactly(real, inflation):
    with localcontext(CONTEXT):
        assert 1 + nominal_growth(real, inflation) == (1 + real) * (1 + inflation)


def test_a_path_on_real_growth_grows_gdp_at_the_nominal_rate():
    p = plan(P25, member="DEU", target_year=2027, real_growth=D("0.01"), inflation=D("0.02"))
    assert (p.real_growth, p.inflation, p.growth_override) == (D("0.01"), D("0.02"), D("0.0302"))
    assert p.members[0].growth == D("0.0302") and p.members[0].growth_source == "override"
    assert [y.gdp for y in p.years] == [D(400), D("412.08"), D("424.524816")]  # 400 x 1.0302^k
    assert p.years == plan(P25, member="DEU", target_year=2027, growth=D("0.0302")).years


def test_the_default_inflation_makes_the_nominal_growth_when_none_is_given():
    p = plan(P25, member="DEU", target_year=2027, real_growth=D("0.01"))
    assert (p.inflation, p.growth_override) == (D("0.02"), D("0.0302"))


def test_nominal_and_real_growth_together_are_refused():
    with pytest.raises(PathError, match="give the nominal growth or the real growth, not both"):
        plan(P25, member="DEU", growth=D("0.03"), real_growth=D("0.01"))


def test_a_nominal_growth_out_of_range_is_refused_with_the_rule():
    with pytest.raises(
        PathError, match=r"the nominal growth, \(1 \+ real growth\) x \(1 \+ inflation\) - 1,"
    ):
        plan(P25, member="DEU", real_growth=D("0.9"), inflation=D("0.2"))  # 1.9 x 1.2 = 2.28


def test_an_inflation_that_changes_nothing_is_refused():
    # toy-2025 has no 2021 prices: without real growth the inflation would be silently unused
    with pytest.raises(PathError, match=r"the inflation assumed \(--inflation\) changes nothing here"):
        plan(P25, member="DEU", inflation=D("0.03"))


def test_a_scenarios_rate_for_a_member_stays_nominal_and_wins():
    preset = replace(P25, growth=Growth(None, (("DEU", D("0.05")),)))
    p = plan(preset, member="DEU", target_year=2026, real_growth=D("0.01"))
    assert (p.members[0].growth, p.members[0].growth_source) == (D("0.05"), "scenario-member")
    assert p.years[1].gdp == D(420)


def test_the_json_states_real_growth_and_inflation_at_the_top_level():
    doc = path_dict(plan(P25, member="DEU", target_year=2027, real_growth=D("0.01"), inflation=D("0.02")))
    assert (doc["real_growth"], doc["inflation"]) == (D("0.01"), D("0.02"))
    assert doc["assumptions"]["growth"]["override"] == D("0.0302")
    plain = path_dict(plan(P25, member="DEU", target_year=2027, growth=D("0.03")))
    assert (plain["real_growth"], plain["inflation"]) == (None, None)  # no 2021 prices: unused


def test_the_table_and_markdown_headers_state_both():
    p = plan(P25, member="DEU", target_year=2027, real_growth=D("0.01"), inflation=D("0.02"))
    for fmt in ("table", "markdown"):
        flat = " ".join(render(p, fmt).split())
        assert "GDP growth: 3.02 %/yr (--real-growth 1.00 % with 2.00 % inflation)" in flat
        assert (
            "Inflation assumed: 2.00 % a year after 2025 (--inflation), for real growth 1.00 % → nominal 3.02 %"
            in flat
        )


# --- the command line ----------------------------------------------------------------------


def path_doc(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, "path", "--format", "json", *argv)
    assert (code, err) == (0, "")
    return json.loads(out, parse_float=D)


def test_path_real_growth_and_inflation_on_the_command_line(capsys):
    d = path_doc(capsys, "--member", "DEU", "--real-growth", "1%", "--inflation", "2%")
    assert (d["real_growth"], d["inflation"]) == (D("0.01"), D("0.02"))
    assert d["assumptions"]["growth"]["by_member"]["DEU"] == D("0.0302")
    first, second = d["years"][:2]
    assert second["gdp"] == (first["gdp"] * D("1.0302")).quantize(D("0.000001"))


def test_at_2021_prices_a_path_on_real_growth_grows_at_the_real_rate_and_deflates_with_the_same_inflation(
    capsys,
):
    d = path_doc(
        capsys, "--member", "POL", "--real-growth", "1%", "--inflation", "3%", "--prices", "constant"
    )
    gdp = [y["gdp"] for y in d["years"]]
    for k, g in enumerate(gdp):  # nominal 1.01 x 1.03 a year, deflated by 1.03 a year: 1.01 a year
        assert abs(g - gdp[0] * D("1.01") ** k) < D("0.00001")
    current = path_doc(capsys, "--member", "POL", "--real-growth", "1%", "--inflation", "3%")
    assert current["cumulative_extra_constant"] == d["cumulative_extra"] == d["cumulative_extra_constant"]
    assert current["inflation"] == d["inflation"] == D("0.03")


def test_path_prices_constant_with_inflation_works_as_before(capsys):
    d = path_doc(capsys, "--member", "POL", "--prices", "constant", "--inflation", "0")
    assert (d["inflation"], d["real_growth"]) == (D(0), None)
    assert d["assumptions"]["growth"]["by_member"]["POL"] == 0  # GDP held: --inflation grows nothing
    assert d["cumulative_extra"] == d["cumulative_extra_constant"]


def test_inflation_alone_at_current_prices_sets_the_2021_prices_extra(capsys):
    two = path_doc(capsys, "--member", "DEU")
    three = path_doc(capsys, "--member", "DEU", "--inflation", "3%")
    assert (two["inflation"], three["inflation"]) == (D("0.02"), D("0.03"))
    assert three["cumulative_extra"] == two["cumulative_extra"]  # nominal growth unchanged
    assert three["cumulative_extra_constant"] < two["cumulative_extra_constant"]


@pytest.mark.parametrize("other", [["--real-growth", "1%"], ["--inflation", "2%"]])
def test_growth_with_real_growth_or_inflation_is_refused_naming_both(capsys, other):
    code, out, err = run(capsys, "path", "--member", "DEU", "--growth", "3%", *other)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"nato-calc: path: --growth and {other[0]} together: --growth is the nominal growth;"
    )
    assert "--real-growth RATE --inflation RATE" in err and len(err.splitlines()) == 1


def test_the_configs_path_growth_stays_nominal_and_real_growth_wins_over_it(capsys, monkeypatch):
    monkeypatch.setenv("NATO_CALC_PATH_GROWTH", "5%")
    assert path_doc(capsys, "--member", "DEU", "--inflation", "2%")["assumptions"]["growth"]["override"] == D(
        "0.05"
    )
    d = path_doc(capsys, "--member", "DEU", "--real-growth", "1%")
    assert (d["assumptions"]["growth"]["override"], d["real_growth"]) == (D("0.0302"), D("0.01"))


def test_the_rate_bounds_are_one_definition_for_the_grammar_the_path_and_the_scenario():
    """-50 % to 100 % a year was written out in four places (the input grammar, the change
    applier, the path engine, the path view's growth keys); they all read
    calc.domain.assumptions now, so they cannot drift apart."""
    from decimal import Decimal as D

    import pytest

    from calc.domain.assumptions import MAX_RATE, MIN_RATE, rate_in_bounds
    from calc.engine.changes import parse_growth_input
    from calc.errors import ChangeError

    assert (MIN_RATE, MAX_RATE) == (D("-0.5"), D(1))
    assert rate_in_bounds(D("-0.5")) and rate_in_bounds(D(1))
    assert not rate_in_bounds(D("-0.5000001")) and not rate_in_bounds(D("1.0000001"))
    assert parse_growth_input("100%") == D(1)
    with pytest.raises(ChangeError, match="between -50% and 100% a year"):
        parse_growth_input("100.1%")
