"""Where a preset's figures come from: its release block and its sources, in every output.

A preset with a time axis reproduces one publication, its ``[release]`` block
(:class:`~calc.domain.dataset.Release`: publisher, edition title, publication date, information
cut-off, the workbook's URL, the table each measure comes from, the credit line the publisher
asks for, when the next edition is expected). Every preset lists its ``[[sources]]``; a
single-year v1 preset has sources and no release block. This module renders both:

- :func:`text_lines`: the block as the ``sources`` command prints it (plain text);
- :func:`release_dict` / :func:`preset_sources_dict`: JSON (``preset.release`` in the report,
  compare and path documents; ``nato-calc.sources/1``);
- :func:`markdown_lines`: the ``sources`` command in Markdown; :func:`footer_lines`: the one-line
  credit under a report, comparison or path in Markdown;
- :func:`csv_comment_lines`: the block as leading ``#`` lines of a CSV (``--provenance``);
- :func:`release_rows`: the block as (item, value) rows for the workbook's Sources sheet;
- :func:`edition_notice`: the quiet "NATO's 2027 edition was expected by July 2027" line, offline
  (today's date against the newest release's ``next_expected``), for the CLI and the TUI.

Pure: no I/O, no clock except :func:`today` (tests replace it), no textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from ..domain.dataset import Preset, Release, Source
from ..errors import printable
from .csvout import FORMULA_START
from .fmt import md_text

SOURCES_SCHEMA = "nato-calc.sources/1"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: How many what-if changes the CSV comment lines list before "… and N more".
CHANGES_SHOWN = 10
#: What the text and CSV say of a preset that has no release block.
NO_RELEASE = "no release block (a single-year preset: its sources are listed below)"


def today() -> date:
    """Today's date, from the machine's clock (no network). Tests replace this function."""
    return date.today()


def one_line(text: object) -> str:
    """``text`` on one line, control and invisible characters escaped (text from files)."""
    return " ".join(printable(str(text)).split())


def long_date(d: date) -> str:
    """``7 July 2026`` (the same in every locale)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month_year(d: date) -> str:
    """``July 2027``."""
    return f"{MONTHS[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------------------------
# The facts, once: (label, value) items that every format shows its own way
# --------------------------------------------------------------------------------------------


def release_items(release: Release) -> list[tuple[str, str]]:
    """The release block as (label, value) items; dates as ISO 8601, absent values left out."""
    r = release
    items = [("Publisher", r.publisher), ("Edition", r.title)]
    if r.published:
        items.append(("Published", r.published.isoformat()))
    if r.cutoff:
        items.append(("Information cut-off", r.cutoff.isoformat()))
    if r.url:
        items.append(("Workbook", r.url))
    for measure, table in r.tables:
        items.append((f"Measure {measure}", table))
    if r.credit:
        items.append(("Credit line", r.credit))
    if r.next_expected:
        items.append(("Next edition expected", r.next_expected.isoformat()))
    if r.note:
        items.append(("Note", r.note))
    return [(label, one_line(value)) for label, value in items]


def source_text(s: Source) -> str:
    """One source on one line: ``title · publisher · url · accessed 2025-10-16``."""
    parts = [s.title]
    if s.publisher:
        parts.append(s.publisher)
    if s.url:
        parts.append(s.url)
    if s.accessed:
        parts.append(f"accessed {s.accessed.isoformat()}")
    return one_line(" · ".join(parts))


def credit_text(preset: Preset) -> str:
    """The one-line credit: ``Source: NATO, Defence Expenditure of NATO Countries (2014-2026),
    published 7 July 2026, data to 3 July 2026``; for a preset without a release block, its
    sources: ``Sources: NATO, <title>; International Monetary Fund, <title>`` (each publication
    once), or ``Sources: none named in the preset``. No final full stop."""
    r = preset.release
    if r is not None:
        text = r.credit or f"Source: {r.publisher}"
        if r.publisher and r.publisher not in text:  # a credit line that does not name it
            text += f" ({r.publisher})"
        text += f", {r.title}"
        if r.published:
            text += f", published {long_date(r.published)}"
        if r.cutoff:
            text += f", data to {long_date(r.cutoff)}"
        return one_line(text)
    seen: list[str] = []
    for s in cited_sources(preset):
        item = f"{s.publisher}, {s.title}" if s.publisher else s.title
        if item not in seen:
            seen.append(item)
    if not seen:
        return "Sources: none named in the preset"
    return one_line(("Source: " if len(seen) == 1 else "Sources: ") + "; ".join(seen))


def cited_sources(preset: Preset) -> list[Source]:
    """The sources the members' figures name (a benchmark's source is not one), in the file's
    order; every source when no figure names one."""
    cited = set()
    for m in preset.members:
        cited.add(m.source)
        for fig in (m.gdp, m.core, m.related, m.equipment):
            if fig is not None:
                cited.add(fig.source)
    return [s for s in preset.sources if s.id in cited] or list(preset.sources)


def _changed_note(preset: Preset) -> str:
    """Said after the credit when figures were changed (a what-if or a scenario)."""
    if not (preset.modified or preset.scenario):
        return ""
    whose = f"{one_line(preset.release.publisher)}'s" if preset.release else "the sources'"
    return f"; the changes listed above are the what-if's, not {whose}"


# --------------------------------------------------------------------------------------------
# Plain text (the sources command)
# --------------------------------------------------------------------------------------------


def _wrap(first: str, text: str, rest: str, width: int) -> list[str]:
    """``text`` after ``first``, wrapped to ``width`` with ``rest`` before the next lines; a
    URL or another long word is never broken."""
    import textwrap

    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _aligned(items: Sequence[tuple[str, str]], indent: str, width: int) -> list[str]:
    w = max((len(label) for label, _ in items), default=0)
    out = []
    for label, value in items:
        out += _wrap(f"{indent}{label.ljust(w)}  ", value, " " * (len(indent) + w + 2), width)
    return out


def heading(preset: Preset) -> str:
    """``nato-2026 · NATO allies, 2026 estimates · 2026 (of 2014–2026)``."""
    years = preset.years
    span = f"{preset.year}" + (f" (of {years[0]}–{years[-1]})" if len(years) > 1 else "")
    scenario = f" · scenario: {preset.scenario}" if preset.scenario else ""
    return one_line(f"{preset.id} · {preset.label} · {span}{scenario}")


def text_lines(preset: Preset, width: int = 80) -> list[str]:
    """The release block and the sources of ``preset``, as ``nato-calc sources`` prints them,
    wrapped to ``width`` (a URL is never broken)."""
    lines = _wrap("", heading(preset), "  ", width)
    lines += _wrap("  ", credit_text(preset), "    ", width)
    if preset.release is None:
        lines += _wrap("  Release: ", NO_RELEASE, "    ", width)
    else:
        lines += ["  Release:", *_aligned(release_items(preset.release), "    ", width)]
    n = len(preset.sources)
    lines.append(f"  Sources ({n}):" if n else "  Sources: none named in the preset")
    hang = " " * 6
    for s in preset.sources:
        title = " · ".join(one_line(x) for x in (s.title, s.publisher) if x)
        lines += _wrap(f"    {one_line(s.id)}: ", title, hang, width)
        if s.url:
            lines.append(hang + one_line(s.url))
        if s.accessed:
            lines.append(f"{hang}accessed {s.accessed.isoformat()}")
        if s.note:
            lines += _wrap(hang, one_line(s.note), hang, width)
    return lines


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def release_dict(release: Release | None) -> dict[str, Any] | None:
    """``preset.release`` in the JSON documents: None for a preset without a release block."""
    if release is None:
        return None
    r = release
    return {
        "publisher": r.publisher,
        "title": r.title,
        "published": _iso(r.published),
        "cutoff": _iso(r.cutoff),
        "url": r.url,
        "tables": dict(r.tables),
        "credit": r.credit,
        "next_expected": _iso(r.next_expected),
        "note": r.note,
    }


def source_dict(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "url": s.url,
        "accessed": _iso(s.accessed),
        "note": s.note,
    }


def preset_sources_dict(preset: Preset) -> dict[str, Any]:
    """One preset in ``nato-calc.sources/1``."""
    return {
        "id": preset.id,
        "valid": True,
        "label": preset.label,
        "year": preset.year,
        "years": list(preset.years) or [preset.year],
        "credit": credit_text(preset),
        "release": release_dict(preset.release),
        "sources": [source_dict(s) for s in preset.sources],
    }


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def footer_lines(preset: Preset) -> list[str]:
    """The credit under a Markdown report or path: one paragraph, then a blank line."""
    return [md_text(credit_text(preset) + _changed_note(preset)) + ".", ""]


def compare_footer_lines(a: Preset, b: Preset) -> list[str]:
    """The credit under a Markdown comparison: once when both sides have the same, else per side."""
    fa, fb = footer_lines(a), footer_lines(b)
    if fa == fb:
        return fa
    return [f"A: {fa[0]}", "", f"B: {fb[0]}", ""]


def _md_cell(text: str) -> str:
    return md_text(text) if text else ""


def markdown_lines(preset: Preset) -> list[str]:
    """The ``sources`` command in Markdown: the credit, the release block, the sources table."""
    out = [f"## Sources of `{one_line(preset.id)}`: {md_text(one_line(preset.label))}", ""]
    out += [md_text(credit_text(preset)) + ".", ""]
    if preset.release is None:
        out += [f"Release: {NO_RELEASE}.", ""]
    else:
        out += ["| Release | |", "|:--|:--|"]
        out += [f"| {md_text(k)} | {_md_cell(v)} |" for k, v in release_items(preset.release)]
        out.append("")
    if not preset.sources:
        return [*out, "No sources named in the preset.", ""]
    out += ["| Source | Title | Publisher | URL | Accessed | Note |", "|:--|:--|:--|:--|:--|:--|"]
    for s in preset.sources:
        cells = (s.id, s.title, s.publisher or "", s.url or "", _iso(s.accessed) or "", s.note or "")
        out.append("| " + " | ".join(_md_cell(one_line(c)) for c in cells) + " |")
    return [*out, ""]


# --------------------------------------------------------------------------------------------
# CSV comment lines (--provenance)
# --------------------------------------------------------------------------------------------


def comment(text: str) -> str:
    """``# text`` as one CSV line that no spreadsheet runs: a spreadsheet splits it at commas
    like any line, so a piece that would start with a formula character or a quote (after
    spaces) gets a ``'`` before it, as :func:`calc.output.csvout.text_cell` does for cells."""
    pieces = one_line(text).split(",")
    for i in range(1, len(pieces)):
        p = pieces[i]
        stripped = p.lstrip(" ")
        if stripped.startswith((*FORMULA_START, '"')):
            pieces[i] = p[: len(p) - len(stripped)] + "'" + stripped
    return "# " + ",".join(pieces) if pieces != [""] else "#"


def comment_items(preset: Preset) -> list[str]:
    """The provenance of ``preset`` as lines of text (``label: value``), for :func:`comment`."""
    lines = [credit_text(preset), f"Preset: {preset.id} ({preset.label}), year {preset.year}"]
    if preset.scenario:
        lines.append(f"Scenario: {preset.scenario}")
    if preset.modified:
        shown = "; ".join(preset.modified[:CHANGES_SHOWN])
        rest = len(preset.modified) - CHANGES_SHOWN
        if rest > 0:
            shown += f"; … and {rest:,} more (the JSON export lists every change)"
        lines.append(f"Changed by the what-if (not the source's figures): {shown}")
    if preset.release is None:
        lines.append(f"Release: {NO_RELEASE}")
    else:
        lines += [f"{label}: {value}" for label, value in release_items(preset.release)]
    for s in preset.sources:
        lines.append(f"Source {s.id}: {source_text(s)}")
    return lines


def csv_comment_lines(presets: Sequence[tuple[str | None, Preset]]) -> str:
    """The leading ``#`` lines of a CSV with ``--provenance``: each (side, preset) in turn, the
    side (``A``, ``B``) before each line when given; once for two sides that say the same."""
    blocks = [(side, comment_items(preset)) for side, preset in presets]
    if len(blocks) == 2 and blocks[0][1] == blocks[1][1]:
        blocks = [("A and B", blocks[0][1])]
    out = []
    for side, lines in blocks:
        tag = f"{side}: " if side else ""
        out += [comment(tag + line) for line in lines]
    return "".join(line + "\n" for line in out)


# --------------------------------------------------------------------------------------------
# The workbook's Sources sheet
# --------------------------------------------------------------------------------------------


def release_rows(preset: Preset) -> list[tuple[str, str]]:
    """(item, value) rows of the release block for the workbook (empty without one)."""
    if preset.release is None:
        return []
    return [("Cite as", credit_text(preset)), *release_items(preset.release)]


# --------------------------------------------------------------------------------------------
# The quiet notice: the next edition was due
# --------------------------------------------------------------------------------------------


def _release_date(p: Preset) -> date | None:
    """When ``p``'s data was published: its release's date, else the preset's own."""
    if p.release is not None and p.release.published is not None:
        return p.release.published
    return p.released


def newest_release(presets: Iterable[Preset]) -> Preset | None:
    """The preset whose release block was published last (ties: the last given), or None."""
    best: Preset | None = None
    for p in presets:
        if p.release is None:
            continue
        if best is None or (_release_date(p) or date.min) >= (_release_date(best) or date.min):
            best = p
    return best


def overdue_notice(preset: Preset, others: Iterable[Preset] = (), on: date | None = None) -> str | None:
    """``NATO's 2027 edition was expected by July 2027; nato-2026 is the newest shipped.``

    When ``preset``'s release says the next edition is expected by a date before ``on`` (default:
    :func:`today`) and none of ``others`` was published after ``preset`` (a release's
    ``published``, else a preset's ``released``; after its ``next_expected`` when ``preset``
    gives no publication date). None otherwise
    (no release block, no date, not yet due, or a newer preset at hand). The edition is named
    by the year it is expected in.
    """
    r = preset.release
    if r is None or r.next_expected is None:
        return None
    if (on or today()) <= r.next_expected:
        return None
    mine = _release_date(preset)
    newer_than = mine if mine is not None else r.next_expected
    for p in others:
        published = _release_date(p)
        if p is not preset and published is not None and published > newer_than:
            return None
    return (
        f"{one_line(r.publisher)}'s {r.next_expected.year} edition was expected by "
        f"{month_year(r.next_expected)}; {one_line(preset.id)} is the newest shipped."
    )


def edition_notice(
    shipped: Sequence[Preset], others: Iterable[Preset] = (), on: date | None = None
) -> str | None:
    """The notice for the presets at hand: about the newest release among the ``shipped``
    ones, None when it is not overdue, when a preset of ``others`` (the user's own folders) or
    of ``shipped`` is newer, or when none has a release block. What ``presets`` and
    ``sources`` print, and what the TUI shows."""
    newest = newest_release(shipped)
    return None if newest is None else overdue_notice(newest, [*shipped, *others], on)
