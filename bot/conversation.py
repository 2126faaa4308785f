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

from bot import knowledge, wording
from bot.budget import Budget, Verdict
from bot.dialogue.machine import Clicked
from bot.dialogue.question import Candidate, Kind
from slackui.identity import Directory
from bot.errors import BotError, Reply
from bot.files import FileFetcher, SharedFile
from bot.focus import Focus
from bot.preferences import NotificationSettings, TimingFor
from bot.readmodel import ReadModel
from bot.usecases import answers, asking, attachments, comments, context, filing, lifecycle, requests, status
from bot.usecases.base import Deps
from intents import cues
from intents.cues import Cue, comment_body
from intents.preferences import preference_request
from intents.utterance import Utterance, understand
from servicecloud.config import OrgConfig
from servicecloud.errors import SalesforceUnavailable
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
        """A DM from the user (possibly with files)."""
        deps = self.deps
        text = (text or "").strip()
        shared = [SharedFile.from_slack(f) for f in files]
        if not text and not shared:
            return []
        if (over := self._over_budget(user_id)) is not None:
            return over
        if text and not shared and (asked := preference_request(text)) is not None:
            return self.settings.answer(user_id, asked)            # "stop nudging me": bot/preferences.py
        u = understand(text)
        if text and not shared:
            if deps.store.questions.open_question(user_id, taker=dedupe_key) is not None:
                u = understand(text, None if (u.has(Cue.YES) or u.has(Cue.NO)) else deps.parse(text))
                answered = answers.answer_by_text(deps, user_id, u, dedupe_key=dedupe_key)
                if answered is not None:
                    return answered
            kb = knowledge.typed(deps, user_id, text, dedupe_key=dedupe_key)   # "didn't help" / "that fixed it"
            if kb is not None:
                return kb
            early = self._before_parsing(user_id, u)
            if early is not None:
                return early
        if u.parse is None and text:
            u = understand(text, deps.parse(text))
        p = u.parse
        if p is not None and not shared and u.has(Cue.SAYS_FIXED) and u.chat:
            offered = lifecycle.offer_to_close_focus(deps, user_id, dedupe_key=dedupe_key)  # "thanks, that fixed it" right after a case
            if offered is not None:
                return offered
        # "It's a Dell WD19" right after filing: not small talk, more about the case (asked, below)
        about_focus = p is not None and u.intent == "unknown" and not shared and deps.focus.get(user_id) is not None
        # "forgot to mention, ..." / "PS ..." right after a case, however unclear the rest: more about that case
        addendum = (p is not None and not shared and u.has(Cue.ADDENDUM) and not u.case_ref
                    and u.intent in ("file_case", "add_comment", "unknown", "smalltalk")
                    and deps.focus.get(user_id) is not None)
        # "I don't need the Visio licence anymore": offer to close the case it was for (below, when there is one)
        no_longer = (p is not None and not shared and u.has(Cue.NO_LONGER_NEEDED) and not u.case_ref
                     and u.intent not in requests.ON_A_CASE)
        if (p is not None and not shared and not u.case_ref and u.has(Cue.OTHER_PERSONS_CASE)
                and u.intent in (*requests.ON_A_CASE, "list_cases")
                and not requests.filed_for(deps, user_id, cues.case_owner(text) or "")):
            return [Reply.plain(wording.OTHERS_CASES)]  # "status of Sarah's ticket": only the person's own are shown
        too_long = cues.too_long_case_number(text) if p is not None and not shared and not u.case_ref else None
        if too_long and u.intent in (*requests.ON_A_CASE, "list_cases", "unknown"):
            return [wording.not_a_case_number(too_long)]  # "status of ticket 123456789012": a mistyped number
        if not shared and not u.status_shaped and knowledge.is_how_to(text) and deps.org.knowledge.enabled:
            answered = self._how_to(user_id, u, dedupe_key=dedupe_key)   # "how do I ...?": an article, if one fits
            if answered is not None:
                return answered
        if u.chat and not shared and not u.status_shaped and not about_focus and not addendum and not no_longer:
            return requests.chat(deps, u.intent, u)
        try:
            emp = deps.directory.employee(user_id)
        except SalesforceUnavailable as e:
            queued = filing.queue_first_case(deps, user_id, getattr(e, "slack_email", None), text, p, shared,
                                             dedupe_key=dedupe_key)
            if queued is None:
                raise
            return queued
        if not shared and p is not None:  # read against the case just discussed: "a restart fixed it", "also ..."
            in_context = (context.fixed(deps, emp, user_id, u, dedupe_key=dedupe_key)
                          or context.addition(deps, emp, u, dedupe_key=dedupe_key))
            if in_context is not None:
                return in_context
        if shared:
            if u.intent == "file_case" and p is not None:
                return filing.file_case(deps, emp, text, case_type=u.case_type, keywords=u.keywords, files=shared,
                                        dedupe_key=dedupe_key)
            deps.fetcher.check(shared)
            return attachments.attach_request(deps, emp, u.case_ref, u.keywords, shared, text, dedupe_key=dedupe_key)
        if no_longer and deps.cases.snapshot(emp.contact_id).open:
            return lifecycle.close_request(deps, emp, None, u.keywords, dedupe_key=dedupe_key, text=text)
        if u.status_shaped:  # "status?", "what about 1006?", "my battery case", "how long will it take?"
            return status.status(deps, emp, u.status_ref, u.status_words, text)
        if addendum and (not u.confident or u.intent != "file_case"):
            return requests.run(deps, emp, "add_comment", u, dedupe_key=dedupe_key)
        if requests.recurrence_of_an_open_case(deps, emp, u):  # "jamming again, same as last week": still open
            return requests.run(deps, emp, "file_case", u, dedupe_key=dedupe_key)
        if not about_focus and requests.only_filing_writes(deps, emp, u):
            return requests.run(deps, emp, "file_case", u, dedupe_key=dedupe_key)
        if not u.confident and requests.new_problem_with_nothing_to_act_on(deps, emp, u):
            return requests.run(deps, emp, "file_case", u, dedupe_key=dedupe_key)
        if not u.confident or about_focus:
            return self._did_you_mean(user_id, u, dedupe_key=dedupe_key)
        elsewhere = requests.pointer_instead(deps, u)
        if elsewhere is not None:
            return elsewhere
        return requests.run(deps, emp, u.intent, u, dedupe_key=dedupe_key)

    def _how_to(self, user_id: str, u: Utterance, *, dedupe_key: str) -> list[Reply] | None:
        try:
            emp = self.deps.directory.employee(user_id)
        except (SalesforceUnavailable, BotError):
            return None
        return knowledge.answer_first(self.deps, emp, u.text, keywords=u.keywords,
                                      case_type=self.deps.org.defaults.type_service_request, dedupe_key=dedupe_key)

    def on_knowledge(self, user_id: str, action_id: str, value: str, *, dedupe_key: str) -> list[Reply]:
        """The buttons of a Knowledge answer: This fixed it, File my case, Open (bot/knowledge.py)."""
        return knowledge.clicked(self.deps, self.deps.directory.employee(user_id), action_id, value,
                                 dedupe_key=dedupe_key)

    def _over_budget(self, user_id: str) -> list[Reply] | None:
        """None while the person is within their messages a minute (bot/budget.py); else the one polite answer
        (the first message over it), then nothing until the minute is over."""
        budget = self.deps.budget
        verdict = budget.message(user_id) if budget is not None else Verdict.OK
        if verdict is Verdict.OK:
            return None
        return [Reply.plain(wording.TOO_MANY_MESSAGES)] if verdict is Verdict.TELL else []

    def _before_parsing(self, user_id: str, u: Utterance) -> list[Reply] | None:
        """Messages answered by their cues alone: a stray yes/no, "ok", "never mind", "what did they ask?",
        and "it's not working" with nothing to refer to."""
        if u.has(Cue.BARE_YES_NO) or u.has(Cue.YES) or u.has(Cue.NO):  # "no wait, keep it": an answer, not a problem
            return [Reply.plain(wording.ANSWER_WITH_BUTTONS)]
        if u.has(Cue.NEVER_MIND):
            return [Reply.plain(wording.LEFT_THERE)]
        if u.has(Cue.ACKNOWLEDGEMENT):
            return [Reply.plain(wording.ACKNOWLEDGED)]
        if u.has(Cue.ASKS_WHAT_AGENT_WANTS):
            return status.what_they_asked(self.deps, user_id, u.text)
        if u.has(Cue.VAGUE) and self.deps.focus.get(user_id) is None:
            return [Reply.plain(wording.VAGUE_QUESTION)]
        return None

    def _did_you_mean(self, user_id: str, u: Utterance, *, dedupe_key: str) -> list[Reply]:
        """"Did you mean…" with the likeliest intents; right after a case, "Add it to case N" first (and a
        typed "yes" chooses it)."""
        p = u.parse
        choices = [u.intent] + [i for i, _ in p.alternatives if i != u.intent]
        focused = self.deps.focus.get(user_id)
        number = focused.case_number if focused is not None and focused.case_number else None
        if number:  # right after talking about a case, the likeliest unclear message is more about it
            choices = ["add_comment"] + [i for i in choices if i != "add_comment"]
        listed = (Candidate(focused.case_id, number, focused.subject),) if focused is not None and number else ()
        qid = asking.ask(self.deps, user_id, Kind.DID_YOU_MEAN, "", asker=dedupe_key, carried={"text": u.text},
                         listed=listed, target=listed[0].id if listed else None, typed=bool(listed))
        return [wording.did_you_mean(choices, qid, number)]

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
        if (over := self._over_budget(user_id)) is not None:
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
