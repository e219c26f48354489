"""The compare and path commands and the report's benchmarks: golden outputs and errors.

Golden files live in tests/golden/. After an intended change of output, regenerate them with

    NATO_CALC_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_cli_compare_path.py

and review the diff (``git diff tests/golden``) before committing. Every golden case runs on
the synthetic presets of tests/data/toy, so data revisions of the shipped presets never move
them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import GOLDEN, ROOT

from calc.cli import main

UPDATE = bool(os.environ.get("NATO_CALC_UPDATE_GOLDEN"))
TOY = ["--presets-dir", "tests/data/toy"]
SCEN = "tests/data/scenarios"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


GOLDEN_CASES = {
    "compare-toy.txt": ["compare", "toy-2024", "toy-2025", *TOY],
    "compare-toy.json": ["compare", "toy-2024", "toy-2025", *TOY, "--format", "json"],
    "compare-toy.csv": ["compare", "toy-2024", "toy-2025", *TOY, "--format", "csv"],
    "compare-toy.md": ["compare", "toy-2024", "toy-2025", *TOY, "--format", "markdown"],
    "compare-whatif.txt": [
        "compare", "toy-2025", *TOY, "--set", "DEU.core_share=3.5%", "--target", "core=3%",
        "--sort", "gap_total:asc",
    ],
    "compare-scenario-east.txt": [
        "compare", "tests/data/toy/toy-2025.toml", f"{SCEN}/stacked.toml", "--group", "east",
    ],
    "path-nato.txt": ["path", "--preset", "toy-2025", *TOY],
    "path-deu-front.txt": [
        "path", "--preset", "toy-2025", *TOY, "--member", "DEU", "--shape", "front",
        "--growth", "3%", "--target-year", "2030",
    ],
    "path-deu-back.txt": ["path", "--preset", "toy-2025", *TOY, "--member", "deu", "--shape", "back"],
    "path-scenario-east.json": [
        "path", "--scenario", f"{SCEN}/deu-3pct.toml", "--group", "east", "--format", "json",
        "--target-year", "2028",
    ],
    "path-east.csv": ["path", "--preset", "toy-2025", *TOY, "--group", "east", "--format", "csv"],
    "path-east.md": [
        "path", "--preset", "toy-2025", *TOY, "--group", "east", "--format", "markdown",
        "--growth", "0.02",
    ],
    "report-toy.txt": ["report", "--preset", "toy-2025", *TOY],
    "report-toy.md": ["report", "--preset", "toy-2025", *TOY, "--format", "markdown"],
    "report-toy-east.json": ["report", "--preset", "toy-2025", *TOY, "--group", "east", "--format", "json"],
}  # fmt: skip  # a table: one row a line


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_output(name, capsys):
    code, out, err = run(GOLDEN_CASES[name], capsys)
    assert (code, err) == (0, "")
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"missing {path.name}: run with NATO_CALC_UPDATE_GOLDEN=1 to create it"
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in sorted(GOLDEN_CASES) if n.endswith(".txt")])
def test_tables_fit_in_80_columns(name):
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("name", [n for n in sorted(GOLDEN_CASES) if n.endswith(".json")])
def test_json_outputs_parse_and_name_their_schema(name):
    doc = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    prefix = name.split("-")[0]
    assert doc["schema"] == f"nato-calc.{prefix}/1"


def test_what_ifs_apply_to_b_only(capsys):
    code, out, _ = run(
        ["compare", "toy-2025", "toy-2025", *TOY, "--format", "json", "--set", "DEU.core_share=3.5%"], capsys
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["a"]["modified"] == [] and doc["b"]["modified"] == ["DEU core share → 3.5 %"]
    deu = next(m for m in doc["members"] if m["code"] == "DEU")
    assert deu["delta"]["core"] == 6 and deu["b"]["core_share"] == 0.035


def test_a_scenario_and_a_preset_file_can_be_compared(capsys):
    code, out, _ = run(
        ["compare", f"{SCEN}/deu-3pct.toml", f"{SCEN}/stacked.toml", "--format", "json"], capsys
    )
    doc = json.loads(out)
    assert code == 0
    assert doc["a"]["scenario"] == "Germany to 3 %" and doc["a"]["ref"] == f"{SCEN}/deu-3pct.toml"
    assert doc["targets_changed"] == [{"name": "core", "a": 0.035, "b": 0.03}]
    usa = next(m for m in doc["members"] if m["code"] == "USA")
    assert (usa["presence"], usa["note"]) == ("a-only", "excluded in B")


def test_path_accepts_what_ifs_and_scenarios_like_report(capsys):
    _, out, _ = run(["path", "--scenario", f"{SCEN}/deu-3pct.toml", "--member", "DEU",
                     "--format", "json", "--set", "DEU.gdp=500"], capsys)  # fmt: skip  # hand-wrapped: ruff's layout takes 12 more lines
    doc = json.loads(out)
    assert doc["years"][0]["gdp"] == 500 and doc["years"][0]["core_share"] == 0.03
    assert doc["assumptions"]["growth"]["by_member"] == {"DEU": 0.01}
    assert doc["scope"]["preset"]["modified"][-1] == "DEU GDP → $500 bn"


def test_output_file_is_written_atomically_with_a_note_on_stderr(tmp_path, capsys):
    target = tmp_path / "cmp.json"
    code, out, err = run(["compare", "toy-2024", "toy-2025", *TOY, "-f", "json", "-o", str(target)], capsys)
    assert (code, out) == (0, "")
    assert err.startswith("wrote ")
    assert target.read_text() == (GOLDEN / "compare-toy.json").read_text()


# --------------------------------------------------------------------------------------------
# Errors: exit 2, one line on stderr, no traceback
# --------------------------------------------------------------------------------------------

ERRORS = [
    (["compare", "toy-2024", "toy-2052", *TOY],
     "nato-calc: unknown preset 'toy-2052' (did you mean 'toy-2025'?); available: "),
    (["compare", "toy-2024", "missing.toml", *TOY], "nato-calc: missing.toml: file not found"),
    (["compare", "toy-2025", *TOY],
     "nato-calc: compare: give B, or what-ifs (--set, --exclude, --target) to apply to a copy of A"),
    (["compare", "toy-2024", "toy-2025", *TOY, "--group", "eastt"],
     "nato-calc: --group 'eastt': no such group (did you mean 'east'?); groups: nato, europe-canada, eu, east"),
    (["compare", "toy-2024", "toy-2025", *TOY, "--sort", "gdpp"],
     "nato-calc: --sort 'gdpp': unknown column (did you mean 'gdp'?); columns: "),
    (["compare", "toy-2025", *TOY, "--set", "DEUX.core=3"],
     "nato-calc: DEUX core spending → $3 bn: unknown member 'DEUX' (did you mean 'DEU', Germany?)"),
    (["compare", "toy-2025", f"{SCEN}/bad/unknown-member.toml", *TOY],
     f"nato-calc: {SCEN}/bad/unknown-member.toml: changes[3].member: unknown member 'DEUU' (did you mean 'DEU', Germany?)"),
    (["path", "--preset", "toy-2025", *TOY, "--target-year", "2020"],
     "nato-calc: the target year (2020) must be after the preset's year (2025)"),
    (["path", "--preset", "toy-2025", *TOY, "--member", "XXX"], "nato-calc: unknown member 'XXX'"),
    (["path", "--preset", "toy-2025", *TOY, "--member", "ISL"],
     "nato-calc: ISL (Iceland): the targets do not apply (not assessed); no path to plan"),
    (["path", "--preset", "toy-2025", *TOY, "--group", "nat"],
     "nato-calc: unknown group 'nat' (did you mean 'nato'?); groups: nato, europe-canada, eu, east"),
    (["path", "--preset", "toy-2025", *TOY, "--growth", "abc"],
     "nato-calc: --growth 'abc': 'abc' is not a growth rate; type e.g. 2% or 0.02"),
    (["path", "--preset", "toy-2025", *TOY, "--growth", "200%"],
     "nato-calc: --growth '200%': growth must be between -50% and 100% a year"),
    (["path", "--preset", "toy-2025", *TOY, "--shape", "sideways"],
     "nato-calc path: unknown choice 'sideways'; choose from linear, front, back"),
    (["path", "--preset", "toy-2025", *TOY, "--target-year", "soon"], "nato-calc path: argument --target-year: "),
    (["path", "--preset", "toy-2025", *TOY, "--member", "DEU", "--group", "east"],
     "nato-calc path: argument --group: not allowed with argument --member"),
    (["path", "--scenario", "nope.toml"], "nato-calc: nope.toml: file not found"),
    (["path", "--scenario", f"{SCEN}/cycle-a.toml"],
     f"nato-calc: {SCEN}/cycle-b.toml: base: scenarios stack in a cycle: "),
]  # fmt: skip  # a table: one row a line


@pytest.mark.parametrize("argv, start", ERRORS, ids=[" ".join(a[:4]) for a, _ in ERRORS])
def test_bad_input_exits_2_with_one_line(argv, start, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(start), err
    assert "Traceback" not in err


# --------------------------------------------------------------------------------------------
# Layering: compare and path never import textual
# --------------------------------------------------------------------------------------------


def test_compare_path_and_benchmarks_do_not_import_textual():
    code = (
        "import sys\n"
        "from calc.cli import main\n"
        "import calc.output.compare, calc.output.path, calc.output.benchmarks\n"
        "args = ['--presets-dir', 'tests/data/toy']\n"
        "assert main(['compare', 'toy-2024', 'toy-2025', *args, '-f', 'json']) == 0\n"
        "assert main(['path', '--preset', 'toy-2025', *args]) == 0\n"
        "assert main(['report', '--preset', 'toy-2025', *args]) == 0\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
