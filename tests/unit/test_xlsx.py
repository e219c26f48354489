"""Excel workbooks: golden checksums, determinism, and every cell read back against the JSON.

The golden checksums (sha256 of the workbook's bytes) live in tests/golden/xlsx.sha256; after
an intended change of the workbooks regenerate them with

    NATO_CALC_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_xlsx.py

and look at a regenerated workbook before committing (the checksum says only *that* it
changed). The cases run on the synthetic presets of tests/data/toy.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.cli import main
from calc.domain import registry
from calc.files.tomlio import display_path
from calc.output.xlsxout import (
    PATH_YEAR_COLUMNS,
    group_columns,
    member_columns,
    path_member_columns,
)

GOLDEN = ROOT / "tests" / "golden" / "xlsx.sha256"
UPDATE = bool(os.environ.get("NATO_CALC_UPDATE_GOLDEN"))
TOY = ["--presets-dir", "tests/data/toy"]
SCEN = "tests/data/scenarios"
TOY_TEXT = (ROOT / "tests/data/toy/toy-2025.toml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


# A table, kept as written: one row a line.
CASES = {
    "report-toy.xlsx": ["report", "--preset", "toy-2025", *TOY],
    "report-toy-east-sorted.xlsx": [
        "report", "--preset", "toy-2025", *TOY, "--group", "east", "--sort", "gap_core",
        "--set", "DEU.core_share=3%",
    ],
    "compare-toy.xlsx": ["compare", "toy-2024", "toy-2025", *TOY],
    "compare-whatif.xlsx": [
        "compare", "toy-2025", *TOY, "--set", "DEU.core_share=3.5%", "--target", "core=3%",
    ],
    "path-east.xlsx": ["path", "--preset", "toy-2025", *TOY, "--group", "east"],
    "path-scenario-east.xlsx": [
        "path", "--scenario", f"{SCEN}/deu-3pct.toml", "--group", "east", "--target-year", "2028",
    ],
    "path-deu-front.xlsx": [
        "path", "--preset", "toy-2025", *TOY, "--member", "DEU", "--shape", "front",
        "--growth", "3%", "--target-year", "2030",
    ],
}  # fmt: skip


def workbook_bytes(argv: list[str], out: Path, capsys) -> bytes:
    code = main([*argv, "-o", str(out)])
    _, err = capsys.readouterr()
    assert (code, err) == (0, f"wrote {display_path(out)}\n")
    return out.read_bytes()


def json_of(argv: list[str], capsys) -> dict:
    code = main([*argv, "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return json.loads(out, parse_float=Decimal)  # exact, as the JSON wrote them


def load(data: bytes, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "read.xlsx"
    path.write_bytes(data)
    return openpyxl.load_workbook(path)


# ---- golden checksums and determinism ----------------------------------------------------------


def test_every_workbook_matches_its_golden_checksum(tmp_path, capsys):
    found = {
        name: hashlib.sha256(workbook_bytes(argv, tmp_path / name, capsys)).hexdigest()
        for name, argv in sorted(CASES.items())
    }
    if UPDATE:
        GOLDEN.write_text("".join(f"{h}  {n}\n" for n, h in found.items()), encoding="utf-8")
    assert GOLDEN.exists(), "missing tests/golden/xlsx.sha256: run with NATO_CALC_UPDATE_GOLDEN=1"
    golden = dict(reversed(line.split("  ")) for line in GOLDEN.read_text().splitlines())
    assert found == golden


@pytest.mark.parametrize("name", ["report-toy.xlsx", "compare-toy.xlsx", "path-east.xlsx"])
def test_writing_the_same_workbook_twice_gives_the_same_bytes(tmp_path, capsys, name):
    first = workbook_bytes(CASES[name], tmp_path / "1.xlsx", capsys)
    second = workbook_bytes(CASES[name], tmp_path / "2.xlsx", capsys)
    assert first == second and first[:2] == b"PK"


def test_the_same_workbook_comes_out_in_another_process_on_another_day(tmp_path, capsys):
    """No clock in the bytes: the creation date is the preset's release, the zip entries'
    dates are XlsxWriter's fixed 1980-01-01, whatever the time zone."""
    here = workbook_bytes(CASES["report-toy.xlsx"], tmp_path / "here.xlsx", capsys)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "Pacific/Kiritimati"}
    r = subprocess.run(
        [sys.executable, "-m", "calc", *CASES["report-toy.xlsx"], "-f", "xlsx"],
        capture_output=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    assert r.stdout == here
    wb = load(here, tmp_path)
    assert wb.properties.created.isoformat() == "2025-08-01T00:00:00"  # toy-2025's released


# ---- reading the workbook back -----------------------------------------------------------------


def sheet_rows(ws) -> tuple[list[str], list[dict[str, object]]]:
    """The headers (row 2) and the data rows below, as {header: cell}."""
    headers = [c.value for c in ws[2]]
    out = []
    for row in ws.iter_rows(min_row=3):
        out.append(dict(zip(headers, row)))
    return headers, out


def get(d, key):
    for part in key.split("."):
        d = None if d is None else d.get(part)
    return d


def check_cells(ws, columns, entries) -> int:
    """Every cell of the sheet against the JSON entries: numbers equal as floats (exactly),
    null empty, booleans booleans, lists joined with '; '. Returns the cells checked."""
    headers, found = sheet_rows(ws)
    assert headers == [c.header for c in columns]
    assert len(found) == len(entries)
    checked = 0
    for row, entry in zip(found, entries):
        for col in columns:
            cell = row[col.header]
            want = get(entry, col.key)
            if want is None:
                assert cell.value is None, (col.key, cell.value)
            elif isinstance(want, bool):
                assert cell.value is want and cell.data_type == "b", col.key
            elif isinstance(want, (int, Decimal)):
                assert cell.data_type == "n" and float(cell.value) == float(want), (col.key, cell.value, want)
                if col.kind == "share":
                    assert cell.number_format == "0.00%", col.key
                elif col.kind == "money":
                    assert cell.number_format == "#,##0.00", col.key
                    assert col.header.endswith("(USD bn)")
            elif isinstance(want, list):
                assert cell.value == ("; ".join(want) or None), col.key
            else:
                assert cell.value == want and cell.data_type == "s", col.key
            checked += 1
    return checked


def test_the_report_workbook_holds_the_json_numbers_cell_for_cell(tmp_path, capsys):
    argv = CASES["report-toy.xlsx"]
    doc = json_of(argv, capsys)
    wb = load(workbook_bytes(argv, tmp_path / "r.xlsx", capsys), tmp_path)
    assert wb.sheetnames == ["Members", "Groups", "Benchmarks", "Assumptions", "Sources", "Figure sources"]
    n = check_cells(wb["Members"], member_columns(doc["targets"]), doc["members"])
    # 29 member columns (surplus_total and then the 2026 figures core_share_from_money,
    # equipment_share and meets_equipment, then Ukraine aid and the part counted, added
    # through the registry)
    assert n == 5 * 29
    groups = [{**g, "size": len(g["codes"])} for g in doc["groups"]]
    check_cells(wb["Groups"], group_columns(doc["targets"]), groups)
    # by hand: Germany's core share is 2 % of GDP (a share, in percent), its core gap 6 bn
    _, rows = sheet_rows(wb["Members"])
    deu = next(r for r in rows if r["Code"].value == "DEU")
    assert deu["Core share of GDP"].value == 0.02 and deu["Core share of GDP"].number_format == "0.00%"
    assert deu["Gap to 3.5 % core (USD bn)"].value == 6
    assert deu["Related known"].value is True and deu["Flags"].value == "core:placeholder"
    usa = next(r for r in rows if r["Code"].value == "USA")
    assert usa["Related spending (USD bn)"].value is None  # unknown: an empty cell, not 0


def test_the_compare_workbook_has_a_b_and_the_change_for_every_member(tmp_path, capsys):
    argv = CASES["compare-toy.xlsx"]
    doc = json_of(argv, capsys)
    wb = load(workbook_bytes(argv, tmp_path / "c.xlsx", capsys), tmp_path)
    assert wb.sheetnames == ["Members", "Groups", "Assumptions", "Sources", "Figure sources"]
    _, rows = sheet_rows(wb["Members"])
    assert [r["Code"].value for r in rows] == [m["code"] for m in doc["members"]]
    checked = 0
    for row, m in zip(rows, doc["members"]):
        for col in member_columns(doc["a"]["targets"])[2:]:
            if col.kind == "list":
                continue
            for side, tag in (("a", "A"), ("b", "B"), ("delta", "Δ B − A")):
                header = f"{col.label}, {tag}" + (" (USD bn)" if col.kind == "money" else "")
                if header not in row:  # no change column: a yes/no, or a figure without one
                    assert side == "delta" and (col.kind == "bool" or not registry.FIGURE[col.key].delta)
                    continue
                want = get(m[side], col.key) if m[side] else None
                cell = row[header].value
                if isinstance(want, Decimal):
                    want = float(want)
                assert (cell is None) if want is None else (cell == want), (header, cell, want)
                checked += 1
        assert row["Status changes"].value == ("; ".join(s["text"] for s in m["status_changes"]) or None)
    assert checked > 200
    # by hand: the US core share fell from 4 % to 3 % of GDP, a change of -1 point
    usa = next(r for r in rows if r["Code"].value == "USA")
    delta = usa["Core share of GDP, Δ B − A"]
    assert delta.value == -0.01 and delta.number_format == "+0.00%;-0.00%;0.00%"
    assert usa["GDP, Δ B − A (USD bn)"].value == 50


def test_the_path_workbook_holds_the_years_and_each_members_contribution(tmp_path, capsys):
    argv = CASES["path-scenario-east.xlsx"]
    doc = json_of(argv, capsys)
    wb = load(workbook_bytes(argv, tmp_path / "p.xlsx", capsys), tmp_path)
    assert wb.sheetnames == ["Path years", "Members", "Assumptions", "Sources", "Figure sources"]
    check_cells(wb["Path years"], PATH_YEAR_COLUMNS, doc["years"])
    check_cells(wb["Members"], path_member_columns(2028), doc["members"])
    _, years = sheet_rows(wb["Path years"])
    assert [y["Year"].value for y in years] == [2025, 2026, 2027, 2028]
    assert years[1]["Core spending (USD bn)"].value == 17.383333  # as in the JSON golden file
    info = {r["Item"].value: r for r in sheet_rows(wb["Assumptions"])[1]}
    assert info["Cumulative extra"]["Value"].value == float(doc["cumulative_extra"])
    assert info["Target year"]["Value"].value == 2028 and info["Shape"]["Value"].value == "linear"
    assert info["Growth (scenario)"]["Value"].value == 0.02
    assert info["Growth (scenario)"]["Value"].number_format == "0.00%"
    assert info["Change 1"]["Value"].value == "DEU core share → 3 %"


def test_the_assumptions_state_targets_changes_year_and_currency(tmp_path, capsys):
    wb = load(workbook_bytes(CASES["report-toy-east-sorted.xlsx"], tmp_path / "r.xlsx", capsys), tmp_path)
    info = {r["Item"].value: (r["Value"].value, r["Note"].value) for r in sheet_rows(wb["Assumptions"])[1]}
    assert info["Year"][0] == 2025
    assert info["Currency"][0] == "USD bn, current prices"
    assert info["Core target"][0] == 0.035 and info["Total target"][0] == 0.05
    assert info["Deadline"][0] == 2035
    assert info["Change 1"][0] == "DEU core share → 3 %"
    assert info["Group shown"][0] == "east"
    assert info["Members sorted by"] == ("gap_core", "descending")


def test_the_assumptions_carry_the_presets_release_block(tmp_path, capsys):
    from calc.files.presets import load_by_id

    preset = load_by_id("nato-2025")
    wb = load(workbook_bytes(["report", "--preset", "nato-2025"], tmp_path / "n.xlsx", capsys), tmp_path)
    info = {r["Item"].value: r["Value"].value for r in sheet_rows(wb["Assumptions"])[1]}
    assert info["Description"] == preset.description and preset.description
    released = info["Released"]
    assert (released is None) if preset.released is None else (released.date() == preset.released)
    _, sources = sheet_rows(wb["Sources"])
    assert [s["Source id"].value for s in sources] == [s.id for s in preset.sources]
    for row, src in zip(sources, preset.sources):
        if src.url:
            assert row["URL"].value == src.url and row["URL"].hyperlink.target == src.url
        if src.accessed:
            assert row["Accessed"].value.date() == src.accessed
            assert row["Accessed"].number_format == "yyyy-mm-dd"
    assert any(s.accessed for s in preset.sources) and any(s.url for s in preset.sources)


def test_the_sources_list_the_presets_sources_and_every_figures_source(tmp_path, capsys):
    wb = load(workbook_bytes(CASES["report-toy-east-sorted.xlsx"], tmp_path / "r.xlsx", capsys), tmp_path)
    _, sources = sheet_rows(wb["Sources"])
    assert [(s["Source id"].value, s["Title"].value) for s in sources] == [
        ("toy-source", "Invented figures for tests")
    ]
    _, figs = sheet_rows(wb["Figure sources"])
    # Wrapped by hand, kept as written: ruff's layout takes 10 more lines.
    got = [(f["Code"].value, f["Figure"].value, f["Value (USD bn)"].value, f["Share of GDP"].value,
            f["Given as"].value, f["Status"].value, f["Source id"].value) for f in figs]  # fmt: skip
    assert got == [
        ("DEU", "GDP", 400, None, "USD bn", None, "toy-source"),
        ("DEU", "core spending", 12, 0.03, "share of GDP", "edited", None),  # the --set
        ("DEU", "related spending", 2, 0.005, "USD bn", None, "toy-source"),
        ("POL", "GDP", 100, None, "USD bn", None, "toy-source"),
        ("POL", "core spending", 4.5, 0.045, "USD bn", None, "toy-source"),
        ("POL", "related spending", 1, 0.01, "USD bn", None, "toy-source"),
    ]


def test_every_sheet_has_a_frozen_header_an_autofilter_and_sensible_widths(tmp_path, capsys):
    for name in ("report-toy.xlsx", "compare-toy.xlsx", "path-east.xlsx"):
        wb = load(workbook_bytes(CASES[name], tmp_path / name, capsys), tmp_path)
        for ws in wb.worksheets:
            assert ws.freeze_panes in ("A3", "B3", "C3", "D3"), (name, ws.title)
            last = ws.cell(row=2, column=ws.max_column).coordinate
            assert ws.auto_filter.ref == f"A2:{last[:-1]}{ws.max_row}", (name, ws.title)
            assert ws["A1"].font.b and "·" in ws["A1"].value  # the title row
            widths = [d.width for d in ws.column_dimensions.values()]
            assert widths and all(6 <= w <= 62 for w in widths), (name, ws.title)
    members = load(workbook_bytes(CASES["report-toy.xlsx"], tmp_path / "r.xlsx", capsys), tmp_path)["Members"]
    assert members.freeze_panes == "C3"  # code and name stay in view


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("name", FORMULAS)
def test_a_name_that_looks_like_a_formula_is_a_string_cell(tmp_path, capsys, name):
    escaped = name.replace('"', '\\"')
    text = TOY_TEXT.replace('name = "Poland"', f'name = "{escaped}"').replace(
        'east = "East flank"', f'east = "{escaped}"'
    )
    preset = tmp_path / "toy-2025.toml"
    preset.write_text(text, encoding="utf-8")
    for argv, sheet, key in (
        (["report", "--file", str(preset)], "Members", "Name"),
        (["report", "--file", str(preset)], "Groups", "Name"),
        (["path", "--file", str(preset), "--group", "east"], "Members", "Name"),
        (["compare", str(preset), "--set", "POL.gdp=110"], "Members", "Name"),
    ):
        wb = load(workbook_bytes(argv, tmp_path / "f.xlsx", capsys), tmp_path)
        cells = [r[key] for r in sheet_rows(wb[sheet])[1] if r[key].value == name]
        assert cells and all(c.data_type == "s" for c in cells), (argv, sheet)
    wb = openpyxl.load_workbook(tmp_path / "f.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_a_hostile_file_name_is_shown_escaped_and_never_breaks_the_workbook(tmp_path, capsys):
    """The compare references are the arguments as typed: an undecodable byte (``\\udcff``)
    cannot be encoded into the workbook and a right-to-left override would make it read
    backwards; both are shown escaped, as the other outputs show them."""
    odd = tmp_path / "odd\u202eeno\udcff.toml"
    odd.write_text(
        f'schema_version = 1\nkind = "scenario"\nbase = "{ROOT}/tests/data/toy/toy-2025.toml"\n', "utf-8"
    )
    wb = load(
        workbook_bytes(["compare", "tests/data/toy/toy-2025.toml", str(odd)], tmp_path / "x.xlsx", capsys),
        tmp_path,
    )
    info = {r["Item"].value: r for r in sheet_rows(wb["Assumptions"])[1]}
    assert info["Reference"]["B"].value == str(odd).replace("\u202e", "\\u202e").replace("\udcff", "\\udcff")


# ---- the command line --------------------------------------------------------------------------


def test_the_xlsx_extension_chooses_the_workbook(tmp_path, capsys):
    out = tmp_path / "gaps.xlsx"
    assert main(["report", "--preset", "toy-2025", *TOY, "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {display_path(out)}\n"
    assert openpyxl.load_workbook(out).sheetnames[0] == "Members"
    assert main(["report", "--preset", "toy-2025", *TOY, "-o", str(tmp_path / "g.XLSX"), "-f", "xlsx"]) == 0


def test_a_format_that_contradicts_the_xlsx_extension_is_refused(tmp_path, capsys):
    out = tmp_path / "gaps.xlsx"
    assert main(["report", "--preset", "toy-2025", *TOY, "-f", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--format csv contradicts -o gaps.xlsx (its extension means Excel)" in err
    assert not out.exists()
    assert main(["path", "--preset", "toy-2025", *TOY, "-f", "xlsx", "-o", str(tmp_path / "p.json")]) == 2
    assert "--format xlsx contradicts -o p.json" in capsys.readouterr().err


def _run_on_a_terminal(argv: list[str]) -> tuple[int, bytes, bytes]:
    import pty

    master, slave = pty.openpty()
    try:
        # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
        r = subprocess.run(
            [sys.executable, "-m", "calc", *argv], stdout=slave, stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120, check=False,
        )  # fmt: skip
        os.set_blocking(master, False)
        try:
            shown = os.read(master, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(master)
        os.close(slave)
    return r.returncode, shown, r.stderr


@pytest.mark.parametrize("command", [["report", "--preset", "toy-2025"], ["compare", "toy-2024", "toy-2025"],
                                     ["path", "--preset", "toy-2025"]])  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
def test_a_workbook_is_never_written_to_a_terminal(command):
    code, shown, err = _run_on_a_terminal([*command, *TOY, "-f", "xlsx"])
    assert code == 2 and shown == b""
    assert err.decode() == "nato-calc: xlsx is a binary format: give -o FILE.xlsx or redirect\n"
    code, shown, err = _run_on_a_terminal([*command, *TOY, "-f", "xlsx", "-o", "-"])
    assert code == 2 and b"binary format" in err
    code, shown, err = _run_on_a_terminal([*command, *TOY, "-f", "xlsx", "-o", "/dev/stdout"])
    assert code == 2 and b"binary format" in err and shown == b""


def test_a_workbook_to_dev_null_is_no_terminal(capsys):
    assert main(["report", "--preset", "toy-2025", *TOY, "-f", "xlsx", "-o", "/dev/null"]) == 0


def test_a_workbook_goes_to_a_pipe_as_the_same_bytes_as_to_a_file(tmp_path, capsys):
    file = workbook_bytes(CASES["compare-toy.xlsx"], tmp_path / "c.xlsx", capsys)
    r = subprocess.run(
        [sys.executable, "-m", "calc", *CASES["compare-toy.xlsx"], "--format", "xlsx"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=True,
    )
    assert r.stdout == file and r.stderr == b""


def test_a_workbook_to_a_captured_stdout_goes_to_its_binary_side(capsysbinary):
    assert main(["report", "--preset", "toy-2025", *TOY, "-f", "xlsx"]) == 0
    out, err = capsysbinary.readouterr()
    assert out[:2] == b"PK" and err == b""


def test_the_report_loads_xlsxwriter_only_when_a_workbook_is_asked_for(tmp_path):
    code = (
        "import sys; from calc.cli import main\n"
        f"main(['report', '--preset', 'toy-2025', '--presets-dir', 'tests/data/toy', '-o', {str(tmp_path / 'x.json')!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('xlsxwriter', 'calc') and 'xlsx' in m))"
    )
    # Wrapped by hand, kept as written: ruff's layout takes 6 more lines.
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)  # fmt: skip
    assert r.stdout.strip() == "[]"


def test_the_help_lists_xlsx(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "table, csv, json, markdown, xlsx" in out and ".xlsx xlsx" in out


def test_xlsx_is_a_binary_format_named_by_its_extension():
    from calc.errors import UsageError
    from calc.output.formats import check_stream, from_extension, is_binary, resolve

    assert from_extension("gaps.XLSX") == "xlsx" and is_binary("xlsx") and not is_binary("csv")
    assert resolve(None, "a/gaps.xlsx", allowed=("table", "xlsx")) == "xlsx"
    check_stream("xlsx", False)  # a file, a pipe or a redirect
    check_stream("csv", True)
    with pytest.raises(UsageError, match="xlsx is a binary format: give -o FILE.xlsx or redirect"):
        check_stream("xlsx", True)


# ---- a property: whatever the what-if, the workbook is the JSON ---------------------------------


@settings(max_examples=30)
@given(
    core=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.2"), places=6),
    gdp=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(99999), places=3),
    related=st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal(50), places=4)),
    target=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.1"), places=4),
)
def test_every_member_and_group_cell_is_the_json_number_whatever_the_what_if(core, gdp, related, target):
    import io

    from calc.engine.changes import Change, apply_changes
    from calc.engine.evaluate import evaluate
    from calc.files.presets import load_preset
    from calc.output.report import render

    changes = [
        Change("set", "POL", "core_share", core),
        Change("set", "NOR", "gdp", gdp),
        Change("target", None, "core", target),
    ]
    if related is not None:
        changes.append(Change("set", "DEU", "related", related))
    result = evaluate(apply_changes(load_preset(ROOT / "tests/data/toy/toy-2025.toml"), changes))
    doc = json.loads(render(result, "json"), parse_float=Decimal)
    wb = openpyxl.load_workbook(io.BytesIO(render(result, "xlsx")))
    check_cells(wb["Members"], member_columns(doc["targets"]), doc["members"])
    check_cells(
        wb["Groups"], group_columns(doc["targets"]), [{**g, "size": len(g["codes"])} for g in doc["groups"]]
    )


def test_a_preset_without_a_release_date_dates_its_workbook_by_its_newest_source(tmp_path, capsys):
    from calc.files.presets import load_by_id

    preset = load_by_id("nato-2025")
    assert preset.released is None
    newest = max(s.accessed for s in preset.sources if s.accessed)
    wb = load(workbook_bytes(["report", "--preset", "nato-2025"], tmp_path / "n.xlsx", capsys), tmp_path)
    assert wb.properties.created.date() == newest
    bare = TOY_TEXT.replace("released = 2025-08-01\n", "")
    (tmp_path / "toy-2025.toml").write_text(bare, encoding="utf-8")
    wb = load(
        workbook_bytes(["report", "--file", str(tmp_path / "toy-2025.toml")], tmp_path / "t.xlsx", capsys),
        tmp_path,
    )
    assert wb.properties.created.isoformat() == "2000-01-01T00:00:00"
