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

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .dataset import MEMBER_FIELDS, TARGET_FIELDS, Preset
from .errors import ChangeError, Issue, PresetError, ScenarioError, did_you_mean
from .scenario import Change, apply_changes
from .tomlio import atomic_write, display_path, parse_toml, read_bytes, validation_issues

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

    def apply(self) -> Preset:
        preset = apply_changes(self.base, self.changes)
        return replace(preset, scenario=self.label or (Path(self.path).stem if self.path else None))


def _is_path(base: str) -> bool:
    return base.endswith(".toml") or "/" in base or "\\" in base


def _static_checks(changes: Sequence) -> list[Issue]:
    """Checks a change list needs before any preset is known (op-specific keys)."""
    issues = []
    for i, ch in enumerate(changes):
        loc = f"changes[{i + 1}]"
        op = ch.op
        if op in ("set", "add", "scale"):
            if ch.member is None:
                issues.append(Issue(f"{loc}.member", f"'{op}' needs a member code (or '*')"))
            if ch.field not in MEMBER_FIELDS:
                hint = did_you_mean(ch.field, MEMBER_FIELDS) if ch.field else ""
                issues.append(
                    Issue(
                        f"{loc}.field",
                        (f"unknown field '{ch.field}'{hint}" if ch.field else f"'{op}' needs a field")
                        + f"; fields are {', '.join(MEMBER_FIELDS)}",
                    )
                )
            if ch.value is None and not (op == "set" and ch.unknown):
                issues.append(Issue(f"{loc}.value", f"'{op}' needs a value"))
            if ch.unknown and (op != "set" or ch.field not in ("related", "related_share")):
                issues.append(Issue(f"{loc}.unknown", "only related spending can be set unknown"))
        elif op in ("exclude", "include", "reset"):
            if ch.member is None:
                issues.append(Issue(f"{loc}.member", f"'{op}' needs a member code"))
            for k in ("field", "value"):
                if getattr(ch, k) is not None:
                    issues.append(Issue(f"{loc}.{k}", f"'{op}' takes no {k}"))
        elif op == "target":
            if ch.field not in TARGET_FIELDS:
                hint = did_you_mean(ch.field, TARGET_FIELDS) if ch.field else ""
                issues.append(
                    Issue(
                        f"{loc}.field",
                        (f"unknown target '{ch.field}'{hint}" if ch.field else "'target' needs a field")
                        + f"; targets are {', '.join(TARGET_FIELDS)}",
                    )
                )
            if ch.value is None:
                issues.append(Issue(f"{loc}.value", "'target' needs a value"))
            if ch.member is not None:
                issues.append(Issue(f"{loc}.member", "'target' applies to everyone; remove member"))
        elif op == "growth":
            if ch.value is None:
                issues.append(Issue(f"{loc}.value", "'growth' needs a value (e.g. 0.02)"))
            if ch.field is not None:
                issues.append(Issue(f"{loc}.field", "'growth' takes no field"))
    return issues


def load_scenario(
    path: Path | str, extra_dirs: Sequence[Path | str] = (), _chain: tuple[Path, ...] = ()
) -> Scenario:
    """Read a scenario file, resolve its base and check every change against it.

    Raises:
        ScenarioError: naming the file, the change (``changes[3].member``) and the problem.
        PresetError / UnknownPresetError: when the base preset cannot be loaded.
    """
    from pydantic import ValidationError

    from .models import ScenarioFile
    from .presets import load_by_id, load_preset

    path = Path(path)
    name = display_path(path)
    resolved = path.resolve()
    if resolved in _chain:
        cycle = " → ".join(display_path(p) for p in (*_chain, resolved))
        raise ScenarioError(name, [Issue("base", f"scenarios stack in a cycle: {cycle}")])
    if len(_chain) >= MAX_DEPTH:
        raise ScenarioError(name, [Issue("base", f"scenarios stack more than {MAX_DEPTH} deep")])
    raw = parse_toml(read_bytes(path, ScenarioError), name, ScenarioError)
    if raw.get("kind") != "scenario" and "members" in raw:
        raise ScenarioError(
            name, [Issue("kind", "this is a preset, not a scenario (open it with --file)")]
        )
    try:
        model = ScenarioFile.model_validate(raw)
    except ValidationError as e:
        raise ScenarioError(name, validation_issues(e, ScenarioFile)) from None
    issues = _static_checks(model.changes)
    if issues:
        raise ScenarioError(name, issues)

    base_changes: tuple[Change, ...] = ()
    if _is_path(model.base):
        base_path = (path.parent / model.base) if not Path(model.base).is_absolute() else Path(model.base)
        try:
            raw_base = parse_toml(read_bytes(base_path, ScenarioError), display_path(base_path), ScenarioError)
        except ScenarioError as e:
            raise ScenarioError(name, [Issue("base", f"cannot read '{model.base}': {e.issues[0].msg}")]) from None
        if raw_base.get("kind") == "scenario":
            parent = load_scenario(base_path, extra_dirs, (*_chain, resolved))
            base, base_changes = parent.base, parent.changes
        else:
            base = load_preset(base_path)
    else:
        try:
            base = load_by_id(model.base, extra_dirs)
        except PresetError:
            raise
        except Exception as e:  # UnknownPresetError: locate it in this file
            from .errors import CalcError

            if isinstance(e, CalcError):
                raise ScenarioError(name, [Issue("base", e.msg)]) from None
            raise

    own = tuple(_to_change(c) for c in model.changes)
    # Check every change of this file against the base, locating the first failure.
    current = apply_changes(base, base_changes) if base_changes else base
    for i, ch in enumerate(own):
        try:
            current = apply_changes(current, [ch], original=base)
        except ChangeError as e:
            loc = f"changes[{i + 1}]" + (".member" if "unknown member" in e.msg else "")
            raise ScenarioError(name, [Issue(loc, e.msg)]) from None
    return Scenario(
        base=base,
        changes=base_changes + own,
        label=model.label,
        description=model.description,
        path=str(path),
        base_ref=model.base,
    )


def _to_change(c) -> Change:
    value = c.value
    if c.op == "set" and c.unknown:
        value = None
    return Change(c.op, c.member, c.field, value)


def scenario_document(
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
) -> dict:
    """The TOML document of a scenario (what :func:`save_scenario` writes)."""
    doc: dict = {"schema_version": 1, "kind": "scenario"}
    if label:
        doc["label"] = label
    if description:
        doc["description"] = description
    doc["base"] = base_ref
    doc["changes"] = [c.to_dict() for c in changes]
    return doc


def dumps_scenario(
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
) -> str:
    import tomli_w

    header = "# nato-calc scenario: a base plus changes applied in order (later ones win).\n"
    return header + tomli_w.dumps(scenario_document(base_ref, changes, label, description))


def save_scenario(
    path: Path | str,
    base_ref: str,
    changes: Sequence[Change],
    label: str | None = None,
    description: str | None = None,
) -> None:
    """Write a scenario file atomically (the old file stays whole if anything fails)."""
    atomic_write(Path(path), dumps_scenario(base_ref, changes, label, description))


def scenario_json_schema() -> dict:
    """The JSON Schema of the scenario file format (``nato-calc schema --kind scenario``)."""
    from .models import ScenarioFile, toml_json_schema

    return toml_json_schema(ScenarioFile, "nato-calc scenario (schema_version 1)")
