"""The file's extension chooses the output format; a contradicting --format is refused."""

from __future__ import annotations

import pytest

from calc.errors import UsageError
from calc.output.formats import canonical, from_extension, resolve


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("x.json", "json"), ("x.CSV", "csv"), ("a/b.md", "markdown"), ("x.markdown", "markdown"),
     ("x.txt", "table"), ("x.out", None), ("x", None), (".json", None)],
)  # fmt: skip  # hand-wrapped: ruff's layout takes 8 more lines
def test_the_extension_names_a_format(name, fmt):
    assert from_extension(name) == fmt


def test_no_format_given_follows_the_extension():
    assert resolve(None, "gaps.json") == "json"
    assert resolve(None, "gaps.md") == "markdown"
    assert resolve(None, "gaps.out") == "table"
    assert resolve(None, None) == "table"
    assert resolve(None, "-") == "table"


def test_an_explicit_format_that_agrees_or_names_no_extension_wins():
    assert resolve("json", "gaps.json") == "json"
    assert resolve("md", "gaps.md") == "markdown"
    assert resolve("csv", "gaps.out") == "csv"
    assert resolve("csv", None) == "csv"


def test_a_contradiction_names_both():
    with pytest.raises(UsageError) as e:
        resolve("csv", "gaps.json")
    assert "--format csv" in e.value.msg and "gaps.json" in e.value.msg and "JSON" in e.value.msg


def test_an_extension_the_command_cannot_write_is_refused():
    with pytest.raises(UsageError, match="cannot write"):
        resolve(None, "list.csv", allowed=("table", "json"))


def test_aliases():
    assert canonical("md") == "markdown" and canonical("MD") == "markdown"
    assert canonical("txt") == "table"
