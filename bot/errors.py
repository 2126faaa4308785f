"""The one place where failures become replies.

Every listener runs its work through `reply_for_error` when something goes wrong: domain errors
(servicecloud.errors) carry a `user_message` written for people; Slack API failures and bugs become a short
apology. The user always gets an answer, never a stack trace, and the details go to the log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import blocks, request_context
from slackui.fit import escape
from servicecloud.errors import (AttachmentRejected, CaseDeskError, CaseNotFound, ContactNotFound,
                                 SalesforceUnavailable, SetupRefused, TooLong, ValidationRefused)

log = logging.getLogger("concierge.bot")


@dataclass(frozen=True, slots=True)
class ThreadStart:
    """A message that starts the thread of a case in the person's DM (the filing confirmation): once posted,
    the listener records it (store/threads.py) and later notices about the case go into it."""

    slack_user_id: str
    case_id: str


@dataclass
class Reply:
    """A message to the user: `text` is the notification/fallback text (plain: escaped when sent), `blocks`
    the rich body (built by bot/blocks.py, which escapes what people wrote)."""

    text: str
    blocks: list[dict[str, Any]] | None = field(default=None)
    starts_thread: ThreadStart | None = field(default=None)

    @classmethod
    def plain(cls, text: str) -> Reply:
        return cls(text, blocks.text_blocks(escape(text)))


class BotError(Exception):
    """A refusal decided by the bot itself (e.g. a file over the size limit), with words for the user."""

    def __init__(self, user_message: str):
        super().__init__(user_message)
        self.user_message = user_message


GENERIC_FAILURE = ("Sorry, something went wrong on my side and I couldn't finish that. Nothing was "
                   "changed; please try again in a minute.")
READ_UNAVAILABLE = "I can't reach Salesforce right now, so I couldn't do that. Please try again in a few minutes."


def _referenced(text: str) -> str:
    """`text` with the reference of the request being handled, so support can find its log lines."""
    scope = request_context.current()
    return f"{text} (reference {scope.reference})" if scope else text


def _failure(text: str, outcome: str) -> Reply:
    request_context.set_outcome(outcome)
    text = _referenced(text)
    return Reply(text, blocks.error_blocks(text))


def reply_for_error(exc: BaseException) -> Reply:
    """Map any exception to the reply the user sees. Expected refusals are logged at info level; failures
    carry the request's reference ("reference 7F3K"), the same one every log line of the request shows."""
    if isinstance(exc, SalesforceUnavailable):
        log.warning("Salesforce unavailable: %s", exc.detail or exc)
        return _failure(READ_UNAVAILABLE if not exc.limit_reached else
                        "Salesforce has reached its API limit for now, so I couldn't do that. Please try again "
                        "later.", "unavailable")
    if isinstance(exc, SetupRefused):            # the org mapping's fault: the log and the reference for support
        log.warning("Salesforce refused a value of the org mapping (check CONCIERGE_CONFIG; `concierge doctor` "
                    "names the fix): %s %s", exc.error_code, exc.detail)
        return _failure(exc.user_message, "error")
    if isinstance(exc, (CaseNotFound, ContactNotFound, ValidationRefused, TooLong, AttachmentRejected)):
        log.info("refused: %s (%s)", type(exc).__name__, exc)
        request_context.set_outcome("refused")
        return Reply(exc.user_message, blocks.error_blocks(exc.user_message))
    if isinstance(exc, CaseDeskError):
        log.warning("Salesforce error: %r", exc)
        return _failure(exc.user_message, "error")
    if isinstance(exc, BotError):
        request_context.set_outcome("refused")
        return Reply(exc.user_message, blocks.error_blocks(exc.user_message))
    if isinstance(exc, SlackApiError):
        log.error("Slack API error: %s", exc.response.get("error") if exc.response else exc)
        return _failure(GENERIC_FAILURE, "error")
    log.exception("unexpected error", exc_info=exc)
    return _failure(GENERIC_FAILURE, "error")
