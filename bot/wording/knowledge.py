"""What the bot says around Knowledge answers (bot/knowledge.py): the articles card, "glad it's sorted", the
filing that follows one, and what a second click gets."""
from __future__ import annotations

from collections.abc import Sequence

from bot.errors import Reply
from servicecloud.articles import Article
from slackui import blocks as kit
from slackui import ids
from slackui.fit import escape, fit

INTRO = "This might already answer it. If it doesn't, I'll file a case for you with one tap:"
FIXED_THANKS = "Glad that sorted it! Nothing was filed. If it comes back, just tell me and I'll file a case."
ALREADY_FILED = "I've already filed a case for that one."
ALREADY_FIXED = "You told me that one was fixed, so nothing was filed. Describe the problem again if it's back."
USE_BUTTONS = ("Those articles were for your message in a channel: tap *This fixed it* or *File my case* under them, "
               "and I'll file it in that thread if it still needs a case.")
GONE = "I can't find those articles any more. Describe the problem again and I'll help from there."


def articles_card(answer_id: int, articles: Sequence[Article], *, intro: str = INTRO, fixed_id: str = ids.KB_FIXED,
                  file_id: str = ids.KB_FILE, value: str | None = None) -> Reply:
    """Up to three articles (title, summary or snippet, link), then "This fixed it" / "File my case" (a channel
    filing's card, bot/channels/, has its own `intro`, button ids and `value`: the question holding the thread)."""
    lines = [intro]
    body: list[dict] = [kit.section(escape(intro))]
    for i, a in enumerate(articles):
        about = a.summary or a.snippet or ""
        title = f"<{a.url}|{fit(a.title, 200)}>" if a.url else f"*{fit(a.title, 200)}*"
        text = f"*{title}*\n{fit(about, 400)}" if a.url else f"{title}\n{fit(about, 400)}"
        section = kit.section(text)
        if a.url:
            button = kit.button(kit.numbered(ids.KB_OPEN, i), "Open", f"{answer_id}:{i}")
            button["url"] = a.url
            section["accessory"] = button
        body.append(section)
        lines.append(f"- {a.title}: {about}" + (f" ({a.url})" if a.url else ""))
    body.append(kit.actions(f"kb:{answer_id}",
                            kit.button(fixed_id, "This fixed it", value or str(answer_id), style="primary"),
                            kit.button(file_id, "File my case", value or str(answer_id))))
    return Reply("\n".join(lines), body)


def fixed_thanks() -> Reply:
    return Reply.plain(FIXED_THANKS)


def already(filed: bool) -> Reply:
    return Reply.plain(ALREADY_FILED if filed else ALREADY_FIXED)


def use_buttons() -> Reply:
    return Reply.plain(USE_BUTTONS)


def gone() -> Reply:
    return Reply.plain(GONE)
