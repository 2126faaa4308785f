"""What a check finds (`Outcome`: a status, one plain sentence, the fix for a problem, the specifics), the
finding it makes in the report (`Finding`: the outcome under its area and check name), and the report."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"          # works, but worth knowing (not blocking)
    FAIL = "FAIL"          # Concierge would not work properly: blocking
    SKIP = "skip"          # not checked, because something it needs failed


@dataclass(frozen=True)
class Outcome:
    status: Status
    summary: str
    fix: str | None = None
    details: tuple[str, ...] = field(default=())


def ok(summary: str, details: Iterable[str] = ()) -> Outcome:
    return Outcome(Status.OK, summary, None, tuple(details))


def warn(summary: str, fix: str, details: Iterable[str] = ()) -> Outcome:
    return Outcome(Status.WARN, summary, fix, tuple(details))


def fail(summary: str, fix: str, details: Iterable[str] = ()) -> Outcome:
    return Outcome(Status.FAIL, summary, fix, tuple(details))


@dataclass(frozen=True)
class Finding:
    area: str
    name: str
    outcome: Outcome

    @property
    def blocking(self) -> bool:
        return self.outcome.status is Status.FAIL


Ctx = TypeVar("Ctx")


def run_checks(area: str, checks: list[tuple[str, Callable[[Ctx], Outcome]]], ctx: Ctx,
               failure: Callable[[Exception], Outcome | None], *, gate: int = 0) -> list[Finding]:
    """Run `checks` in order. `failure` turns an exception a check raised into its outcome (None: re-raise).
    When one of the first `gate` checks fails, the rest are skipped (they need it)."""
    findings: list[Finding] = []
    for name, check in checks:
        needed = next((f for f in findings[:gate] if f.blocking), None)
        if needed is not None:
            findings.append(Finding(area, name, Outcome(Status.SKIP, f"not checked ({needed.name} failed)")))
            continue
        try:
            outcome = check(ctx)
        except Exception as exc:  # noqa: BLE001 - a check that cannot finish is reported, not raised
            mapped = failure(exc)
            if mapped is None:
                raise
            outcome = mapped
        findings.append(Finding(area, name, outcome))
    return findings


def render(findings: list[Finding]) -> str:
    """The report: every check under its area, then the verdict with the blocking problems and their fixes."""
    lines: list[str] = []
    area = None
    for f in findings:
        if f.area != area:
            if lines:
                lines.append("")
            area = f.area
            lines.append(area)
        o = f.outcome
        lines.append(f"  {o.status.value:<4}  {f.name}: {o.summary}")
        lines.extend(f"          - {d}" for d in o.details)
        if o.fix and o.status in (Status.WARN, Status.FAIL):
            lines.append(f"          fix: {o.fix}")
    blocking = [f for f in findings if f.blocking]
    warnings = sum(f.outcome.status is Status.WARN for f in findings)
    lines.append("")
    if not blocking:
        note = f" ({warnings} warning{'s' if warnings != 1 else ''} above)" if warnings else ""
        lines.append(f"Ready: Concierge can run with these settings{note}.")
    else:
        lines.append(f"Not ready: {len(blocking)} blocking problem{'s' if len(blocking) != 1 else ''}.")
        for i, f in enumerate(blocking, 1):
            lines.append(f"  {i}. {f.area} / {f.name}: {f.outcome.summary}")
            lines.append(f"     Fix: {f.outcome.fix}")
    return "\n".join(lines)
