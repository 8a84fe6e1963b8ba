"""The outlet registry as a table on the terminal (``parallax outlets``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parallax.outlets.registry import OutletRegistry


def print_outlet_rows(
    out: Console, rows: Sequence[dict[str, Any]], registry: OutletRegistry, *, counts: bool
) -> None:
    """One line per outlet: name, country, language, leaning, owner, domains (and stored
    articles when ``counts``); then where the leanings come from."""
    table = Table(show_edge=False, pad_edge=False)
    for column in ("outlet", "country", "lang", "leaning", "owner", "domains"):
        table.add_column(column, overflow="fold")
    if counts:
        table.add_column("articles", justify="right")
    for row in rows:
        name = escape(row["name"]) + ("" if row["known"] else " [dim](unknown outlet)[/]")
        cells = [
            name,
            escape(row["country"] or ""),
            escape(row["language"] or ""),
            escape(row["leaning"] or ""),
            escape(row["owner"] or ""),
            escape(", ".join(row["domains"])),
        ]
        if counts:
            cells.append(str(row["articles"]))
        table.add_row(*cells)
    out.print(table)
    out.print(f"{len(rows)} outlets from {escape(', '.join(registry.files))}")
    for source in registry.sources:
        url = f" <{escape(source.url)}>" if source.url else ""
        out.print(f"[dim]leanings ({escape(source.key)}): {escape(source.title)}{url}[/]")
