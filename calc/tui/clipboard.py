"""The clipboard summary (``y``): what it holds comes from the session
(:meth:`~calc.tui.session.Session.summary`); here, the copy and what to know about it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from .session import Session

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object

WEB_CLIPBOARD = (
    "In a browser the copy reaches your clipboard only on an https:// page or one opened as "
    "localhost on your own machine; over plain http:// from another machine the browser refuses "
    "clipboard access: export instead (ctrl+e), which downloads the file."
)


def clipboard_caveat(env) -> str:
    """What to know about the clipboard here: the copy travels as an OSC 52 escape sequence,
    which some terminals (and tmux, by default) do not pass on."""
    export = "export instead (ctrl+e)"
    if env.get("TMUX"):
        return f"Inside tmux it arrives only with 'set -g set-clipboard on'; otherwise {export}."
    if env.get("TERM_PROGRAM") == "Apple_Terminal" or env.get("TERM") == "linux":
        return f"This terminal does not pass clipboard requests (OSC 52) on: {export}."
    return f"If nothing arrives, your terminal blocks clipboard access (OSC 52): {export}."


def caveat_for(app: App) -> str:
    """What to know about a copy made in ``app``: the browser's rule, or the terminal's."""
    return WEB_CLIPBOARD if app.is_web else clipboard_caveat(os.environ)


def copy_links(app: App, found: list[str], nothing: str) -> None:
    """Copy ``found`` (links, each whole) one a line and say so with the caveat; ``nothing``:
    the warning when there is no link (the sources dialog's ``y``, the plans detail's)."""
    if not found:
        app.notify(nothing, severity="warning")
        return
    app.copy_to_clipboard("\n".join(found) + "\n")
    app.notify(
        f"Copied {len(found)} link{'s' if len(found) != 1 else ''} to the clipboard, one a line. "
        f"{caveat_for(app)}"
    )


class ClipboardMixin(_App):
    """``y``, for :class:`~calc.tui.app.CalcApp`."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        session: Session

    def action_copy_summary(self) -> None:
        self.copy_summary()

    def copy_summary(self) -> None:
        text = self.session.summary()
        self.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(
            f"Copied a {lines}-line summary to the clipboard (preset, changes, the group's share, "
            f"targets met, gaps, edited allies). {caveat_for(self)}"
        )
