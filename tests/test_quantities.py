"""Quantities: numbers with their value, unit and what they count, at exact offsets."""

from __future__ import annotations

from itertools import pairwise

import pytest

from parallax.analysis.nlp import parse
from parallax.analysis.quantities import find_quantities, parse_number
from parallax.analysis.records import Quantity

Row = tuple[str, float | None, str | None, str | None]


def rows(text: str) -> list[Row]:
    """(span text, value, unit, counted text) of every quantity in ``text``, in order."""
    return [
        (q.span.of(text), q.value, q.unit, q.counted.of(text) if q.counted else None)
        for q in find_quantities(parse(text))
    ]


def only(text: str) -> Row:
    found = rows(text)
    assert len(found) == 1, found
    return found[0]


# --- what is counted ----------------------------------------------------------------------


def test_a_number_counts_the_noun_it_modifies() -> None:
    text = "Coastguards said 24,000 migrants had crossed, and 1,200 workers walked out."
    assert rows(text) == [
        ("24,000", 24000.0, None, "migrants"),
        ("1,200", 1200.0, None, "workers"),
    ]


def test_a_number_counts_its_whole_noun_phrase() -> None:
    assert only("The navy sent 14 ships to the strait.") == ("14", 14.0, None, "ships")
    assert only("Inspectors cover 90 high-hazard industrial sites.") == (
        "90",
        90.0,
        None,
        "high-hazard industrial sites",
    )


def test_percent_of_a_noun_phrase() -> None:
    text = "Only 3 percent of coalition strikes hit the depot, Colonel Rask said."
    assert only(text) == ("3 percent", 3.0, "percent", "coalition strikes")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inflation in Pellia reached 3.5% in February.", ("3.5%", 3.5, "percent", None)),
        ("Turnout fell 2 per cent on the islands.", ("2 per cent", 2.0, "percent", None)),
        (
            "The union won a 7 percent pay rise for dockers.",
            ("7 percent", 7.0, "percent", "pay rise"),
        ),
    ],
)
def test_percentages(text: str, expected: Row) -> None:
    assert only(text) == expected


def test_money_from_signs_and_words() -> None:
    text = (
        "Donors pledged $4.5 billion, the Aveline fund added 4.5 billion euros, "
        "and the bank lent £3m."
    )
    assert rows(text) == [
        ("$4.5 billion", 4.5e9, "USD", None),
        ("4.5 billion euros", 4.5e9, "EUR", None),
        ("£3m", 3e6, "GBP", None),
    ]


def test_money_counts_a_noun_that_follows() -> None:
    text = "Parliament approved a $2 million aid package for the valley."
    assert only(text) == ("$2 million", 2e6, "USD", "aid package")


def test_durations_and_units_inside_adjectives() -> None:
    assert only("The mine was closed for two years.") == ("two years", 2.0, "year", None)
    assert only("Drivers began a 48-hour strike at dawn.") == ("48-hour", 48.0, "hour", "strike")
    assert only("Smoke drifted 12 kilometres inland.") == ("12 kilometres", 12.0, "km", None)


# --- number words and vague amounts -------------------------------------------------------


def test_number_words() -> None:
    text = "Three people were rescued and twenty-five volunteers searched the dunes."
    assert rows(text) == [
        ("Three", 3.0, None, "people"),
        ("twenty-five", 25.0, None, "volunteers"),
    ]


def test_a_dozen_and_millions() -> None:
    assert only("Rescuers pulled a dozen fishermen from the sea.") == (
        "a dozen",
        12.0,
        None,
        "fishermen",
    )
    assert only("The dam serves 1.5 million people.") == ("1.5 million", 1.5e6, None, "people")


def test_vague_amounts_have_no_value_but_keep_what_they_count() -> None:
    assert only("Hundreds of residents queued for water in Dunmere.") == (
        "Hundreds",
        None,
        None,
        "residents",
    )
    assert only("Tens of thousands of pilgrims reached Ostra.") == (
        "Tens of thousands",
        None,
        None,
        "pilgrims",
    )


def test_a_range_gives_two_quantities_sharing_what_they_count() -> None:
    text = "Officials moved 400 to 600 residents to the school."
    assert rows(text) == [
        ("400", 400.0, None, "residents"),
        ("600", 600.0, None, "residents"),
    ]


def test_a_range_shares_its_scale_word_and_unit() -> None:
    text = "Repairs will cost between 3 and 4 million euros."
    assert rows(text) == [
        ("3", 3e6, "EUR", None),
        ("4 million euros", 4e6, "EUR", None),
    ]


# --- what is not a quantity ---------------------------------------------------------------


def test_years_times_dates_and_ordinals_are_left_out() -> None:
    text = (
        "In 2011 the ferry sank at 12:50 on March 3, and on the second day divers "
        "found 14 survivors."
    )
    assert rows(text) == [("14", 14.0, None, "survivors")]


def test_clock_times_and_names_with_numbers_are_left_out() -> None:
    text = "Flight 370 landed at 6 a.m. and Article 5 was invoked."
    assert rows(text) == []


def test_one_as_a_pronoun_is_left_out() -> None:
    assert rows("It was one of the worst storms, said one of the pilots.") == []


def test_a_vote_tally_is_one_quantity_not_two() -> None:
    text = "The nine-member board voted 7-2 to close the harbour."
    assert rows(text) == [("nine-member", 9.0, "member", "board"), ("7-2", 7.002, "vote", None)]


def test_ages_are_quantities_of_age() -> None:
    assert only("A 45-year-old guard was hurt.") == ("45-year-old", 45.0, "age", None)


def test_parts_of_a_number_are_not_separate_quantities() -> None:
    found = find_quantities(parse("The fund holds 2.5 billion crowns and 300 thousand bonds."))
    assert [q.value for q in found] == [2.5e9, 3e5]


# --- offsets, order and robustness --------------------------------------------------------


def test_offsets_point_into_the_text() -> None:
    text = "Ná Zoë said — «7 percent» of 1,200 Ångström workers left."
    found = find_quantities(parse(text))
    assert [q.span.of(text) for q in found] == ["7 percent", "1,200"]
    assert found[1].span.start == text.index("1,200")
    assert found[1].counted is not None and found[1].counted.of(text) == "Ångström workers"


def test_quantities_are_sorted_and_never_overlap() -> None:
    text = (
        "Some 600 residents fled, 3 percent of 400 homes burned, $4.5 billion was pledged "
        "and 400-600 soldiers spent two years and 48 hours guarding 14 ships."
    )
    found = find_quantities(parse(text))
    assert len(found) >= 8
    for a, b in pairwise(found):
        assert a.span.end <= b.span.start


@pytest.mark.parametrize(
    "text", ["", "  \n\n ", "No numbers here.", "東京 ✓ — ½ ¾ ∞", "1,2,3 1.2.3 ,,, 12:50:07"]
)
def test_odd_input_does_not_crash(text: str) -> None:
    for q in find_quantities(parse(text)):
        assert 0 <= q.span.start < q.span.end <= len(text)


def test_a_long_text_runs() -> None:
    sentence = "Crews in Halden moved 1,200 workers and 14 ships within 48 hours. "
    text = sentence * 1700  # about 20,000 words
    assert len(text.split()) >= 20_000
    found: list[Quantity] = find_quantities(parse(text))
    assert len(found) == 3 * 1700
    assert {q.span.of(text) for q in found} == {"1,200", "14", "48 hours"}


# --- number parsing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200.0),
        ("4.25", 4.25),
        ("1.5 million", 1.5e6),
        ("4.5bn", 4.5e9),
        ("two", 2.0),
        ("twenty-five", 25.0),
        ("a dozen", 12.0),
        ("two hundred and ten", 210.0),
        ("three thousand", 3000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "many", "1,20", "second", "12:50", "3 4"])
def test_parse_number_rejects_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_vote_tallies_are_one_quantity_each() -> None:
    from parallax.analysis.nlp import parse
    from parallax.analysis.quantities import find_quantities

    text = "The council voted 5-4 to close the pool, a week after a 6-3 vote kept it open."
    found = [(q.span.of(text), q.value, q.unit) for q in find_quantities(parse(text))]
    assert found == [("5-4", 5.004, "vote"), ("6-3", 6.003, "vote")]
    score = "Velmora Rovers won 3-1 on Sunday."
    assert find_quantities(parse(score)) == []
