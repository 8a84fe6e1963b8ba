"""Answer at once while the server warms up: the store is prepared (articles in no story are
analysed and grouped) and the models loaded on a background thread, and until that is done
every page is a short "starting" page and every API call a 503 with ``Retry-After``.

``parallax serve`` starts this way, so that it answers as soon as it is imported and
listening (seconds, not the models' load time) and stops on the first Ctrl+C or SIGTERM even
while the models load (the thread is a daemon: it never holds the process up). The
library default (:func:`parallax.web.create_app` with ``warm_in_background=False``) still
prepares and warms before answering at all.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse, Response

from parallax.web.payloads import error_body
from parallax.web.service import WebService
from parallax.web.templates import page

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RETRY_AFTER = 3  # seconds; warming takes about 5-10 s on a small machine
# Answered while warming: the API description needs neither the store nor the models.
ALWAYS_OPEN = ("/openapi.json", "/docs", "/redoc")
STARTING = "the server is starting: the store is being prepared and the models loaded"
STARTING_FIX = f"retry in {RETRY_AFTER} s (see the Retry-After header)"

log = logging.getLogger("parallax.web")


def freeze_heap() -> None:
    """Exempt what is loaded at start-up from the garbage collector's full passes.

    The models (torch, sentence-transformers, spaCy) make a quarter of a million objects;
    a full collection walks them all (about 150 ms on the development machine) and stalls
    every request in flight, which made the 99th percentile of the story page about 250 ms
    against a median of about 30 ms. Frozen objects are still freed by reference counting."""
    gc.collect()
    gc.freeze()


def warm_up(service: WebService) -> None:
    """Prepare the store, load the models, freeze the heap (blocking)."""
    service.prepare()
    service.warm()
    freeze_heap()


class Warming:
    """The warm-up of one app on a daemon thread, and whether it is done."""

    def __init__(self, service: WebService) -> None:
        self.service = service
        self.ready = threading.Event()
        self.problem: str | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="parallax-warm-up", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            warm_up(self.service)
        except Exception as exc:  # logged; the requests then meet the problem themselves
            self.problem = f"{type(exc).__name__}: {exc}"
            log.exception("warm-up failed; requests will prepare what they need themselves")
        finally:
            self.ready.set()


def starting_answer(path: str) -> Response:
    """What a request gets while the server warms up: a 503 that says when to retry."""
    headers = {"retry-after": str(RETRY_AFTER), "cache-control": "no-store"}
    if path == "/api" or path.startswith("/api/"):
        body = error_body(503, STARTING, STARTING_FIX, path=path)
        return JSONResponse(body, status_code=503, headers=headers)
    html = page(
        "Starting",
        '<main><h1>Starting…</h1><div class="error">'
        "<p>Parallax is preparing the store and loading its models; this takes a few "
        "seconds. This page reloads itself.</p></div></main>",
    )
    # A meta refresh, not a script: the pages' Content-Security-Policy allows no script.
    html = html.replace("<head>", f'<head><meta http-equiv="refresh" content="{RETRY_AFTER}">', 1)
    return HTMLResponse(html, status_code=503, headers=headers)


class WarmingGate:
    """Answer 503 (``starting_answer``) to every request but the API description until the
    warm-up is done; then pass everything on."""

    def __init__(self, app: ASGIApp, warming: Warming) -> None:
        self.app = app
        self.warming = warming

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.warming.ready.is_set():
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if path.startswith(ALWAYS_OPEN):
            await self.app(scope, receive, send)
            return
        await starting_answer(path)(scope, receive, send)
