"""The evaluation commands' JSONL reader names the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.eval.rows import read_id_rows


def test_rows_keep_their_place(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x1", "text": "A ferry left."}\n\n{"id": "x2"}\n', encoding="utf-8")
    rows = read_id_rows(path, "stories")
    assert [(where.rsplit(":", 1)[1], row["id"]) for where, row in rows] == [
        ("1", "x1"),
        ("3", "x2"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x1"}\n[1, 2]\n', ":2: has no 'id'"),
        ("{broken\n", ":1: is not JSON"),
        ("\n", "holds no line"),
    ],
)
def test_bad_rows_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("'", ".").replace("[", r"\[")):
        read_id_rows(path, "stories")
