"""What ``/articles`` and ``/outlets`` (and their JSON twins) show, as plain functions.

:func:`article_page_query` reads a page of stored articles (filtered by outlet, publication
time and story; ``limit``/``offset`` pages); the outlet list is
:func:`parallax.outlets.listing.outlet_rows`. The HTML is built from escaped strings like
the other pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from parallax.errors import ParallaxError
from parallax.ingest.fields import parse_datetime
from parallax.models import Article
from parallax.outlets.describe import OutletInfo, canonical_outlet, describe
from parallax.outlets.registry import OutletRegistry
from parallax.render.comparison_text import when
from parallax.render.html import e, safe_url
from parallax.store import Store
from parallax.web.payloads import article_link
from parallax.web.service import WebService
from parallax.web.templates import page

DATE_FIX = "write it like 2026-03-04 or 2026-03-04T09:30:00+01:00"


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """The filters and page of ``/articles``; ``outlet`` as the registry names it."""

    limit: int = 50
    offset: int = 0
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    story: str | None = None

    def params(self, **changes: Any) -> dict[str, str]:
        """The query string parameters of this query (with ``changes``), empty ones left out."""
        values = {
            "outlet": self.outlet,
            "since": self.since,
            "until": self.until,
            "story": self.story,
            "limit": self.limit,
            "offset": self.offset,
            **changes,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "", 0) or k == "limit"}

    def href(self, path: str, **changes: Any) -> str:
        return f"{path}?{urlencode(self.params(**changes))}"


@dataclass(frozen=True, slots=True)
class ArticlePage:
    query: ArticleQuery
    articles: tuple[Article, ...]
    outlets: tuple[OutletInfo, ...]  # beside ``articles``
    story_of: dict[str, str]
    more: bool  # another page follows

    @property
    def next_offset(self) -> int | None:
        return self.query.offset + self.query.limit if self.more else None

    @property
    def prev_offset(self) -> int | None:
        return max(0, self.query.offset - self.query.limit) if self.query.offset > 0 else None


def _moment(value: str | None, name: str) -> datetime | None:
    if value is None or not value.strip():
        return None
    found = parse_datetime(value)
    if found is None:
        raise ParallaxError(f"{name} {value!r} is not a date", fix=DATE_FIX)
    return found


def _newest_first(article: Article) -> tuple[bool, float]:
    stamp = article.published.timestamp() if article.published else 0.0
    return (article.published is None, -stamp)


def article_page_query(
    service: WebService, store: Store, registry: OutletRegistry, query: ArticleQuery
) -> ArticlePage:
    """One page of stored articles, newest first, with each article's outlet and story."""
    since, until = _moment(query.since, "since"), _moment(query.until, "until")
    if since and until and since >= until:
        raise ParallaxError("since must come before until", fix=DATE_FIX)
    outlet = canonical_outlet(query.outlet, registry)
    if query.story:
        record = service.story(store, query.story)
        found = [store.get(i) for i in record["article_ids"]]
        found = [
            a
            for a in found
            if (outlet is None or (a.outlet or "").casefold() == outlet.casefold())
            and (since is None or (a.published is not None and a.published >= since))
            and (until is None or (a.published is not None and a.published < until))
        ]
        found.sort(key=_newest_first)
        window = found[query.offset : query.offset + query.limit + 1]
    else:
        window = store.articles(
            outlet=outlet, since=since, until=until, limit=query.limit + 1, offset=query.offset
        )
    shown = tuple(window[: query.limit])
    return ArticlePage(
        query=query,
        articles=shown,
        outlets=tuple(describe(a, registry) for a in shown),
        story_of=service.story_ids(store, [a.id for a in shown]) if shown else {},
        more=len(window) > query.limit,
    )


def article_page_data(result: ArticlePage) -> list[dict[str, Any]]:
    return [
        {**article_link(a, result.story_of.get(a.id)), "outlet_info": info.to_dict()}
        for a, info in zip(result.articles, result.outlets, strict=True)
    ]


def article_page_meta(result: ArticlePage) -> dict[str, Any]:
    q = result.query
    return {
        "count": len(result.articles),
        "limit": q.limit,
        "offset": q.offset,
        "filters": {"outlet": q.outlet, "since": q.since, "until": q.until, "story": q.story},
        "next": q.href("/api/articles", offset=result.next_offset)
        if result.next_offset is not None
        else None,
        "prev": q.href("/api/articles", offset=result.prev_offset)
        if result.prev_offset is not None
        else None,
        "page": q.href("/articles"),
    }


def sources_meta(registry: OutletRegistry) -> list[dict[str, Any]]:
    return [s.to_dict() for s in registry.sources]


# --- HTML ------------------------------------------------------------------------------------


def _outlet_cell(info: OutletInfo) -> str:
    if not info.known:
        return f'{e(info.name)} <span class="meta">(unknown outlet)</span>'
    detail = " · ".join(x for x in (info.country, info.leaning) if x)
    return f'{e(info.name)} <span class="meta">{e(detail)}</span>' if detail else e(info.name)


def articles_html(result: ArticlePage, outlet_names: Sequence[str]) -> str:
    q = result.query
    options = "".join(
        f'<option value="{e(n)}"{" selected" if q.outlet == n else ""}>{e(n)}</option>'
        for n in outlet_names
    )
    form = (
        '<form class="filters" action="/articles" method="get" '
        'style="font-family:system-ui,sans-serif;font-size:.9rem">'
        '<label>Outlet <select name="outlet"><option value="">any</option>'
        f"{options}</select></label> "
        f'<label>Since <input name="since" value="{e(q.since or "")}" placeholder="2026-03-01">'
        f'</label> <label>Until <input name="until" value="{e(q.until or "")}"></label> '
        f'<label>Story <input name="story" value="{e(q.story or "")}"></label> '
        f'<input type="hidden" name="limit" value="{q.limit}"> '
        '<button type="submit">Filter</button></form>'
    )
    rows = []
    for article, info in zip(result.articles, result.outlets, strict=True):
        sid = result.story_of.get(article.id)
        story = f'<a href="/stories/{quote(sid)}">{e(sid)}</a>' if sid else ""
        link = safe_url(article.url)
        source = (
            f' <a href="{e(link)}" rel="noopener noreferrer nofollow">source</a>' if link else ""
        )
        rows.append(
            f'<tr><td><a href="/articles/{quote(article.id)}">'
            f"{e(article.title or '(untitled)')}</a>{source}</td>"
            f"<td>{_outlet_cell(info)}</td>"
            f'<td class="meta">{e(when(article.published))}</td><td>{story}</td></tr>'
        )
    table = (
        "<table><thead><tr><th>Article</th><th>Outlet</th><th>Published</th><th>Story</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No article matches these filters.</p>"
    )
    nav = []
    if result.prev_offset is not None:
        nav.append(
            f'<a rel="prev" href="{e(q.href("/articles", offset=result.prev_offset))}">← newer</a>'
        )
    if result.next_offset is not None:
        nav.append(
            f'<a rel="next" href="{e(q.href("/articles", offset=result.next_offset))}">older →</a>'
        )
    first = q.offset + 1 if result.articles else 0
    count = f"articles {first}–{q.offset + len(result.articles)}, newest first"
    body = (
        f'<main><h1>Articles</h1>{form}<p class="count">{e(count)}</p>{table}'
        f'<p class="pages">{" ".join(nav)}</p></main>'
    )
    return page("Articles", body, json_href=q.href("/api/articles"))


def outlets_html(rows: Sequence[dict[str, Any]], registry: OutletRegistry) -> str:
    cells = []
    for row in rows:
        name = e(row["name"])
        if row["links"]["page"] and row["articles"]:
            name = f'<a href="{e(row["links"]["page"])}">{name}</a>'
        known = "" if row["known"] else ' <span class="meta">(unknown outlet)</span>'
        cells.append(
            f"<tr><td>{name}{known}</td><td>{e(row['country'] or '')}</td>"
            f"<td>{e(row['language'] or '')}</td><td>{e(row['leaning'] or '')}</td>"
            f"<td>{e(row['owner'] or '')}</td><td>{e(', '.join(row['domains']))}</td>"
            f'<td class="count">{row["articles"]}</td></tr>'
        )
    sources = "".join(
        f"<li>{e(s.title)}"
        + (f" (<code>{e(s.url)}</code>)" if s.url else "")
        + (f": {e(s.note)}" if s.note else "")
        + "</li>"
        for s in registry.sources
    )
    body = (
        "<main><h1>Outlets</h1>"
        f'<p class="count">{len(rows)} outlets: the registry, and the outlets of the stored '
        "articles it does not know</p>"
        "<table><thead><tr><th>Outlet</th><th>Country</th><th>Language</th><th>Leaning</th>"
        "<th>Owner</th><th>Domains</th><th>Articles</th></tr></thead>"
        f"<tbody>{''.join(cells)}</tbody></table>"
        f"<h2>Sources of the leanings</h2><ul>{sources}</ul></main>"
    )
    return page("Outlets", body, json_href="/api/outlets")
