"""HTML pages: main text and metadata by trafilatura, then Parallax's own cleaning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.settings import set_date_params

from parallax.config import Settings
from parallax.errors import MalformedInputError, NoArticleError
from parallax.ingest.decode import decode
from parallax.ingest.fields import optional_str, parse_authors, parse_datetime
from parallax.ingest.registry import Format, Item, Source, register
from parallax.models import RawDocument

# What lxml refuses in a text node: control characters, lone surrogates and non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HTML_HEAD = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_TAGS = re.compile(rb"<(?:p|div|span|a|br|h[1-6]|article|section|meta|script)[\s>/]", re.I)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "table",
    "tr",
    "pre",
}


_DATE_KEYS = (
    r"article:published_time|og:published_time|datepublished|pubdate|publishdate|"
    r"publish[-_]date|dc\.date\.issued|dcterms\.created|parsely-pub-date|sailthru\.date"
)
_META_DATE = re.compile(
    rf"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["'](?:{_DATE_KEYS})["'][^>]*?"""
    rf"""content\s*=\s*["']([^"']+)["']"""
    rf"""|<meta\s[^>]*?content\s*=\s*["']([^"']+)["'][^>]*?"""
    rf"""(?:property|name|itemprop)\s*=\s*["'](?:{_DATE_KEYS})["']"""
    r"""|"datePublished"\s*:\s*"([^"]+)\"""",
    re.IGNORECASE,
)


def published_time(html: str) -> datetime | None:
    """The publication date-time the page declares (meta tags, JSON-LD), with its time of day.

    trafilatura's date is a day only; this keeps the hour and offset when the page gives them.
    """
    match = _META_DATE.search(html[:200_000])
    if not match:
        return None
    value = next(g for g in match.groups() if g)
    if not re.search(r"\d{1,2}:\d{2}", value):
        return None
    return parse_datetime(value)


def sniff_html(data: bytes) -> bool:
    """Markup from the start: a doctype, <html>, <head> or <body>, or several tags."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return bool(_HTML_HEAD.search(head)) or len(_TAGS.findall(data[:8192])) >= 3


def extract_html(
    html: str, *, url: str | None = None, date_known: bool = False
) -> tuple[str | None, dict[str, str]]:
    """Main text (paragraphs one per line) and metadata of a page, by trafilatura, in one
    pass over the page. The date is searched quickly (meta tags, structured data, the URL,
    time elements); only a page where that finds none, and whose published time the caller
    does not have (``date_known``, see :func:`published_time`), is searched again
    extensively, through its text (on the extraction benchmark's 124 pages the quick search
    found the same date as the extensive one on 123 and none on one)."""
    safe = xml_safe(html)
    doc = trafilatura.bare_extraction(
        safe,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=set_date_params(False),
    )
    if doc is None:
        return None, {}
    meta = {
        key: value
        for key in ("title", "author", "date", "sitename", "url", "language")
        if (value := optional_str(getattr(doc, key, None)))
    }
    if "date" not in meta and not date_known:
        found = find_date(safe, url=url or meta.get("url"), **set_date_params(True))
        if found:
            meta["date"] = found
    return getattr(doc, "text", None), meta


def xml_safe(html: str) -> str:
    """``html`` without the characters lxml cannot hold in a tree (it raises ValueError)."""
    return _NOT_XML.sub("", html)


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry), one paragraph per block element."""
    html = xml_safe(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    return _block_text(root)


def page_text(html: str) -> str:
    """All visible text of a page, one block element per paragraph (no extraction)."""
    html = xml_safe(html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style", "noscript", "template")):
        el.drop_tree()
    return _block_text(root)


def _block_text(root: lxml.html.HtmlElement) -> str:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n\n" + (el.text or "")
    return str(root.text_content())


def too_deep(html: str) -> bool:
    """True when the page nests elements deeper than libxml2's limit (256): the parser stops
    there, and the text inside is lost to it (and to trafilatura)."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(xml_safe(html), parser=parser)
    except (etree.ParserError, ValueError):
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def html_document(
    source: Source,
    html: str,
    *,
    fmt: str = "html",
    url: str | None = None,
    retrieved: datetime | None = None,
) -> RawDocument:
    published = published_time(html)
    text, meta = extract_html(html, url=url, date_known=published is not None)
    if (not text or not text.strip()) and too_deep(html):
        raise MalformedInputError(
            source.label,
            "HTML nests elements more than 256 deep, past what the HTML parser reads",
            fix="save the page again from its site, or give its text as a .txt file",
        )
    if not text or not text.strip():
        raise NoArticleError(
            source.label,
            "no article text found in the HTML page",
            fix="check that the page is an article, not an index or a login page",
        )
    return RawDocument(
        source=source.label,
        format=fmt,
        text=text,
        extracted=True,
        title=meta.get("title"),
        outlet=meta.get("sitename"),
        url=url or meta.get("url") or source.url,
        authors=parse_authors(meta.get("author")),
        published=published or parse_datetime(meta.get("date")),
        language=meta.get("language"),
        retrieved=retrieved,
    )


def read_html(source: Source, data: bytes, settings: Settings) -> Iterator[Item]:
    charset = None
    if source.content_type and "charset=" in source.content_type:
        charset = source.content_type.split("charset=")[-1].split(";")[0].strip()
    yield html_document(source, decode(source.label, data, declared=charset), url=source.url)


HTML = register(
    Format(
        name="html",
        suffixes=(".html", ".htm", ".xhtml"),
        sniff=sniff_html,
        read=read_html,
        description="an HTML page; main text, title, author, date and site name by trafilatura",
        priority=40,
    )
)
