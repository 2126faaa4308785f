"""The pure rules of channel intake: which message is a request, what is said in the channel and what only by DM,
whose case may be filed. No Slack calls, no Salesforce calls: each rule is a unit test (tests/channels/)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from servicecloud.channel_config import ChannelsConfig, IntakeMode, RequestChannel

# Message subtypes that are a person writing (everything else: edits, joins, bots, deletions, is not a request)
PERSON_SUBTYPES = {None, "file_share", "thread_broadcast"}

_PLEASANTRY = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|yo|morning|good (?:morning|afternoon|evening)|thanks?(?: you)?|thx|ty|cheers|"
    r"great|cool|nice|perfect|awesome|ok(?:ay)?|k|np|no problem|sure|yes|yep|no|nope|same|same here|me too|"
    r"\+1|\+\d+|lol|haha|bye|see you|welcome|congrats|congratulations|done|solved|fixed|works now|"
    r"(?:that|it) (?:worked|works)|got it|noted|will do|on it)\b[\s\W]*)+"
    r"(?:(?:all|everyone|team|folks|guys|again|so much|a lot|for (?:the|your) help)\b[\s\W]*)*$", re.IGNORECASE)
_EMOJI_ONLY = re.compile(r"^(?:\s*:[a-z0-9_+\-']+:\s*)+$", re.IGNORECASE)


class Entry(StrEnum):
    SHORTCUT = "shortcut"
    REACTION = "reaction"
    MENTION = "mention"
    AUTO = "auto"


def is_pleasantry(text: str) -> bool:
    """"thanks!", "+1", "morning all", ":pray:", "same here": never a case."""
    t = (text or "").strip()
    return not t or bool(_PLEASANTRY.match(t)) or bool(_EMOJI_ONLY.match(t))


def from_a_person(event: dict[str, Any], bot_user_id: str | None = None) -> bool:
    """Written by a person (not an app, not the bot itself, not an edit or a join)."""
    return (event.get("user") is not None and not event.get("bot_id") and event.get("user") != bot_user_id
            and event.get("subtype") in PERSON_SUBTYPES)


def is_reply(event: dict[str, Any]) -> bool:
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def root_of(message: dict[str, Any]) -> str:
    """The thread root of a message: its `thread_ts` when it is a reply, else its own ts."""
    return str(message.get("thread_ts") or message.get("ts")) if is_reply(message) else str(message.get("ts"))


def auto_request(event: dict[str, Any], channel: RequestChannel, *, bot_user_id: str | None = None) -> bool:
    """In an `auto` request channel: a person's top-level message that says more than a pleasantry."""
    return (channel.mode is IntakeMode.AUTO and from_a_person(event, bot_user_id) and not is_reply(event)
            and not is_pleasantry(strip_mention(event.get("text") or "", bot_user_id)))


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The text without the bot's mention (`<@U0CONCIERGEBOT> my vpn` -> `my vpn`)."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    return " ".join(text.split())


def sensitive_words(text: str, config: ChannelsConfig) -> list[str]:
    """The configured sensitive words in `text` (word starts, case-insensitive): such a conversation goes to DM."""
    lowered = (text or "").casefold()
    return [w for w in config.sensitive_words if re.search(rf"(?<!\w){re.escape(w.casefold())}", lowered)]


class Refusal(StrEnum):
    """Why no case is filed in a person's name (each one explained ephemerally to whoever asked)."""

    NOT_A_PERSON = "not_a_person"
    DEACTIVATED = "deactivated"
    GUEST = "guest"
    EXTERNAL = "external"
    NO_EMAIL = "no_email"


REFUSAL_WORDS = {
    Refusal.NOT_A_PERSON: "I can only file cases for messages people wrote, not for apps' posts.",
    Refusal.DEACTIVATED: "I can't file a case for {who}: their Slack account is deactivated.",
    Refusal.GUEST: "I can't file a case for {who}: guest accounts can't have cases filed in their name here. "
                   "Please ask the service desk directly.",
    Refusal.EXTERNAL: "I can't file a case for {who}: they're from another organisation in this shared channel.",
    Refusal.NO_EMAIL: "I can't file a case for {who}: their Slack profile has no confirmed email address.",
}


@dataclass(frozen=True)
class Author:
    """What users.info says about a message's author that decides whether a case may be theirs."""

    id: str
    deleted: bool = False
    guest: bool = False
    team_id: str | None = None
    email: str | None = None
    is_bot: bool = False

    @classmethod
    def from_api(cls, user: dict[str, Any]) -> Author:
        return cls(id=user.get("id", ""), deleted=bool(user.get("deleted")),
                   guest=bool(user.get("is_restricted") or user.get("is_ultra_restricted")),
                   team_id=user.get("team_id"), email=(user.get("profile") or {}).get("email"),
                   is_bot=bool(user.get("is_bot")))


def trust_refusal(author: Author, config: ChannelsConfig, *, team_id: str | None) -> Refusal | None:
    """None when a case may be filed for `author`; else why not (deactivated never; guests and people from other
    organisations only when the org opts in; an unconfirmed (absent) email never)."""
    if author.is_bot:
        return Refusal.NOT_A_PERSON
    if author.deleted:
        return Refusal.DEACTIVATED
    if author.guest and not config.allow_guests:
        return Refusal.GUEST
    if team_id and author.team_id and author.team_id != team_id and not config.allow_external:
        return Refusal.EXTERNAL
    if not author.email:
        return Refusal.NO_EMAIL
    return None
