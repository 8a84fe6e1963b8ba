"""The ``/outlets`` and ``/articles`` pages in a real browser (Debian's chromium through
Playwright) against a real ``parallax serve`` over the demo corpus: links, the filter form
and the page links work, and nothing breaks the Content-Security-Policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.test_web_browser import ARTIFACTS, SKIP, Server, browser, page, server

__all__ = ["browser", "page", "server"]  # the fixtures, shared with test_web_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(SKIP, reason="PARALLAX_SKIP_BROWSER_TESTS=1: browser tests skipped"),
]


def _rows(tab: Any) -> int:
    return int(tab.locator("main table tbody tr").count())


def test_outlets_page_links_to_the_outlets_articles(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/outlets")
    assert page.title() == "Outlets · Parallax"
    fox = page.locator("main tr", has_text="Fox News").first
    assert "right" in fox.inner_text() and "US" in fox.inner_text()
    page.get_by_role("link", name="Meridian Wire", exact=True).click()
    page.wait_for_url("**/articles?outlet=Meridian+Wire")
    assert _rows(page) == 3
    for text in page.locator("main tbody tr td:nth-child(2)").all_inner_texts():
        assert text.startswith("Meridian Wire") and "unknown outlet" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "outlets-articles.png"), full_page=True)
    assert page.problems == []


def test_articles_page_filters_and_pages(server: Server, page: Any) -> None:
    page.goto(f"{server.url}/articles?limit=6")
    assert _rows(page) == 6
    first_page = page.locator("main tbody tr td:first-child a").first.inner_text()
    page.get_by_role("link", name="older →").click()
    page.wait_for_url("**offset=6**")
    assert _rows(page) == 6
    assert page.locator("main tbody tr td:first-child a").first.inner_text() != first_page
    page.get_by_role("link", name="older →").click()
    page.wait_for_url("**offset=12**")
    assert _rows(page) == 3 and page.get_by_role("link", name="older →").count() == 0
    page.get_by_role("link", name="← newer").click()
    page.wait_for_url("**offset=6**")

    page.select_option("select[name=outlet]", "The Daily Clarion")
    page.fill("input[name=since]", "2026-03-10")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**outlet=The+Daily+Clarion**")
    query = parse_qs(urlsplit(page.url).query)
    assert query["since"] == ["2026-03-10"] and query["limit"] == ["6"]
    assert _rows(page) == 2  # the Clarion's fire and bank stories, not its strike story
    page.get_by_role("link", name="JSON").click()
    assert '"outlet":"The Daily Clarion"' in page.content().replace(": ", ":")
    assert page.problems == []
