"""Number conflicts: two outlets giving different values for the same quantity.

Numbers are compared quantity by quantity, not sentence by sentence: "About 1,200
dockworkers walked off the job on Tuesday" and "A staggering 1,800 dockers downed tools on
Tuesday morning, crippling the port" are different sentences but the same count. Two
amounts are the same quantity when

* they have the same unit (a plain count, percent, a currency, a length...);
* they count the same thing: the same head noun ("workers"), or counted phrases whose
  embeddings are close ("dockworkers" / "dockers", "container ships" / "cargo ships");
* their surroundings say the same thing: the words around each number (the number left
  out) are close in meaning, or their sentences were aligned into one fact;
* they belong to the same one: the person or organisation named just before each number,
  when both name one, is the same ("Gingrich garnered 11 percent" is not Huckabee's share),
  a person named in full before one is named in the other's sentence too ("Jeb Bush
  released 33 years of returns" is not Clinton's eight), and the group the figures are
  taken in is the same ("among Tea Party supporters");
* they count the same members: two counts that each name who they count ("two Republican
  senators, Jeff Flake and John McCain" and "three Republican state senators — Adam Driggs,
  Steve Pierce and Bob Worsley") and name no one in common count two groups;
* they are the same kind of figure: an average ("averaged 100 RBIs") is not one season's,
  a change ("lost nearly 60 seats") is not a level ("hold 194 seats"), what is needed or
  could be ("needing to gain 35 seats") is not what is, and a rank ("the No. 2 position") is
  compared only when both name whose rank it is.

A count of "people" needs surroundings as close as a figure that counts nothing. No article
gives both values for the same kind of thing (an effective federal tax rate of 35.7 percent
and a combined one of 45.8 percent in one article are two quantities). A bound holds the
values within it ("as much as 79 percent" and "56 percent", "more than 1,000" and "1,200"
do not disagree). A difference is complementary detail, not a conflict,
when either outlet also gives the other value for the same thing (a new rate and the old
one, "up from 3.75 percent"), and no difference at all when one value is the other rounded
to hundreds or coarser and a few percent off ("$700 billion" for "$716 billion"). One side
of a tally ("a 396-9 vote") counts nothing on its own.

A difference is claimed as a conflict only between two sentences that surely tell one fact;
any other is returned apart, to be shown as "perhaps different figures" (read beside the
articles, figures of sentences not surely one fact were two events' as often as not). Years
are compared only within one sure fact, and only perhaps (:func:`year_differences`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import combinations

import numpy as np

from parallax.analysis.records import Quantity
from parallax.comparison.align import Unit
from parallax.comparison.context import Context, Reading, dateline_end
from parallax.comparison.records import Conflict, ConflictSide
from parallax.embed import Vectors
from parallax.models import Span

COUNTED_SAME = 0.72  # cosine of two counted nouns that name the same thing (dockers)
RATIO = 5.0  # two reports of one quantity differ by less than this factor
FRAME_SAME = 0.30  # cosine of the words around two numbers that count the same thing
FRAME_UNCOUNTED = 0.55  # the same, when neither number says what it counts
_SPECIFIC_UNITS = frozenset({"vote"})  # units that say what is counted (a tally)
_OWNERS = frozenset({"person", "org"})  # kinds of names an amount can belong to
WINDOW = 7  # words each side of a number that make its frame
ROUNDING = 0.05  # a rounded figure is at most this share off the exact one

_APPROXIMATE = re.compile(
    r"\b(about|around|roughly|nearly|almost|some|more than|over|at least|up to|fewer than|"
    r"less than|at most|under|estimated|an estimated|approximately|close to)\s*$",
    re.IGNORECASE,
)
# a bound, not a value: "as much as 79 percent" holds 56 percent, "more than 1,000" 1,200
_AT_MOST = re.compile(
    r"\b(?:up to|as (?:much|many|high) as|at most|no more than|fewer than|less than|under)\s*$",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(
    r"\b(?:more than|over|at least|upwards? of|as (?:few|little|low) as|no fewer than|"
    r"no less than)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
# what could be, or is needed ("needing to gain 35 seats"), is not what is ("lost 60 seats")
_MODALS = frozenset({"can", "could", "might", "may", "would", "need", "needs", "needing"})
# a change ("lost nearly 60 seats", "picked up 6 seats") is another quantity than a level
# ("hold at least 194 seats")
_CHANGE = re.compile(
    r"\b(?:lost|lose|loses|losing|gained|gain|gains|gaining|picked up|pick up|picks up|"
    r"flipped|flip|flips|shed|sheds|added|adds)\s+(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
# an average ("has averaged more than 30 home runs and 100 RBIs") is not one season's figure
_AVERAGE = re.compile(r"\b(?:averag\w*|an average of|on average)\s+(?:\S+\s+){0,7}$", re.IGNORECASE)
# a count of "people" says little of who is counted ("fatally shot eight people" at one plant,
# "two people have been killed" at another): its surroundings must say more, as for a figure
# that counts nothing
_GENERIC_HEADS = frozenset({"people", "person", "other", "individual"})  # as _head gives them
_RANK = re.compile(r"\b(?:No\.|Number|#)\s*$")  # "the No. 2 position": a rank, not a count
_TALLY_PART = re.compile(r"\d[-\u2013]\d")  # a digit joined to another by a dash: "396-9"
# what is left or added ("two more debates", "three other suspects") and the total an
# ordinal or a part is counted in ("the second of three debates", "one of four men who were
# trying to climb") are not the count of the thing
_PART_OF = re.compile(r"\s+(?:more|other|remaining|additional|further|extra)\b", re.IGNORECASE)
_ORDINAL_OF = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|"
    r"\d+(?:st|nd|rd|th)|one|two|three|four|five|\d+)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Amount:
    reading: Reading
    quantity: Quantity
    unit_index: int
    head: str | None
    counted: str
    frame: str
    owner: str | None = None  # the name just before the number: whose amount it is
    person: bool = False  # the owner is a person ("Jeb Bush released 33 years of returns")
    # what could be, not what is ("19 steps the president could take", "the 23 he took")
    possible: bool = False
    # who is counted, when the count names them: "two senators, Jeff Flake and John McCain"
    members: frozenset[str] = frozenset()
    rank: bool = False  # "No. 2": whose rank it is must be named on both sides
    change: bool = False  # "lost 60 seats": by how much, not how many
    average: bool = False  # "averaged 100 RBIs": a mean, not one figure


def _head(text: str) -> str | None:
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return None
    word: str = words[-1]
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _last_word(counted: str) -> str:
    words = counted.split()
    return words[-1] if words else ""


def _frame(reading: Reading, unit: Unit, quantity: Quantity) -> str:
    text = reading.article.text
    start = min(dateline_end(text, unit.start, unit.end), quantity.span.start)
    before = _WORD.findall(text[start : quantity.span.start])[-WINDOW:]
    after = _WORD.findall(text[quantity.span.end : unit.end])[:WINDOW]
    return " ".join([*before, *after])


def _amounts(ctx: Context, units: Sequence[Unit]) -> list[_Amount]:
    out = []
    for u_index, unit in enumerate(units):
        reading = ctx.readings[unit.index]
        for q in reading.analysis.quantities:
            if q.value is None or not (unit.start <= q.span.start and q.span.end <= unit.end):
                continue
            text = reading.article.text
            if not _TALLY_PART.search(text, q.span.start, q.span.end) and _TALLY_PART.search(
                text, max(0, q.span.start - 2), q.span.end + 2
            ):
                continue  # the 9 of "a 396-9 vote" is one side of a tally, not a count
            if _PART_OF.match(text, q.span.end) or _ORDINAL_OF.search(
                text, max(0, q.span.start - 24), q.span.start
            ):
                continue  # "two more debates", "the second of three": a part, not the count
            counted = reading.text(q.counted) if q.counted is not None else ""
            frame = _frame(reading, unit, q)
            out.append(
                _Amount(
                    reading,
                    q,
                    u_index,
                    _head(counted) if counted else None,
                    counted,
                    frame,
                    *_owner(ctx, reading, unit, q),
                    any(w.lower().strip(",.;:") in _MODALS for w in frame.split()),
                    _members(ctx, reading, unit, q),
                    bool(_RANK.search(text, max(0, q.span.start - 10), q.span.start)),
                    bool(_CHANGE.search(text, max(0, q.span.start - 40), q.span.start)),
                    bool(_AVERAGE.search(text, max(0, q.span.start - 60), q.span.start)),
                )
            )
    return out


_AMONG = re.compile(r"\bamong\s+((?:[\w’'-]+\s+){0,3}[\w’'-]+)", re.IGNORECASE)


def _among(unit: Unit, reading: Reading) -> frozenset[str]:
    """The group a sentence's figures are taken in ("among Tea Party supporters"), as its
    words; empty for no such group."""
    found = _AMONG.search(reading.article.text, unit.start, unit.end)
    return frozenset(found.group(1).lower().split()) if found else frozenset()


def _owner(
    ctx: Context, reading: Reading, unit: Unit, quantity: Quantity
) -> tuple[str | None, bool]:
    """The person or organisation named last before the number in its sentence, within
    ``WINDOW`` words ("Gingrich garnered 11 percent" is Gingrich's share), and whether it is
    a person; None when there is none."""
    text = reading.article.text
    best: tuple[int, str, bool] | None = None
    for e in reading.analysis.entities:
        if e.kind not in _OWNERS:
            continue
        for m in e.mentions:
            before = unit.start <= m.start and m.end <= quantity.span.start
            if (
                before
                and len(_WORD.findall(text[m.end : quantity.span.start])) <= WINDOW
                and (best is None or m.end > best[0])
            ):
                name = ctx.names.get((reading.article.id, e.key), e.name)
                best = (m.end, name, e.kind == "person")
    return (best[1], best[2]) if best else (None, False)


# what may stand between a counted phrase and the names of its members, or between names
# (past the rest of a counted phrase the parse cut short: "two harbour| councillors")
_LIST_START = re.compile(r"(?:\s+[a-z][\w\u2019'-]*){0,3}\s*(?:[,:(\u2014\u2013]|--?)\s*$")
_LIST_NEXT = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s*$")


def _members(ctx: Context, reading: Reading, unit: Unit, quantity: Quantity) -> frozenset[str]:
    """The names a count lists as what it counts, right after the counted words ("three
    state senators — Adam Driggs, Steve Pierce and Bob Worsley"); empty when it lists none."""
    if quantity.counted is None:
        return frozenset()
    text = reading.article.text
    mentions = sorted(
        (m.start, m.end, ctx.names.get((reading.article.id, e.key), e.name))
        for e in reading.analysis.entities
        for m in e.mentions
        if quantity.counted.end <= m.start and m.end <= unit.end
    )
    names: list[str] = []
    position = quantity.counted.end
    for start, end, name in mentions:
        between = text[position:start]
        if not (_LIST_NEXT if names else _LIST_START).match(between):
            break
        names.append(name)
        position = end
    return frozenset(names) if len(names) >= 2 else frozenset()


def _holds(bound: _Amount, value: float) -> bool:
    """Whether ``bound`` is a bound ("as much as 79 percent", "more than 1,000") that
    ``value`` lies within: then the two figures do not disagree."""
    text = bound.reading.article.text
    start = bound.quantity.span.start
    before = text[max(0, start - 24) : start]
    limit = bound.quantity.value or 0.0
    if _AT_MOST.search(before):
        return value <= limit
    return bool(_AT_LEAST.search(before)) and value >= limit


def _approximate(amount: _Amount) -> bool:
    text = amount.reading.article.text
    start = amount.quantity.span.start
    return bool(_APPROXIMATE.search(text[max(0, start - 20) : start]))


def number_conflicts(
    ctx: Context,
    units: Sequence[Unit],
    sure_of: dict[int, frozenset[str]],
    vectors_for: Callable[[list[str]], Vectors],
) -> tuple[list[Conflict], list[Conflict]]:
    """Different values that two outlets give for the same quantity: the conflicts, and the
    figures that only perhaps disagree.

    A difference is a conflict when the two sentences surely tell one fact (``sure_of``:
    the sure facts each unit belongs to). Between sentences of different facts, or of a fact
    that is only perhaps shared, it is as often two things as one (two cable cuts, a Monday
    march and a Wednesday vigil), so it is only perhaps a disagreement."""
    amounts = _amounts(ctx, units)
    if len(amounts) < 2:
        return [], []
    n = len(amounts)
    vectors = vectors_for([a.frame for a in amounts] + [_last_word(a.counted) for a in amounts])
    frames, counted = vectors[:n], vectors[n:]
    frame_sim = frames @ frames.T
    counted_sim = counted @ counted.T
    merged: dict[
        tuple[str, frozenset[float]], tuple[float, str, str | None, dict[str, ConflictSide]]
    ] = {}
    sure: set[tuple[str, frozenset[float]]] = set()
    members: dict[tuple[str, frozenset[float]], set[int]] = {}
    for i, j in combinations(range(n), 2):
        a, b = amounts[i], amounts[j]
        if a.reading.index == b.reading.index or a.quantity.unit != b.quantity.unit:
            continue
        va, vb = a.quantity.value or 0.0, b.quantity.value or 0.0
        if va == vb or min(va, vb) <= 0 or max(va, vb) / min(va, vb) >= RATIO:
            continue
        if _rounded(va, vb):
            continue  # "$700 billion" is "$716 billion" rounded
        if _holds(a, vb) or _holds(b, va):
            continue  # "as much as 79 percent" and "56 percent" do not disagree
        if a.possible != b.possible:
            continue  # what could be done is not what was done
        if not _same_thing(a, b, float(counted_sim[i, j])):
            continue
        if a.owner and b.owner and a.owner != b.owner:
            continue  # Gingrich's 11 percent and Huckabee's 14 percent
        if _other_owner(a, units[b.unit_index]) or _other_owner(b, units[a.unit_index]):
            continue  # "Jeb Bush released 33 years of returns", Clinton's "eight years"
        if _among(units[a.unit_index], a.reading) != _among(units[b.unit_index], b.reading):
            continue  # 11 percent of all voters, 9 percent "among Tea Party supporters"
        if a.members and b.members and not a.members & b.members:
            continue  # Flake and McCain are not Driggs, Pierce and Worsley
        if a.change != b.change:
            continue  # "lost nearly 60 seats" and "hold 194 seats"
        if a.average != b.average:
            continue  # "averaged 100 RBIs" and "121 RBI" in one season
        if (a.rank or b.rank) and not (a.owner and a.owner == b.owner):
            continue  # "Hoyer ... the No. 2 position", "Clyburn remained in No. 3 position"
        sure_unit = a.quantity.unit in _SPECIFIC_UNITS
        specific = a.head not in _GENERIC_HEADS and b.head not in _GENERIC_HEADS
        limit = (
            FRAME_SAME if (a.counted and b.counted and specific) or sure_unit else FRAME_UNCOUNTED
        )
        if float(frame_sim[i, j]) < limit:
            continue
        if _both_given(amounts, counted_sim, i, j):
            continue
        one_fact = sure_of.get(a.unit_index, frozenset()) & sure_of.get(b.unit_index, frozenset())
        # a sure pair outranks any other, an approximate figure ("about 1,200") less sure
        approximate = _approximate(a) or _approximate(b)
        confidence = (0.7 if approximate else 0.9) if one_fact else (0.3 if approximate else 0.5)
        what = a.counted or b.counted or (a.quantity.unit or "amount")
        key = (a.head or b.head or a.quantity.unit or "", frozenset({va, vb}))
        best, name, fact, sides = merged.get(key, (0.0, what, None, {}))
        for amount in (a, b):
            sides.setdefault(amount.reading.outlet, _side(amount))
        members.setdefault(key, set()).update((i, j))
        if one_fact:
            sure.add(key)
        if confidence > best:
            best, name = confidence, what
            fact = min(one_fact) if one_fact else fact
        merged[key] = (best, name, fact, sides)
    # Outlets that agree with one side join it: "5.1 percent" in a third outlet, worded
    # like the second outlet's "5.1 percent", is on that side of the conflict too.
    for key, (_, _, _, sides) in merged.items():
        for k, other in enumerate(amounts):
            if other.reading.outlet in sides or (other.quantity.value or 0.0) not in key[1]:
                continue
            if any(
                amounts[m].quantity.value == other.quantity.value
                and amounts[m].quantity.unit == other.quantity.unit
                and _same_thing(amounts[m], other, float(counted_sim[m, k]))
                and float(frame_sim[m, k]) >= FRAME_UNCOUNTED
                for m in members[key]
            ):
                sides[other.reading.outlet] = _side(other)
    found: tuple[list[Conflict], list[Conflict]] = ([], [])
    for key, (confidence, name, fact, sides) in merged.items():
        found[0 if key in sure else 1].append(
            Conflict(
                kind="number",
                what=name,
                sides=tuple(sides[o] for o in sorted(sides)),
                confidence=confidence,
                fact_key=fact,
            )
        )
    return found


def _other_owner(a: _Amount, other: Unit) -> bool:
    """Whether ``a`` is a named person's figure ("Jeb Bush released 33 years of returns")
    that the other sentence never mentions. Only a person named in full counts: the tagger
    takes organisations and a town ("in the town of Brennick, injuring three workers") for
    one-word people too often."""
    return (
        a.person
        and a.owner is not None
        and len(a.owner.split()) >= 2
        and a.owner not in other.entities
    )


def _both_given(amounts: list[_Amount], counted_sim: np.ndarray, i: int, j: int) -> bool:
    """Whether one article gives both values for the same kind of thing, or figures a few
    percent off each: either outlet also giving the other's value (a new rate and the old
    one, "up from 3.75 percent") is detail, and a third article giving both (an effective
    federal tax rate of 35.7 percent and a combined rate of 45.8 percent) makes them two
    quantities; neither is a conflict."""

    def gives(reading: int, x: int) -> bool:
        want = amounts[x]
        value = want.quantity.value or 0.0
        return any(
            other.reading.index == reading
            and other.quantity.unit == want.quantity.unit
            and _near(other.quantity.value or 0.0, value)
            and _same_thing(want, other, float(counted_sim[x, k]))
            for k, other in enumerate(amounts)
        )

    return any(gives(r, i) and gives(r, j) for r in {x.reading.index for x in amounts})


def _near(a: float, b: float) -> bool:
    """Whether ``a`` gives ``b``: the same value, or one a few percent off given to another
    precision (56 percent for 56.4). Two figures given to the same precision and a few
    percent apart ($5,587.75 and $5,687.75) are two values, neither the other rounded."""
    if a == b:
        return True
    return abs(a - b) <= ROUNDING * b and _exponent(a) != _exponent(b)


def _exponent(value: float) -> int:
    return int(Decimal(repr(value)).normalize().as_tuple().exponent)


def _rounded(a: float, b: float) -> bool:
    """Whether one value is the other rounded to hundreds or coarser, a few percent off
    ("$700 billion" for "$716 billion"); tens are not rounding ("30 dead" and "34 dead"
    disagree), nor is "1,000" for "1,200"."""
    exponents = [_exponent(v) for v in (a, b)]
    coarse = max(exponents)
    if coarse < 2 or abs(a - b) > ROUNDING * max(a, b):
        return False
    low, high = (a, b) if exponents[0] == coarse else (b, a)
    step = Decimal(10) ** coarse
    return (Decimal(repr(high)) / step).quantize(Decimal(1)) * step == Decimal(repr(low))


def _same_thing(a: _Amount, b: _Amount, counted_cos: float) -> bool:
    if a.head and b.head:
        return a.head == b.head or counted_cos >= COUNTED_SAME
    return not a.head and not b.head and a.quantity.unit is not None


def _side(amount: _Amount) -> ConflictSide:
    """One outlet's side: the number itself as evidence (reports show it in its sentence)."""
    reading, span = amount.reading, amount.quantity.span
    return ConflictSide(reading.evidence(span), reading.outlet, reading.text(span))


# a year, not part of a larger number ("1,957", "1957.5"), a range ("1957-58") or a sum
_YEAR = re.compile(r"(?<![\d,.$£€-])(?:1[89]\d{2}|20\d{2})(?!\d|,\d{3}|\.\d|[-\u2013]\d)")


def year_differences(
    ctx: Context, units: Sequence[Unit], sure_pairs: Iterable[tuple[int, int]]
) -> list[Conflict]:
    """Years that differ between two sentences that surely tell one fact, each giving one
    year ("sold … for a reported $30 million in 1957" and "… in 1967"), shown as perhaps
    different figures: one year each is most often the one event's, but a sentence can
    date a side detail ("the 2006 second-overall pick", "through 14 games in the 2008
    season"), so it is not claimed a conflict."""

    @cache
    def year(u: int) -> tuple[Reading, Span] | None:  # a sentence is in many sure pairs
        reading = ctx.readings[units[u].index]
        text = reading.article.text
        counts = [q.span for q in reading.analysis.quantities if q.unit or q.counted]
        found = [
            m
            for m in _YEAR.finditer(text, units[u].start, units[u].end)
            if not any(c.start <= m.start() < c.end for c in counts)  # "1900 residents"
        ]
        if len(found) != 1:
            return None
        return reading, Span(found[0].start(), found[0].end())

    out = []
    for u, v in sure_pairs:
        a, b = year(u), year(v)
        if a is None or b is None or a[0].text(a[1]) == b[0].text(b[1]):
            continue
        sides = sorted(
            (ConflictSide(r.evidence(s), r.outlet, r.text(s)) for r, s in (a, b)),
            key=lambda side: side.outlet,
        )
        out.append(Conflict(kind="date", what="the year", sides=tuple(sides), confidence=0.5))
    return out
