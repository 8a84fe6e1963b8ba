"""Analyse an article: sentences, entities, quotes with speakers, dates, quantities.

Long texts are parsed in chunks of whole paragraphs so that memory stays bounded; offsets are
shifted back to the article text, and entities found in several chunks are joined by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from spacy.tokens import Doc

from parallax.analysis.dates import find_dates
from parallax.analysis.entities import find_entities
from parallax.analysis.nlp import load_nlp
from parallax.analysis.quantities import find_quantities
from parallax.analysis.quotes import find_quotes
from parallax.analysis.records import (
    Analysis,
    Clause,
    DateMention,
    Entity,
    Quantity,
    Quote,
)
from parallax.analysis.sentences import clause_spans, sentence_spans
from parallax.analysis.speakers import resolve_speakers
from parallax.lang import detect_language
from parallax.models import Article, Span

SUPPORTED_LANGUAGES = ("en",)
CHUNK_CHARS = 30_000  # longest piece handed to spaCy at once
# Pieces handed to spaCy together: as fast as 16 or 32 here, and each doubling adds about
# 100 MB to a worker's peak (517 MB at 8, 616 MB at 16 or 32, 424 MB one at a time).
PIPE_BATCH = 8

R = TypeVar("R")


def _shift(record: R, delta: int) -> R:
    """The record with every span (and tuple of spans) moved by ``delta`` characters."""
    if not delta:
        return record
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, Span):
            changes[f.name] = Span(value.start + delta, value.end + delta)
        elif isinstance(value, tuple) and value and isinstance(value[0], Span):
            changes[f.name] = tuple(Span(s.start + delta, s.end + delta) for s in value)
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) of whole paragraphs, each piece at most ``limit`` characters if it can."""
    start = 0
    while start < len(text):
        if len(text) - start <= limit:
            yield start, text[start:]
            return
        cut = text.rfind("\n\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(". ", start, start + limit)
            cut = cut + 1 if cut > start else start + limit
        yield start, text[start:cut]
        start = cut


@dataclasses.dataclass
class _Parts:
    sentences: list[Span] = dataclasses.field(default_factory=list)
    clauses: list[Clause] = dataclasses.field(default_factory=list)
    entities: list[list[Entity]] = dataclasses.field(default_factory=list)
    quotes: list[list[Quote]] = dataclasses.field(default_factory=list)
    dates: list[DateMention] = dataclasses.field(default_factory=list)
    quantities: list[Quantity] = dataclasses.field(default_factory=list)


def _read_doc(doc: Doc, offset: int, published: datetime | None, parts: _Parts) -> None:
    entities = find_entities(doc)
    quotes = resolve_speakers(find_quotes(doc), entities, doc)
    sentences = sentence_spans(doc)
    parts.sentences += [_shift(s, offset) for s in sentences]
    parts.clauses += [_shift(c, offset) for c in clause_spans(doc, sentences)]
    parts.entities.append([_shift(e, offset) for e in entities])
    parts.quotes.append([_shift(q, offset) for q in quotes])
    parts.dates += [_shift(d, offset) for d in find_dates(doc, published)]
    parts.quantities += [_shift(q, offset) for q in find_quantities(doc)]


def _join_entities(
    per_chunk: list[list[Entity]], quotes: list[list[Quote]]
) -> tuple[list[Entity], list[Quote]]:
    """One entity per canonical name across chunks; quote speaker keys follow the renaming."""
    if len(per_chunk) <= 1:
        return (per_chunk or [[]])[0], [q for qs in quotes for q in qs]
    by_name: dict[tuple[str, str], Entity] = {}
    renamed: dict[tuple[int, str], str] = {}
    for chunk_index, entities in enumerate(per_chunk):
        for entity in entities:
            key = (entity.kind, entity.name.casefold())
            known = by_name.get(key)
            if known is None:
                known = dataclasses.replace(entity, key=f"e{len(by_name)}")
            else:
                known = dataclasses.replace(
                    known,
                    mentions=known.mentions + entity.mentions,
                    aliases=tuple(sorted(set(known.aliases) | set(entity.aliases))),
                    role=known.role or entity.role,
                )
            by_name[key] = known
            renamed[(chunk_index, entity.key)] = known.key
    joined = [
        dataclasses.replace(q, speaker_key=renamed.get((i, q.speaker_key or ""), q.speaker_key))
        for i, qs in enumerate(quotes)
        for q in qs
    ]
    return list(by_name.values()), joined


def analyze_text(
    text: str,
    published: datetime | None = None,
    *,
    article_id: str = "",
    language: str | None = None,
) -> Analysis:
    """Analyse English ``text``; another language gives an Analysis marked unsupported."""
    return analyze_many([(article_id, text, published, language)])[0]


def analyze_many(
    items: Sequence[tuple[str, str, datetime | None, str | None]],
) -> list[Analysis]:
    """Analyse several (id, text, published, language) items with spaCy batching.

    The pieces of every article go through one ``nlp.pipe`` stream, so the models work on
    batches of several articles (the same parses as one article at a time, fewer model
    steps per article)."""
    nlp = load_nlp()
    plans: list[tuple[str, str | None, datetime | None, list[tuple[int, str]] | None]] = []
    for article_id, text, published, declared in items:
        language = declared or detect_language(text)
        supported = language is None or language in SUPPORTED_LANGUAGES
        plans.append((article_id, language, published, list(chunks(text)) if supported else None))
    docs = nlp.pipe(
        (piece for *_, pieces in plans for _, piece in pieces or ()), batch_size=PIPE_BATCH
    )
    results: list[Analysis] = []
    for article_id, language, published, pieces in plans:
        if pieces is None:
            results.append(
                Analysis(
                    article_id=article_id,
                    language=language,
                    supported=False,
                    note=f"language {language!r} is not supported; Parallax analyses English",
                )
            )
            continue
        parts = _Parts()
        for offset, _ in pieces:
            _read_doc(next(docs), offset, published, parts)
        entities, quotes = _join_entities(parts.entities, parts.quotes)
        results.append(
            Analysis(
                article_id=article_id,
                language=language,
                supported=True,
                sentences=tuple(parts.sentences),
                clauses=tuple(parts.clauses),
                entities=tuple(entities),
                quotes=tuple(quotes),
                dates=tuple(parts.dates),
                quantities=tuple(parts.quantities),
            )
        )
    return results


def analyze(article: Article) -> Analysis:
    """Analyse one article (``parallax.analysis(article)``)."""
    return analyze_text(
        article.text, article.published, article_id=article.id, language=article.language
    )
