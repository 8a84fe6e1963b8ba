"""Sentence boundaries for news text, repaired where the parser goes wrong.

spaCy's parser decides most boundaries (abbreviations such as "U.S.", "Sept." and "Mr." are
kept inside sentences by its tokenizer); paragraph breaks always end a sentence (see
:mod:`parallax.analyze.nlp`). Here, pieces that cannot start a sentence are joined back: a
closing quotation mark or bracket split from the words it closes, a lowercase continuation,
and fragments with no letters.
"""

from __future__ import annotations

from spacy.tokens import Doc

from parallax.models import Span

_CLOSERS = ("”", "’", '"', "'", ")", "]")


def sentence_spans(doc: Doc) -> list[Span]:
    text = doc.text
    spans: list[list[int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        if spans:
            gap = text[spans[-1][1] : start]
            same_paragraph = "\n" not in gap
            continuation = (
                (stripped.startswith(_CLOSERS) and not gap.strip() and gap == "")
                or stripped[0].islower()
                or not any(ch.isalnum() for ch in stripped)
            )
            if same_paragraph and continuation:
                spans[-1][1] = end
                continue
        spans.append([start, end])
    return [Span(a, b) for a, b in spans]
