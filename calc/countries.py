"""Country facts the engine needs that are not in a preset file."""

from __future__ import annotations

#: The 27 member states of the European Union (since 1 February 2020), ISO 3166-1 alpha-3.
EU_MEMBER_STATES = frozenset(
    {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
        "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
        "SWE",
    }
)  # fmt: skip

#: Built-in groups, reported whenever they have members: (id, display name).
BUILTIN_GROUPS = (
    ("nato", "NATO"),
    ("europe-canada", "Europe & Canada"),
    ("eu", "EU members"),
)
BUILTIN_GROUP_IDS = frozenset(g for g, _ in BUILTIN_GROUPS)


def builtin_group_codes(group_id: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Members of a built-in group among ``codes``, in the same order."""
    if group_id == "nato":
        return codes
    if group_id == "europe-canada":
        return tuple(filter("USA".__ne__, codes))
    if group_id == "eu":
        return tuple(filter(EU_MEMBER_STATES.__contains__, codes))
    raise KeyError(group_id)
