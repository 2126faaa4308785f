"""What the bot did to a case: filed, commented, closed, reopened, attached, muted; or why it could not."""
from __future__ import annotations

from typing import Any

from collections.abc import Sequence

from bot.errors import Reply
from bot.ticket import AFTER_CLOSE, AFTER_COMMENT, AFTER_REOPEN
from bot.wording.chat import WHAT_TO_ADD
from bot.wording.words import label, plural, short
from servicecloud.errors import VIEW_ALL_CASES, WrongState
from servicecloud.models import CaseView
from slackui import card, ids
from slackui.fit import escape


def filed_hidden(subject: str, problems: Sequence[str]) -> Reply:
    """Filed, but sharing hides it from Concierge's Salesforce user: say so, never "not found"."""
    return Reply.plain(" ".join((
        f"I filed your case “{subject}” in Salesforce, and the service desk has it. I can't read it back, "
        f"though: Concierge's Salesforce user is missing a permission ({VIEW_ALL_CASES}), so I can't show its "
        "number or tell you about updates. An administrator needs to grant it.", *problems)))


def filed(case: CaseView, *, attachments: int, sorry: str | None, why: str | None, problems: Sequence[str],
          next_steps: str) -> Reply:
    attached = f" with {plural(attachments, 'attachment')}" if attachments else ""
    headline = (f"{sorry} " if sorry else "") + f":white_check_mark: I filed case *{case.case_number}*{attached} for you."
    notes = [f":rotating_light: Priority {escape(why)}." if why else "",
             *(f":warning: {escape(p)}" for p in problems), next_steps]
    return Reply(f"I filed case {case.case_number}: {case.subject}",
                 card.case_card(case, headline=headline, actions=card.FILED_ACTIONS,
                                  note="\n".join(n for n in notes if n)))


def commented(ref: str, subject: str | None) -> str:
    about = f" ({short(subject)})" if subject else ""
    return f"Added your comment to case {label(ref)}{about}. {AFTER_COMMENT}"


def priority_raised(why: str) -> str:
    """Said after a comment that made the case urgent; `why` is "High: you said the whole team is affected"."""
    return f"I also raised its priority to {why}."


def still_open_commented(case: CaseView) -> str:
    return (f"Case {case.case_number} ({short(case.subject)}) is still open, so I added your message to it for "
            f"{case.assignee or 'the agent'}.")


def kept_open_commented(case: CaseView | Any) -> str:
    """"No wait, keep it open, it jammed again" to "Close case N?": nothing closed, the news added."""
    return (f"OK, I left case {case.case_number} open and added what you said to it for "
            f"{getattr(case, 'assignee', None) or 'the agent'}.")


def still_open(case: CaseView) -> Reply:
    return Reply(f"Case {case.case_number} is still open ({case.status}).", card.case_card(case, headline=(
        f"Case *{case.case_number}* is still open ({escape(case.status)}), so there's nothing to reopen. "
        "Click *Add comment* to tell the agent what's happening.")))


def what_to_add(case: CaseView) -> Reply:
    return Reply(card.summary_text(case), card.case_card(case, headline=WHAT_TO_ADD))


def details_added(case: CaseView) -> Reply:
    return Reply(f"Added the details to case {case.case_number}.",
                 card.case_card(case, headline=f"Added your details to case *{case.case_number}*. {AFTER_COMMENT}"))


def subject_updated(case: CaseView) -> Reply:
    return Reply(f"Updated the subject of case {case.case_number}.",
                 card.case_card(case, headline=f"Updated the subject of case *{case.case_number}*.",
                                  actions=card.FILED_ACTIONS))


def closed(case: CaseView) -> Reply:
    return Reply(f"Closed case {case.case_number}.", card.case_card(
        case, headline=f":lock: I closed case *{case.case_number}*. {AFTER_CLOSE}"))


def reopened(case: CaseView) -> Reply:
    return Reply(f"Reopened case {case.case_number}.", card.case_card(
        case, headline=f":arrows_counterclockwise: I reopened case *{case.case_number}*. {AFTER_REOPEN}"))


def wrong_state(e: WrongState) -> Reply:
    if isinstance(e.case, CaseView):
        return Reply(e.user_message, card.case_card(e.case, headline=escape(e.user_message)))
    return Reply.plain(e.user_message)


def attached(names: Sequence[str], ref: str, subject: str | None) -> Reply:
    about = f" ({short(subject)})" if subject else ""
    return Reply.plain(f"Attached {', '.join(names)} to case {label(ref)}{about}.")


def muted(case: CaseView, is_muted: bool) -> Reply:
    word = "muted: I won't send you updates about it" if is_muted else "unmuted: I'll keep you posted"
    return Reply(f"Case {case.case_number} {word}.", card.case_card(
        case, headline=f"Case *{case.case_number}* {word}.",
        actions=(ids.UNMUTE_CASE if is_muted else ids.MUTE_CASE, ids.VIEW_CASE)))


def sorted_thanks(number: str) -> Reply:
    return Reply.plain(f"Thanks for confirming case {number} is sorted!")


def how_to_attach(number: str) -> Reply:
    return Reply.plain(f"Share the file here in our DM with the message “attach to {number}” and I'll add it to the "
                       "case.")
