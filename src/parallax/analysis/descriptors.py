"""Descriptions that stand for a named speaker: "the four-term congressman", "the Texas
Republican", "the 45-year-old", "the company".

``describe(doc, span, head)`` reads a speaker span as a :class:`Descriptor` (its head noun, whether
it is definite and singular, whether it names a person or an organisation, its gender and party
words). ``person_fit`` and ``org_fit`` say how well an entity of the article fits it, so that
the speaker resolver can take the dominant fitting entity when no role or name matches.

Head nouns fall into families:

* **offices** ("senator", "governor", "minister"): a person fits when their role holds the same
  office (``Sen.`` is a senator, ``Rep.`` a congressman) or no office at all;
* **status** words ("politician", "Republican", "candidate", "45-year-old", "lawmaker"): any
  person fits whose gender, party and (for "lawmaker") office do not conflict;
* **relations** ("spokesman", "aide", "lawyer", "resident", "man"): someone other than the
  article's main figure, as a rule, so only a person whose role holds the word fits;
* other person nouns ("professor", "reporter"): a person whose role holds the word, or who has
  no title word in their role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from parallax.analysis.nlp import doc_text, lemma
from parallax.analysis.records import Entity
from parallax.models import Span


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


MALE = _set(
    "mr sir lord king prince duke baron father husband son brother uncle nephew grandfather "
    "boyfriend spokesman chairman congressman councilman businessman alderman sportsman actor "
    "assemblyman"
)
FEMALE = _set(
    "mrs ms miss madam madame dame lady queen princess duchess baroness mother wife daughter "
    "sister aunt niece grandmother girlfriend spokeswoman chairwoman congresswoman "
    "councilwoman businesswoman alderwoman sportswoman actress assemblywoman"
)
OFFICES = _set(
    "president senator representative congressman congresswoman congressmember governor "
    "mayor minister premier chancellor secretary judge justice sheriff ambassador general "
    "prosecutor commissioner speaker councillor councilman councilwoman assemblyman "
    "assemblywoman mp treasurer comptroller superintendent admiral colonel"
)
LEGISLATIVE = _set(
    "senator representative congressman congresswoman congressmember mp councillor councilman "
    "councilwoman assemblyman assemblywoman legislator lawmaker delegate speaker"
)
_LAWMAKERS = frozenset({"lawmaker", "legislator"})
CANDIDACY = _set(
    "challenger candidate nominee hopeful contender frontrunner front-runner billionaire "
    "millionaire businessman businesswoman mogul tycoon"
)
STATUS = (
    _LAWMAKERS
    | CANDIDACY
    | _set(
        "politician republican democrat conservative liberal progressive libertarian "
        "independent incumbent year-old veteran"
    )
)
RELATIONS = _set(
    "spokesman spokeswoman spokesperson aide adviser advisor lawyer attorney staffer assistant "
    "resident witness victim neighbour neighbor friend man woman person guy boy girl source "
    "deputy relative colleague"
)
PEOPLE = (
    OFFICES
    | STATUS
    | RELATIONS
    | _set(
        "official chief director officer professor leader mother father chair chairman "
        "chairwoman chairperson executive manager analyst economist expert researcher "
        "scientist doctor student teacher owner founder member senator governor secretary "
        "envoy diplomat negotiator commander aide farmer worker driver coach player activist "
        "organizer organiser ceo boss head nurse physician surgeon engineer pilot captain "
        "author writer artist singer journalist reporter correspondent columnist editor host "
        "anchor commentator comedian actor actress star developer investor entrepreneur "
        "strategist pollster historian businessman"
    )
)
# abbreviated and alternative titles in a role ("Sen.", "Rep.") and the office words they mean
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "sen": ("senator",),
    "sens": ("senator",),
    "rep": ("representative", "congressman", "congresswoman"),
    "reps": ("representative", "congressman", "congresswoman"),
    "representative": ("congressman", "congresswoman"),
    "congressman": ("representative",),
    "congresswoman": ("representative",),
    "gov": ("governor",),
    "pres": ("president",),
    "sec": ("secretary",),
    "atty": ("attorney",),
    "gen": ("general",),
    "prof": ("professor",),
    "amb": ("ambassador",),
    "supt": ("superintendent",),
    "adm": ("admiral",),
    "col": ("colonel",),
    "ceo": ("executive", "chief"),
    "chairman": ("chair",),
    "chairwoman": ("chair",),
    "chairperson": ("chair",),
    "lawyer": ("attorney",),
    "attorney": ("lawyer",),
    "democratic": ("democrat",),
    "gop": ("republican",),
}
_OFFICE_WORDS = OFFICES | set(EXPANSIONS) | {w for ws in EXPANSIONS.values() for w in ws}
COMPANIES = _set(
    "company firm corporation business retailer bank airline automaker carmaker manufacturer "
    "maker giant chain startup insurer lender"
)
AGENCIES = _set(
    "agency department bureau ministry commission office service authority administration regulator"
)
PRINT = _set("newspaper paper magazine tabloid daily weekly")
BROADCAST = _set("network station broadcaster channel")
MEDIA = PRINT | BROADCAST | {"outlet"}
ORGANISATIONS = _set(
    "organization organisation group union association coalition committee council "
    "foundation institute charity nonprofit"
)
ORG_NOUNS = COMPANIES | AGENCIES | MEDIA | ORGANISATIONS
_PUBLIC_WORDS = AGENCIES | _set(
    "committee council congress senate house parliament court police army navy government "
    "party state city county university college school union association campaign "
    "legislature assembly "
    "republican republicans democratic democrats nations"
)
# head words of a name that is an institution, never a person ("the American Cancer Society")
INSTITUTIONS = (
    ORG_NOUNS | _PUBLIC_WORDS | _set("society academy church hospital club league inc corp")
)
_PRINT_WORDS = _set(
    "times post journal tribune herald globe gazette daily magazine press telegraph guardian "
    "chronicle enquirer inquirer examiner register observer courier dispatch star sun mirror "
    "mail express independent bee"
)
_BROADCAST_WORDS = _set("network news cnn nbc abc cbs fox msnbc bbc npr television tv radio")
_UNTITLED = _set(
    "mr mrs ms miss dr sir dame madam lord lady rev hon the a an of former ex then current "
    "acting interim u.s us"
)
_PARTIES = {
    "republican": "r",
    "republicans": "r",
    "gop": "r",
    "democrat": "d",
    "democrats": "d",
    "democratic": "d",
}
_AFFILIATION = re.compile(r"\b([DR])-[A-Z]")
_YEAR_OLD = re.compile(r"\d+-year-old$", re.IGNORECASE)
_WORD = re.compile(r"[\w’'-]+")
_DEFINITE = frozenset({"the", "this", "that"})
_QUALIFIERS = frozenset({"poss", "prep", "acl", "relcl", "appos", "conj"})


def words(text: str) -> set[str]:
    """Case-folded words of ``text`` without possessive endings."""
    return {
        w.casefold().strip("’'-").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)
    }


def role_words(role: str | None, *, expand: bool = True) -> set[str]:
    """The words of a role with the office words its abbreviations stand for
    (``Gov.`` -> governor) unless ``expand`` is false."""
    found = words(role or "")
    if expand:
        for word in list(found):
            found.update(EXPANSIONS.get(word, ()))
    return found


_LOWER_RANK = re.compile(
    r"\b(?:vice|deputy|assistant|associate|lieutenant|lt|former|ex)\.?[\s-]+([a-z]+)"
)


def ranks_below(role: str | None, noun: str, said: frozenset[str] = frozenset()) -> bool:
    """Whether the role is a lower or past rank of the office ``noun`` names that the
    description's own words (``said``) do not give: "the president" is not "Vice President
    Joe Biden", "the governor" not "Lt. Gov. Ann Roe" nor a former one; "the former
    governor" is."""
    for m in _LOWER_RANK.finditer((role or "").casefold()):
        rank, office = m.group(0).split()[0].rstrip(".-"), m.group(1)
        if (noun == office or noun in EXPANSIONS.get(office, ())) and rank not in said:
            return True
    return False


def is_person_noun(word: str) -> bool:
    return (
        word in PEOPLE
        or word in MALE
        or word in FEMALE
        or word in EXPANSIONS
        or (len(word) > 5 and word.endswith(("man", "woman", "person")))
    )


@dataclass(frozen=True, slots=True)
class Descriptor:
    """A description used as a speaker: its head noun and what the span says about it."""

    noun: str
    definite: bool  # "the", "this", "that" or a possessive before a singular head
    person: bool  # describes a person (else an organisation, or neither)
    gender: str | None  # m | f when the head says so ("congresswoman")
    party: str | None  # r | d when the span says so ("the Texas Republican")
    bare: bool = False  # "the" + modifiers + noun: no possessive, no "of ...", no clause
    modifiers: frozenset[str] = frozenset()  # "texas" and "republican" in "the Texas Republican"
    wording: frozenset[str] = frozenset()  # every word of the description ("the former governor")

    @property
    def org(self) -> bool:
        return not self.person and self.noun in ORG_NOUNS


def _gender(word: str) -> str | None:
    if word in MALE or word in {"man", "guy", "boy", "gentleman"}:
        return "m"
    if word in FEMALE or word in {"woman", "girl"}:
        return "f"
    if word.endswith("woman"):
        return "f"
    if word.endswith("man"):
        return "m"
    return None


def describe(doc: Doc, span: Span, head: Token | None, *, group_head: bool) -> Descriptor | None:
    """The speaker span read as a description, or None when its head is no common noun (and
    no party or nationality word standing for a person, ``group_head``)."""
    if head is None:
        return None
    text = span.of(doc_text(doc)).strip()
    first = text.split(maxsplit=1)[0].casefold() if text else ""
    definite = first in _DEFINITE or any(c.dep_ == "poss" for c in head.children)
    plural = head.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in head.children)
    bare = not any(c.dep_ in _QUALIFIERS for c in head.children)
    if _YEAR_OLD.search(text):
        noun, definite, plural = "year-old", first in _DEFINITE, False
    elif group_head and head.tag_ in {"NNP", "NN"}:
        noun = head.lower_  # "the Texas Republican", "the Senate's top Democrat"
    elif head.pos_ in {"NOUN", "PROPN"}:
        noun = lemma(head)
    else:
        return None
    noun = noun.removeprefix("ex-")  # "the ex-congressman"
    person = group_head or noun == "year-old" or is_person_noun(noun) or is_person_noun(head.lower_)
    parties = {_PARTIES[w] for w in words(text) if w in _PARTIES}
    return Descriptor(
        noun=noun,
        definite=definite and not plural,
        person=person,
        gender=_gender(head.lower_) if person else None,
        party=parties.pop() if len(parties) == 1 else None,
        bare=bare and definite and not plural,
        modifiers=frozenset(
            w
            for c in head.children
            if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}
            for w in words(" ".join(t.text for t in c.subtree))
        )
        - _UNTITLED,
        wording=frozenset(words(text)),
    )


def party_of(entity: Entity) -> str | None:
    """``r`` or ``d`` from a person's role ("Texas Republican", "D-N.Y."), else None."""
    role = entity.role or ""
    found = {_PARTIES[w] for w in words(role) if w in _PARTIES}
    found |= {m.casefold() for m in _AFFILIATION.findall(role)}
    return found.pop() if len(found) == 1 else None


def titles_of(entity: Entity) -> set[str]:
    """A person's role words (abbreviations expanded) and the office words of their name
    before the surname ("Attorney General Eric Holder", "Sheriff Joe Arpaio")."""
    found = role_words(entity.role)
    named = role_words(" ".join(entity.name.split()[:-1]))
    return found | {w for w in named if w in _OFFICE_WORDS or is_person_noun(w)}


def person_fit(described: Descriptor, entity: Entity) -> int | None:
    """How well a person fits a description that no role matched: 0 when their role holds
    its noun, 1 when nothing in the role conflicts with it, 2 when the role makes it unlikely
    (a sitting justice is seldom "the nominee"), None when it conflicts (another office, an
    occupation, the other party) or the noun is a relation their role does not hold."""
    noun = described.noun
    party = party_of(entity)
    if described.party is not None and party is not None and party != described.party:
        return None
    if ranks_below(entity.role, noun, described.wording):
        return None  # "the president" is not the vice president
    roles = titles_of(entity)
    if noun in roles:
        return 0
    titles = {w for w in roles - _UNTITLED if is_person_noun(w)}
    if noun in RELATIONS:
        return None
    if noun in _LAWMAKERS:
        return None if titles & OFFICES - LEGISLATIVE else 1
    if noun in CANDIDACY:
        return 2 if titles - STATUS else 1
    if noun in STATUS or not is_person_noun(noun):  # status, party or nationality
        return 1
    if noun in OFFICES:
        return None if titles - STATUS else 1
    return None  # an occupation ("the reporter") is only the person whose role says so


def org_fit(noun: str, entity: Entity) -> bool:
    """Whether an organisation could be "the company", "the agency", "the group"..."""
    if entity.kind != "org":
        return False
    names = (entity.name, *entity.aliases)
    found = words(" ".join(names))
    acronym = any(n.isupper() and 2 <= len(n) <= 6 for n in names)
    if noun in COMPANIES:
        return not found & (_PUBLIC_WORDS | _PRINT_WORDS | _BROADCAST_WORDS)
    if noun in AGENCIES:
        return bool(found & AGENCIES) or (acronym and not found & (_PRINT_WORDS | _BROADCAST_WORDS))
    if noun in PRINT:
        return bool(found & _PRINT_WORDS)
    if noun in BROADCAST:
        return bool(found & _BROADCAST_WORDS)
    if noun in MEDIA:
        return bool(found & (_PRINT_WORDS | _BROADCAST_WORDS))
    return noun in ORGANISATIONS and not found & _PUBLIC_WORDS
