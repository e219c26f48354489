"""Exact JSON output: Decimals become JSON numbers written digit for digit (no float round trip).

Money is rounded to 6 decimal places (USD 1,000) and shares to 10 decimal places before
writing; values that are exact with fewer digits are written as they are (``0.0448``). A
non-zero value too small for those places is never written as 0: it keeps three significant
digits (``0.0000000200`` for a gap of USD 20), down to 40 decimal places, below which it is
written as ``0.000…001`` (40 places) with its sign. Numbers never use exponent notation.
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_EVEN, ROUND_UP, Context, Decimal, InvalidOperation
from typing import Any

from ..errors import is_invisible

MONEY_PLACES = 6
SHARE_PLACES = 10
_MQ = Decimal(1).scaleb(-MONEY_PLACES)
_SQ = Decimal(1).scaleb(-SHARE_PLACES)
_CTX = Context(prec=80, rounding=ROUND_HALF_EVEN)


#: Most decimal places written for a tiny non-zero value.
TINY_PLACES = 40


def _round(d: Decimal, q: Decimal) -> Decimal:
    try:
        r = d.quantize(q, context=_CTX)
    except InvalidOperation:  # more digits than any real figure has: keep it exact
        return d
    if r == 0 and d != 0:  # never write a non-zero value as 0
        places = min(-d.adjusted() + 2, TINY_PLACES)
        rounding = ROUND_HALF_EVEN if places < TINY_PLACES else ROUND_UP
        r = d.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=_CTX)
    return r


def money(d: Decimal | None) -> Decimal | None:
    """USD bn for machine output: rounded half-even to 6 decimal places."""
    return None if d is None else _round(d, _MQ)


def share(d: Decimal | None) -> Decimal | None:
    """A fraction for machine output: rounded half-even to 10 decimal places."""
    return None if d is None else _round(d, _SQ)


def number_text(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def dumps(obj: Any, indent: int | None = 2) -> str:
    """Like :func:`json.dumps`, writing :class:`~decimal.Decimal` as exact JSON numbers."""
    parts: list[str] = []
    _emit(obj, parts, indent, 0)
    return "".join(parts)


def _emit(obj: Any, out: list[str], indent: int | None, level: int) -> None:
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise ValueError(f"cannot write {obj} as JSON")
        out.append(number_text(obj))
    elif isinstance(obj, str):
        out.append(_string(obj))
    elif obj is None or isinstance(obj, bool):
        out.append("null" if obj is None else "true" if obj else "false")
    elif type(obj) is int:
        out.append(int.__repr__(obj))
    elif isinstance(obj, (int, float)):
        out.append(json.dumps(obj))
    elif isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        items = list(obj.items())
        out.append("{")
        for i, (k, v) in enumerate(items):
            out.append(_sep(indent, level + 1, first=i == 0))
            out.append(_string(str(k)))
            out.append(": ")
            _emit(v, out, indent, level + 1)
        out.append(_sep(indent, level, first=True, closing=True))
        out.append("}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        out.append("[")
        for i, v in enumerate(obj):
            out.append(_sep(indent, level + 1, first=i == 0))
            _emit(v, out, indent, level + 1)
        out.append(_sep(indent, level, first=True, closing=True))
        out.append("]")
    else:
        raise TypeError(f"cannot write {type(obj).__name__} as JSON")


_NON_ASCII = re.compile(r"[^\x00-\x7e]")
_encode_string = json.encoder.encode_basestring


def _json_escape(m: re.Match) -> str:
    ch = m.group()
    n = ord(ch)
    if not (n <= 0x9F or 0xD800 <= n <= 0xDFFF or is_invisible(ch)):
        return ch
    if n > 0xFFFF:  # a surrogate pair, as JSON writes a character beyond the BMP
        n -= 0x10000
        return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"
    return f"\\u{n:04x}"


def _string(s: str) -> str:
    """A JSON string in UTF-8 text, except that DEL, C1 controls, invisible format characters
    (:func:`calc.errors.is_invisible`) and lone surrogates (an undecodable byte of a file name)
    are written as ``\\uXXXX``: the value read back is the same, and JSON shown on a terminal
    carries no escape sequence and no right-to-left override."""
    text = _encode_string(s)  # what json.dumps(s, ensure_ascii=False) returns, without its set-up
    return _NON_ASCII.sub(_json_escape, text) if not text.isascii() or "\x7f" in text else text


def _sep(indent: int | None, level: int, *, first: bool, closing: bool = False) -> str:
    comma = "" if first else ","
    if indent is None:
        return "" if closing else (comma + " " if comma else "")
    return comma + "\n" + " " * (indent * level)
