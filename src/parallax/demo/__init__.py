"""The bundled demo corpus: articles the team wrote about invented events and outlets.

``truth.json`` beside it records the story of each article and every planted difference.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from parallax.models import Article

_HERE = Path(__file__).parent


def corpus_dir() -> Path:
    return _HERE / "corpus"


def truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_HERE / "truth.json").read_text(encoding="utf-8"))
    return data


def story_events(
    stories: Sequence[Mapping[str, Any]], articles: Mapping[str, Article]
) -> dict[str, str]:
    """The demo event each story holds exactly (same articles as the ground truth), by story id.

    A story that mixes events or holds only part of one is left out, so a caller can tell
    whether grouping found the corpus' events.
    """
    events = {frozenset(event["articles"]): str(event["id"]) for event in truth()["events"]}
    found: dict[str, str] = {}
    for story in stories:
        files = frozenset(
            Path((articles[a].source or "").split("#")[0]).name for a in story["article_ids"]
        )
        if files in events:
            found[str(story["story_id"])] = events[files]
    return found
