#!/usr/bin/env python3
"""Edit latency of the TUI: from a committed cell edit to the screen showing its effects.

Run by bench/tui_benchmarks.py in a fresh process per configuration (no heap left over from
other benchmarks)::

    python bench/edit_latency.py --members 32 --edits 200          # nato-2026
    python bench/edit_latency.py --members 1000 --edits 200 [--sort core_share]

Prints one JSON document: the latency of each edit in milliseconds, and what was checked.

How an edit is timed. The app runs headless (Pilot, ``run_test``) at 160x50. Every frame the
compositor produces is rendered to the escape sequences a terminal would receive (what the
real driver writes: ``render_segments``, which headless mode skips) and stamped with the time
it was ready. For each edit:

1. the cursor goes to the member's core % cell (as a user's would; not timed) and the app is
   left idle until no frame has come for ``QUIET`` seconds (edits are a human's pace apart,
   so Textual's 60 fps frame limiter starts each edit idle, as it does for a user);
2. ``t0``; ``app.commit(Change("set", code, "core_share", value))``, which is what the edit
   dialog does with the value the user typed; then nothing else is done until the app is
   quiet again;
3. the frames are replayed through a terminal screen model. The latency is the time from
   ``t0`` to the frame after which the screen no longer changes, i.e. the table row, the
   statuses, the aggregates, the session bar and the cell information all show the edit;
4. that final screen is checked against the engine: the member's row shows every cell of its
   new result, the session bar counts the changes, the aggregates panel shows the group's new
   core share and gaps. A screen that does not fails the run.

Values cycle through shares below, between and above the targets, so statuses flip and, when
the table is sorted by core %, the row moves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from term import TermScreen  # noqa: E402

SIZE = (160, 50)
QUIET = 0.03
VALUES = [Decimal(v) for v in ("0.012", "0.024", "0.037", "0.052", "0.018", "0.031", "0.045", "0.027")]


def build(members: int, sort: str | None):
    from calc.tui import make_app

    if members == 32:
        app = make_app(preset="nato-2026", theme="textual-dark", cursor_blink=False)
    else:
        from common import synthetic_preset

        app = make_app(data=synthetic_preset(members), theme="textual-dark", cursor_blink=False)
    if sort:
        app.session.sort = (sort, True)
    return app


def count_rebuilds() -> list:
    """Every full rebuild of the table (``MemberTable.show``) from now on, in this process (one
    benchmark run): the widget keeps no counter of its own."""
    from calc.tui.paint.member_table import MemberTable

    calls: list = []
    show = MemberTable.show

    def counted(self, *args, **kwargs):
        calls.append(self)
        return show(self, *args, **kwargs)

    MemberTable.show = counted
    return calls


class FrameTap:
    """Collects every frame as terminal output, stamped when it was ready to be written."""

    def __init__(self, app) -> None:
        from rich.control import Control
        from textual._compositor import CompositorUpdate

        self.frames: list[tuple[float, str]] = []
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)  # headless: does nothing but keep Textual's checks
            if renderable is None or app._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                data = renderable.render_segments(app.console)
                data += Control.move_to(*app.screen.outer_size.clamp_offset(app.cursor_position)).segment.text
            else:  # pragma: no cover - Textual passes compositor updates
                data = app.console._render_buffer(app.console.render(renderable))
            self.frames.append((time.perf_counter(), data))

        app._display = display


async def quiet(tap: FrameTap, seconds: float = QUIET, timeout: float = 10.0) -> None:
    """Wait until no frame has come for ``seconds``."""
    start = time.perf_counter()
    while True:
        n = len(tap.frames)
        await asyncio.sleep(seconds)
        if len(tap.frames) == n:
            return
        if time.perf_counter() - start > timeout:
            raise SystemExit("the app never went quiet")


def settled_ms(tap: FrameTap, screen: TermScreen, t0: float, what: str) -> float:
    """Milliseconds from ``t0`` to the frame after which the screen no longer changed (the
    frames of ``tap`` fed to ``screen``, which then shows the final one)."""
    if not tap.frames:
        raise SystemExit(f"{what} painted nothing")
    sigs = []
    for t, data in tap.frames:
        screen.feed(data)
        sigs.append((t, screen.signature()))
    final = sigs[-1][1]
    done = sigs[-1][0]
    for t, sig in reversed(sigs):
        if sig != final:
            break
        done = t
    return (done - t0) * 1000


def check_row(lines: list[str], app, r) -> None:
    """The screen's row of member result ``r`` shows every cell of it, in order."""
    from calc.tui.cells import row_specs

    row = next((ln for ln in lines if ln[1:].startswith(r.code)), None)
    if row is None:
        raise SystemExit(f"{r.code}: row not on screen\n" + "\n".join(lines))
    pos = 0
    for spec in row_specs(r, app.main_screen.table.column_keys):
        parts = spec if spec and isinstance(spec[0], tuple) else (spec,)
        cell = "".join(t + m for t, _, m, _ in parts).rstrip()
        found = row.find(cell, pos)
        if found < 0:
            raise SystemExit(f"{r.code}: cell {cell!r} not shown in its row:\n{row}")
        pos = found + len(cell)


def check(screen: TermScreen, app, code: str, changes: int) -> None:
    """The final screen shows the edit's effects (engine values, formatted as the UI does)."""
    from calc.output.fmt import money, pct

    lines = screen.lines()
    text = "\n".join(lines)
    check_row(lines, app, app.session.result.member(code))
    if f"modified ({changes} change" not in lines[0]:
        raise SystemExit(f"session bar does not count {changes} changes:\n{lines[0]}")
    g = app.session.result.group(app.session.group)
    for want in (
        pct(g.core_share),
        money(g.gap_core, 1),
        money(g.collective_gap_core, 1),
        f"{g.meeting_core}/{g.assessed}",
    ):
        if want not in text:
            raise SystemExit(f"aggregates do not show {want!r}:\n{text}")


async def run(members: int, edits: int, sort: str | None, profile: str | None = None) -> dict:
    from calc.engine.changes import Change

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()

    rebuilds = count_rebuilds()
    app = build(members, sort)
    tap = FrameTap(app)
    screen = TermScreen(*SIZE)
    latencies: list[float] = []
    frames_per_edit: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await quiet(tap, 0.2)
        table = app.main_screen.table
        assessed = [r.code for r in app.session.result.members if r.assessed]
        step = max(1, len(assessed) // edits) if len(assessed) > edits else 1
        for i in range(edits):
            code = assessed[(i * step + i // len(assessed)) % len(assessed)]
            table.cursor_to(code, "core_share")
            await quiet(tap)
            for _, data in tap.frames:
                screen.feed(data)
            tap.frames.clear()
            current = app.session.preset.member(code).core
            value = VALUES[i % len(VALUES)]
            if current.share and current.value == value:
                value = VALUES[(i + 1) % len(VALUES)]
            change = Change("set", code, "core_share", value)
            if profiler is not None:
                profiler.enable()
            t0 = time.perf_counter()
            if not app.commit(change):
                raise SystemExit(f"edit {change} was refused")
            await quiet(tap)
            if profiler is not None:
                profiler.disable()
            latencies.append(settled_ms(tap, screen, t0, f"edit {i} ({code})"))
            frames_per_edit.append(len(tap.frames))
            tap.frames.clear()
            check(screen, app, code, i + 1)
        app.exit()
    if profiler is not None:
        profiler.dump_stats(profile)
    return {
        "members": members,
        "sort": sort,
        "edits": edits,
        "size": list(SIZE),
        "latency_ms": latencies,
        "frames_per_edit": frames_per_edit,
        "table_rebuilds": len(rebuilds),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=32, help="32 (nato-2026) or a synthetic size")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--sort", help="sort the table by this column (descending) first")
    ap.add_argument("--profile", metavar="FILE", help="cProfile the edits (commit to quiet) into FILE")
    args = ap.parse_args()
    out = asyncio.run(run(args.members, args.edits, args.sort, args.profile))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
