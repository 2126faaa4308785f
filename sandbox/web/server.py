"""Serve an ASGI app with uvicorn in a background thread on 127.0.0.1 (start returns once it listens)."""
from __future__ import annotations

import errno
import socket
import threading
import time
from typing import Any, Callable

import uvicorn


def bind_socket(host: str, port: int, *, fallback_to_free: bool = True) -> socket.socket:
    """Bind `port` on `host`; if it is taken and `fallback_to_free`, bind a free port instead."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        if not fallback_to_free or port == 0 or exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            sock.close()
            raise
        sock.bind((host, 0))
    return sock


def free_port(host: str = "127.0.0.1", preferred: int = 0) -> int:
    """A port that is free now (the preferred one when it is)."""
    sock = bind_socket(host, preferred)
    try:
        return sock.getsockname()[1]
    finally:
        sock.close()


class BackgroundServer:
    """uvicorn in a daemon thread. `on_stopping` runs before shutdown (e.g. to end open event streams)."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, name: str = "web",
                 on_stopping: Callable[[], None] | None = None):
        self.app, self.host, self.requested_port, self.name = app, host, port, name
        self.port: int | None = None
        self._on_stopping = on_stopping
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self, timeout: float = 10.0) -> "BackgroundServer":
        sock = bind_socket(self.host, self.requested_port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, timeout_keep_alive=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"sandbox-{self.name}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.name} server did not start on {self.host}:{self.port}")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if self._on_stopping:
            self._on_stopping()
        if self._server:
            self._server.should_exit = True
        if self._thread:
            self._thread.join(timeout)
