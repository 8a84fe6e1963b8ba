"""Metadata values as users and pages write them: dates, author lists."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as date_parser


def parse_datetime(value: Any) -> datetime | None:
    """Parse a date or date-time; a value with no time zone is taken as UTC; junk gives None."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, datetime):
        dt = value
    else:
        try:
            dt = date_parser.parse(str(value).strip())
        except (ValueError, OverflowError, date_parser.ParserError):
            return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def parse_authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = value.replace(" and ", ";").replace("|", ";").split(";")
        if len(parts) == 1 and value.count(",") >= 1 and len(value.split()) >= 4:
            parts = value.split(",")
    elif isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    else:
        parts = [str(value)]
    return tuple(p.strip() for p in parts if p and p.strip())


def optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
