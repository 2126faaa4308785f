"""The emulated org's fixed set-up and its optional seed data (docs/contracts.md, "Salesforce emulator").

`build_org` always runs: the Case record types of the org's case set-up (the sandbox's: Ticket), the integration user, two agents and the two OAuth
clients. `seed_data` (flag --seed) adds contacts, cases in several statuses and origins, comments, and the
validation rule "cases of Type Problem cannot be closed by the user".

Everything is created in a fixed order, so Ids and case numbers are the same after every reset.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from .fields import SObject
from .knowledge_seed import seed_knowledge
from .rules import ValidationRule
from .schema import SCHEMA, Schema
from .setup_rows import build_setup
from .timefmt import format_datetime


class Org(Protocol):
    """What building and seeding need of store.py's `Org` (which calls them, so this module does not import it)."""

    @property
    def conn(self) -> Any: ...

    @property
    def schema(self) -> Schema: ...

    @property
    def db(self) -> Any: ...

    def now(self) -> datetime: ...

    def new_id(self, obj: SObject) -> str: ...

    def create(self, obj_name: str, data: dict, user_id: str, *, at: datetime | None = None) -> Any: ...

    def update(self, obj_name: str, record_id: str, data: dict, user_id: str, *, at: datetime | None = None) -> Any: ...

    def register_client(self, name: str, user_id: str) -> dict: ...

    def add_validation_rule(self, rule: ValidationRule) -> ValidationRule: ...

    def set_assignment_owner(self, user_id: str | None) -> None: ...

INTEGRATION_USER = {"FirstName": "Concierge", "LastName": "Integration", "Email": "concierge@example.com",
                    "Username": "concierge.integration@example.com", "Alias": "concie"}
AGENTS = [
    {"FirstName": "Sam", "LastName": "Rivera", "Email": "sam.rivera@example.com",
     "Username": "sam.rivera@example.com", "Alias": "srive", "Title": "Support Agent"},
    {"FirstName": "Priya", "LastName": "Patel", "Email": "priya.patel@example.com",
     "Username": "priya.patel@example.com", "Alias": "ppate", "Title": "Support Agent"},
]
CONTACTS = [
    ("Alice", "Johnson", "alice@example.com", "Finance"),
    ("Bob", "Smith", "bob@example.com", "Engineering"),
    ("Carol", "Diaz", "carol@example.com", "Marketing"),
    ("Dan", "Okafor", "dan@example.com", "Sales"),
]
PROBLEM_RULE_NAME = "Problem_Cases_Closed_By_Agent_Only"
PROBLEM_RULE_MESSAGE = ("Cases of type Problem cannot be closed by the user. "
                        "Your support agent will close it once the underlying problem is fixed.")

# (contact email, subject, description, status, origin, type, priority, owner index, days ago, comments)
# comments: (author: "agent" | "integration", public, body, days ago)
SEED_CASES = [
    ("alice@example.com", "VPN disconnects every few minutes",
     "Since Monday my VPN drops every few minutes when I am working from home.",
     "In Progress", "Concierge Slack", "Incident", "3-Standard", 0, 6,
     [("agent", True, "Thanks Alice, we are looking into the VPN gateway logs.", 5)]),
    ("alice@example.com", "Request a second monitor",
     "I would like a second 27 inch monitor for my desk.",
     "New", "Web", "Service Request", "4-Low", 1, 2, []),
    ("alice@example.com", "Shared drive not accessible",
     "The finance shared drive says access denied since this morning.",
     "Waiting for user response", "Email", "Problem", "2-High", 0, 4,
     [("agent", True, "Could you tell us which folder exactly gives the error?", 1),
      ("agent", False, "Checked ACLs on the file server, nothing obvious.", 1)]),
    ("alice@example.com", "Password reset for payroll portal",
     "I am locked out of the payroll portal.",
     "Closed", "Phone", "Incident", "3-Standard", 1, 20,
     [("agent", True, "Your password has been reset, please check your email.", 19)]),
    ("bob@example.com", "Laptop battery drains fast",
     "My laptop battery lasts barely an hour.",
     "New", "Email", "Incident", "3-Standard", 0, 3, []),
    ("bob@example.com", "Access to the analytics dashboard",
     "Please give me read access to the sales analytics dashboard.",
     "Waiting for customer response", "Web", "Service Request", "3-Standard", 1, 8,
     [("agent", True, "Which team's dashboard do you need, EMEA or AMER?", 7)]),
    ("bob@example.com", "Outlook keeps asking for my password",
     "Outlook prompts for credentials every hour.",
     "Closed - By User", "Concierge Slack", "Incident", "3-Standard", 0, 12, []),
]


def build_org(org: Org) -> None:
    now = org.now()
    t0 = now - timedelta(days=90)
    # The first user creates itself (Salesforce's org set-up is done by an automated process user).
    integ_id = _insert_user(org, INTEGRATION_USER, None, t0)
    agent_ids = [_insert_user(org, a, integ_id, t0) for a in AGENTS]
    setup = org.schema.setup
    for name in (*setup.record_types, *setup.inactive_record_types):
        org.create("RecordType", {"Name": name, "DeveloperName": name.replace(" ", "_"), "SobjectType": "Case",
                                  "Description": "Employee support ticket" if name == "Ticket" else None,
                                  "IsActive": name in setup.record_types}, integ_id, at=t0)
    org.register_client("integration", integ_id)
    org.register_client("agent", agent_ids[0])
    org.register_client("agent2", agent_ids[1])
    build_setup(org, integ_id)


def _insert_user(org: Org, data: dict, creator: str | None, at) -> str:
    obj = SCHEMA["User"]
    new_id = org.new_id(obj)
    creator = creator or new_id
    stamp = format_datetime(at)
    record = {"Id": new_id, "Name": f"{data['FirstName']} {data['LastName']}", "IsActive": 1,
              "TimeZoneSidKey": "America/Los_Angeles", "UserType": "Standard", "CreatedDate": stamp,
              "CreatedById": creator, "LastModifiedDate": stamp, "LastModifiedById": creator, "SystemModstamp": stamp,
              **data}
    cols = list(record)
    org.conn.execute(f'INSERT INTO "User" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                     f'VALUES ({", ".join("?" for _ in cols)})', [record[c] for c in cols])
    return new_id


def user_ids(org: Org) -> dict[str, str]:
    """Name -> Id of the set-up users."""
    return {r[0]: r[1] for r in org.conn.execute('SELECT "Name", "Id" FROM "User"')}


def seed_data(org: Org) -> None:
    users = user_ids(org)
    integ = users["Concierge Integration"]
    agents = [users["Sam Rivera"], users["Priya Patel"]]
    now = org.now()
    rt = org.conn.execute('SELECT "Id" FROM "RecordType" WHERE "DeveloperName" = ?', ("Ticket",)).fetchone()[0]
    contacts: dict[str, str] = {}
    for first, last, email, dept in CONTACTS:
        contacts[email] = org.create("Contact", {"FirstName": first, "LastName": last, "Email": email,
                                                 "Department": dept}, integ, at=now - timedelta(days=60))
    for (email, subject, description, status, origin, ctype, priority, owner, days, comments) in SEED_CASES:
        created = now - timedelta(days=days)
        creator = integ if origin == "Concierge Slack" else agents[owner]
        case_id = org.create("Case", {
            "ContactId": contacts[email], "Subject": subject, "Description": description, "Status": "New",
            "Origin": origin, "Type": ctype, "Priority": priority, "RecordTypeId": rt, "OwnerId": agents[owner],
            "Internal_Support_Category__c": "Concierge Uncategorized"}, creator, at=created)
        for author, public, body, cdays in comments:
            org.create("CaseComment", {"ParentId": case_id, "CommentBody": body, "IsPublished": public},
                       agents[owner] if author == "agent" else integ, at=now - timedelta(days=cdays))
        if status != "New":
            latest = min([c[3] for c in comments], default=days)
            org.update("Case", case_id, {"Status": status}, agents[owner],
                       at=now - timedelta(days=latest) + timedelta(hours=1))
    seed_knowledge(org, agents[1])       # the IT knowledge base (knowledge_seed.py), written by Priya
    # The org's assignment rule: new cases that name no owner go to Sam Rivera (an agent).
    org.set_assignment_owner(agents[0])
    org.add_validation_rule(ValidationRule(
        name=PROBLEM_RULE_NAME, message=PROBLEM_RULE_MESSAGE, sobject="Case",
        when={"Type": ["Problem"], "IsClosed": [True]}, changed=["Status"], users=[integ]))
