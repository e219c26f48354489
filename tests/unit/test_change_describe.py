"""Change.describe: what headers, undo messages and reports say about a change."""

from decimal import Decimal

import pytest

from calc.engine.changes import Change


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (Change("target", field="core", value=Decimal("0.03")), "core target → 3 %"),
        (Change("target", field="guideline", value=Decimal("0.025")), "guideline target → 2.5 %"),
        (Change("target", field="total", value=Decimal("0.05")), "total target → 5 %"),
        (Change("target", field="related_cap", value=Decimal("0.01")), "related cap → 1 %"),
        (Change("target", field="deadline", value=Decimal("2032")), "deadline → 2032"),
        (Change("set", "DEU", "core", Decimal("150")), "DEU core spending → $150 bn"),
    ],
)
def test_targets_are_named_as_targets_and_member_fields_as_fields(change, text):
    assert change.describe() == text


def test_the_text_is_made_in_the_output_layer_and_the_method_only_delegates():
    from calc.output.describe import describe
    from calc.output.fmt import exact_money, exact_pct

    change = Change("add", "DEU", "core", Decimal("-1039.60"))
    assert describe(change) == change.describe() == "DEU core spending −$1,039.6 bn"
    assert exact_pct(Decimal("0.034999")) == "3.4999 %"
    assert exact_money(Decimal("1039.60")) == "1,039.6"
