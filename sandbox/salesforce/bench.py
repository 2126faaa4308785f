"""`concierge bench emulator`: SOQL queries per second on 10,000 cases through simple-salesforce over HTTPS.

The query is the bot's typical "open cases of a contact": relationship fields, a filter on the contact and
IsClosed, newest first, LIMIT 50.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import signal
import ssl
import subprocess
import sys
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import requests
from simple_salesforce import Salesforce, format_soql

from .schema import CASE_STATUSES
from .store import Org

QUERY = ("SELECT Id, CaseNumber, Subject, Status, Priority, Origin, Type, Case_Owner__c, Owner.Name, "
         "ContactId, Contact.Email, IsClosed, CreatedDate, LastModifiedDate, SystemModstamp FROM Case "
         "WHERE ContactId = {} AND IsClosed = false ORDER BY CreatedDate DESC LIMIT 50")


def load_cases(org: Org, n_cases: int, n_contacts: int, seed: int = 7) -> list[str]:
    """Insert `n_cases` spread over `n_contacts` new contacts directly in the store (fast)."""
    rng = random.Random(seed)
    integ = org.clients()["integration"]["user_id"]
    contacts = []
    with org.transaction():
        for i in range(n_contacts):
            contacts.append(org.create("Contact", {"FirstName": "Bench", "LastName": f"User{i}",
                                                   "Email": f"bench{i}@example.com"}, integ))
        for i in range(n_cases):
            org.create("Case", {"ContactId": rng.choice(contacts), "Subject": f"Bench case {i}",
                                "Status": rng.choice(CASE_STATUSES), "Origin": "Web", "Type": "Incident"}, integ)
    return contacts


def _client(info: dict):
    session = requests.Session()
    session.verify = info["ca_bundle"]
    session.trust_env = False
    creds = info["clients"]["integration"]
    token = session.post(info["login_url"] + "/services/oauth2/token",
                         data={"grant_type": "client_credentials", "client_id": creds["client_id"],
                               "client_secret": creds["client_secret"]}).json()["access_token"]
    return Salesforce(instance_url=info["instance_url"], session_id=token, session=session,
                      version=info["api_version"])


def _concurrent(info: dict, contacts: list[str], clients: int, seconds: float) -> float:
    """Aggregate queries/s of `clients` threads, each with its own keep-alive HTTPS connection."""
    counts = [0] * clients
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        sf = _client(info)
        rng = random.Random(100 + i)
        while time.perf_counter() < deadline:
            sf.query(format_soql(QUERY, rng.choice(contacts)))
            counts[i] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - t0)


def _raw_client_qps(info: dict, token: str, contacts: list[str], seconds: float) -> float:
    """Queries/s from a minimal keep-alive HTTPS client, to separate the emulator's cost from the client's."""
    host, port = info["instance_url"].removeprefix("https://").rsplit(":", 1)
    conn = http.client.HTTPSConnection(host, int(port),
                                       context=ssl.create_default_context(cafile=info["ca_bundle"]))
    rng = random.Random(3)
    n, t0 = 0, time.perf_counter()
    try:
        while time.perf_counter() - t0 < seconds:
            path = f"/services/data/v{info['api_version']}/query/?q=" + quote(format_soql(QUERY, rng.choice(contacts)))
            conn.request("GET", path, headers={"Authorization": "Bearer " + token})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"query failed: {response.status}")
            n += 1
    finally:
        conn.close()
    return n / (time.perf_counter() - t0)


def _serve(db: Path, info_file: Path) -> subprocess.Popen:
    """The emulator in its own process (as `concierge sandbox` runs it), so client and server do not share
    one interpreter lock."""
    proc = subprocess.Popen([sys.executable, "-m", "concierge", "sandbox", "salesforce", "--port", "0",
                             "--db", str(db), "--info-file", str(info_file)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not info_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the emulator did not start")
        time.sleep(0.05)
    return proc


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench emulator")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run queries")
    parser.add_argument("--clients", type=int, default=4, help="also measure N concurrent clients (1: skip)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        org = Org(db, seed=True)
        t0 = time.perf_counter()
        contacts = load_cases(org, args.cases, args.contacts)
        load_s = time.perf_counter() - t0
        # The engine alone (SOQL -> SQL -> JSON records), without HTTP, TLS or the client.
        rng = random.Random(2)
        n_engine, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < min(2.0, args.seconds):
            org.query(format_soql(QUERY, rng.choice(contacts)), "62.0")
            n_engine += 1
        engine_qps = n_engine / (time.perf_counter() - t0)
        org.close()
        proc = _serve(db, Path(tmp) / "info.json")
        try:
            info = json.loads((Path(tmp) / "info.json").read_text())
            sf = _client(info)
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
            print(f"soql_open_cases_qps: {n / sum(latencies):.0f} queries/s (one simple-salesforce client, "
                  "HTTPS keep-alive, emulator in its own process)")
            print(f"engine_qps: {engine_qps:.0f} queries/s (same query, in-process, no HTTP)")
            print(f"soql_latency_p50: {statistics.median(latencies) * 1000:.2f} ms")
            print(f"soql_latency_p99: {latencies[int(n * 0.99) - 1] * 1000:.2f} ms")
            print(f"rows_per_query: {rows / n:.1f}")
            print(f"server_qps_raw_client: {_raw_client_qps(info, sf.session_id, contacts, args.seconds):.0f} "
                  "queries/s (same query from a bare http.client connection: the emulator's own capacity)")
            if args.clients > 1:
                print(f"soql_open_cases_qps_{args.clients}_clients: "
                      f"{_concurrent(info, contacts, args.clients, args.seconds):.0f} queries/s")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=15)
    return 0
