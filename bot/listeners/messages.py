"""Listeners for what people write: a DM (recorded before the ack, bot/intake.py), the slash command, and the
App Home being opened."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks, request_context, slacktext
from bot.errors import Reply, reply_for_error
from slackui import fallback, keys
from slackui.slackpost import INTERIM_EVENT_TYPE
from slackui.fit import escape
from store import IntakeClaim

if TYPE_CHECKING:
    from bot.listeners.shared import Shared

log = logging.getLogger("concierge.bot")

# Message subtypes that are a person writing to the bot (`me_message`: typed with /me); everything else (edits,
# deletions, joins, bots) is ignored.
_USER_MESSAGE_SUBTYPES = {None, "file_share", "thread_broadcast", "me_message"}
# Senders that are Slack itself: Slackbot's notices and /remind reminders come with no subtype and no bot_id.
AUTOMATED_USERS = frozenset({"USLACKBOT"})


def automated(event: dict[str, Any]) -> bool:
    """Written by Slackbot, an app, a bot or a workflow rather than by a person: never answered."""
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("app_id")) \
        or event.get("user") in AUTOMATED_USERS


def is_user_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and not automated(event) and isinstance(event.get("user"), str) \
        and event.get("subtype") in _USER_MESSAGE_SUBTYPES


class MessageListeners:
    """DMs, the slash command and app_home_opened, on behalf of `core` (what the surfaces share, shared.py)."""

    def __init__(self, core: Shared):
        self.core = core

    def register(self) -> None:
        app = self.core.app
        app.event("message", middleware=[self.record_intake])(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.command(self.core.concierge.slash_command)(self.on_slash_command)

    # ------------------------------------------------------------------ DMs
    def record_intake(self, body: dict[str, Any], context: Any, next: Callable[[], None]) -> None:  # noqa: A002
        """Listener middleware: runs before Bolt acks the message, so a user's DM is in the store (with its event)
        before Slack hears "received" (bot/intake.py). A duplicate gets no claim; a redelivery of a message whose
        holder died gets one (it resumes)."""
        event = body.get("event") or {}
        if is_user_dm(event) and event.get("channel") and event.get("ts"):
            key = keys.message(event['channel'], event['ts'])
            context["intake_claim"] = self.core.intake.record(key, event["user"], event)
            if context["intake_claim"] is None:
                log.info("duplicate delivery ignored (%s)", key)
                request_context.set_outcome("duplicate")
        next()

    def on_message(self, event: dict[str, Any], context: Any, client: WebClient) -> None:
        claim = context.get("intake_claim")
        if is_user_dm(event) and claim is not None:
            self.core.work_pool.submit_serial(event["user"], self.work_on, claim, client)   # one at a time each

    def resume(self, claim: IntakeClaim) -> None:
        """An event taken over from a replica that died or stalled (bot/intake.py)."""
        self.core.work_pool.submit_serial(claim.payload["event"]["user"], self.work_on, claim, self.core.app.client)

    def work_on(self, claim: IntakeClaim, client: WebClient) -> None:
        """A DM: read as a request, or, written in the thread of one of the person's cases (its `thread_ts` is
        that thread's, store/threads.py), a comment on that case, answered in the thread. A reply in any other
        thread is read as a request, as if written in the DM."""
        core = self.core
        event = claim.payload["event"]
        user, channel = event["user"], event["channel"]
        text = slacktext.message_text(event)
        files = resolve_file_stubs(client, event.get("files") or [])
        thread_ts = event.get("thread_ts") if event.get("thread_ts") not in (None, event.get("ts")) else None

        def handle() -> None:
            case_thread = core.intake.retrying(claim, lambda: core.store.threads.at(user, channel, thread_ts)) \
                if thread_ts else None
            since = claim.created_at.timestamp() if claim.resumed else None
            where = case_thread.thread_ts if case_thread else None
            poster = core.poster(client, channel, key=claim.key, look_first_since=since, thread_ts=where)
            interim = core.poster(client, channel, key=claim.key, look_first_since=since, thread_ts=where,
                                  event_type=INTERIM_EVENT_TYPE)

            def work() -> list[Reply]:
                if case_thread is not None:
                    return core.concierge.on_thread_reply(user, case_thread.case_id, text, files,
                                                          dedupe_key=claim.key)
                return core.concierge.on_message(user, text, files, dedupe_key=claim.key)
            core.run_now(lambda: core.intake.retrying(claim, work), poster, user=user, client=client, interim=interim)
        core.intake.run(claim, handle)

    def on_home_opened(self, event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not self.core.first_delivery(body):
            return
        self.core.publish_home(client, event["user"], refresh=True)  # opened: a stale read model is refreshed

    # ------------------------------------------------------------------ slash command
    def on_slash_command(self, ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        concierge = self.core.concierge
        text = slacktext.to_plain(command.get("text")).strip()
        user = command["user_id"]
        if text.casefold() == "new":
            ack()
            try:
                fallback.open_view(client, trigger_id=command["trigger_id"], view=blocks.new_case_modal())
            except Exception as e:  # e.g. expired_trigger_id when Slack was slow to deliver the command
                r = reply_for_error(e)
                fallback.respond(respond, text=escape(r.text), blocks=r.blocks, response_type="ephemeral")
            return
        if text.casefold() in ("", "help"):     # no Salesforce call: answered in the ack, by Concierge.slash
            [answer] = concierge.slash(user, text)
            ack(text=answer.text, blocks=answer.blocks)
            return
        ack()

        def reply(r: Reply) -> None:
            fallback.respond(respond, text=escape(r.text), blocks=r.blocks, response_type="ephemeral",
                             replace_original=False)
        key = keys.command(command.get('trigger_id'))
        self.core.run(lambda: concierge.slash(user, text, dedupe_key=key), reply, user=user, client=client)


def resolve_file_stubs(client: WebClient, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files as Slack shares them, with stubs resolved: in Slack Connect channels and DMs (and for some apps) a shared
    file arrives as `{"id": "F..", "mode": "file_access", "file_access": "check_file_info"}` with no name, size or
    download URL, and the app must ask `files.info` for the file object (Slack's file object reference,
    https://api.slack.com/types/file, `file_access`). A stub that cannot be resolved is kept as it is (the fetcher
    then says it could not download it)."""
    out: list[dict[str, Any]] = []
    for f in files[:50]:
        if isinstance(f, dict) and f.get("file_access") == "check_file_info" and f.get("id"):
            try:
                found = client.files_info(file=str(f["id"])).get("file")
            except SlackApiError as e:
                log.warning("files.info refused file %s: %s", f.get("id"), e.response.get("error"))
                found = None
            out.append(found if isinstance(found, dict) else f)
        else:
            out.append(f)
    return out

