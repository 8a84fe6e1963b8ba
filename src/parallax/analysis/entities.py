"""Entities of one article: people, organisations, places and groups, one canonical name each.

spaCy's NER proposes mentions; Parallax repairs their edges (``the``, possessives, a proper
noun the model left outside), learns aliases from the text itself (``Daesh (Islamic State)``,
``the Islamic State (ISIS/ISIL)``, acronyms such as ``HDWU`` for ``Harbour and Dock Workers
Union``), groups short forms with full names (``Le Drian`` -> ``Jean-Yves Le Drian``), and
keeps a person's title as their role (``French Defense Minister``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from parallax.analysis.nlp import doc_text
from parallax.analysis.records import Entity
from parallax.models import Span

KINDS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
# titles written short, with or without their point ("Cpl. Jesse O'Donaghey", "Gov Ann Roe")
TITLE_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "rev",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "capt",
        "lt",
        "sgt",
        "cpl",
        "cmdr",
        "adm",
        "maj",
        "det",
        "insp",
        "supt",
        "const",
        "pte",
        "pvt",
        "fr",
        "hon",
    ]
)
HONORIFICS = TITLE_ABBREVIATIONS | {
    "miss",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "senator",
    "minister",
    "governor",
    "mayor",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chancellor",
    "premier",
    "chief",
    "secretary",
}
ROLE_NOUNS = HONORIFICS | {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "head",
    "director",
    "officer",
    "official",
    "commander",
    "ambassador",
    "envoy",
    "candidate",
    "nominee",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "founder",
    "executive",
    "vice",
    "deputy",
    "attorney",
    "general",
    "councillor",
    "councilor",
    "steward",
    "inspector",
    "commissioner",
    "mp",
}
_TITLE_NOUNS = ROLE_NOUNS | {"speaker", "whip", "rep", "sen", "gov", "lt", "gen"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_ALIAS_SPLIT = re.compile(r"\s*(?:/|,|;|\bor\b|\baka\b|\balso known as\b)\s*")
# a politician's party and state in brackets, "Paul LePage (R)", "Harry Reid (D-Nev.)",
# "(R-N.Y.)": no other name of the person, and one every member of the party shares
_PARTY = re.compile(
    r"^(?:[RDI]|Dem|Rep|Ind|GOP)\.?(?:\s*[-\u2013,]\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?$"
)
_STRIP_WORDS = {"the", "a", "an"}
# a sentence's first word the model took into a name: "Plus Obama is nominating ..."
_LEADING_WORDS = {"plus", "but", "and", "so", "also", "meanwhile", "however", "yet"}


@dataclass
class _Group:
    kind: str
    names: Counter[str] = field(default_factory=Counter)
    mentions: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    kinds: Counter[str] = field(default_factory=Counter)  # what the model called each mention


# words a title-case line capitalises: a headline leaves "to", "on" and "of" in lowercase
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")


def _title_case_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands in a line set in title case, as a headline is
    ("Obama Gun Control Proposals Unveiled, Marking Biggest Legislative Effort")."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    line = text[first : last if last >= 0 else len(text)].strip()
    words = _TITLE_WORD.findall(line)
    if len(words) < 3 or (line.endswith((".", "?", "!")) and not line.endswith("...")):
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.8 * len(words))


def _headline_only(span: SpacySpan) -> bool:
    """A name of several words that stands only in title-case lines: the model reads a
    headline's capitalised words as one person ("Obama Gun Control Proposals Unveiled",
    "Obama Willing"), which then takes the name's later mentions and quotes."""
    text, name = span.doc.text, span.text
    at = text.find(name)
    while at >= 0:
        if not _title_case_line(text, at, at + len(name)):
            return False
        at = text.find(name, at + 1)
    return True


# words that, before a role noun, make one title with it: "Majority Leader", "House Speaker"
_TITLE_LEADS = frozenset({"majority", "minority", "assistant", "house", "senate", "state"})


def _without_title(span: SpacySpan) -> SpacySpan:
    """A person's name without the title the model took into it ("Majority Leader Sara
    Gideon", "Speaker John A. Boehner", "Attorney General Eric Holder"): the title is the
    person's role (:func:`_role`), and a title cut short would name a wrong one ("Majority
    Leader" of an "Assistant House Majority Leader"). A name that is only a title and a
    word ("Princess Diana") keeps it."""
    words = list(span)
    last = max(
        (k for k, t in enumerate(words[:-1]) if t.lower_.rstrip(".") in _TITLE_NOUNS),
        default=None,
    )
    if last is None or not all(
        t.lower_.rstrip(".") in _TITLE_NOUNS | _TITLE_LEADS for t in words[: last + 1]
    ):
        return span
    rest = words[last + 1 :]
    if len(rest) < 2 or not all(t.text[:1].isupper() for t in rest):
        return span
    return span.doc[rest[0].i : span.end]


def _clean_span(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading article and a trailing possessive or punctuation from a mention."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_ in _STRIP_WORDS
        or doc[start].is_punct
        or (doc[start].lower_ in _LEADING_WORDS and doc[start].is_sent_start)
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s"}
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _extend(span: SpacySpan, taken: set[int]) -> SpacySpan:
    """Take in proper nouns the model left just outside the mention ("Islamic" + "State")."""
    doc = span.doc
    start, end = span.start, span.end
    while (
        end < len(doc)
        and doc[end].pos_ == "PROPN"
        and end not in taken
        and not doc[end].is_sent_start
        and doc[end].text[:1].isupper()
    ):
        end += 1
    if any(t.lower_.rstrip(".") in ROLE_NOUNS for t in doc[span.end : end + 1]):
        end = span.end  # "Velmora Interior Minister ..." is a title, not a longer name
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and (start - 1) not in taken
        and not doc[start].is_sent_start
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].lower_.rstrip(".") not in HONORIFICS
    ):
        start -= 1
    return doc[start:end]


def _name_key(text: str) -> str:
    words = [w for w in re.findall(r"[\w’'-]+", text.casefold()) if w not in _STRIP_WORDS]
    return " ".join(w.replace("’", "'") for w in words)


def _is_tail(short: str, full: str) -> bool:
    """``le drian`` ends ``jean-yves le drian``; ``assad`` ends ``bashar al-assad``."""
    return full != short and (full.endswith(" " + short) or full.endswith("-" + short))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w’'-]*", name))


def _role(span: SpacySpan) -> str | None:
    """Title words before a person's name in the same phrase, or an appositive after it."""
    doc = span.doc
    i = span.start - 1
    words: list[Token] = []
    while i >= 0:
        tok = doc[i]
        if tok.pos_ not in {"PROPN", "NOUN", "ADJ", "NUM"} and tok.text not in {"-", "."}:
            break
        if (
            tok.head.i not in range(i, span.end)
            and tok.head.i != span.root.i
            and tok.head not in words
            and tok.head.i < span.start
        ):
            break
        if tok.ent_type_ == "PERSON" and tok.i < span.start - 1:
            break
        words.insert(0, tok)
        i -= 1
    if words and tok_is_title(words):
        return " ".join(t.text for t in words)
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            sub = list(child.subtree)
            text = doc[sub[0].i : sub[-1].i + 1].text
            text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
            if 1 <= len(text.split()) <= 8:
                return text
    return None


def tok_is_title(words: list[Token]) -> bool:
    return (
        any(t.pos_ in {"NOUN", "PROPN"} and t.ent_type_ != "PERSON" for t in words)
        and len(words) <= 6
    )


_CONNECTORS = {"and", "of", "for", "&", "the", "de", "du", "des", "la", "le", "on", "in"}


@dataclass(frozen=True)
class _Parenthetical:
    group: int | None  # the known mention just before "(", if any
    outer: SpacySpan | None  # the name before "(" (widened to match an acronym inside)
    aliases: list[str]


def _outer_name(doc: Doc, paren: int, acronym: str | None) -> SpacySpan | None:
    """The proper-noun run just before ``(``; widened leftwards until its initials spell
    ``acronym`` when there is one ("the Harbour and Dock Workers Union (HDWU)")."""
    start = paren
    while (
        start > 0
        and doc[start - 1].pos_ in {"PROPN", "NOUN", "ADJ"}
        and doc[start - 1].text[:1].isupper()
    ):
        start -= 1
    if acronym:
        for left in range(paren - 1, max(-1, paren - 12), -1):
            tok = doc[left]
            if not (tok.text[:1].isupper() or tok.lower_ in _CONNECTORS):
                break
            if tok.text[:1].isupper() and _initials(doc[left:paren].text) == acronym:
                return doc[left:paren]
    return doc[start:paren] if start < paren else None


def _parentheticals(doc: Doc, mention_at: dict[int, int]) -> list[_Parenthetical]:
    """``NAME (ALIAS)``, ``NAME (A/B)`` and ``FULL NAME (ACRONYM)`` patterns."""
    found: list[_Parenthetical] = []
    for tok in doc:
        if tok.text != "(" or tok.i == 0:
            continue
        close = next((t.i for t in doc[tok.i + 1 : tok.i + 10] if t.text == ")"), None)
        if close is None or close == tok.i + 1:
            continue
        inner = doc[tok.i + 1 : close].text.strip()
        if not inner[:1].isupper() or _PARTY.match(inner):
            continue
        aliases = [
            a.strip()
            for a in _ALIAS_SPLIT.split(inner)
            if a.strip()[:1].isupper() and len(a.split()) <= 5
        ]
        acronym = next((a for a in aliases if _ACRONYM.match(a)), None)
        outer = _outer_name(doc, tok.i, acronym)
        group = mention_at.get(tok.i - 1)
        if aliases and (group is not None or outer is not None):
            found.append(_Parenthetical(group, outer, aliases))
    return found


def _variants(group: _Group) -> set[str]:
    names = set(group.names) | group.aliases
    if group.kind == "person":
        for name in list(names):
            words = name.split()
            if len(words) >= 2:
                names.add(words[-1].split("-")[-1] if "-" in words[-1] else words[-1])
            if len(words) >= 3 and words[-2][:1].isupper() and len(words[-2]) <= 3:
                names.add(" ".join(words[-2:]))  # "Le Drian", "Van Dyke"
    return {n for n in names if len(n) >= 2}


def _propagate(doc: Doc, groups: list[_Group]) -> None:
    """Every further occurrence of a known name or alias is a mention (NER misses some)."""
    covered = [(m.start, m.end) for g in groups for m in g.mentions]
    starts = {t.idx for t in doc}
    text = doc_text(doc)
    for group in groups:
        if not group.mentions:
            continue
        for name in sorted(_variants(group), key=len, reverse=True):
            pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
            for match in pattern.finditer(text):
                a, b = match.span()
                if a in starts and not any(a < e and s < b for s, e in covered):
                    group.mentions.append(Span(a, b))
                    covered.append((a, b))


def _drop_nested_mentions(groups: list[_Group]) -> None:
    """A mention inside a longer mention of another entity ("Harbour" in "Harbour and Dock
    Workers Union") is not a mention of its own."""
    spans = [(m, i) for i, g in enumerate(groups) for m in g.mentions]
    for i, group in enumerate(groups):
        group.mentions = [
            m
            for m in group.mentions
            if not any(
                j != i and o.start <= m.start and m.end <= o.end and o != m for o, j in spans
            )
        ]


def find_entities(doc: Doc) -> list[Entity]:
    """Entities of the document with canonical names, aliases, roles and mention spans."""
    mentions: list[tuple[SpacySpan, str]] = []
    taken: set[int] = {t.i for ent in doc.ents for t in ent}
    for ent in doc.ents:
        kind = KINDS.get(ent.label_)
        if kind is None:
            continue
        cleaned = _clean_span(ent)
        if cleaned is None or not any(ch.isalpha() for ch in cleaned.text):
            continue
        extended = _extend(cleaned, taken - {t.i for t in cleaned})
        if kind == "person":
            extended = _without_title(extended)
        if kind == "group" and len(extended) > len(cleaned):
            kind = "org"  # "Islamic" + "State"
        if kind == "person" and len(extended) > 1 and _headline_only(extended):
            continue
        mentions.append((extended, kind))

    groups: list[_Group] = []
    by_key: dict[str, int] = {}
    persons: list[int] = []
    mention_at: dict[int, int] = {}
    pending_short: list[tuple[SpacySpan, str]] = []

    def add(span: SpacySpan, kind: str, index: int) -> None:
        group = groups[index]
        group.names[span.text] += 1
        group.kinds[kind] += 1
        group.mentions.append(Span(span.start_char, span.end_char))
        for t in span:
            mention_at[t.i] = index

    for span, kind in sorted(mentions, key=lambda m: -len(m[0])):
        key = _name_key(span.text)
        if not key:
            continue
        if key in by_key:
            add(span, kind, by_key[key])
        elif kind == "person" and len(span) == 1:
            pending_short.append((span, kind))
        else:
            groups.append(_Group(kind))
            by_key[key] = len(groups) - 1
            if kind == "person":
                persons.append(len(groups) - 1)
            add(span, kind, len(groups) - 1)

    # Short person mentions ("Steele", "Le Drian") join the full name they end with, or else
    # the one they start ("Joe" for "Joe Biden"): a surname is no headline's first word
    # ("Obama" is Barack Obama's, not the "Obama Gun Control Proposals Unveiled" the model
    # read as a name in a title-case headline).
    for span, kind in pending_short:
        key = _name_key(span.text)
        target = next(
            (i for i in persons if any(_is_tail(key, _name_key(n)) for n in groups[i].names)),
            next(
                (
                    i
                    for i in persons
                    if any(_name_key(n).startswith(key + " ") for n in groups[i].names)
                ),
                None,
            ),
        )
        if target is None:
            target = by_key.get(key)  # a surname the text never gives in full, said twice
        if target is None:
            groups.append(_Group(kind))
            by_key[key] = target = len(groups) - 1
            persons.append(target)
        by_key.setdefault(key, target)
        add(span, kind, target)
    # Mentions that are the tail of a person's longer name ("Le Drian", even when the model
    # called it an organisation) belong to that person.
    for i, group in enumerate(groups):
        names = list(group.names)
        if len(names) != 1 or not group.mentions:
            continue
        key = _name_key(names[0])
        for j in persons:
            if j != i and any(_is_tail(key, _name_key(n)) for n in groups[j].names):
                groups[j].names.update(groups[i].names)
                groups[j].mentions.extend(groups[i].mentions)
                groups[i].mentions = []
                break

    # A name is what the model called most of its mentions: "Biden" taken once for an
    # organisation and fifteen times for a person is a person, whose "he said" it is.
    for group in groups:
        if group.kinds and group.kinds.most_common(1)[0][1] > group.kinds[group.kind]:
            group.kind = group.kinds.most_common(1)[0][0]

    def merge(into: int, other: int) -> None:
        if other != into and groups[other].mentions:
            groups[into].names.update(groups[other].names)
            groups[into].mentions.extend(groups[other].mentions)
            groups[into].aliases |= groups[other].aliases
            groups[other].mentions = []
            for key, index in list(by_key.items()):
                if index == other:
                    by_key[key] = into

    for found in _parentheticals(doc, mention_at):
        outer = found.outer.text if found.outer is not None else ""
        known = [by_key[k] for k in map(_name_key, found.aliases) if k in by_key]
        index = found.group if found.group is not None else by_key.get(_name_key(outer))
        if index is None and known:
            index = known[0]  # "Daesh (Islamic State)" where only the inner name is known
        if index is None and found.outer is not None:
            groups.append(_Group("org"))  # a name the model missed, with its alias
            index = len(groups) - 1
            groups[index].names[outer] += 1
            groups[index].mentions.append(Span(found.outer.start_char, found.outer.end_char))
            by_key[_name_key(outer)] = index
        if index is None:
            continue
        group = groups[index]
        if found.outer is not None and len(outer) > max(map(len, group.names), default=0):
            # the model saw "Dock Workers Union"; the acronym shows the name is longer
            wide = Span(found.outer.start_char, found.outer.end_char)
            group.mentions = [
                m for m in group.mentions if not (wide.start <= m.start and m.end <= wide.end)
            ] + [wide]
            group.names[outer] += max(group.names.values(), default=0) + 1
            by_key[_name_key(outer)] = index
        names = [*found.aliases, outer] if outer else found.aliases
        group.aliases.update(n for n in names if n)
        for name in names:
            key = _name_key(name)
            if key in by_key:
                merge(index, by_key[key])
            elif key:
                by_key[key] = index

    # Acronyms used alone ("HDWU") join the organisation whose initials they are.
    acronyms: dict[str, list[Span]] = {}
    for tok in doc:
        if _ACRONYM.match(tok.text) and tok.i not in mention_at:
            acronyms.setdefault(tok.text, []).append(Span(tok.idx, tok.idx + len(tok.text)))
    for group in groups:
        if group.kind not in {"org", "group"} or not group.mentions:
            continue
        for name in list(group.names) + sorted(group.aliases):
            initials = _initials(name)
            if len(initials) >= 2 and initials in acronyms:
                group.aliases.add(initials)
                group.mentions.extend(acronyms.pop(initials))

    _propagate(doc, groups)

    # Roles from each person's mentions, first one found wins.
    for span, kind in mentions:
        if kind == "person":
            index = mention_at.get(span.start)
            if index is not None and groups[index].role is None:
                groups[index].role = _role(span)

    _drop_nested_mentions(groups)
    entities: list[Entity] = []
    for group in groups:
        if not group.mentions:
            continue
        counts = group.names
        full = [n for n in counts if not _ACRONYM.match(n)] or list(counts)
        canonical = max(
            full,
            key=lambda n: (
                len(n.split()) if group.kind == "person" else counts[n],
                counts[n],
                len(n),
            ),
        )
        aliases = (set(counts) | group.aliases) - {canonical}
        entities.append(
            Entity(
                key=f"e{len(entities)}",
                name=canonical,
                kind=group.kind,
                mentions=tuple(sorted(set(group.mentions), key=lambda s: (s.start, s.end))),
                aliases=tuple(sorted(aliases)),
                role=group.role,
            )
        )
    return entities
