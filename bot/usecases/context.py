"""Messages read against what just happened in the conversation: the case in focus (just filed, shown or acted on).

One general rule for each kind of continuation, not one per phrasing:
* an addition ("also it only happens when docked", "oh and the error code is 0x80070005", "plus the one in bay 6
  does it too") is a comment on the case in focus; when it states a new problem about something else ("also my
  mouse is broken") the person is asked, with both answers a tap away ("Is this about case N?" / file it);
* a correction ("sorry my mistake, it's desk 5 not desk 3", "I meant Teams, not Outlook") is a comment on it;
* "that fixed it", "never mind, a restart sorted it" about the case in focus offers to close it, and with nothing
  in focus files nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from bot import wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.usecases import asking, comments, lifecycle
from bot.usecases.requests import asks_how
from bot.usecases.base import CASE_TEXT, Deps, filing_carried, open_case_in_focus
from intents import keywords, ranking
from intents.paste import prose
from intents.cues import LEAD_IN, Cue
from intents.lexicon import IT_TERMS
from intents.subject import names_fault
from intents.urgency import urgency
from intents.utterance import Utterance

# A closing verb: "it works now, close it" asks for the close itself (intents/parser.py has the wider _ASKS_TO_CLOSE,
# which also counts "sorted", "never mind": whether a close reading asks to close anything at all).
_CLOSE_VERB = re.compile(r"\b(?:close|cancel|resolve|withdraw|shut)\b", re.IGNORECASE)
# Words that point at the case itself or the person it is for (not "too", "as well": those join a new thing as readily
# as the same one).
_POINTS_AT_IT = re.compile(r"\b(?:it|it'?s|its|them|they|same|the\s+(?:one|other\s+one)|that\s+one|either|"
                           r"she|he|her|him|his|hers)\b", re.IGNORECASE)
# "it's a grey iPad", "he's at Hillfield", "they're in the back office": what the thing or person is, or where.
_SAYS_WHAT_IT_IS = re.compile(LEAD_IN + r"(?:it|he|she|they)"
                              r"(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were)\s+(?:a|an|the|one\s+of|in|at|on|based|from|"
                              r"called|my|our|his|her|their)\b", re.IGNORECASE)
# "it's showing 'Paper jam tray 2' but there's nothing in there": what the thing itself shows or says (not "it's also
# frozen now": a new fault of it is asked about).
_WHAT_IT_SHOWS = re.compile(r"^\W*(?:(?:oh|ah|and|ok|okay|so|well|yeah|yes|right|sorry|btw|fyi)\W+){0,2}(?:it|they)(?:'s|’s|'re|’re|"
                            r"\s+is|\s+are)?\s+(?:still\s+|now\s+|just\s+)?(?:shows?|showing|says?|saying|displays?|displaying|"
                            r"reads?|reading|gives?\s+(?:me\s+|us\s+)?|giving\s+(?:me\s+|us\s+)?)\b", re.IGNORECASE)
# What the person the case is for does, needs or has ("he starts on 3 March and needs Windows, not a Mac", "actually she
# needs edit rights, not just read only", "his manager is Sarah Lee"): a person is never the new fault, so more of it.
_OF_THE_PERSON = re.compile(LEAD_IN + r"(?:he|she|his|her)\b", re.IGNORECASE)
# The fault said to go on ("but the tower one is still dead", "still won't print"): more of what was reported, when it
# names that thing or nothing new (checked with `worse`).
_STILL_BROKEN = re.compile(r"\bstill\s+(?:dead|down|broken|off|offline|frozen|stuck|failing|crashing|freezing|blank|"
                           r"not\s+\w+|no\s+\w+|won'?t|doesn'?t|isn'?t|aren'?t|can'?t|nothing|the\s+same)\b", re.IGNORECASE)
# Intents that ask for something else than adding to the case in focus, and how sure the model must be of one.
_OWN_REQUESTS = ("close_case", "reopen_case", "list_cases", "check_status")
_SURE = 0.8
# ("close it", "close the printer one", "show my cases", "what's the status of my other ticket"; not "the ones without
# photos close fine")
_ASKS_FOR_ITS_OWN = re.compile(r"\b(?:close|cancel|resolve|withdraw|shut|re-?open)\s+(?:it|this|that|them|both|all|my|case|ticket|"
                               r"the\s+(?:[\w-]+\s+){0,2}?(?:one|case|ticket|request))\b|\b(?:list|show)\b|\b(?:cases|tickets|requests)\b"
                               r"|\b(?:status|progress)\s+(?:of|on)\b|\b(?:other|another)\s+(?:case|ticket|request|one)\b",
                               re.IGNORECASE)


def addition(deps: Deps, emp: Employee, u: Utterance, *, dedupe_key: str,
             elsewhere: Callable[[], list[Reply] | None]) -> list[Reply] | None:
    """An addition to the case in focus (None when `u` is not one, or nothing is in focus). `elsewhere`: where the org
    sends this message instead of filing it, if anywhere (the front desk's pointer, worked out once per message)."""
    if u.case_ref or u.has(Cue.NEW_MATTER) or u.has(Cue.SAYS_FIXED) or asks_how(u.text):
        return None    # "also totally separate thing - ...", "also unrelated, who do I talk to ...", "also who I tell that
        # the aircon is too cold?": not about the case
    said_new = u.has(Cue.WANTS_NEW_CASE)
    names_new = _names_new_it_thing(u)
    corrects = u.has(Cue.CORRECTION)   # "sorry my mistake, it's Teams not Outlook": about the case, whatever it names
    # "it's a black Samsung A54", "I've changed my password now": goes on about the case (checked below)
    continues = (u.has(Cue.CONTINUES) or u.has(Cue.DONE_SINCE)) and not said_new
    # "its getting worse, 3 lorries sat waiting now", "we're on exercise at 1400 today and need it working": more urgency
    # for what was reported, pointing back at it and naming nothing new (the urgency is read below, only for these)
    may_raise = u.has(Cue.POINTS_BACK) and not said_new and not names_new
    # "its getting worse - now neither card reader upstairs will connect": more of it, whatever it names (checked below)
    worse = (u.has(Cue.WORSE) or bool(_STILL_BROKEN.search(u.text))) and not said_new
    # "battery swap didnt help": what was tried for it, whatever part it names; "dropped it on the pavement": how it broke
    in_vain = (u.has(Cue.IN_VAIN) or (u.has(Cue.HOW_IT_HAPPENED) and not names_new)) and not said_new
    # "also ...", "btw", "forgot to say, ...", "... if that helps"
    told_as_more = u.told_as_more
    additive = u.has(Cue.ADDITIVE) or told_as_more
    if not (additive or corrects or continues or may_raise or worse or in_vain):
        return None
    if u.intent in _OWN_REQUESTS and (u.ruled or (u.confidence >= _SURE and _ASKS_FOR_ITS_OWN.search(u.text))):
        return None    # "also, close the printer one" asks for something else; a guess of the model does not outweigh "oh and"
    # "now the whole team is locked out and we launch tomorrow": more urgency, nothing new named: the same case
    escalates = not names_new and urgency(u.text) is not None
    raises = may_raise and escalates
    if not (additive or corrects or continues or raises or worse or in_vain):
        return None
    case = open_case_in_focus(deps, emp)
    if case is None:
        return None
    if not (escalates or worse or in_vain) and elsewhere() is not None:
        return None    # "also the heating on our floor is broken": the org sends that elsewhere, whatever words it shares
        # (not more of the case: "now the whole team is blocked, none of the vans can leave")
    if in_vain:
        return _added(deps, emp, case, u, dedupe_key)
    shares = _shares_words(case, u.keywords)
    if not shares and prose(u.text) != u.text:   # "here is what the log says: ```Cook failed ... shader```": the
        shares = _shares_words(case, keywords(u.text))   # pasted lines name the case's words
    if worse and (shares or not names_new):
        return _added(deps, emp, case, u, dedupe_key)
    if not (additive or corrects or continues or raises):
        return None    # worse, of something else named
    points_back = _points_back(u)
    if raises and not (additive or corrects) and not points_back:
        return None
    if continues and not (additive or corrects or raises):
        # what it is or where ("it's a black Samsung A54 with a cracked corner", "he's at Hillfield"), or more said of it
        # that names no new fault; what the person has done since, in the case's words ("I've changed my password
        # now"); a new fault said of "it" ("it's also frozen now and I can't send mail") is asked about as before
        goes_on = u.has(Cue.CONTINUES) and points_back and (_SAYS_WHAT_IT_IS.match(u.text) or _WHAT_IT_SHOWS.match(u.text)
                                                           or _OF_THE_PERSON.match(u.text) or not names_fault(u.text))
        # done since, to the case's things or for its person ("I've removed her access now, but she may have opened it")
        done_to_it = u.has(Cue.DONE_SINCE) and (shares or (points_back and not names_new))
        if not (goes_on or done_to_it):
            return None
    new_problem = (u.confident and u.intent == "file_case" and not shares and not points_back and not escalates
                   and not corrects and not told_as_more)
    if new_problem:  # "also my mouse is broken": more about it, or a problem of its own? Both are a tap away
        return asking.duplicate(deps, emp, case, filing_carried(
            u.text, u.case_type or deps.org.defaults.type_incident, dedupe_key=dedupe_key), asker=dedupe_key)
    return _added(deps, emp, case, u, dedupe_key)


def more_about_the_case_in_focus(deps: Deps, emp: Employee, u: Utterance, *, dedupe_key: str) -> list[Reply] | None:
    """Words that name no case but share the open case in focus's words or point back at it ("its the one in the back
    lab, the screen on it says HL7 timeout"): added to it; None when nothing is in focus or they do neither."""
    case = open_case_in_focus(deps, emp)
    if case is None or u.case_ref:
        return None
    if not (_shares_words(case, u.keywords) or _points_back(u)):
        return None
    return _added(deps, emp, case, u, dedupe_key)


def _added(deps: Deps, emp: Employee, case: Any, u: Utterance, dedupe_key: str) -> list[Reply]:
    """The message added as it is to the case in focus."""
    return comments.comment(deps, emp, case.id, case.case_number, u.text, dedupe_key=dedupe_key, subject=case.subject)


def _shares_words(case: Any, words: Sequence[str]) -> bool:
    """`words` rank `case` (its subject and description, as every ranking of cases reads them)."""
    return bool(ranking.rank([case], words, **CASE_TEXT))


def _points_back(u: Utterance) -> bool:
    """"the one in bay 6 does it too" points back at the case in focus; "my mouse is broken too" names another IT thing."""
    return u.has(Cue.POINTS_BACK) and not (u.names_it_thing and not _POINTS_AT_IT.search(u.text))


def _names_new_it_thing(u: Utterance) -> bool:
    """An IT thing named, other than a file to hand in ("we have to file at court by 3")."""
    return u.names_it_thing and not (set(re.findall(r"[a-z]+", u.text.casefold())) & IT_TERMS <= {"file", "files"})


# Something asked of the bot besides the news: a question, a request.
_ASKS = re.compile(r"\?|\b(?:can|could|would)\s+you\b|\bplease\b|\bpls\b|\b(?:re-?open|status|update|list|show)\b",
                   re.IGNORECASE)


def fixed(deps: Deps, emp: Employee | None, user_id: str, u: Utterance, *, dedupe_key: str) -> list[Reply] | None:
    """"A restart fixed it, thanks" / "never mind, someone sorted it": offer to close the case in focus; with none,
    close the case the words name (or ask which), and with no open case file nothing. None when `u` does not say a
    problem went away."""
    if u.case_ref or not u.has(Cue.SAYS_FIXED) or (u.intent in ("reopen_case", "list_cases", "check_status")
                                                  and (u.ruled or (u.confident and _ASKS.search(u.text)))):
        return None   # "it's working again, can you reopen the other one?"; a guess of the model does not outweigh the
        # words when nothing is asked ("oh wait they're coming through on the kitchen screen now")
    if u.intent == "close_case" and _CLOSE_VERB.search(u.text):
        return None  # "it works now, close it" is a close request, answered as such
    offered = lifecycle.offer_to_close_focus(deps, user_id, dedupe_key=dedupe_key)
    if offered is not None:
        return offered
    if emp is None:
        return None
    if deps.cases.snapshot(emp.contact_id).open:
        return lifecycle.close_request(deps, emp, None, u.keywords, dedupe_key=dedupe_key, text=u.text)
    return [Reply.plain(wording.GLAD_ITS_FIXED)]
