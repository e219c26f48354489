"""The dialogs around the session's files: save (and the lost-update question), open a
scenario or a preset (and the unsaved-changes question), export, compare with a file, quit.

Each pushes a dialog and hands what the user chose to the session (:mod:`calc.tui.session`),
whose refusals come back as errors to show; nothing here decides what is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CalcError, OutputError
from .session import display, plural
from .signals import QUIT_TITLE

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from textual.app import App

    from .session import Changed, CompareSide, Session

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object

FORMAT_NAMES = {"csv": "CSV", "markdown": "Markdown", "json": "JSON", "xlsx": "Excel"}


def here() -> Path:
    """The folder file dialogs start in: the working folder, or home if it was deleted."""
    from ..files.tomlio import working_folder

    return working_folder()


class FileActionsMixin(_App):
    """Saving, opening, exporting and quitting, for :class:`~calc.tui.app.CalcApp`."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        session: Session
        download_name: str | None

        def show_error(self, error: CalcError, note: str = "") -> None: ...
        def perform(self, op: Callable[..., Changed], *args: Any, **kw: Any) -> Changed | None: ...
        def compare_with(self, side: CompareSide | None) -> None: ...
        def compare_side_for(self, kind: str, ref: str) -> CompareSide | None: ...
        def stop_compare(self) -> None: ...
        def deliver_or_write(self, path: Path, data: str | bytes, on_delivered=None) -> str | None: ...
        def download_scenario(
            self, path: Path, label: str | None, description: str | None, then_quit: bool = False
        ) -> bool: ...

    # -- quitting -------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, asking first when there are unsaved changes."""
        s = self.session
        if not s.has_session or not s.dirty:
            self.exit(0)
            return
        from .screens.dialogs import ConfirmDialog

        if s.scenario_path is not None:
            message = f"Your what-if has changed since it was saved to {display(s.scenario_path)}."
            if s.changed_on_disk():
                message += " That file was also changed on disk by someone else meanwhile."
        else:
            message = f"Your what-if ({plural(len(s.changes))}) is not saved."

        def decided(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save":
                self.action_save(then_quit=True)

        self.push_screen(
            ConfirmDialog(
                QUIT_TITLE,
                message,
                [
                    ("save", "Save…", "primary"),
                    ("quit", "Quit without saving", "error"),
                    ("cancel", "Cancel", "default"),
                ],
            ),
            decided,
        )

    # -- saving ---------------------------------------------------------------------------

    def save_scenario(
        self, path: Path, label: str | None = None, description: str | None = None, *, overwrite: bool = True
    ) -> bool:
        """Save to ``path``; a refusal or a failed write is shown. Returns whether it saved."""
        return self.perform(self.session.save, path, label, description, overwrite=overwrite) is not None

    def action_save(self, then_quit: bool = False, save_as: bool = False) -> None:
        """Save to the open scenario file, or ask where (always with ``save_as``). In a
        browser, ask for a file name: the file downloads to the browser."""
        s = self.session
        if self.is_web:
            self._save_download(then_quit)
            return
        if s.scenario_path is not None and not save_as:
            self._save_checked(s.scenario_path, s.scenario_label, s.scenario_description, then_quit)
            return
        from .screens.files import SaveDialog

        def saved(request) -> None:
            if request is None:
                return
            path, label, description = request
            self._save_checked(path, label, description, then_quit)

        self.push_screen(
            SaveDialog(
                s.scenario_path or here() / f"{s.base.id}-whatif.toml",
                s.scenario_label,
                s.scenario_description,
                [c.describe() for c in s.changes],
                check=lambda path: s.overwrite_problem(path, saving=True),
            ),
            saved,
        )

    def _save_download(self, then_quit: bool) -> None:
        from .screens.files import SaveDialog

        s = self.session

        def chosen(request: tuple[Path, str | None, str | None] | None) -> None:
            if request is not None:
                self.download_scenario(*request, then_quit=then_quit)

        stem = s.scenario_path.stem if s.scenario_path else f"{s.base.id}-whatif"
        self.push_screen(
            SaveDialog(
                Path(self.download_name or f"{stem}.toml"),
                s.scenario_label,
                s.scenario_description,
                [c.describe() for c in s.changes],
                download=True,
            ),
            chosen,
        )

    def _save_checked(self, path: Path, label, description, then_quit: bool) -> None:
        """Save, first asking when the file was changed on disk since it was opened or saved
        (overwrite, save under another name, or cancel)."""

        def write() -> None:
            if self.save_scenario(path, label, description) and then_quit:
                self.exit(0)

        if not self.session.would_lose_update(path):
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
                f"{display(path)} was changed by someone else (another session or an editor) "
                "since you opened or saved it. Overwrite their version with yours?",
                [
                    ("overwrite", "Overwrite", "error"),
                    ("save-as", "Save as…", "primary"),
                    ("cancel", "Cancel", "default"),
                ],
            ),
            decided,
        )

    # -- opening ----------------------------------------------------------------------------

    def open_preset(self, preset_id: str, keep_changes: bool = False) -> bool:
        """Switch to another preset (optionally re-applying the changes in force)."""
        return self.perform(self.session.open_preset, preset_id, keep_changes) is not None

    def open_scenario(self, path: Path) -> bool:
        return self.perform(self.session.open_scenario, path) is not None

    def action_open_scenario(self) -> None:
        from .screens.files import OpenDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_scenario(path)

        folder = self.session.scenario_path.parent if self.session.scenario_path else here()
        self.guard_unsaved(
            "Open a scenario?",
            lambda: self.push_screen(OpenDialog(folder, server_side=self.is_web), chosen),
        )

    def action_pick_preset(self) -> None:
        from .screens.presets import PresetPickerDialog

        current = self.session.base.id if self.session.has_session else None

        def chosen(preset_id: str | None) -> None:
            if preset_id is not None:
                self.switch_preset(preset_id)

        self.push_screen(PresetPickerDialog(self.session.presets_dirs, current), chosen)

    def switch_preset(self, preset_id: str) -> None:
        """Open another preset; when changes are in force, ask whether to keep them."""
        s = self.session
        if not s.has_session or not s.changes:
            self.open_preset(preset_id)
            return
        from .screens.dialogs import ConfirmDialog

        n = len(s.changes)

        def decided(choice: str | None) -> None:
            if choice == "keep":
                self.open_preset(preset_id, keep_changes=True)
            elif choice == "fresh":
                self.open_preset(preset_id)

        self.push_screen(
            ConfirmDialog(
                f"Switch to {preset_id}?",
                f"You have {plural(n)} in force"
                + (" (unsaved)" if s.dirty else "")
                + f". Apply {'it' if n == 1 else 'them'} to the new preset, or start from its figures?",
                [
                    ("keep", f"Apply my {plural(n)}", "primary"),
                    ("fresh", "Start fresh", "warning"),
                    ("cancel", "Cancel", "default"),
                ],
            ),
            decided,
        )

    def guard_unsaved(self, title: str, proceed) -> None:
        """Run ``proceed`` now, or after the user agreed to drop unsaved changes."""
        s = self.session
        if not s.has_session or not s.dirty:
            proceed()
            return
        from .screens.dialogs import ConfirmDialog

        def decided(choice: str | None) -> None:
            if choice == "discard":
                proceed()

        self.push_screen(
            ConfirmDialog(
                title,
                f"Your what-if ({plural(len(s.changes))}) is not saved and will be closed.",
                [("discard", "Discard and continue", "error"), ("cancel", "Cancel", "default")],
            ),
            decided,
        )

    # -- exporting ----------------------------------------------------------------------------

    def refuse_overwriting_inputs(self, path: Path) -> bool:
        """True (and an error shown) when ``path`` is a file the session read (the preset,
        the scenario and every scenario it stacks on): an export must never replace the
        user's data (``-o`` refuses the same)."""
        problem = self.session.overwrite_problem(path)
        if problem is not None:
            self.show_error(OutputError(problem))
            return True
        return False

    def export(self, fmt: str, path: Path) -> bool:
        if self.refuse_overwriting_inputs(path):
            return False
        try:
            data = self.session.render_report(fmt)
        except CalcError as e:
            self.show_error(e)
            return False
        where = self.deliver_or_write(path, data)
        if where is None:
            return False
        self.notify(f"Exported {FORMAT_NAMES.get(fmt, fmt)} to {where}")
        return True

    def action_export(self, fmt: str | None = None) -> None:
        from .screens.files import ExportDialog

        def chosen(request) -> None:
            if request is not None:
                self.export(*request)

        what, stem = self.session.export_description()
        self.push_screen(
            ExportDialog(
                here(), stem, fmt or "csv", what, check=self.session.overwrite_problem, download=self.is_web
            ),
            chosen,
        )

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
            from ..output.path import render

            fmt, path = request
            if self.refuse_overwriting_inputs(path):
                return
            where = self.deliver_or_write(path, render(p, fmt))
            if where is not None:
                self.notify(f"Exported the path ({FORMAT_NAMES[fmt]}) to {where}")

        what = f"Exports the path of {p.name} to {p.target_year} ({screen.same_as()})."
        stem = f"path-{p.id.lower()}-{p.target_year}"
        self.push_screen(
            ExportDialog(
                here(), stem, "csv", what, check=self.session.overwrite_problem, download=self.is_web
            ),
            chosen,
        )

    # -- compare mode -------------------------------------------------------------------------

    def action_compare(self) -> None:
        from .screens.compare import ComparePickerDialog

        s = self.session

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            kind, ref = choice
            if kind == "stop":
                self.stop_compare()
            elif kind == "open":
                self._pick_compare_file()
            else:
                self._compare_choice(kind, ref)

        self.push_screen(
            ComparePickerDialog(self.session.presets_dirs, s.base, len(s.changes), s.compare_side), chosen
        )

    def _compare_choice(self, kind: str, ref: str) -> None:
        side = self.compare_side_for(kind, ref)
        if side is not None:
            self.compare_with(side)

    def _pick_compare_file(self) -> None:
        from .screens.files import OpenDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._compare_choice("scenario", str(path))

        folder = self.session.scenario_path.parent if self.session.scenario_path else here()
        self.push_screen(
            OpenDialog(folder, title="Compare with a scenario file", server_side=self.is_web), chosen
        )
