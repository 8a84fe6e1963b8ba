"""The SQLite store: a real file, WAL, migrations, idempotent writes, filters, FTS5 search."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from parallax.errors import NotFoundError, StoreError, UnknownNameError
from parallax.models import Article
from parallax.store import SQLiteStore, Store, open_store
from parallax.store.migrations import MIGRATIONS


def make(text: str, outlet: str, day: int, hour: int = 9, **kw: object) -> Article:
    published = datetime(2026, 3, day, hour, tzinfo=timezone(timedelta(hours=1)))
    return Article.create(text, outlet=outlet, published=published, title=text[:30], **kw)  # type: ignore[arg-type]


def test_store_is_a_wal_sqlite_file_at_the_latest_schema(db_path: Path, store: SQLiteStore) -> None:
    assert isinstance(store, Store)
    assert db_path.is_file()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m[0] for m in MIGRATIONS]


def test_adding_is_idempotent_and_round_trips(db_path: Path, store: SQLiteStore) -> None:
    article = make(
        "The dockworkers walked out at dawn.\n\nThe port fell silent.",
        "Meridian Wire",
        3,
        authors=("Mira Castell",),
        url="https://meridian.example/a",
    )
    assert store.add(article) is True
    assert store.add(article) is False
    assert store.count() == 1
    again = SQLiteStore(db_path)  # a second connection sees the committed row
    try:
        assert again.get(article.id) == article
        assert again.get(article.id[:6]) == article  # unique prefix
    finally:
        again.close()


def test_add_many_reports_each_article(store: SQLiteStore) -> None:
    a, b = make("First text.", "A", 3), make("Second text.", "B", 4)
    assert store.add_many([a, b, a]) == [True, True, False]
    assert store.count() == 2


def test_filters_by_outlet_and_date_newest_first(store: SQLiteStore) -> None:
    store.add_many(
        [
            make("Strike begins at the port.", "Meridian Wire", 3),
            make("Strike enters second day.", "Meridian Wire", 4),
            make("Union and port agree a deal.", "Coastline Today", 5),
            Article.create("Undated piece.", outlet="Meridian Wire", title="Undated piece."),
        ]
    )
    titles = [a.title for a in store.articles(outlet="meridian wire")]
    assert titles == ["Strike enters second day.", "Strike begins at the port.", "Undated piece."]
    since = datetime(2026, 3, 4, tzinfo=UTC)
    assert [a.outlet for a in store.articles(since=since)] == ["Coastline Today", "Meridian Wire"]
    until = datetime(2026, 3, 4, tzinfo=UTC)
    assert [a.title for a in store.articles(until=until)] == ["Strike begins at the port."]
    assert len(store.articles(limit=2)) == 2
    assert store.outlets() == [("Meridian Wire", 3), ("Coastline Today", 1)]


def test_full_text_search_ranks_and_tolerates_bad_syntax(store: SQLiteStore) -> None:
    store.add_many(
        [
            make("Firefighters contained the blaze at the Brennick chemical plant.", "A", 3),
            make("The central bank raised its key rate.", "B", 4),
        ]
    )
    hits = store.search("chemical plant")
    assert [h.article.outlet for h in hits] == ["A"]
    assert hits[0].highlighted("<", ">").count("<") >= 1
    assert store.search('chemical AND "') != [] or store.search("chemical") != []
    assert [h.article.outlet for h in store.search('rate"(')] == ["B"]  # invalid FTS syntax
    assert store.search("   ") == []


def test_unknown_and_ambiguous_ids_are_clear_errors(store: SQLiteStore) -> None:
    with pytest.raises(NotFoundError, match="no article"):
        store.get("abcdef12")
    with pytest.raises(NotFoundError, match="not an article id"):
        store.get("hello world")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database " * 50)
    with pytest.raises(StoreError, match="cannot open the database"):
        SQLiteStore(bogus)
    assert bogus.read_text().startswith("these are my notes")  # untouched


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(db_path)


def test_a_failed_batch_leaves_earlier_rows_intact(store: SQLiteStore) -> None:
    good = make("Stored before the failure.", "A", 3)
    store.add(good)
    broken = make("Never stored.", "B", 4)
    object.__setattr__(broken, "text", None)  # violates NOT NULL inside the transaction
    with pytest.raises(StoreError):
        store.add_many([make("Rolled back with the batch.", "C", 5), broken])
    assert [a.id for a in store.articles()] == [good.id]


def test_open_store_registry(tmp_path: Path) -> None:
    s = open_store(tmp_path / "x.db")
    s.close()
    s = open_store(f"sqlite:///{tmp_path / 'y.db'}")
    s.close()
    assert (tmp_path / "y.db").is_file()
    with pytest.raises(UnknownNameError, match="known stores: sqlite"):
        open_store("mongodb://localhost/news")


def test_story_ids_looks_up_the_story_of_each_article(store: SQLiteStore) -> None:
    articles = [make(f"Report number {i} on the port.", "Meridian Wire", 3) for i in range(601)]
    store.add_many(articles)
    ids = [a.id for a in articles]
    # more ids than one query's chunk of 500, the last article in no story
    store.save_stories(
        [
            {"story_id": "s-port", "article_ids": ids[:550]},
            {"story_id": "s-other", "article_ids": ids[550:600]},
        ]
    )
    found = store.story_ids([*ids, "not-an-article"])
    assert len(found) == 600
    assert found[ids[0]] == "s-port" and found[ids[549]] == "s-port"
    assert found[ids[550]] == "s-other" and found[ids[599]] == "s-other"
    assert ids[600] not in found and "not-an-article" not in found
    assert store.story_ids([]) == {}
