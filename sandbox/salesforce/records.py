"""The org's records: reads (`get`, `raw`, blobs, the JSON shape) and the writes `create` / `update` /
`delete`, which validate like Salesforce (field names, create/update rights, values (values.py), required
fields, unique usernames, validation rules, sharing) and maintain the system fields (Id, CaseNumber, audit
fields, IsClosed/ClosedDate, Name, the owner-name formula (Case_Owner__c), BodyLength)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from . import ids
from .database import Database
from .errors import ApiError, not_found
from .milestone_objects import derive as milestone_derive
from . import knowledge
from .reply_effects import after_insert as reply_after_insert
from .reply_effects import derive as reply_derive
from .rules import Rules
from .fields import BASE64, BOOLEAN, Field, SObject
from .values import coerce

CASE_NUMBER_START = 1000    # the first case is 00001001


class Records:
    def __init__(self, db: Database, rules: Rules) -> None:
        self.db, self.rules = db, rules

    # -------------------------------------------------------------------------------------------- reads
    def raw(self, obj: SObject, record_id: str, include_deleted: bool = False) -> dict | None:
        cur = self.db.conn.execute(f'SELECT * FROM "{obj.name}" WHERE "Id" = ?', (record_id,))
        row = cur.fetchone()
        if row is None:
            return None
        rec = {d[0]: v for d, v in zip(cur.description, row, strict=True)}
        if rec.get("IsDeleted") and not include_deleted:
            return None
        return rec

    def get(self, obj_name: str, record_id: str, version: str, fields: list[str] | None = None,
            user: str | None = None) -> dict:
        """GET /sobjects/{obj}/{id}: every field `user` may see (or `fields`), with attributes."""
        obj = self.sobject_or_404(obj_name)
        rid = ids.normalize(record_id)
        with self.db.lock:
            rec = None if rid is None or not rid.startswith(obj.prefix) else self.raw(obj, rid)
            shared = self.rules.sharing_filter(user, obj.name)
            if rec is not None and shared is not None and not self.db.conn.execute(
                    f'SELECT 1 FROM "{obj.name}" t WHERE t."Id" = ? AND ' + shared[0].replace("{t}", "t"),
                    [rec["Id"], *shared[1]]).fetchone():
                rec = None                   # not shared with the caller: as if it did not exist
        if rec is None:
            raise not_found()
        hidden = self.rules.hidden_fields(user)
        wanted = [f for f in obj.fields.values() if f"{obj.name}.{f.name}".lower() not in hidden]
        if fields:
            wanted = []
            for name in fields:
                f = obj.field(name.strip())
                if f is None or f"{obj.name}.{f.name}".lower() in hidden:
                    raise ApiError(400, "INVALID_FIELD", f"No such column '{name.strip()}' on entity "
                                   f"'{obj.name}'. If you are attempting to use a custom field, be sure to append "
                                   "the '__c' after the custom field name. Please reference your WSDL or the "
                                   "describe call for the appropriate names.")
                wanted.append(f)
        return self.to_json(obj, rec, version, wanted)

    def to_json(self, obj: SObject, rec: dict, version: str, wanted: list[Field] | None = None) -> dict:
        url = f"/services/data/v{version}/sobjects/{obj.name}/{rec['Id']}"
        out: dict[str, Any] = {"attributes": {"type": obj.name, "url": url}}
        for f in wanted or obj.fields.values():
            v = rec.get(f.name)
            if v is not None:
                if f.type == BOOLEAN:
                    v = bool(v)
                elif f.type == BASE64:
                    v = f"{url}/{f.name}"
            out[f.name] = v
        return out

    def blob(self, obj_name: str, record_id: str, field_name: str) -> bytes:
        obj = self.sobject_or_404(obj_name)
        f = obj.field(field_name)
        rid = ids.normalize(record_id)
        if f is None or f.type != BASE64 or rid is None:
            raise not_found()
        with self.db.lock:
            rec = self.raw(obj, rid)
        if rec is None:
            raise not_found()
        return bytes(rec[f.name] or b"")

    def sobject_or_404(self, name: str) -> SObject:
        obj = self.db.sobject(name)
        if obj is None:
            raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
        return obj

    # ------------------------------------------------------------------------------------------- writes
    def _prepare(self, obj: SObject, data: dict, creating: bool) -> dict:
        if not isinstance(data, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
        values: dict[str, Any] = {}
        unwritable: list[str] = []
        for key, value in data.items():
            if key == "attributes":
                continue
            f = obj.field(key)
            if f is None:
                raise ApiError(400, "INVALID_FIELD", f"No such column '{key}' on sobject of type {obj.name}")
            if (creating and not f.createable) or (not creating and not f.updateable):
                if f.name == "Id" and not creating:
                    continue   # PATCH bodies may echo the Id
                unwritable.append(f.name)
                continue
            values[f.name] = value
        if unwritable:
            verb = "create" if creating else "update"
            raise ApiError(400, "INVALID_FIELD_FOR_INSERT_UPDATE",
                           f"Unable to {verb}/update fields: {', '.join(unwritable)}. Please check the security "
                           "settings of this field and verify that it is read/write for your profile or "
                           "permission set.", unwritable)
        out = {}
        for name, value in values.items():
            f = obj.fields[name]
            out[name] = coerce(f, value, max_base64_bytes=self.db.options.max_base64_bytes,
                               exists=lambda target, rid: self.raw(target, rid) is not None)
        if obj.name == "Attachment" and out.get("Body") is not None:
            size = len(out["Body"])
            if size > self.db.options.max_attachment_bytes:
                raise ApiError(400, "MAXIMUM_SIZE_OF_ATTACHMENT",
                               f"Attachment size exceeds the maximum of {self.db.options.max_attachment_bytes} bytes "
                               f"(this one is {size} bytes)", ["Body"])
        return out

    def _missing(self, obj: SObject, record: dict) -> None:
        missing = [f.name for f in obj.fields.values()
                   if (f.required or (not f.nillable and f.createable and f.default is None and f.type != BOOLEAN
                                      and f.name != "OwnerId"))
                   and record.get(f.name) in (None, "")]
        if missing:
            raise ApiError(400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]",
                           missing)

    def _check_unique(self, obj: SObject, record: dict) -> None:
        if obj.name == "User" and record.get("Username"):
            row = self.db.conn.execute('SELECT 1 FROM "User" WHERE "Username" = ? AND "Id" IS NOT ?',
                                    (record["Username"], record.get("Id"))).fetchone()
            if row:
                raise ApiError(400, "DUPLICATE_USERNAME", "Duplicate Username.<br>The username already exists in "
                               "this or another Salesforce organization. Usernames must be unique across all "
                               "Salesforce organizations. To resolve, use a different username (it doesn't "
                               "need to match the user's email address).", ["Username"])

    def _derive(self, obj: SObject, record: dict, old: dict | None, now: str) -> None:
        if obj.name in ("Contact", "User") and ("FirstName" in record or "LastName" in record):
            record["Name"] = " ".join(x for x in (record.get("FirstName"), record.get("LastName")) if x)
        if obj.name == "Case":
            closed = record.get("Status") in self.db.schema.setup.closed_statuses
            record["IsClosed"] = 1 if closed else 0
            if closed and not (old and old.get("IsClosed")):
                record["ClosedDate"] = now
            elif not closed:
                record["ClosedDate"] = None
            owner, formula = record.get("OwnerId"), self.db.schema.setup.assignee_field
            if formula and owner and (old is None or old.get("OwnerId") != owner or old.get(formula) is None):
                row = self.db.conn.execute('SELECT "Name" FROM "User" WHERE "Id" = ?', (owner,)).fetchone()
                record[formula] = row[0] if row else None
        if obj.name == "Attachment" and "Body" in record:
            record["BodyLength"] = len(record["Body"] or b"")
        if obj.name in ("Case", "CaseMilestone"):
            milestone_derive(self.db.conn, obj.name, record, old, now)
        if old is None:
            reply_derive(self, obj, record)
            knowledge.derive(self.db, obj, record, now)

    def create(self, obj_name: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> str:
        """Insert a record; returns its 18-character Id. `auto_assign`: apply the case assignment rule
        (the owner of cases that name none) as REST does unless told `Sforce-Auto-Assign: FALSE`."""
        obj = self.sobject_or_404(obj_name)
        with self.db.transaction():
            values = self._prepare(obj, data, creating=True)
            self.rules.check_parent_shared(obj, values.get("ParentId"), user_id)
            existing = knowledge.existing_link(self.db, obj, values)
            if existing:                       # CaseArticle: a duplicate create returns the existing link
                return existing
            now = self.db.write_stamp(at)
            record: dict[str, Any] = {}
            for f in obj.fields.values():
                if f.default is not None:
                    record[f.name] = (1 if f.default else 0) if f.type == BOOLEAN else f.default
            record.update({k: v for k, v in values.items() if v is not None or k not in record})
            if "OwnerId" in obj.fields and not record.get("OwnerId"):
                owner = self.rules.assignment_owner if obj.name == "Case" and auto_assign else None
                record["OwnerId"] = owner or user_id
            if obj.name == "Case":
                record["CaseNumber"] = self.db.schema.setup.case_number(CASE_NUMBER_START + self.db.next('CaseNumber'))
                if not record.get("RecordTypeId"):       # the creator's default record type, as Salesforce does
                    record["RecordTypeId"] = self._default_record_type(obj.name, user_id)
                self._check_record_type(record.get("RecordTypeId") if "RecordTypeId" in values else None, user_id)
            self._missing(obj, record)
            self._check_unique(obj, record)
            record["Id"] = self.db.new_id(obj)
            for k in ("CreatedDate", "LastModifiedDate", "SystemModstamp"):
                if k in obj.fields:
                    record[k] = now
            for k in ("CreatedById", "LastModifiedById"):
                if k in obj.fields:
                    record[k] = user_id
            self._derive(obj, record, None, now)
            self.rules.check_validation(obj, record, values, user_id)
            cols = list(record)
            self.db.conn.execute(f'INSERT INTO "{obj.name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                              f'VALUES ({", ".join("?" for _ in cols)})', [record[c] for c in cols])
            reply_after_insert(self, obj, record, user_id, now)
            knowledge.after_insert(self.db, obj, record)
            if obj.name == "CaseComment" and self.db.options.comment_touches_case:
                self.db.conn.execute('UPDATE "Case" SET "SystemModstamp" = ?, "LastModifiedDate" = ?, '
                                  '"LastModifiedById" = ? WHERE "Id" = ?', (now, now, user_id, record["ParentId"]))
            return record["Id"]

    def record_type_unavailable(self, name: str, user_id: str | None) -> bool:
        """A Case record type the user's profile is not given (the case set-up's `unavailable_record_types`
        apply to the integration user)."""
        return (name in self.db.schema.setup.unavailable_record_types
                and self.rules.auth.is_integration_user(user_id))

    def _default_record_type(self, sobject_name: str, user_id: str) -> str | None:
        """The user's default record type for new records (the first active one available to them; describe
        lists it first), or None when the object has none (the Master record type)."""
        rows = self.db.conn.execute('SELECT "Id", "Name" FROM "RecordType" WHERE "SobjectType" = ? AND '
                                    '"IsActive" = 1 ORDER BY rowid', (sobject_name,)).fetchall()
        return next((rid for rid, name in rows if not self.record_type_unavailable(name, user_id)), None)

    def _check_record_type(self, record_type_id: str | None, user_id: str) -> None:
        """A record type the user's profile is not given is refused as Salesforce does."""
        if not record_type_id:
            return
        row = self.db.conn.execute('SELECT "Name" FROM "RecordType" WHERE "Id" = ?', (record_type_id,)).fetchone()
        if row and self.record_type_unavailable(row[0], user_id):
            raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY",
                           f"Record Type ID: this ID value isn't valid for the user: {record_type_id}",
                           ["RecordTypeId"])

    def _existing(self, obj: SObject, record_id: str) -> dict:
        rid = ids.normalize(record_id)
        rec = None
        if rid is not None and rid.startswith(obj.prefix):
            rec = self.raw(obj, rid, include_deleted=True)
        if rec is None:
            raise not_found("Provided external ID field does not exist or is not accessible: " + record_id
                            if rid is None else "The requested resource does not exist")
        if rec.get("IsDeleted"):
            raise ApiError(404, "ENTITY_IS_DELETED", "entity is deleted")
        return rec

    def update(self, obj_name: str, record_id: str, data: dict, user_id: str, *, at: datetime | None = None,
               auto_assign: bool = True) -> None:
        """Save changes to a record. `auto_assign`: a Case update runs the active assignment rule again (the
        owner changes to the rule's) unless told `Sforce-Auto-Assign: FALSE`, as REST does."""
        obj = self.sobject_or_404(obj_name)
        with self.db.transaction():
            old = self._existing(obj, record_id)
            values = self._prepare(obj, data, creating=False)
            record = dict(old)
            record.update(values)
            if obj.name == "Case" and "RecordTypeId" in values:
                self._check_record_type(values["RecordTypeId"], user_id)
            rule_owner = self.rules.assignment_owner if obj.name == "Case" and auto_assign else None
            if rule_owner and self.db.options.assignment_rule_on_update and "OwnerId" not in values:
                record["OwnerId"] = values["OwnerId"] = rule_owner
            self._missing(obj, record)
            self._check_unique(obj, record)
            now = self.db.write_stamp(at)
            self._derive(obj, record, old, now)
            knowledge.check_update(self.db, obj, old, record)
            changed = {k: v for k, v in values.items() if old.get(k) != v}
            self.rules.check_validation(obj, record, changed, user_id)
            for k in ("LastModifiedDate", "SystemModstamp"):
                if k in obj.fields:
                    record[k] = now
            if "LastModifiedById" in obj.fields:
                record["LastModifiedById"] = user_id
            cols = [c for c in record if c != "Id" and record[c] != old.get(c)]
            if cols:
                self.db.conn.execute(f'UPDATE "{obj.name}" SET {", ".join(chr(34) + c + chr(34) + " = ?" for c in cols)} '
                                  f'WHERE "Id" = ?', [record[c] for c in cols] + [old["Id"]])
            formula = self.db.schema.setup.assignee_field
            if obj.name == "User" and formula and ("FirstName" in values or "LastName" in values):
                self.db.conn.execute(f'UPDATE "Case" SET "{formula}" = ? WHERE "OwnerId" = ?',
                                     (record["Name"], old["Id"]))

    def delete(self, obj_name: str, record_id: str, user_id: str) -> None:
        obj = self.sobject_or_404(obj_name)
        if "IsDeleted" not in obj.fields:
            raise ApiError(400, "INVALID_TYPE", f"Cannot delete records of type {obj.name}")
        with self.db.transaction():
            old = self._existing(obj, record_id)
            now = self.db.stamp()
            self.db.conn.execute(f'UPDATE "{obj.name}" SET "IsDeleted" = 1, "SystemModstamp" = ?, '
                              '"LastModifiedById" = ? WHERE "Id" = ?', (now, user_id, old["Id"]))
            if obj.name == "Contact":   # lookups to a deleted contact are cleared, as SF does by default
                self.db.conn.execute('UPDATE "Case" SET "ContactId" = NULL WHERE "ContactId" = ?', (old["Id"],))
            if obj.name == "Case":   # cascade to the case's comments and attachments
                for child in ("CaseComment", "Attachment"):
                    self.db.conn.execute(f'UPDATE "{child}" SET "IsDeleted" = 1, "SystemModstamp" = ? '
                                      'WHERE "ParentId" = ? AND "IsDeleted" = 0', (now, old["Id"]))
