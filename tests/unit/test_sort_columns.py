"""Every sortable column of the TUI's table is a ``report --sort`` column too, so that an export
made while sorted keeps the order on screen: Rel %, Aid and Meets were the TUI's only."""

from __future__ import annotations

import csv
import io

from helpers import run

from calc.domain import registry


def _codes(out: str) -> list[str]:
    return [r["code"] for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "member"]


def test_the_report_sorts_by_every_column_the_table_sorts_by():
    table = {f.key for f in registry.TABLE_FIGURES}
    assert table <= set(registry.SORT_KEYS)


def test_sorted_by_ukraine_aid_the_largest_donor_leads_and_the_unknown_come_last(capsys):
    code, out, _ = run(capsys, "report", "--preset", "nato-2026", "--sort", "ukraine_aid", "--format", "csv")
    assert code == 0
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "member"]
    # Kiel allocations in nato-2026: Germany 4.95, the UK 2.25, Sweden 1.43 (USD bn)
    assert [r["code"] for r in rows[:3]] == ["DEU", "GBR", "SWE"]
    aid = [r["ukraine_aid"] for r in rows]
    known = [float(a) for a in aid if a]
    assert known == sorted(known, reverse=True)
    assert aid.index("") == len(known) and set(aid[len(known) :]) == {""}  # unknown last


def test_the_aid_column_stays_in_an_80_column_table_sorted_by_it(capsys):
    code, out, _ = run(capsys, "report", "--preset", "nato-2026", "--sort", "ukraine_aid")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("Code"))
    assert header.split()[-1] == "Aid" and "Equip" not in header  # the equipment share gave way
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = run(capsys, "report", "--preset", "nato-2026")
    header = next(line for line in out.splitlines() if line.startswith("Code"))
    assert "Equip" in header and "Aid" not in header  # unsorted: the aid gives way, as before


def test_sorted_by_the_targets_met_the_allies_meeting_all_three_lead(capsys):
    code, out, _ = run(capsys, "report", "--preset", "nato-2026", "--sort", "status", "--format", "csv")
    assert code == 0
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "member"]
    met = [(r["meets_total"], r["meets_core"], r["meets_guideline"]) for r in rows]
    # Estonia, Lithuania at 5 % and more lead; Iceland (not assessed) comes last
    assert met[0] == ("true", "true", "true") and rows[-1]["code"] == "ISL"
    rank = {"true": 1, "false": 0, "": -1}
    keys = [tuple(rank[v] for v in m) for m in met]
    assert keys == sorted(keys, reverse=True)
    code, out, _ = run(capsys, "report", "--preset", "nato-2026", "--sort", "status:asc", "--format", "csv")
    assert _codes(out)[0] == "ISL"


def test_a_tui_export_sorted_by_meets_is_sorted_as_the_table():
    from calc.files.presets import load_by_id
    from calc.tui.cells import ordered
    from calc.tui.session import Session

    s = Session([])
    s.start(load_by_id("nato-2026"), ())
    s.sort = ("status", True)
    assert s.report_sort() == ("status", True)
    s.sort = ("ukraine_aid", True)
    assert s.report_sort() == ("ukraine_aid", True)
    shown = [m.code for m in ordered(list(s.result.members), s.sort)]
    assert shown[:3] == ["DEU", "GBR", "SWE"]
