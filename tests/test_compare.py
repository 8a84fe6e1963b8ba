"""``parallax.compare``: the demo corpus' planted differences, the seed pair, properties."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import parallax
from parallax.comparison.records import Comparison
from parallax.demo import corpus_dir, truth
from parallax.demo.compare_truth import check_event
from parallax.models import Article
from parallax.pipeline import load_articles
from tests.conftest import DATA, SEEDS

pytestmark = pytest.mark.slow

# Planted differences the comparison does not find yet (see the closing note). A
# check listed here that starts to pass fails this test, so the list can only shrink.
KNOWN_MISSES: dict[str, set[tuple[str, str]]] = {
    "port-strike": set(),
    # A follow-up two days later places the minister's inquiry on a later day and at another
    # venue; since a day after the other outlet wrote is read as a later event (BASIL's
    # false date conflicts were all of this kind), it is no longer claimed a conflict.
    "chemical-fire": {
        ("date", "day on which Environment Minister Greta Hollis announced the"),
        ("occasion", "where Environment Minister Greta Hollis announced the indepe"),
    },
    # A unique detail inside a sentence whose other half is shared: facts are whole
    # sentences now, so the detail is marked as differing words, not listed as unique.
    "central-bank": {("unique_fact", "who is paid more than 310,000 crowns a year")},
}


def _event_articles(event: str) -> list[Article]:
    files = next(e["articles"] for e in truth()["events"] if e["id"] == event)
    articles, failed = load_articles([str(corpus_dir() / f) for f in files])
    assert not failed
    return articles


@pytest.fixture(scope="module")
def demo() -> dict[str, Comparison]:
    return {e["id"]: parallax.compare(_event_articles(e["id"])) for e in truth()["events"]}


@pytest.mark.parametrize("event", sorted(KNOWN_MISSES))
def test_demo_planted_differences_are_found(demo: dict[str, Comparison], event: str) -> None:
    checks = check_event(demo[event], truth(), event)
    assert len(checks) >= 15
    failed = {(c.kind, c.label) for c in checks if not c.passed and c.kind != "aligned"}
    assert failed <= KNOWN_MISSES[event], f"newly missed: {failed - KNOWN_MISSES[event]}"
    fixed = KNOWN_MISSES[event] - failed
    assert not fixed, f"now found, remove from KNOWN_MISSES: {fixed}"


def test_demo_agreeing_facts_never_conflict(demo: dict[str, Comparison]) -> None:
    for event, comparison in demo.items():
        agree = [c for c in check_event(comparison, truth(), event) if c.kind == "agree"]
        assert agree
        assert all(c.passed for c in agree), [c.label for c in agree if not c.passed]


def test_demo_rate_rise_is_one_fact_of_the_four_outlets_that_give_the_new_rate(
    demo: dict[str, Comparison],
) -> None:
    # each outlet tells the rise in its own words around the same "4.25 percent": one sure
    # fact, though no two sentences match at the top bar; the wire's dateline "(Meridian
    # Wire)" names the reporter, not a second actor beside the bank
    c = demo["central-bank"]
    rise = [f for f in c.shared if all("4.25 percent" in c.text_of(e) for e in f.evidence)]
    assert rise and set(rise[0].outlets) == {
        "Meridian Wire",
        "The Arvenian Standard",
        "The Civic Sentinel",
        "The Daily Clarion",
    }
    assert rise[0] in c.key_facts()


def test_demo_most_agreeing_facts_are_aligned(demo: dict[str, Comparison]) -> None:
    aligned = [
        c
        for event, comparison in demo.items()
        for c in check_event(comparison, truth(), event)
        if c.kind == "aligned"
    ]
    assert len(aligned) == len(truth()["agreeing_facts"]) >= 15
    assert sum(c.passed for c in aligned) >= len(aligned) // 2


def test_demo_wire_copies_counted_once(demo: dict[str, Comparison]) -> None:
    coverage = demo["port-strike"].coverage
    assert len(coverage.outlets) == 5
    assert coverage.independent == 3
    assert [len(g.copies) for g in coverage.wire_groups] == [2]


# --- the seed pair -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> Comparison:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not there (it ships beside the repository)")
    articles, failed = load_articles([str(SEEDS)])
    assert not failed and len(articles) == 2
    return parallax.compare(articles)


def _shared_with(c: Comparison, *needles: str) -> bool:
    for fact in c.shared:
        text = " ".join(c.text_of(e) for e in fact.evidence).lower()
        if all(n.lower() in text for n in needles):
            return True
    return False


# Open regression of issue 15: sentence-level facts hold one sentence per outlet, so a fact
# the other outlet states inside a longer sentence that is aligned elsewhere is missed.
@pytest.mark.xfail(strict=True, reason="containment inside an already aligned sentence (#15)")
def test_seed_shared_core(seeds: Comparison) -> None:
    assert _shared_with(seeds, "Islamic State", "Aleppo", "progress")
    assert _shared_with(seeds, "Western-backed", "dire straits", "rout")


def test_seed_ministers_statement_is_one_shared_fact(seeds: Comparison) -> None:
    # told on Tuesday in one, said on Wednesday in the other: one statement whose day the
    # outlets disagree about, not two moments of the story
    assert _shared_with(seeds, "Islamic State", "Aleppo", "progress")


@pytest.mark.xfail(strict=True, reason="containment inside an already aligned sentence (#15)")
def test_seed_shared_core_has_the_air_strikes(seeds: Comparison) -> None:
    assert _shared_with(seeds, "airstrikes", "French air strikes would take place")


def test_seed_statement_day_and_occasion_conflict(seeds: Comparison) -> None:
    kinds = {c.kind: c for c in seeds.conflicts}
    date = kinds["date"]
    assert sorted(s.value for s in date.sides) == ["Tuesday", "Wednesday"]
    assert "Le Drian" in date.what
    occasion = kinds["occasion"]
    values = " | ".join(s.value for s in occasion.sides)
    assert "Parliament" in values and "France Inter" in values
    assert not [c for c in seeds.conflicts if c.kind in {"number", "attribution"}]


def test_seed_quotes_attributed_to_the_minister_by_name(seeds: Comparison) -> None:
    speakers = [q.speaker for q in seeds.quotes]
    assert speakers == ["Jean-Yves Le Drian"]
    outlets = {u.outlet for g in seeds.quotes[0].groups for u in g.uses}
    assert len(outlets) == 2


def test_seed_first_article_is_the_more_loaded(seeds: Comparison) -> None:
    first, second = sorted(seeds.framing, key=lambda f: f.outlet)
    assert first.subjectivity > second.subjectivity
    article = next(a for a in seeds.articles if a.id == first.article_id)
    flagged = {t.span.of(article.text).lower() for t in first.terms}
    assert {"reckless abandon", "dire straits", "grows gloomier"} <= flagged


def test_seed_report_has_no_boilerplate(seeds: Comparison) -> None:
    dumped = json.dumps(seeds.to_dict(), ensure_ascii=False)
    for line in ("Share Button", "CHARLY TRIBALLEAU", "COMMENTS", "having issues with commenting"):
        assert line not in dumped


# --- properties ----------------------------------------------------------------------------


def _twin(article: Article, outlet: str) -> Article:
    return Article.create(
        text=article.text,
        outlet=outlet,
        title=article.title,
        published=article.published,
        language=article.language,
    )


def test_an_article_compared_with_itself_gives_only_shared_facts() -> None:
    article = _event_articles("chemical-fire")[0]
    comparison = parallax.compare([article, _twin(article, "Mirror Outlet")])
    assert comparison.facts
    assert all(len(f.outlets) == 2 for f in comparison.facts)
    assert comparison.conflicts == ()
    assert all(len(g.outlets) == 2 for q in comparison.quotes for g in q.groups)


def test_an_outlet_telling_a_fact_in_two_sentences_gives_one_fact() -> None:
    # BASIL: one outlet broke a justice's words into "For the court, it could be --" and
    # "I don't even want to contemplate that," she said; the other two outlets' one
    # sentence was listed twice, once beside each piece
    lead = "Mayor Ilse Varga spoke about the harbour strike at the town hall on Monday.\n\n"
    said = (
        "“For the docks, it could be — I don’t even want to think about what happens to the "
        "docks this winter.”"
    )
    broken = (
        "“For the docks, it could be --”\n\n“I don’t even want to think about what happens "
        "to the docks this winter,” she said."
    )
    published = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    comparison = parallax.compare(
        [
            Article.create(lead + said, outlet="Harbour Ledger", published=published),
            Article.create(
                lead + said + "\n\nThe strike began in May.",
                outlet="Daily Clarion",
                published=published,
            ),
            Article.create(lead + broken, outlet="Velmora Courier", published=published),
        ]
    )
    told = [
        f for f in comparison.facts if any("docks" in comparison.text_of(e) for e in f.evidence)
    ]
    assert len(told) == 1
    (fact,) = told
    assert fact.sure and len(fact.outlets) == 3
    courier = next(
        e for e in fact.evidence if comparison.outlet_of(e.article_id) == "Velmora Courier"
    )
    assert comparison.text_of(courier).startswith("“For the docks, it could be --”")
    assert comparison.text_of(courier).endswith("she said.")


def test_two_leads_on_different_days_with_different_actors_are_not_claimed_one_fact() -> None:
    # BASIL: "Donald J. Trump on Tuesday assailed Justice Ginsburg ..." and "Justice
    # Ginsburg faced a growing backlash Wednesday, including a call from Trump ..." were
    # claimed one fact: two moments of the story, each outlet's lead of its day
    tuesday = datetime(2026, 3, 10, 18, tzinfo=UTC)
    wednesday = datetime(2026, 3, 11, 18, tzinfo=UTC)

    def fact(first: str, second: str) -> Any:
        comparison = parallax.compare(
            [
                Article.create(first, outlet="Harbour Ledger", published=tuesday),
                Article.create(second, outlet="Daily Clarion", published=wednesday),
            ]
        )
        (shared,) = [f for f in comparison.facts if len(f.outlets) == 2]
        return shared

    assailed = (
        "Mayor Ilse Varga on Tuesday assailed harbour chief Tomas Brandt of the Velmora Port "
        "Authority for speaking out on the dock strike, calling his remarks about the union "
        "reckless and suggesting that he owed the dockers an apology."
    )
    backlash = (
        "Harbour chief Tomas Brandt of the Velmora Port Authority faced a growing backlash on "
        "Wednesday, including a call from Mayor Ilse Varga to resign, as he doubled down on "
        "his criticism of the dock strike, calling the union reckless."
    )
    parted = fact(assailed, backlash)
    assert not parted.sure and parted.closeness >= 0.8  # still shown, as perhaps one fact
    # told of the same day, though another actor leads: claimed, as before
    same_lead = backlash.replace("on Wednesday", "on Tuesday")
    assert fact(assailed, same_lead).sure


def test_input_order_does_not_change_the_result(demo: dict[str, Comparison]) -> None:
    articles = _event_articles("central-bank")
    again = parallax.compare(list(reversed(articles)))
    assert again.to_dict() == demo["central-bank"].to_dict()


# --- BASIL: real triplets run and give sane output -------------------------------------------


def _basil_stories(limit: int) -> list[list[dict[str, Any]]]:
    path = DATA / "stories" / "basil.dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    stories: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        stories.setdefault(row["story_id"], []).append(row)
    return list(stories.values())[:limit]


def test_basil_triplets_compare_sanely(tmp_path: Path) -> None:
    for n, story in enumerate(_basil_stories(3)):
        path = tmp_path / f"story{n}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in story), encoding="utf-8")
        articles, failed = load_articles([str(path)])
        assert not failed and len(articles) == len(story)
        c = parallax.compare(articles)
        data = c.to_dict()
        assert len(data["articles"]) == len(story)
        assert {f["outlet"] for f in data["framing"]} == {r["outlet"] for r in story}
        for fact in c.facts:
            for ev in fact.evidence:
                text = c.text_of(ev)
                assert text.strip() and len(text) <= 2000
        assert all(0 < x.confidence <= 1 for x in c.conflicts)
        assert len(c.conflicts) <= len(c.facts)


# --- the CLI -------------------------------------------------------------------------------


def test_cli_compare_writes_every_format(cli: Callable[..., Any], tmp_path: Path) -> None:
    files = [
        str(corpus_dir() / f)
        for f in ("port-strike-meridian-wire.txt", "port-strike-daily-clarion.txt")
    ]
    done = cli("compare", *files, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {a["outlet"] for a in data["articles"]} == {"Meridian Wire", "The Daily Clarion"}
    assert any(c["kind"] == "date" for c in data["conflicts"])
    # the two outlets' counts stand in sentences that are not surely one fact: hedged
    assert any(c["kind"] == "number" for c in data["maybe_conflicts"])
    report = tmp_path / "report.html"
    done = cli("compare", *files, "--format", "html", "--output", str(report))
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Daily Clarion" in html
    done = cli("compare", *files, "--format", "md")
    assert done.returncode == 0 and "Daily Clarion" in done.stdout


def test_cli_compare_reports_a_bad_input_and_goes_on(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.txt"
    files = [
        str(corpus_dir() / f)
        for f in ("chemical-fire-meridian-wire.txt", "chemical-fire-daily-clarion.txt")
    ]
    done = cli("compare", *files, str(missing), "--format", "json")
    assert done.returncode == 1
    assert "nope.txt" in done.stderr
    assert len(json.loads(done.stdout)["articles"]) == 2


def test_cli_compare_needs_two_articles(cli: Callable[..., Any]) -> None:
    done = cli("compare", str(corpus_dir() / "chemical-fire-meridian-wire.txt"))
    assert done.returncode == 1
    assert "at least two" in done.stderr


STORY_A = (
    "Dockworkers at the port of Tessaly walked out on Tuesday. About 1,200 dockworkers "
    "joined the strike over pay, union leader Mara Quist said. The port authority said "
    "ferries were running normally."
)
STORY_B = (
    "Dockworkers at the port of Tessaly walked out on Tuesday. Some 1,800 dockworkers "
    "joined the strike over pay, union leader Mara Quist said. Talks are due to resume "
    "next week."
)


def test_two_files_with_one_name_stay_two_outlets(tmp_path: Path) -> None:
    for folder, text in (("a", STORY_A), ("b", STORY_B)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text, encoding="utf-8")
    articles, failed = load_articles([str(tmp_path / "a"), str(tmp_path / "b")])
    assert not failed and len(articles) == 2
    c = parallax.compare(articles)
    outlets = {c.outlet_of(a.id) for a in c.articles}
    assert len(outlets) == 2 and all(o.startswith("Story (") for o in outlets)
    assert c.coverage.independent == 2
    assert any(len(f.outlets) == 2 for f in c.facts)
    numbers = [x for x in c.conflicts if x.kind == "number"]
    assert numbers and sorted(s.value for s in numbers[0].sides) == ["1,200", "1,800"]


def test_the_same_text_from_two_sources_is_one_article_whatever_the_order() -> None:
    # no outlet: each is labelled by its file name, so the one kept must not depend on order
    first = Article.create(STORY_A, source="/news/first.txt")
    again = Article.create(STORY_A, source="/news/again.txt")
    other = Article.create(STORY_B, outlet="Harbour Post", source="/news/other.txt")
    assert first.id == again.id
    one = parallax.compare([first, again, other]).to_dict()
    two = parallax.compare([again, other, first]).to_dict()
    assert one == two
    assert len(one["articles"]) == 2


def _fact_texts(ledger: str, post: str) -> list[str]:
    """The sentences of every fact when the two texts are compared (two invented outlets)."""
    articles = [
        Article.create(text=ledger, outlet="Dunmore Ledger", title="Dunmore"),
        Article.create(text=post, outlet="Valley Post", title="Dunmore"),
    ]
    comparison = parallax.compare(articles)
    return [comparison.text_of(e) for f in comparison.facts for e in f.evidence]


def test_a_sentence_whose_opening_the_page_dropped_is_read_from_its_first_word() -> None:
    # a tweet quoted without its handle: the page kept the comma that followed it
    story = (
        "The former mayor of Dunmore answered the governor on Twitter on Monday.\n\n"
        "“, I invited you to come to Dunmore and apologize to every family here.\n\n"
        "The governor has not replied to the invitation, his office said."
    )
    other = (
        "The governor was invited to Dunmore to apologize to every family there, the former "
        "mayor wrote on Twitter on Monday.\n\nThe governor's office said he had not replied."
    )
    texts = _fact_texts(story, other)
    invited = [t for t in texts if "I invited you" in t]
    assert invited, texts
    assert all(t.startswith("I invited you") for t in invited)


def test_a_list_item_is_read_from_its_first_word() -> None:
    listed = (
        "The mayor's office sent out its answers to the critics on Monday.\n\n"
        "-Here are the facts: the harbour wall was inspected twice in the last year.\n\n"
        "-The city has spent 2 million crowns on repairs since the storm."
    )
    other = (
        "The harbour wall was inspected twice in the last year, the mayor's office said on "
        "Monday.\n\nThe city has spent 2 million crowns on repairs since the storm, it added."
    )
    texts = _fact_texts(listed, other)
    assert any(t.startswith("Here are the facts") for t in texts), texts
    assert not any(t.startswith("-") for t in texts)


def test_a_lead_in_is_read_with_what_it_introduces() -> None:
    ledger = (
        "The harbour board met on Monday to vote on the new wall.\n\n"
        "The Velmora Courier reported on Sunday:\n\n"
        "“The board has already signed a contract with a builder from Dunmore.”"
    )
    clarion = "The harbour board met on Monday to vote on the new wall, its chairman said."
    texts = _fact_texts(ledger, clarion)
    assert not any(t.rstrip().endswith(":") for t in texts), texts
    assert any(t.startswith("The Velmora Courier reported") and "contract" in t for t in texts)


def test_two_statements_in_one_report_frame_are_two_facts() -> None:
    # both outlets open with the same words ("VELMORA — Veteran harbour master Tomas Brandt
    # said on Tuesday that"), then report different things he said
    frame = "VELMORA — Veteran harbour master Tomas Brandt said on Tuesday that "
    wall = Article.create(
        frame + "the sea wall would be rebuilt within a year.\n\nThe storm hit on Monday.",
        outlet="Harbour Ledger",
    )
    retire = Article.create(
        frame + "he would retire when his contract ends in May.\n\nThe storm hit on Monday.",
        outlet="Daily Clarion",
    )
    comparison = parallax.compare([wall, retire])
    shared = [[comparison.text_of(e) for e in f.evidence] for f in comparison.shared]
    assert shared == [["The storm hit on Monday."] * 2]


def test_page_furniture_inside_a_paragraph_is_no_fact() -> None:
    # scraped text that ran a sign-up line into the article's paragraph: both outlets carry
    # it word for word, but it is the page's, not a fact either outlet reports
    furniture = (
        " Follow the Harbour Ledger on Twitter, Instagram and Facebook, and stay in the know"
        " with what is happening around you."
    )
    ledger = (
        "Dockworkers at the Port of Velmora walked out on Tuesday over pay." + furniture + " The"
        " union said talks would resume next week."
    )
    clarion = (
        "The Port of Velmora was shut on Tuesday as dockworkers struck." + furniture + " Ferry"
        " services were not affected."
    )
    c = parallax.compare(
        [
            Article.create(ledger, outlet="Harbour Ledger"),
            Article.create(clarion, outlet="Daily Clarion"),
        ]
    )
    told = [c.text_of(e) for f in c.facts for e in f.evidence]
    assert told and not [t for t in told if "Instagram" in t]


def test_a_headline_the_page_gives_twice_is_one_fact() -> None:
    # scraped pages that repeat their headline at the top of the body: the two outlets'
    # headlines are one shared fact, not two facts with the same sentences
    head = "Dockworkers shut the Port of Velmora in a strike over pay on Tuesday."
    ledger = Article.create(
        f"{head}\n\n{head}\n\nThe union said talks would resume next week.",
        outlet="Harbour Ledger",
    )
    clarion = Article.create(
        f"{head}\n\n{head}\n\nFerry services from the port's north quay were not affected.",
        outlet="Daily Clarion",
    )
    c = parallax.compare([ledger, clarion])
    pairs = [f for f in c.facts if len(f.outlets) == 2]
    assert len(pairs) == 1, [[c.text_of(e) for e in f.evidence] for f in pairs]
    assert [c.text_of(e) for e in pairs[0].evidence] == [head, head]


_STRIKE_QUOTE = (
    '"We will not unload a single ship from Kestrel Lines until the wage offer is doubled," '
)


def _strike_story(third: str) -> Comparison:
    """Two outlets quote the union leader word for word; a third tells the strike and
    ``third``."""
    return parallax.compare(
        [
            Article.create(
                "Dockworkers at the Port of Velmora walked out on Tuesday over pay.\n\n"
                + _STRIKE_QUOTE
                + "union leader Mara Quint said.",
                outlet="Harbour Ledger",
            ),
            Article.create(
                "The Port of Velmora was shut on Tuesday as dockworkers struck.\n\n"
                + _STRIKE_QUOTE
                + "union leader Mara Quint told reporters.",
                outlet="Daily Clarion",
            ),
            Article.create(
                "Dockworkers at the Port of Velmora went on strike on Tuesday.\n\n" + third,
                outlet="Coastal Courier",
            ),
        ]
    )


def _quote_fact(c: Comparison) -> str:
    (fact,) = [f for f in c.shared if "Kestrel Lines" in c.text_of(f.evidence[0])]
    return fact.key


def test_an_outlet_that_quotes_the_speaker_otherwise_leaves_the_quote_out() -> None:
    c = _strike_story('"This is about respect and nothing else," union leader Mara Quint said.')
    assert c.omissions == (("Coastal Courier", (_quote_fact(c),)),)


def test_an_outlet_that_tells_the_speakers_words_in_its_own_is_not_said_to_leave_them_out() -> None:
    # it may carry the quoted remark in other words: "not found", never "leaves out"
    # (BASIL: "Kennedy said the theory ... was internally inconsistent" for his quoted words)
    c = _strike_story(
        "Union leader Mara Quint said the workers would keep up their action for as long"
        " as it takes."
    )
    assert c.omissions == ()
    assert c.not_found == (("Coastal Courier", (_quote_fact(c),)),)


def test_a_fact_shown_as_perhaps_one_backs_no_not_found_line() -> None:
    # the two ferry sentences only come close: whether they tell one fact is the reader's
    # call, so the third outlet is not said to lack it
    c = parallax.compare(
        [
            Article.create(
                "Dockworkers at the Port of Velmora walked out on Tuesday over pay.\n\n"
                "Ferry services to the outer islands were cancelled for the day.",
                outlet="Harbour Ledger",
            ),
            Article.create(
                "The Port of Velmora was shut on Tuesday as dockworkers struck.\n\n"
                "No ferries sailed to the islands, leaving tourists stranded at the quay.",
                outlet="Daily Clarion",
            ),
            Article.create(
                "Dockworkers at the Port of Velmora went on strike on Tuesday.\n\n"
                "The city council meets on Friday to discuss the budget.",
                outlet="Coastal Courier",
            ),
        ]
    )
    ferries = [f for f in c.maybe_shared if "islands" in c.text_of(f.evidence[0])]
    assert [f.outlets for f in ferries] == [("Daily Clarion", "Harbour Ledger")]
    assert c.omissions == () and c.not_found == ()


def test_a_datelines_place_is_not_marked_as_a_word_the_other_outlet_lacks() -> None:
    ledger = Article.create(
        "VELMORA — Dockworkers at the Port of Velmora walked out on Tuesday over pay.",
        outlet="Harbour Ledger",
    )
    clarion = Article.create(
        "KESTREL BAY -- Dockworkers at the Port of Velmora walked out on Tuesday over unpaid pay.",
        outlet="Daily Clarion",
    )
    c = parallax.compare([ledger, clarion])
    (fact,) = c.shared
    text = {ledger.id: ledger.text, clarion.id: clarion.text}
    marked = {
        s.of(text[e.article_id])
        for e, spans in zip(fact.evidence, fact.differs, strict=True)
        for s in spans
    }
    assert marked == {"unpaid"}
