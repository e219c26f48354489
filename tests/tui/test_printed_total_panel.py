"""The aggregates panel sets NATO's printed total under the members' sum (nato-2026: 2.86 %
printed, 2.87 % summed; NATO's share is of GDP at 2021 prices and its GDP includes Iceland's),
while the figures are as published; the report's side of it is in tests/unit/test_printed_totals.py."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from calc.engine.changes import Change
from calc.engine.evaluate import evaluate
from calc.engine.timeline import PrintedTotal
from calc.files.presets import load_by_id
from calc.tui.session import Session
from calc.tui.views import NormalView
from calc.tui.widgets.group_summary import GroupSummary

D = Decimal
NATO_2026 = PrintedTotal("nato", 2026, True, D("1809.915"), D("63182.981"), D("0.0286"))


def session(ref: str = "nato-2026") -> Session:
    s = Session([])
    s.start(load_by_id(ref))
    return s


def panel_text(app) -> str:
    w = app.main_screen.query_one(GroupSummary)
    console = Console(width=200, record=True, color_system=None)
    console.print(w.content)
    return console.export_text()


def test_the_aggregates_line_gives_natos_share_and_as_much_of_the_reason_as_fits():
    p = load_by_id("nato-2026")
    g = evaluate(p).group("nato")
    lines = GroupSummary._aggregates(g, p.targets, None, 100, "$", NATO_2026).parts
    assert (
        lines[1].plain
        == "NATO prints 2.86 % of GDP (at 2021 prices; GDP $63,183.0 bn incl. Iceland) · core $1,809.9 bn"
    )
    lines = GroupSummary._aggregates(g, p.targets, None, 80, "$", NATO_2026).parts
    assert lines[1].plain == "NATO prints 2.86 % of GDP (at 2021 prices; GDP $63,183.0 bn incl. Iceland)"
    lines = GroupSummary._aggregates(g, p.targets, None, 70, "$", NATO_2026).parts
    assert lines[1].plain == "NATO prints 2.86 % of GDP (at 2021 prices; GDP incl. Iceland)"
    lines = GroupSummary._aggregates(g, p.targets, None, 40, "$", NATO_2026).parts
    assert lines[1].plain == "NATO prints 2.86 % of GDP"
    assert len(GroupSummary._aggregates(g, p.targets, None, 80, "$").parts) == 2  # none: no line


def test_the_normal_view_gives_the_panel_the_printed_total_while_the_figures_are_natos():
    s = session()
    assert NormalView(s).summary_extra()["printed"] == NATO_2026
    s.set_group("eu")
    assert NormalView(s).summary_extra()["printed"] is None  # NATO prints no EU total
    s.set_group("nato")
    s.commit(Change("set", "DEU", "core_share", D("0.035")))
    assert NormalView(s).summary_extra()["printed"] is None
    s.undo()
    assert NormalView(s).summary_extra()["printed"] == NATO_2026


async def test_the_panel_shows_it_follows_the_currency_and_drops_it_after_an_edit(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = panel_text(app)
        assert "core $1,809.9 bn = 2.87 % of GDP" in text
        assert "NATO prints 2.86 % of GDP (at 2021 prices; GDP $63,183.0 bn incl. Iceland)" in text
        await pilot.press("dollar_sign")  # euros
        await pilot.pause()
        assert "NATO prints 2.86 % of GDP (at 2021 prices; GDP €53,580.2 bn incl. Iceland)" in panel_text(app)
        await pilot.press("dollar_sign", "dollar_sign")  # national (groups in USD), then USD
        await pilot.pause()
        app.commit(Change("exclude", "USA"))
        await pilot.pause()
        assert "NATO prints" not in panel_text(app)
