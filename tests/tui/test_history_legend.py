"""The history chart's legend sits under the chart, in its box's subtitle, not on it: plotext
draws its own top left, over the 5 % line and the highest shares (Poland's 4.68 % in 2026)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_the_legend_is_under_the_chart_and_nothing_is_written_over_the_lines(make, size):
    app = make(preset="nato-2026")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_history("POL")
        await pilot.pause()
        box = app.screen.query_one("#history-chart-box")
        from textual.content import Content

        legend = Content.from_markup(str(box.border_subtitle))
        assert legend.plain == "━━ core % of GDP  ━━ NATO estimate"
        assert str(box.border_subtitle).startswith("[ansi_cyan]━━[/ansi_cyan]")  # as plotext's cyan
        drawn = app.screen.query_one("#history-chart").render().plain
        assert "core % of GDP" not in drawn and "NATO estimate" not in drawn
        five = next(line for line in drawn.splitlines() if line.startswith("5.00"))
        assert set(five[5:-1]) <= {"─", "⢀", "⠁", "⠉", "⠒", "⠔", "⠤", "⣀", "⡠", "┤"}  # the line, the series
