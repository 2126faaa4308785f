"""State: concurrent writers through HTTPS, and persistence across a restart on the same SQLite file."""
from __future__ import annotations

import threading

from sandbox.salesforce import EmulatorServer


def test_concurrent_writers_get_unique_case_numbers(sf, alice_id):
    per_thread, threads_n = 15, 6
    errors: list[BaseException] = []
    created: list[str] = []
    lock = threading.Lock()

    def writer(i: int) -> None:
        try:
            client = sf.salesforce("agent" if i % 2 else "integration")
            for j in range(per_thread):
                cid = client.Case.create({"ContactId": alice_id, "Subject": f"load {i}-{j}"})["id"]
                client.CaseComment.create({"ParentId": cid, "CommentBody": f"note {i}-{j}"})
                with lock:
                    created.append(cid)
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    client = sf.salesforce("integration")
    rows = client.query_all("SELECT Id, CaseNumber, (SELECT Id FROM CaseComments) FROM Case "
                            "WHERE Subject LIKE 'load %'")["records"]
    assert len(rows) == len(created) == per_thread * threads_n
    assert len({r["CaseNumber"] for r in rows}) == len(rows)
    assert all(r["CaseComments"]["totalSize"] == 1 for r in rows)


def test_restart_keeps_data_rules_and_clients(tmp_path):
    db = tmp_path / "org.db"
    first = EmulatorServer(db, seed=True).start()
    try:
        clients = first.info["clients"]
        first.add_validation_rule("No_Low", "no low priority", when={"Priority": "4-Low"})
        case_id = first.salesforce("integration").Case.create({"Subject": "survives"})["id"]
    finally:
        first.close()
    second = EmulatorServer(db).start()
    try:
        assert second.info["clients"] == clients
        assert [r.name for r in second.validation_rules()][-1] == "No_Low"
        sf = second.salesforce("integration")
        assert sf.Case.get(case_id)["Subject"] == "survives"
        assert sf.query("SELECT COUNT() FROM Contact")["totalSize"] == 4
        second.reset()    # a restarted seeded org resets to its seed
        assert second.salesforce("agent").query("SELECT COUNT() FROM Case")["totalSize"] == 7
    finally:
        second.close()
