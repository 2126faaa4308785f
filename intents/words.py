"""Words of an utterance: stop words, the words about managing cases, a rule-based lemmatiser and the search
keywords (`keywords(text)`: lemmatised content words). Rules, not statistics, like the case references
(entities.py).
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

# Words about managing cases (and chat filler), never search keywords.
CASE_WORDS = frozenset(
    """case cases ticket tickets tix tkt incident incidents request requests issue issues problem problems
    status statuses update updates updated news progress eta comment comments note notes reply add added
    close closed closing reopen reopened reopening re-open open opened raise raised log logged submit submitted
    create created file filed filing resolve resolved solve solved fix fixed number id
    please pls plz plse pl thanks thank thx ty tnx cheers asap urgent urgently quick quickly hi hello hey
    yo ok okay okey yes yeah yep nope sure hmm um uh lol btw fyi nvm nevermind anymore again still already
    one thing things stuff someone somebody anyone guys guy team help need needs want wants like would could
    going happening happened latest current check checking know let tell told show list lists mine
    my me i im i'm ive i've id i'd u ur you your pending outstanding work working
    cancel cancelled canceled cancelling withdraw withdrawn escalate escalated escalation mark marked
    agent agents technician tech helpdesk servicedesk support priority right today tomorrow yesterday
    tonight morning afternoon evening week weeks weekend day days hour hours minute minutes monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
# Keep some words spaCy counts as stop words but which are the subject of a request.
_NOT_STOP = frozenset({"call", "empty", "full", "front", "bottom", "top", "side", "move", "name", "back", "down"})
STOP = (frozenset(STOP_WORDS) - _NOT_STOP) | frozenset({"n't", "nt", "dont", "cant", "wont", "isnt", "doesnt", "didnt"})

# Verbs frequent in IT requests: every inflection maps to the lemma (covers e-drop and consonant doubling).
_VERB_LEMMAS = """access activate add allow approve archive assign authenticate back block boot break bring buy
    change charge configure connect crash create delete deploy disable disconnect display download drop
    email enable encrypt enroll expire fail flicker forget freeze get give grant hang have install invite
    keep lag launch load lock log lose make migrate move need order overheat pair pay ping plug print
    provide receive reboot refuse register reinstall reject remove rename renew replace request require
    reset restart restore retrieve revoke run save scan schedule send set setup share shut sign slow
    spin start stop stream submit subscribe sync synchronize take time transfer type unlock unplug update
    upgrade upload use verify work write""".split()
_IRREGULAR = {
    "broke": "break", "broken": "break", "brought": "bring", "bought": "buy", "forgot": "forget",
    "forgotten": "forget", "froze": "freeze", "frozen": "freeze", "gave": "give", "given": "give", "got": "get",
    "gotten": "get", "hung": "hang", "kept": "keep", "lost": "lose", "made": "make", "ran": "run", "sent": "send",
    "set": "set", "shut": "shut", "spun": "spin", "stuck": "stick", "took": "take", "taken": "take",
    "went": "go", "gone": "go", "wrote": "write", "written": "write", "children": "child", "people": "person",
    "mice": "mouse", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth", "data": "data",
}
# Plurals that are names or already singular.
_KEEP_S = frozenset(
    """windows teams sales news jenkins ios macos aws analytics series species bus gas lens atlas alias
    status access address process business class glass pass bypass canvas chaos ms dns vpns os its
    this his hers ours yours us plus minus bonus campus virus corpus""".split()
)


_IE_NOUNS = frozenset({"movie", "cookie", "calorie", "selfie", "hoodie", "zombie", "rookie", "goalie", "freebie",
                       "newbie", "techie", "smoothie", "lingerie", "prairie", "brownie", "genie"})


def _inflections(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("e"):
        stem = lemma[:-1]
        forms |= {lemma + "d", stem + "ing"}
    else:
        forms |= {lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):  # stop -> stopped, log -> logging
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return forms


_LEMMA_TABLE: dict[str, str] = {}
for _lemma in _VERB_LEMMAS:
    for _form in _inflections(_lemma):
        _LEMMA_TABLE.setdefault(_form, _lemma)
_LEMMA_TABLE.update(_IRREGULAR)


# Stems that English spells with a silent e (after -ed/-ing was stripped): "archiv" -> "archive".
_NEEDS_E = re.compile(r"(?:[^aeiou]v|[aeiou]v|dg|rg|ng(?<=ang)|rs|rc|bl|pl|gl|tl|kl|iz|yz|[^aeiou]uc|ur(?<!our)|[^aeiou]at(?<=.{4}))$")
_NO_E = frozenset({"format", "combat", "chat", "occur", "recur", "blur", "spur", "concur", "incur", "demur"})


def lemmatise(word: str) -> str:
    """A small, honest rule-based lemmatiser for English content words (no lookup tables are installed).

    A table of ~120 common IT verbs in all their inflections and some irregular forms; otherwise plural
    ``-ies`` -> ``-y``, ``-ches/-shes/-xes/-sses`` -> drop ``es``, ``-s`` -> drop; ``-ing``/``-ed`` are
    stripped only when what is left is a plausible stem (a doubled final consonant is undoubled; a silent
    ``e`` is restored after stems that need one: "reimbursed" -> "reimburse", "archiving" -> "archive").
    """
    w = word.lower().strip("'’")
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w in _LEMMA_TABLE:
        return _LEMMA_TABLE[w]
    if len(w) <= 3 or w in _KEEP_S or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-1] if w[:-1] in _IE_NOUNS else w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        return w[:-1]
    if w.endswith("ied") and len(w) > 4:  # replied -> reply, tried -> try
        return w[:-3] + "y"
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            if not re.search(r"[aeiouy]", stem):
                return w
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]  # dropped -> drop
            if _NEEDS_E.search(stem) and stem not in _NO_E:
                return stem + "e"  # reimbursed -> reimburse, archiving -> archive, enabled -> enable
            return stem
    return w


_FILE_A_CASE = re.compile(r"\b(?:file|open|raise|log|submit|create|put in)(?=\s+(?:a|an|new|the|case|ticket|request|incident|it|this|one)\b)", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-']*[A-Za-z0-9+#]|[A-Za-z]"
                   # a product or model that starts with a digit ("3CX", "1Password"), not a quantity ("10am", "2GB")
                   r"|(?<![\w.])\d+(?!(?i:am|pm|a\.m|p\.m|hrs?|hours?|mins?|minutes?|secs?|seconds?|days?|weeks?|months?|"
                   r"years?|gb|mb|kb|tb|ghz|mhz|mm|cm|km|kg|ml|px|ms|th|st|nd|rd|x)\b)[A-Za-z]{2,}[A-Za-z0-9]*")


# Two capitals that are words, not a thing's initials.
_NOT_INITIALS = frozenset("am pm ok no hi so ya ye oh eh uh um ah yo me we us he my to do go be an as at by if in is of "
                          "on or up".split())


def keywords(text: str, *, skip_spans: tuple[tuple[int, int], ...] = ()) -> list[str]:
    """Lemmatised content words of ``text``, in order, without duplicates, stop words or case words."""
    out: list[str] = []
    text = _FILE_A_CASE.sub(lambda m: " " * len(m.group(0)), text)
    for m in _WORD.finditer(text):
        if any(s <= m.start() < e for s, e in skip_spans):
            continue
        raw = m.group(0).lower().strip(".-'")
        if len(raw) > 30:  # not a word (a hash, a token, a run of letters)
            continue
        if re.fullmatch(r"[a-z]{1,2}\d*", raw) and raw not in {"pc", "ad", "hr", "it", "tv", "ui"} \
                and not (re.fullmatch(r"[A-Z]{2}", m.group(0)) and raw not in _NOT_INITIALS):
            continue   # (two capitals are initials: "the PA keeps cutting out", "AV in room 3")
        if raw in STOP or raw in CASE_WORDS or re.search(r"\d", raw) and not re.search(r"[a-z]{2}", raw):
            continue
        if "'" in raw:
            if raw.endswith(("n't", "n’t")):
                continue
            raw = raw.split("'")[0]
            if raw in STOP or raw in CASE_WORDS:
                continue
        lemma = lemmatise(raw)
        if lemma in STOP or lemma in CASE_WORDS or len(lemma) < 2 or lemma == "it":
            continue
        if lemma not in out:
            out.append(lemma)
    return out


def as_typed(text: str, words: list[str]) -> list[str]:
    """The person's own words behind search `words` (lemmas, or typo mends of them), in the order typed: what a reply
    quotes ("slack release" rather than "slack releas release"). A lemma that none of the typed words gives is left
    out; with none found, `words` themselves."""
    wanted = {w.casefold() for w in words}
    out: list[str] = []
    for m in _WORD.finditer(text or ""):
        typed = m.group(0)
        if (typed.casefold() in wanted or lemmatise(typed.casefold()) in wanted) and typed not in out:
            out.append(typed)
    return out or list(words)
