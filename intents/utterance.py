"""`Utterance`: one message as the dialogue sees it, built once from the text and its `Parse`.

The intent, the case it names, the search words and the comment come from the parse; the flags (yes / no,
acknowledgement, never mind, ordinal, "the other one", follow-up, status-shaped, "thanks, that fixed it",
...) from the cues (cues.py) and the tone rules (tone.py). Pure: no I/O, no Slack, no Salesforce.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import cues as _cues
from .cues import Cue
from .lexicon import IT_TERMS, ORDINARY_TOO
from .parser import default_parser
from .typos import KNOWN_WORDS
from .subject import states_problem

# Words that make a message about software or a device even when no product is named ("the booking page",
# "the button is greyed out"), beside the IT lexicon.
_SOFTWARE_WORDS = frozenset("""system systems tool tools app page site button form link error upload download
login log sign-in screen online web computer printer wifi network""".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
# "site" as a place, not a web site: "the site office", "on site", "the building site".
_SITE_AS_PLACE = re.compile(r"\b(?:on|building|construction|work|job|camp|off|each|every|this|our)\s+site\b"
                            r"|\bsite\s+(?:office|manager|managers|hut|cabin|canteen|team|visit|induction|gate|entrance|"
                            r"compound|welfare|supervisor|foreman|operative|operatives|staff)\b")
# A system named by its acronym ("FIDS gate 7 blank", "PACS won't load"): three to five capitals in a message that is
# not shouted, other than the words people shout or abbreviate in chat.
_ACRONYM = re.compile(r"(?<![\w'])[A-Z][A-Z0-9]{2,4}(?![\w'])")
# A product's own casing: a capital inside a word after a lower-case start ("iTrent", "eMaint", "iPad", "SharePoint").
# (not a name's: "McDonald", "DeSouza", "MacLeod")
_PRODUCT_CASING = re.compile(r"(?<![\w'])(?:[a-z]{1,2}[A-Z][a-z]+|(?!(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|Fitz)[A-Z])"
                             r"[A-Z][a-z]+[A-Z][a-z]+)[A-Za-z]*(?![\w'])")
_NOT_A_SYSTEM = frozenset("""ASAP URGENT HELP PLEASE PLS PLZ FYI OMG WTF FFS LOL TBH BTW ETA EOD COB NOT NOW ALL ANY
THE AND BUT YES NOO STILL AGAIN REALLY VERY WHY HOW WHAT ONLY JUST NEED SOS AWOL TGIF IMO IMHO""".split())
# Faults only software or a device has ("THE ROUTE PLANNER HAS CRASHED AGAIN"): what has them is an IT thing.
_ONLY_IT_FAILS = frozenset("crash crashed crashes crashing reboot reboots rebooting rebooted bluescreen bsod glitch glitches "
                           "glitching glitchy buggy".split())

# Intents the bot answers without a case or a Salesforce call.
CHAT_INTENTS = ("help", "smalltalk", "unknown")


@dataclass(frozen=True)
class Utterance:
    """What one message means to the dialogue. `parse` is None when the text was answered by its cues alone
    (a bare "yes" to an open question is never sent to the model)."""

    text: str
    parse: Any = None
    cues: frozenset[Cue] = frozenset()
    ordinal: int | None = None  # "the second one" -> 1, "the last one" -> -1

    def has(self, cue: Cue) -> bool:
        return cue in self.cues

    @property
    def told_as_more(self) -> bool:
        """"forgot to say, ...", "PS ...", "... if that helps": said to be more about something already told, never a
        problem of its own."""
        return Cue.ADDENDUM in self.cues or Cue.OFFERED in self.cues

    # -- from the parse
    @property
    def intent(self) -> str:
        return getattr(self.parse, "intent", "unknown")

    @property
    def confidence(self) -> float:
        return float(getattr(self.parse, "confidence", 0.0))

    @property
    def ruled(self) -> bool:
        """The intent was decided by a rule (rules.py), not guessed by the classifier."""
        return getattr(self.parse, "source", "") == "rule"

    @property
    def lead(self) -> float:
        """How far the likeliest reading is ahead of the next (1.0 when a rule decided or there is no other)."""
        found = [float(score) for _, score in getattr(self.parse, "alternatives", None) or []]
        return 1.0 if self.ruled or len(found) < 2 else found[0] - found[1]

    @property
    def readings(self) -> list[str]:
        """The likeliest intents, best first (the model's two, after the one decided when a rule decided)."""
        found = [str(i) for i, _ in getattr(self.parse, "alternatives", None) or []]
        return found if not found or found[0] == self.intent else [self.intent, *[i for i in found if i != self.intent]]

    @property
    def runner_up(self) -> str | None:
        """The second likeliest intent (what "Did you mean…" offers beside the first)."""
        return self.readings[1] if len(self.readings) > 1 else None

    @property
    def confident(self) -> bool:
        return bool(getattr(self.parse, "confident", False))

    @property
    def keywords(self) -> list[str]:
        return list(getattr(self.parse, "keywords", None) or [])

    @property
    def case_ref(self) -> str | None:
        """The case number ("00001234") or Case Id the message names."""
        return getattr(self.parse, "case_number", None) or getattr(self.parse, "case_id", None)

    @property
    def case_type(self) -> str | None:
        """The Type a case filed from this message gets (triaged from its problem sentences, whatever the intent)."""
        return getattr(self.parse, "case_type", None) or getattr(self.parse, "problem_type", None)

    @property
    def chat(self) -> bool:
        """help, small talk or out of scope: answered without a case."""
        return self.parse is not None and self.intent in CHAT_INTENTS

    @property
    def comment_body(self) -> str:
        """The comment inside "add a comment to 1234: ..." (the whole text when there is no instruction)."""
        return _cues.comment_body(self.text)

    @property
    def comment_case_ref(self) -> str | None:
        """The case reference, unless it is a bare number inside the comment's own text ("add to my headset
        case: it's a Jabra Evolve2 8500"): model numbers, serials and rooms are not case numbers."""
        ref, body = self.case_ref, self.comment_body
        if not ref or not getattr(self.parse, "case_number_bare", False) or not body:
            return ref
        at = self.text.find(body[1:]) - 1
        head = self.text[:at] if at >= 0 else self.text
        return ref if _cues.number_in(head, ref) else None

    @property
    def status_shaped(self) -> bool:
        """Unclear to the model but can only be asking about a case: "status?", "what about 1006?", "my
        battery case"; or asking for a case's news in so many words, whatever the model read ("whats the story with my
        ticket about the card machine")."""
        p = self.parse
        if p is None:
            return False
        if self.intent in ("file_case", "add_comment") and _cues.asks_about_a_case(self.text) and self.keywords:
            return True
        if self.intent == "help" and _cues.asks_about_a_case(self.text):
            return True   # "ok and what about mine?": the person's own case, however like a question for help it looks
        if self.confident and self.intent not in ("unknown", "smalltalk"):
            return False
        return _cues.status_shaped(self.text, has_keywords=bool(self.keywords))

    @property
    def status_words(self) -> list[str]:
        """The words to find the case asked about by: none for "how long will it take?" (the case in focus)."""
        if _cues.asks_when(self.text):
            return []
        naming = _cues.bare_status_naming(self.text)   # "ok fair enough. and mine?": "fair" names no case
        if naming is not None:
            said = {w.casefold() for w in re.findall(r"[\w'-]+", naming)}
            return [k for k in self.keywords if any(w.startswith(k.casefold()) for w in said)]
        return self.keywords

    @property
    def names_it_thing(self) -> bool:
        """The message mentions software, a device, an account or a network ("the kitchen tap leaks" does not)."""
        words = set(_WORD.findall(_SITE_AS_PLACE.sub(" ", self.text.casefold())))
        return bool(words & (IT_TERMS - ORDINARY_TOO) or words & _SOFTWARE_WORDS or words & _ONLY_IT_FAILS or self._acronym
                    or _PRODUCT_CASING.search(self.text))

    @property
    def _acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
            return False
        known = default_parser().model.meta["vocabulary"]
        # a word the desk's data knows is a word shouted ("its FREEZING in here"); an IT one is an IT term already
        return any(a not in _NOT_A_SYSTEM and a.lower() not in known and a.lower() not in KNOWN_WORDS
                   for a in _ACRONYM.findall(self.text))

    @property
    def states_problem(self) -> bool:
        """The message says what is wrong or wanted ("the label printer prints garbage"), beyond courtesies."""
        return states_problem(self.text)

    @property
    def status_ref(self) -> str | None:
        """The case a status-shaped message asks about: the one parsed, or the number said alone."""
        return self.case_ref or _cues.about_number(self.text)


def understand(text: str, parse: Any = None) -> Utterance:
    """The `Utterance` for `text` (and its `Parse`, when the text needed the model)."""
    text = (text or "").strip()
    return Utterance(text=text, parse=parse, cues=_cues.found(text), ordinal=_cues.ordinal(text))
