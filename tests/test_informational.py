"""The informational-slant model: its fit, its folds, its features and its shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.analysis.records import Analysis, Entity, Quote
from parallax.comparison import informational
from parallax.comparison.informational import (
    SIGNALS,
    InformationalModel,
    article_features,
    cross_validated,
    fit,
    shipped,
    signal_features,
)
from parallax.comparison.slant import slant_sentences
from parallax.embed import DIMENSIONS
from parallax.errors import ParallaxError
from parallax.models import Span


def _data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy features: the first decides the class, the second is noise."""
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.2
    x = np.column_stack([y * 2.0 - 1.0 + rng.normal(0, 0.8, n), rng.normal(0, 1, n)])
    return x, y


def test_fit_learns_the_feature_that_decides_and_balances_the_classes() -> None:
    x, y = _data(600)
    model = fit(x, y, l2=1.0)
    assert model.weights[0] > 1.0 > abs(model.weights[1])
    calls = model.slanted(x)
    # classes weighted to balance: the rare class is found, not drowned by the common one
    assert (calls & y).sum() / y.sum() > 0.8
    assert (calls & ~y).sum() / (~y).sum() < 0.2


def test_a_larger_penalty_shrinks_the_weights() -> None:
    x, y = _data(300)
    assert abs(fit(x, y, l2=100.0).weights[0]) < abs(fit(x, y, l2=0.1).weights[0])


def test_cross_validation_calls_each_fold_by_a_model_fitted_on_the_others() -> None:
    x, y = _data(400, seed=1)
    folds = [i % 4 for i in range(400)]
    calls = cross_validated(x, y, folds, l2=1.0)
    assert calls.shape == y.shape
    assert (calls == y).mean() > 0.85
    # a fold never sees its own labels: flipping one fold's labels changes nothing there
    flipped = y.copy()
    held = np.array(folds) == 0
    flipped[held] = ~flipped[held]
    assert (cross_validated(x, flipped, folds, l2=1.0)[held] == calls[held]).all()


def test_fit_needs_both_classes() -> None:
    x = np.zeros((4, 2))
    with pytest.raises(ParallaxError, match="slanted and unslanted"):
        fit(x, np.zeros(4, dtype=bool))


def test_model_round_trips_and_rejects_the_wrong_number_of_features() -> None:
    model = InformationalModel(weights=(0.5, -1.0), bias=0.25, trained_on="invented")
    again = InformationalModel.from_dict(model.to_dict())
    assert again == model
    assert model.probabilities(np.array([[0.0, 0.0]]))[0] == pytest.approx(1 / (1 + np.exp(-0.25)))
    with pytest.raises(ParallaxError, match="takes 2 features"):
        model.probabilities(np.zeros((1, 3)))


def test_signal_features_place_lead_and_length() -> None:
    got = signal_features(
        [(True, False, True), (False, True, False), (False, False, False)], [5, 90, 30]
    )
    assert got.shape == (3, len(SIGNALS))
    assert got[:, 0].tolist() == [1, 0, 0] and got[:, 1].tolist() == [0, 1, 0]
    assert got[:, 3].tolist() == [0.0, 0.5, 1.0]  # place in the article
    assert got[:, 4].tolist() == [1, 0, 0]  # only the first is in the first tenth
    assert got[:, 5].tolist() == [5 / 60, 1.0, 0.5]  # words, capped at 60


def test_article_features_put_each_vector_beside_its_signals() -> None:
    text = 'Critics slammed Lind. Lind left. "It is a shed," Berg said.'

    def at(word: str, start: int = 0) -> Span:
        i = text.index(word, start)
        return Span(i, i + len(word))

    analysis = Analysis(
        article_id="a",
        language="en",
        supported=True,
        sentences=(Span(0, 21), Span(22, 32), Span(33, len(text))),
        entities=(
            Entity("e0", "Lind", "person", (at("Lind"), at("Lind", 20))),
            Entity("e1", "Berg", "person", (at("Berg"),)),
        ),
        quotes=(Quote(at('"It is a shed,"'), "direct", speaker_key="e1"),),
    )
    slants = slant_sentences(text, analysis)
    vectors = np.eye(3, DIMENSIONS, dtype=np.float32)
    got = article_features(text, slants, vectors)
    assert got.shape == (3, DIMENSIONS + len(SIGNALS))
    assert got[0, 0] == got[1, 1] == got[2, 2] == 1.0  # each sentence's own vector
    signals = got[:, DIMENSIONS:]
    assert signals[:, 0].tolist() == [1.0, 0.0, 0.0]  # "slammed": evaluative
    assert signals[:, 1].tolist() == [0.0, 0.0, 1.0]  # Berg's words: another voice than Lind's
    assert signals[:, 5].tolist() == [3 / 60, 2 / 60, 6 / 60]


def test_shipped_weights_take_a_sentence_vector_and_the_signals() -> None:
    informational.shipped.cache_clear()
    model = shipped()
    assert len(model.weights) == DIMENSIONS + len(SIGNALS)
    assert "basil" in model.trained_on.lower()
    # evaluative wording raises the score, as the rule's signal did
    assert model.weights[DIMENSIONS + SIGNALS.index("evaluative")] > 0
