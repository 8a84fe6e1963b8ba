"""The comparison reports: terminal text, Markdown, self-contained HTML, and the JSON schema.

Comparisons are built by hand from invented articles, so no model is needed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from parallax.comparison.records import (
    ArticleFraming,
    Comparison,
    Conflict,
    ConflictSide,
    Coverage,
    Evidence,
    Fact,
    FramedTerm,
    QuoteGroup,
    QuoteUse,
    SpeakerQuotes,
    WireGroup,
)
from parallax.models import Article, Span
from parallax.render.comparison_text import MAYBE_CONFLICT_NOTE, NO_CONFLICT, print_comparison
from parallax.render.html import Mark, comparison_html, highlight
from parallax.render.markdown import comparison_markdown

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "comparison.schema.json"
T0 = datetime(2024, 5, 7, 8, 0, tzinfo=UTC)

LEDGER_TEXT = (
    "Workers at the Northgate plant walked out on Tuesday. "
    "About 1,200 workers joined the strike, the union said.\n\n"
    '"We will not back down," said union leader Maria Lopez. '
    '"Talks are a sham," Lopez added.\n\n'
    "The plant employs 3,000 people. "
    "The reckless management slammed the union."
)
POST_TEXT = (
    "Workers at the Northgate plant walked out on Tuesday. "
    "Some 900 workers joined the strike.\n\n"
    '"We will not back down," Maria Lopez said. '
    "Management said talks would resume [update: Friday]."
)
WIRE_TEXT = (
    "Workers at the Northgate plant walked out on Tuesday. "
    "About 1,200 workers joined the strike, the union said.\n\n"
    '"We will not back down," said union leader Maria Lopez.\n\n'
    "The plant employs 3,000 people."
)

LEDGER = Article.create(
    LEDGER_TEXT,
    title="Northgate workers walk out",
    outlet="Daily Ledger",
    url="https://ledger.example/northgate",
    published=T0,
)
POST = Article.create(
    POST_TEXT, title="Strike at Northgate", outlet="Evening Post", published=T0 + timedelta(hours=1)
)
WIRE = Article.create(
    WIRE_TEXT,
    title="Northgate walkout",
    outlet="Wire Times",
    url="javascript:alert(1)",
    published=T0 + timedelta(hours=2),
)


def sp(article: Article, words: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(words, start + 1)
    return Span(start, start + len(words))


def ev(article: Article, words: str, position: str = "body") -> Evidence:
    return Evidence(article.id, sp(article, words), position)


WALKOUT = "Workers at the Northgate plant walked out on Tuesday."
LEDGER_COUNT = "About 1,200 workers joined the strike, the union said."
POST_COUNT = "Some 900 workers joined the strike."
EMPLOYS = "The plant employs 3,000 people."
TALKS = "Management said talks would resume [update: Friday]."
SLAMMED = "The reckless management slammed the union."
BACK_DOWN = "We will not back down"
SHAM = "Talks are a sham"


def story() -> Comparison:
    facts = (
        Fact(
            "f1",
            (ev(LEDGER, WALKOUT, "lede"), ev(POST, WALKOUT, "lede"), ev(WIRE, WALKOUT, "lede")),
            ("Daily Ledger", "Evening Post", "Wire Times"),
        ),
        Fact(
            "f2",
            (ev(LEDGER, LEDGER_COUNT), ev(POST, POST_COUNT), ev(WIRE, LEDGER_COUNT)),
            ("Daily Ledger", "Evening Post", "Wire Times"),
        ),
        Fact("f3", (ev(LEDGER, EMPLOYS), ev(WIRE, EMPLOYS)), ("Daily Ledger", "Wire Times")),
        Fact(
            "f4",
            (ev(POST, TALKS, "late"),),
            ("Evening Post",),
            absent=("Daily Ledger", "Wire Times"),
            only=("Northgate council",),
        ),
        Fact(
            "f5",
            (ev(LEDGER, SLAMMED, "late"),),
            ("Daily Ledger",),
            absent=("Evening Post", "Wire Times"),
            only=("union",),
        ),
    )
    conflict = Conflict(
        kind="number",
        what="workers who joined the strike",
        sides=(
            ConflictSide(ev(LEDGER, LEDGER_COUNT), "Daily Ledger", "1,200"),
            ConflictSide(ev(POST, POST_COUNT), "Evening Post", "900"),
        ),
        confidence=0.85,
        fact_key="f2",
    )
    quotes = (
        SpeakerQuotes(
            "Maria Lopez",
            (
                QuoteGroup(
                    (
                        QuoteUse(ev(LEDGER, BACK_DOWN), "Daily Ledger"),
                        QuoteUse(ev(POST, BACK_DOWN), "Evening Post"),
                        QuoteUse(ev(WIRE, BACK_DOWN), "Wire Times"),
                    )
                ),
                QuoteGroup((QuoteUse(ev(LEDGER, SHAM), "Daily Ledger"),)),
            ),
        ),
    )
    framing = (
        ArticleFraming(
            LEDGER.id,
            "Daily Ledger",
            4.5,
            (
                FramedTerm(LEDGER.id, sp(LEDGER, "reckless"), "loaded", ev(POST, TALKS)),
                FramedTerm(LEDGER.id, sp(LEDGER, "slammed"), "loaded"),
                FramedTerm(LEDGER.id, sp(LEDGER, "sham"), "subjective"),
            ),
        ),
        ArticleFraming(POST.id, "Evening Post", 0.0, ()),
        ArticleFraming(WIRE.id, "Wire Times", 1.25, ()),
    )
    coverage = Coverage(
        ("Daily Ledger", "Evening Post", "Wire Times"),
        LEDGER.id,
        (WireGroup(LEDGER.id, (WIRE.id,)),),
    )
    return Comparison(
        articles=(LEDGER, POST, WIRE),
        facts=facts,
        conflicts=(conflict,),
        quotes=quotes,
        framing=framing,
        coverage=coverage,
        omissions=(("Evening Post", ("f3",)),),
    )


EVIL_TEXT = (
    "Officials said <script>alert(1)</script> nothing. "
    'Then <img src=x onerror=alert(1)> appeared & "quotes" | *stars* [link](x).'
)
EVIL = Article.create(
    EVIL_TEXT,
    title='<script>alert("title")</script>',
    outlet="Evil <img src=x onerror=alert(2)>",
    url='https://evil.example/"><script>alert(3)</script>',
    published=T0,
)
PLAIN = Article.create("Officials said nothing at all today.", outlet="Plain News", published=T0)


def evil_story() -> Comparison:
    outlet = "Evil <img src=x onerror=alert(2)>"
    first = "Officials said <script>alert(1)</script> nothing."
    second = 'Then <img src=x onerror=alert(1)> appeared & "quotes" | *stars* [link](x).'
    return Comparison(
        articles=(EVIL, PLAIN),
        facts=(
            Fact(
                "f1",
                (ev(EVIL, first), ev(PLAIN, "Officials said nothing at all today.")),
                (outlet, "Plain News"),
            ),
            Fact("f2", (ev(EVIL, second),), (outlet,)),
        ),
        conflicts=(
            Conflict(
                "occasion",
                "what appeared",
                (
                    ConflictSide(ev(EVIL, second), outlet, "a | b"),
                    ConflictSide(ev(PLAIN, "nothing at all"), "Plain News", "nothing"),
                ),
                0.5,
            ),
        ),
        quotes=(
            SpeakerQuotes(
                "<b>Officials</b>", (QuoteGroup((QuoteUse(ev(EVIL, "<script>"), outlet),)),)
            ),
        ),
        framing=(
            ArticleFraming(
                EVIL.id, outlet, 2.0, (FramedTerm(EVIL.id, sp(EVIL, "onerror"), "loaded"),)
            ),
        ),
        coverage=Coverage((outlet, "Plain News"), EVIL.id, ()),
    )


# --- an HTML reader for the tests ----------------------------------------------------------

VOID = {"meta", "br", "img", "link", "input", "hr", "source", "area", "base", "col", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)
    parent: Element | None = None


class Page(HTMLParser):
    """Every element with its attributes, full text and the links inside it."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.feed(document)
        self.close()
        assert not self.stack, [e.tag for e in self.stack]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        element.parent = self.stack[-1] if self.stack else None
        self.elements.append(element)
        if "href" in element.attrs:
            for open_element in self.stack:
                open_element.hrefs.append(element.attrs["href"])
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1].tag == tag, (tag, [e.tag for e in self.stack])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)

    def by_id(self) -> dict[str, Element]:
        ids = [e.attrs["id"] for e in self.elements if "id" in e.attrs]
        assert len(ids) == len(set(ids)), "duplicate ids"
        return {e.attrs["id"]: e for e in self.elements if "id" in e.attrs}

    def text_of(self, element: Element) -> str:
        return "".join(element.text)

    def columns(self) -> list[Element]:
        return [e for e in self.elements if e.tag == "div" and e.attrs.get("class") == "text"]

    def marks(self, column: Element | None = None) -> dict[str, tuple[str, str]]:
        """data-ev -> (class of the mark, its whole text across the pieces it was split in)."""
        elements = self.elements
        if column is not None:
            start = elements.index(column)
            end = start + 1
            while end < len(elements) and not (
                elements[end].tag == "div" and elements[end].attrs.get("class") == "text"
            ):
                end += 1
            elements = elements[start:end]
        out: dict[str, tuple[str, str]] = {}
        for e in elements:
            if e.tag == "mark" and "data-ev" in e.attrs:
                key = e.attrs["data-ev"]
                kind = e.attrs["class"].split()[0]
                previous = out.get(key, (kind, ""))[1]
                out[key] = (kind, previous + self.text_of(e))
        return out


# --- terminal report -----------------------------------------------------------------------


def render_text(comparison: Comparison) -> str:
    console = Console(record=True, width=120, color_system=None)
    print_comparison(console, comparison)
    return console.export_text()


def section(text: str, title: str, following: str | None) -> str:
    start = text.index(title)
    end = text.index(following, start) if following else len(text)
    return text[start:end]


def test_text_report_has_every_section_in_order() -> None:
    text = render_text(story())
    titles = ["SHARED CORE", "UNIQUE", "OMISSIONS", "CONFLICTS", "QUOTES", "FRAMING"]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)


def test_text_header_counts_wire_copies_once_and_names_the_first() -> None:
    text = render_text(story())
    head = text[: text.index("SHARED CORE")]
    assert "3 outlets: 2 originals, 1 copy" in head
    assert "First to report: Daily Ledger (2024-05-07 08:00 UTC)" in head
    assert "Wire copy: Wire Times republishes Daily Ledger" in head


def test_text_shared_core_lists_widely_carried_facts_with_outlets_and_a_sentence() -> None:
    text = render_text(story())
    shared = section(text, "SHARED CORE", "UNIQUE")
    assert "3 facts carried by 2+ outlets" in shared
    assert "f1 3 outlets: Daily Ledger, Evening Post, Wire Times" in shared
    assert f"“{WALKOUT}”" in shared
    assert "f3 2 outlets: Daily Ledger, Wire Times" in shared
    assert shared.index("f1 ") < shared.index("f2 ") < shared.index("f3 ")
    assert "f4" not in shared and "f5" not in shared  # single-outlet facts are not shared


def test_text_unique_omissions_and_conflicts() -> None:
    text = render_text(story())
    unique = section(text, "UNIQUE", "OMISSIONS")
    assert "Evening Post (1 fact only it reports)" in unique
    assert TALKS in unique  # the square brackets are text, not rich markup
    assert SLAMMED in unique
    assert "Wire Times" not in unique
    omissions = section(text, "OMISSIONS", "CONFLICTS")
    assert "Evening Post leaves out 1 fact" in omissions
    assert EMPLOYS in omissions and "carried by Daily Ledger, Wire Times" in omissions
    conflicts = section(text, "CONFLICTS", "QUOTES")
    assert "number workers who joined the strike" in conflicts
    assert "confidence 0.85" in conflicts
    assert "Daily Ledger: 1,200" in conflicts and "Evening Post: 900" in conflicts
    assert POST_COUNT in conflicts


def test_text_quotes_side_by_side_and_framing() -> None:
    text = render_text(story())
    quotes = section(text, "QUOTES", "FRAMING")
    assert "Maria Lopez" in quotes
    shared_row = next(line for line in quotes.splitlines() if "shared" in line)
    assert shared_row.count(BACK_DOWN) == 3  # one column per outlet, on one row
    only_row = next(line for line in quotes.splitlines() if "only Daily Ledger" in line)
    assert SHAM in only_row and only_row.count("—") == 2  # the two other outlets are empty
    framing = section(text, "FRAMING", None)
    assert "Daily Ledger subjectivity 4.50 (3 loaded or subjective terms)  most loaded" in framing
    assert "“reckless” loaded — neutral in Evening Post: “Management said talks" in framing
    assert "Most loaded: Daily Ledger (4.50)" in framing
    scored = [line.split(" subjectivity ")[0].strip() for line in framing.splitlines()[1:]]
    scored = [name for name in scored if name in {"Daily Ledger", "Wire Times", "Evening Post"}]
    assert scored == ["Daily Ledger", "Wire Times", "Evening Post"]  # most loaded first


def test_text_trims_long_sentences() -> None:
    long_sentence = "word " * 100 + "end."
    article = Article.create(long_sentence, outlet="Long")
    other = Article.create(long_sentence + " More.", outlet="Other")
    comparison = Comparison(
        articles=(article, other),
        facts=(
            Fact(
                "f1",
                (Evidence(article.id, Span(0, len(long_sentence))),),
                ("Long",),
                absent=("Other",),
                only=("word",),
            ),
        ),
        conflicts=(),
        quotes=(),
        framing=(),
        coverage=Coverage(("Long", "Other"), None, ()),
    )
    text = render_text(comparison)
    assert "…”" in text and "end." not in text
    assert "First to report: unknown" in text
    assert "No outlet uses" not in text and "No framing measured." in text


def test_text_escapes_rich_markup_in_article_text() -> None:
    text = render_text(evil_story())
    assert "<script>alert(1)</script>" in text
    assert "[link](x)" in text
    assert "<b>Officials</b>" in text


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_has_every_section_with_content() -> None:
    md = comparison_markdown(story())
    titles = [
        "## Shared core",
        "## Unique",
        "## Omissions",
        "## Conflicts",
        "## Quotes",
        "## Framing",
    ]
    positions = [md.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "3 outlets: 2 originals, 1 copy" in md
    shared = md[md.index("## Shared core") : md.index("## Unique")]
    assert "**f1** — 3 outlets: Daily Ledger, Evening Post, Wire Times" in shared
    unique = md[md.index("## Unique") : md.index("## Omissions")]
    assert "### Evening Post — only it reports 1 fact" in unique
    assert "talks would resume \\[update: Friday\\]" in unique  # brackets cannot become a link
    conflicts = md[md.index("## Conflicts") : md.index("## Quotes")]
    assert "| Daily Ledger | **1,200** |" in conflicts
    assert "| Evening Post | **900** |" in conflicts
    quotes = md[md.index("## Quotes") : md.index("## Framing")]
    assert "| | Daily Ledger | Evening Post | Wire Times |" in quotes
    row = next(line for line in quotes.splitlines() if line.startswith("| *shared*"))
    assert row.count(BACK_DOWN) == 3
    assert "Most loaded: **Daily Ledger** (4.50)." in md


def test_markdown_escapes_article_text() -> None:
    md = comparison_markdown(evil_story())
    assert not re.search(r"(?<!\\)<(?:/?script|img|b>)", md)  # no tag the text brought in
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "\\*stars\\*" in md and "\\[link\\](x)" in md
    # a "|" in the text is escaped, so every row of a table keeps its number of cells
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert any("a \\| b" in row for row in rows)
    header = md[md.index("| Outlet | Says | Sentence |") :].splitlines()[:4]
    assert {len(re.findall(r"(?<!\\)\|", row)) for row in header} == {4}


# --- HTML ----------------------------------------------------------------------------------


def test_html_summary_has_every_section_with_content() -> None:
    page = Page(comparison_html(story()))
    ids = page.by_id()
    summary = page.text_of(ids["summary"])
    for anchor in ("shared-core", "unique", "omissions", "conflicts", "quotes", "framing"):
        assert anchor in ids
    assert "3 outlets: 2 originals, 1 copy" in page.text_of(page.elements[0])
    shared = page.text_of(ids["shared-core"])
    assert "3 facts carried by 2+ outlets" in shared and WALKOUT in shared and EMPLOYS in shared
    assert TALKS not in shared
    assert TALKS in page.text_of(ids["unique"]) and SLAMMED in page.text_of(ids["unique"])
    assert "Evening Post leaves out 1 fact" in page.text_of(ids["omissions"])
    conflicts = page.text_of(ids["conflicts"])
    assert "1,200" in conflicts and "900" in conflicts and "confidence 0.85" in conflicts
    quotes = page.text_of(ids["quotes"])
    assert "Maria Lopez" in quotes and "only Daily Ledger" in quotes
    framing = page.text_of(ids["framing"])
    assert "Most loaded: Daily Ledger" in framing
    assert "neutral wording in Evening Post" in framing
    assert summary.index("Shared core") < summary.index("Framing")


def test_html_columns_hold_each_article_text_exactly() -> None:
    comparison = story()
    page = Page(comparison_html(comparison))
    columns = page.columns()
    assert [page.text_of(c) for c in columns] == [a.text for a in comparison.articles]


def test_html_every_evidence_is_highlighted_exactly_with_its_kind() -> None:
    comparison = story()
    page = Page(comparison_html(comparison))
    columns = dict(zip([a.id for a in comparison.articles], page.columns(), strict=True))
    expected: list[tuple[str, str, str]] = []  # (article id, class, text)
    for fact in comparison.facts:
        kind = "k-shared" if len(fact.outlets) > 1 else "k-unique"
        expected += [(e.article_id, kind, comparison.text_of(e)) for e in fact.evidence]
    for conflict in comparison.conflicts:
        expected += [
            (s.evidence.article_id, "k-conflict", comparison.text_of(s.evidence))
            for s in conflict.sides
        ]
    for speaker in comparison.quotes:
        for group in speaker.groups:
            expected += [
                (u.evidence.article_id, "k-quote", comparison.text_of(u.evidence))
                for u in group.uses
            ]
    for framing in comparison.framing:
        expected += [(t.article_id, "k-term", t.span.of(LEDGER.text)) for t in framing.terms]
    for article_id, kind, text in expected:
        marks = page.marks(columns[article_id]).values()
        assert (kind, text) in marks, (kind, text)
    # and nothing else is highlighted
    total = sum(len(page.marks(c)) for c in page.columns())
    assert total == len(expected)


def test_html_marks_are_computed_from_offsets_not_from_matching_words() -> None:
    """The second of two identical sentences is the evidence: the first stays plain."""
    text = "Rain fell. Rain fell. Then it stopped."
    article = Article.create(text, outlet="Weather Desk")
    other = Article.create("Rain fell.", outlet="Other Desk")
    second = Span(11, 21)
    comparison = Comparison(
        articles=(article, other),
        facts=(
            Fact(
                "f1",
                (Evidence(article.id, second), Evidence(other.id, Span(0, 10))),
                ("Other Desk", "Weather Desk"),
            ),
        ),
        conflicts=(),
        quotes=(),
        framing=(),
        coverage=Coverage(("Weather Desk", "Other Desk"), None, ()),
    )
    document = comparison_html(comparison)
    column = document[document.index('<div class="text">') :]
    assert column.startswith('<div class="text">Rain fell. <mark ')


def test_html_links_go_both_ways_and_every_target_exists() -> None:
    page = Page(comparison_html(story()))
    ids = page.by_id()
    internal = [e.attrs["href"] for e in page.elements if e.attrs.get("href", "").startswith("#")]
    assert internal
    for href in internal:
        assert href[1:] in ids, href
    summary_links = {h[1:] for h in ids["summary"].hrefs if h.startswith("#ev-")}
    firsts = [e for e in page.elements if e.tag == "mark" and "id" in e.attrs]
    assert summary_links == {m.attrs["id"] for m in firsts}  # every highlight is reachable
    for mark in firsts:
        key = mark.attrs["id"]
        pieces = [e for e in page.elements if e.tag == "mark" and e.attrs.get("data-ev") == key]
        backs = [
            e
            for e in page.elements
            if e.tag == "a" and e.attrs.get("class") == "back" and e.parent in pieces
        ]
        assert len(backs) == 1 and backs[0].parent is pieces[-1]
        finding = ids[backs[0].attrs["href"][1:]]
        assert finding.attrs["id"].startswith("find-")
        assert "#" + key in finding.hrefs  # the finding links to this very highlight


def test_html_has_no_external_resources_and_a_strict_csp() -> None:
    document = comparison_html(story())
    page = Page(document)
    assert not [e for e in page.elements if e.tag in {"script", "link", "img", "iframe", "object"}]
    assert not [e for e in page.elements if "src" in e.attrs]
    csp = next(
        e.attrs["content"]
        for e in page.elements
        if e.tag == "meta" and e.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "script-src" not in csp
    style = "".join(page.text_of(e) for e in page.elements if e.tag == "style")
    assert "url(" not in style and "@import" not in style
    external = [e for e in page.elements if e.attrs.get("href", "#")[:1] != "#"]
    # the only outside link is the article's own address, shown as a plain noopener link
    assert [e.attrs["href"] for e in external] == ["https://ledger.example/northgate"]
    assert "noopener" in external[0].attrs["rel"].split()
    # a javascript: address is shown as text, never linked
    assert "javascript:alert(1)" in page.text_of(page.elements[0])
    assert not [e for e in page.elements if e.attrs.get("href", "").startswith("javascript")]
    for match in re.finditer(r'(?:src|href)="(https?://[^"]*)"', document):
        assert match.group(1) == "https://ledger.example/northgate"


def test_html_escapes_malicious_text_title_outlet_and_url() -> None:
    document = comparison_html(evil_story())
    assert "<script" not in document and "<img" not in document and "<b>" not in document
    page = Page(document)
    assert not [e for e in page.elements if e.tag in {"script", "img", "b"}]
    assert not [e for e in page.elements if any(k.startswith("on") for k in e.attrs)]
    everything = page.text_of(page.elements[0])
    assert "<script>alert(1)</script>" in everything
    assert "<img src=x onerror=alert(1)>" in everything
    assert '<script>alert("title")</script>' in everything
    assert "Evil <img src=x onerror=alert(2)>" in everything
    assert "<b>Officials</b>" in everything
    title = next(e for e in page.elements if e.tag == "title")
    assert page.text_of(title) == 'Parallax: <script>alert("title")</script>'
    assert [page.text_of(c) for c in page.columns()] == [EVIL.text, PLAIN.text]
    link = next(e for e in page.elements if e.attrs.get("href", "").startswith("https://evil"))
    assert link.attrs["href"] == EVIL.url  # the quote could not close the attribute


def test_html_overlapping_and_crossing_spans_keep_the_text() -> None:
    """A fact sentence, a quote crossing its end and a term inside both."""
    text = 'He said "we stay. We fight" and left. It rained.'
    article = Article.create(text, outlet="Crossing")
    other = Article.create("Something else.", outlet="Other")
    sentence = Span(0, text.index("We fight"))  # 'He said "we stay. '
    quote = Span(text.index("we stay"), text.index('" and'))  # 'we stay. We fight'
    term = Span(text.index("stay"), text.index("stay") + 4)
    comparison = Comparison(
        articles=(article, other),
        facts=(Fact("f1", (Evidence(article.id, sentence),), ("Crossing",), only=("x",)),),
        conflicts=(),
        quotes=(
            SpeakerQuotes(
                "He", (QuoteGroup((QuoteUse(Evidence(article.id, quote), "Crossing"),)),)
            ),
        ),
        framing=(
            ArticleFraming(article.id, "Crossing", 1.0, (FramedTerm(article.id, term, "loaded"),)),
        ),
        coverage=Coverage(("Crossing", "Other"), None, ()),
    )
    page = Page(comparison_html(comparison))
    column = page.columns()[0]
    assert page.text_of(column) == text
    marks = page.marks(column)
    assert sorted(marks.values()) == sorted(
        [
            ("k-unique", sentence.of(text)),
            ("k-quote", quote.of(text)),
            ("k-term", "stay"),
        ]
    )
    for href in (e.attrs["href"] for e in page.elements if e.attrs.get("href", "").startswith("#")):
        assert href[1:] in page.by_id()


def test_html_skips_evidence_that_does_not_point_into_the_text() -> None:
    article = Article.create("Short text here.", outlet="Tiny")
    other = Article.create("Other text here.", outlet="Other")
    comparison = Comparison(
        articles=(article, other),
        facts=(
            Fact(
                "f1",
                (Evidence(article.id, Span(0, 500)), Evidence("missing", Span(0, 3))),
                ("Other", "Tiny"),
            ),
        ),
        conflicts=(),
        quotes=(),
        framing=(),
        coverage=Coverage(("Tiny", "Other"), None, ()),
    )
    page = Page(comparison_html(comparison))
    assert not [e for e in page.elements if e.tag == "mark" and "data-ev" in e.attrs]
    assert [page.text_of(c) for c in page.columns()] == [article.text, other.text]
    ids = page.by_id()
    for e in page.elements:
        if e.attrs.get("href", "").startswith("#"):
            assert e.attrs["href"][1:] in ids


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab<>&\"' \n", min_size=1, max_size=30))
    bound = st.integers(0, len(text) + 2)  # a few spans reach past the end: they are skipped
    pairs = draw(st.lists(st.tuples(bound, bound), max_size=8))
    return text, [(min(p), max(p)) for p in pairs]


def test_highlight_splits_a_crossing_span_and_nests_the_rest() -> None:
    text = "abcdefgh"
    marks = [
        Mark(0, 4, "ev-a", "shared", "find-a", ""),
        Mark(2, 6, "ev-b", "quote", "find-b", ""),
    ]
    page = Page(f'<div class="text">{highlight(text, marks)}</div>')
    assert page.marks() == {"ev-a": ("k-shared", "abcd"), "ev-b": ("k-quote", "cdef")}
    pieces = [e for e in page.elements if e.tag == "mark"]
    assert [p.attrs["data-ev"] for p in pieces] == ["ev-a", "ev-b", "ev-b"]
    assert "id" not in pieces[2].attrs and "cont" in pieces[2].attrs["class"]


@settings(max_examples=200, deadline=None)
@given(case=text_and_spans())
def test_highlight_nests_any_spans_without_changing_the_text(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    text, ranges = case
    marks = [
        Mark(start, end, f"ev-{i}", "shared", f"find-{i}", "label")
        for i, (start, end) in enumerate(ranges)
    ]
    page = Page(f'<div class="text">{highlight(text, marks)}</div>')  # asserts well-nesting
    assert page.text_of(page.elements[0]) == text
    shown = page.marks()
    for m in marks:
        if m.start < m.end <= len(text):
            assert shown[m.mark_id] == ("k-shared", text[m.start : m.end])
        else:
            assert m.mark_id not in shown
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert sorted(ids) == sorted(shown)  # one id per highlight, on its first piece


# --- JSON schema ---------------------------------------------------------------------------


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    return schema


TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def violations(
    value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$"
) -> list[str]:
    """A small checker for the keywords the schema uses."""
    schema = _resolve(schema, root)
    problems: list[str] = []
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not violations(value, s, root, at)]
        return [] if len(matching) == 1 else [f"{at}: matches {len(matching)} of oneOf"]
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(value, TYPES[n]) and not (isinstance(value, bool) and n != "boolean")
            for n in names
        )
        if not ok:
            return [f"{at}: {type(value).__name__} is not {names}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{at}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{at}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{at}: {value} < {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{at}: {value} > {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        problems += [f"{at}: lacks {k!r}" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            if key in props:
                problems += violations(item, props[key], root, f"{at}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{at}: unexpected key {key!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += violations(item, schema["additionalProperties"], root, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += violations(item, schema["items"], root, f"{at}[{i}]")
    return problems


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


def test_schema_is_draft_2020_12(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("build", [story, evil_story])
def test_to_dict_validates_against_the_schema(schema: dict[str, Any], build: Any) -> None:
    data = json.loads(json.dumps(build().to_dict()))
    assert violations(data, schema, schema) == []


def test_schema_rejects_what_to_dict_never_produces(schema: dict[str, Any]) -> None:
    good = json.loads(json.dumps(story().to_dict()))
    missing = json.loads(json.dumps(good))
    del missing["facts"][0]["evidence"][0]["position"]
    extra = json.loads(json.dumps(good))
    extra["conflicts"][0]["sides"][0]["note"] = "x"
    wrong = json.loads(json.dumps(good))
    wrong["coverage"]["independent_reports"] = "2"
    bad_neutral = json.loads(json.dumps(good))
    bad_neutral["framing"][0]["terms"][0]["neutral"] = {"article_id": "x"}
    for broken in (missing, extra, wrong, bad_neutral):
        assert violations(broken, schema, schema)


def test_schema_describes_every_key(schema: dict[str, Any]) -> None:
    def walk(node: dict[str, Any], at: str) -> None:
        node = _resolve(node, schema)
        for key, sub in node.get("properties", {}).items():
            assert "description" in _resolve(sub, schema) or "description" in sub, f"{at}.{key}"
            walk(sub, f"{at}.{key}")
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{at}[]")
        for option in node.get("oneOf", []):
            walk(option, at)

    walk(schema, "$")


def test_an_identical_span_nests_the_conflict_inside_the_fact() -> None:
    """So the conflict colour shows over the fact colour on the same sentence."""
    page = Page(comparison_html(story()))
    conflict = next(
        e for e in page.elements if e.attrs.get("class") == "k-conflict" and "data-ev" in e.attrs
    )
    assert conflict.parent is not None and conflict.parent.attrs.get("class") == "k-shared"
    assert page.text_of(conflict) == page.text_of(conflict.parent) == LEDGER_COUNT


def test_a_sparse_comparison_says_what_is_missing_in_every_format() -> None:
    one = Article.create("Nothing much happened on Monday.", outlet="Solo")
    two = Article.create("A quiet day in town.", outlet="Duo")
    comparison = Comparison(
        articles=(one, two),
        facts=(),
        conflicts=(),
        quotes=(),
        framing=(
            ArticleFraming(one.id, "Solo", 0.0, ()),
            ArticleFraming(two.id, "Duo", 0.0, ()),
        ),
        coverage=Coverage(("Solo", "Duo"), None, ()),
    )
    for output in (
        render_text(comparison),
        comparison_markdown(comparison),
        Page(comparison_html(comparison)).text_of(Page(comparison_html(comparison)).elements[0]),
    ):
        assert "2 outlets: 2 original reports, no wire copies" in output
        assert "No fact is carried by more than one outlet." in output
        assert "No contradiction found between the outlets." in output
        assert "No quotation found." in output
        assert "No outlet uses loaded or subjective wording." in output
        assert "most loaded" not in output.lower().replace("no outlet uses loaded", "")


def test_shared_fact_shows_every_outlets_sentence_with_differing_and_loaded_words() -> None:
    base = story()
    slammed = ev(LEDGER, SLAMMED)
    talks = ev(POST, TALKS)
    # "reckless" and "slammed" are the Ledger's own words for this fact
    differs = ((sp(LEDGER, "reckless"), sp(LEDGER, "slammed")), ())
    fact = Fact("f9", (slammed, talks), ("Daily Ledger", "Evening Post"), differs=differs)
    c = dataclasses.replace(base, facts=(fact,))
    md = comparison_markdown(c)
    assert "*Daily Ledger*: “The **reckless** management **slammed** the union.”" in md
    assert "(loaded: reckless, slammed)" in md
    assert "*Evening Post*: “Management said talks would resume \\[update: Friday\\].”" in md
    html = comparison_html(c)
    assert '<b class="differs">reckless</b>' in html and "loaded: reckless, slammed" in html


def test_each_outlets_sentence_says_whom_it_quotes_and_voices_only_one_outlet_gives() -> None:
    base = story()
    said_ledger = '"We will not back down," said union leader Maria Lopez.'
    said_post = '"We will not back down," Maria Lopez said.'
    quoted = Fact(
        "f9",
        (ev(LEDGER, said_ledger), ev(POST, said_post)),
        ("Daily Ledger", "Evening Post"),
    )
    reyes = SpeakerQuotes("Tom Reyes", (QuoteGroup((QuoteUse(ev(POST, TALKS), "Evening Post"),)),))
    # a phrase the quote analysis took for a speaker is not named to the reader
    some = SpeakerQuotes("some", (QuoteGroup((QuoteUse(ev(LEDGER, SLAMMED), "Daily Ledger"),)),))
    c = dataclasses.replace(base, facts=(quoted, *base.facts), quotes=(*base.quotes, reyes, some))
    md = comparison_markdown(c)
    # a sentence that opens with a quotation is not set in quote marks of ours as well
    assert f"*Daily Ledger*: {said_ledger} (quotes Maria Lopez)" in md.replace("\\", "")
    # a unique fact carries its note too: whom it quotes, its loaded words
    assert "talks would resume \\[update: Friday\\].” (quotes Tom Reyes)" in md
    assert "slammed the union.” (loaded: reckless, slammed)" in md
    assert "quotes some" not in md
    framing = md.split("## Framing", 1)[1].split("## Outlets", 1)[0]
    assert "- **Evening Post** quotes Tom Reyes" in framing
    assert "Maria Lopez" not in framing.split("Quotes no other outlet carries:", 1)[1]
    text = render_text(c)
    assert "Quotes no other outlet carries: Evening Post quotes Tom Reyes" in text
    assert "(quotes Tom Reyes)" in text
    html = comparison_html(c)
    assert "<strong>Evening Post</strong> quotes Tom Reyes" in html
    assert "quotes Maria Lopez" in html and "quotes some" not in html


def test_every_report_names_the_outlets_with_their_leaning_from_the_registry(
    tmp_path: Path, schema: dict[str, Any]
) -> None:
    from parallax.outlets.registry import load_registry
    from parallax.render.reports import render_comparison

    ratings = tmp_path / "outlets.toml"
    ratings.write_text(
        '[[outlet]]\nname = "Daily Ledger"\ncountry = "GB"\nleaning = "lean left"\n',
        encoding="utf-8",
    )
    registry = load_registry(ratings)
    c = story()
    text = render_comparison(c, "text", registry=registry)
    assert "OUTLETS" in text
    assert "Daily Ledger (GB, lean left): 1 article(s)" in text
    assert "Evening Post (unknown outlet)" in text
    md = render_comparison(c, "md", registry=registry)
    assert "| Daily Ledger | GB | lean left | 1 |" in md
    data = json.loads(render_comparison(c, "json", registry=registry))
    assert violations(data, schema, schema) == []
    ledger = next(o for o in data["outlets"]["outlets"] if o["name"] == "Daily Ledger")
    assert ledger["leaning"] == "lean left" and ledger["known"] is True
    page = render_comparison(c, "html", registry=registry)
    assert '<section id="outlets">' in page and '<a href="#outlets">Outlets</a>' in page
    assert "<td>Daily Ledger</td><td>GB</td><td>lean left</td>" in page


def test_a_conflicting_value_is_shown_in_the_sentence_that_gives_it() -> None:
    # the sides' evidence is the number alone; the reader sees it inside its sentence, and
    # a long sentence is trimmed around the number, never cut before it
    filler = "the union, which has represented dock workers along the northern coast for decades, "
    sentence = f"Even {filler * 3}said that 1,200 workers joined the strike on Tuesday."
    long = Article.create(sentence, outlet="Harbour Herald", published=T0)
    conflict = Conflict(
        kind="number",
        what="workers who joined the strike",
        sides=(
            ConflictSide(ev(LEDGER, "1,200"), "Daily Ledger", "1,200"),
            ConflictSide(ev(POST, "900"), "Evening Post", "900"),
            ConflictSide(ev(long, "1,200"), "Harbour Herald", "1,200"),
        ),
        confidence=0.85,
    )
    base = story()
    comparison = dataclasses.replace(base, articles=(*base.articles, long), conflicts=(conflict,))
    md = comparison_markdown(comparison)
    conflicts = md[md.index("## Conflicts") : md.index("## Quotes")]
    ledger = "| **1,200** | “About **1,200** workers joined the strike, the union said.” |"
    assert ledger in conflicts
    assert "| **900** | “Some **900** workers joined the strike.” |" in conflicts
    html = comparison_html(comparison)
    assert "About <strong>1,200</strong> workers joined the strike, the union said." in html
    text = section(render_text(comparison), "CONFLICTS", "QUOTES")
    assert "Daily Ledger: 1,200  “About 1,200 workers joined the strike, the union said.”" in text
    herald = next(line for line in conflicts.splitlines() if line.startswith("| Harbour Herald"))
    assert "**1,200** workers joined the strike" in herald and len(herald) < len(sentence)
    assert "that 1,200 workers" in text


def test_figures_perhaps_different_are_shown_apart_from_the_conflicts() -> None:
    # hedged figures: under the conflicts, said to be perhaps two things, each value in its
    # sentence, never counted as a conflict (the report says none was found)
    base = story()
    figure = dataclasses.replace(base.conflicts[0], confidence=0.5, fact_key=None)
    comparison = dataclasses.replace(base, conflicts=(), maybe_conflicts=(figure,))
    md = comparison_markdown(comparison)
    conflicts = md[md.index("## Conflicts") : md.index("## Quotes")]
    assert NO_CONFLICT in conflicts
    hedged = conflicts[conflicts.index("### Perhaps different figures") :]
    assert MAYBE_CONFLICT_NOTE in hedged and "**workers who joined the strike**" in hedged
    assert "| Evening Post | **900** | “**Some 900 workers joined the strike.**” |" in hedged
    text = section(render_text(comparison), "CONFLICTS", "QUOTES")
    assert NO_CONFLICT in text and "Perhaps different figures (1)" in text
    assert "Evening Post: 900  “Some 900 workers joined the strike.”" in text
    html = comparison_html(comparison)
    part = html[html.index('<section id="conflicts">') : html.index('<section id="quotes">')]
    assert NO_CONFLICT in part and "Perhaps different figures: 1 figure to check" in part
    assert 'href="#ev-figure-0-1"' in part and 'id="find-figure-0"' in part
    assert re.search(r'<mark id="ev-figure-0-1" class="k-figure"', html)
    data = comparison.to_dict()
    assert data["conflicts"] == [] and data["maybe_conflicts"][0]["confidence"] == 0.5


def test_a_one_outlet_fact_not_claimed_unique_is_not_said_to_be_shared() -> None:
    import dataclasses

    base = story()
    facts = tuple(
        f if len(f.outlets) > 1 else dataclasses.replace(f, only=(), absent=()) for f in base.facts
    )
    comparison = dataclasses.replace(base, facts=facts)
    md = comparison_markdown(comparison)
    unique = md[md.index("## Unique") : md.index("## Omissions")]
    assert "Every fact is carried by more than one outlet" not in unique
    assert "No fact is surely one outlet's alone" in unique
    assert "No fact is surely one outlet" in section(render_text(comparison), "UNIQUE", "OMISSIONS")
    assert "Every fact is carried by more than one outlet" not in comparison_html(comparison)


def test_a_partial_quote_is_shown_in_the_outlets_words_not_as_the_speakers() -> None:
    # "Lopez said the talks were “a sham”": only the marked words are hers, so the passage
    # is not set in quotation marks as if all of it were; a direct quote still is
    reported = "that the talks were “a sham” and would fail"
    herald = Article.create(
        f"Lopez said {reported}.", outlet="Harbour Herald", published=T0 + timedelta(hours=5)
    )
    partial = QuoteGroup((QuoteUse(ev(herald, reported), "Harbour Herald", partial=True),))
    direct = QuoteGroup((QuoteUse(ev(LEDGER, SHAM), "Daily Ledger"),))
    base = story()
    comparison = dataclasses.replace(
        base,
        articles=(*base.articles, herald),
        quotes=(SpeakerQuotes("Maria Lopez", (partial, direct)),),
    )
    md = comparison_markdown(comparison)
    quotes = md[md.index("## Quotes") : md.index("## Framing")]
    assert f"| {reported} |" in quotes and f"“{reported}" not in quotes
    assert f"“{SHAM}”" in quotes
    assert "only the words in quotation marks are the speaker's" in quotes
    text = section(render_text(comparison), "QUOTES", "FRAMING")
    assert reported in text and f"“{reported}" not in text and f"“{SHAM}”" in text
    assert "only the words in quotation marks" in text
    html = comparison_html(comparison)
    html = html[html.index('<section id="quotes">') :]
    html = html[: html.index("</section>")]
    assert f">{reported}</a>" in html and f"“{SHAM}”" in html
    assert "only the words in quotation marks" in html
    uses = comparison.to_dict()["quotes"][0]["quotes"]
    assert [u["partial"] for g in uses for u in g["uses"]] == [True, False]
    # a partial quote of the marked words alone is all the speaker's: in marks
    alone = QuoteGroup((QuoteUse(ev(herald, "a sham"), "Harbour Herald", partial=True),))
    shown = comparison_markdown(
        dataclasses.replace(comparison, quotes=(SpeakerQuotes("Maria Lopez", (alone,)),))
    )
    assert "| “a sham” |" in shown
    # a table of direct quotes only carries no such note
    assert "only the words in quotation marks" not in comparison_markdown(story())


def test_one_outlet_facts_not_claimed_unique_are_shown_with_their_sentence() -> None:
    # a reader cannot read "f7, f8": the most salient few are shown, the rest counted
    sentences = [
        "Workers at the Northgate plant walked out on Tuesday.",
        "About 1,200 workers joined the strike, the union said.",
        '"Talks are a sham," Lopez added.',
        "The plant employs 3,000 people.",
        "The reckless management slammed the union.",
        "We will not back down",
    ]
    facts = tuple(
        Fact(f"f{n}", (ev(LEDGER, s),), ("Daily Ledger",), salience=1.0 - n / 10)
        for n, s in enumerate(sentences, start=1)
    )
    comparison = dataclasses.replace(story(), facts=facts, omissions=())
    md = comparison_markdown(comparison)
    unique = md[md.index("## Unique") : md.index("## Omissions")]
    assert "Also only in Daily Ledger as far as Parallax can tell" in unique
    assert "(6 facts, not claimed unique)" in unique
    for n, s in enumerate(sentences[:5], start=1):
        assert f"- f{n} " in unique and s.strip('"') in unique
    assert "- and 1 more: f6" in unique and "back down" not in unique
    text = section(render_text(comparison), "UNIQUE", "OMISSIONS")
    assert "The reckless management slammed the union." in text
    assert "and 1 more: f6" in text


def test_close_sentences_not_surely_one_fact_are_shown_apart_as_perhaps_the_same() -> None:
    base = story()
    facts = tuple(
        dataclasses.replace(f, sure=False, closeness=0.85) if f.key == "f2" else f
        for f in base.facts
    )
    comparison = dataclasses.replace(base, facts=facts)
    maybe = [f.key for f in comparison.maybe_shared]
    assert maybe == ["f2"] and "f2" not in [f.key for f in comparison.shared]
    data = comparison.to_dict()
    assert data["maybe_shared"] == ["f2"] and "f2" not in data["shared"]
    assert [f["sure"] for f in data["facts"] if f["key"] == "f2"] == [False]
    md = comparison_markdown(comparison)
    core = md[md.index("## Shared core") : md.index("## Unique")]
    sure_part, maybe_part = core.split("### Perhaps the same fact")
    assert "**f2**" not in sure_part and "**f2**" in maybe_part
    assert "not counted as shared" in maybe_part
    text = section(render_text(comparison), "SHARED CORE", "UNIQUE")
    assert text.index("Perhaps the same fact") < text.index("f2 ")
    html = comparison_html(comparison)
    shared = html[html.index('<section id="shared-core">') :]
    shared = shared[: shared.index("</section>")]
    assert shared.index("Perhaps the same fact") < shared.index(">f2<")
    # no timeline says an outlet picked up a fact it perhaps does not carry
    from parallax.comparison.coverage_outlets import fact_timelines
    from parallax.outlets.registry import bundled_registry

    keys = [t.key for t in fact_timelines(comparison, bundled_registry())]
    assert "f2" not in keys and "f1" in keys


def test_sentences_that_come_only_part_of_the_way_are_shown_as_loosely_related() -> None:
    # read beside the articles, pairs grouped below CLOSE told one fact about 3 times in 10,
    # those from CLOSE 9 in 10: the report keeps them apart, the closest first
    base = story()
    closeness = {"f2": 0.7, "f3": 0.85}
    facts = tuple(
        dataclasses.replace(f, sure=False, closeness=closeness[f.key]) if f.key in closeness else f
        for f in base.facts
    )
    comparison = dataclasses.replace(base, facts=facts)
    assert [f.key for f in comparison.maybe_shared] == ["f3", "f2"]
    assert comparison.to_dict()["maybe_shared"] == ["f3", "f2"]
    md = comparison_markdown(comparison)
    core = md[md.index("## Shared core") : md.index("## Unique")]
    perhaps, loose = core.split("### Loosely related")
    assert "**f3**" in perhaps and "**f2**" not in perhaps and "**f2**" in loose
    text = section(render_text(comparison), "SHARED CORE", "UNIQUE")
    assert text.index("Perhaps the same fact") < text.index("Loosely related")
    html = comparison_html(comparison)
    assert html.index(">f3<") < html.index("Loosely related") < html.index(">f2<")


def test_outlets_published_at_the_same_time_have_no_first_report() -> None:
    from parallax.comparison.coverage import coverage
    from parallax.render.comparison_text import coverage_lines

    day = datetime(2010, 2, 20, tzinfo=UTC)  # a date alone: every article at midnight
    a = Article.create("Workers walked out on Tuesday.", outlet="Daily Ledger", published=day)
    b = Article.create("Workers walked out on Tuesday!", outlet="Evening Post", published=day)
    c = Article.create("The strike went on.", outlet="Wire Times", published=day + timedelta(1))
    assert coverage([a, b, c]).first is None
    comparison = dataclasses.replace(story(), articles=(a, b, c), coverage=coverage([a, b, c]))
    lines = coverage_lines(comparison)
    assert any(
        "none stands out (Daily Ledger, Evening Post published at the same time" in line
        for line in lines
    )
    order = next(line for line in lines if line.startswith("Order of publication"))
    assert order.endswith("Daily Ledger and Evening Post (same time), Wire Times")
    # one outlet first, however many follow at one time
    later = Article.create(
        "Workers walked out.", outlet="Evening Post", published=day + timedelta(1)
    )
    assert coverage([a, later, c]).first == a.id


def test_hedges_and_intensifiers_are_listed_apart_from_the_score() -> None:
    base = story()
    ledger = base.framing[0]
    hedge = FramedTerm(LEDGER.id, sp(LEDGER, "About"), "hedge")
    framing = (dataclasses.replace(ledger, terms=(*ledger.terms, hedge)), *base.framing[1:])
    comparison = dataclasses.replace(base, framing=framing)
    md = comparison_markdown(comparison)
    section_md = md[md.index("### Daily Ledger: subjectivity") :]
    section_md = section_md[: section_md.index("###", 5)]
    assert "- “About”" not in section_md  # not a bullet beside the loaded words
    assert "*Not in the score: hedges “About”*" in section_md
    assert "- “reckless” *loaded*" in section_md
    text = section(render_text(comparison), "FRAMING", None)
    assert "(3 loaded or subjective terms)" in text and "Not in the score: hedges “About”" in text
    html = comparison_html(comparison)
    assert 'Not in the score:</p><ul class="findings uncounted">' in html


def test_a_sentence_that_starts_inside_a_quote_gets_its_opening_mark_only() -> None:
    from parallax.render.comparison_text import quote_marks

    inside = "For months the union has grown,” she said."
    left, right = quote_marks(inside)
    assert f"{left}{inside}{right}" == "“For months the union has grown,” she said."
    assert quote_marks("“We stay,” she said.") == ("", "")
    assert quote_marks("The plant employs 3,000 people.") == ("“", "”")
    # the same in straight marks (BASIL: Fox News' 'I wish I didn't have to do it."' was
    # shown with two closing marks)
    straight = 'I wish the talks had not failed."'
    left, right = quote_marks(straight)
    assert f"{left}{straight}{right}" == '“I wish the talks had not failed."'
    assert quote_marks('She said, "We stay.') == ("“", "”")  # opens a quote that goes on
    assert quote_marks('They will not laugh if I win," he said.') == ("“", "")


def test_most_loaded_is_said_only_of_an_outlet_that_stands_out() -> None:
    base = story()
    ledger, post, wire = base.framing
    close = dataclasses.replace(wire, subjectivity=4.0)  # a word apart: noise, no verdict
    comparison = dataclasses.replace(base, framing=(ledger, post, close))
    md = comparison_markdown(comparison)
    framing = md[md.index("## Framing") :]
    assert "most loaded" not in framing.lower()
    assert "No outlet's wording is clearly more loaded than the others'." in framing
    one_word = dataclasses.replace(ledger, terms=ledger.terms[:1])
    lone = dataclasses.replace(base, framing=(one_word, post, wire))
    assert "Most loaded" not in comparison_markdown(lone)  # one loaded word is no verdict
    assert "Most loaded: **Daily Ledger** (4.50)." in comparison_markdown(base)


def test_a_sentence_that_perhaps_tells_a_shared_fact_too_is_shown_beside_it_not_counted() -> None:
    base = story()
    employs = dataclasses.replace(base.facts[2], maybe=(ev(POST, TALKS),))
    c = dataclasses.replace(base, facts=(*base.facts[:2], employs, *base.facts[3:]))
    md = comparison_markdown(c)
    assert "2 outlets: Daily Ledger, Wire Times" in md
    assert "   - perhaps also *Evening Post*: “Management said talks would resume" in md
    text = render_text(c)
    assert "perhaps also Evening Post: “Management said talks would resume" in text
    html = comparison_html(c)
    assert '<tr class="perhaps"><th scope="row">perhaps also Evening Post</th>' in html
    assert c.to_dict()["facts"][2]["maybe"] == [ev(POST, TALKS).to_dict()]
    assert "perhaps also" not in comparison_markdown(base)


def test_no_sure_omission_is_not_said_as_no_omission() -> None:
    # readers took "No outlet surely leaves out…" for a denial of the "not found" lines
    # under it: with no sure omission the report says Parallax is sure of none, and still
    # lists what it did not find
    c = dataclasses.replace(story(), omissions=(), not_found=(("Evening Post", ("f3",)),))
    md = comparison_markdown(c)
    omissions = md[md.index("## Omissions") : md.index("## Conflicts")]
    text = section(render_text(c), "OMISSIONS", "CONFLICTS")
    html = comparison_html(c)
    for report in (omissions, text, html):
        assert "not sure of any outlet lacking" in " ".join(report.split())
        assert "leaves out" not in report and "No outlet" not in report
    assert "Evening Post" in omissions and "f3" in omissions


def test_words_no_outlet_attributes_are_headed_as_such_in_every_format() -> None:
    from parallax.comparison.quotes import UNKNOWN_SPEAKER

    base = story()
    unnamed = dataclasses.replace(base.quotes[0], speaker=UNKNOWN_SPEAKER)
    comparison = dataclasses.replace(base, quotes=(unnamed, *base.quotes[1:]))
    md = comparison_markdown(comparison)
    html = comparison_html(comparison)
    text = render_text(comparison)
    assert "### Speaker not named" in md and "### unknown" not in md
    assert "<h4>Speaker not named</h4>" in html and "<h4>unknown</h4>" not in html
    assert "Speaker not named" in section(text, "QUOTES", "FRAMING")


def test_a_word_an_outlet_uses_twice_is_listed_once_with_its_count() -> None:
    # BASIL: "claimed" twice and "Withering"/"withering" were listed as four lines, and
    # "seemed" three times among the hedges
    base = story()
    walked = LEDGER.text.index("walked")
    ledger = base.framing[0]
    twice = (
        *ledger.terms,
        FramedTerm(LEDGER.id, sp(LEDGER, "reckless"), "loaded"),  # the same word again
        FramedTerm(LEDGER.id, Span(walked, walked + 6), "hedge"),
        FramedTerm(LEDGER.id, Span(walked, walked + 6), "hedge"),
    )
    framing = (dataclasses.replace(ledger, terms=twice), *base.framing[1:])
    comparison = dataclasses.replace(base, framing=framing)
    md = comparison_markdown(comparison)
    part = md[md.index("### Daily Ledger: subjectivity") :]
    part = part[: part.index("###", 5)]
    assert part.count("reckless") == 1 and "“reckless” (2×) *loaded* — neutral in" in part
    assert "hedges “walked” (2×)" in part
    text_report = section(render_text(comparison), "FRAMING", None)
    assert text_report.count("“reckless” (2×)") == 1
