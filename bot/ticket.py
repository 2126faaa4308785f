"""The ticket Concierge writes for a message: Subject, Priority and why, and the words around the card.

The language rules live in intents/ (subject.py, urgency.py, tone.py); this module applies the org mapping
(servicecloud/config.py: `urgency`, `defaults.priority`) and holds the confirmation's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.blocks import escape
from intents.subject import summarize
from intents.tone import frustrated
from intents.urgency import urgency
from servicecloud.config import OrgConfig


@dataclass(frozen=True)
class Ticket:
    subject: str
    priority: str | None = None   # None: the org's default priority
    why: str | None = None        # "High: you said the whole team is affected"


def priority_label(priority: str) -> str:
    """"2-High" -> "High", "P1 - Critical" -> "Critical", "Urgent" -> "Urgent"."""
    return re.sub(r"^\s*(?:p?\d+)\s*[-–:.]?\s*", "", priority, flags=re.IGNORECASE).strip() or priority


def ticket_for(text: str, org: OrgConfig, *, subject: str | None = None) -> Ticket:
    """The Subject (`subject` as given, else the problem sentence of `text`) and the Priority: the org's
    urgent priority when the words say it is urgent and the org has it switched on."""
    subject = (subject or "").strip() or summarize(text)
    u = urgency(text) if org.urgency.enabled else None
    if u is None:
        return Ticket(subject)
    priority = org.urgency.priority
    return Ticket(subject, priority, f"{priority_label(priority)}: {u.reason}")


# ---------------------------------------------------------------------------- wording of the confirmation
def acknowledgement(text: str) -> str | None:
    """A short acknowledgement for a frustrated message, said before the card (None when calm)."""
    if frustrated(text):
        return "I'm sorry this is getting in your way. Let's get it fixed."
    return None


def next_steps(assignee: str | None, *, urgent: bool = False) -> str:
    """What happens after filing: who it goes to (if known) and that updates arrive here."""
    who = f"*{escape(assignee)}* will pick it up" if assignee else "The service desk will pick it up"
    soon = " first" if urgent else ""
    return (f"What happens next: {who}{soon}. I'll message you here when they reply or the status changes; "
            "click *Edit subject* if I got the summary wrong.")
