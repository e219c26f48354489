"""SourcesDialog (``i``): where the figures come from, the release block and the sources of the
preset in force, as ``nato-calc sources`` prints them (:func:`calc.output.provenance.text_lines`),
and, quietly, when the publisher's next edition was due and is not at hand (offline).

The text is laid out for the width the dialog has (an 80-column terminal gives it 74), and a
link longer than its line is folded after a ``/`` or ``-`` (never inside a word), the rest under
its start, so that it reads whole; ``y`` copies every link, one a line, to paste into a browser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

#: The text's widest width inside the dialog (its border and padding take the rest of 84 cells).
WIDTH = 78
#: What the dialog's border, padding and scroll bar take of the terminal's width.
CHROME = 6
#: A link in the text (up to the next space; a closing bracket or stop after it is not its own).
URL = re.compile(r"https?://\S+")
_TRAILING = ").,;:'\""


def fold_links(lines: list[str], width: int) -> list[str]:
    """``lines`` with each one longer than ``width`` that holds a link folded after a ``/`` of
    the link (a part longer than a line after its ``-`` too; a word is never cut inside: what is
    still too long ends in an ellipsis, and ``y`` copies it whole); the next parts go under the
    link's start, or two columns in when that leaves too little room."""
    out: list[str] = []
    for line in lines:
        found = URL.search(line)
        if len(line) <= width or found is None:
            out.append(line)
            continue
        start = found.start()
        lead = len(line) - len(line.lstrip())
        hang = " " * (start if width - start >= 30 else lead + 2)
        head, rest = line[:start], line[start:]
        room = width - len(hang)
        parts = []
        for part in re.findall(r"[^/]*/+|[^/]+$", rest):  # each part ends after its slash(es)
            # a part longer than a line: after its hyphens too (a slug's words)
            parts += re.findall(r"[^-]*-+|[^-]+$", part) if len(part) > room else [part]
        current = head
        for part in parts:
            if len(current) + len(part) > width and current.strip():
                out.append(current.rstrip())
                current = hang
            current += part
        out.append(current.rstrip())
    return out


def links(lines: list[str]) -> list[str]:
    """Every link in ``lines`` (unwrapped text), once each, in order."""
    found = (m.group().rstrip(_TRAILING) for line in lines for m in URL.finditer(line))
    return list(dict.fromkeys(found))


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
        import os

        from ..clipboard import WEB_CLIPBOARD, clipboard_caveat

        found = links(self.lines_for(10_000))  # unwrapped: each link whole on its line
        if not found:
            self.notify("No links in these sources.", severity="warning")
            return
        self.app.copy_to_clipboard("\n".join(found) + "\n")
        caveat = WEB_CLIPBOARD if getattr(self.app, "is_web", False) else clipboard_caveat(os.environ)
        self.notify(
            f"Copied {len(found)} link{'s' if len(found) != 1 else ''} to the clipboard, one a line. {caveat}"
        )

    def action_close(self) -> None:
        self.dismiss(None)
