"""Turn what the user typed (paths, directories, globs, URLs, ``-``) into sources and bytes."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from parallax.config import Settings
from parallax.errors import InputError, MalformedInputError
from parallax.ingest.decode import check_size, gunzip_prefix, is_gzip
from parallax.ingest.fetch import fetch
from parallax.ingest.registry import Source
from parallax.ingest.text import is_sidecar

STDIN = "-"


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _walk(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        rel = path.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and not is_sidecar(path):
            yield path


def expand(inputs: list[str]) -> Iterator[Source | InputError]:
    """Each input as one or more sources, or an error naming an input that is not there."""
    for name in inputs:
        if name == STDIN:
            yield Source(label="<stdin>")
        elif is_url(name):
            yield Source(label=name, url=name)
        else:
            path = Path(name).expanduser()
            if path.is_dir():
                files = list(_walk(path))
                if not files:
                    yield InputError(name, "directory holds no files")
                yield from (Source(label=str(p), path=p) for p in files)
            elif path.is_file():
                yield Source(label=str(path), path=path)
            elif glob.has_magic(name):
                matches = sorted(Path(p) for p in glob.glob(name, recursive=True))
                files = [p for p in matches if p.is_file() and not is_sidecar(p)]
                if not files:
                    yield InputError(name, "pattern matches no file")
                yield from (Source(label=str(p), path=p) for p in files)
            else:
                yield InputError(
                    name, "no such file, directory or URL", fix="check the path (or add http://)"
                )


def _read_capped(stream: BinaryIO, label: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    check_size(label, len(data), max_bytes)
    return data


def load(
    source: Source, settings: Settings, *, stdin: BinaryIO | None = None
) -> tuple[Source, bytes, InputError | None]:
    """The bytes of a source (decompressed if gzip), within the size cap.

    A gzip WARC that breaks off or turns corrupt gives the records before the break, and
    the error to report once they are read (third item); other gzip data must be whole.
    """
    if source.url is not None and source.path is None:
        fetched = fetch(source.url, settings)
        source = replace(source, url=fetched.url, content_type=fetched.content_type)
        data = fetched.data
    elif source.path is not None:
        try:
            size = source.path.stat().st_size
            check_size(source.label, size, settings.max_bytes)
            with source.path.open("rb") as handle:
                data = _read_capped(handle, source.label, settings.max_bytes)
        except OSError as exc:
            raise InputError(source.label, f"cannot be read ({exc.strerror})") from exc
    else:
        data = _read_capped(stdin or sys.stdin.buffer, source.label, settings.max_bytes)
    if is_gzip(data):
        whole, broken = gunzip_prefix(source.label, data, settings.max_bytes)
        if broken is None:
            return source, whole, None
        if not whole.startswith(b"WARC/"):  # only a WARC reader can use a cut archive
            raise broken
        return (
            source,
            whole,
            MalformedInputError(
                source.label,
                f"WARC archive's {broken.problem}",
                fix="the records before the break were read; fetch or copy the archive again",
            ),
        )
    return source, data, None
