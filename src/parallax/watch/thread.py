"""The watch loop on a thread of its own, for ``parallax watch`` (which keeps its main
thread for Ctrl+C and the live status) and ``parallax serve --watch`` (started and stopped
with the web app)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parallax.config import Settings
from parallax.watch.poll import DEFAULT_INTERVAL, Activity, RoundReport, Sink, store_articles, watch

log = logging.getLogger("parallax.watch")


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """What to watch and how often (``parallax serve --watch``)."""

    feeds: tuple[str, ...]
    interval: float = DEFAULT_INTERVAL
    delay: float = 1.0


def log_round(report: RoundReport) -> None:
    """Log what a round found (for a server, where no terminal shows it)."""
    for feed in report.feeds:
        if feed.new:
            log.info("%s: %d new articles", feed.url, len(feed.new))
        if feed.error and feed.status.value == "failed":
            log.warning("%s: %s (failure %d in a row)", feed.url, feed.error, feed.failures)
        for error in feed.errors:
            log.warning("%s", error)
    for error in report.failed:
        log.warning("%s", error)


class WatchThread:
    """:func:`parallax.watch.poll.watch` on a daemon thread; :meth:`stop` ends it."""

    def __init__(
        self,
        feeds: Sequence[str],
        settings: Settings,
        *,
        interval: float = DEFAULT_INTERVAL,
        once: bool = False,
        delay: float = 1.0,
        sink: Sink = store_articles,
        on_round: Callable[[RoundReport], None] | None = None,
        on_activity: Activity | None = None,
    ) -> None:
        self.stop_event = threading.Event()
        self.error: BaseException | None = None
        self.last: RoundReport | None = None
        self._feeds, self._settings = list(feeds), settings
        self._interval, self._once, self._delay = interval, once, delay
        self._sink, self._on_round, self._on_activity = sink, on_round, on_activity
        self._thread = threading.Thread(target=self._run, name="parallax-watch", daemon=True)

    def _run(self) -> None:
        try:
            self.last = watch(
                self._feeds,
                self._settings,
                interval=self._interval,
                once=self._once,
                delay=self._delay,
                stop=self.stop_event,
                sink=self._sink,
                on_round=self._on_round,
                on_activity=self._on_activity,
            )
        except Exception as exc:  # kept for the caller to report (the store broke, ...)
            log.exception("the watcher stopped on an error")
            self.error = exc

    def start(self) -> None:
        self._thread.start()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the loop to end (at most ``timeout`` seconds); True if it has ended."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float | None = None) -> bool:
        """Ask the loop to stop and wait for it; True if it ended within ``timeout``."""
        self.stop_event.set()
        return self.join(timeout)
