"""Work notes: private comments (IsPublished = false) the bot writes on cases for agents."""
from __future__ import annotations

from collections.abc import Sequence

from servicecloud.errors import ValidationRefused
from servicecloud.mapping import DeskPart
from servicecloud.models import WorkNoteResult
from servicecloud.soql import cut_utf8, utf8_len


class WorkNotes(DeskPart):
    def add_work_note(self, case_id: str, body: str) -> str:
        """A private comment (IsPublished = false) on any case, for agents. Returns its Id. One call."""
        result = self.add_work_notes([(case_id, body)])[0]
        if not result.ok:
            raise ValidationRefused(result.error or "the work note was refused")
        return result.id or ""

    def add_work_notes(self, notes: Sequence[tuple[str, str]]) -> list[WorkNoteResult]:
        """Many private comments through sObject Collections: 200 per call, each note succeeding or failing
        on its own. Notes longer than the comment limit are cut (they are the bot's own words)."""
        limit = self.org.fields.comment_max
        results: list[WorkNoteResult] = []
        ellipsis = "…"
        rows = [(cid, (b if utf8_len(b) <= limit else cut_utf8(b, limit - utf8_len(ellipsis)) + ellipsis))
                for cid, b in notes]
        for start in range(0, len(rows), 200):
            chunk = rows[start:start + 200]
            answer = self.client.create_collection(
                [{"attributes": {"type": "CaseComment"}, "ParentId": cid, "CommentBody": text,
                  "IsPublished": False} for cid, text in chunk], all_or_none=False)
            for (cid, _), item in zip(chunk, answer, strict=False):
                if item.get("success"):
                    results.append(WorkNoteResult(cid, item.get("id")))
                else:
                    errs = item.get("errors") or []
                    msg = "; ".join(e.get("message") or str(e.get("statusCode")) for e in errs) or "refused"
                    results.append(WorkNoteResult(cid, None, msg))
        return results
