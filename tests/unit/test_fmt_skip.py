"""No ``# fmt: skip`` without a reason (issue 11): the formatter is bypassed only where a
reader is told why.

The rule: a ``# fmt: skip`` comment (it ends the last line of the statement it keeps as
written) is followed on the same line by a reason comment, ``# fmt: skip  # a table: one row a
line``, or the statement it belongs to starts right below a comment line giving the reason.
A reason is at least two words.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("calc", "tests", "scripts", "bench")
SKIP = re.compile(r"^#\s*fmt:\s*skip\b(?P<rest>.*)$")
REASON = re.compile(r"^\s*#\s*(?P<text>\S.*)$")


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", text))


def unexplained(source: str) -> list[int]:
    """Line numbers (1-based) of the ``# fmt: skip`` comments in ``source`` without a reason."""
    lines = source.splitlines()
    statements = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.stmt)]
    bad = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        found = SKIP.match(token.string) if token.type == tokenize.COMMENT else None
        number = token.start[0]
        if found is None or not lines[number - 1][: token.start[1]].strip():
            continue  # not a fmt: skip comment (or one alone on a line, which ruff ignores)
        rest = REASON.match(found.group("rest"))
        if rest is not None and _words(rest.group("text")) >= 2:
            continue
        around = [n for n in statements if n.lineno <= number <= (n.end_lineno or n.lineno)]
        first = max((n.lineno for n in around), default=number)
        above = lines[first - 2] if first >= 2 else ""
        comment = REASON.match(above)
        if comment is not None and "fmt:" not in above and _words(comment.group("text")) >= 2:
            continue
        bad.append(number)
    return bad


def test_a_skip_with_a_reason_after_it_passes():
    assert unexplained("x = [1,\n     2]  # fmt: skip  # a table: one row a line\n") == []


def test_a_skip_below_a_reason_comment_passes_for_the_whole_statement():
    source = "# Aligned columns: a table, kept as written.\nx = [1,\n     2]  # fmt: skip\n"
    assert unexplained(source) == []


def test_a_bare_skip_fails():
    assert unexplained("y = 0\nx = [1,\n     2]  # fmt: skip\n") == [3]


def test_a_one_word_reason_is_not_a_reason():
    assert unexplained("x = [1,\n     2]  # fmt: skip  # table\n") == [2]


def test_a_comment_above_an_inner_line_does_not_count_for_the_statement():
    source = "x = [\n    # first\n    1]  # fmt: skip\n"
    assert unexplained(source) == [3]


def test_every_fmt_skip_in_the_tree_has_a_reason():
    missing = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in FOLDERS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "fmt: skip" in (text := path.read_text(encoding="utf-8"))
        for number in unexplained(text)
    ]
    assert missing == [], "a `# fmt: skip` without a reason (`# fmt: skip  # why`): " + ", ".join(missing)
