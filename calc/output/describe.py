"""A change as one line of text (headers, reports, scenario listings, the TUI's undo names),
and the words of an implausible result.

Values of a change are shown exactly as given (only trailing zeros trimmed), so two different
what-ifs never read the same. :func:`describe` is part of the model
(:func:`calc.engine.changes.describe`: ``apply_changes`` records it in ``Preset.modified``) and
re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.dataset import Preset
from ..engine.changes import Change, Implausible, describe, implausible
from .fmt import exact_pct, money, pct, plain


def implausible_text(f: Implausible) -> str:
    """One finding of :func:`calc.engine.changes.implausible` as a line: ``core target: 3.5 % →
    25 %, above 20 % of GDP``; ``POL (Poland) core spending: $4.00 bn → $0.030 bn, under 1 % of
    its current value (for 0.03 % of GDP write 0.03%)``."""
    if f.unit == "target":
        was = exact_pct(f.a) if f.a is not None else "unset"
        return f"{f.label}: {was} → {exact_pct(f.b)}, {f.why}"
    if f.unit == "share":
        shown = pct(f.a) if f.a is not None else "unknown"
        return f"{f.who} {f.label}: {shown} → {pct(f.b)} of GDP, {f.why}"
    line = f"{f.who} {f.label}: ${money(f.a)} bn → ${money(f.b)} bn, {f.why}"
    if f.typed is not None:
        v = plain(f.typed)
        line += f" (for {v} % of GDP write {v}%)"
    return line


def implausible_lines(before: Preset, after: Preset, changes: Iterable[Change] = ()) -> list[str]:
    """Why ``after`` looks like a slip, one line per figure (:func:`calc.engine.changes.implausible`)."""
    return [implausible_text(f) for f in implausible(before, after, changes)]


__all__ = ["describe", "implausible_lines", "implausible_text"]
