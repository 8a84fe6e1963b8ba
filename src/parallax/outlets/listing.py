"""The registry as a list: each outlet with its number of stored articles (``/api/outlets``,
``parallax outlets``), and the store's outlets that the registry does not know."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from parallax.models import NO_OUTLET
from parallax.outlets.describe import OutletInfo, describe_name
from parallax.outlets.registry import Outlet, OutletRegistry


def outlet_rows(
    registry: OutletRegistry, counts: Sequence[tuple[str, int]], *, in_store: bool = False
) -> list[dict[str, Any]]:
    """Every registry outlet with its number of stored articles, then the store's outlets the
    registry does not know (``known`` false); most articles first, then by name."""
    stored: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for name, count in counts:
        found = registry.get(name) if name != NO_OUTLET else None
        if found is not None:
            stored[found.name] = stored.get(found.name, 0) + count
        else:
            unknown[name] = unknown.get(name, 0) + count
    rows = [_outlet_row(o.name, o, stored.get(o.name, 0), registry) for o in registry.outlets]
    rows += [_outlet_row(name, None, count, registry) for name, count in unknown.items()]
    if in_store:
        rows = [r for r in rows if r["articles"]]
    return sorted(rows, key=lambda r: (-r["articles"], r["name"].casefold()))


def _outlet_row(
    name: str, outlet: Outlet | None, count: int, registry: OutletRegistry
) -> dict[str, Any]:
    info = (
        OutletInfo(name, outlet) if outlet or name == NO_OUTLET else describe_name(name, registry)
    )
    source = registry.source(outlet.source) if outlet else None
    link = {"outlet": name}
    return {
        **info.to_dict(),
        "domains": list(outlet.domains) if outlet else [],
        "aliases": list(outlet.aliases) if outlet else [],
        "leaning_source": source.title if source and outlet and outlet.leaning else None,
        "articles": count,
        "links": {
            "page": f"/articles?{urlencode(link)}" if name != NO_OUTLET else None,
            "api": f"/api/articles?{urlencode(link)}" if name != NO_OUTLET else None,
        },
    }
