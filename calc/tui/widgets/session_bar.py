"""SessionBar: the top line, saying what is on screen and whether it differs from the preset."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from ...errors import printable
from ..paint.line_panel import LinePanel


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Everything the bar shows (built by the screen from the app's state)."""

    preset_id: str
    preset_label: str
    scenario: str | None
    changes: int
    unsaved: bool
    group: str
    group_size: int
    """Included members of the group."""
    group_all: int
    """Members of the group, excluded ones too."""
    sort: str | None
    filter: str
    compare: str | None = None
    """Compare mode: the name of the reference (A)."""
    compare_b: str = ""
    """Compare mode: the name of the session (B)."""
    year: str = ""
    """The year shown of a release with a time axis (``2026 estimates``; "" for a single-year
    preset): the label says it too, but a narrow bar drops the label."""
    currency: str = ""
    """The money shown when not US dollars (``EUR``, ``national``; "" for USD)."""


class SessionBar(LinePanel):
    """``nato-calc  preset label [id]  scenario: …  ● modified (2 changes) · unsaved`` on the
    left; the group, sort and filter in force on the right. The left part gives way (with an
    ellipsis) when the terminal is narrow.

    It changes on every edit (the change count): as a
    :class:`~calc.tui.paint.line_panel.LinePanel` it is drawn from cached segments."""

    info: SessionInfo | None = None

    def show(self, info: SessionInfo) -> None:
        if info == self.info:
            return
        self.info = info
        self.set_class(info.changes > 0, "-modified")
        self.update_lines()

    def left_text(self, compact: bool = False) -> Text:
        """The left part; ``compact`` leaves out the preset's label (its id stays), so that a
        narrow terminal still shows whether anything was changed or is unsaved."""
        info = self.info
        left = _Printable(no_wrap=True, overflow="ellipsis", end="")
        if info is None:
            return left
        left.append(" nato-calc ", "bold reverse")
        if info.compare:
            left.append(f" A {info.compare} → B {info.compare_b} ", "bold reverse")
            left.append(" esc leaves ", "italic")
        if not info.compare:  # comparing: the A → B tag names both sides
            if not compact:
                left.append(f" {info.preset_label} ")
            left.append(f"{' ' if compact else ''}[{info.preset_id}]", "dim")
        if info.year and (compact or info.compare or info.year not in info.preset_label):
            left.append(f" {info.year}", "bold")
        if info.currency:
            left.append(f" · {info.currency}", "bold")
        if info.scenario:
            left.append(f"  scenario: {info.scenario}", "italic")
        if info.changes:
            n = info.changes
            left.append(f"  ● modified ({n} change{'s' if n != 1 else ''})", "bold")
        if info.unsaved:
            left.append(" · unsaved", "italic")
        return left

    def right_text(self) -> Text:
        info = self.info
        right = _Printable(no_wrap=True, end="")
        if info is None:
            return right
        size = str(info.group_size)
        if info.group_all != info.group_size:
            size += f" of {info.group_all}"
        right.append(f"{info.group} ({size})", "bold")
        if info.sort:
            right.append(f" · sort {info.sort}")
        if info.filter:
            right.append(f" · filter “{info.filter}”")
        right.append(" ")
        return right

    def parts_at(self, width: int) -> tuple[Text, ...]:
        left, right = self.left_text(), self.right_text()
        room = max(0, width - right.cell_len - 2)
        info = self.info
        if (
            left.cell_len > room
            and info is not None
            and (info.changes or info.unsaved or info.scenario or info.year or info.currency)
        ):
            left = self.left_text(compact=True)  # what changed, the year, the money: more than the label
        left.truncate(room, overflow="ellipsis", pad=True)
        return (Text.assemble(left, "  ", right, no_wrap=True),)


class _Printable(Text):
    """A Text that never carries a control character: file names, labels and ids come from
    files and the user (an escape sequence in a scenario's name would reach the terminal)."""

    def append(self, text, style=None):
        if isinstance(text, str):
            text = printable(text).replace("\n", " ")
        return super().append(text, style)
