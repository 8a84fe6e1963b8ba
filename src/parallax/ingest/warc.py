"""WARC archives (plain or gzip): every HTML response record is an article.

warcio parses the archive; what it raises on a broken archive (its own errors, and the
``AttributeError``/``TypeError`` of headers it did not expect to be missing) is caught where
the reader calls it and reported as one :class:`MalformedInputError`. The records before the
break are read; a record whose declared length is wrong is reported, not stored shortened.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from parallax.config import Settings
from parallax.errors import InputError, MalformedInputError, NoArticleError
from parallax.ingest.decode import decode
from parallax.ingest.fields import parse_datetime
from parallax.ingest.html import html_document
from parallax.ingest.registry import Format, Item, Source, register

# warcio logs a warning for every target URI with a space in it (it mends them itself); with
# no logging set up, Python prints those to stderr between Parallax's one-line reports.
logging.getLogger("warcio").addHandler(logging.NullHandler())

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_TYPES = {
    "warcinfo",
    "response",
    "resource",
    "request",
    "metadata",
    "revisit",
    "conversion",
    "continuation",
}
# What warcio raises on broken archives: its own errors, and, for headers it expected but
# did not find (a header block cut short), the errors of using None as a string or number.
_WARCIO_ERRORS = (
    ArchiveLoadFailed,
    EOFError,
    OSError,
    ValueError,  # includes UnicodeDecodeError
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
    zlib.error,
)
_INTERNAL = (AttributeError, TypeError, KeyError, IndexError)


def _fix(number: int) -> str:
    """What to do about a break at record ``number``."""
    again = "fetch or copy the archive again"
    return f"the records before it were read; {again}" if number > 1 else again


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its multi-line stderr warning for a record not followed by
    a blank line (a wrong Content-Length); ``err_count`` still counts them."""

    INC_RECORD = ""


def sniff_warc(data: bytes) -> bool:
    return data[:8].startswith(b"WARC/")


def _broken(source: Source, number: int, exc: BaseException) -> MalformedInputError:
    if isinstance(exc, _INTERNAL):
        what = "its header block is incomplete"
    else:
        what = " ".join(str(exc).split())[:120] or type(exc).__name__
    return MalformedInputError(
        source.label,
        f"WARC is malformed or truncated at record {number} ({what})",
        fix=_fix(number),
    )


def _record_item(source: Source, record: Any, number: int) -> Item | None:
    """The article (or error) of one record, or None for a record that holds no page."""
    length = record.rec_headers.get_header("Content-Length")
    if record.rec_type not in _RECORD_TYPES:
        return MalformedInputError(
            source.label,
            f"WARC record {number} has no valid WARC-Type ({record.rec_type!r})",
            fix="check that the file is a WARC archive",
        )
    if not (length or "").strip().isdigit():
        return MalformedInputError(
            source.label,
            f"WARC record {number} has no Content-Length"
            if length is None
            else f"WARC record {number} has an invalid Content-Length ({length[:40]!r})",
            fix=_fix(number),
        )
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(_HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    label = f"{source.label}#{uri or number}"
    status = record.http_headers.get_statuscode()
    payload = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"record {number} ({uri}) is cut short")
    if status and not status.startswith("2"):
        return MalformedInputError(
            label,
            f"record is an HTTP {status} response, not a page",
            fix="the crawler archived an error page; the other records are read",
        )
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=")[-1].split(";")[0].strip()
    try:
        html = decode(label, payload, declared=charset)
        return html_document(
            Source(label=label, url=uri),
            html,
            fmt="warc",
            url=uri,
            retrieved=parse_datetime(record.rec_headers.get_header("WARC-Date")),
        )
    except InputError as exc:
        return exc


def read_warc(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    records = 0
    pages = 0
    iterator = _QuietArchiveIterator(io.BytesIO(data), check_digests=False)
    pending: Item | None = None  # held until the next record shows that its length was right
    while True:
        errors_before = iterator.err_count
        try:
            record = next(iterator, None)
        except _WARCIO_ERRORS as exc:
            if pending is not None:
                yield pending
            yield _broken(source, records + 1, exc)
            return
        if iterator.err_count > errors_before:
            yield MalformedInputError(
                source.label,
                f"WARC record {records} is not followed by a blank line "
                "(its Content-Length is wrong)",
                fix=_fix(records),
            )
            return
        if pending is not None:
            yield pending
            pending = None
        if record is None:
            break
        records += 1
        try:
            pending = _record_item(source, record, records)
        except _WARCIO_ERRORS as exc:
            yield _broken(source, records, exc)
            return
        if isinstance(pending, MalformedInputError) and pending.source == source.label:
            yield pending  # the archive itself is broken: what follows cannot be trusted
            return
        pages += pending is not None
    if pages == 0:
        yield NoArticleError(
            source.label,
            f"WARC holds {records} records but no HTML response",
            fix="parallax reads the HTML 'response' records of a WARC",
        )


WARC = register(
    Format(
        name="warc",
        suffixes=(".warc", ".warc.gz", ".arc"),
        sniff=sniff_warc,
        read=read_warc,
        description="a WARC archive; each HTML response record is one article",
        priority=10,
    )
)
