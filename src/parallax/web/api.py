"""The HTTP API: the JSON twin of every page, and ``POST /api/articles``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from parallax.errors import InputError
from parallax.web.payloads import (
    API_ERRORS,
    ArticleIn,
    Envelope,
    ErrorEnvelope,
    article_link,
    article_payload,
    envelope,
    error_body,
    story_summary,
)
from parallax.web.service import WebService

router = APIRouter(prefix="/api", tags=["api"], responses=API_ERRORS)

ACCEPTED = "application/json, multipart/form-data"

POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "format": {
                            "type": "string",
                            "description": "Skip sniffing: txt, html, warc, feed or jsonl.",
                        },
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


def _service(request: Request) -> WebService:
    service: WebService = request.app.state.service
    return service


@router.get("/stories", response_model=Envelope, summary="Stories, newest first")
def list_stories(request: Request) -> dict[str, Any]:
    with _service(request).store() as store:
        stories = _service(request).stories(store)
        outlets = len(store.outlets())
    return envelope([story_summary(s, outlets) for s in stories], count=len(stories))


@router.get("/stories/{story_id}", response_model=Envelope, summary="One story and its comparison")
def get_story(story_id: str, request: Request) -> dict[str, Any]:
    service = _service(request)
    with service.store() as store:
        view = service.view(store, story_id)
        outlets = len(store.outlets())
    sid = view.record["story_id"]
    data = {
        "story": story_summary(view.record, outlets),
        "articles": [article_link(a, sid) for a in view.articles],
        "comparison": view.comparison.to_dict(),
        "outlets": view.outlets,
    }
    return envelope(data, page=f"/stories/{sid}")


@router.get(
    "/articles/{article_id}",
    response_model=Envelope,
    summary="One article: clean text, metadata and its analysis (spans are offsets)",
)
def get_article(article_id: str, request: Request) -> dict[str, Any]:
    service = _service(request)
    with service.store() as store:
        article, analysis = service.article(store, article_id)
        story_id = service.story_of(store, article.id)
    return envelope(article_payload(article, analysis, story_id), page=f"/articles/{article.id}")


@router.get(
    "/search",
    response_model=Envelope,
    responses={400: {"model": ErrorEnvelope, "description": "The query breaks the FTS5 syntax"}},
    summary="Full-text search over titles and texts",
)
def search(
    request: Request,
    q: Annotated[str, Query(max_length=500, description="Words (FTS5 syntax allowed)")] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    service = _service(request)
    with service.store() as store:
        hits = store.search(q, limit=limit, strict=True)
        story_of = service.story_ids(store, [h.article.id for h in hits])
    data = [
        {
            **article_link(h.article, story_of.get(h.article.id)),
            "snippet": h.highlighted("[", "]"),
            "score": round(h.score, 4),
        }
        for h in hits
    ]
    return envelope(data, query=q, count=len(data))


@router.post(
    "/articles",
    status_code=201,
    response_model=Envelope,
    responses={415: {"model": ErrorEnvelope, "description": "Not JSON nor a multipart upload"}},
    summary="Ingest an article (JSON or an uploaded file); it is analysed and put in its story",
    openapi_extra=POST_BODY,
)
async def post_article(request: Request) -> JSONResponse:
    service = _service(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt: str | None = None
    if kind == "application/json":
        data, label, fmt = _json_article(await request.body()), "request body", "jsonl"
    elif kind == "multipart/form-data":
        data, label, fmt = await _uploaded(request)
    else:
        problem = f"content type {kind or '(none)'!r} is not accepted"
        fix = "send application/json (an article object) or multipart/form-data with 'file'"
        body = error_body(415, problem, fix, path=request.url.path)
        return JSONResponse(body, status_code=415, headers={"accept-post": ACCEPTED})
    from starlette.concurrency import run_in_threadpool

    posted = await run_in_threadpool(service.post, data, label=label, format=fmt)
    result = {
        "added": [article_link(a, posted.story_of[a.id]) for a in posted.added],
        "already_known": [article_link(a, posted.story_of[a.id]) for a in posted.known],
        "failed": [{"input": err.source, "problem": err.message} for err in posted.failed],
    }
    status = 201 if posted.added else 200
    return JSONResponse(envelope(result), status_code=status)


def _json_article(body: bytes) -> bytes:
    """The posted JSON object, checked, as one JSONL line for the ingest pipeline."""
    try:
        raw = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            "request body", f"is not valid JSON ({exc})", fix="send one JSON object"
        ) from None
    if not isinstance(raw, dict):
        raise InputError(
            "request body",
            f"is a JSON {type(raw).__name__}, not an object",
            fix='send one object such as {"text": "...", "outlet": "..."}',
        )
    try:
        article = ArticleIn.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise InputError(
            "request body", problems, fix="see the ArticleIn schema at /docs"
        ) from None
    if not (article.text or "").strip() and not (article.html or "").strip():
        raise InputError(
            "request body",
            "has neither 'text' nor 'html'",
            fix="give the article's plain text in 'text' or its page in 'html'",
        )
    fields = article.model_dump(exclude_none=True)
    # ASCII only: the line holds no raw U+2028 or U+0085 that a reader might split it at.
    return json.dumps(fields, ensure_ascii=True).encode("ascii")


async def _uploaded(request: Request) -> tuple[bytes, str, str | None]:
    form = await request.form()
    try:
        upload = form.get("file")
        fmt = form.get("format")
        if upload is None or isinstance(upload, str):
            raise InputError(
                "form",
                "has no file field",
                fix="send the article as the multipart field 'file'",
            )
        data = await upload.read()
        label = upload.filename or "upload"
        return data, label, fmt if isinstance(fmt, str) and fmt else None
    finally:
        await form.close()
