"""`concierge run`: the bot process.

Builds Settings, the Store, CaseDesk and the Slack WebClient, the Bolt app, starts the notifications poller
(when the `notifications` package provides `start` and RUN_POLLER is on) and serves:
Socket Mode when SLACK_APP_TOKEN is set (with `/healthz`, `/readyz` and `/metrics` on METRICS_PORT, default
PORT), otherwise HTTP on PORT (`/slack/events` and the same three) with uvicorn. Logging: bot/logs.py.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from functools import partial
from typing import Any

log = logging.getLogger("concierge.run")


def _start_poller(settings: Any, *, store: Any, desk: Any, client: Any, fetch_files: Any = None) -> Any:
    if not settings.run_poller:
        log.info("poller disabled (RUN_POLLER=false)")
        return None
    try:
        notifications = importlib.import_module("notifications")
    except ImportError:
        return None
    start = getattr(notifications, "start", None)
    if start is None:
        log.warning("notifications.start is not available; running without the poller")
        return None
    return start(settings, store=store, desk=desk, client=client, fetch_files=fetch_files)


def describe_cycle(report: Any) -> str | None:
    """One concise line for a notifications job run that did something for someone (None when it did not).
    Reads the PollReport / FlushReport the job returned; failures are logged by the jobs themselves."""
    if report is None:
        return None
    if hasattr(report, "sent"):  # poller.PollReport
        done = [(getattr(report, "sent", 0), "notification(s) sent"), (getattr(report, "nudges", 0), "nudge(s)"),
                (getattr(report, "recovered_resent", 0), "resent after a crash"),
                (getattr(report, "failed", 0), "failed")]
        parts = [f"{n} {what}" for n, what in done if n]
        if not parts:
            return None
        return (f"poller: {', '.join(parts)} ({getattr(report, 'cases', 0)} case change(s), "
                f"{getattr(report, 'comments', 0)} comment(s), "
                f"{(getattr(report, 'durations', None) or {}).get('total', 0.0):.2f}s)")
    if hasattr(report, "delivered"):  # outbox.FlushReport
        done = [(getattr(report, "delivered", 0), "delivered"), (getattr(report, "failed", 0), "failed"),
                (getattr(report, "retry_later", 0), "to retry later")]
        parts = [f"{n} {what}" for n, what in done if n]
        return f"outbox: {', '.join(parts)}" if parts else None
    return None


def _watch_cycles(scheduler: Any, metrics: Any) -> None:
    """Log `describe_cycle` of each notifications job run (instead of APScheduler's per-run INFO lines) and
    feed its report to the metrics."""
    try:
        from apscheduler.events import EVENT_JOB_EXECUTED
    except ImportError:  # pragma: no cover
        return

    def on_executed(event: Any) -> None:
        report = getattr(event, "retval", None)
        metrics.observe_job(report)
        line = describe_cycle(report)
        if line:
            log.info("%s", line)
    scheduler.add_listener(on_executed, EVENT_JOB_EXECUTED)


def make_file_fetcher(fetcher: Any) -> Any:
    """`fetch_files(files) -> [FileUpload]` for the outbox flusher: files of a case queued during an outage
    (SharedFile dicts, as the bot queues them) are downloaded from Slack when the case is finally filed."""
    from bot.files import SharedFile

    def fetch_files(files: list[dict[str, Any]]) -> list[Any]:
        shared = [SharedFile(**f) if "url" in f else SharedFile.from_slack(f) for f in files]
        return [fetcher.download(f) for f in shared]
    return fetch_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concierge run", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="HTTP port (default: PORT, 3000)")
    parser.add_argument("--host", help="HTTP bind address (default: HOST, 0.0.0.0)")
    parser.add_argument("--no-poller", action="store_true", help="do not start the notifications poller")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log at DEBUG, including every scheduler run (default: one line per poll cycle "
                             "that sent something)")
    args = parser.parse_args(argv or [])

    from bot.app import create_app, create_client
    from bot.health import Readiness
    from bot.logs import configure_logging
    from bot.metrics import Metrics
    from bot.settings import Settings
    from servicecloud import CaseDesk
    from store import Store

    overrides: dict[str, Any] = {}
    if args.port is not None:
        overrides["PORT"] = args.port
    if args.host:
        overrides["HOST"] = args.host
    if args.no_poller:
        overrides["RUN_POLLER"] = False
    settings = Settings(**overrides)
    missing = [name for name, value in (("SLACK_BOT_TOKEN", settings.slack_bot_token),
                                        ("SLACK_SIGNING_SECRET", settings.slack_signing_secret or
                                         settings.slack_app_token)) if not value]
    if missing:
        print(f"concierge run: set {', '.join(missing)} (see README.md)", file=sys.stderr)
        return 2

    try:
        desk = CaseDesk.from_settings(settings)   # refuses settings Salesforce would refuse (no network yet)
    except ValueError as exc:
        print(f"concierge run: {exc}", file=sys.stderr)
        return 2
    configure_logging(args.log_level, verbose=args.verbose, log_format=settings.log_format,
                      secrets=settings.secrets())
    store = Store(settings.database_url)
    metrics = Metrics()
    client = create_client(settings, metrics=metrics)
    import intents
    intents.load()  # load (or train) the language model before the first message, not during it
    app = create_app(settings, store=store, desk=desk, client=client, metrics=metrics)
    listeners = app.listeners  # type: ignore[attr-defined]
    listeners.intake.start()   # renew what this replica works on, take over what a dead one left
    scheduler = _start_poller(settings, store=store, desk=desk, client=client,
                              fetch_files=make_file_fetcher(app.concierge.fetcher))  # type: ignore[attr-defined]
    poller = getattr(scheduler, "concierge_poller", None)
    if scheduler is not None and hasattr(scheduler, "add_listener"):
        _watch_cycles(scheduler, metrics)
    metrics.this_replica = getattr(poller, "holder", None)
    readiness_of = partial(Readiness, store=store, desk=desk, poller=poller,
                           last_good_cycle=lambda: metrics.last_good_cycle)

    import uvicorn

    from bot.web import BackgroundServer, create_ops_app, create_web_app
    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler
            log.info("connecting to Slack in Socket Mode")
            handler = SocketModeHandler(app, settings.slack_app_token, web_client=client,
                                        concurrency=max(10, settings.listener_threads))
            ops_port = settings.metrics_port or settings.port
            ops = BackgroundServer(create_ops_app(metrics=metrics, readiness=readiness_of(
                socket_connected=handler.client.is_connected)), host=settings.host, port=ops_port).start()
            log.info("serving /healthz, /readyz, /metrics on %s:%s", settings.host, ops.port)
            handler.connect()
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            stop.wait()
            handler.close()
            ops.stop()
        else:
            log.info("serving HTTP on %s:%s (/slack/events, /healthz, /readyz, /metrics)", settings.host,
                     settings.port)
            uvicorn.run(create_web_app(app, metrics=metrics, readiness=readiness_of()), host=settings.host,
                        port=settings.port, log_level="warning", access_log=False)
    finally:
        handed = listeners.shutdown(settings.shutdown_grace_seconds)
        if handed:
            log.info("handed %d unfinished message(s) back to the other replicas", handed)
        if scheduler is not None:
            try:
                scheduler.shutdown(wait=False)
            except Exception:
                log.exception("poller shutdown failed")
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
