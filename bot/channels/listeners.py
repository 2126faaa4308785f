"""Bolt listeners of channel intake: the message shortcut, the filing reaction, @mentions and channel messages
(request channels, and requesters' replies in their cases' threads). Each is recorded in the durable intake before
the ack under one key per thread root (`chan:<channel>:<root>`), so two reactions at once, Slack's retries and two
replicas file one case; a requester's reply is keyed by its own message (`msg:<channel>:<ts>`).
Registered before the DMs' message listener (Bolt runs the first listener that matches)."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import request_context
from bot.channels import asking
from bot.channels.answering import ChannelAnswers
from bot.channels.filing import ChannelFiling
from bot.channels.request import ChannelRequest
from bot.channels.rules import Entry, auto_request, from_a_person, is_reply, root_of
from bot.errors import Reply, reply_for_error
from slackui import ids, keys
from store import IntakeClaim

if TYPE_CHECKING:
    from bot.listeners.shared import Shared

log = logging.getLogger("concierge.channels")

WORK = "channel_work"          # marks a channel item in the intake's payload (core routes resumed work by it)


def is_channel_event(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in ("channel", "group")


class ChannelListeners:
    def __init__(self, core: Shared):
        self.core = core
        self._bot_user_id: str | None = None
        self.answers = ChannelAnswers(core)

    @property
    def config(self) -> Any:
        return self.core.concierge.deps.org.channels

    def bot_user_id(self, client: WebClient) -> str | None:
        if self._bot_user_id is None:
            try:
                self._bot_user_id = str(client.auth_test()["user_id"])
            except SlackApiError:
                return None
        return self._bot_user_id

    def register(self) -> None:
        if not self.config.enabled:
            return
        app = self.core.app
        app.shortcut(self.config.shortcut_callback_id)(self.on_shortcut)
        app.event("reaction_added", middleware=[self.record])(self.on_recorded)
        app.event("app_mention", middleware=[self.record])(self.on_recorded)
        app.event("message", matchers=[lambda event: is_channel_event(event)],
                  middleware=[self.record])(self.on_recorded)
        for action_id in (ids.CHANNEL_DUP_ADD, ids.CHANNEL_DUP_NEW, ids.CHANNEL_KB_FIXED, ids.CHANNEL_KB_FILE):
            app.action(action_id)(self.on_answer)

    # ------------------------------------------------------------------ recorded before the ack
    def record(self, body: dict[str, Any], context: Any, client: WebClient, next: Any) -> None:  # noqa: A002
        event = body.get("event") or {}
        work = self.work_for(event, client, team_id=body.get("team_id"))
        if work is not None:
            key, user, item = work
            context["channel_claim"] = self.core.intake.record(key, user, {WORK: True, **item})
            if context["channel_claim"] is None:
                log.info("duplicate channel delivery ignored (%s)", key)
                request_context.set_outcome("duplicate")
        next()

    def work_for(self, event: dict[str, Any], client: WebClient, *,
                 team_id: str | None) -> tuple[str, str, dict[str, Any]] | None:
        """(intake key, user, the work) for an event, or None when it is nothing to do."""
        kind = event.get("type")
        bot = self.bot_user_id(client)
        if kind == "reaction_added":
            item = event.get("item") or {}
            if (event.get("reaction") != self.config.reaction or item.get("type") != "message"
                    or event.get("user") == bot or not str(item.get("channel", "")).startswith(("C", "G"))):
                return None
            req = {"channel": item["channel"], "root_ts": item["ts"], "message_ts": item["ts"],
                   "author": event.get("item_user"), "text": "", "actor": event["user"],
                   "entry": Entry.REACTION.value, "team_id": team_id}
            return f"chan:{item['channel']}:{item['ts']}", event["user"], {"op": "file", "fetch": True, "req": req}
        if kind == "app_mention":
            if not from_a_person(event, bot):
                return None
            root = root_of(event)
            if is_reply(event) and self.core.store.channel_cases.at(event["channel"], root) is not None:
                return self._comment(event)
            req = {"channel": event["channel"], "root_ts": root, "message_ts": event["ts"], "author": event["user"],
                   "text": event.get("text") or "", "actor": event["user"], "entry": Entry.MENTION.value,
                   "team_id": team_id}
            return f"chan:{event['channel']}:{root}", event["user"], {"op": "file", "req": req}
        if kind == "message" and is_channel_event(event) and from_a_person(event, bot):
            if is_reply(event):
                return self._comment(event)
            if f"<@{bot}>" in (event.get("text") or ""):
                return None                     # the app_mention event files it
            channel = self.config.channel(event["channel"])
            if not auto_request(event, channel, bot_user_id=bot):
                return None
            window = timedelta(seconds=self.config.window_seconds)
            root = self.core.store.channel_cases.burst_root(event["channel"], event["user"], event["ts"], window)
            if root != event["ts"]:             # one author's next message within the window: more of the same
                return (keys.message(event['channel'], event['ts']), event["user"],
                        {"op": "comment", "channel": event["channel"], "root_ts": root, "author": event["user"],
                         "text": event.get("text") or "", "wait": 30.0, "ts": event["ts"]})
            req = {"channel": event["channel"], "root_ts": root, "message_ts": event["ts"], "author": event["user"],
                   "text": event.get("text") or "", "actor": event["user"], "entry": Entry.AUTO.value,
                   "team_id": team_id}
            return f"chan:{event['channel']}:{root}", event["user"], {"op": "file", "req": req}
        return None

    @staticmethod
    def _comment(event: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        return (keys.message(event['channel'], event['ts']), event["user"],
                {"op": "comment", "channel": event["channel"], "root_ts": root_of(event), "author": event["user"],
                 "text": event.get("text") or "", "reply_ts": event["ts"]})

    def on_recorded(self, context: Any, client: WebClient) -> None:
        claim = context.get("channel_claim")
        if claim is not None:
            self.core.work_pool.submit(self.work_on, claim, client)

    def on_shortcut(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """"File as a case" on any message: the message is in the payload (no history read); the bot need not be
        in the channel."""
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or ""
        root = root_of(message)
        req = ChannelRequest(channel=channel, root_ts=root, message_ts=str(message.get("ts")),
                             author=None if message.get("bot_id") else message.get("user"),
                             text=message.get("text") or "", actor=body["user"]["id"], entry=Entry.SHORTCUT.value,
                             bot_in_channel=False, channel_name=(body.get("channel") or {}).get("name"),
                             response_url=body.get("response_url"), team_id=(body.get("team") or {}).get("id"))
        claim = self.core.intake.record(f"chan:{channel}:{root}", req.actor,
                                        {WORK: True, "op": "file", "req": req.to_json(), "membership": True})
        ack()
        if claim is None:
            found = self.core.store.channel_cases.at(channel, root)
            self.answers.respond(req, "This thread already has a case." if found else "I'm already filing that one.")
            return
        self.core.work_pool.submit(self.work_on, claim, client)

    def on_answer(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        """The author's answer to a private question (bot/channels/asking.py): "This fixed it" files nothing;
        "File my case" / "No, file a new case" file in the thread, "Yes, add it to X" comments on X. The filing
        is recorded in the intake under the thread's key (`<thread>:answered`): once, resumed if cut off."""
        ack()
        core = self.core
        user = body["user"]["id"]
        click = keys.click(user, action.get("action_ts"))
        question = core.store.questions.take(action.get("value") or "", user, taker=click)
        dm = core.dm_channel(client, user)
        post = core.poster(client, dm, key=click)
        if question is None or question.op != asking.OP:
            post(Reply.plain(asking.GONE))
            return
        core.close_prompt(client, body, action)
        carried = question.carried
        req = ChannelRequest.from_json(carried["req"])
        answer_id = carried.get("answer_id")
        kind = action["action_id"]
        if kind == ids.CHANNEL_KB_FIXED:
            deps = core.concierge.deps
            if answer_id is not None:
                deps.store.answers.confirm(int(answer_id), user)
            post(Reply.plain("Glad that sorted it! Nothing was filed. If it comes back, just tell me."))
            return
        if kind == ids.CHANNEL_DUP_ADD:
            work: dict[str, Any] = {"op": "add", "req": req.to_json(), "case_id": question.target,
                                    "number": carried.get("number"), "subject": carried.get("subject")}
        else:
            if answer_id is not None and not core.store.answers.claim_filing(int(answer_id), user):
                post(Reply.plain(asking.GONE))
                return
            work = {"op": "file", "req": req.to_json(), "checked": True, "answer_id": answer_id}
        claim = core.intake.record(f"{req.key}:answered", user, {WORK: True, **work})
        if claim is not None:
            core.work_pool.submit(self.work_on, claim, client)

    def resume(self, claim: IntakeClaim) -> None:
        self.core.work_pool.submit(self.work_on, claim, self.core.app.client)

    # ------------------------------------------------------------------ the work, after the ack
    def work_on(self, claim: IntakeClaim, client: WebClient) -> None:
        core = self.core
        item = claim.payload["event"]
        filing = ChannelFiling(core.concierge.deps, client, bot_user_id=self.bot_user_id(client))

        def handle() -> None:
            if item["op"] == "comment":
                added = core.intake.retrying(claim, lambda: filing.comment(
                    item["channel"], item["root_ts"], item["author"], item["text"], dedupe_key=claim.key,
                    wait_seconds=float(item.get("wait", 0.0)), message_ts=item.get("ts")))
                if added and item.get("reply_ts"):
                    self.answers.react(client, item["channel"], item["reply_ts"], "memo")
                return
            req = ChannelRequest.from_json(item["req"])
            if item["op"] == "add":
                try:
                    outcome = core.intake.retrying(claim, lambda: filing.add_to(
                        req, item["case_id"], item.get("number") or "", item.get("subject"), dedupe_key=claim.key))
                except Exception as e:  # noqa: BLE001 - every failure becomes words for whoever asked
                    self.answers.tell_actor(client, req, reply_for_error(e).text)
                    return
                self.answers.answer(client, claim, req, outcome)
                return
            if item.get("membership"):
                req = self._with_membership(client, req)
            if item.get("fetch"):
                fetched = self._fetched(client, req)
                if fetched is None:
                    return
                req = fetched
            try:
                outcome = core.intake.retrying(claim, lambda: filing.file(
                    req, dedupe_key=claim.key, checked=bool(item.get("checked")), answer_id=item.get("answer_id")))
            except Exception as e:  # noqa: BLE001 - every failure becomes words for whoever asked
                self.answers.tell_actor(client, req, reply_for_error(e).text)
                return
            self.answers.answer(client, claim, req, outcome)

        try:
            core.intake.run(claim, handle)
        except Exception:
            log.exception("channel work %s failed (left to be taken over)", claim.key)
            raise

    def _with_membership(self, client: WebClient, req: ChannelRequest) -> ChannelRequest:
        """Whether the bot is in the shortcut's channel (it may answer in the thread): a one-message read, refused
        with `not_in_channel` when it is not (channels:history, which intake needs anyway)."""
        if not req.channel.startswith(("C", "G")):
            return req
        try:
            client.conversations_history(channel=req.channel, limit=1)
        except SlackApiError:
            return req
        return ChannelRequest.from_json({**req.to_json(), "bot_in_channel": True})

    def _fetched(self, client: WebClient, req: ChannelRequest) -> ChannelRequest | None:
        """A reacted message's text and thread (reaction_added carries neither)."""
        try:
            msgs = client.conversations_replies(channel=req.channel, ts=req.message_ts, limit=200)["messages"]
        except SlackApiError as e:
            log.info("could not read the reacted message %s/%s: %s", req.channel, req.message_ts,
                     e.response.get("error"))
            return None
        msg = next((m for m in msgs if m.get("ts") == req.message_ts), None)
        if msg is None:
            return None
        return ChannelRequest.from_json({**req.to_json(), "text": msg.get("text") or "", "root_ts": root_of(msg),
                                         "author": None if msg.get("bot_id") else msg.get("user")})
