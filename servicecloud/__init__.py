"""The Case domain over Salesforce Service Cloud (simple-salesforce). Knows nothing of Slack.

    from servicecloud import CaseDesk
    desk = CaseDesk.from_settings(settings)

See docs/contracts.md ("Case domain") and docs/servicecloud.md.
"""
from servicecloud.config import CanonicalState, OrgConfig, load_org_config
from servicecloud.desk import CaseDesk
from servicecloud.errors import (
    AttachmentRejected,
    AuthenticationFailed,
    CaseDeskError,
    CaseNotFound,
    ContactNotFound,
    PermissionMissing,
    SalesforceError,
    SalesforceUnavailable,
    SetupRefused,
    TooLong,
    ValidationRefused,
    WrongState,
)
from servicecloud.models import (
    AttachmentInfo,
    CaseComment,
    CaseView,
    ChangeSet,
    Contact,
    FileUpload,
    WorkNoteResult,
)

__all__ = [
    "AttachmentInfo", "AttachmentRejected", "AuthenticationFailed", "CanonicalState", "CaseComment",
    "CaseDesk", "CaseDeskError", "CaseNotFound", "CaseView", "ChangeSet", "Contact", "ContactNotFound",
    "FileUpload", "OrgConfig", "PermissionMissing", "SalesforceError", "SalesforceUnavailable", "SetupRefused",
    "TooLong",
    "ValidationRefused", "WorkNoteResult", "WrongState", "load_org_config",
]
