"""The trimmed, faster spaCy pipeline reads tokens exactly as the full model does: tags,
POS, lemmas, dependencies and entities."""

from __future__ import annotations

import spacy

from parallax.analysis.nlp import MODEL, lemma, load_nlp
from parallax.demo import corpus_dir


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))[:6]]


def test_fast_pos_and_lazy_lemmas_match_the_full_model() -> None:
    full = spacy.load(MODEL)  # attribute ruler and lemmatizer on every token
    full.add_pipe("parallax_paragraph_starts", before="parser")
    ours = load_nlp()
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names
    tokens = 0
    for a, b in zip(full.pipe(_texts()), ours.pipe(_texts()), strict=True):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            tokens += 1
            assert (x.pos_, x.tag_) == (y.pos_, y.tag_), (x.text, x.pos_, y.pos_)
            assert (x.dep_, x.head.i, x.ent_type_, x.ent_iob_) == (
                y.dep_,
                y.head.i,
                y.ent_type_,
                y.ent_iob_,
            ), x.text
            if x.pos_ in {"VERB", "AUX", "NOUN"}:
                assert lemma(y) == x.lemma_.lower(), x.text
    assert tokens > 2000
