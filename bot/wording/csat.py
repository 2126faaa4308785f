"""What the bot says about a rating (issue 24, docs/csat.md): thanks, the offer to reopen after a low score,
a click that comes too late. The rating row's own words (the question, the buttons) are slackui/rating.py's."""
from __future__ import annotations

from bot.wording.words import plural

SORRY_REOPEN = "Sorry. Should I reopen it?"
REOPEN = "Reopen"
FIXED = "No, it's fixed"
FIXED_THANKS = "Good to hear. I'll leave it as it is."
MORE_TITLE = "Tell us more"
MORE_LABEL = "What should we know?"
MORE_HINT = "The agent who worked on your case will read this."
MORE_THANKS = "Thanks for telling us more: I passed it on to the team."
NOT_FOUND = "I couldn't find that rating. It may belong to someone else."


def score_words(score: int, scale: str) -> str:
    if scale == "thumbs":
        return "thumbs up" if score >= 3 else "thumbs down"
    return f"{score} of 5"


def rated_note(score: int, scale: str, change_minutes: float, *, changed: bool = False) -> str:
    """The line under the rating row once tapped."""
    what = "Changed to" if changed else "You rated it"
    minutes = int(change_minutes)
    again = f" Tap another within {plural(minutes, 'minute')} to change it." if minutes > 0 else ""
    return f"{what} {score_words(score, scale)}. Thank you!{again}"


def final_note(score: int, scale: str) -> str:
    return f"You rated it {score_words(score, scale)}. Thank you!"


def already_final(score: int | None, scale: str, change_minutes: float) -> str:
    kept = f"Your rating ({score_words(score, scale)}) is kept" if score else "Your rating is kept"
    return f"{kept}: it can be changed only in the first {plural(int(change_minutes), 'minute')}."


def withdrawn(case_number: str | None) -> str:
    case = f"Case {case_number}" if case_number else "That case"
    return (f"Thanks! {case} was reopened since, so there's nothing to rate for now. "
            "I'll ask again once it's resolved.")


def expired(expire_days: float) -> str:
    return (f"Thanks, but this rating closed after {plural(int(expire_days), 'day')}. If something is still "
            "wrong, just tell me and I'll reopen the case.")


def work_note(person: str | None, score: int, scale: str, *, changed_from: int | None = None,
              comment: str | None = None) -> str:
    """The private work note telling the agent the rating."""
    who = person or "The employee"
    if changed_from is not None:
        text = (f"Concierge: {who} changed their rating of the resolution from {score_words(changed_from, scale)} "
                f"to {score_words(score, scale)} in Slack.")
    else:
        text = f"Concierge: {who} rated the resolution {score_words(score, scale)} in Slack."
    if comment:
        text += f" They added: {comment}"
    return text


def reopen_comment(reason: str | None, score: int | None, scale: str) -> str:
    """The public comment written with a reopen from the rating."""
    rated = f" after rating the resolution {score_words(score, scale)}" if score else ""
    return f"Reopened from Slack{rated}. Reason: {reason or 'the problem is not fixed'}."


def comment_note(person: str | None, comment: str) -> str:
    """The private work note for a "Tell us more" sent before any score."""
    return f"Concierge: {person or 'The employee'} wrote about the resolution in Slack: {comment}"
