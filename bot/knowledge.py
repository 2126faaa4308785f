"""Answers before tickets (design decision 13): a described problem or a how-to question first gets the Knowledge
articles that fit it, with "This fixed it", "File my case" and "Open"; filing after them takes no second
description and carries the articles tried (CaseArticle links, a Description line, the category they map to).

When: Knowledge is on (`knowledge.enabled`), the message came in a DM without files (or was filed from a channel:
then the card goes to the author privately, bot/channels/asking.py), it is not urgent and not a
possible security incident (intents/urgency.py), the person did not ask to just file it, and no answer was shown
for this problem already. What: at most three Online articles in the person's language (one Salesforce call),
only those that fit well (bot/knowledge_match.py): a wrong answer costs more than none, so nothing is shown when nothing fits.
Every answer is a row of `store.answers`: what became of it is deflection (bot/deflection.py).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta

from slackui.identity import Employee
from bot import knowledge_match as match
from bot.errors import Reply
from bot.files import SharedFile
from bot.usecases.base import Deps
from bot.wording import knowledge as words
from intents.urgency import urgency
from servicecloud.articles import Article
from servicecloud.errors import CaseDeskError
from store.answers import AnswerRecord
from slackui import ids

log = logging.getLogger("concierge.knowledge")

TYPED_WITHIN = timedelta(hours=1)       # a typed "didn't help" / "that fixed it" answers the answer shown this long
_JUST_FILE = re.compile(r"\b(just|please|pls)\s+(file|open|log|raise|create)\b|\b(file|open|log|raise)\s+(a|an|the|"
                        r"my)?\s*(case|ticket)\b|\bdon'?t\s+(send|show)\s+(me\s+)?(articles|links)", re.I)
_HOW_TO = re.compile(r"^\s*(how\s+(do|can|should|would)\s+i|how\s+to|where\s+(do|can)\s+i|what'?s\s+the\s+way\s+to|"
                     r"can\s+i|is\s+there\s+a\s+way\s+to|i\s+(need|want)\s+to\s+know\s+how)\b", re.I)
# A question for a piece of information: a wh-word asking about a thing ("what's the", "which wifi do I",
# "where is the"); one about a case is status-shaped and never gets here (bot/frontdesk.py).
_INFO = re.compile(r"^\s*(?:what(?:'?s|\s+is|\s+are)|which|where(?:'?s|\s+is|\s+are))\s+\w", re.I)
_DID_NOT_HELP = re.compile(r"\b(did\s*n[o']?t|does\s*n[o']?t|didnt|doesnt|not)\s+(help|work|fix)|\bno\s+luck\b|"
                           r"\bstill\s+(broken|not|doesn|does\s+not|the\s+same|failing|happening)|"
                           r"\b(file|open|log|raise)\s+(it|the\s+case|my\s+case|a\s+case|a\s+ticket)\b|"
                           r"\bnone\s+of\s+(these|those|them)\b|\bthat'?s\s+not\s+it\b", re.I)
_FIXED = re.compile(r"\b(that|this|it)\s+(fixed|solved|sorted|did)\s+it\b|\b(it|that)\s+work(s|ed)\b|"
                    r"\bworks?\s+now\b|\ball\s+(good|sorted)\b|\bproblem\s+solved\b|\bthat\s+helped\b", re.I)


def wants_answer(deps: Deps, text: str, files: Sequence[SharedFile] = ()) -> bool:
    """Whether a new problem or question may be answered from Knowledge first."""
    return (deps.org.knowledge.enabled and not files and urgency(text) is None and not _JUST_FILE.search(text))


def is_how_to(text: str) -> bool:
    """"how do I set up my phone's email?", or a question for a piece of information ("what's the wifi code for
    visitors?", "which printer do I use?", "where is the VPN address?"): answered from Knowledge when an article
    fits, before the message is read as out of scope."""
    return bool(_HOW_TO.search(text) or _INFO.search(text))


def answer_first(deps: Deps, emp: Employee, text: str, *, keywords: Sequence[str], case_type: str | None,
                 dedupe_key: str, files: Sequence[SharedFile] = ()) -> list[Reply] | None:
    """The articles card for this problem, or None (file as usual). One Salesforce call; none when the message's
    work is resumed (its answer is recorded) or Knowledge is off."""
    found = find_answer(deps, emp, text, keywords=keywords, case_type=case_type, dedupe_key=dedupe_key, files=files)
    if found is None:
        return None
    answer, best = found
    return [words.articles_card(answer.id, best)]


def find_answer(deps: Deps, emp: Employee, text: str, *, keywords: Sequence[str], case_type: str | None,
                dedupe_key: str, files: Sequence[SharedFile] = ()) -> tuple[AnswerRecord, list[Article]] | None:
    """The answer recorded for this problem (`dedupe_key`: the message, or a channel thread) and its articles, or
    None when Knowledge has none to show. Shared by the DM (answer_first) and channels (bot/channels/filing.py)."""
    if not wants_answer(deps, text, files) or not keywords:
        return None
    shown = deps.store.answers.by_message(dedupe_key)
    if shown is not None:                     # resumed work: the same answer, no second search
        return shown, [Article.from_json(a) for a in shown.articles]
    try:
        found = deps.desk.search_articles(match.search_terms(text, keywords), language=_language(deps, emp))
    except CaseDeskError:
        log.warning("Knowledge search failed; filing without it", exc_info=True)
        return None
    best = match.choose(text, keywords, found, deps.org.knowledge.max_articles)
    if not best:
        return None
    answer = deps.store.answers.record(emp.slack_user_id, emp.contact_id, asked_by=dedupe_key, text=text,
                                       case_type=case_type, articles=[a.to_json() for a in best])
    return answer, best


def _language(deps: Deps, emp: Employee) -> str:
    return deps.org.knowledge.language_for(getattr(emp, "locale", None))


def file_after(deps: Deps, emp: Employee, answer_id: int, *, dedupe_key: str) -> list[Reply]:
    """"File my case" (or a typed "didn't help"): the problem as first described, with the articles tried; once."""
    from bot.usecases import filing       # filing calls answer_first: imported here, not at the top

    answer = deps.store.answers.get(answer_id, emp.slack_user_id)
    if answer is None:
        return [words.gone()]
    if not deps.store.answers.claim_filing(answer.id, emp.slack_user_id):
        fresh = deps.store.answers.get(answer_id, emp.slack_user_id)
        if fresh is not None and fresh.case_id is None and fresh.filed_at is not None:
            return []                           # the first click is filing it right now
        return [words.already(filed=True)]
    articles = [Article.from_json(a) for a in answer.articles]
    try:
        replies = filing.file_now(deps, emp, answer.text, case_type=answer.case_type or deps.org.defaults.type_incident,
                                  files=(), description=None, channel="dm", dedupe_key=answer.asked_by,
                                  articles=articles)
    except Exception:
        deps.store.answers.release_filing(answer.id, emp.slack_user_id)
        raise
    focused = deps.focus.get(emp.slack_user_id)
    if focused is not None:
        deps.store.answers.set_case(answer.id, focused.case_id)
    return replies


def confirm(deps: Deps, emp: Employee, answer_id: int) -> list[Reply]:
    """"This fixed it": nothing is filed."""
    answer = deps.store.answers.get(answer_id, emp.slack_user_id)
    if answer is None:
        return [words.gone()]
    if answer.filed_at is not None:
        return [words.already(filed=True)]
    deps.store.answers.confirm(answer.id, emp.slack_user_id)
    return [words.fixed_thanks()]


def typed(deps: Deps, user_id: str, text: str, *, dedupe_key: str) -> list[Reply] | None:
    """A typed answer to the articles shown last ("that didn't help, file it" / "that fixed it"), or None."""
    if not deps.org.knowledge.enabled:
        return None
    fixed, not_helped = bool(_FIXED.search(text)), bool(_DID_NOT_HELP.search(text))
    if fixed == not_helped:
        return None
    answer = deps.store.answers.open_for(user_id, TYPED_WITHIN)
    if answer is None:
        return None
    if answer.asked_by.startswith("chan:"):   # offered for a channel message: its buttons file it in the thread
        return [words.use_buttons()]
    emp = deps.directory.employee(user_id)
    if fixed:
        return confirm(deps, emp, answer.id)
    return file_after(deps, emp, answer.id, dedupe_key=dedupe_key)


def clicked(deps: Deps, emp: Employee, action_id: str, value: str, *, dedupe_key: str) -> list[Reply]:
    """The card's buttons: This fixed it, File my case, Open (recorded; the link opens in the browser)."""
    head = value.split(":", 1)[0]
    if not head.isdigit():
        return [words.gone()]
    answer_id = int(head)
    if action_id == ids.KB_FIXED:
        return confirm(deps, emp, answer_id)
    if action_id == ids.KB_FILE:
        return file_after(deps, emp, answer_id, dedupe_key=dedupe_key)
    deps.store.answers.opened(answer_id, emp.slack_user_id)
    return []
