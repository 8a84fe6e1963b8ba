"""Reading the JSONL files of the evaluation data, with errors that name the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from parallax.errors import InputError


def read_id_rows(path: Path, what: str) -> list[tuple[str, dict[str, Any]]]:
    """The rows of a JSONL file of ``what`` whose lines each hold an object with an ``id``
    string, with the place of each (``path:line``); every fault is an InputError naming
    the line and the fix."""
    return read_rows(path, what, key="id")


def read_rows(path: Path, what: str, *, key: str) -> list[tuple[str, dict[str, Any]]]:
    """Like :func:`read_id_rows`, each line's object holding a ``key`` string."""
    if not path.is_file():
        raise InputError(str(path), "is not a file", fix=f"give the path of {what}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as UTF-8 text ({exc})") from exc
    rows: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"is not JSON ({exc.msg})", fix=f"give {what}") from exc
        if not isinstance(row, dict) or not isinstance(row.get(key), str):
            raise InputError(
                where, f"has no '{key}' string", fix=f"each line of {what} needs '{key}'"
            )
        rows.append((where, row))
    if not rows:
        raise InputError(str(path), "holds no line", fix=f"give {what}")
    return rows
