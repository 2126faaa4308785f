"""Classes found failing in blind sets 167-170 (first run 115/120 on f1c5447), asserted with other wordings: a manager's
say-so ("my manager Piotr say ok") leaves the Subject; a story announced ("bit of a saga from the workshop:"), the work
under way ("we're halfway through ...") and someone named coming in leave the Subject to the fault after ", and the ...";
"show" opening a fault is a noun ("show relay ... is dead"); people's data sent to a different customer is a security
incident."""
from __future__ import annotations

from intents.subject import summarize
from tests.intents.conftest import urgency_kind as _kind



def test_a_managers_say_so_leaves_the_subject():
    subject = summarize("hi, i need access to the folder 'Yard Stock 2025', my manager Piotr say ok. thanks")
    assert "Piotr" not in subject and "Yard Stock 2025" in subject


def test_an_announced_story_leaves_the_subject_to_the_fault():
    subject = summarize("Morning! So, bit of a saga from the workshop: we're halfway through the autumn rebuilds and "
                        "Sam came in early to cut the new hammer felts, and the laptop that runs the felt cutter won't "
                        "see it anymore - it says 'Device not ready'. We've swapped the cable already. Cheers, Lou")
    assert subject.startswith("The laptop that runs the felt cutter won't see it anymore")


def test_show_opening_a_fault_is_a_noun():
    subject = summarize("show relay to the crew room is dead - no picture or sound on any of the backstage screens or "
                        "monitors. doors at 19:00")
    assert subject.startswith("Show relay to the crew room is dead")


def test_data_sent_to_a_different_customer_is_a_security_incident():
    assert _kind("I just sent one client's payroll file to a different client, the address book picked the wrong "
                 "Sarah") == "security"
    assert _kind("I sent the quote to another customer this morning as you asked") is None
