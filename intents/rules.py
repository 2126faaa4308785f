"""High-precision rules that decide an intent without the classifier.

They only fire on whole messages that can mean one thing (a bare greeting, "thanks!", "help"), where a rule
is more reliable than a statistical model and where a wrong answer would look silly. Everything else is the
classifier's job. Rules read the normalised text (see normalize.py), so "thx!!", "Thanks :)" and "ty" are
all "thanks".
"""
from __future__ import annotations

import re

_FILLER = r"(?:\s+(?:there|again|all|man|mate|buddy|bot|concierge|team|guys|folks|so|much|a|lot|very|you|[!?]))*"
_SMALLTALK = re.compile(
    r"^(?:(?:hi|hello|hey|howdy|greetings|good\s+(?:morning|afternoon|evening|day|night)|morning|evening|"
    r"thanks|thank\s+you|cheers|bye|goodbye|see\s+you|ok|cool|great|awesome|nice|perfect|lol|smile|"
    r"thumbsup|yay|appreciate\s+it|you\s+rock|much\s+appreciated|got\s+it|sounds\s+good|will\s+do)"
    + _FILLER + r"\s*)+$"
)
_HELP = re.compile(
    r"^(?:help|help\s+me|menu|commands|options|usage|what\s+can\s+you\s+do|what\s+do\s+you\s+do|"
    r"how\s+does\s+this\s+work|how\s+do\s+i\s+use\s+(?:you|this|this\s+bot|concierge)|[?])(?:\s*[?!])*$"
)


def rule_intent(text: str, normalised: str) -> str | None:
    """The intent a rule is sure of, or None to let the classifier decide."""
    if not text.strip() or not re.search(r"\w", text):
        return "help" if "?" in text or not text.strip() else None
    if _HELP.match(normalised):
        return "help"
    if _SMALLTALK.match(normalised):
        return "smalltalk"
    return None
