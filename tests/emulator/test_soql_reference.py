"""No silent wrong answers: random SOQL WHERE/ORDER BY clauses checked against a plain-Python evaluation of
SOQL semantics, and random mutations of valid statements answered with a 400, never a crash."""
from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone

import pytest
from simple_salesforce import format_soql

from sandbox.salesforce.errors import ApiError
from sandbox.salesforce.timefmt import format_datetime

WORDS = ["vpn", "Laptop", "printer", "it's", "100%", "under_score", "Mail", "mail", "back\\slash", "ÉTÉ"]
STATUSES = ["New", "In Progress", "On Hold", "Closed", "Resolved"]
TYPES = ["Incident", "Service Request", "Problem", None]
ORIGINS = ["Email", "Web", "Phone", None]


@pytest.fixture
def dataset(sf):
    """~150 cases with varied (and null) values, created at known times."""
    rng = random.Random(42)
    org = sf.org
    integ = sf.user_id("agent")   # an agent: the seed's validation rule only binds the integration user
    base = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with org.transaction():
        contacts = [org.create("Contact", {"LastName": f"Ref{i}", "Email": f"ref{i}@example.com"}, integ)
                    for i in range(5)]
        for _ in range(150):
            subject = None if rng.random() < 0.1 else " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            data = {"Subject": subject, "Status": rng.choice(STATUSES), "Type": rng.choice(TYPES),
                    "Origin": rng.choice(ORIGINS), "ContactId": rng.choice(contacts + [None])}
            org.create("Case", {k: v for k, v in data.items() if v is not None}, integ,
                       at=base + timedelta(hours=rng.randint(0, 2000)))
    rows = org.conn.execute('SELECT c."Id", c."Subject", c."Status", c."Type", c."Origin", c."IsClosed", '
                            'c."CreatedDate", c."CaseNumber", ct."Email" FROM "Case" c LEFT JOIN "Contact" ct '
                            'ON ct."Id" = c."ContactId"').fetchall()
    keys = ["Id", "Subject", "Status", "Type", "Origin", "IsClosed", "CreatedDate", "CaseNumber", "Contact.Email"]
    return [dict(zip(keys, r, strict=True)) for r in rows], base


def _fold(v):
    return v.lower() if isinstance(v, str) else v   # SQLite NOCASE folds ASCII only; data is ASCII + one word


def _like(pattern: str) -> re.Pattern:
    """A SOQL LIKE literal (as written, escapes included) -> regex: \\x is a literal x, % and _ wildcards."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if c == "%" else "." if c == "_" else re.escape(c))
        i += 1
    return re.compile("^" + "".join(out) + "$", re.S | re.I)


def _cmp(op, v, lit):
    if lit is None:
        return v is None if op == "=" else v is not None
    if op == "!=":
        return v is None or _fold(v) != _fold(lit)
    if v is None:
        return False
    a, b = _fold(v), _fold(lit)
    return {"=": a == b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


class Gen:
    """Builds (soql_where, python_predicate) pairs."""

    def __init__(self, rng: random.Random, rows: list[dict], base: datetime) -> None:
        self.rng, self.rows, self.base = rng, rows, base

    def pick(self, field):
        return self.rng.choice([r[field] for r in self.rows])

    def leaf(self):
        rng = self.rng
        kind = rng.choice(["str", "str", "bool", "date", "in", "like", "email", "null"])
        if kind == "str":
            field = rng.choice(["Status", "Type", "Origin", "Subject", "CaseNumber"])
            op = rng.choice(["=", "!=", "<", ">", "<=", ">="])
            value = self.pick(field) or "Web"
            return format_soql(f"{field} {op} {{}}", value), lambda r: _cmp(op, r[field], value)
        if kind == "bool":
            value = rng.choice([True, False])
            return f"IsClosed = {str(value).lower()}", lambda r: bool(r["IsClosed"]) == value
        if kind == "date":
            op = rng.choice(["<", ">", "<=", ">="])
            when = self.base + timedelta(hours=rng.randint(0, 2000))
            stamp = format_datetime(when)
            return format_soql(f"CreatedDate {op} {{}}", when), lambda r: _cmp(op, r["CreatedDate"], stamp)
        if kind == "in":
            field = rng.choice(["Status", "Type", "Origin"])
            values = list({self.pick(field) or "Phone" for _ in range(rng.randint(1, 3))})
            neg = rng.random() < 0.5
            sql = format_soql(f"{field} {'NOT IN' if neg else 'IN'} {{}}", values)
            folded = {_fold(v) for v in values}
            if neg:
                return sql, lambda r: r[field] is None or _fold(r[field]) not in folded
            return sql, lambda r: r[field] is not None and _fold(r[field]) in folded
        if kind == "like":
            word = rng.choice(WORDS)
            frag = word[: rng.randint(1, len(word))]
            sql = format_soql("Subject LIKE '%{:like}%'", frag)
            pattern = _like(re.search(r"LIKE '(.*)'$", sql).group(1))   # the raw SOQL literal
            return sql, lambda r: r["Subject"] is not None and bool(pattern.match(r["Subject"]))
        if kind == "email":
            value = self.pick("Contact.Email") or "ref1@example.com"
            return format_soql("Contact.Email = {}", value), lambda r: _cmp("=", r["Contact.Email"], value)
        field = rng.choice(["Type", "Origin", "Subject"])
        if rng.random() < 0.5:
            return f"{field} = null", lambda r: r[field] is None
        return f"{field} != null", lambda r: r[field] is not None

    def expr(self, depth=0):
        rng = self.rng
        if depth >= 2 or rng.random() < 0.4:
            return self.leaf()
        roll = rng.random()
        if roll < 0.15:
            sql, pred = self.expr(depth + 1)
            return f"NOT ({sql})", lambda r: not pred(r)
        op = "AND" if roll < 0.6 else "OR"
        parts = [self.expr(depth + 1) for _ in range(rng.randint(2, 3))]
        sql = f" {op} ".join(f"({s})" for s, _ in parts)
        if op == "AND":
            return sql, lambda r: all(p(r) for _, p in parts)
        return sql, lambda r: any(p(r) for _, p in parts)


def test_random_where_clauses_agree_with_reference(sf, dataset):
    rows, base = dataset
    gen = Gen(random.Random(7), rows, base)
    checked = 0
    for _ in range(300):
        where, pred = gen.expr()
        got = sf.org.query(f"SELECT Id FROM Case WHERE {where}", "62.0")
        expected = {r["Id"] for r in rows if pred(r)}
        assert {r["Id"] for r in got["records"]} == expected, where
        checked += bool(expected)
    assert checked > 100   # the generator produced queries that match something


def test_random_order_by_agrees_with_reference(sf, dataset):
    rows, _ = dataset
    rng = random.Random(11)
    fields = ["Subject", "Status", "Type", "Origin", "CreatedDate", "CaseNumber"]
    for _ in range(60):
        chosen = rng.sample(fields, rng.randint(1, 3))
        items = [(f, rng.choice([False, True]), rng.choice([None, "FIRST", "LAST"])) for f in chosen]
        order = ", ".join(f"{f} {'DESC' if d else 'ASC'}" + (f" NULLS {n}" if n else "") for f, d, n in items)
        limit = rng.choice([None, 5, 40])
        soql = f"SELECT {', '.join(chosen)} FROM Case ORDER BY {order}" + (f" LIMIT {limit}" if limit else "")
        got = [tuple(r[f] for f in chosen) for r in sf.org.query(soql, "62.0")["records"]]
        expected_rows = list(rows)
        for f, desc, nulls in reversed(items):   # stable multi-key sort, least significant key first
            nulls_last = (nulls == "LAST") if nulls else desc
            present = [r for r in expected_rows if r[f] is not None]
            missing = [r for r in expected_rows if r[f] is None]
            present.sort(key=lambda r: _fold(r[f]), reverse=desc)
            expected_rows = present + missing if nulls_last else missing + present
        expected = [tuple(r[f] for f in chosen) for r in expected_rows][:limit]
        assert [tuple(_fold(v) for v in t) for t in got] == [tuple(_fold(v) for v in t) for t in expected], soql


VALID = [
    "SELECT Id, Subject, Owner.Name, (SELECT CommentBody FROM CaseComments WHERE IsPublished = true "
    "ORDER BY CreatedDate DESC LIMIT 5) FROM Case WHERE ContactId = '003EM0000000001YAA' AND "
    "(Status IN ('New', 'In Progress') OR CreatedDate = LAST_N_DAYS:30) AND Subject LIKE '%vpn\\%%' "
    "ORDER BY CreatedDate DESC NULLS LAST, CaseNumber LIMIT 50 OFFSET 5",
    "SELECT COUNT() FROM CaseComment WHERE Parent.Contact.Email = 'a@b.c' AND NOT (IsPublished = false)",
    "SELECT Id FROM Case WHERE Id IN (SELECT ParentId FROM CaseComment WHERE CreatedDate > 2026-01-01T00:00:00Z)",
]


def test_mutated_statements_never_crash(sf):
    rng = random.Random(3)
    tokens_of = [re.findall(r"'(?:\\.|[^'])*'|\w+|[^\s\w]", q) for q in VALID]
    outcomes = {"ok": 0, "error": 0}
    for _ in range(1500):
        toks = list(rng.choice(tokens_of))
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(toks))
            action = rng.random()
            if action < 0.35:
                del toks[i]
            elif action < 0.7:
                toks.insert(i, rng.choice(toks))
            else:
                j = rng.randrange(len(toks))
                toks[i], toks[j] = toks[j], toks[i]
        soql = " ".join(toks)
        try:
            sf.org.query(soql, "62.0")
            outcomes["ok"] += 1
        except ApiError as e:
            assert e.status == 400 and e.error_code in {
                "MALFORMED_QUERY", "INVALID_FIELD", "INVALID_TYPE", "INVALID_QUERY_FILTER_OPERATOR",
                "NUMBER_OUTSIDE_VALID_RANGE"}, (soql, e.errors)
            outcomes["error"] += 1
    assert outcomes["error"] > 500 and outcomes["ok"] > 10
