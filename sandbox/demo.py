"""`concierge sandbox` (`make demo`): try Concierge with no Slack workspace and no Salesforce org.

Starts, on 127.0.0.1, wired together:
  1. the Salesforce emulator (sandbox/salesforce/, seeded: employees, agents, a few cases), over HTTPS;
  2. the Slack stand-in (sandbox/slack/): the Web API the bot calls, and signed deliveries to the bot;
  3. the real bot, as a black box: `concierge run` in a subprocess, configured only by environment
     (HTTP mode, its poller on a short interval), exactly as it runs in production;
  4. the page (sandbox/web/): a Slack-like DM with the bot, its App Home, the #it-help channel, and an agent
     console.
Everything a person does on the page reaches the bot as a signed Slack request; everything the bot does
reaches the page through the stand-in. Ctrl-C stops it all. See docs/demo.md.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from runtime.serving import BackgroundServer, free_port
from sandbox.private import open_private_log, write_private
from sandbox.web.agent import AgentConsole, AgentCredentials, AgentError
from sandbox.web import localguard
from sandbox.web.app import create_app
from sandbox.web.chat import ChangeHub

log = logging.getLogger("concierge.sandbox")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = Path("var/sandbox")
BOT_NAME = "Concierge"
# A request channel to try filing from a channel in (docs/channels.md): everyone and the bot are in it; a message
# there is filed by the :ticket: reaction, the "File as a case" shortcut or an @Concierge mention.
HELP_CHANNEL, HELP_CHANNEL_ID = "it-help", "C0ITHELP"
# What a sandbox writes in its state directory (what --fresh deletes).
STATE_FILES = ("salesforce.sqlite*", "salesforce", "salesforce-info.json", "concierge.sqlite*", "bot.log",
               "bot.pid")


def demo_org() -> dict[str, Any]:
    """The bot's org settings in the demo. One person plays the employee and the agent: a notice waits only 5 s
    after their last message (60 s in production, where "while they are talking" is someone else), so the agent's
    answer shows up while they watch. Knowledge is on, with the seeded knowledge base's settings: a problem an
    article fits gets the articles first, and "File my case" files it. #it-help is a request channel."""
    from sandbox.salesforce.knowledge_seed import BOT_SETTINGS   # lazily: `concierge sandbox --help` stays instant
    return {"notifications": {"talk_window_seconds": 5}, "knowledge": BOT_SETTINGS,
            "channels": {"requests": [{"id": HELP_CHANNEL_ID, "mode": "emoji"}]}}


class SandboxError(Exception):
    """The sandbox could not start; the message says what to do."""


@dataclass
class SandboxConfig:
    state_dir: Path = DEFAULT_STATE_DIR
    host: str = "127.0.0.1"
    page_port: int = 8080            # preferred ports; a free one is used when taken (0 = any free port)
    slack_port: int = 8081
    bot_port: int = 8082
    salesforce_port: int = 8443
    poll_interval: float = 2.0
    fresh: bool = False
    bot_command: list[str] | None = None   # default: this Python running `concierge run`
    bot_start_timeout: float = 90.0
    bot_env: dict[str, str] = field(default_factory=dict)   # extra environment for the bot
    echo_bot_log: bool = False              # also copy the bot's output to this terminal
    open_browser: bool = False              # open the page in the default browser once it is up


class Sandbox:
    """The running sandbox. ``start()`` brings everything up in order; ``stop()`` ends it all (idempotent)."""

    def __init__(self, config: SandboxConfig | None = None):
        self.config = config or SandboxConfig()
        self.state_dir = Path(self.config.state_dir).resolve()
        self.signing_secret = secrets.token_hex(16)
        self.bot_token = "xoxb-sandbox-" + secrets.token_hex(8)
        self.emulator: Any = None
        self.salesforce_info: dict[str, Any] = {}
        self.standin: Any = None
        self.chat: Any = None
        self.bot_process: subprocess.Popen[bytes] | None = None
        self.bot_url: str | None = None
        self.page_token = localguard.new_token()     # per run: the page and its API answer only with it
        self.agent: AgentConsole | None = None
        self.hub = ChangeHub()
        self.web: BackgroundServer | None = None
        self._bot_log: Any = None
        self._echo_thread: threading.Thread | None = None
        self._stopped = False
        self.cancel = threading.Event()   # set (e.g. by Ctrl-C) to abandon a start in progress

    # ---- lifecycle ----------------------------------------------------------------------------------
    def start(self) -> "Sandbox":
        try:
            self._prepare_state_dir()
            self._start_salesforce()
            self._start_slack()
            self._start_bot()
            self._start_page()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop in reverse order; each step is bounded in time, and a failing step does not skip the rest."""
        if self._stopped:
            return
        self._stopped = True
        steps = [("page", self._stop_page), ("bot", self._stop_bot), ("Slack stand-in", self._stop_slack),
                 ("Salesforce emulator", self._stop_salesforce)]
        for name, step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - keep stopping the others
                log.exception("stopping the %s failed", name)

    def __enter__(self) -> "Sandbox":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def page_url(self) -> str:
        assert self.web is not None
        return self.web.url + "/"

    @property
    def open_url(self) -> str:
        """The page with this run's token (sandbox/web/localguard.py): what to open in the browser."""
        return f"{self.page_url}?token={self.page_token}"

    # ---- steps --------------------------------------------------------------------------------------
    def _prepare_state_dir(self) -> None:
        """Create the state directory; with --fresh, delete what an earlier sandbox left in it (only that:
        the directory is user-chosen, so nothing else in it is touched)."""
        if self.config.fresh and self.state_dir.exists():
            for pattern in STATE_FILES:
                for path in self.state_dir.glob(pattern):
                    if path.is_dir():
                        shutil.rmtree(path)
                    else:
                        path.unlink()
        self.state_dir.mkdir(parents=True, exist_ok=True)

    def _start_salesforce(self) -> None:
        from sandbox.salesforce import EmulatorServer  # lazily: `concierge sandbox --help` stays instant

        db_path = self.state_dir / "salesforce.sqlite"
        self.emulator = EmulatorServer(str(db_path), port=free_port(self.config.host, self.config.salesforce_port),
                                       seed=True, host=self.config.host,
                                       state_dir=str(self.state_dir / "salesforce"))
        self.emulator.start()
        self.salesforce_info = dict(self.emulator.info)
        write_private(self.state_dir / "salesforce-info.json", json.dumps(self.salesforce_info, indent=2))

    def _start_slack(self) -> None:
        from sandbox.slack import DEFAULT_USERS, SlackStandIn
        from sandbox.web.standin_chat import StandInChat

        self.standin = SlackStandIn(self.signing_secret, self.bot_token, users=DEFAULT_USERS,
                                    host=self.config.host,
                                    port=free_port(self.config.host, self.config.slack_port))
        self.standin.start()
        self.standin.add_channel(HELP_CHANNEL, [u.id for u in DEFAULT_USERS], channel_id=HELP_CHANNEL_ID)
        self.chat = StandInChat(self.standin, bot_name=BOT_NAME)

    def bot_environment(self, port: int) -> dict[str, str]:
        """The bot's whole configuration: environment variables only, as in production."""
        integration = self.salesforce_info["clients"]["integration"]
        # Nothing of a developer's real Slack/Salesforce configuration leaks in; and no machine-wide CA
        # bundle variable may override SF_CA_BUNDLE (requests lets REQUESTS_CA_BUNDLE win over a session's).
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SLACK_", "SF_")) and k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")}
        env.update({
            "SLACK_BOT_TOKEN": self.bot_token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_API_URL": self.standin.api_url,
            "HOST": self.config.host,
            "PORT": str(port),
            "SF_LOGIN_URL": self.salesforce_info["login_url"],
            "SF_CLIENT_ID": integration["client_id"],
            "SF_CLIENT_SECRET": integration["client_secret"],
            "SF_CA_BUNDLE": str(self.salesforce_info["ca_bundle"]),
            "SF_API_VERSION": str(self.salesforce_info.get("api_version", "62.0")),
            "DATABASE_URL": f"sqlite:///{self.state_dir / 'concierge.sqlite'}",
            "POLL_INTERVAL_SECONDS": str(self.config.poll_interval),
            "RUN_POLLER": "true",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        })
        if "CONCIERGE_CONFIG" not in env:
            org_file = self.state_dir / "demo-org.yml"
            org_file.write_text(yaml.safe_dump(demo_org(), sort_keys=False), encoding="utf-8")
            env["CONCIERGE_CONFIG"] = str(org_file)
        env.update(self.config.bot_env)
        return env

    def _start_bot(self) -> None:
        port = free_port(self.config.host, self.config.bot_port)
        command = self.config.bot_command or [sys.executable, "-m", "concierge", "run"]
        log_path = self.state_dir / "bot.log"
        self._bot_log = open_private_log(log_path)
        self._bot_log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(command)}\n".encode())
        self._bot_log.flush()
        # Its own session: Ctrl-C in the terminal reaches the sandbox, which stops the bot in order.
        # cwd = the state dir, so a developer's .env (real Slack tokens) is not picked up by accident.
        self.bot_process = subprocess.Popen(
            command, cwd=self.state_dir, env=self.bot_environment(port), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        (self.state_dir / "bot.pid").write_text(f"{self.bot_process.pid}\n")
        self._echo_thread = threading.Thread(target=self._pump_bot_output, name="bot-log", daemon=True)
        self._echo_thread.start()
        self.bot_url = f"http://{self.config.host}:{port}"
        self._wait_for_bot(log_path)
        self.standin.events_url = f"{self.bot_url}/slack/events"

    def _pump_bot_output(self) -> None:
        assert self.bot_process is not None and self.bot_process.stdout is not None
        for line in iter(self.bot_process.stdout.readline, b""):
            self._bot_log.write(line)
            self._bot_log.flush()
            if self.config.echo_bot_log:
                sys.stderr.write("[bot] " + line.decode(errors="replace"))

    def _wait_for_bot(self, log_path: Path) -> None:
        assert self.bot_process is not None
        deadline = time.monotonic() + self.config.bot_start_timeout
        session = requests.Session()
        try:
            while time.monotonic() < deadline:
                if self.cancel.is_set():
                    raise SandboxError("Stopped while the bot was starting.")
                if self.bot_process.poll() is not None:
                    raise SandboxError(f"The bot exited (code {self.bot_process.returncode}) while starting. "
                                       f"Its output:\n{_tail(log_path)}")
                try:
                    if session.get(f"{self.bot_url}/healthz", timeout=1).status_code < 500:
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.1)
        finally:
            session.close()
        raise SandboxError(f"The bot did not answer on {self.bot_url}/healthz within "
                           f"{self.config.bot_start_timeout:.0f}s. Its output:\n{_tail(log_path)}")

    def _start_page(self) -> None:
        self.agent = AgentConsole(AgentCredentials.from_emulator_info(self.salesforce_info))
        agent_user = self.salesforce_info["clients"]["agent"].get("user_id")
        try:
            self.agent.load_identity(agent_user)
        except AgentError as exc:
            log.warning("agent console: %s", exc.message)
        app = create_app(self.chat, self.agent, hub=self.hub, title="Concierge sandbox",
                         salesforce_url=self.salesforce_info.get("instance_url"), token=self.page_token)
        self.web = BackgroundServer(app, host=self.config.host, port=self.config.page_port, name="sandbox-page",
                                    fallback_to_free=True, timeout_graceful_shutdown=2, on_stopping=self.hub.close)
        self.web.start()

    def _stop_page(self) -> None:
        if self.web is not None:
            self.web.stop()

    def _stop_bot(self) -> None:
        process = self.bot_process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._echo_thread is not None:
            self._echo_thread.join(timeout=2)
        if process is not None and process.stdout is not None:
            process.stdout.close()
        (self.state_dir / "bot.pid").unlink(missing_ok=True)
        if self._bot_log is not None:
            self._bot_log.close()

    def _stop_slack(self) -> None:
        if self.standin is not None:
            self.standin.stop()

    def _stop_salesforce(self) -> None:
        if self.emulator is not None:
            self.emulator.stop()

    # ---- what to print ------------------------------------------------------------------------------
    def banner(self) -> str:
        info = self.salesforce_info
        return "\n".join([
            "",
            "  Concierge sandbox is running.",
            "",
            f"  Open  {self.open_url}",
            "        chat with the bot as an employee (or ask in #it-help); act on cases in the agent console beside it",
            "",
            f"  Salesforce emulator  {info.get('instance_url')}   (clients in {self.state_dir / 'salesforce-info.json'})",
            f"  Slack stand-in       {self.standin.api_url}",
            f"  Bot (concierge run)  {self.bot_url}/slack/events   (log: {self.state_dir / 'bot.log'})",
            f"  State                {self.state_dir}   (start over with --fresh)",
            "",
            "  Press Ctrl-C to stop.",
            "",
        ])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def parse_args(argv: list[str]) -> SandboxConfig:
    parser = argparse.ArgumentParser(
        prog="concierge sandbox",
        description="Start the Salesforce emulator, the Slack stand-in and the bot, and serve the chat page.")
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR,
                        help="where the emulator's and the bot's data live (default: %(default)s)")
    parser.add_argument("--fresh", action="store_true", help="delete the state directory first (start over)")
    parser.add_argument("--port", type=int, default=8080, help="the page's port (default: %(default)s)")
    parser.add_argument("--slack-port", type=int, default=8081, help="the Slack stand-in's port")
    parser.add_argument("--bot-port", type=int, default=8082, help="the bot's HTTP port")
    parser.add_argument("--salesforce-port", type=int, default=8443, help="the Salesforce emulator's port")
    parser.add_argument("--poll-interval", type=float, default=2.0,
                        help="seconds between the bot's Salesforce polls (default: %(default)s)")
    parser.add_argument("--open", action="store_true", help="open the page in a web browser")
    parser.add_argument("--verbose", action="store_true", help="show the bot's log in this terminal")
    args = parser.parse_args(argv)
    config = SandboxConfig(state_dir=args.state_dir, page_port=args.port, slack_port=args.slack_port,
                           bot_port=args.bot_port, salesforce_port=args.salesforce_port,
                           poll_interval=args.poll_interval, fresh=args.fresh, echo_bot_log=args.verbose,
                           open_browser=args.open)
    return config


def main(argv: list[str] | None = None) -> int:
    config = parse_args(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stop = threading.Event()
    sandbox = Sandbox(config)

    def on_signal(signum: int, _frame: Any) -> None:
        if stop.is_set():
            return
        print("\n  Stopping the sandbox…", flush=True)
        stop.set()
        sandbox.cancel.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print("  Starting the Salesforce emulator, the Slack stand-in and the bot…", flush=True)
        try:
            sandbox.start()
        except SandboxError as exc:
            if stop.is_set():
                return 130
            print(f"\n  The sandbox could not start: {exc}", file=sys.stderr)
            return 1
        except ImportError as exc:
            print(f"\n  The sandbox could not start: a part is missing ({exc}).", file=sys.stderr)
            return 1
        if stop.is_set():
            return 130
        print(sandbox.banner(), flush=True)
        if config.open_browser:
            webbrowser.open(sandbox.open_url)
        while not stop.wait(0.5):
            if sandbox.bot_process is not None and sandbox.bot_process.poll() is not None:
                print(f"\n  The bot stopped (exit code {sandbox.bot_process.returncode}); see "
                      f"{sandbox.state_dir / 'bot.log'}. Stopping the sandbox.", file=sys.stderr)
                return 1
        return 0
    finally:
        sandbox.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        print("  Sandbox stopped.", flush=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
