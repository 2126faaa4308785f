"""Is a new message likely about an existing case? A pure score over content words (lemmas).

    likely_same_problem(["visio", "licence", "laptop"], {"laptop", "battery", "drain", "fast"})  -> False
    likely_same_problem(["vpn", "drop", "home"], {"vpn", "drop", "hour"})                          -> True

Likely when more than one content word is shared, or one shared word is a strong, specific match: an error
code or model number ("e42", "0x80070005", "wd19") or a named product or service (VPN, Outlook, SAP) rather
than a generic device or word (laptop, email, access, screen). The bot asks "Is this about case X?" only then.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

from .lexicon import IT_TERMS

# Words too common in IT cases for one of them alone to mean "the same problem".
GENERIC = frozenset("""
laptop laptops computer pc desktop machine device phone mobile email mail account access password login
screen monitor keyboard mouse file files folder app apps application software hardware internet network
work working problem issue error new need request help support update install printer print office home
day week time today morning user team system windows mac drive license licence
""".split())


def strong(word: str) -> bool:
    """A word specific enough that sharing it alone suggests the same problem."""
    w = word.casefold()
    if any(ch.isdigit() for ch in w) and any(ch.isalpha() for ch in w) and len(w) >= 3:
        return True  # error codes, model numbers
    return w in IT_TERMS and w not in GENERIC


def shared_words(message_words: Iterable[str], case_words: Collection[str]) -> set[str]:
    case = {w.casefold() for w in case_words}
    return {w.casefold() for w in message_words if w.casefold() in case}


def likely_same_problem(message_words: Iterable[str], case_words: Collection[str]) -> bool:
    """True when the message's content words make the case a likely duplicate (see the module docstring)."""
    shared = shared_words(message_words, case_words)
    return len(shared) > 1 or any(strong(w) for w in shared)
