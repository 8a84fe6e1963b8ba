"""Framing: loaded and subjective wording, intensifiers, hedges, subjectivity, BABE scoring."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from parallax.comparison.framing import (
    Lexicon,
    default_lexicon,
    find_terms,
    frame_article,
    is_biased,
    sentence_bias,
)
from parallax.errors import InputError
from parallax.eval.framing import evaluate_babe

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _terms(text: str) -> list[tuple[str, str]]:
    framing = frame_article("a1", "Outlet", text)
    return [(t.span.of(text), t.category) for t in framing.terms]


def test_spans_point_at_exactly_the_words() -> None:
    text = "Critics slammed the regime's draconian scheme on Tuesday."
    framing = frame_article("a1", "Daily", text)
    assert [t.span.of(text) for t in framing.terms] == ["slammed", "regime", "draconian", "scheme"]
    assert all(t.article_id == "a1" for t in framing.terms)
    assert framing.outlet == "Daily"
    first = framing.terms[0]
    assert (first.span.start, first.span.end) == (8, 15)


def test_categories() -> None:
    text = "The shocking plan is extremely costly and will reportedly pass, the regime says."
    assert _terms(text) == [
        ("shocking", "subjective"),
        ("extremely", "intensifier"),
        ("reportedly", "hedge"),
        ("regime", "loaded"),
    ]


def test_matching_is_case_insensitive_and_handles_inflections() -> None:
    text = "Senators SLAMS it. She was slamming doors. Gloomiest forecasts abound."
    assert [w for w, _ in _terms(text)] == ["SLAMS", "slamming", "Gloomiest"]


def test_words_inside_other_words_are_not_matched() -> None:
    # "regime" in "regimental", "scheme" in "schemes-and" hyphen compounds, "mob" in "mobile"
    assert _terms("The regimental band played near a mobile clinic.") == []


def test_war_news_wording_is_not_framing() -> None:
    text = (
        "Rebels said the attack killed 12 soldiers. Air strikes hit a base of the terrorist "
        "group, officials told reporters, and fighters launched an offensive on the town."
    )
    framing = frame_article("a1", "Wire", text)
    assert framing.terms == ()
    assert framing.subjectivity == 0.0


def test_phrase_is_preferred_over_its_parts() -> None:
    assert _terms("The clinic is in dire straits now.") == [("dire straits", "subjective")]
    assert _terms("Hope grows gloomier by the hour.") == [("grows gloomier", "subjective")]
    assert _terms("They ran with reckless abandon.") == [("reckless abandon", "loaded")]


def test_neutral_uses_are_not_flagged() -> None:
    text = "The group claimed responsibility at this very moment for the pension scheme."
    assert _terms(text) == []


def test_claims_a_lawsuit_makes_are_no_doubt_cast() -> None:
    assert _terms("The court weighed the discrimination claims of the dock workers.") == []
    assert _terms("The court weighed their claims against the harbour board.") == []
    assert [word for word, _ in _terms("The mayor claimed the dock workers were paid.")] == [
        "claimed"
    ]


def test_month_may_is_not_a_hedge() -> None:
    text = "In May the council may vote. May it pass?"
    assert [(w, c) for w, c in _terms(text)] == [("may", "hedge"), ("May", "hedge")]


def test_a_name_capitalised_word_by_word_is_cited_not_worded() -> None:
    # a website called "Big Government" is named; big government in the writer's words is not
    text = "A blogger for Big Government wrote that big government was to blame."
    assert _terms(text) == [("big government", "loaded")]
    assert _terms("Big government was to blame, she wrote.") == [("Big government", "loaded")]


def test_terms_do_not_overlap() -> None:
    text = "An extremely shocking, so-called reform by the far-right regime."
    spans = [t.span for t in frame_article("a1", "X", text).terms]
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert [s.of(text) for s in spans] == [
        "extremely",
        "shocking",
        "so-called",
        "far-right",
        "regime",
    ]


def test_quoted_words_are_the_speakers_not_the_outlets() -> None:
    text = 'The mayor said: "This is a shameless, disastrous plan." The council met on Monday.'
    assert frame_article("a1", "X", text).terms == ()
    assert find_terms(text, skip_quotes=False) != []


def test_subjectivity_higher_for_loaded_article() -> None:
    loaded = (
        "The regime's reckless scheme is a shocking disaster for the town. Critics slammed "
        "the draconian rules, and the mood grows gloomier each day."
    )
    neutral = (
        "The government's plan changes the rules for the town. Critics said the rules are "
        "strict, and residents told reporters they expect delays."
    )
    loaded_score = frame_article("a", "A", loaded).subjectivity
    neutral_score = frame_article("b", "B", neutral).subjectivity
    assert neutral_score == 0.0
    assert loaded_score > 20.0
    # regime, reckless, scheme, shocking, slammed, draconian, grows gloomier: 8 of 23 words
    assert loaded_score == pytest.approx(100 * 8 / 23)


def test_sentence_decision() -> None:
    assert is_biased("The shameless senator slammed the bill.")
    assert not is_biased("The senator said the bill would be debated on Monday.")
    # hedges alone do not make a sentence biased
    assert sentence_bias("Officials said the vote may perhaps be delayed.") == 0.0
    # one term weighs less in a long sentence than in a short one
    short = sentence_bias("It was a shocking result.")
    long = sentence_bias("It was a shocking result. " + "The count went on for hours. " * 20)
    assert short > long > 0.0


def test_user_lexicon_adds_terms(tmp_path: Path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text("# my words\nloaded: fat-cat bosses\nneutral: so-called test\n")
    lexicon = Lexicon.load(extra)
    assert lexicon.size("loaded") == default_lexicon().size("loaded") + 1
    text = "The fat-cat bosses ran the so-called test."
    found = [(s.of(text), c) for s, c in find_terms(text, lexicon=lexicon)]
    assert found == [("fat-cat bosses", "loaded")]


def test_user_lexicon_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("spooky: ghosts\n")
    with pytest.raises(InputError, match="not a lexicon entry"):
        Lexicon.load(bad)
    with pytest.raises(InputError, match="is not a file"):
        Lexicon.load(tmp_path / "missing.txt")


def test_seed_pair_first_article_is_more_loaded() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) >= 2
    first, second = (f.read_text(encoding="utf-8") for f in files[:2])
    one = frame_article("first", "First", first)
    two = frame_article("second", "Second", second)
    found = {t.span.of(first).lower() for t in one.terms if t.category in {"loaded", "subjective"}}
    assert {"reckless abandon", "dire straits", "grows gloomier"} <= found
    assert one.subjectivity > two.subjectivity


def _write_babe(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = [json.dumps({"text": t, "label_bias": label, "outlet": "X"}) for t, label in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_evaluate_babe_macro_f1_by_hand(tmp_path: Path) -> None:
    data = tmp_path / "babe.jsonl"
    _write_babe(
        data,
        [
            ("The shameless regime slammed its critics.", "Biased"),  # TP
            ("The senator spoke to voters in the town hall.", "Biased"),  # FN
            ("The outrageous bill was a disgraceful sham.", "Non-biased"),  # FP
            ("The council met on Monday to discuss the budget.", "Non-biased"),  # TN
            ("Officials said the road will reopen next week.", "Non-biased"),  # TN
            ("The committee published its report.", "No agreement"),  # skipped
        ],
    )
    scores = evaluate_babe(data)
    assert scores.n == 5
    assert scores.skipped == 1
    assert scores.accuracy == pytest.approx(3 / 5)
    # biased: P = 1/2, R = 1/2, F1 = 1/2; neutral: P = 2/3, R = 2/3, F1 = 2/3
    assert scores.biased.precision == pytest.approx(0.5)
    assert scores.biased.recall == pytest.approx(0.5)
    assert scores.neutral.f1 == pytest.approx(2 / 3)
    assert scores.neutral.support == 3
    assert scores.macro_f1 == pytest.approx((0.5 + 2 / 3) / 2)


def test_evaluate_babe_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a file") as info:
        evaluate_babe(tmp_path / "nope.jsonl")
    assert info.value.source.endswith("nope.jsonl")


def test_evaluate_babe_invalid_lines(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "ok", "label_bias": "Biased"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="is not JSON") as info:
        evaluate_babe(broken)
    assert info.value.source.endswith(":2")
    unlabelled = tmp_path / "unlabelled.jsonl"
    _write_babe(unlabelled, [("Some words.", "No agreement")])
    with pytest.raises(InputError, match="no sentence labelled"):
        evaluate_babe(unlabelled)


def test_a_quote_over_several_paragraphs_is_the_speakers_a_paraphrase_the_outlets() -> None:
    import parallax
    from parallax.models import Article

    ledger = Article.create(
        "The council approved the harbour plan on Monday.\n\n"
        "Opposition members warned that the mayor was acting with reckless abandon.\n\n"
        "“This is a disgraceful day for the harbour.\n\n"
        "“We will fight it in court,” said Anna Berg, who leads the opposition.",
        outlet="Daily Ledger",
    )
    post = Article.create(
        "The council approved the harbour plan on Monday after a long debate.",
        outlet="Evening Post",
    )
    comparison = parallax.compare([ledger, post])
    framing = next(f for f in comparison.framing if f.outlet == "Daily Ledger")
    words = {t.span.of(ledger.text).lower() for t in framing.terms}
    assert "reckless abandon" in words  # the outlet's words for what was said
    assert "disgraceful" not in words  # Berg's, in a quote whose first paragraph is open
    assert "disgraceful" in {s.of(ledger.text).lower() for s, _ in find_terms(ledger.text)}
