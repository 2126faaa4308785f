"""Turn a raw chat message into the canonical text the classifiers see.

The classifiers are bag-of-n-grams models over words, so whatever makes two ways of writing the same thing
look alike helps them generalise: lower case; case references become the token ``casenum`` and other
numbers ``num``; URLs and e-mail addresses become ``url``/``email``; contractions are expanded
("doesn't" -> "does not", "cant" -> "can not"); chat slang is spelled out ("pls" -> "please",
"thx" -> "thanks"); stretched words are squeezed ("pleeease"); and, last, a typo corrector (typos.py) maps an
unknown word to a known one at edit distance 1 (Damerau: one insertion, deletion, substitution or
transposition), using the vocabulary of the training data (stored with the model, so parse and training agree).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .entities import find_case_refs
from .glossary import gloss
from .lexicon import BROKEN_CUES, IT_TERMS, REQUEST_CUES
from .typos import EXTRA_WORDS, TypoCorrector
from .words import STOP, lemmatise

CASE_TOKEN = "casenum"
IT_TOKEN = "itterm"  # follows any word of lexicon.IT_TERMS
USE_IT_TERMS = True
BROKEN_TOKEN = "brokecue"  # follows a word of lexicon.BROKEN_CUES
WANT_TOKEN = "wantcue"  # follows a word of lexicon.REQUEST_CUES
USE_CUES = True
NUMBER_TOKEN = "num"

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NUMBER = re.compile(r"[$€£]?\d+(?:[.,:/\-]\d+)*(?:%|st|nd|rd|th|am|pm|k|gb|mb|tb)?", re.I)
_REOPEN = re.compile(r"\bre[\s\-]+open")
# Phrases whose meaning a bag of single words loses: "the issue is back" (returned) is not "the back door";
# "any update on X" asks for news while "update my ticket with X" or "i have an update for my ticket: X"
# adds information.
_PHRASES = [
    (re.compile(r"\b(is|are|was|were|it's|its|came|come|comes|coming|be)\s+back\b(?!\s+(?:to|up|on|in)\b)"), r"\1 returned"),
    (re.compile(r"\bback\s+again\b"), "returned again"),
    (re.compile(r"\b(post|add|send|share|have|got|give|giving)\s+(an?\s+|some\s+|more\s+|the\s+|this\s+)?"
                r"(?:update|info|information|details)\b"), r"\1 \2addinfo"),
    (re.compile(r"\bupdates?\s+(on|about|for|regarding|re|from)\b"), r"news \1"),
    (re.compile(r"\b(any|latest|status|no)\s+updates?\b"), r"\1 news"),
]
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[?!]|:(?=\s*\w)|\s-\s(?=\s*\w)")
# "add to case 12: the printer..." - a colon (or a spaced dash) before more text often introduces a payload.
SEPARATOR_TOKEN = "colon"
_EMOJI = {
    "👍": " thumbsup ", "🙏": " thanks ", "🙂": " smile ", "😊": " smile ", "😀": " smile ", "😄": " smile ",
    "😃": " smile ", "❤️": " love ", "❤": " love ", "😡": " angry ", "😠": " angry ", "👋": " hello ",
    "🎉": " yay ", "😂": " lol ", "🤣": " lol ", "😢": " sad ", "😭": " sad ", "🔥": " fire ",
}
# Slack writes emoji as shortcodes (":pray:"); the known ones read like their emoji, the others are dropped, so
# their colons never become the payload separator.
_SHORTCODE = re.compile(r"(?<![\w:]):([+\-]1|[a-z0-9_+'\-]*[a-z_][a-z0-9_+'\-]*):(?![\w:])", re.I)
_SHORTCODES = {
    "+1": "thumbsup", "thumbsup": "thumbsup", "pray": "thanks", "slightly_smiling_face": "smile", "smile": "smile",
    "smiley": "smile", "blush": "smile", "grinning": "smile", "relaxed": "smile", "wave": "hello",
    "heart": "love", "tada": "yay", "joy": "lol", "rofl": "lol", "cry": "sad", "sob": "sad", "fire": "fire",
    "rage": "angry", "angry": "angry",
}
_CONTRACTIONS = {
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not", "wont": "will not",
    "ain't": "is not", "shan't": "shall not", "i'm": "i am", "im": "i am", "ive": "i have", "i've": "i have",
    "it's": "it is", "its": "it is", "that's": "that is", "thats": "that is", "what's": "what is",
    "whats": "what is", "how's": "how is", "hows": "how is", "where's": "where is", "wheres": "where is",
    "there's": "there is", "theres": "there is", "let's": "let us", "lets": "let us", "who's": "who is",
    "you're": "you are", "youre": "you are", "we're": "we are", "they're": "they are", "i'll": "i will",
    "i'd": "i would", "you've": "you have", "we've": "we have", "y'all": "you all", "ya'll": "you all",
}
_NOT_FORMS = {"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
              "shouldnt", "couldnt", "wouldnt", "mustnt", "neednt"}
SLANG = {
    "pls": "please", "plz": "please", "plse": "please", "plox": "please", "pleas": "please", "pl": "please",
    "thx": "thanks", "thnx": "thanks", "tnx": "thanks", "thanx": "thanks", "thks": "thanks", "ty": "thanks",
    "tysm": "thanks", "tyvm": "thanks", "thankyou": "thanks", "thank": "thanks", "thankss": "thanks",
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "r": "are", "y": "why", "k": "ok", "kk": "ok",
    "okay": "ok", "okey": "ok", "okie": "ok", "nvm": "nevermind", "nm": "nevermind", "nevermind": "nevermind",
    "b4": "before", "bc": "because", "cuz": "because", "coz": "because", "cos": "because", "wrt": "about", "abt": "about", "msg": "message", "pwd": "password",
    "pw": "password", "passwd": "password", "acct": "account", "tkt": "ticket", "tix": "ticket", "tic": "ticket",
    "incident": "incident", "sr": "ticket", "req": "request", "reqs": "requests", "rn": "now", "atm": "now",
    "asap": "asap", "pronto": "asap", "hiya": "hi", "heya": "hey", "hii": "hi", "helo": "hello", "hallo": "hello",
    "gm": "good morning", "gn": "good night", "wassup": "whats up", "sup": "whats up", "yo": "hey",
    "idk": "i do not know", "dunno": "do not know", "gonna": "going to", "wanna": "want to",
    "gotta": "have to", "gimme": "give me", "lemme": "let me", "tmrw": "tomorrow", "tmr": "tomorrow",
    "2moro": "tomorrow", "2day": "today", "tdy": "today", "yday": "yesterday", "pc": "computer", "mins": "minutes",
    "info": "information", "laptop's": "laptop", "wifi": "wifi", "wi": "wi", "tho": "though", "thru": "through",
    "cya": "bye", "bbl": "bye", "ttyl": "bye", "gtg": "bye", "brb": "bye", "whatsup": "whats up",
    "plzz": "please", "pleaseee": "please", "thnks": "thanks", "thanku": "thanks", "smth": "something",
    "sth": "something", "sb": "somebody", "ppl": "people", "yr": "your", "ive": "i have", "dont": "do not",
}


_SIGN_OFF = frozenset("thanks thank you so much a lot very many cheers regards kind best ta appreciated appreciate it "
                      "please smile thumbsup !".split())


def _squeeze(word: str) -> str:
    """Collapse letters repeated three or more times to two ("pleeease" -> "pleease")."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word)


def pre_normalise(text: str) -> list[str]:
    """Every step except typo correction: lower-cased canonical tokens of ``text``."""
    refs = find_case_refs(text)
    # Replace case references right to left so that the spans stay valid.
    for start, end in sorted(refs.spans, reverse=True):
        chunk = text[start:end]
        prefix = "case " if re.match(r"[A-Za-z]", chunk) and not chunk.startswith("500") else ""
        text = f"{text[:start]} {prefix}{CASE_TOKEN} {text[end:]}"
    text = _URL.sub(" url ", text)
    text = _EMAIL.sub(" email ", text)
    text = _SHORTCODE.sub(lambda m: f" {_SHORTCODES.get(m.group(1).lower(), '')} ", text)
    for emoji, word in _EMOJI.items():
        if emoji in text:
            text = text.replace(emoji, word)
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = _REOPEN.sub("reopen", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _NUMBER.sub(f" {NUMBER_TOKEN} ", text)
    out: list[str] = []
    for tok in gloss(_TOKEN.findall(text)):   # a message in another language is read in English (glossary.py)
        if tok == ":" or tok.strip() == "-":
            out.append(SEPARATOR_TOKEN)
            continue
        tok = _squeeze(tok)
        if tok in _CONTRACTIONS:
            out.extend(_CONTRACTIONS[tok].split())
            continue
        if tok.endswith("n't"):
            out.extend([tok[:-3] or "not", "not"] if tok[:-3] else ["not"])
            continue
        if tok in _NOT_FORMS:
            out.extend([tok[:-2], "not"])
            continue
        if "'" in tok:
            head, _, tail = tok.partition("'")
            out.append(head)
            if tail in {"ll", "ve", "re", "d", "m"}:
                out.append({"ll": "will", "ve": "have", "re": "are", "d": "would", "m": "am"}[tail])
            continue
        if tok in SLANG:
            out.extend(SLANG[tok].split())
            continue
        out.append(tok)
    # "is 1234 still open - thanks": a separator before nothing but a sign-off introduces no payload.
    if SEPARATOR_TOKEN in out:
        last = len(out) - 1 - out[::-1].index(SEPARATOR_TOKEN)
        if last >= 2 and last + 1 < len(out) and all(t in _SIGN_OFF for t in out[last + 1:]):
            del out[last]
    return out


class Normaliser:
    """``pre_normalise`` followed by slang and typo correction against a known vocabulary."""

    def __init__(self, vocabulary: Counter[str] | dict[str, int], *, lemmas: bool = True) -> None:
        self.corrector = TypoCorrector(vocabulary)
        self.lemmas = lemmas
        self.it_terms = USE_IT_TERMS
        self.cues = USE_CUES

    @staticmethod
    def build_vocabulary(texts: Iterable[str]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(t for t in pre_normalise(text) if t.isalpha())
        counts.update(EXTRA_WORDS)
        return counts

    def canonical_tokens(self, text: str) -> list[str]:
        """Pre-normalised tokens with typos corrected (what rules read)."""
        out = []
        for tok in pre_normalise(text):
            fixed = self.corrector.correct(tok)
            if fixed != tok and fixed in SLANG:
                fixed = SLANG[fixed]
            out.extend(fixed.split())
        return out

    def features(self, tokens: list[str]) -> str:
        """The classifier's input: each token, followed by its lemma when that differs ("closed close")."""
        out = []
        for word in tokens:
            out.append(word)
            if self.lemmas and word not in STOP:
                lemma = lemmatise(word)
                if lemma != word:
                    out.append(lemma)
            if self.it_terms and word in IT_TERMS:
                out.append(IT_TOKEN)
            if self.cues and word in BROKEN_CUES:
                out.append(BROKEN_TOKEN)
            if self.cues and word in REQUEST_CUES:
                out.append(WANT_TOKEN)
        return " ".join(out)

    def __call__(self, text: str) -> str:
        return self.features(self.canonical_tokens(text))
