"""A minimal Socket Mode endpoint for the stand-in: a WebSocket server (RFC 6455, text frames, ping/pong,
close) that sends Slack's envelopes and waits for the app's acknowledgements.

Slack's protocol: the app calls `apps.connections.open` (app-level token) and gets a `wss://` URL; on connect
the server sends `{"type": "hello"}`; each delivery is `{"envelope_id", "type": "events_api" | "interactive" |
"slash_commands", "payload", "accepts_response_payload", "retry_attempt", "retry_reason"}` and the app answers
`{"envelope_id", "payload"?}` within 3 seconds. Here the URL is plain `ws://127.0.0.1` (slack_sdk's built-in
client speaks both).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import socket
import struct
import threading
import uuid
from typing import Any

from runtime.serving import bind_socket

log = logging.getLogger(__name__)

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class _Connection:
    def __init__(self, sock: socket.socket, server: SocketModeServer):
        self.sock, self.server = sock, server
        self._send_lock = threading.Lock()
        self.open = True

    def send_text(self, text: str) -> None:
        self._send(0x1, text.encode())

    def _send(self, opcode: int, data: bytes) -> None:
        header = bytes([0x80 | opcode])
        n = len(data)
        if n < 126:
            header += bytes([n])
        elif n < 65536:
            header += bytes([126]) + struct.pack("!H", n)
        else:
            header += bytes([127]) + struct.pack("!Q", n)
        with self._send_lock:
            self.sock.sendall(header + data)

    def _recv_exact(self, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def serve(self) -> None:
        try:
            self._handshake()
            self.send_text(json.dumps({"type": "hello", "num_connections": 1,
                                       "debug_info": {"host": "stand-in"}, "connection_info": {"app_id": "A"}}))
            self.server._connected(self)
            while True:
                b1, b2 = self._recv_exact(2)
                opcode, masked, n = b1 & 0x0F, b2 & 0x80, b2 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self._recv_exact(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", self._recv_exact(8))[0]
                mask = self._recv_exact(4) if masked else b"\0\0\0\0"
                data = bytes(c ^ mask[i % 4] for i, c in enumerate(self._recv_exact(n)))
                if opcode == 0x8:        # close
                    self._send(0x8, data[:2])
                    break
                if opcode == 0x9:        # ping
                    self._send(0xA, data)
                elif opcode == 0x1:
                    self.server._received(data.decode())
        except (ConnectionError, OSError):
            pass
        finally:
            self.open = False
            self.server._disconnected(self)
            try:
                self.sock.close()
            except OSError:
                pass

    def _handshake(self) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            request += chunk
        headers = {}
        for line in request.decode("latin-1").split("\r\n")[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + _GUID).encode()).digest()).decode()
        self.sock.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())


class SocketModeServer:
    """Accepts Socket Mode connections on 127.0.0.1 and delivers envelopes to the newest one."""

    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self._listener = bind_socket(host, 0, backlog=16)
        self.port = self._listener.getsockname()[1]
        self._connections: list[_Connection] = []
        self._acks: dict[str, tuple[threading.Event, list[Any]]] = {}
        self._lock = threading.Condition()
        self._closed = False
        threading.Thread(target=self._accept_loop, name="socket-mode-accept", daemon=True).start()

    def url(self) -> str:
        return f"ws://{self.host}:{self.port}/link/?ticket={uuid.uuid4()}&app_id=A0CONCIERGE"

    @property
    def connected(self) -> bool:
        with self._lock:
            return any(c.open for c in self._connections)

    def wait_connected(self, timeout: float = 10.0) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: any(c.open for c in self._connections), timeout)

    def deliver(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0,
                retry_reason: str = "", timeout: float = 10.0) -> dict[str, Any] | None:
        """Send one envelope and wait for its ack; returns the ack message (None when not acked in time)."""
        envelope_id = str(uuid.uuid4())
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt,
                    "retry_reason": retry_reason}
        event, box = threading.Event(), []
        with self._lock:
            self._acks[envelope_id] = (event, box)
            conn = next((c for c in reversed(self._connections) if c.open), None)
        if conn is None:
            raise ConnectionError("no Socket Mode connection")
        conn.send_text(json.dumps(envelope))
        acked = event.wait(timeout)
        with self._lock:
            self._acks.pop(envelope_id, None)
        return box[0] if acked and box else None

    def close(self) -> None:
        self._closed = True
        try:
            self._listener.close()
        except OSError:
            pass
        with self._lock:
            conns = list(self._connections)
        for c in conns:
            try:
                c.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # -- internals
    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            conn = _Connection(sock, self)
            threading.Thread(target=conn.serve, name="socket-mode-conn", daemon=True).start()

    def _connected(self, conn: _Connection) -> None:
        with self._lock:
            self._connections.append(conn)
            self._lock.notify_all()

    def _disconnected(self, conn: _Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)
            self._lock.notify_all()

    def _received(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        with self._lock:
            waiting = self._acks.get(message.get("envelope_id", ""))
        if waiting:
            waiting[1].append(message)
            waiting[0].set()
