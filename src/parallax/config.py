"""Settings, declared once and layered: defaults < user file < environment < explicit values.

The user file is TOML at ``<user config dir>/parallax/config.toml`` (or ``$PARALLAX_CONFIG``);
each environment variable is ``PARALLAX_<NAME>`` in capitals.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from parallax.errors import ConfigError

APP = "parallax"


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP)) / "parallax.db"


def db_location(raw: str | Path) -> Path | str:
    """A store location as given: a URL (``postgresql://...``) stays text, since a Path
    would fold its ``//``; anything else is a SQLite file path."""
    text = str(raw)
    return text if "://" in text else Path(text).expanduser()


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting Parallax reads, with its default; ``help`` lives in SETTING_HELP."""

    db: Path | str = Path()  # a SQLite file, or a store URL such as postgresql://...
    max_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = "parallax/0.1 (+https://parallax.example/bot)"
    fetch_links: bool = False
    outlets: str = ""  # a TOML or CSV file of outlets added to the bundled registry


SETTING_HELP: dict[str, str] = {
    "db": "the store: a SQLite database file (default: parallax.db in the user data "
    "directory) or a PostgreSQL URL, postgresql://user[:password]@host[:port]/database",
    "max_bytes": "largest input read, in bytes, after decompression (default 20 MB)",
    "fetch_timeout": "seconds to wait for a URL before giving up",
    "max_redirects": "most redirects followed for one URL",
    "user_agent": "User-Agent header sent when fetching URLs",
    "fetch_links": "fetch the linked page of feed entries that carry no full text",
    "outlets": "a TOML or CSV file of outlets (name, domains, country, language, leaning, "
    "owner, aliases) that adds to and overrides the bundled list; see docs/outlets.md",
}


def _coerce(name: str, raw: Any, target: Any) -> Any:
    if name == "db":
        return db_location(raw)
    try:
        if isinstance(target, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if isinstance(target, Path):
            return Path(str(raw)).expanduser()
        return type(target)(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"setting {name} = {raw!r} is not a valid {type(target).__name__}",
            fix=f"{name}: {SETTING_HELP.get(name, '')}",
        ) from exc


def config_file() -> Path:
    env = os.environ.get("PARALLAX_CONFIG")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> Settings:
    """Build the settings from every layer; ``None`` overrides are ignored."""
    env = os.environ if environ is None else environ
    settings = Settings(db=default_db_path())
    names = {f.name for f in fields(Settings)}
    layers: list[dict[str, Any]] = []
    file = path or config_file()
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {file} is not valid TOML: {exc}") from exc
        unknown = set(data) - names
        if unknown:
            raise ConfigError(
                f"config file {file} has unknown settings {sorted(unknown)}",
                fix=f"known settings: {', '.join(sorted(names))}",
            )
        layers.append(data)
    layers.append(
        {n: env[f"PARALLAX_{n.upper()}"] for n in names if f"PARALLAX_{n.upper()}" in env}
    )
    layers.append({k: v for k, v in (overrides or {}).items() if v is not None})
    for layer in layers:
        for name, raw in layer.items():
            if name not in names:
                raise ConfigError(f"unknown setting {name!r}")
            settings = replace(settings, **{name: _coerce(name, raw, getattr(settings, name))})
    if settings.max_bytes <= 0:
        raise ConfigError("max_bytes must be positive")
    return settings
