"""Country facts the engine needs that are not in a preset file."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from ..errors import did_you_mean, fold, quoted, suggestions

#: The 27 member states of the European Union (since 1 February 2020), ISO 3166-1 alpha-3.
EU_MEMBER_STATES = frozenset(
    {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
        "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
        "SWE",
    }
)  # fmt: skip  # a table: one row a line

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


# --------------------------------------------------------------------------------------------
# Member names people type: codes, alpha-2 codes, names in any case, common aliases
# --------------------------------------------------------------------------------------------

#: What people type for an ally besides its ISO3 code and name, as folded keys (see
#: :func:`name_key`): ISO alpha-2 codes (and the EU's ``EL`` and ``UK``), sports codes, short
#: and former names. Names of other countries come from pycountry, looked up only when needed.
ALIASES: dict[str, str] = {
    "al": "ALB", "be": "BEL", "bg": "BGR", "ca": "CAN", "hr": "HRV", "cz": "CZE", "dk": "DNK",
    "ee": "EST", "fi": "FIN", "fr": "FRA", "de": "DEU", "gr": "GRC", "el": "GRC", "hu": "HUN",
    "is": "ISL", "it": "ITA", "lv": "LVA", "lt": "LTU", "lu": "LUX", "me": "MNE", "nl": "NLD",
    "mk": "MKD", "no": "NOR", "pl": "POL", "pt": "PRT", "ro": "ROU", "sk": "SVK", "si": "SVN",
    "es": "ESP", "se": "SWE", "tr": "TUR", "gb": "GBR", "uk": "GBR", "us": "USA",
    # sports (IOC) codes that are not ISO3 codes of anyone
    "ger": "DEU", "ned": "NLD", "cro": "HRV", "den": "DNK", "gre": "GRC", "lat": "LVA",
    "por": "PRT", "bul": "BGR",
    # short, former and native names
    "america": "USA", "united states of america": "USA", "britain": "GBR", "great britain": "GBR",
    "holland": "NLD", "deutschland": "DEU", "turkey": "TUR", "czech republic": "CZE",
    "czech": "CZE", "macedonia": "MKD", "slovak republic": "SVK",
}  # fmt: skip  # a table: one row a line


#: ISO3 code -> its aliases of three letters or more (what a suggestion is ranked against).
_ALIASES_OF: dict[str, tuple[str, ...]] = {}
for _alias, _code in ALIASES.items():
    if len(_alias) > 2:
        _ALIASES_OF[_code] = (*_ALIASES_OF.get(_code, ()), _alias)


def name_key(text: str) -> str:
    """``text`` folded for matching names: lower case, no accents or dots, single spaces, no
    leading "the" ("Türkiye" -> "turkiye", "U.S.A." -> "usa", "The Netherlands" -> "netherlands")."""
    t = " ".join(fold(text).replace(".", "").replace("-", " ").replace("_", " ").split())
    return t.removeprefix("the ")


@functools.lru_cache(maxsize=512)
def _pycountry_code(key: str) -> str | None:
    """The ISO3 code pycountry knows for a folded name or code (None when it knows none)."""
    if not any(c.isalpha() for c in key):
        return None  # pycountry also matches numeric codes ("276"): not what people mean
    import pycountry  # lazily: 40 ms, needed only for names outside the built-in list

    try:
        return pycountry.countries.lookup(key).alpha_3
    except LookupError:
        pass
    for c in pycountry.countries:  # lookup keeps accents: "turkiye" does not find Türkiye
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and name_key(value) == key:
                return c.alpha_3
    return None


def _country_name(code: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=code)
    return getattr(c, "common_name", None) or getattr(c, "name", None) if c else None


class MemberNameError(LookupError):
    """A text that names no member, or more than one; ``msg`` says which and what to write."""

    def __init__(self, msg: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(msg)
        self.msg = msg
        self.candidates = candidates


class MemberNames:
    """The members of a preset, for resolving what people type (build once, resolve often).

    ``members``: (code, name) pairs. Resolving an exact code costs a dictionary look-up; the
    name indexes are built on the first text that is not a code.
    """

    def __init__(self, members: Iterable[tuple[str, str]]) -> None:
        self._names = dict(members)
        self._keys: dict[str, list[str]] | None = None

    @property
    def codes(self) -> dict[str, str]:
        return self._names

    def _by_key(self) -> dict[str, list[str]]:
        """Folded name -> codes (two members may share a name)."""
        if self._keys is None:
            keys: dict[str, list[str]] = {}
            for code, name in self._names.items():
                keys.setdefault(name_key(name), []).append(code)
            self._keys = keys
        return self._keys

    def label(self, code: str) -> str:
        """``DEU (Germany)``."""
        name = self._names.get(code)
        return f"{code} ({name})" if name and name != code else code

    def words(self, code: str) -> list[str]:
        """The name and the aliases of ``code``: what a suggestion is ranked against."""
        return [self._names.get(code, code), *_ALIASES_OF.get(code, ())]

    def prefixed(self, key: str, *, aliases: bool = True) -> list[str]:
        """Codes whose name, a word of it, or an alias starts with ``key`` (3 letters or more)."""
        if len(key) < 3:
            return []
        found = []
        for name, codes in self._by_key().items():
            if name.startswith(key) or any(w.startswith(key) for w in name.split()):
                found += codes
        for alias, code in ALIASES.items() if aliases else ():
            if len(alias) > 2 and alias.startswith(key) and code in self._names:
                found.append(code)
        return list(dict.fromkeys(found))

    def resolve(self, text: str) -> str:
        """The code of the member ``text`` names: its code or ISO alpha-2 code, its name in any
        case (with or without accents), a common alias (``UK``, ``US``, ``GER``, ``Holland``),
        a name pycountry knows, or a prefix of one name (``germ``).

        Raises:
            MemberNameError: no member, or several (``united``), with ranked suggestions.
        """
        t = text.strip()
        if t in self._names:
            return t
        up = t.upper()
        if up in self._names:
            return up
        if not t:
            raise MemberNameError("a member is needed: its code (DEU) or name (Germany)")
        key = name_key(t)
        exact = self._by_key().get(key, [])
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise self._ambiguous(t, exact)
        known = ALIASES.get(key) or _pycountry_code(key)
        if known in self._names:  # unless the text also begins another member's name
            others = [c for c in self.prefixed(key, aliases=False) if c != known]
            if others:
                raise self._ambiguous(t, [known, *others])
            return known
        prefixed = self.prefixed(key)
        if len(prefixed) == 1:
            return prefixed[0]
        if prefixed:
            raise self._ambiguous(t, prefixed)
        msg = f"unknown member {quoted(t)}"
        if known:  # a country, just not one of this preset's members
            name = _country_name(known) or known
            raise MemberNameError(f"{msg}: {name} ({known}) is not a member in this preset")
        raise MemberNameError(msg + self.did_you_mean(t), tuple(self.suggest(t)))

    def _ambiguous(self, text: str, codes: Sequence[str]) -> MemberNameError:
        listed = ", ".join(self.label(c) for c in codes[:-1]) + f" or {self.label(codes[-1])}"
        return MemberNameError(f"{quoted(text)} could be {listed}; write the code", tuple(codes))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Codes close to ``text``, best first, ranked by code, name and aliases."""
        return suggestions(text, self._names, {c: self.words(c) for c in self._names}, n)

    def did_you_mean(self, text: str) -> str:
        return did_you_mean(text, self._names, names={c: self.words(c) for c in self._names})


def resolve_member(text: str, members: Iterable[tuple[str, str]]) -> str:
    """The code of the member ``text`` names among (code, name) pairs (see :meth:`MemberNames.resolve`)."""
    return MemberNames(members).resolve(text)


def alias_code(text: str) -> str | None:
    """The ISO3 code a built-in alias or alpha-2 code stands for ("uk" -> "GBR"), or None."""
    return ALIASES.get(name_key(text))


def member_matches(needle: str, code: str, name: str) -> bool:
    """The TUI's filter: ``needle`` is part of the code or the name (any case, without accents),
    or an alias of this member ("uk" finds the United Kingdom, "ger" Germany)."""
    if not needle.strip():
        return True
    key = name_key(needle)
    return key in code.casefold() or key in name_key(name) or ALIASES.get(key) == code
