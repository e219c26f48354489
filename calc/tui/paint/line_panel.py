"""LinePanel: lines of Rich text that are redrawn one line at a time.

The aggregates panel and the groups list change on every edit, usually in a few lines only. A
``Static`` redraws all of its lines (and everything behind them) for any change, and asks for a
layout of the whole screen unless told otherwise. This panel keeps the segments of each line and, when its content changes, repaints only the
lines whose segments changed; the screen is laid out again only when the number of lines of
a panel whose height follows its content changes. What it draws is what a ``Static`` showing
``Group(*parts)`` draws, segment for segment (see :class:`~calc.tui.paint.grid.TextLines`, which lays
out the lines; tests compare the two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from .grid import TextGrid, TextLines

if TYPE_CHECKING:  # pragma: no cover
    from textual.style import Style as VisualStyle

Part = Text | TextGrid | RenderableType


class LinePanel(Widget):
    """Shows ``parts`` (texts, which wrap, and :class:`~calc.tui.paint.grid.TextGrid` s) one below
    the other. Subclasses whose text depends on the width override :meth:`parts_at`."""

    def __init__(self, *parts: Part, **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts: tuple[Part, ...] = parts
        self._lines: list[tuple[Segment, ...]] | None = None
        """Segments of each line at :attr:`_width` (None: not laid out yet)."""
        self._width = -1
        self._strips: dict[int, Strip] = {}
        self._strip_style: VisualStyle | None = None
        self._segments_cache: dict = {}
        """Segments of one-line texts already drawn (see TextLines._rendered)."""

    def parts_at(self, width: int) -> tuple[Part, ...]:
        """What to show at ``width`` cells."""
        return self._parts

    @property
    def content(self) -> TextLines:
        """What is shown (printable with Rich; ``str()`` gives its plain text)."""
        return TextLines(*self.parts_at(self.size.width or 80))

    def render(self) -> TextLines:
        return self.content

    def show_lines(self, *parts: Part) -> None:
        """Show ``parts`` instead, repainting only the lines that changed."""
        self._parts = parts
        self.update_lines()

    def update_lines(self) -> None:
        """Lay the content out again (it changed) and repaint the lines that differ."""
        width = self.size.width if self.is_mounted else 0
        if width <= 0:
            self._lines = None
            self._strips.clear()
            self.refresh(layout=True)
            return
        old = self._lines if self._width == width else None
        new = self._layout(width)
        if old is None or len(old) != len(new):
            self._strips.clear()
            height = self.styles.height
            self.refresh(layout=height is None or height.is_auto)
            return
        changed = [y for y, (a, b) in enumerate(zip(old, new)) if a != b]
        if changed:
            for y in changed:
                self._strips.pop(y, None)
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def _layout(self, width: int) -> list[tuple[Segment, ...]]:
        app = self.app
        options = app.console_options.update(highlight=False, width=width)
        content = TextLines(*self.parts_at(width))
        lines = content._rendered(app.console, options, width, self._segments_cache)
        self._lines = [tuple(line) for line in lines]
        self._width = width
        return self._lines

    # -- Textual's widget API -----------------------------------------------------------------

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return TextLines(*self.parts_at(container.width)).get_optimal_width(self.styles, container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not width:
            return 0
        if self._lines is not None and self._width == width:
            return len(self._lines)
        return TextLines(*self.parts_at(width)).get_height(self.styles, width)

    def on_resize(self) -> None:
        if self._width != self.size.width:
            self._lines = None
            self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._segments_cache.clear()

    def render_line(self, y: int) -> Strip:
        style = self.visual_style
        if style is not self._strip_style or self._width != self.size.width:
            self._strips.clear()  # (the width: drawn at a new size before the resize event)
            self._strip_style = style
        strip = self._strips.get(y)
        if strip is not None:
            return strip
        width = self.size.width
        lines = self._lines if self._lines is not None and self._width == width else self._layout(width)
        base = style.rich_style
        if y >= len(lines):
            strip = Strip.blank(width, base)
        else:
            segments: list[Segment] | tuple[Segment, ...] = lines[y]
            if base:
                segments = [Segment(text, base + s, None) for text, s, _ in segments]
            strip = Strip(segments)
            if self.auto_links and any(s.style is not None and s.style._meta for s in segments):
                # as Static does for links (none of our texts has one: skip the lookup)
                strip = strip._apply_link_style(self.link_style)
        self._strips[y] = strip
        return strip
