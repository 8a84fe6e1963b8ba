"""Outlets: the registry (names, domains, country, language, leaning, owner) and matching.

>>> from parallax.outlets import load_registry
>>> load_registry().match(outlet="Fox_News").name
'Fox News'
"""

from __future__ import annotations

from parallax.outlets.describe import OutletInfo, describe, name_outlet, registry_for
from parallax.outlets.match import fold, host_of, stem_words
from parallax.outlets.registry import (
    LEANINGS,
    SIDES,
    Outlet,
    OutletRegistry,
    RatingSource,
    bundled_registry,
    load_registry,
)

__all__ = [
    "LEANINGS",
    "SIDES",
    "Outlet",
    "OutletInfo",
    "OutletRegistry",
    "RatingSource",
    "bundled_registry",
    "describe",
    "fold",
    "host_of",
    "load_registry",
    "name_outlet",
    "registry_for",
    "stem_words",
]
