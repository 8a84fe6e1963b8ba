"""Plain text articles, with optional metadata in a front-matter block or a JSON sidecar.

Front matter is a block of ``key: value`` lines between two ``---`` lines at the top.
A sidecar is ``NAME.meta.json`` (or ``NAME.json``) beside ``NAME.txt``. Keys: outlet, url,
published, authors (a list, or names separated by ``;``), title, language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parallax.config import Settings
from parallax.errors import MalformedInputError
from parallax.ingest.decode import decode
from parallax.ingest.fields import optional_str, parse_authors, parse_datetime
from parallax.ingest.registry import Format, Item, Source, register
from parallax.models import RawDocument

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
KNOWN_KEYS = {"outlet", "url", "published", "authors", "title", "language", "date", "author"}


def sidecar_paths(path: Path) -> list[Path]:
    return [path.with_name(path.stem + ".meta.json"), path.with_suffix(".json")]


def is_sidecar(path: Path) -> bool:
    """True for ``X.meta.json``, or ``X.json`` next to a ``X.txt``."""
    if path.name.endswith(".meta.json"):
        return True
    return path.suffix == ".json" and path.with_suffix(".txt").exists()


def split_front_matter(source: str, text: str) -> tuple[dict[str, str], str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for number, line in enumerate(match.group("body").splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kv = _KEY.match(line)
        if not kv:
            raise MalformedInputError(
                source,
                f"front matter line {number} is not 'key: value': {line.strip()[:60]!r}",
                fix="write one 'key: value' per line between the two '---' lines",
            )
        meta[kv.group("key").lower()] = kv.group("value").strip().strip("\"'")
    return meta, text[match.end() :]


def read_sidecar(source: Source) -> dict[str, Any]:
    if source.path is None:
        return {}
    for candidate in sidecar_paths(source.path):
        if candidate.is_file() and candidate != source.path:
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise MalformedInputError(
                    source.label, f"sidecar {candidate.name} is not valid JSON ({exc})"
                ) from exc
            if not isinstance(data, dict):
                raise MalformedInputError(
                    source.label, f"sidecar {candidate.name} must hold a JSON object"
                )
            return data
    return {}


_STRING_KEYS = ("title", "outlet", "site", "source", "url", "language", "published", "date")
_AUTHOR_KEYS = ("authors", "author")


def json_type(value: Any) -> str:
    """What a JSON value is, in the words of a JSON user."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def check_meta_types(source: str, meta: dict[str, Any]) -> None:
    """Refuse metadata of the wrong JSON type (a number for a title, an object for authors)
    rather than store its Python spelling ("{'a': 1}") as if it were text."""
    for key in _STRING_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise MalformedInputError(
                source,
                f"field {key!r} must be a string, not {json_type(value)}",
                fix='write it in quotes, like "published": "2026-03-04T09:30:00Z"'
                if key in ("published", "date")
                else f'write it in quotes, like "{key}": "..."',
            )
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise MalformedInputError(
                source,
                f"field {key!r} must be a string or a list of strings, not "
                + (json_type(value) if not isinstance(value, list) else "a list of other values"),
                fix=f'write it like "{key}": ["Ana Varga", "Ivo Rask"]',
            )


def raw_from_meta(
    source: Source,
    fmt: str,
    meta: dict[str, Any],
    *,
    text: str | None = None,
) -> RawDocument:
    check_meta_types(source.label, meta)
    return RawDocument(
        source=source.label,
        format=fmt,
        title=optional_str(meta.get("title")),
        outlet=optional_str(meta.get("outlet") or meta.get("site") or meta.get("source")),
        url=optional_str(meta.get("url")) or source.url,
        authors=parse_authors(meta.get("authors") or meta.get("author")),
        published=parse_datetime(meta.get("published") or meta.get("date")),
        language=optional_str(meta.get("language")),
        text=text,
    )


def read_text(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    text = decode(source.label, data)
    meta: dict[str, Any] = dict(read_sidecar(source))
    front, body = split_front_matter(source.label, text)
    meta.update(front)
    yield raw_from_meta(source, "text", meta, text=body)


TEXT = register(
    Format(
        name="text",
        suffixes=(".txt", ".text", ".md"),
        sniff=lambda data: False,
        read=read_text,
        description="plain text; headline on the first line; front matter or JSON sidecar",
        priority=90,
    )
)
