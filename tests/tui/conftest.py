"""Fixtures for the TUI tests: an app factory, each test in its own temp folder (the shared
helpers, ``build_app`` and the test presets, are in ``tests/helpers.py``)."""

from __future__ import annotations

import pytest
from helpers import build_app


@pytest.fixture
def make():
    return build_app


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Every TUI test runs in its own empty folder (saves and exports land there)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NATO_CALC_THEME", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # recovery files stay here
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # a theme chosen is saved here
    return tmp_path
