"""A request, once its intent is known: routed to the use case for that goal (or answered as chat)."""
from __future__ import annotations

import re
from functools import lru_cache

from bot import wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.ticket import pointer_for
from bot.dialogue.question import Kind
from bot.usecases import asking, comments, filing, lifecycle, status
from bot.usecases.base import CASE_TEXT, Deps
from intents import cues, ranking
from intents.cues import Cue
from intents.subject import names_fault, summarize
from intents.urgency import security_phrase
from intents.utterance import Utterance
from servicecloud.errors import SalesforceUnavailable

ACTIONS = ("file_case", "check_status", "list_cases", "add_comment", "close_case", "reopen_case")
# Intents that act on a case the person already has.
ON_A_CASE = ("check_status", "add_comment", "close_case", "reopen_case")


def new_problem_with_nothing_to_act_on(deps: Deps, emp: Employee, u: Utterance) -> bool:
    """True when `u` was read as acting on a case (or unclearly so) but names none, no rule said so, nothing is
    in focus, the person has no case it could act on, and the message says what is wrong: it can only be a new
    problem ("weird one: the label printer prints garbage", "this damn printer ate my document again", a
    problem with a pasted log). Confidently, only a comment is read so; unclearly, any intent on a case: with
    no case at all (open or recently closed), or with no open case when filing was the runner-up."""
    # "separate thing - the people counter has shown 0 visitors all week": said to be new, or of an IT thing
    tells = u.states_problem or u.has(Cue.NEW_MATTER) or (u.intent == "add_comment" and u.names_it_thing)
    if u.case_ref or u.ruled or not tells:
        return False
    if u.intent not in ON_A_CASE or (u.confident and u.intent != "add_comment" and not _closes_nothing_named(u)):
        return False
    if deps.focus.get(emp.slack_user_id) is not None:
        return False
    snap = deps.cases.snapshot(emp.contact_id)
    if snap.open or (u.intent == "reopen_case" and snap.closed):   # a closed case may be what comes back
        return False
    runner_up_files = "file_case" in u.readings
    return u.confident or runner_up_files or not snap.closed


# Closing asked of a case: "close it", "close my printer ticket", "you can close the scan to email one".
_CLOSE_ASKED = re.compile(r"\b(?:close|cancel|resolve|shut|withdraw)\s+(?:it|this|that|them|both|my|the|case|ticket|request)\b"
                          # reopening asked of a case, not of an app: "reopen my VPN ticket" (not "I just reopen it")
                          r"|\bre-?open\s+(?:(?:my|the|that|this)\s+(?:[\w-]+\s+){0,3}?(?:case|ticket|request|one)|case|ticket)\b",
                          re.IGNORECASE)


def _closes_nothing_named(u: Utterance) -> bool:
    """A close reading of a message that asks to close nothing and names no case, with filing the runner-up ("I'd like to
    request a Dorico licence ... now that Finale's been discontinued"): what it says is wanted or wrong is to be filed."""
    return (u.intent in ("close_case", "reopen_case") and "file_case" in u.readings[:2] and not _CLOSE_ASKED.search(u.text)
            and not u.has(Cue.DESCRIBES_CASE))


# Words that add to something already reported: "update", "also", "add to", "as well", a case named ("on my ticket").
_TIES_BACK = re.compile(r"\b(?:update|updates|as\s+well|too|also|add(?:ing)?\s+(?:to|that|this|on))\b"
                        # "add this to the ticket", "on Maria's request" (not "the ticket scanner", "the ticket office")
                        r"|(?:\b(?:the|my|that|this|your|a)|['’]s)\s+(?:ticket|case|request|issue|incident)s?\b(?!\s+(?:scanner|machine|"
                        r"office|printer|desk|booth|barrier|gate|system|app|counter|reader|kiosk|portal|queue|tool|sales|"
                        r"number\s+(?:field|box)))", re.IGNORECASE)


def reported_afresh(deps: Deps, emp: Employee, u: Utterance) -> bool:
    """True when `u` was read as a comment but names no case, adds to nothing (no "also", "update", "add to", no case
    word), nothing is in focus, and it states a fault in full ("the ticket scanner at the summit restaurant is not
    reading the lunch vouchers", "the chiller alarm texts STILL aren't coming through"): a report of its own, or the
    problem of an open case come back. Filing's check asks "Is this about case X?" when it resembles an open case, so
    adding it there or filing it is the person's one tap, not the bot's guess."""
    if u.intent != "add_comment" or u.case_ref or u.ruled or not u.states_problem or _TIES_BACK.search(u.text):
        return False
    if any(u.has(c) for c in (Cue.ADDENDUM, Cue.ADDITIVE, Cue.FOLLOW_UP, Cue.DESCRIBES_CASE, Cue.CORRECTION)):
        return False
    return deps.focus.get(emp.slack_user_id) is None


# Words that only say a case is wanted, not what it is about ("I need to open a ticket", "can you log a case for me").
_TICKET_TALK = frozenset("""ticket tickets case cases request requests incident open opening raise raising log logging
file filing create creating new need needs want wants help support issue problem problems something someone it
please pls quick quickly can could would like get make submit put start""".split())


_ASKS_FOR_A_TICKET = re.compile(r"\b(?:ticket|case|incident|request)s?\b", re.IGNORECASE)


def says_what(u: Utterance) -> bool:
    """Whether a message read as filing says what the problem or the request is: False only for one that asks for a
    ticket and says nothing else ("I need to open a ticket", "can you log a case for me")."""
    if not _ASKS_FOR_A_TICKET.search(u.text):
        return True
    return any(k.casefold() not in _TICKET_TALK for k in u.keywords) or bool(getattr(u.parse, "case_number", None))


def only_filing_writes(deps: Deps, emp: Employee, u: Utterance) -> bool:
    """True when `u` is unclear, but of its two likeliest readings only filing could write anything (the other is
    help, small talk, out of scope, or an act on a case the person does not have: no closed case to reopen, no open
    one to comment on or close), it names no case, and it says what is wrong or wanted: asking "Did you mean...?"
    would only delay the case ("nobody on the night shift can log into dispatch", "this printer ate my document
    again" with nothing to reopen)."""
    readings = u.readings[:2]
    # a fault stated of a thing no pointer topic claims ("wash bay sensor isn't triggering the brushes") is ours too
    ours = u.names_it_thing or (names_fault(u.text) and pointer_for(u.text, deps.org, default=False) is None)
    if u.confident or u.case_ref or readings[:1] != ["file_case"] or not (u.states_problem and ours):
        return False
    others = [i for i in readings[1:] if i in ACTIONS]
    if others:
        snap = deps.cases.snapshot(emp.contact_id)
        possible = {"reopen_case": bool(snap.closed), "list_cases": True}
        others = [i for i in others if possible.get(i, bool(snap.open))]
    return not others


def filed_for(deps: Deps, user_id: str, owner: str) -> bool:
    """Whether one of the person's own cases (open or recently closed) mentions `owner`: "Maria's request" is then
    the case they filed for Maria, not one of hers."""
    if not owner:
        return False
    try:
        snapshot = deps.cases.snapshot(deps.directory.employee(user_id).contact_id)
    except SalesforceUnavailable:
        return False
    word = re.compile(rf"\b{re.escape(owner)}\b", re.IGNORECASE)
    return any(word.search(f"{c.subject} {c.description or ''}") for c in (*snapshot.open, *snapshot.closed))


# What a message stating a problem can be read as, when it is about a case the person already has.
_PROBLEM_READINGS = {"file_case", "reopen_case", "add_comment"}


def recurrence_of_an_open_case(deps: Deps, emp: Employee, u: Utterance) -> bool:
    """True when `u` reads as a problem come back ("the scanner is jamming again, same as last week": reopening,
    or unsure between that, a new problem and news for a case), names no case, no rule decided it, nothing is in
    focus, and the problem is likely that of one of the person's open cases and of none recently closed: it never
    went away, so it is news for that open case, and filing's check asks "Is this about case X?" first."""
    readings = {u.intent, *u.readings[:2]}
    # "separate thing - the people counter has shown 0 visitors all week": said to be new, or of an IT thing
    tells = u.states_problem or u.has(Cue.NEW_MATTER) or (u.intent == "add_comment" and u.names_it_thing)
    if u.case_ref or u.ruled or not tells:
        return False
    if u.intent != "reopen_case" and (u.confident or not readings <= _PROBLEM_READINGS):
        return False
    if deps.focus.get(emp.slack_user_id) is not None:
        return False
    snapshot = deps.cases.snapshot(emp.contact_id)
    return (bool(ranking.likely_same(snapshot.open, u.keywords, **CASE_TEXT))
            and not ranking.likely_same(snapshot.closed, u.keywords, **CASE_TEXT))


def run(deps: Deps, emp: Employee | None, intent: str, u: Utterance, *, dedupe_key: str) -> list[Reply]:
    """Do what `u` asks, read as `intent` (`emp` None: a chat intent, no case involved)."""
    text = u.text
    if intent not in ACTIONS:
        return chat(deps, intent, u)
    assert emp is not None
    if intent == "file_case":
        if not says_what(u):  # "I need to open a ticket": nothing to file yet; the next message answers it
            asking.ask(deps, emp.slack_user_id, Kind.DESCRIBE, "file_case", asker=dedupe_key, carried={"text": text})
            return [Reply.plain(wording.WHAT_IS_THE_PROBLEM)]
        return filing.file_case(deps, emp, text, case_type=u.case_type, keywords=u.keywords, dedupe_key=dedupe_key)
    if intent == "check_status":
        return status.status(deps, emp, u.case_ref, u.status_words, text)
    if intent == "list_cases":
        return status.closed_cases(deps, emp) if cues.has(text, Cue.CLOSED_LIST) else status.my_cases(deps, emp)
    if intent == "add_comment":
        if new_problem_with_nothing_to_act_on(deps, emp, u) or reported_afresh(deps, emp, u):
            return filing.file_case(deps, emp, text, case_type=u.case_type, keywords=u.keywords, dedupe_key=dedupe_key)
        return comments.add_comment_request(deps, emp, u.comment_case_ref, u.comment_body, u.keywords,
                                            dedupe_key=dedupe_key, text=text, case_type=u.case_type)
    if intent in ("close_case", "reopen_case") and new_problem_with_nothing_to_act_on(deps, emp, u):
        # "... I just reopen it and it loads. Not urgent, figured I'd log it": nothing to reopen was asked; a problem was told
        return filing.file_case(deps, emp, text, case_type=u.case_type, keywords=u.keywords, dedupe_key=dedupe_key)
    if intent == "close_case":
        return lifecycle.close_request(deps, emp, u.case_ref, u.keywords, dedupe_key=dedupe_key, text=text)
    return lifecycle.reopen_request(deps, emp, u.case_ref, u.keywords, dedupe_key=dedupe_key, text=text)


# A question about how something is done that states no fault and asks for nothing of IT ("how do I book my holidays,
# is it in the HR portal or do I ask my manager?"): an IT word in it ("portal") does not make it an IT problem.
# (a question's words in the order of a statement too: "where I can see my payslip from September?"; and without "do":
# "who I tell that the aircon is too cold?", "how i book holiday?")
_WH_NO_DO = (r"(?:how|where|who|whom)\s+(?:i|we)\s+(?:tell|ask|contact|speak|talk|report|book|find|get|go|send|call|e-?mail|"
             r"request|apply|change|claim|see|check)")
_HOW = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:(?:how|where|who|when|which|what)\s+(?:(?:i|we)\s+)?(?:do|does|can|could|should|would|"
                  r"is|are)|how\s+(?:many|much)|" + _WH_NO_DO + r")\b"
                  r"|\?\s*$",
                  re.IGNORECASE)


_IT_ASKS = frozenset("access install installed license licence account permission permissions rights setup enable grant "
                     "reset unlock".split())


_WH = re.compile(r"\b(?:(?:how|where|who|when|which|what)\s+(?:(?:i|we)\s+)?(?:do|does|can|could|should|would|is|are)|"
                 r"how\s+(?:many|much)|" + _WH_NO_DO + r")\b",
                 re.IGNORECASE)


def asks_how(text: str) -> bool:
    """A how/who/where question about something, not a fault nor an IT request; judged on the question's own clause
    when it has one ("how do i change my bank details for payroll, got a new account this month": the account is the
    bank's)."""
    clause = next((c for c in re.split(r"[,.;?!\n]", text) if _WH.search(c)), text)
    words = {w.casefold() for w in re.findall(r"[A-Za-z']+", clause)}
    return bool(_HOW.search(text)) and not names_fault(clause) and not words & _IT_ASKS


# Something that sends or gets messages failing to ("has stopped sending texts to the night manager", "no alert e-mails
# come through"): a system's job, whatever place or topic the message names.
_MESSAGING = re.compile(r"\b(?:send|sends|sending|sent|receiv\w*|get|gets|getting|deliver\w*)\s+(?:any\s+|the\s+|its\s+)?"
                        r"(?:texts?|sms|alerts?|e-?mails?|notifications?|pages?|push\s+notifications?)\b", re.IGNORECASE)


def pointer_instead(deps: Deps, u: Utterance) -> list[Reply] | None:
    """Where to go instead of filing, for a problem on a topic the org sends elsewhere that names nothing of IT
    ("the coffee machine in the kitchen is leaking" -> the facilities team), read in the sentence that states the
    problem (a topic word in a narrative lead-in is not the topic); None to file it, and always for a possible
    security incident, whatever topic it names."""
    asks = asks_how(u.text)   # "who do I talk to about overtime missing from my payslip?"
    question = bool(_HOW.search(u.text))
    # (a problem read as a comment on nothing named; a question where to go, or one that states a problem: "who I tell
    # that the aircon is too cold?", "who do I tell the heating is broken?")
    maybe_a_problem = u.intent == "file_case" or (not u.confident and ("file_case" in u.readings[:2] or question)) \
        or (u.intent == "add_comment" and u.states_problem) or asks or (question and u.states_problem)
    if u.case_ref or not maybe_a_problem or (u.names_it_thing and not asks):
        return None
    if security_phrase(u.text):   # "clicked a link in an email about the bonus and typed my password": not an HR matter
        return None
    if _MESSAGING.search(u.text):   # "the chiller alarm at the central kitchen has stopped sending texts": IT's, where it is
        return None
    # the problem's own words ("made a coffee, and the plotter prints pink" is about the plotter), or the question's:
    # "how do I book annual leave? The HR portal confuses me", "how do I claim mileage? cant find it" ask about those
    pointer = pointer_for(u.text if question else _without_places(summarize(u.text), deps), deps.org, default=False)
    return [Reply.plain(pointer)] if pointer else None


def _without_places(problem: str, deps: Deps) -> str:
    """`problem` without the places its topic words name ("the till at Oakfield Primary kitchen", "the wallboard by the
    kitchen"): where the thing is, not what it is ("the tap in the kitchen" stays: "in" is often the place's own fault)."""
    places = _places_of(tuple(t for pointer in deps.org.pointers for t in pointer.topics))
    return places.sub(" ", problem) if places is not None else problem


@lru_cache(maxsize=8)
def _places_of(topics: tuple[str, ...]) -> re.Pattern[str] | None:
    """A place named by one of `topics` ("at the central kitchen"), compiled once per org's topics."""
    if not topics:
        return None
    return re.compile(rf"\b(?:at|by|near|outside|behind|beside|opposite|next\s+to)\s+(?:the\s+|our\s+|a\s+|my\s+)?"
                      rf"(?:[\w'’-]+\s+){{0,2}}?(?:{'|'.join(re.escape(t) for t in topics)})(?:s|es)?\b", re.IGNORECASE)


def chat(deps: Deps, intent: str, u: Utterance) -> list[Reply]:
    """help, small talk, and out of scope (with a pointer to where to go instead, when the org maps one)."""
    text, cmd = u.text, deps.org.slash_command
    if intent == "help":
        pointer = pointer_for(text, deps.org, default=False) if not u.ruled else None
        if pointer:  # "how do I change my pension contribution?": not a question about the bot
            return [Reply.plain(pointer)]
        return [wording.help_reply(cmd)]
    if intent == "smalltalk":
        if cues.has(text, Cue.THANKS):
            return [Reply.plain(wording.WELCOME)]
        if cues.has(text, Cue.GREETING) or not text:
            return [wording.hello()]
        return [Reply.plain(wording.ONLY_CASES)]
    pointer = pointer_for(text, deps.org, default=False)
    if pointer:  # "can I get my payslip resent?": where to go instead
        return [Reply.plain(pointer)]
    return [wording.out_of_scope(cmd, pointer_for(text, deps.org) or "")]
