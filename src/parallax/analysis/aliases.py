"""Entities across the articles of a collection: one entity per real-world referent.

Each article names things its own way ("the Islamic State (ISIS/ISIL)" in one, "Daesh
(Islamic State)" in another). Entities of different articles are joined when any name or
alias of one is a name or alias of the other (or, for people, when one name is the surname
form of the other), transitively: ISIS, ISIL, Islamic State and Daesh become one entity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.analysis.records import Analysis, Entity

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,8}$")


@dataclass(frozen=True, slots=True)
class CollectionEntity:
    """One referent across articles; ``members`` are (article id, entity key) pairs."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    members: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "members": [list(m) for m in self.members],
        }


def name_key(name: str) -> str:
    words = re.findall(r"[\w’'-]+", name.casefold().replace("’", "'"))
    return " ".join(w for w in words if w not in {"the", "a", "an"})


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


# the usual short forms of English first names: "Mike Thibodeau" in one outlet is "Michael
# Thibodeau" in another
_GIVEN_NAMES = {
    "mike": "michael",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "joe": "joseph",
    "dick": "richard",
    "rick": "richard",
    "chuck": "charles",
    "charlie": "charles",
    "dan": "daniel",
    "dave": "david",
    "ed": "edward",
    "tony": "anthony",
    "andy": "andrew",
    "nick": "nicholas",
    "pat": "patrick",
    "pete": "peter",
    "sam": "samuel",
    "ben": "benjamin",
    "chris": "christopher",
    "matt": "matthew",
    "greg": "gregory",
    "jeff": "jeffrey",
    "tim": "timothy",
    "larry": "lawrence",
    "ron": "ronald",
    "ken": "kenneth",
    "liz": "elizabeth",
    "kathy": "kathleen",
    "sue": "susan",
    "mitch": "mitchell",
}


def person_key(name: str) -> str:
    """:func:`name_key` of a person's name without middle initials and suffixes, and with
    first names in full: "John G. Roberts Jr." and "John Roberts" are one person, as are
    "Joseph M. Sellers" and "Joseph Sellers", and "Mike Thibodeau" and "Michael
    Thibodeau"."""
    words = [w for w in name_key(name).split() if w.rstrip(".") not in _SUFFIXES]
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w.rstrip(".")) > 1), words[-1]]
    return " ".join([*(_GIVEN_NAMES.get(w, w) for w in words[:-1]), *words[-1:]])


def _family(kind: str) -> str:
    return "person" if kind == "person" else "other"


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_entities(analyses: Sequence[Analysis]) -> list[CollectionEntity]:
    """Join the entities of ``analyses`` into collection-wide entities, most mentioned first."""
    nodes: list[tuple[str, Entity]] = [(a.article_id, e) for a in analyses for e in a.entities]
    sets = _UnionFind(len(nodes))
    owner: dict[tuple[str, str], int] = {}
    full_people: dict[str, list[int]] = {}
    for i, (_, entity) in enumerate(nodes):
        family = _family(entity.kind)
        keyed = person_key if family == "person" else name_key
        for name in (entity.name, *entity.aliases):
            key = (family, keyed(name))
            if not key[1]:
                continue
            if key in owner:
                sets.union(owner[key], i)
            else:
                owner[key] = i
        if family == "person" and len(entity.name.split()) >= 2:
            full_people.setdefault(person_key(entity.name).split()[-1], []).append(i)
    # A person named only by surname in one article joins the full name of another.
    for i, (_, entity) in enumerate(nodes):
        if entity.kind == "person" and len(entity.name.split()) == 1:
            candidates = full_people.get(name_key(entity.name), [])
            if len({sets.find(c) for c in candidates}) == 1:
                sets.union(candidates[0], i)

    groups: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        groups.setdefault(sets.find(i), []).append(i)
    merged: list[tuple[int, CollectionEntity]] = []
    for members in groups.values():
        entities = [nodes[i][1] for i in members]
        weight: Counter[str] = Counter()
        for e in entities:
            weight[e.name] += len(e.mentions)
        full = [n for n in weight if not _ACRONYM.match(n)] or list(weight)
        person = any(e.kind == "person" for e in entities)
        name = max(full, key=lambda n: (len(n.split()) if person else 0, weight[n], len(n)))
        kinds = Counter(e.kind for e in entities)
        names = {n for e in entities for n in (e.name, *e.aliases)} - {name}
        merged.append(
            (
                sum(len(e.mentions) for e in entities),
                CollectionEntity(
                    name=name,
                    kind=kinds.most_common(1)[0][0],
                    aliases=tuple(sorted(names)),
                    members=tuple(sorted((nodes[i][0], nodes[i][1].key) for i in members)),
                ),
            )
        )
    merged.sort(key=lambda m: (-m[0], m[1].name))
    return [entity for _, entity in merged]
