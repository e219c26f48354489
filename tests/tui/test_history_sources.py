"""The history view (H) and the sources dialog (i) through Pilot, on nato-2026: NATO's published
series, the target lines, the what-if's point, the release block.

Poland (presets/nato-2026.toml, NATO's Table 3): 1.86 % in 2014, 3.26 % in 2023 (+1.05 pp, its
largest rise), 4.68 % in 2026 (estimate)."""

from __future__ import annotations


async def test_i_shows_the_release_block_and_closes(make):
    from textual.widgets import Static

    from calc.tui.screens.sources import SourcesDialog

    app = make(preset="nato-2026")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, SourcesDialog)
        text = str(app.screen.query_one("#sources-text", Static).content)
        assert "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), published 7" in text
        assert "Information cut-off      2026-07-03" in text
        await pilot.press("i")
        await pilot.pause()
        assert app.screen is app.main_screen


def test_the_next_edition_notice_is_said_once_it_is_overdue(monkeypatch):
    from datetime import date

    import calc.output.provenance as provenance
    from calc.tui.session import Session

    s = Session()
    from calc.files.presets import load_by_id

    s.start(load_by_id("nato-2026"))
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 15))
    assert (
        s.edition_notice()
        == "NATO's 2027 edition was expected by July 2027; nato-2026 is the newest shipped."
    )
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 7, 1))
    assert s.edition_notice() is None
