"""What the same-story score compares: a meaning vector, names, numbers and dates.

The vector is all-MiniLM-L6-v2 (:func:`parallax.embed.embed`) over the title and the first
:data:`LEAD_WORDS` words, one embedding call for all articles. The model is English-only, so
the other features are chosen to cross languages: proper names, numbers and dates are mostly
written alike in any language that uses the Latin script.

Names come from two places. For English articles with an analysis, every entity's name and
aliases, lower-cased. For any language, a language-independent pass takes capitalised words
and acronyms of two or more letters, except a word at the start of a sentence that the text
also uses in lower case or that is a common function word ("The", "Der", "El"). Numbers are
the figures in the text ("1,200" and "1.200" are 1200, "3,5" is 3.5); single digits are left
out (too common to tell stories apart) and whole numbers from 1900 to 2100 count as years,
which go to the dates with the days an analysis resolved ("2024-03-05").

MiniLM puts all texts of a language other than English close together (two unrelated
Arabic articles have a cosine near 0.9), which makes cosines incomparable across languages.
When a batch holds at least :data:`CENTRE_MIN` articles of a language, :data:`CENTRE` of
that language's mean vector is taken off each of its vectors before they are normalised
again, so that a cosine measures what two articles share beyond their language. Small
batches are left as they are, so a vector depends on the batch it was computed in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from parallax.analysis.records import Analysis
from parallax.embed import VectorCache, embed
from parallax.errors import ParallaxError
from parallax.models import Article

LEAD_WORDS = 150
CENTRE = 0.8  # share of a language's mean vector taken off each of its vectors
CENTRE_MIN = 20  # articles of one language a batch needs before it is centred

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_SENTENCE_END = re.compile(r"[.!?:;\"'“”«»„()\[\]\n]\s*$")

# Capitalised function words that start sentences in the languages news is written in.
_FUNCTION_WORDS = """
    a an the this that these those it its he she they we you i his her their our in on at
    of for to from by with as but and or if when while after before after also there here
    what who how why which where not no yes so all some one two new more most many
    der die das den dem des ein eine einer eines und oder aber im in am auf aus bei mit nach
    von vor zu zum zur für über unter wie wenn als auch es er sie wir ihr ich nicht noch nun
    so sein seine ihre dieser diese dieses man laut
    el la los las un una unos unas y o pero en de del al con por para como cuando que se su
    sus este esta estos estas lo le les ya más
    il lo gli i le uno una e ma di da nel nella per con come quando che si suo sua questo
    questa anche non
    le la les un une des et ou mais dans du au aux pour par avec comme quand que qui ce cette
    ces il elle ils elles on nous vous pas plus
    w z i a o na do od po za się nie to jest jak ale
    bir ve ile bu şu da de için gibi ama
    и в на с по не что как это"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())


Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What :func:`parallax.stories.score.same_story` compares for one article."""

    article_id: str
    vector: Vector  # L2-normalised float32
    names: frozenset[str]
    numbers: frozenset[float]
    dates: frozenset[str]  # ISO days ("2024-03-05") and years ("2024")
    published: datetime | None = None
    language: str | None = None


def lead(article: Article, words: int = LEAD_WORDS) -> str:
    """The title and the first ``words`` words of the text, the part that says the story."""
    body = " ".join(article.text.split()[:words])
    if article.title and not article.text.lstrip().startswith(article.title.strip()):
        return f"{article.title.strip()}. {body}"
    return body


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or not before.strip() or bool(_SENTENCE_END.search(before))


def text_names(text: str) -> set[str]:
    """Capitalised words and acronyms of ``text``, lower-cased (any language)."""
    lower_words = {m.group().casefold() for m in _WORD.finditer(text) if m.group()[0].islower()}
    names: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[0].isupper():
            continue
        key = word.casefold()
        if key in FUNCTION_WORDS:
            continue
        if _sentence_initial(text, match.start()) and key in lower_words:
            continue
        names.add(key)
    return names


def parse_number(raw: str) -> float | None:
    """The value of a figure as written: thousands separators are dropped."""
    full = _THOUSANDS.fullmatch(raw)
    if full:
        value = raw.replace(full.group(1), "")
    elif raw.count(",") + raw.count(".") == 1:
        value = raw.replace(",", ".")
    elif "," in raw or "." in raw:
        return None  # a version, a list or a date such as 24.04.2020
    else:
        value = raw
    try:
        return float(value)
    except ValueError:
        return None


def text_numbers(text: str) -> tuple[set[float], set[str]]:
    """Figures of ``text`` (without single digits) and the years among them."""
    numbers: set[float] = set()
    years: set[str] = set()
    for match in _NUMBER.finditer(text):
        value = parse_number(match.group())
        if value is None:
            continue
        if value.is_integer() and 1900 <= value <= 2100 and len(match.group()) == 4:
            years.add(str(int(value)))
        elif value >= 10 or not value.is_integer():
            numbers.add(value)
    return numbers, years


def analysis_names(analysis: Analysis) -> set[str]:
    names: set[str] = set()
    for entity in analysis.entities:
        for name in (entity.name, *entity.aliases):
            key = " ".join(name.casefold().split())
            if key:
                names.add(key)
    return names


def analysis_dates(analysis: Analysis) -> set[str]:
    return {
        d.start.isoformat()
        for d in analysis.dates
        if d.start is not None and d.granularity == "day" and d.start == d.end
    }


def centred(vectors: Vector, languages: Sequence[str]) -> Vector:
    """``vectors`` with :data:`CENTRE` of their language's mean taken off, re-normalised."""
    out = vectors.copy()
    codes = np.asarray(languages)
    for language in set(languages):
        rows = codes == language
        if language and int(rows.sum()) >= CENTRE_MIN:
            out[rows] -= CENTRE * vectors[rows].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.asarray(out / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def features_of(
    articles: Sequence[Article],
    *,
    analyses: Sequence[Analysis | None] | None = None,
    cache: VectorCache | None = None,
) -> list[StoryFeatures]:
    """Story features of ``articles``, embedded in one batch.

    ``analyses``, when given, run parallel to ``articles`` (``None`` for an article without
    one); their entities and resolved days are added for supported (English) analyses.
    Without them only the language-independent names, numbers and years are used: this
    function never runs the spaCy pipeline itself.
    """
    if analyses is not None and len(analyses) != len(articles):
        raise ParallaxError(
            f"{len(analyses)} analyses for {len(articles)} articles",
            fix="pass one analysis (or None) per article",
        )
    vectors = centred(
        embed([lead(a) for a in articles], cache=cache),
        [a.language or "" for a in articles],
    )
    out: list[StoryFeatures] = []
    for i, article in enumerate(articles):
        text = f"{article.title}\n{article.text}" if article.title else article.text
        names = text_names(text)
        numbers, dates = text_numbers(text)
        analysis = analyses[i] if analyses is not None else None
        if analysis is not None and analysis.supported:
            names |= analysis_names(analysis)
            dates |= analysis_dates(analysis)
        out.append(
            StoryFeatures(
                article_id=article.id,
                vector=vectors[i],
                names=frozenset(names),
                numbers=frozenset(numbers),
                dates=frozenset(dates),
                published=article.published,
                language=article.language or (analysis.language if analysis else None),
            )
        )
    return out
