"""Dialogs that name a file: save a scenario, open one, export the current view."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from ...tomlio import display_path

FORMATS = (("csv", "CSV", ".csv"), ("markdown", "Markdown", ".md"), ("json", "JSON", ".json"))
_EXT = {f: ext for f, _, ext in FORMATS}


def check_target(text: str, suffix: str) -> Path:
    """The file a path typed by the user names (``~`` expanded, ``suffix`` added when it has
    none). Raises ValueError saying why it cannot be written."""
    raw = text.strip()
    if not raw:
        raise ValueError("type a file name")
    path = Path(raw).expanduser()
    if not path.suffix:
        path = path.with_suffix(suffix)
    if path.is_dir():
        raise ValueError(f"{display_path(path)} is a folder; add a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ValueError(f"folder {display_path(parent)} does not exist")
    return path


class _FileDialog(ModalScreen):
    """Shared behaviour: escape cancels, errors show under the inputs, overwriting an existing
    file needs a second confirmation."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-file")]

    def __init__(self) -> None:
        super().__init__()
        self._confirmed_overwrite: Path | None = None

    def say(self, message: str, error: bool = True) -> None:
        msg = self.query_one("#file-message", Static)
        msg.update(Text(message))
        msg.set_class(error, "-error")
        msg.set_class(not error, "-warning")

    def overwrite_ok(self, path: Path, own: Path | None = None) -> bool:
        """False (and a warning) the first time an existing file other than ``own`` is named."""
        if not path.exists() or (own is not None and _same(path, own)):
            return True
        if self._confirmed_overwrite is not None and _same(self._confirmed_overwrite, path):
            return True
        self._confirmed_overwrite = path
        self.say(f"{display_path(path)} exists: press Enter again to overwrite it.", error=False)
        return False

    def action_cancel(self) -> None:
        self.dismiss(None)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class SaveDialog(_FileDialog):
    """Where to save the scenario, with an optional label and description.

    Returns ``(path, label, description)``."""

    def __init__(
        self, path: Path, label: str | None, description: str | None, changes: list[str]
    ) -> None:
        super().__init__()
        self._path = path
        self._own = path if path.exists() else None
        self._label = label or ""
        self._description = description or ""
        self._changes = changes

    def compose(self) -> ComposeResult:
        n = len(self._changes)
        summary = Text(f"A scenario file holds the base preset and your {n} change{'s' if n != 1 else ''}")
        shown = self._changes[:5]
        summary.append(":" if shown else ".")
        for c in shown:
            summary.append(f"\n  • {c}")
        if n > len(shown):
            summary.append(f"\n  … and {n - len(shown)} more")
        with Vertical(id="save", classes="dialog"):
            yield Static(summary, id="save-summary")
            yield Label("File")
            yield Input(display_path(self._path), id="path", compact=True)
            yield Label("Label (optional)")
            yield Input(self._label, placeholder="e.g. Germany to 3 %, without the US", id="label", compact=True)
            yield Label("Description (optional)")
            yield Input(self._description, placeholder="why this what-if, for whoever opens it next", id="description", compact=True)
            yield Static(id="file-message")
            with Horizontal(id="buttons"):
                yield Button("Save", id="save-button", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", variant="default", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save").border_title = "Save scenario"
        self.query_one("#save").border_subtitle = "⏎ save · esc cancel"
        self.query_one("#path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save-button")
    def _save(self, event) -> None:
        event.stop()
        try:
            path = check_target(self.query_one("#path", Input).value, ".toml")
        except ValueError as e:
            self.say(str(e))
            return
        if not self.overwrite_ok(path, self._own):
            return
        label = self.query_one("#label", Input).value.strip() or None
        description = self.query_one("#description", Input).value.strip() or None
        self.dismiss((path, label, description))

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)


_SCENARIO = re.compile(rb'(?m)^\s*kind\s*=\s*["\']scenario["\']')
_LABEL = re.compile(rb'(?m)^\s*label\s*=\s*"([^"\n]*)"')


def find_scenarios(folders: list[Path], limit: int = 200) -> list[tuple[Path, str]]:
    """Scenario files (``kind = "scenario"``) in ``folders``: (path, label or "")."""
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for f in files[:limit]:
            try:
                rp = f.resolve()
                if rp in seen:
                    continue
                seen.add(rp)
                with f.open("rb") as fh:
                    head = fh.read(65536)
            except OSError:
                continue
            if _SCENARIO.search(head):
                m = _LABEL.search(head)
                out.append((f, m.group(1).decode("utf-8", "replace") if m else ""))
    return out


class OpenDialog(_FileDialog):
    """Pick a scenario file: type a path or choose one found nearby. Returns the path."""

    BINDINGS = [Binding("down", "choose", "Choose a file", show=False)]

    def __init__(self, folder: Path, title: str = "Open scenario") -> None:
        super().__init__()
        self._folder = folder
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="open", classes="dialog"):
            yield Label("Scenario file")
            yield Input(placeholder="path to a scenario file (.toml)", id="path", compact=True)
            yield OptionList(id="files")
            yield Static(id="file-message")

    def on_mount(self) -> None:
        box = self.query_one("#open")
        box.border_title = Text(self._title)
        box.border_subtitle = "⏎ open · ↓ choose · esc cancel"
        folders = [self._folder] + ([Path.cwd()] if not _same(self._folder, Path.cwd()) else [])
        found = find_scenarios(folders)
        options = self.query_one("#files", OptionList)
        for path, label in found:
            prompt = Text(display_path(path), "bold")
            if label:
                prompt.append(f"  {label}")
            options.add_option(Option(prompt, id=str(path)))
        if not found:
            options.add_option(Option(Text(f"no scenario files in {display_path(self._folder)}", "italic"), disabled=True))
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self.say("type a path, or pick a file below (↓)")
            return
        path = Path(raw).expanduser()
        if not path.exists() and not path.suffix:
            path = path.with_suffix(".toml")
        if not path.is_file():
            self.say(f"{display_path(path)}: file not found")
            return
        self.dismiss(path)

    @on(OptionList.OptionSelected, "#files")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(Path(event.option.id))

    def action_choose(self) -> None:
        self.query_one("#files").focus()


class ExportDialog(_FileDialog):
    """Export the current view as CSV, Markdown or JSON. Returns ``(format, path)``."""

    def __init__(self, folder: Path, stem: str, fmt: str = "csv", what: str = "") -> None:
        super().__init__()
        self._folder = folder
        self._stem = stem
        self._fmt = fmt
        self._what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            with RadioSet(id="format"):
                for f, name, ext in FORMATS:
                    yield RadioButton(f"{name} ({ext})", value=f == self._fmt, id=f"fmt-{f}")
            yield Label("File")
            yield Input(self._default_path(self._fmt), id="path", compact=True)
            yield Static(
                Text(
                    (self._what + "\n" if self._what else "")
                    + "JSON is the same document as `nato-calc report --format json`.",
                    "dim",
                ),
                id="export-note",
            )
            yield Static(id="file-message")
            with Horizontal(id="buttons"):
                yield Button("Export", id="export-button", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", variant="default", compact=True)

    def _default_path(self, fmt: str) -> str:
        return display_path(self._folder / f"{self._stem}{_EXT[fmt]}")

    def on_mount(self) -> None:
        box = self.query_one("#export")
        box.border_title = "Export the current view"
        box.border_subtitle = "⏎ export · esc cancel"
        self.query_one("#path", Input).focus()

    @property
    def fmt(self) -> str:
        return self._fmt

    @on(RadioSet.Changed, "#format")
    def _format(self, event: RadioSet.Changed) -> None:
        new = str(event.pressed.id).removeprefix("fmt-")
        box = self.query_one("#path", Input)
        if box.value == self._default_path(self._fmt):
            box.value = self._default_path(new)
        else:  # keep the user's name, swap a known extension
            for _, _, ext in FORMATS:
                if box.value.endswith(ext):
                    box.value = box.value[: -len(ext)] + _EXT[new]
                    break
        self._fmt = new
        self._confirmed_overwrite = None

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export-button")
    def _export(self, event) -> None:
        event.stop()
        try:
            path = check_target(self.query_one("#path", Input).value, _EXT[self._fmt])
        except ValueError as e:
            self.say(str(e))
            return
        if not self.overwrite_ok(path):
            return
        self.dismiss((self._fmt, path))

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
