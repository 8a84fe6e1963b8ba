"""The accuracy gate: evaluation scores on ../shared/data may not fall below their floors."""

from __future__ import annotations

import json

import pytest

from .conftest import DATA, REPO, run_cli

FLOORS = json.loads((REPO / "benchmarks" / "baselines.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_extraction_beats_plain_trafilatura_and_holds_its_floors() -> None:
    done = run_cli("eval", "extraction", "--data", str(DATA / "extraction"), "--json", timeout=600)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    ours = scores["extraction"]["parallax"]["tokens"]
    theirs = scores["extraction"][FLOORS["extraction"]["must_beat"]]["tokens"]
    assert ours["pages"] == theirs["pages"] >= 100
    assert ours["f1"] > theirs["f1"]
    assert ours["f1"] >= FLOORS["extraction"]["parallax_f1_tokens"]
    lines = scores["boilerplate_lines"]
    floors = FLOORS["boilerplate_lines"]
    assert lines["page"]["precision"] >= floors["page_precision"]
    assert lines["extracted"]["precision"] >= floors["extracted_precision"]
    assert lines["page"]["article_lines_kept"] >= floors["article_lines_kept"]
    assert lines["extracted"]["article_lines_kept"] >= floors["article_lines_kept"]


@pytest.mark.slow
def test_quotes_beat_the_gendergaptracker_and_hold_their_floors() -> None:
    done = run_cli(
        "eval", "quotes", "--data", str(DATA / "quotes" / "ggt.dev.jsonl"), "--json", timeout=900
    )
    assert done.returncode == 0, done.stderr
    ggt = json.loads(done.stdout)
    floors = FLOORS["quotes_ggt"]
    assert ggt["articles"] >= 50
    assert ggt["f1"] >= floors["f1"] > floors["anchor_f1"]
    assert ggt["speaker_accuracy"] >= floors["speaker_accuracy"] > floors["anchor_speaker_accuracy"]


@pytest.mark.slow
def test_quotes_on_polnear_hold_their_floors() -> None:
    done = run_cli(
        "eval", "quotes", "--data", str(DATA / "quotes" / "polnear"), "--json", timeout=900
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["articles"] >= 80
    assert scores["f1"] >= FLOORS["quotes_polnear"]["f1"]
    assert scores["speaker_accuracy"] >= FLOORS["quotes_polnear"]["speaker_accuracy"]


@pytest.mark.slow
def test_framing_holds_its_floor() -> None:
    data = DATA / "framing" / "babe_sg2.dev.jsonl"
    done = run_cli("eval", "framing", "--data", str(data), "--json", timeout=600)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["sentences"] >= 2900
    assert scores["macro_f1"] >= FLOORS["framing_babe"]["macro_f1"]
    assert scores["classes"]["biased"]["recall"] > 0.5


@pytest.mark.slow
def test_basil_framing_holds_its_floors() -> None:
    spans = DATA / "framing" / "basil_spans.dev.jsonl"
    articles = DATA / "stories" / "basil.dev.jsonl"
    done = run_cli(
        "eval",
        "framing",
        "--basil",
        str(spans),
        "--basil-articles",
        str(articles),
        "--json",
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)["overall"]
    floors = FLOORS["framing_basil"]
    assert scores["sentences"] >= 5000
    assert scores["lex"]["f1"] >= floors["lex_f1"]
    assert scores["inf"]["f1"] >= floors["inf_f1"]
    assert scores["inf_cross_validated"]["f1"] >= floors["inf_refitted_f1"]
    assert scores["inf_rule"]["f1"] >= floors["inf_rule_f1"]
    # the model beats the rule it is built on, on stories it did not see
    assert scores["inf_cross_validated"]["f1"] > scores["inf_rule"]["f1"]


@pytest.mark.slow
def test_comparison_claims_hold_their_floors_on_the_basil_gold() -> None:
    gold = REPO / "benchmarks" / "gold" / "basil_compare.gold.jsonl"
    basil = DATA / "stories" / "basil.dev.jsonl"
    done = run_cli(
        "eval", "compare", "--data", str(gold), "--articles", str(basil), "--json", timeout=1200
    )
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    floors = FLOORS["compare_basil"]
    claims, precision = scores["claims"], scores["precision"]
    # a "leaves out" the outlet may tell in other words is said as "not found" (a quote of
    # someone the outlet reports in its own words: 4 omissions and 23 "not found" before,
    # 2 and 15 after, the "not found" of facts shown as perhaps one gone too)
    assert claims["omission"] >= 2 and claims["omission"] + claims["not_found"] >= 15
    assert claims["unique"] >= 10
    # facts claimed shared, and those shown as perhaps the same: precision is not bought by
    # claiming little (a fact moved from shared to "perhaps" stays shown; the floors for
    # shared facts and omissions fell when SURE rose from 0.82 to 0.9 on strict reviews of
    # fresh triplets: 86 shared facts and 4 omissions at 0.9; 78 to 75 when a fact one
    # outlet tells in two sentences next to each other stopped being listed twice, 74 when
    # two leads of different days and actors became perhaps one fact)
    shown = claims["shared"] + claims["maybe_shared"] + claims["loosely_related"]
    assert claims["shared"] >= 74 and shown >= 130
    for kind in ("omission", "unique", "conflict", "shared"):
        assert precision[kind] >= floors[f"{kind}_precision"], (kind, scores["wrong"])
    assert scores["alignment_recall"] >= floors["alignment_recall"]
    core = scores["alignment_recall_by_importance"]["3"]
    assert core >= floors["core_alignment_recall"]
    assert scores["fragments"] <= floors["max_fragments"]
