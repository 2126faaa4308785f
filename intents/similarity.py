"""Is a new message likely about an existing case? A pure score over content words (lemmas).

    likely_same_problem(["visio", "licence", "laptop"], {"laptop", "battery", "drain", "fast"})  -> False
    likely_same_problem(["vpn", "drop", "home"], {"vpn", "drop", "hour"})                          -> True

Likely when more than one content word is shared, or one shared word is a strong, specific match: an error
code or model number ("e42", "0x80070005", "wd19"), a named product or service (VPN, Outlook, SAP), or a word the
desk's training data never uses (a product the lexicon does not know: "Bullhorn") rather than a generic device or
word (laptop, email, access, screen); when the message says the fault is back ("again"), any shared word that is not
generic. The bot asks "Is this about case X?" only then.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

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
    return (w in IT_TERMS and w not in GENERIC) or rare(w)


def rare(word: str) -> bool:
    """A word that neither the training data nor the list of ordinary words uses: a product or system named by the
    person ("Bullhorn", "Bluespier", "eMAR"), specific as a product in the lexicon is; of three letters, only one
    seldom written in English at all (a system's initials: "RDS", "OMS", "HMI"; not "cab", "tab")."""
    if not word.isalpha() or word in GENERIC or word in _ordinary():
        return False
    return len(word) >= 4 or (len(word) == 3 and zipf_frequency(word, "en") < _INITIALS_ZIPF)


# How often (Zipf scale) a three-letter word may be written in English and still be a system's initials.
_INITIALS_ZIPF = 3.0


@lru_cache(maxsize=1)
def _ordinary() -> frozenset[str]:
    from .parser import load   # the trained pipeline's vocabulary: words people write to the desk
    from .words import lemmatise
    known = load().model.normaliser.corrector.vocabulary
    return frozenset(known) | frozenset(lemmatise(w) for w in known) | IT_TERMS


def shared_words(message_words: Iterable[str], case_words: Collection[str]) -> set[str]:
    case = {w.casefold() for w in case_words}
    return {w.casefold() for w in message_words if w.casefold() in case}


def likely_same_problem(message_words: Iterable[str], case_words: Collection[str], *, recurring: bool = False) -> bool:
    """True when the message's content words make the case a likely duplicate (see the module docstring); when the
    message says the fault is back (`recurring`: "OMS incident map taking ages again"), one shared word that is not
    generic is enough."""
    shared = shared_words(message_words, case_words)
    return len(shared) > 1 or any(strong(w) for w in shared) or (recurring and any(w not in GENERIC for w in shared))
