"""The org's rules about who sees and what may be saved: validation rules (declarative stand-ins, table
`_rules`), the case assignment rule (the owner of new cases), field-level security (fields hidden from the
integration user) and sharing (Case OWD Private without View All)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .auth import Auth
from .database import Database
from .errors import ApiError
from .fields import BOOLEAN, SObject


@dataclass
class ValidationRule:
    """A declarative stand-in for a Salesforce validation rule.

    Fires (the save is refused with FIELD_CUSTOM_VALIDATION_EXCEPTION and `message`) when the record as it
    would be saved matches every `when` entry (field -> accepted values, strings compared case-insensitively),
    and, if `changed` is given, one of those fields is being set (create) or changed (update), and, if
    `users` is given, the acting user is one of them.
    """
    name: str
    message: str
    sobject: str = "Case"
    when: dict[str, list] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    error_field: str | None = None
    id: int | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "message": self.message, "sobject": self.sobject,
                "when": self.when, "changed": self.changed, "users": self.users, "error_field": self.error_field}

    def fires(self, obj: SObject, record: dict, changes: dict, user_id: str) -> bool:
        if self.sobject.lower() != obj.name.lower() or (self.users and user_id not in self.users):
            return False
        if self.changed:
            changed_names = {k.lower() for k in changes}
            if not any(c.lower() in changed_names for c in self.changed):
                return False
        for fname, accepted in self.when.items():
            f = obj.field(fname)
            value = record.get(f.name) if f else None
            values = accepted if isinstance(accepted, list) else [accepted]
            if f is not None and f.type == BOOLEAN:
                value = None if value is None else bool(value)
                ok = value in [bool(v) for v in values]
            elif isinstance(value, str):
                ok = value.casefold() in {str(v).casefold() for v in values if v is not None}
            else:
                ok = value in values
            if not ok:
                return False
        return True


class Rules:
    def __init__(self, db: Database, auth: Auth) -> None:
        self.db, self.auth = db, auth

    # ------------------------------------------------------------------------------------ validation rules
    def add_validation_rule(self, rule: ValidationRule) -> ValidationRule:
        obj = self.db.sobject(rule.sobject)
        if obj is None:
            raise ValueError(f"unknown sobject {rule.sobject!r}")
        for name in [*rule.when, *rule.changed] + ([rule.error_field] if rule.error_field else []):
            if obj.field(name) is None:
                raise ValueError(f"unknown field {name!r} on {obj.name}")
        with self.db.lock:
            body = rule.to_json()
            body.pop("id")
            cur = self.db.conn.execute("INSERT INTO _rules (body) VALUES (?)", (json.dumps(body),))
            rule.id = cur.lastrowid
            return rule

    def validation_rules(self) -> list[ValidationRule]:
        with self.db.lock:
            return [ValidationRule(**json.loads(body), id=rid)
                    for rid, body in self.db.conn.execute("SELECT id, body FROM _rules ORDER BY id")]

    def clear_validation_rules(self) -> None:
        with self.db.lock:
            self.db.conn.execute("DELETE FROM _rules")

    def check_validation(self, obj: SObject, record: dict, changes: dict, user_id: str) -> None:
        """Refuse the save if a validation rule fires (FIELD_CUSTOM_VALIDATION_EXCEPTION)."""
        for rule in self.validation_rules():
            if rule.fires(obj, record, changes, user_id):
                raise ApiError(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", rule.message,
                               [rule.error_field] if rule.error_field else [])

    # ------------------------------------------------------------------------------------ assignment rule
    @property
    def assignment_owner(self) -> str | None:
        """Owner given to new cases that name none (the org's assignment rule), else the acting user."""
        return self.db.get_meta("assignment_owner")

    def set_assignment_owner(self, user_id: str | None) -> None:
        with self.db.lock:
            self.db.set_meta("assignment_owner", user_id)

    # ------------------------------------------------------------------------------- FLS and sharing
    def hidden_fields(self, user_id: str | None) -> frozenset[str]:
        """The fields field-level security hides from `user_id` ("object.field", lower case): the option
        `hidden_fields` applies to the integration user (agents are administrators and see everything)."""
        if not self.db.options.hidden_fields or not self.auth.is_integration_user(user_id):
            return frozenset()
        return frozenset(name.lower() for name in self.db.options.hidden_fields)

    def sharing_filter(self, user_id: str | None, obj_name: str) -> tuple[str, list] | None:
        """The rows of `obj_name` that sharing lets `user_id` see, as an SQL condition on alias `{t}` (None:
        all). With `case_sharing="private"` (Case OWD Private) and no View All (`integration_view_all=False`)
        the integration user sees only the cases it owns, and their comments and attachments (controlled by
        parent); agents are administrators and see everything."""
        options = self.db.options
        if options.case_sharing != "private" or options.integration_view_all:
            return None
        if not self.auth.is_integration_user(user_id):
            return None
        if obj_name == "Case":
            return '{t}."OwnerId" = ?', [user_id]
        if obj_name in ("CaseComment", "Attachment", "EmailMessage", "FeedItem", "FeedComment"):
            return '{t}."ParentId" IN (SELECT "Id" FROM "Case" WHERE "OwnerId" = ?)', [user_id]
        if obj_name == "ContentDocumentLink":
            return '{t}."LinkedEntityId" IN (SELECT "Id" FROM "Case" WHERE "OwnerId" = ?)', [user_id]
        return None

    def check_parent_shared(self, obj: SObject, parent_id: str | None, user_id: str) -> None:
        """A comment or attachment on a case sharing hides from the caller is refused, as Salesforce does."""
        shared = self.sharing_filter(user_id, obj.name) if str(parent_id or "").startswith("500") else None
        if shared is None:
            return
        visible = self.db.conn.execute('SELECT 1 FROM "Case" c WHERE c."Id" = ? AND c."OwnerId" = ?',
                                       (parent_id, user_id)).fetchone()
        if not visible:
            raise ApiError(400, "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
                           "insufficient access rights on cross-reference id", ["ParentId"])
