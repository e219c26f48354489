"""Meeting safety in the TUI: every figure a person sees, types, pastes or exports is right.

The fixed preset ``tests/tui/data/presets/test-2025.toml`` has 8 members in this order:
USA, CAN, DEU, FRA, POL, ISL, GBR, NOR.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import build_app

from calc.tui.screens.dialogs import TargetsDialog
from calc.tui.widgets.targets_panel import TargetsPanel

WIDE = (160, 40)
NARROW = (100, 40)


def last_notice(app) -> str:
    return app.notices[-1][1] if app.notices else ""


class TestNothingToUndo:
    async def test_undo_with_nothing_to_undo_says_so_on_the_main_screen(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert last_notice(app) == "Nothing to undo."
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert last_notice(app) == "Nothing to redo."

    async def test_undo_with_nothing_to_undo_says_so_in_the_path_view(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("P")
            await pilot.pause()
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert last_notice(app) == "Nothing to undo."
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert last_notice(app) == "Nothing to redo."


class TestTargetsKeepFocus:
    async def test_after_editing_the_deadline_the_next_edit_is_the_core_target_not_an_ally(self):
        """`t`, edit the deadline, then `↑ e 3% ⏎` changes the core target (the row above the
        deadline is the total target; two rows up is the related cap, three the core)."""
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            panel = app.main_screen.query_one(TargetsPanel)
            assert app.focused is panel
            await pilot.press("down", "down", "down", "down")  # guideline → deadline
            assert panel.current == "deadline"
            await pilot.press("e", *"2032", "enter")
            await pilot.pause()
            assert app.result.targets.deadline == 2032
            assert app.focused is panel
            assert last_notice(app) == "Changed: deadline → 2032"
            await pilot.press("up", "up", "up", "e", *"3%", "enter")
            await pilot.pause()
            assert app.result.targets.core == Decimal("0.03")
            assert [c.op for c in app.changes] == ["target", "target"]
            assert app.focused is panel
            assert last_notice(app) == "Changed: core target → 3.00 %"

    async def test_on_a_narrow_screen_the_targets_dialog_comes_back_on_the_edited_row(self):
        app = build_app()
        async with app.run_test(size=NARROW) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, TargetsDialog)
            await pilot.press("down", "down", "down", "down", "e", *"2032", "enter")
            await pilot.pause()
            assert app.result.targets.deadline == 2032
            assert isinstance(app.screen, TargetsDialog)
            panel = app.screen.query_one(TargetsPanel)
            assert panel.current == "deadline" and app.focused is panel
            await pilot.press("up", "up", "up", "e", *"3%", "enter")
            await pilot.pause()
            assert app.result.targets.core == Decimal("0.03")
            assert all(c.op == "target" for c in app.changes)


class TestCompareLabelsEachSidesOwnTarget:
    async def test_gap_headers_and_cell_information_name_each_sides_target(self):
        from calc.scenario import Change

        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("target", field="core", value=Decimal("0.03")))
            app.compare_with(app.compare_side_for("base", ""))
            await pilot.pause()
            t = app.main_screen.table
            assert t.label_text("gap_core_a").strip() == "To 3.5% A"
            assert t.label_text("gap_core_b").strip() == "To 3% B"
            # DEU: GDP 5,000, core 100: 75.00 short of 3.5 % in A, 50.00 short of 3 % in B
            assert t.cell_text("DEU", "gap_core_a").strip() == "75.00"
            assert t.cell_text("DEU", "gap_core_b").strip() == "50.00"
            info = app.main_screen.describe_compare("DEU", "gap_core_a").plain
            assert "gap to 3.5 % (A) / 3 % (B): 75.00 → 50.00" in info

    async def test_with_the_same_target_on_both_sides_one_target_is_named(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.compare_with(app.compare_side_for("base", ""))
            await pilot.pause()
            t = app.main_screen.table
            assert t.label_text("gap_core_a").strip() == "To 3.5% A"
            assert t.label_text("gap_core_b").strip() == "To 3.5% B"
            assert "gap to 3.5 %: 75.00 → 75.00" in app.main_screen.describe_compare("DEU", "code").plain
