"""HTTP serving: a Starlette app with Slack's request URL (`/slack/events`) and the operations routes
(`/healthz`, `/readyz`, `/metrics`), run by uvicorn. In Socket Mode only the operations routes are served
(`create_ops_app`, on METRICS_PORT).

`/slack/events` is guarded before Bolt sees anything (decision 11, bot/guard.py): the body's size is capped
before it is read (413), the signature is checked on the raw bytes (401), the body is parsed (400); a refusal
is one short log line without the body, a counter, and no Slack call. Only then is the request dispatched to
Bolt, marked verified in its context (`VERIFIED`): the last-resort error reply answers verified requests only.

Bolt's `App.dispatch` is synchronous (it verifies the signature, runs middleware and waits for the ack), so
it runs in Starlette's thread pool: the event loop keeps accepting requests while one is dispatched.
"""
from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import guard
from runtime.health import Readiness
from runtime.metrics import CONTENT_TYPE, Metrics
from runtime.serving import BackgroundServer

EVENTS_PATH = "/slack/events"
VERIFIED = guard.VERIFIED
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
__all__ = ["DEFAULT_MAX_BODY_BYTES", "EVENTS_PATH", "VERIFIED", "BackgroundServer", "create_ops_app",
           "create_web_app", "ops_routes"]
log = logging.getLogger("concierge.web")


def ops_routes(*, metrics: Metrics | None = None, readiness: Readiness | None = None) -> list[Route]:
    """`/healthz` (the process answers), `/readyz` (runtime/health.py; 503 naming what is wrong), `/metrics`."""
    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def readyz(request: Request) -> Response:
        report = await run_in_threadpool(readiness.check) if readiness else {"ok": True, "checks": {}}
        return JSONResponse(report, status_code=200 if report["ok"] else 503)

    async def metrics_page(request: Request) -> Response:
        if metrics is None:
            return Response("no metrics\n", status_code=404, media_type="text/plain")
        body = await run_in_threadpool(metrics.render)
        return Response(body, media_type=CONTENT_TYPE)

    return [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics_page, methods=["GET"])]


def create_web_app(app: App, *, signing_secret: str, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                   metrics: Metrics | None = None, readiness: Readiness | None = None) -> Starlette:
    def refuse(request: Request, status: int, reason: str, size: int | None = None) -> Response:
        client = request.client.host if request.client else "?"
        log.info("refused a request to %s: %d %s (from %s, %s bytes)", EVENTS_PATH, status, reason, client,
                 "?" if size is None else size)
        if metrics is not None:
            metrics.refused_requests.labels(str(status), reason).inc()
        return JSONResponse({"error": reason}, status_code=status)

    async def slack_events(request: Request) -> Response:
        headers = request.headers
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_body_bytes):
            return refuse(request, 413 if declared.isdigit() else 400, "body too large" if declared.isdigit()
                          else "bad content-length")
        timestamp, signature = headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature")
        early = guard.signature_problem(signing_secret, timestamp, signature, b"")
        if early not in (None, "mismatch"):       # missing, malformed or stale: no need to read the body
            return refuse(request, 401, early)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body_bytes:
                return refuse(request, 413, "body too large")
            chunks.append(chunk)
        body = b"".join(chunks)
        problem = guard.signature_problem(signing_secret, timestamp, signature, body)
        if problem is not None:
            return refuse(request, 401, problem, size)
        try:
            parsed = guard.parse_body(body, headers.get("content-type"))
        except guard.BadRequest as e:
            return refuse(request, 400, str(e), size)
        try:
            bolt_request = to_bolt_request(request, body, {VERIFIED: True})
        except Exception:  # noqa: BLE001 - Bolt could not read what the guard could: still the body's fault
            return refuse(request, 400, "unreadable body", size)
        if bolt_request.body != parsed:    # Bolt's own reading differs (a form mentioning "payload"): ours wins
            bolt_request.body = parsed
            bolt_request.context = build_context(BoltContext({VERIFIED: True}), parsed)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return Starlette(routes=[Route(EVENTS_PATH, slack_events, methods=["POST"]),
                             *ops_routes(metrics=metrics, readiness=readiness)])


def create_ops_app(*, metrics: Metrics | None = None, readiness: Readiness | None = None) -> Starlette:
    """The operations routes alone (Socket Mode: Slack's traffic comes over the WebSocket)."""
    return Starlette(routes=ops_routes(metrics=metrics, readiness=readiness))

