"""The app's end by a signal or a bug, and the recovery of an unsaved what-if.

SIGTERM, SIGHUP and SIGQUIT end the UI through its own exit (the driver restores the terminal)
after keeping an unsaved what-if (:mod:`calc.tui.recovery`); SIGINT goes through the quit
prompt, a second one ends the UI. At the next start the kept what-if is offered back.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CalcError
from .session import display, plural

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from .session import Changed, Session

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object

QUIT_TITLE = "Quit nato-calc?"


class SignalsMixin(_App):
    """Signal handling and recovery for :class:`~calc.tui.app.CalcApp`."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        session: Session

        def react(self, changed: Changed) -> None: ...

    recovered_to: Path | None = None
    """Where an unsaved what-if was written when a signal ended the UI (said on exit)."""
    ended_by: str | None = None
    """The signal that ended the UI (``SIGTERM``...), or None."""
    _interrupted = False

    def _install_signal_handlers(self) -> None:
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        self._signals = []
        for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self.handle_signal, int(sig))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
                continue
            self._signals.append(sig)

    def _remove_signal_handlers(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for sig in getattr(self, "_signals", ()):
            loop.remove_signal_handler(sig)
        self._signals = []

    def handle_signal(self, signum: int) -> None:
        import signal

        name = signal.Signals(signum).name
        if signum == signal.SIGINT and getattr(self.screen, "_title", None) == QUIT_TITLE:
            self._interrupted = True  # the quit prompt is up already: this one ends the UI
        if signum == signal.SIGINT and not self._interrupted:
            self._interrupted = True  # a second SIGINT while the prompt is open ends the UI
            if self.session.has_session and self.session.dirty:
                self.call_later(self.action_quit)
                return
        code = 130 if signum == signal.SIGINT else 128 + signum
        self.ended_by = name
        self.recovered_to = self.write_recovery()
        self.exit(code, return_code=code)

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the UI: keep the unsaved what-if first (Textual then shows the error)."""
        if self.ended_by is None:
            try:
                self.recovered_to = self.write_recovery()
                self.ended_by = "an internal error"
            except Exception:  # noqa: BLE001 - never hide the original error
                pass
        super()._handle_exception(error)

    def write_recovery(self) -> Path | None:
        """Keep an unsaved what-if in the recovery folder (see :mod:`calc.tui.recovery`)."""
        s = self.session
        if not s.has_session or not s.dirty or not s.changes:
            return None
        if self.is_web:  # a browser visitor's what-if is not the server's user's to restore
            return None
        from .recovery import write_recovery

        return write_recovery(s.base_ref_for, s.changes, s.scenario_label, s.scenario_description)

    def offer_recovery(self) -> None:
        """At start: offer the newest recovery file back (restore / discard / later)."""
        from .recovery import discard, pending

        found = pending()
        if not found:
            return
        path = found[0]
        from ..files.scenario_file import load_scenario
        from .screens.dialogs import ConfirmDialog

        try:
            s = load_scenario(path, self.session.presets_dirs)
        except CalcError as e:
            s, problem = None, e.msg
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
        more = f" ({len(found) - 1} more after this one)" if len(found) > 1 else ""
        if s is not None:
            what = f"{plural(len(s.changes))} on {s.base.id}"
            if s.label:
                what += f", {s.label!r}"
            message = (
                f"nato-calc was ended on {when} with an unsaved what-if ({what}); it was kept in "
                f"{display(path)}{more}.\nRestore it now, discard it, or decide at the next start."
            )
            buttons = [
                ("restore", "Restore", "primary"),
                ("discard", "Discard", "error"),
                ("later", "Later", "default"),
            ]
        else:
            message = (
                f"A what-if kept on {when} cannot be opened: {problem}{more}\n"
                f"The file stays in {display(path)} unless you discard it."
            )
            buttons = [("discard", "Discard", "error"), ("later", "Later", "default")]

        def decided(choice: str | None) -> None:
            if choice == "restore" and s is not None:
                self.react(self.session.restore(s))
                discard(path)
            elif choice == "discard":
                discard(path)
                self.notify(f"Discarded the kept what-if {display(path)}.")

        self.push_screen(ConfirmDialog("Restore an unsaved what-if?", message, buttons), decided)
