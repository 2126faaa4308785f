"""Knowledge first (design decision 13, bot/knowledge.py): whether a new problem or question may be answered from
Knowledge, and the articles card for it. At most three Online articles in the person's language (one Salesforce
call), only those that fit well (bot/knowledge_match.py): a wrong answer costs more than none, so nothing is shown
when nothing fits; a channel filing's card goes to the author privately (bot/channels/asking.py). Every answer shown
is recorded as a row of `store.answers` (what became of it is deflection,
bot/deflection.py); filing (bot/usecases/filing.py) asks here before it files, and bot/knowledge.py handles what
the person answers to the card.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence

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

log = logging.getLogger("concierge.knowledge")

_JUST_FILE = re.compile(r"\b(just|please|pls)\s+(file|open|log|raise|create)\b|\b(file|open|log|raise)\s+(a|an|the|"
                        r"my)?\s*(case|ticket)\b|\bdon'?t\s+(send|show)\s+(me\s+)?(articles|links)", re.I)


def wants_answer(deps: Deps, text: str, files: Sequence[SharedFile] = ()) -> bool:
    """Whether a new problem or question may be answered from Knowledge first: Knowledge is on
    (`knowledge.enabled`), no files came with it, it is not urgent nor a possible security incident
    (intents/urgency.py), and the person did not ask to just file it."""
    return (deps.org.knowledge.enabled and not files and urgency(text) is None and not _JUST_FILE.search(text))


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
