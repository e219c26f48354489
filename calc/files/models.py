"""Pydantic models of the files nato-calc reads: presets and scenarios.

These are the *boundary* types: strict (unknown keys are errors), immutable, and only used to
validate untrusted TOML. The engine never sees them; :mod:`calc.files.presets` and
:mod:`calc.engine.changes` turn them into the frozen dataclasses of :mod:`calc.domain.dataset`.

Importing this module builds the pydantic validators (a noticeable cost), so the start-up paths
import it only when a file is not already in the validated cache.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..domain.dataset import FILE_STATUSES
from ..domain.registry import FIELD_KEYS, MAX_MONEY, MIN_GDP, MIN_NONZERO
from ..engine.changes import OPS
from ..errors import char_name, find_invisible

SCHEMA_VERSION = 1
#: The format with a time axis (one release, every year it publishes): :class:`ReleasePresetFile`.
RELEASE_SCHEMA_VERSION = 2

_TOML_KINDS = {
    str: "a string",
    bool: "a boolean",
    dict: "a table",
    list: "an array",
    date: "a date",
}


def _toml_kind(v: Any) -> str:
    for t, name in _TOML_KINDS.items():
        if isinstance(v, t):
            return name
    return type(v).__name__


def _require_number(v: Any) -> Any:
    """Accept TOML integers and floats (parsed as Decimal); refuse strings, booleans, tables."""
    if isinstance(v, bool) or not isinstance(v, (int, Decimal, float)):
        raise PydanticCustomError("number_type", "must be a number, not {kind}", {"kind": _toml_kind(v)})
    return v


_JSON_KEYWORDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


def _number(**constraints: Any) -> Any:
    schema: dict[str, Any] = {"type": "number"}
    schema.update({_JSON_KEYWORDS[k]: float(v) for k, v in constraints.items()})
    return Annotated[
        Decimal,
        BeforeValidator(_require_number),
        Field(allow_inf_nan=False, **constraints),
        WithJsonSchema(schema),
    ]


def _min_gdp(v: Decimal) -> Decimal:
    if v < MIN_GDP:
        raise PydanticCustomError("too_small", "must be at least {min} (USD 1,000)", {"min": "0.000001"})
    return v


def _not_tiny(v: Decimal) -> Decimal:
    """A non-zero figure below 10^-18 means nothing and would underflow the engine's range."""
    if v and v.copy_abs() < MIN_NONZERO:
        raise PydanticCustomError("too_small", "must be 0 or at least {min}", {"min": "0.000000000000000001"})
    return v


if TYPE_CHECKING:  # to mypy, what the validators give; pydantic gets the constrained types
    PositiveNumber = Decimal
    NonNegative = Decimal
    ShareNumber = Decimal
    Number = Decimal
    NonNegativeNumber = Decimal
else:
    PositiveNumber = Annotated[_number(gt=0, le=MAX_MONEY), AfterValidator(_min_gdp)]
    NonNegative = Annotated[_number(ge=0, le=MAX_MONEY), AfterValidator(_not_tiny)]
    ShareNumber = Annotated[_number(ge=0, le=1), AfterValidator(_not_tiny)]
    Number = _number()
    NonNegativeNumber = _number(ge=0)
Year = Annotated[int, Strict(), Field(ge=1949, le=2100)]
Code = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
KebabId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tabs and newlines allowed


def _control_error(v: str, found: re.Match) -> PydanticCustomError:
    return PydanticCustomError(
        "control_character",
        "must not contain control characters (found {char} at position {pos})",
        {"char": repr(found.group())[1:-1], "pos": found.start() + 1},
    )


def _no_invisible(v: str) -> str:
    """No invisible format character: a right-to-left override makes a name read backwards, a
    zero-width space makes two names look the same, a line separator breaks a table's row."""
    at = find_invisible(v)
    if at is not None:
        raise PydanticCustomError(
            "invisible_character",
            "contains an invisible format character {char} at position {pos}",
            {"char": char_name(v[at]), "pos": at + 1},
        )
    return v


def _one_line(v: str) -> str:
    """Names, labels, titles: one line, no control characters (no terminal escape sequences)
    and no invisible format characters."""
    found = _CONTROL.search(v)
    if found:
        raise _control_error(v, found)
    return _no_invisible(v)


def _paragraph(v: str) -> str:
    """Descriptions and notes: line breaks and tabs allowed, other control characters and
    invisible format characters not."""
    found = _CONTROL_IN_TEXT.search(v)
    if found:
        raise _control_error(v, found)
    return _no_invisible(v)


Text = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
Line = Annotated[str, AfterValidator(_one_line)]
Paragraph = Annotated[str, AfterValidator(_paragraph)]
Status = Literal[FILE_STATUSES]  # type: ignore[valid-type]  # the values from the tuple above: pydantic reads them at run time


def _not_bool(v: Any) -> Any:
    if isinstance(v, bool):
        raise PydanticCustomError("int_type", "must be a whole number, not a boolean")
    return v


SchemaVersion = Annotated[Literal[1], BeforeValidator(_not_bool)]
ReleaseSchemaVersion = Annotated[Literal[2], BeforeValidator(_not_bool)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, strict=False)


class _Spec(_Strict):
    status: Status | None = None
    """How firm the figure is: estimate, placeholder, later-vintage, not-applicable, ..."""
    source: KebabId | None = None
    """Id of a ``[[sources]]`` entry this figure comes from (overrides the member's source)."""
    note: Paragraph | None = None
    """Free text shown next to the figure."""


class GdpSpec(_Spec):
    value: PositiveNumber
    """GDP, USD bn at current prices."""


class MoneySpec(_Spec):
    value: NonNegative
    """Spending, USD bn at current prices."""


class ShareSpec(_Spec):
    value: ShareNumber
    """Spending as a fraction of GDP (0.035 is 3.5 %)."""


class AidSpec(MoneySpec):
    """A money figure of a release's year row that may be given in euros (Ukraine aid as the
    Kiel Institute tracks it): converted to USD at the year's rate implied by the release's own
    tables (Germany's core spending, Table 2 / Table 1)."""

    currency: Literal["USD", "EUR"] = "USD"
    """What ``value`` is in: USD bn (the default) or EUR bn."""


def _kind(v: Any) -> str:
    return "table" if isinstance(v, (dict, BaseModel)) else "number"


def _valued(number: Any, spec: type[_Spec]) -> Any:
    """A bare number, or an inline table ``{ value = ..., status = ..., source = ... }``."""
    return Annotated[
        Annotated[number, Tag("number")] | Annotated[spec, Tag("table")],
        Discriminator(_kind),
    ]


if TYPE_CHECKING:  # a number or its table (the union _valued builds)
    GdpValue = Decimal | GdpSpec
    MoneyValue = Decimal | MoneySpec
    ShareValue = Decimal | ShareSpec
    AidValue = Decimal | AidSpec
else:
    GdpValue = _valued(PositiveNumber, GdpSpec)
    MoneyValue = _valued(NonNegative, MoneySpec)
    ShareValue = _valued(ShareNumber, ShareSpec)
    AidValue = _valued(NonNegative, AidSpec)

#: Tags pydantic puts into error locations for the unions above; dropped from messages.
UNION_TAGS = frozenset({"number", "table"})
#: The fields holding such a union (the tags follow them in an error location).
VALUED_FIELDS = frozenset(FIELD_KEYS)


class MemberFile(_Strict):
    """One member: ``[members.POL]``."""

    name: Text
    """Display name, e.g. "Poland"."""
    gdp: GdpValue
    """GDP, USD bn at current prices."""
    core: MoneyValue | None = None
    """Core defence spending (NATO definition), USD bn. Give this or ``core_share``."""
    core_share: ShareValue | None = None
    """Core defence spending as a fraction of GDP. Give this or ``core``."""
    related: MoneyValue | None = None
    """Defence-related spending (Hague 1.5 % category), USD bn. Absent means unknown."""
    related_share: ShareValue | None = None
    """Defence-related spending as a fraction of GDP. Absent means unknown."""
    ukraine_aid: MoneyValue | None = None
    """Military aid to Ukraine, USD bn (counted toward core spending only when asked). Absent
    means unknown."""
    ukraine_aid_share: ShareValue | None = None
    """Military aid to Ukraine as a fraction of GDP. Absent means unknown."""
    source: KebabId | None = None
    """Default source id for this member's figures."""
    note: Paragraph | None = None
    """Free text about this member's data."""

    @model_validator(mode="after")
    def _one_basis(self) -> MemberFile:
        if (self.core is None) == (self.core_share is None):
            raise PydanticCustomError(
                "core_basis",
                "give exactly one of 'core' (USD bn) or 'core_share' (fraction of GDP)",
            )
        _at_most_one_basis(self)
        return self


def _at_most_one_basis(row: Any) -> None:
    """Related spending and Ukraine aid: an amount or a share, not both."""
    for name in ("related", "ukraine_aid"):
        if getattr(row, name) is not None and getattr(row, f"{name}_share", None) is not None:
            raise PydanticCustomError(
                f"{name}_basis",
                "give at most one of '{name}' (USD bn) or '{name}_share' (fraction of GDP)",
                {"name": name},
            )


class TargetsFile(_Strict):
    """``[targets]``: the thresholds in force. Every key is optional."""

    guideline: ShareNumber = Decimal("0.02")
    """Wales 2014 guideline: core spending of at least this share of GDP."""
    core: ShareNumber = Decimal("0.035")
    """The Hague 2025: core defence of at least this share of GDP."""
    related_cap: ShareNumber = Decimal("0.015")
    """The Hague 2025: defence-related spending counts up to this share of GDP."""
    total: ShareNumber = Decimal("0.05")
    """The Hague 2025: core plus counted related spending."""
    deadline: Year = 2035
    """The year by which the Hague targets are to be met."""
    equipment: ShareNumber = Decimal("0.20")
    """NATO guideline: major equipment (incl. R&D) of at least this share of core spending."""


class SourceFile(_Strict):
    """``[[sources]]``: a publication figures trace to."""

    id: KebabId
    """Short kebab-case id, referenced by members and figures (e.g. ``nato-dex-2025``)."""
    title: Text
    url: Line | None = None
    accessed: date | None = None
    publisher: Line | None = None
    note: Paragraph | None = None


class BenchmarkFile(_Strict):
    """``[[benchmarks]]``: an outside reference figure to set groups against."""

    id: KebabId
    label: Text
    """e.g. "Russia, military expenditure 2024 (IISS)"."""
    value: PositiveNumber
    """USD bn."""
    basis: Literal["market-exchange-rates", "ppp"] = "market-exchange-rates"
    """How the figure was converted to dollars: market exchange rates or purchasing-power parity."""
    year: Year | None = None
    share_of_gdp: ShareNumber | None = None
    source: KebabId
    note: Paragraph | None = None
    compare_group: KebabId | None = None
    """Group the publisher set this figure against (e.g. ``eu`` plus the UK)."""
    comparator_value: PositiveNumber | None = None
    """The publisher's own figure for that comparator, USD bn."""
    comparator_label: Line | None = None


class PresetFile(_Strict):
    """A preset: one data vintage for one year. Money in USD bn, shares as fractions."""

    schema_version: SchemaVersion
    """Always 1 for this format."""
    id: KebabId
    """Kebab-case, equal to the file name without ``.toml``."""
    label: Text
    """One line saying what the data is, e.g. "NATO allies, 2025 estimates (Aug 2025 release)"."""
    year: Year
    """The year the figures are for."""
    currency: Literal["USD"] = "USD"
    released: date | None = None
    """When the data vintage was published (orders presets of the same year)."""
    description: Paragraph | None = None
    targets: TargetsFile = TargetsFile()
    sources: list[SourceFile] = []
    members: Annotated[dict[Code, MemberFile], Field(min_length=1)]
    groups: dict[KebabId, Annotated[list[Code], Field(min_length=1)]] = {}
    """User groups: ``id = ["POL", "DEU", ...]``."""
    group_labels: dict[KebabId, Text] = {}
    """Optional display names of user groups: ``eu-uk = "EU member states + UK"``."""
    benchmarks: list[BenchmarkFile] = []


# --------------------------------------------------------------------------------------------
# Schema 2: a release with a time axis
# --------------------------------------------------------------------------------------------

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
#: A yearly real change, as a fraction (-0.0438 is -4.38 %).
if TYPE_CHECKING:  # to mypy, what the validator gives
    Change = Decimal
else:
    Change = _number(ge=-1, le=100)


class ReleaseFile(_Strict):
    """``[release]``: the publication the file reproduces."""

    publisher: Text
    """Who publishes the figures ("NATO")."""
    title: Text
    """Edition title, e.g. "Defence Expenditure of NATO Countries (2014-2026)"."""
    published: date | None = None
    cutoff: date | None = None
    """Information cut-off date."""
    url: Line | None = None
    """Where the publisher's workbook is."""
    tables: dict[Annotated[str, Field(pattern=r"^[a-z_]+$")], Text] = {}
    """Measure -> the table it comes from: ``core_share = "Table 3: ..."``."""
    credit: Text
    """The credit line the publisher asks for ("Source: NATO")."""
    next_expected: date | None = None
    """When the next edition is expected."""
    source: KebabId | None = None
    """Id of the ``[[sources]]`` entry of the publication."""
    note: Paragraph | None = None


class _YearRow(_Strict):
    year: Year
    estimate: bool = False
    """The publisher marks the year as an estimate (``2026e``)."""
    core_share: ShareNumber | None = None
    """Published core share of GDP, a fraction (Table 3)."""
    core: NonNegative | None = None
    """Core spending, USD bn, current prices (Table 2)."""
    core_constant: NonNegative | None = None
    """Core spending, USD bn, 2021 prices (Table 2)."""
    gdp: PositiveNumber | None = None
    """GDP, USD bn, current prices (Table 5)."""
    source: KebabId | None = None
    """Source of this row's figures (overrides the member's)."""
    note: Paragraph | None = None


class MemberYear(_YearRow):
    """One year of one ally: ``{ year = 2026, estimate = true, core_share = 0.0269, ... }``."""

    core_national: NonNegative | None = None
    """Core spending, bn of the ally's currency, current prices (Table 1)."""
    equipment_share: ShareNumber | None = None
    """Major equipment incl. R&D as a fraction of core spending (Table 8a)."""
    related: MoneyValue | None = None
    """Defence- and security-related spending (the Hague 1.5 %), USD bn; absent: unknown."""
    related_share: ShareValue | None = None
    """The same as a fraction of GDP (e.g. an ally's own claim, status ``national-claim``)."""
    ukraine_aid: AidValue | None = None
    """Military aid to Ukraine that year, USD bn (or EUR bn with ``currency = "EUR"``); absent:
    unknown. Status ``partial`` marks part of a year only (never counted)."""

    @model_validator(mode="after")
    def _one_basis(self) -> MemberYear:
        _at_most_one_basis(self)
        return self


class AggregateYear(_YearRow):
    """One year of one of the publisher's printed aggregates."""

    real_change: Change | None = None
    """Real change on the year before, a fraction (-0.0438 is -4.38 %)."""


def _years_in_order(rows: list) -> list:
    years = [r.year for r in rows]
    if years != sorted(set(years)):
        raise PydanticCustomError("year_order", "years must be listed once each, in increasing order")
    return rows


class ReleaseMemberFile(_Strict):
    """One ally of a release: ``[members.DEU]`` with one row per year."""

    name: Text
    currency: Currency | None = None
    """ISO 4217 code of the ally's own currency (the unit of ``core_national``)."""
    joined: Year | None = None
    """The year the ally joined, when later than the first year (the publisher's totals leave it
    out of the years before; its own rows may go back further)."""
    status: Status | None = None
    """Core status for every year instead of estimate/final (``not-applicable``: Iceland)."""
    gdp_note: Paragraph | None = None
    """Note on the GDP figures (e.g. how they were derived)."""
    source: KebabId | None = None
    """Default source id of the member's figures."""
    note: Paragraph | None = None
    years: Annotated[list[MemberYear], Field(min_length=1), AfterValidator(_years_in_order)]


class AggregateFile(_Strict):
    """``[aggregates.nato]``: the publisher's own totals for a group, as printed."""

    label: Text
    source: KebabId | None = None
    years: Annotated[list[AggregateYear], Field(min_length=1), AfterValidator(_years_in_order)]


class ReleasePresetFile(_Strict):
    """A release: every year one edition publishes (schema 2). Money in USD bn, shares as fractions."""

    schema_version: ReleaseSchemaVersion
    """Always 2 for this format."""
    id: KebabId
    label: Text
    currency: Literal["USD"] = "USD"
    description: Paragraph | None = None
    release: ReleaseFile
    targets: TargetsFile = TargetsFile()
    sources: list[SourceFile] = []
    members: Annotated[dict[Code, ReleaseMemberFile], Field(min_length=1)]
    aggregates: dict[KebabId, AggregateFile] = {}
    """The publisher's printed totals by group id (``nato``, ``europe-canada``)."""
    groups: dict[KebabId, Annotated[list[Code], Field(min_length=1)]] = {}
    group_labels: dict[KebabId, Text] = {}
    benchmarks: list[BenchmarkFile] = []


if TYPE_CHECKING:
    Op = str
else:  # the operations of the one table of rules (calc.engine.changes.OP_RULES), in its order
    Op = Literal[OPS]


class ChangeFile(_Strict):
    """``[[changes]]``: one what-if change. Changes apply in file order; later ones win."""

    op: Op
    """set | add | scale (a member figure), exclude | include | reset (a member),
    target (a threshold), growth (nominal GDP growth for paths), count-ukraine (field on or
    off: count Ukraine aid toward core spending)."""
    member: (
        Annotated[str, Field(min_length=1, max_length=40, json_schema_extra={"pattern": r"^([A-Z]{3}|\*)$"})]
        | None
    ) = None
    """Member code of the base preset (e.g. ``DEU``), or ``*`` for every member. Checked against
    the base when the scenario is loaded (unknown codes get a did-you-mean)."""
    field: str | None = None
    """For set/add/scale: gdp, core, core_share, related, related_share.
    For target: guideline, core, related_cap, total, deadline."""
    value: Number | None = None
    """The number: USD bn, a fraction of GDP, a factor (scale), a growth rate, or a year."""
    unknown: bool = False
    """With ``op = "set"`` on related/related_share or ukraine_aid/ukraine_aid_share: mark the
    figure unknown instead."""


class FingerprintMember(_Strict):
    """A member's figures in the base preset when the scenario was saved, USD bn."""

    gdp: NonNegativeNumber | None = None
    core: NonNegativeNumber | None = None
    related: NonNegativeNumber | None = None
    """Absent: not known in the base."""


class BaseFingerprint(_Strict):
    """What the scenario's root preset was when nato-calc saved it (written by nato-calc):
    on load, a preset that changed since (a revision, a new release) is reported."""

    preset: Text
    """The root preset's id."""
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the preset's data (its figures, targets, groups and metadata)."""
    label: Text | None = None
    year: int | None = None
    released: date | None = None
    members: dict[Code, FingerprintMember] = {}
    """The figures of the members the scenario's changes name."""


class ScenarioFile(_Strict):
    """A scenario: a base (preset id or another scenario file) plus an ordered list of changes."""

    schema_version: SchemaVersion
    kind: Literal["scenario"]
    """Always "scenario" (tells a scenario from a preset)."""
    label: Text | None = None
    description: Paragraph | None = None
    base: Text
    """A preset id (``nato-2025``) or the path of another scenario file, relative to this one."""
    changes: list[ChangeFile] = []
    base_fingerprint: BaseFingerprint | None = None
    """Written by nato-calc when saving: what the root preset was then (optional)."""


def toml_json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of a file model, as TOML sees it: no ``null`` (TOML has none)."""
    schema = model.model_json_schema(mode="validation")
    schema = _without_null(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def _without_null(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_null(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _without_null(v) for k, v in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1:
            node = {**rest[0], **node}
        else:
            node["anyOf"] = rest
        if node.get("default", 0) is None:
            del node["default"]
    return node
