"""Typo correction: an unknown word becomes the most frequent known word at Damerau-Levenshtein distance 1
(one insertion, deletion, substitution or transposition), against the training data's vocabulary and a list of
ordinary words. normalize.py applies it last.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

from .words import lemmatise

# A word at least this common in written English (Zipf scale: 3 = once per million words) is a word, not a typo:
# "drone" is not "done", "blade" is not "blame". Common misspellings stay below it ("teh" 3.0, "recieve" 2.8).
_ENGLISH_WORD = 3.3


@lru_cache(maxsize=20_000)
def english_word(word: str) -> bool:
    """True when `word` is a common English word in its own right (wordfreq's list of words seen at least once per
    million, shipped with the package)."""
    return zipf_frequency(word, "en", wordlist="small") >= _ENGLISH_WORD


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one edit (incl. an adjacent transposition)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


class TypoCorrector:
    """Maps an unknown word to the most frequent known word at Damerau-Levenshtein distance 1.

    A SymSpell-style index of single deletions keeps a lookup to a few dictionary probes. Never corrected:
    known words, common English words (wordfreq), words whose lemma is known ("expenses" when "expense" is), words shorter than
    ``min_length`` letters; a 4-letter word only by swapping two adjacent letters ("hlep"), since other
    edits of short words land on real words ("town"/"down", "deal"/"dead"). Only words seen at
    least twice in training, or in the list of ordinary words, are targets, so a typo that the training data
    itself contains ("coment") is not a target.
    """

    def __init__(self, vocabulary: Counter[str] | dict[str, int], *, min_length: int = 4) -> None:
        self.vocabulary = {w: int(c) for w, c in vocabulary.items() if w.isalpha()}
        self.min_length = min_length
        self._index: dict[str, list[str]] = {}
        for word, count in self.vocabulary.items():
            if len(word) < min_length - 1 or (count < 2 and word not in KNOWN_WORDS):
                continue
            for key in _deletes(word) | {word}:
                self._index.setdefault(key, []).append(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if len(word) < self.min_length or not word.isalpha():
            return word
        if word in self.vocabulary:
            return self._mend_rare(word)
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        best = word
        if lemmatise(word) not in self.vocabulary and not english_word(word):
            candidates: set[str] = set()
            for key in _deletes(word) | {word}:
                candidates.update(self._index.get(key, ()))
            if len(word) < 5:  # short words: only a swap of two letters ("hlep"), other edits hit real words
                candidates = {c for c in candidates if len(c) == len(word) and sorted(c) == sorted(word)}
            ranked = sorted((c for c in candidates if one_edit_apart(word, c)), key=lambda c: (-self.vocabulary[c], c))
            if ranked:
                best = ranked[0]
        if len(self._cache) < 50_000:
            self._cache[word] = best
        return best

    def _mend_rare(self, word: str) -> str:
        """A word the training data holds once or twice ("laptp", typed so in a line written to look typed) that is one
        edit from a word at least 20 times as common is that word's typo, not a word of its own: mended like any typo,
        so a typo in the training data never stops the same typo being corrected elsewhere. Five letters or more."""
        count = self.vocabulary[word]
        if count > 2 or len(word) < 5 or word in KNOWN_WORDS or english_word(word):
            return word
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        candidates: set[str] = set()
        for key in _deletes(word) | {word}:
            candidates.update(self._index.get(key, ()))
        ranked = sorted((c for c in candidates if c != word and self.vocabulary[c] >= 20 * count and one_edit_apart(word, c)),
                        key=lambda c: (-self.vocabulary[c], c))
        best = ranked[0] if ranked else word
        if len(self._cache) < 50_000:
            self._cache[word] = best
        return best


# Ordinary words the corrector must know even if the training data never used them, so that it does not
# "correct" them into a training word (and so that their typos are fixed). Counted once each.
EXTRA_WORDS = """
about above access account add added address admin after again agent all allow already also always am an
and another answer any anyone anything app application apps approve are around ask asked at attach back
bad be because been before being better bill bit book boot both bought break broke broken bug but buy by
calendar call came can cancel card change charge charger chat check close closed code come company
computer connect could crash crashed crashes crashing cursor customer data date day days dead delete desk
device did different disk do does doing done down download drive each email emails employee enough error
even ever every everything expired fail failed failing fast file files find fine first fix fixed folder
for forgot found free from full get gets getting give go goes going gone good got great had hang happen
happened has have having headset hear hello help her here hey hi him his home how however i if in install
installed instead internet into is issue it its job just keep key keyboard know laptop last late later
let license like line link load loading locked log login long look looks lost lot machine mail make many
me meeting message microphone might mine missing monitor more morning most mouse much my need network
never new next no not nothing now number of off office ok on once one only open or order other our out
over own password people phone please printer problem put quick quite read ready really reboot receive
remote request reset restart right run running said same save screen see seems send sent server set
setup share should show sign since slow so software some something soon sorry still stop stopped stuck
such sure system take team tell than thank thanks that the their them then there these they thing think
this those though through time to today told too tried try trying turn two under until up update us use
user using very video wait want was way we week well went were what when where which while who why will
with won work worked working works would wrong yes yesterday yet you your
ability able absent accept accident account across action active actual actually adapter address admit
advice affect afraid afternoon agree ahead alarm album alert alive allow almost alone along already
although amount angry animal annoying answer anybody anyway apart appear apple apply appointment area
argue around arrive article aside asleep attempt attention audit aunt author autumn available average
avoid awake aware awful baby background balance ball band bank base basic basket battle beach bear beat
beautiful become bedroom beer begin behind believe belong below bench beside best between beyond bicycle
bird birth birthday black blame blank blind block blood blue board boat body bone bonus border bored
borrow boss bottle bottom bought bounce brain branch brand brave bread break breakfast bridge brief
bright bring brother brown brush budget build building burn business busy butter button cable cake
camera camp campaign cancel capital captain carry case cash castle catch cause ceiling centre center
certain chain chair chance change channel chapter charge chart cheap cheese chef chest chicken chief
child choice choose church circle city claim class clean clear clerk click client climb clock close
cloth cloud coach coast coffee cold collect college colour color column comfort command common company
compare complain complete concert condition confirm connect consider contact contain content continue
contract control cook cool copy corner correct cost cotton couch count country couple course court cover
crazy cream create credit crime cross crowd crown cycle daily damage dance danger dark daughter dead deal
dear death debt decide deep degree delay deliver demand dentist depend describe desert design detail
develop diary dinner direct dirty discount discover dish distance doctor dollar double doubt dozen draft
drama draw dream dress drink drive driver dry during duty early earth easily east easy edge effect effort
eight either elect electric element else empty enemy energy engine enjoy enough enter entire entry equal
escape estate evening event exact exam example except excited excuse exercise exist expect expense
expensive explain express extra face fact factory fair fall false family famous farm fast father fault
favour favor fear feature fee feed feel female fence field fight figure fill film final finance find
finger finish fire firm fish fit flat flight floor flower fly focus fold follow food foot force foreign
forest forget form forward frame free fresh friend front fruit fuel fun fund funny future gain game garage
garden gate general gentle gift girl glad glass glove goal gold golf goods grade grand grant grass green
grey ground group grow guard guess guest guide guilty habit hair half hall hand hands handle happen happy
hard hate head health hear heart heat heavy height hello hero hide high hill hire history hobby hold hole
holiday home honest hope horse hospital host hotel hour house huge human humour hungry hurry hurt husband
idea ignore image imagine impact improve include income increase indeed inside insist instead interest
invite island item jacket joke journey judge juice jump junior jury keen kick kind king kitchen knee knife
knock label labour lady lake land language large laugh lawyer layer lazy lead leader learn least leave
left legal lend length less lesson level library life lift light limit link list listen little live local
lock lonely long loose lorry loud love lovely lower luck lunch machine magazine main major manage manager
manner many market marry match material matter maybe meal mean measure media medical meet member memory
mention menu mess metal method middle might mile milk mind minute mirror miss mistake mix model modern
moment money month mood moon moral morning mother motor mountain mouth move movie much music must name
narrow nation natural nature near nearly neck needle neither nerve never news next nice night nobody noise
none normal north nose note notice novel nurse object obvious ocean offer officer often once only onto
open opinion order ordinary other outside owner pack page pain paint pair palace panel paper parent park
part party pass past patch path patient pause peace pencil people pepper perfect perhaps period person
phone photo piano pick picture piece pilot pink pipe pitch place plain plan plane plant plate play plenty
pocket poem point police policy polite pool poor popular position possible post potato pound power
practice prefer prepare present press pretty price pride prince print prior prison private prize
probably process produce profit program promise proper protect proud prove public pull punch pupil pure
purpose push quality quarter queen question quick quiet quite race radio rail rain raise range rate
rather reach react read ready real reason receipt record recover reduce refer reform refuse region
regular relax release remain remember remote remove rent repair repeat reply report rest result return
rich ride right ring rise risk river road rock role roll roof room root rope rough round route royal rule
rush safe sail salad salary sale salt same sand save scale scene school science score screen search
season seat second secret section secure seek seem sell send sending senior sense sentence series serve
service session settle shape share sharp sheet shelf shift shine ship shirt shock shoe shoot shop short
shot shoulder shout show shower shut sick side sign signal silence silly silver simple since sing single
sink sister site size skill skin sleep slide slight slip small smart smell smile smoke snow soft soil
solid solve song sort sound soup south space speak special speed spell spend spirit split spoon sport
spot spread spring square staff stage stair stamp stand standard star start starter state station stay
stays steal steel step stick still stock stone store storm story straight strange street stress strike
strong student study style subject succeed success sudden sugar suggest suit summer sunny supply support
suppose sure surface surprise sweet swim table tail talent talk tall taste teach teacher tear tell tend
term test text thank theory thick thin thing think third thought threat throw ticket tidy tight till
tired title toast today toilet tomorrow tone tongue tonight tool tooth topic total touch tough tour tower
town track trade traffic train travel treat tree trial trick trip trouble truck true trust truth tune
turn twice type ugly uncle under unable union unit unless until upper upset urban usual valley value van
various vehicle version view village visit voice vote wage wait wake walk wall warm warn wash waste watch
water wave weak wealth wear weather wedding weekend weight welcome west wheel whole wide wife wild win
wind window wine winter wire wise wish within without woman wonder wood word worker world worry worse
worst worth write writer wrong yard year yellow young youth zero zone docked deals popup hangs cloud
""".split()
KNOWN_WORDS = frozenset(EXTRA_WORDS)   # ordinary words known beside the training data's
