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

from calc import serve
from calc.cli import main
from serving import ROOT, Session, running_server, server_env

aiohttp = pytest.importorskip("aiohttp")

WIDTH, HEIGHT = 160, 50


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--port", "0"], "argument --port: '0' is not a port number (1 to 65535)"),
        (["--port", "65536"], "argument --port: '65536' is not a port number (1 to 65535)"),
        (["--port", "http"], "argument --port: 'http' is not a port number (1 to 65535)"),
        (["--host", "no-such-host.invalid"], "serve: --host 'no-such-host.invalid': not an address or a name that resolves"),
        (["--host", "192.0.2.7"], "serve: --host '192.0.2.7' is not an address of this machine"),
        (["--host", ""], "serve: --host needs an address, got an empty one"),
        (["--public-url", "ftp://example.org"], "argument --public-url: 'ftp://example.org' is not an http:// or https:// address"),
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
        code, out, err = run(capsys, "serve", "--port", str(port))
    assert code == 2
    assert err == (
        f"nato-calc: serve: port {port} on 127.0.0.1 is in use (another server, or a nato-calc "
        "serve still running); choose another with --port\n"
    )


def test_each_session_runs_this_pythons_tui_with_the_same_source_arguments():
    args = serve_args("--scenario", "my what if's.toml", "--presets-dir", "dir one", "--presets-dir", "b")
    command = serve.tui_command(args, python="/opt/py thon/bin/python3")
    assert shlex.split(command) == [
        "/opt/py thon/bin/python3", "-m", "calc", "tui", "--scenario", "my what if's.toml",
        "--presets-dir", "dir one", "--presets-dir", "b",
    ]  # fmt: skip
    assert shlex.split(serve.tui_command(serve_args("--preset", "nato-2024")))[:4] == [sys.executable, "-m", "calc", "tui"]


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
         "import sys; from calc.cli import build_parser; build_parser().parse_args(['serve']); "
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'textual_serve', 'aiohttp'}))"],
        capture_output=True, text=True, env=server_env(), check=False,
    )  # fmt: skip
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


def test_an_export_in_the_browser_is_a_download_and_nothing_is_written_on_the_server(tmp_path, capsys):
    """ctrl+e, enter: the CSV the page is told to fetch is `nato-calc report --group nato -f csv`."""
    with running_server(cwd=tmp_path) as served:
        url = served.url

        async def go() -> tuple[str, bytes, str]:
            async with aiohttp.ClientSession() as http:
                tab = await _open(http, url)
                await tab.wait_for(r"DEU\W+Germany")
                mark = len(tab.data)
                await tab.press("\x05")  # ctrl+e
                text = await tab.wait_for(r"Downloads to your browser", since=mark)
                assert "File name" in text
                await tab.press("\r")
                await tab.wait_for(r"Exported CSV to nato-2025-nato\.csv, a download in your", since=mark)
                starts = [t[1] for t in tab.texts if t[0] == "deliver_file_start"]
                assert len(starts) == 1
                async with http.get(f"{url}/download/{starts[0]}") as r:
                    body = await r.read()
                    disposition = r.headers["Content-Disposition"]
                await tab.ws.close()
                return disposition, body, r.headers["Content-Type"]

        disposition, body, content_type = asyncio.run(go())
    assert disposition == "attachment; filename=nato-2025-nato.csv"
    assert content_type == "text/csv; charset=utf-8"
    code, out, _err = run(capsys, "report", "--group", "nato", "--format", "csv")
    assert code == 0
    assert body.decode("utf-8") == out
    assert sorted(os.listdir(tmp_path)) == []


def test_a_host_other_than_loopback_warns_that_there_is_no_authentication():
    with running_server(host="0.0.0.0") as served:
        out, err = served.output()
    assert err.startswith("nato-calc: warning: serving on 0.0.0.0, which other machines can reach: "
                          "the server has no authentication and no encryption;")  # fmt: skip
    with running_server() as served:  # loopback: nothing to warn about
        out, err = served.output()
    assert err == ""
    assert "nato-calc: serving the calculator at http://127.0.0.1:" in out


# -- delivery, unit by unit (the app headless, as if in a browser) ---------------------------
