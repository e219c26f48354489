"""Finding, loading and validating preset files.

Where presets come from, first match wins:

1. folders given with ``--presets-dir DIR`` (repeatable),
2. folders listed in the ``NATO_CALC_PRESETS`` environment variable (``os.pathsep``-separated),
3. the presets shipped with nato-calc (``calc/presets`` inside the installed package, or the
   top-level ``presets/`` folder of a source checkout).

A preset's id is its file name without ``.toml`` and must equal the ``id`` inside the file.

Validated presets are cached by content hash (``NATO_CALC_CACHE_DIR``, default
``$XDG_CACHE_HOME/nato-calc`` or ``~/.cache/nato-calc``): loading an unchanged file skips TOML
parsing and pydantic entirely, and a release's timeline (every year of every ally) is parsed
only when first read (:class:`LazyTimeline`): a report or the TUI's first screen needs the one
year its members hold. Entries are plain data (JSON, decimals as strings), never code;
the folder is used only when this user owns it and no one else can write it, links and
non-regular files there are never followed or opened, and it is kept to 64 entries and 32 MB.
``NATO_CALC_NO_CACHE=1`` turns the cache off. ``nato-calc validate`` never uses it.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.dataset import (
    NOT_APPLICABLE,
    Benchmark,
    Figure,
    Growth,
    Member,
    Preset,
    Release,
    Source,
    Targets,
    Timeline,
    YearFigures,
)
from ..errors import CalcError, Issue, PresetError, UnknownPresetError, UsageError, did_you_mean
from .tomlio import (
    atomic_write,
    display_path,
    is_dir,
    read_bytes,
)

try:  # CPython's own SHA-256: the same digests as hashlib's, without loading OpenSSL (~2 ms)
    if sys.version_info >= (3, 12):
        from _sha2 import sha256
    else:
        from _sha256 import sha256  # type: ignore[import-not-found]  # (no stub)
except ImportError:  # pragma: no cover - a Python built without them
    from hashlib import sha256  # type: ignore[assignment,no-redef,unused-ignore]

if TYPE_CHECKING:  # pragma: no cover
    pass

ENV_PRESETS = "NATO_CALC_PRESETS"
ENV_CACHE_DIR = "NATO_CALC_CACHE_DIR"
ENV_NO_CACHE = "NATO_CALC_NO_CACHE"
#: Bump when the cached representation changes.
CACHE_FORMAT = b"nato-calc-preset-cache/4"

#: The package folder (calc/): this module is calc/files/presets.py.
_PKG = Path(__file__).resolve().parent.parent


def shipped_dir() -> Path:
    """The folder of presets shipped with nato-calc (inside the wheel, or the checkout's)."""
    inside = _PKG / "presets"
    if inside.is_dir():
        return inside
    checkout = _PKG.parent / "presets"
    if checkout.is_dir() and (_PKG.parent / "pyproject.toml").is_file():
        return checkout
    return inside  # not present: an empty list of shipped presets


@dataclass(frozen=True, slots=True)
class PresetRef:
    """A preset file found in one of the preset folders."""

    id: str
    path: Path
    shipped: bool


def preset_dirs(extra: Sequence[Path | str] = ()) -> list[tuple[Path, bool]]:
    """The preset folders in search order, each with whether it is the shipped one."""
    if any(not str(d).strip() for d in extra):
        from ..errors import UsageError

        raise UsageError("--presets-dir: needs a folder name, got an empty one")
    dirs: list[tuple[Path, bool]] = [(_folder(d, "--presets-dir"), False) for d in extra]
    env = os.environ.get(ENV_PRESETS, "")
    dirs += [(_folder(d, ENV_PRESETS), False) for d in env.split(os.pathsep) if d.strip()]
    dirs.append((shipped_dir(), True))
    return dirs


def _folder(text: str | Path, where: str) -> Path:
    """A preset folder as given (``~`` expanded); a usage error naming ``where`` when the
    name cannot be a folder (an unknown ``~user``, a NUL byte, a name too long)."""
    from .tomlio import typed_path

    try:
        return typed_path(str(text)) if str(text).startswith("~") else Path(text)
    except ValueError as e:
        from ..errors import UsageError

        raise UsageError(f"{where} {text}: {e}") from None


def find_presets(extra: Sequence[Path | str] = ()) -> list[PresetRef]:
    """Every preset file in the preset folders (first folder wins for a repeated id)."""
    seen: dict[str, PresetRef] = {}
    for folder, shipped in preset_dirs(extra):
        if not shipped and not is_dir(folder):
            from ..errors import UsageError

            raise UsageError(f"presets folder {display_path(folder)}: not found or not a folder")
        try:
            # regular files (and folders, reported as invalid); never a pipe or a device,
            # which would block the listing waiting for a writer
            files = sorted(f for f in folder.glob("*.toml") if f.is_file() or f.is_dir())
        except OSError:
            continue
        for f in files:
            seen.setdefault(f.stem, PresetRef(f.stem, f, shipped))
    return sorted(seen.values(), key=lambda r: r.id)


def resolve_preset(preset_id: str | None, extra: Sequence[Path | str] = ()) -> PresetRef:
    """The preset with this id, or the default preset when ``preset_id`` is None.

    Raises:
        UnknownPresetError: listing the available ids, with a did-you-mean.
    """
    refs = find_presets(extra)
    if preset_id is None:
        return default_preset(refs)
    for r in refs:
        if r.id == preset_id:
            return r
    ids = [r.id for r in refs]
    hint = did_you_mean(preset_id, ids)
    avail = ", ".join(ids) if ids else "none found"
    raise UnknownPresetError(f"unknown preset '{preset_id}'{hint}; available: {avail}")


def default_preset(refs: Sequence[PresetRef]) -> PresetRef:
    """The newest shipped NATO preset: highest year, then latest release date."""
    shipped = [r for r in refs if r.shipped and r.id.startswith("nato-")]
    if not shipped:
        shipped = [r for r in refs if r.shipped] or list(refs)
    if not shipped:
        raise UnknownPresetError("no presets found (the shipped presets folder is missing)")

    def key(r: PresetRef) -> tuple:
        return (*_year_released(r), r.id)

    return max(shipped, key=key)


def _year_released(r: PresetRef) -> tuple[int, str]:
    """A preset's year and release date (ISO, or ""): read from its cache entry when it has
    one, without building the preset, else by loading it (which fills the cache)."""
    data = read_bytes(r.path, PresetError)
    head = _cache_head(_cache_key(data, r.path, r.shipped))
    if head is not None:
        return head
    p = load_preset(r.path, shipped=r.shipped)
    return (p.year, p.released.isoformat() if p.released else "")


def previous_vintage(current: Preset, candidates: Sequence[Preset]) -> Preset | None:
    """The preset to set ``current`` against for "last year against this year": among
    ``candidates`` for an earlier year, the latest year, then the latest release (a revised
    edition of a year supersedes the first estimate); None when there is none."""
    earlier = [p for p in candidates if p.year < current.year and p.id != current.id]
    if not earlier:
        return None
    return max(earlier, key=lambda p: (p.year, p.released.isoformat() if p.released else "", p.id))


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


#: Bounds on the cache folder: beyond them the oldest entries are removed.
CACHE_MAX_ENTRIES = 64
CACHE_MAX_BYTES = 32 * 1024 * 1024
_SUFFIX = ".json"


def _cache_dir() -> Path | None:
    """The cache folder to use, or None (no cache).

    ``NATO_CALC_CACHE_DIR``, else ``$XDG_CACHE_HOME/nato-calc``, else ``$HOME/.cache/nato-calc``;
    a relative or empty setting means no cache (never the working folder or ``/.cache``).
    The folder is only used when it is a real folder (not a link) owned by this user that no
    one else may write, inside a folder others cannot rename it out of."""
    if os.environ.get(ENV_NO_CACHE):
        return None
    d = os.environ.get(ENV_CACHE_DIR)
    if d is not None and d != "":
        folder = Path(d)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg is not None:
            base = xdg
        else:
            home = os.environ.get("HOME")
            if home is None:
                try:
                    import pwd

                    home = pwd.getpwuid(os.geteuid()).pw_dir
                except (ImportError, KeyError):
                    return None
            base = os.path.join(home, ".cache") if home else ""
        if not base:
            return None
        folder = Path(base) / "nato-calc"
    if not folder.is_absolute():
        return None
    return folder if _private_folder(folder) else None


def _private_folder(folder: Path) -> bool:
    """Create ``folder`` (mode 0700) if needed; True when it is safe to use as the cache."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = os.lstat(folder)
        parent = os.lstat(folder.parent)
    except (OSError, ValueError):
        return False
    euid = os.geteuid() if hasattr(os, "geteuid") else None
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return False
    if euid is not None and st.st_uid != euid:
        return False
    # a parent others may write without the sticky bit lets them swap the folder
    if parent.st_mode & 0o002 and not parent.st_mode & stat.S_ISVTX:
        return False
    return True


def _code_stamp() -> bytes:
    parts = []
    # errors.py holds the rule for invisible characters in text
    for name in (
        "files/models.py",
        "files/presets.py",
        "files/preset_build.py",
        "domain/dataset.py",
        "files/tomlio.py",
        "errors.py",
    ):
        try:
            st = (_PKG / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(name)
    return ";".join(parts).encode()


def _cache_key(data: bytes, path: Path, shipped: bool) -> str:
    h = sha256(CACHE_FORMAT)
    h.update(_code_stamp())
    h.update(b"shipped" if shipped else b"user")
    h.update(path.stem.encode("utf-8", "surrogateescape"))
    h.update(data)
    return h.hexdigest()


# The cache holds plain data (JSON): a planted entry can at worst be a wrong preset for a file
# of that content, never code. Values are tagged so that they come back exactly.
_TYPES = {
    t.__name__: t
    for t in (Preset, Member, Figure, Targets, Source, Benchmark, Growth, Release, YearFigures, Timeline)
}
#: A timeline in a cache entry: one JSON string (``{"$tl": "..."}``), each field parsed only
#: when first used (history, a path's record, another year, a report's printed totals).
_TL = "$tl"
_ROW = tuple(f.name for f in fields(YearFigures))
#: A preset's entry starts with these fields, so that choosing the default preset reads its
#: year and release date from the entry's first bytes (:func:`_cache_head`).
_HEAD = ("id", "year", "released")
_HEAD_BYTES = 4096
_HEAD_RE = re.compile(
    rb'\{"\$t":"Preset","id":"(?:[^"\\]|\\.)*","year":(\d{1,4}),"released":(?:null|\{"\$date":"([0-9-]{10})"\})'
)


def _encode(v: Any, *, lazy_timeline: bool = True) -> Any:
    """Tagged plain data for JSON. A timeline becomes one compact JSON string unless
    ``lazy_timeline`` is false (then it is tagged like everything else, as fingerprints are)."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Decimal):
        return {"$d": str(v)}
    if isinstance(v, date):
        return {"$date": v.isoformat()}
    if isinstance(v, (tuple, list)):
        return [_encode(x, lazy_timeline=lazy_timeline) for x in v]
    if isinstance(v, frozenset):
        return {"$set": sorted(_encode(x, lazy_timeline=lazy_timeline) for x in v)}
    if isinstance(v, Timeline):
        if lazy_timeline:
            return {_TL: _timeline_text(v)}
        name = "Timeline"
    else:
        name = type(v).__name__
        if _TYPES.get(name) is not type(v):
            raise TypeError(f"cannot cache a {name}")
    names = [f.name for f in fields(v)]
    if name == "Preset":  # its year and release date first: see _cache_head
        names = [*_HEAD, *(n for n in names if n not in _HEAD)]
    return {"$t": name, **{n: _encode(getattr(v, n), lazy_timeline=lazy_timeline) for n in names}}


def _row_out(x: Any) -> Any:
    """A value of a year row: decimals as plain strings (most of a timeline), a string tagged,
    anything else (a figure with its status) as :func:`_encode` writes it."""
    if x is None or type(x) in (bool, int):
        return x
    if type(x) is Decimal:
        return str(x)
    if type(x) is str:
        return {"$str": x}
    return _encode(x)


def _timeline_text(t: Timeline) -> str:
    """A timeline as compact JSON: its years, its members' rows and its aggregates' rows (each
    of the two a JSON text of its own, parsed only when read), its currencies. A row is a list
    of its fields, decimals as strings."""

    def rows(series: Sequence[tuple[str, tuple[YearFigures, ...]]]) -> str:
        doc = [[key, [[_row_out(getattr(f, n)) for n in _ROW] for f in figs]] for key, figs in series]
        return json.dumps(doc, separators=(",", ":"))

    doc = [list(t.years), rows(t.members), rows(t.aggregates), [list(c) for c in t.currencies]]
    return json.dumps(doc, separators=(",", ":"))


def _timeline_field(text: str, name: str) -> Any:
    """One field of a timeline from :func:`_timeline_text` (the other rows left unparsed)."""
    years, members, aggregates, currencies = json.loads(text)
    if name == "years":
        if not all(type(y) is int for y in years):
            raise ValueError("not a cached timeline")
        return tuple(years)
    if name == "currencies":
        return tuple((c, cur) for c, cur in currencies)
    series = json.loads(members if name == "members" else aggregates, object_hook=_hook)

    def figures(row: list[Any]) -> YearFigures:
        if len(row) != len(_ROW):
            raise ValueError("not a cached timeline")
        values: list[Any] = [Decimal(x) if type(x) is str else x for x in row]
        return YearFigures(*values)

    return tuple((key, tuple(figures(r) for r in figs)) for key, figs in series)


class LazyTimeline(Timeline):
    """A :class:`Timeline` read from the preset cache, each field parsed when it is first read:
    most uses of a preset (a report, the TUI's first screen) need one year, which the preset's
    members already hold, and a report reads the printed aggregates but not the members' rows.
    Equal to (and hashed like) the timeline it stands for.

    When its cached text cannot be parsed (a damaged entry), the timeline is read from the
    preset file again, if the file is unchanged since it was loaded."""

    __slots__ = ("_text", "_origin")

    @classmethod
    def of_text(cls, text: str) -> LazyTimeline:
        """A timeline standing for the text of :func:`_timeline_text` (parsed on first use)."""
        t = object.__new__(cls)
        object.__setattr__(t, "_text", text)
        object.__setattr__(t, "_origin", None)
        return t

    def __getattr__(self, name: str) -> Any:
        if name not in _TIMELINE_FIELDS:
            raise AttributeError(name)
        try:
            text = object.__getattribute__(self, "_text")
        except AttributeError:  # built by replace(), or parsed: every field is set
            raise AttributeError(name) from None
        try:
            parts = {name: _timeline_field(text, name)}
        except Exception:
            parts = self._reread()
        for k, v in parts.items():
            object.__setattr__(self, k, v)
        if all(self._parsed(f) for f in _TIMELINE_FIELDS):
            object.__delattr__(self, "_text")
        return parts[name]

    def _parsed(self, name: str) -> bool:
        try:
            object.__getattribute__(self, name)
        except AttributeError:
            return False
        return True

    def _reread(self) -> dict[str, Any]:
        origin = object.__getattribute__(self, "_origin")
        if origin is None:
            raise ValueError("a damaged cached timeline")
        path, shipped, key = origin
        data = read_bytes(path, PresetError)
        if _cache_key(data, path, shipped) != key:
            raise PresetError(
                display_path(path), [Issue("file", "changed since it was loaded; open it again")]
            )
        from .preset_build import parse_preset

        timeline = parse_preset(data, path, shipped=shipped).timeline
        return {f: getattr(timeline, f) for f in _TIMELINE_FIELDS}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _TIMELINE_FIELDS)

    __hash__ = Timeline.__hash__

    def __repr__(self) -> str:
        return "Timeline(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in _TIMELINE_FIELDS) + ")"

    def __reduce__(self) -> tuple:
        return (Timeline, tuple(getattr(self, f) for f in _TIMELINE_FIELDS))


_TIMELINE_FIELDS = tuple(f.name for f in fields(Timeline))


def _tuples(v: Any) -> Any:
    return tuple(_tuples(x) for x in v) if isinstance(v, list) else v


def _hook(d: dict) -> Any:
    """json's object hook: builds each tagged value as the parser meets it."""
    if "$d" in d:
        return Decimal(d["$d"])
    if "$t" in d:
        cls = _TYPES[d.pop("$t")]
        return cls(**{k: _tuples(x) if type(x) is list else x for k, x in d.items()})
    if "$date" in d:
        return date.fromisoformat(d["$date"])
    if "$set" in d:
        return frozenset(d["$set"])
    if "$str" in d and type(d["$str"]) is str and len(d) == 1:  # a string in a year row
        return d["$str"]
    if _TL in d and type(d[_TL]) is str and len(d) == 1:
        return LazyTimeline.of_text(d[_TL])
    raise ValueError("not a cache entry")


def _decode(raw: bytes) -> Any:
    return json.loads(raw, object_hook=_hook)


def preset_fingerprint(preset: Preset) -> str:
    """SHA-256 of a preset's data, independent of where it was read from: its figures,
    targets, groups, sources and metadata (not its path, nor any what-if label)."""

    plain = replace(preset, path=None, inputs=(), scenario=None)
    doc = _encode(plain, lazy_timeline=False)
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sha256(text.encode("utf-8")).hexdigest()


def _cache_get(key: str, origin: tuple[Path, bool] | None = None) -> Preset | None:
    raw = _cache_read(key)
    if raw is None:
        return None
    try:
        obj = _decode(raw)
    except Exception:  # a stale or damaged cache entry is simply not used
        return None
    if not isinstance(obj, Preset):
        return None
    if origin is not None and isinstance(obj.timeline, LazyTimeline):
        object.__setattr__(obj.timeline, "_origin", (*origin, key))
    return obj


def _cache_read(key: str, limit: int = CACHE_MAX_BYTES + 1) -> bytes | None:
    """The bytes of a cache entry (its first ``limit``), or None (no cache, no entry, not a
    regular file, too large)."""
    d = _cache_dir()
    if d is None:
        return None
    try:
        fd = os.open(d / f"{key}{_SUFFIX}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            # the size fstat gave (+1: an entry that grew since is read on to the limit), not
            # f.read(limit), which first allocates the whole limit (32 MiB at every start)
            data = f.read(min(st.st_size, limit - 1) + 1)
            if len(data) > st.st_size and len(data) < limit:
                data += f.read(limit - len(data))
            return data
    except OSError:
        return None
    finally:
        os.close(fd)


def _cache_head(key: str) -> tuple[int, str] | None:
    """``(year, released)`` of a cached preset, read from the first bytes of its entry without
    parsing it (choosing the default preset reads these of every shipped preset); None when
    the entry is missing or does not start as :func:`_encode` writes a preset."""
    raw = _cache_read(key, _HEAD_BYTES)
    m = _HEAD_RE.match(raw) if raw is not None else None
    if m is None:
        return None
    try:
        return int(m.group(1)), date.fromisoformat(m.group(2).decode()).isoformat() if m.group(2) else ""
    except ValueError:
        return None


def _cache_put(key: str, preset: Preset) -> None:
    """Store a validated preset, atomically (a crash never leaves a half-written entry),
    then keep the folder within its bounds."""
    d = _cache_dir()
    if d is None:
        return
    try:
        data = json.dumps(_encode(preset), ensure_ascii=False, separators=(",", ":"))
        atomic_write(d / f"{key}{_SUFFIX}", data, follow_links=False)
    except (OSError, CalcError, TypeError, ValueError):
        return  # the cache is an optimisation only
    _prune(d, keep=f"{key}{_SUFFIX}")


def _prune(d: Path, keep: str = "") -> None:
    """Remove the oldest entries beyond :data:`CACHE_MAX_ENTRIES` or :data:`CACHE_MAX_BYTES`,
    and entries of an earlier format (``*.pickle``)."""
    entries = []
    try:
        with os.scandir(d) as it:
            for e in it:
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if e.name.endswith(".pickle"):
                    entries.append((-1, 0, e.name))  # an old format: always removed
                elif e.name.endswith(_SUFFIX):
                    entries.append((st.st_mtime_ns, st.st_size, e.name))
    except OSError:
        return
    entries.sort()
    total = sum(size for _, size, _ in entries)
    count = len(entries)
    for mtime, size, name in entries:
        if mtime >= 0 and count <= CACHE_MAX_ENTRIES and total <= CACHE_MAX_BYTES:
            break
        if name == keep:
            continue
        try:
            os.unlink(d / name)
        except OSError:
            continue
        count -= 1
        total -= size


def load_preset(
    path: Path | str, *, shipped: bool = False, use_cache: bool = True, year: int | None = None
) -> Preset:
    """Load and validate a preset file, for one of its years.

    ``shipped`` applies the stricter rules of presets shipped with nato-calc (every figure
    names a source). The file's path is kept in :attr:`Preset.path`. ``year`` picks a year of
    a release with a time axis (None: its newest); a single-year preset accepts only its own.

    Raises:
        PresetError: naming the file and every problem in it.
        UnknownPresetError: ``year`` is not one the preset holds (the message lists them).
    """
    path = Path(path)
    data = read_bytes(path, PresetError)
    key = _cache_key(data, path, shipped) if use_cache else ""
    preset = _cache_get(key, (path, shipped)) if use_cache else None
    if preset is not None:
        preset = _with_path(preset, path)
    else:
        from .preset_build import parse_preset

        preset = parse_preset(data, path, shipped=shipped)
        if use_cache:
            _cache_put(key, _with_path(preset, None))
    return preset_for_year(preset, year) if year is not None else preset


def split_ref(text: str) -> tuple[str, int | None]:
    """``"nato-2026@2025"`` -> ``("nato-2026", 2025)``; ``"nato-2026"`` -> ``("nato-2026", None)``.

    Raises:
        UsageError: an ``@`` not followed by a four-digit year.
    """
    name, at, year = text.rpartition("@")
    if not at:
        return text, None
    if not name or not (len(year) == 4 and year.isascii() and year.isdigit()):
        raise UsageError(f"{text}: after '@' give a year such as nato-2026@2025")
    return name, int(year)


def preset_for_year(preset: Preset, year: int) -> Preset:
    """The preset for ``year``: its members' figures from the timeline of a release (pure,
    from the already-validated preset), or the single-year preset itself for its own year.

    Raises:
        UnknownPresetError: the preset does not hold ``year`` (the message lists its years).
    """
    years = preset.years or (preset.year,)
    if year not in years:
        held = f"{years[0]}-{years[-1]}" if len(years) > 2 else ", ".join(map(str, years))
        raise UnknownPresetError(f"preset '{preset.id}' has no year {year}; it holds {held}")
    if year == preset.year or preset.timeline is None:
        return preset
    return _at_year(preset, preset.timeline, year)


def _status(estimate: bool) -> str:
    return "estimate" if estimate else "final"


def _at_year(preset: Preset, timeline: Timeline, year: int) -> Preset:

    members = []
    for m in preset.members:
        row = next((f for f in timeline.series(m.code) if f.year == year), None)
        if row is None:
            members.append(m)
            continue
        members.append(_member_at(m, row))
    eur = _eur_rate(members)
    estimate = any(f.estimate for _, rows in timeline.members for f in rows if f.year == year)
    label = year_label(preset.label.rpartition(": ")[0] or preset.label, year, estimate)
    return replace(preset, year=year, label=label, members=tuple(members), eur_rate=eur)


def year_label(label: str, year: int, estimate: bool) -> str:
    """The label of one year of a release: ``NATO allies, July 2026 release: 2026 estimates``."""
    return f"{label}: {year}{' estimates' if estimate else ''}"


def _member_at(m: Member, row: YearFigures) -> Member:
    """Member ``m`` (as built for another year) with the figures of ``row``."""

    status = _status(row.estimate)
    assert row.gdp is not None  # the schema requires GDP in every year row
    gdp = replace(m.gdp, value=row.gdp, status=status)
    ally = m.ally_in(row.year)
    if m.core.status == NOT_APPLICABLE:
        return replace(m, gdp=gdp, ally=ally, ukraine_aid=row.ukraine_aid)
    assert row.core is not None  # the schema requires core spending for an assessed ally
    return replace(
        m,
        ally=ally,
        gdp=gdp,
        core=replace(m.core, value=row.core, status=status),
        equipment=(
            Figure(row.equipment_share, status=status, source=m.core.source)
            if row.equipment_share is not None
            else None
        ),
        published_share=row.core_share,
        core_constant=row.core_constant,
        core_national=row.core_national,
        usd_rate=_rate(row.core_national, row.core),
        related=row.related,
        ukraine_aid=row.ukraine_aid,
    )


def _rate(national: Decimal | None, usd: Decimal | None) -> Decimal | None:
    """National units per USD: Table 1 / Table 2 (the default 28-digit Decimal quotient)."""
    if national is None or not usd:
        return None
    return national / usd


def _eur_rate(members: Sequence[Member]) -> Decimal | None:
    """EUR per USD: Germany's rate (NATO's tables give every euro-area ally the same one)."""
    for m in members:
        if m.code == "DEU" and m.currency == "EUR":
            return m.usd_rate
    return next((m.usd_rate for m in members if m.currency == "EUR" and m.usd_rate is not None), None)


def _with_path(preset: Preset, path: Path | None) -> Preset:

    return replace(preset, path=str(path) if path is not None else None)


def load_by_id(preset_id: str | None, extra: Sequence[Path | str] = (), year: int | None = None) -> Preset:
    """Resolve a preset id (None: the default preset; ``ID@YEAR`` names one of its years) and
    load it, for ``year`` when the id names none."""
    at = None
    if preset_id is not None:
        preset_id, at = split_ref(preset_id)
    ref = resolve_preset(preset_id, extra)
    return load_preset(ref.path, shipped=ref.shipped, year=at if at is not None else year)
