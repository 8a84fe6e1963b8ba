"""Who said it: each quote's speaker span resolved to an entity of the article.

``resolve_speakers(quotes, entities, doc)`` fills ``speaker_key`` and ``speaker_name``. Rules,
first match wins:

1. **Named**: the entity whose mention holds the head word of the speaker span ("Foreign
   Minister Jean Roe" -> Jean Roe), or a name given in apposition ("a spokeswoman, Ann Lee,").
2. **Pronoun** ``he``/``she``: the previous quote's speaker when it is a person and no other
   fitting person is the subject of a clause in between (the text goes on with the same
   source); otherwise, in the nearest paragraph before the pronoun that names a fitting
   person outside quotation content, the one that is a clause subject, else the last one
   named. When an entity's gender is known (a title or role word such as ``Mrs`` or
   ``spokeswoman`` before or in its role, or the ``he``/``his`` or ``she``/``her`` that follow
   its mentions), a pronoun of the other gender skips it. ``they``/``it`` do the same with
   organisations and groups. When the previous speaker is a name or a description that is no
   entity ("a senior aide", a name the entity finder missed), a pronoun that follows within
   two paragraphs, with no other subject in between, takes that text as the name.
3. **Description** ("the minister", "the spokesman", "the union", "officials"): the person
   named nearest before whose ``role`` holds the head noun, or the organisation whose name or
   alias holds it (the nearest one after when none comes before).
   When no role or name matches, a *definite* singular description of a person ("the
   minister", "France's defense minister", "the official"; not "a resident") is the dominant
   quoted person: the person most often resolved as a speaker in the article (else the only
   person named), unless that person's known role says otherwise.
4. **Any other entity** named in the span that is not a possessive modifier ("Smith's
   lawyer" is not Smith).
5. Otherwise ``speaker_name`` is the span's own text and ``speaker_key`` stays None.

``I``/``we``/``you`` outside quotation marks are the writer's voice and stay unresolved.
All look-ups go through sorted indexes, so the work grows linearly with the article.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from parallax.analysis.nlp import doc_text, lemma
from parallax.analysis.records import Entity, Quote
from parallax.models import Span

MALE = frozenset(
    [
        "mr",
        "sir",
        "lord",
        "king",
        "prince",
        "duke",
        "baron",
        "father",
        "husband",
        "son",
        "brother",
        "uncle",
        "nephew",
        "grandfather",
        "boyfriend",
        "spokesman",
        "chairman",
        "congressman",
        "councilman",
        "businessman",
        "alderman",
        "sportsman",
        "actor",
    ]
)
FEMALE = frozenset(
    [
        "mrs",
        "ms",
        "miss",
        "madam",
        "madame",
        "dame",
        "lady",
        "queen",
        "princess",
        "duchess",
        "baroness",
        "mother",
        "wife",
        "daughter",
        "sister",
        "aunt",
        "niece",
        "grandmother",
        "girlfriend",
        "spokeswoman",
        "chairwoman",
        "congresswoman",
        "councilwoman",
        "businesswoman",
        "alderwoman",
        "sportswoman",
        "actress",
    ]
)
PEOPLE = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "minister",
        "president",
        "chief",
        "director",
        "officer",
        "lawyer",
        "attorney",
        "resident",
        "professor",
        "mayor",
        "leader",
        "man",
        "woman",
        "mother",
        "father",
        "chair",
        "chairman",
        "chairwoman",
        "executive",
        "manager",
        "analyst",
        "economist",
        "expert",
        "researcher",
        "scientist",
        "doctor",
        "witness",
        "victim",
        "student",
        "teacher",
        "owner",
        "founder",
        "member",
        "councillor",
        "senator",
        "governor",
        "secretary",
        "premier",
        "chancellor",
        "ambassador",
        "envoy",
        "diplomat",
        "negotiator",
        "commissioner",
        "commander",
        "general",
        "judge",
        "prosecutor",
        "lawmaker",
        "legislator",
        "candidate",
        "nominee",
        "aide",
        "adviser",
        "advisor",
        "farmer",
        "worker",
        "driver",
        "neighbour",
        "neighbor",
        "coach",
        "player",
        "activist",
        "organizer",
        "organiser",
        "ceo",
        "boss",
        "head",
        "representative",
        "deputy",
        "mp",
        "nurse",
        "physician",
        "surgeon",
        "engineer",
        "pilot",
        "captain",
        "author",
        "writer",
        "artist",
        "singer",
    ]
)
_DEFINITE = frozenset({"the", "this", "that"})
PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "it"})
_HE = frozenset({"he", "his", "him", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_UNNAMED = frozenset({"", "he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
_LOOKBACK = 3000  # characters searched back for the antecedent of a pronoun
_LONGEST_MENTION = 300  # characters; bounds the search for mentions overlapping a span
_CONTINUES_PARAGRAPHS = 2  # an unnamed speaker goes on through at most this many paragraphs
_PRONOUN_WINDOW = 12  # tokens after a mention searched for the pronoun that refers back
_WORD = re.compile(r"[\w’'-]+")

Mention = tuple[int, int, Entity, bool]  # start, end, entity, is a clause subject


def _words(text: str) -> set[str]:
    return {
        w.casefold().strip("’'-").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)
    }


def _head(doc: Doc, span: Span) -> Token | None:
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return piece.root if piece is not None and len(piece) else None


def _is_subject(doc: Doc, mention: Span) -> bool:
    root = _head(doc, mention)
    if root is None:
        return False
    for _ in range(3):
        if root.dep_ in {"appos", "conj", "compound", "flat"} and root.head.i != root.i:
            root = root.head
    return root.dep_ in {"nsubj", "nsubjpass"}


class _Mentions:
    """Every entity mention in text order, each marked when it is the subject of its clause,
    and the ones outside quotation content (the candidate antecedents of pronouns)."""

    def __init__(self, entities: list[Entity], quotes: list[Quote], doc: Doc) -> None:
        inside = sorted((q.content.start, q.content.end) for q in quotes)
        inside_starts = [a for a, _ in inside]
        every: list[Mention] = []
        outside: list[Mention] = []
        for entity in entities:
            for m in entity.mentions:
                item = (m.start, m.end, entity, _is_subject(doc, m))
                every.append(item)
                k = bisect.bisect_right(inside_starts, m.start) - 1
                if not (k >= 0 and inside[k][0] <= m.start < inside[k][1]):
                    outside.append(item)
        every.sort(key=lambda x: (x[0], x[1]))
        outside.sort(key=lambda x: (x[0], x[1]))
        self.every, self.every_starts = every, [x[0] for x in every]
        self.items, self.starts = outside, [x[0] for x in outside]
        self.by_entity: dict[str, list[int]] = {}
        for start, _, entity, _ in outside:
            self.by_entity.setdefault(entity.key, []).append(start)

    def before(self, pos: int) -> Iterator[Mention]:
        """Mentions outside quotes starting before ``pos``, nearest first, within the
        look-back window."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and self.items[k][0] >= pos - _LOOKBACK:
            yield self.items[k]
            k -= 1

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Every mention overlapping ``[start, end)``."""
        out: list[Mention] = []
        k = bisect.bisect_left(self.every_starts, end) - 1
        while k >= 0 and self.every[k][0] >= start - _LONGEST_MENTION:
            if self.every[k][1] > start:
                out.append(self.every[k])
            k -= 1
        return out[::-1]


def _gender_votes(entity: Entity, doc: Doc, starts: list[int]) -> str | None:
    """``m``, ``f`` or None, from title and role words and the pronouns after its mentions."""
    votes = {"m": 0, "f": 0}
    role_words = _words(entity.role or "")
    votes["m"] += 3 * len(role_words & MALE)
    votes["f"] += 3 * len(role_words & FEMALE)
    for mention in entity.mentions:
        i = bisect.bisect_left(starts, mention.start)
        if 0 < i <= len(doc):
            before = doc[i - 1].lower_.rstrip(".")
            votes["m"] += 3 * (before in MALE)
            votes["f"] += 3 * (before in FEMALE)
        j = bisect.bisect_left(starts, mention.end)
        for tok in doc[j : j + _PRONOUN_WINDOW]:
            if tok.is_sent_start or tok.ent_type_ == "PERSON":
                break
            if tok.lower_ in _HE or tok.lower_ in _SHE:
                votes["m" if tok.lower_ in _HE else "f"] += 1
                break
    if votes["m"] != votes["f"]:
        return "m" if votes["m"] > votes["f"] else "f"
    return None


class _Resolver:
    def __init__(self, entities: list[Entity], quotes: list[Quote], doc: Doc) -> None:
        self.entities = entities
        self.doc = doc
        self.mentions = _Mentions(entities, quotes, doc)
        self.token_starts = [t.idx for t in doc]
        self.newlines = [m.start() for m in re.finditer("\n", doc_text(doc))]
        self.genders: dict[str, str | None] = {}
        self.described: dict[str, list[Entity]] = {}
        self.dominant: Entity | None = None
        persons = [e for e in entities if e.kind == "person"]
        self.only_person = persons[0] if len(persons) == 1 else None

    def para(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos)

    def gender(self, entity: Entity) -> str | None:
        if entity.key not in self.genders:
            self.genders[entity.key] = _gender_votes(entity, self.doc, self.token_starts)
        return self.genders[entity.key]

    def fits(self, entity: Entity, pronoun: str) -> bool:
        if pronoun in GROUP_PRONOUNS:
            return entity.kind in {"org", "group"}
        wanted = PERSON_PRONOUNS.get(pronoun)
        return entity.kind == "person" and self.gender(entity) in {None, wanted}

    def person_like(self, quote: Quote) -> bool:
        """Whether an unresolved speaker span names or describes a person."""
        head = _head(self.doc, quote.speaker) if quote.speaker else None
        return head is not None and (
            head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or lemma(head) in PEOPLE
        )

    def pronoun(
        self, word: str, span: Span, previous: tuple[Quote, Entity | None] | None
    ) -> tuple[Entity | None, str | None]:
        fitting = [
            (s, e, subj) for s, _, e, subj in self.mentions.before(span.start) if self.fits(e, word)
        ]
        if previous is not None:
            prev_quote, prev_entity = previous
            prev_at = prev_quote.speaker.start if prev_quote.speaker else prev_quote.content.start
            between = [(e, subj) for s, e, subj in fitting if s > prev_at]
            if (
                prev_entity is not None
                and self.fits(prev_entity, word)
                and not any(subj and e.key != prev_entity.key for e, subj in between)
            ):
                return prev_entity, None
            named = prev_quote.speaker_name or ""
            # a named speaker the entity tagger took for an organisation ("Helena Vosk" as
            # ORG) is still a person when the next quote calls them "she"
            mistyped = (
                prev_entity is not None
                and prev_entity.kind != "person"
                and word in PERSON_PRONOUNS
                and self.person_like(prev_quote)
            )
            if (
                (prev_entity is None or mistyped)
                and named.casefold() not in _UNNAMED
                and not any(subj for _, subj in between)
                and self.para(span.start) - self.para(prev_at) <= _CONTINUES_PARAGRAPHS
                and (word in GROUP_PRONOUNS or self.person_like(prev_quote))
            ):
                return None, named
        if not fitting:
            return None, None
        para = self.para(fitting[0][0])
        same = [(e, subj) for s, e, subj in fitting if self.para(s) == para]
        return next((e for e, subj in same if subj), same[0][0]), None

    def description(self, noun: str, pos: int) -> Entity | None:
        """The entity a description refers to: nearest mention before ``pos``, else after."""
        if noun not in self.described:
            self.described[noun] = [
                e
                for e in self.entities
                if (
                    noun in _words(e.role or "")
                    if e.kind == "person"
                    else any(noun in _words(n) for n in (e.name, *e.aliases))
                )
            ]
        best: tuple[int, Entity] | None = None
        after: tuple[int, Entity] | None = None
        for entity in self.described[noun]:
            starts = self.mentions.by_entity.get(entity.key, [])
            k = bisect.bisect_left(starts, pos)
            if k > 0 and (best is None or starts[k - 1] > best[0]):
                best = (starts[k - 1], entity)
            if k < len(starts) and (after is None or starts[k] < after[0]):
                after = (starts[k], entity)
        chosen = best or after
        if chosen is not None:
            return chosen[1]
        return self.described[noun][0] if self.described[noun] else None

    def overlapping(self, span: Span, head: Token | None) -> Entity | None:
        """An entity named inside the span, unless it only qualifies the head."""
        poss: set[int] = set()
        if head is not None:
            for child in head.children:
                if child.dep_ == "poss":
                    poss |= {t.idx for t in child.subtree}
        found = [
            e for s, _, e, _ in self.mentions.overlapping(span.start, span.end) if s not in poss
        ]
        persons = [e for e in found if e.kind == "person"]
        best = persons or found
        return best[0] if best else None

    def resolve(
        self, quote: Quote, previous: tuple[Quote, Entity | None] | None
    ) -> tuple[Entity | None, str | None]:
        span = quote.speaker
        if span is None:
            return None, None
        head = _head(self.doc, span)
        if head is not None:
            end = head.idx + len(head.text)
            held = [
                e
                for s, e_end, e, _ in self.mentions.overlapping(head.idx, end)
                if s <= head.idx and end <= e_end
            ]
            if held:
                return held[0], None
            for child in head.children:
                if child.dep_ == "appos":
                    last = child.right_edge
                    named = self.overlapping(
                        Span(child.left_edge.idx, last.idx + len(last.text)), child
                    )
                    if named is not None:
                        return named, None
        word = span.of(doc_text(self.doc)).strip().casefold()
        if word in PERSON_PRONOUNS or word in GROUP_PRONOUNS:
            return self.pronoun(word, span, previous)
        if head is not None and head.pos_ in {"NOUN", "PROPN"}:
            for noun in dict.fromkeys((lemma(head), head.lower_)):
                found = self.description(noun, span.start)
                if found is not None:
                    return found, None
        named = self.overlapping(span, head)
        if named is None and head is not None and _definite_person(head):
            return self.fallback(head), None
        return named, None

    def fallback(self, head: Token) -> Entity | None:
        """The dominant quoted person (else the only person named) for a definite description
        that matched no role, unless that person's known role says otherwise."""
        person = self.dominant or self.only_person
        if person is None or person.role is None:
            return person
        role = _words(person.role)
        return person if lemma(head) in role or head.lower_ in role else None


def _definite_person(head: Token) -> bool:
    """A singular definite description of a person: "the minister", "France's defense
    minister" (not "a resident", "officials", "the report")."""
    return (
        head.pos_ == "NOUN"
        and head.tag_ != "NNS"
        and lemma(head) in PEOPLE
        and any(
            (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in head.children
        )
    )


def resolve_speakers(quotes: list[Quote], entities: list[Entity], doc: Doc) -> list[Quote]:
    """The quotes with ``speaker_key`` and ``speaker_name`` filled where the text allows.

    Two passes: the first finds the dominant quoted person (the person entity most often
    resolved as a speaker), which the second uses for definite descriptions nothing else
    resolves."""
    resolver = _Resolver(entities, quotes, doc)
    first = _resolve_all(resolver, quotes, doc)
    counts = Counter(q.speaker_key for q in first if q.speaker_key is not None)
    by_key = {e.key: e for e in entities if e.kind == "person"}
    resolver.dominant = next((by_key[k] for k, _ in counts.most_common() if k in by_key), None)
    if resolver.dominant is None and resolver.only_person is None:
        return first
    return _resolve_all(resolver, quotes, doc)


def _resolve_all(resolver: _Resolver, quotes: list[Quote], doc: Doc) -> list[Quote]:
    out: list[Quote] = []
    previous: tuple[Quote, Entity | None] | None = None
    for quote in quotes:
        if quote.speaker is None or quote.speaker.end > len(doc_text(doc)):
            out.append(quote)
            continue
        entity, name = resolver.resolve(quote, previous)
        resolved = dataclasses.replace(
            quote,
            speaker_key=entity.key if entity is not None else None,
            speaker_name=entity.name
            if entity is not None
            else (name or quote.speaker.of(doc_text(doc))),
        )
        out.append(resolved)
        previous = (resolved, entity)
    return out
