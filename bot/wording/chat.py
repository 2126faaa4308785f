"""Chat around the cases: greetings, help, "did you mean", thanks, and what the bot says when there is
nothing to act on."""
from __future__ import annotations

from collections.abc import Sequence

from bot import blocks
from bot.errors import Reply
from slackui.blocks import context, section
from slackui.fit import escape

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
WHAT_IS_THE_PROBLEM = ("Sure. What's the problem, or what do you need? Tell me in a sentence or two and I'll file "
                       "it for you.")
GLAD_ITS_FIXED = "Glad it's sorted! I haven't filed anything. If it comes back, just tell me what happens."
NO_AGENT_QUESTION = ("I haven't passed on a question from an agent lately. Type *my cases* to see where your cases "
                     "stand.")
NOT_INSTRUCTIONS = ("I can't change how I work from a message. I can file a case for you and show or update your own "
                    "cases: tell me what's wrong, or type *help* to see what else I can do.")
OTHERS_CASES = ("I can show and change only your own cases, so I can't look up someone else's. They can ask me "
                "themselves; type *my cases* to see yours.")
TOO_MANY_MESSAGES = ("You've sent me a lot of messages in the last minute, more than I can handle well, so I'll "
                     "skip the rest of this minute's. Please wait a moment, then send again anything I haven't "
                     "answered.")


def too_many_cases(limit: int, support_contact: str) -> Reply:
    """The person reached the number of cases Concierge files for one person in a day."""
    return Reply.plain(f"I've already filed {limit} cases for you today, which is as many as I file for one person "
                       "in a day, so I haven't filed this one. You can add it to one of your open cases (type *my "
                       f"cases*), or contact {support_contact} if it can't wait until tomorrow.")


def not_a_case_number(number: str) -> Reply:
    return Reply.plain(f"I couldn't find case {number}: case numbers have up to 8 digits (like 00001234). Type *my "
                       "cases* to see yours.")


NOTHING_TO_COMMENT = "You have no open cases to comment on. Describe your problem and I'll file a new case."


def person_without_case(support_contact: str) -> Reply:
    """Someone with no open case asks for a person: how to reach one."""
    return Reply.plain("You have no open case for an agent to pick up yet. Tell me what's wrong and I'll file one: "
                       f"an agent will answer you here. Or contact {support_contact} directly.")
NOTHING_TO_CLOSE = "You have no open cases to close."
NOTHING_TO_REOPEN = "You have no recently closed cases to reopen."
NOTHING_TO_ATTACH_TO = ("You have no open case to attach this to. Describe the problem in a message with the file "
                        "and I'll file a case with it.")
WHAT_TO_ADD = "What would you like to add? Click *Add comment*."


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
