"""The in-memory data the engine works on: validated, immutable, exact.

Files are validated once at the boundary (:mod:`calc.files.models`); from then on everything is a
frozen dataclass holding :class:`~decimal.Decimal` values. Money is in billions of US dollars at
current prices; shares are fractions of GDP (``Decimal("0.035")`` is 3.5 %).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

# The bounds of the figures live in the registry, with every field's other properties.
from .registry import FIELD_KEYS, MAX_MONEY, MIN_GDP, MIN_NONZERO, SHARE_FIELD_KEYS, TARGET_KEYS  # noqa: F401 (re-exported)

ZERO = Decimal(0)
#: Statuses a figure may carry in a preset file. ``not-applicable`` on core spending marks a
#: member the targets do not apply to (Iceland has no armed forces): it is listed but left out
#: of every target count, gap and group aggregate.
FILE_STATUSES = (
    "final",
    "estimate",
    "provisional",
    "projection",
    "placeholder",
    "later-vintage",
    "earlier-vintage",
    "not-applicable",
    "kiel-allocated",
    "partial",
    "national-claim",
)
#: Status of a figure covering part of its year only (Ukraine aid of January-April): shown,
#: never counted toward a target as the year's figure.
PARTIAL = "partial"
#: Status given to a figure changed by a what-if (a ``--set``, a TUI edit, a scenario change).
EDITED = "edited"
NOT_APPLICABLE = "not-applicable"


def ally_in(joined: int | None, year: int) -> bool:
    """Whether a member that joined in ``joined`` (None: a founding or long-standing ally, or
    not known) is an ally in ``year``. The one membership rule: the publisher's totals for a
    year count the allies in the alliance that year, and so do nato-calc's groups, target
    counts and histories (Finland, joined 2023, is no ally in 2022)."""
    return joined is None or year >= joined


#: The member fields a what-if can change, and the figure each one writes to.
MEMBER_FIELDS = FIELD_KEYS
SHARE_FIELDS = SHARE_FIELD_KEYS
TARGET_FIELDS = TARGET_KEYS


@dataclass(frozen=True, slots=True)
class Figure:
    """One number with its provenance.

    ``value`` is in USD bn, or a fraction of GDP when ``share`` is true. A spending figure keeps
    the basis it was given in: a share stays a share when GDP changes, an amount stays an amount.
    """

    value: Decimal
    share: bool = False
    status: str | None = None
    source: str | None = None
    note: str | None = None

    def amount(self, gdp: Decimal) -> Decimal:
        """The figure in USD bn for a member whose GDP is ``gdp``."""
        return self.value * gdp if self.share else self.value


@dataclass(frozen=True, slots=True)
class Member:
    """One ally (or any member of a preset): GDP and spending for the preset's year."""

    code: str
    name: str
    gdp: Figure
    core: Figure
    related: Figure | None = None
    source: str | None = None
    note: str | None = None
    included: bool = True
    edited: frozenset[str] = frozenset()
    """Names of the fields changed by a what-if (``gdp``, ``core``, ``related``)."""
    # --- figures a release with a time axis gives (None in single-year v1 presets) ---------
    equipment: Figure | None = None
    """Major equipment (incl. R&D) as a fraction of core spending (0.2 = 20 %), NATO Table 8a.
    Not a share of GDP: ``share`` is False and ``amount()`` does not apply."""
    published_share: Decimal | None = None
    """NATO's published core share of GDP (Table 3, at 2021 prices). Targets are judged on it
    while core and GDP are as published; it may differ from ``core / gdp`` (the Netherlands)."""
    core_constant: Decimal | None = None
    """Core spending in USD bn at constant 2021 prices (NATO Table 2)."""
    core_national: Decimal | None = None
    """Core spending in bn of the ally's own currency at current prices (NATO Table 1)."""
    currency: str | None = None
    """ISO 4217 code of the ally's own currency (``EUR``, ``PLN``)."""
    usd_rate: Decimal | None = None
    """Units of the ally's currency per US dollar in the preset's year, as implied by NATO's
    own tables (Table 1 ÷ Table 2); converts every money figure of the member."""
    joined: int | None = None
    """The year the member joined the alliance (None: a founding or long-standing ally, or
    not known). From the release file's ``joined``."""
    ally: bool = True
    """An ally in the preset's year: False for a year before ``joined`` (:func:`ally_in`). Such
    a member is listed with the publisher's figures but not assessed: it is in no group's
    sums and no target count, whatever a what-if does to its figures."""
    ukraine_aid: Figure | None = None
    """Military aid to Ukraine in the preset's year, USD bn (None: unknown). Counted toward core
    spending only when the preset says so (:attr:`Preset.counts_ukraine_aid`) and the figure
    is not ``partial``."""

    @property
    def assessed(self) -> bool:
        """False for members the targets do not apply to (core status ``not-applicable``) and
        for members not yet allies in the preset's year."""
        return self.ally and self.core.status != NOT_APPLICABLE

    def ally_in(self, year: int) -> bool:
        """Whether the member is an ally in ``year`` (:func:`ally_in` of its ``joined``)."""
        return ally_in(self.joined, year)

    def statuses(self) -> dict[str, str]:
        """Field name -> status, for the figures that carry one."""
        out = {}
        for name in ("gdp", "core", "related", "ukraine_aid"):
            fig = getattr(self, name)
            if fig is not None and fig.status:
                out[name] = fig.status
        return out


@dataclass(frozen=True, slots=True)
class Targets:
    """The thresholds in force, as fractions of GDP, and the deadline year."""

    guideline: Decimal = Decimal("0.02")
    """Wales 2014 guideline: core defence spending of at least 2 % of GDP."""
    core: Decimal = Decimal("0.035")
    """The Hague 2025: core defence (NATO definition) of at least 3.5 % of GDP."""
    related_cap: Decimal = Decimal("0.015")
    """The Hague 2025: defence-related spending counts up to 1.5 % of GDP."""
    total: Decimal = Decimal("0.05")
    """The Hague 2025: core plus counted related spending of 5 % of GDP."""
    deadline: int = 2035
    """The year by which the Hague targets are to be met."""
    equipment: Decimal = Decimal("0.20")
    """NATO guideline: major equipment (incl. R&D) of at least 20 % of core spending (a
    fraction of core spending, not of GDP)."""

    def get(self, name: str) -> Decimal | int:
        value: Decimal | int = getattr(self, name)
        return value

    def share(self, name: str) -> Decimal:
        """A share target (guideline, core, related_cap, total): a fraction of GDP."""
        value: Decimal = getattr(self, name)
        return value


DEFAULT_TARGETS = Targets()


@dataclass(frozen=True, slots=True)
class Source:
    """A publication that figures in a preset trace to."""

    id: str
    title: str
    url: str | None = None
    accessed: date | None = None
    publisher: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Release:
    """The publication a preset with a time axis reproduces (its ``[release]`` block)."""

    publisher: str
    """"NATO"."""
    title: str
    """Edition title: "Defence Expenditure of NATO Countries (2014-2026)"."""
    published: date | None = None
    cutoff: date | None = None
    """Information cut-off date."""
    url: str | None = None
    """Where the publisher's workbook is."""
    tables: tuple[tuple[str, str], ...] = ()
    """Measure -> the table it comes from: (("core_share", "Table 3"), ...)."""
    credit: str = ""
    """The credit line the publisher asks for: "Source: NATO"."""
    next_expected: date | None = None
    """When the next edition is expected (for the quiet "was expected by" notice)."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One ally's (or one of the publisher's aggregates') figures for one year of a release."""

    year: int
    estimate: bool
    """NATO marks the year as an estimate (``2026e``)."""
    core_share: Decimal | None = None
    """Published share of GDP (Table 3)."""
    core: Decimal | None = None
    """USD bn, current prices (Table 2)."""
    core_constant: Decimal | None = None
    """USD bn, 2021 prices (Table 2)."""
    core_national: Decimal | None = None
    """bn of national currency, current prices (Table 1); None for aggregates."""
    gdp: Decimal | None = None
    """USD bn, current prices (Table 5)."""
    equipment_share: Decimal | None = None
    """Fraction of core spending (Table 8a)."""
    real_change: Decimal | None = None
    """Real change on the year before, as a fraction, where the publisher prints it."""
    related: Figure | None = None
    """Defence- and security-related spending that year (an ally's claim), with its status."""
    ukraine_aid: Figure | None = None
    """Military aid to Ukraine that year, USD bn, with its status (``partial``: part of a year)."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every year a release publishes: per member code and per printed aggregate, in year order."""

    years: tuple[int, ...]
    members: tuple[tuple[str, tuple[YearFigures, ...]], ...] = ()
    aggregates: tuple[tuple[str, tuple[YearFigures, ...]], ...] = ()
    """The publisher's own totals by group id (``nato``, ``europe-canada``), as printed."""
    currencies: tuple[tuple[str, str], ...] = ()
    """Member code -> ISO 4217 code."""

    def series(self, code: str) -> tuple[YearFigures, ...]:
        for c, figures in self.members:
            if c == code:
                return figures
        return ()

    def aggregate(self, group_id: str) -> tuple[YearFigures, ...]:
        for g, figures in self.aggregates:
            if g == group_id:
                return figures
        return ()


@dataclass(frozen=True, slots=True)
class Benchmark:
    """An outside reference figure (e.g. Russia's military spending), with its source."""

    id: str
    label: str
    value: Decimal
    """USD bn."""
    basis: str = "market-exchange-rates"
    """``market-exchange-rates`` or ``ppp`` (purchasing-power parity)."""
    year: int | None = None
    share_of_gdp: Decimal | None = None
    source: str | None = None
    note: str | None = None
    compare_group: str | None = None
    """Group the benchmark is meant to be set against (e.g. the publisher's own comparator)."""
    comparator_value: Decimal | None = None
    """The publisher's own figure for that comparator, USD bn, for reference."""
    comparator_label: str | None = None


@dataclass(frozen=True, slots=True)
class Growth:
    """Nominal GDP growth assumptions used by paths: alliance-wide and per member."""

    default: Decimal | None = None
    members: tuple[tuple[str, Decimal], ...] = ()

    def rate(self, code: str, fallback: Decimal) -> Decimal:
        for c, g in self.members:
            if c == code:
                return g
        return self.default if self.default is not None else fallback


@dataclass(frozen=True, slots=True)
class Preset:
    """One data vintage for one year, possibly with what-if changes applied."""

    id: str
    label: str
    year: int
    members: tuple[Member, ...]
    currency: str = "USD"
    targets: Targets = DEFAULT_TARGETS
    sources: tuple[Source, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """User-defined groups from the file: (id, member codes)."""
    group_names: tuple[tuple[str, str], ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    description: str | None = None
    released: date | None = None
    path: str | None = None
    """The file the preset was read from (None for presets built in code)."""
    modified: tuple[str, ...] = ()
    """Human-readable descriptions of the what-if changes applied, in order."""
    scenario: str | None = None
    """Label of the scenario applied on top of the preset, if any."""
    growth: Growth = field(default_factory=Growth)
    inputs: tuple[str, ...] = ()
    """Files besides :attr:`path` read to build it: a scenario file and the scenarios it stacks
    on, top first (so ``-o`` and saves can refuse to replace any of them)."""
    # --- a release with a time axis (schema 2); defaults for single-year v1 presets ---------
    release: Release | None = None
    years: tuple[int, ...] = ()
    """Every year the release holds (``year`` is the one chosen); empty for v1 presets."""
    eur_rate: Decimal | None = None
    """Euros per US dollar in ``year``, as implied by the publisher's own tables."""
    timeline: Timeline | None = None
    """Every year's published figures (history views, paths' records); None for v1 presets."""
    counts_ukraine_aid: bool = False
    """Count each member's military aid to Ukraine toward its core spending (the Hague text
    counts direct contributions to Ukraine's defence): core + aid for shares, gaps and target
    checks, judged on money ÷ GDP (a published share no longer applies). Set by the change
    ``count-ukraine on|off`` (``--count-ukraine``)."""

    def member(self, code: str) -> Member | None:
        for m in self.members:
            if m.code == code:
                return m
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(map(_CODE, self.members))

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

    def with_members(self, members: tuple[Member, ...], **changes: Any) -> Preset:
        return replace(self, members=members, **changes)


_CODE = attrgetter("code")
