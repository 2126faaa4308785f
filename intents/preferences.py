"""Typed notification preferences: "stop nudging me", "only tell me when it's resolved", "notification
settings". Pure: text in, a `PreferenceRequest` (or None) out. The kinds are the values of
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


@dataclass(frozen=True)
class PreferenceRequest:
    """What a person asked about their notifications: kinds to switch on, kinds to switch off, or (`show`)
    to see their settings."""

    on: frozenset[str] = frozenset()
    off: frozenset[str] = frozenset()
    show: bool = False


def kinds_named(text: str) -> frozenset[str]:
    return frozenset(k for k, pattern in _KIND_WORDS.items() if pattern.search(text))


def preference_request(text: str) -> PreferenceRequest | None:
    """The notification preference a message asks for, or None when it is about something else."""
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
