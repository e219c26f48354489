"""Display formatting: the only place shares become percent and money gets rounded.

Rounding is half-up (what people expect on paper). Numbers are never shown in exponent notation;
very small non-zero values keep enough digits to stay visible instead of collapsing to 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_Q = {n: Decimal(1).scaleb(-n) for n in range(0, 13)}


def _fixed(d: Decimal, places: int, group: bool = True) -> str:
    q = d.quantize(_Q[places], rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # never "-0.0"
    return f"{q:,.{places}f}" if group else f"{q:.{places}f}"


def money(
    d: Decimal | None, places: int | None = None, *, unknown: str = "?", group: bool = True
) -> str:
    """USD bn for display.

    With ``places`` (tables): that many decimals, ``1,039.6`` / ``46.57``; a non-zero value
    too small to show keeps three significant digits instead (``0.000123``), never ``0.00``.
    Without: precision adapts to size: ``1,039.6``, ``46.57``, ``0.194``, ``0.00000100``.
    """
    if d is None:
        return unknown
    a = abs(d)
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
    # tiny: three significant digits, no exponent
    places = min(12, -a.adjusted() + 2)
    return _fixed(d, places, group) if places <= 12 else "<0.000000000001"


def pct(d: Decimal | None, places: int = 2, *, unknown: str = "?") -> str:
    """A share (fraction) as percent: ``Decimal("0.0448")`` -> ``4.48 %``."""
    if d is None:
        return unknown
    p = d * 100
    if p != 0 and abs(p) < Decimal(1).scaleb(-places):
        return ("<" if p > 0 else ">-") + f"0.{'0' * (places - 1)}1 %"
    return f"{_fixed(p, places)} %"


def pct_short(d: Decimal | None) -> str:
    """A threshold as percent without needless zeros: ``0.035`` -> ``3.5 %``, ``0.02`` -> ``2 %``."""
    if d is None:
        return "?"
    return f"{plain(d * 100)} %"


def pp(d: Decimal | None, places: int = 2) -> str:
    """A difference of shares as signed percentage points: ``+0.25 pp``."""
    if d is None:
        return "?"
    p = d * 100
    s = _fixed(p, places)
    if not s.startswith("-") and p != 0 and s.strip("0.,") != "":
        s = "+" + s
    return f"{s} pp"


def signed_money(d: Decimal | None) -> str:
    if d is None:
        return "?"
    s = money(d)
    return s if s.startswith("-") or d == 0 else "+" + s


def plain(d: Decimal) -> str:
    """Exact decimal text without exponent or trailing zeros: ``0.0448``, ``30000``."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
