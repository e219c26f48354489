"""Shared fixtures: an isolated preset cache, tiny synthetic presets, hypothesis profiles."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "soak", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config: pytest.Config) -> None:
    # Never read or write the user's real cache, never pick up their preset folders.
    os.environ["NATO_CALC_CACHE_DIR"] = tempfile.mkdtemp(prefix="nato-calc-test-cache-")
    # Never read the user's config file (calc/config.py), nor their NATO_CALC_* settings: an
    # empty folder, open to all so that a child run as 'nobody' finds no file rather than a
    # folder it may not search (a notice).
    config_home = tempfile.mkdtemp(prefix="nato-calc-test-config-")
    os.chmod(config_home, 0o755)
    os.environ["XDG_CONFIG_HOME"] = config_home
    # Never offer (or write) the user's own recovered what-ifs (calc/tui/recovery.py): a TUI
    # started by any test would open on a "Restore an unsaved what-if?" dialog.
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="nato-calc-test-state-")
    for key in ("PRESET", "YEAR", "GROUP", "CURRENCY", "THEME", "PATH_GROWTH", "PATH_SHAPE"):
        os.environ.pop(f"NATO_CALC_{key}", None)
    os.environ.pop("NATO_CALC_PRESETS", None)
    os.environ.pop("NATO_CALC_NO_CACHE", None)


@pytest.fixture
def data_dir() -> Path:
    return DATA


def pytest_report_header(config: pytest.Config) -> list[str]:
    import calc
    from calc.presets import shipped_dir

    return [f"nato-calc under test: {Path(calc.__file__).parent} (shipped presets: {shipped_dir()})"]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The hardening counts (inputs tried, kills survived): quoted in the README."""
    import sys

    mod = sys.modules.get("hardening")
    lines = mod.summary_lines() if mod is not None else []
    if lines:
        terminalreporter.section("hardening counts")
        for line in lines:
            terminalreporter.write_line(line)
