"""The file dialogs under hostile names and folders: they say what is wrong and stay open.

Issue 15 (items 1, 3, 5, 6, 8, 9, 12) and issue 10's slips in the file dialogs. Every test
drives the app with Pilot the way a user does; nothing may raise out of a dialog.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import PRESETS, build_app
from textual.widgets import OptionList

from calc.engine.changes import Change
from calc.files.scenario_file import load_scenario
from calc.tui.screens.dialogs import ConfirmDialog, ErrorDialog
from calc.tui.screens.files import ExportDialog, OpenDialog, SaveDialog
from calc.tui.screens.main import MainScreen

WIDE = (160, 40)


def message(dialog) -> str:
    return str(dialog.query_one("#file-message").render())


async def submit(pilot, dialog, text: str) -> None:
    box = dialog.query_one("#path")
    box.value = text
    box.focus()
    await pilot.press("enter")
    await pilot.pause()


async def open_dialog(pilot, key: str, kind):
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, kind)
    return pilot.app.screen


HOSTILE = [
    (
        "~draft.toml",
        "there is no user 'draft.toml' for ~draft.toml; for a file of that name write ./~draft.toml",
    ),
    ("x" * 300 + ".toml", "name too long (305 bytes; a file or folder name holds at most 255)"),
    ("bad\x00name.toml", "a file name cannot hold a NUL byte"),
]


@pytest.fixture
def locked(tmp_path, monkeypatch):
    """A folder that cannot be searched: really (chmod 0) for an unprivileged user; for root,
    who can search anything, ``stat`` below it fails as it does for everyone else."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0)
        yield folder
        folder.chmod(0o700)
        return
    real = pathlib.Path.stat

    def stat(self, *a, **k):
        if str(self).startswith(str(folder) + os.sep) or str(self).startswith("locked" + os.sep):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **k)

    monkeypatch.setattr(pathlib.Path, "stat", stat)
    yield folder


DIALOGS = [("ctrl+s", SaveDialog), ("ctrl+o", OpenDialog), ("ctrl+e", ExportDialog)]


@pytest.mark.parametrize(("key", "kind"), DIALOGS, ids=["save", "open", "export"])
@pytest.mark.parametrize(("typed", "said"), HOSTILE, ids=["unknown-user", "too-long", "nul"])
async def test_every_file_dialog_explains_a_hostile_name_under_the_input_and_stays_open(
    key, kind, typed, said
):
    """Was: RuntimeError from expanduser, OSError from exists(): a traceback, the what-if lost."""
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        if kind is SaveDialog:
            app.commit(Change("exclude", "USA"))
        dialog = await open_dialog(pilot, key, kind)
        await submit(pilot, dialog, typed)
        assert app.screen is dialog and app.is_running
        assert message(dialog) == said


@pytest.mark.parametrize(("key", "kind"), DIALOGS, ids=["save", "open", "export"])
async def test_every_file_dialog_names_a_folder_that_cannot_be_searched(key, kind, locked):
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, key, kind)
        await submit(pilot, dialog, "locked/x.toml")
        assert app.screen is dialog
        assert message(dialog) == "locked/x.toml: permission denied (a folder on the way cannot be searched)"


class TestTheSaveDialogNeverRaises:
    async def test_save_from_the_quit_prompt_survives_a_hostile_name(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            await pilot.press("q")
            await pilot.pause()
            await pilot.click("#save")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, SaveDialog)
            await submit(pilot, dialog, "~draft.toml")
            assert app.screen is dialog and app.is_running
            assert "no user 'draft.toml'" in message(dialog)

    async def test_a_read_only_file_is_refused_by_name(self, tmp_path):
        (tmp_path / "ro.toml").write_text("keep me")
        (tmp_path / "ro.toml").chmod(0o444)
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            dialog = await open_dialog(pilot, "ctrl+s", SaveDialog)
            await submit(pilot, dialog, "ro.toml")
            assert app.screen is dialog
            assert message(dialog).startswith("ro.toml is read-only")
        assert (tmp_path / "ro.toml").read_text() == "keep me"


class TestADeletedWorkingFolder:
    @pytest.fixture
    def gone(self, tmp_path, monkeypatch):
        home = tmp_path / "home"
        home.mkdir()
        monkeypatch.setenv("HOME", str(home))
        work = tmp_path / "work"
        work.mkdir()
        os.chdir(work)
        work.rmdir()
        yield home
        os.chdir(tmp_path)

    async def test_ctrl_s_offers_the_home_folder_and_saves_there(self, gone):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            dialog = await open_dialog(pilot, "ctrl+s", SaveDialog)
            assert dialog.query_one("#path").value == str(gone / "test-2025-whatif.toml")
            await submit(pilot, dialog, "relative.toml")
            assert app.screen is dialog
            assert "the working folder no longer exists" in message(dialog)
            await submit(pilot, dialog, str(gone / "test-2025-whatif.toml"))
            assert isinstance(app.screen, MainScreen)
        assert load_scenario(gone / "test-2025-whatif.toml", [PRESETS]).changes == (Change("exclude", "USA"),)

    async def test_ctrl_e_and_ctrl_o_open_their_dialogs(self, gone):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+e", ExportDialog)
            assert dialog.query_one("#path").value == str(gone / "test-2025-nato.csv")
            await pilot.press("escape")
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+o", OpenDialog)
            await submit(pilot, dialog, "x.toml")
            assert app.screen is dialog and "working folder no longer exists" in message(dialog)


class TestTheOpenDialog:
    async def test_a_named_pipe_called_toml_is_skipped_and_refused(self, tmp_path):
        os.mkfifo(tmp_path / "pipe.toml")
        app = build_app()
        app.commit(Change("exclude", "USA"))
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert app.save_scenario(tmp_path / "real.toml")
            dialog = await open_dialog(pilot, "ctrl+o", OpenDialog)
            files = dialog.query_one("#files", OptionList)
            listed = [str(files.get_option_at_index(i).prompt) for i in range(files.option_count)]
            assert listed == ["real.toml"]
            await submit(pilot, dialog, "pipe.toml")
            assert app.screen is dialog
            assert message(dialog) == "pipe.toml is not a regular file (a pipe or a device)"
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("q")  # the TUI still answers
            await pilot.pause()
        assert app.return_code == 0

    async def test_a_label_with_escape_sequences_is_shown_escaped(self, tmp_path):
        (tmp_path / "evil.toml").write_bytes(
            b'kind = "scenario"\nlabel = "\x1b[2J\x1b[31m9.99 %"\nbase = "test-2025"\n'
        )
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+o", OpenDialog)
            files = dialog.query_one("#files", OptionList)
            prompt = str(files.get_option_at_index(0).prompt)
            assert prompt == "evil.toml  \\x1b[2J\\x1b[31m9.99 %"
            assert "\x1b" not in prompt

    async def test_down_then_enter_opens_the_first_file_as_the_footer_says(self, tmp_path):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("set", "POL", "core_share", Decimal("0.05")))
            assert app.save_scenario(tmp_path / "pol.toml", "Poland at 5 %")
            app.reset_all()
            app.session.saved_changes = ()
            dialog = await open_dialog(pilot, "ctrl+o", OpenDialog)
            assert "↓ choose" in dialog.query_one("#open").border_subtitle
            await pilot.press("down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.session.scenario_label == "Poland at 5 %"


class TestTheExportDialogFollowsTheExtension:
    async def test_typing_md_while_csv_is_selected_writes_markdown_and_says_so(self, tmp_path):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+e", ExportDialog)
            assert dialog.fmt == "csv"
            box = dialog.query_one("#path")
            box.value = ""
            box.focus()
            await pilot.press(*"typed.md")
            await pilot.pause()
            assert dialog.fmt == "markdown"
            assert dialog.query_one("#fmt-markdown").value
            assert message(dialog) == "format: Markdown (from the extension)"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert app.notices[-1][1] == "Exported Markdown to typed.md"
        assert (tmp_path / "typed.md").read_text() == app.session.render_report("markdown")

    async def test_an_unknown_extension_keeps_the_selected_format(self, tmp_path):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+e", ExportDialog)
            await pilot.click("#fmt-json")
            await pilot.pause()
            await submit(pilot, dialog, "out.data")
            assert isinstance(app.screen, MainScreen)
        assert (tmp_path / "out.data").read_text() == app.session.render_report("json")

    async def test_a_text_extension_is_refused_naming_what_an_export_writes(self, tmp_path):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+e", ExportDialog)
            await submit(pilot, dialog, "out.txt")
            assert app.screen is dialog
            assert (
                message(dialog)
                == ".txt means text table, which an export does not write: use .csv, .md, .json or .xlsx"
            )
        assert not (tmp_path / "out.txt").exists()

    async def test_a_read_only_export_target_is_refused(self, tmp_path):
        (tmp_path / "ro.csv").write_text("keep")
        (tmp_path / "ro.csv").chmod(0o444)
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = await open_dialog(pilot, "ctrl+e", ExportDialog)
            await submit(pilot, dialog, "ro.csv")
            assert app.screen is dialog and "ro.csv is read-only" in message(dialog)
            assert not app.export("csv", tmp_path / "ro.csv")  # and the write itself refuses
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
        assert (tmp_path / "ro.csv").read_text() == "keep"


# ---- nothing the session read is replaced; a stack stays a stack; lost updates ---------------


def stacked(tmp_path) -> tuple[Path, Path]:
    """a.toml (Poland +10 bn) on the test preset, b.toml (exclude the US) on a.toml."""
    a = tmp_path / "a.toml"
    a.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "test-2025"\n'
        'changes = [{ op = "add", member = "POL", field = "core", value = 10 }]\n'
    )
    b = tmp_path / "b.toml"
    b.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "a.toml"\n'
        'changes = [{ op = "exclude", member = "USA" }]\n'
    )
    return a, b


class TestNothingReadIsReplaced:
    async def test_saving_over_the_preset_file_of_the_session_is_refused_in_the_dialog(self, tmp_path):
        mine = tmp_path / "mine.toml"
        mine.write_text((PRESETS / "test-2025.toml").read_text().replace('id = "test-2025"', 'id = "mine"'))
        before = mine.read_bytes()
        app = build_app(file=mine)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            dialog = await open_dialog(pilot, "ctrl+s", SaveDialog)
            await submit(pilot, dialog, "mine.toml")
            await pilot.press("enter")  # even a second Enter
            await pilot.pause()
            assert app.screen is dialog
            assert message(dialog) == (
                "mine.toml: that is the preset this session is based on; save the scenario under another name"
            )
            assert not app.save_scenario(mine)
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
        assert mine.read_bytes() == before

    async def test_saving_over_the_base_of_a_stacked_scenario_is_refused(self, tmp_path):
        a, b = stacked(tmp_path)
        before = a.read_bytes()
        app = build_app(scenario=b)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "CAN"))
            await pilot.press("ctrl+s")  # in place: b.toml itself may be saved
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            app.action_save(save_as=True)
            await pilot.pause()
            assert isinstance(app.screen, SaveDialog)
            await submit(pilot, app.screen, "a.toml")
            assert "a.toml: that is a file this scenario stacks on" in message(app.screen)
            assert not app.export("csv", a)
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
        assert a.read_bytes() == before

    async def test_a_shipped_preset_is_never_a_save_target(self, tmp_path):
        from calc.files.presets import shipped_dir

        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "USA"))
            target = shipped_dir() / "nato-2025.toml"
            before = target.read_bytes()
            assert "shipped with nato-calc" in app.session.overwrite_problem(target, saving=True)
            assert not app.save_scenario(target)
            await pilot.pause()
            assert isinstance(app.screen, ErrorDialog)
        assert target.read_bytes() == before

    async def test_saving_a_stacked_scenario_keeps_its_base(self, tmp_path):
        a, b = stacked(tmp_path)
        app = build_app(scenario=b)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "CAN"))
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.notices[-1][1] == "Saved 2 changes on a.toml to b.toml"
            sub = tmp_path / "sub"
            sub.mkdir()
            assert app.save_scenario(sub / "c.toml")
        text = b.read_text()
        assert 'base = "a.toml"' in text and "POL" not in text
        assert load_scenario(b, [PRESETS]).own_changes == (Change("exclude", "USA"), Change("exclude", "CAN"))
        assert 'base = "../a.toml"' in (sub / "c.toml").read_text()
        again = load_scenario(sub / "c.toml", [PRESETS])
        assert again.changes == app.session.changes  # Poland once: 10 bn on top of the preset, not 20

    async def test_a_stack_whose_inherited_changes_were_undone_is_saved_whole_and_says_so(self, tmp_path):
        a, b = stacked(tmp_path)
        app = build_app(scenario=b)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.reset_all()
            app.commit(Change("exclude", "NOR"))
            assert app.save_scenario(tmp_path / "flat.toml")
            assert "are no longer all in force" in app.notices[-1][1]
        flat = (tmp_path / "flat.toml").read_text()
        assert 'presets/test-2025.toml"' in flat and "a.toml" not in flat


class TestLostUpdates:
    async def test_a_file_changed_on_disk_between_open_and_save_asks_first(self, tmp_path):
        a, _ = stacked(tmp_path)
        mine = build_app(scenario=a)
        async with mine.run_test(size=WIDE) as pilot:
            await pilot.pause()
            mine.commit(Change("exclude", "CAN"))
            # another session opens the same file, changes it and saves it
            theirs = build_app(scenario=a)
            theirs.commit(Change("exclude", "NOR"))
            assert theirs.save_scenario(a)
            written = a.read_bytes()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(mine.screen, ConfirmDialog)
            assert "was changed by someone else" in mine.screen._message
            await pilot.click("#cancel")
            await pilot.pause()
            assert a.read_bytes() == written and mine.session.dirty
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.click("#save-as")
            await pilot.pause()
            assert isinstance(mine.screen, SaveDialog)
            await submit(pilot, mine.screen, "mine.toml")
            assert isinstance(mine.screen, MainScreen)
            assert a.read_bytes() == written
            assert load_scenario(tmp_path / "mine.toml", [PRESETS]).changes == mine.session.changes

    async def test_overwrite_replaces_the_changed_file_and_later_saves_do_not_ask(self, tmp_path):
        a, _ = stacked(tmp_path)
        app = build_app(scenario=a)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "CAN"))
            a.write_text(a.read_text() + "# edited in an editor\n")
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.click("#overwrite")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and not app.session.dirty
            app.commit(Change("exclude", "NOR"))
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and not app.session.dirty
        assert load_scenario(a, [PRESETS]).changes == app.session.changes

    async def test_the_quit_prompt_says_the_file_changed_and_its_save_asks(self, tmp_path):
        a, _ = stacked(tmp_path)
        app = build_app(scenario=a)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", "CAN"))
            a.write_text(a.read_text() + "# edited\n")
            await pilot.press("q")
            await pilot.pause()
            assert "changed on disk by someone else" in app.screen._message
            await pilot.click("#save")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog) and app.screen._title == "The file changed on disk"
            await pilot.click("#cancel")
            await pilot.pause()
            assert app.is_running
        assert a.read_text().endswith("# edited\n")


async def test_the_deadline_is_saved_as_a_whole_year(tmp_path):
    app = build_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.commit(Change("target", field="deadline", value=Decimal("2032")))
        assert app.save_scenario(tmp_path / "d.toml")
    assert '{ op = "target", field = "deadline", value = 2032 }' in (tmp_path / "d.toml").read_text()
    assert load_scenario(tmp_path / "d.toml", [PRESETS]).changes == app.session.changes


async def test_opening_a_scenario_whose_base_was_revised_says_what_changed(tmp_path):
    mine = tmp_path / "test-2025.toml"
    shutil.copy(PRESETS / "test-2025.toml", mine)
    app = build_app(file=mine)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.commit(Change("add", "POL", "core", Decimal("10")))
        assert app.save_scenario(tmp_path / "s.toml")
        assert not app.notices[-1][0] == "warning"
    text = mine.read_text()
    pol = text.index("[members.POL]")
    mine.write_text(text[:pol] + text[pol:].replace("value = 1000,", "value = 1100,", 1))
    for again in (build_app(scenario=tmp_path / "s.toml"), build_app()):
        async with again.run_test(size=WIDE) as pilot:
            await pilot.pause()
            if again.session.scenario_path is None:
                assert again.open_scenario(tmp_path / "s.toml")
                await pilot.pause()
            warnings = [t for sev, t in again.notices if sev == "warning"]
            assert len(warnings) == 1
            assert warnings[0].startswith(
                "The base preset has changed: s.toml: the base preset test-2025 has changed"
            )
            assert warnings[0].endswith(
                "s.toml: POL GDP: 1,000.0 → 1,100.0 bn\ns.toml: POL core: 44.8 → 49.3 bn"
            )
