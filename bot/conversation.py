"""The conversation layer: what a user said (or clicked) -> use cases -> replies.

Listeners (bot/listeners.py) stay thin: they ack, then call one method here and post the `Reply`s it
returns. A message becomes an `Utterance` (intents/utterance.py); while the bot has a question open, the
dialogue's state machine (bot/dialogue/) decides whether it answers it; otherwise it is a request, routed to
the use case for its goal (bot/usecases/: filing, status, comments, lifecycle, attachments, answers). What the
bot says is in bot/wording/. Writes that fail because Salesforce is unavailable are queued in the outbox
with the user told so (`run_or_queue`); reads fail with a clear message (bot/errors.py).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from bot import frontdesk, knowledge, wording
from bot.budget import Budget
from bot.dialogue.machine import Clicked
from bot.dialogue.question import Kind
from slackui.identity import Directory
from bot.errors import BotError, Reply
from bot.files import FileFetcher, SharedFile
from bot.focus import Focus
from bot.preferences import NotificationSettings, TimingFor
from bot.readmodel import ReadModel
from bot.usecases import answers, comments, filing, lifecycle, status
from bot.usecases.base import Deps
from intents import cues
from intents.cues import comment_body
from servicecloud.config import OrgConfig
from slackui import ids
from slackui.values import ListPage

__all__ = ["Concierge", "comment_body"]


class Concierge:
    """Maps a message (or a click, or a modal) plus the user to use cases and replies."""

    def __init__(self, *, desk: Any, store: Any, directory: Directory, fetcher: FileFetcher, org: OrgConfig,
                 parse: Callable[[str], Any], timing_for: TimingFor, focus: Focus | None = None,
                 cases: ReadModel | None = None, in_doubt: timedelta = timedelta(minutes=10),
                 budget: Budget | None = None):
        self.deps = Deps(desk=desk, store=store, directory=directory, fetcher=fetcher, org=org, parse=parse,
                         focus=focus or Focus(store), cases=cases or ReadModel(store=store, desk=desk, org=org),
                         in_doubt=in_doubt, budget=budget)
        self.settings = NotificationSettings(store, org, timing_for)

    @property
    def slash_command(self) -> str:
        return self.deps.org.slash_command

    @property
    def fetcher(self) -> FileFetcher:
        return self.deps.fetcher

    @property
    def parse(self) -> Callable[[str], Any]:
        return self.deps.parse

    @parse.setter
    def parse(self, parse: Callable[[str], Any]) -> None:
        self.deps.parse = parse

    # ------------------------------------------------------------------ messages
    def on_message(self, user_id: str, text: str, files: Sequence[dict[str, Any]] = (), *,
                   dedupe_key: str) -> list[Reply]:
        """A DM from the user (possibly with files): the front desk's rules (bot/frontdesk/)."""
        return frontdesk.receive(self.deps, self.settings, user_id, text, files, dedupe_key=dedupe_key)

    def on_knowledge(self, user_id: str, action_id: str, value: str, *, dedupe_key: str) -> list[Reply]:
        """The buttons of a Knowledge answer: This fixed it, File my case, Open (bot/knowledge.py)."""
        return knowledge.clicked(self.deps, self.deps.directory.employee(user_id), action_id, value,
                                 dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ answers to the bot's questions
    def on_did_you_mean(self, user_id: str, intent: str, question_id: str, *, dedupe_key: str) -> list[Reply]:
        return answers.clicked(self.deps, user_id, Kind.DID_YOU_MEAN, question_id, Clicked(intent=intent),
                               dedupe_key=dedupe_key)

    def on_case_picked(self, user_id: str, case_id: str, question_id: str, *, dedupe_key: str) -> list[Reply]:
        return answers.clicked(self.deps, user_id, Kind.PICK, question_id, Clicked(case_id=case_id),
                               dedupe_key=dedupe_key)

    def on_pick_none(self, user_id: str, question_id: str, *, dedupe_key: str) -> list[Reply]:
        """"Not that one" / "No": the other candidates as a "Which case?" list, or nothing to do."""
        return answers.clicked(self.deps, user_id, Kind.PICK, question_id, Clicked(), dedupe_key=dedupe_key)

    def on_duplicate_choice(self, user_id: str, question_id: str, case_id: str | None, *,
                            dedupe_key: str) -> list[Reply]:
        """The answer to "Is this about case X?": add the text as a comment, or file a new case."""
        return answers.clicked(self.deps, user_id, Kind.DUPLICATE, question_id, Clicked(case_id=case_id),
                               dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ buttons on cards
    def case_action(self, user_id: str, action_id: str, case_id: str, *, dedupe_key: str) -> list[Reply]:
        deps = self.deps
        emp = deps.directory.employee(user_id)
        if action_id == ids.SHOW_MORE:  # the value is a ListPage, not a case Id
            page = ListPage.from_json(case_id)
            return (status.closed_cases(deps, emp, page.start) if page.list == "closed"
                    else status.my_cases(deps, emp, page.start))
        if action_id == ids.CLOSE_CASE:
            return lifecycle.close(deps, emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.REOPEN_CASE:
            return lifecycle.reopen(deps, emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.VIEW_CASE:
            return [status.case_reply(deps, emp, case_id, details=True)]
        case = deps.desk.get_case(emp.contact_id, case_id)  # ownership check for the store-only actions
        if action_id in (ids.MUTE_CASE, ids.UNMUTE_CASE):
            muted = action_id == ids.MUTE_CASE
            deps.track(emp, case)
            deps.store.set_muted(case.id, user_id, muted)
            return [wording.muted(case, muted)]
        deps.remember(user_id, case.id, case.case_number, case.subject)
        if action_id == ids.LOOKS_GOOD:
            deps.store.touch_user_activity(case.id)
            return [wording.sorted_thanks(case.case_number)]
        if action_id == ids.ATTACH_FILE:
            return [wording.how_to_attach(case.case_number)]
        raise BotError(wording.UNKNOWN_BUTTON)

    # ------------------------------------------------------------------ slash command, modals, App Home
    def slash(self, user_id: str, text: str, *, dedupe_key: str = "") -> list[Reply]:
        """`/case [help|list|CASE]`; anything else is read as if it had been written in the DM
        (`/case my VPN keeps dropping` files a case)."""
        words = text.strip()
        if words.casefold() in ("", "help"):
            return [wording.help_reply(self.slash_command)]
        if words.casefold() in ("list", "my cases", "mine", "cases"):
            return status.my_cases(self.deps, self.deps.directory.employee(user_id))
        m = cues.SLASH_CASE_REF.match(words)
        if m:
            return [status.case_reply(self.deps, self.deps.directory.employee(user_id), m.group(1))]
        return self.on_message(user_id, words, dedupe_key=dedupe_key or f"cmd:{user_id}:{words}")

    def submit_new_case(self, user_id: str, *, subject: str, description: str | None, case_type: str | None,
                        files: Sequence[dict[str, Any]], dedupe_key: str) -> list[Reply]:
        return filing.submit_new_case(self.deps, user_id, subject=subject, description=description,
                                      case_type=case_type, files=files, dedupe_key=dedupe_key)

    def submit_details(self, user_id: str, case_id: str, text: str, *, dedupe_key: str) -> list[Reply]:
        return comments.submit_details(self.deps, user_id, case_id, text, dedupe_key=dedupe_key)

    def submit_subject(self, user_id: str, case_id: str, subject: str, *, dedupe_key: str) -> list[Reply]:
        return comments.submit_subject(self.deps, user_id, case_id, subject, dedupe_key=dedupe_key)

    def submit_comment(self, user_id: str, case_id: str, body: str, *, dedupe_key: str) -> list[Reply]:
        return comments.submit_comment(self.deps, user_id, case_id, body, dedupe_key=dedupe_key)

    def on_thread_reply(self, user_id: str, case_id: str, text: str, files: Sequence[dict[str, Any]] = (), *,
                        dedupe_key: str) -> list[Reply]:
        """What the person wrote in the thread of one of their cases (store/threads.py): a public comment on
        that case (and its files attached), never read for an intent."""
        if (over := frontdesk.over_budget(self.deps, user_id)) is not None:
            return over
        return comments.thread_reply(self.deps, user_id, case_id, (text or "").strip(),
                                     [SharedFile.from_slack(f) for f in files], dedupe_key=dedupe_key)

    def home(self, user_id: str, *, refresh: bool = False) -> dict[str, Any]:
        """The App Home view, from the read model (no call; `refresh`: one call when it is stale). Never
        raises for an expected failure (shows it in the view instead)."""
        view = status.home(self.deps, user_id, refresh=refresh)
        view["blocks"] += self.settings.home_blocks(user_id)      # "Notification settings"
        return view

    def on_notification_settings(self, user_id: str, selected: Sequence[str]) -> None:
        """The App Home checkboxes changed: exactly `selected` kinds are on."""
        self.settings.set_enabled(user_id, selected)

    def on_notification_timing(self, user_id: str, action_id: str, value: str | None, selected: Sequence[str]) -> None:
        """An App Home control of quiet hours or the daily digest changed."""
        self.settings.set_timing(user_id, action_id, value, selected)
