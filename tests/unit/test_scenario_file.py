"""Scenario files and what-if changes: order, stacking, immutability, '*', growth, bad files."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import DATA

from calc.domain.dataset import Growth
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import evaluate
from calc.errors import ChangeError, PresetError, ScenarioError
from calc.files.presets import load_preset
from calc.files.scenario_file import is_file_ref, load_ref, load_scenario, save_scenario

TOY = DATA / "toy"
SCEN = DATA / "scenarios"
BAD = SCEN / "bad"
DIRS = [TOY]


@pytest.fixture
def toy() -> object:
    return load_preset(TOY / "toy-2025.toml")


def core_share(preset, code: str) -> D:
    return evaluate(preset).member(code).core_share


# --------------------------------------------------------------------------------------------
# Application order and immutability
# --------------------------------------------------------------------------------------------


class TestOrder:
    def test_a_later_change_to_the_same_figure_wins(self, toy):
        out = apply_changes(
            toy,
            [
                Change("set", "DEU", "core_share", D("0.03")),
                Change("set", "DEU", "core_share", D("0.025")),
            ],
        )
        assert core_share(out, "DEU") == D("0.025")

    def test_changes_apply_to_the_result_of_the_previous_ones(self, toy):
        # set then add then scale: ((0.03 + 0.005) * 400) * 1.5 = 21 (USD bn)
        out = apply_changes(
            toy,
            [
                Change("set", "DEU", "core_share", D("0.03")),
                Change("add", "DEU", "core_share", D("0.005")),
                Change("scale", "DEU", "core", D("1.5")),
            ],
        )
        assert evaluate(out).member("DEU").core == D("21")

    def test_a_later_set_replaces_an_earlier_scale_and_not_the_other_way_round(self, toy):
        a = apply_changes(toy, [Change("scale", "POL", "core", D(2)), Change("set", "POL", "core", D(5))])
        b = apply_changes(toy, [Change("set", "POL", "core", D(5)), Change("scale", "POL", "core", D(2))])
        assert evaluate(a).member("POL").core == D(5)
        assert evaluate(b).member("POL").core == D(10)

    def test_a_share_stays_a_share_when_gdp_changes_later(self, toy):
        out = apply_changes(
            toy, [Change("set", "DEU", "core_share", D("0.03")), Change("set", "DEU", "gdp", D(500))]
        )
        assert evaluate(out).member("DEU").core == D(15)

    def test_the_scenario_file_applies_its_changes_in_file_order(self):
        s = load_scenario(SCEN / "stacked.toml")
        # deu-3pct sets 3 %, stacked.toml sets 3.5 % afterwards: the later one wins
        assert core_share(s.apply(), "DEU") == D("0.035")


class TestNeverMutates:
    def test_applying_changes_leaves_the_preset_as_it_was(self, toy):
        before = load_preset(TOY / "toy-2025.toml")
        out = apply_changes(
            toy,
            [
                Change("set", "DEU", "core_share", D("0.05")),
                Change("exclude", "USA"),
                Change("target", None, "core", D("0.03")),
                Change("growth", None, None, D("0.02")),
            ],
        )
        assert toy == before
        assert out is not toy
        assert toy.member("USA").included and toy.targets.core == D("0.035")
        assert toy.growth == Growth()

    def test_applying_a_scenario_leaves_its_base_as_it_was(self):
        s = load_scenario(SCEN / "stacked.toml")
        base_before = s.base
        s.apply()
        s.apply()
        fresh = load_preset(TOY / "toy-2025.toml")
        assert s.base == base_before
        assert replace(s.base, path=None) == replace(fresh, path=None)
        assert core_share(s.base, "DEU") == D("0.02")

    def test_no_changes_return_the_preset_itself(self, toy):
        assert apply_changes(toy, []) is toy


# --------------------------------------------------------------------------------------------
# Stacking
# --------------------------------------------------------------------------------------------


def _same(p, q) -> None:
    """Two presets hold the same data (labels and file paths aside)."""
    assert p.members == q.members
    assert p.targets == q.targets
    assert p.growth == q.growth
    assert p.modified == q.modified
    assert evaluate(p).members == evaluate(q).members


class TestStacking:
    def test_a_stacked_scenario_equals_one_file_with_both_change_lists(self):
        stacked = load_scenario(SCEN / "stacked.toml")
        combined = load_scenario(SCEN / "combined.toml", DIRS)
        assert stacked.changes == combined.changes
        _same(stacked.apply(), combined.apply())

    def test_the_base_scenario_changes_come_first(self):
        parent = load_scenario(SCEN / "deu-3pct.toml")
        child = load_scenario(SCEN / "stacked.toml")
        assert child.changes[: len(parent.changes)] == parent.changes
        assert child.base_ref == "deu-3pct.toml"
        assert child.label == "Germany to 3.5 %, without the US, core target 3 %"

    def test_a_preset_id_and_a_preset_path_give_the_same_base(self):
        by_path = load_scenario(SCEN / "deu-3pct.toml").base
        by_id = load_scenario(SCEN / "combined.toml", DIRS).base
        assert by_path.members == by_id.members and by_path.id == by_id.id == "toy-2025"

    def test_reset_restores_the_member_of_the_root_preset(self):
        s = load_scenario(SCEN / "reset.toml")
        out = s.apply()
        assert out.member("DEU") == s.base.member("DEU")
        assert evaluate(out).member("POL").gdp == D(120)

    def test_stacked_targets_and_exclusions_apply(self):
        out = load_scenario(SCEN / "stacked.toml").apply()
        assert out.targets.core == D("0.03")
        assert not out.member("USA").included
        assert out.scenario == "Germany to 3.5 %, without the US, core target 3 %"
        assert out.modified == (
            "DEU core share → 3 %",
            "GDP growth 1 %/yr for DEU",
            "GDP growth 2 %/yr",
            "DEU core share → 3.5 %",
            "exclude USA",
            "core target → 3 %",
        )

    def test_a_saved_scenario_loads_back_to_the_same_changes(self, tmp_path):
        s = load_scenario(SCEN / "stacked.toml")
        out = tmp_path / "saved.toml"
        save_scenario(out, "toy-2025", s.changes, label="saved", description="round trip")
        again = load_scenario(out, DIRS)
        assert again.changes == s.changes
        _same(again.apply(), s.apply())


# --------------------------------------------------------------------------------------------
# '*' and growth
# --------------------------------------------------------------------------------------------


class TestAllMembers:
    def test_star_changes_every_included_member_and_leaves_excluded_ones_alone(self):
        s = load_scenario(SCEN / "all-members.toml", DIRS)
        out = evaluate(s.apply())
        base = evaluate(s.base)
        for code in ("DEU", "POL", "NOR", "ISL"):
            assert out.member(code).core == base.member(code).core * D("1.1")
            assert out.member(code).related is None
        assert out.member("USA").core == base.member("USA").core == D(30)
        assert not out.member("USA").included

    def test_star_keeps_the_basis_of_each_figure(self, toy):
        out = apply_changes(toy, [Change("scale", "*", "core", D(2))])
        assert out.member("DEU").core.share and out.member("DEU").core.value == D("0.04")
        assert not out.member("POL").core.share and out.member("POL").core.value == D(9)

    def test_star_exclude_then_include_brings_everyone_back(self, toy):
        out = apply_changes(toy, [Change("exclude", "*"), Change("include", "*")])
        assert all(m.included for m in out.members)


class TestGrowth:
    def test_a_member_rate_beats_the_alliance_wide_rate_whatever_their_order(self):
        growth = load_scenario(SCEN / "deu-3pct.toml").apply().growth
        assert growth == Growth(D("0.02"), (("DEU", D("0.01")),))
        assert growth.rate("DEU", D(0)) == D("0.01")
        assert growth.rate("POL", D(0)) == D("0.02")

    def test_a_later_alliance_wide_rate_replaces_the_earlier_one(self, toy):
        out = apply_changes(
            toy, [Change("growth", None, None, D("0.02")), Change("growth", "*", None, D("0.03"))]
        )
        assert out.growth.default == D("0.03")

    def test_a_later_member_rate_replaces_the_earlier_one(self, toy):
        out = apply_changes(
            toy, [Change("growth", "POL", None, D("0.02")), Change("growth", "POL", None, D("0.04"))]
        )
        assert out.growth.members == (("POL", D("0.04")),)

    def test_a_member_rate_is_stored_under_the_member_code(self, toy):
        out = apply_changes(toy, [Change("growth", "pol", None, D("0.04"))])
        assert out.growth.rate("POL", D(0)) == D("0.04")

    def test_without_any_rate_the_fallback_is_used(self, toy):
        assert toy.growth.rate("POL", D("0.05")) == D("0.05")

    @pytest.mark.parametrize("rate", [D("-0.51"), D("1.01")])
    def test_a_rate_out_of_range_is_refused(self, toy, rate):
        with pytest.raises(ChangeError, match="growth must be between"):
            apply_changes(toy, [Change("growth", None, None, rate)])


# --------------------------------------------------------------------------------------------
# Errors with locations
# --------------------------------------------------------------------------------------------


def issues_of(path: Path, dirs=DIRS) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as e:
        load_scenario(path, dirs)
    return [(i.loc, i.msg) for i in e.value.issues]


# A table, kept as written: one row a line.
class TestBadFiles:
    def test_an_unknown_member_is_located_with_a_did_you_mean(self):
        assert issues_of(BAD / "unknown-member.toml") == [
            ("changes[3].member", "unknown member 'DEUU' (did you mean 'DEU', Germany?)")
        ]

    def test_the_message_names_the_file_the_change_and_the_problem(self, monkeypatch):
        monkeypatch.chdir(BAD)
        with pytest.raises(ScenarioError) as e:
            load_scenario(Path("unknown-member.toml"))
        assert str(e.value) == (
            "unknown-member.toml: changes[3].member: unknown member 'DEUU' (did you mean 'DEU', Germany?)"
        )

    def test_every_problem_in_a_file_is_reported_at_once_in_file_order(self):
        assert issues_of(BAD / "many-problems.toml") == [
            (
                "changes[1].op",
                "'sett' is not allowed; must be 'set', 'add', 'scale', 'exclude', 'include', "
                "'reset', 'target', 'growth' or 'count-ukraine' (did you mean 'set'?)",
            ),
            (
                "changes[2].field",
                "unknown field 'core_shar' (did you mean 'core_share'?); "
                "fields are gdp, core, core_share, related, related_share, ukraine_aid, ukraine_aid_share",
            ),
            ("changes[3].member", "unknown member 'DEUX' (did you mean 'DEU', Germany?)"),
            (
                "changes[4].field",
                "unknown target 'cor' (did you mean 'core'?); "
                "targets are guideline, core, related_cap, total, deadline, equipment",
            ),
            ("changes[5].valeu", "unknown key 'valeu' (did you mean 'value'?)"),
            ("changes[6].member", "'exclude' needs a member code"),
        ]

    def test_a_value_that_cannot_apply_is_located_at_its_change(self):
        # change 1 adds 1 (5.5), change 2 takes 6 away: -0.5
        assert issues_of(BAD / "bad-value.toml") == [
            ("changes[2].value", "POL core spending: cannot be negative (would be -0.5)")
        ]

    @pytest.mark.parametrize(
        "name, expected",
        [
            ("missing-base.toml", [("base", "cannot read 'no-such-file.toml': file not found")]),
            (
                "preset-with-toml.toml",
                [("base", "cannot read 'toy-2025.toml': file not found "
                          "(for the preset write base = \"toy-2025\", without .toml)")],
            ),
            ("no-base.toml", [("base", "required key is missing")]),
            ("unknown-key.toml", [("bse", "unknown key 'bse' (did you mean 'base'?)")]),
            ("bad-growth.toml", [("changes[1].value", "growth must be between -50% and 100% a year")]),
            (
                "bad-deadline.toml",
                [("changes[1].value", "the deadline must be a year between 2000 and 2100")],
            ),
            (
                "unknown-on-core.toml",
                [("changes[1].unknown", "only related spending and Ukraine aid can be set unknown")],
            ),
            ("scale-unknown.toml", [("changes[1].field", "USA related spending is unknown: set it first")]),
            ("bad-toml.toml", [("line 3, column 17", "invalid TOML: illegal character '\\n'")]),
            ("a-preset.toml", [("kind", "this is a preset, not a scenario (open it with --file)")]),
        ],
    )  # fmt: skip
    def test_bad_file(self, name, expected):
        assert issues_of(BAD / name) == expected

    def test_an_unknown_base_preset_gets_a_did_you_mean_and_the_list(self):
        [(loc, msg)] = issues_of(BAD / "unknown-preset.toml")
        assert loc == "base"
        assert msg.startswith("unknown preset 'toy-2052' (did you mean 'toy-2025'?); available: ")
        assert "toy-2024" in msg and "nato-2025" in msg

    def test_a_two_file_cycle_is_reported_in_the_file_that_closes_it(self, monkeypatch):
        monkeypatch.chdir(SCEN)
        with pytest.raises(ScenarioError) as e:
            load_scenario(Path("cycle-a.toml"))
        assert str(e.value) == (
            "cycle-b.toml: base: scenarios stack in a cycle: cycle-a.toml → cycle-b.toml → cycle-a.toml"
        )

    def test_a_scenario_based_on_itself_is_a_cycle(self, monkeypatch):
        monkeypatch.chdir(SCEN)
        with pytest.raises(ScenarioError) as e:
            load_scenario(Path("self-base.toml"))
        assert (
            str(e.value)
            == "self-base.toml: base: scenarios stack in a cycle: self-base.toml → self-base.toml"
        )

    def test_a_missing_scenario_file(self, tmp_path):
        with pytest.raises(ScenarioError) as e:
            load_scenario(tmp_path / "nope.toml")
        assert e.value.issues[0].msg == "file not found"

    def test_an_invalid_preset_as_base_reports_the_preset_file(self, tmp_path):
        (tmp_path / "broken.toml").write_text('schema_version = 1\nid = "broken"\n')
        (tmp_path / "s.toml").write_text('schema_version = 1\nkind = "scenario"\nbase = "broken.toml"\n')
        with pytest.raises(PresetError) as e:
            load_scenario(tmp_path / "s.toml")
        assert "broken.toml: label: required key is missing" in str(e.value)

    def test_a_problem_in_a_base_scenario_is_reported_in_that_file(self, tmp_path):
        (tmp_path / "parent.toml").write_text(
            'schema_version = 1\nkind = "scenario"\nbase = "toy-2025"\n'
            'changes = [{ op = "exclude", member = "FRA" }]\n'
        )
        (tmp_path / "child.toml").write_text('schema_version = 1\nkind = "scenario"\nbase = "parent.toml"\n')
        with pytest.raises(ScenarioError) as e:
            load_scenario(tmp_path / "child.toml", DIRS)
        assert e.value.file.endswith("parent.toml")
        assert [(i.loc, i.msg) for i in e.value.issues] == [
            ("changes[1].member", "unknown member 'FRA': France (FRA) is not a member in this preset")
        ]


class TestChangeErrors:
    def test_an_error_carries_the_index_key_and_bare_message(self, toy):
        with pytest.raises(ChangeError) as e:
            apply_changes(toy, [Change("set", "DEU", "gdp", D(1)), Change("set", "DEUX", "gdp", D(1))])
        assert e.value.index == 1
        assert e.value.key == "member"
        assert e.value.detail == "unknown member 'DEUX' (did you mean 'DEU', Germany?)"
        assert str(e.value) == (
            "change 2 (DEUX GDP → $1 bn): unknown member 'DEUX' (did you mean 'DEU', Germany?)"
        )


# --------------------------------------------------------------------------------------------
# Naming a preset or scenario in one word
# --------------------------------------------------------------------------------------------


# A table, kept as written: one row a line.
class TestLoadRef:
    @pytest.mark.parametrize(
        "ref, is_file",
        [("nato-2025", False), ("toy-2025", False), ("x.toml", True), ("./nato-2025", True),
         ("dir/x", True), ("dir\\x", True)],
    )  # fmt: skip
    def test_a_name_with_toml_or_a_separator_is_a_file(self, ref, is_file):
        assert is_file_ref(ref) is is_file

    def test_a_scenario_file_is_applied(self):
        p = load_ref(str(SCEN / "deu-3pct.toml"))
        assert core_share(p, "DEU") == D("0.03") and p.scenario == "Germany to 3 %"

    def test_a_preset_file_is_loaded_as_it_is(self):
        p = load_ref(str(TOY / "toy-2024.toml"))
        assert p.id == "toy-2024" and p.modified == ()

    def test_a_preset_id_is_looked_up_in_the_preset_folders(self):
        assert load_ref("toy-2024", DIRS).id == "toy-2024"

    def test_an_unknown_id_that_is_a_file_here_says_how_to_use_the_file(self, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "mine").write_text("x")
        from calc.errors import UnknownPresetError

        with pytest.raises(UnknownPresetError, match=r"\(to use the file, write \./mine\)"):
            load_ref("mine")
