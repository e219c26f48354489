"""Meeting safety in the TUI: every figure a person sees, types, pastes or exports is right.

The fixed preset ``tests/tui/data/presets/test-2025.toml`` has 8 members in this order:
USA, CAN, DEU, FRA, POL, ISL, GBR, NOR.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import build_app

from calc.tui.screens.dialogs import TargetsDialog
from calc.tui.widgets.targets_panel import TargetsPanel

WIDE = (160, 40)
NARROW = (100, 40)


async def press(pilot, *keys: str) -> None:
    """Press ``keys`` and let the app settle."""
    await pilot.press(*keys)
    await pilot.pause()


def last_notice(app) -> str:
    return app.notices[-1][1] if app.notices else ""


class TestNothingToUndo:
    async def test_undo_with_nothing_to_undo_says_so_on_the_main_screen_and_in_the_path_view(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await press(pilot, "ctrl+z")
            assert last_notice(app) == "Nothing to undo."
            await press(pilot, "ctrl+y")
            assert last_notice(app) == "Nothing to redo."
            await press(pilot, "P")
            assert type(app.screen).__name__ == "PathScreen"
            app.notices.clear()
            await press(pilot, "ctrl+z")
            assert last_notice(app) == "Nothing to undo."
            await press(pilot, "ctrl+y")
            assert last_notice(app) == "Nothing to redo."


class TestTargetsKeepFocus:
    async def test_after_editing_the_deadline_the_next_edit_is_the_core_target_not_an_ally(self):
        """`t`, edit the deadline, then `↑ e 3% ⏎` changes the core target (the row above the
        deadline is the total target; two rows up is the related cap, three the core)."""
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await press(pilot, "t")
            panel = app.main_screen.query_one(TargetsPanel)
            assert app.focused is panel
            await pilot.press("down", "down", "down", "down")  # guideline → deadline
            assert panel.current == "deadline"
            await press(pilot, "e", *"2032", "enter")
            assert app.session.result.targets.deadline == 2032
            assert app.focused is panel
            assert last_notice(app) == "Changed: deadline → 2032"
            await press(pilot, "up", "up", "up", "e", *"3%", "enter")
            assert app.session.result.targets.core == Decimal("0.03")
            assert [c.op for c in app.session.changes] == ["target", "target"]
            assert app.focused is panel
            assert last_notice(app) == "Changed: core target → 3 %"

    async def test_on_a_narrow_screen_the_targets_dialog_comes_back_on_the_edited_row(self):
        app = build_app()
        async with app.run_test(size=NARROW) as pilot:
            await press(pilot, "t")
            assert isinstance(app.screen, TargetsDialog)
            await press(pilot, "down", "down", "down", "down", "e", *"2032", "enter")
            assert app.session.result.targets.deadline == 2032
            assert isinstance(app.screen, TargetsDialog)
            panel = app.screen.query_one(TargetsPanel)
            assert panel.current == "deadline" and app.focused is panel
            await press(pilot, "up", "up", "up", "e", *"3%", "enter")
            assert app.session.result.targets.core == Decimal("0.03")
            assert all(c.op == "target" for c in app.session.changes)


class TestCompareLabelsEachSidesOwnTarget:
    async def test_gap_headers_name_each_sides_target_or_one_when_both_have_it(self):
        """The cell information behind them: tests/tui/test_views.py."""
        from calc.engine.changes import Change

        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.compare_with(app.compare_side_for("base", ""))
            await pilot.pause()
            t = app.main_screen.table
            assert t.label_text("gap_core_a").strip() == "To 3.5% A"
            assert t.label_text("gap_core_b").strip() == "To 3.5% B"
            app.stop_compare()
            app.commit(Change("target", field="core", value=Decimal("0.03")))
            app.compare_with(app.compare_side_for("base", ""))
            await pilot.pause()
            assert t.label_text("gap_core_a").strip() == "To 3.5% A"
            assert t.label_text("gap_core_b").strip() == "To 3% B"
            # DEU: GDP 5,000, core 100: 75.00 short of 3.5 % in A, 50.00 short of 3 % in B
            assert t.cell_text("DEU", "gap_core_a").strip() == "75.00"
            assert t.cell_text("DEU", "gap_core_b").strip() == "50.00"


class TestClipboardSummary:
    def test_the_summary_names_the_changes_the_group_the_targets_met_the_gaps_and_the_edited_allies(self):
        from helpers import PRESETS

        from calc.engine.changes import Change, apply_changes
        from calc.engine.evaluate import CONTEXT, evaluate
        from calc.files.presets import load_by_id
        from calc.output.fmt import money, points
        from calc.tui.summary import edited_codes, summary_text

        changes = [Change("set", "DEU", "core_share", Decimal("0.03")), Change("exclude", "USA")]
        result = evaluate(apply_changes(load_by_id("test-2025", [PRESETS]), changes))
        text = summary_text(result, changes, "nato", scenario="plan.toml", unsaved=True,
                            group_size=8, edited=edited_codes(result, changes))  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines
        lines = text.splitlines()
        g = result.group("nato")
        assert lines[0] == "nato-calc · Test allies, 2025 [test-2025] · scenario plan.toml (unsaved changes)"
        assert lines[1] == "Changes (2): DEU core share → 3 %; exclude USA"
        assert lines[2].startswith("NATO (7 included of 8): core ")
        assert f"Meeting: 2 % guideline {g.meeting_guideline}/{g.assessed}" in lines[3]
        assert lines[4].startswith("Gap to 3.5 % core: sum of gaps $")
        # the collective gap also in points of the group's GDP (as the aggregates panel shows it)
        assert g.gap_core_share == CONTEXT.divide(g.collective_gap_core, g.gdp)
        assert lines[4].endswith(
            f"collective ${money(g.collective_gap_core, 1)} bn ({points(g.gap_core_share)} of GDP)"
        )
        assert lines[6] == "Edited allies:"
        assert lines[7] == "  USA United States: excluded"
        # Germany: 3 % of a GDP of 5,000 is 150.00; 3.5 % would be 175.00: 25.00 short
        assert lines[8] == (
            "  DEU Germany: core 3.00 % of GDP ($150.00 bn) · total 3.00 % · GDP $5,000.0 bn"
            " · gap to 3.5 %: $25.00 bn · meets ✔ 2 % ✗ 3.5 % ✗ 5 %"
        )
        assert lines[-1].endswith("Full table: ctrl+e.")
        assert len(lines) == 10

    def test_without_changes_it_says_the_figures_are_the_presets(self):
        from helpers import PRESETS

        from calc.engine.evaluate import evaluate
        from calc.files.presets import load_by_id
        from calc.tui.summary import summary_text

        text = summary_text(evaluate(load_by_id("test-2025", [PRESETS])), [], "nato")
        assert text.splitlines()[1] == "Changes: none (the preset's figures)"
        assert "Edited allies" not in text

    @pytest.mark.parametrize(
        "env, says",
        [
            ({"TMUX": "/tmp/tmux-0/default,1,0"}, "set -g set-clipboard on"),
            ({"TERM_PROGRAM": "Apple_Terminal"}, "does not pass clipboard requests (OSC 52) on"),
            ({}, "If nothing arrives, your terminal blocks clipboard access (OSC 52)"),
        ],
    )
    def test_the_notification_says_where_the_clipboard_may_not_arrive(self, env, says):
        from calc.tui.clipboard import clipboard_caveat

        assert says in clipboard_caveat(env)


class TestPathCommandWhole:
    async def test_the_command_has_a_line_of_its_own_and_y_copies_it(self):
        from textual.widgets import Static

        from calc.engine.changes import Change

        app = build_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.commit(Change("target", field="core", value=Decimal("0.03")))
            app.commit(Change("exclude", member="USA"))
            app.open_path("DEU")
            await pilot.pause()
            screen = app.screen
            shown = screen.query_one("#path-command", Static)
            assert str(shown.render()) == screen.same_as()
            assert shown.size.height >= 2  # wrapped over lines at 80 columns, not cut
            await press(pilot, "y")
            assert app.clipboard == f"nato-calc path {screen.cli_args()}\n"
            assert app.clipboard.endswith("--target core=3% --exclude USA --member DEU\n")
            assert last_notice(app).startswith("Copied the command that prints this path.")
            # a change no flag expresses: the line says so instead (which changes: test_session_reproduce.py)
            from calc.tui.reproduce import CANNOT

            app.commit(Change("growth", member="DEU", value=Decimal("0.02")))
            await pilot.pause()
            assert screen.same_as() == CANNOT and str(shown.render()) == CANNOT
