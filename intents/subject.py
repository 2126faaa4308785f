"""A case Subject a help-desk agent would write: the sentence that states the problem, and nothing else.

    summarize("Morning! Hope the weekend was good 🙂 Since Friday's patch my PC needs a quarter of an hour "
              "to start… Thanks so much, Maria")
    -> "Since Friday's patch my PC needs a quarter of an hour to start"

Rules only (no model): the message is split into sentences (also at emoji and line breaks); sentences that
are only greetings, pleasantries, venting, sign-offs or pleas for help are dropped; leading courtesies and
urgency tags ("Hi Sam,", "sorry to bother you but", "URGENT:", "not urgent, but", "could you please") are cut
from the rest; the earliest sentence with nearly as many problem cues (what fails, on what) as the best one
wins (people lead with the problem, then add symptoms and what they tried). It is cut to ``target`` characters at
a clause or word boundary, never over ``hard_max``. The Description keeps the whole message (bot/).
"""
from __future__ import annotations

import re

from .courtesy import ASK as _ASK
from .courtesy import DROP as _DROP
from .courtesy import GREETING as _GREETING
from .courtesy import LEAD as _LEAD
from .courtesy import SIGN_OFF as _SIGN_OFF
from .courtesy import TAIL as _TAIL
from .lexicon import BROKEN_CUES, IT_TERMS, ORDINARY_TOO, REQUEST_CUES
from .paste import prose
from .urgency import SENDING, calm_phrase_free, impact_phrase, says_time_ahead, security_phrase, urgency
from .words import STOP as STOP_WORDS
from wordfreq import zipf_frequency

TARGET = 80
HARD_MAX = 120

_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F"
# Sentence ends: . ! ? … (not inside 1.5 or a.b), a line break, an emoji, a Slack :emoji: code.
# An emoji between a thing and what it does ("phones 📞 are completely dead"): decoration inside the sentence, no end.
_EMOJI_INSIDE = re.compile(rf"(?<=\w)\s*(?:[{_EMOJI}]+|:[a-z_+-][a-z0-9_+-]*:)\s*(?-i:(?=[a-z]))(?=(?:are|is|was|were|has|have|had|keeps?|kept|won'?t|don'?t|"
                           r"doesn'?t|isn'?t|aren'?t|can'?t|cannot|not|stopped|still|just|went|gone|crashed|froze|died)\b)",
                           re.IGNORECASE)
_SPLIT = re.compile(rf"(?<=[.!?…])\s+|(?<=[!?…])(?=\w)|(?<=[。！？])\s*|\n+|\s*[{_EMOJI}]+\s*|(?<![\d:])\s*:[a-z_+-][a-z0-9_+-]*:\s*|\s+-{{2,}}\s+")
_MENTION = re.compile(r"<[@#!][^>]*>|(?<!\S)@[\w.-]+")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
_NEGATION = re.compile(r"\b(?:can'?t|cannot|won'?t|wont|doesn'?t|doesnt|don'?t|isn'?t|isnt|aren'?t|didn'?t|didnt|not|no\s+longer|"
                       r"unable|never|nothing|nobody|no\s+one|none\s+of|stopped\s+(?:working|responding|loading|charging|syncing)|"
                       # thrown out of what one was using: "Bullhorn has logged me out SIX times"
                       r"(?:logs?|logged|logging|kicks?|kicked|kicking|throws?|threw|boots?|booted|signs?|signed)\s+"
                       r"(?:me|us|everyone|everybody|people|them|him|her)\s+out)\b", re.IGNORECASE)
_PROBLEM = re.compile(r"\b(?:takes?|taking|keeps?|since|every\s+time|whenever|error|again|anymore|"
                      r"any\s+more|only|still(?=\s+(?:not\b|\w+n'?t\b|\w+ing\b)))\b", re.IGNORECASE)
# Words a cut subject should not end on.
_DANGLING = frozenset("a an the my our your their his her its to of for in on at by with from and or but so "
                      "that which who when since because if as is are was were be been it this than then "
                      "very really just also even claiming saying asking pretending telling".split())


_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")


_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+(?=\S)")


def _join_lists(text: str) -> str:
    """"she will need:\n- a laptop\n- an email account" -> "she will need: a laptop, an email account": a
    bulleted list under a line that announces it is part of that line's sentence."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        j, items = i + 1, list[str]()
        if line.rstrip().endswith(":"):
            while j < len(lines) and (not lines[j].strip() and not items or _BULLET.match(lines[j])):
                if lines[j].strip():
                    items.append(_BULLET.sub("", lines[j]).strip().rstrip(";,."))
                j += 1
        if items:
            out.append(f"{line.rstrip()} {', '.join(items)}")
            i = j
        else:
            out.append(line)
            i += 1
    return "\n".join(out)


def sentences(text: str) -> list[str]:
    """The message's sentences (emoji, :codes:, line breaks and end punctuation split them; URLs and e-mail
    addresses are kept whole; pasted log lines are not sentences: paste.py; a bulleted list announced by a
    line ending in ":" belongs to that line)."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _EMOJI_INSIDE.sub(" ", _MENTION.sub(" ", _URL.sub(keep, _join_lists(prose(text or "")))))
    parts = (re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], p).strip() for p in _SPLIT.split(text) if p)
    return [p for p in parts if re.search(r"\w", p)]


# An aside in brackets ("(we're now next to the kitchen, which is lovely lol)"), closed or running to the end.
_ASIDE = re.compile(r"(?<=\s)\([^()]*(?:\)|$)")       # "f('x')", "item(s)": not asides


_WHEN_ONLY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|"
                        r"july|august|september|october|november|december)\b", re.IGNORECASE)


def _informative(aside: str) -> bool:
    """An aside that names the thing ("(Zebra ZT410)", "(the HP one)"): kept; chatter is dropped."""
    aside = _WHEN_ONLY.sub(" ", aside)   # "(starts Monday)": when, not what
    return bool(re.search(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d-]{2,}\b|\b(?!I\b|I'|OK\b|BTW\b)[A-Z][\w-]+"
                          r"|\b[a-z]{1,3}[A-Z][\w-]*", aside))   # "(eMaint)", "(iPad)": a product's own casing


# Said in passing, anywhere in a sentence: "kindly" ("I would kindly like to request ..."), laughter ("... dead again lol
# no music").
_INTERJECTION = re.compile(r"(?<=\w)\s+kindly\b(?=\s+\w)|\s*(?<![\w'-])(?:lol+|lmao+|lmfao|rofl|(?:ha){2,}h?|(?:he){2,})"
                           r"(?![\w'-])"
                           # a swear word before what it swears at: "the bloody feeding chart tablet", "this damn VPN"
                           # ("a bloody nose" is said of a nose)
                           r"|(?:(?<=\w)(?<!\ba)\s+|^)bloody(?=\s+[\w'-])|(?:(?<=\w)\s+|^)(?:damn|"
                           r"damned|dang|darn|darned|flippin[g']?|freakin[g']?|friggin[g']?|frickin[g']?|fuckin[g']?|"
                           r"f[*#@]+(?:in[g']?|ing)|effin[g']?|sodding|bleeping|blasted|stupid|godforsaken|wretched|useless)"
                           r"(?=\s+[\w'-])"
                           # a thing vented at, then what it does: "this handheld is doing my head in, wont sync PODs"
                           r"|(?<=\w)\s+(?:is|'s|’s|are|keeps)\s+(?:doing\s+my\s+head\s+in|driving\s+me\s+(?:crazy|nuts|mad|"
                           r"insane|up\s+the\s+wall)|killing\s+me)\W*?(?=\s+[\w'-])", re.IGNORECASE)


def _clean(sentence: str) -> str:
    """A sentence without asides in brackets, leading courtesies/tags and trailing pleas."""
    s = " ".join(sentence.split())
    unbracketed = _ASIDE.sub(lambda m: m.group(0) if _informative(m.group(0)) else " ", s).strip()
    if len(unbracketed.split()) >= 2:
        s = " ".join(unbracketed.split())
    for _ in range(4):
        m = _LEAD.match(s)
        if not m or m.end() == 0 or len(s[m.end():].split()) < 2:
            break
        s = s[m.end():]
    s = _INTERJECTION.sub("", s).strip() or s
    m = _ASK.match(s)
    if m and len(s[m.end():].split()) >= 2:
        s = s[m.end():].rstrip("? ")
    s = _TAIL.sub("", s).strip()
    return s.strip(" ,;:-–—").rstrip(".!… ").strip()


def is_courtesy(sentence: str) -> bool:
    """True for a sentence that is only a greeting, pleasantry, venting, sign-off, name or plea."""
    return bool(_DROP.match(" ".join(sentence.split())))


# A sentence announcing a list by its first words: "my new QA laptop has some problems: no admin rights, ...".
_ANNOUNCES = re.compile(r"^(?:\S+\s+){2,12}?\S+:\s")
# Where a story turns to what went wrong: "Unfortunately ...", "However, since Monday ...", "The problem is ...".
_TURN = re.compile(r"^\W*(?:unfortunately|sadly|however|but\s+now|but\s+today|now|the\s+(?:problem|issue|trouble)\s+is|"
                   r"the\s+thing\s+is)\b", re.IGNORECASE)
# "never mind" takes something back: its "never" is no fault.
_NEVER_MIND = re.compile(r"\bnever\s*mind\b|\bno\s+(?:problem|probs|worries)(?:\s+at\s+all)?\b", re.IGNORECASE)   # and "no problem"


# Someone asked to do something themselves: "I'll get her to message you herself" asks IT for nothing.
_GET_SOMEONE_TO = re.compile(r"\b(?:get|getting|got)\s+(?:her|him|them|someone|somebody|my\s+\w+|the\s+\w+|[A-Z]\w+)\s+to\b")


def _score(sentence: str) -> int:
    sentence = calm_phrase_free(_NEVER_MIND.sub(" ", sentence))   # "not the end of the world" says how urgent, not what
    sentence = _GET_SOMEONE_TO.sub(" to", sentence)
    words = [w.casefold().strip("'’") for w in _WORD.findall(sentence)]
    score = 0
    score += 3 * sum(1 for w in words if w in IT_TERMS)
    score += 2 * sum(1 for w in words if w in BROKEN_CUES or w in REQUEST_CUES)
    wrong = _WRONG_OUTPUT.findall(sentence)   # "instead of" hints; "a white screen", "double books" state the fault
    score += 2 * len(_NEGATION.findall(sentence)) + len(_PROBLEM.findall(sentence)) + sum(
        1 if w.casefold().startswith("instead") else 2 for w in wrong)
    if len(words) >= 4:
        score += 1
    if sentence.rstrip().endswith("?") and score < 3:
        score -= 1  # a question without problem words is usually a plea ("could you check?")
    return score


def problem_sentences(text: str) -> list[str]:
    """The sentences that may state the problem (courtesies dropped, leading/trailing courtesies cut)."""
    out: list[str] = []
    said = sentences(text)
    for at, s in enumerate(said):
        if out and _SIGN_OFF.match(s):
            break               # "Kind regards, / Dr Eleanor Whitfield / QA Laboratory": the signature
        cleaned = _clean(s)
        if at == 0 and len(said) > 1 and _name_alone(cleaned) and _POINTS_BACK.match(said[1]):
            out.append(cleaned)   # "Medisoft. It logs me out every few minutes": a system first, not a name signing
            continue
        if is_courtesy(s) and (cleaned == " ".join(s.split()) or _score(cleaned) < 3):
            continue            # "please help me with this" (but "pls help the scanner won't scan" states the problem)
        if (len(cleaned.split()) >= 2 or _name_alone(cleaned)) and not is_courtesy(cleaned):
            out.append(cleaned)
    return out if len(out) > 1 or not out or not _name_alone(out[0]) else []


def _name_alone(sentence: str) -> bool:
    """A sentence of one word that names a system: an IT term, or a word too rare to be ordinary speech ("bluebeam.
    crashes every time i open the site plan"), never an interjection ("argh.")."""
    words = sentence.strip(" .!?:;,").split()
    if len(words) != 1 or not re.fullmatch(r"[A-Za-z][\w.-]*", words[0]):
        return False
    word = words[0].casefold()
    return (word in IT_TERMS and word not in ORDINARY_TOO) or (zipf_frequency(word, "en") < 2.5 and len(word) >= 3
                                                              and not re.fullmatch(r"(.)\1+|(?:a+r+g+h+|u+g+h+|h+m+|e+r+m+)", word))


def says_what_is_wrong(text: str) -> bool:
    """True when a sentence of the message names a fault or a want (a negation, a broken or request word): "the key
    is with Marek, desk phone 2210" states a detail, not a problem."""
    return any(_NEGATION.search(s) or {w.casefold() for w in _WORD.findall(s)} & (BROKEN_CUES | REQUEST_CUES)
               for s in problem_sentences(text))


def states_problem(text: str) -> bool:
    """True when the message says something is wrong or wanted beyond its courtesies ("… could you check?
    Kind regards, Tom" does; "thanks so much, Tom!" does not)."""
    # a security scare states one however plainly told ("I've just sent the allocations spreadsheet to the whole first
    # year mailing list instead of the wardens")
    return any(_score(s) >= 3 for s in problem_sentences(text)) or security_phrase(text) is not None


# A whole sentence (at least `_HEADLINE_WORDS` words) scoring at least this share of the best states the
# problem about as well; the earliest such one is kept (people lead with the problem, then pile up symptoms
# and what they tried, which adds cue words but not a better summary).
_NEAR_BEST = 0.5
_HEADLINE_WORDS = 4


# A sentence opening on a word that points back ("It's a ThinkPad with client files on it", "They are all HP"):
# a detail about what an earlier sentence stated.
_POINTS_BACK = re.compile(r"^(?:it|it'?s|its|this|that|they|they'?re|these|those|both|which)\b", re.IGNORECASE)
# A sentence that only qualifies a fault stated before it ("even with nothing on them", "only when docked", "except the
# one by the door"): about that fault, not a fault of its own.
_QUALIFIES = re.compile(r"^\W*(?:even|except|apart\s+from|only\s+(?:when|if|on|in|with|after|before|for)|especially|"
                        r"particularly|mainly|mostly)\b", re.IGNORECASE)
# A sentence with no subject of its own, saying what must happen ("Needs fixing before then or we lose applicants"):
# about the problem an earlier sentence stated, whatever that one scored.
_WHAT_MUST = re.compile(r"^(?:needs?|has\s+to|have\s+to|must|should)\s+(?:be\s+)?(?:fix|sort|look|resolv|solv|done|working)\w*\b",
                        re.IGNORECASE)


# A sentence that introduces what a machine says ("keeps saying", "the screen shows:"): the next one is the machine's
# words, a detail of the problem the person stated, not the problem.
_INTRODUCES = re.compile(r"\b(?:say(?:s|ing)?|said|show(?:s|ing|ed)?|read(?:s|ing)?|display(?:s|ing|ed)?|"
                         r"pops?\s+up(?:\s+with)?|comes?\s+up\s+with|gives?\s+(?:me\s+)?(?:this|an?\s+error))\s*:?\s*$"
                         # "the planning tool throws this when I try to publish the rota:"
                         r"|\b(?:throws|throwing|threw|gives|giving|gave|get|getting|got|shows|showing|spits\s+out)\s+(?:me\s+|us\s+)?"
                         r"(?:this|the\s+following)\b(?!\s+\w+\s+(?:is|was)\b)",
                         re.IGNORECASE)


# What the person tried or does meanwhile ("I've turned it off and on again and checked the USB cable", "I'm just using
# the laptop for now"), or a plea to fix what was said ("would be nice to get it fixed"): about a problem stated before.
_TRIED = re.compile(r"^\W*(?:(?:so|and|also|already)\s+)?(?:i'?ve|i\s+have|we'?ve|we\s+have|i|we)\s+(?:already\s+|also\s+|even\s+)?"
                    r"(?:tried|turned|restarted|rebooted|checked|unplugged|replugged|reinstalled|cleared|swapped|changed|"
                    r"power[\s-]?cycled|reset|re-?seated|logged\s+out|updated)\b"
                    # said without who: "Tried Chrome and Edge, restarted the laptop, same thing."
                    r"|^\W*tried\b|\b(?:same\s+(?:thing|again|result|problem)|no\s+(?:luck|joy|change|difference))\W*$"
                    r"|\b(?:for\s+now|in\s+the\s+meantime|meanwhile|for\s+the\s+time\s+being)\W*$"
                    # how it is done meanwhile: "at the moment i copy it into excel by hand"
                    r"|^\W*(?:at\s+the\s+moment|currently|right\s+now|for\s+the\s+moment|until\s+then|at\s+present)\b[^.!?]{0,60}?"
                    r"\b(?:by\s+hand|manually|on\s+paper|myself|ourselves|have\s+to|having\s+to)\b"
                    r"|\b(?:get|have|got)\s+(?:it|this|that|them)\s+(?:fixed|sorted|looked\s+at|repaired|seen\s+to)\b"
                    # what follows if it stays broken: "the trucks won't get loaded if this isn't back soon"
                    r"|\bif\s+(?:this|it|that|they)\s+(?:isn'?t|is\s+not|aren'?t|doesn'?t|does\s+not|don'?t|stays?|remains?)\b",
                    re.IGNORECASE)


# What a machine says, quoted ("The Ricoh just says 'offline' on every PC"): a symptom of a fault stated before it.
_QUOTES_MACHINE = re.compile(r"\b(?:says?|saying|said|shows?|showing|displays?|reads?|gives?\s+(?:me\s+)?|getting)\s+"
                             r"(?:just\s+|only\s+)?(?:'[^']+'|\"[^\"]+\"|“[^”]+”|‘[^’]+’)"
                             # the message alone, labelled: "error 'licence server unavailable'"
                             r"|^\W*(?:error|error\s+message|message|msg|popup|pop-up)\s*:?\s*(?:'[^']+'|\"[^\"]+\"|“[^”]+”|‘[^’]+’)\W*$",
                             re.IGNORECASE)


# The person introducing themselves: "I'm the new maths tutor in the education department", "I've just started as".
_SELF_INTRO = re.compile(r"^(?:i'?m|i\s+am|this\s+is|my\s+name\s+is)\s+(?:[\w'-]+(?:\s+[\w'-]+)?\s*,\s*)?(?:(?:the|a|an|your)\s+)?new\b|^i(?:'ve|\s+have)\s+just\s+(?:started|joined)\b",
                         re.IGNORECASE)


def _weighed(candidates: list[str], *, clauses: bool = False) -> tuple[list[int], list[bool], list[bool]]:
    """Each candidate's score, halved where it is about a problem stated elsewhere (a detail pointing back at an earlier
    stated one, what was tried or done meanwhile, what a machine says, whom it affects or what it keeps someone from
    doing after the fault was stated; whom it affects before a thing's fault is stated), with which candidates state a
    fault and which are about whom it affects. Between `clauses` of one sentence, "it" points at the sentence's own
    subject ("I plugged my ToughBook into the dock, but it isn't charging"): no detail, the fault."""
    scores = [_score(c) for c in candidates]
    stated = [names_fault(c) and (clauses or sc >= 3) for c, sc in zip(candidates, scores, strict=True)]
    impact = [impact_phrase(c) is not None for c in candidates]
    led = [_led_by_whom(c) for c in candidates]
    # a fault of a thing stated anywhere (not whom it keeps from working, not what follows if it stays broken):
    # "Parents can't sign in. The kiosk just shows a white screen"
    of_a_thing = [st and not ld and not _TRIED.search(c) for c, st, ld in zip(candidates, stated, led, strict=True)]
    scores = [sc // 2 if (not clauses and _SELF_INTRO.match(c)) or (i and ((not clauses and _POINTS_BACK.match(c) and max(scores[:i]) >= 3) or _INTRODUCES.search(candidates[i - 1])
                                 or _WHAT_MUST.match(c) or _TRIED.search(c) or (_QUALIFIES.match(c) and any(stated[:i]))
                                 or ((_QUOTES_MACHINE.search(c) or impact[i] or _kept_from(c) or _WORKS_FINE.search(c)
                                      or (clauses and _QUOTED.search(c))) and any(stated[:i]))))
              or (led[i] and any(of_a_thing[j] for j in range(len(candidates)) if j != i))
              else sc for i, (c, sc) in enumerate(zip(candidates, scores, strict=True))]
    return scores, stated, impact


# Someone kept from doing something: "we can't do the safety briefing", "the auctioneer can't see any of their bids".
_UNABLE = re.compile(r"\b(?:can'?t|cannot|can\s+not|couldn'?t|(?:is|are|am)\s+unable\s+to|have\s+no\s+way\s+to)\b", re.IGNORECASE)


# A clause stating a fault scoring this share of the best clause is the fault, when it comes first.
_NEAR_BEST_CLAUSE = 0.7


def _headline_clause(clause: str) -> bool:
    """A fault said in a few words of its own subject ("The public payments line is down", "Checkout is broken")."""
    return (len(_WORD.findall(clause)) <= _HEADLINE_MAX_WORDS + 1 and names_fault(clause) and bool(_OWN_SUBJECT.match(clause))
            and not _STORY.search(clause) and not _POINTS_BACK.match(clause))


def _cause_of(chosen: str, clauses: list[str], sentence: str) -> str:
    """The clause before `chosen` when `chosen` is only what follows from it (", so the barcodes get cut off at the
    edge", its subject no IT thing) and that one names the IT thing at fault, with a subject of its own ("the Zebra
    printer ... has started printing everything shifted to the left"); else `chosen` ("my laptop was updated, so now
    Teams won't start")."""
    at = clauses.index(chosen) if chosen in clauses else 0
    if not at or _names_it(" ".join(chosen.split()[:3])) or not _names_it(clauses[at - 1]) \
            or not _OWN_SUBJECT.match(clauses[at - 1]) \
            or _STORY.search(clauses[at - 1]):
        return chosen
    start = sentence.find(chosen)
    return clauses[at - 1] if start > 0 and re.search(r",\s+so\s+(?:then\s+|now\s+)?$", sentence[:start]) else chosen


def _named_before(chosen: str, clauses: list[str], sentence: str) -> str:
    """`chosen` from the clause before it when it only points back at what that one named ("CALM takes five minutes to
    open, and it freezes whenever I run a report": "it" is CALM), so the Subject keeps the thing; else `chosen`."""
    at = clauses.index(chosen) if chosen in clauses else 0
    if at == 1 and _names_only_a_thing(clauses[0]) and re.search(r"\b(?:it|they)\b", chosen, re.IGNORECASE) \
            and sentence.startswith(clauses[0]):
        return sentence   # "Birth notification form on the intranet - when I press submit it just spins": "it" is the form
    if not at or not _POINTS_BACK.match(chosen) or _STORY.search(clauses[at - 1]) or not _OWN_SUBJECT.match(clauses[at - 1]) \
            or (start := sentence.find(clauses[at - 1])) < 0:
        return chosen     # "I got back from offshore and plugged my ToughBook in, but it isn't charging": a story before
    return sentence[start:]


def _names_only_a_thing(clause: str) -> bool:
    """A thing named in a few words, with where it is, and nothing said of it: no verb ("Birth notification form on the
    intranet", "the Zebra printer in goods in")."""
    said = clause.split()
    return 1 <= len(said) <= 8 and not _VERB.search(_MODIFIER.sub(" ", clause)) and not names_fault(clause) \
        and not clause.rstrip().endswith("?") and not {w.casefold() for w in said} & REQUEST_CUES


def _fault_clause(clauses: list[str]) -> str:
    """The clause of one long sentence that states the fault: the first stating one that scores nearly as well as the best
    ("LIMS is down for the whole section - nobody can log in, it just says 'Service Unavailable'"), else the best ("I got
    in, made a coffee, sat down, and the plotter prints pink"); weighed (`_weighed`): "PA has no sound at all - we can't do
    the safety briefing" is the fault, not what it keeps us from."""
    weights, stated, _ = _weighed(clauses, clauses=True)
    best = max(range(len(clauses)), key=lambda i: (weights[i], -i))
    first = next((i for i, (c, w, st) in enumerate(zip(clauses, weights, stated, strict=True))
                  if st and w >= _NEAR_BEST_CLAUSE * weights[best] and not _STORY.search(c)), best)
    return clauses[min(first, best)]


# Something said to work: "bookings go in fine, there's just no email", "the rest is OK".
_WORKS_FINE = re.compile(r"\b(?:goes|go|going|went|is|are|works?|working|loads?|prints?|comes?|runs?|seems?|looks?)\s+"
                         r"(?:in\s+|through\s+|out\s+)?(?:fine|ok|okay|normally|perfectly|as\s+normal)\b", re.IGNORECASE)


def _kept_from(clause: str) -> bool:
    """What a fault keeps someone from doing, with no IT thing named: a consequence, not the fault."""
    return bool(_UNABLE.search(clause)) and not _names_it(clause)


def headline(candidates: list[str]) -> str:
    """The problem sentence among `candidates`: the earliest whole sentence scoring near the best, weighed (`_weighed`)."""
    scores, stated, impact = _weighed(candidates)
    top = max(scores)
    for i, (c, sc) in enumerate(zip(candidates, scores, strict=True)):
        if i and sc >= 3 and _TURN.match(c) and sc >= max(scores[:i]):
            return c   # "Unfortunately the lecture capture did not record": the story turns to the problem here
    chosen = next(c for c, sc in zip(candidates, scores, strict=True)
                  if sc == top or (sc >= max(3, _NEAR_BEST * top) and len(c.split()) >= _HEADLINE_WORDS))
    at = candidates.index(chosen)
    if at and _STILL_OF_IT.search(chosen):
        # "The alarm system stopped sending texts overnight. Tank 2's lamp failed at 2am and nobody was alerted, and it's
        # still not sending anything now": "it" is what an earlier sentence said fails; that one is the headline
        told = next((c for c, st in zip(candidates[:at], stated[:at], strict=True)
                     if st and _OWN_SUBJECT.match(c) and len(c.split()) >= _HEADLINE_WORDS and not _STORY.search(c)), None)
        if told is not None:
            return told
    if not _names_it(chosen) and not names_fault(calm_phrase_free(chosen)):   # "we've got a new vet joining on the
        # 3rd. She'll need a laptop ...": the IT thing (not after a fault stated: "Click & collect orders have stopped
        # dropping into the store queue. Website is taking them fine ...")
        # (not whom a fault stated without an IT word affects: "WHY IS THE BOOKING SITE DOWN?! nobody can buy tickets")
        naming = [(sc, -i) for i, (c, sc) in enumerate(zip(candidates, scores, strict=True))
                  if _names_it(c) and not (impact[i] and stated[candidates.index(chosen)])]
        if naming and max(naming)[0] > scores[candidates.index(chosen)]:
            return candidates[-max(naming)[1]]
    return chosen


# A clause going on about the fault told before, by "it": "..., and it's still not sending anything now".
_STILL_OF_IT = re.compile(r"(?:\band|\bbut|,)\s+(?:it|they)(?:'s|’s|'re|\s+is|\s+are)?\s+still\b", re.IGNORECASE)
# What the person did before the fault, told: "we had a busy list and then after lunch when I went to print it off",
# "we came back from the site visit and after I had uploaded the photos".
_STORY = re.compile(r"\b(?:i|we)(?:'ve|’ve|\s+have)?\s+(?:just\s+|recently\s+)?(?:had|went|came|got|was|were|tried|sat|uploaded|"
                    r"finished|started|arrived|walked|logged|opened|turned|switched|plugged|moved|did|joined|transferred|"
                    r"been\s+(?:moved|transferred|put|asked|added|[a-z]+ing))\b"
                    # told without who, as in chat: "put the kettle on, had a look at the grand, then went to check ..."
                    r"|^\W*(?:then\s+)?(?:put|had|went|came|made|grabbed|sat|walked|arrived|finished|got\s+(?=in|into|to|back|"
                    r"here|there))\s*(?!(?:up|down)\b)\w"
                    # someone named came in, or the work under way: "and Jo came in early to run the panels", "we're
                    # midway through the Tosca fittings"
                    r"|(?:(?<=\band\s)|(?<=\bso\s))(?-i:[A-Z][a-z]+)\s+(?:came|arrived|walked|sat|tried)\b"
                    r"|\b(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:midway|halfway|partway|in\s+the\s+middle\s+of)\b"
                    # how it was before: "when we booked parts in on Monday everything was fine, then yesterday ..."
                    r"|\b(?:everything|it|all)\s+(?:was|were|worked)\s+(?:fine|ok|okay|good|working|normal)\b"
                    # or said in passing, between the steps told: "..., we weigh him in, all fine, then when ..."
                    r"|,\s+(?:all|everything)\s+(?:fine|good|ok|okay|normal)\s*(?:,|$)",
                    re.IGNORECASE)
# A clause that names its own subject (not "it won't connect", "just get 'Licence server unavailable'").
_OWN_SUBJECT = re.compile(r"^\W*(?!(?:it|its|it's|they|this|that|these|those|which|just|shows|says?|and|but|so|then)\b)"
                          # ("show relay to the dressing rooms is dead": a show's relay; "show me 'error 5'": what it shows)
                          r"(?!show\s+(?:me|us|him|her|them|a|an|the|that|this|no|nothing|only|just|['\"“‘])(?!\w))"
                          r"[\w'’-]+", re.IGNORECASE)


# Where a story sentence may turn to what it tells (`_after_the_story`): after a comma; before "and" with a want, a
# determiner or the thing by its name; before what was found then, or what happens each time.
_STORY_TURNS = (
    r",\s+(?=\S)|\s+and\s+(?=(?:(?:i|we|he|she|they)(?:'ll|\s+will)?\s+)?(?:need|needs|want|would\s+like|'d\s+like|"
    r"would\s+be\s+(?:grateful|glad|thankful)\s+if|would\s+appreciate)\b"
    r"|(?:i\s+)?(?:was|am|'m)\s+wondering\s+if\b|(?:i|we)\s+(?:could|can|might)\s+(?:please\s+)?(?:get|have)\b"
    r"|(?:the|our|my|all\s+the|every)\s+(?!(?:same|rest|whole|time|day|morning)\b))"
    r"|,?\s+who\s+(?=(?:will\s+|'ll\s+)?(?:also\s+)?(?:needs?|requires?)\b)"   # "..., Jamal Okoye, who needs a login"
    # a thing by its name after the story: "... then went to check today's jobs and RepairDesk just sits there"
    r"|\s+and\s+(?=(?-i:[A-Z])(?!I\b)(?!I'|I’)[\w-]+\s+(?:just\s+|now\s+|still\s+)?(?:is|isn'?t|won'?t|wont|"
    r"keeps?|sits?|shows?|says?|hangs?|crashe[sd]|freezes|froze|has|hasn'?t|doesn'?t|can'?t|stopped|went|goes|gives?)\b)"
    # what was found then: "we got into the van after the get-out and I noticed the tour tablet won't sync"
    r"|\s+and\s+(?:then\s+)?(?:i|we)\s+(?:noticed|found|saw|realised|realized|discovered|spotted)\s+(?:that\s+)?"
    # or what happens each time: "I was doing the face profile on the blast software and every time I import the scan it
    # just closes" (not "... and every time it fails with:", where "it" is what the story was about)
    r"|\s+and\s+(?=(?:every\s+(?:single\s+)?time|each\s+time|whenever)\s+(?!(?:it|this|that|they)\b))"
)
_STORY_TURN = re.compile(_STORY_TURNS, re.IGNORECASE)
_STORY_TURN_OR_DASH = re.compile(_STORY_TURNS + r"|\s+[-–—]\s+", re.IGNORECASE)   # a newcomer's announcement ends at a dash


def _after_the_story(sentence: str) -> str | None:
    """The fault after a comma in a story sentence ("..., when I went to print the list off, Bluespier just goes grey
    and says 'Session expired'"), or None: the first part tells what the person did and names no fault, a later part
    names a fault and its own subject."""
    # "I've just been moved onto the Leeds scheme and need access to ...": the want after the story, too
    parts = _split_outside(_STORY_TURN, sentence)
    # a newcomer announced, asking nothing yet ("new starter on the 14th (Tom Reyes, paramedic) - can he get ..."): a dash
    # ends the announcement too
    # (who it is may run past the first part: "We have a new massage therapist, Ana Costa, joining on Thursday")
    announced = _NEWCOMER.search(sentence) or _NEW_PERSON.search(sentence)
    newcomer = announced is not None and announced.start() < len(parts[0]) and not _ASKS_IN_IT.search(parts[0])
    if newcomer:
        parts = _split_outside(_STORY_TURN_OR_DASH, sentence)
    # the story is told before the last part, maybe in steps: "the first lorry came in at 5, driver gets out, we weigh him
    # in, all fine, then when the ticket prints the weighbridge PC ... just freezes"
    if len(parts) < 2 or not (newcomer or _STORY.search(", ".join(parts[:-1]) + ",")) or names_fault(parts[0]):
        return None
    for i, part in enumerate(parts[1:], 1):
        part = re.sub(r"^(?:(?:and|but|so)\s+(?=(?:the|my|our|a|an)\b)|then\s+(?:(?:yesterday|today|suddenly|overnight|"
                      r"this\s+\w+|last\s+\w+)\s*,?\s+)?(?=(?:the|my|our|a|an|when)\b))", "", part, flags=re.IGNORECASE)
        # (", and the PC ...", ", then yesterday the handheld scanner ...")
        wants = {w.casefold() for w in _WORD.findall(part)} & REQUEST_CUES
        if newcomer:
            wants -= _ARRIVING   # "joining on Thursday's embarkation" is still who they are
        if (names_fault(part) and _OWN_SUBJECT.match(part) or wants) and len(part.split()) >= 4:
            return ", ".join([part, *parts[i + 1:]])
    return None


def _split_outside(pattern: re.Pattern[str], sentence: str) -> list[str]:
    """`sentence` split where `pattern` matches, never inside a quotation or brackets."""
    spans, out, start = _enclosed(sentence), [], 0
    for m in pattern.finditer(sentence):
        if m.end() > m.start() and _outside(spans, m.start()):
            out.append(sentence[start:m.start()])
            start = m.end()
    return [*out, sentence[start:]]


# Words that say a newcomer arrives (REQUEST_CUES hold them: "a new starter joining"), not what they need.
_ARRIVING = frozenset("joining starting join starter new hire intern contractor onboarding".split())


# A want said by the person: "I would need please the access to ...", "we'd like", "I need".
_WANTS = re.compile(r"^\W*(?:(?:i|we)\s+)?(?:(?:would|will|'d|'ll|also|really|urgently|still)\s+)*(?:need|want|like|require)\b",
                    re.IGNORECASE)
# Where or who the person is: "I am new in claims team since Monday", "so I'm in the Year 4 classroom".
# Or where, with the "I'm" left out, as in chat: "at the mobile session in St Barnabas church hall and the tablet ...".
_SETTING = re.compile(r"^\W*(?:(?:so|well|ok|okay)\W+)?(?:(?:i|we)(?:'m|’m|\s+am|'re|’re|\s+are)\b|(?:at|in)\s+(?:the|our)\s)",
                      re.IGNORECASE)


def _after_the_setting(sentence: str) -> str | None:
    """The fault after " and " in a sentence that first says where or who the person is ("I am new in claims team since
    Monday and I still do not have access to the ClaimCenter reports folder", "I'm in the Year 4 classroom and since the
    weekend the whiteboard has stopped responding"), or None: the first part names no fault, the rest does and names
    its own subject."""
    quoted = _enclosed(sentence)
    for m in re.finditer(r"\s+and\s+", sentence):
        head, rest = sentence[:m.start()], sentence[m.end():]
        if not _outside(quoted, m.start()) or names_fault(head) or len(head.split()) < 3:
            continue
        if not _SETTING.match(head):
            return None
        if (names_fault(rest) and _OWN_SUBJECT.match(rest) or _WANTS.match(rest)) and len(rest.split()) >= 4:
            return rest   # or what the person needs: "I am starting next week on the Nordvik project and I would need ..."
        return None
    return None


_NOT_DOWN = re.compile(r"\b(?:sat|sit|sitting|settled|set|lay|lie|calm|wrote|write|put|jotted|noted|stepped|walked|"
                       r"came|went|looked)\s+down\b", re.IGNORECASE)


# Wrong output, said without a fault word: "shows last week's show instead of what's on", "just shows a white screen",
# "the barrier stays shut".
_WRONG_OUTPUT = re.compile(r"\binstead\s+of\b|\b(?:is|are|'s|went|gone|become|became|turned)\s+(?:now\s+|suddenly\s+)?"
                           r"read[\s-]?only\b|\b(?:white|blue|grey|gray|black|blank|frozen)\s+screens?\b"
                           # had and lost: "I had edit rights in the collections system until yesterday"
                           r"|\b(?:i|we)\s+(?:had|used\s+to\s+have)\s+[^.!?]{0,60}?\b(?:until|till|up\s+to)\s+(?:yesterday|today|"
                           r"this\s+morning|last\s+\w+|recently|the\s+update)\b"
                           r"|\b(?:stays?|staying|stayed|remains?|stuck)\s+(?:shut|closed|open|locked)\b"
                           # lets the same slot be booked twice: "letting two people book the same slot"
                           r"|\b(?:let(?:s|ting)?|allow(?:s|ing)?)\s+(?:two|2|multiple|several|both|more\s+than\s+one)\s+(?:\w+\s+){0,2}?"
                           r"(?:to\s+)?book\b"
                           r"|\bdouble[\s-]?(?:book|charg)(?:s|es|ed|ing)?\b"
                           # doing only part of its job: "only reading about one label in five", "only prints half the page"
                           r"|\bonly\s+(?:reads?|reading|works?|working|prints?|printing|scans?|scanning|charges?|charging|"
                           r"connects?|connecting|loads?|loading|shows?|showing)\s+(?:about\s+|around\s+|like\s+)?(?:one|1|half|some|"
                           r"every\s+other|part|the\s+first|a\s+few)\b"
                           # doing it on its own: "my keyboard layout change alone to QWERTY", "the notes app is closing alone"
                           r"|\b(?:change[sd]?|changing|switch(?:es|ed|ing)?|close[sd]?|closing|turn(?:s|ed|ing)?\s+off|"
                           r"shut(?:s|ting)?\s+down|restart(?:s|ed|ing)?|reset(?:s|ting)?|go(?:es)?\s+back)\s+(?:\w+\s+){0,2}?"
                           r"(?:alone|by\s+itself|on\s+its\s+own|itself|by\s+themselves|on\s+their\s+own)\b"
                           # a program that quits on its own: "every time I import the scan it just closes"
                           r"|\b(?:just|suddenly|keeps?)\s+(?:closes|closing|shuts\s+down|shutting\s+down|quits|quitting|exits|"
                           r"exiting|disappears|vanishes)\b|\b(?:closes|shuts\s+down|quits)\s+(?:itself|on\s+me|by\s+itself)\b"
                           # made into nonsense: "turning the scanned PDFs into garbage characters"
                           r"|\b(?:turn|turns|turned|turning|convert\w*|comes?\s+out|came\s+out)\b[^.!?]{0,60}?\b(?:into|as)\s+"
                           r"(?:\w+\s+)?(?:garbage|gibberish|nonsense|rubbish|junk|question\s+marks|squares|boxes|symbols)\b"
                           # stale: "still showing the bus parked at the depot when it's out on the school run"
                           r"|\bstill\s+(?:showing|shows|says|saying|displaying|reading)\b(?=[^.!?]{0,80}?\b(?:when|while|"
                           r"even\s+though|although)\b)"
                           # out of date: "they're still showing yesterday's lists", "stuck on last week's rota"
                           # "the screens are showing yesterday's timetable"
                           r"|\b(?:show|shows|showing|display|displays|displaying)\s+(?:the\s+)?(?:yesterday'?s|last\s+(?:night|week|"
                           r"month)'?s?|out\s+of\s+date|outdated|stale|wrong)\b"
                           r"|\b(?:still|stuck)\s+(?:on|showing|shows|displaying|displays|saying|says|reading|reads|has|have)\s+"
                           r"(?:the\s+)?(?:yesterday|yesterday'?s|last\s+(?:night|week|month|year)'?s?|the\s+day\s+before|"
                           r"old|previous|outdated|out\s+of\s+date|wrong)\b", re.IGNORECASE)


_HOT_DESK = re.compile(r"\bhot[\s-]?desk(?:s|ing)?\b", re.IGNORECASE)   # a desk anyone may use, not an overheating one


def names_fault(clause: str) -> bool:
    """A negation or a word that says something is broken ("crashes", "won't", "no picture"), or wrong output ("instead
    of", "a white screen"); "sat down" is not."""
    clause = _HOT_DESK.sub(" ", _NOT_DOWN.sub(" ", clause))
    return bool(_NEGATION.search(clause) or _WRONG_OUTPUT.search(clause)) or any(w.casefold().strip("'’") in BROKEN_CUES for w in _WORD.findall(clause))


def _names_it(sentence: str) -> bool:
    """An IT thing named: not a word IT shares with everyday speech ("the access road", "the box office")."""
    return any(w.casefold().strip("'’") in IT_TERMS - ORDINARY_TOO for w in _WORD.findall(sentence))


# A quotation: what a screen or a person said ("'Payment declined - gateway timeout'", “Not responding”). Its own
# punctuation is no boundary of the sentence around it.
_QUOTED = re.compile(r"(?<!\w)(?:'[^'\n]{2,120}'|\"[^\"\n]{2,120}\"|“[^”\n]{2,120}”|‘[^’\n]{2,120}’)(?!\w)")


# An aside in brackets: "(the Samsung one we use for the risk assessments and the daily show reports)".
_BRACKETED = re.compile(r"\([^()\n]{1,200}\)")


_LONG_ASIDE = re.compile(r"\s*\((?:[^()\s]+\s+){5,}[^()]*\)")   # five words or more: which one, not its name


def _enclosed(text: str) -> list[tuple[int, int]]:
    """The spans of `text` inside quotations and brackets: no boundary of the sentence around them."""
    return [m.span() for m in _QUOTED.finditer(text)] + [m.span() for m in _BRACKETED.finditer(text)]


def _outside(spans: list[tuple[int, int]], at: int) -> bool:
    return not any(a < at < b for a, b in spans)


def _clauses(sentence: str) -> list[str]:
    """`sentence` split where a clause ends (`_CLAUSE`), never inside a quotation or brackets."""
    return _split_outside(_CLAUSE, sentence)


def cut(text: str, target: int = TARGET, hard_max: int = HARD_MAX, *, keep: int = 0) -> str:
    """`text` cut to about `target` characters: whole when it fits in `hard_max` - 20; else at a clause
    boundary (", ", " - ", "; ", " because ", " and ", " but "...): the last before the target and no earlier than
half of it (nor than `keep`: "typed my work email and password" stays whole), else the first after it; else at a
    word boundary before `target`. Never over `hard_max`; never ending on "the", "and", "to"..."""
    text = " ".join(text.split())
    if len(text) <= max(target, hard_max - 20):
        return text
    best, quoted = -1, _enclosed(text)
    for m in re.finditer(r"\s*(?:[,;(]|\s[-–—]\s|\s(?:because|as|so|and|but|which|while|after|when|unless|until|whenever)\s)", text):
        if max(target // 2, keep) <= m.start() <= hard_max - 5 and _outside(quoted, m.start()):
            if m.start() > target and best > 0:
                break        # the last boundary before the target; past it only when there is none before
            best = m.start()
            if m.start() > target:
                break
    head = text[:best] if best > 0 else text[: min(max(target, keep), hard_max) + 1].rsplit(" ", 1)[0]
    inside = next((start for start, end in quoted if start < len(head) < end), None)
    if best <= 0 and inside is not None and inside >= target // 2:
        head = text[:inside]     # never inside a quotation: before it
    words = head.split()
    while len(words) > 3 and words[-1].casefold().strip(",.;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–—")[:hard_max]


def _unshout(subject: str) -> str:
    """A subject typed in capitals ("WHY IS THE WIFI DOWN AGAIN") in ordinary case; short IT terms stay in
    capitals ("VPN", "SAP", "USB")."""
    letters = [c for c in subject if c.isalpha()]
    if len(subject.split()) < 3 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return subject
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0) if len(m.group(0)) <= 4 and m.group(0).lower() in IT_TERMS
                  else m.group(0).lower(), subject)


# Where a long sentence of several clauses splits ("..., and the plotter prints pink", "...; now nothing loads").
_CLAUSE = re.compile(r",\s+(?:and|but|so)\s+(?:then\s+|now\s+)?|;\s+|\s+[-–—]\s+")

# A narrative lead-in saying since when ("since we moved desks last Tuesday", "ever since the update") before the
# sentence's own subject ("my", "the", "I"...).
_OPENS_SUBJECT = r"(?:my|the|our|i|we|it|all|every|none|nothing|no|nobody|half|both)\b"   # "no scans from any of ..."
_SINCE = re.compile(r"^(?:ever\s+)?since\s+(?:[^\s,]+\s+){1,8}?,?\s*(?=" + _OPENS_SUBJECT + ")",
                    re.IGNORECASE)


# Credentials handed over: "gave my password away", "typed my work email and password in", "entered my login details".
_CREDENTIAL_GIVEN = re.compile(r"\b(?:gave|given|give|typed|entered|put|handed|shared|told)\s+(?:in\s+)?(?:[\w'’-]+\s+){0,4}?"
                               r"(?:password|passcode|credentials|login\s+details|pin\s+code|mfa\s+code)s?\b", re.IGNORECASE)


# What was done with the lure, said before the credentials: "clicked a link", "opened the attachment".
_LURE_TAKEN = re.compile(r"\b(?:click(?:ed)?|link|open(?:ed)?|download(?:ed)?|attachment|scann?ed|QR|sender|put\s+in|typed|"
                         r"entered)\b", re.IGNORECASE)


# Where something went by mistake: "emailed the seating plan ... to the Year 11 parents list (instead of ...)".
_SENT_ASTRAY = re.compile(r"\b" + SENDING + r"\b[^.!?]{0,160}?\b(?:to|with|on|onto|into)\s+"
                          r"(?:(?:the\s+|a\s+)?wrong\s+[\w'-]+|[^.!?]{1,60}?(?=\s+instead\s+of\b))", re.IGNORECASE)


# How a lure came: "got an email saying ...", "a text from 'the bank'".
_LURE_CHANNEL = re.compile(r"\b(e-?mail|text(?:\s+message)?|sms|whatsapp|teams\s+message|message|qr\s+code)\b"
                           r"(?!\s+(?:password|account|address|login|log-?in|details|credentials|pin))", re.IGNORECASE)   # not "my email password"


def _lure_unnamed(text: str, best: str) -> str | None:
    """How the lure came ("email"), when `best` tells what was done with it ("clicked the link and put in my login")
    and the message said how it came elsewhere; None otherwise."""
    if security_phrase(text) is None or not _LURE_TAKEN.search(best) or _LURE_CHANNEL.search(best) \
            or re.search(r"\bphish", best, re.IGNORECASE):
        return None
    if not (_CREDENTIAL_GIVEN.search(best) or re.search(r"\b(?:login|log-?in|details|pin|card\s+number)\b", best, re.IGNORECASE)):
        return None
    found = _LURE_CHANNEL.search(text)
    return found.group(1).lower().replace("e-mail", "email") if found else None


# A part about the lure only ("fallen for a phishing email pretending to be from the HPC team"), and one about an account
# taken over ("the museum instagram account is compromised").
_ONLY_THE_LURE = re.compile(r"\b(?:phish\w*|pretend\w*|claim\w*|fake|scam\w*|spoof\w*|dodgy|suspicious)\b", re.IGNORECASE)
_TAKEN_OVER = re.compile(r"\b(?:compromised|hacked|hijacked|taken\s+over|logins?\s+from|signed\s+in\s+from)\b", re.IGNORECASE)


_BLIND_SPOT = re.compile(r"no\s+visibility\b", re.IGNORECASE)


def _security_part(parts: list[str], text: str) -> str | None:
    """The part (sentence or clause) that says what may be a security incident ("i just put my password into a dodgy
    link"), when the message says one: that is the problem, whatever else scores higher (the lure, what is at risk)."""
    phrase = security_phrase(text)
    if phrase is None or _BLIND_SPOT.match(phrase):
        return None   # (monitoring gone dark is no act to lead the Subject: what stopped is, "Sentinel stopped ingesting logs")
    for part in parts:   # "... clicked the link and put my login in. Now my account is sending emails I never wrote":
        if _TURN.match(part) and security_phrase(part) is not None:
            return part  # what is happening now, when it is the incident itself
    said = {w.casefold() for w in _WORD.findall(phrase)}
    overlap = [len(said & {w.casefold() for w in _WORD.findall(p)}) for p in parts]
    if not overlap or max(overlap) < 2:
        return None
    # the part the phrase starts in ("... I clicked and put my password in the page. Now I see the sender address is
    # strange": the phrase runs on into the next sentence, which is what made it suspicious, not what was done)
    opening = " ".join(phrase.split()[:3]).casefold()
    starts = [i for i, p in enumerate(parts) if len(opening.split()) == 3 and opening in " ".join(p.split()).casefold()]
    part = " ".join(parts[starts[0] if starts else overlap.index(max(overlap))].split())
    gave = next((" ".join(p.split()) for p in parts if _CREDENTIAL_GIVEN.search(p)), None)
    if gave is not None and not _CREDENTIAL_GIVEN.search(part) and _ONLY_THE_LURE.search(part) \
            and not _TAKEN_OVER.search(part):
        # "... fallen for a phishing email pretending to be from the HPC team - it asked me to reset my cluster password
        # and I typed my current password into the page": the credentials given are what must be acted on (but "the
        # museum instagram account is compromised" is the incident itself)
        given_at = _CREDENTIAL_GIVEN.search(gave).start()   # type: ignore[union-attr]
        begin = max((i + len(sep) for sep in (" and ", ", ") if (i := gave.rfind(sep, 0, given_at)) >= 0), default=0)
        return gave[begin:] if len(gave[begin:].split()) >= 4 else gave
    at = part.casefold().find(phrase.casefold())
    if at < 0 and starts:
        at = part.casefold().find(opening)
    if at <= TARGET // 2:
        return part
    # "Got an email that looked like ..., clicked the link and typed my password", "I got an email '...' and I
    # clicked the link and typed ...": from the clause that does it
    start = max((part.rfind(", ", 0, at), 2), (part.rfind(" and ", 0, at), 5))
    if start[1] == 5 and _LURE_TAKEN.search(part[:start[0]]):
        start = (part.rfind(", ", 0, at), 2)   # "I clicked a link in an email ... and typed my password": the click stays
    return part[start[0] + start[1]:] if start[0] > 0 else part


# "She'll need a laptop set up ...", "They will need access to ...": what a new person needs, said of them.
_THEY_NEED = re.compile(r"^(?:(?:(?:she|he|they|who)(?:'ll|\s+will|\s+would|'d)?\s+)?(?:also\s+)?(?:need|needs|require|requires)"
                        # "Can you set him up with an email and a Cloudbeds login please?"
                        r"|(?:(?:can|could|would)\s+(?:you|someone)\s+|please\s+)(?:please\s+)?(?:set|sort)\s+(?:him|her|them)\s+up\s+with"
                        # "can he get a login for the WEEE tracking app"
                        r"|(?:can|could|will|would)\s+(?:he|she|they)\s+(?:please\s+)?(?:get|have|be\s+given|be\s+set\s+up\s+with)"
                        # "can we get her set up with: laptop, ..."
                        r"|(?:can|could)\s+(?:we|you|i)\s+(?:please\s+)?(?:get|have)\s+(?:him|her|them)\s+set\s+up\s+with)\s*:?\s+",
                        re.IGNORECASE)
# Who that is, said before: "a new vet joining the Riverside branch", "our new starter Amy starts Monday".
_NOT_NAME = r"(?!(?:is|are|was|will|be|joining|starting|arriving|coming|begins|starts|joins)\b)"
_NEWCOMER = re.compile(r"\bnew\s+(?:" + _NOT_NAME + r"[\w-]+\s+){0,2}" + _NOT_NAME + r"[\w-]+(?=(?:\s+\([^)]{1,40}\)|"   # "(Tomás Ruiz)": a name said
                       r",\s*[\w'-]+(?:\s+[\w'-]+)?,)?\s+"   # or ", Tomasz,"
                       r"(?:\w+\s+)?(?:is\s+|are\s+|will\s+be\s+)?(?:joining|starting|arriving|coming|begins|starts|joins))",
                       re.IGNORECASE)


# A newcomer named by what they are, and where: "a new starter in customer service", "our new apprentice".
_NEW_PERSON = re.compile(r"\bnew\s+(?:[\w-]+\s+)?(?:starter|joiner|hire|recruit|colleague|employee|apprentice|graduate|temp|"
                         r"intern|trainee|team\s+member|member\s+of\s+staff)\b(?:\s+in\s+(?:the\s+)?[\w\s-]{1,30}?(?=\s*[,.;]|$))?"
                         # whatever they are, named after it: "a new seasonal ride supervisor, Jamal Okoye, who needs ..."
                         r"|\bnew\s+(?:[\w-]+\s+){0,2}[\w-]+(?=\s*,\s*(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s*,"
                         r"|\s+\((?-i:[A-Z])[^)]{1,40}\))",
                         re.IGNORECASE)


# A sentence that asks for something itself: "Could we get an OpenSolar licence set up for our new surveyor?"
_ASKS_IN_IT = re.compile(r"^\W*(?:set\s+up|install|create|add|give|grant|order|arrange|enable|sort\s+out|access\s+to|"
                         r"(?:a|an)\s+(?:[\w-]+\s+)?(?:login|account|licen[cs]e|laptop|phone|seat)\s+(?:for|on|to|in)|permission\s+to)\b"
                         r"|\b(?:can|could|would|may)\s+(?:we|i|you|someone|somebody)\b|\bplease\b|\b(?:need|needs|want|wants|"
                         r"'d\s+like|would\s+like)\b", re.IGNORECASE)


def _what_they_need(best: str, candidates: list[str]) -> str:
    """The sentence asking for what a newcomer announced in `best` needs ("we've got a new starter in customer service,
    Jess Palmer, starting on the 3rd. Could she have a Gorgias login and an Aircall seat please?"), else `best`."""
    if not (_NEWCOMER.search(best) or _NEW_PERSON.search(best)) or names_fault(best) or _THEY_NEED.match(best) \
            or _ASKS_IN_IT.search(best) or best not in candidates:
        return best
    later = candidates[candidates.index(best) + 1:]
    return next((c for c in later if _THEY_NEED.match(c) and len(c.split()) >= 4), best)


def _for_whom(best: str, candidates: list[str]) -> str:
    """"She'll need a laptop set up with email" after "we've got a new vet joining on the 3rd" -> "New vet: a laptop
    set up with email" (a list of what a new starter needs keeps whom it is for)."""
    need = _THEY_NEED.match(best)
    if need is None:
        return best
    earlier = candidates[:candidates.index(best)] if best in candidates else []
    who = next((m.group(0) for c in reversed(earlier) if (m := _NEWCOMER.search(c) or _NEW_PERSON.search(c))), None)
    return f"{who}: {best[need.end():]}" if who else best


# A label of one to three words alone before the problem ("SIMS. it won't let me submit the register"): what it is about.
def _label(text: str, best: str) -> str | None:
    first = next(iter(sentences(text)), "")
    words = _WORD.findall(first)
    low = {w.casefold() for w in words}
    if not 1 <= len(words) <= 3 or (is_courtesy(first) and not low & IT_TERMS) or first.rstrip().endswith("?") \
            or _GREETING.match(first):
        return None
    if low & (STOP_WORDS | BROKEN_CUES | REQUEST_CUES) or first.strip(" .!:;,").casefold() in best.casefold():
        return None
    names = low & IT_TERMS or any(len(w) > 1 and (w.isupper() or any(c.isupper() for c in w[1:])) for w in words)
    return " ".join(words) if names else None   # "Oh brilliant." is a remark; "SIMS.", "Printer." name the thing


# A formal request for someone, said as an arrangement: "arrange for the orchestra's new Principal Conductor, Maestro
# Kenji Tanaka, to be given an email account and access to the scores library".
_ARRANGED_FOR = re.compile(r"^\W*(?:(?:could|can|would|will)\s+(?:you|someone|somebody)\s+)?(?:please\s+|kindly\s+)*"
                           r"(?:arrange|organi[sz]e|set\s+(?:it\s+)?up)\s+for\s+(?P<who>[^.!?]{3,90}?),?\s+to\s+"
                           r"(?:be\s+(?:given|granted|issued|set\s+up\s+with|sent)|get|have|receive)\s+(?P<what>\S.{8,})$",
                           re.IGNORECASE | re.DOTALL)


def _what_is_arranged(sentence: str) -> str:
    """"Arrange for <whom> to be given <what>" -> "<what> for <whom>": what is asked first; else `sentence`."""
    m = _ARRANGED_FOR.match(sentence)
    return f"{m.group('what').rstrip(' .?!')} for {m.group('who')}" if m else sentence


# The end of a line that introduces what a machine says on the next: "NMR booking system is giving me this:".
_INTRO_TAIL = re.compile(r"\s+(?:(?:is|are|keeps?|just|now|still)\s+)*(?:giving|gives|gave|throwing|throws|threw|showing|shows|"
                         r"showed|saying|says|said|displaying|displays|reading|reads|spitting\s+out|spits\s+out|"
                         r"(?:popping|pops|coming|comes)\s+up\s+with)\s+(?:me\s+|us\s+)?(?:this|the\s+following|an?\s+error)?"
                         r"\s*:?\s*$", re.IGNORECASE)


def _introduced(best: str, candidates: list[str]) -> str:
    """"<the thing>: <what it says>" when a sentence naming the thing introduces what a machine says on the next
    ("NMR booking system is giving me this:" then "HTTP 500 Internal Server Error") and `best` is either; else `best`."""
    at = candidates.index(best) if best in candidates else -1
    if 0 <= at < len(candidates) - 1 and _INTRO_TAIL.search(best):
        at += 1    # the introduction chosen: what it introduces follows
    if at <= 0 or not (m := _INTRO_TAIL.search(candidates[at - 1])):
        return best
    said, thing = candidates[at], candidates[at - 1][:m.start()].strip(" ,;:-")
    if not 1 <= len(thing.split()) <= 8 or not _OWN_SUBJECT.match(thing) or re.match(r"(?i)(?:i|we|you)\b", thing) \
            or names_fault(thing) or len(said.split()) > 12:
        return best    # ("I keep getting this:"; a long sentence after it is no machine's words)
    return f"{thing}: {said}"


def _after_the_deadline(sentence: str) -> str | None:
    """What follows a leading clause that only says when something is due ("X goes live at 8am tomorrow and the ..."),
    when that clause names no fault and the rest has its own subject; None otherwise."""
    parts = re.split(r"\s+and\s+(?=(?:the|my|our|all|every|none|nobody|no\s+one)\b)", sentence, maxsplit=1)
    if len(parts) < 2 or names_fault(parts[0]) or len(parts[1].split()) < 4:
        return None
    said = urgency(parts[0], learned=False)
    return parts[1] if (said is not None and said.kind == "deadline") or says_time_ahead(parts[0]) else None


def _led_by_whom(clause: str) -> bool:
    """True when `clause` is about whom a problem affects: it opens on them and names no IT thing ("Parents can't sign
    their children in"), not on the thing at fault ("WMS down for the whole night shift", "nobody can sync in Revit")."""
    said = impact_phrase(clause)
    return said is not None and len(clause[:clause.find(said)].split()) <= 1 and not _names_it(clause) \
        and not _CANT_SEE_THE_THING.search(clause) and not _NONE_OF_THE_THINGS.match(said)


# Every one of a kind of thing failing, said of the things: "NONE of the soundfield systems in the secondary block are
# working" (the fault of a thing, not whom it affects).
_NONE_OF_THE_THINGS = re.compile(r"none\s+of\s+(?:the|our|my)\s+[^.!?]*?\b(?:work(?:s|ed|ing)?|charg(?:ed|ing)|load(?:ed|ing)|"
                                 r"print(?:ed|ing)|connect(?:ed|ing)|sync(?:ed|ing)|boot(?:ed|ing)|start(?:ed|ing)|"
                                 r"scann(?:ed|ing)|turned\s+on)\b", re.IGNORECASE)


# Those affected unable to see or open a thing named after it ("None of the branches can see today's online bookings in
# the GMS"): the thing at fault is in the clause, which is no mere impact.
# (or one by its name: "Nobody in the touring office can log into Prism")
_CANT_SEE_THE_THING = re.compile(r"\b(?:can\s*not|can'?t|cannot|unable\s+to|are\s+not\s+able\s+to|can)\s+(?:see|access|open|"
                                 r"load|view|find|get\s+into|log\s+(?:in|on)\s*to|log\s+into|sign\s+(?:in\s*to|into)|reach)\s+"
                                 r"(?:(?:the|their|our|any|today'?s|[\w-]+'s)\s+[\w-]+|(?-i:[A-Z])[\w-]+)", re.IGNORECASE)


def _after_the_impact(sentence: str) -> str | None:
    """The fault after a leading clause that says only whom it keeps from what ("Parents can't sign their children in
    this morning, the reception kiosk just shows a white screen" -> "the reception kiosk just shows a white screen"),
    or None: a later part states a fault of its own subject (not "it", "they")."""
    spans = _enclosed(sentence)
    cuts = [m for m in re.finditer(r",\s+(?=\S)|\s+[-–—]\s+", sentence) if _outside(spans, m.start())]
    # (after a story that names no fault: "I've had five calls this morning - parents can't pay on the website, the
    # payment page just spins")
    starts = [0] + [m.end() for m in cuts]
    lead = next((i for i in range(len(cuts)) if not names_fault(sentence[:starts[i]])
                 and _led_by_whom(sentence[starts[i]:cuts[i].start()])), None)
    if lead is None:
        return None   # "none of the 9 subs can check pages in to the layout server, InDesign says ...": the fault is there
    for m in cuts[lead:]:
        rest = sentence[m.end():]
        if names_fault(rest) and _OWN_SUBJECT.match(rest) and len(rest.split()) >= 4 and impact_phrase(rest) is None:
            return rest
    return None


_DASH = re.compile(r"\s+[-–—]+\s+")
_EMPTY_OF_THINGS = frozenset("is are was were has have had been be the a an this that so very really here there all of at with "
                             "my our it its it's just now today".split())


def _fault_before_the_dash(sentence: str) -> str | None:
    """The fault said first, in words of its own subject, before a dash that goes on about it ("Card reader at the
    cellar door has died - screen says 'Terminal offline' and ...", "the webcast for the east chapel isn't streaming -
    families abroad are watching a black screen"), or None: not a story, not whom it affects (unless it names what they
    can't see), naming a thing ("Big problem - ..." names none), and no security scare."""
    quoted = _enclosed(sentence)
    m = next((d for d in _DASH.finditer(sentence) if _outside(quoted, d.start())), None)
    if m is None or security_phrase(sentence):
        return None     # (what was given away leads a security Subject: `_security_part`)
    head = sentence[:m.start()].strip()
    said = [w.casefold().strip("'’") for w in _WORD.findall(head)]
    if len(said) < 3 or not names_fault(head) or not _OWN_SUBJECT.match(head) or _STORY.search(head) \
            or _POINTS_BACK.match(head) or _led_by_whom(head) or _ANNOUNCES.match(head) \
            or (impact_phrase(head) and not _CANT_SEE_THE_THING.search(head)):
        return None     # ("the phones are down for the whole call centre - softphone says ...": the fault itself follows)
    return head if any(w not in _NO_THING | BROKEN_CUES | _EMPTY_OF_THINGS for w in said) else None


def _thing_alone(words: str) -> bool:
    """An IT thing named in a few words and nothing said of it ("the softphone", "VPN"), not a request ("unlock my Okta
    account") or a fault ("Outlook won't open")."""
    said = words.split()   # "the photocopier in the staffroom": where it is, too
    determined = bool(said) and said[0].casefold() in _DETERMINERS
    if _name_alone(words):
        return True     # "bluebeam."
    return (len(said) <= (8 if determined else 4) and not names_fault(words)
            and not words.endswith("?") and (_names_it(words) or (determined and not _VERB.search(_MODIFIER.sub(" ", words))))
            and not {w.casefold() for w in said} & REQUEST_CUES and (determined or len(said) <= 2))


# A word that makes a clause of a phrase ("the weekend was fine", "my manager approved it"): no thing named alone.
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|get|got|go|went|"
                   r"need|needs|want|wants|\w+ed|\w+ing)\b|n't\b|'s\b|'re\b|'ve\b", re.IGNORECASE)


_DETERMINERS = frozenset("the my our a an this that their his her its your".split())
# A word in -ing that names a kind of thing before its noun ("the radio charging rack", "the booking system"), no verb.
_MODIFIER = re.compile(r"\b\w+ing\s+(?!(?:the|a|an|my|our|to|in|on|at|by|for|with|from|of|it|me|us|them|up|out|off|down|"
                       r"and|or|but|again|now)\b)(?=[a-z]{3,}\b)", re.IGNORECASE)


# Someone or something said to come, not a thing named alone: "The visiting orchestra from Vienna arrives tomorrow".
_COMES = re.compile(r"\b(?:arrives?|arriving|comes|coming|starts|starting|joins|joining|lands|landing|visits)\b", re.IGNORECASE)


def _lowered(sentence: str) -> str:
    """`sentence` with its first letter lower-case when it goes after a colon ("The softphone: it show ..."), unless the
    first word is an initialism or a name ("VPN", "SAP")."""
    return sentence[:1].lower() + sentence[1:] if sentence[1:2].islower() or sentence[1:2] in "'’ " else sentence


# Which one it is, said after the thing: ", the one for the vehicle defect checks", ", the one by the door".
_ONE_FOR = re.compile(r",\s*(?:the|a)\s+(?:[\w-]+\s+)?one\s+(?:for|by|in|on|at|near|with|that|which|we|i|you|from|behind|next)\b.*$",
                      re.IGNORECASE)


def _what_it_is(best: str, candidates: list[str]) -> str:
    """`best` with the thing it points back at, when that was named just before in a few words of its own ("the
    softphone. it show 'Registration failed'" -> "the softphone: it show 'Registration failed'")."""
    at = candidates.index(best) if best in candidates else 0
    if at + 1 < len(candidates) and _thing_alone(_ONE_FOR.sub("", best)) and (_of_it(candidates[at + 1]) or names_fault(candidates[at + 1])
                                                              or _shares_a_word(best, candidates[at + 1])):
        at, best = at + 1, candidates[at + 1]      # the thing alone was chosen: what it does follows
    named = _ONE_FOR.sub("", candidates[at - 1]) if at else ""   # "the cab tablet in G7, the one for defect checks"
    if at and (_of_it(best) or not _shares_a_word(named, best)) and _thing_alone(named) and not _COMES.search(named):
        # (not when it comes: "The visiting orchestra from Vienna arrives tomorrow. Their librarian needs ...")
        return f"{named}: {_lowered(best)}"
    return best


# A headline: a fault said first in a few words, with its own subject ("Checkout is broken!!", "Canning line stopped").
_HEADLINE_MAX_WORDS = 5
# Words of a headline that name no thing: "Big problem.", "Another issue!", "Total nightmare."
_NO_THING = frozenset("big huge major small quick serious another new real urgent total complete absolute problem "
                      "problems issue issues trouble emergency help disaster nightmare mess oh uh ah um oops whoops "
                      "argh ugh damn dammit hi hey hello sorry so well right ok okay yes yeah nope".split())


# A first sentence that only says there is trouble with a thing: "I have problem with Trados Studio", "Issue with the VPN".
_TROUBLE_WITH = re.compile(r"^\W*(?:(?:i|we)\s+(?:have|'ve\s+got|have\s+got|got|am\s+having|'m\s+having|are\s+having|"
                           r"'re\s+having)\s+|there\s+(?:is|'s)\s+)?(?:a\s+|an\s+|some\s+)?(?:small\s+|big\s+|little\s+)?"
                           r"(?:problem|issue|trouble)s?\s+(?:with|on|in)\s+(?:the\s+|my\s+|our\s+)?([\w.&'’ -]{2,40}?)\W*$",
                           re.IGNORECASE)


def _under_its_headline(best: str, candidates: list[str]) -> str:
    """`best`, chosen after a short headline that names what fails ("Checkout is broken!! customers get 'Payment could
    not be processed' ..."), with the headline first when `best` does not name that thing: "Checkout is broken: customers
    get ..."."""
    at = candidates.index(best) if best in candidates else 0
    head = candidates[0]
    words = _WORD.findall(head)
    trouble = _TROUBLE_WITH.match(head)
    if not at and trouble and len(candidates) > 1 and names_fault(candidates[1]) and not _STORY.search(candidates[1]):
        at, best = 1, candidates[1]   # "I have a problem with SPSS." said first: what it does follows
    if at and trouble and not {w.casefold() for w in _WORD.findall(trouble.group(1))} & {w.casefold() for w in _WORD.findall(best)}:
        # "I have problem with Trados Studio. When I open the project it show error ..." -> "Trados Studio: when I open ..."
        return f"{trouble.group(1)}: {_lowered(best)}"
    if not at or len(words) > _HEADLINE_MAX_WORDS or not names_fault(head) or not _OWN_SUBJECT.match(head) \
            or head.rstrip().endswith("?") or _STORY.search(head):
        return best
    thing = [w.casefold() for w in words if w.casefold() not in STOP_WORDS and w.casefold() not in _NO_THING
             and not names_fault(w)]
    said = {w.casefold() for w in _WORD.findall(best)}
    if not thing or thing[0] in said:
        return best
    return f"{head}: {_lowered(best)}"


_BUT = re.compile(r"\s+but\s+")


def _after_the_but(sentence: str) -> str | None:
    """What went wrong after what was done ("the price reduction went into Alto on Monday but Rightmove is still showing
    the old asking price"): the part after "but" when only it states a fault and names its own subject."""
    spans = _enclosed(sentence)
    m = next((m for m in _BUT.finditer(sentence) if _outside(spans, m.start())), None)
    if m is None:
        return None
    head, tail = sentence[:m.start()], sentence[m.end():]
    if names_fault(head) or len(tail.split()) < 4 or not re.match(r"(?:(?:the|my|our|their|his|her)\b|(?-i:(?!I\b|I')[A-Z]))", tail, re.IGNORECASE) \
            or not (names_fault(tail) or re.search(r"\bstill\b", tail, re.IGNORECASE)):
        return None
    return tail


def _shares_a_word(named: str, sentence: str) -> bool:
    """True when `sentence` repeats a word of the thing `named` ("the key cabinet. the cabinet beeps"): it names it."""
    words = {w.casefold() for w in _WORD.findall(named) if len(w) > 2} - STOP_WORDS
    return bool(words & {w.casefold() for w in _WORD.findall(sentence)})


def _of_it(sentence: str) -> bool:
    """A sentence about the thing just named: it points back ("it show 'Registration failed'") or has no subject of its
    own ("says toner low even though ...", "just shows a white screen", "jams on every sheet")."""
    first = next(iter(_WORD.findall(sentence)), "").casefold()
    return bool(_POINTS_BACK.match(sentence)) or not _OWN_SUBJECT.match(sentence) or first in BROKEN_CUES or first in _VERB_FIRST


# Verbs a sentence about a thing just named may start with: "prints half a label", "keeps beeping", "won't turn on".
_VERB_FIRST = frozenset("prints printing keeps goes comes makes takes gives stops starts turns only still shows says "
                        "displays reads asks wants needs wont won't cant can't doesnt doesn't isnt isn't wont' "
                        "refuses fails beeps".split())


def _after_since(sentence: str) -> str | None:
    """The sentence after its "since ..." lead-in, or None: cut before the first word that can open the sentence's own
    subject ("my", "the", "I"...) and does not end the lead-in's phrase ("since we came back after the weekend the
    interactive whiteboard has stopped responding" -> "the interactive whiteboard has stopped responding": "after the
    weekend" is the lead-in's)."""
    if (comma := _SINCE_CLAUSE.match(sentence)) and len(sentence[comma.end():].split()) >= 4:
        return sentence[comma.end():]   # "Since last night's update, patrons booking online aren't receiving ..."
    if not _SINCE.match(sentence):
        return None
    for m in re.finditer(r"(?<=\s)(?=" + _OPENS_SUBJECT + ")", sentence[:160], re.IGNORECASE):
        before = sentence[:m.start()].split()
        if len(before) < 2 or before[-1].casefold() in _PREPOSITIONS:
            continue
        rest = sentence[m.start():]
        return rest if len(rest.split()) >= 4 else None
    return None


_SINCE_CLAUSE = re.compile(r"^(?:ever\s+)?since\s+[^,;:]{2,50},\s*", re.IGNORECASE)
_PREPOSITIONS = frozenset("after before from on in at to for of with over during into onto by about since until till".split())


# A fault, then what the machine says about it: "can't log in to the laptop, it says 'The trust relationship ... failed'".
_ITS_MESSAGE = re.compile(r"^(?P<head>.+?)[\s,;:–—-]+(?:and\s+)?(?:(?:it|the\s+(?:[\w-]+\s+){0,2}?(?:screen|app|system|error|message|"
                          r"window|box|pop-?up|machine|laptop|pc|device))\s+)?(?:just\s+|only\s+|then\s+)?(?:says|said|shows|"
                          r"showed|gives(?:\s+me)?|gave(?:\s+me)?|displays|reads|comes\s+up\s+with|pops\s+up\s+with|throws)\s*:?\s*"
                          r"(?P<quote>'[^'\n]{8,}'|\"[^\"\n]{8,}\"|“[^”\n]{8,}”|‘[^’\n]{8,}’)\W*$", re.IGNORECASE)


def _with_its_message(sentence: str, hard_max: int) -> str | None:
    """"<the fault>: '<what the machine says>'" when a long sentence states a fault and ends on the machine's words and
    both fit in `hard_max` (the message is what the agent searches for; cutting before it loses it), else None."""
    m = _ITS_MESSAGE.match(" ".join(sentence.split()))
    if m is None or not names_fault(m.group("head")) or len(m.group("head").split()) < 3:
        return None
    head = m.group("head").rstrip(" ,;:-")
    for quote in (m.group("quote"), m.group("quote")[1:-1]):     # the quotation marks go first when it is too long
        if len(joined := f"{head}: {quote}") <= hard_max:
            return joined
    return None


# Since when, ending a clause, in a Subject too long: the description keeps it ("... won't detect the sensor since this morning"); since what is kept
# ("since the update").
_SINCE_WHEN = re.compile(r",?\s+(?:ever\s+)?since\s+(?:(?:early|about|around|approx(?:imately)?)\s+)?(?:this\s+(?:morning|afternoon|"
                         r"evening|week)|(?:early\s+)?(?:yesterday|today|last\s+(?:night|week|\w+day))(?:\s+(?:morning|afternoon|"
                         r"evening|night))?|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|"
                         r"afternoon|evening|night))?|the\s+weekend|lunch(?:time)?|earlier(?:\s+today)?|\d{1,2}(?:[:.]\d\d)?\s*"
                         r"(?:am|pm|o'?clock)?|(?:a|an|one|two|three|a\s+few|\d+)\s+(?:hours?|days?|weeks?|mins?|minutes)\s+ago)"
                         r"(?=\s*(?:[,;.!?]|$|[-–—]\s))", re.IGNORECASE)


# When someone starts, said between commas ("our two new advisors, starting 14 April, be added to ...").
_WHEN_THEY_START = re.compile(r",\s*(?:starting|joining|arriving|who\s+start|who\s+join)\s+(?:on\s+|from\s+)?[^,.;]{1,25},\s*",
                              re.IGNORECASE)


# Which one, said in place of the thing just named: "this printer 😤 the one in interview room 2 is jamming".
_THE_ONE = re.compile(r"^(?:the|that)\s+one\s+(?=(?:in|at|on|by|near|next|behind|upstairs|downstairs|outside|from|for)\b)",
                      re.IGNORECASE)


def _the_one_named(candidates: list[str]) -> list[str]:
    """`candidates` with a thing named alone and the next sentence's "the one ..." said as one ("this printer in
    interview room 2 is jamming on every single page")."""
    out: list[str] = []
    for candidate in candidates:
        m = _THE_ONE.match(candidate)
        if m and out and _thing_alone(out[-1]):
            out[-1] = f"{out[-1]} {candidate[m.end():]}"
        else:
            out.append(candidate)
    return out


def summarize(text: str, *, target: int = TARGET, hard_max: int = HARD_MAX) -> str:
    """The case Subject for a message: its problem sentence, cleaned and cut (see the module docstring).
    Falls back to the whole message (cut) when no sentence stands out."""
    candidates = _the_one_named(problem_sentences(text))
    if candidates:
        best = _security_part(candidates, text) or headline(candidates)
        best = _introduced(_for_whom(_under_its_headline(_what_it_is(_what_they_need(best, candidates), candidates),
                                                         candidates), candidates), candidates)
    else:
        best = " ".join(sentences(text)) or " ".join((text or "").split())
    best = re.sub(r"^(?:unfortunately|sadly|however)\b\W*", "", best, flags=re.IGNORECASE) or best   # the turn's word
    best = _what_is_arranged(best)
    if (lure := _lure_unnamed(text, best)) is not None:
        best = f"Phishing {lure}: {best[:1].lower() + best[1:] if best[1:2].islower() else best}"
    if (label := _label(text, best)) is not None:
        best = f"{label}: {best[:1].lower() + best[1:] if best[1:2].islower() else best}"
    clauses = [c for c in _clauses(best) if len(c.split()) >= 4]
    joined = _with_its_message(best, hard_max) if len(best) > hard_max - 20 else None
    if joined is not None:
        best = joined    # "Can't log in to the donor session laptop: 'The trust relationship ... failed'"
    elif len(best) > target and (head := _fault_before_the_dash(best)) is not None:
        best = head      # "Card reader at the cellar door has died - screen says 'Terminal offline' and we've got ..."
    elif len(best) > target and not _ANNOUNCES.match(best) and (told := _after_the_story(best)) is not None:
        need = _THEY_NEED.match(told)
        who = (_NEWCOMER.search(best[:best.find(told)]) or _NEW_PERSON.search(best[:best.find(told)])) if need else None
        best = f"{who.group(0)}: {told[need.end():]}" if who and need else _clean(told)   # "New travelling head lad: a laptop
        # for the stable office" (not "he'll need a laptop")
    elif len(best) > target and not _ANNOUNCES.match(best) and (told := _after_the_setting(best)) is not None:
        best = told
    elif len(best) > target and (told := _after_the_impact(best)) is not None:
        best = told
    elif len(best) > target and (told := _after_the_but(best)) is not None:
        best = told
    elif len(best) > target and len(clauses) > 1 and not _ANNOUNCES.match(best) \
            and not (_headline_clause(clauses[0]) and best.startswith(clauses[0]) and len(best) <= hard_max - 20):
        # (a short fault said first, then how it shows, fits whole: "The public payments line is down – callers get a
        # dead tone after pressing 1 to pay a PCN")
        best = _security_part(clauses, text) or _named_before(_cause_of(_fault_clause(clauses), clauses, best), clauses, best)
    if len(best) > target and (after := _after_the_deadline(best)) is not None:
        best = after   # "Clearing hotline goes live at 8am tomorrow and the call routing is still pointing at ...": the fault
    if len(best) > target and (after := _after_since(best)) is not None:
        best = after   # the fault first when the sentence must be cut: "since we moved desks, my dock ..."
    if len(best) > target and len((sooner := _WHEN_THEY_START.sub(" ", best)).split()) >= 4:
        best = " ".join(sooner.split())   # "our two new advisors, starting 14 April, be added to ...": when is no Subject
    if len(best) > target and len((sooner := _SINCE_WHEN.sub("", best)).split()) >= 4:
        best = sooner   # room for what it does: "... won't detect the sensor, keeps saying ..."
    if len(best) > target and (shorter := _LONG_ASIDE.sub(" ", best)) != best and len(shorter.split()) >= 4:
        best = " ".join(shorter.split())   # "the tour tablet (the Samsung one we use for ...) just won't sync": no room
    flat = " ".join(best.split())   # what was given away, and to whom it went by mistake, is never cut off
    given = _CREDENTIAL_GIVEN.search(flat) or _SENT_ASTRAY.search(flat)
    subject = _unshout(best if joined is not None else cut(best, target, hard_max, keep=given.end() if given else 0))
    first = subject.split(" ", 1)[0]
    if first.casefold() in IT_TERMS - ORDINARY_TOO and first.islower():  # "vpn down": a product's casing is unknown
        return subject
    if _URL.match(first):  # "https://intranet/expenses shows a 502": an address keeps its case
        return subject
    return subject[:1].upper() + subject[1:]
