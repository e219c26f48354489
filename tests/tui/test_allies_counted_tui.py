"""The TUI counts a group's members in the year shown as the text report does: at
nato-2026@2019 the session bar says "NATO (29)" and the group panel "NATO · 29 members (ISL not
assessed; not yet allies: FIN, MKD, SWE)", as ``nato-calc report`` says "NATO (29 members; ISL
not assessed; not yet allies: FIN, MKD, SWE)" (Finland, North Macedonia and Sweden are listed
with NATO's figures but joined later; tests/unit/test_allies_counted.py has the report's side)."""

from __future__ import annotations

from calc.engine.changes import Change
from calc.files.presets import load_by_id
from calc.tui.session import Session
from calc.tui.widgets.group_summary import GroupSummary
from calc.tui.widgets.session_bar import SessionBar

TITLE_2019 = "NATO · 29 members (ISL not assessed; not yet allies: FIN, MKD, SWE)"


def session(ref: str = "nato-2026@2019") -> Session:
    s = Session([])
    s.start(load_by_id(ref))
    return s


def test_the_group_count_with_excluded_members_leaves_out_those_not_yet_allies():
    s = session()
    assert (s.result.group("nato").size, s.group_size_all()) == (29, 29)
    s.commit(Change("exclude", "FRA"))
    assert (s.result.group("nato").size, s.group_size_all()) == (28, 29)
    s.commit(Change("exclude", "FIN"))  # not yet an ally: in neither count
    assert (s.result.group("nato").size, s.group_size_all()) == (28, 29)
    assert session("nato-2026").group_size_all() == 32


def test_the_panel_title_reads_as_the_reports_group_line():
    s = session()
    assert GroupSummary._title(s.result.group("nato"), "NATO", ()) == TITLE_2019
    eu = s.result.group("eu")
    assert GroupSummary._title(eu, "EU members", ()) == "EU members · 21 members (not yet allies: FIN, SWE)"
    now = session("nato-2026").result.group("nato")
    assert GroupSummary._title(now, "NATO", ()) == "NATO · 32 members (ISL not assessed)"


def test_the_compare_panel_counts_each_years_allies():
    s = session("nato-2026")
    s.compare_with(s.compare_side_for("preset", "nato-2026@2019"))
    gc = s.comparison.group("nato")
    assert GroupSummary._title(None, "NATO", (), gc).startswith("NATO · 29 → 32 members")


def test_the_clipboard_summary_counts_the_allies_and_names_the_others():
    summary = session().summary()
    assert "NATO (29 included of 29; not yet allies: FIN, MKD, SWE): core 2.54 % of GDP" in summary


async def test_the_bar_and_the_panel_title_count_the_allies_of_the_year(make):
    app = make(preset="nato-2026@2019")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.main_screen.query_one(SessionBar)
        assert bar.right_text().plain.strip() == "NATO (29)"
        assert str(app.main_screen.query_one(GroupSummary).border_title) == TITLE_2019
        app.commit(Change("exclude", "FRA"))
        await pilot.pause()
        assert bar.right_text().plain.strip() == "NATO (28 of 29)"
        await pilot.press("right_square_bracket")  # 2020: North Macedonia joined
        await pilot.pause()
        assert bar.right_text().plain.strip() == "NATO (29 of 30)"
        assert "not yet allies: FIN, SWE" in str(app.main_screen.query_one(GroupSummary).border_title)
