"""An article's outlet as Parallax shows it, and the outlet name that ingest stores.

:func:`name_outlet` runs at ingest: an outlet the registry knows (by the outlet field, the
page's site name, the URL's domain, or the file stem of a single-article file) is stored
under the registry's name, so ``Fox_News.txt``, a JSONL ``"outlet": "Fox News (Online
News)"`` and a page on ``latino.foxnews.com`` are all ``Fox News``. An outlet the registry
does not know keeps the name it was given; a file stem the registry does not know is not
made an outlet (the article has none: an *unknown outlet*).

:func:`describe` is what reports, the CLI and the web show: the registry's name, country
and leaning where known, else the given name, else the file stem as words
(``harbour_ledger`` -> ``Harbour Ledger``), marked as an unknown outlet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from parallax.config import Settings
from parallax.models import Article, RawDocument
from parallax.outlets.match import stem_words
from parallax.outlets.registry import Outlet, OutletRegistry, load_registry

UNKNOWN = "unknown outlet"
SINGLE_ARTICLE_FORMATS = frozenset({"text", "html"})


def registry_for(settings: Settings) -> OutletRegistry:
    """The bundled registry plus the user's file named by the ``outlets`` setting."""
    return load_registry(settings.outlets or None)


def canonical_outlet(name: str | None, registry: OutletRegistry) -> str | None:
    """The registry's name for an outlet name or alias (``foxnews`` -> ``Fox News``), else
    the name as given (stripped); None for no name."""
    if name is None or not name.strip():
        return None
    found = registry.get(name)
    return found.name if found else name.strip()


def file_stem(source: str | None) -> str | None:
    """The stem of a file source (``news/Fox_News.txt`` -> ``Fox_News``); None for a URL,
    stdin or a piece of a larger file (``feed.xml#3``, ``a.jsonl:2``)."""
    if not source or source.startswith("<") or "://" in source:
        return None
    if "#" in source:
        return None
    path = Path(source)
    if ":" in path.name and path.name.rsplit(":", 1)[1].isdigit():
        return None
    return path.stem or None


def name_outlet(
    raw: RawDocument, registry: OutletRegistry, *, stem: str | None = None
) -> RawDocument:
    """``raw`` with its outlet named as the registry names it (see the module docstring)."""
    found = registry.match(outlet=raw.outlet, url=raw.url)
    if found is None and not raw.outlet and stem:
        found = registry.match(stem=stem)
    if found is None or found.name == raw.outlet:
        return raw
    return replace(raw, outlet=found.name)


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """How an article's outlet is shown: ``name``, and the registry entry when known."""

    name: str
    outlet: Outlet | None = None

    @property
    def known(self) -> bool:
        return self.outlet is not None

    @property
    def country(self) -> str | None:
        return self.outlet.country if self.outlet else None

    @property
    def leaning(self) -> str | None:
        return self.outlet.leaning if self.outlet else None

    @property
    def side(self) -> str | None:
        return self.outlet.side if self.outlet else None

    def label(self) -> str:
        """``Fox News (US, right)``; ``Harbour Ledger (unknown outlet)``."""
        if self.outlet is None:
            return f"{self.name} ({UNKNOWN})"
        detail = ", ".join(x for x in (self.country, self.leaning) if x)
        return f"{self.name} ({detail})" if detail else self.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "known": self.known,
            "country": self.country,
            "language": self.outlet.language if self.outlet else None,
            "leaning": self.leaning,
            "side": self.side,
            "owner": self.outlet.owner if self.outlet else None,
        }


def describe_name(name: str | None, registry: OutletRegistry) -> OutletInfo:
    """An outlet name as given (an article's outlet, or a comparison's outlet label)."""
    if not name or not name.strip():
        return OutletInfo(UNKNOWN.capitalize())
    found = registry.match(outlet=name)
    if found is None and "_" in name and " " not in name:  # a file stem used as a label
        found = registry.match(stem=name)
        if found is None:
            return OutletInfo(stem_words(name))
    return OutletInfo(found.name, found) if found else OutletInfo(name.strip())


def describe(article: Article, registry: OutletRegistry) -> OutletInfo:
    """The outlet of ``article``: from its outlet field, URL, or file stem."""
    stem = file_stem(article.source)
    found = registry.match(outlet=article.outlet, url=article.url)
    if found is None and not article.outlet and stem:
        found = registry.match(stem=stem)
    if found is not None:
        return OutletInfo(found.name, found)
    if article.outlet and article.outlet.strip():
        return OutletInfo(article.outlet.strip())
    if stem:
        return OutletInfo(stem_words(stem))
    return OutletInfo(UNKNOWN.capitalize())
