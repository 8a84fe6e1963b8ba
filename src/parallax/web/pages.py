"""The HTML pages; each has a JSON twin under ``/api`` (see :mod:`parallax.web.api`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from parallax.web import templates
from parallax.web.service import WebService

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def _service(request: Request) -> WebService:
    service: WebService = request.app.state.service
    return service


@router.get("/")
def stories(request: Request) -> HTMLResponse:
    service = _service(request)
    with service.store() as store:
        found = service.stories(store)
        known = [name for name, _ in store.outlets()]
    return HTMLResponse(templates.stories_page(found, known))


@router.get("/stories/{story_id}")
def story(story_id: str, request: Request) -> HTMLResponse:
    service = _service(request)
    with service.store() as store:
        view = service.view(store, story_id)
    return HTMLResponse(templates.story_page(view))


@router.get("/articles/{article_id}")
def article(article_id: str, request: Request) -> HTMLResponse:
    service = _service(request)
    with service.store() as store:
        found, analysis = service.article(store, article_id)
        story_id = service.story_of(store, found.id)
    return HTMLResponse(templates.article_page(found, analysis, story_id))


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> HTMLResponse:
    service = _service(request)
    with service.store() as store:
        hits = store.search(q, limit=limit, strict=True)
        story_of = service.story_ids(store, [h.article.id for h in hits])
    return HTMLResponse(templates.search_page(q, hits, story_of, limit=limit))
