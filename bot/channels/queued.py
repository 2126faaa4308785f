"""Channel filings queued during a Salesforce outage (bot/channels/filing.py queues them as a DM's case is queued,
keyed by the thread: `chan:<channel>:<root>`), finished when the outbox delivers them (notifications/outbox.py calls
this hook): the channel's Origin, record type and category and a private work note go with the case, then the
thread maps to it (store.channel_cases), the thread is told the case number (once: keyed by the entry), and the
root gets the `filed` reaction. The author's DM hears of it from the outbox itself, as for every queued case."""
from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.channels.filing import thread_text
from bot.channels.request import thread_of
from bot.channels.rules import sensitive_words
from servicecloud.channel_config import ChannelsConfig
from servicecloud.models import CaseOverrides
from slackui.fit import escape
from slackui.slackpost import REPLY_EVENT_TYPE, post_once
from store import OutboxEntry, Store
from store.payloads import OutboxOp

log = logging.getLogger("concierge.channels")


class QueuedChannelFilings:
    def __init__(self, config: ChannelsConfig, store: Store, client: WebClient):
        self.config, self.store, self.client = config, store, client

    @staticmethod
    def thread(entry: OutboxEntry) -> tuple[str, str] | None:
        """(channel, thread root) of a queued channel filing; None for any other entry."""
        return thread_of(entry.dedupe_key) if entry.op == OutboxOp.FILE_CASE else None

    def overrides(self, entry: OutboxEntry) -> CaseOverrides | None:
        where = self.thread(entry)
        if where is None:
            return None
        channel = self.config.channel(where[0])
        note = (f"Concierge filed this case from Slack <#{where[0]}> (thread {where[1]}); it was queued at "
                f"{entry.created_at:%Y-%m-%d %H:%M} UTC while Salesforce was unavailable.")
        return CaseOverrides(origin=channel.origin or self.config.origin, record_type_id=channel.record_type_id,
                             category_value=channel.category_value, comments=((note, False),))

    def filed(self, entry: OutboxEntry, case: Any) -> None:
        """The queued case exists (filed now, or found filed by an earlier attempt): the thread's side."""
        where = self.thread(entry)
        if where is None or not getattr(case, "id", None):
            return
        channel_id, root = where
        channel = self.config.channel(channel_id)
        text = str(entry.payload.get("text") or "")
        private = channel.private_replies or bool(sensitive_words(text, self.config))
        recorded = self.store.channel_cases.record(channel_id, root, case_id=str(case.id),
                                                   case_number=getattr(case, "case_number", None),
                                                   requester=entry.slack_user_id, private=private,
                                                   public_updates=channel.public_updates)
        if recorded.case_id != str(case.id):
            return                      # the thread had another case meanwhile: nothing to say
        said = thread_text(getattr(case, "case_number", None), str(getattr(case, "subject", "") or ""),
                           entry.slack_user_id, private=recorded.private)
        try:
            post_once(self.client, channel=channel_id, event_type=REPLY_EVENT_TYPE, key=f"{entry.dedupe_key}:filed",
                      look_first_since=entry.created_at.timestamp(), thread_ts=root, text=escape(said), blocks=None)
        except SlackApiError as e:
            log.warning("could not tell thread %s/%s about its case: %s", channel_id, root, e.response.get("error"))
        if self.config.status_reactions.filed:
            try:
                self.client.reactions_add(channel=channel_id, timestamp=root, name=self.config.status_reactions.filed)
            except SlackApiError as e:
                if e.response.get("error") != "already_reacted":
                    log.info("could not react in %s: %s", channel_id, e.response.get("error"))
