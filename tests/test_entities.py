"""Entities with canonical names, roles and aliases; sentences; joining across articles."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from parallax.analysis.aliases import merge_entities
from parallax.analysis.entities import find_entities
from parallax.analysis.nlp import parse
from parallax.analysis.records import Analysis, Entity
from parallax.analysis.sentences import sentence_spans

ARTICLE_A = (
    "Velmora Interior Minister Dana Okafor said on Tuesday that the Harbour and Dock Workers "
    "Union (HDWU) had rejected the offer.\n\n"
    "Okafor told parliament that the strike by the HDWU was costing the port millions.\n\n"
    "The Northern Liberation Front (NLF/Frontline) claimed the attack on the depot. "
    "Officials said the NLF had moved south."
)
ARTICLE_B = (
    "Frontline (Northern Liberation Front) fighters crossed the river on Monday, "
    "the army said.\n\nDana Okafor, the interior minister, called the crossing a provocation."
)


def _people(doc: Doc) -> dict[str, Entity]:
    """The people ``find_entities`` names in ``doc``, by name."""
    return {e.name: e for e in find_entities(doc) if e.kind == "person"}


@pytest.fixture(scope="module")
def entities_a() -> dict[str, object]:
    doc = parse(ARTICLE_A)
    return {e.name: e for e in find_entities(doc)}


def test_short_names_join_the_full_name_and_keep_the_role(entities_a: dict) -> None:
    person = entities_a["Dana Okafor"]
    assert person.kind == "person"
    assert person.role is not None and "Interior Minister" in person.role
    mentioned = [m.of(ARTICLE_A) for m in person.mentions]
    assert mentioned == ["Dana Okafor", "Okafor"]


def test_acronyms_and_parenthetical_aliases(entities_a: dict) -> None:
    union = next(e for e in entities_a.values() if "HDWU" in e.aliases)
    assert union.name == "Harbour and Dock Workers Union"
    assert [m.of(ARTICLE_A) for m in union.mentions].count("HDWU") == 2
    front = next(e for e in entities_a.values() if "NLF" in e.aliases)
    assert front.name == "Northern Liberation Front"
    assert "Frontline" in front.aliases
    assert "NLF" in [m.of(ARTICLE_A) for m in front.mentions]


@pytest.mark.parametrize("party", ["(R)", "(D-Nev.)", "(R-N.Y.)", "(I)"])
def test_a_party_in_brackets_is_no_alias_that_joins_two_people(party: str) -> None:
    # "Gov. Paul LePage (R)" and "Senate President Mike Thibodeau (R)" are two people, not
    # one entity with the alias "R"; and one party letter for everyone: the bug gave every
    # quote of a governor to a legislator of his party
    text = (
        f"Velmora Gov. Anton Brisk {party} said on Wednesday that he would not resign.\n\n"
        f"Senate President Mira Tolland {party} said she disagreed with the governor.\n\n"
        f"Council leader Jon Hale {party} did not comment."
    )
    people = _people(parse(text))
    assert len(people) == 3
    for surname in ("Brisk", "Tolland", "Hale"):
        assert sum(surname in name for name in people) == 1


def test_a_sentences_first_word_is_no_part_of_a_name() -> None:
    text = "Plus Halvorsen is nominating Jon Hale to lead the agency. Halvorsen spoke on Monday."
    names = set(_people(parse(text)))
    assert "Halvorsen" in names and not any(n.startswith("Plus") for n in names)


def test_a_headline_read_as_a_name_takes_none_of_the_later_mentions() -> None:
    # the model reads a title-case headline as a person's name; the surname used alone
    # later in the text is the governor's, so his quotes are not given to the headline
    text = (
        "Jensen Harbour Proposals Unveiled, Marking Biggest Port Effort In A Generation\n\n"
        "VELMORA -- Governor Mark Jensen unveiled on Wednesday a plan to rebuild the port.\n\n"
        "Jensen said the work would start in May."
    )
    people = _people(parse(text))
    assert list(people) == ["Mark Jensen"]
    body = text.index("Jensen said")
    assert any(m.start == body for m in people["Mark Jensen"].mentions)


def test_a_surname_alone_is_the_person_whose_name_ends_with_it() -> None:
    # a longer "name" the model started with the surname ("Jensen Harbour Fund" read as a
    # person) does not take "Jensen said": the governor whose name ends with it does
    from spacy.tokens import Span as SpacySpan

    text = (
        "The Jensen Harbour Fund paid for the survey.\n\n"
        "Governor Mark Jensen unveiled the plan on Wednesday.\n\n"
        "Jensen said the work would start in May."
    )
    doc = parse(text)
    words = [t.text for t in doc]
    fund, mark = words.index("Jensen"), words.index("Mark")
    alone = len(words) - 1 - words[::-1].index("Jensen")
    doc.ents = [
        SpacySpan(doc, fund, fund + 3, label="PERSON"),
        SpacySpan(doc, mark, mark + 2, label="PERSON"),
        SpacySpan(doc, alone, alone + 1, label="PERSON"),
    ]
    people = _people(doc)
    said = text.index("Jensen said")
    assert any(m.start == said for m in people["Mark Jensen"].mentions)


def test_a_name_standing_only_in_a_headline_is_no_person() -> None:
    # BASIL: "Obama Willing" of a headline took Obama's quotes; here the model reads
    # "Jensen Willing To Act Alone" as one person's name
    text = (
        "Jensen Willing To Act Alone On Harbour Repairs\n\n"
        "VELMORA -- The governor said on Wednesday that the work would start in May.\n\n"
        "Jensen said the council had waited too long."
    )
    names = set(_people(parse(text)))
    assert names == {"Jensen"}


def test_a_name_is_what_the_model_called_most_of_its_mentions() -> None:
    # the model took one "Biden" of sixteen for an organisation ("a barrage of Biden grins");
    # the name stayed an organisation, and his "he said" went to the last person before it
    from spacy.tokens import Span as SpacySpan

    text = (
        "Deputy Mayor Moreau stood against a barrage of Moreau grins.\n\n"
        "Moreau said the plan would raise costs. Moreau left early."
    )
    doc = parse(text)
    at = [t.i for t in doc if t.text == "Moreau"]
    labels = ["PERSON", "ORG", "PERSON", "PERSON"]
    doc.ents = [SpacySpan(doc, i, i + 1, label=lab) for i, lab in zip(at, labels, strict=True)]
    (moreau,) = [e for e in find_entities(doc) if e.name == "Moreau"]
    assert moreau.kind == "person" and len(moreau.mentions) == 4


def test_aliases_join_entities_across_articles() -> None:
    analyses = []
    for article_id, text in (("a", ARTICLE_A), ("b", ARTICLE_B)):
        analyses.append(
            Analysis(
                article_id=article_id,
                language="en",
                supported=True,
                entities=tuple(find_entities(parse(text))),
            )
        )
    merged = merge_entities(analyses)
    front = next(e for e in merged if "NLF" in e.aliases or e.name == "NLF")
    assert {a for a, _ in front.members} == {"a", "b"}
    assert front.name == "Northern Liberation Front"
    okafor = next(e for e in merged if e.name == "Dana Okafor")
    assert {a for a, _ in okafor.members} == {"a", "b"}
    # nothing else was swallowed: the union stays its own entity
    assert not any("HDWU" in e.aliases for e in merged if e is front)


def test_sentences_respect_abbreviations_quotes_and_paragraphs() -> None:
    text = (
        "The U.S. envoy met Mr. Brand on Sept. 4 in Velmora. He left at noon.\n\n"
        "“We will not move,” Brand said. “Not this week.”\n\n"
        "A short paragraph"
    )
    sentences = [s.of(text) for s in sentence_spans(parse(text))]
    assert sentences[0] == "The U.S. envoy met Mr. Brand on Sept. 4 in Velmora."
    assert sentences[1] == "He left at noon."
    assert "“We will not move,” Brand said." in sentences
    assert sentences[-1] == "A short paragraph"
    assert all(not s.startswith(("”", "\n")) for s in sentences)


def test_a_quotation_the_parser_cut_with_no_punctuation_is_one_sentence() -> None:
    # BASIL: the parser ended a sentence after "(Libyan strongman Moammar)" inside Trump's
    # quote, and the comparison showed "Gadhafi is going to beat the United States." alone
    text = (
        'He accused the mayor of a confusing policy on the harbour, saying "nobody knows '
        "what's happening, and now it looks like (harbour master Tomas) Brandt is going to "
        'run the city." He went on.'
    )
    doc = parse(text)
    sentences = [s.of(text) for s in sentence_spans(doc)]
    assert sentences == [text[: text.index(" He went")], "He went on."]
    # a quotation that ends with its own full stop still ends its sentence
    closed = 'He said "we will stay." Brandt left.'
    assert [s.of(closed) for s in sentence_spans(parse(closed))][-1] == "Brandt left."


def test_a_person_with_and_without_middle_initial_suffix_or_short_name_is_one() -> None:
    texts = {
        "a": "Chief Justice John G. Roberts Jr. asked Joseph M. Sellers about the claims.",
        "b": "John Roberts questioned Joe Sellers, the lawyer, at length on Tuesday.",
        "c": "Paul Roberts, a bystander, said nothing to the court.",
    }
    analyses = [
        Analysis(
            article_id=k, language="en", supported=True, entities=tuple(find_entities(parse(t)))
        )
        for k, t in texts.items()
    ]
    merged = merge_entities(analyses)
    articles = {e.name: {a for a, _ in e.members} for e in merged if e.kind == "person"}
    roberts = next(n for n in articles if n.startswith("John"))
    sellers = next(n for n in articles if "Sellers" in n)
    assert articles[roberts] == {"a", "b"} and articles[sellers] == {"a", "b"}
    assert articles["Paul Roberts"] == {"c"}  # another first name is another person


def test_a_title_taken_into_a_name_is_no_part_of_it() -> None:
    # BASIL: "Assistant House Majority Leader Sara Gideon" was headed "Majority Leader Sara
    # Gideon" (a title cut short, and not hers); "Speaker John A. Boehner", "Attorney
    # General Eric Holder" were the names of quotes' speakers
    doc = parse(
        "State House Majority Leader Ilse Varga and Assistant House Majority Leader Dana "
        "Roe signed the letter. Attorney General Tomas Brandt and Speaker Ines M. Halvorsen "
        "read it on Monday."
    )
    people = set(_people(doc))
    assert {"Ilse Varga", "Dana Roe", "Tomas Brandt", "Ines M. Halvorsen"} <= people
    assert not [p for p in people if p.split()[0] in {"Majority", "Attorney", "Speaker"}]
