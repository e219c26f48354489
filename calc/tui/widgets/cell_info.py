"""CellInfo: one or two lines explaining the cell under the cursor (value, status, source)."""

from __future__ import annotations

from textual.widgets import Static


class CellInfo(Static):
    """Provenance of the highlighted figure: what it is, its status, where it comes from."""
