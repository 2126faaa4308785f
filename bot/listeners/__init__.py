"""Bolt listeners, one module per surface: messages.py (DMs, slash command, App Home opened), actions.py
(buttons), views.py (modal submissions), ratings.py (the rating on resolution notices); shared.py holds what they
share (`Shared`: the error boundary, posting replies, dedupe, the Home tab); core.py builds and registers them
(`Listeners`)."""
from bot.listeners.core import Listeners
from slackui.slackpost import REPLY_EVENT_TYPE

__all__ = ["Listeners", "REPLY_EVENT_TYPE"]
