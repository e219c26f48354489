"""Loading presets: good files, every kind of bad file with its located message, the cache."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import pytest

from calc.errors import PresetError, UnknownPresetError
from calc.files.presets import (
    find_presets,
    load_by_id,
    load_preset,
    resolve_preset,
    shipped_dir,
)

GOOD = """\
schema_version = 1
id = "{id}"
label = "Test"
year = 2025

[[sources]]
id = "src"
title = "Test source"

[members.DEU]
name = "Germany"
gdp = 5000.5
core_share = 0.02
source = "src"

[members.POL]
name = "Poland"
gdp = {{ value = 1000, status = "projection" }}
core = {{ value = 44.8, source = "src", note = "NATO estimate" }}
related_share = 0.001
"""


def write(tmp_path: Path, text: str, name: str = "bad") -> Path:
    p = tmp_path / f"{name}.toml"
    p.write_text(text, encoding="utf-8")
    return p


def load_error(tmp_path: Path, text: str, name: str = "bad") -> str:
    with pytest.raises(PresetError) as e:
        load_preset(write(tmp_path, text, name), use_cache=False)
    return e.value.msg


def test_a_good_file_loads_with_exact_decimals_statuses_and_sources(tmp_path):
    p = load_preset(write(tmp_path, GOOD.format(id="good"), "good"), use_cache=False)
    assert p.id == "good" and p.year == 2025 and p.currency == "USD"
    deu, pol = p.members
    assert deu.gdp.value == D("5000.5")
    assert deu.core.share is True and deu.core.value == D("0.02")
    assert deu.core.source == "src"  # from the member's default source
    assert pol.gdp.status == "projection"
    assert pol.core.value == D("44.8") and pol.core.note == "NATO estimate"
    assert pol.related.share is True and pol.related.value == D("0.001")
    assert deu.related is None
    assert p.targets.core == D("0.035") and p.targets.deadline == 2035


BAD = [
    # (description, replace this, with this, expected message)
    ("negative GDP", "gdp = 5000.5", "gdp = -1", "bad.toml: members.DEU.gdp: must be greater than 0"),
    ("zero GDP", "gdp = 5000.5", "gdp = 0", "bad.toml: members.DEU.gdp: must be greater than 0"),
    (
        "misspelt key",
        "gdp = 5000.5",
        "gpd = 5000.5",
        "bad.toml: members.DEU.gpd: unknown key 'gpd' (did you mean 'gdp'?)",
    ),
    (
        "misspelt top-level key",
        'label = "Test"',
        'lable = "Test"',
        "bad.toml: lable: unknown key 'lable' (did you mean 'label'?)",
    ),
    (
        "both core and core_share",
        "core_share = 0.02",
        "core_share = 0.02\ncore = 100",
        "bad.toml: members.DEU: give exactly one of 'core' (USD bn) or 'core_share' (fraction of GDP)",
    ),
    (
        "neither core nor core_share",
        "core_share = 0.02\n",
        "",
        "bad.toml: members.DEU: give exactly one of 'core'",
    ),
    (
        "share above 1",
        "core_share = 0.02",
        "core_share = 2.4",
        "bad.toml: members.DEU.core_share: must be less than or equal to 1",
    ),
    (
        "negative share",
        "related_share = 0.001",
        "related_share = -0.001",
        "bad.toml: members.POL.related_share: must be greater than or equal to 0",
    ),
    ("nan", "gdp = 5000.5", "gdp = nan", "bad.toml: members.DEU.gdp: must be a finite number"),
    (
        "inf",
        "core_share = 0.02",
        "core_share = inf",
        "bad.toml: members.DEU.core_share: must be a finite number",
    ),
    (
        "number as a string",
        "gdp = 5000.5",
        'gdp = "5000.5"',
        "bad.toml: members.DEU.gdp: must be a number, not a string",
    ),
    (
        "boolean as a number",
        "gdp = 5000.5",
        "gdp = true",
        "bad.toml: members.DEU.gdp: must be a number, not a boolean",
    ),
    (
        "unknown source id",
        'source = "src"\n\n[members.POL]',
        'source = "scr"\n\n[members.POL]',
        "bad.toml: members.DEU.source: unknown source id 'scr' (did you mean 'src'?)",
    ),
    (
        "unknown source id in a value",
        'source = "src", note',
        'source = "nato", note',
        "bad.toml: members.POL.core.source: unknown source id 'nato'",
    ),
    (
        "lower-case code",
        "[members.DEU]",
        "[members.deu]",
        "bad.toml: members.deu: key 'deu' must be 3 upper-case letters (ISO 3166-1 alpha-3, e.g. 'POL')",
    ),
    (
        "four-letter code",
        "[members.DEU]",
        "[members.DEUT]",
        "bad.toml: members.DEUT: key 'DEUT' must be 3 upper-case letters",
    ),
    (
        "duplicate key",
        "gdp = 5000.5",
        "gdp = 5000.5\ngdp = 1",
        "bad.toml: line 13, column 8: invalid TOML: cannot overwrite a value (duplicate key?)",
    ),
    (
        "duplicate member",
        '[members.POL]\nname = "Poland"',
        '[members.DEU]\nname = "Poland"',
        "invalid TOML: cannot declare ('members', 'DEU') twice",
    ),
    ("wrong type for year", "year = 2025", 'year = "2025"', "bad.toml: year: must be a whole number"),
    (
        "year out of range",
        "year = 2025",
        "year = 1900",
        "bad.toml: year: must be greater than or equal to 1949",
    ),
    (
        "misspelt status",
        'status = "projection"',
        'status = "projektion"',
        "bad.toml: members.POL.gdp.status: 'projektion' is not allowed; must be",
    ),
    (
        "misspelt key in a value table",
        "value = 1000,",
        "valu = 1000,",
        "bad.toml: members.POL.gdp.valu: unknown key 'valu' (did you mean 'value'?)",
    ),
    (
        "missing value in a value table",
        "value = 1000,",
        "",
        "bad.toml: members.POL.gdp.value: required key is missing",
    ),
    ("missing name", 'name = "Germany"\n', "", "bad.toml: members.DEU.name: required key is missing"),
    (
        "wrong schema version",
        "schema_version = 1",
        "schema_version = 3",
        "bad.toml: schema_version: must be 1 or 2 (2: a release with every year, docs/presets.md)",
    ),
    (
        "bad currency",
        "year = 2025",
        'year = 2025\ncurrency = "EUR"',
        "bad.toml: currency: 'EUR' is not allowed; must be 'USD'",
    ),
    (
        "misspelt target",
        "year = 2025",
        "year = 2025\n[targets]\ncor = 0.03",
        "bad.toml: targets.cor: unknown key 'cor' (did you mean 'core'?)",
    ),
    (
        "target above 1",
        "year = 2025",
        "year = 2025\n[targets]\ncore = 3.5",
        "bad.toml: targets.core: must be less than or equal to 1",
    ),
    (
        "id that is not kebab-case",
        'id = "bad"',
        'id = "Bad_File"',
        "bad.toml: id: 'Bad_File' must be kebab-case",
    ),
    (
        "id unlike the file name",
        'id = "bad"',
        'id = "other"',
        "bad.toml: id: 'other' must equal the file name without .toml ('bad')",
    ),
    (
        "sources not an array of tables",
        '[[sources]]\nid = "src"\ntitle = "Test source"',
        'sources = "src"',
        "bad.toml: sources: must be an array",
    ),
    (
        "group with an unknown member",
        "year = 2025",
        'year = 2025\n[groups]\nbaltic = ["EST", "DEU"]',
        "bad.toml: groups.baltic[1]: unknown member 'EST'",
    ),
    (
        "group named like a built-in",
        "year = 2025",
        'year = 2025\n[groups]\nnato = ["DEU"]',
        "bad.toml: groups.nato: 'nato' is a built-in group; choose another id",
    ),
    (
        "GDP below USD 1,000",
        "gdp = 5000.5",
        "gdp = 0.0000001",
        "bad.toml: members.DEU.gdp: must be at least 0.000001 (USD 1,000)",
    ),
]


@pytest.mark.parametrize("what,old,new,expected", BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_names_the_file_the_location_and_the_problem(tmp_path, what, old, new, expected):
    text = GOOD.format(id="bad")
    assert old in text, f"test setup: {old!r} not in the good file"
    msg = load_error(tmp_path, text.replace(old, new, 1))
    assert expected in msg, msg
    assert "Traceback" not in msg and "pydantic" not in msg


def test_an_empty_member_table_is_refused(tmp_path):
    text = GOOD.format(id="bad").split("[members.DEU]")[0] + "[members]\n"
    assert "bad.toml: members: must not be empty" in load_error(tmp_path, text)


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    text = (
        GOOD.format(id="bad").replace("gdp = 5000.5", "gdp = -1").replace('label = "Test"', 'lable = "Test"')
    )
    msg = load_error(tmp_path, text)
    assert "members.DEU.gdp: must be greater than 0" in msg
    assert "lable: unknown key 'lable'" in msg
    assert "label: required key is missing" in msg


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"", "bad.toml: file is empty"),
        (b"   \n\n", "bad.toml: file is empty"),
        (b"\xff\xfe garbage", "bad.toml: line 1: not UTF-8 text (byte 0xff)"),
        (b"schema_version = 1\x00\x01", "binary data (NUL byte)"),
        (b"schema_version = ", "bad.toml: end of file: invalid TOML"),
        (b"[members.DEU\n", "bad.toml: line 1, column 13: invalid TOML"),
    ],
)
def test_unreadable_content_gets_a_clear_error(tmp_path, content, expected):
    p = tmp_path / "bad.toml"
    p.write_bytes(content)
    with pytest.raises(PresetError) as e:
        load_preset(p, use_cache=False)
    assert expected in e.value.msg


def test_a_utf8_bom_and_crlf_line_endings_are_accepted(tmp_path):
    text = GOOD.format(id="bom").replace("\n", "\r\n")
    p = tmp_path / "bom.toml"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_preset(p, use_cache=False).id == "bom"


def test_missing_files_and_directories_are_reported_not_raised(tmp_path):
    with pytest.raises(PresetError, match="nope.toml: file not found"):
        load_preset(tmp_path / "nope.toml")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(PresetError, match="dir.toml: is a directory"):
        load_preset(tmp_path / "dir.toml")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported(tmp_path):
    p = write(tmp_path, GOOD.format(id="locked"), "locked")
    p.chmod(0)
    with pytest.raises(PresetError, match="permission denied"):
        load_preset(p)


def test_shipped_rules_require_a_source_for_every_figure(tmp_path):
    text = GOOD.format(id="ship")
    p = write(tmp_path, text, "ship")
    with pytest.raises(PresetError) as e:
        load_preset(p, shipped=True, use_cache=False)
    # POL has no member source and its gdp names none
    assert "members.POL.gdp: shipped presets name a source for every figure" in e.value.msg
    assert "members.DEU" not in e.value.msg


# ---- the cache -------------------------------------------------------------------------------


def test_the_cache_returns_an_equal_preset_and_notices_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    p = write(tmp_path, GOOD.format(id="cached"), "cached")
    first = load_preset(p)
    assert list((tmp_path / "cache").glob("*.json"))
    second = load_preset(p)
    assert first == second
    p.write_text(GOOD.format(id="cached").replace("5000.5", "6000"))
    assert load_preset(p).members[0].gdp.value == D(6000)
    # a broken file is never served from the cache
    p.write_text("garbage = ")
    with pytest.raises(PresetError):
        load_preset(p)


def test_a_warm_load_reads_what_the_files_hold_not_the_size_limits(tmp_path, monkeypatch):
    """The cache entry and the preset file are read at their size: f.read(limit) first
    allocated the whole limit (32 MiB for the cache, 16 MiB for the file) at every start."""
    import tracemalloc

    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    p = write(tmp_path, GOOD.format(id="lean"), "lean")
    first = load_preset(p)  # fills the cache
    tracemalloc.start()
    try:
        again = load_preset(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert again == first
    assert peak < 2 * 1024 * 1024, f"a warm load of a small preset peaked at {peak / 2**20:.1f} MiB"


def test_a_file_that_grows_while_read_is_read_to_the_limit(tmp_path):
    """The size stat gave is a first read; what a file holds beyond it is read on, so a
    too-large file is refused as before."""
    from calc.files import tomlio

    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 10)
    real_stat = Path.stat

    def stale_stat(self, *a, **kw):  # the size before the file grew to 3 bytes over the limit
        st = real_stat(self, *a, **kw)
        return os.stat_result((st.st_mode, *tuple(st)[1:6], 10, *tuple(st)[7:]))

    big.write_bytes(b"x" * (tomlio.MAX_FILE_BYTES + 3))
    try:
        Path.stat = stale_stat  # type: ignore[method-assign]  # a file growing between stat and read
        with pytest.raises(PresetError, match="too large"):
            tomlio.read_bytes(big, PresetError)
    finally:
        Path.stat = real_stat  # type: ignore[method-assign]


def test_a_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    p = write(tmp_path, GOOD.format(id="dmg"), "dmg")
    load_preset(p)
    for f in (tmp_path / "cache").glob("*.json"):
        f.write_bytes(b"not json")
    assert load_preset(p).id == "dmg"


def test_an_unwritable_cache_folder_does_not_stop_loading(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(blocker / "sub"))
    assert load_preset(write(tmp_path, GOOD.format(id="nc"), "nc")).id == "nc"


def test_the_warm_cache_path_does_not_import_pydantic(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from calc.files.presets import load_by_id; load_by_id(None); "
        "print('pydantic' in sys.modules)"
    )
    env = {**os.environ, "NATO_CALC_CACHE_DIR": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


RELEASE = Path(__file__).resolve().parents[2] / "presets" / "nato-2026.toml"


def _cached_release(tmp_path, monkeypatch):
    """nato-2026 copied to ``tmp_path`` (so it can be changed), loaded once to fill a cache of
    its own, then loaded again from that cache; with the preset parsed without the cache."""
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NATO_CALC_NO_CACHE", raising=False)
    path = tmp_path / "nato-2026.toml"
    path.write_bytes(RELEASE.read_bytes())
    parsed = load_preset(path, shipped=True, use_cache=False)
    load_preset(path, shipped=True)
    return path, parsed, load_preset(path, shipped=True)


def _parsed(preset) -> set[str]:
    """The fields of the preset's timeline parsed so far."""
    return {f for f in ("years", "members", "aggregates", "currencies") if preset.timeline._parsed(f)}


def test_a_cached_release_parses_its_timeline_only_when_it_is_first_read(tmp_path, monkeypatch):
    from calc.files.presets import LazyTimeline

    _, parsed, cached = _cached_release(tmp_path, monkeypatch)
    assert isinstance(cached.timeline, LazyTimeline) and _parsed(cached) == set()
    assert cached.members == parsed.members and cached.year == 2026
    assert _parsed(cached) == set()  # the year shown needs no other year
    assert cached.timeline.aggregate("nato") == parsed.timeline.aggregate("nato")
    assert _parsed(cached) == {"aggregates"}  # NATO's printed totals, not the allies' rows
    assert cached.timeline.series("POL") == parsed.timeline.series("POL")
    assert _parsed(cached) == {"aggregates", "members"}
    assert cached == parsed and parsed == cached and hash(cached.timeline) == hash(parsed.timeline)
    assert cached.timeline.years == tuple(range(2014, 2027))


def test_another_year_of_a_cached_release_equals_the_parsed_one(tmp_path, monkeypatch):
    from calc.files.presets import preset_fingerprint

    path, parsed, cached = _cached_release(tmp_path, monkeypatch)
    assert load_preset(path, shipped=True, year=2019) == load_preset(
        path, shipped=True, year=2019, use_cache=False
    )
    # what a saved scenario records of its base does not depend on the cache
    assert preset_fingerprint(cached) == preset_fingerprint(parsed)


def _damaged_timeline(tmp_path, monkeypatch):
    """A cached nato-2026 whose timeline text was damaged in the cache, loaded from it; the
    file, and the preset parsed without the cache."""
    import json

    path, parsed, _ = _cached_release(tmp_path, monkeypatch)
    (entry,) = (tmp_path / "cache").glob("*.json")
    doc = json.loads(entry.read_text())
    doc["timeline"]["$tl"] = "[2014, damaged"
    entry.write_text(json.dumps(doc))
    return path, parsed, load_preset(path, shipped=True)


def test_a_damaged_cached_timeline_is_read_from_the_unchanged_file_again(tmp_path, monkeypatch):
    path, parsed, cached = _damaged_timeline(tmp_path, monkeypatch)
    assert cached.timeline.series("DEU") == parsed.timeline.series("DEU")
    assert cached == parsed


def test_a_damaged_cached_timeline_of_a_changed_file_is_one_clear_error(tmp_path, monkeypatch):
    path, _, cached = _damaged_timeline(tmp_path, monkeypatch)
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    with pytest.raises(PresetError) as e:
        cached.timeline.series("DEU")
    assert e.value.msg.endswith("nato-2026.toml: file: changed since it was loaded; open it again")


def test_choosing_the_default_preset_builds_no_preset_from_a_warm_cache(tmp_path, monkeypatch):
    import json

    from calc.files import presets

    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    assert resolve_preset(None).id == "nato-2026"  # fills the cache
    built, parsed = [], []
    decode, loads = presets._decode, json.loads
    monkeypatch.setattr(presets, "_decode", lambda raw: built.append(raw) or decode(raw))
    monkeypatch.setattr(json, "loads", lambda raw, **kw: parsed.append(raw) or loads(raw, **kw))
    assert resolve_preset(None).id == "nato-2026"
    assert built == parsed == []  # each entry's year and release date are read from its first bytes
    assert load_by_id(None).id == "nato-2026" and len(built) == 1


def test_a_cache_entry_that_does_not_start_as_written_is_read_in_full_to_choose_the_default(
    tmp_path, monkeypatch
):
    import json

    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "cache"))
    assert resolve_preset(None).id == "nato-2026"
    for entry in (tmp_path / "cache").glob("*.json"):  # the same entries, keys in another order
        entry.write_text(json.dumps(json.loads(entry.read_text()), sort_keys=True))
    assert resolve_preset(None).id == "nato-2026"
    assert load_by_id(None) == load_by_id(None)


# ---- finding presets ---------------------------------------------------------------------------


def test_the_shipped_presets_are_found_and_the_default_is_the_newest_nato_preset():
    ids = [r.id for r in find_presets()]
    assert {"nato-2024", "nato-2024-revised", "nato-2025", "nato-2026"} <= set(ids)
    assert resolve_preset(None).id == "nato-2026"


def test_an_unknown_preset_lists_the_available_ones_with_a_suggestion():
    with pytest.raises(UnknownPresetError) as e:
        resolve_preset("nato-2205")
    assert "unknown preset 'nato-2205' (did you mean 'nato-2025'?)" in e.value.msg
    assert "nato-2024-revised" in e.value.msg


def test_user_preset_folders_come_first_and_can_come_from_the_environment(tmp_path, monkeypatch):
    write(tmp_path, GOOD.format(id="mine"), "mine")
    assert load_by_id("mine", [tmp_path]).id == "mine"
    monkeypatch.setenv("NATO_CALC_PRESETS", str(tmp_path))
    assert resolve_preset("mine").path == tmp_path / "mine.toml"
    assert resolve_preset("mine").shipped is False


def test_the_shipped_folder_is_inside_the_installed_package_or_the_checkout():
    import calc

    pkg = Path(calc.__file__).resolve().parent
    d = shipped_dir()
    assert d in (pkg / "presets", pkg.parent / "presets")
    assert (d / "nato-2025.toml").is_file()
