"""`concierge intents train | eval FILE.jsonl | parse TEXT...` (`concierge intents bench` is in benchmarks/)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .model import HELDOUT_FILE, INTENTS, TRAIN_FILE, read_jsonl


@dataclass
class EvalReport:
    """Scores of a parser on a labelled JSONL file."""

    n: int = 0
    correct: int = 0
    case_number_n: int = 0
    case_number_correct: int = 0
    case_type_n: int = 0
    case_type_correct: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, predicted) -> count
    errors: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @staticmethod
    def _ratio(num: int, den: int) -> str:
        return f"{num / den:.3f}" if den else "n/a"

    def summary_line(self) -> str:
        return (f"accuracy={self.accuracy:.3f} case_number={self._ratio(self.case_number_correct, self.case_number_n)} "
                f"case_type={self._ratio(self.case_type_correct, self.case_type_n)} n={self.n}")

    def table(self) -> str:
        rows = [f"{'intent':<14}{'n':>5}{'correct':>9}{'precision':>11}{'recall':>8}{'f1':>7}"]
        for intent in INTENTS:
            tp = self.confusion[(intent, intent)]
            support = sum(c for (e, _), c in self.confusion.items() if e == intent)
            predicted = sum(c for (_, p), c in self.confusion.items() if p == intent)
            if not support and not predicted:
                continue
            precision = tp / predicted if predicted else 0.0
            recall = tp / support if support else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows.append(f"{intent:<14}{support:>5}{tp:>9}{precision:>11.3f}{recall:>8.3f}{f1:>7.3f}")
        return "\n".join(rows)


    def matrix(self) -> str:
        """The confusion matrix: one row per expected intent, one column per intent read (short names)."""
        seen = [i for i in INTENTS if any(i in pair for pair in self.confusion)]
        names = {"file_case": "file", "check_status": "status", "list_cases": "list", "add_comment": "comment",
                 "close_case": "close", "reopen_case": "reopen", "smalltalk": "small"}
        short = {i: names.get(i, i)[:7] for i in seen}
        rows = ["expected \\ read " + "".join(f"{short[i]:>8}" for i in seen)]
        for expected in seen:
            rows.append(f"{expected:<16}" + "".join(f"{self.confusion[(expected, got)] or '.':>8}" for got in seen))
        return "\n".join(rows)


def evaluate(rows: list[dict], parse) -> EvalReport:
    """Score ``parse`` on labelled rows.

    * accuracy: intent, over every row that has an ``intent``.
    * case_number: over rows that have the key ``case_number`` **including** ``null`` (a row that says
      "no case number here", e.g. "it's been 3 days", counts as right only if none is extracted).
    * case_type: over rows with a non-null ``case_type``, end to end (a row whose intent is missed has no
      case_type and counts as wrong).
    """
    report = EvalReport()
    for row in rows:
        p = parse(row["text"])
        if "intent" in row:
            report.n += 1
            report.confusion[(row["intent"], p.intent)] += 1
            ok = p.intent == row["intent"]
            report.correct += ok
            if not ok:
                report.errors.append({"text": row["text"], "expected": row["intent"], "got": p.intent,
                                      "confidence": p.confidence, "alternatives": p.alternatives})
        if "case_number" in row:
            report.case_number_n += 1
            if p.case_number == row["case_number"]:
                report.case_number_correct += 1
            else:
                report.errors.append({"text": row["text"], "expected_case_number": row["case_number"],
                                      "got_case_number": p.case_number})
        if row.get("case_type"):
            report.case_type_n += 1
            if p.case_type == row["case_type"]:
                report.case_type_correct += 1
            else:
                report.errors.append({"text": row["text"], "expected_case_type": row["case_type"],
                                      "got_case_type": p.case_type})
    return report


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="concierge intents", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="train the pipeline from the shipped data (or --data FILE) and cache it")
    t.add_argument("--data", type=Path, default=TRAIN_FILE)
    t.add_argument("--model-dir", type=Path, default=None, help="cache root (default: package model/ dir)")
    e = sub.add_parser("eval", help="evaluate on a labelled JSONL file (default: the held-out file)")
    e.add_argument("file", type=Path, nargs="?", default=HELDOUT_FILE)
    e.add_argument("--errors", action="store_true", help="list every miss")
    e.add_argument("--model-dir", type=Path, default=None)
    p = sub.add_parser("parse", help="parse one utterance and print the result as JSON")
    p.add_argument("text", nargs="+")
    p.add_argument("--model-dir", type=Path, default=None)
    args = ap.parse_args(argv)

    from .parser import load

    if args.cmd == "train":
        started = time.perf_counter()
        parser = load(root=args.model_dir, data_path=args.data, force=True, log=_log)
        meta = parser.model.meta
        print(f"trained on {meta['n_examples']} utterances ({meta['n_triage_examples']} for triage) "
              f"in {time.perf_counter() - started:.1f}s; saved to {parser.model.path}")
        return 0
    parser = load(root=args.model_dir, log=_log)
    if args.cmd == "parse":
        print(json.dumps(asdict(parser.parse(" ".join(args.text))), indent=1))
        return 0
    if args.cmd == "eval":
        try:
            rows = read_jsonl(args.file)
        except (OSError, ValueError) as exc:
            print(f"concierge intents eval: {exc}", file=sys.stderr)
            return 2
        report = evaluate(rows, parser.parse)
        if args.errors:
            for err in report.errors:
                print(json.dumps(err, ensure_ascii=False))
            print()
        print(report.table())
        print()
        print(report.matrix())
        print(report.summary_line())
        return 0
    return 2


