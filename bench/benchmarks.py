"""Headless benchmarks: the report command against importing pydantic; engine scaling."""

from __future__ import annotations

import gc
import sys
import tempfile
import time

from common import Outcome, alternate, bench_env, benchmark, bin_path, median, synthetic_preset, wall


@benchmark("report")
def report_vs_pydantic(quick: bool = False):
    """``nato-calc report --format json`` against ``python -c "from pydantic import BaseModel"``.

    Both as fresh processes, alternating, median of N each; the preset cache is warm (the
    warm-up run fills it), as it is for anyone who has run nato-calc once.
    """
    n = 7 if quick else 21
    with tempfile.TemporaryDirectory() as cache:
        env = bench_env(cache)
        report = [bin_path("nato-calc"), "report", "--format", "json"]
        baseline = [sys.executable, "-c", "from pydantic import BaseModel"]
        xs, ys = alternate(lambda: wall(report, env), lambda: wall(baseline, env), n)
    ratio = median(xs) / median(ys)
    yield Outcome(
        "report-json-vs-pydantic",
        f"{ratio:.2f}x ({median(xs) * 1e3:.0f}/{median(ys) * 1e3:.0f} ms)",
        "ratio <= 1.5",
        ratio <= 1.5,
        {"ratio": ratio, "report_s": xs, "pydantic_s": ys},
    )


@benchmark("history")
def history_vs_pydantic(quick: bool = False):
    """``nato-calc history --member POL --format json`` (nato-2026, 13 years) against
    ``python -c "from pydantic import BaseModel"``, like :func:`report_vs_pydantic`."""
    n = 7 if quick else 21
    with tempfile.TemporaryDirectory() as cache:
        env = bench_env(cache)
        history = [bin_path("nato-calc"), "history", "--member", "POL", "--format", "json"]
        baseline = [sys.executable, "-c", "from pydantic import BaseModel"]
        xs, ys = alternate(lambda: wall(history, env), lambda: wall(baseline, env), n)
    ratio = median(xs) / median(ys)
    yield Outcome(
        "history-json-vs-pydantic",
        f"{ratio:.2f}x ({median(xs) * 1e3:.0f}/{median(ys) * 1e3:.0f} ms)",
        "ratio <= 1.0",
        ratio <= 1.0,
        {"ratio": ratio, "history_s": xs, "pydantic_s": ys},
    )


def _time_evaluate(preset, reps: int) -> float:
    """Median seconds of ``evaluate(preset)`` over ``reps`` runs (garbage collected first;
    evaluate itself pauses the collector)."""
    from calc.engine.evaluate import evaluate

    gc.collect()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        evaluate(preset)
        times.append(time.perf_counter() - t)
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
