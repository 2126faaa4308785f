"""Files in the stand-in workspace: what users upload (`add_file`), `files.info`'s file objects, and the
private download URLs, which serve the bytes only with the bot token (as Slack does)."""
from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from sandbox.slack.workspace import TEAM_ID, Call, SlackApiError, Workspace


@dataclass
class StoredFile:
    id: str
    name: str
    content: bytes
    mimetype: str
    user: str
    created: int

    def to_api(self, base_url: str) -> dict[str, Any]:
        quoted = urllib.parse.quote(self.name)
        return {
            "id": self.id, "created": self.created, "timestamp": self.created, "name": self.name,
            "title": self.name, "mimetype": self.mimetype, "filetype": self.name.rsplit(".", 1)[-1].lower(),
            "pretty_type": self.mimetype, "user": self.user, "size": len(self.content), "mode": "hosted",
            "is_external": False, "is_public": False,
            "url_private": f"{base_url}files-pri/{TEAM_ID}-{self.id}/{quoted}",
            "url_private_download": f"{base_url}files-pri/{TEAM_ID}-{self.id}/download/{quoted}",
            "permalink": f"{base_url}files/{self.user}/{self.id}/{quoted}",
        }


class Files:
    """The workspace's files. `base_url` gives the stand-in's URL (known once it listens)."""

    def __init__(self, workspace: Workspace, bot_token: str, base_url: Callable[[], str]):
        self.workspace, self.bot_token, self._base_url = workspace, bot_token, base_url
        self.by_id: dict[str, StoredFile] = {}

    def add(self, user: str, name: str, content: bytes, mimetype: str = "application/octet-stream",
            ) -> dict[str, Any]:
        """Upload a file as `user` would; returns its file object (pass it to send_dm or a file_input)."""
        with self.workspace.lock:
            fid = f"F{self.workspace.next_id():08d}"
            f = StoredFile(fid, name, content, mimetype, self.workspace.user(user).id, int(time.time()))
            self.by_id[fid] = f
            return f.to_api(self._base_url())

    def info(self, a: dict[str, Any]) -> dict[str, Any]:
        """`files.info`."""
        f = self.by_id.get(a.get("file", ""))
        if f is None:
            raise SlackApiError("file_not_found")
        return {"file": f.to_api(self._base_url())}

    async def download(self, request: Request) -> Response:
        """`GET /files-pri/<team>-<file id>/[download/]<name>`."""
        key = request.path_params["file_key"]
        fid = key.split("-", 1)[-1]
        token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        self.workspace.record_call(Call("file.download", {"file": fid, "authorized": token == self.bot_token}, {}))
        if token != self.bot_token:
            # Slack answers an unauthenticated download with its HTML login page, not the file.
            return Response("<html><body>Sign in to Slack</body></html>", media_type="text/html")
        f = self.by_id.get(fid)
        if f is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(f.content, media_type=f.mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{f.name}"'})
