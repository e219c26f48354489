"""Money in another currency: an evaluated :class:`~calc.engine.evaluate.Result` with every money
figure converted (pure, exact).

The engine works in USD bn at current prices; conversion is a step after it, so switching
currency never evaluates again (:func:`convert` of the result in force is all a view needs):

* ``usd``: the result itself (no copy, no cost);
* ``eur``: every money figure of members and groups (the registry's unit ``MONEY``) times the
  preset's ``eur_rate`` (euros per US dollar in the preset's year, from NATO's own tables: the
  same for every euro-area ally), and the benchmarks' values with them;
* ``national``: every money figure of each member times its own ``usd_rate`` (units of its
  currency per US dollar); groups stay in USD (their members' currencies differ), and so do
  the benchmarks. A member without a rate stays in USD.

Shares (of GDP, of core) are unchanged. Products are exact in the engine's context
(:data:`~calc.engine.evaluate.CONTEXT`): rates and figures carry far fewer than its 50 digits.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..domain import registry
from ..domain.dataset import Preset
from ..errors import CalcError
from .evaluate import CONTEXT, GroupResult, MemberResult, Result

USD, EUR, NATIONAL = "usd", "eur", "national"
#: ``--currency`` choices, in the order they are listed.
CURRENCIES = (USD, EUR, NATIONAL)
#: The JSON ``currency`` of each choice.
LABELS = {USD: "USD", EUR: "EUR", NATIONAL: "national"}
#: A preset shipped with the rates, for the message that refuses a preset without them.
WITH_RATES = "nato-2026"

#: Positions of the money figures (registry unit MONEY) in the result tuples: a figure derived
#: on demand (a property) follows from the stored ones.
_MEMBER_MONEY = tuple(
    MemberResult._fields.index(f.key)
    for f in registry.MEMBER_FIGURES
    if f.unit == registry.MONEY and f.key in MemberResult._fields
)
_GROUP_MONEY = tuple(
    GroupResult._fields.index(g.key)
    for g in registry.GROUP_FIGURES
    if g.unit == registry.MONEY and g.key in GroupResult._fields
)


class CurrencyError(CalcError):
    """A currency the preset cannot give (no rates), or an unknown currency name."""


def check(currency: str) -> str:
    """``currency`` as one of :data:`CURRENCIES` (any case), or a :class:`CurrencyError`."""
    c = currency.strip().lower()
    if c not in CURRENCIES:
        raise CurrencyError(f"unknown currency {currency!r}; currencies: {', '.join(CURRENCIES)}")
    return c


def rates_problem(preset: Preset, currency: str) -> str | None:
    """Why ``preset`` cannot be shown in ``currency`` (None when it can)."""
    if currency == EUR and preset.eur_rate is None:
        what = "euro rate"
    elif currency == NATIONAL and not any(m.usd_rate is not None for m in preset.members):
        what = "national-currency rates"
    else:
        return None
    return (
        f"--currency {currency}: preset '{preset.id}' gives no {what} (money is in USD only); "
        f"use a preset that does, e.g. {WITH_RATES}"
    )


def convert(result: Result, currency: str) -> Result:
    """``result`` with its money in ``currency`` (``usd``, ``eur`` or ``national``).

    Cheap enough for every keypress: one multiplication per money figure, nothing evaluated
    again. Convert the USD result (the one :func:`~calc.engine.evaluate.reevaluate` keeps
    updating), never a converted one: ``convert(convert(r, "eur"), "national")`` is refused.

    Raises:
        CurrencyError: an unknown currency, a result already converted, or a preset without
            the rates (:func:`rates_problem`).
    """
    currency = check(currency)
    if result.currency == currency:
        return result
    if result.currency != USD:
        raise CurrencyError(f"the result is already in {LABELS[result.currency]}: convert the USD one")
    problem = rates_problem(result.preset, currency)
    if problem:
        raise CurrencyError(problem)
    p = result.preset
    if currency == EUR:
        rate = p.eur_rate
        assert rate is not None
        members = tuple(_member(m, rate) for m in result.members)
        groups = tuple(_group(g, rate) for g in result.groups)
        preset = replace(
            p,
            benchmarks=tuple(
                replace(
                    b,
                    value=CONTEXT.multiply(b.value, rate),
                    comparator_value=None
                    if b.comparator_value is None
                    else CONTEXT.multiply(b.comparator_value, rate),
                )
                for b in p.benchmarks
            ),
        )
        return Result(preset, members, groups, EUR)
    rates = {m.code: m.usd_rate for m in p.members}
    members = tuple(m if (rate := rates.get(m.code)) is None else _member(m, rate) for m in result.members)
    return Result(p, members, result.groups, NATIONAL)


def _scaled(values: tuple[Any, ...], positions: tuple[int, ...], rate: Decimal) -> list[Any]:
    """``values`` with those at ``positions`` times ``rate`` (None stays None). The tuple is
    copied once and rebuilt without ``_replace``'s keyword dictionary: a conversion costs less
    than an evaluation."""
    out = list(values)
    mul = CONTEXT.multiply
    for i in positions:
        v = out[i]
        if v is not None:
            out[i] = mul(v, rate)
    return out


def _member(m: MemberResult, rate: Decimal) -> MemberResult:
    return MemberResult._make(_scaled(m, _MEMBER_MONEY, rate))


def _group(g: GroupResult, rate: Decimal) -> GroupResult:
    return GroupResult._make(_scaled(g, _GROUP_MONEY, rate))


def member_currency(result: Result, code: str) -> str:
    """The ISO 4217 code a member's money is in: its own in ``national`` (USD when the preset
    gives it no rate), else the result's."""
    if result.currency == NATIONAL:
        m = result.preset.member(code)
        if m is not None and m.usd_rate is not None and m.currency:
            return m.currency
        return "USD"
    return LABELS[result.currency]


def group_currency(result: Result) -> str:
    """The ISO code a group's money is in: EUR when the result is in euros, else USD."""
    return "EUR" if result.currency == EUR else "USD"
