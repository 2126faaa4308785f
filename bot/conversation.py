"""The conversation layer: what a user said (or clicked) -> case operations -> replies.

Listeners (bot/listeners.py) stay thin: they ack, then call one method here and post the `Reply`s it
returns. This layer knows Slack only as far as Block Kit goes (through bot/blocks.py and slackui/); it talks to
Salesforce only through CaseDesk, always with the employee's own ContactId, so a case that is not theirs is
"not found" whatever the entry point (typed number, forwarded button, stale modal).

Writes that fail because Salesforce is unavailable go to the store's outbox with the user told so; reads
fail with a clear message (bot/errors.py).
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from dataclasses import dataclass
from collections.abc import Callable, Sequence
from typing import Any

from bot import blocks, lists
from bot.directory import Directory, Employee
from bot.errors import BotError, Reply
from bot.files import FileFetcher, SharedFile
from bot.focus import Focus
from bot.intake import resuming_since
from bot.readmodel import ReadModel
from bot.ticket import (AFTER_CLOSE, AFTER_COMMENT, AFTER_REOPEN, FIXED, VAGUE_QUESTION, acknowledgement,
                        next_steps, pointer_for, ticket_for)
from intents.entities import find_case_refs
from intents.similarity import likely_same_problem
from intents.tone import asks_what_agent_wants, says_fixed, vague_complaint
from servicecloud import landed
from servicecloud.config import OrgConfig
from servicecloud.errors import VIEW_ALL_CASES, CaseDeskError, SalesforceUnavailable, WrongState
from servicecloud.models import CaseView
from slackui import card, ids
from slackui.blocks import context, section
from slackui.fit import escape, quote

log = logging.getLogger("concierge.bot")

# "add a comment to case 00001234: ..." -> the comment is what follows the instruction.
_COMMENT_PREFIX = re.compile(
    r"""^\s*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?
    (?:add|post|put|leave|append|write|send)\s+(?:a\s+|an\s+|this\s+|the\s+|my\s+)?(?:public\s+)?
    (?:comment|note|update|message|reply)s?
    (?:\s+(?:to|on|for|in|into))?(?:\s+(?:my|the))?(?:\s+(?:case|ticket))?(?:\s+(?:number|no\.?))?
    \s*\#?\s*(?:\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)?
    (?:\s+(?:case|ticket))?\s*(?:[:,;\-–—]|saying\b|that\s+says\b)?\s*""",
    re.IGNORECASE | re.VERBOSE)
_SLASH_CASE_REF = re.compile(r"^#?(\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)$")
_THANKS = re.compile(r"\b(thanks?|thank\s+you|thx|ty|cheers|great|awesome|perfect)\b", re.IGNORECASE)
_GREETING = re.compile(r"^\W*(hi|hello|hey|hiya|yo|good\s+(morning|afternoon|evening)|greetings)\b", re.IGNORECASE)
# Whole messages that only acknowledge, or call off, what was said before.
_ACK = re.compile(r"^\W*(ok(ay)?|k|kk|cool|got\s+it|sounds\s+good|alright|all\s+right|fine|noted|nice|"
                  r"great|perfect|:\+1:|:thumbsup:|👍)\W*$", re.IGNORECASE)
_YES_NO = re.compile(r"^\W*(yes|yep|yeah|yup|sure|no|nope)\W*$", re.IGNORECASE)
_NEVERMIND = re.compile(r"^\W*(never\s*mind|nvm|forget\s+(it|that)|cancel(\s+(that|it))?|no\s+worries|"
                        r"nothing|no\s+thanks|not\s+now|ignore\s+(that|it))\W*$", re.IGNORECASE)
# "my closed cases", "show me recently closed tickets"
_CLOSED_LIST = re.compile(r"\b(closed|resolved|finished|old|past)\b", re.IGNORECASE)
# "add that it also happens on wifi", "tell them it happens on wifi too", "let them know that ..."
_RELAY_PREFIX = re.compile(
    r"""^\s*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?
    (?:add|mention|say|note|tell\s+(?:them|the\s+agent|support|the\s+team|him|her)|
       let\s+(?:them|the\s+agent|support|the\s+team|him|her)\s+know)
    (?:\s+(?:that|this))?\s*(?:[:,;\-–—]\s*)?(?=\S)""",
    re.IGNORECASE | re.VERBOSE)
# "my vpn case", "the printer ticket": the user names a case by what it is about (beats the case in focus).
_DESCRIBED_CASE = re.compile(r"\b(?:my|the|that|this)\s+(?:\w+\s+){1,3}(?:case|ticket|issue|request|one)\b",
                             re.IGNORECASE)
# A new-issue message that refers back to what was just discussed ("it also crashes on wifi").
# (Starts with "it"/"this"/"also"..., or "it also"/"this still" anywhere; "again" alone is a recurring problem.)
_FOLLOW_UP = re.compile(r"^\W*(?:(?:and|but|oh|btw|plus)\W+)?(?:it|it's|its|this|that|same|still|also)\b|"
                        r"\b(?:it|this|that)\s+(?:also|still)\b|\bscreenshot\b", re.IGNORECASE)


def comment_body(text: str) -> str:
    """The comment inside an add-comment request ("" when the user only asked to comment)."""
    m = _COMMENT_PREFIX.match(text)
    if m and m.end() > 0:
        return text[m.end():].strip().strip('"“”').strip()
    if ":" in text:
        return text.split(":", 1)[1].strip()
    m = _RELAY_PREFIX.match(text)
    if m:
        rest = text[m.end():].strip().strip('"“”').strip()
        return rest[:1].upper() + rest[1:]
    return text.strip()


def _label(ref: str) -> str:
    """How to name a case reference in a sentence (a number as is, an Id as "that case")."""
    return ref if ref.isdigit() else "that case"


# op -> (verb, yes button, no button when it was the only candidate)
_CONFIRM = {"close_case": ("Close", "Close it", "No, keep it open"),
            "reopen_case": ("Reopen", "Reopen it", "No, leave it closed")}
_PROMPTS = {"close_case": "Which case should I close?", "reopen_case": "Which case should I reopen?",
            "add_comment": "Which case should I add your comment to?", "attach": "Which case should I attach it to?"}


def _short(text: str | None, limit: int = 60) -> str:
    """A subject cut on a word boundary for a sentence."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


_YES = re.compile(r"^\W*(yes|yep|yeah|yup|sure|y|do\s+it|go\s+ahead|please\s+do|correct|right|"
                  r"that\s+one|yes,?\s+please)\W*$", re.IGNORECASE)
_NO = re.compile(r"^\W*(no|nope|nah|n|no,?\s+thanks|not\s+that\s+one|wrong\s+one)\W*$", re.IGNORECASE)
_OTHER_ONE = re.compile(r"\bthe\s+other\s+(one|case|ticket)\b", re.IGNORECASE)
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "last": -1}
_ORDINAL = re.compile(r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)(?:\s+(?:one|case|ticket))?\b",
                      re.IGNORECASE)


def _choose(cases: Sequence[dict[str, Any]], text: str, ref: str | None, keywords: Sequence[str], *,
            declined: str | None) -> dict[str, Any] | None:
    """The one listed case a typed answer designates, or None."""
    if ref:
        hit = [c for c in cases if c["number"] == ref or c["id"] == ref]
        if hit:
            return hit[0]
        if ref.isdigit() and 1 <= int(ref) <= len(cases) and len(text.strip("#. ")) <= 3:  # "2" = the 2nd one
            return cases[int(ref) - 1]
        return None
    m = _ORDINAL.search(text)
    if m and len(cases) > 1:
        return cases[_ORDINALS[m.group(1).casefold()]]
    rest = [c for c in cases if c["id"] != declined] if declined else list(cases)
    wanted = {k.casefold() for k in keywords}
    if wanted:
        scored = sorted(((len(wanted & _subject_lemmas(c["subject"])), c) for c in rest), key=lambda sc: -sc[0])
        if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1]
    if _OTHER_ONE.search(text) and len(rest) == 1:
        return rest[0]
    return None


def _subject_lemmas(subject: str) -> set[str]:
    try:
        from intents import keywords as lemma_keywords
        return {k.casefold() for k in lemma_keywords(subject or "")}
    except Exception:  # noqa: BLE001
        return set(re.findall(r"\w+", (subject or "").casefold()))


@dataclass(frozen=True)
class _CaseRef:
    """A case known only by Id (and maybe number/subject) while Salesforce cannot be read."""

    id: str
    case_number: str
    subject: str | None = None


def _case_words(label: str) -> str:
    """"case 00001234" for a number, "that case" for an Id."""
    return f"case {label}" if label.isdigit() else "that case"


_ALL_CASES = 2000  # one SOQL batch: lists count every case, then show the newest
_PLURAL_CASES = re.compile(r"\b(?:cases|tickets|requests|issues|all)\b", re.IGNORECASE)
_REOPEN_ONLY = re.compile(r"^\W*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:re-?open|open\s+again)"
                          r"(?:\s+(?:it|this|that|the\s+case|my\s+case|the\s+ticket))?(?:\s+again)?"
                          r"(?:\s+please)?\W*$", re.IGNORECASE)
_BARE_STATUS = re.compile(r"^\W*(?:any\s+)?(?:status|update|updates|news|progress|eta)\W*$", re.IGNORECASE)
_ABOUT_NUMBER = re.compile(r"^\W*(?:what\s+about|and|how\s+about|what'?s\s+(?:up\s+with|with)|and\s+what\s+about)?"
                           r"\s*(?:case|ticket)?\s*#?\s*(\d{1,8})\W*$", re.IGNORECASE)
_NAMED_CASE = re.compile(r"^\W*(?:and\s+|what\s+about\s+|how\s+about\s+)?(?:my|the|that)\s+(?:\w+\s+){1,3}"
                         r"(?:case|ticket|request|issue)\W*$", re.IGNORECASE)


def _status_shaped(text: str, p: Any) -> bool:
    """Messages the model finds unclear but which can only be asking about a case: a bare "status?", a case
    number alone ("what about 1006?"), or a case named and nothing else ("my battery case")."""
    if p is None or (p.confident and p.intent not in ("unknown", "smalltalk")):
        return False
    if _BARE_STATUS.match(text):
        return True
    if _ABOUT_NUMBER.match(text):
        return True
    return bool(_NAMED_CASE.match(text) and getattr(p, "keywords", None))


# "about my printer ticket - ...": the person names the case the message belongs to.
_NAMED_TICKET = re.compile(r"\b(?:my|the|that|this)\s+(?:\w+\s+){1,3}(?:case|ticket|request)\b", re.IGNORECASE)


def _ref_outside(p: Any, text: str, body: str) -> str | None:
    """The case reference, unless it is a bare number inside the comment's own text ("add to my headset case:
    it's a Jabra Evolve2 8500"): model numbers, serials, extensions and rooms are not case numbers."""
    ref = _ref(p)
    if not ref or not getattr(p, "case_number_bare", False) or not body:
        return ref
    at = text.find(body[1:]) - 1 if body else -1
    head = text[:at] if at >= 0 else text
    return ref if re.search(rf"(?<!\d)0*{int(ref)}(?!\d)", head) else None


# Words that make a case reference a status question ("what's the status of 1008"), not an answer ("1008").
_STATUS_WORDS = re.compile(r"\b(?:status|state|progress|updates?|news|eta|happening|going\s+on|where\s+is)\b",
                           re.IGNORECASE)


def _new_request(text: str, p: Any, op: str) -> bool:
    """True when a message typed while a question is open is a complete request of its own, to be handled as
    such: a status question or a list ("what's the status of 1008", "show my cases"), a comment for a named
    case ("add a comment to 1008: it works now"), closing or reopening a named case other than by answering
    "which case should I close/reopen?". A bare case number, "the second one" or "yes" stay answers."""
    if p is None or not p.confident:
        return False
    if p.intent == "list_cases":
        return True
    if p.intent == "check_status":
        return bool(_STATUS_WORDS.search(text)) and not _ABOUT_NUMBER.match(text)
    if not _ref(p):
        return False
    if p.intent == "add_comment":
        body = comment_body(text)
        return bool(body) and body != text.strip() and not _SLASH_CASE_REF.match(body)
    return p.intent in ("close_case", "reopen_case") and p.intent != op


def _waiting_note(case: CaseView) -> str | None:
    """A hint under a case that waits for the employee: the ball is in their court."""
    if str(case.state) == "WAITING_FOR_USER":
        who = escape(case.assignee) if case.assignee else "The agent"
        return f":speech_balloon: {who} is waiting for your answer: click *Add comment* to reply."
    return None


def _ref(p: Any) -> str | None:
    return getattr(p, "case_number", None) or getattr(p, "case_id", None)


def _case_lemmas(case: CaseView) -> set[str]:
    """The case's subject and description as lemmas ("frozen" -> "freeze"), the way `Parse.keywords` are."""
    text = f"{case.subject} {case.description or ''}"
    try:
        from intents import keywords as lemma_keywords
        return {k.casefold() for k in lemma_keywords(text)}
    except Exception:  # noqa: BLE001 - no model: whole words are still a fair match
        return set(re.findall(r"\w+", text.casefold()))


def _same_problem(cases: Sequence[CaseView], keywords: Sequence[str], limit: int = 3) -> list[CaseView]:
    """The open cases a new message likely duplicates (intents/similarity.py decides), most shared words first."""
    wanted = {k.casefold() for k in keywords}
    scored = [(len(wanted & lemmas), c) for c in cases if c.is_open
              and likely_same_problem(keywords, lemmas := _case_lemmas(c))]
    return [c for _, c in sorted(scored, key=lambda sc: -sc[0])][:limit]


def _best_keyword_match(cases: Sequence[CaseView], keywords: Sequence[str]) -> CaseView | None:
    """The single case whose subject/description mentions the most keywords (None when tied or none).
    Words are compared as lemmas, whole: "work" does not match "network", "freeze" matches "frozen"."""
    if not keywords:
        return None
    wanted = {k.casefold() for k in keywords}
    scored = []
    for c in cases:
        scored.append((len(wanted & _case_lemmas(c)), c))
    scored.sort(key=lambda sc: -sc[0])
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


class Concierge:
    """Maps a Parse (or a click, or a modal) plus the user to CaseDesk calls and replies."""

    def __init__(self, *, desk: Any, store: Any, directory: Directory, fetcher: FileFetcher, org: OrgConfig,
                 parse: Callable[[str], Any], focus: Focus | None = None, cases: ReadModel | None = None):
        self.desk, self.store, self.directory, self.fetcher, self.org = desk, store, directory, fetcher, org
        self.parse = parse
        self.cases = cases or ReadModel(store=store, desk=desk, org=org)  # employees' cases (bot/readmodel.py)
        self.focus = focus or Focus(store)

    @property
    def slash_command(self) -> str:
        return self.org.slash_command

    # ------------------------------------------------------------------ messages
    def on_message(self, user_id: str, text: str, files: Sequence[dict[str, Any]] = (), *,
                   dedupe_key: str) -> list[Reply]:
        """A DM from the user (possibly with files)."""
        text = (text or "").strip()
        shared = [SharedFile.from_slack(f) for f in files]
        if not text and not shared:
            return []
        p_early = None
        if text and not shared and self.focus.question(user_id) is not None:
            p_early = None if (_YES.match(text) or _NO.match(text)) else self.parse(text)
            answered = self.answer_by_text(user_id, text, p_early, dedupe_key=dedupe_key)
            if answered is not None:
                return answered
        if text and not shared and _YES_NO.match(text):
            return [Reply.plain("If you're answering one of my questions, please click its buttons. Otherwise, "
                                "tell me what you need (type *help* for examples).")]
        if text and not shared and (_ACK.match(text) or _NEVERMIND.match(text)):
            if _NEVERMIND.match(text):
                return [Reply.plain("OK, I'll leave it there. Write to me whenever you need anything.")]
            return [Reply.plain(":+1:")]
        if text and not shared and asks_what_agent_wants(text):
            return self.what_they_asked(user_id)
        if text and not shared and vague_complaint(text) and self.focus.get(user_id) is None:
            return [Reply.plain(VAGUE_QUESTION)]  # "it's not working", with nothing to refer to
        p = p_early or (self.parse(text) if text else None)
        if p is not None and not shared and says_fixed(text) and p.intent in ("smalltalk", "unknown", "help"):
            offered = self._offer_to_close_focus(user_id)  # "thanks, that fixed it" right after a case
            if offered is not None:
                return offered
        # "It's a Dell WD19" right after filing: not small talk, more about the case (asked, below)
        about_focus = p is not None and p.intent == "unknown" and not shared and \
            self.focus.get(user_id) is not None
        if p is not None and p.intent in ("help", "smalltalk", "unknown") and not shared \
                and not _status_shaped(text, p) and not about_focus:
            return self._run(None, user_id, p.intent, text, p, dedupe_key=dedupe_key)
        try:
            emp = self.directory.employee(user_id)
        except SalesforceUnavailable as e:
            queued = self._queue_first_case(user_id, getattr(e, "slack_email", None), text, p, shared,
                                            dedupe_key=dedupe_key)
            if queued is None:
                raise
            return queued
        if shared:
            if p is not None and p.intent == "file_case":
                return self.file_case(emp, text, case_type=p.case_type, keywords=p.keywords, files=shared,
                                      dedupe_key=dedupe_key)
            self.fetcher.check(shared)
            return self._attach_flow(emp, p, shared, text)
        assert p is not None
        if _status_shaped(text, p):  # "status?", "what about 1006?", "my battery case"
            m = _ABOUT_NUMBER.match(text)
            ref = _ref(p) or (m.group(1).zfill(8) if m else None)
            return self.status(emp, ref, p.keywords, text)
        if not p.confident or about_focus:
            choices = [p.intent] + [i for i, _ in p.alternatives if i != p.intent]
            labels: dict[str, str] = {}
            focused = self.focus.get(user_id)
            if focused is not None and focused.case_number:
                # right after talking about a case, the likeliest unclear message is more about it
                choices = ["add_comment"] + [i for i in choices if i != "add_comment"]
                labels = {"add_comment": f"Add it to case {focused.case_number}",
                          "check_status": f"Status of case {focused.case_number}"}
            pending = self.store.put_pending(user_id, "did_you_mean", {"text": text})
            if labels:  # "yes" typed back means the first choice: add it to the case in focus
                self.focus.set_question(user_id, {"pending": pending, "op": "did_you_mean", "target": focused.case_id,
                                                  "cases": [{"id": focused.case_id, "number": focused.case_number,
                                                             "subject": focused.subject}]})
            return [Reply("I'm not sure what you meant. Did you mean…",
                          blocks.did_you_mean(choices[:3], pending, labels=labels, primary=bool(labels)))]
        return self._run(emp, user_id, p.intent, text, p, dedupe_key=dedupe_key)

    def on_did_you_mean(self, user_id: str, intent: str, pending_id: str, *, dedupe_key: str) -> list[Reply]:
        payload = self._take(pending_id, user_id)
        text = payload["text"]
        p = self.parse(text)
        emp = None if intent in ("help", "smalltalk", "unknown") else self.directory.employee(user_id)
        return self._run(emp, user_id, intent, text, p, dedupe_key=dedupe_key)

    def _run(self, emp: Employee | None, user_id: str, intent: str, text: str, p: Any, *,
             dedupe_key: str) -> list[Reply]:
        if intent == "help":
            pointer = pointer_for(text, self.org, default=False) if getattr(p, "source", "") != "rule" else None
            if pointer:  # "how do I change my pension contribution?": not a question about the bot
                return [Reply.plain(pointer)]
            return [Reply("Here's what I can do.", blocks.help_blocks(self.slash_command))]
        if intent == "smalltalk":
            if _THANKS.search(text):
                return [Reply.plain("You're welcome! Write to me any time you need help.")]
            if _GREETING.search(text) or not text:
                return [Reply("Hi! I'm Concierge.", [section(
                    "Hi! :wave: I'm Concierge. Tell me what's wrong and I'll file a case, or type *help* "
                    "to see what else I can do.")])]
            return [Reply.plain("I'm here to help with support cases: tell me what's wrong and I'll file a case, "
                                "or type *help* to see what else I can do.")]
        if intent not in ("file_case", "check_status", "list_cases", "add_comment", "close_case",
                          "reopen_case"):
            pointer = pointer_for(text, self.org, default=False)
            if pointer:  # "can I get my payslip resent?": where to go instead
                return [Reply.plain(pointer)]
            return [Reply("I can help with support cases. Type help for examples.",
                          [*blocks.short_help(self.slash_command),
                           context(escape(pointer_for(text, self.org) or ""))])]
        assert emp is not None
        if intent == "file_case":
            return self.file_case(emp, text, case_type=p.case_type, keywords=p.keywords, dedupe_key=dedupe_key)
        if intent == "check_status":
            return self.status(emp, _ref(p), p.keywords, text)
        if intent == "list_cases":
            if _CLOSED_LIST.search(text):
                return self.closed_cases(emp)
            return self.my_cases(emp)
        if intent == "add_comment":
            body = comment_body(text)
            return self.add_comment_request(emp, _ref_outside(p, text, body), body, p.keywords,
                                            dedupe_key=dedupe_key, text=text)
        if intent == "close_case":
            return self.close_request(emp, _ref(p), p.keywords, dedupe_key=dedupe_key, text=text)
        return self.reopen_request(emp, _ref(p), p.keywords, dedupe_key=dedupe_key, text=text)

    def what_they_asked(self, user_id: str) -> list[Reply]:
        """"What did they ask?": the agent's latest public comment (from the newest notification DM) on the case
        in focus or the one waiting; else that case's card."""
        focused = self.focus.get(user_id)
        note = self.store.latest_notification(user_id, datetime.now(timezone.utc) - timedelta(days=30))
        if note is not None and (focused is None or focused.case_id == note[0]):
            info = note[1]
            words, who = info.get("question") or info.get("body"), info.get("asked_by") or info.get("author")
            if words:
                number = info.get("case_number") or "your case"
                self._remember(user_id, note[0], info.get("case_number"), info.get("subject"))
                said = (f"{escape(who) if who else 'The agent'} wrote on case *{number}* "
                        f"({escape(_short(info.get('subject')))}):\n{quote(words, 1500)}\n"
                        "Click *Add comment* to answer, or just type your answer here with “add to "
                        f"{number}: …”.")
                return [Reply(f"On case {number}: {_short(words, 150)}", [
                    section(said), card.buttons(note[0], (ids.ADD_COMMENT, ids.VIEW_CASE))])]
        if focused is None:
            return [Reply.plain("I haven't passed on a question from an agent lately. Type *my cases* to see "
                                "where your cases stand.")]
        emp = self.directory.employee(user_id)
        return [self.case_reply(emp, focused.case_id, details=True, headline=(
            f"I don't have a recent message from the agent on case *{focused.case_number}*; here is the case."))]

    def _offer_to_close_focus(self, user_id: str) -> list[Reply] | None:
        """"Thanks, that fixed it" about the case in focus (open or resolved): "Close case N?" (None when no
        case is in focus or it is already closed)."""
        focused = self.focus.get(user_id)
        if focused is None:
            return None
        emp = self.directory.employee(user_id)
        try:
            case = self.desk.get_case(emp.contact_id, focused.case_id)
        except CaseDeskError:
            return None
        if not case.is_open and str(case.state) != "RESOLVED":
            return None
        return [Reply.plain(FIXED), *self._confirm(emp, "close_case", case, [case])]

    # ------------------------------------------------------------------ filing
    def file_case(self, emp: Employee, text: str, *, case_type: str | None, keywords: Sequence[str] = (),
                  files: Sequence[SharedFile] = (), description: str | None = None, channel: str = "dm",
                  check_duplicates: bool = True, dedupe_key: str) -> list[Reply]:
        """File a case, unless one of the user's open cases looks like the same problem: then ask first."""
        case_type = case_type or self.org.defaults.type_incident
        typed = text
        if check_duplicates and keywords and not find_case_refs(text).explicit_number:
            try:  # the read model: no call, and no search-index lag
                similar = _same_problem(self.cases.snapshot(emp.contact_id).open, keywords)
            except SalesforceUnavailable:
                similar = []  # filing will meet the outage too, and queue the case
            if similar and channel == "dm" and _NAMED_TICKET.search(typed):
                # "about my printer ticket - it prints blank pages now": the person named it, just add it
                return self._comment(emp, similar[0].id, similar[0].case_number, typed, dedupe_key=dedupe_key,
                                     subject=similar[0].subject)
            if not similar and channel == "dm":
                similar = self._follow_up_of(emp, typed)
            if similar:
                pending = self.store.put_pending(emp.slack_user_id, "file_case", {
                    "text": text, "case_type": case_type, "description": description, "channel": channel,
                    "files": [f.to_dict() for f in files], "dedupe_key": dedupe_key})
                self._ask(emp.slack_user_id, pending, "duplicate", similar[:1], target=similar[0].id)
                return [Reply(f"Is this about case {similar[0].case_number}?",
                              blocks.duplicate_prompt(similar[0], pending))]
        return self._file_now(emp, text, case_type=case_type, files=files, description=description,
                              channel=channel, dedupe_key=dedupe_key)

    def _queue_first_case(self, user_id: str, email: str | None, text: str, p: Any,
                          files: Sequence[SharedFile], *, dedupe_key: str) -> list[Reply] | None:
        """A new issue from an employee whose Contact is not known yet, while Salesforce is unavailable: queue
        the case by email (the outbox flusher finds the Contact on delivery, or tells the user whom to contact).
        None when this is not a new-issue message (reads say "try again")."""
        if not email or p is None or p.intent != "file_case" or not p.confident:
            return None
        self.store.enqueue_outbox("file_case", user_id, {
            "contact_id": None, "email": email, "slack_user_id": user_id, "text": text,
            **self._ticket_fields(text), "description": None, "case_type": p.case_type or self.org.defaults.type_incident, "channel": "dm",
            "files": [f.to_dict() for f in files]}, dedupe_key)
        return [Reply("Salesforce is unavailable; your case is queued.", blocks.queued_blocks("your case"))]

    def _follow_up_of(self, emp: Employee, text: str) -> list[CaseView]:
        """[the case in focus] when a new-issue message reads as a follow-up to it ("it also crashes on
        wifi"), so the user is asked "Is this about case X?" instead of getting a second case."""
        if not _FOLLOW_UP.search(text):
            return []
        focused = self.focus.get(emp.slack_user_id)
        case = self.cases.case(emp.contact_id, focused.case_id) if focused is not None else None
        return [case] if case is not None and case.is_open else []

    def _ticket_fields(self, text: str, description: str | None = None, *, subject: str | None = None,
                       ) -> dict[str, Any]:
        """The Subject and Priority Concierge writes for `text` (bot/ticket.py), as file_case arguments."""
        t = ticket_for(f"{text}\n{description or ''}", self.org, subject=subject)
        return {"subject": t.subject, "priority": t.priority, "why": t.why}

    def _file_now(self, emp: Employee, text: str, *, case_type: str, files: Sequence[SharedFile],
                  description: str | None, channel: str, dedupe_key: str,
                  subject: str | None = None) -> list[Reply]:
        files, skipped = self.fetcher.split(list(files))  # a file over the limits never stops the filing
        uploads = [self.fetcher.download(f) for f in files]  # before filing: a failed download files nothing
        ticket = self._ticket_fields(text, description, subject=subject)
        why = ticket.pop("why")
        since = resuming_since()  # another replica started this message and died: did it file the case?
        try:
            case = (since and landed.filed_case(self.desk, emp.contact_id, ticket["subject"], since)) or \
                self.desk.file_case(emp.contact_id, text, description=description, case_type=case_type,
                                    channel=channel, attachments=uploads, **ticket)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("file_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "text": text, "description": description, "case_type": case_type,
                "channel": channel, "files": [f.to_dict() for f in files], **ticket}, dedupe_key)
            return [Reply("Salesforce is unavailable; your case is queued.", blocks.queued_blocks("your case"))]
        problems = (*skipped, *(getattr(case, "attachment_errors", ()) or ()))
        if not getattr(case, "visible", True):
            # Filed, but sharing hides it from Concierge's Salesforce user: say so, never "not found".
            return [Reply.plain(" ".join((
                f"I filed your case “{case.subject}” in Salesforce, and the service desk has it. I can't read "
                f"it back, though: Concierge's Salesforce user is missing a permission ({VIEW_ALL_CASES}), so "
                "I can't show its number or tell you about updates. An administrator needs to grant it.",
                *problems)))]
        self._track(emp, case)
        n = len(getattr(case, "attachments", ()) or ()) if problems or getattr(case, "attachments", None) \
            else len(uploads)
        attached = f" with {n} attachment{'s' if n != 1 else ''}" if n else ""
        sorry = acknowledgement(f"{text}\n{description or ''}")
        headline = (f"{sorry} " if sorry else "") + f":white_check_mark: I filed case *{case.case_number}*{attached} for you."
        notes = [f":rotating_light: Priority {escape(why)}." if why else "",
                 *(f":warning: {escape(p)}" for p in problems),
                 next_steps(case.assignee, urgent=bool(why))]
        return [Reply(f"I filed case {case.case_number}: {case.subject}",
                      card.case_card(case, headline=headline, actions=card.FILED_ACTIONS,
                                       note="\n".join(n for n in notes if n)))]

    def on_duplicate_choice(self, user_id: str, pending_id: str, case_id: str | None, *,
                            dedupe_key: str) -> list[Reply]:
        """The answer to "Is this about case X?": add the text as a comment, or file a new case."""
        return self._duplicate_answer(user_id, self._take(pending_id, user_id), case_id, dedupe_key=dedupe_key)

    def _duplicate_answer(self, user_id: str, payload: dict[str, Any], case_id: str | None, *,
                          dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        files = [SharedFile(**f) for f in payload.get("files", [])]
        key = payload.get("dedupe_key") or dedupe_key
        if case_id is None:
            return self._file_now(emp, payload["text"], case_type=payload["case_type"], files=files,
                                  description=payload.get("description"), channel=payload.get("channel", "dm"),
                                  dedupe_key=key)
        case = self._case_for_write(emp, case_id)
        replies = self._comment(emp, case.id, case.case_number, payload["text"], dedupe_key=key,
                                subject=case.subject)
        if files:
            replies += self._attach(emp, case.id, case.case_number, files)
        return replies

    # ------------------------------------------------------------------ reading
    def status(self, emp: Employee, ref: str | None, keywords: Sequence[str], text: str) -> list[Reply]:
        if ref:
            return [self.case_reply(emp, ref)]
        focused = self.focus.get(emp.slack_user_id)
        if focused is not None and not keywords and not _PLURAL_CASES.search(text):
            # "any update?" right after talking about a case
            return [self.case_reply(emp, focused.case_id, details=True,
                                    headline=f"Here's the latest on case *{focused.case_number}*:")]
        if keywords:
            found = self.desk.search_cases(emp.contact_id, list(keywords), include_closed=True, limit=6)
            if found:
                self._track(emp, found[0])
                return [Reply(card.summary_text(found[0]),
                              blocks.search_results(found, note=_waiting_note(found[0])))]
            return [Reply.plain(f"I couldn't find a case of yours about “{' '.join(keywords)}”. "
                                "Type *my cases* to see your open ones.")]
        return self.my_cases(emp)

    def case_reply(self, emp: Employee, ref: str, *, details: bool = False, headline: str | None = None) -> Reply:
        case = self.desk.get_case(emp.contact_id, ref)
        self._track(emp, case)
        return Reply(card.summary_text(case), card.case_card(case, headline=headline, details=details,
                                                                      note=_waiting_note(case)))

    def my_cases(self, emp: Employee, start: int = 0) -> list[Reply]:
        """All open cases counted, the newest listed (from `start`, for "Show more")."""
        cases = self.desk.list_open_cases(emp.contact_id, limit=_ALL_CASES)
        if len(cases) == 1:
            self._remember(emp.slack_user_id, cases[0].id, cases[0].case_number, cases[0].subject)
        title = f"Your open cases ({len(cases)}), newest first:"
        return [Reply(f"You have {len(cases)} open case{'s' if len(cases) != 1 else ''}.",
                      lists.case_list(cases, title=title, empty="You have no open cases. :tada:", start=start))]

    def closed_cases(self, emp: Employee, start: int = 0) -> list[Reply]:
        """"my closed cases": the ones closed within `org.recently_closed_days`, newest first."""
        days = self.org.recently_closed_days
        recent = self.desk.list_recent_cases(emp.contact_id, closed_within_days=days, limit=_ALL_CASES)
        closed = [c for c in recent if not c.is_open]
        if len(closed) == 1:
            self._remember(emp.slack_user_id, closed[0].id, closed[0].case_number, closed[0].subject)
        return [Reply(f"You have {len(closed)} case{'s' if len(closed) != 1 else ''} closed in the last {days} days.",
                      lists.case_list(closed, title=f"Your cases closed in the last {days} days ({len(closed)}):",
                                      empty=f"You have no cases closed in the last {days} days.", start=start,
                                      kind="closed"))]

    # ------------------------------------------------------------------ comments
    def add_comment_request(self, emp: Employee, ref: str | None, body: str, keywords: Sequence[str], *,
                            dedupe_key: str, text: str = "") -> list[Reply]:
        if ref and body:
            return self._comment(emp, ref, ref, body, dedupe_key=dedupe_key)
        if ref:  # "add a comment to 00001234" with nothing to add: offer the modal
            return [self.case_reply(emp, ref, headline="What would you like to add? Click *Add comment*.")]
        open_cases = self.desk.list_open_cases(emp.contact_id)
        if not open_cases:
            return [Reply.plain("You have no open cases to comment on. Describe your problem and I'll file a new "
                                "case.")]
        target = self._implicit_target(emp, open_cases, keywords, text)
        if target is not None:
            return self._run_picked(emp, "add_comment", {"body": body}, target, dedupe_key=dedupe_key)
        prompt = "Which case should I add your comment to?"
        pending = self.store.put_pending(emp.slack_user_id, "pick_case", {"op": "add_comment", "body": body})
        return [Reply(prompt, blocks.pick_case(open_cases, pending, prompt))]

    def _comment(self, emp: Employee, case_ref: str, label: str, body: str, *, dedupe_key: str,
                 subject: str | None = None, said: str | None = None) -> list[Reply]:
        """Add a comment (queued during an outage); `said` replaces the confirmation sentence."""
        since = resuming_since()  # another replica started this message and died: did it add the comment?
        try:
            comment = (since and landed.landed_comment(self.desk, emp.contact_id, case_ref, body, since)) or \
                self.desk.add_comment(emp.contact_id, case_ref, body)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("add_comment", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": case_ref, "body": body}, dedupe_key)
            return [Reply("Salesforce is unavailable; your comment is queued.",
                          blocks.queued_blocks(f"your comment on {_case_words(label)}"))]
        self.store.touch_user_activity(comment.case_id)
        number = label if label.isdigit() else None
        if number:
            self._remember(emp.slack_user_id, comment.case_id, number, subject)
        about = f" ({_short(subject)})" if subject else ""
        return [Reply.plain(said or f"Added your comment to case {_label(label)}{about}. {AFTER_COMMENT}")]

    def submit_details(self, user_id: str, case_id: str, text: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        try:
            case = self.desk.update_description(emp.contact_id, case_id, text, append=True)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("update_description", user_id, {
                "contact_id": emp.contact_id, "case_ref": case_id, "text": text}, dedupe_key)
            return [Reply("Salesforce is unavailable; your details are queued.",
                          blocks.queued_blocks("the details you added"))]
        self.store.touch_user_activity(case.id)
        self._remember(user_id, case.id, case.case_number, case.subject)
        return [Reply(f"Added the details to case {case.case_number}.",
                      card.case_card(case, headline=f"Added your details to case *{case.case_number}*. "
                                                    f"{AFTER_COMMENT}"))]

    def submit_subject(self, user_id: str, case_id: str, subject: str, *, dedupe_key: str) -> list[Reply]:
        """The Edit subject modal: the employee's own words replace Concierge's summary."""
        emp = self.directory.employee(user_id)
        case = self.desk.update_subject(emp.contact_id, case_id, subject)
        self._remember(user_id, case.id, case.case_number, case.subject)
        return [Reply(f"Updated the subject of case {case.case_number}.",
                      card.case_card(case, headline=f"Updated the subject of case *{case.case_number}*.",
                                       actions=card.FILED_ACTIONS))]

    def submit_comment(self, user_id: str, case_id: str, body: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        case = self._case_for_write(emp, case_id)  # ownership + the number for the reply
        return self._comment(emp, case.id, case.case_number, body, dedupe_key=dedupe_key, subject=case.subject)

    # ------------------------------------------------------------------ close / reopen
    def close_request(self, emp: Employee, ref: str | None, keywords: Sequence[str], *,
                      dedupe_key: str, text: str = "") -> list[Reply]:
        """"close 00001234" closes; "close it" / "close the vpn case" asks a yes/no about the case meant (the
        case in focus, the one the words describe, or the only open one); otherwise "Which case?"."""
        if ref:
            return self.close(emp, ref, dedupe_key=dedupe_key)
        open_cases = self._with_resolved_focus(emp, self.desk.list_open_cases(emp.contact_id))
        if not open_cases:
            return [Reply.plain("You have no open cases to close.")]
        target = self._implicit_target(emp, open_cases, keywords, text)
        if target is not None:
            return self._confirm(emp, "close_case", target, open_cases)
        return self._pick(emp, "close_case", {}, open_cases, "Which case should I close?")

    def _with_resolved_focus(self, emp: Employee, open_cases: list[CaseView]) -> list[CaseView]:
        """Close candidates: the open cases, plus the case in focus when it is resolved (not closed), e.g.
        "thanks, close it" after a "resolved" notification."""
        focused = self.focus.get(emp.slack_user_id)
        if focused is None or any(c.id == focused.case_id for c in open_cases):
            return open_cases
        try:
            case = self.desk.get_case(emp.contact_id, focused.case_id)
        except CaseDeskError:
            return open_cases
        return [case, *open_cases] if str(case.state) == "RESOLVED" else open_cases

    def reopen_request(self, emp: Employee, ref: str | None, keywords: Sequence[str], *,
                       dedupe_key: str, text: str = "") -> list[Reply]:
        if ref:
            return self.reopen(emp, ref, dedupe_key=dedupe_key)
        recent = self.desk.list_recent_cases(emp.contact_id, closed_within_days=self.org.recently_closed_days)
        closed = [c for c in recent if not c.is_open]
        focused = self.focus.get(emp.slack_user_id)
        still_open = next((c for c in recent if c.is_open and focused and c.id == focused.case_id), None)
        match = _best_keyword_match(closed, keywords)
        if still_open is not None and (match is None or not _DESCRIBED_CASE.search(text)) \
                and text and not _REOPEN_ONLY.match(text):
            # "it dropped again just now" about a case that is still open: the agent should hear it
            return self._comment(emp, still_open.id, still_open.case_number, text, dedupe_key=dedupe_key,
                                 subject=still_open.subject,
                                 said=f"Case {still_open.case_number} ({_short(still_open.subject)}) is still "
                                      f"open, so I added your message to it for {still_open.assignee or 'the agent'}.")
        if still_open is not None and (match is None or not _DESCRIBED_CASE.search(text)):
            # "reopen it" about a case that was never closed: nothing to reopen, say so with the card
            return [Reply(f"Case {still_open.case_number} is still open ({still_open.status}).",
                          card.case_card(still_open, headline=(
                              f"Case *{still_open.case_number}* is still open "
                              f"({escape(still_open.status)}), so there's nothing to reopen. Click "
                              "*Add comment* to tell the agent what's happening.")))]
        if not closed:
            return [Reply.plain("You have no recently closed cases to reopen.")]
        target = self._implicit_target(emp, closed, keywords, text)
        if target is not None:
            return self._confirm(emp, "reopen_case", target, closed)
        return self._pick(emp, "reopen_case", {}, closed, "Which case should I reopen?")

    def close(self, emp: Employee, ref: str, *, dedupe_key: str, label: str | None = None) -> list[Reply]:
        """Close one of the employee's cases (one API call; an already closed case is shown as it is)."""
        try:
            case = self.desk.close_case(emp.contact_id, ref)
        except WrongState as e:
            return self._wrong_state(e)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("close_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": ref}, dedupe_key)
            return [Reply("Salesforce is unavailable; closing is queued.",
                          blocks.queued_blocks(f"closing {_case_words(label or ref)}"))]
        self._track(emp, case, changed_by_user=True)
        return [Reply(f"Closed case {case.case_number}.",
                      card.case_card(case, headline=f":lock: I closed case *{case.case_number}*. "
                                                               f"{AFTER_CLOSE}"))]

    def reopen(self, emp: Employee, ref: str, *, dedupe_key: str, label: str | None = None) -> list[Reply]:
        """Reopen one of the employee's closed cases (an open case is shown as it is, untouched)."""
        try:
            case = self.desk.reopen_case(emp.contact_id, ref)
        except WrongState as e:
            return self._wrong_state(e)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("reopen_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": ref}, dedupe_key)
            return [Reply("Salesforce is unavailable; reopening is queued.",
                          blocks.queued_blocks(f"reopening {_case_words(label or ref)}"))]
        self._track(emp, case, changed_by_user=True)
        return [Reply(f"Reopened case {case.case_number}.",
                      card.case_card(case, headline=f":arrows_counterclockwise: I reopened case "
                                                      f"*{case.case_number}*. {AFTER_REOPEN}"))]

    @staticmethod
    def _wrong_state(e: WrongState) -> list[Reply]:
        message = e.user_message
        if isinstance(e.case, CaseView):
            return [Reply(message, card.case_card(e.case, headline=escape(message)))]
        return [Reply.plain(message)]

    # ------------------------------------------------------------------ which case?
    def _implicit_target(self, emp: Employee, candidates: Sequence[CaseView], keywords: Sequence[str],
                         text: str) -> CaseView | None:
        """The case an implicit reference ("it", "the vpn case", nothing at all) means among `candidates`:
        the case the words describe when the user describes one ("my vpn case"), else the case in focus, else
        the one the keywords match, else the only candidate; None when it is anybody's guess."""
        match = _best_keyword_match(candidates, keywords)
        focused = self.focus.get(emp.slack_user_id)
        in_focus = next((c for c in candidates if focused is not None and c.id == focused.case_id), None)
        if match is not None and (in_focus is None or _DESCRIBED_CASE.search(text)):
            return match
        if in_focus is not None:
            return in_focus
        return candidates[0] if len(candidates) == 1 else None

    def _confirm(self, emp: Employee, op: str, case: CaseView, candidates: Sequence[CaseView],
                 payload: dict[str, Any] | None = None) -> list[Reply]:
        """A yes/no about one case ("Close 00001001 · VPN drops?" [Close it] [Not that one]); "Not that one"
        when `candidates` has others."""
        verb, yes, no = _CONFIRM[op]
        others = len(candidates) > 1
        pending = self.store.put_pending(emp.slack_user_id, "pick_case",
                                         {"op": op, **(payload or {}), "declined": case.id, "others": others})
        self._ask(emp.slack_user_id, pending, op, candidates, target=case.id)
        question = f"{verb} case {case.case_number} · {case.subject}?"
        return [Reply(question, blocks.confirm_case(case, pending, verb=verb, yes=yes,
                                                    no="Not that one" if others else no))]

    def _pick(self, emp: Employee, op: str, payload: dict[str, Any], cases: Sequence[CaseView],
              prompt: str) -> list[Reply]:
        """"Which case?" buttons, the case in focus first."""
        focused = self.focus.get(emp.slack_user_id)
        ordered = sorted(cases, key=lambda c: 0 if focused is not None and c.id == focused.case_id else 1)
        pending = self.store.put_pending(emp.slack_user_id, "pick_case", {"op": op, **payload})
        self._ask(emp.slack_user_id, pending, op, ordered[:10])
        return [Reply(prompt, blocks.pick_case(ordered, pending, escape(prompt)))]

    def _ask(self, user_id: str, pending_id: str, op: str, cases: Sequence[CaseView], *,
             target: str | None = None) -> None:
        """Remember the question just asked, so a typed answer ("the dashboard one", "1006", "yes") counts."""
        self.focus.set_question(user_id, {
            "pending": pending_id, "op": op, "target": target,
            "cases": [{"id": c.id, "number": c.case_number, "subject": c.subject} for c in cases]})

    def answer_by_text(self, user_id: str, text: str, p: Any, *, dedupe_key: str) -> list[Reply] | None:
        """The reply when `text` answers the question the bot just asked (None when it does not): "yes"/"no"
        to a yes/no; a case number, "the second one", "the other one" or words of one listed case's subject.
        Destructive answers chosen by words (close/reopen) are confirmed; by number, they act."""
        q = self.focus.question(user_id)
        if not q or not q.get("cases"):
            return None
        cases: list[dict[str, Any]] = q["cases"]
        op, target = q.get("op", ""), q.get("target")
        if op == "did_you_mean":  # "yes" = the first choice (add it to the case in focus); anything else: new input
            if not _YES.match(text):
                self.focus.clear_question(user_id)
                return None
            self.focus.clear_question(user_id)
            try:
                return self.on_did_you_mean(user_id, "add_comment", q["pending"], dedupe_key=dedupe_key)
            except BotError:
                return None
        if _YES.match(text) or _NO.match(text):
            if not target:
                return None
            if _NO.match(text):
                if op == "duplicate":
                    return self._answer(user_id, q, None, dedupe_key=dedupe_key, no=True)
                payload = self.store.take_pending(q["pending"], user_id)
                if payload is None:
                    return None
                self.focus.clear_question(user_id)
                return self._declined(user_id, payload)
            return self._answer(user_id, q, target, dedupe_key=dedupe_key)
        if p is not None and p.confident and p.intent == "file_case" and not _OTHER_ONE.search(text):
            return None  # a new problem, not an answer
        if _new_request(text, p, op):
            self.focus.clear_question(user_id)  # the user moved on; the question's buttons still work
            return None
        chosen = _choose(cases, text, _ref(p), getattr(p, "keywords", []) or [], declined=target)
        if chosen is None:
            return None
        by_number = bool(_ref(p)) and any(c["number"] == _ref(p) or c["id"] == _ref(p) for c in cases)
        return self._answer(user_id, q, chosen["id"], dedupe_key=dedupe_key,
                            confirm=op in _CONFIRM and not by_number)

    def _answer(self, user_id: str, q: dict[str, Any], case_id: str | None, *, dedupe_key: str,
                confirm: bool = False, no: bool = False) -> list[Reply] | None:
        op = q.get("op", "")
        if op == "duplicate":
            payload = self.store.take_pending(q["pending"], user_id)
            if payload is None:
                return None
            self.focus.clear_question(user_id)
            return self._duplicate_answer(user_id, payload, None if no else case_id, dedupe_key=dedupe_key)
        payload = self.store.take_pending(q["pending"], user_id)
        if payload is None:  # already answered with a button, or expired
            return None
        self.focus.clear_question(user_id)
        emp = self.directory.employee(user_id)
        case = self._case_for_write(emp, case_id) if not confirm else self.desk.get_case(emp.contact_id, case_id)
        for key in ("op", "declined", "others"):
            payload.pop(key, None)
        if confirm:
            candidates = [case]
            return self._confirm(emp, op, case, candidates, payload=payload)
        return self._run_picked(emp, op, payload, case, dedupe_key=dedupe_key)

    def on_pick_none(self, user_id: str, pending_id: str, *, dedupe_key: str) -> list[Reply]:
        """"Not that one" / "No": the other candidates as a "Which case?" list, or nothing to do."""
        return self._declined(user_id, self._take(pending_id, user_id))

    def _declined(self, user_id: str, payload: dict[str, Any]) -> list[Reply]:
        op, declined = payload.pop("op", ""), payload.pop("declined", None)
        verb = _CONFIRM.get(op, ("Change", "", ""))[0].lower()
        if not payload.pop("others", True):  # the question was "No, keep it open": nothing else to offer
            return [Reply.plain(f"OK, I won't {verb} anything.")]
        emp = self.directory.employee(user_id)
        if op == "reopen_case":
            recent = self.desk.list_recent_cases(emp.contact_id, closed_within_days=self.org.recently_closed_days)
            candidates = [c for c in recent if not c.is_open]
        else:
            candidates = self.desk.list_open_cases(emp.contact_id)
        others = [c for c in candidates if c.id != declined]
        if not others:
            return [Reply.plain(f"OK, I won't {verb} anything.")]
        prompt = _PROMPTS.get(op, "Which case did you mean?")
        pending = self.store.put_pending(user_id, "pick_case", {"op": op, **payload})
        self._ask(user_id, pending, op, others[:10])
        return [Reply(prompt, blocks.pick_case(others, pending, escape(prompt)))]

    def on_case_picked(self, user_id: str, case_id: str, pending_id: str, *, dedupe_key: str) -> list[Reply]:
        payload = self._take(pending_id, user_id)
        emp = self.directory.employee(user_id)
        case = self._case_for_write(emp, case_id)
        return self._run_picked(emp, payload.pop("op"), payload, case, dedupe_key=dedupe_key)

    def _run_picked(self, emp: Employee, op: str, payload: dict[str, Any], case: CaseView, *,
                    dedupe_key: str) -> list[Reply]:
        if op == "add_comment":
            if not payload.get("body"):
                self._track(emp, case)
                return [Reply(card.summary_text(case), card.case_card(
                    case, headline="What would you like to add? Click *Add comment*."))]
            return self._comment(emp, case.id, case.case_number, payload["body"], dedupe_key=dedupe_key,
                                 subject=case.subject)
        if op == "close_case":
            return self.close(emp, case.id, dedupe_key=dedupe_key, label=case.case_number)
        if op == "reopen_case":
            return self.reopen(emp, case.id, dedupe_key=dedupe_key, label=case.case_number)
        if op == "attach":
            return self._attach(emp, case.id, case.case_number, [SharedFile(**f) for f in payload["files"]],
                                subject=case.subject)
        raise BotError("I lost track of that question; please ask again.")

    # ------------------------------------------------------------------ files
    def _attach_flow(self, emp: Employee, p: Any, files: Sequence[SharedFile], text: str = "") -> list[Reply]:
        ref = _ref(p) if p is not None else None
        if ref:
            return self._attach(emp, ref, ref, files)
        open_cases = self.desk.list_open_cases(emp.contact_id)
        if not open_cases:
            return [Reply.plain("You have no open case to attach this to. Describe the problem in a message "
                                "with the file and I'll file a case with it.")]
        match = self._implicit_target(emp, open_cases, getattr(p, "keywords", []) or [], text)
        if match is not None:
            return self._attach(emp, match.id, match.case_number, files, subject=match.subject)
        prompt = "Which case should I attach " + ("these files" if len(files) > 1 else f"{files[0].name}") + " to?"
        return self._pick(emp, "attach", {"files": [f.to_dict() for f in files]}, open_cases, prompt)

    def _attach(self, emp: Employee, case_ref: str, label: str, files: Sequence[SharedFile], *,
                subject: str | None = None) -> list[Reply]:
        self.fetcher.check(list(files))
        names = []
        case_id = None
        for f in files:
            info = self.desk.attach_file(emp.contact_id, case_ref, self.fetcher.download(f))
            names.append(info.name)
            case_id = info.case_id
        if case_id:
            self.store.touch_user_activity(case_id)
            if label.isdigit():
                self._remember(emp.slack_user_id, case_id, label, subject)
        about = f" ({_short(subject)})" if subject else ""
        return [Reply.plain(f"Attached {', '.join(names)} to case {_label(label)}{about}.")]

    # ------------------------------------------------------------------ buttons on cards
    def case_action(self, user_id: str, action_id: str, case_id: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        if action_id == ids.SHOW_MORE:  # the value is {"list", "start"}, not a case Id
            kind, start = lists.more_request(case_id)
            return self.closed_cases(emp, start) if kind == "closed" else self.my_cases(emp, start)
        if action_id == ids.CLOSE_CASE:
            return self.close(emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.REOPEN_CASE:
            return self.reopen(emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.VIEW_CASE:
            return [self.case_reply(emp, case_id, details=True)]
        case = self.desk.get_case(emp.contact_id, case_id)  # ownership check for the store-only actions
        if action_id in (ids.MUTE_CASE, ids.UNMUTE_CASE):
            muted = action_id == ids.MUTE_CASE
            self._track(emp, case)
            self.store.set_muted(case.id, user_id, muted)
            word = "muted: I won't send you updates about it" if muted else "unmuted: I'll keep you posted"
            return [Reply(f"Case {case.case_number} {word}.", card.case_card(
                case, headline=f"Case *{case.case_number}* {word}.",
                actions=(ids.UNMUTE_CASE if muted else ids.MUTE_CASE, ids.VIEW_CASE)))]
        self._remember(user_id, case.id, case.case_number, case.subject)
        if action_id == ids.LOOKS_GOOD:
            self.store.touch_user_activity(case.id)
            return [Reply.plain(f"Thanks for confirming case {case.case_number} is sorted!")]
        if action_id == ids.ATTACH_FILE:
            return [Reply.plain(f"Share the file here in our DM with the message “attach to {case.case_number}” "
                                "and I'll add it to the case.")]
        raise BotError("I don't know that button; please try again from a fresh card.")

    # ------------------------------------------------------------------ slash command and modal
    def slash(self, user_id: str, text: str, *, dedupe_key: str = "") -> list[Reply]:
        """`/case [help|list|CASE]`; anything else is read as if it had been written in the DM
        (`/case my VPN keeps dropping` files a case)."""
        words = text.strip()
        if words.casefold() in ("", "help"):
            return [Reply("Here's what I can do.", blocks.help_blocks(self.slash_command))]
        if words.casefold() in ("list", "my cases", "mine", "cases"):
            return self.my_cases(self.directory.employee(user_id))
        m = _SLASH_CASE_REF.match(words)
        if m:
            return [self.case_reply(self.directory.employee(user_id), m.group(1))]
        return self.on_message(user_id, words, dedupe_key=dedupe_key or f"cmd:{user_id}:{words}")

    def submit_new_case(self, user_id: str, *, subject: str, description: str | None, case_type: str | None,
                        files: Sequence[dict[str, Any]], dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        shared = [SharedFile.from_slack(f) for f in files]
        types = {"incident": self.org.defaults.type_incident,
                 "service_request": self.org.defaults.type_service_request}  # blocks.CASE_TYPE_OPTIONS keys
        case_type = types.get(case_type or "incident", case_type)  # (a modal opened before keys: the value)
        return self._file_now(emp, subject.strip(), subject=subject.strip(),
                              case_type=case_type or self.org.defaults.type_incident,
                              files=shared, description=(description or "").strip() or None, channel="modal",
                              dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ App Home
    def home(self, user_id: str, *, refresh: bool = False) -> dict[str, Any]:
        """The App Home view, from the read model (no call; `refresh`: one call when it is stale). Never
        raises for an expected failure (shows it in the view instead)."""
        cmd = self.slash_command
        try:
            emp = self.directory.employee(user_id)
            snap = self.cases.snapshot(emp.contact_id, refresh_if_stale=refresh)
        except CaseDeskError as e:  # unknown contact, Salesforce away, ...: said in the view itself
            return lists.home_view([], [], slash_command=cmd, error=e.user_message)
        return lists.home_view(snap.open, snap.closed, slash_command=cmd, as_of=snap.as_of if snap.stale else None)

    # ------------------------------------------------------------------ helpers
    def _take(self, pending_id: str, user_id: str) -> dict[str, Any]:
        payload = self.store.take_pending(pending_id, user_id) if pending_id else None
        if payload is None:
            raise BotError("That question has already been answered or has expired. Please ask me again.")
        return payload

    def _case_for_write(self, emp: Employee, case_id: str) -> CaseView | _CaseRef:
        """The case about to be written to. When Salesforce is unavailable for this read, a reference built
        from what the store knows (number, subject) instead: the write then meets the outage and is queued
        with the case Id (the outbox flusher re-checks ownership), so what the user typed is never lost."""
        try:
            return self.desk.get_case(emp.contact_id, case_id)
        except SalesforceUnavailable:
            tracked = None
            try:
                tracked = self.store.get_tracked(case_id)
            except Exception:  # noqa: BLE001
                log.warning("could not read the tracked case %s", case_id, exc_info=True)
            mine = tracked is not None and tracked.slack_user_id in (None, emp.slack_user_id)
            return _CaseRef(id=case_id, case_number=(tracked.case_number if mine and tracked.case_number
                                                     else case_id),
                            subject=tracked.subject if mine else None)

    def _remember(self, user_id: str, case_id: str, case_number: str | None, subject: str | None) -> None:
        """Put the case in the user's conversational focus (bot/focus.py)."""
        self.focus.set(user_id, case_id, case_number, subject)

    def _track(self, emp: Employee, case: CaseView, *, changed_by_user: bool = False) -> None:
        """Track the case for notifications and put it in focus. `changed_by_user`: the status is the user's
        own change (close/reopen through Concierge), so the poller's last-seen status moves with it and an
        agent's change right after is still news; a case merely shown keeps the poller's last-seen status
        (or a pending "waiting for you" DM would be swallowed)."""
        self._remember(emp.slack_user_id, case.id, case.case_number, case.subject)
        try:
            extra = {"seen": True} if changed_by_user else {}
            self.store.track_case(case.id, contact_id=emp.contact_id, slack_user_id=emp.slack_user_id,
                                  case_number=case.case_number, status=case.status, state=str(case.state),
                                  subject=case.subject, **extra)
        except Exception:  # tracking feeds notifications; it must never cost the user their answer
            log.exception("could not track case %s", case.id)
