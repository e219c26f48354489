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
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # recovery files stay here
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # a theme chosen is saved here
    return tmp_path


def synthetic_preset(n: int):
    """A preset of ``n`` members with varied figures, built in code (latency tests)."""
    from decimal import Decimal

    from calc.dataset import Figure, Member, Preset

    members = []
    for i in range(n):
        code = chr(65 + i // 676 % 26) + chr(65 + i // 26 % 26) + chr(65 + i % 26)
        gdp = Decimal(20 + (i * 7919) % 25000) + Decimal(i % 1000) / 1000
        share = Decimal(100 + (i * 37) % 400) / 10000
        related = None if i % 3 == 0 else Figure(Decimal((i * 13) % 150) / 10000, share=True)
        members.append(
            Member(code, f"Member {i}", Figure(gdp, status="projection"),
                   Figure(share, share=True, status="estimate"), related)  # fmt: skip
        )
    return Preset("synthetic", f"Synthetic, {n} members", 2025, tuple(members))
