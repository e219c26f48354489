"""Provenance everywhere: a preset's release block and sources in the sources command, the JSON
``preset.release``, the Markdown source line, the workbook's Sources sheet, CSV ``--provenance``,
and the quiet notice when the next edition was due.

The presets with a release block are built in code (a v1 toy preset given a
:class:`~calc.domain.dataset.Release`), so every expected value here is written by hand.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from helpers import DATA, ROOT
from hypothesis import given
from hypothesis import strategies as st

from calc.cli import main
from calc.domain.dataset import Figure, Member, Preset, Release, Source
from calc.engine.evaluate import evaluate
from calc.files.presets import PresetRef, load_preset
from calc.output import provenance
from calc.output.compare import compare
from calc.output.compare import render_markdown as compare_markdown
from calc.output.csvout import FORMULA_START
from calc.output.path import plan
from calc.output.path import render_markdown as path_markdown
from calc.output.report import render_json, render_markdown
from calc.output.xlsxout import report_workbook

TOY = DATA / "toy"
TOY_ARGS = ["--presets-dir", str(TOY)]
WORKBOOK = "https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-2026-en.xlsx"
RELEASE = Release(
    publisher="NATO",
    title="Defence Expenditure of NATO Countries (2014-2026)",
    published=date(2026, 7, 7),
    cutoff=date(2026, 7, 3),
    url=WORKBOOK,
    tables=(("core_share", "Table 3"), ("core", "Table 2"), ("gdp", "Table 5")),
    credit="Source: NATO",
    next_expected=date(2027, 7, 31),
)
CREDIT = (
    "Source: NATO, Defence Expenditure of NATO Countries (2014-2026), published 7 July 2026, "
    "data to 3 July 2026"
)


def toy(name: str = "toy-2025") -> Preset:
    return load_preset(TOY / f"{name}.toml")


def released(preset: Preset | None = None, **changes) -> Preset:
    """A preset with the 2026 release block (years 2014-2026, as a time-axis preset has)."""
    base = preset or toy()
    changes.setdefault("id", "rel-2026")
    changes.setdefault("release", RELEASE)
    return replace(base, years=tuple(range(2014, 2027)), year=2026, **changes)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---- the credit line -------------------------------------------------------------------------


def test_the_credit_line_of_a_release_names_the_publisher_edition_and_both_dates():
    assert provenance.credit_text(released()) == CREDIT


def test_a_credit_line_that_does_not_name_the_publisher_gets_it_in_brackets():
    p = released(release=replace(RELEASE, credit="Courtesy of the Alliance", cutoff=None))
    assert provenance.credit_text(p) == (
        "Courtesy of the Alliance (NATO), Defence Expenditure of NATO Countries (2014-2026), "
        "published 7 July 2026"
    )


def _member(code: str, source: str) -> Member:
    return Member(code, code, Figure(D(100), source=source), Figure(D(2), source=source))


def test_a_v1_presets_credit_names_each_publication_its_figures_cite_once():
    sources = (
        Source("imf", "World Economic Outlook", publisher="IMF"),
        Source("nato-a", "Defence Expenditure (2014-2025)", publisher="NATO"),
        Source("nato-b", "Defence Expenditure (2014-2025)", publisher="NATO"),  # a second copy
        Source("sipri", "SIPRI database", publisher="SIPRI"),  # a benchmark's: no figure cites it
    )
    members = (
        Member("DEU", "Germany", Figure(D(100), source="imf"), Figure(D(2), source="nato-a")),
        _member("POL", "nato-b"),
    )
    p = Preset("v1", "V1", 2025, members, sources=sources)
    assert provenance.credit_text(p) == (
        "Sources: IMF, World Economic Outlook; NATO, Defence Expenditure (2014-2025)"
    )
    only = Preset("v1", "V1", 2025, (_member("POL", "x"),), sources=(Source("x", "Figures"),))
    assert provenance.credit_text(only) == "Source: Figures"
    assert provenance.credit_text(replace(only, sources=())) == "Sources: none named in the preset"


def test_text_from_a_file_is_shown_on_one_line_with_control_characters_escaped():
    p = released(release=replace(RELEASE, title="Evil\n\x1b[31mtitle"))
    assert "Evil \\x1b[31mtitle" in provenance.credit_text(p)


# ---- JSON --------------------------------------------------------------------------------------


def test_the_report_json_carries_the_release_block_as_preset_release():
    doc = json.loads(render_json(evaluate(released())))
    assert doc["preset"]["release"] == {
        "publisher": "NATO",
        "title": "Defence Expenditure of NATO Countries (2014-2026)",
        "published": "2026-07-07",
        "cutoff": "2026-07-03",
        "url": WORKBOOK,
        "tables": {"core_share": "Table 3", "core": "Table 2", "gdp": "Table 5"},
        "credit": "Source: NATO",
        "next_expected": "2027-07-31",
        "note": None,
    }
    assert list(doc["preset"])[-2:] == ["release", "counts_ukraine_aid"]  # added after every earlier field


def test_a_v1_presets_release_is_null_in_report_compare_and_path(capsys):
    for argv, get in (
        (["report", "--preset", "toy-2025"], lambda d: [d["preset"]]),
        (["compare", "toy-2024", "toy-2025"], lambda d: [d["a"], d["b"]]),
        (["path", "--preset", "toy-2025"], lambda d: [d["scope"]["preset"]]),
    ):
        code, out, err = run(capsys, *argv, *TOY_ARGS, "-f", "json")
        assert (code, err) == (0, "")
        assert [side["release"] for side in get(json.loads(out))] == [None] * len(get(json.loads(out)))


# ---- Markdown ----------------------------------------------------------------------------------


def test_a_markdown_report_ends_with_the_credit_line():
    md = render_markdown(evaluate(released()))
    assert md.endswith("Made with nato-calc.\n\n" + CREDIT + ".\n")


def test_the_credit_line_says_changed_figures_are_not_the_publishers():
    p = released(modified=("DEU core share → 3 %",))
    assert render_markdown(evaluate(p)).endswith(
        CREDIT + "; the changes listed above are the what-if's, not NATO's.\n"
    )


def test_a_markdown_comparison_credits_once_when_both_sides_agree_and_per_side_otherwise():
    a, b = evaluate(released()), evaluate(released(id="rel-2026b"))
    assert compare_markdown(compare(a, b)).endswith("Made with nato-calc.\n\n" + CREDIT + ".\n")
    v1 = evaluate(toy())
    assert compare_markdown(compare(v1, b)).endswith(
        "Made with nato-calc.\n\nA: Source: Invented figures for tests.\n\nB: " + CREDIT + ".\n"
    )


def test_a_markdown_path_ends_with_the_credit_line():
    md = path_markdown(plan(released(), group="east"))
    assert md.endswith("Made with nato-calc.\n\n" + CREDIT + ".\n")


def test_a_pipe_in_a_title_is_escaped_in_the_markdown_footer():
    p = released(release=replace(RELEASE, title="A | B"))
    assert "NATO, A \\| B, published" in render_markdown(evaluate(p))


# ---- the sources command's text and Markdown ---------------------------------------------------


def test_the_text_block_shows_every_item_of_the_release_and_every_source():
    lines = provenance.text_lines(released(), width=200)
    assert lines[:15] == [
        "rel-2026 · Toy alliance, 2025 · 2026 (of 2014–2026)",
        "  " + CREDIT,
        "  Release:",
        "    Publisher              NATO",
        "    Edition                Defence Expenditure of NATO Countries (2014-2026)",
        "    Published              2026-07-07",
        "    Information cut-off    2026-07-03",
        f"    Workbook               {WORKBOOK}",
        "    Measure core_share     Table 3",
        "    Measure core           Table 2",
        "    Measure gdp            Table 5",
        "    Credit line            Source: NATO",
        "    Next edition expected  2027-07-31",
        "  Sources (1):",
        "    toy-source: Invented figures for tests",
    ]


def test_the_text_block_wraps_to_the_width_without_breaking_a_url():
    lines = provenance.text_lines(released(), width=60)
    assert all(len(line) <= 60 for line in lines if "https://" not in line)
    assert f"    Workbook               {WORKBOOK}" in lines


def test_a_v1_preset_says_it_has_no_release_block(capsys):
    code, out, err = run(capsys, "sources", "toy-2025", *TOY_ARGS)
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == [
        "toy-2025 · Toy alliance, 2025 · 2025",
        "  Source: Invented figures for tests",
        "  Release: no release block (a single-year preset: its sources are listed below)",
        "  Sources (1):",
    ]


def test_the_markdown_block_has_the_credit_the_release_table_and_the_sources_table():
    md = provenance.markdown_lines(released())
    assert md[:6] == [
        "## Sources of `rel-2026`: Toy alliance, 2025",
        "",
        CREDIT + ".",
        "",
        "| Release | |",
        "|:--|:--|",
    ]
    assert "| Information cut-off | 2026-07-03 |" in md
    assert md[-3:] == [
        "|:--|:--|:--|:--|:--|:--|",
        "| toy-source | Invented figures for tests |  |  |  |  |",
        "",
    ]


# ---- the sources and presets commands ----------------------------------------------------------


def test_sources_writes_json_with_the_release_and_sources_of_the_preset(capsys):
    code, out, err = run(capsys, "sources", "toy-2024", *TOY_ARGS, "-f", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc == {
        "schema": "nato-calc.sources/1",
        "presets": [
            {
                "id": "toy-2024",
                "valid": True,
                "label": doc["presets"][0]["label"],
                "year": 2024,
                "years": [2024],
                "credit": "Source: Invented figures for tests",
                "release": None,
                "sources": [
                    {
                        "id": "toy-source",
                        "title": "Invented figures for tests",
                        "publisher": None,
                        "url": None,
                        "accessed": None,
                        "note": None,
                    }
                ],
            }
        ],
    }


def test_sources_without_a_preset_shows_the_one_nato_calc_opens(capsys):
    code, out, _ = run(capsys, "sources")
    assert code == 0 and out.startswith("nato-2026 · ")  # the default preset, at its newest year


def test_sources_reads_a_preset_file_and_a_scenarios_base(capsys):
    code, out, _ = run(capsys, "sources", str(TOY / "toy-2025.toml"))
    assert code == 0 and out.startswith("toy-2025 · ")
    code, out, _ = run(capsys, "sources", str(DATA / "scenarios" / "deu-3pct.toml"), "-f", "md")
    assert code == 0 and out.startswith("## Sources of `toy-2025`")


def test_sources_of_an_unknown_preset_is_one_line_and_exit_2(capsys):
    code, out, err = run(capsys, "sources", "toy-2023", *TOY_ARGS)
    assert code == 2 and out == ""
    assert err.startswith("nato-calc: unknown preset 'toy-2023'") and err.count("\n") == 1


def test_sources_writes_to_a_file_with_o(tmp_path, capsys):
    code, _, err = run(capsys, "sources", "toy-2025", *TOY_ARGS, "-o", str(tmp_path / "s.md"))
    assert code == 0 and "wrote" in err
    assert (tmp_path / "s.md").read_text().startswith("## Sources of `toy-2025`")


def test_presets_sources_shows_every_presets_block(capsys):
    code, out, _ = run(capsys, "presets", "--sources", *TOY_ARGS)
    assert code == 0
    heads = [line.split(" · ")[0] for line in out.splitlines() if line and not line.startswith(" ")]
    assert {"toy-2024", "toy-2025", "nato-2025", "nato-2024"} <= set(heads)
    code, out, _ = run(capsys, "presets", "--sources", *TOY_ARGS, "-f", "json")
    assert {"toy-2024", "toy-2025"} <= {p["id"] for p in json.loads(out)["presets"]}


def test_presets_sources_lists_a_broken_preset_as_invalid(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text("nonsense = ")
    code, out, _ = run(capsys, "presets", "--sources", "--presets-dir", str(tmp_path))
    assert code == 0 and "broken · INVALID: " in out
    code, out, _ = run(capsys, "presets", "--sources", "--presets-dir", str(tmp_path), "-f", "json")
    broken = next(p for p in json.loads(out)["presets"] if p["id"] == "broken")
    assert broken["valid"] is False and broken["error"]


def test_presets_in_markdown_needs_sources(capsys):
    code, out, err = run(capsys, "presets", "-f", "md")
    assert (code, out) == (2, "")
    assert err == "nato-calc: presets: --format markdown is for the release blocks; add --sources\n"


# ---- CSV --provenance --------------------------------------------------------------------------


def test_csv_stays_plain_data_without_provenance(capsys):
    code, out, _ = run(capsys, "report", "--preset", "toy-2025", *TOY_ARGS, "-f", "csv")
    assert code == 0 and out.startswith("kind,code,name,")


def test_provenance_puts_the_block_first_as_comment_lines(capsys):
    code, out, _ = run(capsys, "report", "--preset", "toy-2025", *TOY_ARGS, "-f", "csv", "--provenance")
    assert code == 0
    assert out.splitlines()[:5] == [
        "# Source: Invented figures for tests",
        "# Preset: toy-2025 (Toy alliance, 2025), year 2025",
        "# Release: no release block (a single-year preset: its sources are listed below)",
        "# Source toy-source: Invented figures for tests",
        "kind,code,name,gdp,core,related,related_known,core_share,total_share,gap_guideline,"
        "gap_core,gap_total,surplus_core,meets_guideline,meets_core,meets_total,flags,"
        "collective_gap_guideline,collective_gap_core,collective_gap_total,meeting_guideline,"
        "meeting_core,meeting_total,assessed,gap_guideline_share,gap_core_share,gap_total_share,"
        "surplus_total,core_share_from_money,equipment_share,meets_equipment,ukraine_aid,ukraine_aid_counted,currency",
    ]
    plain = run(capsys, "report", "--preset", "toy-2025", *TOY_ARGS, "-f", "csv")[1]
    assert out.endswith(plain)  # the data as without the flag


def test_a_comparisons_provenance_gives_each_side_once(capsys):
    code, out, _ = run(capsys, "compare", "toy-2024", "toy-2025", *TOY_ARGS, "-f", "csv", "--provenance")
    assert code == 0
    assert [line[:19] for line in out.splitlines()[:2]] == ["# A: Source: Invent", "# A: Preset: toy-20"]
    assert "# B: Preset: toy-2025 (Toy alliance, 2025), year 2025" in out.splitlines()
    code, out, _ = run(capsys, "path", "--preset", "toy-2025", *TOY_ARGS, "-f", "csv", "--provenance")
    assert code == 0 and out.startswith("# Source: Invented figures for tests\n")


def test_a_what_if_on_a_copy_is_said_in_the_comment_lines():
    p = released(modified=("DEU core share → 3 %",))
    lines = provenance.csv_comment_lines([("A", released()), ("B", p)]).splitlines()
    assert "# B: Changed by the what-if (not the source's figures): DEU core share → 3 %" in lines
    same = provenance.csv_comment_lines([("A", released()), ("B", released())]).splitlines()
    assert same[0] == "# A and B: " + CREDIT and not any(x.startswith("# B:") for x in same)


def test_the_release_block_as_comment_lines():
    lines = provenance.csv_comment_lines([(None, released())]).splitlines()
    assert lines[:6] == [
        "# " + CREDIT,
        "# Preset: rel-2026 (Toy alliance, 2025), year 2026",
        "# Publisher: NATO",
        "# Edition: Defence Expenditure of NATO Countries (2014-2026)",
        "# Published: 2026-07-07",
        "# Information cut-off: 2026-07-03",
    ]
    assert "# Measure core_share: Table 3" in lines and "# Next edition expected: 2027-07-31" in lines


@pytest.mark.parametrize("fmt", ["json", "markdown", "table", "xlsx"])
def test_provenance_with_another_format_is_refused(capsys, tmp_path, fmt):
    code, out, err = run(
        capsys,
        "report",
        "--preset",
        "toy-2025",
        *TOY_ARGS,
        "-f",
        fmt,
        "--provenance",
        "-o",
        str(tmp_path / "x"),
    )
    assert (code, out) == (2, "") and not (tmp_path / "x").exists()
    assert err.startswith(f"nato-calc: --provenance is for CSV output, not {fmt}: ")


def test_a_comment_piece_that_a_spreadsheet_would_run_gets_a_quote():
    assert provenance.comment('x,=HYPERLINK("e"), +1,"q') == "# x,'=HYPERLINK(\"e\"), '+1,'\"q"


@given(st.text(max_size=40))
def test_no_comment_line_breaks_into_a_row_or_holds_a_formula_cell(text):
    line = provenance.comment(text)
    assert "\n" not in line and "\r" not in line and line.startswith("#")
    (cells,) = list(csv.reader(io.StringIO(line)))
    for cell in cells[1:]:
        assert not cell.lstrip(" ").startswith(FORMULA_START)


# ---- the workbook's Sources sheet --------------------------------------------------------------


def test_the_workbooks_sources_sheet_starts_with_the_release_block(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(report_workbook(evaluate(released())))
    ws = openpyxl.load_workbook(path)["Sources"]
    block = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(2, 14)]
    assert block == [
        ("Cite as", CREDIT),
        ("Publisher", "NATO"),
        ("Edition", "Defence Expenditure of NATO Countries (2014-2026)"),
        ("Published", "2026-07-07"),
        ("Information cut-off", "2026-07-03"),
        ("Workbook", WORKBOOK),
        ("Measure core_share", "Table 3"),
        ("Measure core", "Table 2"),
        ("Measure gdp", "Table 5"),
        ("Credit line", "Source: NATO"),
        ("Next edition expected", "2027-07-31"),
        (None, None),
    ]
    assert ws["B7"].hyperlink.target == WORKBOOK
    assert [c.value for c in ws[14]][:2] == ["Source id", "Title"]  # the sources table below it
    assert ws["A15"].value == "toy-source"
    assert ws.freeze_panes == "A15" and ws.auto_filter.ref == "A14:F15"


def test_a_comparison_workbook_says_which_side_has_no_release_block(tmp_path):
    from calc.output.xlsxout import comparison_workbook

    path = tmp_path / "c.xlsx"
    path.write_bytes(comparison_workbook(compare(evaluate(toy()), evaluate(released()))))
    ws = openpyxl.load_workbook(path)["Sources"]
    assert (ws["A2"].value, ws["B2"].value) == ("A: Release", provenance.NO_RELEASE)
    assert (ws["A3"].value, ws["B3"].value) == ("B: Cite as", CREDIT)


# ---- the quiet notice --------------------------------------------------------------------------

NOTICE = "NATO's 2027 edition was expected by July 2027; rel-2026 is the newest shipped."


def test_the_notice_is_given_once_the_next_edition_is_overdue():
    p = released()
    assert provenance.overdue_notice(p, on=date(2027, 8, 1)) == NOTICE
    assert provenance.overdue_notice(p, on=date(2027, 7, 31)) is None  # the day itself: not yet
    assert provenance.overdue_notice(toy(), on=date(2030, 1, 1)) is None  # no release block


def test_no_notice_when_a_newer_edition_is_at_hand():
    edition_2027 = replace(RELEASE, published=date(2027, 7, 9), next_expected=date(2028, 7, 31))
    old, new = released(), released(id="rel-2027", release=edition_2027)
    on = date(2027, 8, 1)
    assert provenance.edition_notice([old, new], on=on) is None  # the newest is not overdue
    assert provenance.edition_notice([old], [new], on=on) is None  # the user's own folder has it
    v1_newer = replace(toy(), released=date(2027, 8, 1))
    assert provenance.edition_notice([old], [v1_newer], on=on) is None
    assert provenance.edition_notice([old, toy()], on=on) == NOTICE
    assert provenance.edition_notice([toy()], on=on) is None


def test_the_notice_uses_todays_date_by_default(monkeypatch):
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 1))
    assert provenance.edition_notice([released()]) == NOTICE
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 7, 1))
    assert provenance.edition_notice([released()]) is None


@pytest.fixture
def overdue(monkeypatch):
    """The CLI sees one shipped preset with an overdue release, on 1 August 2027."""
    found = [(PresetRef("rel-2026", ROOT / "presets" / "rel-2026.toml", True), released())]
    monkeypatch.setattr("calc.cli._available_presets", lambda dirs: found)
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 1))


def test_presets_ends_its_table_with_the_notice(overdue, capsys):
    code, out, err = run(capsys, "presets")
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == ["", NOTICE]


def test_the_notice_goes_to_stderr_and_never_into_json(overdue, capsys):
    for argv in (["presets", "-f", "json"], ["presets", "--sources", "-f", "json"]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and NOTICE not in out and json.loads(out)
        assert err == f"nato-calc: notice: {NOTICE}\n"


def test_sources_ends_its_table_and_markdown_with_the_notice(overdue, capsys):
    code, out, _ = run(capsys, "sources", "toy-2025", *TOY_ARGS)
    assert code == 0 and out.endswith(f"\n\n{NOTICE}\n")
    code, out, _ = run(capsys, "presets", "--sources", "-f", "md")
    assert code == 0 and out.endswith(f"\n{NOTICE}\n")
    assert out.startswith("## Sources of `rel-2026`")


def test_no_notice_before_the_date(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0 and "edition was expected" not in out


def test_the_tests_clock_is_pinned():
    assert provenance.today() == date(2026, 12, 2) and Path(__file__).exists()


# ---- end to end on the shipped nato-2026 (NATO's July 2026 release) ----------------------------

NATO_2026_CREDIT = CREDIT  # the block nato-2026 ships is the one RELEASE above copies
NATO_2026_NOTICE = "NATO's 2027 edition was expected by July 2027; nato-2026 is the newest shipped."


def test_sources_of_nato_2026_prints_its_release_block(capsys):
    code, out, err = run(capsys, "sources", "nato-2026")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "nato-2026 · NATO allies, July 2026 release: 2026 estimates · 2026 (of 2014–2026)"
    assert " ".join(x.strip() for x in lines[1:3]) == NATO_2026_CREDIT
    assert lines[3:9] == [
        "  Release:",
        "    Publisher                NATO",
        "    Edition                  Defence Expenditure of NATO Countries (2014-2026)",
        "    Published                2026-07-07",
        "    Information cut-off      2026-07-03",
        f"    Workbook                 {WORKBOOK}",
    ]
    assert "    Measure core_share       Table 3: core defence expenditure as a share of" in lines
    assert "    Next edition expected    2027-07-31" in lines
    assert "    nato-dex-2026: Defence Expenditure of NATO Countries (2014-2026), July 2026" in lines


def test_sources_of_a_year_of_nato_2026_names_the_year(capsys):
    code, out, _ = run(capsys, "sources", "nato-2026@2019")
    assert code == 0
    assert out.splitlines()[0] == "nato-2026 · NATO allies, July 2026 release: 2019 · 2019 (of 2014–2026)"
    code, out, err = run(capsys, "sources", "nato-2026@2013")
    assert (code, out) == (2, "")
    assert err == "nato-calc: preset 'nato-2026' has no year 2013; it holds 2014-2026\n"


def test_a_nato_2026_json_report_carries_its_release(capsys):
    code, out, _ = run(capsys, "report", "--preset", "nato-2026", "-f", "json")
    release = json.loads(out)["preset"]["release"]
    assert code == 0
    assert {k: v for k, v in release.items() if k not in ("tables", "note")} == {
        "publisher": "NATO",
        "title": "Defence Expenditure of NATO Countries (2014-2026)",
        "published": "2026-07-07",
        "cutoff": "2026-07-03",
        "url": WORKBOOK,
        "credit": "Source: NATO",
        "next_expected": "2027-07-31",
    }
    assert list(release["tables"]) == [
        "core_share", "core_national", "core", "core_constant", "gdp", "equipment_share", "real_change",
    ]  # fmt: skip  # one line: the file's order is the point
    assert release["tables"]["core_share"].startswith("Table 3: ")
    assert release["tables"]["equipment_share"].startswith("Table 8a: ")
    code, out, _ = run(capsys, "compare", "nato-2025", "nato-2026@2025", "-f", "json")
    doc = json.loads(out)
    assert (doc["a"]["release"], doc["b"]["release"]) == (None, release)


def test_nato_2026_markdown_ends_with_natos_credit_line(capsys):
    for argv in (["report"], ["path", "--member", "DEU"], ["report", "--year", "2019"]):
        code, out, _ = run(capsys, *argv, "-f", "md")
        assert code == 0 and out.endswith(f"Made with nato-calc.\n\n{NATO_2026_CREDIT}.\n"), argv
    code, out, _ = run(capsys, "compare", "nato-2025", "nato-2026@2025", "-f", "md")
    assert out.endswith(f"\n\nB: {NATO_2026_CREDIT}.\n")
    assert "\n\nA: Sources: International Monetary Fund, World Economic Outlook database" in out


def test_nato_2026_csv_with_provenance_starts_with_its_release_block(capsys):
    code, out, _ = run(capsys, "report", "--preset", "nato-2026@2024", "-f", "csv", "--provenance")
    lines = out.splitlines()
    assert code == 0
    assert lines[:5] == [
        "# " + NATO_2026_CREDIT,
        "# Preset: nato-2026 (NATO allies, July 2026 release: 2024), year 2024",
        "# Publisher: NATO",
        "# Edition: Defence Expenditure of NATO Countries (2014-2026)",
        "# Published: 2026-07-07",
    ]
    data = [line for line in lines if not line.startswith("#")]
    assert data[0].startswith("kind,code,name,") and len(data) > 32


def test_the_nato_2026_workbook_starts_its_sources_sheet_with_the_release(tmp_path, capsys):
    out = tmp_path / "n.xlsx"
    assert main(["report", "--preset", "nato-2026", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Sources"]
    assert (ws["A2"].value, ws["B2"].value) == ("Cite as", NATO_2026_CREDIT)
    assert (ws["A3"].value, ws["B3"].value) == ("Publisher", "NATO")
    assert ws["B7"].hyperlink.target == WORKBOOK


def test_presets_says_quietly_when_natos_next_edition_is_overdue(monkeypatch, capsys):
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 1))
    code, out, err = run(capsys, "presets")
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == ["", NATO_2026_NOTICE]
    code, out, _ = run(capsys, "sources", "nato-2025")
    assert out.endswith(f"\n\n{NATO_2026_NOTICE}\n")
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 7, 31))
    code, out, _ = run(capsys, "presets")
    assert "edition was expected" not in out


def test_a_users_newer_release_silences_the_notice(monkeypatch, capsys, tmp_path):
    text = (ROOT / "presets" / "nato-2026.toml").read_text(encoding="utf-8")
    newer = text.replace('id = "nato-2026"', 'id = "nato-2027"').replace(
        "published = 2026-07-07", "published = 2027-07-08"
    )
    assert newer != text
    (tmp_path / "nato-2027.toml").write_text(newer, encoding="utf-8")
    monkeypatch.setattr(provenance, "today", lambda: date(2027, 8, 1))
    code, out, _ = run(capsys, "presets", "--presets-dir", str(tmp_path))
    assert code == 0 and "nato-2027" in out and "edition was expected" not in out
