"""The source arguments the headless commands share (``--preset``/``--file``/``--scenario``,
``--presets-dir``, the quick what-ifs and ``--force``), loading the preset they name, the config
it defaults from, and the one-line messages on stderr.

Imported by :mod:`calc.cli` (which re-exports these names) and by :mod:`calc.serve`, so that
``serve`` does not import the CLI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .engine.commands import ScriptLine


def _add_presets_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--presets-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="also look for presets in DIR (repeatable; also $NATO_CALC_PRESETS)",
    )


def add_source_args(p: argparse.ArgumentParser, *, whatifs: bool = True) -> None:
    """--preset / --file / --scenario and the quick what-if flags."""
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--preset",
        metavar="ID",
        help="preset id (default: the config's preset, or the newest "
        "preset of its year, else the newest NATO preset; see nato-calc config)",
    )
    src.add_argument("--file", metavar="PATH", help="a preset file to use instead of an id")
    src.add_argument("--scenario", metavar="FILE", help="a scenario file (base preset + changes)")
    _add_presets_dir(p)
    if whatifs:
        w = p.add_argument_group("quick what-ifs (applied in this order, after any scenario)")
        w.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="CODE.FIELD=VALUE",
            help="change a figure: DEU.core_share=3%%, DEU.core_share=+0.5pp, USA.gdp=30000, "
            "POL.related=10 (USD bn), DEU.core=+10%%, FRA.core=2.5%%; CODE is a code, name or "
            "alias (DEU, Germany, GER, UK), or * for every member",
        )
        w.add_argument("--exclude", action="append", default=[], metavar="CODE", help="leave a member out")
        w.add_argument(
            "--target",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="change a target: core=3%%, total=5%%, deadline=2032",
        )
        _add_force(w)


def add_year_arg(p: argparse.ArgumentParser) -> None:
    """``--year YEAR``: one of the years of a release preset (report, compare, path, history)."""
    p.add_argument(
        "--year",
        type=_year,
        default=None,
        metavar="YEAR",
        help="a year of the preset (a release such as nato-2026 holds 2014-2026; default: its "
        "newest); ID@YEAR names one too",
    )


def _year(text: str) -> int:
    if not (len(text.strip()) == 4 and text.strip().isdigit()):
        raise argparse.ArgumentTypeError(f"expected a year such as 2025, got {text!r}")
    return int(text)


def _add_force(group) -> None:
    group.add_argument(
        "--force",
        action="store_true",
        help="apply what-ifs that look like a slip (a share above 20 %% of GDP, a figure moved "
        "by more than a factor of 5, or under 1 %% of its value), which are refused otherwise",
    )


def apply_whatifs(preset, changes, force: bool):
    """``preset`` with the command line's what-ifs applied; a result that looks like a slip
    is refused (exit 2) unless ``--force`` confirms it. Scenario files are not judged."""
    if not changes:  # (nothing to load: the what-if engine is not needed)
        return preset
    from .engine.changes import apply_changes
    from .output.describe import implausible_lines

    after = apply_changes(preset, changes)
    if changes and not force:
        found = implausible_lines(preset, after, changes)
        if found:
            shown = "; ".join(found[:5]) + (f"; … and {len(found) - 5} more" if len(found) > 5 else "")
            raise UsageError(
                f"{shown}: refused as implausible; check the value and its unit, or add --force "
                "if this is what you mean"
            )
    return after


def load_source(args: argparse.Namespace):
    """The preset named by --preset/--file/--scenario with the quick what-ifs applied."""
    from .files.presets import load_by_id, load_preset

    dirs = args.presets_dir
    scenario = path_arg(args, "scenario", "--scenario")
    file = path_arg(args, "file", "--file")
    year = getattr(args, "year", None)
    if scenario is not None:
        from .files.scenario_file import load_scenario

        if year is not None:
            raise UsageError(
                '--year: a scenario keeps its base\'s year; name it in the scenario (base = "nato-2026@2025")'
            )
        loaded = load_scenario(scenario, dirs)
        print_notices(loaded.notices)
        preset = loaded.apply()
    elif file is not None:
        preset = load_preset(file, year=year)
    else:
        preset_id = getattr(args, "preset", None)
        if preset_id is None:  # the config's preset (or year), else the newest NATO preset
            preset_id = config_preset(args)
        check_year_ref(preset_id, year, "--preset")
        preset = load_by_id(preset_id, dirs, year=year)
    changes = count_ukraine_changes(args)
    whatifs = [getattr(args, flag, []) for flag in ("set", "exclude", "target")]
    if any(whatifs):  # (none: the what-if engine is not loaded)
        from .engine.changes import changes_from_cli

        changes = changes_from_cli(*whatifs) + changes
    preset = apply_whatifs(preset, changes, getattr(args, "force", False))
    preset = apply_do(preset, args, getattr(args, "command", None) or "")
    aid_notices([preset])
    return preset


def aid_notices(presets) -> None:
    """A notice when counting Ukraine aid adds nothing (no full-year figure that year)."""
    from .output.currency import aid_notice

    print_notices(sorted({n for p in presets if (n := aid_notice(p))}))


def add_count_ukraine(p: argparse.ArgumentParser, where: str = "") -> None:
    """``--count-ukraine``: count each ally's military aid to Ukraine toward core spending."""
    p.add_argument(
        "--count-ukraine",
        action="store_true",
        help="count each ally's military aid to Ukraine (nato-2026: Kiel allocations, 2024-2025; "
        "2026 is January-April only and not counted) toward its core spending: core + aid for "
        f"shares, gaps and targets, judged on money ÷ GDP{where}",
    )


def count_ukraine_changes(args: argparse.Namespace) -> list:
    """``[count-ukraine on]`` with ``--count-ukraine``, else nothing."""
    if not getattr(args, "count_ukraine", False):
        return []
    from .engine.changes import count_ukraine

    return [count_ukraine()]


def check_year_ref(ref: str | None, year: int | None, flag: str) -> None:
    """A ref naming one year (``ID@YEAR``) and ``--year`` naming another is refused."""
    from .files.presets import split_ref

    if ref is None or year is None:
        return
    at = split_ref(ref)[1]
    if at is not None and at != year:
        raise UsageError(f"{flag} {ref} names {at}, --year {year}: give one year")


def settings(args: argparse.Namespace):
    """The config file and ``NATO_CALC_*`` variables (:mod:`calc.files.config`), read once per
    command; their notices go to stderr."""
    found = getattr(args, "_config", None)
    if found is None:
        from .files.config import load

        found = load()
        print_notices(found.notices)
        args._config = found
    return found


def config_preset(args: argparse.Namespace) -> str | None:
    """The preset the config names (its ``preset``, or the newest of its ``year``), or None."""
    from .files.config import default_preset_id

    found = getattr(args, "_config_preset", False)
    if found is False:
        found, notices = default_preset_id(settings(args), args.presets_dir)
        print_notices(notices)
        args._config_preset = found
    return found  # type: ignore[return-value]  # str or None: set just above, or on an earlier call


def print_notices(lines: Sequence[str]) -> None:
    """A revised scenario base and the like: not errors, but worth knowing (on stderr)."""
    for line in lines:
        print(f"nato-calc: notice: {line}", file=sys.stderr)


def path_arg(args: argparse.Namespace, name: str, flag: str) -> Path | None:
    """The path given with ``flag``, None when not given; an empty one is a usage error."""
    value = getattr(args, name, None)
    if value is None:
        return None
    if not value.strip():
        raise UsageError(f"{flag}: needs a file name, got an empty one")
    return Path(value)


def say(msg: str) -> None:
    """One message for the user on stderr; nothing at all if stderr is closed or broken."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(msg + "\n")
        err.flush()
    except (OSError, ValueError):
        pass


# --------------------------------------------------------------------------------------------
# --do: the command grammar of the TUI's command bar (calc.engine.commands) on the command line
# --------------------------------------------------------------------------------------------

#: What a command of the TUI's session does on the command line instead, by its kind.
_SESSION_ONLY = {
    "save": "the command line saves no scenario; keep the commands in a file and replay them with --do @FILE",
    "export": "use -o FILE (and -f FORMAT) to write the output to a file",
    "copy": "the output goes to stdout (pipe it to the clipboard), or use -o FILE",
    "compare": "use nato-calc compare A B (--do applies to B)",
    "compare_off": "compare mode is the TUI's; use nato-calc report",
    "path": "use nato-calc path --member CODE --growth RATE",
}


def add_do_arg(
    p: argparse._ActionsContainer,
    what: str = "applied after the other what-ifs",
    examples: str = "'DEU core 3%%; without USA', 'europe-canada core >= 3.5%%', 'target core 3%%', "
    "'year 2024', 'currency eur'",
) -> None:
    """``--do "DEU core 3%; without USA"`` or ``--do @FILE`` (repeatable)."""
    p.add_argument(
        "--do",
        action="append",
        default=[],
        metavar="COMMANDS",
        help=f"commands of the TUI's command bar, separated by ';' (or @FILE: a script, one a "
        f"line, '#' comments), {what}: {examples} (see docs/commands.md)",
    )


def do_lines(args: argparse.Namespace) -> list[ScriptLine]:
    """The commands of ``--do`` in order (a ``@FILE`` read as a script), read once per run."""
    found = getattr(args, "_do_lines", None)
    if found is not None:
        return found
    if not getattr(args, "do", None):  # (none: the command grammar is not loaded)
        return []
    from .engine.commands import parse_script

    out: list[ScriptLine] = []
    for given in getattr(args, "do", None) or ():
        if given.startswith("@"):
            name = given[1:]
            if not name.strip():
                raise UsageError("--do @FILE: needs a file name after @")
            try:
                text = Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                why = getattr(e, "strerror", None) or str(e)
                raise UsageError(f"--do @{name}: cannot read the script: {why}") from None
            out += parse_script(text, name)
        else:
            out += parse_script(given.replace("\n", ";"))
    args._do_lines = out
    return out


def do_settings(args: argparse.Namespace, command: str) -> None:
    """The settings among ``--do``'s commands, taken before anything is loaded: ``year`` and
    ``currency`` (as --year and --currency), ``group`` (as --group) and, for ``path``, ``path
    CODE growth RATE`` (as --member/--group and --growth). A flag that says otherwise is refused."""
    if not getattr(args, "do", None) and getattr(args, "_do_lines", None) is None:
        return  # (no --do: the command grammar is not loaded)
    from .domain.countries import BUILTIN_GROUP_IDS
    from .engine.changes import parse_growth_input
    from .engine.commands import CURRENCY_WORDS, where
    from .errors import ChangeError

    year_dest = "only_year" if command == "history" else "year"
    for line in do_lines(args):
        words = line.text.split()
        head, rest = words[0].casefold(), words[1:]
        here = where(line)

        def take(dest: str, flag: str, value: object, shown: str, here: str = here) -> None:
            old = getattr(args, dest, None)
            if old is not None and old != value and old != []:
                raise UsageError(f"--do {here}: {flag} {old} says otherwise; give one")
            setattr(args, dest, value)

        try:
            if head == "year":
                if len(rest) != 1 or not (len(rest[0]) == 4 and rest[0].isdigit()):
                    raise ChangeError("year: write year YYYY, e.g. year 2024")
                take(year_dest, "--year", int(rest[0]), rest[0])
            elif head == "currency":
                if len(rest) != 1 or rest[0].casefold() not in CURRENCY_WORDS:
                    raise ChangeError("currency: write currency usd, eur or national")
                take("currency", "--currency", rest[0].casefold(), rest[0])
            elif head == "group":
                if len(rest) != 1:
                    raise ChangeError("group: write group ID, e.g. group eu")
                if command in ("path", "history") and getattr(args, "member", None) is not None:
                    raise ChangeError(f"--member {args.member} says otherwise: give a member or a group")
                take("group", "--group", rest[0].casefold(), rest[0])
            elif head == "path" and command == "path":
                low = [w.casefold() for w in rest]
                if "growth" in low:
                    i = low.index("growth")
                    rate = parse_growth_input(" ".join(rest[i + 1 :]))
                    take("growth", "--growth", str(rate), str(rate))
                    rest = rest[:i]
                if rest:
                    who = " ".join(rest)
                    if who.casefold() in BUILTIN_GROUP_IDS:
                        take("group", "--group", who.casefold(), who)
                    else:
                        take("member", "--member", who, who)
        except ChangeError as e:
            raise UsageError(f"--do {here}: {e.detail}") from None


def apply_do(preset, args: argparse.Namespace, command: str):
    """``preset`` with ``--do``'s edits applied (each command one step; undo, redo and reset
    all move among them), judged like the other what-ifs (``--force``). ``history`` takes no
    edit: it shows the published figures."""
    lines = do_lines(args)
    if not lines:
        return preset
    from .engine.commands import Action, replay
    from .errors import ChangeError

    taken = {"year", "currency", "group"}
    if command == "path":
        taken.add("path")

    def action(cmd: Action) -> bool:
        if cmd.kind in taken:
            return True
        raise ChangeError(_SESSION_ONLY.get(cmd.kind, f"{cmd.kind} is for the TUI"))

    try:
        history = replay(preset, lines, action=action)
    except ChangeError as e:
        raise UsageError(f"--do {e.msg}") from None
    if command == "history" and history.changes:
        from .engine.commands import where

        first = next(k for k in range(len(lines)) if replay(preset, lines[: k + 1], action=action).changes)
        raise UsageError(
            f"--do {where(lines[first])}: history shows NATO's published figures and takes no "
            "change of them; use report or path with --do for a what-if"
        )
    return apply_whatifs(preset, list(history.changes), getattr(args, "force", False))
