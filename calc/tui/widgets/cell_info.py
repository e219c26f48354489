"""CellInfo: one or two lines explaining the cell under the cursor (value, status, source)."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class CellInfo(Static):
    """Provenance of the highlighted figure: what it is, its status, where it comes from.

    Its height is fixed (``#cell-info`` in app.tcss), so new text never needs a layout of the
    screen: it changes on every cursor move and every edit.
    """

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)
