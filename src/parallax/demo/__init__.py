"""The bundled demo corpus: articles the team wrote about invented events and outlets.

``truth.json`` beside it records the story of each article and every planted difference.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


def corpus_dir() -> Path:
    return _HERE / "corpus"


def truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_HERE / "truth.json").read_text(encoding="utf-8"))
    return data
