"""Satisfaction surveys in the store (store/surveys.py): one per notice, one per person per period, a change
within the window updates the row, withdrawn and expired surveys record nothing; and the hygiene property: five
resolutions in a week give a person at most one survey, none in their quiet hours (notifications/surveys.py
`may_offer` with the real quiet-hours rule)."""
from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifications import surveys, timing
from servicecloud.config import OrgConfig
from store.surveys import Rated

TEN_MIN = timedelta(minutes=10)
WEEK = timedelta(days=7)


def _offer(db, ledger_id, user="U1", case="500A", once_per=WEEK):
    return db.surveys.offer(ledger_id, case_id=case, slack_user_id=user, resolution=f"2030-01-0{ledger_id % 9}",
                            kind="resolved", case_number="00001001", case_type="Incident", agent="Ana",
                            once_per=once_per)


def test_a_notice_sent_again_carries_the_same_survey_and_a_person_gets_one_per_period(db, clock):
    first = _offer(db, 1)
    assert first is not None and first.status == "offered"
    assert _offer(db, 1) == first                          # the resend after a cut-off: the same survey
    clock.advance(days=3)
    assert _offer(db, 2, case="500B") is None              # within the week: no second survey
    assert _offer(db, 3, user="U2") is not None            # someone else: theirs
    clock.advance(days=4, seconds=1)
    assert _offer(db, 4, case="500C") is not None          # a week later: again


def test_a_change_within_ten_minutes_updates_the_one_row_then_the_rating_stands(db, clock):
    s = _offer(db, 1)
    assert db.surveys.rate(s.id, "U2", 5, change_within=TEN_MIN, expire_after=WEEK).outcome == Rated.NOT_FOUND
    first = db.surveys.rate(s.id, "U1", 2, change_within=TEN_MIN, expire_after=WEEK)
    assert (first.outcome, first.survey.score, first.survey.status) == (Rated.RECORDED, 2, "answered")
    assert db.surveys.rate(s.id, "U1", 2, change_within=TEN_MIN, expire_after=WEEK).outcome == Rated.SAME
    clock.advance(minutes=9)
    changed = db.surveys.rate(s.id, "U1", 4, change_within=TEN_MIN, expire_after=WEEK)
    assert (changed.outcome, changed.previous, changed.survey.score) == (Rated.CHANGED, 2, 4)
    clock.advance(minutes=2)                                # 11 minutes after the first tap
    late = db.surveys.rate(s.id, "U1", 1, change_within=TEN_MIN, expire_after=WEEK)
    assert (late.outcome, late.survey.score) == (Rated.FINAL, 4)
    assert [(x.id, x.score) for x in db.surveys.of_person("U1")] == [(s.id, 4)]     # one row, never two
    assert [x.score for x in db.surveys.answered()] == [4]


def test_withdrawn_and_expired_surveys_record_nothing(db, clock):
    reopened, answered, old = _offer(db, 1), _offer(db, 2, user="U2"), _offer(db, 3, user="U3", case="500C")
    db.surveys.rate(answered.id, "U2", 5, change_within=TEN_MIN, expire_after=WEEK)
    assert [s.id for s in db.surveys.withdraw(["500A", "500C"])] == [reopened.id, old.id]
    assert db.surveys.withdraw(["500A"]) == []                                       # once
    assert db.surveys.rate(reopened.id, "U1", 5, change_within=TEN_MIN, expire_after=WEEK).outcome == Rated.WITHDRAWN
    assert db.surveys.get(answered.id).status == "answered"                          # an answer is kept
    fresh = _offer(db, 4, user="U4", case="500D")
    clock.advance(days=7, seconds=1)
    assert db.surveys.rate(fresh.id, "U4", 3, change_within=TEN_MIN, expire_after=WEEK).outcome == Rated.EXPIRED
    assert db.surveys.get(fresh.id).score is None


ORG = OrgConfig.model_validate({"csat": {"enabled": True, "once_per_days": 7},
                                "notifications": {"quiet_hours": {"start": "19:00", "end": "08:00", "weekends": True},
                                                  "urgent": ["resolved"]}})
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]
_ids = itertools.count(1000)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), start=st.integers(0, 60 * 24 * 60),
       offsets=st.lists(st.integers(0, 7 * 24 * 60 - 1), min_size=5, max_size=5),
       closed_by_them=st.lists(st.booleans(), min_size=5, max_size=5))
def test_five_resolutions_in_a_week_give_at_most_one_survey_and_none_in_quiet_hours(db, clock, zone, start,
                                                                                     offsets, closed_by_them):
    user = f"U{next(_ids)}"
    rule = timing.timing_for(zone, None, ORG)        # resolved is urgent: its notice goes through quiet hours
    base = datetime(2030, 3, 1, tzinfo=UTC) + timedelta(minutes=start)
    offered = []
    for n, (minutes, theirs) in enumerate(sorted(zip(offsets, closed_by_them, strict=True))):
        clock.at = base + timedelta(minutes=minutes)
        if surveys.may_offer(ORG, "resolved", clock.at, rule, closed_by_them=theirs):
            s = db.surveys.offer(next(_ids), case_id=f"500{n}", slack_user_id=user, resolution=str(n),
                                 kind="resolved", once_per=timedelta(days=ORG.csat.once_per_days))
            if s is not None:
                offered.append((clock.at, theirs))
    assert len(offered) <= 1
    for at, theirs in offered:
        assert not timing.is_quiet(at, ZoneInfo(zone), rule.quiet) and not theirs
    assert len(db.surveys.of_person(user)) == len(offered)
