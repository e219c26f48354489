"""The test suite stays quick to work with: every test file in a group folder (a marker each,
so ``pytest -m "not hardening"`` is the quick run), shared helpers in real modules, and CI on
the full Hypothesis profile while the default is the light one."""

from __future__ import annotations

import os
import re

from helpers import ROOT, TESTS
from hypothesis import settings

GROUPS = {"unit", "tui", "hardening"}


def _test_files():
    return sorted(TESTS.rglob("test_*.py"))


def test_every_test_file_is_in_unit_tui_or_hardening():
    misplaced = [
        str(p.relative_to(TESTS)) for p in _test_files() if p.relative_to(TESTS).parts[0] not in GROUPS
    ]
    assert misplaced == [], "move them to tests/unit, tests/tui or tests/hardening"


def test_no_two_test_files_share_a_name():
    """pytest imports test files by their name (no ``__init__.py``): two of one name clash."""
    names = [p.name for p in _test_files()]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_no_test_imports_from_conftest_or_from_another_test_file():
    imports = re.compile(r"^\s*(from (conftest|test_\w+) import|import (conftest|test_\w+))", re.MULTILINE)
    found = {
        str(p.relative_to(TESTS)): m.group(0).strip()
        for p in sorted(TESTS.rglob("*.py"))
        for m in [imports.search(p.read_text(encoding="utf-8"))]
        if m
    }
    assert found == {}, "shared helpers belong in tests/helpers.py (or counts.py, serving.py)"


def test_ci_runs_the_full_hypothesis_profile_and_the_default_is_the_light_one():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.index(".venv/bin/pytest")
    assert re.search(r"^export HYPOTHESIS_PROFILE=ci\b", ci[:command], re.MULTILINE)
    if "HYPOTHESIS_PROFILE" not in os.environ:
        assert settings.default.max_examples == settings.get_profile("dev").max_examples
    assert settings.get_profile("dev").max_examples < settings.get_profile("ci").max_examples


def test_the_markers_are_given_by_folder(request):
    own = request.node
    assert own.get_closest_marker("unit") and not own.get_closest_marker("hardening")
