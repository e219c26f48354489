"""Limits (issue 6, item 6): a preset of 10,000 members with absurd but valid values.

GDP from USD 1,000 (1e-6 bn) to 1e12 bn, shares of exactly 0 and 1 and of 10^-10, spending of
USD 1 (1e-9 bn), related spending 10^-18 or 10^12. The preset loads, computes and renders in
every format (table, CSV, JSON, Markdown) with no overflow, no exponent notation anywhere, and
no non-zero value ever shown as zero (``0.00``, ``0 %``, ``0`` in JSON/CSV). Small unit tests
of the formatting rules the big test relies on come first.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from decimal import Decimal as D
from itertools import product
from pathlib import Path

import pytest

from calc.cli import main
from calc.engine.evaluate import evaluate
from calc.files.presets import load_preset
from calc.output import fmt, jsonout
from calc.output.report import _member_cells, render

# ---- formatting rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, places, shown",
    [
        ("1e-13", None, "<0.000000000001"),
        ("-1e-13", None, ">-0.000000000001"),
        ("1e-13", 2, "<0.000000000001"),
        ("1E-999999999", 2, "<0.000000000001"),  # abs() used to underflow this to 0 -> "0.000"
        ("0.000000000123", 2, "0.000000000123"),
        ("0.00499", 2, "0.005"),
        ("0.005", 2, "0.01"),
        ("1e30", 1, "1,000,000,000,000,000,000,000,000,000,000.0"),  # was InvalidOperation
        ("-0.0000001", 1, "-0.000000100"),
        ("0", 2, "0.00"),
    ],
)
def test_money_never_shows_a_non_zero_value_as_zero_nor_fails_on_a_large_one(value, places, shown):
    """Was: values below 1e-12 were shown as ``0.000000000000``; 1e27 and up raised."""
    assert fmt.money(D(value), places) == shown


@pytest.mark.parametrize(
    "value, shown",
    [("0.000001", "<+0.01 pp"), ("-0.000001", ">-0.01 pp"), ("0.0025", "+0.25 pp"), ("0", "0.00 pp")],
)
def test_a_tiny_change_in_points_is_not_shown_as_zero(value, shown):
    """Was: ``pp(0.000001)`` gave ``0.00 pp`` for a real (tiny) change."""
    assert fmt.pp(D(value)) == shown


def test_a_tiny_signed_amount_keeps_its_sign_in_front():
    assert fmt.signed_money(D("1e-15")) == "<+0.000000000001"
    assert fmt.signed_money(D("-1e-15")) == ">-0.000000000001"
    assert fmt.signed_money(D("2.5")) == "+2.50"


@pytest.mark.parametrize("places", [1, 2])
def test_every_signed_delta_is_signed_by_the_one_rule(places):
    """The comparison's deltas, the aggregates' and compare mode's cells had three copies of the
    sign rule, which wrote ``+>-0.000000000001`` for a tiny negative delta; all use
    ``fmt.signed_money`` now."""
    from calc.output.compare import _smoney

    assert _smoney(D("-1e-15"), places) == ">-0.000000000001"
    assert _smoney(D("1e-15"), places) == "<+0.000000000001"
    assert _smoney(D("0"), places) == ("0.0" if places == 1 else "0.00")
    assert _smoney(D("-2.5"), places) == ("-2.5" if places == 1 else "-2.50")
    assert _smoney(None, places) == ""
    assert fmt.with_sign(D("0.0004"), fmt.pct(D("0.0004"), 1)) == "<+0.1 %"  # history's real change
    assert fmt.with_sign(D("-0.0004"), fmt.pct(D("-0.0004"), 1)) == ">-0.1 %"
    assert fmt.with_sign(D("0.012"), fmt.pct(D("0.012"), 1)) == "+1.2 %"


@pytest.mark.parametrize(
    "value, money, share",
    [
        ("2e-8", "0.00000002", "0.00000002"),  # a gap of USD 20: was written as 0
        ("-3.14159e-9", "-0.00000000314", "-0.0000000031"),
        ("0.0000004", "0.0000004", "0.0000004"),
        ("1e-50", "0.0000000000000000000000000000000000000001", "0.0000000000000000000000000000000000000001"),
        ("0.1234567", "0.123457", "0.1234567"),
        ("0", "0", "0"),
    ],
)
def test_json_numbers_never_turn_a_non_zero_value_into_zero(value, money, share):
    assert jsonout.number_text(jsonout.money(D(value))) == money
    assert jsonout.number_text(jsonout.share(D(value))) == share


# ---- the 10,000-member preset ---------------------------------------------------------------------

N = 10_000
GDPS = ["0.000001", "1000000000", "0.0000011", "1000000000000", "1"]
CORES = [
    "core_share = 0", "core_share = 1", "core_share = 0.0000000001", "core = 0",
    "core = 0.000000001", "core = 1000000000", "core_share = 0.035",
]  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
RELATED = ["", "related_share = 0", "related_share = 1", "related = 1000000000000", "related = 1e-18"]
NAMES = ["Land {i}", "Ünïcödé Ällÿ {i}", "日本 {i}", "Ω {i}"]


def big_preset_text(n: int = N) -> str:
    codes = ["".join(c) for c in product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=3)][:n]
    out = [
        "schema_version = 1",
        'id = "huge"',
        'label = "10,000 members, absurd but valid values"',
        "year = 2025",
        "",
        "[groups]",
        "half = [" + ", ".join(f'"{c}"' for c in codes[::2]) + "]",
        "",
    ]
    for i, code in enumerate(codes):
        out += [
            f"[members.{code}]",
            f'name = "{NAMES[i % len(NAMES)].format(i=i)}"',
            f"gdp = {GDPS[i % len(GDPS)]}",
            CORES[(i // len(GDPS)) % len(CORES)],
            RELATED[(i // 7) % len(RELATED)],
            "",
        ]
    return "\n".join(out)


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "huge.toml"
    path.write_text(big_preset_text(), encoding="utf-8")
    return path


ZERO_LOOKING = re.compile(r"^-?0(\.0*)?( ?%| pp)?$")
EXPONENT = re.compile(r"\d[eE][+-]?\d|\b(?:nan|inf|infinity|NaN|Infinity)\b")


def _check_cell(value: D | None, cell: str, what: str) -> None:
    assert not EXPONENT.search(cell), (what, cell)
    if value is not None and value != 0:
        assert not ZERO_LOOKING.match(cell), f"{what}: {value} shown as {cell!r}"


def test_a_preset_of_10000_members_with_absurd_values_loads_computes_and_renders(huge, capsys):
    start = time.perf_counter()
    preset = load_preset(huge, use_cache=False)
    loaded = time.perf_counter() - start
    assert len(preset.members) == N
    result = evaluate(preset)
    assert len(result.members) == N
    assert {g.id for g in result.groups} >= {"nato", "europe-canada", "eu", "half"}

    # the table: every cell of every member, as render_table lays it out
    for m in result.members:
        cells = _member_cells(m, True)
        values = [m.gdp, m.core, m.core_share, m.related, m.total_share,
                  m.gap_guideline, m.gap_core, m.gap_total]  # fmt: skip  # hand-wrapped: ruff's layout takes 8 more lines
        for value, cell, col in zip(
            values,
            cells[2:10],
            ("gdp", "core", "core_share", "related", "total_share", "gap_guideline", "gap_core", "gap_total"),
        ):
            _check_cell(value, cell, f"{m.code} {col}")
    for width in (80, 120):
        text = render(result, "table", width=width)
        assert not EXPONENT.search(text)
        assert text.count("\n") > N
    md = render(result, "markdown")
    assert not EXPONENT.search(md)
    for line in md.splitlines():
        if line.startswith("| ") and not line.startswith(("| Code", "| Group")):
            for cell in line.strip("| ").split(" | ")[2:]:
                assert not EXPONENT.search(cell), line

    # JSON: every number written out in full, no non-zero value as 0
    doc_text = render(result, "json")
    literals: list[str] = []

    def keep(s: str) -> D:
        literals.append(s)
        return D(s)

    doc = json.loads(doc_text, parse_float=keep, parse_int=keep)
    assert not [s for s in literals if "e" in s.lower()]
    by_code = {r.code: r for r in result.members}
    assert len(doc["members"]) == N
    for jm in doc["members"]:
        r = by_code[jm["code"]]
        for key in ("gdp", "core", "related", "core_share", "total_share", "gap_guideline",
                    "gap_core", "gap_total", "surplus_core"):  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
            v = getattr(r, key)
            if v is not None and v != 0:
                assert jm[key] != 0, f"{r.code} {key}: {v} written as 0"
    for jg in doc["groups"]:
        for key in ("gdp", "core", "core_share", "gap_core", "collective_gap_core"):
            assert jg[key] is None or isinstance(jg[key], D)

    # CSV: the same numbers
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert len(rows) == N + len(doc["groups"])
    for row in rows[:N]:
        r = by_code[row["code"]]
        for key in ("gdp", "core", "core_share", "total_share", "gap_total"):
            cell = row[key]
            assert "e" not in cell.lower(), (key, cell)
            if getattr(r, key) != 0:
                assert D(cell) != 0, f"{r.code} {key}: {getattr(r, key)} written as {cell}"

    # and through the command line, into a file
    out = huge.parent / "huge.json"
    assert main(["report", "--file", str(huge), "-f", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["preset"]["id"] == "huge"
    capsys.readouterr()
    print(f"10,000-member preset: loaded and validated in {loaded:.2f} s")


def test_targets_of_exactly_0_and_1_compute_and_render(tmp_path):
    text = big_preset_text(200).replace(
        "year = 2025", "year = 2025\n[targets]\nguideline = 0\ncore = 1\nrelated_cap = 1\ntotal = 1", 1
    )
    path = tmp_path / "huge.toml"
    path.write_text(text, encoding="utf-8")
    result = evaluate(load_preset(path, use_cache=False))
    for fmt_name in ("table", "csv", "json", "markdown"):
        assert not EXPONENT.search(render(result, fmt_name, width=120))
    for m in result.members:
        assert m.meets_guideline is True
        assert m.meets_core == (m.core >= m.gdp)


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "{file}", "--set", "*.core=x0.5", "--exclude", "AAB"],
        ["compare", "{file}", "nato-2025"],
        ["path", "--file", "{file}"],
        ["path", "--file", "{file}", "--group", "half", "--growth", "0"],
        ["path", "--file", "{file}", "--member", "AAB", "--shape", "front"],
    ],
    ids=lambda a: " ".join(a[:1] + a[2:]),
)
def test_compare_and_path_render_absurd_values_without_exponents(tmp_path, capsys, argv):
    path = tmp_path / "huge.toml"
    path.write_text(big_preset_text(1000), encoding="utf-8")
    for form in ("table", "csv", "json", "markdown"):
        code = main([a.format(file=path) for a in argv] + ["-f", form])
        out, err = capsys.readouterr()
        assert code == 0, err
        m = EXPONENT.search(out)
        assert not m, f"{form}: {out[max(0, m.start() - 60) : m.end() + 10]!r}"
        if form == "json":
            literals: list[str] = []
            json.loads(out, parse_float=lambda s: literals.append(s) or D(s))  # noqa: B023 - used at once
            assert not [s for s in literals if "e" in s.lower()]
