"""The data model's types: field types as describe reports them, `Field`, `SObject` and their describe output.
The objects themselves are schema.py's (with reply_objects.py and setup_objects.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Field types, as describe reports them.
ID, STRING, TEXTAREA, PICKLIST, REFERENCE, BOOLEAN, DATETIME, DATE, EMAIL, PHONE, BASE64, INT, DOUBLE = (
    "id", "string", "textarea", "picklist", "reference", "boolean", "datetime", "date", "email", "phone",
    "base64", "int", "double",
)
TEXT_TYPES = {ID, STRING, TEXTAREA, PICKLIST, REFERENCE, EMAIL, PHONE}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    label: str = ""
    length: int = 0
    createable: bool = True
    updateable: bool = True
    nillable: bool = True
    required: bool = False                  # required on create (REQUIRED_FIELD_MISSING)
    filterable: bool = True                 # long text areas cannot be filtered or sorted in SOQL
    picklist: tuple[str, ...] = ()
    restricted: bool = False
    default_picklist: str | None = None
    reference_to: tuple[str, ...] = ()
    relationship_name: str | None = None    # parent relationship (Owner for OwnerId)
    polymorphic: bool = False               # SOQL reports parent attributes type "Name"
    calculated: bool = False                # formula: computed by the emulator, read-only
    default: object = None                  # value on create when absent
    length_in_bytes: bool = False           # the limit counts UTF-8 bytes (CaseComment.CommentBody)

    @property
    def is_text(self) -> bool:
        return self.type in TEXT_TYPES

    def describe(self) -> dict:
        return {
            "name": self.name,
            "label": self.label or self.name,
            "type": self.type,
            "length": self.length,
            "byteLength": self.length * 3,
            "nillable": self.nillable,
            "createable": self.createable,
            "updateable": self.updateable,
            "filterable": self.filterable,
            "sortable": self.filterable,
            "calculated": self.calculated,
            "custom": self.name.endswith("__c"),
            "defaultedOnCreate": self.default is not None or self.name in AUDIT_FIELDS,
            "idLookup": self.type == ID,
            "externalId": False,
            "unique": False,
            "restrictedPicklist": self.restricted,
            "picklistValues": [
                {"active": True, "defaultValue": v == self.default_picklist, "label": v, "value": v,
                 "validFor": None}
                for v in self.picklist
            ],
            "referenceTo": list(self.reference_to),
            "relationshipName": self.relationship_name,
            "polymorphicForeignKey": self.polymorphic,
            "soapType": _SOAP_TYPES.get(self.type, "xsd:string"),
        }


_SOAP_TYPES = {ID: "tns:ID", REFERENCE: "tns:ID", BOOLEAN: "xsd:boolean", DATETIME: "xsd:dateTime",
               DATE: "xsd:date", BASE64: "xsd:base64Binary", INT: "xsd:int", DOUBLE: "xsd:double"}

AUDIT_FIELDS = ("CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp")


@dataclass(frozen=True)
class ChildRelationship:
    name: str           # CaseComments
    child: str          # CaseComment
    field: str          # ParentId


@dataclass
class SObject:
    name: str
    prefix: str
    label: str
    fields: dict[str, Field]
    children: dict[str, ChildRelationship] = field(default_factory=dict)
    searchable: tuple[str, ...] = ()        # SOSL "ALL FIELDS"
    name_field: str | None = "Name"
    read_only: bool = False                 # set-up objects: describe, query and retrieve only

    def __post_init__(self) -> None:
        self._by_lower = {n.lower(): f for n, f in self.fields.items()}
        self._rel_by_lower = {f.relationship_name.lower(): f for f in self.fields.values() if f.relationship_name}
        self._child_by_lower = {n.lower(): c for n, c in self.children.items()}

    def field(self, name: str) -> Field | None:
        return self._by_lower.get(name.lower())

    def relationship(self, name: str) -> Field | None:
        return self._rel_by_lower.get(name.lower())

    def child(self, name: str) -> ChildRelationship | None:
        return self._child_by_lower.get(name.lower())

    def describe(self, api_version: str) -> dict:
        base = f"/services/data/v{api_version}/sobjects/{self.name}"
        return {
            "name": self.name, "label": self.label, "labelPlural": self.label + "s", "keyPrefix": self.prefix,
            "custom": False, "createable": not self.read_only, "updateable": not self.read_only,
            "deletable": not self.read_only, "queryable": True,
            "searchable": bool(self.searchable), "retrieveable": True,
            "fields": [f.describe() for f in self.fields.values()],
            "childRelationships": [
                {"childSObject": c.child, "field": c.field, "relationshipName": c.name, "cascadeDelete": True}
                for c in self.children.values()
            ],
            "recordTypeInfos": [],
            "urls": {"sobject": base, "describe": base + "/describe", "rowTemplate": base + "/{ID}"},
        }

    def basic_info(self, api_version: str) -> dict:
        base = f"/services/data/v{api_version}/sobjects/{self.name}"
        return {"name": self.name, "label": self.label, "keyPrefix": self.prefix, "custom": False,
                "queryable": True, "urls": {"sobject": base, "describe": base + "/describe",
                                             "rowTemplate": base + "/{ID}"}}
