"""Compare mode: the columns of the member table and how a member's comparison becomes cells.

Display only, like :mod:`calc.tui.cells`: every number comes from a
:class:`~calc.output.compare.MemberComparison` (``a``, ``b`` and ``delta``, B minus A) and is formatted
with :mod:`calc.output.fmt`. A is the reference picked with ``c``; B is the session, so edits move B.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from ..domain.dataset import Targets
from ..domain.registry import JUDGED
from ..output.fmt import member_share, money, pct_short, pct_tight, pp, signed_money
from ..output.markers import NO, YES
from .cells import MARK_ROLE, STATUS_MARK, Column, figure_status, row_marker

if TYPE_CHECKING:  # pragma: no cover
    from ..output.compare import MemberComparison, StatusChange

DASH = "–"


@dataclass(frozen=True, slots=True)
class SideTargets:
    """The targets of both sides: what compare-mode column titles are made from, so that
    each side's gap is labelled with its own target (as ``nato-calc compare`` does)."""

    a: Targets
    b: Targets


def gap_label(t: Targets, name: str) -> str:
    """``To 3.5%``: the short title of a gap to target ``name`` of one side."""
    return f"To {pct_tight(t.share(name))}"


def gap_change_text(ta: Targets, tb: Targets, name: str, a: Decimal | None, b: Decimal | None) -> str:
    """``gap to 3.5 % (A) / 3 % (B): $75.20 → $0.00 bn`` (one target when both sides share it)."""
    target = pct_short(ta.share(name))
    if ta.get(name) != tb.get(name):
        target += f" (A) / {pct_short(tb.share(name))} (B)"
    shown_a = f"${money(a, 2)}" if a is not None else DASH
    shown_b = f"${money(b, 2)}" if b is not None else DASH
    return f"gap to {target}: {shown_a} → {shown_b} bn"


def _col(key, title, describe, field="core", tier=0, left=False) -> Column:
    return Column(key, title, describe, field, left=left, tier=tier)


COMPARE_COLUMNS: tuple[Column, ...] = (
    _col("code", lambda t: "Code", "ISO code (marker: B's figures, else A's)", left=True),
    _col("name", lambda t: "Ally", "name", tier=1, left=True),
    _col("gdp_change", lambda t: "GDP Δ", "change in GDP, % of A's GDP", "gdp", tier=2),
    _col("core_a", lambda t: "Core A", "core spending in A, USD bn", tier=2),
    _col("core_b", lambda t: "Core B", "core spending in B, USD bn", tier=2),
    _col("core_d", lambda t: "Core Δ", "change in core spending, USD bn (B − A)", tier=2),
    _col("share_a", lambda t: "Core % A", "core spending in A, % of GDP"),
    _col("share_b", lambda t: "Core % B", "core spending in B, % of GDP"),
    _col("share_d", lambda t: "Δ pp", "change in the core share, percentage points"),
    _col("gap_core_a", lambda t: f"{gap_label(t.a, 'core')} A", "gap to A's core target in A, USD bn (· = met)"),
    _col("gap_core_b", lambda t: f"{gap_label(t.b, 'core')} B", "gap to B's core target in B, USD bn (· = met)"),
    _col("gap_total_a", lambda t: f"{gap_label(t.a, 'total')} A", "gap to A's total target in A, USD bn", tier=1),
    _col("gap_total_b", lambda t: f"{gap_label(t.b, 'total')} B", "gap to B's total target in B, USD bn", tier=1),
    _col("change", lambda t: "Change", "targets now met (✔) or no longer met (✗) in B; one side only", left=True),
)  # fmt: skip  # a table: one row a line
COMPARE_COLUMN = {c.key: c for c in COMPARE_COLUMNS}
#: Narrow layout: the telling columns first, the rest by scrolling sideways.
COMPARE_NARROW = (
    "code", "share_a", "share_b", "share_d", "gap_core_a", "gap_core_b", "change", "core_d",
    "gap_total_a", "gap_total_b", "name",
)  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
COMPARE_LAYOUTS: tuple[tuple[Column, ...], ...] = (
    COMPARE_COLUMNS,
    tuple(c for c in COMPARE_COLUMNS if c.tier < 2),
    tuple(COMPARE_COLUMN[k] for k in COMPARE_NARROW),
)


def _mark(m, name: str) -> tuple[str, str | None]:
    mk = STATUS_MARK.get(figure_status(m, name) or "", " ")
    return mk, MARK_ROLE.get(mk)


def _money_cell(v: Decimal | None, role=None, places: int = 2):
    if v is None:
        return (DASH, "muted", " ", None)
    return (money(v, places), role, " ", None)


def _delta_cell(v: Decimal | None, text: str, good_when_negative: bool = False):
    if v is None:
        return ("", None, " ", None)
    if v == 0 or text.strip("+-0.,") == "":  # no change, or none that shows when rounded
        return (text.lstrip("+-"), "muted", " ", None)
    good = (v < 0) if good_when_negative else (v > 0)
    return (text, "ok" if good else "fail", " ", None)


def _gap_cell(v: Decimal | None):
    if v is None:
        return (DASH, "muted", " ", None)
    if v == 0:
        return ("·", "ok", " ", None)
    return (money(v, 2), "gap", " ", None)


def _target_short(sc: StatusChange, t: Targets) -> str:
    return pct_short(t.share(sc.target)) if sc.target in JUDGED else sc.target


def change_parts(mc: MemberComparison, t: Targets) -> tuple:
    """The Status change cell: ``now ✔ 2 % ✔ 3.5 %``, ``now ✗ 3.5 %``, or why a side is missing."""
    if mc.note:
        return ((mc.note, "muted", "", None),)
    if not mc.status_changes:
        return (("", None, "", None),)
    parts: list[tuple] = [("now", None, "", None)]
    for sc in mc.status_changes:
        if sc.target == "assessed":
            parts.append((" assessed" if sc.b else " not assessed", "muted", "", None))
            continue
        sym, role = (YES, "ok") if sc.b else (NO, "fail")
        parts.append((f" {sym} {_target_short(sc, t)}", role, "", None))
    return tuple(parts)


def compare_cell_spec(mc: MemberComparison, key: str, t: Targets):
    a, b, d = mc.a, mc.b, mc.delta
    if key == "code":
        side = b or a
        mk = row_marker(side) if side is not None else " "
        return (mc.code, "code", mk, MARK_ROLE.get(mk))
    if key == "name":
        return (mc.name, None, " ", None)
    if key == "gdp_change":
        if d is None or a is None or b is None or a.gdp == 0:
            return ("", None, " ", None)
        from ..output.compare import growth_text  # the CLI's relative change

        text = growth_text(a.gdp, b.gdp)
        return (text, "muted" if d.gdp == 0 else None, " ", None)
    if key == "core_a":
        return _money_cell(a.core if a else None)
    if key == "core_b":
        if b is None:
            return (DASH, "muted", " ", None)
        mk, role = _mark(b, "core")
        return (money(b.core, 2), None, mk, role)
    if key == "core_d":
        return _delta_cell(d.core if d else None, signed_money(d.core, 2) if d else "")
    if key == "share_a":
        if a is None:
            return (DASH, "muted", " ", None)
        mk, role = _mark(a, "core")
        return (member_share(a, "core"), None, mk, role)  # A: its targets from its own gaps
    if key == "share_b":
        if b is None:
            return (DASH, "muted", " ", None)
        mk, role = _mark(b, "core")
        return (member_share(b, "core", t), None, mk, role)
    if key == "share_d":
        return _delta_cell(d.core_share if d else None, pp(d.core_share).removesuffix(" pp") if d else "")
    if key in ("gap_core_a", "gap_total_a"):
        return _gap_cell(getattr(a, key[:-2]) if a else None)
    if key in ("gap_core_b", "gap_total_b"):
        return _gap_cell(getattr(b, key[:-2]) if b else None)
    if key == "change":
        return change_parts(mc, t)
    raise KeyError(key)


@lru_cache(maxsize=8)
def compare_specs(targets: Targets) -> Callable:
    """The row-spec function the member table uses in compare mode (B's targets)."""

    def specs(mc: MemberComparison, keys: tuple[str, ...]) -> tuple:
        return tuple(compare_cell_spec(mc, k, targets) for k in keys)

    return specs


# --------------------------------------------------------------------------------------------
# Order (display only)
# --------------------------------------------------------------------------------------------


def _sort_value(mc: MemberComparison, key: str):
    a, b, d = mc.a, mc.b, mc.delta
    if key in ("code", "name"):
        return getattr(mc, key).lower()
    if key == "change":
        if mc.note:
            return None
        return sum((1 if s.b else -1) for s in mc.status_changes)
    if key == "gdp_change":
        return d.gdp / a.gdp if d is not None and a is not None and a.gdp else None  # type: ignore[operator]  # a delta has its GDP
    if key.endswith("_d"):
        field = {"core_d": "core", "share_d": "core_share"}[key]
        return getattr(d, field) if d is not None else None
    side = a if key.endswith("_a") else b
    if side is None:
        return None
    field = {"core": "core", "share": "core_share", "gap_core": "gap_core", "gap_total": "gap_total"}[
        key[:-2]
    ]
    return getattr(side, field)


def compare_ordered(rows: Sequence[MemberComparison], sort: tuple[str, bool] | None) -> list:
    """``rows`` sorted by a compare column (value, then code); rows without a value last."""
    if sort is None:
        return list(rows)
    key, desc = sort
    known = [(v, r) for r in rows if (v := _sort_value(r, key)) is not None]
    rest = [r for r in rows if _sort_value(r, key) is None]
    known.sort(key=lambda vr: vr[0], reverse=desc)
    return [r for _, r in known] + rest
