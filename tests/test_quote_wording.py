"""When two outlets' versions of one quote are a wording conflict, and when they are not.
All quotes are invented."""

from __future__ import annotations

import pytest

from parallax.comparison.quotes import _Item, _normalise, _reworded, _same_words, fold


def item(text: str) -> _Item:
    return _Item(None, None, None, text, _normalise(text))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a content word replaced, at the end of the shared part
        ("We will not rest ... We reject his plan.", "We will not rest. We reject his visit."),
        # a content word replaced in the middle
        ("The bridge gets closer to collapse", "The bridge gets closer to a shutdown"),
        # a name replaced by a title, or another name
        (
            "I disagree with Representative Varga's plan for the harbour",
            "I disagree with Representative Brandt's plan for the harbour",
        ),
        # words dropped from the middle without an ellipsis, or a "not"
        (
            "We regret the long delay deeply and we will help all families",
            "We regret the delay and we will help all families",
        ),
        (
            "We will not sign this deal with the harbour board",
            "We will sign this deal with the harbour board",
        ),
        (
            "We will never sign this deal with the harbour board",
            "We will sign this deal with the harbour board",
        ),
        # two words left out, one right after the first word both give
        (
            "We deeply regret the delay and we will pay the families fully for it",
            "We regret the delay and will pay the families for it",
        ),
    ],
)
def test_rewording_is_a_conflict(a: str, b: str) -> None:
    assert _same_words(item(a), item(b))
    assert _reworded(item(a), item(b)) and _reworded(item(b), item(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a missing "that", a contraction, a number word
        ("I'm proud to say that I'm a ferryman", "I am proud to say I'm a ferryman"),
        ("There's a two-in-three chance we win", "There is a 2 in 3 chance that we win"),
        # a cut at either end, and a cut the outlet marks with an ellipsis
        (
            "Our harbour is open and the boats are running again today",
            "the boats are running again",
        ),
        (
            "We met the mayor today. It went well, and we will meet again soon.",
            "We met the mayor today ... we will meet again soon.",
        ),
        # punctuation and a censored word
        ("It is a d***ed shame; we will fight it", "It is a damned shame, we will fight it"),
        # "in to" written as one word
        ("You paid in to the harbour fund for years", "You paid into the harbour fund for years"),
        # one word left out mid-quote, and an editor's "(sic)" (ECB+: a tweet quoted twice)
        (
            "You're about to have your own one (sic) unfortunately in the harbour",
            "You're about to have your own unfortunately in the harbour",
        ),
        # words the outlet inserts in brackets
        (
            "Now these (local) captains have too much say over the harbour",
            "Now these captains have too much say over the harbour",
        ),
        ("We said [the council] would pay for it", "We said the council would pay for it"),
        # an abbreviation with and without its points
        (
            "He served as a decorated F.B.I. special agent for years",
            "He served as a decorated FBI Special Agent for years",
        ),
        # a compound written as one word or two
        (
            "We need a work force that is ready for the harbour of tomorrow",
            "We need a workforce that is ready for the harbour of tomorrow",
        ),
        # a contraction a converter split apart
        (
            "You know what they say: the third time's the charm, and we don't stop",
            "You know what they say: the third time ’ s the charm, and we do n't stop",
        ),
        # an auxiliary heard in another tense
        (
            "The mayor should work with the captains, who have raised their concerns",
            "The mayor should work with the captains, who had raised their concerns",
        ),
        # a title added to a name
        (
            "With all due respect, I completely disagree with Councillor Brandt's position",
            "With all due respect, I completely disagree with Brandt's position",
        ),
        (
            "I disagree with Representative Varga's plan for the harbour",
            "I disagree with Varga's plan for the harbour",
        ),
    ],
)
def test_cuts_and_trivia_are_no_conflict(a: str, b: str) -> None:
    assert _same_words(item(a), item(b))
    assert not _reworded(item(a), item(b)) and not _reworded(item(b), item(a))


def test_two_statements_sharing_a_phrase_are_no_rewording() -> None:
    a = item("that the council is waging a war on cyclists")
    b = item("As mayor I will end the war on cyclists and build new lanes everywhere")
    assert not _reworded(a, b)


def test_two_statements_sharing_only_small_words_are_not_one_quote() -> None:
    # nine words line up ("I am", "for", "of the Velmoran Republic", "of Velmora"), but of
    # the words that carry meaning only three: two statements of one speaker, not one
    # quote told two ways
    a = item("I am now ready to fight for the people of the Velmoran Republic of Velmora")
    b = item(
        "I am not running for governor of the Velmoran Republic as a way of being elected "
        "harbour king of Velmora"
    )
    assert not _same_words(a, b) and not _same_words(b, a)
    # nor do two short quotes that share only "he is a"
    assert not _same_words(item("He is a faker."), item("Tomas is Tomas. He's a good guy."))


def test_names_compare_without_accents() -> None:
    assert fold("Renée Calderón") == fold("Renee Calderon")


def test_a_partial_quote_is_compared_by_its_quoted_words() -> None:
    # one outlet quotes the mayor in full, the other puts a few of her words in its own
    # sentence: the same quote, side by side, not two quotes each "only" in one outlet
    from datetime import UTC, datetime

    import parallax
    from parallax.models import Article

    when = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    lead = "Floodwater closed the northern bridge of Velmora on Monday.\n\n"
    full = Article.create(
        lead + "“We will reopen the northern bridge before the winter storms arrive, and "
        "we will pay every shop that lost trade,” Mayor Ilse Varga said on Tuesday.",
        outlet="Harbour Ledger",
        published=when,
    )
    cut = Article.create(
        lead + "Mayor Ilse Varga said on Tuesday that if the council agreed to pay for the "
        "repairs, the city would “reopen the northern bridge.”",
        outlet="Daily Clarion",
        published=when,
    )
    groups = [g for s in parallax.compare([full, cut]).quotes for g in s.groups]
    assert any(set(g.outlets) == {"Harbour Ledger", "Daily Clarion"} for g in groups), groups
