"""The one exception tree of Parallax.

Every error a user can cause carries a message that names the problem and, where there is
one, the fix. Batch commands catch :class:`InputError` per item, report it, and go on.
"""

from __future__ import annotations

SUPPORTED_FORMATS = "plain text, HTML, WARC, RSS/Atom and JSONL"


class ParallaxError(Exception):
    """Base of every error Parallax raises on purpose."""

    def __init__(self, problem: str, *, fix: str | None = None) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.problem}; {self.fix}" if self.fix else self.problem

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled whole (the ingest workers send errors back): the constructors' arguments
        # differ from ``args``, so the attributes are restored as they are.
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(
    cls: type[ParallaxError], args: tuple[object, ...], state: dict[str, object]
) -> ParallaxError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfigError(ParallaxError):
    """A setting has a value Parallax cannot use."""


class InputError(ParallaxError):
    """One input (file, URL, feed entry, JSONL line) cannot be read as an article."""

    def __init__(self, source: str, problem: str, *, fix: str | None = None) -> None:
        self.source = source
        super().__init__(problem, fix=fix)

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class EmptyInputError(InputError):
    """The input holds no text at all."""


class BinaryInputError(InputError):
    """The input is binary data, a PDF, an image or an archive Parallax does not read."""


class DecodeError(InputError):
    """The bytes are not text in any declared or detected encoding."""


class TooLargeError(InputError):
    """The input is above the configured size cap."""


class NoArticleError(InputError):
    """The input was read, but no article text was found in it."""


class MalformedInputError(InputError):
    """The input claims a format (WARC, feed, JSONL) but breaks its rules."""


class FetchError(InputError):
    """A URL could not be fetched."""


class DisallowedError(FetchError):
    """The site's robots.txt forbids Parallax to fetch a URL (``parallax watch``)."""


class GoneError(FetchError):
    """The server refused a URL for good (HTTP 4xx other than 408 and 429): asking again
    would not help."""


class AnalysisError(InputError):
    """An article was read and stored, but analysing or grouping it into a story failed."""


class UnknownNameError(ParallaxError):
    """A registry was asked for a name it does not have (format, store, renderer)."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        super().__init__(
            f"unknown {kind} {name!r}",
            fix=f"known {kind}s: {', '.join(sorted(known))}",
        )


class StoreError(ParallaxError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(ParallaxError):
    """An id names nothing in the store."""


QUERY_FIX = (
    "close every double quote and bracket, put words on both sides of AND, OR and NOT, "
    "write NEAR(word word), and filter columns as title:word or text:word; or put the words "
    'in double quotes ("...") to search for them as typed'
)


class QueryError(ParallaxError):
    """A search query uses the full-text syntax (quotes, brackets, AND/OR/NOT, NEAR, ``*``,
    ``:``) but breaks it. Raised by a strict search only; by default the words are searched."""

    def __init__(self, query: str, detail: str) -> None:
        self.query = query
        shown = query if len(query) <= 80 else query[:79] + "…"
        super().__init__(
            f"the search {shown!r} is not valid full-text syntax ({detail})", fix=QUERY_FIX
        )


class BatchError(ParallaxError):
    """Batch work on a Dask cluster cannot start or finish (Dask missing, no scheduler)."""
