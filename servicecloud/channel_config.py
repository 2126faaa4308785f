"""Channel intake in the org mapping (`channels:` in the org file): which Slack channels are request channels, how
a case is filed from a channel (Origin, record type, category, priority per channel), and the privacy and trust
rules. Plain data: bot/channels/ reads it; nothing here knows Slack's API."""
from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntakeMode(StrEnum):
    AUTO = "auto"          # every top-level message from a person is a request
    EMOJI = "emoji"        # only messages given the filing reaction (and the shortcut, and mentions)
    MENTION = "mention"    # only messages that mention the bot (and the shortcut, and the reaction)


class RequestChannel(_Model):
    """One channel: `id` (C...) or `name` (without #) names it. Empty values use the org's defaults."""

    id: str | None = None
    name: str | None = None
    mode: IntakeMode = IntakeMode.EMOJI
    origin: str | None = None               # Case.Origin; None: `channels.origin`
    record_type_id: str | None = None       # None: the org's record type
    category_value: str | None = None       # None: defaults.category_value
    priority: str | None = None             # None: defaults.priority (urgency still raises it)
    private_replies: bool = False           # the thread only says a case was filed; details go by DM
    public_updates: bool = True             # agents' public replies are posted into the case's thread

    def names(self, channel_id: str, channel_name: str | None) -> bool:
        return bool((self.id and self.id == channel_id)
                    or (self.name and channel_name and self.name.lstrip("#") == channel_name.lstrip("#")))


DEFAULT_SENSITIVE_WORDS = ["password", "passcode", "salary", "payslip", "medical", "sick note", "diagnosis",
                           "pregnan", "lawsuit", "legal", "harass", "grievance", "disciplinary", "HR complaint",
                           "social security", "bank account", "credit card"]


class StatusReactions(_Model):
    """Reactions Concierge puts on a case's root message as the case moves (empty: none for that state)."""

    filed: str = "ticket"
    waiting: str = "hourglass_flowing_sand"
    resolved: str = "white_check_mark"
    reopened: str = "arrows_counterclockwise"


class ChannelsConfig(_Model):
    """`enabled`: the shortcut, the reaction and mentions file cases at all. `reaction`: the emoji name that files
    a message (default :ticket:). `shortcut_callback_id`: the message shortcut's callback id in manifest.yml.
    `window_seconds`: in `auto` channels, one author's top-level messages within this long make one case.
    `requests`: the request channels; channels not listed still take the shortcut, the reaction and mentions
    (as `default`). `sensitive_words`: a message with any of them is discussed in the author's DM only.
    `allow_guests` / `allow_external`: file for guest accounts / people of another organisation in a shared
    channel (deactivated accounts never)."""

    enabled: bool = True
    reaction: str = "ticket"
    shortcut_callback_id: str = "file_as_case"
    origin: str = "Slack Channel"
    window_seconds: float = Field(120.0, ge=0)
    requests: list[RequestChannel] = []
    default: RequestChannel = RequestChannel()
    sensitive_words: list[str] = DEFAULT_SENSITIVE_WORDS
    allow_guests: bool = False
    allow_external: bool = False
    status_reactions: StatusReactions = StatusReactions()

    def channel(self, channel_id: str, channel_name: str | None = None) -> RequestChannel:
        """The settings of a channel: its `requests` entry, else `default`."""
        return next((c for c in self.requests if c.names(channel_id, channel_name)), self.default)

    def is_request_channel(self, channel_id: str, channel_name: str | None = None) -> bool:
        return any(c.names(channel_id, channel_name) for c in self.requests)
