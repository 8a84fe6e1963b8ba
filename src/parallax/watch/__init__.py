"""Watch feeds: poll them on a schedule and put each new article into its story.

>>> from parallax.watch import feed_urls, watch
>>> watch(feed_urls(["feeds.opml"]), settings, interval=900)

Modules: :mod:`~parallax.watch.feeds` (the feeds to watch), :mod:`~parallax.watch.client`
(polite HTTP), :mod:`~parallax.watch.entries` (a feed's entries and their pages),
:mod:`~parallax.watch.poll` (the loop), :mod:`~parallax.watch.thread` (the loop on a
thread), :mod:`~parallax.watch.status` (what the terminal shows).
"""

from __future__ import annotations

from parallax.watch.client import PoliteClient
from parallax.watch.feeds import feed_urls
from parallax.watch.poll import (
    DEFAULT_INTERVAL,
    FeedReport,
    FeedStatus,
    Placed,
    RoundReport,
    poll_round,
    store_articles,
    watch,
)
from parallax.watch.thread import WatchThread

__all__ = [
    "DEFAULT_INTERVAL",
    "FeedReport",
    "FeedStatus",
    "Placed",
    "PoliteClient",
    "RoundReport",
    "WatchThread",
    "feed_urls",
    "poll_round",
    "store_articles",
    "watch",
]
