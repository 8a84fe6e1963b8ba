"""Matching an article to a registry outlet: by name or alias, by domain, by file stem.

Names are compared folded: any case, accents kept, punctuation and a leading ``The``
dropped, so ``the new-york times`` is ``New York Times``; AllSides' qualifiers such as
``(Online News)`` or ``(Opinion)`` are tried without them. A domain matches its subdomains
(``thecaucus.blogs.nytimes.com`` is on ``nytimes.com``). A file stem (``Fox_News``,
``foxnews``, ``nytimes_2016_03``) matches when it is a name, an alias or the first label of a
domain, or begins or ends with one that is distinctive (a name of two words or more, or a
domain label of seven letters or more such as ``nytimes``), so that a stem such as
``hill_walk`` or ``reason_for_it`` never becomes The Hill or Reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from parallax.outlets.registry import Outlet

_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_NON_WORD = re.compile(r"[^\w]+")
_STEM_SPLIT = re.compile(r"[\s_\-.+]+")
MIN_LABEL = 7  # a domain label at the edge of a stem must be this long


def fold(name: str) -> str:
    """A name as compared: NFKC, case-folded, ``&`` -> ``and``, punctuation to spaces,
    a leading ``the`` dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = _NON_WORD.sub(" ", text.replace("_", " ")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def host_of(url: str) -> str | None:
    """The lower-case host of a URL (``None`` for text that is not one)."""
    text = url.strip()
    if "://" not in text:
        return None
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.strip(".") if host else None


def stem_words(stem: str) -> str:
    """A file stem as words: ``harbour_ledger`` -> ``Harbour Ledger``; words that are not all
    lower-case letters (``BBC``, ``fff538``) are kept as they are."""
    words = [w for w in _STEM_SPLIT.split(stem) if w]
    return " ".join(w.capitalize() if w.isalpha() and w.islower() else w for w in words)


class OutletMatcher:
    """Indexes of a registry's outlets by folded name, by domain and by stem key."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.names: dict[str, Outlet] = {}
        self.domains: dict[str, Outlet] = {}
        self.keys: dict[str, Outlet] = {}  # folded stem keys: names, aliases, domain labels
        self.labels: dict[str, Outlet] = {}  # first labels of domains: nytimes, foxnews
        for outlet in outlets:  # later outlets (the user's) win over earlier ones
            for name in (outlet.name, *outlet.aliases):
                self.names[fold(name)] = outlet
                self.keys[fold(name)] = outlet
            for domain in outlet.domains:
                self.domains[domain] = outlet
                self.keys[fold(domain.split(".")[0])] = outlet
                self.labels[fold(domain.split(".")[0])] = outlet
                self.keys[fold(domain)] = outlet

    def by_name(self, name: str) -> Outlet | None:
        key = fold(name)
        if not key:
            return None
        found = self.names.get(key)
        if found is None and _QUALIFIER.search(name):
            found = self.names.get(fold(_QUALIFIER.sub("", name)))
        if found is None and "." in name and " " not in name.strip():
            found = self.by_host(name)  # a site name given as a domain: "nytimes.com"
        return found

    def by_host(self, host: str) -> Outlet | None:
        """The outlet of a host or any of its parent domains."""
        labels = host.strip().lower().strip(".").removeprefix("www.").split(".")
        for start in range(len(labels) - 1):
            found = self.domains.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def by_url(self, url: str) -> Outlet | None:
        host = host_of(url)
        return self.by_host(host) if host else None

    def by_stem(self, stem: str) -> Outlet | None:
        words = fold(" ".join(_STEM_SPLIT.split(stem))).split()
        if not words:
            return None
        whole = " ".join(words)
        if whole in self.keys:
            return self.keys[whole]
        for size in range(len(words) - 1, 0, -1):
            for part in (words[:size], words[-size:]):
                key = " ".join(part)
                if size > 1 and key in self.names:
                    return self.names[key]
                if size == 1 and len(key) >= MIN_LABEL and key in self.labels:
                    return self.labels[key]
        return None

    def match(
        self, *, outlet: str | None = None, url: str | None = None, stem: str | None = None
    ) -> Outlet | None:
        for found in (
            self.by_name(outlet) if outlet else None,
            self.by_url(url) if url else None,
            self.by_stem(stem) if stem and not outlet else None,
        ):
            if found is not None:
                return found
        return None
