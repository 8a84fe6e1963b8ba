"""Store locations: a SQLite file path, or a URL (``postgresql://...``) shown without its
password."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def is_url(location: str | Path) -> bool:
    """True if ``location`` names a store by URL (``scheme://...``), not by file path."""
    return isinstance(location, str) and "://" in location


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r":[^:@/]*@", ":***@", url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def shown(location: str | Path) -> str:
    """``location`` as messages and reports show it: a path as is, a URL without password."""
    return redact(location) if isinstance(location, str) and is_url(location) else str(location)
