"""Conversation cues: what a message says about the dialogue, beyond its intent.

`rules.py` decides intents on the normalised text; these cues read the raw message for what the bot does
with it inside a conversation: answers to a question ("yes", "the second one", "the other one"), messages
that only acknowledge or call off ("ok", "never mind"), the comment inside "add a comment to 1234: ...",
and the shapes that name or ask about a case ("my vpn case", "status?", "what about 1006?").
Each phrase is decided here once; `utterance.py` gathers them into one `Utterance` value.
"""
from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from .yes_no import DECLINED_LAST
from .yes_no import NO as _BARE_NO
from .yes_no import YES as _YES
from .tone import asks_what_agent_wants, says_fixed, vague_complaint

_CASE_REF = r"(?:\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)"

# "add a comment to case 00001234: ..." -> the comment is what follows the instruction.
_COMMENT_PREFIX = re.compile(
    r"""^\s*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?
    (?:add|post|put|leave|append|write|send)\s+(?:a\s+|an\s+|this\s+|the\s+|my\s+)?(?:public\s+)?
    (?:comment|note|update|message|reply)s?
    (?:\s+(?:to|on|for|in|into))?(?:\s+(?:my|the))?(?:\s+(?:case|ticket))?(?:\s+(?:number|no\.?))?
    \s*\#?\s*(?:\d{1,8}|500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)?
    (?:\s+(?:case|ticket))?\s*(?:[:,;\-–—]|saying\b|that\s+says\b)?\s*""",
    re.IGNORECASE | re.VERBOSE)
# "add that it also happens on wifi", "tell them it happens on wifi too", "let them know that ..."
_RELAY_PREFIX = re.compile(
    r"""^\s*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?
    (?:add|mention|say|note|tell\s+(?:them|the\s+agent|support|the\s+team|him|her)|
       let\s+(?:them|the\s+agent|support|the\s+team|him|her)\s+know)
    (?:\s+(?:that|this))?\s*(?:[:,;\-–—]\s*)?(?=\S)""",
    re.IGNORECASE | re.VERBOSE)
# `/case 1234`, `/case #00001234`: nothing but a case reference.
SLASH_CASE_REF = re.compile(rf"^#?({_CASE_REF})$")
_THANKS = re.compile(r"\b(thanks?|thank\s+you|thx|ty|cheers|great|awesome|perfect)\b", re.IGNORECASE)
_GREETING = re.compile(r"^\W*(hi|hello|hey|hiya|yo|good\s+(morning|afternoon|evening)|greetings)\b", re.IGNORECASE)
# Whole messages that only acknowledge, or call off, what was said before.
_ACK = re.compile(r"^\W*(ok(ay)?|k|kk|cool|got\s+it|sounds\s+good|alright|all\s+right|fine|noted|nice|"
                  r"great|perfect|:\+1:|:thumbsup:|👍)\W*$", re.IGNORECASE)
_YES_NO = re.compile(r"^\W*(yes|yep|yeah|yup|sure|no|nope)\W*$", re.IGNORECASE)
# A refusal: the whole message, or its last clause ("..., leave it closed, sorry!").
_NO = re.compile(f"(?:{_BARE_NO.pattern})|(?:{DECLINED_LAST.pattern})", re.IGNORECASE)
_NEVERMIND = re.compile(r"^\W*(never\s*mind|nvm|forget\s+(it|that)|cancel(\s+(that|it))?|no\s+worries|"
                        r"nothing|no\s+thanks|not\s+now|ignore\s+(that|it))\W*$", re.IGNORECASE)
_OTHER_ONE = re.compile(r"\bthe\s+other\s+(one|case|ticket)\b", re.IGNORECASE)
_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "last": -1}
_ORDINAL = re.compile(r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)"
                      r"(?:\s+(?:one|case|ticket))?\b", re.IGNORECASE)
# "my closed cases", "show me recently closed tickets"
_CLOSED_LIST = re.compile(r"\b(closed|resolved|finished|old|past)\b", re.IGNORECASE)
# "my vpn case", "the printer one", "about my printer ticket - ...": the user names a case by what it is about
# (beats the case in focus; a new problem said so is added to that case). "the other one" / "the same issue"
# describe nothing.
# A case noun that modifies a thing is no case: "the weighbridge ticket printer", "the ticket machine", "a request form".
_NOUN_AFTER = (r"(?!\s+(?:printers?|machines?|desks?|office|barriers?|gates?|scanners?|readers?|counters?|booths?|"
               r"windows?|systems?|apps?|tools?|portal|queue|terminals?|kiosks?|forms?|templates?|fans?|covers?|"
               r"tracker|software|dispensers?|validators?|stock|rolls?|paper|labels?|numbers?\s+(?:are|is)\s+wrong)\b)")
_DESCRIBED_CASE = re.compile(r"\b(?:my|the|that|this)\s+(?!(?:other|same)\b)(?:\w+\s+){1,3}"
                             r"(?:case|ticket|issue|request|one)\b" + _NOUN_AFTER, re.IGNORECASE)
# A new-issue message that refers back to what was just discussed ("it also crashes on wifi", "now the whole team
# can't get to it"). (Starts with "it"/"this"/"also"/"now"..., or "it also"/"this still" anywhere, or the thing
# named only as "it" after a preposition: "the ports on it", "can't connect to it"; "again" alone is a recurring
# problem.)
_FOLLOW_UP = re.compile(r"^\W*(?:(?:and|but|oh|btw|plus)\W+)?(?:it|it's|its|this|that|same|still|also|now|and\s+now)\b|"
                        r"\b(?:it|this|that)\s+(?:also|still)\b|\bscreenshot\b|"
                        r"\b(?:on|to|into|from|with|onto|off)\s+it\b(?!'s\b)",
                        re.IGNORECASE)
# A message that says it adds to what was just said ("forgot to mention, ...", "one more thing: ...", "PS ...").
_ADDENDUM = re.compile(
    r"""^\W*(?:(?:oh|and|also|sorry|btw|ah)\W+){0,2}(?:i\s+)?(?:
        forg[eo]t\s+(?:to\s+(?:mention|say|add|tell\s+you|write)|one\s+thing)
       |one\s+more\s+thing|another\s+thing|(?:i\s+)?should\s+(?:also\s+|have\s+)?(?:add(?:ed)?|mention(?:ed)?|say|said)
       |(?:just\s+)?to\s+add(?:\s+to\s+(?:that|this|my\s+(?:last\s+)?message))?|also\s+worth\s+(?:mentioning|noting)
       |additional(?:ly)?\b|in\s+addition|on\s+top\s+of\s+that|p\.?\s?s\.?(?=\W)
       |(?:more|extra|further)\s+(?:info|information|details?)\s*[:,-]|update\s*[:-]
    )
    # or closes on it, in any tense: "Printer name is HGR-PRN-07, sorry I forget to say"
    |\b(?:i\s+)?(?:forgot|forget|forgotten)\s+to\s+(?:mention|say|add|tell\s+(?:you|u)|write|put)\W*$""",
    re.IGNORECASE | re.VERBOSE)
# A message that opens by adding to what was just said: "also it only happens when docked", "oh and the error code is
# ...", "and also it does it on my tablet", "plus the one in bay 6", "PS ...". (A time word alone, "now the whole team
# can't ...", is news that may be a new problem: FOLLOW_UP.)
_ADDITIVE = re.compile(
    r"^\W*(?:(?:oh|ah|um+|and|btw|by\s+the\s+way|sorry|ok|okay)\W+){0,2}"
    r"(?:also|and\s+also|plus|additionally|as\s+well|p\.?\s?s\.?(?=\W)|(?<=oh\s)and|(?<=ah\s)and|(?<=oh,\s)and|"
    r"(?<!\w)(?:btw|by\s+the\s+way|fyi|fwiw)(?=\W)|"
    # "she'll also need the Zendesk admin views", "it also crashes in Teams": the one just discussed, and more
    r"(?:she|he|they)(?:'ll|\s+will|'d|\s+would)?\s+also(?=\s)|"
    # what changed since: "now the whole team is locked out", "and now it won't boot at all"
    # "now batch release is stuck because nobody can pull the results" (not "now what?", "now then")
    r"(?:and\s+)?now(?=[\s,]+(?!(?:what|then|that|i\s+(?:need|want|would|'d)|can\s+you|could\s+you)\b)\w)|"
    r"(?<=ah,\s)and"
    # news announced about what was just discussed: "update on that: ...", "quick update -", "further to that, ..."
    r"|(?:(?:a|one|quick|small|short|little|an|another|latest)\s+)?update(?:\s+(?:on|about|re)\s+(?:that|this|it|the\s+\w+))?"
    r"(?=\s*[:,-])|further\s+to\s+(?:that|this|my\s+(?:last\s+)?message)|following\s+up(?:\s+on\s+(?:that|this))?(?=\s*[:,-])"
    r"|adding\s+to\s+(?:that|this)|to\s+add(?=\s*[:,-])|in\s+addition"
    # what a machine said, introduced: "log from the controller: ...", "here's the error:", "the screen says:"
    r"|here(?:'s|\s+is)\s+(?:the|what|a)|(?:the\s+)?(?:error\s+)?(?:log|logs|error|message|output|trace|screen|popup|pop-up)"
    r"(?:\s+(?:from|on)\s+(?:the\s+)?[\w-]+)?\s*(?=:|\s+(?:says|shows|reads)\b))\b"
    # or closes on it: "yesterday afternoon's bloods are missing as well", "it does it on my tablet too"
    r"|\b(?:as\s+well|too|btw|fyi|just\s+so\s+you\s+know|just\s+to\s+let\s+you\s+know|for\s+(?:your\s+)?info(?:rmation)?)\W*$"
    # the same fault on another thing: "the edge bander PC next to it can't see the drive either"
    r"|\b(?:can'?t|cannot|won'?t|doesn'?t|isn'?t|aren'?t|don'?t|didn'?t|hasn'?t|haven'?t|not)\b[^.!?]{0,60}?\beither\W*$"
    # or says so midway: "it's the 40GB package btw, QC needs it tonight"
    r"|\b(?:btw|fyi)\s*[,;–—-]"

    # the same fault somewhere else: "same on the ipad in exec box 12", "same thing with the other scanner"
    r"|^\W*(?:(?:oh|ah|and|btw|ok|okay)\W+){0,2}(?:the\s+)?same\s+(?:thing\s+|problem\s+|issue\s+|error\s+|message\s+|here\s+)?"
    r"(?:on|with|for|in|at|from|here|there)\b", re.IGNORECASE)
# A correction of what was just said: "sorry my mistake, it's desk 5 not desk 3", "I meant Teams, not Outlook",
# "correction: the PC is in room 12", "typo - it's the Ricoh". Right after a case, it is about that case.
_CORRECTION = re.compile(
    r"^\W*(?:(?:oh|ah|sorry|soz|oops|whoops|ok|okay|um+|actually|wait)\W+){0,3}"
    r"(?:my\s+(?:mistake|bad|error)|correction|i\s+meant|i\s+mean(?=\s*[,:-]|\s+(?:only|just|it'?s|its|it\s+is|that)\b)|typo|(?:that\s+)?should\s+(?:say|read|be)|"
    r"wrong\s+(?:desk|room|one|number|name|app|printer|floor|site|ward|office|bay|gate|device)|not\s+\w+(?:\s+\d+)?\s*[,-]\s*(?:it'?s|its))\b"
    r"|^\W*(?:(?:oh|ah|sorry|soz|oops|whoops|actually|wait|my\s+(?:mistake|bad))\W+){1,3}(?:it'?s|its|it\s+is|it\s+was|"
    r"that'?s|thats|(?:he|she|they|we)(?:'s|'re|\s+is|\s+are|\s+was|\s+were|'ll\s+be|\s+will\s+be))\s+(?:[\w-]+\s+){1,4}?"
    r"not\s+(?!working|\w+ing\b)"
    # the right one said, then the wrong one: "she's on the 3rd floor, not the 2nd", "it's in Hillfield not Dunmore"
    r"|^\W*(?:it|he|she|they|that|we)(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were)\s+(?:[\w-]+,?\s+){1,5}?(?:-\s*)?"
    r"not\s+(?:the\s+|in\s+|at\s+|on\s+)?(?!working\b)[\w-]+(?:\s+[\w-]+)?\W*$", re.IGNORECASE)
# A message that goes on about what was just discussed, opening on a pronoun for it or for the person it is for ("it's a
# black Samsung A54 with a cracked corner", "he's at Hillfield", "they're asking for my login again"), or on what the
# person has done since ("I've changed my password now and told Ellie"): right after a case, more about it.
# Words a message may open on before what it says ("oh and", "ok so", "sorry, btw"): context.py reads them too.
LEAD_IN = r"^\W*(?:(?:oh|ah|and|ok|okay|so|well|yeah|yes|right|sorry|also|btw|fyi|actually|but)\W+){0,2}"
_CONTINUES = re.compile(
    LEAD_IN + r"(?:it|he|she|they)(?:'s|’s|'re|’re|\s+is|\s+are|\s+was|\s+were|\s+has|\s+had|'ve|’ve|\s+have|\s+does|\s+did|"
    r"'ll|’ll|\s+will|\s+should|\s+needs?|\s+uses?|\s+used|\s+only)\b"
    # whatever it or the person does, said of them: "he starts on 3 March", "it went at 10:42", "It shows a blue screen"
    # (whether that states a new fault is context.py's to weigh)
    r"|" + LEAD_IN + r"(?:it|he|she|they)\s+(?:(?:also|still|only|never|always|just|then|now)\s+)?(?!(?:and|or|but|to|in|on|at|is|"
    r"the|a|an|works?|worked|working|seems?|looks?|fine|ok|okay|good)\b)[a-z]+\b"   # (not "it works after a restart")
    # what belongs to it or to the person: "his manager is Sarah Lee", "her start date is the 14th", "its serial is ..."
    r"|" + LEAD_IN + r"(?:his|her|their|its)\s+(?:[\w-]+\s+){1,2}?(?:is|are|was|were|'s|’s|has|have|had)\b"
    # "its the zebra one, officer number 212": "it's" typed without its apostrophe
    r"|" + LEAD_IN + r"its\s+(?=(?:a|an|the|one|in|at|on|my|our|his|her|their|called|from)\b)", re.IGNORECASE)
_DONE_SINCE = re.compile(
    LEAD_IN + r"(?:i|we)(?:'ve|’ve|\s+have)\s+(?:now\s+|just\s+|already\s+|since\s+|also\s+)?(?:\w+ed|told|rung|rang|sent|done|put|"
    r"set|reset|shut|run|spoken|written|found|got|gotten|taken|left|given|read|made|kept|paid|brought|bought|seen|been)\b"
    # with no "have": "Just reset my Microsoft password from my phone", "I already changed it"
    r"|" + LEAD_IN + r"(?:(?:i|we)\s+)?(?:just|already|since)\s+(?:\w+ed|reset|set|shut|ran|rang|told|sent|put|got|took|gave|"
    r"made|did)\s+(?:my|our|the|it|them|all|everything|off|out|up)\b"
    # what was tried, said bare: "tried new batteries in the remote, still nothing", "swapped the cable, same thing"
    r"|" + LEAD_IN + r"(?:(?:i|we)\s+)?(?:also\s+)?(?:tried|swapped|replaced|reseated|rebooted|restarted|unplugged|re-?plugged|"
    r"reinstalled|power[\s-]?cycled)\s+(?:a\s+|an\s+|the\s+|my\s+|our\s+|it\b|them\b|new\s+|another\s+|different\s+|"
    r"turning|switching|logging|plugging|changing|using)", re.IGNORECASE)
# Words that point back at the case just discussed ("does it too", "on it either", "the same", "the one in bay 6"), or at
# the person it is for ("she'll also need the shared mailbox" after a new starter's request).
_POINTS_BACK = re.compile(r"\b(?:it|it'?s|its|too|either|as\s+well|same|the\s+(?:one|other\s+one)|that\s+one|"
                          r"them|they|again|she|he|her|him|his|hers)\b", re.IGNORECASE)
# "none of these", "it's a new problem", "file it as a new case", "a separate issue": the answer to "Which case?" is
# that it belongs to none of them.
_WANTS_NEW_CASE = re.compile(
    # "neither", "neither of them": not "neither card reader upstairs will connect"
    r"\bnone\s+of\s+(?:these|those|them|the\s+above)\b|\bneither(?:\s+of\s+(?:them|these|those|the\s+above))?"
    r"(?:\s+(?:one|really|is\s+(?:it|right|the\s+one)|are\s+right))?(?=\s*(?:[.!,;:)–—-]|$|it'?s|this|that|i|please|pls))"
    r"|\b(?:a|it'?s\s+a|this\s+is\s+a|that'?s\s+a)\s+(?:new|separate|different|another)\s+(?:one|case|ticket|problem|issue)\b"
    r"|\bfile\s+(?:it|this|that|a\s+new\s+(?:one|case|ticket))\b|\bnew\s+(?:case|ticket)\b"
    r"|\b(?:not|isn'?t)\s+(?:about\s+)?any\s+of\s+(?:these|those|them)\b", re.IGNORECASE)
# A message opening on a new matter: "separate issue: can I also get a headset", "unrelated - the printer ...".
_NEW_MATTER = re.compile(
    # after an acknowledgement of what came before: "ok ta. separate thing - ...", "thanks! different issue:"
    r"^\W*(?:(?:ok|okay|ta|thanks|thank\s+you|cheers|great|right|fine|sure|ah|oh|and|also|no\s+worries|fair\s+enough|"
    r"got\s+it|understood|will\s+do)[\s,.!]+)*"
    r"(?:(?:on\s+an?\s+)?(?:totally\s+|completely\s+|entirely\s+)?(?:separate|different|unrelated|new|another|other)\s+(?:issue|thing|problem|request|question|"
    r"matter|topic|note|one)|(?:totally\s+|completely\s+)?unrelated(?:\s+to\s+(?:that|this))?)\s*[:!,.–—-]", re.IGNORECASE)
# "can I talk to a real person?", "I need a human", "get me someone from IT": the person wants a person, not the bot.
_ASKS_FOR_PERSON = re.compile(
    r"\b(?:talk|speak|chat|get\s+through)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+)?(?:real\s+|actual\s+|live\s+)?"
    r"(?:person|human|agent|technician|tech|some\s*one|somebody)\b"
    r"|\b(?:need|want|get\s+me)\s+(?:a\s+|an\s+)?(?:real\s+|actual\s+|live\s+)?(?:human|person)\b",
    re.IGNORECASE)
# "I don't need the Visio licence anymore", "the monitor is no longer needed": what a case asked for is not wanted.
_NO_LONGER_NEEDED = re.compile(
    r"\b(?:(?:do\s+not|don'?t|doesn'?t|does\s+not|won'?t)\s+need\s+(?:[^.!?]{0,50}?\s)?(?:any\s*more|after\s+all)\b"
    r"|no\s+longer\s+(?:need|require)|(?:is|are|'s|'re)\s+no\s+longer\s+(?:needed|required|necessary)"
    r"|not\s+(?:needed|required|necessary)\s+any\s*more"
    # taken back: "actually scrap that, found a spare one", "changed my mind", "forget the headset, don't need it"
    r"|(?:scrap|cancel|forget|ignore|disregard)\s+(?:about\s+)?(?:that|this|me|my\s+(?:last\s+)?(?:request|message|ticket|case))"
    # (not a correction: "scrap that, the printer is in room 4"; "scrap that, the artist is going to use her own laptop"
    # takes it back for another way)
    r"(?!\s*[,:;-]?\s*(?:it'?s|its|i\s+meant|i\s+mean|should|the\s+\w+\s+is(?!\s+going\s+to\s+(?:use|borrow|share|"
    r"manage|make\s+do|bring|stick|wait)))\b)"
    # "actually never mind, I'll just use the R module on the cluster": taken back for another way
    r"|\b(?:never\s*mind|nvm|forget\s+it|no\s+need)\b[^.!?]{0,12}?[\s,.!;:–—-]+(?:i'?ll|i\s+will|we'?ll|we\s+will|i\s+can|"
    r"we\s+can)\s+(?:just\s+|simply\s+)?(?:use|do|go|stick|manage|make\s+do|borrow|ask|work|wait|grab|share)\b"
    r"|(?:changed?|changing)\s+(?:of\s+)?my\s+mind|no\s+need\s+(?:for\s+)?(?:[^.!?]{0,50}?\s)?(?:any\s*more|after\s+all)\b|(?:found|got|borrowed|have)\s+(?:a\s+)?spare(?:\s+one)?|don'?t\s+bother\b(?!\s+(?:with\s+)?"
    r"(?:the\s+)?(?:comment|update)))",
    re.IGNORECASE)
# "Sarah's laptop ticket", "my colleague's request": a case of someone else's (only the person's own
# cases are ever shown or changed). A capitalised name before 's: not a day, a month, "today's" or "what's".
_NOT_A_PERSON = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
                 r"July|August|September|October|November|December|Today|Yesterday|Tomorrow|Last|This|Next|Week|"
                 r"Year|Month|Everyone|Nobody|Someone|Microsoft|Apple|Google|Adobe|Salesforce|Zoom|IT|What|That|It|There|Here|"
                 r"Who|Where|How|When|Let|He|She|Everything|Nothing|Something)")
_OTHER_PERSONS_CASE = re.compile(
    r"(?:(?-i:\b(?!" + _NOT_A_PERSON + r"['’])([A-Z][a-z]+))(?:['’]s|(?<=s)['’](?!\w))|\b(?:my|our|a)\s+(colleague|co-?worker|boss|manager|"
    r"team-?\s?mate|assistant|intern|new\s+hire|direct\s+report|supervisor|friend|partner)(?:['’]s|s['’]))"
    r"\s+(?:\w+\s+){0,4}?(?:case|ticket|request|issue|incident)s?\b",   # "Janet's at with her laptop ticket"
    re.IGNORECASE)
_AGAIN = re.compile(r"\b(?:again|once\s+more|as\s+before|same\s+as\s+(?:last\s+time|before))\b", re.IGNORECASE)
# What was tried, in vain: "battery swap didnt help", "the restart made no difference", "reseating it: no luck".
_IN_VAIN = re.compile(
    LEAD_IN + r"(?:[\w'-]+\s+){1,4}?(?:(?:didn'?t|didnt|did\s+not|hasn'?t|hasnt|has\s+not|doesn'?t|doesnt)\s+(?:help|"
    r"fix\s+(?:it|anything)|change\s+anything|do\s+anything|make\s+(?:a|any)\s+difference)|made\s+no\s+difference|"
    r"(?:was|is)\s+no\s+(?:help|use|good))\b"
    # what was tried, then that nothing changed: "tried a fresh battery and rebooting, same thing"
    r"|" + LEAD_IN + r"(?:(?:i|we)\s+)?(?:(?:already|also)\s+)?(?:tried|swapped|replaced|rebooted|restarted|reseated|reinstalled|"
    r"power[\s-]?cycled)\b[^.!?]{0,80}?[,;–—-]\s*(?:but\s+)?(?:same\s+(?:thing|problem|issue|result|error)(?:\s+again)?|"
    r"still\s+(?:the\s+same|nothing|no\s+(?:joy|luck|change))|no\s+(?:joy|luck|change|difference))\W*$"
    # what was tried on it, and how that went: "I tried recalling it but Outlook says the recall failed"
    r"|\b(?:i|we)\s+(?:already\s+|also\s+|even\s+)?(?:tried|attempted)\s+(?:to\s+\w+|\w+ing)\s+(?:it|them)\b[^.!?]{0,40}?\bbut\b",
    re.IGNORECASE)
# How it came to be broken, told of what was just reported: "dropped it on the pavement outside the station", "my son
# spilled juice on it", "it fell off the charging shelf".
_HOW_IT_HAPPENED = re.compile(
    LEAD_IN + r"(?:(?:i|we|someone|somebody|he|she|they|a\s+[\w-]+|my\s+[\w-]+|the\s+[\w-]+)\s+)?(?:accidentally\s+|must\s+have\s+|"
    r"just\s+)?(?:dropped|knocked|spilled|spilt|sat\s+on|stepped\s+on|trod\s+on|stood\s+on|ran\s+over|drove\s+over|kicked|"
    r"bumped|banged|dropped|left)\s+(?:it|them|(?:some\s+|a\s+|my\s+)?[\w-]+\s+(?:on|over|into|onto)\s+(?:it|them))\b"
    r"|" + LEAD_IN + r"(?:it|they)\s+(?:fell|slipped|dropped|got\s+(?:dropped|wet|knocked|soaked|crushed|run\s+over))\b",
    re.IGNORECASE)
# Said to have grown: "its getting worse - now neither card reader upstairs will connect", "now it's even worse".
_WORSE = re.compile(r"^\W*(?:(?:and|but|oh|ok|okay|update|so|now|sorry|ugh|right)\W+)*(?:it'?s\s+|its\s+|it\s+is\s+|it\s+has\s+|"
                    r"this\s+is\s+|things\s+are\s+|now\s+|and\s+now\s+)?(?:(?:getting|got|gotten|gone|become|becoming)\s+"
                    r"(?:(?:even|much|way|a\s+lot|far)\s+)?|(?:even|much|way|a\s+lot|far)\s+)worse\b",
                    re.IGNORECASE)
# Words offering something as a detail for whoever works on it: "if that helps", "in case it's useful", "FYI", "for
# reference", "if it helps the engineer, ...", "for what it's worth".
_OFFERED = re.compile(r"\b(?:btw|by\s+the\s+way)\W*$|\b(?:if|in\s+case)\s+(?:that|it|this)(?:'s|\s+is|\s+would\s+be)?\s+(?:helps?|useful|helpful|"
                      r"of\s+(?:any\s+)?use|relevant|matters)\b|\bfyi\b|\bfor\s+(?:reference|info(?:rmation)?|what\s+it'?s\s+worth|"
                      r"context)\b|\bin\s+case\s+you\s+need\b|\bmight\s+be\s+(?:useful|helpful|relevant)\b"
                      r"|\b(?:info|details?|news|a\s+note)\s+for\s+the\s+(?:engineer|tech|technician|agent|team)\b", re.IGNORECASE)
_PLURAL_CASES = re.compile(r"\b(?:cases|tickets|requests|issues|all)\b", re.IGNORECASE)
_REOPEN_ONLY = re.compile(r"^\W*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?(?:re-?open|open\s+again)"
                          r"(?:\s+(?:it|this|that|the\s+case|my\s+case|the\s+ticket))?(?:\s+again)?"
                          r"(?:\s+please)?\W*$", re.IGNORECASE)
_BARE_STATUS = re.compile(
    r"^\W*(?:any\s+)?(?:status|update|updates|news|progress|eta)\W*$"
    # "how's mine doing?", "and mine?", "what about mine then?": the person's own case, after asking about another's
    r"|^\W*(?:(?:ok|okay|so|and|well|right|then|fine|fair(?:\s+enough)?|noted|gotcha|cool|great|ta|understood|got\s+it|i\s+see|ah|oh|alright|sure|"
    r"no\s+worries|(?:thanks|thank\s+you|cheers)(?:\s+anyway)?|makes\s+sense)\W+)*(?:how'?s|how\s+is|what\s+about|and|any\s+news\s+(?:on|about)|"
    r"what'?s\s+(?:happening|up)\s+with)\s+mine(?:\s+(?:doing|going|coming\s+along|looking))?(?:\s+(?:then|now|at\s+least))?"
    # and which one it is: "what about mine then, the sluice room tablet one"
    r"(?:\W+(?P<named>(?:the|my)\s+[^,.;!?]{1,50}?\s+(?:one|case|ticket|request)))?\W*$",
    re.IGNORECASE)
# "how long will it take?", "when will it be fixed?", "is anyone looking at it?": when the case will move.
_ASKS_WHEN = re.compile(
    # after thanks, and however roughly asked: "Thank you. Approximately how long does such an installation take?"
    r"^\W*(?:(?:so|and|ok|okay|hi|hey|thanks|thank\s+you(?:\s+(?:so|very)\s+much)?|cheers|great|perfect|lovely|"
    r"approximately|roughly|out\s+of\s+interest|just\s+wondering|quick\s+question)\W+)*(?:"
    r"how\s+long\s+(?:will|would|does|do|is|should)\s+(?:it|this|that|they|you|the\s+fix|the\s+repair|"
    # the thing asked for, named: "such an installation", "a replacement", "the new laptop"
    r"(?:such\s+an?|an?|the|this|that|these|those|my)\s+(?:[\w-]+\s+){0,2}?(?:installation|install|repair|fix|"
    r"replacement|set-?up|request|order|delivery|change|upgrade|ticket|case|one|thing|job|laptop|phone|account|access)s?)\s+"
    r"(?:usually\s+|normally\s+|roughly\s+|typically\s+|generally\s+|still\s+)?(?:take|be|need)(?:\s+(?:usually|normally|roughly|more|longer|"
    r"to\s+(?:fix|sort|resolve|solve|repair|look\s+at|get\s+to)(?:\s+(?:it|this|that))?))?\W*$"
    r"|when\s+(?:will|would|can|could|should|do|does)\s+(?:it|this|that|they|you|someone|somebody|anyone|the\s+agent|"
    r"the\s+(?:fix|repair|technician|tech)|i)\s+(?:be\s+)?(?:fixed|done|sorted|ready|resolved|solved|repaired|"
    r"looked\s+at|get|hear|come|expect|have|arrive|pick|start|look|work|fix|reply|respond|answer|call)"
    r"|(?:is|are)\s+(?:anyone|someone|somebody|they|you)\s+(?:\w+\s+)?(?:looking|working)\s+(?:at|on|into)\s+(?:it|this|that)"
    r"|(?:any\s+)?eta\b|any\s+idea\s+when\b)[^.!]{0,40}\W*$",
    re.IGNORECASE)
_ABOUT_NUMBER = re.compile(r"^\W*(?:what\s+about|and|how\s+about|what'?s\s+(?:up\s+with|with)|and\s+what\s+about)?"
                           r"\s*(?:case|ticket)?\s*#?\s*(\d{1,8})\W*$", re.IGNORECASE)
# Words that make a case reference a status question ("what's the status of 1008"), not an answer ("1008").
_STATUS_WORDS = re.compile(r"\b(?:status|state|progress|updates?|news|eta|happening|going\s+on|where\s+is)\b",
                           re.IGNORECASE)
# ("oh sorry wrong number, I meant the one about the returns portal": the same, after a correction)
_NAMED_CASE = re.compile(r"^\W*(?:(?:oh|ah|sorry|no|nope|oops|whoops|wrong\s+(?:number|one|case|ticket)|my\s+(?:mistake|bad))\W+)*"
                         r"(?:i\s+meant\s+|i\s+mean\s+)?(?:and\s+|what\s+about\s+|how\s+about\s+)?"
                         r"(?:(?:my|the|that)\s+(?:\w+\s+){1,3}(?:case|ticket|request|issue)|(?:my|the|that)\s+(?:case|ticket|"
                         r"request|issue|one)\s+(?:about|for|with|on|re)\s+[^,.;!?]{1,50})\W*$", re.IGNORECASE)


# "status of ticket 123456789012": a number given as a case's that is too long to be one (case numbers have at
# most 8 digits, entities.py never reads a longer one as a case number).
_TOO_LONG_CASE_NUMBER = re.compile(r"(?:\b(?:case|ticket|request|incident)\s*(?:number|no\.?|nr\.?)?\s*#?|#)\s*"
                                   r"(\d{9,})\b", re.IGNORECASE)


def too_long_case_number(text: str) -> str | None:
    """The number in "status of ticket 123456789012" when it is given as a case's but is too long to be one."""
    m = _TOO_LONG_CASE_NUMBER.search(text)
    return m.group(1) if m else None


def case_owner(text: str) -> str | None:
    """Whose case the message names when it is someone else's: "Sarah's laptop ticket" -> "Sarah", "my
    manager's request" -> "manager"; None otherwise. (A case the person filed for Sarah mentions her.)"""
    m = _OTHER_PERSONS_CASE.search(text)
    return (m.group(1) or m.group(2)) if m else None


def comment_body(text: str) -> str:
    """The comment inside an add-comment request ("" when the user only asked to comment)."""
    m = _COMMENT_PREFIX.match(text)
    if m and m.end() > 0:
        return text[m.end():].strip().strip('"“”').strip()
    if ":" in text:
        return text.split(":", 1)[1].strip()
    m = _RELAY_PREFIX.match(text)
    if m:
        rest = text[m.end():].strip().strip('"“”').strip()
        return rest[:1].upper() + rest[1:]
    return text.strip()


class Cue(StrEnum):
    """What a message says about the dialogue (each decided by one pattern below, or a tone rule)."""

    YES = "yes"  # "yes", "go ahead", "that one": the answer to a yes/no question
    NO = "no"  # "no", "nah", "not that one", "wrong one"
    BARE_YES_NO = "bare_yes_no"  # a bare "yes"/"no" (with no question open: answering one in buttons?)
    ACKNOWLEDGEMENT = "acknowledgement"  # "ok", "got it", ":+1:": the whole message only acknowledges
    NEVER_MIND = "never_mind"  # "never mind", "forget it", "cancel": calls off what was said before
    THANKS = "thanks"
    GREETING = "greeting"
    OTHER_ONE = "other_one"  # "the other one" (the candidate not proposed)
    CLOSED_LIST = "closed_list"  # "my closed cases": the list asked for is of closed cases
    DESCRIBES_CASE = "describes_case"  # "my vpn case", "the printer one", "about my printer ticket - ...": a case
    #                                    named by what it is about
    FOLLOW_UP = "follow_up"  # "it also crashes on wifi": refers back to what was just discussed
    NO_LONGER_NEEDED = "no_longer_needed"  # "I don't need the Visio licence anymore": a case's request is not wanted
    ASKS_FOR_PERSON = "asks_for_person"  # "can I talk to a real person?": wants a person, not the bot
    ADDENDUM = "addendum"  # "forgot to mention, ...", "one more thing: ...": adds to what was just said
    ADDITIVE = "additive"  # "also ...", "oh and ...", "plus ...": opens by adding to what was just said
    CORRECTION = "correction"  # "sorry my mistake, it's desk 5 not desk 3": corrects what was just said
    CONTINUES = "continues"  # "it's a black Samsung A54", "he's at Hillfield": goes on about what was discussed
    DONE_SINCE = "done_since"  # "I've changed my password now": what the person has done since
    NEW_MATTER = "new_matter"  # "separate issue: ...", "unrelated - ...": what follows is not about the case just discussed
    WANTS_NEW_CASE = "wants_new_case"  # "none of these", "it's a new problem": to "Which case?", file it instead
    POINTS_BACK = "points_back"  # "does it too", "on it either", "the same": words pointing at what was discussed
    OTHER_PERSONS_CASE = "other_persons_case"  # "Sarah's laptop ticket", "my colleague's request": not the person's
    PLURAL_CASES = "plural_cases"  # "status of my cases": several cases, not the one in focus
    REOPEN_ONLY = "reopen_only"  # "reopen it", "open again please": nothing but the request to reopen
    SAYS_FIXED = "says_fixed"  # "thanks, that fixed it" (tone.py)
    ASKS_WHAT_AGENT_WANTS = "asks_what_agent_wants"  # "what did they ask?" (tone.py)
    VAGUE = "vague"  # "it's not working", nothing says what (tone.py)
    OFFERED = "offered"  # "if that helps", "FYI", "for reference": a detail offered for whoever works on the case
    AGAIN = "again"  # "taking ages again", "yet again": a fault said to come back (an open case of it is likelier)
    WORSE = "worse"  # "its getting worse - now ...": the problem told grew (what follows is more of it)
    IN_VAIN = "in_vain"  # "battery swap didnt help": what was tried for the problem told, in vain
    HOW_IT_HAPPENED = "how_it_happened"  # "dropped it on the pavement": how the thing just reported came to be broken


_PATTERNS: dict[Cue, re.Pattern[str]] = {
    Cue.YES: _YES, Cue.NO: _NO, Cue.BARE_YES_NO: _YES_NO, Cue.ACKNOWLEDGEMENT: _ACK, Cue.NEVER_MIND: _NEVERMIND,
    Cue.THANKS: _THANKS, Cue.GREETING: _GREETING, Cue.OTHER_ONE: _OTHER_ONE, Cue.CLOSED_LIST: _CLOSED_LIST,
    Cue.DESCRIBES_CASE: _DESCRIBED_CASE, Cue.FOLLOW_UP: _FOLLOW_UP, Cue.ADDENDUM: _ADDENDUM,
    Cue.ADDITIVE: _ADDITIVE, Cue.CORRECTION: _CORRECTION, Cue.CONTINUES: _CONTINUES, Cue.DONE_SINCE: _DONE_SINCE, Cue.POINTS_BACK: _POINTS_BACK, Cue.WANTS_NEW_CASE: _WANTS_NEW_CASE, Cue.NEW_MATTER: _NEW_MATTER,
    Cue.NO_LONGER_NEEDED: _NO_LONGER_NEEDED, Cue.ASKS_FOR_PERSON: _ASKS_FOR_PERSON, Cue.OTHER_PERSONS_CASE: _OTHER_PERSONS_CASE,
    Cue.PLURAL_CASES: _PLURAL_CASES, Cue.REOPEN_ONLY: _REOPEN_ONLY, Cue.AGAIN: _AGAIN, Cue.OFFERED: _OFFERED, Cue.WORSE: _WORSE, Cue.IN_VAIN: _IN_VAIN, Cue.HOW_IT_HAPPENED: _HOW_IT_HAPPENED,
}
_TONE = {Cue.SAYS_FIXED: says_fixed, Cue.ASKS_WHAT_AGENT_WANTS: asks_what_agent_wants, Cue.VAGUE: vague_complaint}


def described_case(text: str) -> str | None:
    """The words a case is named by ("my printer ticket" -> "printer"), or None: "the burglary case" names a police
    case to a forensics examiner, so a caller checks the words against the person's own cases."""
    m = _DESCRIBED_CASE.search(text or "")
    if m is None:
        return None
    words = m.group(0).split()[1:-1]
    return " ".join(words)


def has(text: str, cue: Cue) -> bool:
    """Whether `text` carries `cue`: one look-up in the message's one reading (`found`, made once per text)."""
    return cue in found(text)


def _carries(text: str, cue: Cue) -> bool:
    pattern = _PATTERNS.get(cue)
    return bool(pattern.search(text)) if pattern is not None else _TONE[cue](text)


@lru_cache(maxsize=2048)
def found(text: str) -> frozenset[Cue]:
    """Every cue `text` carries, read once per text (the front desk and the use cases ask the same message)."""
    return frozenset(c for c in Cue if _carries(text, c))


def ordinal(text: str) -> int | None:
    """"the second one" -> 1, "the last case" -> -1 (a list index), None when no ordinal is said."""
    m = _ORDINAL.search(text)
    return _ORDINALS[m.group(1).casefold()] if m else None


def about_number(text: str) -> str | None:
    """"what about 1006?", "#1006": the case number alone, zero-padded; None otherwise."""
    m = _ABOUT_NUMBER.match(text)
    return m.group(1).zfill(8) if m else None


# "what's the latest with the freezer alarm one?", "whats the story with my ticket about the card machine": news asked
# about a case named by its topic.
_STATUS_ABOUT = re.compile(r"^\W*(?:(?:so|and|ok|okay|hi|hey)\W+)*(?:what'?s|whats|what\s+is|any)\s+(?:the\s+)?(?:latest|story|"
                           r"news|update|status|deal|progress|word)\s+(?:with|on|about|re|regarding)\s+(?:my|the|that|our)\s+[^,.;!?]{1,60}"
                           r"[?!.\s]*$",
                           re.IGNORECASE)


def status_shaped(text: str, *, has_keywords: bool) -> bool:
    """A bare "status?", a case number alone ("what about 1006?"), when it will move ("how long will it take?",
    "is anyone looking at it?"), or a case named and nothing else ("my battery case", which needs words to
    search by): can only be asking about a case."""
    if _BARE_STATUS.match(text) or _ABOUT_NUMBER.match(text) or _ASKS_WHEN.match(text):
        return True
    return bool((_NAMED_CASE.match(text) or _STATUS_ABOUT.match(text)) and has_keywords)


def asks_about_a_case(text: str) -> bool:
    """The whole message asks for news of a case ("status?", "whats the story with my ticket about the box office card
    machine"): a status question however sure the model is of another reading."""
    return bool(_BARE_STATUS.match(text) or _STATUS_ABOUT.match(text))


def bare_status_naming(text: str) -> str | None:
    """For a bare status question ("status?", "ok fair enough. and mine?", "what about mine then, the sluice room tablet
    one"), the words that name the case ("" when none do); None for any other message."""
    m = _BARE_STATUS.match(text)
    if m is None:
        return None
    return m.groupdict().get("named") or ""


def asks_when(text: str) -> bool:
    """"how long will it take?", "when will it be fixed?", "any eta?": when the case in question will move (its
    words name no case)."""
    return bool(_ASKS_WHEN.match(text))


def asks_status(text: str) -> bool:
    """"what's the status of 1008", "any news on 1008": a status question, not a bare answer ("1008")."""
    return bool(_STATUS_WORDS.search(text)) and not _ABOUT_NUMBER.match(text)


def number_in(text: str, number: str) -> bool:
    """Whether `text` mentions the number (leading zeros ignored), as a whole number."""
    return bool(re.search(rf"(?<!\d)0*{int(number)}(?!\d)", text))
