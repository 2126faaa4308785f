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
    args = parser.parse_args(argv or [])
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

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

    store = Store(settings.database_url)
    desk = CaseDesk.from_settings(settings)
    client = create_client(settings)
    import intents
    intents.load()  # load (or train) the language model before the first message, not during it
    app = create_app(settings, store=store, desk=desk, client=client)
    scheduler = _start_poller(settings, store=store, desk=desk, client=client,
                              fetch_files=make_file_fetcher(app.concierge.fetcher))

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
            except Exception:  # noqa: BLE001
                log.exception("poller shutdown failed")
        store.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
