"""Listeners for the rating on a resolution notice (slackui/rating.py ids; the work is bot/csat.py's): a score,
"Tell us more" (a one-field modal), and the answers to "Sorry. Should I reopen it?"."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.csat import Csat, Tapped
from bot.errors import Reply
from bot.wording import csat as words
from slackui import fallback, ids, keys, rating
from slackui.rating import SurveyChoice

if TYPE_CHECKING:
    from bot.listeners.shared import Shared

log = logging.getLogger("concierge.bot")


class RatingListeners:
    def __init__(self, core: Shared):
        self.core = core
        self.csat = Csat(core.concierge.deps)

    def register(self) -> None:
        app = self.core.app
        app.action(ids.any_of(rating.RATE))(self.on_rate)
        app.action(rating.MORE)(self.on_more)
        app.action(ids.any_of(rating.REOPEN))(self.on_reopen)
        app.action(rating.FIXED)(self.on_fixed)
        app.view(rating.VIEW_MORE)(self.on_more_submitted)

    def on_rate(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        core = self.core
        user = body["user"]["id"]
        choice = SurveyChoice.from_json(action.get("value"))
        key = keys.click(user, action.get('action_ts'))
        thread_ts = (body.get("message") or {}).get("thread_ts")

        def work() -> list[Reply]:
            tapped = self.csat.rate(user, choice.survey, choice.score)
            self._show(client, body, tapped, choice.score)
            return tapped.replies
        core.run(work, core.poster(client, core.reply_channel(client, body), key=key, thread_ts=thread_ts),
                 user=user, client=client, refresh_home=False)

    def _show(self, client: WebClient, body: dict[str, Any], tapped: Tapped, score: int) -> None:
        """The tapped notice again: the chosen score highlighted with a thank-you, or the row taken away."""
        container, message = body.get("container") or {}, body.get("message") or {}
        if tapped.survey is None or tapped.note is None or container.get("type") != "message" or not message:
            return
        cfg = self.csat.cfg
        old = message.get("blocks") or []
        blocks = (rating.closed(old, tapped.survey.id, tapped.note) if tapped.final
                  else rating.rated(old, tapped.survey.id, cfg.scale, score, tapped.note))
        try:
            client.chat_update(channel=container["channel_id"], ts=container["message_ts"],
                               text=message.get("text") or tapped.note, blocks=blocks)
        except Exception:
            log.warning("could not update the rated notice", exc_info=True)

    def on_more(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        choice = SurveyChoice.from_json(action.get("value"))
        view = rating.more_modal(choice.survey, title=words.MORE_TITLE, label=words.MORE_LABEL, hint=words.MORE_HINT)
        try:
            fallback.open_view(client, trigger_id=body["trigger_id"], view=view)
        except Exception:
            log.warning("could not open the Tell us more modal", exc_info=True)

    def on_more_submitted(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = (view.get("state") or {}).get("values") or {}
        text = ((values.get(rating.BLOCK_MORE) or {}).get(rating.INPUT_MORE) or {}).get("value") or ""
        if not text.strip():
            ack(response_action="errors", errors={rating.BLOCK_MORE: "Please write a few words."})
            return
        ack()
        core = self.core
        user = body["user"]["id"]
        try:
            survey_id = int(view.get("private_metadata") or 0)
        except ValueError:
            survey_id = 0
        key = keys.view(view['id'], view.get('hash', ''))
        core.run(lambda: self.csat.tell_more(user, survey_id, text),
                 core.poster(client, core.dm_channel(client, user), key=key), user=user, client=client,
                 refresh_home=False)

    def on_reopen(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        choice = SurveyChoice.from_json(action.get("value"))
        self._answer(ack, body, action, client,
                     lambda user, key: self.csat.reopen(user, choice.survey, choice.reason, dedupe_key=key))

    def on_fixed(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        choice = SurveyChoice.from_json(action.get("value"))
        self._answer(ack, body, action, client, lambda user, key: self.csat.fixed(user, choice.survey))

    def _answer(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, work: Any) -> None:
        ack()
        core = self.core
        user = body["user"]["id"]
        core.close_prompt(client, body, action)
        key = keys.click(user, action.get('action_ts'))
        thread_ts = (body.get("message") or {}).get("thread_ts")
        core.run(lambda: work(user, key),
                 core.poster(client, core.reply_channel(client, body), key=key, thread_ts=thread_ts),
                 user=user, client=client)
