"""The shipped presets rebuild, byte for byte, from the inputs inside the repository.

``python scripts/build_presets.py --check`` rebuilds every preset in memory from
``presets/sources/`` and fails, naming each preset and its first differing line, when a shipped
file differs. The tampering tests run the check on copies (``--presets-dir``, ``--sources-dir``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from calc.files.tomlio import display_path

SCRIPT = ROOT / "scripts" / "build_presets.py"
PRESETS = ROOT / "presets"
BUILT = ["nato-2024.toml", "nato-2024-revised.toml", "nato-2025.toml", "nato-2026.toml"]


def _load_script():
    spec = importlib.util.spec_from_file_location("build_presets", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_presets = _load_script()


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the shipped presets and their sources (``copy/*.toml``, ``copy/sources``)."""
    folder = tmp_path / "presets"
    folder.mkdir()
    for path in PRESETS.glob("*.toml"):
        shutil.copyfile(path, folder / path.name)
    shutil.copytree(PRESETS / "sources", folder / "sources")
    return folder


def _check(folder: Path, capsys) -> tuple[int, list[str], str]:
    code = build_presets.main(
        ["--check", "--presets-dir", str(folder), "--sources-dir", str(folder / "sources")]
    )
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_shipped_presets_rebuild_identically_from_the_repository():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "ok: 4 presets rebuilt identically\n",
        "",
    )


def test_the_check_needs_nothing_outside_the_repository(tmp_path):
    """A copy of the repository's calc, scripts and presets alone (no ../shared next to it)."""
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("calc", "scripts", "presets"):
        shutil.copytree(ROOT / part, repo / part, ignore=ignore)
    (repo / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(repo / "scripts" / "build_presets.py"), "--check"],
        capture_output=True, text=True, check=False, cwd=tmp_path, env=env,
    )  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "ok: 4 presets rebuilt identically\n",
        "",
    )
    assert not (tmp_path / "shared").exists()


def test_a_tampered_figure_in_a_shipped_preset_fails_the_check_naming_the_preset_and_line(copy, capsys):
    target = copy / "nato-2025.toml"
    lines = target.read_text(encoding="utf-8").splitlines()
    n = lines.index("[members.USA]") + 3  # name, then gdp: 1-based line of the gdp figure
    assert lines[n - 1] == 'gdp = { value = 30615.743, status = "projection", source = "imf-weo-2025-10" }'
    _replace_once(target, "value = 30615.743,", "value = 30615.744,")
    code, err, out = _check(copy, capsys)
    assert code == 1 and out == ""
    assert err == [
        (
            f"{display_path(target)}: differs from its rebuild at line {n}: "
            """shipped 'gdp = { value = 30615.744, status = "projection", source = "imf-weo-2025-10" }\\n', """
            """rebuilt 'gdp = { value = 30615.743, status = "projection", source = "imf-weo-2025-10" }\\n'"""
        ),
        "1 of 4 presets differ: run python scripts/build_presets.py",
    ]


def test_a_tampered_input_figure_fails_the_check_of_the_preset_built_from_it(copy, capsys):
    # USA 2025, NATO's August 2025 release: 3.22 % -> 3.23 %; only nato-2025 is built from it
    source = copy / "sources" / "nato_pct_gdp.csv"
    _replace_once(
        source,
        "USA,United States,2025,nato-release-2025-08,3.22,",
        "USA,United States,2025,nato-release-2025-08,3.23,",
    )
    code, err, _ = _check(copy, capsys)
    assert code == 1
    assert len(err) == 2 and err[0].startswith(
        f"{display_path(copy / 'nato-2025.toml')}: differs from its rebuild at line "
    )
    assert err[0].endswith(
        """shipped 'core_share = { value = 0.0322, status = "estimate", source = "nato-dex-2025-defence-ua" }\\n', """
        """rebuilt 'core_share = { value = 0.0323, status = "estimate", source = "nato-dex-2025-defence-ua" }\\n'"""
    )


def test_a_difference_in_line_endings_alone_fails_the_check(copy, capsys):
    target = copy / "nato-2024.toml"
    target.write_bytes(target.read_bytes().replace(b"\n", b"\r\n"))
    code, err, _ = _check(copy, capsys)
    assert code == 1
    assert err[0] == (
        f"{display_path(target)}: differs from its rebuild at line 1: "
        r"shipped '# nato-2024: NATO allies, 2024 estimates (June 2024 release)\r\n', "
        r"rebuilt '# nato-2024: NATO allies, 2024 estimates (June 2024 release)\n'"
    )


def test_a_shipped_file_cut_short_or_longer_than_its_rebuild_is_named(copy, capsys):
    short, long = copy / "nato-2024.toml", copy / "nato-2025.toml"
    data = short.read_bytes()
    short.write_bytes(data[: data.rindex(b"\n", 0, -1) + 1])  # its last line dropped
    long.write_bytes(long.read_bytes() + b"# extra\n")
    last = data.decode().splitlines()[-1]
    n_short, n_long = data.count(b"\n"), long.read_bytes().count(b"\n")
    code, err, _ = _check(copy, capsys)
    assert code == 1
    assert err[:2] == [
        f"{display_path(short)}: differs from its rebuild at line {n_short}: shipped ends before it, rebuilt {last + chr(10)!r}",
        f"{display_path(long)}: differs from its rebuild at line {n_long}: shipped '# extra\\n', rebuilt ends before it",
    ]


def test_a_missing_preset_and_a_preset_the_build_does_not_make_are_both_named(copy, capsys):
    (copy / "nato-2024-revised.toml").unlink()
    (copy / "hand-made.toml").write_text("id = 'hand-made'\n")
    code, err, _ = _check(copy, capsys)
    assert code == 1
    assert err == [
        f"{display_path(copy / 'nato-2024-revised.toml')}: missing (the build makes it)",
        f"{display_path(copy / 'hand-made.toml')}: shipped, but scripts/build_presets.py does not build it",
        "2 of 4 presets differ: run python scripts/build_presets.py",
    ]


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda s: (s / "gdp_imf_weo_oct2025.csv").unlink(), "gdp_imf_weo_oct2025.csv: not found"),
        (
            lambda s: _replace_once(
                s / "nato_pct_gdp.csv",
                "USA,United States,2025,nato-release-2025-08,3.22,",
                "USA,United States,2025,nato-release-2025-08,3.2.2,",
            ),
            "nato_pct_gdp.csv: line 97: pct_gdp '3.2.2' is not a number",
        ),
        (
            lambda s: _replace_once(
                s / "gdp_imf_weo_oct2025.csv", "code,name,year,gdp_usd_bn,", "code,name,year,gdp,"
            ),
            "gdp_imf_weo_oct2025.csv: missing column(s) gdp_usd_bn",
        ),
        (
            lambda s: _replace_once(
                s / "gdp_imf_weo_oct2025.csv", "USA,United States,2025,", "USA,United States,2052,"
            ),
            "gdp_imf_weo_oct2025.csv: no GDP for USA in 2025",
        ),
    ],
    ids=["missing file", "bad number", "missing column", "missing row"],
)
def test_a_missing_or_broken_input_is_one_line_exit_2_and_writes_nothing(copy, capsys, tamper, message):
    before = {p.name: p.read_bytes() for p in copy.glob("*.toml")}
    tamper(copy / "sources")
    for argv in (["--check"], []):
        code = build_presets.main([*argv, "--presets-dir", str(copy), "--sources-dir", str(copy / "sources")])
        out, err = capsys.readouterr()
        assert (code, out, err) == (2, "", f"build_presets.py: {display_path(copy / 'sources')}/{message}\n")
    assert {p.name: p.read_bytes() for p in copy.glob("*.toml")} == before


def test_the_build_writes_every_preset_atomically_and_the_result_passes_the_check(
    tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "nato-2025.toml").write_text("old")
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(src, dst) -> None:
        replaced.append((os.fspath(src), os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert build_presets.main(["--presets-dir", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {display_path(out / 'nato-2024.toml')} (32 members, 4 sources)",
        f"wrote {display_path(out / 'nato-2024-revised.toml')} (32 members, 4 sources)",
        f"wrote {display_path(out / 'nato-2025.toml')} (32 members, 11 sources)",
        f"wrote {display_path(out / 'nato-2026.toml')} (32 members, 7 sources)",
    ]
    assert [dst for _, dst in replaced] == [str(out / name) for name in BUILT]
    for src, dst in replaced:  # a hidden temporary file in the same folder, renamed over it
        assert Path(src).parent == out and Path(src).name.startswith(f".{Path(dst).name}.")
    assert sorted(p.name for p in out.iterdir()) == sorted(BUILT)
    for name in BUILT:
        assert (out / name).read_bytes() == (PRESETS / name).read_bytes()


def test_the_sources_folder_is_not_mistaken_for_a_preset():
    from calc.files.presets import find_presets

    assert sorted(PRESETS.glob("sources/**/*.toml")) == []
    shipped = sorted(r.id for r in find_presets() if r.shipped)
    assert shipped == sorted(name.removesuffix(".toml") for name in BUILT)
    made = [spec["id"] + ".toml" for spec in build_presets.PRESETS] + [build_presets.RELEASE_ID + ".toml"]
    assert sorted(made) == sorted(BUILT)


def test_neither_the_build_nor_the_tests_read_the_shared_folder_outside_the_repository():
    here = Path(__file__).resolve()
    for path in [SCRIPT, *sorted(p for p in (ROOT / "tests").rglob("*.py") if p != here)]:
        text = path.read_text(encoding="utf-8")
        for needle in ("../shared", '/ "shared"', "'shared'", '"shared"'):
            assert needle not in text, f"{path.relative_to(ROOT)} names {needle}"


def test_the_copied_inputs_are_the_originals_their_readme_names():
    """The SHA-256 listed in presets/sources/README.md (of the originals, CSVs with CRLF) holds."""
    import hashlib
    import re

    readme = (PRESETS / "sources" / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"^    ([0-9a-f]{64})  (\S+)", readme, re.M)
    listed = {name: digest for digest, name in found}
    # (a folder, such as plans/, lists its own originals: tests/unit/test_plans.py)
    files = sorted(p.name for p in (PRESETS / "sources").iterdir() if p.is_file() and p.name != "README.md")
    assert sorted(listed) == files
    for name, digest in listed.items():
        data = (PRESETS / "sources" / name).read_bytes()
        if name.endswith(".csv"):
            assert b"\r" not in data
            data = data.replace(b"\n", b"\r\n")
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_the_build_refuses_a_related_figure_it_neither_ships_nor_explains(copy, capsys):
    """A related-spending row with a figure for a year nato-2026 holds is shipped as the ally's
    claim (RELATED_CLAIMS) or listed with the reason it is not (RELATED_NOT_SHIPPED)."""
    with (copy / "sources" / "related_spending.csv").open("a", encoding="utf-8") as f:
        f.write("ITA,Italy,2026,0.7,,EUR,announced,bridges,https://example.org,invented\n")
    code, err, _ = _check(copy, capsys)
    assert code == 2
    assert "ITA 2026 has a related figure: ship it (RELATED_CLAIMS) or say why not" in err[0]
