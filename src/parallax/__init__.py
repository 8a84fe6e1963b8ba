"""Parallax: compare how news outlets cover the same event, fact by fact, with evidence."""

from parallax.config import Settings, load_settings
from parallax.errors import ParallaxError
from parallax.models import Article, Span
from parallax.pipeline import IngestReport, ingest
from parallax.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "IngestReport",
    "ParallaxError",
    "Settings",
    "Span",
    "__version__",
    "ingest",
    "load_settings",
    "open_store",
]
