"""A polite HTTP client for the watcher: one request at a time per host, a delay between
them, robots.txt obeyed, conditional GETs, and a timeout and a size cap on every request.

Each host (scheme and authority) has a lock, held for the whole of a request, and the time
its last request ended; the next one waits ``delay`` seconds after it (or the host's
``Crawl-delay`` in robots.txt, if longer). robots.txt is read once per host and again after
:data:`ROBOTS_TTL` seconds, as RFC 9309 says: a 4xx answer means no rules (everything
allowed), a 5xx answer or no answer at all means nothing is fetched from the host until it
is read again (a few minutes later): a transient :class:`FetchError`, not a refusal.
Redirects are followed one hop at a time, each hop under the rules of its own host.

Waits end early when the ``stop`` event is set; a request under way ends at the latest when
its timeout runs out.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from parallax.config import Settings
from parallax.errors import DisallowedError, FetchError, GoneError
from parallax.ingest.decode import check_size
from parallax.ingest.fetch import unreachable

ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted
ROBOTS_RETRY = 300.0  # seconds before an unreadable robots.txt is tried again
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB; more is not read
MAX_TIMEOUT = 30.0  # no request of the watcher waits longer than this
STOPPING = "not fetched: the watcher is stopping"
_FORBID_ALL = ["User-agent: *", "Disallow: /"]


@dataclass(frozen=True, slots=True)
class Answer:
    """A server's answer: 200 with the body, or 304 (not modified) with none."""

    url: str
    status: int
    data: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        if "charset=" not in self.content_type:
            return None
        return self.content_type.split("charset=")[-1].split(";")[0].strip(" \"'") or None


@dataclass(slots=True)
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")  # time.monotonic() when its last request ended
    robots: RobotFileParser | None = None
    robots_read: float = float("-inf")
    robots_error: str | None = None  # why robots.txt could not be read (5xx, no answer)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class PoliteClient:
    """GET URLs politely; see the module's docstring. Thread-safe."""

    def __init__(
        self,
        settings: Settings,
        *,
        delay: float = 1.0,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        self.delay = max(0.0, delay)
        self.stop = stop or threading.Event()
        self.timeout = min(settings.fetch_timeout, MAX_TIMEOUT)
        self.agent = settings.user_agent
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=self.timeout,
            headers={"User-Agent": self.agent},
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> _Host:
        with self._hosts_lock:
            return self._hosts.setdefault(host_of(url), _Host())

    # -- one request ---------------------------------------------------------------------

    def _wait_turn(self, url: str, host: _Host) -> None:
        """With the host's lock held: wait until ``delay`` (or Crawl-delay) has passed since
        its last request."""
        crawl_delay = host.robots.crawl_delay(self.agent) if host.robots is not None else None
        pause = max(self.delay, float(crawl_delay or 0))
        remaining = host.last + pause - time.monotonic()
        if (remaining > 0 and self.stop.wait(remaining)) or self.stop.is_set():
            raise FetchError(url, STOPPING)

    def _send(self, url: str, host: _Host, headers: dict[str, str], cap: int) -> Answer:
        """One GET (no redirect followed), the body read within the timeout and ``cap``."""
        self._wait_turn(url, host)
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    return Answer(urljoin(url, location), response.status_code)
                declared = response.headers.get("content-length", "")
                if response.status_code == 200 and declared.isdigit():
                    check_size(url, int(declared), cap)
                body = bytearray()
                if response.status_code == 200:
                    for chunk in response.iter_bytes():
                        body += chunk
                        check_size(url, len(body), cap)
                        if time.monotonic() > deadline:
                            raise _timed_out(url, self.timeout)
                        if self.stop.is_set():
                            raise FetchError(url, STOPPING)
                return Answer(
                    url=str(response.url),
                    status=response.status_code,
                    data=bytes(body),
                    content_type=response.headers.get("content-type", "").lower(),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise _timed_out(url, self.timeout) from exc
        except (httpx.InvalidURL, httpx.HTTPError) as exc:
            raise unreachable(url, exc) from exc
        finally:
            host.last = time.monotonic()

    # -- robots.txt ----------------------------------------------------------------------

    def _robots(self, url: str, host: _Host) -> RobotFileParser:
        """With the host's lock held: the host's rules, read again when they are old."""
        if host.robots is not None and time.monotonic() - host.robots_read < ROBOTS_TTL:
            return host.robots
        robots_url = host_of(url) + "/robots.txt"
        parser = RobotFileParser(robots_url)
        error: str | None = None
        try:
            answer = self._send(robots_url, host, {}, ROBOTS_MAX_BYTES)
            hops = 0
            while 300 <= answer.status < 400 and hops < 5 and host_of(answer.url) == host_of(url):
                answer = self._send(answer.url, host, {}, ROBOTS_MAX_BYTES)
                hops += 1
        except FetchError as exc:
            if exc.problem == STOPPING:
                raise
            parser.parse(_FORBID_ALL)  # unreachable: assume everything is forbidden
            error = exc.problem
        else:
            if answer.status == 200:
                parser.parse(answer.data.decode("utf-8", errors="replace").splitlines())
            elif 400 <= answer.status < 500:
                parser.parse([])  # no rules: everything allowed
            else:  # 5xx, or redirects that end nowhere
                parser.parse(_FORBID_ALL)
                error = f"server answered HTTP {answer.status}"
        host.robots, host.robots_error = parser, error
        # rules are trusted for an hour; a robots.txt that could not be read is tried again
        # after a few minutes
        host.robots_read = time.monotonic() - (ROBOTS_TTL - ROBOTS_RETRY if error else 0)
        return parser

    # -- a GET with redirects --------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Answer:
        """GET ``url`` politely; 200 or 304 (with ``etag``/``last_modified`` sent as
        If-None-Match/If-Modified-Since). Raises :class:`DisallowedError` when robots.txt
        forbids it, :class:`GoneError` on 4xx and :class:`FetchError` on anything else."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if urlsplit(current).scheme not in {"http", "https"}:
                raise FetchError(url, f"leads to {current!r}, not a web address")
            host = self._host(current)
            with host.lock:
                rules = self._robots(current, host)
                if host.robots_error is not None:
                    raise FetchError(
                        current,
                        f"not fetched: the site's robots.txt could not be read "
                        f"({host.robots_error})",
                        fix="retried later, with a growing pause",
                    )
                if not rules.can_fetch(self.agent, current):
                    raise DisallowedError(
                        current,
                        "robots.txt of the site forbids Parallax to fetch it",
                        fix="the site asks crawlers to keep out; leave it out of the feeds",
                    )
                answer = self._send(current, host, headers, self.settings.max_bytes)
            if 300 <= answer.status < 400 and answer.status != 304:
                if answer.url == current:
                    break
                current = answer.url
                continue
            return _checked(url, answer)
        raise FetchError(
            url,
            f"more than {self.settings.max_redirects} redirects",
            fix="open it in a browser and give the address it ends at",
        )


def _checked(url: str, answer: Answer) -> Answer:
    if answer.status in (200, 304):
        return answer
    problem = f"server answered HTTP {answer.status}"
    if 400 <= answer.status < 500 and answer.status not in (408, 429):
        raise GoneError(url, problem, fix="check the address")
    raise FetchError(url, problem, fix="retried later, with a growing pause")


def _timed_out(url: str, timeout: float) -> FetchError:
    return FetchError(
        url, f"timed out after {timeout:g} s", fix="retried later, or raise PARALLAX_FETCH_TIMEOUT"
    )
