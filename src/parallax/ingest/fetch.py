"""Fetching URLs with httpx: timeouts, a size cap, a redirect limit and a content-type check."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from parallax.config import Settings
from parallax.errors import FetchError
from parallax.ingest.decode import check_size

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/warc",
    "application/x-ndjson",
    "application/jsonl",
    "application/json",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    data: bytes


def unreachable(url: str, exc: httpx.InvalidURL | httpx.HTTPError) -> FetchError:
    """The error for an address that could not be fetched (a malformed one included)."""
    if isinstance(exc, httpx.InvalidURL):
        return FetchError(url, f"invalid URL ({exc})", fix="check the address")
    return FetchError(
        url, f"cannot be reached ({type(exc).__name__}: {exc})", fix="check the address"
    )


def _timed_out(url: str, settings: Settings) -> FetchError:
    return FetchError(
        url,
        f"timed out after {settings.fetch_timeout:g} s",
        fix="retry later or raise PARALLAX_FETCH_TIMEOUT",
    )


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url``; raise :class:`FetchError` naming what went wrong.

    ``fetch_timeout`` bounds each wait and the whole download: a server that sends a byte
    now and then, each within the timeout, is still given up on.
    """
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=settings.max_redirects,
                timeout=settings.fetch_timeout,
                headers={"User-Agent": settings.user_agent},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    url,
                    f"server answered HTTP {response.status_code}",
                    fix="check the address, or retry later",
                )
            content_type = response.headers.get("content-type", "").lower()
            mime = content_type.split(";")[0].strip()
            if mime and not mime.startswith(ACCEPTED_TYPES):
                raise FetchError(
                    url,
                    f"content type {mime!r} is not a page, feed or archive",
                    fix="parallax fetches HTML, text, RSS/Atom, WARC and JSONL",
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit():
                check_size(url, int(declared), settings.max_bytes)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                check_size(url, len(body), settings.max_bytes)
                if time.monotonic() > deadline:
                    raise _timed_out(url, settings)
            return Fetched(url=str(response.url), content_type=content_type, data=bytes(body))
    except httpx.TooManyRedirects as exc:
        raise FetchError(
            url,
            f"more than {settings.max_redirects} redirects",
            fix="open it in a browser and give the address it ends at",
        ) from exc
    except httpx.TimeoutException as exc:
        raise _timed_out(url, settings) from exc
    except (httpx.InvalidURL, httpx.HTTPError) as exc:
        raise unreachable(url, exc) from exc
