"""Classes found failing in blind sets 175-178 (first run 108/120 on 12d7086), asserted with other wordings: a leak
detection system gone offline is a safety matter; nothing of a kind able to go out is work stopped (not one person's
mail); where the person is, with the "I'm" left out, leaves the Subject to the fault; "I am writing on behalf of <whom>
to request" leaves the Subject to what is requested; "now it work" says the problem is gone. Then blind sets 179-182 (first run 114/120 on 4649575): a number said to be a
staff number or an ID is no case; the whole of a block or halls is wide impact; credentials entered after clicking a
message's link, then seen to come from a personal address, are a security incident; nobody able to log into a system
by its name keeps that name in the Subject; "arrange for <whom> to be given <what>" puts what first; a story told in
steps ("..., all fine, then when ...") leaves the Subject to the fault."""
from __future__ import annotations

from intents.entities import find_case_refs
from intents.subject import summarize
from intents.tone import says_fixed
from tests.intents.conftest import urgency_kind as _kind


def test_a_leak_detection_system_offline_is_a_safety_matter():
    assert _kind("the chlorine leak detection sensors by the pool plant are all reading fault on the BMS screen") == "safety"
    assert _kind("refrigerant leak alarm panel in the cold store is showing offline since this morning") == "safety"


def test_nothing_of_a_kind_able_to_go_out_is_work_stopped():
    assert _kind("The label printer in dispatch is jammed and no parcels can leave the warehouse until it prints") \
        == "wide_impact"
    assert _kind("no emails can be sent from my laptop since the update") is None


def test_where_the_person_is_said_without_im_leaves_the_subject_to_the_fault():
    subject = summarize("morning, at the Leeds roadshow stand and the card reader won't pair with the till app, "
                        "customers queueing")
    assert subject.lower().startswith("the card reader") and "roadshow" not in subject


def test_writing_on_behalf_of_someone_leaves_the_subject_to_the_request():
    subject = summarize("Dear Service Desk, I am writing on behalf of our Finance Director to request access to the "
                        "Budget Planning workbook in SharePoint for the new analyst. Regards, Ann")
    assert subject.startswith("Access to the Budget Planning workbook") and "behalf" not in subject


def test_now_it_work_says_the_problem_is_gone():
    assert says_fixed("sorry, it was my fault, the cable was out. now it work")
    assert not says_fixed("now it works but only when I restart it twice")


# Classes found failing in blind sets 179-182 (first run 114/120 on 4649575), in other wordings.

def test_a_number_said_to_be_a_staff_number_or_an_id_is_no_case():
    for text in ("PS his payroll number is 88213, he's in the night team", "her badge ID: 55120 if you need it"):
        refs = find_case_refs(text)
        assert refs.bare_number is None and refs.explicit_number is None, text
    assert find_case_refs("any news on 1234?").bare_number == "00001234"


def test_the_whole_of_a_block_or_halls_is_wide_impact():
    assert _kind("the heating controls for the whole of halls C are offline, its freezing") == "wide_impact"


def test_credentials_entered_after_clicking_a_link_then_a_personal_sender_is_security():
    assert _kind("got a text saying my parcel was held so I tapped it and put in my Microsoft username and password, "
                 "now I see it came from a hotmail address") == "security"


def test_nobody_able_to_log_into_a_named_system_keeps_its_name():
    subject = summarize("Nobody at the depot can log into Fleetwise since 6am, error 'Token expired' on every handheld. "
                        "Eight drivers are waiting.")
    assert "Fleetwise" in subject


def test_arrange_for_someone_to_be_given_something_puts_what_first():
    subject = summarize("I would be grateful if you could arrange for our new locum, Dr Imran Shah, to be given a "
                        "login for EMIS and a smartcard before Monday.")
    assert subject.startswith("A login for EMIS") and "Shah" in subject


def test_a_story_told_in_steps_leaves_the_subject_to_the_fault():
    subject = summarize("Opened up at 7, van arrives, we scan the crates in, all good, then when I hit submit the "
                        "goods-in tablet just restarts itself. Third time today.")
    assert "tablet" in subject and "van arrives" not in subject
