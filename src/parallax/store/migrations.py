"""Versioned schema migrations for the SQLite store; each one runs in its own transaction."""

from __future__ import annotations

import sqlite3

from parallax.errors import StoreError

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "articles with full-text search",
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            outlet TEXT,
            url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_utc TEXT,
            language TEXT,
            text TEXT NOT NULL,
            paragraphs TEXT NOT NULL DEFAULT '[]',
            dateline TEXT,
            source TEXT,
            format TEXT,
            retrieved TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_outlet ON articles (outlet COLLATE NOCASE);
        CREATE INDEX articles_published ON articles (published_utc);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """,
    ),
    (
        2,
        "article analyses",
        """
        CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            supported INTEGER NOT NULL,
            data TEXT NOT NULL,
            analysed_at TEXT NOT NULL
        );
        """,
    ),
    (
        3,
        "embedding cache",
        """
        CREATE TABLE vectors (
            key TEXT PRIMARY KEY,
            vector BLOB NOT NULL
        );
        """,
    ),
    (
        4,
        "stories and the user's corrections",
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            position INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id, position);
        CREATE TABLE story_corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """,
    ),
    (
        5,
        "the watcher's feeds and the entries it has handled",
        """
        CREATE TABLE watch_feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_poll TEXT,
            last_ok TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at TEXT,
            last_error TEXT
        );
        CREATE TABLE watch_seen (
            url TEXT PRIMARY KEY,
            feed TEXT NOT NULL,
            article_id TEXT,
            seen_at TEXT NOT NULL
        );
        """,
    ),
]


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database; returns the resulting version."""
    current = schema_version(conn)
    latest = MIGRATIONS[-1][0]
    if current > latest:
        raise StoreError(
            f"database schema version {current} is newer than this Parallax ({latest})",
            fix="upgrade parallax",
        )
    for version, name, sql in MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))", (version, name)
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"migration {version} ({name}) failed: {exc}") from exc
        current = version
    return current


def _statements(sql: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in sql.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
