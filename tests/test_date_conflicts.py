"""Days that disagree: one event dated two ways is a conflict; a later moment of the story is
not. Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

import parallax
from parallax.comparison.records import Comparison
from parallax.models import Article

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # a Monday
LEAD = "Dockworkers at the Port of Velmora have been on strike for a week.\n\n"


def _article(outlet: str, sentence: str) -> Article:
    return Article.create(LEAD + sentence, outlet=outlet, published=T0)


def _days(c: Comparison) -> list[list[str]]:
    return [sorted(s.value for s in k.sides) for k in c.conflicts if k.kind == "date"]


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
