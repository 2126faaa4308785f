"""`ChatBackend` over the Slack stand-in (sandbox/slack/): what the page does becomes signed requests to the bot."""
from __future__ import annotations

from typing import Any, Callable

import requests

from sandbox.slack import SlackStandIn
from sandbox.web.chat import DeliveryError, Employee, UploadedFile

# What the page shows under a name in the "You are" picker.
DEFAULT_NOTES = {"erin@example.com": "No Salesforce contact: see how the bot handles an unknown employee."}

# Stand-in change kinds -> what the page refetches (it refetches the whole user state either way).
_KINDS = {"message": "conversation", "message_changed": "conversation", "ephemeral": "conversation",
          "message_deleted": "conversation", "view": "views", "view_closed": "views", "home": "home"}


class StandInChat:
    """Adapts `SlackStandIn` to the page's `ChatBackend` interface."""

    def __init__(self, standin: SlackStandIn, *, bot_name: str = "Concierge",
                 notes: dict[str, str] | None = None):
        self.standin = standin
        self.bot_name = bot_name
        self._notes = DEFAULT_NOTES if notes is None else notes

    def employees(self) -> list[Employee]:
        return [Employee(id=u.id, name=u.real_name, email=u.email or "", note=self._notes.get(u.email or ""))
                for u in self.standin.users.values() if not u.is_bot]

    # ---- deliveries -----------------------------------------------------------------------------------
    def send_message(self, user_id: str, text: str, files: list[UploadedFile]) -> None:
        _check(_deliver(lambda: self.standin.send_dm(
            user_id, text, [(f.name, f.content, f.mimetype) for f in files])), "your message")

    def reply_in_thread(self, user_id: str, thread_ts: str, text: str) -> None:
        try:
            delivery = _deliver(lambda: self.standin.reply_in_thread(user_id, thread_ts, text))
        except LookupError as exc:
            raise DeliveryError("That message is not in this conversation any more.", status=404) from exc
        _check(delivery, "your reply")

    def slash_command(self, user_id: str, command: str, text: str) -> None:
        _check(_deliver(lambda: self.standin.slash_command(user_id, command, text)), f"the {command} command")

    def click(self, user_id: str, action: dict[str, Any], *, message_ts: str | None = None,
              view_id: str | None = None) -> None:
        try:
            delivery = _deliver(lambda: self.standin.click(
                user_id, str(action["action_id"]), action.get("value"), message_ts=message_ts,
                view_id=view_id, block_id=action.get("block_id"),
                selected_option=action.get("selected_option")))
        except (LookupError, StopIteration) as exc:
            raise DeliveryError(f"That button is gone: {exc}", status=409) from exc
        _check(delivery, "your click")

    def submit_view(self, user_id: str, view_id: str, values: dict[str, Any]) -> dict[str, Any] | None:
        try:
            delivery = _deliver(lambda: self.standin.submit_view(user_id, view_id, values))
        except KeyError as exc:
            raise DeliveryError("That form was already closed.", status=409) from exc
        _check(delivery, "the form")
        answer = delivery.json()
        return answer if isinstance(answer, dict) else None

    def close_view(self, user_id: str, view_id: str) -> None:
        try:
            delivery = _deliver(lambda: self.standin.close_view(user_id, view_id))
        except KeyError:
            return  # already closed: nothing to do
        if delivery is not None:
            _check(delivery, "closing the form")

    def open_home(self, user_id: str) -> None:
        _check(_deliver(lambda: self.standin.open_home(user_id)), "opening the Home tab")

    def upload_file(self, user_id: str, file: UploadedFile) -> dict[str, Any]:
        return self.standin.add_file(user_id, file.name, file.content, file.mimetype)

    # ---- channels -------------------------------------------------------------------------------------
    def channels(self) -> list[dict[str, Any]]:
        ws = self.standin.workspace
        with ws.lock:
            return [{"id": c.id, "name": c.name} for c in ws.conversations.values()]

    def post_in_channel(self, user_id: str, channel: str, text: str, thread_ts: str | None) -> None:
        try:
            post = _deliver(lambda: self.standin.post(user_id, channel, text, thread_ts=thread_ts))
        except PermissionError as exc:
            raise DeliveryError(f"{exc}: join it first.", status=403) from exc
        except LookupError as exc:
            raise DeliveryError("That message is not in this channel any more.", status=404) from exc
        for delivery in post.deliveries:
            _check(delivery, "your message")

    def react(self, user_id: str, channel: str, ts: str, name: str) -> None:
        try:
            _check(_deliver(lambda: self.standin.react(user_id, channel, ts, name)), "your reaction")
        except LookupError as exc:
            raise DeliveryError("That message is not in this channel any more.", status=404) from exc

    def shortcut(self, user_id: str, channel: str, ts: str) -> None:
        try:
            _check(_deliver(lambda: self.standin.shortcut(user_id, channel, ts)), "the shortcut")
        except LookupError as exc:
            raise DeliveryError("That message is not in this channel any more.", status=404) from exc

    # ---- state ----------------------------------------------------------------------------------------
    def conversation(self, user_id: str) -> list[dict[str, Any]]:
        return _seen_by(user_id, self.standin.conversation(user_id))

    def channel_messages(self, user_id: str, channel: str) -> list[dict[str, Any]]:
        return _seen_by(user_id, self.standin.messages(channel))

    def views(self, user_id: str) -> list[dict[str, Any]]:
        return self.standin.views(user_id)

    def home(self, user_id: str) -> dict[str, Any] | None:
        return self.standin.home(user_id)

    def subscribe(self, callback: Callable[[str | None, str], None]) -> Callable[[], None]:
        return self.standin.subscribe(lambda user, kind: callback(user, _KINDS.get(kind, kind)))


def _seen_by(user_id: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What `user_id` sees of a conversation: everyone's messages and their own ephemeral ones, in the page's
    shape (`ephemeral`, no metadata)."""
    out = []
    for message in messages:
        if message.get("is_ephemeral") and message.get("for_user") not in (None, user_id):
            continue
        message = dict(message)
        message["ephemeral"] = bool(message.pop("is_ephemeral", False))
        message.pop("metadata", None)
        out.append(message)
    return out


def _deliver(send: Callable[[], Any]) -> Any:
    """Run one delivery; an unreachable bot becomes a message for the page, not a 500."""
    try:
        return send()
    except requests.RequestException as exc:
        raise DeliveryError(f"The bot is not reachable ({type(exc).__name__}). Is it still running?") from exc


def _check(delivery: Any, what: str) -> None:
    """A delivery the bot refused or failed: tell the person, with the bot's status."""
    if delivery is None or delivery.ok:
        return
    detail = (delivery.response_text or "").strip()[:200]
    raise DeliveryError(f"The bot did not accept {what} (HTTP {delivery.status}{': ' + detail if detail else ''}).",
                        status=502)
