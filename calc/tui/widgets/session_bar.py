"""SessionBar: the top line, saying what is on screen and whether it differs from the preset."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Everything the bar shows (built by the app from its state)."""

    preset_id: str
    preset_label: str
    scenario: str | None
    changes: int
    unsaved: bool
    group: str
    group_size: int
    sort: str | None
    filter: str


class SessionBar(Horizontal):
    """``nato-calc · preset label [id] · scenario · ● 2 changes, unsaved``, and on the right
    the group, sort and filter in force."""

    def compose(self) -> ComposeResult:
        yield Static(id="session-title")
        yield Static(id="session-view")

    def show(self, info: SessionInfo) -> None:
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(" nato-calc ", "bold")
        left.append(f" {info.preset_label} ", "")
        left.append(f"[{info.preset_id}]", "dim")
        if info.scenario:
            left.append(f"  scenario: {info.scenario}", "italic")
        if info.changes:
            n = info.changes
            left.append(f"  ● modified ({n} change{'s' if n != 1 else ''})", "bold")
        if info.unsaved:
            left.append(" · unsaved", "italic")
        right = Text(no_wrap=True, end="")
        right.append(f"{info.group} ({info.group_size})", "bold")
        if info.sort:
            right.append(f" · sort {info.sort}")
        if info.filter:
            right.append(f" · filter “{info.filter}”")
        right.append(" ")
        self.query_one("#session-title", Static).update(left)
        self.query_one("#session-view", Static).update(right)
        self.set_class(info.changes > 0, "-modified")
        self.set_class(info.unsaved, "-unsaved")
