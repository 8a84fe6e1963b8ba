"""Ingest: read articles from files, directories, globs, URLs and stdin, in any known format.

>>> from parallax.ingest import read_articles
>>> for outcome in read_articles(["news/"], settings): ...

Each outcome is an article or the error of one input; one bad input never stops the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from parallax.config import Settings
from parallax.errors import InputError, MalformedInputError

# Importing the format modules registers them (each declares its sniffing priority).
from parallax.ingest import feed as _feed  # noqa: F401
from parallax.ingest import html as _html  # noqa: F401
from parallax.ingest import jsonl as _jsonl  # noqa: F401
from parallax.ingest import text as _text  # noqa: F401
from parallax.ingest import warc as _warc  # noqa: F401
from parallax.ingest.build import build_article
from parallax.ingest.decode import check_binary
from parallax.ingest.feed import SkippedEntry
from parallax.ingest.parallel import pool_size, read_in_pool
from parallax.ingest.registry import Source, choose_format, formats, get_format
from parallax.ingest.sources import expand, load
from parallax.models import Article
from parallax.outlets.describe import SINGLE_ARTICLE_FORMATS, name_outlet, registry_for


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article-sized piece of input."""

    source: str
    article: Article | None = None
    error: InputError | None = None

    @property
    def skipped(self) -> bool:
        return isinstance(self.error, SkippedEntry)


def read_source(
    source: Source,
    settings: Settings,
    *,
    format: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Outcome]:
    """Every article in one source (a WARC or a feed holds many), or the errors met."""
    try:
        source, data, broken = load(source, settings, stdin=stdin)
        fmt = get_format(format) if format else choose_format(data, source.label)
        registry = registry_for(settings)  # outlets are stored under the registry's names
        stem = source.path.stem if source.path and fmt.name in SINGLE_ARTICLE_FORMATS else None
        if fmt.name != "warc":  # a WARC holds binary records of its own
            check_binary(source.label, data)
        for item in fmt.read(source, data, settings):
            if (
                broken is not None
                and isinstance(item, MalformedInputError)
                and item.source == source.label
            ):
                continue  # the archive ends where its gzip data broke: said once, below
            if isinstance(item, InputError):
                yield Outcome(item.source, error=item)
                continue
            try:
                named = name_outlet(item, registry, stem=stem)
                yield Outcome(item.source, article=build_article(named))
            except InputError as exc:
                yield Outcome(item.source, error=exc)
        if broken is not None:
            yield Outcome(source.label, error=broken)
    except InputError as exc:
        yield Outcome(source.label, error=exc)


def read_articles(
    inputs: list[str],
    settings: Settings,
    *,
    format: str | None = None,
    stdin: BinaryIO | None = None,
    on_source: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Articles from every input, in order; ``on_source(done, total, label)`` reports progress.

    Many files are read by ``workers`` processes (default: one per core; 1 reads everything
    in this process), with the same outcomes in the same order.
    """
    sources = list(expand(inputs))
    total = len(sources)

    def read_here(item: Source | InputError) -> list[Outcome]:
        if isinstance(item, InputError):
            return [Outcome(item.source, error=item)]
        return list(read_source(item, settings, format=format, stdin=stdin))

    files = sum(1 for item in sources if isinstance(item, Source) and item.path is not None)
    size = pool_size(files, workers)
    if size:
        each: Iterator[tuple[Source | InputError, list[Outcome]]] = read_in_pool(
            sources, settings, read_here, workers=size, format=format
        )
    else:
        each = ((item, read_here(item)) for item in sources)
    for done, (item, outcomes) in enumerate(each, start=1):
        yield from outcomes
        if on_source is not None:
            on_source(done, total, item.source if isinstance(item, InputError) else item.label)


__all__ = ["Outcome", "Source", "build_article", "formats", "read_articles", "read_source"]
