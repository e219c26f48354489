"""Fixtures for the TUI tests: a fixed small preset, an app factory, files in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
PRESETS = DATA / "presets"
SCENARIOS = DATA / "scenarios"
THEME = "textual-dark"


def build_app(**kwargs):
    """The app as ``nato-calc`` builds it, on the test presets, with a fixed theme and no blink."""
    from calc.tui import make_app

    kwargs.setdefault("presets_dirs", [PRESETS])
    if "file" not in kwargs and "scenario" not in kwargs and "data" not in kwargs:
        kwargs.setdefault("preset", "test-2025")
    kwargs.setdefault("theme", THEME)
    kwargs.setdefault("cursor_blink", False)
    return make_app(**kwargs)


@pytest.fixture
def make():
    return build_app


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Every TUI test runs in its own empty folder (saves and exports land there)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NATO_CALC_THEME", raising=False)
    return tmp_path
