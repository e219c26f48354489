"""Hostile text and hostile output streams (issue 15, items 14 and 15).

Text from a file must not turn into something else on the way out: a formula in a spreadsheet
(CSV injection), a line that reads backwards or two names that look the same (invisible format
characters), a table whose columns slip (wide and combining characters), a Markdown row with
an extra cell (``|``). And the output itself may go where it cannot be written: a locale that
is not UTF-8, a full disk, a closed stdout or stderr. Each case runs the real command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from counts import record
from helpers import ROOT, TESTS
from rich.cells import cell_len  # an independent measure of terminal width (tests only)

from calc.cli import main
from calc.engine.changes import Change
from calc.errors import CalcError, FileError, char_name, printable
from calc.files.presets import load_preset
from calc.files.scenario_file import load_scenario, save_scenario
from calc.files.tomlio import display_path
from calc.output import csvout, jsonout
from calc.output.fmt import align_columns, cell_width, md_text, pad

HERE = TESTS
TINY = HERE / "data" / "tiny.toml"
TINY_TEXT = TINY.read_text(encoding="utf-8")


def write_preset(folder: Path, stem: str, *replacements: tuple[str, str]) -> Path:
    """tiny.toml under another id, with each ``(old, new)`` replaced once (checked)."""
    text = TINY_TEXT.replace('id = "tiny"', f'id = "{stem}"', 1)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _env(**extra: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    env.pop("NATO_CALC_DEBUG", None)
    return env


def process(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m calc ARGV`` as a real process, stdout and stderr captured as bytes."""
    return subprocess.run([sys.executable, "-m", "calc", *argv], capture_output=True,
                          env=_env(**(env or {})), timeout=120, check=False,
                          stdin=subprocess.DEVNULL)  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines


def _sh(script: str, *argv: str) -> subprocess.CompletedProcess:
    """``sh -c SCRIPT`` where ``"$@"`` is ``python -m calc ARGV``; stdout and stderr captured
    unless the script redirects them."""
    return subprocess.run(["sh", "-c", script, "sh", sys.executable, "-m", "calc", *argv],
                          capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
                          env=_env(), check=False)  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines


# ---- CSV formula injection -----------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("name", FORMULAS)
def test_a_member_name_that_looks_like_a_formula_is_text_in_the_report_csv(tmp_path, capsys, name):
    escaped = name.replace('"', '\\"')
    path = write_preset(tmp_path, "formula", ('name = "Poland"', f'name = "{escaped}"'))
    code, out, _ = run(capsys, "report", "--file", str(path), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["code"] == "POL" and rows[0]["name"] == "'" + name
    record("hostile text (in-process)", "refused, escaped or written safely")


def test_a_group_label_that_looks_like_a_formula_is_text_in_the_report_csv(tmp_path, capsys):
    path = write_preset(tmp_path, "formula", ('north = "The north"', 'north = "=1+1"'))
    code, out, _ = run(capsys, "report", "--file", str(path), "-f", "csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["north"]["name"] == "'=1+1"


def test_formula_names_are_text_in_the_compare_csv_and_negative_numbers_stay_numbers(tmp_path, capsys):
    path = write_preset(tmp_path, "formula", ('name = "Germany"', 'name = "-Germany"'))
    code, out, _ = run(capsys, "compare", str(path), "--set", "DEU.gdp=150", "-f", "csv")
    assert code == 0
    deu = next(r for r in csv.DictReader(io.StringIO(out)) if r["code"] == "DEU")
    assert deu["name"] == "'-Germany"
    assert deu["a_gdp"] == "200" and deu["b_gdp"] == "150"
    assert deu["delta_gdp"] == "-50"  # a number: 150 - 200, no quote in front
    assert deu["delta_core"] == "-1"  # core is 2 % of GDP: 3 - 4


def test_the_path_csv_keeps_negative_numbers_as_numbers():
    assert csvout.cell(Decimal("-5.0")) == "-5"
    assert csvout.cell(-3) == "-3"
    assert csvout.write(["v"], [[Decimal("-0.25")]]) == "v\n-0.25\n"


@pytest.mark.parametrize(
    "text, cell",
    [("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-x", "'-x"), ("@A1", "'@A1"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Poland", "Poland"), ("a=b", "a=b"), ("", ""), ("'quoted", "'quoted")],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 10 more lines
def test_only_text_starting_like_a_formula_gets_a_quote(text, cell):
    assert csvout.cell(text) == cell


def test_a_list_cell_is_checked_as_one_text():
    assert csvout.cell(["=a", "b"]) == "'=a;b"
    assert csvout.cell(["a", "=b"]) == "a;=b"
    assert csvout.cell(True) == "true" and csvout.cell(None) == ""


# ---- invisible format characters -----------------------------------------------------------------

INVISIBLE = [
    ("\u202e", "U+202E (right-to-left override)"),
    ("\u202a", "U+202A (left-to-right embedding)"),
    ("\u2067", "U+2067 (right-to-left isolate)"),
    ("\u200b", "U+200B (zero width space)"),
    ("\u200d", "U+200D (zero width joiner)"),
    ("\u2060", "U+2060 (word joiner)"),
    ("\ufeff", "U+FEFF (zero width no-break space)"),
    ("\u2028", "U+2028 (line separator)"),
    ("\u2029", "U+2029 (paragraph separator)"),
    ("\u00ad", "U+00AD (soft hyphen)"),
    ("\U000e0041", "U+E0041 (tag latin capital letter a)"),
]
PLACES = [
    ('name = "Poland"', 'name = "Pol{c}and"', "members.POL.name", 4),
    ('label = "Tiny test alliance"', 'label = "Tiny{c}"', "label", 5),
    ('north = "The north"', 'north = "The{c} north"', "group_labels.north", 4),
    ('title = "Round numbers made up for tests"', 'title = "{c}Round"', "sources[1].title", 1),
    ('note = "no armed forces"', 'note = "no armed{c} forces"', "members.ISL.core_share.note", 9),
]


@pytest.mark.parametrize("char, named", INVISIBLE)
@pytest.mark.parametrize("old, new, loc, pos", PLACES)
def test_an_invisible_format_character_in_a_preset_is_refused_and_named(
    tmp_path, char, named, old, new, loc, pos
):
    escape = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    path = write_preset(tmp_path, "invisible", (old, new.replace("{c}", escape)))
    with pytest.raises(FileError) as e:
        load_preset(path, use_cache=False)
    assert e.value.msg == (
        f"{display_path(path)}: {loc}: contains an invisible format character {named} at position {pos}"
    )
    record("hostile text (in-process)", "refused, escaped or written safely")


def test_an_invisible_character_in_a_scenario_label_is_refused(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "tiny"\nlabel = "Plan \\u202eB"\n', "utf-8"
    )
    with pytest.raises(FileError) as e:
        load_scenario(path, [HERE / "data"])
    assert e.value.msg == (
        f"{display_path(path)}: label: contains an invisible format character U+202E (right-to-left override) "
        "at position 6"
    )


def test_a_label_typed_with_an_invisible_character_is_not_saved(tmp_path):
    """A label pasted into the save dialog would make a file that never opens again."""
    path = tmp_path / "plan.toml"
    with pytest.raises(FileError) as e:
        save_scenario(path, "tiny", [Change("set", "DEU", "gdp", Decimal(1))], label="Plan\u200bB")
    assert "label: contains an invisible format character U+200B (zero width space)" in e.value.msg
    assert not path.exists()


def test_ordinary_non_latin_text_is_accepted(tmp_path):
    path = write_preset(tmp_path, "scripts",
                        ('name = "Poland"', 'name = "Co\\u0302te d\'Ivoire"'),
                        ('name = "Germany"', 'name = "日本"'), ('name = "France"', 'name = "🇩🇪"'),
                        ('name = "Norway"', 'name = "עברית"'))  # fmt: skip  # a table: one row a line
    preset = load_preset(path, use_cache=False)
    assert [m.name for m in preset.members][:4] == ["Co\u0302te d'Ivoire", "日本", "🇩🇪", "עברית"]


def test_messages_show_invisible_characters_escaped():
    assert printable("a\u202eb\u200bc\u2028d") == "a\\u202eb\\u200bc\\u2028d"
    assert printable("tag\U000e0041") == "tag\\U000e0041"
    assert printable("bytes\udcff") == "bytes\\udcff"  # an undecodable byte of a file name
    assert printable("日本 Côte 🇩🇪") == "日本 Côte 🇩🇪"
    assert str(CalcError("x\u202ey")) == "x\\u202ey"
    assert char_name("\u202e") == "U+202E (right-to-left override)"


def test_an_unlabelled_scenario_named_by_a_hostile_file_name_is_shown_escaped(tmp_path, capsys):
    path = tmp_path / "\x1b[31mred\u202e.toml"
    path.write_text('schema_version = 1\nkind = "scenario"\nbase = "tiny"\n', "utf-8")
    data = str(HERE / "data")
    code, out, _ = run(capsys, "report", "--scenario", str(path), "--presets-dir", data)
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31mred\\u202e" in out


def test_json_writes_invisible_and_c1_characters_as_escapes_with_the_same_value():
    value = "a\u202eb\x9bc\x7f日\U000e0041\udcff🇩🇪"
    text = jsonout.dumps({"k": value})
    assert text == '{\n  "k": "a\\u202eb\\u009bc\\u007f日\\udb40\\udc41\\udcff🇩🇪"\n}'
    assert json.loads(text) == {"k": value}


def test_compare_shows_a_hostile_file_name_escaped_in_every_format(tmp_path, capsys):
    path = write_preset(tmp_path, "plain")
    odd = tmp_path / "odd\u202eeno.toml"
    odd.write_text(f'schema_version = 1\nkind = "scenario"\nbase = "{path}"\n', "utf-8")
    for fmt in ("table", "markdown", "json", "csv"):
        code, out, _ = run(capsys, "compare", str(path), str(odd), "-f", fmt)
        assert code == 0 and "\u202e" not in out, fmt


# ---- display width -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, width",
    [("Poland", 6), ("Co\u0302te d'Ivoire", 13), ("Côte d'Ivoire", 13), ("日本", 4), ("🇩🇪", 2),
     ("한국", 4), ("Ｆｕｌｌ", 8), ("e\u0301\u0301", 1), ("", 0)],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
def test_cell_width_counts_terminal_columns(text, width):
    assert cell_width(text) == width == cell_len(text)


def test_pad_fills_to_terminal_columns():
    assert pad("日本", 6) == "日本  " and pad("日本", 6, left=False) == "  日本"
    assert pad("toolong", 3) == "toolong"
    assert align_columns([["日本", "1"], ["Co\u0302te", "22"]], ["Name", "N"], {0}) == [
        "Name  N",
        "日本  1",
        "Co\u0302te 22",
    ]


WIDE_NAMES = (
    ('name = "Poland"', 'name = "Co\\u0302te d\'Ivoire"'),
    ('name = "Germany"', 'name = "日本"'),
    ('name = "France"', 'name = "🇩🇪"'),
    ('name = "Norway"', 'name = "한국어 이름"'),
)


def test_report_table_columns_line_up_with_wide_and_combining_names(tmp_path, monkeypatch, capsys):
    path = write_preset(tmp_path, "wide", *WIDE_NAMES)
    monkeypatch.setattr("calc.cli.terminal_width", lambda: 150)
    code, out, _ = run(capsys, "report", "--file", str(path))
    assert code == 0
    lines = out.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("Code "))
    table = lines[start : lines.index("", start)]
    assert len(table) == 7 and "日本" in out and "Co\u0302te" in out
    assert len({cell_len(x) for x in table}) == 1, table  # every line as wide as the header
    gdp_end = {
        cell_len(x[: x.index(g) + len(g)])
        for x, g in zip(table, ["GDP", "100.0", "200.0", "50.0", "100.0", "1,000.0", "10.0"])
    }
    assert len(gdp_end) == 1, table  # the GDP column ends in the same terminal column


def test_the_presets_listing_lines_up_and_escapes_a_hostile_file_name(tmp_path, capsys):
    write_preset(tmp_path, "plain")
    (tmp_path / "日本.toml").write_text(TINY_TEXT, "utf-8")
    (tmp_path / "\x1b[2Jclear.toml").write_text(TINY_TEXT, "utf-8")
    code, out, _ = run(capsys, "presets", "--presets-dir", str(tmp_path))
    assert code == 0 and "\x1b" not in out
    rows = [x for x in out.splitlines() if x.startswith(("日本", "\\x1b[2Jclear", "plain"))]
    assert len(rows) == 3, out
    # the column after the id starts in the same terminal column on every row
    starts = {cell_len(re.match(r"\S+\s+", x).group()) for x in rows}
    assert len(starts) == 1, rows
    code, out, _ = run(capsys, "presets", "--presets-dir", str(tmp_path), "-f", "json")
    ids = {p["id"] for p in json.loads(out)["presets"]}
    assert {"日本", "\x1b[2Jclear", "plain"} <= ids  # JSON carries the name (as \u001b)
    assert "\x1b" not in out


# ---- Markdown ------------------------------------------------------------------------------------


def md_cells(row: str) -> list[str]:
    """A GFM table row split into cells: ``\\`` escapes the next character."""
    cells, cur, i = [], "", 0
    row = row.strip().removeprefix("|").removesuffix("|")
    while i < len(row):
        if row[i] == "\\" and i + 1 < len(row):
            cur += row[i : i + 2]
            i += 2
            continue
        if row[i] == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += row[i]
        i += 1
    return [*cells, cur]


def test_md_text_escapes_the_pipe_and_the_backslash_before_it():
    assert md_text("a|b") == "a\\|b"
    assert md_text("a\\|b") == "a\\\\\\|b"  # the backslash shown, the pipe escaped
    assert md_text("ends with \\") == "ends with \\\\"


@pytest.mark.parametrize(
    "text, shown",
    [("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"), ("</td>", "\\</td>"),
     ("<!-- x -->", "\\<!-- x -->"), ("&lt;b&gt;", "\\&lt;b\\&gt;"), ("&#60;", "\\&#60;"),
     ("<0.01 %", "<0.01 %"), ("Europe & Canada", "Europe & Canada"), ("a < b", "a < b")],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines
def test_md_text_keeps_html_from_a_name_inert(text, shown):
    """A renderer that passes HTML through (pandoc, many static sites) would run it."""
    assert md_text(text) == shown


@pytest.mark.parametrize("name", ["a|b", "a\\|b", "trailing\\", "|"])
@pytest.mark.parametrize("command", ["report", "compare"])
def test_a_pipe_or_backslash_in_a_name_keeps_the_markdown_row_whole(tmp_path, capsys, name, command):
    toml_name = name.replace("\\", "\\\\")
    path = write_preset(tmp_path, "pipes", ('name = "Germany"', f'name = "{toml_name}"'),
                        ('north = "The north"', f'north = "{toml_name}"'))  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
    argv = (
        ["report", "--file", str(path)]
        if command == "report"
        else ["compare", str(path), "--set", "DEU.gdp=150"]
    )
    code, out, _ = run(capsys, *argv, "-f", "markdown")
    assert code == 0
    tables: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith("|"):
            if not tables or not tables[-1]:
                tables.append([])
            tables[-1].append(line)
        elif tables and tables[-1]:
            tables.append([])
    tables = [t for t in tables if t]
    for t in tables:
        widths = {len(md_cells(r)) for r in t}
        assert len(widths) == 1, t
    deu = next(r for t in tables for r in t if r.startswith("| DEU"))
    assert md_cells(deu)[1].strip() == md_text(name)
    record("hostile text (in-process)", "refused, escaped or written safely")


# ---- output streams ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@pytest.mark.parametrize("fmt", ["json", "table", "csv", "markdown"])
def test_output_is_utf8_whatever_the_locale_says(encoding, fmt):
    """Was: every report, JSON included, an internal error (exit 70) under a non-UTF-8 encoding."""
    expected = process("report", "-f", fmt, env={"PYTHONIOENCODING": "utf-8"})
    r = process("report", "-f", fmt, env={"PYTHONIOENCODING": encoding})
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == expected.stdout and not r.stdout.isascii()
    r.stdout.decode("utf-8")
    record("hostile output (real processes)", "exit as expected, one message at most")


def test_a_terminal_that_cannot_show_a_character_gets_a_question_mark():
    main_fd, sub_fd = pty.openpty()
    env = _env(PYTHONIOENCODING="ascii", COLUMNS="120")
    p = subprocess.Popen([sys.executable, "-m", "calc", "report"], stdin=subprocess.DEVNULL,
                         stdout=sub_fd, stderr=sub_fd, env=env)  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
    os.close(sub_fd)
    out = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main_fd)
    assert p.wait(timeout=120) == 0
    text = out.decode("ascii")  # nothing but ASCII reached the terminal
    assert "internal error" not in text and "Traceback" not in text
    # the ✔ and ✗ marks (the three targets, then the equipment guideline's after its share),
    # then the Ukraine aid, ½ (part of the year) also a question mark
    assert re.search(r"(?m)^POL .* \? \? \? +[0-9.]+ % \?(?: +[0-9.]+\?)?\r?$", text)
    record("hostile output (real processes)", "exit as expected, one message at most")


FULL_CASES = [
    ["report"], ["report", "-f", "json"], ["compare", "nato-2025", "--set", "DEU.gdp=+1%"],
    ["path", "--member", "DEU"], ["presets"], ["schema"], ["validate", str(TINY)], ["--help"],
    ["report", "--help"], ["--version"],
]  # fmt: skip  # a table: one row a line


@pytest.mark.parametrize("argv", FULL_CASES, ids=" ".join)
def test_a_full_stdout_is_cannot_write_output(argv):
    """Was: "internal error, please report it" (exit 70) or Python's exit-time flush error."""
    r = _sh('exec "$@" >/dev/full', *argv)
    assert r.returncode == 2
    assert r.stderr == b"nato-calc: cannot write output: No space left on device\n"
    record("hostile output (real processes)", "exit as expected, one message at most")


@pytest.mark.parametrize(
    "argv",
    [["report"], ["report", "-f", "json"], ["presets"], ["--version"], ["validate", str(TINY)]],
    ids=" ".join,
)
def test_a_closed_stdout_is_cannot_write_output(argv):
    r = _sh('exec "$@" >&-', *argv)
    assert r.returncode == 2
    assert r.stderr == b"nato-calc: cannot write output: standard output is closed\n"
    record("hostile output (real processes)", "exit as expected, one message at most")


def test_with_stderr_closed_an_error_is_not_written_into_stdout():
    """Was: Python's print() sends a message for a closed stderr to stdout, into the data."""
    r = _sh('exec "$@" 2>&-', "report", "--preset", "no-such-preset", "-f", "json")
    assert (r.returncode, r.stdout) == (2, b"")
    record("hostile output (real processes)", "exit as expected, one message at most")


def test_with_stderr_closed_the_wrote_notice_is_not_written_into_stdout(tmp_path):
    out = tmp_path / "r.json"
    r = _sh('exec "$@" 2>&-', "report", "-f", "json", "-o", str(out))
    assert (r.returncode, r.stdout) == (0, b"")
    assert json.loads(out.read_text())["schema"] == "nato-calc.report/1"
    record("hostile output (real processes)", "exit as expected, one message at most")


@pytest.mark.parametrize(
    "script", ['exec "$@" >&- 2>&-', 'exec "$@" >/dev/full 2>&-', 'exec "$@" 2>/dev/full']
)
def test_with_both_streams_unusable_nothing_crashes(script):
    r = _sh(script, "report")
    assert r.returncode == (0 if script == 'exec "$@" 2>/dev/full' else 2)
    r = _sh(script, "report", "--preset", "no-such-preset")
    assert r.returncode == 2
    record("hostile output (real processes)", "exit as expected, one message at most")


def test_validate_stops_at_a_full_stdout_instead_of_calling_the_files_invalid(tmp_path):
    r = _sh('exec "$@" >/dev/full', "validate", str(TINY), str(TINY))
    assert r.returncode == 2
    assert r.stderr == b"nato-calc: cannot write output: No space left on device\n"


def test_dash_o_dev_stdout_on_a_pipe_writes_the_report():
    """Was: "/dev/stdout: No such file or directory" (the link resolves to "pipe:[123]")."""
    r = process("report", "-f", "json", "-o", "/dev/stdout")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["schema"] == "nato-calc.report/1"
    assert r.stderr == b"wrote /dev/stdout\n"
    record("hostile output (real processes)", "exit as expected, one message at most")


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_json_stays_valid(tmp_path):
    """Was: an internal error (UnicodeEncodeError: surrogates not allowed) under a UTF-8 stdout."""
    name = os.fsdecode(b"sc\xff.toml")  # the byte 0xff as Python holds it: "\udcff"
    (tmp_path / name).write_text('schema_version = 1\nkind = "scenario"\nbase = "nato-2025"\n')
    env = {"PYTHONIOENCODING": "utf-8"}
    r = subprocess.run([sys.executable, "-m", "calc", "compare", "nato-2025", name, "-f", "json"],
                       capture_output=True, env=_env(**env), cwd=tmp_path, timeout=120,
                       check=False)  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
    assert (r.returncode, r.stderr) == (0, b"")
    assert json.loads(r.stdout)["b"]["ref"] == name  # the same name, written as \udcff
    r = subprocess.run([sys.executable, "-m", "calc", "report", "--scenario", name],
                       capture_output=True, env=_env(**env), cwd=tmp_path, timeout=120,
                       check=False)  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
    assert r.returncode == 0 and b"scenario: sc\\udcff" in r.stdout
    record("hostile output (real processes)", "exit as expected, one message at most")
