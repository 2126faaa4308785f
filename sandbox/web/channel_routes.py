"""The page's channel routes: what a person does in a channel beside the DM (sandbox/web/app.py reads the
channel's messages through the same state route as the DM, with `?channel=`).

  POST /api/users/{uid}/channels/{cid}/messages   {text, thread_ts?}: a message (or a thread reply) in the channel
  POST /api/users/{uid}/channels/{cid}/reactions  {ts, name?}: a reaction (default the filing one, :ticket:)
  POST /api/users/{uid}/channels/{cid}/shortcut   {ts}: the message shortcut "File as a case" on message `ts`
"""
from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.web.chat import ChatBackend
from sandbox.web.handlers import HTTPError, guarded, read_json

FILING_REACTION = "ticket"


def channel_routes(backend: ChatBackend, known_user: Callable[[Request], str]) -> list[Route]:
    def known_channel(request: Request) -> str:
        cid = request.path_params["cid"]
        if cid not in {c["id"] for c in backend.channels()}:
            raise HTTPError(404, f"Unknown channel {cid!r}.")
        return cid

    async def post_message(request: Request) -> Response:
        uid, cid = known_user(request), known_channel(request)
        body = await read_json(request)
        text = str(body.get("text") or "")
        if not text.strip():
            raise HTTPError(400, "Type a message.")
        if text.strip().startswith("/") and not body.get("thread_ts"):
            raise HTTPError(400, "Slash commands: try them in the DM with the bot.")
        thread_ts = str(body.get("thread_ts") or "") or None
        await run_in_threadpool(backend.post_in_channel, uid, cid, text, thread_ts)
        return JSONResponse({"ok": True, "kind": "thread_reply" if thread_ts else "message"})

    async def react(request: Request) -> Response:
        uid, cid = known_user(request), known_channel(request)
        body = await read_json(request)
        ts = _message_ts(body)
        await run_in_threadpool(backend.react, uid, cid, ts, str(body.get("name") or FILING_REACTION))
        return JSONResponse({"ok": True})

    async def shortcut(request: Request) -> Response:
        uid, cid = known_user(request), known_channel(request)
        ts = _message_ts(await read_json(request))
        await run_in_threadpool(backend.shortcut, uid, cid, ts)
        return JSONResponse({"ok": True})

    base = "/api/users/{uid}/channels/{cid}"
    return [Route(f"{base}/messages", guarded(post_message), methods=["POST"]),
            Route(f"{base}/reactions", guarded(react), methods=["POST"]),
            Route(f"{base}/shortcut", guarded(shortcut), methods=["POST"])]


def _message_ts(body: dict) -> str:
    ts = str(body.get("ts") or "")
    if not ts:
        raise HTTPError(400, "Which message? (ts)")
    return ts
