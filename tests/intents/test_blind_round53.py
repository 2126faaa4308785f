"""Classes found failing in blind sets 175-178 (first run 108/120 on 12d7086), asserted with other wordings: a leak
detection system gone offline is a safety matter; nothing of a kind able to go out is work stopped (not one person's
mail); where the person is, with the "I'm" left out, leaves the Subject to the fault; "I am writing on behalf of <whom>
to request" leaves the Subject to what is requested; "now it work" says the problem is gone."""
from __future__ import annotations

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
