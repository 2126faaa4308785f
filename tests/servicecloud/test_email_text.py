"""The new text of an email reply (servicecloud/email_text.py): quoted history, signatures and thread ids go."""
from __future__ import annotations

import pytest

from servicecloud.email_text import fresh_text, html_to_text


@pytest.mark.parametrize("body, expected", [
    ("Please restart.\n\nOn Mon, Nov 23, 2026 at 9:02 AM Alice <a@x.com> wrote:\n> it drops\n", "Please restart."),
    ("Please restart.\n\nOn Mon, Nov 23, 2026 at 9:02 AM Alice Johnson <alice@example.com>\nwrote:\n> it drops",
     "Please restart."),
    ("Try this.\n\n-----Original Message-----\nFrom: Alice\nSent: Monday\n\nIt drops", "Try this."),
    ("Try this.\n\n________________________________\nFrom: Alice\nSent: Monday", "Try this."),
    ("Try this.\nFrom: Alice Johnson <alice@example.com>\nSent: Monday, 9:02\nTo: IT", "Try this."),
    ("Fixed on our side.\n> earlier text\n> more", "Fixed on our side."),
    ("Fixed.\n\nThanks,\nSam\n-- \nSam Rivera | IT Service Desk", "Fixed.\n\nThanks,\nSam"),
    ("Fixed.\n\nSent from my iPhone", "Fixed."),
    ("Fixed.   ref:_00D5g1234._5005g0ABCD:ref\n", "Fixed."),
    ("Line one\n\n\n\n\nLine two", "Line one\n\nLine two"),
    ("One on one with the team went well.", "One on one with the team went well."),
])
def test_fresh_text_keeps_only_what_was_written_this_time(body, expected):
    assert fresh_text(body) == expected


def test_the_html_body_is_used_when_there_is_no_text_body():
    html = ("<p>Please restart &amp; retry.</p><div>Thanks<br>Sam</div>"
            "<div class=\"gmail_quote\">On Mon Alice wrote:<blockquote>it drops</blockquote></div>")
    assert fresh_text("", html) == "Please restart & retry.\nThanks\nSam"
    assert "it drops" not in html_to_text("<p>x</p><blockquote>it drops</blockquote>")


def test_nothing_in_gives_nothing_out():
    assert fresh_text(None) == "" and fresh_text("", None) == ""
