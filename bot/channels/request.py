"""A message in a channel to be filed as a case (`ChannelRequest`), and the key of its thread: one case per thread
(the intake's, the private question's and the outbox entry's key)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ChannelRequest:
    """A message to file: where it is (channel, its thread root), who wrote it (`author`, the case is theirs), who
    asked (`actor`: the person who reacted, clicked or mentioned; the author in auto channels) and how."""

    channel: str
    root_ts: str
    message_ts: str
    author: str | None
    text: str
    actor: str
    entry: str
    bot_in_channel: bool = True
    channel_name: str | None = None
    response_url: str | None = None
    team_id: str | None = None

    @property
    def key(self) -> str:
        """The thread's key (the intake's, the private question's, the outbox entry's): one case per thread."""
        return thread_key(self.channel, self.root_ts)

    @property
    def where(self) -> str:
        return f"#{self.channel_name}" if self.channel_name else f"<#{self.channel}>"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChannelRequest:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def thread_key(channel: str, root_ts: str) -> str:
    return f"chan:{channel}:{root_ts}"


def thread_of(key: str) -> tuple[str, str] | None:
    """(channel, thread root) of a thread key; None for any other key."""
    head, _, rest = key.partition(":")
    channel, _, root = rest.partition(":")
    return (channel, root) if head == "chan" and channel and root and ":" not in root else None
