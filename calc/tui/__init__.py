"""The terminal UI: a live, keyboard-first what-if session on every ally.

This package is the only part of nato-calc that imports textual, and it imports it lazily:
``import calc.tui`` costs nothing until :func:`run` or :func:`make_app` is called. The UI
orchestrates; every figure comes from the engine (:mod:`calc.engine`, :mod:`calc.scenario`,
:mod:`calc.report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .app import CalcApp


def make_app(**kwargs) -> CalcApp:
    """Build the app (see :func:`calc.tui.app.make_app`). Used by :func:`run` and the tests."""
    from .app import make_app as _make_app

    return _make_app(**kwargs)


def run(
    preset: str | None = None,
    file: str | Path | None = None,
    scenario: str | Path | None = None,
    presets_dirs: Sequence[str | Path] = (),
) -> int:
    """Open the terminal UI and return the process exit code.

    A preset or scenario that cannot be opened does not stop the UI: it opens on the default
    preset and shows the error (what and where) in a dialog.
    """
    from .gcpolicy import pause_for_startup, resume

    pause_for_startup()  # the app turns the collector back on once its first screen is up
    try:
        app = make_app(preset=preset, file=file, scenario=scenario, presets_dirs=presets_dirs)
        app.run()
    finally:
        resume()
    return app.return_code or 0
