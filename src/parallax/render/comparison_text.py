"""A ``Comparison`` as a terminal report, read at a glance.

The plain-text helpers here (passages, trimming, the coverage lines, the most loaded outlet)
are shared by the Markdown and HTML renderers, so the three reports say the same things.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parallax.comparison.framing import SUBJECTIVE_CATEGORIES
from parallax.comparison.quotes import UNKNOWN_SPEAKER
from parallax.comparison.records import (
    ArticleFraming,
    Comparison,
    ConflictSide,
    Evidence,
    Fact,
    FramedTerm,
    QuoteGroup,
    SpeakerQuotes,
    outlet_name,
)
from parallax.models import Article, Span
from parallax.outlets.registry import OutletRegistry, bundled_registry

SENTENCE_LIMIT = 160
QUOTE_LIMIT = 120

# --- shared plain-text helpers -------------------------------------------------------------


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def trim(text: str, limit: int = SENTENCE_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def article_of(comparison: Comparison, article_id: str) -> Article | None:
    return next((a for a in comparison.articles if a.id == article_id), None)


def outlet_of(comparison: Comparison, article_id: str) -> str:
    """The outlet of an article id, or a short id when the article is not in the comparison."""
    article = article_of(comparison, article_id)
    return outlet_name(article) if article else f"article {article_id[:8]}"


def span_text(comparison: Comparison, article_id: str, span: Span) -> str | None:
    """The text under ``span``, or ``None`` when the span does not point into the article."""
    article = article_of(comparison, article_id)
    if article is None or span.end > len(article.text):
        return None
    return span.of(article.text)


# not "no outlet leaves anything out": readers took that line for a denial of the "not found"
# lines under it
NO_OMISSION = (
    "No sure omission: Parallax is not sure of any outlet lacking a fact that most others carry."
)
NO_CONFLICT = "No contradiction found between the outlets."
MAYBE_CONFLICT_NOTE = (
    "Figures that differ where Parallax is not sure the outlets speak of one thing (sentences "
    "not surely one fact, or a year that may date a side detail): perhaps a disagreement, "
    "perhaps two different things. Check them in their sentences; they are not counted as "
    "conflicts."
)
MAYBE_NOTE = (
    "Sentences of several outlets that come close, though Parallax is not sure they tell the "
    "same thing: read them side by side. They are not counted as shared."
)
LOOSE_NOTE = (
    "Sentences of several outlets about the same people or subject that come only part of the "
    "way: most of them tell different things. Not counted as shared."
)


def no_shared(comparison: Comparison) -> str:
    """What the shared core says when no fact is surely carried by two outlets."""
    if comparison.maybe_shared:
        return "No fact is surely carried by more than one outlet."
    return "No fact is carried by more than one outlet."


def no_unique(comparison: Comparison) -> str:
    """What the unique section says when it claims no fact unique to one outlet."""
    if not comparison.facts:
        return "No facts found: no English sentences to compare."
    if all(len(f.outlets) > 1 for f in comparison.facts):
        return "Every fact is carried by more than one outlet."
    return "No fact is surely one outlet's alone: another may tell it in other words."


def passage(comparison: Comparison, evidence: Evidence) -> str | None:
    return span_text(comparison, evidence.article_id, evidence.span)


_ABBREVIATIONS = "".join(
    rf"(?<!\b{a})"
    for a in ("Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "St", "Jr", "Sr", "No", "[A-Z]")
)
# a sentence ends at . ! ? (not after "Mr" or an initial) and the spaces after, or at a line end
_SENTENCE_END = re.compile(rf"(?:{_ABBREVIATIONS}\.|[!?])[\"”’)]*\s+|\n")
_SPACE = re.compile(r"\s+")


def in_sentence(
    comparison: Comparison, evidence: Evidence, limit: int = SENTENCE_LIMIT
) -> tuple[str, str, str] | None:
    """The sentence around ``evidence`` as (words before, the evidence, words after), on
    one line, the words around trimmed so that the whole keeps to about ``limit``
    characters: a conflict's "Tuesday" is shown in the sentence that says it."""
    article = article_of(comparison, evidence.article_id)
    span = evidence.span
    if article is None or span.end > len(article.text):
        return None
    text = article.text
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, span.start)), default=0)
    found = _SENTENCE_END.search(text, span.end)
    end = len(text) if found is None else found.start() + (text[found.start()] != "\n")
    marked = trim(text[span.start : span.end], limit)
    room = max(20, limit - len(marked)) // 2
    before = _SPACE.sub(" ", text[start : span.start]).lstrip()
    after = _SPACE.sub(" ", text[span.end : end]).rstrip()
    if len(before) > room:
        before = "…" + before[len(before) - room :].split(" ", 1)[-1]
    if len(after) > room:
        after = after[:1] + trim(after[1:], room) if after[:1] == " " else trim(after, room)
    return before, marked, after


def representative(comparison: Comparison, fact: Fact, limit: int = SENTENCE_LIMIT) -> str:
    """One sentence that carries ``fact``: the first that can be read, trimmed."""
    for evidence in fact.evidence:
        text = passage(comparison, evidence)
        if text and text.strip():
            return trim(text, limit)
    return "(no readable passage)"


def perhaps_also(comparison: Comparison, fact: Fact) -> list[tuple[str, str]]:
    """The outlets whose sentence perhaps tells ``fact`` too (``Fact.maybe``), each with
    that sentence: shown beside the fact, not counted among its outlets."""
    out = []
    for evidence in fact.maybe:
        text = passage(comparison, evidence)
        if text and text.strip():
            out.append((comparison.outlet_of(evidence.article_id), " ".join(text.split())))
    return out


def side_by_side(
    comparison: Comparison, fact: Fact
) -> list[tuple[str, list[tuple[str, bool]], str]]:
    """Each outlet's own sentence of ``fact``, as pieces of text, each flagged when its
    words are ones no other outlet's sentence of the fact uses (the differing words), with
    its framing note (:func:`framing_note`)."""
    differs = fact.differs or tuple(() for _ in fact.evidence)
    out: list[tuple[str, list[tuple[str, bool]], str]] = []
    for evidence, marks in zip(fact.evidence, differs, strict=False):
        article = article_of(comparison, evidence.article_id)
        if article is None or evidence.span.end > len(article.text):
            continue
        runs: list[Span] = []
        for mark in sorted(marks, key=lambda m: m.start):
            gap = article.text[runs[-1].end : mark.start] if runs else "x"
            if runs and not any(ch.isalnum() for ch in gap):
                runs[-1] = Span(runs[-1].start, mark.end)  # one run of differing words
            else:
                runs.append(mark)
        pieces: list[tuple[str, bool]] = []
        at = evidence.span.start
        for mark in runs:
            if mark.start < at or mark.end > evidence.span.end:
                continue
            if mark.start > at:
                pieces.append((article.text[at : mark.start], False))
            pieces.append((article.text[mark.start : mark.end], True))
            at = mark.end
        if at < evidence.span.end:
            pieces.append((article.text[at : evidence.span.end], False))
        out.append(
            (comparison.outlet_of(evidence.article_id), pieces, framing_note(comparison, evidence))
        )
    return out


UNNAMED_TITLE = "Speaker not named"  # heading of the quotes no outlet gives to anyone


def speaker_title(speaker: str) -> str:
    """How a speaker heads its quotes: the name, or a plain phrase for words no outlet
    attributes (never the bare "unknown" of the records)."""
    return UNNAMED_TITLE if speaker == UNKNOWN_SPEAKER else speaker


def _named(speaker: str) -> bool:
    """A speaker a reader can recognise: a name ("Terry O'Neill"), not a phrase the quote
    analysis took for one ("some", "that cover")."""
    return speaker[:1].isupper()


_OPENING_QUOTES = "“‘\"'«„"
_QUOTE_MARKS = '“”"«»„'  # not ’ nor ': apostrophes


def quote_marks(text: str) -> tuple[str, str]:
    """The marks to set a passage in: none when it opens with a quotation of its own
    (“It’s sexist,” she said. — not ““It’s sexist,” she said.”), and only the opening one
    when it starts inside a quote that an earlier sentence opened (“For months Daesh has
    spread,” he said. — not “For months Daesh has spread,” he said.”)."""
    if text.lstrip()[:1] in _OPENING_QUOTES:
        return ("", "")
    if text.count("”") > text.count("“"):
        return ("“", "")
    if text.count('"') % 2 and _closes_first(text):  # the same in straight marks
        return ("“", "")
    return ("“", "”")


def _closes_first(text: str) -> bool:
    """Whether the first straight quotation mark of ``text`` closes a quote: it follows a
    word or its punctuation and is followed by a space or the end ('... president," he
    said.'), where an opening one follows a space ('he said, "We ...')."""
    i = text.find('"')
    after = text[i + 1 : i + 2]
    return (
        i > 0 and not text[i - 1].isspace() and (not after or after.isspace() or after in ",.;:)")
    )


# one-outlet facts not claimed unique: the first few shown with their sentence, most salient
# first, the rest by key
NEAR_UNIQUE_SHOWN = 5
NEAR_UNIQUE_LIMIT = 160


def near_unique_heading(outlet: str, count: int) -> str:
    return (
        f"Also only in {outlet} as far as Parallax can tell, but perhaps told elsewhere in "
        f"other words ({plural(count, 'fact')}, not claimed unique):"
    )


def more_facts(facts: Sequence[Fact]) -> str:
    keys = ", ".join(f.key for f in facts[:12]) + ("…" if len(facts) > 12 else "")
    return f"and {len(facts)} more: {keys}"


def use_marks(text: str, partial: bool) -> tuple[str, str]:
    """The marks to set one outlet's use of a quote in: none when the outlet reports the
    words in its own (a partial quote), whose quotation marks then show the speaker's words;
    a partial quote of the marked words alone ("cry for help.") is all the speaker's."""
    if partial and any(mark in text for mark in _QUOTE_MARKS):
        return ("", "")
    return quote_marks(text)


def quote_cells(
    comparison: Comparison,
    group: QuoteGroup,
    columns: Sequence[str],
    escaped: Callable[[str], str],
) -> list[list[str]]:
    """For each outlet of ``columns``, its uses of a quote as shown in a quotes table:
    trimmed, escaped with ``escaped``, in quotation marks unless the outlet reports the
    words in its own (:func:`use_marks`)."""
    cells = []
    for outlet in columns:
        shown = []
        for use in group.uses:
            text = passage(comparison, use.evidence) if use.outlet == outlet else None
            if text:
                left, right = use_marks(text, use.partial)
                shown.append(f"{left}{escaped(trim(text, QUOTE_LIMIT))}{right}")
        cells.append(shown)
    return cells


PARTIAL_NOTE = (
    "Unmarked passages report the speaker in the outlet's own words: only the words in "
    "quotation marks are the speaker's."
)


def has_partial(speaker: SpeakerQuotes) -> bool:
    return any(u.partial for g in speaker.groups for u in g.uses)


def quoted_voices(comparison: Comparison, evidence: Evidence) -> list[str]:
    """The named speakers whose quoted words stand in one outlet's sentence."""
    return sorted(
        {
            sq.speaker
            for sq in comparison.quotes
            if _named(sq.speaker)
            for group in sq.groups
            for use in group.uses
            if use.evidence.article_id == evidence.article_id
            and evidence.span.start <= use.evidence.span.start < evidence.span.end
        }
    )


def framing_note(comparison: Comparison, evidence: Evidence) -> str:
    """How one outlet's sentence frames what it tells, in words a reader can check against
    the sentence: its loaded or subjective words and whom it quotes ("loaded: reckless
    abandon; quotes Terry O'Neill"), or "" when neither."""
    notes = []
    loaded = loaded_words(comparison, evidence)
    if loaded:
        notes.append("loaded: " + ", ".join(loaded))
    voices = quoted_voices(comparison, evidence)
    if voices:
        notes.append("quotes " + ", ".join(voices))
    return "; ".join(notes)


def sole_voices(comparison: Comparison) -> dict[str, list[str]]:
    """Per outlet, the speakers only it quotes: a voice the other outlets do not give."""
    out: dict[str, list[str]] = {}
    if len(comparison.articles) < 2:
        return out
    for sq in comparison.quotes:
        outlets = {o for group in sq.groups for o in group.outlets}
        if len(outlets) == 1 and _named(sq.speaker):
            out.setdefault(outlets.pop(), []).append(sq.speaker)
    return {o: sorted(v) for o, v in sorted(out.items())}


def loaded_words(comparison: Comparison, evidence: Evidence) -> list[str]:
    """The loaded or subjective words (framing lexicons) of one outlet's sentence of a fact,
    so that a reader sees which outlet words a shared fact in a loaded way."""
    article = article_of(comparison, evidence.article_id)
    if article is None:
        return []
    return [
        t.span.of(article.text)
        for f in comparison.framing
        if f.article_id == evidence.article_id
        for t in f.terms
        if t.category in {"loaded", "subjective"}
        and evidence.span.start <= t.span.start
        and t.span.end <= evidence.span.end
    ]


def term_text(comparison: Comparison, term: FramedTerm) -> str:
    return trim(span_text(comparison, term.article_id, term.span) or "?", 60)


def when(moment: datetime | None) -> str:
    if moment is None:
        return "time unknown"
    return moment.strftime("%Y-%m-%d %H:%M") + (f" {moment.tzname()}" if moment.tzname() else "")


def outlet_order(comparison: Comparison) -> list[str]:
    """Outlets in order of first publication, then any other outlet a finding names."""
    order = list(comparison.coverage.outlets)
    others = {outlet_name(a) for a in comparison.articles}
    others |= {o for f in comparison.facts for o in f.outlets}
    others |= {o for o, _ in comparison.omissions}
    order += sorted(others - set(order))
    return order


def _in_order(comparison: Comparison) -> str:
    """The outlets in order of publication, those published at the same time together
    ("Fox News and HuffPost (same time), New York Times"); undated outlets last."""
    times: dict[str, datetime] = {}
    for a in comparison.articles:
        at, name = a.published, outlet_name(a)
        known = times.get(name)
        if at is not None and (known is None or at < known):
            times[name] = at
    steps: list[list[str]] = []
    last: object = object()
    for name in comparison.coverage.outlets:
        at = times.get(name)
        if steps and at is not None and at == last:
            steps[-1].append(name)
        else:
            steps.append([name])
        last = at
    return ", ".join(
        " and ".join(sorted(step)) + (" (same time)" if len(step) > 1 else "") for step in steps
    )


def coverage_lines(comparison: Comparison) -> list[str]:
    """Who reported, who was first, and which reports are wire copies (counted once)."""
    cov = comparison.coverage
    outlets = outlet_order(comparison)
    copies = sum(len(g.copies) for g in cov.wire_groups)
    count = plural(len(outlets), "outlet")
    if copies:
        lines = [
            f"{count}: {plural(cov.independent, 'original')}, "
            f"{plural(copies, 'copy', 'copies')} (wire copies counted once)"
        ]
    else:
        lines = [f"{count}: {plural(cov.independent, 'original report')}, no wire copies"]
    first = article_of(comparison, cov.first) if cov.first else None
    dated = sorted(
        (a.published, outlet_name(a)) for a in comparison.articles if a.published is not None
    )
    if first is not None:
        lines.append(f"First to report: {outlet_name(first)} ({when(first.published)})")
    elif dated:
        tied = sorted({name for at, name in dated if at == dated[0][0]})
        lines.append(
            f"First to report: none stands out ({', '.join(tied)} published at the same time, "
            f"{when(dated[0][0])})"
        )
    else:
        lines.append("First to report: unknown (no publication times)")
    if len(cov.outlets) > 1 and len({at for at, _ in dated}) > 1:
        lines.append("Order of publication: " + _in_order(comparison))
    for group in cov.wire_groups:
        names = ", ".join(outlet_of(comparison, c) for c in group.copies)
        verb = "republishes" if len(group.copies) == 1 else "republish"
        lines.append(f"Wire copy: {names} {verb} {outlet_of(comparison, group.original)}")
    return lines


def scored_terms(framing: ArticleFraming) -> tuple[list[FramedTerm], list[FramedTerm]]:
    """The terms that make the subjectivity score (loaded, subjective) and the others
    (hedges, intensifiers), listed apart so that the list matches the score."""
    counted = [t for t in framing.terms if t.category in SUBJECTIVE_CATEGORIES]
    return counted, [t for t in framing.terms if t.category not in SUBJECTIVE_CATEGORIES]


def distinct_terms(
    comparison: Comparison, terms: Sequence[FramedTerm]
) -> list[tuple[FramedTerm, int]]:
    """Each word once, with how often the outlet uses it ("claimed" twice, "Withering" and
    "withering" as one), in the order first used; the use shown is one with a neutral
    counterpart in another outlet when there is one."""
    groups: dict[tuple[str, str], list[FramedTerm]] = {}
    for term in terms:
        groups.setdefault((term_text(comparison, term).casefold(), term.category), []).append(term)
    return [
        (next((t for t in uses if t.neutral is not None), uses[0]), len(uses))
        for uses in groups.values()
    ]


def times(count: int) -> str:
    """ " (3×)" after a word used more than once."""
    return f" ({count}×)" if count > 1 else ""


def uncounted_line(comparison: Comparison, terms: Sequence[FramedTerm]) -> str:
    """ "Not in the score: hedges “could”, “may”; intensifiers “undoubtedly”"."""
    by_kind: dict[str, list[str]] = {}
    for term, count in distinct_terms(comparison, terms):
        word = f"“{term_text(comparison, term)}”{times(count)}"
        by_kind.setdefault(term.category, []).append(word)
    kinds = [f"{kind}s {', '.join(words)}" for kind, words in sorted(by_kind.items())]
    return "Not in the score: " + "; ".join(kinds)


# "most loaded" is said of an outlet only when it stands out: at least this many loaded or
# subjective terms, and a score this many times the next outlet's (one word more is noise)
MIN_LOADED_TERMS = 2
CLEARLY_MORE = 1.5


def most_loaded(comparison: Comparison) -> ArticleFraming | None:
    """The article whose wording is clearly the most loaded, if one stands out."""
    scored = sorted(
        (f for f in comparison.framing if f.subjectivity > 0),
        key=lambda f: (f.subjectivity, len(f.terms)),
        reverse=True,
    )
    if not scored:
        return None
    top, runner_up = scored[0], (scored[1].subjectivity if len(scored) > 1 else 0.0)
    if len(scored_terms(top)[0]) < MIN_LOADED_TERMS or top.subjectivity < CLEARLY_MORE * runner_up:
        return None
    return top


def no_most_loaded(comparison: Comparison) -> str:
    """What the framing section says when no outlet stands out as the most loaded."""
    if any(f.subjectivity > 0 for f in comparison.framing):
        return "No outlet's wording is clearly more loaded than the others'."
    return "No outlet uses loaded or subjective wording."


def quote_columns(speaker: SpeakerQuotes, comparison: Comparison) -> list[str]:
    """The outlets that quote ``speaker``, in order of publication."""
    quoting = {u.outlet for g in speaker.groups for u in g.uses}
    return [o for o in outlet_order(comparison) if o in quoting] + sorted(
        quoting - set(outlet_order(comparison))
    )


def fact_index(comparison: Comparison) -> dict[str, Fact]:
    return {f.key: f for f in comparison.facts}


# --- the terminal report -------------------------------------------------------------------


def _heading(console: Console, title: str, detail: str = "") -> None:
    console.print()
    console.print(f"[bold underline]{title}[/]" + (f"  [dim]{escape(detail)}[/]" if detail else ""))


def _quoted(text: str) -> str:
    left, right = quote_marks(text)
    return f"{left}{escape(text)}{right}"


def _header(console: Console, comparison: Comparison) -> None:
    console.print("[bold]PARALLAX COMPARISON[/]")
    for article in comparison.articles:
        console.print(
            f"  [bold]{escape(outlet_name(article))}[/]  [dim]{escape(when(article.published))}[/]"
            f"  {escape(trim(article.title or '(untitled)', 90))}"
        )
    for line in coverage_lines(comparison):
        console.print("  " + escape(line))


def _sides(console: Console, comparison: Comparison, facts: Sequence[Fact]) -> None:
    for fact in facts:
        console.print(
            f"  [bold]{escape(fact.key)}[/] {len(fact.outlets)} outlets: "
            + escape(", ".join(fact.outlets))
        )
        for outlet, pieces, framing in side_by_side(comparison, fact):
            words = "".join(f"[underline]{escape(t)}[/]" if d else escape(t) for t, d in pieces)
            note = f"  [yellow]({escape(framing)})[/]" if framing else ""
            left, right = quote_marks("".join(t for t, _ in pieces))
            console.print(f"      [italic]{escape(outlet)}[/]: {left}{words}{right}{note}")
        for outlet, text in perhaps_also(comparison, fact):
            left, right = quote_marks(text)
            also = f"perhaps also [italic]{escape(outlet)}[/]"
            console.print(f"      [dim]{also}: {left}{escape(text)}{right}[/]")


def _shared(console: Console, comparison: Comparison) -> None:
    shared = comparison.shared
    _heading(console, "SHARED CORE", plural(len(shared), "fact") + " carried by 2+ outlets")
    if not shared:
        console.print(f"  {no_shared(comparison)}")
    _sides(console, comparison, shared)
    if shared:
        console.print("  [dim]Underlined: words no other outlet uses for that fact.[/]")
    maybe = comparison.perhaps_same
    if maybe:
        console.print()
        console.print(
            f"  [bold]Perhaps the same fact[/] ({plural(len(maybe), 'group')} of close sentences)"
        )
        console.print(f"  [dim]{escape(MAYBE_NOTE)}[/]")
        _sides(console, comparison, maybe)
    loose = comparison.loosely_related
    if loose:
        console.print()
        console.print(f"  [bold]Loosely related[/] ({plural(len(loose), 'group')} of sentences)")
        console.print(f"  [dim]{escape(LOOSE_NOTE)}[/]")
        _sides(console, comparison, loose)


def _unique(console: Console, comparison: Comparison) -> None:
    _heading(console, "UNIQUE", "what only one outlet reports")
    any_unique = False
    for outlet in outlet_order(comparison):
        facts = comparison.unique(outlet)
        if not facts:
            continue
        any_unique = True
        console.print(f"  [bold]{escape(outlet)}[/] ({plural(len(facts), 'fact')} only it reports)")
        for fact in facts:
            framing = framing_note(comparison, fact.evidence[0])
            note = f"  [yellow]({escape(framing)})[/]" if framing else ""
            console.print(
                f"    [dim]{escape(fact.key)}[/] "
                + _quoted(representative(comparison, fact))
                + note
            )
    for outlet in outlet_order(comparison):
        maybe = comparison.near_unique(outlet)
        if maybe:
            console.print(f"  [dim]{escape(near_unique_heading(outlet, len(maybe)))}[/]")
            for fact in maybe[:NEAR_UNIQUE_SHOWN]:
                console.print(
                    f"    [dim]{escape(fact.key)}[/] "
                    + _quoted(trim(representative(comparison, fact), NEAR_UNIQUE_LIMIT))
                )
            if len(maybe) > NEAR_UNIQUE_SHOWN:
                console.print(f"    [dim]{escape(more_facts(maybe[NEAR_UNIQUE_SHOWN:]))}[/]")
    if not any_unique:
        console.print(f"  {no_unique(comparison)}")


def _omissions(console: Console, comparison: Comparison) -> None:
    _heading(console, "OMISSIONS", "facts most other outlets carry")
    facts = fact_index(comparison)
    if not comparison.omissions:
        console.print(f"  {NO_OMISSION}")
    for outlet, keys in comparison.omissions:
        console.print(f"  [bold]{escape(outlet)}[/] leaves out {plural(len(keys), 'fact')}:")
        for key in keys:
            fact = facts.get(key)
            if fact is None:
                console.print(f"    [dim]{escape(key)}[/]")
                continue
            console.print(
                f"    [dim]{escape(key)}[/] "
                + _quoted(representative(comparison, fact))
                + f" [dim](carried by {escape(', '.join(fact.outlets))})[/]"
            )
    for outlet, keys in comparison.not_found:
        console.print(
            f"  [dim]Not found in {escape(outlet)} (lower confidence: it may tell them in "
            f"other words): {escape(', '.join(keys))}[/]"
        )


def _conflicts(console: Console, comparison: Comparison) -> None:
    _heading(console, "CONFLICTS", plural(len(comparison.conflicts), "disagreement"))
    if not comparison.conflicts:
        console.print(f"  {NO_CONFLICT}")
    for conflict in comparison.conflicts:
        console.print(
            f"  [bold red]{escape(conflict.kind)}[/] {escape(conflict.what)}"
            f"  [dim](confidence {conflict.confidence:.2f})[/]"
        )
        for side in conflict.sides:
            console.print(
                f"    [bold]{escape(side.outlet)}[/]: {escape(side.value)}"
                + _in_its_sentence(comparison, side)
            )


def _in_its_sentence(comparison: Comparison, side: ConflictSide) -> str:
    """A side's value marked in the sentence that gives it, for a conflict line."""
    found = in_sentence(comparison, side.evidence)
    if found is None:
        return ""
    before, marked, after = found
    left, right = quote_marks(before + marked + after)
    return (
        f"  [dim]{escape(left + before)}[/][bold]{escape(marked)}[/][dim]{escape(after + right)}[/]"
    )


def _maybe_conflicts(console: Console, comparison: Comparison) -> None:
    if not comparison.maybe_conflicts:
        return
    console.print(
        f"  [dim]Perhaps different figures ({len(comparison.maybe_conflicts)}): "
        f"{escape(MAYBE_CONFLICT_NOTE)}[/]"
    )
    for conflict in comparison.maybe_conflicts:
        console.print(f"    [dim]{escape(conflict.what)}[/]")
        for side in conflict.sides:
            console.print(
                f"      {escape(side.outlet)}: {escape(side.value)}"
                + _in_its_sentence(comparison, side)
            )


def _quotes(console: Console, comparison: Comparison) -> None:
    _heading(console, "QUOTES", "side by side per speaker")
    if not comparison.quotes:
        console.print("  No quotation found.")
    for speaker in comparison.quotes:
        columns = quote_columns(speaker, comparison)
        table = Table(
            title=escape(speaker_title(speaker.speaker)), title_justify="left", show_lines=True
        )
        table.add_column("", style="dim", no_wrap=True)
        for outlet in columns:
            table.add_column(escape(outlet), overflow="fold")
        for group in speaker.groups:
            label = "shared" if len(group.outlets) > 1 else f"only {group.outlets[0]}"
            cells = quote_cells(comparison, group, columns, escape)
            table.add_row(escape(label), *("\n".join(c) if c else "—" for c in cells))
        console.print(table)
        if has_partial(speaker):
            console.print(f"  [dim]{escape(PARTIAL_NOTE)}[/]")


def _framing(console: Console, comparison: Comparison) -> None:
    _heading(console, "FRAMING", "subjectivity: loaded or subjective words per 100 words")
    if not comparison.framing:
        console.print("  No framing measured.")
        return
    top = most_loaded(comparison)
    for framing in sorted(comparison.framing, key=lambda f: -f.subjectivity):
        flag = "  [bold yellow]most loaded[/]" if framing is top else ""
        console.print(
            f"  [bold]{escape(framing.outlet)}[/] subjectivity {framing.subjectivity:.2f}"
            f" ({plural(len(scored_terms(framing)[0]), 'loaded or subjective term')}){flag}"
        )
        counted, other_terms = scored_terms(framing)
        for term, count in distinct_terms(comparison, counted):
            line = (
                f"    {_quoted(term_text(comparison, term))}{times(count)}"
                f" [dim]{escape(term.category)}[/]"
            )
            neutral = passage(comparison, term.neutral) if term.neutral else None
            if term.neutral and neutral:
                line += (
                    f" — neutral in {escape(outlet_of(comparison, term.neutral.article_id))}: "
                    + _quoted(trim(neutral, 110))
                )
            console.print(line)
        if other_terms:
            console.print(f"    [dim]{escape(uncounted_line(comparison, other_terms))}[/]")
    if top is not None:
        console.print(f"  Most loaded: [bold]{escape(top.outlet)}[/] ({top.subjectivity:.2f})")
    else:
        console.print(f"  {no_most_loaded(comparison)}")
    for outlet, speakers in sole_voices(comparison).items():
        console.print(
            f"  Quotes no other outlet carries: [bold]{escape(outlet)}[/] quotes "
            + escape(", ".join(speakers))
        )


def print_comparison(
    console: Console, comparison: Comparison, *, registry: OutletRegistry | None = None
) -> None:
    """Print ``comparison``: coverage, shared core, unique facts, omissions, conflicts,
    quotes side by side, framing and the outlets (``registry``, else the bundled list). All
    article text is printed as text, never as markup."""
    _header(console, comparison)
    _shared(console, comparison)
    _unique(console, comparison)
    _omissions(console, comparison)
    _conflicts(console, comparison)
    _maybe_conflicts(console, comparison)
    _quotes(console, comparison)
    _framing(console, comparison)
    _outlets(console, comparison, registry or bundled_registry())


def _outlets(console: Console, comparison: Comparison, registry: OutletRegistry) -> None:
    from parallax.render.outlets_report import outlets_lines  # it imports render.html

    _heading(console, "OUTLETS", "country and leaning where known, blindspots, timeline")
    for line in outlets_lines(comparison, registry):
        console.print(f"  {escape(line)}")
