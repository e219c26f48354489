"""Output formats and the file extensions that name them: one table for the CLI and the TUI.

A file's extension chooses its format when no format is given (``-o gaps.json`` writes JSON);
a format given explicitly that contradicts the extension is refused, naming both. Extensions
not in the table (``.out``, none at all) leave the choice to the format, defaulting to the
text table. Pure: no I/O, no textual.
"""

from __future__ import annotations

from pathlib import PurePath

from ..errors import UsageError

#: Format name -> (display name, the extension written by default, every extension meaning it).
FORMATS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "table": ("text table", ".txt", (".txt", ".text")),
    "csv": ("CSV", ".csv", (".csv",)),
    "markdown": ("Markdown", ".md", (".md", ".markdown")),
    "json": ("JSON", ".json", (".json",)),
    "xlsx": ("Excel", ".xlsx", (".xlsx",)),
}

#: Formats written as bytes, not text: never to a terminal (see :func:`check_stream`).
BINARY = frozenset({"xlsx"})

#: Short names people type for a format (``-f md``).
ALIASES: dict[str, str] = {"md": "markdown", "txt": "table", "text": "table"}


def canonical(name: str) -> str:
    """The format's own name for ``name`` or one of its aliases (``md`` -> ``markdown``)."""
    return ALIASES.get(name.lower(), name.lower())


def display_name(fmt: str) -> str:
    """``markdown`` -> ``Markdown``: the name shown to people."""
    return FORMATS[fmt][0]


def extension(fmt: str) -> str:
    """The extension a file of this format gets when the user typed none."""
    return FORMATS[fmt][1]


def is_binary(fmt: str) -> bool:
    """True for a format written as bytes (an Excel workbook)."""
    return fmt in BINARY


def check_stream(fmt: str, to_terminal: bool) -> None:
    """Refuse to write a binary format to a terminal (stdout on a tty, or ``-o /dev/tty``):
    it would fill the screen with bytes. A file, a pipe or a redirect takes it.

    Raises:
        UsageError: naming the format and what to do instead.
    """
    if is_binary(fmt) and to_terminal:
        raise UsageError(f"{fmt} is a binary format: give -o FILE{extension(fmt)} or redirect")


def from_extension(path: str | PurePath, allowed: tuple[str, ...] | None = None) -> str | None:
    """The format a file name's extension names (case-insensitive), or None if it names none.

    ``allowed`` limits the answer to the formats a command can write; an extension naming
    another format still returns it, so the caller can say it is not available there.
    """
    suffix = PurePath(path).suffix.lower()
    if not suffix:
        return None
    for fmt, (_, _, exts) in FORMATS.items():
        if suffix in exts:
            return fmt
    return None


def resolve(
    explicit: str | None,
    output: str | PurePath | None,
    *,
    allowed: tuple[str, ...] = tuple(FORMATS),
    default: str = "table",
    flag: str = "--format",
) -> str:
    """The format to write: ``explicit`` if given, else the one ``output``'s extension names.

    Raises:
        UsageError: when ``explicit`` contradicts the output file's extension, or the extension
            names a format this command cannot write.
    """
    fmt = canonical(explicit) if explicit is not None else None
    by_ext = from_extension(output) if output not in (None, "-") else None
    if fmt is not None and fmt not in allowed:
        raise UsageError(f"{flag} {explicit}: unknown format; choose from {', '.join(allowed)}")
    if by_ext is not None and by_ext not in allowed:
        raise UsageError(
            f"-o {PurePath(str(output)).name}: the extension means {display_name(by_ext)}, "
            f"which this command cannot write; choose from {', '.join(allowed)}"
        )
    if fmt is not None and by_ext is not None and fmt != by_ext:
        raise UsageError(
            f"{flag} {explicit} contradicts -o {PurePath(str(output)).name} "
            f"(its extension means {display_name(by_ext)}); drop {flag} or change the extension"
        )
    return fmt or by_ext or default
