"""Serve an ASGI app with uvicorn on a background thread: the one helper behind the bot's operations server,
the tests' bot, the Slack stand-in, the Salesforce emulator and the sandbox page.

    server = BackgroundServer(app, port=0, name="ops").start()   # returns once it accepts connections
    requests.get(server.url + "/healthz")
    server.stop()

The socket is bound (and listening) before the thread starts, so `port` and `url` are right at once and a
client that connects early waits in the backlog instead of being refused.
"""
from __future__ import annotations

import errno
import socket
import threading
import time
from pathlib import Path
from typing import Any, Callable

import uvicorn


def bind_socket(host: str, port: int, *, fallback_to_free: bool = False, backlog: int = 512) -> socket.socket:
    """A listening TCP socket on `host:port` (0: a free port). If the port is taken and `fallback_to_free`,
    a free port instead.

    IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
    without it every response (headers + body: two writes) waits ~40 ms for a delayed ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if not fallback_to_free or port == 0 or exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            sock.bind((host, 0))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def free_port(host: str = "127.0.0.1", preferred: int = 0) -> int:
    """A port that is free now (the preferred one when it is)."""
    with bind_socket(host, preferred, fallback_to_free=True) as sock:
        return sock.getsockname()[1]


class BackgroundServer:
    """uvicorn in a daemon thread on `host:port` (0: a free port; `fallback_to_free`: a free one when the
    asked port is taken). HTTPS when `ssl_certfile`/`ssl_keyfile` are given. `on_stopping` runs before the
    shutdown (e.g. to end open event streams); `force_exit` drops idle keep-alive connections at once."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, name: str = "http",
                 fallback_to_free: bool = False, ssl_certfile: str | Path | None = None,
                 ssl_keyfile: str | Path | None = None, log_level: str = "warning",
                 timeout_keep_alive: int = 5, timeout_graceful_shutdown: int | None = None,
                 force_exit: bool = False, on_stopping: Callable[[], None] | None = None):
        self.app, self.host, self.port, self.name = app, host, port, name
        self._fallback_to_free = fallback_to_free
        self._ssl = (str(ssl_certfile) if ssl_certfile else None, str(ssl_keyfile) if ssl_keyfile else None)
        self._log_level = log_level
        self._timeouts = (timeout_keep_alive, timeout_graceful_shutdown)
        self.scheme = "https" if ssl_certfile else "http"
        self._force_exit = force_exit
        self._on_stopping = on_stopping
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, without a trailing slash."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        sock = bind_socket(self.host, self.port, fallback_to_free=self._fallback_to_free)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level=self._log_level,
                                access_log=False, lifespan="off", ssl_certfile=self._ssl[0], ssl_keyfile=self._ssl[1],
                                timeout_keep_alive=self._timeouts[0], timeout_graceful_shutdown=self._timeouts[1])
        server = self._server = uvicorn.Server(config)
        thread = self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                                 name=f"{self.name}:{self.port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        if self._on_stopping is not None:
            self._on_stopping()
        if self._server is not None:
            self._server.force_exit = self._force_exit
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = None
        self._thread = None

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
