"""Leases (table `concierge_leases`): one holder at a time per name (the poller), with a fencing token that
grows at every takeover, so a replica that lost its lease cannot write as if it still held it."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, or_, select, update

from store import schema as t
from store.engines import TableFamily, insert_for, write_transaction
from store.records import Lease, as_lease


class Leases(TableFamily):
    def acquire_lease(self, name: str, holder: str, ttl_seconds: float) -> Lease | None:
        """Take or renew lease `name` for `holder` until now + ttl. None while another holder's lease is
        unexpired. A takeover (new holder) increments the fencing token."""
        now = self.now()
        expires = now + timedelta(seconds=ttl_seconds)
        c = t.leases.c
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.leases).where(
                c.name == name, or_(c.holder == holder, c.expires_at <= now),
            ).values(
                token=case((c.holder == holder, c.token), else_=c.token + 1),
                acquired_at=case((c.holder == holder, c.acquired_at), else_=now),
                holder=holder, expires_at=expires,
            ))
            if res.rowcount == 0:
                inserted = conn.execute(insert_for(conn, t.leases).values(
                    name=name, holder=holder, token=1, acquired_at=now, expires_at=expires,
                ).on_conflict_do_nothing(index_elements=[c.name]).returning(c.name)).first()
                if inserted is None:
                    return None
            row = conn.execute(select(t.leases).where(c.name == name)).one()
        return as_lease(row)

    def check_lease(self, lease: Lease, ttl_seconds: float | None = None) -> bool:
        """True while `lease` is still held (extends it when ttl_seconds is given)."""
        with write_transaction(self._engine) as conn:
            return check_lease(conn, self.now(), lease.name, lease.holder, lease.token, ttl_seconds)

    def release_lease(self, name: str, holder: str) -> bool:
        """Give the lease up now (clean shutdown) so a standby takes over at its next attempt."""
        with write_transaction(self._engine) as conn:
            res = conn.execute(update(t.leases).where(t.leases.c.name == name, t.leases.c.holder == holder)
                               .values(expires_at=self.now() - timedelta(seconds=1)))
        return res.rowcount == 1

    def get_lease(self, name: str) -> Lease | None:
        with self._read() as conn:
            row = conn.execute(select(t.leases).where(t.leases.c.name == name)).first()
        return as_lease(row) if row else None


def check_lease(conn: Connection, now: datetime, name: str, holder: str, token: int,
                ttl_seconds: float | None) -> bool:
    """Confirm (and optionally extend) a held lease. On PostgreSQL the UPDATE row-locks the lease until the
    surrounding transaction ends, so nobody can take it over between this check and the commit."""
    values: dict[str, Any] = {"holder": holder}
    if ttl_seconds is not None:
        values["expires_at"] = now + timedelta(seconds=ttl_seconds)
    res = conn.execute(update(t.leases).where(
        t.leases.c.name == name, t.leases.c.holder == holder, t.leases.c.token == token,
        t.leases.c.expires_at > now).values(**values))
    return res.rowcount == 1
