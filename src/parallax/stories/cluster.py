"""Online story clustering: each article, taken in publication order, joins a story or starts one.

An hnswlib index holds one vector per live story (the normalised centroid of its members), not
one per article, so the index stays as small as the number of stories. For a new article the
nearest centroids are fetched, the ones outside the time window (``window`` before the story's
first dated member or after its last) are dropped, and each remaining story is scored by

    score = cosine(article, centroid) + name_weight * overlap(article names, story names)
            - core_penalty * missing(story core, article names)

where ``overlap`` is the cosine between the article's names and the story's name profile (name
counts over its members), both weighted by inverse document frequency over the articles seen so
far (0 when either has no names). ``missing`` tells look-alike events apart (a second boxing
title defence, another fire at the same supermarket chain): once a story has
:data:`CORE_MEMBERS` articles, its *core* is the names that at least :data:`CORE_SHARE` of them
mention (the participants and places of that event), and ``missing`` is the share of the core,
weighted by rarity, that the article does not name, scaled down for an article that names fewer
things than the core holds (a short report that names only the place says little by what it
leaves out). The defaults (threshold 0.65, name weight 0.2, core penalty 0.2) are one global
setting chosen on three labelled story sets (see :mod:`parallax.eval.clustering`), the best
on all three together, not tuned to one.

The article joins the best story when ``score >= threshold``, else it starts a new story.
When the article and the story have known, different languages, the cosine alone must reach
``foreign_threshold``. An article without a date is clustered by content only and is
flagged (:attr:`Assignment.undated`, :attr:`Story.undated`).

The confidence of a story is the mean cosine of its members to its centroid; with unit vectors
that is ``|sum of member vectors| / n``, so it is kept exactly without storing a score per member.

Memory stays with the recent stream. A story whose last article is more than two windows older
than the newest article seen is *retired*: its centroid leaves the index (the slot is reused),
its aggregates are dropped and only its record (:class:`Story`) is kept; the names of its
members stop counting in the rarity weights, which therefore describe the recent stream. A
later correction that names a retired story brings it back. Per article the clusterer then
keeps its id and story, nothing more, when it is given ``lookup`` (a function from article ids
to their items, e.g. read from the store) for the rare operations that need members again
(split, reviving a story); without ``lookup`` it keeps each member's vector (float16), names,
date and language itself.

User corrections (:meth:`OnlineClusterer.merge`, :meth:`OnlineClusterer.split`,
:meth:`OnlineClusterer.must_link`, :meth:`OnlineClusterer.cannot_link`) are recorded as
:class:`Correction` records between article ids; where two disagree, the later one wins (a user
may split what they merged before). They hold when more articles arrive: a
split-off group never rejoins the story it left, an article must-linked to a placed article
joins that article's story, and a clusterer built with ``corrections=`` from a store applies them
to the articles as they come in again.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

import hnswlib
import numpy as np
import numpy.typing as npt

from parallax.errors import ParallaxError

DIMENSIONS = 384
DEFAULT_THRESHOLD = 0.65
DEFAULT_NAME_WEIGHT = 0.2
DEFAULT_CORE_PENALTY = 0.2
CORE_MEMBERS = 3  # articles a story needs before its core names count
CORE_SHARE = 0.5  # share of a story's articles that must mention a name for the core
DEFAULT_FOREIGN_THRESHOLD = 0.85
DEFAULT_WINDOW = timedelta(days=7)
_CANDIDATES = 16
_SWEEP = 256  # articles between two looks for stories to retire

CorrectionKind = Literal["must_link", "cannot_link"]


class ClusterItem(Protocol):
    """What the clusterer needs of an article (an :class:`~parallax.models.Article` view)."""

    @property
    def article_id(self) -> str: ...

    @property
    def vector(self) -> npt.NDArray[np.float32]: ...

    @property
    def names(self) -> frozenset[str]: ...

    @property
    def published(self) -> datetime | None: ...

    @property
    def language(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Story:
    """One story as it stands: its members in arrival order and how tight it is."""

    story_id: str
    article_ids: tuple[str, ...]
    confidence: float
    first: datetime | None
    last: datetime | None
    undated: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "article_ids": list(self.article_ids),
            "confidence": self.confidence,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "undated": list(self.undated),
        }


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went and why."""

    article_id: str
    story_id: str
    score: float
    new_story: bool
    undated: bool
    reason: Literal["similar", "new", "must_link"] = "similar"


@dataclass(frozen=True, slots=True)
class Correction:
    """A user correction between two groups of article ids (every pair across is linked)."""

    kind: CorrectionKind
    left: tuple[str, ...]
    right: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "left": list(self.left), "right": list(self.right)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        kind = data.get("kind")
        if kind not in ("must_link", "cannot_link"):
            raise ParallaxError(
                f"unknown correction kind {kind!r}", fix="use 'must_link' or 'cannot_link'"
            )
        return cls(kind, tuple(data["left"]), tuple(data["right"]))


@dataclass(slots=True)
class _Member:
    vector: npt.NDArray[np.float16]
    names: frozenset[str]
    published: datetime | None
    language: str | None


Lookup = Callable[[Sequence[str]], Iterable[ClusterItem]]


@dataclass(slots=True)
class _Story:
    label: int
    members: list[str] = field(default_factory=list)
    total: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros(DIMENSIONS, dtype=np.float32)
    )
    names: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None
    undated: list[str] = field(default_factory=list)
    _core: tuple[str, ...] = ()
    _core_size: int = 0  # the member count _core was computed for

    def core(self) -> tuple[str, ...]:
        """The names that at least :data:`CORE_SHARE` of the members mention (none while the
        story has fewer than :data:`CORE_MEMBERS` members)."""
        size = len(self.members)
        if size < CORE_MEMBERS:
            return ()
        if size != self._core_size:
            least = max(2.0, CORE_SHARE * size)
            self._core = tuple(sorted(n for n, c in self.names.items() if c >= least))
            self._core_size = size
        return self._core

    def centroid(self) -> npt.NDArray[np.float32]:
        norm = float(np.linalg.norm(self.total))
        return (self.total / norm if norm else self.total).astype(np.float32)

    def confidence(self) -> float:
        if not self.members:
            return 0.0
        return min(1.0, float(np.linalg.norm(self.total)) / len(self.members))

    def language(self) -> str | None:
        return self.languages.most_common(1)[0][0] if self.languages else None


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _unit(vector: npt.ArrayLike) -> npt.NDArray[np.float32]:
    array = np.asarray(vector, dtype=np.float32).reshape(-1)
    if array.shape[0] != DIMENSIONS:
        raise ParallaxError(
            f"an article vector has {array.shape[0]} dimensions, the clusterer expects "
            f"{DIMENSIONS}",
            fix="embed articles with parallax.embed.embed (all-MiniLM-L6-v2)",
        )
    norm = float(np.linalg.norm(array))
    return array / norm if norm else array


def name_overlap(
    names: frozenset[str], seen: Counter[str], frequency: Counter[str], total: int
) -> float:
    """Cosine between an article's names and a story's name profile (how often each name
    occurs among its members), both weighted by rarity over all articles clustered so far
    (inverse document frequency); 0 when either has no names."""
    if not names or not seen:
        return 0.0

    def idf(name: str) -> float:
        return math.log((1 + total) / (1 + frequency[name])) + 1.0

    mine = {name: idf(name) for name in names}
    theirs = {name: idf(name) * count for name, count in seen.items()}
    dot = sum(weight * theirs[name] for name, weight in mine.items() if name in theirs)
    norm = math.sqrt(sum(w * w for w in mine.values()) * sum(w * w for w in theirs.values()))
    return dot / norm if norm else 0.0


def core_missing(
    names: frozenset[str], core: Sequence[str], frequency: Counter[str], total: int
) -> float:
    """The share of a story's core names, weighted by rarity (as in :func:`name_overlap`),
    that ``names`` lacks, times ``min(1, len(names) / len(core))``: 0 when the article names
    them all, when it names nothing (an article in a script without capitals gives no
    evidence) or when the story has no core."""
    if not core or not names:
        return 0.0
    weights = [(math.log((1 + total) / (1 + frequency[n])) + 1.0, n in names) for n in core]
    whole = sum(w for w, _ in weights)
    lacking = sum(w for w, present in weights if not present) / whole
    return lacking * min(1.0, len(names) / len(core))


class OnlineClusterer:
    """Assigns articles to stories one at a time; see the module docstring."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        name_weight: float = DEFAULT_NAME_WEIGHT,
        core_penalty: float = DEFAULT_CORE_PENALTY,
        window: timedelta = DEFAULT_WINDOW,
        foreign_threshold: float = DEFAULT_FOREIGN_THRESHOLD,
        english: str = "en",
        corrections: Iterable[Correction] = (),
        lookup: Lookup | None = None,
    ) -> None:
        if window < timedelta(0):
            raise ParallaxError("the story time window is negative", fix="give a window >= 0")
        self.threshold = threshold
        self.name_weight = name_weight
        self.core_penalty = core_penalty
        self.window = window
        self.foreign_threshold = foreign_threshold
        self.english = english
        self._lookup = lookup
        self._stories: dict[str, _Story] = {}  # live stories, in the index
        self._retired: dict[str, Story] = {}
        self._by_label: dict[int, str] = {}
        self._story_of: dict[str, str] = {}
        self._members: dict[str, _Member] = {}  # only without a lookup
        self._corrections: list[Correction] = []
        self._must: dict[str, set[str]] = {}
        self._cannot: dict[str, set[str]] = {}
        self._next = 0  # story numbers
        self._next_label = 0  # index labels (a revived story gets a new one)
        self._free = 0  # deleted index slots that a new story may take
        self._clock: datetime | None = None  # the newest publication time seen
        self._since_sweep = 0
        self._frequency: Counter[str] = Counter()
        self._seen = 0
        self._capacity = 64
        self._indexed: set[int] = set()
        self._index = hnswlib.Index(space="ip", dim=DIMENSIONS)
        self._index.init_index(
            max_elements=self._capacity, ef_construction=100, M=16, allow_replace_deleted=True
        )
        for correction in corrections:
            self._record(correction)

    # ----- reading -------------------------------------------------------------------------
    @property
    def corrections(self) -> tuple[Correction, ...]:
        """Every correction made so far, in order: the state a store persists."""
        return tuple(self._corrections)

    def stories(self) -> list[Story]:
        """Every story, live or retired, oldest first."""
        ids = sorted([*self._stories, *self._retired], key=_number)
        return [self._retired.get(sid) or self._record_of(sid) for sid in ids]

    def story(self, story_id: str) -> Story:
        sid = self._known_story(story_id)
        return self._retired.get(sid) or self._record_of(sid)

    @property
    def live_stories(self) -> int:
        """Stories still in the index (not retired)."""
        return len(self._stories)

    def story_of(self, article_id: str) -> str:
        if article_id not in self._story_of:
            raise ParallaxError(
                f"article {article_id!r} has not been clustered",
                fix="add the article with OnlineClusterer.add first",
            )
        return self._story_of[article_id]

    # ----- clustering ----------------------------------------------------------------------
    def add_all(self, items: Iterable[ClusterItem]) -> list[Assignment]:
        """Add items in publication order (undated ones last, in the order given)."""
        ordered = list(items)
        dated = sorted(
            (i for i in ordered if i.published is not None),
            key=lambda i: (_utc(i.published), i.article_id),
        )
        return [self.add(item) for item in dated + [i for i in ordered if i.published is None]]

    def add(self, item: ClusterItem) -> Assignment:
        article_id = item.article_id
        if article_id in self._story_of:
            raise ParallaxError(
                f"article {article_id!r} is already in story {self._story_of[article_id]!r}",
                fix="give each article once; ids are content hashes, so this is a duplicate",
            )
        vector = _unit(item.vector)
        member = _member(item, vector)
        published = member.published
        if published is not None and (self._clock is None or published > self._clock):
            self._clock = published
        self._since_sweep += 1
        if self._since_sweep >= _SWEEP:
            self._since_sweep = 0
            self._retire_old()
        linked = {self._story_of[a] for a in self._must.get(article_id, ()) if a in self._story_of}
        for sid in linked:
            self._revive(sid)
        if linked:
            target = sorted(linked, key=lambda s: self._stories[s].label)[0]
            for other in sorted(linked - {target}, key=lambda s: self._stories[s].label):
                self._absorb(target, other)
            self._frequency.update(member.names)  # retiring the story takes them off again
            self._seen += 1
            self._join(target, article_id, member)
            score = float(vector @ self._stories[target].centroid())
            return Assignment(article_id, target, score, False, published is None, "must_link")
        best, score = self._best(vector, member, self._blocked(article_id))
        self._frequency.update(member.names)
        self._seen += 1
        if best is not None and score >= self.threshold:
            self._join(best, article_id, member)
            return Assignment(article_id, best, score, False, published is None)
        story_id = self._new_story()
        self._join(story_id, article_id, member)
        return Assignment(article_id, story_id, score, True, published is None, "new")

    # ----- corrections ---------------------------------------------------------------------
    def merge(self, story_a: str, story_b: str) -> Story:
        """Join two stories for good: later articles of either go to the merged story."""
        a, b = self._known_story(story_a), self._known_story(story_b)
        if a == b:
            return self.story(a)
        self._revive(a)
        self._revive(b)
        left, right = tuple(self._stories[a].members), tuple(self._stories[b].members)
        self._record(Correction("must_link", left, right))
        self._absorb(a, b)
        return self._record_of(a)

    def split(self, story_id: str, article_ids: Sequence[str]) -> tuple[Story, Story]:
        """Move ``article_ids`` out of a story into a new one; the two never join again."""
        sid = self._known_story(story_id)
        self._revive(sid)
        story = self._stories[sid]
        moving = list(dict.fromkeys(article_ids))
        strangers = [a for a in moving if a not in story.members]
        if strangers:
            raise ParallaxError(
                f"article {strangers[0]!r} is not in story {sid!r}",
                fix=f"split only ids listed in the story: {', '.join(story.members[:5])}",
            )
        staying = [a for a in story.members if a not in set(moving)]
        if not moving or not staying:
            raise ParallaxError(
                f"splitting story {sid!r} needs some of its articles on each side",
                fix="name at least one article to move and leave at least one",
            )
        self._record(Correction("cannot_link", tuple(moving), tuple(staying)))
        self._rebuild(sid, staying)
        new_id = self._new_story()
        self._rebuild(new_id, moving)
        return self._record_of(sid), self._record_of(new_id)

    def must_link(self, article_a: str, article_b: str) -> None:
        """Keep two articles in one story (merging their stories if both are placed)."""
        self._check_pair(article_a, article_b)
        if article_a in self._story_of and article_b in self._story_of:
            self.merge(self._story_of[article_a], self._story_of[article_b])
            return
        self._record(Correction("must_link", (article_a,), (article_b,)))

    def cannot_link(self, article_a: str, article_b: str) -> None:
        """Keep two articles in different stories (splitting one out if they share one)."""
        self._check_pair(article_a, article_b)
        placed_a, placed_b = self._story_of.get(article_a), self._story_of.get(article_b)
        if placed_a is not None and placed_a == placed_b:
            self.split(placed_a, [article_b])
            return
        self._record(Correction("cannot_link", (article_a,), (article_b,)))

    # ----- internals -----------------------------------------------------------------------
    def _check_pair(self, article_a: str, article_b: str) -> None:
        if article_a == article_b:
            raise ParallaxError(
                f"a correction links article {article_a!r} to itself", fix="give two ids"
            )

    def _record(self, correction: Correction) -> None:
        self._corrections.append(correction)
        table, other = (
            (self._must, self._cannot)
            if correction.kind == "must_link"
            else (self._cannot, self._must)
        )
        for x in correction.left:
            for y in correction.right:
                table.setdefault(x, set()).add(y)
                table.setdefault(y, set()).add(x)
                other.get(x, set()).discard(y)  # the later correction wins
                other.get(y, set()).discard(x)

    def _blocked(self, article_id: str) -> set[str]:
        return {self._story_of[a] for a in self._cannot.get(article_id, ()) if a in self._story_of}

    def _known_story(self, story_id: str) -> str:
        if story_id not in self._stories and story_id not in self._retired:
            known = ", ".join(list(self._stories)[:5]) or "none yet"
            raise ParallaxError(
                f"there is no story {story_id!r}",
                fix=f"use an id from OnlineClusterer.stories() (e.g. {known})",
            )
        return story_id

    def _record_of(self, story_id: str) -> Story:
        s = self._stories[story_id]
        return Story(
            story_id, tuple(s.members), round(s.confidence(), 6), s.first, s.last,
            tuple(s.undated),
        )  # fmt: skip

    def _new_story(self) -> str:
        story_id = f"story-{self._next:06d}"
        self._next += 1
        self._stories[story_id] = _Story(self._take_label(story_id))
        return story_id

    def _take_label(self, story_id: str) -> int:
        label = self._next_label
        self._next_label += 1
        self._by_label[label] = story_id
        return label

    def _in_window(self, story: _Story, published: datetime | None) -> bool:
        if published is None or story.first is None or story.last is None:
            return True
        return story.first - self.window <= published <= story.last + self.window

    def _score(self, vector: npt.NDArray[np.float32], member: _Member, story: _Story) -> float:
        cosine = float(vector @ story.centroid())
        ours, theirs = member.language, story.language()
        if ours and theirs and ours != theirs and cosine < self.foreign_threshold:
            return -1.0
        overlap = name_overlap(member.names, story.names, self._frequency, self._seen)
        missing = core_missing(member.names, story.core(), self._frequency, self._seen)
        return cosine + self.name_weight * overlap - self.core_penalty * missing

    def _best(
        self,
        vector: npt.NDArray[np.float32],
        member: _Member,
        blocked: set[str],
    ) -> tuple[str | None, float]:
        live = len(self._stories)
        if not live:
            return None, 0.0
        k = min(live, _CANDIDATES)
        while True:
            found = self._nearest(vector, k)
            usable = [
                s
                for s in found
                if s not in blocked and self._in_window(self._stories[s], member.published)
            ]
            if usable or k >= live:
                break
            k = min(live, 4 * k)
        scored = [(self._score(vector, member, self._stories[s]), s) for s in usable]
        if not scored:
            return None, 0.0
        score, best = max(scored, key=lambda pair: (pair[0], -self._stories[pair[1]].label))
        return best, score

    def _nearest(self, vector: npt.NDArray[np.float32], k: int) -> list[str]:
        """The ``k`` stories with the nearest centroids; exact when the graph cannot answer."""
        if k < len(self._stories):
            self._index.set_ef(max(64, 2 * k))
            try:
                labels, _ = self._index.knn_query(vector.reshape(1, -1), k=k)
            except RuntimeError:  # hnswlib found fewer than k: fall back to an exact scan
                pass
            else:
                return [self._by_label[int(label)] for label in labels[0]]
        return list(self._stories)

    def _join(self, story_id: str, article_id: str, member: _Member) -> None:
        story = self._stories[story_id]
        if self._lookup is None:
            self._members[article_id] = member
        self._story_of[article_id] = story_id
        story.members.append(article_id)
        story.total += member.vector.astype(np.float32)
        story.names.update(member.names)
        if member.language:
            story.languages[member.language] += 1
        if member.published is None:
            story.undated.append(article_id)
        else:
            story.first = min(story.first or member.published, member.published)
            story.last = max(story.last or member.published, member.published)
        self._put(story)

    def _put(self, story: _Story) -> None:
        vector = story.centroid().reshape(1, -1)
        label = np.array([story.label])
        if story.label in self._indexed:
            self._index.add_items(vector, label)  # moves the story's point
            return
        if self._free:
            self._index.add_items(vector, label, replace_deleted=True)
            self._free -= 1
        else:
            if self._index.get_current_count() >= self._capacity:
                self._capacity *= 2
                self._index.resize_index(self._capacity)
            self._index.add_items(vector, label)
        self._indexed.add(story.label)

    def _unindex(self, story: _Story) -> None:
        self._index.mark_deleted(story.label)
        self._indexed.discard(story.label)
        self._by_label.pop(story.label, None)
        self._free += 1

    def _absorb(self, target: str, other: str) -> None:
        """Join story ``other`` into ``target`` from their sums alone (no member is read)."""
        into, gone = self._stories[target], self._stories.pop(other)
        self._unindex(gone)
        for article_id in gone.members:
            self._story_of[article_id] = target
        into.members.extend(gone.members)
        into.total += gone.total
        into.names.update(gone.names)
        into.languages.update(gone.languages)
        into.undated.extend(gone.undated)
        dated = [d for d in (into.first, into.last, gone.first, gone.last) if d is not None]
        into.first, into.last = (min(dated), max(dated)) if dated else (None, None)
        self._put(into)

    def _rebuild(self, story_id: str, members: list[str]) -> None:
        self._stories[story_id] = _Story(self._stories[story_id].label)
        for article_id, member in zip(members, self._members_of(members), strict=True):
            self._join(story_id, article_id, member)

    def _members_of(self, article_ids: Sequence[str]) -> list[_Member]:
        if self._lookup is None:
            return [self._members[a] for a in article_ids]
        found = {
            item.article_id: _member(item, _unit(item.vector)) for item in self._lookup(article_ids)
        }
        missing = [a for a in article_ids if a not in found]
        if missing:
            raise ParallaxError(
                f"the clusterer's lookup did not return article {missing[0]!r}",
                fix="give a lookup that returns an item for every id it is asked for",
            )
        return [found[a] for a in article_ids]

    def _retire_old(self) -> None:
        """Retire the stories that no article can join any more (see the module docstring)."""
        if self._clock is None:
            return
        horizon = self._clock - 2 * self.window
        retired = False
        for sid in [s for s, story in self._stories.items() if story.last and story.last < horizon]:
            self._retired[sid] = self._record_of(sid)
            story = self._stories.pop(sid)
            self._unindex(story)
            self._frequency.subtract(story.names)
            self._seen -= len(story.members)
            retired = True
        if retired:
            self._frequency = +self._frequency  # drop the names no recent article has

    def _revive(self, story_id: str) -> None:
        record = self._retired.pop(story_id, None)
        if record is None:
            return
        self._stories[story_id] = _Story(self._take_label(story_id))
        self._rebuild(story_id, list(record.article_ids))
        story = self._stories[story_id]
        self._frequency.update(story.names)
        self._seen += len(story.members)


def _number(story_id: str) -> int:
    return int(story_id.rsplit("-", 1)[1])


def _member(item: ClusterItem, vector: npt.NDArray[np.float32]) -> _Member:
    return _Member(
        vector.astype(np.float16), frozenset(item.names), _utc(item.published), item.language
    )
