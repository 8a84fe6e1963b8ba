"""What ``parallax watch`` shows while it runs: a table of the feeds (their last poll, new
articles, errors, backoff), the totals, and what the watcher is doing now.

:class:`WatchStatus` is fed from the watch thread (``on_round``, ``on_activity``) and drawn
by rich's ``Live`` in the CLI; it renders itself (``__rich__``) from a snapshot taken under
its lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from parallax.watch.poll import FeedReport, FeedStatus, RoundReport
from parallax.watch.thread import WatchThread

_STYLE = {
    FeedStatus.NEW: "green",
    FeedStatus.FAILED: "red",
    FeedStatus.WAITING: "yellow",
    FeedStatus.STOPPED: "dim",
}


SHOWN_PROBLEMS = 5  # the live view's latest problems


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _clock(when: datetime | None) -> str:
    return when.astimezone().strftime("%H:%M:%S") if when else ""


class WatchStatus:
    """The watcher's state as the terminal shows it. Thread-safe."""

    def __init__(self, feeds: Sequence[str]) -> None:
        self._lock = threading.Lock()
        self._feeds = list(feeds)
        self._last: dict[str, FeedReport] = {}
        self._polled: dict[str, datetime] = {}
        self._new: dict[str, int] = dict.fromkeys(self._feeds, 0)
        self.rounds = 0
        self.articles = 0
        self.errors = 0
        self.activity = "starting"
        self.stories: set[str] = set()

    def on_activity(self, text: str) -> None:
        self.activity = text

    def on_round(self, report: RoundReport) -> None:
        with self._lock:
            self.rounds += 1
            for feed in report.feeds:
                self._last[feed.url] = feed
                if feed.status is not FeedStatus.WAITING:
                    self._polled[feed.url] = report.started
                self._new[feed.url] = self._new.get(feed.url, 0) + len(feed.new)
                self.articles += len(feed.new)
                self.errors += len(feed.errors) + (feed.status is FeedStatus.FAILED)
            self.errors += len(report.failed)
            self.stories.update(report.story_of.values())

    def table(self) -> Table:
        table = Table(box=None, pad_edge=False, header_style="bold")
        for name in ("feed", "last poll", "status", "new", "problem"):
            table.add_column(name, justify="right" if name == "new" else "left")
        with self._lock:
            for url in self._feeds:
                report = self._last.get(url)
                if report is None:
                    table.add_row(escape(url), "", "waiting for the first poll", "0", "")
                    continue
                status = report.status.value
                if report.status in (FeedStatus.FAILED, FeedStatus.WAITING) and report.retry_at:
                    status += f" (next try {_clock(report.retry_at)}, {report.failures} failed)"
                problem = report.error or (
                    f"{_plural(len(report.errors), 'entry', 'entries')} unread"
                    if report.errors
                    else ""
                )
                table.add_row(
                    escape(url),
                    _clock(self._polled.get(url)),
                    f"[{_STYLE.get(report.status, '')}]{escape(status)}[/]"
                    if report.status in _STYLE
                    else escape(status),
                    str(self._new.get(url, 0)),
                    escape(problem[:100]),
                )
        return table

    def problems(self) -> list[str]:
        """Each feed's failure and each unread entry, as of the feed's last poll."""
        with self._lock:
            found: list[str] = []
            for url in self._feeds:
                report = self._last.get(url)
                if report is None:
                    continue
                if report.status is FeedStatus.FAILED and report.error:
                    found.append(f"{url}: {report.error}")
                found.extend(str(e) for e in report.errors)
            return found

    @property
    def failed_feeds(self) -> int:
        with self._lock:
            return sum(r.status is FeedStatus.FAILED for r in self._last.values())

    def summary(self) -> str:
        return (
            f"{_plural(self.rounds, 'round')}, {_plural(self.articles, 'new article')} in "
            f"{_plural(len(self.stories), 'story', 'stories')}, {_plural(self.errors, 'error')}"
        )

    def __rich__(self) -> RenderableType:
        now = datetime.now(UTC).astimezone().strftime("%H:%M:%S")
        recent = self.problems()[-SHOWN_PROBLEMS:]
        return Group(
            self.table(),
            *(Text(f"  - {p}", style="red", overflow="ellipsis", no_wrap=True) for p in recent),
            Text(f"{now}  {self.summary()}; {self.activity}", style="dim"),
        )


def run_live(runner: WatchThread, status: WatchStatus, console: Console) -> bool:
    """Run ``runner`` while ``console`` shows ``status`` live, until the loop ends or the
    user presses Ctrl+C (then the loop is asked to stop and waited for); True if stopped
    by Ctrl+C. A second Ctrl+C while it stops interrupts at once."""
    runner.start()
    with Live(status, console=console, refresh_per_second=2, transient=True):
        try:
            while not runner.join(0.25):
                pass
        except KeyboardInterrupt:
            status.on_activity("stopping (Ctrl+C again quits at once)")
            runner.stop_event.set()
            runner.join()
            return True
    return False
