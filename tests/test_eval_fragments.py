"""What the comparison evaluation counts as a fragment: a clause a reader cannot read alone."""

from __future__ import annotations

import pytest

from parallax.eval.compare import is_fragment


@pytest.mark.parametrize(
    "text",
    [
        "and reduce the debt.”",
        "but the council said no.",
        "”, she said.",
        ", I invited you to come.",
        "Thank you.",
        "the harbour board voted on Monday.",
    ],
)
def test_clauses_cut_from_a_sentence_are_fragments(text: str) -> None:
    assert is_fragment(text)


@pytest.mark.parametrize(
    "text",
    [
        "The harbour board voted on Monday to delay the vote.",
        "But even some of the mayor's allies have criticised the plan.",
        "And the strike could spread to two more ports next week.",
        "(The board estimates the cost at around 8 million crowns.)",
        "“We will not sign this,” the union's leader said.",
        "2,000 dockworkers walked out on Tuesday.",
        "$1,071,872.87, to be exact, was the cost of the new harbour wall.",
    ],
)
def test_whole_sentences_are_not_fragments(text: str) -> None:
    assert not is_fragment(text)
