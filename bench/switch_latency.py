#!/usr/bin/env python3
"""Switch latency of the TUI: from the key that shows another year (``[`` / ``]``) or another
currency (``$``) to the screen showing all of it, on nato-2026 (issue 12: p95 <= 16 ms).

Run by bench/tui_benchmarks.py in a fresh process per kind::

    python bench/switch_latency.py --kind year --switches 200       # [ and ]: 2026 -> 2014 -> 2026 ...
    python bench/switch_latency.py --kind currency --switches 200   # $: USD -> EUR -> national -> USD ...

Prints one JSON document: the latency of each switch in milliseconds, and what was checked.

Timed as bench/edit_latency.py times an edit (the same frame tap and terminal model): the app
runs headless (Pilot) at 160x50 and is left idle before each key (no frame for 30 ms, a
person's pace); ``t0`` is taken just before the key is pressed (``pilot.press``: the key
event goes to the focused table, as a typed one does) and the latency runs to the frame after
which the screen no longer changes. That final screen is checked against the session: the
session bar names the year (and the currency); the rows of Germany, Poland and the United
States show every cell of the result shown (in the currency shown, :attr:`Session.shown`);
the aggregates show the group's core share, core gap and count meeting the core target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from edit_latency import SIZE, FrameTap, check_row, quiet, settled_ms  # noqa: E402
from term import TermScreen  # noqa: E402

PRESET = "nato-2026"
CHECKED = ("DEU", "POL", "USA")
KEYS = {"year": ("left_square_bracket", "right_square_bracket"), "currency": ("dollar_sign",)}


def year_keys(years: tuple[int, ...], n: int) -> list[tuple[str, int]]:
    """``n`` presses walking from the newest year to the first and back, with the year each
    one should show."""
    out: list[tuple[str, int]] = []
    i, step = len(years) - 1, -1
    while len(out) < n:
        if not 0 <= i + step < len(years):
            step = -step
        i += step
        out.append((KEYS["year"][0] if step < 0 else KEYS["year"][1], years[i]))
    return out


def check(screen: TermScreen, app, kind: str, want) -> None:
    """The final screen shows the year or currency switched to, as the session has it."""
    from calc.output.fmt import money, pct

    lines = screen.lines()
    text = "\n".join(lines)
    session = app.session
    if kind == "year" and app.session.preset.year != want:
        raise SystemExit(f"the app shows {app.session.preset.year}, not {want}")
    if kind == "currency" and session.currency != want:
        raise SystemExit(f"the app shows {session.currency}, not {want}")
    status = session.year_status()
    if status and status not in lines[0]:
        raise SystemExit(f"session bar does not name {status!r}:\n{lines[0]}")
    shown = session.shown
    for code in CHECKED:
        check_row(lines, app, shown.member(code))
    g = shown.group(app.session.group)
    for value in (pct(g.core_share), money(g.gap_core, 1), f"{g.meeting_core}/{g.assessed}"):
        if value not in text:
            raise SystemExit(f"aggregates do not show {value!r}:\n{text}")


async def run(kind: str, switches: int, profile: str | None = None) -> dict:
    from calc.tui import make_app

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    app = make_app(preset=PRESET, theme="textual-dark", cursor_blink=False)
    tap = FrameTap(app)
    screen = TermScreen(*SIZE)
    latencies: list[float] = []
    frames: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await quiet(tap, 0.2)
        if kind == "year":
            plan = year_keys(app.session.years(), switches)
        else:
            from calc.tui.money import ORDER

            plan = [(KEYS["currency"][0], ORDER[(i + 1) % len(ORDER)]) for i in range(switches)]
        for key, want in plan:
            await quiet(tap)
            for _, data in tap.frames:
                screen.feed(data)
            tap.frames.clear()
            if profiler is not None:
                profiler.enable()
            t0 = time.perf_counter()
            await pilot.press(key)
            await quiet(tap)
            if profiler is not None:
                profiler.disable()
            latencies.append(settled_ms(tap, screen, t0, f"{key} ({want})"))
            frames.append(len(tap.frames))
            tap.frames.clear()
            check(screen, app, kind, want)
        app.exit()
    if profiler is not None:
        profiler.dump_stats(profile)
    return {
        "kind": kind,
        "switches": switches,
        "size": list(SIZE),
        "latency_ms": latencies,
        "frames_per_switch": frames,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=sorted(KEYS), default="year")
    ap.add_argument("--switches", type=int, default=200)
    ap.add_argument("--profile", metavar="FILE", help="cProfile the switches (key to quiet) into FILE")
    args = ap.parse_args()
    print(json.dumps(asyncio.run(run(args.kind, args.switches, args.profile))))


if __name__ == "__main__":
    main()
