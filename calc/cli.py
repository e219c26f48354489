"""The ``nato-calc`` command: the TUI by default, and headless subcommands.

Only argument parsing and wiring live here; everything is computed by the engine modules.
Headless commands never import textual (``report`` in particular stays light). User errors
print one line ``nato-calc: ...`` on stderr and exit 2; there is never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .cliargs import (  # the source arguments and loading, shared with calc.serve
    _add_force,
    _add_presets_dir,
    add_count_ukraine,
    add_do_arg,
    add_source_args,
    add_year_arg,
    aid_notices,
    apply_do,
    apply_whatifs,
    check_year_ref,  # noqa: F401  (re-exported: the history command uses it)
    config_preset,
    count_ukraine_changes,
    do_settings,
    load_source,
    print_notices,
    say,
    settings,
)
from .domain import registry
from .errors import CalcError, OutputError, UsageError, did_you_mean, printable, quoted

if TYPE_CHECKING:
    from decimal import Decimal

    from .domain.dataset import Preset
    from .files.presets import PresetRef

    #: A preset found in a folder: loaded, or the error that refused it.
    Found = list[tuple[PresetRef, Preset | CalcError]]

EXIT_USAGE = 2
EXIT_INTERNAL = 70


#: Flags given many times (a script may pass 20,000 --set): parsed in one linear pass, since
#: argparse rescans every option string after each option (quadratic in their number).
_REPEATED = ("--set", "--exclude", "--target")
_NEGATIVE_NUMBER = re.compile(r"-\d+|-\d*\.\d+")


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one clear line (and exit 2) instead of usage plus message."""

    #: The arguments this parser last read (for the hint on a value that starts with '-').
    _args: tuple[str, ...] = ()

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        self._args = tuple(args)
        taken, rest = self._take_repeated(args)
        namespace, extras = super().parse_known_args(rest, namespace)
        for dest, values in taken.items():
            setattr(namespace, dest, values + list(getattr(namespace, dest, None) or []))
        return namespace, extras

    def _take_repeated(self, args: list[str]) -> tuple[dict[str, list[str]], list[str]]:
        """The values of the repeated flags (in order), and the other arguments for argparse.

        A flag is taken as argparse would read it: exactly or by a unique prefix, with its value
        joined (``--set=X``) or next; what argparse would refuse (a missing value, a flag in
        another option's value slot) is left for argparse to refuse.
        """
        actions = {o: a for o, a in self._option_string_actions.items() if o in _REPEATED}
        taken: dict[str, list[str]] = {a.dest: [] for a in actions.values()}
        if not actions:
            return {}, args
        rest: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                rest += args[i:]
                break
            action = self._long_option(arg.partition("=")[0]) if arg.startswith("--") else None
            slot = bool(rest) and self._wants_value(rest[-1])
            if action is not None and action.dest in taken and not slot:
                if "=" in arg:
                    taken[action.dest].append(arg.partition("=")[2])
                    i += 1
                    continue
                if i + 1 < len(args) and not _looks_like_option(args[i + 1]):
                    taken[action.dest].append(args[i + 1])
                    i += 2
                    continue
            rest.append(arg)
            i += 1
        return taken, rest

    def _long_option(self, name: str) -> argparse.Action | None:
        """The action a ``--name`` stands for, exactly or as a unique prefix (as argparse reads it)."""
        if name in self._option_string_actions:
            return self._option_string_actions[name]
        if not self.allow_abbrev or len(name) < 3:
            return None
        found = {a for o, a in self._option_string_actions.items() if o.startswith(name) and o[:2] == "--"}
        return found.pop() if len(found) == 1 else None

    def _wants_value(self, arg: str) -> bool:
        """True when ``arg`` is an option that takes the next argument as its value."""
        if arg.startswith("--"):
            action = None if "=" in arg else self._long_option(arg)
        else:
            action = self._option_string_actions.get(arg)  # "-o" (not "-ofile")
        return (
            action is not None
            and action.nargs is None
            and bool(action.option_strings)
            and (
                not isinstance(
                    action, (argparse._StoreConstAction, argparse._CountAction, argparse._HelpAction)
                )
            )
        )

    def error(self, message: str) -> NoReturn:
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'?([\w-]+)'?", m.group(2))
            hint = did_you_mean(m.group(1), choices)
            message = f"unknown {'command' if 'COMMAND' in message or 'command' in message else 'choice'} '{m.group(1)}'{hint}; choose from {', '.join(choices)}"
        m = re.match(r"argument ([\w/-]+): expected one argument", message)
        if m:
            message += self._dash_value_hint(m.group(1).split("/"))
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")

    def _dash_value_hint(self, flags: list[str]) -> str:
        """``--growth -1%``: argparse reads ``-1%`` as an option; say how to write it."""
        for i, arg in enumerate(self._args[:-1]):
            value = self._args[i + 1]
            if arg in flags and value.startswith("-") and value != "--":
                long = next((f for f in flags if f.startswith("--")), arg)
                return f" ({quoted(value)} starts with '-' and reads as an option; write {long}={value})"
        return ""


def _looks_like_option(arg: str) -> bool:
    """How argparse tells an option from a value (``-5`` and ``-0.5`` are values)."""
    return arg.startswith("-") and arg != "-" and not _NEGATIVE_NUMBER.fullmatch(arg) and " " not in arg


def _add_output(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    from .output.formats import ALIASES, FORMATS

    aliases = [a for a, f in ALIASES.items() if f in formats]
    exts = ", ".join(f"{FORMATS[f][2][0]} {f}" for f in formats)
    # A table, kept as written: one row a line.
    p.add_argument(
        "--format", "-f", choices=(*formats, *aliases), default=None, metavar="FORMAT",
        help=f"output format: {', '.join(formats)} (also {', '.join(aliases)}); default: the "
        f"extension of -o ({exts}), else table"
        + ("; xlsx is an Excel workbook, written to -o FILE.xlsx or a redirect, never to a "
           "terminal" if "xlsx" in formats else ""),
    )  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout")


CURRENCY_CHOICES = ("usd", "eur", "national")  # calc.engine.currency.CURRENCIES (a test checks)


def _add_currency(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--currency", type=str.lower, choices=CURRENCY_CHOICES, default=None,
        help="money in usd (USD bn), eur (at the rate implied by NATO's tables for the year) or "
        "national (each ally's own currency; groups stay in USD); default: the config's "
        "currency, else usd. eur and national need a preset with rates (nato-2026)",
    )  # fmt: skip  # wrapped by hand, shorter


def currency_of(args: argparse.Namespace) -> str:
    """``--currency``, else the config's ``currency`` (usd by default)."""
    return args.currency or settings(args).currency


def in_currency(result, args: argparse.Namespace, fmt: str = "table"):
    """``result`` with its money in the currency asked for (one clear line when the preset
    has no rates); workbooks too (``fmt`` is kept for the callers)."""
    from .engine.currency import convert

    return convert(result, currency_of(args))


def _add_provenance(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--provenance",
        action="store_true",
        help="CSV only: start with the preset's release block and sources as '#' lines "
        "(without it the CSV is plain data; JSON carries preset.release, Markdown a source "
        "line, the workbook a Sources sheet)",
    )


def check_provenance(args: argparse.Namespace, fmt: str) -> None:
    """``--provenance`` is for CSV: any other format already carries the provenance."""
    if getattr(args, "provenance", False) and fmt != "csv":
        raise UsageError(
            f"--provenance is for CSV output, not {fmt}: JSON carries preset.release, Markdown "
            "a source line and the workbook a Sources sheet already"
        )


def with_provenance(
    args: argparse.Namespace, text: str | bytes, sides: Sequence[tuple[str | None, Preset]]
) -> str | bytes:
    """``text`` (a CSV), after the ``#`` lines of ``sides`` ((side, preset)) with ``--provenance``."""
    if not getattr(args, "provenance", False) or isinstance(text, bytes):
        return text  # (a workbook never gets here: check_provenance refused it)
    from .output.provenance import csv_comment_lines

    return csv_comment_lines(sides) + text


def output_format(args: argparse.Namespace, formats: Sequence[str]) -> str:
    """The format to write: --format, else the extension of -o, else table; a --format that
    contradicts the extension is a usage error naming both, and a binary format (xlsx) to a
    terminal is refused."""
    from .output.formats import check_stream, is_binary, resolve

    fmt = resolve(args.format, args.output, allowed=tuple(formats))
    if is_binary(fmt):
        check_stream(fmt, _is_terminal(args.output))
    return fmt


def _is_terminal(output: str | None) -> bool:
    """True when ``-o`` (stdout without one, or ``-o -``) is a terminal."""
    if output is None or output == "-":
        try:
            return sys.stdout is not None and sys.stdout.isatty()
        except (OSError, ValueError):
            return False
    import stat

    try:  # -o /dev/tty, -o /dev/stdout on a terminal: a character device that is a tty
        if not stat.S_ISCHR(os.stat(output).st_mode):
            return False
        fd = os.open(output, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def refuse_overwriting_inputs(output: str | None, inputs: Sequence[object]) -> None:
    """``-o`` must never replace a file the command reads: a preset file, a scenario, or any
    scenario it stacks on. ``inputs`` holds paths and loaded presets (a preset stands for
    its file and every file read to build it, :attr:`~calc.domain.dataset.Preset.inputs`)."""
    from .domain.dataset import Preset

    if output is None or output == "-":
        return
    files: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Preset):
            files += [f for f in (item.path, *item.inputs) if f]
        elif isinstance(item, (str, Path)):
            files.append(item)
    for item in files:
        try:
            same = os.path.samefile(output, item)
        except (OSError, ValueError):
            continue
        if same:
            from .files.tomlio import display_path

            raise UsageError(
                f"-o {display_path(output)}: that is a file this command reads; "
                "write the output somewhere else"
            )


# --------------------------------------------------------------------------------------------
# Output streams
#
# Output is UTF-8 whatever the locale says (PYTHONIOENCODING=ascii, a Latin-1 or cp1252 locale),
# as the files written with -o are; a terminal keeps its own encoding and shows a character it
# cannot draw as "?". A stdout that cannot be written (a full disk, a closed descriptor, an I/O
# error) is "cannot write output: ...", exit 2. Messages go to stderr only: with stderr closed
# they are dropped (the exit status still says what happened), never written into the data on
# stdout, where Python's print() would send them.
# --------------------------------------------------------------------------------------------


def set_up_streams() -> None:
    """UTF-8 stdout and stderr unless they are a terminal; never an encoding error."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # closed, or replaced by a caller (tests capture into a StringIO)
        try:
            tty = stream.isatty()
        except (OSError, ValueError):
            tty = False
        try:
            if tty:
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (OSError, ValueError):  # pragma: no cover - a stream that refuses: leave it
            pass


def _silence_stdout() -> None:
    """After a failed write: point stdout at /dev/null, so that Python's flush of what is
    still buffered at exit succeeds instead of printing a second error."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(fd, sys.stdout.fileno())
        finally:
            os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def write_stdout(text: str | bytes) -> None:
    """Write ``text`` to stdout (bytes to its binary side, after any text before them); a
    stdout that cannot take it is an :class:`OutputError` (a closed pipe is left to
    :func:`main`: the reader stopped, which is no error)."""
    out = sys.stdout
    if out is None:
        raise OutputError("cannot write output: standard output is closed", "Cannot write output")
    try:
        if isinstance(text, bytes):
            out.flush()
            binary = getattr(out, "buffer", None)
            if binary is None:
                raise OutputError(
                    "cannot write output: standard output takes text only", "Cannot write output"
                )
            binary.write(text)
            binary.flush()
            return
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as e:  # ValueError: a stdout closed from inside the process
        _silence_stdout()
        reason = getattr(e, "strerror", None) or "standard output is closed"
        raise OutputError(f"cannot write output: {reason}", "Cannot write output") from None


def emit(text: str | bytes, output: str | None) -> None:
    """Write to stdout, or atomically to a file (saying so on stderr); bytes (a workbook)
    go to stdout's binary side."""
    if output is not None and not output.strip():
        raise UsageError("-o: needs a file name, got an empty one")
    if output and output != "-":
        from .files.tomlio import atomic_write, display_path

        atomic_write(Path(output), text)
        say(f"wrote {display_path(output)}")
    else:
        write_stdout(text)


def member_code(preset: Preset, text: str) -> str:
    """The code of the member ``text`` names (:func:`calc.engine.changes.resolve_member`); a
    code as such needs no look-up, nor the what-if engine loaded."""
    if preset.member(text) is not None:
        return text
    from .engine.changes import resolve_member

    return resolve_member(preset, text)


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


# --------------------------------------------------------------------------------------------
# Subcommands
# --------------------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    from .engine.evaluate import evaluate
    from .output.report import parse_sort, render

    do_settings(args, "report")
    fmt = output_format(args, REPORT_FORMATS)
    check_provenance(args, fmt)
    sort = parse_sort(args.sort)
    preset = load_source(args)
    refuse_overwriting_inputs(args.output, [preset, args.scenario])
    result = in_currency(evaluate(preset), args, fmt)
    out = render(result, fmt, args.group, sort, width=terminal_width())
    emit(with_provenance(args, out, [(None, preset)]), args.output)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from .engine.changes import changes_from_cli
    from .engine.evaluate import evaluate
    from .files.scenario_file import load_ref
    from .output.compare import compare, parse_sort, render, select_comparison

    do_settings(args, "compare")
    fmt = output_format(args, REPORT_FORMATS)
    check_provenance(args, fmt)
    sort = parse_sort(args.sort)
    changes = changes_from_cli(args.set, args.exclude, args.target)
    counting = count_ukraine_changes(args)
    if args.b is None and not changes and not counting and not args.do:
        raise UsageError(
            "compare: give B, or what-ifs (--set, --exclude, --target) to apply to a copy of A; "
            "e.g. nato-calc compare nato-2025 --set DEU.core_share=3.5%"
        )
    notices: list[str] = []
    a = load_ref(args.a, args.presets_dir, notices, year=args.year)
    b_ref = args.b if args.b is not None else args.a
    b = load_ref(args.b, args.presets_dir, notices, year=args.year) if args.b is not None else a
    print_notices(notices)
    refuse_overwriting_inputs(args.output, [a, b, args.a, args.b])
    b = apply_do(apply_whatifs(b, changes + counting, args.force), args, "compare")
    if counting and args.b is not None:  # both sides count; without B it is the what-if of B
        from .engine.changes import apply_changes

        a = apply_changes(a, counting)
    aid_notices([a, b])
    ra, rb = in_currency(evaluate(a), args, fmt), in_currency(evaluate(b), args, fmt)
    cmp = compare(ra, rb, a_ref=args.a, b_ref=b_ref)
    cmp = select_comparison(cmp, args.group, sort)
    out = render(cmp, fmt, width=terminal_width())
    emit(with_provenance(args, out, [("A", cmp.a.preset), ("B", cmp.b.preset)]), args.output)
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from .output.path import parse_growth, plan, render

    do_settings(args, "path")
    fmt = output_format(args, REPORT_FORMATS)
    check_provenance(args, fmt)
    real_growth, inflation = path_rates(args)
    growth = parse_growth(args.growth) if args.growth is not None else None
    if growth is None and real_growth is None:
        growth = settings(args).path_growth  # nominal, like --growth
    shape = args.shape or settings(args).path_shape
    if args.member is not None and args.group is not None:
        raise UsageError("path: give --member or --group, not both")
    preset = load_source(args)
    refuse_overwriting_inputs(args.output, [preset, args.scenario])
    member = args.member
    if member is not None:  # a code, a name or an alias (Germany, GER, UK)
        member = member_code(preset, member)
    from .engine.currency import NATIONAL
    from .engine.evaluate import evaluate

    currency = currency_of(args)
    result = evaluate(preset)
    if currency != NATIONAL or member is not None:  # a group's path stays in USD in national
        result = in_currency(result, args, fmt)
    p = plan(
        preset,
        member=member,
        group=args.group,
        target_year=args.target_year,
        growth=growth,
        shape=shape,
        prices=args.prices,
        inflation=inflation,
        real_growth=real_growth,
        result=result,
    )
    emit(with_provenance(args, render(p, fmt, width=terminal_width()), [(None, p.preset)]), args.output)
    return 0


def path_rates(args: argparse.Namespace) -> tuple[Decimal | None, Decimal | None]:
    """``--real-growth`` and ``--inflation`` of ``path``, read; refused together with
    ``--growth`` (nominal), which would leave it unclear whether that rate is real or nominal."""
    from .output.path import parse_growth

    given = [
        f for f, v in (("--real-growth", args.real_growth), ("--inflation", args.inflation)) if v is not None
    ]
    if args.growth is not None and given:
        raise UsageError(
            f"path: --growth and {given[0]} together: --growth is the nominal growth; for real growth "
            f"and inflation give --real-growth RATE --inflation RATE (nominal = (1 + real) x (1 + inflation) - 1), "
            "or --growth alone"
        )
    real = parse_growth(args.real_growth, "--real-growth") if args.real_growth is not None else None
    inflation = parse_growth(args.inflation, "--inflation") if args.inflation is not None else None
    return real, inflation


def _available_presets(dirs: Sequence[str]) -> Found:
    """Every preset found (:func:`calc.files.presets.find_presets`), each with the loaded
    :class:`~calc.domain.dataset.Preset` or the :class:`CalcError` that refused it."""
    from .files.presets import find_presets, load_preset

    found: Found = []
    for r in find_presets(dirs):
        try:
            found.append((r, load_preset(r.path, shipped=r.shipped)))
        except CalcError as e:
            found.append((r, e))
    return found


def edition_notice(found: Found) -> str | None:
    """The quiet line when the newest shipped release's next edition was due and no preset at
    hand is newer (:func:`calc.output.provenance.edition_notice`), else None."""
    from .domain.dataset import Preset
    from .output.provenance import edition_notice

    loaded = [(r, p) for r, p in found if isinstance(p, Preset)]
    return edition_notice([p for r, p in loaded if r.shipped], [p for r, p in loaded if not r.shipped])


def cmd_history(args: argparse.Namespace) -> int:
    from .engine.timeline import convert, group_history, member_history
    from .errors import HistoryError
    from .output.history import render

    do_settings(args, "history")
    fmt = output_format(args, HISTORY_FORMATS)
    start, end = args.from_year, args.to_year
    if args.only_year is not None:
        if start is not None or end is not None:
            raise UsageError("history: give --year, or --from/--to, not both")
        start = end = args.only_year
    preset = load_source(args)
    years = preset.timeline.years if preset.timeline is not None else ()
    if args.only_year is not None and years and args.only_year not in years:
        raise HistoryError(f"--year {args.only_year}: the release holds the years {years[0]}–{years[-1]}")
    refuse_overwriting_inputs(args.output, [preset, args.scenario])
    try:
        if args.member is not None:  # a code, a name or an alias (Germany, GER, UK)
            h = member_history(preset, member_code(preset, args.member), start, end)
        else:
            h = group_history(preset, args.group or "nato", start, end)
    except HistoryError as e:
        if preset.timeline is None:
            raise HistoryError(e.msg + _presets_with_history(args.presets_dir)) from None
        raise
    currency = getattr(args, "currency", None) or settings(args).currency
    h = convert(h, currency.lower())
    emit(render(h, fmt, args.prices, width=terminal_width()), args.output)
    return 0


def _presets_with_history(dirs: Sequence[str]) -> str:
    """``; presets with one: nato-2026`` (or that none is installed), for a one-year preset."""
    from .files.presets import find_presets, load_preset

    found = []
    for r in find_presets(dirs):
        try:
            p = load_preset(r.path, shipped=r.shipped)
        except CalcError:
            continue
        if p.timeline is not None and p.timeline.years:
            found.append(p.id)
    if not found:
        return "; no preset with a history is installed"
    return f"; presets with one: {', '.join(found)} (give --preset {found[-1]})"


def cmd_presets(args: argparse.Namespace) -> int:
    from .files.presets import default_preset
    from .files.tomlio import display_path
    from .output import jsonout

    fmt = "markdown" if args.format in ("md", "markdown") else args.format
    if fmt == "markdown" and not args.sources:
        raise UsageError("presets: --format markdown is for the release blocks; add --sources")
    found = _available_presets(args.presets_dir)
    if args.sources:
        return _write_sources(fmt, found, None)
    refs = [r for r, _ in found]
    default = config_preset(args)  # the one nato-calc opens: the config's, else the newest NATO
    try:
        default = default or (default_preset(refs).id if refs else None)
    except CalcError:
        pass
    if default is not None:  # the config may name one year of a release: nato-2026@2024
        default = default.rpartition("@")[0] or default
    rows = []
    for ref, p in found:
        # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
        entry: dict = {"id": ref.id, "default": ref.id == default, "shipped": ref.shipped,
                       "path": display_path(ref.path)}  # fmt: skip
        if fmt == "json":  # machine output: a path that works from any folder
            entry["path"] = str(Path(ref.path).absolute())
        if isinstance(p, CalcError):
            entry.update({"valid": False, "error": p.msg})
        else:
            entry.update(
                {
                    "valid": True,
                    "year": p.year,
                    "years": list(p.years or (p.year,)),
                    "members": len(p.members),
                    "label": p.label,
                    "sources": [s.id for s in p.sources],
                    "publishers": sorted({s.publisher for s in p.sources if s.publisher}),
                }
            )
        rows.append(entry)
    notice = edition_notice(found)
    if fmt == "json":
        emit(jsonout.dumps({"schema": "nato-calc.presets/1", "presets": rows}) + "\n", None)
        print_notices([notice] if notice else [])
        return 0
    if not rows:
        say("no presets found")
        return 0
    from .output.fmt import cell_width, pad

    for r in rows:  # the id is the file's name, which no rule checked
        r["shown"] = printable(r["id"])
    idw = max(cell_width(r["shown"]) for r in rows) + 1
    lines = [f"{pad('ID', idw)}  Year  Members  Label / sources"]
    for r in rows:
        mark = "*" if r["default"] else " "
        if not r["valid"]:
            first = r["error"].splitlines()[0]
            lines.append(f"{pad(r['shown'] + mark, idw)}  ----        -  INVALID: {first}")
            continue
        lines.append(f"{pad(r['shown'] + mark, idw)}  {r['year']}  {r['members']:7d}  {r['label']}")
        pubs = ", ".join(r["publishers"]) or "-"
        lines.append(f"{pad('', idw)}                 {len(r['sources'])} sources: {pubs}")
        if not r["shipped"]:
            lines.append(f"{pad('', idw)}                 from {r['path']}")
    lines.append("* default (opened by nato-calc with no arguments)")
    if notice:
        lines += ["", notice]
    emit("\n".join(lines) + "\n", None)
    return 0


#: Formats of ``sources`` and ``presets --sources``.
SOURCES_FORMATS = ("table", "json", "markdown")


def cmd_sources(args: argparse.Namespace) -> int:
    fmt = output_format(args, SOURCES_FORMATS)
    if args.preset is not None:
        from .files.scenario_file import load_ref

        if not args.preset.strip():
            raise UsageError("sources: needs a preset id or file, got an empty one")
        notices: list[str] = []
        preset = load_ref(args.preset, args.presets_dir, notices)
        print_notices(notices)
    else:  # the preset nato-calc opens
        preset = load_source(args)
    return _write_sources(fmt, _available_presets(args.presets_dir), preset, args.output)


def _write_sources(fmt: str, found: Found, preset: Preset | None, output: str | None = None) -> int:
    """The release block and sources of ``preset`` (None: of every preset ``found``), and the
    quiet notice (on stdout after a table or Markdown, on stderr with JSON)."""
    from .output import jsonout, provenance

    entries: list[tuple[str, Preset | CalcError]]
    entries = [(preset.id, preset)] if preset is not None else [(r.id, p) for r, p in found]
    notice = edition_notice(found)
    if fmt == "json":
        presets = []
        for ident, p in entries:
            if isinstance(p, CalcError):
                presets.append({"id": ident, "valid": False, "error": p.msg})
            else:
                presets.append(provenance.preset_sources_dict(p))
        emit(jsonout.dumps({"schema": provenance.SOURCES_SCHEMA, "presets": presets}) + "\n", output)
        print_notices([notice] if notice else [])
        return 0
    if not entries:
        say("no presets found")
        return 0
    blocks = []
    for ident, p in entries:
        if isinstance(p, CalcError):
            first = p.msg.splitlines()[0]
            blocks.append(
                [f"{printable(ident)} · INVALID: {first}"]
                if fmt == "table"
                else [f"## `{printable(ident)}`: invalid", "", provenance.md_text(first), ""]
            )
        elif fmt == "markdown":
            blocks.append(provenance.markdown_lines(p))
        else:
            blocks.append(provenance.text_lines(p, terminal_width()))
    if fmt == "markdown":
        lines = [line for b in blocks for line in b]
        if notice:
            lines += [provenance.md_text(notice), ""]
        emit("\n".join(lines), output)
        return 0
    lines = [line for b in blocks for line in ["", *b]][1:]
    if notice:
        lines += ["", notice]
    emit("\n".join(lines) + "\n", output)
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from .files.config import KEYS, describe_default, env_name, shown_path
    from .files.presets import default_preset, find_presets
    from .output import jsonout

    cfg = settings(args)
    opens = config_preset(args)
    if opens is None:
        try:
            opens = default_preset(find_presets(args.presets_dir)).id
        except CalcError:
            opens = None
    if args.format == "json":
        # A table, kept as written: one row a line.
        doc = {
            "schema": "nato-calc.config/1",
            "file": {"path": str(cfg.path) if cfg.path else None, "exists": cfg.exists},
            "settings": {
                k: {"value": cfg.values[k], "from": cfg.sources[k], "variable": env_name(k)} for k in KEYS
            },  # fmt: skip
            "opens": opens,
            "notices": list(cfg.notices),
        }
        emit(jsonout.dumps(doc) + "\n", None)
        return 0
    if cfg.path is None:
        where = "none (XDG_CONFIG_HOME, or HOME without it, is empty or not an absolute path)"
    else:
        where = f"{shown_path(cfg.path)} ({'exists' if cfg.exists else 'not found: no file yet'})"
    rows = []
    for k in KEYS:
        v = cfg.values[k]
        shown = "-" if v is None else f"{(v * 100).normalize():f}%" if k == "path_growth" else str(v)
        origin = cfg.origin(k)
        if v is None:
            origin += f" ({describe_default(k)})"
        rows.append((k, printable(shown), origin))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    # Wrapped by hand, kept as written: ruff's layout takes 3 more lines.
    lines = [f"config file: {where}",
             "variables: NATO_CALC_<KEY> (over the file); command-line flags win over both", "",
             f"{'key':<{w0}}  {'value':<{w1}}  from"]  # fmt: skip
    lines += [f"{k:<{w0}}  {v:<{w1}}  {o}".rstrip() for k, v, o in rows]
    lines += ["", f"opens: {printable(opens) if opens else '-'} (with no --preset, --file or --scenario)"]
    emit("\n".join(lines) + "\n", None)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .errors import PresetError
    from .files.preset_build import parse_preset
    from .files.scenario_file import load_scenario
    from .files.tomlio import display_path, read_bytes

    failed = 0
    for f in args.files:
        path = Path(f)
        try:
            if not f.strip():
                raise UsageError("validate: got an empty file name")
            # read once: a pipe (validate <(git show ...)) cannot be read twice
            data = read_bytes(path, PresetError)
            from .files.plans import looks_like_plans

            if looks_like_plans(data):
                from .files.plans import parse_plans

                pl = parse_plans(data, path)
                n = sum(len(a.figures) for a in pl.allies)
                write_stdout(
                    f"ok: {display_path(path)}: plans {pl.id}, {len(pl.allies)} allies, {n} figures\n"
                )
            elif _looks_like_scenario(data):
                s = load_scenario(path, args.presets_dir, data=data)
                write_stdout(
                    f"ok: {display_path(path)}: scenario on {s.base.id}, "
                    f"{len(s.changes)} change{'s' if len(s.changes) != 1 else ''}\n"
                )
            else:
                p = parse_preset(data, path, shipped=args.strict)
                write_stdout(f"ok: {display_path(path)}: preset {p.id}, {p.year}, {len(p.members)} members\n")
        except OutputError:
            raise  # stdout is gone: no use checking the other files
        except CalcError as e:
            failed += 1
            say(e.msg)
    if failed:
        say(f"{failed} of {len(args.files)} file{'s' if len(args.files) != 1 else ''} invalid")
    return EXIT_USAGE if failed else 0


def _looks_like_scenario(data: bytes) -> bool:
    """Cheap sniff: a scenario file declares kind = "scenario" at top level."""
    import re

    return re.search(rb'(?m)^\s*kind\s*=\s*["\']scenario["\']', data[:65536]) is not None


def cmd_schema(args: argparse.Namespace) -> int:
    from .output import jsonout
    from .output.formats import resolve

    resolve(None, args.output, allowed=("json",), default="json")  # -o x.md: a usage error
    if args.kind == "scenario":
        from .files.scenario_file import scenario_json_schema

        schema = scenario_json_schema()
    elif args.kind == "release":
        from .files.preset_build import release_json_schema

        schema = release_json_schema()
    else:
        from .files.preset_build import json_schema

        schema = json_schema()
    emit(jsonout.dumps(schema) + "\n", args.output)
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from .tui import run

    return run(
        preset=getattr(args, "preset", None),
        file=getattr(args, "file", None),
        scenario=getattr(args, "scenario", None),
        presets_dirs=args.presets_dir,
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import cmd_serve

    return cmd_serve(args)


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------

#: Formats of report, compare and path (see :mod:`calc.output.formats`).
REPORT_FORMATS = ("table", "csv", "json", "markdown", "xlsx")
#: Formats of history.
HISTORY_FORMATS = ("table", "csv", "json", "markdown")

#: Extra subcommands registered by other modules: name -> (help, add_arguments, run).
EXTRA_COMMANDS: dict[str, tuple] = {}


# --------------------------------------------------------------------------------------------
# plans: national plans against the path the targets need (calc/engine/plans.py)
# --------------------------------------------------------------------------------------------

PLANS_FORMATS = ("table", "csv", "json", "markdown")


def _add_plans_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Each ally's declared national plan (one series per basis: NATO core share, NATO total, "
        "a national budget line, other; never joined) next to the path the targets need from the "
        "preset's data (the path planner, same growth rule as path), year by year to the deadline "
        "with the 2029 review marked; flags not-incremental, back-loaded, short-of-target, "
        "faster-than-record, no-plan, each with a sentence; group totals: how much of the 2035 gap "
        "the plans close. docs/plans.md"
    )
    add_source_args(p)
    add_year_arg(p)
    _add_scope(p, "DEU, Germany, UK", "a group (default: nato)")
    p.add_argument(
        "--growth",
        metavar="RATE",
        help="nominal GDP growth a year, 0.03 or 3%% (default: the config's path_growth, else the "
        "scenario's rate, else 0), as path",
    )
    p.add_argument(
        "--plans",
        metavar="FILE",
        help='a plans file (kind = "plans") instead of the shipped nato-plans-2026',
    )
    _add_output(p, PLANS_FORMATS)


def cmd_plans(args: argparse.Namespace) -> int:
    from .cliargs import path_arg
    from .engine.plans import plans_for
    from .files.plans import load_plans
    from .output.path import parse_growth
    from .output.plans import render

    fmt = output_format(args, PLANS_FORMATS)
    growth = parse_growth(args.growth) if args.growth is not None else settings(args).path_growth
    shape = settings(args).path_shape or "linear"
    plans_file = path_arg(args, "plans", "--plans")
    plans = load_plans(plans_file)
    preset = load_source(args)
    refuse_overwriting_inputs(args.output, [preset, args.scenario, plans_file])
    member = args.member
    if member is not None:
        from .engine.changes import resolve_member

        member = resolve_member(preset, member)
    c = plans_for(preset, plans, member=member, group=args.group, growth=growth, shape=shape)
    unknown = [a.code for a in plans.allies if preset.member(a.code) is None]
    if unknown:
        print_notices([f"plans for {', '.join(unknown)}: not members of {preset.id}, left out"])
    emit(render(c, fmt), args.output)
    return 0


EXTRA_COMMANDS["plans"] = (
    "national plans against the path the targets need, with flags (docs/plans.md)",
    _add_plans_arguments,
    cmd_plans,
)


class _Version(argparse.Action):
    """``--version``, looking the version up only when asked (importlib.metadata is slow)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from . import __version__

        write_stdout(f"nato-calc {__version__}\n")
        parser.exit()


def _add_scope(p: argparse.ArgumentParser, examples: str, group_help: str) -> None:
    """``--member CODE | --group ID`` (path, history)."""
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--member", metavar="CODE", help=f"one member: a code, name or alias, e.g. {examples}")
    scope.add_argument("--group", metavar="ID", help=group_help)


def _add_prices(p: argparse.ArgumentParser, how: str) -> None:
    """``--prices current|constant`` (history, path); ``how`` says how 2021 prices are had."""
    p.add_argument(
        "--prices",
        choices=("current", "constant"),
        default="current",
        help=f"current: USD bn at current prices (default); constant: USD bn at 2021 prices, {how}",
    )


def _top_parser() -> argparse.ArgumentParser:
    """The options before any command: all that ``nato-calc`` with no arguments reads (the TUI
    then starts without the commands' parsers being built)."""
    parser = _Parser(
        prog="nato-calc",
        description="NATO defence-spending scenario calculator. With no command, opens the "
        "terminal UI on the newest NATO preset.",
    )
    parser.add_argument("--version", action=_Version)
    add_source_args(parser, whatifs=False)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("tui", help="open the terminal UI (the default)")
    add_source_args(p, whatifs=False)
    p.set_defaults(run=cmd_tui)

    p = sub.add_parser(
        "serve",
        help="serve the UI to web browsers (textual-serve; this machine only by default)",
        description="Serve the terminal UI to web browsers: each tab is a session of its own, "
        "and exports and scenario saves download to the browser. Listens on 127.0.0.1 (this "
        "machine only) unless --host says otherwise; the server has no authentication.",
    )
    from . import serve

    serve.add_arguments(p)
    p.set_defaults(run=_cmd_serve)

    p = sub.add_parser("report", help="gaps, statuses and aggregates for a preset or what-if")
    add_source_args(p)
    add_year_arg(p)
    _add_output(p, REPORT_FORMATS)
    _add_provenance(p)
    p.add_argument("--group", metavar="ID", help="only this group's members (nato, europe-canada, eu, ...)")
    p.add_argument(
        "--sort",
        metavar="COLUMN[:asc|desc]",
        help="sort members (numbers largest first): "
        + ", ".join(registry.SORT_KEYS)
        + " (gap_*_share: the gaps in points of GDP)",
    )
    _add_currency(p)
    add_count_ukraine(p)
    add_do_arg(p)
    p.set_defaults(run=cmd_report)

    p = sub.add_parser(
        "compare",
        help="compare two presets or scenarios (or a preset and a what-if), member by member",
        description="Compare A (the reference) with B: both values and the change (B − A) in "
        "GDP, core spending, core share and each gap, status changes, and group aggregates; "
        "and what moved each core share: the part from spending, (C_B - C_A) / G_B, and the part "
        "from GDP, C_A x (1/G_B - 1/G_A), summing exactly to the change in core spending / GDP. "
        "A and B are preset ids, or files: a name ending in .toml or holding a / is a file, "
        'read as a scenario if it says kind = "scenario", else as a preset. --set, --exclude '
        "and --target apply to B; without B they apply to a copy of A.",
    )
    p.add_argument("a", metavar="A", help="the reference: preset id, preset file or scenario file")
    p.add_argument("b", metavar="B", nargs="?", help="the other side (default: A, with the what-ifs)")
    _add_presets_dir(p)
    add_year_arg(p)
    w = p.add_argument_group("quick what-ifs, applied to B")
    w.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="CODE.FIELD=VALUE",
        help="change a figure in B: DEU.core_share=3.5%%, USA.gdp=30000, *.core=+10%%",
    )
    w.add_argument("--exclude", action="append", default=[], metavar="CODE", help="leave a member out of B")
    # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
    w.add_argument("--target", action="append", default=[], metavar="NAME=VALUE",
                   help="change a target in B: core=3%%, deadline=2032")  # fmt: skip
    add_do_arg(w, "applied to B after the other what-ifs")
    _add_force(w)
    _add_output(p, REPORT_FORMATS)
    _add_provenance(p)
    p.add_argument("--group", metavar="ID", help="only this group's members (on either side) and this group")
    # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
    p.add_argument("--sort", metavar="COLUMN[:asc|desc]",
                   help="order members by the change in a column (largest first): "
                   + ", ".join(k for k in registry.SORT_DELTA_KEYS if k not in registry.TEXT_KEYS)
                   + ", " + ", ".join(registry.SHARE_CHANGE_KEYS) + " (the change in core share from "
                   "spending, from GDP)"
                   + "; or " + ", ".join(k for k in registry.SORT_DELTA_KEYS if k in registry.TEXT_KEYS))  # fmt: skip
    _add_currency(p)
    add_count_ukraine(p, "; on both sides, or without B on B only (A without, B with the aid)")
    p.set_defaults(run=cmd_compare)

    from .domain.assumptions import DEFAULT_GROWTH, DEFAULT_INFLATION, SHAPES

    p = sub.add_parser(
        "path",
        help="the yearly spending path to the targets for a member or group",
        description="Plan each year from the preset's year to the target year: GDP grows at "
        "a nominal rate; core share moves to at least the core target and counted related "
        "share towards the related cap, so the total target is reached with the least "
        "spending; nobody plans a cut. Groups sum their members' paths.",
    )
    add_source_args(p)
    add_year_arg(p)
    _add_scope(p, "DEU, Germany, UK", "a group (default: nato)")
    p.add_argument(
        "--target-year",
        type=int,
        metavar="YEAR",
        help="the year the targets are reached (default: the preset's deadline, 2035)",
    )
    p.add_argument(
        "--growth",
        metavar="RATE",
        help="nominal GDP growth a year, 0.03 or 3%% (default: the config's "
        f"path_growth, else the scenario's rate, else {DEFAULT_GROWTH}); a scenario's "
        "rate for a member still wins",
    )
    # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
    p.add_argument("--shape", choices=SHAPES, default=None,
                   help="linear: equal steps; front: 1-(1-t)^2, early effort; back: t^2, late "
                   "effort (default: the config's path_shape, else linear)")  # fmt: skip
    _add_prices(
        p, "from the base year's price ratio in NATO's tables and an assumed inflation for later years"
    )
    p.add_argument(
        "--real-growth",
        metavar="RATE",
        help="real GDP growth a year, 0.01 or 1%%, in place of --growth: the nominal growth is "
        "(1 + real) x (1 + inflation) - 1 (1%% real at 2%% inflation: 3.02%%)",
    )
    p.add_argument(
        "--inflation",
        metavar="RATE",
        help="inflation a year after the base year, 0.02 or 2%% (default: "
        f"{DEFAULT_INFLATION * 100:f}%%): it deflates money to 2021 prices and, with "
        "--real-growth, makes the nominal growth; not with --growth",
    )
    _add_currency(p)
    add_count_ukraine(p)
    _add_output(p, REPORT_FORMATS)
    _add_provenance(p)
    add_do_arg(p)
    p.set_defaults(run=cmd_path)

    p = sub.add_parser(
        "history",
        help="a member's or group's core spending and share of GDP over the release's years",
        description="The published series of a member (NATO's figures for the ally) or a group "
        "(nato and europe-canada: NATO's printed totals; other groups: the sums of their members' "
        "spending and GDP), one row per year, with real change (derived from NATO's constant "
        "2021 prices for allies, NATO's own for its totals) and the record: the largest and the "
        "average yearly change of core share in points of GDP. Needs a preset with a time axis "
        "(nato-2026).",
    )
    add_source_args(p, whatifs=False)
    _add_scope(p, "POL, Poland, UK", "a group: nato (default), europe-canada, eu, ...")
    p.add_argument(
        "--from",
        dest="from_year",
        type=int,
        metavar="YEAR",
        help="the first year (default: the release's first)",
    )
    p.add_argument(
        "--to", dest="to_year", type=int, metavar="YEAR", help="the last year (default: the release's last)"
    )
    # its own dest: load_source reads args.year as the preset's year (report, path)
    p.add_argument(
        "--year", dest="only_year", type=int, metavar="YEAR", help="one year: --from YEAR --to YEAR"
    )
    _add_prices(p, "as NATO publishes them (GDP is then not shown: NATO's GDP at 2021 prices is not shipped)")
    if "--currency" not in p._option_string_actions:
        p.add_argument(
            "--currency",
            type=str.lower,
            choices=("usd", "eur", "national"),
            default=None,
            help="usd (default: the config's currency), eur (each year at the rate NATO's tables "
            "imply, Germany's), national (the ally's own currency; a group stays in USD)",
        )
    _add_output(p, HISTORY_FORMATS)
    add_do_arg(
        p, "only year, currency and group (history shows the published figures)", "'year 2024; currency eur'"
    )
    p.set_defaults(run=cmd_history)

    for name, (help_text, add_arguments, run) in EXTRA_COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(run=run)

    p = sub.add_parser("presets", help="list the available presets")
    _add_presets_dir(p)
    p.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "markdown", "md"),
        default="table",
        help="table or json; with --sources also markdown (md)",
    )
    p.add_argument(
        "--sources",
        action="store_true",
        help="every preset's release block and sources (as nato-calc sources shows one)",
    )
    p.set_defaults(run=cmd_presets)

    p = sub.add_parser(
        "sources",
        help="where a preset's figures come from: its release block and its sources",
        description="The release block of a preset (publisher, edition, publication date, "
        "information cut-off, the workbook's URL, the table each measure comes from, the credit "
        "line, when the next edition is expected) and its sources. A single-year preset has "
        "sources and no release block.",
    )
    p.add_argument(
        "preset",
        metavar="PRESET",
        nargs="?",
        help="a preset id (ID@YEAR names a year), a preset file or a scenario file "
        "(its base preset); default: the preset nato-calc opens",
    )
    _add_presets_dir(p)
    _add_output(p, SOURCES_FORMATS)
    p.set_defaults(run=cmd_sources)

    p = sub.add_parser(
        "config",
        help="show the config file's place and the settings in force, with where each came from",
        description="Settings are read from $XDG_CONFIG_HOME/nato-calc/config.toml (default "
        "~/.config/nato-calc/config.toml), keys preset, year, group, currency, theme, "
        "path_growth, path_shape; a NATO_CALC_<KEY> variable wins over the file, and a "
        "command-line flag over both. A bad value falls back to its default with a notice.",
    )
    _add_presets_dir(p)
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.set_defaults(run=cmd_config)

    p = sub.add_parser("validate", help="check preset and scenario files (exit 0 if all valid, 2 if not)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--strict",
        action="store_true",
        help="apply the rules of shipped presets (every figure names a source)",
    )
    _add_presets_dir(p)
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("schema", help="write the JSON Schema of the preset (or scenario) format")
    p.add_argument(
        "--kind",
        choices=("preset", "release", "scenario"),
        default="preset",
        help="preset: schema 1 (one year); release: schema 2 (every year of a release, e.g. "
        "nato-2026); scenario",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(run=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_up_streams()
    # A headless command makes long-lived objects and next to no garbage: the cyclic collector
    # waits until it is done (a tenth off `report`'s time, docs/benchmarks.md); the TUI and the
    # server keep their own policy (calc.tui.paint.gcpolicy)
    paused = gc.isenabled()
    gc.disable()
    try:
        try:
            args = (build_parser() if argv else _top_parser()).parse_args(argv)
        except SystemExit:  # --help: argparse wrote the text and exits; check it got out
            write_stdout("")
            raise
        run = getattr(args, "run", None) or cmd_tui
        if paused and run in (cmd_tui, _cmd_serve):
            paused = False
            gc.enable()
        code = run(args)
        if run is cmd_tui:  # the UI's own exit status stands, even when its terminal is gone
            try:
                sys.stdout.flush()
            except (OSError, ValueError):
                _silence_stdout()
            return code
        write_stdout("")  # flush: a full disk often shows only here
        return code
    except CalcError as e:
        msg = e.msg if e.msg.startswith("nato-calc") else f"nato-calc: {e.msg}"
        say(msg)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped (nato-calc report | head): no error
        _silence_stdout()
        return 0
    except Exception as e:  # a bug: say so in one line, keep the details for a debug run
        if os.environ.get("NATO_CALC_DEBUG"):
            raise
        say(
            f"nato-calc: internal error: {type(e).__name__}: {printable(str(e))} "
            "(please report it; NATO_CALC_DEBUG=1 shows the details)"
        )
        return EXIT_INTERNAL
    finally:
        if paused:
            gc.enable()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
