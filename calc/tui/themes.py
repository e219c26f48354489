"""The app's theme: the caller's, the config's or the default, and a theme chosen in the UI
saved as the config's ``theme``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CalcError
from ..files.config import DEFAULT_THEME

if TYPE_CHECKING:  # pragma: no cover
    from textual.app import App

    from ..files.config import Config

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object


class ThemeMixin(_App):
    """Choosing and saving the theme, for :class:`~calc.tui.app.CalcApp`."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        settings: Config
        _setting_notices: list[str]

    _saved_theme: str
    """The theme the config file holds (set by the app at start)."""

    def _choose_theme(self, theme: str | None) -> None:
        """Use ``theme`` (a caller's), else the config's (``theme`` or ``$NATO_CALC_THEME``,
        checked by :mod:`calc.files.config`); an unknown name starts the default theme, with a
        notice naming the valid ones (shown once the screen is up)."""
        from ..errors import quoted

        wanted = theme or self.settings.theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
            return
        self.theme = DEFAULT_THEME
        self._setting_notices.append(
            f"Unknown theme {quoted(wanted)}; using {DEFAULT_THEME}. "
            f"Valid themes: {', '.join(sorted(self.available_themes))}."
        )

    def _theme_chosen(self, theme) -> None:
        """A theme chosen in the UI (the palette, the light/dark toggle) becomes the config's
        ``theme``; a failure to save is a notification."""
        if (
            theme.name == self._saved_theme or self.is_web
        ):  # a browser visitor's choice is not the server's config
            return
        path = self.settings.path
        if path is None:
            self.notify(
                "Theme not saved: there is no place for the config file (HOME or "
                "XDG_CONFIG_HOME is empty or not an absolute path).",
                severity="warning",
            )
            return
        from ..files.config import FROM_ENV, env_name, save_key

        try:
            save_key(path, "theme", theme.name)
        except CalcError as e:
            self.notify(f"Theme not saved: {e.msg}", severity="warning", timeout=10)
            return
        self._saved_theme = theme.name
        if self.settings.sources.get("theme") == FROM_ENV:
            self.notify(
                f"Theme {theme.name} saved to the config file, but {env_name('theme')} "
                "is set and wins over it at the next start."
            )

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
