"""Slanted sentences: lexical slant (loaded wording) and informational slant (content chosen
to sway the reader), decided per sentence from an article's analysis.

*Lexical* slant is a word choice: a sentence is slanted when it holds a loaded or subjective
term of the framing lexicons (:mod:`parallax.comparison.framing`), quoted words included
(an outlet that repeats "utterly irresponsible" picks that wording). Intensifiers and hedges
mark degree and doubt rather than polarised word choice and do not count here.

*Informational* slant is what an outlet chooses to tell: commentary, characterisation and
other people's verdicts on the actors of the event rather than the event itself (BASIL,
Fan et al. 2019). Two signals, each a plain reading of the text with no threshold to tune:

* ``evaluative``: evaluative wording (a loaded, subjective or intensifying term), in the
  outlet's words or in the words it quotes;
* ``other_voice``: the sentence carries a direct or partial quotation from someone other
  than the article's protagonist (its most-mentioned person), or from an unnamed source:
  a reaction, a critic's verdict, a supporter's praise. The protagonist's own words are the
  event being reported, and reported (paraphrased) speech is the outlet's summary of it.

A sentence is informationally slanted when either signal is there. Measured on the BASIL
development split (``parallax.eval.basil_framing``): each signal raises the share of
sentences annotated with informational bias from 0.15 to about 0.25, and they often fall on
different sentences. Content that no other outlet of the story carries (word novelty,
embedding distance to the other articles) was measured too and did not separate the
annotated sentences, so it is not a signal here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parallax.analysis.records import Analysis, Entity, Quote
from parallax.comparison.framing import Lexicon, find_terms
from parallax.models import Span

LOADED = frozenset({"loaded", "subjective"})
EVALUATIVE = frozenset({"loaded", "subjective", "intensifier"})
QUOTED_KINDS = frozenset({"direct", "partial"})


@dataclass(frozen=True, slots=True)
class SentenceSlant:
    """The slant signals of one sentence (``span`` points into the article text)."""

    span: Span
    loaded: bool  # a loaded or subjective term (quoted words included)
    evaluative: bool  # a loaded, subjective or intensifying term (quoted words included)
    other_voice: bool  # a direct or partial quote of someone other than the protagonist

    @property
    def lexical(self) -> bool:
        """Lexical slant: loaded or subjective wording."""
        return self.loaded

    @property
    def informational(self) -> bool:
        """Informational slant: evaluative content or another voice's quoted words."""
        return self.evaluative or self.other_voice

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "loaded": self.loaded,
            "evaluative": self.evaluative,
            "other_voice": self.other_voice,
            "lexical": self.lexical,
            "informational": self.informational,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceSlant:
        return cls(
            span=Span.from_dict(data["span"]),
            loaded=bool(data["loaded"]),
            evaluative=bool(data["evaluative"]),
            other_voice=bool(data["other_voice"]),
        )


def protagonist(entities: Sequence[Entity]) -> Entity | None:
    """The article's most-mentioned person (the first named of equals), if it names one."""
    people = [e for e in entities if e.kind == "person"]
    if not people:
        return None
    return max(people, key=lambda e: len(e.mentions))


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def has_loaded_wording(sentence: str, *, lexicon: Lexicon | None = None) -> bool:
    """Whether ``sentence`` holds a loaded or subjective term (quoted words included)."""
    return any(c in LOADED for _, c in find_terms(sentence, lexicon=lexicon, skip_quotes=False))


def quotes_other_voice(sentence: Span, quotes: Sequence[Quote], main: Entity | None) -> bool:
    """Whether a direct or partial quote in ``sentence`` is not the protagonist's words."""
    main_key = main.key if main is not None else None
    return any(
        q.kind in QUOTED_KINDS
        and _overlaps(q.content, sentence)
        and (q.speaker_key is None or q.speaker_key != main_key)
        for q in quotes
    )


def slant_sentences(
    text: str, analysis: Analysis, *, lexicon: Lexicon | None = None
) -> tuple[SentenceSlant, ...]:
    """The slant signals of each sentence of ``analysis`` (an analysis of ``text``)."""
    main = protagonist(analysis.entities)
    out: list[SentenceSlant] = []
    for span in analysis.sentences:
        categories = {c for _, c in find_terms(span.of(text), lexicon=lexicon, skip_quotes=False)}
        out.append(
            SentenceSlant(
                span=span,
                loaded=bool(categories & LOADED),
                evaluative=bool(categories & EVALUATIVE),
                other_voice=quotes_other_voice(span, analysis.quotes, main),
            )
        )
    return tuple(out)
