"""Never a 500: random requests over HTTPS and random SOSL mutations get Salesforce-shaped 4xx answers."""
from __future__ import annotations

import json
import random

from sandbox.salesforce.errors import ApiError
from sandbox.salesforce.sosl import search

PATHS = ["", "sobjects", "sobjects/Case", "sobjects/Case/describe", "sobjects/Case/{case}",
         "sobjects/Case/{case}/Subject", "sobjects/Attachment/{case}/Body", "sobjects/CaseComment/{case}",
         "sobjects/Nope/{case}", "query", "query/01gEM0000000001AAA-10", "queryAll", "search", "composite",
         "composite/sobjects", "composite/sobjects/Case", "limits", "sobjects/Case/500", "sobjects/User/{case}"]
BODIES = [None, "", "{", "[]", "null", "42", '"text"', json.dumps({"Subject": "x"}), json.dumps({"Status": 5}),
          json.dumps({"compositeRequest": "no"}), json.dumps({"compositeRequest": [{"method": "GET"}]}),
          json.dumps({"compositeRequest": [{"method": "GET", "url": "/x", "referenceId": "a"}]}),
          json.dumps({"records": [{"attributes": {"type": "Nope"}}]}), json.dumps({"records": [{}]}),
          json.dumps({"allOrNone": True, "records": [{"attributes": {"type": "Case"}, "Subject": {"a": 1}}]}),
          json.dumps({"ParentId": "@{x.id}", "CommentBody": ["list"]}),
          json.dumps({"compositeRequest": [{"method": 7, "url": ["x"], "referenceId": "a", "httpHeaders": [1],
                                            "body": {"Subject": "@{a.b[0].c}"}}]}),
          json.dumps({"compositeRequest": [{"method": "GET", "url": "/services/data/v62.0/query?q=SELECT",
                                            "referenceId": "q"},
                                           {"method": "PATCH", "url": "/services/data/v62.0/sobjects/Case/@{q.id}",
                                            "referenceId": "p", "body": []}]})]
QUERIES = [None, "q=", "q=SELECT", "q=SELECT+Id+FROM+Case", "q=FIND+%7Bvpn%7D", "q=%00", "fields=Nope,Id",
           "ids=a,b&allOrNone=true"]


def test_random_http_requests_never_500(sf, sf_session_factory):
    rng = random.Random(5)
    s = sf_session_factory()
    headers = {"Authorization": "Bearer " + sf.token(), "Content-Type": "application/json"}
    case = "500EM0000000001YAA"
    statuses: dict[int, int] = {}
    for _ in range(400):
        path = rng.choice(PATHS).format(case=rng.choice([case, case[:15], "junk", "005EM0000000001YAA"]))
        url = f"{sf.info['instance_url']}/services/data/v62.0/{path}"
        query = rng.choice(QUERIES)
        if query:
            url += "?" + query
        method = rng.choice(["GET", "POST", "PATCH", "DELETE", "PUT"])
        body = rng.choice(BODIES)
        r = s.request(method, url, headers=headers, data=body)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        assert r.status_code < 500, (method, url, body, r.text)
        if r.status_code >= 400:
            err = r.json()
            assert isinstance(err, list) and {"message", "errorCode"} <= set(err[0]), (method, url, r.text)
    assert statuses.get(400, 0) > 20 and statuses.get(404, 0) > 10 and statuses.get(200, 0) > 10


def test_mutated_sosl_never_crashes(sf):
    rng = random.Random(9)
    base = ("FIND {\"vpn\" OR lap\\-top* AND NOT (printer)} IN ALL FIELDS RETURNING Case(Id, Subject, "
            "Owner.Name WHERE ContactId = '003EM0000000001YAA' AND IsClosed = false ORDER BY CreatedDate DESC "
            "LIMIT 5), Contact(Name) LIMIT 20")
    chars = list(base)
    ok = errors = 0
    for _ in range(1500):
        mutated = list(chars)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(mutated))
            op = rng.random()
            if op < 0.4:
                del mutated[i]
            elif op < 0.8:
                mutated.insert(i, rng.choice("{}()'\"\\*?,. AND OR"))
            else:
                j = rng.randrange(len(mutated))
                mutated[i], mutated[j] = mutated[j], mutated[i]
        text = "".join(mutated)
        try:
            search(sf.org, text, "62.0")
            ok += 1
        except ApiError as e:
            assert e.status == 400 and e.error_code in {
                "MALFORMED_SEARCH", "MALFORMED_QUERY", "INVALID_FIELD", "INVALID_TYPE",
                "INVALID_QUERY_FILTER_OPERATOR", "NUMBER_OUTSIDE_VALID_RANGE"}, (text, e.errors)
            errors += 1
    assert ok > 30 and errors > 1000
