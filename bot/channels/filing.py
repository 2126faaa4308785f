"""Filing a case from a channel message, and a requester's thread reply as a comment: the DM's rules underneath
(the subject, triage and urgency of bot/ticket.py, write_once against a lost answer, the case card), for the
message's author, keyed by channel and thread root (store.channel_cases: one case per thread)."""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import slacktext, wording
from bot.channels.rules import REFUSAL_WORDS, Author, Entry, Refusal, sensitive_words, strip_mention, trust_refusal
from bot.errors import Reply, ThreadStart
from bot.ticket import next_steps
from bot.usecases import comments
from bot.usecases.base import Deps, write_once
from bot.usecases.filing import ticket_fields
from servicecloud import landed
from servicecloud.channel_config import ChannelsConfig
from servicecloud.errors import ContactNotFound, SalesforceUnavailable
from servicecloud.models import CaseOverrides, CaseView

log = logging.getLogger("concierge.channels")

FILED_FROM = "slack_channel"        # file_case's `channel` for cases filed from a channel (origin_by_channel key)


@dataclass(frozen=True)
class ChannelRequest:
    """A message to file: where it is (channel, its thread root), who wrote it (`author`, the case is theirs), who
    asked (`actor`: the person who reacted, clicked or mentioned; the author in auto channels) and how."""

    channel: str
    root_ts: str
    message_ts: str
    author: str | None
    text: str
    actor: str
    entry: str
    bot_in_channel: bool = True
    channel_name: str | None = None
    response_url: str | None = None
    team_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChannelRequest:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Outcome:
    """What filing came to: a case (`already`: the thread had one), or words for the actor (`refusal`)."""

    case: CaseView | None = None
    requester: str | None = None
    private: bool = False
    already: bool = False
    refusal: str | None = None
    card: Reply | None = None            # the author's DM: the case card, starting the case's DM thread


class ChannelFiling:
    def __init__(self, deps: Deps, client: WebClient, *, bot_user_id: str | None):
        self.deps, self.client, self.bot_user_id = deps, client, bot_user_id

    @property
    def config(self) -> ChannelsConfig:
        return self.deps.org.channels

    def file(self, req: ChannelRequest, *, dedupe_key: str) -> Outcome:
        deps = self.deps
        existing = deps.store.channel_cases.at(req.channel, req.root_ts)
        if existing is not None:
            return Outcome(already=True, requester=existing.requester, private=existing.private)
        if not req.author:
            return Outcome(refusal=REFUSAL_WORDS[Refusal.NOT_A_PERSON])
        author = Author.from_api(self.client.users_info(user=req.author)["user"])
        refused = trust_refusal(author, self.config, team_id=req.team_id)
        if refused is not None:
            return Outcome(refusal=REFUSAL_WORDS[refused].format(who=f"<@{req.author}>"))
        try:
            emp = deps.directory.employee(req.author)
        except ContactNotFound:
            return Outcome(refusal=f"I can't file a case for <@{req.author}>: they aren't in Salesforce yet. "
                                   f"Please contact {deps.org.support_contact}.")
        text = slacktext.to_plain(strip_mention(req.text, self.bot_user_id)).strip()
        if not text:
            return Outcome(refusal="There's nothing in that message to file as a case.")
        channel = self.config.channel(req.channel, req.channel_name)
        private = channel.private_replies or bool(sensitive_words(text, self.config))
        ticket = ticket_fields(deps, text)
        why = ticket.pop("why")
        if channel.priority and not why:
            ticket["priority"] = channel.priority
        parsed = deps.parse(text)
        case_type = getattr(parsed, "case_type", None) or deps.org.defaults.type_incident
        where = f"#{req.channel_name}" if req.channel_name else f"<#{req.channel}>"
        link = self._permalink(req.channel, req.message_ts)
        description = f"{text}\n\n---\nPosted in Slack {where} by {author_name(self.client, req.author)}" \
                      + (f": {link}" if link else "") + f" (thread {req.root_ts})"
        notes: list[tuple[str, bool]] = []
        earlier = self._earlier_replies(req)
        if earlier:
            notes.append(("Earlier in the Slack thread:\n" + "\n".join(earlier), True))
        notes.append((f"Concierge filed this case from Slack {where} ({req.entry}) at the request of "
                      f"{author_name(self.client, req.actor)} for {author_name(self.client, req.author)}."
                      + (f" Message: {link}" if link else ""), False))
        over = CaseOverrides(origin=channel.origin or self.config.origin, record_type_id=channel.record_type_id,
                             category_value=channel.category_value, comments=tuple(notes))
        case = write_once(
            lambda since: landed.filed_case(deps.desk, emp.contact_id, ticket["subject"], since),
            lambda: deps.desk.file_case(emp.contact_id, text, description=description, case_type=case_type,
                                        channel=FILED_FROM, slack_user_id=emp.slack_user_id, overrides=over, **ticket))
        recorded = deps.store.channel_cases.record(req.channel, req.root_ts, case_id=case.id,
                                                   case_number=case.case_number, requester=req.author,
                                                   private=private, public_updates=channel.public_updates)
        deps.track(emp, case)
        card = wording.filed(case, attachments=0, sorry=None, why=why, problems=(),
                             next_steps=next_steps(case.assignee, urgent=bool(why)))
        card = replace(card, starts_thread=ThreadStart(emp.slack_user_id, case.id))
        return Outcome(case=case, requester=recorded.requester, private=recorded.private, card=card)

    def comment(self, channel: str, root_ts: str, author: str, text: str, *, dedupe_key: str,
                wait_seconds: float = 0.0) -> bool:
        """The requester's words in their case's thread (or, in an auto channel, their next message of a burst):
        a public comment on the case. Anyone else's: nothing (False). `wait_seconds`: how long to wait for the
        case of a burst whose first message is still being filed."""
        deadline = time.monotonic() + wait_seconds
        found = self.deps.store.channel_cases.at(channel, root_ts)
        while found is None and time.monotonic() < deadline:
            time.sleep(0.2)
            found = self.deps.store.channel_cases.at(channel, root_ts)
        words = slacktext.to_plain(strip_mention(text, self.bot_user_id)).strip()
        if found is None or found.requester != author or not words:
            return False
        comments.thread_reply(self.deps, author, found.case_id, words, [], dedupe_key=dedupe_key)
        return True

    def _permalink(self, channel: str, ts: str) -> str | None:
        try:
            return str(self.client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
        except SlackApiError as e:
            log.info("no permalink for %s/%s: %s", channel, ts, e.response.get("error"))
            return None

    def _earlier_replies(self, req: ChannelRequest) -> list[str]:
        """The thread's messages before the one filed (people's only), when it is a reply in a channel the bot is
        in; a message filed by the shortcut from elsewhere, or a top-level one, reads no history."""
        if req.message_ts == req.root_ts or not req.bot_in_channel:
            return []
        try:
            msgs = self.client.conversations_replies(channel=req.channel, ts=req.root_ts,
                                                     latest=req.message_ts, inclusive=False)["messages"]
        except SlackApiError as e:
            log.info("could not read thread %s/%s: %s", req.channel, req.root_ts, e.response.get("error"))
            return []
        return [f"<@{m.get('user')}>: {slacktext.to_plain(m.get('text'))}" for m in msgs
                if m.get("user") and not m.get("bot_id") and m.get("ts") != req.message_ts][:50]


def author_name(client: WebClient, user_id: str | None) -> str:
    if not user_id:
        return "an app"
    try:
        u = client.users_info(user=user_id)["user"]
        return str(u.get("real_name") or u.get("name") or user_id)
    except SlackApiError:
        return user_id


__all__ = ["ChannelFiling", "ChannelRequest", "Entry", "Outcome", "SalesforceUnavailable"]
