"""``GET /api/articles`` (pages, filters) and ``GET /api/outlets``, and their pages, in-process
(FastAPI's TestClient) on a real SQLite file holding the demo corpus, analysed and grouped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parallax.config import load_settings
from parallax.models import Article
from parallax.store import SQLiteStore
from parallax.web import create_app


def _client(db: Path, **overrides: Any) -> Iterator[TestClient]:
    settings = load_settings({"db": db, **overrides}, environ={})
    with TestClient(create_app(db, settings=settings)) as client:
        yield client


@pytest.fixture
def client(web_db: Path) -> Iterator[TestClient]:
    yield from _client(web_db)


def _ok(answer: Any) -> tuple[Any, dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"data", "error", "meta"} and body["error"] is None
    return body["data"], body["meta"]


def _error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["data"] is None and body["error"]["status"] == status
    error: dict[str, Any] = body["error"]
    return error


def _stored(db: Path) -> list[Article]:
    with SQLiteStore(db) as store:
        return store.articles()


def _newest_first(articles: list[dict[str, Any]]) -> bool:
    dated = [datetime.fromisoformat(a["published"]) for a in articles if a["published"]]
    undated_at = [i for i, a in enumerate(articles) if not a["published"]]
    return dated == sorted(dated, reverse=True) and all(i >= len(dated) for i in undated_at)


# --- /api/articles ---------------------------------------------------------------------------


def test_paging_through_every_article_by_next_links(client: TestClient, web_db: Path) -> None:
    stored = {a.id for a in _stored(web_db)}
    seen: list[dict[str, Any]] = []
    url: str | None = "/api/articles?limit=4"
    pages = 0
    while url:
        data, meta = _ok(client.get(url))
        assert meta["limit"] == 4 and meta["count"] == len(data) <= 4
        if pages:
            assert meta["prev"] is not None
        seen += data
        url = meta["next"]
        pages += 1
    assert pages == 4  # 15 articles, 4 a page
    ids = [a["id"] for a in seen]
    assert len(ids) == len(set(ids)) and set(ids) == stored
    assert _newest_first(seen)
    first = seen[0]
    assert first["links"]["page"] == f"/articles/{first['id']}" and first["story_id"]
    assert first["outlet_info"]["known"] is False  # the demo's outlets are invented


def test_filter_by_outlet_any_case(client: TestClient, web_db: Path) -> None:
    data, meta = _ok(client.get("/api/articles", params={"outlet": "meridian WIRE"}))
    expected = {a.id for a in _stored(web_db) if a.outlet == "Meridian Wire"}
    assert len(expected) == 3 and {a["id"] for a in data} == expected
    assert meta["filters"]["outlet"] == "meridian WIRE" and meta["next"] is None


def test_filter_by_date_range(client: TestClient, web_db: Path) -> None:
    stored = _stored(web_db)
    dates = sorted(a.published for a in stored if a.published)
    since, until = dates[3], dates[10]
    data, _ = _ok(
        client.get("/api/articles", params={"since": since.isoformat(), "until": until.isoformat()})
    )
    expected = {a.id for a in stored if a.published and since <= a.published < until}
    assert {a["id"] for a in data} == expected and len(expected) >= 5
    day, _ = _ok(client.get("/api/articles", params={"since": "2100-01-01"}))
    assert day == []


def test_filter_by_story_with_pages(client: TestClient, web_db: Path) -> None:
    stories, _ = _ok(client.get("/api/stories"))
    story = max(stories, key=lambda s: s["articles"])
    first, meta = _ok(
        client.get("/api/articles", params={"story": story["story_id"][:6], "limit": 2})
    )
    seen = list(first)
    url = meta["next"]
    while url:
        page, page_meta = _ok(client.get(url))
        seen += page
        url = page_meta["next"]
    ids = [a["id"] for a in seen]
    assert sorted(ids) == sorted(story["article_ids"]) and len(ids) == len(set(ids))
    assert all(a["story_id"] == story["story_id"] for a in seen) and _newest_first(seen)
    outlet = first[0]["outlet"]
    only, _ = _ok(
        client.get("/api/articles", params={"story": story["story_id"], "outlet": outlet})
    )
    assert [a["outlet"] for a in only] == [outlet]


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"since": "not a date"}, 422, "is not a date"),
        ({"since": "2026-03-05", "until": "2026-03-01"}, 422, "since must come before until"),
        ({"limit": "0"}, 422, "limit"),
        ({"limit": "201"}, 422, "limit"),
        ({"offset": "-1"}, 422, "offset"),
        ({"story": "szzzzzz"}, 404, "no story"),
    ],
)
def test_bad_queries_get_the_error_envelope(
    client: TestClient, params: dict[str, str], status: int, says: str
) -> None:
    error = _error(client.get("/api/articles", params=params), status)
    assert says in error["message"]


def test_post_still_ingests_beside_the_list(client: TestClient) -> None:
    answer = client.put("/api/articles")
    assert answer.status_code == 405


# --- /api/outlets ----------------------------------------------------------------------------


def test_outlets_joins_the_registry_with_stored_counts(client: TestClient, web_db: Path) -> None:
    data, meta = _ok(client.get("/api/outlets"))
    by_name = {o["name"]: o for o in data}
    fox = by_name["Fox News"]
    assert (fox["known"], fox["country"], fox["leaning"], fox["side"]) == (
        True,
        "US",
        "right",
        "right",
    )
    assert fox["articles"] == 0 and "foxnews.com" in fox["domains"]
    assert "AllSides" in (fox["leaning_source"] or "")
    wire = by_name["Meridian Wire"]
    assert wire["known"] is False and wire["leaning"] is None and wire["articles"] == 3
    assert wire["links"]["api"] == "/api/articles?outlet=Meridian+Wire"
    assert sum(o["articles"] for o in data) == len(_stored(web_db))
    counts = [o["articles"] for o in data]
    assert counts == sorted(counts, reverse=True)
    assert any("AllSides" in s["title"] for s in meta["sources"])
    stored_only, meta2 = _ok(client.get("/api/outlets", params={"in_store": "true"}))
    assert {o["name"] for o in stored_only} == {a.outlet for a in _stored(web_db)}
    assert meta2["count"] == len(stored_only)


def test_registry_outlets_are_counted_and_filtered(web_db: Path) -> None:
    with SQLiteStore(web_db) as store:
        store.add(
            Article.create(
                "The harbour board of Velmora agreed to a new shift pattern on Sunday, ending "
                "the dockworkers' strike after nine days of talks.",
                title="Velmora Strike Ends",
                outlet="Fox News",
                url="https://www.foxnews.com/world/velmora",
                published=datetime.fromisoformat("2026-03-09T10:00:00+00:00"),
            )
        )
    for client in _client(web_db):
        data, _ = _ok(client.get("/api/articles", params={"outlet": "foxnews"}))
        assert [a["outlet"] for a in data] == ["Fox News"]
        info = data[0]["outlet_info"]
        assert (info["known"], info["leaning"], info["country"]) == (True, "right", "US")
        outlets, _ = _ok(client.get("/api/outlets", params={"in_store": "true"}))
        assert {o["name"]: o["articles"] for o in outlets}["Fox News"] == 1


def test_a_user_outlet_file_rates_the_demo_outlets(web_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[[outlet]]\nname = "Meridian Wire"\ncountry = "VL"\nleaning = "center"\n'
        'aliases = ["Meridian"]\n',
        encoding="utf-8",
    )
    for client in _client(web_db, outlets=str(path)):
        data, _ = _ok(client.get("/api/outlets", params={"in_store": "true"}))
        wire = {o["name"]: o for o in data}["Meridian Wire"]
        assert (wire["known"], wire["country"], wire["leaning"]) == (True, "VL", "center")
        found, _ = _ok(client.get("/api/articles", params={"outlet": "meridian"}))
        assert len(found) == 3 and all(a["outlet_info"]["known"] for a in found)
        page = client.get("/outlets")
        assert "(a server path)" not in page.text and str(tmp_path) not in page.text


# --- the pages -------------------------------------------------------------------------------


def test_articles_page_lists_filters_and_pages(client: TestClient, web_db: Path) -> None:
    page = client.get("/articles", params={"limit": 5})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.count('<tr><td><a href="/articles/') == 5
    assert "(unknown outlet)" in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert 'href="/api/articles?limit=5"' in html  # the JSON twin
    nxt = re.search(r'rel="next" href="([^"]+)"', html)
    assert nxt is not None
    second = client.get(unescape(nxt.group(1)))
    assert second.status_code == 200 and 'rel="prev"' in second.text
    assert '<option value="Meridian Wire">' in html
    filtered = client.get("/articles", params={"outlet": "Meridian Wire"}).text
    assert filtered.count('<tr><td><a href="/articles/') == 3
    assert '<option value="Meridian Wire" selected>' in filtered


def test_articles_page_escapes_what_it_echoes(client: TestClient) -> None:
    page = client.get("/articles", params={"outlet": "<script>alert(1)</script>"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "No article matches" in page.text
    bad = client.get("/articles", params={"since": "<b>soon</b>"})
    assert bad.status_code == 422 and "<b>soon" not in bad.text and "is not a date" in bad.text


def test_outlets_page(client: TestClient) -> None:
    page = client.get("/outlets")
    assert page.status_code == 200
    row = re.search(r"<tr><td>Fox News</td>(.*?)</tr>", page.text)
    assert row is not None and "<td>US</td>" in row.group(1) and "<td>right</td>" in row.group(1)
    assert '<a href="/articles?outlet=Meridian+Wire">Meridian Wire</a>' in page.text
    assert "Sources of the leanings" in page.text and "AllSides" in page.text
    assert 'href="/api/outlets"' in page.text
    assert 'href="/outlets"' in client.get("/").text  # in the site bar of every page


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_store_pages_keep_the_order_newest_first_undated_last(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Pages by offset cut one order: newest first, ties in reverse ingest order, undated
    articles last; the same order as the whole list (both store backends)."""
    from datetime import UTC, timedelta

    from parallax.store import open_store

    location = (
        str(tmp_path / "p.db") if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    store = open_store(location)
    try:
        store.add_many(
            [
                Article.create(
                    f"Invented article {i} about the harbour.",
                    outlet=f"Outlet {i % 3}",
                    published=start + timedelta(hours=i // 3) if i % 5 else None,
                )
                for i in range(40)
            ]
        )
        whole = store.articles()
        paged = [a for offset in range(0, 40, 7) for a in store.articles(limit=7, offset=offset)]
        assert [a.id for a in paged] == [a.id for a in whole]
        dated = [a.published for a in whole if a.published]
        assert dated == sorted(dated, reverse=True)
        assert all(a.published is None for a in whole[len(dated) :])
        assert store.articles(offset=35) == whole[35:]
        one = store.articles(outlet="OUTLET 1", limit=3, offset=2)
        assert one == [a for a in whole if a.outlet == "Outlet 1"][2:5]
    finally:
        store.close()
