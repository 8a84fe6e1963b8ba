"""Wire copy: groups of articles whose texts are near-duplicates (one agency story, many outlets).

Each text becomes a MinHash of its word 5-shingles (lower-cased word tokens; a text shorter than
five words is one shingle); MinHash LSH finds the candidate pairs whose estimated Jaccard
similarity is above ``threshold``, and groups are the connected components of those pairs. A
changed headline or a trimmed last paragraph leaves most shingles in place, so the copy is still
found; two different reports of one event share few 5-shingles and stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from datasketch import MinHash, MinHashLSH

from parallax.errors import ParallaxError

SHINGLE = 5
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The set of word ``size``-shingles of a text (lower-cased)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def wire_groups(
    texts: Mapping[str, str], *, threshold: float = 0.8, num_perm: int = 128
) -> list[list[str]]:
    """Groups (of two or more ids) whose texts are near-duplicates, sorted, deterministic."""
    if not 0.0 < threshold <= 1.0:
        raise ParallaxError(
            f"wire-copy threshold {threshold} is outside (0, 1]", fix="use e.g. 0.8"
        )
    if num_perm < 16:
        raise ParallaxError(f"num_perm {num_perm} is too small", fix="use at least 16 (128)")
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[str, MinHash] = {}
    for key in sorted(texts):
        grams = shingles(texts[key])
        if not grams:
            continue
        minhash = MinHash(num_perm=num_perm, seed=1)
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
        hashes[key] = minhash
        lsh.insert(key, minhash)
    parent = {key: key for key in hashes}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != key and minhash.jaccard(hashes[other]) >= threshold:
                a, b = sorted((root(key), root(other)))
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for key in hashes:
        groups.setdefault(root(key), []).append(key)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
