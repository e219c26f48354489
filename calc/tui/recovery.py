"""Recovery files: an unsaved what-if kept when the TUI is ended by a signal.

SIGTERM, SIGHUP (terminal closed, SSH dropped) and SIGQUIT end the UI; before it goes, an
unsaved what-if is written as an ordinary scenario file to the user's private state folder,
``$XDG_STATE_HOME/nato-calc/recovery/`` (``~/.local/state/nato-calc/recovery/`` when unset),
and the next start offers it back (restore / discard / later).

The folder is used only when it is a real folder (not a link) owned by the user and closed to
others (mode 0700, set on creation); an empty or relative ``XDG_STATE_HOME`` or ``HOME`` means
no recovery folder (never the file system root or the working folder). No textual here.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import CalcError

SUFFIX = ".toml"
PREFIX = "whatif-"


def recovery_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """Where recovery files live, or None when no usable private state folder is named."""
    env = os.environ if env is None else env
    state = env.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):
        home = env.get("HOME", "")
        if not os.path.isabs(home) or home == "/":
            return None
        state = os.path.join(home, ".local", "state")
    return Path(state) / "nato-calc" / "recovery"


def _private(folder: Path, create: bool) -> bool:
    """True when ``folder`` is a folder of ours that nobody else can read or write."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return False
    if st.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def write_recovery(
    base_ref_for,
    changes: Sequence,
    label: str | None,
    description: str | None,
    env: Mapping[str, str] | None = None,
) -> Path | None:
    """Save ``changes`` as a scenario file in the recovery folder; its path, or None when it
    could not be written. ``base_ref_for(path)`` names the base preset for a file at ``path``."""
    from ..files.scenario_file import save_scenario

    folder = recovery_dir(env)
    if folder is None or not _private(folder, create=True):
        return None
    path = folder / f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}{SUFFIX}"
    try:
        save_scenario(path, base_ref_for(path), changes, label, description)
    except (CalcError, OSError):
        return None
    return path


def pending(env: Mapping[str, str] | None = None) -> list[Path]:
    """The recovery files waiting to be offered, newest first (regular files only)."""
    folder = recovery_dir(env)
    if folder is None or not folder.is_dir() or not _private(folder, create=False):
        return []
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not (entry.name.startswith(PREFIX) and entry.name.endswith(SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                found.append((entry.stat(follow_symlinks=False).st_mtime, Path(entry.path)))
        except OSError:
            continue
    return [p for _, p in sorted(found, reverse=True)]


def discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
