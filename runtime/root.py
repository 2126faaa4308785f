"""The composition root: everything one Concierge process runs, built once, in one place.

    runtime = build(Settings())           # settings -> store, desk, parser, Slack client, Bolt app, jobs
    web = runtime.web_app()               # /slack/events, /healthz, /readyz, /metrics
    ...
    runtime.close()

`concierge run`, the sandbox (through `concierge run`), `concierge eval conversations` and the tests' `bot`
fixture all build through `build`; tests hand in their own store, desk or parser. Nothing here is attached
to Bolt's or APScheduler's objects: the parts are held by `Runtime`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from starlette.applications import Starlette

import notifications
from notifications.timing import timing_for
from bot.app import AppOptions, BotApp, ConciergeApp, create_app, create_client
from bot.budget import Limits
from bot.conversation import Concierge
from bot.csat_report import CsatCollector
from bot.channels.queued import QueuedChannelFilings
from bot.files import FileFetcher, SharedFile
from bot.listeners import Listeners
from bot.readmodel import ReadModel
from runtime.health import Readiness
from runtime.metrics import Metrics
from runtime.settings import Settings
from runtime.web import create_ops_app, create_web_app
from servicecloud import CaseDesk
from servicecloud.models import FileUpload
from servicecloud.protocols import Desk
from slackui.identity import Directory
from store import Store

log = logging.getLogger("concierge.run")


@dataclass(frozen=True)
class Runtime:
    """The parts of one running Concierge, as `build` wired them."""

    settings: Settings
    store: Store
    desk: Desk
    metrics: Metrics
    client: WebClient
    bot: BotApp
    jobs: notifications.Jobs | None = None   # None when the poller is off (RUN_POLLER=false)
    read_model: ReadModel | None = None      # employees' cases, shared by the bot and the poller

    @property
    def app(self) -> ConciergeApp:
        return self.bot.app

    @property
    def concierge(self) -> Concierge:
        return self.bot.concierge

    @property
    def listeners(self) -> Listeners:
        return self.bot.listeners

    @property
    def poller(self) -> notifications.Poller | None:
        return self.jobs.poller if self.jobs is not None else None

    @property
    def flusher(self) -> notifications.OutboxFlusher | None:
        return self.jobs.flusher if self.jobs is not None else None

    def readiness(self, *, socket_connected: Callable[[], bool] | None = None) -> Readiness:
        return Readiness(store=self.store, desk=self.desk, poller=self.poller, socket_connected=socket_connected,
                         last_good_cycle=lambda: self.metrics.last_good_cycle)

    def web_app(self) -> Starlette:
        """Slack's request URL and the operations routes (HTTP mode)."""
        return create_web_app(self.app, signing_secret=self.settings.slack_signing_secret,
                              max_body_bytes=self.settings.max_request_bytes, metrics=self.metrics,
                              readiness=self.readiness())

    def ops_app(self, *, socket_connected: Callable[[], bool]) -> Starlette:
        """The operations routes alone (Socket Mode)."""
        return create_ops_app(metrics=self.metrics, readiness=self.readiness(socket_connected=socket_connected))

    def close(self, wait: bool = True) -> None:
        """Stop the notification jobs (the poller lease is given up) and the bot's worker threads (with
        `wait`, the running tasks are waited for). The store stays open: whoever handed it in (or
        `concierge run`) closes it."""
        if self.jobs is not None:
            try:
                self.jobs.shutdown(wait=False)
            except Exception:
                log.exception("poller shutdown failed")
        self.bot.close(wait)


def file_fetcher(fetcher: FileFetcher) -> Callable[[list[dict[str, Any]]], list[FileUpload]]:
    """`fetch_files(files) -> [FileUpload]` for the outbox flusher: files of a case queued during an outage
    (SharedFile dicts, as the bot queues them) are downloaded from Slack when the case is finally filed."""
    def fetch_files(files: list[dict[str, Any]]) -> list[FileUpload]:
        shared = [SharedFile(**f) if "url" in f else SharedFile.from_slack(f) for f in files]
        return [fetcher.download(f) for f in shared]
    return fetch_files


def app_options(settings: Settings) -> AppOptions:
    """What the Bolt app needs of the process settings, typed (bot/app.py reads no settings object)."""
    return AppOptions(bot_token=settings.slack_bot_token, signing_secret=settings.slack_signing_secret,
                      api_url=settings.slack_api_url, org=settings.org, listener_threads=settings.listener_threads,
                      in_doubt=timedelta(seconds=settings.sf_in_doubt_seconds),
                      limits=Limits(messages_per_minute=settings.person_messages_per_minute,
                                    cases_per_day=settings.person_cases_per_day),
                      intake_lease_seconds=settings.intake_lease_seconds,
                      slow_notice_seconds=settings.slow_reply_notice_seconds)


def _intent_parser() -> Callable[[str], Any]:
    """The intent model, loaded (or trained) now: before the first message, not during it."""
    import intents
    intents.load()
    return intents.parse


def build(settings: Settings | None = None, *, store: Store | None = None, desk: Desk | None = None,
          client: WebClient | None = None, parse: Callable[[str], Any] | None = None,
          metrics: Metrics | None = None, holder: str | None = None) -> Runtime:
    """Build every part from `settings` (read from the environment when None); any part handed in is used
    as it is. The notification jobs start when RUN_POLLER is on (`holder` names this replica for the lease).
    CaseDesk.from_settings raises ValueError for settings Salesforce would refuse (before any network call)."""
    settings = settings if settings is not None else Settings()
    desk = desk if desk is not None else CaseDesk.from_settings(settings)
    store = store if store is not None else Store(settings.database_url)
    metrics = metrics if metrics is not None else Metrics()
    client = client if client is not None else create_client(settings.slack_bot_token, settings.slack_api_url,
                                                             counter=metrics.api_call_counter())
    parse = parse if parse is not None else _intent_parser()
    metrics.watch(desk=desk, store=store)
    metrics.registry.register(CsatCollector(store))      # ratings, read from the store at scrape time
    # Concierge's own status writes are recorded in the store before they are sent (the poller tells them
    # from an agent's by this record, never by LastModifiedById).
    desk.on_status_write = store.record_status_write
    # the read model of employees' cases (bot/readmodel.py): stale after two poll intervals without news
    poll_interval = float(settings.poll_interval_seconds or 30.0)
    read_model = ReadModel(store=store, desk=desk, org=settings.org, max_age=timedelta(seconds=2 * poll_interval))
    # who is who, both ways, and the one DM-channel cache: shared by the bot and the notifications
    directory = Directory(store=store, desk=desk, client=client, support_contact=settings.org.support_contact,
                          read_model=read_model)
    bot = create_app(app_options(settings), store=store, desk=desk, client=client, parse=parse, metrics=metrics,
                     read_model=read_model, timing_for=timing_for, directory=directory)
    jobs = None
    if settings.run_poller:
        jobs = notifications.start(org=settings.org, interval_seconds=poll_interval,
                                   in_doubt_seconds=settings.sf_in_doubt_seconds, store=store, desk=desk,
                                   client=client, holder=holder, directory=directory,
                                   fetch_files=file_fetcher(bot.fetcher), read_model=read_model,
                                   publish_home=lambda user: bot.listeners.publish_home(client, user),
                                   channel_filings=QueuedChannelFilings(settings.org.channels, store, client))
        jobs.on_each_run(metrics.observe_job)
        metrics.this_replica = jobs.poller.holder
    else:
        log.info("poller disabled (RUN_POLLER=false)")
    return Runtime(settings=settings, store=store, desk=desk, metrics=metrics, client=client, bot=bot, jobs=jobs,
                   read_model=read_model)
