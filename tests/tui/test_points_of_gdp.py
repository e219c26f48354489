"""Gaps in points of GDP beside the money: table columns (wide), the cell line, the aggregates.

Germany in test-2025: GDP 5,000, core 2 % (USD 100 bn). To 3.5 %: USD 75 bn = 1.50 points of
GDP; to 5 % (related unknown, counted as 0): USD 150 bn = 3.00 points; the 2 % guideline is met.
"""

from __future__ import annotations

from decimal import Decimal

from helpers import summary_text

from calc.engine.evaluate import CONTEXT
from calc.tui.cells import cell_spec


def table(app):
    return app.main_screen.table


async def test_a_wide_table_shows_each_gap_in_points_of_gdp(make):
    app = make()
    async with app.run_test(size=(280, 60)) as pilot:
        await pilot.pause()
        t = table(app)
        for key in ("gap_guideline_share", "gap_core_share", "gap_total_share"):
            assert key in t.column_keys
        deu = app.session.result.member("DEU")
        assert cell_spec(deu, "gap_core_share")[0] == "1.50"
        assert cell_spec(deu, "gap_total_share")[0] == "3.00"
        assert cell_spec(deu, "gap_guideline_share")[0] == "·"


async def test_the_cell_line_gives_the_gap_in_money_and_points(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert table(app).cursor_to("DEU", "gap_core")
        await pilot.pause()
        text = app.main_screen.describe_cell("DEU", "gap_core").plain
        assert "✗ 3.5 % core: $75.00 bn short (1.50 pp of GDP)" in text


async def test_sorting_by_a_gap_in_points_works_from_the_palette_titles(make):
    app = make()
    async with app.run_test(size=(280, 60)) as pilot:
        await pilot.pause()
        app.main_screen.set_sort(("gap_core_share", True))
        await pilot.pause()
        codes = [m.code for m in app.main_screen.view_members()]
        # largest gap in points first: DEU 1.50, CAN 1.49, ...; POL (4.48 %) has none
        assert codes[:2] == ["DEU", "CAN"]
        assert "gap to core, pp" in app.main_screen.query_one("SessionBar").right_text().plain


async def test_the_aggregates_give_each_collective_gap_in_points(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = summary_text(app)
        assert "of GDP" in text
        g = app.session.result.group("nato")
        # collective gap to 3.5 %: USD 288.58 bn on a group GDP of 46,000 = 0.63 points
        assert (g.collective_gap_core, g.gdp) == (Decimal("288.58"), Decimal(46000))
        assert g.gap_core_share == CONTEXT.divide(Decimal("288.58"), Decimal(46000))
        assert "0.63 pp" in text


async def test_the_cell_line_says_how_far_above_the_total_target_an_ally_is(make):
    # Poland: core 4.48 % of 1,000 = 44.80, related 12 counted in full (cap 15):
    # 56.80 against 5 % of 1,000 = 50.00, so 6.80 above
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = app.main_screen.describe_cell("POL", "gap_total").plain
        assert "✔ 5 % total met ($6.80 bn above)" in text
