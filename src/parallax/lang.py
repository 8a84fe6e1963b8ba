"""Language identification (py3langid, offline).

py3langid ships its model compressed (LZMA, 4.5 MB); unpacking it takes about 0.3 s, paid by
every process that identifies a language. The unpacked arrays are kept in the user's cache
folder (about 70 MB, written once) and read from there, memory-mapped, in a few hundredths of
a second; a missing, stale or unreadable cache falls back to the packaged model.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

_MIN_LETTERS = 20
CACHE_VERSION = 1


def _cache_file(model: Path) -> Path:
    """Where the unpacked model is kept: named after the packaged file's size and time, so
    that another py3langid model is unpacked anew."""
    stat = model.stat()
    name = f"langid-v{CACHE_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.npz"
    return Path(platformdirs.user_cache_dir("parallax")) / name


def _save(identifier: Any, path: Path) -> None:
    """Write the unpacked model to ``path`` (atomically: a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(
                out,
                ptc=identifier.nb_ptc,
                pc=identifier.nb_pc,
                classes=np.array(identifier.nb_classes),
                nextmove=np.frombuffer(identifier.tk_nextmove, dtype=np.uint32),
                row=np.frombuffer(identifier.tk_row, dtype=np.uint16),
                output=np.array(identifier.tk_output, dtype=np.int64),
            )
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _load(path: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            data["ptc"],
            data["pc"],
            data["classes"].tolist(),
            array("I", data["nextmove"].astype(np.uint32).tobytes()),
            data["output"].tolist(),
            norm_probs=True,
            tk_row=array("H", data["row"].astype(np.uint16).tobytes()),
        )


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    cached = _cache_file(Path(MODEL_DIR) / MODEL_FILE)
    try:
        return _load(cached)
    except (OSError, ValueError, KeyError):
        pass  # no cache yet, or one that cannot be read: unpack the packaged model
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    with suppress(OSError):  # a read-only cache folder only costs the unpacking next time
        _save(identifier, cached)
    return identifier


def preload() -> None:
    """Load the language model now, not at the first article."""
    _identifier()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or ``None`` when it is too short to tell."""
    sample = text[:1200]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= 0.5 else None
