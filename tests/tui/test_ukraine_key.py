"""Counting military aid to Ukraine toward core spending from the TUI (issue 13): U on the main
screen, one undoable step through the session; the session bar says while it counts and the
notice gives the gap without and with the aid.

Figures of presets/nato-2026.toml at 2025 (Kiel's allocations at NATO's implied euro rate):
NATO's gap to the 3.5 % core target USD 448.271190 bn without the aid, 411.568733... bn with
it (the allies' counted aid, USD 41.71 bn, lifts some allies over the target, whose gap then
stops at 0); in 2026 Kiel has January-April only, so counting adds nothing.
"""

from __future__ import annotations

from decimal import Decimal

from calc.files.presets import load_by_id
from calc.tui.session import Session

D = Decimal


def session(ref: str = "nato-2026@2025", currency: str = "usd") -> Session:
    s = Session(currency=currency)
    s.start(load_by_id(ref))
    return s


class TestSession:
    def test_the_switch_is_one_undoable_step_and_says_the_gap_without_and_with_the_aid(self):
        s = session()
        assert s.result.group("nato").gap_core == D("448.271190")
        changed = s.toggle_ukraine()
        assert s.preset.counts_ukraine_aid and len(s.changes) == 1 and changed.old is not None
        assert round(s.result.group("nato").gap_core, 6) == D("411.568733")
        assert changed.notice == (
            "Ukraine aid counted toward core spending: NATO's gap to 3.5 % core $448.27 bn without "
            "the aid, $411.57 bn with it (U again switches back; ctrl+z undoes)"
        )
        s.undo()
        assert not s.preset.counts_ukraine_aid and s.result.group("nato").gap_core == D("448.271190")

    def test_switching_back_is_another_step_and_gives_the_same_two_gaps(self):
        s = session()
        s.toggle_ukraine()
        changed = s.toggle_ukraine()
        assert not s.preset.counts_ukraine_aid and len(s.changes) == 2
        assert changed.notice.startswith(
            "Ukraine aid no longer counted: NATO's gap to 3.5 % core $448.27 bn without the aid, $411.57 bn with it"
        )

    def test_the_gaps_are_in_the_money_shown(self):
        s = session(currency="eur")
        notice = s.toggle_ukraine().notice
        rate = s.preset.eur_rate
        without = round(D("448.271190") * rate, 2)
        assert f"€{without} bn without the aid" in notice

    def test_a_year_without_a_full_year_aid_figure_says_nothing_is_added(self):
        s = session("nato-2026")
        gap = s.result.group("nato").gap_core
        changed = s.toggle_ukraine()
        assert s.result.group("nato").gap_core == gap
        assert changed.notice.startswith(
            "Ukraine aid counted, but no ally has a full-year aid figure for 2026"
        )


def bar(app) -> str:
    from calc.tui.widgets.session_bar import SessionBar

    return str(app.main_screen.query_one(SessionBar).content)


async def test_u_counts_the_aid_the_bar_says_so_and_u_again_stops(make):
    app = make(preset="nato-2026@2025")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Ukraine aid counted" not in bar(app)
        await pilot.press("U")
        await pilot.pause()
        assert app.session.preset.counts_ukraine_aid and "· Ukraine aid counted" in bar(app)
        assert app.notices[-1][1].startswith(
            "Ukraine aid counted toward core spending: NATO's gap to 3.5 % core"
        )
        await pilot.press("U")
        await pilot.pause()
        assert not app.session.preset.counts_ukraine_aid and "Ukraine aid counted" not in bar(app)
        await pilot.press("u")  # undo: counted again
        await pilot.pause()
        assert app.session.preset.counts_ukraine_aid and len(app.session.changes) == 1


async def test_the_palette_offers_the_switch(make):
    from calc.tui.commands import session_commands

    app = make(preset="nato-2026@2025")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        titles = [c.title for c in session_commands(app, app.main_screen)]
        assert "Ukraine aid: count it toward core spending" in titles
        app.main_screen.action_toggle_ukraine()
        await pilot.pause()
        titles = [c.title for c in session_commands(app, app.main_screen)]
        assert "Ukraine aid: stop counting it toward core spending" in titles


async def test_only_the_wide_table_has_the_aid_column_and_it_is_edited_like_any_figure(make):
    app = make(preset="nato-2026@2025")
    async with app.run_test(size=(260, 40)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        assert "ukraine_aid" in table.column_keys and table.label_text("ukraine_aid").strip() == "Aid $bn"
        assert table.cell_text("DEU", "ukraine_aid").strip() == "10.18"  # Kiel's 2025 allocations
        assert table.cell_text("HUN", "ukraine_aid").strip() == "–"  # none recorded
        table.cursor_to("DEU", "ukraine_aid")
        line = app.main_screen.describe_cell("DEU", "ukraine_aid").plain
        assert line.startswith(
            "DEU Germany · Ukraine aid $10.18 bn = 0.20 % of GDP · not counted toward core (U counts it)"
        )
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "MemberEditDialog"
        await pilot.press("1", "2", "enter")
        await pilot.pause()
        assert app.session.preset.member("DEU").ukraine_aid.value == D(12)
        assert table.cell_text("DEU", "ukraine_aid").strip() == "12.00✎"
        await pilot.press("U")  # counted: Germany's core gains the USD 12 bn
        await pilot.pause()
        assert app.session.result.member("DEU").ukraine_aid_counted == D(12)
        await pilot.resize_terminal(160, 50)  # the usual widths keep their columns
        await pilot.pause()
        assert "ukraine_aid" not in table.column_keys


def test_the_aggregates_was_is_in_the_money_shown():
    """After a change the aggregates show the preset's figures beside (was ...): in euros when
    the screen is (they were in US dollars: "364.4 (was 448.3)" for a euro gap)."""
    from calc.engine.evaluate import CONTEXT
    from calc.tui.views import NormalView

    s = session(currency="eur")
    s.toggle_ukraine()
    base = NormalView(s).summary_extra()["base"]
    assert base.gap_core == CONTEXT.multiply(D("448.271190"), s.preset.eur_rate)
    assert round(base.gap_core, 2) == D("396.93")  # as the U notice says: without the aid
