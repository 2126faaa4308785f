"""The org mapping: everything that differs from one Salesforce org to the next.

Loaded from the YAML file named by CONCIERGE_CONFIG; every key is optional and defaults to the values of
the integration reference (docs/configuration.md lists them). The rest of the code speaks in canonical
states (`CanonicalState`), never in an org's status names.
"""
from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from servicecloud.csat_config import CsatConfig
from servicecloud.channel_config import ChannelsConfig

# A Salesforce field API name (Subject, Business_Unit__c, ns__Field__c): names from the org file go into SOQL
# and JSON bodies, so anything else is refused when the file is read.
FieldName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=80)]
# A field of the case or of a parent (Owner.Name, Assigned_Agent__r.Name); empty means none.
FieldPath = Annotated[str, StringConstraints(
    pattern=r"^(?:[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*){0,4})?$", max_length=200)]


class CanonicalState(StrEnum):
    NEW = "NEW"
    WAITING_FOR_USER = "WAITING_FOR_USER"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusMap(_Model):
    """Org status values -> canonical state, plus the statuses Concierge writes."""

    new: list[str] = ["New"]
    waiting_for_user: list[str] = ["Waiting for user response", "Waiting for customer response"]
    in_progress: list[str] = ["In Progress", "Working", "Assigned", "Escalated", "On Hold", "Reopened"]
    resolved: list[str] = ["Resolved"]
    closed: list[str] = ["Closed", "Closed - By User", "Closed - Duplicate", "Closed - No Response"]
    # What Concierge writes
    on_create: str = "New"
    on_user_close: str = "Closed - By User"
    on_user_reopen: str = "Reopened"
    # Other Case fields written with the close / reopen status (field API name -> value; null clears it): what
    # the org's validation rules ask of a closed case (a Resolution, a reason), or clear when it reopens.
    on_user_close_fields: dict[FieldName, str | None] = {}
    on_user_reopen_fields: dict[FieldName, str | None] = {}

    def state_of(self, status: str | None, is_closed: bool | None = None) -> CanonicalState:
        s = (status or "").strip().casefold()
        for state, names in (
            (CanonicalState.NEW, self.new),
            (CanonicalState.WAITING_FOR_USER, self.waiting_for_user),
            (CanonicalState.RESOLVED, self.resolved),
            (CanonicalState.CLOSED, self.closed),
            (CanonicalState.IN_PROGRESS, self.in_progress),
        ):
            if s in {n.casefold() for n in names}:
                return state
        # An unmapped status: trust Salesforce's IsClosed, else treat it as being worked on.
        return CanonicalState.CLOSED if is_closed else CanonicalState.IN_PROGRESS

    def statuses_for(self, *states: CanonicalState) -> list[str]:
        table = {
            CanonicalState.NEW: self.new,
            CanonicalState.WAITING_FOR_USER: self.waiting_for_user,
            CanonicalState.IN_PROGRESS: self.in_progress,
            CanonicalState.RESOLVED: self.resolved,
            CanonicalState.CLOSED: self.closed,
        }
        out: list[str] = []
        for st in states:
            out.extend(table[st])
        return out


class CaseFields(_Model):
    """API names of the Case fields Concierge reads and writes."""

    # shown as the assignee (a text or formula field); Owner.Name when it is empty or null (no such field)
    assignee: FieldPath | None = "Case_Owner__c"
    category: FieldPath | None = "Internal_Support_Category__c"   # null: the org has no category field
    # a Case text field that receives the Slack user id of the person who filed the case (Slack_User_Id__c,
    # Concierge_Slack__c, ...); null: none
    slack_user_id: FieldName | None = None
    subject_max: int = 255
    description_max: int = 32000
    comment_max: int = 4000                  # UTF-8 bytes: CaseComment.CommentBody holds 4,000 bytes


class CaseDefaults(_Model):
    """Values written on every case Concierge files."""

    origin: str = "Concierge Slack"
    # Origin per entry point ("dm", "slash_command", "modal", "web"); missing keys use `origin`.
    origin_by_channel: dict[str, str] = {}
    # Origins that count as Concierge's own besides those it writes (`origin`, `origin_by_channel`): cases with
    # any other Origin are "filed elsewhere".
    own_origins: list[str] = ["Concierge Slack", "Concierge", "Concierge Web"]
    priority: str = "3-Standard"
    record_type_id: str | None = None           # wins over record_type_name when set
    record_type_name: str | None = "Ticket"     # looked up once (RecordType.Name / DeveloperName)
    category_value: str = "Concierge Uncategorized"
    type_incident: str = "Incident"
    type_service_request: str = "Service Request"
    # Run the org's active case assignment rule when filing (REST's default). Updates never run it.
    auto_assign_on_create: bool = True
    # Other Case fields set on every case Concierge files (field API name -> value): the org's required
    # fields, or ones its validation rules or routing need (a business unit, a region).
    extra_fields: dict[FieldName, str] = {}

    def origin_for(self, channel: str | None) -> str:
        return self.origin_by_channel.get(channel or "", self.origin)

    def is_own_origin(self, origin: str | None) -> bool:
        """A case Concierge filed (by its Origin): one it writes, or one listed in `own_origins`."""
        return (origin or "") in {self.origin, *self.origin_by_channel.values(), *self.own_origins}


class AttachmentLimits(_Model):
    """The attachment limits, owned here: the bot checks a message's files against them before downloading
    (bot/files.py, `files_per_message`), the desk checks each upload and a case's count (servicecloud/filing.py)."""

    # 25 MB: a JSON/base64 Attachment body is capped at 37.5 MB encoded (about 28 MB of file) by REST, and
    # 25 MB is the Attachment object's own limit.
    max_bytes: int = 25 * 1024 * 1024
    max_per_case: int | None = None  # None = no limit (reference default); set a number to cap it
    max_per_message: int = 10        # files taken from one message (Slack shares at most 10 at once)

    @property
    def files_per_message(self) -> int:
        """The most files one message may bring to a case: the per-message limit, and never more than a case
        may hold."""
        return self.max_per_message if self.max_per_case is None else min(self.max_per_message, self.max_per_case)


class NudgeConfig(_Model):
    enabled: bool = True
    after_days: float = 3.0             # no activity by the user for this long
    every_days: float = 2.0             # at most one nudge per case per this many days
    max_per_case: int = 3
    states: list[CanonicalState] = [CanonicalState.WAITING_FOR_USER, CanonicalState.NEW,
                                    CanonicalState.IN_PROGRESS]
    window_start_hour: int = 9          # local time of the user (Slack profile tz)
    window_end_hour: int = 17
    weekdays: list[int] = [0, 1, 2, 3, 4]  # Monday = 0


class Preference(StrEnum):
    """What a person can switch on or off for themselves (App Home, or typed): one or more notification
    kinds each (notifications/rules.py maps them)."""

    AGENT_REPLIES = "agent_replies"       # an agent's comment, email, feed post or file
    WAITING = "waiting"                   # the case waits for the person
    RESOLVED = "resolved"                 # resolved or closed by an agent
    NUDGES = "nudges"                     # reminders about idle cases
    FILED_ELSEWHERE = "filed_elsewhere"   # a case filed for them by phone, email, web...


class QuietHoursConfig(_Model):
    """Quiet hours in each person's Slack time zone: from `start` to `end` ("HH:MM", local; an end before the
    start runs across midnight), and the whole weekend (Saturday and Sunday) when `weekends`. Notices that
    fall inside are held and delivered as one digest when the quiet hours end (notifications/timing.py)."""

    start: str = Field("19:00", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    end: str = Field("08:00", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    weekends: bool = True


class NotificationsConfig(_Model):
    """`always_on`: the kinds a person cannot switch off (shown as such in their settings).
    `quiet_hours`: the org's default quiet hours (None: none; each person may change theirs).
    `urgent`: the kinds that go through quiet hours and the daily digest.
    `talk_window_seconds` / `talk_max_wait_seconds`: a notice waits while its person is talking with the bot
    (a question of the bot open, a message being worked on, or one they sent in the last `talk_window_seconds`),
    at most `talk_max_wait_seconds` after it became due.
    `also_in_dm`: the kinds that, once a case has its thread in the person's DM, are shown in the DM as well as
    in the thread."""

    always_on: list[Preference] = []
    quiet_hours: QuietHoursConfig | None = None
    urgent: list[Preference] = []
    talk_window_seconds: float = Field(60.0, ge=0)
    talk_max_wait_seconds: float = Field(180.0, ge=0)
    also_in_dm: list[Preference] = [Preference.WAITING, Preference.RESOLVED]


class UrgencyConfig(_Model):
    """Priority from urgency: an urgent report (explicit urgency, wide impact, blocked against a deadline;
    intents/urgency.py) is filed with `priority`; everything else with `defaults.priority`."""

    enabled: bool = True
    priority: str = "2-High"


class Pointer(_Model):
    """Where to go for something Concierge does not handle: any of `topics` (words or phrases) in the
    message -> "For payroll, please use the HR portal: https://hr.example.com"."""

    topics: list[str]
    where: str


DEFAULT_POINTERS = [
    Pointer(topics=["payroll", "salary", "payslip", "pay slip", "payday", "pay day", "paycheck", "paycheque",
                    "tax code", "pension", "vacation", "holiday", "leave", "sick day", "benefits", "expenses",
                    "expense claim", "parental leave", "maternity", "paternity", "bonus", "mileage", "overtime",
                    "annual leave", "time off", "travel claim"],
            where="the HR portal or your HR partner"),
    Pointer(topics=["office supplies", "coffee", "kitchen", "parking", "desk booking", "cleaning",
                    "air conditioning", "aircon", "air con", "hvac", "heating", "heater", "boiler", "radiator", "thermostat", "toilet", "loo", "portaloo",
                    "restroom", "bathroom", "washroom", "lift", "elevator", "light bulb", "vending machine", "ice machine", "dishwasher", "microwave",
                    "water cooler", "canteen", "locker"],
            where="the facilities team"),
]


class CategoryFrom(_Model):
    """Where a case's category comes from when it is filed after articles were shown: a field of the best article
    (`field`, e.g. Support_Category__c) or its data category in a group (`data_category_group`, e.g. IT_Services),
    through `values` (article value -> the Case category value); an article without a mapped value gives the
    org's `defaults.category_value`."""

    field: FieldName | None = None
    data_category_group: FieldName | None = None
    values: dict[str, str] = {}


class KnowledgeConfig(_Model):
    """Answers from Salesforce Knowledge before filing (bot/knowledge.py, servicecloud/articles.py). Off by default:
    with `enabled: false` the bot behaves and costs exactly as without Knowledge."""

    enabled: bool = False
    article_object: FieldName = "Knowledge__kav"     # the article type searched (Lightning: Knowledge__kav)
    language: str = "en_US"                          # the articles' language for people whose language is unknown
    # Slack locale (en-US, de-DE, ...) or its language part -> Knowledge language (de-DE -> de)
    languages: dict[str, str] = {"en": "en_US", "de": "de", "fr": "fr", "es": "es", "it": "it", "ja": "ja",
                                 "nl": "nl_NL", "pt": "pt_BR"}
    max_articles: int = Field(3, ge=1, le=3)
    category_from: CategoryFrom = CategoryFrom()
    # A link to an article: {instance_url}, {id} (the version), {article_id}, {url_name}, {article_number}
    url_template: str = "{instance_url}/lightning/r/Knowledge__kav/{id}/view"

    def language_for(self, locale: str | None) -> str:
        """The Knowledge language of a Slack locale ("de-DE" -> "de"), or the default."""
        loc = (locale or "").strip()
        return self.languages.get(loc) or self.languages.get(loc.split("-")[0].split("_")[0]) or self.language


class MilestonesConfig(_Model):
    """"When to expect an answer" from the case's open entitlement milestones (servicecloud/milestones.py, issue 24).
    Off by default: an org without Entitlement Management refuses the CaseMilestones subquery, so it is read only
    when switched on (then in the same query as the case: no extra call)."""

    enabled: bool = False


class OrgConfig(_Model):
    statuses: StatusMap = StatusMap()
    fields: CaseFields = CaseFields()
    defaults: CaseDefaults = CaseDefaults()
    attachments: AttachmentLimits = AttachmentLimits()
    nudge: NudgeConfig = NudgeConfig()
    notifications: NotificationsConfig = NotificationsConfig()
    urgency: UrgencyConfig = UrgencyConfig()
    csat: CsatConfig = CsatConfig()            # the rating on the resolved notice (servicecloud/csat_config.py)
    knowledge: KnowledgeConfig = KnowledgeConfig()
    milestones: MilestonesConfig = MilestonesConfig()   # "when to expect an answer" on the status card, App Home
    # Out-of-scope questions: topic words -> where to go (first match wins); `pointer_default` otherwise.
    pointers: list[Pointer] = DEFAULT_POINTERS
    pointer_default: str = "your manager or the intranet"
    # Who to contact when an employee is not found in Salesforce
    support_contact: str = "the IT service desk"
    slash_command: str = "/case"
    # Web link to a case, {instance_url} and {case_id} substituted; empty = no link
    case_url_template: str = "{instance_url}/lightning/r/Case/{case_id}/view"

    # Read-only views
    recently_closed_days: int = Field(30, ge=0)
    # Filing from channels: the shortcut, the reaction, mentions and request channels (servicecloud/channel_config.py)
    channels: ChannelsConfig = ChannelsConfig()


def load_org_config(path: str | Path | None) -> OrgConfig:
    """Read the org mapping file; None or an empty file gives the defaults."""
    if not path:
        return OrgConfig()
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return OrgConfig.model_validate(data)
