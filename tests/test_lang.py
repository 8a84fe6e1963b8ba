"""Language identification and the unpacked model kept in the cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from py3langid.langid import LanguageIdentifier

from parallax import lang

EN = "The harbour authority closed the container port on Tuesday after the strike began."
FR = "Le gouvernement a annoncé mardi une nouvelle loi sur les retraites des fonctionnaires."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lang._identifier.cache_clear()
    yield tmp_path / "parallax"
    lang._identifier.cache_clear()


def _no_unpacking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packaged model was unpacked although the cache holds it")

    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(refuse))


def test_the_unpacked_model_is_cached_and_read_back(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (lang.detect_language(EN), lang.detect_language(FR)) == ("en", "fr")
    (written,) = cache.glob("langid-*.npz")
    lang._identifier.cache_clear()
    _no_unpacking(monkeypatch)
    assert (lang.detect_language(EN), lang.detect_language(FR)) == ("en", "fr")
    assert list(cache.glob("langid-*.npz")) == [written]


def test_a_broken_cache_file_falls_back_to_the_packaged_model(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lang.preload()
    (written,) = cache.glob("langid-*.npz")
    written.write_bytes(b"not a model")
    lang._identifier.cache_clear()
    assert lang.detect_language(FR) == "fr"
    lang._identifier.cache_clear()
    _no_unpacking(monkeypatch)  # the fallback wrote a good cache again
    assert lang.detect_language(EN) == "en"


def test_short_text_has_no_language() -> None:
    assert lang.detect_language("Share this") is None
