"""Shared fixtures and hooks: an isolated preset cache, tiny synthetic presets, hypothesis
profiles, the markers given by folder, and the hardening counts of every xdist worker.

The helpers tests import (``helpers``, ``counts``, ``serving``) are plain modules in ``tests/``
(on the path through pyproject's ``pythonpath``); nothing imports this file.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from datetime import date
from pathlib import Path

import counts
import pytest
from helpers import DATA, TESTS
from hypothesis import HealthCheck, settings

# ``dev`` (the default) is the light profile for working; ``.ci/run`` sets ``HYPOTHESIS_PROFILE=ci``
# (six times as many examples), ``soak`` is ten times ``ci``. The hardening budgets scale with it
# (``counts.examples``).
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "soak", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: The folders under tests/ and the marker each gives its tests (``pytest -m "not hardening"``).
GROUPS = ("unit", "tui", "hardening")
#: TUI test files that are hardening (random keys, hostile dialogs, signals in a pty): they stay
#: next to the TUI tests and carry the ``hardening`` marker too.
TUI_HARDENING = ("test_monkey.py", "test_hostile_tui.py", "test_hostile_dialogs.py")
#: Test files that start real processes (a pty, a server, a browser) for most of their tests.
SLOW = ("test_hostile_tui.py", "test_serve.py", "test_browser.py", "test_startup.py")


#: The temporary folders this process made for the run (removed at its end).
_MADE: list[str] = []


def _folder(prefix: str) -> str:
    path = tempfile.mkdtemp(prefix=prefix)
    _MADE.append(path)
    return path


def pytest_configure(config: pytest.Config) -> None:
    # One random seed for the run, drawn before the xdist workers start (they inherit it).
    os.environ.setdefault(counts.RUN_SEED, str(random.SystemRandom().randrange(2**32)))
    # Never read or write the user's real cache, never pick up their preset folders. Each xdist
    # worker runs this too: every process has its own folders.
    os.environ["NATO_CALC_CACHE_DIR"] = _folder("nato-calc-test-cache-")
    # Never read the user's config file (calc/files/config.py), nor their NATO_CALC_* settings: an
    # empty folder, open to all so that a child run as 'nobody' finds no file rather than a
    # folder it may not search (a notice).
    config_home = _folder("nato-calc-test-config-")
    os.chmod(config_home, 0o755)
    os.environ["XDG_CONFIG_HOME"] = config_home
    # Never offer (or write) the user's own recovered what-ifs (calc/tui/recovery.py): a TUI
    # started by any test would open on a "Restore an unsaved what-if?" dialog.
    os.environ["XDG_STATE_HOME"] = _folder("nato-calc-test-state-")
    for key in ("PRESET", "YEAR", "GROUP", "CURRENCY", "THEME", "PATH_GROWTH", "PATH_SHAPE"):
        os.environ.pop(f"NATO_CALC_{key}", None)
    os.environ.pop("NATO_CALC_PRESETS", None)
    os.environ.pop("NATO_CALC_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for path in _MADE:
        shutil.rmtree(path, ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by its folder (tests/unit, tests/tui, tests/hardening), plus
    ``hardening`` for the TUI's hardening files and ``slow`` for real-process files."""
    for item in items:
        path = Path(item.path)
        try:
            group = path.relative_to(TESTS).parts[0]
        except ValueError:
            continue
        if group in GROUPS:
            item.add_marker(group)
        if group == "tui" and path.name in TUI_HARDENING:
            item.add_marker("hardening")
        if path.name in SLOW:
            item.add_marker("slow")


@pytest.fixture
def data_dir() -> Path:
    return DATA


#: "Today" for every test in this process: no test depends on the clock (the next-edition
#: notice of calc.output.provenance compares a release's ``next_expected`` with today).
TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True, scope="session")
def _fixed_today():
    from calc.output import provenance

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(provenance, "today", lambda: TODAY)
        yield


def pytest_report_header(config: pytest.Config) -> list[str]:
    import calc
    from calc.files.presets import shipped_dir

    return [f"nato-calc under test: {Path(calc.__file__).parent} (shipped presets: {shipped_dir()})"]


# ---- the hardening counts, across xdist workers --------------------------------------------------


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In an xdist worker: hand this worker's counts to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["hardening_counts"] = counts.export()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the xdist controller: add a finished worker's counts to the totals."""
    exported = getattr(node, "workeroutput", {}).get("hardening_counts")
    if exported:
        counts.merge(exported)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The hardening counts (inputs tried, kills survived): quoted in docs/hardening.md."""
    lines = counts.summary_lines()
    if lines:
        terminalreporter.section("hardening counts")
        for line in lines:
            terminalreporter.write_line(line)
