"""Headless benchmarks: the report command against importing pydantic; engine scaling."""

from __future__ import annotations

import gc
import sys
import tempfile
import time

from common import Outcome, alternate, bench_env, benchmark, bin_path, median, synthetic_preset, wall


def _vs_pydantic(name: str, argv: list[str], goal: float, quick: bool):
    """``nato-calc ARGV`` against ``python -c "from pydantic import BaseModel"``: both as fresh
    processes, alternating, median of N each; the preset cache is warm (the warm-up run fills
    it), as it is for anyone who has run nato-calc once."""
    n = 7 if quick else 21
    with tempfile.TemporaryDirectory() as cache:
        env = bench_env(cache)
        command = [bin_path("nato-calc"), *argv]
        baseline = [sys.executable, "-c", "from pydantic import BaseModel"]
        xs, ys = alternate(lambda: wall(command, env), lambda: wall(baseline, env), n)
    ratio = median(xs) / median(ys)
    yield Outcome(
        f"{name}-json-vs-pydantic",
        f"{ratio:.2f}x ({median(xs) * 1e3:.0f}/{median(ys) * 1e3:.0f} ms)",
        f"ratio <= {goal}",
        ratio <= goal,
        {"ratio": ratio, f"{name}_s": xs, "pydantic_s": ys},
    )


@benchmark("report")
def report_vs_pydantic(quick: bool = False):
    """``nato-calc report --format json`` (nato-2026, its newest year) against importing
    pydantic (:func:`_vs_pydantic`), goal 1.0x as issue 12 sets it."""
    yield from _vs_pydantic("report", ["report", "--format", "json"], 1.0, quick)


@benchmark("history")
def history_vs_pydantic(quick: bool = False):
    """``nato-calc history --member POL --format json`` (nato-2026, 13 years) against importing
    pydantic, goal 1.0x as issue 12 sets it."""
    yield from _vs_pydantic("history", ["history", "--member", "POL", "--format", "json"], 1.0, quick)


def _time_evaluate(preset, reps: int) -> float:
    """Median seconds of ``evaluate(preset)`` over ``reps`` runs, as the command line runs it:
    garbage collected first, then the cyclic collector paused (``calc.cli.main`` pauses it for
    every headless command; the engine makes no garbage-collector call of its own)."""
    from calc.engine.evaluate import evaluate

    gc.collect()
    times = []
    was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(reps):
            t = time.perf_counter()
            evaluate(preset)
            times.append(time.perf_counter() - t)
    finally:
        if was:
            gc.enable()
    return median(times)


@benchmark("engine")
def engine_scaling(quick: bool = False):
    """Evaluate + group aggregates for 32, 1,000, 10,000 and 100,000 synthetic members.

    The sizes are measured in rounds, one after the other within a round, so that a change in
    the machine's load hits every size alike; the linearity figure is the median over rounds
    of each round's ratio (per-member time at 100,000 over that at 1,000).
    """
    sizes = (32, 1_000, 10_000, 100_000)
    batch = {32: 50, 1_000: 10, 10_000: 2, 100_000: 1}
    rounds = 3 if quick else 9
    presets = {n: synthetic_preset(n) for n in sizes}
    for n in sizes:
        _time_evaluate(presets[n], 1)  # warm-up
    samples: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(rounds):
        for n in sizes:
            samples[n].append(_time_evaluate(presets[n], batch[n]) / n)
    per_member = {n: median(samples[n]) for n in sizes}
    t32 = per_member[32] * 32
    yield Outcome(
        "engine-evaluate-32", f"{t32 * 1e3:.3f} ms", "< 1 ms", t32 < 1e-3, {"seconds": t32, "rounds": rounds}
    )
    for n in sizes[1:]:
        yield Outcome(
            f"engine-per-member-{n}",
            f"{per_member[n] * 1e6:.2f} us/member",
            "(linear)",
            True,
            {"seconds_per_member": per_member[n], "samples": samples[n]},
        )
    ratios = [a / b for a, b in zip(samples[100_000], samples[1_000])]
    growth = median(ratios)
    yield Outcome(
        "engine-linear-1k-to-100k",
        f"{growth:.2f}x per member",
        "ratio <= 2",
        growth <= 2,
        {"ratio": growth, "round_ratios": ratios, "per_member_s": per_member},
    )
