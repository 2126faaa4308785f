"""Entities in an utterance: case references (number or Salesforce Id). Search keywords are words.py's.

Everything here is rules, not statistics: a case number must be right every time, and the rules below are
easier to audit than a model. The policy, in order:

1. A Salesforce Case Id (key prefix ``500``, 15 or 18 alphanumerics, with at least one digit after the
   prefix) anywhere in the text is a case Id.
2. An *explicit* reference is a case number: a number of 1-8 digits right after a case word
   (``case``, ``ticket``, ``cs``, ``sr``, ``req``, ``incident``; ``request`` only with ``#``/``no``), optionally followed by ``#``,
   ``no``, ``nr``, ``num``, ``number``, ``id``, ``:`` or ``-`` (``case 1234``, ``ticket #1234``,
   ``CS-00001234``, ``case number: 42``, ``ticket no. 7``); or ``#`` followed by 1-8 digits (``#1234``)
   unless a word before it names something else (``order #12345``, ``PR #42``); or Salesforce's own
   zero-padded 8-digit CaseNumber (``00001234``) anywhere.
3. A *bare* number is only a candidate: 3-8 digits standing alone (no ``.``/``:``/``/``/``,`` or digit group
   glued to it, not part of a phone number, money, time, percentage, version, IP or date) and not named by
   the words around it as something else (``error 404``, ``windows 11``, ``3 days``, ``room 204``, ``in 2024``).
   A number of any length right after a case verb ("reopen 42", "close #7", "status of 12") is a candidate
   too. The caller accepts a candidate only when the intent acts on an existing case (status, comment,
   close, reopen): "close 1234" names a case, "my monitor model 2419 flickers" does not.
4. Anything longer than 8 digits is never a case number (phone numbers, order ids).

All numbers are normalised to 8 digits, zero-padded (``1234`` -> ``00001234``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

CASE_NUMBER_DIGITS = 8

# --- case references ------------------------------------------------------------------------------------

_CASE_WORD = (r"(?:case|cases|ticket|tickets|tix|tkt|cs|sr|req|request|incident"
              # the same in the languages people write in: "el caso 4411", "den Fall 4411", "le dossier 4411"
              r"|caso|incidencia|solicitud|chamado|dossier|demande|melding|zg[lł]oszenie|segnalazione|richiesta|anfrage"
              r"|(?-i:Fall)(?!\s+(?:19|20)\d\d\b))")
_NUM_WORD = r"(?:\#|no\.?|nr\.?|num\.?|number|id)"
# Case words short enough to be part of a name when a number is glued on ("cs2", "sr1").
_SHORT_FORMS = frozenset({"cs", "sr", "req", "tkt", "tix"})
_EXPLICIT = re.compile(
    rf"(?<![\w#])(?P<word>{_CASE_WORD})\s*(?:[:\-_]\s*)?(?:{_NUM_WORD}\s*[:\-]?\s*)?\#?\s*(?P<num>\d{{1,8}})(?![\d\w]|[.,:/]\d)",
    re.IGNORECASE,
)
_HASH = re.compile(r"(?<![\w&])\#\s?(?P<num>\d{1,8})(?![\d\w]|[.,:/]\d)")
_CASE_ID = re.compile(r"(?<![A-Za-z0-9])(?P<id>500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)(?![A-Za-z0-9])")
_BARE = re.compile(r"(?<![\w$€£¥#+\-./:,~≈])(?P<num>\d{3,8})(?![\w%€£$°+]|[.,:/\-]\d)")   # "300+ bidders", "~400": counts

# Words that, right before a number, say what the number is (and so that it is not a case).
_NOT_CASE_BEFORE = frozenset(
    """error err code http exit windows win macos ios android iphone ipad galaxy pixel office excel
    version ver v build release update kb patch firmware bios model sku part serial room floor building bldg
    desk ext extension phone tel mobile cell call port vlan line step page slide row column col cell
    chapter section item order po invoice account acct employee badge id pin zip postal gate seat
    otp passcode token verification sms 2fa mfa pr bug story epic sprint pull
    tag asset sn imei mac ip host hostname device machine pc computer laptop printer monitor screen
    in since from until till before after by year fy q1 q2 q3 q4 of around about approx approximately
    jan january feb february mar march apr april may jun june jul july aug august sep sept september
    oct october nov november dec december monday tuesday wednesday thursday friday saturday sunday
    at usd eur gbp rs inr chf jpy cad aud over under than top
    """.split()
)
# Words that, right after a number, say what the number is.
# What a screen or a program says, quoted: a bare number in it is the program's, never a case.
_QUOTED = re.compile(r"(?<!\w)(?:'[^'\n]{2,160}'|\"[^\"\n]{2,160}\"|“[^”\n]{2,160}”|‘[^’\n]{2,160}’|`[^`\n]{1,160}`)(?!\w)")
_NOT_CASE_AFTER = frozenset(
    """days day hours hour hrs hr h minutes minute mins min m seconds second secs sec s weeks week wks
    months month years year yrs times time am pm a.m p.m gb mb kb tb ghz mhz hz inch inches in cm mm px
    dpi percent pct % people users user employees persons person colleagues folks emails messages
    mails files pages tabs items rows dollars dollar bucks usd eur euros euro gbp pounds rupees k
    laptops monitors screens licenses licences seats st nd rd th x ms fps bit bits
    bad forbidden unauthorized unauthorised gateway
    """.split()
)
# Words ending in -s after a number that are verbs, not the plural of what is counted ("1234 still says", "1234 is").
_S_VERBS = frozenset("is was has does says shows keeps needs works looks seems goes gets lets means stays remains "
                     "status".split())


def _counts(word: str) -> bool:
    """A plural right after a bare number says it counts things ("120 pieces", "40 stores"): no case number."""
    return len(word) >= 4 and word.endswith("s") and not word.endswith("ss") and word not in _S_VERBS


# The only words a bare case number follows directly (a space between, no punctuation): verbs that act on a case,
# prepositions and determiners ("close 1234", "news on 1234", "re the 1234 one"). Any other word right before a
# number names what the number is ("branch 212", "bay 4", "store 1234", "lane 12"), whatever that word.
_MAY_PRECEDE = frozenset(
    """close closed reopen open opened cancel cancelled resolve resolved status check checking update updates comment
    add on about for to re regarding with of is was it number no nr num what whats what's how hows how's any news
    progress my the this that and or please pls plz mark set also see ref reference follow following chase
    chasing into onto under still again happened happening where when why can could would will should did does do
    has have had are were be been hi hiya hey heya hello yo morning dear team all folks guys thanks thx cheers ok okay
    yes no so um er fyi btw sorry oh ah hmm well
    cierra cierre cerrar reabre reabrir ferme fermer fermez rouvrir rouvrez schliessen schließen schließe chiudi
    chiudere riapri riaprire fecha fechar reabra sluit sluiten heropen zamknij el la le les mi mon ma mein meinen
    den das il lo o het mijn mój moje de del du
    """.split()
)
# A short number right after a verb that acts on a case ("reopen 42", "close 7") is a candidate too.
_AFTER_VERB = re.compile(
    r"\b(?:close|reopen|re-open|cancel|resolve|status(?:\s+of)?|check(?:\s+on)?|update(?:\s+on)?|comment\s+on)"
    r"\s+\#?(?P<num>\d{1,8})(?![\d\w%$]|[.,:/\-]\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.\-]?)?(?:\(?\d{2,4}\)?[\s.\-]){1,4}\d{2,4}")
_VERSIONISH = re.compile(r"\d+(?:\.\d+)+")


@dataclass(frozen=True)
class CaseRefs:
    """What an utterance says about which case it means."""

    explicit_number: str | None  # from "case 1234", "#1234", "CS-00001234"
    bare_number: str | None  # a standalone number that may be a case number if the intent acts on a case
    case_id: str | None  # a 15/18-character Salesforce Case Id
    spans: tuple[tuple[int, int], ...]  # character spans of the references (explicit, id, bare), for masking

    def number_for(self, acts_on_case: bool) -> str | None:
        """The case number to report: explicit always; bare only when the intent acts on a case."""
        if self.explicit_number:
            return self.explicit_number
        return self.bare_number if acts_on_case else None


def normalise_case_number(digits: str) -> str | None:
    """``"1234"`` -> ``"00001234"``; None when it cannot be a case number (empty, all zeros, > 8 digits)."""
    digits = digits.strip()
    if not digits.isdigit() or len(digits) > CASE_NUMBER_DIGITS or int(digits) == 0:
        return None
    return digits.zfill(CASE_NUMBER_DIGITS)


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Spans that look like phone numbers: at least 7 digits in groups, or starting with ``+``."""
    spans = []
    for m in _PHONE.finditer(text):
        chunk = m.group(0)
        digits = sum(ch.isdigit() for ch in chunk)
        grouped = bool(re.search(r"\d[\s.\-()]+\d", chunk))
        if (digits >= 7 and grouped) or chunk.lstrip().startswith("+"):
            spans.append(m.span())
    return spans


# The word that says what a number is stands in the same line and clause: "Dear Service Desk,\n4417: it's broken
# again" names no desk.
_CLAUSE_BREAK = "\n,;!?"


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z][A-Za-z.]*)(\W*)$", text[:start])
    return m.group(1).lower().rstrip(".") if m and not any(ch in _CLAUSE_BREAK for ch in m.group(2)) else ""


def _word_after(text: str, end: int) -> str:
    m = re.match(r"[^\S\n]*([A-Za-z%][A-Za-z.]*)", text[end:])
    return m.group(1).lower().rstrip(".") if m else ""


def _case_word_typo(word: str) -> bool:
    """"tickt", "tikcet", "csae": a case word mistyped (it still points at a case number)."""
    w = word.lower()
    return len(w) >= 4 and any(SequenceMatcher(None, w, c).ratio() >= 0.75 for c in ("ticket", "case", "request",
                                                                                      "incident"))


def find_case_refs(text: str) -> CaseRefs:
    """Find the case number / Id an utterance names (see the module docstring for the rules)."""
    spans: list[tuple[int, int]] = []
    case_id = None
    m = _CASE_ID.search(text)
    if m and any(ch.isdigit() for ch in m.group("id")[3:]) and any(ch.isalpha() for ch in m.group("id")):
        case_id = m.group("id")
        spans.append(m.span())

    explicit = None
    for m in _EXPLICIT.finditer(text):
        word = m.group("word").lower()
        # "request 2 monitors" / "2 cases": a count, not a reference.
        if word == "request" and not re.search(r"[#:\-]|no|num|id", m.group(0)[len(word):], re.I):
            continue
        if _word_after(text, m.end()) in _NOT_CASE_AFTER:
            continue
        if word in _SHORT_FORMS and m.end("word") == m.start("num") and len(m.group("num")) < 3:
            continue   # "the cs2 servers", "SR1": a product's or thing's name, not case 2
        number = normalise_case_number(m.group("num"))
        if number:
            explicit = explicit or number
            spans.append(m.span())
    if explicit is None:
        for m in _HASH.finditer(text):
            if _word_before(text, m.start()) in _NOT_CASE_BEFORE:  # "order #12345", "PR #42"
                continue
            before = re.search(r"([A-Za-z][\w-]*)[ \t]+$", text[:m.start()])
            if len(m.group("num")) <= 3 and before and before.group(1).lower() not in _MAY_PRECEDE \
                    and not _case_word_typo(before.group(1)):
                continue   # "GC-MS #2", "till #3": the thing's own number
            number = normalise_case_number(m.group("num"))
            if number:
                explicit = number
                spans.append(m.span())
                break

    bare = None
    if explicit is None:
        m = _AFTER_VERB.search(text)
        if m and _word_after(text, m.end()) not in _NOT_CASE_AFTER:
            bare = normalise_case_number(m.group("num"))
            if bare:
                spans.append(m.span("num"))
    if explicit is None and bare is None:
        blocked = _phone_spans(text) + [vm.span() for vm in _VERSIONISH.finditer(text)] + spans \
            + [q.span() for q in _QUOTED.finditer(text)]   # "it says 'Upload failed: 413 Request Entity Too Large'"
        for m in _BARE.finditer(text):
            start, end = m.span()
            if any(s <= start < e or s < end <= e for s, e in blocked):
                continue
            digits = m.group("num")
            if len(digits) == CASE_NUMBER_DIGITS and digits.startswith("0") and normalise_case_number(digits):
                explicit = digits  # "00001234": Salesforce's own CaseNumber format, nothing else looks like it
                spans.append((start, end))
                break
            if _word_before(text, start) in _NOT_CASE_BEFORE or _word_after(text, end) in _NOT_CASE_AFTER \
                    or _counts(_word_after(text, end)):
                continue
            adjacent = re.search(r"([A-Za-z][A-Za-z'’]*)[ \t]+$", text[:start])
            if adjacent and adjacent.group(1).lower() not in _MAY_PRECEDE and not _case_word_typo(adjacent.group(1)):
                continue  # "branch 212", "bay 4": the word names the number
            named = re.search(r"([A-Za-z][A-Za-z'’]*)[ \t]+(?:number|no|nr|num|id|code)\.?(?:[ \t]+(?:is|was)|[ \t]*[:=])?[ \t]+$",
                              text[:start], re.IGNORECASE)   # (or "her staff number is 40219")
            if named and named.group(1).lower() not in _MAY_PRECEDE and not _case_word_typo(named.group(1)):
                continue  # "officer number 212", "asset no 4471", "staff number is 40219": the number of that thing
            # A bare year ("2024") is a date far more often than a case.
            if len(digits) == 4 and digits[:2] in {"19", "20"} and not digits.startswith("0"):
                continue
            number = normalise_case_number(digits)
            if number:
                bare = number
                spans.append((start, end))
                break
    return CaseRefs(explicit, bare, case_id, tuple(sorted(spans)))
