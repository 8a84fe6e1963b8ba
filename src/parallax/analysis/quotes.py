"""Quotations in a parsed article: direct, partial and reported speech.

``find_quotes(doc)`` returns one :class:`~parallax.analysis.records.Quote` per thing a source
said, with the cue (``said``, ``told``, ``according to``), the speaker span, the occasion and
the time when the text gives them. Speakers are left unresolved here (see ``speakers.py``).

Rules, in the order they are applied:

1. **Quotation marks** are read paragraph by paragraph (a paragraph is a line with letters or
   digits). Curly double marks say which way they face; a straight ``"`` opens when it stands
   before a word and closes when it stands after one, so an inch mark (``a 42" screen``) with
   no open quote is ignored. A quote still open at the end of its paragraph is kept up to
   there; when the next paragraph opens with a mark, it continues the same quote (one
   ``Quote``, one ``parts`` span per paragraph). ‘Single curly quotes’ count only outside
   double quotes and only when they close in the same paragraph; an apostrophe inside a word
   (``don’t``) never closes one, a plural possessive (``residents’ fate``) only closes an open
   one. Content spans exclude the marks and a trailing comma.
2. **Cue of a quoted passage**: a reporting verb (``REPORTING_VERBS``) or ``according to`` in
   the attribution around the marks: after the closing mark up to the end of the sentence
   (``,” he said.``), then before the opening mark back to the start of the sentence
   (``He said: “``); for fragments inside the writer's sentence the verb that governs the
   fragment in the parse comes first (``called it “very significant progress”``).
3. **Split quotes** (``“We will strike,” he said, “until they listen.”``): two quoted
   passages of one paragraph that share their cue verb are one ``Quote`` with two ``parts``.
4. **Reported speech**: a reporting verb outside quotation marks with a clausal complement
   (``said (that) ...``, ``told Y that ...``, ``..., X said.``), and ``according to X, ...``.
   The content is the clause; clauses asking a question (``whether``, ``when``), negated cues
   (``did not say``) and clauses inside another reported clause are skipped. A clause that
   holds a quoted fragment is one ``partial`` quote covering the clause.
5. **Speaker**: the subject of the cue verb (through ``and``-joined verbs, ``saying``/
   ``adding`` participles and ``who`` clauses), the agent of a passive cue, the object of
   ``according to``. A quoted passage with no cue takes the cue of the sentence ending with a
   colon just before it (``He said:``), else the speaker of the quote just before it in the
   same or the previous paragraph (a paragraph that just continues a quote), else, for a
   paragraph of quoted words alone, the named subject of a reporting verb (or ``posted``)
   heading the sentence that ends the paragraph before (``X posted on his page on Sunday,
   thanking the crews.`` and then the post). A quote after a possessed noun of speech and a
   colon (``His response: “...”``, ``Lee's answer:``) is the possessor's.
6. **Occasion**: the person or outlet told (``told France Inter radio``), or a prepositional
   phrase of the cue naming an occasion (``in an interview with X``, ``at a press
   conference``, ``in a statement``, ``to reporters``, ``before the Parliament``).
   **Time**: a date or time entity (or weekday) attached to the cue or its occasion.
   **Scene**: with none of those, a participle set off by commas on the speaker or the cue
   (``X, visiting the site on Tuesday, said``: "visiting the site"); for a quote whose speaker
   is a pronoun, the occasion of what its antecedent did in the sentence just before, in the
   same paragraph (``X apologised at a press conference. “...,” he said.``).
7. **Kinds**: ``direct`` when the marks hold whole sentences (nothing of the writer's before
   them but an attribution ending in ``:`` or ``,``), ``partial`` for a fragment inside the
   writer's sentence, ``reported`` for speech without marks. Quoted passages with no cue and no
   speaker to inherit are dropped when they are shorter than ``MIN_UNCUED_WORDS`` words (scare
   quotes, titles, nicknames).

Everything is linear in the length of the document; no input makes it raise.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from parallax.analysis.descriptors import is_person_noun
from parallax.analysis.entities import TITLE_ABBREVIATIONS
from parallax.analysis.nlp import doc_text, lemma
from parallax.analysis.records import Quote
from parallax.models import Span

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "explain",
        "note",
        "claim",
        "argue",
        "warn",
        "write",
        "insist",
        "announce",
        "acknowledge",
        "admit",
        "suggest",
        "report",
        "confirm",
        "assert",
        "stress",
        "emphasize",
        "emphasise",
        "reveal",
        "recall",
        "predict",
        "promise",
        "vow",
        "pledge",
        "concede",
        "contend",
        "maintain",
        "declare",
        "comment",
        "remark",
        "reply",
        "respond",
        "answer",
        "ask",
        "caution",
        "complain",
        "lament",
        "allege",
        "testify",
        "tweet",
        "inform",
        "indicate",
        "observe",
        "mention",
        "reiterate",
        "repeat",
        "urge",
        "estimate",
        "conclude",
        "quip",
        "joke",
        "boast",
        "counter",
        "retort",
        "shout",
        "yell",
        "scream",
        "chant",
        "whisper",
        "mutter",
        "exclaim",
        "recount",
        "clarify",
        "elaborate",
        "echo",
        "hint",
        "speculate",
        "opine",
        "muse",
        "wonder",
        "plead",
        "demand",
        "deny",
        "acknowledge",
        "concur",
        "reason",
        "disclose",
        "describe",
        "call",
        "point",
        "continue",
        "advise",
        "assure",
        "remind",
        "predict",
        "forecast",
        "suggest",
        "propose",
        "recommend",
        "threaten",
        "charge",
        "accuse",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "praise",
        "concede",
        "affirm",
        "reaffirm",
        "proclaim",
        "brag",
        "grumble",
        "posit",
        "theorize",
    ]
)
SAY_VERBS = REPORTING_VERBS - frozenset(
    [
        "charge",
        "estimate",
        "demand",
        "propose",
        "criticize",
        "criticise",
        "blast",
        "slam",
        "praise",
        "accuse",
        "call",
        "describe",
        "continue",
        "threaten",
        "recommend",
        "forecast",
    ]
)  # the ones whose clause (or inserted use) reports speech; the rest only cue quoted words
TELL_VERBS = frozenset(
    [
        "tell",
        "inform",
        "assure",
        "remind",
        "advise",
        "warn",
        "brief",
        "notify",
        "caution",
        "promise",
        "ask",
        "urge",
    ]
)
OCCASION_NOUNS = frozenset(
    [
        "interview",
        "statement",
        "conference",
        "briefing",
        "email",
        "e-mail",
        "letter",
        "post",
        "tweet",
        "speech",
        "address",
        "rally",
        "meeting",
        "hearing",
        "session",
        "debate",
        "radio",
        "television",
        "tv",
        "broadcast",
        "podcast",
        "program",
        "programme",
        "show",
        "call",
        "news",
        "release",
        "communique",
        "memo",
        "note",
        "message",
        "video",
        "op-ed",
        "editorial",
        "column",
        "blog",
        "article",
        "book",
        "report",
        "filing",
        "affidavit",
        "testimony",
        "court",
        "trial",
        "summit",
        "ceremony",
        "event",
        "forum",
        "panel",
        "visit",
        "appearance",
        "town",
        "hall",
        "sermon",
        "remarks",
        "announcement",
        "conversation",
        "chat",
        "exchange",
        "lecture",
        "presentation",
        "campaign",
        "stop",
        "gathering",
        "parliament",
        "committee",
        "assembly",
        "senate",
        "house",
        "congress",
        "council",
        "commission",
        "inquiry",
        "vigil",
        "protest",
        "march",
    ]
)
OCCASION_PREPS = frozenset(["in", "at", "on", "to", "during", "before", "through", "via"])
MIN_UNCUED_WORDS = 4
MIN_PARTIAL_WORDS = 3
_WINDOW = 40  # tokens looked at on each side of a quoted passage for its cue
_GOVERNING_STEPS = 3  # parse steps from a quoted fragment up to the verb that reports it
_MIN_CLAUSE_WORDS = 3
_INSERTED_MAX = 8  # longest inserted attribution, in tokens ("the minister said on Tuesday")
_INSERTED_MAX_AT_END = 16  # "..., North Korea's state-run KCNA news agency said on Monday."
_WRITER_PRONOUNS = frozenset({"i", "we", "you", "one"})
_PERSONAL = frozenset({"he", "she", "they"})
_NAMING_VERBS = frozenset({"call", "describe", "label", "brand", "dub"})
_LABEL = re.compile(r"[A-Z][A-Z0-9 .&'’-]{1,30}:\s")  # "WATCH: ", "READ MORE: "

_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚"
_SINGLE_CLOSE = "’"
_DOUBLE = re.compile("''|[“„‟«”»\"]")  # two apostrophes stand for a double mark
_SINGLE = re.compile("[‘‚’]")
_DASH_AFTER = re.compile("[ \t\xa0]*(?:―|—|–|--)")  # “...” ― Jane Roe
_ALL_MARKS = _DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'"
_OPEN_AFTER = "([{—–-/" + _ALL_MARKS
_SENTENCE_END = frozenset({".", "!", "?"})
_DASHES = frozenset({"―", "—", "–", "-", "--"})
_QUESTION_WORDS = frozenset(
    ["whether", "if", "how", "why", "when", "where", "what", "who", "whom", "which"]
)
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_REACTIONS = frozenset(
    [
        "dismay",
        "surprise",
        "delight",
        "chagrin",
        "frustration",
        "relief",
        "consternation",
        "amusement",
        "horror",
        "annoyance",
        "applause",
        "laughter",
        "cheer",
        "astonishment",
    ]
)
# what someone issues or sends that then "says" something: its words are the sender's
_WRITINGS = frozenset(
    [
        "statement",
        "letter",
        "release",
        "email",
        "e-mail",
        "message",
        "memo",
        "note",
        "tweet",
        "post",
        "video",
        "ad",
    ]
)
# what is said: the words of whoever makes or offers it ("offered remarks that ..., saying")
_UTTERANCES = _WRITINGS | {"comment", "remark", "word", "speech", "testimony", "answer", "reply"}
_NP_CUT = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis", "ccomp"})
_WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
    ]
)


@dataclass
class _Segment:
    """Characters between one pair of quotation marks (``close == end`` when unclosed)."""

    open: int
    start: int
    end: int
    close: int
    para: int
    closed: bool


@dataclass
class _Draft:
    """A quote being built: mutable until it becomes a frozen :class:`Quote`."""

    parts: list[tuple[int, int]]
    kind: str
    para: int
    last_para: int
    cue: Token | None = None
    cue_span: tuple[int, int] | None = None
    cue_verb: str | None = None
    speaker: tuple[int, int] | None = None
    occasion: tuple[int, int] | None = None
    time: tuple[int, int] | None = None
    at_para_start: bool = False
    marked: bool = True  # found by quotation marks (not reported speech)
    words: int = 0
    segments: list[_Segment] = field(default_factory=list)
    titled: bool = False  # the marks hold a name ("Fox News Sunday"), not words said

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


# ---------------------------------------------------------------- quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that holds a letter or digit, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if any(ch.isalnum() for ch in line):
            start = pos + len(line) - len(line.lstrip())
            spans.append((start, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def _neighbours(text: str, i: int, a: int, b: int, width: int = 1) -> tuple[str, str]:
    """The characters either side of the mark at ``i`` (``width`` characters, in paragraph
    ``[a, b)``); a space past either end."""
    return (text[i - 1] if i > a else " ", text[i + width] if i + width < b else " ")


def _flanks(text: str, i: int, a: int, b: int, width: int = 1) -> tuple[bool, bool]:
    """Whether the mark at ``i`` can open, and can close, a quote."""
    prev, nxt = _neighbours(text, i, a, b, width)
    can_open = (prev.isspace() or prev in _OPEN_AFTER) and not nxt.isspace()
    can_close = not prev.isspace() and not nxt.isalnum()
    return can_open, can_close


def _segment(
    text: str, open_at: int, close_at: int, para: int, *, closed: bool, mark: bool = True
) -> _Segment:
    start, end = open_at + (1 if mark else 0), close_at
    if mark and text.startswith("''", open_at):
        start += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return _Segment(open_at, start, end, close_at if closed else end, para, closed)


def _double_segments(text: str, a: int, b: int, para: int, *, continuing: bool) -> list[_Segment]:
    """Double-quoted passages of one paragraph. When the paragraph before ended inside a
    quote (``continuing``) and this one closes a quote it never opened, the passage from the
    paragraph start to that mark continues the quote."""
    found: list[_Segment] = []
    open_at: int | None = None
    for match in _DOUBLE.finditer(text, a, b):
        i = match.start()
        ch = text[i]
        can_open, can_close = _flanks(text, i, a, b, match.end() - i)
        if (
            continuing
            and not found
            and open_at is None
            and can_close
            and not can_open
            and ch not in _DOUBLE_OPEN
        ):
            found.append(_segment(text, a, i, para, closed=True, mark=False))
            continue
        if ch in _DOUBLE_OPEN:
            closes = open_at is not None and can_close and not can_open
            opens = not closes
        elif ch in _DOUBLE_CLOSE:
            opens = open_at is None and can_open and not can_close
            closes = open_at is not None and not opens
        elif open_at is None:
            opens, closes = can_open, False
        else:
            # a mark set apart by spaces on both sides, or after the quote's last
            # punctuation, closes the open quote (tokenized text: "... in such decisions
            # , " said Michael Hutchins", "I'm satisfied, "said the 36-year-old")
            prev, nxt = _neighbours(text, i, a, b, match.end() - i)
            closes = (
                can_close
                or (prev.isspace() and nxt.isspace())
                or text[a:i].rstrip()[-1:] in {",", ".", "?", "!"}
            )
            opens = not closes and can_open
        if closes and open_at is not None:
            found.append(_segment(text, open_at, i, para, closed=True))
            open_at = None
        elif opens:
            if open_at is not None:  # the earlier mark never closed
                found.append(_segment(text, open_at, i, para, closed=False))
            open_at = i
    if open_at is not None:
        found.append(_segment(text, open_at, b, para, closed=False))
    return [s for s in found if s.end > s.start]


def _single_segments(
    text: str, a: int, b: int, para: int, doubles: list[_Segment]
) -> list[_Segment]:
    """‘Single-quoted’ passages outside double quotes, closed within the paragraph."""
    found: list[_Segment] = []
    open_at: int | None = None
    for match in _SINGLE.finditer(text, a, b):
        i = match.start()
        if any(s.open <= i <= s.close for s in doubles):
            continue
        can_open, can_close = _flanks(text, i, a, b)
        nxt = text[i + 1] if i + 1 < b else " "
        if text[i] in _SINGLE_OPEN and can_open and not nxt.isdigit():
            open_at = i
        elif text[i] in _SINGLE_CLOSE and open_at is not None and can_close:
            found.append(_segment(text, open_at, i, para, closed=True))
            open_at = None
    return [s for s in found if s.end > s.start]


def _groups(text: str, paragraphs: list[tuple[int, int]], skip: set[int]) -> list[list[_Segment]]:
    """Quoted passages, a passage continued over paragraphs grouped as one."""
    groups: list[list[_Segment]] = []
    pending: list[_Segment] | None = None
    for para, (a, b) in enumerate(paragraphs):
        if para in skip:
            pending = None
            continue
        doubles = _double_segments(text, a, b, para, continuing=pending is not None)
        segments = sorted(
            doubles + _single_segments(text, a, b, para, doubles), key=lambda s: s.open
        )
        for index, seg in enumerate(segments):
            if (
                pending is not None
                and index == 0
                and seg.open == a
                and pending[-1].para == para - 1
            ):
                pending.append(seg)
            else:
                groups.append([seg])
            last = index == len(segments) - 1
            pending = groups[-1] if last and not seg.closed else None
        if not segments:
            pending = None
    return groups


def _cut_unclosed(group: list[_Segment], index: _Index) -> None:
    """End a quote that is never closed at an attribution inserted after a comma
    (“We will stay, said one farmer.), so the attribution is read as its cue."""
    seg = group[-1]
    if seg.closed:
        return
    doc = index.doc
    first = index.token_at(seg.start)
    for tok in doc[first : index.token_at(max(seg.start, seg.end - 1)) + 1]:
        if tok.text not in {",", "—", "–"} or tok.idx < seg.start or tok.i + 1 >= len(doc):
            continue
        cue = next(
            (
                t
                for t in doc[tok.i + 1 : tok.i + _INSERTED_MAX + 1]
                if t.tag_ in {"VBD", "VBZ"} and lemma(t) in SAY_VERBS
            ),
            None,
        )
        if cue is None or cue.idx >= seg.end or any(t.is_punct for t in doc[tok.i + 1 : cue.i]):
            continue
        subject = next((c for c in cue.children if c.dep_ in _SUBJECT_DEPS), None)
        inverted = cue.i == tok.i + 1 and subject is not None and subject.i > cue.i
        fronted = subject is not None and subject.left_edge.i == tok.i + 1
        if (inverted or fronted) and tok.i > first + 1:
            seg.end = seg.close = tok.idx
            while seg.end > seg.start and doc_text(doc)[seg.end - 1].isspace():
                seg.end -= 1
            seg.closed = True
            return


# ---------------------------------------------------------------- parse helpers


class _Index:
    """Character offsets to tokens, and which tokens lie inside quotation marks."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.in_quote = [False] * len(doc)

    def token_at(self, char: int) -> int:
        """Index of the token holding ``char`` (or the last one starting before it)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def mark(self, a: int, b: int) -> None:
        if not len(self.doc):
            return
        for i in range(self.token_at(a), len(self.doc)):
            if self.starts[i] > b:
                break
            if self.starts[i] >= a:
                self.in_quote[i] = True


def _is_cue(tok: Token) -> bool:
    """A reporting verb in the active voice ("said", "has said"; not "was told", "when
    asked"), or the "according" of "according to"."""
    if tok.lower_ == "according":
        return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"
    if tok.pos_ != "VERB" or lemma(tok) not in REPORTING_VERBS:
        return False
    if lemma(tok) == "point" and not any(c.dep_ == "prt" for c in tok.children):
        return False  # "pointed out" reports; "pointed to the theory" does not
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
        return False  # "was told", "is said to"
    if tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod", "advcl", "xcomp"}:
        return any(c.dep_ in {"nsubj", "aux"} for c in tok.children)  # not "when asked"
    return not _names_between_commas(tok)


def _names_between_commas(tok: Token) -> bool:
    """Whether ``tok`` is a past participle that gives its subject a name between commas
    ("Armed school personnel, called school resource officers, would ..."), however the
    parser hangs it: no one says anything ("Sullivan, for the record, called the night “a
    solid win”" does)."""
    if tok.tag_ != "VBN" or lemma(tok) not in _NAMING_VERBS or tok.i < 2:
        return False
    doc = tok.doc
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    name = next((c for c in tok.children if c.dep_ == "oprd"), None)
    return (
        subject is not None
        and name is not None
        and doc[tok.i - 1].text == ","
        and subject.i == tok.i - 2
        and name.right_edge.i + 1 < len(doc)
        and doc[name.right_edge.i + 1].text == ","
        and not any(c.dep_ == "aux" for c in tok.children)
    )


def _cue_name(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    base = lemma(tok)
    if any(c.dep_ == "prt" for c in tok.children):
        return base + " " + next(c.lower_ for c in tok.children if c.dep_ == "prt")
    return base


def _cue_span(tok: Token) -> tuple[int, int]:
    end = tok.idx + len(tok.text)
    if tok.lower_ == "according":
        nxt = tok.doc[tok.i + 1]
        end = nxt.idx + len(nxt.text)
    return tok.idx, end


def _np(tok: Token, index: _Index) -> tuple[int, int] | None:
    """Character span of the noun phrase headed by ``tok``, without appositions, clauses and
    anything inside quotation marks."""
    left, right = tok.left_edge.i, tok.right_edge.i
    # a hyphen inside a word ("the 45-year-old") is no cut
    for child in tok.rights:
        if child.dep_ in _NP_CUT and child.tag_ != "HYPH":
            right = min(right, child.left_edge.i - 1)
            break
    for child in reversed(list(tok.lefts)):
        if child.dep_ in _NP_CUT and child.tag_ != "HYPH":
            left = max(left, child.right_edge.i + 1)
            break
    doc = tok.doc
    while left < tok.i and (doc[left].is_punct or doc[left].is_space or index.in_quote[left]):
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].is_space or index.in_quote[right]):
        right -= 1
    if index.in_quote[tok.i] or left > right:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _subject(verb: Token, index: _Index) -> tuple[int, int] | None:
    """The speaker of a reporting verb from the parse, or None."""
    deps = _SUBJECT_DEPS
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in deps), None)
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        if subj is not None:
            if subj.lower_ in {"who", "that", "which"} and verb.dep_ == "relcl":
                subj = verb.head
                if (
                    lemma(subj) in _UTTERANCES
                    and subj.dep_ == "dobj"
                    and subj.head.pos_ in {"VERB", "AUX"}
                ):
                    # "X offered comments that drew fire, saying ...": X says it, not the
                    # comments
                    verb = subj.head
                    continue
            return _np(subj, index)
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBG"
            and lemma(verb.head) in _WRITINGS
            and verb.head.dep_ == "dobj"
            and verb.head.head.pos_ in {"VERB", "AUX"}
        ):
            verb = verb.head.head  # "Podesta issued a statement calling ...": the issuer's
            continue
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            return _np(verb.head, index)  # "Smith, who said ...", "a spokesman saying ..."
        if verb.head.i == verb.i or index.in_quote[verb.head.i]:
            break
        if verb.dep_ == "conj" or (verb.dep_ in {"advcl", "xcomp"} and verb.tag_ == "VBG"):
            verb = verb.head  # "... and added", "..., saying"
            continue
        if (
            verb.dep_ == "pcomp"
            and verb.tag_ == "VBG"
            and verb.head.lower_ in _SUBJECT_PREPOSITIONS
            and verb.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "LePage has been mired in controversy since calling Gattine a “...”", "tried
            # to back up that statement by saying ...": the subject's own words, whatever
            # the voice of the verb ("has been mired")
            verb, deps = verb.head.head, _SUBJECT_DEPS | {"nsubjpass"}
            continue
        if verb.dep_ == "xcomp" and not any(c.dep_ == "dobj" for c in verb.head.children):
            verb = verb.head  # "LePage tried to back up ...": whoever tried (not "asked him to")
            continue
        break
    return None


# a gerund after these says what the sentence's subject did ("since calling", "by saying",
# "he is quoted as saying"); after "of" or "for" it is often someone else's ("accused the
# mayor of saying")
_SUBJECT_PREPOSITIONS = frozenset(
    {"since", "after", "before", "by", "while", "without", "upon", "despite", "through", "as"}
)


def _said_of_a_thing(cue: Token) -> bool:
    """The parser's subject of ``cue`` is a thing, not someone ("Her comments, said Josh
    Earnest, are ..."; not "Sarah Buckley, who ..., said Covington has ...")."""
    subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS]
    return bool(subjects) and all(
        s.pos_ == "NOUN" and not is_person_noun(lemma(s)) for s in subjects
    )


# verbs whose subject states the words themselves ("According to the excerpts, she argued")
_STATING = frozenset({"say", "argue", "tell", "write", "claim", "insist", "contend", "warn"})
RELAY_REACH = 4  # tokens at most from "aides said" to the "Mr. Ryan told" it relays


def _speaker(cue: Token, index: _Index, content: set[int]) -> tuple[int, int] | None:
    doc = cue.doc
    if cue.lower_ == "according":
        # "According to the excerpts, she argued that ...": she says it, the excerpts tell so
        head = cue.head
        if cue.i < head.i and lemma(head) in _STATING and _is_cue(head):
            said_by = _subject(head, index)
            if said_by is not None:
                return said_by
        pobj = next((c for c in doc[cue.i + 1].children if c.dep_ == "pobj"), None)
        return _np(pobj, index) if pobj is not None else None
    # An inverted attribution ("..., argued Jane Doe.") the parser may not have linked; never
    # after a participle, whose object is whom the words are about ("accusing the president
    # of having “wasted another week”", "calling the deal “a steep price”")
    nxt = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    named = _climb(nxt) if nxt is not None else None
    if (
        nxt is not None
        and named is not None
        # the subject of the clause said, not of the saying ("Stern stayed involved and said
        # the league “couldn't be in better shape”": the league is what he spoke of), unless
        # commas set the saying off ("Her remarks, said Piet Lorne, are ...")
        and not (
            named.dep_ in {"nsubj", "nsubjpass"}
            and named.head.i != cue.i
            and (cue.i == 0 or doc[cue.i - 1].text != ",")
        )
        # never the first words of what is said ("claimed the sitting president offers
        # little more than speeches": the president is whom the claim is about)
        and nxt.i not in content
        and cue.tag_ != "VBG"
        and not index.in_quote[nxt.i]
        and nxt.ent_type_ not in {"DATE", "TIME"}
        and (
            not any(c.dep_ in _SUBJECT_DEPS for c in cue.children)
            # set off by commas: "Her comments, said Josh Earnest, are ...", whatever subject
            # the parser gave the verb
            or (
                cue.i > 0
                and doc[cue.i - 1].text == ","
                and (nxt.pos_ == "PROPN" or nxt.ent_type_ == "PERSON")
                and _said_of_a_thing(cue)
            )
        )
        and lemma(cue) not in TELL_VERBS
        and (
            nxt.pos_ == "PROPN"
            or nxt.ent_type_ in {"PERSON", "ORG"}
            or (
                nxt.pos_ == "DET"
                and nxt.head.pos_ in {"NOUN", "PROPN"}
                and nxt.head.i > nxt.i
                and nxt.head.dep_ in {"nsubj", "dobj"}
            )
        )
    ):
        return _np(named, index)
    # "“...,” aides said Mr. Ryan told his colleagues": the aides relay Ryan's words
    relayed = next(
        (
            c
            for c in cue.children
            if c.dep_ == "ccomp"
            and cue.i < c.i <= cue.i + RELAY_REACH
            and c.i not in content
            and not index.in_quote[c.i]
            and _is_cue(c)
            and lemma(c) in {"say", "tell"}
        ),
        None,
    )
    if relayed is not None and any(
        c.dep_ in _SUBJECT_DEPS and c.pos_ == "PROPN" for c in relayed.children
    ):
        found = _subject(relayed, index)
        if found is not None:
            return found
    found = _subject(cue, index)
    if found is not None:
        return found
    # "Smith said “...,” and added: “...”" where the parser hung "added" inside the quote
    for tok in reversed(doc[max(0, cue.i - _WINDOW) : cue.i]):
        if "\n" in tok.text or tok.text in _SENTENCE_END:
            break
        if not index.in_quote[tok.i] and _is_cue(tok) and tok.lower_ != "according":
            earlier = _subject(tok, index)
            if earlier is not None:
                return earlier
    return None


def _climb(tok: Token) -> Token:
    """The head of the noun phrase ``tok`` starts ("the", "Mr." -> the noun or the name)."""
    while (
        tok.head.i != tok.i
        and tok.dep_ in {"compound", "flat", "amod", "det"}
        and tok.head.i > tok.i
    ):
        tok = tok.head
    return tok


def _ent_span(tok: Token) -> tuple[int, int] | None:
    doc = tok.doc
    if tok.ent_type_ in {"DATE", "TIME"}:
        a = tok.i
        while a > 0 and doc[a].ent_iob_ == "I":
            a -= 1
        b = tok.i
        while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
            b += 1
        return doc[a].idx, doc[b].idx + len(doc[b].text)
    if tok.lower_ in _WEEKDAYS:
        return tok.idx, tok.idx + len(tok.text)
    return None


def _time(cue: Token, skip: set[int], occasion_head: Token | None) -> tuple[int, int] | None:
    candidates: list[Token] = []
    for child in cue.children:
        if child.i in skip:
            continue
        if child.dep_ in {"npadvmod", "tmod", "advmod", "obl"}:
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"on", "at", "in", "during", "late", "early"}:
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
    if occasion_head is not None:
        candidates.extend(t for t in occasion_head.subtree if t.ent_type_ in {"DATE", "TIME"})
    for tok in candidates:
        for t in (tok, *tok.children):
            found = _ent_span(t)
            if found is not None:
                return found
    return None


def _occasion(
    cue: Token, skip: set[int], index: _Index
) -> tuple[Token | None, tuple[int, int] | None]:
    if cue.lower_ == "according":
        return None, None
    told = lemma(cue) in TELL_VERBS
    for child in cue.children:
        if child.i in skip or index.in_quote[child.i]:
            continue
        if told and child.dep_ in {"dobj", "dative", "iobj"} and child.pos_ in {"PROPN", "NOUN"}:
            return child, _np(child, index)
        if child.dep_ != "prep" or child.lower_ not in OCCASION_PREPS:
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in {"DATE", "TIME"} or pobj.lower_ in _WEEKDAYS:
            continue
        noun = lemma(pobj)
        if noun in _REACTIONS:
            continue  # "to the dismay of lawmakers": how it was received, not where
        named = pobj.pos_ == "PROPN" or pobj.ent_type_ in {"ORG", "PERSON", "NORP", "FAC"}
        fits = (
            noun in OCCASION_NOUNS
            or (
                child.lower_ in {"to", "before", "through", "via"}
                and pobj.pos_ in {"NOUN", "PROPN"}
            )
            or (child.lower_ in {"on", "at"} and named)
            or (child.lower_ == "during" and pobj.pos_ == "NOUN")
        )
        if fits:
            return pobj, _np(pobj, index)
    return None, None


def _attach(draft: _Draft, cue: Token, index: _Index, content: set[int]) -> None:
    """Fill the cue, speaker, occasion and time of ``draft`` from the cue token."""
    draft.cue = cue
    draft.cue_span = _cue_span(cue)
    draft.cue_verb = _cue_name(cue)
    draft.speaker = _speaker(cue, index, content)
    skip = set(content)
    if draft.speaker is not None:
        a, b = draft.speaker
        skip |= {t.i for t in cue.doc[index.token_at(a) : index.token_at(max(a, b - 1)) + 1]}
    head, draft.occasion = _occasion(cue, skip, index)
    draft.time = _time(cue, skip, head)


def _participle(verb: Token, index: _Index) -> tuple[int, int] | None:
    """A participle between commas on the verb or its subject that sets the scene ("X,
    visiting the site on Tuesday, announced": "visiting the site"), its dates left out."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    around = [*(subject.children if subject is not None else ()), *verb.children]
    for tok in around:
        if tok.dep_ not in {"acl", "advcl"} or tok.tag_ != "VBG" or index.in_quote[tok.i]:
            continue
        first, last = tok.left_edge.i, tok.right_edge.i
        if first == 0 or doc[first - 1].text != "," or last + 1 >= len(doc):
            continue
        if doc[last + 1].text != "," or lemma(tok) in REPORTING_VERBS:
            continue
        dated = [
            c.left_edge.i
            for c in tok.children
            if c.i > tok.i
            and (
                _ent_span(c) is not None
                or any(_ent_span(g) is not None for g in c.children if g.dep_ == "pobj")
            )
        ]
        end = min([last + 1, *dated]) - 1
        while end > tok.i and doc[end].is_punct:
            end -= 1
        return doc[first].idx, doc[end].idx + len(doc[end].text)
    return None


def _venue(verb: Token, index: _Index) -> tuple[int, int] | None:
    """An occasion noun in a prepositional phrase of any verb ("apologised at a press
    conference", "spoke during a visit")."""
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in OCCASION_PREPS or index.in_quote[child.i]:
            continue
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if pobj is not None and lemma(pobj) in OCCASION_NOUNS:
            return _np(pobj, index)
    return None


def _scene(draft: _Draft, doc: Doc, index: _Index, para_of: list[int]) -> None:
    """Fill a missing occasion from the scene of the statement (see rule 6)."""
    cue = draft.cue
    if draft.occasion is not None or cue is None or cue.lower_ == "according":
        return
    draft.occasion = _participle(cue, index)
    if draft.occasion is not None or draft.speaker is None:
        return
    if text_of(doc, draft.speaker).casefold() not in _PERSONAL:
        return
    start = cue.sent.start
    if start == 0 or para_of[start - 1] != para_of[cue.i]:
        return
    verb = doc[start - 1].sent.root
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if verb.pos_ != "VERB" or subject is None or subject.pos_ not in {"PROPN", "NOUN"}:
        return
    draft.occasion = _venue(verb, index) or _participle(verb, index)


# ---------------------------------------------------------------- quoted passages


def _window(index: _Index, start: int, step: int) -> list[Token]:
    """Tokens from ``start`` walking by ``step`` until a sentence end, a paragraph break or
    another quoted passage."""
    doc = index.doc
    out: list[Token] = []
    i = start
    while 0 <= i < len(doc) and len(out) < _WINDOW:
        tok = doc[i]
        if (
            index.in_quote[i]
            or "\n" in tok.text
            or (tok.text in _SENTENCE_END and not _title_point(doc, i))
        ):
            break
        out.append(tok)
        i += step
    return out


# a title's point, or the point of a saint's or a street's "St.", ends no sentence ("Cpl. Jesse
# O'Donaghey told CTV News")
_POINTED = TITLE_ABBREVIATIONS | {"st"}


def _title_point(doc: Doc, i: int) -> bool:
    """Whether the point at ``i`` ends a title's abbreviation before a name, not a sentence."""
    return (
        doc[i].text == "."
        and 0 < i < len(doc) - 1
        and doc[i - 1].lower_ in _POINTED
        and doc[i - 1].text[:1].isupper()
        and doc[i + 1].text[:1].isupper()
    )


def _governing_cue(tokens: list[Token], index: _Index) -> Token | None:
    """The reporting verb the parse makes govern a quoted fragment, a few steps up at most
    ("called it “very significant progress”")."""
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i in inside:
            continue
        head = tok.head
        for _ in range(_GOVERNING_STEPS):
            if head.i in inside or index.in_quote[head.i]:
                break
            if _is_cue(head):
                return head
            if head.head.i == head.i:
                break
            head = head.head
    return None


def _tokens_of(segments: list[_Segment], index: _Index) -> list[Token]:
    doc = index.doc
    return [
        t
        for s in segments
        for t in doc[index.token_at(s.start) : index.token_at(max(s.start, s.end - 1)) + 1]
        if s.start <= t.idx < s.end
    ]


def _read_group(group: list[_Segment], index: _Index, text: str, para_starts: list[int]) -> _Draft:
    first, last = group[0], group[-1]
    draft = _Draft(
        parts=[(s.start, s.end) for s in group],
        kind="direct",
        para=first.para,
        last_para=last.para,
        at_para_start=first.open == para_starts[first.para],
        segments=group,
    )
    content = _tokens_of(group, index)
    draft.words = sum(1 for t in content if t.is_alpha or t.like_num)
    open_tok = index.token_at(first.open)
    close_tok = index.token_at(last.close) if last.closed else index.token_at(last.end - 1)
    before = _window(index, open_tok - 1, -1)
    after = _window(index, close_tok + 1, 1) if last.closed else []
    before_text = text[before[-1].idx : first.open].strip() if before else ""
    starts_sentence = (
        bool(content)
        and content[0].text[:1].isupper()
        and text[first.start : first.end].rstrip()[-1:] in ".!?"
    )
    whole = (
        len(group) > 1
        or not any(not t.is_punct for t in before)
        or before_text.endswith((":", ",", "—", "–"))
        or (starts_sentence and any(_is_cue(t) for t in before))
    )
    draft.kind = "direct" if whole else "partial"
    # a name in quotation marks, not speech: within a sentence, or after a possessive or
    # "on" (ABC's “This Week.”), however it ends, or one word after "told", or a name
    # used before a noun (the “Today” show host)
    attributive = (
        bool(after)
        and bool(content)
        and content[-1].is_alpha  # “Today” show, not “Strong,” he said
        and after[0].is_lower
        and after[0].is_alpha
        and after[0].pos_ not in _NOT_NOUNS
        and lemma(after[0]) not in REPORTING_VERBS
        and after[0].idx == text.find(" ", last.close) + 1  # next word, no mark between
    )
    draft.titled = _titled(content, attributive) and (
        draft.kind == "partial"
        or attributive
        or (bool(before) and _names_a_title(before[0], told=len(content) <= 2))
    )
    after_cue = next(((k, t) for k, t in enumerate(after) if _is_cue(t)), None)
    if after_cue is not None and (
        _reports_its_own(after_cue[1], index)
        or (_ends_sentence(content) and not _attribution_only(after, after_cue[1]))
    ):
        after_cue = None
    before_cue = next(((k, t) for k, t in enumerate(before) if _is_cue(t)), None)
    owned = _owned_words(before) if draft.kind == "direct" else None
    if owned is not None:  # His response: “...”
        noun, owner = owned
        draft.cue, draft.cue_span, draft.cue_verb = noun, _cue_span(noun), lemma(noun)
        draft.speaker = owner
        return draft
    cue: Token | None = None
    if draft.kind == "partial":
        cue = _governing_cue(content, index)
    elif after_cue is not None and (
        before_cue is None
        or after_cue[0] < before_cue[0]
        # as near on both sides: the verb that introduces the words ("The officer yelled,
        # “Hold it!” Holder recalled") says them, not the one who recounts the scene
        or (after_cue[0] == before_cue[0] and not before_text.endswith((",", ":")))
    ):
        cue = after_cue[1]
    elif before_cue is not None:
        cue = before_cue[1]
    if cue is None and draft.kind == "direct" and before_text.endswith(":"):
        cue = _colon_verb(before)
    if cue is not None:
        _attach(draft, cue, index, {t.i for t in content})
    elif last.closed:
        width = 2 if text.startswith("''", last.close) else 1
        dash = _DASH_AFTER.match(text, last.close + width)
        if dash is not None:
            draft.speaker = _signature(_window(index, index.token_at(dash.end() - 1) + 1, 1))
    return draft


# what the word after a name used before a noun (the “Today” show) is not
_NOT_NOUNS = frozenset({"PRON", "AUX", "ADP", "DET", "CCONJ", "SCONJ", "PART", "ADV", "NUM"})
# nouns of what someone says, which a possessive before a colon names the speaker of
# ("His response: “Well, ...”", "Lee's answer: “Never.”")
_SPEECH_NOUNS = frozenset(
    ["response", "reply", "answer", "retort", "reaction", "message", "verdict", "comment"]
)


def _owned_words(before: list[Token]) -> tuple[Token, tuple[int, int]] | None:
    """The speech noun and the span of its possessor when the words before a quote are
    "<his/Lee's> <response>:"."""
    if len(before) < 3 or before[0].text != ":":
        return None
    noun = before[1]
    if lemma(noun) not in _SPEECH_NOUNS:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    tokens = [t for t in owner.subtree if t.dep_ != "case"]
    return noun, (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _ends_sentence(content: list[Token]) -> bool:
    """Whether quoted words end with their sentence's full stop, "!" or "?"."""
    return bool(content) and content[-1].text in _SENTENCE_END


def _attribution_only(after: list[Token], cue: Token) -> bool:
    """Whether the words after a quote that ended its sentence only say who spoke it ("“We
    will win.” Anna Berg, a union lawyer, said in a statement."): a lowercase word goes on
    with the quote's sentence; a sentence of its own names the quote's speaker only when the
    reporting verb heads it and takes no object but the people told ("Inslee noted the
    administration's two-step maneuver ..." and "clashes, with the police, who responded
    with stun grenades" are news of their own)."""
    if not after or not after[0].text[:1].isupper():
        return True
    return cue.dep_ == "ROOT" and not any(
        c.dep_ == "dobj" and lemma(cue) not in TELL_VERBS for c in cue.children
    )


def _reports_its_own(cue: Token, index: _Index) -> bool:
    """Whether a reporting verb after a quote reports a clause of its own, outside quotation
    marks ("“The court got it wrong.” Mayor Tom Lind said that the city would respect it"):
    the next sentence's speaker, not the quote's, who is named before it or nowhere."""
    comp = _complement(cue)
    return comp is not None and comp.i > cue.i and not index.in_quote[comp.i]


def _colon_verb(before: list[Token]) -> Token | None:
    """The verb of a clause that introduces a quote after a colon without a reporting verb
    ("Deputy Governor Paul Ekberg put it in words every voter should remember: “...”"),
    when its subject is a named person."""
    for tok in before:
        if tok.pos_ in {"VERB", "AUX"}:
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if subjects and (subjects[0].ent_type_ == "PERSON" or subjects[0].pos_ == "PROPN"):
                return tok
    return None


def _signature(tokens: list[Token]) -> tuple[int, int] | None:
    """The name signing a quote after a dash (“...” ― Jane Roe)."""
    names: list[Token] = []
    for tok in tokens:
        if tok.pos_ != "PROPN" and not (tok.is_punct and names):
            break
        names.append(tok)
    while names and names[-1].is_punct:
        names.pop()
    if not names or len(names) > 5:
        return None
    return names[0].idx, names[-1].idx + len(names[-1].text)


# ---------------------------------------------------------------- reported speech


def _clause_bounds(tokens: list[Token], least: int = _MIN_CLAUSE_WORDS) -> tuple[int, int] | None:
    """Character span of ``tokens`` with surrounding punctuation trimmed, if it has words."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while (
        tokens
        and (tokens[-1].is_punct or tokens[-1].is_space)
        and tokens[-1].text not in _DOUBLE_CLOSE + _SINGLE_CLOSE + '"'
    ):
        tokens = tokens[:-1]
    if sum(1 for t in tokens if t.is_alpha or t.like_num) < least:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _complement(verb: Token) -> Token | None:
    """The clause a reporting verb reports: its ``ccomp``, or a ``that`` clause hung on its
    object or prepositional phrase ("said in a statement that ...")."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if comps:  # the longest one ("OTTAWA — Smith says ..." gives a one-word ccomp too)
        return max(comps, key=lambda c: c.right_edge.i - c.left_edge.i)
    for child in verb.children:
        if child.dep_ not in {"prep", "dobj", "dative", "npadvmod"} or child.i > verb.i + 12:
            continue
        for node in (child, *child.children):
            for clause in node.children:
                first = clause.left_edge
                if (
                    clause.dep_ in {"acl", "relcl", "ccomp", "advcl"}
                    and first.lower_ == "that"
                    and first.dep_ == "mark"
                ):
                    return clause
    return None


def _without_tail(comp: Token) -> list[Token]:
    """A clause without a participle tacked on after a comma (", noting that ...")."""
    doc = comp.doc
    end = comp.right_edge.i
    for child in comp.rights:
        if (
            child.dep_ in {"advcl", "xcomp", "conj"}
            and child.tag_ == "VBG"
            and doc[child.left_edge.i - 1].text == ","
        ):
            end = min(end, child.left_edge.i - 2)
    return list(doc[comp.left_edge.i : end + 1])


def _named_as(verb: Token) -> Token | None:
    """The name given in "called it a rookie mistake", "describes himself as a moderate"."""
    if lemma(verb) not in _NAMING_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
        if child.dep_ == "prep" and child.lower_ == "as" and lemma(verb) != "call":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _according(tok: Token) -> list[Token]:
    """The clause an "according to X" phrase attributes, without the phrase."""
    doc = tok.doc
    head = tok.head
    while (
        head.dep_ not in {"ROOT", "ccomp"}
        and head.head.i != head.i
        and head.head.sent.start == tok.sent.start
    ):
        head = head.head
    phrase = (tok.i, doc[tok.i + 1].right_edge.i)
    left, right = head.left_edge.i, head.right_edge.i
    if phrase[0] <= left + 1:
        return list(doc[phrase[1] + 1 : right + 1])
    if phrase[1] >= right - 1:
        return list(doc[left : phrase[0]])
    return list(doc[left : right + 1])


def _inserted(tok: Token, index: _Index) -> list[list[Token]]:
    """The two sides of a sentence around an inserted attribution ("The plan, Smith said on
    Tuesday, is dead"; "X hid, he said, but Y ran"), or nothing."""
    doc = tok.doc
    if tok.tag_ == "VBG" or tok.dep_ in {"relcl", "acl"} or lemma(tok) not in SAY_VERBS:
        return []
    speaker = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
    if any(c.dep_ == "dobj" for c in tok.children) and speaker is not None:
        return []  # "he criticized the appointment" says nothing inserted
    left = right = tok.i  # the attribution: the verb, its subject, adverbs, time, occasion
    for child in reversed(list(tok.lefts)):
        if child.dep_ in {"nsubj", "aux", "advmod", "neg"} and child.right_edge.i == left - 1:
            left = child.left_edge.i
    for child in tok.rights:
        if (
            child.dep_ in {"nsubj", "dobj", "prt", "advmod", "npadvmod", "prep", "agent", "dative"}
            and child.left_edge.i == right + 1
        ):
            right = child.right_edge.i
    sent = tok.sent
    if left <= sent.start or doc[left - 1].text not in {",", "—", "–"}:
        return []
    after = doc[right + 1] if right + 1 < sent.end else None
    if after is not None and after.text not in {",", ";", ":", "—", "–", *_SENTENCE_END}:
        return []
    at_end = after is None or after.text in _SENTENCE_END
    if right - left + 1 > (_INSERTED_MAX_AT_END if at_end else _INSERTED_MAX):
        return []
    sides = [list(doc[sent.start : left - 1]), list(doc[right + 2 : sent.end])]
    return [
        side for side in sides if _is_clause(side) and not any(index.in_quote[t.i] for t in side)
    ]


def _is_clause(tokens: list[Token]) -> bool:
    """Whether ``tokens`` read as a statement: a finite verb, and no opening preposition,
    subordinator or participle ("At the same time", "As news spread", "Asked about it")."""
    words = [t for t in tokens if not t.is_punct]
    if not words or words[0].pos_ in {"ADP", "SCONJ"} or words[0].tag_ in {"VBN", "VBG"}:
        return False
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in words)


def _strip_time(tokens: list[Token]) -> tuple[list[Token], tuple[int, int] | None]:
    """A date opening a reported clause belongs to the cue ("said Tuesday the talks ...")."""
    k = 0
    while k < len(tokens) and (
        tokens[k].ent_type_ in {"DATE", "TIME"} or tokens[k].lower_ in _WEEKDAYS
    ):
        k += 1
    if k == 0 or k == len(tokens):
        return tokens, None
    return tokens[k:], (tokens[0].idx, tokens[k - 1].idx + len(tokens[k - 1].text))


def _reported(doc: Doc, index: _Index, para_of: list[int], skip: set[int]) -> list[_Draft]:
    found: list[_Draft] = []
    for tok in doc:
        if index.in_quote[tok.i] or para_of[tok.i] in skip or not _is_cue(tok):
            continue
        time: tuple[int, int] | None = None
        if tok.lower_ == "according":
            if index.in_quote[tok.head.i] or tok.head.i == tok.i:
                continue
            sides = [_according(tok)]
        else:
            if any(c.dep_ == "neg" for c in tok.children):
                continue
            comp = _complement(tok) if lemma(tok) in SAY_VERBS else None
            named = _named_as(tok) if comp is None else None
            if named is not None:
                sides = [list(doc[named.left_edge.i : named.right_edge.i + 1])]
            elif comp is None:
                sides = _inserted(tok, index)
            else:
                clause = _without_tail(comp)
                lead_obj = [
                    c
                    for c in tok.children
                    if c.dep_ == "dobj" and tok.i < c.i < comp.i and lemma(tok) not in TELL_VERBS
                ]
                if lead_obj and lead_obj[0].left_edge.i < clause[0].i:
                    clause = list(doc[lead_obj[0].left_edge.i : clause[0].i]) + clause
                that = next((t for t in clause if t.lower_ == "that" and t.dep_ == "mark"), None)
                if that is not None and all(
                    t.is_punct or t.pos_ == "PROPN" or t.dep_ == "case"
                    for t in clause
                    if t.i < that.i
                ):
                    # "said on CNN's “American Morning” that ...": what is said starts at
                    # "that", whatever name the parser hung before it
                    clause = [t for t in clause if t.i >= that.i]
                lead = next((t for t in clause if not t.is_punct), None)
                if (
                    lead is None
                    or lead.lower_ in _QUESTION_WORDS
                    or (lead.tag_ in {"WP", "WRB"} and lead.lower_ != "that")
                ):
                    continue  # an indirect question: "asked whether ...", "would not say when"
                clause, time = _strip_time(clause)
                sides = [clause]
        words = sum(1 for side in sides for t in side if t.is_alpha or t.like_num)
        parts = [b for side in sides if (b := _clause_bounds(side, 1)) is not None]
        if not parts or words < _MIN_CLAUSE_WORDS:
            continue
        para = para_of[tok.i]
        draft = _Draft(parts=parts, kind="reported", para=para, last_para=para, marked=False)
        draft.words = words
        _attach(draft, tok, index, {t.i for side in sides for t in side})
        if draft.time is None:
            draft.time = time
        speaker = draft.speaker
        if speaker is None or text_of(doc, speaker).casefold() in _WRITER_PRONOUNS:
            continue  # no source, or the writer's own voice ("I think", "you can say")
        found.append(draft)
    # A clause inside another reported clause ("X said Y told him ...") is not a quote of its own.
    by_sentence: dict[int, list[_Draft]] = {}
    for d in found:
        if d.cue is not None:
            by_sentence.setdefault(d.cue.sent.start, []).append(d)
    return [
        d
        for d in found
        if d.cue is not None
        and not any(
            a <= d.cue.idx < b
            for other in by_sentence[d.cue.sent.start]
            if other is not d
            for a, b in other.parts
        )
    ]


def text_of(doc: Doc, span: tuple[int, int]) -> str:
    return doc_text(doc)[span[0] : span[1]]


# ---------------------------------------------------------------- assembly


def _merge_reported(marked: list[_Draft], reported: list[_Draft]) -> list[_Draft]:
    """Reconcile quoted passages with reported clauses over the same words."""
    kept: list[_Draft] = []
    absorbed: set[int] = set()
    starts = [m.start for m in marked]  # quoted passages are disjoint and in text order
    for rep in reported:
        inside = []
        k = max(0, bisect.bisect_right(starts, rep.start) - 1)
        while k < len(marked) and marked[k].start < rep.end:
            if rep.start < marked[k].end:
                inside.append(k)
            k += 1
        quoted = sum(
            min(m.end, rep.end) - max(m.start, rep.start) for m in (marked[i] for i in inside)
        )
        if quoted * 2 >= rep.end - rep.start:
            for i in inside:  # the quoted passage is the content; the verb is its cue
                if marked[i].cue is None and rep.cue is not None:
                    marked[i].cue, marked[i].cue_span = rep.cue, rep.cue_span
                    marked[i].cue_verb, marked[i].speaker = rep.cue_verb, rep.speaker
                    marked[i].occasion, marked[i].time = rep.occasion, rep.time
            continue
        partial = [
            i
            for i in inside
            if marked[i].kind == "partial"
            and len(marked[i].parts) == 1
            and (min(marked[i].end, rep.end) - max(marked[i].start, rep.start)) * 2
            >= marked[i].end - marked[i].start
        ]
        if partial:
            rep.kind = "partial"
            end = max(rep.end, *(marked[i].end for i in partial))
            rep.parts[-1] = (rep.parts[-1][0], end)
            absorbed.update(partial)
        kept.append(rep)
    return [m for i, m in enumerate(marked) if i not in absorbed] + kept


def _merge_split(drafts: list[_Draft]) -> list[_Draft]:
    """Passages of one paragraph sharing a cue verb are one quote ("...,” he said, “...")."""
    out: list[_Draft] = []
    for draft in drafts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.marked
            and draft.marked
            and prev.cue is not None
            and draft.cue is not None
            and prev.cue.i == draft.cue.i
            and prev.last_para == draft.para
        ):
            prev.parts.extend(draft.parts)
            prev.segments.extend(draft.segments)
            prev.words += draft.words
            prev.kind = "direct" if "direct" in {prev.kind, draft.kind} else prev.kind
            prev.last_para = draft.last_para
            continue
        out.append(draft)
    return out


def _last_before(doc: Doc, index: _Index, para_start: int) -> int:
    """The index of the last token before a paragraph (-1 at the text's start)."""
    i = index.token_at(para_start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i


def _colon_cue(doc: Doc, index: _Index, para_start: int) -> Token | None:
    """The cue of a sentence ending with a colon just before a paragraph (``He said:``)."""
    i = _last_before(doc, index, para_start)
    if i < 0 or doc[i].text != ":":
        return None
    window = _window(index, i - 1, -1)
    return next((t for t in window if _is_cue(t)), None)


_POSTING = frozenset({"post", "publish", "share"})  # verbs that lead in to written words
# and to spoken ones: "Biden voiced his support of Clinton at the convention." and his words
_LEAD_IN = _POSTING | {"voice", "express"}


def _lead_in_cue(doc: Doc, index: _Index, para_start: int) -> Token | None:
    """The reporting verb heading the sentence that ends the paragraph before, when that
    sentence quotes nothing and a name is its subject: who speaks in the quote paragraph
    that follows it ("Minister Ann Lee posted on her page on Sunday, thanking the rescuers."
    and then a paragraph of her words alone)."""
    i = _last_before(doc, index, para_start)
    if i < 0:
        return None
    sent = doc[i].sent
    root = sent.root
    if any(index.in_quote[t.i] or t.text in '"“”' for t in sent):
        return None
    if lemma(root) not in _LEAD_IN and not _is_cue(root):
        return None
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None or subject.pos_ != "PROPN" or root.tag_ not in {"VBD", "VBZ"}:
        return None
    return root


def _inherit(drafts: list[_Draft], doc: Doc, index: _Index, para_starts: list[int]) -> list[_Draft]:
    """Give quoted passages with no cue the attribution just before them: a sentence ending
    with a colon (``He said:``), else the quote before it in the same or the previous
    paragraph, else, for a paragraph that opens with the quote, a named subject's reporting
    verb heading the sentence that ends the paragraph before (:func:`_lead_in_cue`). A
    direct passage that goes on from a direct quote ("“...,” he said. “...”") becomes a
    further part of that quote."""
    out: list[_Draft] = []
    previous: _Draft | None = None
    for draft in drafts:
        if draft.marked and draft.cue is None and draft.speaker is None:
            colon = _colon_cue(doc, index, para_starts[draft.para]) if draft.at_para_start else None
            if colon is not None:
                _attach(draft, colon, index, {t.i for t in _tokens_of(draft.segments, index)})
                draft.kind = "direct"
            elif (
                previous is not None
                and previous.speaker is not None
                and draft.para - previous.last_para <= 1
                and (draft.at_para_start or draft.para == previous.last_para)
                and draft.kind == "direct"
            ):
                if previous.marked and previous.kind == "direct" and out and out[-1] is previous:
                    previous.parts.extend(draft.parts)
                    previous.segments.extend(draft.segments)
                    previous.words += draft.words
                    previous.last_para = draft.last_para
                    continue
                draft.speaker = previous.speaker
            elif draft.at_para_start and draft.kind == "direct" and draft.para > 0:
                lead = _lead_in_cue(doc, index, para_starts[draft.para])
                if lead is not None:
                    _attach(draft, lead, index, {t.i for t in _tokens_of(draft.segments, index)})
        if _aside(draft, previous):
            pass  # "“…,” Cruz said about the article alleging that …. “…”": still Cruz's
        elif draft.speaker is not None or draft.cue is not None:
            previous = draft
        elif draft.marked and draft.words >= MIN_UNCUED_WORDS:
            previous = None
        out.append(draft)
    return out


def _aside(draft: _Draft, previous: _Draft | None) -> bool:
    """Whether ``draft`` is reported speech inside the sentence that attributes the quote
    before it ("“It is garbage,” Cruz said about the article alleging that he had
    affairs."): the words quoted next go on from that quote, not from the aside."""
    return (
        not draft.marked
        and previous is not None
        and previous.marked
        and previous.cue is not None
        and draft.cue is not None
        and draft.cue.i != previous.cue.i
        and draft.cue.sent.start == previous.cue.sent.start
    )


_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]
)
TITLE_WORDS = 6  # a name in quotation marks is at most this long
_NAMING = frozenset({"on", "in", "at"})  # words before a programme's or a paper's name


def _names_a_title(tok: Token, *, told: bool) -> bool:
    """Whether the word before a quotation mark makes what follows a name: a possessive
    (ABC's “This Week”), "on", "in" or "at", or, when ``told``, "told" (he told “Today.”)."""
    return (
        tok.tag_ == "POS"
        or tok.dep_ == "case"
        or tok.lower_ in _NAMING
        or (told and lemma(tok) == "tell")
    )


def _titled(content: list[Token], attributive: bool = False) -> bool:
    """Whether quoted words are a name, not speech: a few words, each capitalised but for
    small ones, none ending a sentence (on “Fox News Sunday”, CNN's “American Morning”), but
    for the full stop of the outlet's own sentence set inside the marks (on ABC's “This
    Week.”); or one capitalised word after a possessive, "on" or "told" (NBC's “Today.”),
    or before a noun (``attributive``: the “Today” show)."""
    words = [t for t in content if not t.is_punct and not t.is_space]
    body = content[:-1] if content and content[-1].text == "." else content
    if len(words) == 1 and words[0].text[:1].isupper() and (attributive or content[0].i >= 2):
        # one capitalised word after a possessive or a naming word, or before a noun, is a
        # programme's name (told NBC's “Today.”, he told “Today.”, the “Today” show), not a
        # word someone said
        return attributive or _names_a_title(content[0].doc[content[0].i - 2], told=True)
    return (
        1 < len(words) <= TITLE_WORDS
        and words[0].text[:1].isupper()
        and all(t.text[:1].isupper() or t.lower_ in _SMALL_WORDS for t in words)
        and not any(t.text in {".", "!", "?"} for t in body)
    )


def _keep(draft: _Draft) -> bool:
    if draft.kind == "partial" and draft.marked and draft.words < MIN_PARTIAL_WORDS:
        return False  # scare quotes and names: the “sextortion” scam, the “Activate” project
    if draft.cue is not None or draft.speaker is not None:
        return True
    return draft.marked and draft.kind == "direct" and draft.words >= MIN_UNCUED_WORDS


def _span(pair: tuple[int, int] | None) -> Span | None:
    return Span(*pair) if pair is not None and pair[1] > pair[0] else None


def _record(draft: _Draft) -> Quote:
    parts = tuple(Span(a, b) for a, b in draft.parts)
    return Quote(
        content=Span(draft.start, draft.end),
        kind=draft.kind,
        cue=_span(draft.cue_span),
        cue_verb=draft.cue_verb,
        speaker=_span(draft.speaker),
        occasion=_span(draft.occasion),
        time=_span(draft.time),
        parts=parts if len(parts) > 1 else (),
    )


def find_quotes(doc: Doc) -> list[Quote]:
    """Direct, partial and reported quotes of ``doc`` in text order (speakers unresolved)."""
    text = doc_text(doc)
    if not text.strip() or not len(doc):
        return []
    paragraphs = _paragraphs(text)
    para_starts = [a for a, _ in paragraphs]
    labels = {
        k
        for k, (a, b) in enumerate(paragraphs)
        if _LABEL.match(text, a, b) and text[b - 1] not in '.!?”"'
    }
    index = _Index(doc)
    groups = _groups(text, paragraphs, labels)
    for group in groups:
        _cut_unclosed(group, index)
        for seg in group:
            index.mark(seg.open, seg.close)
    para_of = [max(0, bisect.bisect_right(para_starts, t.idx) - 1) for t in doc]
    marked = [_read_group(g, index, text, para_starts) for g in groups]
    # a name in quotation marks is no quote, nor a piece of the quote beside it
    marked = [d for d in marked if not d.titled]
    drafts = _merge_reported(marked, _reported(doc, index, para_of, labels))
    drafts.sort(key=lambda d: d.start)
    drafts = _merge_split(drafts)
    drafts = _inherit(drafts, doc, index, para_starts)
    for draft in drafts:
        _scene(draft, doc, index, para_of)
    return [_record(d) for d in drafts if _keep(d) and d.end > d.start]
