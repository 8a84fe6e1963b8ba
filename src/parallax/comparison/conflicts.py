"""Typed conflicts between outlets: numbers, dates and days, occasions of a statement.

A difference is a conflict only where the text shows that both sides describe the same
thing: the same fact (aligned sentences) or closely related sentences about the same
entities, the same counted noun and unit for numbers, day-level dates for days. Anything
looser is complementary detail and is not reported. Quote attribution and wording
conflicts live in :mod:`parallax.comparison.quotes`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import combinations

from parallax.analysis.descriptors import is_person_noun
from parallax.comparison.align import Unit, unit_at
from parallax.comparison.context import Context, Reading, singular
from parallax.comparison.records import Conflict, ConflictSide
from parallax.models import Span

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OCCASION_STOP = frozenset({"the", "a", "an", "of", "to", "in", "on", "at", "radio", "'s", "s"})


def _weekday(day: str) -> str:
    """The weekday of a day value (an ISO date, or a weekday name left unresolved)."""
    return date.fromisoformat(day).strftime("%A").lower() if day[:1].isdigit() else day


def _same_day(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two outlets' days can be one: the same date, or the same weekday ("Friday",
    resolved against two publication dates a day apart, or "May 28", a Friday)."""
    return bool(set(a) & set(b)) or bool({_weekday(d) for d in a} & {_weekday(d) for d in b})


_POSSESSIVE = re.compile(r"[’']s?\b")


def _inside(span: Span, unit: Unit) -> bool:
    return unit.start <= span.start and span.end <= unit.end


def day_values(reading: Reading, unit: Unit) -> dict[str, Span]:
    """Day-level dates of a sentence: resolved ISO dates, or weekday names when unresolved."""
    values: dict[str, Span] = {}
    text_all = reading.article.text
    for d in reading.analysis.dates:
        if not _inside(d.span, unit):
            continue
        if _POSSESSIVE.match(text_all, d.span.end):
            continue  # "Tuesday's primary": the day of another event the sentence names
        text = reading.text(d.span).lower()
        if d.start is not None and d.granularity == "day":
            values[str(d.start)] = d.span
        elif d.start is None and any(w in text for w in _WEEKDAYS):
            values[next(w for w in _WEEKDAYS if w in text)] = d.span
    return values


def _after(values: dict[str, Span], other: Reading) -> bool:
    """A resolved day of ``values`` falls after ``other`` was published."""
    published = other.article.published
    if published is None:
        return False
    return any(v > published.date().isoformat() for v in values if v[:1].isdigit())


def first_actor(ctx: Context, reading: Reading, unit: Unit) -> str | None:
    """Who the sentence is about: its first named person or organisation."""
    first: tuple[int, str] | None = None
    for e in reading.analysis.entities:
        if e.kind not in {"person", "org"}:
            continue
        for m in e.mentions:
            if _inside(m, unit) and (first is None or m.start < first[0]):
                first = (m.start, ctx.names.get((reading.article.id, e.key), e.name))
    return first[1] if first else None


# words that tell an action going on or done once more: its day is a later moment of the
# story, not the day of the event another outlet dates ("criticised on Friday", "kept up
# the pressure on Sunday")
_GOES_ON = re.compile(r"\b(?:(?:kept|keeps?|keeping|stepped) up|again|renewed)\b", re.IGNORECASE)


_SAID = re.compile(
    r"\b(?:said|says|told|tells|announced|stated|declared|wrote|tweeted|added|explained)"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)


def _said_on(reading: Reading, day: Span) -> bool:
    """Whether the day is when something was said ("said on Wednesday", "told reporters
    Tuesday") rather than when something happened."""
    return _SAID.search(reading.article.text, max(0, day.start - 40), day.start) is not None


def _goes_on(reading: Reading, unit: Unit) -> bool:
    return _GOES_ON.search(reading.article.text, unit.start, unit.end) is not None


SURE_MATCH = 0.8  # two sentences this alike tell one event, so their days must agree


def date_conflicts(
    ctx: Context,
    units: Sequence[Unit],
    groups: dict[str, list[int]],
    scores: dict[tuple[int, int], float],
) -> list[Conflict]:
    """The same fact placed on different days by different outlets: two sentences that
    match surely, each giving one day, and not the same one. (Loosely aligned sentences,
    such as two ledes, often tell different moments of a story: "criticised on Friday",
    "kept up the pressure on Sunday".)"""
    conflicts: list[Conflict] = []
    for key, members in groups.items():
        for i, j in combinations(members, 2):
            if scores.get((i, j), 0.0) < SURE_MATCH:
                continue
            ra, rb = ctx.readings[units[i].index], ctx.readings[units[j].index]
            va, vb = day_values(ra, units[i]), day_values(rb, units[j])
            if first_actor(ctx, ra, units[i]) != first_actor(ctx, rb, units[j]):
                continue  # two actors, two events: "Trump tweeted Tuesday", "Fox said Wednesday"
            if _after(va, rb) or _after(vb, ra):
                continue  # a day after the other outlet wrote: a later event it could not know
            if _goes_on(ra, units[i]) or _goes_on(rb, units[j]):
                continue  # "kept up the pressure on Sunday": a later moment of the same story
            if len(va) == 1 and len(vb) == 1 and not _same_day(list(va), list(vb)):
                (_, a_span), (_, b_span) = min(va.items()), min(vb.items())
                if _said_on(ra, a_span) != _said_on(rb, b_span):
                    continue  # "Obama said Wednesday", "the House passed it on Tuesday"
                conflicts.append(
                    Conflict(
                        kind="date",
                        what="the day it happened",
                        sides=(
                            ConflictSide(ra.evidence(a_span), ra.outlet, ra.text(a_span)),
                            ConflictSide(rb.evidence(b_span), rb.outlet, rb.text(b_span)),
                        ),
                        confidence=0.85,
                        fact_key=key,
                    )
                )
    return conflicts


# words that say how something was said but not where: "a statement", "the Sunday morning
# show", "an interview" fit any venue, so they conflict with none
_VAGUE = frozenset(
    re.split(
        r"\s+",
        "statement statements interview interviews show program programme remarks comments "
        "comment appearance broadcast release post tweet email letter his her their its recent "
        "latest brief written new morning evening afternoon night today yesterday "
        # the kind of venue, not which one: "the news Web site", "a local radio station"
        "news web site website outlet network channel radio television station newspaper "
        "paper magazine local national "
        # an audience, which any venue has ("told reporters", "said to their applause")
        "reporters journalists voters supporters crowd crowds audience audiences spectators "
        "listeners viewers applause cheers people residents students members questioners "
        "questioner interviewers interviewer "
        # the kind of event, which any venue holds ("a rally here" and "about 600 supporters
        # at the Iowa State Fairgrounds": one rally), and "here", the dateline's place
        "rally rallies event events speech speeches gathering gatherings stop here there",
    )
) | frozenset(_WEEKDAYS)


# "at another appearance": the outlet itself says it is a second occasion, not the one the
# other outlet names
_ANOTHER = frozenset({"another", "separate", "second", "later", "earlier"})


def _occasion_words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("’", "'"))
    return frozenset(w for w in words if w not in _OCCASION_STOP)


_QUALIFIER = re.compile(
    r"\s+((?:posted|published|issued|released|put out)\s+[^,.;:“”\"]{1,60})"
    # a name in apposition: "the news Web site | the Daily Caller"
    r"|,?\s+((?:the\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4})"
)


def _qualifier(reading: Reading, span: Span) -> frozenset[str]:
    """What qualifies a bare occasion right after it: "a statement | posted on the
    company's website", "the news Web site | the Daily Caller"."""
    m = _QUALIFIER.match(reading.article.text, span.end)
    return _occasion_words(m.group(1) or m.group(2)) if m else frozenset()


def _specific(words: frozenset[str]) -> bool:
    """Whether the words name a venue: not only vague words nor people, whom any venue has
    ("told her questioners", "told lawmakers")."""
    return any(
        w not in _VAGUE and not is_person_noun(w) and not is_person_noun(singular(w)) for w in words
    )


def _names_person(reading: Reading, span: Span) -> bool:
    """The occasion is a person ("told Jorge Ramos"): to whom, which fits any venue."""
    return any(
        e.kind == "person" and any(span.start <= m.start and m.end <= span.end for m in e.mentions)
        for e in reading.analysis.entities
    )


# the days and the occasions an article gives for one speaker's statements
_Said = tuple[list[tuple[str, Span]], list[tuple[frozenset[str], Span]]]


def _statement_context(ctx: Context, reading: Reading) -> dict[str, _Said]:
    """Per speaker: the days and the occasions the article gives for their statements."""
    out: dict[str, _Said] = {}
    for quote in reading.analysis.quotes:
        speaker = ctx.speaker(reading, quote)
        if not speaker or quote.speaker_key is None:
            continue
        days, occasions = out.setdefault(speaker, ([], []))
        if quote.time is not None:
            text = reading.text(quote.time).lower()
            date = next(
                (
                    d
                    for d in reading.analysis.dates
                    if d.span.start <= quote.time.start < d.span.end
                    and d.start is not None
                    and d.granularity == "day"
                ),
                None,
            )
            day = str(date.start) if date else next((w for w in _WEEKDAYS if w in text), None)
            if day:
                days.append((day, quote.time))
        if quote.occasion is not None:
            words = _occasion_words(reading.text(quote.occasion)) | _qualifier(
                reading, quote.occasion
            )
            if (
                _specific(words)
                and not words & _ANOTHER
                and not _names_person(reading, quote.occasion)
                and not reading.names_itself(quote.occasion)  # "told Fox News"
            ):
                occasions.append((words, quote.occasion))
    return out


# sentences at most between a statement two outlets report and the day or occasion one of
# them gives for it ("... the minister said on Wednesday." two sentences before "Le Drian
# told France Inter radio that ...")
NEAR_STATEMENT = 3


def _near(
    said: _Said, units: Sequence[Unit], groups: dict[str, list[int]], facts: list[str], index: int
) -> _Said:
    """The days and occasions of ``said`` given within ``NEAR_STATEMENT`` sentences of a
    sentence of one of ``facts`` in the article at ``index``."""
    orders = [units[u].order for key in facts for u in groups[key] if units[u].index == index]

    def near(span: Span) -> bool:
        at = unit_at(units, index, span.start)
        return at is not None and any(abs(units[at].order - o) <= NEAR_STATEMENT for o in orders)

    days, occasions = said
    return [d for d in days if near(d[1])], [o for o in occasions if near(o[1])]


def statement_conflicts(
    ctx: Context, units: Sequence[Unit], groups: dict[str, list[int]]
) -> list[Conflict]:
    """One speaker's statement placed on different days or at different occasions.

    Only when a fact aligns a quote of that speaker in both articles (confidence 0.85);
    otherwise the outlets may well report two statements, and nothing is claimed.
    """
    contexts = [_statement_context(ctx, r) for r in ctx.readings]
    quoted_units: dict[tuple[int, str], set[int]] = {}
    for u_index, unit in enumerate(units):
        reading = ctx.readings[unit.index]
        for quote in reading.analysis.quotes:
            speaker = ctx.speaker(reading, quote)
            if speaker and unit.start <= quote.content.start < unit.end:
                quoted_units.setdefault((unit.index, speaker), set()).add(u_index)
    facts_of: dict[int, set[str]] = {}  # a sentence may carry two facts
    for key, members in groups.items():
        for u in members:
            facts_of.setdefault(u, set()).add(key)
    conflicts: list[Conflict] = []
    for ra, rb in combinations(ctx.readings, 2):
        for speaker in sorted(set(contexts[ra.index]) & set(contexts[rb.index])):
            facts_a = set().union(*(facts_of[u] for u in quoted_units.get((ra.index, speaker), ())))
            facts_b = set().union(*(facts_of[u] for u in quoted_units.get((rb.index, speaker), ())))
            shared = sorted(facts_a & facts_b)
            if not shared:
                continue
            confidence = 0.85
            fact = shared[0]
            # the day and the occasion of the statement both report, not of another one
            # the article tells much later ("said on the radio on Tuesday" sixteen
            # sentences after last week's claim both carry)
            days_a, occ_a = _near(contexts[ra.index][speaker], units, groups, shared, ra.index)
            days_b, occ_b = _near(contexts[rb.index][speaker], units, groups, shared, rb.index)
            if days_a and days_b and not _same_day([d for d, _ in days_a], [d for d, _ in days_b]):
                conflicts.append(
                    _pair(
                        "date",
                        f"when {speaker} said it",
                        ra,
                        days_a[0][1],
                        rb,
                        days_b[0][1],
                        confidence,
                        fact,
                    )
                )
            if occ_a and occ_b and not any(wa & wb for wa, _ in occ_a for wb, _ in occ_b):
                conflicts.append(
                    _pair(
                        "occasion",
                        f"where or to whom {speaker} said it",
                        ra,
                        occ_a[0][1],
                        rb,
                        occ_b[0][1],
                        confidence,
                        fact,
                    )
                )
    return conflicts


def _pair(
    kind: str,
    what: str,
    ra: Reading,
    a: Span,
    rb: Reading,
    b: Span,
    confidence: float,
    fact: str | None,
) -> Conflict:
    return Conflict(
        kind=kind,
        what=what,
        sides=(
            ConflictSide(ra.evidence(a), ra.outlet, ra.text(a)),
            ConflictSide(rb.evidence(b), rb.outlet, rb.text(b)),
        ),
        confidence=confidence,
        fact_key=fact,
    )


def dedupe(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """One conflict per thing disagreed about.

    Pairwise findings about the same thing that share a side ("Tuesday" in outlet A against
    "Wednesday" in B, and A's "Tuesday" against C's "Wednesday") become one conflict with
    every outlet's side; the surest pair gives the confidence."""
    merged: list[tuple[Conflict, dict[str, ConflictSide]]] = []
    for c in sorted(conflicts, key=lambda c: (-c.confidence, c.kind, c.what)):
        keys = {(s.outlet, s.value.lower()) for s in c.sides}
        for i, (kept, sides) in enumerate(merged):
            if (kept.kind, kept.what.lower()) != (c.kind, c.what.lower()):
                continue
            if keys & {(s.outlet, s.value.lower()) for s in sides.values()}:
                for side in c.sides:
                    sides.setdefault(side.outlet, side)
                merged[i] = (kept, sides)
                break
        else:
            merged.append((c, {s.outlet: s for s in c.sides}))
    out = [
        dataclasses.replace(kept, sides=tuple(sides[o] for o in sorted(sides)))
        for kept, sides in merged
    ]
    return sorted(out, key=lambda c: (-c.confidence, c.kind, c.what))
