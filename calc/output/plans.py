"""Renderers of the national plans comparison (:mod:`calc.engine.plans`): table, CSV, JSON
``nato-calc.plans/1`` (docs/json.md, docs/plans.md) and Markdown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..engine.plans import (
    FORMAT,
    AllyComparison,
    BackLoaded,
    DeclaredFigure,
    FasterThanRecord,
    Flag,
    NotIncremental,
    PlansComparison,
    Series,
    ShortOfTarget,
)
from . import jsonout
from .fmt import md_text, money, pct, points, pp

FLAG_LABELS = {
    "not-incremental": "Not incremental (a planned year below the one before)",
    "back-loaded": "Back-loaded (more than half the rise after 2030)",
    "short-of-target": "Short of the target at the deadline",
    "faster-than-record": "Faster than its record (steeper than its largest yearly rise since 2014)",
    "no-plan": "No plan found (no declared path comparable with the targets)",
}


def _bn(x: Decimal, currency: str) -> str:
    return f"{currency.upper()} {money(x, 1)} bn"


def flag_text(f: Flag) -> str:
    """A flag in one sentence, from its figures (the JSON's ``text``, the table, the TUI)."""
    if isinstance(f, NotIncremental):
        if f.currency is None:
            now, before = pct(f.value), pct(f.before_value)
        else:
            now, before = _bn(f.value, f.currency), _bn(f.before_value, f.currency)
        return f"the plan declares {now} for {f.year}, below the {before} it declares for {f.before_year}"
    if isinstance(f, ShortOfTarget):
        if f.reading == "declared":
            how = f"as declared for {f.reading_from}"
        elif f.reading == "between":
            how = (
                f"read between today and the {f.reading_to} figure"
                if f.reading_from is None
                else f"read between the {f.reading_from} and {f.reading_to} figures"
            )
        else:
            how = f"its {f.reading_from} figure held"
        return (
            f"at {f.deadline} the plan reaches {pct(f.level)} ({how}), {points(f.shortfall)} short "
            f"of the {pct(f.target)} {'total' if f.total else 'core'} target: "
            f"{_bn(f.money, f.currency)} a year at the projected GDP"
        )
    if isinstance(f, BackLoaded):
        return (
            f"of the rise from {pct(f.today)} today to {pct(f.end)} in {f.last_year}, "
            f"{points(f.late)} of {points(f.rise)} comes after {f.after}"
            + (
                f" (nothing declared before {f.last_year}: read as a straight line from today)"
                if f.straight_line
                else ""
            )
        )
    if isinstance(f, FasterThanRecord):
        return (
            f"the plan needs {points(f.step)} a year ({f.years[0]}–{f.years[1]}), above {f.code}'s "
            f"largest yearly rise of core share since {f.first_year}, {points(f.record_step)} ({f.record_year})"
        )
    if f.found == "nothing":
        return "no declared plan found in the plans file"
    if f.found == "not-compared":
        what = "; ".join(f"{basis} ({text}), not compared" for basis, text in f.shown)
        return f"no declared path comparable with the targets: only {what}"
    said = ", ".join(f"{year} ({status})" for year, status in f.statements)
    return f"no declared figure, only statements without a number: {said}"


def _figure_dict(f: DeclaredFigure) -> dict[str, Any]:
    return {
        "year": f.year,
        "share": jsonout.share(f.share),
        "share_pct": f.share_pct,
        "amount_bn": f.amount_bn,
        "currency": f.currency,
        "basis": f.basis,
        "basis_text": f.basis_text,
        "basis_assumed": f.basis_assumed,
        "same_scope": f.same_scope,
        "status": f.status,
        "announced": f.announced,
        "source_url": f.source_url,
        "note": f.note,
        "superseded": f.superseded,
        "superseded_reason": f.superseded_reason or None,
    }


def _series_dict(s: Series) -> dict[str, Any]:
    return {
        "basis": s.basis,
        "basis_text": s.basis_text,
        "compared": s.compared,
        "reason": s.reason,
        "today_share": jsonout.share(s.today),
        "target_share": jsonout.share(s.target),
        "last_year": s.last_year,
        "level_at_deadline": jsonout.share(s.level_at_deadline),
        "shortfall_share": jsonout.share(s.shortfall_share),
        "shortfall_money": jsonout.money(s.shortfall_money),
        "rise_share": jsonout.share(s.rise),
        "rise_after_2030_share": jsonout.share(s.late_share),
        "needed_step": jsonout.share(s.needed_step),
        "needed_step_years": list(s.needed_step_years) if s.needed_step_years else None,
        "record_step": jsonout.share(s.record_step),
        "record_year": s.record_year,
        "flags": [{"flag": f.key, "text": flag_text(f)} for f in s.flags],
        "years": [
            {
                "year": y.year,
                "review": y.review,
                "needed_share": jsonout.share(y.needed),
                "declared_share": jsonout.share(y.declared_share),
                "declared_amount_bn": y.declared.amount_bn if y.declared is not None else None,
                "declared_status": y.declared.status if y.declared is not None else None,
                "level_share": jsonout.share(y.level),
                "difference_share": jsonout.share(y.difference),
            }
            for y in s.years
        ],
        "figures": [_figure_dict(f) for f in s.figures],
        "set_aside": [_figure_dict(f) for f in s.set_aside],
    }


def _ally_dict(a: AllyComparison) -> dict[str, Any]:
    return {
        "code": a.code,
        "name": a.name,
        "assessed": a.assessed,
        "reason": a.reason or None,
        "flags": list(a.all_flags),
        "ally_flags": [{"flag": f.key, "text": flag_text(f)} for f in a.flags],
        "gap_core_at_deadline": jsonout.money(a.gap_core),
        "closed_core_at_deadline": jsonout.money(a.closed_core),
        "gap_total_at_deadline": jsonout.money(a.gap_total),
        "closed_total_at_deadline": jsonout.money(a.closed_total),
        "series": [_series_dict(s) for s in a.series],
        "statements": [
            {
                "year": s.year,
                "basis_text": s.basis_text,
                "status": s.status,
                "announced": s.announced,
                "source_url": s.source_url,
                "note": s.note,
            }
            for s in a.statements
        ],
    }


def plans_dict(c: PlansComparison) -> dict[str, Any]:
    t = c.totals
    return {
        "schema": FORMAT,
        "preset": {"id": c.preset.id, "year": c.base_year},
        "plans": {"id": c.plans.id, "title": c.plans.title, "path": c.plans.path},
        "scope": {"kind": c.kind, "id": c.id, "name": c.name},
        "currency": c.currency,
        "money_unit": f"{c.currency.upper()} bn, current prices, at the projected GDP of the deadline",
        "deadline": c.deadline,
        "review_year": 2029,
        "assumptions": {"growth": c.growth, "shape": c.shape},
        "totals": {
            "gap_core": jsonout.money(t.gap_core),
            "closed_core": jsonout.money(t.closed_core),
            "closed_core_fraction": jsonout.share(t.closed_core / t.gap_core) if t.gap_core else None,
            "gap_total": jsonout.money(t.gap_total),
            "closed_total": jsonout.money(t.closed_total),
            "closed_total_fraction": jsonout.share(t.closed_total / t.gap_total) if t.gap_total else None,
            "with_core_plan": list(t.with_core_plan),
            "without_core_plan": list(t.without_core_plan),
            "with_total_plan": list(t.with_total_plan),
            "not_assessed": list(t.not_assessed),
        },
        "summary": {
            "reach_core_target": list(c.summary.reach_core),
            "reach_total_target": list(c.summary.reach_total),
            "flags": {f: list(codes) for f, codes in c.summary.flagged},
        },
        "allies": [_ally_dict(a) for a in c.allies],
    }


def render_json(c: PlansComparison) -> str:
    return jsonout.dumps(plans_dict(c)) + "\n"


CSV_COLUMNS = (
    "code", "name", "basis", "compared", "year", "review", "needed_share", "declared_share",
    "declared_amount_bn", "currency", "status", "level_share", "difference_share", "flags",
)  # fmt: skip  # a table: one row a line


def render_csv(c: PlansComparison) -> str:
    """One row per ally, basis and year (the path's years); allies without a series get one row."""
    from . import csvout

    rows = []
    for a in c.allies:
        if not a.series:
            rows.append(
                [a.code, a.name, "", False, "", "", "", "", "", "", "", "", "", " ".join(a.all_flags)]
            )
        for s in a.series:
            flags = " ".join(dict.fromkeys([f.key for f in a.flags] + [f.key for f in s.flags]))
            for y in s.years:
                d = y.declared
                rows.append(
                    [
                        a.code,
                        a.name,
                        s.basis,
                        s.compared,
                        y.year,
                        y.review,
                        jsonout.share(y.needed),
                        jsonout.share(y.declared_share),
                        d.amount_bn if d else None,
                        d.currency if d else None,
                        d.status if d else None,
                        jsonout.share(y.level),
                        jsonout.share(y.difference),
                        flags,
                    ]
                )
    return csvout.write(CSV_COLUMNS, rows)


def _p(d: Decimal | None, target: Decimal | None = None) -> str:
    """A share of GDP, never rounded onto ``target`` (the plan's)."""
    return pct(d, thresholds=() if target is None else (target,)) if d is not None else "–"


def _value(d: DeclaredFigure) -> str:
    if d.share is not None:
        return pct(d.share)
    return f"{d.currency} {money(d.amount_bn, 1)} bn"


def _declared(y: Any, target: Decimal | None = None) -> str:
    d = y.declared
    if d is None:
        return ""
    if y.declared_share is not None:
        text = _p(y.declared_share, target)
    elif d.amount_bn is not None:
        text = f"{d.currency} {money(d.amount_bn, 1)} bn"
    else:
        text = "?"
    return f"{text} {d.status[:3]}"


def _growth(c: PlansComparison) -> str:
    """The GDP growth the needed paths assume (as path: a scenario's rate for a member wins)."""
    rates = {a.path.growth for a in c.allies if a.path is not None}
    if len(rates) == 1:
        (rate,) = rates
        return f"{pct(rate)}/yr"
    return "per member (the scenario's rates)" if rates else "none (no path)"


def _lines(c: PlansComparison, md: bool) -> list[str]:
    t = c.totals
    unit = f"{c.currency.upper()} bn"
    out: list[str] = []
    esc = md_text if md else (lambda s: s)
    bullet = "- " if md else "  "
    head = f"National plans against the path to {c.deadline}: {c.name} [{c.id}] · {c.preset.id} · plans {c.plans.id}"
    out.append(f"# {esc(head)}" if md else head)
    out.append("")
    out.append(
        f"Shares in % of GDP; money in {unit} at current prices and the projected GDP; growth "
        f"{_growth(c)}, shape {c.shape}; "
        f"{c.base_year} is NATO's figure (today), the review year 2029 is marked *"
    )
    out.append("Status: leg = legislated, bud = budget, ann = announced")
    out.append("")
    sm = c.summary
    core_t, total_t = pct(c.preset.targets.core), pct(c.preset.targets.total)
    summary_rows = [
        (f"Plans reaching {core_t} core by {c.deadline}", sm.reach_core),
        (f"Plans reaching {total_t} total (NATO-total basis) by {c.deadline}", sm.reach_total),
        *((f"{FLAG_LABELS[f]}", codes) for f, codes in sm.flagged),
    ]
    if c.kind == "group":
        for label, codes in summary_rows:
            text = f"{label}: {', '.join(codes) or 'none'} ({len(codes)})"
            out.append(f"- {esc(text)}" if md else text)
        out.append("")
    for a in c.allies:
        title = f"{a.code} {a.name}"
        flags = ", ".join(a.all_flags) or "no flag"
        out.append(f"## {esc(title)}: {flags}" if md else f"{title}: {flags}")
        if not a.assessed:
            out.append(f"{bullet}{esc(a.reason)}")
        for f in a.flags:
            out.append(f"- {f.key}: {esc(flag_text(f))}" if md else f"  {f.key}: {flag_text(f)}")
        for s in a.series:
            out.append("")
            line = f"{s.basis} ({s.basis_text}): {s.reason}"
            out.append(f"**{esc(s.basis)}** ({esc(s.basis_text)}): {esc(s.reason)}" if md else "  " + line)
            for f in s.flags:
                out.append(f"- {f.key}: {esc(flag_text(f))}" if md else f"    {f.key}: {flag_text(f)}")
            rows = []
            for y in s.years:
                if not s.compared and y.declared is None:
                    continue
                rows.append(
                    [
                        f"{y.year}{'*' if y.review else ''}",
                        _p(y.needed, s.target) if s.compared else "",
                        _declared(y, s.target),
                        _p(y.level, s.target) if s.compared else "",
                        pp(y.difference) if y.difference is not None else "",
                    ]
                )
            past = [f for f in s.figures if f.year < c.base_year or f.year > c.deadline]
            header = ["Year", "Needed", "Declared", "Plan level", "Declared − needed"]
            if rows:
                out.extend(_table(header, rows, md))
            for d in past:
                out.append(f"    also declared: {d.year} {_value(d)} ({d.status}, {d.announced})")
            for d in s.set_aside:
                why = d.superseded_reason or "replaced by a later figure for the same year"
                out.append(f"    set aside: {d.year} {_value(d)} ({d.announced}): {esc(why)}")
        for st in a.statements:
            out.append(f"{bullet}statement ({st.year}, {st.status}, {st.announced}): {esc(st.note)}")
        out.append("")
    head2 = f"{'Group totals' if c.kind == 'group' else 'Totals'} at {c.deadline} ({unit} a year at the projected GDP)"
    out.append(f"## {head2}" if md else head2)

    def frac(a: Decimal, b: Decimal) -> str:
        return pct(a / b) if b else "–"

    out.append(
        f"{bullet}gap to the 3.5 % core target: {money(t.gap_core, 1)}; the declared core plans close "
        f"{money(t.closed_core, 1)} ({frac(t.closed_core, t.gap_core)}), from {len(t.with_core_plan)} "
        f"{'ally' if len(t.with_core_plan) == 1 else 'allies'}"
    )
    out.append(
        f"{bullet}counted as closing nothing (no comparable core plan): {', '.join(t.without_core_plan) or 'none'}"
    )
    out.append(
        f"{bullet}gap to the 5 % total target: {money(t.gap_total, 1)}; declared NATO-total plans close "
        f"{money(t.closed_total, 1)} ({frac(t.closed_total, t.gap_total)}), from "
        f"{', '.join(t.with_total_plan) or 'no ally'}"
    )
    if t.not_assessed:
        out.append(f"{bullet}not assessed (the targets do not apply): {', '.join(t.not_assessed)}")
    return out


def _table(header: list[str], rows: list[list[str]], md: bool) -> list[str]:
    if md:
        lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(md_text(c) for c in r) + " |" for r in rows]
        return [*lines, ""]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    fmt = "    " + "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header).rstrip(), *(fmt.format(*r).rstrip() for r in rows)]


def render_text(c: PlansComparison) -> str:
    return "\n".join(_lines(c, md=False)).rstrip() + "\n"


def render_markdown(c: PlansComparison) -> str:
    return "\n".join(_lines(c, md=True)).rstrip() + "\n"


def render(c: PlansComparison, fmt: str) -> str:
    if fmt == "json":
        return render_json(c)
    if fmt == "csv":
        return render_csv(c)
    if fmt == "markdown":
        return render_markdown(c)
    return render_text(c)
