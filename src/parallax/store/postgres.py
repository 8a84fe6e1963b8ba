"""The server store: PostgreSQL through psycopg 3 and a connection pool.

Same behaviour as the SQLite store (see :mod:`parallax.store.base`); open it with
``open_store("postgresql://user@host/db")``. Several processes may write at once: article
ids are content hashes and every write is an ``INSERT ... ON CONFLICT`` upsert, so nothing
is lost and nothing is stored twice. The schema is created and migrated on first use
(:mod:`parallax.store.pg_schema`).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from psycopg.rows import TupleRow
from psycopg_pool import ConnectionPool

from parallax.analysis.records import Analysis
from parallax.errors import NotFoundError, QueryError, StoreError
from parallax.models import NO_OUTLET, Article, Span
from parallax.store.base import MATCH_END, MATCH_START, FeedState, SearchHit, uses_query_syntax
from parallax.store.location import redact
from parallax.store.pg_connect import check_url, connect_error
from parallax.store.pg_query import QuerySyntaxError, to_tsquery_text, words_tsquery_text
from parallax.store.pg_schema import migrate

T = TypeVar("T")
Connection = psycopg.Connection[TupleRow]

_COLUMNS = (
    "id, outlet, url, title, authors, published, language, text, paragraphs, dateline, "
    "source, format, retrieved"
)
_RETRIES = 5  # a write that meets a deadlock or serialization failure is run again
_ARTICLES_LOCK, _STORIES_LOCK = 0x50A11B, 0x50A11C  # pg_advisory_xact_lock keys
_HEADLINE = (
    f'StartSel="{MATCH_START}", StopSel="{MATCH_END}", MaxWords=14, MinWords=6, '
    'ShortWord=1, MaxFragments=1, FragmentDelimiter=" … "'
)


def _utc(dt: datetime | None) -> datetime | None:
    return dt.astimezone(UTC) if dt else None


def _article(row: Sequence[Any]) -> Article:
    (id_, outlet, url, title, authors, published, language, text, paragraphs, dateline) = row[:10]
    source, format_, retrieved = row[10:13]
    return Article(
        id=id_,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        authors=tuple(json.loads(authors)),
        published=datetime.fromisoformat(published) if published else None,
        language=language,
        paragraphs=tuple(Span(s, e) for s, e in json.loads(paragraphs)),
        dateline=dateline,
        source=source,
        format=format_,
        retrieved=datetime.fromisoformat(retrieved) if retrieved else None,
    )


def _article_row(article: Article) -> tuple[Any, ...]:
    return (
        article.id,
        article.outlet,
        article.url,
        article.title,
        json.dumps(list(article.authors)),
        article.published.isoformat() if article.published else None,
        article.language,
        article.text,
        json.dumps([[s.start, s.end] for s in article.paragraphs]),
        article.dateline,
        article.source,
        article.format,
        article.retrieved.isoformat() if article.retrieved else None,
        _utc(article.published),
    )


_FEED_COLUMNS = "url, etag, last_modified, last_poll, last_ok, failures, retry_at, last_error"


def _elided(snippet: str, text: str) -> str:
    """The snippet with `` … `` where it cuts the text, as SQLite's ``snippet()`` marks it."""
    plain = snippet.replace(MATCH_START, "").replace(MATCH_END, "").strip()
    if not plain:
        return snippet
    start = "" if text.lstrip().startswith(plain) else " … "
    end = "" if text.rstrip().endswith(plain) else " … "
    return f"{start}{snippet.strip()}{end}"


class PostgresStore:
    """A :class:`~parallax.store.base.Store` in a PostgreSQL database.

    Thread-safe: each call borrows a connection from a pool of at most ``max_connections``.
    """

    def __init__(self, url: str, *, max_connections: int = 4, timeout: float = 10.0) -> None:
        params = check_url(url)
        self.url = url
        self.location = redact(url)
        extra: dict[str, Any] = {}
        if "connect_timeout" not in params:
            extra["connect_timeout"] = max(1, round(timeout))
        try:
            with psycopg.connect(url, autocommit=True, **extra) as conn:
                self.version = migrate(conn)
        except psycopg.OperationalError as exc:
            raise connect_error(url, exc) from None
        except psycopg.Error as exc:
            raise StoreError(f"cannot prepare the database {self.location}: {exc}") from exc
        self._pool: ConnectionPool[Connection] = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, max_connections),
            kwargs=extra,
            timeout=timeout,
            check=ConnectionPool.check_connection,  # a server restart costs no failed call
            num_workers=1,
            name="parallax",
            open=False,
        )
        self._pool.open(wait=False)

    # -- plumbing --------------------------------------------------------------------------
    def _write(self, what: str, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction, again after a deadlock or serialization failure."""
        for attempt in range(_RETRIES):
            try:
                with self._pool.connection() as conn, conn.transaction():
                    return work(conn)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == _RETRIES - 1:
                    raise StoreError(
                        f"cannot write {what} to {self.location}: it stayed busy",
                        fix="try again; fewer writers at once would help",
                    ) from None
                time.sleep(0.05 * (attempt + 1))
            except psycopg.Error as exc:
                raise StoreError(f"cannot write {what} to {self.location}: {exc}") from exc
        raise AssertionError("unreachable")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[TupleRow]:
        try:
            with self._pool.connection() as conn:
                return conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"cannot read from {self.location}: {exc}") from exc

    # -- writing ---------------------------------------------------------------------------
    def add(self, article: Article) -> bool:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[bool]:
        if not articles:
            return []
        rows = [_article_row(a) for a in articles]

        def insert(conn: Connection) -> list[bool]:
            # One article writer at a time keeps the ingest order of a batch and avoids
            # deadlocks between batches that share articles in different orders.
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ARTICLES_LOCK,))
            with conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO articles ({_COLUMNS}, published_utc) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING 1",
                    rows,
                    returning=True,
                )
                flags: list[bool] = []
                while True:
                    flags.append(cur.fetchone() is not None)
                    if not cur.nextset():
                        return flags

        return self._write("articles", insert)

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        if not analyses:
            return
        now = datetime.now(UTC)
        rows = sorted(
            (a.article_id, a.version, a.supported, json.dumps(a.to_dict()), now) for a in analyses
        )

        def upsert(conn: Connection) -> None:
            conn.cursor().executemany(
                "INSERT INTO analyses (article_id, version, supported, data, analysed_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                "version = excluded.version, supported = excluded.supported, "
                "data = excluded.data, analysed_at = excluded.analysed_at",
                rows,
            )

        self._write("analyses", upsert)

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None:
        if not items:
            return
        rows = sorted(dict(items).items())

        def insert(conn: Connection) -> None:
            conn.cursor().executemany(
                "INSERT INTO vectors (key, vector) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                rows,
            )

        self._write("vectors", insert)

    def save_stories(self, stories: Sequence[dict[str, Any]]) -> None:
        def replace(conn: Connection) -> None:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_STORIES_LOCK,))
            conn.execute("DELETE FROM story_articles")
            conn.execute("DELETE FROM stories")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO stories (id, data) VALUES (%s, %s)",
                    [(s["story_id"], json.dumps(s, ensure_ascii=False)) for s in stories],
                )
                cur.executemany(
                    "INSERT INTO story_articles (article_id, story_id, position) "
                    "VALUES (%s, %s, %s)",
                    [
                        (a, s["story_id"], i)
                        for s in stories
                        for i, a in enumerate(s["article_ids"])
                    ],
                )

        self._write("stories", replace)

    def add_correction(self, correction: dict[str, Any]) -> None:
        data = json.dumps(correction, ensure_ascii=False)
        self._write(
            "a correction",
            lambda conn: conn.execute("INSERT INTO story_corrections (data) VALUES (%s)", (data,)),
        )

    # -- reading ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        key = article_id.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,64}", key):
            raise NotFoundError(
                f"{article_id!r} is not an article id",
                fix="ids are hexadecimal; list them with 'parallax articles'",
            )
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM articles WHERE id >= %s AND id < %s ORDER BY id LIMIT 2",
            (key, key + "g"),
        )
        if not rows:
            raise NotFoundError(
                f"no article with id {article_id!r}", fix="list ids with 'parallax articles'"
            )
        if len(rows) > 1 and rows[0][0] != key:
            raise NotFoundError(
                f"id prefix {article_id!r} matches several articles",
                fix="give more characters of the id",
            )
        return _article(rows[0])

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        where: list[str] = []
        params: list[Any] = []
        if outlet:
            where.append("lower(outlet) = lower(%s)")
            params.append(outlet)
        if since:
            where.append("published_utc >= %s")
            params.append(_utc(since))
        if until:
            where.append("published_utc < %s")
            params.append(_utc(until))
        sql = f"SELECT {_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY published_utc DESC NULLS LAST, seq DESC"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        if offset > 0:
            sql += " OFFSET %s"
            params.append(offset)
        return [_article(r) for r in self._rows(sql, params)]

    def search(self, query: str, *, limit: int = 20, strict: bool = False) -> list[SearchHit]:
        """Full-text search; the query syntax is SQLite FTS5's (see
        :mod:`parallax.store.pg_query`), and a query that breaks it searches its words (or,
        when ``strict`` and it uses the syntax, raises QueryError)."""
        try:
            tsquery = to_tsquery_text(query)
        except QuerySyntaxError as exc:
            if strict and uses_query_syntax(query):
                raise QueryError(query, str(exc)) from None
            tsquery = words_tsquery_text(query)
        if tsquery is None:
            return []
        columns = ", ".join(f"h.{c.strip()}" for c in _COLUMNS.split(","))
        sql = (
            "WITH q AS (SELECT to_tsquery('parallax', %s) AS q), "
            f"hits AS (SELECT {_COLUMNS}, seq, ts_rank(search, q.q) AS score "
            "FROM articles, q WHERE search @@ q.q ORDER BY score DESC, seq LIMIT %s) "
            f"SELECT {columns}, ts_headline('parallax', h.text, q.q, %s), h.score "
            "FROM hits h, q ORDER BY h.score DESC, h.seq"
        )
        rows = self._rows(sql, (tsquery, limit, _HEADLINE))
        hits = []
        for row in rows:
            article = _article(row)
            hits.append(SearchHit(article, _elided(str(row[13]), article.text), float(row[14])))
        return hits

    def analysis(self, article_id: str) -> Analysis | None:
        rows = self._rows("SELECT data FROM analyses WHERE article_id = %s", (article_id,))
        return Analysis.from_dict(json.loads(rows[0][0])) if rows else None

    def unanalysed(self, version: int) -> list[str]:
        rows = self._rows(
            "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE n.article_id IS NULL OR n.version <> %s ORDER BY a.seq",
            (version,),
        )
        return [str(r[0]) for r in rows]

    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        if not keys:
            return {}
        rows = self._rows("SELECT key, vector FROM vectors WHERE key = ANY(%s)", (list(keys),))
        return {str(r[0]): bytes(r[1]) for r in rows}

    def vector_keys(self) -> list[str]:
        return [str(r[0]) for r in self._rows("SELECT key FROM vectors ORDER BY key")]

    def stories(self) -> list[dict[str, Any]]:
        found = [json.loads(r[0]) for r in self._rows("SELECT data FROM stories")]
        return sorted(found, key=lambda s: (s.get("last") or "", s["story_id"]), reverse=True)

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        rows = self._rows(
            "SELECT article_id, story_id FROM story_articles WHERE article_id = ANY(%s)",
            (list(article_ids),),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def corrections(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT data FROM story_corrections ORDER BY seq")
        return [json.loads(r[0]) for r in rows]

    # -- the watcher's state ---------------------------------------------------------------
    def feed_states(self, urls: Sequence[str]) -> dict[str, FeedState]:
        if not urls:
            return {}
        rows = self._rows(
            f"SELECT {_FEED_COLUMNS} FROM watch_feeds WHERE url = ANY(%s)", (list(urls),)
        )
        return {
            str(r[0]): FeedState(
                url=str(r[0]),
                etag=r[1],
                last_modified=r[2],
                last_poll=r[3],
                last_ok=r[4],
                failures=int(r[5]),
                retry_at=r[6],
                last_error=r[7],
            )
            for r in rows
        }

    def save_feed_state(self, state: FeedState) -> None:
        row = (
            state.url,
            state.etag,
            state.last_modified,
            _utc(state.last_poll),
            _utc(state.last_ok),
            state.failures,
            _utc(state.retry_at),
            state.last_error,
        )
        self._write(
            "a feed's state",
            lambda conn: conn.execute(
                f"INSERT INTO watch_feeds ({_FEED_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (url) DO UPDATE SET "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "last_poll = excluded.last_poll, last_ok = excluded.last_ok, "
                "failures = excluded.failures, retry_at = excluded.retry_at, "
                "last_error = excluded.last_error",
                row,
            ),
        )

    def seen(self, urls: Sequence[str]) -> set[str]:
        if not urls:
            return set()
        rows = self._rows("SELECT url FROM watch_seen WHERE url = ANY(%s)", (list(urls),))
        return {str(r[0]) for r in rows}

    def mark_seen(self, feed: str, entries: Sequence[tuple[str, str | None]]) -> None:
        if not entries:
            return
        rows = sorted((url, feed, article_id) for url, article_id in dict(entries).items())

        def upsert(conn: Connection) -> None:
            conn.cursor().executemany(
                "INSERT INTO watch_seen (url, feed, article_id) VALUES (%s, %s, %s) "
                "ON CONFLICT (url) DO UPDATE SET article_id = "
                "COALESCE(excluded.article_id, watch_seen.article_id)",
                rows,
            )

        self._write("seen entries", upsert)

    def count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM articles")[0][0])

    def ids(self) -> Iterator[str]:
        for row in self._rows("SELECT id FROM articles ORDER BY seq"):
            yield str(row[0])

    def outlets(self) -> list[tuple[str, int]]:
        rows = self._rows(
            "SELECT name, n FROM (SELECT COALESCE(NULLIF(outlet, ''), %s) AS name, "
            'COUNT(*) AS n FROM articles GROUP BY 1) s ORDER BY n DESC, name COLLATE "C"',
            (NO_OUTLET,),
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
