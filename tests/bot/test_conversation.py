"""Conversation polish: short replies, closed-case lists, unclear messages right after talking about a case."""
from __future__ import annotations


from slackui import ids
from tests.bot.conftest import all_text, buttons


def test_acknowledgements_and_never_mind_get_short_answers_not_a_greeting(bot, h):
    for text, expected in [("ok", ":+1:"), ("never mind", "leave it there"), ("cancel that", "leave it there"),
                           ("yes", "click its buttons")]:
        [reply] = h.say("amy", text)
        assert expected in all_text(reply) and "I'm Concierge" not in all_text(reply), text
    [hello] = h.say("amy", "good morning")
    assert "I'm Concierge" in all_text(hello)
    assert h.open_cases("amy") == []


def test_closed_cases_are_listed_when_asked_for(bot, h):
    still_open = h.file_case("amy", "Monitor flickers")
    done = h.file_case("amy", "Printer on floor 3 is jammed")
    bot.desk.close_case(h.contact_id("amy"), done.id)
    [reply] = h.say("amy", "show me my closed cases")
    text = all_text(reply)
    assert done.case_number in text and still_open.case_number not in text
    assert buttons(reply)[ids.REOPEN_CASE] == done.id


def test_details_right_after_filing_go_to_that_case(bot, h):
    """"yes it's the one from last year" right after filing the laptop case: more about that case, added to it
    (at once, or after "Add it to case N" when the reading is unclear), never to the other open case."""
    monitor = h.file_case("amy", "Monitor flickers")
    [filed] = h.say("amy", "my laptop screen is cracked")
    laptop = h.case("amy", buttons(filed)[ids.CLOSE_CASE])
    [reply] = h.say("amy", "yes it's the one from last year, the silver one")
    if "Did you mean" in all_text(reply):
        first = next(el for b in reply["blocks"] if b["type"] == "actions" for el in b["elements"])
        assert first["text"]["text"] == f"Add it to case {laptop.case_number}"
        [reply] = h.click("amy", ids.DID_YOU_MEAN, first["value"])
    assert h.comments(laptop.id) == ["yes it's the one from last year, the silver one"]
    assert not h.comments(monitor.id) and laptop.case_number in all_text(reply)


def test_details_do_not_repeat_a_description_equal_to_the_subject(bot, h):
    h.say("amy", "my laptop screen is cracked")
    [reply] = h.say("amy", "any update?")
    assert all_text(reply).casefold().count("my laptop screen is cracked") == 2  # the fallback and the card title
    assert "Description" not in all_text(reply)


def test_which_case_buttons_do_not_repeat_the_listed_lines(bot, h):
    first = h.file_case("amy", "Printer on floor 3 is jammed")
    second = h.file_case("amy", "Monitor flickers")
    [question] = h.say("amy", "please close a case")
    labels = sorted(el["text"]["text"] for b in question["blocks"] if b["type"] == "actions"
                    for el in b["elements"])
    assert labels == sorted([first.case_number, second.case_number])
    assert all_text(question).count("Monitor flickers") == 1


def test_a_case_waiting_for_the_employee_says_so_and_lemmas_are_not_echoed(bot, h, sf_agent):
    h.file_case("amy", "Monitor flickers")
    drive = h.file_case("amy", "Shared drive not accessible")
    sf_agent.Case.update(drive.id, {"Status": bot.settings.org.statuses.waiting_for_user[0]})
    [reply] = h.say("amy", "what's up with the shared drive?")
    text = all_text(reply)
    assert drive.case_number in text and "waiting for your answer" in text
    assert "share drive" not in text  # the lemmatised keywords are not shown back
    assert buttons(reply)[ids.ADD_COMMENT] == drive.id


def test_unclear_but_status_shaped_messages_show_the_case(bot, h):
    battery = h.file_case("amy", "Laptop battery drains fast")
    dashboard = h.file_case("amy", "Access to the analytics dashboard")
    [by_words] = h.say("amy", "my battery case")
    assert buttons(by_words)[ids.VIEW_CASE] == battery.id
    [by_number] = h.say("amy", f"what about {dashboard.case_number.lstrip('0')}?")
    assert buttons(by_number)[ids.VIEW_CASE] == dashboard.id
    [bare] = h.say("amy", "status?")                    # the case just shown is the one asked about
    assert buttons(bare)[ids.VIEW_CASE] == dashboard.id


def test_a_detail_right_after_filing_is_added_to_that_case_at_once(bot, h):
    """Unclear words that state no problem and ask nothing: only adding them to the case just filed would write
    anything, so they are added without a question."""
    [filed] = h.say("amy", "Hey, my docking station isn't detecting my second monitor")
    [case] = h.open_cases("amy")
    assert case.subject == "My docking station isn't detecting my second monitor"  # the greeting is not filed
    [done] = h.say("amy", "It's a Dell WD19")
    assert h.comments(case.id) == ["It's a Dell WD19"]
    assert case.case_number in all_text(done) and not h.open_cases("amy")[1:]


def test_a_question_right_after_filing_is_not_added_as_a_detail(bot, h):
    h.say("amy", "my docking station isn't detecting my second monitor")
    [case] = h.open_cases("amy")
    [reply] = h.say("amy", "is it the Dell one?")
    assert not h.comments(case.id)
    first = next(el for b in reply["blocks"] if b["type"] == "actions" for el in b["elements"])
    assert first["text"]["text"] == f"Add it to case {case.case_number}"      # asked, "yes" would add it


def test_without_a_case_in_focus_unknown_text_still_gets_the_short_help(bot, h):
    [reply] = h.say("amy", "It's a Dell WD19")
    assert "only help with support cases" in all_text(reply)


def test_status_of_my_cases_lists_them_even_with_a_case_in_focus(bot, h):
    other = h.file_case("amy", "Monitor flickers")
    h.say("amy", "I can't print anything from my laptop")
    [reply] = h.say("amy", "what's the status of my cases")
    assert other.case_number in all_text(reply) and "print anything" in all_text(reply)


def test_a_leading_also_is_not_filed_into_the_subject(bot, h):
    h.say("amy", "I need Tableau installed on my laptop, also for the team")
    [question] = h.say("amy", "also I need a headset for calls")
    assert ids.DUPLICATE_FILE_NEW in buttons(question)   # "also" right after a case: about it?
    h.say("amy", "no")
    subjects = sorted(c.subject for c in h.open_cases("amy"))
    assert "I need a headset for calls" in subjects


def test_asking_for_a_person_with_no_open_case_says_how_to_reach_one(bot, h, employee):
    [reply] = h.say("amy", "is it possible to chat with a live technician?")
    assert bot.settings.org.support_contact in reply["text"] and "file one" in reply["text"], reply["text"]
    assert h.open_cases("amy") == []


def test_a_comment_saying_the_case_became_urgent_raises_its_priority_once(bot, h, sf_agent):
    case = h.file_case("amy", "Shared drive is slow to open folders")
    assert h.case("amy", case.id).priority == "3-Standard"
    [calm] = h.say("amy", f"add a comment to {case.case_number}: it takes about a minute per folder")
    assert "priority" not in calm["text"] and h.case("amy", case.id).priority == "3-Standard"
    [urgent] = h.say("amy", f"add a comment to {case.case_number}: now nobody in accounting can open the "
                            "month-end files and the close is due at noon")
    assert "raised its priority to High" in urgent["text"], urgent["text"]
    assert h.case("amy", case.id).priority == "2-High"
    assert any("nobody in accounting" in c for c in h.comments(case.id))      # the comment itself went in


def test_an_urgent_comment_never_changes_a_priority_an_agent_chose(bot, h, sf_agent):
    case = h.file_case("amy", "Label printer offline")
    sf_agent.Case.update(case.id, {"Priority": "4-Low"})
    [reply] = h.say("amy", f"add a comment to {case.case_number}: urgent, the whole warehouse is blocked")
    assert "priority" not in reply["text"]
    assert h.case("amy", case.id).priority == "4-Low"
