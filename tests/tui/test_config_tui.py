"""The TUI and the config file: its defaults at the start, its notices, the theme chosen saved."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from helpers import build_app, palette

WIDE = (160, 40)


def config_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "nato-calc" / "config.toml"


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class TestTheDefaults:
    async def test_the_config_sets_the_theme_group_path_settings_and_year(self):
        write_config('theme = "nord"\ngroup = "eu"\nyear = 2024\npath_growth = "2%"\npath_shape = "back"\n')
        app = build_app(theme=None, preset=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert app.theme == "nord"
            assert app.session.group == "eu"
            assert app.session.preset.id == "nato-2024-revised"  # the shipped NATO preset of that year
            assert app.path_settings["growth"] == Decimal("0.02")
            assert app.path_settings["shape"] == "back"
            assert app.notices == []

    def test_a_preset_named_on_the_command_line_wins_over_the_year(self):
        """The app's session, built before it runs: no boot needed."""
        write_config("year = 2024\n")
        app = build_app(theme=None, preset="test-2025")
        assert app.session.preset.id == "test-2025"

    async def test_a_bad_value_is_a_notification_and_the_ui_starts_on_the_default(self):
        path = write_config('theme = "drakula"\ngroup = "asia"\n')
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert app.theme == "textual-dark" and app.session.group == "nato"
            assert app.notices == [
                (
                    "warning",
                    f"{path}: theme: unknown theme 'drakula' (did you mean 'dracula'?); using textual-dark",
                ),
                ("warning", f"{path}: group: no group 'asia' in test-2025; using nato"),
            ]


class TestTheThemeChosenIsSaved:
    async def test_toggling_the_theme_saves_it_keeping_the_other_keys_and_comments(self):
        path = write_config('# mine\nyear = 2025  # this year\ntheme = "textual-dark"\n')
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            await palette(pilot, "toggle light")
            await pilot.pause()
            assert app.theme == "textual-light"
        assert path.read_text() == '# mine\nyear = 2025  # this year\ntheme = "textual-light"\n'
        assert app.notices == []

    async def test_a_theme_picked_in_the_palette_is_saved_in_a_new_file(self):
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.search_themes()  # the palette's "Theme" command
            await pilot.pause()
            await pilot.press(*"ansi-light")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert app.theme == "ansi-light"
        assert config_file().read_text() == 'theme = "ansi-light"\n'
        assert oct(config_file().parent.stat().st_mode & 0o777) == "0o700"

    async def test_a_failure_to_save_is_a_notification_not_a_crash(self):
        config_file().mkdir(parents=True)  # a folder where the file should be
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.notices.clear()
            app.action_toggle_theme()
            await pilot.pause()
            assert app.theme == "textual-light"
            assert app.notices == [
                ("warning", f"Theme not saved: {config_file()}: is a folder, not a file; not changed")
            ]

    async def test_a_theme_variable_is_said_to_win_over_the_saved_theme(self, monkeypatch):
        monkeypatch.setenv("NATO_CALC_THEME", "nord")
        app = build_app(theme=None)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            app.action_toggle_theme()
            await pilot.pause()
            assert app.theme == "textual-light"
            assert app.notices[-1] == (
                "information",
                "Theme textual-light saved to the config file, "
                "but NATO_CALC_THEME is set and wins over it at the next start.",
            )
        assert config_file().read_text() == 'theme = "textual-light"\n'
