"""Keys typed before an input has focus go into that input (typeahead).

A person types ``e 3 % ⏎`` or ``/ ger ⏎`` in one go, or pastes it. Textual routes each key to
the widget focused when the key *arrives*: all of them to the table, since the editor (or the
filter box) is created only when ``e`` (or ``/``) is handled. Keys the table does not use bubble
back to the app, whose bindings would then take ``g`` as "next group" and ``e`` as "edit", or,
in a dialog with nothing focused yet, drop them. The app gives such keys to the input about to
have focus instead (:meth:`CalcApp.on_event`), in the order they were typed, so a fast typist
gets exactly what a slow one gets. A dialog not composed yet keeps them until it is mounted.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def type_into(box: Input, key: str, character: str | None) -> bool:
    """Type one key into ``box`` as if it had focus; False for keys it would not take."""
    if key == "enter":
        box.screen.set_focus(box)
        box.call_later(box.action_submit)
    elif key == "backspace":
        box.action_delete_left()
    elif character and character.isprintable():
        box.insert_text_at_cursor(character)
    else:
        return False
    return True


class TypeaheadInput:
    """Mixin for a ModalScreen whose input (:attr:`typeahead_selector`) takes the keys typed
    before anything in the dialog has focus."""

    typeahead_selector = "Input"
    _early: list[tuple[str, str | None]] | None = None

    def typeahead_wanted(self) -> bool:
        """True while nothing in the dialog has focus: keys typed now are the input's."""
        return self.focused is None  # type: ignore[attr-defined]  # a mixin of a Screen

    def _box(self) -> Input | None:
        try:
            return self.query_one(self.typeahead_selector, Input)  # type: ignore[attr-defined]  # a mixin of a Screen
        except Exception:  # noqa: BLE001 - not composed yet, or removed
            return None

    def typeahead(self, event: events.Key) -> bool:
        """Take a key typed ahead: into the input, or kept until the dialog is mounted."""
        box = self._box()
        if box is None or not self.is_mounted:  # type: ignore[attr-defined]  # a mixin of a Screen
            if event.key == "enter" or event.key == "backspace" or (event.character or "").isprintable():
                if self._early is None:
                    self._early = []
                self._early.append((event.key, event.character))
                return True
            return False
        return type_into(box, event.key, event.character)

    def on_key(self, event: events.Key) -> None:
        """Keys delivered to the dialog itself before its input has focus."""
        if self.typeahead_wanted() and self.typeahead(event):
            event.stop()
            event.prevent_default()

    def on_mount(self) -> None:
        early, self._early = self._early, None
        box = self._box()
        if box is not None:
            for key, character in early or ():
                type_into(box, key, character)
