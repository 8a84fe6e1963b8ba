"""Story grouping of a large backlog: time windows clustered in parallel, then reconciled.

The online path (:func:`parallax.stories.group.group_store`) takes every article in
publication order through one :class:`~parallax.stories.cluster.OnlineClusterer`. For a
backlog (a year of articles) that is one long sequential pass, so here the articles are cut
into consecutive time windows of ``span`` (a week by default; undated articles go to the
last window, as the online path takes them last) and each window is clustered on its own,
as a Dask task, by the same clusterer with the same settings.

A story can straddle a window boundary. So that its articles on both sides meet as they
would online, each window is clustered with a *context*: the articles of the ``margin``
before it (by default :data:`MARGIN_WINDOWS` times the clusterer's time window: a story
quiet for two windows can no longer be joined online, but one that keeps being reported
stays open and its older articles still pull its centroid), and at least the
:data:`LEAST_CONTEXT` articles before it (the online clusterer retires stories only that
often, so its rarity weights of names count at least that many recent articles).
The context articles already have a story from
their own window; reconciling walks the windows in order and puts every story of a window
into the story that most of its context articles belong to (the earliest on a tie), or into a
new story when it holds no context article. Joining is decided by the clusterer's own score
(cosine to the centroid, name overlap, missing core names, threshold, time window), not by
a second rule. The user's must-link corrections then join the stories they link; a
cannot-link correction holds inside each window.

Two differences from the online path remain, both small on the evaluation data (see
BENCHMARKS.md): a story running for longer than ``margin`` enters a window with only its
articles of the margin as context (its older ones no longer pull the centroid), and the rarity
weights of names are counted over the window and its context rather than over the stream.
Story vectors are embedded per window (:func:`parallax.stories.features.features_of`), so a
language's mean is taken per window when a window holds enough articles of it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from parallax.analysis.records import Analysis
from parallax.errors import BatchError
from parallax.models import Article
from parallax.store.base import Store
from parallax.stories.cluster import (
    DEFAULT_CORE_PENALTY,
    DEFAULT_NAME_WEIGHT,
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    DIMENSIONS,
    ClusterItem,
    Correction,
    OnlineClusterer,
    Story,
)

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_SPAN = timedelta(days=7)
# The online clusterer looks for stories to retire only every 256 articles (cluster._SWEEP),
# so its live stories and the rarity weights of names reach at least that far back.
LEAST_CONTEXT = 256
# A window sees the articles of this many clusterer time windows before it (8 x 7 days): the
# longer, the closer to the online path (an endless margin is the online path) and the more
# clustering each window repeats; see BENCHMARKS.md for the figures at 2 and 8.
MARGIN_WINDOWS = 8
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """The online clusterer's settings, the same for every window."""

    threshold: float = DEFAULT_THRESHOLD
    name_weight: float = DEFAULT_NAME_WEIGHT
    core_penalty: float = DEFAULT_CORE_PENALTY
    window: timedelta = DEFAULT_WINDOW

    def clusterer(self, corrections: Iterable[Correction] = ()) -> OnlineClusterer:
        return OnlineClusterer(
            threshold=self.threshold,
            name_weight=self.name_weight,
            core_penalty=self.core_penalty,
            window=self.window,
            corrections=corrections,
        )


@dataclass(frozen=True, slots=True)
class WindowStories:
    """One window clustered: the local story of each own and context article, and per
    local story the sum of its own members' vectors (for the story's confidence)."""

    own: tuple[str, ...]  # in the order the clusterer took them
    story_of: dict[str, str]
    sums: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def time_windows(
    things: Sequence[T], when: Callable[[T], datetime | None], *, span: timedelta
) -> list[list[T]]:
    """``things`` in consecutive windows of ``span`` from the earliest date, in publication
    order; empty windows are left out and undated things go, in their order, to the last."""
    if span <= timedelta(0):
        raise BatchError("the batch time window must be longer than zero", fix="give 1 day or more")
    dated = sorted(
        ((_utc(w), i) for i, t in enumerate(things) if (w := when(t)) is not None),
    )
    windows: dict[int, list[T]] = {}
    if dated:
        start = dated[0][0]
        for moment, i in dated:
            windows.setdefault((moment - start) // span, []).append(things[i])
    out = [windows[k] for k in sorted(windows)]
    undated = [t for t in things if when(t) is None]
    if undated:
        if out:
            out[-1].extend(undated)
        else:
            out.append(undated)
    return out


def cluster_window(
    own: Sequence[ClusterItem],
    context: Sequence[ClusterItem],
    *,
    settings: ClusterSettings,
    corrections: Sequence[Correction] = (),
) -> WindowStories:
    """The task: cluster a window's items after its context items, online, in date order."""
    clusterer = settings.clusterer(corrections)
    clusterer.add_all([*context, *own])
    story_of = {i.article_id: clusterer.story_of(i.article_id) for i in [*context, *own]}
    sums: dict[str, npt.NDArray[np.float32]] = {}
    for item in own:
        local = story_of[item.article_id]
        vector = np.asarray(item.vector, dtype=np.float32)
        norm = float(np.linalg.norm(vector))
        unit = vector / norm if norm else vector
        sums[local] = sums.get(local, np.zeros(DIMENSIONS, dtype=np.float32)) + unit
    dated = sorted(
        (i for i in own if i.published is not None),
        key=lambda i: (_utc(i.published), i.article_id),  # type: ignore[arg-type]
    )
    order = tuple(i.article_id for i in [*dated, *(i for i in own if i.published is None)])
    return WindowStories(order, story_of, sums)


def _context(
    windows: Sequence[Sequence[ClusterItem]], k: int, margin: timedelta, least: int
) -> list[ClusterItem]:
    """The items before window ``k``: those dated within ``margin`` of its start, and at least
    the ``least`` latest ones (earlier windows hold dated items only, in date order)."""
    starts = [_utc(i.published) for i in windows[k] if i.published is not None]
    since = min(starts) - margin if starts else None
    found: list[ClusterItem] = []
    for window in reversed(windows[:k]):
        for item in reversed(window):
            moment = _utc(item.published) if item.published is not None else None
            recent = since is not None and moment is not None and moment >= since
            if len(found) >= least and not recent:
                return found[::-1]
            found.append(item)
    return found[::-1]


def reconcile(
    results: Sequence[WindowStories], corrections: Sequence[Correction] = ()
) -> list[tuple[tuple[str, ...], npt.NDArray[np.float32]]]:
    """Stitch the windows' stories into stories of the whole backlog (see the module
    docstring): each story as its article ids (in the order taken) and its vector sum."""
    global_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    sums: dict[int, npt.NDArray[np.float32]] = {}
    for result in results:
        own = set(result.own)
        context: dict[str, list[int]] = defaultdict(list)
        for article_id, local in result.story_of.items():
            if article_id not in own and article_id in global_of:
                context[local].append(global_of[article_id])
        target: dict[str, int] = {}
        for article_id in result.own:
            local = result.story_of[article_id]
            if local not in target:
                votes = Counter(context.get(local, ()))
                target[local] = min(votes, key=lambda g: (-votes[g], g)) if votes else len(members)
                members.setdefault(target[local], [])
                zero = np.zeros(DIMENSIONS, dtype=np.float32)
                sums[target[local]] = sums.get(target[local], zero) + result.sums.get(local, zero)
            global_of[article_id] = target[local]
            members[target[local]].append(article_id)
    parent = {g: g for g in members}

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for correction in corrections:
        if correction.kind != "must_link":
            continue
        linked = sorted({root(global_of[a]) for a in (*correction.left, *correction.right)
                         if a in global_of})  # fmt: skip
        for other in linked[1:]:
            parent[other] = linked[0]
    joined: dict[int, list[int]] = defaultdict(list)
    for g in sorted(members):
        joined[root(g)].append(g)
    stories: list[tuple[tuple[str, ...], npt.NDArray[np.float32]]] = []
    for g in sorted(joined):
        ids = tuple(a for part in joined[g] for a in members[part])
        total = np.zeros(DIMENSIONS, dtype=np.float32)
        for part in joined[g]:
            total += sums[part]
        stories.append((ids, total))
    return stories


def _run_all(
    client: Client | None,
    task: Callable[..., R],
    calls: Sequence[tuple[tuple[Any, ...], dict[str, Any]]],
) -> list[R]:
    """Run ``task`` once per (args, kwargs): as Dask tasks when there is a client."""
    if client is None:
        return [task(*args, **kwargs) for args, kwargs in calls]
    futures = [client.submit(task, *args, pure=False, **kwargs) for args, kwargs in calls]
    return list(client.gather(futures))


def group_items(
    items: Sequence[ClusterItem],
    *,
    span: timedelta = DEFAULT_SPAN,
    margin: timedelta | None = None,
    least_context: int = LEAST_CONTEXT,
    settings: ClusterSettings | None = None,
    corrections: Sequence[Correction] = (),
    client: Client | None = None,
) -> list[tuple[tuple[str, ...], npt.NDArray[np.float32]]]:
    """Batch-cluster items that already have vectors (see :func:`reconcile` for the result).

    A window's context is the items of the ``margin`` before it (default:
    :data:`MARGIN_WINDOWS` times the clusterer's time window) and at least the
    ``least_context`` latest items before it."""
    chosen = settings or ClusterSettings()
    margin = MARGIN_WINDOWS * chosen.window if margin is None else margin
    windows = time_windows(list(items), lambda i: i.published, span=span)
    calls = []
    for k, own in enumerate(windows):
        context = _context(windows, k, margin, least_context)
        known = {i.article_id for i in [*own, *context]}
        local = [c for c in corrections if set(c.left) | set(c.right) <= known]
        calls.append(((own, context), {"settings": chosen, "corrections": local}))
    return reconcile(_run_all(client, cluster_window, calls), corrections)


def story_records(
    stories: Sequence[tuple[tuple[str, ...], npt.NDArray[np.float32]]],
    articles: Mapping[str, Article],
) -> list[dict[str, Any]]:
    """The stored form of batch stories, as :func:`parallax.stories.group.group_store` makes."""
    from parallax.stories.group import _record

    records = []
    for number, (ids, total) in enumerate(stories):
        dated = [articles[a].published for a in ids if articles[a].published is not None]
        moments = [_utc(d) for d in dated if d is not None]
        confidence = min(1.0, float(np.linalg.norm(total)) / len(ids)) if ids else 0.0
        story = Story(
            f"story-{number:06d}",
            ids,
            round(confidence, 6),
            min(moments) if moments else None,
            max(moments) if moments else None,
            tuple(a for a in ids if articles[a].published is None),
        )
        records.append(_record(story, dict(articles)))
    return records


def features_task(
    articles: Sequence[Article],
    analyses: Sequence[Analysis | None],
    cached: Mapping[str, bytes],
) -> tuple[list[Any], list[tuple[str, bytes]]]:
    """The task: story features of a window's articles, embedding only the leads not in
    ``cached``; returns the features and the new vectors (for the store's cache)."""
    from parallax.stories.features import features_of

    cache = _DictCache(dict(cached))
    return features_of(articles, analyses=analyses, cache=cache), cache.new


class _DictCache:
    """A vector cache in memory that keeps what was added (a worker has no store)."""

    def __init__(self, known: dict[str, bytes]) -> None:
        self.known = known
        self.new: list[tuple[str, bytes]] = []

    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]:
        return {k: self.known[k] for k in keys if k in self.known}

    def save_vectors(self, items: Sequence[tuple[str, bytes]]) -> None:
        self.new.extend(items)
        self.known.update(items)


def group_store_batch(
    store: Store,
    *,
    client: Client | None = None,
    span: timedelta = DEFAULT_SPAN,
    settings: ClusterSettings | None = None,
) -> list[dict[str, Any]]:
    """Group every stored article into stories by time window (each window's embedding and
    clustering a Dask task when ``client`` is given), reconcile, save and return them, newest
    first, as :func:`parallax.stories.group.group_store` does."""
    from parallax.embed import text_key
    from parallax.stories.features import lead
    from parallax.stories.group import _order

    articles = sorted(store.articles(), key=_order)
    by_id = {a.id: a for a in articles}
    corrections = [
        c
        for c in (Correction.from_dict(d) for d in store.corrections())
        if set(c.left) | set(c.right) <= set(by_id)
    ]
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for own in time_windows(articles, lambda a: a.published, span=span):
        analyses = [store.analysis(a.id) for a in own]
        cached = store.vectors(sorted({text_key(lead(a)) for a in own}))
        calls.append(((own, analyses, cached), {}))
    features: list[ClusterItem] = []
    for found, new in _run_all(client, features_task, calls):
        if new:
            store.save_vectors(new)
        features.extend(found)
    stories = group_items(
        features, span=span, settings=settings, corrections=corrections, client=client
    )
    records = story_records(stories, by_id)
    store.save_stories(records)
    return sorted(records, key=lambda r: (r["last"] or "", r["story_id"]), reverse=True)
