"""The headless CLI: outputs (golden files), what-ifs, errors without tracebacks, layering.

Golden files live in tests/golden/; regenerate them after a deliberate change with
``NATO_CALC_UPDATE_GOLDEN=1 pytest tests/unit/test_cli.py`` and review the diff.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import DATA, check_golden, run

TINY = DATA / "tiny.toml"


# A table, kept as written: one row a line.
GOLDEN_CASES = {
    "report-nato-2025.txt": ["report", "--preset", "nato-2025"],
    "report-nato-2025-wide.txt": ["report", "--preset", "nato-2025", "--group", "eu", "--sort", "gap_core"],
    "report-nato-2025.csv": ["report", "--preset", "nato-2025", "--format", "csv"],
    "report-nato-2025.json": ["report", "--preset", "nato-2025", "--format", "json"],
    "report-nato-2025.md": ["report", "--preset", "nato-2025", "--format", "markdown"],
    "report-nato-2024-whatif.txt": [
        "report", "--preset", "nato-2024", "--set", "DEU.core_share=3%", "--exclude", "USA",
        "--target", "core=3%", "--set", "POL.related=10",
    ],
    # issue 12: money in euros and in each ally's own currency (nato-2026 has the rates)
    "report-nato-2026-eur.txt": ["report", "--preset", "nato-2026", "--currency", "eur"],
    "report-nato-2026-eur.json": ["report", "--preset", "nato-2026", "--currency", "eur", "-f", "json"],
    "report-nato-2026-national.txt": ["report", "--preset", "nato-2026", "--currency", "national"],
    "report-nato-2026-national.csv": ["report", "--preset", "nato-2026", "--currency", "national", "-f", "csv"],
    "report-tiny.json": ["report", "--file", str(TINY), "-f", "json"],
    "report-tiny.txt": ["report", "--file", str(TINY)],
}  # fmt: skip


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_report_output_matches_its_golden_file(capsys, monkeypatch, name):
    monkeypatch.setenv("COLUMNS", "120" if "wide" in name else "80")
    code, out, err = run(capsys, *GOLDEN_CASES[name])
    assert code == 0, err
    check_golden(f"report/{name}", out)


def test_the_table_fits_an_80_column_terminal(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "report")
    too_wide = [line for line in out.splitlines() if len(line) > 80]
    assert not too_wide


def test_the_json_report_follows_the_contract(capsys):
    _, out, _ = run(capsys, "report", "--preset", "nato-2025", "-f", "json")
    doc = json.loads(out, parse_float=D)
    assert doc["schema"] == "nato-calc.report/1"
    assert set(doc["preset"]) >= {"id", "label", "year", "currency", "modified"}
    assert set(doc["targets"]) == {"guideline", "core", "related_cap", "total", "deadline", "equipment"}
    # A table, kept as written: one row a line.
    member_keys = {
        "code", "name", "gdp", "core", "related", "related_known", "core_share", "total_share",
        "gap_guideline", "gap_core", "gap_total", "surplus_core", "meets_guideline",
        "meets_core", "meets_total", "flags",
    }  # fmt: skip
    # A table, kept as written: one row a line.
    group_keys = {
        "id", "name", "codes", "gdp", "core", "related", "core_share", "gap_guideline",
        "gap_core", "gap_total", "collective_gap_guideline", "collective_gap_core",
        "collective_gap_total", "meeting_guideline", "meeting_core", "meeting_total",
    }  # fmt: skip
    assert len(doc["members"]) == 32
    for m in doc["members"]:
        assert member_keys <= set(m)
    assert [g["id"] for g in doc["groups"]] == ["nato", "europe-canada", "eu", "eu-uk"]
    for g in doc["groups"]:
        assert group_keys <= set(g)
    pol = next(m for m in doc["members"] if m["code"] == "POL")
    assert pol["core_share"] == D("0.0448")
    assert pol["related"] is None and pol["related_known"] is False
    assert [m["code"] for m in doc["members"]][:3] == ["ALB", "BEL", "BGR"]  # preset order


def test_what_ifs_are_applied_and_listed_as_modified(capsys):
    # Wrapped by hand, kept as written: ruff's layout takes 10 more lines.
    _, out, _ = run(
        capsys, "report", "--file", str(TINY), "-f", "json",
        "--set", "DEU.core_share=3.5%", "--exclude", "USA", "--target", "core=3%",
    )  # fmt: skip
    doc = json.loads(out, parse_float=D)
    assert doc["preset"]["modified"] == [
        "DEU core share → 3.5 %",
        "exclude USA",
        "core target → 3 %",
    ]
    assert doc["preset"]["excluded"] == ["USA"]
    assert doc["targets"]["core"] == D("0.03")
    deu = next(m for m in doc["members"] if m["code"] == "DEU")
    assert deu["core"] == D(7) and "core:edited" in deu["flags"]
    assert "USA" not in [m["code"] for m in doc["members"]]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["report", "--preset", "nato-2205"], "unknown preset 'nato-2205' (did you mean 'nato-2025'?)"),
        (["report", "--set", "DEU.cor=3"], "unknown field 'cor' (did you mean 'core'?)"),
        (["report", "--set", "DEU.core=abc"], "'abc' is not a number"),
        (["report", "--set", "DEU"], "write CODE.field=VALUE"),
        (["report", "--set", "DEX.core=3"], "unknown member 'DEX' (did you mean 'DEU', Germany?)"),
        (["report", "--set", "DEU.core=-5000"], "cannot be negative"),
        (["report", "--set", "DEU.core_share=3"], "a bare number on a share is ambiguous; write 3% (of GDP)"),
        (["report", "--target", "core"], "write NAME=VALUE"),
        (["report", "--target", "cor=3%"], "unknown target 'cor' (did you mean 'core'?)"),
        (
            ["report", "--sort", "gap"],
            "--sort 'gap': ambiguous column name; it could mean gap_guideline, gap_core, gap_total",
        ),
        (["report", "--group", "baltics"], "--group 'baltics': no such group"),
        (["report", "--format", "xml"], "unknown choice 'xml'; choose from table, csv, json, markdown"),
        (["report", "--file", "missing.toml"], "missing.toml: file not found"),
        (["report", "--preset", "a", "--file", "b"], "not allowed with argument"),
        (["reprot"], "unknown command 'reprot' (did you mean 'report'?)"),
        (["report", "--bogus"], "unrecognized arguments: --bogus"),
        (["validate"], "the following arguments are required: FILE"),
        (["presets", "--presets-dir", "/nonexistent/dir"], "presets folder /nonexistent/dir: not found"),
    ],
)
def test_user_errors_exit_2_with_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert out == ""


def test_output_to_a_file_is_written_atomically(tmp_path, capsys):
    target = tmp_path / "out.json"
    target.write_text("old")
    code, out, err = run(capsys, "report", "-f", "json", "-o", str(target))
    assert code == 0 and out == "" and "wrote" in err
    assert json.loads(target.read_text())["schema"] == "nato-calc.report/1"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left


def test_output_into_a_missing_folder_fails_cleanly(tmp_path, capsys):
    code, _, err = run(capsys, "report", "-o", str(tmp_path / "no" / "out.txt"))
    assert code == 2 and "does not exist" in err


def test_presets_lists_every_preset_with_the_default_marked(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0
    assert "nato-2026*" in out and "nato-2025 " in out and "nato-2024 " in out and "32" in out
    code, out, _ = run(capsys, "presets", "--format", "json")
    doc = json.loads(out)
    ids = {p["id"]: p for p in doc["presets"]}
    assert ids["nato-2026"]["default"] is True and ids["nato-2025"]["default"] is False
    assert ids["nato-2024"]["members"] == 32 and ids["nato-2024"]["year"] == 2024


def test_presets_shows_a_broken_user_preset_without_failing(tmp_path, capsys):
    (tmp_path / "broken.toml").write_text("nonsense = ")
    code, out, _ = run(capsys, "presets", "--presets-dir", str(tmp_path))
    assert code == 0
    assert "broken" in out and "INVALID" in out


def test_validate_exits_0_for_good_files_and_2_for_any_bad_one(tmp_path, capsys):
    code, out, _ = run(capsys, "validate", str(TINY))
    assert code == 0 and "ok:" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(TINY.read_text().replace("gdp = 100", "gdp = -100", 1))
    code, out, err = run(capsys, "validate", str(TINY), str(bad))
    assert code == 2
    assert "members.POL.gdp: must be greater than 0" in err
    assert "1 of 2 files invalid" in err


def test_validate_strict_applies_the_shipped_rules(capsys):
    code, _, err = run(capsys, "validate", "--strict", str(TINY))
    assert code == 2 and "shipped presets name a source for every figure" in err


def test_the_committed_json_schemas_are_current(capsys):
    import calc.files.presets

    for kind, name in (
        ("preset", "preset-v1.json"),
        ("release", "preset-v2.json"),
        ("scenario", "scenario-v1.json"),
    ):
        code, out, _ = run(capsys, "schema", "--kind", kind)
        assert code == 0
        committed = calc.files.presets.shipped_dir() / "schema" / name
        assert json.loads(out) == json.loads(committed.read_text()), (
            f"presets/schema/{name} is stale: run nato-calc schema --kind {kind} -o presets/schema/{name}"
        )


def test_the_schema_accepts_the_shipped_presets():
    import datetime
    import tomllib

    import jsonschema

    import calc.files.presets

    folder = calc.files.presets.shipped_dir()
    schemas = {v: json.loads((folder / "schema" / f"preset-v{v}.json").read_text()) for v in (1, 2)}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)

    def iso(o):
        if isinstance(o, dict):
            return {k: iso(v) for k, v in o.items()}
        if isinstance(o, list):
            return [iso(v) for v in o]
        return o.isoformat() if isinstance(o, datetime.date) else o

    versions = set()
    for f in folder.glob("*.toml"):
        doc = iso(tomllib.loads(f.read_text()))
        versions.add(doc["schema_version"])
        jsonschema.validate(doc, schemas[doc["schema_version"]])
    assert versions == {1, 2}


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


def test_report_never_imports_textual():
    r = _python(
        "import sys; from calc.cli import main; "
        "main(['report', '-f', 'json', '-o', '/dev/null']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_the_engine_modules_never_import_textual():
    """The layering rule: only calc/tui imports textual."""
    import calc

    pkg = Path(calc.__file__).resolve().parent
    # every module outside calc/tui, in the layer packages too (calc/domain, engine, files, output)
    paths = [p for p in pkg.rglob("*.py") if "tui" not in p.relative_to(pkg).parts]
    modules = [
        ".".join(("calc", *p.relative_to(pkg).with_suffix("").parts)).removesuffix(".__init__")
        for p in paths
        if p.stem != "__main__"
    ]
    r = _python(
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
    import re

    for p in paths:
        assert not re.search(r"(?m)^\s*(from|import)\s+textual", p.read_text()), p


def test_python_dash_m_calc_is_the_same_command():
    r = subprocess.run(
        [sys.executable, "-m", "calc", "report", "--preset", "nato-2024", "-f", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("kind,code,name,gdp,")


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    import calc.cli

    def boom(args):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(calc.cli, "cmd_report", boom)
    monkeypatch.delenv("NATO_CALC_DEBUG", raising=False)
    code, _, err = run(capsys, "report")
    assert code == 70
    assert "internal error: ZeroDivisionError: simulated bug" in err
    assert "Traceback" not in err
