"""Parallax: compare how news outlets cover the same event, fact by fact, with evidence."""

from typing import TYPE_CHECKING

from parallax.config import Settings, load_settings
from parallax.errors import ParallaxError
from parallax.models import Article, Span
from parallax.pipeline import IngestReport, ingest
from parallax.store import open_store

if TYPE_CHECKING:
    from collections.abc import Sequence

    from parallax.analysis.records import Analysis
    from parallax.comparison.records import Comparison
    from parallax.store.base import Store

__version__ = "0.1.0"


def analyze(article: Article) -> "Analysis":
    """Analyse one article: sentences, entities, quotes with speakers, dates, quantities.

    spaCy is loaded on first use, not when ``parallax`` is imported.
    """
    from parallax.analysis.pipeline import analyze as _analyze

    return _analyze(article)


def compare(articles: "Sequence[Article]", *, store: "Store | None" = None) -> "Comparison":
    """Compare articles about one event: shared and unique facts, conflicts, quotes, framing,
    coverage. See :func:`parallax.comparison.build.compare`."""
    from parallax.comparison.build import compare as _compare

    return _compare(articles, store=store)


__all__ = [
    "Article",
    "IngestReport",
    "ParallaxError",
    "Settings",
    "Span",
    "__version__",
    "analyze",
    "compare",
    "ingest",
    "load_settings",
    "open_store",
]
