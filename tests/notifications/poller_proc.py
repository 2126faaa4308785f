"""A poller replica in its own process, for the multi-process tests (python -m tests.notifications.poller_proc).

Arguments (JSON on argv[1]): db_url, sf (login_url, client_id, client_secret, api_version, ca_bundle),
slack_api_url, holder, interval, lease_ttl, crash_after_post (exit hard right after Slack accepted the first
DM, before the ledger records it: a `kill -9` at the worst moment).
"""
from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    cfg = json.loads(sys.argv[1])
    from slack_sdk import WebClient

    from notifications import Poller
    from servicecloud import CaseDesk, OrgConfig
    from store import Store

    store = Store(cfg["db_url"])
    sf = cfg["sf"]
    desk = CaseDesk.connect(login_url=sf["login_url"], client_id=sf["client_id"], client_secret=sf["client_secret"],
                            api_version=sf["api_version"], ca_bundle=sf["ca_bundle"], org=OrgConfig())
    poller = Poller(store=store, desk=desk, client=WebClient(token="xoxb-test", base_url=cfg["slack_api_url"]),
                    holder=cfg["holder"], interval_seconds=cfg["interval"], lease_ttl_seconds=cfg["lease_ttl"],
                    overlap_seconds=5, per_conversation_interval=0)
    if cfg.get("crash_after_post"):
        def die(*_a, **_k):
            os._exit(9)
        store.mark_ledger_sent = die       # the DM is out; the ledger never hears of it
    print("ready", flush=True)
    while True:
        report = poller.run_once()
        print(("standby" if report.standby else f"active sent={report.sent} found={report.recovered_found}"),
              flush=True)
        time.sleep(cfg["interval"])


if __name__ == "__main__":
    main()
