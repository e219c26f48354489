"""Display formatting: the only place shares become percent and money gets rounded.

Rounding is half-up (what people expect on paper). Numbers are never shown in exponent notation;
very small non-zero values keep enough digits to stay visible instead of collapsing to 0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal

# The exact text of a number (no rounding), re-exported: describe and the messages use them too.
from ..domain.numtext import exact_money as exact_money
from ..domain.numtext import exact_pct as exact_pct
from ..domain.numtext import plain as plain
from ..domain.registry import JUDGED

_Q = {n: Decimal(1).scaleb(-n) for n in range(0, 13)}
#: Most decimal places shown; a non-zero value smaller than that is shown as ``<0.000000000001``.
MAX_PLACES = 12
#: Enough digits and exponent range to scale and round any value without an error or underflow.
_WIDE = Context(prec=60, Emin=MIN_EMIN, Emax=MAX_EMAX)


def _rounded(d: Decimal, places: int) -> Decimal:
    return d.quantize(_Q[places], rounding=ROUND_HALF_UP, context=_WIDE)


def _fixed(d: Decimal, places: int, group: bool = True) -> str:
    q = _rounded(d, places)
    if q == 0:
        q = abs(q)  # never "-0.0"
    return f"{q:,.{places}f}" if group else f"{q:.{places}f}"


def money(d: Decimal | None, places: int | None = None, *, unknown: str = "?", group: bool = True) -> str:
    """USD bn for display.

    With ``places`` (tables): that many decimals, ``1,039.6`` / ``46.57``; a non-zero value
    too small to show keeps three significant digits instead (``0.000123``), never ``0.00``.
    Without: precision adapts to size: ``1,039.6``, ``46.57``, ``0.194``, ``0.00000100``.
    """
    if d is None:
        return unknown
    a = d.copy_abs()  # exact (abs() would round, and underflow to 0 for tiny values)
    if places is not None:
        if a == 0 or a >= _Q[places] / 2:
            return _fixed(d, places, group)
        places = None
    if a >= 100:
        return _fixed(d, 1, group)
    if a >= 1:
        return _fixed(d, 2, group)
    if a >= Decimal("0.001") or a == 0:
        return _fixed(d, 3, group)
    # tiny: three significant digits, no exponent; never shown as zero
    places = -a.adjusted() + 2
    if places <= MAX_PLACES:
        return _fixed(d, places, group)
    smallest = f"0.{'0' * (MAX_PLACES - 1)}1"
    return f"<{smallest}" if d > 0 else f">-{smallest}"


#: Decimal places a share may gain so that rounding does not carry it across a target.
EXTRA_PLACES = 4


def pct(
    d: Decimal | None,
    places: int = 2,
    *,
    unknown: str = "?",
    thresholds: Sequence[Decimal] = (),
) -> str:
    """A share (fraction) as percent: ``Decimal("0.0448")`` -> ``4.48 %``.

    ``thresholds`` are the targets the share is judged against (fractions). Rounding never
    carries the share across one of them: a share just under a target keeps more digits
    (``0.019999`` -> ``1.9999 %``, not ``2.00 %``), up to :data:`EXTRA_PLACES` more, and
    beyond that reads ``<2.00 %``; a share just over a target the same way, ``≥``.
    """
    if d is None:
        return unknown
    p = d.scaleb(2, _WIDE)
    if p != 0 and p.copy_abs() < Decimal(1).scaleb(-places):
        return ("<" if p > 0 else ">-") + f"0.{'0' * (places - 1)}1 %"
    if not thresholds:
        return f"{_fixed(p, places)} %"
    limits = [t.scaleb(2, _WIDE) for t in thresholds]
    for q in range(places, places + EXTRA_PLACES + 1):
        shown = _rounded(p, q)
        if all((shown >= x) == (p >= x) for x in limits):
            return f"{_fixed(p, q)} %"
    crossed = next(x for x in limits if (_rounded(p, places) >= x) != (p >= x))
    at = max(places, -crossed.normalize().as_tuple().exponent)  # type: ignore[operator]  # a finite Decimal: its exponent is an int
    return f"{'<' if p < crossed else '≥'}{_fixed(crossed, at)} %"


def points(d: Decimal | None, places: int = 2, *, unknown: str = "n/a") -> str:
    """A gap as a fraction of GDP, in percentage points: ``0.0081`` -> ``0.81 pp``.

    Unsigned (a gap is never negative); a non-zero gap too small to show reads ``<0.01 pp``,
    never ``0.00 pp``.
    """
    if d is None:
        return unknown
    p = d.scaleb(2, _WIDE)
    if p != 0 and p.copy_abs() < Decimal(1).scaleb(-places):
        return f"<0.{'0' * (places - 1)}1 pp"
    return f"{_fixed(p, places)} pp"


def pct_short(d: Decimal | None) -> str:
    """A threshold as percent without needless zeros: ``0.035`` -> ``3.5 %``, ``0.02`` -> ``2 %``."""
    if d is None:
        return "?"
    return f"{plain(d.scaleb(2, _WIDE))} %"


def pp(d: Decimal | None, places: int = 2) -> str:
    """A difference of shares as signed percentage points: ``+0.25 pp``."""
    if d is None:
        return "?"
    p = d.scaleb(2, _WIDE)
    if p != 0 and p.copy_abs() < Decimal(1).scaleb(-places):  # never "0.00 pp" for a change
        return ("<+" if p > 0 else ">-") + f"0.{'0' * (places - 1)}1 pp"
    s = _fixed(p, places)
    if not s.startswith("-") and p != 0:
        s = "+" + s
    return f"{s} pp"


def with_sign(d: Decimal, text: str) -> str:
    """``text`` (the figure ``d`` as shown) with a ``+`` when ``d`` is positive: ``+2.50``,
    ``<+0.000000000001`` for a change too small to show; zero and negatives as they are."""
    if d <= 0 or text.startswith(("+", "<+")):
        return text
    return "<+" + text[1:] if text.startswith("<") else "+" + text


def signed_money(d: Decimal | None, places: int | None = None, *, unknown: str = "?") -> str:
    """A change of money, signed: ``+2.50``, ``-1.3``, ``0.00`` (see :func:`money`)."""
    if d is None:
        return unknown
    return with_sign(d, money(d, places))


def pct_tight(d: Decimal) -> str:
    """A threshold in a column title, without the space: ``3.5%`` (see :func:`pct_short`)."""
    return pct_short(d).replace(" %", "%")


_MD_SPECIAL = re.compile(r"[\\|]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)")


def md_text(text: str) -> str:
    """Text for a Markdown table cell or heading, shown as written: a ``|`` would end the cell
    (breaking the row) and a ``\\`` before it would undo the escape, so both are escaped; so
    are a ``<`` that would open an HTML tag (``<img onerror=...>`` runs in some renderers) and
    an ``&`` that would start an entity. ``<0.01 %`` and ``Europe & Canada`` stay as they are."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), text)


def cell_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: wide characters (CJK, most emoji) take two,
    combining marks (an accent written as its own character) and format characters none.

    Control characters never get here (files refuse them, messages escape them); a flag is two
    regional indicators of one column each, as terminals draw it.
    """
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, left: bool = True) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``str.ljust``/``rjust``
    count characters, which misaligns a table holding wide or combining characters)."""
    fill = " " * max(0, width - cell_width(text))
    return text + fill if left else fill + text


def align_columns(rows: list[list[str]], header: list[str], left: set[int]) -> list[str]:
    """Lay out a text table: each column as wide as its widest cell (in terminal columns),
    one space between, columns in ``left`` left-aligned and the rest right-aligned (numbers)."""
    widths = [max(cell_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [pad(c, w, i in left) for i, (c, w) in enumerate(zip(r, widths))]
        out.append(" ".join(cells).rstrip())
    return out


def share_limits(r, which: str, targets=None) -> tuple[Decimal, ...]:
    """The targets a member's (or a group's) ``core`` or ``total`` share is judged against.

    With ``targets``: guideline and core for the core share, total for the total share.
    Without (a table cell that only has the result): each target the share falls short of,
    recovered exactly from the result's own gap (``(core + gap) / gdp`` is the target); a
    target that is met needs no guard, half-up rounding never takes a share below it.
    """
    if targets is not None:
        return (targets.guideline, targets.core) if which == "core" else (targets.total,)
    gdp = r.gdp
    if not gdp:
        return ()
    if hasattr(r, "collective_gap_core"):  # a group: its collective gaps
        gaps_core = (r.collective_gap_guideline, r.collective_gap_core)
        gap_total, counted = r.collective_gap_total, r.related
    else:
        gaps_core = (r.gap_guideline, r.gap_core)
        gap_total, counted = r.gap_total, r.related_counted
    if which == "core":
        return tuple(_WIDE.divide(r.core + g, gdp) for g in gaps_core if g)
    # the total target is core + counted related + gap_total whenever the gap goes beyond core
    if gap_total and gaps_core[1] is not None and gap_total > gaps_core[1]:
        return (_WIDE.divide(r.core + counted + gap_total, gdp),)
    return ()


def gdp_share(d: Decimal | None, targets, places: int = 2, *, unknown: str = "?") -> str:
    """A share of GDP (a member's, a group's, a year of a path or plan) as percent, never rounded
    across any of ``targets``' shares of GDP (the guideline, the core and the total target):
    ``Decimal("0.03499")`` -> ``3.499 %`` beside a 3.5 % core target, not ``3.50 %``.

    For every share of GDP shown next to the targets it is judged against; :func:`member_share`
    (a member's own core or total share, only its own targets) is the report's narrower form.
    """
    if d is None:
        return unknown
    return pct(d, places, thresholds=gdp_thresholds(targets))


def gdp_thresholds(targets) -> tuple[Decimal, ...]:
    """``targets``' shares of GDP (guideline, core, total: the registry's judged targets), the
    thresholds :func:`pct` keeps a share from being rounded across."""
    return tuple(targets.share(k) for k in JUDGED)


def member_share(r, which: str, targets=None, places: int = 2) -> str:
    """``r.core_share`` or ``r.total_share`` as percent, never rounded across a target it is
    judged against (see :func:`pct` and :func:`share_limits`)."""
    share = r.core_share if which == "core" else r.total_share
    if share is None:
        return pct(None)
    return pct(share, places, thresholds=share_limits(r, which, targets))
