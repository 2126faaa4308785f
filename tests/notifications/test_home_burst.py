"""App Home republishes after a poll cycle are bounded per cycle (notifications/homes.py): a cycle changing many
employees' cases publishes at most `max_homes_per_cycle` Homes, the rest in the next cycles."""
from __future__ import annotations

from notifications import Poller
from notifications.homes import HomeRepublisher, per_cycle_for


def test_at_most_per_cycle_publishes_the_rest_wait_once_each_longest_waiting_first():
    published: list[str] = []
    homes = HomeRepublisher(published.append, per_cycle=3)
    homes.add(["U5", "U1", "U2", "U3", "U4"])
    assert homes.publish_due() == 3 and published == ["U1", "U2", "U3"]
    homes.add(["U9", "U4"])                       # U4 still due: not twice
    assert homes.waiting == 3
    assert homes.publish_due() == 3 and published[3:] == ["U4", "U5", "U9"]
    assert homes.publish_due() == 0 and homes.waiting == 0


def test_a_failing_publish_does_not_stop_the_others():
    published: list[str] = []

    def publish(uid: str) -> None:
        if uid == "U1":
            raise RuntimeError("slack said no")
        published.append(uid)
    homes = HomeRepublisher(publish, per_cycle=5)
    homes.add(["U1", "U2"])
    assert homes.publish_due() == 1 and published == ["U2"]


def test_the_default_bound_leaves_tier_4_room_for_the_bots_own_publishes():
    assert per_cycle_for(30) == 25                # half of 100 a minute, over a 30 s interval
    assert per_cycle_for(60) == 50 and per_cycle_for(1) == 1


def test_a_cycle_changing_many_employees_cases_publishes_their_homes_over_several_cycles(store, fake_desk,
                                                                                          fake_slack):
    people = [(f"U{i}", f"003PERSON{i:08d}") for i in range(5)]
    for uid, contact in people:
        store.upsert_user(uid, email=f"{uid.lower()}@example.com", contact_id=contact, contact_name=uid)
    cases = [fake_desk.new_case(contact, f"Badge {uid} does not open the door") for uid, contact in people]
    published: list[str] = []
    poller = Poller(store=store, desk=fake_desk, client=fake_slack.client(), overlap_seconds=2.0,
                    per_conversation_interval=0.0, publish_home=published.append, max_homes_per_cycle=2)
    poller.run_once()
    published.clear()
    for case in cases:                            # an agent works through everyone's cases at once
        fake_desk.set_status(case.id, "Working")
    per_cycle = []
    for _ in range(4):                            # that cycle, then cycles with nothing new
        before = len(published)
        poller.run_once()
        per_cycle.append(len(published) - before)
    assert per_cycle[0] == 2 and max(per_cycle) <= 2
    assert set(published) == {uid for uid, _ in people}     # everyone's Home, over several cycles
