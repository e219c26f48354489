"""The currency shown, in the session model (no Textual): a conversion of the result in force,
never an evaluation; shares, order and meets-flags stay; groups in USD in national currencies.

Figures from presets/nato-2026.toml: Germany 2026 core USD 147.002 bn = EUR 124.66 bn (NATO's
Table 1), EUR 0.84801567... per USD (Germany's Table 1 / Table 2); Poland core USD 53.08 bn =
PLN 193.789 bn; NATO core USD 1,809.913 bn.
"""

from __future__ import annotations

from decimal import Decimal

from calc.engine.changes import Change
from calc.engine.evaluate import CONTEXT
from calc.files.presets import load_by_id
from calc.tui.money import amount, column_unit, prefix, tag
from calc.tui.session import ALL, Session

D = Decimal


def session(preset: str = "nato-2026", currency: str = "usd") -> Session:
    s = Session(currency=currency)
    s.start(load_by_id(preset))
    return s


def core(s: Session, code: str) -> Decimal:
    return s.shown.member(code).core


class TestToggle:
    def test_it_steps_from_dollars_to_euros_to_each_allys_own_currency_and_back(self):
        s = session()
        seen = []
        for _ in range(3):
            changed = s.cycle_currency()
            seen.append(s.currency)
            assert changed.members == ALL and changed.rows and changed.columns and changed.old is None
        assert seen == ["eur", "national", "usd"]

    def test_euros_are_nato_s_rate_times_the_dollars_and_the_status_line_gives_the_rate(self):
        s = session()
        changed = s.set_currency("eur")
        rate = s.preset.eur_rate
        assert core(s, "DEU") == CONTEXT.multiply(D("147.002"), rate)
        assert round(core(s, "DEU"), 2) == D("124.66")  # NATO's Table 1, in euros
        assert s.shown.group("nato").core == CONTEXT.multiply(D("1809.913"), rate)
        assert changed.notice.startswith("Money in euros: EUR 0.8480 per USD in 2026, from NATO's own tables")

    def test_in_national_currencies_each_ally_has_its_own_and_the_groups_stay_in_dollars(self):
        s = session()
        s.set_currency("national")
        assert round(core(s, "POL"), 3) == D("193.789")  # NATO's Table 1, in zloty
        assert round(core(s, "DEU"), 2) == D("124.66")
        assert s.shown.group("nato").core == D("1809.913")
        assert (prefix(s.shown, "POL"), prefix(s.shown, "DEU"), prefix(s.shown)) == ("PLN ", "€", "$")
        assert amount(s.shown, core(s, "POL"), 2, "POL") == "PLN 193.79 bn"
        assert "groups stay in US dollars" in s.currency_text()

    def test_nothing_is_evaluated_again_and_the_shares_and_order_stay(self):
        s = session()
        s.set_sort(("gdp", True))
        result, order = s.result, [m.code for m in s.view_members()]
        s.set_currency("national")  # zloty and forints would sort otherwise
        assert s.result is result
        assert [m.code for m in s.shown_members()] == order
        for usd, shown in zip(s.result.members, s.shown.members):
            assert (usd.core_share, usd.meets_core) == (shown.core_share, shown.meets_core)

    def test_the_conversion_is_worked_out_once_per_result(self):
        s = session()
        s.set_currency("eur")
        assert s.shown is s.shown
        s.commit(Change("set", "DEU", "core_share", D("0.035")))
        assert core(s, "DEU") == CONTEXT.multiply(D("0.035") * D("5455.98"), s.preset.eur_rate)

    def test_a_preset_without_rates_keeps_dollars_and_says_which_has_them(self):
        s = session("nato-2025")
        changed = s.set_currency("eur")
        assert s.currency == "usd" and changed.notices[0].severity == "warning"
        assert (
            "nato-2025 gives no exchange rates" in changed.notice and "nato-2026 has them" in changed.notice
        )

    def test_opening_a_preset_without_rates_goes_back_to_dollars_and_says_so(self):
        s = session(currency="eur")
        changed = s.open_preset("nato-2025")
        assert s.currency == "usd" and s.shown is s.result
        assert any(
            "Money back in US dollars: nato-2025 gives no exchange rates" in n.text for n in changed.notices
        )

    def test_another_year_uses_that_years_rate(self):
        s = session(currency="eur")
        changed = s.step_year(-1)
        assert changed.notice.endswith("· EUR 0.8855 per USD in 2025")
        assert s.preset.eur_rate != load_by_id("nato-2026").eur_rate
        assert core(s, "DEU") == CONTEXT.multiply(D("112.141"), s.preset.eur_rate)

    def test_compare_mode_shows_dollars_and_refuses_another_currency(self):
        s = session(currency="eur")
        s.compare_with(s.compare_side_for("base", "nato-2026"))
        assert s.shown is s.result
        changed = s.set_currency("national")
        assert s.currency == "eur" and "Compare mode shows US dollars" in changed.notice
        s.stop_compare()
        assert core(s, "DEU") == CONTEXT.multiply(D("147.002"), s.preset.eur_rate)

    def test_an_export_is_in_the_currency_shown(self):
        s = session(currency="eur")
        assert '"currency": "EUR"' in s.render_report("json")


class TestLabels:
    def test_the_column_unit_and_the_bar_tag_name_the_currency(self):
        assert [column_unit(c) for c in ("usd", "eur", "national")] == ["$bn", "€bn", "bn"]
        s = session()
        assert tag(s.shown) == ""
        s.set_currency("eur")
        assert tag(s.shown) == "EUR"
        s.set_currency("national")
        assert tag(s.shown) == "national currencies"
