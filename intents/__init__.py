"""Concierge's language understanding: what an employee typed -> what the bot should do.

    from intents import parse
    p = parse("close case 1234 pls")   # Parse(intent="close_case", case_number="00001234", ...)

See intents/README.md for the model, features, rules and evaluation figures.
"""
from .words import as_typed, keywords, lemmatise
from .model import CASE_TYPES, INTENTS, Intent
from .parser import CASE_INTENTS, CONFIDENCE_THRESHOLD, IntentParser, Parse, default_parser, load, parse
from .urgency import use_classifier

# urgency.py reads the shipped model's urgency classifier after its rules, and its rules again on the text as the typo
# corrector spells it (loaded, or trained, on first use)
use_classifier(lambda text: default_parser().learned_urgency(text), lambda text: default_parser().spelled(text))

__all__ = [
    "CASE_INTENTS", "CASE_TYPES", "CONFIDENCE_THRESHOLD", "INTENTS", "Intent", "IntentParser", "Parse", "as_typed", "keywords",
    "lemmatise", "load", "parse",
]
