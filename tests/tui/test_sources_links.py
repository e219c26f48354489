"""The sources dialog (i) lays its text out for the width it has and folds a long link after a
/ or - (never inside a word), so that it reads whole at 80 columns; y copies every link."""

from __future__ import annotations

from calc.tui.screens.sources import fold_links, links

WORKBOOK = "https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-2026-en.xlsx"


def test_a_long_link_is_folded_after_its_slashes_under_its_start():
    line = f"    Workbook                 {WORKBOOK}"
    assert fold_links([line, "short"], 74) == [
        "    Workbook                 https://www.nato.int/content/dam/nato/",
        "                             webready/documents/finance/",
        "                             def-exp-2026-en.xlsx",
        "short",
    ]


def test_a_part_longer_than_the_line_is_folded_after_its_hyphens_and_a_line_that_fits_stays():
    line = "  https://example.org/a-very-long-slug-of-words-that-goes-on"
    # 30 columns leave too little room under the link's start: the rest goes two columns in
    assert fold_links([line], 30) == [
        "  https://example.org/a-very-",
        "    long-slug-of-words-that-",
        "    goes-on",
    ]
    assert fold_links([line], 80) == [line]


def test_the_links_are_found_whole_without_the_stop_or_bracket_after_them():
    text = ["see (https://a.example/x).", "https://b.example/y; and https://a.example/x"]
    assert links(text) == ["https://a.example/x", "https://b.example/y"]


async def test_at_80_columns_no_line_is_wider_than_the_dialog_and_y_copies_the_links(make):
    from textual.widgets import Static

    app = make(preset="nato-2026")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        lines = str(app.screen.query_one("#sources-text", Static).content).splitlines()
        assert max(len(line) for line in lines) <= 74  # 80 less the border, padding and scroll bar
        assert "    Workbook                 https://www.nato.int/content/dam/nato/" in lines
        assert "                             def-exp-2026-en.xlsx" in lines
        await pilot.press("y")
        await pilot.pause()
        copied = app.clipboard.splitlines()
        assert copied[0] == WORKBOOK and len(copied) == len(set(copied)) >= 7
        assert app.notices[-1][1].startswith(f"Copied {len(copied)} links to the clipboard, one a line.")
