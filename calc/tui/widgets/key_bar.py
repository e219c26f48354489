"""KeyBar: the bottom line, listing the keys that matter now.

Textual's ``Footer`` mounts one widget per key and recomposes all of them whenever focus moves;
with a dozen keys that alone costs more start-up time than the rest of the screen. This bar is
one widget drawing one line of text from the screen's active bindings (the same source and
the same signal the Footer uses). Keys whose action cannot run now are dimmed; clicking a key
presses it.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """One line of ``key description`` pairs for the focused widget, its screen and the app."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def keys(self) -> list[tuple[str, str, bool]]:
        """(key as displayed, description, enabled) of the bindings shown, in binding order."""
        out: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        dim = getattr(self.screen, "dim_action", None)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if enabled and dim is not None and dim(binding.action):
                enabled = False
            out.append((self.app.get_key_display(binding), binding.description, enabled))
        return out

    def action_press(self, key: str) -> None:
        self.app.simulate_key(key)

    _cache: tuple[tuple, Content] | None = None

    def render(self) -> RenderResult:
        shown = self.keys()
        key = (tuple(shown), self.size.width, self.app.theme)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._build(shown))
        return self._cache[1]

    def _build(self, shown: list[tuple[str, str, bool]]) -> Content:
        parts: list[str] = []
        keys: dict[str, str] = {}
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            keys.setdefault(self.app.get_key_display(binding), binding.key.split(",")[0])
        width = 0
        palette = ""
        if self.app.ENABLE_COMMAND_PALETTE:
            palette_key = self.app.get_key_display(
                Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette")
            )
            palette = f"{palette_key} palette "
        room = self.size.width - len(palette) - 1
        for display, description, enabled in shown:
            piece = f" {display} {description} "
            if width + len(piece) > room:
                break
            width += len(piece)
            style = "" if enabled else "dim "
            action = f"press({keys[display]!r})"
            parts.append(
                f"[@click={escape(action)}][{style}bold $footer-key-foreground] {escape(display)}[/]"
                f"[{style}$footer-description-foreground] {escape(description)} [/][/]"
            )
        line = "".join(parts)
        if palette:
            pad = max(1, self.size.width - width - len(palette))
            line += " " * pad + (
                f"[@click=press({self.app.COMMAND_PALETTE_BINDING!r})]"
                f"[bold $footer-key-foreground]{escape(palette.split()[0])}[/] palette [/]"
            )
        return Content.from_markup(line)
