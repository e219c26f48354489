"""A share of GDP is never rounded across a target it is shown beside.

Germany at 3.499 % core and 1.5 % related is 4.999 % in total: short of the 5 % total target
by 0.001 point. Rounded to two places it would read "5.00 %" next to a ✗, which a reader in a
meeting takes for "meets 5 %". Every renderer that shows a share beside the targets keeps the
digits that tell it apart: "4.999 %".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import PRESETS
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import DEFAULT_TARGETS, Targets
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import evaluate
from calc.files.presets import load_by_id
from calc.output import fmt
from calc.output.path import plan, year_rows

D = Decimal


def test_a_share_just_under_a_target_keeps_the_digits_that_tell_it_apart():
    t = DEFAULT_TARGETS
    assert fmt.gdp_share(D("0.03499"), t) == "3.499 %"  # under 3.5 % core
    assert fmt.gdp_share(D("0.04999"), t) == "4.999 %"  # under 5 % total
    assert fmt.gdp_share(D("0.019999"), t) == "1.9999 %"  # under the 2 % guideline
    assert fmt.gdp_share(D("0.0199999999"), t) == "<2.00 %"  # too close to show: said so
    assert fmt.gdp_share(D("0.035"), t) == "3.50 %"  # on the target: met
    assert fmt.gdp_share(D("0.0448"), t) == "4.48 %"  # far from any: two places
    assert fmt.gdp_share(None, t) == "?"
    assert fmt.gdp_share(None, t, unknown="n/a") == "n/a"


def test_the_thresholds_are_the_targets_of_gdp_of_the_registry_and_follow_an_edit():
    assert fmt.gdp_thresholds(DEFAULT_TARGETS) == (D("0.02"), D("0.035"), D("0.05"))
    t = Targets(core=D("0.03"))
    assert fmt.gdp_thresholds(t) == (D("0.02"), D("0.03"), D("0.05"))
    assert fmt.gdp_share(D("0.02999"), t) == "2.999 %"
    assert fmt.gdp_share(D("0.03499"), t) == "3.50 %"  # 3.5 % is no target any more


def _germany_short_of_five_by_a_thousandth():
    preset = load_by_id("test-2025", [PRESETS])  # Germany: GDP 5,000
    changes = [
        Change("set", "DEU", "core_share", D("0.03499")),
        Change("set", "DEU", "related_share", D("0.015")),
    ]
    return apply_changes(preset, changes)


def test_the_tui_cells_show_germany_short_of_the_total_target():
    from calc.tui.cells import member_specs, row_specs

    preset = _germany_short_of_five_by_a_thousandth()
    deu = evaluate(preset).member("DEU")
    assert deu.total_share == D("0.04999") and deu.meets_total is False
    keys = ("core_share", "total_share")
    specs = member_specs(preset.targets)
    assert [s[0] for s in specs(deu, keys)] == ["3.499 %", "4.999 %"]
    # Without the targets the cells have only the gaps to go on: the core target shows through
    # its gap, the total target not (its gap is the core gap), so the total share rounds to 5.00.
    assert [s[0] for s in row_specs(deu, keys)] == ["3.499 %", "5.00 %"]
    # one function for equal targets: the table's measurements stay cached across edits
    assert member_specs(Targets()) is member_specs(DEFAULT_TARGETS)


def test_the_session_summary_and_the_aggregates_keep_the_digits():
    from calc.tui.summary import group_lines, member_line

    preset = _germany_short_of_five_by_a_thousandth()
    result = evaluate(preset)
    line = member_line(result.member("DEU"), preset.targets)
    assert "core 3.499 % of GDP" in line and "total 4.999 %" in line
    # the big four all at 3.499 % core: the group is at 3.499 % too (a GDP-weighted mean)
    four = apply_changes(
        preset, [Change("set", c, "core_share", D("0.03499")) for c in ("DEU", "FRA", "POL", "GBR")]
    )
    g = evaluate(four).group("big-four")
    assert g is not None and g.core_share == D("0.03499")
    assert "core 3.499 % of GDP" in group_lines(g, four.targets)[0]


def _reads(text: str) -> tuple[str, Decimal]:
    """``("<", 2.00)`` from ``<2.00 %``; ``("", 3.499)`` from ``3.499 %`` (as a fraction)."""
    body = text.removesuffix(" %")
    sign = body[0] if body[0] in "<≥" else ""
    return sign, D(body.lstrip("<≥").replace(",", "")) / 100


def _same_side(text: str, exact: Decimal, target: Decimal) -> bool:
    sign, shown = _reads(text)
    if sign == "<":
        return exact < target and shown <= target
    if sign == "≥":
        return exact >= target
    return (shown >= target) == (exact >= target)


@given(st.decimals(min_value=D("0.0195"), max_value=D("0.0505"), places=9))
def test_a_shown_share_is_on_the_same_side_of_every_target_as_the_exact_one(share):
    text = fmt.gdp_share(share, DEFAULT_TARGETS)
    for target in fmt.gdp_thresholds(DEFAULT_TARGETS):
        assert _same_side(text, share, target), (share, text, target)


@pytest.mark.parametrize("shape", ["linear", "front", "back"])
@pytest.mark.parametrize("who", ["DEU", "CAN", "POL", None])
def test_every_year_of_a_spending_path_reads_on_the_side_of_the_targets_it_is_on(who, shape):
    preset = load_by_id("test-2025", [PRESETS])
    p = plan(preset, member=who, shape=shape)
    header, rows = year_rows(p)
    for row, y in zip(rows, p.years):
        for col, exact in (("Core %", y.core_share), ("Total %", y.total_share)):
            for target in fmt.gdp_thresholds(p.targets):
                assert _same_side(row[header.index(col)], exact, target), (y.year, col, exact)


def test_an_equipment_share_just_under_the_guideline_is_not_shown_on_it():
    """The equipment share is a share of core spending, judged against the 20 % guideline."""
    from calc.tui.cells import cell_spec

    preset = load_by_id("test-2025", [PRESETS])
    deu = evaluate(preset).member("DEU")._replace(equipment_share=D("0.19999"))
    assert cell_spec(deu, "equipment_share", preset.targets)[0] == "19.999 %"
    assert (
        cell_spec(deu._replace(equipment_share=D("0.2")), "equipment_share", preset.targets)[0] == "20.00 %"
    )
    assert cell_spec(deu._replace(equipment_share=None), "equipment_share", preset.targets)[0] == "–"
