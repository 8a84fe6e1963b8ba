"""Days that disagree: one event dated two ways is a conflict; a later moment of the story is
not. Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import parallax
from parallax.comparison.records import Comparison
from parallax.models import Article
from tests.conftest import conflict_values

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # a Monday
LEAD = "Dockworkers at the Port of Velmora have been on strike for a week.\n\n"


def _article(outlet: str, sentence: str) -> Article:
    return Article.create(LEAD + sentence, outlet=outlet, published=T0)


def _days(c: Comparison) -> list[list[str]]:
    return conflict_values(c, "date")


FRIDAY = _article(
    "Harbour Ledger",
    "Union leader Dana Okafor rejected the port authority's pay offer on Friday.",
)


def test_one_event_on_two_days_is_a_conflict() -> None:
    sunday = _article(
        "Daily Clarion",
        "Union leader Dana Okafor rejected the port authority's pay offer on Sunday.",
    )
    assert _days(parallax.compare([FRIDAY, sunday])) == [["Friday", "Sunday"]]


def test_the_same_weekday_seen_from_two_publication_days_is_no_conflict() -> None:
    # the Clarion's date is the day before its "Friday" (a page updated after it was dated):
    # read against it, "Friday" is the Friday before, a week from the Ledger's
    said = "“The harbour wall will be rebuilt before the spring tides, and the city will pay.”"
    thursday = datetime(2026, 3, 5, 20, 0, tzinfo=UTC)
    saturday = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)
    ledger = Article.create(
        LEAD + f"At a news conference Friday afternoon, harbour master Tomas Brandt said: {said}",
        outlet="Harbour Ledger",
        published=saturday,
    )
    clarion = Article.create(
        LEAD + f"In a statement on Friday, harbour master Tomas Brandt said: {said}",
        outlet="Daily Clarion",
        published=thursday,
    )
    assert _days(parallax.compare([ledger, clarion])) == []


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param(
            "Union leader Dana Okafor again rejected the port authority's pay offer on Sunday.",
            id="an action done again on a later day",
        ),
        pytest.param(
            "Union leader Dana Okafor rejected the port authority's pay offer, she said on Sunday.",
            id="the day it was said, not the day it happened",
        ),
        pytest.param(
            "Union leader Dana Okafor rejected the port authority's pay offer after Sunday's vote.",
            id="the day of another event the sentence names",
        ),
    ],
)
def test_another_moment_of_the_story_is_no_conflict(sentence: str) -> None:
    assert _days(parallax.compare([FRIDAY, _article("Daily Clarion", sentence)])) == []
