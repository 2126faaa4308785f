"""Lists of cases that stay honest at any size: the DM list ("my cases") and the App Home.

A list says how many cases there are in all, shows the newest that fit in one message (Slack's 50 blocks,
and about 11,000 characters of block text before `msg_blocks_too_long`), and ends with a "Show more" button
that posts the next ones. The Home tab shows the newest open cases and always keeps "Recently closed".
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from slackui import fit, ids
from servicecloud.models import CaseView
from slackui import card
from slackui.blocks import Block, actions, button, context, plain, section
from slackui.values import ListPage

MAX_LISTED = 15            # cases in one list message (2 blocks each)
HOME_OPEN = 20             # open cases on the Home tab (2 blocks each; a view holds 100 blocks)
HOME_CLOSED = 10           # recently closed cases on the Home tab


def case_list(cases: Sequence[CaseView], *, title: str, empty: str = "You have no open cases.",
              start: int = 0, kind: str = "open") -> list[Block]:
    """`cases` (all of them, newest first) from `start` on: as many as fit, then "Showing 16–30 of 250" and a
    Show more button (value: `ListPage(kind, next)`) when some are left."""
    if not cases:
        return [section(empty)]
    total = len(cases)
    start = max(0, min(start, total - 1))
    blocks: list[Block] = [section(title)]
    used = fit.block_text(blocks)
    shown = 0
    for case in cases[start:start + MAX_LISTED]:
        row = card.row(case)
        size = fit.block_text(row)
        if shown and used + size > fit.MESSAGE_BLOCK_TEXT - 500:   # 500: the footer below
            break
        blocks += row
        used += size
        shown += 1
    end = start + shown
    if start > 0 or end < total:
        blocks.append(context(f"Showing {start + 1}–{end} of {total}, newest first."))
    if end < total:
        value = ListPage(kind, end).to_json()
        blocks.append(actions("list_more", button(ids.SHOW_MORE, f"Show more ({total - end} more)", value)))
    return blocks


def home_view(open_cases: Sequence[CaseView], closed_cases: Sequence[CaseView], *,
              slash_command: str = "/case", error: str | None = None, as_of: datetime | None = None,
              expect: Callable[[CaseView], Sequence[str]] | None = None) -> dict[str, Any]:
    """The App Home tab: "My cases", the newest open ones first, then the recently closed, each with its
    buttons; the true counts in the headings whatever the numbers. `as_of`: the cases are as Salesforce had
    them then (said when the read model is older than it should be). `expect`: when to expect an answer on an
    open case (bot/wording/cases.py `expect`, in the person's zone), shown in its row."""
    blocks: list[Block] = [
        {"type": "header", "text": plain("My cases", fit.HEADER_TEXT)},
        context(f"Write to me in the Messages tab to file a case, or use `{slash_command} new`."),
    ]
    if as_of is not None:  # Slack shows the date in the reader's own time zone (the fallback is UTC)
        when = f"<!date^{int(as_of.timestamp())}^{{date_short_pretty}} at {{time}}|{as_of:%Y-%m-%d %H:%M} UTC>"
        blocks.append(context(f":hourglass: As of {when}: I haven't heard from Salesforce since. Write _my cases_ "
                              "to me for the latest."))
    if error:
        blocks.append(section(f":warning: {fit.escape(error)}"))
    blocks.append({"type": "divider"})
    blocks.append(section(f"*Open* ({len(open_cases)})"))
    if not open_cases:
        blocks.append(context("No open cases. :tada:"))
    for case in open_cases[:HOME_OPEN]:
        blocks += card.row(case, expect=expect(case) if expect is not None else ())
    if len(open_cases) > HOME_OPEN:
        blocks.append(context(f"…and {len(open_cases) - HOME_OPEN} more open cases: write _my cases_ to me in "
                              "the Messages tab and use *Show more*."))
    if closed_cases:
        blocks.append({"type": "divider"})
        blocks.append(section(f"*Recently closed* ({len(closed_cases)})"))
        for case in closed_cases[:HOME_CLOSED]:
            blocks += card.row(case)
        if len(closed_cases) > HOME_CLOSED:
            blocks.append(context(f"…and {len(closed_cases) - HOME_CLOSED} more: write _my closed cases_ to me."))
    return {"type": "home", "blocks": blocks}
