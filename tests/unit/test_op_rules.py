"""One table of per-operation rules (calc.engine.changes.OP_RULES): the applier and the
scenario-file checks refuse the same changes, with the same words, at the same key."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from helpers import DATA

from calc.engine.changes import OP_RULES, OPS, Change, apply_changes, rule_problems
from calc.errors import ChangeError, ScenarioError
from calc.files.presets import load_preset
from calc.files.scenario_file import load_scenario

TOY = DATA / "toy"

# (the change as a scenario file writes it, the key and the words both give)
BROKEN = [
    ('{ op = "set", field = "core", value = 3 }', "member", "'set' needs a member code (or '*')"),
    ('{ op = "add", member = "DEU", value = 3 }', "field",
     "'add' needs a field; fields are gdp, core, core_share, related, related_share, ukraine_aid, "
     "ukraine_aid_share"),
    ('{ op = "scale", member = "DEU", field = "core" }', "value", "'scale' needs a value"),
    ('{ op = "exclude", member = "DEU", value = 1 }', "value", "'exclude' takes no value"),
    ('{ op = "reset", member = "DEU", field = "core" }', "field", "'reset' takes no field"),
    ('{ op = "include" }', "member", "'include' needs a member code"),
    ('{ op = "target", member = "DEU", field = "core", value = 0.03 }', "member",
     "'target' applies to everyone; remove member"),
    ('{ op = "target", field = "cor", value = 0.03 }', "field",
     "unknown target 'cor' (did you mean 'core'?); targets are guideline, core, related_cap, total, "
     "deadline, equipment"),
    ('{ op = "growth", member = "DEU" }', "value", "'growth' needs a value (e.g. 0.02)"),
    ('{ op = "growth", field = "core", value = 0.02 }', "field", "'growth' takes no field"),
    ('{ op = "count-ukraine", field = "yes" }', "field", "'count-ukraine' needs field = \"on\" or \"off\""),
    ('{ op = "count-ukraine", member = "DEU", field = "on" }', "member", "'count-ukraine' takes no member"),
]  # fmt: skip  # a table: one case a line


def _file_issues(tmp_path, entry: str) -> list[tuple[str, str]]:
    path = tmp_path / "s.toml"
    path.write_text(
        f'schema_version = 1\nkind = "scenario"\nbase = "{TOY / "toy-2025.toml"}"\nchanges = [\n    {entry},\n]\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as e:
        load_scenario(path, [TOY])
    return [(i.loc, i.msg) for i in e.value.issues]


def _change(entry: str) -> Change:
    import tomllib

    d = tomllib.loads(f"c = {entry}")["c"]
    v = d.get("value")
    return Change(d["op"], d.get("member"), d.get("field"), None if v is None else D(str(v)))


@pytest.mark.parametrize("entry, key, words", BROKEN)
def test_a_file_and_the_api_refuse_a_change_with_the_same_words(tmp_path, entry, key, words):
    assert _file_issues(tmp_path, entry) == [(f"changes[1].{key}", words)]
    with pytest.raises(ChangeError) as e:
        apply_changes(load_preset(TOY / "toy-2025.toml"), [_change(entry)])
    assert (e.value.key, e.value.detail) == (key, words)


def test_the_table_covers_every_operation_and_a_good_change_keeps_its_rule():
    assert OPS == tuple(OP_RULES) and len(OPS) == 9
    good = {
        "set": ("DEU", "core", D(3)), "add": ("*", "core_share", D("0.001")), "scale": ("DEU", "gdp", D(2)),
        "exclude": ("DEU", None, None), "include": ("*", None, None), "reset": ("DEU", None, None),
        "target": (None, "core", D("0.03")), "growth": (None, None, D("0.02")),
        "count-ukraine": (None, "on", None),
    }  # fmt: skip  # a table: one op a line
    assert set(good) == set(OPS)
    for op, (member, field, value) in good.items():
        assert rule_problems(op, member, field, value) == [], op


def test_only_related_spending_and_aid_may_be_set_unknown_by_either_path(tmp_path):
    assert rule_problems("set", "DEU", "related", None, unknown=True) == []
    assert rule_problems("set", "DEU", "core", None, unknown=True) == [
        ("unknown", "only related spending and Ukraine aid can be set unknown")
    ]
    with pytest.raises(ChangeError) as e:  # the API's unknown: a set without a value
        apply_changes(load_preset(TOY / "toy-2025.toml"), [Change("set", "DEU", "core", None)])
    assert (e.value.key, e.value.detail) == (
        "value",
        "only related spending and Ukraine aid can be set unknown",
    )
    assert _file_issues(tmp_path, '{ op = "set", member = "DEU", field = "core", unknown = true }') == [
        ("changes[1].unknown", "only related spending and Ukraine aid can be set unknown")
    ]
    assert _file_issues(
        tmp_path, '{ op = "set", member = "DEU", field = "related", value = 1, unknown = true }'
    ) == [("changes[1].value", "give either a value or unknown = true, not both")]


def test_the_file_schema_lists_the_operations_of_the_table():
    from typing import get_args

    from calc.files.models import ChangeFile, Op

    assert get_args(Op) == OPS
    assert tuple(ChangeFile.model_json_schema()["properties"]["op"]["enum"]) == OPS
