"""Answers to the bot's yes/no questions, typed: an agreeing or declining word, then only words that agree or decline
("sure, go ahead", "no wait, keep it", "no, that's a different problem"); and a refusal followed by news ("no wait,
keep it open, it just jammed again": `declined_then`). "yes the printer is broken" and "no network on floor 3" say
more than an answer. Read through the cues (cues.py: Cue.YES, Cue.NO).
"""
from __future__ import annotations

import re

from .lexicon import BROKEN_CUES

# Answers to a yes/no question (wider than the bare yes/no above): an agreeing or declining word, then only words
# that agree or decline ("sure, go ahead", "yes please close it", "no wait, keep it", "no, that's a different
# problem"); "yes the printer is broken" and "no network on floor 3" say more than an answer.
_SAME = r"(?:it'?s\s+|it\s+is\s+|that'?s\s+)?(?:the\s+)?same\s+(?:one|issue|problem|thing|case)"
_AGREE = (r"(?:yes|yep|yeah|yup|ya|sure|y|correct|right|exactly|absolutely|definitely|of\s+course|please\s+do|do\s+it|"
          r"ja|oui|s[ií]|sim|tak|jawohl|claro|certo|"
          r"go\s+ahead|go\s+for\s+it|that\s+one|this\s+one|that'?s\s+(?:it|right|correct|the\s+one|fine))")
# After an agreeing word only ("yes close it"; "close it" alone is a request of its own).
_AGREE_MORE = (r"(?:" + _AGREE + r"|(?:re-?open|open\s+(?:it\s+)?again)(?:\s+(?:it|it\s+again|the\s+case|my\s+case|the\s+ticket|"
               r"my\s+ticket))?|(?:close|reopen|add|file|put)\s+it(?:\s+(?:there|to\s+(?:it|that|that\s+one|the\s+case|"
               r"that\s+case|the\s+old\s+one)|on\s+(?:it|that|that\s+one|the\s+case)))?|it\s+is|it\s+was|" + _SAME
               + r"|(?:it'?s\s+|it\s+is\s+)?(?:the\s+)?same\s+[\w-]+)")   # "yes same projector"
_DECLINE = (r"(?:not\s+that\s+one|wrong\s+one|not\s+(?:now|yet|really)|(?:keep|leave)\s+it(?:\s+(?:open|closed|as\s+is))?|"
            r"(?:don'?t|do\s+not)\s+(?:close|reopen|add|file)\s+it|not\s+(?:the\s+)?same(?:\s+(?:one|issue|problem|thing|case))?|"
            r"(?:that'?s|it'?s|this\s+is|it\s+is|is)\s+(?:a\s+|an\s+)?(?:different|new|another|separate|other)\s+"
            r"(?:one|issue|problem|thing|case)|i\s+changed\s+my\s+mind)")
# After a declining word only ("no, a new case please"; "new case" or "other one" alone mean something else).
_DECLINE_MORE = (r"(?:" + _DECLINE + r"|(?:a\s+|an\s+)?(?:different|new|another|separate|other)\s+"
                 r"(?:one|issue|problem|thing|case)|file\s+(?:a\s+)?new\s+(?:one|case))")
_FILLER = (r"(?:please|pls|thanks|thank\s+you|thx|sorry|my\s+(?:mistake|bad)|wait|hold\s+on|actually|"
           r"bitte|danke|merci|gracias|por\s+favor|obrigad[oa]|grazie|dank\s+je|dzi[eę]kuj[eę])")
_SEP = r"[\s,.!:;-]+"
_UM = r"(?:(?:hmm+|uh+|um+|oh|ah|oops|well|actually)\W+)?"
YES = re.compile(rf"^\W*{_UM}{_AGREE}(?:{_SEP}(?:{_AGREE_MORE}|{_FILLER}))*\W*$", re.IGNORECASE)
NO = re.compile(rf"^\W*{_UM}(?:no|nope|nah|n|nein|non|nee|nie|n[ãa]o|wait|hold\s+on|{_DECLINE})(?:{_SEP}(?:{_DECLINE_MORE}|{_FILLER}))*\W*$",
                 re.IGNORECASE)
# A refusal said last, after the news: "actually hang on, just found them in the junk folder. leave it closed, sorry!"
DECLINED_LAST = re.compile(rf"[.!?;,]\s*(?:{_FILLER}{_SEP})*{_DECLINE}(?:{_SEP}(?:{_DECLINE_MORE}|{_FILLER}))*\W*$",
                           re.IGNORECASE)
# "no wait, keep it open, it just jammed again": a refusal, then news about the case the question was about.
NO_THEN_NEWS = re.compile(rf"^\W*{_UM}(?:(?:no|nope|nah|nein|non|nee|nie|n[ãa]o|wait|hold\s+on|hang\s+on|one\s+sec(?:ond)?|actually|oh|"
                           rf"hmm+|sorry|stop){_SEP})*(?:{_FILLER}{_SEP})*{_DECLINE_MORE}{_SEP}"
                           rf"(?:(?:{_FILLER}|because|cause|cos|as){_SEP})*(?P<news>\w.*)$", re.IGNORECASE | re.DOTALL)


# "no wait, it just jammed again", "nein warte, it printed blank ones again": a refusal, then a fault said at once.
NO_THEN_FAULT = re.compile(rf"^\W*{_UM}(?:(?:no|nope|nah|nein|non|nee|nie|n[ãa]o|wait|warte|attends|espera|aspetta|wacht|"
                            rf"czekaj|hold\s+on|hang\s+on|one\s+sec(?:ond)?|actually|oh|stop){_SEP})+(?P<news>\w.*)$",
                            re.IGNORECASE | re.DOTALL)
_FAULT = re.compile(r"\b(?:again|still|not|\w+n'?t|no\s+longer)\b", re.IGNORECASE)


def declined_then(text: str) -> str | None:
    """The news after a refusal ("no wait, keep it open, it just jammed again" -> "it just jammed again"; "no wait,
    it just jammed again" too: a fault said at once), or None when the message is not a refusal followed by at least
    two words of news."""
    m = NO_THEN_NEWS.match(text or "")
    news = m.group("news").strip() if m else ""
    if not news and (m := NO_THEN_FAULT.match(text or "")):
        said = m.group("news").strip()
        words = {w.casefold() for w in re.findall(r"[A-Za-z']+", said)}
        news = said if _FAULT.search(said) or words & BROKEN_CUES else ""
    return news if len(news.split()) >= 2 else None
