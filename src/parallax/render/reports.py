"""Comparison reports by format name: a registry, so an unknown name lists the known ones."""

from __future__ import annotations

import io
import json
from typing import Protocol

from rich.console import Console

from parallax.comparison.records import Comparison
from parallax.errors import ParallaxError
from parallax.outlets.registry import OutletRegistry, bundled_registry
from parallax.render.comparison_text import print_comparison
from parallax.render.html import comparison_html
from parallax.render.markdown import comparison_markdown
from parallax.render.outlets_report import outlets_dict


def comparison_text(
    comparison: Comparison, *, width: int = 100, registry: OutletRegistry | None = None
) -> str:
    """The terminal report as plain text (for a file or a pipe)."""
    console = Console(record=True, width=width, file=io.StringIO(), highlight=False)
    print_comparison(console, comparison, registry=registry)
    return console.export_text()


def comparison_json(comparison: Comparison, *, registry: OutletRegistry | None = None) -> str:
    """The comparison's JSON form (docs/comparison.schema.json), with its outlets, blindspots
    and fact timelines under ``outlets``."""
    data = comparison.to_dict()
    data["outlets"] = outlets_dict(comparison, registry or bundled_registry())
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Renderer(Protocol):
    def __call__(self, comparison: Comparison, *, registry: OutletRegistry | None = ...) -> str: ...


REPORTS: dict[str, Renderer] = {
    "text": comparison_text,
    "json": comparison_json,
    "md": comparison_markdown,
    "html": comparison_html,
}


def render_comparison(
    comparison: Comparison, format: str, *, registry: OutletRegistry | None = None
) -> str:
    """The report of ``comparison`` in ``format`` (text, json, md or html); outlets are
    described from ``registry`` (else the bundled list)."""
    try:
        renderer = REPORTS[format]
    except KeyError:
        known = ", ".join(REPORTS)
        raise ParallaxError(
            f"unknown report format {format!r}", fix=f"use one of: {known}"
        ) from None
    return renderer(comparison, registry=registry)
