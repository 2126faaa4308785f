"""One DM at the front desk: read once, with the person resolved once, for all the rules."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from slackui.identity import Employee
from bot.errors import Reply
from bot.files import SharedFile
from bot.focus import FocusedCase
from bot.preferences import NotificationSettings
from servicecloud.models import CaseView
from bot.usecases import filing, requests
from bot.usecases.base import Deps
from intents.cues import Cue
from intents.utterance import Utterance, understand



class Visit:
    """One message at the front desk: read once, with the person resolved once, for all the rules."""

    def __init__(self, deps: Deps, settings: NotificationSettings, user_id: str, text: str,
                 files: Sequence[dict[str, Any]], dedupe_key: str):
        self.deps, self.settings, self.user_id, self.dedupe_key = deps, settings, user_id, dedupe_key
        self.text = (text or "").strip()
        self.shared = [SharedFile.from_slack(f) for f in files]
        self.u: Utterance = understand(self.text)      # the cues; the model's reading is added by `read()`

    @property
    def typed_only(self) -> bool:
        """Text and no files."""
        return bool(self.text) and not self.shared

    def read(self) -> Utterance:
        """The message with the model's reading (made once; a message of files alone has none)."""
        if self.u.parse is None and self.text:
            self.u = understand(self.text, self.deps.parse(self.text))
        return self.u

    @property
    def parsed(self) -> bool:
        return self.u.parse is not None

    @cached_property
    def employee(self) -> Employee:
        """The person behind the Slack user (resolved once; raises what the directory raises)."""
        return self.deps.directory.employee(self.user_id)

    @cached_property
    def focused(self) -> FocusedCase | None:
        """The case the conversation is about (just filed, shown or discussed), if any."""
        return self.deps.focus.get(self.user_id)

    # -- what the message is, in the context of the conversation
    @property
    def about_focus(self) -> bool:
        """Unclear words right after a case ("It's a Dell WD19"): more about that case, not small talk."""
        return self.parsed and self.u.intent == "unknown" and not self.shared and self.focused is not None

    @property
    def addendum(self) -> bool:
        """"forgot to mention, ..." / "PS ..." / "... if that helps" right after a case, however unclear the rest (and
        whatever thanks come first): more about it."""
        u = self.u
        return (self.parsed and not self.shared and u.told_as_more and not u.case_ref
                and (u.intent in ("file_case", "add_comment", "unknown", "smalltalk") or not u.confident)
                and self.focused is not None)

    @property
    def adds_to_focus(self) -> bool:
        """"btw my manager Sophie has ok'd it" right after a case: said as more (not thanks), whatever the model made of
        it; the context rules read it against that case."""
        u = self.u
        return (self.parsed and not self.shared and u.has(Cue.ADDITIVE) and not u.has(Cue.THANKS)
                and not u.has(Cue.GREETING) and not u.case_ref and self.focused is not None)

    @property
    def no_longer_needed(self) -> bool:
        """"I don't need the Visio licence anymore": an offer to close the case it was for (when there is one)."""
        u = self.u
        return (self.parsed and not self.shared and u.has(Cue.NO_LONGER_NEEDED) and not u.case_ref
                and not (u.intent in ("check_status", "reopen_case") and u.confident)   # more to say to it is still no need
                and not (u.intent == "close_case" and u.confident))     # the close request itself does that


    @cached_property
    def open_cases_its_words_name(self) -> list[CaseView]:
        """The person's open cases that unclear words name ("the security gates at eastfield are going off for every
        customer now" with "RFID security gate at Eastfield alarming on every book" open), best first, from the read
        model; [] for any other reading. Made once (after `read()`); raises what resolving the person raises."""
        u = self.u
        if u.intent != "unknown" or len(u.keywords) < 2 or not self.typed_only:
            return []
        return filing.open_cases_like(self.deps, self.employee, u.keywords, recurring=u.has(Cue.AGAIN))

    @cached_property
    def pointer(self) -> list[Reply] | None:
        """Where the org sends this problem instead of filing it (requests.pointer_instead), or None; made once (after
        `read()`)."""
        return requests.pointer_instead(self.deps, self.u)


Rule = Callable[[Visit], "list[Reply] | None"]
"""A front-desk rule: the replies, or None to let the next rule look."""
