"""GroupSummary: the aggregates of the selected group against each target, the group set
against the preset's reference benchmarks, and, in compare mode, both sides and the change.

One row per target (2 % guideline, 3.5 % core, 5 % total): how many members meet it, the sum of
member gaps and the collective gap. Rows rather than columns per target so that the headings
never have to be cut at 80 columns. Every figure comes from the engine (a
:class:`~calc.engine.GroupResult`, a :class:`~calc.output.compare.GroupComparison`, a
:class:`~calc.output.benchmarks.BenchmarkComparison`); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text

from ...domain.dataset import Targets
from ...engine.evaluate import GroupResult
from ...output.fmt import gdp_share, money, pct, pct_short, points, pp, signed_money
from ...output.markers import group_members
from ..paint.grid import Beside, GridColumn, TextGrid, TextLines
from ..paint.line_panel import LinePanel

if TYPE_CHECKING:  # pragma: no cover
    from ...engine.printed import PrintedTotal
    from ...output.benchmarks import BenchmarkComparison
    from ...output.compare import GroupComparison

#: Panel width (cells) from which the benchmarks sit beside the aggregates.
SIDE_BY_SIDE = 150
#: Width of the aggregates beside the benchmarks.
AGGREGATES_WIDTH = 80
#: The same in compare mode (A → B takes more room).
SIDE_BY_SIDE_COMPARE = 180
COMPARE_WIDTH = 96

#: Short form of the PPP caveat for the panel (the help and `nato-calc report` give it in full).
PPP_SHORT = "PPP (home prices) set against nominal allied figures: two bases mixed"

VIEWS = ("aggregates", "benchmarks")


def _was(now: str, was: str | None) -> Text:
    t = Text(now)
    if was is not None and was != now:
        t.append(f" (was {was})", "dim")
    return t


def target_rows(t: Targets) -> list[tuple[str, str]]:
    """(target key, row label) in display order."""
    return [
        ("guideline", f"{pct_short(t.guideline)} guideline"),
        ("core", f"{pct_short(t.core)} core"),
        ("total", f"{pct_short(t.total)} total by {t.deadline}"),
    ]


def _delta_role(d: Decimal | int, good_when_negative: bool) -> str:
    if d == 0:
        return "dim"
    return "good" if (d < 0) == good_when_negative else "bad"


_LEFT, _RIGHT = GridColumn(), GridColumn("right")


def _printed_line(pt: PrintedTotal, cur: str, room: int) -> Text:
    """``NATO prints 2.86 % of GDP (at 2021 prices; GDP $63,183.0 bn incl. Iceland)`` under the
    sum: the share, then as much as fits of why it differs from the sum and of the money."""
    gdp, core = f"{cur}{money(pt.gdp, 1)} bn", f"{cur}{money(pt.core, 1)} bn"
    for why in (
        f" (at 2021 prices; GDP {gdp} incl. Iceland) · core {core}",
        f" (at 2021 prices; GDP {gdp} incl. Iceland)",
        " (at 2021 prices; GDP incl. Iceland)",
        "",
    ):
        line = Text.assemble(("NATO prints ", "dim"), pct(pt.core_share), (" of GDP" + why, "dim"))
        if line.cell_len <= room:
            break
    return line


class GroupSummary(LinePanel):
    """The bottom panel (see the module docstring). ``view`` chooses what a narrow panel shows;
    a wide one shows the aggregates and the benchmarks side by side.

    Drawn on every edit, so it is cheap to draw: its grids are
    :class:`~calc.tui.paint.grid.TextGrid` s (what Rich's ``Table.grid`` draws, without measuring
    every cell over and over) in a :class:`~calc.tui.paint.line_panel.LinePanel`, which
    repaints only the lines that changed.
    """

    COMPONENT_CLASSES = {"group-summary--good", "group-summary--bad", "group-summary--warn"}

    view: str = "aggregates"
    """What a narrow panel shows: ``aggregates`` or ``benchmarks`` (``b`` toggles)."""

    _args: dict | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _t: self.call_after_refresh(self._redraw))

    def _style(self, role: str):
        """A rich style for a role: theme colours from app.tcss, or a plain attribute."""
        if role in ("good", "bad", "warn"):
            return self.get_component_rich_style(f"group-summary--{role}", partial=True)
        return role

    _shown_titles: tuple[str | None, str] = (None, "")

    def _set_titles(self, title: str | None, subtitle: str) -> None:
        """Titles are plain text (group names and scenario labels are the user's, never markup)."""
        old_title, old_subtitle = self._shown_titles
        self._shown_titles = (title, subtitle)
        if title != old_title or self.border_title is None and title is not None:
            self.border_title = Text(title) if title is not None else None
        if subtitle != old_subtitle:
            self.border_subtitle = Text(subtitle)

    def update(self, body) -> None:
        """Show ``body``: texts and grids (:class:`~calc.tui.paint.grid.TextLines`) or any Rich
        renderable (the side-by-side layout)."""
        if isinstance(body, TextLines):
            self.show_lines(*body.parts)
        else:
            self.show_lines(body)

    def _redraw(self) -> None:
        if self._args is not None:
            self.show(**self._args)

    def show(
        self,
        group: GroupResult | None,
        targets: Targets,
        *,
        name: str,
        base: GroupResult | None = None,
        excluded: Sequence[str] = (),
        benchmarks: Sequence[BenchmarkComparison] = (),
        benchmarks_a: Sequence[BenchmarkComparison] | None = None,
        comparison: GroupComparison | None = None,
        targets_a: Targets | None = None,
        sides: tuple[str, str] | None = None,
        width: int = 0,
        money_prefix: str = "$",
        printed: PrintedTotal | None = None,
    ) -> None:
        """Render the panel.

        Args:
            group: the group in the session (None: no included member).
            base: the same group in the unchanged preset, for "(was …)" (None: no change).
            benchmarks: the session's benchmarks set against the group (only this group).
            benchmarks_a, comparison, targets_a, sides: compare mode: A's benchmarks, the
                group on both sides, A's targets and the names of A and B.
            width: the panel's width in cells (chooses side by side or one view).
            money_prefix: what the amounts are in (``$``, ``€``): the group's figures come
                converted (see :mod:`calc.tui.money`).
            printed: the publisher's printed total for the group and year, in the same money,
                set under the sum (:func:`calc.engine.timeline.printed_total`; None: none).
        """
        # Wrapped by hand, kept as written: ruff's layout takes 8 more lines.
        self._args = dict(
            group=group, targets=targets, name=name, base=base, excluded=excluded,
            benchmarks=benchmarks, benchmarks_a=benchmarks_a, comparison=comparison,
            targets_a=targets_a, sides=sides, width=width, money_prefix=money_prefix, printed=printed,
        )  # fmt: skip
        # a border title set, even to what it was, repaints the whole panel: set what changed
        self._set_titles(self._title(group, name, excluded, comparison, sides), "")
        if comparison is not None:
            body = self._compare_body(comparison, targets_a or targets, targets, width)
        elif group is None or group.assessed == 0:
            msg = Text("No included member of this group is assessed: nothing to add up.", "italic")
            if excluded:
                msg.append(f"  Excluded: {', '.join(excluded)} (x includes again).")
            body = msg
        else:
            body = None  # the aggregates, laid out below once the width they get is known
        bench = self._benchmarks(benchmarks, benchmarks_a, name) if benchmarks else None
        side_by_side = bench is not None and width >= (
            SIDE_BY_SIDE_COMPARE if comparison is not None else SIDE_BY_SIDE
        )
        left = AGGREGATES_WIDTH if comparison is None else COMPARE_WIDTH
        if comparison is None and group is not None and group.assessed:
            body = self._aggregates(
                group, targets, base, left + 4 if side_by_side else width, money_prefix, printed
            )
        if bench is None:
            self.update(body)
            return
        if side_by_side:
            self.update(Beside(body, bench, left, max(30, width - 4 - left - 3), gap=3))
            return
        other = "benchmarks" if self.view == "aggregates" else "aggregates"
        self._set_titles(self._shown_titles[0], f"b {other}")
        self.update(bench if self.view == "benchmarks" else body)

    # -- aggregates ----------------------------------------------------------------------------

    @staticmethod
    def _aggregates(
        g: GroupResult,
        t: Targets,
        b: GroupResult | None,
        width: int,
        cur: str = "$",
        printed: PrintedTotal | None = None,
    ) -> TextLines:
        n = g.assessed
        head = Text()
        head.append("core ", "dim")
        head.append(f"{cur}{money(g.core, 1)} bn = ")
        core_now = gdp_share(g.core_share, t)
        head.append(core_now, "bold")
        if b is not None and (core_was := gdp_share(b.core_share, t)) != core_now:
            head.append(f" (was {core_was})", "dim")
        head.append(" of GDP", "dim")
        total = Text()
        total.append(" · total ", "dim")
        total_now = gdp_share(g.total_share, t)
        total.append(total_now)
        if b is not None and (total_was := gdp_share(b.total_share, t)) != total_now:
            total.append(f" (was {total_was})", "dim")
        related = Text(f" (related ≤ {pct_short(t.related_cap)}", "dim")
        if g.related_known == 0:
            related.append("; unknown)", "dim")
        elif g.related_known < n:
            related.append(f"; {g.related_known}/{n} known)", "dim")
        else:
            related.append(" counted)", "dim")
        gdp = Text.assemble((" · GDP ", "dim"), f"{cur}{money(g.gdp, 1)} bn")
        room = (width - 4) if width else 10_000
        for part in (total, related, gdp):  # the most telling first; the rest while it fits
            if head.cell_len + part.cell_len > room:
                break
            head.append_text(part)

        header = [
            Text("target", "dim"),
            Text("meeting", "bold"),
            Text(f"sum of gaps {cur}bn", "bold"),
            Text(f"collective {cur}bn", "bold"),
            Text("of GDP", "bold"),
        ]
        rows: list[list[Text]] = []
        plain_points: list[Text] = []  # the points of GDP without "(was …)", when space is short
        for key, label in target_rows(t):
            v = getattr(g, f"meeting_{key}")
            was = f"{getattr(b, f'meeting_{key}')}/{b.assessed}" if b is not None and b.assessed else None
            cells = [Text(label, "bold"), _was(f"{v}/{n}", was)]
            for attr in (f"gap_{key}", f"collective_gap_{key}"):
                cells.append(
                    _was(money(getattr(g, attr), 1), money(getattr(b, attr), 1) if b is not None else None)
                )
            share = f"gap_{key}_share"  # the collective gap in points of the group's GDP
            cells.append(
                _was(points(getattr(g, share)), points(getattr(b, share)) if b is not None else None)
            )
            plain_points.append(Text(points(getattr(g, share))))
            rows.append(cells)
        ncols = 5
        widths = [max(r[i].cell_len for r in [header, *rows]) for i in range(ncols)]
        padding = 2
        if width and sum(widths) + (ncols - 1) * padding > width - 4:  # too wide: tighter, then shorter
            padding = 1
            if sum(widths) + ncols - 1 > width - 4:
                for r in rows:  # "5 % total by 2035" -> "5 % total" (the deadline is a target)
                    r[0] = Text(r[0].plain.split(" by ")[0], "bold")
                widths[0] = max(r[0].cell_len for r in [header, *rows])
            if sum(widths) + ncols - 1 > width - 4:  # still too wide: points of GDP lose "(was …)"
                for r, cell in zip(rows, plain_points):
                    r[4] = cell
                widths[4] = max(r[4].cell_len for r in [header, *rows])
            if sum(widths) + ncols - 1 > width - 4:  # and then go
                ncols = 4
                header = header[:4]
                rows = [r[:4] for r in rows]
        grid = TextGrid((_LEFT, _RIGHT, _RIGHT, _RIGHT, _RIGHT)[:ncols], gap=padding)
        grid.add_row(*header)
        for r in rows:
            grid.add_row(*r)
        if printed is None:
            return TextLines(head, grid)
        return TextLines(head, _printed_line(printed, cur, room), grid)

    # -- compare -------------------------------------------------------------------------------

    def _compare_body(
        self, gc: GroupComparison, ta: Targets, tb: Targets, width: int = 0
    ) -> TextLines | Text:
        st = self._style
        a, b, d = gc.a, gc.b, gc.delta
        if a is None or b is None or d is None:
            side = "A" if a is None else "B"
            return Text(f"{gc.name}: no included member in {side}; nothing to compare.", "italic")
        head = Text()
        head.append("core ", "dim")
        head.append(f"${money(a.core, 1)} → ${money(b.core, 1)} bn ")
        head.append(f"({signed_money(d.core, 1)})", st(_delta_role(-d.core, True)))  # type: ignore[operator]  # both sides present: the group has its core delta
        head.append(" · ", "dim")
        head.append(f"{pct(a.core_share)} → ")
        head.append(pct(b.core_share), "bold")
        if d.core_share is not None:
            head.append(f" ({pp(d.core_share)})", st(_delta_role(-d.core_share, True)))
        head.append(" of GDP", "dim")
        total = Text.assemble((" · total ", "dim"), f"{pct(a.total_share)} → {pct(b.total_share)}")
        if not width or head.cell_len + total.cell_len <= width - 4:
            head.append_text(total)

        grid = TextGrid((_LEFT, _RIGHT, _RIGHT, _RIGHT), gap=1)
        grid.add_row(
            Text("target", "dim"),
            Text("meeting A → B", "bold"),
            Text("sum of gaps A → B $bn", "bold"),
            Text("collective A → B $bn", "bold"),
        )
        short = {"guideline": "", "core": " core", "total": " total"}
        for key, _ in target_rows(tb):
            label = f"{pct_short(tb.share(key))}{short[key]}"
            if ta.get(key) != tb.get(key):
                label += f" ({pct_short(ta.share(key))} in A)"
            ma, mb = getattr(a, f"meeting_{key}"), getattr(b, f"meeting_{key}")
            dm = getattr(d, f"meeting_{key}")
            same = a.assessed == b.assessed
            meet = Text(f"{ma} → {mb}/{b.assessed}" if same else f"{ma}/{a.assessed} → {mb}/{b.assessed}")
            if dm:
                meet.append(f" ({dm:+d})", st(_delta_role(-dm, True)))
            cells = [meet]
            for attr in (f"gap_{key}", f"collective_gap_{key}"):
                va, vb, dv = getattr(a, attr), getattr(b, attr), getattr(d, attr)
                cell = Text(f"{money(va, 1)} → {money(vb, 1)}")
                if dv:
                    cell.append(f" ({signed_money(dv, 1)})", st(_delta_role(dv, True)))
                cells.append(cell)
            grid.add_row(Text(label, "bold"), *cells)
        parts: list = [head, grid]
        from ...output.compare import status_text

        notes = [status_text(s) for s in gc.status_changes]
        if gc.joined:
            notes.append("only in B: " + ", ".join(gc.joined))
        if gc.left:
            notes.append("not in B: " + ", ".join(gc.left))
        if notes:
            parts.append(Text(" · ".join(notes), "italic"))
        return TextLines(*parts)

    # -- benchmarks ----------------------------------------------------------------------------

    def _benchmarks(
        self,
        bcs: Sequence[BenchmarkComparison],
        bcs_a: Sequence[BenchmarkComparison] | None,
        name: str,
    ) -> TextLines | Text:
        from ...output.benchmarks import ratio_text

        cur = (self._args or {}).get("money_prefix", "$")
        rows = [(bc, bc.groups[0]) for bc in bcs if bc.groups]
        if not rows:
            return Text(f"{name}: no assessed member to set against the benchmarks.", "italic")
        a_ratio = {}
        for bc in bcs_a or ():
            if bc.groups:
                a_ratio[bc.benchmark.id] = bc.groups[0].ratio
        grid = TextGrid((GridColumn(max_width=22), _RIGHT, _LEFT, _RIGHT), gap=1)
        grid.add_row(
            Text("core ÷ benchmark", "bold"),
            Text(f"{cur}bn", "dim"),
            Text("basis", "dim"),
            Text("A → B" if bcs_a is not None else "ratio", "bold"),
        )
        ppp = False
        for bc, r in rows:
            b = bc.benchmark
            star = "*" if bc.is_ppp else ""
            ppp = ppp or bc.is_ppp
            basis = Text("PPP" if bc.is_ppp else "MER", "bold" if bc.is_ppp else "")
            basis.append(f" {b.year}" if b.year else "", self._style("warn") if bc.year_differs else "dim")
            ratio = Text()
            if bcs_a is not None:
                ra = a_ratio.get(b.id)
                ratio.append((ratio_text(ra) if ra is not None else "–") + " → ", "dim")
            ratio.append(ratio_text(r.ratio), "bold")
            grid.add_row(Text(b.id + star), money(b.value, 1), basis, ratio)
        notes: list[Text] = []
        if ppp:
            notes.append(Text(f"* {PPP_SHORT}", "dim"))
        for bc, _ in rows:
            c = bc.comparator
            if c is None:
                continue
            line = Text(f"{bc.benchmark.id}: its publisher's comparator ", "dim")
            line.append(f"{c.label or c.group}: {cur}{money(c.theirs, 1)} bn {ratio_text(c.theirs_ratio)}")
            notes.append(line)  # the same on every edit: wrapped once (the panel caches it)
            if c.ours is not None:  # what edits change, on a line of its own
                here = Text(f"  here {c.name}: ", "dim")
                here.append(f"{cur}{money(c.ours, 1)} bn {ratio_text(c.ours_ratio)}")
                notes.append(here)
        return TextLines(grid, *notes)

    # -- title -----------------------------------------------------------------------------------

    @staticmethod
    def _title(
        group: GroupResult | None,
        name: str,
        excluded: Sequence[str],
        comparison: GroupComparison | None = None,
        sides: tuple[str, str] | None = None,
    ) -> str:
        if comparison is not None:
            a, b = comparison.a, comparison.b
            title = f"{name} · {a.size if a else 0} → {b.size if b else 0} members"
            if sides is not None:
                title += f" · A {sides[0]} → B {sides[1]}"
            return title
        if group is None:
            title = f"{name} · no included members"
        else:  # as the report's group block: "29 members (ISL not assessed; not yet allies: FIN)"
            size, notes = group_members(group.size, group.not_assessed, group.not_yet)
            title = f"{name} · {size}" + (f" ({notes})" if notes else "")
        if excluded:
            title += f" · excluded: {', '.join(excluded)}"
        return title
