"""The README's set-up promises: two commands, and CI runs exactly the test command."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

pytestmark = pytest.mark.skipif(not README.is_file(), reason="needs the source checkout")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_gives_the_two_set_up_commands():
    blocks = [b.strip() for b in shell_blocks()[:2]]
    run, test = blocks
    assert "\n" not in run and "\n" not in test, "each set-up step is one command"
    assert run.startswith("python3 -m venv .venv") and run.endswith(".venv/bin/nato-calc")
    assert "pip install ." in run
    assert test.startswith("python3 -m venv .venv") and test.endswith(".venv/bin/pytest")
    assert '".[test]"' in test


def test_ci_runs_the_readme_test_command():
    test = shell_blocks()[1].strip()
    assert test in CI.read_text(encoding="utf-8")
