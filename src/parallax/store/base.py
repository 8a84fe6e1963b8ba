"""The Store protocol that every backend (SQLite, PostgreSQL) implements."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from parallax.analysis.records import Analysis
from parallax.models import Article

MATCH_START, MATCH_END = "\x02", "\x03"
# What makes a query use the FTS5 syntax rather than be plain words and punctuation.
_QUERY_SYNTAX = re.compile(r'["()*:^{}+]|\b(?:AND|OR|NOT|NEAR)\b')


def uses_query_syntax(query: str) -> bool:
    """Whether ``query`` uses the full-text syntax (a quote, a bracket, ``*``, ``:``, an
    operator in capitals). A strict search refuses such a query when it breaks the syntax;
    a query of plain words and punctuation (``Bank's``, ``U.S.``) always searches its words."""
    return bool(_QUERY_SYNTAX.search(query))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result; ``snippet`` marks matched words with MATCH_START/MATCH_END."""

    article: Article
    snippet: str
    score: float

    def highlighted(self, start: str, end: str, *, escape: Callable[[str], str] = str) -> str:
        """The snippet with matches wrapped in ``start``/``end``, the rest passed to ``escape``."""
        parts: list[str] = []
        for i, chunk in enumerate(self.snippet.replace(MATCH_END, MATCH_START).split(MATCH_START)):
            parts.append(f"{start}{escape(chunk)}{end}" if i % 2 else escape(chunk))
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class FeedState:
    """What ``parallax watch`` knows of one feed: the validators of its last answer (for a
    conditional GET), when it was polled and last answered well, and its run of failures
    (``retry_at``: no poll before then, the backoff)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: datetime | None = None
    last_ok: datetime | None = None
    failures: int = 0
    retry_at: datetime | None = None
    last_error: str | None = None


@runtime_checkable
class Store(Protocol):
    """Where articles live. ``add`` is idempotent: the same id is stored once."""

    def add(self, article: Article) -> bool:
        """Store ``article``; True if it is new, False if its id was already there."""
        ...

    def add_many(self, articles: Sequence[Article]) -> list[bool]:
        """Store several articles in one transaction; one flag per article as in ``add``."""
        ...

    def get(self, article_id: str) -> Article:
        """The article with this id or unique id prefix; NotFoundError otherwise."""
        ...

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        """Articles, newest first, filtered by outlet (case-insensitive) and publication time;
        ``offset`` skips that many of them first (for pages)."""
        ...

    def search(self, query: str, *, limit: int = 20, strict: bool = False) -> list[SearchHit]:
        """Full-text search over titles and texts, best first. A query that breaks the
        FTS5 syntax searches its words, unless ``strict``: then a query that uses the
        syntax (:func:`uses_query_syntax`) and breaks it raises QueryError."""
        ...

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        """Store analyses (replacing older ones of the same articles) in one transaction."""
        ...

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of an article, or None if it has not been analysed."""
        ...

    def unanalysed(self, version: int) -> list[str]:
        """Ids of articles with no analysis of this version, in ingest order."""
        ...

    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Cached embedding vectors by key (see parallax.embed)."""
        ...

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None: ...

    def vector_keys(self) -> list[str]:
        """Every cached vector's key (to copy the cache from one store to another)."""
        ...

    def save_stories(self, stories: Sequence[dict[str, Any]]) -> None:
        """Replace every story (``parallax.stories.group``) in one transaction."""
        ...

    def stories(self) -> list[dict[str, Any]]:
        """Every story, newest last article first."""
        ...

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story id of each of ``article_ids`` that is in a story (an indexed lookup, not
        a read of every story)."""
        ...

    def corrections(self) -> list[dict[str, Any]]:
        """The user's story corrections, oldest first."""
        ...

    def add_correction(self, correction: dict[str, Any]) -> None: ...

    def feed_states(self, urls: Sequence[str]) -> dict[str, FeedState]:
        """The watcher's state of each of ``urls`` it has polled before."""
        ...

    def save_feed_state(self, state: FeedState) -> None:
        """Store (replace) the watcher's state of one feed."""
        ...

    def seen(self, urls: Sequence[str]) -> set[str]:
        """Which of ``urls`` (feed entries' links) the watcher has handled already."""
        ...

    def mark_seen(self, feed: str, entries: Sequence[tuple[str, str | None]]) -> None:
        """Remember entries of ``feed`` as handled: (entry URL, the article id it gave, or
        None when it gave none, such as a page robots.txt forbids)."""
        ...

    def count(self) -> int: ...

    def ids(self) -> Iterable[str]: ...

    def outlets(self) -> list[tuple[str, int]]:
        """Each outlet with its number of articles, most first (``models.NO_OUTLET`` for
        articles without one)."""
        ...

    def close(self) -> None: ...
