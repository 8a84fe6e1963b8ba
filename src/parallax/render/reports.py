"""Comparison reports by format name: a registry, so an unknown name lists the known ones."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from rich.console import Console

from parallax.comparison.records import Comparison
from parallax.errors import ParallaxError
from parallax.render.comparison_text import print_comparison
from parallax.render.html import comparison_html
from parallax.render.markdown import comparison_markdown


def comparison_text(comparison: Comparison, *, width: int = 100) -> str:
    """The terminal report as plain text (for a file or a pipe)."""
    console = Console(record=True, width=width, file=io.StringIO(), highlight=False)
    print_comparison(console, comparison)
    return console.export_text()


def comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


REPORTS: dict[str, Callable[[Comparison], str]] = {
    "text": comparison_text,
    "json": comparison_json,
    "md": comparison_markdown,
    "html": comparison_html,
}


def render_comparison(comparison: Comparison, format: str) -> str:
    """The report of ``comparison`` in ``format`` (text, json, md or html)."""
    try:
        renderer = REPORTS[format]
    except KeyError:
        known = ", ".join(REPORTS)
        raise ParallaxError(
            f"unknown report format {format!r}", fix=f"use one of: {known}"
        ) from None
    return renderer(comparison)
