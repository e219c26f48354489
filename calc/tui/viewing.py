"""Looking at the session another way, for :class:`~calc.tui.app.CalcApp`: the path, history
and plans views of an ally (or the group), the year of the release and the currency shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from textual.app import App

    from .session import Changed, Session

    _App = App[int]  # to mypy, a mixin is the App it is mixed into
else:
    _App = object


class ViewingMixin(_App):
    """The app's entry points to the views that show the session from another angle."""

    if TYPE_CHECKING:  # what the host, CalcApp, gives this mixin (a mixin cannot import its host)
        session: Session

        def perform(self, op: Callable[..., Changed], *args: Any, **kw: Any) -> Changed | None: ...

    def step_year(self, step: int) -> None:
        """The previous or next year of the release, the what-if kept (see
        :meth:`~calc.tui.session.Session.set_year`)."""
        self.perform(self.session.step_year, step)

    def open_path(self, code: str | None) -> None:
        """The path view for ally ``code``; the selected group when there is no ally or the
        ally has no path (excluded, or the targets do not apply)."""
        from .screens.path import PathScreen

        member = None
        if code is not None:
            m = self.session.result.member(code)
            if m is not None and m.included and m.assessed:
                member = code
            elif m is not None:
                from ..output.markers import not_yet_ally

                if not m.included:
                    why = "is excluded"
                elif not_yet_ally(m.flags):
                    why = f"is not yet an ally in {self.session.preset.year}"
                else:
                    why = "is not assessed (the targets do not apply)"
                self.notify(f"{m.name} {why}: showing the path of {self.session.group_name()}.")
        self.push_screen(
            PathScreen(
                member, self.session.group if self.session.result.group(self.session.group) else "nato"
            )
        )

    def open_history(self, code: str | None) -> None:
        """The history view of ally ``code`` (the group when None or the targets do not apply)."""
        from .screens.history import HistoryScreen

        m = self.session.result.member(code) if code is not None else None
        self.push_screen(HistoryScreen(code if m is not None and m.assessed else None))

    def open_plans(self, code: str | None, group: str | None = None, detail: bool = False) -> None:
        """The plans view of ``group`` (default: the selected one) with ally ``code``
        highlighted (its detail open with ``detail``)."""
        from .screens.plans import PlansScreen

        gid = group or (self.session.group if self.session.result.group(self.session.group) else "nato")
        self.push_screen(PlansScreen(gid, code, detail=detail))

    def cycle_currency(self) -> None:
        """US dollars → euros → each ally's own currency (no evaluation again)."""
        self.perform(self.session.cycle_currency)
