"""The command bar (``:``) through Pilot on nato-2026: the preview while typing, Enter as one
undoable step, a refusal in place, Esc, ↑ recall, Tab completion, the moves (without, year,
currency, path, copy) and a slip's second Enter. The figures are NATO's 2026 estimates
(Germany: core USD 147.0 bn of GDP 5,456.0 bn, 2.69 %)."""

from __future__ import annotations

from decimal import Decimal

from calc.tui.screens.command_bar import HINT, CommandBar

D = Decimal


def preview(app) -> str:
    return str(app.screen.query_one("#command-preview").render())


def typed(app) -> str:
    return app.screen.query_one("#command").value


async def open_bar(pilot, text: str = "") -> None:
    await pilot.press("colon", *text)
    await pilot.pause()


async def run_bar(pilot, text: str) -> None:
    """``:``, the command, Enter."""
    await open_bar(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_enter_runs_a_command_as_one_step_that_ctrl_z_undoes(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_bar(pilot, "DEU core 3%")
        assert isinstance(app.screen, CommandBar)
        assert preview(app) == "Germany core 2.69 % → 3.00 %; gap to 3.5 % USD 44.0 → 27.3 bn"
        assert app.session.preset.member("DEU").core.value == D("147.002")  # nothing yet
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandBar)  # closes on success
        core = app.session.preset.member("DEU").core
        assert core.share and core.value == D("0.03")
        assert app.main_screen.table.cell_text("DEU", "core_share").startswith("3.00 %")  # repainted
        assert app.notices[-1][1] == "DEU core share → 3 % (ctrl+z undoes)"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.session.changes == () and app.session.preset.member("DEU").core.value == D("147.002")
        assert app.main_screen.table.cell_text("DEU", "core_share").startswith("2.69 %")


async def test_an_invalid_command_says_why_in_place_and_escape_closes_the_bar(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_bar(pilot, "DUE core 3%")
        assert preview(app) == "unknown member 'DUE' (did you mean 'DEU', Germany?)"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandBar) and typed(app) == "DUE core 3%"  # kept to correct
        assert "unknown member 'DUE'" in preview(app)
        assert app.session.changes == () and app.session.command_history == []
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandBar) and app.session.changes == ()
        await open_bar(pilot)
        assert preview(app) == HINT  # opened again: empty, the hint
        await pilot.press(*"DEU core 3%", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandBar) and app.session.changes == ()


async def test_up_recalls_the_earlier_commands_and_down_comes_back(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for command in ("DEU core 3%", "without USA"):
            await run_bar(pilot, command)
        assert not app.session.preset.member("USA").included
        await open_bar(pilot, "FRA")
        await pilot.press("up")
        assert typed(app) == "without USA"
        await pilot.press("up", "up")
        assert typed(app) == "DEU core 3%"  # the oldest stays
        await pilot.press("down")
        assert typed(app) == "without USA"
        await pilot.press("down")
        assert typed(app) == "FRA"  # what was typed before ↑


async def test_tab_completes_a_name_and_again_the_next_completion(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_bar(pilot, "ger")
        await pilot.press("tab")
        assert typed(app) == "Germany "  # the only completion, a space after it
        await pilot.press(*"core 3%")
        await pilot.pause()
        assert preview(app).startswith("Germany core 2.69 % → 3.00 %")
        await pilot.press("escape")
        await open_bar(pilot, "without u")
        await pilot.press("tab")
        assert typed(app) == "without USA"
        await pilot.press("tab")
        assert typed(app) == "without United Kingdom"  # again: the next one
        await pilot.press("tab", "tab")
        assert typed(app) == "without USA"  # round again
        await pilot.press("escape")
        await open_bar(pilot, "cur")
        await pilot.press("tab", "tab")
        assert typed(app) == "currency usd"


async def test_year_and_currency_switch_the_view_and_copy_copies_the_summary(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await run_bar(pilot, "year 2024")
        assert app.session.preset.year == 2024
        await run_bar(pilot, "currency eur")
        assert app.session.currency == "eur"
        from calc.tui.widgets.session_bar import SessionBar

        bar = str(app.main_screen.query_one(SessionBar).content)
        assert "release: 2024" in bar and "· EUR" in bar
        assert app.main_screen.table.cell_text("DEU", "core").strip() == "86.64"  # EUR bn, 2024
        await run_bar(pilot, "copy")
        assert app.clipboard == app.session.summary()


async def test_a_slip_needs_a_second_enter(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await open_bar(pilot, "DEU core 3")  # USD 3 bn, not 3 %
        assert preview(app) == (  # warned while typing: 3.5 % of GDP 5,456.0 = 190.96, less 3 = 187.96
            "Germany core 2.69 % → 0.05 %; gap to 3.5 % USD 44.0 → 188.0 bn; check: DEU (Germany) core"
            " spending: $147.0 bn → $3.00 bn, less than a fifth of its current value (for 3 % of GDP write 3%)"
        )
        assert app.screen.query_one("#command-preview").has_class("-warning")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandBar) and app.session.changes == ()
        assert "looks like a slip" in preview(app) and "Enter again applies it" in preview(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandBar)
        assert app.session.preset.member("DEU").core.value == D("3")


async def test_path_opens_the_path_view_at_the_growth_named(make):
    from calc.tui.screens.path import PathScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await run_bar(pilot, "path CAN growth 2%")
        assert isinstance(app.screen, PathScreen) and app.screen.member == "CAN"
        assert app.path_settings["growth"] == D("0.02")
        await pilot.press("escape")
        await run_bar(pilot, "path europe-canada")
        assert isinstance(app.screen, PathScreen) and app.screen.member is None
        assert app.screen.group == "europe-canada"


async def test_the_bar_opens_over_the_path_view_and_another_path_replaces_it(make):
    from calc.tui.screens.path import PathScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await run_bar(pilot, "path CAN")
        await open_bar(pilot, "CAN core 3.5%")
        assert isinstance(app.screen, CommandBar)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen) and app.session.preset.member("CAN").core.value == D(
            "0.035"
        )
        await run_bar(pilot, "path DEU")
        assert isinstance(app.screen, PathScreen) and app.screen.member == "DEU"
        assert sum(isinstance(s, PathScreen) for s in app.screen_stack) == 1
