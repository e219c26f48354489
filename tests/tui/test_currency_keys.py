"""The currency key through Pilot: $ (or m) steps through the currencies on nato-2026; the table,
the session bar, the cell information and the open views follow (with a year step too). The
figures are NATO's (see test_session_currency.py; the year keys: test_year_keys.py)."""

from __future__ import annotations


def bar(app) -> str:
    from calc.tui.widgets.session_bar import SessionBar

    return str(app.main_screen.query_one(SessionBar).content)


def cell(app, code: str, key: str) -> str:
    return app.main_screen.table.cell_text(code, key)


async def test_dollar_steps_through_the_currencies_with_the_headers_and_cell_information(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(150, 36)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        table.cursor_to("DEU", "core")
        await pilot.press("dollar_sign")
        await pilot.pause()
        assert "EUR" in bar(app)
        assert table.label_text("core").strip() == "Core €bn"
        assert cell(app, "DEU", "core").strip() == "124.66"
        assert "core spending €124.66 bn = 2.69 % of GDP" in str(app.main_screen.describe_cell("DEU", "core"))
        await pilot.press("m")
        await pilot.pause()
        assert "national currencies" in bar(app)
        table.cursor_to("POL", "core")
        assert "core spending PLN 193.79 bn" in str(app.main_screen.describe_cell("POL", "core"))
        await pilot.press("dollar_sign")
        await pilot.pause()
        assert cell(app, "DEU", "core").strip() == "147.00" and "EUR" not in bar(app)


async def test_the_burden_view_follows_a_year_step_made_in_it(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        usa = app.screen.model.sides[0]
        await pilot.press("left_square_bracket", "dollar_sign")
        await pilot.pause()
        assert app.preset.year == 2025
        assert app.screen.model.sides[0].gdp != usa.gdp
        assert "GDP €" in "\n".join(t.plain for t in app.screen.draw("head", 118))
