"""The primitives: escaping, clipping after escaping (never inside an escape, a markup or a surrogate pair),
text objects and buttons at Slack's limits."""
from __future__ import annotations

import pytest

from slackui import blocks, fit


def test_escape_the_three_control_characters_only():
    assert fit.escape("<!channel> & *bold* > x") == "&lt;!channel&gt; &amp; *bold* &gt; x"
    assert fit.escape(None) == "" and fit.escape("") == ""
    assert fit.escape("&amp;") == "&amp;amp;"          # what a person typed is shown as typed


def test_unescape_undoes_escape():
    text = "a < b && c > d &amp; <@U1>"
    assert fit.unescape(fit.escape(text)) == text


def test_slack_len_counts_utf16_units():
    assert fit.slack_len("abc") == 3
    assert fit.slack_len("😀") == 2 and fit.slack_len("漢字") == 2


def test_clip_keeps_what_fits_and_marks_a_cut():
    assert fit.clip("short", 10) == "short"
    assert fit.clip("x" * 10, 10) == "x" * 10
    assert fit.clip("x" * 11, 10) == "x" * 9 + fit.ELLIPSIS
    assert fit.clip("word     " + "y" * 20, 10) == "word" + fit.ELLIPSIS     # trailing spaces dropped


@pytest.mark.parametrize("limit", range(1, 12))
def test_clip_never_cuts_an_escape(limit):
    clipped = fit.clip(fit.escape("a&b<c>d"), limit)       # "a&amp;b&lt;c&gt;d": 17 units
    assert fit.slack_len(clipped) <= limit
    head = clipped.removesuffix(fit.ELLIPSIS)
    assert all(head[i:].startswith(("&amp;", "&lt;", "&gt;")) for i, ch in enumerate(head) if ch == "&")


@pytest.mark.parametrize("limit", range(1, 8))
def test_clip_never_splits_a_surrogate_pair(limit):
    clipped = fit.clip("😀😀😀😀", limit)
    assert fit.slack_len(clipped) <= limit
    assert clipped.removesuffix(fit.ELLIPSIS) in ("", "😀", "😀😀", "😀😀😀")


def test_clip_never_cuts_a_link_or_mention():
    text = "see <https://example.com/a/very/long/path|the doc> now"
    for limit in range(1, len(text)):
        head = fit.clip(text, limit).removesuffix(fit.ELLIPSIS)
        assert head.count("<") == head.count(">")


def test_fit_escapes_before_counting():
    # 600 ampersands are 3,000 units once escaped: the limit is on what Slack receives
    fitted = fit.fit("&" * 600, 3000)
    assert fitted == "&amp;" * 600
    cut = fit.fit("&" * 601, 3000)
    assert fit.slack_len(cut) <= 3000 and cut.endswith("&amp;" + fit.ELLIPSIS)


def test_quote_escapes_and_cuts_at_a_sentence():
    quoted = fit.quote("First <b>. " + "word " * 100, 40)
    assert quoted.startswith("> First &lt;b&gt;.") and quoted.endswith(fit.ELLIPSIS)
    assert fit.quote("", 10) == ">"


def test_text_objects_are_clipped_and_never_empty():
    assert blocks.plain("x" * 100)["text"] == "x" * 74 + fit.ELLIPSIS
    assert blocks.plain("")["text"] == " "
    assert fit.slack_len(blocks.mrkdwn("&amp;" * 700)["text"]) <= fit.SECTION_TEXT
    assert blocks.section("hi") == {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}
    assert blocks.context("c") == {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}]}


def test_buttons_and_values_keep_their_wire_format():
    assert blocks.button("case_close", "Close", "500X", style="danger") == {
        "type": "button", "action_id": "case_close", "text": {"type": "plain_text", "text": "Close", "emoji": True},
        "value": "500X", "style": "danger"}
    assert "style" not in blocks.button("case_view", "View", "500X")
    assert blocks.numbered("pick_case", 3) == "pick_case:3"
    assert blocks.actions(None, {"type": "button"}) == {"type": "actions", "elements": [{"type": "button"}]}
