"""Stores, chosen by the form of the location: a file path (SQLite) or a URL scheme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parallax.errors import StoreError, UnknownNameError
from parallax.store.base import SearchHit, Store
from parallax.store.location import is_url, shown
from parallax.store.sqlite import SQLiteStore

POSTGRES_EXTRA = "pip install 'parallax-news[postgres]'"


def _sqlite(location: str) -> Store:
    return SQLiteStore(location.removeprefix("sqlite:///"))


def _postgresql(location: str) -> Store:
    try:
        from parallax.store.postgres import PostgresStore
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in {"psycopg", "psycopg_pool"}:
            raise
        raise StoreError(
            "PostgreSQL support is not installed (psycopg is missing)", fix=POSTGRES_EXTRA
        ) from None
    return PostgresStore(location)


_BACKENDS: dict[str, Callable[[str], Store]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
}


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: ``sqlite:///path``, a plain path, or
    ``postgresql://user@host/db`` (also ``postgres://``)."""
    text = str(location)
    scheme = text.split("://", 1)[0].lower() if "://" in text else "sqlite"
    if scheme == "postgres":
        scheme = "postgresql"
    try:
        backend = _BACKENDS[scheme]
    except KeyError:
        raise UnknownNameError("store", scheme, list(_BACKENDS)) from None
    return backend(text)


__all__ = ["SQLiteStore", "SearchHit", "Store", "is_url", "open_store", "shown"]
