"""Edits stay local: an edit never rebuilds the table, redraws only the rows and panel lines it
changed, and never asks for a layout of the screen.

No wall-clock limits here (these machines are noisy): edit latency against its budgets is
measured by ``python bench/run.py`` (issue 5), which reports p50/p95 over hundreds of edits.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import build_app, spy, synthetic_preset
from textual.geometry import Region
from textual.widget import Widget

from calc.engine.changes import Change
from calc.tui.widgets.group_summary import GroupSummary


async def run_edits(app, monkeypatch, code: str, n: int = 40, comparing: bool = False) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        if comparing:  # compare mode: the preset as published (A) against the session (B)
            app.compare_with(app.compare_side_for("base", app.session.base.id))
            await pilot.pause()
        screen = app.main_screen
        table = screen.table
        rebuilds = spy(monkeypatch, table, "show")
        table.cursor_to(code, "core_share")
        await pilot.pause()
        region = Region(0, 0, table.size.width, table.size.height)
        summary = screen.query_one(GroupSummary)
        for i in range(n):
            share = Decimal("0.02") + Decimal(i % 9) / 1000
            assert app.commit(Change("set", code, "core_share", share))
            table.render_lines(region)
            summary._render()
            await pilot.pause()
            assert app.session.result.member(code).core_share == share
        assert rebuilds == []  # never rebuilt for an edit


@pytest.mark.parametrize(
    ("n", "sort"),
    [(32, None), (1000, None), (1000, ("core_share", True))],
    ids=["32-members", "1000-members", "1000-members-sorted"],
)
async def test_edits_never_rebuild_the_table(n, sort, monkeypatch):
    preset = synthetic_preset(n)
    app = build_app(data=preset)
    app.session.sort = sort
    await run_edits(app, monkeypatch, preset.members[n // 2].code)


async def test_edits_while_comparing_never_rebuild_the_table(monkeypatch):
    preset = synthetic_preset(1000)
    app = build_app(data=preset)
    await run_edits(app, monkeypatch, preset.members[500].code, comparing=True)


async def test_an_edit_while_comparing_redraws_only_its_row_and_compares_only_its_member(monkeypatch):
    preset = synthetic_preset(200)
    app = build_app(data=preset)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.compare_with(app.compare_side_for("base", preset.id))
        await pilot.pause()
        table = app.main_screen.table
        region = Region(0, 0, table.size.width, table.size.height)
        table.render_lines(region)
        drawn, before = spy(monkeypatch, table, "_draw_row"), app.session.comparison
        # 1.74 % -> 1.90 %: no status changes, so no column has to grow
        app.commit(Change("set", "AAC", "core_share", Decimal("0.019")))
        table.render_lines(region)
        assert [args[0] for args, _ in drawn] == ["AAC"]
        assert table.cell_text("AAC", "share_b") == "1.90 %✎"
        changed = [m.code for m, old in zip(app.session.comparison.members, before.members) if m is not old]
        assert changed == ["AAC"]


async def test_an_edit_redraws_only_the_rows_it_changed(monkeypatch):
    preset = synthetic_preset(200)
    app = build_app(data=preset)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        region = Region(0, 0, table.size.width, table.size.height)
        table.render_lines(region)
        drawn = spy(monkeypatch, table, "_draw_row")
        app.commit(Change("set", "AAC", "core_share", Decimal("0.04")))
        table.render_lines(region)
        assert [args[0] for args, _ in drawn] == ["AAC"]
        assert table.cell_text("AAC", "core_share") == "4.00 %✎"


@pytest.mark.parametrize(
    ("n", "sort"),
    [(32, None), (1000, None), (1000, ("core_share", True))],
    ids=["32-members", "1000-members", "1000-members-sorted"],
)
async def test_edits_ask_for_no_layout_and_repaint_only_changed_summary_lines(n, sort, monkeypatch):
    preset = synthetic_preset(n)
    app = build_app(data=preset)
    app.session.sort = sort
    code = preset.members[n // 2].code
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to(code, "core_share")
        await pilot.pause()
        summary = app.main_screen.query_one(GroupSummary)
        layouts = []
        repainted = []  # the summary's lines asked for again (a whole repaint: all of them)
        original = Widget.refresh

        def refresh(self, *regions, repaint=True, layout=False, recompose=False):
            if layout:
                layouts.append(self)
            if self is summary:
                repainted.extend(regions or range(self.size.height))
            return original(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", refresh)
        for i in range(20):
            repainted.clear()
            assert app.commit(Change("set", code, "core_share", Decimal("0.02") + Decimal(i % 9) / 1000))
            assert len(repainted) <= 5  # the lines whose figures changed
            await pilot.pause()
        assert layouts == []


async def test_rows_that_move_back_are_not_drawn_again(monkeypatch):
    """Sorted, an edit moves a row and shifts the rows between (odd and even lines swap);
    undoing it puts them back, and redoing it draws only the edited row again: every other
    row is drawn from the strips it already had."""
    preset = synthetic_preset(60)
    app = build_app(data=preset)
    app.session.sort = ("core_share", True)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        region = Region(0, 0, table.size.width, table.size.height)
        code = table.order[30]
        table.cursor_to(code, "core_share")
        await pilot.pause()
        table.render_lines(region)
        app.commit(Change("set", code, "core_share", Decimal("0.049")))
        table.render_lines(region)
        moved = table.order.index(code)
        assert moved < 30
        app.undo()
        table.render_lines(region)
        drawn = spy(monkeypatch, table, "_draw_row")
        app.redo()
        table.render_lines(region)
        assert table.order.index(code) == moved
        assert [args[0] for args, _ in drawn] == [code]


async def test_the_widths_of_the_same_results_are_measured_once():
    """Choosing the columns again for the same results (a currency switch: the widths are those
    of the US dollar figures) measures no cell again; other results are measured afresh."""
    from calc.engine.evaluate import evaluate
    from calc.tui.cells import LAYOUTS, row_specs

    preset = synthetic_preset(50)
    app = build_app(data=preset)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        result = app.session.result
        measured = []

        def specs(r, keys):
            measured.append(r.code)
            return row_specs(r, keys)

        first = table.needed_widths(result.members, LAYOUTS[:-1], result.targets, specs)
        assert len(measured) == 50
        assert table.needed_widths(result.members, LAYOUTS[:-1], result.targets, specs) == first
        assert len(measured) == 50
        other = evaluate(preset.with_members(preset.members[:10]))
        table.needed_widths(other.members, LAYOUTS[:-1], other.targets, specs)
        assert len(measured) == 60
        assert table.needed_widths(list(result.members), LAYOUTS[:-1], result.targets, specs) == first
        assert len(measured) == 110  # a list may change in place: measured again


async def test_a_sorted_edit_repaints_only_the_lines_whose_row_moved(monkeypatch):
    """Sorted, an edit that moves a row a few places shifts the rows between its old and new
    place: only their screen lines are repainted, not the whole table."""
    preset = synthetic_preset(200)
    app = build_app(data=preset)
    app.session.sort = ("core_share", True)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.main_screen.table
        before = list(table.order)
        code = before[20]
        above = app.session.result.member(before[15]).core_share
        lines: list = []
        original = Widget.refresh

        def refresh(self, *regions, repaint=True, layout=False, recompose=False):
            if self is table:
                lines.extend(r.y for r in regions) if regions else lines.append("all")
            return original(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", refresh)
        assert app.commit(Change("set", code, "core_share", above + Decimal("0.00001")))
        moved = table.order.index(code)
        assert moved == 15
        # the edited row's line, and the lines of rows 15..20 (one line down: the header)
        assert "all" not in lines
        assert set(lines) == set(range(16, 22))
        assert [c for c in table.order if c != code] == [c for c in before if c != code]
