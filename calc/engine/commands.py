"""The command grammar: what people type into the TUI's command bar, ``--do`` and scripts.

One line is one command. :func:`parse_command` turns it into a :data:`Command`: an
:class:`Edit` (changes to the figures, one undoable step, recorded in scenario files as
today's changes) or an :class:`Action` (a session operation the caller carries out: a group,
a year, a currency, compare mode, a path, undo/redo, save, export, copy).

Case does not matter; members are named by code, name or alias (``DEU``, ``Germany``,
``GER``, ``UK``), several at once (``DEU FRA ITA``), or as a group (``europe-canada``). Values
go through the value grammar of :mod:`calc.engine.changes` (:func:`~.changes.parse_input`,
:func:`~.changes.parse_target_input`), with its refusals: a bare number on a share is refused
with the readings it could mean. Pure: no I/O, no formatting of results.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from ..domain.countries import BUILTIN_GROUPS, builtin_group_codes, name_key
from ..domain.dataset import MEMBER_FIELDS, SHARE_FIELDS, TARGET_FIELDS, Member, Preset
from ..errors import ChangeError, did_you_mean, quoted
from .changes import (
    ALL,
    Change,
    Implausible,
    apply_changes,
    count_ukraine,
    parse_growth_input,
    parse_input,
    parse_target_input,
    resolve_member,
)
from .evaluate import CONTEXT, Result, evaluate
from .history import History

#: The first words of the session actions and of the edits that are not "MEMBERS FIELD VALUE".
WORDS = (
    "without", "with", "target", "deadline", "ukraine", "group", "year", "currency", "compare",
    "path", "plans", "reset", "undo", "redo", "save", "export", "copy",
)  # fmt: skip  # a list of words, one line
#: Field words after the members (``core`` is core spending: ``3%`` sets its share of GDP).
FIELDS = MEMBER_FIELDS
#: Formats ``export`` writes (``md`` is Markdown).
EXPORT_FORMATS = ("md", "markdown", "csv", "json", "table", "txt", "xlsx")
CURRENCY_WORDS = ("usd", "eur", "national")
#: Actions a session carries out (their ``kind``).
ACTIONS = (
    "group", "year", "currency", "compare", "compare_off", "path", "plans", "reset_all", "undo",
    "redo", "save", "export", "copy",
)  # fmt: skip  # a list of words, one line
_AT_LEAST = re.compile(r"^(>=|≥|at\s+least\b)\s*", re.IGNORECASE)
#: ``DEU.core=3%`` (as --set writes it) and ``DEU core=3%``: read as ``DEU core 3%``.
_SET_FORM = re.compile(r"(?i)(?:(?<=\S)\.|\s+)(gdp|core_share|related_share|core|related)\s*=\s*")
#: Words people put between the field and the value: ``DEU core to 3%``.
_FILLER = re.compile(r"^(to|at)\s+(?!least\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Edit:
    """Changes to the figures: one undoable step."""

    changes: tuple[Change, ...]
    text: str = ""
    """The command as typed."""
    at_least: bool = False
    """A ``>=`` command: the members already at or above the value are left alone."""
    skipped: tuple[str, ...] = ()
    """The members a ``>=`` command left alone (already at or above)."""


@dataclass(frozen=True, slots=True)
class Action:
    """A session operation: ``kind`` (one of :data:`ACTIONS`) and its arguments as text.

    ``group``: (group id,) · ``year``: (year,) · ``currency``: (usd|eur|national,) ·
    ``compare``: (preset id or scenario file, or ``base`` for the preset as published) ·
    ``compare_off``, ``reset_all``, ``undo``, ``redo``, ``copy``: () · ``path``: (member
    code or group id, growth as a fraction or "") · ``plans``: (member code or group id, or
    "" for the group shown) · ``save``: (file,) · ``export``:
    (format, file).
    """

    kind: str
    args: tuple[str, ...] = ()
    text: str = ""


Command = Edit | Action


def _words(text: str) -> list[str]:
    return text.split()


def _groups_of(preset: Preset, groups: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, ...]]:
    """Group id -> its member codes (all members, included or not)."""
    if groups is not None:
        return {g.casefold(): tuple(c) for g, c in groups.items()}
    codes = preset.codes
    out = {gid: builtin_group_codes(gid, codes) for gid, _ in BUILTIN_GROUPS}
    for gid, members in preset.groups:
        out[gid.casefold()] = tuple(members)
    return out


def parse_command(
    text: str,
    preset: Preset,
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
    presets: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
) -> Command:
    """The command ``text`` says, for the session's ``preset`` (the figures in force: a
    ``>=`` command reads them to leave the members already above alone).

    ``groups``: group id -> member codes (default: the preset's built-in and own groups);
    ``presets``: the preset ids ``compare`` may name (default: any); ``years``: the years
    ``year`` may name (default: the preset's time axis, if it has one).

    Raises:
        ChangeError: one line saying why, with a did-you-mean for an unknown word, member,
            field, group or preset (nothing is changed).
    """
    t = text.strip()
    if ";" in t:
        parts = " then ".join(quoted(p.strip()) for p in t.split(";") if p.strip())
        raise ChangeError(f"one command at a time: {parts} (a script or --do separates them with ;)")
    words = _words(_SET_FORM.sub(r" \1 ", t))
    if not words:
        raise ChangeError("type a command, e.g. DEU core 3% (see the help for the list)")
    head = words[0].casefold()
    rest = words[1:]
    table = _groups_of(preset, groups)
    if head in ("undo", "redo", "copy"):
        _no_more(head, rest)
        return Action(head, (), t)
    if head in ("without", "with"):
        if not rest:
            raise ChangeError(f"{head}: name a member, e.g. {head} USA")
        op = "exclude" if head == "without" else "include"
        codes = _members(preset, rest, table, head)
        return Edit(tuple(Change(op, member=c) for c in codes), t)
    if head == "reset":
        if not rest:
            raise ChangeError("reset: name a member (reset DEU) or all (reset all)")
        if len(rest) == 1 and rest[0].casefold() in ("all", "everything", "*"):
            return Action("reset_all", (), t)
        codes = _members(preset, rest, table, head)
        return Edit(tuple(Change("reset", member=c) for c in codes), t)
    if head == "target":
        if len(rest) < 2:
            raise ChangeError(
                f"target: write target NAME VALUE, e.g. target core 3%; targets are {', '.join(TARGET_FIELDS)}"
            )
        return Edit((parse_target_input(rest[0].casefold(), " ".join(rest[1:])),), t)
    if head == "deadline":
        if len(rest) != 1:
            raise ChangeError("deadline: write deadline YEAR, e.g. deadline 2032")
        return Edit((parse_target_input("deadline", rest[0]),), t)
    if head in ("ukraine", "count-ukraine"):
        switch = (
            rest[0].casefold() if len(rest) == 1 else ("on" if not rest and head == "count-ukraine" else "")
        )
        if switch not in ("on", "off"):
            raise ChangeError(
                "ukraine: write ukraine on (count each ally's aid to Ukraine toward core spending) or ukraine off"
            )
        return Edit((count_ukraine(switch == "on"),), t)
    if head == "group":
        if len(rest) != 1:
            raise ChangeError("group: write group ID, e.g. group eu")
        return Action("group", (_group(rest[0], table),), t)
    if head == "year":
        return Action("year", (_year(rest, preset, years),), t)
    if head == "currency":
        if len(rest) != 1 or rest[0].casefold() not in CURRENCY_WORDS:
            got = f" {quoted(' '.join(rest))}" if rest else ""
            hint = did_you_mean(rest[0].casefold(), CURRENCY_WORDS) if len(rest) == 1 else ""
            raise ChangeError(f"currency{got}: write currency usd, eur or national{hint}")
        return Action("currency", (rest[0].casefold(),), t)
    if head == "compare":
        return _compare(rest, presets, t)
    if head == "path":
        return _path(rest, preset, table, t)
    if head == "plans":
        return _plans(rest, preset, table, t)
    if head == "save":
        if len(rest) != 1:
            raise ChangeError("save: write save FILE, e.g. save meeting.toml")
        return Action("save", (rest[0],), t)
    if head == "export":
        if len(rest) == 1 and "." in rest[0].lstrip("."):
            return Action("export", ("", rest[0]), t)  # the name's extension picks the format
        if len(rest) != 2 or rest[0].casefold() not in EXPORT_FORMATS:
            hint = did_you_mean(rest[0].casefold(), EXPORT_FORMATS) if rest else ""
            raise ChangeError(
                f"export: write export FORMAT FILE or export FILE.EXT, e.g. export md meeting.md; formats are md, csv, json, table, xlsx{hint}"
            )
        fmt = {"md": "markdown", "txt": "table"}.get(rest[0].casefold(), rest[0].casefold())
        return Action("export", (fmt, rest[1]), t)
    return _member_edit(words, preset, table, t)


def _no_more(head: str, rest: list[str]) -> None:
    if rest:
        raise ChangeError(f"{head} takes nothing after it (got {quoted(' '.join(rest))})")


def _group(word: str, table: Mapping[str, Sequence[str]]) -> str:
    gid = word.casefold()
    if gid not in table or not table[gid]:
        raise ChangeError(
            f"unknown group {quoted(word)}{did_you_mean(gid, table)}; groups are {', '.join(table)}"
        )
    return gid


def _year(rest: list[str], preset: Preset, years: Sequence[int] | None) -> str:
    if len(rest) != 1 or not re.fullmatch(r"\d{4}", rest[0]):
        raise ChangeError("year: write year YYYY, e.g. year 2024")
    if years is None and preset.timeline is not None:
        years = preset.timeline.years
    if years is not None and int(rest[0]) not in years:
        if not years:
            raise ChangeError(f"year {rest[0]}: this preset holds one year only")
        raise ChangeError(f"year {rest[0]}: the release holds the years {min(years)}–{max(years)}")
    return rest[0]


def _compare(rest: list[str], presets: Sequence[str] | None, text: str) -> Action:
    if len(rest) != 1:
        raise ChangeError(
            "compare: write compare PRESET (or a scenario file, base, off), e.g. compare nato-2025"
        )
    ref = rest[0]
    low = ref.casefold()
    if low == "off":
        return Action("compare_off", (), text)
    if low in ("base", "published"):
        return Action("compare", ("base",), text)
    is_file = low.endswith(".toml") or "/" in ref
    if not is_file and presets is not None:
        ids = {p.casefold(): p for p in presets}
        if low not in ids and low.split("@")[0] not in ids:
            raise ChangeError(
                f"unknown preset {quoted(ref)}{did_you_mean(low, ids)}; presets are {', '.join(presets)}"
            )
        ref = ids.get(low, ref)
    return Action("compare", (ref,), text)


def _plans(rest: list[str], preset: Preset, table: Mapping[str, Sequence[str]], text: str) -> Action:
    if not rest:
        return Action("plans", ("",), text)
    if len(rest) == 1 and rest[0].casefold() in table:
        return Action("plans", (rest[0].casefold(),), text)
    codes = _members(preset, rest, {}, "plans")
    if len(codes) != 1:
        raise ChangeError("plans: name one member or one group, e.g. plans DEU, plans eu")
    return Action("plans", (codes[0],), text)


def _path(rest: list[str], preset: Preset, table: Mapping[str, Sequence[str]], text: str) -> Action:
    growth = ""
    low = [w.casefold() for w in rest]
    if "growth" in low:
        i = low.index("growth")
        value = " ".join(rest[i + 1 :])
        if not value:
            raise ChangeError("path: write path CODE growth RATE, e.g. path CAN growth 2%")
        growth = str(parse_growth_input(value))
        rest = rest[:i]
    if not rest:
        return Action("path", ("nato", growth), text)
    if len(rest) == 1 and rest[0].casefold() in table:
        return Action("path", (rest[0].casefold(), growth), text)
    codes = _members(preset, rest, {}, "path")
    if len(codes) != 1:
        raise ChangeError("path: name one member or one group, e.g. path CAN growth 2%")
    return Action("path", (codes[0], growth), text)


def _members(
    preset: Preset, words: Sequence[str], table: Mapping[str, Sequence[str]], head: str
) -> list[str]:
    """The member codes ``words`` name: codes, names (of several words: United Kingdom),
    aliases, a group id, or ``all``; the longest name from the left wins."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i].strip(",")
        low = w.casefold()
        if low in ("all", "*", "everyone") or low in table:
            # a group (or all) names the members the targets apply to that year: not Iceland,
            # not an ally that joined later (name one to edit it: "ISL core 1")
            codes = preset.codes if low in ("all", "*", "everyone") else table[low]
            assessed = {m.code for m in preset.members if m.assessed}
            out += [c for c in codes if c in assessed]
            i += 1
            continue
        for j in range(len(words), i, -1):
            phrase = " ".join(x.strip(",") for x in words[i:j])
            try:
                out.append(resolve_member(preset, phrase))
            except ChangeError:
                if j == i + 1:
                    raise
                continue
            i = j
            break
    return list(dict.fromkeys(out))


def _member_edit(words: list[str], preset: Preset, table: Mapping[str, Sequence[str]], text: str) -> Edit:
    low = [w.casefold() for w in words]
    first = low[0]
    if first in FIELDS:
        raise ChangeError(f"name the members first, e.g. DEU {first} 3%")
    if first not in table and first not in ("all", "*", "everyone"):
        try:
            resolve_member(preset, words[0])
        except ChangeError:
            hint = did_you_mean(first, WORDS)
            if hint and not any(_resolves(preset, words[:j]) for j in range(2, len(words) + 1)):
                raise ChangeError(f"unknown command {quoted(words[0])}{hint}") from None  # not a member
            if len(words) == 1:
                raise
    at = next((k for k, w in enumerate(low) if w in FIELDS), None)
    if at is None:
        field_hint = ""
        for w in low[1:]:
            field_hint = did_you_mean(w, FIELDS)
            if field_hint:
                break
        raise ChangeError(
            f"name a field after the members ({', '.join(FIELDS)}){field_hint}, "
            "e.g. DEU core 3%; or start with a command word: " + ", ".join(WORDS)
        )
    if at == 0:
        raise ChangeError(f"name the members first, e.g. DEU {low[0]} 3%")
    field = low[at]
    codes = _members(preset, words[:at], table, "")
    value = _FILLER.sub("", " ".join(words[at + 1 :]))
    m = _AT_LEAST.match(value)
    at_least = m is not None
    if m is not None:
        value = value[m.end() :]
    if not value:
        raise ChangeError(f"give a value after {field}, e.g. 3% (of GDP), +0.5pp, +10% or 45.3 (USD bn)")
    change = parse_input(field, value)
    if not at_least:
        if [w.casefold() for w in words[:at]] in (
            ["all"],
            ["*"],
        ):  # every included member, as --set '*.core=...'
            return Edit((replace(change, member=ALL),), text)
        return Edit(tuple(replace(change, member=c) for c in codes), text)
    if change.op != "set" or change.value is None:
        raise ChangeError(">= takes a value to reach, e.g. >= 3.5% or >= 50 (USD bn)")
    members = {m.code: m for m in preset.members}
    raised: list[str] = []
    skipped: list[str] = []
    for c in codes:
        mem = members[c]
        if not mem.included:
            continue
        (raised if _below(mem, change) else skipped).append(c)
    return Edit(tuple(replace(change, member=c) for c in raised), text, True, tuple(skipped))


def _resolves(preset: Preset, words: Sequence[str]) -> bool:
    try:
        resolve_member(preset, " ".join(words))
    except ChangeError:
        return False
    return True


def _below(m: Member, change: Change) -> bool:
    """True when ``m``'s figure is below the value ``change`` sets (unknown counts as below)."""
    assert change.field is not None and change.value is not None
    base = change.field.removesuffix("_share")
    g = m.gdp.value
    with localcontext(CONTEXT):
        if base == "gdp":
            return g < change.value
        fig = m.core if base == "core" else m.related
        if fig is None:
            return True
        if change.field in SHARE_FIELDS:
            share = fig.value if fig.share else fig.value / g
            return share < change.value
        return fig.amount(g) < change.value


# --------------------------------------------------------------------------------------------
# Scripts: commands separated by ";" or new lines, "#" starts a comment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """One command of a script: its text, the line it is on (1-based) and the file it was
    read from (None: typed, or given inline)."""

    line: int
    text: str
    source: str | None = None


def parse_script(text: str, source: str | None = None) -> list[ScriptLine]:
    """The commands of a script: separated by ``;`` or new lines; ``#`` starts a comment (to
    the end of its line); blank commands are skipped. ``source``: the file's name, for errors."""
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        body = raw.split("#", 1)[0]
        for part in body.split(";"):
            if part.strip():
                out.append(ScriptLine(n, part.strip(), source))
    return out


def script_text(commands: Sequence[str], header: str = "") -> str:
    """A script of ``commands`` (one a line) that :func:`parse_script` reads back; ``header``
    becomes ``#`` comment lines."""
    lines = [f"# {h}" if h else "#" for h in header.splitlines()] if header else []
    for c in commands:
        lines.append(c.replace("\n", " ").split("#", 1)[0].strip())
    return "\n".join(lines) + "\n"


def where(line: ScriptLine) -> str:
    """How an error names a script's command: ``meeting.txt:3: 'DEU core 3'`` for a file,
    ``'DEU core 3'`` for a command given inline."""
    cmd = quoted(line.text)
    return f"{line.source}:{line.line}: {cmd}" if line.source else cmd


def replay(
    preset: Preset,
    lines: Sequence[ScriptLine],
    *,
    presets: Sequence[str] | None = None,
    action: Callable[[Action], bool] | None = None,
) -> History:
    """The history of ``lines`` run in order on ``preset``: each edit one step (a ``>=``
    reads the figures in force at its turn), ``undo``/``redo``/``reset all`` move in it.
    ``action`` is offered every other action: True when the caller took care of it, False
    (or no ``action``) refuses it.

    Raises:
        ChangeError: the first command that does not parse or apply, named by
            :func:`where` (nothing is applied).
    """
    history = History(preset)
    current = preset
    for line in lines:
        try:
            cmd = parse_command(line.text, current, presets=presets)
            if isinstance(cmd, Edit):
                if cmd.changes:
                    current = applied(current, cmd.changes, original=preset)
                    history = history.push(*cmd.changes)
                continue
            if cmd.kind in ("undo", "redo", "reset_all"):
                history = {"undo": history.undo, "redo": history.redo, "reset_all": history.clear}[cmd.kind]()
                current = history.preset()
                continue
            if action is None or not action(cmd):
                raise ChangeError(f"{cmd.kind.replace('_', ' ')} is not available here")
        except ChangeError as e:
            raise ChangeError(f"{where(line)}: {e.detail}", key=e.key) from None
    return history


# --------------------------------------------------------------------------------------------
# Completion (Tab) and the preview of what Enter will do
# --------------------------------------------------------------------------------------------


def complete(
    text: str,
    preset: Preset,
    presets: Sequence[str] = (),
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """What Tab may complete ``text`` to: whole lines, the last word completed (a command
    word, a member code or name, a field, a group, a target, a preset, a currency, a format)."""
    words = text.split()
    if text and not text[-1].isspace() and words:
        prefix, done = words[-1], words[:-1]
    else:
        prefix, done = "", words
    table = _groups_of(preset, groups)
    key = name_key(prefix) if prefix else ""
    members = [(m.code, m.name) for m in preset.members]

    def member_words() -> list[str]:
        found = [c for c, _ in members if c.casefold().startswith(prefix.casefold())]
        if key:
            found += [n for _, n in members if name_key(n).startswith(key)]
        return found

    head = done[0].casefold() if done else ""
    if not done:
        cands = [w for w in WORDS if w.startswith(prefix.casefold())] + member_words()
        cands += [g for g in table if g.startswith(prefix.casefold())]
    elif head in ("group",):
        cands = [g for g in table if g.startswith(prefix.casefold()) and table[g]]
    elif head == "target":
        cands = [t for t in TARGET_FIELDS if t.startswith(prefix.casefold())] if len(done) == 1 else []
    elif head == "currency":
        cands = [c for c in CURRENCY_WORDS if c.startswith(prefix.casefold())]
    elif head == "ukraine":
        cands = [c for c in ("on", "off") if c.startswith(prefix.casefold())] if len(done) == 1 else []
    elif head == "compare":
        cands = [p for p in (*presets, "off", "base") if p.casefold().startswith(prefix.casefold())]
    elif head == "export":
        cands = (
            [f for f in ("md", "csv", "json", "table", "xlsx") if f.startswith(prefix.casefold())]
            if len(done) == 1
            else []
        )
    elif head == "year":
        years = preset.timeline.years if preset.timeline is not None else ()
        cands = [str(y) for y in years if str(y).startswith(prefix)]
    elif head == "reset":
        cands = member_words() + (["all"] if "all".startswith(prefix.casefold()) else [])
    elif head in ("without", "with", "path", "plans"):
        cands = member_words() if head != "plans" or len(done) == 1 else []
        if head == "plans" and len(done) == 1:
            cands += [g for g in table if g.startswith(prefix.casefold())]
        if head == "path":
            cands += [g for g in table if g.startswith(prefix.casefold())]
            if len(done) >= 2 and "growth".startswith(prefix.casefold()):
                cands.append("growth")
    elif head in WORDS:
        cands = []
    elif any(w.casefold() in FIELDS for w in done):
        cands = [">="] if prefix == "" or ">=".startswith(prefix) else []
    else:
        cands = [f for f in FIELDS if f.startswith(prefix.casefold())] + member_words()
        cands += [g for g in table if g.startswith(prefix.casefold())]
    stem = text[: len(text) - len(prefix)] if prefix else text
    return list(dict.fromkeys(stem + c for c in cands))


@dataclass(frozen=True, slots=True)
class MemberPreview:
    """One member an edit changes: its figure (share of GDP or USD bn) and its gap to the core
    target (USD bn), before and after."""

    code: str
    name: str
    field: str
    """``core_share``, ``related_share``, ``core``, ``related``, ``gdp`` or ``included``."""
    before: Decimal | None
    after: Decimal | None
    gap_before: Decimal | None
    gap_after: Decimal | None
    share_before: Decimal | None = None
    """For a GDP edit: the core share before and after (spending given in USD stays)."""
    share_after: Decimal | None = None
    unit: str = "USD"
    """The currency of the money (ISO 4217; bn)."""


@dataclass(frozen=True, slots=True)
class Preview:
    """What Enter will do: an edit's members and the NATO group's gap to the core target
    before and after (USD bn), or an action to carry out."""

    command: Command
    members: tuple[MemberPreview, ...] = ()
    core_target: Decimal | None = None
    group: str = "nato"
    group_gap_before: Decimal | None = None
    group_gap_after: Decimal | None = None
    targets: tuple[tuple[str, Decimal | int, Decimal | int], ...] = ()
    """A target edit: (name, before, after)."""
    implausible: tuple[Implausible, ...] = ()
    """:class:`~calc.engine.changes.Implausible` findings (the editor's second Enter)."""
    group_unit: str = "USD"
    """The currency of the group's money (groups stay in USD in national currencies)."""


def preview(
    command: Command, result: Result, *, original: Preset | None = None, currency: str = "usd"
) -> Preview:
    """What ``command`` would do to ``result`` (the session's evaluation, in USD), without
    doing it; money in ``currency`` (``usd``, ``eur``, ``national``:
    :func:`calc.engine.currency.convert`).

    Raises:
        ChangeError: when the edit does not apply (the same refusal Enter would get).
    """
    if isinstance(command, Action):
        return Preview(command)
    from .changes import implausible
    from .currency import convert, group_currency, member_currency

    before = result.preset
    after = applied(before, command.changes, original=original)
    new = convert(evaluate(after), currency)
    result = convert(result, currency)
    old_by = {m.code: m for m in result.members}
    rows = []
    for code in dict.fromkeys(c.member for c in command.changes if c.member):
        a, b = old_by.get(code), new.member(code)
        if a is None or b is None:
            continue
        ch = next(c for c in command.changes if c.member == code)
        field = _preview_field(ch)
        row = MemberPreview(code, b.name, field, _figure(a, field), _figure(b, field), a.gap_core, b.gap_core)
        row = replace(row, unit=member_currency(new, code))
        if field == "gdp":
            row = replace(row, share_before=a.core_share, share_after=b.core_share)
        if (row.before, row.gap_before) != (row.after, row.gap_after) or ch.op != "reset":
            rows.append(row)  # a reset of a member at the preset's figures is not shown
    targets = tuple(
        (name, before.targets.get(name), after.targets.get(name))
        for name in TARGET_FIELDS
        if before.targets.get(name) != after.targets.get(name)
    )
    ga, gb = result.group("nato"), new.group("nato")
    return Preview(
        command,
        tuple(rows),
        after.targets.core,
        "nato",
        ga.gap_core if ga is not None else None,
        gb.gap_core if gb is not None else None,
        targets,
        tuple(implausible(before, after, command.changes)),
        group_currency(new),
    )


def applied(preset: Preset, changes: Sequence[Change], *, original: Preset | None = None) -> Preset:
    """``preset`` with ``changes`` applied; a refusal says what is wrong without numbering the
    changes (a command is one step: "DEU core share: cannot exceed 100 % of GDP")."""
    try:
        return apply_changes(preset, changes, original=original)
    except ChangeError as e:
        raise ChangeError(e.detail, key=e.key) from None


def _preview_field(ch: Change) -> str:
    if ch.op in ("exclude", "include"):
        return "included"
    if ch.op == "reset":
        return "core_share"
    f = ch.field or "core_share"
    return f if f in ("gdp", "core_share", "related_share") else f"{f}_share"


def _figure(r: object, field: str) -> Decimal | None:
    if field == "included":
        return Decimal(1) if getattr(r, "included", True) else Decimal(0)
    value = getattr(r, field, None)
    return value if isinstance(value, Decimal) else None


__all__ = [
    "ACTIONS",
    "ALL",
    "Action",
    "Command",
    "Edit",
    "MemberPreview",
    "Preview",
    "ScriptLine",
    "applied",
    "WORDS",
    "complete",
    "parse_command",
    "parse_script",
    "preview",
    "replay",
    "script_text",
    "where",
]
