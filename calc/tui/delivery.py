"""Writing what the user asked for: to a file, or in a browser (``nato-calc serve``) as a
download that reaches the person's own machine, writing nothing on the server."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CalcError, OutputError
from .session import display

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from .session import Changed, Session

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object


class DeliveryMixin(_App):
    """Files written or downloaded, for :class:`~calc.tui.app.CalcApp`."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        session: Session
        _deliveries: dict[str, tuple]

        def show_error(self, error: CalcError, note: str = "") -> None: ...
        def react(self, changed: Changed) -> None: ...

    download_name: str | None = None
    """The name the scenario was last downloaded under (the save dialog offers it again)."""

    def deliver_or_write(self, path: Path, data: str | bytes, on_delivered=None) -> str | None:
        """Write ``data`` to ``path`` (atomically); in a browser send it as a download named
        ``path.name`` instead. ``on_delivered`` runs once the file is written, or once the
        browser has fetched the download. Returns where it went, for the message; None when
        it could not be written (the error is shown)."""
        if not self.is_web:
            from ..files.tomlio import atomic_write

            try:
                atomic_write(path, data)
            except CalcError as e:
                self.show_error(e)
                return None
            if on_delivered is not None:
                on_delivered()
            return display(path)
        name = path.name
        if isinstance(data, str):
            key = self.deliver_text(io.StringIO(data), save_filename=name, encoding="utf-8")
        else:
            key = self.deliver_binary(io.BytesIO(data), save_filename=name)
        if key is not None:
            self._deliveries[key] = (name, on_delivered)
        return f"{name}, a download in your browser (if none starts, allow pop-ups for this page)"

    def on_delivery_complete(self, event) -> None:
        _name, done = self._deliveries.pop(event.key, (None, None))
        if done is not None:
            done()

    def on_delivery_failed(self, event) -> None:
        name, _done = self._deliveries.pop(event.key, ("the file", None))
        self.show_error(
            OutputError(f"{name}: the download to your browser failed ({event.exception}); try again")
        )

    def download_scenario(
        self, path: Path, label: str | None, description: str | None, then_quit: bool = False
    ) -> bool:
        """In a browser: the scenario file as a download named ``path.name`` (its base named
        by id, a stack saved flat). The session counts as saved once the browser has it."""
        session = self.session
        changes = session.changes
        try:
            text, what, note = session.download_text(path, label, description)
        except CalcError as e:
            self.show_error(e)
            return False

        def delivered() -> None:
            self.download_name = path.name
            self.react(session.mark_saved(changes, label, description))
            self.notify(f"Your browser has {path.name} ({what}).")
            if then_quit:
                self.exit(0)

        where = self.deliver_or_write(path, text, delivered)
        if where is None:
            return False
        self.notify(f"Saving {what} to {where}{note}")
        return True
