"""Where a speaker said something: one venue told two ways is no conflict, two venues are.
Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import parallax
from parallax.comparison.records import Comparison
from parallax.models import Article
from tests.conftest import conflict_values

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
LEAD = "Dockworkers at the Port of Velmora walked out on Tuesday in a dispute over pay.\n\n"
QUOTE = "that the offer was “an insult to every family on the docks.”\n\nShips waited outside."


def _told(outlet: str, venue: str) -> Article:
    text = f"{LEAD}Union leader Dana Okafor told {venue} {QUOTE}"
    return Article.create(text, outlet=outlet, published=T0)


@pytest.fixture(scope="module")
def site() -> Article:
    # a kind of venue ("the news Web site") followed by its name in apposition
    return _told("Harbour Ledger", "the news Web site the Velmora Courier")


def _occasions(c: Comparison) -> list[list[str]]:
    return conflict_values(c, "occasion")


def test_a_venue_named_after_its_kind_is_the_same_venue(site: Article) -> None:
    named = _told("Coastline Today", "the Velmora Courier")
    assert _occasions(parallax.compare([site, named])) == []


def test_two_named_venues_conflict(site: Article) -> None:
    radio = _told("Daily Clarion", "Radio Arvenia")
    assert _occasions(parallax.compare([site, radio])) == [["Radio Arvenia", "the news Web site"]]


@pytest.mark.parametrize(
    "venue",
    [
        "reporters",  # an audience any venue has
        "the Harbour Ledger",  # the outlet itself: what was said to it, not where
        "another meeting",  # the outlet says it is a second occasion
        "her questioners",  # people any venue has
        "lawmakers",
    ],
)
def test_an_audience_the_outlet_itself_or_another_occasion_is_no_conflict(venue: str) -> None:
    ledger = _told("Harbour Ledger", venue)
    radio = _told("Daily Clarion", "Radio Arvenia")
    assert _occasions(parallax.compare([ledger, radio])) == []


def test_how_the_words_were_received_is_no_venue() -> None:
    text = f"{LEAD}Union leader Dana Okafor said, to the dismay of dock owners, {QUOTE}"
    ledger = Article.create(text, outlet="Harbour Ledger", published=T0)
    radio = _told("Daily Clarion", "Radio Arvenia")
    assert _occasions(parallax.compare([ledger, radio])) == []
