"""The web app and HTTP API in-process (FastAPI's TestClient) on a real SQLite file holding
the demo corpus, analysed and grouped into stories."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parallax.config import Settings, load_settings
from parallax.store import SQLiteStore
from parallax.web import create_app

HOSTILE = (
    "Velmora Council Meets <script>window.__pwned = 1</script>\n\n"
    'The council met on Monday. <img src=x onerror="window.__pwned = 1"> The mayor, '
    'Dara Quell, said "we will <b>not</b> wait" and left at 9 p.m.\n\n'
    "A second paragraph with </div></article><script>alert(1)</script> in it."
)

NEW_BANK_ARTICLE = {
    "outlet": "The Tarrow Courier",
    "title": "Reserve Bank Lifts Key Rate To 4.25 Percent",
    "published": "2026-03-19T16:30:00+01:00",
    "text": (
        "The National Reserve Bank raised its key interest rate by a quarter point to 4.25 "
        "percent on Thursday, its first increase in two years, as inflation stayed well above "
        "its target.\n\n"
        "Governor Ilse Marrow told a news conference at the bank's headquarters that the "
        "Monetary Policy Board had acted to stop inflation from taking root.\n\n"
        "Annual consumer price inflation was 5.1 percent in February, driven by food and "
        "energy costs. Finance Minister Oskar Lindahl criticised the rise in the key rate."
    ),
}


def _settings(db: Path) -> Settings:
    """Settings that ignore the user's environment and config file."""
    return load_settings({"db": db}, environ={})


def _client(db: Path, **options: Any) -> Iterator[TestClient]:
    with TestClient(create_app(db, settings=_settings(db), **options)) as client:
        yield client


@pytest.fixture
def client(web_db: Path) -> Iterator[TestClient]:
    yield from _client(web_db)


def _article_id(db: Path, file_name: str) -> str:
    with SQLiteStore(db) as store:
        found = [a.id for a in store.articles() if (a.source or "").endswith(file_name)]
    assert len(found) == 1, file_name
    return found[0]


def _story_of(client: TestClient, article_id: str) -> str:
    answer = client.get(f"/api/articles/{article_id}")
    assert answer.status_code == 200
    story_id: str = answer.json()["data"]["story_id"]
    return story_id


def _bank_story(client: TestClient, db: Path) -> str:
    return _story_of(client, _article_id(db, "central-bank-meridian-wire.txt"))


def _ok(answer: Any) -> Any:
    body = answer.json()
    assert set(body) == {"data", "error", "meta"}, body
    assert body["error"] is None and body["meta"]["version"]
    return body["data"]


def _text_shown(html: str) -> str:
    """The article text of an article page as a reader sees it (highlights taken off)."""
    body = re.search(r'<div class="text">(.*?)</div></article>', html, re.S)
    assert body is not None
    shown = re.sub(r'<a class="back"[^>]*></a>', "", body.group(1))
    assert "<" not in re.sub(r"</?mark[^>]*>", "", shown)  # no other element in the text
    return unescape(re.sub(r"</?mark[^>]*>", "", shown))


def _error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["data"] is None and set(body) == {"data", "error", "meta"}
    error: dict[str, Any] = body["error"]
    assert error["status"] == status and error["message"]
    return error


# --- story list ------------------------------------------------------------------------------


def test_story_list_is_newest_first_with_outlets_counts_and_coverage(
    client: TestClient, web_db: Path
) -> None:
    stories = _ok(client.get("/api/stories"))
    assert len(stories) >= 3
    lasts = [s["last"] for s in stories]
    assert lasts == sorted(lasts, reverse=True)
    bank = next(s for s in stories if s["story_id"] == _bank_story(client, web_db))
    assert bank["articles"] == 5
    assert "The Civic Sentinel" in bank["outlets"] and "Meridian Wire" in bank["outlets"]
    with SQLiteStore(web_db) as store:
        outlets_total = len(store.outlets())
    assert bank["coverage"] == pytest.approx(len(bank["outlets"]) / outlets_total, abs=1e-3)

    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    row = re.search(rf'<tr id="{bank["story_id"]}">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert row.group(1).count('class="cell on"') == len(bank["outlets"])
    assert row.group(1).count('class="cell') == outlets_total
    order = [m for m in re.findall(r'<tr id="(s[0-9a-f]+)">', page.text)]
    assert order == [s["story_id"] for s in stories]


def test_an_article_without_outlet_counts_as_one_outlet_in_the_coverage(
    client: TestClient, web_db: Path
) -> None:
    from parallax.models import NO_OUTLET

    posted = client.post(
        "/api/articles",
        json={
            "title": "Velmora Library Reopens After Flood Repairs",
            "published": "2026-05-02T09:00:00+02:00",
            "text": (
                "The public library of Velmora reopened on Saturday, eight months after a burst "
                "river bank flooded its ground floor and ruined some 14,000 books.\n\n"
                "Librarian Osric Fennimore said volunteers had dried and rebound about a third "
                "of the damaged collection by hand."
            ),
        },
    )
    assert posted.status_code == 201, posted.text
    (added,) = _ok(posted)["added"]
    with SQLiteStore(web_db) as store:
        known = [name for name, _ in store.outlets()]
    assert NO_OUTLET in known
    story = next(s for s in _ok(client.get("/api/stories")) if added["id"] in s["article_ids"])
    assert story["outlets"] == [NO_OUTLET]
    assert story["coverage"] == pytest.approx(1 / len(known), abs=1e-3)
    row = re.search(rf'<tr id="{story["story_id"]}">(.*?)</tr>', client.get("/").text, re.S)
    assert row is not None and row.group(1).count('class="cell on"') == 1


# --- story page and its twin ------------------------------------------------------------------


def test_story_twin_shows_the_planted_number_conflicts(client: TestClient, web_db: Path) -> None:
    story_id = _bank_story(client, web_db)
    data = _ok(client.get(f"/api/stories/{story_id}"))
    assert data["story"]["story_id"] == story_id
    comparison = data["comparison"]
    # the planted figures stand in sentences that are not surely one fact: shown as
    # perhaps different, not claimed as conflicts
    values = [{side["value"] for side in c["sides"]} for c in comparison["maybe_conflicts"]]
    assert any({"6-3", "7-2"} <= v for v in values), values
    assert any({"5.1 percent", "5.4 percent"} <= v for v in values), values
    assert not [c for c in comparison["conflicts"] if c["kind"] == "number"]
    assert {a["outlet"] for a in data["articles"]} >= {"Meridian Wire", "The Civic Sentinel"}
    assert any(len(f["outlets"]) > 1 for f in comparison["facts"])  # a shared core
    # the story's outlets, blindspots and timelines ride with the comparison
    outlets = {o["name"]: o for o in data["outlets"]["outlets"]}
    assert {"Meridian Wire", "The Civic Sentinel"} <= set(outlets)
    assert [t["fact"] for t in data["outlets"]["timelines"]]


def test_story_page_links_every_finding_to_its_evidence_in_the_text(
    client: TestClient, web_db: Path
) -> None:
    page = client.get(f"/stories/{_bank_story(client, web_db)}")
    assert page.status_code == 200
    html = page.text
    for section in ("shared-core", "unique", "conflicts", "quotes", "framing", "articles"):
        assert f'id="{section}"' in html
    targets = set(re.findall(r'href="#(ev-[\w-]+)"', html))
    assert targets, "no finding links to its evidence"
    ids = set(re.findall(r'<mark id="(ev-[\w-]+)"', html))
    assert targets <= ids, targets - ids
    # the vote figures: their link leads to a highlight that holds "6-3" or "7-2"
    vote = re.search(r"<strong>6-3</strong>.*?href=\"#(ev-figure-[\d-]+)\"", html, re.S)
    assert vote is not None
    marked = re.search(rf'<mark id="{vote.group(1)}"[^>]*>(.*?)</mark>', html, re.S)
    assert marked is not None and "6-3" in unescape(re.sub(r"<[^>]+>", "", marked.group(1)))


def test_story_comparison_is_cached_and_made_again_when_the_story_changes(
    web_db: Path,
) -> None:
    for client in _client(web_db):
        service = client.app.state.service  # type: ignore[attr-defined]
        story_id = _bank_story(client, web_db)
        assert client.get(f"/stories/{story_id}").status_code == 200
        assert service.cache.misses == 1
        assert client.get(f"/api/stories/{story_id}").status_code == 200
        assert client.get(f"/stories/{story_id}").status_code == 200
        assert service.cache.misses == 1  # the page and its twin share one comparison

        posted = _ok(client.post("/api/articles", json=NEW_BANK_ARTICLE))
        (added,) = posted["added"]
        assert added["story_id"] == story_id
        data = _ok(client.get(f"/api/stories/{story_id}"))
        assert service.cache.misses == 2
        ids = [a["id"] for a in data["comparison"]["articles"]]
        assert added["id"] in ids and len(ids) == 6


def test_unknown_story_is_a_404_that_names_the_fix(client: TestClient) -> None:
    error = _error(client.get("/api/stories/s0000000000"), 404)
    assert "s0000000000" in error["message"] and "/api/stories" in error["fix"]
    assert error["code"] == "not_found"
    page = client.get("/stories/s0000000000")
    assert page.status_code == 404 and "s0000000000" in page.text


# --- article page -----------------------------------------------------------------------------


def test_article_page_highlights_entities_quotes_and_dates(
    client: TestClient, web_db: Path
) -> None:
    article_id = _article_id(web_db, "central-bank-meridian-wire.txt")
    data = _ok(client.get(f"/api/articles/{article_id}"))
    assert data["id"] == article_id and data["analysis"]["entities"]
    html = client.get(f"/articles/{article_id}").text

    def marked(kind: str) -> list[str]:
        found = re.findall(rf'<mark id="m-{kind}-[^"]+" class="k-{kind}"[^>]*>(.*?)</mark>', html)
        return [unescape(re.sub(r"<[^>]+>", "", m)) for m in found]

    entities = marked("entity")
    assert "National Reserve Bank" in entities and "Oskar Lindahl" in entities
    assert any("Thursday" in m for m in marked("date"))
    assert marked("quote")
    # the side list links to the highlights
    assert set(re.findall(r'href="#(m-entity-[\d-]+)"', html)) <= set(
        re.findall(r'<mark id="(m-entity-[\d-]+)"', html)
    )
    # the text itself is unchanged under the highlights
    with SQLiteStore(web_db) as store:
        text = store.get(article_id).text
    assert _text_shown(html) == text


def test_unknown_article_is_a_404(client: TestClient) -> None:
    error = _error(client.get("/api/articles/abcdef0123"), 404)
    assert "abcdef0123" in error["message"] and "search" in error["fix"]
    assert _error(client.get("/api/articles/not-an-id"), 404)["message"]


# --- search -------------------------------------------------------------------------------------


def test_search_page_and_twin(client: TestClient, web_db: Path) -> None:
    hits = _ok(client.get("/api/search", params={"q": "inflation"}))
    assert hits and all("[" in h["snippet"] for h in hits)
    bank = _bank_story(client, web_db)
    assert all(h["story_id"] == bank for h in hits)
    page = client.get("/search", params={"q": "inflation"})
    assert page.text.count("<mark>") >= len(hits)
    assert f"/stories/{bank}" in page.text
    two = client.get("/search", params={"q": "inflation rate", "limit": 2})
    twin = re.search(r'<a class="json" href="([^"]+)"', two.text)
    assert twin is not None
    assert unescape(twin.group(1)) == "/api/search?q=inflation+rate&limit=2"
    assert len(_ok(client.get(unescape(twin.group(1))))) == two.text.count("<li><a href=") == 2
    hostile = client.get("/search", params={"q": '"><script>alert(1)</script>'})
    assert hostile.status_code == 400 and "<script>" not in hostile.text  # an unclosed quote
    assert "&lt;script&gt;" in hostile.text
    hostile = client.get("/search", params={"q": "<script>alert</script>"})
    assert hostile.status_code == 200 and "<script>" not in hostile.text
    assert "&lt;script&gt;" in hostile.text


@pytest.mark.parametrize("query", ['"', "NEAR(", "(rate", "rate)", "rate AND", "NOT rate", "*"])
def test_broken_search_syntax_is_a_400_naming_the_fix(client: TestClient, query: str) -> None:
    error = _error(client.get("/api/search", params={"q": query}), 400)
    assert error["code"] == "bad_request" and "full-text syntax" in error["message"]
    assert "double quote" in error["fix"] and "NEAR(word word)" in error["fix"]
    page = client.get("/search", params={"q": query})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "full-text syntax" in page.text and "double quote" in page.text
    box = re.search(r'<input type="search" name="q" value="([^"]*)"', page.text)
    assert box is not None and unescape(box.group(1)) == query  # kept, to be corrected


def test_broken_search_syntax_is_a_400_on_postgresql_too(pg_url: str) -> None:
    app = create_app(pg_url, settings=load_settings({"db": pg_url}, environ={}))
    with TestClient(app) as client:
        for query in ['"', "NEAR(", "rate AND"]:
            error = _error(client.get("/api/search", params={"q": query}), 400)
            assert "full-text syntax" in error["message"] and "double quote" in error["fix"]
            assert client.get("/search", params={"q": query}).status_code == 400
        assert _ok(client.get("/api/search", params={"q": "bank's rate"})) == []


def test_words_with_punctuation_search_the_words(client: TestClient) -> None:
    for query in ["bank's rate", "rate; inflation", "4.25 percent"]:
        assert _ok(client.get("/api/search", params={"q": query})), query
        assert client.get("/search", params={"q": query}).status_code == 200


# --- posting articles ---------------------------------------------------------------------------


def test_posted_json_article_is_stored_analysed_and_put_in_its_story(
    client: TestClient, web_db: Path
) -> None:
    answer = client.post("/api/articles", json=NEW_BANK_ARTICLE)
    assert answer.status_code == 201
    (added,) = _ok(answer)["added"]
    assert added["outlet"] == "The Tarrow Courier"
    assert added["story_id"] == _bank_story(client, web_db)
    data = _ok(client.get(f"/api/articles/{added['id']}"))
    assert data["analysis"] is not None and data["analysis"]["entities"]
    story = _ok(client.get(f"/api/stories/{added['story_id']}"))
    assert added["id"] in story["story"]["article_ids"]

    again = client.post("/api/articles", json=NEW_BANK_ARTICLE)
    assert again.status_code == 200
    assert [a["id"] for a in _ok(again)["already_known"]] == [added["id"]]
    with SQLiteStore(web_db) as store:
        assert store.count() == 16


def test_posted_article_with_unicode_line_separators_is_accepted(
    client: TestClient, web_db: Path
) -> None:
    # U+2028 and U+2029 are valid in JSON strings; the article must not be cut at them.
    text = NEW_BANK_ARTICLE["text"] + "\u2028The decision was\u2029unanimous\x85 she said."
    answer = client.post(
        "/api/articles",
        content=json.dumps({**NEW_BANK_ARTICLE, "text": text}, ensure_ascii=False).encode(),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 201, answer.text
    (added,) = _ok(answer)["added"]
    stored = _ok(client.get(f"/api/articles/{added['id']}"))
    assert "unanimous" in stored["text"] and "Oskar Lindahl" in stored["text"]
    with SQLiteStore(web_db) as store:
        assert store.count() == 16


def test_posted_file_upload_is_ingested(client: TestClient, web_db: Path) -> None:
    text = (
        "---\noutlet: The Tarrow Courier\npublished: 2026-03-04T08:00:00+01:00\n---\n"
        "Dockworkers Keep Cranes Idle At Velmora\n\n"
        "About 1,200 dockworkers at the Port of Velmora stayed off the job on Wednesday, the "
        "second day of their 48-hour strike over pay and automated cranes.\n\n"
        "The union is seeking a 7 percent pay rise; the port authority has offered 3.5 percent.\n"
    )
    answer = client.post(
        "/api/articles",
        files={"file": ("courier-strike.txt", text.encode(), "text/plain")},
    )
    assert answer.status_code == 201, answer.text
    (added,) = _ok(answer)["added"]
    assert added["title"] == "Dockworkers Keep Cranes Idle At Velmora"
    strike = _story_of(client, _article_id(web_db, "port-strike-meridian-wire.txt"))
    assert added["story_id"] == strike


def test_article_whose_analysis_fails_is_reported_and_kept_out_of_the_stories(
    client: TestClient, web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.analysis import pipeline
    from parallax.errors import ParallaxError

    real = pipeline.analyze_many
    analysed: list[str] = []

    def choking(items: Any) -> Any:
        analysed.extend(item[0] for item in items)
        if any("Zorblax" in item[1] for item in items):
            raise ParallaxError("the tagger choked on Zorblax")
        return real(items)

    monkeypatch.setattr(pipeline, "analyze_many", choking)
    bad = {**NEW_BANK_ARTICLE, "text": NEW_BANK_ARTICLE["text"] + " Zorblax said so."}
    error = _error(client.post("/api/articles", json=bad), 422)
    assert "the tagger choked on Zorblax" in error["message"] and error["fix"]
    found = re.search(r"article ([0-9a-f]{16,})", error["message"])
    assert found is not None
    bad_id = found.group(1)
    with SQLiteStore(web_db) as store:
        assert store.count() == 16 and store.get(bad_id).text.endswith("Zorblax said so.")
    tries = len(analysed)

    bank = _bank_story(client, web_db)
    for path in ("/", "/api/stories", f"/stories/{bank}", f"/api/stories/{bank}", "/search?q=rate"):
        assert client.get(path).status_code == 200, path
    assert _ok(client.get(f"/api/articles/{bad_id}"))["story_id"] is None
    stories = _ok(client.get("/api/stories"))
    assert sum(s["articles"] for s in stories) == 15
    assert len(analysed) == tries  # the pages did not try it again

    again = _error(client.post("/api/articles", json=bad), 422)  # known, still in no story
    assert bad_id in again["message"] and len(analysed) == tries
    good = client.post("/api/articles", json=NEW_BANK_ARTICLE)  # the others still get in
    assert good.status_code == 201, good.text
    assert _ok(good)["added"][0]["story_id"] == bank


def test_posting_a_known_article_groups_nothing_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.stories import group

    assert client.post("/api/articles", json=NEW_BANK_ARTICLE).status_code == 201
    grouped: list[int] = []
    real = group.group_store
    monkeypatch.setattr(group, "group_store", lambda *a, **k: grouped.append(1) or real(*a, **k))
    again = client.post("/api/articles", json=NEW_BANK_ARTICLE)
    assert again.status_code == 200 and _ok(again)["already_known"]
    assert grouped == []


def test_readers_do_not_wait_for_a_write_under_way(client: TestClient, web_db: Path) -> None:
    import io
    import threading

    from parallax.config import load_settings
    from parallax.ingest import Source, read_source

    service = client.app.state.service  # type: ignore[attr-defined]
    line = json.dumps({**NEW_BANK_ARTICLE, "outlet": "Side Door"}).encode()
    settings = load_settings({"db": web_db}, environ={})
    (outcome,) = read_source(Source(label="cli"), settings, stdin=io.BytesIO(line))
    assert outcome.article is not None
    answers: list[list[dict[str, Any]]] = []

    def read() -> None:  # what GET / and GET /api/stories do, on a server thread
        with service.store() as store:
            answers.append(service.stories(store))

    reader = threading.Thread(target=read, daemon=True)
    with service._write:  # a post is under way; meanwhile an article arrives from the CLI
        with SQLiteStore(web_db) as store:
            store.add(outcome.article)
        reader.start()
        reader.join(timeout=60)
        assert not reader.is_alive(), "the story list waited for the write lock"
    (answer,) = answers
    assert sum(len(s["article_ids"]) for s in answer) == 15  # the stories as last saved
    stories = _ok(client.get("/api/stories"))  # the write is over: the article is grouped
    assert sum(s["articles"] for s in stories) == 16
    assert any("Side Door" in s["outlets"] for s in stories)


def test_hostile_article_text_is_escaped_everywhere(client: TestClient) -> None:
    posted = client.post(
        "/api/articles",
        json={
            "text": HOSTILE,
            "outlet": '<img src=x onerror="alert(1)">Outlet',
            "url": "javascript:alert(1)",
            "published": "2026-04-01T10:00:00+00:00",
        },
    )
    (added,) = _ok(posted)["added"]
    for path in (f"/articles/{added['id']}", f"/stories/{added['story_id']}", "/"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<script" not in page.text.lower(), path
        assert "<img" not in page.text.lower() and "<b>" not in page.text, path
        assert 'href="javascript:' not in page.text.lower(), path
        assert "default-src 'none'" in page.headers["content-security-policy"]
    article = client.get(f"/articles/{added['id']}").text
    title = re.search(r"<h1>(.*?)</h1>", article)
    assert (
        title
        and unescape(title.group(1)) == "Velmora Council Meets <script>window.__pwned = 1</script>"
    )
    shown = _text_shown(article)
    assert "</div></article><script>alert(1)</script>" in shown  # as text, not as markup
    assert '<img src=x onerror="window.__pwned = 1">' in shown


@pytest.mark.parametrize(
    ("body", "content_type", "needle"),
    [
        (b"{not json", "application/json", "not valid JSON"),
        (b"[1, 2]", "application/json", "not an object"),
        (json.dumps({"outlet": "X"}).encode(), "application/json", "neither 'text' nor 'html'"),
        (json.dumps({"text": 5}).encode(), "application/json", "text"),
        (json.dumps({"text": "   "}).encode(), "application/json", "neither"),
    ],
)
def test_bad_posts_are_422_and_store_nothing(
    client: TestClient, web_db: Path, body: bytes, content_type: str, needle: str
) -> None:
    answer = client.post("/api/articles", content=body, headers={"content-type": content_type})
    error = _error(answer, 422)
    assert needle in error["message"] + (error["fix"] or ""), error
    assert error["fix"]
    with SQLiteStore(web_db) as store:
        assert store.count() == 15


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_post_of_another_content_type_is_a_415(
    client: TestClient, web_db: Path, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    answer = client.post("/api/articles", content=b"text=hello", headers=headers)
    error = _error(answer, 415)
    assert error["code"] == "unsupported_media_type"
    assert "multipart/form-data" in error["fix"] and "application/json" in error["fix"]
    assert repr(content_type or "(none)") in error["message"]
    assert "multipart/form-data" in answer.headers["accept-post"]
    with SQLiteStore(web_db) as store:
        assert store.count() == 15


def test_upload_that_is_not_an_article_is_a_422(client: TestClient) -> None:
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4
    error = _error(
        client.post("/api/articles", files={"file": ("paper.pdf", pdf, "application/pdf")}), 422
    )
    assert "paper.pdf" in error["message"]
    no_file = client.post("/api/articles", files={"format": (None, "txt")})  # multipart, no file
    assert no_file.request.headers["content-type"].startswith("multipart/form-data")
    missing = _error(no_file, 422)
    assert "no file field" in missing["message"] and "'file'" in missing["fix"]


def test_body_above_the_limit_is_a_413_declared_or_streamed(web_db: Path) -> None:
    for client in _client(web_db, max_body=2_000):
        big = {**NEW_BANK_ARTICLE, "text": "word " * 1_000}
        error = _error(client.post("/api/articles", json=big), 413)
        assert "2,000 bytes" in error["message"] and "--max-body" in error["fix"]

        def chunks() -> Iterator[bytes]:
            for _ in range(10):
                yield b"x" * 500

        streamed = client.post(
            "/api/articles", content=chunks(), headers={"content-type": "application/json"}
        )
        assert "2,000 bytes" in _error(streamed, 413)["message"]
        with SQLiteStore(web_db) as store:
            assert store.count() == 15

        article = json.dumps(NEW_BANK_ARTICLE).encode()
        assert 500 < len(article) < 2_000

        chunks_of_100 = (article[i : i + 100] for i in range(0, len(article), 100))
        chunked = client.post(
            "/api/articles", content=chunks_of_100, headers={"content-type": "application/json"}
        )
        assert chunked.status_code == 201, chunked.text
        assert _ok(chunked)["added"][0]["outlet"] == NEW_BANK_ARTICLE["outlet"]
        with SQLiteStore(web_db) as store:
            assert store.count() == 16


def test_a_client_that_goes_away_mid_body_reaches_no_route() -> None:
    import asyncio

    from parallax.web.app import BodyLimit

    called: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        called.append((await receive())["body"])

    async def run() -> list[Any]:
        messages = [
            {"type": "http.request", "body": b'{"text": "half an art', "more_body": True},
            {"type": "http.disconnect"},
        ]
        sent: list[Any] = []

        async def receive() -> Any:
            return messages.pop(0)

        async def send(message: Any) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/articles", "headers": []}
        await BodyLimit(app, max_body=1_000)(scope, receive, send)
        return sent

    assert asyncio.run(run()) == [] and called == []


def test_gzip_upload_above_the_decompressed_cap_is_a_413(web_db: Path) -> None:
    import gzip

    for client in _client(web_db, max_body=2_000):  # a post may decompress to 8,000 bytes
        small = gzip.compress(
            ("Reserve Bank Lifts Key Rate\n\n" + NEW_BANK_ARTICLE["text"]).encode()
        )
        answer = client.post("/api/articles", files={"file": ("rate.txt.gz", small)})
        assert answer.status_code == 201, answer.text
        bomb = gzip.compress(b"All work and no play. " * 5_000)
        assert len(bomb) < 2_000
        error = _error(client.post("/api/articles", files={"file": ("bomb.txt.gz", bomb)}), 413)
        assert error["code"] == "too_large" and "bomb.txt.gz" in error["message"]
        assert "8,000 bytes" in error["message"] and "--max-body" in error["fix"]
        with SQLiteStore(web_db) as store:
            assert store.count() == 16


def test_posts_never_fetch_urls(web_db: Path) -> None:
    import dataclasses
    import threading
    from html import escape
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits: list[str] = []

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = f"<html><body><article><p>{NEW_BANK_ARTICLE['text']}</p></article>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    link = f"http://127.0.0.1:{httpd.server_address[1]}/teaser"
    full = escape(NEW_BANK_ARTICLE["text"] + " " + NEW_BANK_ARTICLE["text"])
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>The Tarrow Courier</title>'
        "<item><title>Reserve Bank Lifts Key Rate</title><link>https://courier.example/rate"
        f"</link><description>{full}</description></item>"
        f"<item><title>A teaser</title><link>{link}</link>"
        "<description>Read the rest on our site.</description></item></channel></rss>"
    )
    fetching = dataclasses.replace(_settings(web_db), fetch_links=True)
    try:
        with TestClient(create_app(web_db, settings=fetching)) as client:
            answer = client.post(
                "/api/articles",
                data={"format": "feed"},
                files={"file": ("courier.rss", feed.encode(), "application/rss+xml")},
            )
            assert answer.status_code == 201, answer.text
            (added,) = _ok(answer)["added"]
            assert added["title"] == "Reserve Bank Lifts Key Rate"
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert hits == []


def test_validation_errors_and_unknown_routes_share_the_error_body(client: TestClient) -> None:
    assert "limit" in _error(client.get("/api/search?q=x&limit=0"), 422)["message"]
    assert "/docs" in _error(client.get("/api/nowhere"), 404)["fix"]
    assert "DELETE" in _error(client.delete("/api/articles"), 405)["message"]  # GET lists them


def test_unexpected_errors_are_a_500_with_the_error_body_and_security_headers(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(web_db, settings=_settings(web_db))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        monkeypatch.setattr(app.state.service, "stories", broken)
        answer = client.get("/api/stories")
        error = _error(answer, 500)
        assert error["code"] == "internal_error" and "RuntimeError" in error["message"]
        page = client.get("/")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        for reply in (answer, page):
            assert "default-src 'none'" in reply.headers["content-security-policy"]
            assert reply.headers["x-content-type-options"] == "nosniff"
            assert reply.headers["x-frame-options"] == "DENY"
            assert reply.headers["referrer-policy"] == "no-referrer"


def test_store_errors_do_not_show_server_paths(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.errors import StoreError

    app = create_app(web_db, settings=_settings(web_db))

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise StoreError(
            f"cannot write stories to {web_db}: disk I/O error (journal /var/tmp/x/j.wal)",
            fix="check that it is a Parallax SQLite file, or choose another with --db",
        )

    with TestClient(app) as client:
        monkeypatch.setattr(app.state.service, "stories", failing)
        error = _error(client.get("/api/stories"), 500)
        page = client.get("/")
    assert "disk I/O error" in error["message"] and "the store" in error["message"]
    assert page.status_code == 500 and "disk I/O error" in page.text
    for shown in (json.dumps(error), page.text):
        assert str(web_db.parent) not in shown and "/var/tmp" not in shown and "--db" not in shown


def test_openapi_describes_the_api_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/api/articles"]["post"]
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search"} <= set(spec["paths"])
    assert "404" in spec["paths"]["/api/stories/{story_id}"]["get"]["responses"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_serve_options_are_checked() -> None:
    from parallax.errors import ParallaxError

    with pytest.raises(ParallaxError, match="max-body"):
        create_app("unused.db", max_body=0)
