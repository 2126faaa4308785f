"""Which of the person's cases do these words mean: one ranking, for every place that asks.

    rank(cases, ["printer", "jam"], title=subject_of)      -> the cases the words name, best first
    meant(cases, ["printer"], title=subject_of)            -> the one case they name, or None when in doubt
    likely_same(cases, ["vpn", "drop"], title=..., body=...) -> the cases a new message likely duplicates

A word names a case when its lemma is one of the case's (its title, i.e. Subject, and its body, i.e.
Description, lemmatised the way `Parse.keywords` are: "frozen" names "freeze"), or when it is the start of one of
them and at least four letters long ("print" names "printer"; "work" does not name "network"), or when it is
one typing slip away from one of them and both are at least six letters long ("starlnk" names "starlink", "rotuer"
names "router"; shorter words are a slip away from other real words: "mail"/"main"). A case scores ten
points per distinct word it shares, three more per word in its title, one per word in its body; ties go to
`tiebreak` (open cases first, then the newest, for the callers that have them), then to the order given.
The status search, the case a close/reopen/comment/attachment means, a typed answer to "Which case?" and the
duplicate check before filing all use it, so "my printer case" means the same case wherever it is said.
Pure: no I/O.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from .similarity import likely_same_problem
from .typos import one_edit_apart
from .words import keywords

T = TypeVar("T")
_PREFIX = 4  # the shortest word that names a longer one by being its start
_SLIP = 6    # the shortest word that names another one a typing slip away


@lru_cache(maxsize=4096)
def lemmas(text: str) -> frozenset[str]:
    """The content words of `text` as lemmas, casefolded."""
    return frozenset(k.casefold() for k in keywords(text or ""))


def _names(word: str, words: frozenset[str]) -> bool:
    return word in words or (len(word) >= _PREFIX and any(w.startswith(word) for w in words)) or (
        len(word) >= _SLIP and any(len(w) >= _SLIP and one_edit_apart(word, w) for w in words))


@dataclass(frozen=True)
class Match(Generic[T]):
    """One case the words name: the words it shares, and its score."""

    item: T
    shared: frozenset[str]
    score: int
    words: frozenset[str]     # all its lemmas (title and body)


def rank(items: Iterable[T], words: Sequence[str], *, title: Callable[[T], str | None],
         body: Callable[[T], str | None] = lambda _: "", tiebreak: Callable[[T], Any] = lambda _: 0) -> list[Match[T]]:
    """The items the words name, best first (see the module docstring); none for no words."""
    wanted = {w.casefold() for w in words if w}
    if not wanted:
        return []
    scored: list[tuple[tuple[int, Any, int], Match[T]]] = []
    for position, item in enumerate(items):
        in_title, in_body = lemmas(title(item) or ""), lemmas(body(item) or "")
        everything = in_title | in_body
        shared = frozenset(w for w in wanted if _names(w, everything))
        if not shared:
            continue
        score = (10 * len(shared) + 3 * sum(_names(w, in_title) for w in shared)
                 + sum(_names(w, in_body) for w in shared))
        scored.append(((-score, tiebreak(item), position), Match(item, shared, score, everything)))
    scored.sort(key=lambda kv: kv[0])
    return [m for _, m in scored]


def meant(items: Iterable[T], words: Sequence[str], **how: Any) -> T | None:
    """The one item the words name, clearly ahead of the next (a word more, or the same words in its title where
    the next has them only in its body); None when none or it is anybody's guess."""
    ranked = rank(items, words, **how)
    if not ranked:
        return None
    if len(ranked) > 1 and len(ranked[1].shared) >= len(ranked[0].shared) and ranked[1].score > ranked[0].score - 2:
        return None
    return ranked[0].item


def likely_same(items: Iterable[T], words: Sequence[str], *, limit: int = 3, recurring: bool = False,
                **how: Any) -> list[T]:
    """The items a new message about `words` likely duplicates (intents/similarity.py decides; `recurring`: the
    message says the fault is back), best first."""
    return [m.item for m in rank(items, words, **how)
            if likely_same_problem(words, m.words, recurring=recurring)][:limit]
