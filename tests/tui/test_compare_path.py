"""Compare mode, the path view and the benchmarks, driven with Textual's Pilot.

What the screen shows is checked against the engine: :func:`calc.output.compare.compare`,
:func:`calc.output.path.plan` and :func:`calc.output.benchmarks.compare_benchmarks` on the same inputs.
Fixed presets ``tests/tui/data/presets/test-2024.toml`` and ``test-2025.toml`` (8 members:
USA, CAN, DEU, FRA, POL, ISL, GBR, NOR; Canada moves from 1.85 % to 2.01 % of GDP).
"""

from __future__ import annotations

from decimal import Decimal

from helpers import PRESETS, spy, summary_text
from textual.widgets import DataTable, Input

from calc.engine.changes import Change
from calc.engine.evaluate import evaluate
from calc.files.presets import load_preset, previous_vintage
from calc.output.benchmarks import compare_benchmarks, ratio_text
from calc.output.compare import compare, select_comparison
from calc.output.compare import render as render_compare
from calc.output.fmt import money, pct
from calc.output.path import member_rows, plan, year_rows
from calc.output.path import render as render_path
from calc.tui.screens.compare import ComparePickerDialog
from calc.tui.screens.files import ExportDialog, OpenDialog
from calc.tui.screens.main import MainScreen
from calc.tui.screens.path import PathScreen
from calc.tui.widgets.group_summary import GroupSummary

WIDE = (160, 40)
P2024 = PRESETS / "test-2024.toml"
P2025 = PRESETS / "test-2025.toml"


def table(app):
    return app.main_screen.table


def bar_text(app) -> str:
    from calc.tui.widgets.session_bar import SessionBar

    bar = app.main_screen.query_one(SessionBar)
    return f"{bar.left_text().plain} | {bar.right_text().plain}"


def cells(dt: DataTable, key: str) -> list[str]:
    return [c.plain if hasattr(c, "plain") else str(c) for c in dt.get_row(key)]


async def start_compare(pilot, expect: str | None = None):
    """c, then Enter on the highlighted choice."""
    await pilot.press("c")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ComparePickerDialog)
    if expect is not None:
        assert dialog.suggested == expect
    await pilot.press("enter")
    await pilot.pause()
    return dialog


class TestCompare:
    async def test_c_then_enter_sets_last_year_against_this_year(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await start_compare(pilot, expect="preset:test-2024")
            assert app.session.compare_side.ref == "test-2024" and app.session.comparing
            expected = compare(evaluate(load_preset(P2024)), evaluate(load_preset(P2025)))
            t = table(app)
            assert t.column_keys[:7] == (
                "code",
                "name",
                "share_a",
                "share_b",
                "share_d",
                "gap_core_a",
                "gap_core_b",
            )
            for mc in expected.members:
                assert t.cell_text(mc.code, "share_a").startswith(pct(mc.a.core_share))
                assert t.cell_text(mc.code, "share_b").startswith(pct(mc.b.core_share))
            # Canada: 1.85 % -> 2.01 %: +0.16 pp, now meets the 2 % guideline
            assert t.cell_text("CAN", "share_d").strip() == "+0.16"
            assert t.cell_text("CAN", "change") == "now ✔ 2 %"
            assert t.cell_text("POL", "share_d").strip() == "+0.36"
            assert t.cell_text("GBR", "share_d").strip() == "0.00"
            assert t.cell_text("CAN", "gap_core_a").strip() == money(expected.member("CAN").a.gap_core, 2)
            assert t.cell_text("CAN", "gap_core_b").strip() == "32.78"
            assert t.cell_text("POL", "gap_core_b").strip() == "·"
            assert t.cell_text("ISL", "share_d").strip() == "0.00"  # not assessed: both sides
            text = summary_text(app)
            g = expected.group("nato")
            assert "NATO · 8 → 8 members · A test-2024 → B test-2025" in text
            assert f"{g.a.meeting_guideline} → {g.b.meeting_guideline}/7 (+1)" in text  # 6 -> 7
            assert f"${money(g.a.core, 1)} → ${money(g.b.core, 1)} bn" in text
            assert "A test-2024 → B test-2025" in bar_text(app)
            # s on the change column sorts by it; / filters (the order itself: test_session_flows.py)
            t.cursor_to("USA", "share_d")
            await pilot.press("s")
            await pilot.pause()
            assert t.order[:2] == ["POL", "CAN"] and t.order[-1] == "USA"  # +0.36, +0.16 ... -0.10 pp
            await pilot.press("slash", *"nor")
            await pilot.pause()
            assert t.order == ["NOR"]

    async def test_with_changes_c_then_enter_sets_the_preset_against_the_what_if(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("set", "DEU", "core_share", Decimal("0.035")))
            await start_compare(pilot, expect="base")
            assert app.session.compare_side.kind == "base"
            t = table(app)
            assert t.cell_text("DEU", "share_a") == "2.00 %!"  # the preset's placeholder
            assert t.cell_text("DEU", "share_b") == "3.50 %✎"  # the what-if
            assert t.cell_text("DEU", "share_d").strip() == "+1.50"
            assert t.cell_text("DEU", "gap_core_a").strip() == "75.00"
            assert t.cell_text("DEU", "gap_core_b").strip() == "·"
            assert t.cell_text("DEU", "change") == "now ✔ 3.5 %"
            assert t.cell_text("FRA", "change") == ""  # unchanged allies say nothing
            assert t.cell_text("FRA", "share_d").strip() == "0.00"
            text = summary_text(app)
            assert "1 → 2/7 (+1)" in text  # meeting 3.5 %
            assert "test-2025 as published → B test-2025 + 1 change" in text

    async def test_edits_while_comparing_move_the_b_side_only_in_place(self, make, monkeypatch):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await start_compare(pilot)
            t = table(app)
            rebuilds = spy(monkeypatch, t, "show")
            assert t.cursor_to("NOR", "share_b")
            await pilot.press("e", *"4%", "enter")
            await pilot.pause()
            assert app.session.changes == (Change("set", "NOR", "core_share", Decimal("0.04")),)
            assert t.cell_text("NOR", "share_a") == "2.20 % "  # A does not move
            assert t.cell_text("NOR", "share_b") == "4.00 %✎"
            assert t.cell_text("NOR", "share_d").strip() == "+1.80"
            assert t.cell_text("NOR", "change") == "now ✔ 3.5 %"
            assert rebuilds == []  # redrawn in place
            assert "1 → 2/7 (+1)" in summary_text(app)  # POL in A; POL and NOR in B
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert t.cell_text("NOR", "share_b") == "2.20 % "
            assert t.cell_text("NOR", "change") == ""

    async def test_the_picker_switches_the_other_side_and_stops_and_escape_leaves(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await start_compare(pilot)
            assert app.session.compare_side.ref == "test-2024"
            await pilot.press("c")
            await pilot.pause()
            dialog = app.screen
            options = dialog.query_one("#compare-list")
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            assert ids[0] == "stop" and "base" in ids and "preset:test-2025" in ids and ids[-1] == "open"
            options.highlighted = ids.index("base")
            await pilot.press("enter")
            await pilot.pause()
            assert app.session.compare_side.kind == "base"
            assert table(app).cell_text("CAN", "share_d").strip() == "0.00"
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("enter")  # the suggested choice is highlighted, not "Stop comparing"
            await pilot.pause()
            assert app.session.comparing  # Enter took the suggested choice, not stop
            await pilot.press("c")
            await pilot.pause()
            app.screen.query_one("#compare-list").highlighted = 0
            await pilot.press("enter")
            await pilot.pause()
            assert not app.session.comparing
            assert table(app).column_keys[:3] == ("code", "name", "gdp")
            await start_compare(pilot)  # and escape leaves too
            await pilot.press("escape")
            await pilot.pause()
            assert not app.session.comparing and app.session.comparison is None
            assert "A test-2024" not in bar_text(app)
            assert table(app).cell_text("CAN", "core_share") == "2.01 % "

    async def test_allies_on_one_side_only_are_listed_with_a_note(self, make, tmp_path):
        # a vintage without Norway
        text = (
            P2024.read_text()
            .replace('id = "test-2024"', 'id = "test-2023"')
            .replace("year = 2024", "year = 2023")
        )
        head, _, tail = text.partition("[members.NOR]")
        (tmp_path / "presets").mkdir()
        (tmp_path / "presets" / "test-2023.toml").write_text(head)
        app = make(presets_dirs=[PRESETS, tmp_path / "presets"])
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            side = app.compare_side_for("preset", "test-2023")
            app.compare_with(side)
            await pilot.pause()
            t = table(app)
            assert t.cell_text("NOR", "change") == "only in B"
            assert t.cell_text("NOR", "share_a").strip() == "–"
            assert t.cell_text("USA", "change") == "excluded in B"
            assert t.cell_text("USA", "share_b").strip() == "–"
            t.cursor_to("NOR", "share_b")
            await pilot.pause()
            info = str(app.main_screen.query_one("#cell-info").render())
            assert "only in B: A is test-2023" in info
            assert "only in B: NOR" in summary_text(app)

    async def test_compare_with_a_scenario_file(self, make, tmp_path):
        scenario = tmp_path / "meeting.toml"
        scenario.write_text(
            'schema_version = 1\nkind = "scenario"\nbase = "test-2025"\nlabel = "Germany to 3 %"\n\n'
            '[[changes]]\nop = "set"\nmember = "DEU"\nfield = "core_share"\nvalue = 0.03\n'
        )
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            options = app.screen.query_one("#compare-list")
            options.highlighted = options.option_count - 1  # Open a scenario file…
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, OpenDialog)
            await pilot.press(*str(scenario), "enter")
            for _ in range(50):  # a loaded machine may take a few frames to open and compare
                await pilot.pause()
                if app.session.compare_side is not None:
                    break
            assert (
                app.session.compare_side.kind == "scenario"
                and app.session.compare_side.label == "meeting.toml"
            )
            # A has Germany at 3 %, B (the preset) at 2 %
            assert table(app).cell_text("DEU", "share_a") == "3.00 %✎"
            assert table(app).cell_text("DEU", "share_d").strip() == "-1.00"

    async def test_export_in_compare_mode_writes_what_nato_calc_compare_prints(self, make, tmp_path):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await start_compare(pilot)
            await pilot.press("ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("enter")
            await pilot.pause()
            written = next(tmp_path.glob("compare-*.csv")).read_text()
            expected = compare(evaluate(load_preset(P2024)), evaluate(load_preset(P2025)),
                               a_ref="test-2024", b_ref="test-2025")  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
            assert written == render_compare(select_comparison(expected, "nato"), "csv")

    async def test_a_narrow_terminal_shows_the_telling_columns_first_and_both_sides_benchmarks(self, make):
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await start_compare(pilot)
            t = table(app)
            assert t.column_keys[:7] == (
                "code",
                "share_a",
                "share_b",
                "share_d",
                "gap_core_a",
                "gap_core_b",
                "change",
            )
            assert sum(t.column_width(k) + 2 for k in t.column_keys[:7]) <= 79  # no sideways scroll for these
            text = summary_text(app, width=78)
            assert all(len(line) <= 78 for line in text.splitlines())
            assert "6 → 7/7 (+1)" in text
            # b: both sides against the benchmarks
            await pilot.press("b")
            await pilot.pause()
            text = summary_text(app)
            assert "– → 8.81×" in text  # rival-2025 is not in test-2024
            a = compare_benchmarks(evaluate(load_preset(P2024)), ["nato"])[0].groups[0].ratio
            assert f"{ratio_text(a)} → 2.94×" in text


def test_last_year_is_the_newest_release_of_the_year_before():
    p24, p25 = load_preset(P2024), load_preset(P2025)
    assert previous_vintage(p25, [p24, p25]) is p24
    assert previous_vintage(p24, [p24, p25]) is None
    from dataclasses import replace
    from datetime import date

    revised = replace(p24, id="test-2024-revised", released=date(2025, 4, 1))
    assert previous_vintage(p25, [p24, revised, p25]) is revised


# --------------------------------------------------------------------------------------------


def path_screen(app) -> PathScreen:
    assert isinstance(app.screen, PathScreen)
    return app.screen


def years(app) -> DataTable:
    return path_screen(app).query_one("#path-years", DataTable)


def assert_years_match(app, expected) -> None:
    header, rows = year_rows(expected)
    keep = [
        h
        for h in ("Year", "GDP", "Core %", "Core", "Rel %", "Total %", "Total", "Increase", "Extra")
        if h in [c.key.value for c in years(app).columns.values()]
    ]
    idx = [header.index(h) for h in keep]
    # the declared plan's column (an ally with a plan) is the plans' (tests/tui/test_plans_tui.py)
    shown = [c.key.value != "plan" for c in years(app).columns.values()]
    for r in rows:
        assert [c for c, keep in zip(cells(years(app), r[0]), shown) if keep] == [r[i] for i in idx]


class TestPath:
    async def test_P_opens_the_path_of_the_ally_under_the_cursor_with_a_deterministic_chart(self, make):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            table(app).cursor_to("DEU", "core_share")
            await pilot.press("P")
            await pilot.pause()
            screen = path_screen(app)
            expected = plan(app.session.preset, member="DEU")
            assert screen.spending_path == expected
            assert_years_match(app, expected)
            assert cells(years(app), "2035")[:3] == ["2035", "5,000.0", "3.50 %"]
            assert (
                years(app).border_title
                == f"Cumulative extra 2026–2035: ${money(expected.cumulative_extra, 1)} bn"
            )
            assert expected.cumulative_extra == Decimal("825.00")  # 150 bn a year by 2035, linear
            assert "Path to 2035: Germany (DEU)" in str(screen.query_one("#path-title").render())
            assert screen.query_one("#path-chart").display and years(app).display
            info = str(screen.query_one("#path-info").render())
            command = str(screen.query_one("#path-command").render())
            assert command == f"same as: nato-calc path --file {PRESETS / 'test-2025.toml'} --member DEU"
            assert "related unknown today: counted as 0" in info
            chart = screen.query_one("#path-chart")  # the chart is deterministic
            first = chart.render().plain
            screen.replan()
            await pilot.pause()
            assert chart.render().plain == first
            assert "5.00" in first and "2035" in first and "core % (target 3.5 %)" in first
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)

    async def test_growth_shape_and_year_change_in_place(self, make):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            table(app).cursor_to("CAN")
            await pilot.press("P")
            await pilot.pause()
            await pilot.press("plus", "plus")
            await pilot.pause()
            assert app.path_settings["growth"] == Decimal("0.010")
            expected = plan(app.session.preset, member="CAN", growth=Decimal("0.01"))
            assert_years_match(app, expected)
            assert path_screen(app).query_one("#path-growth", Input).value == "1%"
            await pilot.press("s")
            await pilot.pause()
            assert path_screen(app).spending_path.shape == "front"
            assert_years_match(
                app, plan(app.session.preset, member="CAN", growth=Decimal("0.01"), shape="front")
            )
            await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
            await pilot.pause()
            expected = plan(
                app.session.preset, member="CAN", growth=Decimal("0.01"), shape="front", target_year=2032
            )
            assert path_screen(app).spending_path == expected
            assert len(years(app).rows) == 8  # 2025..2032
            assert "--growth=1% --shape front --target-year 2032" in path_screen(app).cli_args()
            # typed in the boxes
            growth = path_screen(app).query_one("#path-growth", Input)
            growth.focus()
            growth.value = ""
            await pilot.press(*"3.5%", "enter")
            await pilot.pause()
            assert app.path_settings["growth"] == Decimal("0.035")
            year = path_screen(app).query_one("#path-year", Input)
            year.focus()
            year.value = ""
            await pilot.press(*"2030", "enter")
            await pilot.pause()
            expected = plan(
                app.session.preset, member="CAN", growth=Decimal("0.035"), shape="front", target_year=2030
            )
            assert path_screen(app).spending_path == expected
            assert_years_match(app, expected)
            # a year before the preset's is refused with the engine's reason; the plan stays
            year.focus()
            year.value = ""
            await pilot.press(*"2024", "enter")
            await pilot.pause()
            assert path_screen(app).spending_path is None
            assert "must be after the preset's year (2025)" in str(
                path_screen(app).query_one("#path-message").render()
            )
            year.value = "2033"
            await pilot.pause()
            assert path_screen(app).spending_path.target_year == 2033
            # the shape can be clicked too
            await path_screen(app).run_action("set_shape('back')")
            assert path_screen(app).spending_path.shape == "back"

    async def test_g_switches_to_the_group_with_its_allies(self, make):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            await pilot.press("P", "g")
            await pilot.pause()
            screen = path_screen(app)
            expected = plan(app.session.preset, group="nato")
            assert screen.spending_path == expected and screen.spending_path.kind == "group"
            assert_years_match(app, expected)
            members = screen.query_one("#path-members", DataTable)
            assert members.display
            header, rows = member_rows(expected)
            assert [cells(members, r[0]) for r in rows] == rows
            assert "ISL" not in [r[0] for r in rows] and members.border_subtitle == "left out: ISL"
            await pilot.press("g")
            await pilot.pause()
            assert screen.spending_path.kind == "member"

    async def test_brackets_step_through_allies_skipping_those_without_a_path(self, make):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            table(app).cursor_to("POL")
            await pilot.press("P", "right_square_bracket")
            await pilot.pause()
            assert path_screen(app).spending_path.id == "GBR"  # ISL is not assessed
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert path_screen(app).spending_path.id == "POL"
            assert table(app).cursor_keys()[0] == "POL"  # the table follows

    async def test_an_excluded_ally_opens_the_group_path_and_undo_replans(self, make):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            table(app).cursor_to("USA")
            await pilot.press("P")
            await pilot.pause()
            screen = path_screen(app)
            assert screen.spending_path.kind == "group"
            assert "USA" not in screen.spending_path.codes
            await pilot.press("ctrl+z")  # undo the exclusion from the path view
            await pilot.pause()
            assert "USA" in screen.spending_path.codes
            assert screen.spending_path == plan(app.session.preset, group="nato")

    async def test_a_narrow_terminal_toggles_table_chart_and_members(self, make):
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("P")
            await pilot.pause()
            screen = path_screen(app)
            chart = screen.query_one("#path-chart-box")
            assert years(app).display and not chart.display
            assert years(app).region.height == 14  # every year, 2025..2035, header and border
            await pilot.press("v")
            await pilot.pause()
            assert chart.display and not screen.query_one("#path-left").display
            await pilot.press("g", "v")  # the group: members come third
            await pilot.pause()
            assert screen.query_one("#path-members").display and not chart.display

    async def test_export_writes_what_nato_calc_path_prints(self, make, tmp_path):
        app = make()
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            table(app).cursor_to("FRA")
            await pilot.press("P", "plus", "ctrl+e")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("enter")
            await pilot.pause()
            written = (tmp_path / "path-fra-2035.csv").read_text()
            assert written == render_path(
                plan(app.session.preset, member="FRA", growth=Decimal("0.005")), "csv"
            )


# --------------------------------------------------------------------------------------------


class TestBenchmarksAndPanel:
    async def test_the_panel_sets_the_group_against_each_benchmark(self, make):
        app = make()
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            text = summary_text(app)
            (mer, ppp) = compare_benchmarks(app.session.result, ["nato"])
            assert "rival-2025  " in text and ratio_text(mer.groups[0].ratio) in text  # 8.81×
            assert "8.81×" in text and "2.94×" in text
            assert "rival-2024-ppp*" in text and "PPP (home prices) set against nominal" in text
            flat = " ".join(text.split())
            assert "Big four, as its publisher counts them: $400.0 bn 0.89×" in flat
            assert "here Big European four: $306.2 bn 0.68×" in flat
            app.set_group("big-four")
            await pilot.pause()
            assert "2.04×" in summary_text(app)

    async def test_on_a_narrow_terminal_one_row_per_target_and_b_toggles_the_benchmarks(self, make):
        app = make()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            lines = summary_text(app, width=78).splitlines()
            g = app.session.result.group("nato")
            assert pct(g.total_share) == "2.90 %"
            assert (
                lines[1].rstrip()
                == "core $1,321.4 bn = 2.87 % of GDP · total 2.90 % (related ≤ 1.5 %; 2/7 known)"
            )
            assert lines[2].split() == [
                "target",
                "meeting",
                "sum",
                "of",
                "gaps",
                "$bn",
                "collective",
                "$bn",
                "of",
                "GDP",
            ]
            assert lines[3].split()[:4] == ["2", "%", "guideline", "7/7"]
            # the collective gap in points of the group's GDP: 3.5 % - 2.87 % = 0.63 points
            assert lines[4].split()[-2:] == ["0.63", "pp"]
            assert lines[5].startswith("5 % total by 2035")
            assert "meeting" in summary_text(app) and "rival-2025" not in summary_text(app)
            assert app.main_screen.query_one(GroupSummary).border_subtitle == "b benchmarks"
            await pilot.press("b")
            await pilot.pause()
            assert "rival-2025" in summary_text(app) and "meeting" not in summary_text(app)
            await pilot.press("b")
            await pilot.pause()
            assert "meeting" in summary_text(app)

    async def test_the_header_counts_included_allies(self, make):
        app = make()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert "NATO (8)" in bar_text(app)
            await pilot.press("x")  # USA, the first row
            await pilot.pause()
            assert "NATO (7 of 8)" in bar_text(app)
            assert "NATO · 7 members" in summary_text(app)

    async def test_the_groups_list_tells_the_eu_groups_apart(self):
        from calc.tui import make_app

        app = make_app(theme="textual-dark", cursor_blink=False)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            assert len(app.main_screen.table.order) == 32  # nato-2026, the newest NATO preset
            groups = app.main_screen.query_one("#groups").content  # what the groups list shows
            from rich.console import Console

            console = Console(width=40, record=True, color_system=None)
            console.print(groups)
            text = console.export_text()
            eu_lines = [line for line in text.splitlines() if line.startswith("EU")]
            assert [line.split("  ")[0] for line in eu_lines] == ["EU members", "EU + UK"]
