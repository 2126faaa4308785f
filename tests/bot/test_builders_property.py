"""Every builder, fed extreme but legal data, produces payloads Slack accepts (the stand-in's validator).

Subjects of 255 characters of markup, emoji, `<!channel>`, `&<>`, CJK and RTL text; descriptions of 32,000
characters; comments of 4,000 bytes; 0, 1, 60 and 250 cases; long names and picklist values."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import blocks, lists
from slackui import card, fallback, fit, ids
from slackui.blocks import context, section
from bot.errors import Reply
from notifications import cards, rules
from sandbox.slack.blockkit import check_message, check_view, slack_len
from servicecloud.config import CanonicalState
from servicecloud.models import CaseView

PIECES = ["&", "<", ">", "<!channel>", "<@U123>", "&amp;", "*", "_", "~", "`", "😀", "👩‍💻", "漢字", "שלום",
          "مرحبا", "\u202e", " ", "\n", "x", "<https://evil.example|click>", "ñ", "\U0001f9ea"]


def nasty(max_len: int, min_len: int = 0) -> st.SearchStrategy[str]:
    """Text made of markup, escapes, emoji (surrogate pairs in UTF-16), CJK and RTL, cut to `max_len`."""
    return st.lists(st.sampled_from(PIECES) | st.text(max_size=5), min_size=1, max_size=max_len).map(
        lambda parts: "".join(parts)[:max_len]).filter(lambda s: len(s) >= min_len)


def huge(limit: int) -> st.SearchStrategy[str]:
    """A long text (up to `limit` characters) by repeating a nasty piece."""
    return st.tuples(st.sampled_from(PIECES), st.integers(1, limit)).map(lambda t: (t[0] * t[1])[:limit])


SUBJECT = nasty(255) | huge(255)
NAME = nasty(121) | huge(121)
PICKLIST = nasty(255, 1) | huge(255)


@st.composite
def cases(draw, n: int | None = None):
    count = n if n is not None else draw(st.integers(1, 3))
    state = draw(st.sampled_from(list(CanonicalState)))
    out = []
    for i in range(count):
        out.append(CaseView(
            id=f"500EM{i:013d}", case_number=f"{i + 1:08d}", subject=draw(SUBJECT), status=draw(PICKLIST),
            state=state, assignee=draw(st.none() | NAME), contact_id="003EM0000000001AAA",
            type=draw(st.none() | PICKLIST), priority=draw(st.none() | PICKLIST),
            description=draw(st.none() | huge(32_000)), is_closed=state == CanonicalState.CLOSED,
            created_date=datetime(2026, 1, 1, tzinfo=UTC), last_modified_date=datetime(2026, 1, 2, tzinfo=UTC),
            url=draw(st.none() | st.just(f"https://example.my.salesforce.com/lightning/r/Case/500EM{i:013d}/view"))))
    return out


FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])


def accepted(text: str, message_blocks: list) -> None:
    assert check_message(message_blocks, text) is None, check_message(message_blocks, text)
    assert check_message(None, fallback.as_text(text, message_blocks)) is None
    assert slack_len(fallback.as_text(text, message_blocks)) <= fit.MESSAGE_TEXT


@FAST
@given(cases(), st.none() | nasty(300), st.none() | nasty(3000), st.booleans())
def test_case_cards(cs, headline, note, details):
    for case in cs:
        accepted(case.subject, card.case_card(case, headline=headline and fit.escape(headline),
                                                note=note and fit.escape(note), details=details))
        accepted("x", card.case_card(case, actions=card.FILED_ACTIONS))
    accepted("x", blocks.search_results(cs, note=note and fit.escape(note)))


@FAST
@given(cases(), st.permutations(ids.CASE_ACTIONS))
def test_case_card_pieces(cs, action_ids):
    """The one case card's pieces, as the notification cards put them together, with every case button."""
    for case in cs:
        accepted(case.subject, [section(card.title(case.case_number, case.subject, case.url)),
                                context(card.status_line(case.status, case.state, case.assignee)),
                                card.buttons(case.id, action_ids, block_id=f"notify:comment:{case.id}")])
        accepted(case.subject, card.row(case))


@FAST
@given(cases(n=10), nasty(200, 1), st.booleans())
def test_conversation_prompts(cs, prompt, primary):
    accepted(prompt, blocks.pick_case(cs, "p" * 36, fit.escape(prompt)))
    accepted(prompt, blocks.confirm_case(cs[0], "p" * 36, verb="Close", yes="Close it", no="Not that one"))
    accepted(prompt, blocks.duplicate_prompt(cs[0], "p" * 36))
    labels = {"add_comment": f"Add it to case {cs[0].case_number}", "check_status": f"Status of {cs[1].case_number}"}
    accepted(prompt, blocks.did_you_mean(["add_comment", "check_status", "file_case", "help"], "p" * 36,
                                         labels=labels, primary=primary))
    for r in (Reply.plain(prompt), Reply(prompt, blocks.error_blocks(prompt)), Reply(prompt, blocks.queued_blocks(prompt))):
        accepted(r.text, r.blocks or [])
    accepted("help", blocks.help_blocks("/" + "c" * 30) + blocks.short_help())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from([0, 1, 60, 250]), cases(n=1), st.integers(0, 260))
def test_lists_and_home_at_any_size(n, one, start):
    many = [replace(one[0], id=f"500EM{i:013d}", case_number=f"{i:08d}") for i in range(n)]
    listing = lists.case_list(many, title=f"Your open cases ({n}), newest first:", start=start)
    accepted("list", listing)
    closed = [replace(c, id=c.id.replace("500EM", "500CL")) for c in many]
    assert check_view(lists.home_view(many, closed, error=one[0].subject)) is None


@FAST
@given(nasty(24), nasty(3000), PICKLIST)
def test_modals(label, case_label, picklist):
    for view in (blocks.comment_modal("500EM0000000000001AAA", case_label),
                 blocks.details_modal("500EM0000000000001AAA", case_label), blocks.new_case_modal(),
                 blocks.subject_modal("500EM0000000000001AAA", case_label, picklist)):
        assert check_view(view) is None, check_view(view)


@FAST
@given(st.sampled_from(rules.KINDS), cases(n=1), NAME, huge(4000) | nasty(4000), st.none() | PICKLIST,
       st.integers(0, 400))
def test_notification_cards(kind, cs, name, body, origin, idle):
    case = cs[0]
    payload = {"case_id": case.id, "case_number": case.case_number, "subject": case.subject, "url": case.url,
               "status": case.status, "assignee": case.assignee, "author": name, "body": body.encode()[:4000]
               .decode(errors="ignore"), "agent": name, "origin": origin, "idle_days": idle,
               "state": "WAITING_FOR_USER"}
    accepted(*cards.render(kind, payload, slash_command="/case"))
    accepted(*cards.outbox_result("file_case", ok=True, case_number=case.case_number, subject=case.subject,
                                  case_id=case.id, files_not_attached=3))
    accepted(*cards.outbox_result("add_comment", ok=False, case_number=None, message=body))


@FAST
@given(nasty(5000), st.integers(1, 4000))
def test_clip_never_breaks_an_escape_or_a_pair(text, limit):
    escaped = fit.escape(text)
    clipped = fit.clip(escaped, limit)
    assert slack_len(clipped) <= limit
    head = clipped.removesuffix(fit.ELLIPSIS)
    assert escaped.startswith(head.rstrip()) or escaped == clipped
    # whatever was cut, what is left has no broken entity: every & starts a whole one
    assert all(head[i:].startswith(("&amp;", "&lt;", "&gt;")) for i, ch in enumerate(head) if ch == "&")
