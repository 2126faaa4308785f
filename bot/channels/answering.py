"""What the bot says back about a channel filing: in the thread, to the person who asked (ephemeral, or the
shortcut's response_url), privately to the author (the DM's questions and the case card), and the root's status
reaction (never on the bot's own posts)."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.channels import asking
from bot.channels.filing import Outcome, thread_text
from bot.channels.request import ChannelRequest
from bot.channels.rules import Entry
from bot.errors import Reply
from slackui.fit import escape
from slackui.slackpost import REPLY_EVENT_TYPE, post_once
from store import IntakeClaim

if TYPE_CHECKING:
    from bot.listeners.shared import Shared

log = logging.getLogger("concierge.channels")


class ChannelAnswers:
    """The replies of a channel filing, posted at most once each (keyed by the thread's intake claim)."""

    def __init__(self, core: Shared):
        self.core = core

    @property
    def config(self) -> Any:
        return self.core.concierge.deps.org.channels

    def answer(self, client: WebClient, claim: IntakeClaim, req: ChannelRequest, outcome: Outcome) -> None:
        if outcome.refusal:
            self.tell_actor(client, req, outcome.refusal)
            return
        since = claim.created_at.timestamp() if claim.resumed else None
        if outcome.asked and outcome.prompt is not None and outcome.requester:
            # asked privately first (the DM's filing rules): the channel sees neither the case nor the articles
            dm = self.core.dm_channel(client, outcome.requester)
            self.core.poster(client, dm, key=f"{claim.key}:ask", look_first_since=since)(outcome.prompt)
            note = asking.told_in_channel(outcome.asked, outcome.requester, req.actor)
            if req.response_url:
                self.respond(req, note)
            elif req.bot_in_channel:
                self.ephemeral(client, req.channel, req.actor, note)
            return
        if outcome.already or (outcome.case is None and not outcome.queued and not outcome.added):
            return
        who = outcome.requester or req.author or req.actor
        if outcome.queued:
            text = asking.QUEUED.format(who=who)
        elif outcome.added:
            text = asking.ADDED.format(who=who)
        else:
            assert outcome.case is not None
            text = thread_text(outcome.case.case_number, outcome.case.subject, who, private=outcome.private)
        if req.bot_in_channel:
            try:
                post_once(client, channel=req.channel, event_type=REPLY_EVENT_TYPE, key=f"{claim.key}:thread",
                          look_first_since=since, thread_ts=req.root_ts, text=escape(text), blocks=None)
            except SlackApiError as e:
                log.warning("could not answer in %s: %s", req.channel, e.response.get("error"))
            if not outcome.queued:
                self.react(client, req.channel, req.root_ts, self.config.status_reactions.filed)
        elif req.actor != outcome.requester or req.entry == Entry.SHORTCUT.value:
            number = outcome.case.case_number if outcome.case is not None else None
            if outcome.queued:
                self.respond(req, text)
            elif outcome.added:
                self.respond(req, f"Added to one of <@{who}>'s open cases.")
            else:
                self.respond(req, f"Filed case {number or '(number to follow)'} for <@{who}>."
                              if not outcome.private else f"Filed a case for <@{who}>; they'll hear about it by "
                                                         "direct message.")
        replies = ((outcome.card,) if outcome.card is not None else ()) + outcome.more
        if replies and outcome.requester:
            dm = self.core.dm_channel(client, outcome.requester)
            post = self.core.poster(client, dm, key=f"{claim.key}:dm", look_first_since=since)
            for reply in replies:
                post(reply)

    def ephemeral(self, client: WebClient, channel: str, user: str, text: str) -> None:
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=escape(text))
        except SlackApiError as e:
            log.info("could not tell %s in %s: %s", user, channel, e.response.get("error"))

    def tell_actor(self, client: WebClient, req: ChannelRequest, text: str) -> None:
        if req.response_url:
            self.respond(req, text)
            return
        try:
            client.chat_postEphemeral(channel=req.channel, user=req.actor, text=escape(text))
        except SlackApiError as e:
            log.info("could not tell %s in %s: %s", req.actor, req.channel, e.response.get("error"))
            self.core.poster(client, self.core.dm_channel(client, req.actor))(Reply.plain(text))

    @staticmethod
    def respond(req: ChannelRequest, text: str) -> None:
        if req.response_url:
            try:
                WebhookClient(req.response_url).send(text=escape(text), response_type="ephemeral")
            except Exception:  # noqa: BLE001 - an answer that can't be sent is logged, the work is done
                log.warning("could not answer the shortcut of %s", req.actor, exc_info=True)

    def react(self, client: WebClient, channel: str, ts: str, name: str) -> None:
        """A status reaction (never on the bot's own posts: `ts` is always a person's message)."""
        if not name:
            return
        try:
            client.reactions_add(channel=channel, timestamp=ts, name=name)
        except SlackApiError as e:
            if e.response.get("error") != "already_reacted":
                log.info("could not react in %s: %s", channel, e.response.get("error"))
