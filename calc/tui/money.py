"""How the TUI writes money in the currency shown: ``$147.00 bn``, ``€124.66 bn``, ``PLN 187.30 bn``
(no Textual, no Rich). The figures come converted by :func:`calc.engine.currency.convert`;
this only names their unit. Groups are in USD when each ally is in its own currency."""

from __future__ import annotations

from decimal import Decimal

from ..engine.currency import EUR, NATIONAL, USD, member_currency
from ..engine.evaluate import Result
from ..output.fmt import money

#: What the currency toggle calls each currency, in the order it steps through them.
NAMES = {USD: "US dollars", EUR: "euros", NATIONAL: "each ally's own currency"}
ORDER = (USD, EUR, NATIONAL)
_SYMBOLS = {"USD": "$", "EUR": "€"}


def prefix(result: Result, code: str | None = None) -> str:
    """What goes before an amount: ``$``, ``€``, or an ISO code and a space (``PLN ``) for a
    member (``code``) in its own currency; a group (``code`` None) in ``national`` is in USD."""
    if result.currency == NATIONAL and code is None:
        return "$"
    iso = member_currency(result, code) if code is not None else ("EUR" if result.currency == EUR else "USD")
    return sign(iso)


def sign(iso: str) -> str:
    """What goes before an amount in the currency ``iso`` (ISO 4217): ``$``, ``€``, else the
    code and a space (``PLN ``)."""
    return _SYMBOLS.get(iso, f"{iso} ")


def amount(result: Result, value: Decimal | None, places: int | None = 2, code: str | None = None) -> str:
    """``$147.00 bn`` in the currency of ``result`` (of member ``code``; a group without)."""
    return f"{prefix(result, code)}{money(value, places)} bn"


def column_unit(currency: str) -> str:
    """The unit in a money column's title: ``$bn``, ``€bn``, ``bn`` (each row its own currency)."""
    return {USD: "$bn", EUR: "€bn", NATIONAL: "bn"}[currency]


def tag(result: Result) -> str:
    """The session bar's word for money not in US dollars: ``EUR``, ``national currencies``."""
    return {USD: "", EUR: "EUR", NATIONAL: "national currencies"}[result.currency]
