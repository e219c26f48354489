"""SourcesDialog (``i``): where the figures come from, the release block and the sources of the
preset in force, as ``nato-calc sources`` prints them (:func:`calc.output.provenance.text_lines`),
and, quietly, when the publisher's next edition was due and is not at hand (offline)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: The text's width inside the dialog (its border and padding take the rest of 84 cells).
WIDTH = 78


class SourcesDialog(ModalScreen[None]):
    """The release block and the sources; any of esc, q, i closes it."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape,q,i", "close", "Close", id="close-sources")]

    def __init__(self, lines: list[str], notice: str | None) -> None:
        super().__init__()
        self.lines = lines
        self.notice = notice

    def compose(self) -> ComposeResult:
        text = Text("\n".join(self.lines), no_wrap=True, overflow="ellipsis")
        if self.notice:
            text.append("\n\n")
            text.append(self.notice, "italic dim")
        with VerticalScroll(id="sources", classes="dialog"):
            yield Static(text, id="sources-text")

    def on_mount(self) -> None:
        box = self.query_one("#sources")
        box.border_title = "Where the figures come from"
        box.border_subtitle = "esc close · ↑↓ scroll · same as nato-calc sources"
        box.focus()

    def action_close(self) -> None:
        self.dismiss(None)
