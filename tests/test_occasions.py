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


_FILLER = (
    "Ships waited outside the harbour.\n\nThe ferry to Arvel Island kept running.\n\n"
    "Fish traders moved their stalls inland.\n\nThe customs office closed early.\n\n"
    "Rail freight was diverted north.\n\n"
)
_CLAIM = (
    "Union leader Dana Okafor said that the offer was “an insult to every family on the docks.”"
)


@pytest.mark.parametrize(
    ("far", "conflicts"),
    [(True, []), (False, [["Radio Arvenia", "the Velmora Chamber of Commerce"]])],
)
def test_only_an_occasion_near_the_shared_statement_is_its_occasion(
    far: bool, conflicts: list[list[str]]
) -> None:
    # both report Okafor's claim; each later quotes her, on the radio and to a newspaper:
    # far from the claim, those are other statements, not two places for one
    gap = _FILLER if far else ""
    radio = f"{LEAD}{_CLAIM}\n\n{gap}“We will stay out until Friday,” Okafor told Radio Arvenia."
    paper = (
        f"{LEAD}{_CLAIM}\n\n{gap}“The port cannot run without us,” Okafor told the "
        "Velmora Chamber of Commerce."
    )
    pair = [
        Article.create(radio, outlet="Daily Clarion", published=T0),
        Article.create(paper, outlet="Harbour Ledger", published=T0),
    ]
    assert _occasions(parallax.compare(pair)) == conflicts


def test_an_event_and_the_place_it_was_held_are_one_occasion() -> None:
    # BASIL: "told a rally here" and "told about 600 supporters at the Iowa State
    # Fairgrounds" were one rally; the kind of event fits any place, as "here" does
    rally = _told("Harbour Ledger", "a rally here")
    grounds = _told("Daily Clarion", "about 600 supporters at the Velmora Fairgrounds")
    assert _occasions(parallax.compare([rally, grounds])) == []
