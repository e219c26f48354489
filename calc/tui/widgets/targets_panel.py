"""TargetsPanel: the thresholds in force, each editable with Enter."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ...domain import registry
from ...domain.dataset import TARGET_FIELDS, Targets
from ...output.fmt import pct_short
from ...output.markers import STATUS_MARK

TARGET_LABELS = {t.key: t.title for t in registry.TARGETS}
TARGET_HELP = {t.key: t.help for t in registry.TARGETS}


def target_text(targets: Targets, name: str) -> str:
    if registry.TARGET[name].unit == registry.YEAR:
        return str(targets.get(name))
    return pct_short(targets.share(name))


class TargetsPanel(DataTable):
    """One row per target; Enter or ``e`` asks to edit it (a what-if like any other)."""

    BINDINGS = [
        Binding("e", "edit_target", "Edit target", id="edit-target"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class EditRequested(Message):
        """The user asked to edit target ``name``."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, **kwargs) -> None:
        super().__init__(
            cursor_type="row", show_header=False, zebra_stripes=False, show_cursor=False, **kwargs
        )
        self._shown: tuple | None = None

    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        self.show_cursor = False

    def show(self, targets: Targets, base: Targets) -> None:
        key = (targets, base)
        if key == self._shown:
            return
        self._shown = key
        row = self.cursor_row
        self.clear(columns=True)
        # explicit widths (see MemberTable.rebuild); Text, not str: a str is read as Rich markup,
        # which loads Rich's emoji table (about 0.9 MiB) for labels that hold none
        self.add_column(Text("target"), key="name", width=max(len(v) for v in TARGET_LABELS.values()))
        self.add_column(Text("value"), key="value", width=7)
        for name in TARGET_FIELDS:
            edited = targets.get(name) != base.get(name)
            value = Text(target_text(targets, name), justify="right")
            value.append(STATUS_MARK["edited"] if edited else " ", "bold" if edited else "")
            self.add_row(Text(TARGET_LABELS[name]), value, key=name)
        self.move_cursor(row=min(row, len(TARGET_FIELDS) - 1), scroll=False)

    @property
    def current(self) -> str:
        return TARGET_FIELDS[self.cursor_row]

    def action_edit_target(self) -> None:
        self.post_message(self.EditRequested(self.current))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.EditRequested(str(event.row_key.value)))
