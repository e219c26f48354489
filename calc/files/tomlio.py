"""Reading TOML files safely, turning validation errors into located messages, writing atomically.

Every problem is reported as ``file: dotted.location: message`` (list positions count from 1),
with a did-you-mean for misspelt keys and values.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin

from ..errors import FileError, Issue, OutputError, did_you_mean, printable, quoted

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel, ValidationError

#: Largest file nato-calc reads, 16 MiB (a 10,000-member preset is about 1 MiB).
MAX_FILE_BYTES = 16 * 1024 * 1024


def display_path(path: Path | str) -> str:
    """The path as the user would recognise it: relative to the working directory if inside.

    Control characters in the name are escaped, so a message never carries a terminal escape
    sequence or a line break from a file name.
    """
    p = Path(path)
    try:
        shown = str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        shown = str(p)
    return printable(shown)


def exists(path: Path) -> bool:
    """``path.exists()`` that is False, not an error, for a name too long or holding a NUL."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    """``path.is_dir()`` that is False, not an error, for a name too long or holding a NUL."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def is_file(path: Path) -> bool:
    """``path.is_file()`` that is False, not an error, for a name too long or holding a NUL."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def working_folder() -> Path:
    """The working folder, or the home folder when it no longer exists (deleted while the TUI
    runs), or ``/`` when there is no home either: never an error."""
    try:
        return Path.cwd()
    except OSError:
        pass
    try:
        home = Path.home()
        if home.is_absolute() and is_dir(home):
            return home
    except (RuntimeError, OSError, KeyError):
        pass
    return Path("/")


#: The longest name of one file or folder most file systems accept, in bytes.
NAME_MAX = 255


def typed_path(text: str) -> Path:
    """The file a name typed by the user means (``~`` and ``~user`` expanded).

    Raises ValueError saying plainly what is wrong with the name: empty, a NUL byte, an
    unknown ``~user``, a part longer than 255 bytes. The file itself is not looked at.
    """
    raw = text.strip()
    if not raw:
        raise ValueError("type a file name")
    if "\x00" in raw:
        raise ValueError("a file name cannot hold a NUL byte")
    path = Path(raw)
    if raw.startswith("~"):
        try:
            path = path.expanduser()
        except RuntimeError:
            user = raw[1:].split("/", 1)[0]
            raise ValueError(
                f"there is no user '{printable(user)}' for ~{printable(user)}; "
                f"for a file of that name write ./{printable(raw)}"
            ) from None
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise ValueError(f"name too long ({size} bytes; a file or folder name holds at most {NAME_MAX})")
    if not path.is_absolute():
        try:
            Path.cwd()
        except OSError:
            raise ValueError(
                "the working folder no longer exists; type a full path (e.g. ~/name.toml)"
            ) from None
    return path


def probe(path: Path) -> os.stat_result | None:
    """``os.stat`` of ``path``, None when it does not exist; ValueError saying why it cannot
    be looked at (a folder that cannot be searched, a name too long)."""
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PermissionError:
        raise ValueError(
            f"{display_path(path)}: permission denied (a folder on the way cannot be searched)"
        ) from None
    except ValueError:
        raise ValueError("a file name cannot hold a NUL byte") from None
    except OSError as e:
        raise ValueError(f"{display_path(path)}: {e.strerror or e}") from None


def read_only(st: os.stat_result) -> bool:
    """True when a regular file's mode bits give nobody write permission (``chmod a-w``).

    The mode is what counts, not whether this process could write it: root can write
    anything, but a file its owner made read-only is not to be replaced."""
    return stat.S_ISREG(st.st_mode) and not st.st_mode & 0o222


def read_only_message(path: Path | str) -> str:
    return f"{display_path(path)} is read-only; save under another name (or make it writable first)"


def check_writable(path: Path) -> Path:
    """Check that ``path`` (as returned by :func:`typed_path`) can be written: not a folder,
    in a folder that exists and may be written, not a read-only file. Returns the path;
    raises ValueError saying what is wrong."""
    st = probe(path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ValueError(f"{display_path(path)} is a folder; add a file name")
    if st is not None and read_only(st):
        raise ValueError(read_only_message(path))
    parent = path.parent if str(path.parent) else Path(".")
    pst = probe(parent)
    if pst is None:
        raise ValueError(f"folder {display_path(parent)} does not exist")
    if not stat.S_ISDIR(pst.st_mode):
        raise ValueError(f"{display_path(parent)} is not a folder")
    if st is None or stat.S_ISREG(st.st_mode):
        try:
            allowed = os.access(parent, os.W_OK | os.X_OK)
        except (OSError, ValueError):
            allowed = True  # let the write say why
        if not allowed:
            raise ValueError(f"folder {display_path(parent)}: permission denied (cannot write there)")
    return path


def read_bytes(path: Path, error: type[FileError]) -> bytes:
    """Read a file, or raise ``error`` saying plainly why it cannot be read."""
    name = display_path(path)

    def fail(msg: str) -> FileError:
        return error(name, [Issue("", msg)])

    try:
        st = path.stat()
    except ValueError:  # an embedded NUL byte
        raise fail("not a valid file name (it contains a NUL byte)") from None
    except FileNotFoundError:
        raise fail("file not found") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as e:
        raise fail(f"cannot read: {e.strerror or e}") from None
    if path.is_dir():
        raise fail("is a directory, not a file")
    if st.st_size > MAX_FILE_BYTES:
        raise fail(
            f"file is too large ({st.st_size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB)"
        )
    try:
        with path.open("rb") as f:
            # read the size stat gave (+1: a file that grew since is read on to the limit, as
            # before): f.read(limit) would first allocate the whole limit (16 MiB at start-up)
            data = f.read(min(st.st_size, MAX_FILE_BYTES) + 1)
            if len(data) > st.st_size:
                data += f.read(MAX_FILE_BYTES + 1 - len(data))
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as e:
        raise fail(f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"file is too large (the limit is {MAX_FILE_BYTES // 2**20} MiB)")
    return data


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


def parse_toml(data: bytes, name: str, error: type[FileError]) -> dict[str, Any]:
    """Decode UTF-8 (a leading BOM is allowed) and parse TOML with exact decimals."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise error(name, [Issue("", "file is empty")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise error(name, [Issue(f"line {line}", f"not UTF-8 text (byte 0x{data[e.start]:02x})")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise error(name, [Issue(f"line {line}", "binary data (NUL byte); not a TOML file")])
    import tomllib  # here, not at the top: a warm preset cache parses no TOML

    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        loc = ""
        m = _TOML_POS.search(msg)
        if m:
            loc = f"line {m.group(1)}, column {m.group(2)}"
            msg = msg[: m.start()]
        elif _TOML_EOF.search(msg):
            loc = "end of file"
            msg = _TOML_EOF.sub("", msg)
        if msg.startswith("Cannot overwrite a value") or "twice" in msg:
            msg += " (duplicate key?)"
        raise error(name, [Issue(loc, f"invalid TOML: {msg[:1].lower()}{msg[1:]}")]) from None
    except ValueError as e:
        # tomllib's int() refuses more than sys.get_int_max_str_digits() digits (4300)
        limit = sys.get_int_max_str_digits()
        m = re.search(rf"[0-9][0-9_]{{{max(limit - 1, 0)},}}", text) if limit else None
        if m is None:
            raise error(name, [Issue("", f"invalid TOML: {e}")]) from None
        line = text[: m.start()].count("\n") + 1
        raise error(
            name, [Issue(f"line {line}", f"invalid TOML: a whole number with more than {limit} digits")]
        ) from None
    except RecursionError:
        raise error(name, [Issue("", "invalid TOML: nested too deeply")]) from None


# --------------------------------------------------------------------------------------------
# pydantic errors -> located messages
# --------------------------------------------------------------------------------------------


def _model_of(tp: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in get_args(tp):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _walk(model: type[BaseModel], loc: tuple) -> Any:
    """The type found at ``loc`` inside ``model`` (following dicts, lists and unions)."""
    from pydantic import BaseModel

    tp: Any = model
    for part in loc:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
            continue
        origin = get_origin(tp)
        while origin is not None and origin not in (dict, list) and get_args(tp):
            # Annotated / Union / Optional: descend into the structured member
            inner = [a for a in get_args(tp) if get_origin(a) in (dict, list) or _model_of(a)]
            if not inner:
                return None
            tp = inner[0]
            origin = get_origin(tp)
        if origin is dict:
            tp = get_args(tp)[1]
        elif origin is list:
            tp = get_args(tp)[0]
        elif _model_of(tp) is not None and str(part) not in ("number", "table"):
            tp = _model_of(tp)
            field = tp.model_fields.get(str(part))
            if field is None:
                return None
            tp = field.annotation
    return tp


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _model_of(_walk(model, loc)) if loc else model
    return list(target.model_fields) if target is not None else []


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _render_loc(loc: tuple) -> str:
    """``members.DEU.gdp``, ``sources[2].id``; keys that are not bare are quoted as in TOML."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
            continue
        key = str(part)
        if not _BARE_KEY.fullmatch(key):
            key = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out += ("." if out else "") + key
    return out


_PATTERN_HELP = {
    "^[A-Z]{3}$": "must be 3 upper-case letters (ISO 3166-1 alpha-3, e.g. 'POL')",
    "^([A-Z]{3}|\\*)$": "must be a member code of 3 upper-case letters (e.g. 'POL') or '*'",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "must be kebab-case: lower-case letters, digits and dashes (e.g. 'nato-dex-2025')",
}

_TYPE_WORDS = {
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "date_type": "must be a date (e.g. 2025-09-01)",
    "date_from_datetime_inexact": "must be a date without a time (e.g. 2025-09-01)",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "list_type": "must be an array",
    "decimal_type": "must be a number",
    "finite_number": "must be a finite number (not nan or inf)",
}


_BOUND_WORDS = {
    "greater_than": "greater than",
    "greater_than_equal": "greater than or equal to",
    "less_than": "less than",
    "less_than_equal": "less than or equal to",
}


def _plain(v: Any) -> str:
    """A bound as people write it: ``1000000000000``, not ``Decimal('1E+12')``."""
    if isinstance(v, str):
        m = re.fullmatch(r"Decimal\('([^']*)'\)", v)
        v = Decimal(m.group(1)) if m else v
    if isinstance(v, Decimal):
        s = format(v, "f")
        return s.rstrip("0").rstrip(".") if "." in s else s
    return str(v)


def with_row_lines(
    issues: list[Issue], loc: re.Pattern[str], lines: dict[tuple[str, str, int], int]
) -> list[Issue]:
    """Each issue with the line of its row first (``line 40, allies.DEU.figures[2].share_pct``):
    ``loc`` matches a row's location, its three groups the row's key in ``lines`` (a table, a key
    and the row's number from 1); the other issues as they are."""
    out = []
    for issue in issues:
        m = loc.match(issue.loc)
        line = lines.get((m.group(1), m.group(2), int(m.group(3)))) if m else None
        out.append(Issue(f"line {line}, {issue.loc}", issue.msg) if line else issue)
    return out


def _is_finite_decimal(v: Any) -> bool:
    return isinstance(v, Decimal) and v.is_finite()


def validation_issues(exc: ValidationError, model: type[BaseModel]) -> list[Issue]:
    """Turn a pydantic ``ValidationError`` on ``model`` into located, readable issues."""
    from .models import UNION_TAGS, VALUED_FIELDS

    issues: list[Issue] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        raw_loc = tuple(err["loc"])
        # drop the tags pydantic adds after a number-or-table field ("gdp", "number"), but not
        # a key of the file that happens to be called "number" or "table"
        loc = tuple(
            p
            for i, p in enumerate(raw_loc)
            if not (p in UNION_TAGS and i and raw_loc[i - 1] in VALUED_FIELDS)
        )
        etype = err["type"]
        msg = err["msg"]
        ctx = err.get("ctx") or {}
        if loc and loc[-1] == "[key]" and etype != "extra_forbidden":
            # pydantic marks a bad dict *key* with a trailing "[key]" (a key a file may also
            # use literally: then the error is an unknown key, handled below)
            loc = loc[:-1]
            key = loc[-1] if loc else "?"
            if etype == "string_pattern_mismatch":
                msg = f"key {quoted(key)} {_PATTERN_HELP.get(str(ctx.get('pattern')), 'is not valid')}"
            else:
                msg = f"key {quoted(key)}: {msg}"
        elif etype == "extra_forbidden":
            key = str(loc[-1])
            allowed = _fields_at(model, loc[:-1])
            msg = f"unknown key {quoted(key)}{did_you_mean(key, allowed)}"
            if not did_you_mean(key, allowed) and allowed:
                msg += f"; allowed keys: {', '.join(allowed)}"
        elif etype == "missing":
            msg = "required key is missing"
        elif etype == "string_pattern_mismatch":
            msg = _PATTERN_HELP.get(str(ctx.get("pattern")), "has the wrong format")
            if isinstance(err.get("input"), str):
                msg = f"{quoted(err['input'])} {msg}"
        elif etype == "literal_error":
            expected = str(ctx.get("expected", ""))
            choices = re.findall(r"'([^']*)'", expected)
            got = err.get("input")
            msg = f"must be {expected}"
            if isinstance(got, str):
                msg = f"{quoted(got)} is not allowed; {msg}{did_you_mean(got, choices)}"
        elif etype in _BOUND_WORDS:
            (bound,) = ctx.values() if len(ctx) == 1 else (None,)
            msg = f"must be {_BOUND_WORDS[etype]} {_plain(bound)}"
        elif etype == "finite_number" and _is_finite_decimal(err.get("input")):
            msg = "is out of range (far too large)"
        elif etype in _TYPE_WORDS:
            msg = _TYPE_WORDS[etype]
        elif etype == "too_short":
            msg = "must not be empty"
        elif msg.startswith("Input should be "):
            msg = "must be " + msg.removeprefix("Input should be ")
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        issue = (_render_loc(loc), msg)
        if issue in seen:
            continue
        seen.add(issue)
        issues.append(Issue(*issue))
    return issues


# --------------------------------------------------------------------------------------------
# What a file was when it was opened or saved (lost-update checks)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileStamp:
    """A file's identity and content: compared before writing over it, so a change made
    meanwhile by another session or an editor is noticed rather than overwritten."""

    device: int
    inode: int
    mtime_ns: int
    size: int
    sha256: str


def file_stamp(path: Path | str) -> FileStamp | None:
    """The stamp of the regular file at ``path`` now; None when it is missing or unreadable."""
    import hashlib

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return FileStamp(st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size, h.hexdigest())
    except OSError:
        return None
    finally:
        os.close(fd)


def changed_on_disk(path: Path | str, stamp: FileStamp | None) -> bool:
    """True when the file at ``path`` is no longer what ``stamp`` recorded (rewritten,
    replaced, or deleted). Same size and time are not trusted alone: the content is compared."""
    if stamp is None:
        return False
    now = file_stamp(path)
    if now is None:
        return True
    return now.sha256 != stamp.sha256 or now.size != stamp.size


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


def atomic_write(path: Path | str, data: bytes | str, *, follow_links: bool = True) -> None:
    """Write ``data`` to ``path`` so that it holds either the old or the new content, whole.

    A read-only file (no write bit in its mode, whoever runs nato-calc) is refused: the shell's
    ``>`` refuses it too, and the rename would silently replace it.

    ``follow_links=False`` (the preset cache): a link at ``path`` is replaced itself, never
    written through, and any other non-regular file there is refused.

    Writes a temporary file in the same folder, fsyncs it, renames it over the target and
    fsyncs the folder. A symbolic link is written through (the file it points to is replaced,
    the link stays). A target that is not a regular file (``/dev/null``, ``/dev/stdout``, a
    named pipe) is written to directly: there is no old content to protect, and renaming over
    it would replace the device with a file. Raises :class:`~calc.errors.OutputError` with the
    reason on failure.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = display_path(path)
    try:
        if not follow_links:
            try:
                st = path.lstat()
            except (FileNotFoundError, NotADirectoryError):
                st = None
            if st is not None and stat.S_ISLNK(st.st_mode):
                st = None  # the rename replaces the link, not what it points to
            elif st is not None and not stat.S_ISREG(st.st_mode):
                raise OutputError(f"{name}: not a regular file")
        elif path.is_symlink():
            real = Path(os.path.realpath(path))
            # /dev/stdout on a pipe resolves to "/proc/self/fd/pipe:[123]", which is no path:
            # keep the link, which still opens (and is written through, not renamed over)
            if real.exists() or not path.exists():
                path = real
        try:
            st = path.stat() if follow_links else st
        except (FileNotFoundError, NotADirectoryError):
            st = None  # the folder is checked below
    except ValueError:  # an embedded NUL byte
        raise OutputError(f"{name}: not a valid file name") from None
    except PermissionError:
        raise OutputError(f"{name}: permission denied") from None
    except OSError as e:
        raise OutputError(f"{name}: {e.strerror or e}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{name}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(path, data, name)
        return
    if st is not None and read_only(st):
        raise OutputError(read_only_message(path))
    folder = path.parent if str(path.parent) else Path(".")
    if not is_dir(folder):
        what = "is not a folder" if exists(folder) else "does not exist"
        raise OutputError(f"{name}: folder {display_path(folder)} {what}")
    import tempfile  # here, not at the top: only writes need it (with random, ~1 ms)

    tmp = None
    try:
        # keep the temporary name within the 255-byte limit of most file systems
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        try:
            dfd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dfd)
        except OSError:
            pass
        finally:
            os.close(dfd)
    except PermissionError:
        raise OutputError(
            f"{name}: permission denied (nato-calc writes a temporary file in "
            f"{display_path(folder)} and renames it over the target)"
        ) from None
    except OSError as e:
        raise OutputError(f"{name}: {e.strerror or e}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _write_through(path: Path, data: bytes, name: str) -> None:
    """Write into an existing device or pipe (no temporary file, no rename)."""
    try:
        with open(path, "wb") as f:
            f.write(data)
    except PermissionError:
        raise OutputError(f"{name}: permission denied") from None
    except OSError as e:
        raise OutputError(f"{name}: {e.strerror or e}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = [
    "MAX_FILE_BYTES",
    "atomic_write",
    "display_path",
    "parse_toml",
    "read_bytes",
    "validation_issues",
    "with_row_lines",
]
