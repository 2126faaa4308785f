"""One thread per case in each person's DM: where a notice goes.

The first message about a case in the person's DM starts its thread (the bot's filing confirmation, recorded
by the bot, or the first notice, recorded here once Slack has it); later notices are replies in that thread,
and the kinds the org lists in `notifications.also_in_dm` (default: waiting for you, resolved or closed) are
also shown in the DM itself with `reply_broadcast` (one message, one key: the exactly-once check stays one
look-up). Thread replies are not in `conversations.history`, so the look-up after a cut-off send reads the
thread too (Messenger.find_sent). docs/notifications.md, "One thread per case".
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from notifications import rules
from slack_sdk.errors import SlackApiError

from notifications.slack import Messenger, Posted, slack_error
from servicecloud.config import OrgConfig
from store import LedgerEntry
from store.threads import CaseThreads


def also_in_dm(kind: str, org: OrgConfig) -> bool:
    """True when a notice of `kind` inside a case thread is also shown in the DM (`notifications.also_in_dm`)."""
    return rules.PREFERENCE_OF.get(kind) in org.notifications.also_in_dm


def post_notice(messenger: Messenger, threads: CaseThreads, org: OrgConfig, entry: LedgerEntry, text: str,
                blocks: list[dict[str, Any]], *, key: str) -> Posted:
    """Post the notice of `entry`: into its case's thread when the case has one, else as the message that
    starts it."""
    thread = threads.of(entry.slack_user_id, entry.case_id)
    if thread is None:
        posted = messenger.post(entry.slack_user_id, text, blocks, key=key)
        threads.start(entry.slack_user_id, entry.case_id, posted.channel, posted.ts)
        return posted
    try:
        return messenger.post(entry.slack_user_id, text, blocks, key=key, thread_ts=thread.thread_ts,
                              broadcast=also_in_dm(entry.kind, org))
    except SlackApiError as exc:
        if slack_error(exc) != "thread_not_found":
            raise
    # The thread's first message is gone (deleted, a retention policy): Slack refused the reply, nothing was
    # posted, so this notice starts the case's thread again.
    posted = messenger.post(entry.slack_user_id, text, blocks, key=key)
    threads.replace(thread, posted.channel, posted.ts)
    return posted


def find_notice(messenger: Messenger, threads: CaseThreads, entry: LedgerEntry, *, key: str,
                since: datetime) -> Posted | None:
    """The notice of `entry` if Slack has it (a send cut off before it was recorded): in the DM, or in the
    case's thread. A notice found in the DM for a case with no thread yet starts it, as its send would have."""
    thread = threads.of(entry.slack_user_id, entry.case_id)
    found = messenger.find_sent(entry.slack_user_id, key, since, thread_ts=thread.thread_ts if thread else None)
    if found is not None and thread is None:
        threads.start(entry.slack_user_id, entry.case_id, found.channel, found.ts)
    return found
