"""A sentence's informational slant as a trained score: logistic regression over the
sentence's embedding and its plain slant signals.

BASIL (Fan et al. 2019) marks *informational* bias: content an outlet chooses to tell that
sways the reader on an actor of the event (a critic's verdict, a past controversy, a
speculation), whatever its wording. The two rule signals of :mod:`parallax.comparison.slant`
(evaluative wording, another voice's quoted words) find about half of it; what a sentence is
about (its embedding by the comparison's sentence model) adds what they miss. The features:

* the sentence's normalised vector (384 numbers);
* ``evaluative``, ``other_voice`` and ``loaded`` (0 or 1, from :mod:`~parallax.comparison.slant`);
* its place in the article (0 first, 1 last), whether it is in the first tenth, and its
  length (words, capped at 60, over 60).

The shipped weights (``models/informational.json``) were fitted on the BASIL development
split by ``benchmarks/train_informational.py`` (L2-regularised, classes weighted to balance);
``parallax eval framing --basil`` scores them and, for an estimate on stories the weights
never saw, refits them per story fold (:func:`cross_validated`). The fit is a few Newton
steps in numpy: no extra dependency.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from parallax.comparison.slant import SentenceSlant
from parallax.errors import ParallaxError

SIGNALS = ("evaluative", "other_voice", "loaded", "position", "lead", "length")
LEAD_SHARE = 0.1  # a sentence in the first tenth of its article is a lead sentence
LENGTH_CAP = 60  # words
L2 = 10.0  # the fit's L2 penalty (scikit-learn's C = 0.1), the best of 0.03-0.3 on story folds
THRESHOLD = 0.5  # a balanced fit's probability at which a sentence is called slanted
MODEL_FILE = "informational.json"

Matrix = npt.NDArray[np.float64]


def signal_features(signals: Sequence[tuple[bool, bool, bool]], words: Sequence[int]) -> Matrix:
    """The six plain features of an article's sentences, in order: each sentence's
    (evaluative, other_voice, loaded) and its number of words."""
    n = len(signals)
    out = np.zeros((n, len(SIGNALS)), dtype=np.float64)
    for i, ((evaluative, other, loaded), count) in enumerate(zip(signals, words, strict=True)):
        place = i / max(1, n - 1)
        out[i] = (
            evaluative,
            other,
            loaded,
            place,
            place < LEAD_SHARE,
            min(count, LENGTH_CAP) / LENGTH_CAP,
        )
    return out


@dataclass(frozen=True, slots=True)
class InformationalModel:
    """Weights over ``[vector..., signals...]`` and a bias; a sentence whose probability
    reaches ``threshold`` is informationally slanted."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = THRESHOLD
    trained_on: str = ""

    def probabilities(self, features: Matrix) -> Matrix:
        if features.shape[1] != len(self.weights):
            raise ParallaxError(
                f"the informational model takes {len(self.weights)} features per sentence, "
                f"got {features.shape[1]}",
                fix="give the sentence vectors of parallax.embed beside signal_features",
            )
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def slanted(self, features: Matrix) -> npt.NDArray[np.bool_]:
        return self.probabilities(features) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": f"sentence vector (parallax.embed) + {', '.join(SIGNALS)}",
            "trained_on": self.trained_on,
            "threshold": self.threshold,
            "bias": self.bias,
            "weights": [round(w, 6) for w in self.weights],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InformationalModel:
        return cls(
            weights=tuple(float(w) for w in data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data.get("threshold", THRESHOLD)),
            trained_on=str(data.get("trained_on", "")),
        )


def features(vectors: npt.NDArray[np.floating[Any]], signals: Matrix) -> Matrix:
    """The model's input: each sentence's vector beside its plain features."""
    return np.hstack([np.asarray(vectors, dtype=np.float64), signals])


def article_features(
    text: str, slants: Sequence[SentenceSlant], vectors: npt.NDArray[np.floating[Any]]
) -> Matrix:
    """The model's input for the sentences of one article: their slant signals
    (:func:`parallax.comparison.slant.slant_sentences` of ``text``) and their vectors."""
    signals = signal_features(
        [(s.evaluative, s.other_voice, s.loaded) for s in slants],
        [len(s.span.of(text).split()) for s in slants],
    )
    return features(vectors, signals)


def fit(
    x: Matrix, y: npt.NDArray[np.bool_], *, l2: float = L2, trained_on: str = ""
) -> InformationalModel:
    """Logistic regression with classes weighted to balance and an L2 penalty on the
    weights (not the bias), fitted by Newton's method."""
    if len(x) == 0 or y.all() or not y.any():
        raise ParallaxError(
            "the informational model needs slanted and unslanted sentences to learn from",
            fix="train on articles with BASIL's informational spans",
        )
    n, d = x.shape
    target = y.astype(np.float64)
    positives = target.sum()
    weight = np.where(y, n / (2 * positives), n / (2 * (n - positives)))
    a = np.hstack([x, np.ones((n, 1))])
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    beta = np.zeros(d + 1)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(a @ beta)))
        gradient = a.T @ (weight * (p - target)) + penalty * beta
        hessian = (a * (weight * p * (1 - p))[:, None]).T @ a + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return InformationalModel(
        weights=tuple(float(b) for b in beta[:-1]), bias=float(beta[-1]), trained_on=trained_on
    )


def cross_validated(
    x: Matrix, y: npt.NDArray[np.bool_], folds: Sequence[int], *, l2: float = L2
) -> npt.NDArray[np.bool_]:
    """Each sentence's call by a model fitted on the other folds (whole stories per fold),
    an estimate of the model on stories it never saw."""
    fold = np.asarray(folds)
    out = np.zeros(len(y), dtype=bool)
    for k in sorted(set(fold.tolist())):
        held = fold == k
        out[held] = fit(x[~held], y[~held], l2=l2).slanted(x[held])
    return out


@lru_cache(maxsize=1)
def shipped() -> InformationalModel:
    """The weights fitted on the BASIL development split."""
    text = resources.files("parallax.comparison").joinpath("models", MODEL_FILE).read_text()
    return InformationalModel.from_dict(json.loads(text))
