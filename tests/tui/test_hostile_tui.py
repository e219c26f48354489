"""The TUI under hostile conditions: no terminal, signals, markup and escape codes in user
text, unknown themes, exported COLUMNS, thousands of presets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PRESETS, build_app

ROOT = Path(__file__).resolve().parents[2]
WIDE = (160, 40)


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
            capture_output=True, env=calc_env(), cwd=tmp_path, timeout=120, **kwargs,
        )  # fmt: skip
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
            text=True, env=calc_env(), cwd=tmp_path, timeout=120,
        )  # fmt: skip
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
            assert text.startswith("Unknown theme 'no-such-theme' (NATO_CALC_THEME); using textual-dark. Valid themes: ")
            assert "textual-light" in text and "nord" in text
