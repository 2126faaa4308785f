"""Everything the conversation says: one function (or constant) per answer, outcome in, `Reply` out.

Use cases (bot/usecases/) decide what happened; this package words it, through the Block Kit builders
(bot/blocks.py, bot/lists.py and the rendering layer slackui/: the case card, buttons, escaping), which
escape what people and Salesforce wrote. One module per topic:

- `words.py`: the small words every answer shares (a subject cut short, "case N" or "that case", plurals);
- `chat.py`: greetings, help, "did you mean", thanks, nothing to act on;
- `questions.py`: "Which case?", "Close case N?", "Is this about case N?";
- `cases.py`: a case, lists of cases, the latest from the agent (status questions, "my cases");
- `changes.py`: what was done to a case (filed, commented, closed, reopened, attached, muted) or why not;
- `outages.py`: a write queued while Salesforce is unavailable, or made sure of once when its answer was lost;
- `timing.py`: when notifications come (quiet hours, the daily digest).

Callers import the package (`from bot import wording`; `wording.filed(...)`): every name is re-exported
here. The words around a filed case (acknowledgement, next steps, "what happens next") live with the ticket
rules in bot/ticket.py. Review or translate the bot here.
"""
from bot.ticket import FIXED, VAGUE_QUESTION
from bot.wording.words import short, label, case_words, plural
from bot.wording.chat import (ANSWER_WITH_BUTTONS, LEFT_THERE, ACKNOWLEDGED, WELCOME, ONLY_CASES, LOST_QUESTION,
    QUESTION_GONE, UNKNOWN_BUTTON, NO_AGENT_QUESTION, GLAD_ITS_FIXED, WHAT_IS_THE_PROBLEM, OTHERS_CASES, NOT_INSTRUCTIONS, NOTHING_TO_COMMENT, NOTHING_TO_CLOSE, NOTHING_TO_REOPEN,
    NOTHING_TO_ATTACH_TO, WHAT_TO_ADD, help_reply, hello, out_of_scope, did_you_mean, not_a_case_number,
    person_without_case, TOO_MANY_MESSAGES, too_many_cases)
from bot.wording.questions import CONFIRM, PROMPTS, prompt, pick, confirm, duplicate, nothing_done, attach_prompt
from bot.wording.cases import (waiting_note, expect, case_reply, latest_on, no_agent_message, agent_asked, search_results,
    nothing_found, open_cases, closed_cases)
from bot.wording.changes import (filed_hidden, filed, commented, still_open_commented, kept_open_commented, priority_raised, still_open, what_to_add,
    details_added, subject_updated, closed, reopened, wrong_state, attached, muted, sorted_thanks, how_to_attach)
from bot.wording.outages import in_doubt, still_working, queued_case, queued_comment, queued_details, queued_close, queued_reopen
from bot.wording.timing import (QUIET_HOURS_HEAD, DIGEST_HEAD, NO_QUIET_HOURS, QUIET_WEEKENDS, REAL_TIME,
    TIMING_TYPED, daily_at, held_coming, timing_changed, timing_summary)

__all__ = [
    "FIXED", "VAGUE_QUESTION", "short", "label", "case_words", "plural", "ANSWER_WITH_BUTTONS", "LEFT_THERE",
    "ACKNOWLEDGED", "WELCOME", "ONLY_CASES", "LOST_QUESTION", "QUESTION_GONE", "UNKNOWN_BUTTON", "NO_AGENT_QUESTION", "GLAD_ITS_FIXED", "WHAT_IS_THE_PROBLEM",
    "OTHERS_CASES", "NOT_INSTRUCTIONS", "NOTHING_TO_COMMENT", "person_without_case", "NOTHING_TO_CLOSE", "NOTHING_TO_REOPEN", "NOTHING_TO_ATTACH_TO", "WHAT_TO_ADD",
    "help_reply", "hello", "out_of_scope", "did_you_mean", "not_a_case_number", "CONFIRM", "PROMPTS", "prompt", "pick", "confirm",
    "duplicate", "nothing_done", "attach_prompt", "waiting_note", "expect", "case_reply", "latest_on", "no_agent_message",
    "agent_asked", "search_results", "nothing_found", "open_cases", "closed_cases", "filed_hidden", "filed",
    "commented", "still_open_commented", "kept_open_commented", "priority_raised", "still_open", "what_to_add", "details_added", "subject_updated", "closed",
    "reopened", "wrong_state", "attached", "muted", "sorted_thanks", "how_to_attach", "in_doubt", "still_working", "queued_case",
    "queued_comment", "queued_details", "queued_close", "queued_reopen", "QUIET_HOURS_HEAD", "DIGEST_HEAD",
    "NO_QUIET_HOURS", "QUIET_WEEKENDS", "REAL_TIME", "TIMING_TYPED", "daily_at", "held_coming", "timing_changed",
    "timing_summary", "TOO_MANY_MESSAGES", "too_many_cases",
]
