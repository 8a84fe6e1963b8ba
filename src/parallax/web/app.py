"""``create_app(store_path)``: the FastAPI application over a Parallax store.

Around the routes: a request-size limit (413 before the body reaches a route), security
headers on every answer (a Content-Security-Policy that allows no script on the pages), and
one error body for every API error (the envelope of :mod:`parallax.web.payloads`); pages get
the same message as an HTML page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from parallax import __version__
from parallax.config import Settings
from parallax.errors import (
    InputError,
    NotFoundError,
    ParallaxError,
    QueryError,
    StoreError,
    TooLargeError,
)
from parallax.store.location import redact
from parallax.web import api, outlets_routes, pages
from parallax.web.payloads import error_body
from parallax.web.service import WebService
from parallax.web.startup import Warming, WarmingGate, warm_up
from parallax.web.templates import error_page
from parallax.web.watching import WATCH_STOP_TIMEOUT, WatchAfterWarmUp, WatchOptions

DEFAULT_MAX_BODY = 5 * 1024 * 1024
# A posted input may decompress (gzip) to at most this many times --max-body.
DECOMPRESSED_FACTOR = 4

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# Swagger UI (/docs) and ReDoc load their script and styles from a CDN and run inline code.
DOCS_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; base-uri 'none'; "
    "frame-ancestors 'none'"
)
PAGES_FIX = (
    "the pages are /, /stories/ID, /articles, /articles/ID, /outlets and /search; "
    "the API is at /docs"
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("parallax.web")
_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[/\\](?:[^\s/\\:;,'\"]+[/\\])+[^\s:;,'\")]*")


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _error(request_path: str, status: int, message: str, fix: str | None) -> Response:
    if _is_api(request_path) or request_path == "/openapi.json":
        return JSONResponse(error_body(status, message, fix, path=request_path), status_code=status)
    return HTMLResponse(error_page(status, message, fix), status_code=status)


class BodyLimit:
    """Refuse request bodies above ``max_body`` bytes with a 413, whether the size is
    declared (Content-Length) or streamed; smaller bodies are passed on unchanged."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                response = _error(
                    path, 400, "the Content-Length header is not a number", "send a valid one"
                )
                await response(scope, receive, send)
                return
            if size > self.max_body:
                await self._too_large(scope, receive, send, path, size)
                return
        if scope.get("method") not in {"POST", "PUT", "PATCH"}:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away mid-body: nothing to answer, no partial body
            chunk = bytes(message.get("body", b""))
            total += len(chunk)
            if total > self.max_body:
                await self._too_large(scope, receive, send, path, None)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(
        self, scope: Scope, receive: Receive, send: Send, path: str, size: int | None
    ) -> None:
        told = f"{size:,} bytes" if size is not None else "larger than that"
        response = _error(
            path,
            413,
            f"the request body is {told}; the limit is {self.max_body:,} bytes",
            fix="send a smaller article, or start 'parallax serve' with a larger --max-body",
        )
        await response(scope, receive, send)


def security_headers(path: str) -> list[tuple[str, str]]:
    """The Content-Security-Policy and friends that every answer carries."""
    csp = DOCS_CSP if path.startswith(("/docs", "/redoc")) else PAGE_CSP
    return [
        ("content-security-policy", csp),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
    ]


class SecurityHeaders:
    """A Content-Security-Policy and friends on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = [(k.encode(), v.encode()) for k, v in security_headers(scope.get("path", ""))]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        await self.app(scope, receive, with_headers)


def _install_errors(app: FastAPI) -> None:
    async def not_found(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, NotFoundError)
        return _error(request.url.path, 404, exc.problem, exc.fix)

    async def bad_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ParallaxError)
        message = f"{exc.source}: {exc.problem}" if isinstance(exc, InputError) else exc.problem
        return _error(request.url.path, 422, message, exc.fix)

    async def bad_query(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, QueryError)
        if _is_api(request.url.path):
            return _error(request.url.path, 400, exc.problem, exc.fix)
        # the page keeps the query in its search box, to be corrected
        return HTMLResponse(error_page(400, exc.problem, exc.fix, query=exc.query), status_code=400)

    async def too_large(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TooLargeError)
        return _error(
            request.url.path,
            413,
            f"{exc.source}: {exc.problem}",
            f"send a smaller input; a post may decompress to {DECOMPRESSED_FACTOR} times "
            "--max-body at most (and to --max-bytes)",
        )

    async def store_error(request: Request, exc: Exception) -> Response:
        # The server's file paths are for its log, not for web clients.
        assert isinstance(exc, StoreError)
        log.error("store error: %s", exc)
        location = request.app.state.service.db
        problem = exc.problem
        if isinstance(location, str):  # a URL: never show it (user, host, password)
            names = {location, redact(location)}
        else:
            names = {str(location.resolve()), str(location.absolute()), str(location)}
        for name in sorted(names, key=len, reverse=True):
            problem = problem.replace(name, "the store")
        problem = _PATH.sub("(a server path)", problem)
        return _error(request.url.path, 500, problem, "the server log has the details")

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
            for err in exc.errors()
        )
        return _error(
            request.url.path, 422, f"bad request: {problems}", "see the parameters at /docs"
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            message, fix = f"nothing at {request.url.path}", PAGES_FIX
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
            fix = "see the methods at /docs"
        else:
            message, fix = str(exc.detail), None
        response = _error(request.url.path, exc.status_code, message, fix)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    async def internal(request: Request, exc: Exception) -> Response:
        # Starlette answers this one from its outermost middleware, outside SecurityHeaders:
        # the headers are set here.
        log.exception("unexpected error on %s", request.url.path, exc_info=exc)
        response = _error(
            request.url.path,
            500,
            f"internal error ({type(exc).__name__})",
            "this is a bug in Parallax; please report it with the server log",
        )
        response.headers.update(dict(security_headers(request.url.path)))
        return response

    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(QueryError, bad_query)
    app.add_exception_handler(TooLargeError, too_large)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(ParallaxError, bad_input)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal)


def create_app(
    store_path: Path | str,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    settings: Settings | None = None,
    cache_size: int = 128,
    watch: WatchOptions | None = None,
    warm_in_background: bool = False,
) -> FastAPI:
    """The web app and HTTP API over the store at ``store_path`` (a SQLite file or a
    ``postgresql://`` URL).

    At start-up, articles that are in no story yet are analysed and grouped, so that the
    first page is complete, and the models are loaded. With ``warm_in_background`` (what
    ``parallax serve`` does) that runs on a thread and the app answers at once: a 503 with
    Retry-After (a "starting" page for the pages) until it is done; see
    :mod:`parallax.web.startup`. With ``watch``, the feeds are polled on a thread of the
    app's lifetime and new articles join their stories."""
    if max_body < 1:
        raise ParallaxError(f"--max-body {max_body} is too small", fix="give a positive size")
    service = WebService(
        store_path,
        settings=settings,
        cache_size=cache_size,
        max_post_bytes=max_body * DECOMPRESSED_FACTOR,
    )

    warming = Warming(service)
    if not warm_in_background:
        warming.ready.set()  # the server answers nothing before the lifespan's warm-up

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm_in_background:
            warming.start()
        else:
            await run_in_threadpool(warm_up, service)
        watcher = WatchAfterWarmUp(service, watch, warming.ready) if watch and watch.feeds else None
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop(timeout=WATCH_STOP_TIMEOUT)
            service.close()

    app = FastAPI(
        title="Parallax",
        version=__version__,
        summary="Compare how news outlets cover the same event, fact by fact, with evidence.",
        description=(
            "Every page has a JSON twin under `/api`. Every answer is an envelope "
            "`{data, error, meta}`; every error has `error: {status, code, message, fix}`."
        ),
        lifespan=lifespan,
    )
    app.state.service = service
    _install_errors(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(outlets_routes.api_router)  # GET /api/articles, /api/outlets
    app.include_router(outlets_routes.page_router)  # /articles, /outlets
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(WarmingGate, warming=warming)
    app.add_middleware(SecurityHeaders)
    return app
