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
    ally's own currency in ``national``; then whether Ukraine aid is counted (:func:`aid_words`)."""
    aid = aid_words(result.preset)
    return f"{_money_words(result)}; {aid}" if aid else _money_words(result)


def aid_words(preset) -> str:
    """Whether the preset counts Ukraine aid toward core spending, in the headers' words; ""
    for a preset that gives no aid figure and does not count it (nothing to count: the JSON's
    ``counts_ukraine_aid`` still says false)."""
    if preset.counts_ukraine_aid:
        return "Ukraine aid counted toward core spending (core and its shares include it)"
    if any(m.ukraine_aid is not None for m in preset.members):
        return "Ukraine aid not counted toward core spending"
    return ""


def aid_notice(preset) -> str | None:
    """Why counting Ukraine aid changes nothing for ``preset`` (None when it counts something,
    or is not asked to): no ally has a full-year aid figure (``nato-2026`` 2026: Kiel's data
    cover January-April only). For the CLI's notice and the TUI's toggle."""
    if not preset.counts_ukraine_aid:
        return None
    figures = [m.ukraine_aid for m in preset.members if m.assessed and m.ukraine_aid is not None]
    if any(f.status != "partial" for f in figures):
        return None
    why = " (the figures there cover part of the year only)" if figures else ""
    return f"Ukraine aid counted, but no ally has a full-year aid figure for {preset.year}{why}: nothing is added"


def _money_words(result: Result) -> str:
    if result.currency == EUR:
        rate = result.preset.eur_rate
        assert rate is not None, "a result in EUR has its rate"
        return (
            f"EUR bn at current prices (EUR {rate_text(rate)} per USD, "
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
    """The top-level ``currency`` and ``eur_per_usd`` (an exact decimal string, when in EUR),
    and ``counts_ukraine_aid`` (whether Ukraine aid is counted toward core spending)."""
    rate = result.preset.eur_rate
    return {
        "currency": LABELS[result.currency],
        "eur_per_usd": _exact(rate) if result.currency == EUR and rate is not None else None,
        "counts_ukraine_aid": result.preset.counts_ukraine_aid,
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
        aid = aid_words(p.preset)
        head = f"{code} bn at current prices" + (f"; {aid}" if aid else "")
        return head, f"{code} bn, current prices", f"{code} bn"
    return unit_line(bare), money_unit(bare), short_unit(bare)
