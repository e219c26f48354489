"""NATO's printed totals of a year beside the members' sums (pure): apart from the history
engine (:mod:`calc.engine.timeline`, which re-exports them) so that a report and the TUI's
aggregates read them without loading it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..domain.dataset import Preset
from .evaluate import CONTEXT, Result

#: The groups the publisher prints totals of.
PRINTED_AGGREGATES = ("nato", "europe-canada")


@dataclass(frozen=True, slots=True)
class PrintedTotal:
    """The publisher's own printed total of a group for the year shown (NATO's ``nato`` and
    ``europe-canada`` rows), to set beside the sum of the members. Money in the result's
    group currency (USD, or EUR at the preset's rate), current prices."""

    group: str
    year: int
    estimate: bool
    core: Decimal
    gdp: Decimal
    """NATO's total GDP, which includes Iceland's (the members' sum leaves it out)."""
    core_share: Decimal
    """NATO's printed share, of GDP at 2021 prices (not ``core / gdp``)."""


def as_published(preset: Preset) -> bool:
    """Whether every member's figures and inclusion are the preset's own: no what-if in force
    changed or excluded any member (one reset is as published again; a change of a target or
    of growth moves no total). One look at each member's ``edited`` and ``included``."""
    return all(m.included and not m.edited for m in preset.members)


def printed_total(result: Result, group_id: str) -> PrintedTotal | None:
    """The publisher's printed total of ``group_id`` in the result's year, when there is one to
    compare with: the group is one the publisher totals (:data:`PRINTED_AGGREGATES`), the
    preset's timeline holds that year's row, and the figures are as published
    (:func:`as_published`). None otherwise (then the totals are not comparable)."""
    p = result.preset
    if group_id not in PRINTED_AGGREGATES or p.timeline is None:
        return None
    row = next((f for f in p.timeline.aggregate(group_id) if f.year == p.year), None)
    if row is None or row.core is None or row.gdp is None or row.core_share is None:
        return None
    if not as_published(p):
        return None
    core, gdp = row.core, row.gdp
    if result.currency == "eur" and p.eur_rate is not None:  # as the groups are converted
        core, gdp = CONTEXT.multiply(core, p.eur_rate), CONTEXT.multiply(gdp, p.eur_rate)
    return PrintedTotal(group_id, row.year, row.estimate, core, gdp, row.core_share)
