"""The plans view's model: ``Session.plans`` (the what-if in force, the path view's growth) and
its rows and lines (calc/tui/plans_view.py), on nato-2026 and the shipped plans file, without
an app; and the ``plans`` command of the command bar's grammar."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import localcontext

import pytest

from calc.engine.changes import Change
from calc.engine.commands import Action, complete, parse_command
from calc.engine.evaluate import CONTEXT
from calc.errors import ChangeError
from calc.files.presets import load_by_id
from calc.tui import plans_view as view
from calc.tui.session import Session


@pytest.fixture
def s() -> Session:
    session = Session()
    session.start(load_by_id("nato-2026", []))
    return session


def _row(rows, code):
    return next(r for r in rows if r.code == code)


def test_the_overview_answers_who_reaches_3_5_by_2035_and_who_is_back_loaded(s):
    c = s.plans()
    assert c.id == "nato" and len(c.allies) == 32
    lines = view.headline(c)
    assert (
        lines[0] == "Reach 3.5 % core by 2035: BGR, CAN, DNK, DEU, ITA, LTU, NLD, MKD, PRT, SWE, GBR (11/31)"
    )
    assert lines[1] == "Back-loaded: BEL, CAN, ITA, NLD, MKD, PRT, ROU, TUR, GBR (9/31)"
    rows = view.overview(c)
    assert view.overview_header(c) == ("Code", "Ally", "Basis", "Today", "2029*", "2035", "Reaches", "Flags")
    # Belgium: 2 % today, 2 % declared to 2033 and 2.5 % for 2034, held: 1 point short in 2035
    assert _row(rows, "BEL").cells == (
        "BEL", "Belgium", "core", "2.00 %", "2.00 %", "2.50 %", "✗ 1.00 pp short", "short of target, back-loaded",
    )  # fmt: skip  # one cell a column, as the table
    assert _row(rows, "BEL").reaches is False
    # Germany: 3.5 % declared for 2029, held
    assert _row(rows, "DEU").cells[4:] == ("3.50 %", "3.50 %", "✔ 3.5 %", "·")
    # the United Kingdom reaches 3.5 % core; its NATO-total series (4.1 % in 2027) is short of 5 %
    assert _row(rows, "GBR").reaches is True
    assert _row(rows, "GBR").cells[7] == "back-loaded, faster than record, short of target (total)"
    assert _row(rows, "USA").cells[6:] == ("–", "no plan")
    assert _row(rows, "ISL").cells[6:] == ("n/a", "not assessed")


def test_the_totals_say_how_much_of_the_gap_the_declared_plans_close(s):
    c = s.plans()
    t = c.totals
    assert len(t.with_core_plan) + len(t.without_core_plan) == 31
    line = view.totals_line(c)
    assert line.startswith("Gap to 3.5 % core in 2035: USD 417.3 bn a year at the projected GDP")
    assert (
        "close USD 192.9 bn (46 %), from 20 allies; 11 without a comparable core plan close nothing" in line
    )


def test_the_needed_path_starts_from_the_what_if(s):
    before = s.plans("DEU").allies[0]
    s.commit(Change("set", "DEU", "core_share", D("0.03")))
    after = s.plans("DEU").allies[0]
    core = next(x for x in after.series if x.basis == "nato-core")
    assert core.today == D("0.03")
    with localcontext(CONTEXT):
        assert core.years[1].needed == D("0.03") + (D("0.035") - D("0.03")) / 9  # 2027, linear to 2035
    assert after.gap_core < before.gap_core
    s.undo()
    assert s.plans("DEU").allies[0].gap_core == before.gap_core


def test_the_path_views_growth_moves_the_money_not_the_shares(s):
    flat = s.plans("BEL").allies[0]
    grown = s.plans("BEL", growth=D("0.03")).allies[0]
    a, b = flat.series[0], grown.series[0]
    assert a.shortfall_share == b.shortfall_share == D("0.010")
    with localcontext(CONTEXT):
        assert b.shortfall_money == a.shortfall_money * D("1.03") ** 9


def test_an_allys_detail_marks_the_review_explains_each_flag_and_names_its_sources(s):
    gbr = next(a for a in s.plans().allies if a.code == "GBR")
    d = view.detail(gbr)
    assert d.title == "United Kingdom (GBR): back-loaded, faster than record, short of target (total)"
    core = d.series[0]
    assert core.header == view.DETAIL_HEADER
    assert core.rows[core.review_row][0] == "2029*"
    assert core.rows[1] == ("2027", "2.67 %", "2.60 %", "announced", "2.60 %", "-0.07 pp")
    assert core.flags == (
        "Back-loaded: of the rise from 2.56 % today to 3.50 % in 2035, 0.73 pp of 0.94 pp comes after 2030",
        "Faster than its record: the plan needs 0.50 pp a year (2034–2035), above GBR's largest yearly "
        "rise of core share since 2014, 0.27 pp (2020)",
    )
    assert core.sources[0].startswith("2027 2.60 % · announced · 2025-02-25 · NATO core incl. intelligence")
    assert all("http" in line for line in core.sources)
    total = d.series[1]
    assert total.title.startswith("nato-total") and total.flags[0].startswith("Short of the target")


def test_an_ally_without_a_plan_says_so_in_a_sentence(s):
    d = view.detail(s.plans("USA").allies[0])
    assert d.title == "United States (USA): no plan"
    assert d.flags[0].startswith("No plan found: no declared path comparable with the targets: only")


def test_another_group_is_planned_on_its_allies(s):
    c = s.plans(group="eu")
    assert c.id == "eu" and "USA" not in [a.code for a in c.allies]
    s.set_group("europe-canada")
    assert s.plans().id == "europe-canada"


def test_plans_is_a_command_of_the_grammar(s):
    preset = s.preset
    assert parse_command("plans", preset) == Action("plans", ("",), "plans")
    assert parse_command("plans Germany", preset) == Action("plans", ("DEU",), "plans Germany")
    assert parse_command("plans EU", preset) == Action("plans", ("eu",), "plans EU")
    with pytest.raises(ChangeError, match="plans: name one member or one group"):
        parse_command("plans DEU FRA", preset)
    assert "plans europe-canada" in complete("plans europe", preset)


def test_the_plans_command_leaves_the_view_to_the_screen_and_is_kept_out_of_scripts(s):
    ran = s.run_command("plans GBR")
    assert ran.pending == Action("plans", ("GBR",), "plans GBR")
    assert not ran.changed.figures
    assert s.command_script().splitlines()[-1].startswith("#")
