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
