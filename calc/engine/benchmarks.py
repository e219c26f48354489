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

from ..domain.dataset import Benchmark, Source
from .evaluate import CONTEXT, GroupResult, Result

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
                caveats.append(f"the benchmark is for {b.year}; the allied figures are for {preset.year}")
            caveats.append(DEFINITION_CAVEAT)
            comparator = None
            if b.compare_group is not None and b.comparator_value is not None:
                g = result.group(b.compare_group)
                theirs = b.comparator_value
                if g is not None and g.assessed:
                    comparator = Comparator(
                        b.compare_group, b.comparator_label, theirs, theirs / b.value,
                        g.name, g.core, g.core / b.value, g.core - theirs, g.size,
                    )  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines
                else:
                    comparator = Comparator(b.compare_group, b.comparator_label, theirs, theirs / b.value)
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
