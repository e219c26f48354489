"""Keys typed in one burst (a fast typist, a paste, tmux send-keys) land where a slow typist's
would: ``e 3% ⏎`` edits the figure, ``/ger`` filters; none of the letters runs a binding of the
table underneath (``g`` next group, ``e`` edit, ``r`` reset)."""

from __future__ import annotations

from decimal import Decimal

from textual import events

from calc.engine.changes import Change


def burst(app, *keys: tuple[str, str | None]) -> None:
    """Post every key at once, as a terminal delivers a paste: none is handled before the
    next arrives (Pilot's press() waits after each key, which hides the problem)."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_e_3_percent_enter_typed_at_once_edits_the_figure(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.main_screen.table.cursor_to("DEU", "core_share")
        burst(app, ("e", "e"), ("3", "3"), ("percent_sign", "%"), ("enter", None))
        await pilot.pause(0.5)
        assert app.session.changes == (Change("set", "DEU", "core_share", Decimal("0.03")),)
        assert type(app.screen).__name__ == "MainScreen"


async def test_a_filter_typed_at_once_filters_and_changes_no_group(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        group = app.session.group
        burst(app, ("slash", "/"), ("g", "g"), ("e", "e"), ("r", "r"))
        await pilot.pause(0.5)
        assert app.session.filter == "ger"
        assert app.session.group == group  # g was a letter of the filter, not "next group"
        assert [m.code for m in app.main_screen.view_members()] == ["DEU"]
        assert app.session.changes == ()


async def test_keys_typed_while_the_editor_opens_do_not_leak_to_the_table(make):
    app = make()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.main_screen.table.cursor_to("POL", "core")
        # x would exclude Poland and r reset it, were they read by the table
        burst(app, ("e", "e"), ("x", "x"), ("r", "r"))
        await pilot.pause(0.5)
        assert app.screen.input.value == "xr"  # the editor got them (and says they are no value)
        assert app.session.changes == () and app.session.result.member("POL").included
