"""Who said it: each quote's speaker span resolved to an entity of the article.

``resolve_speakers(quotes, entities, doc)`` fills ``speaker_key`` and ``speaker_name``. Rules,
first match wins:

1. **Named**: the person that ends the span behind an organisation and a title ("The
   National Organization for Women President Terry O'Neill" -> Terry O'Neill), else the
   entity whose mention holds the head word of the speaker span ("Foreign Minister Jean Roe"
   -> Jean Roe), or a name given in apposition ("a spokeswoman, Ann Lee,").
2. **Pronoun** ``he``/``she`` (``his`` too): the one the previous quote's speaker asked by
   name ("Vieira asked Trump, “...?” His response: “...”"), else the previous quote's
   speaker when it is a person and no other fitting person is the subject of a clause in
   between (the text goes on with the same source); otherwise, in the nearest paragraph
   before the pronoun that names a fitting person outside quotation content, the one that
   is a clause subject, else the last one named. When an entity's gender is known (a title
   or role word such as ``Mrs`` or ``spokeswoman`` before or in its role, or the
   ``he``/``his`` or ``she``/``her`` that follow its mentions), a pronoun of the other
   gender skips it. ``they``/``it`` do the same with organisations and groups; a ``they``
   after a plural common noun that is a clause subject ("hundreds of people gathered ...
   they chanted") refers to that, not to an organisation named before it, and stays
   unresolved. When the previous speaker is a name or a description that is no entity ("a
   senior aide", a name the entity finder missed), a pronoun that follows within two
   paragraphs, with no other subject in between, takes that text as the name.
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

from parallax.analysis.descriptors import (
    FEMALE,
    INSTITUTIONS,
    MALE,
    PEOPLE,
    STATUS,
    Descriptor,
    describe,
    is_person_noun,
    org_fit,
    person_fit,
    ranks_below,
    role_words,
    titles_of,
    words,
)
from parallax.analysis.nlp import doc_text, lemma
from parallax.analysis.records import Entity, Quote
from parallax.models import Span

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it"})
_THEY = frozenset({"they", "them", "their"})
_HE = frozenset({"he", "his", "him", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_EMBEDDED = frozenset({"ccomp", "relcl", "acl", "xcomp"})
_ASKING = frozenset({"ask", "question", "press", "tell", "urge", "challenge", "quiz"})
UNNAMED = frozenset(  # speaker spans that name no one
    {
        "",
        "he",
        "she",
        "they",
        "it",
        "i",
        "we",
        "you",
        "him",
        "her",
        "them",
        "his",
        "their",
        "my",
        "our",
        "your",
        "its",
    }
)
_LOOKBACK = 3000  # characters searched back for the antecedent of a pronoun
_LONGEST_MENTION = 300  # characters; bounds the search for mentions overlapping a span
_CONTINUES_PARAGRAPHS = 2  # an unnamed speaker goes on through at most this many paragraphs
_PRONOUN_WINDOW = 12  # tokens after a mention searched for the pronoun that refers back
Mention = tuple[int, int, Entity, bool]  # start, end, entity, is a clause subject


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
    # the subject of a clause inside another ("When Bopp learned that Lerner had been
    # promoted, he ...") is no new topic of the sentence
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.dep_ not in _EMBEDDED


class _Mentions:
    """Every entity mention in text order, each marked when it is the subject of its clause,
    and the ones outside quotation content (the candidate antecedents of pronouns)."""

    def __init__(self, entities: list[Entity], quotes: list[Quote], doc: Doc) -> None:
        # the quoted words, not the attribution that interrupts them ("“A,” said X. “B.”")
        inside = sorted((p.start, p.end) for q in quotes for p in q.parts or (q.content,))
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
    role_words = words(entity.role or "")
    votes["m"] += 3 * len(role_words & MALE)
    votes["f"] += 3 * len(role_words & FEMALE)
    for mention in entity.mentions:
        i = bisect.bisect_left(starts, mention.start)
        if 0 < i <= len(doc):
            before = doc[i - 1].lower_.rstrip(".")
            votes["m"] += 3 * (before in MALE)
            votes["f"] += 3 * (before in FEMALE)
        j = bisect.bisect_left(starts, mention.end)
        crossed = 0
        for tok in doc[j : j + _PRONOUN_WINDOW]:
            if tok.is_sent_start:
                crossed += 1
            if crossed > 1 or tok.ent_type_ == "PERSON":
                break
            if tok.lower_ in _HE or tok.lower_ in _SHE:
                # only a subject tells: "Crowley asked her if ...", "Crowley called her
                # answer evasive" name someone else
                if tok.dep_ in {"nsubj", "nsubjpass"}:
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
        self.breaks = [m.start() for m in re.finditer("\n+", doc_text(doc))]  # blank lines too
        self.genders: dict[str, str | None] = {}
        self.described: dict[str, list[Entity]] = {}
        self.quoted: Counter[str] | None = None  # speaker counts, after the first pass

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

    def addressed(self, word: str, start: int, end: int) -> Token | None:
        """Who, of the pronoun's gender or named, is spoken to or asked between ``start``
        and ``end`` ("asked her if", "told him that", "asked Trump"): the object of a verb,
        never its subject."""
        wanted = PERSON_PRONOUNS.get(word)
        if wanted is None:
            return None
        k = bisect.bisect_left(self.token_starts, start)
        for tok in self.doc[k:]:
            if tok.idx >= end:
                break
            if (
                tok.dep_ in {"dobj", "dative", "iobj"}
                and lemma(tok.head) in _ASKING
                and (
                    tok.lower_ == ("him" if wanted == "m" else "her")
                    or (tok.pos_ == "PROPN" and lemma(tok.head) == "ask")
                )
            ):
                return tok  # "asked her if", "asked Trump, “...?” His response:"
        return None

    def person_like(self, quote: Quote) -> bool:
        """Whether an unresolved speaker span names or describes a person."""
        head = _head(self.doc, quote.speaker) if quote.speaker else None
        if head is None:
            return False
        # a name after "The" is an outlet's or a body's ("according to The Hill")
        titled = (
            head.pos_ == "PROPN"
            and quote.speaker is not None
            and (doc_text(self.doc)[quote.speaker.start : quote.speaker.start + 4] == "The ")
        )
        return head.ent_type_ == "PERSON" or (
            head.lower_ not in INSTITUTIONS  # not "the American Cancer Society says"
            and not titled
            and (head.pos_ == "PROPN" or lemma(head) in PEOPLE)
        )

    def plural(self, quote: Quote) -> bool:
        """Whether the speaker span is plural ("officials", "Senate aides")."""
        head = _head(self.doc, quote.speaker) if quote.speaker else None
        return head is not None and head.tag_ in {"NNS", "NNPS"}

    def plural_subject(self, start: int, end: int) -> bool:
        """Whether a plural common noun outside any name is the subject of a clause between
        ``start`` and ``end``: what a "they" after it refers to ("hundreds of people
        gathered ... they chanted"), not an organisation named before."""
        k = bisect.bisect_left(self.token_starts, start)
        for tok in self.doc[k:]:
            if tok.idx >= end:
                return False
            if (
                tok.dep_ in {"nsubj", "nsubjpass"}
                and tok.tag_ == "NNS"
                and tok.ent_type_ in {"", "CARDINAL", "QUANTITY"}  # "hundreds of people"
            ):
                return True
        return False

    def pronoun(
        self, word: str, span: Span, previous: tuple[Quote, Entity | None] | None
    ) -> tuple[Entity | None, str | None]:
        fitting = [
            (s, e, subj) for s, _, e, subj in self.mentions.before(span.start) if self.fits(e, word)
        ]
        if previous is not None:
            prev_quote, prev_entity = previous
            prev_at = prev_quote.speaker.start if prev_quote.speaker else prev_quote.content.start
            asked = self.addressed(word, prev_at, span.start) if prev_entity else None
            asked_named = (
                [
                    (s, e, subj)
                    for s, end, e, subj in self.mentions.before(span.start)
                    if s <= asked.idx < end and self.fits(e, word)
                ]
                if asked is not None
                else []
            )
            if asked_named:  # "Vieira asked Trump, “...?” His response: ...": the one asked
                fitting, previous = asked_named, None
            elif prev_entity is not None and asked is not None and asked.pos_ == "PRON":
                # "Crowley asked her if ... / She said: ...": the answer is the one asked
                wanted = PERSON_PRONOUNS.get(word)
                others = [f for f in fitting if f[1].key != prev_entity.key]
                known = [f for f in others if self.gender(f[1]) == wanted]
                fitting, previous = known or others, None
        if previous is not None:
            # a name inside the previous quote's own words ("He said Obama 'has no
            # doctrine'") is what that speaker talked about, not a new speaker
            prev_end = max(prev_at, prev_quote.content.end)
            between = [(e, subj) for s, e, subj in fitting if s > prev_end]
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
                and named.casefold() not in UNNAMED
                and not any(subj for _, subj in between)
                and self.para(span.start) - self.para(prev_at) <= _CONTINUES_PARAGRAPHS
                and (word in GROUP_PRONOUNS or self.person_like(prev_quote))
                # "officials said ... / he dismissed them, saying": "he" is not the officials
                and not (word in PERSON_PRONOUNS and self.plural(prev_quote))
            ):
                return None, named
        if not fitting or (word in _THEY and self.plural_subject(fitting[0][0], span.start)):
            return None, None
        para = self.para(fitting[0][0])
        same = [(e, subj) for s, e, subj in fitting if self.para(s) == para]
        # a subject, but one whose gender the text tells first, and over a one-word name
        # said once (a capitalised first word the tagger took for a name: "Draft “talking
        # points” depicted efforts by spokeswoman Victoria Nuland ... / she argued")
        wanted = PERSON_PRONOUNS.get(word)
        gendered = [e for e, _ in same if wanted is not None and self.gender(e) == wanted]
        subjects = [e for e, subj in same if subj]
        full = [e for e in subjects if len(e.mentions) > 1 or len(e.name.split()) > 1]
        told = [e for e in subjects if e in gendered]
        return (told or full or gendered or subjects or [same[0][0]])[0], None

    def description(self, noun: str, pos: int, described: Descriptor) -> Entity | None:
        """The entity a description refers to: nearest mention before ``pos``, else after.
        A person noun ("the governor") looks only at people's roles (``Gov.`` counts)."""
        key = f"{noun}|{described.person}|{described.definite}"
        if key not in self.described:
            self.described[key] = [
                e
                for e in self.entities
                if (
                    noun in role_words(e.role, expand=described.definite)
                    and not ranks_below(e.role, noun, described.wording)
                    and self.may_be(described, e)
                    if e.kind == "person"
                    else not described.person
                    and any(noun in words(n) for n in (e.name, *e.aliases))
                )
            ]
        matches = self.described[key]
        # "the California Democrat": a person whose role also says "California"
        closer = [e for e in matches if described.modifiers & role_words(e.role)]
        best: tuple[int, Entity] | None = None
        after: tuple[int, Entity] | None = None
        for entity in closer or matches:
            starts = self.mentions.by_entity.get(entity.key, [])
            k = bisect.bisect_left(starts, pos)
            if k > 0 and (best is None or starts[k - 1] > best[0]):
                best = (starts[k - 1], entity)
            if k < len(starts) and (after is None or starts[k] < after[0]):
                after = (starts[k], entity)
        chosen = best or after
        if chosen is not None:
            return chosen[1]
        return (closer or matches)[0] if matches else None

    def may_be(self, described: Descriptor, person: Entity) -> bool:
        """No conflict of gender ("the congresswoman") or party ("the Texas Republican")."""
        if described.gender is not None and self.gender(person) not in {None, described.gender}:
            return False
        return described.party is None or person_fit(described, person) is not None

    def overlapping(self, span: Span, head: Token | None, skip: frozenset[str]) -> Entity | None:
        """An entity named inside the span, unless it only qualifies the head or is of a
        kind in ``skip``."""
        poss: set[int] = set()
        if head is not None:
            for child in head.children:
                if child.dep_ == "poss":
                    poss |= {t.idx for t in child.subtree}
        found = [
            e
            for s, _, e, _ in self.mentions.overlapping(span.start, span.end)
            if s not in poss and e.kind not in skip
        ]
        persons = [e for e in found if e.kind == "person"]
        best = persons or found
        return best[0] if best else None

    def titled(self, span: Span) -> Entity | None:
        """The person that ends the span behind an organisation and a title: "The National
        Organization for Women President Terry O'Neill", "Arvenian Rail chief Ola Brenn" (the
        parser may take the organisation for the head and the person for its modifier). Not
        "a spokesman for Senator John Smith": there no organisation comes before the title."""
        found = self.mentions.overlapping(span.start, span.end)
        text = doc_text(self.doc)
        end = span.start + len(span.of(text).rstrip(" ,"))
        people = [m for m in found if m[2].kind == "person" and m[1] == end]
        if not people:
            return None
        start, _, person, _ = people[-1]
        orgs = [m for m in found if m[2].kind == "org" and m[1] <= start]
        if not orgs:
            return None
        between = [t for t in self.doc if orgs[-1][1] <= t.idx and t.idx + len(t) <= start]
        if len(between) > 3 or any(
            not t.is_alpha or t.pos_ not in {"PROPN", "NOUN"} for t in between
        ):
            return None
        return person

    def resolve(
        self, quote: Quote, previous: tuple[Quote, Entity | None] | None
    ) -> tuple[Entity | None, str | None]:
        span = quote.speaker
        if span is None:
            return None, None
        titled = self.titled(span)
        if titled is not None:
            return titled, None
        head = _head(self.doc, span)
        described: Descriptor | None = None
        if head is not None:
            end = head.idx + len(head.text)
            held = [
                e
                for s, e_end, e, _ in self.mentions.overlapping(head.idx, end)
                if s <= head.idx and end <= e_end
            ]
            group_head = bool(held) and held[0].kind == "group"
            described = describe(self.doc, span, head, group_head=group_head)
            # "the Texas Republican" is a person, not the group "Republican"
            if held and not (group_head and described is not None and described.definite):
                return held[0], None
            for child in head.children:
                if child.dep_ == "appos":
                    last = child.right_edge
                    named = self.overlapping(
                        Span(child.left_edge.idx, last.idx + len(last.text)), child, frozenset()
                    )
                    if named is not None:
                        return named, None
        word = span.of(doc_text(self.doc)).strip().casefold()
        if word in PERSON_PRONOUNS or word in GROUP_PRONOUNS:
            return self.pronoun(word, span, previous)
        if head is None or described is None:
            return self.overlapping(span, head, frozenset()), None
        nouns = dict.fromkeys((described.noun, head.lower_))
        if described.person and described.definite:
            recent = self.recent_subject(described, span.start)
            if recent is not None:
                return recent, None
        # "Republican leaders", "attorneys general in Utah": people, not one named person
        many = described.person and head.tag_ in {"NNS", "NNPS"}
        for noun in () if many else nouns:
            found = self.description(noun, span.start, described)
            if found is not None:
                return found, None
        if not described.person:
            if described.org and described.bare:
                found = self.fallback_org(described.noun, span.start)
                if found is not None:
                    return found, None
            return self.overlapping(span, head, frozenset()), None
        # a person named inside the span ("the mayor of Hoboken, Dawn Zimmer"), else the
        # person a definite description stands for, else an organisation whose name holds
        # the noun ("the sheriff"); a place or group only qualifies a person ("the Vermont
        # senator", "the Democratic staffer")
        named = self.overlapping(span, head, frozenset({"org", "group", "place"}))
        if named is None and described.definite:
            named = self.fallback_person(described, span.start)
        if named is None and not many:
            for noun in nouns:
                named = self.description(
                    noun, span.start, dataclasses.replace(described, person=False)
                )
                if named is not None:
                    break
        if named is None and head.tag_ != "NNS":
            # "a Google spokesman": the organisation speaks; "Senate aides", "U.S.
            # officials", "a U.S. intelligence official" are people the name only
            # qualifies, and stay as the text names them
            named = self.overlapping(span, head, frozenset({"group", "place"}))
        return named, None

    def recent_subject(self, described: Descriptor, pos: int) -> Entity | None:
        """The person a definite description takes up from the text just before it: the
        nearest fitting person that is the subject of a clause in this paragraph or the one
        before ("Senator Ann Roe blamed the media. ... the Kentucky Republican said"), when
        their role holds the noun or the noun is a status any person may have."""
        para = bisect.bisect_left(self.breaks, pos)
        for start, _, entity, subject in self.mentions.before(pos):
            if para - bisect.bisect_left(self.breaks, start) > 1:
                break
            if not subject or entity.kind != "person" or not self.may_be(described, entity):
                continue
            fit = person_fit(described, entity)
            status = described.noun in STATUS or not is_person_noun(described.noun)
            if fit == 0 or (fit == 1 and status):
                return entity
        return None

    def _dominant(self, candidates: list[tuple[int, Entity]], pos: int) -> Entity | None:
        """The best fitting candidate, then the most quoted, the most mentioned, the one named
        nearest before ``pos``; taken when it is quoted elsewhere, the only candidate, or
        mentioned more than any other that fits as well."""
        quoted = self.quoted
        if quoted is None or not candidates:
            return None

        def distance(entity: Entity) -> int:
            starts = self.mentions.by_entity.get(entity.key, [])
            k = bisect.bisect_left(starts, pos)
            return pos - starts[k - 1] if k else len(doc_text(self.doc)) + pos

        ranked = sorted(
            candidates,
            key=lambda c: (c[0], -quoted[c[1].key], -len(c[1].mentions), distance(c[1])),
        )
        best = ranked[0][1]
        if quoted[best.key] or len(ranked) == 1:
            return best
        runner_up = ranked[1][1]
        if ranked[1][0] == ranked[0][0] and len(runner_up.mentions) >= len(best.mentions):
            return None
        return best

    def fallback_person(self, described: Descriptor, pos: int) -> Entity | None:
        """The dominant fitting person for a definite description that matched no role:
        "the four-term congressman", "the Texas Republican", "the 45-year-old". A person
        whose role shares a modifier ("Texas", "Republican") fits better."""
        candidates: list[tuple[int, Entity]] = []
        for entity in self.entities:
            if entity.kind != "person" or not self.may_be(described, entity):
                continue
            fit = person_fit(described, entity)
            if fit is not None:
                shared = bool(described.modifiers & titles_of(entity))
                candidates.append((2 * fit - shared, entity))
        return self._dominant(candidates, pos)

    def fallback_org(self, noun: str, pos: int) -> Entity | None:
        """The dominant fitting organisation for "the company", "the agency"..."""
        return self._dominant([(0, e) for e in self.entities if org_fit(noun, e)], pos)


def resolve_speakers(quotes: list[Quote], entities: list[Entity], doc: Doc) -> list[Quote]:
    """The quotes with ``speaker_key`` and ``speaker_name`` filled where the text allows.

    Two passes: the first counts how often each entity is resolved as a speaker, which the
    second uses for definite descriptions that no role or name resolves (the dominant quoted
    fitting entity)."""
    resolver = _Resolver(entities, quotes, doc)
    first = _resolve_all(resolver, quotes, doc)
    if not entities:
        return first
    resolver.quoted = Counter(q.speaker_key for q in first if q.speaker_key is not None)
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
