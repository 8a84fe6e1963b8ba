"""The quote evaluation: the GenderGapTracker matching rule and the scores it gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.analysis.records import Quote
from parallax.errors import InputError
from parallax.eval.quotes import Item, evaluate_ggt, evaluate_polnear, match, speakers_agree
from parallax.models import Span


def item(start: int, end: int, *names: str) -> Item:
    return Item((Span(start, end),), names)


def test_match_needs_overlap_of_three_tenths_of_the_longer_quote() -> None:
    true = [item(0, 100)]
    assert match(true, [item(70, 100)]) == [(0, 0)]  # 30 of 100
    assert match(true, [item(71, 100)]) == []  # 29 of 100
    # 20 characters cover all of a short prediction but only a fifth of the longer true quote
    assert match(true, [item(40, 60)]) == []
    # the rule is symmetric: a long prediction around a short true quote does not match either
    assert match([item(40, 60)], true) == []


def test_match_is_one_to_one_and_best_overlap_first() -> None:
    true = [item(0, 100), item(100, 200)]
    pred = [item(0, 200)]  # half of it over each true quote: only one of them is matched
    assert len(match(true, pred)) == 1
    pred = [item(50, 100), item(0, 95)]  # the better prediction wins the first true quote
    assert match([item(0, 100)], pred) == [(0, 1)]
    pred = [item(0, 100), item(0, 100)]  # a duplicate prediction stays unmatched
    assert match([item(0, 100)], pred) == [(0, 0)]


def test_match_adds_the_parts_of_a_discontinuous_quote() -> None:
    true = [Item((Span(0, 20), Span(50, 70)))]
    assert match(true, [Item((Span(0, 12),))]) == [(0, 0)]  # 12 of 40
    assert match(true, [Item((Span(0, 11),))]) == []  # 11 of 40


def test_speakers_agree_on_a_shared_name_word_not_on_pronouns() -> None:
    true = item(0, 10, "Jean-Yves Le Drian", "he")
    assert speakers_agree(true, item(0, 10, "Le Drian"))
    assert speakers_agree(true, item(0, 10, "Drián"))  # accents do not matter
    assert not speakers_agree(true, item(0, 10, "he"))
    assert not speakers_agree(true, item(0, 10, "Mr. Macron"))
    assert not speakers_agree(item(0, 10), item(0, 10, "Le Drian"))


BODY = (
    "Anna Berg said the plan was good for the town. "
    "“We agree with every word,” Tom Lee said. "
    "The weather was mild. Rita Cole said the bridge would wait."
)


def _at(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def _truth(quote: str, speaker: str) -> dict[str, str]:
    q, s = _at(quote), _at(speaker)
    return {
        "speaker": speaker,
        "verb": "said",
        "quote": quote,
        "speaker_index": f"({s[0]},{s[1]})",
        "verb_index": "",
        "quote_index": f"({q[0]},{q[1]})",
        "reference": speaker,
    }


def _predicted(text: str, speaker_name: str) -> Quote:
    a, b = _at(text)
    return Quote(Span(a, b), "reported", speaker_name=speaker_name)


def test_evaluate_ggt_on_a_small_file(tmp_path: Path) -> None:
    rows = [
        {
            "articleBodyText": BODY,
            "quotations": [
                _truth("the plan was good for the town", "Anna Berg"),
                _truth("“We agree with every word,”", "Tom Lee"),
                _truth("the bridge would wait", "Rita Cole"),
            ],
        },
        {"articleBodyText": "An article nobody annotated."},
        {"articleBodyText": "", "quotations": [_truth("the bridge would wait", "Rita Cole")]},
    ]
    path = tmp_path / "ggt.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    seen: list[str] = []

    def predictor(texts: list[str]) -> list[list[Quote]]:
        seen.extend(texts)
        return [
            [
                _predicted("the plan was good for the town", "Anna Berg"),  # right speaker
                _predicted("We agree with every word", "Rita Cole"),  # wrong speaker
                _predicted("The weather was mild", "Tom Lee"),  # not a quote
            ]
        ]

    scores = evaluate_ggt(path, predictor=predictor)
    assert seen == [BODY]
    assert scores.counts.articles == 1
    assert scores.counts.skipped == 2
    assert (scores.counts.true, scores.counts.predicted, scores.counts.matched) == (3, 3, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.speaker_accuracy == pytest.approx(1 / 2)


def test_evaluate_ggt_counts_each_part_of_a_multi_part_quote(tmp_path: Path) -> None:
    row = {
        "articleBodyText": BODY,
        "quotations": [_truth("the plan was good for the town", "Anna Berg")],
    }
    path = tmp_path / "ggt.jsonl"
    path.write_text(json.dumps(row), encoding="utf-8")
    a, b = _at("the plan was good for the town")
    c, d = _at("the bridge would wait")
    two_parts = Quote(
        Span(a, d), "direct", speaker_name="Anna Berg", parts=(Span(a, b), Span(c, d))
    )
    scores = evaluate_ggt(path, predictor=lambda texts: [[two_parts]])
    assert (scores.counts.predicted, scores.counts.matched) == (2, 1)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(1.0)


def test_missing_inputs_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        evaluate_ggt(tmp_path / "absent.jsonl", predictor=lambda texts: [])
    with pytest.raises(InputError):
        evaluate_polnear(tmp_path, "dev", predictor=lambda texts: [])
