"""CSV output shared by ``report``, ``compare`` and ``path``: one way to write a cell.

A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read
as a formula by spreadsheets (CSV injection, OWASP): a member named ``=HYPERLINK(...)`` would
run when the file is opened. Such cells get a leading ``'``, which spreadsheets show as text.
Numbers are written as exact decimals and never prefixed (``-5.0`` stays a number), so the
numeric columns keep their contract.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .jsonout import number_text

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(s: str) -> str:
    """A text cell that no spreadsheet evaluates: ``=1+1`` becomes ``'=1+1``."""
    return "'" + s if s.startswith(FORMULA_START) else s


def cell(v: Any) -> str:
    """One value as CSV text: empty for None, ``true``/``false``, exact numbers, lists joined
    with ``;``, and text made safe with :func:`text_cell`."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return number_text(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (list, tuple)):
        return text_cell(";".join(str(x) for x in v))
    return text_cell(str(v))


def write(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """The CSV document: the header, then one line per row (``\\n`` line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(header))
    w.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()
