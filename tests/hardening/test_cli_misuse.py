"""CLI misuse (issue 6, item 2): every subcommand with missing, unknown and malformed arguments,
missing files, folders, unreadable files, empty files and a 50 MB file.

Each case exits 2 with one clear message on stderr (``nato-calc: ...``; ``validate`` prints one
located line per file and a count), nothing on stdout, no traceback, and **nothing written**:
the workspace (including every ``-o`` target, existing or not) is byte-for-byte unchanged, no
temporary file is left, and the shipped presets and test data are never modified.

The cases are a table: to cover a new subcommand, add rows to ``CASES`` (argv with
placeholders for the workspace files, and a piece of the expected message).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from counts import CONTROL, record
from helpers import TESTS, as_nobody

from calc.cli import main
from calc.files.presets import shipped_dir

HERE = TESTS
TINY = HERE / "data" / "tiny.toml"
BIG = 50 * 1024 * 1024

# ---- the workspace ------------------------------------------------------------------------------


def make_workspace(d: Path) -> dict[str, str]:
    """Files the cases point at; returns the placeholders for the argv templates."""
    (d / "good.toml").write_text(TINY.read_text().replace('id = "tiny"', 'id = "good"'))
    (d / "scenario.toml").write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "nato-2025"\n'
        'changes = [{ op = "exclude", member = "USA" }]\n'
    )
    (d / "bad.toml").write_text(TINY.read_text().replace("gdp = 100\n", "gdp = -100\n", 1))
    (d / "empty.toml").write_bytes(b"")
    (d / "blank.toml").write_text("  \n\n\t\n")
    (d / "binary.toml").write_bytes(bytes(range(256)) * 4)
    (d / "nul.toml").write_bytes(b'schema_version = 1\nid = "x\x00"\n')
    (d / "latin1.toml").write_bytes('name = "Fran\xe7ois"\n'.encode("latin-1"))
    with open(d / "big.toml", "wb") as f:  # 50 MiB of real bytes, not a sparse file
        block = b"# a comment line that goes on and on to make a big file\n" * 1024
        for _ in range(BIG // len(block)):
            f.write(block)
        f.write(block[: BIG % len(block)])
    (d / "folder.toml").mkdir()
    (d / "existing-out.txt").write_text("keep me\n")
    (d / "presets").mkdir()
    (d / "presets" / "mine.toml").write_text(TINY.read_text().replace('id = "tiny"', 'id = "mine"'))
    s = str(d)
    return {
        "good": f"{s}/good.toml",
        "scenario": f"{s}/scenario.toml",
        "bad": f"{s}/bad.toml",
        "empty": f"{s}/empty.toml",
        "blank": f"{s}/blank.toml",
        "binary": f"{s}/binary.toml",
        "nul": f"{s}/nul.toml",
        "latin1": f"{s}/latin1.toml",
        "big": f"{s}/big.toml",
        "folder": f"{s}/folder.toml",
        "missing": f"{s}/missing.toml",
        "inside": f"{s}/good.toml/inside.toml",  # a path through a file: "Not a directory"
        "new_out": f"{s}/new-out.json",
        "existing_out": f"{s}/existing-out.txt",
        "no_folder_out": f"{s}/no/such/folder/out.json",
        "presets": f"{s}/presets",
        "d": s,
    }


def snapshot(d: Path) -> dict[str, tuple]:
    """Every entry under ``d``: kind, mode, size and a content hash (cheap for the 50 MB file)."""
    out = {}
    for root, dirs, files in os.walk(d):
        for name in dirs + files:
            p = Path(root) / name
            st = p.lstat()
            digest = None
            if stat.S_ISREG(st.st_mode) and st.st_size < 1_000_000:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
            # Wrapped by hand, kept as written: ruff's layout takes 5 more lines.
            out[str(p.relative_to(d))] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode),
                                          st.st_size, st.st_mtime_ns, digest)  # fmt: skip
    return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    d = tmp_path_factory.mktemp("misuse")
    return d, make_workspace(d)


def _hash_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module", autouse=True)
def presets_are_never_modified():
    """The shipped presets and the test data: hashed before and after every case here."""
    before = {"shipped": _hash_tree(shipped_dir()), "data": _hash_tree(HERE / "data")}
    yield
    after = {"shipped": _hash_tree(shipped_dir()), "data": _hash_tree(HERE / "data")}
    assert after == before, "a command modified a preset file"


# ---- the cases --------------------------------------------------------------------------------------

# A table, kept as written: one row a line.
CASES: list[tuple[str, list[str], str]] = [
    # top level
    ("unknown command", ["reprot"], "unknown command 'reprot' (did you mean 'report'?)"),
    ("unknown option", ["--bogus"], "unrecognized arguments: --bogus"),
    ("top-level option without value", ["--preset"], "argument --preset: expected one argument"),
    # tui: only what argparse refuses (a file the UI cannot open is shown in a dialog instead)
    ("tui unknown option", ["tui", "--bogus"], "unrecognized arguments: --bogus"),
    ("tui stray argument", ["tui", "extra"], "unrecognized arguments: extra"),
    ("tui --preset without value", ["tui", "--preset"], "expected one argument"),
    ("tui --file without value", ["tui", "--file"], "expected one argument"),
    ("tui --presets-dir without value", ["tui", "--presets-dir"], "expected one argument"),
    ("tui two sources", ["tui", "--preset", "a", "--scenario", "b"], "not allowed with argument"),
    # report: missing values
    *[
        (f"report {opt} without value", ["report", opt], "expected one argument")
        for opt in ("--preset", "--file", "--scenario", "--set", "--exclude", "--target",
                    "--group", "--sort", "-o", "--format", "--presets-dir")
    ],
    # report: unknown
    ("report unknown option", ["report", "--bogus"], "unrecognized arguments: --bogus"),
    ("report stray argument", ["report", "extra"], "unrecognized arguments: extra"),
    ("report unknown format", ["report", "--format", "xml"], "unknown choice 'xml'"),
    ("report unknown preset", ["report", "--preset", "nato-2205"], "unknown preset 'nato-2205' (did you mean 'nato-2025'?)"),
    ("report empty preset id", ["report", "--preset", ""], "unknown preset ''"),
    ("report unknown group", ["report", "--group", "baltics"], "--group 'baltics': no such group"),
    ("report unknown sort column", ["report", "--sort", "gap_croe"], "--sort 'gap_croe': unknown column (did you mean 'gap_core'?)"),
    ("report unknown sort direction", ["report", "--sort", "gap_core:up"], "direction must be asc or desc"),
    ("report unknown field", ["report", "--set", "DEU.cor=3"], "unknown field 'cor' (did you mean 'core'?)"),
    ("report unknown member", ["report", "--set", "DEX.core=3"], "unknown member 'DEX' (did you mean 'DEU', Germany?)"),
    ("report ambiguous member", ["report", "--set", "united.core=3%"], "'united' could be GBR (United Kingdom) or USA (United States); write the code"),
    ("report a country not in the preset", ["report", "--exclude", "Ukraine"], "Ukraine (UKR) is not a member in this preset"),
    ("report unknown excluded member", ["report", "--exclude", "XXX"], "unknown member 'XXX'"),
    ("report unknown target", ["report", "--target", "cor=3%"], "unknown target 'cor' (did you mean 'core'?)"),
    ("report a field for a target", ["report", "--target", "core_share=3%"], "unknown target 'core_share' (did you mean 'core'?); targets are guideline, core, related_cap, total, deadline, equipment"),
    # report: malformed
    ("report --set without =", ["report", "--set", "DEU"], "write CODE.field=VALUE"),
    ("report --set not a number", ["report", "--set", "DEU.core=abc"], "'abc' is not a number"),
    ("report --set exponent", ["report", "--set", "DEU.core=1e5"], "'1e5' is not a number"),
    ("report --set nan", ["report", "--set", "DEU.core=nan"], "'nan' is not a number"),
    ("report --set negative result", ["report", "--set", "DEU.core=-5000"], "cannot be negative"),
    ("report --set bare share", ["report", "--set", "DEU.core_share=3"], "a bare number on a share is ambiguous; write 3% (of GDP)"),
    ("report --set bare fraction", ["report", "--set", "DEU.core_share=0.03"], "write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)"),
    ("report --set bare relative share", ["report", "--set", "DEU.core_share=+0.5"], "write +0.5pp (points of GDP), +0.5% (relative: ×1.005) or 0.5% (of GDP)"),
    ("report --target bare fraction", ["report", "--target", "core=0.03"], "a bare number on a target is ambiguous; write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)"),
    ("report --set USD for a share", ["report", "--preset", "nato-2025", "--set", "DEU.core=3"], "DEU (Germany) core spending: $100.3 bn → $3.00 bn, less than a fifth of its current value (for 3 % of GDP write 3%): refused as implausible; check the value and its unit, or add --force"),
    ("report --set share above 20 %", ["report", "--preset", "nato-2025", "--set", "DEU.core_share=25%"], "DEU (Germany) core share: 2.00 % → 25.00 % of GDP, above 20 % of GDP"),
    ("report --target above 20 %", ["report", "--target", "total=50%"], "total target: 5 % → 50 %, above 20 % of GDP"),
    ("compare --set implausible", ["compare", "nato-2025", "--set", "USA.gdp=x0.001"], "USA (United States) GDP: $30,615.7 bn → $30.62 bn, under 1 % of its current value"),
    ("report --set 100,000 digits", ["report", "--set", "DEU.core=x" + "9" * 100_000], "far too large"),
    ("report --exclude empty", ["report", "--exclude", ""], "needs a member code"),
    ("report --target without =", ["report", "--target", "core"], "write NAME=VALUE"),
    ("report --target not a share", ["report", "--target", "core=abc"], "'abc' is not a share"),
    ("report --target bad year", ["report", "--target", "deadline=20x5"], "the deadline is a year"),
    ("report --target year out of range", ["report", "--target", "deadline=1999"], "between 2000 and 2100"),
    ("report two sources", ["report", "--preset", "a", "--file", "b"], "not allowed with argument"),
    ("report empty --file", ["report", "--file", ""], "--file: needs a file name, got an empty one"),
    ("report empty --scenario", ["report", "--scenario", ""], "--scenario: needs a file name"),
    ("report empty -o", ["report", "-o", ""], "-o: needs a file name, got an empty one"),
    ("report empty --presets-dir", ["report", "--presets-dir", ""], "--presets-dir: needs a folder name"),
    # report: files
    ("report --file missing", ["report", "--file", "{missing}"], "missing.toml: file not found"),
    ("report --file folder", ["report", "--file", "{folder}"], "folder.toml: is a directory, not a file"),
    ("report --file empty", ["report", "--file", "{empty}"], "empty.toml: file is empty"),
    ("report --file blank", ["report", "--file", "{blank}"], "blank.toml: file is empty"),
    ("report --file binary", ["report", "--file", "{binary}"], "binary.toml: line 2: not UTF-8 text (byte 0x80)"),
    ("report --file with a NUL byte", ["report", "--file", "{nul}"], "nul.toml: line 2: binary data (NUL byte)"),
    ("report --file latin-1", ["report", "--file", "{latin1}"], "latin1.toml: line 1: not UTF-8 text (byte 0xe7)"),
    ("report --file 50 MB", ["report", "--file", "{big}"], "big.toml: file is too large (50.0 MiB; the limit is 16 MiB)"),
    ("report --file through a file", ["report", "--file", "{inside}"], "inside.toml: cannot read: Not a directory"),
    ("report --file invalid", ["report", "--file", "{bad}"], "bad.toml: members.POL.gdp: must be greater than 0"),
    ("report --file is a scenario", ["report", "--file", "{scenario}"], "scenario.toml: kind: this is a scenario, not a preset"),
    ("report --scenario missing", ["report", "--scenario", "{missing}"], "missing.toml: file not found"),
    ("report --scenario folder", ["report", "--scenario", "{folder}"], "folder.toml: is a directory"),
    ("report --scenario empty", ["report", "--scenario", "{empty}"], "empty.toml: file is empty"),
    ("report --scenario 50 MB", ["report", "--scenario", "{big}"], "big.toml: file is too large"),
    ("report --scenario binary", ["report", "--scenario", "{binary}"], "binary.toml: line 2: not UTF-8 text"),
    ("report --scenario is a preset", ["report", "--scenario", "{good}"], "good.toml: kind: this is a preset, not a scenario"),
    ("report --presets-dir missing", ["report", "--presets-dir", "{missing}"], "presets folder"),
    ("report --presets-dir is a file", ["report", "--presets-dir", "{good}"], "not found or not a folder"),
    ("report --file name too long", ["report", "--file", "a" * 300 + ".toml"], "cannot read: File name too long"),
    ("report --presets-dir name too long", ["report", "--presets-dir", "a" * 300], "not found or not a folder"),
    ("compare name too long", ["compare", "a" * 300, "nato-2024"], "unknown preset 'aaaa"),
    ("report -o name too long", ["report", "-o", "a" * 300 + ".json"], "File name too long"),
    # report: outputs that cannot be written (nothing may be created or changed)
    ("report -o folder", ["report", "-o", "{d}"], "is a directory"),
    ("report -o into a missing folder", ["report", "-o", "{no_folder_out}"], "does not exist"),
    ("report -o through a file", ["report", "-o", "{inside}"], "is not a folder"),
    ("report -o onto its own input", ["report", "--file", "{good}", "-o", "{good}"], "that is a file this command reads"),
    ("report -o onto its scenario", ["report", "--scenario", "{scenario}", "-o", "{scenario}"], "that is a file this command reads"),
    ("report -o after a bad --set", ["report", "--set", "DEU.core=abc", "-o", "{new_out}"], "'abc' is not a number"),
    ("report -o after a bad file", ["report", "--file", "{bad}", "-o", "{existing_out}"], "must be greater than 0"),
    ("report -o after a bad group", ["report", "--group", "x", "-o", "{existing_out}"], "no such group"),
    # compare
    ("compare without A", ["compare"], "the following arguments are required: A"),
    ("compare A alone", ["compare", "nato-2025"], "compare: give B, or what-ifs"),
    ("compare three sides", ["compare", "nato-2025", "nato-2024", "x"], "unrecognized arguments: x"),
    ("compare unknown option", ["compare", "nato-2025", "nato-2024", "--bogus"], "unrecognized arguments: --bogus"),
    ("compare unknown preset", ["compare", "nato-2205", "nato-2024"], "unknown preset 'nato-2205' (did you mean 'nato-2025'?)"),
    ("compare empty A", ["compare", "", "nato-2024"], "unknown preset ''"),
    ("compare missing file", ["compare", "{missing}", "nato-2024"], "missing.toml: file not found"),
    ("compare folder", ["compare", "{folder}", "nato-2024"], "folder.toml: is a directory"),
    ("compare empty file", ["compare", "nato-2024", "{empty}"], "empty.toml: file is empty"),
    ("compare 50 MB", ["compare", "{big}", "nato-2024"], "big.toml: file is too large"),
    ("compare binary", ["compare", "nato-2024", "{binary}"], "binary.toml: line 2: not UTF-8 text"),
    ("compare invalid B", ["compare", "nato-2025", "{bad}"], "bad.toml: members.POL.gdp: must be greater than 0"),
    ("compare bad --set", ["compare", "nato-2025", "--set", "DEU.core=abc"], "'abc' is not a number"),
    ("compare unknown format", ["compare", "nato-2025", "nato-2024", "--format", "xml"], "unknown choice 'xml'"),
    ("compare unknown sort", ["compare", "nato-2025", "nato-2024", "--sort", "bogus"], "--sort 'bogus': unknown column"),
    ("compare unknown group", ["compare", "nato-2025", "nato-2024", "--group", "x"], "--group 'x': no such group"),
    ("compare -o folder", ["compare", "nato-2025", "nato-2024", "-o", "{d}"], "is a directory"),
    ("compare -o onto its input", ["compare", "{good}", "nato-2024", "-o", "{good}"], "that is a file this command reads"),
    ("compare -o after a bad B", ["compare", "nato-2025", "{bad}", "-o", "{new_out}"], "must be greater than 0"),
    # path
    ("path unknown member", ["path", "--member", "XXX"], "unknown member 'XXX'"),
    ("path negative growth read as an option", ["path", "--growth", "-1%"], "'-1%' starts with '-' and reads as an option; write --growth=-1%"),
    ("path --set implausible", ["path", "--set", "POL.core=x10"], "more than 5 times its current value"),
    ("path member and group", ["path", "--member", "DEU", "--group", "eu"], "not allowed with argument --member"),
    ("path target year not a number", ["path", "--target-year", "20x5"], "invalid int value: '20x5'"),
    ("path target year in the past", ["path", "--preset", "nato-2025", "--target-year", "2000"], "must be after the preset's year (2025)"),
    ("path target year absurd", ["path", "--target-year", "99999999999999999999"], "must be 2100 or earlier"),
    ("path growth not a number", ["path", "--growth", "abc"], "'abc' is not a growth rate"),
    ("path empty growth", ["path", "--growth", ""], "'' is not a growth rate"),
    ("path growth out of range", ["path", "--growth", "500%"], "growth must be between -50% and 100% a year"),
    ("path unknown shape", ["path", "--shape", "zigzag"], "unknown choice 'zigzag'"),
    ("path unknown group", ["path", "--group", "baltics"], "unknown group 'baltics'"),
    ("path member not assessed", ["path", "--file", "{good}", "--member", "ISL"], "the targets do not apply"),
    ("path everyone excluded", ["path", "--file", "{good}", "--exclude", "*"], "every member is excluded"),
    ("path --file missing", ["path", "--file", "{missing}"], "missing.toml: file not found"),
    ("path --file 50 MB", ["path", "--file", "{big}"], "big.toml: file is too large"),
    ("path -o folder", ["path", "-o", "{d}"], "is a directory"),
    ("path -o onto its own input", ["path", "--file", "{good}", "-o", "{good}"], "that is a file this command reads"),
    # presets
    ("presets unknown option", ["presets", "--bogus"], "unrecognized arguments: --bogus"),
    ("presets stray argument", ["presets", "extra"], "unrecognized arguments: extra"),
    ("presets unknown format", ["presets", "--format", "xml"], "unknown choice 'xml'"),
    ("presets --format without value", ["presets", "--format"], "expected one argument"),
    ("presets --presets-dir without value", ["presets", "--presets-dir"], "expected one argument"),
    ("presets --presets-dir missing", ["presets", "--presets-dir", "{missing}"], "not found or not a folder"),
    ("presets --presets-dir is a file", ["presets", "--presets-dir", "{good}"], "not found or not a folder"),
    ("presets empty --presets-dir", ["presets", "--presets-dir", ""], "needs a folder name"),
    # validate (one located line per file, then the count)
    ("validate without files", ["validate"], "the following arguments are required: FILE"),
    ("validate unknown option", ["validate", "--bogus", "{good}"], "unrecognized arguments: --bogus"),
    ("validate missing", ["validate", "{missing}"], "missing.toml: file not found"),
    ("validate folder", ["validate", "{folder}"], "folder.toml: is a directory"),
    ("validate empty", ["validate", "{empty}"], "empty.toml: file is empty"),
    ("validate empty name", ["validate", ""], "got an empty file name"),
    ("validate binary", ["validate", "{binary}"], "binary.toml: line 2: not UTF-8 text"),
    ("validate with a NUL byte", ["validate", "{nul}"], "nul.toml: line 2: binary data (NUL byte)"),
    ("validate 50 MB", ["validate", "{big}"], "big.toml: file is too large"),
    ("validate through a file", ["validate", "{inside}"], "cannot read: Not a directory"),
    ("validate invalid", ["validate", "{bad}"], "bad.toml: members.POL.gdp: must be greater than 0"),
    ("validate --strict", ["validate", "--strict", "{good}"], "shipped presets name a source for every figure"),
    # schema
    ("schema unknown kind", ["schema", "--kind", "bogus"], "unknown choice 'bogus'"),
    ("schema --kind without value", ["schema", "--kind"], "expected one argument"),
    ("schema -o without value", ["schema", "-o"], "expected one argument"),
    ("schema stray argument", ["schema", "extra"], "unrecognized arguments: extra"),
    ("schema -o folder", ["schema", "-o", "{d}"], "is a directory"),
    ("schema -o into a missing folder", ["schema", "-o", "{no_folder_out}"], "does not exist"),
    ("schema -o through a file", ["schema", "-o", "{inside}"], "is not a folder"),
    ("schema empty -o", ["schema", "-o", ""], "-o: needs a file name"),
]  # fmt: skip


def _argv(template: list[str], paths: dict[str, str]) -> list[str]:
    return [a.format(**paths) if "{" in a else a for a in template]


def check_misuse(code: int, out: str, err: str, expected: str, validate: bool) -> None:
    assert code == 2, f"exit {code}: {err}"
    assert out == "", f"stdout: {out!r}"
    assert "Traceback" not in err and "internal error" not in err, err
    assert expected in err, err
    assert not CONTROL.search(err), repr(err)
    lines = err.splitlines()
    if validate and not err.startswith("nato-calc"):
        assert lines[-1].endswith(("file invalid", "files invalid")), err
        assert len(lines) >= 2
    else:
        assert len(lines) == 1, f"{len(lines)} lines: {err}"
        assert lines[0].startswith("nato-calc"), err
        assert len(lines[0]) < 400, lines[0][:200]


@pytest.mark.parametrize("name, template, expected", CASES, ids=[c[0] for c in CASES])
def test_misuse_exits_2_with_one_clear_message_and_writes_nothing(
    workspace, capsys, name, template, expected
):
    d, paths = workspace
    before = snapshot(d)
    code = main(_argv(template, paths))
    out, err = capsys.readouterr()
    check_misuse(code, out, err, expected, validate=template[:1] == ["validate"])
    assert snapshot(d) == before, "the command wrote or changed a file"
    record("CLI misuse (in-process)", "exit 2, one message, nothing written")


# ---- through a real process --------------------------------------------------------------------------

# A table, kept as written: one row a line.
PROCESS_CASES = [
    "report --file 50 MB", "report --file binary", "report --set 100,000 digits",
    "report -o onto its own input", "validate missing", "schema -o folder", "unknown command",
    "report --scenario is a preset",
]  # fmt: skip


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_misuse_through_a_real_process_exits_2_without_a_traceback(workspace, name):
    d, paths = workspace
    _, template, expected = next(c for c in CASES if c[0] == name)
    before = snapshot(d)
    # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
    r = subprocess.run(
        [sys.executable, "-m", "calc", *_argv(template, paths)],
        capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    check_misuse(r.returncode, r.stdout, r.stderr, expected, validate=template[:1] == ["validate"])
    assert snapshot(d) == before
    record("CLI misuse (real processes)", "exit 2, one message, nothing written")


# ---- unreadable files and folders -------------------------------------------------------------------


def _main_captured(argv: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io

    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        code = main(argv)
    return code, o.getvalue(), e.getvalue()


def _main_as_nobody(argv: list[str]) -> tuple[int, str, str]:
    """Run ``main(argv)`` in a forked child that has dropped root for the user ``nobody``.

    (A fresh interpreter cannot be used: this one lives under /root, which nobody may not
    read.) The modules the commands need are imported first, by running them once as root.
    """
    warm = Path(tempfile.mkdtemp())
    # Wrapped by hand, kept as written: ruff's layout takes 4 more lines.
    for args in (["validate", str(TINY)], ["schema"], ["presets"],
                 ["report", "--file", str(TINY), "-f", "json", "-o", str(warm / "w.json")],
                 ["report", "--scenario", str(warm / "missing.toml")]):  # fmt: skip
        _main_captured(args)
    shutil.rmtree(warm, ignore_errors=True)

    def child() -> list:
        os.environ["NATO_CALC_NO_CACHE"] = "1"
        return list(_main_captured(argv))

    code, out, err = as_nobody(child)
    return code, out, err


def _nobody() -> int | None:
    try:
        import pwd

        return pwd.getpwnam("nobody").pw_uid
    except (ImportError, KeyError):
        return None


# A table, kept as written: one row a line.
PERMISSION_CASES = [
    ("report --file unreadable", ["report", "--file", "{locked_file}"], "locked.toml: permission denied"),
    ("report --file in a closed folder", ["report", "--file", "{closed}/in.toml"], "in.toml: permission denied"),
    ("report --scenario unreadable", ["report", "--scenario", "{locked_file}"], "locked.toml: permission denied"),
    ("validate unreadable", ["validate", "{locked_file}"], "locked.toml: permission denied"),
    ("report -o into a read-only folder", ["report", "-o", "{readonly}/out.json"], "out.json: permission denied"),
    ("report -o onto a read-only file", ["report", "-o", "{readonly}/existing.txt"], "existing.txt is read-only"),
    ("schema -o into a read-only folder", ["schema", "-o", "{readonly}/schema.json"], "permission denied"),
]  # fmt: skip


@pytest.fixture(scope="module")
def locked(tmp_path_factory):
    """Files and folders the user may not read or write. As root (who may read anything), the
    commands are run as the unprivileged user ``nobody`` instead, so the checks are real."""
    d = Path(tempfile.mkdtemp(prefix="nato-calc-locked-"))
    d.chmod(0o755)
    (d / "locked.toml").write_text(TINY.read_text())
    (d / "locked.toml").chmod(0)
    (d / "closed").mkdir()
    (d / "closed" / "in.toml").write_text(TINY.read_text())
    (d / "closed").chmod(0)
    (d / "readonly").mkdir()
    (d / "readonly" / "existing.txt").write_text("keep me\n")
    (d / "readonly" / "existing.txt").chmod(0o444)
    (d / "readonly").chmod(0o555)
    paths = {
        "locked_file": str(d / "locked.toml"),
        "closed": str(d / "closed"),
        "readonly": str(d / "readonly"),
    }
    yield d, paths
    for p in (d / "closed", d / "readonly"):
        p.chmod(0o755)
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("name, template, expected", PERMISSION_CASES, ids=[c[0] for c in PERMISSION_CASES])
def test_unreadable_and_unwritable_files_exit_2_and_change_nothing(locked, name, template, expected):
    d, paths = locked
    argv = _argv(template, paths)
    # snapshot as root/owner: re-open the closed folder just to look, then close it again
    (d / "closed").chmod(0o755)
    before = snapshot(d)
    (d / "closed").chmod(0)
    if os.geteuid() == 0:
        if _nobody() is None:
            pytest.skip("running as root and there is no 'nobody' user to drop privileges to")
        code, out, err = _main_as_nobody(argv)
    else:
        code, out, err = _main_captured(argv)
    check_misuse(code, out, err, expected, validate=template[:1] == ["validate"])
    (d / "closed").chmod(0o755)
    assert snapshot(d) == before
    (d / "closed").chmod(0)
    record("CLI misuse (permissions)", "exit 2, one message, nothing written")


# ---- what the misuse tests found: one test per fix -------------------------------------------------


def test_validate_reads_a_pipe_once(tmp_path, capsys):
    """Was: the scenario sniff read the first 64 KB of the file, then the loader read it again;
    on a pipe (``validate <(git show HEAD:presets/x.toml)``) the loader saw the rest only."""
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    import threading

    text = TINY.read_text().replace('id = "tiny"', 'id = "pipe"')
    writer = threading.Thread(target=lambda: fifo.write_text(text), daemon=True)
    writer.start()
    code = main(["validate", str(fifo)])
    writer.join(10)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "preset pipe, 2025, 6 members" in out


def test_a_named_pipe_in_a_presets_folder_does_not_block_the_listing(tmp_path, capsys):
    os.mkfifo(tmp_path / "stuck.toml")
    (tmp_path / "mine.toml").write_text(TINY.read_text().replace('id = "tiny"', 'id = "mine"'))
    code = main(["presets", "--presets-dir", str(tmp_path)])  # used to wait forever on the pipe
    out, _ = capsys.readouterr()
    assert code == 0 and "mine" in out and "stuck" not in out


def test_an_empty_group_list_says_so(tmp_path, capsys):
    code = main(["report", "--file", str(TINY), "--exclude", "*", "--group", "nato"])
    _, err = capsys.readouterr()
    assert code == 2 and "--group 'nato': no such group; every member is excluded" in err
