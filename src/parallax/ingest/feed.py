"""RSS and Atom feeds: entries with full content become articles.

Entries that carry only a summary are skipped, or, with ``fetch_links``, their linked page
is fetched and read as HTML.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import feedparser

from parallax.config import Settings
from parallax.errors import DecodeError, InputError, MalformedInputError, NoArticleError
from parallax.ingest.fetch import fetch
from parallax.ingest.fields import optional_str, parse_authors, parse_datetime
from parallax.ingest.html import fragment_to_text, html_document
from parallax.ingest.registry import Format, Item, Source, register
from parallax.models import RawDocument

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTRY_END = re.compile(rb"</(?:[\w-]+:)?(?:item|entry)\s*>", re.IGNORECASE)
FULL_TEXT_WORDS = 80  # below this an entry is a teaser, not an article


class SkippedEntry(InputError):
    """A feed entry that is no article on its own (a teaser); not a failure."""


def sniff_feed(data: bytes) -> bool:
    head = data[:2048].lstrip()
    return head.startswith(b"<") and bool(_FEED_ROOT.search(head)) and b"<html" not in head[:512]


def entry_time(entry: Any) -> datetime | None:
    """When a feed entry was published, else last updated. Read past feedparser's mapping
    of a missing ``updated_parsed`` to ``published_parsed``, which warns (deprecated) when
    the published time is there but unreadable."""
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    return parse_datetime(parsed)


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    return best if best.strip() else str(entry.get("summary", ""))


def _declares_entities(data: bytes) -> bool:
    """True when the prolog (before the root element) declares XML entities: the billion
    laughs and external entities (local files, URLs) both need one."""
    root = _FEED_ROOT.search(data)
    return bool(_ENTITY_DECL.search(data[: root.start() if root else len(data)]))


def _as_utf8(data: bytes) -> bytes:
    """The bytes to look for markup in: UTF-16 feeds re-encoded, others as they are."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode()
    return data


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:160]


def read_feed(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    markup = _as_utf8(data)
    if _declares_entities(markup):
        yield MalformedInputError(
            source.label,
            "feed declares its own XML entities (<!ENTITY> in its DOCTYPE), which parallax "
            "never expands",
            fix="remove the DOCTYPE block; news feeds do not need one",
        )
        return
    try:
        parsed = feedparser.parse(data)
    except (UnicodeDecodeError, LookupError) as exc:  # a broken encoding declaration
        yield DecodeError(
            source.label,
            f"feed's bytes do not match its declared encoding ({exc})",
            fix="declare the right encoding in <?xml ... encoding=...?> or convert it to UTF-8",
        )
        return
    entries = parsed.get("entries") or []
    # A feed that is not well-formed XML may be cut short: the entries after the last
    # closing </item> or </entry> are incomplete and are reported, not stored shortened.
    complete = len(_ENTRY_END.findall(markup)) if parsed.get("bozo") else len(entries)
    if not entries:
        problem = "feed has no entries"
        if parsed.get("bozo"):
            problem = f"feed is malformed ({_one_line(parsed.get('bozo_exception'))})"
        yield MalformedInputError(
            source.label, problem, fix="check that it is a whole RSS or Atom feed"
        )
        return
    outlet = optional_str(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        link = optional_str(entry.get("link"))
        label = f"{source.label}#entry-{number}"
        if number > complete:
            yield MalformedInputError(
                label,
                f"entry is cut short: the feed breaks off before its end "
                f"({_one_line(parsed.get('bozo_exception'))})",
                fix="fetch or copy the feed again",
            )
            continue
        title = optional_str(entry.get("title"))
        text = fragment_to_text(_entry_html(entry))
        if len(text.split()) < FULL_TEXT_WORDS:
            if not (settings.fetch_links and link):
                if not text.strip() and not title:
                    yield MalformedInputError(
                        label,
                        "entry has neither title nor content",
                        fix="the feed's publisher left it empty; the other entries are read",
                    )
                else:
                    yield SkippedEntry(
                        label,
                        "entry carries a summary, not the full article",
                        fix="add --fetch-links to fetch the linked page",
                    )
                continue
            try:
                page = fetch(link, settings)
                yield html_document(
                    Source(label=f"{label} ({link})", url=page.url),
                    page.data.decode("utf-8", errors="replace"),
                    fmt="feed",
                    url=page.url,
                )
            except InputError as exc:
                yield exc
            continue
        published = entry_time(entry)
        authors = parse_authors([a.get("name") for a in entry.get("authors", []) if a.get("name")])
        if not text.strip():
            yield NoArticleError(
                label, "entry has no text", fix="add --fetch-links to fetch the linked page"
            )
            continue
        yield RawDocument(
            source=label,
            format="feed",
            text=text,
            title=title,
            outlet=outlet,
            url=link,
            authors=authors,
            published=published,
            language=optional_str(parsed.get("feed", {}).get("language")),
        )


FEED = register(
    Format(
        name="feed",
        suffixes=(".rss", ".atom", ".xml"),
        sniff=sniff_feed,
        read=read_feed,
        description="an RSS or Atom feed; entries with full content are articles",
        priority=20,
    )
)
