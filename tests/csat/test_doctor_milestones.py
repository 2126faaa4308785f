"""`concierge doctor` "Answer times": with `milestones.enabled`, the case query with its CaseMilestones subquery
must be accepted (the sandbox's org accepts it); an org refusing it (no Entitlement Management) is blocking, with
the fix; off, nothing is asked."""
from __future__ import annotations

from types import SimpleNamespace

from runtime.doctor.milestones import milestones
from runtime.doctor.result import Status
from servicecloud import OrgConfig
from servicecloud.config import MilestonesConfig
from servicecloud.errors import SalesforceError
from tests.doctor.test_doctor import blocking, doctor


def test_the_sandbox_reads_milestones(sf, slack, tmp_path):
    found = doctor(sf, slack, tmp_path, {"milestones": {"enabled": True}})
    assert blocking(found) == []
    assert "readable" in found["Answer times"].outcome.summary


def test_an_org_refusing_the_subquery_is_blocking_and_off_asks_nothing():
    def refuse(soql):
        raise SalesforceError("Didn't understand relationship 'CaseMilestones' in FROM part of query call")
    on = SimpleNamespace(org=OrgConfig(milestones=MilestonesConfig(enabled=True)), query=refuse)
    outcome = milestones(on)
    assert outcome.status == Status.FAIL and "milestones.enabled: false" in outcome.fix
    assert any("CaseMilestones" in d for d in outcome.details)
    off = SimpleNamespace(org=OrgConfig(), query=refuse)
    assert milestones(off).status == Status.OK
