"""A write Salesforce could not take now (queued for later) or whose answer was lost (made sure of once)."""
from __future__ import annotations

from bot import blocks
from bot.errors import Reply
from bot.wording.words import case_words


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


def still_working() -> Reply:
    """Sent once when an answer takes longer than SLOW_REPLY_NOTICE_SECONDS: the answer follows."""
    return Reply("This is taking longer than usual. I'm still on it and will answer here.")


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
