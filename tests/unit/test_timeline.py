"""The history of a member or a group over a release's years (calc/engine/timeline.py) and its
renderers (calc/output/history.py), on a small timeline built here: three years, two allies
(and an Iceland-like member without figures). Every expected value is computed by hand in the
comments."""

from __future__ import annotations

import json
from decimal import Decimal as D
from decimal import localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import Figure, Member, Preset, Release, Timeline, YearFigures
from calc.engine.evaluate import CONTEXT
from calc.engine.timeline import group_history, member_history, record_until
from calc.errors import HistoryError
from calc.output.history import history_dict, render


def yf(year, share, core, constant, gdp, equipment, estimate=False, real=None):
    return YearFigures(
        year,
        estimate,
        None if share is None else D(share),
        None if core is None else D(core),
        None if constant is None else D(constant),
        None,
        None if gdp is None else D(gdp),
        None if equipment is None else D(equipment),
        None if real is None else D(real),
    )


DEU = (
    yf(2020, "0.0150", 30, 32, 2000, "0.20"),
    yf(2021, "0.0160", 36, 36, 2250, "0.25"),
    yf(2022, "0.0200", 50, 45, 2500, "0.30", estimate=True),
)
USA = (
    yf(2020, "0.0350", 700, 750, 20000, "0.30"),
    yf(2021, "0.0340", 714, 714, 21000, "0.28"),
    yf(2022, "0.0330", 726, 690, 22000, None, estimate=True),
)
ISL = tuple(yf(y, None, None, None, None, None) for y in (2020, 2021, 2022))
NATO = (
    yf(2020, "0.0331", 731, 783, 22100, None, real="-0.01"),
    yf(2021, "0.0334", 751, 751, 23300, None, real="-0.04"),
    yf(2022, "0.0310", 777, 736, 24600, None, estimate=True, real="-0.02"),
)


def toy(timeline: bool = True) -> Preset:
    def member(code, name, gdp, core, status=None):
        return Member(code, name, Figure(D(gdp)), Figure(D(core), status=status))

    members = (
        member("DEU", "Germany", 2500, 50),
        member("ISL", "Iceland", 30, 0, "not-applicable"),
        member("USA", "United States", 22000, 726),
    )
    tl = Timeline(
        (2020, 2021, 2022),
        (("DEU", DEU), ("ISL", ISL), ("USA", USA)),
        (("nato", NATO),),
        (("DEU", "EUR"), ("USA", "USD")),
    )
    return Preset(
        "toy-history",
        "Toy history",
        2022,
        members,
        groups=(("both", ("DEU", "USA", "ISL")),),
        group_names=(("both", "Both"),),
        release=Release("NATO", "Toy release (2020-2022)", credit="Source: NATO") if timeline else None,
        years=(2020, 2021, 2022) if timeline else (),
        timeline=tl if timeline else None,
    )


# --------------------------------------------------------------------------------------------
# A member
# --------------------------------------------------------------------------------------------


def test_a_members_rows_are_its_published_figures_year_by_year():
    h = member_history(toy(), "DEU")
    assert [y.year for y in h.years] == [2020, 2021, 2022]
    assert [y.core_share for y in h.years] == [D("0.0150"), D("0.0160"), D("0.0200")]
    assert [y.core for y in h.years] == [30, 36, 50]
    assert [y.gdp for y in h.years] == [2000, 2250, 2500]
    assert [y.estimate for y in h.years] == [False, False, True]
    assert h.currency == "EUR" and h.basis == "member"


def test_a_members_real_change_is_derived_from_its_constant_prices():
    h = member_history(toy(), "DEU")
    # 36 / 32 - 1 = 0.125; 45 / 36 - 1 = 0.25
    assert [y.real_change for y in h.years] == [None, D("0.125"), D("0.25")]
    assert "derived" in h.real_change_basis


def test_the_record_gives_the_largest_and_average_yearly_change_and_their_years():
    r = member_history(toy(), "DEU").record
    # changes: 2021 +0.0010, 2022 +0.0040
    assert (r.largest_increase.year, r.largest_increase.change) == (2022, D("0.0040"))
    assert (r.largest_decrease.year, r.largest_decrease.change) == (2021, D("0.0010"))
    assert r.average_change == D("0.0025")  # (0.0200 - 0.0150) / 2
    assert (r.increases, r.changes) == (2, 2)
    # (45 / 32) ** (1/2) - 1 = sqrt(1.40625) - 1 = 0.18585412256314...
    assert abs(r.average_real_growth - D("0.1858541225631423")) < D("1e-15")


def test_a_range_limits_the_rows_and_the_record():
    h = member_history(toy(), "USA", 2021, 2022)
    assert [y.year for y in h.years] == [2021, 2022]
    assert h.years[0].share_change is None  # the record starts here
    assert h.years[0].real_change == D("-0.048")  # on 2020, outside the range: 714 / 750 - 1
    assert h.record.largest_increase.change == D("-0.0010")  # 0.0330 - 0.0340: no rise at all
    assert h.record.increases == 0
    one = member_history(toy(), "USA", 2021, 2021)
    assert one.record.changes == 0 and one.record.largest_increase is None


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"start": 2019}, "--from 2019: the release holds the years 2020–2022"),
        ({"end": 2023}, "--to 2023: the release holds the years 2020–2022"),
        ({"start": 2022, "end": 2021}, "--from 2022 is after --to 2021"),
    ],
)
def test_a_year_the_release_does_not_hold_is_refused_with_the_years_it_has(kwargs, message):
    with pytest.raises(HistoryError) as e:
        member_history(toy(), "DEU", **kwargs)
    assert e.value.msg == message


def test_a_member_without_figures_and_an_unknown_member_are_refused():
    with pytest.raises(
        HistoryError,
        match=r"ISL \(Iceland\): the release gives no figures for 2020–2022 \(the targets do not apply\)",
    ):
        member_history(toy(), "ISL")
    with pytest.raises(HistoryError, match="unknown member 'DEX'"):
        member_history(toy(), "DEX")


def test_a_preset_of_one_year_has_no_history():
    with pytest.raises(HistoryError, match="preset 'toy-history' holds one year \\(2022\\) only"):
        member_history(toy(timeline=False), "DEU")


# --------------------------------------------------------------------------------------------
# Groups
# --------------------------------------------------------------------------------------------


def test_a_summed_group_adds_its_members_money_and_gdp():
    h = group_history(toy(), "both")
    assert h.basis == "sum" and h.codes == ("DEU", "USA") and h.left_out == ("ISL",)
    first = h.years[0]
    assert (first.core, first.gdp, first.core_constant) == (730, 22000, 782)
    with localcontext(CONTEXT):
        assert first.core_share == D(730) / D(22000)
        # equipment core-weighted: (0.20 * 30 + 0.30 * 700) / 730 = 216 / 730
        assert first.equipment_share == D(216) / D(730)
        # 2021: (0.25 * 36 + 0.28 * 714) / 750 = 208.92 / 750 = 0.27856
        assert h.years[1].equipment_share == D("0.27856")
        assert h.years[1].real_change == D(750) / D(782) - 1
    assert h.years[2].equipment_share is None  # USA gives none in 2022
    assert h.years[2].real_change == D("-0.02")  # 735 / 750 - 1
    assert h.years[2].estimate is True


def test_nato_uses_the_printed_totals_and_derives_only_the_equipment_share():
    h = group_history(toy(), "nato")
    assert h.basis == "aggregate"
    assert [y.core for y in h.years] == [731, 751, 777]  # as printed, not 730, 750, 776
    assert [y.core_share for y in h.years] == [D("0.0331"), D("0.0334"), D("0.0310")]
    assert [y.real_change for y in h.years] == [D("-0.01"), D("-0.04"), D("-0.02")]
    assert h.derived == ("equipment_share",)
    with localcontext(CONTEXT):
        assert h.years[0].equipment_share == D(216) / D(730)
    assert h.years[2].equipment_share is None
    # record on the printed shares: +0.0003 (2021), -0.0024 (2022); (0.0310 - 0.0331) / 2
    assert h.record.largest_increase.change == D("0.0003")
    assert (h.record.largest_decrease.year, h.record.largest_decrease.change) == (2022, D("-0.0024"))
    assert h.record.average_change == D("-0.00105")


def test_a_printed_aggregate_the_timeline_lacks_falls_back_to_the_sum():
    h = group_history(toy(), "europe-canada")
    assert h.basis == "sum" and h.codes == ("DEU",)
    assert [y.core_share for y in h.years] == [D("0.015"), D("0.016"), D("0.02")]  # 30/2000 ...


def test_an_unknown_group_is_refused_with_a_suggestion():
    with pytest.raises(HistoryError, match="unknown group 'bot'.*did you mean 'both'"):
        group_history(toy(), "bot")


def test_the_record_until_a_year_stops_there():
    r = record_until(toy(), "member", "DEU", 2021)
    assert (r.first_year, r.last_year, r.average_change) == (2020, 2021, D("0.0010"))
    assert record_until(toy(timeline=False), "member", "DEU", 2022) is None
    assert record_until(toy(), "member", "DEU", 2020) is None  # one year: no record


figures = st.tuples(
    st.integers(1, 10**6).map(lambda n: D(n) / 1000),  # core, USD bn
    st.integers(1, 10**6).map(lambda n: D(n) / 100),  # gdp
    st.integers(1, 10**6).map(lambda n: D(n) / 1000),  # constant
    st.none() | st.integers(0, 100).map(lambda n: D(n) / 100),  # equipment
)


@given(st.lists(st.lists(figures, min_size=3, max_size=3), min_size=1, max_size=6))
def test_a_summed_groups_figures_are_the_sums_of_its_members(data):
    codes = [f"M{i:02d}" for i in range(len(data))]
    series = tuple(
        (
            c,
            tuple(
                YearFigures(2020 + k, False, core / gdp, core, cc, None, gdp, eq)
                for k, (core, gdp, cc, eq) in enumerate(rows)
            ),
        )
        for c, rows in zip(codes, data)
    )
    members = tuple(Member(c, c, Figure(D(1)), Figure(D(1))) for c in codes)
    preset = Preset(
        "p",
        "p",
        2022,
        members,
        groups=(("all", tuple(codes)),),
        timeline=Timeline((2020, 2021, 2022), series),
    )
    h = group_history(preset, "all")
    with localcontext(CONTEXT):
        for k, y in enumerate(h.years):
            core = sum(rows[k][0] for rows in data)
            gdp = sum(rows[k][1] for rows in data)
            assert y.core == core and y.gdp == gdp
            assert y.core_constant == sum(rows[k][2] for rows in data)
            assert y.core_share == core / gdp
            if all(rows[k][3] is not None for rows in data):
                assert y.equipment_share == sum(rows[k][3] * rows[k][0] for rows in data) / core
            else:
                assert y.equipment_share is None


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------


def test_the_json_document_keeps_the_contracts_keys_first():
    doc = json.loads(render(member_history(toy(), "DEU"), "json"), parse_float=D)
    assert doc["schema"] == "nato-calc.history/1"
    assert list(doc["years"][0])[:6] == ["year", "core_share", "core", "gdp", "equipment_share", "estimate"]
    assert doc["member"] == {"code": "DEU", "name": "Germany", "currency": "EUR"}
    assert doc["group"] is None
    assert doc["preset"]["id"] == "toy-history"
    assert doc["preset"]["release"]["title"] == "Toy release (2020-2022)"
    assert doc["currency"] == "USD" and doc["prices"] == "current"
    assert doc["years"][2] == {
        "year": 2022,
        "core_share": D("0.02"),
        "core": 50,
        "gdp": 2500,
        "equipment_share": D("0.3"),
        "estimate": True,
        "core_current": 50,
        "core_constant": 45,
        "gdp_current": 2500,
        "real_change": D("0.25"),
        "core_share_change": D("0.004"),
        "missing": [],
        "rate": None,
    }
    assert doc["record"]["largest_increase"] == {"year": 2022, "change": D("0.004")}
    assert doc["record"]["average_change"] == D("0.0025")


def test_constant_prices_show_core_at_2021_prices_and_no_gdp():
    h = member_history(toy(), "DEU")
    doc = history_dict(h, "constant")
    assert [y["core"] for y in doc["years"]] == [32, 36, 45]
    assert [y["gdp"] for y in doc["years"]] == [None, None, None]
    assert doc["units"]["money"] == "USD bn, constant 2021 prices"
    table = render(h, "table", "constant")
    assert "USD bn at constant 2021 prices" in table and "GDP" not in table.splitlines()[7]


def test_the_table_states_its_units_and_the_record():
    out = render(member_history(toy(), "DEU"), "table")
    assert "USD bn at current prices" in out
    assert "2022e" in out
    assert "largest rise +0.40 pp (2022)" in out
    assert "on average +0.25 pp a year" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_csv_and_markdown_have_one_row_per_year():
    h = group_history(toy(), "both")
    csv = render(h, "csv").splitlines()
    assert csv[0].startswith("year,core_share,core,gdp,equipment_share,estimate,")
    assert len(csv) == 4
    md = render(h, "markdown")
    assert md.startswith("## History 2020–2022: Both [both]")
    assert md.count("\n| 20") == 3
    assert "Source: NATO. Made with nato-calc." in md


# --------------------------------------------------------------------------------------------
# The path: its record and its constant prices
# --------------------------------------------------------------------------------------------


def test_the_path_shows_the_growth_it_needs_next_to_the_record():
    from calc.engine.path import plan

    p = plan(toy(), member="DEU", target_year=2024)
    # DEU 2022: 2.00 % -> 3.50 % core in two equal steps of 0.75 points
    assert p.needed_average == D("0.0075")
    assert (p.needed_largest.year, p.needed_largest.change) == (2023, D("0.0075"))
    assert (p.record.first_year, p.record.last_year) == (2020, 2022)
    assert p.record.largest_increase.change == D("0.0040")
    assert p.within_record is False  # 0.75 points a year against a best of 0.40
    out = render_path(p)
    assert "largest step +0.75 pp (2023); record 2020–2022: largest rise +0.40 pp (2022)" in out
    assert "beyond its largest rise" in out


def test_the_path_gives_its_cumulative_extra_at_2021_prices_too():
    from calc.engine.path import plan

    p = plan(toy(), member="DEU", target_year=2024)
    # current: extra 2023 = 0.035 * 2500 - 0.02 * 2500 = 37.5, 2024 = 75; core alone 18.75, 37.5
    assert (p.cumulative_extra, p.cumulative_extra_core) == (D("112.5"), D("56.25"))
    # 2021 prices: DEU's 2022 ratio 45 / 50 = 0.9, then 2 % inflation a year
    with localcontext(CONTEXT):
        assert p.cumulative_extra_constant == D("33.75") / D("1.02") + D("67.5") / D("1.0404")
        assert p.cumulative_extra_core_constant == D("16.875") / D("1.02") + D("33.75") / D("1.0404")
    assert p.inflation == D("0.02") and p.prices == "current"
    assert "USD bn at 2021 prices (2.00 % inflation a year assumed after 2022)" in render_path(p)


def test_a_path_at_constant_prices_converts_every_year_and_keeps_the_shares():
    from calc.engine.path import plan

    p = plan(toy(), member="DEU", target_year=2024, prices="constant", inflation=D(0))
    assert [y.total for y in p.years] == [D("45.0"), D("78.75"), D("112.5")]  # 50, 87.5, 125 x 0.9
    assert [y.increase for y in p.years] == [None, D("33.75"), D("33.75")]
    assert [y.total_share for y in p.years] == [D("0.02"), D("0.035"), D("0.05")]
    assert p.cumulative_extra == p.cumulative_extra_constant == D("101.25")  # 112.5 x 0.9
    assert "at 2021 prices it falls" not in render_path(p)  # 0 % growth, 0 % inflation
    falling = plan(toy(), member="DEU", target_year=2024, prices="constant")  # 0 % < 2 %
    assert "GDP grows by less than the inflation assumed: at 2021 prices it falls" in render_path(falling)
    g = plan(toy(), group="both", target_year=2024, prices="constant", inflation=D(0))
    with localcontext(CONTEXT):  # each member at its own ratio: DEU 0.9, USA 690 / 726
        assert g.years[0].core == 45 + D(690)


def test_constant_prices_are_refused_for_a_preset_without_them():
    from calc.engine.path import plan
    from calc.errors import PathError

    with pytest.raises(PathError, match="toy-history has no constant 2021 prices for DEU"):
        plan(toy(timeline=False), member="DEU", target_year=2024, prices="constant")
    p = plan(toy(timeline=False), member="DEU", target_year=2024)
    assert p.record is None and p.cumulative_extra_constant is None and p.within_record is None


def render_path(p) -> str:
    from calc.output.path import render

    return render(p, "table", width=1000)


def test_the_path_workbook_states_2021_prices_and_the_inflation_assumed():
    import io

    import openpyxl

    from calc.engine.path import plan
    from calc.output.xlsxout import path_workbook

    book = openpyxl.load_workbook(
        io.BytesIO(path_workbook(plan(toy(), member="DEU", target_year=2024, prices="constant")))
    )
    assert (
        "USD bn, constant 2021 prices (2.00 % inflation a year after 2022)" in book["Path years"]["A1"].value
    )
    labels = [r[0].value for r in book["Assumptions"].iter_rows()]
    assert "Cumulative extra at 2021 prices" in labels and "Inflation assumed" in labels


# --------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------


def with_national() -> Preset:
    """The toy with Germany's national figures: EUR per USD 0.9 (2020), 0.85 (2021), 0.95 (2022)."""
    from dataclasses import replace

    p = toy()
    national = {2020: D(27), 2021: D("30.6"), 2022: D("47.5")}  # 30 x 0.9, 36 x 0.85, 50 x 0.95
    deu = tuple(replace(f, core_national=national[f.year]) for f in DEU)
    usa = tuple(replace(f, core_national=f.core) for f in USA)
    tl = replace(p.timeline, members=(("DEU", deu), ("ISL", ISL), ("USA", usa)))
    return replace(p, timeline=tl)


def test_euros_convert_each_year_at_its_rate_and_2021_prices_at_the_2021_rate():
    from calc.engine.timeline import convert

    h = convert(member_history(with_national(), "DEU"), "eur")
    assert [y.core for y in h.years] == [27, D("30.6"), D("47.5")]
    assert [y.gdp for y in h.years] == [1800, D("1912.5"), D("2375")]  # 2000 x 0.9 ...
    assert [y.core_constant for y in h.years] == [D("27.2"), D("30.6"), D("38.25")]  # x 0.85
    assert [y.core_share for y in h.years] == [D("0.0150"), D("0.0160"), D("0.0200")]
    assert [y.real_change for y in h.years] == [None, D("0.125"), D("0.25")]
    doc = history_dict(h)
    assert doc["currency"] == "EUR" and doc["units"]["money"] == "EUR bn, current prices"
    assert doc["years"][0]["rate"] == D("0.9")
    # the US in euros: at Germany's rate too
    usa = convert(member_history(with_national(), "USA"), "eur")
    assert usa.years[1].core == D("606.9")  # 714 x 0.85


def test_national_currency_is_the_allys_own_and_a_group_stays_in_dollars():
    from calc.engine.timeline import convert

    h = convert(member_history(with_national(), "USA"), "national")
    assert h.shown_code == "USD" and [y.core for y in h.years] == [700, 714, 726]
    g = convert(group_history(with_national(), "both"), "national")
    assert g.years[0].core == 730 and history_dict(g)["group"]["currency"] == "USD"
    assert history_dict(g)["currency"] == "national"
    with pytest.raises(HistoryError, match="no EUR rate for 2020"):
        convert(member_history(toy(), "DEU"), "eur")  # the toy has no national figures


def test_a_history_under_what_ifs_says_they_do_not_apply():
    from dataclasses import replace

    h = member_history(replace(toy(), modified=("DEU core share → 3.5 %",)), "DEU")
    assert "What-ifs do not apply: these are the release's published figures" in render(h, "table")
    assert h.years[-1].core_share == D("0.0200")


def test_a_path_planned_in_another_currency_still_gives_us_dollars_at_2021_prices():
    from dataclasses import replace

    from calc.engine.evaluate import evaluate
    from calc.engine.path import plan

    result = evaluate(toy())
    deu = result.member("DEU")
    # the result's money in euros at 0.95 EUR per USD (as --currency eur converts it)
    euros = deu._replace(gdp=deu.gdp * D("0.95"), core=deu.core * D("0.95"))
    members = tuple(euros if m.code == "DEU" else m for m in result.members)
    p = plan(toy(), member="DEU", target_year=2024, result=replace(result, members=members))
    usd = plan(toy(), member="DEU", target_year=2024)
    assert p.cumulative_extra == usd.cumulative_extra * D("0.95")
    with localcontext(CONTEXT):
        assert abs(p.cumulative_extra_constant - usd.cumulative_extra_constant) < D("1e-40")


def test_a_path_that_needs_no_rise_in_core_share_says_so():
    from calc.engine.path import plan

    p = plan(toy(), member="USA", target_year=2024, growth=D(0))
    # USA 2022: 3.30 % core -> 3.50 %: a rise; at 3 % core and 4.5 % total (3 % + 1.5 %) none
    assert "Needs: core share +0.10 pp a year" in render_path(p)
    from calc.engine.changes import apply_changes, changes_from_cli

    low = apply_changes(toy(), changes_from_cli(targets=["core=3%", "total=4.5%"]))
    out = render_path(plan(low, member="USA", target_year=2024))
    assert "Needs: no rise in core share; record 2020–2022: no rise, on average -0.10 pp a year" in out


def test_a_history_of_one_year_names_that_year():
    assert render(member_history(toy(), "DEU", 2021, 2021), "table").startswith(
        "History 2021: Germany [DEU] · preset toy-history"
    )


@given(
    st.integers(-50, 100).map(lambda n: D(n) / 1000),  # inflation -5 % to 10 %
    st.integers(2023, 2030),
    st.sampled_from(["linear", "front", "back"]),
    st.sampled_from([("member", "DEU"), ("member", "USA"), ("group", "both")]),
)
def test_a_path_at_2021_prices_keeps_the_shares_and_the_cumulative_extras_it_reports(
    inflation, year, shape, scope
):
    from calc.engine.path import plan

    kind, sid = scope
    kw = {kind: sid, "target_year": year, "shape": shape, "inflation": inflation}
    current, constant = plan(toy(), **kw), plan(toy(), prices="constant", **kw)
    assert [y.total_share for y in constant.years] == [y.total_share for y in current.years]
    assert constant.cumulative_extra == current.cumulative_extra_constant
    assert constant.cumulative_extra_core == current.cumulative_extra_core_constant
    assert constant.cumulative_extra_constant == current.cumulative_extra_constant
