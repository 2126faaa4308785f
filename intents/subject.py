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

from .lexicon import BROKEN_CUES, IT_TERMS, REQUEST_CUES
from .paste import prose

TARGET = 80
HARD_MAX = 120

_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F"
# Sentence ends: . ! ? … (not inside 1.5 or a.b), a line break, an emoji, a Slack :emoji: code.
_SPLIT = re.compile(rf"(?<=[.!?…])\s+|(?<=[!?…])(?=\w)|\n+|\s*[{_EMOJI}]+\s*|\s*:[a-z0-9_+-]+:\s*|\s+-{{2,}}\s+")
_MENTION = re.compile(r"<[@#!][^>]*>|(?<!\S)@[\w.-]+")

_GREET = (r"(?:hi+|hel+o+|he+y+|hiya|howdy|yo|greetings|dear|good\s+(?:morning|afternoon|evening|day)|morning|"
          r"afternoon|evening"
          # greetings in the languages people switch from: "Hola,", "Bonjour", "Guten Morgen", "Namaste", "Salam"
          r"|hola|buen[oa]s\s+(?:d[ií]as|tardes|noches)|buen\s+d[ií]a|bonjour|bonsoir|salut|coucou|hallo|servus|moin|"
          r"guten\s+(?:morgen|tag|abend)|ciao|salve|buongiorno|ol[áa]|oi|bom\s+dia|boa\s+tarde|namaste|namaskar|"
          r"salam|salaam|as+-?sala+m+(?:\s*[-']?\s*[ou])?\s*[-']?\s*alaikum|merhaba|selam|hej|hei|hoi|goedemorgen|dzie[nń]\s+dobry|cze[sś][cć]|"
          r"privet|zdravo|konnichiwa|ni\s+hao|annyeong(?:haseyo)?|shalom|jambo|habari|sawubona|kumusta|xin\s+ch[aà]o"
          # and in their own scripts: Russian, Korean, Japanese, Chinese, Arabic, Greek, Hindi
          r"|здравствуйте|привет|добрый\s+(?:день|вечер)|доброе\s+утро|안녕하세요|안녕|こんにちは|おはようございます|你好|您好|"
          r"مرحبا|السلام\s+عليكم|γεια\s+σας|नमस्ते)")
_NAMEISH = (r"(?:\s+(?:there|team|all|everyone|folks|guys|support|it|helpdesk|help\s+desk|concierge|sir|sirs|madam|ma'?am|"
            r"mam|boss|friends|colleagues|mate|buddy|dear|(?-i:[A-Z][a-z]+)))*")
# A plea with nothing of the problem in it: "please help", "pls fix it asap", "please fix quick", "please sort this out".
_PLEA = (r"(?:please|pls|plz|kindly)\s+(?:help|advise|assist|check|fix|sort|solve|resolve|repair|look\s+into|"
         r"look\s+at|have\s+a\s+look|take\s+a\s+look)(?:\s+(?:me|it|this|that|them|out|it\s+out|this\s+out|"
         r"quick(?:ly)?|fast|soon|asap|urgently|now|today|please|pls|for\s+me|as\s+soon\s+as\s+(?:possible|you\s+can)))*"
         r"\b")
# Whole sentences with nothing of the problem in them.
_DROP = re.compile(
    r"^\W*(?:"
    + _GREET + _NAMEISH +
    r"|hope\b.*|i\s+hope\b.*|how\s+are\s+you\b.*|how'?s\s+it\s+going\b.*|happy\s+\w+day\b.*"
    r"|(?:many\s+|thanks?|thank\s+you|thx|ty|cheers|regards|kind\s+regards|best\s+regards|warm\s+regards|best|"
    r"br|sincerely|all\s+the\s+best|have\s+a\s+(?:good|great|nice)\b|appreciate|much\s+appreciated|"
    r"sorry\s+(?:for|about)\s+the\s+(?:trouble|hassle|bother|long\s+message)|speak\s+soon|talk\s+soon|"
    r"ttyl|bye|later)\b.*"
    r"|(?:can|could|would)\s+(?:some\s*one|any\s*one|you|somebody|anybody)\s+(?:please\s+)?"
    r"(?:help|check|look|have\s+a\s+look|take\s+a\s+look|advise|assist|sort|fix)\b[^.]{0,40}"
    r"|" + _PLEA + r".*"
    r"|(?:any|some)\s+(?:ideas?|help|advice|suggestions?|tips?)\b.*|help\s*(?:me|please|pls)?"
    r"|let\s+me\s+know\b.*|thanks?\s+in\s+advance\b.*|asap|urgent(?:ly)?|emergency"
    r"|(?:(?:no\s+(?:rush|hurry)|not\s+urgent|nothing\s+urgent|whenever\s+(?:convenient|you\s+can|possible)|"
    r"when\s+you\s+(?:can|have\s+(?:a\s+)?(?:time|moment))|at\s+your\s+convenience)\W*)+"
    # about using the bot, not the problem: "I am not sure how this works", "first time using this"
    r"|i(?:'m|\s+am)\s+(?:not\s+sure|unsure)\s+(?:how|if|whether)\s+(?:this|it|i)\b.*|(?:this\s+is\s+)?(?:my\s+)?first\s+time\s+"
    r"(?:using|doing|trying)\b.*|i\s+hope\s+i'?m\s+doing\s+this\s+right\b.*|i'?m\s+new\s+to\s+(?:this|chat|slack)\b.*"
    r"|(?:ugh+|argh+|sigh|seriously|come\s+on|wtf|omg|ffs|jeez|man|lol)"
    r"|(?:this|it)\s+is\s+(?:so\s+|really\s+|getting\s+)?(?:frustrating|annoying|ridiculous|a\s+nightmare|"
    r"driving\s+me\s+(?:crazy|nuts|mad)|unacceptable|killing\s+me)\b.*"
    r"|i'?\s*a?m\s+(?:so\s+|really\s+)?(?:frustrated|fed\s+up|losing\s+my\s+mind|going\s+crazy|desperate)\b.*"
    r"|(?-i:(?:-\s*)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"     # a name alone: the signature
    r")\W*$",
    re.IGNORECASE)
# Courtesies and tags at the start of a sentence that also holds the problem.
_LEAD = re.compile(
    r"^\W*(?:"
    + _GREET + _NAMEISH + r"\s*[,!.:;-]+"
    r"|(?:hi+|hel+o+|he+y+|hiya)\b(?:\s+(?-i:[A-Z][a-z]+))?\s+"
    r"|(?:(?:separate|different|other|unrelated|new|another|second)\s+(?:thing|issue|question|matter|topic|problem|one)"
    r"|on\s+(?:a|another)\s+(?:different|separate|other)\s+(?:note|topic|matter)|unrelated|also|next)\s*[:!-]+"
    r"|(?:i'?m\s+|i\s+am\s+)?(?:filing|raising|logging|opening|reporting|submitting|writing)\s+(?:this|a\s+ticket|a\s+case|"
    r"one)\s+(?:for|on\s+behalf\s+of)\s+(?:my|the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*[:,-]+"
    r"|(?:urgent|asap|emergency|important|critical|help|fyi|heads\s+up|quick\s+(?:question|one)|question|issue|problem|"
    r"(?:weird|strange|odd|random|funny|another|new|tricky)\s+one)"
    r"(?:\s+(?:please|pls|plz))?\s*[:!-]+"
    r"|(?:so|ok|okay|well|also|and|but|oh|btw|plus|anyway|basically|honestly|actually|essentially|apparently|"
    r"long\s+story\s+short)\b\s*,?"
    r"|(?:sorry|apologies)\s+(?:to\s+bother\s+(?:you|again)|for\s+the\s+bother|to\s+ask)\s*(?:again)?\s*(?:,|but)?"
    r"|i(?:'m|\s+am)\s+(?:writing|contacting\s+you|reaching\s+out|messaging(?:\s+you)?|getting\s+in\s+touch)"
    r"(?:\s+(?:to\s+(?:you\s+)?(?:report|let\s+you\s+know|ask|say|tell\s+you)|because|as|about|regarding))?"
    r"(?:\s+(?:that|of))?"
    r"|(?:i\s*)?(?:just\s+)?(?:wanted|want|need|'d\s+like|would\s+like)\s+to\s+(?:let\s+you\s+know|report|say|flag|"
    r"mention|tell\s+you)"
    r"\s*(?:that)?"
    r"|i\s+(?:have|'ve\s+got|got)\s+(?:a|an)\s+(?:small\s+|quick\s+|big\s+|weird\s+)?(?:problem|issue|question)"
    r"\s*(?:with\s+(?=\w))?[:,-]?"
    r"|(?:can|could|would)\s+(?:you|someone|somebody|anyone)\s+(?:please\s+)?help(?:\s+me)?(?:\s+with)?[:,?]?"
    r"|(?:please|pls|plz)\b\s*[:,]?"
    # a plea run into the problem: "pls help the obs machine won't send readings", "help me with outlook crashing"
    r"|(?:(?:please|pls|plz|kindly)\s+)?help(?:\s+(?:me|us))?(?:\s+(?:please|pls|plz))?(?:\s+with)?\s*[:,!-]?(?!\s*desk)(?=\s*\w)"
    # a formal request: "I should be grateful if you would arrange ...", "I would appreciate it if you could ..."
    r"|(?:i|we)\s+(?:should|would|'d)\s+be\s+(?:most\s+|very\s+)?(?:grateful|obliged|thankful)\s+if\s+(?:you|someone)\s+"
    r"(?:could|would|might|can)\s+(?:kindly\s+|please\s+)?"
    r"|(?:i|we)\s+(?:would|'d)\s+(?:really\s+)?appreciate\s+(?:it\s+)?if\s+(?:you|someone)\s+(?:could|would|can)\s+"
    r"(?:kindly\s+|please\s+)?"
    r"|would\s+you\s+be\s+so\s+kind\s+as\s+to\s+"
    # a narrative lead-in before the fault: "this morning I came in and", "when I logged on today,"
    r"|(?:this\s+morning|today|yesterday|earlier(?:\s+today)?|last\s+night|tonight|on\s+\w+day)\s*,?\s*(?:i|we)\s+"
    r"(?:came|got|arrived|logged|sat|started|turned|switched|booted|walked|went|opened|tried)\b[^,.]{0,30}?\s*(?:,|\band\b)"
    r"\s*(?:then\s+)?(?:(?:found|noticed|saw|realised|realized)\s+(?:that\s+)?)?"
    r"|(?:when|after|as\s+soon\s+as)\s+(?:i|we)\s+(?:came\s+in|got\s+in|arrived|logged\s+(?:on|in)|sat\s+down|started\s+up|"
    r"turned\s+on|switched\s+on|booted\s+up)(?:\s+(?:this\s+morning|today|yesterday))?\s*,\s*"
    r"|(?:i\s+)?(?:think|guess|believe)\s+(?:that\s+)?"
    r"|(?:(?:it|this|that)\s*(?:'s|\s+is)?\s*)?(?:(?:not|isn'?t|n't)\s+(?:that\s+|very\s+|super\s+)?(?:urgent|critical|"
    r"a\s+big\s+deal|pressing|a\s+priority)|no\s+rush|"
    r"no\s+hurry|nothing\s+urgent|low\s+priority)\b[^,.;:]*?(?:,\s*(?:but\s+)?|\s+but\s+|\s*[:;–-]+\s*)"
    r"|(?:when(?:ever)?\s+you\s+(?:get|have)\s+a\s+(?:chance|moment|minute|sec(?:ond)?)|whenever\s+(?:you\s+can|"
    r"convenient|possible))\s*[,:;-]+"
    # a conditional courtesy before the request: "if you have a minute could you", "if it's not too much trouble,"
    r"|(?:if|when)\s+(?:you|u|someone|anyone)\s+(?:have|has|get|gets|got|find)\s+(?:a\s+)?(?:minute|moment|sec(?:ond)?|"
    r"chance|min|spare\s+(?:minute|moment)|bit\s+of\s+time|(?:some\s+)?time)(?:\s+(?:today|later|this\s+week))?\s*[,:;-]*"
    r"|if\s+(?:it'?s|it\s+is)\s+not\s+too\s+much\s+(?:trouble|bother)\s*[,:;-]*"
    # formal openings: "Please be advised that", "This is to inform you that", "I wish to report that"
    r"|(?:(?:please\s+)?(?:be\s+advised|be\s+informed)|please\s+note|kindly\s+(?:be\s+advised|note)|this\s+is\s+to\s+"
    r"(?:inform|let)\s+you(?:\s+know)?|i\s+(?:wish|would\s+like|'d\s+like)\s+to\s+(?:inform\s+you|report|notify\s+you|"
    r"bring\s+to\s+your\s+attention)|for\s+your\s+information|we\s+(?:wish|would\s+like)\s+to\s+(?:inform\s+you|report))"
    r"\s*(?:that\b)?\s*[,:]?"
    r")\s*",
    re.IGNORECASE)
# Courtesies and pleas at the end of a sentence that holds the problem.
_TAIL = re.compile(
    r"(?:[\s,;:-]+(?:(?:please|pls|plz|asap|thanks?|thank\s+you|thx|cheers|help|urgently|lol|haha|:\)|"
    # courtesies people switch languages for: "ayuda porfa", "merci", "bitte", "grazie", "shukriya", "salamat po"
    r"(?:ayuda\s+)?(?:porfa(?:vor)?|por\s+favor)|ayuda|gracias|muchas\s+gracias|merci(?:\s+beaucoup)?|svp|s'il\s+vous\s+pla[iî]t|"
    r"bitte|danke(?:\s+sch[oö]n)?|grazie(?:\s+mille)?|per\s+favore|obrigad[oa]|(?:bohat\s+|bahut\s+)?shukriya|"
    r"dhanyavaad|salamat(?:\s+po)?|arigato|спасибо(?:\s+большое)?|감사합니다|고맙습니다|ありがとう(?:ございます)?|谢谢|شكرا|"
    # who approved it is for the agent, not the Subject: "my manager Olga already approved it"
    r"(?:my\s+)?(?:line\s+)?(?:manager|boss|lead|team\s+lead|supervisor|director)(?:\s+(?-i:[A-Z][a-z]+))?\s+(?:has\s+|have\s+)?"
    r"(?:already\s+)?(?:approved?|signed\s+off|ok'?d|agreed)(?:\s+(?:it|this|that))?|"
    r"any\s+ideas?|any\s+help|if\s+possible|when\s+you\s+(?:can|get\s+a\s+chance)|not\s+a\s+big\s+deal|no\s+rush|"
    r"no\s+hurry|not\s+urgent|whenever\s+(?:you\s+can|convenient|possible)|when\s+you\s+have\s+(?:a\s+)?(?:time|moment)|"
    r"(?:can|could)\s+(?:you|someone)\s+(?:please\s+)?(?:help|check|look|fix)\b[^.]{0,30}|" + _PLEA + r")\W*))+$",
    re.IGNORECASE)
# "could you please reset my password?": the request is the verb phrase after the modal.
_ASK = re.compile(r"^(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\s+(?:please\s+|pls\s+|kindly\s+|"
                  r"possibly\s+)?(?=(?:reset|unlock|install|set\s+up|setup|give|grant|add|remove|create|enable|disable|"
                  r"replace|order|send|fix|update|upgrade|change|restore|recover|move|renew|extend|delete|activate|"
                  r"re-?enable|re-?activate|repair)\b)", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
_NEGATION = re.compile(r"\b(?:can'?t|cannot|won'?t|doesn'?t|don'?t|isn'?t|aren'?t|didn'?t|not|no\s+longer|"
                       r"unable|never|nothing|nobody|no\s+one)\b", re.IGNORECASE)
_PROBLEM = re.compile(r"\b(?:takes?|taking|keeps?|since|every\s+time|whenever|error|again|anymore|"
                      r"any\s+more|only|instead)\b", re.IGNORECASE)
# Words a cut subject should not end on.
_DANGLING = frozenset("a an the my our your their his her its to of for in on at by with from and or but so "
                      "that which who when since because if as is are was were be been it this than then "
                      "very really just also even".split())


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

    text = _MENTION.sub(" ", _URL.sub(keep, _join_lists(prose(text or ""))))
    parts = (re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], p).strip() for p in _SPLIT.split(text) if p)
    return [p for p in parts if re.search(r"\w", p)]


# An aside in brackets ("(we're now next to the kitchen, which is lovely lol)"), closed or running to the end.
_ASIDE = re.compile(r"(?<=\s)\([^()]*(?:\)|$)")       # "f('x')", "item(s)": not asides


def _informative(aside: str) -> bool:
    """An aside that names the thing ("(Zebra ZT410)", "(the HP one)"): kept; chatter is dropped."""
    return bool(re.search(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d-]{2,}\b|\b(?!I\b|I'|OK\b|BTW\b)[A-Z][\w-]+", aside))


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
    m = _ASK.match(s)
    if m and len(s[m.end():].split()) >= 2:
        s = s[m.end():].rstrip("? ")
    s = _TAIL.sub("", s).strip()
    return s.strip(" ,;:-–—").rstrip(".!… ").strip()


def is_courtesy(sentence: str) -> bool:
    """True for a sentence that is only a greeting, pleasantry, venting, sign-off, name or plea."""
    return bool(_DROP.match(" ".join(sentence.split())))


def _score(sentence: str) -> int:
    words = [w.casefold().strip("'’") for w in _WORD.findall(sentence)]
    score = 0
    score += 3 * sum(1 for w in words if w in IT_TERMS)
    score += 2 * sum(1 for w in words if w in BROKEN_CUES or w in REQUEST_CUES)
    score += 2 * len(_NEGATION.findall(sentence)) + len(_PROBLEM.findall(sentence))
    if len(words) >= 4:
        score += 1
    if sentence.rstrip().endswith("?") and score < 3:
        score -= 1  # a question without problem words is usually a plea ("could you check?")
    return score


def problem_sentences(text: str) -> list[str]:
    """The sentences that may state the problem (courtesies dropped, leading/trailing courtesies cut)."""
    out = []
    for s in sentences(text):
        cleaned = _clean(s)
        if is_courtesy(s) and (cleaned == " ".join(s.split()) or _score(cleaned) < 3):
            continue            # "please help me with this" (but "pls help the scanner won't scan" states the problem)
        if len(cleaned.split()) >= 2 and not is_courtesy(cleaned):
            out.append(cleaned)
    return out


def says_what_is_wrong(text: str) -> bool:
    """True when a sentence of the message names a fault or a want (a negation, a broken or request word): "the key
    is with Marek, desk phone 2210" states a detail, not a problem."""
    return any(_NEGATION.search(s) or {w.casefold() for w in _WORD.findall(s)} & (BROKEN_CUES | REQUEST_CUES)
               for s in problem_sentences(text))


def states_problem(text: str) -> bool:
    """True when the message says something is wrong or wanted beyond its courtesies ("… could you check?
    Kind regards, Tom" does; "thanks so much, Tom!" does not)."""
    return any(_score(s) >= 3 for s in problem_sentences(text))


# A whole sentence (at least `_HEADLINE_WORDS` words) scoring at least this share of the best states the
# problem about as well; the earliest such one is kept (people lead with the problem, then pile up symptoms
# and what they tried, which adds cue words but not a better summary).
_NEAR_BEST = 0.5
_HEADLINE_WORDS = 4


# A sentence opening on a word that points back ("It's a ThinkPad with client files on it", "They are all HP"):
# a detail about what an earlier sentence stated.
_POINTS_BACK = re.compile(r"^(?:it|it'?s|its|this|that|they|they'?re|these|those|both|which)\b", re.IGNORECASE)


def headline(candidates: list[str]) -> str:
    """The problem sentence among `candidates`: the earliest whole sentence scoring near the best (a detail pointing
    back at an earlier stated sentence counts at half its score)."""
    scores = [_score(c) for c in candidates]
    scores = [sc // 2 if i and _POINTS_BACK.match(c) and max(scores[:i]) >= 3 else sc
              for i, (c, sc) in enumerate(zip(candidates, scores, strict=True))]
    top = max(scores)
    return next(c for c, sc in zip(candidates, scores, strict=True)
                if sc == top or (sc >= max(3, _NEAR_BEST * top) and len(c.split()) >= _HEADLINE_WORDS))


def cut(text: str, target: int = TARGET, hard_max: int = HARD_MAX) -> str:
    """`text` cut to about `target` characters: whole when it fits in `hard_max` - 20; else at a clause
    boundary (", ", " - ", "; ", " because ", " and ", " but "...): the last before the target and no earlier than
half of it, else the first after it; else at a
    word boundary before `target`. Never over `hard_max`; never ending on "the", "and", "to"..."""
    text = " ".join(text.split())
    if len(text) <= max(target, hard_max - 20):
        return text
    best = -1
    for m in re.finditer(r"\s*(?:[,;(]|\s[-–—]\s|\s(?:because|as|so|and|but|which|while|after|when|unless|until|whenever)\s)", text):
        if target // 2 <= m.start() <= hard_max - 5:
            if m.start() > target and best > 0:
                break        # the last boundary before the target; past it only when there is none before
            best = m.start()
            if m.start() > target:
                break
    head = text[:best] if best > 0 else text[: target + 1].rsplit(" ", 1)[0]
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
_SINCE = re.compile(r"^(?:ever\s+)?since\s+(?:[^\s,]+\s+){1,8}?,?\s*(?=(?:my|the|our|i|we|it|all|every|none|nothing)\b)",
                    re.IGNORECASE)


def summarize(text: str, *, target: int = TARGET, hard_max: int = HARD_MAX) -> str:
    """The case Subject for a message: its problem sentence, cleaned and cut (see the module docstring).
    Falls back to the whole message (cut) when no sentence stands out."""
    candidates = problem_sentences(text)
    if candidates:
        best = headline(candidates)
    else:
        best = " ".join(sentences(text)) or " ".join((text or "").split())
    if len(best) > target and len(clauses := [c for c in _CLAUSE.split(best) if len(c.split()) >= 4]) > 1:
        best = max(clauses, key=_score)   # "I got in, made a coffee, sat down, and the plotter prints pink": the fault
    if len(best) > target and (lead := _SINCE.match(best)) and len(best[lead.end():].split()) >= 4:
        best = best[lead.end():]   # the fault first when the sentence must be cut: "since we moved desks, my dock ..."
    subject = _unshout(cut(best, target, hard_max))
    first = subject.split(" ", 1)[0]
    if first.casefold() in IT_TERMS and first.islower():  # "vpn down": a product's casing is unknown
        return subject
    if _URL.match(first):  # "https://intranet/expenses shows a 502": an address keeps its case
        return subject
    return subject[:1].upper() + subject[1:]
