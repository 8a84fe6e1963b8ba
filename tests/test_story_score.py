"""Same-story score: features, score and the pairs evaluation, offline on invented articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from parallax.errors import InputError
from parallax.eval import pairs as pairs_module
from parallax.eval.pairs import evaluate_pairs
from parallax.models import Article
from parallax.stories.features import StoryFeatures, features_of, parse_number, text_names
from parallax.stories.score import same_story

FLOOD_A = (
    "Floods hit Varnholt as River Ostra bursts its banks. Mayor Lina Brask said 1,250 homes "
    "were evacuated on Tuesday and 14 bridges closed across the Varnholt district in 2031."
)
FLOOD_B = (
    "River Ostra flooding forces 1,250 families from their homes in Varnholt. Officials led "
    "by Mayor Lina Brask closed 14 bridges, and the army was sent in 2031."
)
CHESS = (
    "Grandmaster Tomas Quill won the Kelby Open chess final after a 63-move game. Quill beat "
    "Arno Veit and took home a prize of 40,000 crowns."
)
FLOOD_DE = (
    "Hochwasser in Varnholt: Der Fluss Ostra trat über die Ufer. Bürgermeisterin Lina Brask "
    "sagte, 1.250 Häuser seien geräumt und 14 Brücken gesperrt worden."
)


def _features(*articles: Article) -> list[StoryFeatures]:
    return features_of(list(articles))


def test_same_event_beats_unrelated_and_names_the_evidence() -> None:
    a, b, c = _features(
        Article.create(FLOOD_A, language="en"),
        Article.create(FLOOD_B, language="en"),
        Article.create(CHESS, language="en"),
    )
    same, other = same_story(a, b), same_story(a, c)
    assert 0 <= other.value < same.value <= 1
    reasons = " | ".join(same.reasons)
    assert "brask" in reasons and "ostra" in reasons
    assert "1250" in reasons and "14" in reasons
    assert "shared dates: 2031" in reasons
    assert not any(r.startswith("shared names") for r in other.reasons)


def test_shared_names_and_numbers_raise_the_score() -> None:
    vector = np.zeros(4, dtype=np.float32)
    vector[0] = 1.0
    plain = StoryFeatures("a", vector, frozenset({"anna"}), frozenset(), frozenset(), None, "en")
    rich = StoryFeatures(
        "b", vector, frozenset({"anna", "kelby"}), frozenset({300.0}), frozenset(), None, "en"
    )
    other = StoryFeatures(
        "c", vector, frozenset({"zed", "kelby"}), frozenset({300.0}), frozenset(), None, "en"
    )
    assert same_story(rich, rich).value > same_story(plain, rich).value
    assert same_story(rich, other).value > same_story(plain, other).value
    assert same_story(rich, other).value == same_story(other, rich).value


def test_time_apart_lowers_the_score() -> None:
    day = datetime(2031, 5, 1, tzinfo=UTC)
    near_a, near_b = _features(
        Article.create(FLOOD_A, language="en", published=day),
        Article.create(FLOOD_B, language="en", published=day + timedelta(hours=5)),
    )
    far_b = _features(
        Article.create(FLOOD_B, language="en", published=day + timedelta(days=30)),
    )[0]
    near, far = same_story(near_a, near_b), same_story(near_a, far_b)
    assert far.value < near.value / 2
    assert "30 days apart" in far.reasons


def test_cross_language_pair_beats_unrelated() -> None:
    en, de, chess = _features(
        Article.create(FLOOD_A, language="en"),
        Article.create(FLOOD_DE, language="de"),
        Article.create(CHESS, language="en"),
    )
    cross = same_story(en, de)
    assert cross.value > same_story(en, chess).value
    assert cross.value > same_story(de, chess).value
    assert "not both English" in cross.reasons[0]
    assert any("1250" in r for r in cross.reasons)


def test_extraction_of_names_and_numbers() -> None:
    names = text_names("The report names Lina Brask. Officials met NATO. They left.")
    assert {"lina", "brask", "nato"} <= names
    assert "the" not in names and "they" not in names and "officials" in names
    assert parse_number("1,200") == 1200 and parse_number("1.200") == 1200
    assert parse_number("3,5") == 3.5 and parse_number("24.04.2020") is None


def test_evaluate_pairs_matches_numpy_pearson(tmp_path: Path) -> None:
    rows = [
        ("en", "en", FLOOD_A, FLOOD_B, 1.0),
        ("en", "en", FLOOD_A, CHESS, 4.0),
        ("en", "en", FLOOD_B, CHESS, 3.0),
        ("en", "de", FLOOD_A, FLOOD_DE, 1.0),
        ("de", "en", FLOOD_DE, CHESS, 4.0),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {
                    "pair_id": str(i),
                    "lang1": l1,
                    "lang2": l2,
                    "text1": t1,
                    "text2": t2,
                    "Overall": o,
                }
            )
            for i, (l1, l2, t1, t2, o) in enumerate(rows)
        )
        + "\n",
        encoding="utf-8",
    )
    result = evaluate_pairs(path)
    assert (result.pairs, result.pairs_en) == (5, 3)
    agreement = [5 - r[4] for r in rows]
    assert result.pearson == pytest.approx(np.corrcoef(result.scores, agreement)[0, 1])
    assert result.pearson_en == pytest.approx(np.corrcoef(result.scores[:3], agreement[:3])[0, 1])
    assert result.pearson > 0.5  # the invented flood pairs score above the unrelated ones
    by = {key: (n, r) for key, n, r in result.by_languages}
    assert [key for key, _, _ in result.by_languages] == ["en-en", "de-en"]  # most pairs first
    assert by["en-en"] == (3, pytest.approx(result.pearson_en))
    assert by["de-en"][0] == 2  # "en"/"de" and "de"/"en" are one pair of languages
    assert by["de-en"][1] == pytest.approx(np.corrcoef(result.scores[3:], agreement[3:])[0, 1])


def test_missing_or_invalid_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        evaluate_pairs(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text1": "a", "text2": "b", "Overall": 9}\n', encoding="utf-8")
    with pytest.raises(InputError, match="outside 1 to 4"):
        evaluate_pairs(bad)
    assert pairs_module.pearson([1.0], [2.0]) != pairs_module.pearson([1.0], [2.0])  # NaN


def test_cli_similar_scores_two_files_and_gives_reasons(tmp_path: Path) -> None:
    from parallax.demo import corpus_dir

    from .conftest import run_cli

    corpus = corpus_dir()
    db = str(tmp_path / "p.db")
    same = run_cli(
        "similar",
        str(corpus / "port-strike-meridian-wire.txt"),
        str(corpus / "port-strike-daily-clarion.txt"),
        "--db",
        db,
        "--json",
    )
    other = run_cli(
        "similar",
        str(corpus / "port-strike-meridian-wire.txt"),
        str(corpus / "central-bank-daily-clarion.txt"),
        "--db",
        db,
        "--json",
    )
    assert same.returncode == 0 and other.returncode == 0, same.stderr + other.stderr
    a, b = json.loads(same.stdout), json.loads(other.stdout)
    assert a["score"] > b["score"] + 0.3
    assert any(r.startswith("shared names") for r in a["reasons"])
    missing = run_cli("similar", "ffffffff", "eeeeeeee", "--db", db)
    assert missing.returncode == 1 and "error" in missing.stderr
