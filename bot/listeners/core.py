"""Bolt listeners: thin on purpose. Each one acks first, then hands the work to the conversation layer
(bot/conversation.py) and posts what it returns; every failure goes through bot/errors.py.

Events are acked by Bolt before the listener runs (process_before_response=False); commands, actions and
views call ack() before any Salesforce call, and a modal is opened right after the ack (trigger_id lives 3 s).
The listeners of each surface are in messages.py, actions.py, views.py, ratings.py and bot/channels/listeners.py;
what they share is in shared.py; this module builds them, registers them, and stops them.
"""
from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.conversation import Concierge
from bot.channels.listeners import WORK as CHANNEL_WORK
from bot.channels.listeners import ChannelListeners
from bot.listeners.actions import ActionListeners
from bot.listeners.messages import MessageListeners
from bot.listeners.ratings import RatingListeners
from bot.listeners.shared import Shared
from bot.listeners.views import ViewListeners
from slackui.identity import DmChannels
from store import IntakeClaim


class Listeners(Shared):
    """Registers every listener on a Bolt app; each surface is handed what they share (`Shared`)."""

    def __init__(self, app: App, concierge: Concierge, *, store: Any, work_threads: int = 32,
                 intake_lease_seconds: float = 10.0, slow_notice_seconds: float = 0.0,
                 dms: DmChannels | None = None):
        super().__init__(app, concierge, store=store, work_threads=work_threads,
                         intake_lease_seconds=intake_lease_seconds, slow_notice_seconds=slow_notice_seconds, dms=dms)
        self.messages = MessageListeners(self)
        self.actions = ActionListeners(self)
        self.views = ViewListeners(self)
        self.ratings = RatingListeners(self)       # the rating on resolution notices (bot/csat.py)
        self.channels = ChannelListeners(self)          # channel intake (bot/channels/)
        self.intake.resume = self._resume

    def register(self) -> None:
        self.channels.register()        # first: its channel message listener must match before the DMs' one
        self.messages.register()
        self.actions.register()
        self.views.register()
        self.ratings.register()
        self.app.error(self.on_unhandled_error)

    def shutdown(self, grace_seconds: float) -> int:
        """Graceful stop: let the messages being worked on finish for up to `grace_seconds`, then hand the rest
        back (another replica takes them over at once). Returns how many were handed back."""
        self.intake.wait_idle(grace_seconds)
        handed = self.intake.stop(hand_back=True)
        self.work_pool.shutdown(wait=False, cancel_futures=True)
        return handed

    def _resume(self, claim: IntakeClaim) -> None:
        """Work taken over from a stalled replica: a channel item (bot/channels/) or a DM."""
        if claim.payload.get("event", {}).get(CHANNEL_WORK):
            self.channels.resume(claim)
        else:
            self.messages.resume(claim)
