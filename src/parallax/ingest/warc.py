"""WARC archives (plain or gzip): every HTML response record is an article."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from parallax.config import Settings
from parallax.errors import InputError, MalformedInputError, NoArticleError
from parallax.ingest.decode import decode
from parallax.ingest.fields import parse_datetime
from parallax.ingest.html import html_document
from parallax.ingest.registry import Format, Item, Source, register

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


def sniff_warc(data: bytes) -> bool:
    return data[:8].startswith(b"WARC/")


def read_warc(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    records = 0
    pages = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=False):
            records += 1
            if record.rec_type not in _RECORD_TYPES:
                yield MalformedInputError(
                    source.label,
                    f"WARC record {records} has no valid WARC-Type ({record.rec_type!r})",
                    fix="check that the file is a WARC archive",
                )
                return
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith(_HTML_TYPES):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            label = f"{source.label}#{uri or records}"
            status = record.http_headers.get_statuscode()
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise EOFError(f"record {records} ({uri}) is cut short")
            pages += 1
            if status and not status.startswith("2"):
                yield MalformedInputError(label, f"record is an HTTP {status} response, not a page")
                continue
            charset = None
            if "charset=" in content_type:
                charset = content_type.split("charset=")[-1].split(";")[0].strip()
            try:
                html = decode(label, payload, declared=charset)
                yield html_document(
                    Source(label=label, url=uri),
                    html,
                    fmt="warc",
                    url=uri,
                    retrieved=parse_datetime(record.rec_headers.get_header("WARC-Date")),
                )
            except InputError as exc:
                yield exc
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield MalformedInputError(
            source.label,
            f"WARC is malformed or truncated after {records} records ({type(exc).__name__}: "
            f"{str(exc).strip()[:120]})",
            fix="the records before it were read; fetch or copy the archive again",
        )
        return
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
