"""Listeners for modal submissions: Add comment, Add details, Edit subject (one text about a case) and New case.
Input is checked in the ack (`response_action: errors`); the work happens after it, once per submission (a replayed
one is dropped, `Shared.first_time`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from slackui import ids

if TYPE_CHECKING:
    from bot.listeners.shared import Shared


class ViewListeners:
    """view_submission, on behalf of `core` (what the surfaces share, shared.py)."""

    def __init__(self, core: Shared):
        self.core = core

    def register(self) -> None:
        app = self.core.app
        app.view(ids.VIEW_ADD_COMMENT)(self.on_comment_submitted)
        app.view(ids.VIEW_ADD_DETAILS)(self.on_details_submitted)
        app.view(ids.VIEW_EDIT_SUBJECT)(self.on_subject_submitted)
        app.view(ids.VIEW_NEW_CASE)(self.on_new_case_submitted)

    def on_comment_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_COMMENT, ids.INPUT_COMMENT,
                          "Please write a comment.", self.core.concierge.submit_comment)

    def on_details_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_DESCRIPTION, ids.INPUT_DESCRIPTION,
                          "Please write the details to add.", self.core.concierge.submit_details)

    def on_subject_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        self._submit_text(ack, body, view, client, ids.BLOCK_SUBJECT, ids.INPUT_SUBJECT,
                          "Please write a subject.", self.core.concierge.submit_subject)

    def _submit_text(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                     block_id: str, action_id: str, empty_error: str, submit: Callable[..., Any]) -> None:
        """A one-text modal about a case (its Id in private_metadata): refuse an empty text under the input,
        else ack and hand the text to `submit(user, case_id, text, dedupe_key=...)` off the ack path."""
        value = _input(view, block_id, action_id)
        if not value.strip():
            ack(response_action="errors", errors={block_id: empty_error})
            return
        ack()
        core = self.core
        user = body["user"]["id"]
        key = f"view:{view['id']}:{view.get('hash', '')}"
        if not core.first_time(key):
            return
        core.run(lambda: submit(user, view.get("private_metadata", ""), value, dedupe_key=key),
                 core.poster(client, core.dm_channel(client, user), key=key), user=user, client=client)

    def on_new_case_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = (view.get("state") or {}).get("values") or {}
        subject = _input(view, ids.BLOCK_SUBJECT, ids.INPUT_SUBJECT)
        if not subject.strip():
            ack(response_action="errors", errors={ids.BLOCK_SUBJECT: "Please give the case a subject."})
            return
        ack()
        core = self.core
        description = _input(view, ids.BLOCK_DESCRIPTION, ids.INPUT_DESCRIPTION)
        selected = ((values.get(ids.BLOCK_TYPE) or {}).get(ids.INPUT_TYPE) or {}).get("selected_option") or {}
        files = ((values.get(ids.BLOCK_FILE) or {}).get(ids.INPUT_FILE) or {}).get("files") or []
        user = body["user"]["id"]
        key = f"view:{view['id']}:{view.get('hash', '')}"
        if not core.first_time(key):
            return
        core.run(lambda: core.concierge.submit_new_case(user, subject=subject, description=description,
                                                        case_type=selected.get("value"), files=files,
                                                        dedupe_key=key),
                 core.poster(client, core.dm_channel(client, user), key=key), user=user, client=client)


def _input(view: dict[str, Any], block_id: str, action_id: str) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return ((values.get(block_id) or {}).get(action_id) or {}).get("value") or ""
