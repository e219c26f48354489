"""Long lines with links, laid out for a narrow box: a link is folded after a ``/`` (or a ``-``
of a long slug), never inside a word, so that it reads whole; the links of a text, once each,
to copy. Text layout only (no Rich, no Textual): the sources dialog and the plans view use it.
"""

from __future__ import annotations

import re
import textwrap

#: A link in the text (up to the next space; a closing bracket or stop after it is not its own).
URL = re.compile(r"https?://\S+")
_TRAILING = ").,;:'\""


def fold_links(lines: list[str], width: int) -> list[str]:
    """``lines`` with each one longer than ``width`` that holds a link folded after a ``/`` of
    the link (a part longer than a line after its ``-`` too; a word is never cut inside: what is
    still too long ends in an ellipsis, and ``y`` copies it whole); the next parts go under the
    link's start, or two columns in when that leaves too little room."""
    out: list[str] = []
    for line in lines:
        found = URL.search(line)
        if len(line) <= width or found is None:
            out.append(line)
            continue
        start = found.start()
        lead = len(line) - len(line.lstrip())
        hang = " " * (start if width - start >= 30 else lead + 2)
        head, rest = line[:start], line[start:]
        room = width - len(hang)
        parts = []
        for part in re.findall(r"[^/]*/+|[^/]+$", rest):  # each part ends after its slash(es)
            # a part longer than a line: after its hyphens too (a slug's words)
            parts += re.findall(r"[^-]*-+|[^-]+$", part) if len(part) > room else [part]
        current = head
        for part in parts:
            if len(current) + len(part) > width and current.strip():
                out.append(current.rstrip())
                current = hang
            current += part
        out.append(current.rstrip())
    return out


def links(lines: list[str]) -> list[str]:
    """Every link in ``lines`` (unwrapped text), once each, in order."""
    found = (m.group().rstrip(_TRAILING) for line in lines for m in URL.finditer(line))
    return list(dict.fromkeys(found))


def wrap_text(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` wrapped to ``width`` without cutting a word (nor a link: each link too long for
    a line is then folded by :func:`fold_links`), the next lines under ``indent``."""
    lines = textwrap.wrap(
        text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [""]
    return fold_links(lines, width)
