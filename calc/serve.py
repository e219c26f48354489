"""``nato-calc serve``: the terminal UI in a web browser, through textual-serve.

Each browser tab is a session of its own: textual-serve starts one ``nato-calc tui`` process
per connection (with this command's --preset/--file/--scenario/--presets-dir) and relays its
screen and keys over a websocket. In a browser the UI sends exports and scenario saves as
downloads, so they reach the person's machine (see :meth:`calc.tui.app.CalcApp.deliver_or_write`).

The server has no authentication and no encryption: it listens on the loopback address unless
another host is asked for, and then says so on stderr. Only argument checks live at the top of
this module; textual-serve (and textual, in the sessions) are imported when the server starts,
so ``nato-calc --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import UsageError, quoted

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def port_number(text: str) -> int:
    """``--port``: a TCP port, 1 to 65535."""
    try:
        port = int(text.strip())
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a port number (1 to 65535)")
    return port


def public_url(text: str) -> str:
    """``--public-url``: an http:// or https:// address (no trailing slash)."""
    url = text.strip().rstrip("/")
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest or any(c.isspace() for c in url):
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not an http:// or https:// address (e.g. https://calc.example.org)"
        )
    return url


def add_arguments(p: argparse.ArgumentParser) -> None:
    from .cliargs import add_source_args

    add_source_args(p, whatifs=False)
    n = p.add_argument_group("network")
    n.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}: this machine only); any other, "
        "e.g. 0.0.0.0 for every network, lets other machines in, and the server has no "
        "authentication",
    )
    n.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"the TCP port (default {DEFAULT_PORT})"
    )
    n.add_argument(
        "--public-url",
        type=public_url,
        metavar="URL",
        help="the address browsers reach the server at, when it is not the one they asked for "
        "(behind a proxy: https://calc.example.org); default: the address in the browser's request",
    )


def tui_command(args: argparse.Namespace, python: str | None = None) -> str:
    """The shell command each session runs: this Python's ``-m calc tui`` with the source
    arguments of ``serve`` (every part quoted for the shell)."""
    import shlex

    parts = [python or sys.executable, "-m", "calc", "tui"]
    for flag in ("preset", "file", "scenario"):
        value = getattr(args, flag, None)
        if value is not None:
            parts += [f"--{flag}", value]
    for folder in getattr(args, "presets_dir", None) or ():
        parts += ["--presets-dir", str(folder)]
    return " ".join(shlex.quote(str(part)) for part in parts)


def _addresses(host: str, port: int) -> list[tuple]:
    """Every (family, address) ``host`` stands for; a name that does not resolve is a usage error."""
    import socket

    if not host.strip():
        raise UsageError("serve: --host needs an address, got an empty one (e.g. 127.0.0.1)")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise UsageError(
            f"serve: --host {quoted(host)}: not an address or a name that resolves ({reason})"
        ) from None
    out: list[tuple] = []
    for family, _type, _proto, _name, address in found:
        if (family, address) not in out:
            out.append((family, address))
    return out


def is_loopback(addresses: Sequence[tuple]) -> bool:
    """True when every address is this machine's own (127.0.0.0/8, ::1)."""
    import ipaddress

    try:
        return all(ipaddress.ip_address(a[1][0].split("%")[0]).is_loopback for a in addresses)
    except ValueError:
        return False


def bind_problem(error: OSError, host: str, port: int) -> str:
    """What a failed bind means, in one line."""
    import errno

    if error.errno == errno.EADDRINUSE:
        return (
            f"serve: port {port} on {host} is in use (another server, or a nato-calc serve "
            "still running); choose another with --port"
        )
    if error.errno == errno.EACCES:
        return f"serve: port {port} on {host} needs privileges this account lacks (ports below 1024 do); choose one above 1023 with --port"
    if error.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
        return f"serve: --host {quoted(host)} is not an address of this machine; use 127.0.0.1, or 0.0.0.0 for every network"
    return f"serve: cannot listen on {host} port {port}: {error.strerror or error}"


def check_can_listen(host: str, port: int) -> list[tuple]:
    """The addresses to listen on, after trying each one (as the server will: address reuse on,
    so a port left in TIME_WAIT is free); a port in use or a foreign address is a usage error."""
    import socket

    addresses = _addresses(host, port)
    for family, address in addresses:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as s:
                if sys.platform != "win32":
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == getattr(socket, "AF_INET6", None):
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                s.bind(address)
        except OSError as e:
            raise UsageError(bind_problem(e, host, port)) from None
    return addresses


def no_authentication_warning(host: str) -> str:
    return (
        f"nato-calc: warning: serving on {host}, which other machines can reach: the server has "
        "no authentication and no encryption; anyone who can reach it can use the calculator, "
        "open the scenario files this account can read, and see what is typed. Serve on "
        f"{DEFAULT_HOST} (the default) unless the network is trusted, or put it behind a proxy "
        "that asks for a password (and give that address with --public-url)."
    )


def shown_url(host: str, port: int, given: str | None) -> str:
    """The address to print: --public-url, else this host and port (a wildcard host is shown as
    this machine's name, since browsers cannot connect to 0.0.0.0)."""
    import socket

    if given:
        return given
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname() or "localhost"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def cmd_serve(args: argparse.Namespace) -> int:
    from .cliargs import load_source, say

    load_source(args)  # a preset or scenario that cannot be opened: say so now, not in every tab
    addresses = check_can_listen(args.host, args.port)
    if not is_loopback(addresses):
        say(no_authentication_warning(args.host))
    command = tui_command(args)
    url = shown_url(args.host, args.port, args.public_url)
    try:
        from .tui.server import make_server

        server = make_server(command, args.host, args.port, args.public_url, url)
    except ImportError as e:  # installed without its dependencies
        raise UsageError(
            f"serve needs textual-serve, which is not installed ({e}); install it with "
            "pip install textual-serve (or reinstall nato-calc with its dependencies)"
        ) from None
    try:
        server.serve()
    except OSError as e:  # lost the race for the port after the check
        raise UsageError(bind_problem(e, args.host, args.port)) from None
    except KeyboardInterrupt:
        pass
    return 0
