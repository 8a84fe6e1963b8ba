"""Metadata that scraped text carries inline: headlines, bylines and datelines."""

from __future__ import annotations

import re

from parallax.clean.boilerplate import words

_NAME = r"(?:[A-Z][\w’'.-]*|[a-z]{1,3}|d['’][A-Z][\w-]*)"
_PERSON = rf"[A-Z][\w’'.-]+(?: {_NAME}){{0,3}}"
_BYLINE = re.compile(
    rf"^(?:by|written by|words by|text by)[:\s]+(?P<names>{_PERSON}(?:\s*(?:,|and|&)\s*{_PERSON})*)"
    r"(?:\s*(?:,|\||–|—|-)\s*(?P<role>[^.!?]{1,60}))?$",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(staff|writer|reporter|correspondent|editor|contributor|columnist|news|press|wire|"
    r"agency|bureau|service|desk|times|post|journal|herald|reuters|associated|afp|bbc|cnn)\b",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<dateline>"
    r"(?:(?P<place>[A-Z][A-Z’'.-]+(?: [A-Z][A-Z’'.-]+){0,3})"
    r"(?:, (?:[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}))?"
    rf"(?:,? (?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:,? \d{{4}})?)?"
    r"(?: ?\((?P<agency1>[^()]{2,40})\))?"
    r"|\((?P<agency2>[A-Z][^()]{1,40})\))"
    r")\s*(?:-{1,2}|–|—|―|:)\s+(?=\S)"
)


def looks_like_headline(line: str) -> bool:
    """A first line that is short, not a sentence and mostly capitalised or title-like."""
    text = line.strip()
    tokens = words(text)
    if not 2 <= len(tokens) <= 30 or len(text) > 220:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith(("...", "…")):
        return False
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"'‘"


def parse_byline(line: str) -> tuple[str, ...] | None:
    """Authors named by a byline line such as ``By Mira Castell and Tom Rook``."""
    text = line.strip()
    if len(words(text)) > 16:
        return None
    match = _BYLINE.match(text)
    if not match:
        return None
    role = match.group("role")
    if role and not _ROLE_WORDS.search(role) and len(words(role)) > 4:
        return None
    names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
    # "By MIRA CASTELL, STAFF WRITER": a trailing role is not an author.
    authors = tuple(n.strip() for n in names if n.strip() and not _ROLE_WORDS.search(n))
    if not authors or any(not any(ch.isupper() for ch in a) for a in authors):
        return None
    return tuple(a.title() if a.isupper() else a for a in authors)


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``PARIS (Reuters) - text`` -> ``("PARIS (Reuters)", "text")``; no dateline -> None."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    place = match.group("place")
    agency = match.group("agency1") or match.group("agency2")
    if place is None and agency is None:
        return None, paragraph
    if place is not None and agency is None and len(place) < 3:
        return None, paragraph
    rest = paragraph[match.end() :]
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in "“\"'‘":
        return None, paragraph
    return match.group("dateline").strip(), rest
