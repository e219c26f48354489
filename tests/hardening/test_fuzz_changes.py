"""Fuzzing what people type and the changes it becomes (issue 6, item 1).

The input grammar (:func:`parse_input`, :func:`parse_target_input`, :func:`changes_from_cli`)
and :func:`apply_changes` get random and hostile text and changes. Each either succeeds or
raises :class:`~calc.errors.ChangeError` with one short printable line; a success never yields
an invalid state (negative money, a share above 1, a non-finite number, a GDP below USD 1,000),
never touches its input, and applying changes one at a time equals applying them together.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from counts import CONTROL, assert_members_valid, examples, record, time_limit
from helpers import TESTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.domain.dataset import MEMBER_FIELDS, TARGET_FIELDS, Preset
from calc.engine.changes import (
    OPS,
    Change,
    apply_changes,
    changes_from_cli,
    parse_input,
    parse_target_input,
    value_problem,
)
from calc.engine.evaluate import evaluate
from calc.errors import ChangeError
from calc.files.presets import load_by_id, load_preset

HERE = TESTS
TINY = load_preset(HERE / "data" / "tiny.toml", use_cache=False)
NATO = load_by_id("nato-2025")
PRESETS = {"tiny": TINY, "nato-2025": NATO}
LIMIT = 20

FUZZ = settings(max_examples=examples(1500), suppress_health_check=[HealthCheck.too_slow])


# ---- the oracle ----------------------------------------------------------------------------------


def assert_clear(e: ChangeError) -> None:
    """One short, printable line that says something."""
    msg = e.msg
    assert msg.strip(), "an empty message"
    assert "\n" not in msg, msg
    assert len(msg) < 400, f"a {len(msg)}-character message: {msg[:200]}…"
    assert not CONTROL.search(msg), repr(msg)
    for leak in ("Traceback", "Decimal(", "InvalidOperation", "<class"):
        assert leak not in msg, msg


def assert_valid_state(p: Preset) -> None:
    """No negative money, no share above 1, nothing non-finite, GDP within its bounds."""
    assert_members_valid(p)
    t = p.targets
    for name in (n for n in TARGET_FIELDS if n != "deadline"):  # the share targets
        v = getattr(t, name)
        assert v.is_finite() and 0 <= v <= 1, (name, v)
    assert isinstance(t.deadline, int) and 2000 <= t.deadline <= 2100
    rates = [p.growth.default] + [r for _, r in p.growth.members]
    assert all(r is None or D("-0.5") <= r <= 1 for r in rates), rates
    for line in p.modified:
        assert "\n" not in line and len(line) < 200 and not CONTROL.search(line), line
    result = evaluate(p)
    for r in result.members:
        for v in (r.core_share, r.total_share, r.gap_guideline, r.gap_core, r.gap_total):
            assert v is None or (v.is_finite() and v >= 0), (r.code, v)


def try_apply(preset: Preset, changes: list[Change], test: str) -> Preset | None:
    before = repr(preset)
    with time_limit(LIMIT):
        try:
            out = apply_changes(preset, changes)
        except ChangeError as e:
            assert_clear(e)
            record(test, "refused with a clear message")
            return None
        finally:
            assert repr(preset) == before, "apply_changes modified its input"
        assert_valid_state(out)
    record(test, "applied")
    return out


# ---- generators ----------------------------------------------------------------------------------

digits = st.from_regex(r"[0-9]{1,70}(\.[0-9]{0,70})?|\.[0-9]{1,30}", fullmatch=True)
numbers_as_text = st.one_of(
    digits,
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["9" * 5000, "0." + "0" * 5000 + "1", "1" * 60, "0.5", "3", "100", "1,039.6"]),
)
plausible = st.builds(
    lambda pre, num, post: f"{pre}{num}{post}",
    st.sampled_from(["", "", "", "+", "-", "x", "=", "$", "−"]),
    st.one_of(st.decimals(min_value=0, max_value=100000, places=3).map(str), digits),
    st.sampled_from(["", "", "", "%", "pp", " bn"]),
)
typed = st.one_of(
    plausible,
    plausible,
    plausible,
    st.builds(
        lambda pre, num, post, sp: f"{pre}{sp}{num}{sp}{post}",
        st.sampled_from(["", "", "+", "-", "x", "X", "*", "×", "=", "$", "USD ", "−", "+-", "--"]),
        numbers_as_text,
        st.sampled_from(["", "", "%", "pp", "PP", " %", " bn", "bn", "$bn", " USD bn", "e5", ".", "%%"]),
        st.sampled_from(["", " ", "  ", "\t"]),
    ),
    st.text(max_size=30),
    st.sampled_from(
        ["?", "", " ", "nan", "NaN", "inf", "-inf", "1e5", "1E-5", "1,0", "..", "+", "%", "x",
         "0x10", "١٢٣", "１２３", "5\x00", "5\n6", "\x1b[2J", "٣٪", "½", "1_000", "_", "+ 5 %"]
    ),
)  # fmt: skip  # hand-wrapped: ruff's layout takes 25 more lines
member_codes = st.one_of(
    st.sampled_from(["DEU", "USA", "ISL", "POL", "NOR", "FRA", "*"]),
    st.sampled_from(["DEU", "USA", "ISL", "POL", "NOR", "FRA", "*", "deu", "XXX", "", " DEU "]),
    st.text(max_size=5),
)

field_names = st.one_of(
    st.sampled_from(MEMBER_FIELDS),
    st.sampled_from(MEMBER_FIELDS),
    st.sampled_from([*MEMBER_FIELDS, "GDP", "cor", "", "core "]),
    st.text(max_size=8),
)
target_names = st.one_of(
    st.sampled_from(TARGET_FIELDS),
    st.sampled_from(TARGET_FIELDS),
    st.sampled_from([*TARGET_FIELDS, "cor", "", "Core"]),
    st.text(max_size=8),
)
typed_targets = st.one_of(
    st.decimals(min_value=0, max_value=1, places=4).map(str),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda d: f"{d}%"),
    st.integers(1990, 2110).map(str),
    typed,
)
hostile_values = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-2, max_value=2, places=4),
    st.sampled_from(
        [D("NaN"), D("-NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("-0"), D(0), D(1),
         D("1e-18"), D("1e-19"), D("1E-999999999"), D("1E+999999"), D("1e18"), D("1e19"),
         D("-1e12"), D("1e12"), D("0.5"), D("1.1"), D("2030"), D("2030.5"), D("0.000001"),
         D("1." + "0" * 60 + "1")]
    ),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0.5, float("nan"), True, "3", b"3", [1]]),
)  # fmt: skip  # a table: one row a line


@st.composite
def changes(draw) -> Change:
    if draw(st.integers(0, 4)):  # mostly plausible shapes, any values
        op = draw(st.sampled_from(OPS))
        member = draw(st.sampled_from(["DEU", "USA", "ISL", "POL", "NOR", "FRA", "*"]))
        if op in ("set", "add", "scale"):
            return Change(op, member, draw(st.sampled_from(MEMBER_FIELDS)), draw(hostile_values))
        if op in ("exclude", "include", "reset"):
            return Change(op, member)
        if op == "target":
            return Change(op, None, draw(st.sampled_from(TARGET_FIELDS)), draw(hostile_values))
        return Change(op, draw(st.sampled_from([None, member])), None, draw(hostile_values))
    return Change(
        draw(st.one_of(st.sampled_from(OPS), st.text(max_size=6), st.none(), st.integers())),
        draw(st.one_of(member_codes, st.none(), st.integers())),
        draw(st.one_of(field_names, target_names, st.none())),
        draw(hostile_values),
    )


# ---- the grammar ---------------------------------------------------------------------------------


@FUZZ
@given(field_names, typed, st.sampled_from(sorted(PRESETS)), member_codes)
def test_whatever_is_typed_into_a_cell_becomes_a_valid_change_or_a_clear_message(
    field, text, preset_id, code
):
    with time_limit(LIMIT):
        try:
            ch = parse_input(field, text)
        except ChangeError as e:
            assert_clear(e)
            record("cell input (parse_input)", "refused with a clear message")
            return
    assert ch.op in ("set", "add", "scale") and ch.field in MEMBER_FIELDS
    assert ch.member is None
    assert value_problem(ch.value) is None
    assert ch.value is not None or (text.strip() == "?" and ch.field in ("related", "ukraine_aid"))
    record("cell input (parse_input)", "parsed")
    try_apply(PRESETS[preset_id], [Change(ch.op, code, ch.field, ch.value)], "cell input applied")


@settings(FUZZ, max_examples=examples(800))
@given(target_names, typed_targets)
def test_whatever_is_typed_for_a_target_becomes_a_valid_change_or_a_clear_message(name, text):
    with time_limit(LIMIT):
        try:
            ch = parse_target_input(name, text)
        except ChangeError as e:
            assert_clear(e)
            record("target input (parse_target_input)", "refused with a clear message")
            return
    assert ch.op == "target" and ch.field in TARGET_FIELDS and value_problem(ch.value) is None
    record("target input (parse_target_input)", "parsed")
    try_apply(TINY, [ch], "target input applied")


set_args = st.one_of(
    st.builds(lambda c, f, v: f"{c}.{f}={v}", member_codes, field_names, typed),
    st.text(max_size=30),
    st.sampled_from(["DEU", "DEU.", ".core=1", "DEU.core", "=", "DEU.core==5", "*.gdp=+10%"]),
)
target_args = st.one_of(st.builds(lambda n, v: f"{n}={v}", target_names, typed_targets), st.text(max_size=20))


@settings(FUZZ, max_examples=examples(800))
@given(
    st.lists(set_args, max_size=4),
    st.lists(member_codes, max_size=2),
    st.lists(target_args, max_size=2),
    st.sampled_from(sorted(PRESETS)),
)
def test_command_line_what_ifs_become_valid_changes_or_a_clear_message(sets, excludes, targets, pid):
    with time_limit(LIMIT):
        try:
            chs = changes_from_cli(sets, excludes, targets)
        except ChangeError as e:
            assert_clear(e)
            record("--set/--exclude/--target", "refused with a clear message")
            return
    for ch in chs:
        assert ch.op in OPS and value_problem(ch.value) is None
    record("--set/--exclude/--target", "parsed")
    try_apply(PRESETS[pid], chs, "--set/--exclude/--target applied")


# ---- applying changes ----------------------------------------------------------------------------


@settings(FUZZ, max_examples=examples(1500))
@given(st.lists(changes(), min_size=1, max_size=6), st.sampled_from(sorted(PRESETS)))
def test_random_changes_apply_to_a_valid_state_or_fail_with_a_clear_message(chs, preset_id):
    preset = PRESETS[preset_id]
    out = try_apply(preset, chs, "random changes (apply_changes)")
    if out is None:
        return
    # one at a time (what the TUI does on every edit) equals all at once
    step = preset
    for ch in chs:
        step = apply_changes(step, [ch], original=preset)
    assert step == out


# ---- what the fuzzing found: one test per fix ----------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        Change("target", field="core", value=D("NaN")),
        Change("growth", value=D("NaN")),
        Change("set", "DEU", "core", D("sNaN")),
        Change("set", "DEU", "core", D("Infinity")),
        Change("set", "DEU", "core", 0.5),  # a float, not a Decimal
        Change("set", "DEU", "core", "3"),
        Change("set", 5, "core", D(3)),
        Change(None, "DEU", "core", D(3)),
    ],
    ids=repr,
)
def test_a_change_with_a_value_that_is_not_a_finite_number_is_refused_clearly(change):
    """Were: decimal.InvalidOperation / AttributeError / TypeError -> internal error."""
    with pytest.raises(ChangeError) as e:
        apply_changes(TINY, [change])
    assert_clear(e.value)


def test_a_whole_number_value_is_accepted_as_a_decimal():
    assert Change("set", "DEU", "core", 5).value == D(5)
    out = apply_changes(TINY, [Change("set", "DEU", "core", 5)])
    assert out.member("DEU").core.value == D(5)


@pytest.mark.parametrize(
    "change, expected",
    [
        (Change("scale", "DEU", "gdp", D("1e999999")), "far too large"),
        (Change("growth", value=D("1e46")), "far too large"),
        (Change("set", "DEU", "gdp", D("-1e49")), "far too large"),
        (Change("scale", "DEU", "core", D("1e-99999999")), "too small to mean anything"),
        (Change("set", "DEU", "core_share", D("0." + "1" * 60)), "more than 50 significant digits"),
    ],
)
def test_an_absurd_value_is_refused_before_any_arithmetic(change, expected):
    """Were: decimal.Overflow, InvalidOperation in formatting, or a message of a million digits
    (and minutes spent writing it) for 1e999999 or 1e-99999999 in a scenario file."""
    with pytest.raises(ChangeError) as e:
        apply_changes(TINY, [change])
    assert expected in e.value.msg
    assert_clear(e.value)


@pytest.mark.parametrize(
    "text",
    ["x" + "9" * 100_000, "0." + "0" * 100_000 + "1", "+" + "1" * 5000 + "%"],
    ids=["x and 100,000 nines", "a 1 after 100,000 zeros", "+ and 5,000 ones %"],
)
def test_a_pasted_number_with_thousands_of_digits_gets_a_short_message(text):
    with pytest.raises(ChangeError) as e:
        parse_input("core", text)
    assert_clear(e.value)
    with pytest.raises(ChangeError) as e:
        changes_from_cli([f"DEU.core={text}"])
    assert_clear(e.value)


def test_percent_input_keeps_every_digit_typed():
    """Was: ``3.1234…%`` was divided in a 28-digit context and silently rounded."""
    typed = "3.12345678901234567890123456789012345"
    ch = parse_input("core", typed + "%")
    assert ch.value == D("0.0312345678901234567890123456789012345")
    assert parse_input("core", "-" + typed + "pp").value == D("-0.0312345678901234567890123456789012345")


# ---- saved scenarios reopen exactly ------------------------------------------------------------------


@st.composite
def sensible_changes(draw) -> Change:
    """Changes that usually apply: values in range, of any precision up to 50 digits."""
    op = draw(st.sampled_from(OPS))
    member = draw(st.sampled_from(["DEU", "USA", "ISL", "POL", "NOR", "FRA", "*"]))
    share = st.decimals(min_value=0, max_value="0.1", places=draw(st.integers(1, 40)))
    if op in ("set", "add", "scale"):
        field = draw(st.sampled_from(MEMBER_FIELDS))
        if op == "scale":
            value = draw(st.decimals(min_value="0.5", max_value=2, places=draw(st.integers(0, 30))))
        elif field.endswith("share"):
            value = draw(share)
        elif op == "set" and field == "related" and draw(st.booleans()):
            value = None
        else:
            value = draw(st.decimals(min_value=1, max_value=1000, places=draw(st.integers(0, 20))))
        return Change(op, member, field, value)
    if op in ("exclude", "include", "reset"):
        return Change(op, member)
    if op == "target":
        field = draw(st.sampled_from(TARGET_FIELDS))
        value = D(draw(st.integers(2000, 2100))) if field == "deadline" else draw(share)
        return Change(op, None, field, value)
    return Change(op, draw(st.sampled_from([None, member])), None, draw(share))


@settings(FUZZ, max_examples=examples(300))
@given(st.lists(sensible_changes(), min_size=1, max_size=6), st.text(max_size=30), st.text(max_size=60))
def test_a_saved_scenario_reopens_with_exactly_the_same_changes(tmp_path_factory, chs, label, description):
    """Whatever changes apply cleanly, save_scenario writes a file that load_scenario reads
    back to the same changes and the same numbers (labels with any text, values of any size)."""
    from calc.engine.evaluate import evaluate
    from calc.errors import CalcError
    from calc.files.scenario_file import load_scenario, save_scenario

    try:
        expected = apply_changes(TINY, chs)
    except ChangeError:
        record("saved scenarios reopened", "not applicable (changes refused)")
        return
    folder = tmp_path_factory.getbasetemp() / "roundtrip"
    folder.mkdir(exist_ok=True)
    path = folder / "saved.toml"
    path.write_text("old content")
    try:
        save_scenario(path, "tiny", chs, label=label or None, description=description or None)
    except CalcError as e:  # a label with control or invisible characters is refused before writing
        assert "must not contain control characters" in e.msg or "invisible format character" in e.msg, e.msg
        assert path.read_text() == "old content", "a refused save wrote the file"
        record("saved scenarios reopened", "refused before writing: control characters")
        return
    loaded = load_scenario(path, [HERE / "data"])
    assert loaded.changes == tuple(chs)
    assert evaluate(loaded.apply()).members == evaluate(expected).members
    record("saved scenarios reopened", "reopened identical")


def test_a_scenario_that_could_not_be_reopened_is_not_saved(tmp_path):
    """Was: a label with a tab (pasted from a spreadsheet) was saved, and the file then
    failed to open ("label: must not contain control characters")."""
    from calc.errors import ScenarioError
    from calc.files.scenario_file import save_scenario

    path = tmp_path / "saved.toml"
    path.write_text("old content")
    with pytest.raises(ScenarioError) as e:
        save_scenario(path, "tiny", [Change("exclude", "USA")], label="Germany\tat 3 %")
    assert "saved.toml: label: must not contain control characters (found \\t at position 8)" in e.value.msg
    assert path.read_text() == "old content"
    with pytest.raises(ScenarioError) as e:
        save_scenario(path, "tiny", [Change("set", "DEU", "core", None)])
    assert "changes[1].unknown: only related spending and Ukraine aid can be set unknown" in e.value.msg
    assert path.read_text() == "old content"
