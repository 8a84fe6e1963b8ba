"""The web pages in a real browser: Debian's chromium driven by Playwright, against a real
``parallax serve`` process on a free 127.0.0.1 port, over the demo corpus.

Chromium is never downloaded (no ``playwright install``): the tests use /usr/bin/chromium
(``apt-get install chromium chromium-driver``) and FAIL when it is missing, unless
``PARALLAX_SKIP_BROWSER_TESTS=1`` says to skip them on purpose. Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax.store import SQLiteStore
from parallax.web.launch import serving

from .conftest import REPO

SKIP = os.environ.get("PARALLAX_SKIP_BROWSER_TESTS") == "1"
# A skip mark, not a skip in a fixture: skipped tests start no server and no browser.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(SKIP, reason="PARALLAX_SKIP_BROWSER_TESTS=1: browser tests skipped"),
]

CHROMIUM = Path(os.environ.get("PARALLAX_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Server:
    def __init__(self, url: str, db: Path, log: Path) -> None:
        self.url, self.db, self.log = url, db, log

    def article_id(self, file_name: str) -> str:
        with SQLiteStore(self.db) as store:
            (found,) = [a.id for a in store.articles() if (a.source or "").endswith(file_name)]
        return found

    def story_of(self, article_id: str) -> str:
        answer = httpx.get(f"{self.url}/api/articles/{article_id}", timeout=60)
        answer.raise_for_status()
        story_id: str = answer.json()["data"]["story_id"]
        return story_id


def _server_env(folder: Path) -> dict[str, str]:
    """The environment of the server: none of the user's PARALLAX_* settings or config file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    return {**env, "XDG_CONFIG_HOME": str(folder / "config"), "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def server(_web_demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``parallax serve`` on a copy of the prepared demo store."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "demo.db"
    shutil.copyfile(_web_demo_db, db)
    log = folder / "serve.log"
    with serving(db, log, env=_server_env(folder)) as url:
        yield Server(url, db, log)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"chromium not found at {CHROMIUM}: install it with 'apt-get install -y "
            "chromium chromium-driver' (or set PARALLAX_CHROMIUM to its path); to skip the "
            "browser tests on purpose, set PARALLAX_SKIP_BROWSER_TESTS=1"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.problems = problems
    yield tab
    context.close()


def _hash(page: Any, wanted: Callable[[str], bool]) -> str:
    """The page's location hash once ``wanted`` holds (wait_for_function would need eval,
    which the pages' Content-Security-Policy forbids)."""
    deadline = time.monotonic() + 10
    while True:
        current = str(page.evaluate("() => location.hash"))
        if wanted(current) or time.monotonic() > deadline:
            return current
        time.sleep(0.05)


def _in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            "el => { const r = el.getBoundingClientRect();"
            " return r.bottom > 0 && r.top < window.innerHeight; }",
        )
    )


def test_story_page_figures_link_to_their_evidence_in_the_text(server: Server, page: Any) -> None:
    story_id = server.story_of(server.article_id("central-bank-meridian-wire.txt"))
    page.goto(f"{server.url}/stories/{story_id}")
    conflicts = page.locator("#conflicts")
    # the vote's figures stand in sentences that are not surely one fact: they are listed,
    # folded, as perhaps different figures under the conflicts
    figures = conflicts.locator("details", has_text="Perhaps different figures")
    row = figures.locator("tr", has_text="7-2").first
    assert not row.is_visible()
    figures.locator("summary").click()
    assert row.is_visible() and "6-3" in figures.inner_text()

    link = row.locator("a").first
    target = link.get_attribute("href")
    assert target and target.startswith("#ev-figure-")
    link.click()
    assert _hash(page, lambda h: h == target) == target
    evidence = page.locator(":target")
    assert evidence.evaluate("el => el.tagName") == "MARK"
    assert evidence.evaluate("el => el.closest('.text') !== null")  # in an article's text
    assert "7-2" in evidence.inner_text()
    assert "perhaps a different figure" in (evidence.get_attribute("title") or "")
    assert _in_view(page, ":target")  # the browser scrolled to it
    column = evidence.evaluate("el => el.closest('article').querySelector('h3').textContent")
    assert column == "The Civic Sentinel"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "story-figure-evidence.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # and back from the highlight to its finding
    finding = "#find-figure-" + target.split("-")[2]
    page.locator(f'a.back[href="{finding}"]').first.click()
    assert _hash(page, lambda h: h == finding) == finding
    assert "7-2" in page.locator(":target").inner_text()
    assert page.problems == []  # no script error, no CSP violation


def test_story_list_leads_to_a_story_and_search_finds_articles(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    rows = page.locator("table.stories tbody tr")
    assert rows.count() >= 3
    bank = server.story_of(server.article_id("central-bank-meridian-wire.txt"))
    page.locator(f"tr#{bank} a").first.click()
    page.wait_for_url(f"**/stories/{bank}")
    assert "Rate" in page.locator("h1").first.inner_text()

    page.fill("input[name=q]", "dockworkers")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=dockworkers")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 2
    assert page.locator("ol.hits mark").first.inner_text().lower() == "dockworkers"
    hits.first.locator("a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("mark.k-entity").count() > 0
    assert page.problems == []


def test_hostile_article_is_shown_as_text_and_runs_nothing(server: Server, page: Any) -> None:
    text = (
        "Harbour Notice <script>window.__pwned = 1; alert('pwned')</script>\n\n"
        "The notice was posted on Friday. <img src=x onerror=\"window.__pwned = 2; alert('x')\">"
        ' It said <svg onload="window.__pwned = 3"></svg> nothing more.\n'
    )
    answer = httpx.post(
        f"{server.url}/api/articles",
        json={"text": text, "outlet": "Notice Board <b>bold</b>"},
        timeout=120,
    )
    assert answer.status_code == 201, answer.text
    article_id = answer.json()["data"]["added"][0]["id"]
    page.goto(f"{server.url}/articles/{article_id}")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#text img, #text svg, #text script").count() == 0
    shown = page.locator("#text").inner_text()
    assert "<img src=x onerror=" in shown and "<svg onload=" in shown
    assert "<script>window.__pwned" in page.locator("h1").inner_text()
    assert "Notice Board <b>bold</b>" in page.locator("p.meta").first.inner_text()
    assert page.problems == []
