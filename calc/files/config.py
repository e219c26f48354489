"""Defaults that stay: the config file and the ``NATO_CALC_*`` variables over it.

``$XDG_CONFIG_HOME/nato-calc/config.toml`` (``~/.config/nato-calc/config.toml`` without it)
holds the user's defaults; a ``NATO_CALC_<KEY>`` variable wins over the file's key, and a
command-line flag wins over both. Both are read with pydantic-settings
(:class:`~pydantic_settings.TomlConfigSettingsSource`, :class:`~pydantic_settings.EnvSettingsSource`),
imported only when there is something to read: without a file or a variable nato-calc starts
on the defaults without loading pydantic.

A bad value never stops nato-calc: that key falls back to its default and one notice names
the file (or variable), the key and the problem; a file that cannot be read or is not TOML is
one notice, and every key keeps its default. Unknown keys are a notice (with a did-you-mean)
and ignored. An empty or relative ``XDG_CONFIG_HOME`` (or ``HOME``) means no config file, as
for the preset cache.

This module does no formatting of figures and never imports textual.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import did_you_mean, printable, quoted

ENV_PREFIX = "NATO_CALC_"
DEFAULT_THEME = "textual-dark"
#: Textual 8.2.8's built-in themes (``textual.theme.BUILTIN_THEMES``; a test checks the list),
#: so that headless commands can check a theme without importing textual. ``ansi-dark`` and
#: ``ansi-light`` use the terminal's own colours.
THEMES = (
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
)  # fmt: skip  # a table: one row a line
#: Currencies figures can be shown in (calc.engine.currency.CURRENCIES; a test checks): US
#: dollars, euros at NATO's rate, each ally's own currency.
CURRENCIES = ("usd", "eur", "national")
SHAPES = ("linear", "front", "back")  # calc.output.path.SHAPES (a test checks)
#: Years a preset can be for (NATO was founded in 1949).
YEARS = (1949, 2100)
#: Largest config file read (a config file is a few lines).
MAX_CONFIG_BYTES = 1024 * 1024

#: Every key with its default. ``preset`` and ``year`` None: the newest NATO preset;
#: ``path_growth`` None: the scenario's rate, else 0 (GDP held at today's level).
DEFAULTS: dict[str, Any] = {
    "preset": None,
    "year": None,
    "group": "nato",
    "currency": "usd",
    "theme": DEFAULT_THEME,
    "path_growth": None,
    "path_shape": "linear",
}
KEYS = tuple(DEFAULTS)

FROM_DEFAULT, FROM_FILE, FROM_ENV = "default", "file", "environment"


def env_name(key: str) -> str:
    return ENV_PREFIX + key.upper()


def config_path(env: os._Environ | dict | None = None) -> Path | None:
    """Where the config file is, or None when there is no place for one: an empty or
    relative ``XDG_CONFIG_HOME``, or no ``XDG_CONFIG_HOME`` and an empty or relative ``HOME``
    (never the working folder or ``/.config``)."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_CONFIG_HOME")
    if xdg is not None:
        base = xdg
    else:
        home = env.get("HOME")
        if home is None:
            try:
                import pwd

                home = pwd.getpwuid(os.geteuid()).pw_dir
            except (ImportError, KeyError, AttributeError):
                return None
        base = os.path.join(home, ".config") if home else ""
    if not base or not os.path.isabs(base):
        return None
    return Path(base) / "nato-calc" / "config.toml"


def shown_path(path: Path) -> str:
    """The path for a message: ``~/.config/nato-calc/config.toml`` under the home folder."""
    text = str(path)
    home = os.environ.get("HOME", "")
    if home and os.path.isabs(home):
        home = home.rstrip("/")
        if text.startswith(home + "/"):
            text = "~" + text[len(home) :]
    return printable(text)


@dataclass(frozen=True)
class Config:
    """The values in force, where each came from, and what was wrong on the way."""

    path: Path | None
    """The config file's place (None: no place for one, see :func:`config_path`)."""
    exists: bool
    values: dict[str, Any]
    sources: dict[str, str]
    """Key -> ``default``, ``file`` or ``environment``."""
    notices: list[str] = field(default_factory=list)
    """One line each: ``FILE: KEY: problem; using DEFAULT`` (also ``NATO_CALC_KEY: ...``)."""

    def __getattr__(self, key: str) -> Any:
        values = self.__dict__.get("values", {})
        if key in values:
            return values[key]
        raise AttributeError(key)

    def where(self, key: str) -> str:
        """Where ``key``'s value came from, for a message: the file's path or the variable."""
        if self.sources.get(key) == FROM_ENV:
            return env_name(key)
        return shown_path(self.path) if self.path is not None else "config"

    def origin(self, key: str) -> str:
        """``default``, ``file`` or ``environment (NATO_CALC_KEY)``, for ``nato-calc config``."""
        source = self.sources[key]
        return f"{source} ({env_name(key)})" if source == FROM_ENV else source

    def notice(self, key: str, problem: str, instead: str) -> str:
        """The line for a value that cannot be used (and is replaced by ``instead``):
        ``FILE: KEY: problem; using DEFAULT``, or ``NATO_CALC_KEY: problem; using DEFAULT``."""
        if self.sources.get(key) == FROM_ENV:
            return f"{env_name(key)}: {problem}; using {instead}"
        return f"{self.where(key)}: {key}: {problem}; using {instead}"


def defaults(path: Path | None = None, exists: bool = False) -> Config:
    return Config(path, exists, dict(DEFAULTS), dict.fromkeys(KEYS, FROM_DEFAULT))


def describe_default(key: str) -> str:
    """What the default of ``key`` is, in words (for notices and ``nato-calc config``)."""
    if key in ("preset", "year"):
        return "the newest NATO preset"
    if key == "path_growth":
        return "the scenario's rate, else 0"
    return str(DEFAULTS[key])


# --------------------------------------------------------------------------------------------
# Checking values (the problem in words, or the value to use)
# --------------------------------------------------------------------------------------------


class _Bad(ValueError):
    """A value that cannot be used; its text is the problem."""


def _text(key: str, v: Any, what: str) -> str:
    """``v`` as stripped, non-empty text (``what`` it should be names it in the problem)."""
    if not isinstance(v, str):
        raise _Bad(f"expected {what} (text in quotes), got {quoted(_plain(v))}")
    v = v.strip()
    if not v:
        raise _Bad(f"expected {what}, got an empty text")
    return v


def _plain(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    return str(v)


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def _an_id(v: Any, what: str, example: str) -> str:
    v = _text(what, v, f"a {what} id such as {example}")
    if not _ID.fullmatch(v):
        raise _Bad(f"{quoted(v)} is not a {what} id (letters, digits, '.', '_' and '-')")
    return v


def check_preset(v: Any) -> str:
    """A preset id, or ``ID@YEAR`` (one year of a release: ``nato-2026@2025``)."""
    v = _text("preset", v, "a preset id such as nato-2026 or nato-2026@2025")
    name, at, year = v.rpartition("@")
    if at and not (len(year) == 4 and year.isdigit()):
        raise _Bad(f"{quoted(v)}: after '@' give a year such as nato-2026@2025")
    _an_id(name if at else v, "preset", "nato-2026")
    return v


def check_year(v: Any) -> int:
    if isinstance(v, str) and re.fullmatch(r"\s*\d{1,6}\s*", v):
        v = int(v)
    elif isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise _Bad(f"expected a year such as 2025, got {quoted(_plain(v))}")
    if not YEARS[0] <= v <= YEARS[1]:
        raise _Bad(f"year {v} is out of range ({YEARS[0]} to {YEARS[1]})")
    return v


def check_group(v: Any) -> str:
    return _an_id(v, "group", "nato, europe-canada or eu")


def check_currency(v: Any) -> str:
    v = _text("currency", v, "a currency such as usd").lower()
    if v not in CURRENCIES:
        raise _Bad(
            f"{quoted(v)}: unknown currency{did_you_mean(v, CURRENCIES)}; currencies: {', '.join(CURRENCIES)}"
        )
    return v


def check_theme(v: Any) -> str:
    v = _text("theme", v, "a theme name such as textual-dark")
    if v not in THEMES:
        hint = did_you_mean(v, THEMES)
        listed = hint or f" (themes: {', '.join(THEMES)})"
        raise _Bad(f"unknown theme {quoted(v)}{listed}")
    return v


def check_path_growth(v: Any) -> Decimal:
    from ..engine.changes import parse_growth_input
    from ..errors import ChangeError

    if isinstance(v, bool) or not isinstance(v, (str, int, Decimal, float)):
        raise _Bad(f'expected a growth rate such as "2%" or 0.02, got {quoted(_plain(v))}')
    try:
        return parse_growth_input(str(v))
    except ChangeError as e:
        raise _Bad(e.msg) from None


def check_path_shape(v: Any) -> str:
    v = _text("path_shape", v, "a shape: linear, front or back")
    if v not in SHAPES:
        raise _Bad(f"unknown shape {quoted(v)}{did_you_mean(v, SHAPES)}; choose from {', '.join(SHAPES)}")
    return v


CHECKS = {
    "preset": check_preset,
    "year": check_year,
    "group": check_group,
    "currency": check_currency,
    "theme": check_theme,
    "path_growth": check_path_growth,
    "path_shape": check_path_shape,
}


# --------------------------------------------------------------------------------------------
# Reading (pydantic-settings)
# --------------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The config file cannot be used at all; its text is the reason."""


def _check_file(path: Path) -> None:
    """:class:`_Unreadable` unless ``path`` is a regular file nato-calc may read in one go."""
    try:
        st = os.stat(path)
    except PermissionError:
        raise _Unreadable("cannot read: permission denied") from None
    except (OSError, ValueError) as e:
        raise _Unreadable(f"cannot read: {getattr(e, 'strerror', None) or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _Unreadable("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):  # a named pipe would block the start
        raise _Unreadable("not a regular file")
    if st.st_size > MAX_CONFIG_BYTES:
        raise _Unreadable(f"file is too large (the limit is {MAX_CONFIG_BYTES // 1024} KiB)")


def _read_toml(path: Path) -> dict[str, Any]:
    """The parsed file (``{}`` for an empty one); :class:`_Unreadable` with the reason."""
    from ..errors import FileError
    from .tomlio import parse_toml

    _check_file(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
    except PermissionError:
        raise _Unreadable("cannot read: permission denied") from None
    except OSError as e:
        raise _Unreadable(f"cannot read: {e.strerror or e}") from None
    if not data.lstrip(b"\xef\xbb\xbf").strip():
        return {}
    try:
        return parse_toml(data, shown_path(path), FileError)
    except FileError as e:
        prefix = shown_path(path) + ": "
        raise _Unreadable(e.msg[len(prefix) :] if e.msg.startswith(prefix) else e.msg) from None


def _settings_class():
    """The pydantic-settings class (built on first use: importing pydantic costs ~0.1 s)."""
    global _SETTINGS
    if _SETTINGS is not None:
        return _SETTINGS
    from pydantic import field_validator
    from pydantic_settings import BaseSettings, SettingsConfigDict, TomlConfigSettingsSource

    class Settings(BaseSettings):
        """nato-calc's settings; every value is checked by :data:`CHECKS` (before pydantic)."""

        model_config = SettingsConfigDict(
            env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="ignore", validate_default=False
        )
        preset: str | None = None
        year: int | None = None
        group: str = "nato"
        currency: str = "usd"
        theme: str = DEFAULT_THEME
        path_growth: Decimal | None = None
        path_shape: str = "linear"

        @field_validator(*KEYS, mode="before")
        @classmethod
        def _check(cls, v: Any, info) -> Any:
            try:
                return CHECKS[info.field_name](v)
            except _Bad as e:
                raise ValueError(str(e)) from None

        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, *args, **kwargs):
            return (init_settings,)  # the file and the variables are read (and merged) by load()

    class SafeToml(TomlConfigSettingsSource):
        """The TOML source, reading with nato-calc's limits (no pipes, no huge files) and its
        exact decimals (``path_growth = 0.025`` stays 0.025)."""

        def _read_file(self, file_path) -> dict[str, Any]:
            return _read_toml(Path(file_path))

    _SETTINGS = (Settings, SafeToml)
    return _SETTINGS


_SETTINGS = None


def _exists(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError):
        return True  # there, or unknowable: reading it says why it cannot be used
    return True


def load(env: os._Environ | dict | None = None) -> Config:
    """The settings in force: defaults, the config file's keys over them, the variables over
    those. Never raises: every problem is a notice and the value concerned keeps its default."""
    env = os.environ if env is None else env
    path = config_path(env)
    exists = _exists(path)
    wanted = {k: env.get(env_name(k)) for k in KEYS}
    if not exists and not any(wanted.values()):
        return defaults(path)  # nothing to read: no pydantic
    Settings, SafeToml = _settings_class()
    notices: list[str] = []
    file_values: dict[str, Any] = {}
    where = shown_path(path) if path is not None else "config"
    if exists and path is not None:  # exists: path is not None
        try:
            _check_file(path)  # the source itself skips what is not a file, silently
            data = SafeToml(Settings, toml_file=path).toml_data
        except _Unreadable as e:
            notices.append(f"{where}: {e}; using the defaults")
            data = {}
        except (OSError, ValueError) as e:  # pragma: no cover - _read_toml says why
            notices.append(f"{where}: cannot read: {e}; using the defaults")
            data = {}
        for key, value in data.items():
            if key in DEFAULTS:
                file_values[key] = value
            else:
                notices.append(f"{where}: unknown key {quoted(key)}{did_you_mean(key, KEYS)}; ignored")
    env_values = _env_values(Settings, env)
    merged = {**file_values, **env_values}
    sources = {
        k: FROM_ENV if k in env_values else FROM_FILE if k in file_values else FROM_DEFAULT for k in KEYS
    }
    config = Config(path, exists, dict(DEFAULTS), sources, notices)
    values = _validated(Settings, merged, config)
    config.values.update(values)
    for key in KEYS:
        if key not in values:
            sources[key] = FROM_DEFAULT
    return config


def _env_values(settings_cls, env) -> dict[str, Any]:
    """The ``NATO_CALC_*`` variables set (not empty), by key, read by pydantic-settings."""
    from pydantic_settings import EnvSettingsSource

    source = EnvSettingsSource(settings_cls)
    if env is not os.environ:  # names are matched in lower case (as pydantic-settings does)
        source.env_vars = {k.lower(): v for k, v in env.items()}
    found = source()
    return {k: v for k, v in found.items() if k in DEFAULTS and v not in (None, "")}


def _validated(settings_cls, merged: dict[str, Any], config: Config) -> dict[str, Any]:
    """The values that pass their check; each one that does not is a notice."""
    from pydantic import ValidationError

    try:
        return settings_cls(**merged).model_dump(include=set(merged))
    except ValidationError as e:
        bad: dict[str, str] = {}
        for err in e.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            ctx = err.get("ctx") or {}
            bad.setdefault(key, str(ctx.get("error", err["msg"])))
    for key, problem in bad.items():
        config.notices.append(config.notice(key, problem, describe_default(key)))
    good = {k: v for k, v in merged.items() if k not in bad}
    return settings_cls(**good).model_dump(include=set(good))


# --------------------------------------------------------------------------------------------
# The preset to open
# --------------------------------------------------------------------------------------------


def default_preset_id(config: Config, dirs=()) -> tuple[str | None, list[str]]:
    """The preset opened when the command line names none: the config's ``preset``, else the
    newest preset of its ``year``, else None (the newest NATO preset). A preset that is not
    found, or a year no preset is for, is a notice and falls back to the newest NATO preset."""
    from ..errors import CalcError
    from .presets import find_presets, load_preset

    notices: list[str] = []
    preset, year = config.values["preset"], config.values["year"]
    if preset is None and year is None:
        return None, notices
    try:
        refs = find_presets(dirs)
    except CalcError:
        return None, notices  # a bad --presets-dir: the command says so itself
    ids = [r.id for r in refs]
    if preset is not None:
        if preset.rpartition("@")[0] in ids or preset in ids:
            return preset, notices
        problem = f"unknown preset {quoted(preset)}{did_you_mean(preset, ids)}"
        notices.append(config.notice("preset", problem, "the newest NATO preset"))
        return None, notices
    found = []
    years: set[int] = set()
    for r in refs:
        try:
            p = load_preset(r.path, shipped=r.shipped)
        except CalcError:
            continue
        held = p.years or (p.year,)
        years.update(held)
        if year in held:
            released = p.released.isoformat() if p.released else ""
            ref = r.id if year == p.year else f"{r.id}@{year}"
            # a preset for that very year first (as before releases held many years)
            found.append((year == p.year, r.shipped and r.id.startswith("nato-"), released, ref))
    if found:
        return max(found)[-1], notices
    have = ", ".join(str(y) for y in sorted(years)) or "none"
    notices.append(
        config.notice("year", f"no preset is for {year} (years: {have})", "the newest NATO preset")
    )
    return None, notices


# --------------------------------------------------------------------------------------------
# Saving a key (the theme chosen in the TUI)
# --------------------------------------------------------------------------------------------

_TABLE = re.compile(r"^\s*\[")


def save_key(path: Path, key: str, value: str) -> None:
    """Set ``key = "value"`` in the config file at ``path``, atomically, keeping every other
    key and the comments (the one line of the key is replaced, or a line added before the
    first table); a file whose layout that cannot keep is rewritten from its values (tomli-w,
    comments lost). Creates the folder (mode 0700). Raises :class:`~calc.errors.OutputError`;
    a file that is not valid TOML is never replaced."""
    import tomllib

    from ..errors import OutputError
    from .tomlio import atomic_write

    shown = shown_path(path)
    old = ""
    if _exists(path):
        try:
            data = _read_toml(path)
        except _Unreadable as e:
            raise OutputError(f"{shown}: {e}; not changed") from None
        with open(path, encoding="utf-8-sig") as f:
            old = f.read()
    else:
        data = {}
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as e:
            raise OutputError(f"{shown}: cannot create its folder: {e.strerror or e}") from None
    new = _edited(old, key, value)
    want = {**data, key: value}
    try:
        ok = tomllib.loads(new, parse_float=Decimal) == want
    except tomllib.TOMLDecodeError:
        ok = False
    if not ok:
        import tomli_w

        new = tomli_w.dumps(want)
    atomic_write(path, new)


def _edited(text: str, key: str, value: str) -> str:
    """``text`` with the top-level ``key`` set to the basic string ``value``."""
    import json

    quoted_value = json.dumps(value, ensure_ascii=False)
    lines = text.splitlines(keepends=True)
    line_re = re.compile(rf"^(\s*{re.escape(key)}\s*=\s*)(\"(?:[^\"\\]|\\.)*\"|'[^'\n]*')(.*)$", re.S)
    first_table = len(lines)
    for i, line in enumerate(lines):
        if _TABLE.match(line):
            first_table = i
            break
        m = line_re.match(line)
        if m:
            lines[i] = m.group(1) + quoted_value + m.group(3)
            return "".join(lines)
    head = lines[:first_table]
    if head and not head[-1].endswith("\n"):
        head[-1] += "\n"
    return "".join([*head, f"{key} = {quoted_value}\n", *lines[first_table:]])
