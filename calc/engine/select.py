"""Choosing and ordering members: the ``--sort`` spec and the figures each judged target drives.

Shared by the report (:mod:`calc.output.report`) and the comparison model
(:mod:`calc.engine.compare`); models only, no formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from ..domain import registry
from ..errors import UsageError, did_you_mean

#: Columns ``--sort`` accepts (and the TUI sorts by).
SORT_COLUMNS = registry.SORT_KEYS
TEXT_COLUMNS = registry.TEXT_KEYS


def parse_sort(spec: str | None, columns: Sequence[str] = SORT_COLUMNS) -> tuple[str, bool] | None:
    """``gap_core`` (numbers largest first, text A-Z), ``gap_core:asc``, ``name:desc``.

    ``columns`` are the accepted column names (the report's by default; compare has its own).
    """
    if not spec:
        return None
    col, _, direction = spec.partition(":")
    col = col.strip().lower().replace("-", "_")
    if col not in columns:
        partial = [c for c in columns if col and col in c]
        if partial:
            raise UsageError(
                f"--sort '{spec}': {'ambiguous' if len(partial) > 1 else 'partial'} column name; "
                f"it could mean {', '.join(partial)}"
            )
        raise UsageError(
            f"--sort '{spec}': unknown column{did_you_mean(col, columns)}; columns: {', '.join(columns)}"
        )
    if direction not in ("", "asc", "desc"):
        raise UsageError(f"--sort '{spec}': direction must be asc or desc")
    descending = (col not in TEXT_COLUMNS) if not direction else direction == "desc"
    return col, descending


def judged(kind: str) -> tuple[attrgetter[Any], ...]:
    """A getter of the member figure of ``kind`` for each judged target (guideline, core, total)."""
    return tuple(attrgetter(registry.figure_key(t, kind)) for t in registry.JUDGED)


#: Whether a member meets each judged target (True, False, or None where not assessed).
MEETS = judged("meets")
