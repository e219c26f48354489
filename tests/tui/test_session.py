"""The session model on its own (calc/tui/session.py): no app, no Pilot, milliseconds.

What the Pilot tests check through a booted app where the screen adds nothing: undo, redo and
reset; saved and dirty; groups, sort and filter; compare mode; save refusals and lost updates;
opening presets and scenarios; the summary; and what each operation says it changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calc.engine.changes import Change
from calc.errors import ChangeError, OutputError
from calc.files.presets import load_by_id
from calc.files.scenario_file import load_scenario
from calc.tui.session import ALL, Changed, ChangedOnDisk, Session

PRESETS = Path(__file__).resolve().parent / "data" / "presets"
ORDER = ["USA", "CAN", "DEU", "FRA", "POL", "ISL", "GBR", "NOR"]
DEU_3 = Change("set", "DEU", "core_share", Decimal("0.03"))


def session(preset: str = "test-2025", changes=()) -> Session:
    s = Session([PRESETS])
    s.start(load_by_id(preset, [PRESETS]), changes)
    return s


def codes(s: Session) -> list[str]:
    return [m.code for m in s.view_members()]


def test_importing_the_session_and_its_models_imports_neither_textual_nor_rich():
    code = (
        "import sys, calc.tui.session, calc.tui.summary, calc.tui.reproduce, calc.tui.glance, calc.tui.money\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(bad)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


class TestStart:
    def test_a_new_session_shows_every_member_in_preset_order_and_is_not_dirty(self):
        s = session()
        assert codes(s) == ORDER
        assert s.changes == () and not s.dirty and s.has_session
        assert s.session_label() == "test-2025"

    def test_starting_says_everything_changed(self):
        s = Session([PRESETS])
        changed = s.start(load_by_id("test-2025", [PRESETS]))
        assert changed.members == ALL and changed.rows and changed.columns and changed.opened

    def test_an_unknown_group_falls_back_to_nato(self):
        s = Session([PRESETS], group="no-such-group")
        s.start(load_by_id("test-2025", [PRESETS]))
        assert s.group == "nato"


class TestCommitUndoRedo:
    def test_a_commit_changes_the_figures_and_names_only_the_member_it_moved(self):
        s = session()
        old = s.result
        changed = s.commit(DEU_3)
        assert s.result.member("DEU").core_share == Decimal("0.03")
        assert changed.members == frozenset({"DEU"})
        assert changed.old is old and changed.chrome and not changed.rows and not changed.columns
        assert s.dirty and s.session_label() == "test-2025 + 1 change"

    def test_several_changes_are_one_undoable_step(self):
        s = session()
        changed = s.commit(DEU_3, Change("exclude", "USA"))
        assert changed.members == frozenset({"DEU", "USA"})
        s.undo()
        assert s.changes == ()

    def test_a_change_that_does_not_apply_raises_and_changes_nothing(self):
        s = session()
        before = s.result
        with pytest.raises(ChangeError):
            s.commit(Change("set", "DEU", "core_share", Decimal("2")))
        assert s.result is before and s.changes == () and not s.history.can_undo

    def test_a_target_change_asks_for_new_columns(self):
        s = session()
        changed = s.commit(Change("target", field="core", value=Decimal("0.03")))
        assert changed.members == ALL and changed.columns and changed.rows
        assert s.result.targets.core == Decimal("0.03")

    def test_undo_and_redo_walk_the_history_and_say_what_they_did(self):
        s = session()
        s.commit(DEU_3)
        s.commit(Change("exclude", "DEU"))
        undone = s.undo()
        assert s.changes == (DEU_3,)
        assert undone.members == frozenset({"DEU"}) and undone.old is not None
        assert s.undo().notice == "Undid: DEU core share → 3 %"
        assert s.changes == () and not s.dirty
        assert s.result.member("DEU").core == Decimal("100")
        assert s.redo().notice == "Redid: DEU core share → 3 %"
        s.redo()
        assert len(s.changes) == 2 and not s.result.member("DEU").included

    def test_nothing_to_undo_or_redo_is_a_warning_and_changes_nothing(self):
        s = session()
        for op, text in ((s.undo, "Nothing to undo."), (s.redo, "Nothing to redo.")):
            changed = op()
            assert changed.nothing and changed.notices[0].severity == "warning"
            assert changed.notice == text

    def test_undo_has_no_limit(self):
        s = session()
        for _ in range(150):
            s.commit(Change("add", "DEU", "core", Decimal("1")))
        assert s.result.member("DEU").core == Decimal("250")
        for _ in range(150):
            s.undo()
        assert s.changes == () and not s.history.can_undo
        assert s.result.member("DEU").core == Decimal("100")

    def test_the_incremental_result_equals_a_full_evaluation(self):
        from calc.engine.evaluate import evaluate

        s = session()
        s.commit(DEU_3)
        s.commit(Change("exclude", "USA"))
        s.undo()
        s.redo()
        assert s.result.group("nato").core == evaluate(s.history.preset()).group("nato").core


class TestResetAndExclude:
    def test_reset_all_clears_every_change_undoably(self):
        s = session()
        s.commit(DEU_3)
        s.commit(Change("exclude", "USA"))
        changed = s.reset_all()
        assert s.changes == () and s.preset.members == s.base.members
        assert changed.notice == "Reset 2 changes (ctrl+z brings them back)."
        s.undo()
        assert len(s.changes) == 2

    def test_reset_all_without_changes_is_a_warning(self):
        changed = session().reset_all()
        assert changed.nothing and changed.notices[0].severity == "warning"

    def test_reset_member_brings_back_the_preset_figures(self):
        s = session()
        s.commit(DEU_3)
        changed = s.reset_member("DEU")
        assert s.changes[-1] == Change("reset", "DEU")
        assert s.preset.member("DEU") == s.base.member("DEU")
        assert changed.members == frozenset({"DEU"})
        assert changed.notice == "Reset DEU to the preset's figures (ctrl+z undoes)."

    def test_reset_member_already_at_the_preset_is_a_warning(self):
        s = session()
        changed = s.reset_member("DEU")
        assert changed.nothing and changed.notices[0].severity == "warning" and s.changes == ()

    def test_exclude_leaves_the_member_listed_but_out_of_the_group_and_again_includes_it(self):
        s = session()
        changed = s.toggle_exclude("USA")
        assert s.changes == (Change("exclude", "USA"),)
        assert changed.notice == "Excluded United States (USA) (x again includes it)"
        nato = s.result.group("nato")
        assert "USA" not in nato.codes and nato.gdp == Decimal("16000")
        assert "USA" in codes(s)
        assert s.toggle_exclude("USA").notice == "Included United States (USA)"
        assert "USA" in s.result.group("nato").codes

    def test_excluding_a_member_only_in_the_comparison_is_a_warning(self):
        s = session()
        changed = s.toggle_exclude("XXX")
        assert changed.nothing and changed.notices[0].severity == "warning"


class TestGroups:
    def test_cycling_goes_through_every_group_with_members_and_back(self):
        s = session()
        seen = []
        for _ in range(4):
            changed = s.cycle_group(1)
            assert changed.rows and changed.chrome and not changed.columns
            seen.append((s.group, codes(s)))
        assert seen == [
            ("europe-canada", ["CAN", "DEU", "FRA", "POL", "ISL", "GBR", "NOR"]),
            ("eu", ["DEU", "FRA", "POL"]),
            ("big-four", ["DEU", "FRA", "POL", "GBR"]),
            ("nato", ORDER),
        ]
        s.cycle_group(-1)
        assert s.group == "big-four" and s.group_name() == "Big European four"

    def test_an_unknown_group_is_refused_with_an_error_notice(self):
        s = session()
        changed = s.set_group("nope")
        assert s.group == "nato" and changed.notices[0].severity == "error"
        assert changed.notice == "No group 'nope' in this preset."

    def test_group_members_include_excluded_ones(self):
        s = session()
        s.toggle_exclude("DEU")
        assert "DEU" in s.group_codes("eu")
        assert "DEU" not in s.result.group("eu").codes


class TestSortAndFilter:
    def test_cycle_sort_goes_natural_then_reversed_then_off(self):
        s = session()
        changed = s.cycle_sort("core_share")
        assert changed.order and not changed.rows
        assert s.sort == ("core_share", True)
        assert codes(s) == ["POL", "USA", "GBR", "NOR", "FRA", "CAN", "DEU", "ISL"]
        s.cycle_sort("core_share")
        assert s.sort == ("core_share", False) and codes(s)[:2] == ["ISL", "DEU"]
        s.cycle_sort("core_share")
        assert s.sort is None and codes(s) == ORDER

    def test_text_columns_sort_a_to_z_first(self):
        s = session()
        s.cycle_sort("name")
        assert s.sort == ("name", False)

    def test_the_meets_column_sorts_by_targets_met(self):
        s = session()
        s.cycle_sort("status")
        assert codes(s)[0] == "POL" and codes(s)[-1] == "ISL"

    def test_a_sorted_view_follows_an_edit(self):
        s = session()
        s.set_sort(("core_share", True))
        s.commit(Change("set", "DEU", "core_share", Decimal("0.05")))
        assert codes(s)[0] == "DEU"
        s.undo()
        assert codes(s)[-2:] == ["DEU", "ISL"]

    def test_the_filter_matches_names_codes_and_changes_only_when_it_differs(self):
        s = session()
        assert s.set_filter("ger").rows
        assert codes(s) == ["DEU"]
        s.set_filter("united")
        assert codes(s) == ["USA", "GBR"]
        s.set_filter("polxx")
        assert codes(s) == []
        assert s.set_filter("polxx").nothing
        s.set_filter("")
        assert codes(s) == ORDER

    def test_the_report_sort_keeps_every_table_column_even_meets(self):
        s = session()
        s.set_sort(("status", True))
        assert s.report_sort() == ("status", True)  # report --sort status: the export keeps it
        s.sort = ("no_such_column", True)
        assert s.report_sort() is None
        s.set_sort(("gdp", True))
        assert s.report_sort() == ("gdp", True)


class TestCompare:
    def test_comparing_with_the_base_labels_both_sides_and_drops_the_sort(self):
        s = session()
        s.set_sort(("gdp", True))
        s.commit(DEU_3)
        side = s.compare_side_for("base", "")
        assert side.label == "test-2025 as published" and side.ref == "test-2025"
        changed = s.compare_with(side)
        assert changed.mode and changed.columns and s.comparing and s.sort is None
        assert (
            changed.notice
            == "Comparing with its preset as published (A) · your session is B · esc or c to leave"
        )
        assert s.comparison.a is s.base_result
        assert s.session_label() == "test-2025 + 1 change"
        row = s.comparison.member("DEU")
        assert row.delta.core_share == Decimal("0.03") - s.base_result.member("DEU").core_share

    def test_comparing_with_another_preset_names_it(self):
        s = session()
        s.compare_with(s.compare_side_for("preset", "test-2024"))
        assert s.compare_side.label == "test-2024" and s.comparison.a_ref == "test-2024"
        assert [m.code for m in s.compare_rows()] == [
            m.code
            for m in s.comparison.members
            if m.code in set(s.group_codes()) | set(s.comparison.group("nato").a.codes)
        ]

    def test_an_unknown_compare_preset_raises_and_keeps_the_mode(self):
        s = session()
        from calc.errors import CalcError

        with pytest.raises(CalcError):
            s.compare_side_for("preset", "no-such-preset")
        assert not s.comparing

    def test_an_edit_while_comparing_recompares_only_its_member(self):
        s = session()
        s.compare_with(s.compare_side_for("base", ""))
        before = s.comparison
        s.commit(DEU_3)
        moved = [m.code for m, old in zip(s.comparison.members, before.members) if m is not old]
        assert moved == ["DEU"]

    def test_stop_compare_leaves_the_mode_and_says_so_and_twice_does_nothing(self):
        s = session()
        s.compare_with(s.compare_side_for("base", ""))
        changed = s.stop_compare()
        assert changed.mode and changed.notice == "Left compare mode."
        assert s.comparison is None and not s.comparing
        assert s.stop_compare().nothing

    def test_the_compare_export_is_what_nato_calc_compare_prints(self):
        from calc.output.compare import compare, render, select_comparison

        s = session()
        s.compare_with(s.compare_side_for("base", ""))
        both = compare(s.base_result, s.result, a_ref="test-2025", b_ref="test-2025")
        expected = render(select_comparison(both, "nato"), "csv")
        assert s.render_report("csv") == expected


class TestOpen:
    def test_open_preset_fresh_drops_the_changes(self):
        s = session()
        s.commit(DEU_3)
        changed = s.open_preset("test-2024")
        assert s.base.id == "test-2024" and s.changes == () and not s.dirty
        assert changed.opened and changed.columns
        assert changed.notice.startswith("Opened test-2024: ")

    def test_open_preset_keeping_changes_reapplies_them_unsaved(self):
        s = session()
        s.commit(DEU_3)
        changed = s.open_preset("test-2024", keep_changes=True)
        assert s.changes == (DEU_3,) and s.dirty
        assert changed.notice.endswith(", with your 1 change")
        assert not s.history.can_undo  # a new session

    def test_a_preset_that_cannot_be_opened_raises_and_changes_nothing(self):
        from calc.errors import CalcError

        s = session()
        s.commit(DEU_3)
        with pytest.raises(CalcError):
            s.open_preset("broken")
        assert s.base.id == "test-2025" and s.changes == (DEU_3,)

    def test_open_scenario_puts_its_changes_in_force_saved(self, tmp_path):
        s = session()
        s.commit(Change("set", "POL", "core_share", Decimal("0.05")))
        s.save(tmp_path / "pol.toml", "Poland at 5 %")
        other = session()
        changed = other.open_scenario(tmp_path / "pol.toml")
        assert other.changes == s.changes and not other.dirty
        assert other.scenario_label == "Poland at 5 %" and other.scenario_path == tmp_path / "pol.toml"
        assert changed.notice == "Opened scenario pol.toml: 1 change on test-2025"
        assert other.preset.scenario == "Poland at 5 %"
        assert not other.history.can_undo


class TestSave:
    def test_saving_makes_the_session_clean_and_names_it(self, tmp_path):
        s = session()
        s.commit(DEU_3)
        changed = s.save(tmp_path / "meeting.toml", "Germany to 3 %", "for the meeting")
        assert changed.saved and changed.chrome
        assert changed.notice.startswith("Saved 1 change to ") and changed.notice.endswith("meeting.toml")
        assert not s.dirty and s.session_label() == "Germany to 3 %"
        loaded = load_scenario(tmp_path / "meeting.toml", [PRESETS])
        assert loaded.changes == (DEU_3,) and loaded.label == "Germany to 3 %"
        assert loaded.description == "for the meeting"
        s.commit(Change("exclude", "USA"))
        assert s.dirty and s.session_label() == "Germany to 3 % + changes"

    def test_saving_over_the_preset_it_read_is_refused_and_nothing_is_written(self, tmp_path):
        import shutil

        mine = tmp_path / "test-2025.toml"
        shutil.copy(PRESETS / "test-2025.toml", mine)
        from calc.files.presets import load_preset

        s = Session([PRESETS])
        s.start(load_preset(mine))
        s.commit(DEU_3)
        before = mine.read_bytes()
        with pytest.raises(OutputError, match="the preset this session is based on"):
            s.save(mine)
        assert mine.read_bytes() == before and s.dirty
        assert "export under another name" in s.overwrite_problem(mine)

    def test_saving_into_the_shipped_presets_folder_is_refused(self):
        from calc.files.presets import shipped_dir

        s = session()
        with pytest.raises(OutputError, match="presets shipped with nato-calc"):
            s.save(shipped_dir() / "x.toml")

    def test_a_file_changed_on_disk_since_opening_is_a_lost_update_unless_overwritten(self, tmp_path):
        s = session()
        s.commit(DEU_3)
        path = tmp_path / "s.toml"
        s.save(path)
        s.commit(Change("exclude", "USA"))
        text = path.read_text() + "\n# someone else's edit\n"
        path.write_text(text)
        os.utime(path, (0, 1))  # a different stamp, whatever the clock's resolution
        assert s.changed_on_disk() and s.would_lose_update(path)
        with pytest.raises(ChangedOnDisk, match="changed by someone else"):
            s.save(path)
        assert path.read_text() == text and s.dirty
        s.save(path, overwrite=True)
        assert not s.dirty and not s.changed_on_disk()
        assert load_scenario(path, [PRESETS]).changes == s.changes

    def test_saving_elsewhere_is_no_lost_update(self, tmp_path):
        s = session()
        s.save(tmp_path / "a.toml")
        (tmp_path / "a.toml").write_text((tmp_path / "a.toml").read_text() + "\n")
        os.utime(tmp_path / "a.toml", (0, 1))
        assert not s.would_lose_update(tmp_path / "b.toml")

    def test_a_save_that_cannot_be_written_raises_and_stays_dirty(self, tmp_path):
        from calc.errors import CalcError

        s = session()
        s.commit(DEU_3)
        with pytest.raises(CalcError):
            s.save(tmp_path / "no" / "such" / "x.toml")
        assert s.dirty and s.scenario_path is None

    def test_a_scenario_on_a_preset_file_names_it_by_relative_path(self, tmp_path):
        import shutil

        from calc.files.presets import load_preset

        (tmp_path / "mine").mkdir()
        (tmp_path / "out").mkdir()
        shutil.copy(PRESETS / "test-2025.toml", tmp_path / "mine" / "test-2025.toml")
        s = Session([PRESETS])
        s.start(load_preset(tmp_path / "mine" / "test-2025.toml"))
        assert s.base_ref_for(tmp_path / "out" / "x.toml") == "../mine/test-2025.toml"
        s.commit(Change("exclude", "NOR"))
        s.save(tmp_path / "out" / "x.toml")
        assert 'base = "../mine/test-2025.toml"' in (tmp_path / "out" / "x.toml").read_text()
        assert load_scenario(tmp_path / "out" / "x.toml").changes == (Change("exclude", "NOR"),)

    def test_the_history_is_the_engine_history_on_the_preset_as_loaded(self):
        from calc.engine.history import History
        from calc.files.presets import load_preset

        s = session()
        s.commit(Change("exclude", "USA"))
        assert isinstance(s.history, History)
        assert s.preset.members == s.history.preset().members
        assert s.history.base.members == load_preset(PRESETS / "test-2025.toml").members

    def test_mark_saved_is_what_a_browser_download_does(self):
        s = session()
        s.commit(DEU_3)
        changed = s.mark_saved(s.changes, "dl", None)
        assert changed.saved and not s.dirty and s.preset.scenario == "dl"
        text, what, note = s.download_text(Path("x.toml"), "dl", None)
        assert 'base = "test-2025"' in text and what == "1 change on test-2025"


class TestOutput:
    def test_the_export_is_what_nato_calc_report_prints_for_the_view(self):
        from calc.output.report import render

        s = session()
        s.set_group("eu")
        s.set_sort(("gdp", True))
        assert s.render_report("csv") == render(s.result, "csv", "eu", ("gdp", True))

    def test_the_export_description_names_the_group_sort_and_filter(self):
        s = session()
        s.set_group("eu")
        s.set_sort(("gdp", False))
        s.set_filter("de")
        what, stem = s.export_description()
        assert what == (
            "Exports EU members (3 included members, sorted by gdp ascending), with the "
            "aggregates of the group; the filter is not applied."
        )
        assert stem == "test-2025-eu"

    def test_the_summary_names_the_changes_and_the_group(self):
        s = session()
        s.commit(DEU_3)
        s.set_group("big-four")
        text = s.summary()
        assert "Changes (1): DEU core share → 3 %" in text
        assert "Big European four (4 included of 4)" in text
        assert text.count("\n") == 9

    def test_in_compare_mode_the_summary_says_whose_figures_it_holds(self):
        s = session()
        s.compare_with(s.compare_side_for("base", ""))
        assert s.summary().startswith(
            "(compare mode: these are your session's figures, B; A is test-2025 as published"
        )

    def test_the_path_command_source_names_the_saved_scenario(self, tmp_path):
        s = session()
        s.commit(DEU_3)
        s.save(tmp_path / "x.toml")
        src = s.cli_source()
        assert src.scenario == tmp_path / "x.toml" and src.saved == (DEU_3,)


def test_changed_reports_nothing_only_when_nothing_changed():
    assert Changed().nothing
    assert not Changed(chrome=True).nothing
    assert Changed(notices=()).notice is None
