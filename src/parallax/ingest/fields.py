"""Metadata values as users and pages write them: dates, author lists."""

from __future__ import annotations

import time
import warnings
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as date_parser
from dateutil.tz import tzoffset

_HOUR = 3600
# Zone abbreviations news pages use; dateutil does not know them on its own.
TZ_ABBREVIATIONS = {
    name: tzoffset(name, hours * _HOUR)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "BST": 1,
        "WET": 0,
        "WEST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "MSK": 3,
        "IST": 5.5,
        "HKT": 8,
        "SGT": 8,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "AKST": -9,
        "AKDT": -8,
        "HST": -10,
    }.items()
}


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
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
                dt = date_parser.parse(str(value).strip(), tzinfos=TZ_ABBREVIATIONS)
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
