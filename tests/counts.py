"""Helpers shared by the hardening tests (issue 6): example budgets, a hard time limit per
example, and the counts printed at the end of a run (and quoted in docs/hardening.md).

The example budgets are written for the ``ci`` Hypothesis profile (what ``.ci/run`` uses) and
scale with the profile's ``max_examples``: the default ``dev`` profile runs a sixth of them,
``HYPOTHESIS_PROFILE=soak`` ten times as many. Under xdist each worker counts its own tests;
``conftest.py`` adds the workers' counts up in the controller (``export``, ``merge``).
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import settings

#: test name -> outcome -> count; printed by ``pytest_terminal_summary`` in conftest.py.
STATS: defaultdict[str, Counter] = defaultdict(Counter)
#: test name -> slowest single example, seconds.
SLOWEST: defaultdict[str, float] = defaultdict(float)

_CI_EXAMPLES = 300  # max_examples of the "ci" profile
#: The environment variable holding ``run_seed()``.
RUN_SEED = "NATO_CALC_TEST_RUN_SEED"


def examples(ci: int) -> int:
    """The number of examples to run: ``ci`` under the ci profile, scaled for the others."""
    return max(10, ci * settings.default.max_examples // _CI_EXAMPLES)


def run_seed() -> int:
    """A random seed drawn once per run (``conftest.py``): the xdist workers inherit it, so they
    collect the same test ids (a seed in a test id drawn in each worker would differ)."""
    return int(os.environ[RUN_SEED])


def record(test: str, outcome: str, seconds: float | None = None) -> None:
    STATS[test][outcome] += 1
    if seconds is not None and seconds > SLOWEST[test]:
        SLOWEST[test] = seconds


class Hang(BaseException):
    """An example ran past its time limit (a BaseException: no ``except Exception`` eats it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with :class:`Hang` if the block runs longer than ``seconds`` (main thread only)."""

    def on_alarm(signum, frame):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@contextmanager
def timed(test: str, outcome_box: list[str]) -> Iterator[None]:
    """Time a block and record its outcome (the block appends it to ``outcome_box``)."""
    start = time.perf_counter()
    yield
    record(test, outcome_box[-1] if outcome_box else "ok", time.perf_counter() - start)


#: Control characters that must never reach a terminal from a message (newline separates lines).
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def export() -> dict:
    """This process's counts, as plain data (what an xdist worker sends its controller)."""
    return {"stats": {t: dict(c) for t, c in STATS.items()}, "slowest": dict(SLOWEST)}


def merge(exported: dict) -> None:
    """Add another process's ``export()`` to this one's counts (the slowest example wins)."""
    for test, outcomes in exported["stats"].items():
        STATS[test].update(outcomes)
    for test, seconds in exported["slowest"].items():
        SLOWEST[test] = max(SLOWEST[test], seconds)


def summary_lines() -> list[str]:
    lines = []
    for test in sorted(STATS):
        counts = STATS[test]
        total = sum(v for k, v in counts.items() if not k.startswith("of which"))
        parts = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        slow = f"; slowest {SLOWEST[test] * 1000:.0f} ms" if test in SLOWEST else ""
        lines.append(f"{test}: {total} ({parts}){slow}")
    return lines


def assert_members_valid(preset) -> None:
    """Every member holds values the engine can use: GDP finite and within its bounds, no
    negative, non-finite or oversized figure, no share above 1 (loaders and changes alike)."""
    from calc.domain.dataset import MAX_MONEY, MIN_GDP

    for m in preset.members:
        g = m.gdp.value
        assert g.is_finite() and MIN_GDP <= g <= MAX_MONEY, (m.code, g)
        for fig in (m.core, m.related):
            if fig is None:
                continue
            assert fig.value.is_finite() and fig.value >= 0, (m.code, fig)
            assert fig.value <= (1 if fig.share else MAX_MONEY), (m.code, fig)
