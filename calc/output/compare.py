"""Rendering a comparison of two evaluated presets (vintages, scenarios, what-ifs).

The model (:func:`compare`, :func:`recompare`, :func:`select_comparison`, the dataclasses) is
:mod:`calc.engine.compare` (how members and groups are matched, what every delta means),
re-exported here so ``calc.output.compare.compare`` keeps working.
The renderers (JSON ``nato-calc.compare/1``, CSV, Markdown, an 80-column text table) build on
the same objects, so the TUI can show exactly what the CLI prints.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from ..domain import registry
from ..domain.flags import NOT_YET_ALLY
from ..engine.compare import (
    SORT_COLUMNS,
    TARGETS,
    Comparison,
    GroupComparison,
    GroupDelta,
    MemberComparison,
    MemberDelta,
    StatusChange,
    TargetChange,
    compare,
    group_delta,
    member_delta,
    parse_sort,
    recompare,
    select_comparison,
)
from ..engine.evaluate import CONTEXT, GroupResult, MemberResult, Result
from ..errors import printable
from . import csvout, jsonout, provenance, report
from . import currency as units
from .fmt import (
    align_columns,
    gdp_share,
    md_text,
    member_share,
    money,
    pct,
    pct_short,
    pct_tight,
    points,
    pp,
    signed_money,
)
from .markers import legend_parts
from .report import group_dicts, marker, member_dict, modified_text, preset_dict, targets_dict

COMPARE_SCHEMA = "nato-calc.compare/1"


# --------------------------------------------------------------------------------------------
# A status change in words
# --------------------------------------------------------------------------------------------


def status_text(s: StatusChange, m: MemberComparison | None = None) -> str:
    """e.g. "now meets 3.5 % core", "no longer meets the 2 % guideline collectively",
    "now meets 3 % core (3.5 % in A)", "now assessed against the targets"; with the member
    ``m``, "now an ally, assessed against the targets" when it joined between the sides."""
    if s.target == "assessed":
        later = [side is not None and NOT_YET_ALLY in side.flags for side in (m.a, m.b)] if m else []
        if later == [True, False]:
            return "now an ally (not yet in A), assessed against the targets"
        if later == [False, True]:
            return "not yet an ally in B (not assessed)"
        return "now assessed against the targets" if s.b else "no longer assessed (targets do not apply)"
    target = registry.TARGET[s.target]
    label = f"{target.article}{pct_short(s.b_target)} {target.word}"
    if s.group:
        label += " collectively"
    if s.a_target != s.b_target:
        label += f" ({pct_short(s.a_target)} in A)"
    return ("now meets " if s.b else "no longer meets ") + label


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


_MEMBER_DELTA_JSON = report.json_fields(registry.DELTA_FIGURES)
_GROUP_DELTA_JSON = report.json_fields(registry.GROUP_DELTA_FIGURES)


#: The delta whose two parts ``core_share_from_spending`` and ``core_share_from_gdp`` are (see
#: :mod:`calc.engine.compare`): a member's money ÷ GDP, a group's core share (the same thing).
SHARE_SPLIT = {"member": "core_share_from_money", "group": "core_share"}


SHARE_CHANGE_RULE = (
    "delta.core_share_from_spending = (core_b - core_a) / gdp_b and delta.core_share_from_gdp = "
    "core_a * (1 / gdp_b - 1 / gdp_a) sum exactly to the change in core spending / GDP: a "
    "member's delta.core_share_from_money (its delta.core_share may differ where NATO's "
    "published share applies), a group's delta.core_share"
)


def share_parts_json(d: MemberDelta | GroupDelta, kind: str) -> dict[str, Any]:
    """The two parts of the change in core spending ÷ GDP, rounded as shares are (10 places)
    so that they still sum exactly to the rounded delta they split: from spending rounded,
    from GDP the rounded delta minus it (within 1e-10 of its own rounding)."""
    change = jsonout.share(getattr(d, SHARE_SPLIT[kind]))
    spending = jsonout.share(d.core_share_from_spending)
    if change is None or spending is None:
        return dict.fromkeys(registry.SHARE_CHANGE_KEYS)
    return dict(zip(registry.SHARE_CHANGE_KEYS, (spending, change - spending)))


def member_delta_dict(d: MemberDelta) -> dict[str, Any]:
    return {key: to_json(get(d)) for key, get, to_json in _MEMBER_DELTA_JSON} | share_parts_json(d, "member")


def group_delta_dict(d: GroupDelta) -> dict[str, Any]:
    return {key: to_json(get(d)) for key, get, to_json in _GROUP_DELTA_JSON} | share_parts_json(d, "group")


def status_dict(s: StatusChange, m: MemberComparison | None = None) -> dict[str, Any]:
    return {"target": s.target, "a": s.a, "b": s.b, "text": status_text(s, m)}


def side_dict(result: Result, ref: str | None) -> dict[str, Any]:
    """The ``a``/``b`` header: the report's preset fields, the targets, and the reference."""
    doc = {**preset_dict(result), "ref": ref, "targets": targets_dict(result)}
    # extension (issue 12): the side's euro rate when the money is in EUR (each year its own)
    doc["eur_per_usd"] = units.document_fields(result)["eur_per_usd"]
    return doc


def _side_member(result: Result, m: MemberResult | None) -> dict[str, Any] | None:
    return (
        None if m is None else _with_currency(result, member_dict(m), units.member_currency(result, m.code))
    )


def _side_group(result: Result, g: GroupResult | None) -> dict[str, Any] | None:
    """A side's group object: the report's (with ``published`` and, in national, ``currency``)."""
    return None if g is None else group_dicts(result, [g])[0]


def _with_currency(result: Result, d: dict[str, Any], currency: str) -> dict[str, Any]:
    """A side's member or group object; in ``national`` it names its currency."""
    if units.national(result):
        d["currency"] = currency
    return d


def unit_line(cmp: Comparison) -> str:
    """The header's unit words: the two sides' when their rates differ (EUR in two years)."""
    a, b = units.unit_line(cmp.a), units.unit_line(cmp.b)
    return b if a == b else f"A: {a}; B: {b}"


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """The ``nato-calc.compare/1`` document."""
    return {
        "schema": COMPARE_SCHEMA,
        "a": side_dict(cmp.a, cmp.a_ref),
        "b": side_dict(cmp.b, cmp.b_ref),
        "units": {
            "money": units.money_unit(cmp.b),
            "shares": "fraction of GDP",
            "delta": "b minus a; share deltas are fractions of GDP (0.005 = 0.5 percentage points)",
            # extension (issue 13): what the two parts of the change in core share split
            "share_change": SHARE_CHANGE_RULE,
        },
        "targets_changed": [{"name": t.name, "a": t.a, "b": t.b} for t in cmp.targets_changed],
        "members": [
            {
                "code": m.code,
                "name": m.name,
                "presence": m.presence,
                "a": _side_member(cmp.a, m.a),
                "b": _side_member(cmp.b, m.b),
                "delta": member_delta_dict(m.delta) if m.delta else None,
                "status_changes": [status_dict(s, m) for s in m.status_changes],
                "note": m.note,
            }
            for m in cmp.members
        ],
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "presence": g.presence,
                "a": _side_group(cmp.a, g.a),
                "b": _side_group(cmp.b, g.b),
                "delta": group_delta_dict(g.delta) if g.delta else None,
                "status_changes": [status_dict(s) for s in g.status_changes],
                "joined": list(g.joined),
                "left": list(g.left),
                "note": g.note,
            }
            for g in cmp.groups
        ],
        # extension (issue 12): what the money is in (both sides alike)
        "currency": units.document_fields(cmp.b)["currency"],
        # extension (issue 13): both sides count Ukraine aid toward core (null: only one does,
        # see a.counts_ukraine_aid and b.counts_ukraine_aid)
        "counts_ukraine_aid": _both(cmp.a.preset.counts_ukraine_aid, cmp.b.preset.counts_ukraine_aid),
    }


def _both(a: bool, b: bool) -> bool | None:
    return a if a == b else None


def render_json(cmp: Comparison) -> str:
    return jsonout.dumps(comparison_dict(cmp)) + "\n"


# --------------------------------------------------------------------------------------------
# CSV: one row per member, then one per group; a_*, b_* and delta_* columns
# --------------------------------------------------------------------------------------------

_CSV_DELTAS = registry.COMPARE_CSV_DELTAS
_CSV_FLAGS = registry.COMPARE_CSV_MEETS
#: Added later: after every earlier column, so that their positions stay as they were.
_CSV_LATER = registry.COMPARE_CSV_LATER


def csv_columns() -> list[str]:
    cols = ["kind", "code", "name", "presence"]
    for f in _CSV_DELTAS:
        cols += [f"a_{f}", f"b_{f}", f"delta_{f}"]
    for f in _CSV_FLAGS:
        cols += [f"a_{f}", f"b_{f}"]
    cols += ["status_changes", "note"]
    for f in _CSV_LATER:
        cols += [f"a_{f}", f"b_{f}", f"delta_{f}"]
    # added later still (issue 13): the parts of the change in core share, a delta only
    cols += [f"delta_{k}" for k in registry.SHARE_CHANGE_KEYS]
    return cols


def render_csv(cmp: Comparison) -> str:
    doc = comparison_dict(cmp)
    cols = csv_columns()
    out: list[list[Any]] = []
    for kind, rows in (("member", doc["members"]), ("group", doc["groups"])):
        for r in rows:
            row: dict[str, Any] = {
                "kind": kind,
                "code": r.get("code", r.get("id")),
                "name": r["name"],
                "presence": r["presence"],
                "status_changes": "; ".join(s["text"] for s in r["status_changes"]),
                "note": r["note"],
            }
            for side in ("a", "b", "delta"):
                for k, v in (r[side] or {}).items():
                    row[f"{side}_{k}"] = v
            if kind == "group":
                for side in ("a", "b"):
                    g = r[side]
                    if g is not None:
                        for f in _CSV_FLAGS:
                            t = registry.FIGURE[f].target
                            row[f"{side}_{f}"] = g[f"collective_gap_{t}"] == 0 if g["assessed"] else None
            out.append([row.get(c) for c in cols])
    return csvout.write(cols, out)


# --------------------------------------------------------------------------------------------
# Human-readable: text table (80 columns) and Markdown
# --------------------------------------------------------------------------------------------

DASH = "–"


def growth_text(a: Decimal, b: Decimal) -> str:
    """Relative change from ``a`` to ``b`` as signed percent, one decimal: ``+4.1 %``."""
    if a == 0:
        return DASH
    with localcontext(CONTEXT):
        r = (b / a - 1) * 100
    s = pct(r / 100, 1)
    return s if s.startswith(("-", "<", ">")) or r == 0 else "+" + s


def _num_pp(d: Decimal | None) -> str:
    """Percentage points without the unit: ``+0.40``."""
    return pp(d).removesuffix(" pp") if d is not None else ""


def _smoney(d: Decimal | None, places: int = 2) -> str:
    """A delta of money: empty when there is none (a side is missing)."""
    return signed_money(d, places, unknown="")


def _side_line(tag: str, r: Result, ref: str | None) -> str:
    p = r.preset
    line = f"{tag}: {p.label} [{printable(ref) if ref else p.id}]"  # ref: as typed (a file name)
    if p.scenario:
        line += f" · scenario: {p.scenario}"
    return line


def header_lines(cmp: Comparison) -> list[str]:
    lines = [_side_line("A", cmp.a, cmp.a_ref), _side_line("B", cmp.b, cmp.b_ref)]
    for tag, r in (("A", cmp.a), ("B", cmp.b)):
        if r.preset.modified:
            lines.append(f"{tag} modified: " + modified_text(r.preset.modified))
    for t in cmp.targets_changed:
        lines.append(f"Target {t.name}: {_target_text(t.a)} in A, {_target_text(t.b)} in B")
    lines.append(unit_line(cmp) + "; Δ = B − A; shares in % of GDP, Δ in percentage points")
    return lines


def _target_text(v: Decimal | int) -> str:
    """A changed target's value: the deadline (a year) as written, a share as a short percent."""
    return str(v) if isinstance(v, int) else pct_short(v)


def _shown(m: MemberComparison) -> MemberResult:
    """The side whose markers a row shows: B, else A (a listed member is on at least one)."""
    shown = m.b or m.a
    assert shown is not None, f"{m.code}: on neither side"  # _compare leaves such a member out
    return shown


def _member_row(m: MemberComparison) -> list[str]:
    a, b, d = m.a, m.b, m.delta
    return [
        m.code + (marker(_shown(m)) or " "),
        growth_text(a.gdp, b.gdp) if a and b else DASH,
        money(a.core, 2) if a else DASH,
        money(b.core, 2) if b else DASH,
        _smoney(d.core) if d else "",
        member_share(a, "core").removesuffix(" %") if a else DASH,
        member_share(b, "core").removesuffix(" %") if b else DASH,
        _num_pp(d.core_share) if d else "",
        _smoney(d.gap_core) if d and d.gap_core is not None else "",
        _smoney(d.gap_total) if d and d.gap_total is not None else "",
    ]


def _points(d: Decimal | None) -> str:
    return DASH if d is None else points(d)


def _count(n: int | None, of: int | None) -> str:
    return DASH if n is None else f"{n}/{of}"


def _share(d: Decimal | None, t) -> str:
    """A group's share of GDP, never rounded across its side's targets ``t`` (when known)."""
    return pct(d) if t is None else gdp_share(d, t)


def group_lines(g: GroupComparison, ta=None, tb=None) -> list[str]:
    """A small A / B / Δ table for one group (``ta``/``tb``: the two sides' targets)."""
    a, b, d = g.a, g.b, g.delta
    same = ta is not None and tb is not None
    names = {f: (pct_tight(tb.get(f)) if same and ta.get(f) == tb.get(f) else f) for f in TARGETS}
    size = f"{a.size if a else 0} → {b.size if b else 0} members"
    lines = [f"{g.name} [{g.id}]: {size}" + (f" ({g.note})" if g.note else "")]
    if g.joined:
        lines.append(f"  joined in B: {', '.join(g.joined)}")
    if g.left:
        lines.append(f"  not in B: {', '.join(g.left)}")
    for side, r in (("A", a), ("B", b)):
        if r is not None and r.not_yet:  # listed in the year, but no allies yet: not counted
            lines.append(f"  not yet allies in {side}: {', '.join(r.not_yet)}")
    rows: list[list[str]] = []

    def row(label: str, fa: str, fb: str, fd: str) -> None:
        rows.append([label, fa, fb, fd])

    row("GDP", money(a.gdp, 1) if a else DASH, money(b.gdp, 1) if b else DASH, _smoney(d.gdp, 1) if d else "")
    row(
        "Core",
        money(a.core, 1) if a else DASH,
        money(b.core, 1) if b else DASH,
        _smoney(d.core, 1) if d else "",
    )
    row(
        "Core %",
        _share(a.core_share, ta) if a else DASH,
        _share(b.core_share, tb) if b else DASH,
        pp(d.core_share) if d and d.core_share is not None else "",
    )
    if d is not None and d.core_share_from_spending is not None:
        row("  from spending", "", "", pp(d.core_share_from_spending))
        row("  from GDP", "", "", pp(d.core_share_from_gdp))
    row(
        "Total %",
        _share(a.total_share, ta) if a else DASH,
        _share(b.total_share, tb) if b else DASH,
        pp(d.total_share) if d and d.total_share is not None else "",
    )
    # Wrapped by hand, kept as written: ruff's layout takes 2 more lines.
    for label, fld in ((f"Meeting {names['guideline']}", "meeting_guideline"),
                       (f"Meeting {names['core']}", "meeting_core"),
                       (f"Meeting {names['total']}", "meeting_total")):  # fmt: skip
        fa = _count(getattr(a, fld), a.assessed) if a else DASH
        fb = _count(getattr(b, fld), b.assessed) if b else DASH
        fd = (f"{getattr(d, fld):+d}" if getattr(d, fld) else "0") if d else ""
        row(label, fa, fb, fd)
    for target in ("core", "total"):
        for label, fld in (
            (f"Gap to {names[target]}, sum", f"gap_{target}"),
            (f"Gap to {names[target]}, collective", f"collective_gap_{target}"),
        ):
            # Wrapped by hand, kept as written: ruff's layout takes 3 more lines.
            row(label, money(getattr(a, fld), 1) if a else DASH,
                money(getattr(b, fld), 1) if b else DASH,
                _smoney(getattr(d, fld), 1) if d else "")  # fmt: skip
        fld = f"gap_{target}_share"
        # Wrapped by hand, kept as written: ruff's layout takes 3 more lines.
        row(f"Gap to {names[target]}, collective, pp", _points(getattr(a, fld)) if a else DASH,
            _points(getattr(b, fld)) if b else DASH,
            pp(getattr(d, fld)) if d and getattr(d, fld) is not None else "")  # fmt: skip
    lines += ["  " + x for x in align_columns(rows, ["", "A", "B", "Δ"], {0})]
    for s in g.status_changes:
        lines.append(f"  {status_text(s)}")
    return lines


def published_moved(m: MemberComparison) -> bool:
    """Whether the member's core share (NATO's published one on a side) moved by another amount
    than its core spending ÷ GDP, as shown (percentage points to 2 places)."""
    d = m.delta
    return d is not None and pp(d.core_share) != pp(d.core_share_from_money)


def share_change_text(x: MemberComparison | GroupComparison) -> str | None:
    """One line on what moved a member's or group's core share, for a cell information line:
    "core spending ÷ GDP +0.67 pp: +0.81 pp from spending, -0.14 pp from GDP" (and, for a
    member whose published share moved otherwise, "; NATO's published share +0.66 pp");
    None without a split (a side missing, no GDP)."""
    d = x.delta
    if d is None or d.core_share_from_spending is None:
        return None
    change = d.core_share_from_money if isinstance(x, MemberComparison) else d.core_share
    text = (
        f"core spending ÷ GDP {pp(change)}: {pp(d.core_share_from_spending)} from spending, "
        f"{pp(d.core_share_from_gdp)} from GDP"
    )
    if isinstance(x, MemberComparison) and published_moved(x):
        text += f"; NATO's published share {pp(d.core_share)}"
    return text


def share_change_rows(cmp: Comparison) -> list[list[str]]:
    """Code, the change in core spending ÷ GDP, its parts from spending and from GDP, and the
    change in the published share where that differs (percentage points, signed)."""
    rows = []
    for m in cmp.members:
        d = m.delta
        if d is None or d.core_share_from_spending is None:
            continue
        # Wrapped by hand, kept as written: one cell a line would take 4 more lines.
        rows.append([m.code, pp(d.core_share_from_money).removesuffix(" pp"),
                     pp(d.core_share_from_spending).removesuffix(" pp"),
                     pp(d.core_share_from_gdp).removesuffix(" pp"),
                     pp(d.core_share).removesuffix(" pp") if published_moved(m) else ""])  # fmt: skip
    return rows


SHARE_CHANGE_HEAD = ["Code", "Δ pp", "Spending", "GDP", "Published Δ"]
SHARE_CHANGE_LEGEND = (
    "Δ pp: change in core spending ÷ GDP = Spending (B's extra core spending over B's GDP) + "
    "GDP (A's core spending over the change in GDP: negative when GDP grew)"
)
PUBLISHED_LEGEND = (
    "Published Δ: where NATO's published core share (what % A, % B and the targets use) moved "
    "by another amount than core spending ÷ GDP"
)


MD_SHARE_CHANGE_LEGEND = (
    "Core ÷ GDP Δ pp (a group's Δ pp) = from spending (B's extra core spending over B's GDP) + "
    "from GDP (A's core spending over the change in GDP: negative when GDP grew)"
)
MD_PUBLISHED_LEGEND = (
    "NATO's published core share (Core % A, Core % B, Δ pp, and what the targets judge) moved by "
    "another amount than core spending ÷ GDP for"
)


def split_money_text(cmp: Comparison) -> str:
    """In which money the split is made: it depends on the currency (a share does not)."""
    if units.national(cmp.b):
        return "Split on each ally's own money (groups: USD)"
    unit = units.short_unit(cmp.b).removesuffix(" bn")
    return (
        f"Split on money in {unit}: a move of the exchange rate shifts both parts; "
        "--currency national splits each ally's own money"
    )


def share_change_lines(cmp: Comparison) -> list[str]:
    """What moved each member's core share: its spending or its GDP (a small table)."""
    rows = share_change_rows(cmp)
    if not rows:
        return []
    published = any(r[-1] for r in rows)
    head = SHARE_CHANGE_HEAD if published else SHARE_CHANGE_HEAD[:-1]
    rows = rows if published else [r[:-1] for r in rows]
    lines = ["What moved the core share (core spending ÷ GDP), pp:", *align_columns(rows, head, {0})]
    lines += [SHARE_CHANGE_LEGEND, split_money_text(cmp)]
    if published:
        lines.append(PUBLISHED_LEGEND)
    return lines


def _status_lines(cmp: Comparison) -> list[str]:
    out = []
    for m in cmp.members:
        if m.status_changes:
            out.append(f"  {m.code}  " + "; ".join(status_text(s, m) for s in m.status_changes))
    return out


def _presence_lines(cmp: Comparison) -> list[str]:
    out = []
    for note in ("only in A", "only in B", "excluded in A", "excluded in B"):
        codes = [m.code for m in cmp.members if m.note == note]
        if codes:
            out.append(f"{note[0].upper()}{note[1:]}: {', '.join(codes)}")
    return out


def render_table(cmp: Comparison, width: int = 80) -> str:
    ta, tb = cmp.a.targets, cmp.b.targets
    core_t = pct_tight(tb.core) if ta.core == tb.core else "core"
    total_t = pct_tight(tb.total) if ta.total == tb.total else "total"
    # Wrapped by hand, kept as written: ruff's layout takes 10 more lines.
    header = ["Code", "GDP Δ", "Core A", "Core B", "Core Δ", "% A", "% B", "Δ pp",
              f"To {core_t} Δ", f"To {total_t} Δ"]  # fmt: skip
    rows = [_member_row(m) for m in cmp.members]
    lines = header_lines(cmp) + [""] + align_columns(rows, header, {0})
    lines.append("")
    lines.append("GDP Δ: change in GDP · Core: core spending · % A, % B: core share of GDP")
    lines.append(f"To {core_t} Δ, To {total_t} Δ: change in the gap (negative: the gap is closing)")
    used = {marker(_shown(m)) for m in cmp.members}
    marks = legend_parts(used)
    if marks:
        lines.append("Markers (B, else A): " + " · ".join(marks))
    status = _status_lines(cmp)
    lines += ["", "Status changes:" if status else "Status changes: none", *status]
    lines += ["", *share_change_lines(cmp)]
    presence = _presence_lines(cmp)
    if presence:
        lines += ["", *presence]
    for g in cmp.groups:
        lines += ["", *group_lines(g, ta, tb)]
    return "\n".join(_wrap(line, width) for line in lines) + "\n"


def _wrap(line: str, width: int) -> str:
    """Wrap a long prose line at word boundaries (tables are never wider than 80 anyway)."""
    if len(line) <= width or line.startswith(" "):
        return line
    import textwrap

    return "\n".join(textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False))


def _md_parts(d: MemberDelta | GroupDelta | None, change: str | None) -> list[str]:
    """The Markdown cells of the change in core spending ÷ GDP (``change``: its key, or None
    for a group, whose Δ pp is already that) and its two parts."""
    if d is None or d.core_share_from_spending is None:
        return [""] * (3 if change else 2)
    parts = [pp(d.core_share_from_spending), pp(d.core_share_from_gdp)]
    return [pp(getattr(d, change)), *parts] if change else parts


def _md_group_cells(g: GroupComparison) -> list[str]:
    """A group's row of the Markdown comparison's group table."""
    a, b, d = g.a, g.b, g.delta
    # A table, kept as written: one row a line.
    return [
        f"{g.name} (`{g.id}`)",
        f"{a.size if a else 0} → {b.size if b else 0}",
        money(a.core, 1) if a else DASH, money(b.core, 1) if b else DASH,
        _smoney(d.core, 1) if d else "",
        pct(a.core_share) if a else DASH, pct(b.core_share) if b else DASH,
        pp(d.core_share) if d and d.core_share is not None else "",
        *_md_parts(d, None),
        _count(a.meeting_core, a.assessed) if a else DASH,
        _count(b.meeting_core, b.assessed) if b else DASH,
        _smoney(d.gap_core, 1) if d else "", _smoney(d.collective_gap_core, 1) if d else "",
        pp(d.gap_core_share) if d and d.gap_core_share is not None else "",
        _smoney(d.gap_total, 1) if d else "", _smoney(d.collective_gap_total, 1) if d else "",
        pp(d.gap_total_share) if d and d.gap_total_share is not None else "",
        "; ".join(status_text(s) for s in g.status_changes) or (g.note or ""),
    ]  # fmt: skip


def render_markdown(cmp: Comparison) -> str:
    pa, pb = cmp.a.preset, cmp.b.preset
    out = [
        f"## Comparison: {md_text(pa.label)} (`{printable(cmp.a_ref or pa.id)}`) → "
        f"{md_text(pb.label)} (`{printable(cmp.b_ref or pb.id)}`)",
        "",
    ]
    out += [f"- {md_text(x)}" for x in header_lines(cmp)] + [""]
    ta, tb = cmp.a.targets, cmp.b.targets
    # A table, kept as written: one row a line.
    head = [
        "Code", "Ally", "GDP A", "GDP B", "GDP Δ", "Core A", "Core B", "Core Δ",
        "Core % A", "Core % B", "Δ pp",
        "Core ÷ GDP Δ pp", "from spending", "from GDP",
        f"Gap to {pct_tight(ta.guideline)} A", f"Gap to {pct_tight(tb.guideline)} B", "Δ",
        f"Gap to {pct_tight(ta.core)} A", f"Gap to {pct_tight(tb.core)} B", "Δ",
        f"Gap to {pct_tight(ta.total)} A", f"Gap to {pct_tight(tb.total)} B", "Δ",
        "Status changes",
    ]  # fmt: skip
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join([":--", ":--"] + ["--:"] * (len(head) - 3) + [":--"]) + "|")
    for m in cmp.members:
        a, b, d = m.a, m.b, m.delta

        def gap(x: MemberResult | None, f: str) -> str:
            if x is None:
                return DASH
            v = getattr(x, f)
            return "n/a" if v is None else money(v, 2)

        # A table, kept as written: one row a line.
        cells = [
            m.code, m.name,
            money(a.gdp, 1) if a else DASH, money(b.gdp, 1) if b else DASH,
            _smoney(d.gdp, 1) if d else "",
            money(a.core, 2) if a else DASH, money(b.core, 2) if b else DASH,
            _smoney(d.core) if d else "",
            member_share(a, "core") if a else DASH, member_share(b, "core") if b else DASH,
            pp(d.core_share) if d else "",
            *_md_parts(d, "core_share_from_money"),
            gap(a, "gap_guideline"), gap(b, "gap_guideline"),
            _smoney(d.gap_guideline) if d and d.gap_guideline is not None else "",
            gap(a, "gap_core"), gap(b, "gap_core"),
            _smoney(d.gap_core) if d and d.gap_core is not None else "",
            gap(a, "gap_total"), gap(b, "gap_total"),
            _smoney(d.gap_total) if d and d.gap_total is not None else "",
            "; ".join(status_text(s, m) for s in m.status_changes) or (m.note or ""),
        ]  # fmt: skip
        out.append("| " + " | ".join(md_text(c) for c in cells) + " |")
    out.append("")
    out.append(
        "| Group | Members A → B | Core A | Core B | Core Δ | Core % A | Core % B | Δ pp | "
        "from spending | from GDP | Meeting core A | Meeting core B | Sum of gaps to core Δ | Collective gap to core Δ | "
        "Collective gap to core Δ pp | Sum of gaps to total Δ | Collective gap to total Δ | "
        "Collective gap to total Δ pp | Status changes |"
    )
    out.append("|:--|--:|" + "--:|" * 16 + ":--|")
    for g in cmp.groups:
        cells = _md_group_cells(g)
        out.append("| " + " | ".join(md_text(c) for c in cells) + " |")
    out += ["", md_text(f"{MD_SHARE_CHANGE_LEGEND}. {split_money_text(cmp)}.")]
    moved = [(m.code, m.delta) for m in cmp.members if m.delta is not None and published_moved(m)]
    if moved:
        who = ", ".join(f"{code} {pp(d.core_share)}" for code, d in moved)
        out += ["", md_text(f"{MD_PUBLISHED_LEGEND}: {who}.")]
    out += ["", unit_line(cmp) + "; Δ = B − A. Made with nato-calc.", ""]
    out += provenance.compare_footer_lines(pa, pb)
    return "\n".join(out)


FORMATS = ("table", "csv", "json", "markdown", "xlsx")


def render(cmp: Comparison, fmt: str, width: int = 80) -> str | bytes:
    """The output in ``fmt``: text, or the bytes of an Excel workbook for ``xlsx``."""
    if fmt == "xlsx":
        from .xlsxout import comparison_workbook

        return comparison_workbook(cmp)
    if fmt == "json":
        return render_json(cmp)
    if fmt == "csv":
        return render_csv(cmp)
    if fmt == "markdown":
        return render_markdown(cmp)
    return render_table(cmp, width)


__all__ = [
    "COMPARE_SCHEMA",
    "SORT_COLUMNS",
    "TARGETS",
    "Comparison",
    "GroupComparison",
    "GroupDelta",
    "MemberComparison",
    "MemberDelta",
    "StatusChange",
    "TargetChange",
    "compare",
    "comparison_dict",
    "group_delta",
    "member_delta",
    "parse_sort",
    "recompare",
    "render",
    "select_comparison",
    "share_change_text",
    "status_text",
]
