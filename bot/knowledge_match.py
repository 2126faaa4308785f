"""Which Knowledge articles fit a message (design decision 13): the search terms for the one SOSL call, and the
ranking of what it returns, with a confidence bar below which nothing is shown (a wrong answer costs more than
none).

Search terms: the message's keywords (intents' lemmas) and, for the words people use where articles use others,
the article's words from a small table of IT short forms and everyday phrasings (`SYNONYMS`: "pw" -> password,
"auto reply" -> automatic replies, "kicking me out" -> disconnects). Words are compared by lemma
(intents.words.lemmatise), so "swapped" meets "swap" and "notifications" meets "notification".

Ranking: every content word of the message is a concept (the word and its synonyms). A concept found in an
article's title counts 3, in its summary 2, in the search snippet (the body around the words found) 1, summed;
a topic word (the product or device a dozen articles share: laptop, phone, Outlook, printer, password...) counts
half, and words that tell nothing apart (`_WEAK`) nothing. An article is shown only when its score reaches
`BAR` and a concept that is not a topic word is in its title or summary: one shared generic word ("phone",
"printer") never shows an article, however often it appears; one specific word in both title and summary only when
more of the message's own specific words are in the article than not.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from intents.words import lemmatise
from servicecloud.articles import Article

BAR = 4.0                    # the least score shown (with the first-result bonus): e.g. two topic words in the title
RELATIVE = 0.5               # further articles only when they score at least this share of the best one
_TITLE, _SUMMARY, _BODY = 3.0, 2.0, 1.0
_FIRST_BONUS = 1.0
_WORD = re.compile(r"[0-9a-z]+(?:\+\+)?")
_HYPHENATED = re.compile(r"\b[0-9a-z]+(?:-[0-9a-z]+)+\b")

# Words too common in IT problems to tell articles apart.
_WEAK = frozenset({
    "work", "working", "issue", "problem", "help", "need", "get", "use", "using", "try", "want", "error", "fix",
    "broken", "computer", "pc", "today", "please", "thing", "can", "cannot", "still", "new", "since", "keep",
    "show", "say", "set", "make", "go", "know", "time", "day", "company", "desk",
    "service", "come", "look", "find", "ask", "change", "start", "open", "add", "way", "tell", "able", "like",
    "sort", "single", "every", "next", "last", "week", "month", "year", "hour", "minute", "min", "morning", "num",
    "first", "move", "anymore", "again", "long", "someone", "everyone", "anything", "everything", "wait",
    "page", "file", "folder", "floor", "main", "proper", "normal", "real", "people", "person", "team",
    "office", "windows", "system", "support", "it", "com", "example", "wrong", "never", "always", "tool",
    "right", "sure", "well", "good", "bad", "big", "small", "fine", "yesterday", "tomorrow", "lately", "age",
    "anywhere", "bunch", "myself", "button", "sooo", "soo", "really",
})
# Words many articles share (the device or application a problem is about, or the task it failed at: connect,
# sign in, install): they sort articles but never fit one on their own; two of them in a title do ("won't connect
# to the VPN" and "Connect to the VPN from home").
_TOPIC = frozenset({
    "laptop", "phone", "mobile", "email", "mail", "outlook", "printer", "print", "password", "account", "network",
    "teams", "meeting", "call", "screen", "app", "application", "software", "access", "vpn", "wifi", "internet",
    "sign", "login", "install", "request", "office", "microsoft", "device", "mac", "badge", "code", "link",
    "connect", "connection",
})
_TOPIC = _TOPIC | frozenset(lemmatise(w) for w in _TOPIC)   # compared by lemma: "meeting" is "meet"
# People's words -> the words articles use (both sides are compared by lemma). IT short forms and everyday
# phrasings only: nothing here names one article.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "pw": ("password",), "pwd": ("password",), "passwd": ("password",), "passcode": ("password",),
    "login": ("sign",), "logon": ("sign",), "signin": ("sign",),
    "expire": ("reset", "expired"), "forgot": ("forget",),
    "kick": ("disconnect", "drop"), "disconnect": ("drop",), "drop": ("disconnect",), "cut": ("disconnect", "drop"),
    "remote": ("vpn",), "globalprotect": ("vpn",), "anyconnect": ("vpn",),
    "wireless": ("wifi",), "wlan": ("wifi",), "internet": ("wifi",),
    "visitor": ("guest",), "supplier": ("guest", "visitor"), "contractor": ("guest", "visitor"),
    "auto": ("automatic",), "autoreply": ("automatic", "reply"), "ooo": ("out-of-office", "automatic"),
    "vacation": ("out-of-office",), "holiday": ("out-of-office",),
    "tries": ("attempt",), "try": ("attempt",),
    "iphone": ("phone",), "android": ("phone",), "smartphone": ("phone",), "cell": ("phone",),
    "2fa": ("mfa",), "authenticator": ("mfa",), "popup": ("prompt", "notification", "push"),
    "approve": ("push", "prompt"),
    "screen": ("monitor", "display"), "monitor": ("display", "screen"), "display": ("monitor", "screen"),
    "headphone": ("headset",), "earphone": ("headset",), "earbud": ("headset",), "mic": ("microphone",),
    "sound": ("speaker", "audio"), "audio": ("speaker", "sound"),
    "present": ("share", "screen"), "presenting": ("share", "screen"), "powerpoint": ("share",),
    "upload": ("sync",), "cross": ("sync",),
    "freeze": ("crash",), "hang": ("crash",),
    "licence": ("license", "activate", "unlicensed"), "license": ("licence", "activate", "unlicensed"),
    "unlicens": ("activate",), "activation": ("activate",),
    "smash": ("broken", "cracked"), "crack": ("broken", "cracked"), "shatter": ("broken", "cracked"),
    "swap": ("replacement",), "replace": ("replacement", "swap"),
    "joiner": ("starter", "onboarding"), "hire": ("starter", "onboarding"),
    "onboard": ("starter", "onboarding"),
    "trackpad": ("mouse",), "touchpad": ("mouse",), "wrist": ("ergonomic",),
    "drive": ("disk",), "storage": ("disk", "space"), "full": ("space",),
    "entrance": ("door",), "sluggish": ("slow",), "laggy": ("slow",),
}
# Phrases (on the raw text) -> the words articles use.
_PHRASES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple((re.compile(p, re.I), words) for p, words in (
    (r"\b(?:auto[\s-]?repl(?:y|ies)|automatic\s+repl(?:y|ies)|out[\s-]+of[\s-]+(?:the\s+)?office|away\s+message)\b",
     ("automatic", "reply", "out-of-office")),
    (r"\b(?:kick(?:s|ed|ing)?\s+me\s+(?:out|off)|keeps?\s+dropping|cuts?\s+out)\b", ("disconnect", "drop")),
    (r"\b(?:log(?:ged|ging)?|sign(?:ed|ing)?)\s*(?:in|on)\b", ("sign",)),
    (r"\b(?:closes?|shuts?)\s+(?:itself|down\s+by\s+itself)\b", ("crash",)),
    (r"\b(?:new\s+(?:person|hire|starter|joiner|colleague|employee)|joining\s+(?:my|our|the)\s+team)\b",
     ("starter", "onboarding")),
    (r"\bremote\s+(?:connection|access)|company\s+network\b", ("vpn",)),
    (r"\bstay\s+black|black\s+screen|no\s+(?:picture|display)\b", ("monitor", "display")),
))


@dataclass(frozen=True)
class _Concept:
    lemmas: frozenset[str]
    weight: float
    phrase: bool = False         # from a phrase of the message (_PHRASES), not one of its own words


def _lemmas(text: str) -> set[str]:
    """The text's words by lemma, a hyphenated word also joined ("Wi-Fi" is "wifi", "e-mail" "email")."""
    folded = text.casefold()
    return {lemmatise(w) for w in _WORD.findall(folded)} | {lemmatise(w.replace("-", ""))
                                                            for w in _HYPHENATED.findall(folded)}


def _concepts(text: str, keywords: Sequence[str]) -> list[_Concept]:
    out: list[_Concept] = []
    for kw in keywords:
        for word in _WORD.findall(kw.casefold()):
            lemma = lemmatise(word)
            if lemma in _WEAK or word in _WEAK or len(lemma) < 2:
                continue
            group = {lemma, word} | {lemmatise(s) for s in SYNONYMS.get(lemma, SYNONYMS.get(word, ()))}
            out.append(_Concept(frozenset(group), 0.5 if lemma in _TOPIC else 1.0))
    for rx, words in _PHRASES:
        if rx.search(text):
            out.append(_Concept(frozenset(lemmatise(w) for w in words), 1.0, phrase=True))
    return out


def search_terms(text: str, keywords: Sequence[str]) -> list[str]:
    """The SOSL terms for a message: its keywords, then the article words its synonyms and phrases stand for."""
    terms = [k for k in keywords if k]
    extra: list[str] = []
    for kw in keywords:
        for word in _WORD.findall(kw.casefold()):
            extra.extend(SYNONYMS.get(lemmatise(word), SYNONYMS.get(word, ())))
    for rx, words in _PHRASES:
        if rx.search(text):
            extra.extend(words)
    for word in extra:
        if word not in terms:
            terms.append(word)
    return terms


def score(concepts: Sequence[_Concept], article: Article) -> tuple[float, bool]:
    """The article's score for these concepts, and whether it is anchored: two specific (not topic) concepts in
    its title or summary, or two concepts in its title, or the message's one or two specific concepts meeting
    one of them in both title and summary (one word shared with a long message is a weak match, however often
    the article repeats it)."""
    title, summary, body = _lemmas(article.title), _lemmas(article.summary), _lemmas(article.snippet or "")
    total, head, in_title, both, met, unmet = 0.0, 0, 0, 0, 0, 0
    specific = sum(c.weight == 1.0 for c in concepts)
    for c in concepts:
        t, m, b = bool(c.lemmas & title), bool(c.lemmas & summary), bool(c.lemmas & body)
        total += (_TITLE * t + _SUMMARY * m + _BODY * b) * c.weight
        in_title += t
        if c.weight == 1.0:
            head += t or m
            both += t and m
            met += t or m or b
            unmet += not (t or m or b or c.phrase)
    # one word in title and summary fits only when more of the message's own specific words are in the article than
    # not ("the projector in room 4 has no signal" is not "Book a meeting room": projector and signal are missing)
    return total, head >= 2 or in_title >= 2 or (both >= 1 and specific <= 3 and unmet <= met)


def choose(text: str, keywords: Sequence[str], found: Sequence[Article], limit: int) -> list[Article]:
    """The articles to show for a message, best first (at most `limit`; none when none reaches the bar)."""
    concepts = _concepts(text, keywords)
    if not concepts:
        return []
    scored = []
    for i, article in enumerate(found):
        s, anchored = score(concepts, article)
        s += _FIRST_BONUS if i == 0 else 0.0      # the search's own ranking (it reads the whole body) breaks ties
        if anchored and s >= BAR:
            scored.append((-s, i, article))
    scored.sort(key=lambda t: (t[0], t[1]))
    if not scored:
        return []
    best = -scored[0][0]
    return [a for s, _, a in scored if -s >= best * RELATIVE][:limit]
