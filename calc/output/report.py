"""Rendering an evaluated preset: JSON (the stable contract), CSV, Markdown and a text table.

The JSON document (``schema: nato-calc.report/1``) is what other tools rely on; the TUI's JSON
export writes exactly the same document. Money is in USD bn (current prices), shares are
fractions of GDP; see :mod:`calc.output.jsonout` for the rounding of machine output.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple

from ..domain import registry
from ..domain.dataset import PARTIAL
from ..domain.flags import Flag
from ..engine.evaluate import GroupResult, MemberResult, Result
from ..engine.printed import PrintedTotal, printed_total
from ..engine.select import MEETS, TEXT_COLUMNS, judged
from ..engine.select import SORT_COLUMNS as SORT_COLUMNS  # re-exported: the --sort columns
from ..engine.select import parse_sort as parse_sort  # re-exported: report.parse_sort
from ..errors import UsageError, did_you_mean
from . import csvout, jsonout, markers, provenance
from . import currency as units
from .fmt import align_columns, md_text, member_share, money, pct, pct_short, pct_tight, points

REPORT_SCHEMA = "nato-calc.report/1"


# --------------------------------------------------------------------------------------------
# Selection and order
# --------------------------------------------------------------------------------------------


def status_key(m: MemberResult) -> tuple[int, int, int, int]:
    """The order of ``--sort status`` (the TUI's Meets column): included allies first, then by
    the total target met, the core target, the guideline (not assessed below not met)."""

    def v(b: bool | None) -> int:
        return -1 if b is None else int(b)

    return (int(m.included), v(m.meets_total), v(m.meets_core), v(m.meets_guideline))


def sort_members(members: Sequence[MemberResult], column: str, descending: bool) -> list[MemberResult]:
    """Stable sort by a column; unknown values (None) always last. ``status``: by the targets
    met (:func:`status_key`)."""
    if column == "status":
        return sorted(members, key=status_key, reverse=descending)
    known = [m for m in members if getattr(m, column) is not None]
    unknown = [m for m in members if getattr(m, column) is None]
    key = (lambda m: getattr(m, column).lower()) if column in TEXT_COLUMNS else (lambda m: getattr(m, column))
    return sorted(known, key=key, reverse=descending) + unknown


def select(
    result: Result, group: str | None = None, sort: tuple[str, bool] | None = None
) -> tuple[list[MemberResult], list[GroupResult]]:
    """The included members (optionally of one group, optionally sorted) and the groups."""
    members = [m for m in result.members if m.included]
    groups = list(result.groups)
    if group is not None:
        g = result.group(group)
        if g is None:
            ids = [x.id for x in result.groups]
            known = f"groups: {', '.join(ids)}" if ids else "every member is excluded"
            raise UsageError(f"--group '{group}': no such group{did_you_mean(group, ids)}; {known}")
        wanted = set(g.codes)
        members = [m for m in members if m.code in wanted]
        groups = [g]
    if sort is not None:
        members = sort_members(members, *sort)
    return members, groups


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


#: How each unit goes into JSON (money and shares rounded as :mod:`calc.output.jsonout` says).
def _texts(v: Sequence[Any]) -> list[Any]:
    """A list for the JSON: a member's flags spelled (``core:edited``), other lists as they are."""
    return list(markers.flag_texts(v)) if v and isinstance(v[0], Flag) else list(v)


_TO_JSON = {registry.MONEY: jsonout.money, registry.SHARE: jsonout.share,
            registry.SHARE_OF_CORE: jsonout.share, registry.LIST: _texts}  # fmt: skip  # one unit a column


def json_fields(figures) -> tuple:
    """(key, getter, converter) of each figure, worked out once (not per member)."""
    return tuple((f.key, attrgetter(f.key), _TO_JSON.get(f.unit, _same)) for f in figures)


def _same(v: Any) -> Any:
    return v


_MEMBER_JSON = json_fields(registry.JSON_FIGURES)
_GROUP_JSON = json_fields(registry.GROUP_JSON_FIGURES)


def member_dict(m: MemberResult, statuses: dict[str, str] | None = None) -> dict[str, Any]:
    """A member's figures, in the order of :data:`calc.domain.registry.MEMBER_FIGURES` (the
    contract's fields first, the compatible additions after them)."""
    return {key: to_json(get(m)) for key, get, to_json in _MEMBER_JSON}


def group_dict(g: GroupResult) -> dict[str, Any]:
    """A group's figures, in the order of :data:`calc.domain.registry.GROUP_FIGURES`."""
    return {key: to_json(get(g)) for key, get, to_json in _GROUP_JSON}


def preset_dict(result: Result) -> dict[str, Any]:
    p = result.preset
    return {
        "id": p.id,
        "label": p.label,
        "year": p.year,
        "currency": p.currency,
        "modified": list(p.modified),
        "scenario": p.scenario,
        "excluded": [m.code for m in p.members if not m.included],
        # extension: the publication the figures reproduce (null without a release block)
        "release": provenance.release_dict(p.release),
        # extension (issue 13): Ukraine aid counted toward core spending (--count-ukraine)
        "counts_ukraine_aid": p.counts_ukraine_aid,
    }


def targets_dict(result: Result) -> dict[str, Any]:
    t = result.targets
    return {key: t.get(key) for key in registry.TARGET_KEYS}


def report_dict(
    result: Result, group: str | None = None, sort: tuple[str, bool] | None = None
) -> dict[str, Any]:
    """The ``nato-calc.report/1`` document."""
    from .benchmarks import benchmark_dict, compare_benchmarks

    members, groups = select(result, group, sort)
    benchmarks = compare_benchmarks(result, [g.id for g in groups])
    return {
        "schema": REPORT_SCHEMA,
        "preset": preset_dict(result),
        "targets": targets_dict(result),
        "units": units_dict(result),
        "members": member_dicts(result, members),
        "groups": group_dicts(result, groups),
        # extension: outside reference figures set against each group (see calc.output.benchmarks)
        "benchmarks": [benchmark_dict(b) for b in benchmarks],
        # extension: what the money is in (issue 12; USD unless --currency says otherwise)
        **units.document_fields(result),
    }


def units_dict(result: Result) -> dict[str, str]:
    return {"money": units.money_unit(result), "shares": "fraction of GDP"}


def member_dicts(result: Result, members: Sequence[MemberResult]) -> list[dict[str, Any]]:
    """The member objects; in ``national`` each also names its currency (ISO 4217)."""
    if not units.national(result):
        return [member_dict(m) for m in members]
    return [{**member_dict(m), "currency": units.member_currency(result, m.code)} for m in members]


def group_dicts(result: Result, groups: Sequence[GroupResult]) -> list[dict[str, Any]]:
    """The group objects, each with the publisher's ``published`` total beside the sum; in
    ``national`` each says its money stays in USD."""
    if not units.national(result):
        return [{**group_dict(g), "published": published_dict(result, g.id)} for g in groups]
    return [
        {**group_dict(g), "published": published_dict(result, g.id), "currency": units.group_currency(result)}
        for g in groups
    ]


def published_dict(result: Result, group_id: str) -> dict[str, Any] | None:
    """The group's ``published`` object: NATO's printed ``core``, ``gdp`` (money as the group's)
    and ``core_share`` for the year (:func:`calc.engine.timeline.printed_total`), or None."""
    pt = printed_total(result, group_id)
    if pt is None:
        return None
    return {
        "core": jsonout.money(pt.core),
        "gdp": jsonout.money(pt.gdp),
        "core_share": jsonout.share(pt.core_share),
    }


def render_json(result: Result, group: str | None = None, sort=None) -> str:
    return jsonout.dumps(report_dict(result, group, sort)) + "\n"


# --------------------------------------------------------------------------------------------
# CSV: one row per member, then one per group (column "kind")
# --------------------------------------------------------------------------------------------

#: The registry's columns, then what the row's money is in (added with the currencies).
CSV_COLUMNS = (*registry.REPORT_CSV_COLUMNS, "currency")


def render_csv(result: Result, group: str | None = None, sort=None) -> str:
    doc = report_dict(result, group, sort)
    cur = units.group_currency(result)
    rows = [
        {"kind": "member", **m, "currency": units.member_currency(result, m["code"])} for m in doc["members"]
    ]
    for g in doc["groups"]:
        row = {"kind": "group", "code": g["id"], **g, "flags": g["not_assessed"], "currency": cur}
        row["assessed"] = g["assessed"]
        rows.append(row)
    return csvout.write(CSV_COLUMNS, ([r.get(c) for c in CSV_COLUMNS] for r in rows))


# --------------------------------------------------------------------------------------------
# Human-readable: text table and Markdown
# --------------------------------------------------------------------------------------------

YES, NO, NA = markers.YES, markers.NO, markers.NA
#: How many changes the headers list before "… and N more" (JSON lists every one).
MODIFIED_SHOWN = 10


def marker(m: MemberResult) -> str:
    """The marker after a member's code ("" when none): the TUI's, from :mod:`calc.output.markers`."""
    return markers.row_marker(m.flags, m.assessed).strip()


def modified_text(modified: Sequence[str], escape=lambda s: s, limit: int = MODIFIED_SHOWN) -> str:
    """``a; b; c`` for a header, the first ``limit`` changes and "… and N more" after them."""
    shown = "; ".join(escape(x) for x in modified[:limit])
    rest = len(modified) - limit
    if rest > 0:
        shown += f"; … and {rest:,} more (the JSON export lists every change)"
    return shown


def _tick(v: bool | None) -> str:
    return NA if v is None else (YES if v else NO)


def _gap(v: Decimal | None) -> str:
    if v is None:
        return "n/a"
    return markers.NO_GAP if v == 0 else money(v, 2)


def _gap_pp(v: Decimal | None) -> str:
    """A gap in points of GDP: ``0.81 pp``, ``·`` when met, ``n/a`` when the targets do not apply."""
    if v is None:
        return "n/a"
    return markers.NO_GAP if v == 0 else points(v)


def _header_lines(result: Result) -> list[str]:
    p = result.preset
    t = result.targets
    lines = [f"{p.label} [{p.id}]" + (f" · scenario: {p.scenario}" if p.scenario else "")]
    if p.modified:
        lines.append("Modified: " + modified_text(p.modified))
    lines.append(units.unit_line(result) + "; shares of GDP")
    lines.append(
        f"Targets: {pct_short(t.guideline)} guideline · {pct_short(t.core)} core · "
        f"{pct_short(t.total)} total (related ≤ {pct_short(t.related_cap)}) by {t.deadline}"
    )
    return lines


class Extra(NamedTuple):
    """The columns a result needs beyond the original ones (none for a v1 preset in USD)."""

    currency: bool = False
    """``Cur``: each member's currency (``--currency national``)."""
    equipment: bool = False
    """``Equip %``: the equipment share of core and its tick (a preset that publishes it)."""
    aid: bool = False
    """``Aid``: military aid to Ukraine (a preset that gives it: nato-2026 from 2024)."""


NO_EXTRA = Extra()
#: After an aid figure that covers part of its year only (never counted toward core).
PARTIAL_MARK = "½"
PARTIAL_LEGEND = f"Aid: military aid to Ukraine ({PARTIAL_MARK} part of the year only, never counted)"


def extra_columns(result: Result, members: Sequence[MemberResult]) -> Extra:
    return Extra(
        units.national(result),
        any(m.equipment_share is not None for m in members),
        any(m.ukraine_aid is not None for m in members),
    )


def _aid_cell(m: MemberResult) -> str:
    """``10.18`` (``½`` after a partial year's figure, which is never counted), ``–`` unknown."""
    if m.ukraine_aid is None:
        return NA
    partial = any(f.figure == "ukraine_aid" and f.status == PARTIAL for f in m.flags)
    return money(m.ukraine_aid, 2) + (PARTIAL_MARK if partial else "")


def _equipment_cell(m: MemberResult, t) -> str:
    """``31.20 % ✔``: the equipment share of core against its guideline (– unpublished)."""
    if m.equipment_share is None:
        return NA
    return f"{pct(m.equipment_share, thresholds=(t.equipment,) if t else ())} {_tick(m.meets_equipment)}"


def _member_cells(
    m: MemberResult, with_name: bool, with_pp: bool = False, t=None, extra: Extra = NO_EXTRA, result=None
) -> list[str]:
    """The row of a member: with ``with_pp`` each gap is followed by its points of GDP.

    Shares are never rounded across the targets they are judged against (``t``: the
    targets; without them, read from the member's own gaps).
    """
    cells = [m.code + (marker(m) or " ")]
    if with_name:
        cells.append(m.name)
    if extra.currency:
        cells.append(units.member_currency(result, m.code))
    cells += [
        money(m.gdp, 1),
        money(m.core, 2),
        member_share(m, "core", t),
        money(m.related, 2),
        member_share(m, "total", t),
    ]
    for gap, share in _GAP_FIGURES:
        cells.append(_gap(gap(m)))
        if with_pp:
            cells.append(_gap_pp(share(m)))
    cells.append(" ".join(_tick(meets(m)) for meets in MEETS))
    if extra.equipment:
        cells.append(_equipment_cell(m, t))
    if extra.aid:
        cells.append(_aid_cell(m))
    return cells


_GAP_FIGURES = tuple(zip(judged("gap"), judged("gap_share")))


#: Title of the column of a gap in points of GDP (next to the gap in USD bn).
PP_TITLE = "of GDP"


def _columns(t, with_name: bool, with_pp: bool = False, extra: Extra = NO_EXTRA) -> list[str]:
    cols = ["Code"] + (["Ally"] if with_name else []) + (["Cur"] if extra.currency else [])
    cols += ["GDP", "Core", "Core %", "Rel", "Total %"]
    for target in registry.JUDGED:
        cols.append(f"To {pct_tight(t.get(target))}")
        if with_pp:
            cols.append(PP_TITLE)
    return (
        [*cols, "Meets"]
        + ([f"Equip ≥{pct_tight(t.equipment)}"] if extra.equipment else [])
        + (["Aid"] if extra.aid else [])
    )


#: Why NATO's printed total differs from the members' sum (2026: 2.86 % printed, 2.87 % summed).
PRINTED_WHY = "its share is of GDP at 2021 prices; its GDP includes Iceland's"


def printed_text(pt: PrintedTotal, currency: str) -> str:
    """``NATO's printed total: USD 1,809.9 bn = 2.86 % of GDP · GDP USD 63,183.0 bn``
    (``currency``: what the group's money is in, ``USD`` or ``EUR``)."""
    return (
        f"NATO's printed total: {currency} {money(pt.core, 1)} bn = {pct(pt.core_share)} of GDP"
        f" · GDP {currency} {money(pt.gdp, 1)} bn"
    )


def group_summary_lines(
    g: GroupResult,
    t,
    benchmarks_text: Sequence[str] = (),
    printed: tuple[PrintedTotal, str] | None = None,
) -> list[str]:
    """The group's lines under the table: its members in the preset's year (those not yet allies
    are listed, but counted neither as members nor as assessed). ``printed``: the publisher's
    printed total for the group and the currency its money is in, set beside."""
    n = g.assessed
    size, notes = markers.group_members(g.size, g.not_assessed, g.not_yet)
    head = f"{g.name} ({size}{'; ' + notes if notes else ''})"
    lines = [head]
    lines.append(
        f"  GDP {money(g.gdp, 1)} · core {money(g.core, 1)} = "
        f"{pct(g.core_share, thresholds=(t.guideline, t.core))} of GDP"
        f" · total {pct(g.total_share, thresholds=(t.total,))}"
    )
    if printed is not None:
        lines += [f"  {printed_text(*printed)}", f"    ({PRINTED_WHY})"]
    lines.append(
        f"  meeting {pct_short(t.guideline)}: {g.meeting_guideline}/{n} · "
        f"{pct_short(t.core)} core: {g.meeting_core}/{n} · "
        f"{pct_short(t.total)} total: {g.meeting_total}/{n}"
    )
    for label, gg, gc, gt in (
        ("sum of member gaps", g.gap_guideline, g.gap_core, g.gap_total),
        ("collective gap", g.collective_gap_guideline, g.collective_gap_core, g.collective_gap_total),
    ):
        lines.append(
            f"  {(label + ':').ljust(19)} {money(gg, 1)} to {pct_short(t.guideline)} · "
            f"{money(gc, 1)} to {pct_short(t.core)} · {money(gt, 1)} to {pct_short(t.total)}"
        )
    lines.append(
        f"  {'collective, of GDP:'.ljust(19)} {points(g.gap_guideline_share)} to "
        f"{pct_short(t.guideline)} · {points(g.gap_core_share)} to {pct_short(t.core)} · "
        f"{points(g.gap_total_share)} to {pct_short(t.total)}"
    )
    if g.equipment_share is not None:
        lines.append(
            f"  equipment: {pct(g.equipment_share, thresholds=(t.equipment,))} of core "
            f"(core-weighted) · meeting {pct_short(t.equipment)} equipment: {g.meeting_equipment}/{n}"
        )
    lines.extend(f"  {b}" for b in benchmarks_text)
    return lines


#: How far NATO's published share may be from core ÷ GDP before the output says so (0.05 pp).
SHARE_NOTE_FROM = Decimal("0.0005")


def published_share_note(m: MemberResult) -> str | None:
    """``core share 2.58 % is NATO's published share; core ÷ GDP gives 2.29 %`` when they differ
    by more than :data:`SHARE_NOTE_FROM` (the Netherlands 2026), else None. For the TUI's cell
    information line and under the report's table."""
    money_share = m.core_share_from_money
    if money_share is None or abs(m.core_share - money_share) <= SHARE_NOTE_FROM:
        return None
    return f"core share {pct(m.core_share)} is NATO's published share; core ÷ GDP gives {pct(money_share)}"


def share_notes(members: Sequence[MemberResult]) -> list[str]:
    """One line per member whose published share differs from core ÷ GDP."""
    return [f"{m.code}: {note}" for m in members if (note := published_share_note(m))]


def legend(members: Sequence[MemberResult], width: int = 80, aid: bool | None = None) -> list[str]:
    """Explanations of the symbols used, wrapped to ``width`` (``aid``: whether the table
    shows the Ukraine aid column; by default when a member has an aid figure)."""
    used = {marker(m) for m in members}
    if any(m.related is None for m in members):
        used.add("?")
    parts = markers.legend_parts(used)
    parts += [markers.STATUS_LEGEND, markers.NO_GAP_LEGEND]
    if any(m.ukraine_aid is not None for m in members) if aid is None else aid:
        parts.append(PARTIAL_LEGEND)
    lines, cur = [], ""
    for part in parts:
        if cur and len(cur) + 3 + len(part) > width:
            lines.append(cur)
            cur = part
        else:
            cur = f"{cur} · {part}" if cur else part
    return [*lines, cur]


def render_table(result: Result, group: str | None = None, sort=None, width: int = 80) -> str:
    members, groups = select(result, group, sort)
    t = result.targets
    with_name = width >= 110
    extra = extra_columns(result, members)
    left = set(range(1 + with_name + extra.currency))
    # the gaps in points of GDP where the width allows them (never wider than the terminal)
    table = align_columns(
        [_member_cells(m, with_name, True, t, extra, result) for m in members],
        _columns(t, with_name, True, extra),
        left,
    )
    shown = extra  # the extra columns in the table: the aid column goes last, if need be
    # sorted by the aid: the aid column stays and the equipment share goes first
    last = "equipment" if sort is not None and sort[0] == "ukraine_aid" else "aid"
    for narrower in (extra, extra._replace(**{last: False})):
        if max(map(len, table)) <= width:
            break
        shown = narrower
        table = align_columns(
            [_member_cells(m, with_name, False, t, shown, result) for m in members],
            _columns(t, with_name, False, shown),
            left,
        )
    import textwrap

    head = [w for h in _header_lines(result) for w in textwrap.wrap(h, width, subsequent_indent="  ")]
    lines = head + [""] + table
    lines += ["", *legend(members, width, shown.aid)]
    lines += share_notes(members)
    excluded = [m.code for m in result.members if not m.included]
    if excluded:
        lines.append(f"Excluded: {', '.join(excluded)}")
    cur = units.group_currency(result)
    for g in groups:
        lines.append("")
        pt = printed_total(result, g.id)
        lines += group_summary_lines(g, t, printed=(pt, cur) if pt else None)
    from .benchmarks import compare_benchmarks, table_lines

    bench = table_lines(
        compare_benchmarks(result, [g.id for g in groups]), width, units.group_currency(result) + " bn"
    )
    if bench:
        lines += ["", *bench]
    return "\n".join(lines) + "\n"


def render_markdown(result: Result, group: str | None = None, sort=None) -> str:
    members, groups = select(result, group, sort)
    t = result.targets
    p = result.preset
    out = [f"## {md_text(p.label)} (`{p.id}`)", ""]
    if p.scenario:
        out += [f"Scenario: **{md_text(p.scenario)}**", ""]
    if p.modified:
        out += ["Modified: " + modified_text(p.modified, md_text), ""]
    out += [_header_lines(result)[-2] + ". " + _header_lines(result)[-1] + ".", ""]
    extra = extra_columns(result, members)
    header = ["Code", "Ally"] + _columns(t, False, True, extra)[1:]
    left = 2 + extra.currency
    out.append("| " + " | ".join(header) + " |")
    out.append(
        "|" + "|".join([":--"] * left + ["--:"] * (len(header) - left - 1 - extra.equipment - extra.aid)
                       + [":-:"] + ["--:"] * (extra.equipment + extra.aid)) + "|"
    )  # fmt: skip  # wrapped by hand, shorter
    for m in members:
        cells = _member_cells(m, True, True, t, extra, result)
        cells[0] = cells[0].strip()
        out.append("| " + " | ".join(md_text(c) for c in cells) + " |")
    out += ["", " ".join(legend(members, 10_000)), ""]
    notes = share_notes(members)
    if notes:
        out += [*(f"- {md_text(n)}" for n in notes), ""]
    # one precision per kind of figure: money in USD bn to 1 decimal, shares to 2
    tg, tc, tt = pct_tight(t.guideline), pct_tight(t.core), pct_tight(t.total)
    out.append(
        f"| Group | Members | GDP | Core | Core % | Total % | Meets {tg} | Meets {tc} | "
        f"Meets {tt} | Sum of gaps to {tc} | Collective gap to {tc} | Collective gap to {tc}, "
        f"pp of GDP | Sum of gaps to {tt} | Collective gap to {tt} | Collective gap to {tt}, "
        "pp of GDP |"
    )
    if extra.equipment:
        out[-1] += f" Equipment % of core | Meets {pct_tight(t.equipment)} equipment |"
    out.append("|:--|--:|" + "--:|" * (13 + 2 * extra.equipment))
    for g in groups:
        n = g.assessed
        tail = (
            f" {pct(g.equipment_share, unknown=NA, thresholds=(t.equipment,))} | {g.meeting_equipment}/{n} |"
            if extra.equipment
            else ""
        )
        out.append(
            f"| {md_text(g.name)} | {g.size} | {money(g.gdp, 1)} | {money(g.core, 1)} | "
            f"{pct(g.core_share, thresholds=(t.guideline, t.core))} | "
            f"{pct(g.total_share, thresholds=(t.total,))} | {g.meeting_guideline}/{n} | "
            f"{g.meeting_core}/{n} | {g.meeting_total}/{n} | {money(g.gap_core, 1)} | "
            f"{money(g.collective_gap_core, 1)} | {_gap_pp(g.gap_core_share)} | "
            f"{money(g.gap_total, 1)} | {money(g.collective_gap_total, 1)} | "
            f"{_gap_pp(g.gap_total_share)} |" + tail
        )
    printed = [(g, pt) for g in groups if (pt := printed_total(result, g.id)) is not None]
    if printed:
        cur = units.group_currency(result)
        out.append("")
        out += [
            f"- {md_text(g.name)}: {md_text(printed_text(pt, cur))} ({md_text(PRINTED_WHY)})."
            for g, pt in printed
        ]
    from .benchmarks import compare_benchmarks, markdown_lines

    bench = markdown_lines(
        compare_benchmarks(result, [g.id for g in groups]), units.group_currency(result) + " bn"
    )
    if bench:
        out += ["", *bench[:-1]]
    out += ["", units.unit_line(result) + "; shares of GDP. Made with nato-calc.", ""]
    out += provenance.footer_lines(p)
    return "\n".join(out)


FORMATS = ("table", "csv", "json", "markdown", "xlsx")


def render(result: Result, fmt: str, group: str | None = None, sort=None, width: int = 80) -> str | bytes:
    """The output in ``fmt``: text, or the bytes of an Excel workbook for ``xlsx``."""
    if fmt == "xlsx":
        from .xlsxout import report_workbook

        return report_workbook(result, group, sort)
    if fmt == "json":
        return render_json(result, group, sort)
    if fmt == "csv":
        return render_csv(result, group, sort)
    if fmt == "markdown":
        return render_markdown(result, group, sort)
    return render_table(result, group, sort, width)
