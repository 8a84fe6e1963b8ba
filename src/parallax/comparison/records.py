"""Frozen records of a comparison. Every finding carries its evidence: article id + offsets.

The JSON form (``Comparison.to_dict``) is documented in ``docs/comparison.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.models import Article, Span
from parallax.outlets.match import stem_words

# 2: "shared" holds sure facts only; "maybe_shared", fact "sure". 3: "maybe_conflicts"
# 4: fact "closeness"; "maybe_shared" closest first
SCHEMA_VERSION = 4


def outlet_name(article: Article) -> str:
    """The outlet, or for an article without one, the name of the file it came from, read
    as words (``Fox_News.txt`` -> "Fox News")."""
    if article.outlet:
        return article.outlet
    if article.source and not article.source.startswith("<"):
        return stem_words(Path(article.source.split("#")[0]).stem) or Path(article.source).stem
    return f"article {article.id[:8]}"


# the closeness from which sentences shown as perhaps one fact mostly are one: read beside
# the articles, pairs from 0.8 told one fact 64 times of 75 (BASIL gold: 18 of 20), pairs
# below 63 of 176 (gold: 30 of 40)
CLOSE = 0.8


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage of one article: the sentence (or words) that carries a finding."""

    article_id: str
    span: Span
    position: str = "body"  # lede | body | late: where it stands in the article

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, **self.span.to_dict(), "position": self.position}


@dataclass(frozen=True, slots=True)
class Fact:
    """One piece of information, with every outlet's own sentence that carries it.

    ``differs`` runs beside ``evidence``: for each outlet's sentence, the words it uses that
    the other outlets' sentences of this fact do not. ``salience`` in [0, 1] ranks facts
    (lead position, how many outlets carry it, the story's core names). ``near`` holds
    sentences of outlets that do not carry the fact but come close to it: a fact with near
    sentences is neither claimed unique nor claimed left out by those outlets. ``absent``
    names the outlets that surely lack it: no sentence of theirs comes even part of the way,
    and they never mention a name or number the fact holds; ``only`` holds the fact's names
    and numbers that no other outlet mentions anywhere (left empty when a sentence of another
    outlet scores ``DISTINCT`` or more with it: then it may be a paraphrase, and the fact is
    not claimed unique). ``sure`` is false for a fact of several outlets whose sentences
    are close without surely telling the same thing: it is not claimed shared and backs no
    claim that another outlet lacks it; with a ``closeness`` (the score that grouped its two
    closest sentences) of ``CLOSE`` or more it is shown as perhaps the same fact, below it as
    loosely related. ``maybe`` holds
    sentences of further outlets that perhaps tell the fact too: they come close to its
    sentences without surely matching each of them (a third outlet's sentence about the same
    people that may say something else), so they are shown beside it, not counted in it.
    """

    key: str
    evidence: tuple[Evidence, ...]
    outlets: tuple[str, ...]
    salience: float = 0.0
    differs: tuple[tuple[Span, ...], ...] = ()
    near: tuple[Evidence, ...] = ()
    absent: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    sure: bool = True
    maybe: tuple[Evidence, ...] = ()
    closeness: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        differs = self.differs or tuple(() for _ in self.evidence)
        return {
            "key": self.key,
            "outlets": list(self.outlets),
            "sure": self.sure,
            "salience": round(self.salience, 3),
            "closeness": round(self.closeness, 3),
            "evidence": [
                {**e.to_dict(), "differs": [s.to_dict() for s in d]}
                for e, d in zip(self.evidence, differs, strict=True)
            ],
            "near": [e.to_dict() for e in self.near],
            "maybe": [e.to_dict() for e in self.maybe],
            "absent": list(self.absent),
            "only": list(self.only),
        }


@dataclass(frozen=True, slots=True)
class ConflictSide:
    evidence: Evidence
    outlet: str
    value: str  # what this side says: "1,200", "Tuesday", "France Inter radio", a speaker


@dataclass(frozen=True, slots=True)
class Conflict:
    """Outlets that disagree on one thing.

    ``kind``: number | date | occasion | attribution | quote_wording. ``confidence`` in
    [0, 1] says how sure Parallax is that this is a disagreement rather than complementary
    detail; ``what`` names the thing disagreed about ("workers who walked out").
    """

    kind: str
    what: str
    sides: tuple[ConflictSide, ...]
    confidence: float
    fact_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "what": self.what,
            "confidence": round(self.confidence, 3),
            "fact": self.fact_key,
            "sides": [
                {"outlet": s.outlet, "value": s.value, "evidence": s.evidence.to_dict()}
                for s in self.sides
            ],
        }


@dataclass(frozen=True, slots=True)
class QuoteUse:
    """One outlet's use of a speaker's words. ``partial`` when the outlet reports them in its
    own words with only some of them in quotation marks ("said ISIS is making “very
    significant progress”"): only the marked words are the speaker's."""

    evidence: Evidence
    outlet: str
    partial: bool = False


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same words of one speaker as the outlets quote them (one use per outlet)."""

    uses: tuple[QuoteUse, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({u.outlet for u in self.uses}))


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Everything one speaker is quoted as saying, grouped by the words."""

    speaker: str
    groups: tuple[QuoteGroup, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "quotes": [
                {
                    "outlets": list(g.outlets),
                    "shared": len(g.outlets) > 1,
                    "uses": [
                        {"outlet": u.outlet, "partial": u.partial, **u.evidence.to_dict()}
                        for u in g.uses
                    ],
                }
                for g in self.groups
            ],
        }


@dataclass(frozen=True, slots=True)
class FramedTerm:
    """A loaded or subjective word, an intensifier or a hedge, with a neutral counterpart
    from another outlet for the same fact where there is one."""

    article_id: str
    span: Span
    category: str  # loaded | subjective | intensifier | hedge
    neutral: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            **self.span.to_dict(),
            "category": self.category,
            "neutral": self.neutral.to_dict() if self.neutral else None,
        }


@dataclass(frozen=True, slots=True)
class ArticleFraming:
    article_id: str
    outlet: str
    subjectivity: float  # share of the article's words that are loaded or subjective, x100
    terms: tuple[FramedTerm, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "outlet": self.outlet,
            "subjectivity": round(self.subjectivity, 3),
            "terms": [t.to_dict() for t in self.terms],
        }


@dataclass(frozen=True, slots=True)
class WireGroup:
    """Copies of one text published by several outlets; the first published is the original."""

    original: str
    copies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    outlets: tuple[str, ...]  # in order of first publication
    first: str | None  # article id of the first report (none when undated or tied)
    wire_groups: tuple[WireGroup, ...]

    @property
    def independent(self) -> int:
        """Reports counting each wire group once (every article has its own outlet label)."""
        return max(1, len(self.outlets) - sum(len(g.copies) for g in self.wire_groups))

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlets": list(self.outlets),
            "first": self.first,
            "independent_reports": self.independent,
            "wire_groups": [
                {"original": g.original, "copies": list(g.copies)} for g in self.wire_groups
            ],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """How the articles of one story report it, fact by fact."""

    articles: tuple[Article, ...]
    facts: tuple[Fact, ...]  # every fact, most widely carried first
    conflicts: tuple[Conflict, ...]
    quotes: tuple[SpeakerQuotes, ...]
    framing: tuple[ArticleFraming, ...]
    coverage: Coverage
    omissions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # outlet -> fact keys
    # facts an outlet does not clearly carry, though a sentence of it comes close (the
    # fact's ``near``): "not found", said with less confidence than an omission
    not_found: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    # figures that differ between sentences that do not surely tell one fact: perhaps a
    # disagreement, perhaps two things (two cable cuts, a march and a vigil), not claimed
    maybe_conflicts: tuple[Conflict, ...] = field(default=())

    def outlet_of(self, article_id: str) -> str:
        return outlet_name(next(a for a in self.articles if a.id == article_id))

    @property
    def shared(self) -> tuple[Fact, ...]:
        """Facts two or more outlets surely carry, most salient first."""
        return self._several(sure=True)

    @property
    def maybe_shared(self) -> tuple[Fact, ...]:
        """Sentences of several outlets that come close without surely telling the same
        fact, closest first: perhaps one fact in other words, not claimed shared."""
        return tuple(sorted(self._several(sure=False), key=lambda f: -f.closeness))

    @property
    def perhaps_same(self) -> tuple[Fact, ...]:
        """The :attr:`maybe_shared` facts at ``CLOSE`` or more: most of them one fact."""
        return tuple(f for f in self.maybe_shared if f.closeness >= CLOSE)

    @property
    def loosely_related(self) -> tuple[Fact, ...]:
        """The :attr:`maybe_shared` facts below ``CLOSE``: most of them tell different
        things about the same people or subject."""
        return tuple(f for f in self.maybe_shared if f.closeness < CLOSE)

    def _several(self, *, sure: bool) -> tuple[Fact, ...]:
        several = (f for f in self.facts if len(f.outlets) > 1 and f.sure == sure)
        return tuple(sorted(several, key=lambda f: -f.salience))

    def key_facts(self, count: int = 5) -> tuple[Fact, ...]:
        """The few facts that matter most: the most salient shared ones (or, for a single
        article or no shared fact, the most salient of all)."""
        pool = self.shared or tuple(sorted(self.facts, key=lambda f: -f.salience))
        return pool[:count]

    def unique(self, outlet: str) -> tuple[Fact, ...]:
        """Facts only ``outlet`` carries, most salient first: no sentence of another outlet
        comes even part of the way, and the fact names someone or something (``only``) no
        other outlet mentions."""
        return tuple(
            sorted(
                (f for f in self.facts if f.outlets == (outlet,) and self._alone(f)),
                key=lambda f: -f.salience,
            )
        )

    def _alone(self, fact: Fact) -> bool:
        others = {self.outlet_of(a.id) for a in self.articles} - set(fact.outlets)
        return bool(fact.only) and others <= set(fact.absent)

    def near_unique(self, outlet: str) -> tuple[Fact, ...]:
        """Facts of ``outlet`` alone that are not claimed unique: another outlet may tell
        them in other words (``near``), or they name nothing the others do not."""
        return tuple(
            sorted(
                (f for f in self.facts if f.outlets == (outlet,) and not self._alone(f)),
                key=lambda f: -f.salience,
            )
        )

    def text_of(self, evidence: Evidence) -> str:
        article = next(a for a in self.articles if a.id == evidence.article_id)
        return evidence.span.of(article.text)

    def to_dict(self) -> dict[str, Any]:
        outlets = sorted({self.outlet_of(a.id) for a in self.articles})
        return {
            "schema_version": SCHEMA_VERSION,
            "articles": [
                {
                    "id": a.id,
                    "outlet": self.outlet_of(a.id),
                    "title": a.title,
                    "url": a.url,
                    "published": a.published.isoformat() if a.published else None,
                    "text": a.text,
                }
                for a in self.articles
            ],
            "shared": [f.key for f in self.shared],
            "maybe_shared": [f.key for f in self.maybe_shared],
            "unique": {o: [f.key for f in self.unique(o)] for o in outlets},
            "omissions": {o: list(keys) for o, keys in self.omissions},
            "not_found": {o: list(keys) for o, keys in self.not_found},
            "key_facts": [f.key for f in self.key_facts()],
            "facts": [f.to_dict() for f in self.facts],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "maybe_conflicts": [c.to_dict() for c in self.maybe_conflicts],
            "quotes": [q.to_dict() for q in self.quotes],
            "framing": [f.to_dict() for f in self.framing],
            "coverage": self.coverage.to_dict(),
        }
