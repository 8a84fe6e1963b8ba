"""Date expressions: found with exact offsets and resolved against the publication date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from parallax.analysis.dates import find_dates
from parallax.analysis.nlp import parse
from parallax.analysis.records import DateMention

WEDNESDAY = datetime(2026, 3, 11, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def dates_in(text: str, published: datetime | None = WEDNESDAY) -> dict[str, DateMention]:
    """The mentions found in ``text``, keyed by the text their span points at."""
    mentions = find_dates(parse(text), published)
    found = {m.span.of(text): m for m in mentions}
    assert len(found) == len(mentions), "two mentions cover the same text"
    return found


def day(mention: DateMention) -> date:
    assert mention.granularity == "day"
    assert mention.start is not None and mention.start == mention.end
    return mention.start


# --- weekdays -----------------------------------------------------------------------------


def test_a_weekday_on_the_publication_day_is_that_day() -> None:
    found = dates_in("The harbour master said on Wednesday that the pier would stay shut.")
    assert day(found["Wednesday"]) == date(2026, 3, 11)
    assert found["Wednesday"].relative


def test_a_weekday_before_the_publication_day_is_the_most_recent_one() -> None:
    text = "Ferry crews walked out on Tuesday, and the ministry replied on Thursday."
    found = dates_in(text)
    assert day(found["Tuesday"]) == date(2026, 3, 10)  # the day before
    assert day(found["Thursday"]) == date(2026, 3, 5)  # last week's, not tomorrow


def test_next_and_last_weekdays_and_the_future_tense() -> None:
    text = (
        "Mayor Ilse Varnum will open the bridge on Friday. The inquiry opens next Wednesday, "
        "after a vote last Wednesday, and the board meets this coming Monday."
    )
    found = dates_in(text)
    assert day(found["Friday"]) == date(2026, 3, 13)
    assert day(found["next Wednesday"]) == date(2026, 3, 18)
    assert day(found["last Wednesday"]) == date(2026, 3, 4)
    assert day(found["this coming Monday"]) == date(2026, 3, 16)


def test_a_weekday_with_a_part_of_the_day_and_a_possessive() -> None:
    text = "The blaze began on Monday night. Monday night's fire was the worst in years."
    found = find_dates(parse(text), WEDNESDAY)
    nights = [m for m in found if m.span.of(text) == "Monday night"]
    assert len(nights) == 2
    assert all(day(m) == date(2026, 3, 9) for m in nights)


def test_the_publication_day_is_read_in_the_publication_time_zone() -> None:
    # 23:30 on Wednesday in New York is already Thursday in UTC
    late = datetime(2026, 3, 11, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    found = dates_in("Senator Oda Brandt resigned on Wednesday.", late)
    assert day(found["Wednesday"]) == date(2026, 3, 11)


# --- days, weeks, months, years relative to publication -----------------------------------


def test_yesterday_today_tomorrow() -> None:
    text = "Pumps failed yesterday, engineers returned today and will finish tomorrow."
    found = dates_in(text)
    assert day(found["yesterday"]) == date(2026, 3, 10)
    assert day(found["today"]) == date(2026, 3, 11)
    assert day(found["tomorrow"]) == date(2026, 3, 12)


def test_last_month_across_a_year_boundary_is_the_whole_of_december() -> None:
    published = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)
    found = dates_in("Grain exports from Port Selby fell sharply last month.", published)
    mention = found["last month"]
    assert (mention.granularity, mention.start, mention.end) == (
        "month",
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert mention.relative


def test_weeks_months_and_years_are_calendar_units() -> None:
    text = (
        "The tribunal sat last week and will sit again next week. Fares rose this year and "
        "earlier this month; the depot closed last year."
    )
    found = dates_in(text)
    week = found["last week"]
    assert (week.granularity, week.start, week.end) == ("week", date(2026, 3, 2), date(2026, 3, 8))
    assert (found["next week"].start, found["next week"].end) == (
        date(2026, 3, 16),
        date(2026, 3, 22),
    )
    assert (found["this year"].start, found["this year"].end) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    early = found["earlier this month"]
    assert (early.granularity, early.start, early.end) == (
        "month",
        date(2026, 3, 1),
        date(2026, 3, 11),
    )
    assert found["last year"].start == date(2025, 1, 1)


def test_periods_counted_back_from_publication() -> None:
    text = "Prices doubled over the past two years, and the plant shut three weeks ago."
    found = dates_in(text)
    past = found["the past two years"]
    assert (past.start, past.end) == (date(2024, 3, 11), date(2026, 3, 11))
    ago = found["three weeks ago"]
    assert ago.granularity == "week"
    assert ago.start is not None and ago.end is not None
    assert ago.start <= date(2026, 2, 18) <= ago.end


def test_the_coming_weeks_is_a_vague_period_kept_unresolved() -> None:
    found = dates_in("The regulator will publish its findings in the coming weeks.")
    vague = found["the coming weeks"]
    assert (vague.granularity, vague.start, vague.end, vague.relative) == (None, None, None, True)


# --- explicit dates -----------------------------------------------------------------------


def test_explicit_dates_with_a_year() -> None:
    text = (
        "The treaty was signed on 3 March 2026 in Oskar Bay, ratified on March 5, 2024, "
        "and first drafted in March 2025."
    )
    found = dates_in(text)
    assert day(found["3 March 2026"]) == date(2026, 3, 3)
    assert day(found["March 5, 2024"]) == date(2024, 3, 5)
    month = found["March 2025"]
    assert (month.granularity, month.start, month.end) == (
        "month",
        date(2025, 3, 1),
        date(2025, 3, 31),
    )
    assert not any(m.relative for m in found.values())


def test_years_ranges_and_decades() -> None:
    text = "The mill opened in 2013, closed in 2011-12 for repairs and boomed in the 1990s."
    found = dates_in(text)
    year = found["2013"]
    assert (year.granularity, year.start, year.end, year.relative) == (
        "year",
        date(2013, 1, 1),
        date(2013, 12, 31),
        False,
    )
    assert (found["2011-12"].start, found["2011-12"].end) == (date(2011, 1, 1), date(2012, 12, 31))
    assert (found["1990s"].start, found["1990s"].end) == (date(1990, 1, 1), date(1999, 12, 31))


def test_a_bare_year_named_as_a_date() -> None:
    found = dates_in("Talks collapsed in the spring, as they had in 2011.")
    assert found["2011"].start == date(2011, 1, 1)


def test_a_date_without_a_year_takes_the_year_that_puts_it_just_before_publication() -> None:
    text = "Flooding hit Marrow Cove on March 3 and again on December 20; a review ends March 15."
    found = dates_in(text)
    assert day(found["March 3"]) == date(2026, 3, 3)
    assert day(found["December 20"]) == date(2025, 12, 20)  # not nine months ahead
    assert day(found["March 15"]) == date(2026, 3, 15)  # a few days after is allowed
    assert found["March 3"].relative


def test_a_future_verb_takes_a_yearless_date_forward() -> None:
    found = dates_in("The next rate decision is due on May 7.")
    assert day(found["May 7"]) == date(2026, 5, 7)


def test_a_date_something_was_set_for_is_the_nearest_such_date() -> None:
    # "set the hearing for July 2" in March: the hearing to come, though "set" is past;
    # "was scheduled for February 20" the one just gone, though "scheduled" looks ahead
    found = dates_in(
        "The judge set the hearing for July 2 at 10 a.m. A first hearing was scheduled for "
        "February 20, but the lawyers asked for more time."
    )
    assert day(found["July 2"]) == date(2026, 7, 2)
    assert day(found["February 20"]) == date(2026, 2, 20)
    (sank,) = find_dates(parse("The ferry sank on July 2."), WEDNESDAY)
    assert day(sank) == date(2025, 7, 2)  # no schedule: the last July 2 before


# --- no publication date ------------------------------------------------------------------


def test_without_publication_date_relative_dates_are_kept_but_not_guessed() -> None:
    text = (
        "The strike began on Tuesday, after pay was frozen last month. The union was founded "
        "on March 3, 2026 and lost a ballot in 2013."
    )
    found = dates_in(text, None)
    for phrase in ("Tuesday", "last month"):
        mention = found[phrase]
        assert (mention.start, mention.end, mention.relative) == (None, None, True)
    assert found["Tuesday"].granularity == "day"
    assert day(found["March 3, 2026"]) == date(2026, 3, 3)
    assert found["2013"].start == date(2013, 1, 1) and not found["2013"].relative


# --- durations ------------------------------------------------------------------------------


def test_durations_are_not_calendar_dates() -> None:
    text = (
        "Dockers have been on strike for two years. The blockade lasted 48 hours, and "
        "talks stalled for several months."
    )
    found = dates_in(text)
    durations = [found["for two years"], found["48 hours"], found["for several months"]]
    for mention in durations:
        assert (mention.granularity, mention.start, mention.end) == (None, None, None)
        assert not mention.relative


def test_ages_and_frequencies_are_not_dates() -> None:
    found = dates_in("A 45-year-old guard, who checks the gate once a year, was hurt.")
    assert not any("45" in phrase or "year" in phrase for phrase in found)


# --- offsets, order and robustness --------------------------------------------------------


def test_offsets_point_at_the_expression_without_its_preposition() -> None:
    text = "Ministers met on Tuesday in Vell. In 2013 the port flooded."
    mentions = find_dates(parse(text), WEDNESDAY)
    assert [m.span.of(text) for m in mentions] == ["Tuesday", "2013"]
    assert mentions[0].span.start == text.index("Tuesday")


def test_mentions_are_sorted_and_never_overlap() -> None:
    text = (
        "On Tuesday, March 10, the council met; late last year it had met in early 2019 "
        "and over the past two weeks, two weeks ago, yesterday and last Monday night."
    )
    mentions = find_dates(parse(text), WEDNESDAY)
    assert len(mentions) >= 6
    for a, b in pairwise(mentions):
        assert a.span.end <= b.span.start
    assert mentions[0].span.of(text) == "Tuesday, March 10"
    assert day(mentions[0]) == date(2026, 3, 10)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "No dates here at all.", "Le 3 mars, à Zürich — 東京で会議 on Tuesday ✓."],
)
def test_odd_input_does_not_crash(text: str) -> None:
    mentions = find_dates(parse(text), WEDNESDAY)
    for m in mentions:
        assert 0 <= m.span.start < m.span.end <= len(text)


def test_non_ascii_text_keeps_character_offsets() -> None:
    text = "Die Bürgermeisterin — «Zoë Ångström» — spoke on Tuesday."
    found = dates_in(text)
    assert day(found["Tuesday"]) == date(2026, 3, 10)


def test_absurd_periods_are_kept_unresolved_instead_of_crashing() -> None:
    found = dates_in("Sediment built up over the past 90,000 years.")
    assert found["the past 90,000 years"].start is None


def test_a_long_text_runs() -> None:
    sentence = "Officials in Tamsk said on Tuesday that 300 homes flooded last month. "
    text = sentence * 1700  # about 20,000 words
    assert len(text.split()) >= 20_000
    mentions = find_dates(parse(text), WEDNESDAY)
    assert len(mentions) == 2 * 1700
    assert {m.span.of(text) for m in mentions} == {"Tuesday", "last month"}
