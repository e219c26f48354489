"""The path view's "same as:" command on the session model (calc/tui/reproduce.py), no app:
the command built from a session and the path's assumptions prints, through the real CLI, the
very figures of the plan the path view shows (``plan(session.preset, ..., result=session.result)``,
as PathScreen.replan plans it); a change no flag expresses is said instead of a wrong command.

The fixed preset ``tests/tui/data/presets/test-2025.toml`` (8 members: USA, CAN, DEU, FRA, POL,
ISL, GBR, NOR). What only the screen shows (the line wraps, y copies it) stays in Pilot
(tests/tui/test_meeting_safety.py, TestPathCommandWhole).
"""

from __future__ import annotations

import contextlib
import io
import json
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

from calc.engine.changes import Change
from calc.files.presets import load_by_id
from calc.files.scenario_file import save_scenario
from calc.output.path import plan, render_json
from calc.tui.reproduce import CANNOT, command_text, path_command
from calc.tui.session import Session

PRESETS = Path(__file__).resolve().parent / "data" / "presets"
D = Decimal


def session() -> Session:
    s = Session([PRESETS])
    s.start(load_by_id("test-2025", [PRESETS]))
    return s


def shown(s: Session, member: str | None, *, growth=None, shape="linear", target_year=None):
    """The plan the path view shows for ``member`` (None: the session's group)."""
    return plan(s.preset, member=member, group=None if member else s.group, target_year=target_year,
                growth=growth, shape=shape, result=s.result)  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines


def same_as(s: Session, member: str | None, **settings) -> tuple[str, dict, dict]:
    """(the printed arguments, the view's JSON, the JSON the printed command prints)."""
    p = shown(s, member, **settings)
    args = path_command(s.cli_source(), s.changes, kind=p.kind, ident=p.id, growth=settings.get("growth"),
                        shape=p.shape, target_year=settings.get("target_year"), shown=p)  # fmt: skip  # hand-wrapped: ruff's layout takes 9 more lines
    text = command_text("nato-calc path", args).removeprefix("nato-calc path ")
    if args is None:
        return text, json.loads(render_json(p)), {}
    from calc.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["path", *shlex.split(text), "--format", "json"]) == 0
    return text, json.loads(render_json(p)), json.loads(out.getvalue())


def figures(d: dict) -> tuple:
    """Every figure of a path's JSON (a session's growth rate printed as --growth is the same
    rate with another source: the source is left out)."""
    members = [{k: v for k, v in m.items() if k != "growth_source"} for m in d["members"]]
    return (d["years"], d["cumulative_extra"], members, d["scope"]["kind"], d["scope"]["id"],
            d["assumptions"]["target_year"], d["assumptions"]["shape"])  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines


def test_a_scenario_file_with_a_core_share_and_a_deadline(tmp_path):
    path = tmp_path / "meeting plan.toml"  # the tests run in tmp_path: the command names it relatively
    save_scenario(path, "test-2025", [
        Change("set", member="DEU", field="core_share", value=D("0.03")),
        Change("target", field="deadline", value=D(2032)),
    ])  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
    s = session()
    s.open_scenario(path)
    text, view, printed = same_as(s, "DEU")
    assert text == f"--scenario 'meeting plan.toml' --presets-dir {shlex.quote(str(PRESETS))} --member DEU"
    assert view["assumptions"]["target_year"] == 2032
    assert figures(printed) == figures(view)
    # changed on top of the file: the file plus the flags
    s.commit(Change("target", field="core", value=D("0.03")))
    text, view, printed = same_as(s, "DEU")
    assert text.startswith("--scenario 'meeting plan.toml'") and "--target core=3%" in text
    assert figures(printed) == figures(view)


def test_an_unsaved_target_edit_and_an_edited_ally():
    s = session()
    s.commit(Change("target", field="core", value=D("0.03")))
    s.commit(Change("add", member="DEU", field="core_share", value=D("0.005")))
    s.commit(Change("scale", member="FRA", field="core", value=D("1.1")))
    text, view, printed = same_as(s, "DEU")
    assert text == (
        f"--file {shlex.quote(str(PRESETS / 'test-2025.toml'))} "
        "--set DEU.core_share=+0.5pp --set FRA.core=x1.1 --target core=3% --member DEU"
    )
    assert figures(printed) == figures(view)


def test_an_excluded_ally_and_the_group_path_with_its_assumptions():
    s = session()
    s.commit(Change("exclude", member="USA"))
    text, view, printed = same_as(s, None, growth=D("-0.01"), shape="front", target_year=2030)
    assert text.endswith("--exclude USA --group nato --growth=-1% --shape front --target-year 2030")
    assert "USA" not in [m["code"] for m in view["members"]]
    assert figures(printed) == figures(view)


def test_a_growth_change_in_the_session():
    s = session()
    s.commit(Change("growth", value=D("0.02")))
    text, view, printed = same_as(s, "POL")
    assert text.endswith("--member POL --growth=2%")
    assert figures(printed) == figures(view)


@pytest.mark.parametrize(
    "changes",
    [
        [Change("exclude", member="USA"), Change("include", member="USA")],
        [Change("set", member="DEU", field="core", value=D(150)), Change("reset", member="DEU")],
        [Change("growth", member="DEU", value=D("0.02"))],
    ],
    ids=["include", "reset", "member growth"],
)
def test_a_change_no_flag_expresses_is_said_instead_of_a_wrong_command(changes):
    s = session()
    for ch in changes:
        s.commit(ch)
    text, _, _ = same_as(s, "DEU")
    assert text == CANNOT
    assert "save the scenario to reproduce this view" in CANNOT
