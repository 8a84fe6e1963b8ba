"""The embedded default store: one SQLite file, WAL mode, FTS5 search."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parallax.analysis.records import Analysis
from parallax.errors import NotFoundError, QueryError, StoreError
from parallax.models import NO_OUTLET, Article, Span
from parallax.store.base import FeedState, SearchHit, uses_query_syntax
from parallax.store.migrations import migrate

_IN_CHUNK = 500  # keys bound in one query
# SQLite's messages for a MATCH query that breaks the FTS5 syntax (not a locked database).
_FTS_ERROR = re.compile(r"fts5: |unterminated string|no such column|unknown special query")
_COLUMNS = (
    "id, outlet, url, title, authors, published, language, text, paragraphs, dateline, "
    "source, format, retrieved"
)


def _utc(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).isoformat() if dt else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


_FEED_COLUMNS = "url, etag, last_modified, last_poll, last_ok, failures, retry_at, last_error"


class SQLiteStore:
    """A :class:`~parallax.store.base.Store` in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder of {self.path}: {exc.strerror}"
                ) from exc
        try:
            self._conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self.version = migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}",
                fix="check that it is a Parallax SQLite file, or choose another with --db",
            ) from exc

    # -- writing ---------------------------------------------------------------------------
    def _insert(self, article: Article) -> bool:
        cursor = self._conn.execute(
            f"INSERT INTO articles ({_COLUMNS}, published_utc, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            (
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
                datetime.now(UTC).isoformat(),
            ),
        )
        return cursor.rowcount == 1

    def add(self, article: Article) -> bool:
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[bool]:
        if not articles:
            return []
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                flags = [self._insert(a) for a in articles]
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        return flags

    # -- reading ---------------------------------------------------------------------------
    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            outlet=row["outlet"],
            url=row["url"],
            authors=tuple(json.loads(row["authors"])),
            published=datetime.fromisoformat(row["published"]) if row["published"] else None,
            language=row["language"],
            paragraphs=tuple(Span(s, e) for s, e in json.loads(row["paragraphs"])),
            dateline=row["dateline"],
            source=row["source"],
            format=row["format"],
            retrieved=datetime.fromisoformat(row["retrieved"]) if row["retrieved"] else None,
        )

    def get(self, article_id: str) -> Article:
        key = article_id.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,64}", key):
            raise NotFoundError(
                f"{article_id!r} is not an article id",
                fix="ids are hexadecimal; list them with 'parallax articles'",
            )
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (key, key + "g"),
        ).fetchall()
        if not rows:
            raise NotFoundError(
                f"no article with id {article_id!r}", fix="list ids with 'parallax articles'"
            )
        if len(rows) > 1 and rows[0]["id"] != key:
            raise NotFoundError(
                f"id prefix {article_id!r} matches several articles",
                fix="give more characters of the id",
            )
        return self._article(rows[0])

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
            where.append("outlet = ? COLLATE NOCASE")
            params.append(outlet)
        if since:
            where.append("published_utc >= ?")
            params.append(_utc(since))
        if until:
            where.append("published_utc < ?")
            params.append(_utc(until))
        sql = f"SELECT {_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        # Newest first, undated last (NULL sorts lowest, so last in a DESC order), ties by
        # rowid: this order walks the articles_published index backwards, where a leading
        # "published_utc IS NULL" term made SQLite sort the whole table for every page.
        sql += " ORDER BY published_utc DESC, rowid DESC"
        if limit is not None or offset > 0:
            sql += " LIMIT ? OFFSET ?"  # LIMIT -1: no limit, only an offset
            params.extend((-1 if limit is None else limit, max(0, offset)))
        return [self._article(r) for r in self._conn.execute(sql, params)]

    def search(self, query: str, *, limit: int = 20, strict: bool = False) -> list[SearchHit]:
        if not query.strip():
            return []
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, "
            "snippet(articles_fts, 1, char(2), char(3), ' … ', 12) AS snip, "
            "bm25(articles_fts) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score LIMIT ?"
        )
        try:
            rows = self._conn.execute(sql, (query, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            detail = str(exc)
            if strict and _FTS_ERROR.match(detail) and uses_query_syntax(query):
                raise QueryError(query, detail.removeprefix("fts5: ")) from None
            # Not valid FTS5 syntax: search for the words themselves.
            terms = re.findall(r"\w+", query)
            if not terms:
                return []
            quoted = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            rows = self._conn.execute(sql, (quoted, limit)).fetchall()
        return [SearchHit(self._article(r), r["snip"], -float(r["score"])) for r in rows]

    def save_analyses(self, analyses: Sequence[Analysis]) -> None:
        if not analyses:
            return
        now = datetime.now(UTC).isoformat()
        rows = [
            (a.article_id, a.version, int(a.supported), json.dumps(a.to_dict()), now)
            for a in analyses
        ]
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT INTO analyses (article_id, version, supported, data, analysed_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                    "version = excluded.version, supported = excluded.supported, "
                    "data = excluded.data, analysed_at = excluded.analysed_at",
                    rows,
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write analyses to {self.path}: {exc}") from exc

    def analysis(self, article_id: str) -> Analysis | None:
        row = self._conn.execute(
            "SELECT data FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        return Analysis.from_dict(json.loads(row[0])) if row else None

    def unanalysed(self, version: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "WHERE n.article_id IS NULL OR n.version <> ? ORDER BY a.rowid",
            (version,),
        )
        return [str(r[0]) for r in rows]

    def _rows_for(self, select: str, keys: Sequence[str]) -> Iterator[sqlite3.Row]:
        """Rows of ``select`` (ending in ``IN``) for ``keys``, :data:`_IN_CHUNK` keys a query
        (under SQLite's limit on bound parameters)."""
        for i in range(0, len(keys), _IN_CHUNK):
            chunk = list(keys[i : i + _IN_CHUNK])
            yield from self._conn.execute(f"{select} ({', '.join('?' * len(chunk))})", chunk)

    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        rows = self._rows_for("SELECT key, vector FROM vectors WHERE key IN", keys)
        return {str(row[0]): bytes(row[1]) for row in rows}

    def vector_keys(self) -> list[str]:
        return [str(r[0]) for r in self._conn.execute("SELECT key FROM vectors ORDER BY key")]

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany(
                "INSERT INTO vectors (key, vector) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                items,
            )
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise StoreError(f"cannot write vectors to {self.path}: {exc}") from exc

    def save_stories(self, stories: Sequence[dict[str, Any]]) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("DELETE FROM story_articles")
            self._conn.execute("DELETE FROM stories")
            for story in stories:
                self._conn.execute(
                    "INSERT INTO stories (id, data) VALUES (?, ?)",
                    (story["story_id"], json.dumps(story, ensure_ascii=False)),
                )
                self._conn.executemany(
                    "INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?)",
                    [(a, story["story_id"], i) for i, a in enumerate(story["article_ids"])],
                )
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise StoreError(f"cannot write stories to {self.path}: {exc}") from exc

    def stories(self) -> list[dict[str, Any]]:
        rows = self._conn.execute("SELECT data FROM stories").fetchall()
        found = [json.loads(r[0]) for r in rows]
        return sorted(found, key=lambda s: (s.get("last") or "", s["story_id"]), reverse=True)

    def story_ids(self, article_ids: Sequence[str]) -> dict[str, str]:
        select = "SELECT article_id, story_id FROM story_articles WHERE article_id IN"
        return {str(row[0]): str(row[1]) for row in self._rows_for(select, article_ids)}

    def corrections(self) -> list[dict[str, Any]]:
        rows = self._conn.execute("SELECT data FROM story_corrections ORDER BY seq").fetchall()
        return [json.loads(r[0]) for r in rows]

    def add_correction(self, correction: dict[str, Any]) -> None:
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT INTO story_corrections (data, created_at) VALUES (?, datetime('now'))",
                    (json.dumps(correction, ensure_ascii=False),),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write a correction to {self.path}: {exc}") from exc

    # -- the watcher's state ---------------------------------------------------------------
    def feed_states(self, urls: Sequence[str]) -> dict[str, FeedState]:
        rows = self._rows_for(f"SELECT {_FEED_COLUMNS} FROM watch_feeds WHERE url IN", urls)
        return {
            str(r["url"]): FeedState(
                url=str(r["url"]),
                etag=r["etag"],
                last_modified=r["last_modified"],
                last_poll=_when(r["last_poll"]),
                last_ok=_when(r["last_ok"]),
                failures=int(r["failures"]),
                retry_at=_when(r["retry_at"]),
                last_error=r["last_error"],
            )
            for r in rows
        }

    def save_feed_state(self, state: FeedState) -> None:
        try:
            with self._conn:
                self._conn.execute(
                    f"INSERT OR REPLACE INTO watch_feeds ({_FEED_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        state.url,
                        state.etag,
                        state.last_modified,
                        _utc(state.last_poll),
                        _utc(state.last_ok),
                        state.failures,
                        _utc(state.retry_at),
                        state.last_error,
                    ),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write a feed's state to {self.path}: {exc}") from exc

    def seen(self, urls: Sequence[str]) -> set[str]:
        return {str(r[0]) for r in self._rows_for("SELECT url FROM watch_seen WHERE url IN", urls)}

    def mark_seen(self, feed: str, entries: Sequence[tuple[str, str | None]]) -> None:
        now = datetime.now(UTC).isoformat()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT INTO watch_seen (url, feed, article_id, seen_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET article_id = "
                    "COALESCE(excluded.article_id, watch_seen.article_id)",
                    [(url, feed, article_id, now) for url, article_id in entries],
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write seen entries to {self.path}: {exc}") from exc

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def ids(self) -> Iterator[str]:
        for row in self._conn.execute("SELECT id FROM articles ORDER BY rowid"):
            yield str(row[0])

    def outlets(self) -> list[tuple[str, int]]:
        rows = self._conn.execute(
            "SELECT COALESCE(NULLIF(outlet, ''), ?), COUNT(*) FROM articles "
            "GROUP BY 1 ORDER BY 2 DESC, 1",
            (NO_OUTLET,),
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
