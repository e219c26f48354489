"""Files under hostile conditions (issue 15, items 5, 6, 7, 9, 10, 11): nothing the command
read is replaced, read-only files stay, pipes never block, the preset cache runs no code.

Where permissions matter the checks run as root (who can write anything: the mode bits are
what counts) and, in a forked child, as the unprivileged user ``nobody``.
"""

from __future__ import annotations

import os
import stat
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import DATA, as_nobody, run

from calc.engine.changes import Change
from calc.errors import OutputError
from calc.files.scenario_file import dumps_scenario, load_scenario
from calc.files.tomlio import atomic_write, typed_path

TINY = DATA / "tiny.toml"


@pytest.fixture
def stack(tmp_path, monkeypatch):
    """tiny.toml (a preset file), a.toml on it (Poland +10), b.toml on a.toml (no ISL)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.toml").write_text(TINY.read_text())
    (tmp_path / "a.toml").write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "tiny.toml"\n'
        'changes = [{ op = "add", member = "POL", field = "core", value = 10 }]\n'
    )
    (tmp_path / "b.toml").write_text(
        'schema_version = 1\nkind = "scenario"\nbase = "a.toml"\nchanges = [{ op = "exclude", member = "ISL" }]\n'
    )
    return tmp_path


class TestOutputNeverReplacesAFileTheLoadRead:
    @pytest.mark.parametrize("target", ["a.toml", "tiny.toml", "b.toml"])
    def test_report_refuses_every_file_of_the_stack(self, stack, capsys, target):
        before = (stack / target).read_bytes()
        code, out, err = run(capsys, "report", "--scenario", "b.toml", "-f", "json", "-o", target)
        assert code == 2 and out == ""
        assert (
            err
            == f"nato-calc: -o {target}: that is a file this command reads; write the output somewhere else\n"
        )
        assert (stack / target).read_bytes() == before

    def test_compare_and_path_refuse_the_base_of_a_stacked_side(self, stack, capsys):
        before = (stack / "a.toml").read_bytes()
        code, _, err = run(capsys, "compare", "tiny.toml", "b.toml", "-f", "json", "-o", "a.toml")
        assert code == 2 and "that is a file this command reads" in err
        code, _, err = run(
            capsys, "path", "--scenario", "b.toml", "--member", "POL", "-f", "json", "-o", "a.toml"
        )
        assert code == 2 and "that is a file this command reads" in err
        assert (stack / "a.toml").read_bytes() == before

    def test_the_loaded_scenario_records_every_file_it_read_top_first(self, stack):
        s = load_scenario(stack / "b.toml")
        assert [Path(p).name for p in s.inputs] == ["b.toml", "a.toml", "tiny.toml"]
        assert s.base_changes == (Change("add", "POL", "core", Decimal("10")),)
        assert s.own_changes == (Change("exclude", "ISL"),)
        assert Path(s.base_file).name == "a.toml"
        assert [Path(p).name for p in s.apply().inputs] == ["b.toml", "a.toml", "tiny.toml"]


class TestReadOnlyFiles:
    def test_atomic_write_refuses_a_read_only_file_even_as_root(self, tmp_path):
        f = tmp_path / "ro.json"
        f.write_text("keep")
        f.chmod(0o444)
        with pytest.raises(OutputError) as e:
            atomic_write(f, "new")
        assert str(e.value).endswith(
            "ro.json is read-only; save under another name (or make it writable first)"
        )
        assert f.read_text() == "keep" and stat.S_IMODE(f.stat().st_mode) == 0o444

    def test_report_o_onto_a_read_only_file_says_read_only(self, tmp_path, capsys, monkeypatch):
        monkeypatch.chdir(tmp_path)
        (tmp_path / "out.json").write_text("keep")
        (tmp_path / "out.json").chmod(0o400)
        code, out, err = run(capsys, "report", "--file", str(TINY), "-f", "json", "-o", "out.json")
        assert code != 0 and out == ""
        assert "out.json is read-only" in err
        assert (tmp_path / "out.json").read_text() == "keep"

    def test_a_writable_file_keeps_its_mode_when_replaced(self, tmp_path):
        f = tmp_path / "rw.json"
        f.write_text("old")
        f.chmod(0o640)
        atomic_write(f, "new")
        assert f.read_text() == "new" and stat.S_IMODE(f.stat().st_mode) == 0o640


class TestTypedNames:
    @pytest.mark.parametrize(
        ("typed", "said"),
        [
            (
                "~draft.toml",
                "there is no user 'draft.toml' for ~draft.toml; for a file of that name write ./~draft.toml",
            ),
            ("d/" + "é" * 128, "name too long (256 bytes; a file or folder name holds at most 255)"),
            ("a\x00b", "a file name cannot hold a NUL byte"),
            ("   ", "type a file name"),
        ],
    )
    def test_a_name_that_cannot_be_a_file_says_why(self, typed, said):
        with pytest.raises(ValueError) as e:
            typed_path(typed)
        assert str(e.value) == said

    def test_a_name_of_255_bytes_is_accepted(self):
        assert typed_path("x" * 250 + ".toml") == Path("x" * 250 + ".toml")


def test_the_scenario_finder_skips_a_named_pipe_without_blocking(tmp_path):
    """Was: ctrl+o opened every *.toml, and a FIFO blocked the TUI for good."""
    from calc.tui.screens.files import find_scenarios

    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "s.toml").write_text('kind = "scenario"\nlabel = "\x1b]0;owned\x07S"\nbase = "x"\n')
    found: list = []
    t = threading.Thread(target=lambda: found.append(find_scenarios([tmp_path])), daemon=True)
    t.start()
    t.join(30)  # a hang detector, not a speed limit: the old code never returned
    assert not t.is_alive(), "find_scenarios blocked on the named pipe"
    assert found == [[(tmp_path / "s.toml", "\\x1b]0;owned\\x07S")]]


def test_a_deadline_is_written_as_an_integer_and_reads_back_the_same():
    text = dumps_scenario("tiny", [Change("target", field="deadline", value=Decimal("2032"))])
    assert '{ op = "target", field = "deadline", value = 2032 }' in text


# ---- the preset cache (issue 15, item 11) ------------------------------------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(folder))
    monkeypatch.delenv("NATO_CALC_NO_CACHE", raising=False)
    return folder


def _key(path: Path) -> str:
    from calc.files.presets import _cache_key

    return _cache_key(path.read_bytes(), path, False)


class TestThePresetCache:
    def test_entries_are_plain_json_and_come_back_equal(self, cache):
        from calc.files.presets import load_preset

        first = load_preset(TINY)
        (entry,) = cache.glob("*.json")
        import json

        doc = json.loads(entry.read_text())
        assert doc["$t"] == "Preset" and doc["id"] == "tiny"
        assert load_preset(TINY) == first == load_preset(TINY, use_cache=False)

    def test_a_planted_pickle_never_runs_and_is_removed(self, cache, tmp_path):
        import pickle

        from calc.files.presets import load_preset

        ran = tmp_path / "ran"

        class Evil:
            def __reduce__(self):
                return (os.system, (f"touch {ran}",))

        key = _key(TINY)
        (cache / f"{key}.pickle").write_bytes(pickle.dumps(Evil()))
        assert load_preset(TINY).id == "tiny"
        assert not ran.exists()
        assert not (cache / f"{key}.pickle").exists()  # pruned as an old format

    def test_a_planted_entry_naming_another_type_is_ignored(self, cache):
        from calc.files.presets import load_preset

        key = _key(TINY)
        (cache / f"{key}.json").write_text('{"$t": "system", "command": "touch /tmp/x"}')
        assert load_preset(TINY) == load_preset(TINY, use_cache=False)

    def test_a_planted_link_is_neither_read_nor_written_through(self, cache, tmp_path):
        from calc.files.presets import load_preset

        victim = tmp_path / "victim"
        victim.write_text("root's file")
        key = _key(TINY)
        (cache / f"{key}.json").symlink_to(victim)
        assert load_preset(TINY).id == "tiny"
        assert victim.read_text() == "root's file"
        assert not (cache / f"{key}.json").is_symlink()  # replaced by a real entry

    def test_a_named_pipe_entry_does_not_block(self, cache):
        from calc.files.presets import load_preset

        os.mkfifo(cache / f"{_key(TINY)}.json")
        done: list = []
        t = threading.Thread(target=lambda: done.append(load_preset(TINY).id), daemon=True)
        t.start()
        t.join(30)  # a hang detector: the old open() waited for a writer for ever
        assert done == ["tiny"]

    @pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
    def test_a_folder_others_can_write_is_not_used(self, cache, mode):
        from calc.files.presets import _cache_dir, load_preset

        cache.chmod(mode)
        assert _cache_dir() is None
        load_preset(TINY)
        assert list(cache.iterdir()) == []

    def test_a_folder_that_is_a_link_is_not_used(self, tmp_path, monkeypatch):
        from calc.files.presets import _cache_dir

        real = tmp_path / "real"
        real.mkdir(mode=0o700)
        (tmp_path / "link").symlink_to(real)
        monkeypatch.setenv("NATO_CALC_CACHE_DIR", str(tmp_path / "link"))
        assert _cache_dir() is None

    def test_a_folder_owned_by_another_user_is_not_used(self, cache):
        import pwd

        from calc.files.presets import _cache_dir

        if os.geteuid() == 0:
            os.chown(cache, pwd.getpwnam("nobody").pw_uid, -1)
            assert _cache_dir() is None
        else:  # unprivileged: a folder of root's
            os.environ["NATO_CALC_CACHE_DIR"] = "/"
            assert _cache_dir() is None

    @pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to nobody")
    def test_as_nobody_a_shared_cache_folder_of_roots_is_not_used(self, tmp_path, monkeypatch):
        import shutil
        import tempfile

        shared = Path(tempfile.mkdtemp(prefix="nato-calc-shared-"))  # /tmp: nobody can reach it
        request_cleanup = lambda: shutil.rmtree(shared, ignore_errors=True)  # noqa: E731
        shared.chmod(0o1777)  # a shared XDG_CACHE_HOME
        (shared / "nato-calc").mkdir(mode=0o700)  # planted by root: not nobody's
        monkeypatch.delenv("NATO_CALC_CACHE_DIR")
        monkeypatch.setenv("XDG_CACHE_HOME", str(shared))

        def child():
            from calc.files.presets import _cache_dir

            return str(_cache_dir())

        assert as_nobody(child) == "None"
        (shared / "nato-calc").rmdir()
        assert as_nobody(child) == str(shared / "nato-calc")  # nobody's own folder is used
        assert (shared / "nato-calc").stat().st_uid == pwd_uid("nobody")
        request_cleanup()

    @pytest.mark.parametrize(
        ("env", "value"),
        [("XDG_CACHE_HOME", ""), ("XDG_CACHE_HOME", "relative/cache"), ("HOME", ""), ("HOME", "rel")],
    )
    def test_an_empty_or_relative_home_or_xdg_means_no_cache(self, tmp_path, monkeypatch, env, value):
        from calc.files.presets import _cache_dir

        monkeypatch.chdir(tmp_path)
        monkeypatch.delenv("NATO_CALC_CACHE_DIR")
        if env == "HOME":
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setenv(env, value)
        assert _cache_dir() is None
        assert list(tmp_path.iterdir()) == []

    def test_the_folder_is_pruned_to_its_bounds(self, cache, monkeypatch, tmp_path):
        import calc.files.presets as presets

        monkeypatch.setattr(presets, "CACHE_MAX_ENTRIES", 5)
        for i in range(8):
            f = tmp_path / f"p{i}.toml"
            f.write_text(TINY.read_text().replace('id = "tiny"', f'id = "p{i}"'))
            presets.load_preset(f)
        names = sorted(p.name for p in cache.iterdir())
        assert len(names) == 5
        assert f"{_key(tmp_path / 'p7.toml')}.json" in names  # the newest stays
        assert f"{_key(tmp_path / 'p0.toml')}.json" not in names  # the oldest went


def pwd_uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


# ---- a revised base is reported (issue 15, item 10) ---------------------------------------------


class TestARevisedBase:
    @pytest.fixture
    def saved(self, tmp_path, monkeypatch):
        from calc.files.presets import load_preset
        from calc.files.scenario_file import save_scenario

        monkeypatch.chdir(tmp_path)
        (tmp_path / "tiny.toml").write_text(TINY.read_text())
        base = load_preset(tmp_path / "tiny.toml")
        save_scenario(
            tmp_path / "s.toml",
            "tiny.toml",
            [Change("add", "POL", "core", Decimal("10")), Change("exclude", "ISL")],
            base=base,
        )
        return tmp_path

    def test_the_fingerprint_is_saved_with_the_touched_members_figures(self, saved):
        import tomllib

        doc = tomllib.loads((saved / "s.toml").read_text(), parse_float=Decimal)
        fp = doc["base_fingerprint"]
        assert fp["preset"] == "tiny" and fp["label"] == "Tiny test alliance" and fp["year"] == 2025
        assert len(fp["sha256"]) == 64
        assert fp["members"] == {"POL": {"gdp": 100, "core": 4}, "ISL": fp["members"]["ISL"]}

    def test_an_unchanged_base_gives_no_notice(self, saved):
        assert load_scenario(saved / "s.toml").notices == ()

    def test_a_revised_base_is_reported_with_the_figures_that_differ(self, saved):
        text = (saved / "tiny.toml").read_text()
        revised = text.replace('label = "Tiny test alliance"', 'label = "Tiny, revised"')
        revised = revised.replace("gdp = 100\ncore = 4\n", "gdp = 100\ncore = 5\n")
        assert revised.count("core = 5") == 1
        (saved / "tiny.toml").write_text(revised)
        s = load_scenario(saved / "s.toml")
        assert s.notices == (
            "s.toml: the base preset tiny has changed since this scenario was saved "
            "(label 'Tiny test alliance' → 'Tiny, revised'); the same changes may now give other figures",
            "s.toml: POL core: 4.0 → 5.0 bn",
        )

    def test_the_cli_says_so_on_stderr_and_still_reports(self, saved, capsys):
        (saved / "tiny.toml").write_text(
            (saved / "tiny.toml").read_text().replace("gdp = 100\n", "gdp = 110\n", 1)
        )
        code, out, err = run(capsys, "report", "--scenario", "s.toml", "-f", "json")
        assert code == 0 and out.startswith("{")
        assert err.splitlines() == [
            "nato-calc: notice: s.toml: the base preset tiny has changed since this scenario was "
            "saved; the same changes may now give other figures",
            "nato-calc: notice: s.toml: POL GDP: 100.0 → 110.0 bn",
        ]

    def test_a_scenario_without_a_fingerprint_still_loads_quietly(self, tmp_path):
        (tmp_path / "tiny.toml").write_text(TINY.read_text())
        (tmp_path / "old.toml").write_text(
            'schema_version = 1\nkind = "scenario"\nbase = "tiny.toml"\n'
            'changes = [{ op = "exclude", member = "ISL" }]\n'
        )
        s = load_scenario(tmp_path / "old.toml")
        assert s.notices == () and s.changes == (Change("exclude", "ISL"),)


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_presets_folder_naming_an_unknown_user_is_a_usage_error(capsys, monkeypatch, how):
    """Was: expanduser's RuntimeError, reported as an internal error (exit 70)."""
    if how == "flag":
        code, out, err = run(capsys, "report", "--presets-dir", "~nouser/x", "-f", "json")
        where = "--presets-dir ~nouser/x"
    else:
        monkeypatch.setenv("NATO_CALC_PRESETS", "~nouser")
        code, out, err = run(capsys, "presets")
        where = "NATO_CALC_PRESETS ~nouser"
    assert code == 2 and out == ""
    assert err.startswith(f"nato-calc: {where}: there is no user 'nouser' for ~nouser;")


def test_compare_reports_a_revised_base_of_either_side(tmp_path, capsys, monkeypatch):
    from calc.files.presets import load_preset
    from calc.files.scenario_file import save_scenario

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tiny.toml").write_text(TINY.read_text())
    save_scenario(
        tmp_path / "s.toml", "tiny.toml", [Change("exclude", "ISL")], base=load_preset(tmp_path / "tiny.toml")
    )
    (tmp_path / "tiny.toml").write_text(
        TINY.read_text().replace('label = "Tiny test alliance"', 'label = "Tiny v2"')
    )
    code, out, err = run(capsys, "compare", "./tiny.toml", "s.toml", "-f", "json")
    assert code == 0 and out.startswith("{")
    assert err == (
        "nato-calc: notice: s.toml: the base preset tiny has changed since this scenario was saved "
        "(label 'Tiny test alliance' → 'Tiny v2'); the same changes may now give other figures\n"
    )


# ---- the cache's data format round-trips every preset exactly (property) ------------------------

from datetime import date  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from calc.domain.dataset import Benchmark, Figure, Growth, Member, Preset, Source, Targets  # noqa: E402

_dec = st.decimals(allow_nan=False, allow_infinity=False, min_value="-1e30", max_value="1e30")
_text = st.text(max_size=12)
_opt = st.one_of(st.none(), _text)
_figure = st.builds(Figure, _dec, st.booleans(), _opt, _opt, _opt)
_member = st.builds(
    Member, _text, _text, _figure, _figure, st.one_of(st.none(), _figure), _opt, _opt,
    st.booleans(), st.frozensets(st.sampled_from(["gdp", "core", "related"])),
)  # fmt: skip  # hand-wrapped: ruff's layout takes 8 more lines
_preset = st.builds(
    Preset,
    _text, _text, st.integers(-10**6, 10**6), st.lists(_member, max_size=4).map(tuple),
    currency=_text,
    targets=st.builds(Targets, _dec, _dec, _dec, _dec, st.integers(1900, 2200)),
    sources=st.lists(st.builds(Source, _text, _text, _opt, st.one_of(st.none(), st.dates()), _opt, _opt), max_size=2).map(tuple),
    groups=st.lists(st.tuples(_text, st.lists(_text, max_size=3).map(tuple)), max_size=2).map(tuple),
    group_names=st.lists(st.tuples(_text, _text), max_size=2).map(tuple),
    benchmarks=st.lists(st.builds(Benchmark, _text, _text, _dec), max_size=2).map(tuple),
    description=_opt,
    released=st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1))),
    modified=st.lists(_text, max_size=2).map(tuple),
    growth=st.builds(Growth, st.one_of(st.none(), _dec), st.lists(st.tuples(_text, _dec), max_size=2).map(tuple)),
)  # fmt: skip  # hand-wrapped: ruff's layout takes 7 more lines


@given(_preset)
def test_a_cached_preset_comes_back_exactly_equal(preset):
    import json

    from calc.files.presets import _decode, _encode

    back = _decode(json.dumps(_encode(preset)).encode())
    assert back == preset
    assert [str(m.gdp.value) for m in back.members] == [str(m.gdp.value) for m in preset.members]
