"""The config file and NATO_CALC_* variables: precedence, bad values, nato-calc config, saving."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import ROOT, run  # run: main(argv) -> (exit code, stdout, stderr)

from calc.errors import OutputError
from calc.files import config
from calc.files.config import config_path, default_preset_id, load, save_key

KEYS = ("PRESET", "YEAR", "GROUP", "CURRENCY", "THEME", "PATH_GROWTH", "PATH_SHAPE")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty config home (XDG_CONFIG_HOME) and no NATO_CALC_* settings; returns the file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for key in KEYS:
        monkeypatch.delenv(f"NATO_CALC_{key}", raising=False)
    return tmp_path / "xdg" / "nato-calc" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def report_preset(capsys, *argv: str) -> tuple[str, str]:
    code, out, err = run(capsys, "report", "-f", "json", *argv)
    assert code == 0, err
    return json.loads(out)["preset"]["id"], err


# -- where the file is ---------------------------------------------------------------------------


class TestWhereTheFileIs:
    def test_xdg_config_home_holds_the_file(self):
        assert config_path({"XDG_CONFIG_HOME": "/x/y", "HOME": "/h"}) == Path("/x/y/nato-calc/config.toml")

    def test_without_xdg_config_home_it_is_under_home(self):
        assert config_path({"HOME": "/h"}) == Path("/h/.config/nato-calc/config.toml")

    @pytest.mark.parametrize(
        "env",
        [{"XDG_CONFIG_HOME": "", "HOME": "/h"}, {"XDG_CONFIG_HOME": "rel", "HOME": "/h"},
         {"HOME": ""}, {"HOME": "relative/home"}],
        ids=["empty-xdg", "relative-xdg", "empty-home", "relative-home"],
    )  # fmt: skip  # a table: one row a line
    def test_an_empty_or_relative_folder_means_no_config_file(self, env):
        assert config_path(env) is None

    def test_with_an_empty_home_nato_calc_runs_on_the_defaults(self, capsys, monkeypatch, tmp_path):
        monkeypatch.delenv("XDG_CONFIG_HOME")
        monkeypatch.setenv("HOME", "")
        monkeypatch.chdir(tmp_path)
        write(tmp_path / ".config" / "nato-calc" / "config.toml", 'theme = "nord"\n')  # never read
        cfg = load()
        assert cfg.path is None and cfg.values == config.DEFAULTS and cfg.notices == []
        code, out, err = run(capsys, "config")
        assert code == 0 and err == ""
        assert out.splitlines()[0] == (
            "config file: none (XDG_CONFIG_HOME, or HOME without it, is empty or not an absolute path)"
        )


# -- precedence ----------------------------------------------------------------------------------


class TestPrecedence:
    def test_without_a_file_or_variables_every_key_is_its_default(self, home):
        cfg = load()
        assert cfg.values == {"preset": None, "year": None, "group": "nato", "currency": "usd",
                              "theme": "textual-dark", "path_growth": None, "path_shape": "linear"}  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines
        assert set(cfg.sources.values()) == {"default"} and not cfg.exists

    def test_the_file_wins_over_the_defaults_and_a_variable_over_the_file(self, home, monkeypatch):
        write(home, 'theme = "nord"\npath_shape = "front"\ngroup = "eu"\n')
        monkeypatch.setenv("NATO_CALC_THEME", "dracula")
        cfg = load()
        assert (cfg.theme, cfg.sources["theme"]) == ("dracula", "environment")
        assert (cfg.path_shape, cfg.sources["path_shape"]) == ("front", "file")
        assert (cfg.group, cfg.sources["group"]) == ("eu", "file")
        assert (cfg.currency, cfg.sources["currency"]) == ("usd", "default")

    def test_an_empty_variable_is_not_set(self, home, monkeypatch):
        write(home, 'theme = "nord"\n')
        monkeypatch.setenv("NATO_CALC_THEME", "")
        assert load().theme == "nord"

    def test_the_config_preset_is_the_default_and_a_flag_wins_over_it(self, home, capsys, monkeypatch):
        write(home, 'preset = "nato-2024"\n')
        assert report_preset(capsys) == ("nato-2024", "")
        assert report_preset(capsys, "--preset", "nato-2025")[0] == "nato-2025"
        monkeypatch.setenv("NATO_CALC_PRESET", "nato-2024-revised")
        assert report_preset(capsys)[0] == "nato-2024-revised"

    def test_a_year_opens_the_newest_preset_of_that_year(self, home, capsys):
        write(home, "year = 2024\n")
        assert report_preset(capsys) == ("nato-2024-revised", "")  # revised after the first estimate

    def test_a_preset_named_on_the_command_line_is_used_whatever_the_year(self, home, capsys):
        write(home, "year = 2024\n")
        assert report_preset(capsys, "--preset", "nato-2025")[0] == "nato-2025"

    def test_a_named_preset_wins_over_the_year(self, home, capsys, monkeypatch):
        write(home, 'year = 2024\npreset = "nato-2025"\n')
        assert report_preset(capsys)[0] == "nato-2025"

    def test_the_year_as_a_variable(self, home, capsys, monkeypatch):
        monkeypatch.setenv("NATO_CALC_YEAR", "2024")
        assert report_preset(capsys)[0] == "nato-2024-revised"

    def test_path_takes_growth_and_shape_from_the_config_and_flags_win(self, home, capsys):
        write(home, 'path_growth = "2%"\npath_shape = "back"\n')
        code, out, _ = run(capsys, "path", "-f", "json")
        a = json.loads(out)["assumptions"]
        assert (a["shape"], a["growth"]["override"]) == ("back", 0.02)
        code, out, _ = run(capsys, "path", "-f", "json", "--growth", "0.01", "--shape", "front")
        a = json.loads(out)["assumptions"]
        assert (a["shape"], a["growth"]["override"]) == ("front", 0.01)

    @pytest.mark.parametrize("text", ['path_growth = "2.5%"', "path_growth = 0.025", 'path_growth = "0.025"'])
    def test_growth_is_written_as_a_percentage_or_a_fraction_exactly(self, home, text):
        write(home, text + "\n")
        assert load().path_growth == Decimal("0.025")

    def test_the_group_is_not_the_default_of_report(self, home, capsys):
        """group is the TUI's starting group only: a script's report keeps every member."""
        write(home, 'group = "eu"\n')
        _, out, _ = run(capsys, "report", "-f", "json")
        assert len(json.loads(out)["members"]) == 32

    def test_presets_marks_the_one_the_config_opens(self, home, capsys):
        write(home, "year = 2024\n")
        _, out, _ = run(capsys, "presets", "-f", "json")
        assert [p["id"] for p in json.loads(out)["presets"] if p["default"]] == ["nato-2024-revised"]


# -- bad values ----------------------------------------------------------------------------------

BAD = [
    ("theme", 'theme = "drakula"', "unknown theme 'drakula' (did you mean 'dracula'?)", "textual-dark"),
    ("theme", "theme = 5", "expected a theme name such as textual-dark (text in quotes), got '5'", "textual-dark"),
    ("year", 'year = "soon"', "expected a year such as 2025, got 'soon'", "the newest NATO preset"),
    ("year", "year = 2024.5", "expected a year such as 2025, got '2024.5'", "the newest NATO preset"),
    ("year", "year = 3000", "year 3000 is out of range (1949 to 2100)", "the newest NATO preset"),
    ("year", "year = true", "expected a year such as 2025, got 'true'", "the newest NATO preset"),
    ("currency", 'currency = "euro"', "'euro': unknown currency (did you mean 'eur'?); currencies: usd, eur, national", "usd"),
    ("path_growth", 'path_growth = "fast"', "'fast' is not a growth rate; type e.g. 2% or 0.02", "the scenario's rate, else 0"),
    ("path_growth", 'path_growth = "300%"', "growth must be between -50% and 100% a year", "the scenario's rate, else 0"),
    ("path_shape", 'path_shape = "fronts"', "unknown shape 'fronts' (did you mean 'front'?); choose from linear, front, back", "linear"),
    ("preset", 'preset = "../etc"', "'../etc' is not a preset id (letters, digits, '.', '_' and '-')", "the newest NATO preset"),
    ("group", 'group = ""', "expected a group id such as nato, europe-canada or eu, got an empty text", "nato"),
    ("group", "group = [1]", "expected a group id such as nato, europe-canada or eu (text in quotes), got 'a list'", "nato"),
]  # fmt: skip  # a table: one row a line


class TestBadValues:
    @pytest.mark.parametrize("key, line, problem, instead", BAD, ids=[f"{b[0]}:{b[1]}" for b in BAD])
    def test_a_bad_value_falls_back_to_its_default_with_one_notice(self, home, key, line, problem, instead):
        write(home, f'{line}\npath_shape = "front"\n' if key != "path_shape" else f'{line}\ngroup = "eu"\n')
        cfg = load()
        assert cfg.notices == [f"{cfg.where(key)}: {key}: {problem}; using {instead}"]
        assert cfg.values[key] == config.DEFAULTS[key] and cfg.sources[key] == "default"
        other = ("path_shape", "front") if key != "path_shape" else ("group", "eu")
        assert cfg.values[other[0]] == other[1]  # the other keys are kept

    def test_the_notice_names_the_file_under_home_with_a_tilde(self, tmp_path, monkeypatch):
        monkeypatch.delenv("XDG_CONFIG_HOME")
        monkeypatch.setenv("HOME", str(tmp_path))
        write(tmp_path / ".config" / "nato-calc" / "config.toml", 'theme = "drakula"\n')
        assert load().notices == [
            "~/.config/nato-calc/config.toml: theme: unknown theme 'drakula' (did you mean 'dracula'?); using textual-dark"
        ]

    def test_a_bad_variable_is_named_by_the_variable(self, home, monkeypatch):
        write(home, 'currency = "usd"\n')
        monkeypatch.setenv("NATO_CALC_CURRENCY", "YEN")
        cfg = load()
        assert cfg.notices == [
            "NATO_CALC_CURRENCY: 'yen': unknown currency; currencies: usd, eur, national; using usd"
        ]
        assert cfg.currency == "usd" and cfg.sources["currency"] == "default"

    @pytest.mark.parametrize("value", ["eur", "National"])
    def test_the_currency_may_be_euros_or_each_allys_own(self, home, value):
        write(home, f'currency = "{value}"\n')
        assert load().currency == value.lower()

    def test_a_currency_in_capitals_is_accepted(self, home):
        write(home, 'currency = "USD"\n')
        assert load().currency == "usd"

    def test_a_bad_value_never_stops_a_command_and_is_said_on_stderr(self, home, capsys):
        write(home, 'preset = "nato-2042"\ntheme = "drakula"\n')
        code, out, err = run(capsys, "report", "-f", "json")
        assert code == 0 and json.loads(out)["preset"]["id"] == "nato-2026"
        where = str(home)
        assert err.splitlines() == [
            f"nato-calc: notice: {where}: theme: unknown theme 'drakula' (did you mean 'dracula'?); using textual-dark",
            f"nato-calc: notice: {where}: preset: unknown preset 'nato-2042' (did you mean 'nato-2026'?); "
            "using the newest NATO preset",
        ]

    def test_a_year_no_preset_is_for_falls_back_to_the_newest(self, home, capsys):
        write(home, "year = 2013\n")
        preset, err = report_preset(capsys)
        assert preset == "nato-2026"
        years = ", ".join(str(y) for y in range(2014, 2027))
        assert err == (f"nato-calc: notice: {home}: year: no preset is for 2013 (years: {years}); "
                       "using the newest NATO preset\n")  # fmt: skip  # hand-wrapped: one entry a line reads better than ruff's layout

    def test_a_year_a_release_holds_opens_that_year_of_the_newest_release(self, home, capsys):
        write(home, "year = 2019\n")
        code, out, err = run(capsys, "report", "-f", "json")
        doc = json.loads(out)
        assert (code, err, doc["preset"]["id"], doc["preset"]["year"]) == (0, "", "nato-2026", 2019)

    def test_the_config_preset_may_name_a_year_of_a_release(self, home, capsys):
        write(home, 'preset = "nato-2026@2024"\n')
        code, out, err = run(capsys, "report", "-f", "json")
        doc = json.loads(out)
        assert (code, err, doc["preset"]["id"], doc["preset"]["year"]) == (0, "", "nato-2026", 2024)

    def test_unknown_keys_are_ignored_with_a_did_you_mean(self, home):
        write(home, 'them = "nord"\npreset = "nato-2024"\n[tui]\ntheme = "nord"\n')
        cfg = load()
        assert cfg.notices == [
            f"{home}: unknown key 'them' (did you mean 'theme'?); ignored",
            f"{home}: unknown key 'tui'; ignored",
        ]
        assert cfg.theme == "textual-dark" and cfg.preset == "nato-2024"

    def test_a_key_in_other_capitals_is_unknown(self, home):
        write(home, 'Theme = "nord"\n')
        cfg = load()
        assert cfg.notices == [f"{home}: unknown key 'Theme' (did you mean 'theme'?); ignored"]
        assert cfg.theme == "textual-dark"

    @pytest.mark.parametrize(
        "data, problem",
        [(b'theme = "nord\n', "line 1, column 14: "), (b"\xff\xfe", "line 1: not UTF-8 text (byte 0xff)"),
         (b"year = 2024\nyear = 2025\n", "line 2")],
        ids=["unterminated-string", "not-utf8", "repeated-key"],
    )  # fmt: skip  # a table: one row a line
    def test_a_file_that_is_not_toml_is_one_notice_and_every_default(self, home, data, problem, monkeypatch):
        home.parent.mkdir(parents=True)
        home.write_bytes(data)
        monkeypatch.setenv("NATO_CALC_PATH_SHAPE", "back")
        cfg = load()
        assert len(cfg.notices) == 1
        assert cfg.notices[0].startswith(f"{home}: {problem}") and cfg.notices[0].endswith(
            "; using the defaults"
        )
        assert {k: v for k, v in cfg.values.items() if k != "path_shape"} == {
            k: v for k, v in config.DEFAULTS.items() if k != "path_shape"}  # fmt: skip  # hand-wrapped: one entry a line reads better than ruff's layout
        assert cfg.path_shape == "back"  # the variables still count

    def test_a_folder_in_the_files_place_is_one_notice(self, home):
        home.mkdir(parents=True)
        assert load().notices == [f"{home}: is a folder, not a file; using the defaults"]

    def test_a_named_pipe_in_the_files_place_never_blocks(self, home):
        home.parent.mkdir(parents=True)
        os.mkfifo(home)
        assert load().notices == [f"{home}: not a regular file; using the defaults"]

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
    def test_an_unreadable_file_is_one_notice(self, home):  # pragma: no cover - run as a user
        write(home, 'theme = "nord"\n').chmod(0)
        assert load().notices == [f"{home}: cannot read: permission denied; using the defaults"]

    @pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to nobody")
    def test_an_unreadable_file_is_one_notice_as_nobody(self, monkeypatch):
        import shutil
        import tempfile

        from helpers import as_nobody

        shared = Path(tempfile.mkdtemp(prefix="nato-calc-config-"))  # /tmp: nobody can reach it
        try:
            shared.chmod(0o755)
            path = write(shared / "nato-calc" / "config.toml", 'theme = "nord"\n')
            path.parent.chmod(0o755)
            path.chmod(0o600)  # root's
            monkeypatch.setenv("XDG_CONFIG_HOME", str(shared))
            load()  # imports what load needs, as root (nobody may not read this interpreter's files)
            assert as_nobody(lambda: load().notices) == [
                f"{path}: cannot read: permission denied; using the defaults"
            ]
        finally:
            shutil.rmtree(shared, ignore_errors=True)

    def test_an_empty_file_is_every_default(self, home):
        write(home, "\n# nothing yet\n")
        cfg = load()
        assert cfg.exists and cfg.notices == [] and cfg.values == config.DEFAULTS


# -- nato-calc config ------------------------------------------------------------------------------


class TestConfigCommand:
    def test_it_prints_the_file_and_each_value_with_where_it_came_from(self, home, capsys, monkeypatch):
        write(home, 'theme = "nord"\npath_growth = 0.025\nyear = 2024\n')
        monkeypatch.setenv("NATO_CALC_PATH_SHAPE", "front")
        code, out, err = run(capsys, "config")
        assert (code, err) == (0, "")
        assert out == (
            f"config file: {home} (exists)\n"
            "variables: NATO_CALC_<KEY> (over the file); command-line flags win over both\n"
            "\n"
            "key          value  from\n"
            "preset       -      default (the newest NATO preset)\n"
            "year         2024   file\n"
            "group        nato   default\n"
            "currency     usd    default\n"
            "theme        nord   file\n"
            "path_growth  2.5%   file\n"
            "path_shape   front  environment (NATO_CALC_PATH_SHAPE)\n"
            "\n"
            "opens: nato-2024-revised (with no --preset, --file or --scenario)\n"
        )

    def test_a_missing_file_is_said_so(self, home, capsys):
        _, out, _ = run(capsys, "config")
        assert out.splitlines()[0] == f"config file: {home} (not found: no file yet)"
        assert out.splitlines()[-1] == "opens: nato-2026 (with no --preset, --file or --scenario)"

    def test_json_holds_the_values_their_sources_and_the_notices(self, home, capsys):
        write(home, 'theme = "drakula"\npath_growth = "2%"\n')
        code, out, err = run(capsys, "config", "--format", "json")
        doc = json.loads(out)
        notice = f"{home}: theme: unknown theme 'drakula' (did you mean 'dracula'?); using textual-dark"
        assert err == f"nato-calc: notice: {notice}\n"
        assert doc == {
            "schema": "nato-calc.config/1",
            "file": {"path": str(home), "exists": True},
            "settings": {
                "preset": {"value": None, "from": "default", "variable": "NATO_CALC_PRESET"},
                "year": {"value": None, "from": "default", "variable": "NATO_CALC_YEAR"},
                "group": {"value": "nato", "from": "default", "variable": "NATO_CALC_GROUP"},
                "currency": {"value": "usd", "from": "default", "variable": "NATO_CALC_CURRENCY"},
                "theme": {"value": "textual-dark", "from": "default", "variable": "NATO_CALC_THEME"},
                "path_growth": {"value": 0.02, "from": "file", "variable": "NATO_CALC_PATH_GROWTH"},
                "path_shape": {"value": "linear", "from": "default", "variable": "NATO_CALC_PATH_SHAPE"},
            },
            "opens": "nato-2026",
            "notices": [notice],
        }

    def test_it_never_imports_textual(self, home):
        write(home, 'theme = "nord"\n')
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        r = subprocess.run([sys.executable, "-X", "importtime", "-m", "calc", "config"],
                           capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
        assert r.returncode == 0 and "theme        nord" in r.stdout
        imported = [line.split("|")[-1].strip() for line in r.stderr.splitlines() if "|" in line]
        assert "pydantic_settings" in imported
        assert not [m for m in imported if m.split(".")[0] == "textual"]

    def test_without_a_file_or_variables_pydantic_is_not_even_loaded(self, home):
        script = "import sys\nfrom calc.files.config import load\nload()\nprint('pydantic' in sys.modules)"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                           timeout=120, check=False)  # fmt: skip  # hand-wrapped: one entry a line reads better than ruff's layout
        assert r.stdout.strip() == "False", r.stderr


# -- the lists checked against what they copy --------------------------------------------------------


def test_the_theme_names_are_textuals_own():
    from textual.theme import BUILTIN_THEMES

    assert config.THEMES == tuple(sorted(BUILTIN_THEMES))
    assert {"ansi-dark", "ansi-light"} <= set(config.THEMES)


def test_the_shapes_are_the_paths_own():
    from calc.output.path import SHAPES

    assert config.SHAPES == SHAPES


def test_the_defaults_match_the_settings_model():
    Settings, _ = config._settings_class()
    assert {k: f.default for k, f in Settings.model_fields.items()} == config.DEFAULTS


# -- saving a key -------------------------------------------------------------------------------------


class TestSaving:
    def test_a_new_file_is_made_in_a_private_folder(self, home):
        save_key(home, "theme", "nord")
        assert home.read_text() == 'theme = "nord"\n'
        assert stat.S_IMODE(home.parent.stat().st_mode) == 0o700
        assert load().theme == "nord"

    def test_the_other_keys_and_the_comments_are_kept(self, home):
        text = '# my defaults\npreset = "nato-2024"  # the one we brief on\ntheme = "nord"  # dark\n\n[later]\nx = 1\n'
        write(home, text)
        save_key(home, "theme", "ansi-light")
        assert home.read_text() == text.replace('"nord"', '"ansi-light"')

    def test_a_missing_key_is_added_before_the_first_table(self, home):
        write(home, "# mine\nyear = 2024\n[later]\nx = 1\n")
        save_key(home, "theme", "dracula")
        assert home.read_text() == '# mine\nyear = 2024\ntheme = "dracula"\n[later]\nx = 1\n'

    def test_a_layout_that_cannot_be_kept_is_rewritten_from_the_values(self, home):
        write(home, 'theme = """nord"""\nyear = 2024\n')  # a multi-line string: no line to edit
        save_key(home, "theme", "dracula")
        import tomllib

        assert tomllib.loads(home.read_text()) == {"theme": "dracula", "year": 2024}

    def test_a_file_that_is_not_toml_is_never_replaced(self, home):
        write(home, 'theme = "nord\n')
        with pytest.raises(OutputError, match=r"config\.toml: line 1, column 14: .*; not changed"):
            save_key(home, "theme", "dracula")
        assert home.read_text() == 'theme = "nord\n'

    def test_a_folder_that_cannot_be_made_is_an_error_not_a_crash(self, tmp_path):
        (tmp_path / "file").write_text("")
        with pytest.raises(OutputError, match="cannot create its folder"):
            save_key(tmp_path / "file" / "nato-calc" / "config.toml", "theme", "nord")


def test_no_preset_named_means_the_newest_nato_preset(home):
    assert default_preset_id(load()) == (None, [])
