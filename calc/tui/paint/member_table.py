"""MemberTable: one row per ally, keyed by code, redrawn one row at a time.

Why not Textual's ``DataTable``: it keys every render cache on one global update counter, so
changing a single cell re-renders every visible cell (about 400 Rich renders on a 160x50
screen, well over the 16 ms an edit may take). This table keeps one rendered strip per row and,
after an edit, redraws only the rows whose cells changed. It does what the member table needs
and no more: a header row, a fixed first column, a cell cursor, zebra rows, keyboard and mouse,
horizontal and vertical scrolling.

Cells are :data:`~calc.tui.cells.CellSpec` tuples turned straight into segments (no Rich
layout); colours are *roles* mapped to theme-aware styles from ``app.tcss`` component classes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.dataset import Targets
from ...engine.evaluate import MemberResult
from ..cells import CellSpec, Column, row_specs

#: Foreground roles of cell parts (see :mod:`calc.tui.cells`).
ROLES = ("ok", "fail", "gap", "muted", "edited", "warn", "excluded", "code")
#: Backgrounds: odd/even rows, the cursor's row, the cursor cell (focused or not), the header.
BACKGROUNDS = ("odd", "even", "cursor-row", "cursor", "cursor-blurred", "header")
PAD = 1


def spec_len(spec: CellSpec) -> int:
    """Width of a cell on screen."""
    if spec and isinstance(spec[0], tuple):
        return sum(cell_len(text) + cell_len(mark) for text, _, mark, _ in spec)
    return cell_len(spec[0]) + cell_len(spec[2])


def _parts(spec: CellSpec) -> tuple:
    return spec if spec and isinstance(spec[0], tuple) else (spec,)


class MemberTable(ScrollView, can_focus=True):
    """The member table (see the module docstring).

    Rows are keyed by member code and columns by :class:`~calc.tui.cells.Column` key.
    :meth:`show` builds the table; :meth:`update_results` changes cells in place and
    :meth:`reorder` moves rows, both keeping the cursor on its member and the scroll position.
    """

    BINDINGS = [
        Binding("enter", "select", "Edit", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("left,h", "cursor_left", "Left", show=False),
        Binding("right,l", "cursor_right", "Right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "first_column", "First column", show=False),
        Binding("end", "last_column", "Last column", show=False),
        Binding("ctrl+home", "first_row", "First row", show=False),
        Binding("ctrl+end", "last_row", "Last row", show=False),
    ]

    COMPONENT_CLASSES = {f"member-table--{r}" for r in (*ROLES, *BACKGROUNDS)}

    class _CellMessage(Message):
        def __init__(self, table: MemberTable, code: str | None, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.code = code
            self.key = key

        @property
        def control(self) -> MemberTable:
            return self.table

    class CellHighlighted(_CellMessage):
        """The cursor moved to the cell of member ``code``, column ``key``."""

    class CellSelected(_CellMessage):
        """Enter, or a click on the cell under the cursor: edit it."""

    class HeaderSelected(Message):
        """A click on the header of column ``key``."""

        def __init__(self, table: MemberTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> MemberTable:
            return self.table

    class Rebuilt(Message):
        """Posted after :meth:`show` rebuilt the table."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._columns: tuple[Column, ...] = ()
        self._keys: tuple[str, ...] = ()
        self._left: tuple[bool, ...] = ()
        self._specs: dict[str, tuple[CellSpec, ...]] = {}
        self._results: dict[str, MemberResult] = {}
        self._spec_fn = row_specs
        self._order: list[str] = []
        self._index: dict[str, int] = {}
        self._widths: list[int] = []
        self._targets: Targets | None = None
        self.money_unit = "$bn"
        """The unit of the money columns' titles (``€bn`` in euros; see :mod:`calc.tui.money`)."""
        self._sort: tuple[str, bool] | None = None
        self._pieces: dict[str, list] = {}
        #: The last :meth:`needed_widths` asked and its answer (a currency switch asks again
        #: for the same results: their widths are measured in US dollars).
        self._needed: tuple | None = None
        """Cells of each row as (text, role) pieces (see :meth:`_row_pieces`)."""
        self._rows: dict[str, dict[tuple, Strip]] = {}
        """Rendered rows: code -> {cache key: strip of the full row}. A row keeps a strip per
        look (odd or even line, with or without the cursor), so rows that move when the
        table is sorted do not have to be drawn again when they move back."""
        self._header: tuple[tuple, Strip] | None = None
        self._palette: dict[tuple[str, str | None], Style] | None = None
        self._cursor = (0, 0)

    # -- theme -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)

    def _on_theme_changed(self, _theme) -> None:
        # after the stylesheet has been refreshed for the new theme
        self.call_after_refresh(self.restyle)

    def restyle(self) -> None:
        """Drop every rendered row: styles changed (theme, focus)."""
        self._palette = None
        self._rows.clear()
        self._header = None
        self.refresh()

    def on_focus(self, event: events.Focus) -> None:
        self._refresh_row(self.cursor_row)

    def on_blur(self, event: events.Blur) -> None:
        self._refresh_row(self.cursor_row)

    def style_for(self, background: str, role: str | None) -> Style:
        """The style of a cell part: a background (odd, cursor, ...) with a role's colour."""
        if self._palette is None:
            self._palette = self._make_palette()
        return self._palette[(background, role)]

    def _make_palette(self) -> dict[tuple[str, str | None], Style]:
        # Theme colours such as $text-muted are "auto 60%" (a contrast colour with alpha) or
        # carry an alpha channel: a Rich style can hold neither, so they are resolved against
        # the background each cell is drawn on.
        _, base = self.background_colors

        def fg(styles, bg):
            if not styles.has_rule("color"):
                return None
            color = styles.color
            if styles.auto_color:
                color = bg.get_contrast_text(color.a)
            return bg + color

        role_styles = {r: self.get_component_styles(f"member-table--{r}") for r in ROLES}
        default = self.styles
        pal: dict[tuple[str, str | None], Style] = {}
        for name in BACKGROUNDS:
            styles = self.get_component_styles(f"member-table--{name}")
            bg = base + styles.background if styles.has_rule("background") else base
            own = fg(styles, bg)
            default_fg = own or fg(default, bg) or bg.get_contrast_text()
            bg_style = Style(bgcolor=bg.rich_color, color=default_fg.rich_color) + styles.text_style
            pal[(name, None)] = bg_style
            for r, rs in role_styles.items():
                role_fg = fg(rs, bg)
                role_style = Style(color=role_fg.rich_color if role_fg else None) + rs.text_style
                if name == "cursor":  # the cursor's own colours win
                    pal[(name, r)] = role_style + bg_style
                else:
                    pal[(name, r)] = bg_style + role_style
        return pal

    # -- building ----------------------------------------------------------------------------

    def show(
        self,
        results: Sequence[MemberResult],
        columns: tuple[Column, ...],
        targets: Targets,
        sort: tuple[str, bool] | None,
        specs=None,
    ) -> None:
        """Show ``results`` (already filtered and ordered) with ``columns``: a full rebuild.

        ``results`` are rows with a ``code``: member results, or, in compare mode, member
        comparisons with ``specs`` the function that turns a row into cells (default
        :func:`~calc.tui.cells.row_specs`). The cursor stays on the same member and column
        when they are still shown, and the scroll position is kept.
        """
        self._spec_fn = specs or row_specs
        keep_code, keep_key = self.cursor_keys()
        keep_row = self.cursor_row
        self._columns = columns
        self._keys = tuple(c.key for c in columns)
        self._left = tuple(c.left for c in columns)
        self._targets = targets
        self._sort = sort
        self._results = {r.code: r for r in results}
        self._order = [r.code for r in results]
        self._index = {c: i for i, c in enumerate(self._order)}
        self._specs = {r.code: self._spec_fn(r, self._keys) for r in results}
        self._rows.clear()
        self._pieces.clear()
        self._header = None
        self._measure()
        row = self._index.get(keep_code, min(keep_row, max(len(self._order) - 1, 0)))  # type: ignore[arg-type]  # None: no member to keep, the row stays
        col = self._keys.index(keep_key) if keep_key in self._keys else 0
        self._cursor = (row, col)
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)
        self.post_message(self.Rebuilt())
        self.post_message(self.CellHighlighted(self, *self.cursor_keys()))

    def needed_widths(
        self,
        results: Sequence[MemberResult],
        layouts: Sequence[tuple[Column, ...]],
        targets: Targets,
        specs=None,
    ) -> list[int]:
        """Cells the table needs to show ``results`` in each column layout without scrolling
        sideways (its vertical scrollbar included). Every cell is measured once, and not again
        when asked for the same results (the same objects), layouts and targets."""
        specs = specs or row_specs
        asked = (results, tuple(layouts), targets, specs)
        last = self._needed
        if last is not None and last[0] is results and last[1:4] == asked[1:] and type(results) is tuple:
            return list(last[4])
        needed = self._needed_widths(results, layouts, targets, specs)
        self._needed = (*asked, tuple(needed))
        return needed

    def _needed_widths(self, results, layouts, targets, specs) -> list[int]:
        columns = {c.key: c for layout in layouts for c in layout}
        keys = tuple(columns)
        widths = [cell_len(c.title(targets)) + 2 for c in columns.values()]  # title + sort arrow
        for r in results:
            for i, spec in enumerate(specs(r, keys)):
                n = spec_len(spec)
                if n > widths[i]:
                    widths[i] = n
        by_key = dict(zip(keys, widths))
        return [sum(by_key[c.key] + 2 * PAD for c in layout) + 1 for layout in layouts]

    def _measure(self) -> None:
        widths = [cell_len(self.label(c).plain) for c in self._columns]
        for specs in self._specs.values():
            for i, spec in enumerate(specs):
                n = spec_len(spec)
                if n > widths[i]:
                    widths[i] = n
        self._widths = widths
        self._set_virtual_size()

    def _set_virtual_size(self) -> None:
        total = sum(w + 2 * PAD for w in self._widths)
        self.virtual_size = Size(total, len(self._order) + 1)

    def update_results(
        self, results: Sequence[MemberResult], order: list[str] | None = None, specs=None
    ) -> int:
        """Bring the shown rows up to date with new results; return how many cells changed.

        ``specs``: the row-spec function from now on (the targets may have changed since
        :meth:`show`; the old cells are compared with the new ones it makes).

        ``results`` may hold more members than are shown (they are ignored). Rows whose result
        object is unchanged are skipped without comparison; for the others only cells whose
        text or style changed count, and only those rows are redrawn. ``order`` is the new
        display order of the shown codes (when sorted); rows move if it differs.
        """
        respec = specs is not None and specs is not self._spec_fn
        if respec:  # new targets: the cells of unchanged results are made again too
            self._spec_fn = specs
        changed_cells = 0
        changed_rows: list[str] = []
        wider = False
        current = self._results
        specs_by_code = self._specs
        keys = self._keys
        widths = self._widths
        for r in results:
            old = current.get(r.code)
            if old is None or (old is r and not respec):
                continue
            current[r.code] = r
            new_specs = self._spec_fn(r, keys)
            old_specs = specs_by_code[r.code]
            if new_specs == old_specs:
                continue
            specs_by_code[r.code] = new_specs
            for i, (a, b) in enumerate(zip(old_specs, new_specs)):
                if a != b:
                    changed_cells += 1
                    n = spec_len(b)
                    if n > widths[i]:
                        widths[i] = n
                        wider = True
            changed_rows.append(r.code)
        if wider:  # a column grew: every row moves
            self._set_virtual_size()
            self._rows.clear()
            self._pieces.clear()
            self._header = None
            self.refresh()
        else:
            for code in changed_rows:
                self._rows.pop(code, None)
                self._pieces.pop(code, None)
                self._refresh_row(self._index[code])
        if order is not None and order != self._order:
            self.reorder(order)
        return changed_cells

    def reorder(self, order: list[str]) -> None:
        """Put the shown rows in ``order``; the cursor follows its member."""
        code, _ = self.cursor_keys()
        before = self._order
        self._order = list(order)
        self._index = {c: i for i, c in enumerate(self._order)}
        if len(before) != len(self._order):
            self.refresh()
        else:
            # only the screen lines whose member changed (a sorted edit moves one row: the rows
            # between its old and new place shift, often none of them on screen); a full
            # refresh made Textual draw every line of the table again
            top = self.scroll_offset.y
            for index in range(top, min(len(before), top + self.size.height - 1)):
                if before[index] != self._order[index]:
                    self._refresh_row(index)
        if code is not None and code in self._index:
            self.move_cursor(row=self._index[code])

    def set_sort_indicator(self, sort: tuple[str, bool] | None) -> None:
        """Show the sort arrow in the header (the caller reorders the rows)."""
        self._sort = sort
        self._header = None
        self.refresh(Region(0, 0, self.size.width, 1))

    # -- queries -----------------------------------------------------------------------------

    @property
    def order(self) -> list[str]:
        """The codes shown, top to bottom."""
        return list(self._order)

    @property
    def column_keys(self) -> tuple[str, ...]:
        return self._keys

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def fixed_columns(self) -> int:
        return 1

    @property
    def cursor_row(self) -> int:
        return self._cursor[0]

    @property
    def cursor_column(self) -> int:
        return self._cursor[1]

    def cursor_keys(self) -> tuple[str | None, str | None]:
        """(member code, column key) under the cursor."""
        if not self._order or not self._keys:
            return None, None
        row, col = self._cursor
        return self._order[min(row, len(self._order) - 1)], self._keys[min(col, len(self._keys) - 1)]

    def column_width(self, key: str) -> int:
        """Width of a column's content (without padding)."""
        return self._widths[self._keys.index(key)]

    def column_x(self, key: str) -> int:
        """Offset of a column from the table's left edge when not scrolled sideways."""
        i = self._keys.index(key)
        return sum(w + 2 * PAD for w in self._widths[:i])

    def label(self, col: Column) -> Text:
        """The header of a column, with the sort arrow when sorted by it."""
        title = col.title(self._targets) if self._targets is not None else col.key
        if self.money_unit != "$bn":
            title = title.replace("$bn", self.money_unit)
        arrow = " "
        if self._sort is not None and self._sort[0] == col.key:
            arrow = "▼" if self._sort[1] else "▲"
        return Text(f"{title} {arrow}" if col.left else f"{arrow}{title} ")

    def label_text(self, key: str) -> str:
        return self.label(self._columns[self._keys.index(key)]).plain

    def get_cell(self, code: str, key: str) -> Text:
        """A cell as styled text (as shown outside the cursor)."""
        spec = self._specs[code][self._keys.index(key)]
        bg = "even" if self._index[code] % 2 else "odd"
        t = Text(end="")
        for text, role, mark, mark_role in _parts(spec):
            t.append(text, self.style_for(bg, role))
            if mark:
                t.append(mark, self.style_for(bg, mark_role))
        return t

    def cell_text(self, code: str, key: str) -> str:
        """The text shown in a cell (tests assert on it)."""
        spec = self._specs[code][self._keys.index(key)]
        return "".join(text + mark for text, _, mark, _ in _parts(spec))

    def row_text(self, code: str) -> dict[str, str]:
        return {k: self.cell_text(code, k) for k in self._keys}

    # -- cursor ------------------------------------------------------------------------------

    def cursor_to(self, code: str, key: str | None = None) -> bool:
        """Move the cursor to ``code`` (and column ``key``); False when that row is not shown."""
        if code not in self._index:
            return False
        col = self._keys.index(key) if key in self._keys else self.cursor_column
        self.move_cursor(row=self._index[code], column=col)
        return True

    def move_cursor(self, row: int | None = None, column: int | None = None, scroll: bool = True) -> None:
        if not self._order:
            return
        old = self._cursor
        r = old[0] if row is None else max(0, min(row, len(self._order) - 1))
        c = old[1] if column is None else max(0, min(column, len(self._keys) - 1))
        self._cursor = (r, c)
        if (r, c) != old:
            self._refresh_row(old[0])
            self._refresh_row(r)
            self.post_message(self.CellHighlighted(self, *self.cursor_keys()))
        if scroll:
            self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        if not self._order or not self._widths:
            return
        row, col = self._cursor
        fixed = self._widths[0] + 2 * PAD
        if col == 0:
            x, w = self.scroll_offset.x + fixed, 1
        else:
            x, w = self.column_x(self._keys[col]), self._widths[col] + 2 * PAD
        self.scroll_to_region(
            Region(x, row + 1, w, 1),
            spacing=Spacing(1, 0, 0, fixed),
            animate=False,
            force=True,
            immediate=True,
        )

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_cursor_left(self) -> None:
        self.move_cursor(column=self.cursor_column - 1)

    def action_cursor_right(self) -> None:
        self.move_cursor(column=self.cursor_column + 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._page())

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._page())

    def action_first_column(self) -> None:
        self.move_cursor(column=0)

    def action_last_column(self) -> None:
        self.move_cursor(column=len(self._keys) - 1)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._order) - 1)

    def action_select(self) -> None:
        if self._order:
            self.post_message(self.CellSelected(self, *self.cursor_keys()))

    # -- mouse -------------------------------------------------------------------------------

    def _column_at(self, x: int) -> int | None:
        """Column index under screen column ``x`` of the table."""
        fixed = self._widths[0] + 2 * PAD if self._widths else 0
        if x < fixed:
            return 0
        vx = x + self.scroll_offset.x
        edge = 0
        for i, w in enumerate(self._widths):
            edge += w + 2 * PAD
            if vx < edge:
                return i
        return None

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._keys:
            return
        col = self._column_at(offset.x)
        if col is None:
            return
        if offset.y == 0:
            self.post_message(self.HeaderSelected(self, self._keys[col]))
            return
        row = offset.y - 1 + self.scroll_offset.y
        if not 0 <= row < len(self._order):
            return
        if (row, col) == self._cursor:
            self.post_message(self.CellSelected(self, *self.cursor_keys()))
        else:
            self.move_cursor(row=row, column=col, scroll=False)
        event.stop()

    # -- rendering ---------------------------------------------------------------------------

    def _refresh_row(self, row: int) -> None:
        """Repaint the screen line of row ``row`` if it is visible."""
        y = row + 1 - self.scroll_offset.y
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _render_row(self, code: str, index: int) -> Strip:
        row, col = self._cursor
        on_cursor = index == row
        parity = "even" if index % 2 else "odd"
        cursor_kind = ("cursor" if self.has_focus else "cursor-blurred") if on_cursor else None
        key = (index % 2, col if on_cursor else -1, cursor_kind)
        looks = self._rows.get(code)
        if looks is None:
            looks = self._rows[code] = {}
        else:
            cached = looks.get(key)
            if cached is not None:
                return cached
        row_bg = "cursor-row" if on_cursor else parity
        strip = self._draw_row(code, col if on_cursor else None, row_bg, cursor_kind)
        if len(looks) >= 4:
            looks.clear()
        looks[key] = strip
        return strip

    def _draw_row(self, code: str, cursor_col: int | None, row_bg: str, cursor_kind: str | None) -> Strip:
        """The strip of row ``code`` drawn afresh (what :meth:`_render_row` keeps per look):
        ``row_bg`` its background, the cell in column ``cursor_col`` (if any) ``cursor_kind``."""
        # Runs of text in one style become one segment (the padding, the alignment fill and
        # the value usually share a style): fewer segments to crop, filter and write out.
        segments: list[Segment] = []
        append = segments.append
        style_for = self.style_for
        run: list[str] = []
        run_style: Style | None = None
        for i, pieces in enumerate(self._row_pieces(code)):
            bg = cursor_kind if i == cursor_col else row_bg
            for text, role in pieces:
                style = style_for(bg, role)  # type: ignore[arg-type]
                if style is run_style:
                    run.append(text)
                else:
                    if run:
                        append(Segment("".join(run), run_style))
                    run = [text]
                    run_style = style
        if run:
            append(Segment("".join(run), run_style))
        return Strip(segments, sum(w + 2 * PAD for w in self._widths))

    def _row_pieces(self, code: str) -> list[tuple[tuple[str, str | None], ...]]:
        """Each cell of a row as (text, role) pieces, padding and alignment included (role
        None: the background's own style). Cached until the row's cells or widths change."""
        pieces = self._pieces.get(code)
        if pieces is None:
            pieces = []
            pad = " " * PAD
            for spec, width, left in zip(self._specs[code], self._widths, self._left):
                parts = _parts(spec)
                fill = width - sum(cell_len(text) + cell_len(mark) for text, _, mark, _ in parts)
                cell: list[tuple[str, str | None]] = [(pad, None)]
                if fill > 0 and not left:
                    cell.append((" " * fill, None))
                for text, role, mark, mark_role in parts:
                    cell.append((text, role))
                    if mark:
                        cell.append((mark, mark_role))
                if fill > 0 and left:
                    cell.append((" " * fill, None))
                cell.append((pad, None))
                pieces.append(tuple(cell))
            self._pieces[code] = pieces
        return pieces

    def _render_header(self) -> Strip:
        if self._header is None:
            style = self.style_for("header", None)
            segments = []
            for i, col in enumerate(self._columns):
                label = self.label(col).plain
                fill = " " * (self._widths[i] - cell_len(label))
                text = f"{label}{fill}" if col.left else f"{fill}{label}"
                segments.append(Segment(f"{' ' * PAD}{text}{' ' * PAD}", style))
            strip = Strip(segments, sum(w + 2 * PAD for w in self._widths))
            self._header = ((), strip)
        return self._header[1]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.style_for("odd", None)
        if not self._keys:
            return Strip.blank(width, base)
        if y == 0:
            full = self._render_header()
            fill_style = self.style_for("header", None)
        else:
            index = y - 1 + self.scroll_offset.y
            if index >= len(self._order):
                return Strip.blank(width, base)
            full = self._render_row(self._order[index], index)
            fill_style = base
        fixed = self._widths[0] + 2 * PAD
        sx = self.scroll_offset.x
        if sx:
            line = Strip.join([full.crop(0, fixed), full.crop(fixed + sx, fixed + sx + width - fixed)])
        else:
            line = full.crop(0, width)
        return line.extend_cell_length(width, fill_style)
