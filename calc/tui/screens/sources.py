"""SourcesDialog (``i``): where the figures come from, the release block and the sources of the
preset in force, as ``nato-calc sources`` prints them (:func:`calc.output.provenance.text_lines`),
and, quietly, when the publisher's next edition was due and is not at hand (offline).

The text is laid out for the width the dialog has (an 80-column terminal gives it 74), and a
link longer than its line is folded after a ``/`` or ``-`` (never inside a word), the rest under
its start, so that it reads whole; ``y`` copies every link, one a line, to paste into a browser.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

from ...output.links import fold_links, links

__all__ = ["SourcesDialog", "fold_links", "links"]

#: The text's widest width inside the dialog (its border and padding take the rest of 84 cells).
WIDTH = 78
#: What the dialog's border, padding and scroll bar take of the terminal's width.
CHROME = 6


class SourcesDialog(ModalScreen[None]):
    """The release block and the sources; any of esc, q, i closes it, y copies the links."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [
        Binding("escape,q,i", "close", "Close", id="close-sources"),
        Binding("y", "copy_links", "Copy links", id="copy-links"),
    ]

    def __init__(self, lines: list[str] | Callable[[int], list[str]], notice: str | None) -> None:
        """``lines``: the text, or what lays it out for a width (``Session.sources_lines``)."""
        super().__init__()
        self.lines_for = lines if callable(lines) else (lambda width: lines)
        self.notice = notice
        self.width = 0
        """The width the text is laid out for (0: not yet)."""

    def text_width(self) -> int:
        return max(20, min(WIDTH, self.app.size.width - CHROME))

    def text(self, width: int) -> Text:
        text = Text("\n".join(fold_links(self.lines_for(width), width)), no_wrap=True, overflow="ellipsis")
        if self.notice:
            text.append("\n\n")
            text.append(self.notice, "italic dim")
        return text

    def compose(self) -> ComposeResult:
        self.width = self.text_width()
        with VerticalScroll(id="sources", classes="dialog"):
            text = Static(self.text(self.width), id="sources-text")
            text.styles.text_wrap = "nowrap"  # laid out here: the widget must not wrap a link again
            text.styles.text_overflow = "ellipsis"
            yield text

    def on_mount(self) -> None:
        box = self.query_one("#sources")
        box.border_title = "Where the figures come from"
        box.border_subtitle = "esc close · ↑↓ scroll · y copy the links · same as nato-calc sources"
        box.focus()

    def on_resize(self, event: Resize) -> None:
        width = self.text_width()
        if width != self.width:
            self.width = width
            self.query_one("#sources-text", Static).update(self.text(width))

    def action_copy_links(self) -> None:
        """Every link of the release and the sources, one a line (the clipboard's caveat said)."""
        from ..clipboard import copy_links

        # unwrapped: each link whole on its line
        copy_links(self.app, links(self.lines_for(10_000)), "No links in these sources.")

    def action_close(self) -> None:
        self.dismiss(None)
