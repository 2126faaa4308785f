"""`concierge run`: the bot process.

Builds Settings, the Store, CaseDesk and the Slack WebClient, the Bolt app, starts the notifications poller
(when the `notifications` package provides `start` and RUN_POLLER is on) and serves:
Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT (`/slack/events`, `/healthz`) with uvicorn.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
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


# Libraries that log every routine step at INFO (APScheduler: two lines per job run, i.e. every poll cycle).
_CHATTY_LOGGERS = ("apscheduler",)


class _RoutineSchedulerWarnings(logging.Filter):
    """Drops APScheduler's warnings about runs skipped or started late: with one instance per job, a poll
    cycle that outlasts the interval simply makes the next one wait, which is by design, not a problem."""

    _ROUTINE = ("maximum number of running instances reached", "was missed by")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(text in message for text in self._ROUTINE)


def configure_logging(level: str = "INFO", *, verbose: bool = False) -> None:
    """One format for every logger; routine library chatter only when verbose (or at DEBUG)."""
    root_level = logging.DEBUG if verbose else getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(level=root_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet = root_level > logging.DEBUG
    for name in _CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING if quiet else logging.NOTSET)
        for f in [f for f in logger.filters if isinstance(f, _RoutineSchedulerWarnings)]:
            logger.removeFilter(f)
    if quiet:
        for name in ("apscheduler.scheduler", "apscheduler.executors.default"):
            logging.getLogger(name).addFilter(_RoutineSchedulerWarnings())


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


def _log_cycles(scheduler: Any) -> None:
    """Log `describe_cycle` of each notifications job run (instead of APScheduler's per-run INFO lines)."""
    try:
        from apscheduler.events import EVENT_JOB_EXECUTED
    except ImportError:  # pragma: no cover
        return

    def on_executed(event: Any) -> None:
        line = describe_cycle(getattr(event, "retval", None))
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
    configure_logging(args.log_level, verbose=args.verbose)

    from bot.app import create_app, create_client
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
    store = Store(settings.database_url)
    client = create_client(settings)
    import intents
    intents.load()  # load (or train) the language model before the first message, not during it
    app = create_app(settings, store=store, desk=desk, client=client)
    scheduler = _start_poller(settings, store=store, desk=desk, client=client,
                              fetch_files=make_file_fetcher(app.concierge.fetcher))  # type: ignore[attr-defined]
    if scheduler is not None and hasattr(scheduler, "add_listener"):
        _log_cycles(scheduler)

    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler
            log.info("connecting to Slack in Socket Mode")
            handler = SocketModeHandler(app, settings.slack_app_token, web_client=client,
                                        concurrency=max(10, settings.listener_threads))
            handler.connect()
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            stop.wait()
            handler.close()
        else:
            import uvicorn

            from bot.web import create_web_app

            def health() -> dict[str, Any]:
                return {"ok": True, "salesforce_api_usage": desk.api_usage(),
                        "poller": scheduler is not None}

            log.info("serving HTTP on %s:%s (/slack/events, /healthz)", settings.host, settings.port)
            uvicorn.run(create_web_app(app, health=health), host=settings.host, port=settings.port,
                        log_level="warning", access_log=False)
    finally:
        if scheduler is not None:
            try:
                scheduler.shutdown(wait=False)
            except Exception:
                log.exception("poller shutdown failed")
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
