"""The one ranking of "which of my cases do these words mean" (intents/ranking.py)."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from intents.ranking import likely_same, meant, rank


@dataclass(frozen=True)
class Case:
    subject: str
    description: str = ""


HOW = {"title": lambda c: c.subject, "body": lambda c: c.description}
PRINTER, VPN, NETWORK = Case("Printer on floor 3 jams"), Case("VPN drops every hour"), Case("Network share is slow")


def test_lemmas_and_word_starts_name_a_case_but_a_word_inside_another_does_not():
    assert meant([PRINTER, VPN], ["print"], **HOW) is PRINTER          # the start of "printer"
    assert meant([PRINTER, VPN], ["jam"], **HOW) is PRINTER
    assert meant([NETWORK], ["work"], **HOW) is None                   # "work" is not "network"


def test_a_word_in_the_subject_beats_the_same_word_only_in_the_description():
    in_body = Case("Laptop issue", "the printer driver is missing")
    assert meant([in_body, PRINTER], ["printer"], **HOW) is PRINTER
    assert [m.item for m in rank([in_body, PRINTER], ["printer"], **HOW)] == [PRINTER, in_body]


def test_two_cases_named_alike_are_anybodys_guess():
    other = Case("Printer in reception jams")
    assert meant([PRINTER, other], ["printer", "jam"], **HOW) is None
    assert meant([PRINTER, other], ["printer", "reception"], **HOW) is other


def test_duplicates_need_more_than_one_generic_shared_word():
    laptop = Case("Laptop battery drains fast")
    assert likely_same([laptop, VPN], ["vpn", "drop", "home"], **HOW) == [VPN]
    assert likely_same([laptop], ["visio", "licence", "laptop"], **HOW) == []


@given(st.lists(st.sampled_from(["printer", "vpn", "drop", "jam", "hour", "floor", "slow", "share"]), max_size=4))
def test_ranked_cases_share_a_word_and_the_meant_case_is_the_first(words):
    ranked = rank([PRINTER, VPN, NETWORK], words, **HOW)
    assert all(m.shared for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    chosen = meant([PRINTER, VPN, NETWORK], words, **HOW)
    assert chosen is None or chosen is ranked[0].item
