"""Front-desk rules after the model's reading that act on none of the person's cases: thanks after a fix, someone
else's case, a mistyped number, how-to questions, small talk (which leaves unclear words naming an open case to the
rules after); and the employee resolved once for the rules after."""
from __future__ import annotations

import re

from bot import knowledge, wording
from bot.errors import BotError, Reply
from bot.frontdesk.visit import Visit
from bot.usecases import filing, lifecycle, requests
from intents import cues
from intents.cues import Cue
from intents.urgency import security_phrase
from servicecloud.errors import SalesforceUnavailable


def fixed_right_after_a_case(v: Visit) -> list[Reply] | None:
    """"thanks, that fixed it" right after a case: "Close case N?"."""
    v.read()
    if v.parsed and not v.shared and v.u.has(Cue.SAYS_FIXED) and v.u.chat:
        return lifecycle.offer_to_close_focus(v.deps, v.user_id, dedupe_key=v.dedupe_key)
    return None


def someone_elses_case(v: Visit) -> list[Reply] | None:
    """"status of Sarah's ticket": only the person's own cases are shown (unless they filed it for Sarah)."""
    u = v.u
    if (v.parsed and not v.shared and not u.case_ref and u.has(Cue.OTHER_PERSONS_CASE)
            and (u.intent in (*requests.ON_A_CASE, "list_cases", "help", "unknown") or not u.confident
                 or _asked_about(v.text))
            and not requests.filed_for(v.deps, v.user_id, cues.case_owner(v.text) or "")):
        return [Reply.plain(wording.OTHERS_CASES)]
    return None


def _asked_about(text: str) -> bool:
    """The other person's case is what a question asks about ("can you tell me where Janet's ticket for the book scanner
    is at?"), not something told ("I've just sent Maisie's incident report to the wrong parent!!")."""
    owner = cues.case_owner(text)
    return bool(owner) and not security_phrase(text) and any(
        owner in s and s.rstrip().endswith("?") for s in re.split(r"(?<=[.!?])\s+", text))


def mistyped_case_number(v: Visit) -> list[Reply] | None:
    """"status of ticket 123456789012": a number too long to be a case number."""
    u = v.u
    if not v.parsed or v.shared or u.case_ref:
        return None
    too_long = cues.too_long_case_number(v.text)
    if too_long and u.intent in (*requests.ON_A_CASE, "list_cases", "unknown"):
        return [wording.not_a_case_number(too_long)]
    return None


def how_to_question(v: Visit) -> list[Reply] | None:
    """"how do I ...?": a Knowledge article, if one fits."""
    deps = v.deps
    if v.shared or v.u.status_shaped or not deps.org.knowledge.enabled or not knowledge.is_how_to(v.text):
        return None
    try:
        emp = v.employee
    except (SalesforceUnavailable, BotError):
        return None
    return knowledge.answer_first(deps, emp, v.u.text, keywords=v.u.keywords,
                                  case_type=deps.org.defaults.type_service_request, dedupe_key=v.dedupe_key)


def small_talk(v: Visit) -> list[Reply] | None:
    """help, small talk, out of scope: answered without a case (unless the words are about the case in focus, or in
    the words of one of the person's open cases: the rules after ask about it)."""
    if (v.u.chat and not v.shared and not v.u.status_shaped and not v.about_focus and not v.addendum
            and not v.adds_to_focus and not v.no_longer_needed and not _words_of_an_open_case(v)):
        return requests.chat(v.deps, v.u.intent, v.u)
    return None


def _words_of_an_open_case(v: Visit) -> bool:
    """Unclear words naming one of the person's open cases (`Visit.open_cases_its_words_name`); False while the person
    cannot be resolved."""
    try:
        return bool(v.open_cases_its_words_name)
    except (SalesforceUnavailable, BotError):
        return False


def first_case_while_salesforce_is_away(v: Visit) -> list[Reply] | None:
    """The employee, resolved once for the rules below. While Salesforce is away and the person is not known
    yet, a new problem is queued by e-mail (bot/usecases/filing.py); anything else says try again."""
    try:
        _ = v.employee
    except SalesforceUnavailable as e:
        queued = filing.queue_first_case(v.deps, v.user_id, getattr(e, "slack_email", None), v.text, v.u.parse,
                                         v.shared, dedupe_key=v.dedupe_key)
        if queued is None:
            raise
        return queued
    return None
