"""`concierge run`: the bot process.

Builds everything through the composition root (runtime/root.py: settings, store, CaseDesk, the intent
parser, the Slack WebClient, the Bolt app, the notification jobs when RUN_POLLER is on) and serves:
Socket Mode when SLACK_APP_TOKEN is set (with `/healthz`, `/readyz` and `/metrics` on METRICS_PORT, default
PORT), otherwise HTTP on PORT (`/slack/events` and the same three) with uvicorn. Logging: runtime/logs.py.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from typing import Any

from notifications import FlushReport, PollReport

log = logging.getLogger("concierge.run")


def describe_cycle(report: object) -> str | None:
    """One concise line for a notifications job run that did something for someone (None when it did not).
    Reads the PollReport / FlushReport the job returned; failures are logged by the jobs themselves."""
    if isinstance(report, PollReport):
        done = [(report.sent, "notification(s) sent"), (report.nudges, "nudge(s)"),
                (report.recovered_resent, "resent after a crash"), (report.failed, "failed")]
        parts = [f"{n} {what}" for n, what in done if n]
        if not parts:
            return None
        return (f"poller: {', '.join(parts)} ({report.cases} case change(s), {report.comments} comment(s), "
                f"{report.durations.get('total', 0.0):.2f}s)")
    if isinstance(report, FlushReport):
        done = [(report.delivered, "delivered"), (report.failed, "failed"), (report.retry_later, "to retry later")]
        parts = [f"{n} {what}" for n, what in done if n]
        return f"outbox: {', '.join(parts)}" if parts else None
    return None


def _log_cycle(report: object) -> None:
    line = describe_cycle(report)
    if line:
        log.info("%s", line)


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

    from runtime.logs import configure_logging
    from runtime.settings import Settings
    from runtime.root import build
    from servicecloud import CaseDesk

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
    runtime = build(settings, desk=desk)
    runtime.listeners.intake.start()   # renew what this replica works on, take over what a dead one left
    if runtime.jobs is not None:
        runtime.jobs.on_each_run(_log_cycle)   # one line per cycle that did something (not APScheduler's)

    import uvicorn

    from runtime.serving import BackgroundServer
    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler
            log.info("connecting to Slack in Socket Mode")
            handler = SocketModeHandler(runtime.app, settings.slack_app_token, web_client=runtime.client,
                                        concurrency=max(10, settings.listener_threads))
            ops_port = settings.metrics_port or settings.port
            ops = BackgroundServer(runtime.ops_app(socket_connected=handler.client.is_connected),
                                   host=settings.host, port=ops_port).start()
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
            uvicorn.run(runtime.web_app(), host=settings.host, port=settings.port, log_level="warning",
                        access_log=False)
    finally:
        handed = runtime.listeners.shutdown(settings.shutdown_grace_seconds)
        if handed:
            log.info("handed %d unfinished message(s) back to the other replicas", handed)
        runtime.close(wait=False)
        runtime.store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
