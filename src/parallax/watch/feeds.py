"""The feeds to watch, from what the user typed: feed URLs, OPML files, or sources files.

A sources file holds one feed URL a line; blank lines and lines starting with ``#`` are
skipped. An OPML file (the subscription lists feed readers export) gives the ``xmlUrl`` of
each of its outlines, at any depth. Each feed is watched once, in the order first given.
"""

from __future__ import annotations

from pathlib import Path

import lxml.etree

from parallax.errors import ConfigError, InputError, MalformedInputError
from parallax.ingest.sources import is_url

MAX_LIST_BYTES = 5 * 1024 * 1024  # a list of feeds is small


def _opml_urls(label: str, data: bytes) -> list[str]:
    if b"<!entity" in data.lower():  # the billion laughs and external entities need one
        raise MalformedInputError(
            label,
            "OPML file declares its own XML entities (<!ENTITY>), which parallax never expands",
            fix="remove the DOCTYPE block; OPML files do not need one",
        )
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise MalformedInputError(
            label, f"OPML file is not well-formed XML ({exc})", fix="export it again"
        ) from exc
    urls = [
        str(node.get("xmlUrl")).strip()
        for node in root.iter("{*}outline")
        if node.get("xmlUrl") and str(node.get("xmlUrl")).strip()
    ]
    if not urls:
        raise MalformedInputError(
            label, "OPML file lists no feed (no outline has an xmlUrl)", fix="export it again"
        )
    return urls


def _listed_urls(label: str, text: str) -> list[str]:
    urls = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise MalformedInputError(
                f"{label}:{number}",
                f"{line[:80]!r} is not a feed URL",
                fix="write one http:// or https:// feed URL a line (# starts a comment)",
            )
        urls.append(line)
    return urls


def read_feed_list(name: str) -> list[str]:
    """The feed URLs of one input: a URL, an OPML file or a sources file."""
    if is_url(name):
        return [name]
    path = Path(name).expanduser()
    if not path.is_file():
        raise InputError(
            name,
            "no such feed URL, OPML file or sources file",
            fix="give http(s):// feed URLs, an OPML file, or a file of feed URLs",
        )
    try:
        data = path.read_bytes()[: MAX_LIST_BYTES + 1]
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_LIST_BYTES:
        raise InputError(name, "is too large for a list of feeds", fix="check the file")
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<") and (b"<opml" in data[:4096].lower()):
        return _opml_urls(name, data)
    if head.startswith(b"<"):
        raise MalformedInputError(
            name,
            "file is XML but not OPML",
            fix="give a feed by its URL; a file must be OPML or a list of feed URLs",
        )
    return _listed_urls(name, data.decode("utf-8", errors="replace"))


def feed_urls(inputs: list[str]) -> list[str]:
    """Every feed URL the inputs name, each once, in order; ConfigError if there are none."""
    found: dict[str, None] = {}
    for name in inputs:
        found.update(dict.fromkeys(read_feed_list(name)))
    if not found:
        raise ConfigError(
            "no feed to watch", fix="give feed URLs, an OPML file, or a file of feed URLs"
        )
    return list(found)
