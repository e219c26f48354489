"""The plans view's model (no Textual, no Rich): the rows and lines of
:class:`~calc.tui.screens.plans.PlansScreen`, from a
:class:`~calc.engine.plans.PlansComparison` (:meth:`calc.tui.session.Session.plans`).

The overview answers "which allies' plans reach the core target by the deadline, and which are
back-loaded?" at one look: one row an ally, the series the path view overlays
(:func:`calc.engine.plans.overlay`: the compared core series, else the NATO-total one), its
level today, at the 2029 review and at the deadline, whether it reaches the target, its flags.
The detail of one ally is what ``nato-calc plans --member CODE`` prints, as rows: per basis
the needed and declared shares year by year (the review year marked), each flag in a
sentence (:func:`calc.output.plans.flag_text`), each figure's status and source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.plans import FLAGS, REVIEW_YEAR, AllyComparison, PlansComparison, Series, overlay
from ..output.fmt import money, pct, pct_short, points, pp
from ..output.markers import NO, YES
from ..output.plans import flag_text

#: The short name of each flag in the overview's column.
FLAG_SHORT = {
    "not-incremental": "not incremental",
    "back-loaded": "back-loaded",
    "short-of-target": "short of target",
    "faster-than-record": "faster than record",
    "no-plan": "no plan",
}
#: The flags in fewer letters, for a narrow screen.
FLAG_TINY = {
    "not-incremental": "not incr.",
    "back-loaded": "back-loaded",
    "short-of-target": "short",
    "faster-than-record": "> record",
    "no-plan": "no plan",
}
#: The overview's columns a narrow screen keeps (the code names the ally).
COMPACT = (0, 3, 4, 5, 6, 7)
#: The name of each flag before its sentence in the detail.
FLAG_NAMES = {
    "not-incremental": "Not incremental",
    "back-loaded": "Back-loaded",
    "short-of-target": "Short of the target",
    "faster-than-record": "Faster than its record",
    "no-plan": "No plan found",
}
BASIS_SHORT = {"nato-core": "core", "nato-total": "total", "national-budget": "budget", "other": "other"}
STATUS_SHORT = {"legislated": "leg", "budget": "bud", "announced": "ann"}
OVERVIEW_HEADER = ("Code", "Ally", "Basis", "Today", f"{REVIEW_YEAR}*", "Deadline", "Reaches", "Flags")


@dataclass(frozen=True, slots=True)
class OverviewRow:
    code: str
    cells: tuple[str, ...]
    """In :data:`OVERVIEW_HEADER` order (the deadline column headed by its year)."""
    reaches: bool | None
    """The plan reaches its target at the deadline; None: no compared plan."""
    flags: tuple[str, ...]


def _level_at(s: Series, year: int) -> str:
    y = next((y for y in s.years if y.year == year), None)
    guard = (s.target,) if s.target is not None else ()  # never rounded onto the target
    return pct(y.level, thresholds=guard) if y is not None and y.level is not None else "–"


def overview_header(c: PlansComparison, compact: bool = False) -> tuple[str, ...]:
    head = tuple(str(c.deadline) if h == "Deadline" else h for h in OVERVIEW_HEADER)
    return tuple(head[i] for i in COMPACT) if compact else head


def flag_words(a: AllyComparison, s: Series | None, names: dict[str, str] = FLAG_SHORT) -> str:
    """The ally's flags in short words: its own and the compared series' first, then those of
    its other series with their basis (``short of target (total)``)."""
    own = [f.key for f in a.flags] + ([f.key for f in s.flags] if s is not None else [])
    words = [names[k] for k in dict.fromkeys(own)]
    for other in a.series:
        if other is not s:
            words += [f"{names[f.key]} ({BASIS_SHORT[other.basis]})" for f in other.flags]
    return ", ".join(dict.fromkeys(words))


def overview_row(a: AllyComparison, compact: bool = False) -> OverviewRow:
    """One ally's row; ``compact``: the columns of :data:`COMPACT`, the flags in fewer letters."""
    row = _overview_row(a, FLAG_TINY if compact else FLAG_SHORT)
    if compact:
        return OverviewRow(row.code, tuple(row.cells[i] for i in COMPACT), row.reaches, row.flags)
    return row


def _overview_row(a: AllyComparison, names: dict[str, str]) -> OverviewRow:
    s = overlay(a)
    flags = a.all_flags
    if not a.assessed:
        cells = (a.code, a.name, "–", "–", "–", "–", "n/a", "not assessed")
        return OverviewRow(a.code, cells, None, flags)
    if s is None or s.level_at_deadline is None or s.target is None:
        cells = (a.code, a.name, "–", "–", "–", "–", "–", flag_words(a, s, names))
        return OverviewRow(a.code, cells, None, flags)
    reaches = s.level_at_deadline >= s.target
    verdict = (
        f"{YES} {pct_short(s.target)}"
        if reaches
        else f"{NO} {points(s.shortfall_share)} short"
        if s.shortfall_share is not None
        else NO
    )
    cells = (
        a.code,
        a.name,
        BASIS_SHORT[s.basis],
        pct(s.today, thresholds=(s.target,)),
        _level_at(s, REVIEW_YEAR),
        pct(s.level_at_deadline, thresholds=(s.target,)),
        verdict,
        flag_words(a, s, names) or "·",
    )
    return OverviewRow(a.code, cells, reaches, flags)


def overview(c: PlansComparison, compact: bool = False) -> list[OverviewRow]:
    return [overview_row(a, compact) for a in c.allies]


def headline(c: PlansComparison) -> list[str]:
    """The answer in words: who reaches the targets, who is back-loaded, who has no plan."""
    sm = c.summary
    assessed = sum(1 for a in c.allies if a.assessed)

    def who(codes: tuple[str, ...]) -> str:
        return f"{', '.join(codes) or 'none'} ({len(codes)}/{assessed})"

    t = c.preset.targets
    lines = [
        f"Reach {pct_short(t.core)} core by {c.deadline}: {who(sm.reach_core)}",
        f"Back-loaded: {who(sm.having('back-loaded'))}",
    ]
    if sm.reach_total:
        lines.append(f"Reach {pct_short(t.total)} total (NATO-total basis): {who(sm.reach_total)}")
    for f in ("short-of-target", "not-incremental", "faster-than-record", "no-plan"):
        lines.append(f"{FLAG_SHORT[f].capitalize()}: {who(sm.having(f))}")
    return lines


def totals_line(c: PlansComparison) -> str:
    """How much of the scope's gap at the deadline the declared plans close."""
    t = c.totals
    unit = c.currency.upper()
    core = pct_short(c.preset.targets.core)
    share = f" ({pct(t.closed_core / t.gap_core, 0)})" if t.gap_core else ""
    n = len(t.with_core_plan)
    return (
        f"Gap to {core} core in {c.deadline}: {unit} {money(t.gap_core, 1)} bn a year at the projected "
        f"GDP; the declared core plans close {unit} {money(t.closed_core, 1)} bn{share}, from {n} "
        f"{'ally' if n == 1 else 'allies'}; {len(t.without_core_plan)} without a comparable core plan "
        "close nothing"
    )


def assumptions_line(c: PlansComparison) -> str:
    rates = {a.path.growth for a in c.allies if a.path is not None}
    growth = f"GDP {pct(next(iter(rates)))}/yr" if len(rates) == 1 else "GDP growth per ally"
    return (
        f"Needed: the path view's planner from {c.base_year} (shape {c.shape}, {growth}) · "
        f"{REVIEW_YEAR}* the review · shares of GDP · {c.preset.id} · plans {c.plans.id}"
    )


# -- one ally -----------------------------------------------------------------------------------

DETAIL_HEADER = ("Year", "Needed", "Declared", "Status", "Plan level", "Declared − needed")


@dataclass(frozen=True, slots=True)
class SeriesDetail:
    title: str
    """The basis and why it is or is not compared."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    review_row: int | None
    """The index of the review year's row."""
    flags: tuple[str, ...]
    """One sentence a flag: its label and what the figures say."""
    sources: tuple[str, ...]
    """Each declared figure: year, value, status, when announced, source (and the set-aside ones)."""


@dataclass(frozen=True, slots=True)
class AllyDetail:
    code: str
    title: str
    flags: tuple[str, ...]
    """The ally's own flags (no plan) in sentences, and why it is not assessed."""
    series: tuple[SeriesDetail, ...]
    statements: tuple[str, ...]


def _figure_value(f) -> str:
    if f.share is not None:
        return pct(f.share)
    if f.amount_bn is not None:
        return f"{f.currency} {money(f.amount_bn, 1)} bn"
    return "?"


def _series_detail(s: Series) -> SeriesDetail:
    rows: list[tuple[str, ...]] = []
    review = None
    guard = (s.target,) if s.target is not None else ()  # a level never rounded onto the target
    for y in s.years:
        if not s.compared and y.declared is None:
            continue
        d = y.declared
        declared = (
            ""
            if d is None
            else pct(y.declared_share, thresholds=guard)
            if y.declared_share is not None
            else _figure_value(d)
        )
        if y.review:
            review = len(rows)
        rows.append(
            (
                f"{y.year}{'*' if y.review else ''}",
                pct(y.needed, thresholds=guard) if y.needed is not None else "",
                declared,
                d.status if d is not None else "",
                pct(y.level, thresholds=guard) if y.level is not None else "",
                pp(y.difference) if y.difference is not None else "",
            )
        )
    flags = tuple(f"{FLAG_NAMES[f.key]}: {flag_text(f)}" for f in s.flags)
    sources = [
        f"{f.year} {_figure_value(f)} · {f.status} · {f.announced} · {f.basis_text} · {f.source_url}"
        + (f" · {f.note}" if f.note else "")
        for f in s.figures
    ]
    sources += [
        f"set aside: {f.year} {_figure_value(f)} ({f.announced}): "
        f"{f.superseded_reason or 'replaced by a later figure for the same year'}"
        for f in s.set_aside
    ]
    title = f"{s.basis} ({s.basis_text}): {s.reason}"
    return SeriesDetail(title, DETAIL_HEADER, tuple(rows), review, flags, tuple(sources))


def detail(a: AllyComparison) -> AllyDetail:
    flags = [] if a.assessed else [a.reason]
    flags += [f"{FLAG_NAMES[f.key]}: {flag_text(f)}" for f in a.flags]
    statements = tuple(
        f"statement ({st.year}, {st.status}, {st.announced}): {st.note} · {st.source_url}"
        for st in a.statements
    )
    keys = flag_words(a, overlay(a)) or "no flag"
    return AllyDetail(
        a.code,
        f"{a.name} ({a.code}): {keys}",
        tuple(flags),
        tuple(_series_detail(s) for s in a.series),
        statements,
    )


__all__ = [
    "DETAIL_HEADER",
    "FLAGS",
    "FLAG_SHORT",
    "OVERVIEW_HEADER",
    "AllyDetail",
    "OverviewRow",
    "SeriesDetail",
    "assumptions_line",
    "detail",
    "flag_words",
    "headline",
    "overview",
    "overview_header",
    "overview_row",
    "totals_line",
]
