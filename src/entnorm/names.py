"""Name parts: a person's or an organisation's name read into its parts, and two names compared
part by part.

A person's name (``parse_person``) is read into a given name, middle names (second given
names, patronymics, initials), a family name with its particles ("von der", "al-"), and the
honorifics and generation around them. The order is read from the name: a comma ("MEDVEDEV,
Dmitry"), a family name in capitals ("TUSK Donald"), a patronymic at the end ("Medvedev Dmitry
Anatolyevich"), initials after one word ("Putin V. V."), or, in a query, a known given name
written last ("Medvedev Dmitry"). An organisation's name
(``parse_org``) is read into its distinctive words and its legal forms ("AG", "PJSC", "OOO").

``compare_persons`` and ``compare_orgs`` compare two names part by part and say how each part
agreed or why it did not (``PartAgreement``). A person's family names agree when their keys
(``keys.part_key``) are equal or within a typo budget that grows with their length
(``typo_budget``: none up to four letters, where one letter makes another name); given names
also by an initial, a nickname (Bill, William; Sasha, Aleksandr) or a form in another language
(``keys.same_given_name``). A middle name or patronymic on one side only costs little; a
different given name, family name or generation ("Jr.") is another person. An organisation's
distinctive words must agree; its legal form is folded away, but two legal forms of different
kinds (an LLC and a joint-stock company) are two companies. An initialism agrees with the
initials of the words it stands for ("IAEA").

The lists (honorifics, generations, particles, patronymic endings, hypocorisms, legal forms)
are in ``data/names.yaml``; English nicknames come from the ``nicknames`` package, a
hand-curated table of about 1,100 English given names and their nicknames.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz.distance import OSA

from ._yaml import safe_load
from .keys import GIVEN_NAMES, STOPWORDS, compact, folded, part_key, plain, same_given_name
from .words import is_common_word, mention_words


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("entnorm").joinpath("data/names.yaml").read_text("utf-8")
    return safe_load(text)  # type: ignore[no-any-return]


def _keys(words: list[str]) -> frozenset[str]:
    return frozenset(k for w in words if (k := compact(plain(str(w)))))


def _by_first_word(phrases: list[str]) -> dict[str, list[tuple[str, ...]]]:
    found: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        if words := tuple(plain(phrase).split()):
            found.setdefault(words[0], set()).add(words)
    return {w: sorted(ts, key=lambda t: (-len(t), t)) for w, ts in found.items()}


@lru_cache(maxsize=1)
def _lists() -> dict[str, Any]:
    d = _data()
    titles = [*mention_words()["titles"], *d["honorifics"]]
    legal = {compact(plain(form)): kind for kind, forms in d["legal_forms"].items()
             for form in forms}  # fmt: skip
    legal.update({compact(plain(form)): "" for form in d["generic_forms"]})
    hypocorisms: dict[str, set[str]] = {}
    for full, short in d["hypocorisms"].items():
        for s in short:
            hypocorisms.setdefault(compact(plain(s)), set()).add(compact(plain(full)))
    return {
        # Titles as plain-key word tuples by their first word, longest first ("prime minister"
        # before "prime").
        "titles": _by_first_word(titles),
        "generations": _keys(d["generations"]),
        "post_nominals": _keys(d["post_nominals"]),
        "particles": _keys(d["particles"]),
        "patronymic": re.compile(f"(?:{'|'.join(map(re.escape, d['patronymic_endings']))})$"),
        "hypocorisms": hypocorisms,
        "legal": legal,
        "legal_words": max(len(plain(f).split()) for fs in d["legal_forms"].values() for f in fs),
    }


@lru_cache(maxsize=1)
def _nicknamer() -> Any:
    # Imported here: only a comparison of two different given names needs it (0.1 s).
    from nicknames import NickNamer

    return NickNamer()


def alphabetic(name: str) -> bool:
    """Whether every letter of a name is Latin or Cyrillic: scripts whose plain keys spell each
    part of a person's name out (an abjad drops its vowels, Han and kana write no parts)."""
    return name.isascii() or all(
        "LATIN" in (n := unicodedata.name(c, "")) or "CYRILLIC" in n for c in name if c.isalpha()
    )


def typo_budget(length: int) -> int:
    """Edits (``OSA``: a swap of two letters is one) allowed between two name parts whose
    longer plain key has ``length`` letters: none up to four letters (Bart and Bort, Ros and
    Roz are other names), one up to eight, two beyond."""
    return 0 if length <= 4 else 1 if length <= 8 else 2


# ----------------------------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a person's name."""

    #: As written (without the full stops of initials).
    text: str
    #: Its plain key, compacted ("jean-pierre" -> "jeanpierre").
    plain: str
    #: Its name-part key (``keys.part_key``).
    key: str
    #: Its initials: the first letter of each hyphenated piece ("jp" for Jean-Pierre), or the
    #: letters themselves when the word is initials only ("jp" for "J.-P." or "JP").
    initials: str
    #: Whether the word is initials only.
    is_initials: bool
    #: Whether its initials must all be met: capitals without full stops ("JP") or initials of
    #: a hyphenated name ("J.-P."); "V. V." may stand for a given name and a patronymic that
    #: the other side lacks.
    strict: bool = False


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in parts."""

    #: The given name and the middle names (patronymics, second names, initials), in order.
    given: tuple[Word, ...]
    #: The family name's words, particles included ("von der Leyen").
    family: tuple[Word, ...]
    #: Honorifics and titles that led it ("Dr.", "President").
    titles: tuple[str, ...] = ()
    #: "jr", "sr", "ii", ... when the name ended with one.
    generation: str | None = None
    #: Whether it was written family name first.
    inverted: bool = False


#: A word of a person's name: letters, digits, inner apostrophes, hyphens and full stops.
_NAME_WORD = re.compile(r"[^\W_](?:[^\W_]|['\u2019.\-\u2010\u2011\u2013]+(?=[^\W_]))*\.?")
#: Digits typed or scanned for letters ("0rban", "Poroshenk0").
_DIGIT_LETTERS = str.maketrans("0134578", "oleasbt")
_GENERATIONS = {"junior": "jr", "jnr": "jr", "senior": "sr", "snr": "sr"}


def _word(text: str, *, initials: bool = False) -> Word:
    bare = text.rstrip(".")
    if any(c.isdigit() for c in bare) and any(c.isalpha() for c in bare):
        bare = bare.translate(_DIGIT_LETTERS)
    pieces = [p for p in re.split(r"[.\-\u2010\u2011\u2013]+", bare) if p]
    key_plain = compact(plain(bare))
    if initials or (len(pieces) > 1 and all(len(p) == 1 for p in pieces)) or len(key_plain) == 1:
        letters = compact(plain("".join(pieces)))
        strict = initials or bool(re.search(r"\w\.?[\-\u2010\u2011\u2013]\w", bare))
        return Word(text, letters, letters, letters, True, strict)
    first = "".join(compact(plain(p))[:1] for p in pieces)
    return Word(text, key_plain, part_key(bare), first, False)


def _strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    titles: list[str] = []
    by_first = _lists()["titles"]
    keys = [plain(w) for w in words]
    while len(words) > 1:
        n = next((len(t) for t in by_first.get(keys[0], ()) if tuple(keys[: len(t)]) == t
                  and len(words) > len(t)), 0)  # fmt: skip
        if not n:
            break
        titles.append(" ".join(words[:n]))
        words, keys = words[n:], keys[n:]
    return words, titles


def _ends_sentence(word: str) -> bool:
    """Whether a word inside a span ends a sentence ("Budanov. The"): a full stop after three
    letters or more that are no title, particle or generation ("Gen.", "St.", "Jr.")."""
    if not word.endswith(".") or "." in word[:-1]:
        return False
    key = compact(plain(word))
    lists = _lists()
    return (
        len(key) >= 3
        and (key,) not in lists["titles"].get(key, ())
        and key not in lists["particles"]
        and key not in lists["generations"]
        and key not in lists["post_nominals"]
    )


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _is_initials_token(word: str) -> bool:
    """ "JP", "MBS": two or three capitals, read as initials before a family name."""
    return 2 <= len(word) <= 3 and word.isalpha() and word.isupper()


@lru_cache(maxsize=65536)
def parse_person(name: str, *, query: bool = False) -> PersonName | None:
    """``name`` as a person's name in parts; None when it has no word.

    A listed name is read in English order unless a comma, a family name in capitals or a
    final patronymic says otherwise: a canonical name is its common English name. A
    ``query`` of two words is also read family name first when only its second word is a
    known given name (``is_given_name``) and its first is no common English word
    (``ORDER_WORD_ZIPF``): "Medvedev Dmitry", not "Walker Scott"."""
    head, _, tail = name.partition(",")
    lists = _lists()
    words = _NAME_WORD.findall(head)
    after = _NAME_WORD.findall(tail)
    # A short first word with a full stop is an abbreviation ("Rep.", "Pres."), however the
    # lists miss it.
    inner = [*words, *after][:-1]
    if any(_ends_sentence(w) for w in inner[1:]) or (
        inner and _ends_sentence(inner[0]) and len(compact(plain(inner[0]))) > 4
    ):
        return None
    # A generation ends the name or its family name before a comma ("Kennedy Jr., John");
    # after a comma, a name that is only a generation or degrees ("Trump, Jr.", "Smith, PhD")
    # ends it, and any other comma turns it round.
    generation = _strip_generation(words)
    generation = _strip_generation(after, keep=0) or generation
    inverted = bool(after)
    family_words, rest = (words, after) if inverted else ([], words)
    rest, titles = _strip_titles(rest)
    if not inverted:
        rest, family_words, inverted = _order(rest, query)
    if not family_words and not rest:
        return None
    # "bin", "ibn" between given names join a lineage; they are no names of it.
    rest = rest[:1] + [w for w in rest[1:] if compact(plain(w)) not in lists["particles"]]
    given = tuple(_word(w, initials=_is_initials_token(w)) for w in rest)
    family = tuple(_word(w) for w in family_words)
    return PersonName(given, family, tuple(titles), generation, inverted)


#: A first word that English uses this often (wordfreq's Zipf scale: 4.3 is 20 times a million
#: words: Walker, Taylor, Grant, Morgan) is as often a given name; a query that starts with
#: one is read in English order.
ORDER_WORD_ZIPF = 4.3


def _strip_generation(words: list[str], keep: int = 1) -> str | None:
    """Drop a generation and degrees from the end of ``words`` (``keep`` words at least stay)
    and return the generation ("jr", "iii") if there was one."""
    lists, generation = _lists(), None
    while len(words) > keep:
        k = compact(plain(words[-1]))
        if k in lists["generations"] and generation is None:
            generation = _GENERATIONS.get(k, k)
        elif k not in lists["post_nominals"]:
            break
        words.pop()
    return generation


def _order(words: list[str], query: bool) -> tuple[list[str], list[str], bool]:
    """The given and middle words and the family words of a name without a comma, and whether
    the family name came first."""
    if len(words) < 2:
        return [], words, False
    # "Putin V. V.": initials after a full word are the given names' initials.
    if not _word(words[0]).is_initials and all(_word(w).is_initials for w in words[1:]):
        return words[1:], words[:1], True
    caps = [i for i, w in enumerate(words) if _is_caps(w)]
    if caps and len(caps) < len(words) and caps == list(range(caps[0], caps[-1] + 1)):
        given = [w for i, w in enumerate(words) if i not in caps]
        return given, [words[i] for i in caps], caps[0] == 0
    patronymic = _lists()["patronymic"]
    if (
        len(words) >= 3
        and patronymic.search(compact(plain(words[-1])))
        and not patronymic.search(compact(plain(words[-2])))
    ):
        return words[1:], words[:1], True
    if (
        query
        and len(words) == 2
        and not _word(words[0]).is_initials
        and is_given_name(words[1])
        and not is_given_name(words[0])
        and not is_common_word(words[0], ORDER_WORD_ZIPF)
    ):
        return words[1:], words[:1], True
    # The family name is the last word with the particles before it, one given word kept.
    start = len(words) - 1
    particles = _lists()["particles"]
    while start > 1 and compact(plain(words[start - 1])) in particles:
        start -= 1
    return words[:start], words[start:], False


@lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    """Whether a word is a known given name: a form of ``data/folding.yaml``'s given names, a
    hypocorism of ``data/names.yaml``, or a name of the ``nicknames`` table."""
    key = compact(plain(word))
    if len(key) < 2 or not key.isalpha():
        return False
    if folded(key) in GIVEN_NAMES or key in _lists()["hypocorisms"]:
        return True
    nn = _nicknamer()
    return bool(nn.nicknames_of(key) or nn.canonicals_of(key))


@dataclass(frozen=True, slots=True)
class PartAgreement:
    """How one part of a query's name met the listed name's part (for the explanation)."""

    #: "given", "middle", "family", "generation", "words" or "legal form".
    role: str
    #: The part as the query and as the listed name wrote it ("" when one side has none).
    query: str
    listed: str
    #: "same", "spelling" (equal keys), "form" (another language's form of a given name),
    #: "nickname", "initial", "typo", "joined", "missing", "acronym" (an organisation's
    #: initialism) or "differs".
    how: str

    @property
    def agrees(self) -> bool:
        return self.how != "differs"

    def __str__(self) -> str:
        """ "given D. ~ Dmitry: initial", "middle A. ~ -: missing"."""
        return f"{self.role} {self.query or '-'} ~ {self.listed or '-'}: {self.how}"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two names compared part by part: every part's agreement, and a score that is 1 less
    the cost of each part that agreed only loosely."""

    score: float
    parts: tuple[PartAgreement, ...]

    @property
    def agrees(self) -> bool:
        return all(p.agrees for p in self.parts)

    @property
    def contradicts(self) -> bool:
        """Whether a part disagrees in a way no spelling explains (``contradiction``)."""
        return any(contradiction(p) for p in self.parts)


def contradiction(part: PartAgreement) -> bool:
    """Whether a part that disagrees names another person or company whatever the spelling:
    another generation or kind of legal form; two known given names (``is_given_name``) that
    are not one mistyped; a family name of at most four letters, or one that only starts as
    the other does and runs on ("Medvedchuk", "Usmanovich"), or a Slavic woman's form of a
    man's name ("Tikhonova"); an organisation's words in place of others, all common English
    words ("Africa" for America) or all of four letters or less ("Bahn" for Bank); a word one
    side lacks is a short form's ("Central Committee"). A transliteration ("Poutine",
    "Jelzin") disagrees without contradicting: the letters' scores judge it."""
    if part.agrees:
        return False
    if part.role in ("generation", "legal form"):
        return True
    if part.role in ("given", "middle"):
        a, b = compact(plain(part.query)), compact(plain(part.listed))
        return (
            is_given_name(a)
            and is_given_name(b)
            and OSA.distance(a, b) > (0 if max(len(a), len(b)) <= 4 else 1)
        )
    if part.role == "family":
        a, b = sorted((_bare_plain(part.query), _bare_plain(part.listed)), key=len)
        return bool(a) and (
            len(a) <= 4 or (b.startswith(a[:4]) and len(b) - len(a) >= 2) or womans_form(a, b)
        )
    if part.role == "words":
        # A word in place of another that no spelling explains: two common English words
        # (Africa, America) or two short ones (Bahn, Bank). Longer rare words may be one name
        # transliterated twice (Rosoboroneksport).
        q, n = part.query.split(), part.listed.split()
        return bool(q and n) and (
            all(is_common_word(w, 3.0) for w in (*q, *n)) or all(len(w) <= 4 for w in (*q, *n))
        )
    return False


def _bare_plain(text: str) -> str:
    """A family name's compact plain key without its particles ("el-Sisi", "von der Leyen"):
    the whole key when it is particles only."""
    particles = _lists()["particles"]
    words = plain(text).split()
    return "".join(w for w in words if w not in particles) or "".join(words)


#: What a loose agreement costs in a comparison's score.
COSTS = {"same": 0.0, "spelling": 0.02, "form": 0.02, "joined": 0.02, "nickname": 0.05,
         "typo": 0.05, "initial": 0.08, "missing": 0.03, "acronym": 0.05,
         "differs": 1.0}  # fmt: skip


def _comparison(parts: list[PartAgreement]) -> Comparison:
    score = max(0.0, 1.0 - sum(COSTS[p.how] for p in parts))
    return Comparison(round(score, 4), tuple(parts))


def _typo(a: str, b: str, slack: int = 0) -> bool:
    """Whether two plain keys are one name mistyped (``typo_budget``, less ``slack``)."""
    return bool(a and b) and OSA.distance(a, b) <= typo_budget(max(len(a), len(b))) - slack


def _nickname(a: str, b: str) -> bool:
    """Whether one plain given name is a nickname of the other (or of one of its forms)."""
    for short, full in ((a, b), (b, a)):
        for name in _lists()["hypocorisms"].get(short, ()):
            if name == full or same_given_name(folded(name), folded(full)) or _typo(name, full):
                return True
    nn = _nicknamer()
    return b in nn.canonicals_of(a) or a in nn.canonicals_of(b)


def _given_how(a: Word, b: Word) -> str:
    """How two given or middle names agree ("differs" when they do not)."""
    if a.is_initials or b.is_initials:
        x, y = a.initials, b.initials
        # The side with more letters must not be strict: "V. V." may be Vladimir and a
        # patronymic the other side lacks, "DC" is not Denzel, nor "J.-P." Jean.
        agrees = bool(x and y) and (
            x == y
            or (len(x) > len(y) and x.startswith(y) and not a.strict)
            or (len(y) > len(x) and y.startswith(x) and not b.strict)
        )
        return "initial" if agrees else "differs"
    if a.plain == b.plain:
        return "same"
    if a.key == b.key:
        return "spelling"
    if same_given_name(folded(a.plain), folded(b.plain)):
        return "form"
    if _typo(a.plain, b.plain):
        return "typo"
    if _nickname(a.plain, b.plain):
        return "nickname"
    return "differs"


def _family_how(q: tuple[Word, ...], n: tuple[Word, ...]) -> str:
    if [w.plain for w in q] == [w.plain for w in n]:
        return "same"
    a, b = _bare_plain(_text(q)), _bare_plain(_text(n))
    if part_key(_text(q)) == part_key(_text(n)) or part_key(a) == part_key(b):
        return "spelling"
    if _typo(a, b) and not womans_form(a, b):
        return "typo"
    return "differs"


#: A Slavic man's surname ending, and the woman's form of it (Petrov, Petrova; Zelensky,
#: Zelenska, Zelenskaya).
_WOMANS_ENDINGS = (("ov", ("ova",)), ("ev", ("eva",)), ("in", ("ina",)), ("yn", ("yna",)),
                   ("sky", ("skaya", "ska")), ("skiy", ("skaya", "ska")),
                   ("skyi", ("ska",)), ("ski", ("ska",)))  # fmt: skip


def womans_form(a: str, b: str) -> bool:
    """Whether one plain surname is the woman's form of the other (Petrova of Petrov): another
    person, a wife or a daughter, however close the letters."""
    for man, woman in ((a, b), (b, a)):
        for ending, forms in _WOMANS_ENDINGS:
            if man.endswith(ending) and any(
                woman == man[: len(man) - len(ending)] + f for f in forms
            ):
                return True
    return False


def _text(words: tuple[Word, ...]) -> str:
    return " ".join(w.text for w in words)


def compare_persons(q: PersonName, n: PersonName) -> Comparison | None:
    """Compare a query's name with a listed name part by part; None when either lacks a given
    name or a family name (one word says too little to compare)."""
    if q.generation and n.generation and q.generation != n.generation:
        # Charles III is not Charles II, whatever else their names share.
        return _comparison([PartAgreement("generation", q.generation, n.generation, "differs")])
    if not (q.given and q.family and n.given and n.family):
        return None
    q, n = _same_family_length(q, n)
    how = _family_how(q.family, n.family)
    if how == "differs" and (longer := _longer_form(q, n)) is not None:
        return longer
    parts = [PartAgreement("family", _text(q.family), _text(n.family), how)]
    if q.generation != n.generation:
        parts.append(PartAgreement("generation", q.generation or "", n.generation or "",
                                   "differs"))  # fmt: skip
    parts.extend(_given_parts(q.given, n.given))
    return _comparison(parts)


def _same_family_length(q: PersonName, n: PersonName) -> tuple[PersonName, PersonName]:
    """The two names with as many family words each, when one side's order showed a family
    name of more words ("LÓPEZ OBRADOR, Andrés Manuel") than the other's English order took
    ("Andrés Manuel López Obrador": Obrador): the words before the shorter family name join
    it, if they spell the longer one."""
    for short, long in ((q, n), (n, q)):
        extra = len(long.family) - len(short.family)
        if 0 < extra < len(short.given):
            family = (*short.given[-extra:], *short.family)
            if "".join(w.plain for w in family) == "".join(w.plain for w in long.family):
                moved = replace(short, given=short.given[:-extra], family=family)
                return (moved, n) if short is q else (q, moved)
    return q, n


def _longer_form(q: PersonName, n: PersonName) -> Comparison | None:
    """The comparison of two names of which one is the other with more names after it: a
    second family name ("Pedro Sánchez Pérez-Castejón") or a lineage ("Mohammed bin Salman
    bin Abdulaziz Al Saud"). The shorter name's family name must agree with one of the longer
    one's middle words, and its given names with the words before it; the words after it cost
    what missing middle names cost."""
    (short, long), flip = ((q, n), False) if len(q.given) < len(n.given) else ((n, q), True)
    if len(long.given) < 2 or long.inverted or short.inverted:
        return None
    if short.generation != long.generation:
        return None

    def part(role: str, of_short: str, of_long: str, how: str) -> PartAgreement:
        # As the query and the listed name wrote them.
        return PartAgreement(role, of_long, of_short, how) if flip else PartAgreement(
            role, of_short, of_long, how)  # fmt: skip

    for i in range(len(long.given) - 1, 0, -1):
        how = _family_how(short.family, (long.given[i],))
        if how == "differs":
            continue
        extra = " ".join(w.text for w in (*long.given[i + 1 :], *long.family))
        head = long.given[:i]
        given = _given_parts(head, short.given) if flip else _given_parts(short.given, head)
        return _comparison([part("family", _text(short.family), long.given[i].text, how),
                            part("family", "", extra, "missing"), *given])  # fmt: skip
    return None


def _given_parts(q: tuple[Word, ...], n: tuple[Word, ...]) -> list[PartAgreement]:
    how = _given_how(q[0], n[0])
    # Given names written joined on one side ("AbdulAziz", "Abdul Aziz") agree as a whole. One
    # that agrees only with the other's middle name does not: a father's name is often a
    # son's middle name (Pierre Trudeau; Justin Pierre James Trudeau).
    joined = "".join(w.plain for w in q) == "".join(w.plain for w in n)
    if how == "differs" and len(q) != len(n) and joined:
        return [PartAgreement("given", _text(q), _text(n), "joined")]
    parts = [PartAgreement("given", q[0].text, n[0].text, how)]
    # Middle names in order: each of the query's meets the next listed one that agrees; one
    # side's extra names cost little, two full names that differ are two people.
    rest_n = list(n[1:])
    for w in q[1:]:
        hows = (_given_how(w, v) for v in rest_n)
        found = next(((i, h) for i, h in enumerate(hows) if h != "differs"), None)
        if found is None:
            parts.append(PartAgreement("middle", w.text, "", "missing"))
            continue
        i, middle_how = found
        # A listed middle name passed over for a later one is another person's: George W. Bush
        # is not George H. W. Bush.
        for skipped in rest_n[:i]:
            parts.append(PartAgreement("middle", w.text, skipped.text, "differs"))
        parts.append(PartAgreement("middle", w.text, rest_n[i].text, middle_how))
        rest_n = rest_n[i + 1 :]
    parts.extend(PartAgreement("middle", "", v.text, "missing") for v in rest_n)
    unmatched_q = [p for p in parts if p.role == "middle" and p.how == "missing" and p.query]
    unmatched_n = [p for p in parts if p.role == "middle" and p.how == "missing" and p.listed]
    if unmatched_q and unmatched_n:
        # Both sides name a middle name the other lacks: George Walker and George Herbert,
        # John B. and John A. Smith.
        return [*parts, PartAgreement("middle", unmatched_q[0].query, unmatched_n[0].listed,
                                      "differs")]  # fmt: skip
    return parts


# ----------------------------------------------------------------------------- organisations


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation's name in parts."""

    #: The plain keys of its words, legal forms left out.
    words: tuple[str, ...]
    #: The kinds of its legal forms ("joint-stock", "private limited", ...).
    kinds: frozenset[str]
    #: The legal forms as written in plain keys ("pjsc", "co ltd").
    forms: tuple[str, ...]
    #: The name in lower case when it is written as an acronym: one word of three to eight
    #: capitals ("IAEA").
    acronym: str | None = None


def _legal_run(words: list[str], at_end: bool) -> tuple[int, str] | None:
    """The longest legal form at the start or end of ``words``: its length and kind."""
    lists = _lists()
    for n in range(min(lists["legal_words"] + 2, len(words)), 0, -1):
        run = words[-n:] if at_end else words[:n]
        kind = lists["legal"].get("".join(run))
        if kind is not None:
            return n, kind
    return None


@lru_cache(maxsize=65536)
def parse_org(name: str) -> OrgName | None:
    """``name`` as an organisation's name in parts; None when it has no word."""
    words = plain(name).split()
    if not words:
        return None
    kinds: set[str] = set()
    forms: list[str] = []
    for at_end in (True, False):
        while (found := _legal_run(words, at_end)) is not None:
            n, kind = found
            rest = words[:-n] if at_end else words[n:]
            # A legal form is never the whole name, nor leaves a fragment ("AT&T").
            if len("".join(rest)) < 3:
                break
            forms.append(" ".join(words[-n:] if at_end else words[:n]))
            if kind:
                kinds.add(kind)
            words = rest
    bare = name.strip()
    acronym = bare.lower() if 3 <= len(bare) <= 8 and bare.isalpha() and bare.isupper() else None
    return OrgName(tuple(words), frozenset(kinds), tuple(forms), acronym)


def initialisms(words: tuple[str, ...]) -> set[str]:
    """The initials of a name of two words or more: of every word, and of its words that are no
    function words ("nato" for North Atlantic Treaty Organization, "opec" for Organization of
    the Petroleum Exporting Countries)."""
    content = tuple(w for w in words if w not in STOPWORDS)
    return {"".join(w[0] for w in ws) for ws in (words, content) if len(ws) >= 2}


def compare_orgs(q: OrgName, n: OrgName) -> Comparison | None:
    """Compare a query's organisation name with a listed one part by part; None when either
    has no word left besides its legal forms."""
    if not q.words or not n.words:
        return None
    for short, long in ((q, n), (n, q)):
        if short.acronym and short.acronym in initialisms(long.words):
            a, b = (short, long) if short is q else (long, short)
            return _comparison([PartAgreement("words", " ".join(a.words), " ".join(b.words),
                                              "acronym")])  # fmt: skip
    parts = [_words_agreement(q.words, n.words)]
    if q.kinds and n.kinds and not q.kinds & n.kinds:
        parts.append(PartAgreement("legal form", " ".join(q.forms), " ".join(n.forms),
                                   "differs"))  # fmt: skip
    elif q.forms or n.forms:
        same = q.kinds == n.kinds and q.forms == n.forms
        parts.append(PartAgreement("legal form", " ".join(q.forms), " ".join(n.forms),
                                   "same" if same else "spelling"))  # fmt: skip
    return _comparison(parts)


def _same_folded(a: str, b: str) -> bool:
    """Whether two plain keys fold alike, both of more than four letters: folding merges
    letters that short words differ by ("ttv" and "dw" fold alike)."""
    x, y = compact(a), compact(b)
    return min(len(x), len(y)) > 4 and folded(x) == folded(y)


def _words_agreement(q: tuple[str, ...], n: tuple[str, ...]) -> PartAgreement:
    a, b = " ".join(q), " ".join(n)
    if a == b:
        return PartAgreement("words", a, b, "same")
    if "".join(q) == "".join(n):
        return PartAgreement("words", a, b, "joined")
    if _same_folded(a, b):
        return PartAgreement("words", a, b, "spelling")
    qc = [w for w in q if w not in STOPWORDS]
    nc = [w for w in n if w not in STOPWORDS]
    if qc == nc:
        return PartAgreement("words", a, b, "spelling")
    # One distinctive word is the whole name: a letter less is allowed ("Canton" is not Canon,
    # "Volkswagon" is Volkswagen).
    slack = 1 if len(qc) == 1 else 0
    if len(qc) == len(nc) and all(
        x == y or _same_folded(x, y) or _typo(x, y, slack) for x, y in zip(qc, nc, strict=True)
    ):
        return PartAgreement("words", a, b, "typo")
    only_q = [w for w in qc if w not in nc]
    only_n = [w for w in nc if w not in qc]
    return PartAgreement("words", " ".join(only_q), " ".join(only_n), "differs")
