"""The agent console's side of Salesforce: a support agent acting through the REST API.

The console acts as the emulator's ``agent`` OAuth client (its own user, so ``CreatedById`` on its comments is
the agent's and the bot's poller notices them) through simple-salesforce: the same REST API a real agent UI
uses. Nothing here is specific to the emulator except where the login URL and CA bundle come from.
"""
from __future__ import annotations

import base64
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Callable, TypeVar

import requests
from simple_salesforce import Salesforce, format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

T = TypeVar("T")

CASE_FIELDS = (
    "Id, CaseNumber, Subject, Description, Status, Priority, Origin, Type, IsClosed, ClosedDate, "
    "CreatedDate, LastModifiedDate, Owner.Name, Contact.Name, Contact.Email"
)
COMMENT_FIELDS = "Id, CommentBody, IsPublished, CreatedDate, CreatedById, CreatedBy.Name"
MILESTONE_FIELDS = "Id, MilestoneType.Name, TargetDate, IsCompleted, IsViolated, CompletionDate"
REPLY_CHANNELS = ("email", "feed", "file")


class AgentError(Exception):
    """Something the agent console could not do, with a message fit to show on the page."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class AgentCredentials:
    login_url: str          # e.g. https://127.0.0.1:8443 (token endpoint is /services/oauth2/token)
    client_id: str
    client_secret: str
    api_version: str = "62.0"
    ca_bundle: str | None = None   # path of the certificate to trust (the emulator's self-signed one)

    @classmethod
    def from_emulator_info(cls, info: dict[str, Any], client: str = "agent") -> "AgentCredentials":
        creds = info["clients"][client]
        return cls(login_url=info["login_url"], client_id=creds["client_id"],
                   client_secret=creds["client_secret"], api_version=str(info.get("api_version", "62.0")),
                   ca_bundle=info.get("ca_bundle"))


class _PinnedSession(requests.Session):
    """A session whose own CA bundle wins over REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE in the environment.

    (Plain requests lets those variables override ``session.verify``, so a machine-wide bundle would make
    the emulator's self-signed certificate fail verification.)
    """

    def merge_environment_settings(self, url, proxies, stream, verify, cert):  # type: ignore[override]
        settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if isinstance(self.verify, str) and verify in (None, True):
            settings["verify"] = self.verify
        return settings


class AgentConsole:
    """Thread-safe: the web app calls it from its thread pool. Re-authenticates once on an expired session."""

    def __init__(self, credentials: AgentCredentials, *, timeout: float = 15.0):
        self._creds = credentials
        self._timeout = timeout
        self._lock = threading.Lock()
        self._sf: Salesforce | None = None
        self._statuses: list[dict[str, Any]] | None = None
        self.user_name: str | None = None

    # ---- connection -------------------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = _PinnedSession()
        if self._creds.ca_bundle:
            session.verify = self._creds.ca_bundle
        return session

    def _login(self) -> Salesforce:
        session = self._session()
        url = self._creds.login_url.rstrip("/") + "/services/oauth2/token"
        try:
            response = session.post(url, data={"grant_type": "client_credentials",
                                               "client_id": self._creds.client_id,
                                               "client_secret": self._creds.client_secret},
                                    timeout=self._timeout)
        except requests.RequestException as exc:
            raise AgentError(f"Salesforce is unreachable at {self._creds.login_url}: {exc}", status=502) from exc
        if response.status_code != 200:
            raise AgentError(f"Salesforce refused the agent's login ({response.status_code}): "
                             f"{response.text[:200]}", status=502)
        token = response.json()
        return Salesforce(instance_url=token["instance_url"], session_id=token["access_token"],
                          session=session, version=self._creds.api_version)

    def _connection(self, *, renew: bool = False) -> Salesforce:
        with self._lock:
            if self._sf is None or renew:
                self._sf = self._login()
            return self._sf

    def call(self, fn: Callable[[Salesforce], T]) -> T:
        """Run one REST call as the agent (also sandbox/web/articles.py's); on an expired session log in again and
        retry once."""
        for attempt in range(2):
            sf = self._connection(renew=attempt > 0)
            try:
                return fn(sf)
            except SalesforceExpiredSession:
                if attempt:
                    raise AgentError("Salesforce keeps rejecting the agent's session.", status=502) from None
            except SalesforceError as exc:
                raise AgentError(_salesforce_message(exc), status=exc.status or 400) from exc
            except requests.RequestException as exc:
                raise AgentError(f"Salesforce is unreachable: {exc}", status=502) from exc
        raise AssertionError("unreachable")

    def load_identity(self, user_id: str | None) -> str | None:
        """Remember the agent user's name (shown on the page); returns it."""
        if user_id:
            record = self.call(lambda sf: sf.User.get(user_id))
            self.user_name = record.get("Name") or self.user_name
        return self.user_name

    # ---- reads ------------------------------------------------------------------------------------------
    def statuses(self) -> list[dict[str, Any]]:
        """The Case Status picklist: [{"value", "label", "closed"}], from describe and CaseStatus.IsClosed
        (cached)."""
        if self._statuses is None:
            describe = self.call(lambda sf: sf.Case.describe())
            values: list[dict[str, Any]] = []
            for field in describe.get("fields", []):
                if field.get("name") == "Status":
                    for entry in field.get("picklistValues", []):
                        if entry.get("active", True):
                            values.append({"value": entry["value"], "label": entry.get("label") or entry["value"]})
            rows = self.call(lambda sf: sf.query("SELECT ApiName, IsClosed FROM CaseStatus"))["records"]
            closed = {r["ApiName"] for r in rows if r.get("IsClosed")}
            for entry in values:
                entry["closed"] = entry["value"] in closed
            self._statuses = values
        return self._statuses

    def list_cases(self, *, include_closed: bool = True, limit: int = 200) -> list[dict[str, Any]]:
        where = "" if include_closed else " WHERE IsClosed = false"
        soql = format_soql(f"SELECT {CASE_FIELDS} FROM Case{where} ORDER BY LastModifiedDate DESC LIMIT {{}}",
                           int(limit))
        records = self.call(lambda sf: sf.query(soql))["records"]
        return [_case_summary(r) for r in records]

    def get_case(self, case_id: str) -> dict[str, Any]:
        soql = format_soql(
            f"SELECT {CASE_FIELDS}, IsStopped, (SELECT {COMMENT_FIELDS} FROM CaseComments ORDER BY CreatedDate), "
            f"(SELECT {MILESTONE_FIELDS} FROM CaseMilestones ORDER BY TargetDate) "
            "FROM Case WHERE Id = {}", case_id)
        records = self.call(lambda sf: sf.query(soql))["records"]
        if not records:
            raise AgentError(f"No case with Id {case_id}.", status=404)
        record = records[0]
        case = _case_summary(record)
        case["description"] = record.get("Description")
        comments = (record.get("CaseComments") or {}).get("records") or []
        case["comments"] = [{
            "id": c["Id"], "body": c.get("CommentBody") or "", "public": bool(c.get("IsPublished")),
            "created": c.get("CreatedDate"),
            "author": ((c.get("CreatedBy") or {}).get("Name")) or c.get("CreatedById"),
        } for c in comments]
        case["stopped"] = bool(record.get("IsStopped"))
        case["milestones"] = [{
            "id": m["Id"], "name": (m.get("MilestoneType") or {}).get("Name") or "Milestone",
            "target": m.get("TargetDate"), "completed": bool(m.get("IsCompleted")),
            "violated": bool(m.get("IsViolated")), "completed_at": m.get("CompletionDate"),
        } for m in (record.get("CaseMilestones") or {}).get("records") or []]
        return case

    # ---- writes -----------------------------------------------------------------------------------------
    def add_comment(self, case_id: str, body: str, *, public: bool = True) -> str:
        body = body.strip()
        if not body:
            raise AgentError("Write a comment first.")
        result = self.call(lambda sf: sf.CaseComment.create(
            {"ParentId": case_id, "CommentBody": body, "IsPublished": public}))
        return str(result.get("id"))

    def reply(self, case_id: str, channel: str, body: str, *, public: bool = True,
              file: tuple[str, bytes] | None = None) -> str:
        """Answer the employee another way than a case comment, as an agent does in Salesforce: `email`
        (an outbound EmailMessage to the case's contact), `feed` (a post in the case feed; `public=False` is
        InternalUsers) or only a `file` (linked to the case; with `public=False` visible to staff only).
        A file given with an email or a post is linked to the case as well. Returns the new record's Id."""
        body = body.strip()
        if channel not in REPLY_CHANNELS:
            raise AgentError(f"Reply by {', '.join(REPLY_CHANNELS)}.")
        if channel != "file" and not body:
            raise AgentError("Write the reply first.")
        if channel == "file" and file is None:
            raise AgentError("Choose a file to attach.")
        visibility = "AllUsers" if public else "InternalUsers"

        def send(sf: Salesforce) -> str:
            made = ""
            if channel == "email":
                case = sf.Case.get(case_id)
                contact = sf.Contact.get(case["ContactId"]) if case.get("ContactId") else {}
                made = sf.EmailMessage.create({
                    "ParentId": case_id, "Incoming": False, "Status": "3", "ToAddress": contact.get("Email"),
                    "Subject": f"Re: {case.get('Subject') or 'your case'} [{case.get('CaseNumber')}]",
                    "TextBody": body, "MessageDate": _now_iso()})["id"]
            elif channel == "feed":
                made = sf.FeedItem.create({"ParentId": case_id, "Body": body, "Visibility": visibility})["id"]
            if file is not None:
                name, content = file
                version = sf.ContentVersion.create({"PathOnClient": name, "Title": name,
                                                    "VersionData": base64.b64encode(content).decode()})["id"]
                document = sf.ContentVersion.get(version)["ContentDocumentId"]
                link = sf.ContentDocumentLink.create({"ContentDocumentId": document, "LinkedEntityId": case_id,
                                                      "ShareType": "V", "Visibility": visibility})["id"]
                made = made or link
            return str(made)

        return self.call(send)

    def set_status(self, case_id: str, status: str) -> None:
        if not status:
            raise AgentError("Pick a status.")
        # An agent's edit in the Salesforce UI does not run the assignment rule unless asked to; over REST
        # the rule runs unless told FALSE.
        self.call(lambda sf: sf.Case.update(case_id, {"Status": status}, headers={"Sforce-Auto-Assign": "FALSE"}))

    def close(self, case_id: str) -> None:
        self.set_status(case_id, "Closed")

    def complete_milestone(self, case_id: str, milestone_id: str) -> None:
        """Mark one of the case's open milestones completed now (CompletionDate, as the console's Mark Complete
        does in Salesforce)."""
        soql = format_soql("SELECT Id, IsCompleted FROM CaseMilestone WHERE Id = {} AND CaseId = {}",
                           milestone_id, case_id)
        rows = self.call(lambda sf: sf.query(soql))["records"]
        if not rows:
            raise AgentError("No such milestone on this case.", status=404)
        if rows[0].get("IsCompleted"):
            raise AgentError("This milestone is already completed.")
        self.call(lambda sf: sf.CaseMilestone.update(milestone_id, {"CompletionDate": _now_iso()}))


def _case_summary(record: dict[str, Any]) -> dict[str, Any]:
    contact = record.get("Contact") or {}
    owner = record.get("Owner") or {}
    return {
        "id": record["Id"], "number": record.get("CaseNumber"), "subject": record.get("Subject") or "",
        "status": record.get("Status"), "priority": record.get("Priority"), "origin": record.get("Origin"),
        "type": record.get("Type"), "closed": bool(record.get("IsClosed")),
        "created": record.get("CreatedDate"), "modified": record.get("LastModifiedDate"),
        "owner": owner.get("Name"),
        "contact": contact.get("Name"), "contact_email": contact.get("Email"),
    }


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _salesforce_message(exc: SalesforceError) -> str:
    content = getattr(exc, "content", None)
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return "; ".join(str(item.get("message") or item) for item in content)
    return str(exc)
