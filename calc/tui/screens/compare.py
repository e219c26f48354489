"""ComparePickerDialog: what to compare the session with (its own preset as published, another
preset, a scenario file), with the likely choice highlighted so that ``c`` then Enter does the
common case: "preset against this what-if" when there are changes, "last year against this
year" when there are none."""

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
from ...files.presets import find_presets, previous_vintage
from .presets import EAGER, describe_later, describe_ref, pending_text


class ComparePickerDialog(ModalScreen[tuple[str, str] | None]):
    """Returns ``(kind, ref)``: ``("base", id)``, ``("preset", id)``, ``("open", "")`` (pick a
    scenario file next), ``("stop", "")`` (leave compare mode), or None (cancelled)."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-compare")]

    def __init__(self, dirs: Sequence[str | Path], base: Preset, changes: int, current) -> None:
        super().__init__()
        self._dirs = dirs
        self._base = base
        self._changes = changes
        self._current = current
        self.suggested: str | None = None
        """Id of the option highlighted when the dialog opens."""
        self._rests: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-picker", classes="dialog"):
            yield Static(
                Text(
                    "Your session is B and keeps following your edits. Pick A, the reference: "
                    "the table shows A, B and the change (B − A).",
                    "dim",
                ),
                id="compare-help",
            )
            yield OptionList(id="compare-list")
            yield Static(id="compare-message")

    def on_mount(self) -> None:
        box = self.query_one("#compare-picker")
        box.border_title = "Compare with…"
        box.border_subtitle = "⏎ compare · esc cancel"
        options = self.query_one("#compare-list", OptionList)
        n = self._changes
        if self._current is not None:
            options.add_option(Option(Text.assemble(("■ ", "bold"), ("Stop comparing", "bold"),
                                                    f"  (now: A = {self._current.label})"), id="stop"))  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
        what = Text()
        what.append("◆ ", "bold")
        what.append(f"{self._base.id} as published", "bold")
        what.append(
            f"  A = the preset, B = your what-if ({n} change{'s' if n != 1 else ''})"
            if n
            else "  A = the preset, B = your edits as you make them (none yet)"
        )
        options.add_option(Option(what, id="base"))
        try:
            refs = find_presets(self._dirs)
        except CalcError as e:
            self.query_one("#compare-message", Static).update(Text(f"✗ {e.msg}"))
            refs = []
        if len(refs) <= EAGER:
            described = [(ref, *describe_ref(ref, released=True)) for ref in refs]
            self._fill(options, described)
        else:  # thousands of presets: open now, describe (and find last year) in a thread
            for ref in refs:
                options.add_option(Option(self._row(ref.id, pending_text(), False), id=f"preset:{ref.id}"))
            self._add_open(options)
            self._suggest(options, None)
            describe_later(
                self, options, [(f"preset:{r.id}", r) for r in refs], self._describe, self._described
            )
        options.focus()

    def _row(self, rid: str, rest: Text, last_year: bool) -> Text:
        prompt = Text("  ")
        prompt.append(printable(rid), "bold")
        if last_year:
            prompt.append("  ← last year", "bold")  # next to the id: never the part that wraps
        prompt.append_text(rest)
        return prompt

    def _about(self, ref, rest: Text, p: Preset | None) -> Text:
        if p is not None and ref.id == self._base.id:
            rest.append("  (your session's preset)", "dim")
        return rest

    def _describe(self, ref) -> tuple[Text, Preset | None]:
        rest, p = describe_ref(ref, released=True)
        self._rests[ref.id] = self._about(ref, rest, p)
        return self._row(ref.id, rest, False), p

    def _described(self, loaded: list[Preset]) -> None:
        options = self.query_one("#compare-list", OptionList)
        previous = previous_vintage(self._base, loaded)
        if previous is not None:
            options.replace_option_prompt(
                f"preset:{previous.id}", self._row(previous.id, self._rests[previous.id], True)
            )
            if options.highlighted == options.get_option_index(self.suggested or "base"):
                self._suggest(options, previous)

    def _add_open(self, options: OptionList) -> None:
        options.add_option(Option(Text.assemble(("  ", ""), ("Open a scenario file…", "bold"),
                                                ("  a what-if saved earlier", "dim")), id="open"))  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines

    def _suggest(self, options: OptionList, previous: Preset | None) -> None:
        self.suggested = "base" if self._changes or previous is None else f"preset:{previous.id}"
        options.highlighted = options.get_option_index(self.suggested)

    def _fill(self, options: OptionList, described) -> None:
        loaded = [p for _, _, p in described if p is not None]
        previous = previous_vintage(self._base, loaded)
        for ref, rest, p in described:
            last = previous is not None and ref.id == previous.id
            options.add_option(
                Option(self._row(ref.id, self._about(ref, rest, p), last), id=f"preset:{ref.id}")
            )
        self._add_open(options)
        self._suggest(options, previous)

    @on(OptionList.OptionSelected, "#compare-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid == "base":
            self.dismiss(("base", self._base.id))
        elif oid.startswith("preset:"):
            self.dismiss(("preset", oid.removeprefix("preset:")))
        elif oid in ("open", "stop"):
            self.dismiss((oid, ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
