"""On SQLite one transaction writes at a time: the threads of one process take turns at an in-process lock
(store/engines.py `write_transaction`) instead of polling for the file's lock, so a burst of writes from many threads
queues instead of failing once the busy timeout runs out."""
from __future__ import annotations

import threading

from store import Store


def test_a_burst_of_writes_from_many_threads_queues_instead_of_timing_out(tmp_path):
    # a busy timeout far shorter than a burst of 16 threads' writes: without turns, some would give up ("database is
    # locked"); with them, every write lands
    s = Store(f"sqlite:///{tmp_path / 'burst.sqlite'}", busy_timeout_ms=1)
    errors: list[BaseException] = []
    claimed: list[bool] = []
    start = threading.Barrier(16)

    def writer(n: int) -> None:
        start.wait()
        for i in range(40):
            try:
                claimed.append(s.claim_event(f"evt-{n}-{i}"))
            except BaseException as exc:   # noqa: BLE001 - the test counts what failed
                errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors[:3]
        assert len(claimed) == 16 * 40 and all(claimed)
    finally:
        s.close()


def test_a_write_nested_in_a_write_of_the_same_thread_does_not_wait_on_itself(tmp_path):
    """The in-process lock is re-entrant: a nested write gets past it at once, and SQLite answers it as before (here,
    its busy timeout: the outer transaction holds the file's lock), instead of the thread waiting on itself forever."""
    from sqlalchemy.exc import OperationalError

    from store.engines import write_transaction
    s = Store(f"sqlite:///{tmp_path / 'nested.sqlite'}", busy_timeout_ms=100)
    outcome: list[str] = []

    def nested() -> None:
        try:
            with write_transaction(s._engine), write_transaction(s._engine):
                outcome.append("written")
        except OperationalError:
            outcome.append("sqlite refused")

    t = threading.Thread(target=nested, daemon=True)
    try:
        t.start()
        t.join(timeout=10)
        assert not t.is_alive() and outcome
    finally:
        s.close()
