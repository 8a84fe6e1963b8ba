"""``parallax serve --watch``: the watch loop on a thread that lives as long as the web app,
handing its articles to the web service (so pages show new stories without a restart)."""

from __future__ import annotations

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


__all__ = ["WATCH_STOP_TIMEOUT", "WatchOptions", "start_watching"]
