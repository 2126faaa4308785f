"""docs/contracts.md lists every desk operation: each member of the `Desk` and `ChangeFeed` protocols
(servicecloud/protocols.py) is named in its "Case domain" table."""
from __future__ import annotations

import re
from pathlib import Path

from servicecloud.protocols import ChangeFeed, Desk

DOC = Path(__file__).resolve().parents[2] / "docs" / "contracts.md"


def _members(protocol: type) -> set[str]:
    names = set(getattr(protocol, "__protocol_attrs__", ())) or {
        n for klass in protocol.__mro__ if klass.__module__ == "servicecloud.protocols"
        for n in (*vars(klass), *getattr(klass, "__annotations__", {})) if not n.startswith("_")}
    return {n for n in names if not n.startswith("_")}


def test_every_desk_operation_is_in_the_contract():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Case domain"):text.index("## Intents")]
    rows = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    missing = sorted(name for name in _members(Desk) | _members(ChangeFeed)
                     if not re.search(rf"`{name}\b", rows))
    assert not missing, f"docs/contracts.md's Case domain table lacks: {missing}"
