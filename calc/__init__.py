"""nato-calc: NATO defence-spending scenario calculator.

The engine API (pure, no textual): :mod:`calc.files.presets` (load presets), :mod:`calc.engine.changes`
(changes and what-ifs), :mod:`calc.engine` (evaluate), :mod:`calc.output.report` (render).
The terminal UI lives in :mod:`calc.tui` and is the only part that imports textual.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("nato-calc")
        except PackageNotFoundError:  # running from a checkout without installing
            return "0+unknown"
    raise AttributeError(name)
