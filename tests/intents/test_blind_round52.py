"""Classes found failing in blind sets 171-174 (first run 109/120 on c13c756), asserted with other wordings: a team named
"emergency planning" asks no urgency; a problem "with" a program, then a delivery tomorrow, is a deadline; a password
asked for by a caller who said where he was from and given as "it" is a security incident; "Bit of a worrying one:"
leaves the Subject; "wont" says a fault and "getting '...'" is what the machine says; a program closing or a layout
changing "alone" is a fault; "everything was fine, then yesterday the scanner ..." and "only reading one label in five"
leave the Subject to the fault; credentials typed into a page are no narrative lead-in; "restarted it and the drive is
back" says it is fixed."""
from __future__ import annotations

from intents.subject import summarize
from intents.tone import says_fixed
from tests.intents.conftest import urgency_kind as _kind



def test_a_team_called_emergency_planning_is_no_urgency():
    assert _kind("New starter joining the emergency planning team next month, she will need a laptop and an email "
                 "account") is None
    assert _kind("emergency, the server room is flooding") == "explicit"


def test_a_problem_with_a_program_then_a_delivery_tomorrow_is_a_deadline():
    assert _kind("Hello, I have a problem with Aegisub. The fonts render as boxes in the preview. Delivery to the "
                 "client is tomorrow 10:00.") == "deadline"


def test_a_password_given_as_it_to_a_caller_is_a_security_incident():
    assert _kind("A man phoned reception saying he was from the booking system supplier and asked for the manager "
                 "login. The new receptionist read it out to him. Is that a problem?") == "security"


def test_a_worrying_one_announced_leaves_the_subject():
    subject = summarize("Bit of a worrying one: the door entry panel at the refuge stopped logging who comes in last "
                        "night.")
    assert subject.startswith("The door entry panel at the refuge stopped logging")


def test_wont_is_a_fault_and_getting_a_message_is_its_detail():
    subject = summarize("Tracker wont load the job sheets on any of the workshop PCs. getting 'Connection to database "
                        "lost'. two cars due out at 8")
    assert subject.startswith("Tracker wont load the job sheets")


def test_a_program_closing_alone_is_a_fault():
    subject = summarize("Hello, I have problem with the laptop. The booking app is closing alone when I press print, "
                        "I lose the booking. Thank you")
    assert "booking app is closing alone" in subject


def test_fine_before_then_the_fault_leaves_the_subject_to_the_fault():
    subject = summarize("Long one sorry. When we did the stock take on Friday everything was fine, then this morning "
                        "the label printer in the cold store (the little Brother one by the door) started only printing "
                        "half of each label. We've changed the roll already.")
    assert subject.startswith("The label printer in the cold store started only printing half")


def test_credentials_typed_into_a_page_are_no_lead_in():
    subject = summarize("I got a text that looked like it was from the bank. I tapped the link and entered my login "
                        "into the page, and now it wants my card number which seems wrong. What now?")
    assert "login" in subject


def test_a_thing_back_after_a_restart_is_fixed():
    assert says_fixed("oh wait, rebooted it and the shared calendar is back, sorry")
    assert not says_fixed("rebooted it and the shared calendar is back to showing nothing")
