"""The watch loop: poll feeds, fetch the pages of new entries, store, analyse and group.

One *round* (:func:`poll_round`) polls every feed that is not backing off, several at once
(the client keeps one request at a time per host), with a conditional GET; reads the
entries of the feeds that changed; fetches the pages of the entries the store has not seen
(several at once again); builds the articles; hands them to the *sink*, which stores them,
analyses them and puts each into its story; and records in the store which entries were
handled and each feed's validators (ETag, Last-Modified) and failures.

What is recorded makes a restart resume: a feed that has not changed answers 304, and an
entry handled before is not fetched again. A feed's validators are kept only once all its
new entries are handled: if a page could not be fetched (a timeout, a 5xx), the feed is read
whole again next round and the page retried. A feed that fails (unreachable, HTTP error,
not a feed) backs off: after n failures in a row it is left alone for
``interval * 2**(n-1)`` (at most :data:`MAX_BACKOFF`), while the others go on.

:func:`watch` runs rounds every ``interval`` seconds until its ``stop`` event is set.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from threading import Event

from parallax.analysis.records import ANALYSIS_VERSION, Analysis
from parallax.config import Settings
from parallax.errors import (
    AnalysisError,
    DisallowedError,
    FetchError,
    GoneError,
    InputError,
    ParallaxError,
)
from parallax.ingest.build import build_article
from parallax.models import Article, RawDocument
from parallax.store import Store, open_store
from parallax.store.base import FeedState
from parallax.watch.client import Answer, PoliteClient, host_of
from parallax.watch.entries import Entry, from_entry, from_page, parse_entries

DEFAULT_INTERVAL = 900.0  # seconds between rounds
MAX_BACKOFF = 6 * 3600.0  # longest pause of a failing feed, in seconds
WORKERS = 4  # requests under way at once (at most one per host)

Activity = Callable[[str], None]


class FeedStatus(StrEnum):
    NEW = "new"  # the feed changed and new entries were read
    NOTHING_NEW = "nothing new"  # the feed changed, but every entry was handled before
    UNCHANGED = "unchanged"  # 304 Not Modified
    FAILED = "failed"
    WAITING = "backing off"  # failed before; not polled until its retry time
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class Placed:
    """What the sink did with a round's articles."""

    added: frozenset[str] = frozenset()  # ids of articles new to the store
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    failed: tuple[InputError, ...] = ()  # stored, but not analysed


Sink = Callable[[Store, Sequence[Article]], Placed]


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What one round did with one feed."""

    url: str
    status: FeedStatus
    entries: int = 0  # in the feed
    new: tuple[str, ...] = ()  # ids of the articles it brought that were new to the store
    errors: tuple[InputError, ...] = ()  # entries that gave no article
    error: str | None = None  # why the feed itself failed
    failures: int = 0  # in a row
    retry_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RoundReport:
    started: datetime
    feeds: tuple[FeedReport, ...]
    story_of: dict[str, str]  # new article id -> its story id
    failed: tuple[InputError, ...] = ()  # articles stored but not analysed

    @property
    def new(self) -> int:
        return sum(len(f.new) for f in self.feeds)


def store_articles(store: Store, articles: Sequence[Article]) -> Placed:
    """The default sink: store the articles, analyse the new ones, group the store."""
    from parallax.analysis.run import AnalyzeFailure, analyse_batch
    from parallax.stories.group import group_store

    flags = store.add_many(articles)
    added = frozenset(a.id for a, new in zip(articles, flags, strict=True) if new)
    ids = {a.id for a in articles}
    missing = [i for i in store.unanalysed(ANALYSIS_VERSION) if i in ids]
    failed: list[InputError] = []
    if missing:
        results = analyse_batch(
            [(a.id, a.text, a.published, a.language) for a in map(store.get, missing)]
        )
        store.save_analyses([r for r in results if isinstance(r, Analysis)])
        failed = [
            AnalysisError(r.article_id, f"could not be analysed ({r.problem})")
            for r in results
            if isinstance(r, AnalyzeFailure)
        ]
    stories = group_store(store)
    story_of = {a: str(s["story_id"]) for s in stories for a in s["article_ids"] if a in ids}
    return Placed(added, story_of, tuple(failed))


def backoff(failures: int, interval: float) -> timedelta:
    """How long a feed that failed ``failures`` times in a row is left alone."""
    seconds = interval * 2 ** max(0, failures - 1)
    return timedelta(seconds=min(max(seconds, 1.0), MAX_BACKOFF))


def _is_transient(error: InputError) -> bool:
    """A fetch that may work later (a timeout, a 5xx); not remembered as handled."""
    return isinstance(error, FetchError) and not isinstance(error, DisallowedError | GoneError)


def _fetch_feed(
    client: PoliteClient, state: FeedState, on_activity: Activity
) -> tuple[Answer, list[Entry]] | ParallaxError:
    on_activity(f"polling {state.url}")
    try:
        answer = client.get(state.url, etag=state.etag, last_modified=state.last_modified)
        if answer.not_modified:
            return answer, []
        return answer, parse_entries(state.url, answer.data)
    except ParallaxError as exc:
        return exc


def _document(client: PoliteClient, entry: Entry, on_activity: Activity) -> RawDocument:
    if entry.link is None:
        return from_entry(entry)
    on_activity(f"fetching {entry.link}")
    return from_page(entry, client.get(entry.link))


def _by_turns(fresh: dict[str, list[Entry]]) -> list[tuple[str, Entry]]:
    """The entries to fetch, the hosts taking turns: the workers then wait on different
    hosts' locks, not all on the lock of the host whose pages were queued first."""
    queues: dict[str, list[tuple[str, Entry]]] = {}
    for url, entries in fresh.items():
        for entry in entries:
            queues.setdefault(host_of(entry.link or url), []).append((url, entry))
    ordered: list[tuple[str, Entry]] = []
    for turn in itertools.zip_longest(*queues.values()):
        ordered.extend(item for item in turn if item is not None)
    return ordered


def _article(entry: Entry, future: Future[RawDocument]) -> Article | InputError:
    try:
        return build_article(future.result())
    except InputError as exc:
        return exc
    except Exception as exc:  # one odd page must not stop the round: reported, not retried
        return InputError(entry.label, f"could not be read ({type(exc).__name__}: {exc})")


def _failed(state: FeedState, error: ParallaxError, now: datetime, interval: float) -> FeedState:
    failures = state.failures + 1
    return replace(
        state,
        last_poll=now,
        failures=failures,
        retry_at=now + backoff(failures, interval),
        last_error=error.message,
    )


def _settle(
    store: Store,
    state: FeedState,
    answer: Answer,
    entries: list[Entry],
    results: list[Article | InputError],
    placed: Placed,
    *,
    started: datetime,
    stop: Event,
) -> FeedReport:
    """Record what became of a changed feed's new entries and the feed's new state; its
    validators only when every entry was handled (else it is read whole next round)."""
    handled: list[tuple[str, str | None]] = []
    errors: list[InputError] = []
    new: list[str] = []
    complete = True
    for entry, result in zip(entries, results, strict=True):
        if isinstance(result, Article):
            handled.append((entry.key, result.id))
            if result.id in placed.added and result.id not in new:
                new.append(result.id)
        elif _is_transient(result):
            complete = False
            errors.append(result)
        else:
            handled.append((entry.key, None))
            errors.append(result)
    store.mark_seen(state.url, handled)
    store.save_feed_state(
        replace(
            state,
            etag=answer.etag if complete else state.etag,
            last_modified=answer.last_modified if complete else state.last_modified,
            last_poll=started,
            last_ok=started,
            failures=0,
            retry_at=None,
            last_error=None,
        )
    )
    if stop.is_set() and not complete:
        status = FeedStatus.STOPPED
    else:
        status = FeedStatus.NEW if entries else FeedStatus.NOTHING_NEW
    return FeedReport(state.url, status, 0, tuple(new), tuple(errors))


def poll_round(
    feeds: Sequence[str],
    store: Store,
    client: PoliteClient,
    *,
    interval: float = DEFAULT_INTERVAL,
    sink: Sink = store_articles,
    on_activity: Activity | None = None,
    workers: int = WORKERS,
) -> RoundReport:
    """Poll ``feeds`` once; see the module's docstring. Only this thread uses ``store``."""
    started = datetime.now(UTC)
    activity: Activity = on_activity or (lambda text: None)
    stop = client.stop
    states = store.feed_states(feeds)
    reports: dict[str, FeedReport] = {}
    due: list[FeedState] = []
    for url in feeds:
        state = states.get(url, FeedState(url))
        if state.retry_at is not None and state.retry_at > started:
            reports[url] = FeedReport(
                url,
                FeedStatus.WAITING,
                error=state.last_error,
                failures=state.failures,
                retry_at=state.retry_at,
            )
        else:
            due.append(state)
    fresh: dict[str, list[Entry]] = {}
    answers: dict[str, Answer] = {}
    with ThreadPoolExecutor(max(1, workers), thread_name_prefix="parallax-watch") as pool:
        polled = {s.url: pool.submit(_fetch_feed, client, s, activity) for s in due}
        for state in due:
            outcome = polled[state.url].result()
            if isinstance(outcome, ParallaxError):
                if stop.is_set():
                    reports[state.url] = FeedReport(state.url, FeedStatus.STOPPED)
                    continue
                failed = _failed(state, outcome, started, interval)
                store.save_feed_state(failed)
                reports[state.url] = FeedReport(
                    state.url,
                    FeedStatus.FAILED,
                    error=failed.last_error,
                    failures=failed.failures,
                    retry_at=failed.retry_at,
                )
                continue
            answer, entries = outcome
            if answer.not_modified:
                store.save_feed_state(
                    replace(
                        state,
                        last_poll=started,
                        last_ok=started,
                        failures=0,
                        retry_at=None,
                        last_error=None,
                    )
                )
                reports[state.url] = FeedReport(state.url, FeedStatus.UNCHANGED)
                continue
            seen = store.seen([e.key for e in entries])
            unseen = {e.key: e for e in entries if e.key not in seen}
            fresh[state.url] = list(unseen.values())
            answers[state.url] = answer
            reports[state.url] = FeedReport(state.url, FeedStatus.NOTHING_NEW, len(entries))
        scheduled: dict[str, Future[RawDocument]] = {}  # an entry in two feeds: fetched once
        pages = {
            (url, e.key): (
                e,
                scheduled.get(e.key)
                or scheduled.setdefault(e.key, pool.submit(_document, client, e, activity)),
            )
            for url, e in _by_turns(fresh)
        }
        built = {key: _article(entry, future) for key, (entry, future) in pages.items()}
    articles = list({a.id: a for a in built.values() if isinstance(a, Article)}.values())
    placed = Placed()
    if articles:
        activity(f"analysing and grouping {len(articles)} new articles")
        placed = sink(store, articles)
    by_url = {state.url: state for state in due}
    for url, entries in fresh.items():
        results = [built[(url, entry.key)] for entry in entries]
        settled = _settle(
            store, by_url[url], answers[url], entries, results, placed, started=started, stop=stop
        )
        reports[url] = replace(settled, entries=reports[url].entries)
    return RoundReport(
        started,
        tuple(reports[url] for url in feeds),
        {a: s for a, s in placed.story_of.items() if a in placed.added},
        placed.failed,
    )


def watch(
    feeds: Sequence[str],
    settings: Settings,
    *,
    interval: float = DEFAULT_INTERVAL,
    once: bool = False,
    delay: float = 1.0,
    stop: Event | None = None,
    sink: Sink = store_articles,
    on_round: Callable[[RoundReport], None] | None = None,
    on_activity: Activity | None = None,
    workers: int = WORKERS,
) -> RoundReport | None:
    """Poll ``feeds`` every ``interval`` seconds into the store of ``settings`` until
    ``stop`` is set (after one round with ``once``); returns the last round's report.

    The store is opened here and used by this thread only."""
    stop = stop or Event()
    activity: Activity = on_activity or (lambda text: None)
    last: RoundReport | None = None
    with (
        closing(open_store(settings.db)) as store,
        PoliteClient(settings, delay=delay, stop=stop) as client,
    ):
        while not stop.is_set():
            began = time.monotonic()
            last = poll_round(
                feeds,
                store,
                client,
                interval=interval,
                sink=sink,
                on_activity=activity,
                workers=workers,
            )
            if on_round is not None:
                on_round(last)
            if once:
                break
            activity("waiting for the next round")
            stop.wait(max(0.0, interval - (time.monotonic() - began)))
    return last
