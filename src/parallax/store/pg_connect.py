"""PostgreSQL URLs and connection errors, turned into messages that name the fix."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from parallax.errors import StoreError
from parallax.store.location import redact

SCHEMES = ("postgresql", "postgres")
URL_FORM = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"


def check_url(url: str) -> dict[str, str]:
    """The connection parameters of ``url``; StoreError if it is not a PostgreSQL URL."""
    shown = redact(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SCHEMES:
        raise StoreError(f"{shown!r} is not a PostgreSQL URL", fix=f"write it as {URL_FORM}")
    try:
        port = urlsplit(url).port
    except ValueError:
        raise StoreError(
            f"{shown!r} has a port that is not a number", fix=f"write it as {URL_FORM}"
        ) from None
    if port == 0:
        raise StoreError(f"{shown!r} has port 0", fix="PostgreSQL listens on 5432 by default")
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise StoreError(
            f"{shown!r} is not a valid PostgreSQL URL: {_first_line(exc)}",
            fix=f"write it as {URL_FORM}",
        ) from None
    return {k: str(v) for k, v in params.items() if v is not None}


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def connect_error(url: str, exc: psycopg.Error) -> StoreError:
    """A StoreError for a failed connection, with the fix that fits its cause."""
    shown = redact(url)
    text = str(exc)
    lower = text.lower()
    params = conninfo_to_dict(url)
    host = params.get("host") or "the local socket"
    port = params.get("port") or 5432
    if "connection refused" in lower or "no such file or directory" in lower:
        problem = f"cannot connect to PostgreSQL at {host} port {port}: connection refused"
        fix = (
            "start the server (e.g. 'sudo service postgresql start', or 'docker run -d "
            "-p 5432:5432 -e POSTGRES_PASSWORD=... postgres') or check the host and port in "
            f"the URL {shown}"
        )
    elif "translate host name" in lower or "name or service not known" in lower:
        problem = f"cannot find the PostgreSQL host {host}"
        fix = f"check the host name in the URL {shown}"
    elif "timeout expired" in lower or "timed out" in lower:
        problem = f"PostgreSQL at {host} port {port} did not answer in time"
        fix = "check that the server is running and that no firewall blocks the port"
    elif missing := re.search(r'database "([^"]+)" does not exist', text):
        problem = f"the PostgreSQL database {missing[1]!r} does not exist"
        fix = f"create it (createdb {missing[1]}) or fix the database name in the URL {shown}"
    elif "password" in lower or "authentication" in lower or "role" in lower:
        problem = f"PostgreSQL refused the login: {_first_line(exc)}"
        fix = f"check the user and password in the URL {shown}"
    else:
        problem = f"cannot connect to PostgreSQL ({shown}): {_first_line(exc)}"
        fix = "check the URL and that the server is running"
    return StoreError(problem.replace(url, shown), fix=fix)
