"""What is not the problem in a message: greetings (in the languages people switch to, and their scripts), names,
pleas, venting, sign-offs, formal openings, narrative lead-ins, labels and calm tails, as the Subject rules
(subject.py) drop or cut them.

* `DROP`: a whole sentence with nothing of the problem in it ("Hope you had a good weekend!", "Kind regards, Tom").
* `LEAD`: courtesies and tags at the start of a sentence that also holds the problem ("Hi Sam,", "URGENT:",
  "I should be grateful if you would", "this morning I came in and").
* `TAIL`: courtesies and pleas at its end ("..., thanks!", "ayuda porfa", "my manager already approved it").
* `ASK`: "could you please reset my password?": the request is the verb phrase after the modal.
"""
from __future__ import annotations

import re

_GREET = (r"(?:hi+|hel+o+|he+y+a?|hiya|howdy|yo|greetings|dear|good\s+(?:morning|afternoon|evening|day)|morning|"
          r"afternoon|evening"
          # greetings in the languages people switch from: "Hola,", "Bonjour", "Guten Morgen", "Namaste", "Salam"
          r"|hola|oye|oiga|buen[oa]s\s+(?:d[ií]as|tardes|noches)|buen\s+d[ií]a|szia|sziasztok|kalimera|geia|merhaba|xin\s+chao|bonjour|bonsoir|salut|coucou|hallo|servus|moin|"
          r"guten\s+(?:morgen|tag|abend)|ciao|salve|buongiorno|ol[áa]|oi|bom\s+dia|boa\s+tarde|namaste|namaskar|"
          r"(?:salam|salaam|as+-?sala+m+(?:\s*[-']?\s*[ou])?)(?:\s*[-']?\s*al[ae][iy]k(?:u|oo)m)?|merhaba|selam|hej|hei|hoi|goedemorgen|dzie[nń]\s+dobry|cze[sś][cć]|"
          r"privet|zdravo|konnichiwa|ni\s+hao|annyeong(?:haseyo)?|shalom|jambo|habari|sawubona|kumusta|xin\s+ch[aà]o"
          # and in their own scripts: Russian, Korean, Japanese, Chinese, Arabic, Greek, Hindi
          r"|здравствуйте|привет|добрый\s+(?:день|вечер)|доброе\s+утро|안녕하세요|안녕|こんにちは|おはようございます|你好|您好|"
          r"مرحبا|السلام\s+عليكم|γεια\s+σας|नमस्ते|お疲れ様です|お疲れさまです|よろしくお願いします|よろしくお願いいたします)")
_NAMEISH = (r"(?:\s+(?:there|team|all|everyone|folks|guys|support|it|helpdesk|help\s+desk|concierge|sir\s*(?:or|/)\s*madam|"
            r"sir|sirs|madam|ma'?am|"
            r"mam|boss|friends|colleagues|mate|mates|buddy|dear|lads|gents|ladies|people|peeps|y'?all|crew|squad|chaps|"
            r"fellas|pal|chief|(?-i:[A-Z][a-z]+)))*")
# Whom a greeting is said to, in lower case: "Morning guys the wifi ...", "hey mate the printer ..." (no comma).
_ADDRESS = (r"(?:\s+(?:there|team|all|everyone|folks|guys|mate|mates|lads|gents|ladies|people|peeps|y'?all|crew|squad|"
            r"chaps|fellas|pal|boss|chief|buddy|friends))+")
# A plea with nothing of the problem in it: "please help", "pls fix it asap", "please fix quick", "please sort this out".
_PLEA = (r"(?:please|pls|plz|kindly)\s+(?:help|advise|assist|check|fix|sort|solve|resolve|repair|look\s+into|"
         r"look\s+at|have\s+a\s+look|take\s+a\s+look)(?:\s+(?:me|it|this|that|them|out|it\s+out|this\s+out|"
         r"quick(?:ly)?|fast|soon|asap|urgently|now|today|please|pls|for\s+me|as\s+soon\s+as\s+(?:possible|you\s+can)))*"
         r"\b")
# How a matter is announced before what kind it is: "bit of a (weird one)", "a (quick one)", "just a (small thing)".
_KIND_OF_ONE = r"(?:just\s+)?(?:(?:a\s+)?bit\s+of\s+an?\s+|an?\s+|quite\s+an?\s+)?"
GREET = _GREET   # the greeting words alone (tone.py: "hiya, it's not working" is as vague as "it's not working")
# A sentence that opens on a greeting ("Hallo liebes IT-Team", "Hi Sam").
GREETING = re.compile(r"^\W*" + _GREET + r"\b", re.IGNORECASE)
# Whole sentences with nothing of the problem in them.
DROP = re.compile(
    r"^\W*(?:"
    + _GREET + _NAMEISH +
    r"|hope\b.*|i\s+hope\b.*|how\s+are\s+you\b.*|how'?s\s+it\s+going\b.*|happy\s+\w+day\b.*"
    r"|(?:many\s+|thanks?|thank\s+you|thx|ty|cheers|regards|kind\s+regards|best\s+regards|warm\s+regards|best|"
    r"br|sincerely|yours(?:\s+(?:faithfully|sincerely|truly))?|all\s+the\s+best|have\s+a\s+(?:good|great|nice)\b|appreciate|much\s+appreciated|"
    r"sorry\s+(?:for|about)\s+the\s+(?:trouble|hassle|bother|long\s+message)|speak\s+soon|talk\s+soon|"
    r"ttyl|bye|later)\b.*"
    r"|(?:can|could|would)\s+(?:some\s*one|any\s*one|you|somebody|anybody)\s+(?:please\s+)?"
    r"(?:help|check|look|have\s+a\s+look|take\s+a\s+look|advise|assist|sort|fix)\b[^.]{0,40}"
    r"|" + _PLEA + r".*"
    r"|(?:any|some)\s+(?:ideas?|help|advice|suggestions?|tips?)\b.*|help\s*(?:me|please|pls)?"
    r"|let\s+me\s+know\b.*|thanks?\s+in\s+advance\b.*|asap|urgent(?:ly)?|emergency"
    # a matter announced, nothing of it said: "Bit of a weird one.", "Quick question", "A strange one for you"
    r"|" + _KIND_OF_ONE + r"(?:weird|strange|odd|random|funny|tricky|quick|small|little|"
    r"minor|easy|silly)\s+(?:one|question|thing|issue|request|query)(?:\s+(?:for\s+you|here|today))?"
    r"|(?:(?:no\s+(?:rush|hurry|pressure)|not\s+urgent|nothing\s+urgent|whenever\s+(?:convenient|you\s+can|possible)|"
    r"when\s+you\s+(?:can|have\s+(?:a\s+)?(?:time|moment))|at\s+your\s+convenience)"
    r"(?:\s+(?:at\s+all|whatsoever|really|though|honestly|on\s+this(?:\s+one)?))?\W*)+"
    # about using the bot, not the problem: "I am not sure how this works", "first time using this"
    # about the person's own English: "Sorry my english is not good", "excuse my English"
    r"|(?:(?:sorry|apologies|excuse|pardon)\s+(?:for\s+)?my\s+(?:bad\s+|poor\s+)?english\b.*|(?:sorry\W*)?my\s+english\s+"
    r"(?:is\s+)?(?:not|isn'?t|is\s+not|no)\s+(?:so\s+|very\s+)?(?:good|great|perfect|fluent)\b.*)"
    r"|i(?:'m|\s+am)\s+(?:not\s+sure|unsure)\s+(?:how|if|whether)\s+(?:this|it|i)\b.*|(?:this\s+is\s+)?(?:my\s+)?first\s+time\s+"
    r"(?:using|doing|trying)\b.*|i\s+hope\s+i'?m\s+doing\s+this\s+right\b.*|i'?m\s+new\s+to\s+(?:this|chat|slack)\b.*"
    r"|(?:ugh+|argh+|sigh|seriously|come\s+on|wtf|omg|ffs|jeez|man|lol)"
    r"|(?:this|it)\s+is\s+(?:so\s+|really\s+|getting\s+)?(?:frustrating|annoying|ridiculous|a\s+nightmare|"
    r"driving\s+me\s+(?:crazy|nuts|mad)|unacceptable|killing\s+me)\b.*"
    r"|i'?\s*a?m\s+(?:so\s+|really\s+)?(?:frustrated|fed\s+up|losing\s+my\s+mind|going\s+crazy|desperate)\b.*"
    # an e-mail passed on: "Forwarding this from my email as I was told to use Slack now:", "Copying in the email I sent
    # to our GM last night as nobody has replied yet:", and its header lines ("From: Priya Raman", "Sent: Monday 08:12")
    r"|(?:(?:i'?m|i\s+am|just)\s+)?(?:forwarding|copying(?:\s+in)?|pasting(?:\s+in)?|passing\s+on|(?:i'?ll|i\s+will|let\s+me)\s+"
    r"(?:forward|copy|paste))\s+(?:you\s+)?(?:this|(?:the|an?|my|our)\s+(?:[\w-]+\s+)?(?:e-?mails?|messages?|mail|thread))\b.*"
    r"|(?:see|below\s+is|here'?s|here\s+is|this\s+is)\s+(?:the\s+|an?\s+)?(?:e-?mail|message|thread)\s+(?:below|i\s+sent|"
    r"(?:i\s+)?(?:got|received)|from)\b.*"
    r"|(?:from|sent|to|cc|bcc|date)\s*:.*"
    r"|(?-i:(?:-\s*)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"     # a name alone: the signature
    r")\W*$",
    re.IGNORECASE)
# A sign-off: what follows it is the signature (name, title, department, phone), not the problem.
SIGN_OFF = re.compile(r"^\W*(?:(?:many\s+|kind(?:est)?\s+|best\s+|warm(?:est)?\s+|with\s+)?(?:regards|thanks|wishes)|"
                      r"yours\s+(?:faithfully|sincerely|truly)|sincerely|cheers|best|thank\s+you|br|rgds|tia)\W*$", re.IGNORECASE)
# Courtesies and tags at the start of a sentence that also holds the problem.
LEAD = re.compile(
    r"^\W*(?:"
    + _GREET + _NAMEISH + r"\s*[,!.:;-]+"
    r"|" + _GREET + _ADDRESS + r"\s+"
    r"|(?:hi+|hel+o+|he+y+|hiya|yo(?!\s+(?:no|tengo|soy|estoy|necesito|quiero|puedo|creo|he|ya)\b))\b(?:\s+(?-i:[A-Z][a-z]+))?\s+"
    # who is writing: "Dr Okafor here -", "QA here -", "Tom from Finance here:" (names in capitals; "the printer here" is not)
    r"|(?:(?:dr|mr|mrs|ms|miss|prof|nurse|sister|sgt|cllr)\.?\s+)?(?-i:[A-Z][\w'-]*)(?:\s+(?-i:[A-Z][\w'-]*)){0,2}"
    r"(?:\s+(?:from|in|on|at)\s+(?:the\s+)?(?-i:[A-Z][\w&'-]*)(?:\s+(?-i:[A-Z][\w&'-]*))?)?\s+here\s*[-–—:,.!]+"
    r"|(?:(?:(?:a|an)\s+)?(?:totally\s+|completely\s+|entirely\s+)?(?:separate|different|other|unrelated|new|another|second)\s+(?:thing|issue|question|matter|topic|problem|one)"
    r"|on\s+(?:a|another)\s+(?:different|separate|other)\s+(?:note|topic|matter)|unrelated|also|next)\s*[:!,-]+"
    r"|(?:i'?m\s+|i\s+am\s+)?(?:filing|raising|logging|opening|reporting|submitting|writing)\s+(?:this|a\s+ticket|a\s+case|"
    r"one)\s+(?:for|on\s+behalf\s+of)\s+(?:my|the|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*[:,-]+"
    r"|(?:subject|re|fwd?)\s*:\s*(?=\w)"   # an e-mail's subject line passed on: "Subject: Load control access for ..."
    r"|(?:urgent|asap|emergency|important|critical|help|fyi|heads\s+up|quick\s+(?:question|one)|question|issue|problem|"
    + _KIND_OF_ONE + r"(?:weird|strange|odd|random|funny|another|new|tricky|"
    r"small|little|minor|quick|easy)\s+one"
    # a story announced: "bit of a saga from wardrobe:", "a long one, sorry -"
    r"|" + _KIND_OF_ONE + r"(?:worrying|scary|concerning|serious|annoying|urgent|nasty|frustrating)\s+one"
    r"|" + _KIND_OF_ONE + r"(?:saga|story|drama|long\s+one|tale)(?:\s+(?:from|in|at|on)\s+(?:the\s+)?[\w-]+)?)"
    r"(?:\s+(?:please|pls|plz))?\s*[:!-]+"
    r"|(?-i:URGENT|ASAP|EMERGENCY|IMPORTANT|HELP)(?:\s+(?-i:PLEASE|PLS))?\s+(?=\S)"   # a shouted tag: "URGENT gate B4 scanner ..."
    # a sarcastic remark before the fault: "oh brilliant, the big screen won't ...", "Great. Printer's jammed again"
    r"|(?:oh\s+|just\s+|how\s+)?(?:brilliant|great|fantastic|wonderful|lovely|perfect|marvell?ous|super|awesome|amazing|"
    r"splendid|terrific|excellent|fabulous|typical|classic|nice\s+one|love\s+it|yay|woohoo|joy)\s*(?:[,!.]+|[–—-]+\s)"
    r"|(?:(?:just\s+)?(?:love|loving)\s+(?:that|how)|gotta\s+love\s+(?:that|how))\s+(?=(?:none|nobody|no\s+one|the|my|our|we|i|it|all|every)\b)"
    r"|(?:so|ok|okay|well|also|and|but|oh|btw|plus|anyway|basically|honestly|actually|essentially|apparently|separately|"
    r"additionally|unrelatedly|secondly|thirdly|"
    # venting first: "ffs linentrack wont print ...", "omg the till ...", "for god's sake"
    r"ffs|omg|omfg|wtf|fml|smh|jeez|geez|sigh|u+gh+|a+r+g+h+|seriously|for\s+(?:f\w*|god'?s|pete'?s|heaven'?s|goodness)\s+sake|"
    r"for\s+crying\s+out\s+loud|bloody\s+hell|good\s+grief|"

    r"long\s+story(?:\s+short)?)\b\s*[,:;–—-]*"
    r"|(?:sorry|apologies)\s+(?:to\s+bother(?:\s+(?:you|u|again))?|for\s+the\s+bother|to\s+ask)\s*(?:again)?\s*(?:,|but)?"
    r"|(?:(?:i'?m|i\s+am)\s+)?(?:very\s+|so\s+|really\s+|terribly\s+|extremely\s+|truly\s+)?(?:sorry|soz|apologies|oops|whoops|my\s+bad)\s*[,:;!.–—-]+\s*(?=\w)"
    # venting said before the fault in the same sentence: "honestly this is so frustrating, the booking page ...",
    # "I'm so fed up -", "this is driving me mad:"
    r"|(?:(?:this|it|that)\s*(?:'s|’s|\s+is)\s+(?:so\s+|really\s+|getting\s+|just\s+|beyond\s+|absolutely\s+)*(?:frustrating|"
    r"annoying|infuriating|maddening|ridiculous|a\s+(?:joke|nightmare)|driving\s+me\s+(?:crazy|nuts|mad|insane|up\s+the\s+wall)|"
    r"doing\s+my\s+head\s+in|unacceptable|killing\s+me)|(?:i'?m|i\s+am)\s+(?:so\s+|really\s+|absolutely\s+)*(?:frustrated|"
    r"fed\s+up|losing\s+my\s+mind|going\s+crazy|at\s+my\s+wits'?\s+end))\s*[,:;!.–—-]+\s*(?=\w)"
    # not knowing whom to ask: "So I'm not sure who deals with this but since the update ..."
    r"|(?:i'?m\s+|i\s+am\s+)?not\s+sure\s+(?:who|whom|which\s+team)\s+(?:deals\s+with|handles|looks\s+after|to\s+ask\s+about|"
    r"covers|is\s+responsible\s+for)\s+(?:this|that|it)\s*(?:,\s*|\s+)but\b"
    # unsure of the place: "not sure if this is the right place but", "this might not be the right place, but"
    r"|(?:(?:i'?m\s+)?not\s+sure\s+(?:if|whether)\s+(?:this\s+is|i'?m\s+in|i\s+am\s+in)\s+the\s+right\s+(?:place|channel|bot)|"
    r"(?:sorry\s+)?(?:if\s+)?this\s+(?:might|may)\s+not\s+be\s+the\s+right\s+(?:place|channel))\s*(?:,|but|-)?"
    r"|(?:i(?:'m|\s+am)\s+(?:writing|contacting\s+you|reaching\s+out|messaging(?:\s+you)?|getting\s+in\s+touch)"
    r"|i\s+write(?=\s+to\s+(?:you\s+)?(?:report|request|let\s+you\s+know|ask|inform|notify|advise)))"
    # for whom the writer writes: "I am writing on behalf of the Head of Learning and Skills to request ..."
    r"(?:\s+on\s+behalf\s+of(?:\s+[\w'’&-]+){1,8}?(?=\s+to\s))?"
    r"(?:\s+(?:to\s+(?:you\s+)?(?:report|request|let\s+you\s+know|ask(?:\s+for)?|say|tell\s+you|inform\s+you|"
    r"notify\s+you|advise\s+you)|because|as|about|regarding))?"
    r"(?:\s+(?:that|of))?"
    # a formal request for others: "I would kindly like to request that our two new advisors ... be added to ..."
    r"|(?:i|we)\s+(?:would|'d)\s+(?:kindly\s+)?like\s+to\s+(?:kindly\s+)?request\s+that\s+"
    # a formal preamble: "I would kindly like to inform you that", "this is to let you know", "please be advised that"
    r"|(?:i\s*)?(?:just\s+)?(?:(?:would|'d|should)\s+)?(?:kindly\s+|just\s+|hereby\s+)?(?:wanted|want|need|like|wish)\s+"
    r"to\s+(?:let\s+you\s+know|report|say|flag|mention|tell\s+you|inform\s+you|notify\s+you|advise\s+you|"
    r"point\s+out|bring\s+(?:it\s+)?to\s+your\s+attention)"
    r"\s*(?:that)?"
    r"|(?:this\s+is\s+(?:just\s+)?to\s+(?:let\s+you\s+know|inform\s+you|notify\s+you|report)|please\s+be\s+(?:informed|"
    r"advised|aware)|(?:i|we)\s+(?:hereby\s+)?(?:inform|notify|advise)\s+you)\s*(?:that)?"
    r"|i\s+(?:have|'ve\s+got|got)\s+(?:a|an)\s+(?:small\s+|quick\s+|big\s+|weird\s+)?(?:problem|issue|question)"
    r"\s*(?:with\s+(?=\w))?[:,-]?"
    r"|(?:can|could|would)\s+(?:you|someone|somebody|anyone)\s+(?:please\s+)?help(?:\s+me)?(?:\s+with)?[:,?]?"
    r"|(?:please|pls|plz)\b\s*[:,]?"
    # a plea run into the problem: "pls help the obs machine won't send readings", "help me with outlook crashing"
    r"|(?:(?:please|pls|plz|kindly)\s+)?help(?:\s+(?:me|us))?(?:\s+(?:please|pls|plz))?(?:\s+with)?\s*[:,!-]?(?!\s*desk)(?=\s*\w)"
    # a formal request: "I should be grateful if you would arrange ...", "I would appreciate it if you could ..."
    r"|(?:(?:i|we)\s+)?(?:should|would|'d)\s+be\s+(?:most\s+|very\s+|really\s+|extremely\s+)?(?:grateful|obliged|thankful)\s+if\s+"
    r"(?:(?:you|someone|somebody)\s+(?:could|would|might|can)\s+(?:kindly\s+|please\s+)?|(?:i|we)\s+could\s+(?:please\s+)?"
    r"(?:be\s+given|get|have)\s+(?=access|a\b|an\b|the\b|some\b))?"   # "... if I could be given access to ZIMS"; else "if a
    # monitor could be arranged"
    r"|(?:i|we)\s+(?:would|'d)\s+(?:really\s+)?appreciate\s+(?:it\s+)?if\s+(?:you|someone)\s+(?:could|would|can)\s+"
    r"(?:kindly\s+|please\s+)?"
    r"|would\s+you\s+be\s+so\s+kind\s+as\s+to\s+"
    # a narrative lead-in before the fault: "this morning I came in and", "when I logged on today,"
    # what happened before, then since when: "last week we moved to the new office and since then", "we had the update, now"
    r"|(?:(?:last\s+\w+|yesterday|this\s+morning|on\s+\w+day|recently)\s*,?\s*)?(?:i|we)\s+(?:\w+ed|had|got|went|came|did|"
    r"moved|upgraded|switched)\b"
    # (not credentials given away: "I clicked the link and typed my password into the page, and now ...")
    r"(?![^,.!?]{0,60}?\b(?:password|passcode|login|credentials|pin|card\s+(?:number|details))\b)"
    r"[^,.!?]{0,60}?(?:,\s*|\s+and\s+)(?:since\s+then|ever\s+since|now|and\s+now)\s*,?\s*"
    # "I came in for the matinee shift and", "I came in, made a coffee, started on the inbox and realised"
    r"|(?:(?:this\s+morning|today|first\s+thing)\s*,?\s*)?(?:i|we)\s+(?:came|got|walked)\s+in(?:to\s+work)?\b"
    r"(?:[^.!?]{0,100}?\b(?:and|,)\s+(?:then\s+)?(?:found|noticed|saw|realised|realized|discovered|spotted)\s+(?:that\s+)?"
    r"|[^,.!?]{0,40}?\s*(?:,|\band\b)\s*(?:then\s+)?)"
    r"|(?:this\s+morning|today|yesterday|earlier(?:\s+today)?|last\s+night|tonight|on\s+\w+day)\s*,?\s*(?:i|we)\s+"
    r"(?:came|got|arrived|logged|sat|started|turned|switched|booted|walked|went|opened|tried)\b[^,.]{0,30}?\s*(?:,|\band\b)"
    r"\s*(?:then\s+)?(?:(?:found|noticed|saw|realised|realized)\s+(?:that\s+)?)?"
    r"|(?:when|after|as\s+soon\s+as)\s+(?:i|we)\s+(?:came\s+in|got\s+in|arrived|logged\s+(?:on|in)|sat\s+down|started\s+up|"
    r"turned\s+on|switched\s+on|booted\s+up)(?:\s+(?:this\s+morning|today|yesterday))?\s*,\s*"
    r"|(?:i\s+)?(?:think|guess|believe)\s+(?:that\s+)?"
    # a small matter or a worry announced: "Small thing, not urgent:", "Bit worried -", "Quick one,"
    r"|(?:(?:a\s+)?(?:small|little|minor|quick|tiny)\s+(?:thing|one|issue|niggle|query)|(?:a\s+)?(?:bit|little|slightly|"
    r"quite|rather|a\s+bit)\s+(?:worried|concerned|anxious|panicked))\s*[,:;–—-]+\s*"
    r"|(?:(?:it|this|that)\s*(?:'s|\s+is)?\s*)?(?:(?:not|isn'?t|n't)\s+(?:that\s+|very\s+|super\s+)?(?:urgent|critical|"
    r"a\s+big\s+deal|pressing|a\s+priority|blocking(?:\s+(?:anyone|anybody|anything|me|us|work|the\s+\w+))?|stopping\s+"
    r"(?:anyone|anybody|anything|me|us|work))|no\s+rush|"
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
TAIL = re.compile(
    r"(?:[\s,;:-]+(?:(?:please|pls|plz|asap|thanks?|thank\s+you|thx|cheers|help|urgently|lol|haha|:\)|"
    # courtesies people switch languages for: "ayuda porfa", "merci", "bitte", "grazie", "shukriya", "salamat po"
    r"(?:ayuda\s+)?(?:porfa(?:vor)?|por\s+favor)|ayuda|gracias|muchas\s+gracias|merci(?:\s+beaucoup)?|svp|s'il\s+vous\s+pla[iî]t|"
    r"bitte|danke(?:\s+sch[oö]n)?|grazie(?:\s+mille)?|per\s+favore|obrigad[oa]|(?:bohat\s+|bahut\s+)?shukriya|"
    r"dhanyavaad|salamat(?:\s+po)?|arigato|спасибо(?:\s+большое)?|감사합니다|고맙습니다|ありがとう(?:ございます)?|谢谢|شكرا|"
    # who approved it is for the agent, not the Subject: "my manager Olga already approved it"
    r"(?:my\s+)?(?:line\s+)?(?:manager|boss|lead|team\s+lead|supervisor|director)(?:\s+(?-i:[A-Z][a-z]+))?\s+(?:has\s+|have\s+)?"
    r"(?:already\s+)?(?:approved?|signed\s+off|ok'?d|okayed|agreed|(?:says?|said)\s+(?:it'?s\s+|it\s+is\s+)?(?:ok|okay|fine|yes)|"
    r"(?:is|are)\s+(?:ok|okay|fine)\s+with\s+(?:it|this|that)|gave\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:ok|okay|go-?ahead))"
    r"(?:\s+(?:it|this|that))?|"
    # sarcasm after the fault: "..., love that for us", "truly the highlight of my week", "just what I needed"
    r"love\s+(?:that|this)\s+for\s+(?:us|me)|(?:truly\s+|really\s+)?the\s+highlight\s+of\s+my\s+(?:day|week|month|year)|"
    r"just\s+what\s+(?:i|we)\s+needed|as\s+(?:usual|always)|typical|classic|"
    # a call for someone to come: "pls send someone", "need someone down here now"
    r"(?:(?:can\s+you|could\s+you|please|pls|plz)\s+)?(?:send|get)\s+(?:some\s*one|somebody|an?\s+(?:engineer|tech|technician))"
    r"(?:\s+(?:down|over|up|round|here|asap|now|please|pls|quick(?:ly)?|straight\s+away))*|"
    r"(?:i\s+|we\s+)?need\s+(?:some\s*one|somebody)\s+(?:down\s+|over\s+|up\s+)?(?:here\s+)?(?:now|asap|quick(?:ly)?)|"
    r"any\s+ideas?|any\s+help|if\s+possible|when\s+you\s+(?:can|get\s+a\s+chance)|not\s+a\s+big\s+deal|no\s+rush|"
    r"no\s+hurry|not\s+urgent|whenever\s+(?:you\s+can|convenient|possible)|when\s+you\s+have\s+(?:a\s+)?(?:time|moment)|"
    r"(?:can|could)\s+(?:you|someone)\s+(?:please\s+)?(?:help|check|look|fix)\b[^.]{0,30}|" + _PLEA + r")\W*))+$",
    re.IGNORECASE)
# "could you please reset my password?": the request is the verb phrase after the modal.
ASK = re.compile(r"^(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\s+(?:please\s+|pls\s+|kindly\s+|"
                  r"possibly\s+)?(?=(?:reset|unlock|install|set\s+up|setup|give|grant|add|remove|create|enable|disable|"
                  r"replace|order|send|fix|update|upgrade|change|restore|recover|move|renew|extend|delete|activate|"
                  r"re-?enable|re-?activate|repair)\b)", re.IGNORECASE)
