"""The front desk: one DM read once, then an ordered list of named rules; the first that answers, answers.

A message becomes a `Visit`: its text and files, what its cues say (`Utterance`, intents/utterance.py), the
model's reading once it is needed (never for a bare "yes" to an open question), and the employee, the case in
focus and the person's cases resolved once, lazily, for every rule to share. Each rule reads the visit and
returns the replies, or None to let the next rule look. The order is the policy: answers to the bot's own
questions before new requests, messages answered by their cues alone before the model, context (the case just
discussed) before the intent, the intent last. What the bot says is in bot/wording/.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.errors import Reply
from bot.frontdesk.before_reading import (answered_by_cues, answers_the_articles, answers_the_open_question,
                                          instructions_to_the_bot, notification_settings, over_budget, within_budget)
from bot.frontdesk.no_case_yet import (first_case_while_salesforce_is_away, fixed_right_after_a_case, how_to_question,
                                       mistyped_case_number, small_talk, someone_elses_case)
from bot.frontdesk.on_cases import (addendum, belongs_elsewhere, detail_for_the_case_in_focus, files_shared, in_context,
                                    no_longer_needed, only_filing_would_write, problem_come_back, status_shaped,
                                    the_request, unclear, words_of_an_open_case)
from bot.frontdesk.visit import Rule, Visit
from bot.preferences import NotificationSettings
from bot.usecases.base import Deps

__all__ = ["RULES", "Rule", "Visit", "over_budget", "receive"]

RULES: tuple[Rule, ...] = (
    within_budget, notification_settings, answers_the_open_question, answers_the_articles, answered_by_cues,
    instructions_to_the_bot,
    fixed_right_after_a_case, someone_elses_case, mistyped_case_number, how_to_question, small_talk,
    first_case_while_salesforce_is_away, in_context, files_shared, no_longer_needed, status_shaped, addendum,
    problem_come_back, only_filing_would_write, detail_for_the_case_in_focus, words_of_an_open_case, belongs_elsewhere,
    unclear,
    the_request,
)
"""The front desk's policy, in order."""


def receive(deps: Deps, settings: NotificationSettings, user_id: str, text: str,
            files: Sequence[dict[str, Any]] = (), *, dedupe_key: str) -> list[Reply]:
    """The replies to one DM (with its files)."""
    v = Visit(deps, settings, user_id, text, files, dedupe_key)
    if not v.text and not v.shared:
        return []
    for rule in RULES:
        replies = rule(v)
        if replies is not None:
            return replies
    return []
