"""What the web app does with the store, as a plain library object (no HTTP in here).

:class:`WebService` opens the store once per call (SQLite connections stay on the thread
that made them, and the server answers on a pool of threads), keeps stories complete (an
article that is in no story yet is analysed and the store grouped again), caches the
comparison of each story, and ingests posted articles into their story.

The comparison of a story costs from a fraction of a second to seconds, so it is cached by
story id together with the story's *signature*: its article ids and the analysis version.
Articles are immutable (an id is a hash of the content), so a story whose articles are the
same compares the same; when an article joins or leaves (a post, ``parallax stories merge``
or ``split``, an ingest from the CLI), the signature changes and the comparison is made
again. The cache is bounded (least recently used stories leave first).

One writer at a time (a post, or the grouping of articles that are in no story yet) holds
the write lock; readers never wait for it: while a write runs they are served the stories
as last saved. An article whose analysis (or grouping) fails is remembered and left out of
the stories until the server restarts, so that every page does not try it again and fail.
"""

from __future__ import annotations

import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.comparison.records import Comparison
from parallax.config import Settings, db_location, load_settings
from parallax.errors import AnalysisError, InputError, NotFoundError, ParallaxError, StoreError
from parallax.ingest import read_source
from parallax.ingest.registry import Source
from parallax.models import Article
from parallax.outlets.describe import registry_for
from parallax.outlets.registry import OutletRegistry
from parallax.store import Store, is_thread_safe, open_store
from parallax.watch.poll import Placed

STORY_LIST_FIX = "list the stories at / or /api/stories"
ARTICLE_FIX = "find articles with /search?q=WORDS or /api/search?q=WORDS"
UNANALYSABLE_FIX = (
    "the article is kept but in no story; the server log has the details (a restart tries again)"
)

log = logging.getLogger("parallax.web")


def story_map(stories: list[dict[str, Any]]) -> dict[str, str]:
    """Article id -> the id of its story."""
    return {a: str(s["story_id"]) for s in stories for a in s["article_ids"]}


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story with what its page shows: the stored record, its articles, the comparison,
    and its outlets (``outlets``: the JSON of ``outlets_dict``, from ``registry``)."""

    record: dict[str, Any]
    articles: tuple[Article, ...]
    comparison: Comparison
    registry: OutletRegistry
    outlets: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Posted:
    """What became of a posted input: new and known articles, each with its story id."""

    added: tuple[Article, ...]
    known: tuple[Article, ...]
    failed: tuple[InputError, ...]
    story_of: dict[str, str]


_Cached = tuple[Comparison, dict[str, Any]]  # a comparison and its outlets' JSON


class _ComparisonCache:
    """Comparisons by story id and signature, least recently used dropped beyond ``size``."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[tuple[str, ...], _Cached]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self.misses = 0

    def get(self, key: str, signature: tuple[str, ...]) -> _Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != signature:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, signature: tuple[str, ...], value: _Cached) -> None:
        with self._lock:
            self._items[key] = (signature, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def building(self, key: str) -> threading.Lock:
        """One lock per story, so that concurrent first requests compare it once."""
        with self._lock:
            return self._building.setdefault(key, threading.Lock())


class WebService:
    """The store as the web app sees it. Thread-safe: every call opens its own connection."""

    def __init__(
        self,
        db: Path | str,
        *,
        settings: Settings | None = None,
        cache_size: int = 128,
        max_post_bytes: int | None = None,
    ) -> None:
        self.db = db_location(db)  # a SQLite file, or a postgresql:// URL kept as text
        self.settings = settings or load_settings({"db": self.db})
        # Posts never make the server fetch a URL (a feed's links), and a gzip upload is
        # capped once decompressed (a small body must not become gigabytes).
        cap = self.settings.max_bytes
        self.post_settings = replace(
            self.settings,
            fetch_links=False,
            max_bytes=min(cap, max_post_bytes) if max_post_bytes is not None else cap,
        )
        self.cache = _ComparisonCache(cache_size)
        self._write = threading.Lock()  # one writer at a time: ingest, analyse, group
        # article id -> why it could not be analysed or grouped; left out of the stories
        self._unanalysable: dict[str, str] = {}
        # A thread-safe store (PostgreSQL's connection pool) is opened once and shared.
        self._shared: Store | None = None
        self._shared_lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        if is_thread_safe(self.db):
            with self._shared_lock:
                if self._shared is None:
                    self._shared = open_store(self.db)
            yield self._shared
            return
        store = open_store(self.db)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        """Close the shared store, if one was opened (at shutdown)."""
        with self._shared_lock:
            if self._shared is not None:
                self._shared.close()
                self._shared = None

    # -- stories -------------------------------------------------------------------------

    def prepare(self) -> None:
        """Analyse and group what is not in a story yet (run at start-up, before serving)."""
        with self._write, self.store() as store:
            self._complete(store)

    def warm(self) -> None:
        """Load the models that comparing (sentence embeddings) and posting (spaCy) use, so
        that no request waits seconds for them."""
        from parallax.analysis.nlp import load_nlp
        from parallax.embed import embed

        load_nlp()
        embed(["warm up"])

    def unanalysable(self) -> dict[str, str]:
        """The articles left out of the stories: id -> the problem met analysing them."""
        return dict(self._unanalysable)

    def stories(self, store: Store) -> list[dict[str, Any]]:
        """Every story, newest first; articles that are in none are analysed and grouped.

        Never waits for a write under way (a post): the stories as last saved are served."""
        found = store.stories()
        if not self._pending(store, found) or not self._write.acquire(blocking=False):
            return found
        try:
            return self._complete(store)
        finally:
            self._write.release()

    def _pending(self, store: Store, found: list[dict[str, Any]]) -> set[str]:
        """Ids of stored articles in no story, apart from those that could not be analysed."""
        if sum(len(s["article_ids"]) for s in found) == store.count():
            return set()
        grouped = {a for s in found for a in s["article_ids"]}
        return set(store.ids()) - grouped - set(self._unanalysable)

    def _complete(self, store: Store) -> list[dict[str, Any]]:
        """With the write lock held: analyse and group the pending articles, if any.

        Articles whose analysis or grouping fails are remembered (see :meth:`unanalysable`)
        and left out, so the others still get their stories."""
        from parallax.analysis.run import AnalyzeFailure, analyse_batch
        from parallax.stories.group import group_store

        found = store.stories()
        pending = self._pending(store, found)
        if not pending:
            return found
        missing = [i for i in store.unanalysed(ANALYSIS_VERSION) if i in pending]
        if missing:
            results = analyse_batch(
                [(a.id, a.text, a.published, a.language) for a in map(store.get, missing)]
            )
            store.save_analyses([r for r in results if isinstance(r, Analysis)])
            failures = [r for r in results if isinstance(r, AnalyzeFailure)]
            for failure in failures:
                log.error("cannot analyse article %s: %s", failure.article_id, failure.problem)
            self._remember({f.article_id: f"could not be analysed ({f.problem})" for f in failures})
        try:
            return group_store(store, exclude=set(self._unanalysable))
        except StoreError:
            raise
        except Exception as exc:  # one article must not break every page: leave the new out
            log.exception("cannot group articles %s", sorted(pending))
            problem = exc.problem if isinstance(exc, ParallaxError) else type(exc).__name__
            self._remember(dict.fromkeys(pending, f"could not be grouped ({problem})"))
            return found

    def _remember(self, problems: dict[str, str]) -> None:
        # replaced, never changed in place: readers look at it without the lock
        self._unanalysable = {**problems, **self._unanalysable}

    def story(self, store: Store, ref: str) -> dict[str, Any]:
        """The story with this id (or a unique prefix of it), or NotFoundError."""
        key = ref.strip().lower()
        stories = self.stories(store)
        exact = [s for s in stories if s["story_id"] == key]
        found = exact or [s for s in stories if key and s["story_id"].startswith(key)]
        if len(found) == 1:
            return found[0]
        if found:
            raise NotFoundError(
                f"story id prefix {ref!r} matches {len(found)} stories",
                fix="give more characters of the id; " + STORY_LIST_FIX,
            )
        raise NotFoundError(f"no story with id {ref!r}", fix=STORY_LIST_FIX)

    def story_ids(self, store: Store, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each article that is in one, by an indexed lookup. Only when one of
        them is in no story are the stories read, which groups articles that came in since."""
        found = store.story_ids(article_ids)
        if set(article_ids) - set(found) - set(self._unanalysable):
            self.stories(store)
            found = store.story_ids(article_ids)
        return found

    def story_of(self, store: Store, article_id: str) -> str | None:
        return self.story_ids(store, [article_id]).get(article_id)

    def view(self, store: Store, ref: str) -> StoryView:
        """A story with its comparison, from the cache when the story has not changed."""
        from parallax.comparison.build import compare
        from parallax.render.outlets_report import outlets_dict

        record = self.story(store, ref)
        key = str(record["story_id"])
        # a registry is loaded once per version of the user's file: a new one, a new object
        registry = registry_for(self.settings)
        signature = (f"v{ANALYSIS_VERSION}", f"r{id(registry)}", *record["article_ids"])
        articles = tuple(store.get(a) for a in record["article_ids"])
        cached = self.cache.get(key, signature)
        if cached is None:
            with self.cache.building(key):
                cached = self.cache.get(key, signature)
                if cached is None:
                    self.cache.misses += 1
                    comparison = compare(articles, store=store)
                    cached = (comparison, outlets_dict(comparison, registry))
                    self.cache.put(key, signature, cached)
        return StoryView(record, articles, cached[0], registry, cached[1])

    def add_watched(self, store: Store, articles: Sequence[Article]) -> Placed:
        """The sink of ``parallax serve --watch``: store the watcher's articles, analyse and
        group them under the write lock, so that the next page shows their stories."""
        with self._write:
            flags = store.add_many(articles)
            stories = self._complete(store)
        story_of = story_map(stories)
        return Placed(
            added=frozenset(a.id for a, new in zip(articles, flags, strict=True) if new),
            story_of={a.id: story_of[a.id] for a in articles if a.id in story_of},
            failed=tuple(
                AnalysisError(a.source or a.id, f"article {a.id} {self._unanalysable[a.id]}")
                for a in articles
                if a.id in self._unanalysable
            ),
        )

    # -- articles --------------------------------------------------------------------------

    def article(self, store: Store, ref: str) -> tuple[Article, Analysis | None]:
        try:
            article = store.get(ref)
        except NotFoundError as exc:
            raise NotFoundError(exc.problem, fix=ARTICLE_FIX) from None
        return article, store.analysis(article.id)

    def post(self, data: bytes, *, label: str, format: str | None = None) -> Posted:
        """Read one input (an uploaded file, or one JSON article as a JSONL line), store its
        articles, analyse them and group the store so that each lands in its story.

        Raises the input's error when no article could be read from it at all. Never
        fetches a URL, whatever ``fetch_links`` says; see :attr:`post_settings`."""
        source = Source(label=label)
        stdin = io.BytesIO(data)
        outcomes = list(read_source(source, self.post_settings, format=format, stdin=stdin))
        articles = [o.article for o in outcomes if o.article is not None]
        failed = tuple(o.error for o in outcomes if o.error is not None and not o.skipped)
        if not articles:
            if failed:
                raise failed[0]
            raise InputError(label, "holds no article", fix="send article text or a page")
        with self._write, self.store() as store:
            flags = store.add_many(articles)  # a post of known articles groups nothing again
            stories = self._complete(store)
        story_of = story_map(stories)
        placed = [(a, new) for a, new in zip(articles, flags, strict=True) if a.id in story_of]
        lost = tuple(
            AnalysisError(
                a.source or label,
                f"article {a.id} was stored but {self._unanalysable.get(a.id, 'is in no story')}",
                fix=UNANALYSABLE_FIX,
            )
            for a in articles
            if a.id not in story_of
        )
        if not placed:
            raise lost[0]
        added = tuple(a for a, new in placed if new)
        known = tuple(a for a, new in placed if not new)
        return Posted(added, known, failed + lost, {a.id: story_of[a.id] for a, _ in placed})
