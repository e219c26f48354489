"""Start a terminal program in a pseudo-terminal and time it to its first complete screen.

Used by the start-up and memory benchmarks, identically for nato-calc and for the baseline.

*First complete paint*: the program's output is read from the pty master as it arrives, each
chunk stamped with the time it was read. When the output has been quiet for ``quiet``
seconds and the screen passes the caller's ``ready`` check (e.g. every member row and the
aggregates are on screen), start-up is over and that screen is *the* start-up screen. The
output is then replayed through :class:`~term.TermScreen`: the start-up time is the time,
from just before the process was spawned, of the chunk after which the screen (text and
styles) no longer differs from that final screen. A frame that shows the table but not yet
the aggregates, or the cursor before the table took focus, does not count; nothing the app
draws after its first full frame is missed.

Resident memory is read from ``/proc/PID/status`` (VmRSS) at the end of that quiet period,
i.e. once start-up has settled, then the process is killed.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from term import TermScreen


@dataclass
class StartRun:
    paint_s: float
    """Process spawn to the first complete paint (seconds)."""
    rss_kb: int
    """Resident memory once start-up settled (kB)."""
    chunks: int
    screen: str
    """The final screen's text."""


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def run_in_pty(
    cmd: Sequence[str],
    env: dict,
    size: tuple[int, int],
    ready: Callable[[TermScreen], bool],
    *,
    quiet: float = 0.4,
    timeout: float = 60.0,
) -> StartRun:
    cols, rows = size
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    chunks: list[tuple[float, bytes]] = []
    live = TermScreen(cols, rows)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    parsed = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    try:
        last = t0
        while True:
            r, _, _ = select.select([master], [], [], 0.02)
            now = time.perf_counter()
            if r:
                try:
                    data = os.read(master, 1 << 16)
                except OSError:
                    data = b""
                if data:
                    chunks.append((now, data))
                    last = now
                    continue
            if proc.poll() is not None:
                tail = b"".join(d for _, d in chunks[-20:]).decode(errors="replace")
                raise SystemExit(
                    f"{' '.join(cmd)} exited ({proc.returncode}) before its screen was complete:\n"
                    + tail[-3000:]
                )
            if chunks and now - last >= quiet:
                for _, data in chunks[parsed:]:
                    live.feed(decoder.decode(data))
                parsed = len(chunks)
                if ready(live):
                    break
            if now - t0 > timeout:
                raise SystemExit(
                    f"{' '.join(cmd)}: no complete screen after {timeout:.0f} s:\n" + live.text()
                )
        rss = rss_kb(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)

    # Replay: when did the screen become (and stay) the final one?
    final = live.signature()
    replay = TermScreen(cols, rows)
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    first_final = None
    for t, data in chunks:
        replay.feed(decoder.decode(data))
        if replay.signature() == final:
            if first_final is None:
                first_final = t
        else:
            first_final = None
    assert first_final is not None
    return StartRun(first_final - t0, rss, len(chunks), live.text())
