"""Wire copy: groups of articles whose texts are near-duplicates (one agency story, many outlets).

Each text becomes a set of word 5-shingles (lower-cased word tokens; a text shorter than five
words is one shingle). A copy is a text of which at least ``threshold`` (0.7) of the shorter
text's shingles occur in the other (containment), so that an outlet that runs the agency text
with a new headline, a trimmed end or a paragraph of its own still counts as a copy. MinHash
LSH (datasketch) over the shingles finds the candidate pairs, at a Jaccard similarity low
enough (:data:`CANDIDATE_JACCARD`) to reach a copy trimmed to half of the original; each
candidate is then checked on the exact shingles, and groups are the connected components of
the copies. Two different reports of one event share few 5-shingles and stay apart. The story
list and the comparison use this one definition, so their counts agree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from datasketch import MinHash, MinHashLSH

from parallax.errors import ParallaxError

SHINGLE = 5
COPY_CONTAINMENT = 0.7  # share of the shorter text's shingles found in the other
MIN_SHINGLES = 10  # a smaller text than this is a copy only when nearly the same text
CANDIDATE_JACCARD = 0.3  # LSH threshold: a copy trimmed to half of the original still qualifies
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of word ``size``-shingles of a text (lower-cased)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """The share of the smaller set found in the other (0 when either is empty). Below
    :data:`MIN_SHINGLES` in the smaller set, the Jaccard similarity instead: a line that a long
    article happens to contain is not a copy of it."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return shared / len(a | b)
    return shared / min(len(a), len(b))


def wire_groups(
    texts: Mapping[str, str], *, threshold: float = COPY_CONTAINMENT, num_perm: int = 128
) -> list[list[str]]:
    """Groups (of two or more ids) whose texts are copies of each other (see the module
    docstring), each sorted, the groups by their first id; deterministic."""
    if not 0.0 < threshold <= 1.0:
        raise ParallaxError(
            f"wire-copy threshold {threshold} is outside (0, 1]", fix="use e.g. 0.7"
        )
    if num_perm < 16:
        raise ParallaxError(f"num_perm {num_perm} is too small", fix="use at least 16 (128)")
    lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_JACCARD), num_perm=num_perm)
    grams: dict[str, set[str]] = {}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key in sorted(texts):
        found = shingles(texts[key])
        if not found:
            continue
        minhash = MinHash(num_perm=num_perm, seed=1)
        minhash.update_batch([g.encode("utf-8") for g in sorted(found)])
        grams[key] = found
        parent[key] = key
        for other in lsh.query(minhash):
            if containment(found, grams[other]) >= threshold:
                a, b = sorted((root(key), root(other)))
                parent[b] = a
        lsh.insert(key, minhash)
    groups: dict[str, list[str]] = {}
    for key in grams:
        groups.setdefault(root(key), []).append(key)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
