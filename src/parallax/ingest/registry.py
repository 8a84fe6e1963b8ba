"""The registry of input formats, chosen by sniffing the content (the suffix only breaks ties)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from parallax.config import Settings
from parallax.errors import InputError, UnknownNameError
from parallax.models import RawDocument

Item = RawDocument | InputError


@dataclass(frozen=True, slots=True)
class Source:
    """One input as the user named it: a file, a URL, or standard input."""

    label: str
    path: Path | None = None
    url: str | None = None
    content_type: str | None = None


Reader = Callable[[Source, bytes, Settings], Iterator[Item]]
Sniffer = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    sniff: Sniffer
    read: Reader
    description: str
    priority: int  # sniffers are tried from the lowest priority number up


_FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> list[Format]:
    return sorted(_FORMATS.values(), key=lambda f: f.priority)


def get_format(name: str) -> Format:
    try:
        return _FORMATS[name]
    except KeyError:
        raise UnknownNameError("format", name, list(_FORMATS)) from None


def choose_format(data: bytes, name: str) -> Format:
    """The most specific format whose sniffer accepts the content; else by suffix; else text.

    Specific formats go first (WARC, feed, JSONL, then HTML: a WARC holds HTML too).
    """
    ordered = sorted(_FORMATS.values(), key=lambda f: f.priority)
    for fmt in ordered:
        if fmt.sniff(data):
            return fmt
    lowered = name.lower()
    for fmt in ordered:
        if lowered.endswith(fmt.suffixes):
            return fmt
    return _FORMATS["text"]
