"""``parallax serve --watch``: the watch loop on a thread that lives as long as the web app,
handing its articles to the web service (so pages show new stories without a restart)."""

from __future__ import annotations

import threading
from dataclasses import replace

from parallax.watch.thread import WatchOptions, WatchThread, log_round
from parallax.web.service import WebService

WATCH_STOP_TIMEOUT = 35.0  # seconds; a request under way ends within its timeout (<= 30 s)


def start_watching(service: WebService, options: WatchOptions) -> WatchThread:
    """Start polling ``options.feeds`` into the service's store; stop it with ``.stop()``."""
    runner = WatchThread(
        options.feeds,
        replace(service.settings, db=service.db),
        interval=options.interval,
        delay=options.delay,
        sink=service.add_watched,
        on_round=log_round,
    )
    runner.start()
    return runner


class WatchAfterWarmUp:
    """The watch loop, started once ``ready`` is set (the server's warm-up done: the
    watcher and the warm-up would otherwise prepare and write the store at once), and
    stopped with the app."""

    def __init__(self, service: WebService, options: WatchOptions, ready: threading.Event):
        self._lock = threading.Lock()
        self._runner: WatchThread | None = None
        self._closed = False
        threading.Thread(
            target=self._start, args=(service, options, ready), name="parallax-watch", daemon=True
        ).start()

    def _start(self, service: WebService, options: WatchOptions, ready: threading.Event) -> None:
        ready.wait()
        with self._lock:
            if not self._closed:
                self._runner = start_watching(service, options)

    def stop(self, timeout: float = WATCH_STOP_TIMEOUT) -> None:
        with self._lock:
            self._closed = True
            runner = self._runner
        if runner is not None:
            runner.stop(timeout=timeout)


__all__ = ["WATCH_STOP_TIMEOUT", "WatchAfterWarmUp", "WatchOptions", "start_watching"]
