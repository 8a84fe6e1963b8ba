"""Framing: loaded and subjective wording, intensifiers and hedges, and a subjectivity score.

The wording is found with curated lexicons (``parallax/comparison/lexicon/*.txt``), one entry a
line: a word or phrase, matched case-insensitively on word boundaries. Each word of an entry
also matches its simple inflections ("slam" finds "slams", "slammed", "slamming"; "gloomy"
finds "gloomier"; "grow gloomy" finds "grows gloomier"). An entry ending in ``*`` matches any
word that starts with it; an entry starting with ``=`` matches only as written.

``neutral.txt`` lists phrases that make a lexicon word neutral where they stand ("claimed
responsibility", "pension scheme", "this very moment"): they are matched like the others and
then dropped. Longer matches win over shorter ones, so a phrase is preferred over its parts
and no two terms overlap. Words inside direct quotations are the speaker's, not the outlet's,
and are not counted.

No sentiment is used: news about war ("attack", "killed", "strikes", "rebels") is factual
wording, not framing, and none of it is in the lexicons. Reporting verbs ("said", "told")
are neutral.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from parallax.comparison.records import ArticleFraming, FramedTerm
from parallax.errors import InputError
from parallax.models import Span

CATEGORIES = ("loaded", "subjective", "intensifier", "hedge")
NEUTRAL = "neutral"
SUBJECTIVE_CATEGORIES = frozenset({"loaded", "subjective"})
# Weights of one term of each category in the sentence score, and the decision threshold on
# the weighted count per ``_SCALE`` words (sentences shorter than that count as ``_SCALE``):
# one loaded or subjective term biases a sentence of up to 80 words, an intensifier one of up
# to 40; hedges express doubt, not bias. Global values, chosen on the BABE dev split.
WEIGHTS = {"loaded": 1.0, "subjective": 1.0, "intensifier": 0.5, "hedge": 0.0}
THRESHOLD = 0.5
_SCALE = 40
# Of two matches of the same text, the first category here wins: an explicit intensifier or
# hedge ("extremely") over the inflection of a loaded word ("extreme").
_PRIORITY = {c: i for i, c in enumerate((NEUTRAL, "intensifier", "hedge", "loaded", "subjective"))}
FILES = {
    "loaded": "loaded.txt",
    "subjective": "subjective.txt",
    "intensifier": "intensifiers.txt",
    "hedge": "hedges.txt",
    NEUTRAL: "neutral.txt",
}

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_QUOTE = re.compile(r"[\"“”](?P<inner>[^\"“”\n]{1,800})[\"“”]")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”]\s*)$")


def _word_forms(word: str) -> set[str]:
    """A word and its simple inflections: plural, past, -ing, comparative, -ly."""
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    suffixes = ("s", "es", "ed", "ing", "er", "est", "ly")
    forms.update(word + s for s in suffixes)
    if word.endswith("e"):
        stem = word[:-1]
        forms.update(stem + s for s in ("ed", "ing", "er", "est", "ely", "y"))
        forms.add(word + "d")
    if word.endswith("y") and word[-2] not in "aeiou":
        stem = word[:-1]
        forms.update(stem + s for s in ("ies", "ied", "ier", "iest", "ily", "iness"))
    if word.endswith("le"):
        forms.add(word[:-1] + "y")  # terrible -> terribly
    if word.endswith("ic"):
        forms.add(word + "ally")
    vowels = "aeiou"
    if (
        len(word) >= 3
        and word[-1] not in vowels + "wxy"
        and word[-2] in vowels
        and word[-3] not in vowels
    ):
        forms.update(word + word[-1] + s for s in ("ed", "ing", "er", "est"))
    return forms


def _entry_pattern(entry: str) -> str:
    """The regex of one lexicon entry (no surrounding word boundaries)."""
    if entry.startswith("="):
        words = entry[1:].split()
        return r"\s+".join(re.escape(w) for w in words)
    parts = []
    for word in entry.split():
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[\w'’\-]*")
            continue
        forms = sorted(_word_forms(word), key=lambda f: (-len(f), f))
        parts.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
    return r"[\s\-]+".join(parts)


def _entry_size(entry: str) -> tuple[int, int]:
    body = entry.lstrip("=")
    return (len(body.split()), len(body))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The entries of each category (and of ``neutral``), and one compiled regex for each."""

    entries: tuple[tuple[str, tuple[str, ...]], ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def from_entries(cls, entries: Mapping[str, Iterable[str]]) -> Lexicon:
        known = (NEUTRAL, *CATEGORIES)
        unknown = sorted(set(entries) - set(known))
        if unknown:
            raise InputError(
                "lexicon",
                f"unknown categories {', '.join(unknown)}",
                fix=f"use one of {', '.join(known)}",
            )
        kept: list[tuple[str, tuple[str, ...]]] = []
        patterns: list[tuple[str, re.Pattern[str]]] = []
        for category in known:
            words = tuple(
                sorted({e.strip().lower() for e in entries.get(category, ()) if e.strip()})
            )
            kept.append((category, words))
            if not words:
                continue
            ordered = sorted(words, key=_entry_size, reverse=True)
            alternation = "|".join(_entry_pattern(e) for e in ordered)
            regex = re.compile(
                rf"(?<![\w\-'’])(?:{alternation})(?![\w\-]|['’](?!s\b)\w)", re.IGNORECASE
            )
            patterns.append((category, regex))
        return cls(tuple(kept), tuple(patterns))

    @classmethod
    def load(cls, *extra: Path) -> Lexicon:
        """The shipped lexicons, plus user files of ``category: word or phrase`` lines."""
        entries: dict[str, list[str]] = {c: list(v) for c, v in default_lexicon().entries}
        for path in extra:
            for category, entry in read_user_lexicon(path):
                entries.setdefault(category, []).append(entry)
        return cls.from_entries(entries)

    def size(self, category: str) -> int:
        return next((len(words) for c, words in self.entries if c == category), 0)


def _read_lines(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def read_user_lexicon(path: Path) -> list[tuple[str, str]]:
    """Lines ``category: word or phrase`` of a user lexicon; ``#`` starts a comment."""
    if not path.is_file():
        raise InputError(str(path), "is not a file", fix="give the path of a lexicon text file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})") from exc
    out: list[tuple[str, str]] = []
    for number, line in enumerate(_read_lines(text), start=1):
        category, sep, entry = line.partition(":")
        category = category.strip().lower()
        if not sep or not entry.strip() or category not in (NEUTRAL, *CATEGORIES):
            raise InputError(
                f"{path}:{number}",
                f"{line!r} is not a lexicon entry",
                fix=f"write 'category: word or phrase' with a category of "
                f"{', '.join((*CATEGORIES, NEUTRAL))}",
            )
        out.append((category, entry.strip()))
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicons shipped with Parallax (read once)."""
    folder = resources.files("parallax.comparison").joinpath("lexicon")
    entries = {
        category: _read_lines(folder.joinpath(FILES[category]).read_text(encoding="utf-8"))
        for category in (NEUTRAL, *CATEGORIES)
    }
    return Lexicon.from_entries(entries)


def quoted_spans(text: str) -> list[Span]:
    """Spans of direct quotations (closed within one paragraph) in ``text``."""
    return [Span(m.start("inner"), m.end("inner")) for m in _QUOTE.finditer(text)]


def _is_month(text: str, start: int, matched: str) -> bool:
    """ "May" capitalised in mid-sentence is the month, not the hedge."""
    return matched == "May" and not _SENTENCE_END.search(text[max(0, start - 3) : start])


def _is_name(text: str, start: int, matched: str) -> bool:
    """ "Big Government" capitalised word by word in mid-sentence names something (a
    website, a group): the writer cites it, the wording is not theirs."""
    words = matched.split()
    return (
        len(words) > 1
        and all(w[:1].isupper() for w in words)
        and not _SENTENCE_END.search(text[max(0, start - 3) : start])
        and start > 0
    )


def find_terms(
    text: str,
    *,
    lexicon: Lexicon | None = None,
    skip_quotes: bool = True,
    skip: Sequence[Span] = (),
) -> list[tuple[Span, str]]:
    """Non-overlapping ``(span, category)`` of the framing terms of ``text``, in text order;
    none in quotation marks (``skip_quotes``) nor in the ``skip`` spans (the analysis' direct
    quotes, which may run over paragraphs whose marks a line alone does not close)."""
    lex = lexicon or default_lexicon()
    found: list[tuple[int, int, int, str]] = []
    for category, regex in lex.patterns:
        for m in regex.finditer(text):
            found.append((m.start(), m.end(), _PRIORITY[category], category))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int]] = []
    kept: list[tuple[Span, str]] = []
    for start, end, _, category in found:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        matched = text[start:end]
        if (
            category == NEUTRAL
            or (category == "hedge" and _is_month(text, start, matched))
            or _is_name(text, start, matched)
        ):
            continue
        kept.append((Span(start, end), category))
    quotes = [*quoted_spans(text), *skip] if skip_quotes else list(skip)
    if quotes:
        kept = [
            (span, c) for span, c in kept if not any(q.start <= span.start < q.end for q in quotes)
        ]
    kept.sort(key=lambda t: t[0].start)
    return kept


def word_count(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def subjectivity(text: str, terms: Sequence[tuple[Span, str]]) -> float:
    """Share of the words of ``text`` that are in loaded or subjective terms, x100."""
    total = word_count(text)
    if total == 0:
        return 0.0
    framed = sum(word_count(span.of(text)) for span, c in terms if c in SUBJECTIVE_CATEGORIES)
    return 100.0 * framed / total


def frame_article(
    article_id: str,
    outlet: str,
    text: str,
    *,
    lexicon: Lexicon | None = None,
    skip: Sequence[Span] = (),
) -> ArticleFraming:
    """The framing terms of one article and its subjectivity score; ``skip`` holds the
    spans of the words it quotes (see :func:`find_terms`)."""
    terms = find_terms(text, lexicon=lexicon, skip=skip)
    return ArticleFraming(
        article_id=article_id,
        outlet=outlet,
        subjectivity=subjectivity(text, terms),
        terms=tuple(FramedTerm(article_id, span, category) for span, category in terms),
    )


def sentence_bias(sentence: str, *, lexicon: Lexicon | None = None) -> float:
    """Weighted count of the framing terms of ``sentence`` per ``_SCALE`` words.

    Quoted words count here: a sentence that picks a loaded quotation is judged as a whole.
    """
    words = word_count(sentence)
    if words == 0:
        return 0.0
    terms = find_terms(sentence, lexicon=lexicon, skip_quotes=False)
    weighted = sum(WEIGHTS[c] for _, c in terms)
    return weighted * _SCALE / max(words, _SCALE)


def is_biased(sentence: str, *, lexicon: Lexicon | None = None) -> bool:
    """Whether ``sentence`` reads as biased rather than neutral."""
    return sentence_bias(sentence, lexicon=lexicon) >= THRESHOLD
