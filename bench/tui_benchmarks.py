"""TUI benchmarks: start-up and memory against a minimal Textual app; edit latency.

Start-up and memory (issue 5, benchmarks 1 and 5). ``nato-calc`` (the console script, as a
user types it, on the default nato-2026 preset) and bench/minimal_app.py (Header + DataTable with 32
rows + Footer) are each started as a fresh process in a pseudo-terminal of 160x50, alternately,
after one warm-up run of each; see bench/ptyrun.py for what "first complete paint" means and
how it is timed. Resident memory is read from the same runs, once start-up has settled. The
ratios are of the medians.

Edit latency (benchmark 2): bench/edit_latency.py, in a fresh process per configuration.
Switch latency (issue 12): bench/switch_latency.py, the year keys and the currency key on
nato-2026, in a fresh process per kind.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Outcome, bench_env, benchmark, bin_path, median, percentile
from ptyrun import run_in_pty

HERE = Path(__file__).resolve().parent
SIZE = (160, 50)
PRESET = "nato-2026"
#: Issue 12's goals: start-up at most the minimal app's, memory at most 1.1 times its.
STARTUP_GOAL = 1.0
MEMORY_GOAL = 1.1


def _tui_env(cache: str) -> dict:
    env = bench_env(cache)
    env["TERM"] = "xterm-256color"
    env["COLORTERM"] = "truecolor"
    for var in ("NATO_CALC_THEME", "NATO_CALC_PRESETS", "TEXTUAL", "TEXTUAL_FPS", "NO_COLOR"):
        env.pop(var, None)
    return env


def _nato_command() -> tuple[list[str], tuple[str, ...]]:
    """``nato-calc`` as users type it when nato-2026 is the default preset (else with
    ``--preset``), and the member codes its table must show."""
    from calc.files.presets import load_by_id, resolve_preset

    cmd = [bin_path("nato-calc")]
    if resolve_preset(None).id != PRESET:
        cmd += ["--preset", PRESET]
    return cmd, load_by_id(PRESET).codes


def _table_rows(lines: list[str], codes) -> bool:
    """Every code starts a row of the table (one cell of padding, then the code)."""
    starts = {ln[1:4] for ln in lines}
    return all(c in starts for c in codes)


def spread(xs) -> str:
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
    return f"{q[0]:.3f}-{q[2]:.3f}"


@benchmark("tui-start")
def startup_and_memory(quick: bool = False):
    """Start-up to first complete paint, and resident memory, against the minimal app."""
    n = 5 if quick else 15
    cmd, codes = _nato_command()
    baseline = [sys.executable, str(HERE / "minimal_app.py")]

    def nato_ready(s) -> bool:
        lines = s.lines()
        text = "\n".join(lines)
        return f"[{PRESET}]" in lines[0] and _table_rows(lines, codes) and "collective $bn" in text

    def minimal_ready(s) -> bool:
        lines = s.lines()
        return _table_rows(lines, [r[0] for r in _minimal_rows()]) and "Quit" in lines[-1]

    with tempfile.TemporaryDirectory() as cache:
        env = _tui_env(cache)
        run_nato = lambda: run_in_pty(cmd, env, SIZE, nato_ready)  # noqa: E731
        run_min = lambda: run_in_pty(baseline, env, SIZE, minimal_ready)  # noqa: E731
        run_nato()  # warm-up: fills the preset cache, as any earlier use of nato-calc has
        run_min()
        xs, ys = [], []
        for _ in range(n):
            xs.append(run_nato())
            ys.append(run_min())
    t_nato = [r.paint_s for r in xs]
    t_min = [r.paint_s for r in ys]
    ratio = median(t_nato) / median(t_min)
    pair = [a / b for a, b in zip(t_nato, t_min)]
    yield Outcome(
        "tui-startup-vs-textual",
        f"{ratio:.2f}x ({median(t_nato) * 1e3:.0f}/{median(t_min) * 1e3:.0f} ms)",
        f"ratio <= {STARTUP_GOAL}",
        ratio <= STARTUP_GOAL,
        {
            "ratio": ratio,
            "runs": n,
            "nato_calc_s": t_nato,
            "minimal_s": t_min,
            "pair_ratios_quartiles": spread(pair),
            "command": cmd,
            "size": list(SIZE),
        },
    )
    m_nato = [r.rss_kb for r in xs]
    m_min = [r.rss_kb for r in ys]
    mratio = median(m_nato) / median(m_min)
    yield Outcome(
        "tui-memory-vs-textual",
        f"{mratio:.2f}x ({median(m_nato) / 1024:.1f}/{median(m_min) / 1024:.1f} MiB)",
        f"ratio <= {MEMORY_GOAL}",
        mratio <= MEMORY_GOAL,
        {"ratio": mratio, "nato_calc_rss_kb": m_nato, "minimal_rss_kb": m_min},
    )


def _minimal_rows():
    sys.path.insert(0, str(HERE))
    from minimal_app import rows

    return rows()


#: Issue 12's goals: p95 at most 8 ms on nato-2026's 32 allies, 16 ms on 1,000 members sorted
#: (and so unsorted, which moves no row).
EDIT_CONFIGS = (
    ("tui-edit-32", 32, None, 8.0),
    ("tui-edit-1000", 1000, None, 16.0),
    ("tui-edit-1000-sorted", 1000, "core_share", 16.0),
)


def _latency_run(cmd: list[str], env: dict) -> dict:
    """Run a latency script (a fresh process) and return its JSON document."""
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stdout[-2000:]}{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


#: Issue 12: switching year or currency, p95 at most 16 ms.
SWITCH_GOAL = 16.0


@benchmark("tui-switch")
def switch_latency(quick: bool = False):
    """A year key ([ or ]) or the currency key ($) to the screen showing it, on nato-2026:
    p50/p95 over 200 switches each (40 with --quick)."""
    switches = 40 if quick else 200
    with tempfile.TemporaryDirectory() as cache:
        env = _tui_env(cache)
        for kind in ("year", "currency"):
            cmd = [
                sys.executable,
                str(HERE / "switch_latency.py"),
                "--kind",
                kind,
                "--switches",
                str(switches),
            ]
            doc = _latency_run(cmd, env)
            lat = doc["latency_ms"]
            p50, p95 = percentile(lat, 50), percentile(lat, 95)
            yield Outcome(
                f"tui-switch-{kind}",
                f"p50 {p50:.1f} / p95 {p95:.1f} ms",
                f"p95 <= {SWITCH_GOAL:.0f} ms",
                p95 <= SWITCH_GOAL,
                {"p50_ms": p50, "p95_ms": p95, "max_ms": max(lat), **doc},
            )


@benchmark("tui-edit")
def edit_latency(quick: bool = False):
    """Committed edit to the screen showing it: p50/p95 over 200 edits (40 with --quick)."""
    edits = 40 if quick else 200
    with tempfile.TemporaryDirectory() as cache:
        env = _tui_env(cache)
        for name, members, sort, goal in EDIT_CONFIGS:
            cmd = [
                sys.executable,
                str(HERE / "edit_latency.py"),
                "--members",
                str(members),
                "--edits",
                str(edits),
            ]
            if sort:
                cmd += ["--sort", sort]
            doc = _latency_run(cmd, env)
            lat = doc["latency_ms"]
            p50, p95 = percentile(lat, 50), percentile(lat, 95)
            yield Outcome(
                name,
                f"p50 {p50:.1f} / p95 {p95:.1f} ms",
                f"p95 <= {goal:.0f} ms",
                p95 <= goal and doc["table_rebuilds"] == 1,
                {"p50_ms": p50, "p95_ms": p95, "max_ms": max(lat), **doc},
            )
