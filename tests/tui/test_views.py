"""The member table's views on their own (calc/tui/views.py): which view a mode gets, its
columns, and the cell information it gives, without booting the app."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from calc.engine.changes import Change
from calc.files.presets import load_by_id
from calc.tui.cells import COLUMN
from calc.tui.compare_cells import COMPARE_COLUMN
from calc.tui.session import Session
from calc.tui.views import CompareView, NormalView, view_for

PRESETS = Path(__file__).resolve().parent / "data" / "presets"


def session() -> Session:
    s = Session([PRESETS])
    s.start(load_by_id("test-2025", [PRESETS]))
    return s


def test_the_view_is_chosen_by_the_mode_and_brings_its_columns():
    s = session()
    assert isinstance(view_for(s), NormalView) and view_for(s).column is COLUMN
    s.compare_with(s.compare_side_for("base", ""))
    view = view_for(s)
    assert isinstance(view, CompareView) and view.comparing and view.column is COMPARE_COLUMN
    assert view.sides() == ("test-2025 as published", "test-2025")
    s.stop_compare()
    assert isinstance(view_for(s), NormalView) and view_for(s).sides() == (None, "")


def test_the_normal_view_explains_a_figure_its_source_and_an_edit():
    s = session()
    info = NormalView(s).describe("DEU", "core_share").plain
    assert "DEU Germany · core spending $100.00 bn = 2.00 % of GDP" in info
    assert "placeholder (not an estimate)" in info
    assert "source: Test figures (nato-calc tests)" in info
    assert "Placeholder pending the budget." in info  # the figure's note
    s.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
    assert (
        "edited in this session (DEU core share → 3 %)" in NormalView(s).describe("DEU", "core_share").plain
    )


def test_the_normal_view_explains_where_a_member_stands_against_the_targets():
    s = session()
    s.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
    info = NormalView(s).describe("DEU", "status").plain
    assert "✔ 2 % guideline met ($50.00 bn above)" in info
    assert "✗ 3.5 % core: $25.00 bn short" in info and "✗ 5 % total: $100.00 bn short" in info
    info = NormalView(s).describe("POL", "gap_core").plain
    assert "✔ 3.5 % core met ($9.80 bn above)" in info and "guideline" not in info


def test_the_compare_view_names_each_sides_own_target():
    s = session()
    s.commit(Change("target", field="core", value=Decimal("0.03")))
    s.compare_with(s.compare_side_for("base", ""))
    info = CompareView(s).describe("DEU", "gap_core_a").plain
    assert "gap to 3.5 % (A) / 3 % (B): $75.00 → $50.00 bn" in info
    assert info.endswith("A: test-2025 as published")


def test_the_aggregates_get_the_group_without_changes_only_once_there_are_changes():
    s = session()
    assert NormalView(s).summary_extra() == {"base": None, "printed": None}
    s.commit(Change("exclude", "USA"))
    assert NormalView(s).summary_extra()["base"] is s.base_result.group("nato")
    s.compare_with(s.compare_side_for("base", ""))
    extra = CompareView(s).summary_extra()
    assert extra["comparison"] is s.comparison.group("nato") and "base" not in extra


def test_the_compare_view_names_one_target_when_both_sides_have_it():
    s = session()
    s.compare_with(s.compare_side_for("base", ""))
    # DEU: GDP 5,000, core 100: 75.00 short of 3.5 % on both sides
    assert "gap to 3.5 %: $75.00 → $75.00 bn" in CompareView(s).describe("DEU", "code").plain
