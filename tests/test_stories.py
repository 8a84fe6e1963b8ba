"""Stories over a real store through the real CLI: grouping, corrections that persist."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from parallax.demo import corpus_dir, truth

from .conftest import run_cli

pytestmark = pytest.mark.slow


def _stories(db: str) -> list[dict[str, Any]]:
    done = run_cli("stories", "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def test_demo_stories_are_pure_and_corrections_persist(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    assert run_cli("ingest", str(corpus_dir()), "--db", db).returncode == 0
    listed = json.loads(run_cli("articles", "--db", db, "--json").stdout)
    event = {}
    files = {f: e["id"] for e in truth()["events"] for f in e["articles"]}
    for a in listed:
        shown = json.loads(run_cli("show", a["id"], "--db", db, "--json").stdout)
        event[a["id"]] = files[Path(shown["source"].split("#")[0]).name]
    stories = _stories(db)
    assert 3 <= len(stories) <= 5
    for s in stories:  # no story mixes two events
        assert len({event[a] for a in s["article_ids"]}) == 1, s
    assert sum(len(s["article_ids"]) for s in stories) == len(listed)

    biggest = max(stories, key=lambda s: len(s["article_ids"]))
    moving = biggest["article_ids"][-1]
    done = run_cli("stories", "split", biggest["story_id"], moving, "--db", db)
    assert done.returncode == 0, done.stderr
    after = _stories(db)  # grouped again from scratch: the split holds
    holder = next(s for s in after if moving in s["article_ids"])
    assert holder["article_ids"] == [moving]
    assert len(after) == len(stories) + 1

    rest = next(s for s in after if biggest["article_ids"][0] in s["article_ids"])
    done = run_cli("stories", "merge", rest["story_id"], holder["story_id"], "--db", db)
    assert done.returncode == 0, done.stderr
    merged = _stories(db)
    assert len(merged) == len(stories)
    assert any(set(biggest["article_ids"]) == set(s["article_ids"]) for s in merged)

    bad = run_cli("stories", "merge", "sfffffffff", rest["story_id"], "--db", db)
    assert bad.returncode == 1 and "no story" in bad.stderr
    assert _stories(db) == merged  # nothing changed

    one = run_cli("story", merged[0]["story_id"], "--db", db, "--json")
    assert one.returncode == 0
    assert [a["id"] for a in json.loads(one.stdout)["articles"]] == merged[0]["article_ids"]
    compared = run_cli("compare", "--story", merged[0]["story_id"], "--db", db, "-f", "json")
    assert compared.returncode == 0, compared.stderr
    ids = {a["id"] for a in json.loads(compared.stdout)["articles"]}
    assert ids == set(merged[0]["article_ids"])
