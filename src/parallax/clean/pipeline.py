"""The cleaning pipeline: raw text in, clean paragraphs and inline metadata out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parallax.clean.boilerplate import boilerplate_reason
from parallax.clean.meta import looks_like_headline, parse_byline, split_dateline
from parallax.clean.normalize import normalize_text

_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’')\]…]$")
_BYLINE_WINDOW = 6  # bylines are looked for among the first lines only


@dataclass(frozen=True, slots=True)
class RemovedLine:
    line: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanText:
    """The result of cleaning: text with paragraphs separated by blank lines, and metadata."""

    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    removed: tuple[RemovedLine, ...] = field(default=())


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().casefold()


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _paragraphs(block: list[str]) -> list[str]:
    """Lines of one block: hard-wrapped lines are joined, otherwise each line is a paragraph."""
    paragraphs: list[str] = []
    for line in block:
        if (
            paragraphs
            and not _ENDS_SENTENCE.search(paragraphs[-1])
            and (line[:1].islower() or len(paragraphs[-1]) >= 60)
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


# furniture that may open a list of its own: the items under it are furniture too
_PROMPTS = frozenset({"newsletter prompt", "comment prompt", "share prompt", "call to action"})
_LIST_ITEM = re.compile(r"^\s*[-–—•*·▪►»]+\s+")


@dataclass(frozen=True, slots=True)
class LineDecisions:
    """For each input line, ``None`` (kept) or why it was taken out; plus what was lifted."""

    lines: tuple[str, ...]
    reasons: tuple[str | None, ...]
    title: str | None
    authors: tuple[str, ...]


def decide_lines(
    lines: list[str], *, find_title: bool = True, title: str | None = None
) -> LineDecisions:
    """Decide line by line what is article and what is furniture, headline or byline."""
    reasons: list[str | None] = []
    authors: tuple[str, ...] = ()
    # Lines removed as furniture, and the previous line: a repeat of either is dropped too.
    # Other repeats (list items, table rows, refrains) are the article's own and are kept.
    dropped: set[str] = {_key(title)} if title else set()
    previous = ""
    content_lines = 0
    listing: str | None = None  # a prompt that opens a list ("Once registered, you can:")
    for line in lines:
        reason: str | None = None
        if line.strip():
            content_lines += 1
            key = _key(line)
            if listing is not None and _LIST_ITEM.match(line):
                reason = listing  # "- Comment on articles": an item of the prompt's list
            elif key and (key in dropped or key == previous):
                reason = "repeated line"
            elif find_title and title is None and content_lines == 1 and looks_like_headline(line):
                title, reason = line, "headline"
            elif content_lines <= _BYLINE_WINDOW and not authors and (byline := parse_byline(line)):
                authors, reason = byline, "byline"
            else:
                reason = boilerplate_reason(line)
            previous = key
            if reason is not None:
                dropped.add(key)
            opens = reason in _PROMPTS and line.rstrip().endswith(":")
            listing = reason if opens or (listing and reason == listing) else None
        reasons.append(reason)
    return LineDecisions(tuple(lines), tuple(reasons), title, authors)


def clean_text(raw: str, *, find_title: bool = True, title: str | None = None) -> CleanText:
    """Clean scraped text.

    Drops page furniture line by line (see :mod:`parallax.clean.boilerplate`) and repeated
    lines, lifts the headline (when ``find_title`` and the first line looks like one) and bylines
    into metadata, reads the dateline, and keeps every other line of the article.
    """
    decisions = decide_lines(normalize_text(raw).split("\n"), find_title=find_title, title=title)
    kept = [line for line, why in zip(decisions.lines, decisions.reasons, strict=True) if not why]
    removed = tuple(
        RemovedLine(line, why)
        for line, why in zip(decisions.lines, decisions.reasons, strict=True)
        if why and why != "headline"
    )
    paragraphs = [p for block in _blocks(kept) for p in _paragraphs(block)]
    # The dateline stays in the text (it is the outlet's own wording) and is also metadata.
    dateline = split_dateline(paragraphs[0])[0] if paragraphs else None
    return CleanText(
        text="\n\n".join(paragraphs),
        title=decisions.title,
        authors=decisions.authors,
        dateline=dateline,
        removed=removed,
    )
