"""Log configuration for `concierge run`: one format for every logger, the request id on every line, secrets
masked.

* Plain text by default; JSON lines with LOG_FORMAT=json (python-json-logger), one object per record with
  `time`, `level`, `logger`, `message`, `request_id` and `reference`.
* Every record emitted while a request is handled carries its id and reference (bot/request_context.py),
  the Salesforce calls it makes included, so support can go from "reference 7F3K" to every line.
* Known secret values (tokens, signing secret, client secret) are replaced by `***` in any record that
  would contain one: a last line of defence, the code itself never logs them. Message text is logged only
  at DEBUG.
* Routine library chatter (APScheduler's two lines per job run) only when verbose (or at DEBUG).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from bot import request_context

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message", "request_id", "reference")

_installed: logging.Handler | None = None

# Libraries that log every routine step at INFO (APScheduler: two lines per job run, i.e. every poll cycle).
_CHATTY_LOGGERS = ("apscheduler",)


class RequestIdFilter(logging.Filter):
    """Adds `request_id`, `reference` and `request_tag` (" [req=... ref=...]" or "") to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        scope = request_context.current()
        record.request_id = scope.request_id if scope else None
        record.reference = scope.reference if scope else None
        record.request_tag = f" [req={scope.request_id} ref={scope.reference}]" if scope else ""
        return True


class SecretMask(logging.Filter):
    """Replaces each known secret value by `***` in the formatted message (and drops the arguments)."""

    def __init__(self, secrets: Iterable[str | None]):
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        masked = message
        for secret in self.secrets:
            masked = masked.replace(secret, "***")
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, "***")
        return True


class _RoutineSchedulerWarnings(logging.Filter):
    """Drops APScheduler's warnings about runs skipped or started late: with one instance per job, a poll
    cycle that outlasts the interval simply makes the next one wait, which is by design, not a problem."""

    _ROUTINE = ("maximum number of running instances reached", "was missed by")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(text in message for text in self._ROUTINE)


def make_formatter(log_format: str = "plain") -> logging.Formatter:
    if log_format.strip().lower() == "json":
        from pythonjsonlogger.json import JsonFormatter
        return JsonFormatter(" ".join(f"%({f})s" for f in JSON_FIELDS),
                             rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})
    return logging.Formatter(PLAIN_FORMAT)


def make_handler(stream: TextIO | None = None, *, log_format: str = "plain",
                 secrets: Iterable[str | None] = ()) -> logging.Handler:
    """A handler with the request-id filter, the secret mask and the chosen format (tests attach one too)."""
    handler: logging.Handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(SecretMask(secrets))
    handler.setFormatter(make_formatter(log_format))
    return handler


def configure_logging(level: str = "INFO", *, verbose: bool = False, log_format: str = "plain",
                      secrets: Iterable[str | None] = ()) -> None:
    """One handler on the root logger for every logger; routine library chatter only when verbose."""
    root_level = logging.DEBUG if verbose else getattr(logging, level.upper(), logging.INFO)
    global _installed
    root = logging.getLogger()
    if _installed is not None:  # configured again (tests run `main` in-process): replace only our handler
        root.removeHandler(_installed)
    _installed = make_handler(log_format=log_format, secrets=secrets)
    root.addHandler(_installed)
    root.setLevel(root_level)
    quiet = root_level > logging.DEBUG
    for name in _CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING if quiet else logging.NOTSET)
        for f in [f for f in logger.filters if isinstance(f, _RoutineSchedulerWarnings)]:
            logger.removeFilter(f)
    if quiet:
        for name in ("apscheduler.scheduler", "apscheduler.executors.default"):
            logging.getLogger(name).addFilter(_RoutineSchedulerWarnings())
