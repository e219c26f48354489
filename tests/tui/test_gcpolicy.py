"""Full garbage collections wait for an idle moment (calc.tui.paint.gcpolicy); no timing involved."""

from __future__ import annotations

import gc

from helpers import build_app

from calc.tui.paint import gcpolicy
from calc.tui.paint.gcpolicy import (
    FULL_AFTER,
    IDLE_SECONDS,
    YOUNG_AFTER,
    YOUNG_IDLE_SECONDS,
    YOUNG_PENDING,
    IdleCollector,
    collection_due,
    young_collection_due,
)


def test_a_full_collection_is_due_only_after_young_ones_and_an_idle_pause():
    assert not collection_due(now=10.0, last_input=10.0 - IDLE_SECONDS - 1, pending=0)
    assert not collection_due(now=10.0, last_input=10.0 - IDLE_SECONDS / 2, pending=5)
    assert collection_due(now=10.0, last_input=10.0 - IDLE_SECONDS, pending=1)


def test_a_young_collection_is_due_after_new_objects_and_a_short_pause():
    assert not young_collection_due(now=10.0, last_input=10.0 - 1, young=YOUNG_PENDING - 1)
    assert not young_collection_due(now=10.0, last_input=10.0 - YOUNG_IDLE_SECONDS / 2, young=YOUNG_PENDING)
    assert young_collection_due(now=10.0, last_input=10.0 - YOUNG_IDLE_SECONDS, young=YOUNG_PENDING)
    assert YOUNG_IDLE_SECONDS < IDLE_SECONDS


def test_the_collector_freezes_raises_the_thresholds_and_restores_them(monkeypatch):
    calls = []
    monkeypatch.setattr(gcpolicy.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gcpolicy.gc, "unfreeze", lambda: calls.append("unfreeze"))
    before = gc.get_threshold()
    c = IdleCollector()
    try:
        c.start(now=0.0)
        c.start(now=0.0)  # idempotent
        assert gc.get_threshold() == (max(YOUNG_AFTER, before[0]), before[1], max(FULL_AFTER, before[2]))
    finally:
        c.stop()
        c.stop()
    assert gc.get_threshold() == before
    assert calls == ["freeze", "unfreeze"]


def test_poll_collects_when_due_and_not_before(monkeypatch):
    collected = []
    monkeypatch.setattr(gcpolicy.gc, "freeze", lambda: None)
    monkeypatch.setattr(gcpolicy.gc, "unfreeze", lambda: None)
    monkeypatch.setattr(gcpolicy.gc, "collect", lambda *a: collected.append(a) or 0)
    monkeypatch.setattr(gcpolicy.gc, "get_count", lambda: (0, 0, 3))
    c = IdleCollector()
    assert not c.poll(now=100.0)  # not started: CPython's own policy
    c.start(now=0.0)
    try:
        c.touch(now=5.0)
        assert not c.poll(now=5.0 + IDLE_SECONDS / 2)
        assert c.poll(now=5.0 + IDLE_SECONDS)
        assert collected == [()]  # one full collection
    finally:
        c.stop()


def test_poll_runs_a_young_collection_in_a_short_pause_when_objects_piled_up(monkeypatch):
    collected = []
    counts = [(YOUNG_PENDING, 0, 0)]
    monkeypatch.setattr(gcpolicy.gc, "freeze", lambda: None)
    monkeypatch.setattr(gcpolicy.gc, "unfreeze", lambda: None)
    monkeypatch.setattr(gcpolicy.gc, "collect", lambda *a: collected.append(a) or 0)
    monkeypatch.setattr(gcpolicy.gc, "get_count", lambda: counts[0])
    c = IdleCollector()
    c.start(now=0.0)
    try:
        c.touch(now=5.0)
        assert not c.poll(now=5.0 + YOUNG_IDLE_SECONDS / 2) and collected == []  # typing on
        assert not c.poll(now=5.0 + 2 * YOUNG_IDLE_SECONDS)  # a young one, not a full one
        assert collected == [(1,)]  # one young collection, no full one
        counts[0] = (YOUNG_PENDING - 1, 0, 0)  # nothing new since: nothing to do
        c.poll(now=9.0)
        assert collected == [(1,)]
    finally:
        c.stop()


async def test_the_app_runs_the_policy_while_it_runs_and_edits_count_as_activity():
    app = build_app()
    before = gc.get_threshold()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.gc.active
        seen = app.gc.last_input
        from decimal import Decimal

        from calc.engine.changes import Change

        app.commit(Change("set", "DEU", "core_share", Decimal("0.03")))
        assert app.gc.last_input >= seen
        await pilot.press("down")
        assert app.gc.last_input >= seen
    assert not app.gc.active
    assert gc.get_threshold() == before


def test_start_up_runs_without_the_collector_and_the_app_turns_it_back_on(monkeypatch):
    monkeypatch.setattr(gcpolicy.gc, "freeze", lambda: None)
    monkeypatch.setattr(gcpolicy.gc, "unfreeze", lambda: None)
    assert gc.isenabled()
    gcpolicy.pause_for_startup()
    try:
        assert not gc.isenabled()
        c = IdleCollector()
        c.start(now=0.0)
        assert gc.isenabled()
        c.stop()
        gcpolicy.pause_for_startup()
        gcpolicy.resume()
        assert gc.isenabled()
    finally:
        gcpolicy.resume()
        gc.enable()
