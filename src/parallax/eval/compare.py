"""How far a reader can trust a comparison: the precision of every claim it makes.

The gold (``benchmarks/gold/basil_compare.gold.jsonl``, format in
``benchmarks/gold/README.md``) was labelled by reading BASIL development triplets (New York
Times, Fox News, HuffPost on one event): every fact that two or three of the outlets report,
with the passages (character offsets, no text) that carry it in each article, and the real
disagreements between them. The article texts are read at run time from
``stories/basil.dev.jsonl``; a text that does not hash as labelled is an error.

Claims scored (a predicted passage *meets* a gold passage when they overlap by at least half
of the shorter of the two):

* **shared**: a fact of two or more outlets is right when one gold fact has a passage met by
  each of its sentences;
* **unique**: "only X reports this" is wrong when its sentence meets a passage of a gold fact
  that another outlet also reports;
* **omission** ("X leaves out") and **not found**: wrong when the gold fact the claim is about
  has a passage in X, or when no gold fact backs the fact the claim is about;
* **conflict**: right when a gold conflict has passages holding the evidence of two of its
  sides; **maybe conflict** (figures shown as perhaps different) is scored the same way.

Alignment recall: of the gold facts' pairs of outlets, the share that one predicted fact
aligns (a sentence meeting a gold passage on each side). Fragments: facts whose sentence
cannot be read alone (it starts in lowercase or with "and"/"but", or closes a quote).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from parallax.comparison.records import Comparison, Evidence, Fact
from parallax.errors import InputError
from parallax.eval.rows import read_id_rows
from parallax.models import Article

# "maybe_shared": sentences shown as perhaps one fact, not claimed shared (a hedged claim);
# "loosely_related": sentences shown as loosely related, below CLOSE (a weaker hedge);
# "perhaps_also": a further outlet's sentence shown beside a shared fact as perhaps telling it
# "maybe_conflict": figures shown as perhaps different, not claimed a conflict (hedged)
KINDS = (
    "shared",
    "maybe_shared",
    "loosely_related",
    "perhaps_also",
    "unique",
    "omission",
    "not_found",
    "conflict",
    "maybe_conflict",
)
# a clause cut out of a sentence: a closing quote mark, punctuation, or a lowercase
# conjunction first ("and reduce the debt.”"); a sentence its writer began with "But" is whole
_FRAGMENT = re.compile(r"^(?:[”’,;:.]|(?:and|but|or|nor|so|yet)\b)")


@dataclass(frozen=True, slots=True)
class Passage:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldFact:
    summary: str
    importance: int
    passages: tuple[Passage, ...]

    def articles(self) -> frozenset[str]:
        return frozenset(p.article for p in self.passages)


SCOPES = ("all", "conflicts")


@dataclass(frozen=True, slots=True)
class GoldStory:
    story_id: str
    articles: tuple[Article, ...]
    facts: tuple[GoldFact, ...]
    conflicts: tuple[GoldFact, ...]  # summary, kind in place of importance unused
    # "all": every claim is scored; "conflicts": the story is labelled for its real
    # conflicts only, so only conflict claims (and fragments, which need no label) count
    scope: str = "all"


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    correct: bool
    text: str  # what the report says, for a developer to read


@dataclass(frozen=True, slots=True)
class StoryResult:
    story_id: str
    claims: tuple[Claim, ...]
    gold_pairs: int
    aligned_pairs: int
    gold_three_way: int
    found_three_way: int
    fragments: int
    facts: int
    key_facts: int
    key_facts_core: int  # key facts that back a gold fact of importance 3
    # gold pairs and aligned pairs by the gold fact's importance (1 detail .. 3 core)
    by_importance: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class CompareScores:
    stories: tuple[StoryResult, ...] = field(default=())

    def count(self, kind: str) -> tuple[int, int]:
        claims = [c for s in self.stories for c in s.claims if c.kind == kind]
        return sum(c.correct for c in claims), len(claims)

    def precision(self, kind: str) -> float | None:
        right, total = self.count(kind)
        return right / total if total else None

    @property
    def alignment_recall(self) -> float:
        gold = sum(s.gold_pairs for s in self.stories)
        return sum(s.aligned_pairs for s in self.stories) / gold if gold else 0.0

    def recall_by_importance(self) -> dict[int, float]:
        """Alignment recall of the gold facts of each importance (3: the story's core)."""
        gold: dict[int, int] = {}
        found: dict[int, int] = {}
        for s in self.stories:
            for importance, pairs, aligned in s.by_importance:
                gold[importance] = gold.get(importance, 0) + pairs
                found[importance] = found.get(importance, 0) + aligned
        return {k: found[k] / gold[k] for k in sorted(gold) if gold[k]}

    @property
    def three_way_recall(self) -> float:
        gold = sum(s.gold_three_way for s in self.stories)
        return sum(s.found_three_way for s in self.stories) / gold if gold else 0.0

    @property
    def fragments(self) -> int:
        return sum(s.fragments for s in self.stories)

    @property
    def key_fact_precision(self) -> float:
        keys = sum(s.key_facts for s in self.stories)
        return sum(s.key_facts_core for s in self.stories) / keys if keys else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": len(self.stories),
            "precision": {k: self.precision(k) for k in KINDS},
            "claims": {k: self.count(k)[1] for k in KINDS},
            "alignment_recall": round(self.alignment_recall, 4),
            "three_way_recall": round(self.three_way_recall, 4),
            "alignment_recall_by_importance": {
                str(k): round(v, 4) for k, v in self.recall_by_importance().items()
            },
            "fragments": self.fragments,
            "facts": sum(s.facts for s in self.stories),
            "key_fact_precision": round(self.key_fact_precision, 4),
            "wrong": [
                {"story": s.story_id, "kind": c.kind, "claim": c.text}
                for s in self.stories
                for c in s.claims
                if not c.correct
            ],
        }


def _meets(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    inter = min(a_end, b_end) - max(a_start, b_start)
    return inter > 0 and inter >= 0.5 * min(a_end - a_start, b_end - b_start)


def _hit(e: Evidence, p: Passage) -> bool:
    return e.article_id == p.article and _meets(e.span.start, e.span.end, p.start, p.end)


def _backs(g: GoldFact, evidence: Sequence[Evidence]) -> bool:
    return all(any(_hit(e, p) for p in g.passages) for e in evidence)


def is_fragment(text: str) -> bool:
    """A clause that cannot be read alone (a sentence in parentheses or one that opens with
    "And" or "But" is a sentence)."""
    head = text.lstrip(" “\"'‘($£€")
    return (
        len(text.split()) < 3
        or (not head[:1].isupper() and not head[:1].isdigit())
        or (_FRAGMENT.match(text.lstrip()) is not None)
    )


def score_story(story: GoldStory, c: Comparison) -> StoryResult:
    claims: list[Claim] = []
    outlet_article = {c.outlet_of(a.id): a.id for a in c.articles}

    def label(f: Fact) -> str:
        return f"{f.key} {'+'.join(f.outlets)}: {c.text_of(f.evidence[0])[:120]}"

    def backing(f: Fact) -> list[GoldFact]:
        full = [g for g in story.facts if _backs(g, f.evidence)]
        return full

    fragments = sum(any(is_fragment(c.text_of(e)) for e in f.evidence) for f in c.facts)
    claims.extend(_conflict_claims(story, c))
    if story.scope == "conflicts":
        return StoryResult(story.story_id, tuple(claims), 0, 0, 0, 0, fragments, len(c.facts), 0, 0)
    for f in c.shared:
        claims.append(Claim("shared", bool(backing(f)), label(f)))
    for f in c.perhaps_same:
        claims.append(Claim("maybe_shared", bool(backing(f)), label(f)))
    for f in c.loosely_related:
        claims.append(Claim("loosely_related", bool(backing(f)), label(f)))
    for f in c.shared:
        for e in f.maybe:
            right = any(any(_hit(e, p) for p in g.passages) for g in backing(f))
            claims.append(Claim("perhaps_also", right, f"{c.outlet_of(e.article_id)} {label(f)}"))
    for outlet in sorted(outlet_article):
        for f in c.unique(outlet):
            e = f.evidence[0]
            wrong = any(
                any(_hit(e, p) for p in g.passages) and len(g.articles()) > 1 for g in story.facts
            )
            claims.append(Claim("unique", not wrong, label(f)))
    facts = {f.key: f for f in c.facts}
    for kind, listing in (("omission", c.omissions), ("not_found", c.not_found)):
        for outlet, keys in listing:
            article = outlet_article[outlet]
            for key in keys:
                gold = backing(facts[key])
                ok = bool(gold) and all(article not in g.articles() for g in gold)
                claims.append(Claim(kind, ok, f"{outlet} lacks {label(facts[key])}"))
    gold_pairs = aligned = three = found_three = 0
    by_importance: dict[int, list[int]] = {}
    for g in story.facts:
        arts = sorted(g.articles())
        for a, b in combinations(arts, 2):
            # a sentence shown as perhaps telling a fact too counts, as a fact shown as
            # perhaps one does
            hit = any(
                any(_hit(e, p) for e in f.evidence + f.maybe for p in g.passages if p.article == a)
                and any(
                    _hit(e, p) for e in f.evidence + f.maybe for p in g.passages if p.article == b
                )
                for f in c.facts
            )
            gold_pairs += 1
            aligned += hit
            counts = by_importance.setdefault(g.importance, [0, 0])
            counts[0] += 1
            counts[1] += hit
        if len(arts) == 3:
            three += 1
            found_three += any(
                all(
                    any(
                        _hit(e, p)
                        for e in f.evidence + f.maybe
                        for p in g.passages
                        if p.article == art
                    )
                    for art in arts
                )
                for f in c.facts
            )
    key_facts = c.key_facts()
    core = sum(any(g.importance >= 3 for g in backing(f)) for f in key_facts)
    return StoryResult(
        story.story_id,
        tuple(claims),
        gold_pairs,
        aligned,
        three,
        found_three,
        fragments,
        len(c.facts),
        len(key_facts),
        core,
        tuple((k, n, hit) for k, (n, hit) in sorted(by_importance.items())),
    )


def _conflict_claims(story: GoldStory, c: Comparison) -> list[Claim]:
    claims = []
    for kind, conflicts in (("conflict", c.conflicts), ("maybe_conflict", c.maybe_conflicts)):
        for conflict in conflicts:
            ok = any(
                sum(any(_hit(s.evidence, p) for p in g.passages) for s in conflict.sides) >= 2
                for g in story.conflicts
            )
            sides = "; ".join(f"{s.outlet}: {s.value[:40]}" for s in conflict.sides)
            claims.append(Claim(kind, ok, f"{conflict.kind} ({conflict.what}) {sides}"))
    return claims


def _passages(data: Any, where: str) -> tuple[Passage, ...]:
    try:
        return tuple(Passage(str(p["article"]), int(p["start"]), int(p["end"])) for p in data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            where, f"has a malformed passage ({exc})", fix="see benchmarks/gold/README.md"
        ) from exc


def _date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def load_gold(gold_path: Path, articles_path: Path) -> list[GoldStory]:
    """The gold stories, with their articles read from ``articles_path`` (BASIL JSONL)."""
    if not gold_path.is_file():
        raise InputError(str(gold_path), "is not a file", fix="give the path of the gold file")
    texts = {row["id"]: row for _, row in read_id_rows(articles_path, "basil.dev.jsonl")}
    stories = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{gold_path}:{number}"
        try:
            row = json.loads(line)
            story_id = str(row["story_id"])
            labelled = dict(row["articles"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(
                where, f"is not a gold story ({exc})", fix="see benchmarks/gold/README.md"
            ) from exc
        articles = []
        for article_id, meta in sorted(labelled.items()):
            source = texts.get(article_id)
            if source is None:
                raise InputError(
                    where,
                    f"names article {article_id}, which {articles_path} lacks",
                    fix="give the BASIL file the gold was labelled on",
                )
            digest = hashlib.sha1(source["text"].encode("utf-8")).hexdigest()
            if digest != meta.get("sha1"):
                raise InputError(
                    where,
                    f"article {article_id} differs from the text it was labelled on",
                    fix="give the BASIL development file the gold was labelled on",
                )
            articles.append(
                Article.create(
                    source["text"],
                    title=source.get("title"),
                    outlet=source.get("outlet"),
                    url=source.get("url"),
                    published=_date(source.get("date")),
                    language="en",
                    source=article_id,
                )
            )
        # passages name BASIL ids; the comparison names articles by content hash
        ids = {article_id: a.id for article_id, a in zip(sorted(labelled), articles, strict=True)}

        def remap(ps: tuple[Passage, ...], ids: dict[str, str] = ids) -> tuple[Passage, ...]:
            return tuple(Passage(ids[p.article], p.start, p.end) for p in ps)

        facts = tuple(
            GoldFact(
                str(f.get("summary", "")),
                int(f.get("importance", 1)),
                remap(_passages(f.get("passages"), where)),
            )
            for f in row.get("facts", [])
        )
        conflicts = tuple(
            GoldFact(str(f.get("summary", "")), 0, remap(_passages(f.get("passages"), where)))
            for f in row.get("conflicts", [])
        )
        scope = str(row.get("scope", "all"))
        if scope not in SCOPES:
            raise InputError(
                where,
                f"has an unknown scope {scope!r}",
                fix=f"use one of {', '.join(SCOPES)} (see benchmarks/gold/README.md)",
            )
        stories.append(GoldStory(story_id, tuple(articles), facts, conflicts, scope))
    if not stories:
        raise InputError(str(gold_path), "holds no gold story", fix="see benchmarks/gold/README.md")
    return stories


def evaluate_compare(
    stories: Sequence[GoldStory],
    compare: Callable[[Sequence[Article]], Comparison],
    *,
    progress: Callable[[str], None] | None = None,
    done: Callable[[], None] | None = None,
) -> CompareScores:
    """Compare each gold story's articles with ``compare`` and score its claims;
    ``progress`` is told each story's id before, ``done`` after."""
    results = []
    for story in stories:
        if progress is not None:
            progress(story.story_id)
        results.append(score_story(story, compare(story.articles)))
        if done is not None:
            done()
    return CompareScores(tuple(results))
