"""The chart and burden-sharing views: their models (calc/tui/glance.py, through the session,
no Textual) with figures worked out by hand from the test preset, and the screens through Pilot
(opening, closing, following an edit made anywhere).

The test preset (tests/tui/data/presets/test-2025.toml), core = share x GDP, USD bn:
USA 30,000 x 3.2 % = 960; CAN 2,200 x 2.01 % = 44.22; DEU 5,000 x 2 % = 100; FRA 3,400 x 2.1 % =
71.4; POL 1,000 x 4.48 % = 44.8 (related 12); GBR 3,900 and 90 (2.3077 %); NOR 500 x 2.2 % = 11;
Iceland not assessed. NATO: GDP 46,000, core 1,321.42.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from calc.engine.changes import Change
from calc.engine.evaluate import CONTEXT
from calc.files.presets import load_by_id
from calc.tui.glance import BURDEN_SORTS, axis_column, bar_eighths, over_scale
from calc.tui.session import Session

PRESETS = Path(__file__).resolve().parent / "data" / "presets"
D = Decimal


def session(changes=()) -> Session:
    s = Session([PRESETS])
    s.start(load_by_id("test-2025", [PRESETS]), changes)
    return s


def div(a, b) -> Decimal:
    return CONTEXT.divide(D(a), D(b))


class TestShareChart:
    def test_every_ally_is_a_bar_sorted_by_core_share_with_the_not_assessed_last(self):
        chart = session().share_chart()
        assert [b.code for b in chart.bars] == ["POL", "USA", "GBR", "NOR", "FRA", "CAN", "DEU", "ISL"]
        assert chart.bars[0].share == D("0.0448")
        assert chart.bars[2].share == div(90, 3900)
        isl = chart.bars[-1]
        assert isl.share is None and not isl.assessed

    def test_lowest_first_reverses_the_assessed_and_keeps_the_not_assessed_last(self):
        chart = session().share_chart(descending=False)
        assert [b.code for b in chart.bars] == ["DEU", "CAN", "FRA", "NOR", "GBR", "USA", "POL", "ISL"]

    def test_the_target_lines_are_the_targets_in_force_with_how_many_meet_them(self):
        chart = session().share_chart()
        assert [(t.key, t.value, t.meeting) for t in chart.targets] == [
            ("guideline", D("0.02"), 7),
            ("core", D("0.035"), 1),
            ("total", D("0.05"), 1),
        ]
        assert chart.assessed == 7
        # POL: 44.8 + related 12 (under its cap of 15) = 56.8 >= 5 % of 1,000
        assert chart.bars[0].meets == (True, True, True)
        assert chart.bars[1].meets == (True, False, False)

    def test_the_group_share_is_its_core_over_its_gdp(self):
        chart = session().share_chart()
        assert chart.group_share == div("1321.42", 46000)
        assert chart.group_name == "NATO"

    def test_the_scale_ends_half_a_step_or_more_beyond_the_highest_target(self):
        # highest: the 5 % target (POL is at 4.48 %): 5 % + 0.25 % rounded up to a 0.5 % step
        assert session().share_chart().scale == D("0.055")

    def test_the_cursor_ally_is_highlighted(self):
        chart = session().share_chart("DEU")
        assert chart.highlighted == "DEU"
        assert [b.code for b in chart.bars if b.highlighted] == ["DEU"]
        assert chart.index("DEU") == 6

    def test_an_edit_moves_the_bar_and_the_counts_at_once(self):
        s = session()
        s.commit(Change("set", "DEU", "core_share", D("0.035")))
        chart = s.share_chart("DEU")
        assert [b.code for b in chart.bars][:3] == ["POL", "DEU", "USA"]
        assert chart.bars[1].share == D("0.035") and chart.bars[1].meets[1] is True
        assert chart.targets[1].meeting == 2

    def test_an_edited_target_moves_its_line(self):
        s = session()
        s.commit(Change("target", field="core", value=D("0.03")))
        chart = s.share_chart()
        assert chart.targets[1].value == D("0.03")
        assert chart.targets[1].meeting == 2  # POL and USA

    def test_an_excluded_ally_keeps_its_bar_and_leaves_the_group_share(self):
        s = session()
        s.commit(Change("exclude", "USA"))
        chart = s.share_chart()
        usa = chart.bars[chart.index("USA")]
        assert usa.share == D("0.032") and not usa.included
        assert chart.group_share == div("361.42", 16000)
        assert chart.assessed == 6

    def test_the_chart_shows_the_selected_group(self):
        s = session()
        s.set_group("big-four")
        chart = s.share_chart()
        assert [b.code for b in chart.bars] == ["POL", "GBR", "FRA", "DEU"]
        assert chart.group_name == "Big European four"
        # 100 + 71.4 + 44.8 + 90 over 5,000 + 3,400 + 1,000 + 3,900
        assert chart.group_share == div("306.2", 13300)

    def test_a_share_far_beyond_the_targets_is_cut_at_three_times_the_highest_target(self):
        s = session()
        s.commit(Change("set", "POL", "core_share", D("0.40")))
        chart = s.share_chart()
        assert chart.scale == D("0.155")  # 15 % + 0.25 %, rounded up to a 0.5 % step
        assert over_scale(chart.bars[0].share, chart.scale)
        assert not over_scale(chart.bars[1].share, chart.scale)


class TestBurden:
    def test_each_ally_is_its_part_of_the_groups_gdp_and_core_spending(self):
        b = session().burden()
        assert b.gdp == D(46000) and b.core == D("1321.42")
        assert [r.code for r in b.rows] == ["USA", "DEU", "GBR", "FRA", "CAN", "POL", "NOR"]
        usa = b.rows[0]
        assert usa.gdp_part == div(30000, 46000)
        assert usa.core_part == div(960, "1321.42")
        assert usa.difference == div(960, "1321.42") - div(30000, 46000)
        assert b.left_out == (("ISL", "not assessed"),)

    def test_the_parts_add_up_to_the_whole(self):
        b = session().burden()
        with localcontext(CONTEXT):  # 50 digits, as the engine divides
            assert abs(sum(r.gdp_part for r in b.rows) - 1) < D("1e-45")
            assert abs(sum(r.core_part for r in b.rows) - 1) < D("1e-45")

    def test_sorting_by_difference_puts_who_carries_more_than_its_weight_first(self):
        b = session().burden(sort="difference")
        # USA +7.43 pp, POL 3.39 % - 2.17 % = +1.22 pp, NOR -0.25, CAN -1.44, GBR -1.67,
        # FRA -1.99, DEU -3.30
        assert [r.code for r in b.rows] == ["USA", "POL", "NOR", "CAN", "GBR", "FRA", "DEU"]
        assert b.rows[1].difference == div("44.8", "1321.42") - div(1000, 46000)

    def test_sorting_by_core_spending(self):
        b = session().burden(sort="core")
        assert [r.code for r in b.rows] == ["USA", "DEU", "GBR", "FRA", "POL", "CAN", "NOR"]

    def test_an_unknown_sort_is_refused(self):
        with pytest.raises(ValueError, match="one of gdp, core, difference"):
            session().burden(sort="name")
        assert BURDEN_SORTS == ("gdp", "core", "difference")

    def test_the_united_states_against_europe_and_canada_as_parts_of_nato(self):
        b = session().burden()
        usa, ec = b.sides
        assert (usa.code, usa.gdp_part, usa.core_part) == ("USA", div(30000, 46000), div(960, "1321.42"))
        assert (ec.name, ec.gdp, ec.core) == ("Europe & Canada", D(16000), D("361.42"))
        assert ec.gdp_part == div(16000, 46000) and ec.core_part == div("361.42", "1321.42")
        assert b.sides_note == ""

    def test_without_the_us_europe_and_canada_is_the_whole_and_the_rows_are_parts_of_it(self):
        s = session()
        s.commit(Change("exclude", "USA"))
        b = s.burden()
        assert [r.code for r in b.sides] == ["europe-canada"]
        assert b.sides[0].gdp_part == 1 and b.sides[0].core_part == 1
        assert b.sides_note == "the United States is excluded"
        assert "USA" not in [r.code for r in b.rows]
        assert ("USA", "excluded") in b.left_out
        deu = b.rows[b.index("DEU")]
        assert deu.gdp_part == div(5000, 16000) and deu.core_part == div(100, "361.42")

    def test_an_edit_changes_every_allys_part(self):
        s = session()
        s.commit(Change("set", "DEU", "core_share", D("0.035")))  # 175 instead of 100
        b = s.burden("DEU")
        deu = b.rows[b.index("DEU")]
        assert deu.core_part == div(175, "1396.42") and deu.highlighted
        usa = b.rows[b.index("USA")]
        assert usa.core_part == div(960, "1396.42")

    def test_in_a_group_the_rows_are_parts_of_the_group_and_the_sides_stay_nato(self):
        s = session()
        s.set_group("big-four")
        b = s.burden()
        assert [r.code for r in b.rows] == ["DEU", "GBR", "FRA", "POL"]
        assert b.rows[0].gdp_part == div(5000, 13300)
        assert b.sides[0].gdp_part == div(30000, 46000)

    def test_the_scale_is_the_largest_part_shown(self):
        b = session().burden()
        assert b.scale == div(960, "1321.42")


class TestDrawingArithmetic:
    def test_a_bar_is_its_share_of_the_scale_in_eighths_of_a_cell(self):
        # 2 % of a 5.5 % scale on 48 cells: 0.02 x 384 / 0.055 = 139.6 -> 140 eighths
        assert bar_eighths(D("0.02"), D("0.055"), 48) == 140
        assert bar_eighths(D("0.055"), D("0.055"), 48) == 384

    def test_a_bar_never_passes_the_width_and_a_tiny_share_still_shows(self):
        assert bar_eighths(D("0.5"), D("0.055"), 48) == 384
        assert bar_eighths(D("0.00001"), D("0.055"), 48) == 1
        assert bar_eighths(D(0), D("0.055"), 48) == 0
        assert bar_eighths(None, D("0.055"), 48) == 0

    def test_a_line_is_drawn_in_the_cell_its_value_falls_in(self):
        # 2 % of 5.5 % on 48 cells is at 17.45 cells: cell 17; 5.5 % itself is the last cell
        assert axis_column(D("0.02"), D("0.055"), 48) == 17
        assert axis_column(D("0.055"), D("0.055"), 48) == 47
        assert axis_column(D("0.06"), D("0.055"), 48) is None
        assert axis_column(D(0), D("0.055"), 48) == 0

    def test_a_bar_that_meets_its_target_reaches_the_targets_cell(self):
        scale, width = D("0.055"), 48
        for target in (D("0.02"), D("0.035"), D("0.05")):
            col = axis_column(target, scale, width)
            assert bar_eighths(target, scale, width) > col * 8


# -- the screens ----------------------------------------------------------------------------------


def _lines(screen, part: str = "body", width: int = 98) -> list[str]:
    return [t.plain for t in screen.draw(part, width)]


async def test_a_opens_the_chart_on_the_cursor_ally_and_escape_closes_it(make):
    from calc.tui.screens.glance import ChartScreen

    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ChartScreen)
        assert app.screen.model.highlighted == "DEU"
        deu = next(line for line in _lines(app.screen) if " DEU " in line)
        assert deu.startswith("▶ DEU Germany") and "2.00 %" in deu and deu.endswith("✔✗✗")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_the_chart_follows_an_edit_made_in_it(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("DEU")
        await pilot.press("a", "e", *"4%", "enter")
        await pilot.pause()
        chart = app.screen.model
        assert app.session.changes == (Change("set", "DEU", "core_share", D("0.04")),)
        assert [b.code for b in chart.bars][:2] == ["POL", "DEU"]
        assert chart.targets[1].meeting == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.screen.model.bars[-2].code == "DEU"


async def test_the_chart_follows_an_exclusion_and_the_highlight_moves_with_the_keys(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("POL")
        await pilot.press("a", "down")  # POL -> USA
        await pilot.pause()
        assert app.screen.highlight == "USA"
        assert app.main_screen.table.cursor_keys()[0] == "USA"  # the table's cursor follows
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.model.group_share == div("361.42", 16000)
        usa = next(line for line in _lines(app.screen) if " USA " in line)
        assert usa.endswith("excl")
        assert "2.26 %" in _lines(app.screen, "foot")[0]


async def test_burden_sharing_opens_follows_the_what_if_and_sorts(make):
    from calc.tui.screens.glance import BurdenScreen

    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("USA")
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BurdenScreen)
        head = _lines(app.screen, "head", 118)
        # the largest part: a full bar
        usa = next(line for line in head if line.startswith("  United States "))
        assert usa.split()[2:4] == ["65.22", "%"] and usa.endswith("72.65 % " + "█" * 34 + "   +7.43 pp")
        await pilot.press("s", "s")
        await pilot.pause()
        assert app.screen.model.sort == "difference"
        await pilot.press("x")  # the highlighted ally: the United States
        await pilot.pause()
        b = app.screen.model
        assert [r.code for r in b.sides] == ["europe-canada"] and "USA" not in app.screen.codes()
        assert "(the United States is excluded)" in "\n".join(_lines(app.screen, "head", 118))
        await pilot.press("a")  # straight to the chart, the same ally highlighted
        await pilot.pause()
        assert app.screen.model.highlighted == "USA"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen


async def test_the_glance_views_redraw_when_the_what_if_changes_underneath(make):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", D("0.035")))
        await pilot.pause()
        b = app.screen.model
        assert b.rows[b.index("DEU")].core_part == div(175, "1396.42")


def test_the_help_lists_the_chart_and_burden_keys():
    from calc.tui.screens.help import key_rows

    rows = dict(key_rows()["Compare and path"])
    assert rows["a"].startswith("chart: every ally's core share")
    assert rows["B"].startswith("burden sharing:")


async def test_the_keys_move_the_highlight_when_the_rows_scroll(make):
    """On a short terminal the rows scroll; ↑ ↓ Home End still move the highlight (the
    scrolling box does not take them)."""
    app = make()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("POL")
        await pilot.press("a", "end")
        await pilot.pause()
        assert app.screen.highlight == "ISL"
        await pilot.press("home", "down")
        await pilot.pause()
        assert app.screen.highlight == "USA"


async def test_from_the_chart_p_and_h_open_the_highlighted_allys_path_and_history(make):
    from calc.tui.screens.history import HistoryScreen
    from calc.tui.screens.path import PathScreen

    app = make(preset="nato-2026")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("POL")
        await pilot.press("a", "H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and app.screen.series.id == "POL"
        await pilot.press("escape", "P")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen) and app.screen.spending_path.id == "POL"


class TestEquipmentChart:
    """nato-2026 (NATO's Table 8a): Norway 17.95 % of core spending on major equipment, the only
    ally below the 20 % guideline in 2026; Poland 55.91 % the highest; Iceland none."""

    def session(self) -> Session:
        s = Session()
        s.start(load_by_id("nato-2026"))
        return s

    def test_who_is_below_the_equipment_guideline(self):
        chart = self.session().share_chart(measure="equipment", descending=False)
        assert (chart.bars[0].code, chart.bars[0].share, chart.bars[0].meets) == (
            "NOR",
            D("0.1795"),
            (False,),
        )
        assert chart.bars[-1].code == "ISL" and chart.bars[-1].share is None
        assert [(t.key, t.value, t.meeting) for t in chart.targets] == [("equipment", D("0.20"), 30)]
        assert chart.assessed == 31 and chart.measure == "equipment"

    def test_the_scale_is_in_steps_of_five_percent_of_core_spending(self):
        chart = self.session().share_chart(measure="equipment")
        assert (chart.bars[0].code, chart.bars[0].share) == ("POL", D("0.5591"))
        assert chart.scale == D("0.60")  # 55.91 % + 2.5 %, rounded up to a 5 % step

    def test_an_edited_equipment_target_moves_the_line_and_the_count(self):
        s = self.session()
        s.commit(Change("target", field="equipment", value=D("0.25")))
        chart = s.share_chart(measure="equipment")
        assert chart.targets[0].value == D("0.25")
        assert chart.targets[0].meeting == sum(
            1 for b in chart.bars if b.share is not None and b.share >= D("0.25")
        )

    def test_an_unknown_measure_is_refused(self):
        with pytest.raises(ValueError, match="one of core, equipment"):
            self.session().share_chart(measure="related")


async def test_v_shows_the_equipment_chart_and_back(make):
    app = make(preset="nato-2026")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a", "v")
        await pilot.pause()
        assert app.screen.model.measure == "equipment"
        assert "Equipment share of core spending" in str(app.screen.query_one("#glance-title").content)
        nor = next(line for line in _lines(app.screen) if " NOR " in line)
        assert "17.95 %" in nor and nor.endswith("✗")
        await pilot.press("v")
        await pilot.pause()
        assert app.screen.model.measure == "core"


def test_allies_that_joined_later_have_no_bar_and_say_so():
    """nato-2026 in 2019: Finland (joined 2023), Sweden (2024) and North Macedonia (2020) were
    not yet allies; Montenegro (2017) was."""
    s = Session()
    s.start(load_by_id("nato-2026"))
    s.set_year(2019)
    chart = s.share_chart()
    notes = {b.code: b.note for b in chart.bars if not b.assessed}
    assert notes == {"FIN": "not yet an ally", "SWE": "not yet an ally", "MKD": "not yet an ally",
                     "ISL": "not assessed"}  # fmt: skip  # one ally a key
    assert [b.code for b in chart.bars[-4:]] == sorted(notes, key=lambda c: s.result.member(c).name)
    b = s.burden()
    assert ("FIN", "not yet an ally") in b.left_out and "FIN" not in [r.code for r in b.rows]
