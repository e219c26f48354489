"""Errors that nato-calc shows to people.

Every error carries a short ``title`` and a ``msg`` written for the user: what went wrong and
where (file, dotted location), with a did-you-mean where one can be offered. The CLI prints them
on stderr and exits 2; the TUI shows them in a notification or an error dialog. Nothing else
should ever reach the user as a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Unicode categories of characters that draw nothing but change how text reads: format
#: characters (bidi overrides and isolates, zero-width spaces and joiners, the BOM, soft hyphen,
#: tags) and the line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


def is_invisible(ch: str) -> bool:
    """True for a format character or a line/paragraph separator (see INVISIBLE_CATEGORIES)."""
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES


def find_invisible(text: str) -> int | None:
    """The index of the first invisible format character in ``text``, or None."""
    if text.isascii():
        return None
    for m in _NON_ASCII.finditer(text):
        if is_invisible(m.group()):
            return m.start()
    return None


def char_name(ch: str) -> str:
    """``U+202E (right-to-left override)``: a character named for a message."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name.lower()})" if name else f"U+{ord(ch):04X}"


def _escape_invisible(m: re.Match) -> str:
    ch = m.group()
    if not is_invisible(ch) and not 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate: an
        return ch  # undecodable byte of a file name, which no output encoding can write
    n = ord(ch)
    return f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b`` (line breaks kept) and invisible
    format characters as ``\\u202e`` (and a file name's undecodable bytes as ``\\udcff``).

    Messages quote file names, keys and values from untrusted files; escaping keeps a terminal
    escape sequence or a NUL in a hostile file from reaching the user's terminal, and a
    right-to-left override or a zero-width space from making a message read other than it is.
    """
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if text.isascii() else _NON_ASCII.sub(_escape_invisible, text)


def quoted(value: object, limit: int = 60) -> str:
    """``'value'`` for a message: printable, and cut to ``limit`` characters with an ellipsis."""
    text = printable(str(value)).replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


class CalcError(Exception):
    """Base class of every error meant for the user."""

    title = "nato-calc error"

    def __init__(self, msg: str, title: str | None = None) -> None:
        msg = printable(msg)  # whatever it quotes, a message never carries a control character
        super().__init__(msg)
        self.msg = msg
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.msg


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a file: a dotted location and a message."""

    loc: str
    msg: str

    def render(self, file: str) -> str:
        where = f"{file}: {self.loc}" if self.loc else file
        return printable(f"{where}: {self.msg}".replace("\n", " "))


class FileError(CalcError):
    """A preset or scenario file that cannot be used, with every problem found in it."""

    kind = "file"

    def __init__(self, file: str, issues: Iterable[Issue]) -> None:
        self.file = file
        self.issues = tuple(issues)
        super().__init__("\n".join(i.render(file) for i in self.issues))

    @property
    def title(self) -> str:  # type: ignore[override]  # the base's class attribute, a property here
        n = len(self.issues)
        return f"Invalid {self.kind} ({n} problem{'s' if n != 1 else ''})"


class PresetError(FileError):
    """A preset file is unreadable or invalid."""

    kind = "preset"


class ScenarioError(FileError):
    """A scenario file is unreadable or invalid, or a change cannot be applied."""

    kind = "scenario"


class UnknownPresetError(CalcError):
    """A preset id that none of the preset folders holds."""

    title = "Unknown preset"


class ChangeError(CalcError):
    """A what-if change (``--set``, an edit in the TUI, a scenario entry) that cannot apply.

    Besides the message, the error says where the problem is, so that a scenario file can
    locate it (``changes[3].member``) and the TUI can highlight the right entry:

    * ``key``: the part of the change at fault (``member``, ``field``, ``value``) or None;
    * ``index``: the 0-based position of the change in the list being applied, or None;
    * ``detail``: the message without the "change 3 (...)" prefix.
    """

    title = "Invalid change"

    def __init__(
        self,
        msg: str,
        title: str | None = None,
        *,
        key: str | None = None,
        index: int | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(msg, title)
        self.key = key
        self.index = index
        self.detail = printable(detail) if detail is not None else self.msg


class PathError(CalcError):
    """A spending path that cannot be planned (a target year before the data, a member the
    targets do not apply to, an empty scope)."""

    title = "Cannot plan the path"


class HistoryError(CalcError):
    """A history that cannot be made (a preset of one year, an unknown member or group, a year
    the release does not hold)."""

    title = "Cannot show the history"


class UsageError(CalcError):
    """A command-line argument that cannot be used."""

    title = "Invalid argument"


class OutputError(CalcError):
    """A file that could not be written."""

    title = "Cannot write file"


def fold(text: str) -> str:
    """Lower case without accents, for matching what people type ("turk" finds Türkiye)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def suggestions(
    word: str, choices: Iterable[str], names: Mapping[str, Sequence[str]], n: int = 3
) -> list[str]:
    """Up to ``n`` of ``choices`` close to ``word``, best first.

    Each choice is scored by its closest spelling among itself and its ``names`` (a member's
    name and aliases, say), in any case and without accents; a spelling that starts with the
    word, or has a word that does, counts as close ("GER" ranks Germany before Greece).
    """
    import difflib  # here, not at the top: only a refused input needs it (~1 ms to import)

    key = " ".join(fold(word).split())
    if not key:
        return []
    scored = []
    for i, choice in enumerate(choices):
        scores = []
        for spelling in (choice, *names.get(choice, ())):
            s = " ".join(fold(spelling).split())
            close = difflib.SequenceMatcher(None, key, s).ratio()
            if len(key) >= 2 and (s.startswith(key) or any(w.startswith(key) for w in s.split())):
                close = max(close, 0.9)
            scores.append(close)
        best = max(scores)
        if best >= 0.6:  # ties: the closer code first ("DEX": DEU before Denmark's "den")
            scored.append((-best, -scores[0], i, choice))
    return [c for *_, c in sorted(scored)[:n]]


def did_you_mean(
    word: str, choices: Iterable[str], *, names: Mapping[str, Sequence[str]] | None = None
) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or an empty string.

    With ``names`` (choice -> display name first, then other spellings), choices are ranked by
    their names as well and the suggestion names it: `` (did you mean 'DEU', Germany?)``.
    """
    choices = list(choices)
    if names is not None:
        best = suggestions(word, choices, names, n=1)
        if not best:
            return ""
        shown = names.get(best[0], ())
        label = f", {printable(shown[0])}" if shown and shown[0] != best[0] else ""
        return f" (did you mean '{best[0]}'{label}?)"
    import difflib

    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            match = [lowered[word.lower()]]
    if not match and len(word) >= 3:  # "core_share" for the target "core", "related" for "related_cap"
        w = word.lower()
        match = sorted(
            (c for c in choices if len(c) >= 3 and (w.startswith(c.lower()) or c.lower().startswith(w))),
            key=len,
            reverse=True,
        )[:1]
    return f" (did you mean '{match[0]}'?)" if match else ""
