"""Bolt listeners: thin on purpose. Each one acks first, then hands the work to the conversation layer
(bot/conversation.py) and posts what it returns; every failure goes through bot/errors.py.

Events are acked by Bolt before the listener runs (process_before_response=False); commands, actions and
views call ack() before any Salesforce call, and a modal is opened right after the ack (trigger_id lives 3 s).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import blocks, lists, request_context, slacktext
from bot.conversation import Concierge
from bot.errors import Reply, reply_for_error
from bot.intake import Intake, holder_id
from slackui.slackpost import post_once
from slackui import fallback, ids
from slackui.blocks import context
from slackui.fit import escape, unescape
from slackui.values import CaseChoice, IntentChoice, QuestionRef
from store import IntakeClaim

log = logging.getLogger("concierge.bot")

# Message subtypes that are a person writing to the bot; everything else (edits, deletions, joins, bots) is
# ignored.
_USER_MESSAGE_SUBTYPES = {None, "file_share", "thread_broadcast"}
HOME_REFUSED = "I couldn't show your cases here just now. Write *my cases* to me in the Messages tab."
REPLY_EVENT_TYPE = "concierge_reply"   # message metadata of the bot's replies (key: "<dedupe key>:<n>")


def _is_user_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and not event.get("bot_id") and event.get("user") is not None \
        and event.get("subtype") in _USER_MESSAGE_SUBTYPES


class Listeners:
    """Registers every listener on a Bolt app; holds what they share (DM channel cache, store, work pool).

    The work after an ack runs on `work_pool`, not on Bolt's listener executor: Bolt's threads only ever ack
    (and open modals), so a burst of slow Salesforce calls can never delay the ack of the next command,
    click or modal submission past Slack's 3 seconds.
    """

    def __init__(self, app: App, concierge: Concierge, *, store: Any, work_threads: int = 32,
                 intake_lease_seconds: float = 10.0):
        self.app, self.concierge, self.store = app, concierge, store
        self.work_pool = request_context.ContextExecutor(max_workers=work_threads, thread_name_prefix="concierge-work")
        self._dm_channels: dict[str, str] = {}
        self._dm_lock = threading.Lock()
        self._home_locks: dict[str, threading.Lock] = {}
        self.intake = Intake(store, holder=holder_id(), lease_seconds=intake_lease_seconds,
                             sweep_seconds=max(0.5, intake_lease_seconds / 5))
        self.intake.resume = self._resume

    def register(self) -> None:
        app, c = self.app, self.concierge
        app.event("message", middleware=[self.record_intake])(self.on_message)
        app.event("app_home_opened")(self.on_home_opened)
        app.command(c.slash_command)(self.on_slash_command)
        for action_id in (ids.CLOSE_CASE, ids.REOPEN_CASE, ids.VIEW_CASE, ids.MUTE_CASE, ids.UNMUTE_CASE,
                          ids.LOOKS_GOOD, ids.ATTACH_FILE, ids.SHOW_MORE):
            app.action(action_id)(self.on_case_button)
        app.action(ids.ADD_COMMENT)(self.on_open_modal)
        app.action(ids.ADD_DETAILS)(self.on_open_modal)
        app.action(ids.EDIT_SUBJECT)(self.on_open_modal)
        app.action(ids.any_of(ids.DID_YOU_MEAN))(self.on_did_you_mean)   # nlu_did_you_mean:0, :1, ... and old ones
        app.action(ids.any_of(ids.PICK_CASE))(self.on_pick_case)
        app.action(ids.PICK_NONE)(self.on_pick_none)
        app.action(ids.NOTIFY_SETTINGS)(self.on_notification_settings)
        for timing_id in ids.NOTIFY_TIMING:
            app.action(timing_id)(self.on_notification_timing)
        app.action(ids.DUPLICATE_ADD_COMMENT)(self.on_duplicate)
        app.action(ids.DUPLICATE_FILE_NEW)(self.on_duplicate)
        app.view(ids.VIEW_ADD_COMMENT)(self.on_comment_submitted)
        app.view(ids.VIEW_ADD_DETAILS)(self.on_details_submitted)
        app.view(ids.VIEW_EDIT_SUBJECT)(self.on_subject_submitted)
        app.view(ids.VIEW_NEW_CASE)(self.on_new_case_submitted)
        app.error(self.on_unhandled_error)

    def shutdown(self, grace_seconds: float) -> int:
        """Graceful stop: let the messages being worked on finish for up to `grace_seconds`, then hand the rest
        back (another replica takes them over at once). Returns how many were handed back."""
        self.intake.wait_idle(grace_seconds)
        handed = self.intake.stop(hand_back=True)
        self.work_pool.shutdown(wait=False, cancel_futures=True)
        return handed

    # ------------------------------------------------------------------ dedupe
    def first_delivery(self, body: dict[str, Any]) -> bool:
        """True the first time an event is seen (Slack retries deliveries, X-Slack-Retry-Num, may send one
        message under two event ids, and replicas share the store). One key per delivery, claimed atomically:
        a message is its channel+ts (`msg:<channel>:<ts>`, the same for a retry and for another event id),
        any other event its event_id. (Two keys claimed one after the other could be split between two
        replicas racing on the same message, each winning one, and both would drop it.)
        Runs after the ack, on the listener's thread. (Users' DMs go through the durable intake instead,
        `record_intake`.)"""
        event = body.get("event") or {}
        if event.get("type") == "message" and event.get("channel") and event.get("ts"):
            key = f"msg:{event['channel']}:{event['ts']}"
        else:
            key = f"ev:{body.get('event_id')}"
        fresh = self.store.claim_event(key)
        if not fresh:
            log.info("duplicate delivery ignored (%s)", key)
            request_context.set_outcome("duplicate")
        return fresh

    # ------------------------------------------------------------------ events
    def record_intake(self, body: dict[str, Any], context: Any, next: Callable[[], None]) -> None:  # noqa: A002
        """Listener middleware: runs before Bolt acks the message, so a user's DM is in the store (with its event)
        before Slack hears "received" (bot/intake.py). A duplicate gets no claim; a redelivery of a message whose
        holder died gets one (it resumes)."""
        event = body.get("event") or {}
        if _is_user_dm(event) and event.get("channel") and event.get("ts"):
            key = f"msg:{event['channel']}:{event['ts']}"
            context["intake_claim"] = self.intake.record(key, event["user"], event)
            if context["intake_claim"] is None:
                log.info("duplicate delivery ignored (%s)", key)
                request_context.set_outcome("duplicate")
        next()

    def on_message(self, event: dict[str, Any], context: Any, client: WebClient) -> None:
        claim = context.get("intake_claim")
        if _is_user_dm(event) and claim is not None:
            self.work_pool.submit(self._work_on, claim, client)

    def _resume(self, claim: IntakeClaim) -> None:
        """An event taken over from a replica that died or stalled (bot/intake.py)."""
        self.work_pool.submit(self._work_on, claim, self.app.client)

    def _work_on(self, claim: IntakeClaim, client: WebClient) -> None:
        event = claim.payload["event"]
        user, channel = event["user"], event["channel"]
        text = slacktext.to_plain(event.get("text"))
        poster = self._poster(client, channel, key=claim.key,
                              look_first_since=claim.created_at.timestamp() if claim.resumed else None)
        self.intake.run(claim, lambda: self._run_now(
            lambda: self.intake.retrying(claim, lambda: self.concierge.on_message(
                user, text, event.get("files") or [], dedupe_key=claim.key)),
            poster, user=user, client=client))

    def on_home_opened(self, event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not self.first_delivery(body):
            return
        self.publish_home(client, event["user"], refresh=True)  # opened: a stale read model is refreshed

    # ------------------------------------------------------------------ slash command
    def on_slash_command(self, ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
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
        if text.casefold() in ("", "help"):
            ack(text="Here's what I can do.", blocks=blocks.help_blocks(self.concierge.slash_command))
            return
        ack()

        def reply(r: Reply) -> None:
            fallback.respond(respond, text=escape(r.text), blocks=r.blocks, response_type="ephemeral",
                             replace_original=False)
        key = f"cmd:{command.get('trigger_id')}"
        self._run(lambda: self.concierge.slash(user, text, dedupe_key=key), reply, user=user, client=client)

    # ------------------------------------------------------------------ buttons
    def on_case_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user = body["user"]["id"]
        key = f"act:{user}:{action.get('action_ts')}"
        self._run(lambda: self.concierge.case_action(user, action["action_id"], action.get("value") or "",
                                                     dedupe_key=key),
                  self._poster(client, self._reply_channel(client, body), key=key), user=user, client=client)

    def on_open_modal(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        case_id = action.get("value") or ""
        label = _case_number_near(body, case_id)
        if action["action_id"] == ids.EDIT_SUBJECT:
            view = blocks.subject_modal(case_id, label, _subject_near(body, case_id))
        elif action["action_id"] == ids.ADD_COMMENT:
            view = blocks.comment_modal(case_id, label)
        else:
            view = blocks.details_modal(case_id, label)
        try:
            fallback.open_view(client, trigger_id=body["trigger_id"], view=view)
        except Exception as e:  # e.g. expired_trigger_id: say so in the DM rather than nothing
            self._poster(client, self._reply_channel(client, body))(reply_for_error(e))

    def on_did_you_mean(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, choice = body["user"]["id"], IntentChoice.from_json(action.get("value"))
        self._close_prompt(client, body, action)
        key = f"act:{user}:{action.get('action_ts')}"
        self._run(lambda: self.concierge.on_did_you_mean(user, choice.intent, choice.pending, dedupe_key=key),
                  self._poster(client, self._reply_channel(client, body), key=key), user=user, client=client)

    def on_pick_case(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, picked = body["user"]["id"], CaseChoice.from_json(action.get("value"))
        self._close_prompt(client, body, action)
        key = f"act:{user}:{action.get('action_ts')}"
        self._run(lambda: self.concierge.on_case_picked(user, picked.case_id, picked.pending, dedupe_key=key),
                  self._poster(client, self._reply_channel(client, body), key=key), user=user, client=client)

    def on_pick_none(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, answer = body["user"]["id"], QuestionRef.from_json(action.get("value"))
        self._close_prompt(client, body, action)
        key = f"act:{user}:{action.get('action_ts')}"
        self._run(lambda: self.concierge.on_pick_none(user, answer.pending, dedupe_key=key),
                  self._poster(client, self._reply_channel(client, body), key=key), user=user, client=client)

    def on_notification_settings(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                                 client: WebClient) -> None:
        """App Home "Notification settings" checkboxes: the kinds now ticked are on, the others off."""
        ack()
        user = body["user"]["id"]
        selected = [o.get("value", "") for o in action.get("selected_options") or []]
        self.work_pool.submit(self._save_settings, user, selected, client)

    def _save_settings(self, user: str, selected: list[str], client: WebClient) -> None:
        try:
            self.concierge.on_notification_settings(user, selected)
        except Exception:  # noqa: BLE001 - the Home is republished with what the store holds
            log.exception("could not save the notification settings of %s", user)
        self.publish_home(client, user)

    def on_notification_timing(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                               client: WebClient) -> None:
        """App Home quiet hours / daily digest controls: the choice is stored, the Home republished."""
        ack()
        user = body["user"]["id"]
        value = (action.get("selected_option") or {}).get("value")
        selected = [o.get("value", "") for o in action.get("selected_options") or []]
        self.work_pool.submit(self._save_timing, user, action["action_id"], value, selected, client)

    def _save_timing(self, user: str, action_id: str, value: str | None, selected: list[str],
                     client: WebClient) -> None:
        try:
            self.concierge.on_notification_timing(user, action_id, value, selected)
        except Exception:  # noqa: BLE001 - the Home is republished with what the store holds
            log.exception("could not save the notification timing of %s", user)
        self.publish_home(client, user)

    def on_duplicate(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user, chosen = body["user"]["id"], CaseChoice.from_json(action.get("value"))   # file new: no case_id
        self._close_prompt(client, body, action)
        case_id = (chosen.case_id or None) if action["action_id"] == ids.DUPLICATE_ADD_COMMENT else None
        key = f"act:{user}:{action.get('action_ts')}"
        self._run(lambda: self.concierge.on_duplicate_choice(user, chosen.pending, case_id, dedupe_key=key),
                  self._poster(client, self._reply_channel(client, body), key=key), user=user, client=client)

    # ------------------------------------------------------------------ modals
    def on_comment_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_COMMENT, ids.INPUT_COMMENT,
                          "Please write a comment.", self.concierge.submit_comment)

    def on_details_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_DESCRIPTION, ids.INPUT_DESCRIPTION,
                          "Please write the details to add.", self.concierge.submit_details)

    def on_subject_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_SUBJECT, ids.INPUT_SUBJECT,
                          "Please write a subject.", self.concierge.submit_subject)

    def _submit_text(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                     block_id: str, action_id: str, empty_error: str, submit: Callable[..., Any]) -> None:
        """A one-text modal about a case (its Id in private_metadata): refuse an empty text under the input,
        else ack and hand the text to `submit(user, case_id, text, dedupe_key=...)` off the ack path."""
        value = _input(view, block_id, action_id)
        if not value.strip():
            ack(response_action="errors", errors={block_id: empty_error})
            return
        ack()
        user = body["user"]["id"]
        key = f"view:{view['id']}:{view.get('hash', '')}"
        self._run(lambda: submit(user, view.get("private_metadata", ""), value, dedupe_key=key),
                  self._poster(client, self.dm_channel(client, user), key=key), user=user, client=client)

    def on_new_case_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = (view.get("state") or {}).get("values") or {}
        subject = _input(view, ids.BLOCK_SUBJECT, ids.INPUT_SUBJECT)
        if not subject.strip():
            ack(response_action="errors", errors={ids.BLOCK_SUBJECT: "Please give the case a subject."})
            return
        ack()
        description = _input(view, ids.BLOCK_DESCRIPTION, ids.INPUT_DESCRIPTION)
        selected = ((values.get(ids.BLOCK_TYPE) or {}).get(ids.INPUT_TYPE) or {}).get("selected_option") or {}
        files = ((values.get(ids.BLOCK_FILE) or {}).get(ids.INPUT_FILE) or {}).get("files") or []
        user = body["user"]["id"]
        key = f"view:{view['id']}:{view.get('hash', '')}"
        self._run(lambda: self.concierge.submit_new_case(user, subject=subject, description=description,
                                                         case_type=selected.get("value"), files=files,
                                                         dedupe_key=key),
                  self._poster(client, self.dm_channel(client, user), key=key), user=user, client=client)

    # ------------------------------------------------------------------ the error boundary
    def _run(self, work: Callable[[], list[Reply]], reply: Callable[[Reply], None], *, user: str,
             client: WebClient, refresh_home: bool = True) -> None:
        """Queue `work` on the work pool (the listener returns at once, its ack already sent)."""
        self.work_pool.submit(self._run_now, work, reply, user=user, client=client, refresh_home=refresh_home)

    def _run_now(self, work: Callable[[], list[Reply]], reply: Callable[[Reply], None], *, user: str,
                 client: WebClient, refresh_home: bool = True) -> None:
        """Run `work`, send its replies (or the one reply for its error), then refresh the user's Home."""
        try:
            replies = work()
        except Exception as e:  # noqa: BLE001 - the one place where every failure becomes a reply
            replies = [reply_for_error(e)]
            refresh_home = False
        for r in replies:
            try:
                reply(r)
            except Exception:
                log.exception("could not send a reply to %s", user)
        if refresh_home and replies:
            self.publish_home(client, user)

    def on_unhandled_error(self, error: Exception, body: dict[str, Any], client: WebClient) -> None:
        """Last resort (an error outside the listeners' own boundary): log it, and tell the user."""
        log.error("unhandled error: %r", error, exc_info=error)
        user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else \
            body.get("user_id") or (body.get("event") or {}).get("user")
        if user:
            try:
                r = reply_for_error(error)
                fallback.post_message(client, channel=self.dm_channel(client, user), text=escape(r.text),
                                      blocks=r.blocks)
            except Exception:
                log.exception("could not report an error to %s", user)

    # ------------------------------------------------------------------ helpers
    def publish_home(self, client: WebClient, user: str, *, refresh: bool = False) -> None:
        """Publish the user's Home tab. Per user, one refresh at a time, each reading Salesforce inside the
        lock: a slow refresh that started earlier can never overwrite a newer one with older data."""
        with self._dm_lock:
            lock = self._home_locks.setdefault(user, threading.Lock())
        with lock:
            view = None
            try:
                view = self.concierge.home(user, refresh=refresh)
                client.views_publish(user_id=user, view=view)
            except Exception as e:
                if view is None or not fallback.refused_content(e):
                    log.exception("could not publish the Home tab of %s", user)
                    return
                fallback.log_refusal("views.publish", e, view=view)  # never silent: say where the cases are
                try:
                    client.views_publish(user_id=user, view=lists.home_view([], [], error=HOME_REFUSED))
                except Exception:
                    log.exception("could not publish the Home tab of %s", user)

    def dm_channel(self, client: WebClient, user: str) -> str:
        with self._dm_lock:
            if user in self._dm_channels:
                return self._dm_channels[user]
        channel = client.conversations_open(users=user)["channel"]["id"]
        with self._dm_lock:
            self._dm_channels[user] = channel
        return channel

    def _reply_channel(self, client: WebClient, body: dict[str, Any]) -> str:
        """Where to answer a click: the DM it came from; for clicks on the Home tab, in a modal, or on an
        ephemeral card in a channel (e.g. `/case list` typed in #general, where the bot may not be a member),
        the user's DM with the bot."""
        container = body.get("container") or {}
        channel = container.get("channel_id") or ""
        if container.get("type") == "message" and channel.startswith("D"):
            return channel
        return self.dm_channel(client, body["user"]["id"])

    @staticmethod
    def _poster(client: WebClient, channel: str, *, key: str | None = None,
                look_first_since: float | None = None) -> Callable[[Reply], None]:
        """Posts each reply once: tagged `<key>:<n>` in its metadata, looked up before being posted again after a
        dropped connection, or before being posted at all when the work is resumed (slackui/slackpost.py)."""
        count = iter(range(1, 1000))

        def post(r: Reply) -> None:
            n = next(count)
            if key is None:
                fallback.post_message(client, channel=channel, text=escape(r.text), blocks=r.blocks)
                return
            post_once(client, channel=channel, event_type=REPLY_EVENT_TYPE, key=f"{key}:{n}",
                      look_first_since=look_first_since, text=escape(r.text), blocks=r.blocks)
        return post

    @staticmethod
    def _close_prompt(client: WebClient, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Replace a question's buttons with the answer chosen, so it cannot be answered twice."""
        container = body.get("container") or {}
        message = body.get("message") or {}
        if container.get("type") != "message" or container.get("is_ephemeral") or not message:
            return
        chosen = (action.get("text") or {}).get("text", "")
        kept = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
        kept.append(context(f"You chose: *{escape(chosen)}*"))
        try:
            client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                               text=message.get("text") or chosen, blocks=kept)
        except Exception:
            log.warning("could not update the question message", exc_info=True)


def _input(view: dict[str, Any], block_id: str, action_id: str) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(block_id) or {}).get(action_id) or {}).get("value") or ""


def _case_title_near(body: dict[str, Any], case_id: str) -> str:
    """The "*number* · subject" line of the case card a clicked button belongs to ("" when not found)."""
    source = body.get("message") or body.get("view") or {}
    for b in source.get("blocks", []):
        if b.get("block_id") == f"case:{case_id}":
            return (b.get("text") or {}).get("text", "")
    return ""


def _case_number_near(body: dict[str, Any], case_id: str) -> str | None:
    """The case number shown next to a clicked button (for the modal's title line), if it can be read."""
    digits = "".join(ch for ch in _case_title_near(body, case_id).split("·")[0] if ch.isdigit())
    return digits[-8:] or None


def _subject_near(body: dict[str, Any], case_id: str) -> str:
    """The subject shown on the clicked card (unescaped), to prefill the Edit subject modal."""
    title = _case_title_near(body, case_id)
    subject = title.split("·", 1)[1].strip() if "·" in title else ""
    if subject.startswith("_(no subject"):
        return ""
    return unescape(subject)
