"""The TUI's export (ctrl+e) to a workbook follows the money on screen, as the text formats do
(figures of presets/nato-2026.toml, see tests/unit/test_xlsx_currency.py: Germany's 2026 core
USD 147.002 bn = EUR 124.66 bn; Poland's PLN 193.789 bn; NATO's USD 1,809.913 bn)."""

from __future__ import annotations

import io

import openpyxl

from calc.files.presets import load_by_id
from calc.tui.session import Session


def sheet(data: bytes, name: str) -> dict[str, dict[str, object]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[name]
    headers = [c.value for c in ws[2]]
    return {r[0]: dict(zip(headers, r)) for r in ws.iter_rows(min_row=3, values_only=True)}


def session(currency: str) -> Session:
    s = Session(currency=currency)
    s.start(load_by_id("nato-2026"))
    return s


def test_a_workbook_exported_in_euros_is_in_euros():
    data = session("eur").render_report("xlsx")
    assert sheet(data, "Members")["DEU"]["Core spending (EUR bn)"] == 124.66


def test_a_workbook_exported_in_national_currencies_names_each_allys():
    data = session("national").render_report("xlsx")
    pol = sheet(data, "Members")["POL"]
    assert (pol["Currency"], pol["Core spending (national bn)"]) == ("PLN", 193.789)
    assert sheet(data, "Groups")["nato"]["Core spending (USD bn)"] == 1809.913


def test_switching_the_currency_changes_the_next_export_and_u_the_aid_counted():
    s = session("usd")
    assert sheet(s.render_report("xlsx"), "Members")["DEU"]["Core spending (USD bn)"] == 147.002
    s.set_currency("eur")
    s.set_year(2025)
    s.toggle_ukraine()
    data = s.render_report("xlsx")
    assert (
        sheet(data, "Members")["DEU"]["Core spending (EUR bn)"] == 108.3115
    )  # 99.298 + Kiel's EUR 9.0135 bn of aid
    assert sheet(data, "Assumptions")["Ukraine aid counted"]["Value"] is True


async def test_the_palettes_excel_export_writes_the_workbook_in_the_money_on_screen(make, tmp_path):
    from calc.tui.commands import session_commands

    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("dollar_sign")  # euros
        await pilot.pause()
        [entry] = [c for c in session_commands(app, app.main_screen) if c.title == "Export: Excel workbook…"]
        entry.callback()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        [written] = list(tmp_path.glob("*.xlsx"))
        assert sheet(written.read_bytes(), "Members")["DEU"]["Core spending (EUR bn)"] == 124.66
