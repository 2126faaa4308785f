"""Filing a case from a channel message, and a requester's thread reply as a comment: the DM's rules underneath
(the subject, triage and urgency of bot/ticket.py, the similar-case question and Knowledge answers, write_once
against a lost answer, the outbox during an outage, the case card), for the message's author, keyed by channel and
thread root (store.channel_cases: one case per thread).

Before filing, as in a DM: when one of the author's open cases looks like the same problem, or Knowledge has
articles that fit (with `knowledge.enabled`), the author is asked **privately** first (a DM with buttons, bot/channels/
asking.py): nothing about their cases or the articles is shown in the channel. Their answer files in the thread
(`file(..., checked=True)`) or adds the message to the case they named (`add_to`)."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import knowledge, slacktext, wording
from bot.channels import asking
from bot.channels.request import ChannelRequest
from bot.channels.rules import REFUSAL_WORDS, Author, Entry, Refusal, sensitive_words, strip_mention, trust_refusal
from bot.errors import Reply, ThreadStart
from bot.ticket import next_steps
from bot.usecases import comments
from bot.usecases.base import CASE_TEXT, Deps, write_once
from bot.usecases.filing import ticket_fields
from intents import ranking
from intents.entities import find_case_refs
from servicecloud import landed
from servicecloud.articles import Article
from servicecloud.channel_config import ChannelsConfig
from servicecloud.errors import ContactNotFound, SalesforceUnavailable
from servicecloud.models import CaseOverrides, CaseView
from slackui.identity import Employee
from store.payloads import FileCasePayload, OutboxOp

log = logging.getLogger("concierge.channels")

FILED_FROM = "slack_channel"        # file_case's `channel` for cases filed from a channel (origin_by_channel key)


@dataclass(frozen=True)
class Outcome:
    """What filing came to: a case (`already`: the thread had one; `added`: the author said it belongs to one of
    their open cases), a question to the author first (`asked`, with the DM `prompt`), the filing queued during an
    outage (`queued`), or words for the actor (`refusal`)."""

    case: CaseView | None = None
    requester: str | None = None
    private: bool = False
    already: bool = False
    refusal: str | None = None
    card: Reply | None = None            # the author's DM: the case card, starting the case's DM thread
    more: tuple[Reply, ...] = ()         # further DM replies (the comment's confirmation)
    asked: str | None = None             # asking.DUPLICATE | asking.KNOWLEDGE: asked privately, nothing filed yet
    prompt: Reply | None = None
    queued: bool = False
    added: bool = False


def thread_text(case_number: str | None, subject: str, requester: str, *, private: bool) -> str:
    """The thread's reply once the case is filed (now, or when a queued filing is delivered)."""
    who = f"<@{requester}>"
    if private:
        return f"I've filed this as a case for {who} and will follow up with them by direct message."
    return (f"Filed case {case_number or '(number to follow)'} for {who}: {subject}\n"
            f"{who}, your replies in this thread are added to the case.")


class ChannelFiling:
    def __init__(self, deps: Deps, client: WebClient, *, bot_user_id: str | None):
        self.deps, self.client, self.bot_user_id = deps, client, bot_user_id

    @property
    def config(self) -> ChannelsConfig:
        return self.deps.org.channels

    def _author(self, req: ChannelRequest) -> Employee | Outcome:
        """The author as an Employee, or the Outcome that stops here (the thread has its case, a refusal)."""
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
            return deps.directory.employee(req.author)
        except SalesforceUnavailable:
            if not author.email:
                raise
            # an author whose Contact is not known yet, during an outage: as a DM's first case, queued by email
            # (the outbox finds the Contact on delivery); `contact_id` "" says so
            return Employee(slack_user_id=req.author, email=author.email, contact_id="")
        except ContactNotFound:
            return Outcome(refusal=f"I can't file a case for <@{req.author}>: they aren't in Salesforce yet. "
                                   f"Please contact {deps.org.support_contact}.")

    def file(self, req: ChannelRequest, *, dedupe_key: str, checked: bool = False,
             answer_id: int | None = None) -> Outcome:
        """File the message as the thread's case; unless `checked` (the author answered the private question),
        first ask the author privately when an open case of theirs looks the same or Knowledge has articles.
        `answer_id`: the Knowledge answer the author saw (its articles go with the case)."""
        deps = self.deps
        emp = self._author(req)
        if isinstance(emp, Outcome):
            return emp
        assert req.author is not None
        text = slacktext.to_plain(strip_mention(req.text, self.bot_user_id)).strip()
        if not text:
            return Outcome(refusal="There's nothing in that message to file as a case.")
        channel = self.config.channel(req.channel, req.channel_name)
        private = channel.private_replies or bool(sensitive_words(text, self.config))
        parsed = deps.parse(text)
        case_type = getattr(parsed, "case_type", None) or deps.org.defaults.type_incident
        if not checked and emp.contact_id:
            asked = self._ask_first(req, emp, text, list(getattr(parsed, "keywords", None) or []), case_type,
                                    private=private)
            if asked is not None:
                return asked
        ticket = ticket_fields(deps, text)
        why = ticket.pop("why")
        if channel.priority and not why:
            ticket["priority"] = channel.priority
        where = req.where
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
        answer = deps.store.answers.get(answer_id, req.author) if answer_id is not None else None
        articles = [Article.from_json(a) for a in answer.articles] if answer is not None else []
        try:
            if not emp.contact_id:
                raise SalesforceUnavailable("the author's Contact could not be looked up")
            case = write_once(
                lambda since: landed.filed_case(deps.desk, emp.contact_id, ticket["subject"], since),
                lambda: deps.desk.file_case(emp.contact_id, text, description=description, case_type=case_type,
                                            channel=FILED_FROM, slack_user_id=emp.slack_user_id, overrides=over,
                                            **({"articles": articles} if articles else {}), **ticket))
        except SalesforceUnavailable as exc:
            # as a DM's case: queued in the outbox, delivered once later (notifications/outbox.py, with
            # bot/channels/queued.py finishing the thread); the thread's earlier replies go in the Description
            settle = deps.store.now() + deps.in_doubt if exc.in_doubt else None
            queued = description + ("\n\nEarlier in the Slack thread:\n" + "\n".join(earlier) if earlier else "")
            deps.store.enqueue_outbox(OutboxOp.FILE_CASE, emp.slack_user_id, FileCasePayload(
                contact_id=emp.contact_id or None, email=None if emp.contact_id else emp.email, text=text,
                description=queued, case_type=case_type, channel=FILED_FROM, slack_user_id=emp.slack_user_id,
                **ticket), req.key, settle_until=settle)
            log.info("Salesforce unavailable: the filing of %s is queued", req.key)
            return Outcome(queued=True, requester=req.author, private=private)
        recorded = deps.store.channel_cases.record(req.channel, req.root_ts, case_id=case.id,
                                                   case_number=case.case_number, requester=req.author,
                                                   private=private, public_updates=channel.public_updates)
        if answer is not None:
            deps.store.answers.set_case(answer.id, case.id)
        deps.track(emp, case)
        card = wording.filed(case, attachments=0, sorry=None, why=why, problems=(),
                             next_steps=next_steps(case.assignee, urgent=bool(why)))
        card = replace(card, starts_thread=ThreadStart(emp.slack_user_id, case.id))
        return Outcome(case=case, requester=recorded.requester, private=recorded.private, card=card)

    def _ask_first(self, req: ChannelRequest, emp: Employee, text: str, keywords: list[str], case_type: str, *,
                   private: bool) -> Outcome | None:
        """The DM's filing rules before a case: "Is this about case X?" when an open case of the author's looks
        the same (the read model: no call), else the Knowledge articles that fit (one call); asked privately."""
        deps = self.deps
        if keywords and not find_case_refs(text).explicit_number:
            try:
                similar = ranking.likely_same(deps.cases.snapshot(emp.contact_id).open, keywords, **CASE_TEXT)
            except SalesforceUnavailable:
                similar = []            # filing will meet the outage too, and queue the case
            if similar:
                return Outcome(asked=asking.DUPLICATE, requester=req.author, private=private,
                               prompt=asking.ask_duplicate(deps, req, similar[0]))
        found = knowledge.find_answer(deps, emp, text, keywords=keywords, case_type=case_type, dedupe_key=req.key)
        if found is not None:
            answer, articles = found
            return Outcome(asked=asking.KNOWLEDGE, requester=req.author, private=private,
                           prompt=asking.offer_articles(deps, req, answer.id, articles))
        return None

    def add_to(self, req: ChannelRequest, case_id: str, case_number: str, subject: str | None, *,
               dedupe_key: str) -> Outcome:
        """The author said the message is about their open case: a public comment on it, and the thread maps to
        it (private: a case filed elsewhere is never shown in this channel)."""
        emp = self._author(req)
        if isinstance(emp, Outcome):
            return emp
        assert req.author is not None
        if not emp.contact_id:
            raise SalesforceUnavailable("the author's Contact could not be looked up")
        text = slacktext.to_plain(strip_mention(req.text, self.bot_user_id)).strip()
        replies = comments.comment(self.deps, emp, case_id, case_number, text, dedupe_key=dedupe_key,
                                   subject=subject)
        recorded = self.deps.store.channel_cases.record(req.channel, req.root_ts, case_id=case_id,
                                                        case_number=case_number, requester=req.author,
                                                        private=True, public_updates=False)
        return Outcome(requester=recorded.requester, private=True, added=True, more=tuple(replies))

    def comment(self, channel: str, root_ts: str, author: str, text: str, *, dedupe_key: str,
                wait_seconds: float = 0.0, message_ts: str | None = None) -> bool:
        """The requester's words in their case's thread (or, in an auto channel, their next message of a burst):
        a public comment on the case. Anyone else's: nothing (False). `wait_seconds`: how long to wait for the
        case of a burst whose first message is still being filed; the messages that waited for it are added in the
        order they were posted (`message_ts`)."""
        deadline = time.monotonic() + wait_seconds
        burst = (channel, root_ts)
        if message_ts:
            _TURNS.enter(burst, message_ts)
        try:
            found = self.deps.store.channel_cases.at(channel, root_ts)
            while found is None and time.monotonic() < deadline:
                time.sleep(0.2)
                found = self.deps.store.channel_cases.at(channel, root_ts)
            words = slacktext.to_plain(strip_mention(text, self.bot_user_id)).strip()
            if found is None or found.requester != author or not words:
                return False
            if message_ts:
                _TURNS.wait_turn(burst, message_ts, deadline)
            comments.thread_reply(self.deps, author, found.case_id, words, [], dedupe_key=dedupe_key)
            return True
        finally:
            if message_ts:
                _TURNS.leave(burst, message_ts)

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


class _BurstTurns:
    """The next messages of a burst that wait for its case (in this process), let through oldest first: two
    messages posted a second apart are added to the case in that order, not in the order their workers woke."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: dict[tuple[str, str], set[str]] = {}

    def enter(self, burst: tuple[str, str], ts: str) -> None:
        with self._changed:
            self._waiting.setdefault(burst, set()).add(ts)

    def wait_turn(self, burst: tuple[str, str], ts: str, deadline: float) -> None:
        with self._changed:
            while min(self._waiting.get(burst, {ts}), key=float) != ts and time.monotonic() < deadline:
                self._changed.wait(0.2)

    def leave(self, burst: tuple[str, str], ts: str) -> None:
        with self._changed:
            left = self._waiting.get(burst, set())
            left.discard(ts)
            if not left:
                self._waiting.pop(burst, None)
            self._changed.notify_all()


_TURNS = _BurstTurns()


def author_name(client: WebClient, user_id: str | None) -> str:
    if not user_id:
        return "an app"
    try:
        u = client.users_info(user=user_id)["user"]
        return str(u.get("real_name") or u.get("name") or user_id)
    except SlackApiError:
        return user_id


__all__ = ["ChannelFiling", "ChannelRequest", "Entry", "Outcome", "SalesforceUnavailable"]
