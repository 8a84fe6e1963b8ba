"""HTML of the web pages, built with escaped strings (the report's own helpers and styles).

Everything that comes from an article or a request (text, titles, outlets, urls, the search
words) passes through :func:`parallax.render.html.e`; highlights are computed from character
offsets by :func:`parallax.render.html.highlight`, so the text itself is never altered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from parallax.analysis.records import Analysis
from parallax.models import NO_OUTLET, Article
from parallax.render.comparison_text import when
from parallax.render.html import CSS, Mark, comparison_sections, e, highlight, safe_url
from parallax.store.base import SearchHit
from parallax.web.service import StoryView

WEB_CSS = """
.site{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 0;
border-bottom:1px solid var(--line);font-family:system-ui,sans-serif}
.site .brand{font-weight:700;text-decoration:none;color:var(--ink)}
.site form{margin-left:auto}
.site input[type=search]{padding:.25rem .4rem;min-width:16rem}
.site .json{font-size:.85rem}
table.stories td{vertical-align:middle}
.cov{display:inline-flex;gap:2px;vertical-align:middle}
.cov .cell{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;background:#e3e3e8}
.cov .cell.on{background:#2f7d4f}
.k-entity{background:var(--unique)}
.k-date{background:var(--shared)}
.k-quantity{background:var(--term)}
.side{display:flex;gap:1.5rem;align-items:flex-start}
.side .col{flex:3 1 30rem}
.side aside{flex:1 1 16rem;font-family:system-ui,sans-serif;font-size:.9rem}
.hits li{margin-bottom:.8rem}
.error{border-left:4px solid var(--conflict-line);padding:.4rem .8rem;background:#fff}
"""


def page(title: str, body: str, *, json_href: str | None = None, query: str = "") -> str:
    """A whole page: site bar (home, search, JSON twin), then ``body`` (already HTML)."""
    twin = f'<a class="json" href="{e(json_href)}">JSON</a>' if json_href else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · Parallax</title><style>{CSS}{WEB_CSS}</style></head>\n<body>"
        '<div class="site"><a class="brand" href="/">Parallax</a><a href="/">Stories</a>'
        '<a href="/articles">Articles</a><a href="/outlets">Outlets</a>'
        '<a href="/docs">API</a>'
        f"{twin}"
        '<form action="/search" method="get" role="search">'
        f'<input type="search" name="q" value="{e(query)}" placeholder="Search articles" '
        'aria-label="search words"> <button type="submit">Search</button></form></div>\n'
        f"{body}</body></html>\n"
    )


def coverage_bar(outlets: Sequence[str], known: Sequence[str]) -> str:
    """One cell per outlet in the store, filled when the story's outlets include it."""
    have = set(outlets)
    cells = "".join(
        f'<span class="cell{" on" if o in have else ""}" title="{e(o)}"></span>' for o in known
    )
    label = f"{len(have)} of {len(known)} outlets"
    return f'<span class="cov" role="img" aria-label="{e(label)}">{cells}</span> {e(label)}'


def stories_page(stories: Sequence[dict[str, Any]], known_outlets: Sequence[str]) -> str:
    rows = []
    for s in stories:
        sid = str(s["story_id"])
        rows.append(
            f'<tr id="{e(sid)}"><td><a href="/stories/{quote(sid)}">'
            f"{e(s.get('title') or '(untitled)')}</a>"
            f'<div class="meta">{e(sid)}</div></td>'
            f"<td>{e(', '.join(s.get('outlets', [])))}</td>"
            f'<td class="count">{len(s["article_ids"])}</td>'
            f"<td>{coverage_bar(s.get('outlets', []), known_outlets)}</td>"
            f'<td class="meta">{e(_day(s.get("last")))}</td></tr>'
        )
    table = (
        '<table class="stories"><thead><tr><th>Story</th><th>Outlets</th><th>Articles</th>'
        f"<th>Coverage</th><th>Latest</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No stories yet: ingest articles with <code>parallax ingest</code> or "
        "<code>POST /api/articles</code>.</p>"
    )
    count = f"{len(stories)} stories, newest first"
    body = f'<main><h1>Stories</h1><p class="count">{e(count)}</p>{table}</main>'
    return page("Stories", body, json_href="/api/stories")


def _day(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "undated"


def story_page(view: StoryView) -> str:
    record = view.record
    sid = str(record["story_id"])
    links = " ".join(
        f'<a href="/articles/{quote(a.id)}">{e(a.outlet or a.id[:10])}</a>' for a in view.articles
    )
    head = (
        f'<p class="meta">Story {e(sid)} · {len(view.articles)} articles · confidence '
        f"{float(record.get('confidence') or 0):.2f} · article pages: {links}</p>"
    )
    title = str(record.get("title") or sid)
    sections = comparison_sections(view.comparison, registry=view.registry)
    return page(title, head + sections, json_href=f"/api/stories/{sid}")


KIND_NAMES = {"entity": "Entities", "quote": "Quotes", "date": "Dates", "quantity": "Numbers"}


def article_page(article: Article, analysis: Analysis | None, story_id: str | None) -> str:
    marks: list[Mark] = []
    lists: dict[str, list[str]] = {k: [] for k in KIND_NAMES}

    def add(kind: str, n: int, spans: Sequence[Any], label: str, detail: str) -> None:
        finding = f"{kind}-{n}"
        first = None
        for j, span in enumerate(spans):
            if 0 <= span.start < span.end <= len(article.text):
                mark_id = f"m-{kind}-{n}-{j}"
                marks.append(Mark(span.start, span.end, mark_id, kind, finding, label))
                first = first or mark_id
        if first is not None:
            lists[kind].append(
                f'<li id="{e(finding)}"><a href="#{e(first)}">{e(label)}</a> '
                f'<span class="cat">{e(detail)}</span></li>'
            )

    if analysis is not None:
        for n, ent in enumerate(analysis.entities):
            detail = ent.kind + (f", {ent.role}" if ent.role else "")
            add("entity", n, ent.mentions, ent.name, f"{detail} · {len(ent.mentions)}×")
        for n, q in enumerate(analysis.quotes):
            speaker = q.speaker_name or "unknown speaker"
            add("quote", n, q.parts or (q.content,), f"{speaker}: {q.kind} quote", q.cue_verb or "")
        for n, d in enumerate(analysis.dates):
            resolved = str(d.start) if d.start else "unresolved"
            add("date", n, (d.span,), d.span.of(article.text), resolved)
        for n, qty in enumerate(analysis.quantities):
            unit = qty.unit or ""
            add("quantity", n, (qty.span,), qty.span.of(article.text), unit)
    if analysis is None:
        note = "<p>Not analysed yet: run <code>parallax analyze</code>.</p>"
    elif not analysis.supported:
        note = f"<p>{e(analysis.note or 'Not analysed: unsupported language.')}</p>"
    else:
        note = ""
    legend = "".join(
        f'<span><mark class="k-{k}">{e(name)}</mark></span>' for k, name in KIND_NAMES.items()
    )
    side = "".join(
        f'<h4>{e(name)} <span class="count">{len(lists[k])}</span></h4>'
        f'<ul class="findings">{"".join(lists[k])}</ul>'
        for k, name in KIND_NAMES.items()
        if lists[k]
    )
    url = ""
    link = safe_url(article.url)
    if article.url:
        url = (
            f' · <a href="{e(link)}" rel="noopener noreferrer nofollow">{e(article.url)}</a>'
            if link
            else f" · {e(article.url)}"
        )
    story = f' · <a href="/stories/{quote(story_id)}">its story</a>' if story_id else ""
    authors = f" · by {e(', '.join(article.authors))}" if article.authors else ""
    body = (
        f"<main><h1>{e(article.title or '(untitled)')}</h1>"
        f'<p class="meta">{e(article.outlet or NO_OUTLET)} · {e(when(article.published))}'
        f"{authors}{url}{story}</p>{note}"
        f'<div class="legend" aria-label="legend">{legend}</div>'
        f'<div class="side"><article class="col" id="text"><div class="text">'
        f"{highlight(article.text, marks)}</div></article><aside>{side}</aside></div></main>"
    )
    return page(article.title or article.id, body, json_href=f"/api/articles/{article.id}")


def search_page(
    query: str, hits: Sequence[SearchHit], story_of: dict[str, str], *, limit: int
) -> str:
    items = []
    for hit in hits:
        a = hit.article
        sid = story_of.get(a.id)
        story = f' · <a href="/stories/{quote(sid)}">story</a>' if sid else ""
        snippet = hit.highlighted("<mark>", "</mark>", escape=e)
        items.append(
            f'<li><a href="/articles/{quote(a.id)}">{e(a.title or a.id)}</a> '
            f'<span class="meta">{e(a.outlet or "")} · {e(when(a.published))}{story}</span>'
            f"<div>{snippet}</div></li>"
        )
    if not query.strip():
        result = "<p>Type words to search titles and texts (SQLite FTS5 syntax works).</p>"
    elif not items:
        result = f"<p>No article matches {e(query)!s}.</p>"
    else:
        result = f'<ol class="hits">{"".join(items)}</ol>'
    body = f"<main><h1>Search</h1>{result}</main>"
    return page(
        f"Search: {query}" if query else "Search",
        body,
        json_href=f"/api/search?{urlencode({'q': query, 'limit': limit})}",
        query=query,
    )


def error_page(status: int, message: str, fix: str | None, *, query: str = "") -> str:
    """An error as a page; ``query`` is put back in the search box (a search to correct)."""
    hint = f"<p>{e(fix[:1].upper() + fix[1:])}.</p>" if fix else ""
    body = f'<main><h1>Error {status}</h1><div class="error"><p>{e(message)}</p>{hint}</div></main>'
    return page(f"Error {status}", body, query=query)
