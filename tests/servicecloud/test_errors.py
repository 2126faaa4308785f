"""Error kinds and re-authentication, through the emulator's fault switch and token expiry."""
from __future__ import annotations

import threading

import pytest

from servicecloud import (
    AuthenticationFailed,
    CaseDesk,
    PermissionMissing,
    SalesforceUnavailable,
)
from servicecloud.error_mapping import map_error


def test_outage_is_retryable_unavailable(desk, sf, employee):
    desk.find_contact(employee.email)            # signed in
    sf.set_fault("unavailable")
    with pytest.raises(SalesforceUnavailable) as err:
        desk.list_open_cases(employee.id)
    assert err.value.retryable and not err.value.limit_reached
    assert "isn't answering" in err.value.user_message
    with pytest.raises(SalesforceUnavailable):
        desk.file_case(employee.id, "during the outage")
    sf.clear_faults()
    assert desk.list_open_cases(employee.id) == []   # nothing was filed during the outage


def test_api_limit_reached_is_unavailable_with_limit_flag(desk, sf, employee):
    desk.find_contact(employee.email)
    sf.set_fault("limit", times=1)
    with pytest.raises(SalesforceUnavailable) as err:
        desk.add_work_note("500000000000000AAA", "x")
    assert err.value.limit_reached and "API limit" in err.value.user_message
    # the next call goes through again
    assert desk.list_open_cases(employee.id) == []


def test_timeout_is_unavailable(make_desk, sf, employee):
    desk = make_desk(timeout=(2.0, 0.3))
    desk.find_contact(employee.email)
    sf.set_fault("slow", times=1, delay=1.0)
    with pytest.raises(SalesforceUnavailable) as err:
        desk.list_open_cases(employee.id)
    assert "Timeout" in (err.value.detail or "")


def test_unreachable_salesforce_is_unavailable(sf):
    desk = CaseDesk.connect("https://127.0.0.1:9", "id", "secret", ca_bundle=sf.info["ca_bundle"],
                            timeout=(0.5, 0.5))
    with pytest.raises(SalesforceUnavailable):
        desk.find_contact("alice@example.com")


def test_wrong_credentials_are_an_authentication_failure(sf):
    desk = CaseDesk.connect(sf.info["login_url"], "nope", "wrong", ca_bundle=sf.info["ca_bundle"])
    with pytest.raises(AuthenticationFailed) as err:
        desk.find_contact("alice@example.com")
    assert "can't sign in" in err.value.user_message


def test_expired_token_is_renewed_once_and_the_call_retried(desk, sf, employee, meter):
    desk.find_contact(employee.email)
    old_token = desk.client.token.access_token
    sf.expire_tokens()
    case = desk.file_case(employee.id, "after expiry")
    assert case.case_number
    assert desk.client.reauth_count == 1 and desk.client.token.access_token != old_token
    assert desk.get_case(employee.id, case.case_number).id == case.id


def test_a_second_401_after_signing_in_again_is_not_retried_forever(desk, sf, employee, monkeypatch):
    """Re-auth happens once per call: a token refused again surfaces as AuthenticationFailed after exactly
    two attempts, and the next call starts afresh."""
    desk.find_contact(employee.email)
    real_source = desk.client.token_source
    fetches = []

    class ExpiringSource:
        def fetch(self, session):
            token = real_source.fetch(session)
            fetches.append(token)
            sf.expire_tokens()                  # refused again as soon as it is issued
            return token

    monkeypatch.setattr(desk.client, "token_source", ExpiringSource())
    sf.expire_tokens()
    attempts_before = desk.client.calls
    with pytest.raises(AuthenticationFailed) as err:
        desk.list_open_cases(employee.id)
    assert len(fetches) == 1 and desk.client.reauth_count == 1
    assert desk.client.calls - attempts_before == 2           # the call and its one retry, no more
    assert err.value.error_code == "INVALID_SESSION_ID"
    monkeypatch.setattr(desk.client, "token_source", real_source)
    assert desk.list_open_cases(employee.id) == []           # the next call signs in again and works
    assert desk.client.reauth_count == 2


def test_concurrent_calls_on_an_expired_token_refresh_it_once(desk, sf, employee):
    desk.find_contact(employee.email)
    sf.expire_tokens()
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            desk.list_open_cases(employee.id)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert desk.client.reauth_count == 1


def test_from_settings_reads_the_sf_settings(sf, employee):
    from runtime.settings import Settings

    creds = sf.info["clients"]["integration"]
    settings = Settings(SF_LOGIN_URL=sf.info["login_url"], SF_CLIENT_ID=creds["client_id"],
                        SF_CLIENT_SECRET=creds["client_secret"], SF_CA_BUNDLE=sf.info["ca_bundle"],
                        SF_API_VERSION=sf.info["api_version"])
    desk = CaseDesk.from_settings(settings)
    assert desk.find_contact(employee.email).id == employee.id
    assert desk.integration_user_id == sf.user_id("integration")


def test_jwt_flow_needs_its_settings():
    with pytest.raises(ValueError, match="SF_USERNAME"):
        CaseDesk.connect("https://login.salesforce.com", "client", auth_flow="jwt_bearer")
    with pytest.raises(ValueError, match="SF_AUTH_FLOW"):
        CaseDesk.connect("https://login.salesforce.com", "client", "secret", auth_flow="password")


def test_ca_bundle_wins_over_the_environment(make_desk, employee, monkeypatch, tmp_path):
    # requests lets REQUESTS_CA_BUNDLE override session.verify; the desk passes its bundle per request.
    empty = tmp_path / "other-ca.pem"
    empty.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(empty))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(empty))
    desk = make_desk()
    assert desk.find_contact(employee.email).id == employee.id


def test_jwt_bearer_flow_signs_in_as_the_integration_user(make_desk, sf, employee, tmp_path):
    key_file = tmp_path / "concierge.key"
    key_file.write_text(sf.jwt_private_key("integration"))
    creds = sf.info["clients"]["integration"]
    desk = make_desk(auth_flow="jwt_bearer", username=sf.username("integration"),
                     private_key_file=str(key_file))
    assert desk.find_contact(employee.email).id == employee.id
    assert desk.integration_user_id == sf.user_id("integration")
    assert creds["client_id"]   # the JWT's issuer


def test_jwt_signed_with_an_unknown_key_is_refused(make_desk, sf, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    sf.jwt_private_key("integration")
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    desk = make_desk(auth_flow="jwt_bearer", username=sf.username("integration"), private_key=stranger)
    with pytest.raises(AuthenticationFailed):
        desk.find_contact("alice@example.com")


def test_salesforce_down_at_sign_in_is_unavailable(desk, sf):
    sf.set_fault("unavailable")
    with pytest.raises(SalesforceUnavailable):
        desk.find_contact("alice@example.com")
    sf.clear_faults()
    assert desk.find_contact("alice@example.com").email == "alice@example.com"


def test_a_field_hidden_by_field_level_security_names_the_missing_permission(desk, sf, employee, sf_agent):
    sf.set_options(hidden_fields=("Case.Type",))
    with pytest.raises(PermissionMissing) as err:
        desk.list_open_cases(employee.id)
    assert "read access to the field Case.Type" in err.value.user_message
    assert err.value.permission == "read access to the field Case.Type"
    assert "field-level security" in err.value.user_message
    assert "Case.Type" in repr(err.value) and "INVALID_FIELD" in repr(err.value)   # what the log shows
    assert sf_agent.query("SELECT Type FROM Case LIMIT 1")["totalSize"] == 1       # agents still see it

    sf.set_options(hidden_fields=("Case.Internal_Support_Category__c",))             # written on every case
    with pytest.raises(PermissionMissing) as err:
        desk.file_case(employee.id, "The printer on floor 3 is jammed")
    assert "Case.Internal_Support_Category__c" in err.value.user_message
    sf.set_options(hidden_fields=())
    assert desk.list_open_cases(employee.id) == []                                   # nothing was filed


def test_a_read_only_field_names_the_missing_edit_permission():
    err = map_error(400, [{"errorCode": "INVALID_FIELD_FOR_INSERT_UPDATE", "fields": ["Priority"],
                           "message": "Unable to create/update fields: Priority. Please check the security "
                                      "settings of this field and verify that it is read/write for your profile "
                                      "or permission set."}])
    assert isinstance(err, PermissionMissing) and err.permission == "edit access to the field Priority"
    assert "(field-level security)" in err.user_message
    other = map_error(400, [{"errorCode": "INVALID_FIELD", "message": "unexpected token: FROM"}])
    assert not isinstance(other, PermissionMissing)
