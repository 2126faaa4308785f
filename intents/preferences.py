"""Typed notification preferences: "stop nudging me", "only tell me when it's resolved", "notification
settings", and when to be told: "quiet hours 20:00 to 7:00", "no notifications at weekends", "no quiet hours",
"daily digest at 9", "notify me in real time". Pure: text in, a `PreferenceRequest` (or None) out. The kinds are the values of
servicecloud.config.Preference (intents imports nothing of ours; a test keeps the two lists equal).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

AGENT_REPLIES, WAITING, RESOLVED, NUDGES, FILED_ELSEWHERE = (
    "agent_replies", "waiting", "resolved", "nudges", "filed_elsewhere")
KINDS = (AGENT_REPLIES, WAITING, RESOLVED, NUDGES, FILED_ELSEWHERE)

_NOTIFY = (r"(?:notif\w*|nudg\w*|remind\w*|ping(?:ing|s)?|alert\w*|messag(?:e|es|ing)\s+me|dm(?:ing)?\s+me|"
           r"tell(?:ing)?\s+me|let(?:ting)?\s+me\s+know|bug(?:ging)?\s+me)")
# Requests start the message ("stop nudging me", "please only tell me ..."), so a problem report that merely
# contains such words ("I never got an update", "my reminders don't pop up") is not one.
_START = r"^\W*(?:(?:please|pls|kindly|hey|ok|can\s+you|could\s+you|would\s+you|i\s+want\s+you\s+to)\W+)*"
_SHOW = re.compile(r"\b(?:notification|notify|alert)s?\s+(?:settings?|preferences?|prefs|options)\b|"
                   r"\bwhat\s+(?:do|will)\s+you\s+(?:notify|tell|ping|message)\s+me\s+about\b", re.IGNORECASE)
_OFF = re.compile(_START + r"(?:stop|quit|cease|no\s+more|don'?t|do\s+not|never|mute|turn\s+off|switch\s+off|disable|"
                  r"silence|unsubscribe)\b(?:\W+\w+){0,4}?\W+" + _NOTIFY + r"|" + _START + r"no\s+more\s+(?:"
                  + _NOTIFY + r"|updates)",
                  re.IGNORECASE)
_ONLY = re.compile(_START + r"(?:only|just)\b(?:\W+\w+){0,4}?\W+" + _NOTIFY + r"|" + _START + _NOTIFY
                   + r"(?:\W+\w+){0,3}?\W+only\b", re.IGNORECASE)
_ON = re.compile(_START + r"(?:start|resume|turn\s+on|switch\s+on|enable|keep|subscribe)\b(?:\W+\w+){0,4}?\W+" + _NOTIFY
                 + r"|" + _START + _NOTIFY + r"(?:\W+\w+){0,5}?\W+again\W*$|" + _START
                 + r"(?:notify|tell|ping|message)\s+me\s+about\s+everything\b", re.IGNORECASE)
_EVERYTHING = re.compile(r"\b(?:everything|all\s+(?:notifications|of\s+it|kinds?)|all\s+of\s+them|anything)\b",
                         re.IGNORECASE)
_KIND_WORDS = {
    NUDGES: re.compile(r"\b(?:nudg\w*|remind\w*)\b", re.IGNORECASE),
    RESOLVED: re.compile(r"\b(?:resolv\w*|closed|clos(?:e|es|ing)|fixed|solved|done)\b", re.IGNORECASE),
    WAITING: re.compile(r"\b(?:waiting|wait(?:s)?\s+(?:for|on)\s+me|needs?\s+(?:my|me|an?)\b|my\s+(?:input|reply|"
                        r"answer)|(?:they|agents?)\s+(?:need|ask|have\s+a\s+question))", re.IGNORECASE),
    AGENT_REPLIES: re.compile(r"\b(?:repl(?:y|ies)|comments?|answers?|responds?|responses?|emails?|posts?|"
                              r"files?|agents?\s+(?:write|writes|say|says|answer))\b", re.IGNORECASE),
    FILED_ELSEWHERE: re.compile(r"\b(?:filed\s+(?:elsewhere|for\s+me|by\s+(?:phone|email|someone))|new\s+cases?|"
                                r"cases?\s+(?:filed|opened|created)\s+(?:for|by)|elsewhere)\b", re.IGNORECASE),
}


_CLOCK = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
_RANGE = _CLOCK + r"\s*(?:to|until|till|and|-|–)\s*" + _CLOCK
# Timing requests start the message too ("quiet hours 20:00 to 7:00", "please set my quiet hours ...", "send me a
# daily digest at 9"): "my VPN drops at weekends" or "the real-time dashboard is down" are problem reports.
_LEAD = (_START + r"(?:(?:set|change|make|use|i\s+want|i'?d\s+like|give\s+me|send\s+me|switch\s+to|turn\s+on|"
         r"only|just)\W+)*(?:(?:my|a|the)\W+)?")
# a short word on why first: "I work nights - quiet hours 09:00 to 17:00 please"
_WHY_FIRST = r"(?:^[^.!?\n]{3,40}?(?:\s+[-–—:]+\s+|[.!?;]\s+))?"
_QUIET_RANGE = re.compile(_WHY_FIRST + _LEAD.lstrip("^") + r"quiet\s+(?:hours?|time)\W*(?:(?:are|is|from|between|should\s+be|to)\W+)*" + _RANGE
                          + r"|" + _LEAD + r"(?:no\s+notifications?|don'?t\s+(?:notify|message|ping|dm)\s+me|"
                          r"(?:be\s+)?quiet|silence)\s+(?:from|between)\s+" + _RANGE, re.IGNORECASE)
_QUIET_OFF = re.compile(_START + r"(?:no|stop|disable|turn\s+off|switch\s+off|remove|cancel)\s+(?:the\s+|my\s+)?"
                        r"quiet\s+(?:hours?|time)\b|" + _LEAD + r"quiet\s+(?:hours?|time)\s+off\b", re.IGNORECASE)
_WEEKEND = r"(?:at|on|over|during|in)\s+(?:the\s+)?week-?ends?"
_WEEKENDS_QUIET = re.compile(_LEAD + r"(?:no\s+(?:notifications?|messages?|pings?|dms?|alerts?)|don'?t\s+(?:notify|"
                             r"message|ping|dm|bother)\s+me|nothing|quiet|silence)\W+" + _WEEKEND + r"|" + _LEAD
                             + r"week-?ends?\s+(?:off|quiet|free)\b", re.IGNORECASE)
_WEEKENDS_FINE = re.compile(_LEAD + r"(?:(?:notify|message|ping|tell)\s+me\s+" + _WEEKEND + r"|week-?ends?\s+(?:are\s+)?"
                            r"(?:fine|ok|okay)\b|(?:notifications?|messages?)\s+" + _WEEKEND + r"\s+(?:are\s+)?"
                            r"(?:fine|ok|okay|too)\b)", re.IGNORECASE)
_DIGEST = re.compile(_LEAD + r"(?:daily|once\s+a\s+day)\s+(?:digest|summary|roundup)\b(?:\W+\w+){0,3}?\W*"
                     r"(?:at|around)\s+" + _CLOCK + r"|" + _LEAD + r"(?:digest|summary)\s+(?:every\s+day|daily)\s+"
                     r"(?:at|around)\s+" + _CLOCK, re.IGNORECASE)
_DIGEST_OFF = re.compile(_START + r"(?:no|stop|cancel|turn\s+off|switch\s+off)\s+(?:the\s+|my\s+)?(?:daily\s+)?"
                         r"(?:digest|summary)\b|" + _LEAD + r"(?:(?:notify|tell|message|ping)\s+me\s+)?(?:in\s+)?"
                         r"real[- ]?time(?:\s+notifications?)?\W*$|" + _LEAD + r"(?:notify|tell)\s+me\s+as\s+"
                         r"(?:they|it|things)\s+happens?\b", re.IGNORECASE)


@dataclass(frozen=True)
class TimingRequest:
    """When a person wants to be told: quiet hours on/off or from `start` to `end` ("HH:MM"), weekends quiet
    or not, a daily digest at `digest_hour` or (`real_time`) none. None: not asked about."""

    quiet: bool | None = None
    start: str | None = None
    end: str | None = None
    weekends: bool | None = None
    digest_hour: int | None = None
    real_time: bool = False


@dataclass(frozen=True)
class PreferenceRequest:
    """What a person asked about their notifications: kinds to switch on, kinds to switch off, (`show`) to see
    their settings, or (`timing`) when to be told."""

    on: frozenset[str] = frozenset()
    off: frozenset[str] = frozenset()
    show: bool = False
    timing: TimingRequest | None = None


def _clock(hours: str, minutes: str | None, half: str | None) -> str | None:
    """"7", "30", "pm" -> "19:30"; None when it is not a time of day."""
    h, m = int(hours), int(minutes or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower().startswith("p") else 0)
    return f"{h:02d}:{m:02d}" if 0 <= h <= 23 and 0 <= m <= 59 else None


def timing_request(text: str) -> TimingRequest | None:
    """The timing a message asks for ("quiet hours 20:00 to 7:00", "no notifications at weekends", "no quiet
    hours", "daily digest at 9", "real time"), or None."""
    found: dict[str, object] = {}
    if m := _QUIET_RANGE.search(text):
        g = list(m.groups())
        first = g[:6] if g[0] is not None else g[6:]
        start, end = _clock(*first[:3]), _clock(*first[3:])
        if start and end:
            found.update(quiet=True, start=start, end=end)
    elif _QUIET_OFF.search(text):
        found["quiet"] = False
    if _WEEKENDS_FINE.search(text):
        found["weekends"] = False
    elif _WEEKENDS_QUIET.search(text):
        found["weekends"] = True
    if m := _DIGEST.search(text):
        g = list(m.groups())
        hours, minutes, half = g[:3] if g[0] is not None else g[3:]
        at = _clock(hours, minutes, half)
        if at:
            found["digest_hour"] = int(at[:2])
    elif _DIGEST_OFF.search(text):
        found["real_time"] = True
    return TimingRequest(**found) if found else None  # type: ignore[arg-type]


def kinds_named(text: str) -> frozenset[str]:
    return frozenset(k for k, pattern in _KIND_WORDS.items() if pattern.search(text))


# "and no notifications at weekends", "also, quiet hours 20:00 to 7:00": a connective that adds to what was said.
_CONNECTIVE = re.compile(r"^\W*(?:(?:and|also|oh|ah|plus|btw|ok|okay|so|then)\b\W*)+", re.IGNORECASE)


def preference_request(text: str) -> PreferenceRequest | None:
    """The notification preference a message asks for, or None when it is about something else."""
    text = _CONNECTIVE.sub("", text or "", count=1)
    if (timing := timing_request(text)) is not None:
        return PreferenceRequest(timing=timing)
    if _SHOW.search(text) and not (_OFF.search(text) or _ONLY.search(text) or _ON.search(text)):
        return PreferenceRequest(show=True)
    named = kinds_named(text)
    everything = frozenset(KINDS)
    if _ONLY.search(text) and named:
        return PreferenceRequest(on=named, off=everything - named)
    if _OFF.search(text):
        return PreferenceRequest(off=named or everything)
    if _ON.search(text):
        return PreferenceRequest(on=everything if (_EVERYTHING.search(text) or not named) else named)
    return None
