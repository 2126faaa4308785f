"""The sandbox page: a Slack-like DM with the bot, and an agent console beside it (Starlette, no build step).

Routes (JSON unless noted):
  GET  /                                   the page (static/index.html); assets under /static/
  GET  /api/session                        employees, bot name, agent name
  GET  /api/users/{uid}/state[?channel=C]  {conversation, views, home}: the DM's conversation, or the channel's
  POST /api/users/{uid}/channels/{cid}/... a message, a reaction, the "File as a case" shortcut (channel_routes.py)
  GET  /api/stream?user=UID&agent=1        Server-Sent Events: `change` events {"user", "kind"}
  POST /api/users/{uid}/messages           {text, files:[{name, mimetype, content_base64}]}; "/cmd ..." = slash
  POST /api/users/{uid}/actions            {action:{action_id, block_id, type, value, ...}, message_ts|view_id}
  POST /api/users/{uid}/views/{vid}/submit {values} -> the bot's response (e.g. response_action errors)
  POST /api/users/{uid}/views/{vid}/close
  POST /api/users/{uid}/home               the App Home tab was opened
  POST /api/users/{uid}/files              {name, mimetype, content_base64} -> Slack file object (file_input)
  GET  /api/agent/cases[?open=1]           all cases (agent client, simple-salesforce)
  GET  /api/agent/cases/{id}               one case with its comments
  POST /api/agent/cases/{id}/comments      {body, public}
  POST /api/agent/cases/{id}/replies       {channel: email|feed|file, body, public, file?: {name, content_base64}}
  POST /api/agent/cases/{id}/status        {status}
  POST /api/agent/cases/{id}/close
  POST /api/agent/cases/{id}/milestones/{mid}/complete   mark one of its milestones completed
  GET  /api/agent/statuses                 the Status picklist
  GET  /api/agent/articles/categories      the Knowledge data categories articles are filed under
  POST /api/agent/articles                 {title, summary, body, category?}: a draft article, published
                                           (sandbox/web/articles.py)
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from sandbox.web import articles, localguard
from sandbox.web.agent import AgentConsole
from sandbox.web.channel_routes import channel_routes
from sandbox.web.chat import ChangeHub, ChatBackend
from sandbox.web.handlers import HTTPError, decode_file, guarded, read_json, sse

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
KEEPALIVE_SECONDS = 15.0


def create_app(backend: ChatBackend, agent: AgentConsole | None, *, hub: ChangeHub | None = None,
               title: str = "Concierge sandbox", salesforce_url: str | None = None,
               token: str | None = None) -> Starlette:
    """Build the page's ASGI app. ``hub`` is closed by the caller at shutdown to end open streams.

    ``salesforce_url`` (the instance URL): links to a case record there open it in the agent console.
    ``token``: the per-run token every API call must carry (sandbox/web/localguard.py): `/?token=...` sets it as
    a cookie for the page. The Host, JSON and same-origin checks apply with or without it.
    """
    hub = hub or ChangeHub()
    backend.subscribe(hub.publish)
    employees = {e.id: e for e in backend.employees()}

    def known_user(request: Request) -> str:
        uid = request.path_params["uid"]
        if uid not in employees:
            raise HTTPError(404, f"Unknown employee {uid!r}.")
        return uid

    async def index(_: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-store"})

    async def session(_: Request) -> Response:
        agent_name = None
        if agent is not None:
            agent_name = agent.user_name or "Support agent"
        return JSONResponse({"title": title, "bot": {"name": backend.bot_name},
                             "employees": [e.as_json() for e in employees.values()],
                             "channels": await run_in_threadpool(backend.channels),
                             "agent": {"enabled": agent is not None, "name": agent_name},
                             "salesforce": {"instance_url": salesforce_url}})

    async def state(request: Request) -> Response:
        uid = known_user(request)
        channel = request.query_params.get("channel")

        def read() -> dict[str, Any]:
            if channel and channel not in {c["id"] for c in backend.channels()}:
                raise HTTPError(404, f"Unknown channel {channel!r}.")
            conversation = backend.channel_messages(uid, channel) if channel else backend.conversation(uid)
            return {"conversation": conversation, "views": backend.views(uid), "home": backend.home(uid)}
        return JSONResponse(await run_in_threadpool(read))

    async def stream(request: Request) -> Response:
        uid = request.query_params.get("user") or None
        wants_agent = request.query_params.get("agent") == "1"
        listener = hub.listen(uid, agent=wants_agent)

        async def events():
            try:
                yield "retry: 1000\n\n"
                yield sse("hello", {"user": uid})
                while not hub.closed:
                    try:
                        event = await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS)
                    except asyncio.TimeoutError:
                        yield ": keepalive\n\n"
                        continue
                    if event is None:
                        break
                    yield sse("change", event)
            finally:
                hub.forget(listener)

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def post_message(request: Request) -> Response:
        uid = known_user(request)
        body = await read_json(request)
        text = str(body.get("text") or "")
        files = [decode_file(f) for f in body.get("files") or []]
        stripped = text.strip()
        thread_ts = str(body.get("thread_ts") or "")
        if thread_ts:               # a reply in a thread (Slack runs no slash command there: sent as typed)
            if files:
                raise HTTPError(400, "Share files in the conversation itself, not in a thread.")
            if not stripped:
                raise HTTPError(400, "Type a reply.")
            await run_in_threadpool(backend.reply_in_thread, uid, thread_ts, text)
            return JSONResponse({"ok": True, "kind": "thread_reply"})
        if stripped.startswith("/") and not files:
            command, _, rest = stripped.partition(" ")
            await run_in_threadpool(backend.slash_command, uid, command, rest.strip())
            return JSONResponse({"ok": True, "kind": "command"})
        if not stripped and not files:
            raise HTTPError(400, "Type a message or pick a file.")
        await run_in_threadpool(backend.send_message, uid, text, files)
        return JSONResponse({"ok": True, "kind": "message"})

    async def post_action(request: Request) -> Response:
        uid = known_user(request)
        body = await read_json(request)
        action = body.get("action")
        if not isinstance(action, dict) or not action.get("action_id"):
            raise HTTPError(400, "An action needs an action_id.")
        await run_in_threadpool(lambda: backend.click(uid, action, message_ts=body.get("message_ts"),
                                                      view_id=body.get("view_id")))
        return JSONResponse({"ok": True})

    async def submit_view(request: Request) -> Response:
        uid = known_user(request)
        body = await read_json(request)
        values = body.get("values") or {}
        if not isinstance(values, dict):
            raise HTTPError(400, "values must be an object.")
        result = await run_in_threadpool(backend.submit_view, uid, request.path_params["vid"], values)
        return JSONResponse({"ok": True, "response": result or None})

    async def close_view(request: Request) -> Response:
        uid = known_user(request)
        await run_in_threadpool(backend.close_view, uid, request.path_params["vid"])
        return JSONResponse({"ok": True})

    async def open_home(request: Request) -> Response:
        uid = known_user(request)
        await run_in_threadpool(backend.open_home, uid)
        return JSONResponse({"ok": True})

    async def upload(request: Request) -> Response:
        uid = known_user(request)
        file = decode_file(await read_json(request))
        return JSONResponse({"ok": True, "file": await run_in_threadpool(backend.upload_file, uid, file)})

    # ---- agent console ----------------------------------------------------------------------------------
    def need_agent() -> AgentConsole:
        if agent is None:
            raise HTTPError(503, "The agent console is not connected to Salesforce.")
        return agent

    async def agent_cases(request: Request) -> Response:
        console = need_agent()
        only_open = request.query_params.get("open") == "1"
        cases = await run_in_threadpool(lambda: console.list_cases(include_closed=not only_open))
        return JSONResponse({"cases": cases})

    async def agent_case(request: Request) -> Response:
        console = need_agent()
        return JSONResponse({"case": await run_in_threadpool(console.get_case, request.path_params["cid"])})

    async def agent_statuses(_: Request) -> Response:
        console = need_agent()
        return JSONResponse({"statuses": await run_in_threadpool(console.statuses)})

    async def agent_comment(request: Request) -> Response:
        console = need_agent()
        body = await read_json(request)
        cid = request.path_params["cid"]
        await run_in_threadpool(lambda: console.add_comment(cid, str(body.get("body") or ""),
                                                            public=bool(body.get("public", True))))
        hub.publish(None, "cases")
        return JSONResponse({"ok": True, "case": await run_in_threadpool(console.get_case, cid)})

    async def agent_reply(request: Request) -> Response:
        console = need_agent()
        body = await read_json(request)
        cid = request.path_params["cid"]
        upload = decode_file(body["file"]) if body.get("file") else None
        await run_in_threadpool(lambda: console.reply(
            cid, str(body.get("channel") or ""), str(body.get("body") or ""), public=bool(body.get("public", True)),
            file=(upload.name, upload.content) if upload else None))
        hub.publish(None, "cases")
        return JSONResponse({"ok": True, "case": await run_in_threadpool(console.get_case, cid)})

    async def agent_status(request: Request) -> Response:
        console = need_agent()
        body = await read_json(request)
        cid = request.path_params["cid"]
        await run_in_threadpool(console.set_status, cid, str(body.get("status") or ""))
        hub.publish(None, "cases")
        return JSONResponse({"ok": True, "case": await run_in_threadpool(console.get_case, cid)})

    async def agent_close(request: Request) -> Response:
        console = need_agent()
        cid = request.path_params["cid"]
        await run_in_threadpool(console.close, cid)
        hub.publish(None, "cases")
        return JSONResponse({"ok": True, "case": await run_in_threadpool(console.get_case, cid)})

    async def agent_milestone(request: Request) -> Response:
        console = need_agent()
        cid, mid = request.path_params["cid"], request.path_params["mid"]
        await run_in_threadpool(console.complete_milestone, cid, mid)
        hub.publish(None, "cases")
        return JSONResponse({"ok": True, "case": await run_in_threadpool(console.get_case, cid)})

    async def agent_categories(_: Request) -> Response:
        console = need_agent()
        return JSONResponse({"categories": await run_in_threadpool(articles.categories, console)})

    async def agent_article(request: Request) -> Response:
        console = need_agent()
        body = await read_json(request)
        made = await run_in_threadpool(lambda: articles.publish(
            console, str(body.get("title") or ""), str(body.get("summary") or ""), str(body.get("body") or ""),
            str(body.get("category") or "") or None))
        return JSONResponse({"ok": True, "article": made})

    async def healthz(_: Request) -> Response:
        return JSONResponse({"ok": True})

    routes = [
        Route("/", guarded(index)),
        Route("/healthz", healthz),
        Route("/api/session", guarded(session)),
        Route("/api/stream", stream),
        Route("/api/users/{uid}/state", guarded(state)),
        Route("/api/users/{uid}/messages", guarded(post_message), methods=["POST"]),
        Route("/api/users/{uid}/actions", guarded(post_action), methods=["POST"]),
        Route("/api/users/{uid}/views/{vid}/submit", guarded(submit_view), methods=["POST"]),
        Route("/api/users/{uid}/views/{vid}/close", guarded(close_view), methods=["POST"]),
        Route("/api/users/{uid}/home", guarded(open_home), methods=["POST"]),
        Route("/api/users/{uid}/files", guarded(upload), methods=["POST"]),
        *channel_routes(backend, known_user),
        Route("/api/agent/cases", guarded(agent_cases)),
        Route("/api/agent/statuses", guarded(agent_statuses)),
        Route("/api/agent/cases/{cid}", guarded(agent_case)),
        Route("/api/agent/cases/{cid}/comments", guarded(agent_comment), methods=["POST"]),
        Route("/api/agent/cases/{cid}/replies", guarded(agent_reply), methods=["POST"]),
        Route("/api/agent/cases/{cid}/status", guarded(agent_status), methods=["POST"]),
        Route("/api/agent/cases/{cid}/close", guarded(agent_close), methods=["POST"]),
        Route("/api/agent/cases/{cid}/milestones/{mid}/complete", guarded(agent_milestone), methods=["POST"]),
        Route("/api/agent/articles/categories", guarded(agent_categories)),
        Route("/api/agent/articles", guarded(agent_article), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.hub = hub
    app.add_middleware(LocalOnly, token=token)
    return app


class LocalOnly:
    """ASGI middleware: localguard's checks on every request but the static assets and /healthz; a page opened
    with the right `?token=` gets it as a cookie (SameSite=Strict, HttpOnly)."""

    def __init__(self, app: Any, token: str | None) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        path = request.url.path
        free = path.startswith("/static/") or path == "/healthz"
        query_token = request.query_params.get("token") if path == "/" else None
        problem = localguard.refusal(method=request.method, headers=request.headers, server=scope.get("server"),
                                     token=self.token, cookies=request.cookies, query_token=query_token,
                                     need_token=not free)
        if problem is not None:
            response: Response = JSONResponse({"ok": False, "error": problem[1]}, status_code=problem[0])
            await response(scope, receive, send)
            return
        if query_token and self.token:
            async def send_with_cookie(message: Any) -> None:
                if message["type"] == "http.response.start":
                    cookie = f"{localguard.COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                    message = {**message, "headers": [*message.get("headers", []),
                                                      (b"set-cookie", cookie.encode())]}
                await send(message)
            await self.app(scope, receive, send_with_cookie)
            return
        await self.app(scope, receive, send)
