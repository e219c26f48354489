"""What moved the core share (issue 13): the change in core spending ÷ GDP split into the part
from spending and the part from GDP, exactly, for members and groups; every expectation by hand.

    C_B / G_B - C_A / G_A  =  (C_B - C_A) / G_B  +  C_A * (1 / G_B - 1 / G_A)
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from decimal import localcontext

from helpers import DATA, run
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.dataset import Figure, Member, Preset
from calc.engine.compare import compare, share_change_parts
from calc.engine.evaluate import CONTEXT, evaluate
from calc.files.presets import load_preset
from calc.output.compare import comparison_dict, published_moved, render, share_change_text

TOY = DATA / "toy"


def member(code: str, gdp: str, core: str, published: str | None = None) -> Member:
    return Member(
        code, code.title(), Figure(D(gdp)), Figure(D(core)),
        published_share=None if published is None else D(published),
    )  # fmt: skip  # wrapped by hand, shorter


def preset(*members: Member, year: int = 2026) -> Preset:
    return Preset(f"t-{year}", f"Test {year}", year, members)


def compare_two(a: list[Member], b: list[Member]):
    return compare(evaluate(preset(*a, year=2025)), evaluate(preset(*b)))


# --- by hand -------------------------------------------------------------------------------


def test_spending_up_ten_percent_with_gdp_up_ten_percent_leaves_the_share_where_it_was():
    # C 20 -> 22, G 1000 -> 1100: 2 % -> 2 %; from spending 2 / 1100, from GDP
    # 20 * (1/1100 - 1/1000) = -20 * 100 / 1,100,000 = -2 / 1100
    d = compare_two([member("AAA", "1000", "20")], [member("AAA", "1100", "22")]).member("AAA").delta
    assert d.core_share == 0 and d.core_share_from_money == 0
    with localcontext(CONTEXT):  # every sum here in the engine's 50 digits
        two_over_1100 = D(2) / D(1100)  # 0.0018181818...
        assert d.core_share_from_spending == two_over_1100
        assert d.core_share_from_gdp == -two_over_1100
        assert d.core_share_from_spending + d.core_share_from_gdp == 0
    assert str(d.core_share_from_spending).startswith("0.00181818181818")


def test_the_ratio_rose_because_gdp_fell():
    # C 30 -> 30, G 1000 -> 800: 3 % -> 3.75 %, all of it from GDP: 30 * (1/800 - 1/1000) = 0.0075
    d = compare_two([member("AAA", "1000", "30")], [member("AAA", "800", "30")]).member("AAA").delta
    assert (d.core_share, d.core_share_from_spending, d.core_share_from_gdp) == (D("0.0075"), 0, D("0.0075"))


def test_the_toy_members_split_by_hand():
    cmp = compare(evaluate(load_preset(TOY / "toy-2024.toml")), evaluate(load_preset(TOY / "toy-2025.toml")))
    # USA: C 38 -> 30, G 950 -> 1000: -8 / 1000 = -0.008; 38 * (1/1000 - 1/950) = -0.002
    usa = cmp.member("USA").delta
    assert (usa.core_share_from_spending, usa.core_share_from_gdp) == (D("-0.008"), D("-0.002"))
    # POL: C 3 -> 4.5, G 90 -> 100: 1.5 / 100 = 0.015; 3 * (1/100 - 1/90) = -1/300
    pol = cmp.member("POL").delta
    assert pol.core_share_from_spending == D("0.015")
    with localcontext(CONTEXT):
        assert abs(pol.core_share_from_gdp + D(1) / D(300)) < D("1e-48")
        assert pol.core_share_from_spending + pol.core_share_from_gdp == pol.core_share
    # a member on one side only has no delta, hence no split
    assert cmp.member("CAN").delta is None and cmp.member("NOR").delta is None


def test_a_group_splits_its_own_money_share_by_hand():
    cmp = compare(evaluate(load_preset(TOY / "toy-2024.toml")), evaluate(load_preset(TOY / "toy-2025.toml")))
    # nato (assessed members): C 50.44 -> 44, G 1620 -> 1550
    d = cmp.group("nato").delta
    with localcontext(CONTEXT):
        spending = D("-6.44") / D(1550)  # -0.0041548387...
        gdp = D("50.44") * D(70) / (D(1550) * D(1620))  # 0.0014061330...
        assert d.core_share_from_spending == spending
        assert abs(d.core_share_from_gdp - gdp) < D("1e-48")
        assert d.core_share_from_spending + d.core_share_from_gdp == d.core_share


def test_a_member_on_natos_published_share_splits_money_over_gdp_and_says_its_share_moved_otherwise():
    # A: 22.9 / 1000 = 2.29 %, published 2.58 %; B: 25 / 1050 = 2.380952... %, published 2.70 %
    cmp = compare_two([member("NLD", "1000", "22.9", "0.0258")], [member("NLD", "1050", "25", "0.0270")])
    m = cmp.member("NLD")
    d = m.delta
    assert d.core_share == D("0.0012")  # the published share: +0.12 pp
    with localcontext(CONTEXT):
        money = D(25) / D(1050) - D("0.0229")  # +0.0909523... pp
        gdp = D("22.9") * (D(1) / D(1050) - D(1) / D(1000))  # -0.00109047619...
        assert d.core_share_from_money == money
        assert d.core_share_from_spending == D("0.002")  # 2.1 / 1050
        assert abs(d.core_share_from_gdp - gdp) < D("1e-48")
        assert d.core_share_from_spending + d.core_share_from_gdp == d.core_share_from_money
    assert published_moved(m)
    text = render(cmp, "table")
    row = next(line for line in text.splitlines() if line.startswith("NLD ") and "+0.20" in line)
    assert row.split() == ["NLD", "+0.09", "+0.20", "-0.11", "+0.12"]
    assert "Published Δ: where NATO's published core share" in text
    md = render(cmp, "markdown")
    assert "| +0.12 pp | +0.09 pp | +0.20 pp | -0.11 pp |" in md
    assert "moved by another amount than core spending ÷ GDP for: NLD +0.12 pp." in md
    assert share_change_text(m) == (
        "core spending ÷ GDP +0.09 pp: +0.20 pp from spending, -0.11 pp from GDP; "
        "NATO's published share +0.12 pp"
    )
    assert share_change_text(cmp.group("nato")) == (
        "core spending ÷ GDP +0.09 pp: +0.20 pp from spending, -0.11 pp from GDP"
    )


def test_without_a_published_share_moving_otherwise_the_table_has_no_published_column():
    cmp = compare_two([member("AAA", "1000", "20")], [member("AAA", "1100", "22")])
    text = render(cmp, "table")
    assert "What moved the core share (core spending ÷ GDP), pp:" in text
    assert "Published Δ" not in text


def test_json_and_csv_carry_both_parts_summing_exactly_to_the_rounded_change():
    cmp = compare_two(
        [member("AAA", "1000", "20"), member("BBB", "300", "7")],
        [member("AAA", "1100", "22"), member("BBB", "310", "8")],
    )
    doc = comparison_dict(cmp)
    for row in doc["members"] + doc["groups"]:
        d = row["delta"]
        change = d["core_share_from_money"] if "code" in row else d["core_share"]
        assert d["core_share_from_spending"] + d["core_share_from_gdp"] == change
    aaa = doc["members"][0]["delta"]
    assert (aaa["core_share_from_spending"], aaa["core_share_from_gdp"]) == (
        D("0.0018181818"),
        D("-0.0018181818"),
    )
    assert list(aaa)[-2:] == ["core_share_from_spending", "core_share_from_gdp"]
    csv = render(cmp, "csv").splitlines()
    assert csv[0].endswith(",delta_core_share_from_spending,delta_core_share_from_gdp")
    assert csv[1].endswith(",0.0018181818,-0.0018181818")


# --- properties ----------------------------------------------------------------------------

money = st.decimals(min_value=D("0.000001"), max_value=D("1e12"), places=6, allow_nan=False)
spending = st.decimals(min_value=D(0), max_value=D("1e6"), places=6, allow_nan=False)


@given(spending, money, spending, money)
def test_the_two_parts_always_sum_exactly_to_the_change(c0, g0, c1, g1):
    with localcontext(CONTEXT):
        change = c1 / g1 - c0 / g0
        s, g = share_change_parts(c0, g0, c1, g1, change)
        assert s + g == change
        # and they are what the formula says, to the engine's 50 digits
        assert s == (c1 - c0) / g1
        exact = c0 * (g0 - g1) / (g0 * g1)
        assert abs(g - exact) <= abs(change).scaleb(-45) + abs(exact).scaleb(-45) + D("1e-60")


members = st.lists(st.tuples(spending, money, spending, money), min_size=1, max_size=4)


@given(members)
def test_every_member_and_group_of_a_comparison_splits_exactly(rows):
    a = [member(f"A{i:02d}", str(g0), str(c0)) for i, (c0, g0, _, _) in enumerate(rows)]
    b = [member(f"A{i:02d}", str(g1), str(c1)) for i, (_, _, c1, g1) in enumerate(rows)]
    cmp = compare_two(a, b)
    with localcontext(CONTEXT):
        for m in cmp.members:
            d = m.delta
            assert (
                d.core_share_from_spending + d.core_share_from_gdp == d.core_share_from_money == d.core_share
            )
        for g in cmp.groups:
            d = g.delta
            assert d.core_share_from_spending + d.core_share_from_gdp == d.core_share


# --- end to end on the shipped release --------------------------------------------------------


def test_compare_2025_with_2026_splits_every_allys_change(capsys):
    code, out, _ = run(capsys, "compare", "nato-2026@2025", "nato-2026", "--format", "json")
    assert code == 0
    doc = json.loads(out, parse_float=D)
    assert "core_a * (1 / gdp_b - 1 / gdp_a)" in doc["units"]["share_change"]
    for row in doc["members"]:
        d = row["delta"]
        if d is None:
            continue
        assert d["core_share_from_spending"] + d["core_share_from_gdp"] == d["core_share_from_money"]
        a, b = row["a"], row["b"]
        assert abs(d["core_share_from_spending"] - (b["core"] - a["core"]) / b["gdp"]) < D("1e-9")
        assert abs(d["core_share_from_gdp"] - a["core"] * (1 / b["gdp"] - 1 / a["gdp"])) < D("1e-9")
    nato = next(g for g in doc["groups"] if g["id"] == "nato")["delta"]
    assert nato["core_share_from_spending"] + nato["core_share_from_gdp"] == nato["core_share"]
    assert nato["core_share_from_gdp"] < 0 < nato["core_share_from_spending"]  # GDP grew in 2026
    code, out, _ = run(capsys, "compare", "nato-2026@2025", "nato-2026")
    assert "What moved the core share (core spending ÷ GDP), pp:" in out
    assert "Split on money in USD: a move of the exchange rate shifts both parts" in " ".join(out.split())
    # in each ally's own money the split differs (the exchange rate no longer moves both parts)
    usd = {m["code"]: m["delta"] for m in doc["members"] if m["delta"]}
    code, text, _ = run(
        capsys, "compare", "nato-2026@2025", "nato-2026", "--currency", "national", "-f", "json"
    )
    national = {m["code"]: m["delta"] for m in json.loads(text, parse_float=D)["members"] if m["delta"]}
    alb, alb_usd = national["ALB"], usd["ALB"]
    assert alb["core_share_from_money"] == alb_usd["core_share_from_money"]
    assert alb["core_share_from_spending"] != alb_usd["core_share_from_spending"]
    assert "    from spending" in out and "    from GDP" in out


def test_compare_sorts_by_the_part_from_gdp(capsys):
    # toy: USA -0.002, DEU 6.84 * (1/400 - 1/380) = -0.0009, POL -1/300, ISL 0 (CAN, NOR one side)
    code, out, _ = run(
        capsys, "compare", "toy-2024", "toy-2025", "--presets-dir", str(TOY),
        "--sort", "core_share_from_gdp:asc", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    codes = [line.split(",")[1] for line in out.splitlines()[1:] if line.startswith("member,")]
    assert codes == ["POL", "USA", "DEU", "ISL", "CAN", "NOR"]
