"""Build the Bolt app: `create_app(settings, store=..., desk=...)`, used by the runner, the tests and the demo."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.conversation import Concierge
from bot.directory import Directory
from bot.files import FileFetcher
from bot.listeners import Listeners

log = logging.getLogger("concierge.bot")


class _TokenWithClientNote(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment and then warns that the token given with `client`
    wins: that is exactly the intent here (the client carries the same token), so the note is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


logging.getLogger("slack_bolt.App").addFilter(_TokenWithClientNote())


def create_client(settings: Any) -> WebClient:
    """A WebClient on SLACK_API_URL that waits out 429s (Retry-After) and retries dropped connections."""
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=30,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2),
                        RateLimitErrorRetryHandler(max_retry_count=3)],
    )


def create_app(settings: Any, *, store: Any, desk: Any, client: WebClient | None = None,
               parse: Callable[[str], Any] | None = None) -> App:
    """The Bolt app with every listener registered.

    `parse` defaults to `intents.parse` (imported lazily so that building the app does not load spaCy).
    The app's `concierge` and `listeners` attributes give tests and the runner access to the layers.
    """
    client = client or create_client(settings)
    if parse is None:
        import intents
        parse = intents.parse
    org = settings.org
    app = App(
        # the token travels with `client` (Bolt ignores `token` when a client is given)
        signing_secret=settings.slack_signing_secret,
        client=client,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=max(4, int(settings.listener_threads)),
                                             thread_name_prefix="concierge-listener"),
        name="concierge",
    )
    directory = Directory(store=store, desk=desk, client=client, support_contact=org.support_contact)
    fetcher = FileFetcher(settings.slack_bot_token, max_bytes=org.attachments.max_bytes,
                          max_files=org.attachments.max_per_case)
    concierge = Concierge(desk=desk, store=store, directory=directory, fetcher=fetcher, org=org, parse=parse)
    listeners = Listeners(app, concierge, store=store, work_threads=max(4, int(settings.listener_threads)))
    listeners.register()
    app.concierge = concierge  # type: ignore[attr-defined]
    app.listeners = listeners  # type: ignore[attr-defined]
    return app
