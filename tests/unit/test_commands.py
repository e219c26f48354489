"""The command grammar (calc/engine/commands.py) that the TUI's command bar, ``--do`` and
scripts share, and the words of its preview (calc/output/commands.py).

Hand counts on nato-2026 (NATO's 2026 release, 2026 estimates): Germany GDP USD 5,455.98 bn,
core USD 147.002 bn (NATO publishes 2.69 %). At 3 %: 0.03 × 5,455.98 = 163.6794 bn. The gap to
3.5 %: 0.035 × 5,455.98 − 147.002 = 190.9593 − 147.002 = 43.9573 bn before (shown 44.0),
190.9593 − 163.6794 = 27.2799 bn after (shown 27.3).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calc.engine.changes import Change, apply_changes, changes_from_cli
from calc.engine.commands import (
    Action,
    Edit,
    ScriptLine,
    complete,
    parse_command,
    parse_script,
    preview,
    replay,
    script_text,
)
from calc.engine.evaluate import evaluate
from calc.errors import ChangeError
from calc.files.presets import load_by_id
from calc.output.commands import preview_text

P = load_by_id("nato-2026", [])
R = evaluate(P)
IDS = ["nato-2024", "nato-2025", "nato-2026"]


def edit(text: str, preset=P) -> list[Change]:
    cmd = parse_command(text, preset, presets=IDS)
    assert isinstance(cmd, Edit), cmd
    return list(cmd.changes)


def action(text: str) -> Action:
    cmd = parse_command(text, P, presets=IDS)
    assert isinstance(cmd, Action), cmd
    return cmd


def refusal(text: str) -> str:
    with pytest.raises(ChangeError) as e:
        parse_command(text, P, presets=IDS)
    return e.value.msg


# -- each form of the issue ------------------------------------------------------------------


def test_a_member_a_field_and_a_share_sets_the_share_of_gdp():
    assert edit("DEU core 3%") == [Change("set", "DEU", "core_share", D("0.03"))]


def test_points_add_to_the_share_and_a_percent_on_gdp_scales_it():
    assert edit("DEU core +0.5pp") == [Change("add", "DEU", "core_share", D("0.005"))]
    assert edit("DEU gdp +2%") == [Change("scale", "DEU", "gdp", D("1.02"))]
    assert edit("DEU related 0.4%") == [Change("set", "DEU", "related_share", D("0.004"))]


def test_several_members_each_get_the_change():
    assert [c.member for c in edit("DEU FRA ITA core 3%")] == ["DEU", "FRA", "ITA"]


def test_names_aliases_and_any_case_name_the_same_member():
    for text in ("deu CORE 3%", "Germany core 3%", "GER core 3%", "germany Core 3%", "de core 3%"):
        assert edit(text) == [Change("set", "DEU", "core_share", D("0.03"))], text
    assert edit("United Kingdom core 2.5%")[0].member == "GBR"
    assert edit("uk core 2.5%")[0].member == "GBR"


def test_at_least_raises_only_the_members_of_the_group_below_it():
    cmd = parse_command("europe-canada core >= 3.5%", P)
    assert isinstance(cmd, Edit) and cmd.at_least
    raised = {c.member for c in cmd.changes}
    # the assessed members: Iceland (no armed forces) is not raised to a core share
    below = {m.code for m in R.members if m.code != "USA" and m.assessed and m.core_share < D("0.035")}
    assert raised == below and "DEU" in raised and "POL" not in raised and "USA" not in raised
    assert "ISL" not in raised
    assert set(cmd.skipped) == {m.code for m in R.members if m.code not in ("USA", "ISL")} - below
    assert all(c == Change("set", c.member, "core_share", D("0.035")) for c in cmd.changes)


def test_at_least_on_a_member_already_above_changes_nothing():
    cmd = parse_command("POL core >= 3%", P)  # Poland: 4.68 %
    assert isinstance(cmd, Edit) and cmd.changes == () and cmd.skipped == ("POL",)


def test_without_and_with_exclude_and_include():
    assert edit("without USA") == [Change("exclude", "USA")]
    assert edit("with us") == [Change("include", "USA")]
    assert edit("without USA CAN") == [Change("exclude", "USA"), Change("exclude", "CAN")]


def test_targets_and_the_deadline():
    assert edit("target core 3%") == [Change("target", field="core", value=D("0.03"))]
    assert edit("deadline 2032") == [Change("target", field="deadline", value=D(2032))]
    assert edit("TARGET deadline 2032") == edit("deadline 2032")


def test_reset_a_member_is_a_change_and_reset_all_an_action():
    assert edit("reset DEU") == [Change("reset", "DEU")]
    assert action("reset all").kind == "reset_all"


@pytest.mark.parametrize(
    "text, kind, args",
    [
        ("group eu", "group", ("eu",)),
        ("GROUP Europe-Canada", "group", ("europe-canada",)),
        ("year 2024", "year", ("2024",)),
        ("currency EUR", "currency", ("eur",)),
        ("compare nato-2025", "compare", ("nato-2025",)),
        ("compare NATO-2025", "compare", ("nato-2025",)),
        ("compare off", "compare_off", ()),
        ("compare base", "compare", ("base",)),
        ("compare old/meeting.toml", "compare", ("old/meeting.toml",)),
        ("path CAN growth 2%", "path", ("CAN", "0.02")),
        ("path canada", "path", ("CAN", "")),
        ("path europe-canada growth 0.03", "path", ("europe-canada", "0.03")),
        ("undo", "undo", ()),
        ("Redo", "redo", ()),
        ("save meeting.toml", "save", ("meeting.toml",)),
        ("export md meeting.md", "export", ("markdown", "meeting.md")),
        ("export csv out.csv", "export", ("csv", "out.csv")),
        ("copy", "copy", ()),
    ],
)
def test_each_session_action_parses_to_its_kind_and_arguments(text, kind, args):
    cmd = action(text)
    assert (cmd.kind, cmd.args, cmd.text) == (kind, args, text)


# -- refusals ---------------------------------------------------------------------------------


def test_a_bare_number_on_a_share_is_refused_with_its_readings():
    msg = refusal("DEU core_share 0.03")
    assert "ambiguous" in msg and "3% (the fraction 0.03 of GDP)" in msg and "0.03% (of GDP)" in msg
    msg = refusal("DEU core_share +0.5")
    assert "+0.5pp (points of GDP)" in msg and "+0.5% (relative: ×1.005)" in msg
    assert "ambiguous" in refusal("target core 3")


def test_unknown_words_get_a_did_you_mean():
    assert refusal("DUE core 3%") == "unknown member 'DUE' (did you mean 'DEU', Germany?)"
    assert "(did you mean 'core'?)" in refusal("DEU cor 3%")
    assert refusal("withot USA") == "unknown command 'withot' (did you mean 'without'?)"
    assert refusal("group eux").startswith("unknown group 'eux' (did you mean 'eu'?)")
    assert refusal("compare nato-2052").startswith("unknown preset 'nato-2052' (did you mean 'nato-2026'?)")
    assert refusal("target cor 3%").startswith("unknown target 'cor' (did you mean 'core'?)")
    assert (
        refusal("currency eru") == "currency 'eru': write currency usd, eur or national (did you mean 'eur'?)"
    )


def test_a_year_outside_the_release_and_other_malformed_commands_are_refused():
    assert refusal("year 2050") == "year 2050: the release holds the years 2014–2026"
    assert refusal("year 24") == "year: write year YYYY, e.g. year 2024"
    assert refusal("").startswith("type a command")
    assert refusal("DEU core").startswith("give a value after core")
    assert refusal("undo 2") == "undo takes nothing after it (got '2')"
    assert refusal("DEU core >= +10%").startswith(">= takes a value to reach")
    assert "growth must be between" in refusal("path CAN growth 200%")


# -- scripts ----------------------------------------------------------------------------------


def test_a_script_splits_on_semicolons_and_lines_and_drops_comments():
    text = "# a meeting\nDEU core 3%   # Germany first\n\nwithout USA; FRA core >= 3.5% ;\n  undo\n"
    assert parse_script(text, "m.txt") == [
        ScriptLine(2, "DEU core 3%", "m.txt"),
        ScriptLine(4, "without USA", "m.txt"),
        ScriptLine(4, "FRA core >= 3.5%", "m.txt"),
        ScriptLine(5, "undo", "m.txt"),
    ]


def test_script_text_is_read_back_by_parse_script():
    commands = ["DEU core 3%", "without USA", "undo"]
    text = script_text(commands, "on nato-2026\nreplay: ...")
    assert text.startswith("# on nato-2026\n# replay: ...\n")
    assert [line.text for line in parse_script(text)] == commands


def test_replay_makes_each_command_one_step_and_moves_with_undo_and_redo():
    h = replay(P, parse_script("DEU core 3%; without USA; FRA core >= 3.5%; undo; undo; redo"))
    assert h.changes == (Change("set", "DEU", "core_share", D("0.03")), Change("exclude", "USA"))
    assert replay(P, parse_script("DEU core 3%; reset all")).changes == ()


def test_an_at_least_in_a_script_reads_the_figures_the_commands_before_it_made():
    h = replay(P, parse_script("DEU core 4%; europe-canada core >= 3.5%"))
    assert apply_changes(P, h.changes).member("DEU").core.value == D("0.04")


def test_replay_names_the_failing_command_by_file_and_line():
    with pytest.raises(ChangeError) as e:
        replay(P, parse_script("DEU core 3%\nDEU core 300%", "m.txt"))
    assert e.value.msg == "m.txt:2: 'DEU core 300%': DEU core share: cannot exceed 100 % of GDP"
    with pytest.raises(ChangeError) as e:
        replay(P, parse_script("copy"))
    assert e.value.msg == "'copy': copy is not available here"


# -- the preview ------------------------------------------------------------------------------


def test_the_preview_of_germany_at_3_percent_gives_the_hand_counted_gap():
    p = preview(parse_command("DEU core 3%", P), R)
    (m,) = p.members
    assert (m.code, m.field, m.after) == ("DEU", "core_share", D("0.03"))
    assert m.gap_before == D("0.035") * D("5455.98") - D("147.002") == D("43.95730")
    assert m.gap_after == D("27.27990")
    assert preview_text(p) == "Germany core 2.69 % → 3.00 %; gap to 3.5 % USD 44.0 → 27.3 bn"


def test_the_preview_of_a_gdp_change_and_of_an_exclusion():
    # 5,455.98 × 1.02 = 5,565.0996; gap 0.035 × 5,565.0996 − 147.002 = 47.776486
    assert preview_text(preview(parse_command("DEU gdp +2%", P), R)) == (
        "Germany GDP USD 5,456.0 → 5,565.1 bn (core 2.69 % → 2.64 %); gap to 3.5 % USD 44.0 → 47.8 bn"
    )  # 147.002 / 5,565.0996 = 2.6415 %
    # Poland: 53.08 / (1,134.841 × 0.95 = 1,078.09895) = 4.9235 %, above 3.5 % before and after
    assert preview_text(preview(parse_command("POL gdp -5%", P), R)) == (
        "Poland GDP USD 1,134.8 → 1,078.1 bn (core 4.68 % → 4.92 %); meets 3.5 %"
    )
    text = preview_text(preview(parse_command("without USA", P), R))
    assert text.startswith("United States left out of the aggregates; NATO's gap to 3.5 % USD ")


def test_the_preview_of_a_target_and_of_several_members():
    text = preview_text(preview(parse_command("target core 3%", P), R))
    assert text.startswith("core target 3.5 % → 3 %; NATO's gap to 3 % USD ")
    text = preview_text(preview(parse_command("DEU FRA ITA POL core 3%", P), R))
    assert text.startswith("4 members' core: Germany 2.69 % → 3.00 %, France ")
    assert " and 1 more; NATO's gap to 3.5 % USD " in text


def test_the_preview_says_a_slip_before_enter():
    text = preview_text(preview(parse_command("DEU core 3", P), R))
    assert "check: DEU (Germany) core spending: $147.0 bn → $3.00 bn" in text
    assert "(for 3 % of GDP write 3%)" in text


def test_the_preview_of_an_action_says_what_it_will_do():
    assert preview_text(preview(action("path CAN growth 2%"), R)) == (
        "open the spending path of CAN at 2.0 % nominal GDP growth a year"
    )
    assert (
        preview_text(preview(action("compare nato-2025"), R))
        == "compare with nato-2025 (A; your session is B)"
    )


# -- completion -------------------------------------------------------------------------------


def test_tab_completes_command_words_members_fields_groups_and_presets():
    assert complete("DE", P, IDS) == ["deadline", "DEU", "Denmark"]
    assert complete("DEU co", P, IDS)[:2] == ["DEU core", "DEU core_share"]
    assert complete("group e", P, IDS) == ["group europe-canada", "group eu", "group eu-uk"]
    assert complete("compare nato-202", P, IDS) == [
        "compare nato-2024",
        "compare nato-2025",
        "compare nato-2026",
    ]
    assert complete("currency ", P, IDS) == ["currency usd", "currency eur", "currency national"]
    assert complete("ger", P, IDS) == ["Germany"]
    assert complete("target c", P, IDS) == ["target core"]


# -- the same preset as the flags -------------------------------------------------------------

NAMES = st.sampled_from(
    ["DEU", "deu", "Germany", "GER", "FRA", "france", "UK", "GBR", "pol", "Poland", "CAN"]
)
NUM = st.decimals(min_value=D("0.1"), max_value=D("4"), places=1)


def _forms():
    share = st.tuples(NAMES, st.sampled_from(["core", "related"]), NUM).map(
        lambda t: (f"{t[0]} {t[1]} {t[2]}%", ["--set", f"{t[0]}.{t[1]}={t[2]}%"])
    )
    points = st.tuples(NAMES, NUM).map(
        lambda t: (f"{t[0]} core +{t[1]}pp", ["--set", f"{t[0]}.core=+{t[1]}pp"])
    )
    scale = st.tuples(NAMES, st.sampled_from(["gdp", "core"]), NUM, st.sampled_from("+-")).map(
        lambda t: (f"{t[0]} {t[1]} {t[3]}{t[2]}%", ["--set", f"{t[0]}.{t[1]}={t[3]}{t[2]}%"])
    )
    money = st.tuples(NAMES, st.integers(50, 200)).map(
        lambda t: (f"{t[0]} core {t[1]}", ["--set", f"{t[0]}.core={t[1]}"])
    )
    without = NAMES.map(lambda n: (f"without {n}", ["--exclude", n]))
    target = st.tuples(st.sampled_from(["core", "total", "guideline"]), NUM).map(
        lambda t: (f"target {t[0]} {t[1] + 1}%", ["--target", f"{t[0]}={t[1] + 1}%"])
    )
    deadline = st.integers(2026, 2040).map(lambda y: (f"deadline {y}", ["--target", f"deadline={y}"]))
    return st.one_of(share, points, scale, money, without, target, deadline)


def _flags(argv: list[str]) -> list[Change]:
    sets = [argv[i + 1] for i in range(0, len(argv), 2) if argv[i] == "--set"]
    excl = [argv[i + 1] for i in range(0, len(argv), 2) if argv[i] == "--exclude"]
    targ = [argv[i + 1] for i in range(0, len(argv), 2) if argv[i] == "--target"]
    return changes_from_cli(sets, excl, targ)


@given(st.lists(_forms(), min_size=1, max_size=5))
def test_commands_give_the_same_preset_as_the_equivalent_flags(forms):
    one_by_one = P
    for text, _argv in forms:  # each command against the figures in force, as the bar runs it
        one_by_one = apply_changes(one_by_one, edit(text, one_by_one), original=P)
    by_flags = P
    for _, argv in forms:  # the flags apply in their kind's order: compare each in turn
        by_flags = apply_changes(by_flags, _flags(argv), original=P)
    assert one_by_one == by_flags


COMMAND_TEXT = st.text(
    st.characters(blacklist_characters="#;\n\r", blacklist_categories=("Cs", "Cc")), min_size=1
).filter(lambda t: t.strip() == t and t.strip() and not any(c.isspace() and c != " " for c in t))


@given(st.lists(COMMAND_TEXT, max_size=6))
def test_a_written_script_reads_back_as_the_same_commands(commands):
    assert [line.text for line in parse_script(script_text(commands, "a header\n# with a hash"))] == commands


def test_tab_offers_names_of_several_words():
    assert complete("unit", P, IDS) == ["United Kingdom", "United States"]


def test_the_set_form_of_the_flags_and_a_to_read_as_the_command():
    for text in ("DEU.core=3%", "DEU core=3%", "DEU core = 3%", "Germany core to 3%", "DEU core at 3%"):
        assert edit(text) == [Change("set", "DEU", "core_share", D("0.03"))], text
    assert edit("U.S.A.core=3%")[0].member == "USA"
    assert len(edit("europe-canada core at least 3.5%")) == len(edit("europe-canada core >= 3.5%"))


def test_two_commands_in_one_line_are_refused_naming_both():
    assert refusal("DEU core 3%; without USA") == (
        "one command at a time: 'DEU core 3%' then 'without USA' (a script or --do separates them with ;)"
    )


def test_a_field_first_asks_for_the_members():
    assert refusal("core 3%") == "name the members first, e.g. DEU core 3%"


def test_ukraine_on_and_off_switch_counting_the_aid_as_the_flag_does():
    from calc.engine.changes import count_ukraine

    assert edit("ukraine on") == [count_ukraine(True)] == edit("Count-Ukraine")
    assert edit("UKRAINE off") == [count_ukraine(False)]
    assert refusal("ukraine maybe").startswith("ukraine: write ukraine on")
    p25 = load_by_id("nato-2026@2025", [])
    text = preview_text(preview(parse_command("ukraine on", p25), evaluate(p25)))
    assert text.startswith("Ukraine aid counted toward core spending; NATO's gap to 3.5 % USD ")


def test_a_group_or_all_leaves_out_members_the_targets_do_not_apply_to():
    # Iceland (no armed forces) is in Europe & Canada, but a group command does not give it a
    # core share: 25 of its 30 assessed allies are below 3.5 % in 2026 and are raised, not 26
    from calc.engine.changes import apply_changes
    from calc.files.presets import load_by_id

    preset = load_by_id("nato-2026")
    edit = parse_command("europe-canada core >= 3.5%", preset)
    codes = [c.member for c in edit.changes]
    assert "ISL" not in codes and len(codes) == 25
    after = apply_changes(preset, list(parse_command("all core +10%", preset).changes))
    assert not after.member("ISL").assessed and after.member("ISL").core == preset.member("ISL").core
    # naming it is deliberate, and still works
    assert [c.member for c in parse_command("ISL core 1%", preset).changes] == ["ISL"]


def test_the_star_of_set_leaves_iceland_as_not_assessed():
    from calc.engine.changes import Change, apply_changes
    from calc.files.presets import load_by_id

    preset = load_by_id("nato-2026")
    after = apply_changes(preset, [Change("scale", member="*", field="core", value=D("1.1"))])
    assert not after.member("ISL").assessed
    assert after.member("DEU").core.value == preset.member("DEU").core.value * D("1.1")
