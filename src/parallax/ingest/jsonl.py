"""JSONL: one article per line, a JSON object with these fields.

- ``text`` (plain text) or ``html`` (a page): required, one of the two;
- ``title``, ``outlet`` (or ``source``/``site``), ``url``, ``published`` (or ``date``; ISO 8601),
  ``authors`` (a list, or names separated by ``;``), ``language``: optional.
Other fields are ignored. A bad line is reported with its number; the other lines go on.
Lines end at ``\n`` only (a ``\r`` before it is dropped): JSON strings may hold U+2028,
U+2029 or U+0085 unescaped, which :meth:`str.splitlines` would take for line ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

from parallax.config import Settings
from parallax.errors import EmptyInputError, InputError, MalformedInputError
from parallax.ingest.decode import decode
from parallax.ingest.html import html_document
from parallax.ingest.registry import Format, Item, Source, register
from parallax.ingest.text import check_meta_types, json_type, raw_from_meta


def sniff_jsonl(data: bytes) -> bool:
    """The first line is a JSON object (later lines may be broken: they are reported)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    first = head.split(b"\n", 1)[0].strip()
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


def _lines(text: str) -> list[str]:
    """The lines of a JSONL text, split at ``\n`` only, each without a trailing ``\r``."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_jsonl(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    text = decode(source.label, data)
    lines = _lines(text)
    if not any(line.strip() for line in lines):
        raise EmptyInputError(
            source.label, "JSONL holds no lines", fix="write one JSON object per line"
        )
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        label = f"{source.label}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedInputError(
                label,
                f"line is not valid JSON ({exc.msg} at column {exc.colno})",
                fix="write one JSON object per line",
            )
            continue
        if not isinstance(record, dict):
            yield MalformedInputError(
                label,
                f"line must be a JSON object, not {json_type(record)}",
                fix='write one object per line, like {"title": "...", "text": "..."}',
            )
            continue
        body, html = record.get("text"), record.get("html")
        wrong = next(
            (
                k
                for k in ("text", "html")
                if record.get(k) is not None and not isinstance(record[k], str)
            ),
            None,
        )
        if wrong is not None:
            yield MalformedInputError(
                label,
                f"field {wrong!r} must be a string, not {json_type(record[wrong])}",
                fix=f'give the article body as a string, like "{wrong}": "..."',
            )
            continue
        try:
            check_meta_types(label, record)
        except InputError as exc:
            yield exc
            continue
        line_source = Source(label=label, url=record.get("url"))
        try:
            if isinstance(body, str) and body.strip():
                yield raw_from_meta(line_source, "jsonl", record, text=body)
            elif isinstance(html, str) and html.strip():
                doc = html_document(line_source, html, fmt="jsonl", url=record.get("url"))
                own = raw_from_meta(line_source, "jsonl", record, text=doc.text)
                yield replace(
                    own,
                    extracted=True,
                    title=own.title or doc.title,
                    outlet=own.outlet or doc.outlet,
                    authors=own.authors or doc.authors,
                    published=own.published or doc.published,
                )
            else:
                yield MalformedInputError(
                    label, "line has no 'text' or 'html' field", fix="give the article body"
                )
        except InputError as exc:
            yield exc


JSONL = register(
    Format(
        name="jsonl",
        suffixes=(".jsonl", ".ndjson"),
        sniff=sniff_jsonl,
        read=read_jsonl,
        description="JSON Lines; one article object per line (text or html, plus metadata)",
        priority=30,
    )
)
