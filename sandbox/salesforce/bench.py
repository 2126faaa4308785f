"""`concierge bench emulator`: SOQL queries per second on 10,000 cases through simple-salesforce over HTTPS.

The query is the bot's typical "open cases of a contact": relationship fields, a filter on the contact and
IsClosed, newest first, LIMIT 50.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from simple_salesforce import format_soql

from .schema import CASE_STATUSES
from .server import EmulatorServer

QUERY = ("SELECT Id, CaseNumber, Subject, Status, Priority, Origin, Type, Case_Owner__c, Owner.Name, "
         "ContactId, Contact.Email, IsClosed, CreatedDate, LastModifiedDate, SystemModstamp FROM Case "
         "WHERE ContactId = {} AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50")


def load_cases(server: EmulatorServer, n_cases: int, n_contacts: int, seed: int = 7) -> list[str]:
    """Insert `n_cases` spread over `n_contacts` new contacts directly in the store (fast)."""
    rng = random.Random(seed)
    org = server.org
    integ = server.user_id("integration")
    contacts = []
    with org.transaction():
        for i in range(n_contacts):
            contacts.append(org.create("Contact", {"FirstName": "Bench", "LastName": f"User{i}",
                                                   "Email": f"bench{i}@example.com"}, integ))
        for i in range(n_cases):
            org.create("Case", {"ContactId": rng.choice(contacts), "Subject": f"Bench case {i}",
                                "Status": rng.choice(CASE_STATUSES), "Origin": "Web", "Type": "Incident"}, integ)
    return contacts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench emulator")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run queries")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmulatorServer(Path(tmp) / "bench.db", seed=True).start()
        try:
            t0 = time.perf_counter()
            contacts = load_cases(server, args.cases, args.contacts)
            load_s = time.perf_counter() - t0
            sf = server.salesforce("integration")
            rng = random.Random(1)
            sf.query(format_soql(QUERY, contacts[0]))          # warm the connection and the compile cache
            latencies = []
            rows = 0
            deadline = time.perf_counter() + args.seconds
            while time.perf_counter() < deadline:
                q = format_soql(QUERY, rng.choice(contacts))
                t = time.perf_counter()
                result = sf.query(q)
                latencies.append(time.perf_counter() - t)
                rows += len(result["records"])
            n = len(latencies)
            latencies.sort()
            print(f"cases: {args.cases} (contacts: {args.contacts}, load {load_s:.1f} s)")
            print(f"soql_open_cases_qps: {n / sum(latencies):.0f} queries/s (single client, HTTPS keep-alive)")
            print(f"soql_latency_p50: {statistics.median(latencies) * 1000:.2f} ms")
            print(f"soql_latency_p99: {latencies[int(n * 0.99) - 1] * 1000:.2f} ms")
            print(f"rows_per_query: {rows / n:.1f}")
        finally:
            server.close()
    return 0
