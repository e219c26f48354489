"""CellInfo: one or two lines explaining the cell under the cursor (value, status, source)."""

from __future__ import annotations

from rich.text import Text

from ..paint.line_panel import LinePanel


class CellInfo(LinePanel):
    """Provenance of the highlighted figure: what it is, its status, where it comes from.

    It changes on every cursor move and every edit, so it is a
    :class:`~calc.tui.paint.line_panel.LinePanel`: only lines that changed are drawn again,
    from cached segments, and as its height is fixed (``#cell-info`` in app.tcss) new text
    never needs a layout of the screen.
    """

    def update(self, content: Text | str = "") -> None:
        if isinstance(content, str):
            content = Text(content)
        self.show_lines(*((content,) if content.plain else ()))
