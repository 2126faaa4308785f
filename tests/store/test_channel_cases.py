"""Cases filed from channels: one per thread (the first recorded wins), and the bursts of auto channels."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store import Store


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


def test_one_case_per_thread(store):
    first = store.channel_cases.record("C1", "100.1", case_id="500000000000001AAA", case_number="00001001",
                                       requester="U0ALICE", private=False, public_updates=True)
    again = store.channel_cases.record("C1", "100.1", case_id="500000000000002AAA", case_number="00001002",
                                       requester="U0BOB", private=True, public_updates=False)
    assert again == first and first.case_id == "500000000000001AAA"
    assert store.channel_cases.at("C1", "100.2") is None
    assert [c.root_ts for c in store.channel_cases.of_case("500000000000001")] == ["100.1"]


def test_bursts_group_one_authors_messages_within_the_window(tmp_path):
    clock = Clock()
    s = Store(f"sqlite:///{tmp_path / 'c.sqlite'}", now=clock)
    window = timedelta(minutes=2)
    try:
        assert s.channel_cases.burst_root("C1", "U0ALICE", "1.1", window) == "1.1"
        clock.at += timedelta(seconds=60)
        assert s.channel_cases.burst_root("C1", "U0ALICE", "1.2", window) == "1.1"
        assert s.channel_cases.burst_root("C1", "U0BOB", "1.3", window) == "1.3"      # another author
        assert s.channel_cases.burst_root("C2", "U0ALICE", "1.4", window) == "1.4"    # another channel
        clock.at += timedelta(seconds=100)      # 100 s after the last message: still the same burst
        assert s.channel_cases.burst_root("C1", "U0ALICE", "1.5", window) == "1.1"
        clock.at += timedelta(seconds=121)
        assert s.channel_cases.burst_root("C1", "U0ALICE", "1.6", window) == "1.6"    # a quiet window: a new one
    finally:
        s.close()
