"""Align the clauses of several articles into facts.

Meaning alone does not tell a matching pair of sentences from a merely related one (two
sentences about the same strike are close in embedding space whether or not they say the
same thing), so the embedding cosine of a pair is raised by the anchors the two share (the
same entities, joined across articles through their aliases, the same numbers, the same
dates) and by the idf-weighted overlap of their words; a pair is a match when that score
reaches ``MATCH``, or ``MUTUAL`` when each is the other's best match in the other article by a
``MARGIN`` over the next best (a sentence about as close to three others is related to them,
not the same fact as one of them).
Matches are then grouped greedily, best first, into facts that hold at most one sentence of
each article and whose every two sentences match (no chaining: A matching B and B matching C
does not put A with C unless A and C match too, by the same rule). A long sentence may carry
two facts: a sentence whose sure match is already taken by another fact is paired with it too
(``CONTAINED``, or a match whose words the taken sentence holds: ``COVERED``); and two facts
that share a sentence become one when their other sentences come close too (``JOIN``): three
outlets telling one fact, one of them in a longer sentence. Two sentences that share six
words in a row verbatim (a quote, a phrase taken over) group as surely as a match that may
be a second fact (``RUN_SCORE``), however different the rest of them; two sentences that
quote two different named people never do (``OTHER_VOICE``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from parallax.embed import Vectors

# A pair is the same fact when  cos + ANCHOR * shared anchors (at most 3) + LEXICAL * the
# tf-idf cosine of their content words  reaches MATCH. Calibrated on the demo corpus' agreeing
# facts (which must match) and unique facts (which must match nothing).
ANCHOR = 0.05
LEXICAL = 0.25
MATCH = 0.70
MUTUAL = 0.6  # enough for a pair that are each other's best match in the other article
RELATED = 0.5  # related enough for conflicts to be looked for
PART_PENALTY = 0.03  # a clause matched inside a longer sentence counts a little less
DETAIL = 2  # specifics one side adds that keep a merely mutual pair from matching
# a merely mutual pair must beat each side's next best candidate in the other article by
# this much: a sentence close to three others alike is related to them, not the same fact
MARGIN = 0.03
CONTAINED = 0.75  # a sure match for a sentence whose best partner already carries a fact
# the soft word overlap of a pair that shares a fact runs about this much below its match
# score (calibrated on the labelled BASIL triplets: at the same number of pairs, overlap 0.455
# and match score 0.7 rank pairs alike, and 0.26 did best end to end); grouping takes the
# mean of the two
OVERLAP_SHIFT = 0.26
JOIN = 0.62  # two facts that share a sentence are one when the rest come this close
SHORT_LINE = 40  # characters: a shorter sentence joins no three-way fact
COVERED = 0.55  # a sure match whose words the longer sentence holds is a second fact too
RUN_SCORE = 0.75  # the grouping score at least of two sentences sharing words verbatim
# the grouping score at most of two sentences that give two different people's words: what
# one says and what another says are two facts, however alike ("Perry will secure the
# border" in his statement, "Perry has a superior border security record" in the sheriff's)
OTHER_VOICE = 0.55
# facts one sentence carries at most: on the BASIL gold, shared-fact precision 0.946 to 0.957,
# alignment recall 0.647 to 0.639 against no limit
MOST_FACTS = 2
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOPWORDS = _STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "but",
        "not",
        "his",
        "her",
        "its",
        "their",
        "they",
        "said",
        "says",
        "will",
        "would",
        "been",
        "also",
        "which",
        "who",
        "what",
        "when",
        "where",
        "into",
        "than",
        "then",
        "there",
        "about",
        "after",
        "over",
        "more",
        "most",
        "some",
        "such",
        "only",
        "other",
        "could",
        "should",
        "told",
    ]
)


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence of one article, with what it mentions."""

    index: int  # position of the article in the comparison
    start: int
    end: int
    order: int  # sentence number in the article
    entities: frozenset[str]  # collection-level entity names
    numbers: frozenset[float]
    dates: frozenset[str]
    words: frozenset[str]
    subject: tuple[int, int] | None = None  # shared subject of a coordinated clause
    core: tuple[int, int] | None = None  # what is said, without "X said on Tuesday"
    attribution: frozenset[str] = frozenset()  # entities named only in "X said", not in what
    # the clauses of a longer sentence, each compared on its own: (start, end, shared subject)
    parts: tuple[tuple[int, int, tuple[int, int] | None], ...] = ()
    speaker: str | None = None  # who says it, when most of the sentence quotes someone named

    def details(self, other: Unit) -> int:
        """How many specifics of what this unit says (entities, numbers, dates) ``other``
        does not name."""
        return (
            len(self.entities - self.attribution - other.entities)
            + len(self.numbers - other.numbers)
            + len(self.dates - other.dates)
        )


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Stems of the content words ("strikes" and "striking" share "strik"); two adjacent
    words also count joined, so that "air strikes" and "airstrikes" share "airstrik"."""
    words = [m.lower() for m in _WORD.findall(text)]
    out = {_stem(w) for w in words if w not in _STOP}
    out.update(
        _stem(a + b) for a, b in itertools.pairwise(words) if a not in _STOP and b not in _STOP
    )
    return frozenset(out)


def anchors(a: Unit, b: Unit) -> int:
    return len(a.entities & b.entities) + len(a.numbers & b.numbers) + len(a.dates & b.dates)


def unit_at(units: Sequence[Unit], index: int, pos: int) -> int | None:
    """The position in ``units`` of the unit of article ``index`` that holds character
    ``pos``, or None."""
    return next(
        (i for i, u in enumerate(units) if u.index == index and u.start <= pos < u.end), None
    )


def adds_detail(a: Unit, b: Unit) -> bool:
    """One side says more than the other: it names at least ``DETAIL`` specifics the other
    lacks, and the other names none of its own. "Most of the 22 economists polled last week
    had expected a quarter-point rise" tells more than "the rise is larger than most
    economists expected"; the two are related, not the same information."""
    da, db = a.details(b), b.details(a)
    return min(da, db) == 0 and max(da, db) >= DETAIL


def _idf(units: Sequence[Unit]) -> dict[str, float]:
    counts: dict[str, int] = {}
    for u in units:
        for w in u.words:
            counts[w] = counts.get(w, 0) + 1
    return {w: math.log((1 + len(units)) / c) for w, c in counts.items()}


def lexical(a: Unit, b: Unit, idf: dict[str, float]) -> float:
    """Overlap of the two units' idf-weighted content words: the mean of their cosine and
    of how much of the shorter one the longer holds (a fact stated inside a longer
    sentence shares all its rare words with it)."""
    wa = sum(idf[w] ** 2 for w in a.words)
    wb = sum(idf[w] ** 2 for w in b.words)
    if not wa or not wb:
        return 0.0
    shared = sum(idf[w] ** 2 for w in a.words & b.words)
    return (shared / math.sqrt(wa * wb) + shared / min(wa, wb)) / 2


def match_score(cos: float, a: Unit, b: Unit, idf: dict[str, float]) -> float:
    """How surely two units carry the same fact (a match from ``MATCH``)."""
    return cos + ANCHOR * min(anchors(a, b), 3) + LEXICAL * lexical(a, b, idf)


def _incidence(sets: Sequence[frozenset[Any]]) -> tuple[np.ndarray, list[Any]]:
    vocab = sorted({x for s in sets for x in s}, key=repr)
    at = {x: n for n, x in enumerate(vocab)}
    m = np.zeros((len(sets), len(vocab)), dtype=np.float32)
    for i, s in enumerate(sets):
        m[i, [at[x] for x in s]] = 1.0
    return m, vocab


def score_matrix(units: Sequence[Unit], sims: np.ndarray) -> np.ndarray:
    """:func:`match_score` of every two units at once."""
    if not units:
        return np.zeros((0, 0))
    words, vocab = _incidence([u.words for u in units])
    idf = _idf(units)
    weighted = words * np.array([idf[w] ** 2 for w in vocab], dtype=np.float32)
    shared = weighted @ words.T
    norm = weighted.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lex = (shared / np.sqrt(np.outer(norm, norm)) + shared / np.minimum.outer(norm, norm)) / 2
    lex = np.nan_to_num(lex, nan=0.0, posinf=0.0)
    marks, _ = _incidence(
        [
            frozenset(("e", x) for x in u.entities)
            | frozenset(("n", x) for x in u.numbers)
            | frozenset(("d", x) for x in u.dates)
            for u in units
        ]
    )
    shared_marks = np.minimum(marks @ marks.T, 3)
    out: np.ndarray = sims + ANCHOR * shared_marks + LEXICAL * lex
    return out


class _Sets:
    """Union-find whose sets remember which articles they hold."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.parent = list(range(len(units)))
        self.articles_of = [u.index for u in units]
        self.articles: dict[int, set[int]] = {i: {u.index} for i, u in enumerate(units)}
        self.units: dict[int, list[int]] = {i: [i] for i in range(len(units))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, matches: set[tuple[int, int]]) -> bool:
        """Put the facts of ``a`` and ``b`` together when every sentence of one matches
        every sentence of the other (``matches`` holds the pairs, lower index first)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.articles[ra] & self.articles[rb]:
            return False  # a fact holds one sentence per article
        if not all(
            (min(x, y), max(x, y)) in matches for x in self.units[ra] for y in self.units[rb]
        ):
            return False  # no chaining: every two sentences of a fact must match
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.articles[keep] |= self.articles.pop(drop)
        self.units[keep] += self.units.pop(drop)
        return True


@dataclass(frozen=True, slots=True)
class Alignment:
    groups: list[list[int]]  # unit indexes of each fact (a unit may carry two facts)
    pairs: list[tuple[int, int, float]]  # related pairs of different articles: (i, j, cos)
    sims: np.ndarray  # cosine of every two units (see :func:`similarities`)
    scores: dict[tuple[int, int], float]  # match score of each related pair, both ways
    matrix: np.ndarray  # match score of every two units (see :func:`score_matrix`)
    # the score that grouped them: with the soft word overlap, verbatim runs and voices
    grouping: np.ndarray | None = None


def similarities(
    units: Sequence[Unit],
    vectors: Vectors,
    whole: Vectors | None = None,
    parts: Vectors | None = None,
) -> np.ndarray:
    """Cosine of every two units: the closest of their readings (what is said, the whole
    sentence, and each clause of a longer sentence, ``parts`` holding one row per entry of
    ``Unit.parts`` in unit order), so that a fact stated inside a longer sentence is as
    close to its plain statement as its own clause is."""
    sims = vectors @ vectors.T
    if whole is not None:
        sims = np.maximum(sims, whole @ whole.T)
    if parts is None or not len(parts):
        return sims
    reps = [vectors[i : i + 1] for i in range(len(units))]
    at = 0
    for i, u in enumerate(units):
        if u.parts:
            reps[i] = np.vstack([vectors[i : i + 1], parts[at : at + len(u.parts)]])
            at += len(u.parts)
    stacked = np.vstack(reps)
    starts = np.cumsum([0] + [len(r) for r in reps[:-1]])
    every = stacked @ stacked.T - PART_PENALTY
    best = np.maximum.reduceat(np.maximum.reduceat(every, starts, axis=0), starts, axis=1)
    out: np.ndarray = np.maximum(sims, best)
    return out


def align(
    units: Sequence[Unit],
    vectors: Vectors,
    whole: Vectors | None = None,
    parts: Vectors | None = None,
    *,
    overlap: np.ndarray | None = None,
    cover: np.ndarray | None = None,
    runs: np.ndarray | None = None,
) -> Alignment:
    """Group units into facts; also return related cross-article pairs for conflict search.

    ``vectors`` embed what each unit says (its core); ``whole``, when given, the unit with
    who said it, ``parts`` the clauses of longer sentences (see :func:`similarities`);
    ``overlap``, when given, the soft word overlap of every two units
    (:func:`parallax.comparison.overlap.soft_overlap`), which then counts for half of the
    score that groups them (the match score stays what tells near and absent sentences)."""
    n = len(units)
    if n == 0:
        return Alignment([], [], np.zeros((0, 0)), {}, np.zeros((0, 0)))
    sims = similarities(units, vectors, whole, parts)
    matrix = score_matrix(units, sims)
    grouping = matrix if overlap is None else (matrix + overlap + OVERLAP_SHIFT) / 2
    near = sims >= RELATED
    if runs is not None:  # words taken over verbatim: as sure as a match that may be a second
        grouping = np.where(runs, np.maximum(grouping, RUN_SCORE), grouping)
        near = near | runs
    grouping = np.minimum(grouping, np.where(_two_voices(units), OTHER_VOICE, np.inf))
    article = np.array([u.index for u in units])
    scored: list[tuple[float, int, int]] = []
    related: list[tuple[int, int, float]] = []
    best: dict[tuple[int, int], tuple[float, int]] = {}  # (unit, other article) -> best pair
    second: dict[tuple[int, int], float] = {}  # (unit, other article) -> next best score
    rows, cols = np.nonzero(np.triu(near, k=1) & (article[:, None] != article[None, :]))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        cos = float(sims[i, j])
        related.append((i, j, cos))
        score = float(grouping[i, j])
        scored.append((score, i, j))
        for a, b in ((i, j), (j, i)):
            key = (a, units[b].index)
            if key not in best or best[key][0] < score:
                if key in best:
                    second[key] = best[key][0]
                best[key] = (score, b)
            elif score > second.get(key, -1.0):
                second[key] = score
    candidates = [
        (score, i, j)
        for score, i, j in scored
        if score >= MATCH
        or (
            score >= MUTUAL
            and not adds_detail(units[i], units[j])
            and best[(i, units[j].index)][1] == j
            and best[(j, units[i].index)][1] == i
            and score - second.get((i, units[j].index), -1.0) >= MARGIN
            and score - second.get((j, units[i].index), -1.0) >= MARGIN
        )
    ]
    sets = _Sets(units)
    matched = {(min(i, j), max(i, j)) for _, i, j in candidates}
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        sets.join(i, j, matched)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(sets.find(i), []).append(i)
    found = list(groups.values())
    found = _contained(sets, best, second, found, grouping, cover)
    found = _three_way(found, units, grouping)
    scores = {(i, j): float(matrix[i, j]) for _, i, j in scored}
    scores |= {(j, i): sc for (i, j), sc in scores.items()}
    return Alignment(found, related, sims, scores, matrix, grouping)


def _two_voices(units: Sequence[Unit]) -> np.ndarray:
    """Which two units give the words of two different named people."""
    names = {name: k for k, name in enumerate(sorted({u.speaker for u in units if u.speaker}))}
    who = np.array([names[u.speaker] if u.speaker else -1 for u in units])
    out: np.ndarray = (who[:, None] >= 0) & (who[None, :] >= 0) & (who[:, None] != who[None, :])
    return out


def _contained(
    sets: _Sets,
    best: dict[tuple[int, int], tuple[float, int]],
    second: dict[tuple[int, int], float],
    groups: list[list[int]],
    grouping: np.ndarray,
    cover: np.ndarray | None = None,
) -> list[list[int]]:
    """Facts stated inside a sentence that already carries another fact: a sentence with no
    partner in an article whose best match there is sure (``CONTAINED``, by a ``MARGIN``
    over the next) but already taken by another fact is paired with it as a fact of its
    own, so that one long sentence can carry two facts, the surest pairs first, and no
    sentence more than ``MOST_FACTS`` (a lead close to every sentence of another article is
    no statement of five facts). A sentence that only restates a sentence of its own article
    already in that fact (a quote summed up before it is given in full) is not paired again:
    that would list one fact twice."""
    out = [list(g) for g in groups]
    single = {g[0]: k for k, g in enumerate(out) if len(g) == 1}
    known = {frozenset(g) for g in out}
    holds = {u: 1 for g in out if len(g) > 1 for u in g}  # the facts each sentence carries
    for (j, article), (score, i) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
        inside = cover is not None and cover[j, i] >= COVERED and score >= MATCH
        if (
            (score < CONTAINED and not inside)
            or score - second.get((j, article), -1.0) < MARGIN
            or article in sets.articles[sets.find(j)]
            or frozenset((i, j)) in known
            or _restates(j, sets.units[sets.find(i)], sets, grouping)
            or max(holds.get(i, 0), holds.get(j, 0)) >= MOST_FACTS
        ):
            continue
        known.add(frozenset((i, j)))
        holds[i] = holds.get(i, 0) + 1
        holds[j] = holds.get(j, 0) + 1
        alone = j if j in single else i if i in single else None
        if alone is not None:  # a sentence of no other fact is not left as a fact of its own
            out[single.pop(alone)] = [i, j]
        else:
            out.append([i, j])
    return out


def _restates(j: int, fact: list[int], sets: _Sets, grouping: np.ndarray) -> bool:
    """Whether ``fact`` holds a sentence of ``j``'s own article that ``j`` surely matches."""
    own = [k for k in fact if k != j and sets.articles_of[k] == sets.articles_of[j]]
    return any(grouping[j, k] >= CONTAINED for k in own)


def _three_way(
    groups: list[list[int]], units: Sequence[Unit], grouping: np.ndarray
) -> list[list[int]]:
    """Facts that share a sentence and whose other sentences, of other articles, all come
    close to each other (``JOIN``) are one fact: A paired with B, and A with C as a second
    fact, is one fact of three outlets when B and C tell it alike. (When A carries two
    facts, B and C tell different things and stay apart.) A fact all of whose sentences are
    in a larger fact is that fact told twice and is left out."""
    out = [list(g) for g in groups]
    merged = True
    while merged:
        merged = False
        holders: dict[int, list[int]] = {}
        for k, g in enumerate(out):
            for u in g:
                holders.setdefault(u, []).append(k)
        for u, facts in holders.items():
            for a, b in itertools.combinations(facts, 2):
                if _one_fact(out[a], out[b], u, units, grouping):
                    out[a] = sorted(set(out[a]) | set(out[b]))
                    del out[b]
                    merged = True
                    break
            if merged:
                break
    sets = [frozenset(g) for g in out]
    return [g for g, s in zip(out, sets, strict=True) if not any(s < t for t in sets)]


def _one_fact(
    a: list[int], b: list[int], shared: int, units: Sequence[Unit], grouping: np.ndarray
) -> bool:
    """Facts ``a`` and ``b``, which share the sentence ``shared``, are one: their other
    sentences are of different articles, none shorter than ``SHORT_LINE``, and all come
    close (``JOIN``)."""
    if set(a) & set(b) != {shared}:
        return False
    rest_a, rest_b = [x for x in a if x != shared], [x for x in b if x != shared]
    if {units[x].index for x in rest_a} & {units[x].index for x in rest_b}:
        return False
    if any(units[x].end - units[x].start < SHORT_LINE for x in rest_a + rest_b):
        return False  # "We don't like him." and "We don't want him.": too short to tell apart
    return all(grouping[x, y] >= JOIN for x in rest_a for y in rest_b)
