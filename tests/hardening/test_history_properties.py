"""Property tests of the edit history (issue 6, item 5).

A Hypothesis state machine plays a what-if session the way the TUI does (calc/tui/app.py):
an edit applies one change to the *current* preset (``apply_changes(preset, [change],
original=base)``) and is pushed on the :class:`~calc.engine.history.History` only if it applied; undo
and redo recompute the preset from the history; "reset everything" pushes a clear step; the
evaluation is kept up to date with :func:`~calc.engine.reevaluate`. After every step:

* the history's changes equal those of a plain reference model (a list of steps and a cursor);
* the state equals replaying the remaining changes on the preset:
  ``history.preset() == apply_changes(base, history.changes)``, and the incrementally built
  preset of the session is that same preset;
* the incrementally re-evaluated result equals a fresh ``evaluate`` of it;
* undoing everything returns exactly to the preset (plus a scenario's initial changes), and
  redoing everything returns exactly to where the session was.
"""

from __future__ import annotations

from decimal import Decimal as D

from counts import examples, record
from helpers import DATA, PRESETS
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from calc.domain.dataset import MEMBER_FIELDS, TARGET_FIELDS
from calc.engine.changes import OPS, Change, apply_changes
from calc.engine.evaluate import evaluate, reevaluate
from calc.engine.history import History, Step
from calc.errors import ChangeError
from calc.files.presets import load_preset

BASES = {
    "tiny": load_preset(DATA / "tiny.toml", use_cache=False),
    "test-2025": load_preset(PRESETS / "test-2025.toml", use_cache=False),
}
CODES = sorted({m.code for p in BASES.values() for m in p.members}) + ["*", "XXX"]


@st.composite
def edits(draw) -> Change:
    """What a session produces: mostly plausible changes, some that do not apply."""
    op = draw(st.sampled_from(OPS))
    member = draw(st.sampled_from(CODES))
    share = st.decimals(min_value=0, max_value="0.12", places=draw(st.integers(1, 12)))
    if op in ("set", "add", "scale"):
        field = draw(st.sampled_from(MEMBER_FIELDS))
        if op == "scale":
            value = draw(st.decimals(min_value="0.5", max_value=2, places=3))
        elif field.endswith("share"):
            value = draw(share)
            if op == "add" and draw(st.booleans()):
                value = -value
        elif op == "set" and field == "related" and draw(st.booleans()):
            value = None
        else:
            value = draw(st.decimals(min_value=-50, max_value=5000, places=2))
        return Change(op, member, field, value)
    if op in ("exclude", "include", "reset"):
        return Change(op, member)
    if op == "target":
        field = draw(st.sampled_from(TARGET_FIELDS))
        return Change(
            op, None, field, D(draw(st.integers(2025, 2040))) if field == "deadline" else draw(share)
        )
    return Change(op, draw(st.sampled_from([None, member])), None, draw(share))


def reference_changes(initial, steps, cursor):
    """The changes in force, computed the plainest way."""
    out = list(initial)
    for step in steps[:cursor]:
        if step.clear:
            out = []
        out += list(step.changes)
    return tuple(out)


class Session(RuleBasedStateMachine):
    """A what-if session, driven as the TUI drives it."""

    @initialize(base_id=st.sampled_from(sorted(BASES)), initial=st.lists(edits(), max_size=3))
    def start(self, base_id, initial):
        self.base = BASES[base_id]
        try:  # an opened scenario's changes (only ones that apply: it was loaded)
            apply_changes(self.base, initial)
        except ChangeError:
            initial = []
        self.initial = tuple(initial)
        self.history = History(self.base, initial=self.initial)
        self.preset = apply_changes(self.base, self.initial)  # the session's incremental state
        self.result = evaluate(self.preset)
        # the reference model: steps pushed and a cursor
        self.steps: list[Step] = []
        self.cursor = 0
        self.farthest = (self.preset, 0)

    def _show(self, preset):
        self.preset = preset
        self.result = reevaluate(self.result, preset)

    @rule(change=edits())
    def edit(self, change):
        try:
            preset = apply_changes(self.preset, [change], original=self.base)
        except ChangeError:
            record("edit history (state machine)", "edits refused, nothing pushed")
            return
        self.history = self.history.push(change)
        self.steps = self.steps[: self.cursor] + [Step((change,))]
        self.cursor += 1
        self._show(preset)
        record("edit history (state machine)", "edits")

    @rule(batch=st.lists(edits(), min_size=2, max_size=4))
    def edit_several_at_once(self, batch):
        try:
            preset = apply_changes(self.preset, batch, original=self.base)
        except ChangeError:
            return
        self.history = self.history.push(*batch)
        self.steps = self.steps[: self.cursor] + [Step(tuple(batch))]
        self.cursor += 1
        self._show(preset)
        record("edit history (state machine)", "edits")

    @rule()
    def undo(self):
        self.history = self.history.undo()
        self.cursor = max(0, self.cursor - 1)
        self._show(self.history.preset())
        record("edit history (state machine)", "undos")

    @rule()
    def redo(self):
        self.history = self.history.redo()
        self.cursor = min(len(self.steps), self.cursor + 1)
        self._show(self.history.preset())
        record("edit history (state machine)", "redos")

    @rule()
    def reset_everything(self):
        if not self.history.changes:
            assert self.history.clear() is self.history
            return
        self.history = self.history.clear()
        self.steps = self.steps[: self.cursor] + [Step(clear=True)]
        self.cursor += 1
        self._show(self.history.preset())
        record("edit history (state machine)", "resets")

    @precondition(lambda self: self.cursor > 0)
    @rule()
    def undo_everything_then_redo_everything(self):
        here, n = self.preset, self.cursor
        h = self.history
        for _ in range(n):
            h = h.undo()
        assert not h.can_undo
        assert h.changes == self.initial
        assert h.preset() == apply_changes(self.base, self.initial)
        if not self.initial:
            assert h.preset() == self.base, "undoing everything must give the preset back exactly"
        for _ in range(n):
            h = h.redo()
        assert h.preset() == here and h.changes == self.history.changes
        record("edit history (state machine)", "undo-all/redo-all round trips")

    @invariant()
    def state_equals_replaying_the_remaining_changes(self):
        if not hasattr(self, "history"):
            return
        h = self.history
        assert 0 <= h.cursor <= len(h.steps)
        assert h.cursor == self.cursor and list(h.steps) == self.steps
        assert h.changes == reference_changes(self.initial, self.steps, self.cursor)
        replayed = apply_changes(self.base, h.changes)
        assert h.preset() == replayed
        assert self.preset == replayed, "the incrementally edited preset differs from the replay"
        fresh = evaluate(replayed)
        assert self.result.members == fresh.members, "reevaluate differs from evaluate (members)"
        assert self.result.groups == fresh.groups, "reevaluate differs from evaluate (groups)"


Session.TestCase.settings = settings(
    max_examples=examples(200),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_any_sequence_of_edits_undos_and_redos_equals_replaying_the_remaining_changes = Session.TestCase
