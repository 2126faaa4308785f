"""Process settings, from the environment and an optional `.env` file (names as in DESIGN.md)."""
from __future__ import annotations

from functools import cached_property

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from servicecloud.config import OrgConfig, load_org_config


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      case_sensitive=False)

    # Slack
    slack_bot_token: str = Field("", alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str = Field("", alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    port: int = Field(3000, alias="PORT")
    host: str = Field("0.0.0.0", alias="HOST")
    # Requests to /slack/events larger than this are refused (413) before they are read; Slack's are a few KB
    # (a modal's submission, the largest, stays well under 1 MiB).
    max_request_bytes: int = Field(1024 * 1024, gt=0, alias="MAX_REQUEST_BYTES")
    listener_threads: int = Field(32, alias="LISTENER_THREADS")
    # Operations: /healthz, /readyz and /metrics are served on PORT in HTTP mode, on METRICS_PORT (default:
    # PORT) in Socket Mode; logs are plain text or JSON lines (LOG_FORMAT=json).
    metrics_port: int | None = Field(None, alias="METRICS_PORT")
    log_format: str = Field("plain", alias="LOG_FORMAT")
    # Durable intake (bot/intake.py): lease of a message being worked on, renewed while working; a replica
    # takes over a dead replica's message within about this long. Shutdown: how long in-flight work may finish.
    intake_lease_seconds: float = Field(10.0, alias="INTAKE_LEASE_SECONDS")
    shutdown_grace_seconds: float = Field(20.0, alias="SHUTDOWN_GRACE_SECONDS")
    # A DM whose answer takes longer than this (Salesforce slow, a retry) gets a short "still on it" first, so the
    # person is not left wondering; 0 turns it off.
    slow_reply_notice_seconds: float = Field(5.0, ge=0, alias="SLOW_REPLY_NOTICE_SECONDS")

    # Per-person budget (bot/budget.py), shared by replicas through the store; 0 = no limit. A person typing by hand
    # stays far below both; the first message over the minute's budget gets one polite answer, the rest none.
    person_messages_per_minute: int = Field(30, ge=0, alias="PERSON_MESSAGES_PER_MINUTE")
    person_cases_per_day: int = Field(25, ge=0, alias="PERSON_CASES_PER_DAY")

    # Salesforce
    sf_login_url: str = Field("https://login.salesforce.com", alias="SF_LOGIN_URL")
    sf_client_id: str = Field("", alias="SF_CLIENT_ID")
    sf_client_secret: str = Field("", alias="SF_CLIENT_SECRET")
    sf_ca_bundle: str | None = Field(None, alias="SF_CA_BUNDLE")
    sf_api_version: str = Field("62.0", alias="SF_API_VERSION")
    # JWT bearer flow (optional alternative to client credentials)
    sf_auth_flow: str = Field("client_credentials", alias="SF_AUTH_FLOW")  # or "jwt_bearer"
    sf_username: str | None = Field(None, alias="SF_USERNAME")
    sf_private_key_file: str | None = Field(None, alias="SF_PRIVATE_KEY_FILE")
    # JWT `aud`; default https://login.salesforce.com (https://test.salesforce.com for a sandbox login host)
    sf_jwt_audience: str | None = Field(None, alias="SF_JWT_AUDIENCE")
    # How long a write whose answer was lost (a timeout, a cut connection, a replica killed mid-call) may still
    # land: meanwhile it is only looked for, never redone. Salesforce's REST call timeout limit is 10 minutes.
    sf_in_doubt_seconds: float = Field(600.0, alias="SF_IN_DOUBT_SECONDS")

    # State
    database_url: str = Field("sqlite:///concierge.sqlite", alias="DATABASE_URL")

    # Poller
    poll_interval_seconds: float = Field(30.0, alias="POLL_INTERVAL_SECONDS")
    run_poller: bool = Field(True, alias="RUN_POLLER")

    # Org mapping file (YAML); defaults apply when unset
    concierge_config: str | None = Field(None, alias="CONCIERGE_CONFIG")

    def secrets(self) -> list[str | None]:
        """Values that must never appear in a log line (masked by runtime/logs.py if they ever do)."""
        return [self.slack_bot_token, self.slack_signing_secret, self.slack_app_token, self.sf_client_secret]

    @cached_property
    def org(self) -> OrgConfig:
        return load_org_config(self.concierge_config)
