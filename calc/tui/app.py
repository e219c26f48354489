"""CalcApp: binds keys, pushes screens and reacts to what the session says changed.

The session (:class:`~calc.tui.session.Session`, no Textual) holds the what-if and changes it;
the app calls it and repaints what its :class:`~calc.tui.session.Changed` names
(:meth:`CalcApp.react`). Dialogs return values (a :class:`~calc.engine.changes.Change`, a path) that
the app hands to the session. The dialogs around files are in :mod:`calc.tui.file_actions`,
downloads in :mod:`calc.tui.delivery`, signals and recovery in :mod:`calc.tui.signals`, the
views of the session (path, history, year, currency) in :mod:`calc.tui.viewing`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..errors import CalcError, ChangeError
from .clipboard import ClipboardMixin
from .delivery import DeliveryMixin
from .file_actions import FileActionsMixin
from .paint.gcpolicy import POLL_SECONDS, IdleCollector
from .session import Changed, CompareSide, Session, base_changed_notices
from .signals import QUIT_TITLE, SignalsMixin
from .themes import ThemeMixin
from .viewing import ViewingMixin

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.changes import Change
    from ..files.config import Config
    from ..files.scenario_file import Scenario

__all__ = ["QUIT_TITLE", "Boot", "CalcApp", "CompareSide", "boot_session", "make_app"]


class CalcApp(
    SignalsMixin, FileActionsMixin, DeliveryMixin, ThemeMixin, ClipboardMixin, ViewingMixin, App[int]
):
    """nato-calc's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "nato-calc"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-app"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
        Binding("colon", "command_bar", "Command bar", show=False, id="command-bar-app"),
    ]

    def __init__(
        self,
        boot: Boot,
        *,
        presets_dirs: Sequence[str | Path] = (),
        theme: str | None = None,
        cursor_blink: bool = True,
        settings: Config | None = None,
    ) -> None:
        from ..files.config import defaults

        super().__init__()
        self.cursor_blink = cursor_blink
        """False: text cursors do not blink (deterministic screenshots)."""
        self.boot = boot
        self.notices: list[tuple[str, str]] = []
        """Every notification shown, (severity, text), oldest first."""
        self.settings = settings if settings is not None else defaults()
        """The config file and ``NATO_CALC_*`` variables (:mod:`calc.files.config`) in force."""
        self.session = Session(
            list(presets_dirs), group=self.settings.group, currency=getattr(self.settings, "currency", "usd")
        )
        """The what-if: figures, history, view, compare mode, file (no Textual)."""
        self._setting_notices: list[str] = list(self.settings.notices)
        self._choose_theme(theme)
        self._saved_theme = self.theme
        self._deliveries: dict[str, tuple] = {}
        """Downloads under way (in a browser): key -> (file name, what to run once it is had)."""
        self.path_settings: dict = {
            "growth": self.settings.path_growth,
            "shape": self.settings.path_shape,
            "target_year": None,
        }
        """The path view's assumptions (kept while the session lasts)."""
        self.gc = IdleCollector()
        """Full garbage collections while the user is idle (see :mod:`calc.tui.paint.gcpolicy`)."""
        if boot.base is not None:
            self.session.start(boot.base, boot.changes, boot.scenario_path, boot.label,
                               boot.description, opened=boot.scenario)  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
            if self.session.currency != getattr(self.settings, "currency", "usd"):  # no rates in the preset
                problem = f"{self.session.base.id} gives no exchange rates"
                self._setting_notices.append(self.settings.notice("currency", problem, "usd"))
            wanted = self.settings.group
            if self.session.group != wanted:
                from ..errors import did_you_mean, quoted

                problem = f"no group {quoted(wanted)} in {self.session.base.id}{did_you_mean(wanted, self.session.group_ids())}"
                self._setting_notices.append(self.settings.notice("group", problem, self.session.group))

    # -- the session ------------------------------------------------------------------------

    def perform(self, op: Callable[..., Changed], *args: Any, **kw: Any) -> Changed | None:
        """Run a session operation and react to what it changed. A refusal is shown (a
        change that does not apply as a notification, anything else in a dialog) and
        returns None: nothing changed."""
        try:
            changed = op(*args, **kw)
        except ChangeError as e:
            self.notify(e.msg, title=e.title, severity="error")
            return None
        except CalcError as e:
            self.show_error(e)
            return None
        self.react(changed)
        return changed

    def react(self, changed: Changed) -> None:
        """Repaint what ``changed`` names and say what it says."""
        if changed.old is not None:
            self.gc.touch(time.monotonic())  # an edit, undo or redo is the user at work
        main = self.main_screen
        if main is not None:
            main.react(changed)
        elif changed.opened:
            from .screens.main import MainScreen

            self.push_screen(MainScreen())
        if changed.old is not None:
            for screen in self.screen_stack:
                if hasattr(screen, "session_changed"):
                    screen.session_changed()
        for n in changed.notices:
            self.notify(n.text, title=n.title, severity=n.severity, timeout=n.timeout)

    def commit(self, *changes: Change) -> bool:
        """Apply ``changes`` as one undoable step; one that does not apply is shown and
        nothing changes. Returns whether the changes were applied."""
        return self.perform(self.session.commit, *changes) is not None

    def undo(self) -> None:
        self.perform(self.session.undo)

    def redo(self) -> None:
        self.perform(self.session.redo)

    def reset_all(self) -> None:
        self.perform(self.session.reset_all)

    def set_group(self, gid: str) -> None:
        self.perform(self.session.set_group, gid)

    def cycle_group(self, step: int = 1) -> None:
        self.perform(self.session.cycle_group, step)

    def compare_with(self, side: CompareSide | None) -> None:
        """Enter compare mode against ``side`` (None leaves it)."""
        self.perform(self.session.compare_with, side)

    def stop_compare(self) -> None:
        self.perform(self.session.stop_compare)

    def compare_side_for(self, kind: str, ref: str) -> CompareSide | None:
        """Load the reference named by a picker choice; on error show it and return None."""
        try:
            return self.session.compare_side_for(kind, ref)
        except CalcError as e:
            self.show_error(e)
            return None

    def notify_base_changed(self, s: Scenario | None) -> None:
        """Say what changed in a scenario's base preset since it was saved (not an error)."""
        self.react(Changed(notices=base_changed_notices(s)))

    @property
    def main_screen(self):
        from .screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # -- messages -----------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout=None,
        markup: bool | None = None,
    ) -> None:
        """Show a notification and log it. nato-calc's own messages quote user text, so they
        are never read as markup; Textual's (ctrl+c's hint, a saved screenshot) are markup."""
        if markup is None:
            import sys

            markup = sys._getframe(1).f_globals.get("__name__", "").startswith("textual.")
        if markup:
            from rich.text import Text

            logged = Text.from_markup(message).plain if "[" in message else message
        else:
            logged = message
        self.notices.append((severity, f"{title}: {logged}" if title else logged))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def show_error(self, error: CalcError, note: str = "") -> None:
        from .screens.dialogs import ErrorDialog

        self.notices.append(("error", f"{error.title}: {error.msg}"))
        self.push_screen(ErrorDialog(error.title, error.msg, note))

    # -- app-level actions -------------------------------------------------------------------

    def on_mount(self) -> None:
        if not self.is_headless:
            self._install_signal_handlers()
        if not self.is_web:  # a kept what-if is the server's user's, not a browser visitor's
            self.call_after_refresh(self.offer_recovery)
        for notice in self._setting_notices:
            self.notify(notice, severity="warning", timeout=15)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.notify_base_changed(self.boot.scenario)
        if self.boot.error is not None:
            note = f"Opened {self.boot.fallback} instead." if self.boot.fallback else ""
            self.show_error(self.boot.error, note)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_command_bar(self) -> None:
        """The command bar (:mod:`calc.tui.screens.command_bar`) over a view, not over a dialog."""
        from textual.screen import ModalScreen

        from .screens.command_bar import CommandBar

        if self.session.has_session and not isinstance(self.screen, ModalScreen):
            self.push_screen(CommandBar())

    def get_default_screen(self) -> Screen:
        if self.boot.base is None:
            from .screens.dialogs import StartupErrorScreen

            return StartupErrorScreen()
        from .screens.main import MainScreen

        return MainScreen()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_ready(self) -> None:
        # the first screen is up: what is alive now lives as long as the app
        self.gc.start(time.monotonic())
        self.set_interval(POLL_SECONDS, self._collect_when_idle, name="idle-gc")

    def _collect_when_idle(self) -> None:
        self.gc.poll(time.monotonic())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            (events.Key, events.MouseDown, events.MouseUp, events.MouseScrollDown, events.MouseScrollUp),
        ):
            self.gc.touch(time.monotonic())
        if isinstance(event, events.Key):
            if not event.is_forwarded:  # remember the screen it is routed to, as it arrives
                event._routed_to = self.screen  # type: ignore[attr-defined]  # our mark on Textual's event
            elif self._typeahead(event):
                return  # typed ahead into the input about to have focus: no binding runs
        await super().on_event(event)

    def _typeahead(self, event: events.Key) -> bool:
        """A key that bubbled back unused, typed before the input it belongs to had focus (see
        :mod:`calc.tui.typeahead`): the editor just opened over the screen the key went to,
        or the filter box."""
        from .typeahead import TypeaheadInput, type_into

        top = self.screen
        if isinstance(top, TypeaheadInput):
            routed = getattr(event, "_routed_to", None)
            if routed is not None and routed is not top:  # typed before the dialog opened
                return top.typeahead(event)
            return top.typeahead_wanted() and top.typeahead(event)
        target = getattr(top, "typeahead_target", None)
        box = target() if target is not None else None
        return box is not None and type_into(box, event.key, event.character)

    def on_unmount(self) -> None:
        self.gc.stop()
        self._remove_signal_handlers()

    # -- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .screens.main import MainScreen

        if isinstance(screen, MainScreen):
            from .commands import session_commands

            yield from session_commands(self, screen)
        yield SystemCommand(
            "Toggle light/dark theme",
            "Switch between textual-light and textual-dark",
            self.action_toggle_theme,
        )
        yield from super().get_system_commands(screen)


from .boot import Boot, boot_session, make_app  # noqa: E402 (make_app builds a CalcApp)
