"""The root message's status reaction decided by notifications/channelsync.py: agents' changes against the poller's
last-seen state, and the requester's own close or reopen through Concierge (which moved the last-seen state with
it), recorded once per write however often the case is read again."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifications.channelsync import CHANNEL_STATUS, decide
from servicecloud.config import CanonicalState, OrgConfig
from servicecloud.models import CaseView
from store.channel_cases import ChannelCase

ORG = OrgConfig()
CASE_ID = "500000000000001AAA"
THREADS = {CASE_ID[:15]: [ChannelCase("C0HELP", "1700000000.000100", CASE_ID, "00001001", "UEMP", False, True)]}
T0 = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def case(status: str, modified: datetime) -> CaseView:
    state = ORG.statuses.state_of(status, False)
    return CaseView(CASE_ID, "00001001", "Badge reader", status, state, None, "003EMP",
                    is_closed=state == CanonicalState.CLOSED, last_modified_date=modified, system_modstamp=modified)


def reactions(c: CaseView, seen: str, own: tuple[str, datetime] | None = None) -> list[tuple[str, str]]:
    posts = decide(cases=[c], answers=[], threads=THREADS, seen_states={CASE_ID: seen},
                   own_writes={CASE_ID: own} if own else {}, integration_user_id="005INTEGRATION", org=ORG)
    return [(p.source_id, p.payload["add"]) for p in posts if p.kind == CHANNEL_STATUS]


def test_an_agents_close_is_decided_against_the_last_seen_state():
    [(_, add)] = reactions(case("Closed", T0), "OPEN")
    assert add == ORG.channels.status_reactions.resolved
    assert reactions(case("Closed", T0), "CLOSED") == []                 # seen already: nothing


def test_the_requesters_own_close_and_reopen_get_their_reaction_once_per_write():
    closed_by_user = ORG.statuses.on_user_close
    written = T0 - timedelta(seconds=1)
    [(source, add)] = reactions(case(closed_by_user, T0), "CLOSED", (closed_by_user, written))
    assert add == ORG.channels.status_reactions.resolved and source.startswith("own:")
    later = reactions(case(closed_by_user, T0 + timedelta(hours=1)), "CLOSED", (closed_by_user, written))
    assert later == [(source, add)]              # a later change of the case (a comment): the same ledger key
    reopened = ORG.statuses.on_user_reopen
    [(_, add)] = reactions(case(reopened, T0), str(ORG.statuses.state_of(reopened, False)), (reopened, T0))
    assert add == ORG.channels.status_reactions.reopened
    assert reactions(case("Closed", T0), "CLOSED", (closed_by_user, written)) == []   # an agent's status: not own
