"""Every flow of the terminal UI, driven with Textual's Pilot.

Tests assert on the app's state (changes, result, files) and on what the table and panels show.
The fixed preset ``tests/tui/data/presets/test-2025.toml`` has 8 members in this order:
USA, CAN, DEU, FRA, POL, ISL, GBR, NOR.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from helpers import PRESETS, SCENARIOS, build_app, palette, spy, summary_text

from calc.engine.changes import Change
from calc.files.scenario_file import load_scenario
from calc.tui.cells import COLUMN, NARROW_ORDER
from calc.tui.screens.dialogs import (
    ConfirmDialog,
    ErrorDialog,
    StartupErrorScreen,
    TargetsDialog,
)
from calc.tui.screens.edit import MemberEditDialog, TargetEditDialog
from calc.tui.screens.files import ExportDialog, OpenDialog, SaveDialog
from calc.tui.screens.help import DESCRIPTIONS, HelpScreen, help_text
from calc.tui.screens.main import MainScreen
from calc.tui.screens.presets import PresetPickerDialog
from calc.tui.widgets.targets_panel import TargetsPanel

ORDER = ["USA", "CAN", "DEU", "FRA", "POL", "ISL", "GBR", "NOR"]
WIDE = (160, 40)


def table(app):
    return app.main_screen.table


def bar_text(app) -> str:
    from calc.tui.widgets.session_bar import SessionBar

    bar = app.main_screen.query_one(SessionBar)
    return f"{bar.left_text().plain} | {bar.right_text().plain}"


async def open_editor(pilot, code: str, column: str = "core_share"):
    assert table(pilot.app).cursor_to(code, column)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MemberEditDialog)
    return pilot.app.screen


async def edit(pilot, code: str, column: str, text: str) -> None:
    """Edit one cell the way a user does: move there, e, type, Enter."""
    await open_editor(pilot, code, column)
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


# --------------------------------------------------------------------------------------------


class TestStartup:
    async def test_it_opens_on_the_preset_in_preset_order_with_the_aggregates(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert table(app).order == ORDER
            assert app.session.preset.id == "test-2025"
            assert "Test allies, 2025" in bar_text(app)
            assert "NATO (8)" in bar_text(app)
            assert app.session.changes == () and not app.session.dirty
            assert app.focused is table(app)
            text = summary_text(app)  # the aggregates panel: the group against each target
            assert "NATO · 8 members (ISL not assessed)" in text
            assert "meeting" in text and text.count("7/7") == 1 and text.count("1/7") == 2
            assert "$1,321.4 bn" in text
            assert "2.87 %" in text  # 1,321.42 / 46,000

    async def test_the_table_shows_figures_gaps_statuses_and_markers(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            t = table(app)
            deu = t.row_text("DEU")
            assert deu["code"] == "DEU!"  # placeholder
            assert deu["name"].strip() == "Germany"
            assert deu["gdp"] == "5,000.0 "  # a projection: not marked (the information line says so)
            assert deu["core"] == "100.00!"
            assert deu["core_share"] == "2.00 %!"
            assert deu["related"].strip() == "?"
            assert deu["total_share"] == "2.00 % "  # the Rel column's "?" says it; no "?" here
            assert deu["gap_guideline"].strip() == "·"
            assert deu["gap_core"].strip() == "75.00"
            assert deu["gap_total"].strip() == "150.00"
            assert deu["status"] == "✔ ✗ ✗"
            assert t.cell_text("FRA", "code") == "FRA†"  # later vintage
            assert t.cell_text("POL", "related") == "12.00 "  # an estimate: not marked
            assert t.cell_text("POL", "status") == "✔ ✔ ✔"  # 4.48 % core + 1.2 % related
            assert t.cell_text("GBR", "core") == "90.00 "  # a final figure: no marker
            isl = t.row_text("ISL")
            assert isl["code"] == "ISL–"
            assert isl["gap_core"].strip() == "n/a"
            assert isl["status"] == "– – –"

    def test_without_a_preset_id_it_opens_the_newest_nato_preset(self):
        """The app's session, built before it runs (the table of its 32 allies, booted:
        test_compare_path.py, test_the_groups_list_tells_the_eu_groups_apart)."""
        from calc.tui import make_app

        app = make_app(theme="textual-dark", cursor_blink=False)
        assert app.session.preset.id == "nato-2026"
        assert len(app.session.view_members()) == 32


class TestEdit:
    async def test_a_value_in_usd_bn_sets_the_figure_and_everything_updates(self, make, monkeypatch):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            rebuilds = spy(monkeypatch, table(app), "show")
            await edit(pilot, "DEU", "core", "150")
            t = table(app)
            assert t.cell_text("DEU", "core") == "150.00✎"
            assert t.cell_text("DEU", "core_share") == "3.00 %✎"
            assert t.cell_text("DEU", "gap_core").strip() == "25.00"
            assert t.cell_text("DEU", "gap_total").strip() == "100.00"
            assert t.cell_text("DEU", "code") == "DEU✎"
            assert "$1,371.4 bn" in summary_text(app)
            assert "(was 2.87 %)" in summary_text(app)
            assert "modified (1 change)" in bar_text(app) and "unsaved" in bar_text(app)
            assert rebuilds == []  # no rebuild for an edit

    async def test_a_narrow_session_bar_drops_the_preset_label_before_the_modified_marker(self, make):
        app = make()
        async with app.run_test(size=(72, 24)) as pilot:
            await pilot.pause()
            bar = app.main_screen.query_one("#session-bar")
            label = app.session.preset.label
            assert label[:20] in str(bar.render())  # unchanged: the label, cut where it must be
            await edit(pilot, "DEU", "core_share", "3%")
            shown = str(bar.render())
            assert "● modified (1 change) · unsaved" in shown
            assert label[:20] not in shown and f"[{app.session.preset.id}]" in shown

    async def test_a_percentage_and_a_relative_change_typed_in_a_cell(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "core_share", "3%")
            assert table(app).cell_text("DEU", "core") == "150.00✎"
            await edit(pilot, "DEU", "core_share", "3.5%")
            assert table(app).cell_text("DEU", "status") == "✔ ✔ ✗"
            await edit(pilot, "DEU", "core", "x1.5")  # 1.5 × 175
            assert table(app).cell_text("DEU", "core") == "262.50✎"
            assert len(app.session.changes) == 3

    async def test_the_column_decides_the_field_gdp_and_related_too(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "gdp", "+10%")
            t = table(app)
            assert t.cell_text("DEU", "gdp") == "5,500.0✎"
            # core was given as a share of GDP: it follows GDP
            assert t.cell_text("DEU", "core") == "110.00!"
            await edit(pilot, "DEU", "related", "1%")
            assert t.cell_text("DEU", "related") == "55.00✎"
            assert t.cell_text("DEU", "total_share") == "3.00 % "
            await edit(pilot, "POL", "related", "?")
            assert t.cell_text("POL", "related").strip() == "?"
            assert [c.field for c in app.session.changes] == ["gdp", "related_share", "related"]

    async def test_enter_on_a_cell_opens_the_editor_with_a_live_preview(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            table(app).cursor_to("DEU", "core_share")
            await pilot.press("enter")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, MemberEditDialog)
            assert dialog.query_one("#editor").border_title == "Germany (DEU) · core spending"
            await pilot.press(*"3%")
            await pilot.pause()
            preview = str(dialog.query_one("#preview").render())
            assert "$150.00 bn = 3.00 % of GDP" in preview
            assert "$25.00 bn short" in preview
            assert app.session.changes == ()  # nothing applied before Enter

    async def test_invalid_out_of_range_or_empty_input_is_refused_with_a_reason_and_nothing_changes(
        self, make
    ):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_editor(pilot, "DEU", "core")
            await pilot.press(*"abc")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog  # Enter did nothing
            assert "'abc' is not a number" in dialog.error
            assert "is not a number" in str(dialog.query_one("#preview").render())
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.session.changes == ()
            assert table(app).cell_text("DEU", "core") == "100.00!"
            # a value out of range is refused by the engine
            dialog = await open_editor(pilot, "DEU", "core")
            await pilot.press(*"-500")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog
            assert "cannot be negative" in dialog.error
            await pilot.press("escape")
            dialog = await open_editor(pilot, "DEU", "gdp")
            await pilot.press(*"3%")
            await pilot.press("enter")
            await pilot.pause()
            assert "GDP cannot be a share of GDP" in dialog.error
            await pilot.press("escape")
            await pilot.pause()
            assert app.session.changes == ()
            # Enter on nothing is refused; a value typed and then escape changes nothing
            dialog = await open_editor(pilot, "USA")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog and dialog.error
            await pilot.press(*"4%", "escape")
            await pilot.pause()
            assert app.session.changes == ()
            assert table(app).cell_text("USA", "core_share") == "3.20 % "

    async def test_an_edit_updates_only_the_cells_that_changed_and_keeps_cursor_and_scroll(self, monkeypatch):
        app = build_app(preset="nato-2025", presets_dirs=[])
        async with app.run_test(size=(120, 20)) as pilot:
            await pilot.pause()
            t = table(app)
            t.cursor_to("POL", "core_share")
            await pilot.pause()
            scroll = t.scroll_y
            assert scroll > 0  # POL is below the first screenful
            cursor = (t.cursor_row, t.cursor_column)
            rebuilds = spy(monkeypatch, t, "show")
            updates = spy(monkeypatch, t, "update_results")  # each returns the cells it changed
            drawn = spy(monkeypatch, t, "_draw_row")
            await pilot.press("e", *"5%", "enter")
            await pilot.pause()
            assert rebuilds == []
            # core, core %, total %, gaps (3.5 % met now: ·, 5 % smaller), status, code marker
            assert 0 < sum(cells for _, cells in updates) <= 8
            assert len(drawn) <= 2  # only Poland's row is drawn again
            assert (t.cursor_row, t.cursor_column) == cursor
            assert t.scroll_y == scroll
            assert t.cell_text("POL", "core_share") == "5.00 %✎"


class TestUndoRedo:
    async def test_undo_and_redo_every_change_with_either_keys(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "core_share", "3%")
            await pilot.press("x")  # cursor is on DEU: exclude it
            await pilot.pause()
            assert len(app.session.changes) == 2
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert app.session.changes == (Change("set", "DEU", "core_share", Decimal("0.03")),)
            assert table(app).cell_text("DEU", "status") == "✔ ✗ ✗"
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert app.session.changes == ()
            assert table(app).cell_text("DEU", "core") == "100.00!"
            assert not app.session.dirty
            assert "Undid: DEU core share → 3 %" in app.notices[-1][1]
            notices = len(app.notices)
            assert app.main_screen.dim_action("undo")  # shown dimmed in the footer
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert app.session.changes == () and app.notices[notices:] == [("warning", "Nothing to undo.")]
            await pilot.press("ctrl+y", "ctrl+y")
            await pilot.pause()
            assert len(app.session.changes) == 2
            assert table(app).cell_text("DEU", "status") == "excl."
            await pilot.press("u")  # the vim-style keys
            await pilot.pause()
            assert len(app.session.changes) == 1
            assert table(app).cell_text("DEU", "status") == "✔ ✗ ✗"
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert len(app.session.changes) == 2


class TestExcludeAndReset:
    async def test_x_leaves_a_member_out_of_every_group_and_x_again_brings_it_back(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            table(app).cursor_to("USA", "code")
            await pilot.press("x")
            await pilot.pause()
            assert app.session.changes == (Change("exclude", "USA"),)
            assert table(app).cell_text("USA", "status") == "excl."
            assert "USA" in table(app).order  # still listed, so it can come back
            assert "excluded: USA" in summary_text(app)
            assert "Excluded United States (USA)" in app.notices[-1][1]
            await pilot.press("x")
            await pilot.pause()
            assert app.session.changes[-1] == Change("include", "USA")
            assert table(app).cell_text("USA", "status") == "✔ ✗ ✗"

    async def test_r_resets_a_member_and_shift_r_resets_everything_undoably(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "core_share", "3%")
            await pilot.press("x")
            app.commit(Change("exclude", "USA"))
            await pilot.pause()
            table(app).cursor_to("DEU", "core")
            await pilot.press("r")
            await pilot.pause()
            assert app.session.changes[-1] == Change("reset", "DEU")
            assert table(app).row_text("DEU") == {
                **table(app).row_text("DEU"),
                "core": "100.00!",
                "status": "✔ ✗ ✗",
            }
            await pilot.press("r")
            await pilot.pause()
            assert app.notices[-1][0] == "warning"  # nothing left to reset
            await pilot.press("R")
            await pilot.pause()
            assert app.session.changes == ()
            assert table(app).cell_text("USA", "status") == "✔ ✗ ✗"
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert len(app.session.changes) == 4
            assert table(app).cell_text("USA", "status") == "excl."


class TestTargets:
    async def test_editing_the_core_target_updates_headers_gaps_counts_and_panel(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()
            panel = app.main_screen.query_one("#targets", TargetsPanel)
            assert app.focused is panel
            await pilot.press("j", "enter")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, TargetEditDialog)
            await pilot.press(*"3%")
            await pilot.pause()
            assert "meeting 3 % core: 2/7" in str(dialog.query_one("#preview").render())
            await pilot.press("enter")
            await pilot.pause()
            t = table(app)
            assert t.label_text("gap_core").strip() == "To 3%"
            assert t.cell_text("DEU", "gap_core").strip() == "50.00"
            assert panel.get_cell("core", "value").plain == "3 %✎"
            assert "3 % core" in summary_text(app)
            assert app.focused is panel  # focus stays where the person was working

    async def test_the_deadline_and_invalid_targets(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.main_screen.edit_target("total")
            await pilot.pause()
            dialog = app.screen
            await pilot.press(*"300%", "enter")
            await pilot.pause()
            assert app.screen is dialog and "between 0 % and 100 %" in dialog.error
            await pilot.press("escape")
            app.main_screen.edit_target("deadline")
            await pilot.pause()
            await pilot.press(*"2032", "enter")
            await pilot.pause()
            assert "by 2032" in summary_text(app)

    async def test_on_a_narrow_screen_t_opens_the_targets_in_a_dialog(self, make):
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not app.main_screen.query_one("#side").display or app.main_screen.narrow
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, TargetsDialog)
            await pilot.press("down", "down", "down", "enter")  # total target
            await pilot.pause()
            assert isinstance(app.screen, TargetEditDialog)
            await pilot.press(*"4%", "enter")
            await pilot.pause()
            assert app.session.result.targets.total == Decimal("0.04")


class TestSort:
    async def test_s_sorts_by_the_column_under_the_cursor_then_reverses_then_stops_and_a_header_click_sorts(
        self, make, monkeypatch
    ):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            t = table(app)
            rebuilds = spy(monkeypatch, t, "show")
            t.cursor_to("USA", "core_share")
            await pilot.press("s")
            await pilot.pause()
            assert app.session.sort == ("core_share", True)
            assert t.order == ["POL", "USA", "GBR", "NOR", "FRA", "CAN", "DEU", "ISL"]
            assert t.label_text("core_share").startswith("▼")
            assert "sort core % ▼" in bar_text(app)
            await pilot.press("s")
            await pilot.pause()
            assert app.session.sort == ("core_share", False)
            assert t.order[:2] == ["ISL", "DEU"]
            await pilot.press("s")
            await pilot.pause()
            assert app.session.sort is None and t.order == ORDER
            assert rebuilds == []  # sorting reorders rows in place
            x = t.column_x("gdp") + 3  # in "GDP $bn"
            await pilot.click(t, offset=(x, 0))
            await pilot.pause()
            assert app.session.sort == ("gdp", True)
            assert t.order[0] == "USA" and t.order[-1] == "ISL"
            await pilot.click(t, offset=(x, 0))
            await pilot.pause()
            assert app.session.sort == ("gdp", False)
            assert t.order[0] == "ISL"

    async def test_a_sorted_table_reorders_after_an_edit_and_the_cursor_follows(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            t = table(app)
            app.main_screen.set_sort(("core_share", True))
            await edit(pilot, "DEU", "core_share", "5%")
            assert t.order[0] == "DEU"
            assert t.cursor_keys() == ("DEU", "core_share")
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert t.order[-2:] == ["DEU", "ISL"]
            assert t.cursor_keys()[0] == "DEU"


class TestFilter:
    async def test_typing_filters_rows_by_name_or_code_no_match_says_so_and_an_edit_applies_to_the_row(
        self, make
    ):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"ger")
            await pilot.pause()
            assert table(app).order == ["DEU"]
            assert "filter “ger”" in bar_text(app)
            await pilot.press("backspace", "backspace", "backspace", *"united")
            await pilot.pause()
            assert table(app).order == ["USA", "GBR"]
            await pilot.press("enter")
            await pilot.pause()
            assert app.focused is table(app)
            assert app.session.filter == "united"
            await pilot.press("escape")
            await pilot.pause()
            assert app.session.filter == "" and table(app).order == ORDER
            await pilot.press("slash", *"pol")  # codes match too
            await pilot.pause()
            assert table(app).order == ["POL"]
            await pilot.press(*"xx")
            await pilot.pause()
            assert table(app).order == []
            info = str(app.main_screen.query_one("#cell-info").render())
            assert "No ally in NATO matches “polxx”" in info
            await pilot.press("escape")
            await pilot.pause()
            assert table(app).order == ORDER
            await pilot.press("slash", *"fra", "enter")  # an edit in a filtered table
            await pilot.pause()
            await pilot.press("e", *"2.5%", "enter")
            await pilot.pause()
            assert app.session.changes == (Change("set", "FRA", "core_share", Decimal("0.025")),)


class TestGroups:
    async def test_g_cycles_through_the_groups_and_the_table_follows(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            seen = []
            for _ in range(4):
                await pilot.press("g")
                await pilot.pause()
                seen.append((app.session.group, table(app).order))
            assert seen == [
                ("europe-canada", ["CAN", "DEU", "FRA", "POL", "ISL", "GBR", "NOR"]),
                ("eu", ["DEU", "FRA", "POL"]),
                ("big-four", ["DEU", "FRA", "POL", "GBR"]),
                ("nato", ORDER),
            ]
            await pilot.press("G")
            await pilot.pause()
            assert app.session.group == "big-four"
            assert "Big European four · 4 members" in summary_text(app)


class TestPresets:
    async def test_the_picker_lists_presets_and_switches(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, PresetPickerDialog)
            from textual.widgets import OptionList

            options = picker.query_one(OptionList)
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            assert {"test-2024", "test-2025", "broken", "nato-2025"} <= set(ids)
            prompts = {
                options.get_option_at_index(i).id: str(options.get_option_at_index(i).prompt)
                for i in range(options.option_count)
            }
            assert "Invalid preset" in prompts["broken"]
            assert "8 members · Test allies, 2024" in prompts["test-2024"]
            options.highlighted = ids.index("test-2024")
            await pilot.press("enter")
            await pilot.pause()
            assert app.session.preset.id == "test-2024"
            assert table(app).cell_text("USA", "core_share") == "3.30 % "
            assert "Test allies, 2024" in bar_text(app)

    async def test_switching_with_changes_asks_and_can_carry_them_over(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "core_share", "3%")
            app.switch_preset("test-2024")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.click("#keep")
            await pilot.pause()
            assert app.session.preset.id == "test-2024"
            assert app.session.changes == (Change("set", "DEU", "core_share", Decimal("0.03")),)
            assert table(app).cell_text("DEU", "core") == "150.00✎"
            assert app.session.dirty
            app.switch_preset("test-2025")
            await pilot.pause()
            await pilot.click("#fresh")
            await pilot.pause()
            assert app.session.preset.id == "test-2025" and app.session.changes == ()

    async def test_a_broken_preset_shows_what_and_where_and_nothing_changes(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.open_preset("broken")
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert "broken.toml: members.DEU.gdp: must be greater than 0" in app.screen.message
            assert "members.DEU.colour: unknown key 'colour'" in app.screen.message
            await pilot.press("escape")
            await pilot.pause()
            assert app.session.preset.id == "test-2025"


class TestScenarioFiles:
    async def test_the_save_dialog_saves_and_the_bar_names_the_scenario(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await edit(pilot, "DEU", "core_share", "3%")
            app.commit(Change("exclude", "USA"))
            app.commit(Change("target", field="core", value=Decimal("0.03")))
            await pilot.press("ctrl+s")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, SaveDialog)
            path_box = dialog.query_one("#path")
            path_box.value = "meeting"
            dialog.query_one("#label").value = "Germany to 3 %, without the US"
            await pilot.click("#save-button")
            await pilot.pause()
            saved = tmp_path / "meeting.toml"
            assert saved.is_file()
            assert not app.session.dirty
            assert app.session.scenario_path == Path("meeting.toml")
            assert "scenario: Germany to 3 %, without the US" in bar_text(app)
            assert "unsaved" not in bar_text(app)
            s = load_scenario(saved, [PRESETS])
            assert s.changes == app.session.changes and s.label == "Germany to 3 %, without the US"

    async def test_ctrl_s_on_an_opened_scenario_saves_in_place(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            assert app.save_scenario(tmp_path / "s.toml", "first")
            app.commit(Change("exclude", "CAN"))
            assert app.session.dirty
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)  # no dialog
            assert not app.session.dirty
            assert load_scenario(tmp_path / "s.toml", [PRESETS]).changes == app.session.changes
            assert load_scenario(tmp_path / "s.toml", [PRESETS]).label == "first"

    async def test_overwriting_another_file_needs_a_second_enter(self, make, tmp_path):
        (tmp_path / "taken.toml").write_text("keep me")
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.press("ctrl+s")
            await pilot.pause()
            dialog = app.screen
            dialog.query_one("#path").value = "taken.toml"
            dialog.query_one("#path").focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog
            assert "exists: press Enter again" in str(dialog.query_one("#file-message").render())
            assert (tmp_path / "taken.toml").read_text() == "keep me"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert load_scenario(tmp_path / "taken.toml", [PRESETS]).changes == (Change("exclude", "USA"),)

    async def test_saving_into_a_missing_folder_says_so(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            dialog = app.screen
            dialog.query_one("#path").value = "no/such/folder/x.toml"
            await pilot.click("#save-button")
            await pilot.pause()
            assert app.screen is dialog
            assert "does not exist" in str(dialog.query_one("#file-message").render())

    async def test_open_a_scenario_from_the_ui(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("set", "POL", "core_share", Decimal("0.05")))
            app.save_scenario(tmp_path / "pol.toml", "Poland at 5 %")
            app.commit(Change("exclude", "USA"))
            app.save_scenario(tmp_path / "other.toml")
            app.reset_all()
            app.session.saved_changes = ()
            await pilot.press("ctrl+o")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, OpenDialog)
            from textual.widgets import OptionList

            files = dialog.query_one("#files", OptionList)
            listed = [str(files.get_option_at_index(i).prompt) for i in range(files.option_count)]
            assert any("pol.toml  Poland at 5 %" in x for x in listed)
            await pilot.press(*"pol.toml", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.session.scenario_label == "Poland at 5 %"
            assert app.session.changes == (Change("set", "POL", "core_share", Decimal("0.05")),)
            assert table(app).cell_text("POL", "core_share") == "5.00 %✎"

    async def test_opening_asks_first_when_the_what_if_is_unsaved(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.session.changes


class TestExport:
    async def test_the_export_dialog_names_the_file_by_format_and_writes_the_view(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
            app.set_group("eu")
            app.main_screen.set_sort(("gap_core", True))
            for fmt, ext, name in (
                ("csv", ".csv", "CSV"),
                ("markdown", ".md", "Markdown"),
                ("json", ".json", "JSON"),
            ):
                await pilot.press("ctrl+e")
                await pilot.pause()
                dialog = app.screen
                assert isinstance(dialog, ExportDialog)
                await pilot.click(f"#fmt-{fmt}")
                await pilot.pause()
                assert dialog.query_one("#path").value == f"test-2025-eu{ext}", fmt
                await pilot.click("#export-button")
                await pilot.pause()
                # the file is the session's report (which is nato-calc report's: test_session_flows.py)
                assert (tmp_path / f"test-2025-eu{ext}").read_text() == app.session.render_report(fmt), fmt
                assert f"Exported {name}" in app.notices[-1][1], fmt

    async def test_exporting_over_a_file_asks_first(self, make, tmp_path):
        (tmp_path / "test-2025-nato.csv").write_text("old")
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            assert (tmp_path / "test-2025-nato.csv").read_text() == "old"
            await pilot.press("enter")
            await pilot.pause()
            assert (tmp_path / "test-2025-nato.csv").read_text().startswith("kind,code,name")


class TestClipboard:
    async def test_y_copies_the_short_summary_of_the_view(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
            app.set_group("big-four")
            await pilot.press("y")
            await pilot.pause()
            assert app.clipboard == app.session.summary()
            assert app.notices[-1][1].startswith("Copied a 9-line summary to the clipboard")


class TestQuitGuard:
    async def test_quitting_without_changes_just_quits(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0

    async def test_quitting_with_unsaved_changes_asks_and_cancel_keeps_the_session(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert "is not saved" in app.screen._message
            await pilot.click("#cancel")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.is_running
            await pilot.press("ctrl+q")  # the same guard
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.click("#quit")
            await pilot.pause()
        assert app.return_code == 0

    async def test_save_from_the_quit_guard_saves_then_quits(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.press("q")
            await pilot.pause()
            await pilot.click("#save")
            await pilot.pause()
            assert isinstance(app.screen, SaveDialog)
            app.screen.query_one("#path").value = "before-quit.toml"
            await pilot.click("#save-button")
            await pilot.pause()
        assert (tmp_path / "before-quit.toml").is_file()
        assert app.return_code == 0

    async def test_after_saving_quit_does_not_ask(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            app.save_scenario(tmp_path / "done.toml")
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0


class TestErrors:
    async def test_a_broken_preset_file_on_the_command_line_is_shown_in_the_ui(self, tmp_path):
        shutil.copy(PRESETS / "broken.toml", tmp_path / "broken.toml")
        app = build_app(file="broken.toml")
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert app.screen.title_text == "Invalid preset (2 problems)"
            assert app.screen.message.splitlines() == [
                "broken.toml: members.DEU.gdp: must be greater than 0",
                "broken.toml: members.DEU.colour: unknown key 'colour' (did you mean 'core'?)",
            ]
            assert app.screen.note == "Opened nato-2026 instead."
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.session.preset.id == "nato-2026"

    async def test_a_broken_scenario_on_the_command_line_is_shown_in_the_ui(self, tmp_path):
        shutil.copy(SCENARIOS / "broken-scenario.toml", tmp_path / "b.toml")
        app = build_app(scenario="b.toml")
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert "b.toml: changes[2].member: unknown member 'XYZ'" in app.screen.message

    async def test_opening_a_broken_scenario_from_the_ui_changes_nothing(self, make, tmp_path):
        shutil.copy(SCENARIOS / "broken-scenario.toml", tmp_path / "b.toml")
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            assert not app.open_scenario(tmp_path / "b.toml")
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert app.session.changes == (Change("exclude", "USA"),)
            assert app.session.scenario_path is None

    async def test_a_missing_file_typed_in_the_open_dialog_is_refused(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pilot.press(*"nowhere.toml", "enter")
            await pilot.pause()
            assert isinstance(app.screen, OpenDialog)
            assert "nowhere.toml: file not found" in str(app.screen.query_one("#file-message").render())

    async def test_an_unknown_preset_id_falls_back_and_says_so(self):
        app = build_app(preset="test-2099")
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            assert "unknown preset 'test-2099' (did you mean 'test-2025'?)" in app.screen.message

    async def test_when_no_preset_opens_at_all_a_way_out_is_offered(self, tmp_path, monkeypatch):
        import calc.files.presets

        monkeypatch.setattr(calc.files.presets, "shipped_dir", lambda: tmp_path / "none")
        app = build_app(file=PRESETS / "broken.toml", presets_dirs=[])
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StartupErrorScreen)
            app.session.presets_dirs = [PRESETS]
            await pilot.press("p")
            await pilot.pause()
            assert isinstance(app.screen, PresetPickerDialog)
            app.screen.dismiss("test-2025")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert table(app).order == ORDER
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0


class TestCommandPalette:
    async def test_the_palette_switches_group_and_preset_and_without_the_us_is_a_few_keystrokes(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await palette(pilot, "group eu member")
            assert app.session.group == "eu"
            assert "EU members (3)" in bar_text(app)
            await palette(pilot, "preset: test-2024")
            assert app.session.preset.id == "test-2024"
            await palette(pilot, "exclude united states")
            assert app.session.changes == (Change("exclude", "USA"),)

    async def test_edit_a_member_from_the_palette(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await palette(pilot, "edit germany core")
            assert isinstance(app.screen, MemberEditDialog)
            await pilot.press(*"3%", "enter")
            await pilot.pause()
            assert app.session.changes == (Change("set", "DEU", "core_share", Decimal("0.03")),)

    async def test_every_action_is_reachable_from_the_palette(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            app.undo()
            titles = {c.title for c in app.get_system_commands(app.screen)}
            for title in (
                "Save scenario", "Save scenario as…", "Open scenario…", "Switch preset…",
                "Export: CSV…", "Export: Markdown…", "Export: JSON…", "Copy summary",
                "Filter rows…", "Help: keys and conventions", "Group: EU members",
                "Target: Core target (now 3.5 %)", "Sort by: gap to the core target",
                "Redo: exclude USA", "Go to: Germany (DEU)", "Exclude: Norway (NOR)",
                "Edit: Poland GDP", "Toggle light/dark theme", "Quit",
            ):  # fmt: skip  # a table: one row a line
                assert title in titles, title

    def test_every_binding_resolves_to_an_action_and_is_in_the_help(self):
        """On the classes: no app needs to run for it."""
        from rich.console import Console

        from calc.tui.app import CalcApp

        console = Console(width=200, record=True, color_system=None)
        console.print(help_text())
        text = console.export_text()
        for b in MainScreen.BINDINGS:
            assert hasattr(MainScreen, f"action_{b.action.partition('(')[0]}"), b.action  # step_year(-1)
            assert b.id and DESCRIPTIONS[b.id] in text, b.id
        for b in CalcApp.BINDINGS:
            assert hasattr(CalcApp, f"action_{b.action}"), b.action


class TestHelpAndLayout:
    async def test_question_mark_and_f1_open_the_help_and_escape_closes_it(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            for key in ("question_mark", "f1"):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, HelpScreen)
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, MainScreen)

    async def test_a_narrow_terminal_collapses_columns_and_folds_the_side_panel(self, make):
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            t = table(app)
            assert t.column_keys == NARROW_ORDER
            assert app.main_screen.narrow
            assert not app.main_screen.query_one("#side").display
            assert t.fixed_columns == 1  # the code stays put when scrolling sideways
            for key in t.column_keys:  # nothing is cut: every column is as wide as its cells
                width = t.column_width(key)
                assert all(len(t.cell_text(code, key)) <= width for code in ORDER)
                assert len(t.label_text(key)) <= width

    async def test_resizing_switches_layout_and_keeps_the_cursor(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            t = table(app)
            t.cursor_to("POL", "core_share")
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert t.column_keys == NARROW_ORDER
            assert t.cursor_keys() == ("POL", "core_share")
            await pilot.resize_terminal(200, 60)
            await pilot.pause()
            assert "related_share" not in t.column_keys and "gap_core" in t.column_keys
            await pilot.resize_terminal(280, 60)
            await pilot.pause()
            assert t.column_keys == tuple(COLUMN)  # every column: related %, gaps in pp, surplus
            assert t.cell_text("POL", "surplus_core").strip() == "9.80"
            assert t.cell_text("POL", "related_share") == "1.20 % "
            assert t.cursor_keys() == ("POL", "core_share")
            assert app.main_screen.query_one("#side").display
            assert app.main_screen.query_one("#groups").display  # a tall screen lists every group

    async def test_light_and_dark_themes_restyle_the_table(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            t = table(app)
            dark = t.get_cell("DEU", "status").spans[0].style
            app.action_toggle_theme()
            await pilot.pause()
            await pilot.pause()
            assert app.theme == "textual-light"
            light = t.get_cell("DEU", "status").spans[0].style
            assert dark != light
            assert t.cell_text("DEU", "status") == "✔ ✗ ✗"

    async def test_the_cell_information_line_follows_the_cursor_and_an_edit(self, make):
        """What it says of each figure: tests/tui/test_views.py."""
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            table(app).cursor_to("DEU", "core_share")
            await pilot.pause()
            info = str(app.main_screen.query_one("#cell-info").render())
            assert "DEU Germany · core spending $100.00 bn = 2.00 % of GDP" in info
            assert "Placeholder pending the budget." in info  # the note, on its own line
            await edit(pilot, "DEU", "core_share", "3%")
            info = str(app.main_screen.query_one("#cell-info").render())
            assert "edited in this session (DEU core share → 3 %)" in info
            table(app).cursor_to("POL", "gap_core")
            await pilot.pause()
            info = str(app.main_screen.query_one("#cell-info").render())
            assert "✔ 3.5 % core met ($9.80 bn above)" in info and "guideline" not in info


class TestKeyBar:
    async def test_the_key_bar_shows_the_keys_that_matter_now_and_clicking_one_presses_it(self, make):
        from calc.tui.widgets.key_bar import KeyBar

        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            bar = app.main_screen.query_one(KeyBar)
            keys = {d: (k, on) for k, d, on in bar.keys()}
            assert keys["Edit"] == ("e", True)
            assert keys["Undo"] == ("^z", False)  # nothing to undo yet: dimmed
            text = str(bar.render())  # clicking a key presses it
            x = text.index(" ? Help") + 1
            await pilot.click(KeyBar, offset=(x, 0))
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.pause()
            keys = {d: (k, on) for k, d, on in bar.keys()}
            assert keys["Undo"] == ("^z", True)
            await pilot.press("t")  # the targets panel has its own key
            await pilot.pause()
            assert "Edit target" in {d for _, d, _ in bar.keys()}


def test_the_tables_text_columns_are_the_reports():
    from calc.output import report
    from calc.tui import cells

    assert cells.TEXT_COLUMNS == report.TEXT_COLUMNS
