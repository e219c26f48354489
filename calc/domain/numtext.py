"""The exact text of a number: no rounding, no exponent, trailing zeros trimmed.

Not display formatting (that is :mod:`calc.output.fmt`, which rounds): the canonical spelling of
a value as a person typed it, for change descriptions (``Preset.modified``) and the refusal
messages of :mod:`calc.engine.changes`, so two different what-ifs never read the same.
``calc.output.fmt`` re-exports these names.
"""

from __future__ import annotations

from decimal import Context, Decimal

_EXACT = Context(prec=50)  # the engine's CONTEXT: exact_pct scales as the engine did


def plain(d: Decimal) -> str:
    """Exact decimal text without exponent or trailing zeros: ``0.0448``, ``30000``."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def exact_pct(d: Decimal) -> str:
    """A fraction as an exact percentage: ``0.034999`` -> ``3.4999 %``, ``0.03`` -> ``3 %``."""
    return f"{plain(d.scaleb(2, _EXACT))} %"


def exact_money(d: Decimal) -> str:
    """USD bn exactly, with thousands separators: ``1039.60`` -> ``1,039.6``."""
    whole, _, frac = plain(d).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")
