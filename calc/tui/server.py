"""The web server of ``nato-calc serve`` (textual-serve): one UI process per browser tab.

The server itself does not import textual (the sessions it starts do); it lives here, with the
UI, because it serves the UI. The arguments and their checks are in :mod:`calc.serve`.
"""

from __future__ import annotations


def make_server(command: str, host: str, port: int, given_url: str | None, url: str):
    """A textual-serve server for ``command``: the page's addresses follow the browser's
    request unless --public-url fixes them, and the start-up lines are nato-calc's own."""
    from textual_serve.server import Server

    class CalcServer(Server):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: dict = {}
            """The requests of the open websockets (one per tab), by id (not hashable)."""

        async def handle_websocket(self, request):
            self.sessions[id(request)] = request
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.pop(id(request), None)

        async def on_shutdown(self, app) -> None:
            # Ctrl+C or SIGTERM: end every tab's connection now (its session then quits),
            # instead of waiting a minute for the browsers to hang up
            for request in list(self.sessions.values()):
                if request.transport is not None:
                    request.transport.close()

        async def handle_index(self, request):
            if given_url is None:  # the address the browser used (never 0.0.0.0)
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app) -> None:
            self.console.print(
                f"nato-calc: serving the calculator at {url} (each browser tab is a session of "
                "its own; exports and saves download to the browser)",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            self.console.print(
                "Press Ctrl+C to stop the server.", highlight=False, markup=False, soft_wrap=True
            )

    return CalcServer(command, host=host, port=port, title="nato-calc", public_url=given_url or url)
