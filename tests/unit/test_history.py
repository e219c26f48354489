"""calc.engine.history: the undo/redo timeline of a what-if session."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import PRESETS
from hypothesis import given
from hypothesis import strategies as st

from calc.engine.changes import Change, apply_changes
from calc.engine.history import History, Step
from calc.files.presets import load_preset

PRESET = PRESETS / "test-2025.toml"

A = Change("set", "DEU", "core_share", Decimal("0.03"))
B = Change("exclude", "USA")
C = Change("target", field="core", value=Decimal("0.03"))
D = Change("add", "POL", "core", Decimal("5"))


@pytest.fixture(scope="module")
def base():
    return load_preset(PRESET)


def test_a_new_history_has_no_changes_and_nothing_to_undo_or_redo(base):
    h = History(base)
    assert h.changes == ()
    assert not h.can_undo and not h.can_redo
    assert h.undo() is h and h.redo() is h
    assert h.preset() is base


def test_push_adds_a_step_and_undo_redo_move_the_cursor(base):
    h = History(base).push(A).push(B)
    assert h.changes == (A, B)
    assert h.undo_step == Step((B,))
    u = h.undo()
    assert u.changes == (A,)
    assert u.redo_step == Step((B,))
    assert u.redo().changes == (A, B)
    assert u.undo().changes == ()
    assert u.undo().undo().changes == ()  # no-op at the start


def test_pushing_after_an_undo_discards_the_undone_steps(base):
    h = History(base).push(A).push(B).undo().push(C)
    assert h.changes == (A, C)
    assert not h.can_redo
    assert len(h.steps) == 2


def test_a_step_may_hold_several_changes_undone_together(base):
    h = History(base).push(A, B)
    assert h.changes == (A, B)
    assert h.undo().changes == ()


def test_clear_drops_every_change_and_is_itself_undoable(base):
    h = History(base).push(A).push(B)
    cleared = h.clear()
    assert cleared.changes == ()
    assert cleared.undo_step.clear
    assert cleared.undo_step.describe() == "reset everything"
    assert cleared.undo().changes == (A, B)
    assert cleared.push(C).changes == (C,)
    assert cleared.push(C).undo().undo().changes == (A, B)


def test_clear_with_nothing_in_force_is_a_no_op(base):
    h = History(base)
    assert h.clear() is h
    h2 = h.push(A).undo()
    assert h2.clear() is h2


def test_initial_changes_are_in_force_and_undo_stops_at_them(base):
    h = History(base, initial=(A, B))
    assert h.changes == (A, B)
    assert not h.can_undo
    h2 = h.push(C)
    assert h2.undo().changes == (A, B)
    assert h2.clear().changes == ()
    assert h2.clear().undo().changes == (A, B, C)


def test_preset_applies_the_changes_in_force_to_the_base(base):
    h = History(base).push(A).push(B).push(D)
    assert h.preset() == apply_changes(base, [A, B, D])
    assert h.undo().preset() == apply_changes(base, [A, B])
    assert h.base is base  # never modified


def test_push_without_changes_and_a_bad_cursor_are_refused(base):
    with pytest.raises(ValueError):
        History(base).push()
    with pytest.raises(ValueError):
        History(base, steps=(Step((A,)),), cursor=2)
    with pytest.raises(ValueError):
        History(base, cursor=-1)


def test_step_descriptions_read_like_the_changes():
    assert Step((A,)).describe() == "DEU core share → 3 %"
    assert Step((A, B)).describe() == "DEU core share → 3 %; exclude USA"
    assert Step((C,)).describe() == "core target → 3 %"


# --------------------------------------------------------------------------------------------
# Property: the history behaves like a plain stack of states (the obvious, slow model)
# --------------------------------------------------------------------------------------------

CHANGES = st.sampled_from([A, B, C, D, Change("include", "USA"), Change("reset", "DEU")])
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("push"), st.lists(CHANGES, min_size=1, max_size=3)),
        st.tuples(st.just("undo"), st.none()),
        st.tuples(st.just("redo"), st.none()),
        st.tuples(st.just("clear"), st.none()),
    ),
    max_size=40,
)


@given(initial=st.lists(CHANGES, max_size=3), ops=OPS)
def test_history_matches_a_stack_of_states(base, initial, ops):
    h = History(base, initial=tuple(initial))
    states = [tuple(initial)]  # states[i] = changes in force after i steps
    pos = 0
    for op, arg in ops:
        if op == "push":
            h = h.push(*arg)
            states = states[: pos + 1] + [states[pos] + tuple(arg)]
            pos += 1
        elif op == "undo":
            h = h.undo()
            pos = max(0, pos - 1)
        elif op == "redo":
            h = h.redo()
            pos = min(len(states) - 1, pos + 1)
        else:
            before = h
            h = h.clear()
            if states[pos]:
                states = states[: pos + 1] + [()]
                pos += 1
            else:
                assert h is before
        assert h.changes == states[pos]
        assert h.cursor == pos
        assert h.can_undo == (pos > 0)
        assert h.can_redo == (pos < len(states) - 1)
