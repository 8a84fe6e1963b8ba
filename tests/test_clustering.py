"""Online story clustering, wire-copy groups and the clustering evaluation, on invented items."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from parallax.errors import InputError, ParallaxError
from parallax.eval.clustering import (
    bcubed,
    cheap_names,
    evaluate_clustering,
    load_story_items,
    pairwise,
)
from parallax.stories.cluster import Correction, OnlineClusterer, core_missing
from parallax.stories.wire import shingles, wire_groups

DIM = 384
DAY = datetime(2024, 3, 1, 12, 0)


@dataclass(frozen=True)
class Item:
    article_id: str
    vector: npt.NDArray[np.float32]
    names: frozenset[str] = frozenset()
    published: datetime | None = DAY
    language: str | None = "en"


def _unit(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    return (v / np.linalg.norm(v)).astype(np.float32)


class Space:
    """Random topic directions and items at a controlled cosine to them."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)

    def topic(self) -> npt.NDArray[np.float32]:
        return _unit(self.rng.standard_normal(DIM))

    def near(self, topic: npt.NDArray[np.float32], cosine: float) -> npt.NDArray[np.float32]:
        noise = self.rng.standard_normal(DIM)
        noise -= (noise @ topic) * topic
        noise = noise / np.linalg.norm(noise)
        return _unit(cosine * topic + np.sqrt(1 - cosine**2) * noise)


@pytest.fixture
def space() -> Space:
    return Space()


def test_same_event_joins_and_two_events_stay_apart(space: Space) -> None:
    quake, vote = space.topic(), space.topic()
    items = [Item(f"q{i}", space.near(quake, 0.9)) for i in range(4)]
    items += [Item(f"v{i}", space.near(vote, 0.9)) for i in range(3)]
    clusterer = OnlineClusterer()
    assignments = clusterer.add_all(items)
    stories = clusterer.stories()
    assert sorted(sorted(s.article_ids) for s in stories) == [
        ["q0", "q1", "q2", "q3"],
        ["v0", "v1", "v2"],
    ]
    assert [a.new_story for a in assignments] == [True, False, False, False, True, False, False]
    quake_story = clusterer.story(clusterer.story_of("q0"))
    # members are at cosine ~0.81 to each other, so ~0.95 to their centroid
    assert 0.85 < quake_story.confidence <= 1.0


def test_look_alike_events_are_separated_by_names(space: Space) -> None:
    base = space.topic()
    first = [Item(f"a{i}", space.near(base, 0.8), frozenset({"tara", "reid"})) for i in range(3)]
    second = [
        Item(f"b{i}", space.near(base, 0.8), frozenset({"lindsay", "lohan"})) for i in range(3)
    ]
    # cosines to the shared centroid are ~0.8: names decide
    together = OnlineClusterer(threshold=0.6, name_weight=0.0, core_penalty=0.0)
    together.add_all(first + second)
    assert len(together.stories()) == 1
    apart = OnlineClusterer(threshold=0.75, name_weight=0.3)
    apart.add_all(first + second)
    assert sorted(sorted(s.article_ids) for s in apart.stories()) == [
        ["a0", "a1", "a2"],
        ["b0", "b1", "b2"],
    ]


def test_a_story_core_keeps_a_look_alike_event_out(space: Space) -> None:
    base = space.topic()
    first = [
        Item(f"a{i}", space.near(base, 0.8), frozenset({"klitschko", "rahman", f"x{i}"}))
        for i in range(3)
    ]
    # the second fight shares the champion but not the challenger
    second = Item("b0", space.near(base, 0.8), frozenset({"klitschko", "thompson"}))
    same = Item("a3", space.near(base, 0.8), frozenset({"klitschko", "rahman", "mannheim"}))
    plain = OnlineClusterer(threshold=0.6, name_weight=0.0, core_penalty=0.0)
    plain.add_all([*first, second, same])
    assert len(plain.stories()) == 1
    cored = OnlineClusterer(threshold=0.6, name_weight=0.0, core_penalty=0.5)
    cored.add_all([*first, second, same])
    assert sorted(sorted(s.article_ids) for s in cored.stories()) == [
        ["a0", "a1", "a2", "a3"],
        ["b0"],
    ]


def test_core_missing_weighs_rare_names_more() -> None:
    frequency = Counter({"klitschko": 50, "rahman": 2})
    core = ("klitschko", "rahman")
    assert core_missing(frozenset({"klitschko", "rahman"}), core, frequency, 100) == 0.0
    assert core_missing(frozenset({"rahman"}), (), frequency, 100) == 0.0
    assert core_missing(frozenset(), core, frequency, 100) == 0.0  # no names: no evidence
    lacks_rare = core_missing(frozenset({"klitschko", "thompson"}), core, frequency, 100)
    lacks_common = core_missing(frozenset({"rahman", "mannheim"}), core, frequency, 100)
    assert 0.5 < lacks_rare < 1.0
    assert 0.0 < lacks_common < 0.5
    assert lacks_rare + lacks_common == pytest.approx(1.0)
    # an article naming fewer things than the core says less by what it leaves out
    short = core_missing(frozenset({"klitschko"}), core, frequency, 100)
    assert short == pytest.approx(lacks_rare / 2)


def test_time_window_is_respected(space: Space) -> None:
    topic = space.topic()
    early = Item("early", space.near(topic, 0.95), published=DAY)
    close = Item("close", space.near(topic, 0.95), published=DAY + timedelta(days=5))
    late = Item("late", space.near(topic, 0.95), published=DAY + timedelta(days=30))
    clusterer = OnlineClusterer(window=timedelta(days=7))
    clusterer.add_all([late, early, close])  # taken in publication order
    assert clusterer.story_of("early") == clusterer.story_of("close")
    assert clusterer.story_of("late") != clusterer.story_of("early")
    story = clusterer.story(clusterer.story_of("early"))
    assert story.first == DAY.replace(tzinfo=story.first.tzinfo if story.first else None)
    assert story.article_ids == ("early", "close")


def test_undated_item_is_clustered_by_content_and_flagged(space: Space) -> None:
    topic = space.topic()
    clusterer = OnlineClusterer()
    clusterer.add(Item("dated", space.near(topic, 0.95)))
    assignment = clusterer.add(Item("undated", space.near(topic, 0.95), published=None))
    assert assignment.undated and not assignment.new_story
    assert assignment.story_id == clusterer.story_of("dated")
    assert clusterer.story(assignment.story_id).undated == ("undated",)
    assert not clusterer.add(Item("other", space.topic())).undated


def test_foreign_language_needs_very_high_similarity(space: Space) -> None:
    topic = space.topic()
    clusterer = OnlineClusterer(threshold=0.6, foreign_threshold=0.97)
    clusterer.add(Item("en", topic))
    assert clusterer.add(Item("de", space.near(topic, 0.9), language="de")).new_story
    assert not clusterer.add(Item("en2", space.near(topic, 0.9))).new_story


def test_merge_and_split_persist_when_new_items_arrive(space: Space) -> None:
    one, two = space.topic(), space.topic()
    # after the merge of two unrelated topics a newcomer is at cosine ~0.67 to the centroid
    clusterer = OnlineClusterer(threshold=0.6)
    clusterer.add_all([Item("a", space.near(one, 0.95)), Item("b", space.near(two, 0.95))])
    assert clusterer.story_of("a") != clusterer.story_of("b")
    merged = clusterer.merge(clusterer.story_of("a"), clusterer.story_of("b"))
    assert set(merged.article_ids) == {"a", "b"}
    clusterer.add(Item("c", space.near(two, 0.95)))
    assert clusterer.story_of("c") == clusterer.story_of("a")
    assert len(clusterer.stories()) == 1

    kept, moved = clusterer.split(merged.story_id, ["b", "c"])
    assert kept.article_ids == ("a",) and set(moved.article_ids) == {"b", "c"}
    assert kept.confidence == pytest.approx(1.0, abs=1e-3)
    # a new item between the two does not glue them back, and topic-two items go to the split
    clusterer.add(Item("d", space.near(two, 0.95)))
    assert clusterer.story_of("d") == moved.story_id
    assert clusterer.story_of("a") != clusterer.story_of("b")
    kinds = [c.kind for c in clusterer.corrections]
    assert kinds == ["must_link", "cannot_link"]
    # the user may change their mind: a later merge wins over the split
    again = clusterer.merge(kept.story_id, moved.story_id)
    assert set(again.article_ids) == {"a", "b", "c", "d"}
    assert [c.kind for c in clusterer.corrections][-1] == "must_link"


def test_corrections_replayed_from_a_store_hold(space: Space) -> None:
    topic, other = space.topic(), space.topic()
    stored = [
        Correction.from_dict(c.to_dict())
        for c in (
            Correction("cannot_link", ("x",), ("y",)),
            Correction("must_link", ("p",), ("q",)),
        )
    ]
    clusterer = OnlineClusterer(corrections=stored)
    clusterer.add_all(
        [
            Item("x", space.near(topic, 0.95)),
            Item("y", space.near(topic, 0.95)),
            Item("p", space.near(topic, 0.95)),
            Item("q", space.near(other, 0.95)),
        ]
    )
    assert clusterer.story_of("x") != clusterer.story_of("y")
    assert clusterer.story_of("p") == clusterer.story_of("q")
    assert clusterer.corrections == tuple(stored)


def test_cannot_link_of_placed_articles_splits_them(space: Space) -> None:
    topic = space.topic()
    clusterer = OnlineClusterer()
    clusterer.add_all([Item("m", space.near(topic, 0.95)), Item("n", space.near(topic, 0.95))])
    assert clusterer.story_of("m") == clusterer.story_of("n")
    clusterer.cannot_link("m", "n")
    assert clusterer.story_of("m") != clusterer.story_of("n")
    clusterer.must_link("m", "n")  # the later correction wins
    assert clusterer.story_of("m") == clusterer.story_of("n")
    with pytest.raises(ParallaxError, match="itself"):
        clusterer.cannot_link("m", "m")


def test_unknown_ids_raise_with_a_fix(space: Space) -> None:
    clusterer = OnlineClusterer()
    clusterer.add(Item("a", space.topic()))
    with pytest.raises(ParallaxError) as excinfo:
        clusterer.merge("story-999999", clusterer.story_of("a"))
    assert excinfo.value.fix and "stories()" in excinfo.value.fix
    with pytest.raises(ParallaxError, match="not in story"):
        clusterer.split(clusterer.story_of("a"), ["ghost"])
    with pytest.raises(ParallaxError, match="has not been clustered"):
        clusterer.story_of("ghost")
    with pytest.raises(ParallaxError, match="already in story"):
        clusterer.add(Item("a", space.topic()))
    with pytest.raises(ParallaxError, match="dimensions"):
        clusterer.add(Item("short", np.ones(3, dtype=np.float32)))


def test_many_stories_grow_the_index(space: Space) -> None:
    topics = [space.topic() for _ in range(150)]
    clusterer = OnlineClusterer()
    clusterer.add_all([Item(f"t{i}", t) for i, t in enumerate(topics)])
    clusterer.add(Item("again", space.near(topics[123], 0.95)))
    assert len(clusterer.stories()) == 150
    assert clusterer.story_of("again") == clusterer.story_of("t123")


def test_old_stories_retire_and_come_back_for_a_correction(space: Space) -> None:
    """Stories that no article can join leave the index; a merge naming one revives it, and
    with a lookup the clusterer keeps no member vectors of its own."""
    kept: dict[str, Item] = {}

    def lookup(ids: Sequence[str]) -> list[Item]:
        return [kept[i] for i in ids]

    clusterer = OnlineClusterer(window=timedelta(days=2), lookup=lookup)
    old = space.topic()
    stream = [Item(f"old{i}", space.near(old, 0.95), published=DAY) for i in range(3)]
    for day in range(1, 300):  # one unrelated story a day, 300 days on
        stream.append(Item(f"d{day}", space.topic(), published=DAY + timedelta(days=day)))
    for item in stream:
        kept[item.article_id] = item
        clusterer.add(item)
    old_story = clusterer.story_of("old0")
    # only recent stories stay in the index (retirement runs every few hundred articles)
    assert clusterer.live_stories < len(stream) // 4
    assert len(clusterer.stories()) == 300  # the old story and one a day
    assert clusterer.story(old_story).article_ids == ("old0", "old1", "old2")
    assert not clusterer._members  # the lookup serves members; none kept in the clusterer
    # an article like the old story but far later starts a new story (the old one is gone)
    late = Item("late", space.near(old, 0.95), published=DAY + timedelta(days=300))
    kept["late"] = late
    assert clusterer.add(late).new_story
    merged = clusterer.merge(old_story, clusterer.story_of("late"))
    assert set(merged.article_ids) == {"old0", "old1", "old2", "late"}
    first, second = clusterer.split(old_story, ["late"])
    assert first.article_ids == ("old0", "old1", "old2")
    assert second.article_ids == ("late",)
    assert first.confidence == pytest.approx(0.95, abs=0.05)


def test_a_lookup_that_misses_an_id_is_named(space: Space) -> None:
    topic = space.topic()
    clusterer = OnlineClusterer(lookup=lambda ids: [])
    clusterer.add_all([Item("m", space.near(topic, 0.95)), Item("n", space.near(topic, 0.95))])
    with pytest.raises(ParallaxError, match="lookup did not return article"):
        clusterer.split(clusterer.story_of("m"), ["n"])


WIRE = (
    "The central bank raised its main interest rate by a quarter point on Wednesday, the "
    "third increase this year, and signalled that more rises could follow if inflation does "
    "not slow. The governor told reporters that wage growth remained strong and that energy "
    "prices were still feeding into the cost of food and transport across the country. "
    "Markets had priced in the move, and the currency barely changed after the announcement. "
    "Opposition lawmakers said households with variable-rate mortgages would bear the brunt, "
    "while business groups called for a pause to give firms time to adjust their plans."
)


def test_wire_groups_find_a_copy_with_a_new_headline_and_keep_others_apart() -> None:
    texts = {
        "reuters": "Bank raises rates again\n" + WIRE,
        "local": "Rates up: what it means for your mortgage\n" + WIRE,
        "own": (
            "Borrowers face higher costs after the central bank's decision, which economists "
            "had expected; several lenders said they would pass the increase on within days, "
            "while unions warned that wages were not keeping up with prices."
        ),
        "other": "A storm closed schools and roads along the coast on Wednesday morning.",
        "empty": "",
    }
    assert wire_groups(texts) == [["local", "reuters"]]
    assert wire_groups(texts) == wire_groups(dict(reversed(list(texts.items()))))


MORE_WIRE = (
    "Economists at three of the largest lenders had forecast the decision last week, citing "
    "rents that rose faster than at any time in a decade and a labour market where vacancies "
    "still outnumber jobseekers in most regions. The bank's own projections, published with "
    "the decision, show inflation returning to its target only in the second half of next "
    "year, later than it expected in the spring. Two members of the rate committee voted to "
    "hold, arguing that earlier increases had not yet worked their way through to mortgage "
    "payments, while one member wanted a larger rise of half a point. The minutes of the "
    "meeting will be published in a fortnight, and the governor is due to appear before the "
    "finance committee of parliament at the end of the month to explain the decision."
)


def test_wire_groups_find_a_short_trimmed_copy_and_attach_each_copy_to_one_original() -> None:
    agency = WIRE + "\n\n" + MORE_WIRE
    # the agency's first paragraph only, with a paragraph of the outlet's own
    trimmed = WIRE + (
        "\n\nOur reporter in the capital found shops already raising prices for bread and "
        "milk this week."
    )
    other_agency = (
        "Flooding closed the main coastal road and two railway lines on Wednesday after three "
        "days of heavy rain, and the national weather service warned that rivers in the north "
        "could burst their banks overnight. Emergency crews evacuated about 400 residents from "
        "low-lying streets, and schools in eleven towns stayed shut. The transport minister "
        "said repairs to the damaged rail embankment would take at least a week."
    )
    texts = {
        "agency": agency,
        "trimmed": trimmed,
        "other-agency": other_agency,
        "roundup": agency + "\n\n" + other_agency,  # runs both agency texts
        # one line that the agency text also has is no copy of it
        "line": "The central bank raised its main interest rate by a quarter point on Wednesday.",
    }
    a, t = shingles(agency), shingles(trimmed)
    assert len(a & t) / len(a | t) < 0.5  # a copy a plain similarity threshold would miss
    order = ["agency", "trimmed", "other-agency", "roundup", "line"]
    assert wire_groups(texts, order=order) == [["agency", "trimmed", "roundup"]]
    # the first published is the original, whichever it is
    assert wire_groups(texts, order=order[::-1])[0][0] == "roundup"
    with pytest.raises(ParallaxError, match="order"):
        wire_groups(texts, order=order[:2])


def test_bcubed_and_pairwise_match_a_hand_computation() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
    predicted = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P3"}
    precision, recall = bcubed(predicted, gold)
    # precision: a 1, b 1, c 1/2, d 1/2, e 1 -> 4/5 ; recall: a 2/3, b 2/3, c 1/3, d 1/2, e 1/2
    assert precision == pytest.approx(4 / 5)
    assert recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 / 2 + 1 / 2) / 5)
    # predicted pairs: (a,b) (c,d) -> 1 correct of 2 ; gold pairs: ab ac bc de -> 1 of 4
    assert pairwise(predicted, gold) == pytest.approx((1 / 2, 1 / 4))
    assert bcubed(gold, gold) == (1.0, 1.0)
    with pytest.raises(ValueError):
        bcubed({"a": "P1"}, gold)


def test_cheap_names_skip_sentence_starts_and_keep_acronyms() -> None:
    names = cheap_names("The senator met Angela Merkel in Berlin. Later the NATO chief spoke.")
    assert {"angela", "merkel", "berlin", "nato"} <= names
    assert "the" not in names and "later" not in names


def test_evaluate_clustering_on_a_tiny_file(tmp_path: Path) -> None:
    rows = [
        ("1", "quake", "2024-01-01", "Earthquake hits Chile", "A strong earthquake struck Chile."),
        ("2", "quake", "2024-01-02", "Chile earthquake kills ten", "The earthquake in Chile."),
        ("3", "vote", "2024-01-01", "Parliament passes budget", "Lawmakers approved the budget."),
        ("4", "vote", "2024-01-03", "Budget vote in parliament", "The budget passed a vote."),
    ]
    path = tmp_path / "tiny.dev.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "story_id": s, "date": d, "title": t, "text": x})
            for i, s, d, t, x in rows
        )
        + "\n",
        encoding="utf-8",
    )
    scores = evaluate_clustering(path, threshold=0.5)
    assert scores.items == 4 and scores.gold_stories == 2
    assert scores.bcubed_f1 == pytest.approx(1.0)
    assert scores.to_dict()["pairwise"]["f1"] == pytest.approx(1.0)
    lumped = evaluate_clustering(path, threshold=-5.0)
    assert lumped.predicted_stories == 1
    assert lumped.bcubed_precision == pytest.approx(0.5)


def test_allsides_roundups_become_articles(tmp_path: Path) -> None:
    roundup = {
        "id": 7,
        "date": "2021-08-31T14:30:00-07:00",
        "news": {
            side: {"newsTitle": f"{side} title", "newBody": ["Body one.", "Body two."]}
            for side in ("left", "right")
        },
    }
    path = tmp_path / "allsides.dev.jsonl"
    path.write_text(json.dumps(roundup) + "\n", encoding="utf-8")
    rows = load_story_items(path)
    assert [(r.item_id, r.story_id) for r in rows] == [("7:left", "7"), ("7:right", "7")]
    assert rows[0].published is not None and rows[0].published.utcoffset() is not None


def test_missing_or_bad_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        evaluate_clustering(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "title": "no story"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="story_id"):
        load_story_items(bad)


def test_must_linked_articles_count_in_the_rarity_weights_until_their_story_retires(
    space: Space,
) -> None:
    # a user's merge is replayed as a must-link; its story later retires from the stream
    merged = [f"m{i}" for i in range(300)]
    clusterer = OnlineClusterer(
        corrections=[Correction("must_link", tuple(merged[:10]), tuple(merged[10:]))]
    )
    topic = space.topic()
    early = [
        Item(a, space.near(topic, 0.9), frozenset({"harbour"}), DAY + timedelta(minutes=i))
        for i, a in enumerate(merged)
    ]
    month = DAY + timedelta(days=30)
    late = [
        Item(f"late{i}", space.topic(), frozenset({f"town{i}"}), month + timedelta(minutes=i))
        for i in range(300)
    ]
    clusterer.add_all(early + late)  # the sweep retires the merged story: no negative counts
    assert len(set(clusterer.story_of(a) for a in merged)) == 1
    late_story = clusterer.story(clusterer.story_of("late299"))
    assert late_story.article_ids == ("late299",)
    assert clusterer.live_stories == 300  # the merged story has retired
