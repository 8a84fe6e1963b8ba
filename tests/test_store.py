"""The stores, SQLite and PostgreSQL alike: migrations, idempotent writes, filters, search.

Tests taking ``location`` run once per backend: a real SQLite file, and a new database on a
real throwaway PostgreSQL server (tests/pg_server.py; skipped when none can be started).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from parallax.analysis.records import Analysis
from parallax.errors import NotFoundError, QueryError, StoreError, UnknownNameError
from parallax.models import Article, Span
from parallax.store import SQLiteStore, Store, open_store
from parallax.store.base import FeedState
from parallax.store.migrations import MIGRATIONS


def make(text: str, outlet: str, day: int, hour: int = 9, **kw: object) -> Article:
    published = datetime(2026, 3, day, hour, tzinfo=timezone(timedelta(hours=1)))
    return Article.create(text, outlet=outlet, published=published, title=text[:30], **kw)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> str:
    """Where a store lives: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def any_store(location: str) -> Iterator[Store]:
    s = open_store(location)
    yield s
    s.close()


def _run_sql(location: str, sql: str) -> None:
    """Run ``sql`` on the store's database behind its back (SQLite file or PostgreSQL)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]
    else:
        with sqlite3.connect(location) as conn:
            conn.execute(sql)


def test_store_is_a_wal_sqlite_file_at_the_latest_schema(db_path: Path, store: SQLiteStore) -> None:
    assert isinstance(store, Store)
    assert db_path.is_file()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m[0] for m in MIGRATIONS]


def test_adding_is_idempotent_and_round_trips(location: str, any_store: Store) -> None:
    store = any_store
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
    again = open_store(location)  # a second connection sees the committed row
    try:
        assert again.get(article.id) == article
        assert again.get(article.id[:6]) == article  # unique prefix
    finally:
        again.close()


def test_add_many_reports_each_article(any_store: Store) -> None:
    store = any_store
    a, b = make("First text.", "A", 3), make("Second text.", "B", 4)
    assert store.add_many([a, b, a]) == [True, True, False]
    assert store.count() == 2


def test_filters_by_outlet_and_date_newest_first(any_store: Store) -> None:
    store = any_store
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


def test_full_text_search_ranks_and_tolerates_bad_syntax(any_store: Store) -> None:
    store = any_store
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


BROKEN_QUERIES = ['"', "NEAR(", "(port", "port)", "port AND", "NOT port", '"port strike', "port OR"]


@pytest.mark.parametrize("query", BROKEN_QUERIES)
def test_a_strict_search_refuses_broken_syntax_and_names_the_fix(
    any_store: Store, query: str
) -> None:
    any_store.add_many([make("Dockworkers strike at the port of Brennick.", "A", 3)])
    with pytest.raises(QueryError) as caught:
        any_store.search(query, strict=True)
    assert caught.value.query == query and query in caught.value.problem
    assert caught.value.fix is not None and "double quote" in caught.value.fix
    lenient = {h.article.outlet for h in any_store.search(query)}  # never an error
    assert lenient <= {"A"}


def test_a_strict_search_of_words_and_punctuation_searches_the_words(any_store: Store) -> None:
    any_store.add_many([make("The port's dockworkers strike at the port.", "A", 3)])
    for query in ["port's", "port, strike!", "port; strike", "dockworkers - strike", "port@strike"]:
        assert [h.article.outlet for h in any_store.search(query, strict=True)] == ["A"], query


def test_unknown_and_ambiguous_ids_are_clear_errors(any_store: Store) -> None:
    store = any_store
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


def test_a_newer_schema_is_refused(location: str) -> None:
    open_store(location).close()
    _run_sql(location, "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer"):
        open_store(location)


def test_a_failed_batch_leaves_earlier_rows_intact(any_store: Store) -> None:
    store = any_store
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
    with pytest.raises(UnknownNameError, match="known stores: postgresql, sqlite"):
        open_store("mongodb://localhost/news")


def test_story_ids_looks_up_the_story_of_each_article(any_store: Store) -> None:
    store = any_store
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


def test_reopening_keeps_the_schema_and_the_rows(location: str) -> None:
    with open_store(location) as first:  # type: ignore[attr-defined]
        first.add(make("Kept across connections.", "A", 3))
    with open_store(location) as second:  # type: ignore[attr-defined]
        assert second.count() == 1
        assert second.version == MIGRATIONS[-1][0]


def test_analyses_round_trip_replace_and_drive_unanalysed(any_store: Store) -> None:
    a, b = make("First report.", "A", 3), make("Second report.", "B", 4)
    any_store.add_many([a, b])
    assert any_store.unanalysed(1) == [a.id, b.id]  # ingest order
    old = Analysis(a.id, "en", True, sentences=(Span(0, 13),), version=1)
    any_store.save_analyses([old])
    assert any_store.analysis(a.id) == old
    assert any_store.unanalysed(1) == [b.id]
    new = Analysis(a.id, "en", True, sentences=(Span(0, 6), Span(7, 13)), version=2)
    any_store.save_analyses([new])
    assert any_store.analysis(a.id) == new
    assert any_store.unanalysed(2) == [b.id]
    assert any_store.analysis(b.id) is None
    with pytest.raises(StoreError):  # an analysis of an article that is not stored
        any_store.save_analyses([Analysis("0" * 20, "en", True)])


def test_vectors_are_cached_once_by_key(any_store: Store) -> None:
    first, other = bytes(range(256)) * 6, b"\x00\x01\x02\x03"
    any_store.save_vectors([("k1", first), ("k2", other)])
    any_store.save_vectors([("k1", b"ignored: the key is there")])
    assert any_store.vectors(["k1", "k2", "missing"]) == {"k1": first, "k2": other}
    assert any_store.vectors([]) == {}
    assert any_store.vector_keys() == ["k1", "k2"]


def test_stories_are_replaced_whole_and_corrections_kept_in_order(any_store: Store) -> None:
    arts = [make(f"Story text {i}.", "A", 3 + i) for i in range(3)]
    any_store.add_many(arts)
    old = {"story_id": "s-old", "article_ids": [arts[0].id], "last": "2026-03-03"}
    any_store.save_stories([old])
    new = [
        {"story_id": "s-a", "article_ids": [arts[0].id, arts[1].id], "last": "2026-03-04"},
        {"story_id": "s-b", "article_ids": [arts[2].id], "last": "2026-03-05", "title": "é"},
    ]
    any_store.save_stories(new)
    assert any_store.stories() == [new[1], new[0]]  # newest last article first
    assert any_store.story_ids([arts[0].id]) == {arts[0].id: "s-a"}
    assert any_store.corrections() == []
    any_store.add_correction({"kind": "merge", "stories": ["s-a", "s-b"]})
    any_store.add_correction({"kind": "split", "article": arts[2].id})
    assert [c["kind"] for c in any_store.corrections()] == ["merge", "split"]


def test_search_understands_the_fts5_syntax(any_store: Store) -> None:
    any_store.add_many(
        [
            make("Dockworkers strike at the port of Brennick.", "A", 3),
            make("The port reopened after the strike ended.", "B", 4),
            make("A café near the port served the strikers.", "C", 5),
        ]
    )

    def outlets(query: str) -> set[str | None]:
        return {h.article.outlet for h in any_store.search(query)}

    assert outlets("port strike") == {"A", "B"}  # every word
    assert outlets("port AND strike") == {"A", "B"}
    assert outlets("Brennick OR reopened") == {"A", "B"}
    assert outlets("port NOT strike") == {"C"}
    assert outlets('"strike at the port"') == {"A"}  # a phrase
    assert outlets('"the strike"') == {"B"}
    assert outlets("strike*") == {"A", "B", "C"}  # a prefix
    assert outlets("(Brennick OR café) AND port") == {"A", "C"}
    assert outlets("cafe") == {"C"}  # diacritics ignored
    assert outlets("PORT") == {"A", "B", "C"}
    assert outlets("(port") == {"A", "B", "C"}  # bad syntax: the words
    assert outlets("it's') OR:") != {"X"}  # never an error
    assert outlets("*") == set()


def test_the_watchers_feed_state_and_seen_entries_survive_a_reopen(location: str) -> None:
    feed = "http://127.0.0.1:1/feed.xml"
    polled = datetime(2026, 3, 4, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    with closing(open_store(location)) as store:
        assert store.feed_states([feed]) == {}
        assert store.seen([]) == set()
        store.save_feed_state(FeedState(url=feed, etag='W/"v1"', last_poll=polled))
        store.save_feed_state(
            FeedState(
                url=feed,
                etag='"v2"',
                last_modified="Wed, 04 Mar 2026 08:30:00 GMT",
                last_poll=polled,
                last_ok=polled,
                failures=3,
                retry_at=polled + timedelta(minutes=40),
                last_error="server answered HTTP 500",
            )
        )
        store.mark_seen(feed, [("http://127.0.0.1:1/a", "ab12"), ("http://127.0.0.1:1/b", None)])
        store.mark_seen(feed, [("http://127.0.0.1:1/a", None)])  # the article id is kept
    with closing(open_store(location)) as store:
        state = store.feed_states([feed, "http://127.0.0.1:1/other.xml"])
        assert list(state) == [feed]
        got = state[feed]
        assert (got.etag, got.last_modified, got.failures) == (
            '"v2"',
            "Wed, 04 Mar 2026 08:30:00 GMT",
            3,
        )
        assert got.last_poll == polled and got.retry_at == polled + timedelta(minutes=40)
        assert got.last_error == "server answered HTTP 500"
        assert store.seen(["http://127.0.0.1:1/a", "http://127.0.0.1:1/b", "http://x/c"]) == {
            "http://127.0.0.1:1/a",
            "http://127.0.0.1:1/b",
        }
