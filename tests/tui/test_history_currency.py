"""The history view (H) follows the session's currency as ``nato-calc history --currency`` does:
each year's money at that year's rate from NATO's own tables (Table 1 ÷ Table 2), its unit in
the column titles and the table's title; a group stays in US dollars in each ally's own
currency. ``$`` steps the currency in the view too.

By hand from presets/sources/nato_2026_release.csv: Germany 2026, US$ 147,002 m = EUR 124,660 m
(Table 1), so in euros its core is EUR 124.7 bn; Poland 2026, US$ 53,080 m = PLN 193,789 m."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Static

from calc.files.presets import load_by_id
from calc.tui.screens.history import HistoryScreen
from calc.tui.session import Session

D = Decimal


def session() -> Session:
    s = Session([])
    s.start(load_by_id("nato-2026"))
    return s


def _2026(h):
    return next(y for y in h.years if y.year == 2026)


def test_the_series_is_in_the_currency_shown():
    s = session()
    assert _2026(s.series("DEU")).core == D("147.002") and s.series("DEU").shown_code == "USD"
    s.set_currency("eur")
    deu = s.series("DEU")
    assert deu.shown_code == "EUR" and _2026(deu).core.quantize(D("0.000001")) == D("124.660000")
    s.set_currency("national")
    pol = s.series("POL")
    assert pol.shown_code == "PLN" and _2026(pol).core.quantize(D("0.000001")) == D("193.789000")
    nato = s.series(None)
    assert nato.shown_code == "USD" and _2026(nato).core == D("1809.915")  # a group stays in USD


def columns(screen) -> list[str]:
    return [str(c.label) for c in screen.query_one("#history-years", DataTable).columns.values()]


def core_2026(screen) -> str:
    return str(screen.query_one("#history-years", DataTable).get_row("2026e")[3])


async def history_of(app, pilot, code: str, *keys: str) -> HistoryScreen:
    """The history view of ally ``code``, opened with H after ``keys``."""
    await pilot.pause()
    app.main_screen.table.cursor_to(code)
    await pilot.press(*keys, "H")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


async def test_after_dollar_the_history_table_is_in_euros_and_says_so(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await history_of(app, pilot, "DEU", "dollar_sign")
        assert columns(screen)[3:5] == ["Core €bn", "GDP €bn"]
        assert core_2026(screen) == "124.7"  # one decimal from 100 bn, as nato-calc history
        table = screen.query_one("#history-years", DataTable)
        assert "EUR bn at current prices, each year at its rate from NATO's tables" in str(table.border_title)
        assert "money in EUR" in str(screen.query_one("#history-title", Static).content)


async def test_dollar_in_the_view_steps_the_currency_of_the_table_and_the_session(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await history_of(app, pilot, "POL")
        assert columns(screen)[3:5] == ["Core $bn", "GDP $bn"] and core_2026(screen) == "53.08"
        await pilot.press("dollar_sign", "dollar_sign")  # euros, then each ally's own currency
        await pilot.pause()
        assert app.session.currency == "national"
        assert columns(screen)[3:5] == ["Core PLN bn", "GDP PLN bn"] and core_2026(screen) == "193.8"
        await pilot.press("g")  # the group: in US dollars, and the title says why
        await pilot.pause()
        assert columns(screen)[3] == "Core $bn"
        title = str(screen.query_one("#history-years", DataTable).border_title)
        assert title.endswith("USD bn at current prices (a group's money stays in US dollars)")
        await pilot.press("dollar_sign")  # back to US dollars: the view as it always was
        await pilot.pause()
        assert str(screen.query_one("#history-years", DataTable).border_title) == (
            "NATO: NATO's figures, e = estimate · USD bn at current prices"
        )
        assert "money in" not in str(screen.query_one("#history-title", Static).content)
