"""BASIL sentence-level framing: span location, sentence labels, scores, slant signals, errors.

Every article and span here is invented for the test."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from parallax.analysis.records import Analysis, Entity, Quote
from parallax.comparison.slant import (
    has_loaded_wording,
    protagonist,
    quotes_other_voice,
    slant_sentences,
)
from parallax.errors import InputError
from parallax.eval.basil_framing import (
    BasilArticle,
    GoldSpan,
    KindScores,
    SentenceLabel,
    cross_validate,
    evaluate_basil,
    gold_labels,
    load_basil,
    locate,
    locate_spans,
    score_sentences,
    story_folds,
)
from parallax.models import Span

TEXT = (
    "Mayor Ana Lind opened the Harbour Bridge on Monday.\n\n"
    "Critics slammed the draconian toll plan.\n\n"
    '"It is an outrage for commuters," said Tom Berg, a council member.\n\n'
    "The bridge cost 40 million dollars."
)


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


# --- locating spans -------------------------------------------------------------------------


def test_exact_span_is_found_where_it_is() -> None:
    span = locate(TEXT, "slammed")
    assert span is not None
    assert span.of(TEXT) == "slammed"
    assert span.start == TEXT.index("slammed")


def test_curly_quotes_case_and_spaces_are_normalised() -> None:
    span = locate(TEXT, "“it is an  OUTRAGE for commuters,”")
    assert span is not None
    assert span.of(TEXT) == '"It is an outrage for commuters,"'


def test_phrase_across_a_line_break_is_found() -> None:
    text = "He called the plan a\nshameful waste."
    span = locate(text, "a shameful waste")
    assert span is not None
    assert span.of(text) == "a\nshameful waste"


def test_missing_phrase_is_none() -> None:
    assert locate(TEXT, "a phrase that is nowhere") is None
    assert locate(TEXT, "   ") is None


def test_repeated_phrase_takes_the_next_occurrence() -> None:
    text = "Lind was wrong. Berg said Lind was wrong too."
    article = BasilArticle(
        "a", "s", text, (GoldSpan("lex", "was wrong"), GoldSpan("lex", "was wrong"))
    )
    found, missing = locate_spans(article)
    assert [span.start for _, span in found] == [5, text.rindex("was wrong")]
    assert missing == {"lex": 0, "inf": 0}


def test_spans_not_in_the_text_are_counted_by_kind() -> None:
    article = BasilArticle(
        "a",
        "s",
        TEXT,
        (
            GoldSpan("lex", "slammed"),
            GoldSpan("inf", "Headline words not in the body"),
            GoldSpan("lex", "nowhere at all"),
        ),
    )
    found, missing = locate_spans(article)
    assert [(kind, span.of(TEXT)) for kind, span in found] == [("lex", "slammed")]
    assert missing == {"lex": 1, "inf": 1}


# --- sentence labels and scores -------------------------------------------------------------


def test_sentence_is_biased_when_a_span_overlaps_it() -> None:
    sentences = [Span(0, 10), Span(11, 20), Span(21, 30)]
    spans = [("lex", Span(2, 4)), ("inf", Span(8, 13)), ("inf", Span(20, 21))]
    labels = gold_labels(sentences, spans)
    # the inf span runs over the boundary of the first two sentences; the last one touches
    # neither sentence (half-open spans)
    assert labels == [{"lex", "inf"}, {"inf"}, set()]


def test_kind_scores_arithmetic() -> None:
    scores = KindScores(tp=2, fp=6, fn=2)
    assert scores.precision == pytest.approx(0.25)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(1 / 3)
    assert scores.support == 4
    assert scores.predicted == 8
    assert KindScores(0, 0, 0).f1 == 0.0
    assert scores.to_dict()["f1"] == pytest.approx(0.3333)


def _label(gold_lex: bool, lex: bool, gold_inf: bool, inf: bool) -> SentenceLabel:
    return SentenceLabel("a", "s", Span(0, 1), gold_lex, gold_inf, lex, inf, baseline_lex=False)


def test_scores_count_each_kind_separately() -> None:
    labels = [
        _label(True, True, False, True),  # lex tp, inf fp
        _label(True, False, True, True),  # lex fn, inf tp
        _label(False, True, True, False),  # lex fp, inf fn
        _label(False, False, False, False),
    ]
    result = score_sentences(labels)
    assert (result.lex.tp, result.lex.fp, result.lex.fn) == (1, 1, 1)
    assert (result.inf.tp, result.inf.fp, result.inf.fn) == (1, 1, 1)
    assert (result.baseline_lex.tp, result.baseline_lex.fn) == (0, 2)
    # the informational baseline calls every sentence biased
    assert (result.baseline_inf.tp, result.baseline_inf.fp) == (2, 2)
    assert result.sentences == 4


def test_folds_split_whole_stories_alternately() -> None:
    folds = story_folds(["c", "a", "b", "a", "d"])
    assert folds == {"a": 0, "b": 1, "c": 0, "d": 1}


# --- slant signals --------------------------------------------------------------------------


def test_loaded_wording_counts_quoted_words_but_not_intensifiers() -> None:
    assert has_loaded_wording("Critics slammed the plan.")
    assert has_loaded_wording('He called it "a draconian plan".')
    assert not has_loaded_wording("The council approved the plan on Monday.")
    assert not has_loaded_wording("The plan is very long.")


def _person(key: str, name: str, mentions: int) -> Entity:
    return Entity(key, name, "person", tuple(Span(i, i + 1) for i in range(mentions)))


def test_protagonist_is_the_most_mentioned_person() -> None:
    lind, berg = _person("e0", "Ana Lind", 3), _person("e1", "Tom Berg", 1)
    town = Entity("e2", "Harbour Town", "place", tuple(Span(i, i + 1) for i in range(9)))
    assert protagonist([berg, town, lind]) == lind
    assert protagonist([town]) is None


def test_other_voice_is_a_quote_not_by_the_protagonist() -> None:
    lind = _person("e0", "Ana Lind", 3)
    sentence = Span(0, 50)
    by_lind = Quote(Span(1, 20), "direct", speaker_key="e0")
    by_berg = Quote(Span(1, 20), "direct", speaker_key="e1")
    unnamed = Quote(Span(1, 20), "partial")
    reported = Quote(Span(1, 20), "reported", speaker_key="e1")
    elsewhere = Quote(Span(60, 80), "direct", speaker_key="e1")
    assert not quotes_other_voice(sentence, [by_lind], lind)
    assert quotes_other_voice(sentence, [by_berg], lind)
    assert quotes_other_voice(sentence, [unnamed], lind)
    assert not quotes_other_voice(sentence, [reported, elsewhere], lind)


def test_slant_signals_of_each_sentence() -> None:
    text = 'Critics slammed it. Lind spoke. "It is a shed," Berg said.'
    analysis = Analysis(
        article_id="a",
        language="en",
        supported=True,
        sentences=(Span(0, 19), Span(20, 31), Span(32, 59)),
        entities=(
            Entity("e0", "Lind", "person", (Span(20, 24), Span(40, 41))),
            Entity("e1", "Berg", "person", (Span(48, 52),)),
        ),
        quotes=(Quote(Span(33, 45), "direct", speaker_key="e1"),),
    )
    slants = slant_sentences(text, analysis)
    assert [(s.lexical, s.informational) for s in slants] == [
        (True, True),
        (False, False),
        (False, True),
    ]
    assert [s.other_voice for s in slants] == [False, False, True]
    assert type(slants[0]).from_dict(slants[0].to_dict()) == slants[0]


# --- files ----------------------------------------------------------------------------------


@pytest.fixture
def basil_files(tmp_path: Path) -> tuple[Path, Path]:
    other = "Ana Lind opened the Harbour Bridge.\n\nThe bridge cost 40 million dollars."
    articles = _write_jsonl(
        tmp_path / "stories.jsonl",
        [
            {"id": "s1_1", "story_id": "s1", "text": TEXT, "outlet": "Daily Invented"},
            {"id": "s1_2", "story_id": "s1", "text": other, "outlet": "Invented Times"},
            {"id": "s2_1", "story_id": "s2", "text": "A second story ends here."},
        ],
    )
    spans = _write_jsonl(
        tmp_path / "spans.jsonl",
        [
            {
                "id": "s1_1",
                "story_id": "s1",
                "spans": [
                    {"bias": "lex", "txt": "slammed"},
                    {"bias": "inf", "txt": "“It is an outrage for commuters,”"},
                    {"bias": "inf", "txt": "A Headline Not In The Body"},
                ],
            },
            {"id": "s1_2", "story_id": "s1", "spans": []},
        ],
    )
    return spans, articles


def test_load_basil_joins_spans_and_texts(basil_files: tuple[Path, Path]) -> None:
    spans, articles = basil_files
    loaded = load_basil(spans, articles)
    assert [a.id for a in loaded] == ["s1_1", "s1_2"]  # only the annotated articles
    assert loaded[0].text == TEXT
    assert loaded[0].spans[0] == GoldSpan("lex", "slammed")


def test_evaluate_basil_end_to_end(basil_files: tuple[Path, Path]) -> None:
    spans, articles = basil_files
    seen: list[str] = []
    result = evaluate_basil(spans, articles, progress=seen.append)
    assert seen == ["s1"]
    assert result.articles == 2
    assert result.spans == {"lex": 1, "inf": 2}
    assert result.not_found == {"lex": 0, "inf": 1}
    overall = result.overall
    assert overall.sentences == 6  # four paragraphs and two
    assert overall.lex.support == 1
    assert overall.inf.support == 1
    assert overall.lex.tp == 1  # "slammed" is loaded wording
    assert overall.baseline_inf.predicted == 6
    assert sum(f.sentences for f in result.folds) == overall.sentences
    data = result.to_dict()
    assert data["not_found"] == {"lex": 0, "inf": 1}
    assert data["overall"]["lex"]["support"] == 1


def test_malformed_span_file_names_the_line(tmp_path: Path) -> None:
    articles = _write_jsonl(tmp_path / "stories.jsonl", [{"id": "a", "text": "Some text."}])
    spans = tmp_path / "spans.jsonl"
    spans.write_text('{"id": "a", "spans": []}\n{"id": "a", "spans": [\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_basil(spans, articles)
    assert caught.value.source.endswith("spans.jsonl:2")
    assert "not JSON" in str(caught.value)


def test_span_without_a_known_bias_is_an_error(tmp_path: Path) -> None:
    articles = _write_jsonl(tmp_path / "stories.jsonl", [{"id": "a", "text": "Some text."}])
    spans = _write_jsonl(
        tmp_path / "spans.jsonl", [{"id": "a", "spans": [{"bias": "tone", "txt": "Some"}]}]
    )
    with pytest.raises(InputError, match="lex or inf"):
        load_basil(spans, articles)


def test_article_missing_from_the_stories_file_is_an_error(tmp_path: Path) -> None:
    articles = _write_jsonl(tmp_path / "stories.jsonl", [{"id": "a", "text": "Some text."}])
    spans = _write_jsonl(tmp_path / "spans.jsonl", [{"id": "b", "spans": []}])
    with pytest.raises(InputError) as caught:
        load_basil(spans, articles)
    assert caught.value.fix is not None and "same split" in caught.value.fix


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    articles = _write_jsonl(tmp_path / "stories.jsonl", [{"id": "a", "text": "Some text."}])
    with pytest.raises(InputError, match="is not a file"):
        evaluate_basil(tmp_path / "absent.jsonl", articles)


def test_cli_eval_framing_basil_prints_both_kinds(basil_files: tuple[Path, Path]) -> None:
    from tests.conftest import run_cli

    spans, articles = basil_files
    done = run_cli(
        "eval", "framing", "--basil", str(spans), "--basil-articles", str(articles), "--json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    overall = data["overall"]
    # one lexical span ("slammed") and one informational span lie in the text; the headline
    # span does not and is counted as not found
    assert overall["lex"]["support"] == 1 and overall["inf"]["support"] == 1
    assert data["not_found"]["inf"] == 1
    assert overall["lex"]["tp"] == 1  # "slammed" is loaded wording


def test_cross_validation_refits_the_informational_model_per_story_fold() -> None:
    # ten stories; the one feature says whether a sentence is biased
    labels = [
        SentenceLabel(f"a{i}", f"s{i % 10}", Span(0, 1), False, i % 3 == 0, False, False, False)
        for i in range(60)
    ]
    features = np.array([[1.0 if x.gold_inf else -1.0] for x in labels])
    done = cross_validate(labels, features, folds=5)
    assert [x.inf_cv for x in done] == [x.gold_inf for x in labels]
    # one story: nothing to refit on, the calls stay unset
    alone = [dataclasses.replace(x, story_id="s0") for x in labels]
    assert not any(x.inf_cv for x in cross_validate(alone, features, folds=5))
