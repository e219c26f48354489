"""Building a preset from its file: validation (pydantic, on first use), the cross-checks,
located errors and the conversion to the domain's :class:`~calc.domain.dataset.Preset`, for
both schemas. Only a preset cache miss, ``nato-calc validate`` and ``schema`` come here; a
start-up from the cache never imports this module (:mod:`calc.files.presets` holds discovery,
the cache and the year views).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.dataset import (
    NOT_APPLICABLE,
    Benchmark,
    Figure,
    Member,
    Preset,
    Release,
    Source,
    Targets,
    Timeline,
    YearFigures,
    ally_in,
)
from ..errors import Issue, PresetError, did_you_mean
from .presets import _eur_rate, _rate, _status, year_label
from .tomlio import display_path, parse_toml, validation_issues, with_row_lines

if TYPE_CHECKING:  # pragma: no cover
    from .models import PresetFile


def parse_preset(data: bytes, path: Path, *, shipped: bool = False) -> Preset:
    """Validate the bytes of a preset file (no cache)."""
    from pydantic import ValidationError

    from .models import PresetFile

    name = display_path(path)
    raw = parse_toml(data, name, PresetError)
    if raw.get("kind") == "scenario":
        raise PresetError(name, [Issue("kind", "this is a scenario, not a preset (open it with --scenario)")])
    version = raw.get("schema_version")
    if type(version) is int and version == 2:
        return _parse_release(raw, data, path, name, shipped=shipped)
    if type(version) is int and version != 1:
        msg = "must be 1 or 2 (2: a release with every year, docs/presets.md)"
        raise PresetError(name, [Issue("schema_version", msg)])
    try:
        model = PresetFile.model_validate(raw)
    except ValidationError as e:
        raise PresetError(name, validation_issues(e, PresetFile)) from None
    issues = cross_check(model, path.stem, shipped=shipped)
    if issues:
        raise PresetError(name, issues)
    return to_preset(model, path)


#: The figures of a schema-1 member, each of which may name its source.
_V1_FIGURES = ("gdp", "core", "core_share", "related", "related_share", "ukraine_aid", "ukraine_aid_share")


def _file_checks(model: Any, stem: str, issues: list[Issue]) -> Callable[[str, str | None], None]:
    """The checks every preset file gets first (both schemas): the id equals the file name and
    source ids are unique. Returns the check that a source reference resolves."""
    if model.id != stem:
        issues.append(Issue("id", f"'{model.id}' must equal the file name without .toml ('{stem}')"))
    declared: dict[str, int] = {}
    for i, s in enumerate(model.sources):
        if s.id in declared:
            issues.append(Issue(f"sources[{i + 1}].id", f"duplicate source id '{s.id}'"))
        declared.setdefault(s.id, i)

    def ref(loc: str, sid: str | None) -> None:
        if sid is not None and sid not in declared:
            hint = did_you_mean(sid, declared) or (
                f"; declared: {', '.join(declared)}" if declared else "; no [[sources]] declared"
            )
            issues.append(Issue(loc, f"unknown source id '{sid}'{hint}"))

    return ref


def _shared_checks(
    model: Any, issues: list[Issue], ref: Callable[[str, str | None], None], *, shipped: bool
) -> None:
    """The checks every preset file gets last (both schemas): groups name known members once
    and are not built-in ids, labels name groups, benchmarks cite sources and have unique ids,
    shipped presets declare their sources."""
    from ..domain.countries import BUILTIN_GROUP_IDS

    codes = set(model.members)
    for gid, members in model.groups.items():
        if gid in BUILTIN_GROUP_IDS:
            issues.append(Issue(f"groups.{gid}", f"'{gid}' is a built-in group; choose another id"))
        for i, c in enumerate(members):
            if c not in codes:
                issues.append(
                    Issue(f"groups.{gid}[{i + 1}]", f"unknown member '{c}'{did_you_mean(c, codes)}")
                )
        if len(set(members)) != len(members):
            issues.append(Issue(f"groups.{gid}", "lists a member more than once"))
    for gid in model.group_labels:
        if gid not in model.groups:
            issues.append(
                Issue(f"group_labels.{gid}", f"no group '{gid}' in [groups]{did_you_mean(gid, model.groups)}")
            )
    bench_ids: set[str] = set()
    for i, b in enumerate(model.benchmarks):
        ref(f"benchmarks[{i + 1}].source", b.source)
        if b.id in bench_ids:
            issues.append(Issue(f"benchmarks[{i + 1}].id", f"duplicate benchmark id '{b.id}'"))
        bench_ids.add(b.id)
    if shipped and not model.sources:
        issues.append(Issue("sources", "shipped presets declare their sources"))


def cross_check(model: PresetFile, stem: str, *, shipped: bool = False) -> list[Issue]:
    """Checks across the file: id equals file name, references resolve, sources are given."""
    issues: list[Issue] = []
    ref = _file_checks(model, stem, issues)
    for code, m in model.members.items():
        ref(f"members.{code}.source", m.source)
        for fname in _V1_FIGURES:
            v = getattr(m, fname)
            if v is None:
                continue
            vsrc = getattr(v, "source", None)
            ref(f"members.{code}.{fname}.source", vsrc)
            if shipped and vsrc is None and m.source is None:
                issues.append(
                    Issue(f"members.{code}.{fname}", "shipped presets name a source for every figure")
                )
    _shared_checks(model, issues, ref, shipped=shipped)
    return issues


def _figure(v: Any, share: bool, member_source: str | None) -> Figure:
    if isinstance(v, Decimal):
        return Figure(v, share=share, source=member_source)
    return Figure(v.value, share=share, status=v.status, source=v.source or member_source, note=v.note)


def _either(m: Any, name: str, source: str | None) -> Figure | None:
    """The figure ``name`` of a member (or year row) given as an amount or as ``NAME_share``."""
    if getattr(m, name) is not None:
        return _figure(getattr(m, name), False, source)
    if getattr(m, f"{name}_share", None) is not None:
        return _figure(getattr(m, f"{name}_share"), True, source)
    return None


def _aid(r: Any, source: str | None, eur: tuple[Decimal, Decimal] | None) -> Figure | None:
    """A year row's Ukraine aid in USD bn: an amount given in euros (``currency = "EUR"``) is
    converted at the year's rate implied by the release (``eur``: Germany's core spending in
    USD and in EUR that year), ``value × USD ÷ EUR`` to the engine's 50 digits."""
    v = r.ukraine_aid
    if v is None:
        return None
    fig = _figure(v, False, source)
    if isinstance(v, Decimal) or v.currency == "USD":
        return fig
    if eur is None:
        raise ValueError("no euro rate")  # refused by cross_check_release first
    from ..engine.evaluate import CONTEXT

    usd, in_eur = eur
    return Figure(
        CONTEXT.divide(CONTEXT.multiply(v.value, usd), in_eur),
        status=fig.status,
        source=fig.source,
        note=fig.note,
    )


def to_preset(model: PresetFile, path: Path | None) -> Preset:
    """Build the engine's immutable preset from a validated file model."""
    members = []
    for code, m in model.members.items():
        core = (
            _figure(m.core, False, m.source) if m.core is not None else _figure(m.core_share, True, m.source)
        )
        members.append(
            Member(
                code=code,
                name=m.name,
                gdp=_figure(m.gdp, False, m.source),
                core=core,
                related=_either(m, "related", m.source),
                source=m.source,
                note=m.note,
                ukraine_aid=_either(m, "ukraine_aid", m.source),
            )
        )
    return Preset(
        id=model.id,
        label=model.label,
        year=model.year,
        currency=model.currency,
        released=model.released,
        members=tuple(members),
        **_shared_parts(model, path),
    )


def _shared_parts(model: Any, path: Path | None) -> dict[str, Any]:
    """What both formats hold alike: description, targets, sources, groups, benchmarks, path."""
    return {
        "description": model.description,
        "targets": Targets(**model.targets.model_dump()),
        "sources": tuple(Source(**s.model_dump()) for s in model.sources),
        "groups": tuple((gid, tuple(codes)) for gid, codes in model.groups.items()),
        "group_names": tuple(model.group_labels.items()),
        "benchmarks": tuple(Benchmark(**b.model_dump()) for b in model.benchmarks),
        "path": str(path) if path is not None else None,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the preset file format (written by ``nato-calc schema``)."""
    from .models import PresetFile, toml_json_schema

    return toml_json_schema(PresetFile, "nato-calc preset (schema_version 1)")


def release_json_schema() -> dict[str, Any]:
    """The JSON Schema of the release format (schema_version 2; ``nato-calc schema --kind release``)."""
    from .models import ReleasePresetFile, toml_json_schema

    return toml_json_schema(ReleasePresetFile, "nato-calc release preset (schema_version 2)")


# --------------------------------------------------------------------------------------------
# Schema 2: a release with a time axis
# --------------------------------------------------------------------------------------------

_ROW_LOC = re.compile(r"^(members|aggregates)\.([^.\[]+)\.years\[(\d+)\]")


def _row_lines(text: str) -> dict[tuple[str, str, int], int]:
    """(``members``/``aggregates``, key, row number from 1) -> its line in the file, for the
    one-row-per-line layout the build writes (``{ year = ..., ... },`` under ``[members.X]``)."""
    out: dict[tuple[str, str, int], int] = {}
    table: tuple[str, str] | None = None
    n = 0
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        m = re.match(r"^\[(members|aggregates)\.([^\]\s]+)\]$", stripped)
        if m:
            table, n = (m.group(1), m.group(2).strip('"')), 0
        elif re.match(r"^\[\[?[A-Za-z\"]", stripped):
            table = None
        if table is not None and re.match(r"^(years\s*=\s*\[\s*)?\{", stripped):
            n += 1
            out[(table[0], table[1], n)] = i
    return out


def _locate(issues: list[Issue], data: bytes) -> list[Issue]:
    """Year-row issues with the line of their row first: ``line 390, members.DEU.years[13].gdp``."""
    if not any(_ROW_LOC.match(i.loc) for i in issues):
        return issues
    return with_row_lines(issues, _ROW_LOC, _row_lines(data.decode("utf-8", "replace")))


def _parse_release(raw: dict, data: bytes, path: Path, name: str, *, shipped: bool) -> Preset:
    from pydantic import ValidationError

    from .models import ReleasePresetFile

    try:
        model = ReleasePresetFile.model_validate(raw)
    except ValidationError as e:
        raise PresetError(name, _locate(validation_issues(e, ReleasePresetFile), data)) from None
    issues = cross_check_release(model, path.stem, shipped=shipped)
    if issues:
        raise PresetError(name, _locate(issues, data))
    return to_release_preset(model, path)


def cross_check_release(model: Any, stem: str, *, shipped: bool = False) -> list[Issue]:
    """Checks across a release file: id, references, the same years for every member and
    aggregate, and every figure an assessed member needs in every year."""
    issues: list[Issue] = []
    ref = _file_checks(model, stem, issues)
    ref("release.source", model.release.source)
    first = next(iter(model.members.values()))
    years = [r.year for r in first.years]
    for code, m in model.members.items():
        ref(f"members.{code}.source", m.source)
        got = [r.year for r in m.years]
        if got != years:
            issues.append(
                Issue(f"members.{code}.years", f"covers {_span(got)}; every member must cover {_span(years)}")
            )
        needed = ("gdp",) if m.status == NOT_APPLICABLE else ("gdp", "core", "core_share")
        for i, r in enumerate(m.years, 1):
            ref(f"members.{code}.years[{i}].source", r.source)
            for fname in ("related", "related_share", "ukraine_aid"):
                v = getattr(r, fname)
                ref(f"members.{code}.years[{i}].{fname}.source", getattr(v, "source", None))
                if getattr(v, "currency", "USD") == "EUR" and _eur_pair(model, r.year) is None:
                    issues.append(
                        Issue(
                            f"members.{code}.years[{i}].{fname}.currency",
                            f"EUR needs the year's euro rate: Germany (currency EUR) with core and core_national in {r.year}",
                        )
                    )
            if shipped and r.source is None and m.source is None:
                issues.append(
                    Issue(f"members.{code}.years[{i}]", "shipped presets name a source for every figure")
                )
            for f in needed:
                if getattr(r, f) is None:
                    issues.append(Issue(f"members.{code}.years[{i}].{f}", f"required for {r.year}"))
    for gid, a in model.aggregates.items():
        ref(f"aggregates.{gid}.source", a.source)
        got = [r.year for r in a.years]
        if got != years:
            issues.append(
                Issue(f"aggregates.{gid}.years", f"covers {_span(got)}; the members cover {_span(years)}")
            )
    _shared_checks(model, issues, ref, shipped=shipped)
    return issues


def _eur_pair(model: Any, year: int) -> tuple[Decimal, Decimal] | None:
    """Germany's core spending in USD and in EUR in ``year`` (the release's euro rate), or None."""
    m = model.members.get("DEU")
    if m is None or m.currency != "EUR":
        return None
    row = next((r for r in m.years if r.year == year), None)
    if row is None or not row.core or not row.core_national:
        return None
    return row.core, row.core_national


def _span(years: Sequence[int]) -> str:
    return f"{years[0]}-{years[-1]} ({len(years)} years)" if years else "no year"


def _row_figures(r: Any, *, national: bool, model: Any = None, source: str | None = None) -> YearFigures:
    extra = {}
    if national:  # a member's row: its related spending and Ukraine aid, with their provenance
        src = r.source or source
        extra = {"related": _either(r, "related", src), "ukraine_aid": _aid(r, src, _eur_pair(model, r.year))}
    return YearFigures(
        **extra,
        year=r.year,
        estimate=r.estimate,
        core_share=r.core_share,
        core=r.core,
        core_constant=r.core_constant,
        core_national=getattr(r, "core_national", None) if national else None,
        gdp=r.gdp,
        equipment_share=getattr(r, "equipment_share", None),
        real_change=getattr(r, "real_change", None),
    )


def model_estimate(model: Any, year: int) -> bool:
    return any(r.estimate for m in model.members.values() for r in m.years if r.year == year)


def to_release_preset(model: Any, path: Path | None) -> Preset:
    """The engine's preset for the newest year of a validated release, with its timeline."""
    years = tuple(r.year for r in next(iter(model.members.values())).years)
    year = years[-1]
    members = []
    series = []
    for code, m in model.members.items():
        row = m.years[-1]
        src = row.source or m.source
        status = _status(row.estimate)
        gdp = Figure(row.gdp, status=status, source=src, note=m.gdp_note)
        if m.status == NOT_APPLICABLE:
            member = Member(
                code=code,
                name=m.name,
                gdp=gdp,
                core=Figure(Decimal(0), status=NOT_APPLICABLE, source=src),
                source=m.source,
                note=m.note,
                currency=m.currency,
                joined=m.joined,
                ally=ally_in(m.joined, year),
            )
        else:
            member = Member(
                code=code,
                name=m.name,
                gdp=gdp,
                core=Figure(row.core, status=status, source=src),
                source=m.source,
                note=m.note,
                equipment=(
                    Figure(row.equipment_share, status=status, source=src)
                    if row.equipment_share is not None
                    else None
                ),
                published_share=row.core_share,
                core_constant=row.core_constant,
                core_national=row.core_national,
                currency=m.currency,
                usd_rate=_rate(row.core_national, row.core),
                joined=m.joined,
                ally=ally_in(m.joined, year),
            )
        figures = tuple(_row_figures(r, national=True, model=model, source=m.source) for r in m.years)
        series.append((code, figures))
        member = replace(
            member,
            ukraine_aid=figures[-1].ukraine_aid,
            related=figures[-1].related if m.status != NOT_APPLICABLE else None,
        )
        members.append(member)
    rel = model.release
    release = Release(
        publisher=rel.publisher,
        title=rel.title,
        published=rel.published,
        cutoff=rel.cutoff,
        url=rel.url,
        tables=tuple(rel.tables.items()),
        credit=rel.credit,
        next_expected=rel.next_expected,
        note=rel.note,
    )
    timeline = Timeline(
        years=years,
        members=tuple(series),
        aggregates=tuple(
            (gid, tuple(_row_figures(r, national=False) for r in a.years))
            for gid, a in model.aggregates.items()
        ),
        currencies=tuple((code, m.currency) for code, m in model.members.items() if m.currency),
    )
    return Preset(
        id=model.id,
        label=year_label(model.label, year, model_estimate(model, year)),
        year=year,
        currency=model.currency,
        released=rel.published,
        members=tuple(members),
        **_shared_parts(model, path),
        release=release,
        years=years,
        eur_rate=_eur_rate(members),
        timeline=timeline,
    )
