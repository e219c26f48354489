"""Small dialogs: a question with a few answers, an error, the targets (narrow screens), and the
screen shown when no preset at all can be opened."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from ...domain.dataset import TARGET_FIELDS, Targets
from ..widgets.key_bar import KeyBar
from ..widgets.targets_panel import TargetsPanel


class ConfirmDialog(ModalScreen[str | None]):
    """A question and a row of buttons; returns the id of the button pressed (None on escape)."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-confirm"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, title: str, message: str, buttons: list[tuple[str, str, str]]) -> None:
        """``buttons``: (id, label, variant) with variant one of Button's (primary, error...)."""
        super().__init__()
        self._title = title
        self._message = message
        self._buttons = buttons

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(Text(self._message), id="message")
            with Horizontal(id="buttons"):
                for bid, label, variant in self._buttons:
                    yield Button(label, id=bid, variant=variant, compact=True)  # type: ignore[arg-type]  # variant: one of Button's, as the callers write it

    def on_mount(self) -> None:
        self.query_one("#confirm").border_title = Text(self._title)  # may quote user text
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ErrorDialog(ModalScreen[None]):
    """An error for the user: its title, and what went wrong where (one line per problem)."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [
        Binding("escape", "close", "Close", id="close-error"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, title: str, message: str, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="error", classes="dialog"):
            with VerticalScroll(id="error-body"):
                yield Static(Text(self.message), id="error-message")
            if self.note:
                yield Static(Text(self.note, "italic"), id="error-note")
            with Horizontal(id="buttons"):
                yield Button("OK", id="ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        box = self.query_one("#error")
        box.border_title = Text(f"✗ {self.title_text}")
        box.border_subtitle = "esc / ⏎ close"
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class TargetsDialog(ModalScreen[str | None]):
    """The targets panel in a dialog (on screens too narrow for it beside the table)."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel-targets")]

    def __init__(self, targets: Targets, base: Targets, current: str | None = None) -> None:
        super().__init__()
        self._targets = targets
        self._base = base
        self._current = current
        """The target the cursor starts on (the one just edited)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="targets-dialog", classes="dialog"):
            yield TargetsPanel(id="targets")

    def on_mount(self) -> None:
        box = self.query_one("#targets-dialog")
        box.border_title = "Targets"
        box.border_subtitle = "⏎ edit · esc back"
        panel = self.query_one(TargetsPanel)
        panel.show(self._targets, self._base)
        if self._current in TARGET_FIELDS:
            panel.move_cursor(row=TARGET_FIELDS.index(self._current), scroll=False)
        panel.focus()

    @on(TargetsPanel.EditRequested)
    def _edit(self, event: TargetsPanel.EditRequested) -> None:
        event.stop()
        self.dismiss(event.name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StartupErrorScreen(Screen):
    """Shown when no preset could be opened at all: the error, and ways out."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [
        Binding("p", "app.pick_preset", "Pick a preset", id="pick-preset-empty"),
        Binding("ctrl+o", "app.open_scenario", "Open scenario", id="open-scenario-empty"),
        Binding("q", "app.quit", "Quit", id="quit-empty"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="empty", classes="dialog"):
            yield Static(
                Text(
                    "nato-calc could not open any preset, so there is nothing to show yet.\n"
                    "Pick a preset (p), open a scenario (ctrl+o) or quit (q).",
                ),
                id="empty-message",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#empty").border_title = "Nothing to show"
