"""The command bar's model: the grammar of :mod:`calc.engine.commands` carried out with the
session's own operations (an edit is one undoable step; ``group``, ``year``, ``currency``,
``compare``, ``save``, ``export`` act here; ``copy``, ``path`` and ``plans`` come back for the
screen). Functions of a :class:`~calc.tui.session.Session`, which calls them from its methods
of the same names; loaded on the first command, not at start-up. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CalcError, OutputError
from .session import Changed, Session, _note, display, plural, same_file

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.commands import Action, Command, Edit

#: First words of the commands a script replayed with ``--do @FILE`` cannot run (the
#: exported script keeps them as comments).
SESSION_ONLY = ("save", "export", "copy", "compare", "path", "plans")


@dataclass(frozen=True, slots=True)
class CommandRun:
    """What a command did: :attr:`changed` (for the screen's repaint) and, for what only the
    screen can do, :attr:`pending`: the :class:`~calc.engine.commands.Action` to carry out
    (``copy``: put :meth:`Session.summary` on the clipboard; ``path``: open the path view for
    ``args[0]`` at growth ``args[1]``; ``plans``: open the plans view for ``args[0]`` (an ally,
    a group, "" the group shown); ``year``/``currency`` where the session cannot switch)."""

    changed: Changed
    pending: Action | None = None


def command_history(self: Session) -> list[str]:
    """The commands run in this session (as typed, the ones that worked), oldest first: what
    the command bar's ↑/↓ recall and :meth:`Session.command_script` exports."""
    return self._command_history


def preset_ids(self: Session) -> list[str]:
    """The ids of the presets found (for ``compare``'s did-you-mean and Tab), found once."""
    found = self._preset_ids
    if found is None:
        from ..files.presets import find_presets

        try:
            found = list(dict.fromkeys(r.id for r in find_presets(self.presets_dirs)))
        except (CalcError, OSError):
            found = []
        self._preset_ids = found
    return found


def parse_command(self: Session, text: str) -> Command:
    """``text`` as a :data:`~calc.engine.commands.Command` on the figures in force; raises
    :class:`~calc.errors.ChangeError` (one line) when it says nothing valid."""
    from ..engine.commands import parse_command as parse

    years = getattr(self, "years", None)
    return parse(
        text,
        self.preset,
        groups=self._group_table()[1],
        presets=preset_ids(self) or None,
        years=years() if callable(years) else None,
    )


def complete_command(self: Session, text: str) -> list[str]:
    """What Tab completes ``text`` to (whole lines), see :func:`calc.engine.commands.complete`."""
    from ..engine.commands import complete

    return complete(text, self.preset, preset_ids(self), groups=self._group_table()[1])


def preview_command(self: Session, text: str) -> tuple[bool, str]:
    """The line the command bar shows while typing: (True, what Enter will do) or (False, why
    the command is refused). Nothing is changed."""
    from ..engine.commands import Action, preview
    from ..output.commands import preview_text

    try:
        currency = "usd" if self.comparing else getattr(self, "currency", "usd")  # compare mode shows USD
        cmd = parse_command(self, text)
        if isinstance(cmd, Action) and cmd.kind == "export":
            export_format(*cmd.args)  # a format the name contradicts is refused before Enter
        return True, preview_text(preview(cmd, self.result, original=self.base, currency=currency))
    except CalcError as e:
        return False, e.msg


def run_command(self: Session, text: str, *, force: bool = False) -> CommandRun:
    """Run one command of the grammar (:mod:`calc.engine.commands`) with the session's own
    operations: an edit is one undoable step (:meth:`Session.commit`), ``undo``/``redo``/``reset
    all``, ``group``, ``year``, ``currency``, ``compare``, ``compare off``, ``save`` and
    ``export`` act here; ``copy`` and ``path`` come back as :attr:`CommandRun.pending`.

    An edit whose result looks like a slip (:func:`calc.engine.changes.implausible`) is refused
    unless ``force`` (the command bar's second Enter). Raises :class:`~calc.errors.CalcError`
    (one line, nothing changed) when the command is refused."""
    from ..engine.commands import Action, Edit

    cmd = parse_command(self, text)
    pending = None
    if isinstance(cmd, Edit):
        changed = _run_edit(self, cmd, force)
    else:
        assert isinstance(cmd, Action)
        changed, pending = _run_action(self, cmd)
    command_history(self).append(text.strip())
    return CommandRun(changed, pending)


def _run_edit(self: Session, cmd: Edit, force: bool) -> Changed:
    from ..engine.changes import implausible
    from ..engine.commands import applied
    from ..errors import ChangeError
    from ..output.describe import implausible_text

    if not cmd.changes:
        what = "every member named is at or above it already" if cmd.at_least else "nothing to change"
        return Changed(notices=_note(f"Nothing changed: {what}.", "warning"))
    after = applied(self.preset, cmd.changes, original=self.base)  # a refusal in the command's words
    if all(c.op == "reset" for c in cmd.changes) and after.members == self.preset.members:
        return Changed(notices=_note("Nothing changed: the figures are the preset's already.", "warning"))
    if not force:
        found = implausible(self.preset, after, cmd.changes)
        if found:
            raise ChangeError(
                "; ".join(implausible_text(f) for f in found[:3])
                + ": looks like a slip; check the value and its unit (Enter again applies it)"
            )
    changed = self.commit(*cmd.changes)
    n = len(cmd.changes)
    what = cmd.changes[0].describe() if n == 1 else f"{plural(n)} ({cmd.changes[0].describe()}, …)"
    if cmd.skipped:
        what += f"; {len(cmd.skipped)} already at or above it stay"
    return replace(changed, notices=_note(f"{what} (ctrl+z undoes)"))


def _run_action(self: Session, cmd: Action) -> tuple[Changed, Action | None]:
    from ..errors import ChangeError

    kind, args = cmd.kind, cmd.args
    if kind == "undo":
        return self.undo(), None
    if kind == "redo":
        return self.redo(), None
    if kind == "reset_all":
        return self.reset_all(), None
    if kind == "group":
        changed = self.set_group(args[0])
        if changed.notices:
            return changed, None
        return replace(changed, notices=_note(f"Showing {self.group_name()}.")), None
    if kind in ("year", "currency"):
        switch = getattr(self, f"set_{kind}", None)
        if switch is None:
            return Changed(), cmd
        return switch(int(args[0]) if kind == "year" else args[0]), None
    if kind == "compare":
        ref = args[0]
        is_file = ref.endswith(".toml") or "/" in ref
        side = self.compare_side_for("base" if ref == "base" else "scenario" if is_file else "preset", ref)
        return self.compare_with(side), None
    if kind == "compare_off":
        if not self.comparing:
            return Changed(notices=_note("Not in compare mode.", "warning")), None
        return self.stop_compare(), None
    if kind == "save":
        path = Path(args[0]).expanduser()
        _refuse_existing(self, path, own=True)
        return self.save(path, self.scenario_label, self.scenario_description), None
    if kind == "export":
        from ..files.tomlio import atomic_write

        fmt, path = export_format(args[0], args[1]), Path(args[1]).expanduser()
        problem = self.overwrite_problem(path)
        if problem is not None:
            raise OutputError(problem)
        _refuse_existing(self, path, own=False)
        text = self.render_report(fmt)
        try:
            atomic_write(path, text)
        except OSError as e:
            raise OutputError(f"{display(path)}: {e.strerror or e}") from None
        from ..output.formats import display_name

        return Changed(
            notices=_note(f"Exported {self.group_name()} as {display_name(fmt)} to {display(path)}")
        ), None
    if kind in ("copy", "path", "plans"):
        return Changed(), cmd
    raise ChangeError(f"{kind}: not a command of this session")  # pragma: no cover - ACTIONS


def export_format(fmt: str, name: str) -> str:
    """The format ``export [FORMAT] FILE`` writes: the one named, else the one the file's
    extension names; a format that contradicts the extension is refused (a file gets the
    format its name says), as is a name whose extension names none when no format is given."""
    from ..output import formats

    by_ext = formats.from_extension(name)
    if not fmt:
        if by_ext is None:
            raise OutputError(
                f"export {name}: its extension names no format; write export md|csv|json|table|xlsx {name}, "
                "or end the name in .md, .csv, .json, .txt or .xlsx"
            )
        return by_ext
    if by_ext is not None and by_ext != fmt:
        ext = formats.extension(fmt)
        raise OutputError(
            f"export: {Path(name).name} names a {formats.display_name(by_ext)} file, not {formats.display_name(fmt)}; "
            f"name it {Path(name).stem}{ext}, or drop the format and it is written as {formats.display_name(by_ext)}"
        )
    return fmt


def _refuse_existing(self: Session, path: Path, *, own: bool) -> None:
    """A command never replaces a file without asking: only the session's own scenario file
    may be saved over (the save dialog, ctrl+s, asks before replacing another)."""
    if own and self.scenario_path is not None and same_file(path, self.scenario_path):
        return
    if path.exists():
        via = "the save dialog (ctrl+s)" if own else "the export dialog (ctrl+e)"
        raise OutputError(
            f"{display(path)} already exists; choose another name, or use {via}, which asks before replacing it"
        )


def command_script(self: Session) -> str:
    """The commands run, as a script ``nato-calc report --do @FILE`` replays (the commands
    only the session can run are kept as comments)."""
    from ..engine.commands import parse_script, replay, script_text

    base = self.history.base.id
    source = (
        f"--scenario {self.scenario_path}"
        if self.opened is not None and self.scenario_path
        else f"--preset {base}"
    )
    lines = []
    for text in command_history(self):
        first = text.split()[0].casefold() if text.split() else ""
        off = first in SESSION_ONLY
        lines.append(f"# {text}  (the TUI's only)" if off else text)
    header = f"nato-calc commands on {base}\nreplay: nato-calc report {source} --do @FILE"
    body = "\n".join(lines)
    try:
        replayed = replay(self.history.base, parse_script(body), action=lambda _: True).changes
    except CalcError:
        replayed = None
    if replayed != self.history.changes:
        header += (
            "\nnote: the session's figures also hold edits made outside the command bar "
            "(or a scenario's), which this script does not"
        )
    return script_text([], header) + (body + "\n" if body else "")


def export_commands(self: Session, path: Path) -> Changed:
    """Write :meth:`command_script` to ``path`` (atomically; an existing file is not replaced)."""
    from ..files.tomlio import atomic_write

    problem = self.overwrite_problem(path)
    if problem is not None:
        raise OutputError(problem)
    _refuse_existing(self, path, own=False)
    try:
        atomic_write(path, command_script(self))
    except OSError as e:
        raise OutputError(f"{display(path)}: {e.strerror or e}") from None
    n = len(command_history(self))
    return Changed(
        notices=_note(
            f"Wrote {plural(n, 'command')} to {display(path)} (nato-calc report --do @{display(path)} replays them)"
        )
    )
