#!/usr/bin/env python3
"""nato-calc benchmarks: every figure is a ratio against a baseline measured in the same run,
or a per-operation latency over many repetitions (these machines are noisy).

    python bench/run.py                 # everything, a few minutes
    python bench/run.py --quick         # fewer repetitions, for a smoke run
    python bench/run.py --only report,engine --json bench/results.json

Prints one line per benchmark: ``name  measured  goal  ok|FAIL``; exits 1 if any goal fails.
Benchmarks live in bench/benchmarks.py (headless) and bench/tui_benchmarks.py (the TUI).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import REGISTRY, Outcome, compile_product  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    import benchmarks  # noqa: F401  (registers the headless benchmarks)

    try:
        import tui_benchmarks  # noqa: F401  (registers the TUI benchmarks)
    except ImportError as e:  # pragma: no cover - the TUI is part of the product
        print(f"(TUI benchmarks unavailable: {e})", file=sys.stderr)

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    ap.add_argument("--only", help="comma-separated benchmark groups: " + ", ".join(REGISTRY))
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args(argv)

    wanted = [w.strip() for w in args.only.split(",")] if args.only else list(REGISTRY)
    unknown = [w for w in wanted if w not in REGISTRY]
    if unknown:
        ap.error(f"unknown benchmark group(s): {', '.join(unknown)}; choose from {', '.join(REGISTRY)}")

    outcomes: list[Outcome] = []
    started = time.perf_counter()
    compiled = compile_product()
    print(f"{'name':<28} {'measured':>22}  {'goal':<18} result")
    for name in wanted:
        for o in REGISTRY[name](quick=args.quick):
            outcomes.append(o)
            print(f"{o.name:<28} {o.measured:>22}  {o.goal:<18} {'ok' if o.ok else 'FAIL'}", flush=True)
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if not o.ok]
    print(f"{len(outcomes) - len(failed)} ok, {len(failed)} FAIL in {elapsed:.0f} s")
    if args.json:
        doc = {
            "python": sys.version.split()[0],
            "quick": args.quick,
            "seconds": round(elapsed, 1),
            "bytecode": compiled,
            "results": [o.as_dict() for o in outcomes],
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
