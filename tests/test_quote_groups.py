"""Quotes side by side across outlets, and when two speakers for one quote is a conflict.
Invented articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import parallax
from parallax.comparison.quotes import one_name
from parallax.comparison.records import Comparison
from parallax.models import Article
from tests.conftest import conflict_values

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
LEAD = "Storm waves broke the harbour wall of Velmora on Monday night.\n\n"
WHOLE = (
    "“The harbour wall will be rebuilt before the spring tides, and the city will pay for "
    "every stone of it,”"
)


def _article(outlet: str, body: str, hours: int = 0) -> Article:
    return Article.create(LEAD + body, outlet=outlet, published=T0 + timedelta(hours=hours))


def _rows(c: Comparison) -> list[tuple[str, ...]]:
    return [g.outlets for s in c.quotes for g in s.groups]


def test_a_quote_goes_with_the_quote_it_shares_most_words_with() -> None:
    # the Ledger gives the mayor's words once, whole; the Clarion first cites four of them,
    # then gives them whole: the whole quotes are one row, and the excerpt is shown beside
    # the Ledger's words too, so neither is "only" the Clarion's
    ledger = _article("Harbour Ledger", f"{WHOLE} said Ilse Varga, the mayor.")
    clarion = _article(
        "Daily Clarion",
        "Mayor Ilse Varga promised a new wall “before the spring tides” at a meeting on "
        f"Tuesday.\n\n{WHOLE} she told the council.",
        hours=2,
    )
    c = parallax.compare([ledger, clarion])
    groups = [g for s in c.quotes for g in s.groups]
    whole = [
        g for g in groups if any(c.text_of(u.evidence).startswith("The harbour") for u in g.uses)
    ]
    assert whole and all(set(g.outlets) == {"Harbour Ledger", "Daily Clarion"} for g in whole)
    assert all(set(outlets) == {"Harbour Ledger", "Daily Clarion"} for outlets in _rows(c))


def _attributions(c: Comparison) -> list[list[str]]:
    return conflict_values(c, "attribution")


def test_a_long_quote_given_to_two_speakers_is_a_conflict() -> None:
    a = _article("Harbour Ledger", f"{WHOLE} said Ilse Varga, the mayor.")
    b = _article("Daily Clarion", f"{WHOLE} said Tomas Brandt, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == [["Ilse Varga", "Tomas Brandt"]]


def test_a_name_one_outlet_misspells_is_no_second_speaker() -> None:
    # one letter apart in the surname: a typo of one outlet, the same harbour master
    a = _article("Harbour Ledger", f"{WHOLE} said Tomas Brandtner, the harbour master.")
    b = _article("Daily Clarion", f"{WHOLE} said Tomas Brantner, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == []
    assert one_name("Andrew Wetzler", "Andrew Welzler")
    assert one_name("José Calderón", "Jose Calderon")
    # short words a letter apart, or another first name, are other people
    assert not one_name("Anna Berg", "Anne Berg")
    assert not one_name("Ilse Varga", "Olga Varga")
    assert not one_name("Tomas Brandtner", "Brandtner")


def test_a_short_line_or_a_partial_quote_given_to_two_speakers_is_not() -> None:
    short = "“We will not be beaten,”"
    a = _article("Harbour Ledger", f"{short} said Ilse Varga, the mayor.")
    b = _article("Daily Clarion", f"{short} said Tomas Brandt, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == []
    partial = (
        "Harbour master Tomas Brandt said that the harbour wall “will be rebuilt before the "
        "spring tides, and the city will pay for every stone of it.”"
    )
    c = _article("Coastline Today", partial)
    found = _attributions(
        parallax.compare([_article("Harbour Ledger", f"{WHOLE} said Ilse Varga, the mayor."), c])
    )
    assert found == []


def test_a_quote_that_names_no_speaker_of_its_own_is_no_attribution_conflict() -> None:
    # the Ledger's page lost the line naming the harbour master: his words stand alone after
    # the mayor's quote, and the speaker carried over to them is a guess, not a claim
    lone = WHOLE.replace("it,”", "it.”")
    a = _article(
        "Harbour Ledger",
        "Ilse Varga, the mayor, said the work would start in May.\n\n" + lone,
    )
    b = _article("Daily Clarion", f"{WHOLE} said Tomas Brandt, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == []
    named = _article("Harbour Ledger", f"{WHOLE} said Ilse Varga, the mayor.")
    assert _attributions(parallax.compare([named, b])) == [["Ilse Varga", "Tomas Brandt"]]


def test_a_speaker_read_from_a_pronoun_is_no_attribution_conflict() -> None:
    # "he said": who "he" is comes from sentences before, which a page may have lost
    a = _article(
        "Harbour Ledger",
        f"Piet Olsen, the port director, toured the quay on Monday.\n\n{WHOLE} he said.",
    )
    b = _article("Daily Clarion", f"{WHOLE} said Tomas Brandt, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == []


def test_words_an_outlet_sets_by_the_other_speaker_are_no_attribution_conflict() -> None:
    # the Ledger's paragraph gives the mayor's question and then "his answer": the words are
    # read as the mayor's, but the Ledger names the harbour master right by them
    answer = WHOLE.replace("it,”", "it.”")
    a = _article(
        "Harbour Ledger",
        f"Mayor Ilse Varga asked Tomas Brandt, “Will the wall hold?” His answer: {answer}",
    )
    b = _article("Daily Clarion", f"{WHOLE} said Tomas Brandt, the harbour master.")
    assert _attributions(parallax.compare([a, b])) == []


def _wordings(c: Comparison) -> int:
    return sum(k.kind == "quote_wording" for k in c.conflicts)


def test_words_an_outlet_got_itself_are_no_rewording_of_anothers() -> None:
    said = "“Our position on the harbour wall has not changed at all this year,”"
    other = "“Our position on the harbour wall has not changed this winter,”"
    a = _article("Harbour Ledger", f"{said} Ilse Varga, the mayor, said in a statement.")
    emailed = f"{other} Ilse Varga, the mayor, said in an email to the Clarion."
    b = _article("Daily Clarion", emailed)
    assert _wordings(parallax.compare([a, b])) == 0
    c = _article("Daily Clarion", f"{other} Ilse Varga, the mayor, said at a news conference.")
    assert _wordings(parallax.compare([a, c])) == 1


def test_a_short_phrase_two_named_people_use_is_two_quotes() -> None:
    # the senator's words about the governor's promise, and the governor's promise
    ledger = _article(
        "Harbour Ledger",
        "Senator Tomas Brandt said many councillors doubted the mayor's promise of "
        "“a full inquiry” into the collapse.",
    )
    clarion = _article(
        "Daily Clarion", "Mayor Ilse Varga said she would order “a full inquiry” this week."
    )
    c = parallax.compare([ledger, clarion])
    rows = {s.speaker: [g.outlets for g in s.groups] for s in c.quotes}
    assert rows == {"Tomas Brandt": [("Harbour Ledger",)], "Ilse Varga": [("Daily Clarion",)]}


def test_a_quote_read_past_its_end_is_held_to_no_other_wording() -> None:
    # a closing mark set apart by a space (' " said') is read as an opening one, and the
    # "quote" runs on through the outlet's own sentences, which differ between the outlets
    lost = (
        '"There is a suspicion that a third harbour official was sought, " said Lt. Tomas '
        "Brandt. The man was not in the {} at the time. Police said the gun held nine pellets."
        "\n\nThe harbour reopened later."
    )
    a = _article("Harbour Ledger", lost.format("office suite"))
    b = _article("Daily Clarion", lost.format("office"))
    assert conflict_values(parallax.compare([a, b]), "quote_wording") == []


def test_a_pronoun_with_no_one_before_it_is_no_speaker() -> None:
    # a cut text that lost the name: "she said" names no one, so her words are shown
    # without a speaker (beside the mayor's when the other outlet names her), never under "she"
    a = _article("Harbour Ledger", f"{WHOLE} said Ilse Varga, the mayor.")
    b = Article.create(
        f"{WHOLE} she said.\n\n“We are onto something,” she said. “The tides are late.”",
        outlet="Daily Clarion",
        published=T0,
    )
    c = parallax.compare([a, b])
    speakers = [s.speaker for s in c.quotes]
    assert "she" not in speakers and "Ilse Varga" in speakers, speakers
    assert not _attributions(c)
