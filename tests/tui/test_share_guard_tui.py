"""On screen, a share just under a target is never rounded onto it (see
tests/unit/test_share_guard.py): Germany at 3.499 % core plus 1.5 % related is 4.999 % in
total, short of 5 %, and the table, the cell line and the aggregates say 4.999 %."""

from __future__ import annotations

from decimal import Decimal

from helpers import summary_text

from calc.engine.changes import Change

D = Decimal
SHORT_OF_FIVE = (
    Change("set", "DEU", "core_share", D("0.03499")),
    Change("set", "DEU", "related_share", D("0.015")),
)


async def test_the_table_and_the_cell_line_show_germany_at_4_999(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.commit(*SHORT_OF_FIVE)
        await pilot.pause()
        table = app.main_screen.table
        spec = table._specs["DEU"][table.column_keys.index("total_share")]
        assert spec[0] == "4.999 %"
        assert app.session.result.member("DEU").meets_total is False
        line = app.main_screen.describe_cell("DEU", "core_share").plain
        assert "3.499 % of GDP" in line


async def test_the_aggregates_show_a_group_just_under_the_core_target(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.set_group("big-four")
        four = [Change("set", c, "core_share", D("0.03499")) for c in ("DEU", "FRA", "POL", "GBR")]
        assert app.commit(*four)
        await pilot.pause()
        text = summary_text(app)
        assert "core $465.4 bn = 3.499 % (was 2.30 %) of GDP" in text
        assert "3.5 % core    0/4 (was 1/4)" in text  # and it is not counted as meeting it
