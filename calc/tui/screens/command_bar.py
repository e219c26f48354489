"""The command bar (``:``): one line of the meeting grammar (docs/commands.md), docked at the
bottom like the filter box.

While typing, the line under it says what Enter will do, or why the command is refused
(:func:`calc.tui.session.preview_command`); nothing changes until Enter. Enter runs the command
(:func:`calc.tui.session.run_command`, one undoable step); the app repaints what it changed with
its own reaction (:meth:`CalcApp.react`) and carries out what only the screen can do (``copy``,
``path``). A result that looks like a slip is shown as a warning and applies on a second Enter,
as in the cell editor. The bar closes on success (the table is what the meeting looks at; ``:``
and ↑ bring the command back) and stays open with the reason on a refusal, the text kept for
correcting. ↑/↓ recall the commands run; Tab completes (again: the next completion); Esc closes
the bar and changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...errors import CalcError
from ..session_commands import command_history as command_history_of
from ..session_commands import complete_command, preview_command, run_command
from ..typeahead import TypeaheadInput

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.commands import Action
    from ..app import CalcApp

#: Said under an empty bar: a few commands to start from (docs/commands.md has them all).
HINT = "e.g. DEU core 3% · without USA · year 2024 · currency eur · path CAN growth 2% · undo"
#: The end of a slip's refusal (:func:`calc.tui.session_commands._run_edit`): a second Enter applies it.
SLIP_MARK = "(Enter again applies it)"
#: How a preview says the result looks like a slip (:func:`calc.output.commands.preview_text`).
CHECK_MARK = "; check: "


class CommandBar(TypeaheadInput, ModalScreen[None]):
    """The one-line command bar with its preview (see the module docstring)."""

    DEFAULT_CSS = """
    CommandBar {
        align: left bottom;
        background: $background 0%;
    }
    CommandBar #command-bar {
        dock: bottom;
        height: auto;
        width: 100%;
        background: $panel;
        border-top: solid $accent;
        padding: 0 1;
    }
    CommandBar #command {
        border: none;
        height: 1;
        padding: 0;
    }
    CommandBar #command-preview { height: auto; color: $text-muted; }
    CommandBar #command-preview.-ok { color: $text; }
    CommandBar #command-preview.-error { color: $error; }
    CommandBar #command-preview.-warning { color: $warning; }
    """

    typeahead_selector = "#command"

    BINDINGS = [
        Binding("escape", "close", "Close", id="command-close"),
        Binding("up", "recall(-1)", "Earlier command", id="command-earlier", priority=True),
        Binding("down", "recall(1)", "Later command", id="command-later", priority=True),
        Binding("tab", "complete", "Complete", id="command-complete", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._recalled: int | None = None
        """Where ↑/↓ are in the history (None: at the text being typed)."""
        self._typed = ""
        """The text typed before ↑ (↓ past the newest command brings it back)."""
        self._completions: list[str] = []
        self._completion = -1
        self._completing = False
        self._confirming: str | None = None
        """The text whose slip warning a first Enter showed: a second Enter applies it."""

    @property
    def calc(self) -> CalcApp:
        return cast("CalcApp", self.app)  # every screen here runs in a CalcApp

    def compose(self) -> ComposeResult:
        with Vertical(id="command-bar"):
            yield Input(placeholder="type a command, e.g. DEU core 3%", id="command", select_on_focus=False)
            yield Static(HINT, id="command-preview")

    def on_mount(self) -> None:
        super().on_mount()
        self.calc.clear_notifications()  # the bar's own line says what happens now
        self.query_one(
            "#command-bar"
        ).border_title = "command bar · ⏎ run · ↑↓ earlier · tab complete · esc close"
        self.query_one("#command", Input).focus()

    @property
    def box(self) -> Input:
        return self.query_one("#command", Input)

    def show(self, line: str, kind: str = "") -> None:
        """Put ``line`` in the preview line (kind: ok, error, warning or "" for a hint)."""
        preview = self.query_one("#command-preview", Static)
        preview.update(Text(line))  # the user's words are never markup
        preview.set_classes(f"-{kind}" if kind else "")

    @on(Input.Changed, "#command")
    def _typed_changed(self, event: Input.Changed) -> None:
        if not self._completing:
            self._completions, self._completion = [], -1
        self._completing = False
        if self._confirming is not None and event.value != self._confirming:
            self._confirming = None
        text = event.value
        if not text.strip():
            self.show(HINT)
            return
        ok, line = preview_command(self.calc.session, text)
        slip = ok and CHECK_MARK in line  # warned before Enter, as in the cell editor
        self.show(line, "warning" if slip else "ok" if ok else "error")

    def _set_text(self, text: str) -> None:
        box = self.box
        box.value = text
        box.cursor_position = len(text)

    def action_recall(self, step: int) -> None:
        history = command_history_of(self.calc.session)
        if not history:
            return
        if self._recalled is None:
            if step > 0:
                return
            self._typed = self.box.value
            at = len(history) - 1
        else:
            at = self._recalled + step
        if at < 0:
            at = 0
        if at >= len(history):
            self._recalled = None
            self._set_text(self._typed)
            return
        self._recalled = at
        self._set_text(history[at])

    def action_complete(self) -> None:
        if not self._completions:
            self._completions = complete_command(self.calc.session, self.box.value)
            self._completion = -1
            if not self._completions:
                self.calc.bell()
                return
        self._completion = (self._completion + 1) % len(self._completions)
        text = self._completions[self._completion]
        if len(self._completions) == 1:
            text += " "  # the word is whole: type on (as a shell does); Tab again: the next word
            self._completions = []
        if text != self.box.value:
            self._completing = True  # the Changed this causes keeps the completions
            self._set_text(text)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#command")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            self.dismiss(None)
            return
        force = self._confirming == text
        if self.calc.is_web and self._to_the_browser(text):
            return
        try:
            run = run_command(self.calc.session, text, force=force)
        except CalcError as e:
            if e.msg.endswith(SLIP_MARK):
                self._confirming = text
                self.show(e.msg, "warning")
            else:
                self._confirming = None
                self.show(e.msg, "error")
            return
        self._recalled = None
        app = self.calc
        self.dismiss(None)
        app.react(run.changed)
        if run.pending is not None:
            carry_out(app, run.pending)

    def _to_the_browser(self, text: str) -> bool:
        """In a browser, ``save FILE`` and ``export FORMAT FILE`` download to the browser (as
        ctrl+s and ctrl+e do there): nothing is written where the server runs. True when the
        command was one of them (done, or refused in place)."""
        from pathlib import Path

        from ...engine.commands import Action
        from ..session_commands import parse_command

        try:
            cmd = parse_command(self.calc.session, text)
        except CalcError:
            return False  # run_command words the error
        if not isinstance(cmd, Action) or cmd.kind not in ("save", "export"):
            return False
        name = cmd.args[-1]
        if Path(name).name != name:
            self.show(
                "in a browser, write a file name only, without a folder: your browser decides where downloads go",
                "error",
            )
            return True
        app = self.calc
        if cmd.kind == "export":
            from ..session_commands import export_format

            try:
                fmt = export_format(cmd.args[0], name)
            except CalcError as e:
                self.show(e.msg, "error")
                return True
            self.dismiss(None)
            app.export(fmt, Path(name))
        else:
            s = app.session
            self.dismiss(None)
            app.download_scenario(Path(name), s.scenario_label, s.scenario_description)
        return True


def carry_out(app: CalcApp, action: Action) -> None:
    """What only the screen can do for a command: ``copy`` the summary, open the ``path`` view
    (of a member or a group, at the growth named), or switch the year or currency."""
    kind, args = action.kind, action.args
    if kind == "copy":
        app.copy_summary()
    elif kind == "path":
        target, growth = args
        from .path import PathScreen

        if growth:
            app.path_settings["growth"] = Decimal(growth)
        if isinstance(app.screen, PathScreen):
            app.pop_screen()  # another path replaces the one on screen
        if app.session.result.member(target) is not None:
            app.open_path(target)
        else:
            app.push_screen(PathScreen(None, target))
    elif kind == "plans":
        from .plans import PlansScreen

        target = args[0]
        if isinstance(app.screen, PlansScreen):
            app.pop_screen()  # the plans asked for replace the ones on screen
        if target and app.session.result.member(target) is not None:
            app.open_plans(target, detail=True)
        else:
            app.open_plans(None, group=target or None)
    else:  # year or currency in a session without the switch (not this app's): say so
        app.notify(f"{action.text}: this view cannot switch {kind}.", severity="warning")
