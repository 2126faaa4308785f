"""A field the integration user can't see (field-level security) reaches the employee and the log as the
missing permission in plain words, not as a generic failure."""
from __future__ import annotations

import logging

from tests.bot.conftest import all_text


def test_a_hidden_field_is_named_to_the_employee_and_in_the_log(bot, h, caplog):
    h.say("amy", "show my cases")                          # the employee is known first
    bot.sf.set_options(hidden_fields=("Case.Type",))
    with caplog.at_level(logging.WARNING, logger="concierge.bot"):
        [reply] = h.say("amy", "show my cases")
    text = all_text(reply)
    assert "missing a permission" in text and "read access to the field Case.Type" in text
    assert "Sorry, something went wrong" not in text
    assert any("read access to the field Case.Type" in r.getMessage() for r in caplog.records)
