"""The value grammar people type, and the slips it refuses (issue 10 item 5, issue 15 items 16-17).

A bare number on a share or a target is refused with the readings it could have; a result that
is implausible for its field is refused on the command line unless ``--force`` confirms it, and
shown as a warning in the TUI's editor; a change is described with the value typed; 20,000
``--set`` flags cost twenty times what 1,000 do, not four hundred times.
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stdout
from decimal import Decimal as D

import pytest
from helpers import PRESETS, TESTS, run
from hypothesis import assume, given
from hypothesis import strategies as st

from calc.cli import main
from calc.engine.changes import (
    Change,
    apply_changes,
    implausible,
    parse_input,
    parse_target_input,
)
from calc.errors import ChangeError
from calc.files.presets import load_preset
from calc.output.describe import implausible_lines

HERE = TESTS
TINY = load_preset(HERE / "data" / "tiny.toml", use_cache=False)
TUI_PRESETS = PRESETS


# ---- a bare number on a share is refused with its readings ---------------------------------------


@pytest.mark.parametrize("field", ["core_share", "related_share"])
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0.03", "a bare number on a share is ambiguous; write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)"),
        ("=0.03", "a bare number on a share is ambiguous; write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)"),
        ("0.5", "a bare number on a share is ambiguous; write 50% (the fraction 0.5 of GDP) or 0.5% (of GDP)"),
        ("1", "a bare number on a share is ambiguous; write 100% (the fraction 1 of GDP) or 1% (of GDP)"),
        ("3", "a bare number on a share is ambiguous; write 3% (of GDP)"),
        ("+0.5", "a bare number on a share is ambiguous; write +0.5pp (points of GDP), "
                 "+0.5% (relative: ×1.005) or 0.5% (of GDP)"),
        ("+5", "a bare number on a share is ambiguous; write +5pp (points of GDP), "
               "+5% (relative: ×1.05) or 5% (of GDP)"),
        ("-0.5", "a bare number on a share is ambiguous; write -0.5pp (points of GDP) or "
                 "-0.5% (relative: ×0.995)"),
    ],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 17 more lines
def test_a_bare_number_on_a_share_is_refused_with_the_readings_it_could_mean(field, typed, message):
    with pytest.raises(ChangeError) as e:
        parse_input(field, typed)
    assert e.value.msg == message


@pytest.mark.parametrize(
    ("typed", "change"),
    [
        ("3%", Change("set", field="core_share", value=D("0.03"))),
        ("3.4999%", Change("set", field="core_share", value=D("0.034999"))),
        ("+0.5pp", Change("add", field="core_share", value=D("0.005"))),
        ("-0.5pp", Change("add", field="core_share", value=D("-0.005"))),
        ("+10%", Change("scale", field="core_share", value=D("1.10"))),
        ("x1.1", Change("scale", field="core_share", value=D("1.1"))),
        ("0", Change("set", field="core_share", value=D(0))),  # every reading is the same
        ("+0", Change("add", field="core_share", value=D(0))),
    ],
)
def test_a_share_with_its_unit_or_zero_is_accepted(typed, change):
    assert parse_input("core_share", typed) == change


def test_a_bare_number_on_a_money_field_stays_usd_bn():
    assert parse_input("core", "3") == Change("set", field="core", value=D(3))
    assert parse_input("core", "+5") == Change("add", field="core", value=D(5))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "0.03",
            "a bare number on a target is ambiguous; write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)",
        ),
        ("3.5", "a bare number on a target is ambiguous; write 3.5% (of GDP)"),
    ],
)
def test_a_bare_number_on_a_target_is_refused_with_its_readings(typed, message):
    with pytest.raises(ChangeError) as e:
        parse_target_input("core", typed)
    assert e.value.msg == message


def test_a_target_with_its_percent_sign_or_zero_is_accepted():
    assert parse_target_input("core", "3%") == Change("target", field="core", value=D("0.03"))
    assert parse_target_input("related_cap", "0") == Change("target", field="related_cap", value=D(0))
    assert parse_target_input("deadline", "2032") == Change("target", field="deadline", value=D(2032))


def test_the_command_line_refuses_a_bare_relative_share_in_one_line(capsys):
    """Was: +0.5 read as +50 points (Germany at 52 % of GDP, every collective gap 0, exit 0)."""
    code, out, err = run(capsys, "report", "--set", "DEU.core_share=+0.5")
    assert (code, out) == (2, "")
    assert err == (
        "nato-calc: --set 'DEU.core_share=+0.5': a bare number on a share is ambiguous; write "
        "+0.5pp (points of GDP), +0.5% (relative: ×1.005) or 0.5% (of GDP)\n"
    )


def test_the_command_line_refuses_a_bare_target(capsys):
    code, out, err = run(capsys, "report", "--target", "core=0.03")
    assert (code, out) == (2, "")
    assert err == (
        "nato-calc: --target 'core=0.03': a bare number on a target is ambiguous; write "
        "3% (the fraction 0.03 of GDP) or 0.03% (of GDP)\n"
    )


@given(st.decimals(min_value=D("0.0001"), max_value=100, places=4), st.sampled_from(["", "=", "+", "-"]))
def test_no_bare_nonzero_number_on_a_share_is_ever_accepted(num, prefix):
    with pytest.raises(ChangeError) as e:
        parse_input("core_share", f"{prefix}{num}")
    assert "a bare number on a share is ambiguous; write " in e.value.msg
    assert f"{prefix.strip('=')}{num.normalize():f}".lstrip("+-") in e.value.msg


def test_scenario_files_keep_their_fractions(tmp_path):
    """The refusal is for what people type: a scenario file stores fractions, as before."""
    from calc.files.scenario_file import load_scenario

    (tmp_path / "tiny.toml").write_bytes((HERE / "data" / "tiny.toml").read_bytes())
    path = tmp_path / "s.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "tiny.toml"\n'
        'changes = [{ op = "set", member = "DEU", field = "core_share", value = 0.03 },'
        ' { op = "add", member = "POL", field = "core_share", value = 0.5 }]\n'
    )
    out = load_scenario(path).apply()
    assert out.member("DEU").core.value == D("0.03")
    assert out.member("POL").core.value == D("0.54")  # 4 % + 50 points: a file is not judged


# ---- implausible results ---------------------------------------------------------------------------


def whatif(*changes: Change) -> list[str]:
    return implausible_lines(TINY, apply_changes(TINY, changes), changes)


def test_usd_typed_for_a_share_is_implausible_and_says_how_to_write_the_share():
    # Poland: GDP 100, core USD 4 bn; 0.03 is under 1 % of 4 (0.04)
    assert whatif(Change("set", "POL", "core", D("0.03"))) == [
        "POL (Poland) core spending: $4.00 bn → $0.030 bn, under 1 % of its current value "
        "(for 0.03 % of GDP write 0.03%)"
    ]


def test_more_than_five_times_and_a_share_above_20_percent_are_implausible():
    # 4 × 6 = 24 bn on a GDP of 100: 24 %
    assert whatif(Change("scale", "POL", "core", D(6))) == [
        "POL (Poland) core spending: $4.00 bn → $24.00 bn, more than 5 times its current value",
        "POL (Poland) core share: 4.00 % → 24.00 % of GDP, above 20 % of GDP",
    ]


def test_the_bounds_themselves_are_plausible():
    assert whatif(Change("scale", "POL", "core", D(5))) == []  # 20 bn = 20 % of GDP, 5 times
    assert whatif(Change("scale", "POL", "core", D("0.2"))) == []  # exactly a fifth
    assert whatif(Change("scale", "POL", "core", D("0.19"))) == [
        "POL (Poland) core spending: $4.00 bn → $0.760 bn, less than a fifth of its current value"
    ]


def test_a_gdp_under_1_percent_is_implausible_and_spending_held_as_a_share_follows_it():
    # Germany: GDP 200, core 2 % of GDP (follows GDP: not judged), related USD 5 bn (2.5 %)
    assert whatif(Change("scale", "DEU", "gdp", D("0.001"))) == [
        "DEU (Germany) GDP: $200.0 bn → $0.200 bn, under 1 % of its current value",
        "DEU (Germany) related share: 2.50 % → 2,500.00 % of GDP, above 20 % of GDP",
    ]
    assert whatif(Change("scale", "DEU", "gdp", D("0.5"))) == []


def test_a_target_above_20_percent_or_moved_by_a_factor_of_5_is_implausible():
    assert whatif(Change("target", field="core", value=D("0.25"))) == [
        "core target: 3.5 % → 25 %, above 20 % of GDP"
    ]
    assert whatif(Change("target", field="core", value=D("0.005"))) == [
        "core target: 3.5 % → 0.5 %, less than a fifth of its current value"
    ]
    assert whatif(Change("target", field="core", value=D("0.01"))) == []


def test_a_share_already_above_20_percent_is_not_a_slip_when_it_moves_a_little():
    high = apply_changes(TINY, [Change("set", "POL", "core_share", D("0.3"))])
    after = apply_changes(high, [Change("scale", "POL", "gdp", D("1.01"))])
    assert implausible(high, after) == []


def test_nothing_changed_or_only_exclusions_is_plausible():
    assert implausible(TINY, TINY) == []
    assert whatif(Change("exclude", "USA"), Change("set", "FRA", "related", None)) == []


@given(
    st.sampled_from(["POL", "DEU", "FRA", "NOR", "USA"]),
    st.sampled_from(["gdp", "core", "related"]),
    st.decimals(min_value=D("0.2"), max_value=5, places=3),
)
def test_a_factor_between_a_fifth_and_five_that_stays_under_20_percent_is_plausible(code, field, k):
    assume(getattr(TINY.member(code), field) is not None)  # unknown related cannot be scaled
    after = apply_changes(TINY, [Change("scale", code, field, k)])
    m = after.member(code)
    shares = [f.amount(m.gdp.value) / m.gdp.value for f in (m.core, m.related) if f is not None]
    if all(s <= D("0.2") for s in shares):
        assert implausible(TINY, after) == []


def test_the_command_line_refuses_an_implausible_result_unless_forced(capsys):
    """Was: --set DEU.core=3 silently set USD 3 bn (Germany at 0.06 % of GDP)."""
    code, out, err = run(capsys, "report", "--preset", "nato-2025", "--set", "DEU.core=3")
    assert (code, out) == (2, "")
    assert err == (
        "nato-calc: DEU (Germany) core spending: $100.3 bn → $3.00 bn, less than a fifth of its "
        "current value (for 3 % of GDP write 3%): refused as implausible; check the value and its "
        "unit, or add --force if this is what you mean\n"
    )
    code, out, err = run(
        capsys, "report", "--preset", "nato-2025", "--set", "DEU.core=3", "--force", "-f", "json"
    )
    assert (code, err) == (0, "")
    deu = next(m for m in json.loads(out)["members"] if m["code"] == "DEU")
    assert deu["core"] == 3


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "nato-2025", "--set", "POL.core=x10"],
        ["path", "--member", "POL", "--set", "POL.core=x10"],
        ["report", "--target", "total=50%"],
    ],
)
def test_every_command_that_takes_what_ifs_takes_force(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and "refused as implausible" in err and "--force" in err
    code, out, err = run(capsys, *argv, "--force")
    assert code == 0, err


def test_many_implausible_results_are_listed_in_one_line_with_a_count(capsys):
    code, _, err = run(capsys, "report", "--set", "*.core=x0.1")
    assert code == 2 and err.count("\n") == 1
    assert "; … and 26 more: refused as implausible" in err  # 31 assessed allies, 5 listed


def test_a_scenario_file_is_not_judged(capsys, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "nato-2025"\n'
        'changes = [{ op = "set", member = "DEU", field = "core", value = 3 }]\n'
    )
    code, _, err = run(capsys, "report", "--scenario", str(path), "-f", "json")
    assert (code, err) == (0, "")


# ---- descriptions show the value typed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (Change("set", "DEU", "core_share", D("0.034999")), "DEU core share → 3.4999 %"),
        (Change("set", "DEU", "core_share", D("0.035")), "DEU core share → 3.5 %"),
        (Change("set", "DEU", "core_share", D("0.0300")), "DEU core share → 3 %"),
        (Change("add", "DEU", "core_share", D("-0.00125")), "DEU core share −0.125 pp"),
        (Change("set", "DEU", "core", D("1039.60")), "DEU core spending → $1,039.6 bn"),
        (Change("add", "POL", "related", D("0.004")), "POL related spending +$0.004 bn"),
        (Change("target", field="core", value=D("0.019999")), "core target → 1.9999 %"),
        (Change("growth", "DEU", value=D("0.0125")), "GDP growth 1.25 %/yr for DEU"),
    ],
)
def test_a_change_is_described_with_the_value_typed(change, text):
    """Was: 3.4999 % read "3.50 %", the same as 3.5 %, in headers and in JSON preset.modified."""
    assert change.describe() == text


@given(st.decimals(min_value=0, max_value=1, places=8), st.decimals(min_value=0, max_value=1, places=8))
def test_two_different_shares_never_read_the_same(a, b):
    da = Change("set", "DEU", "core_share", a).describe()
    db = Change("set", "DEU", "core_share", b).describe()
    assert (da == db) == (a == b)


def test_json_modified_tells_two_close_what_ifs_apart(capsys):
    _, out, _ = run(capsys, "report", "-f", "json", "--set", "DEU.core_share=3.4999%")
    assert json.loads(out)["preset"]["modified"] == ["DEU core share → 3.4999 %"]


# ---- the command line's messages ---------------------------------------------------------------------


def test_a_field_given_as_a_target_lists_the_targets_with_a_did_you_mean(capsys):
    code, _, err = run(capsys, "report", "--target", "core_share=3%")
    assert code == 2
    assert err == (
        "nato-calc: --target 'core_share=3%': unknown target 'core_share' (did you mean 'core'?); "
        "targets are guideline, core, related_cap, total, deadline, equipment\n"
    )


def test_a_negative_growth_read_as_an_option_says_how_to_write_it(capsys):
    code, _, err = run(capsys, "path", "--growth", "-1%")
    assert code == 2
    assert err == (
        "nato-calc path: argument --growth: expected one argument ('-1%' starts with '-' and "
        "reads as an option; write --growth=-1%) (see nato-calc path --help)\n"
    )
    code, out, err = run(capsys, "path", "--growth=-1%", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["assumptions"]["growth"]["override"] == -0.01


def test_a_missing_value_keeps_argparse_s_message(capsys):
    code, _, err = run(capsys, "path", "--growth")
    assert (code, err) == (
        2,
        "nato-calc path: argument --growth: expected one argument (see nato-calc path --help)\n",
    )


def test_the_help_shows_only_unambiguous_forms(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "DEU.core_share=3%" in out and "core=3%" in out and "--force" in out
    assert "core_share=0.0" not in out and "core=0.0" not in out


# ---- repeated flags: one pass, same meaning as argparse ------------------------------------------------


def _traced_events(argv: list[str]) -> int:
    """Python-level events (calls and lines) while the CLI runs ``argv``: a measure of work that
    does not depend on the machine's speed."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()
    with redirect_stdout(io.StringIO()):
        sys.settrace(tracer)
        try:
            main(argv)
        finally:
            sys.settrace(previous)
    return count


def test_the_work_for_many_set_flags_grows_linearly():
    """Was: 20,000 --set flags took 11 s: argparse rescans every option string after each option
    (and copies the list on each append), so the work grew with the square of their number."""
    codes = ["DEU", "FRA", "POL", "ITA"]

    def argv(n: int) -> list[str]:
        out = ["report", "-f", "csv"]
        for i in range(n):
            out += ["--set", f"{codes[i % 4]}.core=+0.001", "--exclude", "USA"][: 2 if i % 3 else 4]
        return out

    _traced_events(argv(1))  # caches warm
    counts = [_traced_events(argv(n)) for n in (300, 600, 900)]
    first, second = counts[1] - counts[0], counts[2] - counts[1]
    # linear: the next 300 flags cost what the previous 300 did (quadratic: 5/3 as much)
    assert second <= first * 1.1, counts


def _plain_parse(argv: list[str]):
    """What argparse alone makes of ``argv`` (the repeated flags left to it)."""
    from calc import cli

    take = cli._Parser._take_repeated
    cli._Parser._take_repeated = lambda self, args: ({}, args)
    try:
        return _outcome(argv)
    finally:
        cli._Parser._take_repeated = take


def _outcome(argv: list[str]):
    from calc.cli import build_parser
    from calc.errors import CalcError

    try:
        ns = build_parser().parse_args(argv)
    except CalcError as e:
        return ("error", e.msg)
    except SystemExit as e:
        return ("exit", e.code)
    return ("ok", {k: v for k, v in vars(ns).items() if k != "run"})


# A table, kept as written: one row a line.
tokens = st.sampled_from(
    ["--set", "--set=DEU.core=1", "--se", "--exclude", "--excl", "--target", "--targ", "-o", "--output",
     "-f", "json", "--format", "DEU.core=5", "USA", "core=3%", "-5", "--", "--force", "--group",
     "eu", "-", "--set=", "--sort", "gap_core", "--bogus", "x y", "--exclude=USA"]
)  # fmt: skip


@given(st.sampled_from(["report", "compare", "path", "presets"]), st.lists(tokens, max_size=8))
def test_repeated_flags_mean_exactly_what_argparse_makes_of_them(command, args):
    """The same namespace or the same error, except one argparse quirk it no longer has:
    ``compare A --set X B`` left B "unrecognized" (argparse fills positionals before the first
    option); with the flags taken out first, B is B."""
    argv = [command, *(["nato-2025"] if command == "compare" else []), *args]
    ours, plain = _outcome(argv), _plain_parse(argv)
    if ours != plain:
        assert command == "compare", (ours, plain)
        assert plain[0] == "error" and "unrecognized arguments" in plain[1], (ours, plain)
        # B taken as B: either all is well now, or fewer words are left over than argparse left
        assert ours[0] == "ok" or (
            ours[0] == "error" and "unrecognized arguments" in ours[1] and len(ours[1]) < len(plain[1])
        ), (ours, plain)


def test_compare_takes_b_after_the_what_ifs(capsys):
    code, out, err = run(capsys, "compare", "nato-2025", "--set", "DEU.core=+1%", "nato-2024", "-f", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert (doc["a"]["id"], doc["b"]["id"], doc["b"]["modified"]) == (
        "nato-2025",
        "nato-2024",
        ["DEU core spending ×1.01"],
    )


# ---- the TUI's editor --------------------------------------------------------------------------------


def _app():
    from calc.tui import make_app

    return make_app(preset="test-2025", presets_dirs=[TUI_PRESETS], theme="textual-dark", cursor_blink=False)


async def _open_editor(pilot, code: str, column: str):
    from calc.tui.screens.edit import MemberEditDialog

    assert pilot.app.main_screen.table.cursor_to(code, column)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MemberEditDialog)
    return pilot.app.screen


def _bold_texts(text) -> list[str]:
    plain = text.plain
    return [plain[s.start : s.end] for s in text.spans if "bold" in str(s.style)]


async def test_the_editor_shows_the_resulting_share_in_bold_before_enter(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = _app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        dialog = await _open_editor(pilot, "DEU", "gdp")
        await pilot.press(*"4000")
        await pilot.pause()
        preview = dialog.query_one("#preview").render()
        # Germany: core 2 % of GDP follows GDP: 80 bn on 4,000 is still 2.00 %
        assert "2.00 % of GDP" in _bold_texts(preview)
        assert app.session.changes == ()


async def test_an_implausible_edit_is_warned_and_applies_only_on_a_second_enter(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = _app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        dialog = await _open_editor(pilot, "DEU", "core")
        await pilot.press(*"3")  # USD 3 bn, meant as 3 %
        await pilot.pause()
        shown = str(dialog.query_one("#preview").render())
        assert dialog.warnings == (
            "DEU (Germany) core spending: $100.0 bn → $3.00 bn, less than a fifth of its current "
            "value (for 3 % of GDP write 3%)",
        )
        assert "⚠ implausible:" in shown and "⏎ asks once more" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and app.session.changes == ()  # the first Enter only asks
        assert "⏎ again applies it anyway" in str(dialog.query_one("#preview").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.changes == (Change("set", "DEU", "core", D(3)),)


async def test_changing_the_text_after_a_warning_asks_again(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = _app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        dialog = await _open_editor(pilot, "DEU", "core")
        await pilot.press(*"3", "enter", *".5")  # a first Enter on 3, then 3.5 typed
        await pilot.pause()
        assert dialog.warnings and app.screen is dialog
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and app.session.changes == ()
        await pilot.press(*["backspace"] * 3, *"3%", "enter")  # plausible: one Enter
        await pilot.pause()
        assert app.session.changes == (Change("set", "DEU", "core_share", D("0.03")),)


async def test_the_target_editor_refuses_a_bare_number_and_warns_above_20_percent(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = _app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.main_screen.edit_target("core")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"0.03", "enter")
        await pilot.pause()
        assert "write 3% (the fraction 0.03 of GDP) or 0.03% (of GDP)" in dialog.error
        await pilot.press(*["backspace"] * 4, *"30%")
        await pilot.pause()
        assert dialog.warnings == ("core target: 3.5 % → 30 %, above 20 % of GDP",)


async def test_the_path_view_prints_a_negative_growth_the_command_line_reads(monkeypatch, tmp_path, capsys):
    """Was: "same as: nato-calc path ... --growth -1%", which argparse refuses."""
    import shlex

    monkeypatch.chdir(tmp_path)
    app = _app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.main_screen.table.cursor_to("CAN", "code")
        await pilot.press("P")
        await pilot.pause()
        app.screen.set_growth(D("-0.01"))
        await pilot.pause()
        args = app.screen.cli_args()
    assert "--growth=-1%" in args
    # the command names the session's source itself (here the test preset's file)
    code, out, err = run(capsys, "path", *shlex.split(args), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["assumptions"]["growth"]["override"] == -0.01
