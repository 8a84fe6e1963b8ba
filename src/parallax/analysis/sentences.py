"""Sentence boundaries for news text, repaired where the parser goes wrong.

spaCy's parser decides most boundaries (abbreviations such as "U.S.", "Sept." and "Mr." are
kept inside sentences by its tokenizer); paragraph breaks always end a sentence (see
:mod:`parallax.analysis.nlp`). Here, pieces that cannot start a sentence are joined back: a
closing quotation mark or bracket split from the words it closes, a lowercase continuation,
fragments with no letters, and the rest of a quotation the parser cut with no punctuation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from parallax.analysis.nlp import doc_text
from parallax.analysis.records import Clause
from parallax.models import Span

_CLOSERS = ("”", "’", '"', "'", ")", "]")


def sentence_spans(doc: Doc) -> list[Span]:
    text = doc_text(doc)
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
            before = text[spans[-1][0] : spans[-1][1]]
            continuation = (
                (stripped.startswith(_CLOSERS) and not gap.strip() and gap == "")
                or stripped[0].islower()
                or not any(ch.isalnum() for ch in stripped)
                or _cut_inside_quote(before)
            )
            if same_paragraph and continuation:
                spans[-1][1] = end
                continue
        spans.append([start, end])
    return [Span(a, b) for a, b in spans]


_ENDS = (".", "!", "?", ":", ";", "…")


def _cut_inside_quote(piece: str) -> bool:
    """Whether the parser ended a sentence inside a quotation, with no punctuation to end it
    ("... it looks like (Libyan strongman Moammar) | Gadhafi is going to beat ..."): a piece
    that opened a quote it never closed and ends on a word or a bracket."""
    tail = piece.rstrip()
    if not tail or tail.rstrip("”’\"')] ").endswith(_ENDS):
        return False
    opened = piece.count("“") > piece.count("”") or piece.count('"') % 2 == 1
    return opened and tail[-1] not in '”"'


MIN_CLAUSE_WORDS = 4


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)


def clause_spans(doc: Doc, sentences: list[Span]) -> list[Clause]:
    """Sentences cut into their coordinated main clauses ("X made progress and is threatening
    Y" -> two), after a non-restrictive relative clause ("X, who ..., | did Y"), and at
    semicolons; a sentence with one clause is kept whole.

    Each clause is a contiguous span; the words of the attribution ("..., the minister said")
    stay with the clause they end. A clause with no subject of its own records the subject
    it shares with the clause it is coordinated with.
    """
    cuts: dict[int, Span | None] = {}
    for token in doc:
        if token.text == ";":
            cuts[token.idx + 1] = None
        elif (
            token.dep_ == "conj"
            and token.pos_ in {"VERB", "AUX"}
            and token.head.pos_ in {"VERB", "AUX"}
            and token.head.i < token.i
            and token.head.dep_ in {"ROOT", "ccomp", "conj"}
        ):
            conjunction = [c for c in token.head.children if c.dep_ == "cc" and c.i < token.i]
            start = conjunction[-1] if conjunction else token.left_edge
            shared = _subject(token.head) if _subject(token) is None else None
            subject = None
            if shared is not None:
                first, last = shared.left_edge, shared.right_edge
                subject = Span(first.idx, last.idx + len(last.text))
            cuts[start.idx] = subject
        elif (
            token.dep_ == "relcl"
            and token.i > 1
            and token.left_edge.i > 0
            and doc[token.left_edge.i - 1].text == ","
            and token.left_edge.lower_ in {"who", "which", "whose"}
            and token.right_edge.i + 1 < len(doc)
            and doc[token.right_edge.i + 1].text == ","
        ):
            # a non-restrictive relative clause between commas says something of its own
            # about X: "X, who is paid 310,000 crowns a year, | [X] insisted ..."
            noun = token.head
            after = doc[token.right_edge.i + 1]
            cuts[after.idx + 1] = Span(noun.left_edge.idx, noun.idx + len(noun.text))
    clauses: list[Clause] = []
    text = doc_text(doc)
    for sentence in sentences:
        points = sorted(c for c in cuts if sentence.start < c < sentence.end)
        pieces: list[list[int]] = []
        begin = sentence.start
        for point in [*points, sentence.end]:
            if pieces and len(text[begin:point].split()) < MIN_CLAUSE_WORDS:
                pieces[-1][1] = point
            else:
                pieces.append([begin, point])
            begin = point
        if len(pieces) > 1 and len(text[pieces[0][0] : pieces[0][1]].split()) < MIN_CLAUSE_WORDS:
            pieces[1][0] = pieces[0][0]
            pieces.pop(0)
        for a, b in pieces:
            chunk = text[a:b]
            lead = len(chunk) - len(chunk.lstrip(" ,;"))
            trail = len(chunk) - len(chunk.rstrip(" ,;"))
            clauses.append(Clause(Span(a + lead, b - trail), cuts.get(a)))
    return clauses
