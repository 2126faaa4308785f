"""The satisfaction rating's blocks (issue 24, docs/csat.md): the row of rating buttons a resolution notice
carries, that row once rated or withdrawn, and the "Should I reopen it?" offer a low rating gets.

The notifications post the row (notifications/surveys.py); the bot handles its clicks (bot/csat.py). Every
button carries a `SurveyChoice` as its value: the survey's id (its row in the store's `concierge_surveys`),
the score or the reason chosen. The listener checks that the survey is the clicking person's.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slackui.blocks import Block, actions, button, context, numbered, section
from slackui.fit import escape

RATE = "csat_rate"                  # a score (value: SurveyChoice with score)
MORE = "csat_more"                  # "Tell us more": opens a one-field modal
REOPEN = "csat_reopen"              # "Reopen" (or a reason chip): reopen with the reason as a public comment
FIXED = "csat_fixed"                # "No, it's fixed"
VIEW_MORE = "modal_csat_more"       # the modal's callback_id; private_metadata = the survey id
BLOCK_MORE = "csat_more_block"
INPUT_MORE = "csat_more_input"
ACTIONS = (RATE, MORE, REOPEN, FIXED)

THUMB_LABELS = {5: ":thumbsup: Good", 1: ":thumbsdown: Not good"}
FIVE_LABELS = {1: "1 :disappointed:", 2: "2", 3: "3", 4: "4", 5: "5 :star-struck:"}
QUESTION = "*How did we do?* One tap is enough."
MORE_LABEL = "Tell us more"


@dataclass(frozen=True)
class SurveyChoice:
    """A rating button's value: {"survey": id, "score": n} or {"survey": id, "reason": text}."""

    survey: int = 0
    score: int = 0
    reason: str = ""

    def to_json(self) -> str:
        data: dict[str, Any] = {"survey": self.survey}
        if self.score:
            data["score"] = self.score
        if self.reason:
            data["reason"] = self.reason
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, value: str | None) -> SurveyChoice:
        try:
            data = json.loads(value or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}

        def whole(key: str) -> int:
            v = data.get(key)
            return v if isinstance(v, int) and not isinstance(v, bool) else 0
        reason = data.get("reason")
        return cls(whole("survey"), whole("score"), reason if isinstance(reason, str) else "")


def block_id(survey_id: int) -> str:
    return f"csat:{survey_id}"


def labels(scale: str) -> dict[int, str]:
    return THUMB_LABELS if scale == "thumbs" else FIVE_LABELS


def rating_row(survey_id: int, scale: str, *, chosen: int | None = None, more: bool = True) -> Block:
    """The rating buttons (the chosen one highlighted) and "Tell us more"."""
    elements = [button(numbered(RATE, i), text, SurveyChoice(survey_id, score).to_json(),
                       style="primary" if score == chosen else None)
                for i, (score, text) in enumerate(labels(scale).items())]
    if more:
        elements.append(button(MORE, MORE_LABEL, SurveyChoice(survey_id).to_json()))
    return actions(block_id(survey_id), *elements)


def survey_blocks(survey_id: int, scale: str) -> list[Block]:
    """What a resolution notice carries: the question and one row of buttons."""
    return [context(QUESTION), rating_row(survey_id, scale)]


def _without_survey(blocks: Sequence[Block], survey_id: int) -> list[Block]:
    """The message's blocks without its survey (the question line and the rating row)."""
    out = [b for b in blocks if b.get("block_id") != block_id(survey_id)]
    return [b for b in out if not (b.get("type") == "context" and _context_text(b) == QUESTION)]


def _context_text(b: Block) -> str:
    elements = b.get("elements") or [{}]
    return str(elements[0].get("text", "")) if elements else ""


def rated(blocks: Sequence[Block], survey_id: int, scale: str, score: int, note: str) -> list[Block]:
    """The notice once rated: the row with the chosen score highlighted (another tap changes it within the
    window) and `note` (plain words, escaped here) under it."""
    return [*_without_survey(blocks, survey_id), context(escape(note)),
            rating_row(survey_id, scale, chosen=score)]


def closed(blocks: Sequence[Block], survey_id: int, note: str) -> list[Block]:
    """The notice with its survey taken away (withdrawn, expired, final) and `note` instead."""
    return [*_without_survey(blocks, survey_id), context(escape(note))]


def reopen_offer(survey_id: int, text: str, reasons: Sequence[str], *, reopen: str, fixed: str) -> list[Block]:
    """"Sorry. Should I reopen it?": Reopen, No it's fixed, and a chip per reason (each reopens with it)."""
    elements = [button(numbered(REOPEN, 0), reopen, SurveyChoice(survey_id).to_json(), style="danger"),
                button(FIXED, fixed, SurveyChoice(survey_id).to_json())]
    elements += [button(numbered(REOPEN, i + 1), reason, SurveyChoice(survey_id, reason=reason[:150]).to_json())
                 for i, reason in enumerate(reasons[:5])]
    return [section(escape(text)), actions(f"csat_reopen:{survey_id}", *elements)]


def more_modal(survey_id: int, *, title: str, label: str, hint: str) -> dict[str, Any]:
    """The one-field "Tell us more" modal."""
    return {"type": "modal", "callback_id": VIEW_MORE, "private_metadata": str(survey_id),
            "title": {"type": "plain_text", "text": title[:24]},
            "submit": {"type": "plain_text", "text": "Send"},
            "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [{"type": "input", "block_id": BLOCK_MORE, "label": {"type": "plain_text", "text": label},
                        "hint": {"type": "plain_text", "text": hint},
                        "element": {"type": "plain_text_input", "action_id": INPUT_MORE, "multiline": True,
                                    "max_length": 2000}}]}
