"""The history view (H) and the sources dialog (i) through Pilot, on nato-2026: NATO's published
series, the target lines, the what-if's point, the release block.

Poland (presets/nato-2026.toml, NATO's Table 3): 1.86 % in 2014, 3.26 % in 2023 (+1.05 pp, its
largest rise), 4.68 % in 2026 (estimate)."""

from __future__ import annotations

from decimal import Decimal

from calc.engine.changes import Change

D = Decimal


def info(screen) -> str:
    from textual.widgets import Static

    return str(screen.query_one("#history-info", Static).content)


async def test_h_shows_the_allys_published_series_and_its_record(make):
    from textual.widgets import DataTable

    from calc.tui.screens.history import HistoryScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("POL")
        await pilot.press("H")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.series.id == "POL"
        table = screen.query_one("#history-years", DataTable)
        assert table.row_count == 13
        assert [str(c) for c in table.get_row("2014")][:2] == ["2014", "1.86 %"]
        assert [str(c) for c in table.get_row("2026e")][:2] == ["2026e", "4.68 %"]
        assert "largest rise +1.05 pp (2023)" in info(screen)
        await pilot.press("g")  # the group: NATO's printed totals
        await pilot.pause()
        assert screen.series.kind == "group" and screen.series.id == "nato"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_the_history_marks_the_what_if_of_the_year_shown(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("H")
        await pilot.pause()
        assert "Your what-if" not in info(app.screen)
        app.commit(Change("set", "DEU", "core_share", D("0.035")))
        await pilot.pause()
        assert "Your what-if: 3.50 % in 2026 (NATO: 2.69 %)" in info(app.screen)


async def test_brackets_step_through_the_allies_in_the_history(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("H", "right_square_bracket")
        await pilot.pause()
        assert app.screen.series.id == "GRC"  # the table's order: DEU, GRC
        assert app.main_screen.table.cursor_keys()[0] == "GRC"


async def test_a_single_year_preset_has_no_history_and_the_view_says_which_has(make):
    app = make(preset="nato-2025")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("H")
        await pilot.pause()
        assert app.screen.series is None
        assert "nato-2026 holds 2014–2026" in info(app.screen)


async def test_i_shows_the_release_block_and_closes(make):
    from textual.widgets import Static

    from calc.tui.screens.sources import SourcesDialog

    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, SourcesDialog)
        text = str(app.screen.query_one("#sources-text", Static).content)
        assert "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), published 7" in text
        assert "Information cut-off      2026-07-03" in text
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is app.main_screen


def test_the_next_edition_notice_is_said_once_it_is_overdue(monkeypatch):
    from datetime import date

    import calc.output.provenance as provenance
    from calc.tui.session import Session

    s = Session()
    from calc.files.presets import load_by_id

    s.start(load_by_id("nato-2026"))
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 15))
    assert (
        s.edition_notice()
        == "NATO's 2027 edition was expected by July 2027; nato-2026 is the newest shipped."
    )
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 7, 1))
    assert s.edition_notice() is None
