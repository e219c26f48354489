"""Every file nato-calc writes is written atomically, and a crash mid-write never corrupts one.

* The mechanics of :func:`calc.files.tomlio.atomic_write` (temporary file in the same folder, fsync,
  rename, fsync of the folder), checked with spies on the system calls.
* Every writer of the app goes through it: scenario saves, ``-o`` outputs, the preset cache.
* Targets that are not regular files (``/dev/null``, a named pipe) and symbolic links are
  written *through*, never replaced.
* The kill test: a child process writes large contents in a loop through the real functions
  and is killed with SIGKILL at random moments; the target must always hold one complete
  version, old or new.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from helpers import DATA

from calc.errors import OutputError
from calc.files.tomlio import atomic_write

# ---- the mechanics -----------------------------------------------------------------------------


class _Spy:
    """Records fsync and replace calls (and what the fsynced descriptors point to)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, str]] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            self.calls.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
            real_fsync(fd)

        def replace(src, dst) -> None:
            self.calls.append(("replace", f"{os.fspath(src)} -> {os.fspath(dst)}"))
            real_replace(src, dst)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)


def test_atomic_write_fsyncs_a_temporary_file_renames_it_and_fsyncs_the_folder(tmp_path, monkeypatch):
    spy = _Spy(monkeypatch)
    target = tmp_path / "out.txt"
    target.write_text("old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    kinds = [k for k, _ in spy.calls]
    assert kinds == ["fsync", "replace", "fsync"], spy.calls
    tmp_name = spy.calls[0][1]
    assert Path(tmp_name).parent == tmp_path and Path(tmp_name).name.startswith(".out.txt.")
    assert spy.calls[1][1] == f"{tmp_name} -> {target}"
    assert spy.calls[2][1] == str(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_atomic_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="out.txt: No space left on device"):
        atomic_write(target, "new" * 1000)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_long_file_name_still_fits_the_temporary_name(tmp_path):
    target = tmp_path / ("x" * 250 + ".txt")  # 254 bytes: a valid name, its temp name must be too
    atomic_write(target, "data")
    assert target.read_text() == "data"


def test_a_symbolic_link_is_written_through_not_replaced(tmp_path):
    real = tmp_path / "real.toml"
    real.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_named_pipe_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(fifo, "through the pipe")
    reader.join(10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_a_device_such_as_dev_null_is_written_into_not_replaced(tmp_path):
    """Regression: ``-o /dev/null`` used to rename a regular file over /dev/null (as root)."""
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    atomic_write(null, "discarded")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_writing_to_a_directory_or_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write(tmp_path, "x")
    with pytest.raises(OutputError, match="folder .* does not exist"):
        atomic_write(tmp_path / "no" / "out.txt", "x")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        atomic_write(blocker / "out.txt", "x")
    with pytest.raises(OutputError, match="not a valid file name"):
        atomic_write(tmp_path / "a\0b", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# ---- every writer of the app goes through it -----------------------------------------------------

TINY = DATA / "tiny.toml"


def _save_scenario(folder: Path) -> Path:
    from calc.engine.changes import Change
    from calc.files.scenario_file import save_scenario

    target = folder / "what-if.toml"
    save_scenario(target, "tiny", [Change("exclude", member="USA")], label="No USA")
    return target


def _report_to_file(folder: Path) -> Path:
    from calc.cli import main

    target = folder / "report.json"
    assert main(["report", "--file", str(TINY), "-f", "json", "-o", str(target)]) == 0
    return target


def _schema_to_file(folder: Path) -> Path:
    from calc.cli import main

    target = folder / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    return target


def _preset_cache(folder: Path) -> Path:
    from calc.files.presets import load_preset

    os.environ["NATO_CALC_CACHE_DIR"] = str(folder)
    load_preset(TINY)
    (entry,) = folder.glob("*.json")
    return entry


WRITERS = {
    "scenario save": _save_scenario,
    "report -o": _report_to_file,
    "schema -o": _schema_to_file,
    "preset cache": _preset_cache,
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_file_the_app_writes_goes_through_temp_fsync_rename(writer, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", os.environ["NATO_CALC_CACHE_DIR"])  # restored after
    folder = tmp_path / "out"
    folder.mkdir()
    spy = _Spy(monkeypatch)
    target = WRITERS[writer](folder)
    assert target.is_file()
    replaced = [c for k, c in spy.calls if k == "replace" and c.endswith(f" -> {target}")]
    assert len(replaced) == 1, spy.calls
    tmp_name = replaced[0].split(" -> ")[0]
    i = spy.calls.index(("replace", replaced[0]))
    assert ("fsync", tmp_name) in spy.calls[:i], "the temporary file is fsynced before the rename"
    assert ("fsync", str(folder)) in spy.calls[i:], "the folder is fsynced after the rename"
    assert Path(tmp_name).parent == folder
    assert [p for p in folder.iterdir() if p.name.endswith(".tmp")] == []


# ---- the kill test ---------------------------------------------------------------------------------
#
# A forked child writes version 1, 2, 3, ... of a large file in a loop through the real writer,
# and is killed with SIGKILL. Afterwards the target must hold exactly one complete version (the
# one it names in its header). A SIGKILL cannot be cleaned up after, so the child may leave its
# hidden temporary file (``.<name>.<random>.tmp``) behind: that is counted (it proves the kill
# landed mid-write) and removed, and never mistaken for the target.
#
# Two kinds of kill, interleaved in an order drawn from the seed:
# * at a random moment: after a delay drawn from the seed, up to 2.5 times the median of five
#   warm writes (the children write warm: they are forked from a parent that has written);
# * paused: the child stops at a known point of its 1st, 2nd or 3rd write, inside
#   ``atomic_write`` (half the data written; before the fsync of the temporary file; before the
#   rename; after the rename, before the fsync of the folder), tells the parent through a pipe and
#   waits to be killed. These land mid-write by construction, so "at least N kills mid-write"
#   cannot fail by chance, and the version left behind is known exactly.
#
# The seed is fixed (runs are repeatable, up to the timing of the random kills) and named in
# every failure; NATO_CALC_KILL_SEED=<n> runs another one.

import random  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from dataclasses import replace  # noqa: E402
from decimal import Decimal as D  # noqa: E402

from counts import examples  # noqa: E402

from calc.domain.dataset import Figure, Member, Preset  # noqa: E402

#: The seed of the kill delays, the pause points and their order (``NATO_CALC_KILL_SEED``).
KILL_SEED = int(os.environ.get("NATO_CALC_KILL_SEED", "20260205"))
#: Where a paused child stops inside ``atomic_write``, and whether the target is then the new
#: version (the rename was done) and a temporary file is left (the kill was mid-write).
PAUSES = {
    "half the data written": (False, True),
    "before the fsync of the temporary file": (False, True),
    "before the rename": (False, True),
    "after the rename, before the folder fsync": (True, False),
}


class _Writer:
    """One writer of the app: how to write version k, and what version k must look like."""

    name = ""
    file = "target"

    def setup(self, folder: Path) -> None:
        pass

    def write(self, folder: Path, k: int) -> None:
        raise NotImplementedError

    def expected(self, k: int) -> bytes:
        raise NotImplementedError

    def version(self, data: bytes) -> int:
        m = re.search(rb"version (\d+)", data[:4096])
        assert m, f"no version header in {data[:80]!r}"
        return int(m.group(1))

    def check(self, folder: Path) -> int:
        data = (folder / self.file).read_bytes()
        k = self.version(data)
        assert data == self.expected(k), f"{self.name}: version {k} is not whole ({len(data)} bytes)"
        return k


class _Scenario(_Writer):
    name = "scenario save (save_scenario)"
    file = "what-if.toml"
    padding = "A description long enough to make the file take a while to write. " * 600

    def _args(self, k: int):
        from calc.engine.changes import Change

        changes = [Change("set", "DEU", "core_share", D(k % 100) / 1000)] * 200
        return "nato-2025", changes, f"version {k}", self.padding

    def write(self, folder: Path, k: int) -> None:
        from calc.files.scenario_file import save_scenario

        save_scenario(folder / self.file, *self._args(k))

    def expected(self, k: int) -> bytes:
        from calc.files.scenario_file import dumps_scenario

        return dumps_scenario(*self._args(k)).encode()

    def check(self, folder: Path) -> int:
        import tomllib

        k = super().check(folder)
        tomllib.loads((folder / self.file).read_text())  # and it is valid TOML
        return k


class _Emit(_Writer):
    name = "-o output (cli.emit)"
    file = "report.json"

    def setup(self, folder: Path) -> None:
        from calc.engine.evaluate import evaluate
        from calc.files.presets import load_by_id
        from calc.output.report import render

        self.body = render(evaluate(load_by_id("nato-2025")), "json") * 60  # about 4 MB

    def write(self, folder: Path, k: int) -> None:
        from calc.cli import emit

        emit(f"version {k}\n" + self.body, str(folder / self.file))

    def expected(self, k: int) -> bytes:
        return (f"version {k}\n" + self.body).encode()


class _Report(_Writer):
    name = "report -o (cli.main)"
    file = "report.csv"

    def _argv(self, folder: Path, k: int) -> list[str]:
        # --force: the version numbers (0, 1, 2 ...) are implausible core spending for Germany
        return [
            "report",
            "-f",
            "csv",
            "--force",
            "--set",
            f"DEU.core={k}",
            "-o",
            str(folder / self.file),
        ]

    def write(self, folder: Path, k: int) -> None:
        from calc.cli import main

        main(self._argv(folder, k))

    def version(self, data: bytes) -> int:
        m = re.search(rb"\nmember,DEU,Germany,[0-9.]+,([0-9]+),", data)
        assert m, "no DEU row"
        return int(m.group(1))

    def expected(self, k: int) -> bytes:
        from calc.engine.changes import apply_changes, changes_from_cli
        from calc.engine.evaluate import evaluate
        from calc.files.presets import load_by_id
        from calc.output.report import render

        preset = apply_changes(load_by_id(None), changes_from_cli([f"DEU.core={k}"]))
        return render(evaluate(preset), "csv").encode()


class _Cache(_Writer):
    name = "preset cache (presets._cache_put)"
    file = "kill-test.json"

    def setup(self, folder: Path) -> None:
        os.environ["NATO_CALC_CACHE_DIR"] = str(folder)
        members = tuple(
            Member(f"{chr(65 + i // 676)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}", f"Member {i}",
                   Figure(D(i + 1)), Figure(D("0.02"), share=True), Figure(D(i) / 7))
            for i in range(300)
        )  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
        # a long description makes the entry large but quick to pickle: most of the time
        # goes into writing and fsyncing it, where a kill matters
        self.base = Preset("kill-test", "version 0", 2025, members, description="x" * 2_000_000)

    def write(self, folder: Path, k: int) -> None:
        from calc.files.presets import _cache_put

        _cache_put("kill-test", replace(self.base, label=f"version {k}"))

    def check(self, folder: Path) -> int:
        from calc.files.presets import _cache_get

        got = _cache_get("kill-test")  # the app's own reader
        assert got is not None, "the cache entry is unreadable"
        k = int(got.label.removeprefix("version "))
        assert got == replace(self.base, label=f"version {k}"), f"cache version {k} is not whole"
        return k


class _Raw(_Writer):
    name = "atomic_write (4 MiB)"
    file = "blob.bin"

    def expected(self, k: int) -> bytes:
        return f"version {k}\n".encode() + random.Random(k).randbytes(4 * 2**20)

    def write(self, folder: Path, k: int) -> None:
        atomic_write(folder / self.file, self.expected(k))


KILL_WRITERS = [_Scenario(), _Emit(), _Report(), _Cache(), _Raw()]


class _Failed(AssertionError):
    pass


def _fail(seed: int, message: str) -> _Failed:
    return _Failed(f"seed={seed}: {message} (rerun with NATO_CALC_KILL_SEED={seed})")


class _HalfWriter:
    """The temporary file of a paused write: ``write`` stores the first half, then stops."""

    def __init__(self, f, stop) -> None:
        self._f, self._stop = f, stop

    def write(self, data) -> None:
        self._f.write(data[: len(data) // 2])
        self._f.flush()
        self._stop()
        raise AssertionError("unreachable: the child is killed while stopped")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._f, name)


def _pause_child_at(point: str, target: str, nth: int, ready: int) -> None:
    """In the child: at ``point`` of its ``nth`` atomic write of ``target`` (later writes of
    other files do not count), tell the parent (a byte on ``ready``) and sleep until killed."""
    seen = [0]

    def nth_time() -> bool:
        seen[0] += 1
        return seen[0] == nth

    def stop() -> None:
        os.write(ready, b"!")
        while True:
            time.sleep(60)

    def is_temporary(fd: int) -> bool:
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        return name.startswith(f".{target[:80]}.") and name.endswith(".tmp")

    real_fdopen, real_fsync, real_replace = os.fdopen, os.fsync, os.replace
    if point == "half the data written":

        def fdopen(fd, *args, **kwargs):
            f = real_fdopen(fd, *args, **kwargs)
            return _HalfWriter(f, stop) if is_temporary(fd) and nth_time() else f

        os.fdopen = fdopen
    elif point == "before the fsync of the temporary file":

        def fsync(fd):
            if is_temporary(fd) and nth_time():
                stop()
            real_fsync(fd)

        os.fsync = fsync
    else:
        after = point.startswith("after")

        def replace_(src, dst):
            hit = os.path.basename(os.fspath(dst)) == target and nth_time()
            if hit and not after:
                stop()
            real_replace(src, dst)
            if hit:
                stop()

        os.replace = replace_


def _fork_writer(writer: _Writer, folder: Path, start: int, pause=None) -> tuple[int, int | None]:
    """Fork a child writing versions ``start``, ``start + 1``, ... until killed; with ``pause``
    (point, nth) it stops there. Returns its pid and the pipe it reports on: ``!`` stopped at
    the point, ``?`` the write ended without passing it, nothing (end of file) it failed."""
    ready_r, ready_w = os.pipe() if pause else (None, None)
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.environ["NATO_CALC_CACHE_DIR"] = str(folder)
            if pause:
                os.close(ready_r)
                _pause_child_at(pause[0], writer.file, pause[1], ready_w)
            k = start
            while True:
                writer.write(folder, k)
                if pause and k == start + pause[1] - 1:  # the paused write ran to its end
                    os.write(ready_w, b"?")
                    break
                k += 1
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(1)
    if pause:
        os.close(ready_w)
    return pid, ready_r


def _kill(pid: int, seed: int, what: str) -> None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise _fail(seed, f"{what}: the writer ended by itself (status {status}), not by the kill")


def _plan(rng: random.Random, rounds: int, paused: int) -> list[str | None]:
    """The kinds of kill in order: ``None`` at a random moment, else the pause point."""
    plan: list[str | None] = [None] * rounds + [p for p in PAUSES for _ in range(paused)]
    rng.shuffle(plan)
    return plan


def _kill_rounds(writer: _Writer, folder: Path, rounds: int, paused: int, seed: int) -> dict[str, int]:
    """Kill a looping writer ``rounds`` times at random moments and ``paused`` times at each
    point of :data:`PAUSES`, checking the target after every kill."""
    rng = random.Random(f"{seed}:{writer.name}")
    counts = {"kills": 0, "mid-write": 0, "advanced": 0, "paused": 0, "random mid-write": 0}
    writer.write(folder, 0)  # cold: imports, caches, the first file
    times = []
    for k in range(1, 6):
        t0 = time.perf_counter()
        writer.write(folder, k)
        times.append(time.perf_counter() - t0)
    max_delay = max(0.005, 2.5 * statistics.median(times))  # a few warm writes' worth
    try:
        last = writer.check(folder)
    except AssertionError as e:
        raise _fail(seed, f"{writer.name}, before any kill: {e}") from None
    if last != 5:
        raise _fail(seed, f"{writer.name}: version {last} after writing 0 to 5")
    for r, point in enumerate(_plan(rng, rounds, paused), 1):
        start = last + 1
        what = f"{writer.name}, round {r}, " + (f"paused {point}" if point else "random delay")
        if point is None:
            pid, _ = _fork_writer(writer, folder, start)
            time.sleep(rng.uniform(0, max_delay))
            _kill(pid, seed, what)
        else:
            nth = rng.randint(1, 3)
            what += f" of write {nth}"
            pid, ready = _fork_writer(writer, folder, start, (point, nth))
            try:  # a generous bound, only so that a child that never pauses cannot hang the run
                got = os.read(ready, 1) if select.select([ready], [], [], 300)[0] else b""
            finally:
                os.close(ready)
            if got != b"!":
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                why = "the write ended without passing it" if got else "the writer failed (stderr)"
                raise _fail(seed, f"{what}: the child never reached that point: {why}")
            _kill(pid, seed, what)
        leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        try:
            k = writer.check(folder)
        except AssertionError as e:
            raise _fail(seed, f"{what}: {e} (leftovers {[p.name for p in leftovers]})") from None
        if not (k == last or k >= start):
            raise _fail(seed, f"{what}: went back from version {last} to {k}")
        if point is not None:
            renamed, left = PAUSES[point]
            want = start + nth - 1 if renamed else (start + nth - 2 if nth > 1 else last)
            if k != want:
                raise _fail(seed, f"{what}: the target holds version {k}, not {want}")
            if bool(leftovers) != left or len(leftovers) > 1:
                raise _fail(seed, f"{what}: temporary files left: {[p.name for p in leftovers]}")
        counts["kills"] += 1
        counts["mid-write"] += bool(leftovers)
        counts["advanced"] += k != last
        counts["paused"] += point is not None
        counts["random mid-write"] += point is None and bool(leftovers)
        for p in leftovers:
            p.unlink()
        last = k
    return counts


@pytest.mark.parametrize("writer", KILL_WRITERS, ids=[w.name for w in KILL_WRITERS])
def test_a_writer_killed_at_random_moments_or_mid_write_never_leaves_a_partial_file(
    writer, tmp_path, monkeypatch
):
    from counts import STATS

    seed = KILL_SEED
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path))
    shipped = {p.name: p.read_bytes() for p in _shipped()}
    writer.setup(tmp_path)
    rounds = examples(40)
    paused = max(2, rounds // 10)  # at each of the 4 points
    counts = _kill_rounds(writer, tmp_path, rounds, paused, seed)
    stats = STATS[f"SIGKILL: {writer.name}"]
    stats["kills survived"] += counts["kills"]
    stats["of which mid-write (temp file left)"] += counts["mid-write"]
    stats["of which after new versions were written"] += counts["advanced"]
    stats["of which paused at a known point inside atomic_write"] += counts["paused"]
    stats["of which at a random moment and mid-write"] += counts["random mid-write"]
    if {p.name: p.read_bytes() for p in _shipped()} != shipped:
        raise _fail(seed, "a shipped preset file changed")
    mid_points = sum(left for _, left in PAUSES.values())
    if counts["mid-write"] < mid_points * paused:
        raise _fail(seed, f"only {counts['mid-write']} kills landed mid-write, not {mid_points * paused}")


def _shipped() -> list[Path]:
    from calc.files.presets import shipped_dir

    return sorted(shipped_dir().glob("*.toml"))
