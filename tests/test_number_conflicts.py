"""Numbers that disagree: the same amount given two values is a conflict; two people's
shares, or shares of two groups, are not. Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import parallax
from parallax.comparison.records import Comparison
from parallax.models import Article
from tests.conftest import conflict_values

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
LEAD = "A new Velmora Courier poll of the mayoral race was released on Monday.\n\n"


def _article(outlet: str, body: str) -> Article:
    return Article.create(LEAD + body, outlet=outlet, published=T0)


def _numbers(c: Comparison) -> list[list[str]]:
    """Every difference of figures the report shows: conflicts and, hedged, the figures that
    are perhaps different (a rule that keeps two things apart keeps them out of both)."""
    maybe = [sorted(s.value for s in k.sides) for k in c.maybe_conflicts if k.kind == "number"]
    return conflict_values(c, "number") + maybe


BRANDT = "In the poll, councillor Tomas Brandt won 11 percent of likely voters."


def _compare(first: str, second: str) -> Comparison:
    """The Ledger's ``first`` against the Clarion's ``second``."""
    return parallax.compare([_article("Harbour Ledger", first), _article("Daily Clarion", second)])


def _between(first: str, second: str) -> list[list[str]]:
    """The differences of figures shown for the Ledger's ``first`` and the Clarion's
    ``second``."""
    return _numbers(_compare(first, second))


@pytest.mark.parametrize(
    ("first", "second", "values"),
    [
        pytest.param(
            BRANDT,
            "In the poll, councillor Tomas Brandt won 14 percent of likely voters.",
            ["11 percent", "14 percent"],
            id="one share",
        ),
        pytest.param(
            "There are two mayoral debates on the calendar before the vote.",
            "There are three mayoral debates on the calendar before the vote.",
            ["three", "two"],
            id="one count",
        ),
        pytest.param(
            "The council listed 19 harbour repairs the mayor could order alone.",
            "The council listed 23 harbour repairs the mayor could order alone.",
            ["19", "23"],
            id="what could be, both times",
        ),
        pytest.param(
            "Two harbour councillors, Tomas Brandt and Ilse Varga, called for a recount.",
            "Three harbour councillors — Tomas Brandt, Ilse Varga and Jon Hale — called for a"
            " recount.",
            ["Three", "Two"],
            id="one group named with a member more",
        ),
        pytest.param(
            "The harbour party lost 60 seats on the regional council.",
            "The harbour party lost 40 seats on the regional council.",
            ["40", "60"],
            id="two changes",
        ),
    ],
)
def test_one_thing_given_two_values_is_a_conflict(
    first: str, second: str, values: list[str]
) -> None:
    comparison = _compare(first, second)
    assert conflict_values(comparison, "number") == [values]
    assert not comparison.maybe_conflicts


def test_figures_of_sentences_not_surely_one_fact_are_perhaps_different() -> None:
    # the same walkout, told with other words around each figure: the sentences are not
    # surely one fact (as two cable cuts of one story, or a march and a vigil, are not), so
    # the figures are shown as perhaps different, not claimed a conflict
    comparison = _compare(
        "About 1,200 dockworkers walked off the job at the port on Tuesday, the union said.",
        "A staggering 1,800 dockers downed tools on Tuesday morning, crippling the port.",
    )
    told = [comparison.text_of(e) for f in comparison.shared for e in f.evidence]
    assert not [t for t in told if "1,200" in t or "1,800" in t]
    assert conflict_values(comparison, "number") == []
    assert [sorted(s.value for s in c.sides) for c in comparison.maybe_conflicts] == [
        ["1,200", "1,800"]
    ]
    (figure,) = comparison.maybe_conflicts
    assert figure.kind == "number" and figure.confidence < 0.7 and figure.fact_key is None


def test_each_side_of_a_number_conflict_points_at_the_number_itself() -> None:
    # the report shows the number in its sentence; the evidence is the number, so that
    # nothing has to find it again in the sentence
    pair = [
        _article("Harbour Ledger", BRANDT),
        _article("Daily Clarion", BRANDT.replace("11", "14")),
    ]
    comparison = parallax.compare(pair)
    (conflict,) = [c for c in comparison.conflicts if c.kind == "number"]
    assert [comparison.text_of(s.evidence) for s in conflict.sides] == [
        s.value for s in conflict.sides
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            BRANDT,
            "In the poll, councillor Ilse Varga won 14 percent of likely voters.",
            id="two candidates' shares",
        ),
        pytest.param(
            BRANDT,
            "Among dock workers, councillor Tomas Brandt won 14 percent of likely voters.",
            id="a share among one group and the share of all",
        ),
        pytest.param(
            "The council passed the harbour budget in a 396-9 vote.",
            "The council passed the harbour budget after the previous 3 votes.",
            id="one side of a tally is no count of its own",
        ),
        pytest.param(
            "There are two more mayoral debates on the calendar before the vote.",
            "Brandt will face Varga in Tuesday's debate, the second of three mayoral debates.",
            id="what is left, and the total an ordinal counts in",
        ),
        pytest.param(
            "Brandt, who had been living in Velmora, was one of four men who were trying to "
            "climb to the hut from the village, according to media reports.",
            "Two men have died in separate climbing accidents on Mount Varga this weekend.",
            id="the total a part is counted in",
        ),
        pytest.param(
            "The council listed 19 harbour repairs the mayor could order alone.",
            "The council listed 23 harbour repairs the mayor ordered alone.",
            id="what could be and what is",
        ),
        pytest.param(
            "Two harbour councillors, Tomas Brandt and Ilse Varga, called for a recount.",
            "Three harbour councillors — Piet Moller, Anna Sorell and Jon Hale — called for a"
            " recount.",
            id="two groups, each named member by member",
        ),
        pytest.param(
            "The harbour party holds 54 seats on the regional council.",
            "The harbour party lost 20 seats on the regional council.",
            id="a level and a change",
        ),
        pytest.param(
            "The harbour party needs to gain 35 seats on the regional council.",
            "The harbour party lost 60 seats on the regional council.",
            id="what is needed and what happened",
        ),
        pytest.param(
            "The No. 2 job on the harbour board went to a newcomer this year.",
            "Ilse Varga remained in the No. 3 job on the harbour board this year.",
            id="two ranks, one of no one named",
        ),
        pytest.param(
            "Brandt has averaged more than 30 goals and 100 assists in his six seasons.",
            "Brandt finished last season with 33 goals and 121 assists.",
            id="an average and one season's figure",
        ),
        pytest.param(
            "Three years ago a gunman at a Velmora brewery fatally shot eight people.",
            "Police say two people have been killed in a shooting at the harbour plant.",
            id="two counts of people, of two events",
        ),
    ],
)
def test_two_different_things_counted_are_no_conflict(first: str, second: str) -> None:
    assert _between(first, second) == []


def test_a_bound_holds_the_values_within_it() -> None:
    # "as much as 79 percent" in earlier races and "56 percent" now do not disagree; a
    # value past the bound does
    share = "In the poll, councillor Tomas Brandt won {} percent of likely voters."
    assert _between(share.format("as much as 79"), share.format("56")) == []
    assert _between(share.format("more than 40"), share.format("56")) == []
    assert _between(share.format("more than 60"), share.format("56")) == [
        ["56 percent", "60 percent"]
    ]


def test_two_values_a_third_outlet_gives_both_are_two_quantities() -> None:
    # the Ledger gives the harbour fund's federal rate and its combined rate: the Clarion's
    # federal rate and the Courier's combined one are two quantities, not one told two ways
    ledger = (
        "The harbour fund's federal tax rate was 35.7 percent, while its combined tax rate "
        "was 45.8 percent."
    )
    clarion = "The harbour fund paid an effective federal tax rate of 35.7 percent."
    courier = "The harbour fund paid a combined tax rate of 45.8 percent."
    three = [
        _article("Harbour Ledger", ledger),
        _article("Daily Clarion", clarion),
        _article("Velmora Courier", courier),
    ]
    assert _numbers(parallax.compare(three)) == []
    assert _between(clarion, courier) == [["35.7 percent", "45.8 percent"]]


def test_a_named_persons_figure_is_compared_only_where_the_person_is_named() -> None:
    # Brandt's 33 years of returns are not the eight the mayor's campaign released
    brandt = "Councillor Tomas Brandt released 33 years of tax returns."
    assert _between(brandt, "The mayor's campaign released eight years of tax returns.") == []
    assert _between(brandt, "Councillor Tomas Brandt released eight years of tax returns.") == [
        ["33 years", "eight years"]
    ]


def test_a_figure_rounded_to_hundreds_is_no_conflict_but_tens_are() -> None:
    budget = "In the poll, the harbour budget of {} crowns won support from likely voters."
    exact = budget.format("716,000")
    assert _between(exact, budget.format("700,000")) == []
    assert _between(exact, budget.format("600,000")) == [["600,000", "716,000"]]


def test_two_exact_figures_a_few_percent_apart_disagree() -> None:
    # to the cent, $5,587.75 and $5,687.75 are two values, neither the other rounded; a
    # figure given to another precision a few percent off ($5,600) is the same one rounded
    stay = "The campaign fund paid ${} for a week at the Harbour Crest retreat in July."
    assert _between(stay.format("5,587.75"), stay.format("5,687.75")) == [
        ["$5,587.75", "$5,687.75"]
    ]
    assert _between(stay.format("5,587.75"), stay.format("5,600")) == []


def test_rounding_is_to_hundreds_and_a_few_percent_off() -> None:
    from parallax.comparison.numbers import _rounded

    assert _rounded(716e9, 700e9) and _rounded(700e9, 716e9)
    assert not _rounded(1200, 1000)  # rounds to 1,000 at thousands, but 17% off
    assert not _rounded(34, 30)  # tens are not rounding
    assert not _rounded(5.4, 5.1)


def test_years_that_differ_in_one_sure_fact_are_perhaps_different() -> None:
    # one sale dated 1957 by one outlet and 1967 by the other: shown as perhaps different
    # figures (a year can date a side detail), never claimed as a conflict
    sale = "The Brandt family sold its Velmora oil field for a reported $30 million in {}."
    comparison = _compare(sale.format(1957), sale.format(1967))
    assert [f.outlets for f in comparison.shared if len(f.evidence) == 2]
    years = [c for c in comparison.maybe_conflicts if c.kind == "date"]
    assert [(c.what, sorted(s.value for s in c.sides)) for c in years] == [
        ("the year", ["1957", "1967"])
    ]
    assert not [c for c in comparison.conflicts if c.kind == "date"]
    # a count is no year ("1900 residents" leaves each sentence one year)...
    left = "Some 1900 residents of Velmora left their homes in {}, the council said."
    moved = _compare(left.format(2019), left.format(2021)).maybe_conflicts
    assert [sorted(s.value for s in c.sides) for c in moved if c.kind == "date"] == [
        ["2019", "2021"]
    ]
    # ...and a sentence giving two years is not read for one
    two = "The field, found in {}, was sold for a reported $30 million in 1967."
    assert not [
        c for c in _compare(two.format(1931), two.format(1934)).maybe_conflicts if c.kind == "date"
    ]


def test_a_figure_already_claimed_as_a_conflict_is_not_hedged_again() -> None:
    # "3 workers" against "5 workers" claimed, and the same sides read as "3 people"
    # against "5 people" between other sentences: the reader sees them once, as the conflict
    from parallax.comparison.build import _apart_from
    from parallax.comparison.records import Conflict, ConflictSide, Evidence
    from parallax.models import Span

    def side(outlet: str, value: str) -> ConflictSide:
        return ConflictSide(Evidence("a" + outlet, Span(0, 1)), outlet, value)

    claimed = Conflict("number", "workers", (side("L", "three"), side("C", "Five")), 0.9)
    again = Conflict("number", "people", (side("L", "Three"), side("C", "five")), 0.5)
    other = Conflict("number", "people", (side("L", "three"), side("C", "six")), 0.5)
    assert _apart_from([again, other], [claimed]) == [other]
