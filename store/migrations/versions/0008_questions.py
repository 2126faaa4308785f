"""questions and case focus: one row per question asked, one table per purpose (concierge_pending goes)

Revision ID: 0008
Revises: 0007

`concierge_pending` held three things under one schema: a question's one-use row (its id in the buttons), the
person's open question ("ask:<user>", for typed answers) and the case in focus ("focus:<user>"), plus records of
rows taken by a message ("taken:<hash>"). The rows are moved, so a question asked before the upgrade is still
answered after it (by a button or by typing), a message that had taken one still takes it again when its work
is resumed, and the case in focus stays. A taken row whose id cannot be recovered (only its hash was kept) keeps
that hashed id, which store/questions.py still matches.
"""
from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0008", "0007", None, None

_CONFIRMED = ("close_case", "reopen_case")


def _hashed(value: str) -> str:
    return "taken:" + hashlib.sha256(value.encode()).hexdigest()[:48]


def _pending() -> Any:
    return sa.table("concierge_pending", sa.column("id", sa.String), sa.column("slack_user_id", sa.String),
                    sa.column("kind", sa.String), sa.column("payload", sa.JSON),
                    sa.column("created_at", sa.DateTime), sa.column("expires_at", sa.DateTime))


def _questions() -> Any:
    return sa.table("concierge_questions", *(sa.column(n, sa.String) for n in (
        "id", "slack_user_id", "kind", "op", "target", "asked_by", "taken_by", "closed_by")),
        sa.column("candidates", sa.JSON), sa.column("carried", sa.JSON), *(sa.column(n, sa.DateTime) for n in (
            "created_at", "expires_at", "typed_until")))


def _focus() -> Any:
    return sa.table("concierge_case_focus", *(sa.column(n, sa.String) for n in (
        "slack_user_id", "case_id", "case_number", "subject")),
        sa.column("set_at", sa.DateTime), sa.column("expires_at", sa.DateTime))


def _kind_of_typed(row: dict[str, Any]) -> tuple[str, str]:
    """(kind, op) from an "ask:<user>" row, as bot/dialogue/question.py read it before this revision."""
    op_, target = row.get("op") or "", row.get("target")
    if op_ == "did_you_mean":
        return "did_you_mean", ""
    if op_ == "duplicate":
        return "duplicate", "file_case"
    return ("confirm" if target and op_ in _CONFIRMED else "pick"), op_


def _kind_of_carried(row_kind: str, carried: dict[str, Any]) -> tuple[str, str]:
    """(kind, op) from a one-use row (a click names its kind itself; this serves typed answers only)."""
    if row_kind == "did_you_mean" or (row_kind.startswith("taken:") and set(carried) == {"text"}):
        return "did_you_mean", ""
    if row_kind == "file_case" or (row_kind.startswith("taken:") and "case_type" in carried):
        return "duplicate", "file_case"
    return ("confirm" if "declined" in carried else "pick"), str(carried.get("op") or "")


def upgrade() -> None:
    op.create_table("concierge_questions",
                    sa.Column("id", sa.String(length=64), nullable=False),
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("kind", sa.String(length=32), nullable=False),
                    sa.Column("op", sa.String(length=32), nullable=False),
                    sa.Column("candidates", sa.JSON(), nullable=False),
                    sa.Column("target", sa.String(length=18), nullable=True),
                    sa.Column("carried", sa.JSON(), nullable=False),
                    sa.Column("asked_by", sa.String(length=255), nullable=True),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False),
                    sa.Column("typed_until", sa.DateTime(), nullable=True),
                    sa.Column("taken_by", sa.String(length=255), nullable=True),
                    sa.Column("closed_by", sa.String(length=255), nullable=True),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_concierge_questions_expires_at", "concierge_questions", ["expires_at"])
    op.create_index("ix_concierge_questions_user", "concierge_questions", ["slack_user_id", "typed_until"])
    op.create_table("concierge_case_focus",
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("case_id", sa.String(length=18), nullable=False),
                    sa.Column("case_number", sa.String(length=16), nullable=False),
                    sa.Column("subject", sa.Text(), nullable=False),
                    sa.Column("set_at", sa.DateTime(), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("slack_user_id"))
    op.create_index("ix_concierge_case_focus_expires_at", "concierge_case_focus", ["expires_at"])
    if sa.inspect(op.get_bind()).has_table("concierge_pending"):   # (a test's partial old schema may lack it)
        _move_rows(op.get_bind())
        op.drop_index("ix_concierge_pending_expires_at", table_name="concierge_pending")
        op.drop_table("concierge_pending")


def _move_rows(conn: sa.Connection) -> None:
    rows = [r._asdict() for r in conn.execute(sa.select(_pending()))]
    questions: dict[str, dict[str, Any]] = {}
    focus, typed, typed_taken = [], [], []
    for r in rows:
        rid, carried = r["id"], dict(r["payload"] or {})
        if rid.startswith("focus:"):
            focus.append(r)
        elif rid.startswith("ask:"):
            typed.append(r)
        elif rid == _hashed(f"ask:{r['slack_user_id']}"):
            typed_taken.append(r)
        else:
            kind, op_ = _kind_of_carried(r["kind"], carried)
            questions[rid] = {"id": rid, "slack_user_id": r["slack_user_id"], "kind": kind, "op": op_,
                              "candidates": [], "target": None, "carried": carried, "asked_by": None,
                              "created_at": r["created_at"], "expires_at": r["expires_at"], "typed_until": None,
                              "taken_by": r["kind"] if rid.startswith("taken:") else None, "closed_by": None}
    for r in typed_taken + typed:                       # the typed-answer rows name their question's plain id
        asked = dict(r["payload"] or {})
        plain = str(asked.get("pending") or "")
        if plain not in questions and _hashed(plain) in questions:
            questions[plain] = {**questions.pop(_hashed(plain)), "id": plain}
        if plain not in questions:
            continue                                    # its one-use row is gone: it could not be answered
        kind, op_ = _kind_of_typed(asked)
        q = questions[plain]
        q.update(kind=kind, op=op_, candidates=list(asked.get("cases") or []), target=asked.get("target"),
                 asked_by=asked.get("asked_by"))
        if r in typed:
            q.update(typed_until=r["expires_at"], closed_by=None)
        else:
            q.update(closed_by=r["kind"])
    if questions:
        conn.execute(sa.insert(_questions()), list(questions.values()))
    if focus:
        conn.execute(sa.insert(_focus()), [{
            "slack_user_id": r["slack_user_id"], "case_id": str(r["payload"].get("case_id") or ""),
            "case_number": str(r["payload"].get("case_number") or "")[:16],
            "subject": str(r["payload"].get("subject") or ""), "set_at": r["created_at"],
            "expires_at": r["expires_at"]} for r in focus])


def downgrade() -> None:
    op.create_table("concierge_pending",
                    sa.Column("id", sa.String(length=64), nullable=False),
                    sa.Column("slack_user_id", sa.String(length=64), nullable=False),
                    sa.Column("kind", sa.String(length=64), nullable=False),
                    sa.Column("payload", sa.JSON(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_concierge_pending_expires_at", "concierge_pending", ["expires_at"])
    conn = op.get_bind()
    back: list[dict[str, Any]] = []
    for q in conn.execute(sa.select(_questions())):     # questions not answered yet (answered ones are dropped)
        if q.taken_by is not None:
            continue
        kind = {"did_you_mean": "did_you_mean", "duplicate": "file_case"}.get(q.kind, "pick_case")
        back.append({"id": q.id, "slack_user_id": q.slack_user_id, "kind": kind, "payload": q.carried,
                     "created_at": q.created_at, "expires_at": q.expires_at})
        if q.typed_until is not None and q.closed_by is None:
            typed_op = {"did_you_mean": "did_you_mean", "duplicate": "duplicate"}.get(q.kind, q.op)
            back.append({"id": f"ask:{q.slack_user_id}", "slack_user_id": q.slack_user_id, "kind": "question",
                         "payload": {"pending": q.id, "op": typed_op, "target": q.target, "cases": q.candidates,
                                     "asked_by": q.asked_by},
                         "created_at": q.created_at, "expires_at": q.typed_until})
    for f in conn.execute(sa.select(_focus())):
        back.append({"id": f"focus:{f.slack_user_id}", "slack_user_id": f.slack_user_id, "kind": "focus",
                     "payload": {"case_id": f.case_id, "case_number": f.case_number, "subject": f.subject},
                     "created_at": f.set_at, "expires_at": f.expires_at})
    if back:
        conn.execute(sa.insert(_pending()), list({r["id"]: r for r in back}.values()))
    op.drop_table("concierge_case_focus")
    op.drop_table("concierge_questions")
