"""The trained pipelines on disk: save, load, and load-or-train when stale.

A saved pipeline lives in ``<model root>/<fingerprint>/`` where the fingerprint hashes the training data, the
training settings, the feature code (``model.FEATURE_CODE``) and the code's ``MODEL_VERSION``: when any of them
changes the directory name changes, so a stale model is never loaded and concurrent trainers never overwrite
each other's half-written files (each writes to a temporary directory and renames it into place).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import spacy

from .model import (DEFAULT_SETTINGS, FEATURE_CODE, MODEL_VERSION, PACKAGE_DIR, TRAIN_FILE, TrainedModel, TrainSettings,
                    load_examples, train)
from .normalize import Normaliser

DEFAULT_MODEL_ROOT = PACKAGE_DIR / "model"
META_FILE = "concierge-intents.json"


def fingerprint(data_path: Path, settings: TrainSettings = DEFAULT_SETTINGS) -> str:
    """A hash of the training data, settings, feature code, code version and spaCy version."""
    h = hashlib.sha256()
    h.update(Path(data_path).read_bytes())
    h.update(json.dumps(settings.as_dict(), sort_keys=True).encode())
    h.update(f"model={MODEL_VERSION} spacy={spacy.__version__}".encode())
    for name in FEATURE_CODE:  # the code that turns text into features: a change there invalidates the model
        h.update((PACKAGE_DIR / name).read_bytes())
    return h.hexdigest()


def save(model: TrainedModel, path: Path) -> None:
    """Write the pipeline and its metadata to ``path`` (created; must not exist)."""
    model.nlp.to_disk(path)
    (path / META_FILE).write_text(json.dumps(model.meta, indent=1, sort_keys=True), encoding="utf-8")


def load_from(path: Path) -> TrainedModel:
    nlp = spacy.load(path)
    meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
    return TrainedModel(nlp, Normaliser(meta["vocabulary"]), meta, path)


def model_root() -> Path:
    """Where trained pipelines are cached: $CONCIERGE_INTENTS_MODEL_DIR, the package's model/ directory,
    or (if the package directory is read-only, e.g. installed system-wide) ~/.cache/concierge/intents."""
    env = os.environ.get("CONCIERGE_INTENTS_MODEL_DIR")
    if env:
        return Path(env)
    if os.access(PACKAGE_DIR, os.W_OK):
        return DEFAULT_MODEL_ROOT
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "concierge" / "intents"


_TRAIN_LOCK = threading.Lock()


def load_or_train(
    *,
    root: Path | None = None,
    data_path: Path = TRAIN_FILE,
    settings: TrainSettings = DEFAULT_SETTINGS,
    force: bool = False,
    log=None,
) -> TrainedModel:
    """Load the pipeline trained on ``data_path`` with ``settings``; train and cache it first if missing/stale."""
    root = Path(root) if root else model_root()
    digest = fingerprint(data_path, settings)
    target = root / digest[:16]
    with _TRAIN_LOCK:
        if not force and (target / META_FILE).is_file():
            model = load_from(target)
            if model.meta.get("data_hash") == digest:
                return model
        started = time.perf_counter()
        if log:
            log(f"training intent pipeline from {data_path} (seed {settings.seed}, {settings.architecture})")
        model = train(load_examples(data_path), settings)
        model.meta["data_hash"] = digest
        model.meta["data_file"] = str(data_path)
        model.meta["train_seconds"] = round(time.perf_counter() - started, 3)
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".training-", dir=root))
        try:
            save(model, tmp / "pipeline")
            if force and target.exists():
                shutil.rmtree(target, ignore_errors=True)
            try:
                os.replace(tmp / "pipeline", target)
            except OSError:
                pass  # another process won the race with an identical model
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        _remove_stale(root, keep=target.name)
        model.path = target
        if log:
            log(f"trained in {model.meta['train_seconds']:.1f}s -> {target}")
        return model


def _remove_stale(root: Path, keep: str) -> None:
    """Delete pipelines trained from older data (only directories that hold our metadata file)."""
    for child in root.iterdir():
        if child.is_dir() and child.name != keep and (child / META_FILE).is_file():
            shutil.rmtree(child, ignore_errors=True)
