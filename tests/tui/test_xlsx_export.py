"""The export dialog writes Excel workbooks: the view, the comparison and the path."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from helpers import PRESETS
from textual.widgets import Input, RadioButton

from calc.engine.changes import Change
from calc.engine.evaluate import evaluate
from calc.files.presets import load_preset
from calc.output.compare import compare, select_comparison
from calc.output.compare import render as render_compare
from calc.output.path import plan
from calc.output.path import render as render_path
from calc.output.report import render
from calc.tui.screens.compare import ComparePickerDialog
from calc.tui.screens.files import ExportDialog

WIDE = (160, 40)


async def open_export(pilot) -> ExportDialog:
    await pilot.press("ctrl+e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def type_name(pilot, dialog: ExportDialog, name: str) -> None:
    box = dialog.query_one("#path", Input)
    box.value = ""
    await pilot.pause()
    await pilot.press(*name)
    await pilot.pause()


async def test_typing_gaps_xlsx_in_the_export_dialog_writes_the_views_workbook(make, tmp_path):
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
        app.set_group("eu")
        app.main_screen.set_sort(("gap_core", True))
        dialog = await open_export(pilot)
        await type_name(pilot, dialog, "gaps.xlsx")
        assert dialog.query_one("#fmt-xlsx", RadioButton).value  # the extension chose Excel
        assert dialog.fmt == "xlsx"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        out = tmp_path / "gaps.xlsx"
        assert out.read_bytes() == render(evaluate(app.session.preset), "xlsx", "eu", ("gap_core", True))
        assert app.notices[-1][1] == "Exported Excel to gaps.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Members", "Groups"]
    members = wb["Members"]
    assert members["A2"].value == "Code" and members.freeze_panes == "C3"
    deu = next(r for r in members.iter_rows(min_row=3) if r[0].value == "DEU")
    assert deu[4].value == 0.03 and deu[4].number_format == "0.00%"  # the edited core share


async def test_choosing_excel_gives_the_default_name_its_xlsx_extension(make, tmp_path):
    app = make()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        dialog = await open_export(pilot)
        await pilot.click("#fmt-xlsx")
        await pilot.pause()
        assert dialog.query_one("#path", Input).value == "test-2025-nato.xlsx"
        await pilot.click("#export-button")
        await pilot.pause()
    assert (tmp_path / "test-2025-nato.xlsx").read_bytes()[:2] == b"PK"


async def test_the_comparison_and_the_path_export_as_workbooks(make, tmp_path):
    app = make()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ComparePickerDialog)
        await pilot.press("enter")
        await pilot.pause()
        dialog = await open_export(pilot)
        await type_name(pilot, dialog, "cmp.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        expected = compare(
            evaluate(load_preset(PRESETS / "test-2024.toml")),
            evaluate(load_preset(PRESETS / "test-2025.toml")),
            a_ref="test-2024",
            b_ref="test-2025",
        )
        assert (tmp_path / "cmp.xlsx").read_bytes() == render_compare(
            select_comparison(expected, "nato"), "xlsx"
        )
    app = make()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        shown = app.screen.spending_path  # the path of the member under the cursor
        assert shown == plan(app.session.preset, member=shown.id, target_year=shown.target_year)
        dialog = await open_export(pilot)
        await type_name(pilot, dialog, "path.xlsx")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "path.xlsx").read_bytes() == render_path(shown, "xlsx")
    assert openpyxl.load_workbook(tmp_path / "path.xlsx").sheetnames[0] == "Path years"
