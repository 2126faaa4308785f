"""The rating on a resolution notice, the bot's side (issue 24, docs/csat.md): a tap, "Tell us more", the offer
to reopen after a low score.

One tap stores the rating in the project's database (store/surveys.py: the first tap records, another score
within `csat.change_minutes` updates the same row, later taps change nothing) and in Salesforce in ONE call
(servicecloud/ratings.py: the Case fields or the custom object row, as the org chose, with the private work
note that tells the agent the score). A score at or below `csat.reopen_at_or_below` is answered at once with
"Sorry. Should I reopen it?": Reopen (or a reason chip) goes through the ordinary reopen path
(bot/usecases/lifecycle.py) and the reason becomes a public comment; "No, it's fixed" leaves it.
A click on a withdrawn (the case was reopened before an answer) or expired survey is answered kindly.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from bot.errors import Reply
from bot.usecases import lifecycle
from bot.usecases.base import Deps
from bot.wording import csat as words
from servicecloud.errors import CaseDeskError
from servicecloud.ratings import Ratings, RatingWrite
from slackui import rating
from store.surveys import Rated, Survey

log = logging.getLogger("concierge.csat")


@dataclass
class Tapped:
    """What a tap did: `note` replaces the rating row's line (None: leave the message), `replies` follow."""

    outcome: Rated
    survey: Survey | None
    note: str | None = None
    final: bool = False              # the row is taken away (withdrawn, expired, no longer changeable)
    replies: list[Reply] = field(default_factory=list)
    offer_reopen: bool = False


class Csat:
    def __init__(self, deps: Deps):
        self.deps = deps

    @property
    def cfg(self):  # noqa: ANN201 - servicecloud.csat_config.CsatConfig
        return self.deps.org.csat

    def rate(self, user_id: str, survey_id: int, score: int) -> Tapped:
        cfg = self.cfg
        if score not in cfg.scores:
            return Tapped(Rated.NOT_FOUND, None, replies=[Reply.plain(words.NOT_FOUND)])
        res = self.deps.store.surveys.rate(survey_id, user_id, score,
                                           change_within=timedelta(minutes=cfg.change_minutes),
                                           expire_after=timedelta(days=cfg.expire_days))
        s = res.survey
        if res.outcome == Rated.NOT_FOUND or s is None:
            return Tapped(res.outcome, None, replies=[Reply.plain(words.NOT_FOUND)])
        if res.outcome == Rated.WITHDRAWN:
            return Tapped(res.outcome, s, words.withdrawn(s.case_number).split(". ")[0] + ".", final=True,
                          replies=[Reply.plain(words.withdrawn(s.case_number))])
        if res.outcome == Rated.EXPIRED:
            return Tapped(res.outcome, s, words.expired(cfg.expire_days), final=True)
        if res.outcome == Rated.FINAL:
            return Tapped(res.outcome, s, words.final_note(s.score or 0, cfg.scale), final=True,
                          replies=[Reply.plain(words.already_final(s.score, cfg.scale, cfg.change_minutes))])
        if res.outcome == Rated.SAME:
            return Tapped(res.outcome, s, words.rated_note(score, cfg.scale, cfg.change_minutes))
        changed = res.outcome == Rated.CHANGED
        self._write(user_id, s, changed_from=res.previous if changed else None)
        low = score <= cfg.reopen_at_or_below
        was_low = changed and res.previous is not None and res.previous <= cfg.reopen_at_or_below
        tapped = Tapped(res.outcome, s, words.rated_note(score, cfg.scale, cfg.change_minutes, changed=changed))
        if low and not was_low:
            tapped.offer_reopen = True
            tapped.replies.append(Reply(words.SORRY_REOPEN, rating.reopen_offer(
                s.id, words.SORRY_REOPEN, cfg.reasons, reopen=words.REOPEN, fixed=words.FIXED)))
        return tapped

    def tell_more(self, user_id: str, survey_id: int, text: str) -> list[Reply]:
        s = self.deps.store.surveys.set_comment(survey_id, user_id, text.strip())
        if s is None:
            return [Reply.plain(words.NOT_FOUND)]
        if s.score is not None:
            self._write(user_id, s, comment=s.comment)
        else:
            self._note(s, words.comment_note(self._name(user_id), s.comment or ""))
        return [Reply.plain(words.MORE_THANKS)]

    def reopen(self, user_id: str, survey_id: int, reason: str, *, dedupe_key: str) -> list[Reply]:
        s = self.deps.store.surveys.get(survey_id)
        if s is None or s.slack_user_id != user_id:
            return [Reply.plain(words.NOT_FOUND)]
        emp = self.deps.directory.employee(user_id)
        replies = lifecycle.reopen(self.deps, emp, s.case_id, dedupe_key=dedupe_key, label=s.case_number)
        try:
            self.deps.desk.add_comment(emp.contact_id, s.case_id,
                                       words.reopen_comment(reason or None, s.score, self.cfg.scale))
        except CaseDeskError:
            log.warning("could not add the reopen reason to case %s", s.case_id, exc_info=True)
        return replies

    def fixed(self, user_id: str, survey_id: int) -> list[Reply]:
        s = self.deps.store.surveys.get(survey_id)
        if s is None or s.slack_user_id != user_id:
            return [Reply.plain(words.NOT_FOUND)]
        return [Reply.plain(words.FIXED_THANKS)]

    # ------------------------------------------------------------------ Salesforce
    def _name(self, user_id: str) -> str | None:
        rec = self.deps.store.get_user(user_id)
        return (rec.contact_name or rec.email) if rec else None

    def _write(self, user_id: str, s: Survey, *, changed_from: int | None = None, comment: str | None = None) -> None:
        """The rating in Salesforce (and the work note), one call; a failure is logged, the rating kept here."""
        cfg = self.cfg
        note = words.work_note(self._name(user_id), s.score or 0, cfg.scale, changed_from=changed_from,
                               comment=comment)
        try:
            written = Ratings(self.deps.desk.client, self.deps.org).write(RatingWrite(
                case_id=s.case_id, score=s.score or 0, resolution=f"{s.case_id}:{s.resolution}",
                rated_at=s.changed_at or s.rated_at or s.offered_at, note=note, comment=s.comment,
                record_id=s.record_id))
        except CaseDeskError:
            log.warning("could not write the rating of survey %s to Salesforce", s.id, exc_info=True)
            return
        if written.record_id and written.record_id != s.record_id:
            self.deps.store.surveys.set_record_id(s.id, written.record_id)

    def _note(self, s: Survey, note: str) -> None:
        try:
            self.deps.desk.add_work_note(s.case_id, note)
        except CaseDeskError:
            log.warning("could not write a rating note on case %s", s.case_id, exc_info=True)
