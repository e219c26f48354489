"""path: exact, hand-computed yearly plans (tests/data/toy/toy-2025.toml).

Germany in toy-2025: GDP 400, core 2 % (8), related 0.5 % (2); targets 3.5 % core, 5 % total,
related counted up to 1.5 %. Its plan goes to 3.5 % core + 1.5 % related. With GDP held flat
(growth 0) and the linear shape over 2025-2035 (10 steps), year k has core share
2 % + 0.15k pp and related share 0.5 % + 0.1k pp, so total = 10 + k (USD bn): increase 1 a year,
extra k over today, cumulative 1 + 2 + ... + 10 = 55; the final extra, 10, is Germany's
gap_total in the report. front: extra (20k - k²)/10, cumulative 71.5; back: k²/10, 38.5.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import DATA
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import Growth, Targets
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import CONTEXT, evaluate
from calc.errors import PathError
from calc.files.presets import load_preset
from calc.output.path import (
    DEFAULT_GROWTH,
    PATH_SCHEMA,
    end_shares,
    path_dict,
    plan,
    progress,
    render,
)

TOY = DATA / "toy"
P25 = load_preset(TOY / "toy-2025.toml")


def totals(p) -> list[D]:
    return [y.total for y in p.years]


class TestMemberByHand:
    def test_linear_with_flat_gdp(self):
        p = plan(P25, member="DEU")
        assert (p.base_year, p.target_year, p.shape) == (2025, 2035, "linear")
        assert [y.year for y in p.years] == list(range(2025, 2036))
        assert totals(p) == [D(10 + k) for k in range(11)]
        assert [y.core_share for y in p.years] == [D("0.02") + D("0.0015") * k for k in range(11)]
        assert [y.related_share for y in p.years] == [D("0.005") + D("0.001") * k for k in range(11)]
        assert [y.core for y in p.years] == [D(8) + D("0.6") * k for k in range(11)]
        assert [y.related for y in p.years] == [D(2) + D("0.4") * k for k in range(11)]
        assert [y.total_share for y in p.years] == [D("0.025") + D("0.0025") * k for k in range(11)]
        assert [y.gdp for y in p.years] == [D(400)] * 11
        assert [y.increase for y in p.years] == [None] + [D(1)] * 10
        assert [y.extra_vs_today for y in p.years] == [D(k) for k in range(11)]
        assert p.cumulative_extra == D(55)

    def test_the_final_extra_equals_the_gap_total_of_the_report(self):
        assert plan(P25, member="DEU").years[-1].extra_vs_today == evaluate(P25).member("DEU").gap_total

    def test_front_loads_the_effort(self):
        p = plan(P25, member="DEU", shape="front")
        extras = [
            D("1.9"),
            D("3.6"),
            D("5.1"),
            D("6.4"),
            D("7.5"),
            D("8.4"),
            D("9.1"),
            D("9.6"),
            D("9.9"),
            D(10),
        ]
        assert [y.extra_vs_today for y in p.years] == [D(0), *extras]
        assert [y.increase for y in p.years][1:] == [D("1.9") - D("0.2") * k for k in range(10)]
        assert p.cumulative_extra == D("71.5")
        assert p.years[5].core_share == D("0.02") + D("0.015") * D("0.75")  # half-way in time, 3/4 of the way

    def test_back_loads_the_effort(self):
        p = plan(P25, member="DEU", shape="back")
        assert [y.extra_vs_today for y in p.years] == [D(k * k) / 10 for k in range(11)]
        assert [y.increase for y in p.years][1:] == [D(2 * k + 1) / 10 for k in range(10)]
        assert p.cumulative_extra == D("38.5")
        assert p.years[5].core_share == D("0.02") + D("0.015") * D("0.25")

    def test_every_shape_ends_exactly_at_the_end_shares(self):
        for shape in ("linear", "front", "back"):
            last = plan(P25, member="DEU", shape=shape, target_year=2032).years[-1]
            assert (last.core_share, last.related_share, last.total) == (D("0.035"), D("0.015"), D(20))

    def test_per_member_growth_from_the_scenario(self):
        p25 = apply_changes(P25, [Change("growth", "DEU", None, D("0.1"))])
        p = plan(p25, member="DEU", target_year=2027)
        assert [y.gdp for y in p.years] == [D(400), D(440), D(484)]
        assert [y.core_share for y in p.years] == [D("0.02"), D("0.0275"), D("0.035")]
        assert [y.related_share for y in p.years] == [D("0.005"), D("0.01"), D("0.015")]
        assert [y.core for y in p.years] == [D(8), D("12.1"), D("16.94")]
        assert [y.related for y in p.years] == [D(2), D("4.4"), D("7.26")]
        assert totals(p) == [D(10), D("16.5"), D("24.2")]
        assert [y.increase for y in p.years] == [None, D("6.5"), D("7.7")]
        assert [y.extra_vs_today for y in p.years] == [D(0), D("5.5"), D("12.1")]
        assert p.cumulative_extra == D("17.6")
        assert (p.members[0].growth, p.members[0].growth_source) == (D("0.1"), "scenario-member")

    def test_gdp_compounds(self):
        p = plan(P25, member="USA", growth=D("0.03"))
        assert p.years[-1].gdp == D(1000) * D("1.03") ** 10
        assert p.years[-1].core == D("0.035") * D(1000) * D("1.03") ** 10


class TestNeverCuts:
    def test_a_member_above_core_raises_related_only_as_far_as_the_total_needs(self):
        # Poland: 4.5 % core + 1 % related = 5.5 % already: nothing to do
        p = plan(P25, member="POL")
        assert {(y.core_share, y.related_share) for y in p.years} == {(D("0.045"), D("0.01"))}
        assert {y.extra_vs_today for y in p.years} == {D(0)}
        assert [y.increase for y in p.years][1:] == [D(0)] * 10
        assert p.cumulative_extra == 0

    def test_a_member_above_core_but_short_of_the_total_tops_up_related(self):
        # Poland without related: 4.5 % core, needs 0.5 % related (not 1.5 %) to reach 5 %
        p = plan(apply_changes(P25, [Change("set", "POL", "related", None)]), member="POL")
        assert (p.years[-1].core_share, p.years[-1].related_share) == (D("0.045"), D("0.005"))
        assert p.years[-1].extra_vs_today == D("0.5")

    def test_related_above_the_cap_counts_only_up_to_the_cap(self):
        # Norway: related 2 % of GDP, counted 1.5 %; core 3 % -> 3.5 %
        p = plan(P25, member="NOR")
        assert {y.related_share for y in p.years} == {D("0.015")}
        assert p.years[0].total == D("2.25") and p.years[-1].total == D("2.5")

    def test_a_member_far_above_every_target_stays_flat(self):
        p = plan(apply_changes(P25, [Change("set", "POL", "core_share", D("0.07"))]), member="POL")
        assert {y.core_share for y in p.years} == {D("0.07")}
        assert {y.related_share for y in p.years} == {D("0.01")}

    def test_end_shares(self):
        t = Targets()
        assert end_shares(D("0.02"), D(0), t) == (D("0.035"), D("0.015"))
        assert end_shares(D("0.045"), D(0), t) == (D("0.045"), D("0.005"))
        assert end_shares(D("0.045"), D("0.012"), t) == (D("0.045"), D("0.012"))
        assert end_shares(D("0.06"), D(0), t) == (D("0.06"), D(0))
        # a total above core + cap needs more core: 3.5 % core, 1.5 % cap, 6 % total
        assert end_shares(D("0.02"), D(0), Targets(total=D("0.06"))) == (D("0.045"), D("0.015"))


class TestGroups:
    def test_nato_sums_its_members_and_leaves_iceland_out(self):
        p = plan(P25)  # default scope: nato
        assert (p.kind, p.id, p.codes) == ("group", "nato", ("USA", "DEU", "POL", "NOR"))
        assert [(x.code, x.reason) for x in p.left_out] == [("ISL", "targets do not apply (not assessed)")]
        first, last = p.years[0], p.years[-1]
        assert (first.gdp, first.core, first.related, first.total) == (D(1550), D(44), D("3.75"), D("47.75"))
        assert (last.core, last.related, last.total) == (D("55.25"), D("22.75"), D(78))
        assert [y.extra_vs_today for y in p.years] == [D("3.025") * k for k in range(11)]
        assert p.cumulative_extra == D("166.375")
        with localcontext(CONTEXT):
            assert last.core_share == D("55.25") / D(1550)
            assert last.total_share == D(78) / D(1550)

    def test_a_group_path_is_the_sum_of_its_member_paths_with_mixed_growth(self):
        p25 = apply_changes(
            P25, [Change("growth", None, None, D("0.02")), Change("growth", "POL", None, D("0.05"))]
        )
        p = plan(p25, group="east", shape="front")
        for i, y in enumerate(p.years):
            assert y.gdp == sum(m.years[i].gdp for m in p.members)
            assert y.total == sum(m.years[i].total for m in p.members)
            assert y.extra_vs_today == sum(m.years[i].extra_vs_today for m in p.members)
            if i:
                assert y.increase == sum(m.years[i].increase for m in p.members)
        assert p.cumulative_extra == sum(m.cumulative_extra for m in p.members)
        assert [m.growth for m in p.members] == [D("0.02"), D("0.05")]

    def test_an_excluded_member_is_not_in_the_group_path(self):
        p = plan(apply_changes(P25, [Change("exclude", "USA")]))
        assert p.codes == ("DEU", "POL", "NOR")


class TestGrowthRule:
    @pytest.fixture
    def scen(self):
        return apply_changes(
            P25, [Change("growth", None, None, D("0.05")), Change("growth", "DEU", None, D("0.1"))]
        )

    def test_scenario_member_rate_beats_the_override(self, scen):
        p = plan(scen, growth=D("0.02"))
        rates = {m.code: (m.growth, m.growth_source) for m in p.members}
        assert rates["DEU"] == (D("0.1"), "scenario-member")
        assert rates["POL"] == (D("0.02"), "override")

    def test_without_override_the_scenario_rate_applies(self, scen):
        p = plan(scen)
        assert {m.code: m.growth_source for m in p.members}["POL"] == "scenario"
        assert {m.code: m.growth for m in p.members}["POL"] == D("0.05")

    def test_without_any_rate_gdp_is_held_flat(self):
        p = plan(P25)
        assert DEFAULT_GROWTH == 0
        assert {(m.growth, m.growth_source) for m in p.members} == {(D(0), "default")}


class TestErrors:
    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"member": "DEUX"}, "unknown member 'DEUX' (did you mean 'DEU'?)"),
            ({"member": "ISL"}, "ISL (Iceland): the targets do not apply (not assessed); no path to plan"),
            ({"group": "eas"}, "unknown group 'eas' (did you mean 'east'?); groups: nato, europe-canada, eu, east"),
            ({"target_year": 2025}, "the target year (2025) must be after the preset's year (2025)"),
            ({"target_year": 2101}, "the target year (2101) must be 2100 or earlier"),
            ({"shape": "frontal"}, "unknown shape 'frontal' (did you mean 'front'?); shapes: linear, front, back"),
            ({"growth": D(2)}, "growth must be between -50% and 100% a year"),
            ({"member": "DEU", "group": "nato"}, "give a member or a group, not both"),
        ],
    )  # fmt: skip  # a table: one row a line
    def test_bad_requests_say_what_is_wrong(self, kwargs, message):
        with pytest.raises(PathError) as e:
            plan(P25, **kwargs)
        assert str(e.value) == message

    def test_an_excluded_member_has_no_path(self):
        with pytest.raises(PathError, match=r"USA \(United States\) is excluded"):
            plan(apply_changes(P25, [Change("exclude", "USA")]), member="USA")

    def test_a_passed_deadline_asks_for_a_target_year(self):
        late = replace(P25, targets=replace(P25.targets, deadline=2025))
        with pytest.raises(PathError, match="give a target year"):
            plan(late)


class TestOutput:
    def test_json_contract(self):
        doc = path_dict(plan(P25, member="DEU"))
        assert doc["schema"] == PATH_SCHEMA == "nato-calc.path/1"
        assert {"schema", "scope", "assumptions", "years", "cumulative_extra"} <= set(doc)
        assert list(doc["years"][0]) == [
            "year", "gdp", "core_share", "core", "related_share", "related", "total_share",
            "total", "increase", "extra_vs_today", "extra_core_vs_today",
        ]  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
        assert doc["years"][0]["increase"] is None
        assert doc["years"][3]["total"] == D(13)
        assert doc["cumulative_extra"] == D(55)
        assert doc["scope"]["kind"] == "member" and doc["scope"]["id"] == "DEU"
        a = doc["assumptions"]
        assert (a["base_year"], a["target_year"], a["shape"]) == (2025, 2035, "linear")
        assert a["growth"]["by_member"] == {"DEU": D(0)}

    def test_group_json_lists_who_is_left_out(self):
        doc = path_dict(plan(P25))
        assert doc["scope"]["left_out"] == [
            {"code": "ISL", "name": "Iceland", "reason": "targets do not apply (not assessed)"}
        ]
        assert [m["code"] for m in doc["members"]] == ["USA", "DEU", "POL", "NOR"]

    @pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
    def test_every_format_renders(self, fmt):
        text = render(plan(P25, group="east"), fmt)
        assert "2035" in text

    def test_the_table_fits_in_80_columns(self):
        text = render(plan(P25, growth=D("0.031")), "table", width=80)
        assert max(len(line) for line in text.splitlines()) <= 80

    def test_csv_is_the_years(self):
        lines = render(plan(P25, member="DEU"), "csv").splitlines()
        assert (
            lines[0]
            == "year,gdp,core_share,core,related_share,related,total_share,total,increase,extra_vs_today,extra_core_vs_today"
        )
        assert lines[1] == "2025,400,0.02,8,0.005,2,0.025,10,,0,0"
        assert lines[-1] == "2035,400,0.035,14,0.015,6,0.05,20,1,10,6"


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

share = st.decimals(min_value=D(0), max_value=D("0.08"), places=4)
targets = st.builds(
    lambda core, cap, extra: Targets(core=core, related_cap=cap, total=core + extra),
    st.decimals(min_value=D("0.01"), max_value=D("0.05"), places=3),
    st.decimals(min_value=D(0), max_value=D("0.03"), places=3),
    st.decimals(min_value=D(0), max_value=D("0.04"), places=3),
)


def _member_preset(core_share, related_share, t):
    changes = [Change("set", "DEU", "core_share", core_share)]
    changes.append(Change("set", "DEU", "related_share", related_share))
    return replace(apply_changes(P25, changes), targets=t)


@given(share, st.one_of(st.none(), share), targets, st.sampled_from(["linear", "front", "back"]))
def test_a_path_never_cuts_and_ends_meeting_the_targets(cs, rs, t, shape):
    p = plan(_member_preset(cs, rs, t), member="DEU", shape=shape, target_year=2031)
    ys = p.years
    for prev, cur in zip(ys, ys[1:]):
        assert cur.core_share >= prev.core_share
        assert cur.related_share >= prev.related_share
        assert cur.extra_vs_today >= 0
    r = evaluate(_member_preset(cs, rs, t)).member("DEU")
    assert ys[0].core_share == r.core_share and ys[0].total == r.core + r.related_counted
    last = ys[-1]
    assert last.core >= t.core * last.gdp
    assert last.total >= t.total * last.gdp
    assert last.related <= max(t.related_cap, ys[0].related_share) * last.gdp
    # the least spending that meets the framework: the engine's gap_total
    assert last.extra_vs_today == r.gap_total


@given(share, st.one_of(st.none(), share), st.decimals(min_value=D("-0.05"), max_value=D("0.1"), places=3))
def test_front_is_ahead_of_linear_which_is_ahead_of_back(cs, rs, g):
    preset = _member_preset(cs, rs, Targets())
    f, lin, b = (plan(preset, member="DEU", shape=s, growth=g) for s in ("front", "linear", "back"))
    for yf, yl, yb in zip(f.years, lin.years, b.years):
        assert yf.total >= yl.total >= yb.total
    assert f.cumulative_extra >= lin.cumulative_extra >= b.cumulative_extra


@given(st.integers(min_value=1, max_value=40), st.sampled_from(["linear", "front", "back"]))
def test_progress_runs_from_zero_to_one_and_never_back(n, shape):
    fractions = [progress(shape, k, n) for k in range(n + 1)]
    assert fractions[0][0] == 0 and fractions[-1][0] == fractions[-1][1]
    values = [D(a) / D(b) for a, b in fractions]
    assert values == sorted(values)


def test_growth_set_in_the_preset_is_used_through_the_growth_object():
    p = plan(replace(P25, growth=Growth(D("0.1"))), member="DEU", target_year=2027)
    assert [y.gdp for y in p.years] == [D(400), D(440), D(484)]
