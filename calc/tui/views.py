"""What the member table shows, chosen once per mode: :class:`NormalView` (the session's
members) or :class:`CompareView` (each member on both sides, A and B).

The main screen asks its view for the columns, the rows, their order, the cells and the line
of information on the cell under the cursor, instead of branching on compare mode; it picks
the view again only when compare mode starts or stops (:func:`view_for`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from rich.text import Text

from ..domain import registry
from ..engine.evaluate import MemberResult
from ..engine.printed import printed_total
from ..output.fmt import gdp_share, member_share, money, pct, pct_short, points, pp
from ..output.markers import NO, YES, not_assessed_words
from .cells import COLUMN, LAYOUTS, STATUS_WORDS, Column, figure_status, member_specs, ordered
from .compare_cells import (
    COMPARE_COLUMN,
    COMPARE_LAYOUTS,
    SideTargets,
    compare_ordered,
    compare_specs,
    gap_change_text,
)
from .money import amount, column_unit

if TYPE_CHECKING:  # pragma: no cover
    from .paint.member_table import MemberTable
    from .session import Session

#: The target each column of the table measures against ("all" for the Meets column).
TARGET_OF = {f.key: f.target for f in registry.TABLE_FIGURES if f.target}


class TableView(Protocol):
    """What the main screen asks about the member table, whatever the mode."""

    comparing: bool
    column: dict[str, Column]

    def choose(self, table: MemberTable, width: int) -> tuple[Column, ...]: ...
    def show(self, table: MemberTable, columns: tuple[Column, ...]) -> None: ...
    def update(self, table: MemberTable) -> bool: ...
    def reorder(self, table: MemberTable) -> None: ...
    def describe(self, code: str, key: str) -> Text: ...
    def sides(self) -> tuple[str | None, str]: ...
    def summary_extra(self) -> dict: ...


def _widest_fitting(layouts, needed: list[int], width: int) -> tuple[Column, ...]:
    for layout, w in zip(layouts, needed):
        if w <= width:
            return layout
    return layouts[-1]


class NormalView:
    """The session's members: one row per member, its figures and where it stands."""

    comparing = False
    column = COLUMN

    def __init__(self, session: Session) -> None:
        self.session = session

    def choose(self, table: MemberTable, width: int) -> tuple[Column, ...]:
        """The widest layout that shows every member of the preset (not only the filtered
        rows, so typing a filter never changes the columns) within ``width``."""
        result = self.session.result
        return _widest_fitting(
            LAYOUTS,
            table.needed_widths(result.members, LAYOUTS[:-1], result.targets, member_specs(result.targets)),
            width,
        )

    def show(self, table: MemberTable, columns: tuple[Column, ...]) -> None:
        s = self.session
        table.money_unit = column_unit(s.shown.currency)
        table.show(s.shown_members(), columns, s.result.targets, s.sort, member_specs(s.result.targets))

    def update(self, table: MemberTable) -> bool:
        """Redraw the cells that changed; False when the rows themselves must be rebuilt."""
        s = self.session
        order = None
        if s.sort is not None:  # the order is the USD result's (a sort of mixed currencies means nothing)
            shown = set(table.order)
            order = [r.code for r in ordered([r for r in s.result.members if r.code in shown], s.sort)]
        table.update_results(s.shown.members, order, member_specs(s.result.targets))
        return True

    def reorder(self, table: MemberTable) -> None:
        s = self.session
        shown = set(table.order)
        table.reorder([r.code for r in ordered([r for r in s.result.members if r.code in shown], s.sort)])

    def sides(self) -> tuple[str | None, str]:
        """What the session bar names as A and B: nothing outside compare mode."""
        return None, ""

    def summary_extra(self) -> dict:
        """The aggregates panel's arguments for this mode: the preset's group without the
        changes, once there are changes (for the arrows), and the publisher's printed total
        while the figures are as published."""
        s = self.session
        base = s.base_shown.group(s.group) if s.changes else None
        return {"base": base, "printed": printed_total(s.shown, s.group)}

    def describe(self, code: str, key: str) -> Text:
        """One or two lines on the figure under the cursor: value, status, source, note."""
        s = self.session
        shown = s.shown
        r = shown.member(code)
        m = s.preset.member(code)
        if r is None or m is None:
            return Text("")

        def cash(v, places: int | None = 2) -> str:
            return amount(shown, v, places, code)

        t = s.result.targets
        col = COLUMN[key]
        field = col.field if key not in ("code", "name", "status") else None
        out = Text(no_wrap=False)
        out.append(f"{r.code} {r.name}", "bold")
        if not r.included:
            out.append(" · excluded (x includes it again)", "italic")
        if key in TARGET_OF and r.assessed:
            out.append_text(self._target_status(r, key))
            out.append(" · e edits core spending", "dim")
            return out
        if field is None:
            out.append(f" · GDP {cash(r.gdp, 1)} · core {gdp_share(r.core_share, t)} of GDP ({cash(r.core)})")
            if published_apart(r):
                out.append(f" as NATO publishes it (money ÷ GDP: {pct(r.core_share_from_money)})", "italic")
            out.append(" · related " + (cash(r.related) if r.related is not None else "unknown"))
            if not r.assessed:
                out.append(f" · {not_assessed_words(r.flags, m.joined)}")
            mine = [c.describe() for c in s.changes if c.member in (code, "*")]
            if mine:
                out.append(" · changed: " + "; ".join(mine), "bold")
            elif m.note:
                out.append(f" · {m.note}", "dim")
            return out
        fig = getattr(m, field)
        label = {
            "gdp": "GDP",
            "core": "core spending",
            "related": "related spending",
            "ukraine_aid": "Ukraine aid",
        }[field]
        value = {"gdp": r.gdp, "core": r.core, "related": r.related, "ukraine_aid": r.ukraine_aid}[field]
        if field in ("related", "ukraine_aid") and value is None:
            out.append(f" · {label} unknown (counted as 0; type a value to set it)")
            return out
        out.append(f" · {label} {cash(value)}")
        apart = field == "core" and published_apart(r)
        if field == "ukraine_aid" and value is not None:  # both in the money shown: the same share
            out.append(f" = {pct(value / r.gdp)} of GDP")
            counted = r.ukraine_aid_counted
            out.append(
                " · counted toward core (U stops)" if counted else " · not counted toward core (U counts it)"
            )
        elif field != "gdp":
            share = r.core_share if field == "core" else r.related_share
            out.append(f" = {gdp_share(r.core_share_from_money if apart else share, t)} of GDP")
        if apart:
            out.append(
                f" · NATO publishes {gdp_share(r.core_share, t)}: the targets are judged on it", "italic"
            )
        status = figure_status(r, field)
        if status:
            out.append(
                f" · {STATUS_WORDS.get(status, status)}",
                "bold" if status in ("edited", "placeholder") else "",
            )
        if status == "edited":
            last = [c for c in s.changes if c.member in (code, "*") and (c.field or "").startswith(field)]
            if last:
                out.append(f" ({last[-1].describe()})")
        elif fig is not None and fig.source:
            src = s.preset.source(fig.source)
            if src is not None:
                out.append(" · source: ", "dim")
                out.append(src.title + (f" ({src.publisher})" if src.publisher else ""), "dim")
        note = fig.note if fig is not None and fig.note else m.note
        if note and status != "edited":
            out.append(f" · {note}", "dim")
        return out

    def _target_status(self, r: MemberResult, key: str) -> Text:
        """Where a member stands against one target (a gap column) or all three (Meets)."""
        t = self.session.result.targets
        shown = self.session.shown
        out = Text()
        # A table, kept as written: one row a line.
        names = (
            ("guideline", f"{pct_short(t.guideline)} guideline", r.meets_guideline, r.gap_guideline, r.surplus_guideline, r.gap_guideline_share),
            ("core", f"{pct_short(t.core)} core", r.meets_core, r.gap_core, r.surplus_core, r.gap_core_share),
            ("total", f"{pct_short(t.total)} total", r.meets_total, r.gap_total, r.surplus_total, r.gap_total_share),
        )  # fmt: skip
        for name, label, meets, gap, surplus, gap_share in names:
            if key != "status" and TARGET_OF[key] != name:
                continue
            out.append(" · ")
            if meets:
                out.append(f"{YES} {label} met", "bold")
                if surplus:
                    out.append(f" ({amount(shown, surplus, 2, r.code)} above)")
            else:
                out.append(
                    f"{NO} {label}: {amount(shown, gap, 2, r.code)} short ({points(gap_share)} of GDP)",
                    "bold",
                )
        if key == "gap_total" and r.related is None:
            out.append(" · related spending unknown, counted as 0", "dim")
        return out


#: NATO's published share and money ÷ GDP further apart than this are worth a word (0.05 pp).
PUBLISHED_APART = Decimal("0.0005")


def published_apart(r: MemberResult) -> bool:
    """True when NATO's published share and money ÷ GDP differ by more than 0.05 points (the
    Netherlands 2026: 2.58 % and 2.29 %): the cell information gives both."""
    money_share = getattr(r, "core_share_from_money", None)
    return money_share is not None and r.assessed and abs(r.core_share - money_share) > PUBLISHED_APART


class CompareView:
    """Compare mode: each member on both sides (A the reference, B the session) and what
    changed; each side's gaps are titled with its own targets."""

    comparing = True
    column = COMPARE_COLUMN

    def __init__(self, session: Session) -> None:
        self.session = session

    def _targets(self) -> SideTargets:
        cmp = self.session.comparison
        assert cmp is not None
        return SideTargets(cmp.a.targets, cmp.b.targets)

    def choose(self, table: MemberTable, width: int) -> tuple[Column, ...]:
        s = self.session
        assert s.comparison is not None
        needed = table.needed_widths(
            s.comparison.members,  # type: ignore[arg-type]  # duck-typed: read by the column keys
            COMPARE_LAYOUTS[:-1],
            self._targets(),  # type: ignore[arg-type]  # duck-typed: each side's targets
            compare_specs(s.result.targets),
        )
        return _widest_fitting(COMPARE_LAYOUTS, needed, width)

    def show(self, table: MemberTable, columns: tuple[Column, ...]) -> None:
        s = self.session
        table.show(s.compare_rows(), columns, self._targets(), s.sort, compare_specs(s.result.targets))  # type: ignore[arg-type]  # duck-typed: the table reads comparison rows by their column keys

    def update(self, table: MemberTable) -> bool:
        rows = self.session.compare_rows()
        if {r.code for r in rows} != set(table.order):
            return False  # a member joined or left the group on one side
        table.update_results(rows, [r.code for r in rows], compare_specs(self.session.result.targets))  # type: ignore[arg-type]  # duck-typed: the table reads comparison rows by their column keys
        return True

    def reorder(self, table: MemberTable) -> None:
        s = self.session
        assert s.comparison is not None
        shown = set(table.order)
        rows = [m for m in s.comparison.members if m.code in shown]
        table.reorder([r.code for r in compare_ordered(rows, s.sort)])

    def sides(self) -> tuple[str | None, str]:
        s = self.session
        assert s.compare_side is not None
        return s.compare_side.label, s.session_label()

    def summary_extra(self) -> dict:
        """The aggregates panel's arguments in compare mode: the group on both sides."""
        from ..output.benchmarks import compare_benchmarks

        s = self.session
        cmp = s.comparison
        assert cmp is not None
        gc = cmp.group(s.group)
        a_bench = compare_benchmarks(cmp.a, [s.group]) if cmp.a.preset.benchmarks else ()
        # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
        return {"benchmarks_a": a_bench if gc is not None else None, "comparison": gc,
                "targets_a": cmp.a.targets, "sides": self.sides()}  # fmt: skip

    def describe(self, code: str, key: str) -> Text:
        """The member on both sides and what changed."""
        s = self.session
        cmp = s.comparison
        side = s.compare_side
        assert cmp is not None and side is not None
        mc = cmp.member(code)
        out = Text(no_wrap=False)
        if mc is None:
            return out
        out.append(f"{mc.code} {mc.name}", "bold")
        if mc.note:
            out.append(f" · {mc.note}: A is {side.label}, B is {s.session_label()}", "italic")
            present = mc.a or mc.b
            if present is not None:
                out.append(f" · core {member_share(present, 'core')} of GDP in {'A' if mc.a else 'B'}")
            return out
        a, b, d = mc.a, mc.b, mc.delta
        assert a is not None and b is not None and d is not None  # no note: both sides, and a delta
        out.append(  # each side's share guarded by its own targets
            f" · core {member_share(a, 'core', cmp.a.targets)} → {member_share(b, 'core', cmp.b.targets)}"
            f" of GDP ({pp(d.core_share)})"
        )
        out.append(f" · ${money(a.core, 2)} → ${money(b.core, 2)} bn")
        ta, tb = cmp.a.targets, cmp.b.targets  # each side's gap to its own target
        if d.gap_core is not None:
            out.append(" · " + gap_change_text(ta, tb, "core", a.gap_core, b.gap_core))
        if key in ("gap_total_a", "gap_total_b") and d.gap_total is not None:
            out.append(" · " + gap_change_text(ta, tb, "total", a.gap_total, b.gap_total))
        if key == "gdp_change":
            out.append(f" · GDP ${money(a.gdp, 1)} → ${money(b.gdp, 1)} bn")
        from ..output.compare import share_change_text, status_text

        moved = share_change_text(mc)  # what moved the share: spending or GDP
        if moved is not None:
            out.append(" · " + moved, "dim")
        if mc.status_changes:
            out.append(" · " + "; ".join(status_text(sc, mc) for sc in mc.status_changes), "bold")
        if key.endswith("_a"):
            out.append(f" · A: {side.label}", "dim")
        elif key.endswith("_b"):
            out.append(f" · B: {s.session_label()}", "dim")
        return out


def view_for(session: Session) -> TableView:
    """The view for the session's mode (chosen when compare mode starts or stops)."""
    return CompareView(session) if session.comparison is not None else NormalView(session)
