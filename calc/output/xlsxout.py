"""Excel workbooks (``--format xlsx``) of a report, a comparison and a spending path.

Built from the very dicts the JSON output is (:func:`calc.output.report.report_dict`,
:func:`calc.output.compare.comparison_dict`, :func:`calc.output.path.path_dict`), so a workbook agrees with
the JSON by construction: every number is the JSON's number (the same rounding), stored as an
Excel number (a float at the very last step), never as text. Shares of GDP carry the percent
format ``0.00%``, money ``#,##0.00`` with its unit in the header ("GDP (USD bn)"); an unknown
value is an empty cell. Each sheet has a title row (what it is, the units), a header row,
frozen panes below it and an autofilter.

Text is always written as a string, never as a formula: a member named ``=HYPERLINK(...)``
stays that text. Text from files is shown as :func:`calc.errors.printable` shows it (a control
character as ``\\x1b``), as every other output does.

The output is byte-identical for the same input: the document's creation date is the preset's
release date (else the newest source's access date, else 2000-01-01) rather than the clock,
and XlsxWriter dates every zip entry 1980-01-01. XlsxWriter is imported here only, and this module only when a workbook
is asked for (``report``'s start-up stays light).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..domain import registry
from ..errors import printable
from . import jsonout
from .fmt import pct_short

if TYPE_CHECKING:
    from ..domain.dataset import Preset
    from ..engine.evaluate import Result
    from .compare import Comparison
    from .path import SpendingPath

MONEY = "USD bn"
UNITS = "USD bn, current prices; shares of GDP as percent"
#: The creation date of a workbook whose preset has no release date.
FIXED_DATE = date(2000, 1, 1)
#: The widest column (characters); longer text wraps.
WIDEST = 60
#: Excel's limit on the text of one cell.
MAX_TEXT = 32767

#: Number formats by kind of value (``*_delta``: a change, signed).
NUMBER_FORMATS = {
    "money": "#,##0.00",
    "share": "0.00%",
    "int": "0",
    "ratio": "0.00",
    "rate": "0.0000",
    "money_delta": "+#,##0.00;-#,##0.00;0.00",
    "share_delta": "+0.00%;-0.00%;0.00%",
    "int_delta": "+0;-0;0",
    "date": "yyyy-mm-dd",
}
NUMERIC = frozenset({"money", "share", "int", "ratio", "rate"})


@dataclass(frozen=True, slots=True)
class Col:
    """One column: the dict key it shows (``start.core_share`` reads a nested dict), its
    header without the unit, and the kind of value (``money``, ``share``, ``int``, ``ratio``,
    ``bool``, ``text``, ``list``, ``date``)."""

    key: str
    label: str
    kind: str = "text"
    unit: str = MONEY
    """What a money column is in (its header says it): ``USD bn``, ``EUR bn``, ``national bn``."""

    @property
    def header(self) -> str:
        return f"{self.label} ({self.unit})" if self.kind.startswith("money") else self.label


def in_unit(columns: Sequence[Col], unit: str) -> list[Col]:
    """``columns`` with their money columns in ``unit`` (``EUR bn``: the result is in euros)."""
    return [replace(c, unit=unit) if c.kind.startswith("money") else c for c in columns]


#: What the money of a member is in, in national currencies (the Currency column says which).
NATIONAL_WORDS = "national bn: each member's own currency (its ISO code in column Currency)"
#: The column of each member's currency (ISO 4217) in a workbook in national currencies.
CURRENCY_COLUMN = Col("currency", "Currency")


@dataclass(frozen=True, slots=True)
class Typed:
    """A value with its own kind, for a column whose rows differ (the assumptions' values)."""

    value: Any
    kind: str


def get(d: dict[str, Any] | None, key: str) -> Any:
    """``d[key]``, following dots into nested dicts; None where anything is missing."""
    for part in key.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(part)
    return d


# --------------------------------------------------------------------------------------------
# The workbook writer
# --------------------------------------------------------------------------------------------


def data_date(preset: Preset) -> date | None:
    """The date a workbook of ``preset`` says it was created: the data's release date, else
    the day its newest source was read, else None (:data:`FIXED_DATE`). Never the clock, so
    that the same input gives the same bytes."""
    return preset.released or max((s.accessed for s in preset.sources if s.accessed), default=None)


def _text(v: Any) -> str:
    s = printable(str(v))
    return s if len(s) <= MAX_TEXT else s[: MAX_TEXT - 1] + "…"


def _shown_width(v: Any, kind: str) -> int:
    """About how many characters the cell shows (for the column's width)."""
    if v is None:
        return 0
    if isinstance(v, Typed):
        return _shown_width(v.value, v.kind)
    if isinstance(v, bool):
        return 5
    if isinstance(v, (Decimal, int, float)) and kind in NUMERIC | {"money_delta", "share_delta", "int_delta"}:
        x = float(v)
        if kind.startswith("share"):
            return len(f"{x * 100:+.2f}%")
        if kind.startswith("int"):
            return len(f"{x:+.0f}")
        return len(f"{x:+,.2f}")
    if isinstance(v, (date, datetime)):
        return 10
    if isinstance(v, (list, tuple)):
        v = "; ".join(map(str, v))
    return max((len(line) for line in str(v).splitlines()), default=0)


class Book:
    """A workbook in memory: :meth:`table` adds a sheet, :meth:`close` returns the bytes."""

    def __init__(self, title: str, created: date | None) -> None:
        import xlsxwriter

        self._buffer = io.BytesIO()
        self._wb = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        day = created or FIXED_DATE
        self._wb.set_properties(
            {
                "title": _text(title)[:255],
                "author": "nato-calc",
                "comments": "Made with nato-calc. " + UNITS + ".",
                "created": datetime(day.year, day.month, day.day),
            }
        )
        add = self._wb.add_format
        self._title = add({"bold": True, "font_size": 12})
        self._header = add({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        self._header_plain = add({"bold": True, "valign": "top"})
        self._wrap = add({"text_wrap": True, "valign": "top"})
        self._plain = add({"valign": "top"})
        self._formats = {k: add({"num_format": f, "valign": "top"}) for k, f in NUMBER_FORMATS.items()}

    def table(
        self,
        name: str,
        title: str,
        columns: Sequence[Col],
        rows: Sequence[Sequence[Any]],
        freeze_columns: int = 0,
        preamble: Sequence[tuple[str, Any]] = (),
    ) -> None:
        """A sheet: the title in row 1, the headers in row 2, one row per entry of ``rows``.

        ``preamble``: (item, value) rows between the title and the headers (a release block),
        the item in the first column and the value in the second, then an empty row.
        """
        ws = self._wb.add_worksheet(name)
        ws.write_string(0, 0, _text(title), self._title)
        top = len(preamble) + 2 if preamble else 1  # the header row
        for r, (item, value) in enumerate(preamble, start=1):
            ws.write_string(r, 0, _text(item), self._header_plain)
            self._cell(ws, r, 1, value, "url", wrap=True)
        wrapped: set[int] = set()
        lines = 1
        for c, col in enumerate(columns):
            content = max((_shown_width(row[c], col.kind) for row in rows), default=0)
            if c < 2:
                content = max([content, *(_shown_width(p[c], "text") for p in preamble)])
            width = min(max(content, min(len(col.header), 14), 6) + 2, WIDEST)
            if content > WIDEST - 2:
                wrapped.add(c)
            ws.set_column(c, c, width)
            ws.write_string(top, c, col.header, self._header)
            lines = max(lines, math.ceil(len(col.header) / (width - 2)))
        ws.set_row(top, 15 * lines)
        for r, row in enumerate(rows, start=top + 1):
            for c, (col, v) in enumerate(zip(columns, row)):
                self._cell(ws, r, c, v, col.kind, c in wrapped)
        ws.set_row(0, 18)  # the title's larger font
        ws.freeze_panes(top + 1, freeze_columns)
        ws.autofilter(top, 0, top + len(rows), len(columns) - 1)
        ws.set_landscape()  # printed: as wide as the page, the title and headers on each one
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0 if top == 1 else top, top)

    def _cell(self, ws, r: int, c: int, v: Any, kind: str, wrap: bool = False) -> None:
        if isinstance(v, Typed):
            v, kind = v.value, v.kind
        if v is None or v == "" or (isinstance(v, (list, tuple)) and not v):
            return  # unknown or nothing: an empty cell
        if isinstance(v, bool):
            ws.write_boolean(r, c, v, self._plain)
        elif isinstance(v, (Decimal, int, float)):
            ws.write_number(r, c, float(v), self._formats.get(kind, self._plain))
        elif isinstance(v, (date, datetime)):
            ws.write_datetime(r, c, datetime(v.year, v.month, v.day), self._formats["date"])
        elif isinstance(v, (list, tuple)):
            ws.write_string(r, c, _text("; ".join(str(x) for x in v)), self._wrap if wrap else self._plain)
        # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
        elif kind == "url" and str(v).startswith(("https://", "http://")) and len(str(v)) <= 255 \
                and printable(str(v)) == str(v) and " " not in str(v):  # fmt: skip
            ws.write_url(r, c, str(v), string=str(v))
        else:
            ws.write_string(r, c, _text(v), self._wrap if wrap else self._plain)

    def close(self) -> bytes:
        self._wb.close()
        return self._buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------


TARGET_NAMES = registry.ASSESSED
#: The kind of a workbook column for each unit of the registry.
# Wrapped by hand, kept as written: ruff's layout takes 6 more lines.
_KIND = {registry.MONEY: "money", registry.SHARE: "share", registry.SHARE_OF_CORE: "share", registry.BOOL: "bool",
         registry.TEXT: "text", registry.LIST: "list", registry.COUNT: "int"}  # fmt: skip


def _targets_text(targets: dict[str, Any] | None) -> dict[str, str]:
    """``{"guideline": "2 % guideline", ...}`` for headers; generic words when the sides of a
    comparison differ (None)."""
    if targets is None:
        return {n: registry.TARGET[n].generic for n in TARGET_NAMES}
    return {n: f"{pct_short(targets[n])} {registry.TARGET[n].word}" for n in TARGET_NAMES}


def _sheet_columns(figures, targets: dict[str, Any] | None) -> list[Col]:
    """One column per registry figure: its sheet title, ``{target}`` the target and its value."""
    t = _targets_text(targets)
    return [
        Col(f.key, f.sheet.format(target=t[f.target]) if f.target else f.sheet, _KIND[f.unit])
        for f in figures
    ]


def member_columns(targets: dict[str, Any] | None) -> list[Col]:
    """The report's member fields (:func:`calc.output.report.member_dict`), code and name first."""
    return _sheet_columns(registry.SHEET_FIGURES, targets)


def group_columns(targets: dict[str, Any] | None) -> list[Col]:
    """The report's group fields (:func:`calc.output.report.group_dict`)."""
    return _sheet_columns(registry.GROUP_SHEET_FIGURES, targets)


def _group_row(g: dict[str, Any] | None, result: Result) -> dict[str, Any] | None:
    """A group dict with its size: its members in the year (the JSON lists the codes, those not
    yet allies then too; :attr:`calc.engine.GroupResult.size` leaves them out)."""
    if g is None:
        return None
    found = result.group(g["id"])
    return {**g, "size": found.size if found is not None else len(g["codes"])}


def rows(columns: Sequence[Col], entries: Sequence[dict[str, Any]]) -> list[list[Any]]:
    return [[get(e, c.key) for c in columns] for e in entries]


def compare_columns(base: Sequence[Col], keys: int, delta_keys: set[str]) -> list[Col]:
    """``base``'s first ``keys`` columns as they are (code, name), then each other column for A
    and B, and its change B − A where the comparison has one."""
    out = list(base[:keys]) + [Col("presence", "Presence")]
    for c in base[keys:]:
        if c.kind == "list":
            continue
        out.append(Col(f"a.{c.key}", f"{c.label}, A", c.kind))
        out.append(Col(f"b.{c.key}", f"{c.label}, B", c.kind))
        if c.key in delta_keys:
            out.append(Col(f"delta.{c.key}", f"{c.label}, Δ B − A", f"{c.kind}_delta"))
    out += [Col("status_changes", "Status changes"), Col("note", "Note")]
    return out


# --------------------------------------------------------------------------------------------
# Assumptions and sources
# --------------------------------------------------------------------------------------------

ASSUMPTION_COLUMNS = [Col("item", "Item"), Col("value", "Value"), Col("note", "Note")]


def _share(v: Any) -> Typed | None:
    return None if v is None else Typed(v, "share")


def currency_rows(result: Result | None, money: str | None = None) -> list[list[Any]]:
    """What the money of a workbook is in, as assumption rows: the unit (``money``: a path's
    own, else the result's), the euro rate NATO's tables imply (in euros), and who is in which
    currency (in national currencies). A result in USD (or none) reads as it always did."""
    from ..engine.currency import EUR, NATIONAL
    from . import currency as units

    if result is None or result.currency not in (EUR, NATIONAL):
        return [["Currency", f"{MONEY}, current prices", "currency USD; shares are of GDP"]]
    if result.currency == EUR:
        rate = result.preset.eur_rate
        return [
            ["Currency", money or units.money_unit(result), "converted from USD at NATO's rate; shares are of GDP"],
            ["EUR per USD", Typed(rate, "rate"),
             f"implied by NATO's own tables for {result.preset.year}, the same for every ally "
             f"(exactly {units.document_fields(result)['eur_per_usd']})"],
        ]  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
    if money is not None:  # a member's path: its own currency
        return [
            [
                "Currency",
                money,
                "the member's own currency, at its rate from NATO's tables; shares are of GDP",
            ]
        ]
    return [
        ["Currency", f"{NATIONAL_WORDS}; groups USD bn",
         "each member's money in its own currency (its ISO code in the Currency column, at its rate "
         "from NATO's tables); the groups' money in USD; shares are of GDP"],
    ]  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines


def aid_row(release: Preset) -> list[Any]:
    """Whether Ukraine aid is counted toward core spending (``--count-ukraine``, U in the TUI)."""
    from .currency import aid_words

    words = aid_words(release) or "the preset gives no aid figure: nothing to count"
    return ["Ukraine aid counted", release.counts_ukraine_aid, words]


def preset_rows(
    preset: dict[str, Any], release: Preset, currency: list[list[Any]] | None = None
) -> list[list[Any]]:
    """The preset fields of a report (:func:`calc.output.report.preset_dict`) as assumption rows,
    with the release block of the preset file (its date and description); ``currency``: the
    rows of :func:`currency_rows` (default: USD)."""
    out: list[list[Any]] = [
        ["Preset", preset["label"], preset["id"]],
        ["Released", release.released, "when the data vintage was published"],
        ["Description", release.description, None],
        ["Year", Typed(preset["year"], "int"), "the year the figures are for"],
        *(currency or currency_rows(None)),
        aid_row(release),
        ["Scenario", preset.get("scenario") or "none", None],
    ]
    changes = preset.get("modified") or []
    if not changes:
        out.append(["Changes in force", "none", "the preset's own figures"])
    else:
        out.append(["Changes in force", Typed(len(changes), "int"), "listed below, in order"])
    for i, text in enumerate(changes, 1):
        out.append([f"Change {i}", text, "in order of application"])
    if preset.get("excluded"):
        out.append(["Excluded", preset["excluded"], "left out of every count and aggregate"])
    return out


def target_rows(targets: dict[str, Any]) -> list[list[Any]]:
    """One row per target of the registry (:data:`calc.domain.registry.TARGETS`): its title,
    value and what it is."""
    out: list[list[Any]] = []
    for t in registry.TARGETS:
        v = targets.get(t.key)
        out.append(
            [t.title, None if v is None else Typed(v, "int" if t.unit == registry.YEAR else "share"), t.help]
        )
    return out


SOURCE_COLUMNS = [
    Col("id", "Source id"),
    Col("title", "Title"),
    Col("publisher", "Publisher"),
    Col("url", "URL", "url"),
    Col("accessed", "Accessed", "date"),
    Col("note", "Note"),
]

FIGURE_COLUMNS = [
    Col("code", "Code"),
    Col("member", "Member"),
    Col("field", "Figure"),
    Col("amount", "Value", "money"),
    Col("share", "Share of GDP", "share"),
    Col("given_as", "Given as"),
    Col("status", "Status"),
    Col("source", "Source id"),
    Col("note", "Note"),
]

_FIGURES = {"gdp": "GDP", "core": "core spending", "related": "related spending"}
#: And where a preset gives it (nato-2026 from 2024), each member's Ukraine aid.
_AID_FIGURE = {"ukraine_aid": "Ukraine aid"}


def source_dicts(preset: Preset) -> list[dict[str, Any]]:
    """The preset's ``[[sources]]``."""
    # Wrapped by hand, kept as written: ruff's layout takes 6 more lines.
    return [
        {"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url,
         "accessed": s.accessed, "note": s.note}
        for s in preset.sources
    ]  # fmt: skip


def figure_dicts(preset: Preset, codes: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every figure of the members ``codes`` (default: all): its value in USD bn and as a share
    of GDP (rounded as the JSON is), the basis it is given in, status, source and note."""
    M, S = jsonout.money, jsonout.share
    wanted = None if codes is None else set(codes)
    figures = _FIGURES
    if any(m.ukraine_aid is not None for m in preset.members):
        figures = {**_FIGURES, **_AID_FIGURE}
    out = []
    for m in preset.members:
        if wanted is not None and m.code not in wanted:
            continue
        gdp = m.gdp.value
        for name, label in figures.items():
            fig = getattr(m, name)
            entry: dict[str, Any] = {"code": m.code, "member": m.name, "field": label}
            if fig is None:
                entry.update(status="unknown", note="counted as 0", source=m.source)
            else:
                amount = fig.amount(gdp)
                entry.update(
                    amount=M(amount),
                    share=S(amount / gdp) if name != "gdp" and gdp else None,
                    given_as="share of GDP" if fig.share else MONEY,
                    status=fig.status,
                    source=fig.source,
                    note=fig.note or (m.note if name == "gdp" else None),
                )
            out.append(entry)
    return out


def _sources(
    book: Book, label: str, sides: Sequence[tuple[str | None, Preset, Sequence[str] | None]]
) -> None:
    """The Sources and Figure sources sheets; ``sides`` is (side name, preset, member codes).
    The Sources sheet starts with the release block of each side that has one."""
    side_col = [Col("side", "Side")] if len(sides) > 1 else []
    src: list[dict[str, Any]] = []
    figs: list[dict[str, Any]] = []
    for side, preset, codes in sides:
        src += [{"side": side, **s} for s in source_dicts(preset)]
        figs += [{"side": side, **f} for f in figure_dicts(preset, codes)]
    cols = side_col + SOURCE_COLUMNS
    book.table("Sources", f"{label} · sources", cols, rows(cols, src), preamble=release_preamble(sides))
    cols = side_col + FIGURE_COLUMNS
    # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
    book.table("Figure sources", f"{label} · every figure's source · {MONEY}", cols,
               rows(cols, figs), freeze_columns=len(side_col) + 2)  # fmt: skip


def release_preamble(sides: Sequence[tuple[str | None, Preset, Any]]) -> list[tuple[str, str]]:
    """The release block of each side (:func:`calc.output.provenance.release_rows`), items
    prefixed with the side (``A: Publisher``); once when both sides have the same block."""
    from .provenance import NO_RELEASE, release_rows

    blocks = [(side, release_rows(preset)) for side, preset, _ in sides]
    if not any(items for _, items in blocks):
        return []  # single-year presets: the sources table says it all, as it always did
    blocks = [(side, items or [("Release", NO_RELEASE)]) for side, items in blocks]
    if len(blocks) == 2 and blocks[0][1] == blocks[1][1]:
        blocks = [("A and B", blocks[0][1])]
    return [(f"{side}: {item}" if side else item, value) for side, items in blocks for item, value in items]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


def report_workbook(result: Result, group: str | None = None, sort=None) -> bytes:
    """The workbook of ``nato-calc report``: Members, Groups, Benchmarks (when the preset has
    any), Assumptions, Sources, Figure sources."""
    from . import currency as units
    from .report import report_dict

    doc = report_dict(result, group, sort)
    preset = result.preset
    label = doc["preset"]["label"]
    book = Book(f"nato-calc report: {label}", data_date(preset))
    national = units.national(result)  # each member in its own currency, the groups in USD
    member_unit, group_unit = units.short_unit(result), f"{units.group_currency(result)} bn"
    cols = in_unit(member_columns(doc["targets"]), member_unit)
    if national:
        cols.insert(2, CURRENCY_COLUMN)
    title = f"{units.money_unit(result)}; shares of GDP as percent"
    if national:
        title = f"{NATIONAL_WORDS}, current prices; shares of GDP as percent"
    book.table("Members", f"{label} · members · {title}", cols, rows(cols, doc["members"]), 2 + national)
    cols = in_unit(group_columns(doc["targets"]), group_unit)
    groups = [_group_row(g, result) for g in doc["groups"]]
    title = f"{group_unit}, current prices; shares of GDP as percent"
    book.table("Groups", f"{label} · groups · {title}", cols, rows(cols, groups), 1)  # type: ignore[arg-type]  # group rows are dicts like the members' documents
    if doc["benchmarks"]:
        cols = in_unit(BENCHMARK_COLUMNS, group_unit)
        # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
        book.table("Benchmarks", f"{label} · outside reference figures · {group_unit}",
                   cols, rows(cols, benchmark_rows(doc["benchmarks"])), 1)  # fmt: skip
    info = preset_rows(doc["preset"], preset, currency_rows(result)) + target_rows(doc["targets"])
    if group is not None:
        info.append(["Group shown", group, "members of this group only"])
    if sort is not None:
        info.append(["Members sorted by", sort[0], "descending" if sort[1] else "ascending"])
    info.append(["Units", doc["units"]["money"], doc["units"]["shares"] + ", shown as percent"])
    book.table("Assumptions", f"{label} · assumptions", ASSUMPTION_COLUMNS, info)
    _sources(book, label, [(None, preset, [m["code"] for m in doc["members"]])])
    return book.close()


BENCHMARK_COLUMNS = [
    Col("id", "Benchmark"),
    Col("label", "Label"),
    Col("value", "Value", "money"),
    Col("basis", "Basis"),
    Col("year", "Year", "int"),
    Col("share_of_gdp", "Share of its GDP", "share"),
    Col("group", "Group"),
    Col("group_core", "Group core spending", "money"),
    Col("ratio", "Group core / benchmark", "ratio"),
    Col("difference", "Group core − benchmark", "money"),
    Col("source", "Source id"),
    Col("note", "Note"),
    Col("caveats", "Caveats", "list"),
]


def benchmark_rows(benchmarks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per benchmark and group it is set against (the report's ``benchmarks``)."""
    out = []
    for b in benchmarks:
        base = {**b, "source": get(b, "source.id")}
        for g in b["groups"] or [{}]:
            # Wrapped by hand, kept as written: ruff's layout takes 7 more lines.
            out.append({**base, "group": g.get("id"), "group_core": g.get("core"),
                        "ratio": g.get("ratio"), "difference": g.get("difference")})  # fmt: skip
    return out


def comparison_workbook(cmp: Comparison) -> bytes:
    """The workbook of ``nato-calc compare``: Members and Groups with A, B and Δ (B − A)
    columns, Assumptions of both sides, Sources of both sides."""
    from . import currency as units
    from .compare import comparison_dict

    doc = comparison_dict(cmp)
    a, b = doc["a"], doc["b"]
    label = f"{a['label']} (A) vs {b['label']} (B)"
    book = Book(f"nato-calc compare: {label}", data_date(cmp.b.preset) or data_date(cmp.a.preset))
    same = a["targets"] if a["targets"] == b["targets"] else None
    national = units.national(cmp.b)  # both sides are in the same currency
    member_unit, group_unit = units.short_unit(cmp.b), f"{units.group_currency(cmp.b)} bn"
    money = f"{NATIONAL_WORDS}, current prices" if national else units.money_unit(cmp.b)
    delta = f"Δ = B − A; {money}; shares of GDP as percent"
    members = [{**m, "status_changes": [s["text"] for s in m["status_changes"]]} for m in doc["members"]]
    base = member_columns(same)
    if national:
        base.insert(2, CURRENCY_COLUMN)
    cols = in_unit(compare_columns(base, 2, _MEMBER_DELTA_KEYS) + _SHARE_CHANGE_COLUMNS, member_unit)
    book.table("Members", f"{label} · members · {delta}", cols, rows(cols, members), 2)
    # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
    groups = [
        {**g, "a": _group_row(g["a"], cmp.a), "b": _group_row(g["b"], cmp.b),
         "status_changes": [s["text"] for s in g["status_changes"]]}
        for g in doc["groups"]
    ]  # fmt: skip
    cols = compare_columns(group_columns(same), 2, _GROUP_DELTA_KEYS)
    cols.insert(-2, Col("joined", "Joined B", "list"))
    cols.insert(-2, Col("left", "Left in B", "list"))
    cols = in_unit(cols + _SHARE_CHANGE_COLUMNS, group_unit)
    if national:
        delta = f"Δ = B − A; {group_unit}, current prices; shares of GDP as percent"
    book.table("Groups", f"{label} · groups · {delta}", cols, rows(cols, groups), 2)
    info: list[list[Any]] = [["Reference", a["ref"], b["ref"], "as given to compare"]]
    info += _side_by_side(
        preset_rows(a, cmp.a.preset, currency_rows(cmp.a)) + target_rows(a["targets"]),
        preset_rows(b, cmp.b.preset, currency_rows(cmp.b)) + target_rows(b["targets"]),
    )
    for t in doc["targets_changed"]:
        kind = "int" if t["name"] == "deadline" else "share"
        info.append([f"Target changed: {t['name']}", Typed(t["a"], kind), Typed(t["b"], kind), None])
    info.append(["Units", doc["units"]["money"], doc["units"]["money"], "shares of GDP shown as percent"])
    info.append(["Δ columns", None, None, doc["units"]["delta"]])
    cols = [Col("item", "Item"), Col("a", "A"), Col("b", "B"), Col("note", "Note")]
    book.table("Assumptions", f"{label} · assumptions of A and B", cols, info)
    _sources(book, label, [("A", cmp.a.preset, _codes(doc, "a")), ("B", cmp.b.preset, _codes(doc, "b"))])
    return book.close()


_MEMBER_DELTA_KEYS = {f.key for f in registry.DELTA_FIGURES}
#: The change in core spending ÷ GDP from spending and from GDP (issue 13), after every other
#: column, so the earlier ones keep their places.
_SHARE_CHANGE_COLUMNS = [
    Col(f"delta.{key}", f"Core spending ÷ GDP, Δ {short}", "share_delta")
    for key, _, short, _ in registry.SHARE_CHANGE_PARTS
]
_GROUP_DELTA_KEYS = {g.key for g in registry.GROUP_DELTA_FIGURES}


def _codes(doc: dict[str, Any], side: str) -> list[str]:
    return [m["code"] for m in doc["members"] if m[side] is not None]


def _side_by_side(a_rows: list[list[Any]], b_rows: list[list[Any]]) -> list[list[Any]]:
    """Assumption rows of A and B as (item, A's value, B's value, note), items in A's order
    and then those only B has (a change only B carries)."""
    b_by_item = {r[0]: r for r in b_rows}
    a_items = {r[0] for r in a_rows}
    out = []
    for item, value, note in a_rows:
        b = b_by_item.get(item)
        out.append([item, value, b and b[1], note if b is None or b[2] == note else None])
    out += [[item, None, value, note] for item, value, note in b_rows if item not in a_items]
    return out


PATH_YEAR_COLUMNS = [
    Col("year", "Year", "int"),
    Col("gdp", "GDP", "money"),
    Col("core_share", "Core share of GDP", "share"),
    Col("core", "Core spending", "money"),
    Col("related_share", "Related share of GDP (counted)", "share"),
    Col("related", "Related spending (counted)", "money"),
    Col("total_share", "Total share of GDP", "share"),
    Col("total", "Total spending", "money"),
    Col("increase", "Increase over the year before", "money"),
    Col("extra_vs_today", "Extra over today's shares", "money"),
    Col("extra_core_vs_today", "Extra for the core target alone", "money"),
]


def path_member_columns(target_year: int) -> list[Col]:
    """Each member's contribution to a path (:func:`calc.output.path.path_dict`'s ``members``)."""
    return [
        Col("code", "Code"),
        Col("name", "Name"),
        Col("growth", "Nominal GDP growth a year", "share"),
        Col("growth_source", "Growth from"),
        Col("related_known", "Related known", "bool"),
        Col("start.core_share", "Core share now", "share"),
        Col("end.core_share", f"Core share {target_year}", "share"),
        Col("start.related_share", "Related share now (counted)", "share"),
        Col("end.related_share", f"Related share {target_year} (counted)", "share"),
        Col("final_total", f"Total spending {target_year}", "money"),
        Col("final_extra_vs_today", f"Extra in {target_year} over today's shares", "money"),
        Col("cumulative_extra", "Cumulative extra", "money"),
        Col("cumulative_extra_core", "Cumulative extra, core target alone", "money"),
        Col("flags", "Flags", "list"),
    ]


def _override_note(doc: dict[str, Any]) -> str:
    """Where the caller's nominal growth comes from: --growth, or --real-growth and inflation."""
    if doc["real_growth"] is not None:
        return "nominal, from --real-growth and the inflation assumed"
    return (
        "given on the command line" if doc["assumptions"]["growth"]["override"] is not None else "not given"
    )


def path_workbook(p: SpendingPath) -> bytes:
    """The workbook of ``nato-calc path``: Path years, Members (each one's contribution),
    Assumptions, Sources, Figure sources."""
    from ..engine.currency import USD
    from ..engine.evaluate import Result
    from .currency import path_units
    from .path import path_dict

    doc = path_dict(p)
    scope, a = doc["scope"], doc["assumptions"]
    label = scope["preset"]["label"]
    what = f"path of {scope['name']} to {a['target_year']} ({a['shape']})"
    book = Book(f"nato-calc path: {label}, {what}", data_date(p.preset))
    currency = getattr(p, "currency", USD)
    _, money_words, unit = path_units(p) if currency != USD else ("", "", MONEY)
    units = UNITS if p.prices == "current" else doc["units"]["money"] + "; shares of GDP as percent"
    if currency != USD and p.prices == "current":
        units = f"{money_words}; shares of GDP as percent"
    cols = in_unit(PATH_YEAR_COLUMNS, unit)
    # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
    book.table("Path years", f"{label} · {what} · {units}", cols,
               rows(cols, doc["years"]), 1)  # fmt: skip
    cols = in_unit(path_member_columns(a["target_year"]), unit)
    # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
    book.table("Members", f"{label} · {what} · each member's contribution · {units}", cols,
               rows(cols, doc["members"]), 2)  # fmt: skip
    g = a["growth"]
    info: list[list[Any]] = [
        ["Scope", f"{scope['kind']} {scope['id']}", scope["name"]],
        ["Members", scope["codes"], None],
    ]
    info += [["Left out", f"{x['code']} {x['name']}", x["reason"]] for x in scope["left_out"]]
    bare = Result(p.preset, (), (), currency)  # what the path's money is in (a group's: USD)
    money = currency_rows(bare, money_words or None) if unit != "USD bn" else None
    info += preset_rows(scope["preset"], p.preset, money) + target_rows(a["targets"])
    # A table, kept as written: one row a line.
    info += [
        ["Base year", Typed(a["base_year"], "int"), None],
        ["Target year", Typed(a["target_year"], "int"), "the year the targets are reached"],
        ["Shape", a["shape"], a["progress"]],
        ["Growth rule", g["rule"], None],
        ["Growth (--growth)", _share(g["override"]), _override_note(doc)],
        ["Growth (scenario)", _share(g["scenario"]), "the scenario's alliance-wide rate"],
        *[[f"Growth (scenario) for {c}", _share(v), None] for c, v in g["scenario_members"].items()],
        ["Growth (default)", _share(g["default"]), "GDP held at today's level"],
        ["GDP", a["gdp"], None],
        ["Core", a["core"], None],
        ["Related", a["related"], None],
        ["Extra over today's shares", a["extra_vs_today"], None],
        ["Extra for the core target alone", a["extra_core_vs_today"], None],
        ["Cumulative extra", Typed(doc["cumulative_extra"], "money"),
         f"{unit}, {a['base_year'] + 1}–{a['target_year']}, the whole plan"],
        ["Cumulative extra, core target alone", Typed(doc["cumulative_extra_core"], "money"),
         f"{unit}, {a['base_year'] + 1}–{a['target_year']}"],
        ["Units", doc["units"]["money"], doc["units"]["shares"] + ", shown as percent"],
    ]  # fmt: skip
    if doc["cumulative_extra_constant"] is not None:
        info += [
            [
                "Cumulative extra at 2021 prices",
                Typed(doc["cumulative_extra_constant"], "money"),
                doc["constant_prices"],
            ],
            [
                "Cumulative extra, core target alone, at 2021 prices",
                Typed(doc["cumulative_extra_core_constant"], "money"),
                None,
            ],
            ["Inflation assumed", _share(doc["inflation"]), f"a year after {a['base_year']}"],
        ]
    if doc["real_growth"] is not None:  # issue 13: --real-growth; the nominal rate is the override's
        info += [
            [
                "Real growth (--real-growth)",
                _share(doc["real_growth"]),
                "nominal = (1 + real) x (1 + inflation) - 1",
            ]
        ]
        if doc["cumulative_extra_constant"] is None:
            info += [["Inflation assumed", _share(doc["inflation"]), f"a year after {a['base_year']}"]]
    book.table("Assumptions", f"{label} · {what} · assumptions", ASSUMPTION_COLUMNS, info)
    _sources(book, label, [(None, p.preset, scope["codes"])])
    return book.close()
