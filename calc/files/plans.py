"""Plan files (``format = "nato-calc.plans/1"``, ``kind = "plans"``): validation with located
errors, as presets, and conversion to :class:`calc.engine.plans.Plans`.

The shipped file is ``presets/plans/nato-plans-2026.toml`` (built by ``scripts/build_plans.py``);
``--plans FILE`` reads another. See docs/plans.md for the format.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from ..engine.plans import BASES, STATUSES, AllyPlans, DeclaredFigure, Plans, Statement
from ..errors import Issue, PresetError
from .models import Code, Line, Paragraph, Text, Year, _number, _Strict
from .presets import shipped_dir
from .tomlio import display_path, parse_toml, read_bytes, validation_issues, with_row_lines

SHIPPED = "nato-plans-2026"
KIND = "plans"


class PlansError(PresetError):
    """A plans file is unreadable or invalid."""

    kind = "plans file"


def _plausible_pct(v: Decimal) -> Decimal:
    """A share of GDP in percent: 3.5 means 3.5 %. 0.035 reads as a fraction, 35 as far too much."""
    if 0 < v < Decimal("0.1"):
        raise PydanticCustomError(
            "implausible",
            "{v} % of GDP is implausible for a defence plan: share_pct is in percent "
            "(3.5 for 3.5 %); if {v} is a fraction of GDP, write {pct}",
            {"v": f"{v:f}", "pct": f"{(v * 100).normalize():f}"},
        )
    if v > 20:
        raise PydanticCustomError(
            "implausible",
            "{v} % of GDP is implausible for a defence plan (no ally plans above 20 %); share_pct is in percent",
            {"v": f"{v:f}"},
        )
    return v


def _date_text(v: object) -> object:
    if isinstance(v, date):
        return v.isoformat()
    return v


_ANNOUNCED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _announced(v: str) -> str:
    if not _ANNOUNCED.match(v):
        raise PydanticCustomError(
            "date_format", "must be a date YYYY-MM-DD, a month YYYY-MM or a year YYYY, not '{v}'", {"v": v}
        )
    return v


if TYPE_CHECKING:
    Pct = Decimal
    Amount = Decimal
else:
    Pct = Annotated[_number(ge=0, le=100), AfterValidator(_plausible_pct)]
    Amount = _number(gt=0, le=100_000_000)
Announced = Annotated[str, BeforeValidator(_date_text), AfterValidator(_announced)]
Basis = Literal[BASES]  # type: ignore[valid-type]  # the values from the tuple above: pydantic reads them at run time
Status = Literal[STATUSES]  # type: ignore[valid-type]  # the values from the tuple above: pydantic reads them at run time
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class FigureFile(_Strict):
    year: Year
    share_pct: Pct | None = None
    """Percent of GDP (3.5 = 3.5 %)."""
    amount_bn: Amount | None = None
    """bn of ``currency`` (the CSV's million / 1000)."""
    currency: Currency
    basis: Basis
    basis_text: Text
    basis_assumed: bool = False
    same_scope: bool = False
    status: Status
    announced: Announced
    source_url: Text
    note: Paragraph = ""
    superseded: bool = False
    superseded_reason: Line = ""
    csv_line: int | None = None

    @model_validator(mode="after")
    def _has_a_number(self) -> FigureFile:
        if self.share_pct is None and self.amount_bn is None:
            raise PydanticCustomError(
                "no_value", "needs share_pct or amount_bn (a statement without a number goes in statements)"
            )
        if self.superseded and not self.superseded_reason.strip():
            raise PydanticCustomError("no_reason", "superseded = true needs a superseded_reason")
        if self.same_scope and self.basis != "national-budget":
            raise PydanticCustomError("same_scope", "same_scope applies to a national-budget basis only")
        return self


class StatementFile(_Strict):
    year: Year
    basis_text: Text
    status: Status
    announced: Announced
    source_url: Text
    note: Paragraph = ""


class AllyFile(_Strict):
    name: Text
    figures: list[FigureFile] = []
    statements: list[StatementFile] = []


class PlansFile(_Strict):
    format: Literal["nato-calc.plans/1"]
    kind: Literal["plans"]
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
    title: Text
    collected: date | None = None
    note: Paragraph = ""
    allies: dict[Code, AllyFile]


def _cross_check(model: PlansFile) -> list[Issue]:
    issues = []
    for code, ally in model.allies.items():
        seen: dict[tuple[int, str, str, str], int] = {}
        for i, f in enumerate(ally.figures):
            if f.superseded:
                continue
            measure = "share" if f.share_pct is not None else "amount"
            key = (f.year, f.basis, measure, f.announced)
            if key in seen:
                issues.append(
                    Issue(
                        f"allies.{code}.figures[{i + 1}]",
                        f"a second {f.basis} {measure} for {f.year} announced {f.announced} "
                        f"(as figures[{seen[key] + 1}]): mark one superseded, with its reason",
                    )
                )
            seen.setdefault(key, i)
    return issues


def parse_plans(data: bytes, path: Path) -> Plans:
    """Validate the bytes of a plans file."""
    name = display_path(path)
    raw = parse_toml(data, name, PlansError)
    if raw.get("kind") != KIND:
        raise PlansError(name, [Issue("kind", 'must be "plans" (a plans file says kind = "plans")')])
    try:
        model = PlansFile.model_validate(raw)
    except ValidationError as e:
        raise PlansError(name, _locate(validation_issues(e, PlansFile), data)) from None
    issues = _cross_check(model)
    if issues:
        raise PlansError(name, _locate(issues, data))
    return to_plans(model, path)


_TABLE = re.compile(r"^\s*\[\[\s*allies\.\"?([A-Za-z]+)\"?\.(figures|statements)\s*\]\]")
_LOC = re.compile(r"^allies\.([A-Za-z]+)\.(figures|statements)\[(\d+)\]")


def _locate(issues: list[Issue], data: bytes) -> list[Issue]:
    """Issues in a figure or statement with the line of its table first:
    ``line 40, allies.DEU.figures[2].share_pct``."""
    lines: dict[tuple[str, str, int], int] = {}
    counts: dict[tuple[str, str], int] = {}
    for i, text in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        m = _TABLE.match(text)
        if m:
            key = (m.group(1), m.group(2))
            counts[key] = counts.get(key, 0) + 1
            lines[(*key, counts[key])] = i
    return with_row_lines(issues, _LOC, lines)


def to_plans(model: PlansFile, path: Path | None) -> Plans:
    allies = []
    for code, a in sorted(model.allies.items()):
        figures = tuple(
            DeclaredFigure(
                f.year,
                f.share_pct,
                f.amount_bn,
                f.currency,
                f.basis,
                f.basis_text,
                f.status,
                f.announced,
                f.source_url,
                f.note,
                f.basis_assumed,
                f.same_scope,
                f.superseded,
                f.superseded_reason,
            )
            for f in a.figures
        )
        statements = tuple(
            Statement(s.year, s.basis_text, s.status, s.announced, s.source_url, s.note) for s in a.statements
        )
        allies.append(AllyPlans(code, a.name, figures, statements))
    return Plans(model.id, model.title, tuple(allies), str(path) if path is not None else None, model.note)


def shipped_plans_path() -> Path:
    return shipped_dir() / "plans" / f"{SHIPPED}.toml"


def load_plans(path: Path | str | None = None) -> Plans:
    """A plans file (default: the shipped one)."""
    p = Path(path) if path is not None else shipped_plans_path()
    return parse_plans(read_bytes(p, PlansError), p)


def looks_like_plans(data: bytes) -> bool:
    """Cheap sniff: a plans file declares kind = "plans" at top level."""
    return re.search(rb'(?m)^\s*kind\s*=\s*["\']plans["\']', data[:65536]) is not None
