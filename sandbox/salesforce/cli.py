"""`concierge sandbox salesforce --port PORT --db PATH --info-file PATH [--seed | --case-setup FILE]`: serve the
emulator alone (`--case-setup`: an org whose Case is set up as the YAML file says, case_setup.py).

The info file (JSON: instance_url, login_url, ca_bundle, api_version, clients) is written once the server
answers, and removed on exit. Stop with Ctrl-C or SIGTERM.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from .case_setup import DEFAULT_CASE_SETUP, load_case_setup
from .server import API_VERSION, EmulatorServer
from .store import Options


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="concierge sandbox salesforce",
                                     description="Serve the Salesforce REST emulator over HTTPS on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    parser.add_argument("--db", required=True, type=Path, help="SQLite file holding the org (created if missing)")
    parser.add_argument("--info-file", required=True, type=Path, help="where to write the connection info JSON")
    parser.add_argument("--seed", action="store_true",
                        help="load the seed data (contacts, cases, validation rule) into a new database")
    parser.add_argument("--case-setup", type=Path, default=None,
                        help="YAML file describing the org's Case set-up (statuses, picklists, custom fields, record "
                             "types; see sandbox/salesforce/case_setup.py); not with --seed")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--state-dir", type=Path, default=None, help="where to put the TLS files (default: next "
                        "to --db)")
    parser.add_argument("--api-version", default=API_VERSION)
    parser.add_argument("--daily-api-limit", type=int, default=Options.daily_api_limit)
    parser.add_argument("--max-attachment-bytes", type=int, default=Options.max_attachment_bytes)
    args = parser.parse_args(argv)
    try:
        case_setup = load_case_setup(args.case_setup) if args.case_setup else DEFAULT_CASE_SETUP
    except (OSError, ValueError, TypeError) as exc:
        parser.error(f"--case-setup: {exc}")
    if args.seed and case_setup != DEFAULT_CASE_SETUP:
        parser.error("--seed loads data written for the default case set-up; leave it out with --case-setup")

    args.db.parent.mkdir(parents=True, exist_ok=True)
    options = Options(daily_api_limit=args.daily_api_limit, max_attachment_bytes=args.max_attachment_bytes)
    server = EmulatorServer(args.db, port=args.port, seed=args.seed, host=args.host, state_dir=args.state_dir,
                            api_version=args.api_version, options=options, case_setup=case_setup)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server.start()
    try:
        args.info_file.parent.mkdir(parents=True, exist_ok=True)
        server.write_info(args.info_file)
        print(f"Salesforce emulator on {server.info['instance_url']} (info: {args.info_file})", flush=True)
        while not stop.wait(0.5):
            if not server.running:
                print("the emulator stopped unexpectedly", file=sys.stderr)
                return 1
    finally:
        server.close()
        args.info_file.unlink(missing_ok=True)
    return 0
