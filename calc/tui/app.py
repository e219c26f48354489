"""CalcApp: the session (preset, undo history, view) and the wiring between screens and engine.

The app holds the state of a what-if session and is the only place that changes it:

* :attr:`CalcApp.history` (:class:`~calc.history.History`): the base preset and every change,
  with undo/redo; :attr:`CalcApp.preset` is the preset with the changes in force and
  :attr:`CalcApp.result` its evaluation (kept up to date incrementally, see
  :func:`calc.engine.reevaluate`);
* the view: :attr:`group`, :attr:`sort`, :attr:`filter`;
* the file: :attr:`scenario_path`, :attr:`saved_changes` (what is on disk, for the quit guard).

Screens display that state; dialogs return values (a :class:`~calc.scenario.Change`, a path)
and the app applies them. Figures always come from the engine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..countries import builtin_group_codes
from ..dataset import Preset
from ..engine import Result, evaluate, group_definitions, reevaluate
from ..errors import CalcError
from ..history import History
from .gcpolicy import POLL_SECONDS, IdleCollector

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Change
    from ..scenario_file import Scenario
    from ..config import Config
    from ..tomlio import FileStamp

DEFAULT_THEME = "textual-dark"
QUIT_TITLE = "Quit nato-calc?"


@dataclass(frozen=True, slots=True)
class Boot:
    """What the app opens with: a base preset (and a scenario's changes), or an error."""

    base: Preset | None
    changes: tuple[Change, ...] = ()
    scenario_path: Path | None = None
    label: str | None = None
    description: str | None = None
    error: CalcError | None = None
    """A preset or scenario that could not be opened (shown in a dialog on start)."""
    fallback: str | None = None
    """What was opened instead of the file in error."""
    scenario: Scenario | None = None
    """The scenario file opened (its stack and every file it read), if any."""


def boot_session(
    preset: str | None,
    file: str | Path | None,
    scenario: str | Path | None,
    dirs: Sequence[str | Path],
    data: Preset | None = None,
) -> Boot:
    """Load what the command line asked for; on error, fall back to the default preset."""
    from ..presets import load_by_id, load_preset

    if data is not None:
        return Boot(data)
    try:
        if scenario is not None:
            from ..scenario_file import load_scenario

            s = load_scenario(Path(scenario), dirs)
            return Boot(
                s.base, s.changes, Path(scenario), s.label, s.description, scenario=s
            )
        if file is not None:
            return Boot(load_preset(Path(file)))
        return Boot(load_by_id(preset, dirs))
    except CalcError as e:
        error = e
    for fallback_dirs in (dirs, ()):
        try:
            base = load_by_id(None, fallback_dirs)
        except CalcError:
            continue
        return Boot(base, error=error, fallback=base.id)
    return Boot(None, error=error)


@dataclass(frozen=True, slots=True)
class CompareSide:
    """The reference (A) the session (B) is compared with in compare mode."""

    kind: str
    """``base`` (the session's own preset, without the changes), ``preset`` or ``scenario``."""
    ref: str
    """How the CLI names it: a preset id or a scenario file path."""
    label: str
    """Short name for headers: ``nato-2024``, ``meeting.toml``, ``nato-2025 as published``."""
    result: Result | None = None
    """Its evaluation (None for ``base``: the session's :attr:`CalcApp.base_result`)."""


class CalcApp(App[int]):
    """nato-calc's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "nato-calc"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-app"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
    ]

    def __init__(
        self,
        boot: Boot,
        *,
        presets_dirs: Sequence[str | Path] = (),
        theme: str | None = None,
        cursor_blink: bool = True,
        settings: Config | None = None,
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        """False: text cursors do not blink (deterministic screenshots)."""
        self.presets_dirs = list(presets_dirs)
        self.boot = boot
        self.notices: list[tuple[str, str]] = []
        """Every notification shown, (severity, text), oldest first."""
        from ..config import defaults

        self.settings = settings if settings is not None else defaults()
        """The config file and ``NATO_CALC_*`` variables (:mod:`calc.config`) in force."""
        self._setting_notices: list[str] = list(self.settings.notices)
        self._choose_theme(theme)
        self._saved_theme = self.theme
        self.group = self.settings.group
        """Id of the group the table and the aggregates show."""
        self.sort: tuple[str, bool] | None = None
        """(column key, descending) or None for the preset's order."""
        self.filter = ""
        """Text the rows are filtered by (code or name)."""
        self.scenario_path: Path | None = None
        self.scenario_label: str | None = None
        self.scenario_description: str | None = None
        self.saved_changes: tuple[Change, ...] = ()
        """The changes as last saved or opened: anything else is unsaved."""
        self._base_result: Result | None = None
        self._deliveries: dict[str, tuple] = {}
        """Downloads under way (in a browser): delivery key -> (file name, what to run once
        the browser has it)."""
        self.compare_side: CompareSide | None = None
        """Compare mode: the reference (A) the session (B) is set against, or None."""
        self.comparison = None
        """Compare mode: :func:`calc.compare.compare` of A and the session (B)."""
        self.path_settings: dict = {"growth": self.settings.path_growth,
                                    "shape": self.settings.path_shape, "target_year": None}  # fmt: skip
        """The path view's assumptions (kept while the session lasts)."""
        self._groups_cache: tuple | None = None
        self.gc = IdleCollector()
        """Full garbage collections while the user is idle (see :mod:`calc.tui.gcpolicy`)."""
        self.has_session = False
        """False only while no preset could be opened at all (the start-up error screen)."""
        self.opened: Scenario | None = boot.scenario
        """The scenario file the session was opened from (its stack and inputs), if any."""
        self.scenario_stamp: FileStamp | None = None
        """What :attr:`scenario_path` held when opened or last saved (lost-update check)."""
        if boot.scenario is not None and boot.scenario_path is not None:
            from ..tomlio import file_stamp

            self.scenario_stamp = file_stamp(boot.scenario_path)
        if boot.base is not None:
            self._start(boot.base, boot.changes, boot.scenario_path, boot.label, boot.description)
            wanted = self.settings.group
            if self.group != wanted:
                from ..errors import did_you_mean, quoted

                problem = f"no group {quoted(wanted)} in {self.base.id}{did_you_mean(wanted, self.group_ids())}"
                self._setting_notices.append(self.settings.notice("group", problem, self.group))

    def _choose_theme(self, theme: str | None) -> None:
        """Use ``theme`` (a caller's), else the config's (``theme`` or ``$NATO_CALC_THEME``,
        checked by :mod:`calc.config`); an unknown name starts the default theme, with a
        notice naming the valid ones (shown once the screen is up)."""
        from ..errors import quoted

        wanted = theme or self.settings.theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
            return
        self.theme = DEFAULT_THEME
        self._setting_notices.append(
            f"Unknown theme {quoted(wanted)}; using {DEFAULT_THEME}. "
            f"Valid themes: {', '.join(sorted(self.available_themes))}."
        )

    def _theme_chosen(self, theme) -> None:
        """A theme chosen in the UI (the palette, the light/dark toggle) becomes the config's
        ``theme``; a failure to save is a notification."""
        if theme.name == self._saved_theme or self.is_web:  # a browser visitor's choice is not the server's config
            return
        path = self.settings.path
        if path is None:
            self.notify("Theme not saved: there is no place for the config file (HOME or "
                        "XDG_CONFIG_HOME is empty or not an absolute path).", severity="warning")  # fmt: skip
            return
        from ..config import FROM_ENV, env_name, save_key

        try:
            save_key(path, "theme", theme.name)
        except CalcError as e:
            self.notify(f"Theme not saved: {e.msg}", severity="warning", timeout=10)
            return
        self._saved_theme = theme.name
        if self.settings.sources.get("theme") == FROM_ENV:
            self.notify(f"Theme {theme.name} saved to the config file, but {env_name('theme')} "
                        "is set and wins over it at the next start.")  # fmt: skip

    # -- session --------------------------------------------------------------------------

    def _start(
        self,
        base: Preset,
        changes: tuple[Change, ...] = (),
        path: Path | None = None,
        label: str | None = None,
        description: str | None = None,
        *,
        saved: bool = True,
    ) -> None:
        if changes:
            from ..scenario import apply_changes

            preset = apply_changes(base, changes)
        else:
            preset = base
        self.history = History(base, initial=tuple(changes))
        self.scenario_path = path
        self.scenario_label = label
        self.scenario_description = description
        self.saved_changes = tuple(changes) if saved else ()
        self.has_session = True
        self.preset = self._labelled(preset)
        self.result = evaluate(self.preset)
        self._base_result = None
        if self.result.group(self.group) is None and self.group not in self.group_ids():
            self.group = "nato"
        self._recompare()

    def _labelled(self, preset: Preset) -> Preset:
        label = self.scenario_label or (self.scenario_path.stem if self.scenario_path else None)
        return replace(preset, scenario=label) if preset.scenario != label else preset

    @property
    def base(self) -> Preset:
        return self.history.base

    @property
    def base_result(self) -> Result:
        """The evaluation of the preset without any change (computed once per preset)."""
        if self._base_result is None or self._base_result.preset is not self.history.base:
            self._base_result = evaluate(self.history.base)
        return self._base_result

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.history.changes

    @property
    def dirty(self) -> bool:
        """True when the changes in force differ from those last saved or opened."""
        return self.history.changes != self.saved_changes

    def commit(self, *changes: Change) -> bool:
        """Apply ``changes`` as one undoable step. On a :class:`~calc.errors.ChangeError` the
        error is shown and nothing changes. Returns whether the changes were applied."""
        from ..scenario import apply_changes

        try:
            preset = apply_changes(self.preset, changes, original=self.history.base)
        except CalcError as e:
            self.notify(e.msg, title=e.title, severity="error")
            return False
        self.history = self.history.push(*changes)
        self._show(preset)
        return True

    def undo(self) -> None:
        step = self.history.undo_step
        if step is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.history = self.history.undo()
        self._show(self.history.preset())
        self.notify(f"Undid: {step.describe()}")

    def redo(self) -> None:
        step = self.history.redo_step
        if step is None:
            self.notify("Nothing to redo.", severity="warning")
            return
        self.history = self.history.redo()
        self._show(self.history.preset())
        self.notify(f"Redid: {step.describe()}")

    def reset_all(self) -> None:
        n = len(self.history.changes)
        if not n:
            self.notify("Nothing to reset: the figures are the preset's.", severity="warning")
            return
        self.history = self.history.clear()
        self._show(self.history.preset())
        self.notify(f"Reset {n} change{'s' if n != 1 else ''} (ctrl+z brings them back).")

    def _show(self, preset: Preset) -> None:
        self.gc.touch(time.monotonic())  # an edit, undo or redo is the user at work
        old = self.result
        self.preset = self._labelled(preset)
        self.result = reevaluate(old, self.preset)
        self._recompare()
        main = self.main_screen
        if main is not None:
            main.show_result(old, self.result)
        for screen in self.screen_stack:
            if hasattr(screen, "session_changed"):
                screen.session_changed()  # type: ignore[attr-defined]

    # -- compare mode --------------------------------------------------------------------------

    @property
    def comparing(self) -> bool:
        return self.compare_side is not None

    def session_label(self) -> str:
        """How headers name the session (B): the scenario, the what-if or the preset."""
        if self.scenario_path is not None:
            name = self.scenario_label or self.scenario_path.name
            return name + (" + changes" if self.dirty else "")
        n = len(self.history.changes)
        base = self.history.base.id
        return f"{base} + {n} change{'s' if n != 1 else ''}" if n else base

    def _recompare(self) -> None:
        side = self.compare_side
        if side is None:
            self.comparison = None
            return
        from ..compare import compare, recompare

        a = side.result if side.result is not None else self.base_result
        previous = self.comparison
        if previous is not None and previous.a is a and previous.a_ref == side.ref:
            self.comparison = recompare(previous, self.result, b_ref=self.session_label())
        else:
            self.comparison = compare(a, self.result, a_ref=side.ref, b_ref=self.session_label())

    def compare_with(self, side: CompareSide | None) -> None:
        """Enter compare mode against ``side`` (None leaves it)."""
        self.compare_side = side
        self._recompare()
        self.sort = None  # the table's sort columns differ between the modes
        main = self.main_screen
        if main is not None:
            main.table.set_sort_indicator(None)
            main.refresh_view(recolumn=True)
        if side is not None:
            what = "its preset as published" if side.kind == "base" else side.label
            self.notify(f"Comparing with {what} (A) · your session is B · esc or c to leave")

    def compare_side_for(self, kind: str, ref: str) -> CompareSide | None:
        """Load the reference named by a picker choice; on error show it and return None."""
        if kind == "base":
            base = self.history.base
            return CompareSide("base", base.id, f"{base.id} as published")
        try:
            if kind == "preset":
                from ..presets import load_by_id

                preset = load_by_id(ref, self.presets_dirs)
                label = ref
            else:
                from ..scenario_file import load_scenario

                path = Path(ref)
                preset = load_scenario(path, self.presets_dirs).apply()
                label = path.name
        except CalcError as e:
            self.show_error(e)
            return None
        return CompareSide(kind, ref, label, evaluate(preset))

    def action_compare(self) -> None:
        from .screens.compare import ComparePickerDialog

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            kind, ref = choice
            if kind == "stop":
                self.stop_compare()
                return
            if kind == "open":
                self._pick_compare_file()
                return
            side = self.compare_side_for(kind, ref)
            if side is not None:
                self.compare_with(side)

        self.push_screen(
            ComparePickerDialog(
                self.presets_dirs, self.history.base, len(self.history.changes), self.compare_side
            ),
            chosen,
        )

    def _pick_compare_file(self) -> None:
        from .screens.files import OpenDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                side = self.compare_side_for("scenario", str(path))
                if side is not None:
                    self.compare_with(side)

        folder = self.scenario_path.parent if self.scenario_path else _here()
        self.push_screen(OpenDialog(folder, title="Compare with a scenario file", server_side=self.is_web), chosen)

    # -- path view ---------------------------------------------------------------------------------

    def open_path(self, code: str | None) -> None:
        """The path view for ally ``code``; the selected group when there is no ally or the
        ally has no path (excluded, or the targets do not apply)."""
        from .screens.path import PathScreen

        member = None
        if code is not None:
            m = self.result.member(code)
            if m is not None and m.included and m.assessed:
                member = code
            elif m is not None:
                why = "is excluded" if not m.included else "is not assessed (the targets do not apply)"
                self.notify(f"{m.name} {why}: showing the path of {self.group_name()}.")
        self.push_screen(PathScreen(member, self.group if self.result.group(self.group) else "nato"))

    def export_path(self, screen) -> None:
        """Export the path on screen: the same output as ``nato-calc path``."""
        from .screens.files import ExportDialog

        p = screen.spending_path
        if p is None:
            self.notify("No path to export: the assumptions give none.", severity="warning")
            return

        def chosen(request) -> None:
            if request is None:
                return
            from ..path import render

            fmt, path = request
            if self.refuse_overwriting_inputs(path):
                return
            where = self.deliver_or_write(path, render(p, fmt))
            if where is not None:
                self.notify(f"Exported the path ({_FORMAT_NAMES[fmt]}) to {where}")

        what = f"Exports the path of {p.name} to {p.target_year} ({screen.same_as()})."
        stem = f"path-{p.id.lower()}-{p.target_year}"
        self.push_screen(ExportDialog(_here(), stem, "csv", what, check=self.overwrite_problem, download=self.is_web), chosen)

    def stop_compare(self) -> None:
        if self.compare_side is None:
            return
        self.compare_with(None)
        self.notify("Left compare mode.")

    @property
    def main_screen(self):
        from .screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # -- groups -----------------------------------------------------------------------------

    def group_ids(self) -> list[str]:
        return [gid for gid, _ in self.group_choices()]

    def _group_table(self) -> tuple[list[tuple[str, str]], dict[str, tuple[str, ...]]]:
        """(id, name) of the groups with a member, and every group's members (including
        excluded ones), for the preset in force: worked out once per preset, as the screen
        asks for them several times per edit."""
        preset = self.preset
        cached = self._groups_cache
        if cached is not None and cached[0] is preset:
            return cached[1], cached[2]
        codes = preset.codes
        user = dict(preset.groups)
        members: dict[str, tuple[str, ...]] = {}
        choices = []
        for gid, name, _ in group_definitions(preset):
            try:
                group = builtin_group_codes(gid, codes)
            except KeyError:
                group = user.get(gid, ())
            members[gid] = group
            if group:
                choices.append((gid, name))
        self._groups_cache = (preset, choices, members)
        return choices, members

    def group_choices(self) -> list[tuple[str, str]]:
        """(id, name) of the groups with at least one member in the preset."""
        return list(self._group_table()[0])

    def group_name(self, gid: str | None = None) -> str:
        gid = gid or self.group
        for g, name in self._group_table()[0]:
            if g == gid:
                return name
        return gid

    def group_codes(self, gid: str | None = None) -> tuple[str, ...]:
        """Members of a group in preset order, *including* excluded members (so the table can
        still show them and ``x`` can include them again)."""
        gid = gid or self.group
        found = self._group_table()[1].get(gid)
        if found is not None:
            return found
        try:
            return builtin_group_codes(gid, self.preset.codes)
        except KeyError:
            return dict(self.preset.groups).get(gid, ())

    def set_group(self, gid: str) -> None:
        if gid not in self.group_ids():
            self.notify(f"No group '{gid}' in this preset.", severity="error")
            return
        self.group = gid
        if self.main_screen is not None:
            self.main_screen.refresh_view()

    def cycle_group(self, step: int = 1) -> None:
        ids = self.group_ids()
        if not ids:
            return
        i = ids.index(self.group) if self.group in ids else -1
        self.set_group(ids[(i + step) % len(ids)])

    # -- loading ------------------------------------------------------------------------------

    def open_preset(self, preset_id: str, keep_changes: bool = False) -> bool:
        """Switch to another preset (optionally re-applying the changes in force)."""
        from ..presets import load_by_id

        try:
            base = load_by_id(preset_id, self.presets_dirs)
            changes = self.history.changes if keep_changes else ()
            if keep_changes:
                from ..scenario import apply_changes

                apply_changes(base, changes)  # raises ChangeError when they do not fit
        except CalcError as e:
            self.show_error(e)
            return False
        self._open(base, changes, None, None, None, saved=not changes)
        n = len(changes)
        self.notify(
            f"Opened {base.id}: {base.label}"
            + (f", with your {n} change{'s' if n != 1 else ''}" if n else "")
        )
        return True

    def open_scenario(self, path: Path) -> bool:
        from ..scenario_file import load_scenario

        try:
            s = load_scenario(path, self.presets_dirs)
        except CalcError as e:
            self.show_error(e)
            return False
        from ..tomlio import file_stamp

        self._open(s.base, s.changes, path, s.label, s.description, opened=s)
        self.scenario_stamp = file_stamp(path)
        n = len(s.changes)
        self.notify(f"Opened scenario {path.name}: {n} change{'s' if n != 1 else ''} on {s.base.id}")
        self.notify_base_changed(s)
        return True

    def notify_base_changed(self, s: Scenario | None) -> None:
        """Say what changed in a scenario's base preset since it was saved (not an error)."""
        if s is not None and s.notices:
            self.notify("\n".join(s.notices), title="The base preset has changed", severity="warning", timeout=20)

    def _open(self, base, changes, path, label, description, *, saved: bool = True, opened=None) -> None:
        self.opened = opened
        self.scenario_stamp = None
        self._start(base, tuple(changes), path, label, description, saved=saved)
        main = self.main_screen
        if main is not None:
            main.refresh_view(recolumn=True)
        else:
            from .screens.main import MainScreen

            self.push_screen(MainScreen())

    # -- saving and exporting ----------------------------------------------------------------

    def base_ref_for(self, scenario_path: Path) -> str:
        """How a scenario file at ``scenario_path`` names its base preset: the id for presets
        shipped with nato-calc, otherwise the preset file's path relative to the scenario."""
        from ..presets import resolve_preset

        base = self.history.base
        if base.path is None:
            return base.id
        try:
            ref = resolve_preset(base.id, self.presets_dirs)
        except CalcError:
            ref = None
        if ref is not None and ref.shipped and _same_file(ref.path, Path(base.path)):
            return base.id
        return _relative_ref(Path(base.path), scenario_path)

    def scenario_parts(self, path: Path) -> tuple[str, tuple[Change, ...], str]:
        """What a scenario file at ``path`` holds: its ``base``, its own changes, and a note
        for the user ("" normally).

        A stacked scenario keeps its stack: when the session was opened from a scenario on
        another scenario and the inherited changes are still in force as a prefix, the file
        names the same base (relative to ``path``) and holds only the changes after it."""
        changes = self.history.changes
        s = self.opened
        if s is not None and s.base_changes and s.base_file and self.history.base is s.base:
            k = len(s.base_changes)
            if changes[:k] == s.base_changes:
                return _relative_ref(Path(s.base_file), path), changes[k:], ""
            return self.base_ref_for(path), changes, (
                f" on {self.history.base.id} (the changes of {_display(Path(s.base_file))} "
                "are no longer all in force, so the file holds them all)"
            )
        return self.base_ref_for(path), changes, ""

    def session_inputs(self) -> list[tuple[Path, str]]:
        """Every file this session read, with what it is: the scenario file opened, the
        scenarios it stacks on, the preset file."""
        out: list[tuple[Path, str]] = []
        if self.scenario_path is not None:
            out.append((self.scenario_path, "the scenario file of this session"))
        if self.opened is not None:
            for f in self.opened.inputs[1:]:
                out.append((Path(f), "a file this scenario stacks on"))
        if self.has_session and self.history.base.path:
            out.append((Path(self.history.base.path), "the preset this session is based on"))
        return out

    def overwrite_problem(self, path: Path, *, saving: bool = False) -> str | None:
        """Why ``path`` must not be written, or None. Nothing the session read is replaced
        (an export or a scenario save over the preset would destroy its data); saving the
        scenario in place over its own file is the one exception. A preset shipped with
        nato-calc is never a save's target either."""
        own = self.scenario_path if saving else None
        for item, what in self.session_inputs():
            if own is not None and _same_file(item, own):
                continue
            if _same_file(item, path):
                verb = "save the scenario" if saving else "export"
                return f"{_display(path)}: that is {what}; {verb} under another name"
        from ..presets import shipped_dir

        try:
            shipped = path.resolve().parent == shipped_dir().resolve()
        except (OSError, ValueError, RuntimeError):
            shipped = False
        if shipped:
            return f"{_display(path)}: that is the folder of the presets shipped with nato-calc; choose another folder"
        return None

    def cli_source(self):
        """Where the session's figures come from, as the command line names it (see
        :mod:`calc.tui.reproduce`)."""
        from ..presets import resolve_preset
        from .reproduce import Source

        base = self.history.base
        shipped = False
        if base.path is not None:
            try:
                ref = resolve_preset(base.id, ())
            except CalcError:
                ref = None
            shipped = ref is not None and ref.shipped and _same_file(ref.path, Path(base.path))
        return Source(
            base, shipped, self.scenario_path, tuple(self.saved_changes) if self.scenario_path else (),
            tuple(str(d) for d in self.presets_dirs),
        )

    def save_scenario(
        self, path: Path, label: str | None = None, description: str | None = None
    ) -> bool:
        from ..errors import OutputError
        from ..scenario_file import save_scenario
        from ..tomlio import file_stamp

        problem = self.overwrite_problem(path, saving=True)
        if problem is not None:
            self.show_error(OutputError(problem))
            return False
        changes = self.history.changes
        try:
            base_ref, own, note = self.scenario_parts(path)
            save_scenario(path, base_ref, own, label, description, base=self.history.base)
        except CalcError as e:
            self.show_error(e)
            return False
        except OSError as e:  # e.g. the working folder deleted under a relative path
            self.show_error(OutputError(f"{_display(path)}: {e.strerror or e}"))
            return False
        if note:  # flattened: the new file stacks on the root preset only
            self.opened = None
        elif self.opened is not None:
            self.opened = replace(self.opened, path=str(path), inputs=(str(path), *self.opened.inputs[1:]))
        self.scenario_path = path
        self.scenario_stamp = file_stamp(path)
        self.scenario_label = label
        self.scenario_description = description
        self.saved_changes = changes
        self.preset = self._labelled(self.preset)
        self.result = replace(self.result, preset=self.preset)
        if self.main_screen is not None:
            self.main_screen.refresh_chrome()
        n = len(own)
        what = f"{n} change{'s' if n != 1 else ''}"
        if len(own) != len(changes):
            what += f" on {base_ref}"
        self.notify(f"Saved {what} to {_display(path)}{note}")
        return True

    def report_sort(self) -> tuple[str, bool] | None:
        """The table's sort as :mod:`calc.report` understands it (None for "meets")."""
        from ..report import SORT_COLUMNS

        if self.sort is not None and self.sort[0] in SORT_COLUMNS:
            return self.sort
        return None

    def report_group(self) -> str | None:
        return self.group if self.result.group(self.group) is not None else None

    def render_report(self, fmt: str) -> str | bytes:
        """The current view (group and sort) rendered by :mod:`calc.report`: the same output
        as ``nato-calc report --group G --sort S --format FMT`` (bytes for ``xlsx``)."""
        if self.comparison is not None:  # compare mode: what `nato-calc compare A B` prints
            from ..compare import render as render_compare, select_comparison

            group = self.group if self.comparison.group(self.group) is not None else None
            return render_compare(select_comparison(self.comparison, group), fmt)
        from ..report import render

        return render(self.result, fmt, self.report_group(), self.report_sort())

    def refuse_overwriting_inputs(self, path: Path) -> bool:
        """True (and an error shown) when ``path`` is a file the session read (the preset,
        the scenario and every scenario it stacks on): an export must never replace the
        user's data (``-o`` refuses the same)."""
        from ..errors import OutputError

        problem = self.overwrite_problem(path)
        if problem is not None:
            self.show_error(OutputError(problem))
            return True
        return False

    def export(self, fmt: str, path: Path) -> bool:
        if self.refuse_overwriting_inputs(path):
            return False
        where = self.deliver_or_write(path, self.render_report(fmt))
        if where is None:
            return False
        self.notify(f"Exported {_FORMAT_NAMES[fmt]} to {where}")
        return True

    # -- in a browser (nato-calc serve) ---------------------------------------------------------

    def deliver_or_write(self, path: Path, data: str | bytes, on_delivered=None) -> str | None:
        """Write ``data`` to ``path`` (atomically); in a browser (``nato-calc serve``) send it
        as a download named ``path.name`` instead, writing nothing on the server, so that it
        reaches the person's own machine. ``on_delivered`` runs once the file is written, or
        once the browser has fetched the download. Returns where it went, for the message;
        None when it could not be written (the error is shown)."""
        if not self.is_web:
            from ..tomlio import atomic_write

            try:
                atomic_write(path, data)
            except CalcError as e:
                self.show_error(e)
                return None
            if on_delivered is not None:
                on_delivered()
            return _display(path)
        import io

        name = path.name
        if isinstance(data, str):
            key = self.deliver_text(io.StringIO(data), save_filename=name, encoding="utf-8")
        else:
            key = self.deliver_binary(io.BytesIO(data), save_filename=name)
        if key is not None:
            self._deliveries[key] = (name, on_delivered)
        return f"{name}, a download in your browser (if none starts, allow pop-ups for this page)"

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        _name, done = self._deliveries.pop(event.key, (None, None))
        if done is not None:
            done()

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        from ..errors import OutputError

        name, _done = self._deliveries.pop(event.key, ("the file", None))
        self.show_error(OutputError(f"{name}: the download to your browser failed ({event.exception}); try again"))

    def download_scenario(self, path: Path, label: str | None, description: str | None, then_quit: bool = False) -> bool:
        """In a browser: the scenario file as a download named ``path.name``. It names its base
        by id (the server's files mean nothing on the person's machine), so a stack is saved
        flat. The session counts as saved once the browser has the file."""
        from ..scenario_file import scenario_text

        base, changes = self.history.base, self.history.changes
        try:
            text = scenario_text(path.name, base.id, changes, label, description, base=base)
        except CalcError as e:
            self.show_error(e)
            return False
        n = len(changes)
        what = f"{n} change{'s' if n != 1 else ''} on {base.id}"
        note = ""
        if self.base_ref_for(path) != base.id:
            note = (f"; {base.id} is not a preset shipped with nato-calc, so open the file where "
                    f"{base.id} is found (e.g. with --presets-dir)")  # fmt: skip

        def delivered() -> None:
            self.saved_changes = changes
            self.scenario_label, self.scenario_description = label, description
            self.download_name = path.name
            self.preset = self._labelled(self.preset)
            self.result = replace(self.result, preset=self.preset)
            if self.main_screen is not None:
                self.main_screen.refresh_chrome()
            self.notify(f"Your browser has {path.name} ({what}).")
            if then_quit:
                self.exit(0)

        where = self.deliver_or_write(path, text, delivered)
        if where is None:
            return False
        self.notify(f"Saving {what} to {where}{note}")
        return True

    download_name: str | None = None
    """The name the scenario was last downloaded under (the save dialog offers it again)."""

    def summary(self) -> str:
        """The clipboard summary of what is on screen (see :mod:`calc.tui.summary`)."""
        from .summary import edited_codes, summary_text

        changes = self.history.changes
        scenario = self.scenario_label or (self.scenario_path.name if self.scenario_path else None)
        text = summary_text(
            self.result, changes, self.group if self.result.group(self.group) else "nato",
            scenario=scenario, unsaved=self.dirty, group_size=len(self.group_codes()),
            edited=edited_codes(self.result, changes),
        )  # fmt: skip
        if self.compare_side is not None:
            text = (f"(compare mode: these are your session's figures, B; A is {self.compare_side.label}"
                    ": ctrl+e exports the comparison)\n" + text)  # fmt: skip
        return text

    def copy_summary(self) -> None:
        text = self.summary()
        self.copy_to_clipboard(text)
        lines = text.count("\n")
        caveat = WEB_CLIPBOARD if self.is_web else clipboard_caveat(os.environ)
        self.notify(
            f"Copied a {lines}-line summary to the clipboard (preset, changes, the group's share, "
            f"targets met, gaps, edited allies). {caveat}"
        )

    # -- messages -----------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool | None = None) -> None:  # type: ignore[override]
        """Show a notification and log it. nato-calc's own messages quote user text, so they
        are never read as markup; Textual's (ctrl+c's hint, a saved screenshot) are markup."""
        if markup is None:
            import sys

            markup = sys._getframe(1).f_globals.get("__name__", "").startswith("textual.")
        if markup:
            from rich.text import Text

            logged = Text.from_markup(message).plain if "[" in message else message
        else:
            logged = message
        self.notices.append((severity, f"{title}: {logged}" if title else logged))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def show_error(self, error: CalcError, note: str = "") -> None:
        from .screens.dialogs import ErrorDialog

        self.notices.append(("error", f"{error.title}: {error.msg}"))
        self.push_screen(ErrorDialog(error.title, error.msg, note))

    # -- app-level actions -------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        if self.boot.base is None:
            from .screens.dialogs import StartupErrorScreen

            return StartupErrorScreen()
        from .screens.main import MainScreen

        return MainScreen()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    def on_ready(self) -> None:
        # the first screen is up: what is alive now lives as long as the app
        self.gc.start(time.monotonic())
        self.set_interval(POLL_SECONDS, self._collect_when_idle, name="idle-gc")

    def _collect_when_idle(self) -> None:
        self.gc.poll(time.monotonic())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseUp, events.MouseScrollDown, events.MouseScrollUp)):
            self.gc.touch(time.monotonic())
        if isinstance(event, events.Key):
            if not event.is_forwarded:  # remember the screen it is routed to, as it arrives
                event._routed_to = self.screen  # type: ignore[attr-defined]
            elif self._typeahead(event):
                return  # typed ahead into the input about to have focus: no binding runs
        await super().on_event(event)

    def _typeahead(self, event: events.Key) -> bool:
        """A key that bubbled back unused, typed before the input it belongs to had focus (see
        :mod:`calc.tui.typeahead`): the editor just opened over the screen the key went to,
        or the filter box."""
        from .typeahead import TypeaheadInput, type_into

        top = self.screen
        if isinstance(top, TypeaheadInput):
            routed = getattr(event, "_routed_to", None)
            if routed is not None and routed is not top:  # typed before the dialog opened
                return top.typeahead(event)
            return top.typeahead_wanted() and top.typeahead(event)
        target = getattr(top, "typeahead_target", None)
        box = target() if target is not None else None
        return box is not None and type_into(box, event.key, event.character)

    def on_unmount(self) -> None:
        self.gc.stop()
        self._remove_signal_handlers()

    # -- signals and recovery -------------------------------------------------------------------

    recovered_to: Path | None = None
    """Where an unsaved what-if was written when a signal ended the UI (said on exit)."""
    ended_by: str | None = None
    """The signal that ended the UI (``SIGTERM``...), or None."""

    def _install_signal_handlers(self) -> None:
        """SIGTERM, SIGHUP and SIGQUIT end the UI through its own exit (the driver restores the
        terminal) after keeping an unsaved what-if; SIGINT goes through the quit prompt."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        self._signals = []
        for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                loop.add_signal_handler(sig, self.handle_signal, int(sig))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, Windows
                continue
            self._signals.append(sig)

    def _remove_signal_handlers(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for sig in getattr(self, "_signals", ()):
            loop.remove_signal_handler(sig)
        self._signals = []

    def handle_signal(self, signum: int) -> None:
        import signal

        name = signal.Signals(signum).name
        if signum == signal.SIGINT and getattr(self.screen, "_title", None) == QUIT_TITLE:
            self._interrupted = True  # the quit prompt is up already: this one ends the UI
        if signum == signal.SIGINT and not self._interrupted:
            self._interrupted = True  # a second SIGINT while the prompt is open ends the UI
            if self.has_session and self.dirty:
                self.call_later(self.action_quit)
                return
        code = 130 if signum == signal.SIGINT else 128 + signum
        self.ended_by = name
        self.recovered_to = self.write_recovery()
        self.exit(code, return_code=code)

    _interrupted = False

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the UI: keep the unsaved what-if first (Textual then shows the error)."""
        if self.ended_by is None:
            try:
                self.recovered_to = self.write_recovery()
                self.ended_by = "an internal error"
            except Exception:  # noqa: BLE001 - never hide the original error
                pass
        super()._handle_exception(error)

    def write_recovery(self) -> Path | None:
        """Keep an unsaved what-if in the recovery folder (see :mod:`calc.tui.recovery`)."""
        if not self.has_session or not self.dirty or not self.history.changes:
            return None
        if self.is_web:  # a browser visitor's what-if is not the server's user's to restore
            return None
        from .recovery import write_recovery

        return write_recovery(
            self.base_ref_for, self.history.changes, self.scenario_label, self.scenario_description
        )

    def offer_recovery(self) -> None:
        """At start: offer the newest recovery file back (restore / discard / later)."""
        from .recovery import discard, pending

        found = pending()
        if not found:
            return
        path = found[0]
        from ..scenario_file import load_scenario
        from .screens.dialogs import ConfirmDialog

        try:
            s = load_scenario(path, self.presets_dirs)
        except CalcError as e:
            s, problem = None, e.msg
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
        more = f" ({len(found) - 1} more after this one)" if len(found) > 1 else ""
        if s is not None:
            n = len(s.changes)
            what = f"{n} change{'s' if n != 1 else ''} on {s.base.id}"
            if s.label:
                what += f", {s.label!r}"
            message = (
                f"nato-calc was ended on {when} with an unsaved what-if ({what}); it was kept in "
                f"{_display(path)}{more}.\nRestore it now, discard it, or decide at the next start."
            )
            buttons = [("restore", "Restore", "primary"), ("discard", "Discard", "error"),
                       ("later", "Later", "default")]  # fmt: skip
        else:
            message = (f"A what-if kept on {when} cannot be opened: {problem}{more}\n"
                       f"The file stays in {_display(path)} unless you discard it.")  # fmt: skip
            buttons = [("discard", "Discard", "error"), ("later", "Later", "default")]

        def decided(choice: str | None) -> None:
            if choice == "restore" and s is not None:
                self._open(s.base, s.changes, None, s.label, s.description, saved=False)
                discard(path)
                self.notify(f"Restored the unsaved what-if ({what}): ctrl+s saves it.")
            elif choice == "discard":
                discard(path)
                self.notify(f"Discarded the kept what-if {_display(path)}.")

        self.push_screen(ConfirmDialog("Restore an unsaved what-if?", message, buttons), decided)

    def on_mount(self) -> None:
        if not self.is_headless:
            self._install_signal_handlers()
        if not self.is_web:  # a kept what-if is the server's user's, not a browser visitor's
            self.call_after_refresh(self.offer_recovery)
        for notice in self._setting_notices:
            self.notify(notice, severity="warning", timeout=15)
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self.notify_base_changed(self.boot.scenario)
        if self.boot.error is not None:
            note = f"Opened {self.boot.fallback} instead." if self.boot.fallback else ""
            self.show_error(self.boot.error, note)

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        if not self.has_session or not self.dirty:
            self.exit(0)
            return
        from .screens.dialogs import ConfirmDialog

        n = len(self.history.changes)
        if self.scenario_path is not None:
            message = f"Your what-if has changed since it was saved to {_display(self.scenario_path)}."
            if self.changed_on_disk():
                message += " That file was also changed on disk by someone else meanwhile."
        else:
            message = f"Your what-if ({n} change{'s' if n != 1 else ''}) is not saved."

        def decided(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save":
                self.action_save(then_quit=True)

        self.push_screen(
            ConfirmDialog(
                QUIT_TITLE,
                message,
                [("save", "Save…", "primary"), ("quit", "Quit without saving", "error"),
                 ("cancel", "Cancel", "default")],  # fmt: skip
            ),
            decided,
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_save(self, then_quit: bool = False, save_as: bool = False) -> None:
        """Save to the open scenario file, or ask where (always with ``save_as``). In a
        browser, ask for a file name: the file downloads to the browser."""
        if self.is_web:
            self._save_download(then_quit)
            return
        if self.scenario_path is not None and not save_as:
            self._save_checked(self.scenario_path, self.scenario_label, self.scenario_description, then_quit)
            return
        from .screens.files import SaveDialog

        def saved(request) -> None:
            if request is None:
                return
            path, label, description = request
            self._save_checked(path, label, description, then_quit)

        self.push_screen(
            SaveDialog(
                self.scenario_path or _here() / f"{self.history.base.id}-whatif.toml",
                self.scenario_label,
                self.scenario_description,
                [c.describe() for c in self.history.changes],
                check=lambda path: self.overwrite_problem(path, saving=True),
            ),
            saved,
        )

    def _save_download(self, then_quit: bool) -> None:
        from .screens.files import SaveDialog

        def chosen(request) -> None:
            if request is not None:
                self.download_scenario(*request, then_quit=then_quit)

        stem = self.scenario_path.stem if self.scenario_path else f"{self.history.base.id}-whatif"
        self.push_screen(
            SaveDialog(
                Path(self.download_name or f"{stem}.toml"), self.scenario_label, self.scenario_description,
                [c.describe() for c in self.history.changes], download=True,
            ),
            chosen,
        )

    def changed_on_disk(self) -> bool:
        """True when the scenario file was changed by someone else (another session, an
        editor) since this session opened or last saved it."""
        from ..tomlio import changed_on_disk

        return self.scenario_path is not None and changed_on_disk(self.scenario_path, self.scenario_stamp)

    def _save_checked(self, path: Path, label, description, then_quit: bool) -> None:
        """Save, first asking when the file was changed on disk since it was opened or saved
        (overwrite, save under another name, or cancel)."""

        def write() -> None:
            if self.save_scenario(path, label, description) and then_quit:
                self.exit(0)

        if not (self.scenario_path is not None and _same_file(path, self.scenario_path) and self.changed_on_disk()):
            write()
            return
        from .screens.dialogs import ConfirmDialog

        def decided(choice: str | None) -> None:
            if choice == "overwrite":
                write()
            elif choice == "save-as":
                self.action_save(then_quit=then_quit, save_as=True)

        self.push_screen(
            ConfirmDialog(
                "The file changed on disk",
                f"{_display(path)} was changed by someone else (another session or an editor) "
                "since you opened or saved it. Overwrite their version with yours?",
                [("overwrite", "Overwrite", "error"), ("save-as", "Save as…", "primary"),
                 ("cancel", "Cancel", "default")],  # fmt: skip
            ),
            decided,
        )

    def action_open_scenario(self) -> None:
        from .screens.files import OpenDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_scenario(path)

        self.guard_unsaved(
            "Open a scenario?",
            lambda: self.push_screen(
                OpenDialog(self.scenario_path.parent if self.scenario_path else _here(), server_side=self.is_web), chosen
            ),
        )

    def action_pick_preset(self) -> None:
        from .screens.presets import PresetPickerDialog

        current = self.history.base.id if self.has_session else None

        def chosen(preset_id: str | None) -> None:
            if preset_id is not None:
                self.switch_preset(preset_id)

        self.push_screen(PresetPickerDialog(self.presets_dirs, current), chosen)

    def switch_preset(self, preset_id: str) -> None:
        """Open another preset; when changes are in force, ask whether to keep them."""
        if not self.has_session or not self.history.changes:
            self.open_preset(preset_id)
            return
        from .screens.dialogs import ConfirmDialog

        n = len(self.history.changes)

        def decided(choice: str | None) -> None:
            if choice == "keep":
                self.open_preset(preset_id, keep_changes=True)
            elif choice == "fresh":
                self.open_preset(preset_id)

        self.push_screen(
            ConfirmDialog(
                f"Switch to {preset_id}?",
                f"You have {n} change{'s' if n != 1 else ''} in force"
                + (" (unsaved)" if self.dirty else "")
                + f". Apply {'it' if n == 1 else 'them'} to the new preset, or start from its figures?",
                [("keep", f"Apply my {n} change{'s' if n != 1 else ''}", "primary"),
                 ("fresh", "Start fresh", "warning"), ("cancel", "Cancel", "default")],  # fmt: skip
            ),
            decided,
        )

    def guard_unsaved(self, title: str, proceed) -> None:
        """Run ``proceed`` now, or after the user agreed to drop unsaved changes."""
        if not self.has_session or not self.dirty:
            proceed()
            return
        from .screens.dialogs import ConfirmDialog

        def decided(choice: str | None) -> None:
            if choice == "discard":
                proceed()

        n = len(self.history.changes)
        self.push_screen(
            ConfirmDialog(
                title,
                f"Your what-if ({n} change{'s' if n != 1 else ''}) is not saved and will be closed.",
                [("discard", "Discard and continue", "error"), ("cancel", "Cancel", "default")],
            ),
            decided,
        )

    def action_export(self, fmt: str | None = None) -> None:
        from .screens.files import ExportDialog

        def chosen(request) -> None:
            if request is not None:
                self.export(*request)

        stem = self.scenario_path.stem if self.scenario_path else self.history.base.id
        g = self.result.group(self.group)
        what = f"Exports {self.group_name()} ({g.size if g else 0} included members"
        sort = self.report_sort()
        what += f", sorted by {sort[0]}{'' if sort[1] else ' ascending'})" if sort else ")"
        what += ", with the aggregates of the group"
        if self.compare_side is not None:
            what = (f"Exports the comparison of {self.group_name()}: A {self.compare_side.label}, "
                    f"B {self.session_label()} (as nato-calc compare prints it)")  # fmt: skip
            stem = f"compare-{self.compare_side.label.replace(' ', '-')}"
        if self.filter:
            what += "; the filter is not applied"
        what += "."
        self.push_screen(
            ExportDialog(_here(), f"{stem}-{self.group}", fmt or "csv", what, check=self.overwrite_problem, download=self.is_web),
            chosen,
        )

    def action_copy_summary(self) -> None:
        self.copy_summary()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # -- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .screens.main import MainScreen

        if isinstance(screen, MainScreen):
            from .commands import session_commands

            yield from session_commands(self, screen)
        yield SystemCommand("Toggle light/dark theme", "Switch between textual-light and textual-dark", self.action_toggle_theme)
        yield from super().get_system_commands(screen)


_FORMAT_NAMES = {"csv": "CSV", "markdown": "Markdown", "json": "JSON", "xlsx": "Excel"}


WEB_CLIPBOARD = (
    "In a browser the copy reaches your clipboard only on an https:// page or one opened as "
    "localhost on your own machine; over plain http:// from another machine the browser refuses "
    "clipboard access: export instead (ctrl+e), which downloads the file."
)


def clipboard_caveat(env) -> str:
    """What to know about the clipboard here: the copy travels as an OSC 52 escape sequence,
    which some terminals (and tmux, by default) do not pass on."""
    export = "export instead (ctrl+e)"
    if env.get("TMUX"):
        return f"Inside tmux it arrives only with 'set -g set-clipboard on'; otherwise {export}."
    if env.get("TERM_PROGRAM") == "Apple_Terminal" or env.get("TERM") == "linux":
        return f"This terminal does not pass clipboard requests (OSC 52) on: {export}."
    return f"If nothing arrives, your terminal blocks clipboard access (OSC 52): {export}."


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, ValueError):
        return False


def _relative_ref(target: Path, scenario_path: Path) -> str:
    """How a scenario file at ``scenario_path`` names the file ``target`` it is based on:
    relative to the scenario's folder (POSIX slashes)."""
    target = target.resolve()
    try:
        rel = os.path.relpath(target, scenario_path.resolve().parent)
    except ValueError:  # another drive (Windows)
        return target.as_posix()
    return Path(rel).as_posix()


def _here() -> Path:
    """The folder file dialogs start in: the working folder, or home if it was deleted."""
    from ..tomlio import working_folder

    return working_folder()


def _display(path: Path) -> str:
    from ..tomlio import display_path

    return display_path(path)


def make_app(
    *,
    preset: str | None = None,
    file: str | Path | None = None,
    scenario: str | Path | None = None,
    presets_dirs: Sequence[str | Path] = (),
    data: Preset | None = None,
    theme: str | None = None,
    cursor_blink: bool = True,
) -> CalcApp:
    """Build the app: used by :func:`calc.tui.run` (the ``nato-calc`` command) and the tests.

    Args:
        preset: Preset id (None: the newest NATO preset).
        file: A preset file to open instead.
        scenario: A scenario file to open (its base preset plus its changes).
        presets_dirs: Extra folders to look for presets in (``--presets-dir``).
        data: A preset built in code (tests, benchmarks); overrides the other sources.
        theme: Textual theme name (default: the config's ``theme``, ``$NATO_CALC_THEME``, or
            textual-dark).
        cursor_blink: False stops text cursors blinking (snapshot tests).

    The config file and ``NATO_CALC_*`` variables (:mod:`calc.config`) give the defaults:
    the preset (or year) when none is named, the theme, the starting group, the path view's
    growth and shape. Their problems are shown as notifications.
    """
    from ..config import default_preset_id, load

    dirs = list(presets_dirs)
    settings = load()
    if preset is None and file is None and scenario is None and data is None:
        try:
            preset, notices = default_preset_id(settings, dirs)
        except CalcError:  # a bad --presets-dir: the boot shows it
            notices = []
        settings.notices.extend(notices)
    return CalcApp(
        boot_session(preset, file, scenario, dirs, data),
        presets_dirs=dirs,
        theme=theme,
        cursor_blink=cursor_blink,
        settings=settings,
    )
