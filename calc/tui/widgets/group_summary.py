"""GroupSummary: the aggregates of the selected group, against each target."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...dataset import Targets
from ...engine import GroupResult
from ...fmt import money, pct, pct_short


def _was(now: str, was: str | None) -> Text:
    t = Text(now)
    if was is not None and was != now:
        t.append(f" (was {was})", "dim")
    return t


class GroupSummary(Static):
    """Totals, weighted shares, members meeting each target, sum of member gaps and the
    collective gap, for one group. Where a what-if changed a figure, the preset's value is
    shown next to it as "(was …)"."""

    def show(
        self,
        group: GroupResult | None,
        targets: Targets,
        *,
        name: str,
        base: GroupResult | None = None,
        excluded: Sequence[str] = (),
    ) -> None:
        """Render the summary. ``base`` is the same group in the unchanged preset (or None)."""
        self.border_title = self._title(group, name, excluded)
        if group is None or group.assessed == 0:
            msg = Text("No included member of this group is assessed: nothing to add up.", "italic")
            if excluded:
                msg.append(f"  Excluded: {', '.join(excluded)} (x includes again).")
            self.update(msg)
            return
        b = base if base is not None else None
        grid = Table.grid(padding=(0, 2), expand=False)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        n = group.assessed
        t = targets

        head = Text()
        head.append("core ", "dim")
        head.append(f"${money(group.core, 1)} bn = ")
        head.append(pct(group.core_share), "bold")
        if b is not None and pct(b.core_share) != pct(group.core_share):
            head.append(f" (was {pct(b.core_share)})", "dim")
        head.append(" of GDP ", "dim")
        head.append(f"${money(group.gdp, 1)} bn")
        head.append(" · total ", "dim")
        head.append(pct(group.total_share))
        if group.related_known == 0:
            head.append(" · related unknown", "dim")
        elif group.related_known < n:
            head.append(f" · related known for {group.related_known}/{n}", "dim")

        grid.add_row(
            Text(f"related counted ≤ {pct_short(t.related_cap)}", "dim"),
            Text(f"{pct_short(t.guideline)} guideline", "bold"),
            Text(f"{pct_short(t.core)} core", "bold"),
            Text(f"{pct_short(t.total)} total by {t.deadline}", "bold"),
        )

        def count(k: str) -> Text:
            v = getattr(group, f"meeting_{k}")
            was = None
            if b is not None and b.assessed:
                was = f"{getattr(b, f'meeting_{k}')}/{b.assessed}"
            return _was(f"{v}/{n}", was)

        grid.add_row(Text("meeting", "dim"), count("guideline"), count("core"), count("total"))

        def gap(attr: str) -> Text:
            v = getattr(group, attr)
            was = money(getattr(b, attr), 1) if b is not None else None
            return _was(money(v, 1), was)

        grid.add_row(
            Text("sum of member gaps $bn", "dim"),
            gap("gap_guideline"), gap("gap_core"), gap("gap_total"),
        )  # fmt: skip
        grid.add_row(
            Text("collective gap $bn", "dim"),
            gap("collective_gap_guideline"), gap("collective_gap_core"), gap("collective_gap_total"),
        )  # fmt: skip
        from rich.console import Group

        self.update(Group(head, grid))

    @staticmethod
    def _title(group: GroupResult | None, name: str, excluded: Sequence[str]) -> str:
        if group is None:
            title = f"{name} · no included members"
        else:
            size = group.size
            title = f"{name} · {size} member{'s' if size != 1 else ''}"
            if group.not_assessed:
                title += f" ({', '.join(group.not_assessed)} not assessed)"
        if excluded:
            title += f" · excluded: {', '.join(excluded)}"
        return title
