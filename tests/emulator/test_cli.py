"""`concierge sandbox salesforce`: serves, writes the info file once ready, removes it on SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from simple_salesforce import Salesforce

ROOT = Path(__file__).resolve().parents[2]


def test_cli_serves_and_writes_info_file(tmp_path):
    info_file = tmp_path / "sf.json"
    proc = subprocess.Popen([sys.executable, "-m", "concierge", "sandbox", "salesforce", "--port", "0",
                             "--db", str(tmp_path / "org.db"), "--info-file", str(info_file), "--seed"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not info_file.exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "no info file"
            time.sleep(0.05)
        info = json.loads(info_file.read_text())
        assert set(info) >= {"instance_url", "login_url", "ca_bundle", "api_version", "clients"}
        assert info["instance_url"].startswith("https://127.0.0.1:")
        assert info["login_url"].startswith("https://127.0.0.1:")
        assert info["api_version"] == "62.0" and Path(info["ca_bundle"]).is_file()
        assert set(info["clients"]) >= {"integration", "agent"}
        for client in info["clients"].values():
            assert set(client) >= {"client_id", "client_secret", "user_id"}
            assert client["user_id"].startswith("005") and len(client["user_id"]) == 18
        assert info["clients"]["integration"]["user_id"] != info["clients"]["agent"]["user_id"]
        creds = info["clients"]["integration"]
        session = requests.Session()
        session.verify = info["ca_bundle"]
        session.trust_env = False
        token = session.post(info["login_url"] + "/services/oauth2/token",
                             data={"grant_type": "client_credentials", "client_id": creds["client_id"],
                                   "client_secret": creds["client_secret"]}).json()["access_token"]
        sf = Salesforce(instance_url=info["instance_url"], session_id=token, session=session,
                        version=info["api_version"])
        assert sf.query("SELECT COUNT() FROM Contact")["totalSize"] == 4
        # the token acts as the user the info file names for that client
        new_id = sf.Case.create({"Subject": "from the CLI test"})["id"]
        assert sf.Case.get(new_id)["CreatedById"] == creds["user_id"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    assert not info_file.exists()
    assert (tmp_path / "org.db").exists() and os.path.getsize(tmp_path / "org.db") > 0


def test_bench_command_prints_its_figures(capsys):
    from sandbox.salesforce import bench

    assert bench.main(["--cases", "300", "--contacts", "10", "--seconds", "0.3", "--clients", "2"]) == 0
    out = capsys.readouterr().out
    figures = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    for name in ("soql_open_cases_qps", "engine_qps", "server_qps_raw_client", "soql_open_cases_qps_2_clients"):
        assert float(figures[name].split()[0]) > 0, out
    assert 0 < float(figures["rows_per_query"]) <= 50


def test_cli_serves_an_org_set_up_as_a_case_setup_file_says(tmp_path):
    setup = tmp_path / "org.yml"
    setup.write_text("statuses: [Open, Pending Employee, {name: Solved, closed: true}]\n"
                     "default_status: Open\npriorities: [P1, P2]\ndefault_priority: P2\nrestricted: [Priority]\n"
                     "custom_fields:\n  - {name: Business_Unit__c, type: picklist, values: [IT, HR], required: true}\n")
    info_file = tmp_path / "sf.json"
    proc = subprocess.Popen([sys.executable, "-m", "concierge", "sandbox", "salesforce", "--port", "0",
                             "--db", str(tmp_path / "org.db"), "--info-file", str(info_file),
                             "--case-setup", str(setup)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not info_file.exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "no info file"
            time.sleep(0.05)
        info = json.loads(info_file.read_text())
        creds = info["clients"]["integration"]
        session = requests.Session()
        session.verify = info["ca_bundle"]
        session.trust_env = False
        token = session.post(info["login_url"] + "/services/oauth2/token",
                             data={"grant_type": "client_credentials", "client_id": creds["client_id"],
                                   "client_secret": creds["client_secret"]}).json()["access_token"]
        sf = Salesforce(instance_url=info["instance_url"], session_id=token, session=session,
                        version=info["api_version"])
        rows = sf.query("SELECT ApiName, IsClosed FROM CaseStatus ORDER BY SortOrder")["records"]
        assert [(r["ApiName"], r["IsClosed"]) for r in rows] == [("Open", False), ("Pending Employee", False),
                                                                 ("Solved", True)]
        case = sf.Case.get(sf.Case.create({"Subject": "x", "Business_Unit__c": "IT"})["id"])
        assert (case["Status"], case["Priority"]) == ("Open", "P2")
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0


def test_cli_refuses_seed_data_with_another_case_setup_and_unknown_keys(tmp_path):
    setup = tmp_path / "org.yml"
    for text, message in (("priorities: [P1]\ndefault_priority: P1\n", "--seed"), ("colour: blue\n", "colour")):
        setup.write_text(text)
        done = subprocess.run([sys.executable, "-m", "concierge", "sandbox", "salesforce", "--db",
                               str(tmp_path / "x.db"), "--info-file", str(tmp_path / "x.json"), "--seed",
                               "--case-setup", str(setup)], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and message in done.stderr, done.stderr
