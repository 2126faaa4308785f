"""High-precision rules that decide an intent without the classifier.

They fire only on patterns that can mean one thing, where a rule is more reliable than a bag-of-words model
trained on a thousand lines and where a wrong answer would look silly:

* a whole message that is a greeting or thanks ("hi!", "thx a lot") -> smalltalk;
* a whole message that asks for help, or a "how do I <use the bot>" question ("how do i close a ticket")
  -> help;
* an explicit comment instruction ("add a note ...", "comment on ...", "tell the agent ...",
  "let support know ...", "reply to the agent ...", "I need to talk to a real person") -> add_comment;
* a case named by what it is about, then news for it ("for the dock ticket: it's a Lenovo", "re my vpn case -
  still dropping") -> add_comment;
* a whole message that only names case lists ("my cases", "open tickets?", "list") -> list_cases;
* a whole message that only names one case ("#1234", "case 00001234?", "status 1234") -> check_status;
* the verb "reopen" (also "re-open", "un-close", "reactivate") -> reopen_case;
* "close/cancel/resolve" + a case as object ("close it", "cancel my headset request", "close 1234", "cancel that,
  ..."),
  unless negated or asked about ("can't close the window", "how do i close...") -> close_case.

Everything else is the classifier's job. Rules read the normalised text (normalize.py), so "thx!!",
"Thanks :)" and "ty" are all "thanks" and "re-open" is "reopen". Every rule is checked against the
training and held-out data (tests/intents/test_rules.py): it must never contradict a label.
"""
from __future__ import annotations

import re

_FILLER = r"(?:\s+(?:there|again|all|man|mate|buddy|bot|concierge|team|guys|folks|so|much|a|lot|very|you|[!?]))*"
_SMALLTALK = re.compile(
    r"^(?:(?:hi|hello|hey|howdy|greetings|good\s+(?:morning|afternoon|evening|day|night)|morning|evening|"
    r"thanks|thank\s+you|cheers|bye|goodbye|see\s+you|ok|cool|great|awesome|nice|perfect|lol|smile|"
    r"thumbsup|yay|appreciate\s+it|you\s+rock|much\s+appreciated|got\s+it|sounds\s+good|will\s+do)"
    + _FILLER + r"\s*)+$"
)
_HELP = re.compile(
    r"^(?:help|help\s+me|help\s+please|menu|commands|options|usage|"
    r"what\s+(?:else\s+)?can\s+you\s+(?:actually\s+|even\s+|really\s+|exactly\s+)?(?:do|help\s+(?:me\s+|us\s+)?with)|"
    r"what\s+do\s+you\s+(?:actually\s+|even\s+|really\s+)?do|"
    r"how\s+does\s+this\s+work|how\s+do\s+i\s+use\s+(?:you|this|this\s+bot|concierge)|[?]"
    # a question about the bot itself: "who are you", "what are you for exactly?", "what is this bot"
    r"|(?:so\s+|and\s+)?(?:who|what)\s+(?:are\s+you|is\s+this(?:\s+bot)?)(?:\s+for)?(?:\s+exactly)?)(?:\s*[?!])*$"
)
_CASE_NOUN = r"(?:case|cases|ticket|tickets|request|requests|incident|incidents|status|casenum)"
_HOWTO = re.compile(
    r"^(?:so\s+|and\s+|hi\s+|hey\s+|hello\s+)?how\s+(?:do|can|should|would|could)\s+(?:i|we|one)\s+"
    r"(?:(?:file|open|create|raise|log|submit|make|start)\s+(?:a\s+|an\s+|new\s+|my\s+|one\s+)*" + _CASE_NOUN + r"\b"
    r"|(?:close|cancel|reopen|check|see|view|track|list|find|follow|comment|update|attach|mute|unmute)\b.*\b"
    + _CASE_NOUN + r"\b"
    r"|(?:use|talk\s+to|work\s+with)\s+(?:you|this|concierge|the\s+bot)\b"
    r"|get\s+started\b|add\s+(?:a\s+)?(?:comment|note)\b|mute\s+notification)"
)
_COMMENT = re.compile(
    r"\b(?:(?:add|put|post|leave|write|attach|append|include|drop)\s+(?:a\s+|an\s+|this\s+|my\s+|the\s+|some\s+)?"
    r"(?:comment|note|remark)s?\b"
    r"|comment\s+(?:on|to|for)\b"
    r"|(?:tell|inform|message|notify)\s+(?:the\s+|my\s+)?(?:agent|support|tech|technician|them|whoever|engineer|person)\b"
    r"|let\s+(?:the\s+|my\s+)?(?:agent|support|tech|technician|them|whoever|engineer|person|support\s+team|team)\s+know\b"
    r"|reply\s+(?:to|on)\s+(?:the\s+|my\s+)?(?:agent|support|case|ticket|casenum)\b"
    r"|^(?:and\s+|also\s+|oh\s+)?(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:add|append)\s+(?:to|on)\s+"
    r"(?:my|the|this|that|it|case|ticket|request|casenum)\b"
    # "and please add that Kofi and Mei have invoices to post": a clause to add, not a thing to add
    r"|^(?:(?:and|also|oh|ok|okay|right|great|cool|thanks|cheers|ta|sure)\s+){0,2}(?:please\s+|can\s+you\s+(?:please\s+)?|"
    r"could\s+you\s+(?:please\s+)?)?(?:add|mention|note)\s+that\s+(?:\w+\s+){1,4}?"
    r"(?:is|are|has|have|was|were|will|can|cannot|can't|needs?|did|does|do|also|only|still)\b"
    # "Ok cheers. Can you add to it that it's now dropping out", "can you add that I tried another cable": a clause
    # opened by its subject (not "add that monitor to my order")
    r"|^(?:(?:and|also|oh|ok|okay|right|great|cool|thanks|thank\s+you|cheers|ta|sure)\s+(?:[!.,]+\s+)?){0,3}(?:please\s+|can\s+you\s+(?:please\s+)?|"
    r"could\s+you\s+(?:please\s+)?)?(?:add|mention|note)\s+(?:to\s+(?:it|that|this|the\s+(?:case|ticket)|my\s+(?:case|ticket))\s+)?"
    r"that\s+(?:i|we|he|she|they|it|its|it's|there|today|now|yesterday|this\s+morning|the|a|an|our|my|someone|nobody|"
    r"everyone|all)\b"
    # "please add this to my ticket: ...", "put this info on my existing case", "update my ticket with this"
    r"|\b(?:add|append|put|attach|include|pass)\s+(?:this|that|these|it|the\s+following|(?:this|some|more|the)\s+"
    r"(?:info|information|details?|bit))\s+(?:to|on|in|into|onto)\s+(?:my|the|this|that|our)\s+(?:\w+\s+){0,2}?"
    r"(?:case|ticket|request|incident)\b"
    r"|\bupdate\s+(?:my|the)\s+(?:\w+\s+){0,2}?(?:case|ticket|request)\s+(?:with|colon)\b"
    r"|^(?:comment|note|update|more\s+information|additional\s+information|addinfo)\s+colon"
    r"|^note\s+(?:on|for)\b"
    r"|\b(?:escalate|expedite|bump|prioriti[sz]e)\s+(?:my|the|this|case|ticket|request|casenum)\b"
    r"|\bmark\s+(?:\w+\s+){0,3}?(?:as\s+)?(?:urgent|critical|high\s+priority)\b"
    r"|\braise\s+the\s+priority\b"
    r"|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+)?(?:real|actual|live)\s+(?:person|human|agent|technician|tech)\b)"
)
# "for the docking station ticket: it's a Lenovo dock", "re my vpn case - still dropping": a case named by what
# it is about, then what to add to it (not a question about it, nor closing or reopening it).
_ABOUT_CASE_THEN_NEWS = re.compile(
    r"^(?:so\s+|and\s+|ok\s+|hi\s+|hey\s+)?(?:for|about|re|regarding|concerning|wrt|on|with\s+regards?\s+to|"
    # "update on my check-in ticket: now it's completely down" (the normaliser reads "update on" as "news on")
    r"(?:an?\s+|quick\s+|small\s+)?news\s+(?:on|about|for|re|regarding))\s+"
    # ... or by its number: "update for 6684: now the whole ward can't log in", "re 6684 - now it's worse"
    r"(?:(?:my|the|that|this|our)\s+(?:\w+\s+){1,3}?(?:case|ticket|request|issue|incident)|(?:case\s+|ticket\s+)?casenum)\s+colon\s+"
    r"(?![^?]*(?:\?|\b(?:status|news|update|updates|progress|eta|happening|close|closed|cancel|reopen|resolved?|"
    r"fixed|done|solved|anyone|somebody|someone)\b))\w"
)
_LIST = re.compile(
    r"^(?:(?:show|list|view|see|get|display)\s+)?(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:my\s+)?"
    r"(?:open\s+|recent\s+|closed\s+|current\s+|pending\s+)?(?:cases|tickets|requests|incidents)"
    r"(?:\s+please)?(?:\s*[?!])*$|^(?:list|list\s+all|my\s+stuff)(?:\s*[?!])*$"
)
# Nothing but a reference to a case ("#1234", "case 00001234?", "status 1234"): show that case.
_JUST_A_CASE = re.compile(r"^(?:(?:status|status\s+of|show|show\s+me|check|details\s+of)\s+)?(?:case\s+)?casenum(?:\s+(?:please|status|\?|!))*$")
_REOPEN = re.compile(r"\b(?:reopen|reopened|reopening|un\s*close|unclose|un\s*resolve|unresolve|reactivate)\b"
                     # "can you please open again my ticket?", "open the case again"
                     r"|\bopen\s+again\s+(?:my|the|that|this|our)\s+(?:old\s+)?(?:ticket|case|request|incident)\b"
                     r"|\bopen\s+(?:my|the|that|this|our)\s+(?:old\s+|last\s+)?(?:ticket|case|request|incident)\s+again\b")
# What the person tried on their program ("we've tried closing and reopening", "closed and reopened it"): no request.
# "reopening the session doesn't help", "reopened the file": a past or ongoing reopening of something not a case.
_TRIED_REOPENING = re.compile(r"\b(?:tried|tries|trying|try|after|(?:clos|quit|exit|shut|restart)\w*\s+(?:\w+\s+){0,2}?and)\s+"
                              r"(?:\w+\s+){0,2}?(?:reopen\w*)\b"
                              r"|\breopen(?:ed|ing)\s+(?!(?:\w+\s+){0,3}?(?:case|ticket|request|incident|casenum)\b)"
                              # not what follows a reopening asked for: "can that old ticket be reopened please?"
                              r"(?!(?:please|pls|plz|asap|now|again|thanks|thank|cheers|for\s+me|if|so|as\s+well|too)\b)"
                              r"(?:it|them|the|my|this|that|outlook|teams|excel|word|chrome|edge|\w+)\b"
                              # a workaround told: "I just reopen it and it loads", "we have to reopen the app and"
                              r"|\b(?:i|we|you)\s+(?:just\s+|then\s+|usually\s+|always\s+|have\s+to\s+|need\s+to\s+|must\s+)?"
                              r"reopen\s+(?!(?:\w+\s+){0,3}?(?:case|ticket|request|incident|casenum)\b)(?:\w+\s+){1,3}?and\b")
# A question about how to do something is a question (help or the model), never the action itself.
_HOW_QUESTION = re.compile(r"^(?:\w+\s+){0,2}?how\s+(?:do|can|should|could|would|to)\b")
_OBJ = r"(?:case|ticket|request|incident|casenum)"
_CLOSE = re.compile(
    r"\bmark\s+(?:\w+\s+){0,3}?(?:as\s+)?(?:closed|resolved|done|solved|complete|completed)\b"
    r"|\b(?:kill|drop|scrap|abandon)\s+(?:(?:my|the|this|that)\s+)?(?:\w+\s+){0,2}?" + _OBJ + r"\b"
    r"|\b(?:close|cancel|resolve|withdraw)\s+(?:out\s+)?(?:it|this|this\s+one|that\s+one|" + _OBJ + r"|"
    r"(?:my|the|this|that)\s+(?:\w+\s+){0,2}?" + _OBJ + r"|(?:my|the)\s+\w+\s+one)\b"
    r"|\bcan\s+(?:now\s+|already\s+)?be\s+(?:closed|cancelled|canceled|resolved)\b"
    r"|\b(?:close|cancel|resolve|withdraw)\s+(?:one|some|a\s+few|two|both|all)\s+of\s+(?:my|the|these|those)\s+"
    r"(?:cases|tickets|requests|incidents)\b"
)
# "cancel that, a colleague gave me one", "close that please": "that" alone as the object, which only the raw
# text shows ("cancel that meeting" names something else; the normalised text has lost the comma).
_CLOSE_THAT = re.compile(r"\b(?:close|cancel|withdraw)\s+that(?=\s*(?:[,.;:!?)–—-]|$)|\s+(?:please|pls|now|"
                         r"too|as\s+well|for\s+me|then)\b)", re.IGNORECASE)
_NOT_CLOSE = re.compile(r"\b(?:not|unable\s+to|why|how|when)\s+(?:\w+\s+){0,2}(?:close|cancel|resolve)\b"
                        # "you close(d) my wifi ticket but it still drops": a complaint about a close, not a request
                        r"|\b(?:close|closed|cancel|cancelled|resolve|resolved)\b[^.?!]*\bbut\s+(?:it|this|that|the\s+\w+)\s+"
                        r"(?:is\s+|does\s+)?(?:still|again|keeps|not|n't|never)")
# "don't reopen it", "we can not tell them where is the parcel": no instruction to the bot.
_NEGATED = re.compile(r"\b(?:do\s+not|don't|dont|never|can\s*not|can't|cant|could\s*not|couldn't|unable\s+to|"
                      # of a program: "WinterRoute has crashed and won't reopen"
                      r"won't|wont|will\s+not|doesn't|doesnt|does\s+not|didn't|didnt|refuses\s+to|fails\s+to|failed\s+to)\s+"
                      r"(?:reopen|add|comment|tell)\b")


def only_tried_reopening(text: str) -> bool:
    """True when every "reopen" in `text` is something the person did to a program ("I tried closing Outlook and
    reopening it"), none a reopening asked for."""
    low = text.casefold()
    return bool(_REOPEN.search(low)) and not _REOPEN.search(_TRIED_REOPENING.sub(" ", low))


# Who the person is, before asking what the bot does: "hi, new here in the harbour office.", "I just started on Monday"
_ABOUT_ME = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|morning|good\s+morning|good\s+afternoon)\b\W*)?(?:(?:i'?m|i\s+am|im)\s+)?"
                       r"(?:(?:brand\s+)?new(?:\s+(?:here|starter|to\s+\w+))?|(?:i\s+)?(?:just|only)\s+(?:started|joined))\b"
                       r"(?![^.!?]*\b(?:need|needs|want|please|pls|access|account|login|laptop|broken|not|can'?t|won'?t)\b)"
                       r"[^.!?]*[.!]*\s*$", re.IGNORECASE)


def _introduces_then_asks_about_the_bot(text: str) -> bool:
    """"hi, new here in the harbour office. what can you actually do?": who the person is, then the question for help."""
    said = [s.strip() for s in re.split(r"(?<=[.!?\n])\s+", text.strip()) if s.strip()]
    if len(said) < 2:
        return False
    asked = " ".join(re.findall(r"[\w']+|\?", said[-1].casefold()))
    return bool(_HELP.match(asked)) and all(_ABOUT_ME.match(s) or _SMALLTALK.match(
        " ".join(re.findall(r"[\w']+", s.casefold()))) for s in said[:-1])


def rule_intent(text: str, normalised: str) -> str | None:
    """The intent a rule is sure of, or None to let the classifier decide."""
    if not text.strip() or not re.search(r"\w", text):
        return "help" if "?" in text or not text.strip() else None
    if _HELP.match(normalised) or _HOWTO.match(normalised) or _introduces_then_asks_about_the_bot(text):
        return "help"
    if _SMALLTALK.match(normalised):
        return "smalltalk"
    if _LIST.match(normalised):
        return "list_cases"
    if _JUST_A_CASE.match(normalised):
        return "check_status"
    if _NEGATED.search(normalised) or _HOW_QUESTION.match(normalised):
        return None
    if _COMMENT.search(normalised) or _ABOUT_CASE_THEN_NEWS.match(normalised):
        return "add_comment"
    if _REOPEN.search(_TRIED_REOPENING.sub(" ", normalised)):
        return "reopen_case"
    if (_CLOSE.search(normalised) or _CLOSE_THAT.search(text)) and not _NOT_CLOSE.search(normalised):
        return "close_case"
    return None
