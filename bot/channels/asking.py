"""A channel filing's private questions to the message's author (issue 23 item 1: the DM's filing rules): "Is this
about case X?" when one of their open cases looks like the same problem, and the Knowledge articles that fit (with
`knowledge.enabled`). Both go to the author's DM, never into the channel: the channel sees neither their other
cases nor the articles.

Each question is one row of `store.questions` (not a typed one: only its buttons answer it), put once per thread
(`key`: the thread's key, so resumed work asks the same question again and nothing else), holding the request
to file. Its buttons carry the question's id; taking it is one use (`questions.take`), so a second click, or a
click on a second copy, does nothing.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.dialogue.question import Kind
from bot.errors import Reply
from bot.usecases.base import Deps
from bot.wording import knowledge as kb_words
from servicecloud.articles import Article
from servicecloud.models import CaseView
from slackui import blocks as kit
from slackui import ids
from slackui.fit import escape, fit

if TYPE_CHECKING:
    from bot.channels.request import ChannelRequest

DUPLICATE, KNOWLEDGE = "duplicate", "knowledge"
OP = "channel_file"                 # the questions' op (a channel filing waits on the answer)
TTL_SECONDS = 24 * 3600.0           # the buttons answer it for a day


def _quote(req: ChannelRequest) -> str:
    return fit(" ".join(req.text.split()), 200)


def ask_duplicate(deps: Deps, req: ChannelRequest, case: CaseView) -> Reply:
    assert req.author is not None
    qid = deps.store.questions.ask(
        req.author, str(Kind.DUPLICATE), OP, candidates=[{"id": case.id, "number": case.case_number,
                                                         "subject": case.subject}],
        target=case.id, carried={"req": req.to_json(), "number": case.case_number, "subject": case.subject},
        asked_by=req.key, key=f"{req.key}:ask", typed=False, ttl_seconds=TTL_SECONDS)
    head = (f"About your message in {req.where}: \u201c{_quote(req)}\u201d\n"
            f"Is this about your case {case.case_number} \u00b7 {case.subject}?")
    body = [kit.section(escape(head)),
            kit.actions(f"chandup:{qid[:40]}",
                        kit.button(ids.CHANNEL_DUP_ADD, f"Yes, add it to {case.case_number}", qid, style="primary"),
                        kit.button(ids.CHANNEL_DUP_NEW, "No, file a new case", qid))]
    return Reply(head, body)


def offer_articles(deps: Deps, req: ChannelRequest, answer_id: int, articles: list[Article]) -> Reply:
    assert req.author is not None
    qid = deps.store.questions.ask(
        req.author, str(Kind.CONFIRM), OP, carried={"req": req.to_json(), "answer_id": answer_id},
        asked_by=req.key, key=f"{req.key}:ask", typed=False, ttl_seconds=TTL_SECONDS)
    intro = (f"About your message in {req.where}: \u201c{_quote(req)}\u201d\nThis might already answer it. If it "
             "doesn't, tap File my case and I'll file it in the thread.")
    return kb_words.articles_card(answer_id, articles, intro=intro, fixed_id=ids.CHANNEL_KB_FIXED,
                                  file_id=ids.CHANNEL_KB_FILE, value=qid)


def told_in_channel(outcome_asked: str, author: str, actor: str) -> str:
    """The ephemeral note in the channel (to whoever asked) that the author was asked privately first."""
    if actor == author:
        return ("I've sent you a direct message about this first"
                + (" (a few articles that may answer it)" if outcome_asked == KNOWLEDGE else "")
                + ". Answer there and I'll file it here if it still needs a case.")
    return (f"I've asked <@{author}> privately first; if it still needs a case, it is filed here in the thread.")


GONE = "That question was already answered, or it has expired."
ADDED = "I've added this to one of <@{who}>'s open cases and will follow up with them by direct message."
QUEUED = ("Salesforce is unavailable right now, so I've queued this. I'll file it for <@{who}> as soon as it's "
          "back and say so here.")
