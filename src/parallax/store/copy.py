"""Copy everything from one store into another (``parallax migrate --from ... --to ...``).

Articles, analyses, cached vectors, stories and the user's corrections, through the
:class:`~parallax.store.base.Store` protocol only, so any backend to any backend. Idempotent:
what the target already holds is left as it is, so a second run changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from parallax.analysis.records import Analysis
from parallax.store.base import Store

CHUNK = 200  # items read and written per transaction

# on_progress(stage, done, total): stage is "articles", "analyses" or "vectors"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What a copy added to the target (``*_known``: already there, left alone)."""

    articles: int
    articles_known: int
    analyses: int
    analyses_known: int
    vectors: int
    vectors_known: int
    stories: int  # stories written (0 when the target had the same ones, or none to copy)
    corrections: int
    corrections_known: int

    @property
    def changed(self) -> bool:
        return bool(self.articles or self.analyses or self.vectors or self.stories) or bool(
            self.corrections
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": {"added": self.articles, "already_there": self.articles_known},
            "analyses": {"added": self.analyses, "already_there": self.analyses_known},
            "vectors": {"added": self.vectors, "already_there": self.vectors_known},
            "stories": {"written": self.stories},
            "corrections": {"added": self.corrections, "already_there": self.corrections_known},
        }


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def _copy_articles(
    source: Store, target: Store, ids: list[str], on_progress: Progress
) -> tuple[int, int]:
    added = 0
    for done, chunk in enumerate(_chunks(ids)):
        flags = target.add_many([source.get(i) for i in chunk])
        added += sum(flags)
        on_progress("articles", min((done + 1) * CHUNK, len(ids)), len(ids))
    return added, len(ids) - added


def _copy_analyses(
    source: Store, target: Store, ids: list[str], on_progress: Progress
) -> tuple[int, int]:
    added = known = 0
    for done, chunk in enumerate(_chunks(ids)):
        new: list[Analysis] = []
        for article_id in chunk:
            analysis = source.analysis(article_id)
            if analysis is None:
                continue
            if target.analysis(article_id) == analysis:
                known += 1
            else:
                new.append(analysis)
        target.save_analyses(new)
        added += len(new)
        on_progress("analyses", min((done + 1) * CHUNK, len(ids)), len(ids))
    return added, known


def _copy_vectors(source: Store, target: Store, on_progress: Progress) -> tuple[int, int]:
    keys = source.vector_keys()
    added = 0
    for done, chunk in enumerate(_chunks(keys)):
        there = target.vectors(chunk)
        new = [(k, v) for k, v in source.vectors(chunk).items() if k not in there]
        target.save_vectors(new)
        added += len(new)
        on_progress("vectors", min((done + 1) * CHUNK, len(keys)), len(keys))
    return added, len(keys) - added


def _copy_corrections(source: Store, target: Store) -> tuple[int, int]:
    """Append the source's corrections the target lacks (each counted once, in order)."""
    remaining = [json.dumps(c, sort_keys=True) for c in target.corrections()]
    added = known = 0
    for correction in source.corrections():
        key = json.dumps(correction, sort_keys=True)
        if key in remaining:
            remaining.remove(key)
            known += 1
        else:
            target.add_correction(correction)
            added += 1
    return added, known


def copy_store(source: Store, target: Store, *, on_progress: Progress | None = None) -> CopyReport:
    """Copy ``source`` into ``target``; see the module's docstring."""
    progress: Progress = on_progress or (lambda stage, done, total: None)
    ids = list(source.ids())
    articles, articles_known = _copy_articles(source, target, ids, progress)
    analyses, analyses_known = _copy_analyses(source, target, ids, progress)
    vectors, vectors_known = _copy_vectors(source, target, progress)
    stories = source.stories()
    written = 0
    # The target's stories are replaced only by different, non-empty ones from the source.
    if stories and stories != target.stories():
        target.save_stories(stories)
        written = len(stories)
    corrections, corrections_known = _copy_corrections(source, target)
    return CopyReport(
        articles=articles,
        articles_known=articles_known,
        analyses=analyses,
        analyses_known=analyses_known,
        vectors=vectors,
        vectors_known=vectors_known,
        stories=written,
        corrections=corrections,
        corrections_known=corrections_known,
    )
