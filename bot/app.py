"""Build the Bolt app: `create_client(token, api_url)` and `create_app(options, store=..., desk=..., ...)`; the
composition root (runtime/root.py) is the one caller and reads the process settings into `AppOptions`."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler

from bot import guard, request_context
from bot.budget import Budget, Limits
from bot.conversation import Concierge
from slackui.identity import Directory
from bot.files import FileFetcher, file_hosts
from bot.listeners import Listeners
from bot.preferences import TimingFor
from bot.readback import ReadBackDesk
from bot.readmodel import ReadModel
from servicecloud.config import OrgConfig
from servicecloud.protocols import Desk
from slackui.pace import PacedRateLimitErrorRetryHandler
from slackui.slackpost import SafeConnectionErrorRetryHandler
from store import Store

log = logging.getLogger("concierge.bot")
P = TypeVar("P")


class AppMetrics(Protocol):
    """What the Bolt app measures (runtime/metrics.py `Metrics`, the process's instruments, is the one kind)."""

    def observe_ack(self, kind: str, seconds: float) -> None: ...

    def observe_request(self, kind: str, outcome: str, seconds: float, *, replied: bool) -> None: ...

    def observe_rate_limited(self) -> None: ...

    def observing_parse(self, parse: Callable[[str], P]) -> Callable[[str], P]: ...


@dataclass(frozen=True)
class AppOptions:
    """What the Bolt app and the layers behind it need of the process settings (runtime/settings.py names them:
    SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL, LISTENER_THREADS, SF_IN_DOUBT_SECONDS,
    PERSON_MESSAGES_PER_MINUTE / PERSON_CASES_PER_DAY, INTAKE_LEASE_SECONDS, SLOW_REPLY_NOTICE_SECONDS)."""

    bot_token: str
    signing_secret: str
    api_url: str
    org: OrgConfig
    listener_threads: int = 32
    in_doubt: timedelta = timedelta(seconds=600)
    limits: Limits = field(default_factory=Limits)
    intake_lease_seconds: float = 10.0
    slow_notice_seconds: float = 5.0


class _TokenWithClientNote(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment and then warns that the token given with `client`
    wins: that is exactly the intent here (the client carries the same token), so the note is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_TokenWithClientNote())


class _NoRefusedBodies(logging.Filter):
    """Bolt's request verification logs every refused request whole, body included (an attacker's megabytes, a
    forged line after a newline, or a genuine message refused for a stale timestamp). The guard in front of Bolt
    (runtime/web.py) logs one short line instead, so Bolt's is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Invalid request signature detected")


logging.getLogger("slack_bolt.RequestVerification").addFilter(_NoRefusedBodies())


def create_client(token: str, api_url: str, *, counter: RetryHandler | None = None) -> WebClient:
    """A WebClient on `api_url` (SLACK_API_URL) that waits out 429s (Retry-After) and retries dropped connections,
    except for posts, which are looked up before being sent again (slackui/slackpost.py); with `counter` (the
    metrics' `api_call_counter()`), every response is counted (the counter comes first and never retries)."""
    counting: list[RetryHandler] = [counter] if counter is not None else []
    return WebClient(
        token=token,
        base_url=api_url,
        timeout=30,
        retry_handlers=[*counting, SafeConnectionErrorRetryHandler(max_retry_count=2),
                        PacedRateLimitErrorRetryHandler(max_retry_count=3)],
    )


class ConciergeApp(App):
    """Bolt's App with each dispatch (HTTP and Socket Mode alike) inside a request scope: the request id on
    every log line, the reference in error replies, the ack timed, the delivery counted when its last task
    (on the listener executor or the work pool, both `ContextExecutor`s) is done."""

    def __init__(self, *, metrics: AppMetrics, **kwargs: Any):
        super().__init__(**kwargs)
        self.metrics = metrics

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("type") == "app_rate_limited" and guard.trusted(req.mode, req.context):
            return self._rate_limited(body)
        scope = request_context.RequestScope(request_context.request_id_of(body), request_context.kind_of(body),
                                             on_finish=self._finished)
        token = request_context.open_scope(scope)
        try:
            response = super().dispatch(req)
            if response.status >= 400:
                scope.set_outcome(f"http_{response.status}")
            return response
        except Exception:
            scope.set_outcome("error")
            raise
        finally:
            self.metrics.observe_ack(scope.kind, time.perf_counter() - scope.started)
            scope.finish()
            request_context.close_scope(token)

    def _rate_limited(self, body: dict[str, Any]) -> BoltResponse:
        """Slack is holding back this app's event deliveries (https://api.slack.com/events/app_rate_limited: over
        30,000 events an hour from one workspace, or too many deliveries not acknowledged): a warning and a metric,
        answered 200 (there is nothing to handle, and a refusal would count as one more failed delivery)."""
        self.metrics.observe_rate_limited()
        log.warning("Slack is rate-limiting event deliveries to this app (app_rate_limited, team %s, minute %s): "
                    "events are being dropped until it ends", str(body.get("team_id"))[:20],
                    str(body.get("minute_rate_limited"))[:20])
        return BoltResponse(status=200, body="")

    def _finished(self, scope: request_context.RequestScope, seconds: float) -> None:
        self.metrics.observe_request(scope.kind, scope.outcome, seconds, replied=scope.had_work)


@dataclass(frozen=True)
class BotApp:
    """The Bolt app and the layers behind its listeners, as `create_app` wired them."""

    app: ConciergeApp
    concierge: Concierge
    listeners: Listeners
    fetcher: FileFetcher

    def close(self, wait: bool = True) -> None:
        """Stop the listener executor and the work pool (tasks not yet started are dropped; with `wait`,
        the running ones are waited for)."""
        self.app.listener_runner.listener_executor.shutdown(wait=wait, cancel_futures=True)
        self.listeners.work_pool.shutdown(wait=wait, cancel_futures=True)


def create_app(options: AppOptions, *, store: Store, desk: Desk, client: WebClient, parse: Callable[[str], Any],
               metrics: AppMetrics, read_model: ReadModel, timing_for: TimingFor,
               directory: Directory | None = None) -> BotApp:
    """The Bolt app with every listener registered, on `client` (see `create_client`), answering with
    `parse` (intents.parse); `metrics` (runtime/metrics.py) receives this app's measurements; `read_model`
    (bot/readmodel.py) holds the employees' cases; `timing_for` is the notifications' rule for when a
    person's notices come (bot/preferences.py); `directory` (slackui/identity.py) is the process's one map of who
    is who, with its DM channels (one is built on `client` when none is given). The composition root
    (runtime/root.py) calls it once per process."""
    org = options.org
    threads = max(4, int(options.listener_threads))
    app = ConciergeApp(
        metrics=metrics,
        # the token travels with `client` (Bolt ignores `token` when a client is given)
        signing_secret=options.signing_secret,
        client=client,
        process_before_response=False,
        listener_executor=request_context.ContextExecutor(max_workers=threads, thread_name_prefix="concierge-listener"),
        # Bolt sets the level of the logger named after the app to the root's at construction: a name outside the
        # `concierge.*` loggers keeps it from pinning theirs (a bot built before logging is configured, as in tests)
        name="concierge-bolt",
    )
    desk = ReadBackDesk(desk, read_model)   # every CaseView the bot gets back feeds the read model (a Desk too)
    if directory is None:
        directory = Directory(store=store, desk=desk, client=client, support_contact=org.support_contact,
                              read_model=read_model)
    fetcher = FileFetcher(options.bot_token, org.attachments, hosts=file_hosts(options.api_url))
    concierge = Concierge(desk=desk, store=store, directory=directory, fetcher=fetcher, org=org,
                          parse=metrics.observing_parse(parse), cases=read_model, timing_for=timing_for,
                          in_doubt=options.in_doubt, budget=Budget(store, options.limits))
    listeners = Listeners(app, concierge, store=store, work_threads=threads,
                          intake_lease_seconds=options.intake_lease_seconds,
                          slow_notice_seconds=options.slow_notice_seconds, dms=directory.dms)
    listeners.register()
    return BotApp(app=app, concierge=concierge, listeners=listeners, fetcher=fetcher)
