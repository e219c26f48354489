"""TextGrid: a grid of one-line cells, laid out by hand, drawn like Rich's ``Table.grid``.

The aggregates panel and the groups list are small grids that change on every edit. Rendering
them as Rich tables costs several milliseconds each (Rich measures every cell, more than once,
and Textual renders the table once to learn its height and again to draw it), most of an
edit's budget. Their cells never wrap, so the layout is simple: each column as wide as its
widest cell (capped at ``max_width``), cells cut with an ellipsis and padded to that width,
columns ``gap`` cells apart; when that is wider than the room given, every column gives up
an equal share of the excess, as Rich does for columns that cannot wrap. :class:`TextGrid`
does exactly that and yields one :class:`~rich.text.Text` per row; for widths too small to
show every column it hands over to the equivalent Rich table. Either way the output is what
``Table.grid`` draws (tests compare the two).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Span, Text
from textual._context import active_app
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual


@dataclass(frozen=True, slots=True)
class GridColumn:
    justify: str = "left"
    """``left`` or ``right``."""
    max_width: int | None = None


class TextGrid:
    """Rows of :class:`~rich.text.Text` cells (``str`` is plain text); see the module docstring."""

    def __init__(self, columns: Sequence[GridColumn], gap: int = 2) -> None:
        self.columns = tuple(columns)
        self.gap = gap
        self.rows: list[tuple[Text, ...]] = []

    def add_row(self, *cells: Text | str) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(tuple(c if isinstance(c, Text) else Text(c) for c in cells))

    def widths(self) -> list[int]:
        """Width of each column: its widest cell, capped at the column's ``max_width``."""
        out = [0] * len(self.columns)
        for row in self.rows:
            for i, cell in enumerate(row):
                n = cell.cell_len
                if n > out[i]:
                    out[i] = n
        return [min(w, c.max_width) if c.max_width is not None else w for w, c in zip(out, self.columns)]

    def width(self) -> int:
        """Cells the grid needs to be drawn without shrinking a column."""
        w = self.widths()
        return sum(w) + self.gap * (len(w) - 1) if w else 0

    def fitted_widths(self, room: int) -> list[int] | None:
        """Column widths (without the gaps) in ``room`` cells, as Rich's ``Table.grid`` would
        choose them for columns that cannot wrap; None when a column would get no room."""
        n = len(self.columns)
        pads = [self.gap] * (n - 1) + [0]
        natural = self.widths()
        if room < 1:
            return None
        widths = [min(w + p, room) or 1 for w, p in zip(natural, pads)]
        total = sum(widths)
        if total > room:
            from rich._ratio import ratio_reduce

            widths = ratio_reduce(total - room, [1] * n, widths, widths)
            widths = [min(w + p, limit) for w, p, limit in zip(natural, pads, widths)]
        content = [w - p for w, p in zip(widths, pads)]
        if any(c < 1 for c in content):
            return None
        return content

    def lines(self, widths: Sequence[int] | None = None) -> list[Text]:
        """One line per row, columns ``widths`` wide (default: every column at full width).

        Each cell is cut to its width (with an ellipsis) and padded on the side away from its
        justification, its own style covering the padding, as Rich pads a cell."""
        if widths is None:
            widths = self.widths()
        gap = " " * self.gap
        n_gap = len(gap)
        out = []
        for row in self.rows:
            plain: list[str] = []
            spans: list[Span] = []
            offset = 0
            for i, (cell, width, col) in enumerate(zip(row, widths, self.columns)):
                if i:
                    plain.append(gap)
                    offset += n_gap
                n = cell.cell_len
                if n > width:
                    cell = cell.copy()
                    cell.truncate(width, overflow="ellipsis")
                    n = cell.cell_len
                fill = width - n if width > n else 0
                lead = fill if col.justify == "right" else 0
                text = cell.plain
                plain.append(f"{' ' * lead}{text}{' ' * (fill - lead)}")
                length = fill + len(text)
                if cell.style:
                    spans.append(Span(offset, offset + length, cell.style))
                start = offset + lead
                spans.extend(Span(start + sp.start, start + sp.end, sp.style) for sp in cell.spans)
                offset += length
            out.append(Text("".join(plain), no_wrap=True, spans=spans))
        return out

    def __str__(self) -> str:
        return "\n".join(line.plain.rstrip() for line in self.lines())

    def rich_table(self):
        """The same grid as a Rich table (used when it does not fit)."""
        from rich.table import Table

        table = Table.grid(padding=(0, self.gap))
        for col in self.columns:
            table.add_column(justify=col.justify, no_wrap=True, overflow="ellipsis", max_width=col.max_width)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows:
            return
        widths = self.fitted_widths(options.max_width)
        if widths is None:
            yield self.rich_table()
            return
        yield from self.lines(widths)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        w = self.width()
        return Measurement(w, w).clamp(max_width=options.max_width)


class Beside:
    """Two blocks side by side, each in a column of fixed width, ``gap`` cells apart: what Rich's
    ``Table.grid(padding=(0, gap))`` with two fixed-width columns draws (blocks wrap to their
    column; the shorter one is padded with blank lines), laid out line by line."""

    def __init__(self, left, right, left_width: int, right_width: int, gap: int = 3) -> None:
        self.left, self.right = left, right
        self.widths = (left_width, right_width)
        self.gap = gap

    def rich_table(self):
        from rich.table import Table

        grid = Table.grid(padding=(0, self.gap), expand=False)
        grid.add_column(no_wrap=False, width=self.widths[0])
        grid.add_column(no_wrap=False, width=self.widths[1])
        grid.add_row(self.left, self.right)
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.rich_table()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.rich_table())


class TextLines(Visual):
    """Rich texts and :class:`TextGrid` s, one below the other: the strips Textual's
    ``RichVisual`` draws for ``Group(*parts)``, segment for segment (tests compare), drawn
    faster. A line that fits its width is rendered straight from its spans; only a text that
    must wrap (or a grid that must shrink below what :class:`TextGrid` lays out) goes through
    Rich's general rendering.

    Also a Rich renderable (printing it prints the group).
    """

    def __init__(self, *parts: Text | TextGrid | RenderableType) -> None:
        self.parts = parts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.parts

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.parts)

    def _rendered(
        self, console: Console, options: ConsoleOptions, width: int, cache: dict | None = None
    ) -> list[list[Segment]]:
        """The lines of every part at ``width`` (segments, no newlines). ``cache`` keeps the
        segments of one-line texts between calls (a panel's unchanged lines are not drawn
        again)."""
        if any(isinstance(p, Text) and p.end != "\n" for p in self.parts):
            from rich.console import Group  # parts that share a line: Rich lays them out

            return _rich_lines(console, options, Group(*self.parts), width)
        out: list[list[Segment]] = []
        for part in self.parts:
            if isinstance(part, TextGrid):
                widths = part.fitted_widths(width) if part.rows else []
                if widths is None:
                    out.extend(_rich_lines(console, options, part.rich_table(), width))
                else:
                    out.extend(_line_segments(console, line, cache) for line in part.lines(widths))
            elif (
                isinstance(part, Text)
                and part.cell_len <= width
                and not part.justify
                and "\n" not in part.plain
                and "\t" not in part.plain
            ):
                out.append(_line_segments(console, part, cache))
            elif isinstance(part, Beside) and sum(part.widths) + part.gap <= width:
                out.extend(self._beside(console, options, part, cache))
            else:  # a text that wraps, or any other Rich renderable
                out.extend(_rich_lines(console, options, part, width))
        return out

    @staticmethod
    def _beside(
        console: Console, options: ConsoleOptions, part: Beside, cache: dict | None
    ) -> list[list[Segment]]:
        """A :class:`Beside` line by line. In a table cell Rich justifies text to the left,
        which pads each line to the cell's width in the text's own style: so here too."""
        blocks = []
        for block, w in zip((part.left, part.right), part.widths):
            parts = block.parts if isinstance(block, TextLines) else (block,)
            lines: list[list[Segment]] = []
            for p in parts:
                if (
                    isinstance(p, Text)
                    and not p.justify
                    and "\n" not in p.plain
                    and "\t" not in p.plain
                    and p.cell_len <= w
                ):
                    line = _line_segments(console, p, cache)
                    fill = w - p.cell_len
                    if fill:
                        line = [*line, Segment(" " * fill, console.get_style(p.style) if p.style else None)]
                    lines.append(line)
                elif isinstance(p, TextGrid) and p.fitted_widths(w) is not None:
                    for seg in TextLines(p)._rendered(console, options, w, cache):
                        fill = w - Segment.get_line_length(seg)
                        lines.append([*seg, Segment(" " * fill)] if fill else seg)
                else:
                    key = (_text_key(p), w) if cache is not None and isinstance(p, Text) else None
                    hit = cache.get(key) if key is not None else None  # type: ignore[union-attr]  # a key only with a cache
                    if hit is None:
                        cell = options.update(justify="left", overflow="ellipsis", no_wrap=False, height=None)
                        hit = _rich_lines(console, cell, p, w, pad=True)
                        if key is not None:
                            cache[key] = hit  # type: ignore[index]  # a key only with a cache
                    lines.extend(hit)
            blocks.append(lines)
        (left, right), (lw, rw) = blocks, part.widths
        gap = Segment(" " * part.gap)
        out = []
        for i in range(max(len(left), len(right))):
            a = left[i] if i < len(left) else [Segment(" " * lw)]
            b = right[i] if i < len(right) else [Segment(" " * rw)]
            out.append([*a, gap, *b])
        return out

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        app = active_app.get()
        console = app.console
        console_options = app.console_options.update(highlight=False, width=width, height=height)
        base = style.rich_style
        strips = []
        for segments in self._rendered(console, console_options, width):
            if base:
                segments = [Segment(text, base + s, None) for text, s, _ in segments]
            strips.append(Strip(segments))
        return strips if height is None else strips[:height]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.console import Group

        return Measurement.get(console, options, Group(*self.parts))

    def get_optimal_width(self, rules, container_width: int) -> int:
        from textual.render import measure

        return measure(active_app.get().console, self, container_width, container_width=container_width)

    def get_height(self, rules, width: int) -> int:
        app = active_app.get()
        options = app.console_options.update(highlight=False, width=width)
        return len(self._rendered(app.console, options, width))


def _text_key(text: Text) -> tuple:
    """What a text draws as: its characters, its style and its spans."""
    return (text.plain, text.style, tuple(text.spans), text.justify, text.overflow, text.no_wrap)


def _line_segments(console: Console, line: Text, cache: dict | None = None) -> list[Segment]:
    """The segments Rich draws for a text that fits on one line."""
    key = None
    if cache is not None:
        key = _text_key(line)
        hit = cache.get(key)
        if hit is not None:
            return hit
    if line.style and not line.spans:  # Text.render leaves out a style without spans
        segments = [Segment(line.plain, console.get_style(line.style))] if line.plain else []
    else:
        segments = [s for s in line.render(console, end="") if s.text]
    if cache is not None:
        if len(cache) > 256:
            cache.clear()
        cache[key] = segments
    return segments


def _rich_lines(
    console: Console, options: ConsoleOptions, renderable, width: int, pad: bool = False
) -> list[list[Segment]]:
    segments = console.render(renderable, options.update_width(width))
    return [
        list(line) for line in Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=pad)
    ]
