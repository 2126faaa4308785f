"""The processes an end-to-end benchmark runs, one each as in production: the Salesforce emulator
(`concierge sandbox salesforce --seed`), the bot (`concierge run`, HTTP mode) and, in the caller's process, the
Slack stand-in that signs the requests. Used by `concierge bench bot` and `concierge bench e2e` (benchmarks/bot.py, benchmarks/e2e.py)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import yaml

from runtime.serving import free_port

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench-token"


@dataclass
class Rig:
    slack: Any                   # sandbox.slack.SlackStandIn, delivering to the bot
    sf_info: dict[str, Any]      # the emulator's info file (login_url, instance_url, clients, ...)
    base_url: str                # the bot's HTTP server

    def api_calls(self) -> int:
        """Salesforce API calls the emulator has counted so far (its /_sandbox/usage is not counted)."""
        r = requests.get(self.sf_info["instance_url"] + "/_sandbox/usage", timeout=10,
                         verify=self.sf_info["ca_bundle"],
                         headers={"X-Sandbox-Token": self.sf_info.get("control_token", "")})
        r.raise_for_status()
        return int(r.json()["used"])

    def create_as_agent(self, sobject: str, fields: dict[str, Any]) -> str:
        """Create a record through the REST API as the agent (set-up, counted before any measurement)."""
        info, creds = self.sf_info, self.sf_info["clients"]["agent"]
        token = requests.post(info["login_url"] + "/services/oauth2/token", timeout=10, verify=info["ca_bundle"],
                              data={"grant_type": "client_credentials", "client_id": creds["client_id"],
                                    "client_secret": creds["client_secret"]})
        token.raise_for_status()
        made = requests.post(f"{info['instance_url']}/services/data/v{info['api_version']}/sobjects/{sobject}/",
                             json=fields, timeout=10, verify=info["ca_bundle"],
                             headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        made.raise_for_status()
        return str(made.json()["id"])

    def bot_memory_mb(self) -> float:
        """The bot process's resident memory (MB), as its own /metrics reports it (process_resident_memory_bytes,
        prometheus-client's process collector; NaN where /proc is missing)."""
        text = requests.get(self.base_url + "/metrics", timeout=10).text
        return metric_totals(text).get("process_resident_memory_bytes", float("nan")) / 1e6


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank p-th percentile of `values` (NaN when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def metric_totals(text: str) -> dict[str, float]:
    """A /metrics page as sample name -> its value summed over all labels."""
    from prometheus_client.parser import text_string_to_metric_families
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            totals[sample.name] = totals.get(sample.name, 0.0) + sample.value
    return totals


@contextmanager
def running_bot(tmp: str, users: Sequence[Any], *, database_url: str | None = None,
                env: dict[str, str] | None = None, org: dict[str, Any] | None = None) -> Iterator[Rig]:
    """Start the emulator, the stand-in (with `users`) and the bot in `tmp`; stop them all on exit. `org`: the
    bot's org settings (written as its CONCIERGE_CONFIG file)."""
    from sandbox.slack import SlackStandIn

    root = Path(__file__).resolve().parent.parent
    if org is not None:
        org_file = Path(tmp) / "org.yml"
        org_file.write_text(yaml.safe_dump(org), encoding="utf-8")
        env = {"CONCIERGE_CONFIG": str(org_file), **(env or {})}
    info_file = Path(tmp) / "sf-info.json"
    sf_proc = subprocess.Popen([sys.executable, "-m", "concierge", "sandbox", "salesforce", "--seed",
                                "--db", str(Path(tmp) / "salesforce.db"), "--info-file", str(info_file)],
                               cwd=root, stdout=subprocess.DEVNULL)
    slack = None
    bot = None
    try:
        deadline = time.time() + 60
        while not info_file.exists():
            if sf_proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("the Salesforce emulator did not start")
            time.sleep(0.1)
        sf_info = json.loads(info_file.read_text())
        slack = SlackStandIn(SIGNING_SECRET, BOT_TOKEN, users=list(users)).start()
        creds = sf_info["clients"]["integration"]
        port = free_port()
        bot_env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                   "SLACK_API_URL": slack.api_url, "PORT": str(port), "HOST": "127.0.0.1",
                   "SF_LOGIN_URL": sf_info["login_url"], "SF_CLIENT_ID": creds["client_id"],
                   "SF_CLIENT_SECRET": creds["client_secret"], "SF_CA_BUNDLE": sf_info["ca_bundle"],
                   "SF_API_VERSION": sf_info["api_version"],
                   "DATABASE_URL": database_url or f"sqlite:///{tmp}/concierge.sqlite",
                   "RUN_POLLER": "false", "LOG_LEVEL": "WARNING",
                   # a load generator, not a person: no per-person budget (bot/budget.py)
                   "PERSON_MESSAGES_PER_MINUTE": "0", "PERSON_CASES_PER_DAY": "0", **(env or {})}
        bot_env.pop("SLACK_APP_TOKEN", None)
        bot = subprocess.Popen([sys.executable, "-m", "concierge", "run", "--log-level", "WARNING"], env=bot_env,
                               cwd=root)
        base_url = f"http://127.0.0.1:{port}"
        _wait_healthy(base_url + "/healthz", bot)
        slack.events_url = base_url + "/slack/events"
        yield Rig(slack, sf_info, base_url)
    finally:
        for proc in (bot, sf_proc):
            if proc is None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if slack is not None:
            slack.stop()


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited with code {proc.returncode}")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the bot did not become healthy in time")
