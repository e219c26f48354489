"""A group's member count in a year is its allies of that year: the members listed but not yet
allies (nato-2026@2019: Finland, North Macedonia, Sweden) are counted nowhere, and every output
that says how many members a group has says so alike: the text report's group block, its
Markdown table, the comparison and the benchmarks' comparator (the TUI's in tests/tui)."""

from __future__ import annotations

import json

import pytest

from calc.cli import main
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import evaluate, reevaluate
from calc.files.presets import load_by_id
from calc.output.markers import group_members
from calc.output.report import render_markdown, render_table

NOT_YET_2019 = ("FIN", "MKD", "SWE")  # in preset order (Finland, North Macedonia, Sweden)


@pytest.fixture(scope="module")
def r2019():
    return evaluate(load_by_id("nato-2026@2019"))


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def test_the_nato_group_of_2019_lists_32_members_of_whom_29_are_allies(r2019):
    g = r2019.group("nato")
    assert (len(g.codes), g.not_yet, g.size, g.assessed) == (32, NOT_YET_2019, 29, 28)
    assert g.not_assessed == ("FIN", "ISL", "MKD", "SWE")
    eu = r2019.group("eu")
    assert (len(eu.codes), eu.not_yet, eu.size) == (23, ("FIN", "SWE"), 21)


def test_in_2026_every_member_is_an_ally_and_the_size_is_the_members():
    g = evaluate(load_by_id("nato-2026")).group("nato")
    assert (g.not_yet, g.size) == ((), 32)


def test_an_incremental_edit_keeps_who_is_not_yet_an_ally(r2019):
    p = load_by_id("nato-2026@2019")
    changed = apply_changes(p, [Change("add", "FIN", "core", 1), Change("add", "DEU", "core", 1)])
    assert reevaluate(r2019, changed).group("nato").not_yet == NOT_YET_2019
    assert evaluate(changed).group("nato").not_yet == NOT_YET_2019


def test_an_excluded_member_not_yet_an_ally_leaves_the_list(r2019):
    p = apply_changes(load_by_id("nato-2026@2019"), [Change("exclude", "FIN")])
    g = evaluate(p).group("nato")
    assert (g.not_yet, g.size) == (("MKD", "SWE"), 29)


def test_the_words_for_a_groups_members_are_one_phrase_everywhere():
    assert group_members(29, ("FIN", "ISL", "MKD", "SWE"), NOT_YET_2019) == (
        "29 members",
        "ISL not assessed; not yet allies: FIN, MKD, SWE",
    )
    assert group_members(32, ("ISL",)) == ("32 members", "ISL not assessed")
    assert group_members(1, ()) == ("1 member", "")


def test_the_text_report_counts_the_allies_of_the_year(r2019):
    assert "NATO (29 members; ISL not assessed; not yet allies: FIN, MKD, SWE)" in render_table(r2019)
    assert "EU members (21 members; not yet allies: FIN, SWE)" in render_table(r2019)


def test_the_markdown_groups_table_counts_the_allies_of_the_year(r2019):
    md = render_markdown(r2019)
    assert "| NATO | 29 | 41,511.0 |" in md
    assert "| EU members | 21 |" in md


def test_compare_counts_the_allies_of_each_year_and_names_those_not_yet_allies(capsys):
    code, out = run(capsys, "compare", "nato-2026@2019", "nato-2026")
    assert code == 0
    assert "NATO [nato]: 29 → 32 members\n  not yet allies in A: FIN, MKD, SWE\n" in out
    assert "EU members [eu]: 21 → 23 members\n  not yet allies in A: FIN, SWE\n" in out
    code, out = run(capsys, "compare", "nato-2026@2019", "nato-2026", "-f", "json")
    nato = next(g for g in json.loads(out)["groups"] if g["id"] == "nato")
    assert nato["delta"]["size"] == 3
    code, out = run(capsys, "compare", "nato-2026@2019", "nato-2026", "-f", "markdown")
    assert "| NATO (`nato`) | 29 → 32 |" in out


def test_the_benchmarks_comparator_counts_the_allies_of_the_year(capsys):
    code, out = run(capsys, "report", "--preset", "nato-2026@2019")
    assert "ours, EU + UK [eu-uk] in this preset, 22 members: 257.2" in " ".join(out.split())  # wrapped


def test_the_workbooks_members_column_counts_the_allies_of_the_year(tmp_path, capsys):
    import openpyxl

    out = tmp_path / "r.xlsx"
    assert main(["report", "--preset", "nato-2026@2019", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Groups"]
    headers = [c.value for c in ws[2]]
    rows = {r[0].value: dict(zip(headers, (c.value for c in r))) for r in ws.iter_rows(min_row=3)}
    assert (rows["nato"]["Members"], rows["eu"]["Members"]) == (29, 21)
    out = tmp_path / "c.xlsx"
    assert main(["compare", "nato-2026@2019", "nato-2026", "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["Groups"]
    headers = [c.value for c in ws[2]]
    nato = next(
        dict(zip(headers, (c.value for c in r))) for r in ws.iter_rows(min_row=3) if r[0].value == "nato"
    )
    assert (nato["Members, A"], nato["Members, B"], nato["Members, Δ B − A"]) == (29, 32, 3)
