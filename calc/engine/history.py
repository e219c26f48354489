"""Undo/redo for a what-if session: an immutable timeline of steps over one base preset.

A session starts from a base preset and, optionally, the changes of an opened scenario (the
*initial* changes: undo stops there). Every user action pushes one :class:`Step`: a batch of
:class:`~calc.engine.changes.Change` (usually one), or a *clear* that drops every change made before
it ("reset everything", itself undoable). ``cursor`` counts the steps in force; undo and redo
only move it, and pushing a new step after an undo discards the steps that were undone.

The changes in force are always :attr:`History.changes`, in the order they apply; the preset
they produce is :meth:`History.preset`. Nothing here mutates anything and there is no limit on
the number of steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - calc.engine.changes loads on the first change (start-up path)
    from ..domain.dataset import Preset
    from .changes import Change


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable action."""

    changes: tuple[Change, ...] = ()
    """The changes this action adds, in order."""
    clear: bool = False
    """True for "reset everything": every change in force before this step is dropped."""

    def describe(self) -> str:
        """A short line for "Undid: ..." / "Redid: ..." messages."""
        if self.clear:
            return "reset everything"
        return "; ".join(c.describe() for c in self.changes) or "nothing"


@dataclass(frozen=True, slots=True)
class History:
    """The undo/redo timeline of a session. Immutable: every operation returns a new history."""

    base: Preset
    """The preset every change applies to (never modified)."""
    initial: tuple[Change, ...] = ()
    """Changes the session started with (an opened scenario). Undo never goes before them."""
    steps: tuple[Step, ...] = ()
    """Every step pushed, including those undone (``steps[cursor:]``, which redo re-applies)."""
    cursor: int = 0
    """How many of ``steps`` are in force (0 <= cursor <= len(steps))."""
    _changes: tuple[Change, ...] | None = field(default=None, init=False, repr=False, compare=False)
    """:attr:`changes`, worked out once (the screen asks several times per edit)."""

    def __post_init__(self) -> None:
        if not 0 <= self.cursor <= len(self.steps):
            raise ValueError(f"cursor {self.cursor} outside 0..{len(self.steps)}")

    # -- queries ---------------------------------------------------------------------------

    @property
    def changes(self) -> tuple[Change, ...]:
        """The changes in force, in the order they apply."""
        if self._changes is not None:
            return self._changes
        out = list(self.initial)
        for step in self.steps[: self.cursor]:
            if step.clear:
                out.clear()
            out.extend(step.changes)
        changes = tuple(out)
        object.__setattr__(self, "_changes", changes)
        return changes

    @property
    def can_undo(self) -> bool:
        return self.cursor > 0

    @property
    def can_redo(self) -> bool:
        return self.cursor < len(self.steps)

    @property
    def undo_step(self) -> Step | None:
        """The step :meth:`undo` would take back."""
        return self.steps[self.cursor - 1] if self.can_undo else None

    @property
    def redo_step(self) -> Step | None:
        """The step :meth:`redo` would re-apply."""
        return self.steps[self.cursor] if self.can_redo else None

    def preset(self) -> Preset:
        """The base with the changes in force applied (see :func:`~calc.engine.changes.apply_changes`)."""
        from .changes import apply_changes

        return apply_changes(self.base, self.changes)

    # -- operations ------------------------------------------------------------------------

    def push(self, *changes: Change) -> History:
        """Add one step holding ``changes`` (discarding any undone steps)."""
        if not changes:
            raise ValueError("push needs at least one change")
        return self._push(Step(tuple(changes)))

    def push_all(self, changes: Iterable[Change]) -> History:
        """Like :meth:`push` with the changes taken from an iterable."""
        return self.push(*changes)

    def clear(self) -> History:
        """Drop every change in force, as one undoable step. No-op when nothing is in force."""
        if not self.changes:
            return self
        return self._push(Step(clear=True))

    def undo(self) -> History:
        """Take back the last step in force (no-op when there is none)."""
        return replace(self, cursor=self.cursor - 1) if self.can_undo else self

    def redo(self) -> History:
        """Re-apply the last step undone (no-op when there is none)."""
        return replace(self, cursor=self.cursor + 1) if self.can_redo else self

    def _push(self, step: Step) -> History:
        return replace(self, steps=(*self.steps[: self.cursor], step), cursor=self.cursor + 1)
