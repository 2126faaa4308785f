"""Tickets a help-desk agent would write (subject, priority and why) and replies that read the person."""
from __future__ import annotations

from slackui import ids
from tests.bot.conftest import all_text, buttons

RAMBLE = ("Morning! Hope the weekend was good 🙂 Since Friday's patch my PC needs a quarter of an hour to "
          "start… Thanks so much, Maria")


def test_subject_is_the_problem_and_the_description_keeps_every_word(bot, h):
    [filed] = h.say("amy", RAMBLE)
    [case] = h.open_cases("amy")
    assert case.subject == "Since Friday's patch my PC needs a quarter of an hour to start"
    assert h.case("amy", case.id).description == RAMBLE
    assert case.priority == "3-Standard"
    text = all_text(filed)
    assert case.subject in text and "What happens next" in text and "message you here" in text
    assert ids.EDIT_SUBJECT in buttons(filed)


def test_edit_subject_button_opens_a_prefilled_modal_and_saves_the_new_subject(bot, h):
    [filed] = h.say("amy", RAMBLE)
    [case] = h.open_cases("amy")
    assert bot.slack.click("amy", ids.EDIT_SUBJECT, message=filed).status == 200
    [view] = bot.slack.wait_for(lambda: bot.slack.views("amy"))
    assert view["callback_id"] == ids.VIEW_EDIT_SUBJECT and view["private_metadata"] == case.id
    field = next(b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_SUBJECT)
    assert field["element"]["initial_value"] == case.subject
    empty = bot.slack.submit_view("amy", view["id"], {ids.INPUT_SUBJECT: "  "})
    assert empty.json()["response_action"] == "errors"
    before = len(bot.slack.bot_messages("amy"))
    bot.slack.submit_view("amy", view["id"], {ids.INPUT_SUBJECT: "PC takes 15 minutes to start since Friday's patch"})
    [saved] = bot.slack.wait_for_bot_messages("amy", before + 1)[before:]
    assert h.case("amy", case.id).subject == "PC takes 15 minutes to start since Friday's patch"
    assert "Updated the subject" in all_text(saved)


def test_urgent_report_gets_the_orgs_urgent_priority_and_says_why(bot, h):
    [filed] = h.say("amy", "Hi, the whole finance team can't open SAP and payroll closes today")
    [case] = h.open_cases("amy")
    assert case.priority == "2-High"
    assert "High: you said the whole finance team is affected" in all_text(filed)


def test_frustrated_message_is_acknowledged_before_the_card(bot, h):
    [filed] = h.say("amy", "Outlook crashes every time I open an attachment. This is ridiculous, third time this week!")
    headline = filed["blocks"][0]["text"]["text"]
    assert headline.startswith("I'm sorry") and "I filed case" in headline
    [calm] = h.say("bob", "Outlook crashes when I open attachments")
    assert "sorry" not in all_text(calm)


def test_priority_from_urgency_follows_the_org_mapping_and_can_be_switched_off():
    from bot.ticket import ticket_for
    from servicecloud.config import OrgConfig, UrgencyConfig

    text = "ASAP: nobody in the office can print"
    assert ticket_for(text, OrgConfig()).priority == "2-High"
    custom = ticket_for(text, OrgConfig(urgency=UrgencyConfig(priority="P1 - Urgent")))
    assert custom.priority == "P1 - Urgent" and custom.why == "Urgent: you said it's urgent"
    off = ticket_for(text, OrgConfig(urgency=UrgencyConfig(enabled=False)))
    assert off.priority is None and off.why is None


def test_a_problem_ending_with_a_courtesy_is_filed_not_welcomed(bot, h):
    [filed] = h.say("amy", "The scanner on the 2nd floor jams on every page, could you check? Kind regards, Tom")
    [case] = h.open_cases("amy")
    assert "welcome" not in all_text(filed).casefold() and case.case_number in all_text(filed)
    assert "regards" not in case.subject.casefold() and "scanner" in case.subject.casefold()


def test_thanks_that_fixed_it_right_after_a_case_offers_to_close_that_case(bot, h):
    [filed] = h.say("amy", "My second monitor stays black after docking")
    [case] = h.open_cases("amy")
    [offer] = h.say("amy", "thanks, that fixed it")   # one message: "Glad it's working again! Close case N?"
    assert "Glad" in all_text(offer)
    assert case.case_number in all_text(offer) and "Close it" in all_text(offer)
    assert "Did you mean" not in all_text(offer)
    [done] = h.say("amy", "yes")
    assert h.case("amy", case.id).is_closed and "closed" in all_text(done)


def test_a_model_number_in_a_comment_is_not_a_case_number_when_the_case_was_named_by_words(bot, h):
    headset = h.file_case("amy", "Headset microphone crackles in calls")
    h.file_case("amy", "Printer on floor 3 is jammed")
    [reply] = h.say("amy", "add to my headset case: it's a Jabra Evolve2 8500")
    assert h.comments(headset.id) == ["it's a Jabra Evolve2 8500"]
    assert "couldn't find" not in all_text(reply)


def test_duplicate_question_only_when_likely(bot, h):
    battery = h.file_case("amy", "Laptop battery drains fast")
    [visio] = h.say("amy", "I need a Visio licence on my laptop")
    assert "Is this about" not in all_text(visio) and len(h.open_cases("amy")) == 2
    [again] = h.say("amy", "my laptop battery is empty after an hour")
    assert f"Is this about case {battery.case_number}" in all_text(again)


def test_naming_the_case_adds_the_message_without_a_question(bot, h):
    printer = h.file_case("amy", "Printer on floor 3 prints blank pages")
    [added] = h.say("amy", "About my printer ticket - the floor 3 printer now also jams on every page")
    assert "Is this about" not in all_text(added) and printer.case_number in all_text(added)
    assert len(h.comments(printer.id)) == 1 and len(h.open_cases("amy")) == 1


def test_vague_complaint_with_nothing_to_refer_to_asks_what_is_not_working(bot, h):
    [reply] = h.say("amy", "it's not working")
    assert "What isn't working?" in all_text(reply) and "Reopen" not in all_text(reply)


def test_out_of_scope_questions_get_the_orgs_pointer(bot, h):
    [pension] = h.say("amy", "how do I change my pension contribution?")
    assert "HR portal" in all_text(pension)
    [other] = h.say("amy", "what's the best pizza place near the office?")
    assert "facilities" in all_text(other) or "intranet" in all_text(other) or "support cases" in all_text(other)


def test_waiting_card_quotes_the_agents_question_and_what_did_they_ask_answers_with_it(bot, h, sf_agent):
    from slack_sdk import WebClient

    from notifications import Poller
    from tests.notifications.world import talk_ignored
    h.say("amy", "The projector in room 4 shows no picture")
    [case] = h.open_cases("amy")
    poller = Poller(store=bot.store, desk=bot.desk, client=WebClient(token=bot.settings.slack_bot_token,
                                                                      base_url=bot.slack.api_url),
                    overlap_seconds=5, per_conversation_interval=0, org=talk_ignored(bot.desk.org))
    poller.run_once()
    question = "Which HDMI cable do you use? <b>Is it</b> the one from the wall & does the laptop see it?"
    sf_agent.CaseComment.create({"ParentId": case.id, "CommentBody": question, "IsPublished": True})
    sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})
    poller.run_once()
    cards = [m for m in bot.slack.bot_messages("amy")
             if (m.get("metadata") or {}).get("event_type") == "concierge_notification"]
    waiting = next(c for c in cards if "waiting for you" in all_text(c))
    assert "&lt;b&gt;Is it&lt;/b&gt;" in all_text(waiting) and "&amp; does the laptop" in all_text(waiting)
    [answer] = h.say("amy", "what did they ask me?")
    assert "Which HDMI cable" in all_text(answer) and case.case_number in all_text(answer)
    assert buttons(answer)[ids.ADD_COMMENT] == case.id
    [again] = h.say("amy", "what does the agent need from me?")
    assert "Which HDMI cable" in all_text(again)


def test_a_long_question_is_cut_at_a_sentence_and_escaped_on_the_waiting_card():
    from notifications import cards, rules
    long = "Can you send a photo of the cable? " + "The <port> on the left side & the dock. " * 60
    _, blocks = cards.render(rules.WAITING, {"case_id": "500x", "case_number": "00001001", "subject": "Projector",
                                             "question": long, "asked_by": "Sam Rivera"})
    text = blocks[0]["text"]["text"]
    assert "Sam Rivera* asked" in text or "Sam Rivera asked" in text
    assert "> Can you send a photo of the cable?" in text and "<port>" not in text and "&lt;port&gt;" in text
    assert text.count("&lt;port&gt;") < 20 and "…" in text


def test_a_follow_up_raises_only_a_case_still_at_the_default_priority():
    from bot.ticket import at_default_priority, urgent_priority
    from servicecloud import OrgConfig
    from servicecloud.config import UrgencyConfig
    urgent, calm = "ASAP: now the whole floor is offline", "it also happens on the guest wifi"
    org = OrgConfig()
    raised = urgent_priority(urgent, org)
    assert raised is not None and raised.priority == "2-High" and raised.why and raised.why.startswith("High:")
    assert at_default_priority("3-Standard", org)
    assert at_default_priority(None, org)                                    # no priority yet: the default
    assert urgent_priority(calm, org) is None
    assert not at_default_priority("2-High", org)                            # already urgent
    assert not at_default_priority("1-Critical", org)                        # an agent's choice
    assert urgent_priority(urgent, OrgConfig(urgency=UrgencyConfig(enabled=False))) is None


def test_what_the_agent_needs_is_read_from_salesforce_when_no_notice_was_passed_on(bot, h, sf_agent):
    """A person who never got the notice (notices off, a new Slack account, no poller): the agent's latest public
    reply on the case meant comes from Salesforce in one call, by the case's words when several are open."""
    printer = h.file_case("amy", "Printer on floor 3 prints blank pages")
    h.file_case("amy", "Laptop battery drains fast")
    sf_agent.CaseComment.create({"ParentId": printer.id, "CommentBody": "Which tray do you print from?",
                                 "IsPublished": True})
    sf_agent.CaseComment.create({"ParentId": printer.id, "CommentBody": "internal: check the fuser",
                                 "IsPublished": False})
    calls = bot.desk.api_calls
    [answer] = h.say("amy", "what does the agent need from me on the printer case?")
    assert "Which tray do you print from?" in all_text(answer) and printer.case_number in all_text(answer)
    assert "fuser" not in all_text(answer)
    assert bot.desk.api_calls - calls <= 2      # the reply, and at most the directory's look-up
    [laptop] = h.say("amy", "what did support ask about my laptop ticket?")
    assert "Which tray" not in all_text(laptop)
def test_bidi_overrides_and_control_characters_never_reach_the_case(bot, h):
    """A file name written with a right-to-left override shows reversed ("gpj.exe" as "exe.jpg"): the Subject and
    Description are written without it, and without control characters; every other character stays."""
    h.say("amy", "My laptop won't connect to the VPN since this morning, "
                 "the file \u202egpj.exe\u202c fails too\x1b[31m\x07 \u2067ok\u2069")
    [case] = h.open_cases("amy")
    case = h.case("amy", case.id)
    for text in (case.subject, case.description):
        assert not any(ch in text for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x1b\x07")
    assert "the file gpj.exe fails too[31m ok" in case.description


def test_a_search_that_finds_nothing_quotes_the_persons_words_not_stems(bot, h):
    h.file_case("amy", "Laptop battery drains fast")
    [reply] = h.say("amy", "any news on my printers jamming ticket?")
    text = all_text(reply)
    assert "printers jamming" in text and "printer jam" not in text
