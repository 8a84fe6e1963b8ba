"""A watched feed's entries, and the article document of each: its linked page, or the
entry's own full text when it has no link.

An entry is known by its link (or, without one, by its id in the feed), the key the store
remembers it by (:meth:`parallax.store.base.Store.mark_seen`). What the page does not say
(a title, a date, the authors, the outlet) is taken from the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import feedparser

from parallax.errors import MalformedInputError, NoArticleError
from parallax.ingest.decode import decode
from parallax.ingest.feed import (
    FULL_TEXT_WORDS,
    _as_utf8,
    _declares_entities,
    _entry_html,
    entry_time,
)
from parallax.ingest.fields import optional_str, parse_authors
from parallax.ingest.html import fragment_to_text, html_document
from parallax.ingest.registry import Source
from parallax.ingest.sources import is_url
from parallax.models import RawDocument
from parallax.watch.client import Answer


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed, as much of it as the watcher needs."""

    feed: str
    key: str  # the link, or feed URL + "#" + the entry's id
    link: str | None
    title: str | None
    text: str  # the entry's content (or summary) as text
    published: datetime | None
    authors: tuple[str, ...]
    outlet: str | None
    language: str | None

    @property
    def label(self) -> str:
        return f"{self.feed} ({self.link})" if self.link else self.key


def parse_entries(feed_url: str, data: bytes) -> list[Entry]:
    """The entries of a feed; MalformedInputError when the body is not a usable feed."""
    markup = _as_utf8(data)
    if _declares_entities(markup):
        raise MalformedInputError(
            feed_url,
            "feed declares its own XML entities (<!ENTITY>), which parallax never expands",
        )
    try:
        parsed: Any = feedparser.parse(data)
    except (UnicodeDecodeError, LookupError) as exc:
        raise MalformedInputError(feed_url, f"feed's encoding is broken ({exc})") from exc
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries and (parsed.get("bozo") or not version):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise MalformedInputError(
            feed_url,
            f"answer is not an RSS or Atom feed ({' '.join(str(reason).split())[:160]})",
            fix="check the feed's address",
        )
    feed = parsed.get("feed", {})
    outlet = optional_str(feed.get("title"))
    language = optional_str(feed.get("language"))
    found: list[Entry] = []
    for number, entry in enumerate(entries, start=1):
        link = optional_str(entry.get("link"))
        if link is not None and not is_url(link):
            link = None
        ident = optional_str(entry.get("id")) or optional_str(entry.get("title")) or str(number)
        found.append(
            Entry(
                feed=feed_url,
                key=link or f"{feed_url}#{ident}",
                link=link,
                title=optional_str(entry.get("title")),
                text=fragment_to_text(_entry_html(entry)),
                published=entry_time(entry),
                authors=parse_authors(
                    [a.get("name") for a in entry.get("authors", []) if a.get("name")]
                ),
                outlet=outlet,
                language=language,
            )
        )
    return found


def from_page(entry: Entry, page: Answer) -> RawDocument:
    """The article document of ``entry`` from its fetched page (trafilatura), completed
    with what the entry says."""
    label = entry.label
    html = decode(label, page.data, declared=page.charset)
    raw = html_document(
        Source(label=label, url=page.url),
        html,
        fmt="html",
        url=page.url,
        retrieved=datetime.now(UTC),
    )
    return replace(
        raw,
        title=raw.title or entry.title,
        outlet=raw.outlet or entry.outlet,
        published=raw.published or entry.published,
        authors=raw.authors or entry.authors,
        language=raw.language or entry.language,
    )


def from_entry(entry: Entry) -> RawDocument:
    """The article document of an entry without a link, from the feed's own full text."""
    if len(entry.text.split()) < FULL_TEXT_WORDS:
        raise NoArticleError(
            entry.label,
            "entry has no link and only a summary, not the full article",
            fix="the feed gives nothing more to read for it",
        )
    return RawDocument(
        source=entry.label,
        format="feed",
        text=entry.text,
        title=entry.title,
        outlet=entry.outlet,
        url=None,
        authors=entry.authors,
        published=entry.published,
        language=entry.language,
        retrieved=datetime.now(UTC),
    )
