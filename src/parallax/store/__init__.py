"""Stores, chosen by the form of the location: a file path (SQLite) or a URL scheme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parallax.errors import UnknownNameError
from parallax.store.base import SearchHit, Store
from parallax.store.sqlite import SQLiteStore

_BACKENDS: dict[str, Callable[[str], Store]] = {
    "sqlite": lambda location: SQLiteStore(location.removeprefix("sqlite:///")),
}


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: ``sqlite:///path``, a plain path, or ``scheme://...``."""
    text = str(location)
    scheme = text.split("://", 1)[0] if "://" in text else "sqlite"
    if scheme.startswith("postgres"):
        scheme = "postgresql"
    try:
        backend = _BACKENDS[scheme]
    except KeyError:
        raise UnknownNameError("store", scheme, list(_BACKENDS)) from None
    return backend(text)


__all__ = ["SQLiteStore", "SearchHit", "Store", "open_store"]
