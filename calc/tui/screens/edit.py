"""The editors: a member's figure, or a target. Both preview the result as you type.

The text typed is parsed by :mod:`calc.engine.changes` (the same grammar as ``--set``); the preview is
the engine's evaluation of the preset with that one change, the resulting share of GDP in bold.
Invalid input says why and Enter does nothing; Escape leaves without any change. A result that
looks like a slip (:func:`calc.engine.changes.implausible`: a share above 20 % of GDP, a figure moved
by more than a factor of 5, under 1 % of its value) is shown as a warning before Enter, and
applies only on a second Enter (the command line asks for ``--force`` instead).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...domain import registry
from ...domain.dataset import Preset, Targets
from ...engine.changes import (
    Change,
    apply_changes,
    parse_input,
    parse_target_input,
)
from ...engine.evaluate import MemberResult, evaluate, evaluate_one
from ...errors import CalcError
from ...output.describe import implausible_lines
from ...output.fmt import gdp_share, money, pct, pct_short
from ...output.markers import NO, YES, not_assessed_words
from ..cells import STATUS_WORDS, figure_status
from ..typeahead import TypeaheadInput
from ..widgets.targets_panel import TARGET_HELP, TARGET_LABELS, target_text

FIELD_LABELS = registry.FIGURE_LABELS
EXAMPLES = {
    "gdp": "e.g. 5100 (USD bn) · +2% · -2% · +50 · x1.1",
    "core": "e.g. 3% (of GDP) · 150 (USD bn) · +10% · +5 · -5 · x1.1",
    "related": "e.g. 1.5% (of GDP) · 30 (USD bn) · +5 · ? (unknown)",
    "ukraine_aid": "e.g. 2.5 (USD bn) · 0.1% (of GDP) · +1 · ? (unknown)",
}


class ValueDialog(TypeaheadInput, ModalScreen[Change | None]):
    """A one-line editor with a live preview. Subclasses parse and preview."""

    CSS_PATH = "../dialogs.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-edit")]

    #: The change for the text in the input, or None when it is empty or invalid.
    change: Change | None = None
    #: Why the text in the input is refused ("" when it is not).
    error: str = ""
    #: Why the change looks like a slip (empty when it does not): Enter asks again.
    warnings: tuple[str, ...] = ()
    #: The text whose warnings a first Enter showed: a second Enter on it applies.
    _confirming: str | None = None

    def __init__(self, title: str, now: Text, placeholder: str, hint: str) -> None:
        super().__init__()
        self._title = title
        self._now = now
        self._placeholder = placeholder
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="editor", classes="dialog"):
            yield Static(_literal(self._now), id="now")
            yield Input(placeholder=self._placeholder, id="value")
            yield Static(id="preview")
            yield Static(_literal(self._hint), id="hint")

    def on_mount(self) -> None:
        self.query_one("#editor").border_title = Text(self._title)  # names are not markup
        self.query_one("#editor").border_subtitle = "⏎ apply · esc cancel"
        self._check("")

    @property
    def input(self) -> Input:
        return self.query_one("#value", Input)

    @on(Input.Changed, "#value")
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    def _check(self, text: str) -> None:
        preview = self.query_one("#preview", Static)
        self.change = None
        self.error = ""
        self.warnings = ()
        if not text.strip():
            preview.update(Text("type a value", "dim italic"))
            preview.set_class(False, "-error")
            return
        try:
            change = self.parse(text)
            shown = self.preview(change)
        except CalcError as e:
            self.error = e.msg
            preview.update(Text(f"✗ {e.msg}"))
            preview.set_class(True, "-error")
            return
        self.change = change
        if self.warnings:
            shown.append_text(self._warning_text(confirm=self._confirming == text))
        preview.update(shown)
        preview.set_class(False, "-error")

    def _warning_text(self, *, confirm: bool) -> Text:
        t = Text()
        for line in self.warnings:
            t.append("\n⚠ implausible:", "bold reverse")
            t.append(f" {line}", "bold")
        if confirm:
            t.append("\n⏎ again applies it anyway · esc cancels", "bold")
        else:
            t.append("\ncheck the value and its unit; ⏎ asks once more before applying", "italic")
        return t

    @on(Input.Submitted, "#value")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._check(event.value)
        if self.change is None:
            if not self.error:
                self.error = "type a value first (esc leaves without a change)"
                self.query_one("#preview", Static).update(Text(f"✗ {self.error}"))
                self.query_one("#preview", Static).set_class(True, "-error")
            self.app.bell()
            return
        if self.warnings and self._confirming != event.value:
            self._confirming = event.value  # the first Enter on a slip only asks
            self._check(event.value)
            self.app.bell()
            return
        self.dismiss(self.change)

    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- for subclasses --------------------------------------------------------------------------

    def parse(self, text: str) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError

    def preview(self, change: Change) -> Text:  # pragma: no cover - abstract
        raise NotImplementedError


def member_lines(r: MemberResult, field: str, targets: Targets, *, arrow: str = "") -> Text:
    """A member's figure and its gaps and statuses, as shown by the editor."""
    t = Text()
    if arrow:
        t.append(arrow)
    if field == "gdp":
        t.append(f"GDP ${money(r.gdp, 1)} bn", "bold")
        t.append(f" · core ${money(r.core, 2)} bn = ")
        t.append(f"{gdp_share(r.core_share, targets)} of GDP", "bold")
    elif field == "core":
        t.append(f"${money(r.core, 2)} bn = {gdp_share(r.core_share, targets)} of GDP", "bold")
        t.append(f" (GDP ${money(r.gdp, 1)} bn)")
    elif field == "ukraine_aid":  # counted toward core only while the switch is on (U)
        if r.ukraine_aid is None:
            t.append("unknown", "bold")
        else:
            t.append(f"${money(r.ukraine_aid, 2)} bn = {pct(r.ukraine_aid / r.gdp)} of GDP", "bold")
        counted = (
            f"counts ${money(r.ukraine_aid_counted, 2)} bn toward core"
            if r.ukraine_aid_counted
            else "not counted"
        )
        t.append(f" ({counted}) · core {gdp_share(r.core_share, targets)}")
    else:
        if r.related is None:
            t.append("unknown", "bold")
            t.append(" (counted as 0)")
        else:
            t.append(f"${money(r.related, 2)} bn = {pct(r.related_share)} of GDP", "bold")
            if r.related_counted != r.related:
                t.append(f", counts ${money(r.related_counted, 2)} bn (cap {pct_short(targets.related_cap)})")
        t.append(f" · total {gdp_share(r.total_share, targets)}")
    t.append("\n")
    if not r.assessed:
        t.append(not_assessed_words(r.flags), "italic")
        return t
    for i, (name, gap, meets) in enumerate(
        (
            (pct_short(targets.guideline), r.gap_guideline, r.meets_guideline),
            (pct_short(targets.core) + " core", r.gap_core, r.meets_core),
            (pct_short(targets.total) + " total", r.gap_total, r.meets_total),
        )
    ):
        if i:
            t.append("   ")
        if meets:
            t.append(f"{YES} ", "bold")
            t.append(f"{name} met")
        else:
            t.append(f"{NO} ", "bold")
            t.append(f"{name}: ${money(gap, 2)} bn short")
    return t


class MemberEditDialog(ValueDialog):
    """Edit GDP, core or related spending of one member."""

    def __init__(self, preset: Preset, base: Preset, code: str, field: str) -> None:
        self.preset = preset
        self.base = base
        self.code = code
        self.field = field
        r = evaluate_one(preset, code)
        status = figure_status(r, field)
        now = member_lines(r, field, preset.targets, arrow="now  ")
        if status:
            now.append(f"\nstatus: {STATUS_WORDS.get(status, status)}", "dim")
        hint = "150 USD bn · 3% of GDP · +10% / -10% relative · +5 / -5 USD bn · x1.1"
        if field in ("related", "ukraine_aid"):
            hint += " · ? unknown"
        if field == "gdp":
            hint = "5100 USD bn · +2% / -2% relative · +50 / -50 USD bn · x1.1"
        super().__init__(f"{r.name} ({code}) · {FIELD_LABELS[field]}", now, EXAMPLES[field], hint)

    def parse(self, text: str) -> Change:
        from dataclasses import replace

        return replace(parse_input(self.field, text), member=self.code)

    def preview(self, change: Change) -> Text:
        after = apply_changes(self.preset, [change], original=self.base)
        self.warnings = tuple(implausible_lines(self.preset, after, [change]))
        return member_lines(evaluate_one(after, self.code), self.field, after.targets, arrow="→ ")


class TargetEditDialog(ValueDialog):
    """Edit one target; the preview shows what it does to the selected group."""

    def __init__(self, preset: Preset, name: str, group: str, base_targets: Targets) -> None:
        self.preset = preset
        self.name_ = name
        self.group = group
        now = Text("now  ")
        now.append(target_text(preset.targets, name), "bold")
        if preset.targets.get(name) != base_targets.get(name):
            now.append(f" (preset: {target_text(base_targets, name)})", "dim")
        now.append(f"\n{TARGET_HELP[name]}", "dim")
        self._before = evaluate(preset).group(group) if name != "deadline" else None
        if self._before is not None:
            now.append("\n")
            now.append_text(self._group_line(self._before, preset.targets, name))
        placeholder = "e.g. 2032" if name == "deadline" else "e.g. 3%"
        spec = registry.TARGET[name]
        hint = (
            f"accepts a year from {spec.minimum} to {spec.maximum}"
            if spec.unit == registry.YEAR
            else "accepts a share of core spending with its %, e.g. 20% or 25%"
            if spec.unit == registry.SHARE_OF_CORE
            else "accepts a share of GDP with its %, e.g. 3% or 3.5%"
        )
        super().__init__(f"Target · {TARGET_LABELS[name]}", now, placeholder, hint)

    @staticmethod
    def _group_line(g, targets: Targets, name: str) -> Text:
        """The group's count, sum of gaps and collective gap against the target ``name``
        (the related cap acts on the total target)."""
        attr = "total" if name == "related_cap" else name
        t = Text()
        t.append(f"{g.name}: ", "bold")
        t.append(
            f"meeting {pct_short(targets.share(attr))} {attr}: {getattr(g, 'meeting_' + attr)}/{g.assessed}"
        )
        if registry.figure_of(attr, "gap") is None:  # the equipment guideline: a count, no gap
            share = g.equipment_share
            t.append(f" · {pct(share, unknown='–', thresholds=(targets.equipment,))} of core (core-weighted)")
            return t
        t.append(f" · sum of gaps ${money(getattr(g, 'gap_' + attr), 1)} bn")
        t.append(f" · collective ${money(getattr(g, 'collective_gap_' + attr), 1)} bn")
        return t

    def parse(self, text: str) -> Change:
        return parse_target_input(self.name_, text)

    def preview(self, change: Change) -> Text:
        after = apply_changes(self.preset, [change])
        self.warnings = tuple(implausible_lines(self.preset, after, [change]))
        t = Text("→ ")
        t.append(target_text(after.targets, self.name_), "bold")
        if self.name_ == "deadline":
            t.append(" (the year the Hague targets are due; today's gaps do not change)")
            return t
        g = evaluate(after).group(self.group)
        if g is not None:
            t.append("\n")
            t.append_text(self._group_line(g, after.targets, self.name_))
        return t


def _literal(text):
    """User text shown as typed: a str is never read as Textual markup (``[/]`` in a name)."""
    return Text(text) if isinstance(text, str) else text
