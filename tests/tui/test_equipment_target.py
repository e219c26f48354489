"""The target editor's group line for the equipment guideline: a count and the core-weighted
share, no gap (issue 12; a random-keys run crashed on ``gap_equipment`` before)."""

from __future__ import annotations

from decimal import Decimal as D

from calc.domain.dataset import Figure, Member, Preset, Targets
from calc.engine.evaluate import evaluate
from calc.tui.screens.edit import TargetEditDialog


def test_the_equipment_target_line_counts_the_members_meeting_it_and_gives_the_weighted_share():
    members = (
        Member("AAA", "A", Figure(D("1000")), Figure(D("30")), equipment=Figure(D("0.30"))),
        Member("BBB", "B", Figure(D("1000")), Figure(D("10")), equipment=Figure(D("0.10"))),
    )
    g = evaluate(Preset("t", "T", 2026, members)).group("nato")
    line = TargetEditDialog._group_line(g, Targets(), "equipment").plain
    assert line == "NATO: meeting 20 % equipment: 1/2 · 25.00 % of core (core-weighted)"  # (9 + 1) / 40


def test_without_published_equipment_shares_the_line_says_so():
    members = (Member("AAA", "A", Figure(D("1000")), Figure(D("30"))),)
    g = evaluate(Preset("t", "T", 2026, members)).group("nato")
    assert TargetEditDialog._group_line(g, Targets(), "equipment").plain.endswith(
        "· – of core (core-weighted)"
    )
