"""Files shared with the bot: limits, and download from Slack (url_private_download + bot token).

The bot token goes only to Slack's file host (`files.slack.com`, or the host of SLACK_API_URL when that is not
Slack's own, as in the sandbox): a file object naming any other host is refused without a request. Redirects are
followed by hand, each hop checked the same way, and never with the token."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from bot.errors import BotError
from servicecloud.config import AttachmentLimits
from servicecloud.models import FileUpload


@dataclass(frozen=True)
class SharedFile:
    """The parts of a Slack file object the bot needs (JSON-able, so it can wait in a pending question)."""

    id: str
    name: str
    size: int
    mimetype: str | None
    url: str | None

    @classmethod
    def from_slack(cls, f: dict[str, Any]) -> SharedFile:
        return cls(id=f.get("id", ""), name=f.get("name") or f.get("title") or f.get("id", "file"),
                   size=int(f.get("size") or 0), mimetype=f.get("mimetype"),
                   url=f.get("url_private_download") or f.get("url_private"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


SLACK_FILE_HOST = "files.slack.com"
MAX_REDIRECTS = 3


def file_hosts(slack_api_url: str) -> frozenset[str]:
    """Where files may be downloaded from: Slack's file host (https), and the Web API's own host when SLACK_API_URL
    is not Slack's (the sandbox's stand-in serves its files there)."""
    hosts = {f"https://{SLACK_FILE_HOST}"}
    api = urlsplit(slack_api_url)
    host = (api.hostname or "").lower()
    if host and host != "slack.com" and not host.endswith(".slack.com"):
        hosts.add(f"{api.scheme}://{api.netloc.lower()}")
    return frozenset(hosts)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class FileFetcher:
    """Checks the org's attachment limits (servicecloud/config.py `AttachmentLimits`, their one owner) and
    downloads files with the bot token, from Slack's file host only."""

    def __init__(self, bot_token: str, limits: AttachmentLimits, *, timeout: float = 30.0,
                 hosts: frozenset[str] = frozenset({f"https://{SLACK_FILE_HOST}"})):
        self.bot_token, self.timeout = bot_token, timeout
        self.max_bytes, self.max_files = limits.max_bytes, limits.files_per_message
        self.hosts = hosts
        self._http = requests.Session()
        self._http.trust_env = False       # no proxy or .netrc credentials picked up from the environment

    def allowed(self, url: str | None) -> bool:
        """Whether `url` is on Slack's file host (scheme, host and port as `hosts` says)."""
        try:
            return bool(url) and _origin(str(url)) in self.hosts
        except ValueError:
            return False

    def split(self, files: list[SharedFile]) -> tuple[list[SharedFile], list[str]]:
        """The files within the limits, and a sentence for each one that is not (for a case being filed:
        the case is filed anyway and the user told which files were left out)."""
        ok: list[SharedFile] = []
        problems: list[str] = []
        for f in files:
            if f.size > self.max_bytes:
                problems.append(f"{f.name} is larger than the {_mb(self.max_bytes)} attachment limit, so I "
                                "didn't attach it.")
            elif not f.url or not self.allowed(f.url):
                problems.append(f"I can't download {f.name} from Slack (it may be an external file).")
            elif len(ok) >= self.max_files:
                problems.append(f"I attach at most {self.max_files} files to a case, so {f.name} was left out.")
            else:
                ok.append(f)
        return ok, problems

    def check(self, files: list[SharedFile]) -> None:
        """Refuse, before anything is downloaded, what the limits do not allow."""
        if len(files) > self.max_files:
            raise BotError(f"You shared {len(files)} files; I can attach at most {self.max_files} to a case.")
        too_big = [f for f in files if f.size > self.max_bytes]
        if too_big:
            names = ", ".join(f.name for f in too_big)
            raise BotError(f"{names} is larger than the {_mb(self.max_bytes)} attachment limit, so I didn't "
                           "attach it. Please share a smaller file (or a zip).")
        missing = [f for f in files if not f.url or not self.allowed(f.url)]
        if missing:
            raise BotError(f"I can't download {missing[0].name} from Slack (it may be an external file).")

    def download(self, f: SharedFile) -> FileUpload:
        if not f.url:
            raise BotError(f"I can't download {f.name} from Slack.")
        url, headers = f.url, {"Authorization": f"Bearer {self.bot_token}"}
        try:
            for _ in range(MAX_REDIRECTS + 1):
                if not self.allowed(url):
                    raise BotError(f"I can't download {f.name}: it isn't stored on Slack's file host.")
                resp = self._http.get(url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False)
                if not resp.is_redirect:
                    break
                url, headers = urljoin(url, resp.headers.get("Location", "")), {}    # never the token on a redirect
                resp.close()
            else:
                raise BotError(f"I couldn't download {f.name} from Slack (too many redirects).")
            with resp:
                resp.raise_for_status()
                ctype = resp.headers.get("Content-Type", "")
                # Without files:read Slack answers with its HTML sign-in page instead of the file.
                if ctype.startswith("text/html") and not (f.mimetype or "").startswith("text/html"):
                    raise BotError(f"Slack didn't let me download {f.name} (is the files:read scope granted?).")
                chunks, total = [], 0
                for chunk in resp.iter_content(64 * 1024):
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise BotError(f"{f.name} is larger than the {_mb(self.max_bytes)} attachment limit.")
                    chunks.append(chunk)
        except requests.RequestException as e:
            raise BotError(f"I couldn't download {f.name} from Slack; please share it again.") from e
        return FileUpload(name=f.name, content=b"".join(chunks), content_type=f.mimetype)
