"""The TUI under hostile conditions: no terminal, signals, markup and escape codes in user
text, unknown themes, exported COLUMNS, thousands of presets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import PRESETS, build_app

ROOT = Path(__file__).resolve().parents[2]
WIDE = (160, 40)


async def press(pilot, *keys: str) -> None:
    """Press ``keys`` and let the app settle."""
    await pilot.press(*keys)
    await pilot.pause()


def calc_env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("NATO_CALC_THEME", None)
    env.update(extra)
    return env


class TestNoTerminal:
    @pytest.mark.parametrize(
        "stdin, why",
        [(subprocess.DEVNULL, "stdin and stdout are not one"), (b"\n", "stdin and stdout are not one")],
        ids=["stdin-devnull", "echo-pipe"],
    )
    def test_without_a_terminal_the_ui_says_so_and_exits_2(self, stdin, why, tmp_path):
        kwargs = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
        r = subprocess.run(
            [sys.executable, "-m", "calc", "--presets-dir", str(PRESETS)],
            capture_output=True, env=calc_env(), cwd=tmp_path, timeout=120, check=False, **kwargs,
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        assert r.returncode == 2
        assert r.stdout == b""
        err = r.stderr.decode()
        assert err.count("\n") == 1
        assert f"nato-calc: the terminal UI needs a terminal ({why})" in err
        assert "nato-calc report" in err

    def test_the_decision_is_made_before_textual_is_imported(self, tmp_path):
        script = (
            "import sys\nfrom calc.cli import main\nrc = main([])\n"
            "print(rc, 'textual' in sys.modules, file=sys.stderr)\n"
        )
        r = subprocess.run(
            [sys.executable, "-c", script], stdin=subprocess.DEVNULL, capture_output=True,
            text=True, env=calc_env(), cwd=tmp_path, timeout=120, check=False,
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
        assert r.stderr.strip().splitlines()[-1] == "2 False"


class TestTheme:
    async def test_an_unknown_theme_names_the_valid_ones_and_starts_with_the_default(self, monkeypatch):
        monkeypatch.setenv("NATO_CALC_THEME", "no-such-theme")
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert app.theme == "textual-dark"
            severity, text = app.notices[0]
            assert severity == "warning"
            assert text.startswith("NATO_CALC_THEME: unknown theme 'no-such-theme' (themes: ansi-dark, ")
            assert text.endswith("; using textual-dark")
            assert "textual-light" in text and "nord" in text


# -- a real process in a pseudo-terminal ---------------------------------------------------------


class Pty:
    """``nato-calc`` in a pseudo-terminal: read its output, type keys, send signals.
    ``stderr``: a file to send stderr to instead of the terminal, or "closed"."""

    def __init__(self, args, env, cwd, size=(120, 36), stderr=None):
        import fcntl
        import struct
        import termios

        cols, rows = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "calc", *args], stdin=slave, stdout=slave,
            stderr=slave if stderr in (None, "closed") else stderr, env=env, cwd=cwd,
            start_new_session=True, close_fds=True,
            preexec_fn=(lambda: os.close(2)) if stderr == "closed" else None,  # noqa: PLW1509 - the test runs no threads here
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        os.close(slave)
        self.out = b""

    def read(self, until: bytes | None = None, quiet: float = 0.5, limit: float = 60) -> bytes:
        """Read until ``until`` was seen and the output has been quiet for ``quiet`` s (or EOF)."""
        import select
        import time

        start = last = time.monotonic()
        while time.monotonic() - start < limit:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    data = os.read(self.master, 1 << 16)
                except OSError:
                    data = b""
                if not data:
                    break
                self.out += data
                last = time.monotonic()
            elif (until is None or until in self.out) and time.monotonic() - last > quiet:
                break
        return self.out

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self) -> int:
        """Read everything up to the end of the process; its exit code."""
        self.read(until=None, quiet=30, limit=60)
        try:
            return self.proc.wait(timeout=30)
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()


ALT_SCREEN_OFF = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state"


def start_with_an_unsaved_change(tmp_path, state, **env):
    p = Pty(
        ["--presets-dir", str(PRESETS), "--preset", "test-2025"],
        calc_env(XDG_STATE_HOME=str(state), **env),
        tmp_path,
    )
    p.read(until=b"Norway")
    p.type("x")  # exclude the ally under the cursor (USA, the first row)
    p.read(until=b"Excluded")
    return p


class TestSignals:
    @pytest.mark.parametrize("signame, code", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGQUIT", 131)])
    def test_a_signal_restores_the_terminal_and_keeps_the_unsaved_what_if(
        self, signame, code, tmp_path, state
    ):
        import signal

        from calc.files.scenario_file import load_scenario

        p = start_with_an_unsaved_change(tmp_path, state)
        try:
            before = len(p.out)
            os.kill(p.proc.pid, getattr(signal, signame))
            rc = p.finish()
        finally:
            p.kill()
        assert rc == code
        tail = p.out[before:]
        assert ALT_SCREEN_OFF in tail and MOUSE_OFF in tail
        folder = state / "nato-calc" / "recovery"
        assert folder.stat().st_mode & 0o777 == 0o700
        kept = list(folder.iterdir())
        assert len(kept) == 1
        s = load_scenario(kept[0], [PRESETS])
        assert s.base.id == "test-2025"
        assert [(c.op, c.member) for c in s.changes] == [("exclude", "USA")]
        assert f"nato-calc: ended by {signame}; your unsaved what-if is kept in {kept[0]}".encode() in tail

    def test_sighup_after_the_terminal_is_gone_still_keeps_the_what_if(self, tmp_path, state):
        import signal

        p = start_with_an_unsaved_change(tmp_path, state)
        try:
            os.close(p.master)  # the SSH connection dropped: nothing can be written any more
            os.kill(p.proc.pid, signal.SIGHUP)
            rc = p.proc.wait(timeout=30)
        finally:
            p.kill()
        assert rc == 129
        assert len(list((state / "nato-calc" / "recovery").iterdir())) == 1

    def test_sigint_goes_through_the_quit_prompt(self, tmp_path, state):
        import signal

        p = start_with_an_unsaved_change(tmp_path, state)
        try:
            os.kill(p.proc.pid, signal.SIGINT)
            p.read(until=b"Quit without saving")
            assert p.proc.poll() is None  # still running, asking
            assert b"Quit nato-calc?" in p.out
            os.kill(p.proc.pid, signal.SIGINT)  # a second one while it asks: exit 130
            rc = p.finish()
        finally:
            p.kill()
        assert rc == 130
        assert ALT_SCREEN_OFF in p.out
        assert len(list((state / "nato-calc" / "recovery").iterdir())) == 1  # the what-if is kept


class TestStderr:
    @pytest.mark.parametrize("how", ["redirected", "closed"])
    def test_with_stderr_redirected_or_closed_the_ui_still_draws_on_the_terminal(self, how, tmp_path, state):
        log = tmp_path / "log"
        with open(log, "wb") as f:
            p = Pty(
                ["--presets-dir", str(PRESETS), "--preset", "test-2025"],
                calc_env(XDG_STATE_HOME=str(state)),
                tmp_path,
                stderr=f if how == "redirected" else "closed",
            )
            try:
                p.read(until=b"Norway", limit=30)
                assert b"Norway" in p.out  # drawn on the terminal, not into the log
                p.type("\x11")  # ctrl+q
                rc = p.finish()
            finally:
                p.kill()
        assert rc == 0
        assert log.read_bytes() == b""


class TestEnvironment:
    def test_an_exported_columns_or_lines_does_not_reach_the_ui(self, monkeypatch):
        """shutil.get_terminal_size (which Textual asks) prefers $COLUMNS/$LINES to the
        terminal: an exported COLUMNS=60 drew a 60-column UI in a 160-column terminal."""
        from calc import tui

        seen = {}

        class Stub:
            return_code = 0
            ended_by = None

            def run(self):
                import shutil

                seen["env"] = (os.environ.get("COLUMNS"), os.environ.get("LINES"))
                seen["size"] = shutil.get_terminal_size((123, 45))

        class Tty:
            def isatty(self):
                return True

        monkeypatch.setenv("COLUMNS", "60")
        monkeypatch.setenv("LINES", "10")
        monkeypatch.setattr(sys, "stdin", Tty())
        monkeypatch.setattr(sys, "stdout", Tty())
        monkeypatch.setattr(tui, "make_app", lambda **kw: Stub())
        monkeypatch.setattr(tui, "_draw_on_the_terminal", lambda: lambda: None)
        assert tui.run() == 0
        assert seen["env"] == (None, None)
        assert tuple(seen["size"]) != (60, 10)


class TestRecoveryOffer:
    def kept(self, state) -> Path:
        from calc.engine.changes import Change
        from calc.tui.recovery import write_recovery

        path = write_recovery(lambda p: "test-2025", [Change("exclude", member="USA")], "Plan B", None,
                              env={"XDG_STATE_HOME": str(state)})  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        assert path is not None and path.parent == state / "nato-calc" / "recovery"
        return path

    @pytest.mark.parametrize("choice", ["restore", "discard", "later"])
    async def test_the_next_start_offers_the_kept_what_if(self, choice, tmp_path):
        from textual.widgets import Button

        from calc.tui.screens.dialogs import ConfirmDialog

        path = self.kept(tmp_path / "state")
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            assert "unsaved what-if (1 change on test-2025, 'Plan B')" in dialog._message
            dialog.query_one(f"#{choice}", Button).press()
            await pilot.pause()
            if choice == "restore":
                assert [(c.op, c.member) for c in app.session.changes] == [("exclude", "USA")]
                assert (
                    app.session.dirty
                    and app.session.scenario_path is None
                    and app.session.scenario_label == "Plan B"
                )
                assert not path.exists()
            else:
                assert app.session.changes == ()
                assert path.exists() == (choice == "later")

    def test_no_recovery_folder_without_an_absolute_state_or_home_folder(self):
        from calc.tui.recovery import recovery_dir

        assert recovery_dir({"XDG_STATE_HOME": "", "HOME": ""}) is None
        assert recovery_dir({"XDG_STATE_HOME": "rel", "HOME": "also-rel"}) is None
        assert recovery_dir({"HOME": "/"}) is None
        assert recovery_dir({"XDG_STATE_HOME": "rel", "HOME": "/home/u"}) == Path(
            "/home/u/.local/state/nato-calc/recovery"
        )


# -- user text is never markup, never a terminal escape ----------------------------------------------


def bracket_preset(folder: Path) -> Path:
    """test-2025 with Germany named ``A [/] B [bold]x``, the big-four group labelled
    ``[draft]`` and the preset labelled ``Allies [b]x[/b] [/]``."""
    src = (PRESETS / "test-2025.toml").read_text()
    src = src.replace('id = "test-2025"', 'id = "test-brackets"')
    src = src.replace('label = "Test allies, 2025"', 'label = "Allies [b]x[/b] [/]"')
    src = src.replace('big-four = "Big European four"', 'big-four = "[draft]"')
    src = src.replace('name = "Germany"', 'name = "A [/] B [bold]x"')
    folder.mkdir(exist_ok=True)
    path = folder / "test-brackets.toml"
    path.write_text(src)
    return folder


def screen_text(app) -> str:
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


class TestUserTextIsNotMarkup:
    async def test_brackets_in_names_labels_and_paths_are_shown_literally_everywhere(self, tmp_path):
        from calc.tui.screens.edit import MemberEditDialog
        from calc.tui.screens.files import SaveDialog
        from calc.tui.screens.help import HelpScreen
        from calc.tui.screens.path import PathScreen

        folder = bracket_preset(tmp_path / "presets")
        app = build_app(preset="test-brackets", presets_dirs=[folder])
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            assert "Allies [b]x[/b] [/]" in screen_text(app)
            app.set_group("big-four")
            await pilot.pause()
            assert "[draft]" in screen_text(app)  # the group panel's title
            assert app.main_screen.table.cursor_to("DEU", "core")
            await press(pilot, "e")
            assert isinstance(app.screen, MemberEditDialog)
            assert "A [/] B [bold]x" in screen_text(app)
            await press(pilot, "escape")
            await press(pilot, "ctrl+p")
            await pilot.press(*"edit: a [")
            await pilot.pause(0.5)
            assert "A [/] B [bold]x" in screen_text(app)
            await press(pilot, "escape")
            app.session.scenario_path = tmp_path / "plan [/].toml"
            app.session.scenario_label = "Plan B [/w US]"
            app.compare_with(app.compare_side_for("base", ""))
            await pilot.pause()
            assert app.main_screen.table.cursor_to("DEU", "gap_core_b")
            await pilot.pause()
            assert "Plan B [/w US]" in screen_text(app)
            await press(pilot, "c")
            await press(pilot, "escape")
            app.open_path("DEU")
            await pilot.pause()
            assert isinstance(app.screen, PathScreen)
            assert "A [/] B [bold]x" in screen_text(app)
            await press(pilot, "escape")
            await press(pilot, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            await press(pilot, "escape")
            app.action_save(save_as=True)
            await pilot.pause()
            assert isinstance(app.screen, SaveDialog)
            assert "Plan B [/w US]" in screen_text(app)

    async def test_an_escape_sequence_in_a_scenario_name_does_not_reach_the_terminal(self, tmp_path):
        from calc.tui.widgets.session_bar import SessionBar

        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.session.scenario_path = tmp_path / "x\x1b[31mred.toml"
            app.session.scenario_label = None
            app.main_screen.refresh_chrome()
            await pilot.pause()
            left = app.main_screen.query_one(SessionBar).left_text().plain
            assert "\x1b" not in left and "x\\x1b[31mred.toml" in left

    async def test_an_escape_sequence_in_a_preset_path_does_not_reach_the_picker(self, tmp_path):
        import shutil

        from textual.widgets import OptionList

        folder = tmp_path / "p\x1b[2J"
        folder.mkdir()
        shutil.copy(PRESETS / "test-2024.toml", folder / "test-2024.toml")
        app = build_app(presets_dirs=[folder, PRESETS])  # the copy shadows test-2024: its path is shown
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await press(pilot, "p")
            options = app.screen.query_one(OptionList)
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert any("p\\x1b[2J" in p for p in prompts)
            assert not any("\x1b" in p for p in prompts)


class TestCtrlC:
    async def test_ctrl_c_hints_how_to_quit_without_showing_markup(self):
        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await press(pilot, "ctrl+c")
            note = list(app._notifications)[-1]
            assert "[b]" not in note.message or note.markup
            text = app.notices[-1][1]
            assert text.startswith("Do you want to quit?: Press ")
            assert "[b]" not in text and "[/b]" not in text
            assert app.is_running  # a hint, not a quit


class TestThousandsOfPresets:
    def many(self, tmp_path, n: int) -> Path:
        folder = tmp_path / "many"
        folder.mkdir()
        text = (PRESETS / "test-2024.toml").read_text()
        for i in range(n):
            pid = f"user-{i:05d}"
            (folder / f"{pid}.toml").write_text(text.replace('id = "test-2024"', f'id = "{pid}"'))
        return folder

    @pytest.mark.parametrize("key, dialog", [("p", "PresetPickerDialog"), ("c", "ComparePickerDialog")])
    async def test_the_pickers_open_at_once_and_describe_the_presets_in_the_background(
        self, key, dialog, tmp_path
    ):
        import threading

        from textual.widgets import OptionList

        import calc.tui.screens.presets as presets_screen
        from calc.tui.screens.presets import EAGER

        folder = self.many(tmp_path, EAGER + 50)
        app = build_app(presets_dirs=[PRESETS, folder])
        release = threading.Event()
        real = presets_screen.load_preset

        def slow_load(*args, **kwargs):  # every description waits until the dialog is up
            release.wait(60)
            return real(*args, **kwargs)

        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            presets_screen.load_preset = slow_load
            try:
                await press(pilot, key)
                assert type(app.screen).__name__ == dialog  # open, with no preset described yet
                options = app.screen.query_one(OptionList)
                first = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
                assert sum("user-" in p and "…" in p for p in first) == EAGER + 50
                release.set()
                await app.workers.wait_for_complete()
            finally:
                presets_screen.load_preset = real
                release.set()
            await pilot.pause()
            prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            users = [p for p in prompts if "user-" in p]
            assert len(users) == EAGER + 50
            assert all("2024 · 8 members" in p and "…" not in p for p in users), users[:3]

    async def test_the_palette_leaves_out_per_preset_entries_beyond_a_few_hundred(self, tmp_path):
        from calc.tui.commands import PALETTE_PRESETS, session_commands

        folder = self.many(tmp_path, PALETTE_PRESETS + 1)
        app = build_app(presets_dirs=[PRESETS, folder])
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            titles = [c.title for c in session_commands(app, app.main_screen)]
            assert not any("user-" in t for t in titles)
            assert "Switch preset…" in titles


class TestInternalError:
    async def test_a_bug_that_ends_the_ui_keeps_the_unsaved_what_if(self, tmp_path):
        from calc.engine.changes import Change
        from calc.files.scenario_file import load_scenario

        app = build_app()
        with pytest.raises(ZeroDivisionError):
            async with app.run_test(size=WIDE) as pilot:
                await pilot.pause()
                app.commit(Change("exclude", member="USA"))
                app.call_later(lambda: 1 / 0)
                await pilot.pause()
        assert app.ended_by == "an internal error"
        kept = load_scenario(app.recovered_to, [PRESETS])
        assert [(c.op, c.member) for c in kept.changes] == [("exclude", "USA")]


class TestSigintAtTheQuitPrompt:
    async def test_sigint_while_the_quit_prompt_is_up_ends_with_130_and_keeps_the_what_if(self):
        import signal

        from calc.engine.changes import Change
        from calc.tui.screens.dialogs import ConfirmDialog

        app = build_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.commit(Change("exclude", member="USA"))
            await press(pilot, "q")
            assert isinstance(app.screen, ConfirmDialog)
            app.handle_signal(int(signal.SIGINT))
            await pilot.pause()
        assert app.return_code == 130
        assert app.recovered_to is not None and app.recovered_to.exists()
