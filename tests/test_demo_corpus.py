"""The bundled demo corpus ingests completely and cleanly, as its ground truth says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from parallax.config import Settings
from parallax.demo import corpus_dir, truth
from parallax.models import Article
from parallax.pipeline import ingest
from parallax.store import SQLiteStore

TRUTH = truth()


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    store = SQLiteStore(db)
    try:
        report = ingest([str(corpus_dir())], store, Settings(db=db))
        assert report.failed == ()
        by_file = {Path(a.source or "").name: a for a in report.added}
        assert store.count() == len(report.added)
    finally:
        store.close()
    return by_file


def test_corpus_shape() -> None:
    events = TRUTH["events"]
    assert len(events) == 3
    assert len(TRUTH["articles"]) >= 12
    for event in events:
        outlets = {TRUTH["articles"][name]["outlet"] for name in event["articles"]}
        assert 3 <= len(outlets) <= 5, event["id"]
    kinds = {d["type"] for d in TRUTH["differences"]}
    assert kinds >= {
        "unique_fact",
        "number_conflict",
        "day_conflict",
        "occasion_conflict",
        "attribution_conflict",
        "quote_wording",
        "loaded_wording",
        "wire_copy",
    }


def test_every_article_is_ingested_with_its_metadata(demo_articles: dict[str, Article]) -> None:
    assert set(demo_articles) == set(TRUTH["articles"])
    for name, expected in TRUTH["articles"].items():
        article = demo_articles[name]
        assert article.outlet == expected["outlet"], name
        assert article.title == expected["title"], name
        assert article.published == datetime.fromisoformat(expected["published"]), name
        assert article.published is not None and article.published.utcoffset() is not None
        assert list(article.authors) == expected["authors"], name
        assert article.language == "en", name
        if expected.get("dateline"):
            assert (article.dateline or "").startswith(expected["dateline"]), name


def test_noise_is_removed_and_reporting_kept(demo_articles: dict[str, Article]) -> None:
    for name, expected in TRUTH["articles"].items():
        text = demo_articles[name].text
        raw = (corpus_dir() / name).read_text(encoding="utf-8")
        for line in expected["noise_lines"]:
            # a duplicated paragraph is noise only in its second copy
            allowed = 1 if raw.count(line) > 1 else 0
            assert text.count(line) <= allowed, f"{name}: noise kept: {line}"
        for sentence in expected["body_sentences"]:
            assert sentence in text, f"{name}: sentence lost: {sentence[:60]}"


def test_every_quote_and_evidence_survives_cleaning(demo_articles: dict[str, Article]) -> None:
    for quote in TRUTH["quotes"]:
        assert quote["text"] in demo_articles[quote["article"]].text, quote["text"][:50]
    for difference in TRUTH["differences"]:
        for side in difference.get("sides", []):
            assert side["evidence"] in demo_articles[side["article"]].text, side["evidence"][:50]


def test_wire_copies_are_distinct_articles(demo_articles: dict[str, Article]) -> None:
    wire = next(d for d in TRUTH["differences"] if d["type"] == "wire_copy")
    group = [wire["original"], *wire["copies"]]
    ids = {demo_articles[name].id for name in group}
    outlets = {demo_articles[name].outlet for name in group}
    assert len(ids) == len(group) == len(outlets)
