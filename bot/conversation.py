"""The conversation layer: what a user said (or clicked) -> case operations -> replies.

Listeners (bot/listeners.py) stay thin: they ack, then call one method here and post the `Reply`s it
returns. This layer knows Slack only as far as Block Kit goes (through bot/blocks.py); it talks to
Salesforce only through CaseDesk, always with the employee's own ContactId, so a case that is not theirs is
"not found" whatever the entry point (typed number, forwarded button, stale modal).

Writes that fail because Salesforce is unavailable go to the store's outbox with the user told so; reads
fail with a clear message (bot/errors.py).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from bot import blocks, ids
from bot.directory import Directory, Employee
from bot.errors import BotError, Reply
from bot.files import FileFetcher, SharedFile
from servicecloud.config import OrgConfig
from servicecloud.errors import CaseDeskError, SalesforceUnavailable, WrongState
from servicecloud.models import CaseView

log = logging.getLogger("concierge.bot")

# "add a comment to case 00001234: ..." -> the comment is what follows the instruction.
_COMMENT_PREFIX = re.compile(
    r"""^\s*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?
    (?:add|post|put|leave|append|write|send)\s+(?:a\s+|an\s+|this\s+|the\s+|my\s+)?(?:public\s+)?
    (?:comment|note|update|message|reply)s?
    (?:\s+(?:to|on|for|in|into))?(?:\s+(?:my|the))?(?:\s+(?:case|ticket))?(?:\s+(?:number|no\.?))?
    \s*\#?\s*(?:\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)?
    (?:\s+(?:case|ticket))?\s*(?:[:,;\-–—]|saying\b|that\s+says\b)?\s*""",
    re.IGNORECASE | re.VERBOSE)
_SLASH_CASE_REF = re.compile(r"^#?(\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)$")
_THANKS = re.compile(r"\b(thanks?|thank\s+you|thx|ty|cheers|great|awesome|perfect)\b", re.IGNORECASE)


def comment_body(text: str) -> str:
    """The comment inside an add-comment request ("" when the user only asked to comment)."""
    m = _COMMENT_PREFIX.match(text)
    if m and m.end() > 0:
        return text[m.end():].strip().strip('"“”').strip()
    if ":" in text:
        return text.split(":", 1)[1].strip()
    return text.strip()


def _label(ref: str) -> str:
    """How to name a case reference in a sentence (a number as is, an Id as "that case")."""
    return ref if ref.isdigit() else "that case"


def _ref(p: Any) -> str | None:
    return getattr(p, "case_number", None) or getattr(p, "case_id", None)


def _best_keyword_match(cases: Sequence[CaseView], keywords: Sequence[str]) -> CaseView | None:
    """The single case whose subject/description mentions the most keywords (None when tied or none)."""
    if not keywords:
        return None
    scored = []
    for c in cases:
        hay = f"{c.subject} {c.description or ''}".casefold()
        scored.append((sum(1 for k in keywords if k.casefold() in hay), c))
    scored.sort(key=lambda sc: -sc[0])
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


class Concierge:
    """Maps a Parse (or a click, or a modal) plus the user to CaseDesk calls and replies."""

    def __init__(self, *, desk: Any, store: Any, directory: Directory, fetcher: FileFetcher, org: OrgConfig,
                 parse: Callable[[str], Any]):
        self.desk, self.store, self.directory, self.fetcher, self.org = desk, store, directory, fetcher, org
        self.parse = parse

    @property
    def slash_command(self) -> str:
        return self.org.slash_command

    # ------------------------------------------------------------------ messages
    def on_message(self, user_id: str, text: str, files: Sequence[dict[str, Any]] = (), *,
                   dedupe_key: str) -> list[Reply]:
        """A DM from the user (possibly with files)."""
        text = (text or "").strip()
        shared = [SharedFile.from_slack(f) for f in files]
        if not text and not shared:
            return []
        p = self.parse(text) if text else None
        if p is not None and p.intent in ("help", "smalltalk", "unknown") and not shared:
            return self._run(None, user_id, p.intent, text, p, dedupe_key=dedupe_key)
        emp = self.directory.employee(user_id)
        if shared:
            if p is not None and p.intent == "file_case":
                return self.file_case(emp, text, case_type=p.case_type, keywords=p.keywords, files=shared,
                                      dedupe_key=dedupe_key)
            self.fetcher.check(shared)
            return self._attach_flow(emp, p, shared)
        assert p is not None
        if not p.confident:
            choices = [p.intent] + [i for i, _ in p.alternatives if i != p.intent]
            pending = self.store.put_pending(user_id, "did_you_mean", {"text": text})
            return [Reply("I'm not sure what you meant. Did you mean…", blocks.did_you_mean(choices[:3], pending))]
        return self._run(emp, user_id, p.intent, text, p, dedupe_key=dedupe_key)

    def on_did_you_mean(self, user_id: str, intent: str, pending_id: str, *, dedupe_key: str) -> list[Reply]:
        payload = self._take(pending_id, user_id)
        text = payload["text"]
        p = self.parse(text)
        emp = None if intent in ("help", "smalltalk", "unknown") else self.directory.employee(user_id)
        return self._run(emp, user_id, intent, text, p, dedupe_key=dedupe_key)

    def _run(self, emp: Employee | None, user_id: str, intent: str, text: str, p: Any, *,
             dedupe_key: str) -> list[Reply]:
        if intent == "help":
            return [Reply("Here's what I can do.", blocks.help_blocks(self.slash_command))]
        if intent == "smalltalk":
            if _THANKS.search(text):
                return [Reply.plain("You're welcome! Write to me any time you need help.")]
            return [Reply("Hi! I'm Concierge.", [blocks.section(
                "Hi! :wave: I'm Concierge. Tell me what's wrong and I'll file a case, or type *help* "
                "to see what else I can do.")])]
        if intent not in ("file_case", "check_status", "list_cases", "add_comment", "close_case",
                          "reopen_case"):
            return [Reply("I can help with support cases. Type help for examples.",
                          blocks.short_help(self.slash_command))]
        assert emp is not None
        if intent == "file_case":
            return self.file_case(emp, text, case_type=p.case_type, keywords=p.keywords, dedupe_key=dedupe_key)
        if intent == "check_status":
            return self.status(emp, _ref(p), p.keywords, text)
        if intent == "list_cases":
            return self.my_cases(emp)
        if intent == "add_comment":
            return self.add_comment_request(emp, _ref(p), comment_body(text), p.keywords, dedupe_key=dedupe_key)
        if intent == "close_case":
            return self.close_request(emp, _ref(p), p.keywords, dedupe_key=dedupe_key)
        return self.reopen_request(emp, _ref(p), p.keywords, dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ filing
    def file_case(self, emp: Employee, text: str, *, case_type: str | None, keywords: Sequence[str] = (),
                  files: Sequence[SharedFile] = (), description: str | None = None, channel: str = "dm",
                  check_duplicates: bool = True, dedupe_key: str) -> list[Reply]:
        """File a case, unless one of the user's open cases looks like the same problem: then ask first."""
        case_type = case_type or self.org.defaults.type_incident
        if check_duplicates and keywords:
            try:
                similar = [c for c in self.desk.search_cases(emp.contact_id, list(keywords), include_closed=False,
                                                             limit=3) if c.is_open]
            except SalesforceUnavailable:
                similar = []  # filing will meet the outage too, and queue the case
            if similar:
                pending = self.store.put_pending(emp.slack_user_id, "file_case", {
                    "text": text, "case_type": case_type, "description": description, "channel": channel,
                    "files": [f.to_dict() for f in files], "dedupe_key": dedupe_key})
                return [Reply(f"Is this about case {similar[0].case_number}?",
                              blocks.duplicate_prompt(similar[0], pending))]
        return self._file_now(emp, text, case_type=case_type, files=files, description=description,
                              channel=channel, dedupe_key=dedupe_key)

    def _file_now(self, emp: Employee, text: str, *, case_type: str, files: Sequence[SharedFile],
                  description: str | None, channel: str, dedupe_key: str) -> list[Reply]:
        files, skipped = self.fetcher.split(list(files))  # a file over the limits never stops the filing
        uploads = [self.fetcher.download(f) for f in files]  # before filing: a failed download files nothing
        try:
            case = self.desk.file_case(emp.contact_id, text, description=description, case_type=case_type,
                                       channel=channel, attachments=uploads)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("file_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "text": text, "description": description, "case_type": case_type,
                "channel": channel, "files": [f.to_dict() for f in files]}, dedupe_key)
            return [Reply("Salesforce is unavailable; your case is queued.", blocks.queued_blocks("your case"))]
        self._track(emp, case)
        problems = (*skipped, *(getattr(case, "attachment_errors", ()) or ()))
        n = len(getattr(case, "attachments", ()) or ()) if problems or getattr(case, "attachments", None) \
            else len(uploads)
        attached = f" with {n} attachment{'s' if n != 1 else ''}" if n else ""
        headline = f":white_check_mark: I filed case *{case.case_number}*{attached} for you."
        note = " ".join(f":warning: {blocks.escape(p)}" for p in problems) or None
        return [Reply(f"I filed case {case.case_number}: {case.subject}",
                      blocks.case_card(case, headline=headline, actions=blocks.FILED_ACTIONS, note=note))]

    def on_duplicate_choice(self, user_id: str, pending_id: str, case_id: str | None, *,
                            dedupe_key: str) -> list[Reply]:
        """The answer to "Is this about case X?": add the text as a comment, or file a new case."""
        payload = self._take(pending_id, user_id)
        emp = self.directory.employee(user_id)
        files = [SharedFile(**f) for f in payload.get("files", [])]
        key = payload.get("dedupe_key") or dedupe_key
        if case_id is None:
            return self._file_now(emp, payload["text"], case_type=payload["case_type"], files=files,
                                  description=payload.get("description"), channel=payload.get("channel", "dm"),
                                  dedupe_key=key)
        case = self.desk.get_case(emp.contact_id, case_id)
        replies = self._comment(emp, case.id, case.case_number, payload["text"], dedupe_key=key)
        if files:
            replies += self._attach(emp, case.id, case.case_number, files)
        return replies

    # ------------------------------------------------------------------ reading
    def status(self, emp: Employee, ref: str | None, keywords: Sequence[str], text: str) -> list[Reply]:
        if ref:
            return [self.case_reply(emp, ref)]
        if keywords:
            found = self.desk.search_cases(emp.contact_id, list(keywords), include_closed=True, limit=6)
            if found:
                self._track(emp, found[0])
                return [Reply(f"Case {found[0].case_number}: {found[0].status}",
                              blocks.search_results(found, query=" ".join(keywords)))]
            return [Reply.plain(f"I couldn't find a case of yours about “{' '.join(keywords)}”. "
                                "Type *my cases* to see your open ones.")]
        return self.my_cases(emp)

    def case_reply(self, emp: Employee, ref: str, *, details: bool = False, headline: str | None = None) -> Reply:
        case = self.desk.get_case(emp.contact_id, ref)
        self._track(emp, case)
        return Reply(blocks.case_summary_text(case), blocks.case_card(case, headline=headline, details=details))

    def my_cases(self, emp: Employee) -> list[Reply]:
        cases = self.desk.list_open_cases(emp.contact_id)
        title = f"Your open cases ({len(cases)}), newest first:"
        return [Reply(f"You have {len(cases)} open case{'s' if len(cases) != 1 else ''}.",
                      blocks.case_list(cases, title=title, empty="You have no open cases. :tada:"))]

    # ------------------------------------------------------------------ comments
    def add_comment_request(self, emp: Employee, ref: str | None, body: str, keywords: Sequence[str], *,
                            dedupe_key: str) -> list[Reply]:
        if ref and body:
            return self._comment(emp, ref, ref, body, dedupe_key=dedupe_key)
        if ref:  # "add a comment to 00001234" with nothing to add: offer the modal
            return [self.case_reply(emp, ref, headline="What would you like to add? Click *Add comment*.")]
        return self._which_case(emp, "add_comment", {"body": body}, keywords,
                                prompt="Which case should I add your comment to?",
                                empty="You have no open cases to comment on. Describe your problem and I'll "
                                      "file a new case.")

    def _comment(self, emp: Employee, case_ref: str, label: str, body: str, *, dedupe_key: str) -> list[Reply]:
        try:
            comment = self.desk.add_comment(emp.contact_id, case_ref, body)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("add_comment", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": case_ref, "body": body}, dedupe_key)
            return [Reply("Salesforce is unavailable; your comment is queued.",
                          blocks.queued_blocks(f"your comment on case {label}"))]
        self.store.touch_user_activity(comment.case_id)
        return [Reply.plain(f"Added your comment to case {label}.")]

    def submit_details(self, user_id: str, case_id: str, text: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        try:
            case = self.desk.update_description(emp.contact_id, case_id, text, append=True)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("update_description", user_id, {
                "contact_id": emp.contact_id, "case_ref": case_id, "text": text}, dedupe_key)
            return [Reply("Salesforce is unavailable; your details are queued.",
                          blocks.queued_blocks("the details you added"))]
        self.store.touch_user_activity(case.id)
        return [Reply(f"Added the details to case {case.case_number}.",
                      blocks.case_card(case, headline=f"Added your details to case *{case.case_number}*."))]

    def submit_comment(self, user_id: str, case_id: str, body: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        case = self.desk.get_case(emp.contact_id, case_id)  # ownership + the number for the reply
        return self._comment(emp, case.id, case.case_number, body, dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ close / reopen
    def close_request(self, emp: Employee, ref: str | None, keywords: Sequence[str], *,
                      dedupe_key: str) -> list[Reply]:
        if ref:
            return self.close(emp, ref, dedupe_key=dedupe_key)
        return self._which_case(emp, "close_case", {}, keywords, prompt="Which case should I close?",
                                empty="You have no open cases to close.", single_needs_confirmation=True)

    def reopen_request(self, emp: Employee, ref: str | None, keywords: Sequence[str], *,
                       dedupe_key: str) -> list[Reply]:
        if ref:
            return self.reopen(emp, ref, dedupe_key=dedupe_key)
        recent = self.desk.list_recent_cases(emp.contact_id, closed_within_days=self.org.recently_closed_days)
        closed = [c for c in recent if not c.is_open]
        if not closed:
            return [Reply.plain("You have no recently closed cases to reopen.")]
        match = _best_keyword_match(closed, keywords)
        pending = self.store.put_pending(emp.slack_user_id, "pick_case", {"op": "reopen_case"})
        return [Reply("Which case should I reopen?",
                      blocks.pick_case([match] if match else closed, pending, "Which case should I reopen?"))]

    def close(self, emp: Employee, ref: str, *, dedupe_key: str) -> list[Reply]:
        """Close one of the employee's cases (one API call; an already closed case is shown as it is)."""
        try:
            case = self.desk.close_case(emp.contact_id, ref)
        except WrongState as e:
            return self._wrong_state(e)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("close_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": ref}, dedupe_key)
            return [Reply("Salesforce is unavailable; closing is queued.",
                          blocks.queued_blocks(f"closing case {_label(ref)}"))]
        self._track(emp, case)
        return [Reply(f"Closed case {case.case_number}.",
                      blocks.case_card(case, headline=f":lock: I closed case *{case.case_number}*."))]

    def reopen(self, emp: Employee, ref: str, *, dedupe_key: str) -> list[Reply]:
        """Reopen one of the employee's closed cases (an open case is shown as it is, untouched)."""
        try:
            case = self.desk.reopen_case(emp.contact_id, ref)
        except WrongState as e:
            return self._wrong_state(e)
        except SalesforceUnavailable:
            self.store.enqueue_outbox("reopen_case", emp.slack_user_id, {
                "contact_id": emp.contact_id, "case_ref": ref}, dedupe_key)
            return [Reply("Salesforce is unavailable; reopening is queued.",
                          blocks.queued_blocks(f"reopening case {_label(ref)}"))]
        self._track(emp, case)
        return [Reply(f"Reopened case {case.case_number}.",
                      blocks.case_card(case, headline=f":arrows_counterclockwise: I reopened case "
                                                      f"*{case.case_number}*."))]

    @staticmethod
    def _wrong_state(e: WrongState) -> list[Reply]:
        message = e.user_message
        if isinstance(e.case, CaseView):
            return [Reply(message, blocks.case_card(e.case, headline=blocks.escape(message)))]
        return [Reply.plain(message)]

    # ------------------------------------------------------------------ which case?
    def _which_case(self, emp: Employee, op: str, payload: dict[str, Any], keywords: Sequence[str], *,
                    prompt: str, empty: str, single_needs_confirmation: bool = False) -> list[Reply]:
        open_cases = self.desk.list_open_cases(emp.contact_id)
        if not open_cases:
            return [Reply.plain(empty)]
        match = _best_keyword_match(open_cases, keywords)
        if match is None and len(open_cases) == 1:
            match = open_cases[0]
        if match is not None and not single_needs_confirmation and payload.get("body"):
            return self._run_picked(emp, op, payload, match, dedupe_key=f"pick:{emp.slack_user_id}:{op}")
        pending = self.store.put_pending(emp.slack_user_id, "pick_case", {"op": op, **payload})
        return [Reply(prompt, blocks.pick_case([match] if match else open_cases, pending, prompt))]

    def on_case_picked(self, user_id: str, case_id: str, pending_id: str, *, dedupe_key: str) -> list[Reply]:
        payload = self._take(pending_id, user_id)
        emp = self.directory.employee(user_id)
        case = self.desk.get_case(emp.contact_id, case_id)
        return self._run_picked(emp, payload.pop("op"), payload, case, dedupe_key=dedupe_key)

    def _run_picked(self, emp: Employee, op: str, payload: dict[str, Any], case: CaseView, *,
                    dedupe_key: str) -> list[Reply]:
        if op == "add_comment":
            if not payload.get("body"):
                return [Reply(blocks.case_summary_text(case), blocks.case_card(
                    case, headline="What would you like to add? Click *Add comment*."))]
            return self._comment(emp, case.id, case.case_number, payload["body"], dedupe_key=dedupe_key)
        if op == "close_case":
            return self.close(emp, case.id, dedupe_key=dedupe_key)
        if op == "reopen_case":
            return self.reopen(emp, case.id, dedupe_key=dedupe_key)
        if op == "attach":
            return self._attach(emp, case.id, case.case_number, [SharedFile(**f) for f in payload["files"]])
        raise BotError("I lost track of that question; please ask again.")

    # ------------------------------------------------------------------ files
    def _attach_flow(self, emp: Employee, p: Any, files: Sequence[SharedFile]) -> list[Reply]:
        ref = _ref(p) if p is not None else None
        if ref:
            return self._attach(emp, ref, ref, files)
        open_cases = self.desk.list_open_cases(emp.contact_id)
        if not open_cases:
            return [Reply.plain("You have no open case to attach this to. Describe the problem in a message "
                                "with the file and I'll file a case with it.")]
        match = _best_keyword_match(open_cases, getattr(p, "keywords", []) or [])
        if match is None and len(open_cases) == 1:
            match = open_cases[0]
        if match is not None:
            return self._attach(emp, match.id, match.case_number, files)
        pending = self.store.put_pending(emp.slack_user_id, "pick_case",
                                         {"op": "attach", "files": [f.to_dict() for f in files]})
        prompt = "Which case should I attach " + ("these files" if len(files) > 1 else f"{files[0].name}") + " to?"
        return [Reply(prompt, blocks.pick_case(open_cases, pending, blocks.escape(prompt)))]

    def _attach(self, emp: Employee, case_ref: str, label: str, files: Sequence[SharedFile]) -> list[Reply]:
        self.fetcher.check(list(files))
        names = []
        case_id = None
        for f in files:
            info = self.desk.attach_file(emp.contact_id, case_ref, self.fetcher.download(f))
            names.append(info.name)
            case_id = info.case_id
        if case_id:
            self.store.touch_user_activity(case_id)
        return [Reply.plain(f"Attached {', '.join(names)} to case {label}.")]

    # ------------------------------------------------------------------ buttons on cards
    def case_action(self, user_id: str, action_id: str, case_id: str, *, dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        if action_id == ids.CLOSE_CASE:
            return self.close(emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.REOPEN_CASE:
            return self.reopen(emp, case_id, dedupe_key=dedupe_key)
        if action_id == ids.VIEW_CASE:
            return [self.case_reply(emp, case_id, details=True)]
        case = self.desk.get_case(emp.contact_id, case_id)  # ownership check for the store-only actions
        if action_id in (ids.MUTE_CASE, ids.UNMUTE_CASE):
            muted = action_id == ids.MUTE_CASE
            self._track(emp, case)
            self.store.set_muted(case.id, user_id, muted)
            word = "muted: I won't send you updates about it" if muted else "unmuted: I'll keep you posted"
            return [Reply(f"Case {case.case_number} {word}.", blocks.case_card(
                case, headline=f"Case *{case.case_number}* {word}.",
                actions=(ids.UNMUTE_CASE if muted else ids.MUTE_CASE, ids.VIEW_CASE)))]
        if action_id == ids.LOOKS_GOOD:
            self.store.touch_user_activity(case.id)
            return [Reply.plain(f"Thanks for confirming case {case.case_number} is sorted!")]
        if action_id == ids.ATTACH_FILE:
            return [Reply.plain(f"Share the file here in our DM with the message “attach to {case.case_number}” "
                                "and I'll add it to the case.")]
        raise BotError("I don't know that button; please try again from a fresh card.")

    # ------------------------------------------------------------------ slash command and modal
    def slash(self, user_id: str, text: str, *, dedupe_key: str = "") -> list[Reply]:
        """`/case [help|list|CASE]`; anything else is read as if it had been written in the DM
        (`/case my VPN keeps dropping` files a case)."""
        words = text.strip()
        if words.casefold() in ("", "help"):
            return [Reply("Here's what I can do.", blocks.help_blocks(self.slash_command))]
        if words.casefold() in ("list", "my cases", "mine", "cases"):
            return self.my_cases(self.directory.employee(user_id))
        m = _SLASH_CASE_REF.match(words)
        if m:
            return [self.case_reply(self.directory.employee(user_id), m.group(1))]
        return self.on_message(user_id, words, dedupe_key=dedupe_key or f"cmd:{user_id}:{words}")

    def submit_new_case(self, user_id: str, *, subject: str, description: str | None, case_type: str | None,
                        files: Sequence[dict[str, Any]], dedupe_key: str) -> list[Reply]:
        emp = self.directory.employee(user_id)
        shared = [SharedFile.from_slack(f) for f in files]
        return self._file_now(emp, subject.strip(), case_type=case_type or self.org.defaults.type_incident,
                              files=shared, description=(description or "").strip() or None, channel="modal",
                              dedupe_key=dedupe_key)

    # ------------------------------------------------------------------ App Home
    def home(self, user_id: str) -> dict[str, Any]:
        """The App Home view: never raises for an expected failure (shows it in the view instead)."""
        cmd = self.slash_command
        try:
            emp = self.directory.employee(user_id)
            cases = self.desk.list_recent_cases(emp.contact_id, closed_within_days=self.org.recently_closed_days)
        except CaseDeskError as e:  # unknown contact, Salesforce away, ...: said in the view itself
            return blocks.home_view([], [], slash_command=cmd, error=e.user_message)
        return blocks.home_view([c for c in cases if c.is_open], [c for c in cases if not c.is_open],
                                slash_command=cmd)

    # ------------------------------------------------------------------ helpers
    def _take(self, pending_id: str, user_id: str) -> dict[str, Any]:
        payload = self.store.take_pending(pending_id, user_id) if pending_id else None
        if payload is None:
            raise BotError("That question has already been answered or has expired. Please ask me again.")
        return payload

    def _track(self, emp: Employee, case: CaseView) -> None:
        try:
            self.store.track_case(case.id, contact_id=emp.contact_id, slack_user_id=emp.slack_user_id,
                                  case_number=case.case_number, status=case.status, state=str(case.state))
        except Exception:  # tracking feeds notifications; it must never cost the user their answer
            log.exception("could not track case %s", case.id)
