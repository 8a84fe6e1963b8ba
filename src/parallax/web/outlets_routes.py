"""``GET /api/articles`` and ``GET /api/outlets``, and their pages ``/articles`` and
``/outlets``: stored articles a page at a time (filtered by outlet, date and story), and the
outlet registry with each outlet's number of stored articles."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from parallax.models import NO_OUTLET
from parallax.outlets.describe import registry_for
from parallax.outlets.listing import outlet_rows
from parallax.outlets.registry import OutletRegistry
from parallax.web.outlets_views import (
    ArticleQuery,
    article_page_data,
    article_page_meta,
    article_page_query,
    articles_html,
    outlets_html,
    sources_meta,
)
from parallax.web.payloads import API_ERRORS, Envelope, envelope
from parallax.web.service import WebService

api_router = APIRouter(prefix="/api", tags=["api"], responses=API_ERRORS)
page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

Limit = Annotated[int, Query(ge=1, le=200, description="Articles per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Articles to skip.")]
OutletParam = Annotated[
    str | None, Query(max_length=200, description="An outlet name or alias (any case).")
]
Since = Annotated[
    str | None,
    Query(max_length=40, description="Published on or after (2026-03-04, or a date-time)."),
]
Until = Annotated[str | None, Query(max_length=40, description="Published before.")]
StoryParam = Annotated[
    str | None, Query(max_length=80, description="A story id or a unique prefix of it.")
]
InStore = Annotated[bool, Query(description="Only outlets with stored articles.")]


def _service(request: Request) -> WebService:
    service: WebService = request.app.state.service
    return service


def _registry(request: Request) -> OutletRegistry:
    return registry_for(_service(request).settings)


def _query(
    limit: int,
    offset: int,
    outlet: str | None,
    since: str | None,
    until: str | None,
    story: str | None,
) -> ArticleQuery:
    return ArticleQuery(
        limit=limit,
        offset=offset,
        outlet=(outlet or "").strip() or None,
        since=(since or "").strip() or None,
        until=(until or "").strip() or None,
        story=(story or "").strip() or None,
    )


@api_router.get(
    "/articles",
    response_model=Envelope,
    summary="Stored articles, newest first, a page at a time (filter by outlet, date, story)",
)
def list_articles(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    outlet: OutletParam = None,
    since: Since = None,
    until: Until = None,
    story: StoryParam = None,
) -> dict[str, Any]:
    service = _service(request)
    query = _query(limit, offset, outlet, since, until, story)
    with service.store() as store:
        result = article_page_query(service, store, _registry(request), query)
    return envelope(article_page_data(result), **article_page_meta(result))


@api_router.get(
    "/outlets",
    response_model=Envelope,
    summary="The outlet registry (country, language, leaning, owner) with stored article counts",
)
def list_outlets(request: Request, in_store: InStore = False) -> dict[str, Any]:
    registry = _registry(request)
    with _service(request).store() as store:
        counts = store.outlets()
    rows = outlet_rows(registry, counts, in_store=in_store)
    return envelope(rows, count=len(rows), sources=sources_meta(registry), page="/outlets")


@page_router.get("/articles")
def articles_page(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    outlet: OutletParam = None,
    since: Since = None,
    until: Until = None,
    story: StoryParam = None,
) -> HTMLResponse:
    service = _service(request)
    query = _query(limit, offset, outlet, since, until, story)
    registry = _registry(request)
    with service.store() as store:
        result = article_page_query(service, store, registry, query)
        rows = outlet_rows(registry, store.outlets(), in_store=True)
    names = [row["name"] for row in rows if row["name"] != NO_OUTLET]
    return HTMLResponse(articles_html(result, names))


@page_router.get("/outlets")
def outlets_page(request: Request, in_store: InStore = False) -> HTMLResponse:
    registry = _registry(request)
    with _service(request).store() as store:
        counts = store.outlets()
    return HTMLResponse(outlets_html(outlet_rows(registry, counts, in_store=in_store), registry))
