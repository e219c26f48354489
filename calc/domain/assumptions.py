"""The default assumptions of spending paths, apart from the path engine (:mod:`calc.engine.path`)
so that the command line's help texts can name them without loading it."""

from __future__ import annotations

from decimal import Decimal

SHAPES = ("linear", "front", "back")
#: Nominal GDP growth used when neither the scenario nor the caller sets one: GDP held at
#: the preset year's level.
DEFAULT_GROWTH = Decimal(0)
#: Inflation a year assumed after the base year when a path is shown at 2021 prices.
DEFAULT_INFLATION = Decimal("0.02")
