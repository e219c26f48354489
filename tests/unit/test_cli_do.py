"""``--do`` end to end: the command bar's grammar on ``report``, ``compare`` (B), ``path`` and
``history``, inline and as a script file, on nato-2026.

Hand counts: Germany 2026 GDP USD 5,455.98 bn (shown 5,456.0), core USD 147.002 bn (147.0); at
3 % core: 0.03 × 5,455.98 = 163.6794 bn (163.68); the gap to 3.5 %: 190.9593 − 163.6794 =
27.2799 bn.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from helpers import run


def doc(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--preset", "nato-2026", "--format", "json")
    assert code == 0, err
    return json.loads(out, parse_float=D)


def member(d: dict, code: str) -> dict:
    return next(m for m in d["members"] if m["code"] == code)


def refused(capsys, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, ""), (code, out, err)
    assert err.count("\n") == 1, err
    return err.strip()


def test_do_sets_germany_to_3_percent_and_leaves_the_us_out(capsys):
    d = doc(capsys, "report", "--do", "DEU core 3%; without USA")
    deu = member(d, "DEU")
    assert (deu["gdp"], deu["core"], deu["core_share"]) == (D("5455.98"), D("163.6794"), D("0.03"))
    assert deu["gap_core"] == D("27.2799")
    assert d["preset"]["excluded"] == ["USA"] and "USA" not in [m["code"] for m in d["members"]]
    assert d["preset"]["modified"] == ["DEU core share → 3 %", "exclude USA"]


def test_do_gives_the_same_report_as_the_flags(capsys):
    by_do = doc(capsys, "report", "--do", "Germany core 3%; without us; target core 3%")
    by_flags = doc(capsys, "report", "--set", "DEU.core=3%", "--exclude", "USA", "--target", "core=3%")
    assert by_do == by_flags


def test_a_script_file_replays_with_its_comments_undo_and_at_least(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "meeting.txt").write_text(
        "# the Tuesday meeting\nDEU core 3%   # Germany first\nwithout USA; FRA core >= 3.5%\nundo\n"
        "europe-canada core >= 2.5%\n",
        encoding="utf-8",
    )
    d = doc(capsys, "report", "--do", "@meeting.txt")
    assert member(d, "FRA")["core_share"] == D("0.025")  # 2.22 % raised; the 3.5 % undone
    assert member(d, "DEU")["core_share"] == D("0.03")  # 3 % is above 2.5 %: stays
    assert member(d, "POL")["core_share"] == D("0.0468")  # above: untouched
    assert d["preset"]["modified"][:2] == ["DEU core share → 3 %", "exclude USA"]


def test_year_and_currency_in_do_act_as_their_flags(capsys):
    assert doc(capsys, "report", "--do", "year 2024; currency eur") == doc(
        capsys, "report", "--year", "2024", "--currency", "eur"
    )


def test_a_year_that_contradicts_the_flag_is_refused(capsys):
    err = refused(capsys, "report", "--year", "2025", "--do", "year 2024")
    assert err == "nato-calc: --do 'year 2024': --year 2025 says otherwise; give one"


def test_compare_applies_do_to_side_b(capsys):
    code, out, err = run(capsys, "compare", "nato-2026", "--do", "DEU core 3%", "--format", "json")
    assert code == 0, err
    d = json.loads(out, parse_float=D)
    deu = next(m for m in d["members"] if m["code"] == "DEU")
    assert deu["b"]["core"] == D("163.6794") and deu["a"]["core"] == D("147.002")


def test_path_takes_its_member_and_growth_from_do(capsys):
    assert doc(capsys, "path", "--do", "path CAN growth 2%") == doc(
        capsys, "path", "--member", "CAN", "--growth", "2%"
    )


def test_history_takes_the_year_and_refuses_a_change_of_the_figures(capsys):
    assert doc(capsys, "history", "--member", "DEU", "--do", "year 2024") == doc(
        capsys, "history", "--member", "DEU", "--year", "2024"
    )
    err = refused(capsys, "history", "--member", "DEU", "--do", "year 2024; DEU core 3%")
    assert err == (
        "nato-calc: --do 'DEU core 3%': history shows NATO's published figures and takes no change "
        "of them; use report or path with --do for a what-if"
    )


@pytest.mark.parametrize(
    "command, why",
    [
        (
            "save x.toml",
            "the command line saves no scenario; keep the commands in a file and replay them with --do @FILE",
        ),
        ("export md x.md", "use -o FILE (and -f FORMAT) to write the output to a file"),
        ("copy", "the output goes to stdout (pipe it to the clipboard), or use -o FILE"),
        ("compare nato-2025", "use nato-calc compare A B (--do applies to B)"),
        ("path CAN", "use nato-calc path --member CODE --growth RATE"),
    ],
)
def test_session_only_commands_are_refused_naming_the_flag(capsys, tmp_path, command, why):
    out = tmp_path / "out.json"
    err = refused(
        capsys, "report", "--preset", "nato-2026", "--do", f"DEU core 3%; {command}", "-o", str(out)
    )
    assert err == f"nato-calc: --do '{command}': {why}"
    assert not out.exists()


def test_errors_exit_2_in_one_line_and_write_nothing(capsys, tmp_path):
    out = tmp_path / "out.json"
    base = ("report", "--preset", "nato-2026", "-o", str(out))
    assert refused(capsys, *base, "--do", "DUE core 3%") == (
        "nato-calc: --do 'DUE core 3%': unknown member 'DUE' (did you mean 'DEU', Germany?)"
    )
    assert "a bare number on a share is ambiguous" in refused(capsys, *base, "--do", "DEU core_share 0.03")
    script = tmp_path / "m.txt"
    script.write_text("DEU core 3%\nDEU cor 3%\n", encoding="utf-8")
    assert refused(capsys, *base, "--do", f"@{script}").startswith(
        f"nato-calc: --do {script}:2: 'DEU cor 3%': name a field after the members"
    )
    assert refused(capsys, *base, "--do", f"@{tmp_path / 'none.txt'}").endswith(
        "cannot read the script: No such file or directory"
    )
    assert not out.exists()


def test_a_slip_is_refused_unless_forced(capsys):
    err = refused(capsys, "report", "--preset", "nato-2026", "--do", "DEU core 3")
    assert "$147.0 bn → $3.00 bn" in err and "(for 3 % of GDP write 3%)" in err and "--force" in err
    assert member(doc(capsys, "report", "--do", "DEU core 3", "--force"), "DEU")["core"] == D("3")


def test_history_takes_a_group_from_do_unless_a_member_is_given(capsys):
    assert doc(capsys, "history", "--do", "group eu") == doc(capsys, "history", "--group", "eu")
    err = refused(capsys, "history", "--member", "DEU", "--do", "group eu")
    assert err == "nato-calc: --do 'group eu': --member DEU says otherwise: give a member or a group"


def test_ukraine_on_in_do_is_the_count_ukraine_flag(capsys):
    assert doc(capsys, "report", "--year", "2025", "--do", "ukraine on") == doc(
        capsys, "report", "--year", "2025", "--count-ukraine"
    )
