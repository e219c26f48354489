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

from calc.cli import main
from calc.errors import OutputError
from calc.scenario import Change
from calc.scenario_file import dumps_scenario, load_scenario
from calc.tomlio import atomic_write, typed_path

HERE = Path(__file__).resolve().parent
TINY = HERE / "data" / "tiny.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


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
        assert err == f"nato-calc: -o {target}: that is a file this command reads; write the output somewhere else\n"
        assert (stack / target).read_bytes() == before

    def test_compare_and_path_refuse_the_base_of_a_stacked_side(self, stack, capsys):
        before = (stack / "a.toml").read_bytes()
        code, _, err = run(capsys, "compare", "tiny.toml", "b.toml", "-f", "json", "-o", "a.toml")
        assert code == 2 and "that is a file this command reads" in err
        code, _, err = run(capsys, "path", "--scenario", "b.toml", "--member", "POL", "-f", "json", "-o", "a.toml")
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
        assert str(e.value).endswith("ro.json is read-only; save under another name (or make it writable first)")
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
            ("~draft.toml", "there is no user 'draft.toml' for ~draft.toml; for a file of that name write ./~draft.toml"),
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
