"""The chaos soak, short: two `concierge run` replicas, one killed or stopped, Salesforce and Slack faults,
deliveries to both replicas and retries; nothing lost, nothing twice, nothing to the wrong person, every acked message answered.
(`make chaos` runs the long version over several seeds.)"""
from __future__ import annotations

from sandbox.chaos import run


def test_a_short_chaos_soak_loses_nothing_doubles_nothing_and_tells_no_one_else_s_case():
    # drain: a write in doubt settles for up to SF_IN_DOUBT_SECONDS (40 s in the soak) before it is made
    counts = run(seconds=12, seed=7, employees=6, kill_every=5, database_url=None, drain_seconds=90)
    assert counts["lost"] == counts["duplicated"] == counts["wrong_user"] == 0, counts
    assert counts["unanswered"] == 0, counts        # every message a replica acked was answered (late or not)
    assert counts["kills"] + counts["sigterms"] >= 1 and counts["messages"] >= 12, counts
