"""What the comparison knows about each article: text, analysis, outlet, sentence units."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from parallax.analysis.aliases import CollectionEntity, merge_entities
from parallax.analysis.records import Analysis, Clause, Quote
from parallax.analysis.speakers import UNNAMED
from parallax.clean.boilerplate import boilerplate_reason
from parallax.clean.meta import split_dateline
from parallax.comparison.align import Unit, content_words
from parallax.comparison.records import Evidence, outlet_name
from parallax.models import Article, Span

MIN_WORDS = 4
PART_WORDS = 6  # a clause of a longer sentence compared on its own from this many words
MAX_GROUP_WORDS = 90  # sentences joined into one unit stay within this many words
CORE_SHARE = 0.4  # what a quote says stands for its clause when it fills this much of it
_DANGLING = re.compile(r"[\s“”\"'‘’]*[,;:]\s*|[-–•*]\s*(?=[^\W\d_])")
_NAME_WORD = re.compile(r"\w+")
# words of outlet names that name no outlet of their own ("the Daily", "News", "Times")
_GENERIC_OUTLET_WORDS = frozenset({"the", "news", "daily", "times", "post", "new"})
_LEADING = re.compile(
    r"^(?:and|but|or|yet|so|while|whereas)\s+", re.IGNORECASE
)  # shorter sentences ("Share.", "He agreed.") are not facts on their own


@dataclass(frozen=True, slots=True)
class Reading:
    """One article as the comparison reads it."""

    index: int
    article: Article
    analysis: Analysis
    outlet: str

    def text(self, span: Span) -> str:
        return span.of(self.article.text)

    def sentence_order(self, span: Span) -> int:
        """Number of the sentence that holds ``span``."""
        return next(
            (i for i, s in enumerate(self.analysis.sentences) if s.start <= span.start < s.end),
            0,
        )

    def position(self, order: int) -> str:
        total = max(1, len(self.analysis.sentences))
        first_paragraph_end = self.article.paragraphs[0].end if self.article.paragraphs else 0
        sentence = self.analysis.sentences[order]
        if order < 2 or sentence.end <= first_paragraph_end:
            return "lede"
        return "late" if order >= total * 2 / 3 else "body"

    def names_itself(self, span: Span) -> bool:
        """Whether ``span`` names this article's own outlet ("told Fox News", "in an email
        to HuffPost"): words said to the outlet that reports them."""
        own = set(_NAME_WORD.findall(fold(self.outlet))) - _GENERIC_OUTLET_WORDS
        return bool(own & set(_NAME_WORD.findall(fold(self.text(span)))))

    def evidence(self, span: Span, order: int | None = None) -> Evidence:
        if order is None:
            order = self.sentence_order(span)
        position = self.position(order) if self.analysis.sentences else "body"
        return Evidence(self.article.id, span, position)


@dataclass(frozen=True, slots=True)
class Context:
    readings: tuple[Reading, ...]
    entities: tuple[CollectionEntity, ...]
    names: dict[tuple[str, str], str]  # (article id, entity key) -> collection-level name
    short_names: dict[str, str] = field(default_factory=dict)  # "Marrow" -> "Ilse Marrow"

    def speaker(self, reading: Reading, quote: Quote) -> str | None:
        """Who ``quote`` is given to, by the name the outlets share; None when the article
        names no one (a "she said" whose name a cut text lost is no speaker to show)."""
        name = quote.speaker_name
        if quote.speaker_key is not None:
            name = self.names.get((reading.article.id, quote.speaker_key), name)
        if not name or name.casefold() in UNNAMED:
            return None
        return self.short_names.get(name, name)

    def person(self, reading: Reading, quote: Quote | None) -> str | None:
        """The person ``quote`` is given to, as a name compared across outlets (no case or
        accents: "Calderón" and "Calderon" are one), or None when it is not a named person
        (an outlet, a group: "according to the Times")."""
        if quote is None or not any(
            e.key == quote.speaker_key and e.kind == "person" for e in reading.analysis.entities
        ):
            return None
        name = self.speaker(reading, quote)
        return fold(name) if name else None

    def unit_text(self, unit: Unit, *, core: bool = True) -> str:
        """What is embedded for a unit: its words, with the subject it shares restored
        ("and are threatening the rebels" -> "Islamic State fighters are threatening ...")."""
        text = self.readings[unit.index].article.text
        start, end = (unit.core if core else None) or (unit.start, unit.end)
        words = _LEADING.sub("", text[dateline_end(text, start, end) : end])
        if unit.subject is not None and start == unit.start:
            words = f"{text[unit.subject[0] : unit.subject[1]]} {words}"
        return words

    def part_text(self, unit: Unit, part: tuple[int, int, tuple[int, int] | None]) -> str:
        """The words of one clause of a unit, with the subject it shares restored."""
        text = self.readings[unit.index].article.text
        start, end, subject = part
        words = _LEADING.sub("", text[dateline_end(text, start, end) : end])
        if subject is not None:
            words = f"{text[subject[0] : subject[1]]} {words}"
        return words

    def units(self) -> list[Unit]:
        """One unit per sentence a reader can read alone: a sentence that cannot stand
        alone (it starts with "and" or in lowercase, as the rest of a quote its attribution
        interrupts does: "A," he said, "and B.") joins the one before, within a paragraph.
        A sentence an article repeats word for word (a scraped page that gives its headline or
        lead twice) is one unit, the first."""
        units: list[Unit] = []
        for r in self.readings:
            a = r.analysis
            clauses = a.clauses or tuple(Clause(s) for s in a.sentences)
            seen: set[str] = set()
            for order, s in _sentence_groups(r):
                text = r.text(s)
                if len(text.split()) < MIN_WORDS or boilerplate_reason(text) is not None:
                    continue  # too short to tell a fact, or page furniture inside a paragraph
                said_once = " ".join(fold(text).split())
                if said_once in seen:
                    continue
                seen.add(said_once)

                def inside(span: Span, s: Span = s) -> bool:
                    return s.start <= span.start and span.end <= s.end

                ents = frozenset(
                    self.names[(r.article.id, e.key)]
                    for e in a.entities
                    if any(inside(m) for m in e.mentions)
                )
                numbers = frozenset(
                    q.value for q in a.quantities if q.value is not None and inside(q.span)
                )
                dates = frozenset(
                    str(d.start) for d in a.dates if d.start is not None and inside(d.span)
                )
                core = _core(a.quotes, s)
                said = frozenset[str]()
                if core is not None:
                    text = r.article.text[core[0] : core[1]]
                    said = ents - frozenset(
                        self.names[(r.article.id, e.key)]
                        for e in a.entities
                        if any(core[0] <= m.start and m.end <= core[1] for m in e.mentions)
                    )
                mine = [c for c in clauses if inside(c.span)]
                parts = tuple(
                    (
                        c.span.start,
                        c.span.end,
                        (c.subject.start, c.subject.end) if c.subject else None,
                    )
                    for c in mine
                    if len(r.text(c.span).split()) >= PART_WORDS
                )
                if len(parts) < 2:
                    parts = ()
                voice = _voice(a.quotes, s)
                units.append(
                    Unit(
                        r.index,
                        s.start,
                        s.end,
                        order,
                        ents,
                        numbers,
                        dates,
                        content_words(text),
                        None,
                        core,
                        said,
                        parts,
                        self.person(r, voice),
                    )
                )
        return units


DATELINE_REACH = 160  # characters: the longest dateline read ("NEW YORK, NY, Jan. 5, 2026 --")


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the words of ``text[start:end]`` begin after its dateline, as the cleaner reads
    one ("VELMORA, March 3 (Meridian Wire) - ", "PHOENIX — "): where and who, not what
    happened; ``start`` when it has none."""
    if not (text[start : start + 2].isupper() or text.startswith("(", start)):
        return start  # every dateline opens with a capitalised place or a "(Wire)"
    head = text[start : min(end, start + DATELINE_REACH)]
    dateline, rest = split_dateline(head)
    return start + len(head) - len(rest) if dateline is not None else start


def fold(text: str) -> str:
    """Lowercase without accents: "Calderón" and "Calderon" are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def singular(word: str) -> str:
    """A plural's "s" dropped ("pews" -> "pew", "questioners" -> "questioner"; not "press")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _sentence_groups(reading: Reading) -> list[tuple[int, Span]]:
    """The article's sentences joined where one cannot be read alone: (first sentence
    number, span) per group."""
    a = reading.analysis
    text = reading.article.text
    groups: list[list[int]] = []  # [first sentence, start, end]
    for i, s in enumerate(a.sentences):
        if groups:
            prev_end = groups[-1][2]
            gap = text[prev_end : s.start]
            same_paragraph = "\n" not in gap
            words = len(text[groups[-1][1] : s.end].split())
            head = text[s.start : s.end].lstrip("“”\"'‘’ ")
            # "and ...", "whose ...", "— whose ...", ", I invited ...": the rest of a sentence
            tail = (
                _LEADING.match(head) is not None
                or head[:1].islower()
                or head[:1] in {"—", "–", "-", ",", ";", ":", "…"}
            )
            # "Politics Daily recently reported:" introduces what follows, even in a new
            # paragraph: a lead-in is read with it
            lead_in = text[groups[-1][1] : prev_end].rstrip().endswith(":")
            if words <= MAX_GROUP_WORDS and ((same_paragraph and tail) or lead_in):
                groups[-1][2] = s.end
                continue
        groups.append([i, s.start + _dangling(text[s.start : s.end]), s.end])
    return [(g[0], Span(g[1], g[2])) for g in groups]


def _dangling(sentence: str) -> int:
    """Length of the punctuation a sentence opens with when what came before it is lost
    (a tweet whose handle the page dropped: "“, I invited you ...") or that marks a list
    item ("-Here are the facts"): a reader's sentence starts after it."""
    m = _DANGLING.match(sentence)
    return m.end() if m is not None and m.end() < len(sentence) else 0


def _quoted(quotes: Sequence[Quote], clause: Span) -> list[tuple[int, int, Quote]]:
    """The pieces of quotes that make most of the clause (``CORE_SHARE``), as (start, end,
    quote) within it, the longest first."""
    found = []
    for quote in quotes:
        for part in quote.parts or (quote.content,):
            start, end = max(part.start, clause.start), min(part.end, clause.end)
            if end - start >= CORE_SHARE * (clause.end - clause.start):
                found.append((start, end, quote))
    return sorted(found, key=lambda f: f[0] - f[1])  # stable: the first of equals stays first


def _voice(quotes: Sequence[Quote], clause: Span) -> Quote | None:
    """The quote that makes most of the clause and names who said it."""
    return next((q for _, _, q in _quoted(quotes, clause) if q.speaker_key is not None), None)


def _core(quotes: Sequence[Quote], clause: Span) -> tuple[int, int] | None:
    """The words a quote reports, when they make most of the clause: "Islamic State is
    threatening the rebels, the minister said on Wednesday" -> the part before the comma."""
    found = _quoted(quotes, clause)
    if not found or found[0][:2] == (clause.start, clause.end):
        return None
    return found[0][0], found[0][1]


def build_context(articles: Sequence[Article], analyses: Sequence[Analysis]) -> Context:
    readings = tuple(
        Reading(i, article, analysis, outlet_name(article))
        for i, (article, analysis) in enumerate(zip(articles, analyses, strict=True))
    )
    entities = tuple(merge_entities(analyses))
    names = {member: e.name for e in entities for member in e.members}
    return Context(readings, entities, names, _short_names(readings, names))


def _short_names(readings: Sequence[Reading], names: dict[tuple[str, str], str]) -> dict[str, str]:
    """A speaker named by a surname in one outlet and in full in another ("Marrow", "Ilse
    Marrow") is one speaker: a name maps to the only longer speaker name that ends with it."""
    speakers = set()
    for r in readings:
        for q in r.analysis.quotes:
            name = q.speaker_name
            if q.speaker_key is not None:
                name = names.get((r.article.id, q.speaker_key), name)
            if name and name[:1].isupper():
                speakers.add(name)
    out = {}
    for name in speakers:
        words = name.split()
        longer = [
            other
            for other in speakers
            if len(other.split()) > len(words) and other.split()[-len(words) :] == words
        ]
        if len(longer) == 1:
            out[name] = longer[0]
    return out
