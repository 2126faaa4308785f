"""Bolt listeners, one module per surface: messages.py (DMs, slash command, App Home opened), actions.py
(buttons), views.py (modal submissions); core.py holds what they share (`Listeners`: registration, the error
boundary, posting replies, the Home tab)."""
from bot.listeners.core import REPLY_EVENT_TYPE, Listeners

__all__ = ["Listeners", "REPLY_EVENT_TYPE"]
