"""Front-desk rules on the person's cases: the case just discussed, files, the likeliest readings, "Did you mean…",
the org's pointers, and the request itself."""
from __future__ import annotations

import re

from bot import wording
from bot.dialogue.question import Candidate, Kind
from bot.errors import Reply
from bot.frontdesk.visit import Visit
from bot.usecases import asking, attachments, comments, context, filing, lifecycle, requests, status
from bot.usecases.base import filing_carried, open_case_in_focus
from intents import cues
from intents.cues import Cue
from intents.paste import prose
from intents.subject import says_what_is_wrong, states_problem


def in_context(v: Visit) -> list[Reply] | None:
    """Read against the case just discussed: "a restart fixed it", "also ...", "and now ..."."""
    if v.shared or not v.parsed:
        return None
    return (context.fixed(v.deps, v.employee, v.user_id, v.u, dedupe_key=v.dedupe_key)
            or context.addition(v.deps, v.employee, v.u, dedupe_key=v.dedupe_key, elsewhere=lambda: v.pointer))


def files_shared(v: Visit) -> list[Reply] | None:
    """Files: filed with a new problem, else attached to the case named (or meant)."""
    if not v.shared:
        return None
    u, deps = v.u, v.deps
    if u.intent == "file_case" and v.parsed:
        return filing.file_case(deps, v.employee, v.text, case_type=u.case_type, keywords=u.keywords,
                                files=v.shared, dedupe_key=v.dedupe_key)
    deps.fetcher.check(v.shared)
    return attachments.attach_request(deps, v.employee, u.case_ref, u.keywords, v.shared, v.text,
                                      dedupe_key=v.dedupe_key)


def no_longer_needed(v: Visit) -> list[Reply] | None:
    if v.no_longer_needed and v.deps.cases.snapshot(v.employee.contact_id).open:
        return lifecycle.close_request(v.deps, v.employee, None, v.u.keywords, dedupe_key=v.dedupe_key, text=v.text)
    return None


def status_shaped(v: Visit) -> list[Reply] | None:
    """"status?", "what about 1006?", "my battery case", "how long will it take?"."""
    u = v.u
    return status.status(v.deps, v.employee, u.status_ref, u.status_words, v.text) if u.status_shaped else None


def addendum(v: Visit) -> list[Reply] | None:
    if v.addendum and (not v.u.confident or v.u.intent != "file_case"):
        return requests.run(v.deps, v.employee, "add_comment", v.u, dedupe_key=v.dedupe_key)
    return None


def problem_come_back(v: Visit) -> list[Reply] | None:
    """"jamming again, same as last week" about a case still open: filing's check asks "Is this about case X?"."""
    if requests.recurrence_of_an_open_case(v.deps, v.employee, v.u):
        return requests.run(v.deps, v.employee, "file_case", v.u, dedupe_key=v.dedupe_key)
    return None


def only_filing_would_write(v: Visit) -> list[Reply] | None:
    """Unclear, but of its likeliest readings only filing could do anything: file rather than ask."""
    u = v.u
    # "separate issue: the people counter has shown zero all week": said to be new, and filing one of its two readings
    new_matter = u.has(Cue.NEW_MATTER) and "file_case" in u.readings[:2] and (u.states_problem or len(u.keywords) >= 3) \
        and not u.case_ref
    if v.focused is None and v.pointer is not None:
        return None   # "the aircon in the upstairs beauty room is blowing warm air": the org's pointer, below
    if not v.about_focus and (requests.only_filing_writes(v.deps, v.employee, u) or new_matter   # "separate issue: ..."
                              or requests.new_problem_with_nothing_to_act_on(v.deps, v.employee, u)):
        return requests.run(v.deps, v.employee, "file_case", u, dedupe_key=v.dedupe_key)
    return None


_FENCED = re.compile(r"```.*?(?:```|$)", re.DOTALL)     # a pasted block
# What a thing is, by its make or name, or where it is: "the phone is Samsung", "my laptop is a Dell Latitude 5440", "the
# scanner is at front desk of library".
_WHAT_A_THING_IS = re.compile(r"^\W*(?:the|my|our|this|his|her)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is|are|'s)\s+(?:(?:an?\s+|the\s+)?"
                              r"(?-i:[A-Z0-9])|(?:kept\s+|located\s+|based\s+)?(?:at|in|on|by|next\s+to|near|behind|upstairs|"
                              r"downstairs)\b)", re.IGNORECASE)


def detail_for_the_case_in_focus(v: Visit) -> list[Reply] | None:
    """Unclear words right after a case that state no problem, ask nothing and request nothing ("It's a Dell WD19",
    "Dr Adeyemi is the person to ask on site, ext 4471"), or a paste with a line to introduce it ("here is what
    they see: ```HTTP 500```"): of their readings only adding them to that case would write anything (filing needs
    a problem), so they are added to it at once."""
    u, said = v.u, prose(_FENCED.sub(" ", v.text)).strip()
    pasted = len(said) < 0.7 * len(v.text) and not states_problem(said)   # "here is what they see: ```...```"
    offered = cues.has(said, Cue.OFFERED)   # "the files are on the S drive under Pitches/2025 if that helps"
    wrong = says_what_is_wrong(said)
    described = bool(_WHAT_A_THING_IS.match(said)) and not wrong   # "the phone is Samsung, yard phone 6"
    if not v.typed_only or (u.confident and not v.about_focus and not pasted and not offered and not described) \
            or u.case_ref or "?" in said:
        return None
    if (u.intent in ("close_case", "reopen_case", "list_cases", "check_status") and not described) or (wrong and not pasted):
        return None
    if u.has(Cue.THANKS) or u.has(Cue.GREETING) or u.has(Cue.SAYS_FIXED) or u.has(Cue.NO_LONGER_NEEDED):
        return None
    case = open_case_in_focus(v.deps, v.employee)
    if case is None:
        return None
    return comments.comment(v.deps, v.employee, case.id, case.case_number, v.text, dedupe_key=v.dedupe_key,
                            subject=case.subject)


# How far ahead of the next reading an unsure one must be to be acted on without asking (the issue: ask when "neither is
# clearly ahead").
_CLEARLY_AHEAD = 0.25


def unclear(v: Visit) -> list[Reply] | None:
    """"Did you mean…" with the likeliest intents; right after a case, "Add it to case N" first (and a typed
    "yes" chooses it); a problem that may be new or news of an open case it resembles: "Is this about case N?"."""
    if v.u.confident and not v.about_focus:
        return None
    u, focused = v.u, v.focused
    if focused is not None and u.intent == "add_comment" and u.lead >= _CLEARLY_AHEAD and not u.has(Cue.NEW_MATTER) \
            and (replies := context.more_about_the_case_in_focus(v.deps, v.employee, u, dedupe_key=v.dedupe_key)):
        return replies    # unsure, but adding to the case just discussed is well ahead of any other reading
    if focused is None and "file_case" in u.readings[:2] and (u.intent == "file_case" or u.states_problem) \
            and u.keywords:
        # a new problem or news of an open case it resembles: "Is this about case N?" offers both in one tap
        similar = filing.open_cases_like(v.deps, v.employee, u.keywords, recurring=u.has(Cue.AGAIN))
        if similar:
            return asking.duplicate(v.deps, v.employee, similar[0], filing_carried(
                u.text, u.case_type or v.deps.org.defaults.type_incident, dedupe_key=v.dedupe_key), asker=v.dedupe_key)
    choices = [u.intent] + [i for i in u.readings if i != u.intent]
    number = focused.case_number if focused is not None and focused.case_number else None
    if number:  # right after talking about a case, the likeliest unclear message is more about it
        choices = ["add_comment"] + [i for i in choices if i != "add_comment"]
    if "file_case" not in choices[:3]:   # every question has a way to file instead
        choices = [*[i for i in choices if i != "file_case"][:2], "file_case"]
    listed = (Candidate(focused.case_id, number, focused.subject),) if focused is not None and number else ()
    qid = asking.ask(v.deps, v.user_id, Kind.DID_YOU_MEAN, "", asker=v.dedupe_key, carried={"text": u.text},
                     listed=listed, target=listed[0].id if listed else None, typed=bool(listed))
    return [wording.did_you_mean(choices, qid, number)]


def words_of_an_open_case(v: Visit) -> list[Reply] | None:
    """Read as outside IT, but in the words of one of the person's open cases ("lane 2 at the gate misreading plates
    again" with "Gate OCR lane 2 misreads truck plates" open): "Is this about case N?", which offers filing too."""
    u = v.u
    similar = v.open_cases_its_words_name if not u.case_ref else []
    if not similar:
        return None
    return asking.duplicate(v.deps, v.employee, similar[0], filing_carried(
        u.text, u.case_type or v.deps.org.defaults.type_incident, dedupe_key=v.dedupe_key), asker=v.dedupe_key)


def belongs_elsewhere(v: Visit) -> list[Reply] | None:
    """A problem on a topic the org sends elsewhere that names nothing of IT ("the kitchen tap leaks")."""
    return v.pointer


def the_request(v: Visit) -> list[Reply]:
    """What the message asks, read as its intent."""
    return requests.run(v.deps, v.employee, v.u.intent, v.u, dedupe_key=v.dedupe_key)
