"""Alignment rules on invented units: what makes two sentences the same fact."""

from __future__ import annotations

import numpy as np

from parallax.comparison.align import Unit, adds_detail, align, content_words


def _unit(
    index: int,
    text: str,
    *,
    entities: tuple[str, ...] = (),
    numbers: tuple[float, ...] = (),
    dates: tuple[str, ...] = (),
    attribution: tuple[str, ...] = (),
) -> Unit:
    return Unit(
        index,
        0,
        len(text),
        0,
        frozenset(entities),
        frozenset(numbers),
        frozenset(dates),
        content_words(text),
        attribution=frozenset(attribution),
    )


def test_a_sentence_with_specifics_the_other_lacks_adds_detail() -> None:
    polled = _unit(
        0,
        "Most of the 14 councillors polled by the Harbour Post last month expected a delay.",
        entities=("Harbour Post",),
        numbers=(14.0,),
        dates=("2026-02",),
    )
    vague = _unit(1, "The approval came sooner than most councillors expected.")
    assert adds_detail(polled, vague) and adds_detail(vague, polled)


def test_a_dated_letter_adds_detail_to_a_repeated_call() -> None:
    letter = _unit(
        0,
        "On May 4, Orlan wrote to the Harbour Board asking it to delay the vote.",
        entities=("Pia Orlan", "Harbour Board"),
        dates=("2026-05-04",),
    )
    calls = _unit(1, "has repeatedly asked the board to delay the vote.")
    assert adds_detail(letter, calls)


def test_one_extra_specific_is_only_a_richer_telling() -> None:
    rose = _unit(0, "The crown rose 0.8 percent against the dollar.", numbers=(0.8,))
    strengthened = _unit(1, "The crown strengthened against the dollar.")
    assert not adds_detail(rose, strengthened)


def test_specifics_on_both_sides_are_not_one_side_adding_detail() -> None:
    years = _unit(0, "The bank raised rates for the first time in two years.", numbers=(2.0,))
    since = _unit(1, "It is the bank's first increase since 2023.", dates=("2023",))
    assert not adds_detail(years, since)


def test_who_said_it_is_not_a_detail_of_what_was_said() -> None:
    said = _unit(
        0,
        "Orlan said Velmoran ferries would resume in the coming weeks.",
        entities=("Pia Orlan", "Velmora"),
        attribution=("Pia Orlan",),
    )
    plain = _unit(1, "and has decided to resume the ferries.")
    assert not adds_detail(said, plain)


SENTENCE = 80  # characters of an invented sentence: long enough to join a three-way fact


def _groups(articles: list[int], sims: np.ndarray, length: int = SENTENCE) -> list[list[int]]:
    """Align sentences of the given articles whose cosines are ``sims`` (no shared words or
    names, so a pair's score is its cosine alone)."""
    vectors = np.linalg.cholesky(sims)  # rows whose dot products are ``sims``
    units = [
        Unit(a, 0, length, k, frozenset(), frozenset(), frozenset(), frozenset())
        for k, a in enumerate(articles)
    ]
    return sorted(sorted(g) for g in align(units, vectors.astype(np.float32)).groups)


def _aligned(close: tuple[float, ...]) -> list[list[int]]:
    """One sentence of article 0 against sentences of article 1 with these cosines."""
    n = len(close) + 1
    sims = np.full((n, n), 0.2)
    np.fill_diagonal(sims, 1.0)
    sims[0, 1:] = sims[1:, 0] = close
    return _groups([0] + [1] * len(close), sims)


def test_a_mutual_best_pair_below_match_is_one_fact() -> None:
    assert [0, 1] in _aligned((0.64, 0.45, 0.40))


def test_a_sentence_as_close_to_several_others_matches_none_of_them() -> None:
    # the best is barely better than the next: related to all three, the same as none
    groups = _aligned((0.64, 0.635, 0.62))
    assert all(len(g) == 1 for g in groups)


def test_a_sure_match_needs_no_margin() -> None:
    assert [0, 1] in _aligned((0.75, 0.74, 0.40))


def test_a_third_outlet_joins_a_fact_only_when_it_matches_both_sentences() -> None:
    # B matches A and C surely, A and C are only related (0.6, and each has a closer
    # sentence elsewhere): A, B and C are not one fact
    sims = np.array(
        [
            [1.0, 0.80, 0.60, 0.2, 0.2],
            [0.80, 1.0, 0.78, 0.2, 0.2],
            [0.60, 0.78, 1.0, 0.2, 0.65],
            [0.2, 0.2, 0.2, 1.0, 0.2],
            [0.2, 0.2, 0.65, 0.2, 1.0],
        ]
    )
    groups = _groups([0, 1, 2, 0, 0], sims)
    assert [0, 1] in groups
    assert not any({0, 2} <= set(g) for g in groups)
    # when A and C match too, the three are one fact
    sims[0, 2] = sims[2, 0] = 0.76
    assert [0, 1, 2] in _groups([0, 1, 2, 0, 0], sims)


def test_a_sentence_can_carry_two_facts() -> None:
    # A (article 0) states what B says and, in another clause, what C says; B and C are
    # unrelated: A and B are one fact, A and C another, B and C none
    sims = np.array([[1.0, 0.85, 0.82], [0.85, 1.0, 0.45], [0.82, 0.45, 1.0]])
    groups = _groups([0, 1, 2], sims)
    assert [0, 1] in groups and [0, 2] in groups
    assert not any({1, 2} <= set(g) for g in groups)


def test_a_related_sentence_is_not_a_second_fact() -> None:
    sims = np.array([[1.0, 0.85, 0.62], [0.85, 1.0, 0.45], [0.62, 0.45, 1.0]])
    assert _groups([0, 1, 2], sims) == [[0, 1], [2]]


def test_a_sentence_in_a_second_fact_is_not_also_a_fact_of_its_own() -> None:
    # B (article 1) and C (article 2) are one fact; A (article 0) matches B surely but not C,
    # so it is left alone by the grouping and then paired with B: A must not stay a
    # one-outlet fact beside that pair (it would be claimed unique while B carries it)
    sims = np.array([[1.0, 0.85, 0.82], [0.85, 1.0, 0.45], [0.82, 0.45, 1.0]])
    groups = _groups([1, 2, 0], sims)
    assert [0, 1] in groups and [0, 2] in groups
    assert [2] not in groups


def _pair(cos: float, overlap: float | None) -> list[list[int]]:
    sims = np.array([[1.0, cos], [cos, 1.0]])
    vectors = np.linalg.cholesky(sims).astype(np.float32)
    units = [Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset()) for a in (0, 1)]
    words = None if overlap is None else np.array([[0.0, overlap], [overlap, 0.0]])
    return sorted(sorted(g) for g in align(units, vectors, overlap=words).groups)


def test_word_overlap_joins_a_pair_the_sentence_cosine_leaves_apart() -> None:
    assert _pair(0.5, None) == [[0], [1]]  # related, not the same fact by the cosine
    assert _pair(0.5, 0.6) == [[0, 1]]  # most words of each found in the other


def test_little_word_overlap_parts_a_pair_the_cosine_alone_would_match() -> None:
    assert _pair(0.72, None) == [[0, 1]]
    assert _pair(0.72, 0.05) == [[0], [1]]  # close in meaning, but they share few words


def test_word_overlap_leaves_the_match_score_of_near_and_absent_sentences() -> None:
    units = [Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset()) for a in (0, 1)]
    vectors = np.linalg.cholesky(np.array([[1.0, 0.5], [0.5, 1.0]])).astype(np.float32)
    plain = align(units, vectors)
    with_words = align(units, vectors, overlap=np.array([[0.0, 0.9], [0.9, 0.0]]))
    assert np.allclose(plain.matrix, with_words.matrix)
    assert with_words.scores == plain.scores


def test_a_sentence_restating_its_own_article_is_not_a_second_fact() -> None:
    # A (article 0) quotes Perry in full; B2 (article 1) gives the same quote, B1 (article 1)
    # sums it up first. A and B2 are the fact; pairing A with B1 too would list it twice.
    sims = np.array([[1.0, 0.8, 0.9], [0.8, 1.0, 0.8], [0.9, 0.8, 1.0]])
    groups = _groups([0, 1, 1], sims)
    assert [0, 2] in groups and [0, 1] not in groups
    # B1 telling another part of A (not close to B2) is a second fact of A
    sims[1, 2] = sims[2, 1] = 0.55
    groups = _groups([0, 1, 1], sims)
    assert [0, 2] in groups and [0, 1] in groups


def test_a_sure_match_held_word_for_word_in_a_taken_sentence_is_a_second_fact() -> None:
    # A (article 0) already carries a fact with B (article 1); C (article 1) matches A surely
    # (0.72, below CONTAINED) but not B. C's words are all in A: A carries C's fact too.
    sims = np.array([[1.0, 0.9, 0.72], [0.9, 1.0, 0.5], [0.72, 0.5, 1.0]])
    vectors = np.linalg.cholesky(sims).astype(np.float32)
    units = [
        Unit(a, 0, 1, k, frozenset(), frozenset(), frozenset(), frozenset())
        for k, a in enumerate([0, 1, 1])
    ]
    overlap = np.full((3, 3), 0.44)  # the grouping score stays the cosine: (cos + 0.44 + 0.26) / 2
    np.fill_diagonal(overlap, 0.0)
    held = np.zeros((3, 3))
    assert [0, 2] not in _sorted(align(units, vectors, overlap=overlap, cover=held).groups)
    held[2, 0] = 0.9  # C said, word for word, inside A
    assert [0, 2] in _sorted(align(units, vectors, overlap=overlap, cover=held).groups)


def _sorted(groups: list[list[int]]) -> list[list[int]]:
    return sorted(sorted(g) for g in groups)


def test_three_outlets_telling_one_fact_are_one_fact() -> None:
    # A (article 0) matches B (article 1) and C (article 2) surely; B and C come close
    # (0.64) but C has a closer sentence D in article 1, so B and C are no candidate pair:
    # the grouping gives A+B, then C joins A as a second fact, and the two are one fact.
    # (With B and C far apart, A carries two facts: test_a_sentence_can_carry_two_facts.)
    sims = np.array(
        [
            [1.0, 0.85, 0.8, 0.3],
            [0.85, 1.0, 0.64, 0.4],
            [0.8, 0.64, 1.0, 0.66],
            [0.3, 0.4, 0.66, 1.0],
        ]
    )
    assert [0, 1, 2] in _groups([0, 1, 2, 1], sims)
    # short lines ("We don't like him." / "We don't want him.") join no three-way fact
    assert [0, 1, 2] not in _groups([0, 1, 2, 1], sims, length=20)


def test_a_fact_inside_a_larger_fact_is_not_listed_again() -> None:
    from parallax.comparison.align import _three_way

    units = [
        Unit(a, 0, SENTENCE, a, frozenset(), frozenset(), frozenset(), frozenset())
        for a in range(3)
    ]
    close = np.full((3, 3), 0.8)
    assert _three_way([[0, 1], [0, 2], [1, 2]], units, close) == [[0, 1, 2]]
    apart = close.copy()
    apart[1, 2] = apart[2, 1] = 0.3  # B and C tell different things: nothing merges
    assert _three_way([[0, 1], [0, 2]], units, apart) == [[0, 1], [0, 2]]


def test_words_taken_over_verbatim_join_sentences_the_scores_leave_apart() -> None:
    units = [Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset()) for a in (0, 1)]
    vectors = np.linalg.cholesky(np.array([[1.0, 0.4], [0.4, 1.0]])).astype(np.float32)
    runs = np.array([[False, True], [True, False]])
    assert sorted(sorted(g) for g in align(units, vectors).groups) == [[0], [1]]
    assert align(units, vectors, runs=runs).groups == [[0, 1]]


def test_two_people_saying_alike_are_two_facts() -> None:
    vectors = np.linalg.cholesky(np.array([[1.0, 0.8], [0.8, 1.0]])).astype(np.float32)

    def units(first: str | None, second: str | None) -> list[Unit]:
        return [
            Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset(), speaker=who)
            for a, who in ((0, first), (1, second))
        ]

    assert align(units("ilse varga", "tomas brandt"), vectors).groups == [[0], [1]]
    assert align(units("ilse varga", "ilse varga"), vectors).groups == [[0, 1]]
    assert align(units("ilse varga", None), vectors).groups == [[0, 1]]  # an outlet's words


NOT_QUOTED = np.zeros((3, 3), dtype=bool)  # no two sentences quote one person alike


def test_a_fact_is_claimed_shared_only_when_each_sentence_surely_matches_another() -> None:
    from parallax.comparison.align import MATCH
    from parallax.comparison.build import SURE, _claims, _sure

    units = [
        Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset()) for a in (0, 1, 2)
    ]
    matrix = np.full((3, 3), 0.2)
    matrix[0, 1] = matrix[1, 0] = SURE + 0.01
    assert _sure(units, [0, 1], matrix, NOT_QUOTED)
    # paired (at MATCH, or as each other's best) but not surely the same fact: perhaps one
    matrix[0, 1] = matrix[1, 0] = (MATCH + SURE) / 2
    assert MATCH <= matrix[0, 1] < SURE and not _sure(units, [0, 1], matrix, NOT_QUOTED)
    # a third outlet's sentence that matches neither surely makes the whole fact unsure
    matrix[0, 1] = matrix[1, 0] = SURE + 0.1
    matrix[0, 2] = matrix[2, 0] = matrix[1, 2] = matrix[2, 1] = SURE - 0.1
    assert not _sure(units, [0, 1, 2], matrix, NOT_QUOTED)
    # nor is it claimed for all three when the third surely matches only one of them: it
    # is claimed for the two that surely match each other, the third perhaps tells it too,
    # and stands as its own outlet's fact
    matrix[1, 2] = matrix[2, 1] = SURE
    assert not _sure(units, [0, 1, 2], matrix, NOT_QUOTED)
    assert _claims(units, [[0, 1, 2]], matrix, NOT_QUOTED) == [([0, 1], [2]), ([2], [])]
    matrix[0, 2] = matrix[2, 0] = SURE
    assert _sure(units, [0, 1, 2], matrix, NOT_QUOTED)
    assert _claims(units, [[0, 1, 2]], matrix, NOT_QUOTED) == [([0, 1, 2], [])]
    assert _sure(units, [2], matrix, NOT_QUOTED)  # one outlet's fact: nothing to be unsure of


def test_two_groups_claimed_for_the_same_sentences_are_one_fact() -> None:
    # A and B surely tell one fact; two sentences of a third outlet each came close to
    # them in a group of its own: one fact of A and B, perhaps told by either sentence
    # (BASIL: a veto and the pressure to veto listed twice, once per third-outlet sentence)
    from parallax.comparison.build import SURE, _claims

    units = [
        Unit(a, 0, 1, k, frozenset(), frozenset(), frozenset(), frozenset())
        for k, a in enumerate((0, 1, 2, 2))
    ]
    matrix = np.full((4, 4), 0.6)
    matrix[0, 1] = matrix[1, 0] = SURE + 0.05
    not_quoted = np.zeros((4, 4), dtype=bool)
    groups = [[0, 1, 2], [0, 1, 3]]
    assert _claims(units, groups, matrix, not_quoted) == [([0, 1], [2, 3]), ([2], []), ([3], [])]


def test_the_same_persons_words_in_two_outlets_are_sure_from_a_lower_score() -> None:
    from parallax.comparison.build import SURE, SURE_VOICED, _sure

    def units(first: str | None, second: str | None) -> list[Unit]:
        return [
            Unit(a, 0, 1, a, frozenset(), frozenset(), frozenset(), frozenset(), speaker=who)
            for a, who in ((0, first), (1, second))
        ]

    matrix = np.full((2, 2), (SURE_VOICED + SURE) / 2)
    assert SURE_VOICED <= matrix[0, 1] < SURE
    assert _sure(units("ilse varga", "ilse varga"), [0, 1], matrix, NOT_QUOTED[:2, :2])
    assert not _sure(units("ilse varga", None), [0, 1], matrix, NOT_QUOTED[:2, :2])
    assert not _sure(units(None, None), [0, 1], matrix, NOT_QUOTED[:2, :2])
    matrix[:] = SURE_VOICED - 0.01
    assert not _sure(units("ilse varga", "ilse varga"), [0, 1], matrix, NOT_QUOTED[:2, :2])
    # whatever the score, the same words of one person are one fact
    assert _sure(units(None, None), [0, 1], matrix, np.array([[False, True], [True, False]]))


def test_one_sentence_carries_at_most_two_facts_the_surest_first() -> None:
    # a lead close to three sentences of another article is no statement of three facts
    from parallax.comparison.align import MOST_FACTS

    cos = np.array(
        [[1, 0.82, 0.8, 0.78], [0.82, 1, 0.6, 0.6], [0.8, 0.6, 1, 0.6], [0.78, 0.6, 0.6, 1]]
    )
    vectors = np.linalg.cholesky(cos).astype(np.float32)
    units = [Unit(0, 0, 50, 0, frozenset(), frozenset(), frozenset(), frozenset())] + [
        Unit(1, 60 * k, 60 * k + 50, k, frozenset(), frozenset(), frozenset(), frozenset())
        for k in range(3)
    ]
    groups = align(units, vectors).groups
    assert MOST_FACTS == 2
    assert sorted(g for g in groups if 0 in g) == [[0, 1], [0, 2]]  # the two closest
    assert [3] in groups


def test_two_outlets_giving_one_persons_same_words_share_that_fact_surely() -> None:
    # "“I will not resign,” said Mr. X, who ..." and "“I will not resign,” he said after
    # ...": the sentences say different things around the quote, and share the statement
    from datetime import UTC, datetime

    import parallax
    from parallax.models import Article

    when = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    lead = "Velmora's harbour master faced calls to step down on Monday.\n\n"
    ledger = (
        f"{lead}“I will not resign,” said Harbour Master Piet Olsen, who tried to put to rest "
        "swirling questions about the collapse of the north pier and about his own health."
    )
    clarion = (
        f"{lead}Olsen met Councillor Ilse Varga at the town hall.\n\n“I will not resign,” he "
        "said after that reconciliation meeting, according to the Velmora Courier."
    )
    comparison = parallax.compare(
        [
            Article.create(ledger, outlet="Harbour Ledger", published=when),
            Article.create(clarion, outlet="Daily Clarion", published=when),
        ]
    )
    quoted = [
        f
        for f in comparison.facts
        if all("I will not resign" in comparison.text_of(e) for e in f.evidence)
    ]
    assert [(f.outlets, f.sure) for f in quoted] == [(("Daily Clarion", "Harbour Ledger"), True)]


def test_sentences_about_different_actors_are_no_sure_pair() -> None:
    # "the Nationals offered Brandt" and "the Red Sox made Brandt an offer": each names an
    # organisation the other does not, so however close, they are perhaps one fact
    from types import SimpleNamespace

    from parallax.comparison.build import SURE, _apart

    kinds = {
        "Harbour Nationals": "org",
        "Velmora Red Sox": "org",
        "Tomas Brandt": "person",
        "Brandt": "person",
        "Velmora Courier": "org",
    }
    texts = [
        "The Harbour Nationals offered Tomas Brandt an eight-year contract.",
        "VELMORA, May 2 (Velmora Courier) - The Velmora Red Sox made Tomas Brandt an offer.",
    ]
    ctx = SimpleNamespace(
        entities=[SimpleNamespace(name=n, kind=k) for n, k in kinds.items()],
        readings=[
            SimpleNamespace(article=SimpleNamespace(text=t), analysis=SimpleNamespace(dates=[]))
            for t in texts
        ],
    )

    def unit(index: int, *names: str, said: tuple[str, ...] = ()) -> Unit:
        return Unit(
            index,
            0,
            len(texts[index]),
            0,
            frozenset(names) | frozenset(said),
            frozenset(),
            frozenset(),
            frozenset(),
            attribution=frozenset(said),
        )

    matrix = np.full((2, 2), SURE + 0.05)
    units = [
        unit(0, "Harbour Nationals", "Tomas Brandt"),
        unit(1, "Velmora Red Sox", "Tomas Brandt"),
    ]
    assert _apart(ctx, units, matrix)[0, 1] < SURE  # type: ignore[arg-type]
    # one side naming more is no other actor; nor is a name only in "X said", nor a surname,
    # nor the reporter named only in the dateline ("(Velmora Courier) -")
    for other in (
        unit(1, "Tomas Brandt"),
        unit(1, "Tomas Brandt", said=("Velmora Red Sox",)),
        unit(1, "Brandt", "Harbour Nationals"),
        unit(1, "Tomas Brandt", "Velmora Courier"),
    ):
        assert _apart(ctx, [units[0], other], matrix)[0, 1] == SURE + 0.05  # type: ignore[arg-type]


def test_facts_differing_in_one_outlets_next_sentence_are_one_fact() -> None:
    # BASIL: the two outlets' sentences listed twice, beside each of the third outlet's two
    # sentences that tell the fact between them; a sentence no sure match vouches for
    # joins a sure fact only as perhaps telling it too, and still stands as a fact of its own
    from parallax.comparison.align import Alignment
    from parallax.comparison.build import _run_on

    units = [
        Unit(a, 10 * k, 10 * k + 9, order, frozenset(), frozenset(), frozenset(), frozenset())
        for k, (a, order) in enumerate(((0, 0), (1, 0), (2, 0), (2, 1), (2, 5)))
    ]
    scores = np.full((5, 5), 0.8)
    alignment = Alignment([], [], scores, {}, scores, scores)
    claims = [([0, 1, 2], []), ([0, 1, 3], [])]
    assert _run_on(units, claims, alignment, lambda m: True) == [([0, 1, 2], [], {2: 3})]
    sure_first = _run_on(units, claims, alignment, lambda m: 2 in m)
    assert sure_first == [([0, 1, 2], [3], {}), ([3], [], {})]
    # two sentences apart, or two outlets' sentences differing: two facts, as found
    apart = [([0, 1, 2], []), ([0, 1, 4], [])]
    assert _run_on(units, apart, alignment, lambda m: True) == [(m, x, {}) for m, x in apart]
    assert len(_run_on(units, [([0, 2], []), ([1, 3], [])], alignment, lambda m: True)) == 2
