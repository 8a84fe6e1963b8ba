"""Numbers that disagree: the same amount given two values is a conflict; two people's
shares, or shares of two groups, are not. Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

import parallax
from parallax.comparison.records import Comparison
from parallax.models import Article
from tests.conftest import conflict_values

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
LEAD = "A new Velmora Courier poll of the mayoral race was released on Monday.\n\n"


def _article(outlet: str, body: str) -> Article:
    return Article.create(LEAD + body, outlet=outlet, published=T0)


def _numbers(c: Comparison) -> list[list[str]]:
    return conflict_values(c, "number")


BRANDT = _article(
    "Harbour Ledger", "In the poll, councillor Tomas Brandt won 11 percent of likely voters."
)


def test_one_share_given_two_values_is_a_conflict() -> None:
    other = _article(
        "Daily Clarion", "In the poll, councillor Tomas Brandt won 14 percent of likely voters."
    )
    assert _numbers(parallax.compare([BRANDT, other])) == [["11 percent", "14 percent"]]


def test_two_candidates_shares_are_no_conflict() -> None:
    other = _article(
        "Daily Clarion", "In the poll, councillor Ilse Varga won 14 percent of likely voters."
    )
    assert _numbers(parallax.compare([BRANDT, other])) == []


def test_a_share_among_one_group_is_no_conflict_with_the_share_of_all() -> None:
    other = _article(
        "Daily Clarion",
        "Among dock workers, councillor Tomas Brandt won 14 percent of likely voters.",
    )
    assert _numbers(parallax.compare([BRANDT, other])) == []


def test_a_figure_rounded_to_hundreds_is_no_conflict_but_tens_are() -> None:
    budget = "In the poll, the harbour budget of {} crowns won support from likely voters."
    exact = _article("Harbour Ledger", budget.format("716,000"))
    rounded = _article("Daily Clarion", budget.format("700,000"))
    assert _numbers(parallax.compare([exact, rounded])) == []
    far = _article("Daily Clarion", budget.format("600,000"))
    assert _numbers(parallax.compare([exact, far])) == [["600,000", "716,000"]]


def test_one_side_of_a_tally_is_no_count_of_its_own() -> None:
    tally = _article("Harbour Ledger", "The council passed the harbour budget in a 396-9 vote.")
    votes = _article(
        "Daily Clarion", "The council passed the harbour budget after the previous 3 votes."
    )
    assert _numbers(parallax.compare([tally, votes])) == []


def test_rounding_is_to_hundreds_and_a_few_percent_off() -> None:
    from parallax.comparison.numbers import _rounded

    assert _rounded(716e9, 700e9) and _rounded(700e9, 716e9)
    assert not _rounded(1200, 1000)  # rounds to 1,000 at thousands, but 17% off
    assert not _rounded(34, 30)  # tens are not rounding
    assert not _rounded(5.4, 5.1)


def test_what_is_left_or_the_total_of_an_ordinal_is_not_the_count() -> None:
    # "two more debates" are what is left; "the second of three" gives the total
    more = _article(
        "Harbour Ledger", "There are two more mayoral debates on the calendar before the vote."
    )
    total = _article(
        "Daily Clarion",
        "Brandt will face Varga in Tuesday's debate, the second of three mayoral debates.",
    )
    assert _numbers(parallax.compare([more, total])) == []
    # the same counts given plainly do conflict
    plain = _article(
        "Harbour Ledger", "There are two mayoral debates on the calendar before the vote."
    )
    three = _article(
        "Daily Clarion", "There are three mayoral debates on the calendar before the vote."
    )
    assert _numbers(parallax.compare([plain, three])) == [["three", "two"]]


def test_what_could_be_is_no_conflict_with_what_is() -> None:
    could = _article(
        "Harbour Ledger", "The council listed 19 harbour repairs the mayor could order alone."
    )
    did = _article(
        "Daily Clarion", "The council listed 23 harbour repairs the mayor ordered alone."
    )
    assert _numbers(parallax.compare([could, did])) == []
    also = _article(
        "Daily Clarion", "The council listed 23 harbour repairs the mayor could order alone."
    )
    assert _numbers(parallax.compare([could, also])) == [["19", "23"]]
