"""The text the classifiers see: placeholders, slang, contractions, typo correction."""
from __future__ import annotations

import pytest

from intents.normalize import Normaliser, pre_normalise
from intents.typos import TypoCorrector


def test_placeholders_for_case_references_and_numbers():
    assert pre_normalise("Close case #1234 pls, it's been 3 days") == [
        "close", "case", "casenum", "please", "it", "is", "been", "num", "days"]
    assert pre_normalise("see https://intranet/x or mail it@corp.com") == ["see", "url", "or", "mail", "email"]


def test_contractions_slang_and_stretching():
    assert pre_normalise("can't log in, thx") == ["can", "not", "log", "in", "thanks"]
    assert pre_normalise("doesnt work nvm") == ["does", "not", "work", "nevermind"]
    assert pre_normalise("pleeeease re-open it") == ["pleease", "reopen", "it"]  # squeezed to two letters...
    assert Normaliser({"please": 5}).canonical_tokens("pleeeease") == ["please"]  # ...then corrected


def test_colon_marks_a_payload():
    assert "colon" in pre_normalise("add to case 12: the printer is hp")


def test_typo_corrector():
    c = TypoCorrector({"status": 10, "close": 8, "ticket": 9, "outlook": 3, "stats": 1})
    assert c.correct("stauts") == "status"  # transposition
    assert c.correct("clsoe") == "close"
    assert c.correct("tickte") == "ticket"
    assert c.correct("outlok") == "outlook"  # deletion
    assert c.correct("statuss") == "status"  # insertion
    assert c.correct("vpn") == "vpn"  # short words are left alone
    assert c.correct("printer") == "printer"  # nothing near: unchanged
    assert c.correct("status") == "status"


def test_features_add_lemmas_and_lexicon_markers():
    n = Normaliser({"closed": 2, "laptop": 3})
    feats = n("my laptop crashed").split()
    assert feats[:3] == ["my", "laptop", "itterm"]
    assert "crash" in feats and "brokecue" in feats


@pytest.mark.parametrize("text,intent", [
    ("whats the satus of case 1234", "check_status"),
    ("plese clsoe tikcet 1234", "close_case"),
    ("i forgto my pasword and now im lockd out", "file_case"),
    ("reopne my printer tickt, its jamed agian", "reopen_case"),
    ("shwo my open tikets", "list_cases"),
])
def test_typos_are_understood(parser, text, intent):
    assert parser.parse(text).intent == intent


def test_corrector_leaves_real_words_alone(trained):
    """Real words the training data never used must not be 'corrected' into training words."""
    correct = trained.normaliser.corrector.correct
    for word in ["unable", "town", "deal", "food", "moment", "sending", "cloud", "luck", "expenses"]:
        assert correct(word) == word, word
    assert correct("caes") == "case"  # a swap in a short word is still fixed


def test_corrector_ignores_typos_that_training_contains():
    c = TypoCorrector({"comment": 9, "coment": 1})
    assert c.correct("moment") == "moment"  # "coment" (a training typo) is not a target
