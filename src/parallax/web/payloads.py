"""The JSON shapes of the API: one envelope for every answer, one error body for every error.

Every answer is ``{"data": ..., "error": null, "meta": {...}}``; every error is
``{"data": null, "error": {"status", "code", "message", "fix"}, "meta": {...}}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from parallax import __version__
from parallax.analysis.records import Analysis
from parallax.models import Article
from parallax.render.console import article_summary

ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "internal_error",
    503: "unavailable",
}


def envelope(data: Any, **meta: Any) -> dict[str, Any]:
    return {"data": data, "error": None, "meta": {"version": __version__, **meta}}


def error_body(status: int, message: str, fix: str | None = None, **meta: Any) -> dict[str, Any]:
    return {
        "data": None,
        "error": {
            "status": status,
            "code": ERROR_CODES.get(status, "error"),
            "message": message,
            "fix": fix,
        },
        "meta": {"version": __version__, **meta},
    }


def story_summary(story: dict[str, Any], outlets_total: int) -> dict[str, Any]:
    """A story as the list shows it: who covered it, how many articles, when."""
    return {
        "story_id": story["story_id"],
        "title": story.get("title"),
        "first": story.get("first"),
        "last": story.get("last"),
        "outlets": list(story.get("outlets", [])),
        "articles": len(story["article_ids"]),
        "article_ids": list(story["article_ids"]),
        "independent_reports": story.get("independent_reports"),
        "confidence": story.get("confidence"),
        "coverage": round(len(story.get("outlets", [])) / outlets_total, 4)
        if outlets_total
        else 0.0,
        "links": {
            "page": f"/stories/{story['story_id']}",
            "api": f"/api/stories/{story['story_id']}",
        },
    }


def article_payload(
    article: Article, analysis: Analysis | None, story_id: str | None
) -> dict[str, Any]:
    return {
        **article.to_dict(),
        "story_id": story_id,
        "analysis": analysis.to_dict() if analysis else None,
        "links": {"page": f"/articles/{article.id}", "api": f"/api/articles/{article.id}"},
    }


def article_link(article: Article, story_id: str | None) -> dict[str, Any]:
    return {
        **article_summary(article),
        "story_id": story_id,
        "links": {"page": f"/articles/{article.id}", "api": f"/api/articles/{article.id}"},
    }


# --- models for the OpenAPI description --------------------------------------------------


class ErrorInfo(BaseModel):
    status: int = Field(examples=[404])
    code: str = Field(examples=["not_found"])
    message: str = Field(examples=["no story with id 'sabc'"])
    fix: str | None = Field(default=None, examples=["list the stories at / or /api/stories"])


class ErrorEnvelope(BaseModel):
    data: None = None
    error: ErrorInfo
    meta: dict[str, Any]


class Envelope(BaseModel):
    data: Any
    error: None = None
    meta: dict[str, Any]


class ArticleIn(BaseModel):
    """One article to ingest, as JSON (the fields of a JSONL line)."""

    text: str | None = Field(default=None, description="Plain text (this or `html`).")
    html: str | None = Field(default=None, description="A whole page (this or `text`).")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, examples=["2026-03-19T14:05:00+01:00"])
    authors: list[str] | str | None = None
    language: str | None = Field(default=None, examples=["en"])


API_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorEnvelope, "description": "Unknown story or article"},
    413: {"model": ErrorEnvelope, "description": "Request body too large (or once decompressed)"},
    422: {"model": ErrorEnvelope, "description": "Bad input"},
}
