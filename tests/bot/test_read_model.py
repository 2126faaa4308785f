"""The read model of employees' cases (bot/readmodel.py), through the running bot against the emulator: each
action costs one Salesforce call (the App Home and the duplicate check read the read model), and an agent's
change, or a case filed elsewhere, reaches the read model and the Home tab in one poll cycle."""
from __future__ import annotations

import re

from slack_sdk import WebClient

from notifications import Poller
from tests.bot.conftest import all_text


def _homes(bot, user: str) -> int:
    uid = bot.slack.user(user).id
    return len([c for c in bot.slack.calls_to("views.publish") if c.args.get("user_id") == uid])


def _cost(bot, h, desk_calls, user: str, text: str, files: list | None = None) -> tuple[int, str]:
    """(Salesforce calls, the reply) for one message, its App Home publish included."""
    before, homes = desk_calls(), _homes(bot, user)
    [reply] = h.say(user, text, files=files)
    bot.slack.wait_for(lambda: _homes(bot, user) > homes)
    return desk_calls() - before, reply.get("text", "")


def test_every_action_costs_one_call_and_a_first_message_two(bot, h, desk_calls):
    calls, said = _cost(bot, h, desk_calls, "amy", "show my cases")
    assert calls == 2, said                                      # the contact with its cases, then the list
    calls, said = _cost(bot, h, desk_calls, "amy", "The projector in meeting room 4 shows no picture")
    number = re.search(r"\d{8}", said).group(0)
    assert calls == 1, said                                      # no duplicate search, no Home query
    for text in (f"status of {number}", "show my cases", f"add a comment to {number}: the cable is fine",
                 f"close {number}", f"reopen {number}"):
        calls, said = _cost(bot, h, desk_calls, "amy", text)
        assert calls == 1, (text, said)
    calls, said = _cost(bot, h, desk_calls, "amy", f"attach to {number}", files=[("a.txt", b"x", "text/plain")])
    assert calls == 1, said
    assert number in all_text(bot.slack.home("amy"))


def test_a_second_problem_like_an_open_case_is_asked_about_without_a_call(bot, h, desk_calls):
    h.say("amy", "My VPN keeps disconnecting every few minutes")
    before = desk_calls()
    [reply] = h.say("amy", "the VPN disconnects again every few minutes")
    assert "Is this about case" in reply["text"]
    assert desk_calls() == before


def test_an_agents_change_and_a_case_filed_elsewhere_reach_the_home_tab_in_one_poll(bot, h, sf_agent):
    h.say("amy", "The projector in meeting room 4 shows no picture")
    [case] = h.open_cases("amy")
    client = WebClient(token=bot.settings.slack_bot_token, base_url=bot.slack.api_url)
    poller = Poller(store=bot.store, desk=bot.desk, client=client, overlap_seconds=5, per_conversation_interval=0,
                    read_model=bot.runtime.read_model,     # as the composition root wires it (runtime/root.py)
                    publish_home=lambda user: bot.runtime.listeners.publish_home(client, user))
    poller.run_once()
    sf_agent.Case.update(case.id, {"Status": "Waiting for user response"})
    elsewhere = sf_agent.Case.create({"ContactId": h.contact_id("amy"), "Subject": "Badge does not open door 3",
                                      "Status": "New", "Origin": "Phone"})["id"]
    homes = _homes(bot, "amy")
    poller.run_once()                                             # one cycle
    contact = h.contact_id("amy")
    assert bot.runtime.read_model.case(contact, case.id).status == "Waiting for user response"
    assert bot.runtime.read_model.case(contact, elsewhere) is not None
    assert _homes(bot, "amy") > homes
    home = all_text(bot.slack.home("amy"))
    assert "Waiting for user response" in home or "Waiting for you" in home
    assert "Badge does not open door 3" in home


def test_a_stale_read_model_says_so_on_the_home_tab_and_opening_it_refreshes_with_one_call(store, desk, employee,
                                                                                         desk_calls):
    from datetime import UTC, datetime, timedelta

    from bot import lists
    from bot.readmodel import ReadModel
    now = {"t": datetime.now(UTC)}
    model = ReadModel(store=store, desk=desk, org=desk.org, max_age=timedelta(seconds=60), clock=lambda: now["t"])
    desk.file_case(employee.id, "Docking station not detected")
    before = desk_calls()
    snap = model.snapshot(employee.id)                          # first read: seeded with one call
    assert desk_calls() - before == 1 and not snap.stale
    assert [c.subject for c in snap.open] == ["Docking station not detected"]
    assert "As of" not in all_text(lists.home_view(snap.open, snap.closed))
    now["t"] += timedelta(seconds=61)                            # no feed, no seed since: stale
    before = desk_calls()
    snap = model.snapshot(employee.id)
    assert snap.stale and desk_calls() == before
    assert "As of" in all_text(lists.home_view(snap.open, snap.closed, as_of=snap.as_of))
    snap = model.snapshot(employee.id, refresh_if_stale=True)   # the Home tab opened: one call
    assert not snap.stale and desk_calls() - before == 1


def test_status_by_keyword_costs_one_call_when_the_read_model_holds_the_persons_recent_cases(bot, h, desk_calls,
                                                                                              sf_agent):
    h.say("amy", "show my cases")                                # first contact: the read model is seeded
    [filed] = h.say("amy", "The printer on floor 3 is jammed")
    number = re.search(r"\d{8}", filed["text"]).group(0)
    calls, said = _cost(bot, h, desk_calls, "amy", "any news on my printer case?")
    assert calls == 1 and number in said, said                   # matched in the read model, the card read again
    calls, said = _cost(bot, h, desk_calls, "amy", "any news on my badge case?")
    assert calls == 1 and "couldn't find" in said, said         # no recent case matches: the search index only
    # a case the read model does not hold (closed long ago; here one filed by phone since) is still found there
    sf_agent.Case.create({"ContactId": h.contact_id("amy"), "Subject": "Badge does not open door 3",
                          "Status": "New", "Origin": "Phone"})
    calls, said = _cost(bot, h, desk_calls, "amy", "any news on my badge case?")
    assert calls == 1 and "Badge does not open door 3" in all_text(bot.slack.bot_messages("amy")[-1]), said


def _agent_case(sf_agent, contact: str, subject: str) -> str:
    return sf_agent.Case.create({"ContactId": contact, "Subject": subject, "Status": "New", "Origin": "Phone"})["id"]


def test_show_my_cases_forgets_cases_deleted_or_given_to_another_contact_at_no_extra_call(bot, h, desk_calls,
                                                                                         sf_agent, employee,
                                                                                         other_employee):
    amy, model = employee.id, bot.runtime.read_model
    deleted = _agent_case(sf_agent, amy, "Monitor flickers on the left")
    moved = _agent_case(sf_agent, amy, "Headset crackles in calls")
    kept = _agent_case(sf_agent, amy, "Docking station not detected")
    h.say("amy", "show my cases")                                 # first contact: seeded with all three
    assert all(model.case(amy, c) is not None for c in (deleted, moved, kept))
    sf_agent.Case.delete(deleted)                                 # the change feed never returns a deleted case
    sf_agent.Case.update(moved, {"ContactId": other_employee.id})
    calls, said = _cost(bot, h, desk_calls, "amy", "show my cases")
    assert calls == 1 and "1 open case" in said, said             # the same one call as before
    assert model.case(amy, deleted) is None and model.case(amy, moved) is None
    assert model.case(amy, kept) is not None
    # the Home published after the message shows what the read model now holds (an earlier publish may land late)
    home = bot.slack.wait_for(lambda: (text := all_text(bot.slack.home("amy"))) and "Open* (1)" in text and text)
    assert "Docking station" in home and "Monitor flickers" not in home and "Headset crackles" not in home


def test_a_case_asked_for_and_not_found_leaves_the_read_model(bot, h, desk_calls, sf_agent, employee,
                                                              other_employee):
    amy, model = employee.id, bot.runtime.read_model
    deleted = _agent_case(sf_agent, amy, "Monitor flickers on the left")
    moved = _agent_case(sf_agent, amy, "Headset crackles in calls")
    h.say("amy", "show my cases")
    numbers = {c: model.case(amy, c).case_number for c in (deleted, moved)}
    sf_agent.Case.delete(deleted)
    sf_agent.Case.update(moved, {"ContactId": other_employee.id})
    for case_id, number in numbers.items():
        before = desk_calls()
        [reply] = h.say("amy", f"status of case {number}")
        assert desk_calls() - before == 1 and number in reply["text"], reply["text"]
        assert model.case(amy, case_id) is None
    assert model.snapshot(amy).open == []


def test_a_list_cut_at_its_limit_forgets_only_what_it_covers(store, desk, employee, sf, sf_agent):
    from bot.readback import ReadBackDesk
    from bot.readmodel import ReadModel
    model = ReadModel(store=store, desk=desk, org=desk.org)
    wrapped = ReadBackDesk(desk, model)
    cases = []
    for text in ("Printer jams on floor 3", "Scanner is offline", "Badge does not open door 3", "Wifi drops"):
        cases.append(wrapped.file_case(employee.id, text))
        sf.advance_clock(60)                                      # CreatedDate counts whole seconds
    model.refresh(employee.id)
    dates = [model.case(employee.id, c.id).created_date for c in cases]
    assert dates == sorted(dates) and len(set(dates)) == 4       # filed one after the other, oldest first
    oldest, newest = cases[0].id, cases[-1].id
    sf_agent.Case.delete(oldest)
    sf_agent.Case.delete(newest)
    listed = wrapped.list_open_cases(employee.id, limit=2)        # the two in between: cut at its limit
    assert [v.id for v in listed] == [cases[2].id, cases[1].id]
    assert model.case(employee.id, newest) is None                # newer than the oldest listed: covered
    assert model.case(employee.id, oldest) is not None            # older: the answer says nothing about it
    wrapped.list_open_cases(employee.id)                          # the whole list
    assert model.case(employee.id, oldest) is None
    assert {v.id for v in model.snapshot(employee.id).open} == {cases[1].id, cases[2].id}
