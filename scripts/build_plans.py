#!/usr/bin/env python3
"""Build the shipped national plans (presets/plans/nato-plans-2026.toml) from presets/sources/plans/.

    python scripts/build_plans.py            # rewrite presets/plans/nato-plans-2026.toml (atomically)
    python scripts/build_plans.py --check    # rebuild in memory; exit 1 if the shipped file differs

Input: ``presets/sources/plans/national_plans.csv`` (one row per ally x year of a declared plan,
with its basis, status, announcement date, source and note; see the README next to it).
Exit status: 0 done (or, with ``--check``, rebuilt identically), 1 the shipped file differs, 2 the
input is missing or unreadable.

Rules (also in the sources README):

* ``basis`` (free text) is normalised to ``nato-core``, ``nato-total``, ``national-budget`` or
  ``other`` by :data:`BASES` (first matching pattern wins); ``basis_text`` keeps the original.
  "not stated" with a share of GDP reads as ``nato-core``, marked ``basis_assumed``.
* A national budget line is ``same_scope`` (comparable with NATO's figure) only when its text
  says it follows NATO's principles.
* A row whose share and amount are on different bases (:data:`SPLIT`) becomes two figures.
* ``plan_amount_nac_m`` (million) becomes ``amount_bn``: the exact quotient by 1000.
* Superseded: the note starts with SUPERSEDED; or a later-announced figure of the same ally,
  basis and measure exists for the same year; or :data:`DECIDED` says so. Kept, with the reason.
* Rows with no number become ``statements``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calc.errors import OutputError  # noqa: E402
from calc.files.tomlio import atomic_write  # noqa: E402

SOURCES_DIR = ROOT / "presets" / "sources" / "plans"
OUT = ROOT / "presets" / "plans" / "nato-plans-2026.toml"
CSV_NAME = "national_plans.csv"
COLUMNS = (
    "code", "name", "year", "plan_pct_gdp", "plan_amount_nac_m", "currency", "basis", "status",
    "announced_date", "source_url", "note",
)  # fmt: skip  # a table: one row a line
STATUSES = ("legislated", "budget", "announced")

#: (pattern on the lower-cased basis text, normalised basis); the first match wins.
BASES = (
    (r"not the nato", "national-budget"),
    (r"share of gni", "other"),
    (r"^capability-based position$", "nato-core"),
    (r"no core defence", "other"),
    (r"nato total", "nato-total"),
    (r"nato core", "nato-core"),
    (r"nato quota", "nato-core"),
    (r"nato-type total", "nato-core"),
    (r"^nato ", "nato-core"),
    (r"^nato definition", "nato-core"),
    (r"^not stated$", "nato-core"),
    (r"^military defence$", "nato-core"),
    (r".", "national-budget"),
)  # fmt: skip  # a table: one row a line
#: Basis texts read as NATO core although they do not say so (marked basis_assumed).
ASSUMED = ("not stated", "military defence", "capability-based position")
#: A national budget line that says it has NATO's scope.
SAME_SCOPE = re.compile(r"nato principles", re.IGNORECASE)
#: Rows whose share and amount are on different bases: (code, year) -> (share basis text, amount basis text).
SPLIT = {("DEU", 2029): ("NATO quota 3.5%", "Einzelplan 14")}
#: Figures superseded by decision, with the reason: (code, year, announced) -> reason.
DECIDED = {
    ("SWE", 2030, "2025-03-26"): (
        "the all-party defence agreement of 2025-06-19 sets 3.5 % 'by 2032 at the latest'; the PM's "
        "provisional goal of 3.5 % by 2030 conflicts with it and is kept, not used (README: Conflicts)"
    ),
}


class BuildError(Exception):
    pass


@dataclass
class Fig:
    code: str
    year: int
    pct: Decimal | None
    amount_bn: Decimal | None
    currency: str
    basis: str
    basis_text: str
    assumed: bool
    same_scope: bool
    status: str
    announced: str
    source_url: str
    note: str
    line: int
    superseded: str = ""

    @property
    def measure(self) -> str:
        return "share" if self.pct is not None else "amount"


@dataclass
class Ally:
    code: str
    name: str
    figures: list[Fig] = field(default_factory=list)
    statements: list[dict[str, str]] = field(default_factory=list)


def normalise(text: str) -> str:
    low = text.strip().lower()
    for pattern, basis in BASES:
        if re.search(pattern, low):
            return basis
    raise AssertionError(text)  # pragma: no cover - the last pattern matches everything


def _number(text: str, where: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        raise BuildError(f"{where}: not a number: {text!r}") from None


def read_rows(sources_dir: Path) -> list[dict[str, str]]:
    path = sources_dir / CSV_NAME
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise BuildError(f"{path}: missing columns {', '.join(missing)}")
            return [dict(r, _line=str(i + 2)) for i, r in enumerate(reader)]
    except OSError as e:
        raise BuildError(f"{path}: {e.strerror or e}") from None


def _figure(r: dict[str, str], pct: Decimal | None, amount: Decimal | None, text: str) -> Fig:
    basis = normalise(text)
    assumed = text.strip().lower() in ASSUMED
    original = r["basis"].strip()
    shown = original if text == r["basis"] else f"{text} (the row's basis: {original})"
    return Fig(
        r["code"], int(r["year"]), pct, None if amount is None else amount / 1000, r["currency"].strip(),
        basis, shown, assumed, basis == "national-budget" and bool(SAME_SCOPE.search(text)),
        r["status"].strip(), r["announced_date"].strip(), r["source_url"].strip(), r["note"].strip(),
        int(r["_line"]),
    )  # fmt: skip  # one field a column, as the dataclass


def build_allies(rows: list[dict[str, str]]) -> list[Ally]:
    allies: dict[str, Ally] = {}
    for r in rows:
        where = f"{CSV_NAME} line {r['_line']}"
        code = r["code"].strip()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise BuildError(f"{where}: code {code!r} is not three capital letters")
        if r["status"].strip() not in STATUSES:
            raise BuildError(f"{where}: status {r['status']!r} is not one of {', '.join(STATUSES)}")
        ally = allies.setdefault(code, Ally(code, r["name"].strip()))
        pct = _number(r["plan_pct_gdp"], where)
        amount = _number(r["plan_amount_nac_m"], where)
        if pct is None and amount is None:
            ally.statements.append(
                {k: r[k].strip() for k in ("year", "basis", "status", "announced_date", "source_url", "note")}
            )
            continue
        split = SPLIT.get((code, int(r["year"])))
        if split is not None and pct is not None and amount is not None:
            ally.figures.append(_figure(r, pct, None, split[0]))
            ally.figures.append(_figure(r, None, amount, split[1]))
        else:
            ally.figures.append(_figure(r, pct, amount, r["basis"]))
    for ally in allies.values():
        mark_superseded(ally.figures)
    return sorted(allies.values(), key=lambda a: a.code)


def mark_superseded(figs: list[Fig]) -> None:
    for f in figs:
        if f.note.upper().startswith("SUPERSEDED"):
            f.superseded = (
                "marked SUPERSEDED in the source notes: " + f.note.split(";")[0].split(")", 1)[0] + ")"
            )
            if f.superseded.endswith("))"):
                f.superseded = f.superseded[:-1]
        reason = DECIDED.get((f.code, f.year, f.announced))
        if reason:
            f.superseded = reason
    for f in figs:
        if f.superseded:
            continue
        later = [
            g
            for g in figs
            if g is not f
            and not g.superseded
            and g.year == f.year
            and g.basis == f.basis
            and g.measure == f.measure
            and g.announced > f.announced
        ]
        if later:
            g = max(later, key=lambda x: x.announced)
            f.superseded = (
                f"a later figure for {f.year} on the same basis ({g.announced}, {g.status}) replaces it"
            )


def _text(s: str) -> str:
    """A TOML basic string."""
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'


def _dec(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text if "." in text else text + ".0"


def render(allies: list[Ally]) -> str:
    lines = [
        "# National defence-spending plans declared by NATO allies, one figure per year of a plan.",
        "# Built by scripts/build_plans.py from presets/sources/plans/national_plans.csv: do not edit",
        "# by hand (edit the CSV or write a plan file of your own; docs/plans.md).",
        'format = "nato-calc.plans/1"',
        'kind = "plans"',
        'id = "nato-plans-2026"',
        'title = "National defence-spending plans of the NATO allies, as found 2026-12-02"',
        "collected = 2026-12-02",
        _kv(
            "note",
            "Every figure was seen in the source named with it (many are news copies of the original "
            "outlet); no ally's annual plan to NATO was found published. Shares are percent of GDP as "
            "the source gives them; amounts in bn of the currency named.",
        ),
        "",
    ]
    for a in allies:
        lines.append(f"[allies.{a.code}]")
        lines.append(f"name = {_text(a.name)}")
        lines.append("")
        for f in a.figures:
            lines.append(f"[[allies.{a.code}.figures]]")
            lines.append(f"year = {f.year}")
            if f.pct is not None:
                lines.append(f"share_pct = {_dec(f.pct)}")
            if f.amount_bn is not None:
                lines.append(f"amount_bn = {_dec(f.amount_bn)}")
            lines.append(f"currency = {_text(f.currency)}")
            lines.append(f"basis = {_text(f.basis)}")
            lines.append(f"basis_text = {_text(f.basis_text)}")
            if f.assumed:
                lines.append("basis_assumed = true")
            if f.same_scope:
                lines.append("same_scope = true")
            lines.append(f"status = {_text(f.status)}")
            lines.append(f"announced = {_text(f.announced)}")
            lines.append(f"source_url = {_text(f.source_url)}")
            lines.append(_kv("note", f.note))
            if f.superseded:
                lines.append("superseded = true")
                lines.append(_kv("superseded_reason", f.superseded))
            lines.append(f"csv_line = {f.line}")
            lines.append("")
        for s in a.statements:
            lines.append(f"[[allies.{a.code}.statements]]")
            lines.append(f"year = {int(s['year'])}")
            lines.append(f"basis_text = {_text(s['basis'])}")
            lines.append(f"status = {_text(s['status'])}")
            lines.append(f"announced = {_text(s['announced_date'])}")
            lines.append(f"source_url = {_text(s['source_url'])}")
            lines.append(_kv("note", s["note"]))
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _kv(key: str, value: str) -> str:
    return f"{key} = {_text(value)}"


def build(sources_dir: Path = SOURCES_DIR) -> str:
    return render(build_allies(read_rows(sources_dir)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="build_plans.py", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--check", action="store_true", help="rebuild in memory; exit 1 if the shipped file differs"
    )
    ap.add_argument(
        "--sources-dir", type=Path, default=SOURCES_DIR, help="the folder with national_plans.csv"
    )
    ap.add_argument("--out", type=Path, default=OUT, help="the plans file written or checked")
    args = ap.parse_args(argv)
    try:
        text = build(args.sources_dir)
    except BuildError as e:
        print(f"build_plans: {e}", file=sys.stderr)
        return 2
    if args.check:
        try:
            shipped = args.out.read_text(encoding="utf-8")
        except OSError as e:
            print(f"build_plans: {args.out}: {e.strerror or e}", file=sys.stderr)
            return 1
        if shipped != text:
            a, b = shipped.splitlines(), text.splitlines()
            n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            print(f"build_plans: {args.out} differs from its rebuild at line {n + 1}", file=sys.stderr)
            return 1
        print(f"ok: {args.out.name} rebuilds identically")
        return 0
    try:
        atomic_write(args.out, text)
    except OutputError as e:
        print(f"build_plans: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
