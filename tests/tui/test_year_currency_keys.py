"""The year and currency keys through Pilot on nato-2026: [ and ] step through the release's
years (the session bar says which, a what-if comes along; that the path view starts from the
year shown is tested on the session, test_session_years.py); $ (or m) steps through the currencies (the table, the bar, the cell information and the
open views follow). The figures are NATO's (see test_session_years.py, test_session_currency.py)."""

from __future__ import annotations

from decimal import Decimal

from calc.engine.changes import Change

D = Decimal


def bar(app) -> str:
    from calc.tui.widgets.session_bar import SessionBar

    return str(app.main_screen.query_one(SessionBar).content)


def cell(app, code: str, key: str) -> str:
    return app.main_screen.table.cell_text(code, key)


async def test_brackets_step_through_the_years_with_the_what_if_and_the_bar_says_which(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "2026 estimates" in bar(app)
        assert cell(app, "DEU", "core").strip() == "147.00"
        app.commit(Change("set", "DEU", "core_share", D("0.03")))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.session.preset.year == 2025 and "2025 estimates" in bar(app)
        # the what-if comes along: 3 % of 2025's GDP, 5,056.631
        assert cell(app, "DEU", "core").strip() == "151.70✎"
        assert "your 1 change applied to 2025's figures" in app.notices[-1][1]
        assert "modified (1 change)" in bar(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert cell(app, "DEU", "core").strip() == "112.14"
        for _ in range(11):
            await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.session.preset.year == 2014 and "2014 estimates" not in bar(app) and "2014" in bar(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.notices[-1] == ("warning", "2014 is the first year of nato-2026 (2014–2026).")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.session.preset.year == 2015


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
        assert app.session.preset.year == 2025
        assert app.screen.model.sides[0].gdp != usa.gdp
        assert "GDP €" in "\n".join(t.plain for t in app.screen.draw("head", 118))
