"""Score a comparison of one demo event against the planted differences in ``truth.json``.

Each planted item becomes a named check that passes or fails, so that tests can assert on
all of them and a developer can see which ones a change breaks:

* ``unique_fact``: the sentence holding the evidence belongs to a fact of that outlet only;
* ``agree``: no number or date conflict, nor figures shown as perhaps different, between two
  sides of an agreeing fact; ``aligned`` (informative): its sides are aligned into one fact;
* ``number`` / ``date`` / ``occasion`` / ``attribution`` / ``quote_wording``: a conflict of
  that kind whose sides' evidence covers the planted evidence of at least two outlets, or
  figures shown as perhaps different (a planted figure told in sentences that do not surely
  tell one fact is found, hedged);
* ``loaded``: the loaded article scores as more subjective than the neutral one, and at
  least half of its planted loaded phrases are flagged;
* ``wire``: the planted wire copies form one wire group with the right original.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parallax.comparison.records import Comparison, ConflictSide, Evidence
from parallax.models import Article

_KINDS = {
    "number_conflict": "number",
    "day_conflict": "date",
    "occasion_conflict": "occasion",
    "attribution_conflict": "attribution",
    "quote_wording": "quote_wording",
}


@dataclass(frozen=True, slots=True)
class Check:
    kind: str
    label: str
    passed: bool


def _file_of(article: Article) -> str:
    return (article.source or "").replace("\\", "/").rsplit("/", 1)[-1].split("#")[0]


class _Finder:
    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison
        self.by_file = {_file_of(a): a for a in comparison.articles}

    def locate(self, file: str, evidence: str) -> tuple[str, int, int] | None:
        article = self.by_file.get(file)
        if article is None:
            return None
        at = article.text.find(evidence)
        if at < 0:
            return None
        return article.id, at, at + len(evidence)

    @staticmethod
    def covers(ev: Evidence, where: tuple[str, int, int]) -> bool:
        article_id, start, end = where
        return ev.article_id == article_id and ev.span.start < end and start < ev.span.end

    def value_in(self, side: ConflictSide, where: tuple[str, int, int]) -> bool:
        """The side's value (the number or day itself) lies inside ``where``."""
        article_id, start, end = where
        if side.evidence.article_id != article_id:
            return False
        text = next(a.text for a in self.c.articles if a.id == article_id)
        at = text.find(side.value, side.evidence.span.start, side.evidence.span.end + 1)
        return at >= 0 and start <= at < end

    def facts_at(self, where: tuple[str, int, int]) -> list[str]:
        """The facts whose sentences, or those shown as perhaps telling it too, cover
        ``where``."""
        return [
            f.key for f in self.c.facts if any(self.covers(e, where) for e in f.evidence + f.maybe)
        ]


def _sides(finder: _Finder, sides: Iterable[dict[str, Any]]) -> list[tuple[str, int, int]]:
    found = []
    for side in sides:
        where = finder.locate(side["article"], side["evidence"])
        if where is not None:
            found.append(where)
    return found


def check_event(comparison: Comparison, truth: dict[str, Any], event: str) -> list[Check]:
    """Every planted difference and agreeing fact of ``event``, checked on ``comparison``."""
    finder = _Finder(comparison)
    checks: list[Check] = []
    for item in truth["differences"]:
        if item["event"] != event:
            continue
        kind = item["type"]
        if kind == "unique_fact":
            where = finder.locate(item["article"], item["evidence"])
            facts = {f.key: f for f in comparison.facts}
            ok = where is not None and all(
                len(facts[k].outlets) == 1 for k in finder.facts_at(where)
            )
            ok = ok and where is not None and bool(finder.facts_at(where))
            checks.append(Check("unique_fact", item["evidence"][:60], ok))
        elif kind in _KINDS:
            wanted = _KINDS[kind]
            sides = _sides(finder, item["sides"])
            ok = any(
                c.kind == wanted
                and sum(any(finder.covers(s.evidence, w) for s in c.sides) for w in sides) >= 2
                for c in (*comparison.conflicts, *comparison.maybe_conflicts)
            )
            label = item.get("what") or item.get("quote") or item.get("speaker") or ""
            checks.append(Check(wanted, str(label)[:60], ok))
        elif kind == "loaded_wording":
            checks.append(_loaded(comparison, finder, item))
        elif kind == "wire_copy":
            original = finder.by_file.get(item["original"])
            copies = {finder.by_file[f].id for f in item["copies"] if f in finder.by_file}
            ok = original is not None and any(
                g.original == original.id and set(g.copies) == copies
                for g in comparison.coverage.wire_groups
            )
            checks.append(Check("wire", item["original"], ok))
    for fact in truth["agreeing_facts"]:
        if fact["event"] == event:
            checks.extend(_agree(comparison, finder, fact))
    return checks


def _loaded(comparison: Comparison, finder: _Finder, item: dict[str, Any]) -> Check:
    loaded = finder.by_file.get(item["loaded"]["article"])
    neutral = finder.by_file.get(item["neutral"]["article"])
    framing = {f.article_id: f for f in comparison.framing}
    ok = loaded is not None and neutral is not None
    if loaded is not None and neutral is not None:
        ok = framing[loaded.id].subjectivity > framing[neutral.id].subjectivity
        flagged = 0
        for phrase in item["loaded"]["phrases"]:
            where = finder.locate(item["loaded"]["article"], phrase)
            if where is not None and any(
                where[1] <= t.span.start < where[2] for t in framing[loaded.id].terms
            ):
                flagged += 1
        ok = ok and flagged * 2 >= len(item["loaded"]["phrases"])
    return Check("loaded", item["loaded"]["article"], ok)


def _agree(comparison: Comparison, finder: _Finder, fact: dict[str, Any]) -> list[Check]:
    sides = _sides(finder, fact["sides"])
    label = fact["sides"][0]["evidence"][:60]
    if len(sides) < 2:
        return [Check("agree", label, False)]
    keys = [set(finder.facts_at(w)) for w in sides]
    aligned = bool(set.intersection(*keys))
    contradicted = any(
        c.kind in {"number", "date"}
        and len({s.value.lower() for s in c.sides for w in sides if finder.value_in(s, w)}) >= 2
        for c in (*comparison.conflicts, *comparison.maybe_conflicts)
    )
    return [Check("agree", label, not contradicted), Check("aligned", label, aligned)]
