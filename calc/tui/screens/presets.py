"""PresetPickerDialog: every preset found, with its year, size and label (or why it is broken)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.dataset import Preset
from ...errors import CalcError, printable
from ...files.presets import PresetRef, find_presets, load_preset


def describe_ref(ref: PresetRef, *, released: bool = False) -> tuple[Text, Preset | None]:
    """What a preset picker says after a preset's id, and the preset (None if it cannot be
    opened: then the text says why). ``released`` adds its release month."""
    try:
        p = load_preset(ref.path, shipped=ref.shipped)
    except CalcError as e:
        first = e.msg.splitlines()[0] if e.msg else e.title
        return Text(printable(f"  ✗ {e.title}: {first}")), None
    when = f", released {p.released:%b %Y}" if released and p.released else ""
    return Text(printable(f"  {p.year}{when} · {len(p.members)} members · {p.label}")), p


#: Up to this many presets, the pickers describe every one before they open; beyond it (a
#: folder of thousands of user presets took 7-12 s) they open at once with the ids and fill
#: the descriptions in from a background thread.
EAGER = 200


def pending_text() -> Text:
    return Text("  …", "dim")


def describe_later(screen, options: OptionList, items, describe, done=None) -> None:
    """Describe ``items`` ((option id, ref)) in a thread; each description replaces its
    option's prompt (``describe(ref) -> (prompt, preset)``); ``done(loaded presets)`` runs
    on the UI thread at the end."""
    app = screen.app

    def work() -> None:
        loaded = []
        batch: list[tuple[str, Text]] = []

        def flush(rows) -> None:
            for oid, prompt in rows:
                try:
                    options.replace_option_prompt(oid, prompt)
                except Exception:  # the dialog closed meanwhile  # noqa: BLE001
                    return

        for oid, ref in items:
            if not screen.is_attached:
                return
            prompt, p = describe(ref)
            if p is not None:
                loaded.append(p)
            batch.append((oid, prompt))
            if len(batch) >= 100:
                app.call_from_thread(flush, list(batch))
                batch.clear()
        app.call_from_thread(flush, list(batch))
        if done is not None and screen.is_attached:
            app.call_from_thread(done, loaded)

    screen.run_worker(work, thread=True, exclusive=True, group="describe-presets")


class PresetPickerDialog(ModalScreen[str | None]):
    """Pick a preset; returns its id. Broken presets are listed too: opening one shows why."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-presets")]

    def __init__(self, dirs: Sequence[str | Path], current: str | None) -> None:
        super().__init__()
        self._dirs = dirs
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="presets", classes="dialog"):
            yield OptionList(id="preset-list")
            yield Static(id="presets-message")

    def on_mount(self) -> None:
        box = self.query_one("#presets")
        box.border_title = "Switch preset"
        box.border_subtitle = "⏎ open · esc cancel"
        options = self.query_one("#preset-list", OptionList)
        try:
            refs = find_presets(self._dirs)
        except CalcError as e:
            self.query_one("#presets-message", Static).update(Text(f"✗ {e.msg}"))
            refs = []
        highlight = 0
        eager = len(refs) <= EAGER
        for i, ref in enumerate(refs):
            prompt = self._prompt(ref) if eager else self._head(ref).append_text(pending_text())
            if ref.id == self._current:
                highlight = i
            options.add_option(Option(prompt, id=ref.id))
        if not eager:
            describe_later(self, options, [(r.id, r) for r in refs], lambda r: (self._prompt(r), None))
        if refs:
            options.highlighted = highlight
        else:
            options.add_option(Option(Text("no presets found", "italic"), disabled=True))
        options.focus()

    def _head(self, ref: PresetRef) -> Text:
        prompt = Text()
        prompt.append("● " if ref.id == self._current else "  ", "bold")
        prompt.append(printable(ref.id), "bold")
        return prompt

    def _prompt(self, ref: PresetRef) -> Text:
        prompt = self._head(ref)
        about, p = describe_ref(ref)
        prompt.append_text(about)
        if p is not None and not ref.shipped:
            prompt.append(f"\n    {printable(str(ref.path))}", "dim")
        return prompt

    @on(OptionList.OptionSelected, "#preset-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
