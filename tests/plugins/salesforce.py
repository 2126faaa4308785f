"""Fixtures for the Salesforce emulator (sandbox/salesforce), shared by every area's tests.

Stable interface (other areas rely on it):

- `sf_emulator` (session scope): a started `sandbox.salesforce.EmulatorServer` with seed data, serving
  HTTPS on 127.0.0.1 (free port) from a SQLite file in a temporary directory. Useful members:
  `.info` (instance_url, login_url, ca_bundle, api_version, clients{integration, agent, agent2}),
  `.salesforce(client_name)`, `.token(client_name)`, `.user_id(client_name)`, `.reset()`,
  `.expire_tokens(user_id=None)`, `.set_fault("unavailable"|"limit"|"slow", times=None, delay=2.0)`,
  `.clear_faults()`, `.add_validation_rule(name, message, when=..., changed=..., users=...)`,
  `.clear_validation_rules()`, `.api_usage()`, `.set_api_usage(n)`, `.create_contact(...)`,
  `.create_user(...)`, `.advance_clock(seconds)`, and `.org` (the store, for direct inspection).
- `sf`: function scope; resets the emulator to its seed (cheap: a few ms) and yields the server.
  Use it (rather than `sf_emulator`) in any test that writes or changes faults/rules/usage.
- `sf_integration` / `sf_agent`: function scope; simple_salesforce.Salesforce clients authenticated through
  the OAuth client-credentials endpoint as the integration user (the bot) and as agent Sam Rivera. They
  depend on `sf`, so the org starts from the seed in every test that uses them.
- `sf_session_factory()`: a requests.Session trusting the emulator's CA (verify=ca_bundle, trust_env=False:
  REQUESTS_CA_BUNDLE in the environment would otherwise override session.verify).

Seed data: see sandbox/salesforce/seed.py and docs/contracts.md ("Salesforce emulator").
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

from sandbox.salesforce import EmulatorServer


@pytest.fixture(scope="session")
def sf_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    directory = tmp_path_factory.mktemp("sf-emulator")
    server = EmulatorServer(directory / "salesforce.db", seed=True).start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def sf(sf_emulator: EmulatorServer) -> EmulatorServer:
    """The emulator, reset to its seed before the test."""
    sf_emulator.reset()
    return sf_emulator


@pytest.fixture
def sf_session_factory(sf_emulator: EmulatorServer) -> Callable[[], requests.Session]:
    def make() -> requests.Session:
        session = requests.Session()
        session.verify = sf_emulator.info["ca_bundle"]
        session.trust_env = False
        return session
    return make


@pytest.fixture
def sf_integration(sf: EmulatorServer):
    """simple_salesforce.Salesforce acting as the integration (bot) user."""
    client = sf.salesforce("integration")
    yield client
    client.session.close()


@pytest.fixture
def sf_agent(sf: EmulatorServer):
    """simple_salesforce.Salesforce acting as agent Sam Rivera."""
    client = sf.salesforce("agent")
    yield client
    client.session.close()
