"""What only the PostgreSQL store has: concurrent writers, its migrations, connection errors,
the FTS5-to-tsquery translation, and ``parallax migrate`` from SQLite into it.

The server is real (tests/pg_server.py); without PostgreSQL binaries these tests skip.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from parallax.analysis.records import Analysis
from parallax.errors import StoreError
from parallax.models import Article, Span
from parallax.store import SQLiteStore, open_store
from parallax.store.copy import copy_store
from parallax.store.location import redact
from parallax.store.pg_query import QuerySyntaxError, to_tsquery_text, words_tsquery_text
from tests.conftest import REPO, run_cli
from tests.pg_server import PgServer, _free_port

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the 'postgres' extra)")


def _articles(n: int, prefix: str = "Report") -> list[Article]:
    return [
        Article.create(f"{prefix} number {i} on the harbour strike.", outlet=f"Outlet {i % 3}")
        for i in range(n)
    ]


# -- the query translation (no server needed) ----------------------------------------------


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("strike", "'strike'"),
        ("port Strike", "('port' & 'strike')"),
        ("port AND strike", "('port' & 'strike')"),
        ("a OR b c", "('a' | ('b' & 'c'))"),  # AND binds tighter than OR, as in FTS5
        ("a NOT b", "('a' & !'b')"),
        ('"strike at dawn"', "('strike' <-> 'at' <-> 'dawn')"),
        ("crane*", "'crane':*"),
        ("(a OR b) AND c", "(('a' | 'b') & 'c')"),
        ("and or not", "('and' & 'or' & 'not')"),  # operators are upper case only
        ("don't", "('don' & 't')"),
        ("title:strike port", "('strike' & 'port')"),  # column filters loosened
        ("NEAR(strike port)", "('strike' & 'port')"),
        ("strike: now", "('strike' & 'now')"),  # not a column: punctuation
        ("", None),
        ("*", None),
    ],
)
def test_fts5_queries_become_tsqueries(query: str, tsquery: str | None) -> None:
    assert to_tsquery_text(query) == tsquery


@pytest.mark.parametrize("query", ['"open', "(a", "a)", "a OR", "NOT a", "AND", "a AND AND b"])
def test_broken_fts5_syntax_is_a_syntax_error(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        to_tsquery_text(query)


def test_nothing_but_quoted_words_reaches_the_tsquery() -> None:
    hostile = "x' | !y:* & ('z') <-> \\' ;DROP TABLE articles;--"
    text = words_tsquery_text(hostile)
    assert text == " & ".join(f"'{w}'" for w in ["x", "y", "z", "drop", "table", "articles"])
    try:
        translated = to_tsquery_text(hostile)
    except QuerySyntaxError:
        translated = None
    for chunk in (translated or "").replace("(", " ").replace(")", " ").split():
        assert chunk in {"&", "|", "<->"} or chunk.lstrip("!").startswith("'"), chunk


def test_hostile_queries_search_safely(pg_url: str) -> None:
    with open_store(pg_url) as store:  # type: ignore[attr-defined]
        store.add(Article.create("Drop the anchor, said the captain.", outlet="A"))
        for query in ["'; DROP TABLE articles; --", "anchor' | 'x", "!!!", "a:*b", "\\'"]:
            store.search(query)
        assert [h.article.outlet for h in store.search("anchor' | 'captain")] == ["A"]
        assert store.count() == 1


# -- schema ----------------------------------------------------------------------------------


def test_schema_has_versions_and_a_gin_search_index(pg_url: str) -> None:
    from parallax.store.pg_schema import MIGRATIONS

    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
        index = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_search'"
        ).fetchone()
    assert versions == [m[0] for m in MIGRATIONS]
    assert index is not None and "USING gin (search)" in index[0]


def test_processes_opening_a_new_database_at_once_migrate_it_once(pg_url: str) -> None:
    from parallax.store.pg_schema import MIGRATIONS

    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            open_store(pg_url).close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT version, COUNT(*) FROM schema_migrations GROUP BY 1").fetchall()
    assert sorted(rows) == [(m[0], 1) for m in MIGRATIONS]


def test_a_missing_extension_is_named_with_the_fix(pg_url: str) -> None:
    from parallax.store.pg_schema import _require_extension

    with psycopg.connect(pg_url) as conn:
        _require_extension(conn, "unaccent")  # shipped with PostgreSQL: no error
        with pytest.raises(StoreError, match="lacks the 'no_such_extension' extension") as info:
            _require_extension(conn, "no_such_extension")
    assert "postgresql-contrib" in str(info.value)


# -- concurrent writers ------------------------------------------------------------------------


def test_concurrent_writer_threads_lose_nothing_and_duplicate_nothing(pg_url: str) -> None:
    articles = _articles(120)
    flags: dict[str, list[bool]] = {a.id: [] for a in articles}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        try:
            with open_store(pg_url) as store:  # type: ignore[attr-defined]
                batch = articles[:]
                random.Random(seed).shuffle(batch)  # overlapping batches, different orders
                for i in range(0, len(batch), 25):
                    chunk = batch[i : i + 25]
                    added = store.add_many(chunk)
                    store.save_vectors([(f"v{a.id}", a.id.encode()) for a in chunk])
                    store.add_correction({"writer": seed, "chunk": i})
                    with lock:
                        for article, flag in zip(chunk, added, strict=True):
                            flags[article.id].append(flag)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(sorted(f) == [False, False, False, True] for f in flags.values())
    with open_store(pg_url) as store:  # type: ignore[attr-defined]
        assert store.count() == 120
        assert sorted(store.ids()) == sorted(flags)
        assert len(store.vector_keys()) == 120
        assert len(store.corrections()) == 4 * 5
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT COUNT(DISTINCT id), COUNT(*) FROM articles").fetchone() == (
            120,
            120,
        )


def test_concurrent_writer_processes_lose_nothing_and_duplicate_nothing(pg_url: str) -> None:
    script = textwrap.dedent(
        """
        import json, random, sys
        from parallax.models import Article
        from parallax.store import open_store
        url, seed = sys.argv[1], int(sys.argv[2])
        articles = [Article.create(f"Story {i} about the dam.", outlet="Valley Post")
                    for i in range(80)]
        random.Random(seed).shuffle(articles)
        store = open_store(url)
        added = [a.id for chunk in range(0, 80, 20)
                 for a, new in zip(articles[chunk:chunk + 20],
                                   store.add_many(articles[chunk:chunk + 20])) if new]
        store.close()
        print(json.dumps(added))
        """
    )
    env = {"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, pg_url, str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in range(3)
    ]
    added: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        added += json.loads(out)
    assert len(added) == 80 and len(set(added)) == 80  # each article new to exactly one writer
    with open_store(pg_url) as store:  # type: ignore[attr-defined]
        assert store.count() == 80


# -- connection errors -------------------------------------------------------------------------


def test_a_refused_connection_says_to_start_the_server() -> None:
    port = _free_port()  # nothing listens there
    with pytest.raises(StoreError, match="connection refused") as info:
        open_store(f"postgresql://parallax@127.0.0.1:{port}/news")
    assert "start the server" in str(info.value) and "host and port" in str(info.value)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql://u@localhost:port/db", "port that is not a number"),
        ("postgresql://u@localhost/db?colour=blue", "not a valid PostgreSQL URL"),
        ("postgresql://u@localhost:0/db", "port 0"),
    ],
)
def test_a_wrong_url_is_a_clear_error(url: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem) as info:
        open_store(url)
    assert "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE" in str(info.value) or "5432" in str(
        info.value
    )


def test_a_missing_database_says_how_to_create_it(pg_server: PgServer) -> None:
    with pytest.raises(StoreError, match="database 'nosuchdb' does not exist") as info:
        open_store(pg_server.url("nosuchdb"))
    assert "createdb nosuchdb" in str(info.value)


def test_passwords_never_appear_in_errors() -> None:
    port = _free_port()
    url = f"postgresql://reader:s3cr3t@127.0.0.1:{port}/news"
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert "s3cr3t" not in str(info.value)
    assert redact(url) == f"postgresql://reader:***@127.0.0.1:{port}/news"
    assert redact("postgresql://h/db?password=x&sslmode=require").endswith(
        "password=***&sslmode=require"
    )


def test_without_psycopg_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.delitem(sys.modules, "parallax.store.postgres", raising=False)
    with pytest.raises(StoreError, match="PostgreSQL support is not installed") as info:
        open_store("postgresql://u@localhost/db")
    assert "pip install 'parallax-news[postgres]'" in str(info.value)


# -- parallax migrate ----------------------------------------------------------------------


def _filled_sqlite(path: Path) -> list[Article]:
    articles = _articles(7, "Copied")
    with SQLiteStore(path) as store:
        store.add_many(articles)
        store.save_analyses(
            [Analysis(a.id, "en", True, sentences=(Span(0, 10),)) for a in articles[:4]]
        )
        store.save_vectors([(f"key{i}", bytes([i]) * 64) for i in range(5)])
        store.save_stories(
            [
                {"story_id": "s1", "article_ids": [a.id for a in articles[:3]], "last": "x"},
                {"story_id": "s2", "article_ids": [articles[3].id], "last": "y"},
            ]
        )
        store.add_correction({"merge": ["s1", "s2"]})
        store.add_correction({"merge": ["s1", "s2"]})  # a repeated correction is kept twice
    return articles


def test_copy_store_copies_everything_and_is_idempotent(tmp_path: Path, pg_url: str) -> None:
    articles = _filled_sqlite(tmp_path / "a.db")
    seen: list[tuple[str, int, int]] = []
    with SQLiteStore(tmp_path / "a.db") as source, open_store(pg_url) as target:  # type: ignore[attr-defined]
        first = copy_store(source, target, on_progress=lambda *step: seen.append(step))
        assert (first.articles, first.analyses, first.vectors, first.stories) == (7, 4, 5, 2)
        assert first.corrections == 2 and first.changed
        assert ("articles", 7, 7) in seen and ("vectors", 5, 5) in seen
        assert list(target.ids()) == [a.id for a in articles]  # ingest order kept
        for article in articles:
            assert target.get(article.id) == article
            assert target.analysis(article.id) == source.analysis(article.id)
        assert target.vectors(source.vector_keys()) == source.vectors(source.vector_keys())
        assert target.stories() == source.stories()
        assert target.corrections() == source.corrections()
        second = copy_store(source, target)
        assert not second.changed
        assert (second.articles_known, second.analyses_known, second.vectors_known) == (7, 4, 5)
        assert second.corrections_known == 2
        assert target.count() == 7 and len(target.corrections()) == 2


def test_migrate_command_copies_sqlite_into_postgres_twice_harmlessly(
    tmp_path: Path, pg_url: str
) -> None:
    _filled_sqlite(tmp_path / "a.db")
    first = run_cli("migrate", "--from", str(tmp_path / "a.db"), "--to", pg_url, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["articles"] == {"added": 7, "already_there": 0}
    assert report["stories"] == {"written": 2}
    second = run_cli("migrate", "--from", str(tmp_path / "a.db"), "--to", pg_url)
    assert second.returncode == 0, second.stderr
    assert "Nothing to do" in second.stdout and "0 added, 7 already there" in second.stdout
    listed = json.loads(run_cli("articles", "--db", pg_url, "--json").stdout)
    assert len(listed) == 7
    missing = run_cli("migrate", "--from", str(tmp_path / "none.db"), "--to", pg_url)
    assert missing.returncode == 1 and "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_the_cli_takes_a_postgres_url_from_db_and_the_environment(
    tmp_path: Path, pg_url: str, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    (tmp_path / "a.txt").write_text(
        "Title: Cranes idle\nOutlet: The Harbour Ledger\n\nCranes stood still on Tuesday.",
        encoding="utf-8",
    )
    done = cli("ingest", str(tmp_path / "a.txt"), "--json", env={"PARALLAX_DB": pg_url})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["database"] == pg_url
    hits = json.loads(cli("search", "crane*", "--db", pg_url, "--json").stdout)
    assert len(hits) == 1
    refused = cli("articles", "--db", f"postgresql://x@127.0.0.1:{_free_port()}/db")
    assert refused.returncode == 1 and "connection refused" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_user_who_may_not_create_tables_is_told_who_can(pg_server: PgServer) -> None:
    url = pg_server.new_database()
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(pg_server.url(database), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute("CREATE ROLE reader LOGIN")
    reader = f"postgresql://reader@{pg_server.host}:{pg_server.port}/{database}"
    with pytest.raises(StoreError, match="may not create Parallax's tables") as info:
        open_store(reader)
    assert "database's owner" in str(info.value)
    open_store(url).close()  # the owner migrates; then the reader may open it
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
    with open_store(reader) as store:  # type: ignore[attr-defined]
        assert store.count() == 0


def test_the_web_service_shares_one_pooled_store(pg_url: str, tmp_path: Path) -> None:
    from parallax.web.service import WebService

    service = WebService(pg_url)
    with service.store() as first, service.store() as second:
        assert first is second  # one connection pool for every request
        first.add(Article.create("Shared by the request threads.", outlet="A"))
    service.close()
    with open_store(pg_url) as store:  # type: ignore[attr-defined]
        assert store.count() == 1
    on_file = WebService(tmp_path / "w.db")
    with on_file.store() as first, on_file.store() as second:
        assert first is not second  # SQLite: a connection per use
