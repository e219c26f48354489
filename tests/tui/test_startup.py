"""The start path stays lean: nothing the first screen does not need is imported."""

from __future__ import annotations

import subprocess
import sys

from helpers import PRESETS

SCRIPT = f"""
import sys
from calc.files.presets import load_by_id
load_by_id("test-2025", [{str(PRESETS)!r}])  # warm the validated-preset cache
for name in [m for m in sys.modules if m.startswith(("pydantic", "calc.files.models", "calc.files.preset_build"))]:
    del sys.modules[name]

from calc.tui import make_app

app = make_app(preset="test-2025", presets_dirs=[{str(PRESETS)!r}])

async def auto(pilot):
    await pilot.pause()
    assert pilot.app.main_screen.table.row_count == 8
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "tomli_w")
                    or m in ("calc.files.models", "calc.files.scenario_file", "calc.output.report",
                             "rich._emoji_codes",
                             "calc.files.preset_build", "calc.tui.session_commands", "calc.engine.commands")
                    or m.startswith(("calc.tui.screens.edit", "calc.tui.screens.files",
                                     "calc.tui.screens.help", "calc.tui.screens.dialogs",
                                     "calc.tui.screens.presets", "calc.tui.commands",
                                     "calc.engine.plans", "calc.files.plans", "calc.output.plans",
                                     "calc.tui.plans_view", "calc.tui.screens.plans")))
    pilot.app.exit(loaded)

print(app.run(headless=True, size=(120, 36), auto_pilot=auto))
"""


def test_the_first_screen_loads_no_pydantic_no_toml_writer_and_no_dialogs(tmp_path):
    env_script = tmp_path / "start.py"
    env_script.write_text(SCRIPT)
    r = subprocess.run([sys.executable, str(env_script)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"
