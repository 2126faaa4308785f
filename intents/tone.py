"""How a message feels, and what a short message acknowledges: rules only.

* ``frustrated(text)``: anger or exasperation ("this is ridiculous", "third time this week", "ugh", "!!!",
  ":rage:", shouting in capitals) -> the bot acknowledges it briefly before the card.
* ``says_fixed(text)``: "thanks, that fixed it", "works now, cheers", "all sorted" -> the problem went
  away (right after a case: offer to close it).
* ``vague_complaint(text)``: "it's not working", "still broken" with nothing said about what -> ask what.
* ``asks_what_agent_wants(text)``: "what did they ask?", "what does the agent need from me?" -> quote the
  agent's latest public comment.
"""
from __future__ import annotations

import re

from .courtesy import GREET as _GREET
from .glossary import english
from .lexicon import BROKEN_CUES, IT_TERMS
from .paste import prose

_FRUSTRATED = re.compile(
    r"\b(?:frustrat\w*|annoy\w*|ridiculous|absurd|unacceptable|fed\s+up|sick\s+(?:and\s+tired\s+)?of|"
    r"tired\s+of|nightmare|useless|hopeless|pathetic|waste\s+of\s+(?:my\s+)?time|driving\s+me\s+(?:crazy|nuts|mad)|"
    r"losing\s+my\s+mind|going\s+crazy|(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time|"
    r"(?:once|yet)\s+again|again\?!|still\s+(?:not|broken|nothing|no)\b|ugh+|argh+|grr+|wtf|ffs|seriously|"
    r"come\s+on|fed-up|furious|angry|livid|fuming|so\s+done\s+with|can'?t\s+believe|how\s+many\s+times|"
    r"every\s+single\s+(?:time|day)|for\s+(?:days|weeks)\s+now|nobody\s+(?:has\s+)?(?:answered|replied|"
    r"responded|helped))"
    r"|:rage:|:angry:|:face_with_symbols_on_mouth:|:triumph:|😡|🤬|😤|😠|!{3,}|\?!",
    re.IGNORECASE)
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")
_ACRONYMS = frozenset("ASAP URGENT HELP VPN SAP HDMI USB WIFI SSO MFA".split())

# What a thing has done when it worked: "loaded", "gone through", "synced".
_DONE_ITS_JOB = (r"(?:loaded|synced|connected|opened|uploaded|sent|printed|started|booted|updated|installed|appeared|reappeared|"
                 r"come\s+through|gone\s+through|come\s+back|cleared|finished|saved|downloaded|arrived)")
# What a thing does when it works: "printing", "connects", "taking payments", "letting me in".
_DOING_ITS_JOB = (r"(?:printing|loading|connecting|connects?|syncing|syncs?|charging|"
    r"charges?|booting|boots?|starting|starts|opening|opens?|sending|sends?|receiving|scanning|scans?|playing|showing|shows?|"
    r"logging\s+in|prints?|loads?|runs?|running|responding|responds?|coming\s+through|going\s+through|showing\s+up|"
    r"turning\s+up|arriving|updating|reading|recogni[sz]ing|accepting|registering|detecting|picking\s+up|streaming|"
    r"displaying|recording|tracking|weighing|processing|dispensing|releasing|unlocking|uploading|downloading|saving|"
    r"taking\s+(?:cards|payments|bookings|calls|orders)|letting\s+(?:me|us|people|them)\s+in)")
_FIXED = re.compile(
    r"\b(?:(?:that|this|it|which|you)\s+(?:has\s+|have\s+)?(?:fixed|solved|sorted|resolved|did)\s+(?:it|the\s+trick)"
    r"|(?:fixed|solved|sorted|resolved)\s+(?:it|now)|(?:it'?s|it\s+is|is|all|everything'?s?)\s+(?:working|sorted|fixed|"
    r"good|fine|ok|okay)\s+(?:now|again)|works?\s+(?:now|again|fine\s+now|perfectly\s+now)"
    r"|now\s+(?:it|they|everything)\s+(?:works?|working|is\s+working)\b(?!\s+(?:but|only|except)\b)|working\s+(?:now|again)"
    r"|(?:seems?|looks?|appears?)\s+(?:to\s+be\s+)?(?:fine|ok|okay|good|normal|sorted|fixed|working(?:\s+fine)?)\s+(?:now|again)"
    r"|all\s+(?:good|sorted|fixed|set)|problem\s+(?:solved|gone)|no\s+longer\s+(?:an\s+issue|needed|a\s+problem)"
    # people let through again: "ok they're getting in now, Sam reset the controller"
    r"|(?:they'?re|they\s+are|we'?re|we\s+are|people\s+are|everyone'?s|everyone\s+is|members\s+are|staff\s+are)\s+"
    r"(?:all\s+)?(?:getting|going|coming)\s+(?:in|through)\s+(?:now|again|fine|ok|okay)\b"
    r"|(?:back\s+)?up\s+and\s+running|got\s+(?:it|them|this|that|everything)\s+(?:all\s+)?(?:working|going|sorted|fixed|to\s+work)\b"
    # a report taken back because it is there again: "oh ignore me, it's back after I logged out and in again"
    r"|^\W*(?:(?:oh|ah|sorry|actually|ok|okay|wait|oh\s+wait)\W+)*(?:ignore\s+(?:me|that|this)|disregard\s+(?:me|that|this)|"
    r"scratch\s+that|false\s+alarm)\b[\s,.!;:–—-]+(?:it'?s|it\s+is|its|they'?re|they\s+are)\s+(?:back|there|showing|fine|ok|"
    r"okay|working)(?:\s+again)?\b|(?:it\s+)?went\s+away|(?:it|error|problem|issue|message|warning|noise|fault|pop-?up|banner|bug)\s+is\s+away(?!\s+(?:until|till|til|for|on|at|from|in|with|today|tomorrow|this|next))|not\s+needed\s+any\s*more|never\s*mind,?\s+it\s+works"
    r"|(?:came|comes|come|is|it'?s|are)\s+back\s+(?:on(?:line)?|up)|(?:fixed|sorted|resolved|solved|unlocked|cleared|"
    r"reconnected|righted|corrected|sorted\s+out)\s+(?:it|them)sel(?:f|ves)"
    # let in again: "oh it's let me in now", "it lets me log in again"
    r"|(?:let|lets|letting)\s+(?:me|us)\s+(?:back\s+)?(?:in|on|log\s+in|sign\s+in|through)\s+(?:now|again)"
    # in again: "supervisor reset it and I'm in now", "we're back in"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:back\s+in|in|logged\s+(?:back\s+)?in|signed\s+(?:back\s+)?in)\s+(?:now|again)\b"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are)\s+back\s+in(?=\s*(?:[.,!;)]|$|and\b|thanks\b|cheers\b))"
    # steady since: "it's been solid for half an hour now", "been fine since the restart"
    r"|(?:it'?s|it\s+has|has|they'?ve|they\s+have|its)\s+been\s+(?:rock\s+)?(?:solid|stable|fine|ok|okay|good|perfect|"
    r"working|spot\s+on)\s+(?:for|since|all)\b"
    # done now, by a verb of its job: "it's loaded now", "they've come through now", "it's synced now"
    r"|(?:it'?s|it\s+has|they'?ve|they\s+have|its|everything'?s)\s+" + _DONE_ITS_JOB + r"\s+(?:\w+\s+){0,2}?now\b"
    # or just done: "nvm they've all just gone through", "it's finally synced"
    r"|(?:it'?s|it\s+has|they'?ve|they\s+have|its|everything'?s)\s+(?:all\s+)?(?:just|finally)\s+" + _DONE_ITS_JOB + r"\b(?!\s+(?:me|us|him|her|them|an?|\w+ing)\b)"
    # a thing doing its job now: "restarted the laptop and Outlook opens now", "the scanner connects fine again" (not
    # "it only opens now after ten minutes")
    r"|(?<!\bonly\s)(?:opens|loads|prints|connects|starts|boots|syncs|scans|runs|launches|logs\s+(?:me\s+)?in|"
    r"signs\s+(?:me\s+)?in)\s+(?:up\s+|fine\s+|ok\s+|okay\s+|properly\s+|normally\s+)?(?:now|again)\b"
    # restarted, and it is back: "ah, restarted Outlook and it's back"
    r"|(?:restarted|rebooted|reopened|refreshed|re-?logged|power[\s-]?cycled|reinstalled|logged\s+out\s+and\s+(?:back\s+)?in)"
    r"\b[^.!?]{0,40}?\band\s+(?:it'?s|it\s+is|its|they'?re|everything'?s|(?:the|my|our)\s+[\w:-]+(?:\s+[\w:-]+)?\s+"
    r"(?:is|are|'s))\s+(?:all\s+)?back\b(?!\s+(?:again|to\s+))"
    # the fault itself stopped: "restarted it and its stopped asking", "it has stopped crashing" (not "stopped working")
    r"|(?:it'?s|its|it\s+has|it|has|they'?ve|they\s+have|they|that'?s|that\s+has)\s+(?:finally\s+|now\s+)?stopped\s+"
    r"(?:asking|prompting|popping\s+up|nagging|crashing|freezing|dropping|disconnecting|flickering|flashing|beeping|"
    r"rebooting|restarting|jamming|lagging|spinning|happening|doing\s+(?:it|that|this)|erroring|complaining|buzzing|"
    r"overheating|glitching|timing\s+out|bouncing|failing|logging\s+(?:me|us)\s+out|kicking\s+(?:me|us)\s+out|"
    r"throwing\s+(?:the\s+|that\s+)?errors?|making\s+(?:that|the|a)\s+(?:\w+\s+)?noise|showing\s+(?:the|that)\s+"
    r"(?:error|message|warning|pop-?up))"
    r"|(?:started|starts|began)\s+(?:working|going\s+out|going\s+through|coming\s+through|printing|sending|syncing|"
    r"loading|connecting|showing)\s+again"
    # "I restarted the laptop and now is ok", "now it's fine": now first
    r"|now\s+(?:it'?s\s+|it\s+is\s+|is\s+|it\s+|everything'?s\s+|everything\s+is\s+|all\s+is\s+)(?:ok|okay|fine|good|"
    r"working|normal|all\s+good|back)|now\s+(?:it\s+)?works\b(?!\s+(?:only|just|half|sometimes|partly))"
    # "ok now it is showing, office say they upload late": now first, the thing doing its job
    r"|\bnow\s+(?:it'?s|it\s+is|they'?re|they\s+are|it|they)\s+" + _DOING_ITS_JOB + r"(?=\s*(?:[.,!;)]|$|and\b|fine\b|ok\b|properly\b))"
    # by itself: "the carer app synced by itself overnight", "it came back on its own"; "the notes are all there now"
    r"|(?:synced|sorted|fixed|resolved|cleared|reconnected|unlocked|worked|recovered|restarted|rebooted|updated|came\s+back|"
    r"came\s+good)\s+(?:it\s*self\s+|\w+\s+)?(?:by\s+itself|on\s+its\s+own|of\s+its\s+own\s+accord)"
    r"|(?:are|is|'re|'s)\s+(?:all\s+)?(?:there|back)\s+(?:now|again)\b"
    # a thing doing its job again: "it's printing now", "it connects again", "they're syncing fine now"
    r"|(?:it'?s|it\s+is|they'?re|they\s+are|it|they)\s+" + _DOING_ITS_JOB + r"\s+(?:fine\s+|ok\s+|okay\s+|properly\s+|normally\s+|again\s+)?"
    # a few words of where between ("they're coming through on the kitchen screen now"), none of a fault
    r"(?:(?!(?:error|errors|not|no|wrong|blank|nothing|the\s+same|garbage|rubbish|half|up|about|around|silly)\b)[\w'-]+\s+){0,5}?(?:now|again))\b",
    re.IGNORECASE)
# What follows "all good" when it answers "how are you?" and the message goes on to ask for something ("all good.
# quick one: can I get Miro installed?"): a request, so nothing was said to be fixed.
_ASKS_FOR = re.compile(r"\b(?:(?:can|could|would|may)\s+(?:i|you|we|u|someone|somebody|anyone)|i\s+(?:need|want|would\s+like)|"
                       r"i'?d\s+like|quick\s+(?:one|question)|one\s+more\s+thing)\b", re.IGNORECASE)
# What after "fixed" says it is not ("..., but it's back", "still", "again"); "but FYI", "but just so you know" do not.
_BUT_NOT_FIXED = (r"\bbut\b(?!\s+(?:fyi|just\s+(?:so\s+you\s+know|letting\s+you\s+know|fyi|flagging)|thought\s+(?:you|i)|"
                  r"wanted\s+to\s+(?:let|say|flag)|for\s+(?:info|information|reference|the\s+record)|thanks|cheers)\b)"
                  # (not an action done again: "after I logged out and in again", "plugged it in again")
                  r"|\bstill\b|(?<!\bin\s)(?<!\bon\s)(?<!\bit\s)(?<!\bup\s)(?<!\bout\s)(?<!\boff\s)\bagain\b")
# An action done again, no relapse: "after I closed and opened Outlook again", "once I logged out and in again".
_DONE_AGAIN = re.compile(r"\b(?:opened|re-?opened|restarted|rebooted|logged|signed|plugged|turned|switched|tried|closed|started|"
                         r"reconnected|connected|unplugged|reinstalled|reset|paired|re-?paired)\b(?:\s+[\w'-]+){0,3}?\s+again\b",
                         re.IGNORECASE)
# A fault that comes back, and what the person does each time: "every time after lunch, I restart it and it works again".
_HABIT = re.compile(r"\b(?:every\s+(?:time|day|morning|afternoon|evening|night|week|\w+day|couple\s+of\s+\w+|few\s+\w+|hour)|"
                    r"each\s+(?:time|day|morning)|whenever|always|several\s+times|a\s+few\s+times\s+a\s+\w+|"
                    r"keeps?\s+\w+ing|every\s+so\s+often|now\s+and\s+then|from\s+time\s+to\s+time)\b", re.IGNORECASE)
# What was done once since (a past tense): after it, "it works again" is news that the fault went away.
_DONE_SINCE = re.compile(r"\b(?:restarted|rebooted|reinstalled|fixed|sorted|reset|updated|replaced|swapped|cleared|"
                         r"unplugged|changed|tried|did|came|went|turned\s+(?:it\s+)?off)\b", re.IGNORECASE)
_CLOSE = re.compile(r"\b(?:close|closing|cancel|resolve|mark|shut)\b", re.IGNORECASE)
_STILL_BROKEN = re.compile(r"\b(?:not|n't|still|again|no\s+longer\s+works?|stopped)\b", re.IGNORECASE)

# Who is addressed before it: "hey,", "mate", "morning lads" (courtesy.py's greetings).
_ADDRESSED = (r"^\W*(?:(?:" + _GREET + r"|help|ugh|argh|so|ok|okay|sorry|there|team|all|everyone|mate|lads|guys|folks|"
              r"boss|chief|pal)\W+)*")
# A fault with nothing said about what: "not working", "gone wrong", "playing up", "stopped", "doing it again".
_VAGUE_FAULT = (r"(?:broken|broke|down|dead|busted|wrong|gone\s+wrong|playing\s+up|acting\s+(?:up|weird|funny|strange)|"
                r"messed\s+up|on\s+the\s+blink|packed\s+(?:up|in)|died|crashed|stopped(?:\s+working)?|failed|frozen|"
                r"stuck|glitching|bugging\s+out|doing\s+(?:it|that|this)(?:\s+thing)?)")
_ADDRESSED_LEAD = re.compile(_ADDRESSED, re.IGNORECASE)
_VAGUE = re.compile(
    _ADDRESSED + r"(?:(?:its|it|this|that|things?|stuff|everything|nothing|something|some\s*thing|smth|sth)\s*)?"
    r"(?:'s|s|is|are|does|do|has|'re)?\s*(?:still\s+|just\s+|really\s+)?"
    r"(?:not|n'?t|no\s+longer)\s*(?:working|work|works|going|loading|happening|responding|functioning|right)"
    r"(?:\s+(?:again|anymore|any\s+more|at\s+all|still|now|properly|today))*\W*$"
    r"|" + _ADDRESSED + r"(?:it|this|that|everything|stuff|its|something|some\s*thing)\s*(?:'s|s|is|has|'ve)?\s*"
    r"(?:still\s+|just\s+|gone\s+and\s+)?" + _VAGUE_FAULT + r"(?:\s+(?:again|still|now|on\s+me|today))*\W*$"
    r"|" + _ADDRESSED + r"(?:(?:it|this|that)\s+)?(?:still\s+)?(?:doesn'?t|does\s+not|won'?t|will\s+not|didn'?t|did\s+not)\s+work"
    r"(?:\s+(?:again|anymore|any\s+more|either|still))*\W*$",
    re.IGNORECASE)


def frustrated(text: str) -> bool:
    """True when the message sounds angry or exasperated."""
    text = prose(text or "")  # capitals and "error" in a pasted log are the program's, not the person's
    if _FRUSTRATED.search(text):
        return True
    shouted = [w for w in _SHOUT.findall(text) if w not in _ACRONYMS]
    return len(shouted) >= 2


# Any thing doing what it does again: "oh it's moving again now", "they're ticking over again" (not a fault again:
# "it's crashing again", "it's happening again").
_DOING_AGAIN = re.compile(r"\b(?:it'?s|it\s+is|its|they'?re|they\s+are|everything'?s)\s+(?:all\s+)?([a-z]+ing)\s+(?:over\s+|along\s+)?"
                          r"(?:again|fine\s+again|normally\s+again|properly\s+again)(?:\s+now)?\b", re.IGNORECASE)
_FAULT_AGAIN = frozenset("happening buffering blinking flashing ringing alarming leaking jamming skipping stuttering misbehaving "
                         "complaining erroring timing throwing asking prompting nagging popping logging kicking resetting "
                         "acting playing doing overheating shutting switching turning cutting dying failing losing stopping "
                         "sticking catching clicking grinding squealing whining humming buzzing rattling tripping faulting "
                         "beeping crashing freezing".split())


def _back_to_it(text: str) -> re.Match[str] | None:
    m = _DOING_AGAIN.search(text)
    if m is None:
        return None
    verb = m.group(1).casefold()
    return None if verb in BROKEN_CUES or verb in _FAULT_AGAIN else m


def says_fixed(text: str) -> bool:
    """True when the message says the problem went away ("thanks, that fixed it"), not that it is back."""
    text = text or ""
    m = _FIXED.search(text) or _back_to_it(text)
    if not m:    # "ya funciona, todo bien": read in English (glossary.py)
        text = english(text)
        m = _FIXED.search(text) or _back_to_it(text)
    if not m:
        return False
    before, after = text[: m.start()], text[m.end():]
    if re.search(r"\b(?:(?:needs?|want|wants)\s+(?:this|it|that|them|these|those)?|(?:get|got\s+to\s+get|have)\s+"
                 r"(?:this|it|that|them|these|those)|(?:need\s+to|has\s+to|have\s+to|must)\s+be)\s*$", before, re.IGNORECASE):
        return False   # "Control needs this fixed now", "can you get it sorted now": wanted, not done
    if (habit := _HABIT.search(before)) and not _DONE_SINCE.search(before[habit.end():]):
        return False   # "shows 'Disconnected' every time after lunch, I restart it and it work again": a way round a
        # fault that keeps coming back, not a fault gone ("it kept freezing, restarted it and it works now" is)
    return not re.search(r"\b(?:not|never|no|isn'?t|wasn'?t|hasn'?t|didn'?t|won'?t|can'?t|cannot|doesn'?t|don'?t|"
                         r"wouldn'?t|couldn'?t|aren'?t|weren'?t|haven'?t|will\s+not|refuses\s+to|fails\s+to|if)\s*$",
                         before, re.IGNORECASE) \
        and not re.search(_BUT_NOT_FIXED, _DONE_AGAIN.sub(" ", after), re.IGNORECASE) and not (_ASKS_FOR.search(after) and not _CLOSE.search(after))


# Thanks or praise for help already given: "big thanks to whoever replaced my keyboard on Monday", "the engineer
# yesterday was brilliant with my phone setup". Not when a fault or a request follows ("..., but now the scanner ...").
_THANKS_FOR_HELP = re.compile(
    r"\b(?:thanks?|thank\s+you|cheers|kudos|shout\s*-?out|props|grateful|appreciate)\b[^.?!]*?\b(?:for|to)\b[^.?!]*?"
    r"\b(?:fix(?:ed|ing)?|sort(?:ed|ing)?|replac(?:ed|ing)|set(?:ting)?\s+(?:it\s+|me\s+)?up|help(?:ed|ing)?|resolv(?:ed|ing)|"
    r"rescu(?:ed|ing)|swapp?(?:ed|ing)|install(?:ed|ing)|repair(?:ed|ing)|recover(?:ed|ing)|reset(?:ting)?)\b"
    r"|\b(?:was|were|have\s+been|has\s+been)\s+(?:so\s+|really\s+|absolutely\s+)?(?:brilliant|great|amazing|"
    r"fantastic|helpful|excellent|a\s+star|stars|lovely|legends?|superb|wonderful|quick|fast)\b"
    # praise of what was given: "the new scanners are class, way faster than the old ones"
    r"|\bnew\s+(?:\w+\s+){0,2}?(?:is|are|'s|'re)\s+(?:so\s+|really\s+|absolutely\s+)?(?:class|brilliant|great|amazing|"
    r"awesome|fab|fabulous|lovely|fantastic|superb|perfect|a\s+game\s*-?changer|(?:way|much|so\s+much)\s+(?:faster|better))\b",
    re.IGNORECASE)
_MORE_AFTER_THANKS = re.compile(r"\b(?:but|however|although|though|now|still|again|also|could\s+you|can\s+you|would|"
                                r"if\s+(?:you|someone|somebody)|to\s+be|arrange|"
                                r"can\s+i|could\s+i|need|not|n't|no\s+longer)\b|\?", re.IGNORECASE)


def thanks_for_help(text: str) -> bool:
    """True for thanks or praise for help already given, with nothing new asked or reported."""
    return bool(_THANKS_FOR_HELP.search(text or "")) and not _MORE_AFTER_THANKS.search(text or "")


def vague_complaint(text: str) -> bool:
    """True for "it's not working" and the like: something is wrong, nothing says what; also with a few words
    around it that name nothing ("nu merge 😡 its not working": the same said first in the person's language)."""
    text = (text or "").strip()
    if _VAGUE.match(text) or _nothing_named(text):
        return True
    parts = [p.strip() for p in _PARTS.split(text) if p.strip(" ,;:-")]
    if len(parts) < 2 or not any(_VAGUE.match(p) for p in parts):
        return False
    return all(_VAGUE.match(p) or (len(p.split()) <= 3 and not re.search(r"\d", p)
                                   and not {w.casefold() for w in re.findall(r"[A-Za-z]+", p)} & IT_TERMS)
               for p in parts)


_PARTS = re.compile(r"[.!?…\n,]+|[\U0001F000-\U0001FAFF\u2600-\u27BF]+")
# The words of a complaint that names nothing: "hello, again problem with system, not possible to work".
_NAMES_NOTHING = frozenset("""
a an the my our this that it its it's is are was am be been again still now today always problem problems issue issues
trouble system systems thing things stuff everything nothing something not no possible impossible work working works
able with in on at for of to and or but please pls help me us we i can can't cannot cant again big same another some
having have has got get getting any there there's broken broke down dead wrong stopped faulty error gone very really
""".split())
_A_FAULT_WORD = re.compile(r"\b(?:problem|problems|issue|issues|trouble|not\s+possible|impossible|can'?t|cannot|not\s+working|"
                          r"broken|broke|down|dead|wrong|stopped|faulty|error)\b",
                           re.IGNORECASE)


def _nothing_named(text: str) -> bool:
    """A fault said in general words only, greetings aside ("hello, again problem with system, not possible to work")."""
    words = [w.casefold() for w in re.findall(r"[A-Za-z']+", _ADDRESSED_LEAD.sub("", text))]
    return bool(words) and len(words) <= 12 and bool(_A_FAULT_WORD.search(text)) and all(w in _NAMES_NOTHING for w in words)



_WHAT_ASKED = re.compile(
    r"\bwhat\s+(?:did|does|do|was|is|'s)\s+(?:they|he|she|the\s+agent|support|it|the\s+tech|(?!(?:i|we)\b)\w+)\s+"
    r"(?:ask(?:ed|ing)?|want(?:ed|s)?|need(?:ed|s)?|say(?:ing)?|said|mean|asking\s+for)\b"
    r"|\bwhat\s+(?:do|does)\s+(?:they|the\s+agent|support|(?!(?:i|we)\b)\w+)\s+need\s+from\s+me\b"
    r"|\bwhat\s+(?:info(?:rmation)?|details?)\s+(?:do|does)\s+(?:they|the\s+agent|support)\s+need\b"
    r"|\bwhat\s+(?:was|is)\s+the\s+question\b|\bwhat\s+am\s+i\s+supposed\s+to\s+(?:answer|reply|send)\b",
    re.IGNORECASE)


def asks_what_agent_wants(text: str) -> bool:
    """True for "what did they ask?", "what does the agent need from me?", "what was the question?" (not "what do I
    need to do?": the person's own next step)."""
    return bool(_WHAT_ASKED.search(text or ""))
