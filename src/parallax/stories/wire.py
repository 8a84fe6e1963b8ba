"""Wire copy: which articles are copies of one text (one agency story, many outlets).

Each text becomes the set of its word 5-shingles (lower-cased word tokens); a text of fewer than
five words has none and is never a copy. A text is a *copy* of another when at least
:data:`COPY_CONTAINMENT` of the shorter text's shingles occur in the longer (containment), so
that an outlet that runs the agency text with a new headline, a trimmed end or a paragraph of
its own still counts. When the shorter text has fewer than :data:`MIN_SHINGLES` shingles (a
sentence or two), containment says little, and their Jaccard similarity must reach the same
share instead: a line that a long article happens to contain is not a copy of it.

MinHash LSH (datasketch, :data:`NUM_PERM` permutations in :data:`BANDS` bands of two rows) finds
the candidate pairs: a pair with Jaccard similarity ``J`` is a candidate with probability
``1 - (1 - J**2) ** 128``: 0.995 at ``J = 0.2`` (the first fifth of the original, unchanged),
0.9997 at ``J = 0.25`` (a copy 40% as long as the original that keeps 70% of its text). Each
candidate is then checked on the exact shingles. Texts are taken in publication order, and a
copy joins the group of the earliest text it copies, so that the original is the first
published and a roundup that runs two agency texts does not make the two agencies one group.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from datasketch import MinHash, MinHashLSH

from parallax.errors import ParallaxError

SHINGLE = 5
COPY_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the other
MIN_SHINGLES = 25  # below this (about two sentences) a copy must be nearly the same text
NUM_PERM = 256
BANDS = 128  # of NUM_PERM // BANDS = 2 rows each
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of word ``size``-shingles of a text (lower-cased; empty below ``size`` words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def is_copy(a: set[str], b: set[str], threshold: float = COPY_CONTAINMENT) -> bool:
    """Whether one of two shingle sets is a copy of the other (see the module docstring)."""
    if not a or not b:
        return False
    shared = len(a & b)
    smaller = min(len(a), len(b))
    if smaller < MIN_SHINGLES:
        return shared / (len(a) + len(b) - shared) >= threshold
    return shared / smaller >= threshold


def wire_groups(
    texts: Mapping[str, str],
    *,
    order: Sequence[str] | None = None,
    threshold: float = COPY_CONTAINMENT,
) -> list[list[str]]:
    """Groups of copies of one text, each ``[original, copy, ...]`` in ``order``
    (publication order; sorted ids when not given), the groups in the order of their
    originals. Deterministic."""
    if not 0.0 < threshold <= 1.0:
        raise ParallaxError(
            f"wire-copy threshold {threshold} is outside (0, 1]", fix="use e.g. 0.7"
        )
    keys = list(order) if order is not None else sorted(texts)
    if sorted(keys) != sorted(texts):
        raise ParallaxError(
            "the order of the texts names other ids than the texts",
            fix="give every id of the texts once in order",
        )
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, NUM_PERM // BANDS))
    grams: dict[str, set[str]] = {}
    rank = {key: i for i, key in enumerate(keys)}
    original: dict[str, str] = {}  # each text -> the first text of its group
    for key in keys:
        found = shingles(texts[key])
        if not found:
            continue
        minhash = MinHash(num_perm=NUM_PERM, seed=1)
        minhash.update_batch([g.encode("utf-8") for g in sorted(found)])
        copied = sorted(
            (o for o in lsh.query(minhash) if is_copy(found, grams[o], threshold)),
            key=rank.__getitem__,
        )
        original[key] = original[copied[0]] if copied else key
        grams[key] = found
        lsh.insert(key, minhash)
    groups: dict[str, list[str]] = {}
    for key in keys:
        if key in original:
            groups.setdefault(original[key], []).append(key)
    return [g for g in groups.values() if len(g) > 1]
