"""Oversize text: a DM beyond the Description limit, a comment beyond the CommentBody limit, a long Subject."""
from __future__ import annotations

import re

from tests.acceptance.conftest import all_text, salesforce_snapshot, say

SENTENCE = "My laptop VPN client keeps dropping the connection whenever I join the office wifi network. "


def _text(length: int) -> str:
    words, out = SENTENCE.split(), []
    i = 0
    while sum(len(w) + 1 for w in out) < length:
        out.append(f"{words[i % len(words)]}{i // len(words) if i % 7 == 3 else ''}")
        i += 1
    return " ".join(out)[:length].rstrip()


def test_a_40000_character_dm_is_refused_clearly_and_nothing_is_half_written(bot, h, outbox):
    text = _text(40_000)
    assert len(text) >= 39_990
    before = salesforce_snapshot(bot)
    reply = say(h, "amy", text)
    words = all_text(reply)
    assert "too long" in words and "32,000" in words, words          # what is wrong, and the limit
    assert "file" in words.lower() or "shorten" in words.lower(), words  # and what to do about it
    assert h.open_cases("amy") == [] and salesforce_snapshot(bot) == before
    assert outbox.entries() == []                                    # not queued either: refused, not lost
    assert len(reply.get("text") or "") < 4_000                      # the refusal does not echo 40k back


def test_a_9000_character_comment_is_filed_whole_in_numbered_parts(bot, h):
    case = h.file_case("amy", "Printer on floor 3 jams")
    body = _text(9_000)
    reply = say(h, "amy", f"add a comment to {case.case_number}: {body}")
    assert f"Added your comment to case {case.case_number}" in all_text(reply)
    parts = h.comments(case.id)
    assert len(parts) == 3 and all(len(p) <= 4_000 for p in parts)
    assert [p[:6] for p in parts] == ["(1/3) ", "(2/3) ", "(3/3) "]
    assert " ".join(re.sub(r"^\(\d/3\) ", "", p) for p in parts) == body   # every character, in order


def test_subject_is_cut_near_80_on_a_word_boundary_and_the_description_keeps_everything(bot, h):
    text = _text(700)
    reply = say(h, "amy", text)
    [case] = h.open_cases("amy")
    assert case.case_number in all_text(reply)
    head = case.subject
    assert 40 <= len(head) <= 120
    at = text.find(head)
    assert at >= 0 and text[at + len(head)] in " ."                   # a whole word, never half of one
    assert h.case("amy", case.id).description == text


def test_a_comment_beyond_ten_parts_is_refused_clearly_and_nothing_is_written(bot, h):
    case = h.file_case("amy", "Printer on floor 3 jams")
    body = _text(39_970)                                             # with the command: a 40,000-char DM
    reply = say(h, "amy", f"add a comment to {case.case_number}: {body}")
    words = all_text(reply)
    assert "too long" in words and "nothing was saved" in words, words
    assert h.comments(case.id) == []
