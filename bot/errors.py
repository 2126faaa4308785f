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

from bot import blocks
from servicecloud.errors import (AttachmentRejected, CaseDeskError, CaseNotFound, ContactNotFound,
                                 SalesforceUnavailable, TooLong, ValidationRefused)

log = logging.getLogger("concierge.bot")


@dataclass
class Reply:
    """A message to the user: `text` is the notification/fallback text (plain: escaped when sent), `blocks`
    the rich body (built by bot/blocks.py, which escapes what people wrote)."""

    text: str
    blocks: list[dict[str, Any]] | None = field(default=None)

    @classmethod
    def plain(cls, text: str) -> Reply:
        return cls(text, blocks.text_blocks(blocks.escape(text)))


class BotError(Exception):
    """A refusal decided by the bot itself (e.g. a file over the size limit), with words for the user."""

    def __init__(self, user_message: str):
        super().__init__(user_message)
        self.user_message = user_message


GENERIC_FAILURE = ("Sorry, something went wrong on my side and I couldn't finish that. Nothing was "
                   "changed; please try again in a minute.")
READ_UNAVAILABLE = "I can't reach Salesforce right now, so I couldn't do that. Please try again in a few minutes."


def reply_for_error(exc: BaseException) -> Reply:
    """Map any exception to the reply the user sees. Expected refusals are logged at info level."""
    if isinstance(exc, SalesforceUnavailable):
        log.warning("Salesforce unavailable: %s", exc.detail or exc)
        return Reply(READ_UNAVAILABLE, blocks.error_blocks(
            READ_UNAVAILABLE if not exc.limit_reached else
            "Salesforce has reached its API limit for now, so I couldn't do that. Please try again later."))
    if isinstance(exc, (CaseNotFound, ContactNotFound, ValidationRefused, TooLong, AttachmentRejected)):
        log.info("refused: %s (%s)", type(exc).__name__, exc)
        return Reply(exc.user_message, blocks.error_blocks(exc.user_message))
    if isinstance(exc, CaseDeskError):
        log.warning("Salesforce error: %r", exc)
        return Reply(exc.user_message, blocks.error_blocks(exc.user_message))
    if isinstance(exc, BotError):
        return Reply(exc.user_message, blocks.error_blocks(exc.user_message))
    if isinstance(exc, SlackApiError):
        log.error("Slack API error: %s", exc.response.get("error") if exc.response else exc)
        return Reply(GENERIC_FAILURE, blocks.error_blocks(GENERIC_FAILURE))
    log.exception("unexpected error", exc_info=exc)
    return Reply(GENERIC_FAILURE, blocks.error_blocks(GENERIC_FAILURE))
