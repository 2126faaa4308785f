"""HTTP serving: a Starlette app with Slack's request URL (`/slack/events`) and the operations routes
(`/healthz`, `/readyz`, `/metrics`), run by uvicorn. In Socket Mode only the operations routes are served
(`create_ops_app`, on METRICS_PORT).

Bolt's `App.dispatch` is synchronous (it verifies the signature, runs middleware and waits for the ack), so
it runs in Starlette's thread pool: the event loop keeps accepting requests while one is dispatched.
"""
from __future__ import annotations


from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.health import Readiness
from bot.metrics import CONTENT_TYPE, Metrics
from bot.serving import BackgroundServer

EVENTS_PATH = "/slack/events"
__all__ = ["EVENTS_PATH", "BackgroundServer", "create_ops_app", "create_web_app", "ops_routes"]


def ops_routes(*, metrics: Metrics | None = None, readiness: Readiness | None = None) -> list[Route]:
    """`/healthz` (the process answers), `/readyz` (bot/health.py; 503 naming what is wrong), `/metrics`."""
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


def create_web_app(app: App, *, metrics: Metrics | None = None, readiness: Readiness | None = None) -> Starlette:
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        bolt_request = to_bolt_request(request, body)
        bolt_response = await run_in_threadpool(app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return Starlette(routes=[Route(EVENTS_PATH, slack_events, methods=["POST"]),
                             *ops_routes(metrics=metrics, readiness=readiness)])


def create_ops_app(*, metrics: Metrics | None = None, readiness: Readiness | None = None) -> Starlette:
    """The operations routes alone (Socket Mode: Slack's traffic comes over the WebSocket)."""
    return Starlette(routes=ops_routes(metrics=metrics, readiness=readiness))

