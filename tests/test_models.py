"""Records: frozen, offsets into the text, and to_dict/from_dict round-trips."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parallax.errors import ParallaxError
from parallax.models import Article, Span, content_id, paragraph_spans

zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
)
aware = st.builds(
    lambda dt, tz: dt.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    zones,
)
paragraph = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), min_size=1
).filter(lambda s: s.strip())
maybe_text = st.none() | st.text(max_size=40)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    paragraphs = draw(st.lists(paragraph, min_size=1, max_size=5))
    return Article.create(
        "\n\n".join(p.strip() for p in paragraphs),
        title=draw(maybe_text),
        outlet=draw(maybe_text),
        url=draw(maybe_text),
        authors=tuple(draw(st.lists(st.text(min_size=1, max_size=20), max_size=3))),
        published=draw(st.none() | aware),
        language=draw(st.none() | st.sampled_from(["en", "fr", "de"])),
        dateline=draw(maybe_text),
        source=draw(maybe_text),
        format=draw(st.none() | st.sampled_from(["text", "html", "warc"])),
        retrieved=draw(st.none() | aware),
    )


@given(articles())
def test_article_round_trips_through_dict_and_json(article: Article) -> None:
    data = json.loads(json.dumps(article.to_dict()))
    assert Article.from_dict(data) == article


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_span_round_trip_and_validation(a: int, b: int) -> None:
    start, end = min(a, b), max(a, b)
    span = Span(start, end)
    assert Span.from_dict(span.to_dict()) == span
    if a != b:
        with pytest.raises(ParallaxError):
            Span(end, start)


@given(st.lists(paragraph, min_size=1, max_size=6))
def test_paragraph_spans_point_at_the_paragraphs(parts: list[str]) -> None:
    stripped = [p.strip() for p in parts]
    text = "\n\n".join(stripped)
    spans = paragraph_spans(text)
    got = [s.of(text) for s in spans]
    # every paragraph comes back, in order, as a slice of the text (no copies that can drift)
    assert "".join(got).replace("\n", "") == "".join(stripped).replace("\n", "")
    assert all(s.end <= len(text) for s in spans)


def test_records_are_frozen() -> None:
    article = Article.create("Some text.", outlet="The Harbour Ledger")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"  # type: ignore[misc]


def test_id_is_a_content_hash_of_outlet_and_text() -> None:
    a = Article.create("Dockworkers walked out.", outlet="Meridian Wire")
    b = Article.create("Dockworkers walked out.", outlet="meridian wire", title="Other title")
    c = Article.create("Dockworkers walked out.", outlet="Coastline Today")
    assert a.id == b.id == content_id("Dockworkers walked out.", "Meridian Wire")
    assert a.id != c.id  # the same wire text at two outlets is two articles
    assert a.id != Article.create("Dockworkers walked out!", outlet="Meridian Wire").id


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ParallaxError, match="timezone"):
        Article.create("Text.", published=datetime(2026, 3, 3, 12, 0))
    with pytest.raises(ParallaxError, match="time zone"):
        Article.from_dict({"id": "ab", "text": "Text.", "published": "2026-03-03T12:00:00"})


def test_from_dict_names_a_missing_field() -> None:
    with pytest.raises(ParallaxError, match="'text'"):
        Article.from_dict({"id": "abcd"})


def test_paragraph_spans_outside_the_text_are_refused() -> None:
    with pytest.raises(ParallaxError, match="outside"):
        Article(id="x", text="short", paragraphs=(Span(0, 50),))
