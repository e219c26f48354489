"""The terminal UI: a live, keyboard-first what-if session on every ally.

This package is the only part of nato-calc that imports textual, and it imports it lazily:
``import calc.tui`` costs nothing until :func:`run` or :func:`make_app` is called. The UI
orchestrates; every figure comes from the engine (:mod:`calc.engine`, :mod:`calc.engine.changes`,
:mod:`calc.output.report`).
"""

from __future__ import annotations

import os
import sys
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
    web = in_browser()
    problem = None if web else terminal_problem()
    if problem is not None:
        from ..errors import UsageError

        raise UsageError(
            f"nato-calc: the terminal UI needs a terminal ({problem}); "
            "for the figures without the UI use 'nato-calc report' (see nato-calc report --help)"
        )
    from .paint.gcpolicy import pause_for_startup, resume

    if not web:  # (the web driver reads its first size from COLUMNS and ROWS)
        for name in ("COLUMNS", "LINES"):  # an exported COLUMNS would pin the UI's width
            os.environ.pop(name, None)
    # in a browser stdout carries the screen to textual-serve: stderr must stay its own
    restore_stderr = (lambda: None) if web else _draw_on_the_terminal()
    pause_for_startup()  # the app turns the collector back on once its first screen is up
    try:
        app = make_app(preset=preset, file=file, scenario=scenario, presets_dirs=presets_dirs)
        app.run()
    finally:
        resume()
        restore_stderr()
    if app.ended_by is not None:
        kept = (
            f"; your unsaved what-if is kept in {app.recovered_to} (offered at the next start)"
            if app.recovered_to is not None
            else ""
        )
        try:
            print(f"nato-calc: ended by {app.ended_by}{kept}", file=sys.stderr)
        except (OSError, ValueError):  # the terminal is gone (SIGHUP)
            pass
    return app.return_code or 0


#: The driver textual-serve (and textual-web) run a session with, named in ``$TEXTUAL_DRIVER``.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def in_browser() -> bool:
    """True when this process is a browser session (``nato-calc serve``): stdin and stdout are
    textual-serve's pipes, not a terminal."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def terminal_problem() -> str | None:
    """Why the UI cannot run here (stdin or stdout is not a terminal), or None.

    Decided before textual is imported: a script that forgot ``report`` (``nato-calc <
    /dev/null > out.txt``, ``echo | nato-calc``) must not run the UI forever, writing escape
    codes into a file.
    """
    missing = [name for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)) if not _isatty(stream)]
    if not missing:
        return None
    return " and ".join(missing) + (" is not one" if len(missing) == 1 else " are not one")


def _draw_on_the_terminal():
    """Textual draws on stderr: when stderr is redirected (``nato-calc 2> log``) while stdout is
    the terminal, point file descriptor 2 at the terminal for the UI's lifetime (instead of
    drawing, invisibly, into the log). Returns the function that puts stderr back."""
    if _isatty(sys.__stderr__):
        return lambda: None
    if sys.__stderr__ is None:  # stderr closed (2>&-): give the UI a stream on the terminal
        try:
            stream = os.fdopen(os.dup(sys.__stdout__.fileno()), "w", encoding="utf-8")
        except (OSError, ValueError, AttributeError):
            return lambda: None
        sys.__stderr__ = sys.stderr = stream  # type: ignore[misc]  # on purpose: the UI writes to sys.__stderr__

        def reopened() -> None:
            sys.__stderr__ = sys.stderr = None  # type: ignore[misc]  # put back as it was (closed)
            try:
                stream.close()
            except OSError:
                pass

        return reopened
    try:
        sys.__stderr__.flush()
        saved = os.dup(2)
        os.dup2(sys.__stdout__.fileno(), 2)
    except (OSError, ValueError, AttributeError):
        return lambda: None

    def restore() -> None:
        try:
            sys.__stderr__.flush()  # type: ignore[union-attr]  # not None: flushed before the switch
        except (OSError, ValueError):
            pass
        os.dup2(saved, 2)
        os.close(saved)

    return restore
