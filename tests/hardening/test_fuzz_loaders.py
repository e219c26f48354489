"""Loader fuzzing (issue 6, item 1): hostile preset and scenario files.

Thousands of generated documents (random TOML, random bytes, and mutations of the shipped
presets: deleted keys, wrong types, NaN/inf, negative, huge and tiny numbers, unicode names,
duplicate members, BOM, CRLF, truncation at random offsets, binary garbage). Each one either
loads, and then evaluates and renders in every format, or raises the project's own
:class:`~calc.errors.FileError` whose every line names the file and a location. Nothing else
may escape, no message may carry a control character, and no example may run for long.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest
import tomli_w
from counts import CONTROL, assert_members_valid, examples, record, time_limit
from helpers import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.domain.dataset import FILE_STATUSES, MEMBER_FIELDS, TARGET_FIELDS, Preset
from calc.engine.changes import OPS
from calc.engine.evaluate import evaluate
from calc.errors import FileError, find_invisible
from calc.files.presets import load_preset, shipped_dir
from calc.files.scenario_file import load_scenario
from calc.files.tomlio import display_path
from calc.output.csvout import FORMULA_START
from calc.output.report import render

#: Seconds one example may take before it counts as a hang (typical: a few milliseconds).
LIMIT = 20

BASE_FILES = sorted(shipped_dir().glob("*.toml")) + [DATA / "tiny.toml"]
BASES = {p.stem: p.read_bytes() for p in BASE_FILES}
DOCS = {k: tomllib.loads(v.decode(), parse_float=D) for k, v in BASES.items()}

FUZZ = settings(
    max_examples=examples(1000),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---- the oracle ----------------------------------------------------------------------------------

#: A location: a dotted path (list positions as [n]), a line, the line of a dotted path (a year
#: row of a schema-2 release: ``line 156, aggregates.nato.years[2]``), or the end of the file.
_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*")'
LOC = re.compile(rf"line \d+(, column \d+)?|end of file|(line \d+, )?{_KEY}(?:\.{_KEY}|\[\d+\])*")
#: Messages about the file as a whole, which have no location inside it.
FILE_LEVEL = ("file is empty", "invalid TOML: nested too deeply", "file is too large")


def assert_located(e: FileError, files: set[str]) -> None:
    """Every problem names one of ``files`` and a location, in one printable line."""
    assert e.issues, "an error without a problem"
    assert e.file in files, f"names {e.file!r}, expected one of {files}"
    lines = e.msg.split("\n")
    assert len(lines) == len(e.issues)
    for issue, line in zip(e.issues, lines):
        assert line.startswith(f"{e.file}: "), line
        assert issue.msg.strip(), line
        if issue.loc:
            assert LOC.fullmatch(issue.loc), f"not a location: {issue.loc!r} in {line!r}"
        else:
            assert issue.msg.startswith(FILE_LEVEL), f"no location: {line!r}"
        assert not CONTROL.search(line), f"control character in {line!r}"
        for leak in ("Traceback", "pydantic", "Decimal(", "errors.pydantic.dev", "<class"):
            assert leak not in line, line


def assert_valid(preset: Preset) -> None:
    """A loaded preset holds only values the engine can use."""
    assert preset.members
    assert_members_valid(preset)
    t = preset.targets
    for name in (n for n in TARGET_FIELDS if n != "deadline"):  # the share targets
        assert 0 <= getattr(t, name) <= 1
    assert isinstance(t.deadline, int)


def assert_renders(preset: Preset) -> None:
    """Evaluates, and renders in every format without an exponent in any machine number."""
    result = evaluate(preset)
    for m in result.members:
        for v in (m.gdp, m.core, m.core_share, m.total_share, m.gap_guideline, m.gap_core,
                  m.gap_total, m.surplus_core):  # fmt: skip  # hand-wrapped: ruff's layout takes 8 more lines
            assert v is None or (v.is_finite() and v >= 0), (m.code, v)
    for fmt in ("table", "markdown", "csv", "json"):
        text = render(result, fmt, width=120)
        assert not CONTROL.search(text.replace("\r\n", "\n")), f"control character in {fmt}"
        assert find_invisible(text) is None, f"invisible format character in {fmt}"
    literals: list[str] = []

    def number(text: str) -> D:  # sees every number literal exactly as written
        literals.append(text)
        return D(text)

    parsed = json.loads(render(result, "json"), parse_float=number, parse_int=number)
    assert parsed["schema"] == "nato-calc.report/1"
    assert not [t for t in literals if "e" in t.lower()], "a number written with an exponent"
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    header = rows[0]
    for row in rows[1:]:
        for col in ("gdp", "core", "core_share", "gap_core", "gap_total"):
            cell = row[header.index(col)]
            assert "e" not in cell.lower(), (col, cell)
        assert not row[header.index("name")].startswith(FORMULA_START), row  # no formula runs


def check_preset(folder: Path, name: str, data: bytes, test: str, shipped: bool = False) -> None:
    path = folder / name
    path.write_bytes(data)
    shown = display_path(path)
    with time_limit(LIMIT):
        try:
            preset = load_preset(path, shipped=shipped, use_cache=False)
        except FileError as e:
            assert_located(e, {shown})
            record(test, "refused with a located error")
            return
        assert_valid(preset)
        assert_renders(preset)
    record(test, "loaded")


# ---- generators ----------------------------------------------------------------------------------

EXTREME_NUMBERS = [
    D("NaN"), D("-NaN"), D("Infinity"), D("-Infinity"), D("-0"), D("0"), D("0.0"),
    D("0.000001"), D("0.0000009"), D("1e-12"), D("1E-400"), D("1E-999999999"), D("-1E-20"),
    D("1e9"), D("1e12"), D("1000000000000.000001"), D("1e13"), D("1E+400"), D("1E+999999999"),
    D("-1"), D("1"), D("0.99999999999999999999999999999999999999999999999999999"),
    D("1.0000000000000000000000000000000000000000000000000000001"), D("2035"), D("2035.5"),
    10**4299, 2**63, -(2**63), 2**64, 0, -1, 1949, 2100, 2101,
]  # fmt: skip  # a table: one row a line

VALID_GDP = [D("0.000001"), D("0.0000011"), D("1e9"), D("1e12"), D("999999999999.999999")]
VALID_MONEY = [D(0), D("0.000001"), D("1e-9"), D("1e9"), D("1e12"), D("0.1234567890123456789")]
VALID_SHARE = [D(0), D(1), D("1e-10"), D("0.0000000001234"), D("0.999999999999"), D("0.035")]

numbers = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=1, places=6),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
)
NASTY_TEXT = [
    "", " ", "\x1b[2J\x1b[31mred", "line\nbreak", "tab\there", "\u202eevil", "\x00nul",
    "Ünïcödé Ällÿ", "日本語の名前", "🛡️💶", "a" * 300, "DEU", "deu", "*", "nato-2025",
    "estimate", "placeholder", "not-applicable", "1e5", "nan", "'; DROP",
    # invisible, wide and combining characters; spreadsheet formulas; Markdown cell breakers
    "zero\u200bwidth", "\ufeffbom", "line\u2028sep", "iso\u2066late\u2069", "soft\u00adhyphen",
    "Co\u0302te d'Ivoire", "🇩🇪", "한국어", "=HYPERLINK(\"http://x\")", "+1", "-2", "@A1",
    "a|b", "a\\|b", "trailing\\",
]  # fmt: skip  # a table: one row a line
texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=20))
scalars = st.one_of(numbers, texts, st.booleans(), st.dates(), st.datetimes(), st.times())
hostile = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(texts, scalars, max_size=3),
    st.just({}),
    st.just([]),
)
codes = st.one_of(
    st.from_regex(r"[A-Z]{3}", fullmatch=True),
    st.sampled_from(["DEU", "USA", "POL", "ISL", "deu", "DE", "DEUT", "D-U", "ÄÖÜ", "", "*", "123"]),
)
KNOWN_KEYS = [
    "schema_version", "id", "label", "year", "currency", "released", "description", "targets",
    "sources", "members", "groups", "group_labels", "benchmarks", "name", "gdp", "core",
    "core_share", "related", "related_share", "source", "note", "value", "status", "guideline",
    "related_cap", "total", "deadline", "title", "url", "accessed", "publisher", "basis",
]  # fmt: skip  # a table: one row a line
keys = st.one_of(st.sampled_from(KNOWN_KEYS), texts)


def _paths(node, prefix=()):
    """Every (path) to a value inside a TOML document."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for k, v in items:
        yield (*prefix, k)
        yield from _paths(v, (*prefix, k))


def _get(doc, path):
    for k in path:
        doc = doc[k]
    return doc


def _typo(key: str, draw) -> str:
    i = draw(st.integers(0, max(0, len(key))))
    how = draw(st.sampled_from(["drop", "double", "upper", "insert", "swap"]))
    if how == "drop":
        return key[:i] + key[i + 1 :]
    if how == "double":
        return key[:i] + key[i : i + 1] * 2 + key[i + 1 :]
    if how == "upper":
        return key.upper()
    if how == "insert":
        return key[:i] + draw(st.characters()) + key[i:]
    return key[::-1]


@st.composite
def mutated_document(draw) -> tuple[str, dict]:
    """A shipped preset (or the tiny test preset) with one to four structural mutations."""
    stem = draw(st.sampled_from(sorted(DOCS)))
    doc = copy.deepcopy(DOCS[stem])
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(doc))
        op = draw(
            st.sampled_from(
                ["delete", "replace", "replace", "rename", "add", "duplicate-member",
                 "wrap", "unicode-name", "empty-members", "number-field", "valid-extreme",
                 "valid-extreme", "valid-extreme"]
            )
        )  # fmt: skip  # a table: one row a line
        if op in ("delete", "replace", "rename") and paths:
            path = draw(st.sampled_from(paths))
            parent = _get(doc, path[:-1])
            if op == "delete":
                del parent[path[-1]]
            elif op == "replace":
                parent[path[-1]] = draw(hostile)
            elif isinstance(parent, dict):
                parent[_typo(str(path[-1]), draw)] = parent.pop(path[-1])
        elif op == "add":
            tables = [()] + [p for p in paths if isinstance(_get(doc, p), dict)]
            table = _get(doc, draw(st.sampled_from(tables)))
            table[draw(keys)] = draw(hostile)
        elif op == "duplicate-member" and isinstance(doc.get("members"), dict) and doc["members"]:
            src = draw(st.sampled_from(sorted(doc["members"], key=str)))
            doc["members"][draw(codes)] = copy.deepcopy(doc["members"][src])
        elif op == "wrap" and isinstance(doc.get("members"), dict) and doc["members"]:
            m = doc["members"][draw(st.sampled_from(sorted(doc["members"], key=str)))]
            if isinstance(m, dict):
                field = draw(st.sampled_from(MEMBER_FIELDS))
                m[field] = {
                    "value": draw(numbers),
                    "status": draw(st.one_of(st.sampled_from(FILE_STATUSES), texts)),
                }
        elif op == "unicode-name" and isinstance(doc.get("members"), dict) and doc["members"]:
            m = doc["members"][draw(st.sampled_from(sorted(doc["members"], key=str)))]
            if isinstance(m, dict):
                m["name"] = draw(texts)
        elif op == "valid-extreme" and isinstance(doc.get("members"), dict) and doc["members"]:
            # absurd but valid: the preset should still load, compute and render
            m = doc["members"][draw(st.sampled_from(sorted(doc["members"], key=str)))]
            if isinstance(m, dict):
                field, value = draw(
                    st.one_of(
                        st.tuples(
                            st.just("gdp"), st.sampled_from(VALID_GDP) | st.decimals("0.000001", "1e12")
                        ),
                        st.tuples(st.sampled_from(["core", "related"]), st.sampled_from(VALID_MONEY)),
                        st.tuples(
                            st.sampled_from(["core_share", "related_share"]),
                            st.sampled_from(VALID_SHARE) | st.decimals(0, 1),
                        ),
                    )
                )
                base = field.removesuffix("_share")
                for k in (base, f"{base}_share"):
                    m.pop(k, None)
                m[field] = value
        elif op == "empty-members":
            doc["members"] = {}
        elif op == "number-field" and isinstance(doc.get("members"), dict) and doc["members"]:
            m = doc["members"][draw(st.sampled_from(sorted(doc["members"], key=str)))]
            if isinstance(m, dict):
                m[draw(st.sampled_from([*MEMBER_FIELDS, "gdp", "gdp"]))] = draw(numbers)
    return stem, doc


def _dumps(doc: dict) -> bytes | None:
    try:
        return tomli_w.dumps(doc).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, OverflowError):  # a value TOML cannot express
        return None


@st.composite
def byte_mutations(draw, data: bytes) -> bytes:
    """BOM, CRLF, truncation, duplicated lines or tables, inserted or flipped bytes."""
    for _ in range(draw(st.integers(0, 3))):
        op = draw(
            st.sampled_from(
                ["bom", "crlf", "truncate", "dup-line", "dup-table", "insert", "flip", "nul",
                 "latin1", "garbage", "huge-number"]
            )
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 11 more lines
        at = draw(st.integers(0, len(data)))
        if op == "bom":
            data = b"\xef\xbb\xbf" + data
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "truncate":
            data = data[:at]
        elif op == "dup-line" and data:
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == "dup-table":
            blocks = re.split(rb"(?m)^(?=\[)", data)
            if len(blocks) > 1:
                data += b"\n" + blocks[draw(st.integers(1, len(blocks) - 1))]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw(st.integers(0, 7)))]) + data[at + 1 :]
        elif op == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif op == "latin1":
            data = data[:at] + "é".encode("latin-1") + data[at:]
        elif op == "garbage":
            data = data[:at] + draw(st.binary(min_size=16, max_size=512)) + data[at:]
        elif op == "huge-number":  # beyond Python's int() digit limit, or a vast exponent
            digits = draw(st.sampled_from([b"9" * 5000, b"1" + b"0" * 4400, b"1e999999999", b"1e-999999999"]))
            rest = re.sub(rb"(?<=[=\[,] )\d[\d.]*", lambda m: digits, data[at:], count=1)  # noqa: B023 - used at once
            data = data[:at] + rest
    return data


# ---- presets -------------------------------------------------------------------------------------


@FUZZ
@given(mutated_document(), st.data())
def test_mutated_presets_load_or_name_the_file_and_the_location(folder, doc, data):
    stem, tree = doc
    raw = _dumps(tree)
    if raw is None:
        record("preset mutations", "not expressible in TOML")
        return
    raw = data.draw(byte_mutations(raw))
    check_preset(folder, f"{stem}.toml", raw, "preset mutations")


@settings(FUZZ, max_examples=examples(600))
@given(st.sampled_from(sorted(BASES)), st.data(), st.booleans())
def test_byte_level_damage_to_shipped_presets_is_reported(folder, stem, data, shipped):
    """The shipped files as written (comments, layout), damaged byte by byte."""
    raw = data.draw(byte_mutations(BASES[stem]))
    check_preset(folder, f"{stem}.toml", raw, "preset byte damage", shipped=shipped and stem != "tiny")


toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


@settings(FUZZ, max_examples=examples(400))
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_random_toml_documents_are_refused_with_a_location(folder, doc):
    raw = _dumps(doc)
    if raw is None:
        record("random TOML presets", "not expressible in TOML")
        return
    check_preset(folder, "random.toml", raw, "random TOML presets")


TOMLISH = "[]{}=\".,\n #'\\abcdefDEUgdpcore_shar0123456789-+_eEinfna:TZ"


@settings(FUZZ, max_examples=examples(400))
@given(st.one_of(st.binary(max_size=400), st.text(alphabet=TOMLISH, max_size=400).map(str.encode)))
def test_random_bytes_are_refused_with_a_location(folder, raw):
    check_preset(folder, "garbage.toml", raw, "random bytes as presets")


# ---- scenarios -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario_folder(tmp_path_factory) -> Path:
    """A folder with bases a scenario may name: a preset file, a good scenario, a cycle."""
    d = tmp_path_factory.mktemp("scenarios")
    (d / "base-preset.toml").write_bytes(BASES["tiny"].replace(b'id = "tiny"', b'id = "base-preset"'))
    head = 'schema_version = 1\nkind = "scenario"\n'
    (d / "good.toml").write_text(head + 'base = "tiny"\nchanges = [{op = "exclude", member = "USA"}]\n')
    (d / "cycle-a.toml").write_text(head + 'base = "cycle-b.toml"\n')
    (d / "cycle-b.toml").write_text(head + 'base = "cycle-a.toml"\n')
    (d / "sub").mkdir()
    (d / "empty.toml").write_text("")
    return d


BASE_REFS = [
    "tiny", "nato-2025", "nato-2024", "nato-2024-revised", "nato-2205", "", " ", "TINY",
    "base-preset.toml", "good.toml", "cycle-a.toml", "fuzz.toml", "missing.toml", "sub",
    "sub/", "empty.toml", "../nowhere.toml", "x\x00y.toml", "a" * 300 + ".toml", "/",
]  # fmt: skip  # a table: one row a line


@st.composite
def well_formed_changes(draw) -> dict:
    """A change with the keys its op needs, and values that may or may not be in range."""
    op = draw(st.sampled_from(OPS))
    member = draw(st.sampled_from(["DEU", "USA", "ISL", "POL", "NOR", "*", "XXX", "deu"]))
    ch: dict = {"op": op}
    if op in ("set", "add", "scale"):
        field = draw(st.sampled_from(MEMBER_FIELDS))
        ch.update(member=member, field=field)
        if op == "set" and field.startswith("related") and not draw(st.integers(0, 3)):
            ch["unknown"] = True
        else:
            ch["value"] = draw(change_values)
    elif op in ("exclude", "include", "reset"):
        ch["member"] = member
    elif op == "target":
        ch.update(field=draw(st.sampled_from(TARGET_FIELDS)), value=draw(change_values))
    else:
        ch["value"] = draw(change_values)
        if draw(st.booleans()):
            ch["member"] = member
    return ch


@st.composite
def hostile_changes(draw) -> dict:
    ch: dict = {}
    if draw(st.integers(0, 9)):
        ch["op"] = draw(st.one_of(st.sampled_from(OPS), texts))
    if draw(st.booleans()):
        ch["member"] = draw(st.one_of(st.sampled_from(["DEU", "USA", "ISL", "POL", "*", "XXX"]), codes))
    if draw(st.booleans()):
        ch["field"] = draw(st.one_of(st.sampled_from([*MEMBER_FIELDS, *TARGET_FIELDS]), texts))
    if draw(st.integers(0, 4)):
        ch["value"] = draw(change_values)
    if not draw(st.integers(0, 9)):
        ch["unknown"] = draw(st.one_of(st.booleans(), hostile))
    if not draw(st.integers(0, 4)):
        ch[draw(keys)] = draw(hostile)
    if not draw(st.integers(0, 9)):
        return draw(hostile)
    return ch


change_tables = st.one_of(well_formed_changes(), well_formed_changes(), hostile_changes())


GOOD_BASES = ["tiny", "nato-2025", "base-preset.toml", "good.toml"]
change_values = st.one_of(
    st.decimals(min_value=-1, max_value=2, places=3),
    st.sampled_from([D("0.03"), D(5), D("1.1"), D(2030), D(0), D(1), D("0.000001")]),
    numbers,
)


@st.composite
def scenario_documents(draw) -> dict:
    """Mostly plausible scenarios (so that many load and render), some thoroughly hostile."""
    hostile_doc = not draw(st.integers(0, 4))
    doc: dict = {}
    if not hostile_doc or draw(st.integers(0, 4)):
        doc["schema_version"] = 1 if not hostile_doc else draw(st.one_of(st.just(1), hostile))
    if not hostile_doc or draw(st.integers(0, 4)):
        doc["kind"] = "scenario" if not hostile_doc else draw(st.one_of(st.just("scenario"), hostile))
    if draw(st.booleans()):
        doc["label"] = draw(texts) if hostile_doc else draw(st.text(max_size=20))
    if not hostile_doc:
        doc["base"] = draw(st.sampled_from(GOOD_BASES))
    elif draw(st.integers(0, 9)):
        doc["base"] = draw(st.one_of(st.sampled_from(BASE_REFS), hostile))
    doc["changes"] = draw(st.lists(change_tables if hostile_doc else well_formed_changes(), max_size=5))
    if hostile_doc and not draw(st.integers(0, 4)):
        doc[draw(keys)] = draw(hostile)
    return doc


@settings(FUZZ, max_examples=examples(1000))
@given(scenario_documents(), st.data())
def test_scenario_files_load_or_name_the_file_and_the_location(scenario_folder, doc, data):
    raw = _dumps(doc)
    if raw is None:
        record("scenario files", "not expressible in TOML")
        return
    raw = data.draw(byte_mutations(raw)) if not data.draw(st.integers(0, 3)) else raw
    path = scenario_folder / "fuzz.toml"
    path.write_bytes(raw)
    files = {display_path(p) for p in scenario_folder.iterdir()} | {display_path(p) for p in BASE_FILES}
    with time_limit(LIMIT):
        try:
            scenario = load_scenario(path, [DATA])
        except FileError as e:
            assert_located(e, files)
            record("scenario files", "refused with a located error")
            return
        preset = scenario.apply()
        assert_valid(preset)
        assert_renders(preset)
    record("scenario files", "loaded")


# ---- what the fuzzing found: one test per fix ----------------------------------------------------

TINY_TEXT = BASES["tiny"].decode()


def _preset_error(folder: Path, text: str, name: str = "tiny") -> str:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileError) as e:
        load_preset(path, use_cache=False)
    assert_located(e.value, {display_path(path)})
    return e.value.msg


def test_an_integer_too_long_for_python_is_a_located_toml_error(folder):
    """Was: ValueError from int() (Python's 4300-digit limit) -> internal error."""
    msg = _preset_error(folder, TINY_TEXT.replace("gdp = 100\n", "gdp = " + "9" * 5000 + "\n", 1))
    assert "tiny.toml: line 22: invalid TOML: a whole number with more than 4300 digits" in msg


def test_a_bound_is_written_as_a_number_not_as_a_python_repr(folder):
    msg = _preset_error(folder, TINY_TEXT.replace("gdp = 100\n", "gdp = 1e999999999\n", 1))
    assert "members.POL.gdp: must be less than or equal to 1000000000000" in msg


def test_a_key_that_toml_must_quote_is_quoted_in_the_location(folder):
    """Was: an empty key gave an empty location (``tiny.toml: unknown key ''``)."""
    msg = _preset_error(folder, '"" = 1\n"a.b" = 2\n' + TINY_TEXT)
    assert "tiny.toml: \"\": unknown key ''" in msg
    assert "tiny.toml: \"a.b\": unknown key 'a.b'" in msg


def test_control_characters_from_a_file_never_reach_the_terminal(folder):
    """A hostile key or value (an escape sequence, a NUL) is shown escaped in the message."""
    text = TINY_TEXT.replace("[members.POL]", '[members.POL]\n"\\u001b[2J" = 1', 1)
    text = text.replace('currency = "USD"', 'currency = "\\u001b[31mEUR"', 1)
    msg = _preset_error(folder, text)
    assert "\x1b" not in msg
    assert "members.POL.\"\\x1b[2J\": unknown key '\\x1b[2J'" in msg
    assert "currency: '\\x1b[31mEUR' is not allowed" in msg


def test_a_very_long_value_is_cut_short_in_the_message(folder):
    msg = _preset_error(folder, TINY_TEXT.replace('currency = "USD"', f'currency = "{"E" * 100_000}"', 1))
    (line,) = [x for x in msg.splitlines() if "currency" in x]
    assert len(line) < 300 and "EEEE…' is not allowed" in line


def _scenario_error(folder: Path, body: str) -> str:
    path = folder / "what-if.toml"
    path.write_text('schema_version = 1\nkind = "scenario"\n' + body, encoding="utf-8")
    with pytest.raises(FileError) as e:
        load_scenario(path, [DATA])
    assert_located(e.value, {display_path(path)})
    return e.value.msg


def test_a_base_path_with_a_nul_byte_is_a_located_error(folder):
    """Was: ValueError (embedded null byte) from os.stat -> internal error."""
    msg = _scenario_error(folder, 'base = "x\\u0000y.toml"\n')
    assert "what-if.toml: base: must not contain control characters (found \\x00 at position 2)" in msg
    with pytest.raises(FileError) as e:
        load_preset(folder / "x\0y.toml")
    assert "x\\x00y.toml: not a valid file name (it contains a NUL byte)" in e.value.msg
    with pytest.raises(FileError) as e:  # the scenario's own path (from the TUI's open dialog)
        load_scenario(folder / "x\0y.toml")
    assert "x\\x00y.toml: not a valid file name (it contains a NUL byte)" in e.value.msg


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            'name = "Poland"',
            'name = "Pol\\u001b[2Jand"',
            "members.POL.name: must not contain control characters (found \\x1b at position 4)",
        ),
        (
            'name = "Poland"',
            'name = "Pol\\nand"',
            "members.POL.name: must not contain control characters (found \\n at position 4)",
        ),
        (
            'label = "Tiny test alliance"',
            'label = "\\u009bTiny"',
            "label: must not contain control characters (found \\x9b at position 1)",
        ),
        (
            'note = "no armed forces"',
            'note = "no\\u0007 armed forces"',
            "members.ISL.core_share.note: must not contain control characters (found \\x07 at position 3)",
        ),
    ],
)
def test_names_and_labels_with_control_characters_are_refused(folder, old, new, expected):
    """A name with an escape sequence would be printed raw into the user's terminal (report
    table, Markdown, presets listing), and a line break would break the table's rows."""
    assert old in TINY_TEXT
    msg = _preset_error(folder, TINY_TEXT.replace(old, new, 1))
    assert expected in msg


def test_notes_and_descriptions_may_span_lines(folder):
    path = folder / "tiny.toml"
    path.write_text(TINY_TEXT.replace('note = "no armed forces"', 'note = """no armed\nforces\tat all"""', 1))
    assert load_preset(path, use_cache=False).member("ISL").core.note == "no armed\nforces\tat all"


def test_a_finite_but_enormous_change_value_is_not_called_infinite(folder):
    msg = _scenario_error(
        folder, 'base = "tiny"\nchanges = [{op = "scale", member = "DEU", field = "gdp", value = 1e999999}]\n'
    )
    assert "what-if.toml: changes[1].value: is out of range (far too large)" in msg
    assert "nan or inf" not in msg


def test_a_key_literally_named_key_in_brackets_is_reported_as_an_unknown_key(folder):
    """Was: ``"[key]" = {}`` was mistaken for pydantic's marker of a bad dict key (no location)."""
    msg = _preset_error(folder, '"[key]" = {}\n' + TINY_TEXT)
    assert "tiny.toml: \"[key]\": unknown key '[key]'" in msg


def test_a_figure_too_small_to_mean_anything_is_refused(folder):
    """Non-zero figures below 10^-18 would underflow to 0 in the engine and print as 0."""
    msg = _preset_error(folder, TINY_TEXT.replace("core_share = 0.03", "core_share = 1e-999999999", 1))
    assert "members.USA.core_share: must be 0 or at least 0.000000000000000001" in msg


def test_a_key_called_number_or_table_is_located_not_dropped(folder):
    """Was: IndexError (internal error) for a top-level key named "number": the location
    parts pydantic adds after a number-or-table field were stripped wherever they appeared.
    Found by the soak run (HYPOTHESIS_PROFILE=soak)."""
    msg = _preset_error(folder, "number = []\ntable = 1\n" + TINY_TEXT)
    assert "tiny.toml: number: unknown key 'number'" in msg
    assert "tiny.toml: table: unknown key 'table'" in msg
    msg = _preset_error(folder, TINY_TEXT.replace("gdp = 100\n", 'gdp = "100"\n', 1))
    assert "tiny.toml: members.POL.gdp: must be a number, not a string" in msg


@pytest.mark.parametrize("where", ["base", "presets-dir"])
def test_a_file_name_too_long_for_the_system_is_a_clear_error(folder, where):
    """Was: OSError (File name too long) from Path.exists()/is_dir()/is_file(), which do not
    swallow ENAMETOOLONG: an internal error for a 300-character base, --presets-dir or
    compare argument. Found by the soak run."""
    long = "a" * 300
    if where == "base":
        msg = _scenario_error(folder, f'base = "{long}.toml"\n')
        assert "what-if.toml: base: cannot read 'aaaa" in msg and "File name too long" in msg
    else:
        from calc.errors import UsageError
        from calc.files.presets import find_presets

        with pytest.raises(UsageError, match="not found or not a folder"):
            find_presets([folder / long])
