"""TextGrid and TextLines draw exactly what Rich's Table.grid and Textual's RichVisual draw."""

from __future__ import annotations

import random

import pytest
from rich.console import Console, Group
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.style import Style as VisualStyle
from textual.visual import RichVisual

from calc.tui.paint.grid import GridColumn, TextGrid, TextLines

WORDS = ["Group", "core %", "Europe & Canada", "31·3·0/31", "2.77 %", "x", "", "meeting",
         "sum of member gaps $bn", "1,309.4", "3/31 (was 2/31)", "Türkiye", "国家", "✔ ✗ –"]  # fmt: skip  # hand-wrapped: ruff's layout takes 14 more lines
STYLES = ["", "dim", "bold", "bold reverse", "italic"]


def random_grid(rnd: random.Random) -> TextGrid:
    ncol = rnd.randint(1, 5)
    cols = [GridColumn(rnd.choice(["left", "right"]), rnd.choice([None, None, 5, 13])) for _ in range(ncol)]
    grid = TextGrid(cols, gap=rnd.choice([1, 2]))
    for _ in range(rnd.randint(1, 5)):
        cells = []
        for _ in range(ncol):
            t = Text(rnd.choice(WORDS), rnd.choice(STYLES))
            if rnd.random() < 0.3:
                t.append(" (was 1.0)", "dim")
            cells.append(t)
        grid.add_row(*cells)
    return grid


def lines(renderable, width: int) -> list[list[tuple[str, Style]]]:
    """What a console draws, one list per line; runs of one style joined (boundaries between
    segments of the same style are invisible, and snapshots ignore them too)."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    out = []
    for line in console.render_lines(renderable, console.options, pad=False):
        segs = Segment.simplify(Segment(s.text, s.style or Style()) for s in line)
        out.append([(s.text, s.style) for s in segs])
    return out


def test_text_grid_draws_what_rich_table_grid_draws():
    rnd = random.Random(5)
    shrunk = fitted = 0
    for _ in range(1500):
        grid = random_grid(rnd)
        width = rnd.randint(1, 70)
        assert lines(grid, width) == lines(grid.rich_table(), width), (width, grid.widths())
        widths = grid.fitted_widths(width)
        if widths is not None:
            fitted += 1
            shrunk += sum(widths) + grid.gap * (len(widths) - 1) < grid.width()
    assert fitted > 500 and shrunk > 100  # both paths of the hand layout were exercised


def test_text_grid_lines_and_plain_text():
    grid = TextGrid([GridColumn(), GridColumn("right")], gap=2)
    grid.add_row(Text("meeting", "dim"), "31/31")
    grid.add_row("collective gap $bn", Text("0.0", "bold"))
    assert grid.width() == 18 + 2 + 5
    assert str(grid) == "meeting" + " " * 13 + "31/31\ncollective gap $bn" + " " * 4 + "0.0"
    with pytest.raises(ValueError):
        grid.add_row("one cell")


def test_text_grid_cuts_a_capped_column_with_an_ellipsis():
    grid = TextGrid([GridColumn(max_width=5), GridColumn("right")], gap=1)
    grid.add_row("Europe & Canada", "2.10 %")
    assert [line.plain for line in grid.lines()] == ["Euro… 2.10 %"]


class _Host(App):
    pass


async def test_text_lines_draw_what_rich_visual_draws_for_a_group():
    app = _Host()
    rnd = random.Random(7)
    async with app.run_test(size=(100, 30)):
        style = VisualStyle(bold=rnd.random() < 0.5)
        for _ in range(300):
            parts = []
            for _ in range(rnd.randint(1, 3)):
                if rnd.random() < 0.5:
                    parts.append(random_grid(rnd))
                else:
                    t = Text(
                        " · ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 12))), rnd.choice(STYLES)
                    )
                    if rnd.random() < 0.3:
                        t.append(" more", "bold")
                    parts.append(t)
            width = rnd.randint(1, 90)
            ours = TextLines(*parts)
            rich = RichVisual(app.screen, Group(*parts))
            got = ours.render_strips(width, None, style, None)
            want = rich.render_strips(width, None, style, None)
            assert [list(s) for s in got] == [list(s) for s in want]
            assert ours.get_height(app.screen.styles, width) == len(want)


def _simplified(strips) -> list[list[tuple[str, Style]]]:
    out = []
    for strip in strips:
        segs = Segment.simplify(Segment(s.text, s.style or Style()) for s in strip)
        out.append([(s.text, s.style) for s in segs])
    return out


async def test_two_blocks_side_by_side_draw_what_a_rich_grid_with_fixed_columns_draws():
    """Shaped as the aggregates panel uses it: a line and a grid beside a grid and notes that
    may wrap; the columns and the gap fill the width."""
    from calc.tui.paint.grid import Beside

    narrow = [w for w in WORDS if w != "国家"]
    app = _Host()
    rnd = random.Random(11)
    async with app.run_test(size=(100, 30)):
        style = VisualStyle()
        for _ in range(150):
            lw, rw = rnd.randint(20, 60), rnd.randint(20, 50)
            head = Text(" · ".join(rnd.choice(narrow) for _ in range(rnd.randint(1, 3))), rnd.choice(STYLES))
            head.truncate(lw)
            note = Text(" ".join(rnd.choice(narrow) for _ in range(rnd.randint(1, 14))), rnd.choice(STYLES))
            left = TextLines(head, random_grid(rnd))
            right = TextLines(random_grid(rnd), note)
            beside = Beside(left, right, lw, rw, gap=3)
            width = lw + rw + 3
            got = TextLines(beside).render_strips(width, None, style, None)
            want = lines(beside.rich_table(), width)
            assert _simplified(got) == want


async def test_a_line_panel_drawn_at_a_new_width_before_its_resize_event_draws_no_line_of_the_old_width():
    """A panel in a scrolling container gets narrower when the scrollbar appears; Textual may
    draw it at the new width before the panel hears of the resize."""
    from textual.app import ComposeResult
    from textual.events import Resize

    from calc.tui.paint.line_panel import LinePanel

    class Late(LinePanel):
        def on_resize(self, event: Resize) -> None:
            event.prevent_default()  # the resize event not handled yet

    class Host(App):
        def compose(self) -> ComposeResult:
            yield Late(Text("x" * 200, no_wrap=True, overflow="crop"), id="late")

    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        panel = app.query_one(Late)
        assert panel.render_line(0).cell_length == 80
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        assert panel.size.width == 60
        assert panel.render_line(0).cell_length == 60
