"""Answers before tickets (design decision 13): a described problem or a how-to question first gets the Knowledge
articles that fit it (bot/knowledge_search.py: when, and which), with "This fixed it", "File my case" and "Open";
this module handles those answers, clicked or typed. Filing after them takes no second description and carries the
articles tried (CaseArticle links, a Description line, the category they map to).
"""
from __future__ import annotations

import re
from datetime import timedelta

from slackui.identity import Employee
from bot.errors import Reply
from bot.knowledge_search import answer_first, find_answer
from bot.usecases import filing
from bot.usecases.base import Deps
from bot.wording import knowledge as words
from servicecloud.articles import Article
from slackui import ids

__all__ = ["answer_first", "clicked", "confirm", "file_after", "find_answer", "is_how_to", "typed"]   # answer_first: the front
# desk's how-to question; filing imports it from bot/knowledge_search.py (this module files after an answer)

TYPED_WITHIN = timedelta(hours=1)       # a typed "didn't help" / "that fixed it" answers the answer shown this long
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


def is_how_to(text: str) -> bool:
    """"how do I set up my phone's email?", or a question for a piece of information ("what's the wifi code for
    visitors?", "which printer do I use?", "where is the VPN address?"): answered from Knowledge when an article
    fits, before the message is read as out of scope."""
    return bool(_HOW_TO.search(text) or _INFO.search(text))


def file_after(deps: Deps, emp: Employee, answer_id: int, *, dedupe_key: str) -> list[Reply]:
    """"File my case" (or a typed "didn't help"): the problem as first described, with the articles tried; once."""
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
