"""Versioned schema migrations for the PostgreSQL store.

Each migration is plain SQL run in its own transaction (PostgreSQL's DDL is transactional,
so a failed migration leaves nothing behind) and recorded in ``schema_migrations``. An
advisory lock makes processes that open a new database at the same moment migrate it once.

Search: a generated ``tsvector`` column over title (weight A) and text (weight B) with a GIN
index, through the ``parallax`` text search configuration: PostgreSQL's ``simple`` parser
and dictionary (no stemming, no stop words, as the SQLite store's FTS5 ``unicode61``)
preceded by ``unaccent`` (as FTS5's ``remove_diacritics``). ``unaccent`` is an extension
shipped with PostgreSQL (Debian: postgresql-contrib; in the official docker image).

Vectors (the embedding cache) are ``bytea``: the store only keeps them by key (see
:mod:`parallax.embed`) and never searches by similarity in SQL, so pgvector is not needed.
"""

from __future__ import annotations

import psycopg
from psycopg.rows import TupleRow

from parallax.errors import StoreError

Connection = psycopg.Connection[TupleRow]

_LOCK_KEY = 0x50A11A  # pg_advisory_lock key: one migrating process at a time

# (version, name, extensions it needs, SQL)
MIGRATIONS: list[tuple[int, str, tuple[str, ...], str]] = [
    (
        1,
        "articles with full-text search",
        ("unaccent",),
        """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TEXT SEARCH CONFIGURATION parallax (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION parallax
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        CREATE TABLE articles (
            seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
            id TEXT COLLATE "C" PRIMARY KEY,
            outlet TEXT,
            url TEXT,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_utc TIMESTAMPTZ,
            language TEXT,
            text TEXT NOT NULL,
            paragraphs TEXT NOT NULL DEFAULT '[]',
            dateline TEXT,
            source TEXT,
            format TEXT,
            retrieved TEXT,
            ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            search TSVECTOR GENERATED ALWAYS AS (
                setweight(to_tsvector('parallax', coalesce(title, '')), 'A')
                || setweight(to_tsvector('parallax', text), 'B')
            ) STORED
        );
        CREATE INDEX articles_outlet ON articles (lower(outlet));
        CREATE INDEX articles_published ON articles (published_utc DESC NULLS LAST, seq DESC);
        CREATE INDEX articles_search ON articles USING GIN (search);
        """,
    ),
    (
        2,
        "article analyses",
        (),
        """
        CREATE TABLE analyses (
            article_id TEXT COLLATE "C" PRIMARY KEY
                REFERENCES articles (id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            supported BOOLEAN NOT NULL,
            data TEXT NOT NULL,
            analysed_at TIMESTAMPTZ NOT NULL
        );
        """,
    ),
    (
        3,
        "embedding cache",
        (),
        """
        CREATE TABLE vectors (
            key TEXT COLLATE "C" PRIMARY KEY,
            vector BYTEA NOT NULL
        );
        """,
    ),
    (
        4,
        "stories and the user's corrections",
        (),
        """
        CREATE TABLE stories (
            id TEXT COLLATE "C" PRIMARY KEY,
            data TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id),
            story_id TEXT COLLATE "C" NOT NULL REFERENCES stories (id),
            position INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles (story_id, position);
        CREATE TABLE story_corrections (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            data TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        """,
    ),
    (
        5,
        "the watcher's feeds and the entries it has handled",
        (),
        """
        CREATE TABLE watch_feeds (
            url TEXT COLLATE "C" PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_poll TIMESTAMPTZ,
            last_ok TIMESTAMPTZ,
            failures INTEGER NOT NULL DEFAULT 0,
            retry_at TIMESTAMPTZ,
            last_error TEXT
        );
        CREATE TABLE watch_seen (
            url TEXT COLLATE "C" PRIMARY KEY,
            feed TEXT NOT NULL,
            article_id TEXT,
            seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]


def schema_version(conn: Connection) -> int:
    """The database's schema version; 0 for a database Parallax has not used yet."""
    exists = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if not exists or exists[0] is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _check_not_newer(current: int) -> None:
    if current > LATEST:
        raise StoreError(
            f"database schema version {current} is newer than this Parallax ({LATEST})",
            fix="upgrade parallax",
        )


def _require_extension(conn: Connection, name: str) -> None:
    """A clear error when the server cannot provide an extension a migration creates."""
    installed = conn.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (name,)).fetchone()
    if installed:
        return
    available = conn.execute(
        "SELECT 1 FROM pg_available_extensions WHERE name = %s", (name,)
    ).fetchone()
    if not available:
        raise StoreError(
            f"the PostgreSQL server lacks the {name!r} extension",
            fix="install the server's contrib package (Debian: apt-get install "
            "postgresql-contrib; the official docker image has it)",
        )


def migrate(conn: Connection) -> int:
    """Apply every migration newer than the database (``conn`` in autocommit mode); returns
    the resulting version."""
    current = schema_version(conn)  # the usual case, up to date, needs no lock nor write
    _check_not_newer(current)
    if current == LATEST:
        return current
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = schema_version(conn)  # another process may have migrated meanwhile
        _check_not_newer(current)
        for version, name, extensions, sql in MIGRATIONS:
            if version <= current:
                continue
            for extension in extensions:
                _require_extension(conn, extension)
            try:
                with conn.transaction():
                    conn.execute(sql)
                    conn.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                        (version, name),
                    )
            except psycopg.errors.InsufficientPrivilege as exc:
                raise StoreError(
                    f"migration {version} ({name}) needs a privilege this user lacks: "
                    f"{exc.diag.message_primary}",
                    fix="open the store once as the database's owner (it creates and migrates "
                    "the tables)"
                    + "".join(
                        f", or have an administrator run CREATE EXTENSION {e} in this database"
                        for e in extensions
                    ),
                ) from exc
            except psycopg.Error as exc:
                raise StoreError(f"migration {version} ({name}) failed: {exc}") from exc
            current = version
        return current
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(
            f"this user may not create Parallax's tables: {exc.diag.message_primary}",
            fix="open the store once as the database's owner (it creates and migrates the "
            "tables), or grant this user CREATE on the schema",
        ) from exc
    finally:
        if not conn.closed:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
