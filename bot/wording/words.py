"""The small words every answer shares: a subject cut short, how to name a case, plurals."""
from __future__ import annotations


def short(text: str | None, limit: int = 60) -> str:
    """A subject cut on a word boundary for a sentence."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def label(ref: str) -> str:
    """How to name a case reference in a sentence (a number as is, an Id as "that case")."""
    return ref if ref.isdigit() else "that case"


def case_words(ref: str) -> str:
    """"case 00001234" for a number, "that case" for an Id."""
    return f"case {ref}" if ref.isdigit() else "that case"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
