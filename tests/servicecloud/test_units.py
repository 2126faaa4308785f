"""Pure helpers of the Case domain: no network."""
from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from simple_salesforce import format_soql

from servicecloud import CaseDesk
from servicecloud.auth import JwtBearer, _user_id_from_identity_url
from servicecloud.composite import Ref
from servicecloud.error_mapping import map_error, plain_message
from servicecloud.errors import (
    AuthenticationFailed,
    CaseNotFound,
    SalesforceError,
    SalesforceUnavailable,
    SetupRefused,
    ValidationRefused,
)
from servicecloud.soql import cut_subject, parse_case_ref, sosl_phrase, split_text


@pytest.mark.parametrize("given, field, value", [
    ("1234", "CaseNumber", "00001234"),
    ("#00001234", "CaseNumber", "00001234"),
    (" 000001234 ", "CaseNumber", "00001234"),
    (1234, "CaseNumber", "00001234"),
    ("123456789", "CaseNumber", "123456789"),
    ("500000000000001", "Id", "500000000000001"),
    ("500000000000001AAA", "Id", "500000000000001AAA"),
])
def test_case_refs_are_normalised(given, field, value):
    ref = parse_case_ref(given)
    assert (ref.field, ref.value) == (field, value)


@pytest.mark.parametrize("bad", ["", "12a4", "' OR Id != '", "001xx0000000001", "500xx00000000011", "1 OR 1=1"])
def test_anything_else_names_no_case(bad):
    with pytest.raises(CaseNotFound):
        parse_case_ref(bad)


def test_subject_is_cut_on_a_word_boundary():
    text = ("word " * 100).strip()
    subject = cut_subject(text, 255)
    assert len(subject) <= 255
    assert subject.endswith("…")
    assert subject[:-1].split(" ")[-1] == "word"          # no half word
    assert cut_subject("short\nline  here", 255) == "short line here"


def test_long_comment_is_split_into_numbered_parts_within_the_limit():
    text = "\n\n".join(f"Paragraph {i} " + "x" * 900 for i in range(10))
    parts = split_text(text, 4000, max_parts=10)
    assert len(parts) > 1
    assert all(len(p) <= 4000 for p in parts)
    assert parts[0].startswith(f"(1/{len(parts)}) ") and parts[-1].startswith(f"({len(parts)}/{len(parts)}) ")
    # nothing lost: joined parts give back every paragraph
    joined = " ".join(p.split(") ", 1)[1] for p in parts)
    for i in range(10):
        assert f"Paragraph {i} " in joined
    assert split_text("short", 4000, max_parts=10) == ["short"]


def test_sosl_phrases_escape_every_operator():
    assert sosl_phrase("vpn") == '"vpn"'
    assert sosl_phrase('a"b} OR {x') == '"a\\"b\\} OR \\{x"'
    assert sosl_phrase("lap-top*") == '"lap\\-top\\*"'
    assert sosl_phrase("%") is None and sosl_phrase(" x ") is None and sosl_phrase("%%_*") is None


def test_references_are_only_what_the_code_puts_there():
    with pytest.raises(ValueError):
        Ref("c.records[0].Id} OR {x")
    ref = Ref("c.records[0].Id")
    soql = format_soql("SELECT Id FROM Case WHERE Id = {}", ref.marker)
    assert ref.marker in soql and "@{" not in soql


def test_plain_message_drops_technical_decorations():
    assert plain_message("FIELD_CUSTOM_VALIDATION_EXCEPTION, Users may not close Problem cases: []") == \
        "Users may not close Problem cases"
    assert plain_message("Users may not close Problem cases") == "Users may not close Problem cases"


def test_error_mapping():
    limit = map_error(403, [{"errorCode": "REQUEST_LIMIT_EXCEEDED", "message": "TotalRequests Limit exceeded."}])
    assert isinstance(limit, SalesforceUnavailable) and limit.limit_reached
    down = map_error(503, [{"errorCode": "SERVER_UNAVAILABLE", "message": "down"}])
    assert isinstance(down, SalesforceUnavailable) and not down.limit_reached
    rule = map_error(400, [{"errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "message": "No closing Problems",
                            "fields": []}])
    assert isinstance(rule, ValidationRefused) and "No closing Problems" in rule.user_message
    pick = map_error(400, [{"errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            "message": "Status: bad value for restricted picklist field: Nope", "fields": ["Status"]}])
    assert isinstance(pick, SetupRefused) and pick.fields == ["Status"]      # a refusal, worded as a set-up problem
    assert "set up" in pick.user_message and "Status: bad value" in pick.user_message
    required = map_error(400, [{"errorCode": "REQUIRED_FIELD_MISSING", "fields": ["Business_Unit__c"],
                                "message": "Required fields are missing: [Business_Unit__c]"}])
    assert isinstance(required, SetupRefused) and required.fields == ["Business_Unit__c"]
    assert not isinstance(rule, SetupRefused)
    record_type = map_error(400, [{"errorCode": "INVALID_CROSS_REFERENCE_KEY", "fields": ["RecordTypeId"],
                                   "message": "Record Type ID: this ID value isn't valid for the user: 012x"}])
    assert isinstance(record_type, SetupRefused)
    contact = map_error(400, [{"errorCode": "INVALID_CROSS_REFERENCE_KEY", "fields": ["ContactId"],
                               "message": "invalid cross reference id"}])
    assert not isinstance(contact, ValidationRefused)
    halted_first = map_error(400, [{"errorCode": "PROCESSING_HALTED", "message": "rolled back"},
                                   {"errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "message": "the rule"}])
    assert isinstance(halted_first, ValidationRefused) and "the rule" in halted_first.user_message
    assert isinstance(map_error(401, [{"errorCode": "INVALID_SESSION_ID", "message": "expired"}]), AuthenticationFailed)
    other = map_error(400, [{"errorCode": "MALFORMED_QUERY", "message": "unexpected token"}])
    assert type(other) is SalesforceError and other.error_code == "MALFORMED_QUERY"


def test_identity_url_gives_the_user_id():
    assert _user_id_from_identity_url("https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001SvhH") == \
        "005xx000001SvhH"
    assert _user_id_from_identity_url(None) is None
    assert _user_id_from_identity_url("https://x/other") is None


def test_jwt_bearer_assertion_is_signed_for_the_login_url():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    flow = JwtBearer("https://login.salesforce.com/", "client-123", "bot@example.com", pem)
    claims = jwt.decode(flow.assertion(), key.public_key(), algorithms=["RS256"],
                        audience="https://login.salesforce.com")
    assert claims["iss"] == "client-123" and claims["sub"] == "bot@example.com"
    assert claims["exp"] > 0


def test_a_case_id_with_a_wrong_checksum_names_no_case():
    from servicecloud.errors import CaseNotFound
    from servicecloud.soql import id_checksum, is_salesforce_id, parse_case_ref
    id15 = "500EM0000000001"
    good = id15 + id_checksum(id15)
    assert parse_case_ref(good).value == good and parse_case_ref(id15).field == "Id"
    assert parse_case_ref(id15 + id_checksum(id15).lower()).field == "Id"
    with pytest.raises(CaseNotFound):
        parse_case_ref(id15 + "ZZZ")                     # Salesforce would answer "invalid ID field"
    assert is_salesforce_id(good) and not is_salesforce_id("003EM0000000001ZZZ")


def test_a_technical_salesforce_error_never_shows_the_query_to_people():
    err = map_error(400, [{"errorCode": "INVALID_QUERY_FILTER_OPERATOR",
                           "message": "SELECT Id FROM Case WHERE ContactId = '003x' AND Id = 'x'\n"
                                      "ERROR at Row:1:Column:40\ninvalid ID field: x"}])
    assert isinstance(err, SalesforceError) and "SELECT" not in err.user_message
    assert "nothing was changed" in err.user_message and "SELECT" in err.detail
    plain = map_error(400, [{"errorCode": "ENTITY_IS_DELETED", "message": "entity is deleted"}])
    assert "entity is deleted" in plain.user_message


@pytest.mark.parametrize("login_url, audience", [
    ("https://login.salesforce.com", "https://login.salesforce.com"),
    ("https://test.salesforce.com/", "https://test.salesforce.com"),
    ("https://acme.my.salesforce.com", "https://login.salesforce.com"),           # My Domain: not the audience
    ("https://acme--uat.sandbox.my.salesforce.com", "https://test.salesforce.com"),  # a sandbox's My Domain
])
def test_jwt_audience_is_the_generic_login_host_not_my_domain(login_url, audience):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    claims = jwt.decode(JwtBearer(login_url, "client-123", "bot@example.com", pem).assertion(),
                        key.public_key(), algorithms=["RS256"], options={"verify_aud": False})
    assert claims["aud"] == audience
    site = JwtBearer(login_url, "c", "u", pem, audience="https://acme.my.site.com/support")   # the override
    assert jwt.decode(site.assertion(), key.public_key(), algorithms=["RS256"],
                      options={"verify_aud": False})["aud"] == "https://acme.my.site.com/support"


@pytest.mark.parametrize("host", ["login.salesforce.com", "test.salesforce.com", "LOGIN.salesforce.com"])
def test_client_credentials_on_a_generic_login_host_is_refused_before_any_request(host):
    with pytest.raises(ValueError, match="My Domain") as err:
        CaseDesk.connect(f"https://{host}", "client", "secret")
    assert "request not supported on this domain" in str(err.value)
    # the same settings with the org's My Domain are accepted (nothing is sent until the first call)
    assert CaseDesk.connect("https://acme.my.salesforce.com", "client", "secret") is not None
