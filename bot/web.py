"""HTTP serving: a Starlette app with Slack's request URL (`/slack/events`) and `/healthz`, run by uvicorn.

Bolt's `App.dispatch` is synchronous (it verifies the signature, runs middleware and waits for the ack), so
it runs in Starlette's thread pool: the event loop keeps accepting requests while one is dispatched.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

EVENTS_PATH = "/slack/events"


def create_web_app(app: App, *, health: Callable[[], dict[str, Any]] | None = None) -> Starlette:
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_request = to_bolt_request(request, body)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        details = health() if health else {}
        ok = details.pop("ok", True)
        return JSONResponse({"ok": ok, **details}, status_code=200 if ok else 503)

    return Starlette(routes=[
        Route(EVENTS_PATH, slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ])


class BackgroundServer:
    """Serve an ASGI app with uvicorn on a background thread (tests, the benchmark, the sandbox).

    Binds `host:port` (port 0 = a free port) before returning from start(), so `url` is usable at once.
    """

    def __init__(self, asgi_app: Any, *, host: str = "127.0.0.1", port: int = 0):
        self.asgi_app, self.host, self.port = asgi_app, host, port
        self._server: Any = None
        self._thread: Any = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> BackgroundServer:
        import socket
        import threading
        import time

        import uvicorn

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.asgi_app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"http-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.time() + 10
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"server on {self.url} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
