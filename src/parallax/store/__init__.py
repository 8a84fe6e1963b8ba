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
_THREAD_SAFE = {"postgresql"}  # one open store may serve many threads (a connection pool)


def _scheme(location: str | Path) -> str:
    text = str(location)
    scheme = text.split("://", 1)[0].lower() if "://" in text else "sqlite"
    return "postgresql" if scheme == "postgres" else scheme


def is_thread_safe(location: str | Path) -> bool:
    """True if one store opened at ``location`` may be shared by threads (PostgreSQL);
    a SQLite store is opened per thread."""
    return isinstance(location, str) and _scheme(location) in _THREAD_SAFE


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: ``sqlite:///path``, a plain path, or
    ``postgresql://user@host/db`` (also ``postgres://``)."""
    scheme = _scheme(location)
    try:
        backend = _BACKENDS[scheme]
    except KeyError:
        raise UnknownNameError("store", scheme, list(_BACKENDS)) from None
    return backend(str(location))


__all__ = ["SQLiteStore", "SearchHit", "Store", "is_thread_safe", "is_url", "open_store", "shown"]
