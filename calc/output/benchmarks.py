"""Reference benchmarks: each group's core spending set against outside figures (e.g. Russia).

A preset may carry ``[[benchmarks]]``: a figure in USD bn with its source, the basis it was
converted to dollars on (market exchange rates, or purchasing-power parity), its year and
optionally a share of GDP, and optionally the comparator its publisher set it against (IISS:
Russia's USD 461.6 bn at PPP against USD 457 bn of European spending).

:func:`compare_benchmarks` is pure and returns frozen objects for the report and the TUI:

* ``ratio`` = the group's core spending ÷ the benchmark (``10.9`` = ten times as much);
  ``difference`` = group core − benchmark (USD bn);
* the publisher's comparator next to ours: the same group in this preset (``ours``) and the
  publisher's figure (``theirs``), each divided by the benchmark;
* ``caveats``: the nominal-versus-PPP caveat wherever a PPP figure is compared, a year that
  differs from the preset's, and the difference in definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from . import jsonout
from ..domain.dataset import Benchmark, Source
from ..engine.evaluate import CONTEXT, GroupResult, Result
from .fmt import md_text, money, pct

PPP = "ppp"

PPP_CAVEAT = (
    "PPP (purchasing-power parity) values spending by what it buys at home prices, not at "
    "market exchange rates; allied spending here is nominal (market exchange rates), so a "
    "ratio against a PPP figure mixes two bases"
)
DEFINITION_CAVEAT = (
    "allied figures are core defence spending by NATO's definition; the benchmark uses its "
    "publisher's own definition of military spending"
)


@dataclass(frozen=True, slots=True)
class GroupRatio:
    """One group set against one benchmark."""

    group: str
    name: str
    core: Decimal
    core_share: Decimal | None
    ratio: Decimal
    """Group core spending ÷ benchmark."""
    difference: Decimal
    """Group core spending − benchmark, USD bn."""


@dataclass(frozen=True, slots=True)
class Comparator:
    """The publisher's own comparator for a benchmark, next to the same group in this preset."""

    group: str
    label: str | None
    theirs: Decimal
    """The publisher's figure for the comparator, USD bn."""
    theirs_ratio: Decimal
    """Theirs ÷ benchmark."""
    name: str | None = None
    """Our group's display name (None if the preset has no such group)."""
    ours: Decimal | None = None
    """Core spending of that group in this preset, USD bn (None if no such group)."""
    ours_ratio: Decimal | None = None
    """Ours ÷ benchmark."""
    difference: Decimal | None = None
    """Ours − theirs, USD bn."""
    size: int | None = None
    """Members of our group."""


@dataclass(frozen=True, slots=True)
class BenchmarkComparison:
    """One benchmark against the groups of an evaluated preset."""

    benchmark: Benchmark
    source: Source | None
    groups: tuple[GroupRatio, ...]
    comparator: Comparator | None
    caveats: tuple[str, ...]

    preset_year: int
    """The year of the allied figures it is set against."""

    @property
    def is_ppp(self) -> bool:
        return self.benchmark.basis == PPP

    @property
    def year_differs(self) -> bool:
        return self.benchmark.year is not None and self.benchmark.year != self.preset_year


def _ratio(g: GroupResult, b: Benchmark) -> GroupRatio:
    return GroupRatio(g.id, g.name, g.core, g.core_share, g.core / b.value, g.core - b.value)


def compare_benchmarks(
    result: Result, groups: Sequence[str] | None = None
) -> tuple[BenchmarkComparison, ...]:
    """Every benchmark of the preset against each group (or only ``groups``), in file order.

    Groups without an assessed member (no GDP) are skipped. The comparator group named by a
    benchmark is looked up among all the preset's groups, whatever ``groups`` selects.
    """
    preset = result.preset
    wanted = [g for g in result.groups if g.assessed and (groups is None or g.id in groups)]
    out = []
    with localcontext(CONTEXT):
        for b in preset.benchmarks:
            caveats = []
            if b.basis == PPP:
                caveats.append(PPP_CAVEAT)
            if b.year is not None and b.year != preset.year:
                caveats.append(
                    f"the benchmark is for {b.year}; the allied figures are for {preset.year}"
                )
            caveats.append(DEFINITION_CAVEAT)
            comparator = None
            if b.compare_group is not None and b.comparator_value is not None:
                g = result.group(b.compare_group)
                theirs = b.comparator_value
                if g is not None and g.assessed:
                    comparator = Comparator(
                        b.compare_group, b.comparator_label, theirs, theirs / b.value,
                        g.name, g.core, g.core / b.value, g.core - theirs, g.size,
                    )  # fmt: skip
                else:
                    comparator = Comparator(
                        b.compare_group, b.comparator_label, theirs, theirs / b.value
                    )
                    caveats.append(f"this preset has no group '{b.compare_group}' to set against it")
            out.append(
                BenchmarkComparison(
                    b,
                    preset.source(b.source) if b.source else None,
                    tuple(_ratio(g, b) for g in wanted),
                    comparator,
                    tuple(caveats),
                    preset.year,
                )
            )
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Rendering (used by the report)
# --------------------------------------------------------------------------------------------

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


def table_lines(comparisons: Sequence[BenchmarkComparison], width: int = 80) -> list[str]:
    """The benchmarks section of the text report (empty if the preset has none)."""
    import textwrap

    if not comparisons:
        return []

    def wrap(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)

    group_ids = [r.group for r in comparisons[0].groups]
    header = ["Benchmark", "USD bn", "Basis", "Year", "% GDP", *group_ids]
    rows = []
    for bc in comparisons:
        b = bc.benchmark
        ratios = {r.group: ratio_text(r.ratio) for r in bc.groups}
        rows.append(
            [b.id + (" *" if bc.is_ppp else ""), money(b.value, 1), _basis(b),
             str(b.year or "–"), pct(b.share_of_gdp, 1) if b.share_of_gdp is not None else "–",
             *(ratios.get(g, "–") for g in group_ids)]  # fmt: skip
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = wrap("Reference benchmarks: each group's core spending ÷ the benchmark "
                 "(MER: market exchange rates; PPP: purchasing-power parity)")  # fmt: skip
    lines.append("")
    if sum(widths) + len(widths) - 1 <= width:
        for r in [header, *rows]:
            cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
            lines.append(" ".join(cells).rstrip())
    else:  # too many groups for one line each: one line per benchmark and group
        for bc in comparisons:
            b = bc.benchmark
            lines.append(f"{b.id}: USD {money(b.value, 1)} bn ({_basis(b)}, {b.year or '–'})")
            for r in bc.groups:
                lines.append(f"  {r.group}: {ratio_text(r.ratio)} ({money(r.core, 1)})")
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
        theirs = f"{c.label or 'the publisher’s comparator'}: {money(c.theirs, 1)} ({ratio_text(c.theirs_ratio)})"
        if c.ours is not None:
            ours = (
                f"ours, {c.name} [{c.group}] in this preset, {c.size} members: "
                f"{money(c.ours, 1)} ({ratio_text(c.ours_ratio)}; "
                f"{'+' if c.difference >= 0 else ''}{money(c.difference, 1)} vs theirs)"
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
            + ", ".join(other_year) + "."
        )
    lines += wrap(f"All: {DEFINITION_CAVEAT}.")
    return lines


def markdown_lines(comparisons: Sequence[BenchmarkComparison]) -> list[str]:
    """The benchmarks section of the Markdown report (empty if the preset has none)."""
    if not comparisons:
        return []

    group_ids = [r.group for r in comparisons[0].groups]
    out = [
        "### Reference benchmarks",
        "",
        "Each group's core spending ÷ the benchmark.",
        "",
        "| Benchmark | USD bn | Basis | Year | % of GDP | "
        + " | ".join(f"`{g}`" for g in group_ids) + " | Caveats |",
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
        ]  # fmt: skip
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
