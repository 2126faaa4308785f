"""`manifest.yml`, the Slack app manifest Concierge is installed from, as data (`concierge doctor` compares the
bot token's scopes with it; the Slack stand-in grants them)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# In a checkout the manifest sits at the repository root; an installed copy is pointed at explicitly.
MANIFEST_PATH = Path(__file__).resolve().parents[1] / "manifest.yml"


def load_manifest(path: str | Path | None = None) -> dict[str, Any]:
    data = yaml.safe_load(Path(path or MANIFEST_PATH).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def bot_scopes(manifest: dict[str, Any]) -> list[str]:
    """The bot token scopes the app asks for (oauth_config.scopes.bot)."""
    return list(((manifest.get("oauth_config") or {}).get("scopes") or {}).get("bot") or [])


def socket_mode_enabled(manifest: dict[str, Any]) -> bool:
    return bool((manifest.get("settings") or {}).get("socket_mode_enabled"))
