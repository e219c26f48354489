"""The one definition of the markers, legend and status words shown next to figures.

The CLI table, its Markdown export and the TUI all mark a member's row (and the TUI each
figure) with the same characters and explain them with the same words; both take them from
here. Pure: no formatting library, no textual.

A member's flags come from the engine as structures (:class:`calc.domain.flags.Flag`: a figure
and its status, or the member's own ``excluded``/``not-assessed``/``not-yet-ally``); :func:`flag_text` spells one
for the JSON and CSV (``core:placeholder``, ``gdp:edited``, ``excluded``, ``related:unknown``...).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from ..domain.flags import NOT_YET_ALLY, Flag


class Marker(NamedTuple):
    """A character shown after a figure (or a member's code), and what it means."""

    status: str
    """The figure status it marks (``edited``, ``placeholder``, ...; ``unknown`` for ``?``)."""
    symbol: str
    meaning: str
    """The long explanation (help screen, CLI legend)."""
    short: str
    """The brief one (the TUI's side legend)."""


#: Every marker, in legend order. Estimates, projections and provisional figures are the norm
#: in a current-year preset, so they carry none (see :data:`UNMARKED`).
MARKERS: tuple[Marker, ...] = (
    Marker("edited", "✎", "edited in this session (a what-if)", "edited (what-if)"),
    Marker("placeholder", "!", "placeholder, not an estimate", "placeholder"),
    Marker("later-vintage", "†", "later release than the rest of the preset", "later release"),
    Marker("earlier-vintage", "‡", "earlier release than the rest of the preset", "earlier release"),
    Marker("not-applicable", "–", "not assessed (no armed forces)", "not assessed"),
    Marker("not-yet-ally", "»", "not yet an ally that year (joined later; not assessed)", "not yet an ally"),
    Marker("unknown", "?", "related spending unknown (counted as 0)", "related unknown (0)"),
)
#: Figure status -> marker character (only the statuses that are marked; ``not-yet-ally`` is the
#: member's, never a figure's).
STATUS_MARK: dict[str, str] = {
    m.status: m.symbol for m in MARKERS if m.status not in ("unknown", NOT_YET_ALLY.status)
}
#: The marker of a member not yet an ally in the preset's year.
NOT_YET_ALLY_MARK = next(m.symbol for m in MARKERS if m.status == NOT_YET_ALLY.status)
#: Marker character -> its long meaning.
MEANING: dict[str, str] = {m.symbol: m.meaning for m in MARKERS}
#: Which marker a row shows when several of its figures are marked: the first found here.
ROW_PRECEDENCE = (
    "edited",
    "not-yet-ally",
    "not-applicable",
    "placeholder",
    "later-vintage",
    "earlier-vintage",
)
#: Said once in the help and the legend rather than on every cell.
UNMARKED = "estimates and projections are not marked: the line under the table says which a figure is"

#: Target status: met, not met, does not apply.
YES, NO, NA = "✔", "✗", "–"
#: A gap of zero (the target is met).
NO_GAP = "·"
STATUS_LEGEND = f"Meets: {YES} yes {NO} no {NA} n/a (per target)"
NO_GAP_LEGEND = f"{NO_GAP} no gap"

#: A figure's status in words (information lines, the editor).
STATUS_WORDS: dict[str, str] = {
    "edited": "edited in this session",
    "placeholder": "placeholder (not an estimate)",
    "later-vintage": "from a later release",
    "earlier-vintage": "from an earlier release",
    "estimate": "estimate",
    "projection": "projection",
    "provisional": "provisional",
    "final": "final",
    "not-applicable": "not applicable",
}
#: Why a member is not assessed: the targets do not apply (Iceland), or it was no ally yet.
NOT_ASSESSED_WORDS = "not assessed: the targets do not apply"


def not_yet_ally(flags: Iterable[Flag]) -> bool:
    """Whether a member's flags say it is no ally in the preset's year (it joined later)."""
    return NOT_YET_ALLY in flags


def group_members(size: int, not_assessed: Sequence[str], not_yet: Sequence[str] = ()) -> tuple[str, str]:
    """How many members a group has and who is not counted, for the report's group block, the
    TUI's group panel and the comparison: ``("29 members", "ISL not assessed; not yet allies:
    FIN, MKD, SWE")`` (``size``: the members in the year, not yet allies left out; the second
    part "" when everyone counts)."""
    others = [c for c in not_assessed if c not in not_yet]
    notes = [f"{', '.join(others)} not assessed"] if others else []
    if not_yet:
        notes.append(f"not yet allies: {', '.join(not_yet)}")
    return f"{size} member{'s' if size != 1 else ''}", "; ".join(notes)


def not_assessed_words(flags: Iterable[Flag], joined: int | None = None) -> str:
    """Why a member is not assessed, for the table's cell information and summaries:
    ``not yet an ally (joined 2023)`` for a member that joined after the preset's year, else
    ``not assessed: the targets do not apply``."""
    if not_yet_ally(flags):
        return f"not yet an ally (joined {joined})" if joined is not None else "not yet an ally"
    return NOT_ASSESSED_WORDS


def flag_text(flag: Flag) -> str:
    """A flag as the JSON and CSV spell it: ``core:edited``, ``related:unknown``, ``excluded``."""
    return f"{flag.figure}:{flag.status}" if flag.figure else flag.status


@lru_cache(maxsize=1024)
def flag_texts(flags: tuple[Flag, ...]) -> tuple[str, ...]:
    """:func:`flag_text` of each flag (the engine's flags are a handful of cached tuples)."""
    return tuple(flag_text(f) for f in flags)


def figure_status(flags: Iterable[Flag], name: str) -> str | None:
    """The status of one figure (``gdp``, ``core`` or ``related``) from a member's flags.

    ``edited`` wins over the figure's status in the preset; ``unknown`` is not a status.
    """
    found = None
    for f in flags:
        if f.figure == name:
            status = f.status
            if status == "edited":
                return status
            if status != "unknown":
                found = status
    return found


def row_marker(flags: tuple[Flag, ...], assessed: bool = True) -> str:
    """The one marker shown next to a member's code (a space when nothing is marked)."""
    statuses = [figure_status(flags, n) for n in ("gdp", "core", "related")]
    for status in ROW_PRECEDENCE:
        if status == NOT_YET_ALLY.status:
            if not assessed and not_yet_ally(flags):
                return NOT_YET_ALLY_MARK
        elif status in statuses or (status == "not-applicable" and not assessed):
            return STATUS_MARK[status]
    return " "


def legend_parts(used: Iterable[str]) -> list[str]:
    """``"✎ edited in this session (a what-if)"`` for each marker character in ``used``."""
    seen = set(used)
    return [f"{m.symbol} {m.meaning}" for m in MARKERS if m.symbol in seen]
