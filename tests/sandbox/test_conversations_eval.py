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
