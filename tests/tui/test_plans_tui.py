"""The plans view (L, :plans) and the path view's overlay of a declared plan, through Pilot on
nato-2026 and the shipped plans file (calc/tui/screens/plans.py, path.py)."""

from __future__ import annotations

from decimal import Decimal

from calc.engine.changes import Change


def _text(screen, selector) -> str:
    from textual.widgets import Static

    return str(screen.query_one(selector, Static).content)


async def test_l_shows_every_allys_plan_and_enter_its_years(make):
    from textual.widgets import DataTable

    from calc.tui.screens.plans import PlansScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("BEL")
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlansScreen) and screen.group == "nato"
        allies = screen.query_one("#plans-allies", DataTable)
        assert allies.row_count == 32
        assert [str(c) for c in allies.get_row("BEL")][6] == "✗ 1.00 pp short"
        assert allies.cursor_row == [a.code for a in screen.comparison.allies].index("BEL")
        assert "Back-loaded: BEL, CAN, ITA" in _text(screen, "#plans-headline")
        assert "the declared core plans close USD 192.9 bn (46 %)" in _text(screen, "#plans-info")
        await pilot.press("enter")
        await pilot.pause()
        years = screen.query_one("#plans-years", DataTable)
        assert screen.showing_detail and years.display and not allies.display
        assert [str(c) for c in years.get_row("9")][:4] == ["2035", "3.50 %", "", ""]
        assert [str(c) for c in years.get_row("8")][:4] == ["2034", "3.33 %", "2.50 %", "announced"]
        assert "Short of the target: at 2035 the plan reaches 2.50 %" in _text(screen, "#plans-detail")
        await pilot.press("right_square_bracket")  # the next ally: Bulgaria
        await pilot.pause()
        assert screen.member == "BGR"
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.showing_detail and allies.display
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_the_plans_view_follows_the_what_if(make):
    from textual.widgets import DataTable

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        allies = screen.query_one("#plans-allies", DataTable)
        assert [str(c) for c in allies.get_row("ESP")][3] == "2.00 %"
        app.commit(Change("set", "ESP", "core_share", Decimal("0.025")))
        await pilot.pause()
        assert [str(c) for c in allies.get_row("ESP")][3] == "2.50 %"


async def test_the_command_bar_opens_an_allys_plan_and_a_groups_plans(make):
    from calc.tui.screens.plans import PlansScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"plans GBR", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlansScreen) and screen.showing_detail and screen.member == "GBR"
        assert "United Kingdom (GBR)" in _text(screen, "#plans-title")
        await pilot.press("b")  # its other series: the NATO total of 2027
        await pilot.pause()
        assert "Short of the target: at 2035 the plan reaches 4.10 %" in _text(screen, "#plans-detail")
        await pilot.press("colon", *"plans eu", "enter")
        await pilot.pause()
        assert app.screen.group == "eu" and not app.screen.showing_detail
        assert len(app.screen_stack) == 2  # the new plans replaced the ones on screen


async def test_the_path_view_draws_the_allys_declared_plan(make):
    from textual.widgets import DataTable

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("GBR")
        await pilot.press("P")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#path-years", DataTable)
        assert [str(c.label) for c in table.columns.values()][:4] == ["Year", "GDP $bn", "Core %", "Plan %"]
        assert [str(c) for c in table.get_row("2027")][2:4] == ["2.67 %", "2.60 % ann"]
        assert [str(c) for c in table.get_row("2030")][3] == "2.77 %"  # read between 2027 and 2034
        assert (
            table.border_subtitle == "declared plan: a NATO core share (announced; L: its flags and sources)"
        )
        assert screen.query_one("#path-chart-box").border_subtitle == table.border_subtitle
        await pilot.press("L")
        await pilot.pause()
        assert app.screen.member == "GBR" and app.screen.showing_detail


async def test_the_path_view_says_quietly_when_there_is_no_declared_plan(make):
    from textual.widgets import DataTable

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("USA")
        await pilot.press("P")
        await pilot.pause()
        screen = app.screen
        assert "Plan %" not in [
            str(c.label) for c in screen.query_one("#path-years", DataTable).columns.values()
        ]
        table = screen.query_one("#path-years", DataTable)
        assert table.border_subtitle == "no declared plan found comparable with the targets"
        await pilot.press("g")  # the group: no overlay, nothing said
        await pilot.pause()
        assert table.border_subtitle == "extra: over today's shares at that year's GDP"
        assert not screen.query_one("#path-chart-box").border_subtitle


async def test_at_80x24_an_allys_notes_scroll_and_their_links_fold_whole_and_copy(make):
    """Germany's sources run past the bottom of an 80x24 terminal: n moves to the notes, which
    ↓ scrolls, a link folds after a / (never inside a word), and y copies the links whole."""
    from textual.widgets import DataTable

    app = make(preset="nato-2026")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("L")
        await pilot.pause()
        screen = app.screen
        allies = screen.query_one("#plans-allies", DataTable)
        allies.move_cursor(row=[a.code for a in screen.comparison.allies].index("DEU"))
        await pilot.press("enter")
        await pilot.pause()
        notes = screen.query_one("#plans-notes")
        assert notes.max_scroll_y > 0  # more than the box shows
        lines = _text(screen, "#plans-detail").splitlines()
        assert max(len(line) for line in lines) <= 76
        assert "  https://dnyuz.com/2025/06/23/" in lines  # folded after a slash
        assert "  germany-pledges-to-hit-3-5-percent-defense-spending-target-by-2029" in lines
        await pilot.press("n")
        await pilot.pause()
        assert notes.has_focus
        await pilot.press("down", "down")
        await pilot.pause()
        assert notes.scroll_y == 2
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard.splitlines()
        assert len(copied) == len(set(copied)) >= 2 and copied[0] == (
            "https://dnyuz.com/2025/06/23/germany-pledges-to-hit-3-5-percent-defense-spending-target-by-2029"
        )
        assert "Copied" in app.notices[-1][1] and "links" in app.notices[-1][1]
        await pilot.press("n")
        await pilot.pause()
        assert screen.query_one("#plans-years", DataTable).has_focus
        await pilot.press("escape")  # back to the overview: no notes, no n
        await pilot.pause()
        assert not notes.display and screen.check_action("notes", ()) is False
