"""Files shared in the DM: attached to the case named, meant, or asked ("Which case should I attach it to?")."""
from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from slackui.identity import Employee
from bot.errors import Reply
from bot.files import SharedFile
from bot.usecases import asking
from bot.usecases.base import Deps, implicit_target


def attach_request(deps: Deps, emp: Employee, ref: str | None, keywords: Sequence[str], files: Sequence[SharedFile],
                   text: str = "", *, dedupe_key: str) -> list[Reply]:
    if ref:
        return attach(deps, emp, ref, ref, files)
    open_cases = deps.desk.list_open_cases(emp.contact_id)
    if not open_cases:
        return [Reply.plain(wording.NOTHING_TO_ATTACH_TO)]
    match = implicit_target(deps, emp, open_cases, keywords, text)
    if match is not None:
        return attach(deps, emp, match.id, match.case_number, files, subject=match.subject)
    return asking.pick(deps, emp, "attach", {"files": [f.to_dict() for f in files]}, open_cases,
                       wording.attach_prompt(len(files), files[0].name), asker=dedupe_key)


def attach(deps: Deps, emp: Employee, case_ref: str, label: str, files: Sequence[SharedFile], *,
           subject: str | None = None) -> list[Reply]:
    deps.fetcher.check(list(files))
    if deps.cases.find(emp.contact_id, case_ref) is None:   # the person's own case, before any download: from
        deps.desk.get_case(emp.contact_id, case_ref)        # the read model, else one read (CaseNotFound otherwise)
    names = []
    case_id = None
    for f in files:
        info = deps.desk.attach_file(emp.contact_id, case_ref, deps.fetcher.download(f))
        names.append(info.name)
        case_id = info.case_id
    if case_id:
        deps.store.touch_user_activity(case_id)
        if label.isdigit():
            deps.remember(emp.slack_user_id, case_id, label, subject)
    return [wording.attached(names, label, subject)]
