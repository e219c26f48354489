"""What the app opens with: the command line's preset, preset file or scenario (or the error
that stopped it, and the default preset opened instead), and :func:`make_app`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.dataset import Preset
from ..errors import CalcError

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.changes import Change
    from ..files.scenario_file import Scenario
    from .app import CalcApp


@dataclass(frozen=True, slots=True)
class Boot:
    """What the app opens with: a base preset (and a scenario's changes), or an error."""

    base: Preset | None
    changes: tuple[Change, ...] = ()
    scenario_path: Path | None = None
    label: str | None = None
    description: str | None = None
    error: CalcError | None = None
    """A preset or scenario that could not be opened (shown in a dialog on start)."""
    fallback: str | None = None
    """What was opened instead of the file in error."""
    scenario: Scenario | None = None
    """The scenario file opened (its stack and every file it read), if any."""


def boot_session(
    preset: str | None,
    file: str | Path | None,
    scenario: str | Path | None,
    dirs: Sequence[str | Path],
    data: Preset | None = None,
) -> Boot:
    """Load what the command line asked for; on error, fall back to the default preset."""
    from ..files.presets import load_by_id, load_preset

    if data is not None:
        return Boot(data)
    try:
        if scenario is not None:
            from ..files.scenario_file import load_scenario

            s = load_scenario(Path(scenario), dirs)
            return Boot(s.base, s.changes, Path(scenario), s.label, s.description, scenario=s)
        if file is not None:
            return Boot(load_preset(Path(file)))
        return Boot(load_by_id(preset, dirs))
    except CalcError as e:
        error = e
    for fallback_dirs in (dirs, ()):
        try:
            base = load_by_id(None, fallback_dirs)
        except CalcError:
            continue
        return Boot(base, error=error, fallback=base.id)
    return Boot(None, error=error)


def make_app(
    *,
    preset: str | None = None,
    file: str | Path | None = None,
    scenario: str | Path | None = None,
    presets_dirs: Sequence[str | Path] = (),
    data: Preset | None = None,
    theme: str | None = None,
    cursor_blink: bool = True,
) -> CalcApp:
    """Build the app: used by :func:`calc.tui.run` (the ``nato-calc`` command) and the tests.

    Args:
        preset: Preset id (None: the newest NATO preset).
        file: A preset file to open instead.
        scenario: A scenario file to open (its base preset plus its changes).
        presets_dirs: Extra folders to look for presets in (``--presets-dir``).
        data: A preset built in code (tests, benchmarks); overrides the other sources.
        theme: Textual theme name (default: the config's ``theme``, ``$NATO_CALC_THEME``, or
            textual-dark).
        cursor_blink: False stops text cursors blinking (snapshot tests).

    The config file and ``NATO_CALC_*`` variables (:mod:`calc.files.config`) give the defaults:
    the preset (or year) when none is named, the theme, the starting group, the path view's
    growth and shape. Their problems are shown as notifications.
    """
    from ..files.config import default_preset_id, load

    dirs = list(presets_dirs)
    settings = load()
    if preset is None and file is None and scenario is None and data is None:
        try:
            preset, notices = default_preset_id(settings, dirs)
        except CalcError:  # a bad --presets-dir: the boot shows it
            notices = []
        settings.notices.extend(notices)
    from .app import CalcApp

    return CalcApp(
        boot_session(preset, file, scenario, dirs, data),
        presets_dirs=dirs,
        theme=theme,
        cursor_blink=cursor_blink,
        settings=settings,
    )
