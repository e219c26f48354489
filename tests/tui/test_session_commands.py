"""The command bar's model: ``Session.run_command`` and its companions (calc/tui/session.py),
on nato-2026, without an app: each command through the session's own operations."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from helpers import run

from calc.engine.changes import Change
from calc.errors import CalcError, ChangeError, OutputError
from calc.files.presets import load_by_id
from calc.tui.session import Session

DEU_3 = Change("set", "DEU", "core_share", D("0.03"))


@pytest.fixture
def s() -> Session:
    session = Session()
    session.start(load_by_id("nato-2026", []))
    return session


def test_an_edit_is_one_undoable_step(s):
    ran = s.run_command("DEU FRA core 3%")
    assert ran.pending is None and ran.changed.figures
    assert s.changes == (DEU_3, Change("set", "FRA", "core_share", D("0.03")))
    assert s.result.member("DEU").core == D("163.6794")  # 0.03 × 5,455.98
    s.run_command("undo")
    assert s.changes == ()
    s.run_command("redo")
    assert len(s.changes) == 2
    assert s.history.cursor == 1  # one step for both members


def test_reset_all_and_reset_a_member(s):
    s.run_command("DEU core 3%")
    s.run_command("FRA core 3%")
    s.run_command("reset DEU")
    assert s.result.member("DEU").core == D("147.002")
    s.run_command("reset all")
    assert s.changes == () and s.run_command("undo").changed.figures


def test_an_at_least_names_what_stays(s):
    ran = s.run_command("europe-canada core >= 3.5%")
    assert "already at or above it stay (ctrl+z undoes)" in ran.changed.notice
    assert s.result.member("POL").core_share == D("0.0468")
    assert s.result.member("DEU").core_share == D("0.035")
    assert s.run_command("POL core >= 3%").changed.notice == (
        "Nothing changed: every member named is at or above it already."
    )


def test_group_compare_and_compare_off_use_the_session(s):
    assert s.run_command("group eu").changed.notice == "Showing EU members."
    assert s.group == "eu"
    s.run_command("compare nato-2025")
    assert s.comparing and s.compare_side.label == "nato-2025"
    s.run_command("compare off")
    assert not s.comparing


def test_copy_and_path_are_left_to_the_screen(s):
    assert s.run_command("copy").pending.kind == "copy"
    ran = s.run_command("path CAN growth 2%")
    assert (ran.pending.kind, ran.pending.args) == ("path", ("CAN", "0.02"))


def test_a_refused_command_changes_nothing_and_is_not_recorded(s):
    s.run_command("DEU core 3%")
    history = s.history
    for text in ("DUE core 3%", "group eux", "DEU core 300%"):
        with pytest.raises(ChangeError):
            s.run_command(text)
    assert s.history is history and s.command_history == ["DEU core 3%"]


def test_a_slip_is_refused_until_forced(s):
    with pytest.raises(ChangeError) as e:
        s.run_command("DEU core 3")
    assert "(for 3 % of GDP write 3%)" in e.value.msg and "Enter again applies it" in e.value.msg
    assert s.changes == ()
    s.run_command("DEU core 3", force=True)
    assert s.result.member("DEU").core == D("3")


def test_the_preview_and_tab_while_typing(s):
    assert s.preview_command("DEU core 3%") == (
        True,
        "Germany core 2.69 % → 3.00 %; gap to 3.5 % USD 44.0 → 27.3 bn",
    )
    ok, why = s.preview_command("DUE core 3%")
    assert not ok and why == "unknown member 'DUE' (did you mean 'DEU', Germany?)"
    assert s.changes == ()
    assert "compare nato-2025" in s.complete_command("compare nato-20")


def test_save_and_export_write_files_and_never_replace_one(s, tmp_path):
    s.run_command("DEU core 3%")
    target = tmp_path / "meeting.toml"
    s.run_command(f"save {target}")
    assert target.exists() and not s.dirty
    s.run_command("FRA core 3%")
    s.run_command(f"save {target}")  # its own file: saved over
    other = tmp_path / "other.md"
    other.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError):
        s.run_command(f"export md {other}")
    assert other.read_text(encoding="utf-8") == "mine"
    out = tmp_path / "view.md"
    s.run_command(f"export md {out}")
    assert out.read_text(encoding="utf-8").startswith("#")


def test_the_command_history_exports_as_a_script_that_do_replays(s, tmp_path, capsys):
    for text in (
        "DEU core 3%",
        "without USA",
        "group eu",
        "copy",
        "europe-canada core >= 3%",
        "undo",
        "target core 3%",
    ):
        s.run_command(text)
    script = tmp_path / "meeting.txt"
    s.export_commands(script)
    text = script.read_text(encoding="utf-8")
    assert "# copy  (the TUI's only)" in text and "nato-calc report --preset nato-2026 --do @FILE" in text
    code, out, err = run(capsys, "report", "--preset", "nato-2026", "--do", f"@{script}", "-f", "json")
    assert code == 0, err
    d = json.loads(out, parse_float=D)
    assert d["preset"]["modified"] == [c.describe() for c in s.changes]
    with pytest.raises(CalcError):  # never over an existing file
        s.export_commands(script)


def test_the_script_says_when_the_session_holds_edits_made_outside_the_command_bar(s):
    s.run_command("DEU core 3%")
    assert "note:" not in s.command_script()
    s.commit(Change("set", "FRA", "core_share", D("0.03")))  # an edit in the table
    assert "# note: the session's figures also hold edits made outside the command bar" in s.command_script()


def test_a_reset_of_figures_already_the_presets_is_no_step(s):
    assert (
        s.run_command("reset FRA").changed.notice == "Nothing changed: the figures are the preset's already."
    )
    assert s.history.cursor == 0
    assert s.preview_command("reset FRA") == (True, "nothing to change: the figures are the preset's")


def test_a_refusal_is_in_the_commands_words_not_the_changes_numbers(s):
    ok, why = s.preview_command("DEU FRA core 300%")
    assert (ok, why) == (False, "DEU core share: cannot exceed 100 % of GDP")
    with pytest.raises(ChangeError) as e:
        s.run_command("DEU FRA core 300%", force=True)
    assert e.value.msg == "DEU core share: cannot exceed 100 % of GDP"


def test_compare_base_compares_with_the_preset_as_published(s):
    s.run_command("DEU core 3%")
    s.run_command("compare base")
    assert s.compare_side.kind == "base"


def test_a_saved_scenario_records_an_at_least_as_the_members_it_raised(s, tmp_path):
    from calc.files.scenario_file import load_scenario

    s.run_command("DEU FRA POL core >= 3.5%")  # Poland is above: not recorded
    path = tmp_path / "meeting.toml"
    s.run_command(f"save {path}")
    assert load_scenario(path, []).changes == (
        Change("set", "DEU", "core_share", D("0.035")),
        Change("set", "FRA", "core_share", D("0.035")),
    )


def test_year_and_currency_switch_the_session_and_keep_the_changes(s):
    s.run_command("DEU core 3%")
    ran = s.run_command("year 2024")
    assert ran.pending is None and s.preset.year == 2024
    assert s.result.member("DEU").core_share == D("0.03")  # 3 % of 2024's GDP
    assert s.run_command("currency eur").pending is None and s.currency == "eur"
    with pytest.raises(ChangeError) as e:
        s.run_command("year 2013")
    assert e.value.msg == "year 2013: the release holds the years 2014–2026"


def test_the_preview_gives_money_in_the_sessions_currency(s):
    s.run_command("currency eur")  # EUR 0.848016 per USD in 2026 (NATO's tables)
    # 43.9573 × 0.848016 = 37.28 and 27.2799 × 0.848016 = 23.13
    assert s.preview_command("DEU core 3%") == (
        True,
        "Germany core 2.69 % → 3.00 %; gap to 3.5 % EUR 37.3 → 23.1 bn",
    )
    s.run_command("currency national")
    assert s.preview_command("POL core 3%")[1].startswith(
        "Poland core 4.68 % → 3.00 %; gap to 3.5 % PLN 0.0 → "
    )


def test_export_takes_its_format_from_the_name_and_refuses_a_name_that_contradicts_it(s, tmp_path):
    book = tmp_path / "meeting.xlsx"
    ran = s.run_command(f"export {book}")
    assert book.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert ran.changed.notices[0].text.startswith("Exported NATO as Excel to ")
    assert s.preview_command(f"export xlsx {tmp_path / 'b.xlsx'}") == (
        True,
        f"export the view as Excel to {tmp_path / 'b.xlsx'}",
    )
    wrong = tmp_path / "view.md"
    ok, why = s.preview_command(f"export csv {wrong}")
    assert not ok and why == (
        "export: view.md names a Markdown file, not CSV; name it view.csv, "
        "or drop the format and it is written as Markdown"
    )
    with pytest.raises(OutputError, match="names a Markdown file, not CSV"):
        s.run_command(f"export csv {wrong}")
    assert not wrong.exists()
    with pytest.raises(OutputError, match="its extension names no format"):
        s.run_command(f"export {tmp_path / 'view.out'}")
    s.run_command(f"export {wrong}")
    assert wrong.read_text(encoding="utf-8").startswith("#")


def test_the_plans_command_previews_what_it_opens(s):
    assert s.preview_command("plans") == (
        True,
        "open the national plans of the group shown against the path to the targets",
    )
    assert s.preview_command("plans deu") == (
        True,
        "open the national plans of DEU against the path to the targets",
    )


def test_an_edit_says_what_it_did_and_is_recorded(s):
    ran = s.run_command("DEU core 3%")
    core = s.preset.member("DEU").core
    assert core.share and core.value == D("0.03")
    assert ran.changed.notice == "DEU core share → 3 % (ctrl+z undoes)"
    s.run_command("undo")
    assert s.preset.member("DEU").core.value == D("147.002")


def test_without_excludes_and_with_includes_again(s):
    assert s.run_command("without USA").changed.notice == "exclude USA (ctrl+z undoes)"
    assert not s.preset.member("USA").included
    assert s.run_command("with usa").changed.notice == "include USA (ctrl+z undoes)"
    assert s.preset.member("USA").included
    assert s.command_history == ["without USA", "with usa"]  # what ↑ recalls, oldest first


def test_a_slip_is_warned_of_while_typing(s):
    # 3.5 % of GDP 5,456.0 = 190.96, less 3 = 187.96
    assert s.preview_command("DEU core 3") == (
        True,
        "Germany core 2.69 % → 0.05 %; gap to 3.5 % USD 44.0 → 188.0 bn; check: DEU (Germany) core"
        " spending: $147.0 bn → $3.00 bn, less than a fifth of its current value (for 3 % of GDP write 3%)",
    )


def test_tab_completes_a_name_and_the_members_a_without_can_name(s):
    assert s.complete_command("ger") == ["Germany"]
    assert s.complete_command("without u") == [
        "without USA",
        "without United Kingdom",
        "without United States",
    ]
    assert s.complete_command("cur") == ["currency"]


def test_year_and_currency_show_germanys_2024_core_in_euros(s):
    s.run_command("year 2024")
    s.run_command("currency eur")
    # USD 93.747 bn at NATO's 2024 rate of EUR 0.9242 per USD
    assert s.result.member("DEU").core == D("93.747")
    assert round(s.shown.member("DEU").core, 2) == D("86.64")
    assert s.currency_text().startswith("Money in euros: EUR 0.9242 per USD in 2024")
