"""Frozen records of an article's analysis. Every finding points into the text by offsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parallax.models import Span

ANALYSIS_VERSION = 38


def _span(data: Any) -> Span | None:
    return Span.from_dict(data) if data else None


def _span_dict(span: Span | None) -> dict[str, int] | None:
    return span.to_dict() if span else None


@dataclass(frozen=True, slots=True)
class Clause:
    """A main clause of a sentence; ``subject`` is the subject it shares with an earlier
    clause ("X made progress | and [X] is threatening Y"), when it has none of its own."""

    span: Span
    subject: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "subject": _span_dict(self.subject)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        return cls(Span.from_dict(data["span"]), _span(data.get("subject")))


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or group, with one canonical name per article.

    ``key`` identifies the entity within the article (``e0``, ``e1``...); ``aliases`` are other
    names the text itself gives it (parenthetical, slash and acronym forms, short forms);
    ``mentions`` are every place it is named or referred to (pronouns included).
    """

    key: str
    name: str
    kind: str  # person | org | place | group
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
            "aliases": list(self.aliases),
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            key=data["key"],
            name=data["name"],
            kind=data["kind"],
            mentions=tuple(Span.from_dict(m) for m in data["mentions"]),
            aliases=tuple(data.get("aliases") or ()),
            role=data.get("role"),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a source said: direct (in quotation marks), partial, or reported speech.

    ``content`` spans the words attributed (quotation marks excluded for direct quotes);
    a quote running over several paragraphs has one ``content`` span per paragraph in
    ``parts`` and ``content`` covers them all. ``speaker`` is the span naming the source in
    the text ("he", "the minister", "Le Drian"); ``speaker_key``/``speaker_name`` say who that
    is. ``occasion`` is where or to whom it was said ("France Inter radio", "the Parliament"),
    ``time`` when ("Tuesday").
    """

    content: Span
    kind: str  # direct | partial | reported
    cue: Span | None = None
    cue_verb: str | None = None
    speaker: Span | None = None
    speaker_key: str | None = None
    speaker_name: str | None = None
    occasion: Span | None = None
    time: Span | None = None
    parts: tuple[Span, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "content": self.content.to_dict(),
            "kind": self.kind,
            "cue": _span_dict(self.cue),
            "cue_verb": self.cue_verb,
            "speaker": _span_dict(self.speaker),
            "speaker_key": self.speaker_key,
            "speaker_name": self.speaker_name,
            "occasion": _span_dict(self.occasion),
            "time": _span_dict(self.time),
            "parts": [p.to_dict() for p in self.parts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        return cls(
            content=Span.from_dict(data["content"]),
            kind=data["kind"],
            cue=_span(data.get("cue")),
            cue_verb=data.get("cue_verb"),
            speaker=_span(data.get("speaker")),
            speaker_key=data.get("speaker_key"),
            speaker_name=data.get("speaker_name"),
            occasion=_span(data.get("occasion")),
            time=_span(data.get("time")),
            parts=tuple(Span.from_dict(p) for p in data.get("parts") or ()),
        )


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression, resolved against the publication date when there is one.

    ``start``/``end`` give the resolved calendar range (inclusive) at the expression's
    ``granularity`` (day, week, month, year); both are None when it cannot be resolved
    (no publication date for a relative expression, or no date at all, as in "for years").
    """

    span: Span
    granularity: str | None = None
    start: date | None = None
    end: date | None = None
    relative: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "granularity": self.granularity,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "relative": self.relative,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateMention:
        return cls(
            span=Span.from_dict(data["span"]),
            granularity=data.get("granularity"),
            start=date.fromisoformat(data["start"]) if data.get("start") else None,
            end=date.fromisoformat(data["end"]) if data.get("end") else None,
            relative=bool(data.get("relative")),
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts and its unit: "24,000 migrants", "3 percent of strikes"."""

    span: Span
    value: float | None
    unit: str | None = None
    counted: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "value": self.value,
            "unit": self.unit,
            "counted": _span_dict(self.counted),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quantity:
        return cls(
            span=Span.from_dict(data["span"]),
            value=data.get("value"),
            unit=data.get("unit"),
            counted=_span(data.get("counted")),
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything Parallax reads out of one article. ``supported`` is False for languages the
    analysers do not handle (the language is still recorded, nothing else is guessed)."""

    article_id: str
    language: str | None
    supported: bool
    sentences: tuple[Span, ...] = ()
    clauses: tuple[Clause, ...] = ()  # main clauses of the sentences (a sentence may be one)
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    version: int = ANALYSIS_VERSION
    note: str | None = None

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "language": self.language,
            "supported": self.supported,
            "version": self.version,
            "note": self.note,
            "sentences": [s.to_dict() for s in self.sentences],
            "clauses": [c.to_dict() for c in self.clauses],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "dates": [d.to_dict() for d in self.dates],
            "quantities": [q.to_dict() for q in self.quantities],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            article_id=data["article_id"],
            language=data.get("language"),
            supported=bool(data["supported"]),
            version=int(data.get("version", ANALYSIS_VERSION)),
            note=data.get("note"),
            sentences=tuple(Span.from_dict(s) for s in data.get("sentences") or ()),
            clauses=tuple(Clause.from_dict(c) for c in data.get("clauses") or ()),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities") or ()),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes") or ()),
            dates=tuple(DateMention.from_dict(d) for d in data.get("dates") or ()),
            quantities=tuple(Quantity.from_dict(q) for q in data.get("quantities") or ()),
        )
