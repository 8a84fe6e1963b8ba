"""Quotes side by side: the same words across outlets, who they are given to, how they read.

Direct and partial quotes of different articles are the same words when their texts are
near-identical or one contains the other (a cut). Each group of the same words becomes one
line of the side-by-side view; a group given to different speakers is an attribution
conflict, a group whose wording differs is a quote-wording conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from parallax.analysis.records import Quote
from parallax.comparison.context import Context, Reading
from parallax.comparison.records import (
    Conflict,
    ConflictSide,
    QuoteGroup,
    QuoteUse,
    SpeakerQuotes,
)

SAME_WORDS = 82.0  # rapidfuzz ratio of normalised texts
CONTAINED = 95.0  # partial ratio when one quote is a cut of the other
IDENTICAL = 97.0
MIN_WORDS = 4
SHINGLE = 3  # words in a run that two excerpts of one quote share
OVERLAP = 0.5  # share of the shorter excerpt's runs the other holds


@dataclass(frozen=True, slots=True)
class _Item:
    reading: Reading
    quote: Quote
    speaker: str | None
    text: str
    norm: str


def _normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _shingles(norm: str) -> frozenset[tuple[str, ...]]:
    words = norm.split()
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _same_words(a: _Item, b: _Item) -> bool:
    """The same quote: near-identical, one a cut of the other, or two excerpts of one
    statement that share a run of words."""
    if fuzz.ratio(a.norm, b.norm) >= SAME_WORDS:
        return True
    shorter = min(a.norm, b.norm, key=len)
    if len(shorter.split()) < MIN_WORDS:
        return False
    if fuzz.partial_ratio(a.norm, b.norm) >= CONTAINED:
        return True
    sa, sb = _shingles(a.norm), _shingles(b.norm)
    return bool(sa and sb) and len(sa & sb) / min(len(sa), len(sb)) >= OVERLAP


def _contained(short: _Item, long: _Item) -> bool:
    """``short`` quotes only words ``long`` has: a cut or an abridgement ("A ... B")."""
    pieces = [_normalise(p) for p in re.split(r"\.\.\.|…", short.text)]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(
        p in long.norm or fuzz.partial_ratio(p, long.norm) >= CONTAINED for p in pieces
    )


def _reworded(a: _Item, b: _Item) -> bool:
    """The same quote in other words: neither is a cut of the other and they differ."""
    if fuzz.ratio(a.norm, b.norm) >= IDENTICAL:
        return False
    short, long = sorted((a, b), key=lambda x: len(x.norm))
    return not _contained(short, long)


def _items(ctx: Context) -> list[_Item]:
    items = []
    for reading in ctx.readings:
        for quote in reading.analysis.quotes:
            if quote.kind not in {"direct", "partial"}:
                continue
            speaker = ctx.speaker(reading, quote)
            # A quote interrupted by its attribution ("“A,” she said, “B.”") is one quote:
            # its pieces are read together; another outlet quoting only B quotes a cut.
            text = " ... ".join(reading.text(p) for p in quote.parts or (quote.content,))
            norm = _normalise(text)
            if norm:
                items.append(_Item(reading, quote, speaker, text, norm))
    return items


def _groups(items: list[_Item]) -> list[list[_Item]]:
    groups: list[list[_Item]] = []
    for item in items:
        home = next(
            (
                g
                for g in groups
                if all(x.reading.index != item.reading.index for x in g)
                and any(_same_words(x, item) for x in g)
            ),
            None,
        )
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def _side(item: _Item, value: str) -> ConflictSide:
    return ConflictSide(item.reading.evidence(item.quote.content), item.reading.outlet, value)


def compare_quotes(ctx: Context) -> tuple[list[SpeakerQuotes], list[Conflict]]:
    groups = _groups(_items(ctx))
    conflicts: list[Conflict] = []
    by_speaker: dict[str, list[QuoteGroup]] = {}
    for group in groups:
        speakers = {x.speaker for x in group if x.speaker}
        # only speakers the text names count: "a statement" or an unresolved "he" is no
        # second speaker
        named = [x for x in group if x.speaker and x.quote.speaker_key is not None]
        if len({x.speaker for x in named}) > 1:
            conflicts.append(
                Conflict(
                    kind="attribution",
                    what=f"who said “{_short(group[0].text)}”",
                    sides=tuple(_side(x, x.speaker or "unknown") for x in named),
                    confidence=0.9,
                )
            )
        reworded = [x for x in group if any(_reworded(x, y) for y in group if y is not x)]
        if len(reworded) > 1:
            conflicts.append(
                Conflict(
                    kind="quote_wording",
                    what=f"the words of {group[0].speaker or 'the speaker'}",
                    sides=tuple(_side(x, x.text) for x in reworded),
                    confidence=0.8 if len(speakers) <= 1 else 0.6,
                )
            )
        speaker = max(
            sorted(speakers), key=lambda s: sum(x.speaker == s for x in group), default="unknown"
        )
        uses = tuple(QuoteUse(x.reading.evidence(x.quote.content), x.reading.outlet) for x in group)
        by_speaker.setdefault(speaker, []).append(QuoteGroup(uses))
    side_by_side = [
        SpeakerQuotes(
            speaker,
            tuple(sorted(gs, key=lambda g: (-len(g.outlets), g.uses[0].evidence.span.start))),
        )
        for speaker, gs in by_speaker.items()
    ]
    side_by_side.sort(key=lambda s: (-sum(len(g.uses) for g in s.groups), s.speaker))
    return side_by_side, conflicts


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
