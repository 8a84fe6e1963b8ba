"""The comparison gold: stories labelled in full or for their conflicts only. Invented
articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import parallax
from parallax.errors import InputError
from parallax.eval.compare import Passage, load_gold, score_story

LEDGER = (
    "Dockworkers at the Port of Velmora walked out on Tuesday.\n\n"
    "About 1,200 dockworkers joined the strike on Tuesday, the union said."
)
CLARION = (
    "Dockworkers at the Port of Velmora walked out on Tuesday.\n\n"
    "About 1,800 dockworkers joined the strike on Tuesday, the union said."
)


# the same count in other words: the sentences are not surely one fact, so the report shows
# the figures as perhaps different rather than claiming a conflict
CLARION_WORDED = (
    "Dockworkers at the Port of Velmora walked out on Tuesday.\n\n"
    "About 1,800 dockers downed tools on Tuesday morning, crippling the port."
)


def _files(
    tmp_path: Path, scope: str | None, ledger: str = LEDGER, clarion: str = CLARION
) -> tuple[Path, Path]:
    rows = [
        {"id": "s1_1", "outlet": "Harbour Ledger", "text": ledger},
        {"id": "s1_2", "outlet": "Daily Clarion", "text": clarion},
    ]
    articles = tmp_path / "basil.dev.jsonl"
    articles.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    count = {r["id"]: r["text"].index("About") for r in rows}
    story = {
        "story_id": "s1",
        "articles": {
            r["id"]: {"outlet": r["outlet"], "sha1": hashlib.sha1(r["text"].encode()).hexdigest()}
            for r in rows
        },
        "facts": [],
        "conflicts": [
            {
                "kind": "number",
                "summary": "how many joined",
                "passages": [
                    {"article": i, "start": count[i], "end": count[i] + 60} for i in sorted(count)
                ],
            }
        ],
    }
    if scope is not None:
        story["scope"] = scope
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(story) + "\n", encoding="utf-8")
    return gold, articles


def test_a_story_labelled_for_conflicts_scores_only_conflicts(tmp_path: Path) -> None:
    (story,) = load_gold(*_files(tmp_path, "conflicts"))
    assert story.scope == "conflicts"
    assert isinstance(story.conflicts[0].passages[0], Passage)
    result = score_story(story, parallax.compare(list(story.articles)))
    assert {c.kind for c in result.claims} == {"conflict"}
    assert all(c.correct for c in result.claims)
    assert result.gold_pairs == 0


def test_figures_shown_as_perhaps_different_are_scored_apart(tmp_path: Path) -> None:
    (story,) = load_gold(*_files(tmp_path, "conflicts", clarion=CLARION_WORDED))
    comparison = parallax.compare(list(story.articles))
    assert not comparison.conflicts and comparison.maybe_conflicts
    result = score_story(story, comparison)
    assert [(c.kind, c.correct) for c in result.claims] == [("maybe_conflict", True)]


def test_a_story_labelled_in_full_scores_every_claim(tmp_path: Path) -> None:
    (story,) = load_gold(*_files(tmp_path, None))
    assert story.scope == "all"
    result = score_story(story, parallax.compare(list(story.articles)))
    kinds = {c.kind for c in result.claims}
    assert {"conflict", "shared"} <= kinds
    # no fact is labelled, so every shared claim counts as wrong
    assert not any(c.correct for c in result.claims if c.kind == "shared")


def test_an_unknown_scope_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown scope 'quotes'"):
        load_gold(*_files(tmp_path, "quotes"))
