"""The renderers of a spending path (JSON ``nato-calc.path/1``, CSV, an 80-column table,
Markdown, xlsx). The model and its semantics (:func:`plan`, :class:`SpendingPath`...) are in
:mod:`calc.engine.path`; its names are re-exported here for the callers of ``calc.output.path``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..engine.evaluate import Result
from ..engine.path import (  # re-exported: the model
    DEFAULT_GROWTH,
    DEFAULT_INFLATION,
    GROWTH_RULE,
    SHAPE_FORMULAS,
    SHAPES,
    LeftOut,
    MemberPath,
    PathYear,
    SpendingPath,
    end_shares,
    member_path,
    plan,
    progress,
    sum_paths,
)
from . import jsonout, provenance
from .currency import document_fields, path_units
from .fmt import align_columns, gdp_share, md_text, money, pct, pct_short, pp
from .markers import flag_texts

PATH_SCHEMA = "nato-calc.path/1"


def year_dict(y: PathYear) -> dict[str, Any]:
    M, S = jsonout.money, jsonout.share
    return {
        "year": y.year,
        "gdp": M(y.gdp),
        "core_share": S(y.core_share),
        "core": M(y.core),
        "related_share": S(y.related_share),
        "related": M(y.related),
        "total_share": S(y.total_share),
        "total": M(y.total),
        "increase": M(y.increase),
        "extra_vs_today": M(y.extra_vs_today),
        "extra_core_vs_today": M(y.extra_core_vs_today),
    }


def _start_end(years: Sequence[PathYear], i: int) -> dict[str, Any]:
    y = years[i]
    S = jsonout.share
    return {
        "year": y.year,
        "core_share": S(y.core_share),
        "related_share": S(y.related_share),
        "total_share": S(y.total_share),
    }


def path_dict(p: SpendingPath) -> dict[str, Any]:
    """The ``nato-calc.path/1`` document."""
    from .history import record_dict
    from .report import preset_dict, targets_dict

    M, S = jsonout.money, jsonout.share
    pr = p.preset
    bare = Result(pr, (), ())  # preset_dict / targets_dict only read the preset
    return {
        "schema": PATH_SCHEMA,
        "scope": {
            "kind": p.kind,
            "id": p.id,
            "name": p.name,
            "codes": list(p.codes),
            "left_out": [{"code": x.code, "name": x.name, "reason": x.reason} for x in p.left_out],
            "preset": preset_dict(bare),
        },
        "assumptions": {
            "base_year": p.base_year,
            "target_year": p.target_year,
            "shape": p.shape,
            "progress": SHAPE_FORMULAS[p.shape] + "; t = (year - base_year) / (target_year - base_year)",
            "targets": targets_dict(bare),
            "growth": {
                "rule": GROWTH_RULE,
                "override": p.growth_override,
                "scenario": pr.growth.default,
                "scenario_members": {c: g for c, g in pr.growth.members},
                "default": DEFAULT_GROWTH,
                "by_member": {m.code: m.growth for m in p.members},
            },
            "gdp": "G_y = G_0 * (1 + g)^(y - base_year), per member",
            "core": "core share from today's to max(today's, core, total - related_cap)",
            "related": (
                "counted related share (unknown = 0; at most related_cap of GDP) from today's to "
                "max(today's, min(related_cap, total - end core share)); never a cut"
            ),
            "extra_vs_today": "total minus today's (core + counted related) shares at that year's GDP",
            "extra_core_vs_today": (
                "the core target alone: core share from today's to max(today's, core) in the same "
                "shape, minus today's core share, at that year's GDP"
            ),
            "start": _start_end(p.years, 0),
            "end": _start_end(p.years, -1),
        },
        "units": {
            "money": _money_unit(p) if p.prices == "constant" else path_units(p)[1],
            "shares": "fraction of GDP",
        },
        "years": [year_dict(y) for y in p.years],
        "cumulative_extra": M(p.cumulative_extra),
        "cumulative_extra_core": M(p.cumulative_extra_core),
        # extensions: prices, the record
        "prices": p.prices,
        "inflation": p.inflation if p.inflation_used else None,
        # extension (issue 13): the real growth given (--real-growth); growth.override is then
        # its nominal rate, (1 + real_growth) * (1 + inflation) - 1
        "real_growth": p.real_growth,
        "constant_prices": CONSTANT_RULE if p.cumulative_extra_constant is not None else None,
        "cumulative_extra_constant": M(p.cumulative_extra_constant),
        "cumulative_extra_core_constant": M(p.cumulative_extra_core_constant),
        "needed": {
            "average_change": S(p.needed_average),
            "largest_change": {"year": p.needed_largest.year, "change": S(p.needed_largest.change)},
            "within_record": p.within_record,
        },
        "record": None if p.record is None else record_dict(p.record),
        # extension: each member's contribution (for groups; one entry for a member)
        "members": [
            {
                "code": m.code,
                "name": m.name,
                "growth": m.growth,
                "growth_source": m.growth_source,
                "related_known": m.related_known,
                "start": {"core_share": S(m.start_core_share), "related_share": S(m.start_related_share)},
                "end": {"core_share": S(m.end_core_share), "related_share": S(m.end_related_share)},
                "final_total": M(m.final.total),
                "final_extra_vs_today": M(m.final.extra_vs_today),
                "cumulative_extra": M(m.cumulative_extra),
                "cumulative_extra_core": M(m.cumulative_extra_core),
                "flags": list(flag_texts(m.flags)),
            }
            for m in p.members
        ],
        # extension (issue 12): what the money is in
        **document_fields(Result(pr, (), (), p.currency)),
    }


CONSTANT_RULE = (
    "USD at 2021 prices: each member's money x its base year's core_constant / core (NATO "
    "Table 2), divided by (1 + inflation)^(year - base_year)"
)


def _money_unit(p: SpendingPath) -> str:
    if p.prices == "constant":
        return f"USD bn, constant 2021 prices ({pct(p.inflation)} inflation a year after {p.base_year})"
    return "USD bn, current prices"


def render_json(p: SpendingPath) -> str:
    return jsonout.dumps(path_dict(p)) + "\n"


# --------------------------------------------------------------------------------------------
# CSV, text table, Markdown
# --------------------------------------------------------------------------------------------

# Wrapped by hand, kept as written: ruff's layout takes 9 more lines.
CSV_COLUMNS = (
    "year", "gdp", "core_share", "core", "related_share", "related", "total_share", "total",
    "increase", "extra_vs_today", "extra_core_vs_today",
)  # fmt: skip


def render_csv(p: SpendingPath) -> str:
    """One row per year (the scope's path); the cumulative extras are the sums of the last two
    columns (``extra_vs_today``: the whole plan; ``extra_core_vs_today``: the core target alone)."""
    from . import csvout

    return csvout.write(CSV_COLUMNS, ([year_dict(y)[c] for c in CSV_COLUMNS] for y in p.years))


def _places(p: SpendingPath) -> int:
    return 1 if max(y.total for y in p.years) >= 100 else 2


def _growth_text(p: SpendingPath) -> str:
    rates = {m.growth for m in p.members}
    sources = {m.growth_source for m in p.members}
    override = "--growth"
    if p.real_growth is not None:
        override = f"--real-growth {pct(p.real_growth)} with {pct(p.inflation)} inflation"
    label = {
        "scenario-member": "scenario, per member",
        "override": override,
        "scenario": "scenario",
        "default": "default: GDP held at today's level",
    }
    if len(rates) == 1:
        (rate,) = rates
        src = ", ".join(label[s] for s in sorted(sources))
        return f"{pct(rate)}/yr ({src})"
    lo, hi = min(rates), max(rates)
    return f"{pct(lo)} to {pct(hi)}/yr by member (see below)"


def header_lines(p: SpendingPath) -> list[str]:
    pr = p.preset
    t = p.targets
    scope = f"{p.name} [{p.id}]"
    lines = [f"Path to {p.target_year}: {scope} · {pr.label} [{pr.id}]"]
    if pr.scenario:
        lines.append(f"Scenario: {pr.scenario}")
    if pr.modified:
        from .report import modified_text

        lines.append("Modified: " + modified_text(pr.modified))
    lines.append(
        f"Shape: {p.shape} ({SHAPE_FORMULAS[p.shape].split(': ', 1)[1]}) · GDP growth: {_growth_text(p)}"
    )
    lines.append(
        f"Targets: {pct_short(t.core)} core, {pct_short(t.total)} total with related spending "
        f"counted up to {pct_short(t.related_cap)}; no member plans a cut"
    )
    first, last = p.years[0], p.years[-1]
    lines.append(
        f"From {gdp_share(first.core_share, t)} core + {pct(first.related_share)} related = "
        f"{gdp_share(first.total_share, t)} in {first.year} to {gdp_share(last.core_share, t)} + "
        f"{pct(last.related_share)} = {gdp_share(last.total_share, t)} in {last.year}"
    )
    unknown = [m.code for m in p.members if not m.related_known]
    if unknown:
        who = (
            f"{p.id}'s related spending is"
            if p.kind == "member"
            else f"Related spending of {len(unknown)} of {len(p.members)} members is"
        )
        lines.append(f"{who} unknown today: counted as 0")
    placeholders = [m.code for m in p.members if any(f.status == "placeholder" for f in m.flags)]
    if placeholders:
        lines.append("Placeholder figures (not estimates): " + ", ".join(placeholders))
    if p.left_out:
        lines.append("Left out: " + "; ".join(f"{x.code}: {x.reason}" for x in p.left_out))
    lines += record_lines(p)
    if p.prices == "constant":
        lines.append(
            f"USD bn at 2021 prices: the {p.base_year} price ratio of NATO's Table 2, then "
            f"{pct(p.inflation)} inflation a year assumed (--inflation)"
            + (", as in the nominal growth" if p.real_growth is not None else "")
        )
        if any(m.growth < p.inflation for m in p.members):
            lines.append("GDP grows by less than the inflation assumed: at 2021 prices it falls")
    else:
        if p.inflation_used:
            lines.append(inflation_text(p))
        lines.append(path_units(p)[0])
    return lines


def inflation_text(p: SpendingPath) -> str:
    """What the inflation assumed does at current prices: it makes the nominal growth from
    ``--real-growth`` and deflates the cumulative extra to 2021 prices."""
    uses = []
    if p.real_growth is not None:
        uses.append(f"real growth {pct(p.real_growth)} → nominal {pct(p.growth_override)}")
    if p.cumulative_extra_constant is not None:
        uses.append("the cumulative extra at 2021 prices")
    return (
        f"Inflation assumed: {pct(p.inflation)} a year after {p.base_year} (--inflation), for "
        + " and ".join(uses)
    )


def record_lines(p: SpendingPath) -> list[str]:
    """The core-share growth the plan needs, next to the scope's record (when the preset has
    one): "is this plan credible?" in one look."""
    r = p.record
    if r is None or r.largest_increase is None:
        return []
    big, up = p.needed_largest, r.largest_increase
    if up.change > 0:
        best = f"largest rise {pp(up.change)} ({up.year})"
        verdict = "within its record" if p.within_record else "beyond its largest rise"
    else:
        best, verdict = "no rise", "beyond its record"
    record = f"record {r.first_year}–{r.last_year}: {best}, on average {pp(r.average_change)} a year"
    if big.change <= 0:
        return [f"Needs: no rise in core share; {record}"]
    return [
        f"Needs: core share {pp(p.needed_average)} a year on average, largest step "
        f"{pp(big.change)} ({big.year}); {record}: the plan's largest step is {verdict}"
    ]


def constant_text(p: SpendingPath, bold: bool = False) -> str | None:
    """The cumulative extras at 2021 prices, with the inflation assumed (None without them)."""
    if p.cumulative_extra_constant is None or p.cumulative_extra_core_constant is None:
        return None
    q = _places(p)
    a, b = money(p.cumulative_extra_constant, q), money(p.cumulative_extra_core_constant, q)
    if bold:
        a, b = f"**{a}**", f"**{b}**"
    return (
        f"USD bn at 2021 prices ({pct(p.inflation)} inflation a year assumed after {p.base_year}): "
        f"cumulative extra {a}, the core target alone {b}"
    )


def _dash0(d: Decimal | None, places: int) -> str:
    if d is None:
        return "–"
    return "·" if d == 0 else money(d, places)


def core_only_text(p: SpendingPath, bold: bool = False) -> str:
    """The line giving the cumulative extra to the core target alone."""
    amount = money(p.cumulative_extra_core, _places(p))
    if bold:
        amount = f"**{amount}**"
    return (
        f"To reach the {pct_short(p.targets.core)} core target alone (core spending over "
        f"today's core share), cumulative {p.base_year + 1}–{p.target_year}: {amount}"
    )


def year_rows(p: SpendingPath) -> tuple[list[str], list[list[str]]]:
    q = _places(p)
    header = ["Year", "GDP", "Core %", "Core", "Rel %", "Rel", "Total %", "Total", "Increase", "Extra"]
    rows = [
        [
            str(y.year),
            money(y.gdp, 1),
            gdp_share(y.core_share, p.targets),
            money(y.core, q),
            pct(y.related_share),
            money(y.related, q),
            gdp_share(y.total_share, p.targets),
            money(y.total, q),
            _dash0(y.increase, q),
            _dash0(y.extra_vs_today, q),
        ]
        for y in p.years
    ]
    return header, rows


def member_rows(p: SpendingPath) -> tuple[list[str], list[list[str]]]:
    q = _places(p)
    last = p.target_year
    # Wrapped by hand, kept as written: ruff's layout takes 8 more lines.
    header = ["Code", "Growth", "Core now", "Core end", "Total now", "Total end", f"Extra {last}",
              "Cumulative"]  # fmt: skip
    rows = [
        [
            m.code,
            pct(m.growth),
            gdp_share(m.start_core_share, p.targets),
            gdp_share(m.end_core_share, p.targets),
            gdp_share(m.start_core_share + m.start_related_share, p.targets),
            gdp_share(m.end_core_share + m.end_related_share, p.targets),
            _dash0(m.final.extra_vs_today, q),
            _dash0(m.cumulative_extra, q),
        ]
        for m in p.members
    ]
    return header, rows


def render_table(p: SpendingPath, width: int = 80) -> str:
    import textwrap

    lines = []
    for line in header_lines(p):
        lines += textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False)
    header, rows = year_rows(p)
    lines += ["", *align_columns(rows, header, {0})]
    q = _places(p)
    lines.append("")
    lines += textwrap.wrap(
        f"Cumulative extra spending {p.base_year + 1}–{p.target_year} over holding today's "
        f"shares: {money(p.cumulative_extra, q)}",
        width,
        subsequent_indent="  ",
    )
    lines += textwrap.wrap(core_only_text(p), width, subsequent_indent="  ")
    constant = constant_text(p)
    if constant is not None and p.prices == "current":
        lines += textwrap.wrap(constant, width, subsequent_indent="  ")
    lines.append("Increase: over the previous year's total")
    lines.append("Extra: over today's shares at that year's GDP")
    if p.kind == "group":
        header, rows = member_rows(p)
        lines += ["", "By member:", *align_columns(rows, header, {0})]
    return "\n".join(lines) + "\n"


def render_markdown(p: SpendingPath) -> str:
    lines = [f"## {md_text(header_lines(p)[0])}", ""]
    lines += [f"- {md_text(x)}" for x in header_lines(p)[1:]] + [""]
    header, rows = year_rows(p)
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|:--|" + "--:|" * (len(header) - 1))
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines += [
        "",
        f"Cumulative extra spending {p.base_year + 1}–{p.target_year} over holding today's shares: "
        f"**{money(p.cumulative_extra, _places(p))}** ({path_units(p)[2]}).",
        "",
        core_only_text(p, bold=True) + f" ({path_units(p)[2]}).",
        "",
    ]
    constant = constant_text(p, bold=True)
    if constant is not None and p.prices == "current":
        lines += [constant + ".", ""]
    if p.kind == "group":
        header, rows = member_rows(p)
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|:--|" + "--:|" * (len(header) - 1))
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
    lines += ["Made with nato-calc.", ""]
    lines += provenance.footer_lines(p.preset)
    return "\n".join(lines)


FORMATS = ("table", "csv", "json", "markdown", "xlsx")


def render(p: SpendingPath, fmt: str, width: int = 80) -> str | bytes:
    """The output in ``fmt``: text, or the bytes of an Excel workbook for ``xlsx``."""
    if fmt == "xlsx":
        from .xlsxout import path_workbook

        return path_workbook(p)
    if fmt == "json":
        return render_json(p)
    if fmt == "csv":
        return render_csv(p)
    if fmt == "markdown":
        return render_markdown(p)
    return render_table(p, width)


def parse_growth(text: str, flag: str = "--growth") -> Decimal:
    """``--growth 0.03`` or ``--growth 3%`` -> ``Decimal('0.03')`` (between -50 % and 100 %);
    ``--inflation`` is read the same way."""
    from ..engine.changes import parse_growth_input
    from ..errors import ChangeError, UsageError

    try:
        return parse_growth_input(text)
    except ChangeError as e:
        raise UsageError(f"{flag} '{text}': {e.msg}") from None


__all__ = [
    "DEFAULT_GROWTH",
    "DEFAULT_INFLATION",
    "PATH_SCHEMA",
    "SHAPES",
    "LeftOut",
    "MemberPath",
    "PathYear",
    "SpendingPath",
    "end_shares",
    "member_path",
    "path_dict",
    "plan",
    "progress",
    "render",
    "sum_paths",
]
