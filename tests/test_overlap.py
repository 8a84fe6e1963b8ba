"""The soft word overlap of sentences and the token vectors it is built on (real model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parallax import embed as embed_module
from parallax.comparison.overlap import soft_overlap, word_cover
from parallax.embed import TokenVectors, embed_tokens
from parallax.store import SQLiteStore

PLAIN = "The harbour authority closed the Velmora container port on Tuesday."
INSIDE = (
    "Dockers walked out at dawn, and by noon the harbour authority had shut the Velmora "
    "container port, stranding 40 ships at anchor."
)
OTHER = "The union's treasurer said the strike fund would last about three weeks."
EMPTY = "He said it was."  # no content word


def test_a_fact_told_inside_a_longer_sentence_overlaps_more_than_a_related_one() -> None:
    f = soft_overlap(word_cover(embed_tokens([PLAIN, INSIDE, OTHER])))
    assert f[0, 1] > f[0, 2] + 0.1
    assert np.allclose(f, f.T)
    assert np.all(np.diag(f) == 0)
    assert np.all((f >= 0) & (f <= 1.0001))


def test_a_text_without_content_words_overlaps_nothing() -> None:
    tokens = embed_tokens([PLAIN, EMPTY, INSIDE])
    assert len(tokens[1].ids) == 0
    f = soft_overlap(word_cover(tokens))
    assert not f[1].any() and not f[:, 1].any()
    assert f[0, 2] > 0


def test_token_vectors_survive_the_cache_format() -> None:
    (tokens,) = embed_tokens([INSIDE])
    back = TokenVectors.from_bytes(tokens.to_bytes())
    assert back.ids.tolist() == tokens.ids.tolist()
    assert np.min(np.sum(back.vectors * tokens.vectors, axis=1)) > 0.999
    assert len(tokens.to_bytes()) < 400 * len(tokens.ids) + 8  # int8, not float32


def test_token_vectors_are_read_from_the_store_once_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SQLiteStore(tmp_path / "p.db")
    first = embed_tokens([PLAIN, OTHER, PLAIN], cache=store)
    assert first[0].ids.tolist() == first[2].ids.tolist()

    def no_model(texts: object) -> None:
        raise AssertionError("the model ran for texts the store holds")

    monkeypatch.setattr(embed_module, "_encode_tokens", no_model)
    again = embed_tokens([OTHER, PLAIN], cache=store)
    assert again[0].ids.tolist() == first[1].ids.tolist()
    assert np.allclose(again[1].vectors, first[0].vectors)


def test_sentence_and_token_vectors_come_from_one_pass_and_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parallax.embed import embed, embed_sentences

    store = SQLiteStore(tmp_path / "p.db")
    vectors, tokens = embed_sentences([PLAIN, INSIDE, PLAIN], cache=store)
    assert np.allclose(vectors, embed([PLAIN, INSIDE, PLAIN]), atol=1e-5)
    assert [t.ids.tolist() for t in tokens] == [
        t.ids.tolist() for t in embed_tokens([PLAIN, INSIDE, PLAIN])
    ]

    def no_model(texts: object) -> None:
        raise AssertionError("the model ran for texts the store holds")

    monkeypatch.setattr(embed_module, "_encode_both", no_model)
    again, tokens_again = embed_sentences([INSIDE, PLAIN], cache=store)
    assert np.allclose(again, vectors[[1, 0]])
    assert tokens_again[0].ids.tolist() == tokens[1].ids.tolist()
    # what embed and embed_tokens read from the store is what one pass saved
    assert np.allclose(embed([INSIDE], cache=store), vectors[[1]])


def test_sentences_sharing_six_words_in_a_row_are_found() -> None:
    from parallax.comparison.align import STOPWORDS
    from parallax.comparison.overlap import shared_runs

    texts = [
        "“We will rebuild the harbour wall before spring,” the mayor said on Monday.",
        "The mayor vowed to rebuild the harbour wall before spring, despite the cost.",
        "Officials said it was not for the city of Velmora to decide.",  # its run is stopwords
        "Residents said it was not for the city to decide, the paper reported.",
        "The mayor promised to rebuild the harbour wall quickly.",  # four words in a row only
    ]
    runs = shared_runs(texts, STOPWORDS)
    assert runs[0, 1] and runs[1, 0]
    assert not runs[2, 3]  # "said it was not for the city": one content word
    assert not runs[0, 4] and not runs[1, 4]
    assert not runs.diagonal().any()
