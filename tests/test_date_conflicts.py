"""Days that disagree: one event dated two ways is a conflict; a later moment of the story is
not. Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

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


def test_an_action_kept_up_on_a_later_day_is_no_conflict() -> None:
    sunday = _article(
        "Daily Clarion",
        "Union leader Dana Okafor again rejected the port authority's pay offer on Sunday.",
    )
    assert _days(parallax.compare([FRIDAY, sunday])) == []


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


def test_the_day_it_was_said_is_not_the_day_it_happened() -> None:
    said = _article(
        "Daily Clarion",
        "Union leader Dana Okafor rejected the port authority's pay offer, she said on Sunday.",
    )
    assert _days(parallax.compare([FRIDAY, said])) == []


def test_the_day_of_another_event_the_sentence_names_is_no_conflict() -> None:
    # "after Sunday's vote": the day of the vote, not of the rejection
    sunday = _article(
        "Daily Clarion",
        "Union leader Dana Okafor rejected the port authority's pay offer after Sunday's vote.",
    )
    assert _days(parallax.compare([FRIDAY, sunday])) == []
