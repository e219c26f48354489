"""Scenario files: a base plus an ordered list of changes, read and written as TOML.

```toml
schema_version = 1
kind = "scenario"
label = "Germany to 3 %, without the US"
description = "Why this scenario exists."
base = "nato-2025"          # a preset id, or a path (relative to this file) to a scenario or preset
changes = [
    { op = "set", member = "DEU", field = "core_share", value = 0.03 },
    { op = "exclude", member = "USA" },
]
```

``[[changes]]`` tables work as well. Changes apply in order after the base's own changes (a
scenario may stack on another scenario); later changes win. Applying a scenario never modifies
the preset it is based on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.countries import MemberNameError, MemberNames
from ..domain.dataset import Preset
from ..engine.changes import ALL, Change, apply_changes, rule_problems
from ..errors import ChangeError, Issue, PresetError, ScenarioError, printable
from .tomlio import (
    atomic_write,
    display_path,
    exists,
    is_file,
    parse_toml,
    read_bytes,
    validation_issues,
)

MAX_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Scenario:
    """A scenario file, resolved: the base preset and the flattened list of changes."""

    base: Preset
    """The preset the scenario builds on, without any change."""
    changes: tuple[Change, ...]
    """Every change, the base scenarios' first, in the order they apply."""
    label: str | None = None
    description: str | None = None
    path: str | None = None
    base_ref: str = ""
    """The ``base`` as written in the file (preset id or path)."""
    base_changes: tuple[Change, ...] = ()
    """The changes inherited from the scenarios this one stacks on (a prefix of
    :attr:`changes`); the file's own changes follow them."""
    base_file: str | None = None
    """The base's file when ``base`` names one (a scenario or a preset file), else None."""
    inputs: tuple[str, ...] = ()
    """Every file read to load it: this file, the scenarios it stacks on, the preset file."""
    notices: tuple[str, ...] = ()
    """What changed in the base preset since the scenario (or a scenario it stacks on) was
    saved, one line each: not errors, but the same changes now give other figures."""

    @property
    def own_changes(self) -> tuple[Change, ...]:
        """The changes written in this file (without the inherited ones)."""
        return self.changes[len(self.base_changes) :]

    def apply(self) -> Preset:
        preset = apply_changes(self.base, self.changes)
        # an unlabelled scenario is named by its file, whose name no rule checked: escaped
        name = self.label or (printable(Path(self.path).stem) if self.path else None)
        return replace(preset, scenario=name, inputs=self.inputs)


def _is_path(base: str) -> bool:
    return base.endswith(".toml") or "/" in base or "\\" in base


def _static_checks(changes: Sequence) -> list[Issue]:
    """Checks a change list needs before any preset is known: each operation's rule
    (:data:`calc.engine.changes.OP_RULES`, which the applier keeps too), every problem at once.

    ``changes`` holds validated :class:`~calc.files.models.ChangeFile` entries, or None for entries
    that failed validation (skipped here).
    """
    issues = []
    for i, ch in enumerate(changes):
        if ch is None:  # did not validate; already reported
            continue
        for key, message in rule_problems(ch.op, ch.member, ch.field, ch.value, bool(ch.unknown)):
            issues.append(Issue(f"changes[{i + 1}].{key}", message))
    return issues


def load_scenario(
    path: Path | str,
    extra_dirs: Sequence[Path | str] = (),
    _chain: tuple[Path, ...] = (),
    *,
    data: bytes | None = None,
) -> Scenario:
    """Read a scenario file, resolve its base and check every change against it.

    Every problem that can be found without applying the changes is reported at once (bad
    keys and types, unknown fields, unknown members with a did-you-mean, an unusable base);
    then the changes are applied in order and the first one that cannot apply (a value out of
    range, say) is reported with its location (``changes[3].value``).

    ``data`` is the file's content when the caller has already read it (a pipe can be read
    only once).

    Raises:
        ScenarioError: naming the file, the change (``changes[3].member``) and the problem.
        PresetError: when the base is a preset file that is itself invalid.
    """
    from pydantic import ValidationError

    from ..errors import CalcError
    from .models import ChangeFile, ScenarioFile

    path = Path(path)
    name = display_path(path)
    try:
        resolved = path.resolve()
    except ValueError:  # an embedded NUL byte
        raise ScenarioError(name, [Issue("", "not a valid file name (it contains a NUL byte)")]) from None
    if resolved in _chain:
        cycle = " → ".join(display_path(p) for p in (*_chain, resolved))
        raise ScenarioError(name, [Issue("base", f"scenarios stack in a cycle: {cycle}")])
    if len(_chain) >= MAX_DEPTH:
        raise ScenarioError(name, [Issue("base", f"scenarios stack more than {MAX_DEPTH} deep")])
    if data is None:
        data = read_bytes(path, ScenarioError)
    raw = parse_toml(data, name, ScenarioError)
    if raw.get("kind") != "scenario" and "members" in raw:
        raise ScenarioError(name, [Issue("kind", "this is a preset, not a scenario (open it with --file)")])
    issues: list[Issue] = []
    model = None
    changes: list = []
    try:
        model = ScenarioFile.model_validate(raw)
        changes = list(model.changes)
    except ValidationError as e:
        issues = validation_issues(e, ScenarioFile)
        # Check the changes that did validate as well, so every problem is reported at once.
        raw_changes = raw.get("changes")
        if isinstance(raw_changes, list):
            for c in raw_changes:
                try:
                    changes.append(ChangeFile.model_validate(c))
                except ValidationError:
                    changes.append(None)
    issues += _static_checks(changes)

    base_ref = raw.get("base") if isinstance(raw.get("base"), str) and raw.get("base") else None
    if base_ref is not None and re.search(r"[\x00-\x1f\x7f-\x9f]", base_ref):
        base_ref = None  # not a usable name: the validation above already says why
    base: Preset | None = None
    base_changes: tuple[Change, ...] = ()
    base_inputs: tuple[str, ...] = ()
    base_notices: tuple[str, ...] = ()
    if base_ref is not None:
        try:
            base, base_changes, base_inputs, base_notices = _load_base(
                base_ref, path, extra_dirs, (*_chain, resolved)
            )
        except _BaseError as e:
            issues.append(Issue("base", e.msg))
        except ScenarioError:
            raise  # a problem inside a stacked scenario: reported in that file
        except PresetError:
            raise
        except CalcError as e:  # e.g. an unusable --presets-dir
            issues.append(Issue("base", e.msg))
    members: dict[int, str] = {}  # change index -> the code its member names (kept as ISO3)
    if base is not None:
        names = MemberNames((m.code, m.name) for m in base.members)
        for i, ch in enumerate(changes):
            if ch is None or ch.member is None or ch.member == ALL or ch.member in names.codes:
                continue
            try:  # a name or an alias ("UK", "Germany"): read as its code
                members[i] = names.resolve(ch.member)
            except MemberNameError as e:
                issues.append(Issue(f"changes[{i + 1}].member", e.msg))
    issues.sort(key=_change_position)
    if issues:
        raise ScenarioError(name, issues)
    assert model is not None and base is not None

    own = tuple(_to_change(c, members.get(i)) for i, c in enumerate(model.changes))
    try:
        apply_changes(base, base_changes + own)
    except ChangeError as e:
        i = (e.index or 0) - len(base_changes)
        loc = f"changes[{i + 1}]" + (f".{e.key}" if e.key in ("member", "field", "value") else "")
        raise ScenarioError(name, [Issue(loc, e.detail)]) from None
    return Scenario(
        base=base,
        changes=base_changes + own,
        label=model.label,
        description=model.description,
        path=str(path),
        base_ref=model.base,
        base_changes=base_changes,
        base_file=base_inputs[0] if base_inputs and _is_path(model.base) else None,
        inputs=(str(path), *base_inputs),
        notices=(*base_notices, *_base_notices(name, model.base_fingerprint, base)),
    )


class _BaseError(Exception):
    """The ``base`` of a scenario cannot be used; located at ``base`` in the scenario file."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


def _load_base(
    ref: str, path: Path, extra_dirs: Sequence[Path | str], chain: tuple[Path, ...]
) -> tuple[Preset, tuple[Change, ...], tuple[str, ...], tuple[str, ...]]:
    """The root preset, the inherited changes and every file read for a scenario's ``base``
    (the base's own file first)."""
    from ..errors import CalcError, UnknownPresetError
    from .presets import load_by_id, load_preset, resolve_preset

    if not _is_path(ref):
        try:
            preset = load_by_id(ref, extra_dirs)
        except UnknownPresetError as e:
            raise _BaseError(e.msg) from None
        return preset, (), ((preset.path,) if preset.path else ()), ()
    base_path = Path(ref) if Path(ref).is_absolute() else path.parent / ref
    if base_path.resolve() in chain:
        cycle = " → ".join(display_path(p) for p in (*chain, base_path.resolve()))
        raise _BaseError(f"scenarios stack in a cycle: {cycle}")
    try:
        raw_base = parse_toml(read_bytes(base_path, ScenarioError), display_path(base_path), ScenarioError)
    except ScenarioError as e:
        msg = f"cannot read '{ref}': {e.issues[0].msg}"
        stem = Path(ref).stem
        if not exists(base_path) and "/" not in ref and "\\" not in ref:
            try:
                resolve_preset(stem, extra_dirs)
            except CalcError:
                pass
            else:
                msg += f' (for the preset write base = "{stem}", without .toml)'
        raise _BaseError(msg) from None
    if raw_base.get("kind") == "scenario":
        parent = load_scenario(base_path, extra_dirs, chain)
        return parent.base, parent.changes, parent.inputs, parent.notices
    return load_preset(base_path), (), (str(base_path),), ()


def base_fingerprint(base: Preset, changes: Sequence[Change]) -> dict:
    """The ``[base_fingerprint]`` table saved with a scenario: the root preset's id, data hash,
    label, year and release, and the figures (USD bn) of the members the changes name."""
    from .presets import preset_fingerprint

    doc: dict = {"preset": base.id, "sha256": preset_fingerprint(base)}
    if base.label:
        doc["label"] = base.label
    doc["year"] = base.year
    if base.released is not None:
        doc["released"] = base.released
    named = {c.member for c in changes if c.member is not None}
    members = {}
    for m in base.members:
        if m.code in named or ALL in named:
            members[m.code] = _figures(m)
    if members:
        doc["members"] = members
    return doc


def _figures(m) -> dict:
    gdp = m.gdp.value
    out = {"gdp": gdp, "core": m.core.amount(gdp)}
    if m.related is not None:
        out["related"] = m.related.amount(gdp)
    return out


_FIGURE_NAMES = {"gdp": "GDP", "core": "core", "related": "related"}


def _base_notices(name: str, saved, base: Preset) -> tuple[str, ...]:
    """What differs between the base as saved (``saved``: a validated fingerprint, or None
    for a file written before fingerprints) and ``base`` now."""
    if saved is None:
        return ()
    from .presets import preset_fingerprint

    if saved.sha256 == preset_fingerprint(base):
        return ()
    what = []
    if saved.preset != base.id:
        what.append(f"preset {saved.preset} → {base.id}")
    if saved.label is not None and saved.label != base.label:
        what.append(f"label '{saved.label}' → '{base.label}'")
    if saved.released is not None and saved.released != base.released:
        what.append(f"released {saved.released} → {base.released or 'no date'}")
    if saved.year is not None and saved.year != base.year:
        what.append(f"year {saved.year} → {base.year}")
    lines = [
        f"{name}: the base preset {base.id} has changed since this scenario was saved"
        + (f" ({'; '.join(what)})" if what else "")
        + "; the same changes may now give other figures"
    ]
    for code, was in saved.members.items():
        m = base.member(code)
        if m is None:
            lines.append(f"{name}: {code} is no longer in {base.id}")
            continue
        now = _figures(m)
        for fname in ("gdp", "core", "related"):
            old, new = getattr(was, fname), now.get(fname)
            if old is None and new is None or (old is not None and new is not None and old == new):
                continue
            lines.append(f"{name}: {code} {_FIGURE_NAMES[fname]}: {_pair(old, new)} bn")
    return tuple(lines)


def _pair(old, new) -> str:
    """``90.6 → 95.0``: as few decimals (1 to 6) as show the two figures differ."""
    if old is None or new is None:
        return f"{'unknown' if old is None else _fmt(old, 1)} → {'unknown' if new is None else _fmt(new, 1)}"
    for places in range(1, 7):
        a, b = _fmt(old, places), _fmt(new, places)
        if a != b:
            return f"{a} → {b}"
    return f"{old} → {new}"


def _fmt(v, places: int) -> str:
    from decimal import ROUND_HALF_EVEN, Decimal

    return f"{Decimal(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN):,}"


def _change_position(issue: Issue) -> tuple[int, int]:
    """Sort key: file-level problems first, then by change number (stable otherwise)."""
    import re

    m = re.match(r"changes\[(\d+)\]", issue.loc)
    return (1, int(m.group(1))) if m else (0, 0)


def _to_change(c, member: str | None = None) -> Change:
    value = c.value
    if c.op == "set" and c.unknown:
        value = None
    return Change(c.op, member or c.member, c.field, value)


def scenario_document(
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
    base: Preset | None = None,
) -> dict:
    """The TOML document of a scenario (what :func:`save_scenario` writes); with the root
    preset ``base``, its fingerprint too (a revised base is then reported on load)."""
    doc: dict = {"schema_version": 1, "kind": "scenario"}
    if label:
        doc["label"] = label
    if description:
        doc["description"] = description
    doc["base"] = base_ref
    doc["changes"] = [_entry(c) for c in changes]
    if base is not None:
        doc["base_fingerprint"] = base_fingerprint(base, changes)
    return doc


def _entry(change: Change) -> dict:
    """A change as written to the file; a whole-number target (the deadline) as an integer,
    ``2032`` rather than ``2032.0``."""
    d = change.to_dict()
    value = d.get("value")
    if change.op == "target" and change.field in INT_TARGETS and value is not None:
        if value == int(value):
            d["value"] = int(value)
    return d


#: Targets that are whole numbers (years).
INT_TARGETS = ("deadline",)


def dumps_scenario(
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
    base: Preset | None = None,
) -> str:
    import tomli_w

    header = "# nato-calc scenario: a base plus changes applied in order (later ones win).\n"
    return header + tomli_w.dumps(scenario_document(base_ref, changes, label, description, base))


def save_scenario(
    path: Path | str,
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
    *,
    base: Preset | None = None,
) -> None:
    """Write a scenario file atomically (the old file stays whole if anything fails).

    The document is checked with the rules :func:`load_scenario` applies before anything is
    written, so a saved file always opens again (a label with a tab or an escape sequence,
    for instance, is refused here rather than making the file unreadable).

    Raises:
        ScenarioError: naming the file and what cannot be saved; nothing is written.
        OutputError: when the file cannot be written.
    """
    atomic_write(path, scenario_text(path, base_ref, changes, label, description, base=base))


def scenario_text(
    path: Path | str,
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
    *,
    base: Preset | None = None,
) -> str:
    """The text :func:`save_scenario` writes to ``path`` (named in errors), checked the same way
    (a download in the browser is the same file). Raises :class:`ScenarioError`."""
    from pydantic import ValidationError

    from .models import ScenarioFile

    path = Path(path)
    name = display_path(path)
    while True:
        text = dumps_scenario(base_ref, changes, label, description, base)
        raw = parse_toml(text.encode("utf-8"), name, ScenarioError)
        try:
            model = ScenarioFile.model_validate(raw)
            break
        except ValidationError as e:
            issues = validation_issues(e, ScenarioFile)
            if base is not None and all(i.loc.startswith("base_fingerprint") for i in issues):
                base = None  # a preset built in code the file format cannot describe: no fingerprint
                continue
            raise ScenarioError(name, issues) from None
    issues = _static_checks(model.changes)
    if issues:
        raise ScenarioError(name, issues)
    return text


def scenario_json_schema() -> dict:
    """The JSON Schema of the scenario file format (``nato-calc schema --kind scenario``)."""
    from .models import ScenarioFile, toml_json_schema

    return toml_json_schema(ScenarioFile, "nato-calc scenario (schema_version 1)")


# --------------------------------------------------------------------------------------------
# Naming a preset or a scenario in one word (compare's A and B, the TUI's picker)
# --------------------------------------------------------------------------------------------


def is_file_ref(ref: str) -> bool:
    """True if ``ref`` names a file rather than a preset id: it ends in ``.toml`` or holds a
    path separator (``./nato-2025`` is the file, ``nato-2025`` the preset id)."""
    return _is_path(ref)


def load_ref(
    ref: str, extra_dirs: Sequence[Path | str] = (), notices: list[str] | None = None, year: int | None = None
) -> Preset:
    """The preset named by ``ref``, with any scenario applied.

    ``ref`` is a file when :func:`is_file_ref` says so: a scenario file if it declares
    ``kind = "scenario"`` (its changes are applied), otherwise a preset file. Anything else is
    a preset id looked up in the preset folders. A scenario's :attr:`Scenario.notices` (a
    revised base) are added to ``notices`` when given.

    Raises:
        UnknownPresetError, PresetError, ScenarioError: with located messages.
    """
    from ..errors import UnknownPresetError
    from .presets import load_by_id, load_preset

    if not is_file_ref(ref):
        try:
            return load_by_id(ref, extra_dirs, year=year)
        except UnknownPresetError as e:
            if is_file(Path(ref)):
                raise UnknownPresetError(f"{e.msg} (to use the file, write ./{ref})") from None
            raise
    path = Path(ref)
    raw = parse_toml(read_bytes(path, PresetError), display_path(path), PresetError)
    if raw.get("kind") == "scenario":
        if year is not None:
            from ..errors import UsageError

            raise UsageError(f"--year: {ref} is a scenario, which keeps its base's year")
        scenario = load_scenario(path, extra_dirs)
        if notices is not None:
            notices.extend(scenario.notices)
        return scenario.apply()
    return load_preset(path, year=year)
