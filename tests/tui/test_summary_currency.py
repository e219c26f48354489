"""The copied summary (y) gives the money the screen shows: in euros at NATO's rate, or each
ally in its own currency, with the unit said; it used to give dollars whatever the screen showed."""

from __future__ import annotations

from decimal import Decimal as D

from calc.engine.changes import Change
from calc.files.presets import load_by_id
from calc.tui.session import Session


def _session(currency: str) -> Session:
    s = Session([])
    s.start(
        load_by_id("nato-2026"),
        [Change("set", "DEU", "core_share", D("0.03")), Change("set", "POL", "core_share", D("0.05"))],
    )
    s.set_currency(currency)
    return s


def test_in_euros_the_summary_is_in_euros_at_natos_rate():
    text = _session("eur").summary()
    # Germany: GDP USD 5,455.98 bn x 3 % = USD 163.68 bn; x EUR 0.84802 per USD = EUR 138.80 bn
    assert "DEU Germany: core 3.00 % of GDP (€138.80 bn)" in text
    assert "$" not in text
    assert "Amounts in EUR bn at current prices (EUR 0.8480 per USD, from NATO's tables for 2026)" in text


def test_in_dollars_the_summary_is_as_before():
    text = _session("usd").summary()
    assert "DEU Germany: core 3.00 % of GDP ($163.68 bn)" in text
    assert "Amounts in USD bn at current prices;" in text


def test_in_national_currencies_each_ally_has_its_code_and_the_groups_stay_in_dollars():
    text = _session("national").summary()
    line = next(x for x in text.splitlines() if x.strip().startswith("DEU Germany"))
    # Germany's own currency is the euro: 5,455.98 x 0.84802 = EUR 4,626.76 bn
    assert "(€138.80 bn)" in line and "GDP €4,626.8 bn" in line
    pol = next(x for x in text.splitlines() if x.strip().startswith("POL Poland"))
    assert pol.startswith("  POL Poland: core 5.00 % of GDP (PLN ") and "GDP PLN " in pol
    group = next(x for x in text.splitlines() if x.startswith("NATO ("))
    assert "($" in group  # a group of many currencies is summed in USD
    assert "bn of each ally's own currency (its code before the amount), groups in USD bn" in text
