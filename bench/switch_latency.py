#!/usr/bin/env python3
"""Year and currency switching latency of the TUI: from the key to the screen showing the other
year (or currency) on nato-2026, timed like bench/edit_latency.py (headless at 160x50, every
frame rendered to terminal output; the latency ends at the frame after which the screen no
longer changes).

    python bench/switch_latency.py --switches 100

Each switch is one key a user presses: ``[`` / ``]`` (the previous / next year: the preset for
that year is made from the release's timeline and evaluated, the what-if re-applied) and ``$``
(US dollars → euros → national currencies: a conversion, nothing evaluated again). The final
screen is checked: the session bar names the year (and the currency), Germany's row shows its
core spending in that currency. Prints one JSON document.
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

from edit_latency import SIZE, FrameTap, quiet  # noqa: E402
from term import TermScreen  # noqa: E402

#: The keys pressed, in turn: two years back, a currency, two years on, and so on.
KEYS = ("left_square_bracket", "left_square_bracket", "dollar_sign", "right_square_bracket",
        "right_square_bracket", "dollar_sign")  # fmt: skip


def check(screen: TermScreen, app, key: str) -> None:
    from calc.output.fmt import money
    from calc.tui.money import tag

    lines = screen.lines()
    text = "\n".join(lines)
    year = app.session.year_status()
    if year not in lines[0]:
        raise SystemExit(f"{key}: the session bar does not say {year!r}:\n{lines[0]}")
    shown = app.session.shown
    if tag(shown) and tag(shown) not in lines[0]:
        raise SystemExit(f"{key}: the session bar does not say {tag(shown)!r}:\n{lines[0]}")
    row = next((ln for ln in lines if ln[1:].startswith("DEU")), None)
    want = money(shown.member("DEU").core, 2)
    if row is None or want not in row:
        raise SystemExit(f"{key}: Germany's row does not show core {want}:\n{text}")


async def run(switches: int) -> dict:
    from calc.tui import make_app

    app = make_app(preset="nato-2026", theme="textual-dark", cursor_blink=False)
    tap = FrameTap(app)
    screen = TermScreen(*SIZE)
    latencies: dict[str, list[float]] = {"year": [], "currency": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await quiet(tap, 0.2)
        for i in range(switches):
            key = KEYS[i % len(KEYS)]
            for _, data in tap.frames:
                screen.feed(data)
            tap.frames.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            await quiet(tap)
            sigs = []
            for t, data in tap.frames:
                screen.feed(data)
                sigs.append((t, screen.signature()))
            if not sigs:
                raise SystemExit(f"switch {i} ({key}) painted nothing")
            final, done = sigs[-1][1], sigs[-1][0]
            for t, sig in reversed(sigs):
                if sig != final:
                    break
                done = t
            latencies["currency" if key == "dollar_sign" else "year"].append((done - t0) * 1000)
            tap.frames.clear()
            check(screen, app, key)
            app.clear_notifications()
            await quiet(tap)
        app.exit()
    return {"switches": switches, "size": list(SIZE), "latency_ms": latencies}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--switches", type=int, default=120)
    args = ap.parse_args()
    print(json.dumps(asyncio.run(run(args.switches))))


if __name__ == "__main__":
    main()
