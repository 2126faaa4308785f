"""What every listener surface uses (messages.py, actions.py, views.py, ratings.py, bot/channels/listeners.py):
the app and the conversation, the dedupe of deliveries and clicks, the error boundary that runs the work after the
ack, posting replies once, the Home tab. The surfaces import this module, never core.py (which builds them).
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot import guard, lists, request_context, wording
from bot.conversation import Concierge
from bot.errors import Reply, reply_for_error
from bot.intake import Intake, holder_id
from slackui.slackpost import REPLY_EVENT_TYPE, post_once
from slackui import fallback
from slackui import keys
from slackui.identity import DmChannels
from slackui.blocks import context
from slackui.fit import escape

log = logging.getLogger("concierge.bot")

HOME_REFUSED = "I couldn't show your cases here just now. Write *my cases* to me in the Messages tab."


class Shared:
    """What the listener surfaces share: the app, the conversation, the store, the durable intake, the DM channels
    of the process's one cache, the work pool, and the helpers below.

    The work after an ack runs on `work_pool`, not on Bolt's listener executor: Bolt's threads only ever ack
    (and open modals), so a burst of slow Salesforce calls can never delay the ack of the next command,
    click or modal submission past Slack's 3 seconds.
    """

    def __init__(self, app: App, concierge: Concierge, *, store: Any, work_threads: int = 32,
                 intake_lease_seconds: float = 10.0, slow_notice_seconds: float = 0.0,
                 dms: DmChannels | None = None):
        self.app, self.concierge, self.store = app, concierge, store
        self.dms = dms if dms is not None else DmChannels(app.client)   # the process's one DM-channel cache
        self.slow_notice_seconds = slow_notice_seconds
        self.work_pool = request_context.ContextExecutor(max_workers=work_threads, thread_name_prefix="concierge-work")
        self._homes_lock = threading.Lock()
        self._home_locks: dict[str, threading.Lock] = {}
        self.intake = Intake(store, holder=holder_id(), lease_seconds=intake_lease_seconds,
                             sweep_seconds=max(0.5, intake_lease_seconds / 5))

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
            key = keys.message(event['channel'], event['ts'])
        else:
            key = keys.event(body.get('event_id'))
        fresh = self.store.claim_event(key)
        if not fresh:
            log.info("duplicate delivery ignored (%s)", key)
            request_context.set_outcome("duplicate")
        return fresh

    def first_time(self, key: str) -> bool:
        """True the first time an interactive payload (a click `act:...`, a modal submission `view:...`) is acted
        on: Slack never retries these, so a second one is a replay of a signed request (within the five minutes its
        signature holds) and is dropped before anything is written or answered. Claimed in the event-dedupe store
        shared by replicas, under its own prefix (the key itself also tags the replies and the writes)."""
        fresh = self.store.claim_event(keys.once(key))
        if not fresh:
            log.warning("interactive payload seen before, ignored (%s)", key[:80])
            request_context.set_outcome("duplicate")
        return fresh

    # ------------------------------------------------------------------ the error boundary
    def run(self, work: Callable[[], list[Reply]], reply: Callable[[Reply], None], *, user: str,
             client: WebClient, refresh_home: bool = True) -> None:
        """Queue `work` on the work pool (the listener returns at once, its ack already sent); one person's
        work runs one piece at a time, so their burst (paced replies, slackui/pace.py) never holds others'."""
        self.work_pool.submit_serial(user, self.run_now, work, reply, user=user, client=client, refresh_home=refresh_home)

    def run_now(self, work: Callable[[], list[Reply]], reply: Callable[[Reply], None], *, user: str,
                 client: WebClient, refresh_home: bool = True, interim: Callable[[Reply], None] | None = None,
                 ) -> None:
        """Run `work`, send its replies (or the one reply for its error), then refresh the user's Home. With
        `interim`: when the work takes longer than `slow_notice_seconds`, a short "still on it" is sent through
        it first (once, and never after the replies)."""
        with self._slow_notice(interim, user):
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

    @contextlib.contextmanager
    def _slow_notice(self, interim: Callable[[Reply], None] | None, user: str) -> Iterator[None]:
        """While the block runs: after `slow_notice_seconds`, send `wording.still_working()` through `interim`.
        When the block ends first, nothing is sent; when the notice is being sent as it ends, the block's end
        waits for it, so the notice never comes after the answer."""
        if interim is None or self.slow_notice_seconds <= 0:
            yield
            return
        lock, done = threading.Lock(), threading.Event()
        context = contextvars.copy_context()        # the request id follows the notice into the logs

        def notice() -> None:
            with lock:
                if done.is_set():
                    return
                try:
                    interim(wording.still_working())
                except Exception:
                    log.exception("could not send the still-working notice to %s", user)
        timer = threading.Timer(self.slow_notice_seconds, lambda: context.run(notice))
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            with lock:
                done.set()

    def on_unhandled_error(self, error: Exception, body: dict[str, Any], request: BoltRequest,
                           client: WebClient) -> None:
        """Last resort (an error outside the listeners' own boundary): log it, and tell the user, but only when
        the request is Slack's (verified by the guard, runtime/web.py, or come over Socket Mode): a person named only
        in an unverified body is never messaged."""
        log.error("unhandled error: %r", error, exc_info=error)
        if not guard.trusted(request.mode, request.context):
            return
        user = (body.get("user") or {}).get("id") if isinstance(body.get("user"), dict) else \
            body.get("user_id") or (body.get("event") or {}).get("user")
        if user and isinstance(user, str):
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
        with self._homes_lock:
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
        return self.dms.of(user, client)

    def reply_channel(self, client: WebClient, body: dict[str, Any]) -> str:
        """Where to answer a click: the DM it came from; for clicks on the Home tab, in a modal, or on an
        ephemeral card in a channel (e.g. `/case list` typed in #general, where the bot may not be a member),
        the user's DM with the bot."""
        container = body.get("container") or {}
        channel = container.get("channel_id") or ""
        if container.get("type") == "message" and channel.startswith("D"):
            return channel
        return self.dm_channel(client, body["user"]["id"])

    def poster(self, client: WebClient, channel: str, *, key: str | None = None,
               look_first_since: float | None = None, thread_ts: str | None = None,
               event_type: str = REPLY_EVENT_TYPE) -> Callable[[Reply], None]:
        """Posts each reply once: tagged `<key>:<n>` in its metadata (`event_type`: replies, or the "still on it"
        notice sent before them, INTERIM_EVENT_TYPE), looked up before being posted again after a
        dropped connection, or before being posted at all when the work is resumed (slackui/slackpost.py).
        With `thread_ts`, the replies go into that thread. A reply that starts a case's thread (the filing
        confirmation, posted in the DM itself) is recorded as the case's thread (store/threads.py)."""
        count = iter(range(1, 1000))

        def post(r: Reply) -> None:
            n = next(count)
            if key is None:
                extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
                posted = fallback.post_message(client, channel=channel, text=escape(r.text), blocks=r.blocks, **extra)
            else:
                posted = post_once(client, channel=channel, event_type=event_type, key=keys.reply(key, n),
                                   look_first_since=look_first_since, thread_ts=thread_ts, text=escape(r.text),
                                   blocks=r.blocks)
            if r.starts_thread is not None and thread_ts is None:
                self.store.threads.start(r.starts_thread.slack_user_id, r.starts_thread.case_id,
                                         posted["channel"], posted["ts"])
        return post

    @staticmethod
    def close_prompt(client: WebClient, body: dict[str, Any], action: dict[str, Any]) -> None:
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
