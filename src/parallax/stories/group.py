"""Group the articles of a store into stories and keep them there, with the user's corrections.

Articles are taken in publication order (undated ones last, by id) and clustered online by
:class:`~parallax.stories.cluster.OnlineClusterer`; the corrections stored by
``parallax stories merge`` / ``split`` are replayed first, so they hold whatever arrives
later. A story is named by its first article's id (``s`` + 10 hex digits), which stays the
same as long as that article stays first; the wire copies inside a story are found by
:func:`parallax.stories.wire.wire_groups`, each group with its original first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from parallax.errors import ParallaxError
from parallax.models import NO_OUTLET, Article
from parallax.store.base import Store
from parallax.stories.cluster import Correction, OnlineClusterer, Story
from parallax.stories.features import StoryFeatures, features_of
from parallax.stories.wire import wire_groups


def _order(article: Article) -> tuple[int, datetime, str]:
    when = article.published
    return (when is None, when or datetime.max.replace(tzinfo=UTC), article.id)


def story_key(story: Story) -> str:
    return "s" + story.article_ids[0][:10]


def _record(story: Story, articles: dict[str, Article]) -> dict[str, Any]:
    members = [articles[a] for a in story.article_ids]
    outlets = sorted({a.outlet or NO_OUTLET for a in members})
    order = [a.id for a in sorted(members, key=_order)]
    groups = (
        wire_groups({a.id: a.text for a in members}, order=order)  # originals first
        if len(members) > 1
        else []
    )
    copies = sum(len(g) - 1 for g in groups)
    return {
        "story_id": story_key(story),
        "article_ids": list(story.article_ids),
        "confidence": round(story.confidence, 4),
        "first": story.first.isoformat() if story.first else None,
        "last": story.last.isoformat() if story.last else None,
        "undated": list(story.undated),
        "outlets": outlets,
        "title": next((a.title for a in members if a.title), None),
        "wire_groups": [list(g) for g in groups],
        "independent_reports": len(members) - copies,
    }


def _cluster(
    store: Store, exclude: Collection[str] = ()
) -> tuple[OnlineClusterer, dict[str, Article]]:
    articles = sorted((a for a in store.articles() if a.id not in exclude), key=_order)
    known = {a.id for a in articles}
    corrections = [
        c
        for c in (Correction.from_dict(d) for d in store.corrections())
        if set(c.left) | set(c.right) <= known
    ]
    features: dict[str, StoryFeatures] = {}
    if articles:
        analyses = [store.analysis(a.id) for a in articles]
        features = {f.article_id: f for f in features_of(articles, analyses=analyses, cache=store)}
    clusterer = OnlineClusterer(
        corrections=corrections, lookup=lambda ids: [features[i] for i in ids]
    )
    clusterer.add_all(features.values())
    return clusterer, {a.id: a for a in articles}


def _save(
    store: Store, clusterer: OnlineClusterer, by_id: dict[str, Article]
) -> list[dict[str, Any]]:
    records = [_record(s, by_id) for s in clusterer.stories()]
    store.save_stories(records)
    return sorted(records, key=lambda r: (r["last"] or "", r["story_id"]), reverse=True)


def group_store(store: Store, *, exclude: Collection[str] = ()) -> list[dict[str, Any]]:
    """Cluster every stored article into stories (corrections replayed), save, return them.

    Articles in ``exclude`` (ids) are left out: they are in no story."""
    clusterer, by_id = _cluster(store, exclude)
    return _save(store, clusterer, by_id)


def _internal(clusterer: OnlineClusterer, ref: str) -> str:
    stories = [_record_keys(s) for s in clusterer.stories()]
    chosen = find_story(stories, ref)
    return str(chosen["internal"])


def _record_keys(story: Story) -> dict[str, Any]:
    return {
        "story_id": story_key(story),
        "article_ids": list(story.article_ids),
        "internal": story.story_id,
    }


def merge_stories(store: Store, first: str, second: str) -> list[dict[str, Any]]:
    """Join two stories for good; the correction is stored and holds for later articles."""
    clusterer, by_id = _cluster(store)
    before = len(clusterer.corrections)
    clusterer.merge(_internal(clusterer, first), _internal(clusterer, second))
    for correction in clusterer.corrections[before:]:
        store.add_correction(correction.to_dict())
    return _save(store, clusterer, by_id)


def split_story(store: Store, ref: str, article_refs: Sequence[str]) -> list[dict[str, Any]]:
    """Move some articles of a story into a story of their own, for good."""
    clusterer, by_id = _cluster(store)
    internal = _internal(clusterer, ref)
    members = clusterer.story(internal).article_ids
    moving = []
    for article_ref in article_refs:
        key = article_ref.strip().lower()
        matches = [a for a in members if a.startswith(key)]
        if len(matches) != 1:
            raise ParallaxError(
                f"{article_ref!r} names {len(matches)} articles of story {ref!r}",
                fix="give ids (or unique prefixes) listed by 'parallax story ID'",
            )
        moving.append(matches[0])
    before = len(clusterer.corrections)
    clusterer.split(internal, moving)
    for correction in clusterer.corrections[before:]:
        store.add_correction(correction.to_dict())
    return _save(store, clusterer, by_id)


def find_story(stories: Sequence[dict[str, Any]], ref: str) -> dict[str, Any]:
    """The story with this id (or unique prefix), or the story holding this article id."""
    key = ref.strip().lower()
    found = [s for s in stories if s["story_id"].startswith(key)] or [
        s for s in stories if any(a.startswith(key) for a in s["article_ids"])
    ]
    if len(found) != 1:
        problem = "no story" if not found else f"{len(found)} stories"
        raise ParallaxError(
            f"{problem} match {ref!r}", fix="list the stories with 'parallax stories'"
        )
    return found[0]
