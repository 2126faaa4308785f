"""Fixtures for the Case domain (`servicecloud.CaseDesk`) wired to the Salesforce emulator.

Stable interface (the bot and notifications tests use it):

- `desk`: function scope; a `CaseDesk` signed in to the emulator as the integration client, with the default
  `OrgConfig`. Depends on `sf`, so the org is reset to its seed first. Nothing is sent until the first call.
- `make_desk(org=None, **connect_kwargs)`: function scope; builds more desks on the same emulator (another
  `OrgConfig`, a short timeout, ...). Each has its own connection; all are closed after the test.
- `employee`, `other_employee`: a fresh `servicecloud.Contact` per test (unique name and email, no cases),
  created through the emulator's control, so tests never see each other's cases.
- `desk_calls()`: the emulator's API usage counter (calls used so far today); compare before/after an
  operation to assert its cost.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from servicecloud import CaseDesk, Contact, OrgConfig

_serial = itertools.count(1)


def _connect(sf: Any, org: OrgConfig | None = None, **kwargs: Any) -> CaseDesk:
    info = sf.info
    creds = info["clients"]["integration"]
    return CaseDesk.connect(login_url=info["login_url"], client_id=creds["client_id"],
                            client_secret=creds["client_secret"], api_version=info["api_version"],
                            ca_bundle=info["ca_bundle"], org=org or OrgConfig(), **kwargs)


@pytest.fixture
def make_desk(sf: Any) -> Iterator[Callable[..., CaseDesk]]:
    made: list[CaseDesk] = []

    def make(org: OrgConfig | None = None, **kwargs: Any) -> CaseDesk:
        d = _connect(sf, org, **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.client.session.close()


@pytest.fixture
def desk(make_desk: Callable[..., CaseDesk]) -> CaseDesk:
    return make_desk()


def _new_contact(sf: Any, label: str) -> Contact:
    n = f"{os.getpid()}-{next(_serial)}"
    email = f"{label}.{n}@example.com"
    cid = sf.create_contact("Test", f"{label.title()} {n}", email)
    return Contact(id=cid, email=email, name=f"Test {label.title()} {n}")


@pytest.fixture
def employee(sf: Any) -> Contact:
    return _new_contact(sf, "employee")


@pytest.fixture
def other_employee(sf: Any) -> Contact:
    return _new_contact(sf, "other")


@pytest.fixture
def desk_calls(sf: Any) -> Callable[[], int]:
    return lambda: sf.api_usage()[0]
