"""OAuth, API usage counting, limits and the fault switch, through simple-salesforce and plain HTTPS."""
from __future__ import annotations

import time

import pytest
from simple_salesforce.exceptions import (SalesforceExpiredSession, SalesforceGeneralError,
                                          SalesforceRefusedRequest)

from .conftest import error_code


def _token(session, sf, client="integration", **overrides):
    creds = sf.info["clients"][client]
    data = {"grant_type": "client_credentials", "client_id": creds["client_id"],
            "client_secret": creds["client_secret"], **overrides}
    return session.post(sf.info["login_url"] + "/services/oauth2/token", data=data)


def test_token_response_shape_names_the_user(sf, sf_session_factory):
    r = _token(sf_session_factory(), sf, "agent")
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "Bearer" and body["instance_url"] == sf.info["instance_url"]
    assert body["id"].rsplit("/", 1)[1] == sf.user_id("agent")


@pytest.mark.parametrize("override,error", [
    ({"client_secret": "wrong"}, "invalid_client"),
    ({"client_id": "nobody"}, "invalid_client"),
    ({"grant_type": "password"}, "unsupported_grant_type"),
])
def test_token_endpoint_refusals(sf, sf_session_factory, override, error):
    r = _token(sf_session_factory(), sf, **override)
    assert r.status_code == 400 and r.json()["error"] == error


def test_missing_or_unknown_token_is_invalid_session(sf, sf_session_factory):
    s = sf_session_factory()
    url = sf.info["instance_url"] + "/services/data/v62.0/limits"
    before = sf.api_usage()
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = s.get(url, headers=headers)
        assert r.status_code == 401
        assert r.json() == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID",
                             "fields": []}]
    assert sf.api_usage() == before            # refused sessions are not API calls


def test_expiring_one_users_tokens_leaves_the_other(sf, sf_integration, sf_agent):
    sf.expire_tokens(sf.user_id("integration"))
    with pytest.raises(SalesforceExpiredSession):
        sf_integration.query("SELECT Id FROM Case LIMIT 1")
    assert sf_agent.query("SELECT Id FROM Case LIMIT 1")["totalSize"] == 1
    fresh = sf.salesforce("integration")   # a new token works again
    assert fresh.query("SELECT COUNT() FROM Case")["totalSize"] == 7


def test_every_call_is_counted_and_reported(sf, sf_integration):
    before, limit = sf.api_usage()
    sf_integration.Case.describe()
    sf_integration.query("SELECT Id FROM Case")
    used = sf_integration.api_usage["api-usage"]
    assert (used.used, used.total) == (before + 2, limit)
    limits = sf_integration.limits()
    assert limits["DailyApiRequests"] == {"Max": limit, "Remaining": limit - (before + 3)}
    assert sf.api_usage() == (before + 3, limit)


def test_daily_limit_exhausted_is_request_limit_exceeded(sf, sf_integration):
    _, limit = sf.api_usage()
    sf.set_api_usage(limit)
    with pytest.raises(SalesforceRefusedRequest) as err:
        sf_integration.query("SELECT Id FROM Case")
    assert err.value.status == 403 and error_code(err) == "REQUEST_LIMIT_EXCEEDED"


def test_usage_is_counted_per_day(sf, sf_integration):
    """The counter is per day: an exhausted limit refuses today and serves again tomorrow, from zero."""
    _, limit = sf.api_usage()
    sf.set_api_usage(limit)
    with pytest.raises(SalesforceRefusedRequest):
        sf_integration.query("SELECT Id FROM Case")
    sf.advance_clock(24 * 3600)
    assert sf_integration.query("SELECT COUNT() FROM Case")["totalSize"] == 7
    assert sf.api_usage() == (1, limit)
    assert sf_integration.limits()["DailyApiRequests"] == {"Max": limit, "Remaining": limit - 2}


def test_fault_unavailable_for_n_calls_then_recovers(sf, sf_integration):
    sf.set_fault("unavailable", times=2)
    for _ in range(2):
        with pytest.raises(SalesforceGeneralError) as err:
            sf_integration.query("SELECT Id FROM Case")
        assert err.value.status == 503
    assert sf_integration.query("SELECT COUNT() FROM Case")["totalSize"] == 7


def test_fault_limit_and_clear(sf, sf_integration):
    sf.set_fault("limit")
    for _ in range(3):
        with pytest.raises(SalesforceRefusedRequest) as err:
            sf_integration.query("SELECT Id FROM Case")
        assert error_code(err) == "REQUEST_LIMIT_EXCEEDED"
    sf.clear_faults()
    assert sf_integration.query("SELECT COUNT() FROM Case")["totalSize"] == 7


def test_fault_slow_delays_the_answer(sf, sf_integration):
    sf.set_fault("slow", times=1, delay=0.3)
    t = time.perf_counter()
    assert sf_integration.query("SELECT COUNT() FROM Case")["totalSize"] == 7
    assert time.perf_counter() - t >= 0.3
    assert sf.fault is None            # used up: the next call is served at once


def test_fault_slow_write_lands_even_when_the_client_gives_up(sf, sf_integration, sf_session_factory):
    """As in a real org: a write Salesforce received is saved even if the caller timed out waiting."""
    import requests
    s = sf_session_factory()
    url = f"{sf.info['instance_url']}/services/data/v{sf.info['api_version']}/sobjects/Case/"
    headers = {"Authorization": f"Bearer {sf.token('integration')}", "Content-Type": "application/json"}
    sf.set_fault("slow", times=1, delay=0.6)
    with pytest.raises(requests.Timeout):
        s.post(url, json={"Subject": "Landed after the timeout", "Status": "New"}, headers=headers, timeout=0.2)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        rows = sf_integration.query("SELECT Id FROM Case WHERE Subject = 'Landed after the timeout'")["records"]
        if rows:
            break
        time.sleep(0.05)
    assert len(rows) == 1


def test_fault_unavailable_hits_sign_in(sf, sf_session_factory):
    sf.set_fault("unavailable", times=1)
    assert _token(sf_session_factory(), sf).status_code == 503
    assert _token(sf_session_factory(), sf).status_code == 200


def test_http_control_surface(sf, sf_session_factory, sf_integration):
    s = sf_session_factory()
    base = sf.info["instance_url"] + "/_sandbox"
    # this run's token, a Host naming the emulator, JSON, no cross-site request (sandbox/web/localguard.py)
    assert s.post(base + "/reset", json={}).status_code == 403
    s.headers["X-Sandbox-Token"] = sf.info["control_token"]
    assert s.post(base + "/fault", data={"kind": "unavailable"}).status_code == 415            # a form: never
    assert s.post(base + "/fault", json={"kind": "limit"}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert s.get(base + "/usage", headers={"Host": "evil.example"}).status_code == 421
    assert s.get(base + "/fault").json() is None                                               # none of it acted
    assert s.post(base + "/fault", json={"kind": "unavailable", "times": 1}).status_code == 200
    assert s.get(base + "/fault").json()["kind"] == "unavailable"
    with pytest.raises(SalesforceGeneralError):
        sf_integration.query("SELECT Id FROM Case")
    assert s.post(base + "/fault", json={"kind": "limit"}).status_code == 200
    assert s.delete(base + "/fault").status_code == 200
    assert s.get(base + "/fault").json() is None
    assert s.post(base + "/fault", json={"kind": "meltdown"}).status_code == 400

    usage = s.get(base + "/usage").json()
    assert usage == {"used": sf.api_usage()[0], "max": sf.api_usage()[1]}

    contact = s.post(base + "/contacts", json={"FirstName": "Erin", "LastName": "Moss",
                                               "Email": "erin@example.com"}).json()["id"]
    found = sf_integration.query("SELECT Id, Name FROM Contact WHERE Email = 'erin@example.com'")["records"]
    assert [(r["Id"], r["Name"]) for r in found] == [(contact, "Erin Moss")]

    user = s.post(base + "/users", json={"FirstName": "Lee", "LastName": "Chen", "Email": "lee@example.com",
                                         "client_name": "agent3"}).json()
    assert user["clients"]["agent3"]["user_id"] == user["id"]
    assert sf.salesforce("agent3").query("SELECT Name FROM User WHERE Id = '%s'" % user["id"])[
        "records"][0]["Name"] == "Lee Chen"

    rule = s.post(base + "/validation-rules", json={"name": "No_Low", "message": "Low priority is not allowed",
                                                    "when": {"Priority": "4-Low"}}).json()
    assert rule["id"] and any(r["name"] == "No_Low" for r in s.get(base + "/validation-rules").json())
    assert s.delete(base + "/validation-rules").status_code == 200
    assert s.get(base + "/validation-rules").json() == []

    opts = s.post(base + "/options", json={"daily_api_limit": 50}).json()
    assert opts["daily_api_limit"] == 50 and sf_integration.limits()["DailyApiRequests"]["Max"] == 50
    assert s.post(base + "/options", json={"colour": "red"}).status_code == 400
    assert s.post(base + "/assignment-owner", json={"user_id": None}).status_code == 200
    assert sf_integration.Case.get(sf_integration.Case.create({"Subject": "mine"})["id"])["OwnerId"] == \
        sf.user_id("integration")

    assert s.post(base + "/tokens/expire", json={}).json()["expired"] >= 1
    with pytest.raises(SalesforceExpiredSession):
        sf_integration.query("SELECT Id FROM Case")

    assert s.post(base + "/reset", json={}).status_code == 200
    fresh = sf.salesforce("integration")
    assert fresh.query("SELECT COUNT() FROM Contact WHERE Email = 'erin@example.com'")["totalSize"] == 0
    assert s.get(base + "/options").json()["daily_api_limit"] == 15000
    assert s.get(base + "/nonsense").status_code == 404


def test_reset_restores_seed_with_same_ids(sf, sf_integration):
    before = sf_integration.query("SELECT Id, CaseNumber FROM Case ORDER BY CaseNumber")["records"]
    sf_integration.Case.create({"Subject": "extra"})
    sf.reset()
    after = sf.salesforce("integration").query("SELECT Id, CaseNumber FROM Case ORDER BY CaseNumber")["records"]
    assert [(r["Id"], r["CaseNumber"]) for r in after] == [(r["Id"], r["CaseNumber"]) for r in before]


def _jwt(sf, client, key, **claims):
    import jwt

    body = {"iss": sf.info["clients"][client]["client_id"], "sub": sf.username(client),
            "aud": "https://login.salesforce.com", "exp": int(time.time()) + 120, **claims}
    return jwt.encode(body, key, algorithm="RS256")


def test_jwt_bearer_flow(sf, sf_session_factory):
    key = sf.jwt_private_key("agent")
    s = sf_session_factory()
    url = sf.info["login_url"] + "/services/oauth2/token"
    grant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    ok = s.post(url, data={"grant_type": grant, "assertion": _jwt(sf, "agent", key)})
    assert ok.status_code == 200 and ok.json()["id"].endswith(sf.user_id("agent"))
    other_key = sf.jwt_private_key("agent2")   # a key registered for another client does not sign for agent
    refusals = {
        "invalid assertion": _jwt(sf, "agent", other_key),
        "expired authorization code": _jwt(sf, "agent", key, exp=int(time.time()) - 60),
        "audience is invalid": _jwt(sf, "agent", key, aud="https://elsewhere.example"),
        "user hasn't approved this consumer": _jwt(sf, "agent", key, sub="nobody@example.com"),
    }
    for description, assertion in refusals.items():
        r = s.post(url, data={"grant_type": grant, "assertion": assertion})
        assert r.status_code == 400 and r.json() == {"error": "invalid_grant", "error_description": description}
    # The audience is login.salesforce.com or test.salesforce.com, never the host the token request goes to
    # (a My Domain URL), as in Salesforce.
    assert s.post(url, data={"grant_type": grant, "assertion": _jwt(sf, "agent", key, aud="https://test.salesforce.com")}).ok
    mine = s.post(url, data={"grant_type": grant, "assertion": _jwt(sf, "agent", key, aud=sf.info["login_url"])})
    assert mine.status_code == 400 and mine.json()["error_description"] == "audience is invalid"
    r = s.post(url, data={"grant_type": grant, "assertion": _jwt(sf, "agent", key, iss="unknown")})
    assert r.json()["error"] == "invalid_client_id"
