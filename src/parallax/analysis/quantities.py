"""Quantities of an article: numbers with their unit and what they count.

* ``span`` covers the number with its currency sign, scale word and unit ("$4.5 billion",
  "3 percent", "48-hour", "two years"), never the words before it ("some", "about").
* ``counted`` is the noun phrase the number counts, without determiners, found with the
  dependency parse: the noun the number (or its unit) modifies ("24,000 migrants", "a 7
  percent pay rise" -> "pay rise", "48-hour strike" -> "strike") or the object of a
  following "of" ("3 percent of coalition strikes" -> "coalition strikes", "hundreds of
  residents" -> "residents"). Money counts nothing unless a noun follows.
* ``value`` is a float: "1,200" 1200, "1.5 million" 1.5e6, "$4.5bn" 4.5e9, "twenty-five"
  25, "a dozen" 12; percentages keep their number (3.5 for "3.5%"). Vague amounts
  ("hundreds", "dozens", "tens of thousands") have value None and are kept only when they
  count something or have a unit.
* ``unit``: "percent", "percentage point", ISO 4217 codes from signs and words ("$" USD,
  "euros" EUR; another currency word inside a spaCy MONEY or QUANTITY entity by its lemma),
  time units ("year", "hour"...), measures ("km", "tonne"...), and "age" for "45-year-old".
* Left out: years and other parts of dates ("in 2011", "March 3"), clock times ("12:50",
  "6 a.m."), ordinals ("second day"), numbers that name things ("Flight 370", "Article 5",
  "No. 10"), and number words that count nothing ("one of the fires"; "three were hurt" is
  kept only when spaCy calls "three" a CARDINAL).
* A vote tally ("voted 6-3", "a 7-2 vote") is one quantity with unit "vote", its span the
  tally and its value the two counts as FOR.AGAINST in thousandths (6-3 -> 6.003), so that two
  tallies compare by value.
* A range ("400 to 600 residents", "between 3 and 4 percent") gives two quantities; the
  first borrows the unit, counted noun and scale word ("400 to 600 million") of the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token

from parallax.analysis.nlp import lemma
from parallax.analysis.records import Quantity
from parallax.models import Span

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "dozen": 12.0,
}  # fmt: skip
VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "trillions", "scores", "tens"}
NUMBER_WORD_PATTERN = (
    "(?:" + "|".join(sorted([*SMALL, *TENS, "hundred", "dozen"], key=len, reverse=True)) + ")"
)
CURRENCY_SIGNS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "A$": "AUD",
    "C$": "CAD", "HK$": "HKD", "₽": "RUB", "₩": "KRW", "₺": "TRY",
}  # fmt: skip
CURRENCY_CODES = {"USD", "EUR", "GBP", "JPY", "CNY", "CHF", "INR", "RUB", "AUD", "CAD"}
DOLLAR_ADJECTIVES = {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD",
                     "australian": "AUD", "singapore": "SGD"}  # fmt: skip
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
UNIT_WORDS = {
    "%": "percent", "percent": "percent", "pct": "percent",
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rouble": "RUB", "ruble": "RUB",
    "km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile", "metre": "metre",
    "meter": "metre", "cm": "cm", "mm": "mm", "kg": "kg", "kilogram": "kg", "kilo": "kg",
    "gram": "gram", "tonne": "tonne", "ton": "tonne", "litre": "litre", "liter": "litre",
    "gallon": "gallon", "barrel": "barrel", "hectare": "hectare", "acre": "acre",
    "foot": "foot", "feet": "foot", "inch": "inch", "degree": "degree", "mph": "mph",
    "km/h": "km/h", "kph": "km/h", "mw": "MW", "megawatt": "MW", "gw": "GW",
    "gigawatt": "GW", "kwh": "kWh", "lb": "lb",
    **{u: u for u in TIME_UNITS}, "centurie": "century",
}  # fmt: skip
NAME_ENTITIES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "LAW", "EVENT",
                 "WORK_OF_ART", "LANGUAGE"}  # fmt: skip
TIME_SUFFIXES = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "o'clock"}
MONTH_TOKENS = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
YEAR_PREPOSITIONS = {"in", "since", "by", "until", "from", "during", "before", "after", "of"}
_NOUNS = ("NOUN", "PROPN")
_DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_SUFFIXED = re.compile(r"(\d+(?:\.\d+)?)(bn|mn|tn|m|k)", re.IGNORECASE)
_SUFFIX_VALUES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_A_SCALES = {"hundred", "thousand", "million", "billion", "trillion", "dozen"}  # "a dozen"
_MONEY_SCALES = {"k": "thousand", "m": "million", "mn": "million", "bn": "billion"}


def parse_number(text: str) -> float | None:
    """The value of a number in digits or words ("1,200", "1.5 million", "$4.5bn" without
    its sign, "twenty-five", "a dozen", "two hundred and ten"); None if it is not one."""
    words = [w for w in re.split(r"[\s\-–]+", text.strip().lower()) if w and w != "and"]
    if len(words) > 1 and words[0] in ("a", "an"):
        words[0] = "one"
    total = current = 0.0
    digits_seen = False
    for word in words:
        suffixed = _SUFFIXED.fullmatch(word)
        if _DIGITS.fullmatch(word) or suffixed:
            if digits_seen or current:
                return None
            digits_seen = True
            if suffixed:
                total += float(suffixed[1]) * _SUFFIX_VALUES[suffixed[2]]
            else:
                current = float(word.replace(",", ""))
        elif word in SMALL or word in TENS:
            current += SMALL.get(word, 0) + TENS.get(word, 0)
        elif word in ("hundred", "dozen"):
            current = (current or 1) * SCALES[word]
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current if words else None


@dataclass
class _Found:
    start: int  # token span [start, end) of the quantity
    end: int
    core: tuple[int, int]  # token range of the number itself
    value: float | None
    unit: str | None
    scale: float
    counted: Span | None = None
    via_of: bool = False


def _unit_of(word: str) -> str | None:
    """The unit named by a word, singular or plural."""
    word = word.lower()
    for cand in (word, word[:-1] if word.endswith("s") else "", word[:-2]):
        if cand in UNIT_WORDS:
            return UNIT_WORDS[cand]
    return None


def _starts_number(doc: Doc, i: int, money: bool) -> bool:
    tok, low = doc[i], doc[i].lower_
    if _DIGITS.fullmatch(tok.text):
        return True
    suffixed = _SUFFIXED.fullmatch(tok.text)
    if suffixed:
        return money or suffixed[2].lower() not in ("m", "k")
    if low in ("a", "an"):
        return i + 1 < len(doc) and doc[i + 1].lower_ in _A_SCALES
    return low in SMALL or low in TENS or low in VAGUE


def _read_core(doc: Doc, i: int, money: bool) -> int:
    """The end of the number starting at token ``i`` ("1.5 million", "twenty - five")."""
    n, j = len(doc), i + (2 if doc[i].lower_ in ("a", "an") else 1)
    words = SMALL.keys() | TENS.keys()
    while j < n:
        low, prev = doc[j].lower_, doc[j - 1].lower_
        nxt = doc[j + 1].lower_ if j + 1 < n else ""
        scale = low in SCALES or (money and low.rstrip(".") in _SUFFIX_VALUES)
        compound = (low in SMALL and (prev in TENS or prev in ("-", "and"))) or (
            low in TENS and prev == "and"
        )
        joiner = (low in ("-", "–") and prev in TENS and nxt in SMALL) or (
            low == "and" and prev in ("hundred", "thousand") and nxt in words
        )
        if scale or compound or joiner:
            j += 1
        elif low == "of" and prev in VAGUE and (nxt in VAGUE or nxt in SCALES):
            j += 2
        else:
            break
    return min(j, n)


def _unit_at(doc: Doc, k: int, vague: bool) -> tuple[str | None, int]:
    """The unit written at token ``k`` and the token after it."""
    n = len(doc)
    low = doc[k].lower_ if k < n else ""
    nxt = doc[k + 1].lower_ if k + 1 < n else ""
    if low == "per" and nxt == "cent":
        return "percent", k + 2
    if low == "percentage" and nxt.startswith("point"):
        return "percentage point", k + 2
    if low in DOLLAR_ADJECTIVES and nxt.startswith("dollar"):
        return DOLLAR_ADJECTIVES[low], k + 2
    if low in ("square", "sq") and _unit_of(nxt) in ("km", "mile", "metre", "foot"):
        return f"square {_unit_of(nxt)}", k + 2
    if low == "pounds" and nxt == "of":
        return "lb", k + 1
    if vague and low == "of" and _unit_of(nxt) in CURRENCY_CODES:
        return _unit_of(nxt), k + 2
    unit = _unit_of(low) if k < n else None
    if unit == "year" and [t.lower_ for t in doc[k + 1 : k + 3]] in (["-", "old"], ["old"]):
        return "age", k + (3 if nxt == "-" else 2)
    if (
        unit is None
        and k < n
        and doc[k].pos_ == "NOUN"
        and doc[k].ent_type_ in ("MONEY", "QUANTITY")
    ):
        return lemma(doc[k]), k + 1
    return unit, k + 1 if unit else k


def _noun_unit(doc: Doc, k: int) -> bool:
    """Whether tokens ``k``... read "-noun" before another noun: a unit in an adjective."""
    if k + 2 >= len(doc) or doc[k].text not in ("-", "‐"):
        return False
    unit, nxt = doc[k + 1], doc[k + 2]
    return (
        unit.pos_ == "NOUN" and unit.lower_ not in SCALES and nxt.pos_ in ("NOUN", "PROPN", "ADJ")
    )


def _is_tally(doc: Doc, q: _Found) -> bool:
    """ "a 7-2 vote", "won 3-1": two counts joined by a hyphen with no spaces, the second
    not larger; they are a score or tally, not two quantities."""
    a, b = q.core
    pairs = []
    if b + 1 < len(doc) and doc[b].text == "-" and _DIGITS.fullmatch(doc[b + 1].text):
        pairs.append((doc[a], doc[b], doc[b + 1]))
    if a >= 2 and doc[a - 1].text == "-" and _DIGITS.fullmatch(doc[a - 2].text):
        pairs.append((doc[a - 2], doc[a - 1], doc[a]))
    for left, dash, right in pairs:
        if (
            not left.whitespace_
            and not dash.whitespace_
            and _DIGITS.fullmatch(left.text)
            and float(right.text.replace(",", "")) <= float(left.text.replace(",", "")) < 100
        ):
            return True
    return False


def _phrase(doc: Doc, start: int, head: Token) -> Span:
    """The counted noun phrase from ``start`` to ``head``, without leading function words."""
    while start < head.i and (
        doc[start].pos_ in ("DET", "PRON", "NUM", "PUNCT", "ADP", "CCONJ", "PART", "ADV")
    ):
        start += 1
    return Span(doc[start].idx, head.idx + len(head.text))


def _counted(doc: Doc, k: int, anchors: list[Token]) -> tuple[Span | None, bool]:
    """What the quantity ending before token ``k`` counts, and whether an "of" says it."""
    n = len(doc)
    if k < n and doc[k].lower_ == "of":
        objs = [c for c in doc[k].children if c.dep_ == "pobj"]
        obj = objs[0] if objs else next((t for t in doc[k + 1 : k + 4] if t.pos_ in _NOUNS), None)
        if obj is not None and obj.pos_ in _NOUNS and obj.ent_type_ not in ("DATE", "TIME"):
            return _phrase(doc, k + 1, obj), True
        return None, False
    for anchor in anchors:
        head = anchor.head
        if head.i < k or head.i - k > 5 or head.pos_ not in _NOUNS:
            continue
        between = doc[k : head.i]
        if head.ent_type_ in ("DATE", "TIME") or any(
            t.pos_ not in ("ADJ", "NOUN", "PROPN", "ADV", "NUM", "VERB") and t.tag_ != "HYPH"
            for t in between
        ):
            continue
        return _phrase(doc, k, head), False
    end = k
    while end < min(n, k + 4) and doc[end].pos_ in ("ADJ", "NOUN") and not doc[end].ent_type_:
        if end > k and doc[end].is_sent_start:
            break
        end += 1
    if end > k and doc[end - 1].pos_ == "NOUN" and (end == n or doc[end].pos_ not in _NOUNS):
        return _phrase(doc, k, doc[end - 1]), False
    return None, False


def _read(doc: Doc, i: int) -> _Found | None:
    """The quantity starting at token ``i``, if one does."""
    n, tok = len(doc), doc[i]
    sign = CURRENCY_SIGNS.get(tok.text) or (tok.text if tok.text in CURRENCY_CODES else None)
    start = i
    if sign:
        i += 1
        if i >= n:
            return None
    if not _starts_number(doc, i, money=bool(sign)):
        return None
    core_end = _read_core(doc, i, money=bool(sign))
    core = doc[i:core_end]
    vague = any(t.lower_ in VAGUE for t in core)
    words = [_MONEY_SCALES.get(t.lower_.rstrip("."), t.text) if sign else t.text for t in core]
    value = None if vague else parse_number(" ".join(words))
    if value is None and not vague:
        return None
    suffixed = _SUFFIXED.fullmatch(words[-1])
    scale = SCALES.get(words[-1].lower(), _SUFFIX_VALUES[suffixed[2].lower()] if suffixed else 1.0)
    unit, k = sign, core_end
    if not sign:
        hyphen = k + 1 < n and doc[k].text in ("-", "‐") and _unit_of(doc[k + 1].text) is not None
        unit, k = _unit_at(doc, k + 1 if hyphen else k, vague)
        if unit is None:
            k = core_end
            if _noun_unit(doc, k):  # "a 200,000-crown mortgage", "the nine-member board"
                unit, k = lemma(doc[k + 1]), k + 2
    found = _Found(start, max(k, core_end), (i, core_end), value, unit, scale)
    if unit != "age":
        found.counted, found.via_of = _counted(doc, found.end, [doc[found.end - 1], core[-1]])
    return found


def _keep(doc: Doc, q: _Found) -> bool:
    """Whether a number read by ``_read`` is a quantity (not a date, time, name or pronoun)."""
    core = doc[q.core[0] : q.core[1]]
    labels = {t.ent_type_ for t in core}
    before = doc[q.start - 1] if q.start > 0 else None
    after = doc[q.core[1]] if q.core[1] < len(doc) else None
    digits = bool(_DIGITS.fullmatch(core[0].text))
    if labels & NAME_ENTITIES or (labels & {"DATE", "TIME"} and q.unit is None):
        return False
    year_like = re.fullmatch(r"1[89]\d\d|20\d\d", core.text) is not None
    day_like = re.fullmatch(r"\d{1,2}", core.text) is not None
    if (day_like or year_like) and any(
        t is not None and MONTH_TOKENS.fullmatch(t.text) for t in (before, after)
    ):
        return False  # "March 3", "3 March", "May 2026"
    if digits and _is_tally(doc, q):
        return False
    if after is not None and after.lower_ in TIME_SUFFIXES:
        return False
    following = doc[q.end].lower_ if q.end < len(doc) else ""
    if q.unit in TIME_UNITS and (
        following in ("ago", "later", "earlier")
        or (before is not None and before.lower_ in ("past", "last", "next", "coming", "previous"))
    ):
        return False  # part of a date: "two weeks ago", "the past three months"
    if (
        year_like
        and q.unit is None
        and (q.counted is None or (before is not None and before.lower_ in YEAR_PREPOSITIONS))
    ):
        return False
    if (
        digits
        and before is not None
        and (
            before.lower_ in ("no.", "#", "nos.")
            or (before.pos_ in _NOUNS and core[0].head == before)
        )
    ):
        return False
    if digits or q.unit is not None:
        return True
    if core.text.lower() == "one":
        return q.counted is not None and not q.via_of
    if q.value is None:
        return q.counted is not None
    return q.counted is not None or (q.value >= 2 and core[0].ent_type_ == "CARDINAL")


def _join_ranges(doc: Doc, found: list[_Found]) -> None:
    """ "400 to 600 residents": the first number borrows what the second one has."""
    for a, b in pairwise(found):
        between = [t.lower_ for t in doc[a.end : b.start]]
        if between not in (["to"], ["-"], ["–"], ["and"], ["or"]):
            continue
        if a.counted is not None or a.unit not in (None, b.unit):
            continue
        if a.scale == 1 and b.scale > 1 and a.value is not None and a.value < 1000:
            a.value *= b.scale
        a.unit, a.counted = b.unit, b.counted


_VOTE_WORDS = frozenset({"vote", "voted", "votes", "voting", "ballot", "margin"})


def _tallies(doc: Doc) -> list[Quantity]:
    """Vote tallies: "voted 6-3", "backed by a 7-2 vote"."""
    found = []
    words = [t.text for t in doc]  # one Token object per word, not three per position
    for i in range(len(doc) - 2):
        if words[i + 1] not in {"-", "\u2013"}:
            continue
        left, dash, right = doc[i], doc[i + 1], doc[i + 2]
        if left.whitespace_ or dash.whitespace_:
            continue
        if not (re.fullmatch(r"\d{1,3}", left.text) and re.fullmatch(r"\d{1,3}", right.text)):
            continue
        near = {t.lower_ for t in doc[max(0, i - 3) : i + 5]}
        if near & _VOTE_WORDS:
            value = int(left.text) + int(right.text) / 1000
            found.append(Quantity(Span(left.idx, right.idx + len(right.text)), value, "vote"))
    return found


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity of ``doc`` (see the module docstring), sorted, never overlapping."""
    found: list[_Found] = []
    i = 0
    while i < len(doc):
        q = _read(doc, i)
        if q is None:
            i += 1
            continue
        if _keep(doc, q):
            found.append(q)
        i = q.end
    _join_ranges(doc, found)
    quantities = []
    for q in found:
        last = doc[q.end - 1]
        end = last.idx + len(last.text.rstrip("."))  # "£3m." at the end of a sentence
        quantities.append(Quantity(Span(doc[q.start].idx, end), q.value, q.unit, q.counted))
    taken = [(q.span.start, q.span.end) for q in quantities]
    for tally in _tallies(doc):
        if not any(a < tally.span.end and tally.span.start < b for a, b in taken):
            quantities.append(tally)
    return sorted(quantities, key=lambda q: q.span.start)
