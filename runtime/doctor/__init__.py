"""`concierge doctor`: check, with the settings `concierge run` uses, that Salesforce, Slack and the database
are set up as Concierge needs, and say in plain words what to fix. Exit 0 when ready, 1 otherwise.

Checks live one per function in `salesforce.py` (and `salesforce_mapping.py`), `slack.py` and `database.py`;
`result.py` holds the outcome type and the report.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from runtime.doctor import database, salesforce, slack
from runtime.doctor.salesforce_context import SalesforceContext
from runtime.doctor.result import Finding, render


def check(settings: Any, *, manifest: dict[str, Any]) -> list[Finding]:
    """Every check, in report order."""
    from bot.app import create_client

    sf = SalesforceContext.from_settings(settings)
    try:
        findings = salesforce.run(sf)
    finally:
        if sf.desk is not None:
            sf.desk.client.session.close()
    findings += slack.run(slack.SlackContext(settings, manifest, create_client(settings.slack_bot_token, settings.slack_api_url)))
    findings += database.run(settings)
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="concierge doctor", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--manifest", help="the Slack app manifest to compare scopes with (default: manifest.yml "
                                           "of this checkout)")
    args = parser.parse_args(argv or [])
    logging.basicConfig(level=logging.WARNING)

    from pydantic import ValidationError

    from bot.manifest import load_manifest
    from runtime.settings import Settings
    try:
        settings = Settings()
        _ = settings.org                 # the org mapping file is read (and refused if wrong) here
    except (ValidationError, OSError, ValueError) as exc:
        print(f"concierge doctor: the settings can't be read: {exc}", file=sys.stderr)
        return 1
    try:
        manifest = load_manifest(args.manifest)
    except OSError as exc:
        print(f"concierge doctor: can't read the Slack app manifest ({exc}); pass --manifest PATH", file=sys.stderr)
        return 1
    findings = check(settings, manifest=manifest)
    print(render(findings))
    return 1 if any(f.blocking for f in findings) else 0
