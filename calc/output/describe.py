"""A change as one line of text (headers, reports, scenario listings, the TUI's undo names).

Values are shown exactly as given (only trailing zeros trimmed), so two different what-ifs never
read the same. :meth:`calc.engine.changes.Change.describe` calls :func:`describe`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.dataset import SHARE_FIELDS
from ..engine.changes import _FIELD_LABEL, _TARGET_LABEL, ALL, _short, value_problem
from .fmt import exact_money, exact_pct, plain

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.changes import Change


def describe(change: Change) -> str:
    """A short, human-readable line for one change."""
    if value_problem(change.value) or not all(
        isinstance(x, (str, type(None))) for x in (change.op, change.member, change.field)
    ):  # never format a value that is not a sane number
        return " ".join(_short(x) for x in (change.op, change.member, change.field) if x)
    if change.value is None and change.op not in ("set", "exclude", "include", "reset"):
        return " ".join(_short(x) for x in (change.op, change.member, change.field) if x) + " (no value)"
    # Values are shown exactly as given (only trailing zeros trimmed): two different
    # what-ifs never read the same (3.4999 % is not "3.50 %").
    who = "all members" if change.member == ALL else _short(change.member)
    if change.op in ("exclude", "include", "reset"):
        return f"{change.op} {who}"
    if change.op == "growth":
        return f"GDP growth {exact_pct(change.value)}/yr" + (f" for {who}" if who else "")  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
    if change.op == "target":
        label = _TARGET_LABEL.get(change.field or "", _short(change.field))
        shown = plain(change.value) if change.field == "deadline" else exact_pct(change.value)  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
        return f"{label} → {shown}"
    label = _FIELD_LABEL.get(change.field or "", _short(change.field))
    if change.op == "scale":
        return f"{who} {label} ×{plain(change.value)}"  # type: ignore[arg-type]  # a value: only set and the member ops go on without one (checked above)
    if change.value is None:
        return f"{who} {label} → unknown"
    if change.op == "add":
        size = change.value.copy_abs()
        sign = "+" if change.value >= 0 else "−"
        if change.field in SHARE_FIELDS:
            shown = exact_pct(size).removesuffix(" %") + " pp"
        else:
            shown = f"${exact_money(size)} bn"
        return f"{who} {label} {sign}{shown}"
    shown = exact_pct(change.value) if change.field in SHARE_FIELDS else f"${exact_money(change.value)} bn"
    return f"{who} {label} → {shown}"
