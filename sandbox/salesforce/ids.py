"""Salesforce record Ids: 15-character case-sensitive Ids and their 18-character case-safe form.

An Id is a 3-character key prefix (which object), 12 base-62 characters, and for the 18-character form a
3-character suffix that encodes which of the first 15 characters are upper case, so the Id survives
case-insensitive handling. Both forms are accepted on input; the 18-character form is always returned.
"""
from __future__ import annotations

import re

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_RE = re.compile(r"^[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?$")

# Org-wide: the emulated org's own Id (prefix 00D) is fixed, so info files stay stable across runs.
ORG_ID_15 = "00DEM0000000001"

_POD = "EM0"  # "instance" + reserved characters after the key prefix, like 5007g0... in a real org


def checksum_suffix(id15: str) -> str:
    """The 3-character case-safe suffix of a 15-character Id."""
    suffix = []
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(id15[chunk * 5:(chunk + 1) * 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        suffix.append(_SUFFIX_ALPHABET[bits])
    return "".join(suffix)


def to18(id15: str) -> str:
    return id15 + checksum_suffix(id15)


def make_id(prefix: str, serial: int) -> str:
    """The 18-character Id of the `serial`-th record with key prefix `prefix`."""
    digits = []
    n = serial
    for _ in range(9):
        n, r = divmod(n, 62)
        digits.append(_BASE62[r])
    if n:
        raise OverflowError("Id space exhausted")
    return to18(prefix + _POD + "".join(reversed(digits)))


def normalize(value: object) -> str | None:
    """The canonical 18-character Id for a 15- or 18-character Id, or None when `value` is not an Id.

    An 18-character Id is case-insensitive: its suffix tells which characters are upper case, so
    "500em0000000001aaa" style inputs are repaired from the suffix; a suffix that disagrees is rejected.
    """
    if not isinstance(value, str) or not _ID_RE.match(value):
        return None
    if len(value) == 15:
        return to18(value)
    suffix = value[15:].upper()
    if any(c not in _SUFFIX_ALPHABET for c in suffix):
        return None
    chars = list(value[:15])
    for chunk, code in enumerate(suffix):
        bits = _SUFFIX_ALPHABET.index(code)
        for i in range(5):
            pos = chunk * 5 + i
            ch = chars[pos]
            if ch.isalpha():
                chars[pos] = ch.upper() if bits & (1 << i) else ch.lower()
            elif bits & (1 << i):
                return None  # a digit cannot be upper case
    id15 = "".join(chars)
    return to18(id15)


def prefix_of(id18: str) -> str:
    return id18[:3]
