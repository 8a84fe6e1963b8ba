"""Blindspots, outlet spreads and fact timelines on invented comparisons, an eval-style check
on the AllSides roundups (each item carries its outlet's rating), and the inline SVG chart."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

from parallax.comparison.coverage_outlets import (
    Blindspot,
    blindspots,
    fact_spread,
    fact_spreads,
    fact_timeline,
    fact_timelines,
    story_spread,
)
from parallax.comparison.records import Comparison, Coverage, Evidence, Fact, outlet_name
from parallax.models import Article, Span
from parallax.outlets import bundled_registry
from parallax.render.timeline_svg import delay_text, timeline_svg
from tests.conftest import DATA

ALLSIDES = DATA / "stories" / "allsides_roundups.dev.jsonl"
T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
TEXT = "The harbour board agreed to a new shift pattern on Sunday. Nine ships wait offshore."


def _article(
    outlet: str | None, hours: float | None, *, url: str | None = None, extra: str = ""
) -> Article:
    published = T0 + timedelta(hours=hours) if hours is not None else None
    return Article.create(
        TEXT + f" ({outlet}){extra}",
        outlet=outlet,
        url=url,
        published=published,
        source=f"{outlet}.txt",
    )


def _evidence(article: Article) -> Evidence:
    return Evidence(article.id, Span(0, 10))


def _fact(
    key: str,
    carriers: list[Article],
    near: tuple[Article, ...] = (),
    absent: tuple[Article, ...] = (),
) -> Fact:
    """A fact ``carriers`` carry, ``near`` may tell in other words, ``absent`` surely lack."""
    return Fact(
        key=key,
        evidence=tuple(_evidence(a) for a in carriers),
        outlets=tuple(sorted({a.outlet or "" for a in carriers})),
        near=tuple(_evidence(a) for a in near),
        absent=tuple(sorted(outlet_name(a) for a in absent)),
    )


def _comparison(articles: list[Article], facts: list[Fact]) -> Comparison:
    return Comparison(
        articles=tuple(articles),
        facts=tuple(facts),
        conflicts=(),
        quotes=(),
        framing=(),
        coverage=Coverage(outlets=(), first=None, wire_groups=()),
    )


FOX = _article("Fox News", 0)
BREITBART = _article("Breitbart", 2)  # an alias: shown as Breitbart News
NYT = _article("New York Times", 5)
HUFF = _article("HuffPost", 30)
REUTERS = _article(None, 1, url="https://www.reuters.com/world/x")  # named by its domain
LEDGER = _article("Harbour Ledger", 3)  # not in the registry


def test_a_fact_only_right_leaning_outlets_carry_is_a_right_blindspot() -> None:
    fact = _fact("f-right", [FOX, BREITBART], absent=(NYT, HUFF, REUTERS))
    comparison = _comparison([FOX, BREITBART, NYT, HUFF, REUTERS], [fact])
    found = fact_spread(fact, comparison, bundled_registry()).spread
    assert found.carrying == ("Breitbart News", "Fox News")
    assert found.missing == ("HuffPost", "New York Times", "Reuters")
    assert found.sides_carrying == ("right",)
    assert found.sides_missing == ("left", "center")
    assert found.leanings_carrying == ("right",)
    assert found.leanings_missing == ("center", "lean left", "left")
    assert found.countries_carrying == ("US",) and found.countries_missing == ("GB", "US")
    assert found.blindspot == Blindspot("right", ("left", "center"))
    assert found.blindspot.label == (
        "only right-leaning outlets report this; left and center outlets do not"
    )


def test_no_blindspot_when_sides_mix_or_a_carrier_is_unrated_or_center() -> None:
    registry = bundled_registry()
    both = _fact("both", [FOX, NYT])
    unrated = _fact("unrated", [FOX, LEDGER])
    center = _fact("center", [REUTERS])
    left = _fact("left", [NYT, HUFF], absent=(FOX, BREITBART, REUTERS))
    comparison = _comparison(
        [FOX, BREITBART, NYT, HUFF, REUTERS, LEDGER], [both, unrated, center, left]
    )
    spreads = {s.key: s.spread for s in fact_spreads(comparison, registry)}
    assert spreads["both"].blindspot is None
    assert spreads["unrated"].blindspot is None
    assert "Harbour Ledger" in spreads["unrated"].unrated
    assert spreads["center"].blindspot is None  # center-only is not a blindspot
    assert spreads["left"].blindspot == Blindspot("left", ("center", "right"))
    assert [s.key for s in blindspots(comparison, registry)] == ["left"]


def test_no_blindspot_when_the_other_side_comes_near_the_fact() -> None:
    """A left outlet whose sentence comes close may tell the fact in other words: it is not
    counted as leaving it out, and with no other left or center outlet there is no claim."""
    fact = _fact("f", [FOX, BREITBART], near=(NYT,))
    comparison = _comparison([FOX, BREITBART, NYT], [fact])
    found = fact_spread(fact, comparison, bundled_registry()).spread
    assert found.near == ("New York Times",) and found.missing == ()
    assert found.blindspot is None


def test_a_side_that_may_carry_the_fact_unpaired_is_not_said_to_leave_it_out() -> None:
    """Only outlets that surely lack a fact (``absent``, the bar of "leaves out") make a
    blindspot: one whose sentences were merely not paired with it may tell it."""
    unsure = _fact("f", [FOX, BREITBART])
    sure = _fact("g", [FOX, BREITBART], absent=(NYT,))
    comparison = _comparison([FOX, BREITBART, NYT, HUFF], [unsure, sure])
    spreads = {s.key: s.spread for s in fact_spreads(comparison, bundled_registry())}
    assert spreads["f"].missing == ("HuffPost", "New York Times")
    assert spreads["f"].blindspot is None
    assert spreads["g"].blindspot == Blindspot("right", ("left",))


def test_no_blindspot_when_only_one_side_is_in_the_comparison() -> None:
    fact = _fact("f", [FOX, BREITBART])
    comparison = _comparison([FOX, BREITBART, LEDGER], [fact])
    found = fact_spread(fact, comparison, bundled_registry()).spread
    assert found.missing == ("Harbour Ledger",) and found.blindspot is None


def test_a_fact_one_outlet_carries_is_its_unique_fact_not_a_blindspot() -> None:
    fact = _fact("f", [FOX])
    comparison = _comparison([FOX, NYT, HUFF, REUTERS], [fact])
    found = fact_spread(fact, comparison, bundled_registry()).spread
    assert found.sides_carrying == ("right",) and found.sides_missing == ("left", "center")
    assert found.blindspot is None
    story = story_spread([FOX], bundled_registry(), universe=["CNN"])  # a story: one will do
    assert story.blindspot == Blindspot("right", ("left",))
    two = story_spread([FOX], bundled_registry(), universe=["CNN"], min_carriers=2)
    assert two.blindspot is None


def test_fact_timeline_first_report_and_pickups() -> None:
    fox_late = _article("Fox News", 40, extra=" Updated.")
    undated = _article("Daily Clarion", None)
    fact = _fact("f", [HUFF, NYT, fox_late, FOX, undated, REUTERS])
    comparison = _comparison([FOX, fox_late, NYT, HUFF, REUTERS, undated], [fact])
    (timeline,) = fact_timelines(comparison, bundled_registry())
    assert timeline.first is not None
    assert (timeline.first.outlet, timeline.first.article_id) == ("Fox News", FOX.id)
    assert timeline.first.after == timedelta(0)
    assert [(s.outlet, s.after) for s in timeline.pickups] == [
        ("Reuters", timedelta(hours=1)),
        ("New York Times", timedelta(hours=5)),
        ("HuffPost", timedelta(hours=30)),
    ]
    assert [s.outlet for s in timeline.undated] == ["Daily Clarion"]
    data = json.loads(json.dumps(timeline.to_dict()))
    assert data["pickups"][0]["after_seconds"] == 3600


def test_fact_timeline_without_dates() -> None:
    a, b = _article("Fox News", None), _article("HuffPost", None)
    timeline = fact_timeline(_fact("f", [a, b]), [a, b])
    assert timeline.first is None and timeline.pickups == ()
    assert [s.outlet for s in timeline.undated] == ["Fox News", "HuffPost"]
    assert timeline_svg([timeline]) == ""


def test_story_spread_names_the_outlets_that_did_not_cover_it() -> None:
    found = story_spread(
        [FOX, BREITBART], bundled_registry(), universe=["CNN", "Reuters", "Fox_News"]
    )
    assert found.carrying == ("Breitbart News", "Fox News")
    assert found.missing == ("CNN", "Reuters")
    assert found.blindspot == Blindspot("right", ("left", "center"))


# --- eval-style: the AllSides roundups -------------------------------------------------------


def _roundups() -> list[dict[str, object]]:
    lines = ALLSIDES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _item_article(item: dict[str, object]) -> Article:
    body = " ".join(item.get("newBody") or [])  # type: ignore[arg-type]
    return Article.create(
        f"{item['newsTitle']}\n\n{body}",
        outlet=str(item["newsSource"]),
        url=str(item.get("newsLink") or "") or None,
    )


def test_story_level_sides_on_the_allsides_roundups() -> None:
    """Each roundup gathers items from left, center and right outlets, each labelled with
    its AllSides side. The registry's sides of a roundup's outlets match the labelled ones
    for at least 95% of the roundups whose outlets it all rates; no whole roundup is a
    blindspot; a roundup cut down to its right (left) item is a right (left) blindspot for
    at least 90% of them (the rest: outlets the registry does not rate)."""
    registry = bundled_registry()
    rows = [r for r in _roundups() if r["news"]]
    universe = sorted({it["newsSource"] for r in rows for it in r["news"].values()})  # type: ignore[attr-defined]
    rated = exact = whole_blindspots = 0
    cut = {"left": [0, 0], "right": [0, 0]}
    for row in rows:
        items: dict[str, dict[str, object]] = row["news"]  # type: ignore[assignment]
        articles = {slot: _item_article(item) for slot, item in items.items()}
        found = story_spread(list(articles.values()), registry, universe=universe)
        whole_blindspots += found.blindspot is not None
        gold = tuple(
            s for s in ("left", "center", "right") if s in {i["stance"] for i in items.values()}
        )
        if not set(found.unrated) & set(found.carrying):
            rated += 1
            exact += found.sides_carrying == gold
        for side, counts in cut.items():
            if side in articles:
                alone = story_spread([articles[side]], registry, universe=universe)
                counts[0] += 1
                counts[1] += alone.blindspot is not None and alone.blindspot.side == side
    assert len(rows) == 372 and rated >= 290
    assert exact / rated >= 0.95, (exact, rated)
    assert whole_blindspots == 0
    for side, (total, hits) in cut.items():
        assert hits / total >= 0.9, (side, hits, total)


# --- the SVG chart ---------------------------------------------------------------------------


def test_timeline_svg_is_self_contained_and_readable() -> None:
    fact = _fact("f-1", [FOX, NYT, HUFF])
    other = _fact("f-2", [REUTERS])
    comparison = _comparison([FOX, NYT, HUFF, REUTERS], [fact, other])
    timelines = fact_timelines(comparison, bundled_registry())
    svg = timeline_svg(
        timelines,
        labels={"f-1": 'Board agrees <new> "shift" pattern & more words than fit'},
        sides={"Fox News": "right", "New York Times": "left"},
    )
    root = ElementTree.fromstring(svg)  # well-formed XML: the label was escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    circles = root.findall(f"{ns}circle")
    assert len(circles) == 4  # one dot per outlet per fact
    tips = [c.find(f"{ns}title").text for c in circles]  # type: ignore[union-attr]
    assert "Fox News: 2026-03-04 09:00 +0000 (first report)" in tips
    assert "HuffPost: 2026-03-05 15:00 +0000 (+30 h)" in tips
    fox = next(c for c in circles if "Fox News" in (c.find(f"{ns}title").text or ""))  # type: ignore[union-attr]
    huff = next(c for c in circles if "HuffPost" in (c.find(f"{ns}title").text or ""))  # type: ignore[union-attr]
    assert float(fox.get("cx") or 0) < float(huff.get("cx") or 0)
    assert fox.get("fill") == "#b23a3a"  # right, filled: the first report
    desc = root.find(f"{ns}desc")
    assert desc is not None and "first Fox News, then New York Times +5 h" in (desc.text or "")
    assert not re.search(r"<script|href=|url\(|@import", svg)


def test_delay_text() -> None:
    assert delay_text(timedelta(0)) == "at the same time"
    assert delay_text(timedelta(minutes=44, seconds=40)) == "+45 min"
    assert delay_text(timedelta(hours=3)) == "+3 h"
    assert delay_text(timedelta(days=3, hours=12)) == "+3.5 d"
    assert delay_text(None) == "undated"
