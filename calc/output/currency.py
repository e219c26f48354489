"""What the money of a rendered result is in: the unit words of the table and Markdown
headers, the JSON ``units`` and currency fields (see :mod:`calc.engine.currency`).

A result in USD (every v1 preset, and the default) reads exactly as before the currencies
came: the same unit line, the JSON only gaining ``currency: "USD"`` and ``eur_per_usd: null``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.currency import EUR, LABELS, NATIONAL, USD, group_currency, member_currency
from ..engine.evaluate import Result
from .fmt import _rounded

__all__ = ["group_currency", "member_currency"]

#: Decimal places of the euro rate in running text (the JSON writes it exactly).
RATE_PLACES = 4


def rate_text(rate: Decimal) -> str:
    """``0.8876`` (the exact rate is in the JSON)."""
    return f"{_rounded(rate, RATE_PLACES):.{RATE_PLACES}f}"


def unit_line(result: Result) -> str:
    """The header's unit words: ``USD bn at current prices``, the euro rate in ``eur``, each
    ally's own currency in ``national``."""
    if result.currency == EUR:
        rate = result.preset.eur_rate
        return (
            f"EUR bn at current prices (EUR {rate_text(rate)} per USD, "  # type: ignore[arg-type]
            f"from NATO's tables for {result.preset.year})"
        )
    if result.currency == NATIONAL:
        return "national bn at current prices (each ally's own currency: column Cur); groups in USD bn"
    return "USD bn at current prices"


def money_unit(result: Result) -> str:
    """The JSON ``units.money``."""
    if result.currency == EUR:
        return "EUR bn, current prices"
    if result.currency == NATIONAL:
        return "bn of each member's own currency (its currency field), current prices; groups USD bn"
    return "USD bn, current prices"


def short_unit(result: Result) -> str:
    """A money column's unit: ``USD bn``, ``EUR bn``, ``national bn``."""
    return {USD: "USD bn", EUR: "EUR bn", NATIONAL: "national bn"}[result.currency]


def document_fields(result: Result) -> dict[str, Any]:
    """The top-level ``currency`` and ``eur_per_usd`` (an exact decimal string, when in EUR)."""
    rate = result.preset.eur_rate
    return {
        "currency": LABELS[result.currency],
        "eur_per_usd": _exact(rate) if result.currency == EUR and rate is not None else None,
    }


def _exact(d: Decimal) -> str:
    from .jsonout import number_text

    return number_text(d)


def national(result: Result) -> bool:
    """Whether members carry a ``currency`` of their own (and groups ``currency: "USD"``)."""
    return result.currency == NATIONAL


def path_units(p) -> tuple[str, str, str]:
    """(header line, JSON ``units.money``, short unit) of a spending path
    (:class:`calc.engine.path.SpendingPath`): a member's path in ``national`` is in its own
    currency; a group's path stays in USD then (its members' currencies differ)."""
    bare = Result(p.preset, (), (), getattr(p, "currency", USD))
    if bare.currency == NATIONAL:
        code = member_currency(bare, p.id) if p.kind == "member" else "USD"
        return f"{code} bn at current prices", f"{code} bn, current prices", f"{code} bn"
    return unit_line(bare), money_unit(bare), short_unit(bare)
