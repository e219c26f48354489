"""The clipboard summary (``y``): the few lines people paste into meeting notes.

What is on screen, in words and units: the preset (and scenario) and the changes in force,
the group's share of GDP, how many members meet each target, the sum and collective gaps, and
the row of every ally the what-if changed. The full table stays one export away (ctrl+e).

No textual here: a pure function of the session's figures, tested directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..domain import registry
from ..domain.dataset import Targets
from ..engine.currency import NATIONAL
from ..engine.evaluate import GroupResult, MemberResult, Result
from ..errors import printable
from ..output.currency import aid_words, unit_line
from ..output.fmt import gdp_share, money, pct_short, points
from ..output.markers import NO, YES, not_yet_ally
from .money import amount, prefix

#: The targets of GDP the summary judges against (guideline, core, total), from the registry.
TARGETS = registry.JUDGED
MAX_ROWS = 10
"""Edited allies listed at most (the rest are counted)."""


def _target_name(t: Targets, key: str) -> str:
    name = {"guideline": "guideline", "core": "core", "total": f"total by {t.deadline}"}[key]
    return f"{pct_short(t.share(key))} {name}"


def _meets(m: MemberResult, t: Targets) -> str:
    if not m.assessed:
        return "not yet an ally" if not_yet_ally(m.flags) else "not assessed (the targets do not apply)"
    marks = []
    for key in TARGETS:
        met = getattr(m, f"meets_{key}")
        marks.append(f"{YES if met else NO} {pct_short(t.share(key))}")
    return "meets " + " ".join(marks)


def member_line(m: MemberResult, t: Targets, result: Result | None = None) -> str:
    """``DEU Germany: core 3.00 % of GDP ($150.00 bn) · total 3.00 % · gap to 3.5 %: $25.00 bn · ...``
    (money in ``result``'s currency, as the screen shows it: ``€``, ``PLN ``; USD without)."""
    if not m.included:
        return f"{m.code} {m.name}: excluded"

    def cash(v, places: int) -> str:
        return f"${money(v, places)} bn" if result is None else amount(result, v, places, m.code)

    line = (
        f"{m.code} {m.name}: core {gdp_share(m.core_share, t)} of GDP ({cash(m.core, 2)})"
        f" · total {gdp_share(m.total_share, t)} · GDP {cash(m.gdp, 1)}"
    )
    if m.assessed and m.gap_core is not None:
        line += f" · gap to {pct_short(t.core)}: {cash(m.gap_core, 2)}"
    return f"{line} · {_meets(m, t)}"


def group_lines(
    g: GroupResult, t: Targets, included_of: int | None = None, result: Result | None = None
) -> list[str]:
    size = f"{g.size} included" + (f" of {included_of}" if included_of is not None else "")
    if g.not_yet:  # listed in the year shown, but not yet allies: counted nowhere
        size += f"; not yet allies: {', '.join(g.not_yet)}"
    share = gdp_share(g.core_share, t, unknown="n/a")
    total = gdp_share(g.total_share, t, unknown="n/a")
    cur = "$" if result is None else prefix(result)  # a group: USD when each ally has its own
    lines = [f"{g.name} ({size}): core {share} of GDP ({cur}{money(g.core, 1)} bn) · total {total}"]
    lines.append(
        "Meeting: "
        + " · ".join(f"{_target_name(t, k)} {getattr(g, f'meeting_{k}')}/{g.assessed}" for k in TARGETS)
    )
    for key in ("core", "total"):
        lines.append(
            f"Gap to {_target_name(t, key)}: sum of gaps {cur}{money(getattr(g, f'gap_{key}'), 1)} bn,"
            f" collective {cur}{money(getattr(g, f'collective_gap_{key}'), 1)} bn"
            f" ({points(getattr(g, f'gap_{key}_share'))} of GDP)"
        )
    return lines


def summary_text(
    result: Result,
    changes: Sequence,
    group: str,
    *,
    scenario: str | None = None,
    unsaved: bool = False,
    group_size: int | None = None,
    edited: Sequence[str] = (),
) -> str:
    """The summary as plain text lines (ending with a newline).

    ``changes``: the changes in force (:class:`~calc.engine.changes.Change`); ``edited``: codes of
    the allies the changes touch, in the table's order; ``group_size``: the group's members
    including excluded ones."""
    p = result.preset
    t = result.targets
    head = f"nato-calc · {p.label} [{p.id}]"
    if scenario:
        head += f" · scenario {scenario}" + (" (unsaved changes)" if unsaved else "")
    lines = [head]
    if changes:
        lines.append(f"Changes ({len(changes)}): " + "; ".join(c.describe() for c in changes))
    else:
        lines.append("Changes: none (the preset's figures)")
    g = result.group(group)
    if g is None:
        lines.append(f"{group}: no included member")
    else:
        lines += group_lines(g, t, group_size, result)
    rows = [m for code in edited if (m := result.member(code)) is not None]
    if rows:
        lines.append("Edited allies:")
        lines += [f"  {member_line(m, t, result)}" for m in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            lines.append(f"  … and {len(rows) - MAX_ROWS} more (the export has every row)")
    lines.append(f"Amounts in {_units(result)}; shares of GDP. Full table: ctrl+e.")
    return "\n".join(printable(line).replace("\n", " ") for line in lines) + "\n"


def _units(result: Result) -> str:
    """The money's unit words, as the table's header gives them (in each ally's own currency:
    its ISO code stands before each of its amounts here, there is no Cur column)."""
    if result.currency != NATIONAL:
        return unit_line(result)
    aid = aid_words(result.preset)
    words = "bn of each ally's own currency (its code before the amount), groups in USD bn, at current prices"
    return f"{words}; {aid}" if aid else words


def edited_codes(result: Result, changes: Sequence) -> list[str]:
    """Codes of the allies whose figures the changes touch (every ally for a ``*`` change),
    in preset order; a growth rate changes no figure on screen."""
    named = {c.member for c in changes if c.member and c.op != "growth"}
    every = "*" in named
    return [m.code for m in result.members if every or m.code in named]
