"""Slack checks: the bot token (`auth.test`), its scopes against manifest.yml, and the transport (the app-level
token in Socket Mode, the signing secret in HTTP mode)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from runtime.doctor.result import Finding, Outcome, fail, ok, run_checks, warn
from bot.manifest import bot_scopes, socket_mode_enabled

AREA = "Slack"
REINSTALL = ("Copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page into "
             "SLACK_BOT_TOKEN; if the app was uninstalled or the token revoked, reinstall the app first.")


@dataclass
class SlackContext:
    settings: Any
    manifest: dict[str, Any]
    client: WebClient
    _auth: Any = field(default=None)

    def auth(self) -> Any:
        """The `auth.test` response (its headers carry the token's scopes)."""
        if self._auth is None:
            self._auth = self.client.auth_test()
        return self._auth


def bot_token(ctx: SlackContext) -> Outcome:
    token = ctx.settings.slack_bot_token or ""
    if not token.startswith("xoxb-"):
        return fail("SLACK_BOT_TOKEN is " + ("not set" if not token else "not a bot token (xoxb-...)"), REINSTALL)
    auth = ctx.auth()
    return ok(f"auth.test: bot @{auth.get('user')} ({auth.get('user_id')}) in workspace {auth.get('team')} "
              f"({auth.get('team_id')})")


def scopes(ctx: SlackContext) -> Outcome:
    wanted = bot_scopes(ctx.manifest)
    header = {k.lower(): v for k, v in (ctx.auth().headers or {}).items()}.get("x-oauth-scopes")
    if header is None:
        return warn("Slack did not report the token's scopes (no X-OAuth-Scopes header)",
                    "Compare the app's Bot Token Scopes (OAuth & Permissions) with manifest.yml by hand.")
    granted = {s.strip() for s in str(header).split(",") if s.strip()}
    missing = [s for s in wanted if s not in granted]
    if missing:
        return fail(f"the bot token lacks {len(missing)} scope{'s' if len(missing) > 1 else ''} manifest.yml asks "
                    f"for: {', '.join(missing)}", "Add the missing scopes to the app (paste manifest.yml again in "
                    "the app's settings, or OAuth & Permissions > Bot Token Scopes), reinstall the app to the "
                    "workspace, and update SLACK_BOT_TOKEN if it changed.",
                    [f"granted: {', '.join(sorted(granted)) or 'none'}"])
    return ok(f"the token holds all {len(wanted)} scopes manifest.yml asks for")


def transport(ctx: SlackContext) -> Outcome:
    s = ctx.settings
    manifest_socket = socket_mode_enabled(ctx.manifest)
    if s.slack_app_token:
        if not s.slack_app_token.startswith("xapp-"):
            return fail("SLACK_APP_TOKEN is not an app-level token (xapp-...)",
                        "Create an app-level token with the connections:write scope (Basic Information > "
                        "App-Level Tokens) and put it in SLACK_APP_TOKEN.")
        WebClient(base_url=s.slack_api_url).apps_connections_open(app_token=s.slack_app_token)
        summary = "Socket Mode: the app-level token opens connections (apps.connections.open)"
        if not manifest_socket:
            return warn(summary + ", but manifest.yml has Socket Mode off",
                        "Turn Socket Mode on in the app's settings (settings.socket_mode_enabled: true).")
        return ok(summary)
    if not s.slack_signing_secret:
        return fail("HTTP mode without SLACK_SIGNING_SECRET: every request from Slack would be refused",
                    "Set SLACK_SIGNING_SECRET to the app's Signing Secret (Basic Information > App Credentials).")
    summary = "HTTP mode (no SLACK_APP_TOKEN): Slack must reach https://YOUR-HOST/slack/events"
    if manifest_socket:
        return warn(summary + ", but manifest.yml has Socket Mode on, so Slack sends nothing there",
                    "Either set SLACK_APP_TOKEN (Socket Mode), or turn Socket Mode off in the app and set the "
                    "Event Subscriptions, Interactivity and /case request URLs to https://YOUR-HOST/slack/events.")
    return ok(summary)


def request_channels(ctx: SlackContext) -> Outcome:
    """Every request channel of the org file the bot is a member of (else it hears nothing there: no reactions,
    no mentions, no messages)."""
    listed = ctx.settings.org.channels.requests
    if not listed:
        return ok("no request channels configured (the shortcut, the reaction and mentions work where the bot is)")
    missing: list[str] = []
    for channel in listed:
        ref = channel.id or channel.name or ""
        try:       # channels:history, which channel intake needs anyway (conversations.info would need channels:read)
            ctx.client.conversations_history(channel=ref, limit=1)
        except SlackApiError as e:
            error = e.response.get("error")
            missing.append(f"#{channel.name or ref}" if error == "not_in_channel" else f"{ref} ({error})")
    if missing:
        return fail(f"Concierge is not a member of {len(missing)} request channel{'s' if len(missing) > 1 else ''}: "
                    f"{', '.join(missing)}", "Invite it in each channel (/invite @Concierge), or correct the "
                    "channel's id in the org file (channels.requests).")
    return ok(f"Concierge is in all {len(listed)} request channels")


CHECKS: list[tuple[str, Callable[[SlackContext], Outcome]]] = [
    ("Bot token", bot_token), ("Scopes", scopes), ("Connection", transport), ("Request channels", request_channels),
]


def _failure(exc: Exception) -> Outcome | None:
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else str(exc)
        return fail(f"Slack answered {error}", REINSTALL if error in ("invalid_auth", "not_authed", "token_revoked",
                                                                       "account_inactive") else
                    "Check the token and the app's configuration; Slack's error is above.")
    if isinstance(exc, (SlackClientError, OSError)):
        return fail(f"Slack can't be reached at {exc}", "Check SLACK_API_URL and the network.")
    return None


def run(ctx: SlackContext) -> list[Finding]:
    return run_checks(AREA, CHECKS, ctx, _failure, gate=1)
