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
#: The yearly rates a path accepts (GDP growth, real growth, inflation): -50 % to 100 % a year.
MIN_RATE = Decimal("-0.5")
MAX_RATE = Decimal(1)
#: How the bounds read in a refusal: "growth must be between -50% and 100% a year".
RATE_BOUNDS = "between -50% and 100% a year"


def rate_in_bounds(rate: Decimal) -> bool:
    """Whether a yearly rate is one a path accepts (:data:`MIN_RATE` to :data:`MAX_RATE`)."""
    return MIN_RATE <= rate <= MAX_RATE
