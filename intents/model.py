"""The trained spaCy pipeline: build, train (deterministically), save, and load-or-train when stale.

One ``spacy.blank("en")`` pipeline holds three exclusive-class text classifiers:

* ``intent``: the nine intents, trained on every line of the training data;
* ``triage``: ``Incident`` vs ``Service Request``, trained on the ``file_case`` lines (which carry ``case_type``);
* ``urgency``: ``urgent`` vs ``routine`` for a problem report, trained on data/urgency.jsonl (reports written for it,
  each labelled) and the ``file_case`` lines labelled by urgency.py's rules (so the model knows what the rules know
  and learns, from the written reports, the many ways of saying it the rules do not list).

Both read the *normalised* text (see normalize.py), so they see ``casenum`` instead of digits and "please"
instead of "pls". Saving, loading and the cache of trained pipelines (load-or-train when stale) are
model_cache.py's.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from .normalize import Normaliser
from .paste import prose

class Intent(StrEnum):
    """What an utterance asks for. Members compare equal to their strings (stored rows, button values)."""

    FILE_CASE = "file_case"
    CHECK_STATUS = "check_status"
    LIST_CASES = "list_cases"
    ADD_COMMENT = "add_comment"
    CLOSE_CASE = "close_case"
    REOPEN_CASE = "reopen_case"
    HELP = "help"
    SMALLTALK = "smalltalk"
    UNKNOWN = "unknown"


INTENTS: tuple[str, ...] = tuple(intent.value for intent in Intent)   # the model's labels, in this order
CASE_TYPES: tuple[str, ...] = ("Incident", "Service Request")

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TRAIN_FILE = DATA_DIR / "train.jsonl"
HELDOUT_FILE = DATA_DIR / "heldout.jsonl"
URGENCY_FILE = DATA_DIR / "urgency.jsonl"
URGENCY_LABELS: tuple[str, ...] = ("urgent", "routine")

# Bump when the pipeline changes in a way that invalidates saved models. Changes to the feature code
# (FEATURE_CODE) are picked up by the fingerprint on their own.
MODEL_VERSION = "4"
FEATURE_CODE = ("normalize.py", "typos.py", "lexicon.py", "entities.py", "words.py", "model.py", "paste.py", "glossary.py",
                "urgency.py", "directives.py", "data/urgency.jsonl")


@dataclass(frozen=True)
class TrainSettings:
    """Everything that decides the trained weights besides the data."""

    seed: int = 7
    epochs: int = 15
    dropout: float = 0.2
    batch_start: float = 16.0
    batch_stop: float = 16.0
    batch_growth: float = 1.0
    ngram_size: int = 1
    architecture: str = "bow"  # "bow" (TextCatBOW) or "ensemble" (BOW + CNN over subword features)
    learn_rate: float = 0.003

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


DEFAULT_SETTINGS = TrainSettings()


@dataclass
class Utterance:
    """One labelled training line."""

    text: str
    intent: str
    case_type: str | None = None


@dataclass
class TrainedModel:
    """A loaded pipeline plus the normaliser whose vocabulary it was trained with."""

    nlp: Language
    normaliser: Normaliser
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def intent_pipe(self):
        return self.nlp.get_pipe("intent")

    @property
    def triage_pipe(self):
        return self.nlp.get_pipe("triage")

    @property
    def urgency_pipe(self):
        return self.nlp.get_pipe("urgency")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file; blank lines and lines starting with ``//`` are skipped. Errors name the line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{lineno}: expected an object with a 'text' string")
            if "intent" in row and row["intent"] not in INTENTS:
                raise ValueError(f"{path}:{lineno}: unknown intent {row['intent']!r} (one of {', '.join(INTENTS)})")
            if row.get("case_type") not in (None, *CASE_TYPES):
                raise ValueError(f"{path}:{lineno}: case_type must be one of {CASE_TYPES}")
            rows.append(row)
    return rows


def load_examples(path: Path = TRAIN_FILE) -> list[Utterance]:
    return [Utterance(r["text"], r["intent"], r.get("case_type")) for r in read_jsonl(path)]


def urgency_examples(examples: list[Utterance], path: Path = URGENCY_FILE) -> list[tuple[str, bool]]:
    """(text, urgent) pairs: the reports written for the urgency classifier, then the training data's problem reports
    as urgency.py's rules read them."""
    from .urgency import urgency   # the rules alone: the model is what is being trained
    written = []
    for row in read_jsonl(path):
        if not isinstance(row.get("urgent"), bool):
            raise ValueError(f"{path}: every line needs 'urgent': true or false ({row['text'][:40]!r})")
        written.append((row["text"], row["urgent"]))
    return written + [(e.text, urgency(e.text, learned=False) is not None) for e in examples if e.intent == "file_case"]


def _textcat_config(settings: TrainSettings) -> dict[str, Any]:
    bow = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": settings.ngram_size,
        "no_output_layer": False,
        "length": 65536,
        "nO": None,
    }
    if settings.architecture == "bow":
        return {"model": bow, "threshold": 0.0}
    if settings.architecture == "ensemble":
        tok2vec = {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 64,
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "rows": [2000, 1000, 1000, 500],
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 64, "window_size": 1, "maxout_pieces": 3, "depth": 2,
            },
        }
        return {"model": {"@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": tok2vec,
                          "linear_model": bow, "nO": None}, "threshold": 0.0}
    raise ValueError(f"unknown architecture {settings.architecture!r}")


def train(examples: list[Utterance], settings: TrainSettings = DEFAULT_SETTINGS,
          urgent: list[tuple[str, bool]] | None = None) -> TrainedModel:
    """Train the three classifiers from scratch (`urgent`: the urgency classifier's data, by default
    `urgency_examples(examples)`). Same examples + settings -> same weights."""
    fix_random_seed(settings.seed)
    rng = random.Random(settings.seed)
    # A pasted log in a training line is read as the parser reads it: without its machine-made lines (paste.py).
    texts = [prose(e.text) for e in examples]
    urgent = urgency_examples(examples) if urgent is None else urgent
    vocabulary = Normaliser.build_vocabulary(texts)
    normaliser = Normaliser(vocabulary)

    nlp = spacy.blank("en")
    intent: Any = nlp.add_pipe("textcat", name="intent", config=_textcat_config(settings))
    triage: Any = nlp.add_pipe("textcat", name="triage", config=_textcat_config(settings))
    urgency: Any = nlp.add_pipe("textcat", name="urgency", config=_textcat_config(settings))

    def make(text: str, cats: dict[str, float]) -> Example:
        return Example.from_dict(nlp.make_doc(normaliser(text)), {"cats": cats})

    intent_examples = [make(t, {i: float(i == e.intent) for i in INTENTS}) for e, t in zip(examples, texts, strict=True)]
    triage_examples = [
        make(t, {c: float(c == e.case_type) for c in CASE_TYPES})
        for e, t in zip(examples, texts, strict=True) if e.intent == "file_case" and e.case_type
    ]
    if not triage_examples:
        raise ValueError("the training data has no file_case lines with a case_type")
    urgency_data = [make(prose(text), {"urgent": float(flag), "routine": float(not flag)}) for text, flag in urgent]
    intent.initialize(lambda: intent_examples, nlp=nlp, labels=list(INTENTS))
    triage.initialize(lambda: triage_examples, nlp=nlp, labels=list(CASE_TYPES))
    urgency.initialize(lambda: urgency_data, nlp=nlp, labels=list(URGENCY_LABELS))
    optimizer = nlp.create_optimizer()
    optimizer.learn_rate = settings.learn_rate

    for _epoch in range(settings.epochs):
        for pipe, data in ((intent, intent_examples), (triage, triage_examples), (urgency, urgency_data)):
            order = list(data)
            rng.shuffle(order)
            sizes = _compounding(settings.batch_start, settings.batch_stop, settings.batch_growth)
            losses: dict[str, float] = {}
            for batch in minibatch(order, size=sizes):
                pipe.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
    meta = {
        "model_version": MODEL_VERSION,
        "spacy_version": spacy.__version__,
        "settings": settings.as_dict(),
        "n_examples": len(intent_examples),
        "n_triage_examples": len(triage_examples),
        "n_urgency_examples": len(urgency_data),
        "vocabulary": dict(sorted(vocabulary.items())),
    }
    return TrainedModel(nlp, normaliser, meta)


def _compounding(start: float, stop: float, factor: float):
    value = start
    while True:
        yield int(value)
        value = min(value * factor, stop)


def label_counts(examples: list[Utterance]) -> Counter[str]:
    return Counter(e.intent for e in examples)
