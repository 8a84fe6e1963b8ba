"""Property tests on arbitrary input (issue 18): the readers, cleaning and sentence splitting
raise nothing but Parallax's own errors, and every offset points inside the text it claims.

Example counts are modest so the suite stays fast; each failure hypothesis finds is kept in
its database and replayed first on the next run.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parallax.analysis.pipeline import analyze_text
from parallax.clean import clean_text, normalize_text
from parallax.config import Settings, load_settings
from parallax.errors import InputError, ParallaxError
from parallax.ingest import Source, build_article, read_source
from parallax.models import Article, RawDocument, Span, paragraph_spans

from .test_bad_input import good_text, page, paragraphs, truncated_warc

FORMATS = [None, "text", "html", "warc", "feed", "jsonl"]
SETTINGS: Settings = dataclasses.replace(
    load_settings({"db": ":memory:"}, environ={}), max_bytes=200_000
)


def _feed() -> bytes:
    body = " ".join(paragraphs("Sallow", "Greta Mund") * 2)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sallow '
        "Weekly</title><item><title>Gates</title><link>https://sallow.example/g</link>"
        f"<pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate><description>{body}</description>"
        "</item></channel></rss>"
    ).encode()


def _atom() -> bytes:
    body = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs("Harl", "Ivo Rask") * 2)
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Harl Post</title><entry><title>Gates</title><link href='https://harl.example/'/>"
        f"<updated>2026-03-04T10:00:00Z</updated><content type='html'>{body}</content>"
        "</entry></feed>"
    ).encode()


def _jsonl() -> bytes:
    text = " ".join(paragraphs("Vellby", "Odile Brask"))
    return (
        f'{{"title": "Gates", "outlet": "Vellby Courier", "text": "{text}", '
        '"published": "2026-03-04T09:30:00Z", "authors": ["Odile Brask"]}\n'
        f'{{"html": "<html><body><p>{text}</p></body></html>", "url": "https://v.example/"}}\n'
    ).encode()


SEEDS = [
    good_text("Vellby").encode(),
    ("---\ntitle: Gates\npublished: 2026-03-04\n---\n" + good_text("Ostrand")).encode(),
    page("Gates Open", "Vellby"),
    truncated_warc(gz=False),
    truncated_warc(gz=True),
    _feed(),
    _atom(),
    _jsonl(),
]
SPLICES = [
    b"\r\n",
    b"\x00",
    b"<",
    b"&",
    b"]]>",
    b"<!ENTITY a 'b'>",
    b'"',
    b"{",
    b"\xff\xfe",
    b"\xc3",
    b"WARC/1.0\r\n",
    b"Content-Length: 999999\r\n",
    b"\r\n\r\n",
    b"</item>",
    b"\x1f\x8b",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid input of some format, cut, overwritten or spliced at a few places."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["cut", "flip", "delete", "splice", "insert"]))
        if op == "cut":
            del data[at:]
        elif op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "splice":
            data[at:at] = draw(st.sampled_from(SPLICES))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
    return bytes(data)


@st.composite
def line_mutated(draw: st.DrawFn) -> bytes:
    """A valid input with whole lines dropped, repeated or cut, and maybe the end cut off at a
    line end: headers lose fields, records lose their ends, feeds and JSONL lose closing lines."""
    lines = draw(st.sampled_from(SEEDS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "cut", "end"]))
        if op == "drop":
            del lines[at]
        elif op == "repeat":
            lines.insert(at, lines[at])
        elif op == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            del lines[at + 1 :]
    return b"".join(lines)


def check_article(article: Article) -> None:
    text = article.text
    assert text and text == text.strip()
    for span in article.paragraphs:
        assert 0 <= span.start < span.end <= len(text)
        assert span.of(text) == span.of(text).strip()
    assert article.paragraphs == paragraph_spans(text)


def read_all(data: bytes, fmt: str | None) -> None:
    """Every outcome is an article with valid offsets or one of Parallax's input errors."""
    outcomes = list(
        read_source(Source(label="input"), SETTINGS, format=fmt, stdin=io.BytesIO(data))
    )
    assert outcomes
    for outcome in outcomes:
        assert (outcome.article is None) != (outcome.error is None)
        if outcome.article is not None:
            check_article(outcome.article)
        else:
            assert isinstance(outcome.error, InputError)
            assert "\n" not in str(outcome.error)


READER = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@READER
@given(data=mutated(), fmt=st.sampled_from(FORMATS))
def test_readers_on_broken_files(data: bytes, fmt: str | None) -> None:
    read_all(data, fmt)


@READER
@given(data=line_mutated(), fmt=st.sampled_from(FORMATS))
def test_readers_on_files_with_lines_lost(data: bytes, fmt: str | None) -> None:
    read_all(data, fmt)


@READER
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS))
@example(data=b"\x1c", fmt="jsonl")  # a line of Python whitespace only: was no outcome at all
def test_readers_on_arbitrary_bytes(data: bytes, fmt: str | None) -> None:
    read_all(data, fmt)


@READER
@given(text=st.text(max_size=2000), fmt=st.sampled_from(FORMATS))
def test_readers_on_arbitrary_text(text: str, fmt: str | None) -> None:
    read_all(text.encode("utf-8", errors="surrogatepass"), fmt)


# -- cleaning ------------------------------------------------------------------------------

WORDS = [
    "The",
    "mayor",
    "Mr.",
    "U.S.",
    "said",
    "told reporters",
    "on Monday",
    "March 4, 2026",
    "£40",
    "3.5 per cent",
    "12%",
    "Ana Varga",
    "Vellby",
    "\u201c",
    "\u201d",
    '"',
    "'",
    "\u2019s",
    "(",
    ")",
    "...",
    "\u2026",
    ".",
    "!",
    "?",
    ",",
    ";",
    ":",
    "\u2014",
    "-",
    "\n",
    "\n\n",
    " ",
    "\t",
    "\u00a0",
    "\u200b",
    "\r",
    "\u2028",
    "By Ana Varga",
    "VELLBY, March 4 (Wire) -",
    "Advertisement",
    "Share this article",
    "caf\u00e9",
    "\ufb01",
    "\x00",
    "\ud800",
]
newsy = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)
any_text = st.text(max_size=800) | newsy


@settings(max_examples=200, deadline=None)
@given(text=any_text)
def test_cleaning_never_raises_and_leaves_clean_text(text: str) -> None:
    cleaned = clean_text(text)
    assert "\r" not in cleaned.text and "\x00" not in cleaned.text
    assert not any("\ud800" <= ch <= "\udfff" for ch in cleaned.text)
    assert cleaned.text == cleaned.text.strip()
    cleaned.text.encode("utf-8")  # storable: no lone surrogates
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@settings(max_examples=200, deadline=None)
@given(text=any_text, title=st.none() | st.text(max_size=40), extracted=st.booleans())
def test_building_an_article_gives_valid_offsets_or_an_input_error(
    text: str, title: str | None, extracted: bool
) -> None:
    raw = RawDocument(source="input", format="text", text=text, title=title, extracted=extracted)
    try:
        article = build_article(raw)
    except InputError as exc:
        assert exc.source == "input" and "\n" not in str(exc)
        return
    check_article(article)


# -- sentence splitting and the other analysers --------------------------------------------


def spans_in(record: Any) -> list[Span]:
    """Every span of an analysis record, however deep."""
    if isinstance(record, Span):
        return [record]
    if isinstance(record, tuple | list):
        return [s for item in record for s in spans_in(item)]
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return [s for f in dataclasses.fields(record) for s in spans_in(getattr(record, f.name))]
    return []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_sentences_and_every_analysis_span_point_inside_the_text(text: str) -> None:
    article_text = clean_text(text).text
    if not article_text:
        return
    try:
        analysis = analyze_text(article_text, language="en")
    except ParallaxError:
        return
    for span in spans_in(analysis):
        assert 0 <= span.start <= span.end <= len(article_text), (span, len(article_text))
    previous_end = 0
    for sentence in analysis.sentences:
        piece = sentence.of(article_text)
        assert piece and piece == piece.strip()
        assert sentence.start >= previous_end  # in order, never overlapping
        previous_end = sentence.end
    words = [w for w in article_text.split() if any(ch.isalnum() for ch in w)]
    if words:  # every word with a letter or digit lies in some sentence
        covered = "".join(s.of(article_text) for s in analysis.sentences)
        assert all(w in covered for w in words)
