"""`concierge bench desk`: what each CaseDesk operation costs in Salesforce API calls, and the change feed's
cost as the number of cases grows.

It starts its own Salesforce emulator (seeded) in a temporary directory, connects a CaseDesk through OAuth
client credentials over HTTPS exactly as the bot does, and reads every cost from the emulator's API usage
counter (the figure Salesforce bills against the org's daily limit). Output: `name: value unit` lines.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

TARGET_CALLS = 1


def _measure(server: Any, fn: Callable[[], Any]) -> tuple[int, float, Any]:
    before = server.api_usage()[0]
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    return server.api_usage()[0] - before, elapsed, result


def _load_cases(server: Any, n: int, contact_ids: list[str]) -> list[str]:
    """`n` cases spread over the contacts, written straight into the emulator's store (fast)."""
    org = server.org
    integ = server.user_id("integration")
    ids = []
    with org.transaction():
        for i in range(n):
            ids.append(org.create("Case", {"ContactId": contact_ids[i % len(contact_ids)],
                                           "Subject": f"Tracked case {i}", "Status": "New",
                                           "Origin": "Concierge Slack", "Type": "Incident"}, integ))
    return ids


def _agent_changes(server: Any, case_ids: list[str], n: int) -> None:
    """`n` changes by an agent: alternately a public comment and a status change."""
    org = server.org
    agent = server.user_id("agent")
    with org.transaction():
        for i in range(n):
            cid = case_ids[(i * 7919) % len(case_ids)]
            if i % 2 == 0:
                org.create("CaseComment", {"ParentId": cid, "CommentBody": f"Agent reply {i}",
                                           "IsPublished": True}, agent)
            else:
                org.update("Case", cid, {"Status": "Waiting for user response"}, agent)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge bench desk")
    parser.add_argument("--sizes", default="10,1000,10000", help="tracked case counts for the change feed")
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    from sandbox.salesforce import EmulatorServer  # the benchmark's own org; never used at run time
    from servicecloud import CaseDesk, FileUpload, OrgConfig

    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        server = EmulatorServer(Path(tmp) / "desk-bench.db", seed=True).start()
        try:
            info = server.info
            creds = info["clients"]["integration"]
            desk = CaseDesk.connect(info["login_url"], creds["client_id"], creds["client_secret"],
                                    api_version=info["api_version"], ca_bundle=info["ca_bundle"], org=OrgConfig())
            email = "bench.employee@example.com"
            contact_id = server.create_contact("Bench", "Employee", email)
            _ = desk.integration_user_id      # sign in outside the measurements (token calls are free)

            print("# API calls per operation (from the emulator's usage counter)")
            ops: list[tuple[str, Callable[[], Any], int]] = []
            state: dict[str, Any] = {}

            def file_case() -> Any:
                state["case"] = desk.file_case(contact_id, "VPN drops every ten minutes when on Wi-Fi")
                return state["case"]

            def number() -> str:
                return state["case"].case_number

            long_comment = "\n\n".join(f"Step {i}: " + "details " * 120 for i in range(10))
            ops += [
                ("find_contact", lambda: desk.find_contact(email), 1),
                ("file_case (first: record type looked up in the same call)", file_case, 1),
                ("file_case", file_case, 1),
                ("file_case with 2 attachments", lambda: desk.file_case(
                    contact_id, "Screen flickers", attachments=[FileUpload("a.png", b"\x89PNG" * 1000, "image/png"),
                                                                FileUpload("log.txt", b"log line\n" * 500)]), 1),
                ("get_case", lambda: desk.get_case(contact_id, number()), 1),
                ("list_open_cases", lambda: desk.list_open_cases(contact_id), 1),
                ("list_recent_cases", lambda: desk.list_recent_cases(contact_id), 1),
                ("search_cases", lambda: desk.search_cases(contact_id, ["vpn", "wifi"]), 1),
                ("add_comment", lambda: desk.add_comment(contact_id, number(), "Still happening today."), 1),
                ("add_comment (9,700 chars, 3 parts)", lambda: desk.add_comment(contact_id, number(), long_comment), 1),
                ("update_description (replace)", lambda: desk.update_description(
                    contact_id, number(), "VPN drops every ten minutes on Wi-Fi and Ethernet", append=False), 1),
                ("update_description (append)", lambda: desk.update_description(
                    contact_id, number(), "Also on the office network."), 2),
                ("attach_file", lambda: desk.attach_file(contact_id, number(), FileUpload("trace.har", b"{}" * 2000)), 1),
                ("close_case", lambda: desk.close_case(contact_id, number()), 1),
                ("reopen_case", lambda: desk.reopen_case(contact_id, number()), 1),
                ("get_case of another contact (CaseNotFound)", lambda: _expect_not_found(
                    lambda: desk.get_case(server.create_contact("Other", "Person", "other.bench@example.com"),
                                          number())), 1),
                ("add_work_note", lambda: desk.add_work_note(state["case"].id, "Concierge told the user."), 1),
                ("add_work_notes x250 (200 per call)", lambda: desk.add_work_notes(
                    [(state["case"].id, f"note {i}") for i in range(250)]), 2),
            ]
            for name, fn, expected in ops:
                calls, elapsed, _ = _measure(server, fn)
                flag = "" if calls <= expected else f"  (expected {expected})"
                if calls > expected:
                    failures.append(name)
                print(f"{name}: {calls} calls, {elapsed * 1000:.0f} ms{flag}")

            print("# change feed (changes_since) vs tracked cases")
            contacts = [server.create_contact("Bench", f"Contact{i}", f"bench.c{i}@example.com") for i in range(50)]
            case_ids: list[str] = []
            for size in sizes:
                case_ids += _load_cases(server, size - len(case_ids), contacts) if size > len(case_ids) else []
                server.advance_clock(1)
                mark = desk.changes_since(None).watermark
                server.advance_clock(1)
                calls, elapsed, idle = _measure(server, partial(desk.changes_since, mark))
                note = ""
                if calls > 1 or idle.cases or idle.comments:
                    failures.append(f"change feed idle, {size} cases")
                    note = ("  (rows sharing the watermark's second were re-read: the emulator keeps milliseconds,"
                            " Salesforce stores whole seconds)")
                print(f"change feed, {size} cases, 0 changes: {calls} calls, {elapsed * 1000:.0f} ms{note}")
                _agent_changes(server, case_ids, args.changes)
                calls, elapsed, got = _measure(server, partial(desk.changes_since, mark))
                print(f"change feed, {size} cases, {args.changes} changes: {calls} calls, {elapsed * 1000:.0f} ms "
                      f"({len(got.cases)} cases, {len(got.comments)} comments)")
                calls, elapsed, got = _measure(server, partial(desk.changes_since, got.watermark))
                print(f"change feed, {size} cases, next poll: {calls} calls, {len(got.cases) + len(got.comments)} rows")
            # A catch-up after a long outage: every case changed since the watermark (pagination).
            server.advance_clock(1)
            with server.org.transaction():
                agent = server.user_id("agent")
                for cid in case_ids:
                    server.org.update("Case", cid, {"Priority": "2-High"}, agent)
            calls, elapsed, got = _measure(server, lambda: desk.changes_since(mark))
            print(f"change feed catch-up, {len(got.cases)} cases changed: {calls} calls, {elapsed * 1000:.0f} ms")
            print(f"api_usage: {desk.api_usage()}")
        finally:
            server.close()
    if failures:
        print(f"over target: {', '.join(failures)}")
    print(f"desk operations over target: {len(failures)}")
    return 0


def _expect_not_found(fn: Callable[[], Any]) -> None:
    from servicecloud import CaseNotFound

    try:
        fn()
    except CaseNotFound:
        return
    raise AssertionError("another contact's case was visible")
