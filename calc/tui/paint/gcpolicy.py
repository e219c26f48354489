"""Garbage collection for an interactive session: full collections when the user is idle.

CPython's cyclic collector scans every tracked object in a *full* (generation 2) collection.
With Textual's objects, a 1,000-member preset and its results that takes tens of milliseconds
(about 100 ms on the benchmark machine), and an edit session triggers one every dozen edits or
so: the edit that triggers it visibly stutters. Young collections (generations 0 and 1) cost a
fraction of a millisecond to a few milliseconds and are left alone. So, while the TUI runs:

* while the app starts (importing Textual, building the screen) the collector is off
  (:func:`pause_for_startup`, from ``nato-calc``): start-up creates tens of thousands of
  long-lived objects and next to no garbage, and collecting as they pile up costs about a
  tenth of the start-up time;
* everything alive once the first screen is up (Textual, the preset, the modules) is
  collected once and frozen (:func:`gc.freeze`): those objects live as long as the app, and no
  collection scans them again;
* young collections wait for a pause too: CPython starts one by itself only once
  :data:`YOUNG_AFTER` more container objects are alive than at the last one (instead of 700),
  and the app runs one once the user has paused for :data:`YOUNG_IDLE_SECONDS` with at least
  :data:`YOUNG_PENDING` new objects. With CPython's default, young collections (1–2 ms, and
  5–9 ms for a generation-1 one) fell inside most edits and were most of the slowest ones;
  now an edit's garbage is collected a moment after its frame is on screen;
* CPython starts a full collection by itself only after :data:`FULL_AFTER` young collections
  (instead of 10), which bounds memory in a long burst of edits;
* the app runs a full collection itself once the user has been idle for :data:`IDLE_SECONDS`
  and young collections have happened since the last full one.

When the app exits, the thresholds are restored and the frozen objects are released.
"""

from __future__ import annotations

import gc

#: Seconds without a key press or mouse click before a pending full collection runs.
IDLE_SECONDS = 1.0
#: Young (generation 1) collections after which CPython runs a full collection anyway.
FULL_AFTER = 100
#: Growth in live container objects after which CPython runs a young collection anyway.
YOUNG_AFTER = 10_000
#: Seconds without input before a young collection runs (if objects have piled up).
YOUNG_IDLE_SECONDS = 0.05
#: How often the app looks for an idle moment (seconds).
POLL_SECONDS = 0.1
#: Growth since the last young collection that makes an idle one worth running (CPython's 700).
YOUNG_PENDING = 700


_paused_for_startup = False


def pause_for_startup() -> None:
    """Turn the collector off until :meth:`IdleCollector.start` (or :func:`resume`)."""
    global _paused_for_startup
    if gc.isenabled():
        gc.disable()
        _paused_for_startup = True


def resume() -> None:
    """Turn the collector back on if :func:`pause_for_startup` turned it off."""
    global _paused_for_startup
    if _paused_for_startup:
        _paused_for_startup = False
        gc.enable()


def collection_due(now: float, last_input: float, pending: int, idle: float = IDLE_SECONDS) -> bool:
    """True when a full collection should run now: young collections have happened since
    the last full one (``pending``) and the user has been idle for ``idle`` seconds."""
    return pending > 0 and now - last_input >= idle


def young_collection_due(now: float, last_input: float, young: int) -> bool:
    """True when a young collection should run now: :data:`YOUNG_PENDING` new objects and a
    pause of :data:`YOUNG_IDLE_SECONDS`."""
    return young >= YOUNG_PENDING and now - last_input >= YOUNG_IDLE_SECONDS


class IdleCollector:
    """Applies the policy above; :meth:`start` once the first screen is up, :meth:`stop` on
    exit, :meth:`touch` on input, :meth:`poll` from a timer."""

    def __init__(self) -> None:
        self.active = False
        self.last_input = 0.0
        self._saved: tuple[int, int, int] | None = None

    def start(self, now: float) -> None:
        if self.active:
            return
        self._saved = gc.get_threshold()
        if _paused_for_startup:
            gc.collect()  # what start-up left behind (little: it was paused, not leaking)
        gc.freeze()
        t0, t1, t2 = self._saved
        gc.set_threshold(max(t0, YOUNG_AFTER), t1, max(FULL_AFTER, t2))
        resume()
        self.last_input = now
        self.active = True

    def stop(self) -> None:
        if not self.active:
            return
        if self._saved is not None:
            gc.set_threshold(*self._saved)
        gc.unfreeze()
        resume()
        self.active = False

    def touch(self, now: float) -> None:
        self.last_input = now

    def poll(self, now: float) -> bool:
        """Run a full collection if one is due, else a young one if one is due; return
        whether a full one ran."""
        if not self.active:
            return False
        young, _, pending = gc.get_count()
        if collection_due(now, self.last_input, pending):
            gc.collect()
            return True
        if young_collection_due(now, self.last_input, young):
            gc.collect(1)
        return False
