"""`concierge eval conversations FILE` runs conversations through the real bot and counts what passes."""
from __future__ import annotations

from sandbox import conversations

FILE = """
- name: filed with a clean subject
  steps:
    - say: "Hi team! The VPN drops every hour when I work from home. Cheers, Ana"
      filed: true
      subject_not: [cheers, ana]
      priority: 3-Standard
- name: an expectation the bot does not meet
  steps:
    - say: "The VPN drops every hour"
      filed: false
      reply_has: ["a sentence the bot never says"]
"""


def test_eval_prints_each_conversation_and_the_pass_count(tmp_path, capsys):
    path = tmp_path / "c.yml"
    path.write_text(FILE, encoding="utf-8")
    assert conversations.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "PASS filed with a clean subject" in out
    assert "FAIL an expectation the bot does not meet" in out and "a case was filed" in out
    assert "reply lacks 'a sentence the bot never says'" in out
    assert out.strip().endswith("passed=1/2 conversations")


CLOSED_FILE = """
- name: a closed case reopened, checked by what happened to the record
  cases:
    - {subject: "Docking station flickers", status: closed}
  steps:
    - say: "the docking station flickers again, please reopen my docking station ticket"
      filed: false
      reopened: false
    - press: "Reopen it"
      filed: false
      reopened: true
- name: a wrong expectation about the record
  steps:
    - say: "please give me access to the finance share"
      filed: true
      type: Incident
      closed: true
- name: pressing a button that is not there
  steps:
    - press: "A button the bot never shows"
      filed: false
"""


def test_eval_checks_closed_cases_types_and_presses(tmp_path, capsys):
    path = tmp_path / "c.yml"
    path.write_text(CLOSED_FILE, encoding="utf-8")
    assert conversations.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "PASS a closed case reopened" in out, out
    assert "type 'Service Request', expected 'Incident'" in out
    assert "no case was closed" in out
    assert "no button 'A button the bot never shows' to press" in out
    assert out.strip().endswith("passed=1/3 conversations")
