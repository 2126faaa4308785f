"""The digest message (notifications/cards.py `digest`, notifications/digests.py `plan`): whatever a person's
held news, every digest fits one Slack message as the Slack stand-in checks it (50 blocks, 3,000 characters
per text, the blocks' text together), each case once with all of its news, and the key is stable."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from notifications import cards, digests, rules
from sandbox.slack.blockkit import check_message
from store import LedgerEntry

T0 = datetime(2026, 11, 25, 7, tzinfo=UTC)


def entry(i: int, case: int, kind: str = rules.COMMENT, body: str = "Please restart the VPN client. " * 40,
          ) -> LedgerEntry:
    payload = {"case_id": f"500C{case:014d}", "case_number": f"{case:08d}", "subject": f"Case <{case}> & more " * 10,
               "status": "In Progress", "state": "IN_PROGRESS", "comment_id": f"00a{i:015d}", "body": body,
               "author": "Sam <Rivera>", "agent": "Sam", "idle_days": 4, "nudge_number": 1}
    return LedgerEntry(i, payload["case_id"], kind, f"s{i}", "U1", payload, "held", 0, T0, None, None, None, None,
                       None, "pending", None, T0, None)


def test_any_amount_of_news_is_cut_into_digests_slack_accepts_each_case_whole():
    kinds = [rules.COMMENT, rules.WAITING, rules.RESOLVED, rules.NUDGE, rules.FILED_ELSEWHERE]
    entries = [entry(i, case=i % 70, kind=kinds[i % len(kinds)]) for i in range(300)]
    planned = digests.plan(entries)
    assert len(planned) > 1
    assert sorted(e.id for group in planned for e in group) == [e.id for e in entries]
    seen: set[str] = set()
    for group in planned:
        cases = {e.case_id for e in group}
        assert not cases & seen                                  # a case is never split over two digests
        seen |= cases
        text, blocks = cards.digest([(e.kind, e.payload) for e in group])
        assert check_message(blocks, text) is None, check_message(blocks, text)
        assert f"news on {len(cases)} case" in text


def test_one_case_with_many_news_lists_what_fits_whole_and_counts_the_rest():
    for body, at_most in (("Short.", 8), ("Please restart the VPN client. " * 40, 8)):
        text, blocks = cards.digest([(e.kind, e.payload) for e in (entry(i, case=1, body=body) for i in range(12))])
        assert check_message(blocks, text) is None
        section = blocks[1]["text"]["text"]
        shown = section.count(":speech_balloon:")
        more = re.search(r"_and (\d+) more on this case_$", section)
        assert 1 <= shown <= at_most and more and shown + int(more.group(1)) == 12, section[-200:]
        assert "&lt;Rivera&gt;" in section and not section.endswith("…")


def test_the_digest_key_depends_only_on_the_notices_it_holds():
    a, b = entry(1, 1), entry(2, 2)
    assert digests.digest_key([a, b]) == digests.digest_key([b, a]) != digests.digest_key([a])
    assert len(digests.digest_key([a, b])) <= 64                 # fits the ledger's digest_key column
