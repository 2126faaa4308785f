"""Held notices and their digests: the store side of notifications/timing.py (`Store.holds`).

A notice decided in its person's quiet hours (or waiting for their daily digest) is a ledger row `held` until
`due_at`. When due, all of one person's due rows are claimed together for ONE digest message: one UPDATE,
fenced by the poller lease, moves them from `held` to `digesting` with the digest's key, or moves none (another
replica claimed one of them first). The key is stable (derived from the rows it holds) and goes into the
message metadata, so a digest cut off between its post and `mark_digest_sent` is found in the DM history
instead of being posted again. A held row is never sent on its own: the single sends take `pending` rows only.

A held row remembers the version of its person's timing settings its `due_at` was decided under
(`timing_version`; store/preferences.py counts the changes). `out_of_date` finds the held rows whose person has
changed their settings since, and `retime` gives them the due times decided again (by the poller, under its
lease, notifications/digests.py), only while they are still `held`.

Also what the store knows of a person's exchange with the bot (`talk_activity`): their newest message (the
intake log), a message of theirs being worked on, an open question of the bot (store/questions.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, update

from store import schema as t
from store.engines import TableFamily, write_transaction
from store.leases import check_lease
from store.statuses import LedgerStatus, NoteStatus
from store.records import Lease, LeaseLost, LedgerEntry, as_ledger

@dataclass(frozen=True, slots=True)
class Talk:
    """A person's exchange with the bot, as the store records it."""

    last_message_at: datetime | None = None   # their newest message to the bot
    working: bool = False                     # a message of theirs is being worked on (under a live lease)
    question_open: bool = False               # the bot asked them something and waits for the answer


class _Claimed(Exception):
    """Some row of the digest was claimed by someone else: the whole claim is rolled back."""


class HeldNotices(TableFamily):
    def due_held(self, now: datetime, *, limit: int = 2000) -> list[LedgerEntry]:
        """`held` rows due at `now` (the poller's clock), by person, oldest first."""
        c = t.ledger.c
        with self._read() as conn:
            rows = conn.execute(select(t.ledger).where(c.status == LedgerStatus.HELD, c.due_at <= now)
                                .order_by(c.slack_user_id, c.id).limit(limit)).all()
        return [as_ledger(r) for r in rows]

    def out_of_date(self, *, limit: int = 2000) -> list[LedgerEntry]:
        """`held` rows whose person changed their timing settings after the rows' due time was decided (the
        settings' version is not the one the row was timed under), by person, oldest first."""
        c, s = t.ledger.c, t.notice_timing.c
        with self._read() as conn:
            rows = conn.execute(select(t.ledger).join(t.notice_timing, s.slack_user_id == c.slack_user_id)
                                .where(c.status == LedgerStatus.HELD, or_(c.timing_version.is_(None),
                                                               c.timing_version != s.version))
                                .order_by(c.slack_user_id, c.id).limit(limit)).all()
        return [as_ledger(r) for r in rows]

    def held_count(self, slack_user_id: str) -> int:
        """How many notices are held for this person (waiting for the end of quiet hours or their digest)."""
        c = t.ledger.c
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(t.ledger).where(
                c.slack_user_id == slack_user_id, c.status == LedgerStatus.HELD)).scalar_one())

    def retime(self, due: Mapping[int, tuple[datetime, int]], *, lease: Lease,
               ttl_seconds: float | None = None) -> int:
        """Give held rows a new due time: ledger id -> (due_at, the settings' version it was decided under), in
        one transaction fenced by the lease. Rows no longer `held` (in a digest, sent) are left as they are.
        Returns how many rows were re-timed; raises LeaseLost when the lease is gone."""
        c = t.ledger.c
        changed = 0
        with write_transaction(self._engine) as conn:
            if not check_lease(conn, self.now(), lease.name, lease.holder, lease.token, ttl_seconds):
                raise LeaseLost("lease lost before re-timing held notices")
            for entry_id, (due_at, version) in sorted(due.items()):
                changed += conn.execute(update(t.ledger).where(c.id == entry_id, c.status == LedgerStatus.HELD)
                                        .values(due_at=due_at, timing_version=version)).rowcount
        return changed

    def claim_digest(self, entry_ids: Iterable[int], key: str, *, lease: Lease,
                     ttl_seconds: float | None = None) -> bool:
        """Move these `held` rows to `digesting` under `key`, all or none, fenced by the lease. False when the
        lease is lost or any of them is not `held` any more (claimed by another replica, or sent)."""
        ids = sorted(set(entry_ids))
        now = self.now()
        try:
            with write_transaction(self._engine) as conn:
                if not check_lease(conn, now, lease.name, lease.holder, lease.token, ttl_seconds):
                    return False
                res = conn.execute(update(t.ledger).where(t.ledger.c.id.in_(ids), t.ledger.c.status == LedgerStatus.HELD)
                                   .values(status=LedgerStatus.DIGESTING, digest_key=key, attempts=t.ledger.c.attempts + 1,
                                           attempt_at=now, attempt_by=lease.holder))
                if res.rowcount != len(ids):
                    raise _Claimed(key)
        except _Claimed:
            return False
        return True

    def mark_digest_sent(self, key: str, *, channel: str | None, message_ts: str | None) -> int:
        """The digest `key` is in Slack: its rows are `sent` (their work notes become due)."""
        c = t.ledger.c
        with write_transaction(self._engine) as conn:
            return conn.execute(update(t.ledger).where(c.digest_key == key, c.status == LedgerStatus.DIGESTING).values(
                status=LedgerStatus.SENT, sent_at=self.now(), channel=channel, message_ts=message_ts, last_error=None)).rowcount

    def release_digest(self, key: str, *, error: str | None = None, failed: bool = False) -> None:
        """The digest `key` did not go out: its rows are `held` again (still due), or `failed` for good (no
        work note)."""
        c = t.ledger.c
        values: dict[str, object] = {"status": LedgerStatus.FAILED if failed else LedgerStatus.HELD, "last_error": error[:2000] if error
                                     else None}
        if failed:
            values["note_status"] = NoteStatus.NONE
        with write_transaction(self._engine) as conn:
            conn.execute(update(t.ledger).where(c.digest_key == key, c.status == LedgerStatus.DIGESTING).values(**values))

    def digests_in_doubt(self) -> list[LedgerEntry]:
        """Rows left `digesting` (a cycle cut off between the claim and `mark_digest_sent`), by digest."""
        c = t.ledger.c
        with self._read() as conn:
            rows = conn.execute(select(t.ledger).where(c.status == LedgerStatus.DIGESTING).order_by(c.digest_key, c.id)).all()
        return [as_ledger(r) for r in rows]

    def talk_activity(self, slack_user_ids: Iterable[str]) -> dict[str, Talk]:
        """slack user id -> `Talk`, for the people with any record of talking to the bot."""
        ids = sorted({u for u in slack_user_ids if u})
        if not ids:
            return {}
        now = self.now()
        i, q = t.intake.c, t.questions.c
        last: dict[str, datetime] = {}
        working: set[str] = set()
        asked: set[str] = set()
        with self._read() as conn:
            for row in conn.execute(select(i.slack_user_id, func.max(i.created_at).label("at"))
                                    .where(i.slack_user_id.in_(ids)).group_by(i.slack_user_id)):
                at = row.at
                last[row.slack_user_id] = at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
            working = set(conn.execute(select(i.slack_user_id).where(
                i.slack_user_id.in_(ids), i.status == "working", i.lease_until > now)).scalars())
            asked = set(conn.execute(select(q.slack_user_id).where(   # open questions (store/questions.py)
                q.slack_user_id.in_(ids), q.typed_until > now, q.taken_by.is_(None), q.closed_by.is_(None))).scalars())
        return {u: Talk(last.get(u), u in working, u in asked) for u in ids if u in last or u in working or u in asked}
