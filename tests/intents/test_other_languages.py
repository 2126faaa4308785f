"""Messages in another language, or English with a clause of one, are read in English by the classifiers and rules
(intents/glossary.py); English stays as typed, and one stray foreign-looking word is no language."""
import pytest

from intents import parse
from intents.glossary import gloss, language
from intents.normalize import pre_normalise


@pytest.mark.parametrize("text, intent, case_type", [
    ("Bonjour, l'imprimante du deuxième étage ne marche plus depuis ce matin", "file_case", "Incident"),
    ("Hola, necesito acceso a la carpeta de contabilidad por favor", "file_case", "Service Request"),
    ("Guten Morgen, mein Bildschirm bleibt schwarz und die Tastatur geht nicht", "file_case", "Incident"),
    ("Ciao, il mio portatile non si connette alla rete da ieri", "file_case", "Incident"),
    ("Olá, a minha impressora não funciona desde ontem", "file_case", "Incident"),
    ("Goedemorgen, mijn laptop start niet meer op", "file_case", "Incident"),
])
def test_a_problem_in_another_language_is_a_problem_with_its_type(text, intent, case_type):
    p = parse(text)
    assert (p.intent, p.case_type) == (intent, case_type)


@pytest.mark.parametrize("text, intent", [
    ("por favor cierra mi ticket 4411, ya funciona todo", "close_case"),
    ("bitte den Fall 4411 schließen, danke", "close_case"),
    ("reabre el ticket 4411 por favor, el problema ha vuelto", "reopen_case"),
    ("pouvez-vous rouvrir le ticket 4411 svp", "reopen_case"),
])
def test_closing_and_reopening_in_another_language(text, intent):
    p = parse(text)
    assert p.intent == intent and p.case_number == "00004411"


@pytest.mark.parametrize("text", [
    "the vpn is down and die hard fans are angry",
    "no, the printer still does not work on the 2nd floor",
    "I need a new mouse, the old one is broken",
    "la la land is my favourite film but my laptop won't boot",
])
def test_english_is_read_as_typed(text):
    assert language(pre_normalise(text)) is None or gloss(text.lower().split()) == text.lower().split()


def test_one_foreign_looking_word_is_no_language():
    assert language(["my", "drucker", "is", "broken"]) is None
    assert language(["mein", "drucker", "ist", "kaputt"]) == "de"
