"""What every route of the sandbox page shares: refusals with words for the page (`HTTPError`), the wrapper that
turns failures into JSON answers (`guarded`), the JSON body reader and the file decoder."""
from __future__ import annotations

import base64
import binascii
import json
import logging
from typing import Any, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.web.agent import AgentError
from sandbox.web.chat import DeliveryError, UploadedFile

log = logging.getLogger("sandbox.web.app")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

Handler = Callable[[Request], Awaitable[Response]]


class HTTPError(Exception):
    """A request the page's API refuses: its status and the words shown on the page."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def guarded(handler: Handler) -> Handler:
    """Turn known failures into JSON errors the page shows; log anything unexpected with its traceback."""
    async def wrapper(request: Request) -> Response:
        try:
            return await handler(request)
        except HTTPError as exc:
            return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)
        except (DeliveryError, AgentError) as exc:
            return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)
        except Exception as exc:  # noqa: BLE001 - the page must get an answer; the log keeps the detail
            log.exception("sandbox page: %s %s failed", request.method, request.url.path)
            return JSONResponse({"ok": False, "error": f"Internal error: {exc}"}, status_code=500)
    return wrapper


async def read_json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_UPLOAD_BYTES * 2:
        raise HTTPError(413, "That is too big for the sandbox (20 MB per file).")
    try:
        body = json.loads(raw or b"{}")
    except json.JSONDecodeError as exc:
        raise HTTPError(400, f"Invalid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise HTTPError(400, "Expected a JSON object.")
    return body


def decode_file(data: Any) -> UploadedFile:
    if not isinstance(data, dict) or not data.get("name"):
        raise HTTPError(400, "A file needs a name and content_base64.")
    try:
        content = base64.b64decode(str(data.get("content_base64") or ""), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise HTTPError(400, f"File {data['name']!r} is not valid base64.") from exc
    if len(content) > MAX_UPLOAD_BYTES:
        raise HTTPError(413, f"File {data['name']!r} is larger than 20 MB.")
    return UploadedFile(name=str(data["name"]), content=content,
                        mimetype=str(data.get("mimetype") or "application/octet-stream"))


def sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"
