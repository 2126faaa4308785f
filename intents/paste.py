"""What a person wrote, apart from what they pasted: log lines, stack traces and dumps are machine text.

    prose("Outlook crashes at start, log:\\n2026-11-27 08:01:07 ERROR OUTLOOK.EXE fault 0xc0000005\\n...")
    -> "Outlook crashes at start, log:"

A bag-of-words classifier and the subject rules read a pasted log as words ("error", "exception", colons,
numbers) and lose the person's sentence in it. `prose(text)` drops the lines that look machine-made (a
timestamp or log level first, a stack frame, mostly digits, hex and punctuation) when the message has
several lines and some prose is left; otherwise the text is returned as it is. The exception line of a trace
("java.lang.IllegalStateException: session closed"), the source line under a Python frame, a command at a shell prompt
and whatever is inside a ``` code block are machine text too. Rules only.
"""
from __future__ import annotations

import re

_TIMESTAMP = re.compile(r"^\W{0,3}(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
                        r"\d{1,2}:\d{2}:\d{2}|\[?\d{10,13}\]?)\b")
_LEVEL = re.compile(r"^\W{0,3}(?:\[?(?:ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|SEVERE)\]?[:\s])")
_FRAME = re.compile(r"^\s*(?:at\s+[\w$.<>]+\(|File\s+\"[^\"]+\",\s+line\s+\d+|Traceback\s+\(most\s+recent|"
                    r"Caused\s+by:|#\d+\s+0x[0-9a-f]+|\.\.\.\s+\d+\s+more\b)")
_LETTERS = re.compile(r"[A-Za-z]")
# The line naming the exception of a trace ("java.lang.IllegalStateException: session closed",
# "PermissionError: token expired"): a class name ending in Exception/Error, alone or before a colon.
_EXCEPTION = re.compile(r"^\s*(?:Exception\s+in\s+thread\s+\S+\s+)?(?:[\w$]+\.)*[A-Z]\w*(?:Exception|Error|Fault)"
                        r"(?::|$)")
# A Python frame ('File "x.py", line 4, in f') is followed by the source line it shows.
_PY_FRAME = re.compile(r"^\s*File\s+\"[^\"]+\",\s+line\s+\d+")


def machine_line(line: str) -> bool:
    """True for a line a program wrote (log entry, stack frame, hex dump), not a person."""
    s = line.strip()
    if not s:
        return False
    if _TIMESTAMP.match(s) or _LEVEL.match(s) or _FRAME.match(s) or _EXCEPTION.match(s):
        return True
    letters = len(_LETTERS.findall(s))
    return len(s) >= 12 and letters / len(s) < 0.45


# A line typed at a shell prompt ("$ sbatch run.sh", "PS C:\\> ipconfig /all", "C:\\Users\\me> ping ..."): a command.
_PROMPT = re.compile(r"^\s*(?:\$|#|PS\s+[A-Z]:\\[^>]*>|[A-Z]:\\[^>]*>)\s+\S")


def _fenced(lines: list[str]) -> set[int]:
    """The lines of a ``` code block, its fences included: what a person pastes there is the program's."""
    out: set[int] = set()
    opened: int | None = None
    for i, ln in enumerate(lines):
        if opened is None and len(ln.strip()) > 6 and ln.strip().startswith("```") and ln.strip().endswith("```"):
            out.add(i)          # a block on one line: "```ALARM 2041 PLC COMM FAULT```"
            continue
        if ln.strip().startswith("```"):
            if opened is None:
                opened = i
            else:
                out.update(range(opened, i + 1))
                opened = None
    return out


def prose(text: str) -> str:
    """`text` without its machine-made lines (see the module docstring); unchanged when it has fewer than
    three lines, none are machine-made, or nothing else is left."""
    lines = (text or "").splitlines()
    if len(lines) < 3:
        return text or ""
    fenced = _fenced(lines)
    kept = [ln for i, ln in enumerate(lines)
            if i not in fenced and not machine_line(ln) and not _PROMPT.match(ln)
            and not (i and _PY_FRAME.match(lines[i - 1]) and ln[:1].isspace())]
    if len(kept) == len(lines) or not any(_LETTERS.search(ln) for ln in kept):
        return text
    return "\n".join(kept).strip()
