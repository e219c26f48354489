"""The renderers of the reference benchmarks (JSON fields, the text table, Markdown). The model
(:func:`compare_benchmarks` and its frozen objects) is in :mod:`calc.engine.benchmarks`; its
names are re-exported here for the callers of ``calc.output.benchmarks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..domain.dataset import Benchmark
from ..engine.benchmarks import (  # re-exported: the model
    DEFINITION_CAVEAT,
    PPP,
    PPP_CAVEAT,
    BenchmarkComparison,
    Comparator,
    GroupRatio,
    compare_benchmarks,
)
from . import jsonout
from .fmt import md_text, money, pct

__all__ = [
    "BenchmarkComparison",
    "Comparator",
    "DEFINITION_CAVEAT",
    "GroupRatio",
    "PPP",
    "PPP_CAVEAT",
    "compare_benchmarks",
]


RATIO_PLACES = 10


def benchmark_dict(bc: BenchmarkComparison) -> dict[str, Any]:
    """One entry of the report's top-level ``benchmarks`` list."""
    M, S = jsonout.money, jsonout.share
    b = bc.benchmark
    src = bc.source
    comp = bc.comparator
    return {
        "id": b.id,
        "label": b.label,
        "value": M(b.value),
        "basis": b.basis,
        "year": b.year,
        "share_of_gdp": S(b.share_of_gdp),
        "source": None
        if src is None
        else {"id": src.id, "title": src.title, "publisher": src.publisher, "url": src.url},
        "note": b.note,
        "caveats": list(bc.caveats),
        "groups": [
            {
                "id": r.group,
                "name": r.name,
                "core": M(r.core),
                "core_share": S(r.core_share),
                "ratio": S(r.ratio),
                "difference": M(r.difference),
            }
            for r in bc.groups
        ],
        "comparator": None
        if comp is None
        else {
            "group": comp.group,
            "label": comp.label,
            "theirs": M(comp.theirs),
            "theirs_ratio": S(comp.theirs_ratio),
            "name": comp.name,
            "ours": M(comp.ours),
            "ours_ratio": S(comp.ours_ratio),
            "difference": M(comp.difference),
            "size": comp.size,
        },
    }


def ratio_text(d: Decimal | None) -> str:
    """``10.93×``; two decimals, three significant digits for small ratios."""
    if d is None:
        return "–"
    if d < Decimal("0.1"):
        return f"{d:.3f}×"
    return f"{money(d, 2, group=True)}×"


def _basis(b: Benchmark) -> str:
    return "PPP" if b.basis == PPP else "MER"


def table_lines(
    comparisons: Sequence[BenchmarkComparison], width: int = 80, unit: str = "USD bn"
) -> list[str]:
    """The benchmarks section of the text report (empty if the preset has none); ``unit``:
    what the values are in (a group's: EUR bn after ``--currency eur``)."""
    import textwrap

    if not comparisons:
        return []

    def wrap(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)

    group_ids = [r.group for r in comparisons[0].groups]
    header = ["Benchmark", unit, "Basis", "Year", "% GDP", *group_ids]
    rows = []
    for bc in comparisons:
        b = bc.benchmark
        ratios = {r.group: ratio_text(r.ratio) for r in bc.groups}
        rows.append(
            [
                b.id + (" *" if bc.is_ppp else ""),
                money(b.value, 1),
                _basis(b),
                str(b.year or "–"),
                pct(b.share_of_gdp, 1) if b.share_of_gdp is not None else "–",
                *(ratios.get(g, "–") for g in group_ids),
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = wrap(
        "Reference benchmarks: each group's core spending ÷ the benchmark "
        "(MER: market exchange rates; PPP: purchasing-power parity)"
    )
    lines.append("")
    if sum(widths) + len(widths) - 1 <= width:
        for r in [header, *rows]:
            cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
            lines.append(" ".join(cells).rstrip())
    else:  # too many groups for one line each: one line per benchmark and group
        for bc in comparisons:
            b = bc.benchmark
            cur = unit.removesuffix(" bn")
            lines.append(f"{b.id}: {cur} {money(b.value, 1)} bn ({_basis(b)}, {b.year or '–'})")
            for gr in bc.groups:
                lines.append(f"  {gr.group}: {ratio_text(gr.ratio)} ({money(gr.core, 1)})")
    lines.append("")
    for bc in comparisons:
        lines += wrap(f"{bc.benchmark.id}: {bc.benchmark.label}")
    if any(bc.is_ppp for bc in comparisons):
        lines += wrap(f"* {PPP_CAVEAT}.")
    for bc in comparisons:
        c = bc.comparator
        if c is None:
            continue
        b = bc.benchmark
        theirs = (
            f"{c.label or 'the publisher’s comparator'}: {money(c.theirs, 1)} ({ratio_text(c.theirs_ratio)})"
        )
        if c.ours is not None:
            ours = (
                f"ours, {c.name} [{c.group}] in this preset, {c.size} members: "
                f"{money(c.ours, 1)} ({ratio_text(c.ours_ratio)}; "
                f"{'+' if c.difference >= 0 else ''}{money(c.difference, 1)} vs theirs)"  # type: ignore[operator]  # set with ours
            )
        else:
            ours = f"no group '{c.group}' in this preset"
        lines += wrap(f"{b.id} was set by its publisher against {theirs}; {ours}.")
        if b.note:
            lines += wrap(f"  {b.note}", "  ")
    other_year = [bc.benchmark.id for bc in comparisons if bc.year_differs]
    if other_year:
        lines += wrap(
            f"Other year than the allied figures ({comparisons[0].preset_year}): "
            + ", ".join(other_year)
            + "."
        )
    lines += wrap(f"All: {DEFINITION_CAVEAT}.")
    return lines


def markdown_lines(comparisons: Sequence[BenchmarkComparison], unit: str = "USD bn") -> list[str]:
    """The benchmarks section of the Markdown report (empty if the preset has none)."""
    if not comparisons:
        return []

    group_ids = [r.group for r in comparisons[0].groups]
    out = [
        "### Reference benchmarks",
        "",
        "Each group's core spending ÷ the benchmark.",
        "",
        f"| Benchmark | {unit} | Basis | Year | % of GDP | "
        + " | ".join(f"`{g}`" for g in group_ids)
        + " | Caveats |",
        "|:--|--:|:-:|--:|--:|" + "--:|" * len(group_ids) + ":--|",
    ]
    for bc in comparisons:
        b = bc.benchmark
        ratios = {r.group: ratio_text(r.ratio) for r in bc.groups}
        special = [c for c in bc.caveats if c != DEFINITION_CAVEAT]
        cells = [
            f"{md_text(b.label)} (`{b.id}`)", money(b.value, 1), _basis(b), str(b.year or "–"),
            pct(b.share_of_gdp, 1) if b.share_of_gdp is not None else "–",
            *(ratios.get(g, "–") for g in group_ids), md_text("; ".join(special)),
        ]  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    for bc in comparisons:
        c = bc.comparator
        if c is None:
            continue
        line = (
            f"- `{bc.benchmark.id}`: the publisher's comparator, {md_text(c.label or c.group)}: "
            f"{money(c.theirs, 1)} ({ratio_text(c.theirs_ratio)})"
        )
        if c.ours is not None:
            line += (
                f"; ours, {md_text(c.name or c.group)} (`{c.group}`, {c.size} members): "
                f"{money(c.ours, 1)} ({ratio_text(c.ours_ratio)})"
            )
        out.append(line + ".")
    for bc in comparisons:
        if bc.benchmark.note:
            out.append(f"- `{bc.benchmark.id}`: {md_text(bc.benchmark.note)}")
    out += [f"- {DEFINITION_CAVEAT[0].upper()}{DEFINITION_CAVEAT[1:]}.", ""]
    return out


__all__ = [
    "BenchmarkComparison",
    "Comparator",
    "GroupRatio",
    "PPP_CAVEAT",
    "benchmark_dict",
    "compare_benchmarks",
    "markdown_lines",
    "table_lines",
]
