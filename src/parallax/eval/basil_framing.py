"""Sentence-level framing against BASIL's human bias spans (Fan et al. 2019).

Inputs: ``framing/basil_spans.*.jsonl`` (one article a line: ``id``, ``story_id``, ``spans``
of ``{"bias": "lex" | "inf", "txt": ...}``) and ``stories/basil.*.jsonl`` (the same ids with
their ``text``). BASIL gives no offsets, so each span's ``txt`` is looked up in the article
text: exactly, then with quotation marks, dashes and white space normalised and case
ignored; a phrase listed twice in one article takes the next occurrence each time. Spans that
are not in the text (BASIL also annotates headlines, which the text does not hold) are
counted and left out.

Each article is cut into sentences by Parallax's analysis
(:func:`parallax.analysis.pipeline.analyze_many`); a sentence is gold-biased of a kind when
it overlaps a span of that kind. Predictions (:mod:`parallax.comparison.slant`):

* lexical: the sentence holds a loaded or subjective term; baseline: the BABE decision
  :func:`parallax.comparison.framing.is_biased`;
* informational: the trained model of :mod:`parallax.comparison.informational` (sentence
  vector and slant signals) with its shipped weights; the same model refitted on
  ``CV_FOLDS`` folds of whole stories, each fold's sentences called by the model fitted on the
  others (on the development split the shipped weights have seen every sentence: this is
  the figure for stories they did not see); the rule alone (evaluative wording or another
  voice's quoted words); baseline: every sentence (the score of knowing nothing).

Precision, recall and F1 of the biased class are given over all sentences and over two folds
of whole stories (alternate story ids in sorted order) to show how stable they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from parallax.analysis.pipeline import analyze_many
from parallax.comparison import informational
from parallax.comparison.framing import is_biased
from parallax.comparison.slant import slant_sentences
from parallax.embed import embed
from parallax.errors import InputError
from parallax.eval.rows import read_id_rows
from parallax.models import Span

KINDS = ("lex", "inf")
FOLDS = 2
CV_FOLDS = 5  # story folds the informational model is refitted on for its unseen-story figure
_FOLD_CHARS = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'", "–": "-", "—": "-"}


@dataclass(frozen=True, slots=True)
class GoldSpan:
    bias: str  # lex | inf
    txt: str


@dataclass(frozen=True, slots=True)
class BasilArticle:
    id: str
    story_id: str
    text: str
    spans: tuple[GoldSpan, ...]


@dataclass(frozen=True, slots=True)
class SentenceLabel:
    """Gold and predicted labels of one sentence."""

    article_id: str
    story_id: str
    span: Span
    gold_lex: bool
    gold_inf: bool
    lex: bool
    inf: bool  # the informational model with its shipped weights
    baseline_lex: bool
    baseline_inf: bool = True
    inf_rule: bool = False  # evaluative wording or another voice's quoted words
    inf_cv: bool = False  # the informational model fitted on the other story folds


@dataclass(frozen=True, slots=True)
class KindScores:
    """Biased-class counts of one kind of bias; precision, recall and F1 follow from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 0.0

    @property
    def support(self) -> int:
        """Gold-biased sentences."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(frozen=True, slots=True)
class SplitScores:
    """Scores of one set of sentences: Parallax's detectors and their baselines."""

    sentences: int
    lex: KindScores
    inf: KindScores
    baseline_lex: KindScores
    baseline_inf: KindScores
    inf_rule: KindScores
    inf_cv: KindScores

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "lex": self.lex.to_dict(),
            "inf": self.inf.to_dict(),
            "inf_cross_validated": self.inf_cv.to_dict(),
            "inf_rule": self.inf_rule.to_dict(),
            "baseline_lex": self.baseline_lex.to_dict(),
            "baseline_inf": self.baseline_inf.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class BasilFramingScores:
    articles: int
    spans: dict[str, int]  # spans of each kind in the file
    not_found: dict[str, int]  # spans of each kind whose text is not in the article
    overall: SplitScores
    folds: tuple[SplitScores, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "spans": dict(self.spans),
            "not_found": dict(self.not_found),
            "overall": self.overall.to_dict(),
            "folds": [f.to_dict() for f in self.folds],
        }


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` with quotes and dashes unified, runs of white space as one space and lower
    case; and, for each character kept, its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        else:
            ch = _FOLD_CHARS.get(ch, ch)
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate(text: str, phrase: str, *, after: int = 0) -> Span | None:
    """Where ``phrase`` is in ``text`` at or after ``after``: exactly, else with quotes,
    dashes, white space and case normalised; None when it is not there."""
    phrase = phrase.strip()
    if not phrase:
        return None
    found = text.find(phrase, after)
    if found >= 0:
        return Span(found, found + len(phrase))
    folded, where = _fold(text)
    wanted, _ = _fold(phrase)
    begin = next((k for k, i in enumerate(where) if i >= after), len(where))
    hit = folded.find(wanted, begin)
    if hit < 0:
        return None
    return Span(where[hit], where[hit + len(wanted) - 1] + 1)


def locate_spans(article: BasilArticle) -> tuple[list[tuple[str, Span]], dict[str, int]]:
    """``(bias, span)`` of each gold span found in the text, and the count not found by kind."""
    found: list[tuple[str, Span]] = []
    missing = dict.fromkeys(KINDS, 0)
    next_from: dict[str, int] = {}
    for gold in article.spans:
        key = gold.txt.strip()
        span = locate(article.text, key, after=next_from.get(key, 0))
        if span is None and key in next_from:  # listed more often than it occurs
            span = locate(article.text, key)
        if span is None:
            missing[gold.bias] += 1
            continue
        next_from[key] = span.end
        found.append((gold.bias, span))
    return found, missing


def gold_labels(sentences: Sequence[Span], spans: Iterable[tuple[str, Span]]) -> list[set[str]]:
    """For each sentence, the kinds of the gold spans that overlap it."""
    labels: list[set[str]] = [set() for _ in sentences]
    for bias, span in spans:
        for i, sentence in enumerate(sentences):
            if sentence.start < span.end and span.start < sentence.end:
                labels[i].add(bias)
    return labels


def _gold_spans(where: str, row: dict[str, Any]) -> tuple[GoldSpan, ...]:
    spans = row.get("spans")
    if not isinstance(spans, list):
        raise InputError(where, "has no 'spans' list", fix="each line needs 'spans': [...]")
    out: list[GoldSpan] = []
    for item in spans:
        bias = item.get("bias") if isinstance(item, dict) else None
        txt = item.get("txt") if isinstance(item, dict) else None
        if bias not in KINDS or not isinstance(txt, str):
            raise InputError(
                where,
                f"has a span {item!r} without 'bias' (lex or inf) and 'txt'",
                fix='write each span as {"bias": "lex" | "inf", "txt": "..."}',
            )
        out.append(GoldSpan(str(bias), txt))
    return tuple(out)


def load_basil(spans_path: Path, articles_path: Path) -> list[BasilArticle]:
    """The annotated articles of ``spans_path`` with their texts from ``articles_path``."""
    texts: dict[str, tuple[str, str]] = {}
    for where, row in read_id_rows(articles_path, "stories/basil.dev.jsonl"):
        if not isinstance(row.get("text"), str):
            raise InputError(where, "has no 'text' string", fix="each article needs 'text'")
        texts[row["id"]] = (row["text"], str(row.get("story_id") or row["id"]))
    articles: list[BasilArticle] = []
    for where, row in read_id_rows(spans_path, "framing/basil_spans.dev.jsonl"):
        if row["id"] not in texts:
            raise InputError(
                where,
                f"article {row['id']!r} is not in {articles_path}",
                fix="give the stories file of the same split as the spans file",
            )
        text, story = texts[row["id"]]
        story_id = str(row.get("story_id") or story)
        articles.append(BasilArticle(row["id"], story_id, text, _gold_spans(where, row)))
    return articles


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    labels: tuple[SentenceLabel, ...]
    missing: dict[str, int]  # spans of each kind not found in the text
    features: npt.NDArray[np.float64]  # the informational model's input, a row a sentence


def label_articles(articles: Sequence[BasilArticle]) -> list[LabelledArticle]:
    """For each article, the gold and rule labels of its sentences, the count of its spans not
    found and its sentences' features for the informational model (the articles are analysed
    in one batch)."""
    analyses = analyze_many([(a.id, a.text, None, "en") for a in articles])
    out: list[LabelledArticle] = []
    for article, analysis in zip(articles, analyses, strict=True):
        found, missing = locate_spans(article)
        gold = gold_labels(analysis.sentences, found)
        slants = slant_sentences(article.text, analysis)
        vectors = embed([s.span.of(article.text) for s in slants])
        features = informational.article_features(article.text, slants, vectors)
        labels = tuple(
            SentenceLabel(
                article_id=article.id,
                story_id=article.story_id,
                span=s.span,
                gold_lex="lex" in kinds,
                gold_inf="inf" in kinds,
                lex=s.lexical,
                inf=False,  # the model's call, made over all articles (apply_model)
                baseline_lex=is_biased(s.span.of(article.text)),
                inf_rule=s.informational,
            )
            for s, kinds in zip(slants, gold, strict=True)
        )
        out.append(LabelledArticle(labels, missing, features))
    return out


def cross_validate(
    labels: Sequence[SentenceLabel], features: npt.NDArray[np.float64], folds: int = CV_FOLDS
) -> list[SentenceLabel]:
    """``labels`` with ``inf_cv`` set by the informational model refitted on the other
    story folds (unchanged when there are too few stories or no biased sentence to fit)."""
    gold = np.array([x.gold_inf for x in labels], dtype=bool)
    fold_of = story_folds((x.story_id for x in labels), folds)
    fold = np.array([fold_of[x.story_id] for x in labels])
    training = [gold[fold != k] for k in sorted(set(fold.tolist()))]
    if len(training) < 2 or any(t.all() or not t.any() for t in training):
        return list(labels)
    calls = informational.cross_validated(features, gold, fold.tolist())
    return [dataclasses.replace(x, inf_cv=bool(c)) for x, c in zip(labels, calls, strict=True)]


def apply_model(
    labels: Sequence[SentenceLabel],
    features: npt.NDArray[np.float64],
    model: informational.InformationalModel,
) -> list[SentenceLabel]:
    """``labels`` with ``inf`` set by ``model``."""
    calls = model.slanted(features)
    return [dataclasses.replace(x, inf=bool(c)) for x, c in zip(labels, calls, strict=True)]


def _count(pairs: Iterable[tuple[bool, bool]]) -> KindScores:
    tp = fp = fn = 0
    for gold, predicted in pairs:
        tp += gold and predicted
        fp += predicted and not gold
        fn += gold and not predicted
    return KindScores(tp, fp, fn)


def score_sentences(labels: Sequence[SentenceLabel]) -> SplitScores:
    return SplitScores(
        sentences=len(labels),
        lex=_count((x.gold_lex, x.lex) for x in labels),
        inf=_count((x.gold_inf, x.inf) for x in labels),
        baseline_lex=_count((x.gold_lex, x.baseline_lex) for x in labels),
        baseline_inf=_count((x.gold_inf, x.baseline_inf) for x in labels),
        inf_rule=_count((x.gold_inf, x.inf_rule) for x in labels),
        inf_cv=_count((x.gold_inf, x.inf_cv) for x in labels),
    )


def story_folds(story_ids: Iterable[str], folds: int = FOLDS) -> dict[str, int]:
    """Fold of each story: alternate story ids in sorted order."""
    return {story: i % folds for i, story in enumerate(sorted(set(story_ids)))}


def evaluate_basil(
    spans_path: Path,
    articles_path: Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> BasilFramingScores:
    """Sentence-level lexical and informational bias scores on BASIL; ``progress`` is told
    each story's id before its articles are analysed."""
    articles = load_basil(spans_path, articles_path)
    labels: list[SentenceLabel] = []
    blocks: list[npt.NDArray[np.float64]] = []
    not_found = dict.fromkeys(KINDS, 0)
    stories: dict[str, list[BasilArticle]] = {}
    for article in articles:
        stories.setdefault(article.story_id, []).append(article)
    for story_id, members in stories.items():
        if progress is not None:
            progress(story_id)
        for done in label_articles(members):
            labels += done.labels
            blocks.append(done.features)
            for kind, n in done.missing.items():
                not_found[kind] += n
    if blocks:
        features = np.vstack(blocks)
        labels = cross_validate(apply_model(labels, features, informational.shipped()), features)
    fold_of = story_folds(a.story_id for a in articles)
    return BasilFramingScores(
        articles=len(articles),
        spans={k: sum(1 for a in articles for s in a.spans if s.bias == k) for k in KINDS},
        not_found=not_found,
        overall=score_sentences(labels),
        folds=tuple(
            score_sentences([x for x in labels if fold_of[x.story_id] == f]) for f in range(FOLDS)
        ),
    )
