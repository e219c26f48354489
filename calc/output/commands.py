"""The words of a command's preview (:func:`calc.engine.commands.preview`): the line the TUI's
command bar shows while typing ("Germany core 2.69 % → 3.00 %; gap to 3.5 % USD 44.0 → 27.3 bn")."""

from __future__ import annotations

from decimal import Decimal

from ..domain import registry
from ..engine.changes import COUNT_UKRAINE
from ..engine.commands import Action, MemberPreview, Preview
from . import fmt
from .describe import implausible_text

#: Members named one by one in a preview; the others are counted.
SHOWN = 3

_FIELD_WORD = {"core_share": "core", "related_share": "related", "gdp": "GDP"}

_ACTION_TEXT = {
    "group": "show the group {0}",
    "year": "switch to the year {0} (your changes are kept)",
    "currency": "show money in {0}",
    "compare": "compare with {0} (A; your session is B)",
    "compare_off": "leave compare mode",
    "reset_all": "reset every change (undo brings them back)",
    "undo": "undo the last step",
    "redo": "redo the step undone",
    "save": "save the scenario to {0}",
    "export": "export the view as {0} to {1}",
    "copy": "copy a summary of the view to the clipboard",
}


def _money(d: Decimal | None) -> str:
    return fmt.money(d, 1) if d is not None else "n/a"


def _value(field: str, d: Decimal | None) -> str:
    if field == "gdp":
        return _money(d)
    if field == "included":
        return "included" if d else "left out"
    return fmt.pct(d, unknown="unknown")


def _member(m: MemberPreview, target: str) -> str:
    word = _FIELD_WORD.get(m.field, m.field)
    if m.field == "included":
        change = "left out of the aggregates" if not m.after else "counted again"
        return f"{m.name} {change}"
    text = f"{m.name} {word} {_value(m.field, m.before)} → {_value(m.field, m.after)}"
    if m.field == "gdp":
        text = f"{m.name} GDP {m.unit} {_money(m.before)} → {_money(m.after)} bn"
        if m.share_before != m.share_after:
            text += f" (core {fmt.pct(m.share_before)} → {fmt.pct(m.share_after)})"
    if m.gap_before == m.gap_after == 0:
        text += f"; meets {target}"
    elif m.gap_before is not None or m.gap_after is not None:
        text += f"; gap to {target} {m.unit} {_money(m.gap_before)} → {_money(m.gap_after)} bn"
    return text


def preview_text(p: Preview) -> str:
    """One line: what Enter will do."""
    if isinstance(p.command, Action):
        template = _ACTION_TEXT.get(p.command.kind)
        if p.command.kind == "path":
            who, growth = p.command.args
            g = f" at {fmt.pct(Decimal(growth), 1)} nominal GDP growth a year" if growth else ""
            return f"open the spending path of {who}{g}"
        if p.command.kind == "export":
            from .formats import display_name, from_extension

            named, name = p.command.args
            written = named or from_extension(name) or ""
            return f"export the view as {display_name(written) if written else '(name the format)'} to {name}"
        if p.command.kind == "plans":
            who = p.command.args[0] or "the group shown"
            return f"open the national plans of {who} against the path to the targets"
        if p.command.kind == "compare" and p.command.args == ("base",):
            return "compare with the preset as published (A; your session is B)"
        return template.format(*p.command.args) if template else p.command.kind
    target = fmt.pct_short(p.core_target) if p.core_target is not None else "the core target"
    parts: list[str] = []
    if len(p.members) == 1:
        parts.append(_member(p.members[0], target))
    elif p.members:
        head = ", ".join(
            f"{m.name} {_value(m.field, m.before)} → {_value(m.field, m.after)}" for m in p.members[:SHOWN]
        )
        more = len(p.members) - SHOWN
        word = _FIELD_WORD.get(p.members[0].field, p.members[0].field)
        parts.append(f"{len(p.members)} members' {word}: {head}" + (f" and {more} more" if more > 0 else ""))
    elif not p.targets and all(c.op == "reset" for c in p.command.changes):
        parts.append("nothing to change: the figures are the preset's")
    elif not p.targets and not p.command.changes:
        parts.append(
            "nothing to change: every member named is at or above it already"
            if p.command.at_least
            else "nothing to change"
        )
    for name, a, b in p.targets:
        label = registry.TARGET[name].label
        if isinstance(a, Decimal) and isinstance(b, Decimal) and name != "deadline":
            parts.append(f"{label} {fmt.pct_short(a)} → {fmt.pct_short(b)}")
        else:
            parts.append(f"{label} {a} → {b}")
    if p.command.skipped and p.command.changes:
        parts.append(f"{len(p.command.skipped)} already at or above it stay")
    alone = len(p.members) == 1 and p.members[0].field != "included"
    if not alone and p.group_gap_before != p.group_gap_after:
        parts.append(
            f"NATO's gap to {target} {p.group_unit} {_money(p.group_gap_before)} → {_money(p.group_gap_after)} bn"
        )
    switches = [c.describe() for c in p.command.changes if c.op == COUNT_UKRAINE]
    parts[:0] = switches  # ukraine on: the switch's own words, then what it moves
    for finding in p.implausible:
        parts.append("check: " + implausible_text(finding))
    return "; ".join(parts)
