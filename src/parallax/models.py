"""Frozen, typed records. Spans point into the article text by character offsets."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from parallax.errors import ParallaxError


def _parse_datetime(value: Any, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ParallaxError(
                f"{name} {value!r} is not an ISO 8601 date-time",
                fix="write it like 2026-03-04T09:30:00+01:00",
            ) from exc
    else:
        raise ParallaxError(f"{name} must be an ISO 8601 string, not {type(value).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ParallaxError(
            f"{name} {dt.isoformat()} has no time zone",
            fix="give an offset such as +00:00",
        )
    return dt


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ParallaxError(f"invalid span [{self.start}, {self.end})")

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]))


def content_id(text: str, outlet: str | None) -> str:
    """The id of an article: a hash of its outlet and clean text.

    The same text from the same outlet always gets the same id, whatever format it came in;
    the same wire text republished by two outlets gets two ids (they are two articles).
    """
    key = unicodedata.normalize("NFC", (outlet or "").strip().casefold()) + "\x1f" + text
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Spans of the paragraphs of ``text``, which are separated by blank lines."""
    spans: list[Span] = []
    pos = 0
    for block in text.split("\n\n"):
        stripped = block.strip()
        if stripped:
            start = pos + block.index(stripped)
            spans.append(Span(start, start + len(stripped)))
        pos += len(block) + 2
    return tuple(spans)


NO_OUTLET = "(no outlet)"
"""How an article without an outlet is named wherever outlets are listed or counted."""


@dataclass(frozen=True, slots=True)
class Article:
    """One clean news article. ``text`` is stored once; everything else points into it."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    paragraphs: tuple[Span, ...] = ()
    dateline: str | None = None
    source: str | None = None
    format: str | None = None
    retrieved: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("published", "retrieved"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ParallaxError(f"Article.{name} must be timezone-aware")
        for span in self.paragraphs:
            if span.end > len(self.text):
                raise ParallaxError(f"paragraph span {span} lies outside the text")

    @classmethod
    def create(
        cls,
        text: str,
        *,
        title: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
        authors: tuple[str, ...] = (),
        published: datetime | None = None,
        language: str | None = None,
        dateline: str | None = None,
        source: str | None = None,
        format: str | None = None,
        retrieved: datetime | None = None,
    ) -> Article:
        """Build an article from clean text, computing its id and paragraphs."""
        return cls(
            id=content_id(text, outlet),
            text=text,
            title=title,
            outlet=outlet,
            url=url,
            authors=authors,
            published=published,
            language=language,
            paragraphs=paragraph_spans(text),
            dateline=dateline,
            source=source,
            format=format,
            retrieved=retrieved,
        )

    def paragraph_texts(self) -> list[str]:
        return [span.of(self.text) for span in self.paragraphs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "authors": list(self.authors),
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "paragraphs": [span.to_dict() for span in self.paragraphs],
            "dateline": self.dateline,
            "source": self.source,
            "format": self.format,
            "retrieved": self.retrieved.isoformat() if self.retrieved else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        try:
            return cls(
                id=str(data["id"]),
                text=str(data["text"]),
                title=data.get("title"),
                outlet=data.get("outlet"),
                url=data.get("url"),
                authors=tuple(data.get("authors") or ()),
                published=_parse_datetime(data.get("published"), "published"),
                language=data.get("language"),
                paragraphs=tuple(Span.from_dict(p) for p in data.get("paragraphs") or ()),
                dateline=data.get("dateline"),
                source=data.get("source"),
                format=data.get("format"),
                retrieved=_parse_datetime(data.get("retrieved"), "retrieved"),
            )
        except KeyError as exc:
            raise ParallaxError(f"article record lacks the field {exc.args[0]!r}") from exc


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a format reader found, before cleaning: text plus metadata hints.

    ``extracted`` says that the text came out of an HTML extractor (its title is metadata).
    """

    source: str
    format: str
    text: str | None = None
    extracted: bool = False
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    retrieved: datetime | None = None
