"""The outlet registry: who publishes what, from which domains, where, and how it leans.

The bundled starter list (``parallax/outlets/data/outlets.toml``) names the outlets of the
project's shared data; a user file (TOML or CSV, the ``outlets`` setting) adds outlets and
replaces bundled ones of the same name. The file format is documented in ``docs/outlets.md``.

>>> registry = load_registry(settings)
>>> registry.match(url="https://www.foxnews.com/politics/x").name
'Fox News'
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from parallax.errors import ConfigError

LEANINGS = ("left", "lean left", "center", "lean right", "right", "mixed")
"""The leanings an outlet may have: AllSides' five-point scale, plus ``mixed``."""

SIDES = {"left": "left", "lean left": "left", "center": "center"}
SIDES.update({"lean right": "right", "right": "right"})
"""Leaning -> side (left, center, right); ``mixed`` and unknown leanings have no side."""

FIELDS = ("name", "domains", "country", "language", "leaning", "owner", "aliases", "source")
LIST_FIELDS = ("domains", "aliases")
BUNDLED = "bundled"

FORMAT_FIX = "see docs/outlets.md for the outlet file format"


def _text(value: Any, where: str, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(
            f"{where}: {name} must be text, not {type(value).__name__}", fix=FORMAT_FIX
        )
    return value.strip() or None


def _list(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):  # CSV cells: items separated by ';'
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {name} must be a list of text", fix=FORMAT_FIX)
    return tuple(v.strip() for v in value if v.strip())


def clean_domain(raw: str) -> str:
    """``https://www.NYTimes.com/x`` -> ``nytimes.com``; a bare host is lowered and stripped."""
    host = raw.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet. ``domains`` match their subdomains too (``latino.foxnews.com``);
    ``aliases`` are other names it goes by (``HuffPost``, ``Fox News (Online News)``);
    ``country`` is an ISO 3166-1 code, ``language`` an ISO 639-1 code; ``leaning`` is one of
    :data:`LEANINGS`, rated by the named ``source`` (a key of the registry's sources)."""

    name: str
    domains: tuple[str, ...] = ()
    country: str | None = None
    language: str | None = None
    leaning: str | None = None
    owner: str | None = None
    aliases: tuple[str, ...] = ()
    source: str | None = None

    @property
    def side(self) -> str | None:
        """left, center or right, from the leaning; None when unknown or mixed."""
        return SIDES.get(self.leaning or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domains": list(self.domains),
            "country": self.country,
            "language": self.language,
            "leaning": self.leaning,
            "side": self.side,
            "owner": self.owner,
            "aliases": list(self.aliases),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "outlet") -> Outlet:
        unknown = set(data) - set(FIELDS) - {"side"}
        if unknown:
            raise ConfigError(
                f"{where}: unknown fields {sorted(unknown)}",
                fix=f"an outlet has the fields {', '.join(FIELDS)}",
            )
        name = _text(data.get("name"), where, "name")
        if not name:
            raise ConfigError(f"{where}: an outlet needs a name", fix=FORMAT_FIX)
        where = f"{where} {name!r}"
        leaning = _text(data.get("leaning"), where, "leaning")
        if leaning is not None:
            leaning = " ".join(leaning.lower().replace("-", " ").split())
            if leaning not in LEANINGS:
                raise ConfigError(
                    f"{where}: leaning {leaning!r} is not one of {', '.join(LEANINGS)}",
                    fix="use AllSides' scale (left, lean left, center, lean right, right) or mixed",
                )
        domains = tuple(clean_domain(d) for d in _list(data.get("domains"), where, "domains"))
        for domain in domains:
            if "." not in domain or " " in domain:
                raise ConfigError(
                    f"{where}: {domain!r} is not a domain", fix="write it like nytimes.com"
                )
        country = _text(data.get("country"), where, "country")
        language = _text(data.get("language"), where, "language")
        return cls(
            name=name,
            domains=domains,
            country=country.upper() if country else None,
            language=language.lower() if language else None,
            leaning=leaning,
            owner=_text(data.get("owner"), where, "owner"),
            aliases=_list(data.get("aliases"), where, "aliases"),
            source=_text(data.get("source"), where, "source"),
        )


@dataclass(frozen=True, slots=True)
class RatingSource:
    """Where leanings (or other facts about outlets) come from, cited by key."""

    key: str
    title: str
    url: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "url": self.url, "note": self.note}


@dataclass(frozen=True, slots=True)
class OutletRegistry:
    """Outlets and the sources of their ratings; ``files`` says what was loaded."""

    outlets: tuple[Outlet, ...]
    sources: tuple[RatingSource, ...] = ()
    files: tuple[str, ...] = ()
    _matcher: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from parallax.outlets.match import OutletMatcher

        object.__setattr__(self, "_matcher", OutletMatcher(self.outlets))

    def get(self, name: str) -> Outlet | None:
        """The outlet with this name or alias (any case, ``The`` and punctuation ignored)."""
        found: Outlet | None = self._matcher.by_name(name)
        return found

    def match(
        self, *, outlet: str | None = None, url: str | None = None, stem: str | None = None
    ) -> Outlet | None:
        """The outlet named ``outlet``, else the one whose domain ``url`` is on, else the one
        a file stem such as ``fox_news`` names; None when none is known."""
        found: Outlet | None = self._matcher.match(outlet=outlet, url=url, stem=stem)
        return found

    def source(self, key: str | None) -> RatingSource | None:
        return next((s for s in self.sources if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "sources": [s.to_dict() for s in self.sources],
            "outlets": [o.to_dict() for o in self.outlets],
        }


def _sources(data: Any, where: str) -> list[RatingSource]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: [sources] must be a table of tables", fix=FORMAT_FIX)
    found = []
    for key, value in data.items():
        if not isinstance(value, dict) or not isinstance(value.get("title"), str):
            raise ConfigError(f"{where}: source {key!r} needs a title", fix=FORMAT_FIX)
        found.append(
            RatingSource(
                key=str(key),
                title=value["title"],
                url=_text(value.get("url"), where, "url"),
                note=_text(value.get("note"), where, "note"),
            )
        )
    return found


def parse_toml(text: str, where: str) -> tuple[list[Outlet], list[RatingSource]]:
    """Outlets (``[[outlet]]`` tables) and sources (``[sources.KEY]``) of a TOML file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML: {exc}", fix=FORMAT_FIX) from exc
    unknown = set(data) - {"outlet", "sources"}
    if unknown:
        raise ConfigError(
            f"{where}: unknown tables {sorted(unknown)}", fix="use [[outlet]] and [sources.KEY]"
        )
    rows = data.get("outlet", [])
    if not isinstance(rows, list):
        raise ConfigError(f"{where}: write each outlet as an [[outlet]] table", fix=FORMAT_FIX)
    outlets = [Outlet.from_dict(row, where=f"{where} outlet {n}") for n, row in enumerate(rows, 1)]
    return outlets, _sources(data.get("sources"), where)


def parse_csv(text: str, where: str) -> list[Outlet]:
    """Outlets of a CSV file with a header row (``name`` required; lists split at ``;``)."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if "name" not in header:
        raise ConfigError(f"{where}: the CSV header has no 'name' column", fix=FORMAT_FIX)
    reader.fieldnames = header
    outlets = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise ConfigError(f"{where} line {number}: more cells than columns", fix=FORMAT_FIX)
        values = {k: v for k, v in row.items() if v is not None and v.strip()}
        if values:
            outlets.append(Outlet.from_dict(values, where=f"{where} line {number}"))
    return outlets


def read_outlet_file(path: Path) -> tuple[list[Outlet], list[RatingSource]]:
    """The outlets (and sources, for TOML) of a user file, by its suffix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"outlet file {path} does not exist", fix="fix the 'outlets' setting"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read outlet file {path}: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return parse_csv(text, str(path)), []
    if suffix == ".toml":
        return parse_toml(text, str(path))
    raise ConfigError(
        f"outlet file {path} is neither .toml nor .csv", fix="name it outlets.toml or outlets.csv"
    )


def merge(
    base: Iterable[Outlet], extra: Iterable[Outlet], *, where: str = "outlets"
) -> tuple[Outlet, ...]:
    """``base`` with ``extra`` added; an extra outlet replaces a base one of the same name."""
    merged: dict[str, Outlet] = {}
    for outlet in base:
        merged[outlet.name.casefold()] = outlet
    seen: set[str] = set()
    for outlet in extra:
        key = outlet.name.casefold()
        if key in seen:
            raise ConfigError(f"{where}: outlet {outlet.name!r} is listed twice", fix=FORMAT_FIX)
        seen.add(key)
        merged.pop(key, None)
        merged[key] = outlet
    return tuple(merged.values())


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def bundled_registry() -> OutletRegistry:
    """The starter list shipped with Parallax (read once)."""
    text = resources.files("parallax.outlets").joinpath("data/outlets.toml").read_text("utf-8")
    outlets, sources = parse_toml(text, "bundled outlets.toml")
    return OutletRegistry(
        merge((), outlets, where="bundled outlets.toml"), tuple(sources), (BUNDLED,)
    )


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> OutletRegistry:
    base = bundled_registry()
    outlets, sources = read_outlet_file(Path(path))
    known = {s.key: s for s in base.sources}
    known.update({s.key: s for s in sources})
    return OutletRegistry(
        merge(base.outlets, outlets, where=path), tuple(known.values()), (BUNDLED, path)
    )


def load_registry(user_file: Path | str | None = None) -> OutletRegistry:
    """The bundled outlets, plus those of ``user_file`` (a TOML or CSV path, or the
    ``outlets`` setting; empty means none). Loaded once per file version."""
    if user_file is None or not str(user_file).strip():
        return bundled_registry()
    path = Path(str(user_file)).expanduser()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ConfigError(
            f"outlet file {path} does not exist", fix="fix the 'outlets' setting"
        ) from None
    return _load(str(path.resolve()), mtime)
