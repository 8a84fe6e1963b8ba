"""A quote attributed to a description ("the four-term congressman", "the company") goes to
the person or organisation the article names, and never to one whose role, gender or party
says otherwise. Invented articles."""

from __future__ import annotations

from parallax.analysis.entities import find_entities
from parallax.analysis.nlp import parse_many
from parallax.analysis.quotes import find_quotes
from parallax.analysis.records import Quote
from parallax.analysis.speakers import resolve_speakers

CONGRESSMAN = (
    "Rep. Dale Hartwick said on Monday that he would not resign over the audit.\n\n"
    "“I have done nothing wrong, and I will keep serving my district,” Hartwick said.\n\n"
    "“The voters know me,” the four-term congressman said."
)
PARTY = (
    "Sen. Carla Benning criticised the new budget on Thursday.\n\n"
    "“This plan spends money we do not have,” the Ohio Republican said in a statement."
)
AGE = (
    "Tomas Keller was released from the hospital on Friday, a week after the crash.\n\n"
    "“I was lucky,” the 45-year-old told reporters outside his home."
)
FORMER = (
    "Former Gov. Ruth Ansel returned to the capital on Tuesday.\n\n"
    "“I miss this building,” Ansel said. “But I do not miss the budget fights,” "
    "the former governor added."
)
COMPANY = (
    "Norvale Motors recalled 40,000 cars on Wednesday after reports of brake faults.\n\n"
    "“Safety comes first,” the company said in a statement."
)
AGENCY = (
    "The Federal Aviation Administration grounded the fleet on Sunday.\n\n"
    "“No aircraft will fly until the inspections are done,” the agency said."
)
RESIDENT = (
    "Mayor Ellen Voss visited the flooded streets on Monday.\n\n"
    "“We have been waiting for help for three days,” a resident said."
)
OTHER_OFFICE = (
    "Sen. Paul Dravic met farmers in the valley on Monday.\n\n"
    "“The drought is the worst in decades,” Dravic said.\n\n"
    "“We will ask for federal aid,” the governor said later."
)
GENDER = (
    "Rep. Martin Kolb said he would run again.\n\n"
    "“We will win this seat,” Kolb said.\n\n"
    "“Nobody asked us,” the congresswoman said."
)


def quotes_of(text: str) -> list[Quote]:
    doc = next(iter(parse_many([text])))
    return resolve_speakers(find_quotes(doc), find_entities(doc), doc)


def speaker_of(text: str, words: str) -> str | None:
    """The resolved speaker name of the quote holding ``words``, None when unresolved."""
    for quote in quotes_of(text):
        if words in quote.content.of(text):
            return quote.speaker_name if quote.speaker_key is not None else None
    raise AssertionError(f"no quote holds {words!r}")


def test_a_descriptor_with_a_modifier_is_the_named_congressman() -> None:
    assert speaker_of(CONGRESSMAN, "The voters know me") == "Dale Hartwick"


def test_a_party_and_state_descriptor_is_the_named_senator() -> None:
    assert speaker_of(PARTY, "spends money") == "Carla Benning"


def test_an_age_descriptor_is_the_named_person() -> None:
    assert speaker_of(AGE, "I was lucky") == "Tomas Keller"


def test_an_abbreviated_title_matches_the_spelled_out_office() -> None:
    assert speaker_of(FORMER, "budget fights") == "Ruth Ansel"


def test_the_company_is_the_company_named() -> None:
    assert speaker_of(COMPANY, "Safety comes first") == "Norvale Motors"


def test_the_agency_is_the_agency_named() -> None:
    speaker = speaker_of(AGENCY, "No aircraft will fly")
    assert speaker is not None and "Aviation Administration" in speaker


def test_an_indefinite_description_is_not_the_person_named() -> None:
    assert speaker_of(RESIDENT, "waiting for help") is None


def test_a_description_of_another_office_is_not_the_person_named() -> None:
    assert speaker_of(OTHER_OFFICE, "federal aid") is None


def test_a_description_of_the_other_gender_is_not_the_person_named() -> None:
    assert speaker_of(GENDER, "Nobody asked us") is None


TITLED = (
    "The Federation of Arvenian Farmers President Tomas Keller said that the tariff is "
    '"a disaster" for growers.\n\n'
    "The Velmora Council for Harbour Safety Chairman Pia Orlan said that the fire was "
    '"a warning" to the city.'
)


def test_a_person_behind_an_organisation_and_a_title_is_the_speaker() -> None:
    # the parser takes the organisation for the head of the subject; the person speaks
    assert speaker_of(TITLED, "a disaster") == "Tomas Keller"
    assert speaker_of(TITLED, "a warning") in {"Pia Orlan", "Chairman Pia Orlan"}


def test_people_described_in_the_plural_are_not_one_person_named() -> None:
    # BASIL: "Attorneys general in Utah and New Mexico said" went to Attorney General Eric
    # Holder, "several justices" to one justice, "conservative activists" to one activist
    text = (
        "Attorney General Dana Roe spoke on Monday. Minority Leader Ines Halvorsen agreed.\n\n"
        "Attorneys general in three harbour states said they would sue the port.\n\n"
        "Harbour leaders said the plan was dead.\n\n"
        "The attorney general said she would act."
    )
    assert speaker_of(text, "they would sue") is None
    assert speaker_of(text, "the plan was dead") is None
    assert speaker_of(text, "she would act") == "Dana Roe"
