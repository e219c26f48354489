"""The registry of member fields, figures, group figures and targets, and every consumer of it.

Two kinds of test: each registry entry has what every consumer needs (a TUI column has a
description, a palette title and a session-bar name; a judged target drives a gap, a meets and a
points-of-GDP figure ...), and each consumer's list is the registry's (the JSON keys, the CSV
columns, the sort names, the TUI's columns and dictionaries, the labels of the editors and of
the change descriptions, the scenario checks). A figure missing somewhere fails here, not with
a KeyError in a running session.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D
from decimal import localcontext

import pytest
from helpers import DATA

from calc.domain import dataset, registry
from calc.engine import changes as scenario
from calc.engine.changes import Change, apply_changes
from calc.engine.evaluate import CONTEXT, GroupResult, MemberResult, evaluate
from calc.files import models
from calc.files.presets import load_preset
from calc.output import compare as cmp_mod
from calc.output import report, xlsxout
from calc.output.compare import compare

TOY = DATA / "toy"


@pytest.fixture(scope="module")
def results():
    a = evaluate(load_preset(TOY / "toy-2024.toml", use_cache=False))
    b = evaluate(load_preset(TOY / "toy-2025.toml", use_cache=False))
    return a, b


# --------------------------------------------------------------------------------------------
# Every entry has what its consumers need
# --------------------------------------------------------------------------------------------


def test_every_key_is_declared_once():
    for table in (registry.MEMBER_FIGURES, registry.GROUP_FIGURES, registry.TARGETS, registry.FIELDS):
        keys = [e.key for e in table]
        assert len(keys) == len(set(keys)), keys


def test_every_json_figure_is_a_figure_of_a_member_result(results):
    m = results[0].members[0]
    for f in registry.JSON_FIGURES:
        assert hasattr(m, f.key), f.key
    assert set(MemberResult._fields) <= {f.key for f in registry.JSON_FIGURES} | {"assessed", "included"}


def test_every_group_figure_is_a_figure_of_a_group_result(results):
    g = results[0].groups[0]
    for f in registry.GROUP_FIGURES:
        assert hasattr(g, f.key), f.key
    assert set(GroupResult._fields) <= {f.key for f in registry.GROUP_FIGURES}


def test_every_figure_names_a_known_target_and_unit():
    units = {registry.MONEY, registry.SHARE, registry.SHARE_OF_CORE, registry.BOOL, registry.TEXT,
             registry.LIST, registry.COUNT}  # fmt: skip  # wrapped by hand, shorter
    for f in registry.MEMBER_FIGURES + registry.GROUP_FIGURES:  # type: ignore[operator]
        assert f.unit in units, f.key
        assert f.target in (None, registry.ALL_TARGETS, *registry.TARGET), f.key
        if f.target not in (None, registry.ALL_TARGETS):
            assert registry.TARGET[f.target].judged, f"{f.key}: {f.target} is not judged against"


def test_every_table_column_has_a_description_a_palette_title_and_a_short_name():
    for f in registry.TABLE_FIGURES:
        assert f.describe and f.label and f.short, f.key
        assert f.edits in registry.FIGURE_LABELS, f.key
        assert f.tier in (0, 1, 2), f.key
        if "{target}" in (f.title or ""):
            assert f.target in registry.TARGET, f.key


def test_every_sheet_title_with_a_target_belongs_to_a_figure_with_one():
    for f in registry.SHEET_FIGURES + registry.GROUP_SHEET_FIGURES:  # type: ignore[operator]
        assert ("{target}" in f.sheet) == (f.target is not None), f.key


def test_only_numbers_have_deltas_and_only_real_figures_sort():
    for f in registry.MEMBER_FIGURES + registry.GROUP_FIGURES:  # type: ignore[operator]
        if f.delta:
            assert f.unit in registry.NUMERIC, f.key
    for f in registry.MEMBER_FIGURES:
        if f.key == "status":  # the Meets column: sorted by the targets met (report.status_key)
            assert f.sort and not f.json and not f.sort_delta and f.target == registry.ALL_TARGETS
            continue
        if f.sort or f.sort_delta:
            assert f.json and f.unit in registry.NUMERIC | {registry.TEXT}, f.key
        if f.sort_delta and f.unit != registry.TEXT:
            assert f.delta, f.key
        assert f.descending == (f.unit != registry.TEXT), f.key


def test_every_judged_target_drives_a_gap_a_share_of_gdp_and_a_check():
    for t in registry.JUDGED:
        for kind in ("gap", "gap_share", "meets"):
            assert registry.figure_of(t, kind) is not None, (t, kind)
        kinds = {g.kind for g in registry.GROUP_FIGURES if g.target == t}
        assert kinds == {"gap", "collective", "meeting", "gap_share"}, t
    assert registry.JUDGED == ("guideline", "core", "total")


def test_the_targets_are_the_fields_of_targets_and_of_the_preset_file_with_the_same_defaults():
    assert tuple(f.name for f in dataclasses.fields(dataset.Targets)) == registry.TARGET_KEYS
    assert tuple(models.TargetsFile.model_fields) == registry.TARGET_KEYS
    for t in registry.TARGETS:
        assert getattr(dataset.DEFAULT_TARGETS, t.key) == t.default
        assert models.TargetsFile.model_fields[t.key].default == t.default
        assert t.minimum <= t.default <= t.maximum
        assert t.label and t.title and t.help


def test_the_member_fields_are_those_of_the_preset_file_and_each_writes_a_figure():
    assert set(registry.FIELD_KEYS) <= set(models.MemberFile.model_fields)
    assert models.VALUED_FIELDS == set(registry.FIELD_KEYS)
    for f in registry.FIELDS:
        assert f.figure in registry.FIGURE_LABELS
        assert f.key.removesuffix("_share") == f.figure
        assert f.minimum < f.maximum


# --------------------------------------------------------------------------------------------
# Every consumer's list is the registry's
# --------------------------------------------------------------------------------------------


def test_the_report_json_member_and_group_keys_are_the_registrys_in_order(results):
    r = results[0]
    assert list(report.member_dict(r.members[0])) == [f.key for f in registry.JSON_FIGURES]
    assert list(report.group_dict(r.groups[0])) == [g.key for g in registry.GROUP_JSON_FIGURES]
    assert list(report.targets_dict(r)) == list(registry.TARGET_KEYS)


def test_the_contracts_first_member_keys_keep_their_order():
    """The original contract's keys come first, in their order: additions go after them."""
    # A table, kept as written: one row a line.
    first = (
        "code", "name", "gdp", "core", "related", "related_known", "core_share", "total_share",
        "gap_guideline", "gap_core", "gap_total", "surplus_core", "meets_guideline",
        "meets_core", "meets_total", "flags",
    )  # fmt: skip
    assert tuple(f.key for f in registry.JSON_FIGURES[: len(first)]) == first


def test_the_compare_deltas_are_the_registrys(results):
    c = compare(*results)
    both = next(m for m in c.members if m.delta is not None)
    parts = list(registry.SHARE_CHANGE_KEYS)  # then the two parts of the change in core share
    assert list(cmp_mod.member_delta_dict(both.delta)) == [f.key for f in registry.DELTA_FIGURES] + parts
    assert [f.name for f in dataclasses.fields(cmp_mod.MemberDelta)] == [
        f.key for f in registry.DELTA_FIGURES
    ] + parts
    g = next(g for g in c.groups if g.delta is not None)
    assert list(cmp_mod.group_delta_dict(g.delta)) == [f.key for f in registry.GROUP_DELTA_FIGURES] + parts


def test_a_delta_is_b_minus_a_for_every_figure_that_has_one(results):
    a, b = results
    c = compare(a, b)
    for mc in c.members:
        if mc.delta is None:
            continue
        for f in registry.DELTA_FIGURES:
            va, vb, d = getattr(mc.a, f.key), getattr(mc.b, f.key), getattr(mc.delta, f.key)
            with localcontext(CONTEXT):  # the engine's 50 digits
                assert d == (None if va is None or vb is None else vb - va), (mc.code, f.key)


def test_the_csv_headers_are_the_registrys(results):
    a, b = results
    header = report.render_csv(a).splitlines()[0].split(",")
    assert tuple(header) == (*registry.REPORT_CSV_COLUMNS, "currency")  # what the row's money is in
    cols = cmp_mod.csv_columns()
    assert cmp_mod.render_csv(compare(a, b)).splitlines()[0].split(",") == cols
    later = [c for f in registry.COMPARE_CSV_LATER for c in (f"a_{f}", f"b_{f}", f"delta_{f}")]
    parts = [f"delta_{k}" for k in registry.SHARE_CHANGE_KEYS]  # added after them, a delta only
    assert cols[len(cols) - len(later) - len(parts) :] == later + parts


def test_every_sort_name_is_accepted_and_listed_in_the_help():
    from calc.cli import build_parser

    for key in registry.SORT_KEYS:
        assert report.parse_sort(key) == (key, registry.FIGURE[key].descending)
    for key in registry.SORT_DELTA_KEYS:
        assert cmp_mod.parse_sort(key) == (key, registry.FIGURE[key].descending)
    parser = build_parser()
    sub = next(a for a in parser._actions if a.choices and "report" in a.choices).choices
    for name, keys in (("report", registry.SORT_KEYS), ("compare", registry.SORT_DELTA_KEYS)):
        sort_help = next(a.help for a in sub[name]._actions if "--sort" in a.option_strings)
        for key in keys:
            assert key in sort_help, (name, key)


def test_every_report_sort_orders_the_members_without_error(results):
    members = list(results[0].members)
    for key in registry.SORT_KEYS:
        assert len(report.sort_members(members, key, True)) == len(members)


def test_the_workbook_columns_are_the_registrys_and_each_reads_a_json_field(results):
    r = results[0]
    member = report.member_dict(r.members[0])
    group = {**report.group_dict(r.groups[0]), "size": r.groups[0].size}
    cols = xlsxout.member_columns(report.targets_dict(r))
    assert [c.key for c in cols] == [f.key for f in registry.SHEET_FIGURES]
    assert all(c.key in member for c in cols)
    gcols = xlsxout.group_columns(None)
    assert [c.key for c in gcols] == [f.key for f in registry.GROUP_SHEET_FIGURES]
    assert all(c.key in group for c in gcols)
    assert xlsxout._MEMBER_DELTA_KEYS == {f.key for f in registry.DELTA_FIGURES}


def test_scenario_validation_and_change_labels_use_the_registry():
    assert dataset.MEMBER_FIELDS == registry.FIELD_KEYS
    assert dataset.SHARE_FIELDS == {f.key for f in registry.FIELDS if f.share}
    assert dataset.TARGET_FIELDS == registry.TARGET_KEYS
    assert scenario._FIELD_LABEL == {f.key: f.label for f in registry.FIELDS}
    assert scenario._TARGET_LABEL == {t.key: t.label for t in registry.TARGETS}
    assert Change("set", "AAA", "core_share", D("0.03")).describe().startswith("AAA core share")


@pytest.mark.parametrize("field", registry.FIELD_KEYS)
def test_an_edit_above_a_fields_maximum_is_refused_with_its_label(field, results):
    from calc.errors import ChangeError

    preset = results[0].preset
    code = preset.members[0].code
    spec = registry.FIELD[field]
    with pytest.raises(ChangeError, match=spec.label):
        apply_changes(preset, [Change("set", code, field, spec.maximum * 2)])


@pytest.mark.parametrize("target", registry.TARGETS, ids=lambda t: t.key)
def test_a_target_outside_its_bounds_is_refused_and_one_inside_is_taken(target, results):
    from calc.errors import ChangeError

    preset = results[0].preset
    with pytest.raises(ChangeError, match=target.label):
        apply_changes(preset, [Change("target", None, target.key, D(target.maximum) + 1)])
    after = apply_changes(preset, [Change("target", None, target.key, D(target.maximum))])
    assert after.targets.get(target.key) == target.maximum


def test_the_tuis_columns_dictionaries_and_labels_are_the_registrys(results):
    from calc.tui import cells, commands, views
    from calc.tui.screens import edit, main
    from calc.tui.widgets import targets_panel

    keys = [c.key for c in cells.COLUMNS]
    assert keys == [f.key for f in registry.TABLE_FIGURES]
    assert set(commands._SORT_TITLES) == set(keys)
    assert set(main._SORT_NAMES) == set(keys)
    assert {k for k in keys if registry.FIGURE[k].target} == set(views.TARGET_OF)
    assert list(targets_panel.TARGET_LABELS) == list(registry.TARGET_KEYS)
    assert list(targets_panel.TARGET_HELP) == list(registry.TARGET_KEYS)
    # every editable figure has a TUI column (Ukraine aid: the wide table's Aid column)
    assert set(edit.FIELD_LABELS) - {c.field for c in cells.COLUMNS} == set()
    t = results[0].targets
    for c in cells.COLUMNS:
        assert c.title(t) and "{" not in c.title(t), c.key
        for m in results[0].members:
            cells.cell_spec(m, c.key)  # a column without a renderer raises KeyError


def test_the_tuis_titles_name_the_targets_value():
    from calc.tui import cells

    t = dataset.Targets(core=D("0.03"))
    assert cells.COLUMN["gap_core"].title(t) == "To 3%"
    assert cells.COLUMN["gap_core_share"].title(t) == "3% pp"
    assert cells.COLUMN["surplus_core"].title(t) == "Above 3%"
    assert cells.COLUMN["gap_total"].title(t) == "To 5%"


def test_a_stale_order_entry_fails_when_the_registry_is_built():
    with pytest.raises(AssertionError, match="no_such_figure"):
        registry._in_order(("code", "no_such_figure"), registry.MEMBER_FIGURES, registry.MEMBER_FIGURES)


# --------------------------------------------------------------------------------------------
# The figure added through the registry: surplus_total
# --------------------------------------------------------------------------------------------


def _member(core: str, related: str | None, targets: dataset.Targets = dataset.DEFAULT_TARGETS, status=None):
    from calc.engine.evaluate import evaluate_one

    m = dataset.Member(
        "AAA",
        "Aland",
        dataset.Figure(D(100)),
        dataset.Figure(D(core), status=status),
        dataset.Figure(D(related)) if related is not None else None,
    )
    preset = dataset.Preset(id="t", label="t", year=2025, members=(m,), targets=targets)
    return evaluate_one(preset, "AAA")


@pytest.mark.parametrize(
    "core, related, cap, expected",
    [
        ("4", "2", "0.015", "0.5"),  # 4 + min(2, 1.5) = 5.5 against 5: 0.5 above
        ("6", None, "0.015", "1"),  # related unknown counts as 0: 6 against 5
        ("5", "0", "0.015", "0"),  # exactly met: nothing above
        ("3", "1.5", "0.015", "0"),  # 4.5: short of the total, nothing above
        ("3", "3", "0.03", "0"),  # 6 counted, but core misses 3.5 %: the total is not met
    ],
)
def test_the_surplus_over_the_total_target_is_counted_spending_above_it_when_met(
    core, related, cap, expected
):
    r = _member(core, related, dataset.Targets(related_cap=D(cap)))
    assert r.surplus_total == D(expected)
    assert r.meets_total == (r.surplus_total > 0 or r.gap_total == 0)
    assert not (r.surplus_total and r.gap_total)  # never a gap and a surplus at once


def test_a_member_the_targets_do_not_apply_to_has_no_surplus_over_the_total():
    assert _member("0", None, status=dataset.NOT_APPLICABLE).surplus_total is None


LATER = ["core_share_from_money", "equipment_share", "meets_equipment"]
AID = ["ukraine_aid", "ukraine_aid_counted"]  # issue 13, after them


def test_the_surplus_over_the_total_comes_before_the_2026_figures_in_json_csv_and_the_wide_tui_table(results):
    from calc.tui import cells

    r = results[0]
    assert list(report.member_dict(r.members[0]))[-6:] == ["surplus_total", *LATER, *AID]
    assert list(registry.REPORT_CSV_COLUMNS[-6:]) == ["surplus_total", *LATER, *AID]
    cols = cmp_mod.csv_columns()
    assert cols[-2:] == ["delta_core_share_from_spending", "delta_core_share_from_gdp"]  # issue 13
    assert cols[-11:-8] == ["a_surplus_total", "b_surplus_total", "delta_surplus_total"]
    assert cols[-8:-2] == [f"{side}_{key}" for key in LATER[:2] for side in ("a", "b", "delta")]
    assert [c.key for c in cells.COLUMNS[-3:]] == ["surplus_total", "equipment_share", "ukraine_aid"]
    assert cells.COLUMNS[-3].tier == 2 and cells.COLUMNS[-2].tier == 2 and cells.COLUMNS[-1].tier == 2
    assert cells.COLUMNS[-3].title(r.targets) == "Above 5%"
    assert report.parse_sort("surplus_total") == ("surplus_total", True)
