"""Everything the conversation says: one function (or constant) per answer, outcome in, `Reply` out.

Use cases (bot/usecases/) decide what happened; this module words it, through the Block Kit builders
(bot/blocks.py, bot/lists.py and the rendering layer slackui/: the case card, buttons, escaping), which
escape what people and Salesforce wrote. The words around a filed case (acknowledgement, next steps, "what
happens next") live with the ticket rules in bot/ticket.py.
Review or translate the bot here.
"""
from __future__ import annotations

from collections.abc import Sequence

from bot import blocks, lists
from bot.errors import Reply
from bot.ticket import AFTER_CLOSE, AFTER_COMMENT, AFTER_REOPEN, FIXED, VAGUE_QUESTION
from servicecloud.errors import VIEW_ALL_CASES, WrongState
from servicecloud.models import CaseView
from slackui import card, ids
from slackui.blocks import context, section
from slackui.fit import escape, quote

__all__ = ["FIXED", "VAGUE_QUESTION"]

# -- chat
ANSWER_WITH_BUTTONS = ("If you're answering one of my questions, please click its buttons. Otherwise, tell me "
                       "what you need (type *help* for examples).")
LEFT_THERE = "OK, I'll leave it there. Write to me whenever you need anything."
ACKNOWLEDGED = ":+1:"
WELCOME = "You're welcome! Write to me any time you need help."
ONLY_CASES = ("I'm here to help with support cases: tell me what's wrong and I'll file a case, or type *help* to "
              "see what else I can do.")
LOST_QUESTION = "I lost track of that question; please ask again."
QUESTION_GONE = "That question has already been answered or has expired. Please ask me again."
UNKNOWN_BUTTON = "I don't know that button; please try again from a fresh card."
NO_AGENT_QUESTION = ("I haven't passed on a question from an agent lately. Type *my cases* to see where your cases "
                     "stand.")
NOTHING_TO_COMMENT = "You have no open cases to comment on. Describe your problem and I'll file a new case."
NOTHING_TO_CLOSE = "You have no open cases to close."
NOTHING_TO_REOPEN = "You have no recently closed cases to reopen."
NOTHING_TO_ATTACH_TO = ("You have no open case to attach this to. Describe the problem in a message with the file "
                        "and I'll file a case with it.")
WHAT_TO_ADD = "What would you like to add? Click *Add comment*."

# op -> (verb, yes button, no button when it was the only candidate)
CONFIRM = {"close_case": ("Close", "Close it", "No, keep it open"),
           "reopen_case": ("Reopen", "Reopen it", "No, leave it closed")}
PROMPTS = {"close_case": "Which case should I close?", "reopen_case": "Which case should I reopen?",
           "add_comment": "Which case should I add your comment to?", "attach": "Which case should I attach it to?"}


def prompt(op: str) -> str:
    """"Which case should I close?" for the operation a "Which case?" question is for."""
    return PROMPTS.get(op, "Which case did you mean?")


def short(text: str | None, limit: int = 60) -> str:
    """A subject cut on a word boundary for a sentence."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def label(ref: str) -> str:
    """How to name a case reference in a sentence (a number as is, an Id as "that case")."""
    return ref if ref.isdigit() else "that case"


def case_words(ref: str) -> str:
    """"case 00001234" for a number, "that case" for an Id."""
    return f"case {ref}" if ref.isdigit() else "that case"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def help_reply(slash_command: str) -> Reply:
    return Reply("Here's what I can do.", blocks.help_blocks(slash_command))


def hello() -> Reply:
    return Reply("Hi! I'm Concierge.", [section(
        "Hi! :wave: I'm Concierge. Tell me what's wrong and I'll file a case, or type *help* to see what else I "
        "can do.")])


def out_of_scope(slash_command: str, pointer: str) -> Reply:
    return Reply("I can help with support cases. Type help for examples.",
                 [*blocks.short_help(slash_command), context(escape(pointer))])


def did_you_mean(choices: Sequence[str], pending: str, focused_number: str | None) -> Reply:
    """"Did you mean…" with the likeliest intents; right after a case, "Add it to case N" first."""
    labels = {"add_comment": f"Add it to case {focused_number}",
              "check_status": f"Status of case {focused_number}"} if focused_number else {}
    return Reply("I'm not sure what you meant. Did you mean…",
                 blocks.did_you_mean(choices[:3], pending, labels=labels, primary=bool(labels)))


# -- cases
def waiting_note(case: CaseView) -> str | None:
    """A hint under a case that waits for the employee: the ball is in their court."""
    if str(case.state) == "WAITING_FOR_USER":
        who = escape(case.assignee) if case.assignee else "The agent"
        return f":speech_balloon: {who} is waiting for your answer: click *Add comment* to reply."
    return None


def case_reply(case: CaseView, *, details: bool = False, headline: str | None = None) -> Reply:
    return Reply(card.summary_text(case), card.case_card(case, headline=headline, details=details,
                                                                  note=waiting_note(case)))


def latest_on(number: str) -> str:
    return f"Here's the latest on case *{number}*:"


def no_agent_message(number: str) -> str:
    return f"I don't have a recent message from the agent on case *{number}*; here is the case."


def agent_asked(case_id: str, number: str, subject: str | None, words: str, who: str | None) -> Reply:
    """"What did they ask?": the agent's words on the case, with Add comment / View case."""
    said = (f"{escape(who) if who else 'The agent'} wrote on case *{number}* "
            f"({escape(short(subject))}):\n{quote(words, 1500)}\n"
            f"Click *Add comment* to answer, or just type your answer here with “add to {number}: …”.")
    return Reply(f"On case {number}: {short(words, 150)}", [
        section(said), card.buttons(case_id, (ids.ADD_COMMENT, ids.VIEW_CASE))])


def search_results(found: Sequence[CaseView]) -> Reply:
    return Reply(card.summary_text(found[0]), blocks.search_results(found, note=waiting_note(found[0])))


def nothing_found(keywords: Sequence[str]) -> Reply:
    return Reply.plain(f"I couldn't find a case of yours about “{' '.join(keywords)}”. Type *my cases* to see "
                       "your open ones.")


def open_cases(cases: Sequence[CaseView], start: int) -> Reply:
    return Reply(f"You have {plural(len(cases), 'open case')}.",
                 lists.case_list(cases, title=f"Your open cases ({len(cases)}), newest first:",
                                 empty="You have no open cases. :tada:", start=start))


def closed_cases(closed: Sequence[CaseView], days: int, start: int) -> Reply:
    return Reply(f"You have {plural(len(closed), 'case')} closed in the last {days} days.",
                 lists.case_list(closed, title=f"Your cases closed in the last {days} days ({len(closed)}):",
                                 empty=f"You have no cases closed in the last {days} days.", start=start,
                                 kind="closed"))


# -- questions
def pick(cases: Sequence[CaseView], pending: str, prompt: str) -> Reply:
    return Reply(prompt, blocks.pick_case(cases, pending, escape(prompt)))


def confirm(op: str, case: CaseView, pending: str, *, others: bool) -> Reply:
    verb, yes, no = CONFIRM[op]
    return Reply(f"{verb} case {case.case_number} · {case.subject}?",
                 blocks.confirm_case(case, pending, verb=verb, yes=yes, no="Not that one" if others else no))


def duplicate(case: CaseView, pending: str) -> Reply:
    return Reply(f"Is this about case {case.case_number}?", blocks.duplicate_prompt(case, pending))


def nothing_done(op: str) -> Reply:
    verb = CONFIRM.get(op, ("Change", "", ""))[0].lower()
    return Reply.plain(f"OK, I won't {verb} anything.")


def attach_prompt(count: int, name: str) -> str:
    return "Which case should I attach " + ("these files" if count > 1 else name) + " to?"


# -- writes
def _queued(subject: str, what: str) -> list[Reply]:
    """A write Salesforce could not take now: queued, delivered later."""
    return [Reply(f"Salesforce is unavailable; {subject} queued.", blocks.queued_blocks(what))]


_IN_DOUBT = {"file_case": ("your case", "filed"), "add_comment": ("your comment", "added"),
             "update_description": ("the details you added", "added"), "close_case": ("closing it", "done"),
             "reopen_case": ("reopening it", "done")}


def in_doubt(op: str) -> list[Reply]:
    """A write whose answer was lost (Salesforce too slow, or the work interrupted): it may have gone in, so it
    is not simply sent again; the outbox makes sure it goes in once and confirms."""
    what, done = _IN_DOUBT.get(op, ("your change", "done"))
    return [Reply(f"That took longer than it should; I'm making sure {what} goes in once.",
                  blocks.in_doubt_blocks(what, done))]


def queued_case() -> list[Reply]:
    return _queued("your case is", "your case")


def queued_comment(ref: str) -> list[Reply]:
    return _queued("your comment is", f"your comment on {case_words(ref)}")


def queued_details() -> list[Reply]:
    return _queued("your details are", "the details you added")


def queued_close(ref: str) -> list[Reply]:
    return _queued("closing is", f"closing {case_words(ref)}")


def queued_reopen(ref: str) -> list[Reply]:
    return _queued("reopening is", f"reopening {case_words(ref)}")


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


def still_open_commented(case: CaseView) -> str:
    return (f"Case {case.case_number} ({short(case.subject)}) is still open, so I added your message to it for "
            f"{case.assignee or 'the agent'}.")


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



# -- when notifications come (quiet hours, daily digest: bot/preferences.py)
QUIET_HOURS_HEAD = "*Quiet hours* (your time zone): notices wait and come together in one message when they end"
DIGEST_HEAD = "*Daily digest*: what isn't urgent, once a day instead of as it happens"
NO_QUIET_HOURS, QUIET_WEEKENDS, REAL_TIME = "No quiet hours", "Quiet at weekends", "As it happens"
TIMING_TYPED = "You can also tell me, e.g. _quiet hours 20:00 to 7:00_, _no notifications at weekends_ or " \
    "_daily digest at 9_."


def daily_at(hour: int) -> str:
    return f"Daily at {hour:02d}:00"


def timing_changed(*, quiet: bool | None, start: str | None, end: str | None, weekends: bool | None,
                   digest_hour: int | None, real_time: bool) -> str:
    """What a typed timing request changed."""
    said = ["no more quiet hours" if quiet is False else f"quiet hours from {start} to {end}" if start else "",
            {True: "nothing at weekends", False: "notifications at weekends too", None: ""}[weekends],
            f"a daily digest at {digest_hour:02d}:00 for what isn't urgent" if digest_hour is not None
            else "notifications as they happen" if real_time else ""]
    return "OK: " + ", ".join(x for x in said if x) + "."


def timing_summary(*, start: str | None, end: str | None, weekends: bool, digest_hour: int | None,
                   urgent: Sequence[str]) -> str:
    """Quiet hours and the digest as they apply to the person (`start`/`end` None: no nightly hours)."""
    quiet = (f"Quiet hours {start} to {end}" + (" and weekends" if weekends else "") + " (your time)." if start
             else "Quiet at weekends." if weekends else "No quiet hours.")
    digest = f" Daily digest at {digest_hour:02d}:00." if digest_hour is not None else ""
    return quiet + digest + (f" {', '.join(urgent).capitalize()} always come at once." if urgent else "")
