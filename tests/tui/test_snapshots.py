"""Snapshot tests (pytest-textual-snapshot): what the screens look like.

Deterministic: the fixed test preset, a fixed theme, no clock, no cursor blink, no
notifications on screen. After a change to the UI, review the differences in the HTML report
and only then run ``pytest -n0 tests/tui/test_snapshots.py --snapshot-update`` (``-n0``: in one
process, where syrupy also removes the snapshots no test uses any more; under xdist it cannot).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from helpers import PRESETS, SCENARIOS, build_app

from calc.engine.changes import Change


def _what_if(app) -> None:
    app.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
    app.commit(Change("exclude", "USA"))


def test_main_screen_with_a_what_if(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        _what_if(app)
        app.main_screen.table.cursor_to("DEU", "core_share")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)


def test_editor_with_a_live_preview(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("DEU", "core_share")
        await pilot.press("e", *"3%")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_editor_refusing_invalid_input(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("FRA", "gdp")
        await pilot.press("e", *"3%", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_help_screen(snap_compare):
    app = build_app()
    assert snap_compare(app, terminal_size=(110, 50), press=["question_mark"])


def test_narrow_terminal(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        _what_if(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_error_state_for_a_broken_scenario(snap_compare):
    shutil.copy(SCENARIOS / "broken-scenario.toml", Path.cwd() / "meeting.toml")
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.open_scenario(Path("meeting.toml"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 30), run_before=run_before)


def test_light_theme_sorted_by_gap_in_a_group(snap_compare):
    app = build_app(theme="textual-light")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.set_group("big-four")
        app.main_screen.set_sort(("gap_core", True))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_compare_mode_preset_against_a_what_if(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        _what_if(app)
        app.compare_with(app.compare_side_for("base", "test-2025"))
        app.main_screen.table.cursor_to("DEU", "share_b")
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)


def test_compare_mode_last_year_on_a_narrow_terminal(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        await pilot.press("c", "enter")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_path_view_with_its_chart(snap_compare, monkeypatch):
    monkeypatch.chdir(PRESETS.parent)  # the "same as:" line names the preset file from here
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("P", "plus", "plus", "plus", "plus", "plus", "plus", "s")
        await pilot.pause()
        await pilot.pause()  # the chart drawn at its final size (the first plans file read is slow)

    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before)


def test_path_view_of_a_group_on_a_narrow_terminal(snap_compare, monkeypatch):
    monkeypatch.chdir(PRESETS.parent)  # the "same as:" line names the preset file from here
    app = build_app(theme="textual-light")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        await pilot.press("P", "g", "v")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_chart_view_following_a_what_if(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        _what_if(app)
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("a")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(110, 30), run_before=run_before)


def test_chart_view_on_a_narrow_terminal_in_the_light_theme(snap_compare):
    app = build_app(theme="textual-light")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("GBR")
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_burden_sharing_view_sorted_by_difference(snap_compare):
    app = build_app()

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("POL")
        await pilot.press("B", "s", "s")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_history_view_of_an_ally_with_a_what_if(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.commit(Change("set", "POL", "core_share", Decimal("0.05")))
        app.main_screen.table.cursor_to("POL")
        await pilot.press("H")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 44), run_before=run_before)


def test_history_view_of_a_group_on_a_short_terminal_in_the_light_theme(snap_compare):
    app = build_app(preset="nato-2026", theme="textual-light")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        await pilot.press("g", "H", "g")  # Europe & Canada
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_main_screen_of_another_year_in_euros(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("DEU", "core")
        await pilot.press("left_square_bracket", "dollar_sign")
        await pilot.pause()
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)


def test_command_bar_with_a_preview(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        await pilot.press("colon", *"DEU core 3%")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_plans_view_overview_on_a_small_terminal_in_the_light_theme(snap_compare):
    app = build_app(preset="nato-2026", theme="textual-light")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("BEL")
        await pilot.press("L")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_plans_view_overview_wide(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        await pilot.press("L")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before)


def test_plans_view_of_an_allys_years_flags_and_sources(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("GBR")
        await pilot.press("L", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before)


def test_plans_view_of_an_ally_on_a_small_terminal(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("BEL")
        await pilot.press("L", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_path_view_with_the_allys_declared_plan_drawn_over_it(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("GBR")
        await pilot.press("P")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 50), run_before=run_before)


def test_path_view_with_a_declared_plan_on_a_small_terminal(snap_compare):
    app = build_app(preset="nato-2026")

    async def run_before(pilot):
        await pilot.pause()  # the screen is composed
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("P")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
