"""The renderers of a member's or a group's history (JSON ``nato-calc.history/1``, CSV, an
80-column table, Markdown). The model and its semantics are in :mod:`calc.engine.timeline`.

Prices: ``current`` shows core spending in USD bn at current prices and GDP; ``constant`` shows
core spending in USD bn at 2021 prices, as NATO publishes it (Table 2). NATO's GDP at 2021 prices
is not in the release's tables as shipped, so GDP is not shown at constant prices (JSON
``gdp: null``; ``gdp_current`` keeps the current-price figure). Shares are the same either way.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.timeline import PRICES, History, HistoryYear, Record
from . import jsonout
from .fmt import align_columns, md_text, money, pct, pp, with_sign

HISTORY_SCHEMA = "nato-calc.history/1"
FORMATS = ("table", "csv", "json", "markdown")
#: What each price basis means, in the outputs' unit lines.
PRICE_UNITS = {"current": "USD bn, current prices", "constant": "USD bn, constant 2021 prices"}
CONSTANT_GDP = "GDP at 2021 prices is not in NATO's tables as shipped: not shown at constant prices"


def _core(y: HistoryYear, prices: str) -> Decimal | None:
    return y.core_constant if prices == "constant" else y.core


def _gdp(y: HistoryYear, prices: str) -> Decimal | None:
    return None if prices == "constant" else y.gdp


def year_dict(y: HistoryYear, prices: str = "current") -> dict[str, Any]:
    """One year: the six keys of the contract first, then the extensions."""
    M, S = jsonout.money, jsonout.share
    return {
        "year": y.year,
        "core_share": S(y.core_share),
        "core": M(_core(y, prices)),
        "gdp": M(_gdp(y, prices)),
        "equipment_share": S(y.equipment_share),
        "estimate": y.estimate,
        # extensions
        "core_current": M(y.core),
        "core_constant": M(y.core_constant),
        "gdp_current": M(y.gdp),
        "real_change": S(y.real_change),
        "core_share_change": S(y.share_change),
        "missing": list(y.missing),
        "rate": jsonout.share(y.rate),
    }


def record_dict(r: Record) -> dict[str, Any]:
    S = jsonout.share

    def change(c):
        return None if c is None else {"year": c.year, "change": S(c.change)}

    return {
        "from": r.first_year,
        "to": r.last_year,
        "largest_increase": change(r.largest_increase),
        "largest_decrease": change(r.largest_decrease),
        "average_change": S(r.average_change),
        "average_real_growth": S(r.average_real_growth),
        "increases": r.increases,
        "changes": r.changes,
        "units": {
            "changes": "points of GDP, as fractions of GDP (0.0105 is 1.05 points); the year is the "
            "later of the two",
            "average_change": "(last share - first share) / (last year - first year)",
            "average_real_growth": "(core_constant last / first) ^ (1 / years) - 1, a fraction a year",
        },
    }


def release_dict(h: History) -> dict[str, Any] | None:
    """``preset.release``: the keys of the report's (``calc.output.provenance.release_dict``)."""
    rel = h.preset.release
    if rel is None:
        return None

    def iso(d):
        return d.isoformat() if d else None

    return {
        "publisher": rel.publisher,
        "title": rel.title,
        "published": iso(rel.published),
        "cutoff": iso(rel.cutoff),
        "url": rel.url,
        "tables": dict(rel.tables),
        "credit": rel.credit,
        "next_expected": iso(rel.next_expected),
        "note": rel.note,
    }


def money_unit(h: History, prices: str) -> str:
    """``USD bn, current prices``, ``EUR bn, constant 2021 prices``..."""
    return PRICE_UNITS[prices].replace("USD", h.shown_code, 1)


def rate_text(h: History) -> str | None:
    """What the conversion out of US dollars used, or None in US dollars."""
    if h.shown == "national" and h.kind == "group":
        return "a group's money is not summed across currencies: it stays in US dollars"
    if h.shown_code == "USD":
        return None
    whose = "Germany's (the same for every euro-area ally)" if h.shown == "eur" else "the ally's"
    at = f"; 2021 prices at the {h.constant_rate_year} rate" if h.constant_rate_year else ""
    return f"{h.shown_code} per USD each year as NATO's tables imply it: {whose} Table 1 ÷ Table 2{at}"


def history_dict(h: History, prices: str = "current") -> dict[str, Any]:
    """The ``nato-calc.history/1`` document."""
    pr = h.preset
    member = group = None
    if h.kind == "member":
        member = {"code": h.id, "name": h.name, "currency": h.currency}
    else:
        group = {
            "id": h.id,
            "name": h.name,
            "basis": h.basis,
            "codes": list(h.codes),
            "left_out": list(h.left_out),
            "currency": "USD" if h.shown == "national" else None,
        }
    return {
        "schema": HISTORY_SCHEMA,
        "kind": h.kind,
        "member": member,
        "group": group,
        "preset": {"id": pr.id, "label": pr.label, "year": pr.year, "release": release_dict(h)},
        "currency": {"usd": "USD", "eur": "EUR", "national": "national"}[h.shown],
        "prices": prices,
        "units": {
            "money": money_unit(h, prices),
            "shares": "fraction of GDP",
            "equipment_share": "fraction of core spending",
            "real_change": "fraction, on the year before",
            **({"gdp": CONSTANT_GDP} if prices == "constant" else {}),
            **({"rate": rate_text(h)} if rate_text(h) else {}),
        },
        "real_change_basis": h.real_change_basis,
        "derived": list(h.derived),
        "from": h.first_year,
        "to": h.last_year,
        "years": [year_dict(y, prices) for y in h.years],
        "record": record_dict(h.record),
    }


def render_json(h: History, prices: str = "current") -> str:
    return jsonout.dumps(history_dict(h, prices)) + "\n"


CSV_COLUMNS = (
    "year",
    "core_share",
    "core",
    "gdp",
    "equipment_share",
    "estimate",
    "core_current",
    "core_constant",
    "gdp_current",
    "real_change",
    "core_share_change",
)


def render_csv(h: History, prices: str = "current") -> str:
    """One row per year, the JSON ``years`` columns (``core`` and ``gdp`` in the prices asked)."""
    from . import csvout

    return csvout.write(CSV_COLUMNS, ([year_dict(y, prices)[c] for c in CSV_COLUMNS] for y in h.years))


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def _basis_text(h: History) -> str:
    if h.basis == "aggregate":
        return f"NATO's printed totals for {h.name} (each ally counted from the year it joined)"
    if h.basis == "sum":
        return (
            f"sums of the {len(h.codes)} members' spending and GDP, each ally counted from the "
            "year it joined (share = Σcore ÷ ΣGDP)"
        )
    return "NATO's figures for the ally"


def joined_later(h: History) -> list[tuple[str, int]]:
    """(code, year joined) of the group's members that joined after the first year shown:
    the years before, they are in no sum (nor in NATO's totals)."""
    if h.kind != "group":
        return []
    out = []
    for c in h.codes:
        m = h.preset.member(c)
        if m is not None and m.joined is not None and m.joined > h.first_year:
            out.append((c, m.joined))
    return sorted(out, key=lambda cy: (cy[1], cy[0]))


def header_lines(h: History, prices: str) -> list[str]:
    pr = h.preset
    rel = pr.release
    source = f"preset {pr.id}" if rel is not None else f"{pr.label} [{pr.id}]"
    span = f"{h.first_year}–{h.last_year}" if h.first_year != h.last_year else str(h.first_year)
    lines = [f"History {span}: {h.name} [{h.id}] · {source}"]
    if rel is not None:
        cutoff = f", information to {rel.cutoff.day} {rel.cutoff:%B %Y}" if rel.cutoff else ""
        lines.append(f"Release: {rel.title} ({rel.publisher}{cutoff})")
    if pr.modified or pr.scenario:
        lines.append("What-ifs do not apply: these are the release's published figures")
    lines.append(f"Core defence spending: {_basis_text(h)}; e = NATO estimate")
    unit = money_unit(h, prices).replace(" bn, ", " bn at ")
    lines.append(
        f"{unit}; core share of GDP; equipment as a share of core spending"
        + ("; GDP at 2021 prices is not in NATO's tables as shipped" if prices == "constant" else "")
    )
    rates = rate_text(h)
    if rates:
        lines.append(rates[0].upper() + rates[1:])
    lines.append(f"Real: change of core spending at 2021 prices, {h.real_change_basis}")
    if h.derived:
        lines.append(
            "Derived: " + ", ".join(d.replace("_", " ") for d in h.derived) + " (core-weighted over "
            "the allies of each year; NATO prints none for the total)"
        )
    later = joined_later(h)
    if later:
        lines.append("Counted from the year they joined: " + ", ".join(f"{c} {y}" for c, y in later))
    ally = h.preset.member(h.id) if h.kind == "member" else None
    if ally is not None and ally.joined is not None and ally.joined > h.first_year:
        lines.append(
            f"Joined NATO in {ally.joined}: not yet an ally the years before (NATO publishes its figures)"
        )
    if h.left_out:
        lines.append("Left out (no figures): " + ", ".join(h.left_out))
    gaps = [f"{y.year}: {', '.join(y.missing)}" for y in h.years if y.missing and h.basis == "sum"]
    if gaps:
        lines.append("Missing from the sums: " + "; ".join(gaps))
    return lines


def record_lines(r: Record) -> list[str]:
    """The record in words (an empty list for a single year)."""
    if r.changes == 0:
        return []
    up, down = r.largest_increase, r.largest_decrease
    assert up is not None and down is not None
    rise = "largest rise" if up.change > 0 else "no rise; smallest fall"
    fall = "largest fall" if down.change < 0 else "smallest rise"
    lines = [
        f"Record {r.first_year}–{r.last_year}, core share: {rise} {pp(up.change)} "
        f"({up.year}), {fall} {pp(down.change)} ({down.year}); on average "
        f"{pp(r.average_change)} a year; it rose in {r.increases} of {r.changes} years"
    ]
    if r.average_real_growth is not None:
        lines.append(f"Real growth of core spending: {pct(r.average_real_growth)} a year on average")
    return lines


def _places(h: History, prices: str) -> int:
    values = [v for v in (_core(y, prices) for y in h.years) if v is not None]
    return 1 if values and max(values) >= 100 else 2


def year_rows(h: History, prices: str) -> tuple[list[str], list[list[str]]]:
    q = _places(h, prices)
    header = ["Year", "Core %", "Change", "Core"]
    if prices == "current":
        header.append("GDP")
    header += ["Equip %", "Real"]
    rows = []
    for y in h.years:
        row = [
            f"{y.year}{'e' if y.estimate else ''}",
            pct(y.core_share, unknown="n/a"),
            "–" if y.share_change is None else pp(y.share_change),
            money(_core(y, prices), q, unknown="n/a"),
        ]
        if prices == "current":
            row.append(money(y.gdp, 1, unknown="n/a"))
        row += [
            pct(y.equipment_share, unknown="n/a"),
            "–" if y.real_change is None else _signed_pct(y.real_change),
        ]
        rows.append(row)
    return header, rows


def _signed_pct(d: Decimal) -> str:
    return with_sign(d, pct(d, 1))


def render_table(h: History, prices: str = "current", width: int = 80) -> str:
    import textwrap

    lines: list[str] = []
    for line in header_lines(h, prices):
        lines += textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False)
    header, rows = year_rows(h, prices)
    lines += ["", *align_columns(rows, header, {0})]
    record = record_lines(h.record)
    if record:
        lines.append("")
        for line in record:
            lines += textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False)
    lines.append("Change: core share minus the year before's, in points of GDP (pp)")
    if h.preset.release is not None and h.preset.release.credit:
        lines.append(h.preset.release.credit)
    return "\n".join(lines) + "\n"


def render_markdown(h: History, prices: str = "current") -> str:
    head = header_lines(h, prices)
    lines = [f"## {md_text(head[0])}", ""]
    lines += [f"- {md_text(x)}" for x in head[1:]] + [""]
    header, rows = year_rows(h, prices)
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|:--|" + "--:|" * (len(header) - 1))
    lines += ["| " + " | ".join(md_text(c) for c in r) + " |" for r in rows]
    lines.append("")
    lines += [md_text(x) + "." for x in record_lines(h.record)]
    lines.append("")
    credit = h.preset.release.credit if h.preset.release is not None else ""
    lines += [(md_text(credit) + ". " if credit else "") + "Made with nato-calc.", ""]
    return "\n".join(lines)


def render(h: History, fmt: str, prices: str = "current", width: int = 80) -> str:
    if prices not in PRICES:
        raise ValueError(prices)
    if fmt == "json":
        return render_json(h, prices)
    if fmt == "csv":
        return render_csv(h, prices)
    if fmt == "markdown":
        return render_markdown(h, prices)
    return render_table(h, prices, width)


__all__ = ["FORMATS", "HISTORY_SCHEMA", "history_dict", "record_lines", "render", "year_dict"]
