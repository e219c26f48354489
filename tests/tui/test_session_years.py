"""Stepping through the years of a release in the session model (no Textual): the what-if is
kept and applied to the new year's figures, the file and the command line name the year.

Figures from presets/nato-2026.toml (NATO's July 2026 tables): Germany 2026 GDP USD 5,455.98 bn,
core 147.002 bn (2.69 %); 2025 GDP 5,056.631 bn, core 112.141 bn (2.22 %); 2014 core 1.16 %.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from calc.engine.changes import Change
from calc.errors import ChangeError, OutputError, UnknownPresetError
from calc.files.presets import load_by_id
from calc.tui.session import ALL, Session

D = Decimal
DEU_3 = Change("set", "DEU", "core_share", D("0.03"))


def session(preset: str = "nato-2026", changes=()) -> Session:
    s = Session()
    s.start(load_by_id(preset), changes)
    return s


def deu(s: Session):
    return s.result.member("DEU")


def published(s: Session, code: str = "DEU"):
    """NATO's Table 3 share of the year shown (what the member is judged on)."""
    return s.preset.member(code).published_share


class TestStepping:
    def test_a_release_opens_at_its_newest_year_and_says_so(self):
        s = session()
        assert s.base.year == 2026 and s.years() == tuple(range(2014, 2027))
        assert s.year_status() == "2026 estimates"
        assert (deu(s).core, published(s)) == (D("147.002"), D("0.0269"))

    def test_the_previous_year_is_that_years_figures(self):
        s = session()
        changed = s.step_year(-1)
        assert s.base.year == 2025 and s.preset.year == 2025
        assert (deu(s).gdp, deu(s).core, published(s)) == (D("5056.631"), D("112.141"), D("0.0222"))
        assert changed.members == ALL and changed.old is not None and changed.rows
        assert not changed.columns  # the layout stays; the table measures its cells again
        assert changed.notices == ()  # the session bar says the year; a toast per key is noise
        assert s.year_status() == "2025 estimates"
        assert s.session_label() == "nato-2026@2025"  # compare mode's B, the views' titles

    def test_a_final_year_is_not_called_an_estimate(self):
        s = session()
        s.set_year(2014)
        assert s.year_status() == "2014"
        assert published(s) == D("0.0116")
        s.commit(DEU_3)
        assert s.step_year(1).notice.startswith(
            "Showing 2015 (NATO allies, July 2026 release) · your 1 change"
        )

    def test_beyond_the_first_or_newest_year_nothing_changes_and_it_says_why(self):
        s = session()
        changed = s.step_year(1)
        assert changed.old is None and s.base.year == 2026
        assert changed.notices[0].severity == "warning"
        assert changed.notice == "2026 is the newest year of nato-2026 (2014–2026)."
        s.set_year(2014)
        assert s.step_year(-1).notice == "2014 is the first year of nato-2026 (2014–2026)."

    def test_a_single_year_preset_says_it_holds_one_year(self):
        s = session("nato-2025")
        changed = s.step_year(-1)
        assert changed.old is None and s.base.year == 2025
        assert changed.notice.startswith("nato-2025 holds one year (2025); a release such as nato-2026")
        assert s.year_status() == ""

    def test_a_year_the_release_does_not_hold_is_refused(self):
        s = session()
        with pytest.raises(UnknownPresetError, match="no year 2013; it holds 2014-2026"):
            s.set_year(2013)
        assert s.base.year == 2026


class TestTheWhatIfAcrossYears:
    def test_a_share_typed_is_that_share_of_the_new_years_gdp(self):
        s = session(changes=[DEU_3])
        assert deu(s).core == D("0.03") * D("5455.98")
        changed = s.step_year(-1)
        assert s.changes == (DEU_3,)
        assert deu(s).core == D("0.03") * D("5056.631")  # 151.69893
        assert "your 1 change applied to 2025's figures" in changed.notice

    def test_an_exclusion_and_the_targets_stay(self):
        s = session()
        s.commit(Change("exclude", "USA"))
        s.commit(Change("target", field="core", value=D("0.03")))
        s.step_year(-1)
        assert not s.result.member("USA").included
        assert s.result.targets.core == D("0.03")
        assert "USA" not in s.result.group("nato").codes

    def test_undo_still_undoes_the_changes_in_the_new_year(self):
        s = session()
        s.commit(DEU_3)
        s.step_year(-1)
        s.undo()
        assert s.changes == () and deu(s).core == D("112.141")
        s.redo()
        assert deu(s).core == D("0.03") * D("5056.631")

    def test_a_change_that_does_not_apply_to_the_year_leaves_everything_as_it_was(self, monkeypatch):
        import calc.engine.changes as changes_module

        s = session(changes=[DEU_3])
        real = changes_module.apply_changes

        def refuse_2014(preset, changes, **kw):
            if preset.year == 2014:
                raise ChangeError("DEU: no such figure that year")
            return real(preset, changes, **kw)

        monkeypatch.setattr(changes_module, "apply_changes", refuse_2014)
        with pytest.raises(ChangeError, match="your changes do not all apply to 2014: DEU: no such figure"):
            s.set_year(2014)
        assert s.base.year == 2026 and s.changes == (DEU_3,)
        assert deu(s).core == D("0.03") * D("5455.98")

    def test_compare_with_the_preset_as_published_follows_the_year(self):
        s = session(changes=[DEU_3])
        s.compare_with(s.compare_side_for("base", "nato-2026"))
        s.step_year(-1)
        mc = s.comparison.member("DEU")
        assert (mc.a.core, mc.b.core) == (D("112.141"), D("0.03") * D("5056.631"))


class TestFilesAndCommands:
    def test_another_year_of_an_opened_scenario_is_unsaved_until_saved_or_stepped_back(self, tmp_path):
        s = session(changes=[DEU_3])
        path = tmp_path / "plan.toml"
        s.save(path)
        assert not s.dirty
        s.step_year(-1)
        assert s.dirty
        s.step_year(1)
        assert not s.dirty

    def test_a_scenario_saved_in_another_year_names_the_year_and_opens_in_it(self, tmp_path):
        s = session(changes=[DEU_3])
        s.set_year(2019)
        path = tmp_path / "plan.toml"
        s.save(path)
        assert 'base = "nato-2026@2019"' in path.read_text()
        t = Session()
        t.open_scenario(path)
        assert t.base.year == 2019 and t.changes == (DEU_3,) and not t.dirty
        assert t.result.member("DEU").core == s.result.member("DEU").core

    def test_a_preset_named_by_its_file_cannot_name_another_year_in_a_scenario(self, tmp_path):
        import shutil

        from calc.files.presets import load_preset, resolve_preset

        copy = tmp_path / "mine-2026.toml"
        shutil.copy(resolve_preset("nato-2026", ()).path, copy)
        copy.write_text(copy.read_text().replace('id = "nato-2026"', 'id = "mine-2026"', 1))
        s = Session([tmp_path / "elsewhere"])
        s.start(load_preset(copy))
        s.step_year(-1)
        with pytest.raises(
            OutputError,
            match=r"would name its base \(mine-2026\) by a file, which gives its newest year \(2026\), not 2025",
        ):
            s.save(tmp_path / "plan.toml")
        assert not (tmp_path / "plan.toml").exists()

    def test_the_command_line_names_the_year(self):
        from calc.tui.reproduce import source_args

        s = session(changes=[DEU_3])
        assert source_args(s.cli_source(), s.changes)[0] == ["--preset", "nato-2026"]
        s.step_year(-1)
        assert source_args(s.cli_source(), s.changes)[0] == ["--preset", "nato-2026@2025"]

    def test_an_opened_scenario_shown_for_another_year_is_spelled_from_its_preset(self, tmp_path):
        from calc.tui.reproduce import source_args

        s = session(changes=[DEU_3])
        path = tmp_path / "plan.toml"
        s.save(path)
        assert source_args(s.cli_source(), s.changes)[0][0] == "--scenario"
        s.step_year(-1)
        assert source_args(s.cli_source(), s.changes) == (["--preset", "nato-2026@2025"], (DEU_3,))


def test_a_narrow_session_bar_keeps_the_year_rather_than_the_label():
    from calc.tui.widgets.session_bar import SessionBar, SessionInfo

    bar = SessionBar()
    bar.info = SessionInfo(
        "nato-2026",
        "NATO allies, July 2026 release: 2025 estimates",
        None,
        0,
        False,
        "NATO",
        32,
        32,
        None,
        "",
        year="2025 estimates",
    )
    (line,) = bar.parts_at(60)
    assert line.plain.startswith(" nato-calc  [nato-2026] 2025 estimates")
    (wide,) = bar.parts_at(120)
    assert "NATO allies, July 2026 release: 2025 estimates [nato-2026]" in wide.plain
    assert wide.plain.count("2025 estimates") == 1


def test_the_path_starts_from_the_year_shown():
    """The path view plans from the session's preset and result (PathScreen.replan)."""
    from calc.output.path import plan

    s = session()
    s.step_year(-1)
    s.step_year(-1)
    p = plan(s.preset, member="DEU", result=s.result)
    assert p.base_year == 2024 and p.years[0].year == 2024
    assert p.years[0].gdp == s.result.member("DEU").gdp == D("4686.831")  # 2024, not 2026
