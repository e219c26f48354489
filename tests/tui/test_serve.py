"""``nato-calc serve``: the UI in a browser through textual-serve.

The server tests start ``nato-calc serve`` on a free loopback port (a subprocess, always
stopped) and talk to its websocket as the page's textual.js does; the delivery tests run the
app headless as if in a browser (``is_web``) and check what reaches the browser, and that
nothing is written on the server.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run
from serving import Session, running_server, server_env

from calc import serve

aiohttp = pytest.importorskip("aiohttp")

WIDTH, HEIGHT = 160, 50


# -- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--port", "0"], "argument --port: '0' is not a port number (1 to 65535)"),
        (["--port", "65536"], "argument --port: '65536' is not a port number (1 to 65535)"),
        (["--port", "http"], "argument --port: 'http' is not a port number (1 to 65535)"),
        (
            ["--host", "no-such-host.invalid"],
            "serve: --host 'no-such-host.invalid': not an address or a name that resolves",
        ),
        (["--host", "192.0.2.7"], "serve: --host '192.0.2.7' is not an address of this machine"),
        (["--host", ""], "serve: --host needs an address, got an empty one"),
        (
            ["--public-url", "ftp://example.org"],
            "argument --public-url: 'ftp://example.org' is not an http:// or https:// address",
        ),
        (["--preset", "nato-1999"], "unknown preset 'nato-1999'"),
    ],
)
def test_a_bad_host_port_url_or_preset_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "serve", *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_a_port_in_use_is_refused_saying_so(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _out, err = run(capsys, "serve", "--port", str(port))
    assert code == 2
    assert err == (
        f"nato-calc: serve: port {port} on 127.0.0.1 is in use (another server, or a nato-calc "
        "serve still running); choose another with --port\n"
    )


def test_without_textual_serve_installed_serve_says_what_to_install(capsys, monkeypatch):
    from serving import free_port

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails
    monkeypatch.delitem(sys.modules, "calc.tui.server", raising=False)
    code, _out, err = run(capsys, "serve", "--port", str(free_port()))
    assert code == 2
    assert err.startswith("nato-calc: serve needs textual-serve, which is not installed (")
    assert err.endswith(
        "install it with pip install textual-serve (or reinstall nato-calc with its dependencies)\n"
    )


def test_each_session_runs_this_pythons_tui_with_the_same_source_arguments():
    args = serve_args("--scenario", "my what if's.toml", "--presets-dir", "dir one", "--presets-dir", "b")
    command = serve.tui_command(args, python="/opt/py thon/bin/python3")
    assert shlex.split(command) == [
        "/opt/py thon/bin/python3", "-m", "calc", "tui", "--scenario", "my what if's.toml",
        "--presets-dir", "dir one", "--presets-dir", "b",
    ]  # fmt: skip  # hand-wrapped: ruff's layout takes 8 more lines
    assert shlex.split(serve.tui_command(serve_args("--preset", "nato-2024")))[:4] == [
        sys.executable,
        "-m",
        "calc",
        "tui",
    ]


def serve_args(*argv: str):
    from calc.cli import build_parser

    return build_parser().parse_args(["serve", *argv])


def test_loopback_is_the_default_and_only_loopback_addresses_count_as_such():
    assert serve_args().host == "127.0.0.1" and serve_args().port == 8000
    assert serve.is_loopback(serve._addresses("127.0.0.1", 8000))
    assert serve.is_loopback(serve._addresses("localhost", 8000))
    assert serve.is_loopback(serve._addresses("::1", 8000))
    assert not serve.is_loopback(serve._addresses("0.0.0.0", 8000))
    assert not serve.is_loopback(serve._addresses("192.0.2.7", 8000))


def test_serve_registers_without_importing_textual_or_its_server():
    r = subprocess.run(
        [sys.executable, "-c",
         ("import sys; from calc.cli import build_parser; build_parser().parse_args(['serve']); "
          "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'textual_serve', 'aiohttp'}))")],
        capture_output=True, text=True, env=server_env(), check=False,
    )  # fmt: skip  # a table: one row a line
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


# -- the server, as the page talks to it ----------------------------------------------------


async def _open(http, url: str) -> Session:
    ws = await http.ws_connect(f"{url}/ws?width={WIDTH}&height={HEIGHT}")
    session = Session(ws)
    await session.resize(WIDTH, HEIGHT)
    return session


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server() as served:
        yield served.url


def test_the_table_arrives_and_an_exclusion_changes_the_header(server):
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            tab = await _open(http, server)
            text = await tab.wait_for(r"DEU\W+Germany")
            assert "NATO · 32 members (ISL not assessed)" in text
            mark = len(tab.data)
            await tab.press("x")  # the cursor starts on the first row: Albania
            text = await tab.wait_for(r"NATO · 31 members", since=mark)
            assert "excluded: ALB" in text
            await tab.ws.close()

    asyncio.run(go())


def test_each_browser_tab_is_a_session_of_its_own(server):
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            first = await _open(http, server)
            await first.wait_for(r"DEU\W+Germany")
            mark = len(first.data)
            await first.press("x")
            await first.wait_for(r"NATO · 31 members", since=mark)
            second = await _open(http, server)  # opened after the first tab's change
            text = await second.wait_for(r"DEU\W+Germany")
            assert "NATO · 32 members (ISL not assessed)" in text
            assert "excluded: ALB" not in text
            await first.ws.close()
            await second.ws.close()

    asyncio.run(go())


def test_an_export_and_a_save_in_the_browser_are_downloads_and_nothing_is_written_on_the_server(
    tmp_path, capsys
):
    """ctrl+e, enter: the CSV the page is told to fetch is `nato-calc report --group nato -f
    csv`; ctrl+s, enter: the scenario file."""
    with running_server(cwd=tmp_path) as served:
        url = served.url

        async def download(http, tab: Session, keys: str, shown: str) -> tuple[dict, bytes]:
            """Press ``keys`` (opening a dialog), then enter; wait for ``shown``; fetch the
            download the page is told to start, as textual.js does."""
            mark, before = len(tab.data), len(tab.texts)
            await tab.press(keys)
            text = await tab.wait_for(r"Downloads to your browser", since=mark)
            assert "File name" in text
            await tab.press("\r")
            await tab.wait_for(shown, since=mark)
            starts = [t[1] for t in tab.texts[before:] if t[0] == "deliver_file_start"]
            assert len(starts) == 1
            async with http.get(f"{url}/download/{starts[0]}") as r:
                return dict(r.headers), await r.read()

        async def go() -> tuple[str, bytes, str, bytes]:
            async with aiohttp.ClientSession() as http:
                tab = await _open(http, url)
                await tab.wait_for(r"DEU\W+Germany")
                headers, body = await download(
                    http, tab, "\x05", r"Exported CSV to nato-2026-nato\.csv, a download in your"
                )
                disposition, content_type = headers["Content-Disposition"], headers["Content-Type"]
                # a save (exclude Albania, ctrl+s): saved once the browser has the file
                mark = len(tab.data)
                headers, saved = await download(http, tab, "x\x13", r"Saving 1 change on nato-2026 to")
                assert headers["Content-Disposition"] == "attachment; filename=nato-2026-whatif.toml"
                await tab.wait_for(r"Your browser has nato-2026-whatif\.toml", since=mark)
                await tab.ws.close()
                return disposition, body, content_type, saved

        disposition, body, content_type, saved = asyncio.run(go())
    assert disposition == "attachment; filename=nato-2026-nato.csv"
    assert content_type == "text/csv; charset=utf-8"
    code, out, _err = run(capsys, "report", "--group", "nato", "--format", "csv")
    assert code == 0
    assert body.decode("utf-8") == out
    assert 'base = "nato-2026"' in saved.decode() and 'member = "ALB"' in saved.decode()
    assert sorted(os.listdir(tmp_path)) == []


def test_sigterm_with_a_tab_open_stops_the_server_and_its_session():
    """Ctrl+C or SIGTERM ends the open tabs' connections at once, and each session quits with
    it. (Otherwise aiohttp waits for the open websockets: until their heartbeat fails, over
    20 seconds here, or up to a minute; 10 seconds is the bound for "at once".)"""
    import signal

    with running_server() as served:

        async def go() -> None:
            async with aiohttp.ClientSession() as http:
                tab = await _open(http, served.url)
                await tab.wait_for(r"DEU\W+Germany")
                sessions = subprocess.run(["pgrep", "-g", str(served.proc.pid), "-f", "calc tui"],  # noqa: ASYNC221
                                          capture_output=True, text=True, check=False).stdout.split()  # fmt: skip  # hand-wrapped: ruff's layout takes 4 more lines
                assert sessions  # the shell textual-serve starts, and nato-calc's UI
                served.proc.send_signal(signal.SIGTERM)
                code = await asyncio.get_running_loop().run_in_executor(None, served.proc.wait, 10)
                assert code == 0
                for _ in range(100):  # the session quits once its connection is gone
                    if all(" Z " in _stat(pid) for pid in sessions):
                        break
                    await asyncio.sleep(0.1)
                else:
                    raise AssertionError("the session outlived the server")

        asyncio.run(go())


def _stat(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone
        return " Z "


def test_the_page_reaches_the_server_at_the_address_the_browser_used_or_the_public_url():
    """Never at 0.0.0.0 (a wildcard host is no address to connect to)."""

    async def page(url: str, host: str | None = None) -> str:
        async with (
            aiohttp.ClientSession() as http,
            http.get(url, headers={"Host": host} if host else None) as r,
        ):
            assert r.status == 200
            return await r.text()

    with running_server(host="0.0.0.0") as served:
        port = served.url.rsplit(":", 1)[1]
        html = asyncio.run(page(served.url, f"calc.lan:{port}"))
    assert f'data-session-websocket-url="ws://calc.lan:{port}/ws"' in html
    assert f'href="http://calc.lan:{port}/static/css/xterm.css"' in html
    with running_server("--public-url", "https://calc.example.org/") as served:
        html = asyncio.run(page(served.url))
    assert 'data-session-websocket-url="wss://calc.example.org/ws"' in html
    assert "<div>nato-calc</div>" in html


def test_a_host_other_than_loopback_warns_that_there_is_no_authentication():
    with running_server(host="0.0.0.0") as served:
        out, err = served.output()
    assert err.startswith(
        "nato-calc: warning: serving on 0.0.0.0, which other machines can reach: "
        "the server has no authentication and no encryption;"
    )
    with running_server() as served:  # loopback: nothing to warn about
        out, err = served.output()
    assert err == ""
    assert "nato-calc: serving the calculator at http://127.0.0.1:" in out


# -- delivery, unit by unit (the app headless, as if in a browser) ---------------------------


@pytest.fixture
def web_app(tmp_path, monkeypatch):
    """The app as a browser session sees it (``is_web``), with Textual's delivery recorded
    instead of sent: a list of (file name, bytes) grows as files are delivered."""
    from calc.tui import make_app
    from calc.tui.app import CalcApp

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NATO_CALC_THEME", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path.parent / f"{tmp_path.name}-state"))
    monkeypatch.setattr(CalcApp, "is_web", property(lambda self: True))
    app = make_app(cursor_blink=False)
    delivered: list[tuple[str, bytes]] = []

    def deliver(file, *, save_filename=None, encoding=None, **_kw):
        data = file.read()
        delivered.append((save_filename, data.encode(encoding or "utf-8") if isinstance(data, str) else data))
        return f"key-{len(delivered)}"

    monkeypatch.setattr(app, "deliver_text", deliver)
    monkeypatch.setattr(app, "deliver_binary", deliver)
    return app, delivered


def _plain(widget) -> str:
    from rich.text import Text

    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


async def test_in_a_browser_an_export_is_delivered_and_nothing_is_written_on_the_server(web_app, tmp_path):
    from calc.tui.screens.files import ExportDialog

    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#path").value == "nato-2026-nato.csv"  # a name, no folder
        assert "Downloads to your browser (nothing is written on the server)." in _plain(
            dialog.query_one("#export-note")
        )
        await pilot.press("enter")
        await pilot.pause()
        expected = app.session.render_report("csv")
    assert delivered == [("nato-2026-nato.csv", expected.encode("utf-8"))]
    assert expected.startswith("kind,code,name")
    assert os.listdir(tmp_path) == []
    assert "Exported CSV to nato-2026-nato.csv, a download in your browser" in app.notices[-1][1]


async def test_in_a_browser_the_path_export_is_delivered_too(web_app, tmp_path):
    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.open_path("DEU")
        await pilot.pause()
        from calc.output.path import render

        expected = render(app.screen.spending_path, "csv")
        app.export_path(app.screen)
        await pilot.pause()
        assert app.screen.query_one("#path").value == "path-deu-2035.csv"
        await pilot.press("enter")
        await pilot.pause()
    assert delivered == [("path-deu-2035.csv", expected.encode("utf-8"))]
    assert os.listdir(tmp_path) == []


async def test_in_a_browser_a_save_is_a_download_that_opens_as_the_same_scenario(web_app, tmp_path):
    from decimal import Decimal

    from textual import events

    from calc.engine.changes import Change
    from calc.files.scenario_file import load_scenario
    from calc.tui.screens.files import SaveDialog

    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", Decimal("0.035")), Change("exclude", "USA"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveDialog)
        assert dialog.query_one("#path").value == "nato-2026-whatif.toml"
        assert (
            _plain(dialog.query_one("#download-note"))
            == "Downloads to your browser (nothing is written on the server)."
        )
        dialog.query_one("#label").value = "Germany to 3.5 %"
        await pilot.press("enter")
        await pilot.pause()
        assert [n for n, _ in delivered] == ["nato-2026-whatif.toml"]
        assert app.session.dirty  # not saved until the browser has the file
        app.post_message(events.DeliveryComplete(key="key-1"))
        await pilot.pause()
        assert not app.session.dirty
        assert app.session.scenario_path is None  # no file on the server stands for the session
        assert "Your browser has nato-2026-whatif.toml (2 changes on nato-2026)." in app.notices[-1][1]
        changes = app.session.history.changes
    assert os.listdir(tmp_path) == []
    elsewhere = tmp_path.parent / f"{tmp_path.name}-download.toml"  # the person's machine
    elsewhere.write_bytes(delivered[0][1])
    s = load_scenario(elsewhere)
    assert s.base.id == "nato-2026"
    assert s.changes == changes
    assert s.label == "Germany to 3.5 %"


async def test_in_a_browser_save_then_quit_waits_for_the_download(web_app):
    from decimal import Decimal

    from textual import events

    from calc.engine.changes import Change

    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", Decimal("0.035")))
        app.action_save(then_quit=True)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(delivered) == 1
        assert app.is_running  # quitting now would cancel the download
        app.post_message(events.DeliveryComplete(key="key-1"))
        await pilot.pause()
    assert app.return_code == 0


async def test_in_a_browser_the_open_dialog_says_its_files_are_the_servers(web_app):
    app, _delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        note = _plain(app.screen.query_one("#server-note"))
    assert note.startswith("These are files on the server, where nato-calc runs, not on your computer")


async def test_in_a_browser_the_copy_says_when_the_browser_refuses_the_clipboard(web_app):
    app, _delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    message = app.notices[-1][1]
    assert "only on an https:// page or one opened as localhost" in message
    assert "over plain http:// from another machine the browser refuses clipboard access" in message


async def test_in_a_browser_a_failed_download_is_an_error_and_the_session_stays_unsaved(web_app):
    from decimal import Decimal

    from textual import events

    from calc.engine.changes import Change

    app, _delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", Decimal("0.035")))
        assert app.download_scenario(Path("mine.toml"), None, None)
        app.post_message(events.DeliveryFailed(key="key-1", exception=OSError("connection reset")))
        await pilot.pause()
        assert app.session.dirty
    assert "mine.toml: the download to your browser failed (connection reset)" in app.notices[-1][1]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "type a file name"),
        ("out/x.csv", "type a file name only, without a folder"),
        ("..\\x.csv", "type a file name only, without a folder"),
        (".hidden", "a download's name uses letters, digits, spaces"),
        ('a"b.csv', "a download's name uses letters, digits, spaces"),
        ("x;y.csv", "a download's name uses letters, digits, spaces"),
    ],
)
def test_a_download_name_is_a_file_name_only(typed, message):
    from calc.tui.screens.files import check_download_name

    with pytest.raises(ValueError, match=re.escape(message)):
        check_download_name(typed, ".csv")


def test_a_download_name_gets_the_formats_extension_and_keeps_letters_of_any_language():
    from calc.tui.screens.files import check_download_name, download_name

    assert check_download_name(" Übersicht 2025 ", ".md") == Path("Übersicht 2025.md")
    assert check_download_name("x.json", ".csv") == Path("x.json")
    assert download_name("compare-A: nato-2024.csv") == "compare-A- nato-2024.csv"


async def test_in_a_browser_a_workbook_is_delivered_as_bytes(web_app, tmp_path):
    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.export("xlsx", Path("nato.xlsx"))
        expected = app.session.render_report("xlsx")
    assert isinstance(expected, bytes)
    assert delivered == [("nato.xlsx", expected)]
    assert expected[:2] == b"PK"  # a zip: the workbook
    assert os.listdir(tmp_path) == []


async def test_in_a_browser_a_theme_chosen_is_not_saved_to_the_servers_config(web_app, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path.parent / f"{tmp_path.name}-config"))
    from calc.tui import make_app

    app = make_app(cursor_blink=False)  # reads this config home
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.action_toggle_theme()
        await pilot.pause()
        assert app.theme == "textual-light"
    assert not (tmp_path.parent / f"{tmp_path.name}-config").exists()


async def test_in_a_browser_an_ended_session_keeps_no_recovery_file_for_the_servers_user(web_app):
    from decimal import Decimal

    from calc.engine.changes import Change
    from calc.tui.recovery import pending

    app, _delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        app.commit(Change("set", "DEU", "core_share", Decimal("0.035")))
        assert app.write_recovery() is None
    assert pending() == []


async def test_in_a_browser_the_command_bars_export_and_save_download_and_write_nothing(web_app, tmp_path):
    """``:export …`` and ``:save …`` in a browser go to the browser's downloads, as ctrl+e and
    ctrl+s do there; a name with a folder is refused in place."""
    from calc.tui.screens.command_bar import CommandBar

    app, delivered = web_app
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        for text in ("export meeting.csv", "DEU core 3%", "save meeting.toml", "export /srv/x.md"):
            await pilot.press("colon")
            await pilot.pause()
            bar = app.screen
            assert isinstance(bar, CommandBar)
            bar.box.value = text
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, CommandBar)  # the refused one stays open, saying why
        assert "write a file name only, without a folder" in _plain(app.screen.query_one("#command-preview"))
        expected_csv = (delivered[0][1]).decode("utf-8")
    names = [n for n, _ in delivered]
    assert names == ["meeting.csv", "meeting.toml"]
    assert expected_csv.startswith("kind,code,name")
    assert b'"DEU"' in delivered[1][1] and b"core_share" in delivered[1][1]
    assert os.listdir(tmp_path) == []
