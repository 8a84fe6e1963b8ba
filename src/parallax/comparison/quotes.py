"""Quotes side by side: the same words across outlets, who they are given to, how they read.

Direct and partial quotes of different articles are the same words when their texts are
near-identical or one contains the other (a cut). Each group of the same words becomes one
line of the side-by-side view; a group given to different speakers is an attribution
conflict, a group whose wording differs is a quote-wording conflict.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from parallax.analysis.records import Quote
from parallax.analysis.speakers import GROUP_PRONOUNS, PERSON_PRONOUNS
from parallax.comparison.context import Context, Reading, fold, singular
from parallax.comparison.records import (
    Conflict,
    ConflictSide,
    QuoteGroup,
    QuoteUse,
    SpeakerQuotes,
)
from parallax.models import Span

SAME_WORDS = 82.0  # rapidfuzz ratio of normalised texts
CONTAINED = 95.0  # partial ratio when one quote is a cut of the other
MIN_WORDS = 4
SHINGLE = 3  # words in a run that two excerpts of one quote share
OVERLAP = 0.5  # share of the shorter excerpt's runs the other holds


@dataclass(frozen=True, slots=True)
class _Item:
    reading: Reading
    quote: Quote
    speaker: str | None
    text: str
    norm: str


_CONTRACTIONS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'m": " am",
    "'d": " would",
    "'s": " is",
}
_NUMBERS = {
    w: str(n)
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# words whose presence or absence changes no meaning worth a conflict
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "that",
        "this",
        "these",
        "those",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        # a tense the transcript heard otherwise ("who had expressed" / "who have expressed")
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "it",
        "its",
        "we",
        "i",
        "you",
        "he",
        "she",
        "they",
        "them",
        "us",
        "our",
        "my",
        "your",
        "his",
        "her",
        "their",
        "there",
        "then",
        "any",
        "just",
        "also",
        "very",
        "really",
        "well",
        "oh",
        "yes",
        "no",
    ]
)
_ELLIPSIS = "\u2026"


def _normalise(text: str) -> str:
    """Words of a quote for comparison: lowercase, no accents, contractions spelled out
    ("don't" -> "do not"), small numbers as digits ("two-in-three" -> "2 in 3"), abbreviations
    without their points, and an ellipsis (a cut the outlet marks) kept as its own token."""
    text = fold(text).replace("’", "'").replace("‘", "'")
    # a contraction a converter or tokenizer split ("the third time ' s the charm", "do n't")
    text = re.sub(r"(\w) ?' (s|re|ve|ll|m|d)\b|(\w) (n't)\b", r"\1\3'\2\4", text)
    text = re.sub(r"\.\.\.|…", f" {_ELLIPSIS} ", text)
    for short, full in _CONTRACTIONS.items():
        text = text.replace(short, full)
    # a censored word ("f***ing") and the word in full are one expletive
    text = re.sub(
        r"\b[a-z]+\*+[a-z]*|\b(?:fuck|shit|damn|bitch|bastard|crap)[a-z]*", " xexpletivex ", text
    )
    text = re.sub(r"\b(in|on) to\b", r"\1to", text)  # "paid in to" and "paid into": one word
    # an abbreviation with or without its points ("F.B.I." and "FBI"): one word
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", "") + " ", text)
    words = re.findall(r"[a-z0-9]+|" + _ELLIPSIS, text)
    return " ".join(_NUMBERS.get(w, singular(w)) for w in words)  # "pews" and "pew": one


def _words(norm: str) -> list[str]:
    return norm.split()


@functools.lru_cache(maxsize=4096)
def _shingles(norm: str) -> frozenset[tuple[str, ...]]:
    """Runs of ``SHINGLE`` words that hold a word that carries meaning ("he is a" of "He is
    a faker" and "He's a good guy" is no run of one quote)."""
    words = norm.split()
    runs = (tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    return frozenset(run for run in runs if _content(run))


def _plain(norm: str) -> str:
    return " ".join(w for w in norm.split() if w != _ELLIPSIS)


def _lined_up(a: list[str], b: list[str]) -> tuple[int, int]:
    """How many words of ``a`` and ``b`` line up in order (ellipses aside), and how many of
    those carry meaning (not "of the" or "I am")."""
    a = [w for w in a if w != _ELLIPSIS]
    b = [w for w in b if w != _ELLIPSIS]
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    words = [w for m in blocks for w in a[m.a : m.a + m.size]]
    return len(words), sum(w not in _FUNCTION for w in words)


def _matched(a: list[str], b: list[str]) -> int:
    """How many words of ``a`` and ``b`` line up in order (ellipses aside)."""
    return _lined_up(a, b)[0]


CUT_REACH = 3  # words an ellipsis may stand from a difference it accounts for
EDGE_WORDS = 2  # a replaced word or two at either end of the shared part is rewording
SAME_SHARE = 0.6  # share of the shorter quote's words that line up with the other's


def _same_words(a: _Item, b: _Item) -> bool:
    """The same quote: near-identical, one a cut of the other, two excerpts of one
    statement that share a run of words, or one wording of the other whose words mostly
    line up with it ("Our offer is fair, and it is still on the table" and "Our offer of
    3.5 percent is fair and it remains on the table")."""
    pa, pb = _plain(a.norm), _plain(b.norm)
    if fuzz.ratio(pa, pb) >= SAME_WORDS:
        return True
    shorter = min(pa, pb, key=len)
    if len(shorter.split()) < MIN_WORDS:
        return False
    if fuzz.partial_ratio(pa, pb) >= CONTAINED:
        return True
    sa, sb = _shingles(pa), _shingles(pb)
    if bool(sa and sb) and len(sa & sb) / min(len(sa), len(sb)) >= OVERLAP:
        return True
    wa, wb = pa.split(), pb.split()
    # most words line up, and most of those that carry meaning: "I am now ready to fight for
    # the people of the United States of America" and "I am not running for president of the
    # United States as surrogate for being elected prom king of America" share nine words,
    # seven of them "I am", "for", "of the" and "of"
    matched, meaningful = _lined_up(wa, wb)
    meant = min(sum(w not in _FUNCTION for w in words) for words in (wa, wb))
    return (
        matched >= SAME_SHARE * min(len(wa), len(wb))
        and matched >= 5
        and meaningful >= SAME_SHARE * meant
    )


def _content(words: Sequence[str]) -> bool:
    return any(w not in _FUNCTION and w != _ELLIPSIS for w in words)


# a title an outlet adds to or drops from a name in a quote changes no one's words
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "rep",
        "representative",
        "sen",
        "senator",
        "gov",
        "governor",
        "congressman",
        "congresswoman",
        "councillor",
        "councilor",
        "councilman",
        "councilwoman",
        "mayor",
        "president",
        "secretary",
        "minister",
        "judge",
        "justice",
    ]
)
_NEGATION = (["not"], ["no"], ["never"])  # a word whose loss turns a quote around
_INSERTED = re.compile(r"[\[(][^\[\]()]{1,40}[\])]")


def _reworded(a: _Item, b: _Item) -> bool:
    """The same quote in other words: where the two overlap, a word that carries meaning
    is replaced ("we reject his visit" / "we reject his message"), words are dropped from
    the middle without an ellipsis ("we regret the long delay deeply" / "we regret the
    delay"), or a "not" is. A cut (words missing at either end, where an outlet marks "...",
    or one word left out mid-quote), a missing "that" or "and", punctuation
    or contractions, a title added to a name ("Representative Fredette's position") and
    words an outlet puts in brackets (read with the other's words or left out: "these
    (local) supervisors", "[Democrats] don't pass") are no conflict."""
    if not _rewords(a.norm, b.norm):
        return False
    if _INSERTED.search(a.text) or _INSERTED.search(b.text):
        bare_a, bare_b = (_normalise(_INSERTED.sub(" ", x.text)) for x in (a, b))
        return _rewords(bare_a, bare_b)
    return True


def _rewords(norm_a: str, norm_b: str) -> bool:
    wa, wb = _words(norm_a), _words(norm_b)
    if _matched(wa, wb) < SAME_SHARE * min(
        len(_plain(norm_a).split()), len(_plain(norm_b).split())
    ):
        return False  # too little in common to tell rewording from two statements
    ops = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    # the shared part runs from the first to the last run of two or more words both have
    equal = [k for k, op in enumerate(ops) if op[0] == "equal" and op[2] - op[1] >= 2]
    if not equal:
        return False
    first, last = equal[0], equal[-1]
    slips = 0  # single meaningful words left out mid-quote
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        left, right = wa[i1:i2], wb[j1:j2]
        near_cut = _ELLIPSIS in left or _ELLIPSIS in right
        near_cut = near_cut or any(
            _ELLIPSIS in (seq[max(0, i - CUT_REACH) : i] + seq[j : j + CUT_REACH])
            for seq, i, j in ((wa, i1, i2), (wb, j1, j2))
        )
        if k < first or k > last:
            # words before or after the part both quote: a cut, unless a word or two
            # stand in for the other's ("we reject his visit" / "his message"), or a word
            # is left out between words both give ("we deeply regret" / "we regret")
            edge = op == "replace" and max(i2 - i1, j2 - j1) <= EDGE_WORDS
            if not (edge and _content(left) and _content(right)):
                between = 0 < k < len(ops) - 1 and ops[k - 1][0] == ops[k + 1][0] == "equal"
                slips += between and not near_cut and _slip(left, right)
                continue
        if near_cut:
            continue
        if "".join(left) == "".join(right):
            continue  # "work force" / "workforce": one word written two ways
        if not (left and right) and all(w in _TITLES for w in left + right):
            continue  # "Representative Fredette's position" / "Fredette's position"
        if _slip(left, right):
            # one word left out mid-quote ("your own one unfortunately" / "your own
            # unfortunately"): a cut the outlet did not mark, which readers do not take for
            # other words, once in a quote; a dropped "not" turns the words around
            slips += 1
            continue
        if _content(left) or _content(right):
            return True  # a meaningful word replaced, dropped or added mid-quote
    return slips > 1


def _slip(left: list[str], right: list[str]) -> bool:
    """One meaningful word on one side only, not a "not", "no" or "never"."""
    words = left + right
    return not (left and right) and len(words) == 1 and _content(words) and words not in _NEGATION


_MARKED = re.compile(r"[“\"]([^”“\"]+)(?:[”\"]|$)")  # the closing mark may lie past the span


def _quoted(text: str) -> str:
    """The words a partial quote puts in quotation marks ("he would “secure the border
    within a year”" quotes "secure the border within a year"); the rest is the outlet's."""
    marked = [m.group(1) for m in _MARKED.finditer(text)]
    return " ... ".join(marked) if marked else text


def _items(ctx: Context) -> list[_Item]:
    items = []
    for reading in ctx.readings:
        for quote in reading.analysis.quotes:
            if quote.kind not in {"direct", "partial"}:
                continue
            speaker = ctx.speaker(reading, quote)
            # A quote interrupted by its attribution ("“A,” she said, “B.”") is one quote:
            # its pieces are read together; another outlet quoting only B quotes a cut.
            text = " ... ".join(reading.text(p) for p in quote.parts or (quote.content,))
            norm = _normalise(_quoted(text) if quote.kind == "partial" else text)
            if norm:
                items.append(_Item(reading, quote, speaker, text, norm))
    return items


def _groups(items: list[_Item]) -> list[list[_Item]]:
    """Groups of the same words, at most one quote of an article in each: the pairs that
    share the most words are joined first, so that a short excerpt found in two quotes
    of another outlet goes with the one it comes from, not with whichever came first."""
    pairs = []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.reading.index != b.reading.index and _same_words(a, b) and not _two_voices(a, b):
                pairs.append((-_matched(_words(a.norm), _words(b.norm)), i, j))
    home = list(range(len(items)))  # each item's group: the index of its first item
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for _, i, j in sorted(pairs):
        gi, gj = home[i], home[j]
        if gi == gj:
            continue
        articles = {items[k].reading.index for k in members[gi]}
        if articles & {items[k].reading.index for k in members[gj]}:
            continue
        keep, drop = min(gi, gj), max(gi, gj)
        for k in members.pop(drop):
            home[k] = keep
            members[keep].append(k)
    return [[items[k] for k in sorted(group)] for _, group in sorted(members.items())]


ATTRIBUTED_WORDS = 8  # a quote this long, given to two speakers, is an attribution conflict


def _two_voices(a: _Item, b: _Item) -> bool:
    """Two named people's short quotes alike: a phrase both used, or one outlet's words
    about the other's ("promise to seek “spiritual guidance”" in a senator's words, "he
    will be seeking “spiritual guidance”" in the governor's), not one quote."""
    named = [x for x in (a, b) if x.speaker and x.quote.speaker_key is not None]
    return (
        len(named) == 2
        and fold(a.speaker or "") != fold(b.speaker or "")
        and min(len(_plain(x.norm).split()) for x in (a, b)) < ATTRIBUTED_WORDS
    )


PIECE = 80.0  # rapidfuzz partial ratio for the piece of a longer quote that a shorter one is


def _piece(whole: _Item, piece: _Item) -> _Item:
    """``whole`` narrowed to the words ``piece`` quotes, when it is the longer of the two
    (so that the side-by-side view shows the words both outlets quote)."""
    if len(whole.text) <= len(piece.text):
        return whole
    span = whole.quote.content
    text = whole.reading.text(span)
    found = fuzz.partial_ratio_alignment(piece.text, text)
    if found is None or found.score < PIECE or found.dest_end <= found.dest_start:
        return whole
    start, end = found.dest_start, found.dest_end
    while start > 0 and text[start - 1].isalnum():  # whole words
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    part = Span(span.start + start, span.start + end)
    quote = dataclasses.replace(whole.quote, content=part, parts=())
    text = whole.reading.text(part)
    return dataclasses.replace(whole, quote=quote, text=text, norm=_normalise(text))


def _with_pieces(groups: list[list[_Item]], items: list[_Item]) -> list[list[_Item]]:
    """The groups as the side-by-side view shows them. A quote one outlet gives whole and
    another in two pieces: the second piece finds the whole quote already grouped with the
    first, and is not "only" in its outlet for that; it is shown beside the words of the
    whole quote it repeats (for display only: a piece is held to the whole quote's words
    and speaker once, in the group of the first)."""
    shown = []
    for group in groups:
        if len(group) == 1:
            (alone,) = group
            partners: dict[int, _Item] = {}
            for other in items:
                index = other.reading.index
                fresh = index not in partners and index != alone.reading.index
                if fresh and _same_words(alone, other) and not _two_voices(alone, other):
                    partners[index] = _piece(other, alone)
            group = [alone, *partners.values()]
        shown.append(group)
    return shown


def _whole(quote: Quote) -> Span:
    """The quote with every piece an attribution interrupts."""
    spans = quote.parts or (quote.content,)
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _names_other(item: _Item, group: list[_Item]) -> bool:
    """Whether the paragraph of ``item``'s quote, outside the quoted words, names another
    speaker the group gives the words to ("Vieira asked Trump, “...?” His response: “...”"):
    the outlet then puts the words by that person too, and who said them is not clear-cut."""
    text = item.reading.article.text
    whole = _whole(item.quote)
    start = text.rfind("\n", 0, whole.start) + 1
    end = text.find("\n", whole.end)
    end = len(text) if end < 0 else end
    spans = item.quote.parts or (item.quote.content,)
    outside = fold(
        text[start : spans[0].start]
        + " "
        + " ".join(text[a.end : b.start] for a, b in itertools.pairwise(spans))
        + " "
        + text[spans[-1].end : end]
    )
    words = set(re.findall(r"\w+", outside))
    return any(
        fold(other.speaker).split()[-1] in words
        for other in group
        if other.speaker and fold(other.speaker) != fold(item.speaker or "")
    )


def _names_speaker(item: _Item) -> bool:
    """Whether the quote's attribution names its speaker ("Manley said", "the spokesman
    said"), or says "he said" of someone named before it in its paragraph. A pronoun whose
    person is named further back may stand for someone named in a line the page lost, so
    it backs no conflict."""
    span, key = item.quote.speaker, item.quote.speaker_key
    if span is None:
        return False
    words = item.reading.text(span).casefold().split()
    if words and not all(w in PERSON_PRONOUNS or w in GROUP_PRONOUNS for w in words):
        return True
    text = item.reading.article.text
    return any(
        m.end <= span.start and "\n" not in text[m.end : span.start]
        for e in item.reading.analysis.entities
        if e.key == key
        for m in e.mentions
    )


def _side(item: _Item, value: str) -> ConflictSide:
    return ConflictSide(item.reading.evidence(_whole(item.quote)), item.reading.outlet, value)


UNKNOWN_SPEAKER = "unknown"  # the speaker of words no outlet attributes
# a double quotation mark inside a quote's words: the quote was read past its end (a page
# that lost the opening mark, or PTB-style '' closing marks) and holds the outlet's own
# sentences, so its wording is held to no other outlet's
_STRAY_MARK = re.compile(r"[\"“”]|''|``")


def compare_quotes(ctx: Context) -> tuple[list[SpeakerQuotes], list[Conflict]]:
    items = _items(ctx)
    groups = _groups(items)
    conflicts: list[Conflict] = []
    by_speaker: dict[str, list[QuoteGroup]] = {}
    for group in groups:
        speakers = {x.speaker for x in group if x.speaker}
        # only speakers the text names count: "a statement" or an unresolved "he" is no
        # second speaker
        named = [x for x in group if x.speaker and x.quote.speaker_key is not None]
        # a partial quote's speaker is read from the outlet's own sentence around it, and a
        # short line is one people repeat ("Freedom means freedom for everyone", quoted by
        # the speaker's daughter): neither tells that outlets disagree on who said it
        named = [x for x in named if x.quote.kind == "direct"]
        # nor does a speaker carried over from an earlier paragraph (a quote standing alone,
        # with no "he said" of its own: the page may have lost the line that named someone
        # else); a conflict is claimed only between quotes that each name their speaker
        named = [x for x in named if x.quote.cue is not None and _names_speaker(x)]
        if (
            _names([x.speaker or "" for x in named]) > 1
            and min(len(_plain(x.norm).split()) for x in named) >= ATTRIBUTED_WORDS
            and not any(_names_other(x, named) for x in named)
        ):
            conflicts.append(
                Conflict(
                    kind="attribution",
                    what=f"who said “{_short(group[0].text)}”",
                    sides=tuple(_side(x, x.speaker or UNKNOWN_SPEAKER) for x in named),
                    confidence=0.9,
                )
            )
        # a partial quote sits in the outlet's own paraphrase: only full quotes are held to
        # each other's words, and not words an outlet got itself ("said in an email to
        # HuffPost"): another outlet quoting that speaker quotes another occasion
        direct = [
            x
            for x in group
            if x.quote.kind == "direct"
            and not (x.quote.occasion and x.reading.names_itself(x.quote.occasion))
            and not _STRAY_MARK.search(x.text)
        ]
        reworded = [x for x in direct if any(_reworded(x, y) for y in direct if y is not x)]
        if len(reworded) > 1:
            conflicts.append(
                Conflict(
                    kind="quote_wording",
                    what=f"the words of {group[0].speaker or 'the speaker'}",
                    sides=tuple(_side(x, x.text) for x in reworded),
                    confidence=0.8 if len(speakers) <= 1 else 0.6,
                )
            )
    for group in _with_pieces(groups, items):
        speakers = {x.speaker for x in group if x.speaker}
        speaker = max(
            sorted(speakers),
            key=lambda s: sum(x.speaker == s for x in group),
            default=UNKNOWN_SPEAKER,
        )
        uses = tuple(
            QuoteUse(
                x.reading.evidence(x.quote.content), x.reading.outlet, x.quote.kind == "partial"
            )
            for x in group
        )
        by_speaker.setdefault(speaker, []).append(QuoteGroup(uses))
    side_by_side = [
        SpeakerQuotes(
            speaker,
            tuple(sorted(gs, key=lambda g: (-len(g.outlets), g.uses[0].evidence.span.start))),
        )
        for speaker, gs in by_speaker.items()
    ]
    side_by_side.sort(key=lambda s: (-sum(len(g.uses) for g in s.groups), s.speaker))
    return side_by_side, conflicts


MISSPELT_LETTERS = 5  # a word this long may be misspelt by one letter and stay one name


def one_name(a: str, b: str) -> bool:
    """Whether two speakers' names are one name, spelt alike or one letter apart in a long
    word ("Andrew Wetzler" and "Andrew Welzler": one outlet's typo, not a second person)."""
    wa, wb = fold(a).split(), fold(b).split()
    return len(wa) == len(wb) and all(
        x == y or (min(len(x), len(y)) >= MISSPELT_LETTERS and Levenshtein.distance(x, y) <= 1)
        for x, y in zip(wa, wb, strict=True)
    )


def _names(speakers: Sequence[str]) -> int:
    """How many people ``speakers`` name, a misspelt name counted with the name it misspells."""
    kept: list[str] = []
    for speaker in speakers:
        if not any(one_name(speaker, k) for k in kept):
            kept.append(speaker)
    return len(kept)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
