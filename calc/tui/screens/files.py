"""Dialogs that name a file: save a scenario, open one, export the current view."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from ...errors import printable
from ...files.tomlio import check_writable, display_path, exists, probe, typed_path, working_folder
from ...output.formats import display_name, extension, from_extension
from ..typeahead import TypeaheadInput

FORMATS = ("csv", "markdown", "json", "xlsx")
"""What the export dialog writes (in :mod:`calc.output.formats`' names)."""
_EXTENSIONS = ", ".join(extension(f) for f in FORMATS[:-1]) + f" or {extension(FORMATS[-1])}"


def check_target(text: str, suffix: str) -> Path:
    """The file a path typed by the user names (``~`` expanded, ``suffix`` added when it has
    none). Raises ValueError saying why it cannot be written; never anything else."""
    path = typed_path(text)
    if not path.suffix:
        path = path.with_suffix(suffix)
        typed_path(str(path))  # the suffix may make the name too long
    return check_writable(path)


#: What a download's name may hold: it travels in an HTTP header and names a file on any system.
_DOWNLOAD_NAME = re.compile(r"[\w .,()+-]+")

#: Shown in the save and export dialogs in a browser.
DOWNLOAD_NOTE = "Downloads to your browser (nothing is written on the server)."


def download_name(name: str) -> str:
    """``name`` made a valid download name (what :func:`check_download_name` accepts)."""
    return re.sub(r"[^\w .,()+-]+", "-", name).lstrip(".") or "nato-calc"


def check_download_name(text: str, suffix: str) -> Path:
    """The name of a download typed in a browser session (``suffix`` added when it has none):
    a file name only, no folder (the browser decides where it goes). Raises ValueError."""
    name = text.strip()
    if not name:
        raise ValueError("type a file name")
    if "/" in name or "\\" in name:
        raise ValueError("type a file name only, without a folder: your browser decides where downloads go")
    if not _DOWNLOAD_NAME.fullmatch(name) or name.startswith("."):
        raise ValueError(
            f"{printable(name)}: a download's name uses letters, digits, spaces and . , ( ) + - _ "
            "(and does not start with a dot)"
        )
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(suffix)
    if len(path.name.encode("utf-8")) > 200:
        raise ValueError("that name is too long for a download (at most 200 bytes)")
    return path


def check_source(text: str) -> Path:
    """The scenario file a path typed in the open dialog names (``.toml`` added when the name
    has no extension and no such file exists). Raises ValueError saying why it cannot be read."""
    path = typed_path(text)
    st = probe(path)
    if st is None and not path.suffix:
        path = path.with_suffix(".toml")
        st = probe(path)
    if st is None:
        raise ValueError(f"{display_path(path)}: file not found")
    if stat.S_ISDIR(st.st_mode):
        raise ValueError(f"{display_path(path)} is a folder; type the name of a file in it")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"{display_path(path)} is not a regular file (a pipe or a device)")
    return path


class _FileDialog(ModalScreen):
    """Shared behaviour: escape cancels, errors show under the inputs, overwriting an existing
    file needs a second confirmation."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-file")]

    def __init__(self, check: Callable[[Path], str | None] | None = None) -> None:
        super().__init__()
        self._confirmed_overwrite: Path | None = None
        self._check = check
        """The app's own refusal of a target (a file the session read), as a message."""

    def refused(self, path: Path) -> bool:
        """True (and the reason shown) when the app refuses to write ``path``."""
        problem = self._check(path) if self._check is not None else None
        if problem:
            self.say(problem)
            return True
        return False

    def say(self, message: str, error: bool = True) -> None:
        msg = self.query_one("#file-message", Static)
        msg.update(Text(message))
        msg.set_class(error, "-error")
        msg.set_class(not error, "-warning")

    def overwrite_ok(self, path: Path, own: Path | None = None) -> bool:
        """False (and a warning) the first time an existing file other than ``own`` is named."""
        if not exists(path) or (own is not None and _same(path, own)):
            return True
        if self._confirmed_overwrite is not None and _same(self._confirmed_overwrite, path):
            return True
        self._confirmed_overwrite = path
        self.say(f"{display_path(path)} exists: press Enter again to overwrite it.", error=False)
        return False

    _download = False

    def _target(self, text: str, suffix: str) -> Path:
        """The file a typed name means: a path here, a download's name in a browser."""
        return check_download_name(text, suffix) if self._download else check_target(text, suffix)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, ValueError, RuntimeError):
        return False


class SaveDialog(TypeaheadInput, _FileDialog):
    """Where to save the scenario, with an optional label and description.

    Returns ``(path, label, description)``."""

    typeahead_selector = "#path"

    def __init__(
        self,
        path: Path,
        label: str | None,
        description: str | None,
        changes: list[str],
        check: Callable[[Path], str | None] | None = None,
        download: bool = False,
    ) -> None:
        super().__init__(check)
        self._path = path
        self._download = download
        """In a browser: ask for a file name only; the file downloads to the browser."""
        self._own = path if exists(path) and not download else None
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
            yield Label("File name" if self._download else "File")
            yield Input(
                download_name(self._path.name) if self._download else display_path(self._path),
                id="path",
                compact=True,
            )
            if self._download:
                yield Static(Text(DOWNLOAD_NOTE, "dim"), id="download-note")
            yield Label("Label (optional)")
            yield Input(
                self._label, placeholder="e.g. Germany to 3 %, without the US", id="label", compact=True
            )
            yield Label("Description (optional)")
            yield Input(
                self._description,
                placeholder="why this what-if, for whoever opens it next",
                id="description",
                compact=True,
            )
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
            path = self._target(self.query_one("#path", Input).value, ".toml")
        except ValueError as e:
            self.say(str(e))
            return
        if not self._download and (self.refused(path) or not self.overwrite_ok(path, self._own)):
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
_TABLE = re.compile(rb"(?m)^\s*\[")


#: How much of a file the open dialog reads to find its kind and label.
_HEAD_BYTES = 65536


def _read_head(path: Path) -> bytes | None:
    """The first bytes of ``path`` if it is a regular file, None otherwise. Never blocks: a
    named pipe or a device called ``*.toml`` is skipped without being opened for reading
    (and opened non-blocking, so a file swapped for a pipe meanwhile cannot hang either)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, _HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)


def find_scenarios(folders: list[Path], limit: int = 200) -> list[tuple[Path, str]]:
    """Scenario files (``kind = "scenario"``) in ``folders``: (path, label or "").

    Only regular files are read (at most 64 KiB of each); labels are made printable (a file's
    bytes never reach the terminal as escape sequences)."""
    out: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            files = sorted(folder.glob("*.toml"))
        except (OSError, ValueError):
            continue
        for f in files[:limit]:
            try:
                rp = f.resolve()
            except (OSError, RuntimeError):
                continue
            if rp in seen:
                continue
            seen.add(rp)
            head = _read_head(f)
            if head is None:
                continue
            head = _TABLE.split(head, maxsplit=1)[0]  # the top-level keys only
            if not _SCENARIO.search(head):
                continue
            m = _LABEL.search(head)
            label = printable(m.group(1).decode("utf-8", "replace")) if m else ""
            out.append((f, label))
    return out


class OpenDialog(_FileDialog):
    """Pick a scenario file: type a path or choose one found nearby. Returns the path."""

    BINDINGS = [Binding("down", "choose", "Choose a file", show=False)]

    def __init__(self, folder: Path, title: str = "Open scenario", server_side: bool = False) -> None:
        super().__init__()
        self._folder = folder
        self._title = title
        self._server_side = server_side
        """In a browser: the files are the server's, and the dialog says so."""

    def compose(self) -> ComposeResult:
        with Vertical(id="open", classes="dialog"):
            yield Label("Scenario file")
            yield Input(placeholder="path to a scenario file (.toml)", id="path", compact=True)
            yield OptionList(id="files")
            if self._server_side:
                yield Static(
                    Text(
                        "These are files on the server, where nato-calc runs, not on your computer "
                        "(a browser session cannot read your files); paths typed are the server's too.",
                        "dim",
                    ),
                    id="server-note",
                )
            yield Static(id="file-message")

    def on_mount(self) -> None:
        box = self.query_one("#open")
        box.border_title = Text(self._title)
        box.border_subtitle = "⏎ open · ↓ choose · esc cancel"
        here = working_folder()
        folders = [self._folder] + ([here] if not _same(self._folder, here) else [])
        found = find_scenarios(folders)
        options = self.query_one("#files", OptionList)
        for path, label in found:
            prompt = Text(display_path(path), "bold")
            if label:
                prompt.append(f"  {label}")
            options.add_option(Option(prompt, id=str(path)))
        if not found:
            options.add_option(
                Option(Text(f"no scenario files in {display_path(self._folder)}", "italic"), disabled=True)
            )
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.say("type a path, or pick a file below (↓)")
            return
        try:
            path = check_source(event.value)
        except ValueError as e:
            self.say(str(e))
            return
        self.dismiss(path)

    @on(OptionList.OptionSelected, "#files")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(Path(event.option.id))

    def action_choose(self) -> None:
        """Move to the list of files found, on its first file (so ``↓ ⏎`` opens it)."""
        options = self.query_one("#files", OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            first = options.get_option_at_index(0)
            if not first.disabled:
                options.highlighted = 0


class ExportDialog(TypeaheadInput, _FileDialog):
    """Export the current view as CSV, Markdown, JSON or an Excel workbook. Returns
    ``(format, path)``."""

    typeahead_selector = "#path"

    def __init__(
        self,
        folder: Path,
        stem: str,
        fmt: str = "csv",
        what: str = "",
        check: Callable[[Path], str | None] | None = None,
        download: bool = False,
    ) -> None:
        super().__init__(check)
        self._download = download
        """In a browser: ask for a file name only; the file downloads to the browser."""
        self._folder = folder
        self._stem = stem
        self._fmt = fmt
        self._what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            with RadioSet(id="format"):
                for f in FORMATS:
                    yield RadioButton(
                        f"{display_name(f)} ({extension(f)})", value=f == self._fmt, id=f"fmt-{f}"
                    )
            yield Label("File name" if self._download else "File")
            yield Input(self._default_path(self._fmt), id="path", compact=True)
            yield Static(
                Text(
                    (self._what + "\n" if self._what else "")
                    + (DOWNLOAD_NOTE + "\n" if self._download else "")
                    + "JSON is the same document as `nato-calc report --format json`; Excel "
                    "holds its numbers in sheets, with the assumptions and sources.",
                    "dim",
                ),
                id="export-note",
            )
            yield Static(id="file-message")
            with Horizontal(id="buttons"):
                yield Button("Export", id="export-button", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", variant="default", compact=True)

    def _default_path(self, fmt: str) -> str:
        if self._download:
            return download_name(f"{self._stem}{extension(fmt)}")
        return display_path(self._folder / f"{self._stem}{extension(fmt)}")

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
        if new == self._fmt:  # selected to follow the typed extension
            return
        box = self.query_one("#path", Input)
        if box.value == self._default_path(self._fmt):
            box.value = self._default_path(new)
        else:  # keep the user's name, swap an extension that names a format
            named = from_extension(box.value)
            if named is not None:
                box.value = box.value[: -len(Path(box.value).suffix)] + extension(new)
        self._fmt = new
        self._confirmed_overwrite = None

    @on(Input.Changed, "#path")
    def _typed(self, event: Input.Changed) -> None:
        """The typed extension chooses the format: ``typed.md`` selects Markdown."""
        named = self._named_format(event.value)
        if named is None or named == self._fmt:
            return
        if named not in FORMATS:
            self.say(
                f"{Path(event.value).suffix} means {display_name(named)}, which an export does not "
                f"write: use {_EXTENSIONS}"
            )
            return
        self._fmt = named
        self._confirmed_overwrite = None
        self.query_one(f"#fmt-{named}", RadioButton).value = True
        self.say(f"format: {display_name(named)} (from the extension)", error=False)

    @staticmethod
    def _named_format(text: str) -> str | None:
        try:
            return from_extension(text.strip())
        except ValueError:
            return None

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#export-button")
    def _export(self, event) -> None:
        event.stop()
        text = self.query_one("#path", Input).value
        named = self._named_format(text)
        if named is not None and named not in FORMATS:
            self.say(
                f"{Path(text.strip()).suffix} means {display_name(named)}, which an export does not "
                f"write: use {_EXTENSIONS}"
            )
            return
        fmt = named or self._fmt
        try:
            path = self._target(text, extension(fmt))
        except ValueError as e:
            self.say(str(e))
            return
        if not self._download and (self.refused(path) or not self.overwrite_ok(path)):
            return
        self.dismiss((fmt, path))

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
