"""Helpers for the ``nato-calc serve`` tests: a server on a free loopback port (always stopped,
with every session it started), and a websocket client that talks to it as the page does."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: How long a server or a session may take to come up before the test gives up (a hang guard on a
#: shared machine, not a speed requirement).
START_SECONDS = 60

_CSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])")


def screen_text(data: bytes) -> str:
    """What a session drew, with the escape sequences taken out (runs of text stay whole)."""
    return _CSI.sub("", data.decode("utf-8", "replace"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env() -> dict[str, str]:
    """The environment of a server under test: this checkout's ``calc`` in every session."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


class Served:
    """A running ``nato-calc serve``: its URL, its process, and what it printed so far."""

    def __init__(self, url: str, proc: subprocess.Popen, out, err) -> None:
        self.url, self.proc, self._out, self._err = url, proc, out, err

    def output(self) -> tuple[str, str]:
        """(stdout, stderr) so far."""
        texts = []
        for f in (self._out, self._err):
            f.flush()
            f.seek(0)
            texts.append(f.read().decode("utf-8", "replace"))
        return texts[0], texts[1]


@contextmanager
def running_server(*args: str, host: str = "127.0.0.1", cwd: Path | None = None) -> Iterator[Served]:
    """``nato-calc serve`` on a free port, until it answers. The server and every session it
    started (one process group) are stopped afterwards. Its output goes to files (a pipe
    nobody reads would fill up and stop the server)."""
    port = free_port()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "calc", "serve", "--host", host, "--port", str(port), *args],
            stdout=out, stderr=err, env=server_env(), cwd=cwd or ROOT, start_new_session=True,
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
        served = Served(f"http://127.0.0.1:{port}", proc, out, err)
        try:
            deadline = time.monotonic() + START_SECONDS
            while True:
                if proc.poll() is not None:
                    raise AssertionError(f"serve ended with {proc.returncode}: {served.output()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"serve did not start listening: {served.output()}") from None
                    time.sleep(0.1)
            yield served
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Stop the server's process group (the server and its sessions), killing what lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(10)
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # sessions that outlived the server
    except ProcessLookupError:
        pass


class Session:
    """One browser tab's websocket, as textual.js drives it: a "resize" first, then keys as
    "stdin" packets; the session's screen arrives as binary frames."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.data = b""
        self.texts: list[list] = []
        """The JSON messages the server sent (downloads start with ``deliver_file_start``)."""

    async def resize(self, width: int, height: int) -> None:
        await self.ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))

    async def press(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def wait_for(self, pattern: str, *, since: int = 0, seconds: float = START_SECONDS) -> str:
        """Read the screen until ``pattern`` (a regular expression) shows in what arrived after
        byte ``since``; returns that text."""
        import aiohttp

        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while True:
            text = screen_text(self.data[since:])
            if re.search(pattern, text):
                return text
            left = end - loop.time()
            if left <= 0:
                raise AssertionError(f"{pattern!r} never arrived; the last screen text: {text[-2000:]!r}")
            try:
                msg = await asyncio.wait_for(self.ws.receive(), left)
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.data += msg.data
            elif msg.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(msg.data))
            else:
                raise AssertionError(f"the session closed ({msg.type}) before {pattern!r}: {text[-2000:]!r}")
