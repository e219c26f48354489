"""Members named the way people name them (issue 10 item 6).

Codes, ISO alpha-2 codes, names in any case and common aliases are accepted everywhere a member
is named (``--set``, ``--exclude``, ``path --member``, scenario files, the TUI's filter); files
keep ISO3; suggestions rank by name as well as code; an ambiguous text is refused with its
candidates.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D

import pytest
from helpers import ROOT, run
from hypothesis import given
from hypothesis import strategies as st

from calc.domain.countries import MemberNameError, MemberNames, member_matches, resolve_member
from calc.engine.changes import Change, apply_changes
from calc.errors import CalcError, ChangeError, did_you_mean
from calc.files.presets import load_by_id

NATO = load_by_id("nato-2025")
NAMES = MemberNames((m.code, m.name) for m in NATO.members)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("DEU", "DEU"), ("deu", "DEU"), (" DEU ", "DEU"), ("DE", "DEU"), ("GER", "DEU"), ("ger", "DEU"),
        ("Germany", "DEU"), ("GERMANY", "DEU"), ("germany", "DEU"), ("Deutschland", "DEU"),
        ("UK", "GBR"), ("GB", "GBR"), ("uk", "GBR"), ("United Kingdom", "GBR"), ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("US", "USA"), ("USA", "USA"), ("U.S.", "USA"), ("U.S.A.", "USA"), ("America", "USA"),
        ("United States", "USA"), ("United States of America", "USA"),
        ("NL", "NLD"), ("Holland", "NLD"), ("Netherlands", "NLD"), ("The Netherlands", "NLD"),
        ("Turkey", "TUR"), ("Türkiye", "TUR"), ("turkiye", "TUR"), ("TR", "TUR"),
        ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("CZ", "CZE"),
        ("Macedonia", "MKD"), ("North Macedonia", "MKD"), ("EL", "GRC"), ("Greece", "GRC"),
        ("germ", "DEU"), ("Ice", "ISL"), ("kingdom", "GBR"), ("Kingdom of the Netherlands", "NLD"),
    ],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 31 more lines
def test_codes_names_and_aliases_resolve_to_the_iso3_code(typed, code):
    assert NAMES.resolve(typed) == code


@pytest.mark.parametrize(
    ("typed", "message", "candidates"),
    [
        ("united", "'united' could be GBR (United Kingdom) or USA (United States); write the code", ("GBR", "USA")),
        ("slov", "'slov' could be SVK (Slovakia) or SVN (Slovenia); write the code", ("SVK", "SVN")),
    ],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
def test_a_text_that_names_several_members_is_refused_with_the_candidates(typed, message, candidates):
    with pytest.raises(MemberNameError) as e:
        NAMES.resolve(typed)
    assert (e.value.msg, e.value.candidates) == (message, candidates)


def test_an_alias_that_also_begins_another_member_s_name_is_ambiguous():
    names = MemberNames([("GRC", "Greece"), ("GRE", "Grenland")])  # made up: GRE is not an alias here
    assert names.resolve("GRE") == "GRE"  # an exact code wins
    names = MemberNames([("GRC", "Greece"), ("XGR", "Greenland")])
    with pytest.raises(MemberNameError) as e:
        names.resolve("gre")
    assert e.value.candidates == ("GRC", "XGR")


def test_suggestions_rank_by_name_as_well_as_code():
    """Was: GER suggested Greece (GRC is closer than DEU as a code)."""
    codes = NATO.codes
    names = {m.code: [m.name] for m in NATO.members}
    assert did_you_mean("GER", codes) == " (did you mean 'GRC'?)"  # by code alone
    assert did_you_mean("GER", codes, names=names) == " (did you mean 'DEU', Germany?)"
    assert NAMES.suggest("Germny")[0] == "DEU"
    assert NAMES.suggest("Nethrlands")[0] == "NLD"
    assert NAMES.suggest("DEX")[0] == "DEU"  # the closer code before Denmark's alias "den"


def test_an_unknown_member_gets_a_did_you_mean_by_name():
    with pytest.raises(MemberNameError) as e:
        NAMES.resolve("Germny")
    assert e.value.msg == "unknown member 'Germny' (did you mean 'DEU', Germany?)"


def test_a_country_that_is_not_a_member_is_named_as_such():
    with pytest.raises(MemberNameError) as e:
        NAMES.resolve("Ukraine")
    assert e.value.msg == "unknown member 'Ukraine': Ukraine (UKR) is not a member in this preset"
    with pytest.raises(MemberNameError) as e:
        NAMES.resolve("AT")
    assert e.value.msg == "unknown member 'AT': Austria (AUT) is not a member in this preset"


def test_a_preset_s_own_codes_and_names_win_over_the_aliases():
    names = MemberNames([("GER", "Gerland"), ("DEU", "Germany")])
    assert names.resolve("GER") == "GER" and names.resolve("gerland") == "GER"
    assert resolve_member("Germany", [("GER", "Gerland"), ("DEU", "Germany")]) == "DEU"


def test_two_members_with_one_name_are_refused():
    with pytest.raises(MemberNameError) as e:
        MemberNames([("AAA", "Twin"), ("BBB", "Twin")]).resolve("twin")
    assert e.value.candidates == ("AAA", "BBB")


@given(st.text(max_size=12))
def test_any_text_names_one_member_or_says_clearly_why_not(text):
    try:
        code = NAMES.resolve(text)
    except MemberNameError as e:
        assert e.msg.strip() and "\n" not in e.msg and len(e.msg) < 300
        assert all(c in NAMES.codes for c in e.candidates)
    else:
        assert code in NAMES.codes


# ---- everywhere a member is named ----------------------------------------------------------------


def test_the_command_line_takes_names_and_aliases_and_reports_iso3(capsys):
    code, out, err = run(
        capsys, "report", "-f", "json", "--set", "UK.core_share=3%", "--set", "Germany.core=+10%",
        "--set", "U.S.A.gdp=x1.01", "--exclude", "holland", "--exclude", "TR",
    )  # fmt: skip  # hand-wrapped: ruff's layout takes 12 more lines
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["preset"]["modified"] == [
        "GBR core share → 3 %",
        "DEU core spending ×1.1",
        "USA GDP ×1.01",
        "exclude NLD",
        "exclude TUR",
    ]
    assert doc["preset"]["excluded"] == ["NLD", "TUR"]


def test_path_member_takes_a_name(capsys):
    code, out, err = run(capsys, "path", "--member", "germany", "-f", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["scope"]["id"] == "DEU"


def test_an_ambiguous_member_on_the_command_line_exits_2_with_the_candidates(capsys):
    code, out, err = run(capsys, "report", "--exclude", "united")
    assert (code, out) == (2, "")
    assert err == (
        "nato-calc: exclude united: 'united' could be GBR (United Kingdom) or USA (United States); "
        "write the code\n"
    )


def test_apply_changes_resolves_names_and_the_error_carries_the_member_key():
    out = apply_changes(NATO, [Change("set", "Poland", "core_share", D("0.05"))])
    assert out.member("POL").core.value == D("0.05")
    assert out.modified == ("POL core share → 5 %",)
    with pytest.raises(ChangeError) as e:
        apply_changes(NATO, [Change("exclude", "Qwzx")])
    assert e.value.key == "member" and e.value.detail == "unknown member 'Qwzx'"


def test_a_scenario_file_accepts_names_and_keeps_iso3_when_saved(tmp_path):
    from calc.files.scenario_file import load_scenario, save_scenario

    path = tmp_path / "aliases.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "nato-2025"\nchanges = [\n'
        '  { op = "set", member = "UK", field = "core_share", value = 0.03 },\n'
        '  { op = "exclude", member = "United States" },\n'
        '  { op = "growth", member = "ger", value = 0.01 },\n]\n'
    )
    s = load_scenario(path)
    assert [c.member for c in s.changes] == ["GBR", "USA", "DEU"]
    out = tmp_path / "saved.toml"
    save_scenario(out, s.base_ref, s.changes)
    text = out.read_text()
    assert 'member = "GBR"' in text and 'member = "USA"' in text and 'member = "DEU"' in text
    assert "UK" not in text and "United States" not in text


def test_a_scenario_file_with_an_unknown_or_ambiguous_member_is_located(tmp_path):
    from calc.errors import ScenarioError
    from calc.files.scenario_file import load_scenario

    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "nato-2025"\nchanges = [\n'
        '  { op = "exclude", member = "united" },\n  { op = "exclude", member = "Germny" },\n]\n'
    )
    with pytest.raises(ScenarioError) as e:
        load_scenario(path)
    assert [(i.loc, i.msg) for i in e.value.issues] == [
        (
            "changes[1].member",
            "'united' could be GBR (United Kingdom) or USA (United States); write the code",
        ),
        ("changes[2].member", "unknown member 'Germny' (did you mean 'DEU', Germany?)"),
    ]


@pytest.mark.parametrize(
    ("needle", "code", "name", "found"),
    [
        ("uk", "GBR", "United Kingdom", True),
        ("UK", "GBR", "United Kingdom", True),
        ("ger", "DEU", "Germany", True),
        ("germany", "DEU", "Germany", True),
        ("holland", "NLD", "Netherlands", True),
        ("us", "USA", "United States", True),
        ("turk", "TUR", "Türkiye", True),
        ("turkey", "TUR", "Türkiye", True),
        ("uk", "DEU", "Germany", False),
        ("holland", "DEU", "Germany", False),
        ("", "DEU", "Germany", True),
    ],
)
def test_the_tui_filter_finds_codes_names_and_aliases(needle, code, name, found):
    assert member_matches(needle, code, name) is found


async def test_typing_uk_in_the_tui_filter_finds_the_united_kingdom(monkeypatch, tmp_path):
    from calc.tui import make_app

    monkeypatch.chdir(tmp_path)
    presets = ROOT / "tests" / "tui" / "data" / "presets"
    app = make_app(preset="test-2025", presets_dirs=[presets], theme="textual-dark", cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"uk")
        await pilot.pause()
        assert app.main_screen.table.order == ["GBR"]
        await pilot.press("backspace", "backspace", *"holland")
        await pilot.pause()
        assert app.main_screen.table.order == []  # the test preset has no Netherlands
        await pilot.press(*["backspace"] * 7, *"us")
        await pilot.pause()
        assert app.main_screen.table.order == ["USA"]


def test_pycountry_stays_out_of_the_common_paths():
    """Codes, names and built-in aliases resolve without importing pycountry (40 ms)."""
    code = (
        "import sys\n"
        "from calc.cli import main\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['report', '--set', 'UK.core=+1%', '--exclude', 'Germany', '--set', 'ger.gdp=x1.01'])\n"
        "assert 'pycountry' not in sys.modules, 'pycountry imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})  # fmt: skip  # hand-wrapped: ruff's layout takes 6 more lines
    assert done.returncode == 0, done.stderr


def test_a_member_error_is_a_calc_error_on_every_path(capsys):
    """Nothing a person types for a member becomes a traceback."""
    for argv in (
        ["report", "--set", "..core=3%"],
        ["path", "--member", " "],
        ["report", "--exclude", "\x1b[2J"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and "Traceback" not in err and "\x1b" not in err, err
    assert issubclass(ChangeError, CalcError)
