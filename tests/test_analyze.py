"""The analysis pipeline end to end: seeds, odd inputs, storage, resuming, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parallax.analysis.aliases import merge_entities
from parallax.analysis.pipeline import analyze, analyze_text, chunks
from parallax.analysis.records import Analysis
from parallax.analysis.run import analyze_store
from parallax.clean import clean_text
from parallax.models import Article
from parallax.store import SQLiteStore

from .conftest import SEEDS, run_cli

PUBLISHED = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture(scope="module")
def seeds() -> list[tuple[str, Analysis]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        out.append((text, analyze_text(text, article_id=path.stem)))
    return out


def test_seed_quotes_are_attributed_to_the_minister_by_name(seeds: list) -> None:
    for text, analysis in seeds:
        direct = [q for q in analysis.quotes if q.kind in {"direct", "partial"}]
        assert len(direct) >= 3
        for quote in direct:
            assert quote.speaker_name == "Jean-Yves Le Drian", quote.content.of(text)


def test_seed_aliases_make_one_islamic_state(seeds: list) -> None:
    merged = merge_entities([a for _, a in seeds])
    group = next(e for e in merged if "Daesh" in (e.name, *e.aliases))
    names = {group.name, *group.aliases}
    assert {"ISIS", "ISIL", "Islamic State", "Daesh"} <= names
    assert {article for article, _ in group.members} == {a.article_id for _, a in seeds}


def test_seed_occasions_are_found(seeds: list) -> None:
    occasions = {
        q.occasion.of(text) for text, a in seeds for q in a.quotes if q.occasion is not None
    }
    assert any("France Inter" in o for o in occasions)
    assert any("Parliament" in o or "parliament" in o for o in occasions)


def test_dates_resolve_against_the_publication_date() -> None:
    text = "The union walked out on Tuesday. The talks failed last month."
    analysis = analyze_text(text, PUBLISHED)
    resolved = {d.span.of(text): (d.start, d.end) for d in analysis.dates}
    tuesday = next(v for k, v in resolved.items() if "Tuesday" in k)
    assert tuesday[0] == tuesday[1] == datetime(2026, 3, 3).date()
    month = next(v for k, v in resolved.items() if "last month" in k)
    assert month == (datetime(2026, 2, 1).date(), datetime(2026, 2, 28).date())
    unresolved = analyze_text(text, None)
    assert all(d.start is None for d in unresolved.dates)


def test_non_english_is_recorded_and_marked_unsupported() -> None:
    text = (
        "Les dockers du port de Velmora ont cessé le travail mardi pour protester contre "
        "l'automatisation des grues et le gel des salaires décidé par la direction."
    )
    analysis = analyze_text(text)
    assert analysis.language == "fr"
    assert analysis.supported is False
    assert "not supported" in (analysis.note or "")
    assert analysis.quotes == () and analysis.entities == ()


@pytest.mark.parametrize("text", ["", "Strike.", "“", "’’ ” “ ”"])
def test_tiny_inputs_do_not_crash(text: str) -> None:
    analysis = analyze_text(text, PUBLISHED, language="en")
    assert analysis.supported
    assert all(s.end <= len(text) for s in analysis.sentences)


def test_an_article_that_is_all_quotes() -> None:
    text = "“We will not go back.”\n\n“Not today, not tomorrow.”\n\n“Not ever.”"
    analysis = analyze_text(text, PUBLISHED, language="en")
    assert len(analysis.quotes) >= 1
    assert all(q.content.end <= len(text) for q in analysis.quotes)


def test_long_articles_are_chunked_with_offsets_kept() -> None:
    paragraph = (
        "Dockworkers in Velmora said on Tuesday that 1,200 members would strike, "
        "according to union leader Rasmus Keel. "
    ) * 3
    text = "\n\n".join([paragraph.strip()] * 220)  # about 75,000 characters
    pieces = list(chunks(text, limit=30_000))
    assert len(pieces) >= 3 and "".join(p for _, p in pieces) == text
    analysis = analyze_text(text, PUBLISHED, language="en")
    keel = [e for e in analysis.entities if e.name == "Rasmus Keel"]
    assert len(keel) == 1, "one entity across chunks"
    assert len(keel[0].mentions) >= 600
    assert all(m.of(text) in {"Rasmus Keel", "Keel"} for m in keel[0].mentions)
    assert all(q.content.of(text).strip() for q in analysis.quotes)
    assert analysis.quantities and all(
        q.span.of(text).startswith("1,200") for q in analysis.quantities if q.value == 1200
    )


def _corpus(tmp_path: Path) -> SQLiteStore:
    store = SQLiteStore(tmp_path / "a.db")
    texts = [
        "Union leader Rasmus Keel said the strike would go on. “We are not moving,” he said.",
        "Port chief Ilse Marten told Radio Velmora on Wednesday that the port would reopen.",
        "Les dockers ont cessé le travail mardi pour protester contre les grues automatiques.",
    ]
    store.add_many(
        [Article.create(t, outlet=f"Outlet {i}", published=PUBLISHED) for i, t in enumerate(texts)]
    )
    return store


def test_analyze_store_is_resumable_and_persists(tmp_path: Path) -> None:
    store = _corpus(tmp_path)
    try:
        first = analyze_store(store, workers=1)
        assert (first.analysed, first.already, first.unsupported) == (3, 0, 1)
        again = analyze_store(store, workers=1)
        assert (again.analysed, again.already) == (0, 3)
        article = store.articles(outlet="Outlet 0")[0]
        stored = store.analysis(article.id)
        assert stored == analyze(article)
        assert stored is not None and stored.quotes[0].speaker_name == "Rasmus Keel"
    finally:
        store.close()


def test_analyze_cli_with_two_processes_then_show(tmp_path: Path) -> None:
    store = _corpus(tmp_path)
    store.add_many(
        [
            Article.create(
                f"Report {i}: Rasmus Keel said the talks would resume on Friday.",
                outlet="Wire",
                published=PUBLISHED,
            )
            for i in range(40)
        ]
    )
    store.close()
    db = str(tmp_path / "a.db")
    done = run_cli("analyze", "--db", db, "--workers", "2", "--json", timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["analysed"] == 43 and report["failed"] == []
    listed = json.loads(run_cli("articles", "--db", db, "--json", "--outlet", "Outlet 1").stdout)
    shown = json.loads(run_cli("show", listed[0]["id"], "--db", db, "--json").stdout)
    quote = shown["analysis"]["quotes"][0]
    assert quote["speaker_name"] == "Ilse Marten"
    text = shown["text"]
    occasion = quote["occasion"]
    assert "Radio Velmora" in text[occasion["start"] : occasion["end"]]
    view = run_cli("show", listed[0]["id"], "--db", db)
    assert "Ilse Marten" in view.stdout and "Quotes" in view.stdout


def _clauses(text: str) -> list[str]:
    analysis = analyze_text(text, None)
    return [c.span.of(text) for c in analysis.clauses]


def test_clauses_split_coordination_and_non_restrictive_relatives() -> None:
    text = (
        "The ferry operator cancelled all crossings and warned of further delays. "
        "Harbour master Lise Ormen, who has run the port for nine years, ordered the gates "
        "shut. The crane that failed was new."
    )
    clauses = _clauses(text)
    assert clauses == [
        "The ferry operator cancelled all crossings",
        "and warned of further delays.",
        "Harbour master Lise Ormen, who has run the port for nine years",
        "ordered the gates shut.",
        "The crane that failed was new.",  # a restrictive relative clause stays whole
    ]
    subjects = [
        c.subject.of(text) for c in analyze_text(text, None).clauses if c.subject is not None
    ]
    assert subjects == ["The ferry operator", "Harbour master Lise Ormen"]
