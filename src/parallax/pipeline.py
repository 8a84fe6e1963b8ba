"""Library entry points that join the stages: ingest into a store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from parallax.config import Settings, load_settings
from parallax.errors import InputError
from parallax.ingest import read_articles
from parallax.models import Article
from parallax.store.base import Store

BATCH = 64  # articles written per transaction


@dataclass(frozen=True, slots=True)
class IngestReport:
    added: tuple[Article, ...]
    known: tuple[Article, ...]
    failed: tuple[InputError, ...]
    skipped: tuple[InputError, ...]

    @property
    def ok(self) -> bool:
        return not self.failed


def ingest(
    inputs: list[str],
    store: Store,
    settings: Settings | None = None,
    *,
    format: str | None = None,
    stdin: BinaryIO | None = None,
    on_source: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Read every input, clean it and store the articles; failures are collected, not raised.

    Many files are read by ``workers`` processes (default: one per core; 1: this process)."""
    settings = settings or load_settings()
    added: list[Article] = []
    known: list[Article] = []
    failed: list[InputError] = []
    skipped: list[InputError] = []
    pending: list[Article] = []

    def flush() -> None:
        for article, new in zip(pending, store.add_many(pending), strict=True):
            (added if new else known).append(article)
        pending.clear()

    outcomes = read_articles(
        inputs, settings, format=format, stdin=stdin, on_source=on_source, workers=workers
    )
    for outcome in outcomes:
        if outcome.article is not None:
            pending.append(outcome.article)
            if len(pending) >= BATCH:
                flush()
        elif outcome.error is not None:
            (skipped if outcome.skipped else failed).append(outcome.error)
    flush()
    return IngestReport(tuple(added), tuple(known), tuple(failed), tuple(skipped))


def load_articles(
    inputs: list[str],
    settings: Settings | None = None,
    *,
    format: str | None = None,
    stdin: BinaryIO | None = None,
) -> tuple[list[Article], list[InputError]]:
    """Read and clean articles without storing them (``parallax compare FILE ...``).

    Returns the articles (each content once) and the inputs that could not be read."""
    settings = settings or load_settings()
    articles: dict[str, Article] = {}
    failed: list[InputError] = []
    for outcome in read_articles(inputs, settings, format=format, stdin=stdin):
        if outcome.article is not None:
            articles.setdefault(outcome.article.id, outcome.article)
        elif outcome.error is not None and not outcome.skipped:
            failed.append(outcome.error)
    return list(articles.values()), failed
