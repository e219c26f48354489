#!/usr/bin/env python3
"""Build the shipped presets (presets/*.toml) from the researched inputs in presets/sources/.

    python scripts/build_presets.py            # rewrite presets/*.toml (atomically)
    python scripts/build_presets.py --check    # rebuild in memory; exit 1 if any shipped preset differs

The build reads only this repository: ``presets/sources/`` (see its README for where each file
came from) and the rules below. ``--sources-dir`` and ``--presets-dir`` point it at other folders.
Exit status: 0 done (or, with ``--check``, every preset rebuilt identically), 1 a shipped preset
differs from its rebuild, 2 an input is missing or unreadable.

Inputs: ``nato_pct_gdp.csv`` (NATO defence expenditure as % of GDP per ally, by vintage, with the
URL each figure was seen at) and ``gdp_imf_weo_oct2025.csv`` (IMF WEO October 2025, nominal GDP in
current USD bn); the benchmark figures and targets below are written out from the notes next to
them (``benchmarks.md``, ``hague_declaration.md``).

Rules:
* GDP is the IMF WEO October 2025 figure for the preset's year (2025 is an IMF projection).
* Core spending is stored as ``core_share`` = NATO's percentage / 100, exactly as published.
* Each distinct URL a figure was seen at becomes its own ``[[sources]]`` entry, so every
  figure traces to where it was read.
* A figure missing from a preset's vintage is taken from a later vintage with status
  ``later-vintage``; a figure NATO did not publish at all becomes a ``placeholder`` at the
  2 % floor NATO states every ally with armed forces met; Iceland (no armed forces) is kept
  with core status ``not-applicable`` so it is shown but left out of counts and aggregates.
* Related (Hague 1.5 %) spending is not published per ally in these vintages: left unknown.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this repository's calc (for atomic_write), not an installed one

from calc.errors import OutputError  # noqa: E402
from calc.files.tomlio import atomic_write  # noqa: E402

PRESETS_DIR = ROOT / "presets"
SOURCES_DIR = PRESETS_DIR / "sources"
PCT_CSV = "nato_pct_gdp.csv"
GDP_CSV = "gdp_imf_weo_oct2025.csv"
RELEASE_CSV = "nato_2026_release.csv"
TOTALS_CSV = "nato_2026_totals.csv"
AID_CSV = "ukraine_aid.csv"
RELATED_CSV = "related_spending.csv"
#: The columns the build reads from each input.
COLUMNS = {
    PCT_CSV: ("code", "name", "vintage", "pct_gdp", "source_url", "note"),
    GDP_CSV: ("code", "year", "gdp_usd_bn", "note"),
    RELEASE_CSV: (
        "code", "name", "year", "vintage", "estimate", "pct_gdp", "defence_nac_current_m", "currency",
        "defence_usd_current_m", "defence_usd_2021_m", "gdp_usd_current_m", "equipment_pct", "source_url",
    ),
    TOTALS_CSV: (
        "code", "name", "year", "estimate", "pct_gdp", "defence_usd_current_m", "defence_usd_2021_m",
        "gdp_usd_current_m", "real_change_pct",
    ),
    AID_CSV: ("code", "year", "military_aid_eur_m", "measure", "source", "source_url", "note"),
    RELATED_CSV: (
        "code", "year", "related_pct_gdp", "related_amount_nac_m", "currency", "status", "source_url", "note",
    ),
}  # fmt: skip  # a table: one row a line


EU = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
}  # fmt: skip  # a table: one row a line

IMF_SOURCE = {
    "id": "imf-weo-2025-10",
    "title": "World Economic Outlook database, October 2025: GDP, current prices (NGDPD), USD bn",
    "publisher": "International Monetary Fund",
    "url": "https://www.imf.org/en/Publications/WEO/weo-database/2025/October",
    "accessed": "2025-10-16",
    "note": (
        "Read from the IMF data portal dataset IMF.RES:WEO v9.0.0 (downloaded 2025-10-16) via "
        "github.com/mitsuoxv/imf-weo data/data_2510.rda @ 735c2b40279cc3d10587d0a6f3dea8cb7e943907. "
        "2024 = IMF actual/estimate; 2025 = IMF projection."
    ),
}

# Source entries per (vintage, url): id, title, note.
VINTAGE_TITLES = {
    "nato-release-2024-06": (
        "Defence Expenditure of NATO Countries (2014-2024), June 2024 release",
        "NATO; 2024 figures are estimates; shares based on 2015 prices and exchange rates.",
    ),
    "nato-sg-annual-report-2024": (
        "The Secretary General's Annual Report 2024 (April 2025): defence expenditure 2024",
        "NATO; revised 2024 figures.",
    ),
    "nato-release-2025-08": (
        "Defence Expenditure of NATO Countries (2014-2025), August 2025 release",
        "NATO; 2025 figures are estimates; data cut-off 3 June 2025; shares at constant 2021 prices.",
    ),
    "nato-sg-annual-report-2025": (
        "The Secretary General's Annual Report 2025 (March 2026): defence expenditure 2025",
        "NATO; figures rounded to one decimal as reported by POLITICO.",
    ),
}
VINTAGE_SHORT = {
    "nato-release-2024-06": "NATO's June 2024 release",
    "nato-sg-annual-report-2024": "NATO's Secretary General's Annual Report 2024",
    "nato-release-2025-08": "NATO's August 2025 release",
    "nato-sg-annual-report-2025": "NATO's Secretary General's Annual Report 2025 (March 2026)",
}
VINTAGE_PREFIX = {
    "nato-release-2024-06": "nato-dex-2024",
    "nato-sg-annual-report-2024": "nato-sgar-2024",
    "nato-release-2025-08": "nato-dex-2025",
    "nato-sg-annual-report-2025": "nato-sgar-2025",
}
URL_TAGS = [
    ("46.235.172.94", "graphic-news"),
    ("defence-ua", "defence-ua"),
    ("polskieradio", "polskieradio"),
    ("redcensor", "tass-redcensor"),
    ("electionsbg", "electionsbg"),
    ("upday", "dpa-upday"),
    ("knews", "knews"),
    ("dailyguardian", "politico"),
    ("welingelichtekringen", "anp"),
    ("forcesnews", "forces-news"),
]

BENCHMARK_SOURCES = {
    "iiss-mb-2025": {
        "title": "The Military Balance 2025 (IISS, 12 Feb 2025), Russia 2024, as reported by The Moscow Times",
        "publisher": "International Institute for Strategic Studies",
        "url": "https://www.themoscowtimes.com/2025/02/12/russias-2024-military-spending-surpassed-eu-uk-combined-in-ppp-terms-study-a87974",
        "note": "PPP figure 461.6 as printed at https://ogreszinas.news/russias-defence-spending-exceeds-that-of-europe-study-finds; 6.7 % of GDP per Breaking Defense (https://feedquik.com/russia-overtakes-all-of-europe-on-defense-spending-in-key-metric-iiss-military-balance).",
    },
    "sipri-milex-2025": {
        "title": "SIPRI Military Expenditure Database, April 2025 release (2024 data), as reported",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://www.jagranjosh.com/general-knowledge/top-countries-with-highest-military-expenditure-1820000755-1",
        "note": "Also https://saba.ye/en/news3472467.htm. SIPRI and IISS use different definitions and exchange-rate methods.",
    },
    "iiss-mb-2026": {
        "title": "The Military Balance 2026 (IISS, 24 Feb 2026), Russia 2025, as reported by Defense News",
        "publisher": "International Institute for Strategic Studies",
        "url": "https://www.defensenews.com/global/europe/2026/02/24/russias-defense-spending-surge-tapers-off-in-2025-analysts-find/",
    },
    "sipri-milex-2026": {
        "title": "SIPRI Military Expenditure Database, April 2026 release (2025 data), as reported by ICAEW",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://www.icaew.com/insights/viewpoints-on-the-news/2026/may-2026/chart-of-the-week-top-20-military-spenders",
    },
    "sipri-milex-2026-data": {
        "title": "SIPRI Military Expenditure Database 1949-2025 (April 2026): Russia 2025, as copied in a public repository",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://github.com/inspectsoftware/Projekts-Inteligence/blob/d758eae331552bccc193953a29eb0aa1f73e9cb0/shared/data/countries.json",
        "note": (
            "Fields sipri_usd (190416640325 USD) and sipri_pct_gdp (7.5), citing "
            "https://www.sipri.org/sites/default/files/SIPRI-Milex-data-1949-2025.xlsx; see "
            "presets/sources/benchmarks_2026.md. SIPRI's definition is wider than NATO's."
        ),
    },
}

BENCHMARKS_2024 = [
    {
        "id": "russia-2024-iiss",
        "label": "Russia, military spending 2024 (IISS, market exchange rates)",
        "value": "145.9", "basis": "market-exchange-rates", "year": 2024, "share_of_gdp": "0.067",
        "source": "iiss-mb-2025",
        "note": "13.1 trillion roubles; real growth 41.9 % (IISS MB2025).",
    },
    {
        "id": "russia-2024-iiss-ppp",
        "label": "Russia, military spending 2024 (IISS, purchasing-power parity)",
        "value": "461.6", "basis": "ppp", "year": 2024, "source": "iiss-mb-2025",
        "compare_group": "eu-uk", "comparator_value": "457",
        "comparator_label": "European spending (EU member states + UK), IISS, nominal",
        "note": (
            "IISS set Russia's PPP figure against USD 457 bn of European (EU + UK) spending at "
            "market rates: a PPP figure measures what the money buys at home, not its dollar value. "
            "The eu-uk group of this preset can hold only allies: Austria, Cyprus, Ireland and "
            "Malta (EU member states outside NATO) are not in it."
        ),
    },
    {
        "id": "russia-2024-sipri",
        "label": "Russia, military expenditure 2024 (SIPRI, market exchange rates)",
        "value": "149", "basis": "market-exchange-rates", "year": 2024, "share_of_gdp": "0.071",
        "source": "sipri-milex-2025", "note": "SIPRI estimate; +38 % in real terms.",
    },
]  # fmt: skip  # a table: one row a line
BENCHMARKS_2025 = [
    {
        "id": "russia-2025-iiss",
        "label": "Russia, military spending 2025 (IISS, market exchange rates)",
        "value": "186", "basis": "market-exchange-rates", "year": 2025, "source": "iiss-mb-2026",
        "note": "+3 % in real terms (IISS MB2026).",
    },
    {
        "id": "russia-2025-sipri",
        "label": "Russia, military expenditure 2025 (SIPRI, market exchange rates)",
        "value": "190", "basis": "market-exchange-rates", "year": 2025, "share_of_gdp": "0.075",
        "source": "sipri-milex-2026",
    },
] + BENCHMARKS_2024  # fmt: skip  # a table: one row a line
BENCHMARKS_2026 = [
    {
        "id": "russia-2025-sipri-exact",
        "label": "Russia, military expenditure 2025 (SIPRI, market exchange rates, exact)",
        "value": "190.4166", "basis": "market-exchange-rates", "year": 2025, "share_of_gdp": "0.075",
        "source": "sipri-milex-2026-data",
        "note": "USD 190,416.6 m at current prices and exchange rates (SIPRI, April 2026).",
    },
    BENCHMARKS_2025[0],
] + BENCHMARKS_2024  # fmt: skip  # a table: one row a line

PRESETS = [
    {
        "id": "nato-2024",
        "label": "NATO allies, 2024 estimates (June 2024 release)",
        "year": 2024,
        "vintage": "nato-release-2024-06",
        "fallbacks": [],
        "status": "estimate",
        "description": (
            "NATO's June 2024 estimates of core defence spending as a share of GDP for 2024, "
            "applied to IMF (WEO October 2025) GDP for 2024 in current US dollars."
        ),
        "benchmarks": BENCHMARKS_2024,
    },
    {
        "id": "nato-2024-revised",
        "label": "NATO allies, 2024 revised (SG Annual Report 2024, Apr 2025)",
        "year": 2024,
        "vintage": "nato-sg-annual-report-2024",
        "fallbacks": [],
        "status": None,
        "description": (
            "NATO's revised 2024 figures from the Secretary General's Annual Report 2024 "
            "(published April 2025), applied to IMF (WEO October 2025) GDP for 2024. Compare "
            "with nato-2024 to see the revisions."
        ),
        "benchmarks": BENCHMARKS_2024,
    },
    {
        "id": "nato-2025",
        "label": "NATO allies, 2025 estimates (Aug 2025 release)",
        "year": 2025,
        "vintage": "nato-release-2025-08",
        "fallbacks": ["nato-sg-annual-report-2025"],
        "status": "estimate",
        "description": (
            "NATO's August 2025 estimates of core defence spending as a share of GDP for 2025, "
            "applied to IMF (WEO October 2025) GDP projections for 2025 in current US dollars. "
            "Allies missing from the August 2025 release take the Secretary General's Annual "
            "Report 2025 figure (status later-vintage)."
        ),
        "benchmarks": BENCHMARKS_2025,
    },
]

#: Hand-written notes for the special cases (the data README's guidance).
SPECIAL = {
    ("nato-2025", "DEU"): (
        "NATO's August 2025 release carried Germany at 2.00 % only as a placeholder pending the "
        "2025 budget (dpa; AFP reported no 2025 estimate). The Secretary General's Annual "
        "Report 2025 gives 2.4 %. Try: --set DEU.core_share=2.4%"
    ),
}


TARGETS_BLOCK = [
    "[targets]",
    "guideline = 0.02     # Wales 2014 guideline (a minimum since Vilnius 2023)",
    "core = 0.035         # The Hague 2025: core defence, NATO definition",
    "related_cap = 0.015  # The Hague 2025: defence- and security-related, counted up to",
    "total = 0.05         # The Hague 2025: 5 % of GDP annually by 2035",
    "deadline = 2035",
]
BENCHMARK_KEYS = ("id", "label", "value", "basis", "year", "share_of_gdp", "source",
                  "compare_group", "comparator_value", "comparator_label", "note")  # fmt: skip  # hand-wrapped: one entry a line reads better than ruff's layout


def benchmark_lines(benchmarks: list[dict]) -> list[str]:
    """The ``[[benchmarks]]`` tables of a preset (numbers bare, text quoted)."""
    out: list[str] = []
    for b in benchmarks:
        out += ["", "[[benchmarks]]"]
        for k in BENCHMARK_KEYS:
            if k in b:
                numeric = k in ("value", "share_of_gdp", "comparator_value", "year")
                out.append(f"{k} = {b[k]}" if numeric else f"{k} = {q(b[k])}")
    return out


class BuildError(Exception):
    """An input is missing or unusable: one line naming the file (and line) and the problem."""


@dataclass(frozen=True)
class Built:
    """One preset rebuilt in memory: its file name, its exact text and what it holds."""

    name: str
    text: str
    members: int
    sources: int


def shown(path: Path) -> str:
    """A path as the user should read it: relative to the repository when inside it."""
    path = path.absolute()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_csv(path: Path) -> list[dict]:
    """The rows of one input CSV (each with its ``_line``), its needed columns checked."""
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = []
            for row in reader:
                row["_line"] = reader.line_num
                rows.append(row)
            columns = reader.fieldnames or []
    except FileNotFoundError:
        raise BuildError(f"{shown(path)}: not found") from None
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise BuildError(f"{shown(path)}: cannot be read ({e})") from None
    missing = [c for c in COLUMNS[path.name] if c not in columns]
    if missing:
        raise BuildError(f"{shown(path)}: missing column(s) {', '.join(missing)}")
    for row in rows:
        if None in row or any(row[c] is None for c in COLUMNS[path.name]):
            raise BuildError(f"{shown(path)}: line {row['_line']}: wrong number of fields")
    return rows


def number(path: Path, row: dict, column: str) -> Decimal:
    """A figure of an input row as an exact Decimal (refused with its line when it is not one)."""
    try:
        value = Decimal(row[column])
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise BuildError(f"{shown(path)}: line {row['_line']}: {column} {row[column]!r} is not a number")
    return value


def url_tag(url: str) -> str:
    for needle, tag in URL_TAGS:
        if needle in url:
            return tag
    raise BuildError(f"no source tag for URL {url!r}: add it to URL_TAGS in scripts/build_presets.py")


def q(s: str) -> str:
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap_comment(text: str, width: int = 96) -> list[str]:
    words, lines, cur = text.split(), [], "#"
    for w in words:
        if len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = "#"
        cur += " " + w
    lines.append(cur)
    return lines


def build(sources_dir: Path) -> list[Built]:
    """Every shipped preset, rebuilt in memory from the inputs in ``sources_dir`` alone."""
    pct_path, gdp_path = sources_dir / PCT_CSV, sources_dir / GDP_CSV
    if not sources_dir.is_dir():
        raise BuildError(f"{shown(sources_dir)}: no such folder (the inputs of the presets)")
    pct_rows = read_csv(pct_path)
    gdp_rows = read_csv(gdp_path)
    gdp = {(r["code"], r["year"].strip()): r for r in gdp_rows}
    pct: dict[tuple[str, str], dict] = {(r["code"], r["vintage"]): r for r in pct_rows}
    allies = []
    for r in pct_rows:
        if r["vintage"] == "nato-release-2024-06" and r["code"] not in [a[0] for a in allies]:
            allies.append((r["code"], r["name"]))
    if not allies:
        raise BuildError(f"{shown(pct_path)}: no ally in vintage nato-release-2024-06")
    allies.sort(key=lambda a: a[1].replace("Türkiye", "Turkiye"))

    def share(row: dict) -> str:
        return str(number(pct_path, row, "pct_gdp") / 100)

    built = []
    for spec in PRESETS:
        year = spec["year"]
        sources: dict[str, dict] = {}
        members = []

        def source_for(row: dict, sources: dict[str, dict] = sources) -> str:
            vintage = row["vintage"]
            sid = f"{VINTAGE_PREFIX[vintage]}-{url_tag(row['source_url'])}"
            if sid not in sources:
                title, note = VINTAGE_TITLES[vintage]
                sources[sid] = {
                    "id": sid,
                    "title": title,
                    "publisher": "NATO",
                    "url": row["source_url"],
                    "note": note + " Figures as printed at this URL.",
                }
            return sid

        def first_row(vintages) -> dict:
            row = next((r for r in pct_rows if r["vintage"] in vintages and r["source_url"]), None)
            if row is None:
                raise BuildError(f"{shown(pct_path)}: no row with a source_url in {', '.join(vintages)}")
            return row

        for code, name in allies:
            g = gdp.get((code, str(year)))
            if g is None:
                raise BuildError(f"{shown(gdp_path)}: no GDP for {code} in {year}")
            number(gdp_path, g, "gdp_usd_bn")
            gdp_status = gdp_status_of(g["note"])
            row = pct.get((code, spec["vintage"]))
            status = spec["status"]
            comment = ""
            note = None
            if code == "ISL":
                if row is None:
                    raise BuildError(f"{shown(pct_path)}: no row for ISL in {spec['vintage']}")
                sid = source_for(first_row([spec["vintage"]]))
                core = ("0", "not-applicable", sid)
                note = "Iceland has no armed forces and reports no defence expenditure; NATO leaves it out of its percentages."
                comment = row["note"]
            elif row and row["pct_gdp"]:
                core = (share(row), status, source_for(row))
                comment = row["note"]
                if (spec["id"], code) in SPECIAL:
                    core = (core[0], "placeholder", core[2])
                    note = SPECIAL[(spec["id"], code)]
            else:
                found = None
                for fb in spec["fallbacks"]:
                    fr = pct.get((code, fb))
                    if fr and fr["pct_gdp"]:
                        found = fr
                        break
                if found:
                    core = (share(found), "later-vintage", source_for(found))
                    note = (
                        f"Not in {VINTAGE_SHORT[spec['vintage']]}; figure from "
                        f"{VINTAGE_SHORT[found['vintage']]} (rounded to one decimal)."
                    )
                    comment = (row or {}).get("note", "")
                else:
                    # No published figure in any vintage: the 2 % floor NATO states every ally met.
                    if not spec["fallbacks"]:
                        raise BuildError(f"{shown(pct_path)}: no {spec['vintage']} figure for {code}")
                    core = ("0.02", "placeholder", source_for(first_row(spec["fallbacks"])))
                    note = (
                        "No figure published for this ally; NATO states every ally with armed "
                        "forces spent at least 2 % of GDP in 2025, so 2.00 % is a floor, not an estimate."
                    )
                    comment = (row or {}).get("note", "")
            members.append((code, name, g["gdp_usd_bn"], gdp_status, core, note, comment))

        groups = {"eu-uk": [c for c, *_ in members if c in EU or c == "GBR"]}
        bench_sources = {b["source"] for b in spec["benchmarks"]}
        text = render_preset(spec, sources, members, groups, bench_sources)
        built.append(Built(f"{spec['id']}.toml", text, len(members), 1 + len(sources) + len(bench_sources)))
    built.append(build_release(sources_dir))
    return built


# --------------------------------------------------------------------------------------------
# The 2026 release (schema 2: every year 2014-2026 in one file)
# --------------------------------------------------------------------------------------------

RELEASE_ID = "nato-2026"
RELEASE_VINTAGE = "nato-release-2026-07"
RELEASE_SOURCE = {
    "id": "nato-dex-2026",
    "title": "Defence Expenditure of NATO Countries (2014-2026), July 2026 release: Tables 1, 2, 3, 5 and 8a",
    "publisher": "NATO",
    "url": "https://www.nato.int/content/dam/nato/webready/documents/finance/def-exp-2026-en.xlsx",
    "note": (
        "Values transcribed from a public parse of NATO's workbook: "
        "github.com/aiutononesistonousername/leave-the-gun-take-the-cannoli data/processed/"
        "nato_defence.csv @ 366dedbbf761c480cfe91ca2da7c28a3a079810d (see presets/sources/README.md). "
        "Core defence expenditure (the 3.5 % guideline's definition), restated from 2014; 2025 and "
        "2026 are estimates; information cut-off 3 July 2026."
    ),
}
#: Measure -> the NATO table it comes from (the file's ``[release.tables]``).
RELEASE_TABLES = [
    ("core_share", "Table 3: core defence expenditure as a share of real GDP (2021 prices)"),
    ("core_national", "Table 1: core defence expenditure, million national currency, current prices"),
    ("core", "Table 2: core defence expenditure, million US dollars, current prices"),
    (
        "core_constant",
        "Table 2: core defence expenditure, million US dollars, 2021 prices and exchange rates",
    ),
    ("gdp", "Table 5: GDP, million US dollars, current prices"),
    ("equipment_share", "Table 8a: major equipment incl. related R&D, share of core defence expenditure"),
    ("real_change", "Table 3: real change in core defence expenditure (aggregates only)"),
]
#: The year an ally joined NATO, where it is later than 2014: NATO's printed totals for the
#: years before leave it out (its own rows are restated back to 2014).
JOINED = {"MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024}
#: NATO's aggregate rows: code in nato_2026_totals.csv -> (group id, label).
AGGREGATES = {"NATO": ("nato", "NATO total"), "NATO_EUR_CAN": ("europe-canada", "NATO Europe and Canada")}
RELEASE_NOTES = {
    "NLD": (
        "NATO's Table 3 share differs from Table 2 / Table 5 for the Netherlands (2026: 2.58 % "
        "published, 2.29 % money / GDP); both are kept: targets are judged on the published share."
    ),
    "GBR": "NATO year Y is the UK fiscal year Y/Y+1 (April to March).",
    "CAN": "NATO year Y is Canada's fiscal year Y/Y+1 (April to March).",
    "BGR": (
        "Table 1 series in euro (ISO EUR): the implied rate equals Germany's in every year "
        "(2026: 0.848 per USD); Bulgaria adopted the euro on 1 January 2026 and NATO restates the series."
    ),
    "HRV": (
        "Table 1 series in euro (ISO EUR): the implied rate equals Germany's in every year; "
        "Croatia adopted the euro on 1 January 2023 and NATO restates the series."
    ),
}
ISL_NOTE = (
    "Iceland has no armed forces and reports no defence expenditure; NATO leaves it out of its "
    "percentages and prints no row for it."
)


def _scaled(path: Path, row: dict, column: str, divisor: int) -> Decimal:
    """An input figure divided exactly (US$ m / 1000 -> USD bn; % / 100 -> fraction)."""
    return number(path, row, column) / divisor


def dec(v: Decimal) -> str:
    """A Decimal as a TOML number, never in exponent notation."""
    text = str(v)
    return format(v, "f") if "E" in text or "e" in text else text


def currency_code(path: Path, row: dict) -> str:
    """The ISO 4217 code of a release row's ``currency`` cell (``ALL (lek)`` -> ``ALL``)."""
    m = re.match(r"\s*([A-Z]{3})\b", row["currency"])
    if not m:
        raise BuildError(
            f"{shown(path)}: line {row['_line']}: currency {row['currency']!r} has no ISO 4217 code"
        )
    return m.group(1)


#: The Kiel Institute's Ukraine Support Tracker rows of ``ukraine_aid.csv`` (its other rows,
#: NATO-level totals, PURL pledges and national budget lines, are not additive to them and not
#: per-ally annual figures: not shipped).
KIEL_SOURCE = {
    "id": "kiel-ust-r29",
    "title": "Ukraine Support Tracker, Release 29 (data to April 2026): military aid allocations by donor",
    "publisher": "Kiel Institute for the World Economy",
    "url": "https://github.com/UkraineSupportTrackerWebsite/ukraine-support-tracker/blob/ddf24c0f8f36dbe0ffb85822d5f45a732440a617/data/data_explorer.csv",
    "note": (
        "Annual sums of Kiel's monthly bilateral military allocations (EUR), incl. contributions to NATO "
        "PURL attributed to the paying donor, aid in kind at market prices (an upper bound where "
        "possible); not NATO's own counting rules, which are not published. Stored in EUR as Kiel gives "
        "them (currency = \"EUR\"); nato-calc converts to USD at the year's rate implied by NATO's own "
        "tables (Germany's Table 1 / Table 2). 2026: January-April only (status partial, never counted)."
    ),
}
KIEL_PREFIX = "Kiel Ukraine Support Tracker"
#: Kiel's measure -> the figure's status: a full year's allocations, or a part of a year.
KIEL_STATUS = {"allocated": "kiel-allocated", "allocated (Jan-Apr 2026 only)": "partial"}
PARTIAL_NOTE = (
    "January-April 2026 only (Kiel data to April 2026): not the year's aid; not counted toward "
    "core spending unless edited."
)
#: Allies' own figures for their defence- and security-related spending (the Hague 1.5 %)
#: for a year the release holds, shipped as ``related`` with status ``national-claim``:
#: (code, year) -> (source entry, note).
RELATED_CLAIMS = {
    ("CAN", 2025): (
        {
            "id": "can-budget-2025-related",
            "title": "Budget 2025 (Canada, 4 Nov 2025): the 1.5 % defence- and security-related commitment, as reported by CityNews",
            "publisher": "Government of Canada",
            "url": "https://toronto.citynews.ca/2025/11/04/ottawa-earmarks-billions-of-dollars-for-defence-as-global-spending-race-ramps-up/",
            "note": (
                "'The government expects that currently planned spending by federal, provincial, "
                "territorial and municipal governments will meet this 1.5 per cent commitment'; the "
                "calculation is not published (the PBO criticised the missing data)."
            ),
        },
        "National claim (Budget 2025): planned spending of all levels of government meets 1.5 % of "
        "GDP; no figures published; the claim names no year (taken as the budget's FY2025/26, NATO's "
        "2025 for Canada).",
    ),
}
#: Rows of ``related_spending.csv`` with a figure for a year the release holds that are not
#: shipped, and why (the build refuses a new such row until it is shipped or listed here).
RELATED_NOT_SHIPPED = {
    ("TUR", 2026): (
        "internal-security budget (police, gendarmerie, coast guard); Türkiye has not said it "
        "counts as the Hague 1.5 %"
    ),
}


def figure_table(value: str, status: str, source: str, note: str | None, currency: str | None = None) -> str:
    """A figure's inline table: ``{ value = 9.0135, currency = "EUR", status = ..., source = ... }``."""
    parts = [f"value = {value}"] + ([f"currency = {q(currency)}"] if currency else [])
    parts += [f"status = {q(status)}", f"source = {q(source)}"] + ([f"note = {q(note)}"] if note else [])
    return "{ " + ", ".join(parts) + " }"


def aid_and_related(sources_dir: Path, years: list[int], codes: set[str]) -> tuple[dict, list[dict]]:
    """The Ukraine aid and related-spending figures of the release: (code, year) -> figure
    cells for the year row, and the ``[[sources]]`` entries they cite."""
    apath, rpath = sources_dir / AID_CSV, sources_dir / RELATED_CSV
    cells: dict[tuple[str, int], list[tuple[str, str]]] = {}
    used: list[dict] = []
    for r in read_csv(apath):
        if r["code"] not in codes or not r["source"].startswith(KIEL_PREFIX):
            continue
        year = int(r["year"])
        if year not in years or not r["military_aid_eur_m"].strip():
            continue  # empty: Kiel records none (or does not cover the donor), never zero
        status = KIEL_STATUS.get(r["measure"])
        if status is None:
            raise BuildError(f"{shown(apath)}: line {r['_line']}: unknown Kiel measure {r['measure']!r}")
        value = dec(_scaled(apath, r, "military_aid_eur_m", 1000))
        note = PARTIAL_NOTE if status == "partial" else None
        table = figure_table(value, status, KIEL_SOURCE["id"], note, currency="EUR")
        cells.setdefault((r["code"], year), []).append(("ukraine_aid", table))
    if cells:
        used.append(KIEL_SOURCE)
    for r in read_csv(rpath):
        year = int(r["year"])
        has_figure = r["related_pct_gdp"].strip() or r["related_amount_nac_m"].strip()
        if r["code"] not in codes or year not in years or not has_figure:
            continue  # 2035 statements are targets, not spending; rows without a figure say nothing
        key = (r["code"], year)
        if key in RELATED_NOT_SHIPPED:
            continue
        if key not in RELATED_CLAIMS:
            raise BuildError(
                f"{shown(rpath)}: line {r['_line']}: {r['code']} {year} has a related figure: ship it "
                "(RELATED_CLAIMS) or say why not (RELATED_NOT_SHIPPED) in scripts/build_presets.py"
            )
        source, note = RELATED_CLAIMS[key]
        share = dec(_scaled(rpath, r, "related_pct_gdp", 100))
        cells.setdefault(key, []).append(
            ("related_share", figure_table(share, "national-claim", source["id"], note))
        )
        used.append(source)
    return cells, used


def build_release(sources_dir: Path) -> Built:
    """``nato-2026.toml``: NATO's 2026 release, every ally and year, from the two release CSVs."""
    rpath, tpath = sources_dir / RELEASE_CSV, sources_dir / TOTALS_CSV
    rows, totals = read_csv(rpath), read_csv(tpath)
    years = sorted({int(r["year"]) for r in rows})
    if not years:
        raise BuildError(f"{shown(rpath)}: no rows")
    members: dict[str, dict] = {}
    for r in rows:
        if r["vintage"] != RELEASE_VINTAGE:
            raise BuildError(
                f"{shown(rpath)}: line {r['_line']}: vintage {r['vintage']!r}, expected {RELEASE_VINTAGE}"
            )
        m = members.setdefault(r["code"], {"name": r["name"], "rows": {}, "currency": None})
        m["rows"][int(r["year"])] = r
    agg: dict[str, dict[int, dict]] = {}
    for r in totals:
        if r["code"] in AGGREGATES:
            agg.setdefault(r["code"], {})[int(r["year"])] = r
    for code in AGGREGATES:
        if sorted(agg.get(code, {})) != years:
            raise BuildError(f"{shown(tpath)}: {code} does not cover the years {years[0]}-{years[-1]}")

    def figures(r: dict) -> list[tuple[str, str]]:
        out = [
            ("core_share", dec(_scaled(rpath, r, "pct_gdp", 100))),
            ("core_national", dec(_scaled(rpath, r, "defence_nac_current_m", 1000))),
            ("core", dec(_scaled(rpath, r, "defence_usd_current_m", 1000))),
            ("core_constant", dec(_scaled(rpath, r, "defence_usd_2021_m", 1000))),
            ("gdp", dec(_scaled(rpath, r, "gdp_usd_current_m", 1000))),
            ("equipment_share", dec(_scaled(rpath, r, "equipment_pct", 100))),
        ]
        return out

    body: dict[str, dict] = {}
    for code, m in members.items():
        if sorted(m["rows"]) != years:
            raise BuildError(f"{shown(rpath)}: {code} does not cover the years {years[0]}-{years[-1]}")
        if code == "ISL":
            continue
        codes = {currency_code(rpath, r) for r in m["rows"].values()}
        if len(codes) != 1:
            raise BuildError(
                f"{shown(rpath)}: {code} has more than one currency ({', '.join(sorted(codes))})"
            )
        body[code] = {
            "currency": codes.pop(),
            "rows": [(y, m["rows"][y]["estimate"] == "true", figures(m["rows"][y])) for y in years],
        }
    if "ISL" not in members:
        raise BuildError(f"{shown(rpath)}: no rows for ISL (Iceland is kept with status not-applicable)")
    # Iceland: GDP = NATO's total GDP (which includes it) minus the allies in NATO that year
    isl_rows = []
    for y in years:
        total = _scaled(tpath, agg["NATO"][y], "gdp_usd_current_m", 1000)
        others = sum(
            (
                _scaled(rpath, members[c]["rows"][y], "gdp_usd_current_m", 1000)
                for c in body
                if JOINED.get(c, 0) <= y
            ),
            Decimal(0),
        )
        gdp = total - others
        if gdp <= 0:
            raise BuildError(
                f"{shown(tpath)}: NATO total GDP {y} is not above the allies' sum: cannot derive Iceland's"
            )
        isl_rows.append((y, members["ISL"]["rows"][y]["estimate"] == "true", [("gdp", dec(gdp))]))
    body["ISL"] = {"currency": "ISK", "rows": isl_rows}
    extra, extra_sources = aid_and_related(sources_dir, years, set(body))
    for code, m in body.items():
        m["rows"] = [(y, est, figs + extra.get((code, y), [])) for y, est, figs in m["rows"]]
    aggregates = {}
    for code, (gid, label) in AGGREGATES.items():
        arows = []
        for y in years:
            r = agg[code][y]
            arows.append((y, r["estimate"] == "true", [
                ("core_share", dec(_scaled(tpath, r, "pct_gdp", 100))),
                ("core", dec(_scaled(tpath, r, "defence_usd_current_m", 1000))),
                ("core_constant", dec(_scaled(tpath, r, "defence_usd_2021_m", 1000))),
                ("gdp", dec(_scaled(tpath, r, "gdp_usd_current_m", 1000))),
                ("real_change", dec(_scaled(tpath, r, "real_change_pct", 100))),
            ]))  # fmt: skip  # hand-wrapped: one entry a line reads better than ruff's layout
        aggregates[gid] = (label, arows)
    order = sorted(body, key=lambda c: members[c]["name"].replace("Türkiye", "Turkiye"))
    text = render_release(years, {c: (members[c]["name"], body[c]) for c in order}, aggregates, extra_sources)
    bench_sources = {b["source"] for b in BENCHMARKS_2026}
    return Built(f"{RELEASE_ID}.toml", text, len(order), 1 + len(bench_sources) + len(extra_sources))


def render_release(
    years: list[int], members: dict[str, tuple[str, dict]], aggregates: dict, extra_sources: list[dict] = ()
) -> str:
    """The exact text of ``nato-2026.toml`` (schema 2)."""
    first, last = years[0], years[-1]
    L: list[str] = [
        f"# {RELEASE_ID}: NATO allies {first}-{last} (July 2026 release), every year NATO publishes",
        "# Generated by scripts/build_presets.py from presets/sources/ (nato_2026_release.csv,",
        "# nato_2026_totals.csv, ukraine_aid.csv, related_spending.csv); edit the script, not this",
        '# file. Format: docs/presets.md (schema 2). Ukraine aid: Kiel\'s EUR (currency = "EUR").',
        "# Money: USD bn (NATO's US$ m / 1000), current prices unless core_constant (2021 prices);",
        "# core_national: bn of the ally's own currency. Shares: fractions (0.0269 = 2.69 %).",
        "schema_version = 2",
        f"id = {q(RELEASE_ID)}",
        f"label = {q('NATO allies, July 2026 release')}",
        'currency = "USD"',
        "description = "
        + q(
            f"NATO's July 2026 release: core defence expenditure of every ally {first}-{last} "
            "(restated on the core definition of the 3.5 % guideline), in national currency, in US "
            "dollars at current and 2021 prices, as a share of GDP, with NATO's own GDP and the "
            "equipment share. 2025 and 2026 are NATO estimates."
        ),
        "",
        "[release]",
        'publisher = "NATO"',
        f"title = {q(f'Defence Expenditure of NATO Countries ({first}-{last})')}",
        "published = 2026-07-07",
        "cutoff = 2026-07-03",
        f"url = {q(RELEASE_SOURCE['url'])}",
        'credit = "Source: NATO"',
        "next_expected = 2027-07-31",
        f"source = {q(RELEASE_SOURCE['id'])}",
        "note = "
        + q(
            "Published 7 July 2026 (NATO news release; the workbook is dated 9-10 July). NATO's totals "
            "for a year cover the allies in NATO that year (Montenegro from 2017, North Macedonia "
            "from 2020, Finland from 2023, Sweden from 2024), while each ally's own rows go back to 2014."
        ),
        "",
        "[release.tables]",
    ]
    L += [f"{k} = {q(v)}" for k, v in RELEASE_TABLES]
    L += [
        "",
        *TARGETS_BLOCK,
    ]
    bench_sources = sorted({b["source"] for b in BENCHMARKS_2026})
    for s in (
        [RELEASE_SOURCE]
        + [{"id": sid, **BENCHMARK_SOURCES[sid]} for sid in bench_sources]
        + list(extra_sources)
    ):
        L += ["", "[[sources]]"]
        L += [f"{k} = {q(s[k])}" for k in ("id", "title", "publisher", "url", "note") if s.get(k)]
    L += [
        "",
        "[groups]",
        "# EU member states in NATO plus the UK: the IISS comparator for 'European' spending.",
        "eu-uk = [" + ", ".join(q(c) for c in members if c in EU or c == "GBR") + "]",
        "",
        "[group_labels]",
        'eu-uk = "EU + UK"',
    ]
    L += benchmark_lines(BENCHMARKS_2026)

    def rows(items) -> list[str]:
        out = ["years = ["]
        for y, estimate, figs in items:
            cells = [f"year = {y}", f"estimate = {'true' if estimate else 'false'}"] + [
                f"{k} = {v}" for k, v in figs
            ]
            out.append("  { " + ", ".join(cells) + " },")
        return out + ["]"]

    for gid, (label, arows) in aggregates.items():
        L += ["", f"[aggregates.{gid}]", f"label = {q(label)}", f"source = {q(RELEASE_SOURCE['id'])}"]
        L += rows(arows)
    for code, (name, m) in members.items():
        L += ["", f"[members.{code}]", f"name = {q(name)}", f"currency = {q(m['currency'])}"]
        if code in JOINED:
            L.append(f"joined = {JOINED[code]}")
        if code == "ISL":
            L.append('status = "not-applicable"')
            L.append(
                "gdp_note = "
                + q(
                    "DERIVED: NATO's total GDP (Table 5, which includes Iceland's) minus the allies in NATO "
                    "that year; NATO prints no Iceland row."
                )
            )
            L.append(f"note = {q(ISL_NOTE)}")
        elif code in RELEASE_NOTES:
            L.append(f"note = {q(RELEASE_NOTES[code])}")
        L.append(f"source = {q(RELEASE_SOURCE['id'])}")
        L += rows(m["rows"])
    return "\n".join(L) + "\n"


def render_preset(spec, sources, members, groups, bench_sources) -> str:
    """The exact text of one preset file."""
    L: list[str] = []
    L.append(f"# {spec['id']}: {spec['label']}")
    L.append("# Generated by scripts/build_presets.py from presets/sources/ (nato_pct_gdp.csv,")

    L.append("# gdp_imf_weo_oct2025.csv); edit the script, not this file. Money: USD bn at current")
    L.append("# prices. Shares: fractions of GDP (0.0448 = 4.48 %). Related spending (the Hague 1.5 %")
    L.append("# category) is not published per ally yet, so it is left unknown.")
    L.append("schema_version = 1")
    L.append(f"id = {q(spec['id'])}")
    L.append(f"label = {q(spec['label'])}")
    L.append(f"year = {spec['year']}")
    L.append('currency = "USD"')
    L.append(f"description = {q(spec['description'])}")
    L.append("")
    L += TARGETS_BLOCK
    all_sources = (
        [IMF_SOURCE]
        + list(sources.values())
        + [{"id": sid, **BENCHMARK_SOURCES[sid]} for sid in sorted(bench_sources)]
    )
    for s in all_sources:
        L.append("")
        L.append("[[sources]]")
        for k in ("id", "title", "publisher", "url"):
            if s.get(k):
                L.append(f"{k} = {q(s[k])}")
        if s.get("accessed"):
            L.append(f"accessed = {s['accessed']}")
        if s.get("note"):
            L.append(f"note = {q(s['note'])}")
    L.append("")
    L.append("[groups]")
    L.append("# EU member states in NATO plus the UK: the IISS comparator for 'European' spending.")
    L.append("eu-uk = [" + ", ".join(q(c) for c in groups["eu-uk"]) + "]")
    L.append("")
    L.append("[group_labels]")
    L.append('eu-uk = "EU + UK"')
    L += benchmark_lines(spec["benchmarks"])
    for code, name, gdp_value, gdp_status, core, note, comment in members:
        L.append("")
        if comment:
            short = re.sub(r"defence_usd_m from starsinsider.*?(?=;|$)", "", comment)
            short = re.sub(r";\s*;", ";", short).strip("; ")
            L.extend(wrap_comment(f"{code}: {short}"))
        L.append(f"[members.{code}]")
        L.append(f"name = {q(name)}")
        st = f", status = {q(gdp_status)}" if gdp_status else ""
        L.append(f"gdp = {{ value = {gdp_value}{st}, source = {q(IMF_SOURCE['id'])} }}")
        value, status, sid = core
        st = f", status = {q(status)}" if status else ""
        L.append(f"core_share = {{ value = {value}{st}, source = {q(sid)} }}")
        L.append(f"source = {q(sid)}")
        if note:
            L.append(f"note = {q(note)}")
    return "\n".join(L) + "\n"


def gdp_status_of(note: str) -> str | None:
    """``projection`` when the note's ``GDP:`` clause says the GDP figure is an IMF projection.

    Only that clause counts: the notes also describe the population figure (``population: IMF
    projection/estimate``), which says nothing about GDP (the United Kingdom's 2024 GDP is
    actual data although its population is projected)."""
    for clause in note.split(";"):
        clause = clause.strip()
        if clause.lower().startswith("gdp:"):
            return "projection" if "projection" in clause.lower() else None
    return None


def first_difference(shipped: bytes, rebuilt: bytes) -> str:
    """Where two files first differ: ``line N: shipped ..., rebuilt ...`` (lines shown with repr,
    so a stray space, tab or line ending is visible)."""
    old, new = shipped.splitlines(keepends=True), rebuilt.splitlines(keepends=True)
    for n, (a, b) in enumerate(zip(old, new), 1):
        if a != b:
            return f"line {n}: shipped {clip(a)}, rebuilt {clip(b)}"
    n = min(len(old), len(new)) + 1
    if len(old) > len(new):
        return f"line {n}: shipped {clip(old[n - 1])}, rebuilt ends before it"
    return f"line {n}: shipped ends before it, rebuilt {clip(new[n - 1])}"


def clip(line: bytes, limit: int = 120) -> str:
    text = repr(line.decode("utf-8", "backslashreplace"))
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def check(presets_dir: Path, sources_dir: Path) -> tuple[int, list[str]]:
    """Rebuild every preset in memory and compare it byte for byte with ``presets_dir``.

    Returns the number of presets rebuilt and one line per difference: a preset whose file
    differs (with its first differing line), is missing, or a ``*.toml`` there that the build
    does not make (a shipped preset nothing rebuilds)."""
    built = build(sources_dir)
    problems = []
    for b in built:
        path = presets_dir / b.name
        try:
            shipped = path.read_bytes()
        except FileNotFoundError:
            problems.append(f"{shown(path)}: missing (the build makes it)")
            continue
        except OSError as e:
            raise BuildError(f"{shown(path)}: cannot be read ({e.strerror or e})") from None
        if shipped != b.text.encode("utf-8"):
            problems.append(
                f"{shown(path)}: differs from its rebuild at {first_difference(shipped, b.text.encode())}"
            )
    made = {b.name for b in built}
    for path in sorted(presets_dir.glob("*.toml")):
        if path.name not in made:
            problems.append(f"{shown(path)}: shipped, but scripts/build_presets.py does not build it")
    return len(built), problems


def write(presets_dir: Path, sources_dir: Path) -> list[str]:
    """Rebuild every preset and write it to ``presets_dir`` atomically (each file whole, old or
    new, whatever happens mid-write). Returns one line per file written."""
    built = build(sources_dir)  # all built before any is written: a bad input writes nothing
    done = []
    for b in built:
        path = presets_dir / b.name
        try:
            atomic_write(path, b.text)
        except OutputError as e:
            raise BuildError(str(e)) from None
        done.append(f"wrote {shown(path)} ({b.members} members, {b.sources} sources)")
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="build_presets.py",
        description="Build the shipped presets (presets/*.toml) from presets/sources/.",
    )
    ap.add_argument(
        "--check",
        action="store_true",
        help="rebuild every preset in memory and exit 1 if any differs byte for byte from the "
        "file in the presets folder (nothing is written)",
    )
    ap.add_argument("--sources-dir", type=Path, default=SOURCES_DIR, metavar="DIR",
                    help="the folder of input files (default: presets/sources)")  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
    ap.add_argument("--presets-dir", type=Path, default=PRESETS_DIR, metavar="DIR",
                    help="the folder the presets are written to or checked against (default: presets)")  # fmt: skip  # hand-wrapped: ruff's layout takes 5 more lines
    args = ap.parse_args(argv)
    try:
        if not args.presets_dir.is_dir():
            raise BuildError(f"{shown(args.presets_dir)}: no such folder")
        if args.check:
            n, problems = check(args.presets_dir, args.sources_dir)
            for line in problems:
                print(line, file=sys.stderr)
            if problems:
                print(
                    f"{len(problems)} of {n} presets differ: run python scripts/build_presets.py",
                    file=sys.stderr,
                )
                return 1
            print(f"ok: {n} presets rebuilt identically")
            return 0
        for line in write(args.presets_dir, args.sources_dir):
            print(line)
        return 0
    except BuildError as e:
        print(f"build_presets.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
