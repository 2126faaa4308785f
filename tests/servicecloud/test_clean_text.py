"""What Concierge writes into a Subject or Description: no bidi overrides or control characters, the rest verbatim
(servicecloud/soql.py clean_text, applied by filing and by the Subject and Description updates)."""
from __future__ import annotations

import pytest

from servicecloud.soql import clean_text

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
C1 = "".join(chr(c) for c in range(0x7f, 0xa0))


@pytest.mark.parametrize("bad", list(BIDI + C0 + C1))
def test_each_unsafe_character_is_removed(bad):
    assert clean_text(f"invoice{bad}.pdf") == "invoice.pdf"


def test_the_rest_stays_verbatim():
    text = "Straße — naïve 日本語 🙂 ‏ (RLM kept) \t tab\nline two  double  spaces <b>&amp;"
    assert clean_text(text) == text


def test_carriage_returns_become_newlines():
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"
