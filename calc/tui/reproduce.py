"""The command line that reproduces what the TUI shows, or why there is none.

A "same as: nato-calc path ..." line that gives other numbers than the screen is worse than
none: a person copies it into notes and walks out with a wrong figure. So the command is built
from the whole session (the preset or file, the scenario file when it is unchanged, every
change in force as ``--set``/``--exclude``/``--target``, and the path's assumptions) and then
*checked*: the flags are parsed back the way the CLI parses them (:func:`calc.engine.changes.changes_from_cli`,
applied in the CLI's order) and the plan they give must equal the plan on screen. When it
does not, or a change has no spelling as a flag (an include, a reset, a per-ally growth rate),
the caller says so instead of printing a command.

No textual here: pure functions, tested directly.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..domain.dataset import SHARE_FIELDS, Preset
from ..engine.changes import ALL, Change
from ..errors import CalcError
from ..output.fmt import plain

CANNOT = "unsaved changes that flags cannot express: save the scenario to reproduce this view"


def _pct(v: Decimal) -> str:
    return f"{plain(v.scaleb(2))}%"


def change_flags(ch: Change) -> list[str] | None:
    """The CLI flags spelling one change, in units nobody can misread (``3%``, ``+0.5pp``,
    money as plain USD bn), or None when no flag expresses it. The one place the spelling lives."""
    who = ch.member
    field = ch.field
    v = ch.value
    if ch.op == "exclude" and who and who != ALL:
        return ["--exclude", who]
    if ch.op == "target" and field and v is not None:
        return ["--target", f"{field}={plain(v) if field == 'deadline' else _pct(v)}"]
    if ch.op not in ("set", "add", "scale") or not who or not field:
        return None  # include, reset, growth: no flag
    share = field in SHARE_FIELDS
    if ch.op == "set":
        if v is None:
            text = "?"
        else:
            text = _pct(v) if share else plain(v)
    elif ch.op == "add":
        if v is None:
            return None
        sign = "-" if v < 0 else "+"
        text = f"{sign}{plain(abs(v).scaleb(2))}pp" if share else f"{sign}{plain(abs(v))}"
    else:
        if v is None:
            return None
        text = f"x{plain(v)}"
    return ["--set", f"{who}.{field}={text}"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where the session's figures come from, as the CLI would name it."""

    base: Preset
    base_shipped: bool
    """The base is a preset shipped with nato-calc (``--preset ID`` finds it anywhere)."""
    scenario: Path | None
    saved: tuple[Change, ...]
    """The changes in the scenario file (when there is one)."""
    presets_dirs: tuple[str, ...] = ()


def _path_arg(path: str | Path) -> str:
    p = Path(path)
    try:
        rel = os.path.relpath(p.resolve(), Path.cwd())
    except (OSError, ValueError):
        return str(p)
    return rel if not rel.startswith("..") else str(p.resolve())


def source_args(src: Source, changes: Sequence[Change]) -> tuple[list[str], tuple[Change, ...]] | None:
    """The source flags and the changes still to spell as flags; None when there is no way
    to name the base on the command line (a preset built in code)."""
    dirs: list[str] = []
    for d in src.presets_dirs:
        dirs += ["--presets-dir", _path_arg(d)]
    if src.scenario is not None and tuple(changes[: len(src.saved)]) == src.saved:
        return ["--scenario", _path_arg(src.scenario), *dirs], tuple(changes[len(src.saved) :])
    base = src.base
    year = base.year if base.years and base.year != max(base.years) else None  # not the newest
    if src.base_shipped:
        return ["--preset", base.id if year is None else f"{base.id}@{year}"], tuple(changes)
    if base.path is not None:
        return ["--file", _path_arg(base.path), *(["--year", str(year)] if year else [])], tuple(changes)
    return None


def what_if_args(
    src: Source, changes: Sequence[Change], growth: Decimal | None
) -> tuple[list[str], Decimal | None] | None:
    """(flags, growth for ``--growth``) reproducing the session's figures, before checking;
    None when a change has no flag. A global growth change becomes ``--growth`` when the
    view sets none of its own."""
    found = source_args(src, changes)
    if found is None:
        return None
    args, rest = found
    sets: list[str] = []
    others: list[str] = []
    for ch in rest:
        if ch.op == "growth" and ch.member in (None, ALL) and ch.value is not None:
            if growth is None:
                growth = ch.value
            continue  # the view's own rate wins over the session's (as --growth does)
        flags = change_flags(ch)
        if flags is None:
            return None
        (sets if flags[0] == "--set" else others).extend(flags)
    return args + sets + others, growth


def path_command(
    src: Source,
    changes: Sequence[Change],
    *,
    kind: str,
    ident: str,
    growth: Decimal | None,
    shape: str,
    target_year: int | None,
    shown=None,
) -> list[str] | None:
    """``nato-calc path`` arguments giving the plan on screen (``shown``, a
    :class:`~calc.output.path.SpendingPath`), or None when no command gives it."""
    built = what_if_args(src, changes, growth)
    if built is None:
        return None
    args, growth = built
    args += ["--member", ident] if kind == "member" else ["--group", ident]
    if growth is not None:
        args.append(f"--growth={_pct(growth)}")
    if shape != "linear":
        args += ["--shape", shape]
    if target_year is not None:
        args += ["--target-year", str(target_year)]
    if shown is not None and not _same_plan(src, args, shown):
        return None
    return args


def _replay(src: Source, args: Sequence[str]):
    """The path the CLI prints for ``args`` (parsed as the CLI parses them), on the session's
    own base (the one the source flags name)."""
    from ..engine.changes import apply_changes, changes_from_cli
    from ..output.path import parse_growth, plan

    sets, excludes, targets = [], [], []
    opts: dict[str, str] = {}
    it = iter(args)
    for a in it:
        if "=" in a and a.startswith("--growth"):
            opts["--growth"] = a.split("=", 1)[1]
            continue
        value = next(it, "")
        if a == "--set":
            sets.append(value)
        elif a == "--exclude":
            excludes.append(value)
        elif a == "--target":
            targets.append(value)
        else:
            opts[a] = value
    preset = src.base
    if "--scenario" in opts:
        preset = apply_changes(preset, src.saved)
    cli = changes_from_cli(sets, excludes, targets)
    if cli:
        preset = apply_changes(preset, cli, original=src.base)
    return plan(
        preset,
        member=opts.get("--member"),
        group=opts.get("--group"),
        target_year=int(opts["--target-year"]) if "--target-year" in opts else None,
        growth=parse_growth(opts["--growth"]) if "--growth" in opts else None,
        shape=opts.get("--shape", "linear"),
    )


def _figures(p) -> tuple:
    return (
        p.kind, p.id, p.base_year, p.target_year, p.shape, p.years, p.cumulative_extra,
        tuple((m.code, m.years, m.cumulative_extra) for m in p.members),
        tuple(lo.code for lo in p.left_out),
    )  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines


def _same_plan(src: Source, args: Sequence[str], shown) -> bool:
    try:
        return _figures(_replay(src, args)) == _figures(shown)
    except CalcError:
        return False


def command_text(program: str, args: Sequence[str] | None) -> str:
    """``nato-calc path --member DEU ...`` with every argument shell-quoted, or :data:`CANNOT`."""
    if args is None:
        return CANNOT
    return " ".join([program, *(shlex.quote(a) for a in args)])
