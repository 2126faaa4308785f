"""The ticket Concierge writes for a message: Subject, Priority and why, and the words around the card.

The language rules live in intents/ (subject.py, urgency.py, tone.py); this module applies the org mapping
(servicecloud/config.py: `urgency`, `defaults.priority`) and holds the confirmation's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from intents.subject import summarize
from intents.tone import frustrated
from intents.urgency import urgency
from servicecloud.config import OrgConfig
from slackui.fit import escape
from slackui.labels import priority_label


@dataclass(frozen=True)
class Ticket:
    subject: str
    priority: str | None = None   # None: the org's default priority
    why: str | None = None        # "High: you said the whole team is affected"


def ticket_for(text: str, org: OrgConfig, *, subject: str | None = None) -> Ticket:
    """The Subject (`subject` as given, else the problem sentence of `text`) and the Priority: the org's
    urgent priority when the words say it is urgent and the org has it switched on."""
    subject = (subject or "").strip() or summarize(text)
    urgent = urgent_priority(text, org)
    return Ticket(subject, urgent.priority, urgent.why) if urgent else Ticket(subject)


@dataclass(frozen=True, slots=True)
class Urgent:
    priority: str                 # the org's urgent priority
    why: str                      # "High: you said the whole team is affected"


def urgent_priority(text: str, org: OrgConfig) -> Urgent | None:
    """The org's urgent priority and why, when the words say it is urgent and the org has it switched on (a new
    case's Priority, and a comment that makes a case urgent); None otherwise."""
    u = urgency(text) if org.urgency.enabled else None
    if u is None:
        return None
    return Urgent(org.urgency.priority, f"{priority_label(org.urgency.priority)}: {u.reason}")


def at_default_priority(current: str | None, org: OrgConfig) -> bool:
    """Whether a case's priority is still the org's default (no priority counts as the default): only such a case
    is raised by a comment; a priority an agent chose is never touched."""
    return (current or org.defaults.priority) == org.defaults.priority


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


AFTER_COMMENT = "The agent sees it on the case; I'll tell you here when they reply."
AFTER_CLOSE = "Nothing more to do. If the problem comes back, tell me and I'll reopen it."
AFTER_REOPEN = "It's back with the service desk; I'll tell you here when someone picks it up."
FIXED = "Glad it's working again!"
VAGUE_QUESTION = ("Sorry to hear that. What isn't working? Tell me what you were doing and what happens "
                  "(for example _Outlook won't open since this morning_) and I'll file a case.")


def _mentions(text: str, topic: str) -> bool:
    """The topic as a word or its plural or inflection ("payslips", "radiators"): "loo" is not in "lookup"."""
    return re.search(rf"\b{re.escape(topic)}(?:s|es|ed|ing)?\b", text, re.IGNORECASE) is not None


def pointer_for(text: str, org: OrgConfig, *, default: bool = True) -> str | None:
    """Where to go for something Concierge does not handle: the org's pointer whose topic words the message
    mentions ("For payroll, please use the HR portal."), else (when `default`) the org's general pointer."""
    for pointer in org.pointers:
        topic = next((t for t in pointer.topics if _mentions(text, t)), None)
        if topic:
            return f"I only handle IT support cases, so I can't help with {topic} here: please use {pointer.where}."
    if default:
        return (f"That's outside what I handle (IT support cases). For that, try {org.pointer_default}; for an "
                "IT problem, tell me what's wrong and I'll file a case.")
    return None
